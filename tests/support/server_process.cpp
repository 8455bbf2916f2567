#include "server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

#ifndef KRING_SERVER_BIN
#error "KRING_SERVER_BIN must name the kring-server executable"
#endif

extern char** environ;

namespace kring::test {

namespace {

std::string make_temp_dir() {
    const std::string base =
        (std::filesystem::temp_directory_path() / "kring-test-XXXXXX").string();
    std::vector<char> buf(base.begin(), base.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data()))
        throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
    return buf.data();
}

} // namespace

server_process::server_process(std::vector<std::string> extra_args, std::string data_dir)
    : extra_args_(std::move(extra_args)), data_dir_(std::move(data_dir)) {
    if (data_dir_.empty()) {
        data_dir_ = make_temp_dir();
        own_dir_ = true;
    }
    try {
        start();
    } catch (...) {
        if (own_dir_) {
            std::error_code ec;
            std::filesystem::remove_all(data_dir_, ec);
        }
        throw;
    }
}

server_process::~server_process() {
    try {
        stop();
    } catch (...) {
    }
    if (own_dir_) {
        std::error_code ec;
        std::filesystem::remove_all(data_dir_, ec);
    }
}

int server_process::port() const {
    return port_;
}

const std::string& server_process::data_dir() const {
    return data_dir_;
}

std::string server_binary() {
    const char* other = std::getenv("KRING_TEST_SERVER_BIN");
    return other && *other ? other : KRING_SERVER_BIN;
}

std::vector<std::string> server_command(const std::string& data_file) {
    return {server_binary(), "--port", "0", "--bind", "127.0.0.1", "--data", data_file};
}

void server_process::start() {
    if (pid_ > 0)
        throw std::runtime_error("server_process::start: already running");
    // A PostgreSQL URL is the data itself; a folder holds the SQLite file.
    const bool url = data_dir_.rfind("postgresql://", 0) == 0;
    std::vector<std::string> args = server_command(url ? data_dir_ : data_dir_ + "/kring.sqlite");
    // Most tests use one or two participants and expect to see results: threshold 1,
    // unless the test sets --min-answers itself.
    const bool sets_min = std::any_of(extra_args_.begin(), extra_args_.end(), [](const auto& a) {
        return a.rfind("--min-answers", 0) == 0;
    });
    if (!sets_min)
        args.insert(args.end(), {"--min-answers", "1"});
    args.insert(args.end(), extra_args_.begin(), extra_args_.end());
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        throw std::runtime_error(std::string("cannot start kring-server: ") + std::strerror(rc));
    }
    pid_ = pid;
    out_fd_ = fds[0];

    // Read stdout until the machine-readable line appears.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    std::string seen;
    const std::string marker = "KRING_LISTENING port=";
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            break;
        pollfd p{out_fd_, POLLIN, 0};
        const int n = ::poll(&p, 1, static_cast<int>(left.count()));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        char buf[4096];
        const ssize_t got = ::read(out_fd_, buf, sizeof buf);
        if (got <= 0)
            break; // the server exited
        seen.append(buf, static_cast<std::size_t>(got));
        const auto at = seen.find(marker);
        if (at != std::string::npos && seen.find('\n', at) != std::string::npos) {
            port_ = std::atoi(seen.c_str() + at + marker.size());
            // The server prints little after start-up; keep draining so it never blocks.
            std::thread([fd = out_fd_] {
                char sink[1024];
                while (::read(fd, sink, sizeof sink) > 0) {
                }
                ::close(fd);
            }).detach();
            out_fd_ = -1;
            return;
        }
    }
    signal_and_wait(SIGKILL);
    const int st = wait_status_;
    const std::string how = WIFEXITED(st) ? "exited with " + std::to_string(WEXITSTATUS(st))
                            : WIFSIGNALED(st)
                                ? "was killed by signal " + std::to_string(WTERMSIG(st))
                                : "stopped";
    throw std::runtime_error("kring-server did not report KRING_LISTENING within 15 s (it " + how +
                             "; its errors are on stderr); output:\n" + seen);
}

void server_process::signal_and_wait(int sig) {
    if (pid_ <= 0)
        return;
    ::kill(pid_, sig);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    wait_status_ = status;
    pid_ = -1;
    port_ = 0;
    if (out_fd_ >= 0) {
        ::close(out_fd_);
        out_fd_ = -1;
    }
}

void server_process::stop() {
    signal_and_wait(SIGTERM);
}

void server_process::kill9() {
    signal_and_wait(SIGKILL);
}

} // namespace kring::test
