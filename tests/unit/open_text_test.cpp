// open_text: the tokenizer, validate / apply / aggregate, cards, and through the reducer.
#include "fixtures.hpp"

#include "kring/open_text.hpp"

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_open_text_test {

using namespace kring;
using namespace kring::fixtures;

namespace {

step_def text_step(int max_entries = 3, int max_length = 20) {
    step_def d = step_of("ot", activity_kind::open_text);
    d.max_entries = max_entries;
    d.max_length = max_length;
    return d;
}

std::vector<std::string> terms_of(const open_text::result& r) {
    std::vector<std::string> out;
    for (const auto& t : r.terms)
        out.push_back(t.term + ":" + std::to_string(t.count));
    return out;
}

} // namespace

TEST_CASE("tokenize: lower case, Dutch letters kept, stop words and short words dropped") {
    using V = std::vector<std::string>;
    CHECK(open_text::tokenize("") == V{});
    CHECK(open_text::tokenize("Ontmoeten is een GLIMLACH bij het brengen") ==
          V{"ontmoeten", "glimlach", "brengen"});
    CHECK(open_text::tokenize("Creëren, naïef: één café!") == V{"creëren", "naïef", "één", "café"});
    CHECK(open_text::tokenize("ÉÉN Ëlke") == V{"één", "ëlke"});
    CHECK(open_text::tokenize("koffie-en-thee's 2024 ok") == V{"koffie", "thee"});
    CHECK(open_text::tokenize("the warmth of the room and you") == V{"warmth", "room"});
    CHECK(open_text::tokenize("ouders\nkinderen\tbuurt") == V{"ouders", "kinderen", "buurt"});
    CHECK(open_text::tokenize("💡idee") == V{"idee"});
    CHECK(open_text::is_stop_word("zijn"));
    CHECK(open_text::is_stop_word("the"));
    CHECK_FALSE(open_text::is_stop_word("ontmoeting"));
    // Invalid UTF-8 cannot crash it.
    CHECK(open_text::tokenize(std::string("ab\xff\xfe"
                                          "cde")) == V{"cde"});
}

TEST_CASE("top_terms: by count, then alphabetical, at most n") {
    std::vector<std::string_view> texts = {"koffie warmte", "warmte koffie", "koffie", "buurt",
                                           "aandacht"};
    const auto t = open_text::top_terms(texts, 3);
    REQUIRE(t.size() == 3);
    CHECK(t[0].term == "koffie");
    CHECK(t[0].count == 3);
    CHECK(t[1].term == "warmte");
    CHECK(t[2].term == "aandacht"); // a tie of ones: alphabetical
    std::vector<std::string> many;
    for (int i = 0; i < 60; ++i)
        many.push_back("woord" + std::string(1, char('a' + i % 26)) +
                       std::string(1, char('a' + i / 26)));
    std::vector<std::string_view> views(many.begin(), many.end());
    CHECK(open_text::top_terms(views).size() == 40);
}

TEST_CASE("open_text: validate takes up to max_entries texts of 1..max_length characters") {
    const step_def d = text_step(2, 10);
    CHECK(open_text::validate(d, json::array({"  warm \n  thee  "}), "", limits{}).value->texts ==
          std::vector<std::string>{"warm thee"});
    CHECK(open_text::validate(d, json::array(), "", limits{}).value->texts.empty()); // withdraws
    CHECK(open_text::validate(d, "pass", "", limits{}).value->pass);
    for (const json& v : every_json_type()) {
        if (v.is_array() && v.empty())
            continue;
        if (v == json::array({"x", "y"}))
            continue;
        CAPTURE(v.dump());
        CHECK(open_text::validate(d, v, "", limits{}).err.code == errc::bad_value);
    }
    CHECK(open_text::validate(d, json::array({"a", "b", "c"}), "", limits{}).err.code ==
          errc::bad_value);
    CHECK(open_text::validate(d, json::array({"   "}), "", limits{}).err.code == errc::bad_value);
    CHECK(open_text::validate(d, json::array({"12345678901"}), "", limits{}).err.code ==
          errc::text_too_long);
    CHECK(open_text::validate(d, json::array({"ëëëëëëëëëë"}), "", limits{})
              .ok()); // characters, not bytes
    CHECK(open_text::validate(d, json::array({std::string("\xc3")}), "", limits{}).err.code ==
          errc::bad_value);
    CHECK(open_text::validate(d, json::array({"x"}), "comment", limits{}).err.code ==
          errc::bad_value);
    // The same text twice (any case) counts once.
    CHECK(open_text::validate(d, json::array({"Koffie", "koffie "}), "", limits{})
              .value->texts.size() == 1);
}

TEST_CASE("open_text: cards by text, most frequent first, terms of the visible cards") {
    open_text::responses r;
    cards::moderation m;
    SUBCASE("no answers") {
        const auto res = open_text::aggregate(r, m);
        CHECK(res.total == 0);
        CHECK(res.cards.empty());
        CHECK(res.terms.empty());
    }
    SUBCASE("all pass") {
        open_text::apply(r, 1, {true, {}, {}});
        open_text::apply(r, 2, {true, {}, {}});
        const auto res = open_text::aggregate(r, m);
        CHECK(res.total == 2);
        CHECK(res.cards.empty());
    }
    SUBCASE("equal texts are one card; ties alphabetical; changed and withdrawn answers") {
        open_text::apply(r, 1, {false, {"Warm welkom", "koffie"}, {}});
        open_text::apply(r, 2, {false, {"warm welkom"}, {}});
        open_text::apply(r, 3, {false, {"buurt"}, {}});
        auto res = open_text::aggregate(r, m);
        REQUIRE(res.cards.size() == 3);
        CHECK(res.cards[0].text == "Warm welkom"); // first spelling in byte order
        CHECK(res.cards[0].count == 2);
        CHECK(res.cards[1].text == "buurt");
        CHECK(res.cards[2].text == "koffie");
        CHECK(res.cards[0].card == cards::id_of(cards::key("warm  WELKOM")));
        CHECK(terms_of(res) ==
              std::vector<std::string>{"warm:2", "welkom:2", "buurt:1", "koffie:1"});
        open_text::apply(r, 3, {false, {"koffie"}, {}}); // changed
        open_text::apply(r, 2, {false, {}, {}});         // withdrawn
        res = open_text::aggregate(r, m);
        CHECK(res.total == 2);
        REQUIRE(res.cards.size() == 2);
        CHECK(res.cards[0].text == "koffie");
        CHECK(res.cards[0].count == 2);
        CHECK(res.cards[1].count == 1);
    }
    SUBCASE("hidden cards: only the facilitator sees them, and never in the terms") {
        open_text::apply(r, 1, {false, {"Jan is lastig"}, {}});
        open_text::apply(r, 2, {false, {"warme koffie"}, {}});
        m.hidden.insert(cards::id_of(cards::key("jan is lastig")));
        const auto res = open_text::aggregate(r, m);
        CHECK(terms_of(res) == std::vector<std::string>{"koffie:1", "warme:1"});
        json fac, proj;
        open_text::to_json(fac, res, true);
        open_text::to_json(proj, res, false);
        CHECK(fac["cards"].size() == 2);
        CHECK(proj["cards"].size() == 1);
        CHECK(proj.dump().find("Jan") == std::string::npos);
        bool marked = false;
        for (const auto& c : fac["cards"])
            marked = marked || c.value("hidden", false);
        CHECK(marked);
    }
    SUBCASE("merged cards count with their target; the merge sleeps while the target is gone") {
        open_text::apply(r, 1, {false, {"koffie"}, {}});
        open_text::apply(r, 2, {false, {"een tas koffie"}, {}});
        open_text::apply(r, 3, {false, {"thee"}, {}});
        const std::string target = cards::id_of(cards::key("koffie"));
        m.merged_into[cards::id_of(cards::key("een tas koffie"))] = target;
        auto res = open_text::aggregate(r, m);
        REQUIRE(res.cards.size() == 2);
        CHECK(res.cards[0].card == target);
        CHECK(res.cards[0].count == 2);
        REQUIRE(res.cards[0].merged.size() == 1);
        CHECK(res.cards[0].merged[0].text == "een tas koffie");
        json proj;
        open_text::to_json(proj, res, false);
        CHECK_FALSE(proj["cards"][0].contains("merged"));
        open_text::apply(r, 1, {false, {}, {}}); // the target's author withdraws
        res = open_text::aggregate(r, m);
        CHECK(res.cards.size() == 2);
        CHECK(res.cards[0].count == 1);
    }
}

TEST_CASE("open_text: through the reducer, with withdraw and replay") {
    auto s = session_of({text_step()}, 2);
    must(s, decide_control(s, "open", "ot"));
    std::vector<event> history{ev::session_created{"s-1", "ABCDEF", "hash", 1700000000, s.def},
                               ev::participant_joined{1, "t1", ""},
                               ev::participant_joined{2, "t2", ""}};
    auto record = [&](const outcome& o) {
        must(s, o);
        history.insert(history.end(), o.events.begin(), o.events.end());
    };
    record(respond(s, 1, "ot", json::array({"een glimlach", "koffie"})));
    record(respond(s, 2, "ot", json::array({"Koffie"})));
    CHECK(code_of(respond(s, 1, "ot", json::array({"a", "b", "c", "d"}))) == "bad_value");
    CHECK(code_of(respond(s, 1, "ot", json::array({std::string(21, 'x')}))) == "text_too_long");
    CHECK(code_of(respond(s, 1, "ot", json::array({"x"}), "why")) == "bad_value");
    json r = result(s, "ot");
    CHECK(r["total"] == 2);
    CHECK(r["cards"][0]["text"] == "Koffie");
    CHECK(r["cards"][0]["count"] == 2);
    record(respond(s, 2, "ot", json::array()));
    CHECK(result(s, "ot")["total"] == 1);
    CHECK(json::parse(protocol::make_mine(s, 2))["answers"].empty());
    CHECK(replayed(history).steps[0].get<kring::open_text::responses>() ==
          s.steps[0].get<kring::open_text::responses>());
}
} // namespace kring_test_unit_open_text_test
