// GUI tests of the floor_plan kind: a real kring-server with a session of
// architect-voor-een-dag (pins by category) or spaghettimapping (routes per time slot),
// participants answering over WebSocket the way phones do, and the real `kring` projector
// under Xvfb. The plan is found on the screenshot by its outline (ink), then the pixels at
// plan coordinates are checked: a hot spot of "afhaken" pins is red where nobody pinned is not,
// and a route's segment is drawn in its slot's colour; the facilitator's own plan image, sent
// from the console (--plan-file), is drawn as the plan in its own shape.
#include "gui_support.hpp"

#include <stb_image_write.h>

#include <cmath>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_gui_floor_plan_test {

using namespace kring::gui_test;

namespace {

/**
 * A plan whose bottom may be below the window's edge (a participant's column scrolls): its
 * top edge is the first long line in ink; its height follows from the aspect.
 */
plan_rect find_plan_top(const image& img, double aspect) {
    for (int y = body_top - 40; y < img.h; ++y) {
        int best = 0, best_start = 0, run = 0;
        for (int x = 0; x < img.w; ++x) {
            run = img.is(x, y, ink, 40) ? run + 1 : 0;
            if (run > best) {
                best = run;
                best_start = x - run + 1;
            }
        }
        if (best >= 300) {
            // The rounded corners shorten the run a little at each end.
            const int x0 = best_start - 3, x1 = best_start + best + 3;
            return {x0, y, x1, y + static_cast<int>(std::lround((x1 - x0) / aspect))};
        }
    }
    return {};
}

/** How red a region is: the mean of R minus the mean of G and B over its pixels. */
double redness(const image& img, int x0, int y0, int x1, int y1) {
    double sum = 0;
    long n = 0;
    for (int y = std::max(0, y0); y < std::min(img.h, y1); ++y)
        for (int x = std::max(0, x0); x < std::min(img.w, x1); ++x) {
            const unsigned char* p = &img.px[(static_cast<std::size_t>(y) * img.w + x) * 4];
            sum += p[0] - (p[1] + p[2]) / 2.0;
            ++n;
        }
    return n ? sum / static_cast<double>(n) : 0;
}

} // namespace

TEST_CASE("floor_plan: the projector shows the pins' hot spot in the category's colour") {
    live_session s("architect-voor-een-dag", 12);
    const json& st = s.step("plan");
    REQUIRE(st["kind"] == "floor_plan");
    REQUIRE(st["mode"] == "pins");
    std::string red_tone;
    for (const json& c : st["categories"])
        if (c["id"] == "afhaken")
            red_tone = c["tone"].get<std::string>();
    REQUIRE(red_tone == "red");
    const rgb red_c = tone_rgb(s.welcome, red_tone);

    s.control("open", "plan");
    // Ten people find the same spot off-putting, each with a pin or two close to (0.25, 0.30).
    for (std::size_t i = 0; i < 10; ++i) {
        const double dx = 0.006 * static_cast<double>(i % 4),
                     dy = 0.005 * static_cast<double>(i % 3);
        json pins = json::array(
            {pin("p1", 0.24 + dx, 0.29 + dy, "afhaken", i == 0 ? "De deur is zwaar" : "")});
        if (i % 2 == 0)
            pins.push_back(pin("p2", 0.70, 0.20 + 0.01 * static_cast<double>(i), "welkom"));
        s.answer(i, "plan", pins);
    }
    // Two others spread their pins elsewhere.
    s.answer(10, "plan",
             json::array({pin("a", 0.55, 0.75, "idee", "Een speelhoek hier"),
                          pin("b", 0.62, 0.30, "welkom")}));
    s.answer(11, "plan", json::array({pin("x", 0.45, 0.55, "welkom")}));

    // One more on a desktop: rejoining with its resume token, it sees its own pins on the plan.
    ws_client desk(s.server.port());
    const json w = desk.request(
        {{"type", "join"}, {"protocol_version", 1}, {"code", s.code}, {"role", "participant"}});
    REQUIRE(w["type"] == "welcome");
    const json ack = desk.request(
        {{"type", "answer"},
         {"step", "plan"},
         {"value", json::array({pin("m1", 0.88, 0.12, "idee"), pin("m2", 0.93, 0.22, "idee")})}});
    REQUIRE_MESSAGE(ack["type"] == "ack", ack.dump());
    {
        const fs::path home =
            participant_home(s, w["resume_token"].get<std::string>(), "floor-plan-participant");
        const fs::path png = shots_dir() / "floor-plan-participant.png";
        REQUIRE(run_client({"--mode", "participant", "--server", s.server_arg(), "--code", s.code},
                           png, home) == 0);
        const image part = load_png(png);
        const int blue = part.count_in(tone_rgb(s.welcome, "blue"), 0, 0, part.w, part.h, 10);
        MESSAGE("participant's desktop: " << blue << " pixels of the blue tone (its two pins)");
        CHECK(blue > 150);

        // A click on the plan places a pin of the chosen category (the first, welkom) there:
        // the whole set goes to the server.
        const plan_rect pr = find_plan_top(part, st.value("aspect", 1.5));
        MESSAGE("participant's plan: " << pr.x0 << "," << pr.y0 << " - " << pr.x1 << "," << pr.y1);
        REQUIRE(pr.valid());
        const fs::path script = shots_dir() / "floor-plan-participant-click.script";
        const fs::path shot = shots_dir() / "floor-plan-participant-click.png";
        fs::remove(shot);
        std::ofstream(script) << "click-at " << pr.px(0.30) << " " << pr.py(0.10)
                              << "\nwait-ms 400\nshot " << shot.string() << "\nwait-ms 200\n";
        REQUIRE(run_client({"--mode", "participant", "--server", s.server_arg(), "--code", s.code,
                            "--script", script.string()},
                           shots_dir() / "floor-plan-participant-unused.png", home) == 0);
        // The facilitator's connection may still hold older views: read until the pin is in.
        bool placed = false;
        json pins;
        for (int attempt = 0; attempt < 20 && !placed; ++attempt) {
            pins = s.result("plan")["pins"];
            for (const json& p : pins)
                if (p["category"] == "welkom" && std::abs(p["x"].get<double>() - 0.30) < 0.02 &&
                    std::abs(p["y"].get<double>() - 0.10) < 0.02)
                    placed = true;
        }
        CHECK_MESSAGE(placed, pins.dump());
    }

    json res = s.result("plan");
    for (int attempt = 0; attempt < 20 && res["pins"].size() < 21; ++attempt)
        res = s.result("plan"); // older views first
    CHECK(res["total"] == 13);
    CHECK(res["pins"].size() == 21);

    s.control("close", "plan");
    s.control("reveal", "plan");
    const image img = s.projector("floor-plan-pins");
    const plan_rect r = find_plan(img);
    MESSAGE("plan on the projector: " << r.x0 << "," << r.y0 << " - " << r.x1 << "," << r.y1);
    REQUIRE(r.valid());
    // The aspect of the step (width / height) is kept.
    const double aspect = st.value("aspect", 1.5);
    CHECK(std::abs(static_cast<double>(r.x1 - r.x0) / (r.y1 - r.y0) - aspect) < 0.06);

    // Around (0.25, 0.30): the heat and the cluster of ten, red; far from every pin: no red.
    const int hx = r.px(0.25), hy = r.py(0.30);
    const int half = std::max(8, (r.x1 - r.x0) / 25);
    const double hot = redness(img, hx - half, hy - half, hx + half, hy + half);
    const int fx = r.px(0.12), fy = r.py(0.85);
    const double cold = redness(img, fx - half, fy - half, fx + half, fy + half);
    const int red_hot =
        img.count_in(red_c, hx - 2 * half, hy - 2 * half, hx + 2 * half, hy + 2 * half, 10);
    const int red_cold =
        img.count_in(red_c, fx - 2 * half, fy - 2 * half, fx + 2 * half, fy + 2 * half, 10);
    MESSAGE("redness hot " << hot << ", cold " << cold << "; tone pixels hot " << red_hot
                           << ", cold " << red_cold);
    CHECK(hot > cold + 40);
    CHECK(hot > 40);
    CHECK(red_hot > 150); // the cluster's disc, in the tone's own colour
    CHECK(red_cold < 5);

    // C: the pins' comments as cards, with their category and room.
    {
        const image cards = s.projector("floor-plan-pins-cards", {"--show", "cards"});
        const plan_rect none = find_plan(cards);
        CHECK_FALSE(none.valid());
    }

    // Hidden by the facilitator, the pins leave the projector's heat map and clusters.
    for (const json& p : res["pins"])
        if (p["category"] == "afhaken")
            s.control("hide_card", "plan", {{"card", p["card"]}});
    const image after = s.projector("floor-plan-pins-hidden");
    const plan_rect r2 = find_plan(after);
    REQUIRE(r2.valid());
    const int hx2 = r2.px(0.25), hy2 = r2.py(0.30);
    const int red_after =
        after.count_in(red_c, hx2 - 2 * half, hy2 - 2 * half, hx2 + 2 * half, hy2 + 2 * half, 10);
    MESSAGE("tone pixels at the hot spot after hiding: " << red_after);
    CHECK(red_after < 5);

    // The console lists every pin, the hidden ones too (--open plan: the list in view).
    const image console = s.console("floor-plan-console", {"--open", "plan"});
    CHECK(console.w == width);
}

TEST_CASE("floor_plan: the projector draws routes in their time slot's colour") {
    live_session s("spaghettimapping", 3);
    const json& st = s.step("routes");
    REQUIRE(st["kind"] == "floor_plan");
    REQUIRE(st["mode"] == "routes");
    REQUIRE(st["slots"].size() >= 2);
    const std::string slot0 = st["slots"][0]["id"].get<std::string>();
    const std::string slot1 = st["slots"][1]["id"].get<std::string>();
    // Slot i is drawn in the rules' route style i.
    const json& tones = s.welcome["rules"]["route_styles"];
    REQUIRE(tones.size() >= 2);
    const rgb c0 = rgb_of(tones[0]["colour"].get<std::string>());
    const rgb c1 = rgb_of(tones[1]["colour"].get<std::string>());

    s.control("open", "routes");
    auto route = [](const std::string& id, const std::string& slot, json points) {
        return json{{"id", id}, {"slot", slot}, {"points", std::move(points)}};
    };
    // A long horizontal route in the first slot, two in the second elsewhere.
    s.answer(0, "routes",
             json::array({route("r1", slot0,
                                json::array({json::array({0.10, 0.20}), json::array({0.50, 0.20}),
                                             json::array({0.55, 0.45})}))}));
    s.answer(
        1, "routes",
        json::array({route("r1", slot1,
                           json::array({json::array({0.15, 0.80}), json::array({0.80, 0.80})}))}));
    s.answer(2, "routes",
             json::array({route("r1", slot1,
                                json::array({json::array({0.85, 0.15}), json::array({0.85, 0.60}),
                                             json::array({0.65, 0.65})}))}));
    const json res = s.result("routes");
    CHECK(res["routes"].size() == 3);

    // A participant's desktop, rejoined with its resume token: its own route in its slot's
    // colour on the plan.
    {
        ws_client desk(s.server.port());
        const json w = desk.request(
            {{"type", "join"}, {"protocol_version", 1}, {"code", s.code}, {"role", "participant"}});
        REQUIRE(w["type"] == "welcome");
        const json ack = desk.request(
            {{"type", "answer"},
             {"step", "routes"},
             {"value",
              json::array({route("d1", slot1,
                                 json::array({json::array({0.05, 0.10}), json::array({0.60, 0.10}),
                                              json::array({0.60, 0.30})}))})}});
        REQUIRE_MESSAGE(ack["type"] == "ack", ack.dump());
        const image part = participant_desktop(s, w["resume_token"].get<std::string>(),
                                               "floor-plan-routes-participant");
        const int own = part.count_in(c1, 0, 0, part.w, part.h, 16);
        MESSAGE("participant's desktop: " << own << " pixels of its route's colour");
        CHECK(own > 300);
    }
    s.control("close", "routes");
    s.control("reveal", "routes");

    const image img = s.projector("floor-plan-routes");
    const plan_rect r = find_plan(img);
    MESSAGE("plan on the projector: " << r.x0 << "," << r.y0 << " - " << r.x1 << "," << r.y1);
    REQUIRE(r.valid());
    // Along the first route's first segment, (0.10, 0.20) to (0.50, 0.20): its slot's colour.
    int hits0 = 0, hits1 = 0;
    for (double t = 0.2; t <= 0.81; t += 0.15) {
        const int x = r.px(0.10 + 0.40 * t), y = r.py(0.20);
        hits0 += img.count_in(c0, x - 3, y - 4, x + 4, y + 5, 16) > 0;
        const int x1 = r.px(0.15 + 0.65 * t), y1 = r.py(0.80);
        hits1 += img.count_in(c1, x1 - 3, y1 - 4, x1 + 4, y1 + 5, 16) > 0;
    }
    MESSAGE("samples in the first slot's colour " << hits0 << ", the second's " << hits1);
    CHECK(hits0 == 5);
    CHECK(hits1 == 5);
    // Where no route runs, neither colour.
    const int x = r.px(0.30), y = r.py(0.55);
    CHECK(img.count_in(c0, x - 10, y - 10, x + 10, y + 10, 16) == 0);
    CHECK(img.count_in(c1, x - 10, y - 10, x + 10, y + 10, 16) == 0);

    // The dark theme (a dimmed room): the routes keep their colours.
    const image dark = s.projector("floor-plan-routes-dark", {"--theme", "dark"});
    CHECK(dark.count_in(c0, 0, body_top, dark.w, dark.h, 16) > 300);
    CHECK(dark.count_in(c1, 0, body_top, dark.w, dark.h, 16) > 300);

    // The console lists the routes with their slot and rooms (--open plan: the list in view).
    const image console = s.console("floor-plan-routes-console", {"--open", "plan"});
    CHECK(console.count_in(c1, 0, 0, console.w, console.h, 16) > 50);
}

TEST_CASE("floor_plan: the console sends an own plan image that every screen draws as the plan") {
    live_session s("architect-voor-een-dag", 3);
    const json& st = s.step("plan");
    REQUIRE(st["kind"] == "floor_plan");

    // The building's own plan: 600 x 300, its left half pure blue, its right half pale yellow
    // (colours no chart, pin or theme of the client uses).
    constexpr rgb plan_blue{0, 0, 255};
    constexpr rgb plan_pale{250, 240, 200};
    constexpr int pw = 600, ph = 300;
    std::vector<unsigned char> px(static_cast<std::size_t>(pw) * ph * 3);
    for (int y = 0; y < ph; ++y)
        for (int x = 0; x < pw; ++x) {
            const rgb c = x < pw / 2 ? plan_blue : plan_pale;
            unsigned char* p = &px[(static_cast<std::size_t>(y) * pw + x) * 3];
            p[0] = static_cast<unsigned char>(c.r);
            p[1] = static_cast<unsigned char>(c.g);
            p[2] = static_cast<unsigned char>(c.b);
        }
    const fs::path file = shots_dir() / "own-plan.png";
    REQUIRE(stbi_write_png(file.c_str(), pw, ph, 3, px.data(), pw * 3) != 0);

    // The console sends it (its own upload path, as the button does), then the view carries it.
    s.console("floor-plan-own-console", {"--plan-file", file.string()});
    const json own = plan_image_of(s, "plan");
    REQUIRE_MESSAGE(own.is_object(), "no plan_image in the view after the console's upload; "
                                         << slurp(shots_dir() / "floor-plan-own-console.png.log"));
    CHECK(own["width"] == pw);
    CHECK(own["height"] == ph);

    // A file that only starts like a PNG: the server refuses it with its typed error, which the
    // console says in words; the plan stays the one that was set.
    {
        const fs::path bad = shots_dir() / "own-plan-damaged.png";
        std::ofstream(bad, std::ios::binary)
            << std::string("\x89PNG\r\n\x1a\n", 8) << std::string(2000, 'x');
        s.console("floor-plan-own-console-damaged", {"--plan-file", bad.string()});
        const std::string log = slurp(shots_dir() / "floor-plan-own-console-damaged.png.log");
        MESSAGE("console: " << log);
        CHECK(log.find("plan image not set (HTTP 4") != std::string::npos);
        // The facilitator's connection may still hold older views: the newest one counts.
        json still;
        for (int attempt = 0; attempt < 5; ++attempt) {
            const json v = s.view();
            for (const json& x : v["steps"])
                if (x["id"] == "plan")
                    still = x.value("plan_image", json());
        }
        CHECK_MESSAGE(still == own, still.dump());
    }

    // A few pins, all on the right (pale) half.
    s.control("open", "plan");
    s.answer(0, "plan", json::array({pin("p1", 0.75, 0.40, "afhaken", "Te smal")}));
    s.answer(1, "plan", json::array({pin("p1", 0.78, 0.45, "afhaken")}));
    s.answer(2, "plan", json::array({pin("p1", 0.85, 0.70, "welkom")}));
    // A participant's desktop fetches it with its resume token and places pins on it.
    {
        ws_client desk(s.server.port());
        const json w = desk.request(
            {{"type", "join"}, {"protocol_version", 1}, {"code", s.code}, {"role", "participant"}});
        REQUIRE(w["type"] == "welcome");
        const image part = participant_desktop(s, w["resume_token"].get<std::string>(),
                                               "floor-plan-own-participant");
        const int blue = part.count_in(plan_blue, 0, 0, part.w, part.h, 40);
        MESSAGE("participant's desktop: " << blue << " pixels of the plan's blue");
        CHECK(blue > 5000);
    }
    s.control("close", "plan");
    s.control("reveal", "plan");

    const image img = s.projector("floor-plan-own");
    const plan_rect r = find_plan(img);
    MESSAGE("own plan on the projector: " << r.x0 << "," << r.y0 << " - " << r.x1 << "," << r.y1);
    REQUIRE(r.valid());
    // The plan's shape is the image's: 600 / 300.
    const double aspect = static_cast<double>(r.x1 - r.x0) / (r.y1 - r.y0);
    CHECK(std::abs(aspect - 2.0) < 0.06);
    // The image's blue fills the plan's left half and is nowhere in its right half.
    const int lx0 = r.px(0.05), lx1 = r.px(0.45), rx0 = r.px(0.55), rx1 = r.px(0.95);
    const int y0 = r.py(0.10), y1 = r.py(0.90);
    const int area = (lx1 - lx0) * (y1 - y0);
    const int blue_left = img.count_in(plan_blue, lx0, y0, lx1, y1, 40);
    const int blue_right = img.count_in(plan_blue, rx0, y0, rx1, y1, 40);
    const int pale_right = img.count_in(plan_pale, rx0, y0, rx1, y1, 20);
    MESSAGE("blue pixels left " << blue_left << " of " << area << ", right " << blue_right
                                << "; pale right " << pale_right);
    CHECK(blue_left > area * 8 / 10);
    CHECK(blue_right < area / 100);
    CHECK(pale_right > area / 2);
    // The pins stay on top of the image, in their tone's colour.
    const rgb red_c = tone_rgb(s.welcome, "red");
    CHECK(img.count_in(red_c, r.px(0.70), r.py(0.25), r.px(0.85), r.py(0.55), 10) > 100);

    // The console draws it too, with the facilitator's key.
    const image console = s.console("floor-plan-own-console-after", {"--open", "plan"});
    CHECK(console.count_in(plan_blue, 0, 0, console.w, console.h, 40) > 2000);
}

} // namespace kring_test_gui_floor_plan_test
