// Who may do what: every facilitator control tried by every other kind of connection, the
// boundaries between sessions (tokens and secrets of one session mean nothing in another),
// the record's requests, the limit on guessing join codes, and that no secret or token
// ever reaches the server's output.

#include "helpers.hpp"

#include "join_guard.hpp"
#include "security.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_auth_test {

using namespace kring::test;

namespace {

/**
 * Every control action of docs/protocol.md (sections 3 and 6) with fields that would make
 * it valid for the facilitator on an open traffic-light step "visie": a refusal can then
 * only come from who sends it.
 */
std::vector<json> every_control() {
    const std::string step = "visie";
    const std::string item = item_id(step, 1);
    const std::string card = "c0123456789ab";
    auto c = [](const std::string& action, json fields) {
        json m{{"type", "control"}, {"action", action}};
        m.update(fields);
        return m;
    };
    return {
        c("open", {{"step", step}}),
        c("close", {{"step", step}}),
        c("reveal", {{"step", step}}),
        c("hide", {{"step", step}}),
        c("goto", {{"step", "vormen"}}),
        c("hide_card", {{"step", step}, {"card", card}}),
        c("show_card", {{"step", step}, {"card", card}}),
        c("merge_cards", {{"step", step}, {"card", card}, {"cards", {"c0123456789ac"}}}),
        c("unmerge_card", {{"step", step}, {"card", card}}),
        c("set_lang", {{"lang", "en"}}),
        c("lock", {{"step", step}}),
        c("unlock", {{"step", step}}),
        c("set_live", {{"step", step}, {"on", true}}),
        c("start_timer", {{"step", step}, {"seconds", 60}, {"close", true}}),
        c("stop_timer", {{"step", step}}),
        c("bring_here", {{"step", step}}),
        c("set_follow", {{"step", ""}, {"on", false}}),
        c("pause", {{"step", ""}}),
        c("resume", {{"step", ""}}),
        c("remove_participant", {{"step", ""}, {"participant", 1}, {"discard", true}}),
        c("set_tally", {{"step", step}, {"item", item}, {"counts", {{"green", 5}}}}),
        c("set_note", {{"step", step}, {"text", "kernpunt"}}),
        c("set_min_answers", {{"step", ""}, {"min", 1}}),
        c("set_compare", {{"step", ""}, {"session", ""}}),
    };
}

/** The facilitator's current revision, asked with sync (welcome, then the view). */
std::uint64_t facilitator_rev(ws_client& fac) {
    const json w = fac.request({{"type", "sync"}});
    REQUIRE_MESSAGE(is_type(w, "welcome"), w.dump());
    const json v = fac.recv_until([](const json& j) { return is_type(j, "view"); });
    return v["rev"].get<std::uint64_t>();
}

/** Tries every control on `c`; each must be refused with `code`, the session untouched. */
void every_control_refused(ws_client& c, ws_client& fac, const std::string& code,
                           const std::string& who) {
    const std::uint64_t before = facilitator_rev(fac);
    for (const json& m : every_control()) {
        INFO(who << " sends " << m.dump());
        expect_error(c, m, code);
    }
    CHECK_MESSAGE(facilitator_rev(fac) == before, who);
}

/** A session on `srv` with its facilitator connection, step "visie" open. */
struct open_session {
    std::unique_ptr<ws_client> fac;
    session_info info;

    explicit open_session(int port) : fac(std::make_unique<ws_client>(port)) {
        info = create_session(*fac);
        control(*fac, "open", "visie");
    }
};

json join_message(const std::string& code, const std::string& role, json extra = json::object()) {
    json m{{"type", "join"}, {"protocol_version", 1}, {"code", code}, {"role", role}};
    m.update(extra);
    return m;
}

} // namespace

TEST_CASE("every control is refused to a participant, a projector, a foreign secret and an "
          "unjoined connection, and the session does not change") {
    server_process srv;
    open_session a(srv.port());
    open_session b(srv.port());

    ws_client participant(srv.port());
    join(participant, a.info.code, "participant");
    ws_client projector(srv.port());
    join(projector, a.info.code, "projector");

    every_control_refused(participant, *a.fac, "forbidden", "a participant");
    every_control_refused(projector, *a.fac, "forbidden", "a projector");

    // The secret of session B does not steer session A: the join itself is refused, and
    // the connection stays unjoined.
    ws_client foreign(srv.port());
    expect_error(foreign, join_message(a.info.code, "facilitator", {{"secret", b.info.secret}}),
                 "forbidden");
    every_control_refused(foreign, *a.fac, "not_joined", "a connection with B's secret");

    ws_client nobody(srv.port());
    every_control_refused(nobody, *a.fac, "not_joined", "an unjoined connection");

    // And B was not touched by any of it either; its own secret still works for B only.
    ws_client b_again(srv.port());
    join(b_again, b.info.code, "facilitator", {{"secret", b.info.secret}});
    ws_client a_with_b(srv.port());
    expect_error(a_with_b, join_message(b.info.code, "facilitator", {{"secret", a.info.secret}}),
                 "forbidden");
    // An empty secret is no secret at all: refused before any comparison.
    expect_error(a_with_b, join_message(b.info.code, "facilitator", {{"secret", ""}}),
                 "bad_message");
}

TEST_CASE("a resume token is only valid in its own session: elsewhere it makes a new "
          "participant without the old answers") {
    server_process srv;
    open_session a(srv.port());
    open_session b(srv.port());

    ws_client p(srv.port());
    const join_result in_a = join(p, a.info.code, "participant");
    const std::string token_a = in_a.welcome["resume_token"];
    const json ack = answer(p, "visie", item_id("visie", 1), "red", "alleen in A");
    REQUIRE_MESSAGE(is_type(ack, "ack"), ack.dump());

    // B already has one participant, so a participant taken over from A would show up
    // with A's id or answers.
    ws_client other(srv.port());
    join(other, b.info.code, "participant");
    ws_client p_in_b(srv.port());
    const join_result in_b = join(p_in_b, b.info.code, "participant", {{"resume_token", token_a}});
    CHECK(in_b.welcome["participant_id"] == 2);
    CHECK(in_b.welcome["resume_token"] != token_a);
    CHECK(in_b.mine["answers"].empty());
    const json bv = wait_view(*b.fac, [](const json& v) { return v["joined"] == 2; });
    CHECK(step_of(bv, "visie")["answered"] == 0);

    // Back in A the token still gives the same person with the answer.
    ws_client p_back(srv.port());
    const join_result again = join(p_back, a.info.code, "participant", {{"resume_token", token_a}});
    CHECK(again.welcome["participant_id"] == in_a.welcome["participant_id"]);
    REQUIRE(again.mine["answers"].size() == 1);
    CHECK(again.mine["answers"][0]["value"] == "red");
}

TEST_CASE("answering the same statement again replaces the answer: it counts once") {
    server_process srv;
    open_session a(srv.port());
    const std::string item = item_id("visie", 1);

    std::vector<std::unique_ptr<ws_client>> people;
    for (int i = 0; i < 3; ++i) {
        people.push_back(std::make_unique<ws_client>(srv.port()));
        join(*people.back(), a.info.code, "participant");
    }
    for (const char* colour : {"green", "green", "red", "green"}) {
        const json r = answer(*people[0], "visie", item, colour);
        REQUIRE_MESSAGE(is_type(r, "ack"), r.dump());
    }
    REQUIRE(is_type(answer(*people[1], "visie", item, "orange"), "ack"));
    REQUIRE(is_type(answer(*people[2], "visie", item, "red"), "ack"));

    const json v = wait_view(*a.fac, [](const json& v) {
        const json st = step_of(v, "visie");
        return st["answered"] == 3;
    });
    const json counts = item_of(v, "visie", item);
    REQUIRE_MESSAGE(counts.is_object(), v.dump());
    CHECK(counts["green"] == 1);
    CHECK(counts["orange"] == 1);
    CHECK(counts["red"] == 1);
    CHECK(counts["pass"] == 0);
}

TEST_CASE("the record's requests are refused to participants and projectors") {
    server_process srv;
    open_session a(srv.port());
    ws_client participant(srv.port());
    join(participant, a.info.code, "participant");
    ws_client projector(srv.port());
    join(projector, a.info.code, "projector");

    for (ws_client* c : {&participant, &projector}) {
        expect_error(*c, {{"type", "export"}, {"format", "json"}}, "forbidden");
        expect_error(*c, {{"type", "export"}, {"format", "csv"}, {"step", "visie"}}, "forbidden");
        expect_error(*c, {{"type", "list_sessions"}}, "forbidden");
        expect_error(*c, {{"type", "delete_session"}, {"session", a.info.id}}, "forbidden");
    }
    // The session is still there.
    ws_client late(srv.port());
    join(late, a.info.code, "projector");
}

TEST_CASE("wrong join codes: after 10 from one address even the right code is rate_limited, "
          "another address is not affected") {
    server_process srv;
    open_session a(srv.port());
    // A code that is not the session's: flip its first letter.
    std::string wrong = a.info.code;
    wrong[0] = wrong[0] == 'A' ? 'B' : 'A';

    ws_client guesser(srv.port());
    for (int i = 0; i < 10; ++i)
        expect_error(guesser, join_message(wrong, "participant"), "unknown_session");
    expect_error(guesser, join_message(a.info.code, "participant"), "rate_limited");
    expect_error(guesser, join_message(wrong, "projector"), "rate_limited");
    // A new connection from the same address is no way around it.
    ws_client same_address(srv.port());
    expect_error(same_address, join_message(a.info.code, "participant"), "rate_limited");

    // Someone else in the room (127.0.0.2 is another address on the loopback network).
    ws_client neighbour(srv.port(), "127.0.0.1", "127.0.0.2");
    const join_result j = join(neighbour, a.info.code, "participant");
    CHECK(j.welcome["role"] == "participant");
    // The facilitator, who created the session earlier, keeps steering it.
    control(*a.fac, "close", "visie");
}

TEST_CASE("a mistyped code now and then is no problem: 9 wrong codes, then the right one") {
    server_process srv;
    open_session a(srv.port());
    ws_client c(srv.port());
    for (int i = 0; i < 9; ++i)
        expect_error(c, join_message("ZZZZZZ", "participant"), "unknown_session");
    // Codes are case-insensitive and dashes are ignored: that is not a failure either.
    std::string typed = a.info.code;
    for (char& ch : typed)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    typed.insert(3, "-");
    join(c, typed, "participant");
}

TEST_CASE("join guard: a window per address, IPv6 per /64, cooling down, bounded memory") {
    using kring::server::join_guard;
    using namespace std::chrono_literals;
    join_guard::settings settings;
    settings.max_failures = 3;
    settings.window = 60s;
    settings.max_addresses = 4;
    join_guard guard(settings);
    const auto t0 = join_guard::clock::time_point{} + 1h;

    for (int i = 0; i < 3; ++i) {
        CHECK_FALSE(guard.blocked("10.0.0.1", t0));
        guard.failed("10.0.0.1", t0 + std::chrono::seconds(i));
    }
    CHECK(guard.blocked("10.0.0.1", t0 + 10s));
    CHECK_FALSE(guard.blocked("10.0.0.2", t0 + 10s));
    // The same machine through IPv4-mapped IPv6 is the same address.
    CHECK(guard.blocked("::ffff:10.0.0.1", t0 + 10s));
    // A minute after the window started, the address is welcome again.
    CHECK_FALSE(guard.blocked("10.0.0.1", t0 + 60s));
    CHECK(guard.tracked() == 0);

    // Every address of one /64 shares a budget; another /64 has its own.
    guard.failed("2001:db8:1:2::1", t0);
    guard.failed("2001:db8:1:2:aaaa::9", t0);
    guard.failed("2001:db8:1:2:ffff:ffff:ffff:ffff", t0);
    CHECK(guard.blocked("2001:db8:1:2::77", t0 + 1s));
    CHECK_FALSE(guard.blocked("2001:db8:1:3::1", t0 + 1s));
    CHECK(join_guard::key_of("2001:db8:1:2::1") == "2001:db8:1:2::/64");
    CHECK(join_guard::key_of("::ffff:192.168.1.7") == "192.168.1.7");
    CHECK(join_guard::key_of("") == "");

    // Many addresses: at most max_addresses are remembered, the oldest window goes first.
    for (int i = 0; i < 100; ++i)
        guard.failed("192.168.0." + std::to_string(i), t0 + 2s);
    CHECK(guard.tracked() == 4);
    CHECK_FALSE(guard.blocked("2001:db8:1:2::77", t0 + 3s));
}

//------------------------------------------------------------------------------
// Secrets stay out of the server's output

namespace {

/** A kring-server whose stdout and stderr both go to a file the test reads afterwards. */
class logged_server {
public:
    logged_server() {
        dir_ = std::filesystem::temp_directory_path() /
               ("kring-auth-" + std::to_string(::getpid()) + "-" +
                std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        std::filesystem::create_directories(dir_);
        log_ = (dir_ / "server.log").string();
        std::vector<std::string> args = server_command((dir_ / "kring.sqlite").string());
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
        const int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0)
            throw std::runtime_error(std::string("cannot start kring-server: ") +
                                     std::strerror(rc));
        wait_for_port();
    }
    ~logged_server() {
        stop();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    int port() const { return port_; }

    /** SIGTERM, wait, and everything the server wrote. */
    std::string stop() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            int status = 0;
            while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
            }
            pid_ = -1;
        }
        return output();
    }

    std::string output() const {
        std::ifstream in(log_, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }

private:
    void wait_for_port() {
        const std::string marker = "KRING_LISTENING port=";
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (std::chrono::steady_clock::now() < deadline) {
            const std::string out = output();
            const auto at = out.find(marker);
            if (at != std::string::npos && out.find('\n', at) != std::string::npos) {
                port_ = std::atoi(out.c_str() + at + marker.size());
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        stop();
        throw std::runtime_error("kring-server did not start; output:\n" + output());
    }

    std::filesystem::path dir_;
    std::string log_;
    pid_t pid_ = -1;
    int port_ = 0;
};

} // namespace

TEST_CASE("no facilitator secret, resume token or their hashes in the server's output") {
    logged_server srv;
    std::vector<std::string> secrets;
    std::string code;
    {
        ws_client fac(srv.port());
        const session_info s = create_session(fac);
        code = s.code;
        secrets.push_back(s.secret);
        control(fac, "open", "visie");

        ws_client p(srv.port());
        const join_result j = join(p, s.code, "participant", {{"name", "Griet"}});
        secrets.push_back(j.welcome["resume_token"]);
        REQUIRE(is_type(answer(p, "visie", item_id("visie", 1), "green", "een opmerking"), "ack"));

        // Coming back, a wrong secret, a foreign token, oversized and malformed input: the
        // paths where a server might be tempted to log what it received.
        ws_client back(srv.port());
        join(back, s.code, "participant", {{"resume_token", secrets[1]}});
        ws_client fac2(srv.port());
        join(fac2, s.code, "facilitator", {{"secret", s.secret}});
        ws_client wrong(srv.port());
        expect_error(wrong, join_message(s.code, "facilitator", {{"secret", s.secret + "x"}}),
                     "forbidden");
        ws_client bad(srv.port());
        bad.send("{\"type\":\"join\",\"secret\":\"" + s.secret + "\",");
        bad.recv_until([](const json& m) { return is_type(m, "error"); });
        ws_client big(srv.port());
        big.send(
            json{{"type", "join"}, {"secret", s.secret}, {"pad", std::string(40000, 'x')}}.dump());
        for (int i = 0; i < 50 && big.is_open(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        control(fac, "close", "visie");
    }
    const std::string out = srv.stop();
    INFO("server output:\n" << out);
    // The output is not empty: the check below looks at something real.
    CHECK(out.find("KRING_LISTENING") != std::string::npos);
    REQUIRE(secrets.size() == 2);
    for (const std::string& secret : secrets) {
        REQUIRE(secret.size() >= 16);
        CHECK(out.find(secret) == std::string::npos);
        CHECK(out.find(kring::server::credential_hash(secret)) == std::string::npos);
    }
    CHECK(out.find("Griet") == std::string::npos);
}
} // namespace kring_test_server_auth_test
