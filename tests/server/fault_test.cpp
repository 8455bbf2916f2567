// Faults, for real: kill -9 while a crowd answers, a full disk, phones that drop off the
// network, a restart under a reconnecting client, a client that stops reading, a client that
// stops answering pings, thousands answering at once, and TLS with the security headers.
// The crowd and the raw client come from bench/ (crash_crowd.hpp, raw_ws.hpp), so the crash
// rounds of scripts/crash-rounds.sh run exactly this code against a Release server.

#include "crash_crowd.hpp"
#include "helpers.hpp"

#include "kring/rules.hpp"
#include "raw_ws.hpp"

#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_fault_test {

using namespace kring::test;
using kring::raw::raw_ws;
namespace fs = std::filesystem;
namespace crash = kring::crash;
using ms = std::chrono::milliseconds;

namespace {

/** The pid of the kring-server child that uses this data folder (from /proc). */
int server_pid(const server_process& srv) {
    const std::string want = srv.data_dir() + "/kring.sqlite";
    for (const auto& e : fs::directory_iterator("/proc")) {
        const std::string name = e.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos)
            continue;
        std::ifstream in(e.path() / "cmdline", std::ios::binary);
        std::string cmd((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (cmd.find("kring-server") != std::string::npos && cmd.find(want) != std::string::npos)
            return std::stoi(name);
    }
    return -1;
}

/** Resident memory of a process in KiB (VmRSS), 0 when unknown. */
long rss_kib(int pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::atol(line.c_str() + 6);
    }
    return 0;
}

/** A TCP port that is free right now (for a restart on the same port). */
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

/** A temporary folder, removed with everything in it. */
struct temp_dir {
    fs::path path;
    temp_dir() {
        std::string t = (fs::temp_directory_path() / "kring-fault-XXXXXX").string();
        REQUIRE(::mkdtemp(t.data()) != nullptr);
        path = t;
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

/** The headers of a raw HTTP response, names in lower case. */
std::map<std::string, std::string> headers_of(const std::string& response) {
    std::map<std::string, std::string> out;
    std::istringstream in(response.substr(0, response.find("\r\n\r\n")));
    std::string line;
    std::getline(in, line); // status line
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        std::string name = line.substr(0, colon);
        for (auto& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    return out;
}

int status_of(const std::string& response) {
    return response.size() > 12 ? std::atoi(response.c_str() + 9) : 0;
}

/** What every response must carry, whatever its status, over HTTP or HTTPS. */
void check_security_headers(const std::map<std::string, std::string>& h) {
    REQUIRE(h.count("content-security-policy"));
    const std::string& csp = h.at("content-security-policy");
    CHECK(csp.find("script-src 'self'") != std::string::npos);
    CHECK(csp.find("unsafe-inline") == std::string::npos);
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
    CHECK(h.count("x-content-type-options"));
    CHECK(h.at("x-content-type-options") == "nosniff");
    CHECK(h.count("x-frame-options"));
    CHECK(h.at("x-frame-options") == "DENY");
    CHECK(h.count("referrer-policy"));
    CHECK(h.at("referrer-policy") == "no-referrer");
}

/** A self-signed certificate for 127.0.0.1, made with the openssl command. */
struct self_signed {
    temp_dir dir;
    std::string cert, key;
    self_signed() {
        cert = (dir.path / "cert.pem").string();
        key = (dir.path / "key.pem").string();
        const std::string cmd =
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
            "-nodes -days 2 -subj /CN=kring-test -addext "
            "subjectAltName=IP:127.0.0.1 -keyout '" +
            key + "' -out '" + cert + "' >/dev/null 2>&1";
        REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, "the openssl command is needed");
    }
};

/** A client TLS context that trusts only `cert`. */
struct tls_client {
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    explicit tls_client(const std::string& cert) {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
        REQUIRE(SSL_CTX_load_verify_locations(ctx, cert.c_str(), nullptr) == 1);
    }
    ~tls_client() { SSL_CTX_free(ctx); }
};

/** Joins a raw connection; returns the welcome (mine and the first view are read too). */
json raw_join(raw_ws& c, const std::string& code, const std::string& role, json extra = {}) {
    json msg{{"type", "join"}, {"seq", 1}, {"protocol_version", 1}, {"code", code}, {"role", role}};
    if (extra.is_object())
        msg.update(extra);
    c.send_json(msg);
    const json w = c.recv_seq(1);
    REQUIRE_MESSAGE(is_type(w, "welcome"), w.dump());
    return w;
}

/** ASan parks freed memory in a quarantine; a small one lets RSS show what is really kept. */
struct small_asan_quarantine {
    std::string before;
    bool had = false;
    small_asan_quarantine() {
        if (const char* v = std::getenv("ASAN_OPTIONS")) {
            before = v;
            had = true;
        }
        std::string opts = before.empty() ? "" : before + ":";
        opts += "quarantine_size_mb=16:thread_local_quarantine_size_kb=256";
        ::setenv("ASAN_OPTIONS", opts.c_str(), 1);
    }
    ~small_asan_quarantine() {
        if (had)
            ::setenv("ASAN_OPTIONS", before.c_str(), 1);
        else
            ::unsetenv("ASAN_OPTIONS");
    }
};

} // namespace

//------------------------------------------------------------------------------
// Crash and load

TEST_CASE("crash: kill -9 while 1000 participants answer: every acknowledged answer is back "
          "exactly once, everyone resumes and resyncs") {
    // 1000 take about 40 s under AddressSanitizer and over a minute under ThreadSanitizer
    // on two cores; scripts/crash-rounds.sh runs more rounds and larger crowds.
    constexpr std::size_t people = 1000;
    constexpr int statements = 3;
    server_process srv({"--max-per-address", "0"}); // the whole crowd is on 127.0.0.1
    crash::crowd crowd(people, statements);
    crowd.create(srv.port());
    crowd.join_all(srv.port());

    // Kill after a random number of acks: somewhere in the middle of the burst.
    std::random_device rd;
    const unsigned seed = rd();
    std::mt19937 rng(seed);
    const std::size_t total = crowd.total();
    const std::size_t kill_after =
        std::uniform_int_distribution<std::size_t>(total / 10, total * 8 / 10)(rng);
    CAPTURE(seed);
    CAPTURE(kill_after);
    // Participants send a few at a time while acks are read: at the kill, some answers are
    // durable and acknowledged, some durable but not yet acknowledged, some on their way.
    const auto b = crowd.answer_with_crash(
        kill_after, [&] { srv.kill9(); }, ms(180000));
    CHECK(WIFSIGNALED(srv.last_wait_status()));
    CHECK(b.acked >= kill_after);
    CHECK(b.refused == 0);
    const std::size_t sent = b.sent, acked = b.acked, refused = b.refused;

    srv.start(); // the store opens cleanly on what the crash left
    const crash::figures f = crowd.verify(srv.port(), sent, acked, refused);
    MESSAGE("crash round: kill after " << kill_after << " acks: " << f.summary());
    CHECK(f.lost == 0);
    CHECK(f.wrong == 0);
    CHECK(f.duplicated == 0);
    CHECK(f.found >= f.acked);
    CHECK(f.found <= f.sent);
    CHECK(f.rejoined == people);
    // Everything not stored is sent now: what was lost with the crash and what had not
    // been sent yet when it came.
    CHECK(f.resent == total - f.found);
    CHECK(f.final_total == total);
}

TEST_CASE("load: 600 participants answer at once: nothing lost or duplicated") {
    // CI size: 1000 took 41 s alone under ASan on the shared 2-core machine and over 60 s
    // next to other tests; the full 10,000 run through scripts/crash-rounds.sh --no-kill.
    constexpr std::size_t people = 600;
    constexpr int statements = 2;
    server_process srv({"--max-per-address", "0"}); // the whole crowd is on 127.0.0.1
    crash::crowd crowd(people, statements);
    crowd.create(srv.port());
    const auto t0 = std::chrono::steady_clock::now();
    crowd.join_all(srv.port());
    const auto b = crowd.answer_with_crash(0, {}, ms(60000));
    const std::size_t sent = b.sent, acked = b.acked, refused = b.refused;
    CHECK(sent == crowd.total());
    const auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    MESSAGE("600 participants joined and answered " << acked << " of " << sent << " in " << secs
                                                    << " s");
    CHECK(acked == sent);
    CHECK(refused == 0);
    // Everyone comes back on fresh connections: each has exactly what it sent, and the
    // facilitator counts every answer once.
    crowd.drop_all();
    const crash::figures f = crowd.verify(srv.port(), sent, acked, refused);
    MESSAGE(f.summary());
    CHECK(f.found == sent);
    CHECK(f.lost == 0);
    CHECK(f.wrong == 0);
    CHECK(f.duplicated == 0);
    CHECK(f.rejoined == people);
    CHECK(f.final_total == sent);
}

//------------------------------------------------------------------------------
// Disk

TEST_CASE("disk full: answers are refused with store_unavailable, views and joins go on, and "
          "it recovers by itself when space returns") {
    temp_dir dir;
    // A small file system of our own, so it can be filled without harming the machine.
    if (::mount("tmpfs", dir.path.c_str(), "tmpfs", 0, "size=4m") != 0) {
        MESSAGE("SKIPPED: cannot mount a tmpfs here (" << std::strerror(errno)
                                                       << "); this test needs root");
        return;
    }
    struct unmount {
        fs::path p;
        ~unmount() { ::umount2(p.c_str(), MNT_DETACH); }
    } guard{dir.path};
    const fs::path filler = dir.path / "filler";
    {
        server_process srv({}, dir.path.string());
        ws_client fac(srv.port());
        const session_info s = create_session(fac, "stoplicht-visie");
        control(fac, "open", "visie");
        ws_client p(srv.port());
        const std::string token = join(p, s.code, "participant").welcome["resume_token"];
        REQUIRE(is_type(answer(p, "visie", "visie-03", "green"), "ack"));

        // Fill the disk to the last byte.
        fill_disk(filler.string());

        expect_error(
            p, {{"type", "answer"}, {"step", "visie"}, {"item", "visie-04"}, {"value", "red"}},
            "store_unavailable");
        expect_error(
            p, {{"type", "answer"}, {"step", "visie"}, {"item", "visie-03"}, {"value", "red"}},
            "store_unavailable");
        // A new participant cannot be stored either; who is known comes back; views go on.
        ws_client newcomer(srv.port());
        expect_error(
            newcomer,
            {{"type", "join"}, {"protocol_version", 1}, {"code", s.code}, {"role", "participant"}},
            "store_unavailable");
        ws_client again(srv.port());
        const join_result back = join(again, s.code, "participant", {{"resume_token", token}});
        REQUIRE(back.mine["answers"].size() == 1);
        CHECK(back.mine["answers"][0]["value"] == "green");
        ws_client projector(srv.port());
        join(projector, s.code, "projector");
        ws_client fac2(srv.port());
        const join_result fj = join(fac2, s.code, "facilitator", {{"secret", s.secret}});
        CHECK(crash::total_of(fj.view, "visie") == 1);
        CHECK(item_of(fj.view, "visie", "visie-03")["green"] == 1);
        CHECK(http_get(srv.port(), "/healthz").status == 200);

        // Space returns: the next answer is stored, without a restart.
        fs::remove(filler);
        const json ok = answer(again, "visie", "visie-04", "red");
        CHECK_MESSAGE(is_type(ok, "ack"), ok.dump());
        CHECK(is_type(answer(again, "visie", "visie-03", "orange"), "ack"));
        const json v = wait_view(fac2, [](const json& j) {
            return crash::total_of(j, "visie") == 2 &&
                   item_of(j, "visie", "visie-03")["orange"] == 1;
        });
        CHECK(item_of(v, "visie", "visie-04")["red"] == 1);
        ws_client later(srv.port());
        CHECK(join(later, s.code, "participant").welcome["participant_id"] == 2);
        srv.stop();
        CHECK(WIFEXITED(srv.last_wait_status()));
        CHECK(WEXITSTATUS(srv.last_wait_status()) == 0);

        // What was refused was never written: after a restart exactly the acked state.
        srv.start();
        ws_client fac3(srv.port());
        const join_result after = join(fac3, s.code, "facilitator", {{"secret", s.secret}});
        CHECK(crash::total_of(after.view, "visie") == 2);
        CHECK(item_of(after.view, "visie", "visie-03")["orange"] == 1);
        CHECK(item_of(after.view, "visie", "visie-04")["red"] == 1);
    }
}

//------------------------------------------------------------------------------
// Network

TEST_CASE("network: a participant drops without a close frame and comes back with its token") {
    server_process srv;
    ws_client fac(srv.port());
    const session_info s = create_session(fac, "stoplicht-visie");
    control(fac, "open", "visie");

    auto phone = std::make_unique<raw_ws>(srv.port());
    phone->handshake();
    const json w = raw_join(*phone, s.code, "participant");
    const int id = w["participant_id"];
    const std::string token = w["resume_token"];
    wait_view(fac, [](const json& v) { return v["online"] == 1; });
    for (int i = 1; i <= 2; ++i) {
        phone->send_json({{"type", "answer"},
                          {"seq", 10 + i},
                          {"step", "visie"},
                          {"item", item_id("visie", i)},
                          {"value", i == 1 ? "green" : "red"}});
        CHECK(is_type(phone->recv_seq(10 + i), "ack"));
    }
    phone->drop(); // the Wi-Fi is gone: no close frame
    wait_view(fac, [](const json& v) { return v["online"] == 0 && v["joined"] == 1; });

    std::this_thread::sleep_for(std::chrono::seconds(3));
    ws_client back(srv.port());
    const join_result j = join(back, s.code, "participant", {{"resume_token", token}});
    CHECK(j.welcome["participant_id"] == id);
    CHECK(j.welcome["resume_token"] == token);
    std::map<std::string, std::string> mine;
    for (const auto& a : j.mine["answers"])
        mine[a["item"]] = a["value"];
    CHECK(mine == std::map<std::string, std::string>{{"visie-03", "green"}, {"visie-04", "red"}});
    CHECK(j.view["current"] == "visie");
    CHECK(step_of(j.view, "visie")["phase"] == "open");
    const json fv = wait_view(fac, [](const json& v) { return v["online"] == 1; });
    CHECK(fv["joined"] == 1);
    CHECK(is_type(answer(back, "visie", "visie-05", "orange"), "ack"));
}

TEST_CASE("network: a server restart on the same port: a client with the web page's back-off "
          "reconnects, resumes and resends what was not acknowledged") {
    const int port = free_port();
    server_process srv({"--port", std::to_string(port)});
    REQUIRE(srv.port() == port);
    ws_client fac(port);
    const session_info s = create_session(fac, "stoplicht-visie");
    control(fac, "open", "visie");
    auto phone = std::make_unique<raw_ws>(port);
    phone->handshake();
    const json w = raw_join(*phone, s.code, "participant");
    const std::string token = w["resume_token"];
    phone->send_json({{"type", "answer"},
                      {"seq", 11},
                      {"step", "visie"},
                      {"item", "visie-03"},
                      {"value", "green"}});
    REQUIRE(is_type(phone->recv_seq(11), "ack"));

    srv.kill9();
    CHECK(phone->wait_closed(ms(3000)));
    // An answer given while the server is down: the page keeps it as pending.
    const json pending{
        {"type", "answer"}, {"step", "visie"}, {"item", "visie-04"}, {"value", "red"}};

    // The server comes back after two seconds.
    std::thread restarter([&] {
        std::this_thread::sleep_for(std::chrono::seconds(2));
        srv.start();
    });
    // The clients' schedule, as the welcome's rules give it (rules.hpp reconnect_policy):
    // base = min(max_ms, first_ms * 2^n), a delay drawn from [(1 - jitter) base, base],
    // n reset on welcome.
    const kring::reconnect_policy policy = w["rules"]["reconnect"].is_object()
                                               ? w["rules"].get<kring::client_rules>().reconnect
                                               : kring::reconnect_policy{};
    std::mt19937 rng(std::random_device{}());
    std::vector<double> delays;
    std::unique_ptr<raw_ws> again;
    const auto t0 = std::chrono::steady_clock::now();
    for (int attempt = 0; attempt < 12 && !again; ++attempt) {
        try {
            auto c = std::make_unique<raw_ws>(port);
            c->handshake();
            again = std::move(c);
        } catch (const std::runtime_error&) {
            const double base =
                std::min<double>(policy.max_ms, policy.first_ms * std::pow(2.0, attempt));
            const double delay =
                std::uniform_real_distribution<double>((1 - policy.jitter) * base, base)(rng);
            delays.push_back(delay);
            std::this_thread::sleep_for(ms(static_cast<long>(delay)));
        }
    }
    restarter.join();
    const double waited =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    MESSAGE("reconnected after " << delays.size() << " refused attempts, " << waited << " s");
    REQUIRE(again);
    CHECK(delays.size() >= 1);
    for (std::size_t i = 1; i < delays.size(); ++i)
        CHECK(delays[i] >= delays[i - 1] * 0.5); // it backs off: never much faster than before
    CHECK(waited < 2.0 + 8.0); // the third delay is at most 2 s: back within a few seconds

    const json back = raw_join(*again, s.code, "participant", {{"resume_token", token}});
    CHECK(back["participant_id"] == w["participant_id"]);
    const json mine = again->recv_type("mine");
    REQUIRE(mine["answers"].size() == 1);
    CHECK(mine["answers"][0]["item"] == "visie-03");
    json resend = pending;
    resend["seq"] = 12;
    again->send_json(resend);
    CHECK(is_type(again->recv_seq(12), "ack"));
    ws_client fac2(port);
    const join_result fj = join(fac2, s.code, "facilitator", {{"secret", s.secret}});
    CHECK(crash::total_of(fj.view, "visie") == 2);
}

//------------------------------------------------------------------------------
// Slow and dead clients

TEST_CASE("slow consumer: a client that stops reading costs bounded memory, others are acked "
          "quickly, and it gets the newest view rather than every view") {
    small_asan_quarantine quarantine;
    server_process srv;
    const int pid = server_pid(srv);
    REQUIRE(pid > 0);
    ws_client fac(srv.port());
    const session_info s = create_session(fac, "stoplicht-visie");
    control(fac, "open", "visie");

    // Ten facilitator screens that never read (small receive buffers: they fill at once).
    // The facilitator's view carries every comment, so each view is large.
    std::vector<std::unique_ptr<raw_ws>> slow;
    for (int i = 0; i < 10; ++i) {
        kring::raw::connect_options o;
        o.rcvbuf = 4096;
        slow.push_back(std::make_unique<raw_ws>(srv.port(), o));
        slow.back()->handshake();
        slow.back()->send_json({{"type", "join"},
                                {"seq", 1},
                                {"protocol_version", 1},
                                {"code", s.code},
                                {"role", "facilitator"},
                                {"secret", s.secret}});
    }
    std::vector<std::unique_ptr<ws_client>> people;
    for (int i = 0; i < 20; ++i) {
        people.push_back(std::make_unique<ws_client>(srv.port()));
        join(*people.back(), s.code, "participant");
    }
    std::this_thread::sleep_for(ms(300));
    const long before = rss_kib(pid);

    // The burst: 20 people change their answers to the four statements six times (480
    // changes), each with a long comment. The burst must be much longer than what the
    // slow screens' socket buffers hold, or replacement would not show in the count below.
    static const char* const values[] = {"green", "orange", "red", "pass"};
    const std::string comment(300, 'k');
    constexpr int rounds = 6;
    double worst_ms = 0;
    std::uint64_t last_rev = 0;
    for (int round = 0; round < rounds; ++round) {
        for (int item = 1; item <= visie_statements; ++item) {
            for (std::size_t p = 0; p < people.size(); ++p) {
                const auto t0 = std::chrono::steady_clock::now();
                const json r = answer(*people[p], "visie", item_id("visie", item),
                                      values[(p + item + round) % 4],
                                      comment + std::to_string(p * 100 + item));
                worst_ms = std::max(worst_ms, std::chrono::duration<double, std::milli>(
                                                  std::chrono::steady_clock::now() - t0)
                                                  .count());
                REQUIRE_MESSAGE(is_type(r, "ack"), r.dump());
                last_rev = std::max(last_rev, r["rev"].get<std::uint64_t>());
            }
        }
    }
    std::this_thread::sleep_for(ms(500));
    const long after = rss_kib(pid);
    MESSAGE("server RSS " << before << " KiB -> " << after << " KiB; slowest ack " << worst_ms
                          << " ms over " << rounds * visie_statements * people.size()
                          << " answers");
    CHECK(after - before < 64 * 1024);
    CHECK(worst_ms < 2000);

    // The slow screens start reading again: still connected, and far fewer views than
    // changes arrive (unsent older views were replaced), the last one the newest. A screen
    // is read until the newest view arrives (or nothing comes for 1.5 s).
    std::size_t views = 0;
    std::uint64_t newest = 0;
    for (auto& c : slow) {
        std::uint64_t seen = 0;
        while (seen < last_rev) {
            auto t = c->read_text(ms(1500));
            if (!t)
                break;
            const json j = json::parse(*t);
            for (const json& m : j.is_array() ? j : json::array({j})) {
                if (is_type(m, "view")) {
                    ++views;
                    seen = std::max(seen, m["rev"].get<std::uint64_t>());
                }
            }
        }
        newest = std::max(newest, seen);
        CHECK(seen == last_rev);
        CHECK(c->open());
    }
    MESSAGE(views << " views reached 10 slow screens for " << last_rev << " revisions");
    CHECK(newest == last_rev);
    // Without replacement each screen would get a view per broadcast, about one per
    // revision when answers come slower than the 20 ms broadcast interval (a loaded machine,
    // a sanitizer). What reaches a screen that does not read is what its socket buffers hold
    // (the kernel grows them to megabytes on loopback) plus the newest queued view: measured
    // 57 per screen in a Release build, up to 138 under AddressSanitizer on a busy machine.
    CHECK(views < 10 * last_rev / 2);
}

TEST_CASE("idle timeout: a client that stops answering pings is closed and leaves the room's "
          "online count: one that answers stays") {
    server_process srv({"--idle-timeout", "2"});
    ws_client fac(srv.port());
    const session_info s = create_session(fac, "stoplicht-visie");

    raw_ws dead(srv.port());
    dead.handshake();
    raw_join(dead, s.code, "participant");
    dead.answer_pings = false;
    raw_ws alive(srv.port());
    alive.handshake();
    raw_join(alive, s.code, "participant");
    wait_view(fac, [](const json& v) { return v["online"] == 2; });

    const auto t0 = std::chrono::steady_clock::now();
    // Nobody sends anything; `alive` answers the server's pings while it reads, `dead` does
    // not. The facilitator's client reads all along too (and so answers its pings).
    std::thread reader([&] {
        const auto until = t0 + std::chrono::seconds(6);
        while (std::chrono::steady_clock::now() < until && alive.open()) {
            try {
                alive.read_text(ms(200));
            } catch (const std::runtime_error&) {
                break;
            }
        }
    });
    const json v = wait_view(
        fac, [](const json& j) { return j["online"] == 1; }, ms(8000));
    const double gone_after =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(v["joined"] == 2);
    CHECK(dead.wait_closed(ms(1000)));
    while (std::chrono::steady_clock::now() < t0 + std::chrono::seconds(6)) {
        try {
            fac.recv(ms(200));
        } catch (const std::runtime_error&) {
            if (!fac.is_open())
                break;
        }
    }
    reader.join();
    MESSAGE("the silent client left the room after " << gone_after << " s");
    CHECK(gone_after >= 1.5);
    CHECK(gone_after < 6.0);
    CHECK(alive.open());
    CHECK(fac.is_open());
}

TEST_CASE("idle timeout: the flag is checked") {
    CHECK_THROWS_AS(server_process({"--idle-timeout", "0"}), std::runtime_error);
    CHECK_THROWS_AS(server_process({"--idle-timeout", "soon"}), std::runtime_error);
}

//------------------------------------------------------------------------------
// TLS and headers

TEST_CASE("security headers on every response over HTTP: page, health, 404, 400, 405, upgrade") {
    server_process srv;
    for (const char* target : {"/", "/healthz", "/nope.js", "/images/none.png", "/a/../b"}) {
        CAPTURE(target);
        raw_ws c(srv.port());
        const std::string r = c.http_get(target);
        check_security_headers(headers_of(r));
    }
    {
        raw_ws c(srv.port());
        const std::string r = c.http_get("/nope.js");
        CHECK(status_of(r) == 404);
    }
    {
        raw_ws c(srv.port());
        c.write_all("POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: "
                    "close\r\n\r\n");
        const std::string r = c.read_http();
        CHECK(status_of(r) == 405);
        check_security_headers(headers_of(r));
    }
    {
        raw_ws c(srv.port());
        check_security_headers(headers_of(c.handshake()));
    }
}

TEST_CASE("TLS: HTTPS and WSS on the same port with a self-signed certificate") {
    self_signed cert;
    server_process srv({"--tls-cert", cert.cert, "--tls-key", cert.key});
    tls_client tls(cert.cert);
    kring::raw::connect_options o;
    o.tls = tls.ctx;

    {
        raw_ws c(srv.port(), o);
        const std::string r = c.http_get("/healthz");
        CHECK(status_of(r) == 200);
        CHECK(r.find("\"status\":\"ok\"") != std::string::npos);
        check_security_headers(headers_of(r));
    }
    {
        raw_ws c(srv.port(), o);
        const std::string r = c.http_get("/missing");
        CHECK(status_of(r) == 404);
        check_security_headers(headers_of(r));
    }

    // A whole session over WSS: create, open, join, answer, ack, counted.
    raw_ws fac(srv.port(), o);
    check_security_headers(headers_of(fac.handshake()));
    fac.send_json({{"type", "create_session"},
                   {"seq", 1},
                   {"protocol_version", 1},
                   {"template", "stoplicht-visie"}});
    const json created = fac.recv_seq(1);
    REQUIRE_MESSAGE(is_type(created, "session_created"), created.dump());
    fac.send_json({{"type", "control"}, {"seq", 2}, {"action", "open"}, {"step", "visie"}});
    REQUIRE(is_type(fac.recv_seq(2), "ack"));
    raw_ws p(srv.port(), o);
    p.handshake();
    const json w = raw_join(p, created["join_code"], "participant");
    CHECK(w["participant_id"] == 1);
    p.send_json({{"type", "answer"},
                 {"seq", 5},
                 {"step", "visie"},
                 {"item", "visie-03"},
                 {"value", "green"}});
    CHECK(is_type(p.recv_seq(5), "ack"));
    for (;;) {
        const json v = fac.recv_type("view");
        if (crash::total_of(v, "visie") == 1)
            break;
    }

    // Plain HTTP on the TLS port gets nowhere, and the server goes on serving TLS.
    CHECK_THROWS(http_get(srv.port(), "/healthz"));
    raw_ws again(srv.port(), o);
    CHECK(status_of(again.http_get("/healthz")) == 200);

    // A client that does not trust the certificate refuses it.
    SSL_CTX* strict = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(strict, SSL_VERIFY_PEER, nullptr);
    kring::raw::connect_options so;
    so.tls = strict;
    CHECK_THROWS_AS(raw_ws(srv.port(), so), std::runtime_error);
    SSL_CTX_free(strict);
}

TEST_CASE("TLS: a missing or unusable certificate stops the server at start-up") {
    self_signed cert;
    // Only one of the two flags: a usage error.
    CHECK_THROWS_AS(server_process({"--tls-cert", cert.cert}), std::runtime_error);
    // A file that is not there, and a key that belongs to another certificate.
    CHECK_THROWS_AS(server_process({"--tls-cert", cert.cert + ".none", "--tls-key", cert.key}),
                    std::runtime_error);
    self_signed other;
    CHECK_THROWS_AS(server_process({"--tls-cert", cert.cert, "--tls-key", other.key}),
                    std::runtime_error);
}
} // namespace kring_test_server_fault_test
