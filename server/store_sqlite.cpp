// [SECTION] Index
// - connection helpers (RAII statement, exec)
// - migrations: schema versioned with PRAGMA user_version
// - sqlite_store: replay, append queue, writer thread with group commit

#include "store_sqlite.hpp"

#include <sqlite3.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
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
    explicit sqlite_store(std::string path) : path_(std::move(path)) {
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
            migrate(db_, path_);
            insert_ = std::make_unique<statement>(
                db_, "INSERT INTO events (session_id, json) VALUES (?1, ?2)");
        } catch (...) {
            insert_.reset();
            sqlite3_close(db_);
            throw;
        }
    }

    ~sqlite_store() override {
        close();
        insert_.reset();
        sqlite3_close(db_);
    }

    void replay(const std::function<void(const std::string&, std::string_view)>& fn) override {
        statement st(db_, "SELECT session_id, json FROM events ORDER BY id");
        std::string session;
        for (;;) {
            const int rc = sqlite3_step(st.get());
            if (rc == SQLITE_DONE)
                break;
            if (rc != SQLITE_ROW)
                fail(db_, "sqlite: reading events");
            const auto* sid = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 0));
            const int sid_len = sqlite3_column_bytes(st.get(), 0);
            const auto* json = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 1));
            const int json_len = sqlite3_column_bytes(st.get(), 1);
            session.assign(sid ? sid : "", static_cast<std::size_t>(sid_len));
            fn(session, std::string_view(json ? json : "", static_cast<std::size_t>(json_len)));
        }
    }

    void append(batch b) override {
        {
            std::lock_guard lock(mutex_);
            if (!closing_) {
                queue_.push_back(std::move(b));
                if (!writer_.joinable())
                    writer_ = std::thread([this] { write_loop(); });
                wake_.notify_one();
                return;
            }
        }
        // Closed: nothing will be written; say so at once.
        if (b.done)
            b.done(false);
    }

    std::vector<completion> discard_queued(const std::string& session_id) override {
        std::vector<completion> out;
        std::lock_guard lock(mutex_);
        for (auto it = queue_.begin(); it != queue_.end();) {
            if (it->session_id == session_id) {
                out.push_back(std::move(it->done));
                it = queue_.erase(it);
            } else {
                ++it;
            }
        }
        return out;
    }

    void close() override {
        std::thread writer;
        {
            std::lock_guard lock(mutex_);
            if (closing_ && !writer_.joinable())
                return;
            closing_ = true;
            writer = std::move(writer_);
            wake_.notify_one();
        }
        // The writer drains the queue before it exits (see write_loop).
        if (writer.joinable())
            writer.join();
        // Fold the WAL back into the main file, so the data file is complete on its own.
        sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    }

    std::string describe() const override { return path_; }

private:
    void write_loop() {
        std::deque<batch> work;
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
                if (queue_.empty())
                    return; // closing and drained
                work.swap(queue_);
            }
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
        if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
            return false;
        sqlite3_stmt* st = insert_->get();
        for (const auto& b : work) {
            for (const auto& json : b.events) {
                sqlite3_bind_text(st, 1, b.session_id.data(), static_cast<int>(b.session_id.size()),
                                  SQLITE_STATIC);
                sqlite3_bind_text(st, 2, json.data(), static_cast<int>(json.size()), SQLITE_STATIC);
                const int rc = sqlite3_step(st);
                sqlite3_reset(st);
                sqlite3_clear_bindings(st);
                if (rc != SQLITE_DONE) {
                    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
                    return false;
                }
            }
        }
        if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
            // A failed COMMIT may leave the transaction open; make sure nothing stays.
            if (!sqlite3_get_autocommit(db_))
                sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            return false;
        }
        return true;
    }

    std::string path_;
    sqlite3* db_ = nullptr;
    std::unique_ptr<statement> insert_;

    // Guards queue_, closing_ and writer_.
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<batch> queue_;
    bool closing_ = false;
    std::thread writer_; // started by the first append, after replay is done
};

} // namespace

std::unique_ptr<store> open_sqlite_store(const std::string& path) {
    return std::make_unique<sqlite_store>(path);
}

int sqlite_schema_version() {
    return latest_version;
}

} // namespace kring::server
