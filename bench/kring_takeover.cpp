// kring-takeover: how long a node's participants are away when that node dies, in the hosted
// set-up (docs/hosting.md). It starts three kring-server nodes on one PostgreSQL database and
// HAProxy in front of them (deploy/haproxy.cfg), lets P participants join one session through
// HAProxy and answer; then, R times: kills the node that runs the session (SIGKILL), times
// every participant until it is back in the session as the same participant (joining again
// with its resume token, as the phone page does), checks that every acknowledged answer is
// there, and starts the node again.
//
//   kring-takeover --server BIN --data postgresql://... --haproxy-cfg deploy/haproxy.cfg
//                  [--participants P] [--rounds R]
//
// Prints one JSON object: every participant's seconds from the kill to being back, their
// median, p99 and max, the first client back per round, and "ok" (nothing lost or doubled).
// Exit 0 when ok, 3 when something was lost or doubled, 1 when it could not run.

#include "raw_ws.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using kring::raw::json;
using kring::raw::raw_ws;
using ms = std::chrono::milliseconds;
using clock_type = std::chrono::steady_clock;

double since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

/** A loopback port nobody listens on, below the range of ephemeral ports. */
int free_port() {
    static unsigned next = 20000 + static_cast<unsigned>(::getpid() * 7919u) % 12000u;
    for (int i = 0; i < 12000; ++i) {
        const int port = static_cast<int>(20000 + (next++ - 20000) % 12000);
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        ::close(fd);
        if (ok)
            return port;
    }
    throw std::runtime_error("no free port");
}

pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env_extra) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
        env.emplace_back(*e);
    env.insert(env.end(), env_extra.begin(), env_extra.end());
    std::vector<char*> argv, envp;
    std::vector<std::string> a = args;
    for (auto& s : a)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    for (auto& s : env)
        envp.push_back(s.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int rc = ::posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        throw std::runtime_error("cannot start " + args[0]);
    return pid;
}

void stop(pid_t& pid, int sig) {
    if (pid <= 0)
        return;
    ::kill(pid, sig);
    int st = 0;
    ::waitpid(pid, &st, 0);
    pid = -1;
}

/** The number of sessions loaded on the node at `port` (its /healthz), -1 when it is away. */
int sessions_on(int port) {
    try {
        raw_ws c(port);
        const std::string r = c.http_get("/healthz");
        const auto body = r.find("\r\n\r\n");
        if (r.rfind("HTTP/1.1 200", 0) != 0 || body == std::string::npos)
            return -1;
        return json::parse(r.substr(body + 4)).value("sessions", -1);
    } catch (const std::exception&) {
        return -1;
    }
}

bool wait_up(int port, double limit_s) {
    const auto t0 = clock_type::now();
    while (since(t0) < limit_s) {
        if (sessions_on(port) >= 0)
            return true;
        std::this_thread::sleep_for(ms(50));
    }
    return false;
}

struct person {
    std::unique_ptr<raw_ws> ws;
    std::string token;
    std::uint64_t seq = 0;
};

/**
 * Joins `p` through HAProxy (`front`) with `msg`, coming back while the session is still
 * leased to another node (session_moving) or no node answers; gives up after `limit_s`.
 * Returns the reply (welcome) or throws.
 */
json join_when_free(person& p, int front, const std::string& code, json msg, double limit_s) {
    const auto t0 = clock_type::now();
    std::string last = "session_moving";
    for (;;) {
        try {
            p.ws = std::make_unique<raw_ws>(front);
            p.ws->handshake("/ws?code=" + code);
            msg["seq"] = ++p.seq;
            p.ws->send_json(msg);
            const json r = p.ws->recv_seq(p.seq, ms(4000));
            if (r.value("type", "") == "welcome")
                return r;
            if (r.value("code", "") != "session_moving")
                throw std::runtime_error("join refused: " + r.dump());
        } catch (const std::runtime_error& e) {
            if (std::string(e.what()).rfind("join refused", 0) == 0)
                throw;
            last = e.what();
        }
        p.ws.reset();
        if (since(t0) > limit_s)
            throw std::runtime_error("not back within " +
                                     std::to_string(static_cast<int>(limit_s)) + " s (" + last +
                                     ")");
        std::this_thread::sleep_for(ms(100));
    }
}

json participant_join(const std::string& code, const std::string& token) {
    json m{{"type", "join"}, {"protocol_version", 1}, {"code", code}, {"role", "participant"}};
    if (!token.empty())
        m["resume_token"] = token;
    return m;
}

} // namespace

int main(int argc, char** argv) {
    std::string server, data, cfg;
    int people = 200, rounds = 5;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "kring-takeover: " << a << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--server")
            server = value();
        else if (a == "--data")
            data = value();
        else if (a == "--haproxy-cfg")
            cfg = value();
        else if (a == "--participants")
            people = std::atoi(value().c_str());
        else if (a == "--rounds")
            rounds = std::atoi(value().c_str());
        else {
            std::cerr << "kring-takeover: unknown option " << a << "\n";
            return 2;
        }
    }
    if (server.empty() || data.empty() || cfg.empty() || people < 1 || people > 400 || rounds < 1 ||
        rounds > 20) {
        std::cerr << "usage: kring-takeover --server BIN --data postgresql://... --haproxy-cfg "
                     "FILE [--participants 1..400] [--rounds 1..20]\n";
        return 2;
    }
    ::signal(SIGPIPE, SIG_IGN);
    const std::string token = "takeover-admin-token-0123456789";
    const int front = free_port();
    std::vector<int> ports{free_port(), free_port(), free_port()};
    std::vector<pid_t> nodes(3, -1);
    pid_t proxy = -1;
    auto start_node = [&](std::size_t i) {
        nodes[i] =
            spawn({server, "--port", std::to_string(ports[i]), "--bind", "127.0.0.1", "--data",
                   data, "--public-url", "http://127.0.0.1:" + std::to_string(front),
                   "--admin-token", token, "--min-answers", "1"},
                  {});
        if (!wait_up(ports[i], 30))
            throw std::runtime_error("a node did not start");
    };
    json out;
    int status = 0;
    try {
        for (std::size_t i = 0; i < 3; ++i)
            start_node(i);
        const std::string self = "127.0.0.1:" + std::to_string(front);
        proxy = spawn({"haproxy", "-f", cfg, "-db"},
                      {"KRING_BIND=" + self, "KRING_PUBLIC_HOST=" + self,
                       "KRING_NODE1=127.0.0.1:" + std::to_string(ports[0]),
                       "KRING_NODE2=127.0.0.1:" + std::to_string(ports[1]),
                       "KRING_NODE3=127.0.0.1:" + std::to_string(ports[2])});
        std::this_thread::sleep_for(ms(2500)); // every node passed a check

        // The session, through HAProxy.
        person creator;
        creator.ws = std::make_unique<raw_ws>(front);
        creator.ws->handshake("/ws");
        creator.ws->send_json({{"type", "create_session"},
                               {"seq", 1},
                               {"protocol_version", 1},
                               {"template", "stoplicht-visie"},
                               {"admin_token", token}});
        const json created = creator.ws->recv_seq(1);
        if (created.value("type", "") != "session_created")
            throw std::runtime_error("create_session: " + created.dump());
        const std::string code = created["join_code"], secret = created["facilitator_secret"];
        creator.ws.reset();
        person fac;
        const json fw = join_when_free(fac, front, code,
                                       {{"type", "join"},
                                        {"protocol_version", 1},
                                        {"code", code},
                                        {"role", "facilitator"},
                                        {"secret", secret}},
                                       30);
        fac.ws->send_json(
            {{"type", "control"}, {"seq", ++fac.seq}, {"action", "open"}, {"step", "visie"}});
        fac.ws->recv_seq(fac.seq);
        std::vector<std::string> items;
        for (const auto& it : fw["session"]["steps"][0]["items"])
            items.push_back(it["id"]);
        if (items.empty())
            throw std::runtime_error("the template has no statements");
        // Round r answers statement r (again from the first when there are more rounds).
        auto item_of_round = [&](int r) {
            return items[static_cast<std::size_t>(r) % items.size()];
        };
        auto answered_after = [&](int r) {
            return std::min(static_cast<std::size_t>(r + 1), items.size());
        };
        fac.ws.reset();

        std::vector<person> room(static_cast<std::size_t>(people));
        for (auto& p : room)
            p.token =
                join_when_free(p, front, code, participant_join(code, ""), 30)["resume_token"];

        // An answer as the page sends one: again, after joining again, until acknowledged.
        auto answer_surely = [&](person& p, const std::string& item) {
            for (int attempt = 0; attempt < 50; ++attempt) {
                try {
                    if (p.ws) {
                        p.ws->send_json({{"type", "answer"},
                                         {"seq", ++p.seq},
                                         {"step", "visie"},
                                         {"item", item},
                                         {"value", "green"}});
                        if (p.ws->recv_seq(p.seq, ms(5000)).value("type", "") == "ack")
                            return;
                    }
                } catch (const std::exception&) {
                }
                p.ws.reset();
                std::this_thread::sleep_for(ms(100));
                join_when_free(p, front, code, participant_join(code, p.token), 30);
            }
            throw std::runtime_error("an answer was never acknowledged");
        };

        std::vector<double> back, first;
        bool ok = true;
        for (int r = 0; r < rounds; ++r) {
            for (auto& p : room)
                answer_surely(p, item_of_round(r));
            int owner = -1;
            for (std::size_t i = 0; i < 3; ++i)
                if (sessions_on(ports[i]) > 0)
                    owner = static_cast<int>(i);
            if (owner < 0)
                throw std::runtime_error("no node runs the session");
            stop(nodes[static_cast<std::size_t>(owner)], SIGKILL);
            const auto t0 = clock_type::now();
            double first_back = -1;
            for (auto& p : room) {
                p.ws.reset();
                const json w = join_when_free(p, front, code, participant_join(code, p.token), 60);
                const double s = since(t0);
                back.push_back(s);
                if (first_back < 0)
                    first_back = s;
                ok = ok && w.value("participant_id", 0) > 0;
                const json mine = p.ws->recv_type("mine");
                ok = ok && mine["answers"].size() == answered_after(r);
            }
            first.push_back(first_back);
            std::cerr << "kring-takeover: round " << r + 1 << ": all " << people << " back after "
                      << back.back() << " s (first " << first_back << " s)\n";
            start_node(static_cast<std::size_t>(owner));
            std::this_thread::sleep_for(ms(1500)); // HAProxy sees it up again
        }
        // Counted once: one participant per person, one green per person per round.
        person check;
        const json cw = join_when_free(check, front, code,
                                       {{"type", "join"},
                                        {"protocol_version", 1},
                                        {"code", code},
                                        {"role", "facilitator"},
                                        {"secret", secret}},
                                       60);
        json view = check.ws->recv_type("view");
        ok = ok && view.value("joined", 0) == people;
        for (const auto& res : view.value("results", json::array()))
            if (res["step"] == "visie")
                for (const auto& it : res.value("items", json::array()))
                    for (int r = 0; r < rounds; ++r)
                        if (it["item"] == item_of_round(r))
                            ok = ok && it.value("green", 0) == people;
        (void)cw;
        std::vector<double> sorted = back;
        std::sort(sorted.begin(), sorted.end());
        out = {{"participants", people},
               {"rounds", rounds},
               {"takeovers", rounds},
               {"median_s", sorted[sorted.size() / 2]},
               {"p99_s", sorted[sorted.size() * 99 / 100]},
               {"max_s", sorted.back()},
               {"first_back_s", first},
               {"ok", ok}};
        status = ok ? 0 : 3;
    } catch (const std::exception& e) {
        std::cerr << "kring-takeover: " << e.what() << "\n";
        out = {{"ok", false}, {"error", e.what()}};
        status = 1;
    }
    stop(proxy, SIGTERM);
    for (auto& n : nodes)
        stop(n, SIGTERM);
    std::cout << out.dump() << std::endl;
    return status;
}
