// action_plan: validate / apply / aggregate, through the reducer, and as dot-vote options.
#include "fixtures.hpp"

#include "kring/action_plan.hpp"

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_action_plan_test {

using namespace kring;
using namespace kring::fixtures;

namespace {

step_def plan_step() {
    step_def d = step_of("ap", activity_kind::action_plan);
    d.max_entries = 2;
    return d;
}

json act(const char* what, const char* who = "", const char* when = "") {
    return json{{"what", what}, {"who", who}, {"when", when}};
}

} // namespace

TEST_CASE("action_plan: validate checks what (required), who and when") {
    const step_def d = plan_step();
    CHECK(action_plan::validate(d, json::array({json{{"what", "Koffiehoek"}}}), "", limits{})
              .value->actions[0]
              .who.empty());
    CHECK(action_plan::validate(d, json::array(), "", limits{}).value->actions.empty());
    CHECK(action_plan::validate(d, "pass", "", limits{}).value->pass);
    for (const json& v : every_json_type()) {
        if (v.is_array() && v.empty())
            continue;
        CAPTURE(v.dump());
        CHECK(action_plan::validate(d, v, "", limits{}).err.code == errc::bad_value);
    }
    auto code = [&](json value) { return action_plan::validate(d, value, "", limits{}).err.code; };
    CHECK(code(json::array({json{{"who", "An"}}})) == errc::bad_value);
    CHECK(code(json::array({act("   ")})) == errc::bad_value);
    CHECK(code(json::array({act("a"), act("b"), act("c")})) == errc::bad_value);
    CHECK(code(json::array({json{{"what", "a"}, {"who", 3}}})) == errc::bad_value);
    CHECK(code(json::array({act(std::string(141, 'w').c_str())})) == errc::text_too_long);
    CHECK(code(json::array({act("a", std::string(61, 'w').c_str())})) == errc::text_too_long);
    CHECK(code(json::array({act("a", "", std::string(41, 'w').c_str())})) == errc::text_too_long);
    CHECK(action_plan::validate(d, json::array({act("a")}), "x", limits{}).err.code ==
          errc::bad_value);
    CHECK(action_plan::label({"Koffiehoek", "An", "mei"}) == "Koffiehoek (An, mei)");
    CHECK(action_plan::label({"Koffiehoek", "", "mei"}) == "Koffiehoek (mei)");
    CHECK(action_plan::label({"Koffiehoek", "", ""}) == "Koffiehoek");
}

TEST_CASE(
    "action_plan: the list, alphabetical, equal actions once, hidden for the facilitator only") {
    action_plan::responses r;
    cards::moderation m;
    CHECK(action_plan::aggregate(r, m).actions.empty());
    action_plan::apply(r, 1, {false, {{"zitbank", "Jo", "juni"}, {"Koffiehoek", "An", "mei"}}});
    action_plan::apply(r, 2, {false, {{"koffiehoek", "an", "mei"}}});
    action_plan::apply(r, 3, {true, {}});
    auto res = action_plan::aggregate(r, m);
    CHECK(res.total == 3);
    REQUIRE(res.actions.size() == 2);
    CHECK(res.actions[0].a.what == "Koffiehoek");
    m.hidden.insert(res.actions[1].card);
    res = action_plan::aggregate(r, m);
    json fac, proj;
    action_plan::to_json(fac, res, true);
    action_plan::to_json(proj, res, false);
    CHECK(fac["actions"].size() == 2);
    CHECK(fac["actions"][1]["hidden"] == true);
    CHECK(proj["actions"].size() == 1);
    action_plan::apply(r, 1, {false, {}}); // withdrawn
    CHECK(action_plan::aggregate(r, m).actions.size() == 1);
}

TEST_CASE("action_plan: through the reducer, then dot-voted") {
    step_def vote = step_of("prio", activity_kind::dot_vote);
    vote.source_step = "ap";
    vote.source_take = "actions";
    auto s = session_of({plan_step(), vote}, 2);
    must(s, decide_control(s, "open", "ap"));
    must(s, respond(s, 1, "ap", json::array({act("Koffiehoek", "An", "mei"), act("Onthaal")})));
    must(s, respond(s, 2, "ap", json::array({act("Speelmat")})));
    const json r = result(s, "ap");
    REQUIRE(r["actions"].size() == 3);
    const std::string hidden = r["actions"][2]["card"]; // Speelmat
    control_command hide;
    hide.action = control_action::hide_card;
    hide.step = "ap";
    hide.card = hidden;
    must(s, decide_control(s, hide));
    must(s, decide_control(s, "close", "ap"));
    must(s, decide_control(s, "open", "prio"));
    const auto& o = s.steps[1].options;
    REQUIRE(o.size() == 2); // the hidden action is not votable
    CHECK(o[0].text.nl == "Koffiehoek (An, mei)");
    CHECK(o[1].text.en == "Onthaal");
    must(s, respond(s, 1, "prio", json{{o[0].id, 3}}));
    CHECK(result(s, "prio")["options"][0]["dots"] == 3);
}
} // namespace kring_test_unit_action_plan_test
