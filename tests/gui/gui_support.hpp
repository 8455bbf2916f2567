// What the GUI tests share: running the real client under Xvfb, reading its screenshots
// pixel by pixel, and a live session on a real kring-server driven over WebSocket.
#pragma once

#include "http_client.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

#include "kring/rules.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <stb_image.h>
#include <stb_image_write.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace kring::gui_test {

namespace fs = std::filesystem;
using kring::test::server_process;
using kring::test::ws_client;
using nlohmann::json;

struct rgb {
    int r, g, b;
};

/** "#rrggbb" as a colour. */
inline rgb rgb_of(const std::string& hex) {
    const unsigned long v = std::stoul(hex.substr(1), nullptr, 16);
    return {static_cast<int>((v >> 16) & 0xff), static_cast<int>((v >> 8) & 0xff),
            static_cast<int>(v & 0xff)};
}

/** The traffic-light colour of the rules the server sends (rules.hpp), which the client draws. */
inline rgb light_rgb(const char* id) {
    for (const auto& w : kring::light_words())
        if (w.id == id)
            return rgb_of(w.colour);
    return {0, 0, 0};
}
inline const rgb green = light_rgb("green");
inline const rgb orange = light_rgb("orange");
inline const rgb red = light_rgb("red");
// The charts of the other kinds (client/src/ui/widgets.hpp).
constexpr rgb accent{0x1f, 0x4e, 0x79};
constexpr rgb accent_light{0x7d, 0xa2, 0xc4};
constexpr rgb gap_bg{0xfb, 0xe4, 0xe1};
constexpr rgb gap_ink{0xb3, 0x26, 0x1e}; // the word "gat" and the gaps named in words
constexpr rgb cloud_teal{0x0f, 0x6e, 0x66};
constexpr rgb cloud_plum{0x6d, 0x3b, 0x7d};

constexpr int width = 1280;
constexpr int height = 800;

//------------------------------------------------------------------------------
// Running things

inline std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

/** Runs a shell command; returns its exit status (or -1 when it did not exit normally). */
inline int run(const std::string& cmd) {
    const int st = std::system(cmd.c_str());
    if (st == -1 || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st);
}

/** Runs a command and returns what it printed on stdout. */
inline std::string capture(const std::string& cmd) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p)
        return out;
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0)
        out.append(buf.data(), n);
    ::pclose(p);
    return out;
}

inline std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline fs::path shots_dir() {
    fs::path d = KRING_SHOTS_DIR;
    fs::create_directories(d);
    return d;
}

/** A fresh, empty XDG_CONFIG_HOME for one client run. */
inline fs::path fresh_config_home(const std::string& name) {
    fs::path d = fs::path(KRING_SHOTS_DIR) / "config" / name;
    fs::remove_all(d);
    fs::create_directories(d / "kring");
    return d;
}

/**
 * Renders the client under Xvfb: `kring <args> --frames 8 --screenshot <png>` at 1280x800,
 * with software GL and the given XDG_CONFIG_HOME (and HOME, when `home` is given). Returns the
 * client's exit status; its output goes to <png>.log.
 */
inline int run_client(const std::vector<std::string>& args, const fs::path& png,
                      const fs::path& config_home, const fs::path& home = {}) {
    fs::remove(png);
    std::string cmd = "env XDG_CONFIG_HOME=" + quote(config_home.string()) +
                      (home.empty() ? std::string() : " HOME=" + quote(home.string())) +
                      " LIBGL_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=llvmpipe"
                      // Mesa's software driver leaks a few bytes when it is unloaded at exit, in
                      // a module LeakSanitizer can no longer name; the client's other ASan
                      // checks stay on, and the unit and server tests keep leak detection.
                      " ASAN_OPTIONS=detect_leaks=0:abort_on_error=1"
                      " timeout 90 " +
                      quote(KRING_WITH_XVFB) + " " + quote(KRING_CLIENT_BIN);
    for (const auto& a : args)
        cmd += " " + quote(a);
    cmd += " --frames 8 --width " + std::to_string(width) + " --height " + std::to_string(height) +
           " --screenshot " + quote(png.string()) + " > " + quote(png.string() + ".log") + " 2>&1";
    const int rc = run(cmd);
    if (rc != 0 && rc != 4)
        MESSAGE("client output:\n" << slurp(png.string() + ".log"));
    return rc;
}

//------------------------------------------------------------------------------
// Looking at pixels

struct image {
    int w = 0, h = 0;
    std::vector<unsigned char> px; // RGBA

    bool is(int x, int y, rgb c, int tol = 12) const {
        const unsigned char* p = &px[(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) +
                                      static_cast<std::size_t>(x)) *
                                     4];
        return std::abs(p[0] - c.r) <= tol && std::abs(p[1] - c.g) <= tol &&
               std::abs(p[2] - c.b) <= tol;
    }
    int count(rgb c) const {
        int n = 0;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                n += is(x, y, c);
        return n;
    }
    /** Pixels of colour c inside [x0, x1) x [y0, y1). */
    int count_in(rgb c, int x0, int y0, int x1, int y1, int tol = 12) const {
        int n = 0;
        for (int y = std::max(0, y0); y < std::min(h, y1); ++y)
            for (int x = std::max(0, x0); x < std::min(w, x1); ++x)
                n += is(x, y, c, tol);
        return n;
    }
    /** Sizes of the 4-connected regions of colour c inside the rectangle, largest first. */
    std::vector<int> components(rgb c, int x0, int y0, int x1, int y1, int tol = 6) const {
        std::vector<int> sizes;
        std::vector<char> seen(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), 0);
        auto at = [&](int x, int y) {
            return static_cast<std::size_t>(y) * static_cast<std::size_t>(w) +
                   static_cast<std::size_t>(x);
        };
        for (int y = std::max(0, y0); y < std::min(h, y1); ++y)
            for (int x = std::max(0, x0); x < std::min(w, x1); ++x) {
                if (seen[at(x, y)] || !is(x, y, c, tol))
                    continue;
                int n = 0;
                std::vector<std::pair<int, int>> stack{{x, y}};
                seen[at(x, y)] = 1;
                while (!stack.empty()) {
                    auto [px, py] = stack.back();
                    stack.pop_back();
                    ++n;
                    const int nb[4][2] = {{px + 1, py}, {px - 1, py}, {px, py + 1}, {px, py - 1}};
                    for (const auto& q : nb)
                        if (q[0] >= std::max(0, x0) && q[0] < std::min(w, x1) &&
                            q[1] >= std::max(0, y0) && q[1] < std::min(h, y1) &&
                            !seen[at(q[0], q[1])] && is(q[0], q[1], c, tol)) {
                            seen[at(q[0], q[1])] = 1;
                            stack.push_back({q[0], q[1]});
                        }
                }
                sizes.push_back(n);
            }
        std::sort(sizes.rbegin(), sizes.rend());
        return sizes;
    }
    /** Per row y (rows above y0 count zero), the number of pixels of colour c (for bar lengths). */
    std::vector<int> row_counts(rgb c, int x0, int x1, int y0, int tol = 12) const {
        std::vector<int> out(static_cast<std::size_t>(h), 0);
        for (int y = std::max(0, y0); y < h; ++y)
            out[static_cast<std::size_t>(y)] = count_in(c, x0, y, x1, y + 1, tol);
        return out;
    }
};

/**
 * Horizontal bars of one colour: consecutive rows with at least `min_len` such pixels form
 * one bar; returns each bar's top row and its length (the most pixels of any of its rows).
 */
inline std::vector<std::pair<int, int>> bars(const std::vector<int>& rows, int min_len) {
    std::vector<std::pair<int, int>> out;
    bool in = false;
    for (std::size_t y = 0; y < rows.size(); ++y) {
        if (rows[y] >= min_len) {
            if (!in)
                out.push_back({static_cast<int>(y), 0});
            in = true;
            out.back().second = std::max(out.back().second, rows[y]);
        } else {
            in = false;
        }
    }
    // Bars are taller than a few rows; thinner runs are text or lines.
    std::erase_if(out, [&](const std::pair<int, int>& b) {
        int n = 0;
        for (std::size_t y = static_cast<std::size_t>(b.first);
             y < rows.size() && rows[y] >= min_len; ++y)
            ++n;
        return n < 8;
    });
    return out;
}

/** The most frequent colour of a PNG file's pixels (the image's dominant colour). */
inline rgb dominant_color(const std::string& png_bytes) {
    int w = 0, h = 0, n = 0;
    unsigned char* data =
        stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png_bytes.data()),
                              static_cast<int>(png_bytes.size()), &w, &h, &n, 3);
    if (!data)
        return {-1000, -1000, -1000};
    std::map<int, int> freq;
    for (int i = 0; i < w * h; ++i)
        ++freq[(data[i * 3] << 16) | (data[i * 3 + 1] << 8) | data[i * 3 + 2]];
    stbi_image_free(data);
    auto best = std::max_element(freq.begin(), freq.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    return {best->first >> 16, (best->first >> 8) & 0xff, best->first & 0xff};
}

inline int distance(rgb a, rgb b) {
    return std::max({std::abs(a.r - b.r), std::abs(a.g - b.g), std::abs(a.b - b.b)});
}

inline image load_png(const fs::path& p) {
    image img;
    int n = 0;
    unsigned char* data = stbi_load(p.c_str(), &img.w, &img.h, &n, 4);
    if (!data)
        return img;
    img.px.assign(data,
                  data + static_cast<std::size_t>(img.w) * static_cast<std::size_t>(img.h) * 4);
    stbi_image_free(data);
    return img;
}

/** A client's --trace: one JSON object per line (client/src/script.hpp). */
inline std::vector<json> read_trace(const fs::path& p) {
    std::vector<json> out;
    std::ifstream in(p);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty())
            out.push_back(json::parse(line, nullptr, false));
    return out;
}

/** The trace's last frame: what the screen showed when the client stopped. */
inline json last_frame(const fs::path& p) {
    const std::vector<json> all = read_trace(p);
    REQUIRE_MESSAGE(!all.empty(), "no trace in " << p.string());
    return all.back();
}

/** The largest patch of colour c in the image (tolerance for JPEG and texture filtering). */
inline int largest_patch(const image& img, rgb c, int y0 = 0) {
    const std::vector<int> sizes = img.components(c, 0, y0, img.w, img.h, 10);
    return sizes.empty() ? 0 : sizes.front();
}

/** Every text a --trace recorded, with its largest size. */
inline std::map<std::string, float> traced_texts(const fs::path& trace) {
    std::map<std::string, float> out;
    for (const json& f : read_trace(trace))
        if (f.contains("texts"))
            for (const json& t : f["texts"]) {
                const std::string s = t.value("text", "");
                out[s] = std::max(out[s], t.value("size", 0.0f));
            }
    return out;
}

//------------------------------------------------------------------------------
// Photos (docs/protocol.md section 7)

/** A JPEG of w x h pixels, all of colour c. */
inline std::string solid_jpeg(int w, int h, rgb c) {
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
    for (std::size_t i = 0; i < px.size(); i += 3) {
        px[i] = static_cast<unsigned char>(c.r);
        px[i + 1] = static_cast<unsigned char>(c.g);
        px[i + 2] = static_cast<unsigned char>(c.b);
    }
    std::string out;
    const int ok = stbi_write_jpg_to_func(
        [](void* ctx, void* data, int size) {
            static_cast<std::string*>(ctx)->append(static_cast<const char*>(data),
                                                   static_cast<std::size_t>(size));
        },
        &out, w, h, 3, px.data(), 95);
    REQUIRE(ok != 0);
    return out;
}

/** encodeURIComponent, as a phone encodes the caption. */
inline std::string percent_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || std::strchr("-_.!~*'()", c)) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

struct http_reply {
    int status = 0;
    std::string body;
};

/** Sends a raw HTTP/1.1 request to 127.0.0.1:port and reads the reply until the server closes. */
inline http_reply raw_http(int port, const std::string& request) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    timeval tv{20, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        FAIL("cannot connect to the server");
    }
    for (std::size_t sent = 0; sent < request.size();) {
        const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0)
            break; // the server may answer (an error) before it read everything
        sent += static_cast<std::size_t>(n);
    }
    std::string in;
    char buf[8192];
    for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            break;
        in.append(buf, static_cast<std::size_t>(n));
        // Enough once the body announced by Content-Length is here (a server may keep the
        // connection open despite "Connection: close").
        const auto head_end = in.find("\r\n\r\n");
        if (head_end == std::string::npos)
            continue;
        std::string head = in.substr(0, head_end);
        for (char& c : head)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto cl = head.find("content-length:");
        if (cl != std::string::npos && in.size() - head_end - 4 >= std::stoul(head.substr(cl + 15)))
            break;
    }
    ::close(fd);
    http_reply r;
    if (in.rfind("HTTP/1.", 0) == 0 && in.size() > 12)
        r.status = std::stoi(in.substr(9, 3));
    if (const auto head_end = in.find("\r\n\r\n"); head_end != std::string::npos)
        r.body = in.substr(head_end + 4);
    return r;
}

/**
 * A participant (its resume token) sends a photo to a photo step, the way a phone does
 * (POST /photos/<code>); returns the pending photo's id.
 */
inline std::string post_photo(int port, const std::string& code, const std::string& token,
                              const std::string& step, const std::string& jpeg,
                              const std::string& caption, const std::string& category,
                              const std::string& upload_key) {
    const std::string req =
        "POST /photos/" + code + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
        "\r\nAuthorization: Bearer " + token +
        "\r\nContent-Type: image/jpeg\r\nContent-Length: " + std::to_string(jpeg.size()) +
        "\r\nKring-Step: " + step + "\r\nKring-Upload: " + upload_key +
        "\r\nKring-Caption: " + percent_encode(caption) + "\r\nKring-Category: " + category +
        "\r\nConnection: close\r\n\r\n" + jpeg;
    const http_reply r = raw_http(port, req);
    INFO("POST /photos/" << code << " -> " << r.status << " " << r.body);
    REQUIRE(r.status == 201);
    const json j = json::parse(r.body, nullptr, false);
    REQUIRE(j.is_object());
    REQUIRE(j["type"] == "photo");
    REQUIRE(j["status"] == "pending");
    return j["id"].get<std::string>();
}

//------------------------------------------------------------------------------
// Floor plans

constexpr rgb ink{0x22, 0x25, 0x2b};

/** The plan's rectangle on a screenshot, in pixels. */
struct plan_rect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool valid() const { return x1 - x0 > 200 && y1 - y0 > 150; }
    int px(double x) const { return x0 + static_cast<int>(std::lround(x * (x1 - x0))); }
    int py(double y) const { return y0 + static_cast<int>(std::lround(y * (y1 - y0))); }
};

/** The longest run of colour c along a row (dx = 1) or a column (dx = 0) of the image. */
inline int longest_run(const image& img, rgb c, int fixed, bool row, int from, int to, int tol) {
    int best = 0, run = 0;
    for (int i = from; i < to; ++i) {
        const bool on = row ? img.is(i, fixed, c, tol) : img.is(fixed, i, c, tol);
        run = on ? run + 1 : 0;
        best = std::max(best, run);
    }
    return best;
}

// Below the projector's header (title, "n of m answered", the code in accent blue).
constexpr int body_top = 150;

/**
 * The plan: its outline is the only long straight line in ink below the header (the rooms are
 * outlined in a lighter grey, text runs are short).
 */
inline plan_rect find_plan(const image& img) {
    plan_rect r{img.w, img.h, -1, -1};
    const int top = body_top - 40;
    for (int y = top; y < img.h; ++y)
        if (longest_run(img, ink, y, true, 0, img.w, 40) >= 300) {
            r.y0 = std::min(r.y0, y);
            r.y1 = std::max(r.y1, y);
        }
    if (r.y1 < 0)
        return {};
    for (int x = 0; x < img.w; ++x)
        if (longest_run(img, ink, x, false, r.y0, r.y1 + 1, 40) >= (r.y1 - r.y0) / 2) {
            r.x0 = std::min(r.x0, x);
            r.x1 = std::max(r.x1, x);
        }
    if (r.x1 < 0)
        return {};
    return r;
}

/** The tone's colour in the rules the server sent (welcome.rules.pin_tones). */
inline rgb tone_rgb(const json& welcome, const std::string& id) {
    for (const json& t : welcome["rules"]["pin_tones"])
        if (t["id"] == id)
            return rgb_of(t["colour"].get<std::string>());
    FAIL("no pin tone " << id << " in " << welcome["rules"].dump());
    return {0, 0, 0};
}

/** One pin of a floor_plan answer in pins mode. */
inline json pin(const std::string& id, double x, double y, const std::string& category,
                const std::string& comment = {}) {
    json p{{"id", id}, {"x", x}, {"y", y}, {"category", category}};
    if (!comment.empty())
        p["comment"] = comment;
    return p;
}

/** A session of `template_id` on its own server (rate limit lifted: tests answer fast). */
struct live_session {
    server_process server;
    ws_client facilitator;
    std::string code;
    std::string secret;
    json welcome;
    std::vector<std::unique_ptr<ws_client>> people;
    std::vector<std::string> tokens; // the participants' resume tokens, as people

    live_session(const std::string& template_id, int participants,
                 std::vector<std::string> server_args = {})
        : server([&] {
              server_args.insert(server_args.end(), {"--rate", "100000"});
              return server_args;
          }()),
          facilitator(server.port()) {
        json r = facilitator.request(
            {{"type", "create_session"}, {"protocol_version", 1}, {"template", template_id}});
        REQUIRE_MESSAGE(r["type"] == "session_created", r.dump());
        code = r["join_code"].get<std::string>();
        secret = r["facilitator_secret"].get<std::string>();
        welcome = facilitator.recv_until([](const json& m) { return m["type"] == "welcome"; });
        for (int i = 0; i < participants; ++i) {
            people.push_back(std::make_unique<ws_client>(server.port()));
            json w = people.back()->request({{"type", "join"},
                                             {"protocol_version", 1},
                                             {"code", code},
                                             {"role", "participant"}});
            REQUIRE(w["type"] == "welcome");
            tokens.push_back(w["resume_token"].get<std::string>());
        }
    }

    std::string server_arg() const { return "127.0.0.1:" + std::to_string(server.port()); }

    const json& step(const std::string& id) const {
        for (const json& s : welcome["session"]["steps"])
            if (s["id"] == id)
                return s;
        FAIL("no step " << id);
        static json none;
        return none;
    }

    void control(const std::string& action, const std::string& step_id,
                 json extra = json::object()) {
        json m{{"type", "control"}, {"action", action}, {"step", step_id}};
        m.update(extra);
        json r = facilitator.request(m);
        REQUIRE_MESSAGE(r["type"] == "ack", action << " " << r.dump());
    }

    void answer(std::size_t who, const std::string& step_id, const json& value,
                const std::string& item = {}, const std::string& comment = {}) {
        json m{{"type", "answer"}, {"step", step_id}, {"value", value}};
        if (!item.empty())
            m["item"] = item;
        if (!comment.empty())
            m["comment"] = comment;
        json r = people.at(who)->request(m);
        REQUIRE_MESSAGE(r["type"] == "ack", m.dump() << " -> " << r.dump());
    }

    /** The facilitator's current view (a sync, then the view that follows it). */
    json view() {
        facilitator.request({{"type", "sync"}});
        return facilitator.recv_until([](const json& m) { return m["type"] == "view"; });
    }

    /** The facilitator's device list once it holds `count` devices (it follows a sync). */
    json devices(std::size_t count) {
        facilitator.request({{"type", "sync"}});
        return facilitator.recv_until([count](const json& m) {
            return m["type"] == "devices" && m["devices"].size() == count;
        });
    }

    /** Participant `who` sends a photo to the photo step `step_id`; returns its id (pending). */
    std::string send_photo(std::size_t who, const std::string& step_id, const std::string& jpeg,
                           const std::string& caption, const std::string& category,
                           const std::string& upload_key) {
        return post_photo(server.port(), code, tokens.at(who), step_id, jpeg, caption, category,
                          upload_key);
    }

    json result(const std::string& step_id) {
        const json v = view();
        for (const json& r : v["results"])
            if (r["step"] == step_id)
                return r;
        FAIL("no result for " << step_id << " in " << v.dump().substr(0, 3000));
        return {};
    }

    /** Renders the projector (1280x800) into shots/<name>.png and loads it. */
    image projector(const std::string& name, std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"--mode",     "projector", "--server",
                                         server_arg(), "--code",    code};
        args.insert(args.end(), extra.begin(), extra.end());
        const fs::path png = shots_dir() / (name + ".png");
        const int rc = run_client(args, png, fresh_config_home(name));
        REQUIRE(rc == 0);
        image img = load_png(png);
        REQUIRE(img.w == width);
        REQUIRE(img.h == height);
        return img;
    }

    /**
     * Renders the facilitator console, rejoining with the secret, into shots/<name>.png (with
     * HOME set to `home` when given).
     */
    image console(const std::string& name, std::vector<std::string> extra = {},
                  const fs::path& home_dir = {}) {
        const fs::path home = fresh_config_home(name);
        json sessions = {{code, {{"secret", secret}, {"server", server_arg()}, {"title", ""}}}};
        json cfg = {{"facilitator", {{"sessions", sessions}, {"last", json::object()}}},
                    {"participant", {{"tokens", json::object()}}}};
        std::ofstream(home / "kring" / "client.json") << cfg.dump(2);
        const fs::path png = shots_dir() / (name + ".png");
        std::vector<std::string> args = {"--mode",     "facilitator", "--server",
                                         server_arg(), "--code",      code};
        args.insert(args.end(), extra.begin(), extra.end());
        REQUIRE(run_client(args, png, home, home_dir) == 0);
        return load_png(png);
    }
};

/** The client.json of a participant's desktop in session `s` that resumes with `token`. */
inline fs::path participant_home(const live_session& s, const std::string& token,
                                 const std::string& name) {
    const fs::path home = fresh_config_home(name);
    const json cfg = {{"participant", {{"tokens", {{s.code, token}}}}}};
    std::ofstream(home / "kring" / "client.json") << cfg.dump(2);
    return home;
}

/**
 * The participant's desktop of session `s` that resumes with `token`, rendered into
 * shots/<name>.png and loaded.
 */
inline image participant_desktop(const live_session& s, const std::string& token,
                                 const std::string& name) {
    const fs::path png = shots_dir() / (name + ".png");
    REQUIRE(run_client({"--mode", "participant", "--server", s.server_arg(), "--code", s.code}, png,
                       participant_home(s, token, name)) == 0);
    return load_png(png);
}

/**
 * A floor-plan step's own plan image in the facilitator's newest view ({id, width, height}),
 * or null when it has none after 20 views.
 */
inline json plan_image_of(live_session& s, const std::string& step) {
    json own;
    for (int attempt = 0; attempt < 20 && own.is_null(); ++attempt) {
        const json v = s.view();
        for (const json& x : v["steps"])
            if (x["id"] == step && x.contains("plan_image"))
                own = x["plan_image"];
    }
    return own;
}

} // namespace kring::gui_test
