// The record's formats: HTML, Markdown, JSON and CSV of one session with every kind, read
// back the way people's programs read them (a JSON parser, an RFC 4180 reader).

#include "fixtures.hpp"

#include "kring/compare.hpp"
#include "kring/report.hpp"
#include "kring/rules.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_report_test {

using namespace kring;
using nlohmann::json;

namespace {

using fixtures::items;
using fixtures::must;
using fixtures::options;
using fixtures::step_of;

const char* const evil = "<script>alert(1)</script>";
const char* const name = "Zelda Quist";
const char* const token_hash = "tokhash-zq";

/** A session with a step of every kind, answered by four people, one step withheld. */
session_state workshop() {
    step_def tl = step_of("visie", activity_kind::traffic_light);
    tl.items = items({"a", "b", "c"});
    tl.theme = "visie";
    tl.links = {"b1"};
    step_def sc = step_of("tevreden", activity_kind::scale);
    sc.items = items({"q1"});
    step_def ch = step_of("keuze", activity_kind::choice);
    ch.options = options({"x", "y"});
    step_def im = step_of("beeld", activity_kind::image_choice);
    im.images = {{"im1", "/images/1.png", {"Koffie", "Coffee"}},
                 {"im2", "/images/2.png", {"Thee", "Tea"}}};
    step_def ot = step_of("ideeen", activity_kind::open_text);
    step_def dv = step_of("stippen", activity_kind::dot_vote);
    dv.options = options({"x", "y", "z"});
    step_def inv = step_of("aanbod", activity_kind::inventory);
    inv.offer_kinds = options({"k1", "k2"});
    inv.target_groups = options({"g1", "g2"});
    step_def ap = step_of("acties", activity_kind::action_plan);
    step_def few = step_of("weinig", activity_kind::traffic_light);
    few.items = items({"w1"});

    session_def def;
    def.template_id = "proef-sessie";
    def.title = {"Proefsessie", "Trial session"};
    def.steps = {tl, sc, ch, im, ot, dv, inv, ap, few};
    def.blocks = options({"b1", "b2"});
    session_state s;
    apply(s, ev::session_created{"s-report", "ABCDEF", "secrethash-zz", 1700000000, def, 3});
    must(s, decide_join(s, token_hash, name, limits{}));
    for (int i = 2; i <= 4; ++i)
        must(s, decide_join(s, "tokhash-" + std::to_string(i), "", limits{}));
    for (const auto& d : def.steps)
        must(s, decide_control(s, "open", d.id));

    auto tl_answer = [&](participant_id p, const char* item, const char* v, std::string c = {}) {
        must(s, decide_answer(s, p, "visie", item, v, c, limits{}));
    };
    tl_answer(1, "a", "green", evil);
    tl_answer(2, "a", "red");
    tl_answer(3, "a", "orange");
    tl_answer(4, "a", "green", "goed zo");
    for (participant_id p = 1; p <= 3; ++p)
        tl_answer(p, "b", "green");
    tl_answer(1, "c", "red");
    tl_answer(2, "c", "red");
    tl_answer(3, "c", "pass");

    must(s, decide_response(s, 1, "tevreden", "q1", 4, "", limits{}));
    must(s, decide_response(s, 2, "tevreden", "q1", 5, "=SUM(A1)", limits{}));
    must(s, decide_response(s, 3, "tevreden", "q1", 2, "", limits{}));

    must(s, decide_response(s, 1, "keuze", "", "x", "omdat; \"zo\"", limits{}));
    must(s, decide_response(s, 2, "keuze", "", "y", "", limits{}));
    must(s, decide_response(s, 3, "keuze", "", "x", "", limits{}));

    must(s, decide_response(s, 1, "beeld", "", json::array({"im1"}), "", limits{}));
    must(s, decide_response(s, 2, "beeld", "", json::array({"im1"}), "", limits{}));
    must(s, decide_response(s, 3, "beeld", "", json::array({"im2"}), "", limits{}));

    must(s, decide_response(s, 1, "ideeen", "", json::array({"koffie; thee", evil}), "", limits{}));
    must(s, decide_response(s, 2, "ideeen", "", json::array({"Koffie;  thee"}), "", limits{}));
    must(s, decide_response(s, 3, "ideeen", "", json::array({"=HYPERLINK(\"x\")"}), "", limits{}));

    must(s, decide_response(s, 1, "stippen", "", json{{"x", 2}, {"y", 1}}, "", limits{}));
    must(s, decide_response(s, 2, "stippen", "", json{{"x", 1}}, "", limits{}));
    must(s, decide_response(s, 3, "stippen", "", json{{"z", 3}}, "", limits{}));

    must(s, decide_response(
                s, 1, "aanbod", "",
                json::array({{{"name", "Babbelcafé"}, {"kind", "k1"}, {"families", {"g1"}}}}), "",
                limits{}));
    must(s, decide_response(
                s, 2, "aanbod", "",
                json::array({{{"name", "Speelpunt"}, {"kind", "k1"}, {"families", {"g1"}}}}), "",
                limits{}));
    must(s,
         decide_response(s, 3, "aanbod", "",
                         json::array({{{"name", "Oudercafé"}, {"kind", "k2"}, {"place", "Gent"}}}),
                         "", limits{}));

    must(s,
         decide_response(s, 1, "acties", "",
                         json::array({{{"what", "Flyer maken"}, {"who", "Ann"}, {"when", "mei"}}}),
                         "", limits{}));
    must(s, decide_response(s, 2, "acties", "", json::array({{{"what", "Buurtfeest"}}}), "",
                            limits{}));
    must(s, decide_response(s, 3, "acties", "", json::array({{{"what", evil}}}), "", limits{}));

    // Only one answer: below the threshold of 3.
    must(s, decide_answer(s, 1, "weinig", "w1", "red", "alleen ik", limits{}));

    apply(s, ev::note_set{"visie", "Rood bij c: <b>opnemen</b> in het plan"});
    return s;
}

/** A small RFC 4180 reader: fields split on ';', quotes doubled inside quoted fields, CRLF rows. */
std::vector<std::vector<std::string>> read_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, was_quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            REQUIRE_MESSAGE(field.empty(), "a quote inside an unquoted field");
            quoted = was_quoted = true;
        } else if (c == ';') {
            row.push_back(field);
            field.clear();
            was_quoted = false;
        } else if (c == '\r') {
            const bool crlf = i + 1 < text.size() && text[i + 1] == '\n';
            REQUIRE_MESSAGE(crlf, "CR without LF");
            ++i;
            row.push_back(field);
            rows.push_back(row);
            row.clear();
            field.clear();
            was_quoted = false;
        } else {
            REQUIRE_MESSAGE(c != '\n', "a bare LF ends a row");
            field += c;
        }
    }
    REQUIRE_MESSAGE(!quoted, "an unterminated quoted field");
    const bool ended = field.empty() && row.empty() && !was_quoted;
    REQUIRE_MESSAGE(ended, "the last row has no CRLF");
    return rows;
}

/** The CSV of a step without its BOM, parsed; requires the BOM. */
std::vector<std::vector<std::string>> csv_of(const session_state& s, const std::string& step,
                                             lang l = lang::nl) {
    auto text = report_csv(s, step, l);
    REQUIRE(text);
    REQUIRE(text->rfind("\xEF\xBB\xBF", 0) == 0);
    return read_csv(text->substr(3));
}

const std::vector<std::string>* row_with(const std::vector<std::vector<std::string>>& rows,
                                         std::size_t col, const std::string& value) {
    for (const auto& r : rows)
        if (r.size() > col && r[col] == value)
            return &r;
    return nullptr;
}

json step_in(const json& report, const std::string& id) {
    for (const auto& st : report["steps"])
        if (st["id"] == id)
            return st;
    return nullptr;
}

} // namespace

TEST_CASE("report: JSON is complete and anonymous") {
    const session_state s = workshop();
    const json r = json::parse(report_json(s, lang::nl));
    CHECK(r["format"] == "kring-report");
    CHECK(r["session"]["title"] == "Proefsessie");
    CHECK(r["participants"] == 4);
    CHECK(r["min_answers"] == 3);
    REQUIRE(r["steps"].size() == 9);

    const json visie = step_in(r, "visie");
    CHECK(visie["withheld"] == false);
    CHECK(visie["answered"] == 4);
    CHECK(visie["note"] == "Rood bij c: <b>opnemen</b> in het plan");
    CHECK(visie["definition"]["items"][0]["text"] == "a nl");
    json a;
    for (const auto& it : visie["result"]["items"])
        if (it["item"] == "a")
            a = it;
    CHECK(a["green"] == 2);
    CHECK(a["orange"] == 1);
    CHECK(a["red"] == 1);
    CHECK(visie["comments"].size() == 2);

    // Below the threshold: no result and no comments, only that it is withheld.
    const json weinig = step_in(r, "weinig");
    CHECK(weinig["withheld"] == true);
    CHECK(weinig["result"].is_null());
    CHECK(weinig["comments"].empty());

    // The summary's verdict of the theme, with its next building block by title.
    REQUIRE(r["summary"].size() == 1);
    CHECK(r["summary"][0]["step"] == "visie");
    CHECK(r["summary"][0]["next"].size() <= 1);
    // Actions of every action plan, as text only.
    REQUIRE(r["actions"].size() == 3);
    bool flyer = false;
    for (const auto& x : r["actions"])
        flyer = flyer || (x["what"] == "Flyer maken" && x["who"] == "Ann" && x["when"] == "mei");
    CHECK(flyer);
    CHECK(r["compare"].is_null());

    // English texts in an English report.
    const json en = json::parse(report_json(s, lang::en));
    CHECK(en["session"]["title"] == "Trial session");
    CHECK(step_in(en, "visie")["definition"]["items"][0]["text"] == "a en");
}

TEST_CASE("report: nothing in any format names a participant") {
    const session_state s = workshop();
    std::vector<std::string> outputs{report_html(s, lang::nl), report_html(s, lang::en),
                                     report_markdown(s, lang::nl), report_json(s, lang::nl)};
    for (const auto& d : s.def.steps)
        outputs.push_back(*report_csv(s, d.id, lang::nl));
    for (const auto& text : outputs) {
        CHECK(text.find(name) == std::string::npos);
        CHECK(text.find("Zelda") == std::string::npos);
        CHECK(text.find("tokhash") == std::string::npos);
        CHECK(text.find("secrethash") == std::string::npos);
        CHECK(text.find("participant_id") == std::string::npos);
        CHECK(text.find("\"pid\"") == std::string::npos);
    }
    // The withheld step's single comment is in none of them either.
    for (const auto& text : outputs)
        CHECK(text.find("alleen ik") == std::string::npos);
}

TEST_CASE("report: HTML is one safe file with a chart per step") {
    const session_state s = workshop();
    const std::string html = report_html(s, lang::nl);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    for (const auto& d : s.def.steps)
        CHECK_MESSAGE(html.find(d.title.nl) != std::string::npos, d.title.nl);
    CHECK(html.find("<svg") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("http://") == std::string::npos);
    CHECK(html.find("https://") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("&lt;b&gt;opnemen&lt;/b&gt;") != std::string::npos);
    CHECK(html.find("te weinig antwoorden om te tonen (minder dan 3)") != std::string::npos);
    CHECK(html.find("@media print") != std::string::npos);
    // Colours are also words: the statement's counts in text beside the bar.
    CHECK(html.find("groen 2 · oranje 1 · rood 1 · pas 0") != std::string::npos);
    // The inventory matrix marks its empty cells as gaps.
    CHECK(html.find("0<br>leemte") != std::string::npos);
    // ...and says in words whom nobody reaches and which kind nobody named.
    CHECK(html.find("<strong>Niemand bereikt:</strong> g2 nl") != std::string::npos);
    CHECK(html.find("<strong>Soorten aanbod die niemand noemde:</strong> k2 nl") !=
          std::string::npos);
    const std::string md = report_markdown(s, lang::nl);
    CHECK(md.find("**Niemand bereikt:** g2 nl") != std::string::npos);
    CHECK(md.find("**Soorten aanbod die niemand noemde:** k2 nl") != std::string::npos);
    CHECK(html.find("Flyer maken") != std::string::npos);

    const std::string en = report_html(s, lang::en);
    CHECK(en.find("too few answers to show (fewer than 3)") != std::string::npos);
    CHECK(en.find("green 2 · orange 1 · red 1 · pass 0") != std::string::npos);
    CHECK(en.find("<strong>Nobody reaches:</strong> g2 en") != std::string::npos);
    // The bars take the traffic light's colours and icons from the one vocabulary.
    for (std::size_t i = 0; i < 3; ++i) { // green, orange, red (no pass answered)
        const light_word& w = light_words()[i];
        CHECK(html.find("fill=\"" + w.colour + "\"") != std::string::npos);
        CHECK(html.find(">" + w.icon + " ") != std::string::npos);
    }
    CHECK(en.find("Trial session") != std::string::npos);
}

TEST_CASE("report: the comparison with an earlier session appears in every format") {
    session_state before = workshop();
    must(before, decide_answer(before, 2, "visie", "a", "green", "", limits{}));
    // Only what the earlier session's room was shown is compared.
    must(before, decide_control(before, "reveal", "visie"));
    const session_state after = workshop();
    REQUIRE(same_template(before, after));
    const json cmp = compare_sessions(before, after, lang::nl);
    REQUIRE(cmp.is_object());
    REQUIRE_FALSE(cmp["items"].empty());

    const json r = json::parse(report_json(after, lang::nl, cmp));
    CHECK(r["compare"] == cmp);
    const std::string html = report_html(after, lang::nl, cmp);
    CHECK(html.find("Vergelijking met") != std::string::npos);
    CHECK(html.find("class=\"compare\"") != std::string::npos);
    CHECK(report_markdown(after, lang::nl, cmp).find("## Vergelijking met") != std::string::npos);
}

TEST_CASE("report: Markdown escapes what people typed") {
    const session_state s = workshop();
    const std::string md = report_markdown(s, lang::nl);
    CHECK(md.rfind("# Proefsessie", 0) == 0);
    CHECK(md.find("<script") == std::string::npos);
    CHECK(md.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    for (const auto& d : s.def.steps)
        CHECK(md.find("## " + d.title.nl) != std::string::npos);
    CHECK(md.find("te weinig antwoorden om te tonen (minder dan 3)") != std::string::npos);
}

TEST_CASE("report: CSV reads back in a spreadsheet's way") {
    const session_state s = workshop();

    // Traffic light: a header, one row per statement in content order.
    auto rows = csv_of(s, "visie");
    REQUIRE(rows.size() == 4);
    CHECK(rows[0] == std::vector<std::string>{"id", "stelling", "groen", "oranje", "rood", "pas",
                                              "spreiding"});
    CHECK(rows[1][0] == "a");
    CHECK(rows[1][1] == "a nl");
    CHECK(rows[1][2] == "2");
    CHECK(rows[1][3] == "1");
    CHECK(rows[1][4] == "1");
    CHECK(rows[3][0] == "c");
    CHECK(rows[3][4] == "2");
    CHECK(rows[3][5] == "1");

    // Cards: the separator and quotes inside a text survive; a formula stays text.
    rows = csv_of(s, "ideeen");
    CHECK(rows[0] == std::vector<std::string>{"kaart", "tekst", "aantal"});
    const auto* koffie = row_with(rows, 1, "Koffie; thee");
    if (!koffie)
        koffie = row_with(rows, 1, "koffie; thee");
    REQUIRE(koffie);
    CHECK((*koffie)[2] == "2");
    CHECK(row_with(rows, 1, "'=HYPERLINK(\"x\")"));
    CHECK(row_with(rows, 1, evil));
    for (const auto& r : rows)
        CHECK(r.size() == 3);

    // Choice: one row per option and one for pass.
    rows = csv_of(s, "keuze");
    REQUIRE(rows.size() == 4);
    REQUIRE(row_with(rows, 0, "x"));
    CHECK((*row_with(rows, 0, "x"))[2] == "2");
    CHECK((*row_with(rows, 0, "pass"))[2] == "0");

    // Scale: a column per value.
    rows = csv_of(s, "tevreden", lang::en);
    CHECK(rows[0] ==
          std::vector<std::string>{"id", "question", "1", "2", "3", "4", "5", "pass", "median"});
    REQUIRE(rows.size() == 2);
    CHECK(rows[1][3] == "1");
    CHECK(rows[1][8] == "4");

    // Dot vote: dots and rank per option.
    rows = csv_of(s, "stippen");
    REQUIRE(rows.size() == 4);
    CHECK(rows[1][0] == "x");
    CHECK(rows[1][2] == "3");
    CHECK(rows[1][3] == "1");

    // Inventory and action plan: one row per entry.
    rows = csv_of(s, "aanbod");
    CHECK(rows.size() == 4);
    REQUIRE(row_with(rows, 1, "Oudercafé"));
    CHECK((*row_with(rows, 1, "Oudercafé"))[2] == "k2 nl");
    CHECK((*row_with(rows, 1, "Oudercafé"))[3] == "Gent");
    rows = csv_of(s, "acties");
    CHECK(rows.size() == 4);
    CHECK(row_with(rows, 1, "Flyer maken"));

    // Withheld: says so instead of counts.
    rows = csv_of(s, "weinig");
    REQUIRE(rows.size() == 2);
    CHECK(rows[1][1] == "te weinig antwoorden om te tonen (minder dan 3)");

    CHECK_FALSE(report_csv(s, "bestaat-niet"));
}

TEST_CASE("report: file names are plain and dated") {
    const session_state s = workshop();
    CHECK(report_filename(s, "html") == "kring-proef-sessie-2023-11-14.html");
    CHECK(report_filename(s, "csv", "visie") == "kring-proef-sessie-2023-11-14-visie.csv");
    session_state odd = s;
    odd.def.template_id = "../Ëvil name/";
    const std::string f = report_filename(odd, "md");
    CHECK(f.find('/') == std::string::npos);
    CHECK(f.find("..") == std::string::npos);
    CHECK(f.ends_with(".md"));
}
} // namespace kring_test_unit_report_test
