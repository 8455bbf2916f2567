// The --script runner and the --trace writer (script.hpp).
#include "script.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace kring::client {

namespace {

constexpr double wait_limit_s = 30.0;

nlohmann::json frame_json(const app& a, const char* what) {
    const frame_record& f = this_frame();
    const app::trace_state t = a.traced();
    nlohmann::json primaries = nlohmann::json::array();
    for (const auto& b : f.primaries)
        primaries.push_back(b.label);
    nlohmann::json texts = nlohmann::json::array();
    for (const auto& x : f.texts)
        texts.push_back({{"text", x.text}, {"size", x.size}});
    return {{"what", what},
            {"height", ImGui::GetIO().DisplaySize.y},
            {"rev", t.rev},
            {"current", t.current},
            {"phase", t.phase},
            {"answered", t.answered},
            {"complete", t.complete},
            {"joined", t.joined},
            {"ended", t.ended},
            {"selected", t.selected},
            {"primaries", std::move(primaries)},
            {"texts", std::move(texts)}};
}

} // namespace

bool script_runner::load(const std::string& path, std::string& err) {
    if (path.empty())
        return true;
    std::ifstream in(path);
    if (!in) {
        err = "cannot read the script " + path;
        return false;
    }
    std::string line;
    while (std::getline(in, line)) {
        if (const auto hash = line.find('#'); hash != std::string::npos)
            line.erase(hash);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r'))
            line.pop_back();
        if (line.empty())
            continue;
        std::istringstream words(line);
        std::string cmd;
        words >> cmd;
        if (cmd != "click-primary" && cmd != "click-at" && cmd != "click" &&
            cmd != "double-click" && cmd != "key" && cmd != "wait-answered" &&
            cmd != "wait-complete" && cmd != "wait-phase" && cmd != "wait-ms" &&
            cmd != "wait-ended" && cmd != "wait-open" && cmd != "end-if-ended" && cmd != "trace" &&
            cmd != "shot" && cmd != "type") {
            err = "unknown script command '" + cmd + "'";
            return false;
        }
        commands_.push_back(line);
    }
    if (commands_.empty()) {
        err = "the script " + path + " has no commands";
        return false;
    }
    return true;
}

bool script_runner::open_trace(const std::string& path, std::string& err) {
    if (path.empty())
        return true;
    trace_ = std::fopen(path.c_str(), "w");
    if (!trace_) {
        err = "cannot write the trace " + path;
        return false;
    }
    set_recording(true);
    return true;
}

script_runner::~script_runner() {
    if (trace_)
        std::fclose(trace_);
}

void script_runner::write(const app& a, const char* what) {
    if (!trace_)
        return;
    const std::string line = frame_json(a, what).dump();
    std::fprintf(trace_, "%s\n", line.c_str());
    std::fflush(trace_);
}

void script_runner::fail(const std::string& why) {
    std::fprintf(stderr, "kring: script line %zu ('%s'): %s\n", at_ + 1,
                 at_ < commands_.size() ? commands_[at_].c_str() : "", why.c_str());
    if (trace_) {
        std::fprintf(
            trace_, "%s\n",
            nlohmann::json{{"what", "failed"}, {"line", at_ + 1}, {"why", why}}.dump().c_str());
        std::fflush(trace_);
    }
    done_ = true;
    exit_code_ = 5;
}

bool script_runner::find_clickable(const std::string& label, ImVec2& at) {
    for (const auto& b : this_frame().clickables)
        if (b.label == label) {
            at = {(b.min.x + b.max.x) / 2, (b.min.y + b.max.y) / 2};
            return true;
        }
    return false;
}

void script_runner::inject(ImGuiIO& io) {
    if (key_held_ >= 0) {
        io.KeysDown[key_held_] = false;
        key_held_ = -1;
    }
    if (key_ >= 0) {
        io.KeysDown[key_] = true;
        key_held_ = key_;
        key_ = -1;
    }
    if (!typing_.empty()) {
        io.AddInputCharactersUTF8(typing_.c_str());
        typing_.clear();
    }
    if (state_ == state::press) {
        io.MousePos = target_;
        io.MouseDown[0] = true;
        state_ = state::release;
    } else if (state_ == state::release) {
        io.MousePos = target_;
        io.MouseDown[0] = false;
        state_ = --presses_ > 0 ? state::press : state::settle;
    } else if (active()) {
        // Out of the way between clicks: no hover tooltips over the screenshots.
        io.MousePos = {-1000, -1000};
        io.MouseDown[0] = false;
    }
}

std::string script_runner::after_frame(const app& a, double now) {
    if (done_ || !active())
        return {};
    if (at_ >= commands_.size()) {
        done_ = true;
        return {};
    }
    std::istringstream words(commands_[at_]);
    std::string cmd, arg;
    words >> cmd >> arg;
    const app::trace_state t = a.traced();
    // A practice session is deleted right after its end: remember that the end was seen.
    saw_ended_ = saw_ended_ || t.ended;
    auto advance = [&] {
        ++at_;
        state_ = state::next;
        frames_ = 0;
        since_ = now;
    };
    switch (state_) {
    case state::next:
        // Nothing happens before the session is on the screen.
        if (!a.ready())
            return {};
        since_ = now;
        frames_ = 0;
        if (cmd == "click-primary") {
            const auto& p = this_frame().primaries;
            if (p.size() != 1) {
                std::string labels;
                for (const auto& b : p)
                    labels += (labels.empty() ? "" : ", ") + b.label;
                fail(std::to_string(p.size()) + " highlighted buttons (" + labels + ")");
                return {};
            }
            write(a, ("click " + p[0].label).c_str());
            target_ = {(p[0].min.x + p[0].max.x) / 2, (p[0].min.y + p[0].max.y) / 2};
            rev0_ = t.rev;
            state_ = state::press;
        } else if (cmd == "click-at") {
            float x = 0, y = 0;
            std::istringstream at(commands_[at_]);
            std::string skip;
            if (!(at >> skip >> x >> y)) {
                fail("click-at needs X and Y");
                return {};
            }
            write(a, ("click at " + std::to_string(x) + " " + std::to_string(y)).c_str());
            target_ = {x, y};
            rev0_ = t.rev;
            state_ = state::press;
        } else if (cmd == "click" || cmd == "double-click") {
            // The label is the rest of the line (it may have spaces).
            const std::string& line = commands_[at_];
            const std::string label = line.substr(std::min(line.size(), cmd.size() + 1));
            // Once it is there and stood still for two frames (a panel scrolled into view
            // moves it).
            if (looking_since_ < 0)
                looking_since_ = now;
            ImVec2 at{-1, -1};
            const bool found = find_clickable(label, at);
            still_ = found && at.x == seen_.x && at.y == seen_.y ? still_ + 1 : 0;
            seen_ = at;
            if (still_ < 2) {
                if (now - looking_since_ > wait_limit_s) {
                    std::string labels;
                    for (const auto& b : this_frame().clickables)
                        labels += (labels.empty() ? "" : ", ") + b.label;
                    fail(found ? "'" + label + "' does not stand still"
                               : "no item '" + label + "' on the screen (" + labels + ")");
                }
                return {};
            }
            looking_since_ = -1;
            still_ = 0;
            seen_ = {-1, -1};
            target_ = at;
            write(a, (cmd + " " + label).c_str());
            rev0_ = t.rev;
            presses_ = cmd == "double-click" ? 2 : 1;
            state_ = state::press;
        } else if (cmd == "trace") {
            write(a, "trace");
            advance();
        } else if (cmd == "end-if-ended") {
            if (saw_ended_) {
                write(a, "ended");
                done_ = true;
            } else {
                advance();
            }
        } else if (cmd == "shot") {
            advance();
            return arg;
        } else {
            state_ = state::wait;
        }
        return {};
    case state::press:
    case state::release:
        return {};
    case state::settle:
        // The click was sent: wait for the reply and a newer view (a few frames at least, so
        // the screen shows it).
        ++frames_;
        if (frames_ >= 4 && !a.busy() && (t.rev != rev0_ || cmd != "click-primary"))
            advance();
        else if (now - since_ > wait_limit_s)
            fail(cmd != "click-primary" ? "no reply after the click"
                                        : "no newer view after the click");
        return {};
    case state::wait: {
        ++frames_;
        bool met = false;
        if (cmd == "wait-answered")
            met = t.answered >= static_cast<std::uint32_t>(std::stoul(arg.empty() ? "0" : arg));
        else if (cmd == "wait-complete")
            met = t.complete >= static_cast<std::uint32_t>(std::stoul(arg.empty() ? "0" : arg));
        else if (cmd == "wait-phase")
            met = t.phase == arg;
        else if (cmd == "wait-ended")
            met = t.ended;
        else if (cmd == "wait-open")
            met = t.current == arg && t.phase == "open";
        else if (cmd == "type") {
            // The rest of the line, as keys typed into the field that has the keyboard: a few
            // frames after the screen appeared (a field given the keyboard takes it in the
            // next frame), then a few for the screen to follow.
            if (frames_ == 3) {
                const std::string& line = commands_[at_];
                typing_ = line.substr(std::min(line.size(), line.find("type") + 5));
            }
            met = frames_ >= 8;
        } else if (cmd == "key") {
            // Pressed in one frame, released in the next, a few frames after the last command.
            if (frames_ == 2) {
                const ImGuiKey key = arg == "escape"  ? ImGuiKey_Escape
                                     : arg == "enter" ? ImGuiKey_Enter
                                     : arg == "up"    ? ImGuiKey_UpArrow
                                     : arg == "down"  ? ImGuiKey_DownArrow
                                                      : ImGuiKey_COUNT;
                if (key == ImGuiKey_COUNT) {
                    fail("no key '" + arg + "' (escape, enter, up, down)");
                    return {};
                }
                key_ = ImGui::GetKeyIndex(key);
            }
            met = frames_ >= 6;
        } else if (cmd == "wait-ms")
            met = (now - since_) * 1000.0 >= std::stod(arg.empty() ? "0" : arg);
        // wait-ended waits as long as its argument says (default 10 minutes).
        const double limit = cmd == "wait-ended"  ? (arg.empty() ? 600.0 : std::stod(arg))
                             : cmd == "wait-open" ? 600.0
                                                  : wait_limit_s;
        if (met && frames_ >= 2)
            advance();
        else if (now - since_ > limit)
            fail("waited " + std::to_string(static_cast<int>(limit)) + " s in vain");
        return {};
    }
    }
    return {};
}

void script_runner::trace_changes(const app& a) {
    if (!trace_)
        return;
    nlohmann::json j = frame_json(a, "frame");
    const std::string key = j["current"].dump() + j["phase"].dump() + j["texts"].dump() +
                            j["primaries"].dump() + j["ended"].dump();
    if (key == last_traced_)
        return;
    last_traced_ = key;
    const std::string line = j.dump();
    std::fprintf(trace_, "%s\n", line.c_str());
    std::fflush(trace_);
}

} // namespace kring::client
