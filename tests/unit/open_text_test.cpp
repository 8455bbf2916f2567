// open_text: the tokenizer, validate / apply / aggregate, cards, and through the reducer.
#include "fixtures.hpp"

#include "kring/open_text.hpp"
#include "kring/text.hpp"

#include <algorithm>

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

TEST_CASE("tokenize: a longer answer in words, lower case, Dutch letters kept, stop words and "
          "short words dropped") {
    using V = std::vector<std::string>;
    CHECK(open_text::tokenize("") == V{});
    CHECK(open_text::tokenize("   ") == V{});
    CHECK(open_text::tokenize("Ontmoeten is een GLIMLACH bij het brengen") ==
          V{"ontmoeten", "glimlach", "brengen"});
    CHECK(open_text::tokenize("Creëren, naïef: één café, ÉÉN Ëlke dag") ==
          V{"creëren", "naïef", "één", "café", "één", "ëlke", "dag"});
    CHECK(open_text::tokenize("koffie-en-thee's 2024 ok met de buren") ==
          V{"koffie", "thee", "buren"});
    CHECK(open_text::tokenize("the warmth of the room and you") == V{"warmth", "room"});
    CHECK(open_text::tokenize("ouders\nkinderen\tbuurt en de school") ==
          V{"ouders", "kinderen", "buurt", "school"});
    CHECK(open_text::tokenize("💡idee voor de hele buurt") == V{"idee", "hele", "buurt"});
    CHECK(open_text::is_stop_word("zijn"));
    CHECK(open_text::is_stop_word("the"));
    CHECK_FALSE(open_text::is_stop_word("ontmoeting"));
    // Invalid UTF-8 cannot crash it, short or long.
    CHECK(open_text::tokenize(std::string("ab\xff\xfe"
                                          "cde fgh ijk lmn opq")) ==
          V{"cde", "fgh", "ijk", "lmn", "opq"});
    const auto bad = open_text::tokenize(std::string("ab\xff\xfe"
                                                     "cde"));
    REQUIRE(bad.size() == 1);
    CHECK(utf8_length(bad[0]));
}

TEST_CASE("tokenize: a short answer is one term, its meaning kept") {
    using V = std::vector<std::string>;
    CHECK(open_text::tokenize("Luisteren zonder oordeel") == V{"luisteren zonder oordeel"});
    CHECK(open_text::tokenize("Niet alleen staan") == V{"niet alleen staan"});
    CHECK(open_text::tokenize("Samen!") == V{"samen"});
    CHECK(open_text::tokenize("Not being judged") == V{"not being judged"});
    // Outer punctuation trimmed, inner white space collapsed, inner punctuation as written.
    CHECK(open_text::tokenize("  «Een  WARM\twelkom»… ") == V{"een warm welkom"});
    CHECK(open_text::tokenize("Creëren, naïef: één café!") == V{"creëren, naïef: één café"});
    CHECK(open_text::tokenize("💡Idee") == V{"idee"});
    // A one-word answer counts even as a stop word or a negation: it is the whole answer.
    CHECK(open_text::tokenize("Iedereen.") == V{"iedereen"});
    CHECK(open_text::tokenize("Nooit") == V{"nooit"});
    // Four words at most (pieces without a letter or digit are no word); five are split.
    CHECK(open_text::tokenize("Samen - en toch apart") == V{"samen - en toch apart"});
    CHECK(open_text::tokenize("Samen en toch niet apart") == V{"samen", "niet apart"});
    // At most max_term_length characters; a longer one is split.
    const std::string forty = std::string(19, 'x') + " " + std::string(20, 'y');
    CHECK(open_text::tokenize("«" + forty + "»!") == V{forty});
    CHECK(open_text::tokenize(forty + "y") == V{std::string(19, 'x'), std::string(21, 'y')});
    CHECK(open_text::tokenize("Ontmoetingsmogelijkheden zonder drempels overal") ==
          V{"ontmoetingsmogelijkheden", "zonder drempels", "overal"});
    // No letter, no term.
    CHECK(open_text::tokenize("2024") == V{});
    CHECK(open_text::tokenize("!!! ...") == V{});
    CHECK(open_text::tokenize("👍") == V{});
}

TEST_CASE("tokenize: in a longer answer a negation stays with the word after it") {
    using V = std::vector<std::string>;
    const auto ouder = open_text::tokenize("Je voelt je niet alleen staan als ouder in de buurt");
    CHECK(ouder == V{"voelt", "niet alleen", "staan", "ouder", "buurt"});
    CHECK(std::find(ouder.begin(), ouder.end(), "alleen") == ouder.end());
    CHECK(std::find(ouder.begin(), ouder.end(), "niet") == ouder.end());
    const auto welkom =
        open_text::tokenize("Geen oordeel, wel een warm welkom voor iedereen die binnenloopt");
    CHECK(welkom == V{"geen oordeel", "warm", "welkom", "binnenloopt"});
    CHECK(std::find(welkom.begin(), welkom.end(), "oordeel") == welkom.end());
    // Every negation of the list, Dutch and English, even before a stop word or a short word.
    CHECK(open_text::tokenize("ik ga nooit meer weg zonder een babbel") ==
          V{"nooit meer", "weg", "zonder een", "babbel"});
    CHECK(open_text::tokenize("er is niemand die je kent, of niets om te doen") ==
          V{"niemand die", "kent", "niets om"});
    CHECK(open_text::tokenize("a place where nobody is judged and no one is left alone") ==
          V{"place", "nobody is", "judged", "no one", "left", "alone"});
    CHECK(open_text::tokenize("never alone, not judged, nothing to prove, without fear") ==
          V{"never alone", "not judged", "nothing to", "prove", "without fear"});
    // Across a hyphen, quotes or a bracket it attaches; after a comma, a full stop, a digit
    // or at the end it is dropped, never alone.
    CHECK(open_text::tokenize("een plek zonder ‘oordeel’ en (niet) alleen") ==
          V{"plek", "zonder oordeel", "niet alleen"});
    CHECK(open_text::tokenize("ik kom graag maar toch niet, alleen samen") ==
          V{"kom", "graag", "samen"});
    CHECK(open_text::tokenize("ik kom graag terug, maar dan niet") == V{"kom", "graag", "terug"});
    CHECK(open_text::tokenize("ik kom niet 2 keer per week terug") ==
          V{"kom", "keer", "per", "week", "terug"});
    // No term is longer than max_term_length: an over-long word is none, nor its negation.
    const std::string long_word(open_text::max_word_length + 1, 'x');
    CHECK(open_text::tokenize("ik zie hier niemand " + long_word + " buiten") ==
          V{"zie", "buiten"});
    const std::string longest(open_text::max_word_length, 'x');
    const auto with_longest = open_text::tokenize("ik zie hier niemand " + longest + " buiten");
    REQUIRE(with_longest.size() == 3);
    CHECK(with_longest[1] == "niemand " + longest);
    CHECK(utf8_length(with_longest[1]) <= open_text::max_term_length);
    CHECK(open_text::is_negation("zonder"));
    CHECK(open_text::is_negation("without"));
    CHECK_FALSE(open_text::is_negation("samen"));
}

TEST_CASE("top_terms: equal terms add up, by count, then alphabetical, at most n") {
    // Three people, three spellings of one word.
    const auto one = open_text::top_terms({"Verbinding", "verbinding!", " verbinding "});
    REQUIRE(one.size() == 1);
    CHECK(one[0] == open_text::term_count{"verbinding", 3});

    std::vector<std::string_view> texts = {
        "Niet alleen staan",
        "niet alleen staan!",
        "Luisteren zonder oordeel",
        "Aandacht",
        "Je voelt je niet alleen als ouder in de buurt",
        "Geen oordeel, wel een warm welkom voor iedereen die binnenloopt",
        "warm welkom"};
    const auto t = open_text::top_terms(texts);
    std::vector<std::string> got;
    for (const auto& x : t)
        got.push_back(x.term + ":" + std::to_string(x.count));
    CHECK(got == std::vector<std::string>{"niet alleen staan:2", "aandacht:1", "binnenloopt:1",
                                          "buurt:1", "geen oordeel:1", "luisteren zonder oordeel:1",
                                          "niet alleen:1", "ouder:1", "voelt:1", "warm:1",
                                          "warm welkom:1", "welkom:1"});
    const auto top3 = open_text::top_terms(texts, 3);
    REQUIRE(top3.size() == 3);
    CHECK(top3[0].term == "niet alleen staan");
    CHECK(top3[1].term == "aandacht"); // a tie of ones: alphabetical
    CHECK(top3[2].term == "binnenloopt");
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
        // A short answer is one term; equal ones add up.
        CHECK(terms_of(res) == std::vector<std::string>{"warm welkom:2", "buurt:1", "koffie:1"});
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
        CHECK(terms_of(res) == std::vector<std::string>{"warme koffie:1"});
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
