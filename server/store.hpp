// The event store: where every accepted change of every session is kept, in order.
//
// An interface, so rooms and the core do not know where events go: the embedded default is
// SQLite (store_sqlite.hpp), the hosted mode PostgreSQL (store_pg.hpp).
//
// Implemented: ordered replay, batched appends with a durable-completion callback,
//              discarding the queued batches of one session after a failure, the time of
//              every event (for the sessions library and retention), deleting a session.
// Missing:     compaction / snapshots (replay is a full fold).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kring::server {

/** Represents an append-only, ordered log of JSON events, grouped by session id. */
class store {
public:
    /** Called once per batch with true after COMMIT returned, or false when nothing was kept. */
    using completion = std::function<void(bool durable)>;

    /** One batch: all of its events become durable together, or none does. */
    struct batch {
        std::string session_id;
        std::vector<std::string> events; // one JSON text per event
        completion done;
        /** Delete every stored event of the session first (then events, usually none). */
        bool erase = false;
    };

    /** What the store knows of one session without reading its events. */
    struct session_record {
        std::string id;
        /** When its newest event was stored (ms since the epoch); 0 when unknown (older data). */
        std::int64_t last_at = 0;
        std::uint64_t events = 0;
    };

    virtual ~store() = default;

    /**
     * Calls `fn(session_id, json)` for every stored event in the order it was appended.
     * Only before the first append (at start-up), from one thread.
     */
    virtual void
    replay(const std::function<void(const std::string& session_id, std::string_view json)>& fn) = 0;

    /**
     * Queues a batch. Batches are written in the order append() was called and their
     * completions run in that order, on the store's writer thread, after the transaction
     * holding them has committed (or failed). No store lock is held while a completion
     * runs, so it may call append() and discard_queued(). After close(), append() fails the
     * batch at once (its completion runs with false on the calling thread).
     */
    virtual void append(batch b) = 0;

    /**
     * Removes every queued, not yet written batch of this session and returns their
     * completions (not called). A room uses this after a failed write: later batches were
     * decided on top of the failed ones and must not be written either.
     */
    virtual std::vector<completion> discard_queued(const std::string& session_id) = 0;

    /**
     * Every session with at least one stored event, in no particular order. Cheap: kept in
     * memory, not read from disk. Any thread.
     */
    virtual std::vector<session_record> sessions() const { return {}; }

    /**
     * Deletes every stored event of the session for good, in one transaction, after the
     * batches queued before it. `done` runs like a batch's completion.
     */
    virtual void erase(const std::string& session_id, completion done) {
        (void)session_id;
        if (done)
            done(false);
    }

    /** Writes everything queued, calls its completions, and stops the writer. Idempotent. */
    virtual void close() = 0;

    /** Where the data lives, for people (a path or a URL without credentials). */
    virtual std::string describe() const = 0;
};

} // namespace kring::server
