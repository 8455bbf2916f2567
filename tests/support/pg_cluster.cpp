#include "pg_cluster.hpp"

#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace kring::test {

int free_listen_port() {
    // Below the kernel's range of ephemeral ports (32768-60999 on Debian): a port chosen there
    // may be taken by some client's outgoing connection before the server that is given it
    // binds it, or while that server is down for a restart on the same port. A random start
    // per process keeps tests that run at the same time apart.
    static unsigned next = 20000 + static_cast<unsigned>(::getpid() * 7919u) % 12000u;
    for (int tries = 0; tries < 12000; ++tries) {
        const unsigned port = 20000 + (next++ - 20000) % 12000;
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0)
            throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(static_cast<std::uint16_t>(port));
        const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        ::close(fd);
        if (free)
            return static_cast<int>(port);
    }
    throw std::runtime_error("no free port in 20000-31999");
}

pg_cluster::pg_cluster() {
    // Under /tmp: the unprivileged cluster owner must be able to reach the folder.
    std::string buf = "/tmp/kring-pg-XXXXXX";
    if (!::mkdtemp(buf.data()))
        throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
    dir_ = buf;
    port_ = free_listen_port();
    start();
}

pg_cluster::~pg_cluster() {
    try {
        if (running_)
            kill();
    } catch (...) {
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::string pg_cluster::script(const std::string& args) const {
    const std::string cmd =
        std::string("'") + KRING_SOURCE_DIR + "/scripts/pg-local.sh' " + args + " 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> p(::popen(cmd.c_str(), "r"), &::pclose);
    if (!p)
        throw std::runtime_error("cannot run " + cmd);
    std::string out;
    std::array<char, 512> chunk{};
    while (std::fgets(chunk.data(), chunk.size(), p.get()))
        out += chunk.data();
    const int status = ::pclose(p.release());
    if (status != 0)
        throw std::runtime_error(cmd + " failed:\n" + out);
    return out;
}

std::string pg_cluster::url(const std::string& db) const {
    return "postgresql://kring@127.0.0.1:" + std::to_string(port_) + "/" + db;
}

std::string pg_cluster::fresh_database() {
    const std::string name = "t" + std::to_string(++databases_);
    query(url("postgres"), "CREATE DATABASE " + name);
    return url(name);
}

std::string pg_cluster::query(const std::string& db_url, const std::string& sql) const {
    std::unique_ptr<PGconn, decltype(&PQfinish)> c(PQconnectdb(db_url.c_str()), &PQfinish);
    if (!c || PQstatus(c.get()) != CONNECTION_OK)
        throw std::runtime_error("cannot connect to " + db_url + ": " +
                                 (c ? PQerrorMessage(c.get()) : "out of memory"));
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c.get(), sql.c_str()), &PQclear);
    const ExecStatusType st = PQresultStatus(r.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        throw std::runtime_error(sql + ": " + PQresultErrorMessage(r.get()));
    if (st == PGRES_TUPLES_OK && PQntuples(r.get()) > 0 && PQnfields(r.get()) > 0)
        return PQgetvalue(r.get(), 0, 0);
    return "";
}

void pg_cluster::stop() {
    script("stop '" + dir_ + "'");
    running_ = false;
}

void pg_cluster::kill() {
    script("kill '" + dir_ + "'");
    running_ = false;
}

void pg_cluster::start() {
    script("start '" + dir_ + "' " + std::to_string(port_));
    running_ = true;
}

} // namespace kring::test
