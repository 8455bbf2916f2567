// Comparison of two sessions of the same template: shares per statement and their change.
#include "fixtures.hpp"

#include "kring/compare.hpp"

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_compare_test {

using namespace kring;
using namespace kring::fixtures;

namespace {

/**
 * A session of three_statements with the given colours on statement "a" of step s1, which
 * is revealed (only what a session's own room saw takes part in a comparison) unless
 * `reveal` is false.
 */
session_state with_answers(const std::string& id, const std::vector<std::string>& colours,
                           bool reveal = true) {
    auto s = three_statements();
    s.id = id;
    join_n(s, static_cast<int>(colours.size()));
    must(s, decide_control(s, "open", "s1"));
    participant_id pid = 1;
    for (const auto& c : colours)
        must(s, decide_answer(s, pid++, "s1", "a", c, "", limits{}));
    if (reveal)
        must(s, decide_control(s, "reveal", "s1"));
    return s;
}

} // namespace

TEST_CASE("compare: shares of the non-pass answers and the change in points") {
    auto before = with_answers("s-old", {"green", "red", "red", "pass"});
    before.created_at = 1600000000;
    auto after = with_answers("s-new", {"green", "green", "green", "orange"});
    REQUIRE(same_template(before, after));

    const json c = compare_sessions(before, after, lang::nl);
    CHECK(c["session"] == "s-old");
    CHECK(c["created_at"] == 1600000000);
    CHECK(c["title"] == "Titel");
    // Step s2 has no answers at all: below even k = 1, it is left out.
    REQUIRE(c["items"].size() == 3);
    const json& a = c["items"][0];
    CHECK(a["step"] == "s1");
    CHECK(a["item"] == "a");
    CHECK(a["text"] == "A nl");
    CHECK(a["before"] == json{{"green", 33}, {"orange", 0}, {"red", 67}, {"n", 3}});
    CHECK(a["after"] == json{{"green", 75}, {"orange", 25}, {"red", 0}, {"n", 4}});
    CHECK(a["delta"] == json{{"green", 42}, {"orange", 25}, {"red", -67}});
    // Nothing answered: zero shares, no change.
    CHECK(c["items"][1]["before"]["n"] == 0);
    CHECK(c["items"][1]["delta"] == json{{"green", 0}, {"orange", 0}, {"red", 0}});

    CHECK(compare_sessions(before, after, lang::en)["items"][0]["text"] == "A en");
    CHECK(compare_sessions(before, after, lang::en)["title"] == "Title");
}

TEST_CASE("compare: paper answers count, withheld steps are left out") {
    auto before = with_answers("s-old", {"red"});
    auto after = with_answers("s-new", {"green"});
    control_command t;
    t.action = control_action::set_tally;
    t.step = "s1";
    t.item = "a";
    t.counts = {{"green", 1}};
    must(before, decide_control(before, t));
    const json c = compare_sessions(before, after, lang::nl);
    CHECK(c["items"][0]["before"] == json{{"green", 50}, {"orange", 0}, {"red", 50}, {"n", 2}});

    // The earlier session had threshold 3: its step s1 (2 answers) is withheld, and s2
    // (no answers at all) too; nothing is left to compare.
    before.min_answers = 3;
    CHECK(compare_sessions(before, after, lang::nl)["items"].empty());
    before.min_answers = 2;
    after.min_answers = 2; // now "after" is below
    CHECK(compare_sessions(before, after, lang::nl)["items"].empty());
}

TEST_CASE("compare: only sessions of the same template, statements matched by id") {
    auto a = with_answers("s-a", {"green"});
    auto b = with_answers("s-b", {"red"});
    b.def.template_id = "other";
    CHECK_FALSE(same_template(a, b));
    b.def.template_id = a.def.template_id;
    CHECK(same_template(a, b));
    // A statement the other session does not have is left out.
    b.def.steps[0].items[0].id = "renamed";
    const json c = compare_sessions(b, a, lang::nl);
    CHECK(c["items"].size() == 2);
    CHECK(c["items"][0]["item"] == "b");
}

TEST_CASE("compare: only steps the other session's room was shown (revealed or live) take part") {
    // The earlier session's facilitator never revealed s1: its answers stay with them.
    auto before = with_answers("s-old", {"red", "red"}, false);
    const auto after = with_answers("s-new", {"green"});
    CHECK(compare_sessions(before, after, lang::nl)["items"].empty());
    const std::string text = compare_sessions(before, after, lang::en).dump();
    CHECK(text.find("\"red\":100") == std::string::npos);

    // Revealed: it takes part.
    must(before, decide_control(before, "reveal", "s1"));
    CHECK(compare_sessions(before, after, lang::nl)["items"].size() == 3);
    CHECK(compare_sessions(before, after, lang::nl)["items"][0]["before"]["red"] == 100);
    // Hidden again: left out again.
    must(before, decide_control(before, "hide", "s1"));
    CHECK(compare_sessions(before, after, lang::nl)["items"].empty());
    // Live (shown to its room without reveal): it takes part.
    control_command live;
    live.action = control_action::set_live;
    live.step = "s1";
    live.on = true;
    must(before, decide_control(before, live));
    CHECK(compare_sessions(before, after, lang::nl)["items"].size() == 3);
}

TEST_CASE("compare: for the projector, this session's own steps only once revealed or live") {
    const auto before = with_answers("s-old", {"red"});
    auto after = with_answers("s-new", {"green"}, false);
    // The facilitator sees this session's unrevealed step in the comparison ...
    CHECK(compare_sessions(before, after, lang::nl)["items"].size() == 3);
    // ... the projector does not, as it does not see the step's result either.
    CHECK(compare_sessions(before, after, lang::nl, true)["items"].empty());
    must(after, decide_control(after, "reveal", "s1"));
    CHECK(compare_sessions(before, after, lang::nl, true)["items"].size() == 3);
}
} // namespace kring_test_unit_compare_test
