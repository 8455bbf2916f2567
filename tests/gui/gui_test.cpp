// GUI tests: a real kring-server, a workshop driven over WebSocket (one facilitator, five
// participants), and the real `kring` client rendered under Xvfb. Each run writes a PNG in
// tests/gui/shots/ of the build tree; the tests check the pixels and decode the QR code.
#include "server_process.hpp"
#include "ws_client.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <stb_image.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using kring::test::server_process;
using kring::test::ws_client;

// The client's traffic-light colours (client/src/ui/widgets.hpp, namespace colors).
struct rgb {
    int r, g, b;
};
constexpr rgb green{0x2e, 0x7d, 0x32};
constexpr rgb orange{0xf5, 0x9e, 0x0b};
constexpr rgb red{0xc6, 0x28, 0x28};

constexpr int width = 1280;
constexpr int height = 800;

//------------------------------------------------------------------------------
// Running things

std::string
quote(const std::string& s)
{
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

/** Runs a shell command; returns its exit status (or -1 when it did not exit normally). */
int
run(const std::string& cmd)
{
    const int st = std::system(cmd.c_str());
    if (st == -1 || !WIFEXITED(st)) return -1;
    return WEXITSTATUS(st);
}

/** Runs a command and returns what it printed on stdout. */
std::string
capture(const std::string& cmd)
{
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return out;
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
    ::pclose(p);
    return out;
}

std::string
slurp(const fs::path& p)
{
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

fs::path
shots_dir()
{
    fs::path d = KRING_SHOTS_DIR;
    fs::create_directories(d);
    return d;
}

/** A fresh, empty XDG_CONFIG_HOME for one client run. */
fs::path
fresh_config_home(const std::string& name)
{
    fs::path d = fs::path(KRING_SHOTS_DIR) / "config" / name;
    fs::remove_all(d);
    fs::create_directories(d / "kring");
    return d;
}

/**
 * Renders the client under Xvfb: `kring <args> --frames 8 --screenshot <png>` at 1280x800,
 * with software GL and the given XDG_CONFIG_HOME. Returns the client's exit status; its
 * output goes to <png>.log.
 */
int
run_client(const std::vector<std::string>& args, const fs::path& png, const fs::path& config_home)
{
    fs::remove(png);
    std::string cmd = "env XDG_CONFIG_HOME=" + quote(config_home.string()) +
                      " LIBGL_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=llvmpipe"
                      // Mesa's software driver leaks a few bytes when it is unloaded at exit, in
                      // a module LeakSanitizer can no longer name; the client's other ASan
                      // checks stay on, and the unit and server tests keep leak detection.
                      " ASAN_OPTIONS=detect_leaks=0:abort_on_error=1"
                      " timeout 90 " + quote(KRING_WITH_XVFB) + " " +
                      quote(KRING_CLIENT_BIN);
    for (const auto& a : args) cmd += " " + quote(a);
    cmd += " --frames 8 --width " + std::to_string(width) + " --height " + std::to_string(height) +
           " --screenshot " + quote(png.string()) + " > " + quote(png.string() + ".log") + " 2>&1";
    const int rc = run(cmd);
    if (rc != 0 && rc != 4) MESSAGE("client output:\n" << slurp(png.string() + ".log"));
    return rc;
}

//------------------------------------------------------------------------------
// Looking at pixels

struct image {
    int w = 0, h = 0;
    std::vector<unsigned char> px; // RGBA

    bool is(int x, int y, rgb c, int tol = 12) const
    {
        const unsigned char* p = &px[(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)) * 4];
        return std::abs(p[0] - c.r) <= tol && std::abs(p[1] - c.g) <= tol && std::abs(p[2] - c.b) <= tol;
    }
    int count(rgb c) const
    {
        int n = 0;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) n += is(x, y, c);
        return n;
    }
};

image
load_png(const fs::path& p)
{
    image img;
    int n = 0;
    unsigned char* data = stbi_load(p.c_str(), &img.w, &img.h, &n, 4);
    if (!data) return img;
    img.px.assign(data, data + static_cast<std::size_t>(img.w) * static_cast<std::size_t>(img.h) * 4);
    stbi_image_free(data);
    return img;
}

//------------------------------------------------------------------------------
// The workshop: a session of stoplicht-visie with five participants and known answers.

struct workshop {
    server_process server;
    ws_client facilitator;
    std::string code;
    std::string secret;
    std::vector<std::unique_ptr<ws_client>> people;

    workshop() : facilitator(server.port())
    {
        json r = facilitator.request({{"type", "create_session"}, {"protocol_version", 1}, {"template", "stoplicht-visie"}});
        REQUIRE(r["type"] == "session_created");
        code = r["join_code"].get<std::string>();
        secret = r["facilitator_secret"].get<std::string>();
        for (int i = 0; i < 5; ++i) {
            people.push_back(std::make_unique<ws_client>(server.port()));
            json w = people.back()->request({{"type", "join"}, {"protocol_version", 1}, {"code", code}, {"role", "participant"}});
            REQUIRE(w["type"] == "welcome");
        }
    }

    std::string server_arg() const { return "127.0.0.1:" + std::to_string(server.port()); }

    void control(const std::string& action)
    {
        json r = facilitator.request({{"type", "control"}, {"action", action}, {"step", "visie"}});
        REQUIRE_MESSAGE(r["type"] == "ack", r.dump());
    }

    void answer(std::size_t who, const std::string& item, const std::string& value, const std::string& comment = {})
    {
        json r = people.at(who)->request({{"type", "answer"}, {"step", "visie"}, {"item", item}, {"value", value}, {"comment", comment}});
        REQUIRE_MESSAGE(r["type"] == "ack", r.dump());
    }

    /**
     * visie-01: 4 green 1 red; visie-02: 2 green 1 orange 2 red (the most disputed);
     * visie-03: 5 orange; visie-04: green, orange, red, 2 pass; visie-05: 3 red 1 green 1 pass;
     * visie-06: 5 green. Two comments, one with markup and format characters.
     */
    void answer_pattern()
    {
        const char* pattern[][5] = {
            {"green", "green", "green", "green", "red"},
            {"green", "green", "orange", "red", "red"},
            {"orange", "orange", "orange", "orange", "orange"},
            {"green", "orange", "red", "pass", "pass"},
            {"red", "red", "red", "green", "pass"},
            {"green", "green", "green", "green", "green"},
        };
        for (std::size_t item = 0; item < 6; ++item)
            for (std::size_t who = 0; who < 5; ++who) {
                const std::string id = "visie-0" + std::to_string(item + 1);
                std::string comment;
                if (item == 1 && who == 3) comment = "We praten er te weinig over — <b>echt</b> %s %n {}";
                if (item == 0 && who == 4) comment = "Ouders vinden ‘ontmoeten’ een vaag woord.";
                answer(who, id, pattern[item][who], comment);
            }
    }

    /** Writes the client.json a facilitator client would have written for this session. */
    void write_config(const fs::path& config_home, const std::string& secret_to_store, bool as_last) const
    {
        json sessions = {{code, {{"secret", secret_to_store}, {"server", server_arg()}, {"title", "Stoplichtspel: visie"}}}};
        json last = as_last ? json{{server_arg(), code}} : json::object();
        json j = {{"facilitator", {{"sessions", sessions}, {"last", last}}}, {"participant", {{"tokens", json::object()}}}};
        std::ofstream(config_home / "kring" / "client.json") << j.dump(2);
    }
};

bool
have_zbarimg()
{
    return run("command -v zbarimg > /dev/null 2>&1") == 0;
}

} // namespace

//------------------------------------------------------------------------------

TEST_CASE("projector join screen shows the code, a QR code of the join URL and the progress")
{
    workshop w;
    w.control("open");
    w.answer_pattern();

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
    while (!decoded.empty() && (decoded.back() == '\n' || decoded.back() == '\r')) decoded.pop_back();
    CHECK(decoded == "http://127.0.0.1:" + std::to_string(w.server.port()) + "/?code=" + w.code);

    // --join-url replaces the address the QR code points to.
    const fs::path png2 = shots_dir() / "projector-join-url.png";
    REQUIRE(run_client({"--mode", "projector", "--server", w.server_arg(), "--code", w.code, "--lang", "en",
                        "--join-url", "http://kring.local:8080"},
                       png2, fresh_config_home("projector-join-url")) == 0);
    decoded = capture("zbarimg --raw -q " + quote(png2.string()) + " 2>/dev/null");
    while (!decoded.empty() && (decoded.back() == '\n' || decoded.back() == '\r')) decoded.pop_back();
    CHECK(decoded == "http://kring.local:8080/?code=" + w.code);
}

TEST_CASE("projector shows revealed results as stacked bars, most disputed first")
{
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
    CHECK(g > 20000);
    CHECK(o > 8000);
    CHECK(r > 12000);

    // The top bar row is visie-02 (2 green, 1 orange, 2 red: the largest spread); it holds
    // all three colours, in the order green, orange, red from left to right.
    int top = -1;
    for (int y = 0; y < img.h && top < 0; ++y)
        for (int x = 0; x < img.w; ++x)
            if (img.is(x, y, green) || img.is(x, y, orange) || img.is(x, y, red)) {
                // Skip the legend and stray pixels: a bar row has a long run of colour.
                int run_len = 0;
                for (int xx = x; xx < img.w && (img.is(xx, y, green) || img.is(xx, y, orange) || img.is(xx, y, red) ||
                                                 img.is(xx, y, {0xf7, 0xf5, 0xf0}, 4) || img.is(xx, y, {255, 255, 255}, 4));
                     ++xx)
                    ++run_len;
                if (run_len > 200) top = y;
                break;
            }
    REQUIRE(top >= 0);
    const int y = top + 4; // inside the bar, below its rounded corner
    int first_green = -1, first_orange = -1, first_red = -1;
    for (int x = 0; x < img.w; ++x) {
        if (first_green < 0 && img.is(x, y, green)) first_green = x;
        if (first_orange < 0 && img.is(x, y, orange)) first_orange = x;
        if (first_red < 0 && img.is(x, y, red)) first_red = x;
    }
    CHECK(first_green >= 0);
    CHECK(first_orange > first_green);
    CHECK(first_red > first_orange);

    // A participant who joins now sees the same result on their own screen.
    const fs::path png_p = shots_dir() / "participant-results.png";
    REQUIRE(run_client({"--mode", "participant", "--server", w.server_arg(), "--code", w.code}, png_p,
                       fresh_config_home("participant-results")) == 0);
    const image pimg = load_png(png_p);
    CHECK(pimg.count(green) > 5000);
    CHECK(pimg.count(orange) > 2000);
    CHECK(pimg.count(red) > 3000);

    // Scaled to a full-HD beamer, in English.
    const fs::path png_en = shots_dir() / "projector-results-en.png";
    CHECK(run_client({"--mode", "projector", "--server", w.server_arg(), "--code", w.code, "--lang", "en",
                      "--width", "1920", "--height", "1080"},
                     png_en, fresh_config_home("projector-results-en")) == 0);
}

TEST_CASE("facilitator console rejoins with the remembered secret and sees live results")
{
    workshop w;
    w.control("open");
    w.answer_pattern();
    w.control("close"); // closed, not revealed: only the facilitator may see the results

    SUBCASE("with --code")
    {
        const fs::path home = fresh_config_home("facilitator-code");
        w.write_config(home, w.secret, false);
        const fs::path png = shots_dir() / "facilitator.png";
        REQUIRE(run_client({"--mode", "facilitator", "--server", w.server_arg(), "--code", w.code}, png, home) == 0);
        const image img = load_png(png);
        REQUIRE(img.w == width);
        // Live results are only sent to a joined facilitator: their colours prove the rejoin.
        CHECK(img.count(green) > 5000);
        CHECK(img.count(orange) > 2000);
        CHECK(img.count(red) > 3000);
        // The remembered session is still remembered.
        const json cfg = json::parse(slurp(home / "kring" / "client.json"));
        CHECK(cfg["facilitator"]["sessions"][w.code]["secret"] == w.secret);
    }
    SUBCASE("a restarted console returns to the last session by itself")
    {
        const fs::path home = fresh_config_home("facilitator-last");
        w.write_config(home, w.secret, true);
        const fs::path png = shots_dir() / "facilitator-last.png";
        REQUIRE(run_client({"--server", w.server_arg()}, png, home) == 0);
        const image img = load_png(png);
        CHECK(img.count(green) > 5000);
        CHECK(img.count(red) > 3000);
    }
    SUBCASE("a wrong secret is refused, forgotten, and the template list is shown")
    {
        const fs::path home = fresh_config_home("facilitator-wrong");
        w.write_config(home, "not-the-secret", true);
        const fs::path png = shots_dir() / "facilitator-wrong-secret.png";
        REQUIRE(run_client({"--server", w.server_arg()}, png, home) == 0);
        const image img = load_png(png);
        CHECK(img.count(green) < 500); // no results of a session it may not steer (the status dot is green)
        const json cfg = json::parse(slurp(home / "kring" / "client.json"));
        CHECK_FALSE(cfg["facilitator"]["sessions"].contains(w.code));
    }
}

TEST_CASE("participant client joins, remembers its resume token and shows the open step")
{
    workshop w;
    w.control("open");
    w.answer_pattern();

    const fs::path home = fresh_config_home("participant");
    const fs::path png = shots_dir() / "participant.png";
    REQUIRE(run_client({"--mode", "participant", "--server", w.server_arg(), "--code", w.code}, png, home) == 0);
    const image img = load_png(png);
    REQUIRE(img.w == width);

    const json cfg = json::parse(slurp(home / "kring" / "client.json"));
    const std::string token = cfg["participant"]["tokens"].value(w.code, "");
    CHECK(token.size() > 8);

    // The server counts a sixth participant.
    json v = w.facilitator.recv_until([](const json& m) { return m["type"] == "view" && m["joined"] == 6; },
                                      std::chrono::seconds(10));
    CHECK(v["joined"] == 6);

    // Run again with the same config: the same person comes back (still 6 joined).
    const fs::path png2 = shots_dir() / "participant-again.png";
    REQUIRE(run_client({"--mode", "participant", "--server", w.server_arg(), "--code", w.code, "--lang", "en"}, png2, home) == 0);
    ws_client probe(w.server.port());
    json welcome = probe.request({{"type", "join"}, {"protocol_version", 1}, {"code", w.code}, {"role", "projector"}});
    REQUIRE(welcome["type"] == "welcome");
    json pv = probe.recv_until([](const json& m) { return m["type"] == "view"; });
    CHECK(pv["joined"] == 6);
}

TEST_CASE("an unknown join code gives a friendly message, not a crash")
{
    server_process server;
    const std::string srv = "127.0.0.1:" + std::to_string(server.port());
    // Exit code 4: the server refused the join and the client rendered the message.
    const fs::path png = shots_dir() / "projector-unknown-code.png";
    CHECK(run_client({"--mode", "projector", "--server", srv, "--code", "ZZZ-ZZZ"}, png,
                     fresh_config_home("projector-unknown")) == 4);
    CHECK(load_png(png).w == width);
    CHECK(load_png(png).count(red) > 300); // the message is written in red

    const fs::path png2 = shots_dir() / "participant-unknown-code.png";
    CHECK(run_client({"--mode", "participant", "--server", srv, "--code", "ZZZZZZ", "--lang", "en"}, png2,
                     fresh_config_home("participant-unknown")) == 4);
    CHECK(load_png(png2).w == width);
}
