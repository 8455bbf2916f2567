// floor_plan: validate / apply / aggregate (pins, clusters, heat map, routes), through the
// reducer with a hidden pin, the settings and result on the wire, and the reports.
#include "fixtures.hpp"

#include <numeric>

#include "kring/floor_plan.hpp"
#include "kring/report.hpp"
#include "kring/wire.hpp"

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_floor_plan_test {

using namespace kring;
using namespace kring::fixtures;

namespace {

step_def pins_step() {
    step_def d = step_of("plan", activity_kind::floor_plan);
    d.max_entries = 3;
    d.max_length = 20;
    d.pin_categories = {{"welkom", {"Welkom", "Welcome"}, "green"},
                        {"afhaken", {"Hier haak ik af", "I drop out here"}, "red"}};
    d.areas = {{"onthaal", {"Onthaal", "Reception"}, 0.0, 0.0, 0.5, 0.5}};
    return d;
}

step_def routes_step() {
    step_def d = step_of("routes", activity_kind::floor_plan);
    d.plan_mode = floor_plan::mode::routes;
    d.max_entries = 2;
    d.slots = options({"ochtend", "middag"});
    return d;
}

json pin(const char* id, double x, double y, const char* cat, const char* comment = nullptr) {
    json j{{"id", id}, {"x", x}, {"y", y}, {"category", cat}};
    if (comment)
        j["comment"] = comment;
    return j;
}

} // namespace

TEST_CASE("floor_plan: validate checks ids, positions, categories, comments and the count") {
    const step_def d = pins_step();
    auto code = [&](json value) {
        return std::string(to_string(floor_plan::validate(d, value, "", limits{}).err.code));
    };
    const auto good = floor_plan::validate(
        d, json::array({pin("a", 0.3124, 0.5, "welkom", "Warm"), pin("b", 1, 0, "afhaken")}), "",
        limits{});
    REQUIRE(good.ok());
    CHECK(good.value->pins[0].x == 312); // thousandths
    CHECK(floor_plan::value_json(*good.value) ==
          json::array({pin("a", 0.312, 0.5, "welkom", "Warm"), pin("b", 1.0, 0.0, "afhaken")}));
    CHECK(floor_plan::validate(d, json::array(), "", limits{}).value->pins.empty());
    for (const json& v : every_json_type()) {
        if (v.is_array() && v.empty())
            continue;
        CAPTURE(v.dump());
        CHECK(code(v) == "bad_value");
    }
    CHECK(code(json::array({pin("a", 1.2, 0.5, "welkom")})) == "bad_value");
    CHECK(code(json::array({pin("a", -0.1, 0.5, "welkom")})) == "bad_value");
    CHECK(
        code(json::array({json{{"id", "a"}, {"x", "0.5"}, {"y", 0.5}, {"category", "welkom"}}})) ==
        "bad_value");
    CHECK(code(json::array({pin("a", 0.5, 0.5, "idee")})) == "bad_value");
    CHECK(code(json::array({pin("", 0.5, 0.5, "welkom")})) == "bad_value");
    CHECK(code(json::array({pin("a b", 0.5, 0.5, "welkom")})) == "bad_value");
    CHECK(code(json::array({pin("abcdefghijklm", 0.5, 0.5, "welkom")})) == "bad_value");
    CHECK(code(json::array({pin("a", 0.5, 0.5, "welkom"), pin("a", 0.2, 0.5, "welkom")})) ==
          "bad_value");
    CHECK(code(json::array({pin("a", 0.1, 0.1, "welkom"), pin("b", 0.1, 0.1, "welkom"),
                            pin("c", 0.1, 0.1, "welkom"), pin("d", 0.1, 0.1, "welkom")})) ==
          "bad_value");
    CHECK(code(json::array({pin("a", 0.5, 0.5, "welkom", "twenty-one characters")})) ==
          "text_too_long");
    CHECK(code(json::array({pin("a", 0.5, 0.5, "welkom", "bad \xff utf8")})) == "bad_value");
    CHECK(floor_plan::validate(d, json::array({pin("a", 0.5, 0.5, "welkom")}), "x", limits{})
              .err.code == errc::bad_value);
}

TEST_CASE("floor_plan: routes need a known slot and 2 to 60 points") {
    const step_def d = routes_step();
    auto code = [&](json value) {
        return std::string(to_string(floor_plan::validate(d, value, "", limits{}).err.code));
    };
    const json route{{"id", "r1"}, {"slot", "middag"}, {"points", {{0.1, 0.2}, {0.5, 0.25}}}};
    REQUIRE(floor_plan::validate(d, json::array({route}), "", limits{}).ok());
    CHECK(floor_plan::value_json(
              *floor_plan::validate(d, json::array({route}), "", limits{}).value) ==
          json::array({route}));
    json bad = route;
    bad["slot"] = "avond";
    CHECK(code(json::array({bad})) == "bad_value");
    bad = route;
    bad["points"] = json::array({{0.1, 0.2}});
    CHECK(code(json::array({bad})) == "bad_value");
    bad["points"] = json::array();
    for (int i = 0; i < 61; ++i)
        bad["points"].push_back({0.5, 0.5});
    CHECK(code(json::array({bad})) == "bad_value");
    bad["points"] = json::array({{0.1, 0.2}, {0.5}});
    CHECK(code(json::array({bad})) == "bad_value");
    bad["points"] = json::array({{0.1, 0.2}, {0.5, 2}});
    CHECK(code(json::array({bad})) == "bad_value");
    // A pin is not a route.
    CHECK(code(json::array({pin("a", 0.5, 0.5, "welkom")})) == "bad_value");
}

TEST_CASE("floor_plan: pins aggregate into clusters and a heat map per category") {
    const step_def d = pins_step();
    floor_plan::responses r;
    cards::moderation m;
    for (participant_id pid = 1; pid <= 5; ++pid)
        floor_plan::apply(
            r, pid,
            *floor_plan::validate(d, json::array({pin("p", 0.25 + 0.002 * pid, 0.30, "afhaken")}),
                                  "", limits{})
                 .value);
    floor_plan::apply(
        r, 6,
        *floor_plan::validate(d, json::array({pin("x", 0.9, 0.9, "welkom", "Zon")}), "", limits{})
             .value);
    auto res = floor_plan::aggregate(d, r, m);
    CHECK(res.total == 6);
    REQUIRE(res.pins.size() == 6);
    CHECK(res.pins.front().category == "welkom"); // the step's order of categories
    REQUIRE(res.clusters.size() == 2);
    CHECK(res.clusters[0].category == "afhaken");
    CHECK(res.clusters[0].n == 5);
    CHECK(res.clusters[0].x == doctest::Approx(0.256));
    CHECK(res.clusters[0].y == doctest::Approx(0.3));
    const auto& hot = res.heat.cells.at("afhaken");
    REQUIRE(hot.size() == 24u * 16u);
    // x 0.252..0.26 -> column 6, y 0.3 -> row 4.
    CHECK(hot[4 * 24 + 6] == 5);
    CHECK(std::accumulate(hot.begin(), hot.end(), 0u) == 5);
    CHECK(res.heat.cells.at("welkom")[14 * 24 + 21] == 1);
    CHECK(floor_plan::area_at(d, 0.256, 0.3)->id == "onthaal");
    CHECK(floor_plan::area_at(d, 0.9, 0.9) == nullptr);

    // A hidden pin stays in the facilitator's list (marked) and leaves clusters and heat map.
    m.hidden.insert(floor_plan::card_of(6, "x"));
    res = floor_plan::aggregate(d, r, m);
    CHECK(res.pins.front().hidden);
    CHECK(res.heat.cells.count("welkom") == 0);
    CHECK(res.clusters.size() == 1);
    // Withdrawing every pin removes the participant.
    floor_plan::apply(r, 6, {});
    CHECK(floor_plan::aggregate(d, r, m).total == 5);
}

TEST_CASE("floor_plan: pins close together on either side of a grid line are one cluster, pins "
          "far apart or of another category are not") {
    step_def d = pins_step();
    d.max_entries = 10;
    floor_plan::responses r;
    // 0.199 and 0.201 lie in two cells of the 10 x 10 grid, 0.002 apart.
    floor_plan::apply(
        r, 1,
        *floor_plan::validate(
             d,
             json::array({pin("a", 0.199, 0.5, "welkom"), pin("b", 0.201, 0.5, "welkom"),
                          pin("c", 0.205, 0.52, "welkom"), pin("d", 0.2, 0.5, "afhaken"),
                          pin("e", 0.5, 0.5, "welkom")}),
             "", limits{})
             .value);
    const auto res = floor_plan::aggregate(d, r, cards::moderation{});
    REQUIRE(res.clusters.size() == 3);
    CHECK(res.clusters[0] == floor_plan::cluster{"welkom", 0.202, 0.507, 3});
    // The other category's pin at the same place stays its own; the far one too.
    CHECK(res.clusters[1] == floor_plan::cluster{"welkom", 0.5, 0.5, 1});
    CHECK(res.clusters[2] == floor_plan::cluster{"afhaken", 0.2, 0.5, 1});
    // A chain does not grow without end: centres 0.05 apart join, the next 0.05 further on
    // joins the pair only while the pair's centre is within reach.
    floor_plan::responses line;
    json pins = json::array();
    for (int i = 0; i < 10; ++i)
        pins.push_back(pin(std::to_string(i).c_str(), 0.05 + 0.1 * i, 0.1, "welkom"));
    floor_plan::apply(line, 1, *floor_plan::validate(d, pins, "", limits{}).value);
    CHECK(floor_plan::aggregate(d, line, cards::moderation{}).clusters.size() == 10);
}

TEST_CASE("floor_plan: through the reducer, a hidden pin reaches no phone, and the wire") {
    session_state s = session_of({pins_step()}, 2);
    must(s, decide_control(s, "open", "plan"));
    must(s, respond(s, 1, "plan",
                    json::array(
                        {pin("a", 0.1, 0.1, "welkom", "Koffie"), pin("b", 0.2, 0.2, "afhaken")})));
    must(s, respond(s, 2, "plan", json::array({pin("a", 0.7, 0.7, "afhaken", "Geheim")})));
    CHECK(code_of(respond(s, 2, "plan", json::array({pin("a", 0.7, 0.7, "zzz")}))) == "bad_value");
    // Moving a pin keeps its card.
    const json before = result(s, "plan");
    must(s, respond(s, 2, "plan", json::array({pin("a", 0.71, 0.7, "afhaken", "Geheim")})));
    const json after = result(s, "plan");
    std::string secret;
    for (const auto& p : after["pins"])
        if (p.value("comment", "") == "Geheim")
            secret = p["card"];
    for (const auto& p : before["pins"])
        if (p.value("comment", "") == "Geheim")
            CHECK(p["card"] == secret);
    control_command hide;
    hide.action = control_action::hide_card;
    hide.step = "plan";
    hide.card = secret;
    must(s, decide_control(s, hide));
    must(s, decide_control(s, "close", "plan"));
    must(s, decide_control(s, "reveal", "plan"));
    const json fac = result(s, "plan");
    const json room = result(s, "plan", role::participant);
    CHECK(fac["pins"].size() == 3);
    CHECK(room["pins"].size() == 2);
    CHECK(room.dump().find("Geheim") == std::string::npos);
    CHECK(room["heat"]["cells"].count("afhaken") == 1);
    CHECK(room["heat"]["cols"] == 24);

    // The result read back by a client is the same.
    wire::step_result back;
    back.kind = activity_kind::floor_plan;
    floor_plan::responses::read_result(back, wire::reader(room, "result"));
    json again;
    floor_plan::responses::write_result(again, back);
    CHECK(again["pins"] == room["pins"]);
    CHECK(again["heat"] == room["heat"]);
    // And the settings.
    json settings;
    floor_plan::responses::settings_json(settings, pins_step());
    step_def read;
    floor_plan::responses::read_settings(read, wire::reader(settings, "step"));
    CHECK(read.pin_categories == pins_step().pin_categories);
    CHECK(read.areas == pins_step().areas);
    CHECK(read.max_entries == 3);
    settings["aspect"] = 9;
    CHECK_THROWS(floor_plan::responses::read_settings(read, wire::reader(settings, "step")));

    // The reports: the plan drawn with its pins, the counts and the visible comments.
    const std::string html = report_html(s, lang::nl);
    CHECK(html.find("<svg class=\"plan\"") != std::string::npos);
    CHECK(html.find("<circle") != std::string::npos);
    CHECK(html.find("#b0261c") != std::string::npos); // red: afhaken
    CHECK(html.find("Koffie") != std::string::npos);
    CHECK(html.find("Geheim") == std::string::npos);
    const std::string md = report_markdown(s, lang::en);
    CHECK(md.find("I drop out here: 1 pins") != std::string::npos);
    CHECK(md.find("Welcome (Reception): Koffie") != std::string::npos);
    const auto csv = report_csv(s, "plan", lang::nl);
    REQUIRE(csv.has_value());
    CHECK(csv->find("Onthaal") != std::string::npos);
}

TEST_CASE("floor_plan: a route per slot through the reducer") {
    session_state s = session_of({routes_step()}, 1);
    must(s, decide_control(s, "open", "routes"));
    const json route{
        {"id", "r1"}, {"slot", "middag"}, {"points", {{0.1, 0.2}, {0.5, 0.25}, {0.9, 0.9}}}};
    must(s, respond(s, 1, "routes", json::array({route})));
    const json res = result(s, "routes");
    REQUIRE(res["routes"].size() == 1);
    CHECK(res["routes"][0]["slot"] == "middag");
    CHECK(res["routes"][0]["points"][2] == json::array({0.9, 0.9}));
    CHECK(res["pins"].empty());
    CHECK(report_html(s, lang::nl).find("<polyline") != std::string::npos);
}

TEST_CASE("floor_plan: the facilitator's plan image, decided, stored as an event, in the view") {
    session_state s = session_of({pins_step(), step_of("tekst", activity_kind::open_text)}, 1);
    const photo_taken taken{"p" + std::string(24, 'a'), 300, 200};
    CHECK(decide_step_image(s, "plan", "", nullptr, limits{}).ok());
    CHECK(decide_step_image(s, "plan", "", nullptr, limits{}).events.empty());
    CHECK(code_of(decide_step_image(s, "tekst", "", &taken, limits{})) == "bad_value");
    CHECK(code_of(decide_step_image(s, "nergens", "", &taken, limits{})) == "unknown_step");
    const photo_taken unnamed{"x", 300, 200};
    CHECK(code_of(decide_step_image(s, "plan", "", &unnamed, limits{})) == "internal");
    const outcome o = decide_step_image(s, "plan", "", &taken, limits{});
    REQUIRE(o.events.size() == 1);
    must(s, o);
    CHECK(s.steps[0].plan == floor_plan::plan_image{taken.id, 300, 200});
    // Through the store and back.
    const event back = event_from_json(event_to_json(o.events[0]));
    CHECK(std::get<ev::plan_set>(back).id == taken.id);
    CHECK(std::get<ev::plan_set>(back).height == 200);
    const json view = json::parse(make_view(s, role::participant, 1));
    CHECK(view["steps"][0]["plan_image"] ==
          json{{"id", taken.id}, {"width", 300}, {"height", 200}});
    CHECK(!view["steps"][1].contains("plan_image"));
    must(s, outcome{{ev::plan_set{"plan", "", 0, 0}}, {}});
    CHECK(s.steps[0].plan.id.empty());
}

} // namespace kring_test_unit_floor_plan_test
