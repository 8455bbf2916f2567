// GUI tests of the four exercises about the building (foto-opdracht, kritische-rondleiding,
// architect-voor-een-dag, spaghettimapping), each played through whole: a real kring-server,
// three participants answering over WebSocket (photos over HTTP, the way a phone sends them),
// the facilitator opening, closing and revealing every step in the template's order, and after
// each step the real `kring` projector under Xvfb. Each screenshot is checked for what its
// kind must show: the photos' own colours on the wall, the pins' tone colour where they were
// placed and the routes' slot colour along their segments, one card per distinct text, the
// traffic-light bars in their order, the dot vote's winner as the one dark bar on top.
#include "gui_support.hpp"

#include <cmath>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_gui_exercises_test {

using namespace kring::gui_test;

namespace {

// The photos' colours: none of them is used by a chart, text, tone or theme of the client.
constexpr rgb photo_colours[3] = {{0xc8, 0x1e, 0xb4}, {0xe6, 0xc8, 0x14}, {0x14, 0xc8, 0xe6}};

/** A session of one exercise with three participants, played step by step. */
struct exercise : live_session {
    std::string tpl;

    explicit exercise(const std::string& template_id) : live_session(template_id, 3) {
        tpl = template_id;
    }

    /** The template's steps in order, as "id:kind". */
    std::vector<std::string> step_list() const {
        std::vector<std::string> out;
        for (const json& s : welcome["session"]["steps"])
            out.push_back(s["id"].get<std::string>() + ":" + s["kind"].get<std::string>());
        return out;
    }

    void open(const std::string& id) { control("open", id); }
    void close_and_reveal(const std::string& id) {
        control("close", id);
        control("reveal", id);
    }

    /** The facilitator's result of a step once `ready` holds for it (older views come first). */
    template <typename Pred> json result_when(const std::string& id, Pred ready) {
        json r;
        for (int attempt = 0; attempt < 20; ++attempt) {
            r = result(id);
            if (ready(r))
                return r;
        }
        FAIL("the result of " << id << " never got ready: " << r.dump().substr(0, 2000));
        return r;
    }

    /** The options of an opened dot_vote step (fixed from its source at open). */
    json options(const std::string& id) {
        json opts;
        for (int attempt = 0; attempt < 20 && opts.empty(); ++attempt) {
            const json v = view();
            for (const json& st : v["steps"])
                if (st["id"] == id)
                    opts = st.value("options", json::array());
        }
        return opts;
    }

    /** The projector on the revealed step, in shots/exercise-<template>-<step>.png. */
    image shot(const std::string& id, std::vector<std::string> extra = {}) {
        return projector("exercise-" + tpl + "-" + id, std::move(extra));
    }

    //--------------------------------------------------------------------------
    // The kinds: answer, close, reveal, look at the projector.

    /**
     * photo: each participant sends one photo of its own colour with a caption, the
     * facilitator approves them all. The wall: the newest large, the other two as tiles
     * beside it, each in its own colour.
     */
    std::vector<std::string> photos(const std::string& id) {
        const json& st = step(id);
        REQUIRE(st["kind"] == "photo");
        const json& cats = st["categories"];
        REQUIRE(!cats.empty());
        open(id);
        std::vector<std::string> ids;
        for (std::size_t who = 0; who < 3; ++who)
            ids.push_back(send_photo(who, id, solid_jpeg(320, 240, photo_colours[who]),
                                     "Foto " + std::to_string(who + 1) + " van " + id,
                                     cats[who % cats.size()]["id"].get<std::string>(),
                                     "upload-" + id + "-" + std::to_string(who)));
        for (const std::string& p : ids)
            control("approve_photo", id, {{"card", p}});
        const json res = result_when(id, [](const json& r) {
            int approved = 0;
            for (const json& p : r["photos"])
                approved += !p.contains("status");
            return approved == 3;
        });
        CHECK(res["total"] == 3);
        close_and_reveal(id);

        const image img = shot(id);
        const int left = img.w * 6 / 10;
        const int big = largest_patch(img, photo_colours[2], body_top - 40);
        const int tile0 = img.count_in(photo_colours[0], left, body_top - 40, img.w, img.h, 10);
        const int tile1 = img.count_in(photo_colours[1], left, body_top - 40, img.w, img.h, 10);
        const int left0 = img.count_in(photo_colours[0], 0, body_top - 40, left, img.h, 10);
        MESSAGE(id << ": the newest photo large (" << big << " pixels), the others as tiles ("
                   << tile0 << ", " << tile1 << ")");
        CHECK(big > 100000);
        CHECK(tile0 > 2000);
        CHECK(tile1 > 2000);
        CHECK(left0 < 50); // only the newest is large
        return ids;
    }

    /**
     * floor_plan, pins: every participant places a pin of the first category near (0.25,
     * 0.30) and one of the second near (0.70, 0.75). On the plan: each category's tone colour
     * where its pins are, neither where no pin is.
     */
    void pins(const std::string& id) {
        const json& st = step(id);
        REQUIRE(st["kind"] == "floor_plan");
        REQUIRE(st["mode"] == "pins");
        REQUIRE(st["categories"].size() >= 2);
        const std::string cat_a = st["categories"][0]["id"], cat_b = st["categories"][1]["id"];
        const rgb tone_a = tone_rgb(welcome, st["categories"][0]["tone"]);
        const rgb tone_b = tone_rgb(welcome, st["categories"][1]["tone"]);
        REQUIRE(distance(tone_a, tone_b) > 40);
        open(id);
        for (std::size_t who = 0; who < 3; ++who) {
            const double d = 0.008 * static_cast<double>(who);
            answer(who, id,
                   json::array({pin("a", 0.24 + d, 0.29 + d, cat_a, who == 0 ? "Zware deur" : ""),
                                pin("b", 0.70 - d, 0.75 + d, cat_b)}));
        }
        const json res = result_when(id, [](const json& r) { return r["pins"].size() == 6; });
        CHECK(res["total"] == 3);
        close_and_reveal(id);

        const image img = shot(id);
        const plan_rect r = find_plan(img);
        MESSAGE(id << ": plan " << r.x0 << "," << r.y0 << " - " << r.x1 << "," << r.y1);
        REQUIRE(r.valid());
        const int half = std::max(8, (r.x1 - r.x0) / 12);
        auto tone_near = [&](rgb c, double x, double y) {
            return img.count_in(c, r.px(x) - half, r.py(y) - half, r.px(x) + half, r.py(y) + half,
                                10);
        };
        const int a_at_a = tone_near(tone_a, 0.25, 0.30), b_at_b = tone_near(tone_b, 0.70, 0.76);
        const int a_at_b = tone_near(tone_a, 0.70, 0.76), b_at_a = tone_near(tone_b, 0.25, 0.30);
        const int a_free = tone_near(tone_a, 0.12, 0.85), b_free = tone_near(tone_b, 0.12, 0.85);
        MESSAGE(id << ": " << cat_a << " tone " << a_at_a << " at its pins, " << a_at_b
                   << " at the others', " << a_free << " where none is; " << cat_b << " tone "
                   << b_at_b << " at its pins, " << b_at_a << " at the others', " << b_free);
        CHECK(a_at_a > 100);
        CHECK(b_at_b > 100);
        CHECK(a_at_b < 5);
        CHECK(b_at_a < 5);
        CHECK(a_free < 5);
        CHECK(b_free < 5);
    }

    /**
     * floor_plan, routes: a horizontal route in the first slot, one in the second lower down,
     * and one more in the first. Along each route's segment, its slot's colour.
     */
    void routes(const std::string& id) {
        const json& st = step(id);
        REQUIRE(st["kind"] == "floor_plan");
        REQUIRE(st["mode"] == "routes");
        REQUIRE(st["slots"].size() >= 2);
        const std::string slot0 = st["slots"][0]["id"], slot1 = st["slots"][1]["id"];
        const json& styles = welcome["rules"]["route_styles"];
        REQUIRE(styles.size() >= 2);
        const rgb c0 = rgb_of(styles[0]["colour"].get<std::string>());
        const rgb c1 = rgb_of(styles[1]["colour"].get<std::string>());
        auto route = [](const std::string& slot, double x0, double y0, double x1, double y1) {
            return json::array(
                {json{{"id", "r1"},
                      {"slot", slot},
                      {"points", json::array({json::array({x0, y0}), json::array({x1, y1})})}}});
        };
        open(id);
        answer(0, id, route(slot0, 0.10, 0.20, 0.55, 0.20));
        answer(1, id, route(slot1, 0.15, 0.80, 0.80, 0.80));
        answer(2, id, route(slot0, 0.85, 0.15, 0.85, 0.60));
        const json res = result_when(id, [](const json& r) { return r["routes"].size() == 3; });
        CHECK(res["total"] == 3);
        close_and_reveal(id);

        const image img = shot(id);
        const plan_rect r = find_plan(img);
        MESSAGE(id << ": plan " << r.x0 << "," << r.y0 << " - " << r.x1 << "," << r.y1);
        REQUIRE(r.valid());
        int hits0 = 0, hits1 = 0, hits_v = 0;
        for (double t = 0.2; t <= 0.81; t += 0.15) {
            const int x0 = r.px(0.10 + 0.45 * t), y0 = r.py(0.20);
            hits0 += img.count_in(c0, x0 - 3, y0 - 4, x0 + 4, y0 + 5, 16) > 0;
            const int x1 = r.px(0.15 + 0.65 * t), y1 = r.py(0.80);
            hits1 += img.count_in(c1, x1 - 3, y1 - 4, x1 + 4, y1 + 5, 16) > 0;
            const int xv = r.px(0.85), yv = r.py(0.15 + 0.45 * t);
            hits_v += img.count_in(c0, xv - 4, yv - 3, xv + 5, yv + 4, 16) > 0;
        }
        MESSAGE(id << ": samples in the first slot's colour " << hits0 << " and " << hits_v
                   << ", the second's " << hits1);
        CHECK(hits0 == 5);
        CHECK(hits_v == 5);
        CHECK(hits1 == 5);
        // Where no route runs, neither colour; the second slot's colour not on the first's route.
        const int x = r.px(0.30), y = r.py(0.50);
        CHECK(img.count_in(c0, x - 10, y - 10, x + 10, y + 10, 16) == 0);
        CHECK(img.count_in(c1, x - 10, y - 10, x + 10, y + 10, 16) == 0);
        CHECK(img.count_in(c1, r.px(0.25), r.py(0.20) - 4, r.px(0.45), r.py(0.20) + 5, 16) == 0);
    }

    /**
     * open_text: the participants' texts, one written twice. On the projector's card wall
     * (--show cards): one card per distinct text, each with its pale-blue edge. Returns the
     * cards' ids, most frequent first.
     */
    std::vector<std::string> texts(const std::string& id, const std::vector<json>& answers,
                                   std::size_t distinct) {
        REQUIRE(step(id)["kind"] == "open_text");
        open(id);
        for (std::size_t who = 0; who < answers.size(); ++who)
            answer(who, id, answers[who]);
        const json res = result_when(
            id, [&](const json& r) { return r["cards"].size() == distinct && r["total"] == 3; });
        std::vector<std::string> cards;
        for (const json& c : res["cards"])
            cards.push_back(c["card"].get<std::string>());
        CHECK(res["cards"][0]["count"] == 2); // the text written twice is one card, first
        close_and_reveal(id);

        const image img = shot(id, {"--show", "cards"});
        std::size_t n = 0;
        for (int sz : img.components(accent_light, 0, body_top, img.w, img.h))
            n += sz > 200;
        MESSAGE(id << ": " << n << " cards on the wall, " << distinct << " distinct texts");
        CHECK(n == distinct);
        // The text written twice carries its count in an accent badge; no other card has one.
        std::size_t badges = 0;
        for (int sz : img.components(accent, 0, body_top, img.w, img.h, 6))
            badges += sz > 150;
        CHECK(badges == 1);
        return cards;
    }

    /**
     * dot_vote: every participant gives 2 dots to `winner` and 1 to `second` (6 and 3). On the
     * projector the winner's bar is the one dark accent bar, on top, twice the second's.
     */
    void dots(const std::string& id, std::size_t winner, std::size_t second,
              const std::vector<std::string>& expected_options) {
        const json& st = step(id);
        REQUIRE(st["kind"] == "dot_vote");
        REQUIRE(st.value("dots", 0) >= 3);
        REQUIRE(st.value("max_per_option", 0) >= 2);
        open(id);
        const json opts = options(id);
        REQUIRE_MESSAGE(opts.size() == expected_options.size(), opts.dump());
        for (std::size_t i = 0; i < opts.size(); ++i)
            CHECK(opts[i]["id"] == expected_options[i]);
        const std::string top = opts[winner]["id"], other = opts[second]["id"];
        for (std::size_t who = 0; who < 3; ++who)
            answer(who, id, json{{top, 2}, {other, 1}});
        const json res = result_when(id, [](const json& r) { return r["voters"] == 3; });
        REQUIRE(res["options"].size() >= 2);
        CHECK(res["options"][0]["option"] == top);
        CHECK(res["options"][0]["dots"] == 6);
        CHECK(res["options"][1]["option"] == other);
        CHECK(res["options"][1]["dots"] == 3);
        close_and_reveal(id);

        const image img = shot(id);
        const auto dark = bars(img.row_counts(accent, img.w / 3, img.w, body_top), 40);
        const auto light = bars(img.row_counts(accent_light, img.w / 3, img.w, body_top), 20);
        REQUIRE(dark.size() == 1);
        REQUIRE(light.size() == 1);
        CHECK(dark[0].first < light[0].first);
        const double ratio =
            static_cast<double>(dark[0].second) / static_cast<double>(light[0].second);
        MESSAGE(id << ": bars " << dark[0].second << " and " << light[0].second);
        CHECK(ratio > 1.6);
        CHECK(ratio < 2.4);
    }

    /**
     * traffic_light: one statement disputed (green, orange, red), the others all green. On the
     * projector the disputed statement's bar comes first, green, orange and red from the left.
     */
    void lights(const std::string& id, const std::string& disputed) {
        const json& st = step(id);
        REQUIRE(st["kind"] == "traffic_light");
        open(id);
        const char* spread[3] = {"green", "orange", "red"};
        for (const json& it : st["items"]) {
            const std::string item = it["id"];
            for (std::size_t who = 0; who < 3; ++who)
                answer(who, id, item == disputed ? spread[who] : "green", item);
        }
        const json res = result_when(id, [](const json& r) { return r["total"] == 3; });
        CHECK(res["items"][0]["item"] == disputed);
        close_and_reveal(id);

        const image img = shot(id);
        // The first bar row: a long stretch of the three colours (the legend's icons are short).
        int top = -1;
        for (int y = body_top; y < img.h && top < 0; ++y) {
            const int n = img.count_in(green, 0, y, img.w, y + 1) +
                          img.count_in(orange, 0, y, img.w, y + 1) +
                          img.count_in(red, 0, y, img.w, y + 1);
            if (n > 300)
                top = y;
        }
        REQUIRE(top >= 0);
        const int y = top + 4; // inside the bar, below its rounded corner
        int first_green = -1, first_orange = -1, first_red = -1;
        for (int x = 0; x < img.w; ++x) {
            if (first_green < 0 && img.is(x, y, green))
                first_green = x;
            if (first_orange < 0 && img.is(x, y, orange))
                first_orange = x;
            if (first_red < 0 && img.is(x, y, red))
                first_red = x;
        }
        MESSAGE(id << ": the first bar at y " << top << ": green from " << first_green
                   << ", orange from " << first_orange << ", red from " << first_red);
        CHECK(first_green >= 0);
        CHECK(first_orange > first_green);
        CHECK(first_red > first_orange);
        // The other statements below it: all green bars, no orange or red.
        CHECK(img.count_in(green, 0, top + 60, img.w, img.h) > 10000);
        CHECK(img.count_in(orange, 0, top + 60, img.w, img.h) < 50);
        CHECK(img.count_in(red, 0, top + 60, img.w, img.h) < 50);
    }
};

json entries(std::initializer_list<const char*> texts) {
    json a = json::array();
    for (const char* t : texts)
        a.push_back(t);
    return a;
}

} // namespace

TEST_CASE("exercise foto-opdracht: photos approved on the wall, a dot vote on them, the texts "
          "as cards, a dot vote on the barriers") {
    exercise s("foto-opdracht");
    REQUIRE(s.step_list() == std::vector<std::string>{"fotos:photo", "sterkste:dot_vote",
                                                      "uitnodigend:open_text", "drempel:open_text",
                                                      "aanpakken:dot_vote"});
    const auto photos = s.photos("fotos");
    // The options of the vote are the approved photos, in the order they arrived.
    s.dots("sterkste", 1, 2, photos);
    s.texts("uitnodigend",
            {entries({"de koffiehoek bij het raam", "de zitbank in de tuin"}),
             entries({"De koffiehoek bij het raam"}), entries({"de speelhoek met boeken"})},
            3);
    const auto barriers =
        s.texts("drempel",
                {entries({"een zware deur", "geen bordje aan de ingang"}),
                 entries({"een zware deur", "de smalle gang"}), entries({"te weinig stoelen"})},
                4);
    // The options of the vote are the barriers' cards, in the result's order.
    s.dots("aanpakken", 2, 0, barriers);
}

TEST_CASE("exercise kritische-rondleiding: photos on the way, pins on the plan, barriers and "
          "invitations as cards, the 7 B's, a dot vote on the barriers") {
    exercise s("kritische-rondleiding");
    REQUIRE(s.step_list() ==
            std::vector<std::string>{"onderweg:photo", "plekken:floor_plan", "drempels:open_text",
                                     "uitnodigingen:open_text", "zeven-bs:traffic_light",
                                     "aanpakken:dot_vote"});
    s.photos("onderweg");
    s.pins("plekken");
    const auto barriers =
        s.texts("drempels",
                {entries({"Ingang: geen bordje", "Onthaal: de balie is te hoog"}),
                 entries({"ingang: geen bordje"}), entries({"Gang: donker en smal"})},
                3);
    s.texts("uitnodigingen",
            {entries({"Wachtruimte: koffie aangeboden"}),
             entries({"Wachtruimte: koffie aangeboden", "Tuin: speeltuig voor peuters"}),
             entries({"Speelhoek: boeken in vijf talen", "Onthaal: iemand groette ons"})},
            4);
    s.lights("zeven-bs", "bereikbaar");
    s.dots("aanpakken", 1, 0, barriers);
}

TEST_CASE("exercise architect-voor-een-dag: pins on the plan, what works and the experiments "
          "as cards, a dot vote on the experiments") {
    exercise s("architect-voor-een-dag");
    REQUIRE(s.step_list() == std::vector<std::string>{"plan:floor_plan", "werkt-al:open_text",
                                                      "experimenten:open_text", "kiezen:dot_vote"});
    s.pins("plan");
    s.texts("werkt-al",
            {entries({"de grote tafel", "het raam naar de tuin"}), entries({"De grote tafel"}),
             entries({"de zetels bij de speelhoek"})},
            3);
    const auto experiments =
        s.texts("experimenten",
                {entries({"stoelen in een halve cirkel", "een koffiehoek aan de ingang"}),
                 entries({"stoelen in een halve cirkel", "een leestafel in de gang"}),
                 entries({"het onthaal zonder balie"})},
                4);
    s.dots("kiezen", 3, 1, experiments);
}

TEST_CASE("exercise spaghettimapping: the arrangements as cards, the routes on the plan, what "
          "strikes as cards, a dot vote on what to change") {
    exercise s("spaghettimapping");
    REQUIRE(s.step_list() == std::vector<std::string>{"plannen:open_text", "routes:floor_plan",
                                                      "wat-valt-op:open_text",
                                                      "aanpassen:dot_vote"});
    s.texts("plannen",
            {entries({"dinsdagochtend bij het brengen", "Sara en Tom observeren"}),
             entries({"dinsdagochtend bij het brengen"}), entries({"een briefje aan de deur"})},
            3);
    s.routes("routes");
    const auto findings =
        s.texts("wat-valt-op",
                {entries({"niemand gebruikt de tuin", "de wegen kruisen aan de balie"}),
                 entries({"Niemand gebruikt de tuin", "ouders blijven bij de deur staan"}),
                 entries({"de speelhoek is druk"})},
                4);
    s.dots("aanpassen", 3, 2, findings);
}

} // namespace kring_test_gui_exercises_test
