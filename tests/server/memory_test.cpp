// Memory per connection is bounded in bytes, not only in messages (docs/security.md,
// "Limits against floods"): clients that never read but keep asking for snapshots hold at
// most one of each kind in the server's queue, and the memory comes back after they go.

#include "helpers.hpp"
#include "raw_ws.hpp"

#include <cstdlib>
#include <fstream>
#include <thread>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_memory_test {

using namespace kring::test;
using kring::raw::raw_ws;
using namespace std::chrono_literals;

namespace {

/** The resident size of a process in KiB (VmRSS), 0 when unknown. */
long rss_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::atol(line.c_str() + 6);
    }
    return 0;
}

/**
 * Sets an environment variable for the servers this test starts and restores it after:
 * the sanitizers' allocators keep freed memory in a quarantine (256 MiB for
 * AddressSanitizer) and never hand it back unless told to, which would hide what the
 * server itself holds.
 */
struct scoped_env {
    std::string name;
    std::optional<std::string> old;
    scoped_env(std::string n, const std::string& extra) : name(std::move(n)) {
        if (const char* v = std::getenv(name.c_str()))
            old = v;
        const std::string value = old && !old->empty() ? *old + ":" + extra : extra;
        ::setenv(name.c_str(), value.c_str(), 1);
    }
    ~scoped_env() {
        if (old)
            ::setenv(name.c_str(), old->c_str(), 1);
        else
            ::unsetenv(name.c_str());
    }
};

} // namespace

// The bound the documentation promises: 50 such clients (for 8 s at the rate limit) grow
// the server by less than this, and within a minute after they close it is back within
// `fallback_kib` of where it was before they came.
constexpr long growth_bound_kib = 48 * 1024;
constexpr long fallback_kib = 16 * 1024;
// ThreadSanitizer maps shadow memory (four bytes per byte touched) that it never unmaps;
// what the server frees comes back, but the shadow of it stays resident.
constexpr long fallback_tsan_kib = 24 * 1024;

/** Whether the server process runs under ThreadSanitizer (scripts/test.sh runs these tests
 * against a ThreadSanitizer build of kring-server: KRING_TEST_SERVER_BIN). */
bool runs_under_tsan(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/maps");
    std::string line;
    while (std::getline(in, line)) {
        if (line.find("libtsan") != std::string::npos)
            return true;
    }
    return false;
}

TEST_CASE("memory: 50 clients that never read but send sync at the rate limit stay within a "
          "bound, and the memory comes back after they close") {
    scoped_env asan("ASAN_OPTIONS", "quarantine_size_mb=4:allocator_release_to_os_interval_ms=500");
    scoped_env tsan("TSAN_OPTIONS", "allocator_release_to_os_interval_ms=500");
    server_process srv;
    const int port = srv.port();
    ws_client fac(port);
    const session_info s = create_session(fac, "volledige-workshop");

    constexpr int clients = 50;
    std::vector<std::unique_ptr<raw_ws>> crowd;
    std::size_t welcome_bytes = 0;
    for (int i = 0; i < clients; ++i) {
        kring::raw::connect_options opt;
        opt.rcvbuf = 4096; // a reader that stops at once fills its buffers quickly
        crowd.push_back(std::make_unique<raw_ws>(port, opt));
        auto& c = *crowd.back();
        c.handshake();
        c.send_json({{"type", "join"},
                     {"seq", 1},
                     {"protocol_version", 1},
                     {"code", s.code},
                     {"role", "participant"}});
        const json w = c.recv_type("welcome");
        welcome_bytes = std::max(welcome_bytes, w.dump().size());
        c.recv_type("view");
    }
    // Everything the joins caused has settled.
    std::this_thread::sleep_for(1s);
    const long before = rss_kib(srv.pid());
    REQUIRE(before > 0);
    MESSAGE("welcome: ", welcome_bytes, " bytes; server before: ", before, " KiB");
    CHECK(welcome_bytes > 10000); // the snapshot is big: queuing many would show

    // 8 s at 19 syncs a second each (just under the limit of 20): 152 snapshots asked for
    // by every client, none read.
    const auto until = std::chrono::steady_clock::now() + 8s;
    std::uint64_t seq = 2;
    long peak = before;
    while (std::chrono::steady_clock::now() < until) {
        const auto tick = std::chrono::steady_clock::now();
        for (auto& c : crowd) {
            if (c->open()) {
                try {
                    c->send_json({{"type", "sync"}, {"seq", seq}});
                } catch (const std::exception&) {
                }
            }
        }
        ++seq;
        peak = std::max(peak, rss_kib(srv.pid()));
        std::this_thread::sleep_until(tick + std::chrono::milliseconds(1000 / 19));
    }
    std::this_thread::sleep_for(500ms);
    peak = std::max(peak, rss_kib(srv.pid()));
    MESSAGE("server peak: ", peak, " KiB (+", peak - before, " KiB for ", clients, " clients)");
    CHECK(peak - before < growth_bound_kib);

    // They go; the server hands the memory back (it checks every 30 s).
    const long fallback = runs_under_tsan(srv.pid()) ? fallback_tsan_kib : fallback_kib;
    crowd.clear();
    long now = 0;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    for (;;) {
        now = rss_kib(srv.pid());
        if (now <= before + fallback || std::chrono::steady_clock::now() > deadline)
            break;
        std::this_thread::sleep_for(1s);
    }
    MESSAGE("server after they closed: ", now, " KiB");
    CHECK(now <= before + fallback);

    // And it still works.
    ws_client late(port);
    join(late, s.code, "participant");
}
} // namespace kring_test_server_memory_test
