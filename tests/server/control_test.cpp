// Running the room over real WebSockets: lock, live results, the timer, bring_here and
// follow, pause, removing a device, paper tallies, notes, the answer threshold, the
// comparison, who may do it, and that all of it survives a restart.

#include "helpers.hpp"

#include <thread>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_control_test {

using namespace kring::test;

namespace {

const std::string step1 = "visie";
const std::string item1 = item_id("visie", 1);

} // namespace

TEST_CASE("control: lock refuses answers and open until unlock") {
    server_process srv;
    ws_client fac(srv.port()), p(srv.port());
    const auto s = create_session(fac);
    join(p, s.code, "participant");
    control(fac, "open", step1);
    REQUIRE(is_type(answer(p, step1, item1, "green"), "ack"));
    expect_error(fac, {{"type", "control"}, {"action", "lock"}, {"step", step1}},
                 "invalid_transition"); // still open
    control(fac, "close", step1);
    const json ack = steer_ok(fac, "lock", step1);
    const json v = wait_view(p, rev_at_least(ack["rev"]));
    CHECK(step_of(v, step1)["locked"] == true);
    expect_error(p, {{"type", "answer"}, {"step", step1}, {"item", item1}, {"value", "red"}},
                 "step_not_open");
    expect_error(fac, {{"type", "control"}, {"action", "open"}, {"step", step1}},
                 "invalid_transition");
    expect_error(fac,
                 {{"type", "control"},
                  {"action", "set_tally"},
                  {"step", step1},
                  {"item", item1},
                  {"counts", {{"green", 1}}}},
                 "invalid_transition");
    steer_ok(fac, "unlock", step1);
    control(fac, "open", step1);
    CHECK(is_type(answer(p, step1, item1, "red"), "ack"));
}

TEST_CASE("control: a live step shows its result to participants before reveal") {
    server_process srv;
    ws_client fac(srv.port()), p(srv.port());
    const auto s = create_session(fac);
    join(p, s.code, "participant");
    control(fac, "open", step1);
    const json a = answer(p, step1, item1, "orange");
    REQUIRE(is_type(a, "ack"));
    CHECK(result_of(wait_view(p, rev_at_least(a["rev"])), step1).is_null());
    expect_error(fac, {{"type", "control"}, {"action", "set_live"}, {"step", step1}, {"on", "ja"}},
                 "bad_message");
    const json ack = steer_ok(fac, "set_live", step1, {{"on", true}});
    const json v = wait_view(p, rev_at_least(ack["rev"]));
    CHECK(step_of(v, step1)["live"] == true);
    CHECK(step_of(v, step1)["revealed"] == false);
    REQUIRE_FALSE(item_of(v, step1, item1).is_null());
    CHECK(item_of(v, step1, item1)["orange"] == 1);
}

TEST_CASE("control: the timer's end is recorded by the server and closes the step") {
    server_process srv;
    ws_client fac(srv.port()), p(srv.port()), proj(srv.port());
    const auto s = create_session(fac);
    join(p, s.code, "participant");
    join(proj, s.code, "projector");
    expect_error(fac,
                 {{"type", "control"}, {"action", "start_timer"}, {"step", step1}, {"seconds", 30}},
                 "invalid_transition"); // not open
    control(fac, "open", step1);
    expect_error(fac,
                 {{"type", "control"}, {"action", "start_timer"}, {"step", step1}, {"seconds", 4}},
                 "bad_value");
    expect_error(
        fac, {{"type", "control"}, {"action", "start_timer"}, {"step", step1}, {"seconds", "5"}},
        "bad_message");
    const json ack = steer_ok(fac, "start_timer", step1, {{"seconds", 5}, {"close", true}});
    const json v = wait_view(p, rev_at_least(ack["rev"]));
    REQUIRE(v["timer"].is_object());
    CHECK(v["timer"]["step"] == step1);
    CHECK(v["timer"]["seconds"] == 5);
    CHECK(v["timer"]["ended"] == false);
    const std::int64_t left =
        v["timer"]["ends_at"].get<std::int64_t>() - v["now"].get<std::int64_t>();
    CHECK(left > 3000);
    CHECK(left <= 5000);
    // Nobody steers now: the server ends the countdown and closes the step.
    for (ws_client* c : {&p, &proj}) {
        const json end = wait_view(
            *c, [](const json& x) { return x["timer"].is_object() && x["timer"]["ended"] == true; },
            std::chrono::seconds(15));
        CHECK(step_of(end, step1)["phase"] == "closed");
    }
    expect_error(p, {{"type", "answer"}, {"step", step1}, {"item", item1}, {"value", "red"}},
                 "step_not_open");
}

TEST_CASE("control: bring_here and set_follow reach the participants' views") {
    server_process srv;
    ws_client fac(srv.port()), p(srv.port());
    const auto s = create_session(fac);
    const auto j = join(p, s.code, "participant");
    CHECK(j.view["follow"] == true);
    const json a = steer_ok(fac, "set_follow", "", {{"on", false}});
    CHECK(wait_view(p, rev_at_least(a["rev"]))["follow"] == false);
    const json b = steer_ok(fac, "bring_here", "vormen");
    const json v = wait_view(p, rev_at_least(b["rev"]));
    CHECK(v["current"] == "vormen");
    CHECK(v["follow"] == true);
}

TEST_CASE("control: pause refuses answers with paused, resume allows them again") {
    server_process srv;
    ws_client fac(srv.port()), p(srv.port()), proj(srv.port());
    const auto s = create_session(fac);
    join(p, s.code, "participant");
    join(proj, s.code, "projector");
    control(fac, "open", step1);
    const json ack = steer_ok(fac, "pause", "");
    CHECK(wait_view(proj, rev_at_least(ack["rev"]))["paused"] == true);
    CHECK(wait_view(p, rev_at_least(ack["rev"]))["paused"] == true);
    expect_error(p, {{"type", "answer"}, {"step", step1}, {"item", item1}, {"value", "green"}},
                 "paused");
    expect_error(fac, {{"type", "control"}, {"action", "pause"}}, "invalid_transition");
    steer_ok(fac, "resume", "");
    CHECK(is_type(answer(p, step1, item1, "green"), "ack"));
}

TEST_CASE("control: remove_participant drops the device, refuses its token, discards answers") {
    server_process srv;
    ws_client fac(srv.port()), p1(srv.port()), p2(srv.port());
    const auto s = create_session(fac);
    const auto j1 = join(p1, s.code, "participant", {{"name", "Tablet 3"}});
    join(p2, s.code, "participant", {{"name", "Mia"}});
    const int pid1 = j1.welcome["participant_id"];
    const std::string token1 = j1.welcome["resume_token"];
    control(fac, "open", step1);
    REQUIRE(is_type(answer(p1, step1, item1, "red", "onzin"), "ack"));
    const json last = answer(p2, step1, item1, "green");
    REQUIRE(is_type(last, "ack"));
    const json before = wait_view(fac, [](const json& v) {
        const json it = item_of(v, step1, item1);
        return !it.is_null() && it["red"] == 1 && it["green"] == 1;
    });
    // The device list comes as its own message when it changes (never in a view).
    CHECK_FALSE(before.contains("devices"));
    const json listed = wait_devices(fac, [](const json& d) { return d["devices"].size() == 2; });
    CHECK(listed["devices"][0] ==
          json{{"participant", pid1}, {"name", "Tablet 3"}, {"online", true}});
    CHECK(listed["devices"][1]["online"] == true);

    expect_error(fac, {{"type", "control"}, {"action", "remove_participant"}, {"participant", 99}},
                 "bad_value");
    const json ack =
        steer_ok(fac, "remove_participant", "", {{"participant", pid1}, {"discard", true}});
    // The device is told, and is no longer part of the session.
    const json told = p1.recv_until([](const json& m) { return is_type(m, "error"); });
    CHECK(told["code"] == "removed");
    CHECK_FALSE(told.contains("seq"));
    // Then the server closes its connection (policy violation).
    CHECK_THROWS(
        p1.recv_until([](const json& j) { return !is_type(j, "view"); }, std::chrono::seconds(5)));
    CHECK_FALSE(p1.is_open());
    CHECK(p1.close_code() == 1008);
    // Its token no longer joins.
    ws_client again(srv.port());
    expect_error(again,
                 {{"type", "join"},
                  {"protocol_version", 1},
                  {"code", s.code},
                  {"role", "participant"},
                  {"resume_token", token1}},
                 "removed");
    // Its answers and comment are gone from the counts.
    const json after = wait_view(fac, rev_at_least(ack["rev"]));
    CHECK(item_of(after, step1, item1)["red"] == 0);
    CHECK(item_of(after, step1, item1)["green"] == 1);
    CHECK(after["comments"].empty());
    const json left = wait_devices(fac, [](const json& d) { return d["devices"].size() == 1; });
    CHECK(left["devices"][0]["name"] == "Mia");
    CHECK(step_of(after, step1)["answered"] == 1);
    // "n van m": the removed device is no longer one of the m.
    CHECK(after["joined"] == 1);
}

TEST_CASE("control: end_session closes the steps and every screen hears it, also after a "
          "reconnect, opening a step takes the session up again") {
    server_process srv;
    ws_client fac(srv.port()), p(srv.port()), proj(srv.port());
    const auto s = create_session(fac);
    const auto j = join(p, s.code, "participant");
    join(proj, s.code, "projector");
    const std::string token = j.welcome["resume_token"];
    control(fac, "open", step1);
    REQUIRE(is_type(answer(p, step1, item1, "green"), "ack"));
    CHECK(j.view["ended"] == false);

    const json ack = steer_ok(fac, "end_session", "");
    for (ws_client* c : {&fac, &p, &proj}) {
        const json v = wait_view(*c, rev_at_least(ack["rev"]));
        CHECK(v["ended"] == true);
        CHECK(step_of(v, step1)["phase"] == "closed");
    }
    expect_error(p, {{"type", "answer"}, {"step", step1}, {"item", item1}, {"value", "red"}},
                 "step_not_open");
    const json twice = steer(fac, "end_session", "");
    CHECK(twice.value("code", "") == "invalid_transition");

    // A phone that reloads comes back to the end, not to a question.
    ws_client back(srv.port());
    const auto again = join(back, s.code, "participant", {{"resume_token", token}});
    CHECK(again.view["ended"] == true);
    // The answers are kept: the facilitator can still reveal them after the end.
    steer_ok(fac, "reveal", step1);
    const json shown =
        wait_view(back, [](const json& v) { return !result_of(v, step1).is_null(); });
    CHECK(shown["ended"] == true);

    const json reopened = control(fac, "open", step1);
    CHECK(wait_view(back, rev_at_least(reopened["rev"]))["ended"] == false);
}

TEST_CASE("control: set_tally adds paper answers to the live result") {
    server_process srv;
    ws_client fac(srv.port()), p(srv.port()), proj(srv.port());
    const auto s = create_session(fac);
    join(p, s.code, "participant");
    join(proj, s.code, "projector");
    control(fac, "open", step1);
    steer_ok(fac, "set_live", step1, {{"on", true}});
    REQUIRE(is_type(answer(p, step1, item1, "green"), "ack"));
    expect_error(fac,
                 {{"type", "control"},
                  {"action", "set_tally"},
                  {"step", step1},
                  {"item", item1},
                  {"counts", {{"blue", 1}}}},
                 "bad_value");
    expect_error(fac,
                 {{"type", "control"},
                  {"action", "set_tally"},
                  {"step", step1},
                  {"item", item1},
                  {"counts", {{"green", -2}}}},
                 "bad_value");
    expect_error(fac,
                 {{"type", "control"},
                  {"action", "set_tally"},
                  {"step", step1},
                  {"item", item1},
                  {"counts", {{"green", "3"}}}},
                 "bad_message");
    const json ack = steer_ok(fac, "set_tally", step1,
                              {{"item", item1}, {"counts", {{"green", 3}, {"red", 2}}}});
    const json v = wait_view(proj, rev_at_least(ack["rev"]));
    const json it = item_of(v, step1, item1);
    REQUIRE_FALSE(it.is_null());
    CHECK(it["green"] == 4);
    CHECK(it["red"] == 2);
    CHECK(result_of(v, step1)["paper"] == 5);
    CHECK(result_of(v, step1)["total"] == 6);
    CHECK(step_of(v, step1)["paper"] == 5);
}

TEST_CASE("control: set_note appears in the facilitator's view only") {
    server_process srv;
    ws_client fac(srv.port()), p(srv.port()), proj(srv.port());
    const auto s = create_session(fac);
    join(p, s.code, "participant");
    join(proj, s.code, "projector");
    expect_error(fac,
                 {{"type", "control"},
                  {"action", "set_note"},
                  {"step", step1},
                  {"text", std::string(4001, 'x')}},
                 "text_too_long");
    const json ack = steer_ok(fac, "set_note", step1, {{"text", "Ontmoeting staat voorop."}});
    const json v = wait_view(fac, rev_at_least(ack["rev"]));
    CHECK(v["notes"] == json::array({{{"step", step1}, {"text", "Ontmoeting staat voorop."}}}));
    for (ws_client* c : {&p, &proj}) {
        const json o = wait_view(*c, rev_at_least(ack["rev"]));
        CHECK_FALSE(o.contains("notes"));
        CHECK(o.dump().find("Ontmoeting staat voorop") == std::string::npos);
    }
}

TEST_CASE("control: with the default threshold 3, two answers are withheld and three shown") {
    server_process srv({"--min-answers", "3"});
    ws_client fac(srv.port()), proj(srv.port());
    const auto s = create_session(fac);
    CHECK(join(proj, s.code, "projector").view["min_answers"] == 3);
    std::vector<std::unique_ptr<ws_client>> people;
    for (int i = 0; i < 3; ++i) {
        people.push_back(std::make_unique<ws_client>(srv.port()));
        join(*people.back(), s.code, "participant");
    }
    control(fac, "open", step1);
    control(fac, "reveal", step1);
    REQUIRE(is_type(answer(*people[0], step1, item1, "green", "mijn mening"), "ack"));
    const json second = answer(*people[1], step1, item1, "red");
    REQUIRE(is_type(second, "ack"));
    for (ws_client* c : {&proj, &fac}) {
        const json v = wait_view(*c, rev_at_least(second["rev"]));
        CHECK(result_of(v, step1) ==
              json{{"step", step1}, {"kind", "traffic_light"}, {"total", 2}, {"withheld", true}});
        if (c == &fac)
            CHECK(v["comments"].empty());
    }
    const json third = answer(*people[2], step1, item1, "green");
    REQUIRE(is_type(third, "ack"));
    const json shown = wait_view(proj, rev_at_least(third["rev"]));
    CHECK_FALSE(result_of(shown, step1).contains("withheld"));
    CHECK(item_of(shown, step1, item1)["green"] == 2);
    CHECK(wait_view(fac, rev_at_least(third["rev"]))["comments"].size() == 1);
    // The facilitator may lower it for this session.
    expect_error(fac, {{"type", "control"}, {"action", "set_min_answers"}, {"min", 51}},
                 "bad_value");
    const json k = steer_ok(fac, "set_min_answers", "", {{"min", 4}});
    CHECK(result_of(wait_view(proj, rev_at_least(k["rev"])), step1)["withheld"] == true);
}

TEST_CASE("control: set_compare with a session of the same template shows view.compare") {
    server_process srv;
    ws_client fac_old(srv.port()), fac(srv.port()), fac_other(srv.port()), proj(srv.port()),
        p_old(srv.port()), p(srv.port());
    const auto old_s = create_session(fac_old);
    const auto other = create_session(fac_other, "acties");
    const auto s = create_session(fac);
    join(p_old, old_s.code, "participant");
    join(p, s.code, "participant");
    join(proj, s.code, "projector");
    control(fac_old, "open", step1);
    REQUIRE(is_type(answer(p_old, step1, item1, "red"), "ack"));
    control(fac, "open", step1);
    REQUIRE(is_type(answer(p, step1, item1, "green"), "ack"));
    // Only steps each room was shown take part (the projector's own ones too).
    control(fac_old, "reveal", step1);
    control(fac, "reveal", step1);

    expect_error(fac, {{"type", "control"}, {"action", "set_compare"}, {"session", other.id}},
                 "bad_value");
    expect_error(fac, {{"type", "control"}, {"action", "set_compare"}, {"session", "s-nope"}},
                 "unknown_session");
    expect_error(fac, {{"type", "control"}, {"action", "set_compare"}, {"session", 5}},
                 "bad_message");
    // From this machine (trusted loopback) the console is an admin: it may compare with
    // any session (from elsewhere: compare_auth_test.cpp).
    const json ack = steer_ok(fac, "set_compare", "", {{"session", old_s.id}});
    const json v = wait_view(proj, rev_at_least(ack["rev"]));
    REQUIRE(v["compare"].is_object());
    CHECK(v["compare"]["session"] == old_s.id);
    const json& first = v["compare"]["items"][0];
    CHECK(first["step"] == step1);
    CHECK(first["item"] == item1);
    CHECK(first["before"]["red"] == 100);
    CHECK(first["after"]["green"] == 100);
    CHECK(first["delta"]["green"] == 100);
    CHECK(wait_view(fac, rev_at_least(ack["rev"]))["compare"]["session"] == old_s.id);
    CHECK_FALSE(wait_view(p, rev_at_least(ack["rev"])).contains("compare"));
    const json off = steer_ok(fac, "set_compare", "", {{"session", ""}});
    CHECK(wait_view(proj, rev_at_least(off["rev"]))["compare"].is_null());
}

TEST_CASE("control: participants and projectors may not use any of the new actions") {
    server_process srv;
    ws_client fac(srv.port()), p(srv.port()), proj(srv.port());
    const auto s = create_session(fac);
    join(p, s.code, "participant");
    join(proj, s.code, "projector");
    const std::vector<json> actions = {
        {{"action", "lock"}, {"step", step1}},
        {{"action", "unlock"}, {"step", step1}},
        {{"action", "set_live"}, {"step", step1}, {"on", true}},
        {{"action", "start_timer"}, {"step", step1}, {"seconds", 60}},
        {{"action", "stop_timer"}, {"step", step1}},
        {{"action", "bring_here"}, {"step", step1}},
        {{"action", "set_follow"}, {"on", false}},
        {{"action", "pause"}},
        {{"action", "resume"}},
        {{"action", "remove_participant"}, {"participant", 1}},
        {{"action", "set_tally"}, {"step", step1}, {"item", item1}, {"counts", {{"red", 1}}}},
        {{"action", "set_note"}, {"step", step1}, {"text", "x"}},
        {{"action", "set_min_answers"}, {"min", 1}},
        {{"action", "set_compare"}, {"session", ""}},
    };
    for (const json& a : actions) {
        json msg{{"type", "control"}};
        msg.update(a);
        CAPTURE(msg.dump());
        expect_error(p, msg, "forbidden");
        expect_error(proj, msg, "forbidden");
    }
}

TEST_CASE("control: a restart keeps notes, tallies, removals, locks, and ends a due timer") {
    server_process srv;
    session_info s;
    std::string token1;
    {
        ws_client fac(srv.port()), p1(srv.port()), p2(srv.port());
        s = create_session(fac);
        const auto j1 = join(p1, s.code, "participant");
        join(p2, s.code, "participant");
        token1 = j1.welcome["resume_token"];
        control(fac, "open", step1);
        REQUIRE(is_type(answer(p1, step1, item1, "red"), "ack"));
        REQUIRE(is_type(answer(p2, step1, item1, "green"), "ack"));
        steer_ok(fac, "set_note", step1, {{"text", "Kern"}});
        steer_ok(fac, "set_tally", step1, {{"item", item1}, {"counts", {{"orange", 2}}}});
        steer_ok(fac, "remove_participant", "",
                 {{"participant", j1.welcome["participant_id"]}, {"discard", true}});
        control(fac, "close", step1);
        steer_ok(fac, "lock", step1);
        steer_ok(fac, "set_follow", "", {{"on", false}});
        control(fac, "open", "vormen");
        steer_ok(fac, "start_timer", "vormen", {{"seconds", 5}, {"close", true}});
    }
    srv.stop();
    // The timer runs out while the server is down.
    std::this_thread::sleep_for(std::chrono::milliseconds(5500));
    srv.start();

    ws_client fac(srv.port());
    const json first = join(fac, s.code, "facilitator", {{"secret", s.secret}}).view;
    auto ended = [](const json& x) {
        return x["timer"].is_object() && x["timer"]["ended"] == true;
    };
    const json v = ended(first) ? first : wait_view(fac, ended);
    CHECK(step_of(v, "vormen")["phase"] == "closed");
    CHECK(step_of(v, step1)["locked"] == true);
    CHECK(step_of(v, step1)["paper"] == 2);
    CHECK(v["notes"] == json::array({{{"step", step1}, {"text", "Kern"}}}));
    CHECK(v["follow"] == false);
    CHECK(item_of(v, step1, item1)["red"] == 0);
    CHECK(item_of(v, step1, item1)["orange"] == 2);
    CHECK(wait_devices(fac, [](const json&) { return true; })["devices"].size() == 1);
    ws_client again(srv.port());
    expect_error(again,
                 {{"type", "join"},
                  {"protocol_version", 1},
                  {"code", s.code},
                  {"role", "participant"},
                  {"resume_token", token1}},
                 "removed");
}

TEST_CASE("control: a threshold outside 1..50 keeps the server from starting") {
    CHECK_THROWS_AS(server_process({"--min-answers", "0"}), std::runtime_error);
    CHECK_THROWS_AS(server_process({"--min-answers", "51"}), std::runtime_error);
    CHECK_THROWS_AS(server_process({"--min-answers", "drie"}), std::runtime_error);
}
} // namespace kring_test_server_control_test
