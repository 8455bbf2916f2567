// The whole workshop, led from the console as a facilitator leads it: the real kring client
// under Xvfb follows an input script that clicks the one highlighted button (real ImGui mouse
// input), step after step, while twelve participants answer over WebSocket and a projector
// at 1920x1080 traces what it shows. Checked: at every click exactly one button is
// highlighted, and it is the one the step's life calls for; the projector shows every open
// step's question at 3.5 % of its height or more; the session ends with its closing screen.
#include "gui_support.hpp"

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

// Each test file has a namespace of its own.
namespace kring_test_gui_workshop_test {

using namespace kring::gui_test;
using namespace std::chrono_literals;

namespace {

/** An answer of participant `who` to the whole of a step, spread so results disagree. */
std::vector<json> answers_for(const json& step, const json& status, std::size_t who) {
    const std::string kind = step["kind"];
    static const char* const lights[] = {"green", "orange", "red", "green", "pass"};
    static const char* const texts[] = {"Samen koffie drinken", "Luisteren zonder oordeel",
                                        "Niet alleen staan",    "Een warm welkom",
                                        "Tijd voor elkaar",     "Samen spelen"};
    std::vector<json> out;
    auto msg = [&](json value, const std::string& item = {}) {
        json m{{"type", "answer"}, {"step", step["id"]}, {"value", std::move(value)}};
        if (!item.empty())
            m["item"] = item;
        out.push_back(std::move(m));
    };
    if (kind == "traffic_light") {
        std::size_t i = 0;
        for (const json& it : step["items"])
            msg(lights[(who + i++) % 5], it["id"]);
    } else if (kind == "scale") {
        const int lo = step.value("min", 1), hi = step.value("max", 5);
        for (const json& it : step["items"])
            msg(lo + static_cast<int>(who % static_cast<std::size_t>(hi - lo + 1)), it["id"]);
    } else if (kind == "choice") {
        msg(step["options"][who % step["options"].size()]["id"]);
    } else if (kind == "image_choice") {
        msg(json::array({step["images"][who % step["images"].size()]["id"]}));
    } else if (kind == "open_text") {
        msg(json::array({texts[who % 6]}));
    } else if (kind == "dot_vote") {
        const json& opts = status.contains("options") ? status["options"] : step["options"];
        if (opts.empty())
            msg("pass");
        else
            msg(json{{opts[who % opts.size()]["id"].get<std::string>(), 1}});
    } else if (kind == "inventory") {
        msg(json::array({{{"name", std::string("Praatcafé ") + std::to_string(who % 4)},
                          {"kind", step["offer_kinds"][who % step["offer_kinds"].size()]["id"]},
                          {"families", json::array({step["target_groups"][0]["id"]})}}}));
    } else if (kind == "action_plan") {
        msg(json::array(
            {{{"what", std::string("Koffiehoek in de wachtzaal ") + std::to_string(who % 3)},
              {"who", "team"},
              {"when", "maart"}}}));
    } else {
        msg("pass");
    }
    return out;
}

} // namespace

TEST_CASE("the full workshop led by clicking the console's one highlighted button, Next step "
          "by Next step, with twelve participants, the projector shows every open question "
          "large") {
    constexpr int people = 12;
    live_session s("volledige-workshop", people);
    const json steps = s.welcome["session"]["steps"];
    REQUIRE(steps.size() > 20);

    // The console's script: open, wait for everyone, close, reveal, next step; until the end.
    const fs::path dir = shots_dir() / "workshop";
    fs::create_directories(dir);
    const fs::path script = dir / "console.script";
    {
        std::ofstream out(script);
        out << "shot " << (dir / "console-start.png").string() << "\n";
        for (std::size_t i = 0; i < steps.size() + 2; ++i) {
            out << "trace\nclick-primary\nwait-phase open\nwait-complete " << people << "\n"
                << "trace\nclick-primary\nwait-phase closed\ntrace\nclick-primary\n";
            if (i == 2)
                out << "shot " << (dir / "console-revealed.png").string() << "\n";
            out << "trace\nclick-primary\nend-if-ended\n";
        }
    }
    const fs::path console_trace = dir / "console.trace";
    const fs::path projector_trace = dir / "projector.trace";
    fs::remove(console_trace);
    fs::remove(projector_trace);

    // The console rejoins the session with its secret, as after "Nieuwe sessie".
    const fs::path home = fresh_config_home("workshop-console");
    json sessions = {{s.code, {{"secret", s.secret}, {"server", s.server_arg()}, {"title", ""}}}};
    std::ofstream(home / "kring" / "client.json") << json{
        {"facilitator", {{"sessions", sessions}, {"last", json::object()}}},
        {"participant", {{"tokens", json::object()}}}}.dump(2);
    const std::string env = " LIBGL_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=llvmpipe"
                            " ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 timeout 500 ";
    const std::string console_cmd =
        "env XDG_CONFIG_HOME=" + quote(home.string()) + env + quote(KRING_WITH_XVFB) + " " +
        quote(KRING_CLIENT_BIN) + " --mode facilitator --server " + s.server_arg() + " --code " +
        s.code + " --width 1280 --height 800 --script " + quote(script.string()) + " --trace " +
        quote(console_trace.string()) + " > " + quote((dir / "console.log").string()) + " 2>&1";
    // The projector at full HD, traced until the session has ended.
    const fs::path pscript = dir / "projector.script";
    std::ofstream(pscript) << "wait-open visie\nshot " << (dir / "projector-question.png").string()
                           << "\nwait-ended\nwait-ms 800\nshot "
                           << (dir / "projector-end.png").string() << "\nwait-ms 300\n";
    const std::string projector_cmd =
        "env XDG_CONFIG_HOME=" + quote(fresh_config_home("workshop-projector").string()) + env +
        quote(KRING_WITH_XVFB) + " " + quote(KRING_CLIENT_BIN) + " --mode projector --server " +
        s.server_arg() + " --code " + s.code + " --width 1920 --height 1080 --script " +
        quote(pscript.string()) + " --trace " + quote(projector_trace.string()) + " > " +
        quote((dir / "projector.log").string()) + " 2>&1";

    std::atomic<int> console_rc{-2}, projector_rc{-2};
    std::thread projector([&] { projector_rc = run(projector_cmd); });
    std::this_thread::sleep_for(1500ms);
    std::thread console([&] { console_rc = run(console_cmd); });

    // The participants answer every step once it is open and the projector shows it.
    std::set<std::string> answered;
    std::size_t shown_open = 0;
    const auto deadline = std::chrono::steady_clock::now() + 480s;
    while (console_rc == -2 && std::chrono::steady_clock::now() < deadline) {
        const json v = s.view();
        const std::string cur = v.value("current", "");
        json status;
        for (const json& st : v["steps"])
            if (st["id"] == cur)
                status = st;
        if (cur.empty() || status.is_null() || status["phase"] != "open" || answered.count(cur)) {
            std::this_thread::sleep_for(100ms);
            continue;
        }
        // Wait (at most 10 s) until the projector drew this step open: the room sees the
        // question before the answers come in.
        const auto until = std::chrono::steady_clock::now() + 10s;
        bool seen = false;
        while (!seen && std::chrono::steady_clock::now() < until) {
            for (const json& t : read_trace(projector_trace))
                seen = seen || (t.is_object() && t.value("current", "") == cur &&
                                t.value("phase", "") == "open" && t["texts"].size() > 1);
            if (!seen)
                std::this_thread::sleep_for(100ms);
        }
        shown_open += seen;
        json def;
        for (const json& st : steps)
            if (st["id"] == cur)
                def = st;
        for (std::size_t who = 0; who < static_cast<std::size_t>(people); ++who)
            for (json m : answers_for(def, status, who)) {
                const json r = s.people[who]->request(m);
                CHECK_MESSAGE(r["type"] == "ack", m.dump() << " -> " << r.dump());
            }
        answered.insert(cur);
    }
    console.join();
    projector.join();
    CHECK_MESSAGE(console_rc == 0, slurp(dir / "console.log"));
    CHECK_MESSAGE(projector_rc == 0, slurp(dir / "projector.log"));

    // The console: at every traced moment exactly one highlighted button, the one the step's
    // life calls for; every click found exactly one (the script fails otherwise).
    const std::vector<json> ct = read_trace(console_trace);
    REQUIRE_FALSE(ct.empty());
    std::map<std::string, int> clicks;
    for (const json& t : ct) {
        REQUIRE(t.is_object());
        CHECK_MESSAGE(t["what"] != "failed", t.dump());
        const std::string what = t["what"];
        if (what.rfind("click ", 0) == 0)
            ++clicks[what.substr(6)];
        if (what == "trace" || what.rfind("click ", 0) == 0)
            CHECK_MESSAGE(t["primaries"].size() == 1, t.dump());
    }
    MESSAGE("clicks: " << json(clicks).dump());
    CHECK(clicks["Openen"] >= 20);
    CHECK(clicks["Openen"] == clicks["Sluiten"]);
    CHECK(clicks["Sluiten"] == clicks["Resultaten tonen"]);
    CHECK(clicks["Sessie afsluiten"] == 1);
    CHECK(ct.back()["what"] == "ended");
    CHECK(ct.back().value("ended", false));
    // After the vote on the building blocks, the next step was the chosen block.
    int to_block = 0;
    for (const auto& [label, n] : clicks)
        to_block += label.rfind("Volgende stap: ", 0) == 0 ? n : 0;
    CHECK(to_block == 1);

    // The projector: every step the console opened stood on it, its question text at 3.5 %
    // of the height or more.
    const std::vector<json> pt = read_trace(projector_trace);
    REQUIRE_FALSE(pt.empty());
    std::size_t large = 0;
    for (const std::string& id : answered) {
        json def;
        for (const json& st : steps)
            if (st["id"] == id)
                def = st;
        // The text that must be on the screen: the first question, else the first option,
        // else the prompt.
        std::string want = def["prompt"]["nl"];
        if (!def["items"].empty())
            want = def["items"][0]["text"]["nl"];
        bool found = false;
        for (const json& t : pt) {
            if (!t.is_object() || t.value("current", "") != id || t.value("phase", "") != "open")
                continue;
            for (const json& x : t["texts"])
                if (x["text"] == want &&
                    x["size"].get<double>() >= 0.035 * t["height"].get<double>() - 0.5)
                    found = true;
        }
        CHECK_MESSAGE(found, id << ": '" << want << "' not on the projector at 3.5 %");
        large += found;
    }
    MESSAGE(answered.size() << " steps answered, " << shown_open
                            << " seen open on the projector first, " << large
                            << " with their question at >= 3.5 % of the height");
    CHECK(answered.size() >= 20);
    // The end: the projector thanks the room.
    bool thanked = false;
    for (const json& t : pt)
        if (t.is_object() && t.value("ended", false))
            for (const json& x : t["texts"])
                thanked = thanked || x["text"] == "Bedankt!";
    CHECK(thanked);
    CHECK(fs::exists(dir / "projector-end.png"));
    CHECK(fs::exists(dir / "projector-question.png"));
    CHECK(fs::exists(dir / "console-revealed.png"));
}

TEST_CASE("practice: 'Probeer uit' runs a template with simulated participants from the console, "
          "Next step by Next step, its end deletes the session, which never was in the library") {
    server_process srv({"--rate", "100000"});
    ws_client admin(srv.port());
    const fs::path dir = shots_dir() / "practice";
    fs::create_directories(dir);
    const fs::path script = dir / "console.script";
    {
        std::ofstream out(script);
        for (int i = 0; i < 6; ++i)
            out << "trace\nclick-primary\nwait-answered 12\ntrace\nclick-primary\n"
                   "click-primary\ntrace\nclick-primary\nend-if-ended\n";
    }
    const fs::path trace = dir / "console.trace";
    fs::remove(trace);
    const std::string server_arg = "127.0.0.1:" + std::to_string(srv.port());
    const std::string cmd =
        "env XDG_CONFIG_HOME=" + quote(fresh_config_home("practice-console").string()) +
        " LIBGL_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=llvmpipe"
        " ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 timeout 300 " +
        quote(KRING_WITH_XVFB) + " " + quote(KRING_CLIENT_BIN) + " --mode facilitator --server " +
        server_arg + " --template stoplicht-visie --practice --width 1280 --height 800 --script " +
        quote(script.string()) + " --trace " + quote(trace.string()) + " > " +
        quote((dir / "console.log").string()) + " 2>&1";
    // While it runs, the library never shows it.
    std::atomic<int> rc{-2};
    std::thread console([&] { rc = run(cmd); });
    int listed_while_running = 0, checks = 0;
    while (rc == -2) {
        const json l = admin.request({{"type", "list_sessions"}});
        REQUIRE(l["type"] == "sessions");
        listed_while_running += static_cast<int>(l["sessions"].size());
        ++checks;
        std::this_thread::sleep_for(300ms);
    }
    console.join();
    CHECK_MESSAGE(rc == 0, slurp(dir / "console.log"));
    CHECK(checks > 2);
    CHECK(listed_while_running == 0);

    // Every step the console opened was answered by the twelve simulated participants, and
    // the console led with one button throughout.
    std::set<std::string> answered_steps;
    std::string code;
    for (const json& t : read_trace(trace)) {
        REQUIRE(t.is_object());
        CHECK_MESSAGE(t["what"] != "failed", t.dump());
        if (t["what"] == "trace" || t["what"].get<std::string>().rfind("click ", 0) == 0)
            CHECK_MESSAGE(t["primaries"].size() == 1, t.dump());
        if (t.value("answered", 0) == 12 && t.value("joined", 0) == 12)
            answered_steps.insert(t["current"].get<std::string>());
    }
    CHECK(answered_steps.size() == 2); // the traffic light and its conversation
    // After the end the session is gone: not in the library, nothing stored of it.
    std::this_thread::sleep_for(500ms);
    const json l = admin.request({{"type", "list_sessions"}});
    CHECK(l["sessions"].empty());
    const json health = json::parse(kring::test::http_get(srv.port(), "/healthz").body);
    CHECK(health["sessions"] == 0);
}

} // namespace kring_test_gui_workshop_test
