#include "kring/content.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace kring;
namespace fs = std::filesystem;

namespace {

std::vector<content_file> read_content_dir(const fs::path& root) {
    std::vector<content_file> files;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path(), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        files.push_back({fs::relative(e.path(), root).generic_string(), ss.str()});
    }
    return files;
}

content_error error_of(std::vector<content_file> files) {
    auto r = load_content(files);
    REQUIRE(std::holds_alternative<content_error>(r));
    return std::get<content_error>(r);
}

const char* good_theme = R"({"id":"t1","movement":"reflecteren","number":1,
  "title":{"nl":"Titel","en":"Title"},
  "questions":[{"id":"q1","text":{"nl":"Vraag","en":"Question"}}]})";
const char* good_template = R"({"id":"tp","title":{"nl":"T","en":"T"},"description":{"nl":"D","en":"D"},
  "steps":[{"id":"s","kind":"traffic_light","theme":"t1"}]})";

} // namespace

TEST_CASE("the bundled content loads: six themes, every question in both languages") {
    const auto r = load_content(read_content_dir(KRING_CONTENT_DIR));
    if (std::holds_alternative<content_error>(r)) FAIL(std::get<content_error>(r).to_string());
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
    const auto& tv = c.templates.at("stoplicht-visie");
    CHECK(tv.title.nl == "Stoplichtspel: visie");
    REQUIRE(tv.agenda.steps.size() == 1);
    CHECK(tv.agenda.steps[0].items.size() == 11);
    CHECK(tv.agenda.steps[0].title.nl == "Vertrekt jullie werking vanuit een visie?");
    CHECK(c.templates.at("stoplicht-reflecteren").agenda.steps.size() == 6);
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
        auto r = load_content({{"themes/t1.json", good_theme}, {"templates/tp.json", good_template}});
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
        // A template of an unknown kind is skipped with a warning; with no template left, that is an error.
        CHECK(error_of({{"themes/t1.json", good_theme}, {"templates/tp.json", tp}}).message == "no template found");
        auto r = load_content({{"themes/t1.json", good_theme}, {"templates/tp.json", tp},
                               {"templates/tq.json", std::string(good_template).replace(7, 2, "tq")}});
        REQUIRE(std::holds_alternative<content_bundle>(r));
        const auto& c = std::get<content_bundle>(r);
        CHECK(c.templates.count("tq") == 1);
        REQUIRE(c.warnings.size() == 1);
        CHECK(c.warnings[0].find("templates/tp.json: /steps/0/kind") == 0);
    }
    SUBCASE("id must match the file name") {
        CHECK(error_of({{"themes/t2.json", good_theme}, {"templates/tp.json", good_template}}).path == "/id");
    }
    SUBCASE("duplicate question id") {
        std::string t = good_theme;
        t.replace(t.find("}]}"), 3, R"(},{"id":"q1","text":{"nl":"x","en":"x"}}]})");
        CHECK(error_of({{"themes/t1.json", t}, {"templates/tp.json", good_template}}).path == "/questions/1/id");
    }
    SUBCASE("no templates") {
        CHECK(error_of({{"themes/t1.json", good_theme}}).message == "no template found");
    }
    SUBCASE("non-JSON files beside the content are ignored") {
        auto r = load_content({{"CORRECTIONS.md", "# notes"}, {"themes/t1.json", good_theme},
                               {"templates/tp.json", good_template}});
        CHECK(std::holds_alternative<content_bundle>(r));
    }
}
