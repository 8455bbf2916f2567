// [SECTION] Index
// - connection helpers (RAII result, exec, connect)
// - migrations: schema versioned in table kring_schema, one node at a time (advisory lock)
// - pg_store: replay through a cursor, append queue, writer thread with group commit (one
//   implicit transaction per group, sent as one query string), erase, the per-session
//   times kept in memory and in table session_records

#include "store_pg.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace kring::server {

// A named namespace: the server's sources compile as unity batches, next to the SQLite
// store's helpers of the same names.
namespace pg_impl {

//------------------------------------------------------------------------------
// Connection helpers

/** Represents one PGresult; cleared when it goes out of scope. */
class result {
public:
    explicit result(PGresult* r) : r_(r) {}
    ~result() { PQclear(r_); }
    result(const result&) = delete;
    result& operator=(const result&) = delete;
    PGresult* get() const { return r_; }
    ExecStatusType status() const { return r_ ? PQresultStatus(r_) : PGRES_FATAL_ERROR; }
    bool ok() const { return status() == PGRES_COMMAND_OK || status() == PGRES_TUPLES_OK; }

private:
    PGresult* r_;
};

/** libpq's message without its trailing newline. */
std::string message_of(PGconn* c, const result* r = nullptr) {
    std::string m = r && r->get() ? PQresultErrorMessage(r->get()) : "";
    if (m.empty())
        m = c ? PQerrorMessage(c) : "out of memory";
    while (!m.empty() && (m.back() == '\n' || m.back() == ' '))
        m.pop_back();
    return m;
}

void exec(PGconn* c, const std::string& sql) {
    result r(PQexec(c, sql.c_str()));
    if (!r.ok())
        throw std::runtime_error("postgresql: " + message_of(c, &r));
}

using connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;

/** Where a connection goes, for people: the URL without its password. */
std::string describe_connection(PGconn* c) {
    const char* host = PQhost(c);
    const char* port = PQport(c);
    return std::string("postgresql://") + PQuser(c) + "@" + (host && *host ? host : "localhost") +
           (port && *port ? std::string(":") + port : "") + "/" + PQdb(c);
}

connection connect(const std::string& url) {
    connection c(PQconnectdb(url.c_str()), &PQfinish);
    if (!c || PQstatus(c.get()) != CONNECTION_OK) {
        // libpq's messages name the host and port, never the password.
        throw std::runtime_error("cannot connect to PostgreSQL: " + message_of(c.get()));
    }
    // Notices ("relation already exists, skipping") are not errors: not on stderr.
    PQsetNoticeProcessor(
        c.get(), [](void*, const char*) {}, nullptr);
    // Texts are UTF-8 whatever the database's default says.
    if (PQsetClientEncoding(c.get(), "UTF8") != 0)
        throw std::runtime_error("postgresql: cannot use UTF-8: " + message_of(c.get()));
    return c;
}

/** `text` as an SQL string literal, quotes included (standard_conforming_strings is on). */
void append_literal(PGconn* c, std::string& sql, std::string_view text, std::string& scratch,
                    bool& valid) {
    scratch.resize(text.size() * 2 + 1);
    int err = 0;
    const std::size_t n = PQescapeStringConn(c, scratch.data(), text.data(), text.size(), &err);
    valid = valid && err == 0;
    sql += '\'';
    sql.append(scratch.data(), n);
    sql += '\'';
}

//------------------------------------------------------------------------------
// Migrations. Entry i brings the schema from version i to i + 1. Never edit an entry that
// has shipped: add a new one, so every existing database can be brought forward.

constexpr const char* migrations[] = {
    // 0 -> 1: the event log. One node writes a session at a time, so the sequence's order
    // is the session's append order.
    "CREATE TABLE events ("
    "  id BIGSERIAL PRIMARY KEY,"
    "  session_id TEXT NOT NULL,"
    "  json TEXT NOT NULL,"
    "  at BIGINT NOT NULL);"
    "CREATE INDEX events_by_session ON events (session_id, id);",
    // 1 -> 2: what the sessions library needs of each session (its newest event's time and
    // its number of events), kept by every write in the same transaction, so a node reads it
    // without scanning the events.
    "CREATE TABLE session_records ("
    "  session_id TEXT PRIMARY KEY,"
    "  last_at BIGINT NOT NULL,"
    "  events BIGINT NOT NULL);"
    "INSERT INTO session_records (session_id, last_at, events)"
    "  SELECT session_id, MAX(at), COUNT(*) FROM events GROUP BY session_id;",
};
constexpr int latest_version = static_cast<int>(std::size(migrations));

/** Brings the schema to `target`; returns the version it had. Nodes migrate one at a time. */
int migrate(PGconn* c, int target, const std::string& where) {
    exec(c, "BEGIN");
    try {
        // Any number below 2^63 will do; it only has to be the same for every node.
        exec(c, "SELECT pg_advisory_xact_lock(4096013)");
        exec(c, "CREATE TABLE IF NOT EXISTS kring_schema (version INTEGER NOT NULL)");
        result r(PQexec(c, "SELECT version FROM kring_schema"));
        if (!r.ok())
            throw std::runtime_error("postgresql: " + message_of(c, &r));
        int have = 0;
        if (PQntuples(r.get()) == 0)
            exec(c, "INSERT INTO kring_schema (version) VALUES (0)");
        else
            have = std::atoi(PQgetvalue(r.get(), 0, 0));
        if (have > latest_version)
            throw std::runtime_error(where + " has schema version " + std::to_string(have) +
                                     ", newer than this kring-server understands (" +
                                     std::to_string(latest_version) +
                                     "); use a newer kring-server");
        for (int v = have; v < target; ++v)
            exec(c, migrations[v]);
        if (target > have)
            exec(c, "UPDATE kring_schema SET version = " + std::to_string(target));
        exec(c, "COMMIT");
        return have;
    } catch (...) {
        PQclear(PQexec(c, "ROLLBACK"));
        throw;
    }
}

//------------------------------------------------------------------------------
// pg_store

/**
 * Represents the PostgreSQL event store. One writer thread owns all writes; appends from any
 * thread go into a queue, and the writer sends everything queued as ONE query string, which
 * PostgreSQL runs as one transaction (group commit): all of it is durable when the reply
 * comes (synchronous_commit as the server is configured, on by default), or none of it.
 * While it waits, new batches pile up for the next one. A connection that broke (PostgreSQL
 * restarted) is reopened before the next write; the groups written meanwhile fail, and their
 * rooms answer store_unavailable.
 */
class pg_store final : public store {
public:
    pg_store(const std::string& url, store_clock clock)
        : conn_(connect(url)), clock_(std::move(clock)) {
        where_ = describe_connection(conn_.get());
        migrate(conn_.get(), latest_version, where_);
        load_records();
    }

    ~pg_store() override { close(); }

    void replay(const std::function<void(const std::string&, std::string_view)>& fn) override {
        // A cursor hands the log over in chunks: memory for one chunk, not the whole table.
        PGconn* c = conn_.get();
        exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        try {
            exec(c, "DECLARE replay NO SCROLL CURSOR FOR "
                    "SELECT session_id, json FROM events ORDER BY id");
            std::string session;
            for (;;) {
                result r(PQexec(c, "FETCH 4096 FROM replay"));
                if (!r.ok())
                    throw std::runtime_error("postgresql: reading events: " + message_of(c, &r));
                const int n = PQntuples(r.get());
                for (int i = 0; i < n; ++i) {
                    session.assign(PQgetvalue(r.get(), i, 0),
                                   static_cast<std::size_t>(PQgetlength(r.get(), i, 0)));
                    fn(session,
                       std::string_view(PQgetvalue(r.get(), i, 1),
                                        static_cast<std::size_t>(PQgetlength(r.get(), i, 1))));
                }
                if (n == 0)
                    break;
            }
            exec(c, "COMMIT");
        } catch (...) {
            PQclear(PQexec(c, "ROLLBACK"));
            throw;
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
        if (b.done)
            b.done(false);
    }

    void erase(const std::string& session_id, completion done) override {
        batch b;
        b.session_id = session_id;
        b.done = std::move(done);
        b.erase = true;
        append(std::move(b));
    }

    std::vector<session_record> sessions() const override {
        std::lock_guard lock(records_mutex_);
        std::vector<session_record> out;
        out.reserve(records_.size());
        for (const auto& [id, r] : records_)
            out.push_back(r);
        return out;
    }

    std::vector<completion> discard_queued(const std::string& session_id) override {
        std::vector<completion> out;
        std::lock_guard lock(mutex_);
        for (auto it = queue_.begin(); it != queue_.end();) {
            if (it->session_id == session_id && !it->erase) {
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
        if (writer.joinable())
            writer.join();
    }

    std::string describe() const override { return where_; }

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
            for (auto& b : work)
                if (b.done)
                    b.done(ok);
            work.clear();
        }
    }

    /** One transaction for the whole group, in one round trip. */
    bool write(const std::deque<batch>& work) {
        PGconn* c = conn_.get();
        if (PQstatus(c) != CONNECTION_OK) {
            // PostgreSQL went away (restart, network): try once per group to come back.
            PQreset(c);
            if (PQstatus(c) != CONNECTION_OK)
                return false;
        }
        const std::int64_t at = clock_();
        const std::string at_text = std::to_string(at);
        sql_.clear();
        bool valid = true;
        // Consecutive batches share one INSERT; a deletion ends the run before it, so every
        // statement applies in append order.
        std::map<std::string, std::uint64_t> counts; // this run's events per session
        bool in_insert = false;
        auto end_run = [&] {
            if (in_insert)
                sql_ += ";\n";
            in_insert = false;
            if (counts.empty())
                return;
            sql_ += "INSERT INTO session_records (session_id, last_at, events) VALUES ";
            bool first = true;
            for (const auto& [sid, n] : counts) {
                sql_ += first ? "(" : ",(";
                first = false;
                append_literal(c, sql_, sid, scratch_, valid);
                sql_ += "," + at_text + "," + std::to_string(n) + ")";
            }
            sql_ += " ON CONFLICT (session_id) DO UPDATE SET"
                    " last_at = GREATEST(session_records.last_at, EXCLUDED.last_at),"
                    " events = session_records.events + EXCLUDED.events;\n";
            counts.clear();
        };
        for (const auto& b : work) {
            if (b.erase) {
                end_run();
                std::string sid;
                append_literal(c, sid, b.session_id, scratch_, valid);
                sql_ += "DELETE FROM events WHERE session_id = " + sid +
                        ";\nDELETE FROM session_records WHERE session_id = " + sid + ";\n";
            }
            for (const auto& json : b.events) {
                sql_ += in_insert ? ",(" : "INSERT INTO events (session_id, json, at) VALUES (";
                in_insert = true;
                append_literal(c, sql_, b.session_id, scratch_, valid);
                sql_ += ',';
                append_literal(c, sql_, json, scratch_, valid);
                sql_ += "," + at_text + ")";
            }
            if (!b.events.empty())
                counts[b.session_id] += b.events.size();
        }
        end_run();
        if (!valid)
            return false; // a text libpq cannot escape (not UTF-8): nothing is written
        if (sql_.empty())
            return true;
        // Several statements in one query run as one implicit transaction: on an error
        // nothing of it stays, and the reply comes after COMMIT.
        result r(PQexec(c, sql_.c_str()));
        if (r.status() != PGRES_COMMAND_OK)
            return false;
        note_written(work, at);
        return true;
    }

    void load_records() {
        result r(PQexec(conn_.get(), "SELECT session_id, last_at, events FROM session_records"));
        if (!r.ok())
            throw std::runtime_error("postgresql: reading sessions: " +
                                     message_of(conn_.get(), &r));
        std::lock_guard lock(records_mutex_);
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            session_record rec;
            rec.id = PQgetvalue(r.get(), i, 0);
            rec.last_at = std::stoll(PQgetvalue(r.get(), i, 1));
            rec.events = std::stoull(PQgetvalue(r.get(), i, 2));
            records_[rec.id] = std::move(rec);
        }
    }

    void note_written(const std::deque<batch>& work, std::int64_t at) {
        std::lock_guard lock(records_mutex_);
        for (const auto& b : work) {
            if (b.erase)
                records_.erase(b.session_id);
            if (b.events.empty())
                continue;
            session_record& r = records_[b.session_id];
            r.id = b.session_id;
            r.last_at = std::max(r.last_at, at);
            r.events += b.events.size();
        }
    }

    connection conn_;
    store_clock clock_;
    std::string where_;
    std::string sql_;     // the writer's query text, reused
    std::string scratch_; // the writer's escaping buffer, reused

    mutable std::mutex records_mutex_; // guards records_
    std::map<std::string, session_record> records_;

    // Guards queue_, closing_ and writer_.
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<batch> queue_;
    bool closing_ = false;
    std::thread writer_; // started by the first append, after replay is done
};

} // namespace pg_impl

bool is_pg_url(std::string_view data) {
    return data.starts_with("postgresql://") || data.starts_with("postgres://");
}

std::unique_ptr<store> open_pg_store(const std::string& url) {
    return open_pg_store(url, [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    });
}

std::unique_ptr<store> open_pg_store(const std::string& url, store_clock clock) {
    return std::make_unique<pg_impl::pg_store>(url, std::move(clock));
}

int pg_schema_version() {
    return pg_impl::latest_version;
}

int pg_migrate(const std::string& url, int version) {
    if (version < 0 || version > pg_impl::latest_version)
        throw std::invalid_argument("no schema version " + std::to_string(version));
    pg_impl::connection c = pg_impl::connect(url);
    return pg_impl::migrate(c.get(), version, pg_impl::describe_connection(c.get()));
}

} // namespace kring::server
