// The registry of activity kinds (kinds.hpp): every kind's name and traits come from its
// own file, a step holds the answers of its own kind, and code that visits them (counts,
// cards, removing a participant's answers) works for every kind.
#include "fixtures.hpp"

#include "kring/kinds.hpp"

#include <set>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_kinds_test {

using namespace kring;
using namespace kring::fixtures;

namespace {

const std::vector<activity_kind> every_kind = {
    activity_kind::traffic_light, activity_kind::scale,      activity_kind::choice,
    activity_kind::image_choice,  activity_kind::open_text,  activity_kind::dot_vote,
    activity_kind::inventory,     activity_kind::action_plan};

/** One step of every kind that takes answers without further content: choice, open_text, scale. */
session_state three_kinds(int participants) {
    step_def ch = step_of("ch", activity_kind::choice);
    ch.options = options({"a", "b"});
    step_def ot = step_of("ot", activity_kind::open_text);
    step_def sc = step_of("sc", activity_kind::scale);
    sc.items = items({"q1", "q2"});
    return session_of({ch, ot, sc}, participants);
}

} // namespace

TEST_CASE("kinds: every kind has one name, read back to the same kind, and its own traits") {
    std::set<std::string> names;
    for (activity_kind k : every_kind) {
        const std::string name = to_string(k);
        CHECK(name != "unknown");
        names.insert(name);
        CHECK(activity_kind_from_string(name) == k);
    }
    CHECK(names.size() == every_kind.size());
    CHECK(std::string(to_string(activity_kind::unknown)) == "unknown");
    CHECK(activity_kind_from_string("stoplicht") == activity_kind::unknown);
    CHECK(activity_kind_from_string("") == activity_kind::unknown);
    // The names content files and the protocol use.
    CHECK(std::string(to_string(activity_kind::traffic_light)) == "traffic_light");
    CHECK(std::string(to_string(activity_kind::action_plan)) == "action_plan");

    const std::set<activity_kind> per_item = {activity_kind::traffic_light, activity_kind::scale};
    const std::set<activity_kind> cards = {activity_kind::open_text, activity_kind::inventory,
                                           activity_kind::action_plan};
    for (activity_kind k : every_kind) {
        CAPTURE(to_string(k));
        CHECK(has_items(k) == (per_item.count(k) == 1));
        CHECK(has_cards(k) == (cards.count(k) == 1));
    }
    CHECK_FALSE(has_items(activity_kind::unknown));
    CHECK_FALSE(has_cards(activity_kind::unknown));
}

TEST_CASE("kinds: a session's steps hold empty answers of their own kind from the start") {
    std::vector<step_def> steps;
    for (activity_kind k : every_kind)
        steps.push_back(step_of(std::string("s-") + to_string(k), k));
    steps.push_back(step_of("s-unknown", activity_kind::unknown));
    const auto s = session_of(steps);
    REQUIRE(s.steps.size() == every_kind.size() + 1);
    for (std::size_t i = 0; i < s.steps.size(); ++i) {
        CAPTURE(s.def.steps[i].id);
        CHECK(s.steps[i].answers.index() == static_cast<std::size_t>(s.def.steps[i].kind));
        CHECK(answered(s.def.steps[i], s.steps[i]) == 0);
        CHECK(complete(s.def.steps[i], s.steps[i]) == 0);
        CHECK(card_ids(s.def.steps[i], s.steps[i]).empty());
    }
    CHECK(std::holds_alternative<std::monostate>(s.steps.back().answers));
    CHECK(make_answers(activity_kind::dot_vote).index() ==
          static_cast<std::size_t>(activity_kind::dot_vote));
}

TEST_CASE("kinds: reading a step as another kind gives nothing and changes nothing") {
    auto s = three_kinds(1);
    must(s, decide_control(s, "open", "ch"));
    must(s, respond(s, 1, "ch", "a"));
    const step_state& st = s.steps[0];
    CHECK(st.get<choice::responses>().by.size() == 1);
    CHECK(st.get<open_text::responses>().by.empty());
    CHECK(st.get<traffic_light::responses>().sheets.empty());
    CHECK(std::holds_alternative<choice::responses>(st.answers));
    CHECK(answered(s.def.steps[0], st) == 1);
}

TEST_CASE("kinds: counts, cards and a discarded participant, for each kind the same way") {
    auto s = three_kinds(2);
    for (const char* step : {"ch", "ot", "sc"})
        must(s, decide_control(s, "open", step));
    must(s, respond(s, 1, "ch", "a"));
    must(s, respond(s, 2, "ch", "b"));
    must(s, respond(s, 1, "ot", json::array({"koffie", "een glimlach"})));
    must(s, respond(s, 2, "ot", json::array({"thee"})));
    must(s, respond(s, 1, "sc", 4, "", "q1"));
    must(s, respond(s, 1, "sc", 2, "", "q2"));
    must(s, respond(s, 2, "sc", 5, "", "q1"));

    CHECK(answered(s.def.steps[0], s.steps[0]) == 2);
    CHECK(answered(s.def.steps[1], s.steps[1]) == 2);
    CHECK(answered(s.def.steps[2], s.steps[2]) == 2);
    CHECK(complete(s.def.steps[2], s.steps[2]) == 1); // participant 2 left q2 open
    CHECK(card_ids(s.def.steps[1], s.steps[1]).size() == 3);
    CHECK(card_ids(s.def.steps[0], s.steps[0]).empty());

    control_command c;
    c.action = control_action::remove_participant;
    c.participant = 1;
    c.discard = true;
    must(s, decide_control(s, c));
    CHECK(answered(s.def.steps[0], s.steps[0]) == 1);
    CHECK(s.steps[0].get<choice::responses>().by.count(2) == 1);
    CHECK(answered(s.def.steps[1], s.steps[1]) == 1);
    CHECK(card_ids(s.def.steps[1], s.steps[1]).size() == 1);
    CHECK(answered(s.def.steps[2], s.steps[2]) == 1);
    CHECK(complete(s.def.steps[2], s.steps[2]) == 0);
    // The step kept its kind: a new answer lands where it did before.
    CHECK(std::holds_alternative<open_text::responses>(s.steps[1].answers));
    CHECK(code_of(respond(s, 2, "ot", json::array({"soep"}))) == "ok");
}

} // namespace kring_test_unit_kinds_test
