#include "fixtures.hpp"

#include "kring/content.hpp"
#include "kring/practice.hpp"
#include "kring/protocol.hpp"
#include "kring/reducer.hpp"
#include "kring/views.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_content_test {

using namespace kring;
using kring::fixtures::read_content_dir;
namespace fs = std::filesystem;

namespace {

content_error error_of(std::vector<content_file> files) {
    auto r = load_content(files);
    REQUIRE(std::holds_alternative<content_error>(r));
    return std::get<content_error>(r);
}

const char* good_theme = R"({"id":"t1","movement":"reflecteren","number":1,
  "title":{"nl":"Titel","en":"Title"},
  "questions":[{"id":"q1","text":{"nl":"Vraag","en":"Question"}}]})";
const char* good_template =
    R"({"id":"tp","title":{"nl":"T","en":"T"},"description":{"nl":"D","en":"D"},
  "steps":[{"id":"s","kind":"traffic_light","theme":"t1"}]})";

} // namespace

TEST_CASE("the bundled content loads: six themes, every question in both languages") {
    const auto r = load_content(read_content_dir(KRING_CONTENT_DIR));
    if (std::holds_alternative<content_error>(r))
        FAIL(std::get<content_error>(r).to_string());
    const auto& c = std::get<content_bundle>(r);
    for (const char* id : {"visie", "vormen", "basishouding", "noden", "toegankelijk", "evaluatie"})
        CHECK_MESSAGE(c.themes.count(id) == 1, id);
    // The question counts of the wegwijzer's six reflection themes.
    CHECK(c.themes.at("visie").questions.size() == 11);
    CHECK(c.themes.at("vormen").questions.size() == 4);
    CHECK(c.themes.at("basishouding").questions.size() == 11);
    CHECK(c.themes.at("noden").questions.size() == 9);
    CHECK(c.themes.at("toegankelijk").questions.size() == 10);
    CHECK(c.themes.at("evaluatie").questions.size() == 8);
    REQUIRE(c.templates.count("stoplicht-visie") == 1);
    // Every bundled template says where it belongs and how long it takes (the picker).
    for (const auto& [id, t] : c.templates) {
        CAPTURE(id);
        CHECK_FALSE(t.movement.empty());
        CHECK(t.minutes > 0);
    }
    CHECK(c.templates.at("volledige-workshop").movement == "geheel");
    const auto& tv = c.templates.at("stoplicht-visie");
    CHECK(tv.title.nl == "Stoplichtspel: visie");
    // The theme's round: its 4 statements to rate, then its 7 open questions to talk about.
    REQUIRE(tv.agenda.steps.size() == 2);
    CHECK(tv.agenda.steps[0].items.size() == 4);
    CHECK(tv.agenda.steps[0].title.nl == "Vertrekt jullie werking vanuit een visie?");
    CHECK(tv.agenda.steps[1].id == "visie-gesprek");
    CHECK(tv.agenda.steps[1].kind == activity_kind::open_text);
    CHECK(tv.agenda.steps[1].items.size() == 7);
    // Six themes; noden also has its choice (noden-keuze).
    CHECK(c.templates.at("stoplicht-reflecteren").agenda.steps.size() == 13);
    // Editorial remnants of the wegwijzer never reach users.
    for (const auto& [id, t] : c.themes)
        for (const auto& q : t.questions) {
            CHECK(q.text.nl.find("Ik welke mate") == std::string::npos);
            CHECK(q.text.nl.find("NOG AANVULLEN") == std::string::npos);
            CHECK(q.text.nl.find("(pagina x)") == std::string::npos);
        }
}

TEST_CASE("content errors name the file and the JSON path") {
    SUBCASE("good minimal content") {
        auto r =
            load_content({{"themes/t1.json", good_theme}, {"templates/tp.json", good_template}});
        CHECK(std::holds_alternative<content_bundle>(r));
    }
    SUBCASE("not JSON") {
        const auto e = error_of({{"themes/t1.json", "{"}, {"templates/tp.json", good_template}});
        CHECK(e.file == "themes/t1.json");
        CHECK(e.message == "not valid JSON");
    }
    SUBCASE("missing English") {
        std::string t = good_theme;
        t.replace(t.find(R"(,"en":"Question")"), std::string(R"(,"en":"Question")").size(), "");
        const auto e = error_of({{"themes/t1.json", t}, {"templates/tp.json", good_template}});
        CHECK(e.file == "themes/t1.json");
        CHECK(e.path == "/questions/0/text/en");
        CHECK(e.message == "missing");
    }
    SUBCASE("a template's movement, minutes and needs are checked") {
        auto with = [](const std::string& field) {
            std::string tp = good_template;
            tp.insert(tp.find("\"steps\""), field + ",");
            return tp;
        };
        for (const auto& [field, path] : std::vector<std::pair<std::string, std::string>>{
                 {R"("movement":"dansen")", "/movement"},
                 {R"("minutes":0)", "/minutes"},
                 {R"("minutes":"30")", "/minutes"},
                 {R"("needs":"paper")", "/needs"},
                 {R"("needs":["paper","koffie"])", "/needs/1"},
                 {R"("needs":["walk","walk"])", "/needs/1"}}) {
            CAPTURE(field);
            const auto e =
                error_of({{"themes/t1.json", good_theme}, {"templates/tp.json", with(field)}});
            CHECK(e.path == path);
        }
        auto r = load_content(
            {{"themes/t1.json", good_theme},
             {"templates/tp.json",
              with(R"("movement":"reflecteren","minutes":25,"needs":["paper","walk"])")}});
        REQUIRE(std::holds_alternative<content_bundle>(r));
        const template_def& t = std::get<content_bundle>(r).templates.at("tp");
        CHECK(t.movement == "reflecteren");
        CHECK(t.minutes == 25);
        CHECK(t.needs == std::vector<std::string>{"paper", "walk"});
    }
    SUBCASE("unknown theme in a template") {
        std::string tp = good_template;
        tp.replace(tp.find("\"t1\""), 4, "\"t9\"");
        const auto e = error_of({{"themes/t1.json", good_theme}, {"templates/tp.json", tp}});
        CHECK(e.file == "templates/tp.json");
        CHECK(e.path == "/steps/0/theme");
    }
    SUBCASE("unknown kind") {
        std::string tp = good_template;
        tp.replace(tp.find("traffic_light"), 13, "karaoke");
        // A template of an unknown kind is skipped with a warning; with no template left, that is
        // an error.
        CHECK(error_of({{"themes/t1.json", good_theme}, {"templates/tp.json", tp}}).message ==
              "no template found");
        auto r =
            load_content({{"themes/t1.json", good_theme},
                          {"templates/tp.json", tp},
                          {"templates/tq.json", std::string(good_template).replace(7, 2, "tq")}});
        REQUIRE(std::holds_alternative<content_bundle>(r));
        const auto& c = std::get<content_bundle>(r);
        CHECK(c.templates.count("tq") == 1);
        REQUIRE(c.warnings.size() == 1);
        CHECK(c.warnings[0].find("templates/tp.json: /steps/0/kind") == 0);
    }
    SUBCASE("id must match the file name") {
        CHECK(
            error_of({{"themes/t2.json", good_theme}, {"templates/tp.json", good_template}}).path ==
            "/id");
    }
    SUBCASE("duplicate question id") {
        std::string t = good_theme;
        t.replace(t.find("}]}"), 3, R"(},{"id":"q1","text":{"nl":"x","en":"x"}}]})");
        CHECK(error_of({{"themes/t1.json", t}, {"templates/tp.json", good_template}}).path ==
              "/questions/1/id");
    }
    SUBCASE("no templates") {
        CHECK(error_of({{"themes/t1.json", good_theme}}).message == "no template found");
    }
    SUBCASE("non-JSON files beside the content are ignored") {
        auto r = load_content({{"CORRECTIONS.md", "# notes"},
                               {"themes/t1.json", good_theme},
                               {"templates/tp.json", good_template}});
        CHECK(std::holds_alternative<content_bundle>(r));
    }
}

namespace {

/** The bundled content as a server with --images (one own photo) loads it. */
const content_bundle& bundled() {
    static const content_bundle c = [] {
        load_options o;
        o.own_images = {"eigen-foto.jpg"};
        auto r = load_content(read_content_dir(KRING_CONTENT_DIR), o);
        if (auto* e = std::get_if<content_error>(&r))
            FAIL(e->to_string());
        return std::get<content_bundle>(r);
    }();
    return c;
}

const step_def& step_in(const std::string& tmpl, const std::string& step) {
    const auto& a = bundled().templates.at(tmpl).agenda;
    const int i = a.step_index(step);
    REQUIRE_MESSAGE(i >= 0, (tmpl + "/" + step));
    return a.steps[static_cast<std::size_t>(i)];
}

/** Good minimal content plus one template file. */
std::vector<content_file> with_template(const std::string& steps_json) {
    return {
        {"themes/t1.json", good_theme},
        {"images/a.png", ""},
        {"decks/d.json",
         R"({"id":"d","title":{"nl":"D","en":"D"},"images":[{"id":"a","file":"a.png","alt":{"nl":"A","en":"A"}}]})"},
        {"templates/tp.json",
         R"({"id":"tp","title":{"nl":"T","en":"T"},"description":{"nl":"D","en":"D"},"steps":)" +
             steps_json + "}"}};
}

} // namespace

TEST_CASE("the bundled content: every template loads, none is skipped") {
    const auto& c = bundled();
    CHECK(c.warnings.empty());
    for (const auto& w : c.warnings)
        MESSAGE(w);
    CHECK(c.templates.size() == 29);
    // Without --images only the template of the own photos is left out, and says why.
    const auto plain = load_content(read_content_dir(KRING_CONTENT_DIR));
    REQUIRE(std::holds_alternative<content_bundle>(plain));
    const auto& p = std::get<content_bundle>(plain);
    CHECK(p.templates.size() == 28);
    CHECK(p.templates.count("dromen-met-eigen-fotos") == 0);
    REQUIRE(p.warnings.size() == 1);
    CHECK(p.warnings[0].find("needs --images") != std::string::npos);
    for (const char* id :
         {"ontmoeten-is", "dromen-met-beelden", "casussen", "evaluatie", "bouwstenen", "inkaart",
          "acties", "volledige-workshop", "stoplicht-reflecteren", "zeven-bs", "decet",
          "mijn-gedacht", "op-restaurant", "foto-opdracht", "kritische-rondleiding",
          "architect-voor-een-dag", "visie-in-de-kijker"})
        CHECK_MESSAGE(c.templates.count(id) == 1, id);
    std::set<activity_kind> kinds;
    for (const auto& [id, t] : c.templates)
        for (const auto& st : t.agenda.steps) {
            kinds.insert(st.kind);
            CHECK_MESSAGE(!st.prompt.nl.empty(), (id + "/" + st.id));
        }
    CHECK(kinds.size() == 10); // every activity kind is used by some template
    // Movement 3: every building-block question reaches a session through "verder-bouwen":
    // rated, to talk about, or as the heading of the items under it.
    const auto& blocks = c.templates.at("verder-bouwen").agenda.steps;
    REQUIRE(blocks.size() == 6 + 3); // three blocks have open questions too
    std::size_t block_questions = 0;
    std::set<std::string> headings;
    for (const auto& st : blocks)
        for (const auto& it : st.items) {
            ++block_questions;
            if (!it.group.empty())
                headings.insert(it.group.nl);
        }
    CHECK(block_questions + headings.size() == 48);
    CHECK(c.exercises.size() == 19);
    CHECK(c.resources.size() == 41);
    CHECK(c.decks.at("droom").images.size() >= 48);
    CHECK(c.kaarten.at("aanbod").offer_kinds.size() >= 7);
}

TEST_CASE("the bundled content: every question of every theme and building block") {
    const auto& c = bundled();
    const std::pair<const char*, std::size_t> counts[] = {
        // Movement 2, reflecteren.
        {"visie", 11},
        {"vormen", 4},
        {"basishouding", 11},
        {"noden", 9},
        {"toegankelijk", 10},
        {"evaluatie", 8},
        // Movement 3, verder bouwen: the six building blocks.
        {"begrijp-de-noden", 3},
        {"breed-gedragen-visie", 6},
        {"toegankelijker", 9},
        {"begeleiders-in-hun-kracht", 9},
        {"experimenteer-met-de-ruimte", 6},
        {"reflecteer-evalueer", 15}};
    std::size_t total = 0;
    for (const auto& [id, n] : counts) {
        REQUIRE_MESSAGE(c.themes.count(id) == 1, id);
        CHECK_MESSAGE(c.themes.at(id).questions.size() == n, id);
        total += n;
    }
    CHECK(c.themes.size() == 12);
    CHECK(total == 101);
    // The building blocks in the wegwijzer's order.
    REQUIRE(c.blocks.size() == 6);
    CHECK(c.blocks[0].id == "begrijp-de-noden");
    CHECK(c.blocks[1].id == "breed-gedragen-visie");
    CHECK(c.blocks[2].id == "toegankelijker");
    CHECK(c.blocks[3].id == "begeleiders-in-hun-kracht");
    CHECK(c.blocks[4].id == "experimenteer-met-de-ruimte");
    CHECK(c.blocks[5].id == "reflecteer-evalueer");
    // The ⏭️ links of the wegwijzer.
    CHECK(c.themes.at("visie").links == std::vector<std::string>{"breed-gedragen-visie"});
    CHECK(c.themes.at("noden").links == std::vector<std::string>{"begrijp-de-noden"});
}

TEST_CASE("the bundled content: steps carry their kind's settings, guide and resources") {
    const auto& c = bundled();
    const auto& visie = step_in("volledige-workshop", "visie");
    CHECK(visie.theme == "visie");
    CHECK(visie.links == std::vector<std::string>{"breed-gedragen-visie"});
    CHECK(visie.items.size() == 4); // the rated ones; visie-gesprek has the other 7
    CHECK(visie.guide.nl.find("Stappen (ongeveer 30 minuten)") !=
          std::string::npos); // the exercise's guide
    CHECK(visie.guide.nl.find("⏭️ Staat de basis stevig") !=
          std::string::npos); // the theme's ⏭️ line
    CHECK(visie.guide.nl.find("Duur: ongeveer 30 minuten.") != std::string::npos);
    CHECK(visie.guide.en.find("Time: about 30 minutes.") != std::string::npos);
    REQUIRE_FALSE(visie.resources.empty());
    CHECK(visie.resources[0].id == "wachtruimte-fundament"); // the step's own first
    const auto& basis = step_in("volledige-workshop", "basishouding");
    CHECK(basis.guide.nl.find("💡") != std::string::npos); // the wegwijzer's tips
    CHECK(basis.guide.nl.find("Ik welke mate") == std::string::npos);

    const auto& beeld = step_in("dromen-met-beelden", "beeld");
    CHECK(beeld.images.size() == c.decks.at("droom").images.size());
    CHECK(beeld.images[0].url == "/images/koffie.png");
    const auto& casus = step_in("casussen", "casus-1");
    CHECK(casus.options.size() == 4);
    CHECK_FALSE(casus.body.nl.empty());
    CHECK(casus.guide.nl.find("Bespreek na het tonen") == 0); // the step's own guide first
    const auto& bouw = step_in("bouwstenen", "bouwstenen");
    CHECK(bouw.source_take == "blocks");
    const auto& prio = step_in("acties", "prioriteit");
    CHECK(prio.source_step == "acties");
    CHECK(prio.source_take == "actions");
    const auto& inv = step_in("inkaart", "aanbod");
    CHECK(inv.offer_kinds == c.kaarten.at("aanbod").offer_kinds);
    CHECK(inv.max_entries == 10);
    const auto& sc = step_in("evaluatie", "vragen");
    CHECK(sc.min == 1);
    CHECK(sc.max == 5);
    CHECK_FALSE(sc.label_min.nl.empty());
    for (const auto& [id, t] : c.templates)
        CHECK(t.agenda.blocks == c.blocks);
}

TEST_CASE("the bundled content: a session of every template plays through the reducer and views") {
    for (const auto& [id, t] : bundled().templates) {
        CAPTURE(id);
        session_state s;
        apply(s, ev::session_created{"s-1", "ABCDEF", "h", 1, t.agenda});
        apply(s, ev::participant_joined{1, "t", ""});
        for (const auto& st : t.agenda.steps) {
            const auto o = decide_control(s, "open", st.id);
            if (!o.ok()) { // a dot vote whose source has nothing yet
                CHECK(st.kind == activity_kind::dot_vote);
                continue;
            }
            for (const auto& e : o.events)
                apply(s, e);
            if (st.kind == activity_kind::photo)
                continue; // photos come over HTTP (tests/unit/photo_test.cpp), no "pass"
            if (st.kind == activity_kind::floor_plan) {
                // No "pass" on a plan: no pins is no answer. The simulated participant's pins.
                const auto pins = practice::answers_for(st, {}, 0, lang::nl);
                REQUIRE(pins.size() == 1);
                CHECK_MESSAGE(decide_response(s, 1, st.id, "", pins[0].value, "", limits{}).ok(),
                              st.id);
                continue;
            }
            const auto pass = decide_response(s, 1, st.id, has_items(st.kind) ? st.items[0].id : "",
                                              "pass", "", limits{});
            CHECK_MESSAGE(pass.ok(), st.id);
            for (const auto& e : pass.events)
                apply(s, e);
        }
        for (role r : {role::facilitator, role::projector, role::participant}) {
            CHECK_NOTHROW(nlohmann::json::parse(protocol::make_welcome(1, s, r, 1, "tok")));
            CHECK_NOTHROW(nlohmann::json::parse(make_view(s, r, 1)));
        }
        // The stored form of the agenda reads back the same.
        nlohmann::json j;
        protocol::to_json(j, t.agenda);
        CHECK(protocol::session_def_from_json(j) == t.agenda);
    }
}

TEST_CASE("content v2 errors name the file and the JSON path") {
    auto err = [](std::vector<content_file> files) {
        auto r = load_content(files);
        REQUIRE(std::holds_alternative<content_error>(r));
        return std::get<content_error>(r);
    };
    auto ok = [](std::vector<content_file> files, const load_options& o = {}) {
        auto r = load_content(files, o);
        if (auto* e = std::get_if<content_error>(&r))
            FAIL(e->to_string());
        return std::get<content_bundle>(r);
    };
    SUBCASE("every kind with its defaults") {
        const auto c = ok(with_template(R"([
            {"id":"a","kind":"open_text","title":{"nl":"A","en":"A"}},
            {"id":"b","kind":"dot_vote","title":{"nl":"B","en":"B"},"source":{"step":"a","take":"cards"}},
            {"id":"c","kind":"image_choice","title":{"nl":"C","en":"C"},"deck":"d"},
            {"id":"d","kind":"scale","theme":"t1"},
            {"id":"e","kind":"action_plan","title":{"nl":"E","en":"E"}}])"));
        const auto& st = c.templates.at("tp").agenda.steps;
        CHECK(st[0].max_entries == 3);
        CHECK(st[0].max_length == 140);
        CHECK(st[0].prompt == default_prompt(activity_kind::open_text));
        CHECK(st[1].dots == 3);
        CHECK(st[1].max_per_option == 3);
        CHECK(st[2].images[0].url == "/images/a.png");
        CHECK(st[3].items.size() == 1);
        CHECK(st[4].max_entries == 5);
    }
    SUBCASE("a deck's image must exist") {
        auto files =
            with_template(R"([{"id":"a","kind":"open_text","title":{"nl":"A","en":"A"}}])");
        files.erase(files.begin() + 1); // images/a.png
        const auto e = err(files);
        CHECK(e.file == "decks/d.json");
        CHECK(e.path == "/images/0/file");
    }
    SUBCASE("dot_vote sources") {
        CHECK(
            err(with_template(
                    R"([{"id":"b","kind":"dot_vote","title":{"nl":"B","en":"B"},"source":{"step":"zz","take":"red"}}])"))
                .path == "/steps/0/source/step");
        const auto e =
            err(with_template(R"([{"id":"a","kind":"open_text","title":{"nl":"A","en":"A"}},
            {"id":"b","kind":"dot_vote","title":{"nl":"B","en":"B"},"source":{"step":"a","take":"red"}}])"));
        CHECK(e.path == "/steps/1/source/take");
        CHECK(err(with_template(R"([{"id":"b","kind":"dot_vote","title":{"nl":"B","en":"B"}}])"))
                  .path == "/steps/0");
        CHECK(
            err(with_template(
                    R"([{"id":"b","kind":"dot_vote","title":{"nl":"B","en":"B"},"dots":21,"options":[]}])"))
                .path == "/steps/0/dots");
    }
    SUBCASE("kind settings out of range") {
        CHECK(
            err(with_template(
                    R"([{"id":"a","kind":"open_text","title":{"nl":"A","en":"A"},"max_entries":11}])"))
                .path == "/steps/0/max_entries");
        CHECK(
            err(with_template(
                    R"([{"id":"a","kind":"choice","title":{"nl":"A","en":"A"},"options":[{"id":"x","text":{"nl":"X","en":"X"}}]}])"))
                .path == "/steps/0/options");
        CHECK(
            err(with_template(
                    R"([{"id":"a","kind":"choice","title":{"nl":"A","en":"A"},"options":[{"id":"pass","text":{"nl":"X","en":"X"}},{"id":"y","text":{"nl":"Y","en":"Y"}}]}])"))
                .path == "/steps/0/options/0/id");
        CHECK(err(with_template(R"([{"id":"a","kind":"scale","theme":"t1","min":5,"max":5}])"))
                  .path == "/steps/0/max");
        CHECK(
            err(with_template(
                    R"([{"id":"a","kind":"image_choice","title":{"nl":"A","en":"A"},"deck":"d","max_picks":2}])"))
                .path == "/steps/0/max_picks");
        CHECK(
            err(with_template(
                    R"([{"id":"a","kind":"image_choice","title":{"nl":"A","en":"A"},"deck":"zz"}])"))
                .path == "/steps/0/deck");
        CHECK(err(with_template(R"([{"id":"a","kind":"inventory","title":{"nl":"A","en":"A"}}])"))
                  .path == "/steps/0/kaart");
        CHECK(
            err(with_template(
                    R"([{"id":"a","kind":"open_text","title":{"nl":"A","en":"A"},"exercise":"zz"}])"))
                .path == "/steps/0/exercise");
        CHECK(
            err(with_template(
                    R"([{"id":"a","kind":"open_text","title":{"nl":"A","en":"A"},"resources":["zz"]}])"))
                .path == "/steps/0/resources/0");
        CHECK(err(with_template(R"([{"id":"a","kind":"open_text","theme":"t1"}])")).path ==
              "/steps/0/theme");
    }
    SUBCASE(
        "own images: deck eigen is added; a step that names it uses it, the others keep theirs") {
        load_options o;
        o.own_images = {"Mijn foto 1.JPG", "b.png", "notes.txt"};
        const auto c =
            ok(with_template(
                   R"([{"id":"c","kind":"image_choice","title":{"nl":"C","en":"C"},"deck":"d"},
                       {"id":"e","kind":"image_choice","title":{"nl":"E","en":"E"},"deck":"eigen"}])"),
               o);
        const auto& kept = c.templates.at("tp").agenda.steps[0].images;
        REQUIRE(kept.size() == 1);
        CHECK(kept[0].url == "/images/a.png");
        const auto& images = c.templates.at("tp").agenda.steps[1].images;
        REQUIRE(images.size() == 2);
        CHECK(images[0].id == "mijn-foto-1");
        CHECK(images[0].url == "/images/eigen/Mijn%20foto%201.JPG");
        CHECK(images[0].alt.nl == "Mijn foto 1");
        CHECK(images[1].url == "/images/eigen/b.png");
        CHECK(c.decks.count("eigen") == 1);
    }
    SUBCASE("a template needing deck eigen is skipped without --images") {
        auto files = with_template(
            R"([{"id":"c","kind":"image_choice","title":{"nl":"C","en":"C"},"deck":"eigen"}])");
        files.push_back({"templates/tq.json", std::string(good_template).replace(7, 2, "tq")});
        const auto c = ok(files);
        CHECK(c.templates.count("tp") == 0);
        REQUIRE(c.warnings.size() == 1);
        CHECK(c.warnings[0].find("templates/tp.json: /steps/0/deck") == 0);
    }
    SUBCASE("resources, links and exercises are checked") {
        auto files =
            with_template(R"([{"id":"a","kind":"open_text","title":{"nl":"A","en":"A"}}])");
        files.push_back(
            {"resources.json",
             R"({"resources":[{"id":"r","category":"films","title":{"nl":"R","en":"R"},"description":{"nl":"R","en":"R"}}]})"});
        auto e = err(files);
        CHECK(e.file == "resources.json");
        CHECK(e.path == "/resources/0/category");
        files.back().text =
            R"({"resources":[{"id":"r","category":"boeken","title":{"nl":"R","en":"R"},"description":{"nl":"R","en":"R"},"serves":["nope"]}]})";
        e = err(files);
        CHECK(e.path == "/resources/0/serves/0");
        files.pop_back();
        std::string t = good_theme;
        t.replace(t.find("\"number\""), 8, R"("links":["t1"],"number")");
        files[0].text = t;
        e = err(files);
        CHECK(e.file == "themes/t1.json");
        CHECK(e.path == "/links/0");
        files[0].text = good_theme;
        files.push_back(
            {"exercises/x.json",
             R"({"id":"x","title":{"nl":"X","en":"X"},"source":{"nl":"S","en":"S"},"minutes":10,"purpose":{"nl":"P","en":"P"},"guide":{"nl":"G","en":"G"},"status":"maybe"})"});
        e = err(files);
        CHECK(e.file == "exercises/x.json");
        CHECK(e.path == "/status");
    }
}
TEST_CASE("the bundled content: every question has its form, every step its guidance, every "
          "exercise a template or a reason") {
    const auto& c = bundled();
    // Each question of each theme and building block names its form in the file itself.
    for (const auto& e : fs::directory_iterator(fs::path(KRING_CONTENT_DIR) / "themes")) {
        std::ifstream in(e.path());
        const auto j = nlohmann::json::parse(in);
        for (const auto& q : j["questions"]) {
            CAPTURE(q["id"]);
            CHECK(q.contains("form"));
        }
    }
    // No step of any template leaves the facilitator without guidance, in either language;
    // every traffic-light step carries the stoplichtspel's guide.
    std::set<std::string> run; // exercises a template step runs
    std::size_t steps = 0;
    for (const auto& [id, t] : c.templates)
        for (const auto& st : t.agenda.steps) {
            CAPTURE(id + "/" + st.id);
            ++steps;
            CHECK_FALSE(st.guide.nl.empty());
            CHECK_FALSE(st.guide.en.empty());
            if (st.kind == activity_kind::traffic_light && !st.theme.empty())
                CHECK(st.guide.nl.find("Werkvorm: Stoplichtspel") != std::string::npos);
            // The old guide contradicted itself (ask who chose red / nobody has to say).
            CHECK(st.guide.nl.find("Vraag eerst iemand die rood koos") == std::string::npos);
            CHECK(st.guide.nl.find("Werkvorm voorgesteld door Kring") == std::string::npos);
        }
    CHECK(steps > 80);
    for (const auto& dir : {"templates"})
        for (const auto& e : fs::directory_iterator(fs::path(KRING_CONTENT_DIR) / dir)) {
            std::ifstream in(e.path());
            const auto j = nlohmann::json::parse(in);
            for (const auto& st : j["steps"])
                if (st.contains("exercise"))
                    run.insert(st["exercise"].get<std::string>());
        }
    for (const auto& [id, ex] : c.exercises) {
        CAPTURE(id);
        const bool has_template = run.count(id) > 0;
        CHECK((has_template || !ex.no_template.empty()));
        CHECK((has_template || !ex.no_template.en.empty()));
    }
    // The exercises the wegwijzer names each have a template.
    for (const char* id : {"spaghettimapping", "kiddo-artikels", "dromen-met-beelden", "zeven-bs",
                           "stoplichtspel", "casussen", "dot-voting", "acties"})
        CHECK_MESSAGE(run.count(id) == 1, id);
    // Reading or watching together, and building block 6's debrief, as open rounds.
    CHECK(c.templates.count("samen-lezen-of-kijken") == 1);
    const auto& debrief = c.templates.at("teambespreking").agenda.steps.at(0);
    CHECK(debrief.kind == activity_kind::open_text);
    CHECK(debrief.items.size() == 3);
    CHECK(debrief.items[0].text.nl == "Wat valt op?");
    CHECK_FALSE(debrief.items[0].group.empty());
}

TEST_CASE("the bundled content: the image deck — 48 or more, people in at least 16, every image "
          "described in both languages and licensed") {
    const auto& c = bundled();
    const auto& deck = c.decks.at("droom").images;
    CHECK(deck.size() >= 48);
    std::ifstream lic(fs::path(KRING_CONTENT_DIR) / "images" / "LICENSE");
    std::stringstream ls;
    ls << lic.rdbuf();
    const std::string license = ls.str();
    // People: the deck file marks each image that shows them ("people": true, judged by
    // looking at the image; docs/content.md, "Image decks").
    std::size_t with_people = 0;
    for (const auto& im : deck) {
        CAPTURE(im.id);
        CHECK_FALSE(im.alt.nl.empty());
        CHECK_FALSE(im.alt.en.empty());
        CHECK(license.find("\n" + im.file + "  CC0 1.0") != std::string::npos);
        with_people += im.people;
    }
    MESSAGE(deck.size() << " images, " << with_people << " with people");
    CHECK(with_people >= 16);
    // Birds, clothes and hands alone are no people.
    for (const auto& im : deck)
        if (im.id == "nest" || im.id == "wasdraad" || im.id == "handen")
            CHECK_MESSAGE(!im.people, im.id);
    CHECK(std::count_if(deck.begin(), deck.end(), [](const deck_image& im) {
              return im.id == "grootouders" && im.people;
          }) == 1);
    // The marker is read strictly: true or false, nothing else.
    auto files = with_template(R"([{"id":"a","kind":"open_text","title":{"nl":"A","en":"A"}}])");
    files[2].text =
        R"({"id":"d","title":{"nl":"D","en":"D"},"images":[{"id":"a","file":"a.png","alt":{"nl":"A","en":"A"},"people":"ja"}]})";
    auto r = load_content(files);
    REQUIRE(std::holds_alternative<content_error>(r));
    CHECK(std::get<content_error>(r).file == "decks/d.json");
    CHECK(std::get<content_error>(r).path == "/images/0/people");
}

namespace {

/** Whether `text` holds any of `words`. */
bool says(const std::string& text, std::initializer_list<const char*> words) {
    return std::any_of(words.begin(), words.end(),
                       [&](const char* w) { return text.find(w) != std::string::npos; });
}

/** The host of an https:// or http:// URL, or "". */
std::string host_of(const std::string& url) {
    for (const char* scheme : {"https://", "http://"})
        if (url.rfind(scheme, 0) == 0) {
            const std::string rest = url.substr(std::string(scheme).size());
            return rest.substr(0, rest.find_first_of("/?#"));
        }
    return {};
}

/** Whether `host` is `domain` or one of its subdomains. */
bool on_host(const std::string& host, const std::string& domain) {
    return host == domain || (host.size() > domain.size() && host.ends_with("." + domain));
}

} // namespace

TEST_CASE("the bundled content: an exercise's status label and its source line agree") {
    const auto& c = bundled();
    // What the status makes the step's guide say (docs/content.md, "Exercises").
    const std::string refers = "De wegwijzer verwijst naar deze oefening";
    const std::string derived = "Werkvorm afgeleid uit de bronnen.";
    const std::string general = "Een algemene werkvorm die de wegwijzer niet noemt";
    for (const auto& [id, ex] : c.exercises) {
        CAPTURE(id);
        CAPTURE(ex.status);
        const std::string& nl = ex.source.nl;
        const std::string& en = ex.source.en;
        // "Not in the wegwijzer" fits only the general status.
        const bool not_named =
            says(nl, {"wegwijzer noemt ze niet", "niet uit de Vlaamse gidsen"}) ||
            says(en, {"wegwijzer does not name", "not come from the Flemish guides"});
        CHECK(not_named == (ex.status == "general"));
        // "The text was not found" contradicts "inferred from the sources".
        const bool missing = says(nl, {"niet teruggevonden", "niet beschikbaar"}) ||
                             says(en, {"not found", "not available"});
        if (ex.status == "inferred" || ex.status == "verified")
            CHECK_FALSE(missing);
        // Kring's proposal is said where the status says so, in both languages.
        if (ex.status == "assumption" || ex.status == "general") {
            CHECK(nl.find("voorstel van Kring") != std::string::npos);
            CHECK(en.find("Kring’s proposal") != std::string::npos);
        }
    }
    CHECK(c.exercises.at("dot-voting").status == "general");
    CHECK(c.exercises.at("spaghettimapping").status == "assumption");
    // The steps that run an exercise carry the label of its status, and no other.
    std::size_t seen = 0;
    for (const auto& e : fs::directory_iterator(fs::path(KRING_CONTENT_DIR) / "templates")) {
        std::ifstream in(e.path());
        const auto j = nlohmann::json::parse(in);
        const std::string tid = j["id"];
        if (!c.templates.count(tid))
            continue;
        for (const auto& st : j["steps"]) {
            if (!st.contains("exercise"))
                continue;
            const exercise& ex = c.exercises.at(st["exercise"].get<std::string>());
            const std::string& guide = step_in(tid, st["id"].get<std::string>()).guide.nl;
            CAPTURE(tid + "/" + st["id"].get<std::string>());
            CHECK((guide.find(refers) != std::string::npos) == (ex.status == "assumption"));
            CHECK((guide.find(derived) != std::string::npos) == (ex.status == "inferred"));
            CHECK((guide.find(general) != std::string::npos) == (ex.status == "general"));
            ++seen;
        }
    }
    CHECK(seen > 20);
    // The dot vote's guide, in both languages.
    const auto& prio = step_in("acties", "prioriteit");
    CHECK(prio.guide.nl.find(general) != std::string::npos);
    CHECK(prio.guide.nl.find(refers) == std::string::npos);
    CHECK(prio.guide.en.find("A general method that the wegwijzer does not name") !=
          std::string::npos);
    CHECK(prio.guide.en.find("The wegwijzer refers to this exercise") == std::string::npos);
}

TEST_CASE("the bundled content: the resources the issue names link to their public pages") {
    const auto& c = bundled();
    auto url_of = [&](const char* id) {
        for (const auto& r : c.resources)
            if (r.def.id == id)
                return r.def.url;
        FAIL("no resource " << id);
        return std::string{};
    };
    // The DECET principles at Grote Kansen, the 7 B's at the Agency for Integration and
    // Civic Integration: their sites' home pages (no deeper address is given anywhere we
    // could check; the descriptions say what to search for there).
    CHECK(on_host(host_of(url_of("grote-kansen-decet")), "grotekansen.be"));
    CHECK(on_host(host_of(url_of("integratie-inburgering-7-bs")), "integratie-inburgering.be"));
    // VBJK's project page "Aan de slag met ontmoeting in het consultatiebureau", which holds
    // the manual the wegwijzer calls "Ontmoeting in het consultatiebureau".
    for (const char* id : {"wachtruimte-fundament", "handleiding-wachtruimte"}) {
        CAPTURE(id);
        const std::string url = url_of(id);
        CHECK(on_host(host_of(url), "vbjk.be"));
        CHECK(url.find("/projecten/ontmoeting-in-consultatiebureau") != std::string::npos);
    }
    // No link is a bare word or another scheme.
    for (const auto& r : c.resources)
        if (!r.def.url.empty())
            CHECK_MESSAGE(!host_of(r.def.url).empty(), r.def.id);
    CHECK(host_of("https://www.grotekansen.be") == "www.grotekansen.be");
    CHECK_FALSE(on_host("www.notgrotekansen.be", "grotekansen.be"));
}

TEST_CASE("the bundled content: every question of the wegwijzer is reachable in a template") {
    const auto& c = bundled();
    // What the templates' steps show: item ids (rated, to talk about), choice options and
    // the headings items hang under.
    std::set<std::string> shown, headings;
    for (const auto& [tid, t] : c.templates)
        for (const auto& st : t.agenda.steps) {
            for (const auto& it : st.items) {
                shown.insert(it.id);
                if (!it.group.empty())
                    headings.insert(it.group.nl);
            }
            if (st.kind == activity_kind::choice)
                for (const auto& o : st.options)
                    shown.insert(o.id);
        }
    std::size_t questions = 0;
    for (const auto& [theme_id, th] : c.themes)
        for (const auto& q : th.questions) {
            CAPTURE(q.id);
            if (q.form == item_form::heading)
                CHECK_MESSAGE(headings.count(q.text.nl) == 1, "heading not shown: " << q.text.nl);
            else
                CHECK_MESSAGE(shown.count(q.id) == 1, "in no template: " << q.text.nl);
            ++questions;
        }
    CHECK(questions == 101); // every theme and building block was looked at
}

} // namespace kring_test_unit_content_test
