// The one rule for stored texts (normalize_text, docs/protocol.md section 3): both forms
// character by character, every text a request stores (comments, reasons, names, notes,
// cards, entries, actions, agenda texts), old stored events read back as they were, and
// the Markdown and CSV exports without a control character whatever the data holds.
#include "fixtures.hpp"

#include "kring/content.hpp"
#include "kring/report.hpp"
#include "kring/text.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_text_test {

using namespace kring;
using namespace kring::fixtures;
using namespace std::string_literals;

namespace {

// Spelled out as UTF-8 bytes: a hex escape followed by a letter a-f would run on.
const std::string NUL = "\0"s;
const std::string BEL = "\a";
const std::string ESC = "\x1b";
const std::string DEL = "\x7f";
const std::string VT = "\v";
const std::string FF = "\f";
const std::string NEL = "\xC2\x85";           // U+0085 next line (C1)
const std::string CSI = "\xC2\x9B";           // U+009B control sequence introducer (C1)
const std::string NBSP = "\xC2\xA0";          // U+00A0
const std::string ACUTE = "\xCC\x81";         // U+0301 combining acute accent
const std::string ZWSP = "\xE2\x80\x8B";      // U+200B
const std::string ZWNJ = "\xE2\x80\x8C";      // U+200C
const std::string ZWJ = "\xE2\x80\x8D";       // U+200D
const std::string LRM = "\xE2\x80\x8E";       // U+200E
const std::string LS = "\xE2\x80\xA8";        // U+2028 line separator
const std::string PS = "\xE2\x80\xA9";        // U+2029 paragraph separator
const std::string RLO = "\xE2\x80\xAE";       // U+202E right-to-left override
const std::string WJ = "\xE2\x81\xA0";        // U+2060 word joiner
const std::string LRI = "\xE2\x81\xA6";       // U+2066 left-to-right isolate
const std::string PDI = "\xE2\x81\xA9";       // U+2069 pop directional isolate
const std::string BOM = "\xEF\xBB\xBF";       // U+FEFF
const std::string FFFD = "\xEF\xBF\xBD";      // U+FFFD replacement character
const std::string WOMAN = "\xF0\x9F\x91\xA9"; // U+1F469
const std::string GIRL = "\xF0\x9F\x91\xA7";  // U+1F467
const std::string FAMILY = WOMAN + ZWJ + WOMAN + ZWJ + GIRL; // 👩‍👩‍👧

/** Every character of the finding in one comment, as a participant's phone could send it. */
const std::string hostile = "  " + BEL + "Te" + NUL + "weinig" + ESC + "[31mtijd" + ESC + "[0m" +
                            DEL + "\r\n" + NEL + CSI + "31m" + VT + FF + RLO + "gnol" + LRI + "x" +
                            PDI + ZWSP + BOM + " " + FAMILY + " e" + ACUTE + " \t";
const std::string hostile_clean = "Te weinig [31mtijd [0m 31m gnolx " + FAMILY + " e" + ACUTE;

/** "" when s holds no control character (but "\n" when allowed), else what was found. */
std::string control_in(const std::string& s, bool newline_ok, bool crlf_ok = false) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '\n' && newline_ok)
            continue;
        if (c == '\r' && crlf_ok && i + 1 < s.size() && s[i + 1] == '\n') {
            ++i;
            continue;
        }
        if (c < 0x20 || c == 0x7f)
            return "byte " + std::to_string(c) + " at " + std::to_string(i);
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(s[i + 1]) <= 0x9F)
            return "C1 control at " + std::to_string(i);
    }
    for (const std::string& bad : {RLO, LRI, PDI, ZWSP, BOM, LRM, WJ})
        if (auto at = s.find(bad); at != std::string::npos)
            return "invisible format character at " + std::to_string(at);
    return "";
}

std::string line(const std::string& s) {
    return normalize_text(s, text_form::line);
}
std::string multi(const std::string& s) {
    return normalize_text(s, text_form::multiline);
}

control_command note_cmd(const std::string& step, const std::string& text) {
    control_command c;
    c.action = control_action::set_note;
    c.step = step;
    c.text = text;
    return c;
}

} // namespace

TEST_CASE("text: one line - C0, DEL, C1 and every white space become one space, trimmed") {
    CHECK(line("a" + NUL + "b") == "a b");
    CHECK(line("a" + BEL + "b") == "a b");
    CHECK(line(ESC + "[31mrood" + ESC + "[0m") == "[31mrood [0m");
    CHECK(line("a" + DEL + "b") == "a b");
    CHECK(line("a\r\nb\rc\nd") == "a b c d");
    CHECK(line("a" + NEL + "b") == "a b");
    CHECK(line("a" + CSI + "31m") == "a 31m");
    CHECK(line("a" + VT + "b" + FF + "c") == "a b c");
    CHECK(line("a" + LS + "b" + PS + "c") == "a b c");
    CHECK(line("a \t " + NBSP + "  b") == "a b");
    CHECK(line("  \t\r\n" + ESC + " ") == "");
    CHECK(line("") == "");
    // Every control character of C0, DEL and C1, one by one.
    for (char32_t c = 0; c <= 0x9F; ++c) {
        if (c >= 0x20 && c < 0x7F)
            continue;
        std::string s = "x";
        utf8_append(s, c);
        s += "y";
        CAPTURE(static_cast<unsigned>(c));
        CHECK(line(s) == "x y");
    }
}

TEST_CASE("text: bidi controls and invisible characters go, ZWJ and ZWNJ stay only inside words") {
    CHECK(line("abc" + RLO + "fed") == "abcfed");
    CHECK(line(LRI + "naam" + PDI) == "naam");
    CHECK(line("a" + LRM + "b") == "ab");
    CHECK(line("ko" + ZWSP + "ffie") == "koffie");
    CHECK(line(BOM + "hallo") == "hallo");
    CHECK(line("a" + WJ + "b") == "ab");
    // An emoji sequence keeps its joiners: five code points, one picture.
    CHECK(line(FAMILY) == FAMILY);
    CHECK(utf8_length(line(FAMILY)) == 5u);
    CHECK(line("mi" + ZWNJ + "khaham") == "mi" + ZWNJ + "khaham");
    // A joiner next to a space, at either end or next to another joiner has nothing to join.
    CHECK(line(ZWJ + "a " + ZWJ + "b" + ZWJ) == "a b");
    CHECK(line("a" + ZWJ + ZWJ + "b") == "ab");
    CHECK(line("a" + ZWJ + ZWSP + "b") == "a" + ZWJ + "b"); // after dropping, between a and b
    CHECK(line("a" + ZWJ + ESC + "b") == "a b");
    // Combining accents stay as they are: no NFC, two code points.
    CHECK(line("e" + ACUTE) == "e" + ACUTE);
    CHECK(utf8_length(line("caf" + std::string("e") + ACUTE)) == 5u);
}

TEST_CASE("text: invalid UTF-8 becomes U+FFFD, one per byte that starts no valid sequence") {
    CHECK(line("a\xFF"
               "b") == "a" + FFFD + "b");
    CHECK(line("\xC0\xAF") == FFFD + FFFD);            // overlong '/'
    CHECK(line("\xED\xA0\x80") == FFFD + FFFD + FFFD); // a surrogate
    CHECK(line("ab\xE2\x82") == "ab" + FFFD + FFFD);   // cut short
    CHECK(utf8_length(line("\xFF\xFE")).has_value());
}

TEST_CASE("text: multi-line - line breaks kept, at most one empty line, controls gone") {
    CHECK(multi("Punt 1\r\nPunt 2\rPunt 3\nPunt 4" + NEL + "Punt 5" + LS + "Punt 6" + PS +
                "Punt 7") == "Punt 1\nPunt 2\nPunt 3\nPunt 4\nPunt 5\nPunt 6\nPunt 7");
    CHECK(multi("a\n\n\n\n\nb") == "a\n\nb");
    CHECK(multi("a\r\n\r\nb") == "a\n\nb");
    CHECK(multi("a\r\n \t \r\n  \r\nb") == "a\n\nb");
    CHECK(multi("\n\n  a  \t b  \n  c \n\n") == "a b\nc");
    CHECK(multi("a" + VT + "b" + FF + "c") == "a b c"); // VT and FF are white space, not breaks
    CHECK(multi(ESC + "[1mKern" + ESC + "[0m:" + NUL + BEL + DEL + CSI + "\nvolgende " + RLO +
                "stap" + ZWSP) == "[1mKern [0m:\nvolgende stap");
    CHECK(multi(FAMILY + "\ne" + ACUTE) == FAMILY + "\ne" + ACUTE);
    CHECK(multi(" \r\n" + ESC + "\n") == "");
    CHECK(control_in(multi(hostile), true) == "");
    // CR LF and then NEL: two line breaks, so one empty line.
    CHECK(multi(hostile) == "Te weinig [31mtijd [0m\n\n31m gnolx " + FAMILY + " e" + ACUTE);
}

TEST_CASE("text: the rule is idempotent, and what it stores squeeze_spaces leaves alone") {
    const std::vector<std::string> inputs{hostile,
                                          "a\n\n\n b",
                                          FAMILY,
                                          ZWJ + ZWJ + "a" + ZWJ + ZWJ + ZWJ + "b" + ZWJ,
                                          "x\xFF\xC0\xAF",
                                          "  " + NBSP + LS + PS + NEL,
                                          "e" + ACUTE + ACUTE,
                                          "\r\r\n\n\r"};
    for (const auto& s : inputs) {
        CAPTURE(s);
        for (text_form f : {text_form::line, text_form::multiline}) {
            const std::string once = normalize_text(s, f);
            CHECK(normalize_text(once, f) == once);
            CHECK(control_in(once, f == text_form::multiline) == "");
            CHECK(utf8_length(once).has_value());
        }
        CHECK(squeeze_spaces(line(s)) == line(s));
        CHECK(line(multi(s)) == line(s));
    }
    CHECK(line(hostile) == hostile_clean);
}

TEST_CASE("text: every text a request stores is normalised, and limits count its characters") {
    step_def tl = step_of("tl", activity_kind::traffic_light);
    tl.items = items({"a"});
    step_def ch = step_of("ch", activity_kind::choice);
    ch.options = options({"x", "y"});
    step_def im = step_of("im", activity_kind::image_choice);
    im.images = {{"i1", "/images/1.png", {"Een", "One"}}};
    step_def sc = step_of("sc", activity_kind::scale);
    sc.items = items({"q"});
    step_def ot = step_of("ot", activity_kind::open_text);
    ot.max_length = 140;
    step_def inv = step_of("inv", activity_kind::inventory);
    inv.offer_kinds = options({"k1"});
    step_def ap = step_of("ap", activity_kind::action_plan);
    auto s = session_of({tl, ch, im, sc, ot, inv, ap});
    for (const auto& d : s.def.steps)
        must(s, decide_control(s, "open", d.id));

    SUBCASE("a display name") {
        must(s, decide_join(s, "tok-h",
                            "  " + BEL + "An" + NUL + ESC + "[31m" + RLO + "Jo" + ZWSP + DEL +
                                "\r\n" + NEL + CSI + VT + FF + LRI + BOM + " " + FAMILY + "\t",
                            limits{}));
        CHECK(s.participants.back().name == "An [31mJo " + FAMILY);
        // 40 characters after normalising; the invisible ones do not count.
        std::string forty(40, 'n');
        must(s, decide_join(s, "tok-i", ZWSP + forty + BOM + ESC, limits{}));
        CHECK(s.participants.back().name == forty);
        CHECK(code_of(decide_join(s, "tok-j", forty + "n", limits{})) == "text_too_long");
    }

    join_n(s, 1);
    SUBCASE("a comment arriving as a protocol frame") {
        const json frame{{"type", "answer"}, {"seq", 4},       {"step", "tl"},
                         {"item", "a"},      {"value", "red"}, {"comment", hostile}};
        const auto parsed = protocol::parse_client_message(frame.dump());
        REQUIRE(std::holds_alternative<protocol::answer>(parsed));
        const auto& m = std::get<protocol::answer>(parsed);
        const auto o = decide_response(s, 1, m.step, m.item, m.value, m.comment, limits{});
        REQUIRE(o.ok());
        REQUIRE(o.events.size() == 1);
        CHECK(std::get<ev::answer_set>(o.events[0]).comment == hostile_clean);
        must(s, o);
        CHECK(s.steps[0].get<kring::traffic_light::responses>().sheets.at(1)[0].comment ==
              hostile_clean);
        const std::string mine = protocol::make_mine(s, 1);
        CHECK(mine.find("\\u001b") == std::string::npos);
        CHECK(json::parse(mine)["answers"][0]["comment"] == hostile_clean);
    }
    SUBCASE("comments and reasons of every kind") {
        must(s, respond(s, 1, "ch", "x", hostile));
        CHECK(s.steps[1].get<kring::choice::responses>().by.at(1).comment == hostile_clean);
        must(s, respond(s, 1, "im", json::array({"i1"}), hostile));
        CHECK(s.steps[2].get<kring::image_choice::responses>().by.at(1).comment == hostile_clean);
        must(s, respond(s, 1, "sc", 3, hostile, "q"));
        CHECK(s.steps[3].get<kring::scale::responses>().sheets.at(1)[0]->comment == hostile_clean);
        // White space alone is no comment: a step without comments takes it.
        must(s, respond(s, 1, "ot", json::array({"idee"}), " " + ZWSP + ESC + "\r\n"));
    }
    SUBCASE("cards, inventory entries and actions") {
        must(s, respond(s, 1, "ot", json::array({hostile, "ko" + ZWSP + "ffie", "koffie"})));
        CHECK(s.steps[4].get<kring::open_text::responses>().by.at(1).texts ==
              std::vector<std::string>{hostile_clean, "koffie"});
        must(s, respond(s, 1, "inv",
                        json::array({{{"name", hostile},
                                      {"kind", "k1"},
                                      {"place", "Gent" + ESC + "[2J"},
                                      {"goals", "a\r\nb" + RLO}}})));
        const auto& e = s.steps[5].get<kring::inventory::responses>().by.at(1).entries.at(0);
        CHECK(e.name == hostile_clean);
        CHECK(e.place == "Gent [2J");
        CHECK(e.goals == "a b");
        must(s, respond(s, 1, "ap",
                        json::array(
                            {{{"what", hostile}, {"who", BEL + "Ann"}, {"when", "mei" + NEL}}})));
        const auto& a = s.steps[6].get<kring::action_plan::responses>().by.at(1).actions.at(0);
        CHECK(a.what == hostile_clean);
        CHECK(a.who == "Ann");
        CHECK(a.when == "mei");
    }
    SUBCASE("lengths count code points of the normalised text") {
        const std::string max_ok(500, 'x');
        std::string padded;
        for (int i = 0; i < 100; ++i)
            padded += ZWSP + "\r\n" + ESC;
        CHECK(code_of(decide_answer(s, 1, "tl", "a", "red", padded + max_ok + padded, limits{})) ==
              "ok");
        CHECK(code_of(decide_answer(s, 1, "tl", "a", "red", max_ok + "x", limits{})) ==
              "text_too_long");
        // An emoji family is five characters, an accented e written as two is two.
        std::string emoji;
        for (int i = 0; i < 28; ++i) // 28 × 5 = 140 code points
            emoji += FAMILY;
        CHECK(code_of(respond(s, 1, "ot", json::array({emoji}))) == "ok");
        CHECK(code_of(respond(s, 1, "ot", json::array({emoji + "e" + ACUTE}))) == "text_too_long");
        // Invalid UTF-8 in a request is still refused, not replaced.
        CHECK(code_of(decide_answer(s, 1, "tl", "a", "red", "a\xFF", limits{})) == "bad_value");
        CHECK(code_of(respond(s, 1, "ot", json::array({"a\xFF"}))) == "bad_value");
    }
    SUBCASE("a facilitator's note keeps its lines") {
        must(s, decide_control(s, note_cmd("tl", ESC + "[1mKern" + ESC + "[0m\r\n\r\n\r\n- een" +
                                                     NUL + "\r\n- twee" + RLO + " ")));
        CHECK(s.steps[0].note == "[1mKern [0m\n\n- een\n- twee");
        // The same note typed again changes nothing.
        CHECK(
            decide_control(s, note_cmd("tl", "[1mKern [0m\r\n\r\n- een\r\n- twee")).events.empty());
        CHECK(code_of(decide_control(
                  s, note_cmd("tl", std::string(4000, 'n') + "\n\n\n" + ZWSP))) == "ok");
    }
}

TEST_CASE("text: agenda texts of a template are normalised when it is loaded") {
    const std::vector<content_file> files = kring::fixtures::read_content_dir(KRING_CONTENT_DIR);
    const auto loaded = load_content(files);
    REQUIRE(std::holds_alternative<content_bundle>(loaded));
    const auto& content = std::get<content_bundle>(loaded);

    auto both = [](const std::string& t) { return json{{"nl", t}, {"en", t}}; };
    const json agenda{
        {"id", "eigen-test"},
        {"title", both(ESC + "]0;titel" + BEL + " Mijn" + RLO + " sessie")},
        {"description", both("Regel 1\r\n\r\n\r\nRegel 2" + NUL)},
        {"steps",
         json::array(
             {{{"id", "s1"},
               {"kind", "traffic_light"},
               {"title", both("Stap" + ZWSP + " 1\n")},
               {"prompt", both("Lees" + CSI + "dit\r\nen kies")},
               {"items", json::array({{{"id", "q1"}, {"text", both("Stelling" + LRI + "\t1")}}})}},
              {{"id", "s2"},
               {"kind", "choice"},
               {"title", both("Keuze")},
               {"body", both("Uitleg\r\nover twee regels")},
               {"options", json::array({{{"id", "x"}, {"text", both(BOM + "Ja" + DEL)}},
                                        {{"id", "y"}, {"text", both("Nee")}}})}}})}};
    const auto t = load_template(agenda.dump(), content);
    REQUIRE_MESSAGE(std::holds_alternative<template_def>(t),
                    std::get<content_error>(t).to_string());
    const template_def& def = std::get<template_def>(t);
    CHECK(def.title.nl == "]0;titel Mijn sessie");
    CHECK(def.description.en == "Regel 1\n\nRegel 2");
    CHECK(def.agenda.steps[0].title.nl == "Stap 1");
    CHECK(def.agenda.steps[0].prompt.en == "Lees dit\nen kies");
    CHECK(def.agenda.steps[0].items[0].text.nl == "Stelling 1");
    CHECK(def.agenda.steps[1].body.nl == "Uitleg\nover twee regels");
    CHECK(def.agenda.steps[1].options[0].text.en == "Ja");

    // A text of control characters only is empty, and an agenda text must not be.
    json empty = agenda;
    empty["steps"][0]["title"] = both(ESC + ZWSP + " \r\n");
    const auto refused = load_template(empty.dump(), content);
    REQUIRE(std::holds_alternative<content_error>(refused));
    CHECK(std::get<content_error>(refused).path == "/steps/0/title/nl");
}

TEST_CASE("text: stored events of older sessions are read back exactly as they were stored") {
    // What a server before this rule stored: texts squeezed byte by byte only.
    step_def ot = step_of("ot", activity_kind::open_text);
    auto base = session_of({ot});
    std::vector<event> history{ev::session_created{base.id, base.join_code, base.secret_hash,
                                                   base.created_at, base.def, 1},
                               ev::participant_joined{1, "t1", "An" + RLO},
                               ev::phase_set{"ot", phase::open},
                               ev::response_set{1, "ot", "", json::array({"a" + ZWSP + "b"}), ""}};
    // The card's id is made from its stored text: hiding it must still hide it.
    const std::string old_card = cards::id_of(cards::key("a" + ZWSP + "b"));
    history.push_back(ev::card_hidden{"ot", old_card, true});
    const auto r = replayed(history);
    CHECK(r.participants[0].name == "An" + RLO);
    REQUIRE(r.steps[0].get<kring::open_text::responses>().by.count(1));
    CHECK(r.steps[0].get<kring::open_text::responses>().by.at(1).texts ==
          std::vector<std::string>{"a" + ZWSP + "b"});
    CHECK(r.steps[0].get<kring::open_text::responses>().by.at(1).cards ==
          std::vector<std::string>{old_card});
    CHECK(r.steps[0].moderation.hidden.count(old_card));
    CHECK(json::parse(make_view(r, role::facilitator, 0))["results"] ==
          json::parse(make_view(fold(history), role::facilitator, 0))["results"]);
    // The same text given now is normalised: another card.
    auto now = r;
    must(now, respond(now, 1, "ot", json::array({"a" + ZWSP + "b"})));
    CHECK(now.steps[0].get<kring::open_text::responses>().by.at(1).texts ==
          std::vector<std::string>{"ab"});
}

TEST_CASE("text: Markdown and CSV never carry a control character, HTML none either") {
    step_def tl = step_of("tl", activity_kind::traffic_light);
    tl.items = items({"a"});
    tl.title = {"Titel" + ESC + "[2J", "Title" + ESC + "[2J"}; // as an old stored agenda could
    tl.prompt = {"Regel\r\nregel" + CSI, "Line\r\nline" + CSI};
    step_def ot = step_of("ot", activity_kind::open_text);
    step_def ap = step_of("ap", activity_kind::action_plan);
    auto s = session_of({tl, ot, ap}, 3);
    for (const auto& d : s.def.steps)
        must(s, decide_control(s, "open", d.id));
    for (participant_id p = 1; p <= 3; ++p) {
        must(s, decide_answer(s, p, "tl", "a", "red", hostile, limits{}));
        must(s, respond(s, p, "ot", json::array({hostile})));
        must(s, respond(s, p, "ap", json::array({{{"what", hostile}, {"who", hostile}}})));
    }
    must(s, decide_control(s, note_cmd("tl", hostile + "\r\n\r\n" + hostile)));
    // Older data: a comment and a note stored raw before this rule.
    apply(s, ev::answer_set{3, "tl", "a", traffic_light::light::orange, hostile});
    apply(s, ev::note_set{"ot", hostile});

    const std::string md = report_markdown(s, lang::nl);
    CHECK(control_in(md, true) == "");
    CHECK(md.find(ESC) == std::string::npos);
    CHECK(md.find("Te weinig \\[31mtijd \\[0m 31m gnolx") != std::string::npos);
    CHECK(md.find(FAMILY) != std::string::npos);
    for (const auto& step : {"tl", "ot", "ap"}) {
        const auto csv = report_csv(s, step, lang::nl);
        REQUIRE(csv);
        CAPTURE(step);
        REQUIRE(csv->starts_with(BOM)); // the file's BOM, for spreadsheets, and nothing else
        CHECK(control_in(csv->substr(BOM.size()), false, true) == "");
    }
    const auto csv = *report_csv(s, "ot", lang::en);
    CHECK(csv.find(hostile_clean) != std::string::npos);
    const std::string html = report_html(s, lang::nl);
    CHECK(control_in(html, true) == "");
    CHECK(html.find(ESC) == std::string::npos);
}

TEST_CASE("text: html_escape makes a text safe as HTML text and in a quoted attribute") {
    CHECK(html_escape("") == "");
    CHECK(html_escape("a < b & c > d") == "a &lt; b &amp; c &gt; d");
    CHECK(html_escape(R"({"k":"it's"})") == "{&quot;k&quot;:&quot;it&#39;s&quot;}");
    CHECK(html_escape("&amp;") == "&amp;amp;"); // escaped again, never taken as markup
    CHECK(html_escape("Ontmoeten \xE2\x97\x8F") == "Ontmoeten \xE2\x97\x8F");
}

TEST_CASE("text: matches_words finds every word typed, case folded, in any order") {
    const std::string hay = "Stoplichtspel: visie — Hoe staan we ervoor? ÉÉN TAS KOFFIE";
    CHECK(matches_words(hay, ""));
    CHECK(matches_words(hay, "   "));
    CHECK(matches_words(hay, "stoplicht"));
    CHECK(matches_words(hay, "VISIE stoplicht"));
    CHECK(matches_words(hay, "  visie\tstaan  "));
    CHECK(matches_words(hay, "één tas"));   // accented capitals fold too
    CHECK_FALSE(matches_words(hay, "een")); // but accents are kept: één is not een
    CHECK_FALSE(matches_words(hay, "visie casus"));
    CHECK_FALSE(matches_words("", "visie"));
}
} // namespace kring_test_unit_text_test
