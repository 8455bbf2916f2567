// Durability: what was acknowledged survives a clean stop and a crash (kill -9), and
// people come back as themselves.

#include "helpers.hpp"

#include <sys/wait.h>

#include <map>
#include <set>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_restart_test {

using namespace kring::test;

TEST_CASE("clean restart (SIGTERM): session, answers and phases are back, people resume") {
    server_process srv;
    session_info s;
    json tok1, tok2;
    json before;
    {
        ws_client fac(srv.port());
        s = create_session(fac);
        ws_client p1(srv.port()), p2(srv.port());
        const join_result j1 = join(p1, s.code, "participant", {{"name", "Mia"}});
        const join_result j2 = join(p2, s.code, "participant");
        tok1 = j1.welcome["resume_token"];
        tok2 = j2.welcome["resume_token"];
        control(fac, "open", "visie");
        REQUIRE(is_type(answer(p1, "visie", "visie-03", "green", "goed"), "ack"));
        REQUIRE(is_type(answer(p1, "visie", "visie-04", "orange"), "ack"));
        REQUIRE(is_type(answer(p2, "visie", "visie-03", "red"), "ack"));
        control(fac, "close", "visie");
        control(fac, "reveal", "visie");
        control(fac, "open", "vormen");
        const json last = answer(p2, "vormen", "vormen-03", "pass");
        REQUIRE(is_type(last, "ack"));
        before = wait_view(fac, rev_at_least(last["rev"]));
    }

    srv.stop();
    const int st = srv.last_wait_status();
    CHECK(WIFEXITED(st));
    CHECK(WEXITSTATUS(st) == 0);
    srv.start();

    CHECK(json::parse(http_get(srv.port(), "/healthz").body)["sessions"] == 1);

    // The facilitator comes back with the secret and sees exactly the same state.
    ws_client fac(srv.port());
    expect_error(fac,
                 {{"type", "join"},
                  {"protocol_version", 1},
                  {"code", s.code},
                  {"role", "facilitator"},
                  {"secret", "wrong"}},
                 "forbidden");
    const join_result fj = join(fac, s.code, "facilitator", {{"secret", s.secret}});
    CHECK(fj.welcome["session"]["id"] == s.id);
    // Who is connected and the clock are of the moment, not of the session.
    json after = fj.view;
    json expected = before;
    for (json* v : {&after, &expected}) {
        v->erase("online");
        v->erase("now");
        v->erase("devices");
    }
    CHECK(after == expected);
    CHECK(step_of(fj.view, "visie")["phase"] == "closed");
    CHECK(step_of(fj.view, "visie")["revealed"] == true);
    CHECK(step_of(fj.view, "vormen")["phase"] == "open");
    CHECK(fj.view["current"] == "vormen");

    // Participant 1 resumes: same id, own answers in `mine`.
    ws_client p1(srv.port());
    const join_result back = join(p1, s.code, "participant", {{"resume_token", tok1}});
    CHECK(back.welcome["participant_id"] == 1);
    CHECK(back.welcome["resume_token"] == tok1);
    std::map<std::string, std::string> mine;
    for (const auto& a : back.mine["answers"])
        mine[a["item"].get<std::string>()] = a["value"].get<std::string>();
    CHECK(mine ==
          std::map<std::string, std::string>{{"visie-03", "green"}, {"visie-04", "orange"}});
    CHECK(back.mine["answers"][0]["comment"] == "goed");

    // A new participant gets the next id; the open step still takes answers.
    ws_client p3(srv.port());
    CHECK(join(p3, s.code, "participant").welcome["participant_id"] == 3);
    ws_client p2(srv.port());
    CHECK(join(p2, s.code, "participant", {{"resume_token", tok2}}).welcome["participant_id"] == 2);
    CHECK(is_type(answer(p2, "vormen", "vormen-03", "green"), "ack"));
    CHECK(answer(p2, "visie", "visie-03", "green")["code"] == "step_not_open");
}

TEST_CASE("crash (kill -9) in the middle of a burst, every acknowledged answer survives") {
    server_process srv;
    ws_client fac(srv.port());
    const session_info s = create_session(fac, "stoplicht-visie");
    control(fac, "open", "visie");

    constexpr int people = 3;
    std::vector<std::unique_ptr<ws_client>> ps;
    std::vector<std::string> tokens;
    for (int i = 0; i < people; ++i) {
        ps.push_back(std::make_unique<ws_client>(srv.port()));
        tokens.push_back(join(*ps.back(), s.code, "participant").welcome["resume_token"]);
    }
    // Each person rates all the statements without waiting; each item is answered once, so
    // an acked answer cannot be hidden by a later one.
    auto value = [](int person, int item) {
        static const char* const v[] = {"green", "orange", "red", "pass"};
        return std::string(v[(person + item) % 4]);
    };
    for (int p = 0; p < people; ++p) {
        for (int i = 1; i <= visie_statements; ++i)
            ps[p]->send(json{{"type", "answer"},
                             {"seq", i},
                             {"step", "visie"},
                             {"item", item_id("visie", i)},
                             {"value", value(p, i)}}
                            .dump());
    }
    // Read some acks, then crash with the rest possibly still in flight.
    std::vector<std::set<int>> acked(people);
    for (int p = 0; p < people; ++p) {
        const int want = 1 + p; // 1, 2, 3 of the 4
        while (static_cast<int>(acked[p].size()) < want) {
            const json a = ps[p]->recv_until([](const json& j) { return is_type(j, "ack"); });
            acked[p].insert(a["seq"].get<int>());
        }
    }
    srv.kill9();
    ps.clear();
    srv.start();

    for (int p = 0; p < people; ++p) {
        ws_client c(srv.port());
        const join_result back = join(c, s.code, "participant", {{"resume_token", tokens[p]}});
        CHECK(back.welcome["participant_id"] == p + 1);
        std::map<std::string, std::string> mine;
        for (const auto& a : back.mine["answers"])
            mine[a["item"].get<std::string>()] = a["value"].get<std::string>();
        for (int i : acked[p]) {
            CAPTURE(p);
            CAPTURE(i);
            CHECK(mine[item_id("visie", i)] == value(p, i));
        }
        // Whatever else is there is exactly what was sent (never half or wrong).
        for (const auto& [item, v] : mine) {
            int n = 1;
            while (n < visie_statements && item_id("visie", n) != item)
                ++n;
            REQUIRE(item_id("visie", n) == item);
            CHECK(v == value(p, n));
        }
    }
}
} // namespace kring_test_server_restart_test
