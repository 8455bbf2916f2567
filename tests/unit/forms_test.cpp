// Item forms (docs/content.md, "Item forms"): what the loader refuses, how a theme becomes
// its round, and the order of traffic-light results that keeps a heading's items together.
#include "kring/content.hpp"
#include "kring/traffic_light.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_forms_test {

using namespace kring;

namespace {

/** A theme t1 with these questions, and a template of one traffic-light step on it. */
std::vector<content_file> theme_with(const std::string& questions, const std::string& extra = {}) {
    return {{"themes/t1.json", R"({"id":"t1","movement":"reflecteren","number":1,
  "title":{"nl":"Titel","en":"Title"},"questions":)" +
                                   questions + extra + "}"},
            {"templates/tp.json",
             R"({"id":"tp","title":{"nl":"T","en":"T"},"description":{"nl":"D","en":"D"},
  "steps":[{"id":"s","kind":"traffic_light","theme":"t1"}]})"}};
}

std::string q(const std::string& id, const std::string& nl, const std::string& more = {}) {
    return R"({"id":")" + id + R"(","text":{"nl":")" + nl + R"(","en":"EN"})" + more + "}";
}

content_error error_of(const std::vector<content_file>& files) {
    auto r = load_content(files);
    REQUIRE(std::holds_alternative<content_error>(r));
    return std::get<content_error>(r);
}

content_bundle ok(const std::vector<content_file>& files) {
    auto r = load_content(files);
    if (auto* e = std::get_if<content_error>(&r))
        FAIL(e->to_string());
    return std::get<content_bundle>(r);
}

} // namespace

TEST_CASE("item forms: what cannot be given a colour is refused, with the file and path") {
    SUBCASE("a lead-in ending in ':' rated") {
        const auto e = error_of(theme_with("[" + q("a", "Stellen jullie vragen zoals:") + "," +
                                           q("b", "Klopt dit?") + "]"));
        CHECK(e.file == "templates/tp.json");
        CHECK(e.path == "themes/t1.json: /questions/0/text");
        CHECK(e.message.find("ends in ':'") != std::string::npos);
    }
    for (const char* open :
         {"Wat betekent ontmoeten voor jullie?", "Welke doelgroep hebben jullie?",
          "Hoe zorgen we ervoor dat ouders tot rust komen?",
          "Op welke manieren communiceren jullie?",
          "Klopt dit? Waarom vinden we dat belangrijk?"}) {
        CAPTURE(open);
        const auto e = error_of(theme_with("[" + q("a", open) + "]"));
        CHECK(e.message.find("asks an open question") != std::string::npos);
    }
    SUBCASE("statements, yes/no and 'In welke mate' questions rate") {
        const auto c =
            ok(theme_with("[" + q("a", "In welke mate stemmen jullie de uren af op de gezinnen?") +
                          "," + q("b", "Is de ruimte aantrekkelijk en gezellig ingericht?") + "," +
                          q("c", "We werken met vrijwilligers.") + "]"));
        CHECK(c.templates.at("tp").agenda.steps.at(0).items.size() == 3);
    }
    SUBCASE("an open question with Kring's rating statement rates, both texts kept") {
        const auto c = ok(theme_with(
            "[" +
            q("a", "Hoe zorgen we ervoor dat ouders tot rust komen?",
              R"(,"form":"rate","rating":{"nl":"We zorgen ervoor dat ouders tot rust komen.","en":"R"})") +
            "]"));
        const auto& it = c.templates.at("tp").agenda.steps.at(0).items.at(0);
        CHECK(it.text.nl == "Hoe zorgen we ervoor dat ouders tot rust komen?");
        CHECK(it.rating.nl == "We zorgen ervoor dat ouders tot rust komen.");
    }
    SUBCASE("the older 'group' text still attaches a heading") {
        const auto c = ok(theme_with("[" + q("a", "Ja?", R"(,"group":{"nl":"G","en":"G"})") + "]"));
        CHECK(c.templates.at("tp").agenda.steps.at(0).items.at(0).group.nl == "G");
    }
    SUBCASE("unknown form, a rating on an open question") {
        CHECK(error_of(theme_with("[" + q("a", "X", R"(,"form":"vraag")") + "]")).path ==
              "/questions/0/form");
        CHECK(error_of(theme_with("[" +
                                  q("a", "Wat?", R"(,"form":"open","rating":{"nl":"R","en":"R"})") +
                                  "," + q("b", "Ja?") + "]"))
                  .path == "/questions/0/rating");
    }
    SUBCASE("a heading needs its items right after it") {
        CHECK(error_of(theme_with("[" + q("h", "Voorbeelden:", R"(,"form":"heading")") + "," +
                                  q("a", "Ja?") + "]"))
                  .message.find("has no items under it") != std::string::npos);
        CHECK(error_of(theme_with("[" + q("h", "Voorbeelden:", R"(,"form":"heading")") + "," +
                                  q("a", "Ja?", R"(,"under":"h")") + "," + q("b", "Nee?") + "," +
                                  q("c", "Toch?", R"(,"under":"h")") + "]"))
                  .path == "/questions/3/under");
    }
    SUBCASE("items of form choice need the theme's question, and two of them") {
        CHECK(error_of(theme_with("[" + q("a", "Ja?") + "," + q("b", "A?", R"(,"form":"choice")") +
                                  "," + q("c", "B?", R"(,"form":"choice")") + "]"))
                  .path == "/choice");
    }
}

TEST_CASE("item forms: a theme becomes a round of rated items, its choice and its open questions") {
    const auto c =
        ok(theme_with("[" + q("o1", "Wat betekent ontmoeten?", R"(,"form":"open")") + "," +
                          q("r1", "Klopt dit?") + "," +
                          q("h", "Zijn de taken duidelijk?", R"(,"form":"heading")") + "," +
                          q("r2", "Voor: contacten leggen.", R"(,"under":"h")") + "," +
                          q("o2", "Wat valt op?", R"(,"form":"open","under":"h")") + "," +
                          q("c1", "Nieuw aanbod?", R"(,"form":"choice")") + "," +
                          q("c2", "Partners versterken?", R"(,"form":"choice")") + "]",
                      R"(,"choice":{"nl":"Waar zetten we op in?","en":"What do we focus on?"})"));
    const auto& steps = c.templates.at("tp").agenda.steps;
    REQUIRE(steps.size() == 3);
    // The rated step: statements only, each with its heading.
    CHECK(steps[0].id == "s");
    REQUIRE(steps[0].items.size() == 2);
    CHECK(steps[0].items[0].id == "r1");
    CHECK(steps[0].items[0].group.empty());
    CHECK(steps[0].items[1].id == "r2");
    CHECK(steps[0].items[1].group.nl == "Zijn de taken duidelijk?");
    // The choice: Kring's question, the wegwijzer's items as options.
    CHECK(steps[1].id == "s-keuze");
    CHECK(steps[1].kind == activity_kind::choice);
    CHECK(steps[1].title.nl == "Waar zetten we op in?");
    REQUIRE(steps[1].options.size() == 2);
    CHECK(steps[1].options[0].id == "c1");
    CHECK(steps[1].guide.nl.find("formulering van Kring") != std::string::npos);
    // The open round, in the wegwijzer's order, headings kept.
    CHECK(steps[2].id == "s-gesprek");
    CHECK(steps[2].kind == activity_kind::open_text);
    REQUIRE(steps[2].items.size() == 2);
    CHECK(steps[2].items[0].id == "o1");
    CHECK(steps[2].items[1].group.nl == "Zijn de taken duidelijk?");
    CHECK(steps[2].items[1].form == item_form::open);
    CHECK_FALSE(steps[2].guide.nl.empty());
    CHECK_FALSE(steps[2].guide.en.empty());
}

TEST_CASE(
    "item forms: a theme written out in the step (the agenda editor's form) keeps its round") {
    // Own items with the theme's ids take their form from the theme; one is edited.
    std::vector<content_file> files =
        theme_with("[" + q("o1", "Wat betekent ontmoeten?", R"(,"form":"open")") + "," +
                   q("r1", "Klopt dit?") + "]");
    files[1].text = R"({"id":"tp","title":{"nl":"T","en":"T"},"description":{"nl":"D","en":"D"},
  "steps":[{"id":"s","kind":"traffic_light","theme":"t1","items":[
    {"id":"o1","text":{"nl":"Wat betekent ontmoeten voor ons?","en":"E"}},
    {"id":"r1","text":{"nl":"Klopt dit?","en":"E"}},
    {"id":"eigen","text":{"nl":"Onze eigen stelling.","en":"Our own statement."}}]}]})";
    const auto c = ok(files);
    const auto& steps = c.templates.at("tp").agenda.steps;
    REQUIRE(steps.size() == 2);
    REQUIRE(steps[0].items.size() == 2);
    CHECK(steps[0].items[0].id == "r1");
    CHECK(steps[0].items[1].id == "eigen");
    REQUIRE(steps[1].items.size() == 1);
    CHECK(steps[1].items[0].text.nl == "Wat betekent ontmoeten voor ons?");
}

TEST_CASE("traffic-light results: most disputed first, never tearing an item from its heading") {
    using namespace traffic_light;
    const auto item = [](const char* id, const char* group) {
        item_def d;
        d.id = id;
        d.text = {id, id};
        if (*group)
            d.group = {group, group};
        return d;
    };
    // a | heading H: b, c | d
    const std::vector<item_def> items = {item("a", ""), item("b", "H"), item("c", "H"),
                                         item("d", "")};
    CHECK(heading_blocks(items) == std::vector<std::uint32_t>{0, 1, 1, 2});
    std::vector<item_result> r(4);
    const double spreads[] = {0.5, 0.1, 0.9, 0.7};
    for (std::uint32_t i = 0; i < 4; ++i) {
        r[i].item = items[i].id;
        r[i].index = i;
        r[i].spread = spreads[i];
    }
    order_by_spread(r, heading_blocks(items));
    std::vector<std::string> order;
    for (const auto& x : r)
        order.push_back(x.item);
    // H holds the most disputed item (c, 0.9): H first, c before b; then d (0.7), then a.
    CHECK(order == std::vector<std::string>{"c", "b", "d", "a"});
    // Without headings every item is its own block: plain spread order.
    std::vector<item_result> flat = r;
    order_by_spread(flat, {});
    CHECK(flat[0].item == "c");
    CHECK(flat[1].item == "d");
    CHECK(flat[2].item == "a");
    CHECK(flat[3].item == "b");
}

} // namespace kring_test_unit_forms_test
