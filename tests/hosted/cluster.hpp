// The hosted set-up for tests: three kring-server nodes on one PostgreSQL database behind
// Debian's HAProxy running the repository's deploy/haproxy.cfg, everything on loopback.
#pragma once

#include "helpers.hpp"
#include "pg_cluster.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace kring::test {

/** HAProxy in the foreground (`haproxy -f deploy/haproxy.cfg -db`), stopped by the destructor. */
class haproxy_process {
public:
    haproxy_process(int port, const std::vector<int>& nodes) : port_(port) {
        std::vector<std::string> env;
        for (char** e = environ; *e; ++e)
            env.emplace_back(*e);
        const std::string self = "127.0.0.1:" + std::to_string(port);
        env.push_back("KRING_BIND=" + self);
        env.push_back("KRING_PUBLIC_HOST=" + self);
        for (std::size_t i = 0; i < nodes.size(); ++i)
            env.push_back("KRING_NODE" + std::to_string(i + 1) +
                          "=127.0.0.1:" + std::to_string(nodes[i]));
        std::vector<char*> envp;
        for (auto& e : env)
            envp.push_back(e.data());
        envp.push_back(nullptr);
        std::string cfg = std::string(KRING_SOURCE_DIR) + "/deploy/haproxy.cfg";
        std::vector<std::string> args = {"haproxy", "-f", cfg, "-db"};
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        // Its messages (a port it cannot bind, a server marked down) go to a file, shown when
        // it stops by itself.
        log_ = "/tmp/kring-haproxy-" + std::to_string(port) + "-" + std::to_string(::getpid()) +
               ".log";
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
        const int rc =
            ::posix_spawnp(&pid_, "haproxy", &actions, nullptr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0)
            throw std::runtime_error("cannot start haproxy (scripts/setup.sh --test installs it)");
        // Up when /healthz answers through it (a node passed its first check), and it is this
        // HAProxy that answers: it has not exited for a port another program holds.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (std::chrono::steady_clock::now() < deadline) {
            if (!alive())
                throw std::runtime_error("haproxy stopped at start-up: " + output());
            try {
                if (http_get(port_, "/healthz").status == 200)
                    return;
            } catch (const std::exception&) {
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        throw std::runtime_error("haproxy did not come up: " + output());
    }
    ~haproxy_process() {
        if (!alive()) {
            std::cerr << "haproxy had stopped by itself; its output:\n" << output() << "\n";
        } else {
            ::kill(pid_, SIGTERM);
            int st = 0;
            ::waitpid(pid_, &st, 0);
        }
        ::unlink(log_.c_str());
    }
    /** False once HAProxy has exited (it is then reaped). */
    bool alive() {
        if (exited_)
            return false;
        int st = 0;
        if (::waitpid(pid_, &st, WNOHANG) == pid_)
            exited_ = true;
        return !exited_;
    }
    /** What HAProxy printed so far. */
    std::string output() const {
        std::ifstream in(log_);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    haproxy_process(const haproxy_process&) = delete;
    haproxy_process& operator=(const haproxy_process&) = delete;
    int port() const { return port_; }

private:
    int port_;
    pid_t pid_ = -1;
    bool exited_ = false;
    std::string log_;
};

/** Three nodes on one fresh database of `pg`, and HAProxy in front of them. */
struct hosted_cluster {
    static constexpr const char* admin_token = "hosted-admin-token-0123456789";
    std::string url;
    int front = free_listen_port();
    std::vector<int> ports{free_listen_port(), free_listen_port(), free_listen_port()};
    std::vector<std::unique_ptr<server_process>> nodes;
    std::unique_ptr<haproxy_process> proxy;

    explicit hosted_cluster(pg_cluster& pg) : url(pg.fresh_database()) {
        for (int p : ports)
            nodes.push_back(std::make_unique<server_process>(
                std::vector<std::string>{"--port", std::to_string(p), "--public-url",
                                         "http://127.0.0.1:" + std::to_string(front),
                                         "--admin-token", admin_token},
                url));
        proxy = std::make_unique<haproxy_process>(front, ports);
        // Every node passed a check (one a second) before the test begins.
        std::this_thread::sleep_for(std::chrono::milliseconds(2200));
    }

    /** Sessions loaded on node i (its /healthz), or -1 when it does not answer. */
    int sessions_on(std::size_t i) const {
        try {
            const http_response r = http_get(ports[i], "/healthz");
            return r.status == 200 ? json::parse(r.body)["sessions"].get<int>() : -1;
        } catch (const std::exception&) {
            return -1;
        }
    }

    /** The node that has session(s) loaded when only one session is live, or -1. */
    int owner() const {
        for (std::size_t i = 0; i < nodes.size(); ++i)
            if (sessions_on(i) > 0)
                return static_cast<int>(i);
        return -1;
    }

    /** A WebSocket through HAProxy, to /ws?code=CODE (or /ws without a code), from `from`. */
    std::unique_ptr<ws_client> client(const std::string& code = {},
                                      const std::string& from = {}) const {
        return std::make_unique<ws_client>(front, "127.0.0.1", from,
                                           code.empty() ? "/ws" : "/ws?code=" + code);
    }
};

/**
 * Joins like join(), coming back while the session is still leased to another node
 * (session_moving) as clients do, for at most `limit_s` seconds; a connection that breaks is
 * opened again through `reconnect`. Returns the seconds it took.
 */
inline double join_when_free(std::unique_ptr<ws_client>& c,
                             const std::function<std::unique_ptr<ws_client>()>& reconnect,
                             const std::string& code, const std::string& role, json extra,
                             join_result& out, double limit_s = 20) {
    const auto t0 = std::chrono::steady_clock::now();
    json msg{{"type", "join"}, {"protocol_version", 1}, {"code", code}, {"role", role}};
    if (extra.is_object())
        msg.update(extra);
    auto waited = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    for (;;) {
        json r;
        try {
            if (!c)
                c = reconnect();
            // A node that froze answers nothing: give up on it after a few seconds.
            r = c->request(msg, std::chrono::seconds(4));
        } catch (const std::exception& e) {
            c.reset(); // the node went away or HAProxy has no node yet: again shortly
            const std::string why = e.what();
            REQUIRE_MESSAGE(waited() < limit_s, why);
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            continue;
        }
        if (is_type(r, "error") && r.value("code", "") == "session_moving" && waited() < limit_s) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            continue;
        }
        REQUIRE_MESSAGE(is_type(r, "welcome"), r.dump());
        out.welcome = r;
        if (role == "participant")
            out.mine = c->recv();
        out.view = c->recv();
        if (role == "facilitator" && is_type(out.view, "devices"))
            out.view = c->recv();
        REQUIRE_MESSAGE(is_type(out.view, "view"), out.view.dump());
        return waited();
    }
}

} // namespace kring::test
