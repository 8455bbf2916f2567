// Running the room: the control actions of protocol section 6 through parse, decide,
// apply, the stored events and the views.
#include "fixtures.hpp"

#include "kring/compare.hpp"

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_facilitation_test {

using namespace kring;
using namespace kring::fixtures;

namespace {

control_command cmd(control_action action, const std::string& step = {}) {
    control_command c;
    c.action = action;
    c.step = step;
    return c;
}

control_command with_on(control_action action, const std::string& step, bool on) {
    auto c = cmd(action, step);
    c.on = on;
    return c;
}

control_command timer(const std::string& step, std::int64_t seconds, bool close, std::int64_t now) {
    auto c = cmd(control_action::start_timer, step);
    c.seconds = seconds;
    c.close = close;
    c.now_ms = now;
    return c;
}

control_command tally(const std::string& step, const std::string& item,
                      std::map<std::string, std::int64_t> counts) {
    auto c = cmd(control_action::set_tally, step);
    c.item = item;
    c.counts = std::move(counts);
    return c;
}

control_command remove(std::int64_t pid, bool discard) {
    auto c = cmd(control_action::remove_participant);
    c.participant = pid;
    c.discard = discard;
    return c;
}

json view_of(const session_state& s, role r, const view_context& ctx = {}) {
    return json::parse(make_view(s, r, 0, ctx));
}

/** The session with step s1 open and participants 1..n. */
session_state open_room(int n) {
    auto s = three_statements();
    join_n(s, n);
    must(s, decide_control(s, "open", "s1"));
    return s;
}

errc parse_error_of(const std::string& text) {
    const auto m = protocol::parse_client_message(text);
    REQUIRE(std::holds_alternative<protocol::parse_error>(m));
    return std::get<protocol::parse_error>(m).err.code;
}

} // namespace

TEST_CASE("room: the new control fields are parsed, wrong types are bad_message") {
    const auto m = protocol::parse_client_message(
        R"({"type":"control","action":"set_tally","step":"s1","item":"a","counts":{"green":3,"red":0},
            "on":true,"seconds":30,"close":true,"participant":4,"discard":true,"text":"kern",
            "min":5,"session":"s-2"})");
    REQUIRE(std::holds_alternative<protocol::control>(m));
    const auto c = protocol::to_command(std::get<protocol::control>(m));
    CHECK(c.item == "a");
    CHECK(c.counts == std::map<std::string, std::int64_t>{{"green", 3}, {"red", 0}});
    CHECK(c.on == true);
    CHECK(c.seconds == 30);
    CHECK(c.close);
    CHECK(c.participant == 4);
    CHECK(c.discard);
    CHECK(c.text == "kern");
    CHECK(c.min == 5);
    CHECK(c.session == "s-2");

    const std::string head = R"({"type":"control","action":"x","step":"s1",)";
    for (const char* field :
         {R"("on":"yes")", R"("on":1)", R"("seconds":"30")", R"("seconds":2.5)", R"("close":1)",
          R"("participant":"3")", R"("discard":"no")", R"("item":4)", R"("counts":[1])",
          R"("counts":{"green":"3"})", R"("counts":{"green":1.5})", R"("counts":5)", R"("text":5)",
          R"("min":"3")", R"("session":7)"}) {
        CAPTURE(field);
        CHECK(parse_error_of(head + field + "}") == errc::bad_message);
    }
    // Out of range is not a type error: the reducer answers bad_value.
    const auto big = protocol::parse_client_message(
        R"({"type":"control","action":"set_min_answers","min":18446744073709551615})");
    REQUIRE(std::holds_alternative<protocol::control>(big));
    auto s = three_statements();
    CHECK(code_of(decide_control(s, protocol::to_command(std::get<protocol::control>(big)))) ==
          "bad_value");
}

TEST_CASE("room: each action of section 6 goes from its wire name to its own decision") {
    // The same message as JSON and as a command built by hand decide the same.
    struct wire {
        const char* json;
        control_command c;
    };
    auto s = open_room(2);
    auto with = [](control_command c, auto change) {
        change(c);
        return c;
    };
    const std::vector<wire> all = {
        {R"({"action":"set_live","step":"s1","on":true})",
         with_on(control_action::set_live, "s1", true)},
        {R"({"action":"start_timer","step":"s1","seconds":30})", timer("s1", 30, false, 0)},
        {R"({"action":"stop_timer","step":"s1"})", cmd(control_action::stop_timer, "s1")},
        {R"({"action":"bring_here","step":"s2"})", cmd(control_action::bring_here, "s2")},
        {R"({"action":"set_follow","on":false})", with_on(control_action::set_follow, "", false)},
        {R"({"action":"pause"})", cmd(control_action::pause)},
        {R"({"action":"resume"})", cmd(control_action::resume)},
        {R"({"action":"remove_participant","participant":2})", remove(2, false)},
        {R"({"action":"set_tally","step":"s1","item":"a","counts":{"red":2}})",
         tally("s1", "a", {{"red", 2}})},
        {R"({"action":"set_note","step":"s1","text":"kern"})",
         with(cmd(control_action::set_note, "s1"), [](auto& c) { c.text = "kern"; })},
        {R"({"action":"set_min_answers","min":4})",
         with(cmd(control_action::set_min_answers), [](auto& c) { c.min = 4; })},
        {R"({"action":"set_compare","session":""})",
         with(cmd(control_action::set_compare), [](auto& c) { c.session = ""; })},
        {R"({"action":"lock","step":"s1"})", cmd(control_action::lock, "s1")},
        {R"({"action":"unlock","step":"s1"})", cmd(control_action::unlock, "s1")},
        {R"({"action":"set_page","step":"s1","page":1})",
         with(cmd(control_action::set_page, "s1"), [](auto& c) { c.page = 1; })},
        {R"({"action":"end_session"})", cmd(control_action::end_session)},
    };
    for (const auto& [text, by_hand] : all) {
        CAPTURE(text);
        auto j = json::parse(text);
        j["type"] = "control";
        const auto m = protocol::parse_client_message(j.dump());
        REQUIRE(std::holds_alternative<protocol::control>(m));
        const auto from_wire = protocol::to_command(std::get<protocol::control>(m));
        CHECK(from_wire.action == by_hand.action);
        const auto a = decide_control(s, from_wire);
        const auto b = decide_control(s, by_hand);
        CHECK(code_of(a) == code_of(b));
        CHECK(a.events.size() == b.events.size());
    }
    // An unknown action never reaches the reducer: the parser answers it.
    CHECK(parse_error_of(R"({"type":"control","action":"set_everything","step":"s1"})") ==
          errc::bad_value);
    // A room action on one step without its `step` is still malformed.
    CHECK(parse_error_of(R"({"type":"control","action":"set_tally","item":"a"})") ==
          errc::bad_message);
}

TEST_CASE("room: lock makes a closed step final until unlock") {
    auto s = open_room(1);
    // Still open: only a closed step locks.
    CHECK(code_of(decide_control(s, cmd(control_action::lock, "s1"))) == "invalid_transition");
    must(s, decide_control(s, "close", "s1"));
    must(s, decide_control(s, cmd(control_action::lock, "s1")));
    CHECK(s.steps[0].locked);
    CHECK(code_of(decide_control(s, cmd(control_action::lock, "s1"))) == "invalid_transition");
    CHECK(code_of(decide_control(s, "open", "s1")) == "invalid_transition");
    CHECK(code_of(decide_control(s, tally("s1", "a", {{"green", 1}}))) == "invalid_transition");
    CHECK(code_of(decide_answer(s, 1, "s1", "a", "green", "", limits{})) == "step_not_open");
    CHECK(view_of(s, role::participant)["steps"][0]["locked"] == true);
    must(s, decide_control(s, cmd(control_action::unlock, "s1")));
    CHECK_FALSE(s.steps[0].locked);
    CHECK(code_of(decide_control(s, cmd(control_action::unlock, "s1"))) == "invalid_transition");
    must(s, decide_control(s, "open", "s1"));
    CHECK(code_of(decide_answer(s, 1, "s1", "a", "green", "", limits{})) == "ok");
}

TEST_CASE("room: set_live shows the result before reveal to projector and participants") {
    auto s = open_room(1);
    must(s, decide_answer(s, 1, "s1", "a", "green", "", limits{}));
    CHECK(view_of(s, role::participant)["results"].empty());
    CHECK(code_of(decide_control(s, cmd(control_action::set_live, "s1"))) ==
          "bad_message"); // no `on`
    must(s, decide_control(s, with_on(control_action::set_live, "s1", true)));
    for (role r : {role::participant, role::projector}) {
        const json v = view_of(s, r);
        CHECK(v["steps"][0]["live"] == true);
        REQUIRE(v["results"].size() == 1);
        CHECK(v["results"][0]["step"] == "s1");
        CHECK(v["results"][0]["items"][0]["green"] == 1);
    }
    CHECK(decide_control(s, with_on(control_action::set_live, "s1", true))
              .events.empty()); // no change
    must(s, decide_control(s, with_on(control_action::set_live, "s1", false)));
    CHECK(view_of(s, role::projector)["results"].empty());
}

TEST_CASE("room: set_live on the projector only: the phones keep the result until reveal") {
    auto s = open_room(1);
    must(s, decide_answer(s, 1, "s1", "a", "green", "", limits{}));
    auto projector_only = with_on(control_action::set_live, "s1", true);
    projector_only.phones = false;
    const auto o = decide_control(s, projector_only);
    REQUIRE(o.events.size() == 1);
    // Stored with phones false; an older event without the field is live everywhere.
    CHECK(json::parse(event_to_json(o.events[0]))["phones"] == false);
    const event old_event = event_from_json(R"({"type":"live_set","step":"s1","on":true})");
    CHECK(std::get<ev::live_set>(old_event).phones);
    must(s, decide_control(s, projector_only));
    CHECK(s.steps[0].live);
    CHECK_FALSE(s.steps[0].live_phones);
    const json pv = view_of(s, role::projector);
    CHECK(pv["steps"][0]["live"] == true);
    CHECK(pv["steps"][0]["live_phones"] == false);
    REQUIRE(pv["results"].size() == 1);
    const json phone = view_of(s, role::participant);
    CHECK(phone["steps"][0]["live"] == false);
    CHECK(phone["results"].empty());
    // Asked again: no change. On the phones too: a change, and they see it.
    CHECK(decide_control(s, projector_only).events.empty());
    must(s, decide_control(s, with_on(control_action::set_live, "s1", true)));
    CHECK(view_of(s, role::participant)["results"].size() == 1);
    CHECK_FALSE(view_of(s, role::projector)["steps"][0].contains("live_phones"));
    // Revealed: the phones see it whatever the switch says.
    must(s, decide_control(s, projector_only));
    must(s, decide_control(s, "reveal", "s1"));
    CHECK(view_of(s, role::participant)["results"].size() == 1);
}

TEST_CASE("room: the timer starts on an open step, ends when due, and may close the step") {
    auto s = open_room(1);
    const std::int64_t t0 = 1'800'000'000'000;
    CHECK(code_of(decide_control(s, timer("s1", 4, false, t0))) == "bad_value");
    CHECK(code_of(decide_control(s, timer("s1", 3601, false, t0))) == "bad_value");
    CHECK(code_of(decide_control(s, timer("s2", 30, false, t0))) == "invalid_transition");
    CHECK(code_of(decide_control(s, cmd(control_action::start_timer, "s1"))) == "bad_message");
    CHECK(code_of(decide_control(s, cmd(control_action::stop_timer, "s1"))) ==
          "invalid_transition");

    must(s, decide_control(s, timer("s1", 30, true, t0)));
    REQUIRE(s.timer);
    CHECK(s.timer->ends_at == t0 + 30'000);
    view_context ctx;
    ctx.now_ms = t0 + 1000;
    const json v = view_of(s, role::participant, ctx);
    CHECK(v["now"] == t0 + 1000);
    CHECK(v["timer"] ==
          json{{"step", "s1"}, {"ends_at", t0 + 30'000}, {"seconds", 30}, {"ended", false}});

    CHECK(decide_timer_end(s, t0 + 29'999).events.empty());
    const auto due = decide_timer_end(s, t0 + 30'000);
    REQUIRE(due.events.size() == 2);
    CHECK(std::holds_alternative<ev::timer_ended>(due.events[0]));
    CHECK(std::get<ev::phase_set>(due.events[1]).to == phase::closed);
    must(s, due);
    CHECK(s.steps[0].ph == phase::closed);
    CHECK(view_of(s, role::projector)["timer"]["ended"] == true);
    CHECK(decide_timer_end(s, t0 + 60'000).events.empty()); // ended once

    SUBCASE("without close the step stays open; stop removes the countdown") {
        auto r = open_room(1);
        must(r, decide_control(r, timer("s1", 5, false, t0)));
        const auto end = decide_timer_end(r, t0 + 5000);
        REQUIRE(end.events.size() == 1);
        must(r, decide_control(r, timer("s1", 10, false, t0))); // a new one replaces it
        must(r, decide_control(r, cmd(control_action::stop_timer, "s1")));
        CHECK_FALSE(r.timer);
        CHECK(view_of(r, role::projector)["timer"].is_null());
        CHECK(decide_timer_end(r, t0 + 99'000).events.empty());
    }
}

TEST_CASE("room: bring_here and set_follow") {
    auto s = open_room(1);
    must(s, decide_control(s, with_on(control_action::set_follow, "", false)));
    CHECK(view_of(s, role::participant)["follow"] == false);
    CHECK(code_of(decide_control(s, cmd(control_action::set_follow))) == "bad_message");
    must(s, decide_control(s, cmd(control_action::bring_here, "s2")));
    CHECK(s.current == 1);
    CHECK(s.follow);
    const json v = view_of(s, role::participant);
    CHECK(v["current"] == "s2");
    CHECK(v["follow"] == true);
    CHECK(code_of(decide_control(s, cmd(control_action::bring_here, "nope"))) == "unknown_step");
}

TEST_CASE("room: pause refuses answers with paused, resume allows them again") {
    auto s = open_room(1);
    must(s, decide_control(s, cmd(control_action::pause)));
    CHECK(view_of(s, role::projector)["paused"] == true);
    CHECK(code_of(decide_answer(s, 1, "s1", "a", "green", "", limits{})) == "paused");
    CHECK(code_of(decide_control(s, cmd(control_action::pause))) == "invalid_transition");
    must(s, decide_control(s, cmd(control_action::resume)));
    CHECK(code_of(decide_control(s, cmd(control_action::resume))) == "invalid_transition");
    CHECK(code_of(decide_answer(s, 1, "s1", "a", "green", "", limits{})) == "ok");
}

TEST_CASE("room: remove_participant refuses the device, discard drops its answers everywhere") {
    auto s = open_room(3);
    must(s, decide_answer(s, 1, "s1", "a", "red", "weg", limits{}));
    must(s, decide_answer(s, 2, "s1", "a", "green", "", limits{}));
    must(s, decide_control(s, "open", "s2"));
    must(s, decide_answer(s, 1, "s2", "b", "red", "", limits{}));

    CHECK(code_of(decide_control(s, remove(0, false))) == "bad_value");
    CHECK(code_of(decide_control(s, remove(4, false))) == "bad_value");
    CHECK(code_of(decide_control(s, cmd(control_action::remove_participant))) == "bad_message");

    SUBCASE("without discard the answers stay") {
        must(s, decide_control(s, remove(1, false)));
        CHECK(s.participants[0].removed);
        CHECK(s.steps[0].get<kring::traffic_light::responses>().tallies[0].red == 1);
        CHECK(code_of(decide_answer(s, 1, "s1", "b", "green", "", limits{})) == "removed");
        CHECK(code_of(decide_join(s, "t1", "", limits{})) == "removed");
        CHECK(code_of(decide_control(s, remove(1, true))) == "invalid_transition");
    }
    SUBCASE("with discard they are gone from every step, comments included") {
        must(s, decide_control(s, remove(1, true)));
        CHECK(s.steps[0].get<kring::traffic_light::responses>().tallies[0] ==
              traffic_light::tally{1, 0, 0, 0});
        CHECK(s.steps[0].get<kring::traffic_light::responses>().answered == 1);
        CHECK(s.steps[1].get<kring::traffic_light::responses>().answered == 0);
        CHECK(s.steps[1].get<kring::traffic_light::responses>().tallies[1] ==
              traffic_light::tally{});
        CHECK(view_of(s, role::facilitator)["comments"].empty());
        // The stored history gives the same state.
        CHECK(s.steps[0].get<kring::traffic_light::responses>().tallies ==
              traffic_light::tallies_from_sheets(
                  s.steps[0].get<kring::traffic_light::responses>().sheets, 3));
    }
    // The device list: its own message, names only, removed ones left out; no view carries it.
    const json devices = json::parse(make_devices(s, {2}));
    CHECK(devices["type"] == "devices");
    CHECK(devices["rev"] == s.rev);
    REQUIRE(devices["devices"].size() == 2);
    CHECK(devices["devices"][0] == json{{"participant", 2}, {"name", ""}, {"online", true}});
    CHECK(devices["devices"][1]["online"] == false);
    for (role r : {role::facilitator, role::projector, role::participant})
        CHECK_FALSE(view_of(s, r).contains("devices"));
}

TEST_CASE("room: end_session closes every open step, stops the timer, lifts a pause, open "
          "takes the session up again") {
    auto s = open_room(2);
    must(s, decide_control(s, "open", "s2"));
    must(s, decide_control(s, timer("s2", 60, false, 1'800'000'000'000)));
    must(s, decide_control(s, cmd(control_action::pause)));
    CHECK(view_of(s, role::participant)["ended"] == false);
    const auto o = decide_control(s, cmd(control_action::end_session));
    must(s, o);
    // Two steps closed, the timer stopped, the pause lifted, the end: in that order.
    REQUIRE(o.events.size() == 5);
    CHECK(std::holds_alternative<ev::ended_set>(o.events.back()));
    CHECK(s.ended);
    CHECK_FALSE(s.paused);
    CHECK(s.steps[0].ph == phase::closed);
    CHECK(s.steps[1].ph == phase::closed);
    CHECK_FALSE(s.timer); // stopped: no countdown on the closing screen
    for (role r : {role::facilitator, role::projector, role::participant})
        CHECK(view_of(s, r)["ended"] == true);
    CHECK(code_of(decide_answer(s, 1, "s1", "a", "green", "", limits{})) == "step_not_open");
    CHECK(code_of(decide_control(s, cmd(control_action::end_session))) == "invalid_transition");
    // Results can still be shown after the end.
    must(s, decide_control(s, "reveal", "s1"));
    CHECK(s.ended);
    // Opening a step again: the session runs again.
    must(s, decide_control(s, "open", "s1"));
    CHECK_FALSE(s.ended);
    CHECK(code_of(decide_answer(s, 1, "s1", "a", "green", "", limits{})) == "ok");
}

TEST_CASE("room: set_page turns the projector's page of a step, removed devices leave the "
          "joined count") {
    auto s = open_room(3);
    auto page = [](std::int64_t p) {
        auto c = cmd(control_action::set_page, "s1");
        c.page = p;
        return c;
    };
    CHECK_FALSE(view_of(s, role::projector)["steps"][0].contains("page"));
    must(s, decide_control(s, page(2)));
    CHECK(s.steps[0].page == 2);
    CHECK(view_of(s, role::projector)["steps"][0]["page"] == 2);
    CHECK(decide_control(s, page(2)).events.empty());
    CHECK(code_of(decide_control(s, page(-1))) == "bad_value");
    CHECK(code_of(decide_control(s, page(100))) == "bad_value");
    CHECK(code_of(decide_control(s, cmd(control_action::set_page, "s1"))) == "bad_message");
    CHECK(code_of(decide_control(s, cmd(control_action::set_page))) == "unknown_step");

    CHECK(view_of(s, role::facilitator)["joined"] == 3);
    must(s, decide_control(s, remove(2, false)));
    for (role r : {role::facilitator, role::projector, role::participant})
        CHECK(view_of(s, r)["joined"] == 2);
}

TEST_CASE("room: a removed device's kept answers stay in the result but not in the step's "
          "progress") {
    auto s = open_room(3);
    auto min1 = cmd(control_action::set_min_answers);
    min1.min = 1;
    must(s, decide_control(s, min1));
    for (const char* item : {"a", "b", "c"})
        must(s, decide_answer(s, 1, "s1", item, "green", "", limits{}));
    must(s, decide_answer(s, 2, "s1", "a", "red", "", limits{}));
    auto progress = [&] {
        const json st = view_of(s, role::facilitator)["steps"][0];
        return std::pair{st["answered"].get<int>(), st["complete"].get<int>()};
    };
    CHECK(progress() == std::pair{2, 1});
    must(s, decide_control(s, remove(1, false)));
    // "1 van 2": the one still here who answered, of the two still here.
    CHECK(progress() == std::pair{1, 0});
    CHECK(view_of(s, role::facilitator)["joined"] == 2);
    must(s, decide_control(s, remove(2, false)));
    CHECK(progress() == std::pair{0, 0});
    // The answers were kept: the result still counts them.
    const json v = view_of(s, role::facilitator);
    CHECK(v["results"][0]["items"][0]["green"] == 1);
    CHECK(v["results"][0]["items"][0]["red"] == 1);
}

TEST_CASE("room: remove_participant by card removes every author of the card") {
    auto s = session_of({step_of("ot", activity_kind::open_text)}, 3);
    must(s, decide_control(s, "open", "ot"));
    must(s, respond(s, 1, "ot", json::array({"Koffie"})));
    must(s, respond(s, 2, "ot", json::array({"koffie", "thee"})));
    must(s, respond(s, 3, "ot", json::array({"thee"})));
    const json res = result(s, "ot");
    std::string koffie;
    for (const auto& c : res["cards"])
        if (c["text"] == "Koffie")
            koffie = c["card"];
    REQUIRE_FALSE(koffie.empty());
    auto c = cmd(control_action::remove_participant, "ot");
    c.card = "c000000000000";
    CHECK(code_of(decide_control(s, c)) == "unknown_item");
    c.card = koffie;
    c.discard = true;
    must(s, decide_control(s, c));
    CHECK(s.participants[0].removed);
    CHECK(s.participants[1].removed);
    CHECK_FALSE(s.participants[2].removed);
    CHECK(result(s, "ot")["cards"].size() == 1);
    CHECK(result(s, "ot")["total"] == 1);
}

TEST_CASE("room: set_tally adds paper answers to the result, paper and steps[].paper") {
    auto s = open_room(1);
    must(s, decide_answer(s, 1, "s1", "a", "green", "", limits{}));
    CHECK(code_of(decide_control(s, tally("s1", "zz", {{"green", 1}}))) == "unknown_item");
    CHECK(code_of(decide_control(s, tally("s1", "a", {{"blue", 1}}))) == "bad_value");
    CHECK(code_of(decide_control(s, tally("s1", "a", {{"green", -1}}))) == "bad_value");
    CHECK(code_of(decide_control(s, tally("s1", "a", {{"green", 10001}}))) == "bad_value");
    must(s, decide_control(s, tally("s1", "a", {{"green", 3}, {"red", 2}})));
    must(s, decide_control(s, tally("s1", "b", {{"pass", 1}})));
    json r = result(s, "s1");
    CHECK(r["paper"] == 5);
    CHECK(r["total"] == 6);
    CHECK(r["items"][0]["item"] == "a");
    CHECK(r["items"][0]["green"] == 4);
    CHECK(r["items"][0]["red"] == 2);
    CHECK(view_of(s, role::facilitator)["steps"][0]["paper"] == 5);
    // A new tally replaces the item's old one; all zeros removes it.
    must(s, decide_control(s, tally("s1", "a", {{"orange", 1}})));
    CHECK(result(s, "s1")["paper"] == 1);
    must(s, decide_control(s, tally("s1", "a", {{"orange", 0}})));
    must(s, decide_control(s, tally("s1", "b", {})));
    CHECK(s.steps[0].paper.counts.empty());
    CHECK(result(s, "s1")["paper"] == 0);

    SUBCASE("other kinds") {
        step_def sc = step_of("sc", activity_kind::scale);
        sc.items = items({"q"});
        step_def ch = step_of("ch", activity_kind::choice);
        ch.options = options({"x", "y"});
        step_def dv = step_of("dv", activity_kind::dot_vote);
        dv.options = options({"p", "q"});
        auto k = session_of({sc, ch, dv, step_of("ot", activity_kind::open_text)});
        CHECK(code_of(decide_control(k, tally("sc", "q", {{"6", 1}}))) == "bad_value");
        must(k, decide_control(k, tally("sc", "q", {{"5", 2}, {"pass", 1}})));
        CHECK(result(k, "sc")["items"][0]["counts"] == json{0, 0, 0, 0, 2});
        CHECK(code_of(decide_control(k, tally("ch", "x", {{"x", 1}}))) == "unknown_item");
        must(k, decide_control(k, tally("ch", "", {{"y", 4}})));
        CHECK(result(k, "ch")["options"][1] == json{{"option", "y"}, {"count", 4}});
        CHECK(code_of(decide_control(k, tally("dv", "", {{"pass", 1}}))) == "bad_value");
        must(k, decide_control(k, tally("dv", "", {{"q", 6}})));
        CHECK(result(k, "dv")["options"][0] == json{{"option", "q"}, {"dots", 6}, {"rank", 1}});
        CHECK(code_of(decide_control(k, tally("ot", "", {{"x", 1}}))) == "bad_value");
    }
}

TEST_CASE("room: set_note is for the facilitator's view only") {
    auto s = open_room(0);
    auto c = cmd(control_action::set_note, "s1");
    CHECK(code_of(decide_control(s, c)) == "bad_message");
    c.text = std::string(4001, 'x');
    CHECK(code_of(decide_control(s, c)) == "text_too_long");
    c.text = std::string("\xff");
    CHECK(code_of(decide_control(s, c)) == "bad_value");
    c.text = "Iedereen wil meer ontmoeting.";
    must(s, decide_control(s, c));
    CHECK(view_of(s, role::facilitator)["notes"] ==
          json::array({json{{"step", "s1"}, {"text", "Iedereen wil meer ontmoeting."}}}));
    CHECK_FALSE(view_of(s, role::projector).contains("notes"));
    CHECK_FALSE(view_of(s, role::participant).contains("notes"));
    CHECK(decide_control(s, c).events.empty());
    c.text = "";
    must(s, decide_control(s, c));
    CHECK(view_of(s, role::facilitator)["notes"].empty());
}

TEST_CASE("room: below min_answers a result is withheld for every role, comments too") {
    auto s = open_room(3);
    must(s, decide_control(s, "reveal", "s1"));
    auto k = cmd(control_action::set_min_answers);
    for (std::int64_t bad : {0, 51, -3}) {
        k.min = bad;
        CHECK(code_of(decide_control(s, k)) == "bad_value");
    }
    k.min = 3;
    must(s, decide_control(s, k));
    must(s, decide_answer(s, 1, "s1", "a", "green", "mooi", limits{}));
    must(s, decide_answer(s, 2, "s1", "a", "red", "", limits{}));
    for (role r : {role::facilitator, role::projector, role::participant}) {
        const json v = view_of(s, r);
        CHECK(v["min_answers"] == 3);
        REQUIRE(v["results"].size() >= 1); // the facilitator also gets s2 (withheld)
        CHECK(v["results"][0] ==
              json{{"step", "s1"}, {"kind", "traffic_light"}, {"total", 2}, {"withheld", true}});
    }
    CHECK(view_of(s, role::facilitator)["comments"].empty());
    CHECK(withheld(s.def.steps[0], s.steps[0], s.min_answers));

    SUBCASE("a third answer shows it") {
        must(s, decide_answer(s, 3, "s1", "a", "green", "", limits{}));
        const json v = view_of(s, role::projector);
        CHECK_FALSE(v["results"][0].contains("withheld"));
        CHECK(v["results"][0]["total"] == 3);
        CHECK(view_of(s, role::facilitator)["comments"].size() == 1);
    }
    SUBCASE("paper answers count toward the threshold") {
        must(s, decide_control(s, tally("s1", "a", {{"orange", 1}})));
        CHECK_FALSE(view_of(s, role::participant)["results"][0].contains("withheld"));
    }
}

TEST_CASE("room: the stored events bring back every setting") {
    auto s = open_room(2);
    const std::int64_t t0 = 1'800'000'000'000;
    std::vector<event> history;
    auto run = [&](const outcome& o) {
        must(s, o);
        history.insert(history.end(), o.events.begin(), o.events.end());
    };
    // The history so far, rebuilt: the session as three_statements and open_room made it.
    auto base = three_statements();
    history.push_back(ev::session_created{base.id, base.join_code, base.secret_hash,
                                          base.created_at, base.def, 1});
    history.push_back(ev::participant_joined{1, "t1", ""});
    history.push_back(ev::participant_joined{2, "t2", ""});
    history.push_back(ev::current_set{"s1"});
    history.push_back(ev::phase_set{"s1", phase::open});
    run(decide_answer(s, 2, "s1", "a", "green", "", limits{}));
    run(decide_control(s, tally("s1", "a", {{"red", 2}})));
    run(decide_control(s, with_on(control_action::set_live, "s1", true)));
    run(decide_control(s, timer("s1", 60, true, t0)));
    run(decide_control(s, with_on(control_action::set_follow, "", false)));
    run(decide_control(s, cmd(control_action::pause)));
    run(decide_control(s, remove(1, true)));
    auto note = cmd(control_action::set_note, "s1");
    note.text = "Kern";
    run(decide_control(s, note));
    auto k = cmd(control_action::set_min_answers);
    k.min = 7;
    run(decide_control(s, k));
    run(decide_control(s, cmd(control_action::resume)));
    run(decide_control(s, "close", "s1"));
    run(decide_control(s, cmd(control_action::lock, "s1")));
    auto pg = cmd(control_action::set_page, "s2");
    pg.page = 1;
    run(decide_control(s, pg));
    for (const event& e : {event(ev::compare_set{"s-0"}), event(ev::timer_ended{"s1"})}) {
        apply(s, e);
        history.push_back(e);
    }
    // The end, after the timer ran out: nothing left to stop.
    run(decide_control(s, cmd(control_action::end_session)));

    for (const auto& e : history) {
        const std::string text = event_to_json(e);
        CAPTURE(text);
        CHECK(event_to_json(event_from_json(text)) == text);
    }
    const auto r = replayed(history);
    CHECK(r.steps[0].locked);
    CHECK(r.steps[0].live);
    CHECK(r.steps[0].note == "Kern");
    CHECK(r.steps[0].paper.counts.at("a").at("red") == 2);
    CHECK(r.participants[0].removed);
    CHECK(r.steps[0].get<kring::traffic_light::responses>().answered == 1);
    CHECK_FALSE(r.paused);
    CHECK_FALSE(r.follow);
    CHECK(r.min_answers == 7);
    CHECK(r.compare_with == "s-0");
    CHECK(r.ended);
    CHECK(r.steps[1].page == 1);
    REQUIRE(r.timer);
    CHECK(r.timer->ended);
    CHECK(r.timer->close_at_end);
    CHECK(r.timer->ends_at == t0 + 60'000);
    CHECK(make_view(r, role::facilitator, 0) == make_view(s, role::facilitator, 0));
}

TEST_CASE("room: a session stored before the threshold existed has k = 3") {
    const std::string old =
        R"({"created_at":1,"def":{"steps":[],"template":"t","title":{"en":"T","nl":"T"}},"join_code":"KQWERT","secret_hash":"h","session_id":"s-1","type":"session_created"})";
    const auto s = fold({event_from_json(old)});
    CHECK(s.min_answers == 3);
    const json v = json::parse(make_view(s, role::projector, 0));
    CHECK(v["min_answers"] == 3);
    CHECK(v["paused"] == false);
    CHECK(v["follow"] == true);
    CHECK(v["timer"].is_null());
    CHECK(v["compare"].is_null());
}

TEST_CASE("room: set_compare takes a session of the same template") {
    auto s = open_room(1);
    auto other = three_statements();
    other.id = "s-0";
    auto c = cmd(control_action::set_compare);
    CHECK(code_of(decide_control(s, c)) == "bad_message");
    c.session = "s-0";
    CHECK(code_of(decide_control(s, c)) == "unknown_session"); // the server found nothing
    c.session = s.id;
    CHECK(code_of(decide_control(s, c)) == "bad_value");
    auto foreign = other;
    foreign.def.template_id = "another";
    c.session = "s-0";
    c.other = &foreign;
    c.may_compare = true;
    CHECK(code_of(decide_control(s, c)) == "bad_value");
    c.other = &other;
    // Only when the server found that the requester may steer the other session too.
    c.may_compare = false;
    CHECK(code_of(decide_control(s, c)) == "forbidden");
    CHECK(s.compare_with.empty());
    c.may_compare = true;
    must(s, decide_control(s, c));
    CHECK(s.compare_with == "s-0");
    view_context ctx;
    ctx.compare = &other;
    CHECK(view_of(s, role::projector, ctx)["compare"]["session"] == "s-0");
    CHECK(view_of(s, role::facilitator, ctx)["compare"]["session"] == "s-0");
    CHECK_FALSE(view_of(s, role::participant, ctx).contains("compare"));
    c.session = "";
    c.other = nullptr;
    must(s, decide_control(s, c));
    CHECK(view_of(s, role::projector, ctx)["compare"].is_null());
}
} // namespace kring_test_unit_facilitation_test
