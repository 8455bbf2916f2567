// GUI tests: a real kring-server, a workshop driven over WebSocket (one facilitator, five
// participants), and the real `kring` client rendered under Xvfb. Each run writes a PNG in
// tests/gui/shots/ of the build tree; the tests check the pixels and decode the QR code.
//
// The second half drives one template per activity kind of docs/protocol.md (scale,
// choice, image_choice, open_text, dot_vote, inventory, action_plan, and the summary of the
// full workshop) and checks the revealed result on the projector by what must be there:
// bar lengths, image colours, hidden cards missing, gap cells, one badge per action.
#include "gui_support.hpp"

#include <stb_image_write.h>

#include <cmath>

#include <map>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_gui_gui_test {

using namespace kring::gui_test;

namespace {

//------------------------------------------------------------------------------
// The workshop: a session of stoplicht-visie with five participants and known answers.

struct workshop : live_session {
    std::string announced_url; // session.join_url of the welcome, if the server announces one

    workshop() : live_session("stoplicht-visie", 5) {
        announced_url = welcome["session"].value("join_url", "");
    }

    void control(const std::string& action) { live_session::control(action, "visie"); }

    void answer(std::size_t who, const std::string& item, const std::string& value,
                const std::string& comment = {}) {
        live_session::answer(who, "visie", value, item, comment);
    }

    /**
     * The four statements of visie (its questions with Kring's rating statements):
     * visie-03: 4 green 1 red; visie-04: 2 green 1 orange 2 red (the most disputed);
     * visie-05: 3 orange 2 green; visie-06: 3 red 1 green 1 pass. Two comments, one with
     * markup and format characters.
     */
    void answer_pattern() {
        const char* pattern[][5] = {
            {"green", "green", "green", "green", "red"},
            {"green", "green", "orange", "red", "red"},
            {"orange", "orange", "orange", "green", "green"},
            {"red", "red", "red", "green", "pass"},
        };
        for (std::size_t item = 0; item < 4; ++item)
            for (std::size_t who = 0; who < 5; ++who) {
                const std::string id = "visie-0" + std::to_string(item + 3);
                std::string comment;
                if (item == 1 && who == 3)
                    comment = "We praten er te weinig over — <b>echt</b> %s %n {}";
                if (item == 0 && who == 4)
                    comment = "Ouders vinden ‘ontmoeten’ een vaag woord.";
                answer(who, id, pattern[item][who], comment);
            }
    }

    /** Writes the client.json a facilitator client would have written for this session. */
    void write_config(const fs::path& config_home, const std::string& secret_to_store,
                      bool as_last) const {
        json sessions = {{code,
                          {{"secret", secret_to_store},
                           {"server", server_arg()},
                           {"title", "Stoplichtspel: visie"}}}};
        json last = as_last ? json{{server_arg(), code}} : json::object();
        json j = {{"facilitator", {{"sessions", sessions}, {"last", last}}},
                  {"participant", {{"tokens", json::object()}}}};
        std::ofstream(config_home / "kring" / "client.json") << j.dump(2);
    }
};

bool have_zbarimg() {
    return run("command -v zbarimg > /dev/null 2>&1") == 0;
}

} // namespace

//------------------------------------------------------------------------------

TEST_CASE("projector join screen shows the code and a QR code of the join URL") {
    workshop w;
    w.control("goto");

    const fs::path png = shots_dir() / "projector-join.png";
    REQUIRE(run_client({"--mode", "projector", "--server", w.server_arg(), "--code", w.code}, png,
                       fresh_config_home("projector-join")) == 0);
    const image img = load_png(png);
    REQUIRE(img.w == width);
    REQUIRE(img.h == height);

    // Before the reveal, nothing of the result is on the room's screen.
    CHECK(img.count(green) < 50);
    CHECK(img.count(red) < 50);
    // The QR code is there: plenty of pure black and white.
    CHECK(img.count({0, 0, 0}) > 20000);
    CHECK(img.count({255, 255, 255}) > 20000);

    // The QR code decodes to the join URL (zbar-tools is a test dependency: fail, not skip).
    REQUIRE_MESSAGE(have_zbarimg(), "zbarimg (zbar-tools) is needed to check the QR code");
    std::string decoded = capture("zbarimg --raw -q " + quote(png.string()) + " 2>/dev/null");
    while (!decoded.empty() && (decoded.back() == '\n' || decoded.back() == '\r'))
        decoded.pop_back();
    // The server's own LAN address when it announces one (`session.join_url`), else the
    // address the client connected to.
    const std::string expected =
        !w.announced_url.empty()
            ? w.announced_url
            : "http://127.0.0.1:" + std::to_string(w.server.port()) + "/" + w.code;
    CHECK(decoded == expected);

    // --join-url replaces the address the QR code points to.
    const fs::path png2 = shots_dir() / "projector-join-url.png";
    REQUIRE(run_client({"--mode", "projector", "--server", w.server_arg(), "--code", w.code,
                        "--lang", "en", "--join-url", "http://kring.local:8080"},
                       png2, fresh_config_home("projector-join-url")) == 0);
    decoded = capture("zbarimg --raw -q " + quote(png2.string()) + " 2>/dev/null");
    while (!decoded.empty() && (decoded.back() == '\n' || decoded.back() == '\r'))
        decoded.pop_back();
    CHECK(decoded == "http://kring.local:8080/" + w.code);
}

namespace {

/** The image as someone with deuteranopia sees it (Viénot, Brettel and Mollon 1999). */
image deuteranopia(const image& in) {
    auto lin = [](int c) {
        const double v = c / 255.0;
        return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    auto srgb = [](double v) {
        v = std::clamp(v, 0.0, 1.0);
        v = v <= 0.0031308 ? v * 12.92 : 1.055 * std::pow(v, 1 / 2.4) - 0.055;
        return static_cast<unsigned char>(std::lround(v * 255));
    };
    image out = in;
    for (std::size_t i = 0; i + 3 < in.px.size(); i += 4) {
        const double r = lin(in.px[i]), g = lin(in.px[i + 1]), b = lin(in.px[i + 2]);
        out.px[i] = srgb(0.29275 * r + 0.70725 * g);
        out.px[i + 1] = srgb(0.29275 * r + 0.70725 * g);
        out.px[i + 2] = srgb(-0.02234 * r + 0.02234 * g + b);
    }
    return out;
}

/** The shape of the white mark at the left of a bar segment: fill, left-right, top-bottom. */
struct mark_shape {
    double fill = 0, left = 0, bottom = 0;
    int n = 0;
};
mark_shape mark_in(const image& img, int x0, int x1, int y0, int y1) {
    // Pure white only: the paper-coloured gaps and corners (#f7f5f0) are not the mark.
    auto white = [&](int x, int y) { return img.is(x, y, {255, 255, 255}, 6); };
    // The mark: the first run of columns with white in them, from the left.
    int a = -1, b = -1;
    for (int x = x0; x < x1; ++x) {
        bool any = false;
        for (int y = y0; y < y1 && !any; ++y)
            any = white(x, y);
        if (any && a < 0)
            a = x;
        if (!any && a >= 0) {
            b = x;
            break;
        }
    }
    mark_shape m;
    if (a < 0 || b < 0)
        return m;
    int top = y1, bot = y0;
    for (int x = a; x < b; ++x)
        for (int y = y0; y < y1; ++y)
            if (white(x, y)) {
                top = std::min(top, y);
                bot = std::max(bot, y);
                ++m.n;
            }
    const double cx = (a + b - 1) / 2.0, cy = (top + bot) / 2.0;
    int l = 0, r = 0, up = 0, down = 0;
    for (int x = a; x < b; ++x)
        for (int y = top; y <= bot; ++y)
            if (white(x, y)) {
                l += x < cx;
                r += x > cx;
                up += y < cy;
                down += y > cy;
            }
    m.fill = m.n / static_cast<double>((b - a) * (bot - top + 1));
    m.left = (l - r) / static_cast<double>(std::max(1, m.n));
    m.bottom = (down - up) / static_cast<double>(std::max(1, m.n));
    return m;
}

/**
 * One visual language, also without colour: through a deuteranopia filter the three
 * answers' segments of the bar whose top row is `top` are still told apart by the table's
 * shapes (disc, half disc, triangle). Writes the filtered picture as
 * projector-deuteranopia.png.
 */
void check_colour_blind(const image& img, int top) {
    const image seen = deuteranopia(img);
    stbi_write_png((shots_dir() / "projector-deuteranopia.png").c_str(), seen.w, seen.h, 4,
                   seen.px.data(), seen.w * 4);
    // Colour alone would not do: green and red come out close to each other.
    auto filtered = [&](rgb c) {
        image one;
        one.w = one.h = 1;
        one.px = {static_cast<unsigned char>(c.r), static_cast<unsigned char>(c.g),
                  static_cast<unsigned char>(c.b), 255};
        const image f = deuteranopia(one);
        return rgb{f.px[0], f.px[1], f.px[2]};
    };
    MESSAGE("green vs red: " << distance(green, red) << " apart, through the filter "
                             << distance(filtered(green), filtered(red)));
    CHECK(distance(filtered(green), filtered(red)) < distance(green, red) / 2);

    // The top bar's segments in the unfiltered image.
    struct seg {
        rgb c;
        int x0 = -1, x1 = -1;
    };
    seg segs[] = {{green}, {orange}, {red}};
    for (seg& sg : segs)
        for (int x = img.w / 2; x < img.w; ++x)
            if (img.is(x, top + 2, sg.c)) {
                sg.x0 = sg.x0 < 0 ? x : sg.x0;
                sg.x1 = x + 1;
            }
    for (const seg& sg : segs)
        REQUIRE(sg.x0 >= 0);
    int bottom = top;
    const int probe_x = (segs[0].x0 + segs[0].x1) / 2;
    while (bottom + 1 < img.h && img.is(probe_x, bottom + 1, green))
        ++bottom;
    MESSAGE("bar rows " << top << ".." << bottom << ", segments " << segs[0].x0 << "-" << segs[0].x1
                        << ", " << segs[1].x0 << "-" << segs[1].x1 << ", " << segs[2].x0 << "-"
                        << segs[2].x1);
    // The marks, read from the filtered image.
    // Inside each segment, away from its rounded corners and the gap before it.
    const int inset = (bottom - top) / 6;
    auto mark_of = [&](const seg& sg) {
        return mark_in(seen, sg.x0 + 3, sg.x1 - 3, top + inset, bottom + 1 - inset);
    };
    const mark_shape disc = mark_of(segs[0]);
    const mark_shape half = mark_of(segs[1]);
    const mark_shape tri = mark_of(segs[2]);
    MESSAGE("disc fill " << disc.fill << " left " << disc.left << " bottom " << disc.bottom
                         << "; half disc fill " << half.fill << " left " << half.left
                         << "; triangle fill " << tri.fill << " bottom " << tri.bottom);
    REQUIRE(disc.n > 30);
    REQUIRE(half.n > 30);
    REQUIRE(tri.n > 30);
    // A disc: full and even; a half disc: heavier on its left; a triangle: heavier at the
    // bottom and emptier than a disc.
    CHECK(disc.fill > 0.7);
    CHECK(std::abs(disc.left) < 0.1);
    CHECK(std::abs(disc.bottom) < 0.1);
    CHECK(half.left > 0.15);
    CHECK(tri.bottom > 0.1);
    CHECK(tri.fill < disc.fill - 0.1);
}

} // namespace

TEST_CASE("projector shows revealed results as stacked bars, most disputed first, told apart "
          "by shape also through a deuteranopia filter") {
    workshop w;
    w.control("open");
    w.answer_pattern();
    w.control("close");
    w.control("reveal");

    const fs::path png = shots_dir() / "projector-results.png";
    REQUIRE(run_client({"--mode", "projector", "--server", w.server_arg(), "--code", w.code}, png,
                       fresh_config_home("projector-results")) == 0);
    const image img = load_png(png);
    REQUIRE(img.w == width);
    REQUIRE(img.h == height);

    // Substantial areas of all three colours.
    const int g = img.count(green), o = img.count(orange), r = img.count(red);
    MESSAGE("green " << g << ", orange " << o << ", red " << r << " pixels");
    // Statement text stays at 3.5 % of the height or more: three of the four statements fit on
    // the first page at 1280x800 (the one orange answer is among them).
    CHECK(g > 20000);
    CHECK(o > 3000);
    CHECK(r > 12000);

    // The top bar row is visie-04 (2 green, 1 orange, 2 red: the largest spread); it holds
    // all three colours, in the order green, orange, red from left to right.
    // A bar row holds a long stretch of colour; the legend's icons are short.
    int top = -1;
    for (int y = 0; y < img.h && top < 0; ++y) {
        int gn = 0, on = 0, rn = 0;
        for (int x = 0; x < img.w; ++x) {
            gn += img.is(x, y, green);
            on += img.is(x, y, orange);
            rn += img.is(x, y, red);
        }
        if (gn + on + rn > 300)
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
    CHECK(first_green >= 0);
    CHECK(first_orange > first_green);
    CHECK(first_red > first_orange);
    check_colour_blind(img, top);

    // A participant who joins now sees the same result on their own screen.
    const fs::path png_p = shots_dir() / "participant-results.png";
    REQUIRE(run_client({"--mode", "participant", "--server", w.server_arg(), "--code", w.code},
                       png_p, fresh_config_home("participant-results")) == 0);
    const image pimg = load_png(png_p);
    CHECK(pimg.count(green) > 5000);
    CHECK(pimg.count(orange) > 2000);
    CHECK(pimg.count(red) > 3000);

    // Scaled to a full-HD beamer, in English.
    const fs::path png_en = shots_dir() / "projector-results-en.png";
    CHECK(run_client({"--mode", "projector", "--server", w.server_arg(), "--code", w.code, "--lang",
                      "en", "--width", "1920", "--height", "1080"},
                     png_en, fresh_config_home("projector-results-en")) == 0);
}

TEST_CASE("facilitator console rejoins with the remembered secret and sees live results") {
    workshop w;
    w.control("open");
    w.answer_pattern();
    w.control("close"); // closed, not revealed: only the facilitator may see the results

    SUBCASE("with --code") {
        const fs::path home = fresh_config_home("facilitator-code");
        w.write_config(home, w.secret, false);
        const fs::path png = shots_dir() / "facilitator.png";
        REQUIRE(run_client({"--mode", "facilitator", "--server", w.server_arg(), "--code", w.code},
                           png, home) == 0);
        const image img = load_png(png);
        REQUIRE(img.w == width);
        // Live results are only sent to a joined facilitator: their colours prove the rejoin.
        CHECK(img.count(green) > 3000);
        CHECK(img.count(orange) > 1000);
        CHECK(img.count(red) > 3000);
        // The remembered session is still remembered.
        const json cfg = json::parse(slurp(home / "kring" / "client.json"));
        CHECK(cfg["facilitator"]["sessions"][w.code]["secret"] == w.secret);
    }
    SUBCASE("a restarted console returns to the last session by itself") {
        const fs::path home = fresh_config_home("facilitator-last");
        w.write_config(home, w.secret, true);
        const fs::path png = shots_dir() / "facilitator-last.png";
        REQUIRE(run_client({"--server", w.server_arg()}, png, home) == 0);
        const image img = load_png(png);
        CHECK(img.count(green) > 3000);
        CHECK(img.count(red) > 3000);
    }
    SUBCASE("a wrong secret is refused, forgotten, and the template list is shown") {
        const fs::path home = fresh_config_home("facilitator-wrong");
        w.write_config(home, "not-the-secret", true);
        const fs::path png = shots_dir() / "facilitator-wrong-secret.png";
        REQUIRE(run_client({"--server", w.server_arg()}, png, home) == 0);
        const image img = load_png(png);
        CHECK(img.count(green) <
              500); // no results of a session it may not steer (the status dot is green)
        const json cfg = json::parse(slurp(home / "kring" / "client.json"));
        CHECK_FALSE(cfg["facilitator"]["sessions"].contains(w.code));
    }
}

TEST_CASE("participant client joins, remembers its resume token and shows the open step") {
    workshop w;
    w.control("open");
    w.answer_pattern();

    const fs::path home = fresh_config_home("participant");
    const fs::path png = shots_dir() / "participant.png";
    REQUIRE(run_client({"--mode", "participant", "--server", w.server_arg(), "--code", w.code}, png,
                       home) == 0);
    const image img = load_png(png);
    REQUIRE(img.w == width);

    const json cfg = json::parse(slurp(home / "kring" / "client.json"));
    const std::string token = cfg["participant"]["tokens"].value(w.code, "");
    CHECK(token.size() > 8);

    // The server counts a sixth participant.
    json v = w.facilitator.recv_until(
        [](const json& m) { return m["type"] == "view" && m["joined"] == 6; },
        std::chrono::seconds(10));
    CHECK(v["joined"] == 6);

    // Run again with the same config: the same person comes back (still 6 joined).
    const fs::path png2 = shots_dir() / "participant-again.png";
    REQUIRE(run_client({"--mode", "participant", "--server", w.server_arg(), "--code", w.code,
                        "--lang", "en"},
                       png2, home) == 0);
    ws_client probe(w.server.port());
    json welcome = probe.request(
        {{"type", "join"}, {"protocol_version", 1}, {"code", w.code}, {"role", "projector"}});
    REQUIRE(welcome["type"] == "welcome");
    json pv = probe.recv_until([](const json& m) { return m["type"] == "view"; });
    CHECK(pv["joined"] == 6);
}

TEST_CASE("an unknown join code gives a friendly message, not a crash") {
    server_process server;
    const std::string srv = "127.0.0.1:" + std::to_string(server.port());
    // Exit code 4: the server refused the join and the client rendered the message.
    const fs::path png = shots_dir() / "projector-unknown-code.png";
    CHECK(run_client({"--mode", "projector", "--server", srv, "--code", "ZZZ-ZZZ"}, png,
                     fresh_config_home("projector-unknown")) == 4);
    CHECK(load_png(png).w == width);
    CHECK(load_png(png).count(red) > 300); // the message is written in red

    const fs::path png2 = shots_dir() / "participant-unknown-code.png";
    CHECK(run_client({"--mode", "participant", "--server", srv, "--code", "ZZZZZZ", "--lang", "en"},
                     png2, fresh_config_home("participant-unknown")) == 4);
    CHECK(load_png(png2).w == width);
}

TEST_CASE("projector: the QR code and the printed address follow the server's announced join URL") {
    live_session s("ontmoeten-is", 0, {"--public-url", "http://kring.test:8080"});
    const std::string announced = s.welcome["session"].value("join_url", "");
    REQUIRE(announced == "http://kring.test:8080/" + s.code);
    s.projector("projector-announced-url");
    REQUIRE_MESSAGE(have_zbarimg(), "zbarimg (zbar-tools) is needed to check the QR code");
    std::string decoded =
        capture("zbarimg --raw -q " +
                quote((shots_dir() / "projector-announced-url.png").string()) + " 2>/dev/null");
    while (!decoded.empty() && (decoded.back() == '\n' || decoded.back() == '\r'))
        decoded.pop_back();
    CHECK(decoded == announced);
}

TEST_CASE("scale: distribution bars per question with the median") {
    live_session s("evaluatie", 4);
    const json& step = s.step("vragen");
    REQUIRE(step["kind"] == "scale");
    s.control("open", "vragen");
    // Everyone answers every question with 2 or 5: two columns per row, median 3.5.
    const int values[] = {2, 2, 5, 5};
    for (std::size_t who = 0; who < 4; ++who)
        for (const json& it : step["items"])
            s.answer(who, "vragen", values[who], it["id"].get<std::string>());
    s.control("close", "vragen");
    s.control("reveal", "vragen");
    const json res = s.result("vragen");
    CHECK(res["items"][0]["median"].get<double>() == doctest::Approx(3.5));

    const image img = s.projector("kind-scale");
    // The bars are accent blue and stand in exactly two columns (values 2 and 5), the
    // second three value-slots right of the first.
    std::vector<int> cols(static_cast<std::size_t>(img.w), 0);
    for (int x = 0; x < img.w; ++x)
        cols[static_cast<std::size_t>(x)] = img.count_in(accent, x, body_top, x + 1, img.h - 40);
    std::vector<std::pair<int, int>> clusters; // [first x, last x]
    for (int x = 0; x < img.w; ++x)
        if (cols[static_cast<std::size_t>(x)] > 20) {
            if (clusters.empty() || x > clusters.back().second + 3)
                clusters.push_back({x, x});
            else
                clusters.back().second = x;
        }
    MESSAGE("accent columns: " << clusters.size());
    REQUIRE(clusters.size() == 2);
    const int c0 = (clusters[0].first + clusters[0].second) / 2,
              c1 = (clusters[1].first + clusters[1].second) / 2;
    const int w0 = clusters[0].second - clusters[0].first;
    CHECK(c1 - c0 > 3 * w0); // three slots apart, a bar is 62 % of a slot
    CHECK(img.count_in(accent, 0, body_top, img.w, img.h) > 4000);
}

TEST_CASE("choice: bars per option under the case title, pass apart") {
    live_session s("casussen", 5);
    const json& step = s.step("casus-1");
    REQUIRE(step["kind"] == "choice");
    const std::string a = step["options"][0]["id"], b = step["options"][1]["id"];
    s.control("open", "casus-1");
    s.answer(0, "casus-1", a, {}, "Eerst contact maken.");
    s.answer(1, "casus-1", a);
    s.answer(2, "casus-1", a);
    s.answer(3, "casus-1", b, {}, "Rust geven.");
    s.answer(4, "casus-1", "pass");
    s.control("close", "casus-1");
    s.control("reveal", "casus-1");

    const image img = s.projector("kind-choice");
    // Two filled bars (3 and 1; the options nobody chose have none), in content order, the
    // first three times as long as the second.
    const auto found = bars(img.row_counts(accent, 0, img.w, body_top), 20);
    REQUIRE(found.size() == 2);
    CHECK(found[0].first < found[1].first);
    const double ratio =
        static_cast<double>(found[0].second) / static_cast<double>(found[1].second);
    MESSAGE("bar lengths " << found[0].second << " and " << found[1].second);
    CHECK(ratio == doctest::Approx(3.0).epsilon(0.15));

    // Reasons on demand (R on the projector; --show reasons here): no bars, the reasons as cards.
    const image why = s.projector("kind-choice-reasons", {"--show", "reasons"});
    CHECK(bars(why.row_counts(accent, 0, why.w, body_top), 20).empty());
    CHECK(why.components(accent_light, 0, body_top, why.w, why.h).size() >= 2);
}

TEST_CASE(
    "image_choice: a gallery of the chosen images, fetched from the server, most chosen first") {
    live_session s("dromen-met-beelden", 5);
    const json& step = s.step("beeld");
    REQUIRE(step["kind"] == "image_choice");
    const json& images = step["images"];
    REQUIRE(images.size() >= 4);
    s.control("open", "beeld");
    const std::string first = images[0]["id"], second = images[1]["id"];
    for (std::size_t who = 0; who < 3; ++who)
        s.answer(who, "beeld", json::array({first}), {}, "Samen aan tafel.");
    s.answer(3, "beeld", json::array({second}));
    s.answer(4, "beeld", "pass");
    s.control("close", "beeld");
    s.control("reveal", "beeld");

    // The dominant colour of each image, from the same files the client fetches.
    std::vector<rgb> dominant;
    std::vector<std::string> files;
    for (const json& im : images) {
        const auto r = kring::test::http_get(s.server.port(), im["url"].get<std::string>());
        REQUIRE_MESSAGE(r.status == 200, im["url"]);
        dominant.push_back(dominant_color(r.body));
        files.push_back(r.body);
    }
    // How often a colour occurs in an image file (to find a colour only an unchosen image has).
    auto occurs_in = [](const std::string& png_bytes, rgb c) {
        int w = 0, h = 0, n = 0, hits = 0;
        unsigned char* d =
            stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png_bytes.data()),
                                  static_cast<int>(png_bytes.size()), &w, &h, &n, 3);
        for (int i = 0; d && i < w * h; ++i)
            hits += distance({d[i * 3], d[i * 3 + 1], d[i * 3 + 2]}, c) <= 6;
        stbi_image_free(d);
        return hits;
    };
    const image img = s.projector("kind-image-choice");
    const int n_first = img.count_in(dominant[0], 0, body_top, img.w, img.h, 3);
    const int n_second = img.count_in(dominant[1], 0, body_top, img.w, img.h, 3);
    MESSAGE("dominant colours found: " << n_first << " and " << n_second);
    CHECK(n_first > 5000);
    CHECK(n_second > 5000);
    // The most chosen image comes first: its colour's centre of mass lies left of the second's.
    auto mean_x = [&](rgb c) {
        long sum = 0, n = 0;
        for (int y = body_top; y < img.h; ++y)
            for (int x = 0; x < img.w; ++x)
                if (img.is(x, y, c, 3)) {
                    sum += x;
                    ++n;
                }
        return n ? sum / n : -1;
    };
    if (distance(dominant[0], dominant[1]) > 12)
        CHECK(mean_x(dominant[0]) < mean_x(dominant[1]));
    // An image nobody chose, with a colour of its own, is not on the screen.
    bool checked_absent = false;
    for (std::size_t i = 2; i < dominant.size() && !checked_absent; ++i)
        if (occurs_in(files[0], dominant[i]) == 0 && occurs_in(files[1], dominant[i]) == 0 &&
            distance(dominant[i], {0xf7, 0xf5, 0xf0}) > 20 && distance(dominant[i], accent) > 20 &&
            distance(dominant[i], {0xff, 0xff, 0xff}) > 20) {
            CHECK_MESSAGE(img.count_in(dominant[i], 0, body_top, img.w, img.h, 3) < 300,
                          images[i]["id"]);
            checked_absent = true;
        }
    CHECK(checked_absent);
    // Count badges (accent discs) on the two tiles.
    CHECK(img.components(accent, 0, body_top, img.w, img.h).size() >= 2);

    // Reasons on demand, and the participant's screen with the whole deck.
    const image why = s.projector("kind-image-choice-reasons", {"--show", "reasons"});
    CHECK(why.count_in(dominant[0], 0, body_top, why.w, why.h, 3) > 1000);
    const fs::path png = shots_dir() / "kind-image-choice-participant.png";
    REQUIRE(run_client({"--mode", "participant", "--server", s.server_arg(), "--code", s.code}, png,
                       fresh_config_home("kind-image-choice-participant")) == 0);
    const image part = load_png(png);
    CHECK(part.count_in(dominant[0], 0, 0, part.w, part.h, 3) > 1000);
}

TEST_CASE("open_text: word cloud and card wall, hidden cards never reach the projector, merged "
          "ones count as one") {
    live_session s("ontmoeten-is", 4);
    REQUIRE(s.step("ontmoeten-is")["kind"] == "open_text");
    s.control("open", "ontmoeten-is");
    s.answer(0, "ontmoeten-is",
             json::array({"samen koffie drinken", "een glimlach bij het brengen"}));
    s.answer(1, "ontmoeten-is",
             json::array({"samen spelen en samen praten", "luisteren naar ouders"}));
    s.answer(2, "ontmoeten-is",
             json::array({"samen koffie drinken met buren", "Jan is vervelend"}));
    s.answer(3, "ontmoeten-is", json::array({"tijd maken voor elkaar"}));
    // The facilitator hides the card with a name and merges the two about coffee.
    json res = s.result("ontmoeten-is");
    std::map<std::string, std::string> id_of;
    for (const json& c : res["cards"])
        id_of[c["text"].get<std::string>()] = c["card"].get<std::string>();
    const std::size_t cards_before = res["cards"].size();
    REQUIRE(cards_before == 7);
    s.control("hide_card", "ontmoeten-is", {{"card", id_of.at("Jan is vervelend")}});
    s.control("merge_cards", "ontmoeten-is",
              {{"card", id_of.at("samen koffie drinken")},
               {"cards", json::array({id_of.at("samen koffie drinken met buren")})}});
    s.control("close", "ontmoeten-is");
    s.control("reveal", "ontmoeten-is");

    const image cloud = s.projector("kind-open-text-cloud");
    // The most frequent term ("samen") in the first colour, further terms in the others.
    CHECK(cloud.count_in(accent, 0, body_top, cloud.w, cloud.h) > 1500);
    CHECK(cloud.count_in(cloud_teal, 0, body_top, cloud.w, cloud.h) > 300);
    CHECK(cloud.count_in(cloud_plum, 0, body_top, cloud.w, cloud.h) > 300);

    // The card wall: one pale-blue edge per card; 7 cards, one hidden, two merged into one.
    const image wall = s.projector("kind-open-text-cards", {"--show", "cards"});
    const auto edges = wall.components(accent_light, 0, body_top, wall.w, wall.h);
    std::size_t n = 0;
    for (int sz : edges)
        n += sz > 200;
    CHECK(n == 5);

    // The console shows the live cloud and every card, the hidden one marked, to moderate.
    CHECK(s.console("kind-open-text-facilitator").count_in(accent, 0, 0, width, height) > 800);
}

TEST_CASE("dot_vote: the building blocks ranked by dots") {
    live_session s("bouwstenen", 4);
    REQUIRE(s.step("bouwstenen")["kind"] == "dot_vote");
    s.control("open", "bouwstenen");
    // The options are fixed on open: the six building blocks.
    json options;
    const json v = s.view();
    for (const json& st : v["steps"])
        if (st["id"] == "bouwstenen")
            options = st.value("options", json::array());
    REQUIRE_MESSAGE(options.size() == 6, v["steps"].dump());
    const std::string top = options[2]["id"], other = options[4]["id"];
    for (std::size_t who = 0; who < 3; ++who)
        s.answer(who, "bouwstenen", json{{top, 2}, {other, 1}});
    s.answer(3, "bouwstenen", json{{top, 3}});
    s.control("close", "bouwstenen");
    s.control("reveal", "bouwstenen");
    const json res = s.result("bouwstenen");
    REQUIRE(res["options"][0]["option"] == top);
    CHECK(res["options"][0]["dots"] == 9);

    const image img = s.projector("kind-dot-vote");
    // Rank 1 (9 dots) is the full accent bar, on top; rank 2 (3 dots) a third of it, lighter.
    const auto dark = bars(img.row_counts(accent, img.w / 3, img.w, body_top), 40);
    const auto light = bars(img.row_counts(accent_light, img.w / 3, img.w, body_top), 20);
    REQUIRE(dark.size() == 1);
    REQUIRE(!light.empty());
    CHECK(dark[0].first < light[0].first);
    const double ratio = static_cast<double>(dark[0].second) / static_cast<double>(light[0].second);
    MESSAGE("bars " << dark[0].second << " and " << light[0].second);
    CHECK(ratio > 2.2);
    CHECK(ratio < 3.8);
}

TEST_CASE("inventory: the kinds x target groups matrix with its gaps hatched and named") {
    live_session s("inkaart", 3);
    const json& step = s.step("aanbod");
    REQUIRE(step["kind"] == "inventory");
    const json& kinds = step["offer_kinds"];
    const json& groups = step["target_groups"];
    REQUIRE(kinds.size() >= 2);
    REQUIRE(groups.size() >= 2);
    s.control("open", "aanbod");
    auto entry = [&](const std::string& name, std::size_t k, std::vector<std::size_t> g) {
        json fam = json::array();
        for (std::size_t i : g)
            fam.push_back(groups[i]["id"]);
        return json{{"name", name},
                    {"kind", kinds[k]["id"]},
                    {"place", "Wijkhuis"},
                    {"families", fam},
                    {"goals", ""}};
    };
    s.answer(0, "aanbod", json::array({entry("Speelotheek", 0, {0, 1})}));
    s.answer(1, "aanbod", json::array({entry("Babycafé", 0, {0}), entry("KOALA-groep", 1, {1})}));
    s.answer(2, "aanbod", json::array({entry("Praatcafé", 0, {0})}));
    s.control("close", "aanbod");
    s.control("reveal", "aanbod");
    const json res = s.result("aanbod");
    REQUIRE(res["matrix"]["counts"][0][0] == 3);
    const std::size_t cells = kinds.size() * groups.size();
    REQUIRE(res["gaps"].size() == cells - 3);

    const image img = s.projector("kind-inventory");
    // The fullest cell (3 offers) is solid accent; the gaps are pale red, hatched.
    CHECK(img.count_in(accent, 0, body_top, img.w, img.h, 4) > 1500);
    const int pale = img.count_in(gap_bg, 0, body_top, img.w, img.h, 4);
    const int hatch = img.count_in({0xed, 0xb4, 0xae}, 0, body_top, img.w, img.h, 10);
    MESSAGE("gap pixels " << pale << ", hatching " << hatch);
    CHECK(pale > static_cast<int>(cells - 3) * 600);
    CHECK(hatch > static_cast<int>(cells - 3) * 60);
    // The legend repeats the pattern beside the word: one more hatched patch, bottom left
    // (left of the matrix, where no cell is).
    CHECK(img.count_in(gap_bg, 0, img.h * 2 / 3, 100, img.h, 4) > 200);
    // Under it, in the gap colour, the gaps the server names (`unreached`, `unnamed`): the
    // families nobody reaches and the kinds nobody named, left of where the cells start.
    REQUIRE(res["unreached"].size() == groups.size() - 2);
    CHECK(img.count_in(gap_ink, 0, img.h * 2 / 3, img.w / 4, img.h, 16) > 400);
}

TEST_CASE("action_plan: the list of actions, a hidden action stays off the projector") {
    live_session s("acties", 3);
    REQUIRE(s.step("acties")["kind"] == "action_plan");
    s.control("open", "acties");
    s.answer(
        0, "acties",
        json::array({{{"what", "Koffiehoek bij de ingang"}, {"who", "Sara"}, {"when", "maart"}},
                     {{"what", "Welkomstbord in vijf talen"}, {"who", ""}, {"when", ""}}}));
    s.answer(1, "acties",
             json::array({{{"what", "Vaders apart uitnodigen"}, {"who", "Tom"}, {"when", "april"}},
                          {{"what", "Iets met Jan"},
                           {
                               "who",
                               "",
                           },
                           {"when", ""}}}));
    s.answer(2, "acties",
             json::array(
                 {{{"what", "Evaluatie na drie maanden"}, {"who", "coördinator"}, {"when", "juni"}},
                  {{"what", "Speelmat vernieuwen"}, {"who", ""}, {"when", "mei"}}}));
    json res = s.result("acties");
    REQUIRE(res["actions"].size() == 6);
    for (const json& a : res["actions"])
        if (a["what"] == "Iets met Jan")
            s.control("hide_card", "acties", {{"card", a["card"]}});
    s.control("close", "acties");
    s.control("reveal", "acties");

    const image img = s.projector("kind-action-plan");
    // One numbered accent disc per visible action, down the left edge.
    std::size_t badges = 0;
    for (int sz : img.components(accent, 0, body_top, 140, img.h, 6))
        badges += sz > 150;
    CHECK(badges == 5);
}

TEST_CASE("projector: while a step waits, its scene-setting intro stands under its title") {
    live_session s("volledige-workshop", 1);
    // The first step carries the wegwijzer's opening and the mapping's intro; the second none.
    s.control("goto", "aanbod");
    const image with = s.projector("projector-intro");
    s.control("goto", "gaten");
    const image without = s.projector("projector-no-intro");
    // Muted text in the left column, below the code and the step's title.
    const rgb muted{0x5f, 0x64, 0x6d};
    const int x1 = with.w / 2, y0 = with.h / 2;
    const int a = with.count_in(muted, 0, y0, x1, with.h, 30);
    const int b = without.count_in(muted, 0, y0, x1, without.h, 30);
    MESSAGE("muted text pixels: " << a << " with the intro, " << b << " without");
    CHECK(a > 2 * b + 1000);
}

TEST_CASE("projector: a theme round's heading stands above its questions, which stay together") {
    live_session s("verder-bouwen", 3);
    const std::string step = "experimenteer-met-de-ruimte";
    s.control("open", step);
    // -02..-05 hang under the heading -01; -06 stands alone and is disputed, but -03 under
    // the heading is disputed more: the heading's block comes first.
    const std::map<std::string, std::vector<std::string>> votes = {
        {step + "-02", {"green", "green", "green"}},
        {step + "-03", {"green", "red", "red"}},
        {step + "-04", {"green", "green", "orange"}},
        {step + "-05", {"orange", "orange", "orange"}},
        {step + "-06", {"green", "orange", "red"}}};
    for (const auto& [item, v] : votes)
        for (std::size_t who = 0; who < 3; ++who)
            s.answer(who, step, v[who], item);
    s.control("close", step);
    s.control("reveal", step);
    const image img = s.projector("projector-heading");
    // The bars: one row per statement, five.
    std::vector<int> coloured = img.row_counts(green, img.w / 2, img.w, body_top);
    for (const rgb& c : {orange, red}) {
        const std::vector<int> more = img.row_counts(c, img.w / 2, img.w, body_top);
        for (std::size_t y = 0; y < coloured.size(); ++y)
            coloured[y] += more[y];
    }
    // The first page starts with the heading's statements (text at 3.5 % of the height or
    // more: two of them fit at 1280x800; the facilitator turns the pages).
    CHECK(bars(coloured, 100).size() >= 2);
    // The text column: the heading starts at the margin, its statements indented under it.
    const rgb ink{0x22, 0x25, 0x2b};
    int first_bar = img.h;
    for (int y = body_top; y < img.h && first_bar == img.h; ++y)
        if (img.count_in(green, img.w / 2, y, img.w, y + 1) +
                img.count_in(red, img.w / 2, y, img.w, y + 1) +
                img.count_in(orange, img.w / 2, y, img.w, y + 1) >
            100)
            first_bar = y;
    REQUIRE(first_bar < img.h);
    auto leftmost_ink = [&](int y0, int y1) {
        int best = img.w;
        for (int y = y0; y < y1; ++y)
            for (int x = 0; x < img.w / 2; ++x)
                if (img.is(x, y, ink, 40)) {
                    best = std::min(best, x);
                    break;
                }
        return best;
    };
    // Above the first bar: the heading (and the first statement's first line).
    const int heading_x = leftmost_ink(body_top - 30, first_bar - 40);
    const int statement_x = leftmost_ink(first_bar - 10, first_bar + 40);
    MESSAGE("heading at x " << heading_x << ", statement at x " << statement_x);
    CHECK(heading_x < img.w);
    CHECK(statement_x > heading_x + 8);
}

TEST_CASE(
    "summary: per theme the verdict and the next building block, in the projector's language") {
    live_session s("volledige-workshop", 4);
    std::vector<std::string> themes;
    // The reflection themes: the traffic-light steps before the vote on the building blocks
    // (the blocks' own rounds come after it and are not in the summary).
    for (const json& st : s.welcome["session"]["steps"]) {
        if (st["id"] == "bouwstenen")
            break;
        if (st["kind"] == "traffic_light" && !st.value("theme", "").empty())
            themes.push_back(st["id"]);
    }
    REQUIRE(themes.size() == 6);
    for (const std::string& t : themes) {
        s.control("open", t);
        const json& items = s.step(t)["items"];
        for (std::size_t i = 0; i < items.size(); ++i)
            for (std::size_t who = 0; who < 4; ++who) {
                // The first theme all green (solid), the second all red (work first), the rest
                // mixed.
                std::string v = t == themes[0]       ? "green"
                                : t == themes[1]     ? "red"
                                : (who + i) % 3 == 0 ? "red"
                                                     : "green";
                s.answer(who, t, v, items[i]["id"].get<std::string>());
            }
        s.control("close", t);
        s.control("reveal", t);
    }
    const json summary = s.view()["summary"];
    REQUIRE(summary.size() == themes.size());
    CHECK(summary[0]["verdict"] == "solid");
    CHECK(summary[1]["verdict"] == "work_first");
    // After the reflection the facilitator goes to the building-block vote, not yet opened:
    // the room sees the summary.
    s.control("goto", "bouwstenen");
    const image nl = s.projector("summary");
    CHECK(nl.count({0, 0, 0}) < 2000); // not the join screen with its QR code
    CHECK(nl.count_in(green, 0, body_top, nl.w, nl.h) > 3000);
    CHECK(nl.count_in(red, 0, body_top, nl.w, nl.h) > 3000);
    // The verdict discs sit right of the bars: a green one (solid) and a red one (work first).
    CHECK(nl.count_in(green, nl.w * 3 / 5, body_top, nl.w * 3 / 4, nl.h) > 200);
    CHECK(nl.count_in(red, nl.w * 3 / 5, body_top, nl.w * 3 / 4, nl.h) > 300);

    // The facilitator switches the projector to English: the same screen, other words.
    s.control("set_lang", "", {{"lang", "en"}});
    const image en = s.projector("summary-en");
    int differ = 0;
    for (std::size_t i = 0; i < nl.px.size(); i += 4)
        differ += nl.px[i] != en.px[i];
    MESSAGE(differ << " pixels differ between nl and en");
    CHECK(differ > 3000);
    CHECK(en.count_in(green, 0, body_top, en.w, en.h) > 3000);

    // The facilitator's console, on the current step (the vote) with its guidance.
    CHECK(s.console("summary-facilitator").count_in(accent, 0, 0, width, height) > 500);
}
} // namespace kring_test_gui_gui_test
