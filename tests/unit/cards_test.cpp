// Card controls (hide_card, show_card, merge_cards, unmerge_card) and set_lang in the reducer.
#include "fixtures.hpp"

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_cards_test {

using namespace kring;
using namespace kring::fixtures;

namespace {

control_command cmd(const char* action, const char* step, std::string card = {},
                    std::vector<std::string> cards = {}, const char* lang = "") {
    control_command c;
    c.action = control_action_from_string(action).value();
    c.step = step;
    c.card = std::move(card);
    c.cards = std::move(cards);
    c.lang = lang;
    return c;
}

std::string id(const char* text) {
    return cards::id_of(cards::key(text));
}

} // namespace

TEST_CASE("cards: ids follow the text, not its spelling or author") {
    CHECK(cards::key("  Warm   WELKOM ") == "warm welkom");
    CHECK(cards::key("ÉÉN Café") == "één café");
    CHECK(id("Koffie") == id("koffie "));
    CHECK(id("koffie") != id("thee"));
    CHECK(id("koffie").size() == 13);
    CHECK(id("koffie")[0] == 'c');
}

TEST_CASE("cards: hide, show, merge and unmerge, with their errors") {
    step_def ot = step_of("ot", activity_kind::open_text);
    step_def tl = step_of("tl", activity_kind::traffic_light);
    tl.items = items({"a"});
    auto s = session_of({ot, tl}, 3);
    must(s, decide_control(s, "open", "ot"));
    must(s, respond(s, 1, "ot", json::array({"koffie", "thee"})));
    must(s, respond(s, 2, "ot", json::array({"een tas koffie"})));
    must(s, respond(s, 3, "ot", json::array({"iets geks"})));

    CHECK(code_of(decide_control(s, cmd("hide_card", "tl", id("koffie")))) == "bad_value");
    CHECK(code_of(decide_control(s, cmd("hide_card", "ot", "c000000000000"))) == "unknown_item");
    CHECK(code_of(decide_control(s, cmd("hide_card", "nope", id("koffie")))) == "unknown_step");
    CHECK(code_of(decide_control(s, cmd("show_card", "ot", id("koffie")))) == "invalid_transition");

    must(s, decide_control(s, cmd("hide_card", "ot", id("iets geks"))));
    CHECK(code_of(decide_control(s, cmd("hide_card", "ot", id("iets geks")))) ==
          "invalid_transition");
    json proj = result(s, "ot", role::projector);
    CHECK(proj["cards"].size() == 3);
    CHECK(proj.dump().find("geks") == std::string::npos);
    CHECK(result(s, "ot")["cards"].size() == 4);

    CHECK(code_of(decide_control(s, cmd("merge_cards", "ot", id("koffie")))) ==
          "bad_value"); // no cards
    CHECK(code_of(decide_control(s, cmd("merge_cards", "ot", id("koffie"), {id("koffie")}))) ==
          "bad_value");
    CHECK(code_of(decide_control(s, cmd("merge_cards", "ot", id("koffie"), {"c000000000000"}))) ==
          "unknown_item");
    CHECK(code_of(decide_control(s, cmd("merge_cards", "ot", id("koffie"), {id("iets geks")}))) ==
          "invalid_transition"); // hidden
    must(s, decide_control(s, cmd("merge_cards", "ot", id("koffie"), {id("een tas koffie")})));
    json fac = result(s, "ot");
    CHECK(fac["cards"][0]["card"] == id("koffie"));
    CHECK(fac["cards"][0]["count"] == 2);
    CHECK(fac["cards"][0]["merged"][0]["text"] == "een tas koffie");
    CHECK(code_of(decide_control(s, cmd("hide_card", "ot", id("een tas koffie")))) ==
          "invalid_transition");
    CHECK(
        code_of(decide_control(s, cmd("merge_cards", "ot", id("een tas koffie"), {id("thee")}))) ==
        "invalid_transition"); // the target is merged itself

    // Merging the target into another card takes its merged cards along (one level deep).
    must(s, decide_control(s, cmd("merge_cards", "ot", id("thee"), {id("koffie")})));
    fac = result(s, "ot");
    CHECK(fac["cards"][0]["card"] == id("thee"));
    CHECK(fac["cards"][0]["count"] == 3);
    CHECK(s.steps[0].moderation.merged_into.at(id("een tas koffie")) == id("thee"));

    // Unmerge one card, then everything merged into a target.
    must(s, decide_control(s, cmd("unmerge_card", "ot", id("een tas koffie"))));
    CHECK(result(s, "ot")["cards"][0]["count"] == 2);
    must(s, decide_control(s, cmd("unmerge_card", "ot", id("thee"))));
    CHECK(result(s, "ot")["cards"][0]["count"] == 1);
    CHECK(code_of(decide_control(s, cmd("unmerge_card", "ot", id("thee")))) ==
          "invalid_transition");
    CHECK(code_of(decide_control(s, cmd("unmerge_card", "ot", "c000000000000"))) == "unknown_item");

    must(s, decide_control(s, cmd("show_card", "ot", id("iets geks"))));
    CHECK(result(s, "ot", role::projector)["cards"].size() == 4);
}

TEST_CASE("set_lang: nl or en, the projector's language in every view") {
    auto s = session_of({step_of("ot", activity_kind::open_text)});
    CHECK(code_of(decide_control(s, cmd("set_lang", "", {}, {}, "fr"))) == "bad_value");
    CHECK(decide_control(s, cmd("set_lang", "", {}, {}, "nl")).events.empty()); // already Dutch
    must(s, decide_control(s, cmd("set_lang", "", {}, {}, "en")));
    CHECK(s.projector_lang == lang::en);
    CHECK(json::parse(make_view(s, role::projector, 0))["lang"] == "en");
    CHECK(json::parse(protocol::make_welcome(std::nullopt, s, role::projector, 0,
                                             ""))["session"]["lang"] == "en");
    CHECK(code_of(decide_control(s, "dance", "ot")) == "bad_value");
}
} // namespace kring_test_unit_cards_test
