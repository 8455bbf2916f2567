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

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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
        /** Give the session's lease up after this batch (shared stores). */
        bool release = false;
        /** Photos stored with the events, in the same transaction: (photo id, JPEG bytes). */
        std::vector<std::pair<std::string, std::string>> photos{};
        /** Photos of this session deleted for good in the same transaction (their ids). */
        std::vector<std::string> photos_gone{};
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
     * What replay hands over for each event: `session` numbers the sessions 0, 1, 2, … in
     * the order of their first event in this replay (so a caller can keep per-session state
     * in a vector, without a lookup by id per event), `session_id` is that session's id.
     */
    using replay_fn = std::function<void(std::size_t session, const std::string& session_id,
                                         std::string_view json)>;

    /**
     * Calls `fn` for every stored event in the order it was appended. Only before the first
     * append (at start-up), from one thread.
     */
    virtual void replay(const replay_fn& fn) = 0;

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
     * The bytes of one stored photo of the session, or nullopt when there is none (deleted,
     * never stored, or another session's). Any thread, after replay; it may wait for a
     * commit in progress. Throws std::runtime_error when the store cannot answer.
     */
    virtual std::optional<std::string> read_photo(const std::string& session_id,
                                                  const std::string& photo_id) {
        (void)session_id;
        (void)photo_id;
        return std::nullopt;
    }

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

    //--------------------------------------------------------------------------------
    // Several servers on one store (PostgreSQL, docs/hosting.md): each session is owned by
    // one server at a time through a lease, and loaded when a client first asks for it.
    // The embedded store is not shared: these keep their defaults there.

    /** Whether several servers may share this store. */
    virtual bool shared() const { return false; }

    /** Reserves a new session's join code; false when another session has it (shared). */
    virtual bool reserve_code(const std::string& code, const std::string& session_id) {
        (void)code;
        (void)session_id;
        return true;
    }

    /** The session a join code belongs to, or "" (shared stores). */
    virtual std::string session_of_code(const std::string& code) {
        (void)code;
        return {};
    }

    /** Calls `fn(json)` for each of one session's events, in append order (shared stores). */
    virtual void replay_session(const std::string& session_id,
                                const std::function<void(std::string_view json)>& fn) {
        (void)session_id;
        (void)fn;
    }

    /**
     * Takes the session's lease for this server. False when another server holds a live
     * lease; that server is asked to let the session go, and the client should come back
     * shortly. Once held, every write of the session is fenced by the lease's epoch: after
     * the lease went to another server, none of this server's batches of it is written.
     */
    virtual bool acquire(const std::string& session_id) {
        (void)session_id;
        return true;
    }

    /** Gives the session's lease up, after the batches queued before. */
    virtual void release(const std::string& session_id) { (void)session_id; }

    /**
     * Set once, before the first acquire: called (on a store thread) when a session must go
     * from this server: its lease was lost, a write of it was fenced, or another server
     * asked for it. The server then lets the session's clients reconnect and calls release.
     */
    virtual void on_let_go(std::function<void(const std::string& session_id)> fn) { (void)fn; }

    //--------------------------------------------------------------------------------
    // Organisations (hosted mode, docs/hosting.md): kept in the shared store and made by the
    // operator (`kring-server org ...`). The embedded store has none: there the server's
    // admin token and this machine are the only admins.

    /** Whether this store keeps organisations and their own templates. */
    virtual bool has_organisations() const { return false; }

    /**
     * The organisation of a key that is not revoked, found by the key's credential_hash; ""
     * when none has it. Throws std::runtime_error when the store cannot answer.
     */
    virtual std::string organisation_of_key(const std::string& key_hash) {
        (void)key_hash;
        return {};
    }

    /** The own templates of `org` ("": the operator's), id -> JSON text. Throws likewise. */
    virtual std::map<std::string, std::string> own_templates(const std::string& org) {
        (void)org;
        return {};
    }

    /** Stores (or replaces) an own template of `org`; false when it could not be stored. */
    virtual bool save_own_template(const std::string& org, const std::string& id,
                                   const std::string& json) {
        (void)org;
        (void)id;
        (void)json;
        return false;
    }

    /** Writes everything queued, calls its completions, and stops the writer. Idempotent. */
    virtual void close() = 0;

    /** Where the data lives, for people (a path or a URL without credentials). */
    virtual std::string describe() const = 0;
};

} // namespace kring::server
