// kring-crash: one crash round against a real kring-server (scripts/crash-rounds.sh runs
// many). It starts the server on a fresh data folder, lets P participants join and answer S
// statements each at once, kills the server with SIGKILL after a random number of acks,
// starts it again on the same data, lets everyone rejoin with their resume token and checks
// that every acknowledged answer is there exactly once (each participant's `mine` and the
// facilitator's counts), then resends what was not acknowledged, as the web page does.
//
//   kring-crash --server BIN --data DIR [--participants P] [--statements S] [--seed N]
//               [--no-kill] [--server-arg ARG]...
//
// --no-kill: the same without the crash (every answer must be acked; the restart is a clean
// SIGTERM): the load check for 10,000 participants. Prints one line "round: ..." and one
// JSON object; exit 0 when nothing was lost, changed or duplicated, 3 otherwise, 1 when the
// round could not be run.

#include "crash_crowd.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <random>
#include <thread>

extern char** environ;

namespace {

using kring::crash::figures;
using ms = std::chrono::milliseconds;

/** Represents the kring-server child. */
class server {
public:
    server(std::string bin, std::string data, std::vector<std::string> extra)
        : bin_(std::move(bin)), data_(std::move(data)), extra_(std::move(extra)) {}
    ~server() { signal_and_wait(SIGKILL); }

    int port() const { return port_; }

    void start() {
        std::vector<std::string> args = {
            bin_, "--port", "0", "--bind", "127.0.0.1", "--data", data_ + "/kring.sqlite",
            // The whole crowd connects from 127.0.0.1: no cap on connections per address.
            "--max-per-address", "0"};
        args.insert(args.end(), extra_.begin(), extra_.end());
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0)
            throw std::runtime_error("pipe failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
        const int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[1]);
        if (rc != 0) {
            ::close(fds[0]);
            throw std::runtime_error("cannot start " + bin_);
        }
        std::string seen;
        const std::string marker = "KRING_LISTENING port=";
        char buf[4096];
        for (;;) {
            const ssize_t n = ::read(fds[0], buf, sizeof buf);
            if (n <= 0) {
                ::close(fds[0]);
                throw std::runtime_error("kring-server did not start:\n" + seen);
            }
            seen.append(buf, static_cast<std::size_t>(n));
            const auto at = seen.find(marker);
            if (at != std::string::npos && seen.find('\n', at) != std::string::npos) {
                port_ = std::atoi(seen.c_str() + at + marker.size());
                break;
            }
        }
        // Keep its stdout drained so it never blocks on a full pipe.
        std::thread([fd = fds[0]] {
            char sink[1024];
            while (::read(fd, sink, sizeof sink) > 0) {
            }
            ::close(fd);
        }).detach();
    }

    /** Sends the signal and waits; returns the wait status. */
    int signal_and_wait(int sig) {
        if (pid_ <= 0)
            return -1;
        ::kill(pid_, sig);
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        pid_ = -1;
        return status;
    }

private:
    std::string bin_, data_;
    std::vector<std::string> extra_;
    pid_t pid_ = -1;
    int port_ = 0;
};

[[noreturn]] void usage(int code) {
    (code == 0 ? std::cout : std::cerr)
        << "Usage: kring-crash --server BIN --data DIR [--participants P] [--statements S]\n"
           "                   [--seed N] [--no-kill] [--server-arg ARG]...\n";
    std::exit(code);
}

void raise_nofile() {
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

} // namespace

int main(int argc, char** argv) {
    std::string bin, data;
    std::size_t participants = 1000;
    int statements = 3;
    unsigned seed = std::random_device{}();
    bool kill = true;
    std::vector<std::string> extra;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                usage(2);
            return argv[++i];
        };
        if (a == "--server")
            bin = value();
        else if (a == "--data")
            data = value();
        else if (a == "--participants")
            participants = std::stoul(value());
        else if (a == "--statements")
            statements = std::stoi(value());
        else if (a == "--seed")
            seed = static_cast<unsigned>(std::stoul(value()));
        else if (a == "--no-kill")
            kill = false;
        else if (a == "--server-arg")
            extra.push_back(value());
        else if (a == "--help" || a == "-h")
            usage(0);
        else
            usage(2);
    }
    if (bin.empty() || data.empty() || participants < 1 || statements < 1 || statements > 11)
        usage(2);
    raise_nofile();
    ::signal(SIGPIPE, SIG_IGN);

    try {
        server srv(bin, data, extra);
        srv.start();
        kring::crash::crowd crowd(participants, statements);
        crowd.create(srv.port());
        const auto t0 = std::chrono::steady_clock::now();
        crowd.join_all(srv.port());
        const double join_s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::mt19937 rng(seed);
        const std::size_t total = crowd.total();
        const std::size_t kill_after =
            kill ? std::uniform_int_distribution<std::size_t>(0, total)(rng) : total;
        int status = 0;
        const auto b = crowd.answer_with_crash(
            kill_after, [&] { status = srv.signal_and_wait(kill ? SIGKILL : SIGTERM); },
            ms(600000));
        const std::size_t sent = b.sent, acked = b.acked, refused = b.refused;
        const double answer_s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!kill)
            crowd.drop_all();
        const bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
        srv.start();
        const figures f = crowd.verify(srv.port(), sent, acked, refused);
        bool ok = f.ok() && f.found >= f.acked && f.final_total == total;
        if (!kill)
            ok = ok && acked == sent && f.found == sent;
        std::cout << "round: participants " << participants << ", kill after " << kill_after
                  << " acks" << (kill ? (killed ? " (killed)" : " (NOT killed)") : " (no kill)")
                  << ": " << f.summary() << (ok ? " OK" : " FAILED") << std::endl;
        const nlohmann::json out{{"participants", participants},
                                 {"statements", statements},
                                 {"seed", seed},
                                 {"kill_after", kill_after},
                                 {"killed", killed},
                                 {"sent", f.sent},
                                 {"acked", f.acked},
                                 {"refused", f.errors},
                                 {"found", f.found},
                                 {"lost", f.lost},
                                 {"wrong", f.wrong},
                                 {"duplicated", f.duplicated},
                                 {"rejoined", f.rejoined},
                                 {"resent", f.resent},
                                 {"final_total", f.final_total},
                                 {"join_s", join_s},
                                 {"join_and_answer_s", answer_s},
                                 {"ok", ok}};
        std::cout << out.dump() << std::endl;
        srv.signal_and_wait(SIGTERM);
        return ok ? 0 : 3;
    } catch (const std::exception& e) {
        std::cerr << "kring-crash: " << e.what() << "\n";
        return 1;
    }
}
