// Starts the real kring-server as a child process for integration tests.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace kring::test {

/** The kring-server the tests start: $KRING_TEST_SERVER_BIN when set (another build, e.g. the
 * ThreadSanitizer one in scripts/test.sh, or an older release to see a regression test fail
 * there), else the one built beside the tests. */
std::string server_binary();
/** The command line every test server starts with: server_binary() on a free loopback
 * port with its data in `data_file`. */
std::vector<std::string> server_command(const std::string& data_file);

/**
 * Represents one kring-server child process on 127.0.0.1 and a free port. The data file is
 * <data_dir>/kring.sqlite (or on the PostgreSQL database when data_dir is a postgresql://
 * URL); without a data_dir a fresh temporary folder is made (and removed by the destructor).
 * stop()/kill9() then start() restart it on the same data.
 */
class server_process {
public:
    /**
     * Starts `kring-server --port 0 --bind 127.0.0.1 --data <data_dir>/kring.sqlite
     * --min-answers 1 <extra_args...>` and waits (at most 15 s) for its KRING_LISTENING
     * line. `--min-answers 1` is left out when extra_args set --min-answers themselves (pass
     * "--min-answers", "3" for the server's default threshold).
     * Throws std::runtime_error when it does not come up.
     */
    explicit server_process(std::vector<std::string> extra_args = {}, std::string data_dir = {});
    ~server_process();
    server_process(const server_process&) = delete;
    server_process& operator=(const server_process&) = delete;

    int port() const;
    /** The child's process id (-1 when not running). */
    pid_t pid() const { return pid_; }
    const std::string& data_dir() const;
    /** SIGTERM and wait: a clean shutdown. */
    void stop();
    /** SIGKILL and wait: a crash. */
    void kill9();
    /** Starts again on the same data folder (a new port). */
    void start();
    /** The wait status of the last stop()/kill9() (see waitpid), -1 before any. */
    int last_wait_status() const { return wait_status_; }

private:
    void signal_and_wait(int sig);

    std::vector<std::string> extra_args_;
    std::string data_dir_;
    bool own_dir_ = false;
    pid_t pid_ = -1;
    int port_ = 0;
    int out_fd_ = -1; // read end of the child's stdout
    int wait_status_ = -1;
};

} // namespace kring::test
