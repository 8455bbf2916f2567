// kring-floor: what this machine needs at least for one calm vote, measured part by part
// without a server, so that the live-phones row can be read against it (bench/README.md,
// "The floor of a calm vote").
//
// A calm vote (25 a second in a room of 1,000 phones, results live) cannot cost less than:
//   - waking up for it (a thread asleep in the kernel is woken by the vote's arrival);
//   - reading it from its TCP connection;
//   - making it durable: one event through Kring's own SQLite store (its schema, its
//     pragmas, its writer thread), alone in its transaction, as a calm vote is;
//   - sending three messages (the ack, the facilitator's and the projector's views);
//   - sending the phones' share of views (views a second / votes a second of them).
// Each part is timed here on its own at the same calm pace, with the thread's or the
// process's CPU clock, over loopback TCP like the benchmark itself.
//
// Usage: kring-floor [--dir DIR] [--votes N] [--sends N] [--gap-ms MS]
// Prints one line of JSON: wake_us, recv_us, send_us, store_us (medians per operation, in
// microseconds of CPU), the counts and the loopback connections the sends went round
// (1,000, fewer only where the limit of open files is lower).
#include "store_sqlite.hpp"

#include <kring/events.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

double cpu_us(clockid_t clock) {
    timespec ts{};
    clock_gettime(clock, &ts);
    return double(ts.tv_sec) * 1e6 + double(ts.tv_nsec) / 1e3;
}

double thread_us() {
    return cpu_us(CLOCK_THREAD_CPUTIME_ID);
}
double process_us() {
    return cpu_us(CLOCK_PROCESS_CPUTIME_ID);
}

double median(std::vector<double> v) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void sleep_ms(int ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

/** The CPU of one sleep and wake-up of this thread, per wake. */
double measure_wake(int count, int gap_ms) {
    std::vector<double> each;
    for (int i = 0; i < count; ++i) {
        const double t = thread_us();
        sleep_ms(gap_ms);
        each.push_back(thread_us() - t);
    }
    return median(each);
}

/** Connected loopback TCP pairs (server side, client side), like phones' connections. */
struct pairs {
    std::vector<int> server, client;
    explicit pairs(int n) {
        const int listener = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (listener < 0 || bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            listen(listener, 4096) != 0 ||
            getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
            throw std::runtime_error("kring-floor: no loopback listener");
        for (int i = 0; i < n; ++i) {
            const int c = socket(AF_INET, SOCK_STREAM, 0);
            if (c < 0 || connect(c, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
                throw std::runtime_error("kring-floor: loopback connect failed");
            const int s = accept(listener, nullptr, nullptr);
            if (s < 0)
                throw std::runtime_error("kring-floor: loopback accept failed");
            const int one = 1; // as the server's sockets: no Nagle delay
            setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            server.push_back(s);
            client.push_back(c);
        }
        close(listener);
    }
    ~pairs() {
        for (int fd : server)
            close(fd);
        for (int fd : client)
            close(fd);
    }
    pairs(const pairs&) = delete;
    pairs& operator=(const pairs&) = delete;
};

/**
 * One send of a view-sized message (about what a phone's view weighs in the live-phones
 * run) to the next of many connections, `per_tick` every `tick_ms`, as a room's phones get
 * theirs; the CPU of the send call alone (on loopback it includes the receiving side's TCP
 * work, as it does in the benchmark).
 */
double measure_send(pairs& p, int count, int per_tick, int tick_ms, std::size_t bytes) {
    const std::string msg(bytes, 'v');
    std::vector<double> each;
    std::size_t next = 0;
    std::vector<char> drain(64 * 1024);
    while (int(each.size()) < count) {
        for (int k = 0; k < per_tick && int(each.size()) < count; ++k) {
            const int fd = p.server[next % p.server.size()];
            const double t = thread_us();
            const ssize_t n = send(fd, msg.data(), msg.size(), MSG_DONTWAIT);
            each.push_back(thread_us() - t);
            if (n != ssize_t(msg.size()))
                throw std::runtime_error("kring-floor: a loopback send was cut short");
            ++next;
        }
        // The phones read what they get (not timed): no receive queue grows.
        if (next % p.server.size() < std::size_t(per_tick))
            for (int fd : p.client)
                while (recv(fd, drain.data(), drain.size(), MSG_DONTWAIT) > 0) {
                }
        sleep_ms(tick_ms);
    }
    return median(each);
}

/** One receive of a vote-sized message that is waiting, one every gap_ms. */
double measure_recv(pairs& p, int count, int gap_ms, std::size_t bytes) {
    const std::string msg(bytes, 'a');
    std::vector<char> buf(4096);
    std::vector<double> each;
    for (int i = 0; i < count; ++i) {
        const std::size_t c = std::size_t(i) % p.client.size();
        if (send(p.client[c], msg.data(), msg.size(), 0) != ssize_t(msg.size()))
            throw std::runtime_error("kring-floor: a loopback send failed");
        sleep_ms(gap_ms); // the vote waits, as it does until the server's thread wakes
        const double t = thread_us();
        const ssize_t n = recv(p.server[c], buf.data(), buf.size(), MSG_DONTWAIT);
        each.push_back(thread_us() - t);
        if (n != ssize_t(msg.size()))
            throw std::runtime_error("kring-floor: a vote did not arrive whole");
    }
    return median(each);
}

/**
 * One answer made durable through Kring's SQLite store, alone in its transaction, one
 * every gap_ms: the CPU of the whole process (the caller and the store's writer thread)
 * from append() until the writer waits again, less the caller's own sleep.
 */
double measure_store(const std::string& path, int count, int gap_ms) {
    auto store = kring::server::open_sqlite_store(path);
    std::mutex m;
    std::condition_variable cv;
    int done = 0;
    bool failed = false;
    const std::string session = "f1oorf1oorf1oorf1oorf1oorf1oorf1";
    auto append = [&](int i) {
        kring::ev::answer_set a;
        a.pid = kring::participant_id(1 + i % 1000);
        a.step = "visie";
        a.item = "q" + std::to_string(1 + i % 9);
        a.value = kring::traffic_light::light::green;
        kring::server::store::batch b;
        b.session_id = session;
        b.events.push_back(kring::event_to_json(kring::event{a}));
        b.done = [&](bool durable) {
            std::lock_guard lock(m);
            failed = failed || !durable;
            ++done;
            cv.notify_one();
        };
        store->append(std::move(b));
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return done > i; });
    };
    const int warm = 200; // a store that already holds a session's answers
    for (int i = 0; i < warm; ++i)
        append(i);
    std::vector<double> each;
    for (int i = warm; i < warm + count; ++i) {
        const double p0 = process_us();
        append(i);
        // The writer finishes its turn (returns to its queue) before the next one.
        const double t0 = thread_us();
        sleep_ms(gap_ms);
        const double slept = thread_us() - t0;
        each.push_back(process_us() - p0 - slept);
    }
    store.reset();
    if (failed)
        throw std::runtime_error("kring-floor: the store did not make an answer durable");
    return median(each);
}

int arg_int(int argc, char** argv, int& i) {
    if (i + 1 >= argc)
        throw std::invalid_argument(std::string("kring-floor: ") + argv[i] + " needs a value");
    const int v = std::atoi(argv[++i]);
    if (v <= 0)
        throw std::invalid_argument(std::string("kring-floor: ") + argv[i - 1] +
                                    " needs a positive number");
    return v;
}

} // namespace

int main(int argc, char** argv) try {
    std::string dir;
    int votes = 250, sends = 5000, gap_ms = 40;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else if (a == "--votes")
            votes = arg_int(argc, argv, i);
        else if (a == "--sends")
            sends = arg_int(argc, argv, i);
        else if (a == "--gap-ms")
            gap_ms = arg_int(argc, argv, i);
        else {
            std::cerr << "usage: kring-floor [--dir DIR] [--votes N] [--sends N] [--gap-ms MS]\n";
            return 2;
        }
    }
    // Two descriptors a connection: the soft limit is often 1,024. Fewer connections where
    // even the hard limit is lower (they only spread the sends, as a room's phones do).
    rlimit files{};
    int connections = 1000;
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
        if (files.rlim_cur < files.rlim_max) {
            files.rlim_cur = files.rlim_max;
            setrlimit(RLIMIT_NOFILE, &files);
            getrlimit(RLIMIT_NOFILE, &files);
        }
        if (files.rlim_cur != RLIM_INFINITY)
            connections = int(std::min<rlim_t>(1000, (files.rlim_cur - 64) / 2));
    }
    namespace fs = std::filesystem;
    const bool own_dir = dir.empty();
    if (own_dir) {
        char tmpl[] = "/tmp/kring-floor.XXXXXX";
        if (!mkdtemp(tmpl))
            throw std::runtime_error("kring-floor: no temporary folder");
        dir = tmpl;
    }
    const double wake = measure_wake(votes, gap_ms);
    double send_us = 0, recv_us = 0;
    {
        pairs p(connections);
        // 500 views a second (the server's default budget for a room's phones): 10 every 20 ms.
        send_us = measure_send(p, sends, 10, 20, 1100);
        recv_us = measure_recv(p, votes, gap_ms, 150);
    }
    const double store_us = measure_store((fs::path(dir) / "floor.sqlite").string(), votes, gap_ms);
    if (own_dir)
        fs::remove_all(dir);
    nlohmann::json out{{"wake_us", wake},    {"recv_us", recv_us},
                       {"send_us", send_us}, {"store_us", store_us},
                       {"votes", votes},     {"sends", sends},
                       {"gap_ms", gap_ms},   {"connections", connections}};
    std::cout << out.dump() << "\n";
    return 0;
} catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
}
