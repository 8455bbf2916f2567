// Stored events: every event type round-trips through its JSON, and events stored by the
// first version (traffic light only) still load.
#include "fixtures.hpp"

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_events_test {

using namespace kring;
using namespace kring::fixtures;

TEST_CASE("events: the traffic-light history of the first version still loads") {
    // Exactly as version 1 stored them.
    const std::vector<std::string> stored = {
        R"({"created_at":1700000000,"def":{"steps":[{"id":"visie","items":[{"id":"visie-01","text":{"en":"Q1","nl":"V1"}},{"id":"visie-02","text":{"en":"Q2","nl":"V2"}}],"kind":"traffic_light","prompt":{"en":"P","nl":"P"},"title":{"en":"Vision","nl":"Visie"}}],"template":"stoplicht-visie","title":{"en":"T","nl":"T"}},"join_code":"KQWERT","secret_hash":"h","session_id":"s-1","type":"session_created"})",
        R"({"name":"","pid":1,"token_hash":"th","type":"participant_joined"})",
        R"({"step":"visie","type":"current_set"})",
        R"({"step":"visie","to":"open","type":"phase_set"})",
        R"({"comment":"fijn","item":"visie-01","pid":1,"step":"visie","type":"answer_set","value":"green"})",
        R"({"revealed":true,"step":"visie","type":"reveal_set"})",
    };
    std::vector<event> history;
    for (const auto& line : stored)
        history.push_back(event_from_json(line));
    const auto s = fold(history);
    CHECK(s.def.steps[0].kind == activity_kind::traffic_light);
    CHECK(s.def.steps[0].theme.empty());
    CHECK(s.def.steps[0].guide.empty());
    CHECK(s.def.blocks.empty());
    CHECK(s.projector_lang == lang::nl);
    CHECK(s.steps[0].get<kring::traffic_light::responses>().tallies[0].green == 1);
    const json w = json::parse(protocol::make_welcome(1, s, role::facilitator, 0, ""));
    CHECK(w["session"]["steps"][0]["theme"] == "");
    CHECK(w["session"]["blocks"].empty());
    // Stored before the threshold existed: k is 3, so one answer is withheld.
    CHECK(s.min_answers == 3);
    const json v = json::parse(make_view(s, role::projector, 0));
    CHECK(v["results"][0]["withheld"] == true);
    CHECK(step_result(s.def.steps[0], s.steps[0], role::projector)["items"][0]["green"] == 1);
}

TEST_CASE("events: every type round-trips through its stored JSON") {
    step_def vote = step_of("dv", activity_kind::dot_vote);
    vote.source_take = "blocks";
    step_def ot = step_of("ot", activity_kind::open_text);
    ot.guide = {"Gids", "Guide"};
    ot.resources.push_back({"r1", "boeken", {"Boek", "Book"}, {"Over", "About"}, ""});
    const auto s0 = session_of({ot, vote});
    const std::vector<event> all = {
        ev::session_created{"s-1", "ABCDEF", "hash", 1700000000, s0.def},
        ev::participant_joined{1, "th", "An"},
        ev::response_set{1, "ot", "", json::array({"koffie"}), ""},
        ev::card_hidden{"ot", "c0123456789ab", true},
        ev::cards_merged{"ot", "c1", {"c2", "c3"}},
        ev::cards_unmerged{"ot", {"c2"}},
        ev::options_set{"dv", options({"b1", "b2"})},
        ev::lang_set{lang::en},
    };
    for (const auto& e : all) {
        const std::string text = event_to_json(e);
        CAPTURE(text);
        CHECK(event_to_json(event_from_json(text)) == text);
    }
    const auto s = replayed(all);
    CHECK(s.def == s0.def);
    CHECK(s.projector_lang == lang::en);
    CHECK(s.steps[1].options_fixed);
    CHECK(s.steps[1].options.size() == 2);
    CHECK(s.steps[0].moderation.hidden.count("c0123456789ab") == 1);
    CHECK(s.steps[0].moderation.merged_into == std::map<std::string, std::string>{{"c3", "c1"}});
    CHECK(s.steps[0].get<kring::open_text::responses>().by.at(1).texts ==
          std::vector<std::string>{"koffie"});

    CHECK_THROWS_AS(event_from_json(R"({"type":"lang_set","lang":"fr"})"), std::runtime_error);
    CHECK_THROWS_AS(event_from_json(R"({"type":"response_set","pid":1,"step":"s"})"),
                    std::runtime_error);
    CHECK_THROWS_AS(event_from_json(R"({"type":"options_set","step":"s","options":{}})"),
                    std::runtime_error);
}

TEST_CASE("events: a stored response that no longer fits its step is ignored, not applied") {
    step_def ch = step_of("c", activity_kind::choice);
    ch.options = options({"x", "y"});
    auto s = session_of({ch}, 1);
    apply(s, ev::response_set{1, "c", "", "nope", ""});
    apply(s, ev::response_set{1, "nope", "", "x", ""});
    apply(s, ev::response_set{1, "c", "", json::object(), ""});
    CHECK(s.steps[0].get<kring::choice::responses>().by.empty());
    apply(s, ev::response_set{1, "c", "", "x",
                              "a long reason that a smaller --max-text would refuse"});
    CHECK(s.steps[0].get<kring::choice::responses>().by.size() == 1);
}
} // namespace kring_test_unit_events_test
