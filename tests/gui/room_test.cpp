// GUI tests of running the room and the record (docs/protocol.md section 6): the projector in
// both themes, its timer, pause, withheld and comparison screens; the console with its notes,
// paper tallies and devices, the sessions library and the agenda editor; the export written
// by `kring --export` into a folder. A real kring-server, real WebSocket clients, the real
// client under Xvfb; screenshots in tests/gui/shots/ of the build tree.
#include "gui_support.hpp"
#include "kring/text.hpp"

#include <map>
#include <set>
#include <sstream>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_gui_room_test {

using namespace kring::gui_test;

namespace {

// The dark theme's paper (client/src/ui/widgets.cpp, set_theme).
constexpr rgb dark_paper{0x16, 0x1a, 0x21};
constexpr rgb light_paper{0xf7, 0xf5, 0xf0};

/** The most frequent colour of the screenshot: its background. */
rgb background(const image& img) {
    std::map<int, int> freq;
    for (std::size_t i = 0; i + 3 < img.px.size(); i += 4 * 7) // every 7th pixel is plenty
        ++freq[(img.px[i] << 16) | (img.px[i + 1] << 8) | img.px[i + 2]];
    auto best = std::max_element(freq.begin(), freq.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    return {best->first >> 16, (best->first >> 8) & 0xff, best->first & 0xff};
}

double luminance(rgb c) {
    return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
}

/** The visie step of stoplicht-visie: every participant answers every statement with `v(who)`. */
void answer_all(live_session& s, std::size_t people, const std::string& (*v)(std::size_t)) {
    const json& items = s.step("visie")["items"];
    for (std::size_t who = 0; who < people; ++who)
        for (const json& it : items)
            s.answer(who, "visie", v(who), it["id"].get<std::string>());
}

const std::string& mostly_green(std::size_t who) {
    static const std::string g = "green", o = "orange";
    return who == 0 ? o : g;
}

const std::string& mostly_red(std::size_t who) {
    static const std::string r = "red", o = "orange";
    return who == 0 ? o : r;
}

const std::string& green_then_red(std::size_t who) {
    static const std::string g = "green", r = "red";
    return who == 0 ? g : r;
}

const std::string& mixed(std::size_t who) {
    static const std::string v[] = {"green", "green", "orange", "red", "red"};
    return v[who % 5];
}

/** A revealed traffic-light result of five participants. */
void revealed_visie(live_session& s) {
    s.control("open", "visie");
    answer_all(s, 5, mixed);
    s.control("close", "visie");
    s.control("reveal", "visie");
}

/** The client.json of a console that facilitates `s` (with its secret). */
fs::path console_home(const live_session& s, const std::string& name,
                      const std::string& theme = "light") {
    const fs::path home = fresh_config_home(name);
    json sessions = {{s.code, {{"secret", s.secret}, {"server", s.server_arg()}, {"title", ""}}}};
    json cfg = {{"facilitator", {{"sessions", sessions}, {"last", json::object()}}},
                {"participant", {{"tokens", json::object()}}},
                {"settings", {{"theme", theme}, {"export_dir", ""}}}};
    std::ofstream(home / "kring" / "client.json") << cfg.dump(2);
    return home;
}

/**
 * Pixels of colour c in the lower right quarter, where the projector's timer stands on the join
 * screen: under the QR code, which makes room for it.
 */
int in_timer_corner(const image& img, rgb c) {
    return img.count_in(c, img.w / 2, img.h / 2, img.w, img.h, 6);
}

/**
 * The lines of a step's guide as the console draws them (docs/protocol.md: paragraphs separated
 * by a blank line, "- " starts a bullet), without the bullet's dash.
 */
std::vector<std::string> guide_lines(const std::string& guide) {
    std::vector<std::string> out;
    std::istringstream in(guide);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("- ", 0) == 0)
            line.erase(0, 2);
        if (!line.empty())
            out.push_back(line);
    }
    return out;
}

/**
 * A guide line's first four words and its last three: what the console's text must contain and
 * end with. Pictographs (the wegwijzer's 💡 and ⏭️, which the console writes as "Tip:" and an
 * arrow) are left out: the words start after them.
 */
std::pair<std::string, std::string> ends_of(const std::string& line) {
    std::vector<std::string> words;
    std::istringstream in(line);
    std::string w;
    while (in >> w) {
        const unsigned char c = static_cast<unsigned char>(w[0]);
        if (words.empty() && (c >= 0xF0 || w.rfind("\xE2\x8F\xAD", 0) == 0))
            continue; // a leading pictograph
        words.push_back(w);
    }
    auto join = [&](std::size_t from, std::size_t to) {
        std::string s;
        for (std::size_t i = from; i < to; ++i)
            s += (i > from ? " " : "") + words[i];
        return s;
    };
    const std::size_t n = words.size();
    return {join(0, std::min<std::size_t>(n, 4)), join(n - std::min<std::size_t>(n, 3), n)};
}

} // namespace

TEST_CASE("projector themes: light and dark backgrounds, the traffic-light bars in both") {
    live_session s("stoplicht-visie", 5);
    revealed_visie(s);

    const image light = s.projector("theme-light", {"--theme", "light"});
    const image dark = s.projector("theme-dark", {"--theme", "dark"});
    const rgb lb = background(light), db = background(dark);
    MESSAGE("backgrounds " << lb.r << "," << lb.g << "," << lb.b << " and " << db.r << "," << db.g
                           << "," << db.b);
    CHECK(distance(lb, light_paper) <= 3);
    CHECK(distance(db, dark_paper) <= 3);
    CHECK(luminance(lb) > 200);
    CHECK(luminance(db) < 40);
    // The bars keep their colours in both themes (with icon and word, never colour alone).
    for (const image* img : {&light, &dark}) {
        CHECK(img->count(green) > 15000);
        CHECK(img->count(orange) > 5000);
        CHECK(img->count(red) > 15000);
    }

    // Without --theme the projector takes the saved setting (the console's toggle writes it).
    const fs::path home = fresh_config_home("theme-saved");
    std::ofstream(home / "kring" / "client.json")
        << json{{"settings", {{"theme", "dark"}, {"export_dir", ""}}}}.dump();
    const fs::path png = shots_dir() / "theme-saved.png";
    REQUIRE(run_client({"--mode", "projector", "--server", s.server_arg(), "--code", s.code}, png,
                       home) == 0);
    CHECK(distance(background(load_png(png)), dark_paper) <= 3);

    // A bad value is refused on the command line.
    CHECK(run(quote(KRING_CLIENT_BIN) + " --theme purple > /dev/null 2>&1") == 64);
}

TEST_CASE("projector: the timer counts down large, the pause screen replaces everything") {
    live_session s("stoplicht-visie", 3);
    s.control("open", "visie");
    const image before = s.projector("timer-none");
    s.control("start_timer", "visie", {{"seconds", 300}, {"close", false}});
    const image timer = s.projector("timer-running");
    // The countdown box (accent, white digits) under the QR code.
    const int box = in_timer_corner(timer, accent), box_before = in_timer_corner(before, accent);
    MESSAGE("accent in the timer corner: " << box << " (before: " << box_before << ")");
    CHECK(box - box_before > 6000);
    // The QR code is untouched: it still decodes.
    REQUIRE_MESSAGE(run("command -v zbarimg > /dev/null 2>&1") == 0, "zbarimg is needed");
    CHECK(capture("zbarimg --raw -q " + quote((shots_dir() / "timer-running.png").string()) +
                  " 2>/dev/null")
              .find("/" + s.code) != std::string::npos);
    const json v = s.view();
    REQUIRE(v["timer"].is_object());
    CHECK(v["timer"]["seconds"] == 300);

    s.control("pause", "");
    const image paused = s.projector("pause");
    // The pause sign in the middle, no QR code, no countdown.
    CHECK(paused.count_in(accent, paused.w / 3, paused.h / 6, paused.w * 2 / 3, paused.h * 2 / 3) >
          8000);
    CHECK(paused.count({0, 0, 0}) < 2000);
    CHECK(paused.count_in(accent, 0, paused.h * 3 / 4, paused.w, paused.h) < 300); // no countdown
    s.control("resume", "");
    CHECK(s.view()["paused"] == false);
}

TEST_CASE("projector: a result below k answers is withheld, at k it shows") {
    live_session s("stoplicht-visie", 2, {"--min-answers", "3"});
    s.control("open", "visie");
    answer_all(s, 2, green_then_red);
    s.control("close", "visie");
    s.control("reveal", "visie");
    const json v = s.view();
    REQUIRE(v["min_answers"] == 3);

    const image withheld = s.projector("withheld");
    // No bars: the result stays with nobody; two filled places of three instead.
    CHECK(withheld.count_in(green, 0, body_top, withheld.w, withheld.h) < 100);
    CHECK(withheld.count_in(red, 0, body_top, withheld.w, withheld.h) < 100);
    std::size_t discs = 0;
    for (int sz : withheld.components(accent, 0, body_top, withheld.w, withheld.h - 60))
        discs += sz > 300;
    CHECK(discs == 2);

    s.control("set_min_answers", "", {{"min", 2}});
    const image shown = s.projector("withheld-k2");
    CHECK(shown.count_in(green, 0, body_top, shown.w, shown.h) > 5000);
    CHECK(shown.count_in(red, 0, body_top, shown.w, shown.h) > 5000);
}

TEST_CASE("projector: a live step shows its result while open, without reveal") {
    live_session s("stoplicht-visie", 5);
    s.control("open", "visie");
    answer_all(s, 5, mixed);
    // Hidden until reveal (the default): the join screen, no bars.
    const image hidden = s.projector("live-off");
    CHECK(hidden.count_in(green, 0, body_top, hidden.w, hidden.h) < 100);
    s.control("set_live", "visie", {{"on", true}});
    const image live = s.projector("live-on");
    CHECK(live.count({0, 0, 0}) < 2000); // not the join screen with its QR code
    CHECK(live.count_in(green, 0, body_top, live.w, live.h) > 15000);
    CHECK(live.count_in(red, 0, body_top, live.w, live.h) > 15000);
}

TEST_CASE("projector: the comparison with an earlier session, before above after, the change") {
    live_session s("stoplicht-visie", 5);
    // The earlier session: mostly red.
    ws_client earlier_f(s.server.port());
    json r = earlier_f.request(
        {{"type", "create_session"}, {"protocol_version", 1}, {"template", "stoplicht-visie"}});
    REQUIRE(r["type"] == "session_created");
    const std::string earlier_id = r["session_id"];
    const std::string earlier_code = r["join_code"];
    json ew = earlier_f.recv_until([](const json& m) { return m["type"] == "welcome"; });
    REQUIRE(earlier_f.request(
                {{"type", "control"}, {"action", "open"}, {"step", "visie"}})["type"] == "ack");
    std::vector<std::unique_ptr<ws_client>> earlier_people;
    for (std::size_t who = 0; who < 5; ++who) {
        earlier_people.push_back(std::make_unique<ws_client>(s.server.port()));
        REQUIRE(earlier_people.back()->request({{"type", "join"},
                                                {"protocol_version", 1},
                                                {"code", earlier_code},
                                                {"role", "participant"}})["type"] == "welcome");
        for (const json& it : ew["session"]["steps"][0]["items"])
            REQUIRE(earlier_people.back()->request({{"type", "answer"},
                                                    {"step", "visie"},
                                                    {"item", it["id"]},
                                                    {"value", mostly_red(who)}})["type"] == "ack");
    }
    // Only what the earlier session's room was shown takes part in a comparison.
    REQUIRE(earlier_f.request(
                {{"type", "control"}, {"action", "reveal"}, {"step", "visie"}})["type"] == "ack");
    // This session: mostly green, revealed (the projector shows only revealed steps in a
    // comparison too); compared with the earlier one.
    s.control("open", "visie");
    answer_all(s, 5, mostly_green);
    s.control("reveal", "visie");
    s.control("set_compare", "", {{"session", earlier_id}});
    const json v = s.view();
    REQUIRE(v["compare"].is_object());
    REQUIRE(!v["compare"]["items"].empty());
    CHECK(v["compare"]["items"][0]["delta"]["green"].get<int>() > 50);

    const image img = s.projector("compare");
    CHECK(img.count({0, 0, 0}) < 2000); // not the join screen
    const int g = img.count_in(green, 0, body_top, img.w, img.h);
    const int rd = img.count_in(red, 0, body_top, img.w, img.h);
    MESSAGE("green " << g << ", red " << rd);
    CHECK(g > 8000);
    CHECK(rd > 8000);
    // Per statement "then" (red) stands above "now" (green): in the first row the red bar's
    // rows come before the green bar's.
    const auto red_bars = bars(img.row_counts(red, img.w / 3, img.w * 3 / 4, body_top), 100);
    const auto green_bars = bars(img.row_counts(green, img.w / 3, img.w * 3 / 4, body_top), 100);
    REQUIRE(!red_bars.empty());
    REQUIRE(!green_bars.empty());
    CHECK(red_bars[0].first < green_bars[0].first);

    // Stopping the comparison brings the ordinary screen back.
    s.control("set_compare", "", {{"session", ""}});
    CHECK(s.view()["compare"].is_null());
}

TEST_CASE("console: the README's example, Stoplichtspel: visie, shows its whole guide") {
    live_session s("stoplicht-visie", 1);
    s.control("open", "visie");
    // Closed, the guide is one header; opened (--open guide), its paragraphs fill the pane:
    // the stoplichtspel's steps, the theme's tips, its time and its source.
    const image closed = s.console("console-guide-closed");
    const image open = s.console("console-guide", {"--open", "guide"});
    const rgb ink{0x22, 0x25, 0x2b};
    const int x0 = open.w * 3 / 10, y0 = 480;
    const int text_closed = closed.count_in(ink, x0, y0, closed.w, closed.h, 40);
    const int text_open = open.count_in(ink, x0, y0, open.w, open.h, 40);
    MESSAGE("text pixels below the controls: " << text_closed << " closed, " << text_open
                                               << " with the guide open");
    CHECK(text_open > 3000);
    CHECK(text_open > 2 * text_closed);
    // Text in every row band of the pane: paragraph after paragraph, no empty guide.
    const auto rows = open.row_counts(ink, x0, open.w, y0, 40);
    int bands = 0;
    for (int y = y0; y + 40 <= open.h - 20; y += 40) {
        int n = 0;
        for (int k = y; k < y + 40; ++k)
            n += rows[static_cast<std::size_t>(k)];
        bands += n > 20;
    }
    CHECK(bands >= 5);

    // The guide's text itself, line by line: the console at 1280x2800 (tall enough for the
    // whole guide below the controls; at 800 it scrolls), traced. The console records each guide
    // line it draws whole within the pane (--trace); every line of the step's guide in the server's
    // welcome must be among them, from its first words to its last.
    const std::string guide = s.step("visie")["guide"]["nl"].get<std::string>();
    const std::vector<std::string> lines = guide_lines(guide);
    constexpr int tall = 2800;
    const fs::path png = shots_dir() / "console-guide-tall.png";
    const fs::path trace = shots_dir() / "console-guide.trace";
    fs::remove(trace);
    fs::remove(png);
    const fs::path home = console_home(s, "console-guide-tall");
    const std::string cmd =
        "env XDG_CONFIG_HOME=" + quote(home.string()) + " KRING_XVFB_SCREEN=1280x" +
        std::to_string(tall) +
        "x24 LIBGL_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=llvmpipe"
        " ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 timeout 90 " +
        quote(KRING_WITH_XVFB) + " " + quote(KRING_CLIENT_BIN) + " --mode facilitator --server " +
        s.server_arg() + " --code " + s.code + " --open guide --trace " + quote(trace.string()) +
        " --frames 8 --width 1280 --height " + std::to_string(tall) + " --screenshot " +
        quote(png.string()) + " > " + quote(png.string() + ".log") + " 2>&1";
    const int rc = run(cmd);
    if (rc != 0)
        MESSAGE("client output:\n" << slurp(png.string() + ".log"));
    REQUIRE(rc == 0);
    const json f = last_frame(trace);
    CHECK(f["height"] == tall);
    std::vector<std::string> shown;
    for (const json& x : f["texts"])
        shown.push_back(x["text"].get<std::string>());
    MESSAGE(lines.size() << " lines in the guide, " << shown.size() << " texts traced");
    // The guide in its parts (docs/content.md): the exercise, its purpose, preparation and
    // steps, the theme's next step (⏭️; the visie theme has no 💡 tips), the time and the
    // source.
    for (const std::string part : {"Werkvorm: ", "Doel: ", "Voorbereiding: ", "Stappen ",
                                   "\xE2\x8F\xAD", "Duur: ", "Bron: "}) {
        CAPTURE(part);
        CHECK(guide.find(part) != std::string::npos);
    }
    REQUIRE(lines.size() >= 10);
    std::size_t found = 0;
    for (const std::string& line : lines) {
        const auto [first, last] = ends_of(line);
        CAPTURE(line);
        const bool in_trace = std::any_of(shown.begin(), shown.end(), [&](const std::string& t) {
            return t.find(first) != std::string::npos && t.size() >= last.size() &&
                   t.compare(t.size() - last.size(), last.size(), last) == 0;
        });
        CHECK(in_trace);
        found += in_trace;
    }
    MESSAGE(found << " of " << lines.size() << " guide lines on the console");
}

TEST_CASE("console: notes, paper tallies and the devices in the room") {
    live_session s("stoplicht-visie", 3);
    s.control("open", "visie");
    answer_all(s, 3, mixed);
    s.control("close", "visie"); // closed: the step's phase dot is blue, not green
    s.control("set_note", "visie", {{"text", "Vooral de visie op ontmoeting kwam terug."}});
    s.control("set_tally", "visie", {{"item", "visie-03"}, {"counts", {{"green", 4}, {"red", 1}}}});
    const json v = s.view();
    REQUIRE(v["notes"].size() == 1);
    CHECK_FALSE(v.contains("devices")); // a message of its own
    const json d3 = s.devices(3);
    for (const json& st : v["steps"])
        if (st["id"] == "visie")
            CHECK(st["paper"] == 5);
    // Anonymity: the devices carry no token and nothing about answers.
    for (const json& d : d3["devices"]) {
        CHECK_FALSE(d.contains("resume_token"));
        CHECK_FALSE(d.contains("answers"));
    }

    const image img = s.console("console-room", {"--open", "notes,tallies,devices"});
    // One green online dot per device in the left column (the step is closed); the theme's
    // open round is a step of its own, so the third device may sit below the column's fold.
    std::size_t dots = 0;
    for (int sz : img.components(green, 0, 120, img.w * 3 / 10, img.h))
        dots += sz > 40 && sz < 600;
    CHECK(dots >= 2);
    CHECK(dots <= 3);
    // The note is in the editor with its green "Bewaard ✓" (the only green in the detail pane:
    // the results are further down).
    // Below the header (its connection dot is green too).
    const int saved = img.count_in(green, img.w * 3 / 10, 170, img.w, img.h);
    CHECK(saved > 60);
    // The paper tallies: "van papier: 5" over a table of counts, one row per statement with a
    // white field per colour (6 statements x 4 values).
    const image tallies = s.console("console-tallies", {"--open", "tallies"});
    std::size_t fields = 0;
    for (int sz :
         tallies.components({255, 255, 255}, tallies.w * 3 / 10, 170, tallies.w, tallies.h, 2))
        fields += sz > 400;
    MESSAGE("white fields in the tallies: " << fields);
    CHECK(fields >= 12);
    // Without a note the indicator says so, in grey.
    s.control("set_note", "visie", {{"text", ""}});
    const image none = s.console("console-room-no-note", {"--open", "notes,tallies,devices"});
    const int unsaved = none.count_in(green, none.w * 3 / 10, 170, none.w, none.h);
    MESSAGE("green in the detail pane: " << saved << " with a note, " << unsaved << " without");
    CHECK(unsaved < 20);
}

TEST_CASE("console: the sessions library lists the sessions, the agenda editor opens a template") {
    live_session s("stoplicht-visie", 5);
    revealed_visie(s);
    // The library: a console on the template list, its library open (list_sessions answered).
    const fs::path png = shots_dir() / "library.png";
    REQUIRE(run_client({"--server", s.server_arg(), "--open", "library"}, png,
                       fresh_config_home("library")) == 0);
    const image lib = load_png(png);
    CHECK(lib.w == width);

    // The agenda editor on a template (get_template answered: the client waits for it).
    const fs::path png2 = shots_dir() / "agenda-editor.png";
    REQUIRE(run_client(
                {"--server", s.server_arg(), "--open", "agenda", "--template", "stoplicht-visie"},
                png2, fresh_config_home("agenda-editor")) == 0);
    const image ed = load_png(png2);
    // Text fields (white) for every title, prompt and statement, in two columns.
    CHECK(ed.count({255, 255, 255}) > 40000);
}

TEST_CASE("export: kring --export writes the report into the folder, anonymous") {
    live_session s("stoplicht-visie", 5);
    s.control("open", "visie");
    const json& items = s.step("visie")["items"];
    for (std::size_t who = 0; who < 5; ++who)
        for (const json& it : items)
            s.answer(who, "visie", mixed(who), it["id"].get<std::string>(),
                     who == 1 ? "Een opmerking zonder naam." : "");
    s.control("close", "visie");
    const fs::path home = console_home(s, "export");
    const fs::path out = fs::path(KRING_SHOTS_DIR) / "export-out";
    fs::remove_all(out);
    auto export_cmd = [&](const std::string& args) {
        return "env XDG_CONFIG_HOME=" + quote(home.string()) + " timeout 30 " +
               quote(KRING_CLIENT_BIN) + " --server " + s.server_arg() + " --code " + s.code + " " +
               args;
    };
    const std::string printed = capture(export_cmd("--export html --out " + quote(out.string())));
    REQUIRE_MESSAGE(!printed.empty(), "kring --export printed no path");
    const fs::path file = printed.substr(0, printed.find('\n'));
    CHECK(file.parent_path() == out);
    REQUIRE(fs::exists(file));
    const std::string html = slurp(file);
    CHECK(html.find("<html") != std::string::npos);
    CHECK(html.find(items[0]["text"]["nl"].get<std::string>()) != std::string::npos);
    CHECK(html.find("Een opmerking zonder naam.") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find(s.secret) == std::string::npos);

    // CSV of one step: UTF-8 with BOM, ';'-separated.
    const std::string csv_path =
        capture(export_cmd("--export csv --step visie --out " + quote(out.string())));
    REQUIRE(!csv_path.empty());
    const std::string csv = slurp(csv_path.substr(0, csv_path.find('\n')));
    REQUIRE(csv.size() > 3);
    CHECK(csv.substr(0, 3) == "\xEF\xBB\xBF");
    CHECK(csv.find(';') != std::string::npos);

    // Bad input: an unknown format and a csv without a step are refused on the command line,
    // a code this computer has no key for exits 1.
    CHECK(run(export_cmd("--export pdf > /dev/null 2>&1")) == 64);
    CHECK(run(export_cmd("--export csv > /dev/null 2>&1")) == 64);
    CHECK(run("env XDG_CONFIG_HOME=" + quote(home.string()) + " " + quote(KRING_CLIENT_BIN) +
              " --server " + s.server_arg() + " --code ZZZZZZ --export md > /dev/null 2>&1") == 1);
}

TEST_CASE("console: the template picker groups the templates by the wegwijzer's movements, the "
          "full workshop first, each with its duration, steps and needs") {
    server_process srv;
    const fs::path png = shots_dir() / "templates.png";
    const fs::path trace = shots_dir() / "templates.trace";
    fs::remove(trace);
    REQUIRE(run_client(
                {"--server", "127.0.0.1:" + std::to_string(srv.port()), "--trace", trace.string()},
                png, fresh_config_home("templates")) == 0);
    const json t = last_frame(trace);
    std::vector<std::string> texts;
    for (const json& x : t["texts"])
        texts.push_back(x["text"]);
    REQUIRE(texts.size() > 4);
    // The full workshop's heading and the workshop itself come first, then the movements in
    // their order (those that fit on the first screen).
    CHECK(texts[0] == "De volledige workshop");
    CHECK(texts[1].rfind("Volledige workshop", 0) == 0);
    std::vector<std::size_t> headings;
    for (const char* h : {"1. In kaart brengen", "2. Reflecteren", "3. Verder bouwen"})
        for (std::size_t i = 0; i < texts.size(); ++i)
            if (texts[i].rfind(h, 0) == 0)
                headings.push_back(i);
    REQUIRE(headings.size() >= 2);
    CHECK(std::is_sorted(headings.begin(), headings.end()));
    // Every card says how long it takes and what it needs (the server's templates message).
    ws_client c(srv.port());
    const json list = c.request({{"type", "list_templates"}});
    std::size_t with_meta = 0;
    for (const json& x : list["templates"])
        with_meta += x.contains("movement") && x.value("minutes", 0) > 0;
    CHECK(with_meta == list["templates"].size());
    const image img = load_png(png);
    CHECK(img.w == width);

    // Typing at once searches: the field has the keyboard when the list appears, and the
    // cards left are the templates with every word typed in their title or description.
    const fs::path script = shots_dir() / "templates-search.script";
    const fs::path found_png = shots_dir() / "templates-search.png";
    const fs::path found_trace = shots_dir() / "templates-search.trace";
    fs::remove(found_trace);
    std::ofstream(script) << "type Stoplicht VISIE\nshot " << found_png.string()
                          << "\nwait-ms 100\n";
    REQUIRE(run_client({"--server", "127.0.0.1:" + std::to_string(srv.port()), "--script",
                        script.string(), "--trace", found_trace.string()},
                       found_png, fresh_config_home("templates-search")) == 0);
    std::set<std::string> shown;
    const json found = last_frame(found_trace);
    for (const json& x : found["texts"])
        shown.insert(x["text"].get<std::string>());
    std::set<std::string> expected;
    for (const json& x : list["templates"]) {
        const std::string title = x["title"]["nl"];
        const std::string hay = title + " " + x["description"]["nl"].get<std::string>() + " " +
                                x["title"]["en"].get<std::string>();
        CAPTURE(title);
        if (kring::matches_words(hay, "stoplicht visie")) {
            expected.insert(title);
            CHECK(shown.count(title) == 1);
        } else {
            CHECK(shown.count(title) == 0);
        }
    }
    CHECK(expected.count("Stoplichtspel: visie") == 1);
    CHECK(expected.size() < list["templates"].size() / 2);
    CHECK(fs::file_size(found_png) > 0);
}

TEST_CASE("projector: while Dromen met beelden is open, the room sees the prompt and every image "
          "of the deck") {
    live_session s("dromen-met-beelden", 2);
    s.control("open", "beeld");
    const fs::path png = shots_dir() / "projector-images-open.png";
    const fs::path trace = shots_dir() / "projector-images-open.trace";
    fs::remove(trace);
    REQUIRE(run_client({"--mode", "projector", "--server", s.server_arg(), "--code", s.code,
                        "--trace", trace.string()},
                       png, fresh_config_home("projector-images-open")) == 0);
    const json t = last_frame(trace);
    CHECK(t["current"] == "beeld");
    CHECK(t["phase"] == "open");
    std::set<std::string> texts;
    for (const json& x : t["texts"])
        texts.insert(x["text"].get<std::string>());
    const json& step = s.step("beeld");
    CHECK(texts.count(step["prompt"]["nl"].get<std::string>()) == 1);
    std::size_t shown = 0;
    for (const json& im : step["images"])
        shown += texts.count(im["alt"]["nl"].get<std::string>());
    MESSAGE(shown << " of " << step["images"].size() << " images on the projector");
    CHECK(shown == step["images"].size());
    CHECK(step["images"].size() >= 48);
}
} // namespace kring_test_gui_room_test
