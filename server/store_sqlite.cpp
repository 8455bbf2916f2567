// [SECTION] Index
// - connection helpers (RAII statement, exec)
// - migrations: schema versioned with PRAGMA user_version
// - sqlite_store: replay, append queue, writer thread with group commit, erase, the
//   per-session times kept in memory

#include "store_sqlite.hpp"
#include "store_queue.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <initializer_list>
#include <map>
#include <mutex>
#include <unordered_map>
#include <stdexcept>
#include <string_view>
#include <thread>

namespace kring::server {

namespace {

//------------------------------------------------------------------------------
// Connection helpers

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
    throw std::runtime_error(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

void exec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
            msg += " (is another kring-server using this data file?)";
        throw std::runtime_error(std::string("sqlite: ") + msg + " (in: " + sql + ")");
    }
}

/** Hashes a session id held as a string or seen as a view (lookups without a copy). */
struct id_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

/** Represents one prepared statement; finalized when it goes out of scope. */
class statement {
public:
    statement(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) !=
            SQLITE_OK)
            fail(db, std::string("sqlite prepare (") + sql + ")");
    }
    ~statement() { sqlite3_finalize(stmt_); }
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;
    sqlite3_stmt* get() const { return stmt_; }

private:
    sqlite3_stmt* stmt_ = nullptr;
};

int user_version(sqlite3* db) {
    statement st(db, "PRAGMA user_version");
    if (sqlite3_step(st.get()) != SQLITE_ROW)
        fail(db, "sqlite: reading user_version");
    return sqlite3_column_int(st.get(), 0);
}

//------------------------------------------------------------------------------
// Migrations. Entry i brings the schema from version i to i + 1. Never edit an entry
// that has shipped: add a new one, so every existing data file can be brought forward.

constexpr const char* migrations[] = {
    // 0 -> 1: the event log. AUTOINCREMENT keeps ids strictly increasing even after the
    // newest rows are deleted, so "ORDER BY id" is always the append order.
    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  session_id TEXT NOT NULL,"
    "  json TEXT NOT NULL);"
    "CREATE INDEX events_by_session ON events(session_id, id);",
    // 1 -> 2: when each event was stored (ms since the epoch), for the sessions library and
    // retention. Events stored before have 0: their session's creation time stands in.
    "ALTER TABLE events ADD COLUMN at INTEGER NOT NULL DEFAULT 0;",
    // 2 -> 3: the photos of photo steps (docs/protocol.md, section 7), re-encoded JPEGs.
    "CREATE TABLE photos ("
    "  id TEXT PRIMARY KEY,"
    "  session_id TEXT NOT NULL,"
    "  bytes BLOB NOT NULL);"
    "CREATE INDEX photos_by_session ON photos(session_id);",
};
constexpr int latest_version = static_cast<int>(std::size(migrations));

void migrate(sqlite3* db, const std::string& path) {
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
        const bool busy = sqlite3_errcode(db) == SQLITE_BUSY;
        throw std::runtime_error(path + ": " + sqlite3_errmsg(db) +
                                 (busy ? " (is another kring-server using this data file?)" : ""));
    }
    try {
        const int have = user_version(db);
        if (have > latest_version) {
            throw std::runtime_error(path + " has schema version " + std::to_string(have) +
                                     ", newer than this kring-server understands (" +
                                     std::to_string(latest_version) +
                                     "); use a newer kring-server");
        }
        for (int v = have; v < latest_version; ++v)
            exec(db, migrations[v]);
        if (have != latest_version)
            exec(db, ("PRAGMA user_version = " + std::to_string(latest_version)).c_str());
        exec(db, "COMMIT");
    } catch (...) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

//------------------------------------------------------------------------------
// sqlite_store

/**
 * Represents the SQLite event store. One writer thread owns all writes; appends from any
 * thread go into a queue, and the writer commits everything queued in ONE transaction
 * (group commit). While it waits for a commit's fsync, new batches pile up and go into the
 * next transaction together, so the cost of fsync is shared without adding a fixed delay
 * when the server is quiet.
 */
class sqlite_store final : public store {
public:
    sqlite_store(std::string path, store_clock clock)
        : path_(std::move(path)), clock_(std::move(clock)) {
        if (sqlite3_open_v2(path_.c_str(), &db_,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                            nullptr) != SQLITE_OK) {
            std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            throw std::runtime_error("cannot open " + path_ + ": " + msg);
        }
        try {
            // One server per data file: two would each fold their own view of the same
            // sessions and interleave events. EXCLUSIVE makes the second one fail to start
            // (and, set before WAL, means no -shm file is needed).
            sqlite3_busy_timeout(db_, 2000);
            exec(db_, "PRAGMA locking_mode = EXCLUSIVE");
            exec(db_, "PRAGMA journal_mode = WAL");
            // FULL: the WAL is fsynced at every COMMIT, so an acknowledged answer survives
            // a power cut, not just a crash of the process.
            exec(db_, "PRAGMA synchronous = FULL");
            // A deleted session is gone for good: its pages are overwritten with zeros
            // instead of lingering in the file's free space.
            exec(db_, "PRAGMA secure_delete = ON");
            migrate(db_, path_);
            // Prepared once: a commit per vote at a calm pace would otherwise parse them
            // every time.
            begin_ = std::make_unique<statement>(db_, "BEGIN IMMEDIATE");
            commit_ = std::make_unique<statement>(db_, "COMMIT");
            insert_ = std::make_unique<statement>(
                db_, "INSERT INTO events (session_id, json, at) VALUES (?1, ?2, ?3)");
            erase_ = std::make_unique<statement>(db_, "DELETE FROM events WHERE session_id = ?1");
            erase_photos_ =
                std::make_unique<statement>(db_, "DELETE FROM photos WHERE session_id = ?1");
            insert_photo_ = std::make_unique<statement>(
                db_, "INSERT INTO photos (id, session_id, bytes) VALUES (?1, ?2, ?3)");
            delete_photo_ = std::make_unique<statement>(
                db_, "DELETE FROM photos WHERE id = ?1 AND session_id = ?2");
            read_photo_ = std::make_unique<statement>(
                db_, "SELECT bytes FROM photos WHERE id = ?1 AND session_id = ?2");
            // The per-session records are read with the replay (one scan of the events, not
            // two), or on first need when there is none (ensure_records).
        } catch (...) {
            finalize();
            sqlite3_close(db_);
            throw;
        }
    }

    ~sqlite_store() override {
        close();
        finalize();
        sqlite3_close(db_);
    }

    void replay(const replay_fn& fn) override {
        // Reading and folding overlap: a reader thread steps through the table and hands
        // rows over in chunks (one buffer each, so no allocation per row) while this thread
        // passes them to `fn` in the same order. The reader also numbers the sessions, so
        // the fold needs no lookup by id. The writer thread is not running yet, so the
        // connection is used by the reader alone until it is joined.
        // The first replay also gathers the sessions' records (last change, events): the
        // same scan, instead of a GROUP BY over every event at start-up.
        bool gather = false;
        std::call_once(records_once_, [&] { gather = true; });
        std::vector<session_record> gathered; // by session number
        struct chunk {
            std::string bytes;                            // the event of every row, back to back
            std::vector<std::array<std::size_t, 3>> rows; // session number, offset, length
            std::vector<std::string> first_seen; // ids of the sessions numbered in this chunk
        };
        constexpr std::size_t rows_per_chunk = 2048;
        constexpr std::size_t max_chunks = 3; // bounds the memory held ahead of the fold
        std::mutex m;
        std::condition_variable cv;
        std::deque<chunk> ready;
        bool finished = false, stop = false;
        std::exception_ptr error;

        std::thread reader([&] {
            try {
                statement st(db_, "SELECT session_id, json, at FROM events ORDER BY id");
                chunk c;
                std::unordered_map<std::string, std::size_t, id_hash, std::equal_to<>> numbers;
                const std::pair<const std::string, std::size_t>* last = nullptr;
                auto hand_over = [&] {
                    std::unique_lock lock(m);
                    cv.wait(lock, [&] { return ready.size() < max_chunks || stop; });
                    if (stop)
                        return false;
                    ready.push_back(std::move(c));
                    c = chunk{};
                    cv.notify_all();
                    return true;
                };
                for (;;) {
                    const int rc = sqlite3_step(st.get());
                    if (rc == SQLITE_DONE)
                        break;
                    if (rc != SQLITE_ROW)
                        fail(db_, "sqlite: reading events");
                    const auto* sid =
                        reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 0));
                    const auto sid_len =
                        static_cast<std::size_t>(sqlite3_column_bytes(st.get(), 0));
                    const auto* json =
                        reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 1));
                    const auto json_len =
                        static_cast<std::size_t>(sqlite3_column_bytes(st.get(), 1));
                    const std::string_view id(sid ? sid : "", sid ? sid_len : 0);
                    if (!last || last->first != id) {
                        auto it = numbers.find(id);
                        if (it == numbers.end()) {
                            it = numbers.emplace(std::string(id), numbers.size()).first;
                            c.first_seen.emplace_back(id);
                            if (gather)
                                gathered.push_back(session_record{.id = std::string(id)});
                        }
                        last = &*it;
                    }
                    const std::size_t session = last->second;
                    if (gather) {
                        session_record& rec = gathered[session];
                        rec.last_at =
                            std::max<std::int64_t>(rec.last_at, sqlite3_column_int64(st.get(), 2));
                        ++rec.events;
                    }
                    c.rows.push_back({session, c.bytes.size(), json_len});
                    c.bytes.append(json ? json : "", json ? json_len : 0);
                    if (c.rows.size() == rows_per_chunk && !hand_over())
                        return;
                }
                if (!c.rows.empty() && !hand_over())
                    return;
            } catch (...) {
                std::lock_guard lock(m);
                error = std::current_exception();
            }
            std::lock_guard lock(m);
            finished = true;
            cv.notify_all();
        });
        // Stops and joins the reader however this function ends (also when `fn` throws).
        struct joiner {
            std::thread& t;
            std::mutex& m;
            std::condition_variable& cv;
            bool& stop;
            ~joiner() {
                {
                    std::lock_guard lock(m);
                    stop = true;
                }
                cv.notify_all();
                t.join();
            }
        } join_reader{reader, m, cv, stop};

        std::vector<std::string> ids; // by session number
        for (;;) {
            chunk c;
            {
                std::unique_lock lock(m);
                cv.wait(lock, [&] { return !ready.empty() || finished; });
                if (ready.empty()) {
                    if (error)
                        std::rethrow_exception(error);
                    // The reader has finished: what it gathered is complete.
                    for (session_record& r : gathered)
                        records_.put(std::move(r));
                    return;
                }
                c = std::move(ready.front());
                ready.pop_front();
                cv.notify_all();
            }
            for (std::string& id : c.first_seen)
                ids.push_back(std::move(id));
            const std::string_view bytes(c.bytes);
            for (const auto& [session, offset, json_len] : c.rows)
                fn(session, ids[session], bytes.substr(offset, json_len));
        }
    }

    void append(batch b) override {
        // Before the first batch starts the writer thread: the connection is free then.
        ensure_records();
        queue_.push(std::move(b));
    }

    std::optional<std::string> read_photo(const std::string& session_id,
                                          const std::string& photo_id) override {
        ensure_records(); // the connection is not read elsewhere while this runs
        std::lock_guard lock(db_mutex_);
        sqlite3_stmt* st = read_photo_->get();
        sqlite3_bind_text(st, 1, photo_id.data(), static_cast<int>(photo_id.size()), SQLITE_STATIC);
        sqlite3_bind_text(st, 2, session_id.data(), static_cast<int>(session_id.size()),
                          SQLITE_STATIC);
        std::optional<std::string> out;
        const int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const auto* bytes = static_cast<const char*>(sqlite3_column_blob(st, 0));
            out.emplace(bytes ? bytes : "", static_cast<std::size_t>(sqlite3_column_bytes(st, 0)));
        }
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            throw std::runtime_error("sqlite: reading a photo");
        return out;
    }

    void erase(const std::string& session_id, completion done) override {
        batch b;
        b.session_id = session_id;
        b.done = std::move(done);
        b.erase = true;
        append(std::move(b));
    }

    std::vector<session_record> sessions() const override {
        ensure_records();
        return records_.all();
    }

    std::vector<completion> discard_queued(const std::string& session_id) override {
        return queue_.discard(session_id);
    }

    void close() override {
        // The writer drains the queue before it exits (see write_loop).
        queue_.close();
        // Fold the WAL back into the main file, so the data file is complete on its own.
        sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    }

    std::string describe() const override { return path_; }

private:
    void write_loop() {
        std::deque<batch> work;
        while (queue_.take(work)) {
            const bool ok = write(work);
            // Completions run in append order, after COMMIT returned, without our lock.
            for (auto& b : work) {
                if (b.done)
                    b.done(ok);
            }
            work.clear();
        }
    }

    /** One transaction for the whole group: all of it is durable, or none of it. */
    bool write(const std::deque<batch>& work) {
        // Photo reads (read_photo, any thread) wait for the transaction: one connection.
        std::lock_guard lock(db_mutex_);
        if (!run(*begin_, {}))
            return false;
        const std::int64_t at = clock_();
        sqlite3_stmt* st = insert_->get();
        for (const auto& b : work) {
            if ((b.erase && !erase_events(b.session_id)) || !write_photos(b)) {
                sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
                return false;
            }
            for (const auto& json : b.events) {
                sqlite3_bind_text(st, 1, b.session_id.data(), static_cast<int>(b.session_id.size()),
                                  SQLITE_STATIC);
                sqlite3_bind_text(st, 2, json.data(), static_cast<int>(json.size()), SQLITE_STATIC);
                sqlite3_bind_int64(st, 3, at);
                // Every parameter is bound again for the next row: no clearing needed.
                const int rc = sqlite3_step(st);
                sqlite3_reset(st);
                if (rc != SQLITE_DONE) {
                    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
                    return false;
                }
            }
        }
        if (!run(*commit_, {})) {
            // A failed COMMIT may leave the transaction open; make sure nothing stays.
            if (!sqlite3_get_autocommit(db_))
                sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            return false;
        }
        records_.note_written(work, at);
        return true;
    }

    /** Runs a statement with text parameters (and one blob last, if given) to its end. */
    static bool run(statement& s, std::initializer_list<std::string_view> texts,
                    const std::string* blob = nullptr) {
        sqlite3_stmt* st = s.get();
        int i = 1;
        for (std::string_view t : texts)
            sqlite3_bind_text(st, i++, t.data(), static_cast<int>(t.size()), SQLITE_STATIC);
        if (blob)
            sqlite3_bind_blob(st, i, blob->data(), static_cast<int>(blob->size()), SQLITE_STATIC);
        const int rc = sqlite3_step(st);
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return rc == SQLITE_DONE;
    }

    bool erase_events(const std::string& session_id) {
        return run(*erase_, {session_id}) && run(*erase_photos_, {session_id});
    }

    /** The batch's photos stored and deleted, inside the open transaction. */
    bool write_photos(const batch& b) {
        for (const auto& id : b.photos_gone)
            if (!run(*delete_photo_, {id, b.session_id}))
                return false;
        for (const auto& [id, bytes] : b.photos)
            if (!run(*insert_photo_, {id, b.session_id}, &bytes))
                return false;
        return true;
    }

    void finalize() {
        for (auto* s : {&begin_, &commit_, &insert_, &erase_, &erase_photos_, &insert_photo_,
                        &delete_photo_, &read_photo_})
            s->reset();
    }

    /**
     * Reads the records once, unless a replay gathered them: before anything is appended
     * (append calls it before the writer thread starts), so the connection is not shared.
     */
    void ensure_records() const {
        std::call_once(records_once_, [this] { load_records(); });
    }

    /** The per-session times and counts of the data file. */
    void load_records() const {
        // NOT INDEXED: one sequential scan groups 1,000,000 events in a third of the time
        // the session index takes (it fetches every row's `at` from the table one by one).
        statement st(db_, "SELECT session_id, MAX(at), COUNT(*) FROM events NOT INDEXED "
                          "GROUP BY session_id");
        for (;;) {
            const int rc = sqlite3_step(st.get());
            if (rc == SQLITE_DONE)
                break;
            if (rc != SQLITE_ROW)
                fail(db_, "sqlite: reading sessions");
            const auto* sid = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 0));
            session_record r;
            r.id = sid ? sid : "";
            r.last_at = sqlite3_column_int64(st.get(), 1);
            r.events = static_cast<std::uint64_t>(sqlite3_column_int64(st.get(), 2));
            records_.put(std::move(r));
        }
    }

    std::string path_;
    sqlite3* db_ = nullptr;
    store_clock clock_;
    std::unique_ptr<statement> begin_;
    std::unique_ptr<statement> commit_;
    std::unique_ptr<statement> insert_;
    std::unique_ptr<statement> erase_;
    std::unique_ptr<statement> erase_photos_;
    std::unique_ptr<statement> insert_photo_;
    std::unique_ptr<statement> delete_photo_;
    std::unique_ptr<statement> read_photo_;
    /** The connection: the writer's transactions and read_photo take turns. */
    std::mutex db_mutex_;

    mutable std::once_flag records_once_;
    mutable session_records records_; // filled once (ensure_records), then by the writer
    batch_queue queue_{[this] { write_loop(); }}; // the writer starts with the first batch
};

} // namespace

std::unique_ptr<store> open_sqlite_store(const std::string& path) {
    return open_sqlite_store(path, [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    });
}

std::unique_ptr<store> open_sqlite_store(const std::string& path, store_clock clock) {
    return std::make_unique<sqlite_store>(path, std::move(clock));
}

int sqlite_schema_version() {
    return latest_version;
}

} // namespace kring::server
