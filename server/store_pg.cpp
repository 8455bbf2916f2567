// [SECTION] Index
// - connection helpers (RAII result, exec, connect)
// - migrations: schema versioned in table kring_schema, one node at a time (advisory lock)
// - pg_store: replay through a cursor, append queue, writer thread with group commit (one
//   implicit transaction per group, sent as one query string), erase, the per-session
//   times kept in memory and in table session_records

#include "store_pg.hpp"
#include "store_queue.hpp"
#include "security.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>

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
    result(result&& o) noexcept : r_(std::exchange(o.r_, nullptr)) {}
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

/** Appends bytes as lower-case hex digits (a bytea literal's body after \\x). */
void append_hex(std::string& sql, std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    const std::size_t at = sql.size();
    sql.resize(at + bytes.size() * 2);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        sql[at + 2 * i] = digits[b >> 4];
        sql[at + 2 * i + 1] = digits[b & 15];
    }
}

/** The bytes of lower-case hex digits (encode(…, 'hex')). */
std::string from_hex(std::string_view hex) {
    auto value = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    std::string out(hex.size() / 2, '\0');
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<char>((value(hex[2 * i]) << 4) | value(hex[2 * i + 1]));
    return out;
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
    // 2 -> 3: several servers on one database. Join codes are unique across all of them; a
    // session is owned by one server at a time (its lease: owner, epoch, expiry by the
    // database's clock), and kring_fence stops a write of a server whose lease is gone.
    "CREATE TABLE session_codes ("
    "  code TEXT PRIMARY KEY,"
    "  session_id TEXT NOT NULL);"
    "CREATE INDEX session_codes_by_session ON session_codes (session_id);"
    "INSERT INTO session_codes (code, session_id)"
    "  SELECT DISTINCT ON (json::jsonb->>'join_code') json::jsonb->>'join_code', session_id"
    "  FROM events WHERE json::jsonb->>'type' = 'session_created' ORDER BY"
    "  json::jsonb->>'join_code', id DESC;"
    "CREATE TABLE session_leases ("
    "  session_id TEXT PRIMARY KEY,"
    "  owner TEXT NOT NULL,"
    "  epoch BIGINT NOT NULL,"
    "  expires_at TIMESTAMPTZ NOT NULL);"
    "CREATE FUNCTION kring_fence(sid TEXT, node TEXT, ep BIGINT) RETURNS void"
    "  LANGUAGE plpgsql AS $$ BEGIN"
    "  PERFORM 1 FROM session_leases WHERE session_id = sid AND owner = node AND epoch = ep;"
    "  IF NOT FOUND THEN RAISE EXCEPTION 'kring_fenced %', sid USING ERRCODE = 'KR001'; END IF;"
    "  END $$;",
    // 3 -> 4: organisations (one Huis van het Kind each) with their keys, only the hashes of
    // which are kept, and the own templates of each organisation (of the operator: org '').
    "CREATE TABLE organisations ("
    "  id TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  created_at BIGINT NOT NULL);"
    "CREATE TABLE organisation_keys ("
    "  id TEXT PRIMARY KEY,"
    "  org_id TEXT NOT NULL REFERENCES organisations (id),"
    "  key_hash TEXT NOT NULL UNIQUE,"
    "  created_at BIGINT NOT NULL,"
    "  revoked_at BIGINT);"
    "CREATE TABLE own_templates ("
    "  org_id TEXT NOT NULL,"
    "  template_id TEXT NOT NULL,"
    "  json TEXT NOT NULL,"
    "  saved_at BIGINT NOT NULL,"
    "  PRIMARY KEY (org_id, template_id));",
    // 4 -> 5: the photos of photo steps (docs/protocol.md, section 7), re-encoded JPEGs.
    "CREATE TABLE photos ("
    "  id TEXT PRIMARY KEY,"
    "  session_id TEXT NOT NULL,"
    "  bytes BYTEA NOT NULL);"
    "CREATE INDEX photos_by_session ON photos (session_id);",
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

/** Parameters of one query, kept as strings (libpq's text format). */
result exec_params(PGconn* c, const char* sql, std::initializer_list<std::string> params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params)
        values.push_back(p.c_str());
    return result(PQexecParams(c, sql, static_cast<int>(values.size()), nullptr, values.data(),
                               nullptr, nullptr, 0));
}

/** A name for this server among the others on the same database (host, process, random). */
std::string new_node_name() {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    std::random_device rd;
    char tail[16];
    std::snprintf(tail, sizeof tail, "%08x", rd());
    return std::string(host) + ":" + std::to_string(::getpid()) + ":" + tail;
}

/**
 * Represents the PostgreSQL event store. One writer thread owns all writes; appends from any
 * thread go into a queue, and the writer sends everything queued as ONE query string, which
 * PostgreSQL runs as one transaction (group commit): all of it is durable when the reply
 * comes (synchronous_commit as the server is configured, on by default), or none of it.
 * While it waits, new batches pile up for the next one. A connection that broke (PostgreSQL
 * restarted) is reopened before the next write; the groups written meanwhile fail, and their
 * rooms answer store_unavailable.
 *
 * Shared by several servers: a second connection answers the requests for one session
 * (codes, its events, taking its lease), and a keeper thread on a third one renews this
 * server's leases and listens for other servers asking for a session (LISTEN kring_let_go).
 * Every group's query first checks the lease of each session it writes (kring_fence); a
 * fenced session's batches fail and the rest of the group is sent again without them.
 */
class pg_store final : public store {
public:
    pg_store(const std::string& url, store_clock clock)
        : url_(url), conn_(connect(url)), control_(connect(url)), clock_(std::move(clock)),
          node_(new_node_name()) {
        where_ = describe_connection(conn_.get());
        migrate(conn_.get(), latest_version, where_);
        load_records();
        keeper_ = std::thread([this] { keep_leases(); });
    }

    ~pg_store() override { close(); }

    void replay(const replay_fn& fn) override {
        // A cursor hands the log over in chunks: memory for one chunk, not the whole table.
        PGconn* c = conn_.get();
        exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        try {
            exec(c, "DECLARE replay NO SCROLL CURSOR FOR "
                    "SELECT session_id, json FROM events ORDER BY id");
            std::map<std::string, std::size_t, std::less<>> numbers; // session id -> number
            for (;;) {
                result r(PQexec(c, "FETCH 4096 FROM replay"));
                if (!r.ok())
                    throw std::runtime_error("postgresql: reading events: " + message_of(c, &r));
                const int n = PQntuples(r.get());
                for (int i = 0; i < n; ++i) {
                    const std::string_view id(PQgetvalue(r.get(), i, 0),
                                              static_cast<std::size_t>(PQgetlength(r.get(), i, 0)));
                    auto it = numbers.find(id);
                    if (it == numbers.end())
                        it = numbers.emplace(std::string(id), numbers.size()).first;
                    fn(it->second, it->first,
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

    void append(batch b) override { queue_.push(std::move(b)); }

    void erase(const std::string& session_id, completion done) override {
        batch b;
        b.session_id = session_id;
        b.done = std::move(done);
        b.erase = true;
        append(std::move(b));
    }

    std::vector<session_record> sessions() const override {
        // Shared: the other servers write sessions too, so the database says which there are.
        {
            std::lock_guard lock(control_mutex_);
            result r = control("SELECT session_id, last_at, events FROM session_records", {});
            if (r.ok()) {
                std::vector<session_record> out;
                for (int i = 0; i < PQntuples(r.get()); ++i)
                    out.push_back({.id = PQgetvalue(r.get(), i, 0),
                                   .last_at = std::stoll(PQgetvalue(r.get(), i, 1)),
                                   .events = std::stoull(PQgetvalue(r.get(), i, 2))});
                return out;
            }
        }
        // PostgreSQL away: what this server knows.
        return records_.all();
    }

    std::vector<completion> discard_queued(const std::string& session_id) override {
        return queue_.discard(session_id);
    }

    //--------------------------------------------------------------------------------
    // Several servers

    bool shared() const override { return true; }

    bool reserve_code(const std::string& code, const std::string& session_id) override {
        std::lock_guard lock(control_mutex_);
        result r = control("INSERT INTO session_codes (code, session_id) VALUES ($1, $2) "
                           "ON CONFLICT DO NOTHING",
                           {code, session_id});
        if (!r.ok())
            throw std::runtime_error("postgresql: reserving a join code: " +
                                     message_of(control_.get(), &r));
        return std::string_view(PQcmdTuples(r.get())) == "1";
    }

    std::optional<std::string> read_photo(const std::string& session_id,
                                          const std::string& photo_id) override {
        std::lock_guard lock(control_mutex_);
        result r = control("SELECT encode(bytes, 'hex') FROM photos WHERE id = $1 AND "
                           "session_id = $2",
                           {photo_id, session_id});
        if (!r.ok())
            throw std::runtime_error("postgresql: reading a photo: " +
                                     message_of(control_.get(), &r));
        if (PQntuples(r.get()) == 0)
            return std::nullopt;
        return from_hex(std::string_view(PQgetvalue(r.get(), 0, 0),
                                         static_cast<std::size_t>(PQgetlength(r.get(), 0, 0))));
    }

    std::string session_of_code(const std::string& code) override {
        std::lock_guard lock(control_mutex_);
        result r = control("SELECT session_id FROM session_codes WHERE code = $1", {code});
        if (!r.ok())
            throw std::runtime_error("postgresql: finding a join code: " +
                                     message_of(control_.get(), &r));
        return PQntuples(r.get()) > 0 ? PQgetvalue(r.get(), 0, 0) : "";
    }

    void replay_session(const std::string& session_id,
                        const std::function<void(std::string_view)>& fn) override {
        std::lock_guard lock(control_mutex_);
        result r =
            control("SELECT json FROM events WHERE session_id = $1 ORDER BY id", {session_id});
        if (!r.ok())
            throw std::runtime_error("postgresql: reading session " + session_id + ": " +
                                     message_of(control_.get(), &r));
        for (int i = 0; i < PQntuples(r.get()); ++i)
            fn(std::string_view(PQgetvalue(r.get(), i, 0),
                                static_cast<std::size_t>(PQgetlength(r.get(), i, 0))));
    }

    bool acquire(const std::string& session_id) override {
        std::lock_guard lock(control_mutex_);
        // A free, expired or own lease becomes ours with the next epoch; a live lease of
        // another server stays, and that server is asked to let the session go.
        result r =
            control("INSERT INTO session_leases (session_id, owner, epoch, expires_at) "
                    "VALUES ($1, $2, 1, clock_timestamp() + $3::bigint * interval '1 millisecond') "
                    "ON CONFLICT (session_id) DO UPDATE SET owner = EXCLUDED.owner, "
                    "  epoch = session_leases.epoch + 1, expires_at = EXCLUDED.expires_at "
                    "WHERE session_leases.expires_at < clock_timestamp() "
                    "   OR session_leases.owner = EXCLUDED.owner "
                    "RETURNING epoch",
                    {session_id, node_, std::to_string(pg_lease_ms)});
        if (!r.ok())
            throw std::runtime_error("postgresql: taking session " + session_id + ": " +
                                     message_of(control_.get(), &r));
        if (PQntuples(r.get()) == 1) {
            std::lock_guard leases(leases_mutex_);
            epochs_[session_id] = std::stoull(PQgetvalue(r.get(), 0, 0));
            return true;
        }
        result ask = control("SELECT pg_notify('kring_let_go', $1)", {session_id});
        (void)ask;
        return false;
    }

    void release(const std::string& session_id) override {
        batch b;
        b.session_id = session_id;
        b.release = true;
        append(std::move(b));
    }

    void on_let_go(std::function<void(const std::string&)> fn) override {
        std::lock_guard lock(leases_mutex_);
        let_go_ = std::move(fn);
    }

    void close() override {
        queue_.close(); // the writer drains the queue first
        stop_keeper_ = true;
        if (keeper_.joinable())
            keeper_.join();
        // Drained: this server's sessions are free for the others at once (a clean stop
        // hands them over without waiting for the leases to expire).
        std::lock_guard lock(control_mutex_);
        if (PQstatus(control_.get()) == CONNECTION_OK)
            control("DELETE FROM session_leases WHERE owner = $1", {node_});
    }

    std::string describe() const override { return where_; }

    //--------------------------------------------------------------------------------
    // Organisations: read on the control connection at each request that needs them (they
    // are rare: the library, creating a session, templates), so a revoked key is refused
    // from the next request on, on every server.

    bool has_organisations() const override { return true; }

    std::string organisation_of_key(const std::string& key_hash) override {
        std::lock_guard lock(control_mutex_);
        result r = control("SELECT org_id FROM organisation_keys "
                           "WHERE key_hash = $1 AND revoked_at IS NULL",
                           {key_hash});
        if (!r.ok())
            throw std::runtime_error("postgresql: checking a key: " +
                                     message_of(control_.get(), &r));
        return PQntuples(r.get()) > 0 ? PQgetvalue(r.get(), 0, 0) : "";
    }

    std::map<std::string, std::string> own_templates(const std::string& org) override {
        std::lock_guard lock(control_mutex_);
        result r = control("SELECT template_id, json FROM own_templates WHERE org_id = $1", {org});
        if (!r.ok())
            throw std::runtime_error("postgresql: reading templates: " +
                                     message_of(control_.get(), &r));
        std::map<std::string, std::string> out;
        for (int i = 0; i < PQntuples(r.get()); ++i)
            out[PQgetvalue(r.get(), i, 0)] = PQgetvalue(r.get(), i, 1);
        return out;
    }

    bool save_own_template(const std::string& org, const std::string& id,
                           const std::string& json) override {
        std::lock_guard lock(control_mutex_);
        result r = control("INSERT INTO own_templates (org_id, template_id, json, saved_at) "
                           "VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, template_id) "
                           "DO UPDATE SET json = EXCLUDED.json, saved_at = EXCLUDED.saved_at",
                           {org, id, json, std::to_string(clock_())});
        return r.ok();
    }

private:
    /** A query on the control connection (its mutex held), reconnecting once if it broke. */
    result control(const char* sql, std::initializer_list<std::string> params) const {
        if (PQstatus(control_.get()) != CONNECTION_OK)
            PQreset(control_.get());
        result r = exec_params(control_.get(), sql, params);
        if (!r.ok() && PQstatus(control_.get()) != CONNECTION_OK) {
            PQreset(control_.get());
            return exec_params(control_.get(), sql, params);
        }
        return r;
    }

    /** Tells the server to let these sessions go (outside every lock of ours). */
    void let_go(const std::vector<std::string>& ids) {
        std::function<void(const std::string&)> fn;
        {
            std::lock_guard lock(leases_mutex_);
            for (const auto& id : ids)
                epochs_.erase(id);
            fn = let_go_;
        }
        if (fn)
            for (const auto& id : ids)
                fn(id);
    }

    /** The keeper thread: renews the leases, hears other servers ask for a session. */
    void keep_leases() {
        connection keeper(nullptr, &PQfinish);
        auto last_renew = std::chrono::steady_clock::now() - std::chrono::hours(1);
        for (;;) {
            if (stop_keeper_)
                return;
            if (!keeper || PQstatus(keeper.get()) != CONNECTION_OK) {
                try {
                    keeper = connect(url_);
                    exec(keeper.get(), "LISTEN kring_let_go");
                } catch (const std::exception&) {
                    keeper.reset();
                    std::this_thread::sleep_for(std::chrono::milliseconds(250));
                    continue;
                }
            }
            const auto now = std::chrono::steady_clock::now();
            if (now - last_renew >= std::chrono::milliseconds(pg_renew_ms)) {
                last_renew = now;
                renew(keeper.get());
            }
            // Wait for a notification at most a quarter second, so a close is seen soon.
            pollfd p{PQsocket(keeper.get()), POLLIN, 0};
            ::poll(&p, 1, 250);
            if (!PQconsumeInput(keeper.get()))
                continue; // broken: reconnect above
            std::vector<std::string> asked;
            while (PGnotify* n = PQnotifies(keeper.get())) {
                {
                    std::lock_guard lock(leases_mutex_);
                    if (epochs_.count(n->extra))
                        asked.emplace_back(n->extra);
                }
                PQfreemem(n);
            }
            if (!asked.empty())
                let_go(asked);
        }
    }

    /** One renewal of every lease this server holds; those it no longer holds are let go. */
    void renew(PGconn* c) {
        std::map<std::string, std::uint64_t> held;
        {
            std::lock_guard lock(leases_mutex_);
            held = epochs_;
        }
        if (held.empty())
            return;
        result r = exec_params(c,
                               "UPDATE session_leases SET expires_at = clock_timestamp() + "
                               "$2::bigint * interval '1 millisecond' WHERE owner = $1 "
                               "RETURNING session_id, epoch",
                               {node_, std::to_string(pg_lease_ms)});
        if (!r.ok())
            return; // PostgreSQL away: nobody else can take a lease either; fencing guards
        std::map<std::string, std::uint64_t> renewed;
        for (int i = 0; i < PQntuples(r.get()); ++i)
            renewed[PQgetvalue(r.get(), i, 0)] = std::stoull(PQgetvalue(r.get(), i, 1));
        std::vector<std::string> lost;
        for (const auto& [id, epoch] : held) {
            auto it = renewed.find(id);
            if (it == renewed.end() || it->second != epoch)
                lost.push_back(id);
        }
        if (!lost.empty())
            let_go(lost);
    }

    void write_loop() {
        std::deque<batch> work;
        while (queue_.take(work)) {
            // The sessions whose batches are left out (write() adds those without a lease).
            std::set<std::string> skip;
            // A fenced session is left out and the rest sent again (a handful of tries:
            // each one leaves out one more session).
            std::vector<std::string> fenced;
            bool ok = false;
            for (int attempt = 0; attempt < 8; ++attempt) {
                std::string fenced_now;
                ok = write(work, skip, fenced_now);
                if (ok || fenced_now.empty())
                    break;
                skip.insert(fenced_now);
                fenced.push_back(fenced_now);
            }
            if (!fenced.empty())
                let_go(fenced);
            for (auto& b : work)
                if (b.done)
                    b.done(ok && !skip.count(b.session_id));
            work.clear();
        }
    }

    /**
     * One transaction for the whole group (but the sessions in `skip`), in one round trip.
     * When a session's lease fence stopped it, `fenced` names that session.
     */
    bool write(const std::deque<batch>& work, std::set<std::string>& skip, std::string& fenced) {
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
        // First the fences: every session written holds its lease (by its epoch). A session
        // this server holds no lease of writes nothing (a room let go, whose timer still
        // fired, or one let go by the keeper since its batch was queued): decided here, under
        // the same lock as its fence, so that no batch goes out without either. A deletion
        // (the library's, from any server) and a release need no lease.
        {
            std::set<std::string> seen;
            std::lock_guard lock(leases_mutex_);
            for (const auto& b : work) {
                if (skip.count(b.session_id))
                    continue;
                auto it = epochs_.find(b.session_id);
                if (it == epochs_.end()) {
                    if (!b.erase && !b.release)
                        skip.insert(b.session_id);
                    continue;
                }
                if (!seen.insert(b.session_id).second)
                    continue;
                sql_ += "SELECT kring_fence(";
                append_literal(c, sql_, b.session_id, scratch_, valid);
                sql_ += ",";
                append_literal(c, sql_, node_, scratch_, valid);
                sql_ += "," + std::to_string(it->second) + ");\n";
            }
        }
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
            if (skip.count(b.session_id))
                continue;
            if (b.erase) {
                end_run();
                std::string sid;
                append_literal(c, sid, b.session_id, scratch_, valid);
                sql_ += "DELETE FROM events WHERE session_id = " + sid +
                        ";\nDELETE FROM photos WHERE session_id = " + sid +
                        ";\nDELETE FROM session_records WHERE session_id = " + sid +
                        ";\nDELETE FROM session_codes WHERE session_id = " + sid +
                        ";\nDELETE FROM session_leases WHERE session_id = " + sid + ";\n";
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
            if (!b.photos.empty() || !b.photos_gone.empty()) {
                end_run();
                std::string sid;
                append_literal(c, sid, b.session_id, scratch_, valid);
                for (const auto& id : b.photos_gone) {
                    sql_ += "DELETE FROM photos WHERE session_id = " + sid + " AND id = ";
                    append_literal(c, sql_, id, scratch_, valid);
                    sql_ += ";\n";
                }
                for (const auto& [id, bytes] : b.photos) {
                    sql_ += "INSERT INTO photos (id, session_id, bytes) VALUES (";
                    append_literal(c, sql_, id, scratch_, valid);
                    sql_ += "," + sid + ",'\\x";
                    append_hex(sql_, bytes);
                    sql_ += "'::bytea);\n";
                }
            }
            if (b.release) {
                end_run();
                std::string sid, node;
                append_literal(c, sid, b.session_id, scratch_, valid);
                append_literal(c, node, node_, scratch_, valid);
                sql_ += "DELETE FROM session_leases WHERE session_id = " + sid +
                        " AND owner = " + node + ";\n";
            }
        }
        end_run();
        if (!valid)
            return false; // a text libpq cannot escape (not UTF-8): nothing is written
        if (sql_.empty())
            return true;
        // Several statements in one query run as one implicit transaction: on an error
        // nothing of it stays, and the reply comes after COMMIT.
        result r(PQexec(c, sql_.c_str()));
        if (r.status() != PGRES_COMMAND_OK && r.status() != PGRES_TUPLES_OK) {
            const char* state = r.get() ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
            const char* msg =
                r.get() ? PQresultErrorField(r.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
            constexpr std::string_view prefix = "kring_fenced ";
            if (state && std::string_view(state) == "KR001" && msg &&
                std::string_view(msg).starts_with(prefix))
                fenced = std::string(msg).substr(prefix.size());
            return false;
        }
        note_written(work, skip, at);
        return true;
    }

    void load_records() {
        result r(PQexec(conn_.get(), "SELECT session_id, last_at, events FROM session_records"));
        if (!r.ok())
            throw std::runtime_error("postgresql: reading sessions: " +
                                     message_of(conn_.get(), &r));
        for (int i = 0; i < PQntuples(r.get()); ++i)
            records_.put({.id = PQgetvalue(r.get(), i, 0),
                          .last_at = std::stoll(PQgetvalue(r.get(), i, 1)),
                          .events = std::stoull(PQgetvalue(r.get(), i, 2))});
    }

    void note_written(const std::deque<batch>& work, const std::set<std::string>& skip,
                      std::int64_t at) {
        {
            std::lock_guard lock(leases_mutex_);
            for (const auto& b : work)
                if (b.release && !skip.count(b.session_id))
                    epochs_.erase(b.session_id);
        }
        records_.note_written(work, at, skip);
    }

    std::string url_;
    connection conn_;                  // the writer's (and replay's, before the writer starts)
    connection control_;               // one session's requests: codes, events, leases
    mutable std::mutex control_mutex_; // guards control_
    store_clock clock_;
    std::string node_;
    std::string where_;
    std::string sql_;     // the writer's query text, reused
    std::string scratch_; // the writer's escaping buffer, reused

    session_records records_;

    std::mutex leases_mutex_;                     // guards epochs_ and let_go_
    std::map<std::string, std::uint64_t> epochs_; // sessions leased here -> epoch
    std::function<void(const std::string&)> let_go_;

    batch_queue queue_{[this] { write_loop(); }}; // the writer starts with the first batch
    std::atomic<bool> stop_keeper_{false};
    std::thread keeper_; // renews leases, listens for let-go requests
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

//------------------------------------------------------------------------------
// The operator's commands for organisations (kring-server org ...)

namespace {

std::int64_t operator_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/** "o-" or "k-" and 40 random bits in hex: short enough to type (a repeat is refused by the key).
 */
std::string new_short_id(const char* prefix) {
    return random_id(prefix, 5);
}

/** A connection to `url` with the schema brought to this build's version. */
pg_impl::connection operator_connection(const std::string& url) {
    pg_impl::connection c = pg_impl::connect(url);
    pg_impl::migrate(c.get(), pg_impl::latest_version, pg_impl::describe_connection(c.get()));
    return c;
}

/** Adds a key to organisation `org_id` (which exists); returns it. */
pg_org_key add_key(PGconn* c, const std::string& org_id) {
    pg_org_key k{new_short_id("k-"), "kro_" + random_token(24)};
    pg_impl::result r = pg_impl::exec_params(
        c, "INSERT INTO organisation_keys (id, org_id, key_hash, created_at) VALUES ($1,$2,$3,$4)",
        {k.id, org_id, credential_hash(k.key), std::to_string(operator_now_ms())});
    if (!r.ok())
        throw std::runtime_error("postgresql: adding a key: " + pg_impl::message_of(c, &r));
    return k;
}

} // namespace

pg_new_org pg_org_add(const std::string& url, const std::string& name) {
    pg_impl::connection c = operator_connection(url);
    pg_new_org out;
    out.id = new_short_id("o-");
    pg_impl::exec(c.get(), "BEGIN");
    try {
        pg_impl::result r = pg_impl::exec_params(
            c.get(),
            "INSERT INTO organisations (id, name, created_at) VALUES ($1,$2,$3) "
            "ON CONFLICT (name) DO NOTHING",
            {out.id, name, std::to_string(operator_now_ms())});
        if (!r.ok())
            throw std::runtime_error("postgresql: adding an organisation: " +
                                     pg_impl::message_of(c.get(), &r));
        if (std::string_view(PQcmdTuples(r.get())) != "1")
            throw std::invalid_argument("an organisation named \"" + name +
                                        "\" exists already (kring-server org list)");
        out.key = add_key(c.get(), out.id);
        pg_impl::exec(c.get(), "COMMIT");
    } catch (...) {
        PQclear(PQexec(c.get(), "ROLLBACK"));
        throw;
    }
    return out;
}

pg_org_key pg_org_new_key(const std::string& url, const std::string& org_id) {
    pg_impl::connection c = operator_connection(url);
    pg_impl::result r =
        pg_impl::exec_params(c.get(), "SELECT 1 FROM organisations WHERE id = $1", {org_id});
    if (!r.ok() || PQntuples(r.get()) != 1)
        throw std::invalid_argument("no organisation has the id " + org_id +
                                    " (kring-server org list)");
    return add_key(c.get(), org_id);
}

bool pg_org_revoke(const std::string& url, const std::string& key_id) {
    pg_impl::connection c = operator_connection(url);
    pg_impl::result r = pg_impl::exec_params(
        c.get(),
        "UPDATE organisation_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
        {key_id, std::to_string(operator_now_ms())});
    if (!r.ok())
        throw std::runtime_error("postgresql: revoking a key: " + pg_impl::message_of(c.get(), &r));
    return std::string_view(PQcmdTuples(r.get())) == "1";
}

std::vector<pg_org_usage> pg_org_list(const std::string& url) {
    pg_impl::connection c = operator_connection(url);
    // The sessions of each organisation are those whose session_created event names it.
    pg_impl::result r(PQexec(
        c.get(), "WITH s AS (SELECT session_id, json::jsonb->>'org' AS org FROM events"
                 "           WHERE json::jsonb->>'type' = 'session_created'"
                 "             AND COALESCE((json::jsonb->>'practice')::boolean, false) = false) "
                 "SELECT o.id, o.name, o.created_at,"
                 " (SELECT COUNT(*) FROM s WHERE s.org = o.id),"
                 " (SELECT COUNT(*) FROM events e JOIN s ON s.session_id = e.session_id"
                 "   WHERE s.org = o.id AND e.json::jsonb->>'type' = 'participant_joined'),"
                 " (SELECT COALESCE(MAX(r.last_at), 0) FROM session_records r"
                 "   JOIN s ON s.session_id = r.session_id WHERE s.org = o.id),"
                 " (SELECT COALESCE(string_agg(k.id || ' ' || k.created_at || ' ' ||"
                 "   COALESCE(k.revoked_at, 0), ',' ORDER BY k.created_at), '')"
                 "   FROM organisation_keys k WHERE k.org_id = o.id) "
                 "FROM organisations o ORDER BY lower(o.name)"));
    if (!r.ok())
        throw std::runtime_error("postgresql: listing organisations: " +
                                 pg_impl::message_of(c.get(), &r));
    std::vector<pg_org_usage> out;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        pg_org_usage u;
        u.id = PQgetvalue(r.get(), i, 0);
        u.name = PQgetvalue(r.get(), i, 1);
        u.created_at = std::stoll(PQgetvalue(r.get(), i, 2));
        u.sessions = std::stoull(PQgetvalue(r.get(), i, 3));
        u.participants = std::stoull(PQgetvalue(r.get(), i, 4));
        u.last_at = std::stoll(PQgetvalue(r.get(), i, 5));
        std::string keys = PQgetvalue(r.get(), i, 6);
        std::size_t at = 0;
        while (at < keys.size()) {
            const std::size_t comma = std::min(keys.find(',', at), keys.size());
            const std::string one = keys.substr(at, comma - at);
            const auto sp1 = one.find(' ');
            const auto sp2 = one.find(' ', sp1 + 1);
            if (sp1 != std::string::npos && sp2 != std::string::npos)
                u.keys.push_back({one.substr(0, sp1),
                                  std::stoll(one.substr(sp1 + 1, sp2 - sp1 - 1)),
                                  std::stoll(one.substr(sp2 + 1))});
            at = comma + 1;
        }
        out.push_back(std::move(u));
    }
    return out;
}

int pg_migrate(const std::string& url, int version) {
    if (version < 0 || version > pg_impl::latest_version)
        throw std::invalid_argument("no schema version " + std::to_string(version));
    pg_impl::connection c = pg_impl::connect(url);
    return pg_impl::migrate(c.get(), version, pg_impl::describe_connection(c.get()));
}

} // namespace kring::server
