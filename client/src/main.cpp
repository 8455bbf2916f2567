// kring: the desktop client of Kring.
//
//   kring [--server HOST:PORT] [--mode facilitator|projector|participant] [--code CODE]
//         [--template ID] [--lang nl|en] [--join-url URL] [--show reasons,cards,summary,qr]
//         [--fullscreen] [--theme light|dark] [--open PANELS]
//         [--frames N --screenshot FILE.png] [--width W --height H]
//   kring --export html|md|json|csv [--step ID] [--out DIR] --code CODE [--server HOST:PORT]
//
// The main thread owns GLFW, the ImGui context and the app; the network runs on its own
// thread (net/connection.hpp) and wakes the main thread with glfwPostEmptyEvent.
#include "backend_glfw.hpp"
#include "script.hpp"
#include "record/export_cli.hpp"
#include "ui/app.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

using kring::client::app_mode;
using kring::client::options;

void usage(FILE* out) {
    std::fputs(
        "usage: kring [--server HOST:PORT] [--mode facilitator|projector|participant]\n"
        "             [--code CODE] [--template ID] [--lang nl|en] [--join-url URL]\n"
        "             [--show reasons,cards,summary,qr] [--fullscreen] [--theme light|dark]\n"
        "             [--open guide,notes,tallies,devices,library,agenda,photos,plan,images]\n"
        "             [--admin-token T]\n"
        "             [--frames N --screenshot FILE.png] [--width W --height H]\n"
        "       kring --export html|md|json|csv [--step ID] [--out DIR] --code CODE\n"
        "\n"
        "  --server HOST:PORT  kring-server to connect to (default 127.0.0.1:8080)\n"
        "  --mode MODE         facilitator console (default), projector or participant\n"
        "  --code CODE         join code of the session (a facilitator needs its remembered key)\n"
        "  --template ID       facilitator: create a session from this template at once\n"
        "  --practice          with --template: a practice session (as 'Probeer uit')\n"
        "  --lang nl|en        language of the screens (default nl)\n"
        "  --join-url URL      projector: the address participants open (default: the one the\n"
        "                      server announces, else http://HOST:PORT/)\n"
        "  --show WHAT         projector: start with reasons, cards, the summary and/or the\n"
        "                      big QR code shown (keys R, C, S and Q toggle them)\n"
        "  --fullscreen        full screen on the primary monitor (F11 toggles it)\n"
        "  --theme light|dark  projector: the theme (default: the saved one; T toggles it)\n"
        "  --open PANELS       console: open these panels from the start (guide, notes,\n"
        "                      tallies, devices, library, photos: the photo step's\n"
        "                      moderation in view; plan: a floor plan's pins or routes in\n"
        "                      view; images: an image choice's own images in view;\n"
        "                      agenda with --template ID edits that template)\n"
        "  --export FORMAT     write the session's export (html, md, json, csv) and exit;\n"
        "                      needs --code of a session this computer facilitates\n"
        "  --step ID           with --export csv: the step\n"
        "  --admin-token T     the server's admin token, or on a hosted server your\n"
        "                      organisation's key (sessions library and agenda editor\n"
        "                      from another computer than the server)\n"
        "  --out DIR           with --export: the folder (default ~/Documents/Kring)\n"
        "  --frames N          render N frames once live data arrived (and the images on\n"
        "                      screen, at most 10 s more), then exit (tests)\n"
        "  --script FILE       run a test's input script (client/src/script.hpp), then exit\n"
        "  --trace FILE        write what the screen shows as JSON lines (tests)\n"
        "  --plan-file FILE    console: send this PNG or JPEG as the own plan of the\n"
        "                      session's first floor plan step once joined (tests)\n"
        "  --deck-file FILE    console: send this PNG or JPEG as an own image of the\n"
        "                      session's first image choice step once joined\n"
        "  --screenshot FILE   with --frames: write the last frame as PNG\n"
        "  --width W --height H  window size (default 1280 x 800)\n"
        "\n"
        "With --frames the exit code is 0 when live data was shown, 2 when none arrived\n"
        "within 10 s, 3 when the screenshot could not be written, 4 when the server\n"
        "refused to join (unknown code, …; the message is on the screenshot).\n",
        out);
}

bool parse_int(const char* s, int& out) {
    char* end = nullptr;
    const long v = std::strtol(s, &end, 10);
    if (!end || *end != '\0' || v < 0 || v > 100000)
        return false;
    out = static_cast<int>(v);
    return true;
}

/** Parses argv into opt; prints a message and returns false on a bad command line. */
bool parse_args(int argc, char** argv, options& opt) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        auto value = [&](const char*& out) {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "kring: %s needs a value\n", argv[i]);
                return false;
            }
            out = argv[++i];
            return true;
        };
        const char* v = nullptr;
        if (a == "--help" || a == "-h") {
            usage(stdout);
            std::exit(0);
        } else if (a == "--fullscreen") {
            opt.fullscreen = true;
        } else if (a == "--server") {
            if (!value(v))
                return false;
            const std::string s = v;
            const auto colon = s.rfind(':');
            if (colon == std::string::npos || colon == 0 || colon + 1 == s.size()) {
                std::fprintf(stderr, "kring: --server wants HOST:PORT, got '%s'\n", v);
                return false;
            }
            opt.host = s.substr(0, colon);
            opt.port = s.substr(colon + 1);
        } else if (a == "--mode") {
            if (!value(v))
                return false;
            const std::string_view m = v;
            if (m == "facilitator")
                opt.mode = app_mode::facilitator;
            else if (m == "projector")
                opt.mode = app_mode::projector;
            else if (m == "participant")
                opt.mode = app_mode::participant;
            else {
                std::fprintf(stderr, "kring: unknown --mode '%s'\n", v);
                return false;
            }
        } else if (a == "--code") {
            if (!value(v))
                return false;
            opt.code = v;
        } else if (a == "--template") {
            if (!value(v))
                return false;
            opt.template_id = v;
        } else if (a == "--practice") {
            opt.practice = true;
        } else if (a == "--lang") {
            if (!value(v))
                return false;
            const std::string_view l = v;
            if (l != "nl" && l != "en") {
                std::fprintf(stderr, "kring: --lang is nl or en, got '%s'\n", v);
                return false;
            }
            opt.language = l == "en" ? kring::lang::en : kring::lang::nl;
            opt.language_given = true;
        } else if (a == "--show") {
            if (!value(v))
                return false;
            // A comma-separated list; kept as the first letters: r, c, s.
            std::string list = std::string(v) + ",";
            for (std::size_t p = 0, q; (q = list.find(',', p)) != std::string::npos; p = q + 1) {
                const std::string w = list.substr(p, q - p);
                if (w == "reasons" || w == "cards" || w == "summary" || w == "qr")
                    opt.show += w[0];
                else if (!w.empty()) {
                    std::fprintf(stderr,
                                 "kring: --show takes reasons, cards, summary, qr; got '%s'\n",
                                 w.c_str());
                    return false;
                }
            }
        } else if (a == "--theme") {
            if (!value(v))
                return false;
            const std::string_view t = v;
            if (t != "light" && t != "dark") {
                std::fprintf(stderr, "kring: --theme is light or dark, got '%s'\n", v);
                return false;
            }
            opt.theme = v;
        } else if (a == "--admin-token") {
            if (!value(v))
                return false;
            opt.admin_token = v;
        } else if (a == "--open") {
            if (!value(v))
                return false;
            opt.open_panels = v;
        } else if (a == "--export") {
            if (!value(v))
                return false;
            const std::string_view f = v;
            if (f != "html" && f != "md" && f != "json" && f != "csv") {
                std::fprintf(stderr, "kring: --export is html, md, json or csv, got '%s'\n", v);
                return false;
            }
            opt.export_format = v;
        } else if (a == "--step") {
            if (!value(v))
                return false;
            opt.export_step = v;
        } else if (a == "--out") {
            if (!value(v))
                return false;
            opt.export_dir = v;
        } else if (a == "--join-url") {
            if (!value(v))
                return false;
            opt.join_url = v;
        } else if (a == "--script") {
            if (!value(v))
                return false;
            opt.script = v;
        } else if (a == "--plan-file") {
            if (!value(v))
                return false;
            opt.plan_file = v;
        } else if (a == "--deck-file") {
            if (!value(v))
                return false;
            opt.deck_file = v;
        } else if (a == "--trace") {
            if (!value(v))
                return false;
            opt.trace = v;
        } else if (a == "--screenshot") {
            if (!value(v))
                return false;
            opt.screenshot = v;
        } else if (a == "--frames" || a == "--width" || a == "--height") {
            if (!value(v))
                return false;
            int n = 0;
            if (!parse_int(v, n) || (a != "--frames" && n < 100)) {
                std::fprintf(stderr, "kring: bad value for %s: '%s'\n", argv[i - 1], v);
                return false;
            }
            (a == "--frames" ? opt.frames : a == "--width" ? opt.width : opt.height) = n;
        } else {
            std::fprintf(stderr, "kring: unknown argument '%s'\n", argv[i]);
            usage(stderr);
            return false;
        }
    }
    if (opt.export_format == "csv" && opt.export_step.empty()) {
        std::fprintf(stderr, "kring: --export csv needs --step ID\n");
        return false;
    }
    if (!opt.export_format.empty() && opt.code.empty()) {
        std::fprintf(stderr, "kring: --export needs --code CODE\n");
        return false;
    }
    if (!opt.screenshot.empty() && opt.frames <= 0) {
        std::fprintf(stderr, "kring: --screenshot needs --frames N\n");
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    using namespace kring::client;
    using clock = std::chrono::steady_clock;

    options opt;
    if (!parse_args(argc, argv, opt))
        return 64;

    if (!opt.export_format.empty())
        return run_export(opt);

    script_runner runner;
    if (std::string err; !runner.load(opt.script, err) || !runner.open_trace(opt.trace, err)) {
        std::fprintf(stderr, "kring: %s\n", err.c_str());
        return 64;
    }

    const char* titles[] = {"Kring — facilitator", "Kring — projector", "Kring"};
    backend_glfw backend;
    if (!backend.init(titles[static_cast<int>(opt.mode)], opt.width, opt.height, opt.fullscreen,
                      opt.frames > 0 || runner.active())) {
        std::fprintf(stderr, "kring: cannot open a window (is DISPLAY set?)\n");
        return 1;
    }

    app application(opt, &backend_glfw::wake);
    application.set_content_scale(backend.content_scale());

    // Fonts follow the window size; a resize rebuilds them once the size has settled.
    ImVec2 font_for{0, 0};
    ImVec2 last_size = backend.size();
    auto size_changed_at = clock::now();
    auto build_fonts = [&](ImVec2 s) {
        float base = 0, huge = 0;
        application.font_sizes(s, base, huge);
        application.set_fonts(backend.rebuild_fonts(base, huge));
        font_for = s;
    };
    build_fonts(last_size);
    application.start();

    // --frames: wait (at most 10 s) for live data, then render N frames and exit.
    const auto deadline = clock::now() + std::chrono::seconds(10);
    bool counting = false;
    bool timed_out = false;
    bool join_failed = false;
    int rendered = 0;
    int exit_code = 0;
    // Images and photos on their way hold the count (at most 10 s more), so that the
    // screenshot shows them rather than their placeholders.
    auto load_deadline = deadline;
    int settle_frames = 3; // ImGui needs a frame or two to lay out after a change

    while (!backend.should_close()) {
        if (application.poll_network())
            settle_frames = 3;

        const ImVec2 s = backend.size();
        if (s.x != last_size.x || s.y != last_size.y) {
            last_size = s;
            size_changed_at = clock::now();
            settle_frames = 3;
        }
        if ((s.x != font_for.x || s.y != font_for.y) && s.x > 0 && s.y > 0 &&
            clock::now() - size_changed_at > std::chrono::milliseconds(250)) {
            float base = 0, huge = 0;
            application.font_sizes(s, base, huge);
            if (std::abs(base - application.font_base()) > 0.5f)
                build_fonts(s);
            else
                font_for = s;
        }

        if (opt.frames > 0 && !counting &&
            (application.ready() || application.failed() || clock::now() > deadline)) {
            counting = true;
            load_deadline = clock::now() + std::chrono::seconds(10);
            if (application.failed()) {
                join_failed = true;
                std::fprintf(stderr, "kring: the server refused to join; rendering the message\n");
            } else if (!application.ready()) {
                timed_out = true;
                std::fprintf(stderr, "kring: no live data within 10 s; rendering anyway\n");
            }
        }
        const bool settled = !application.loading() || clock::now() > load_deadline;
        const bool last = counting && settled && rendered + 1 >= opt.frames;

        // F11 (any screen) or the projector's button: full screen on the window's monitor.
        if (backend.f11_pressed() || application.take_fullscreen_request())
            backend.toggle_fullscreen();
        application.set_content_scale(backend.content_scale());

        this_frame() = {};
        if (runner.active())
            backend.begin_frame([&] { runner.inject(ImGui::GetIO()); });
        else
            backend.begin_frame();
        application.frame();
        const std::string shot = runner.after_frame(application, ImGui::GetTime());
        runner.trace_changes(application);
        if (!backend.end_frame(last ? opt.screenshot : shot))
            exit_code = 3;
        if (runner.active()) {
            // A script runs frame after frame until it ends.
            if (runner.done()) {
                exit_code = runner.exit_code();
                break;
            }
            backend.wait(0.01);
            continue;
        }

        if (opt.frames > 0) {
            if (counting && settled && ++rendered >= opt.frames)
                break;
            // While waiting for data, sleep until the network wakes us (or 50 ms pass).
            if (counting && settled)
                backend.poll();
            else
                backend.wait(0.05);
        } else if (settle_frames > 0) {
            --settle_frames;
            backend.poll();
        } else {
            // Idle: sleep until input, a network event (glfwPostEmptyEvent) or a clock tick
            // for the reconnect countdown and fading messages.
            backend.wait(0.5);
            settle_frames = 1;
        }
    }
    // --frames exit codes: 0 live data shown, 2 nothing arrived in time, 3 screenshot not
    // written, 4 the server refused to join (the message was shown).
    if (timed_out && exit_code == 0)
        exit_code = 2;
    if (join_failed && exit_code == 0)
        exit_code = 4;
    return exit_code;
}
