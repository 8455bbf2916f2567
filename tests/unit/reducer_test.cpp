#include "fixtures.hpp"

#include "kring/events.hpp"
#include "kring/reducer.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_reducer_test {

using namespace kring;
using kring::fixtures::must;

TEST_CASE("join: new token makes a participant, a known token comes back") {
    auto s = fixtures::three_statements();
    must(s, decide_join(s, "tok-a", "An", limits{}));
    must(s, decide_join(s, "tok-b", "", limits{}));
    CHECK(s.participants.size() == 2);
    CHECK(s.participants[0].name == "An");
    const auto again = decide_join(s, "tok-a", "", limits{});
    CHECK(again.ok());
    CHECK(again.events.empty());
    REQUIRE(s.find_by_token_hash("tok-b"));
    CHECK(s.find_by_token_hash("tok-b")->id == 2);

    SUBCASE("room full") {
        limits lim;
        lim.max_participants = 2;
        const auto o = decide_join(s, "tok-c", "", lim);
        REQUIRE_FALSE(o.ok());
        CHECK(o.rejected->code == errc::room_full);
        // A known participant still gets in when the room is full.
        CHECK(decide_join(s, "tok-a", "", lim).ok());
    }
    SUBCASE("name too long") {
        const auto o = decide_join(s, "tok-c", std::string(41, 'x'), limits{});
        REQUIRE_FALSE(o.ok());
        CHECK(o.rejected->code == errc::text_too_long);
    }
}

TEST_CASE("answer: only while open, only valid values, last one counts") {
    auto s = fixtures::three_statements();
    fixtures::join_n(s, 3);
    const auto closed = decide_answer(s, 1, "s1", "a", "green", "", limits{});
    REQUIRE_FALSE(closed.ok());
    CHECK(closed.rejected->code == errc::step_not_open);

    must(s, decide_control(s, "open", "s1"));
    CHECK(s.current == 0);
    must(s, decide_answer(s, 1, "s1", "a", "green", "", limits{}));
    must(s, decide_answer(s, 2, "s1", "a", "red", "te weinig tijd", limits{}));
    must(s, decide_answer(s, 1, "s1", "a", "orange", "", limits{}));
    const auto& t = s.steps[0].get<kring::traffic_light::responses>().tallies[0];
    CHECK(t == traffic_light::tally{0, 1, 1, 0});

    struct bad_case {
        participant_id pid;
        const char* step;
        const char* item;
        const char* value;
        std::string comment;
        errc expected;
    };
    const bad_case cases[] = {
        {1, "nope", "a", "green", "", errc::unknown_step},
        {1, "s1", "zz", "green", "", errc::unknown_item},
        {1, "s1", "a", "purple", "", errc::bad_value},
        {1, "s1", "a", "green", std::string(501, 'x'), errc::text_too_long},
        {1, "s1", "a", "green", std::string("\xff\xfe"), errc::bad_value},
        {0, "s1", "a", "green", "", errc::forbidden},
        {9, "s1", "a", "green", "", errc::forbidden},
        {1, "s2", "a", "green", "", errc::step_not_open},
    };
    for (const auto& c : cases) {
        CAPTURE(c.step);
        CAPTURE(c.value);
        const auto o = decide_answer(s, c.pid, c.step, c.item, c.value, c.comment, limits{});
        REQUIRE_FALSE(o.ok());
        CHECK(o.rejected->code == c.expected);
    }
    // 500 characters of a multi-byte letter are fine: the limit counts characters, not bytes.
    std::string long_ok;
    for (int i = 0; i < 500; ++i)
        long_ok += "\xc3\xab"; // ë
    CHECK(decide_answer(s, 3, "s1", "b", "green", long_ok, limits{}).ok());

    must(s, decide_control(s, "close", "s1"));
    const auto late = decide_answer(s, 3, "s1", "b", "green", "", limits{});
    REQUIRE_FALSE(late.ok());
    CHECK(late.rejected->code == errc::step_not_open);
}

TEST_CASE("control: valid transitions only") {
    auto s = fixtures::three_statements();
    auto code_of = [&](const char* action, const char* step) {
        const auto o = decide_control(s, action, step);
        return o.ok() ? std::string("ok") : std::string(to_string(o.rejected->code));
    };
    CHECK(code_of("close", "s1") == "invalid_transition");
    CHECK(code_of("hide", "s1") == "invalid_transition");
    CHECK(code_of("dance", "s1") == "bad_value");
    CHECK(code_of("open", "zz") == "unknown_step");
    must(s, decide_control(s, "open", "s1"));
    CHECK(code_of("open", "s1") == "invalid_transition");
    must(s, decide_control(s, "reveal", "s1"));
    CHECK(s.steps[0].revealed);
    CHECK(code_of("reveal", "s1") == "invalid_transition");
    must(s, decide_control(s, "hide", "s1"));
    CHECK_FALSE(s.steps[0].revealed);
    must(s, decide_control(s, "goto", "s2"));
    CHECK(s.current == 1);
    CHECK(s.steps[1].ph == phase::pending);
    CHECK(code_of("goto", "s2") == "invalid_transition");
    must(s, decide_control(s, "close", "s1"));
    // Reopening a closed step is allowed: the group may want to go back.
    must(s, decide_control(s, "open", "s1"));
    CHECK(s.current == 0);
}

TEST_CASE("control: an unknown action name is bad_value, as from the parser") {
    const auto s = fixtures::three_statements();
    const auto o = decide_control(s, "dance", "s1");
    REQUIRE_FALSE(o.ok());
    CHECK(o.rejected->code == errc::bad_value);
    CHECK(o.rejected->message == "unknown action 'dance'");
    CHECK(o.rejected->message == unknown_action_error("dance").message);
    // "goto" is the wire name of control_action::go_to; the enum's spelling is no name.
    CHECK(fixtures::code_of(decide_control(s, "go_to", "s1")) == "bad_value");
    CHECK(fixtures::code_of(decide_control(s, "goto", "s2")) == "ok");
    // A value outside the enum (only a cast makes one) is refused, never a default action.
    control_command bad;
    bad.action = static_cast<control_action>(99);
    bad.step = "s1";
    CHECK(fixtures::code_of(decide_control(s, bad)) == "bad_value");
}

TEST_CASE("control: every action of the table has its own decision") {
    auto s = fixtures::three_statements();
    fixtures::join_n(s, 1);
    for (const auto& row : control_actions) {
        CAPTURE(row.name);
        control_command c;
        c.action = row.action;
        c.step = "s1";
        const auto o = decide_control(s, c);
        if (!o.ok()) {
            CHECK(o.rejected->message.rfind("unknown action", 0) == std::string::npos);
        }
        // By name (tests and tools) it is the same decision.
        const auto by_name = decide_control(s, row.name, "s1");
        CHECK(fixtures::code_of(by_name) == fixtures::code_of(o));
        CHECK(by_name.events.size() == o.events.size());
        // A step no session has: unknown_step for the actions on one step, before any of
        // their own checks; the session's own actions do not look at `step`.
        c.step = "zz";
        const auto far = decide_control(s, c);
        if (row.scope == control_scope::step) {
            CHECK(fixtures::code_of(far) == "unknown_step");
        } else {
            CHECK(fixtures::code_of(far) != "unknown_step");
        }
    }
}

TEST_CASE("control: a field the action needs, left out, is bad_message") {
    auto s = fixtures::three_statements();
    must(s, decide_control(s, "open", "s1"));
    struct need {
        control_action action;
        const char* field;
    };
    for (const auto& [action, field] :
         {need{control_action::set_live, "on"}, need{control_action::start_timer, "seconds"},
          need{control_action::set_note, "text"}, need{control_action::set_follow, "on"},
          need{control_action::set_min_answers, "min"},
          need{control_action::set_compare, "session"},
          need{control_action::remove_participant, "participant"}}) {
        CAPTURE(to_string(action));
        control_command c;
        c.action = action;
        c.step = "s1";
        const auto o = decide_control(s, c);
        REQUIRE_FALSE(o.ok());
        CHECK(o.rejected->code == errc::bad_message);
        CHECK(o.rejected->message == std::string("this action needs field '") + field + "'");
    }
}

TEST_CASE("fold of the stored events gives the same state (replay)") {
    auto s = fixtures::three_statements();
    std::vector<event> history;
    auto record = [&](const outcome& o) {
        must(s, o);
        history.insert(history.end(), o.events.begin(), o.events.end());
    };
    // The first event is the session_created the fixture applied.
    history.insert(history.begin(),
                   ev::session_created{"s-1", "ABCDEF", "hash", 1700000000, s.def});
    record(decide_join(s, "t1", "", limits{}));
    record(decide_join(s, "t2", "Bo", limits{}));
    record(decide_control(s, "open", "s1"));
    record(decide_answer(s, 1, "s1", "a", "green", "fijn", limits{}));
    record(decide_answer(s, 2, "s1", "a", "red", "", limits{}));
    record(decide_answer(s, 2, "s1", "c", "pass", "", limits{}));
    record(decide_control(s, "close", "s1"));
    record(decide_control(s, "reveal", "s1"));

    // Through JSON, as the store keeps them.
    std::vector<event> reloaded;
    for (const auto& e : history)
        reloaded.push_back(event_from_json(event_to_json(e)));
    const auto r = fold(reloaded);
    CHECK(r.rev == s.rev);
    CHECK(r.def == s.def);
    CHECK(r.current == s.current);
    CHECK(r.participants.size() == 2);
    CHECK(r.participants[1].name == "Bo");
    CHECK(r.steps[0].ph == phase::closed);
    CHECK(r.steps[0].revealed);
    CHECK(r.steps[0].get<kring::traffic_light::responses>().tallies ==
          s.steps[0].get<kring::traffic_light::responses>().tallies);
    CHECK(r.steps[0].get<kring::traffic_light::responses>().sheets.at(1)[0].comment == "fijn");
}

TEST_CASE("stored events: corrupt lines are refused with a message") {
    CHECK_THROWS_WITH_AS(event_from_json("{"), doctest::Contains("bad stored event"),
                         std::runtime_error);
    CHECK_THROWS_AS(event_from_json(R"({"type":"nope"})"), std::runtime_error);
    CHECK_THROWS_AS(
        event_from_json(
            R"({"type":"answer_set","pid":1,"step":"s","item":"i","value":"blue","comment":""})"),
        std::runtime_error);
    CHECK_THROWS_AS(event_from_json(R"({"type":"phase_set","step":"s"})"), std::runtime_error);
}

TEST_CASE("utf8_length counts characters and refuses invalid UTF-8") {
    CHECK(utf8_length("") == 0u);
    CHECK(utf8_length("abc") == 3u);
    CHECK(utf8_length("cre\xc3\xab"
                      "ren") == 7u);
    CHECK(utf8_length("\xe2\x80\x99") == 1u);     // ’
    CHECK(utf8_length("\xf0\x9f\x92\xa1") == 1u); // 💡
    CHECK_FALSE(utf8_length("\xc3"));
    CHECK_FALSE(utf8_length("\xc0\xaf"));     // overlong
    CHECK_FALSE(utf8_length("\xed\xa0\x80")); // surrogate
    CHECK_FALSE(utf8_length("\xff"));
}
} // namespace kring_test_unit_reducer_test
