// A real PostgreSQL cluster for the hosted mode's tests: Debian's PostgreSQL 15 started by
// scripts/pg-local.sh in a temporary folder, on a free loopback port, as an unprivileged user
// when the tests run as root. Each test takes a database of its own (fresh_database).
#pragma once

#include <string>

namespace kring::test {

/** A loopback port free for a server to listen on, outside the range of ephemeral ports. */
int free_listen_port();

class pg_cluster {
public:
    /** Makes the cluster and starts it (a few seconds at most); throws when it cannot. */
    pg_cluster();
    /** Stops it at once and removes its folder. */
    ~pg_cluster();
    pg_cluster(const pg_cluster&) = delete;
    pg_cluster& operator=(const pg_cluster&) = delete;

    int port() const { return port_; }
    /** The libpq URL of database `db` of this cluster (user kring, no password). */
    std::string url(const std::string& db = "kring") const;
    /** A new empty database (a name never used before in this cluster); returns its URL. */
    std::string fresh_database();
    /** Runs SQL on database `db`; the first column of the first row, or "" (throws on error). */
    std::string query(const std::string& db_url, const std::string& sql) const;

    /** Fast shutdown, as an operator's restart does (the data stays). */
    void stop();
    /** Immediate shutdown: a crash of PostgreSQL, recovered at the next start. */
    void kill();
    /** Starts it again on the same port and data. */
    void start();

private:
    std::string script(const std::string& args) const;

    std::string dir_;
    int port_ = 0;
    int databases_ = 0;
    bool running_ = false;
};

} // namespace kring::test
