// Shared helpers of the server integration tests: create and join sessions, steer them,
// and wait for views, through the real protocol.
#pragma once

#include "http_client.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <sstream>
#include <string>
#include <vector>

namespace kring::test {

using json = nlohmann::json;

/** What create_session gives the facilitator. */
struct session_info {
    std::string code;
    std::string secret;
    std::string id;
};

inline bool is_type(const json& j, const char* type) {
    return j.is_object() && j.value("type", "") == type;
}

/** Sends create_session and reads session_created, welcome and the first view. */
inline session_info create_session(ws_client& fac,
                                   const std::string& tmpl = "stoplicht-reflecteren",
                                   json extra = json::object()) {
    json msg{{"type", "create_session"}, {"protocol_version", 1}, {"template", tmpl}};
    msg.update(extra);
    const json r = fac.request(msg);
    REQUIRE_MESSAGE(is_type(r, "session_created"), r.dump());
    const json w = fac.recv();
    REQUIRE_MESSAGE(is_type(w, "welcome"), w.dump());
    CHECK(w["role"] == "facilitator");
    const json v = fac.recv();
    REQUIRE_MESSAGE(is_type(v, "view"), v.dump());
    CHECK(v["role"] == "facilitator");
    return {r["join_code"], r["facilitator_secret"], r["session_id"]};
}

/** What a join gives: the welcome, and for participants `mine`; then the first view. */
struct join_result {
    json welcome;
    json mine;
    json view;
};

/** Joins with `role`; `extra` fields are added to the join message. Requires success. */
inline join_result join(ws_client& c, const std::string& code, const std::string& role,
                        json extra = json::object()) {
    json msg{{"type", "join"}, {"protocol_version", 1}, {"code", code}, {"role", role}};
    msg.update(extra);
    join_result out;
    out.welcome = c.request(msg);
    REQUIRE_MESSAGE(is_type(out.welcome, "welcome"), out.welcome.dump());
    if (role == "participant") {
        out.mine = c.recv();
        REQUIRE_MESSAGE(is_type(out.mine, "mine"), out.mine.dump());
    }
    // A facilitator joining a session with participants gets their `devices` first.
    out.view = c.recv();
    if (role == "facilitator" && is_type(out.view, "devices"))
        out.view = c.recv();
    REQUIRE_MESSAGE(is_type(out.view, "view"), out.view.dump());
    CHECK(out.view["role"] == role);
    return out;
}

/** A facilitator control; requires an ack and returns it. */
inline json control(ws_client& fac, const std::string& action, const std::string& step) {
    const json r = fac.request({{"type", "control"}, {"action", action}, {"step", step}});
    REQUIRE_MESSAGE(is_type(r, "ack"), r.dump());
    return r;
}

/** A control with extra fields; returns the reply (ack or error). */
inline json steer(ws_client& fac, const std::string& action, const std::string& step,
                  json extra = json::object()) {
    json msg{{"type", "control"}, {"action", action}, {"step", step}};
    msg.update(extra);
    return fac.request(msg);
}

/** The same, requiring an ack. */
inline json steer_ok(ws_client& fac, const std::string& action, const std::string& step,
                     json extra = json::object()) {
    const json r = steer(fac, action, step, std::move(extra));
    REQUIRE_MESSAGE(is_type(r, "ack"), r.dump());
    return r;
}

/** The sessions library's list (`extra`: e.g. the admin token); requires `sessions`. */
inline json list_sessions(ws_client& c, json extra = json::object()) {
    json msg{{"type", "list_sessions"}};
    msg.update(extra);
    const json r = c.request(msg);
    REQUIRE_MESSAGE(is_type(r, "sessions"), r.dump());
    return r["sessions"];
}

/** An answer; returns the reply (ack or error). */
inline json answer(ws_client& p, const std::string& step, const std::string& item,
                   const std::string& value, const std::string& comment = {}) {
    json msg{{"type", "answer"}, {"step", step}, {"item", item}, {"value", value}};
    if (!comment.empty())
        msg["comment"] = comment;
    return p.request(msg);
}

/** Sends `msg` and requires an error with `code` that repeats the request's seq. */
inline json expect_error(ws_client& c, json msg, const std::string& code) {
    const json r = c.request(std::move(msg));
    CHECK_MESSAGE(is_type(r, "error"), r.dump());
    CHECK_MESSAGE(r.value("code", "") == code, r.dump());
    CHECK(r.value("message", "") != "");
    return r;
}

/** Waits for a view for which pred holds (views are coalesced: wait for the final state). */
inline json wait_view(ws_client& c, const std::function<bool(const json&)>& pred,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    return c.recv_until([&](const json& j) { return is_type(j, "view") && pred(j); }, timeout);
}

/**
 * Waits for a facilitator's `devices` message for which pred holds: the newest one already
 * received (it comes only when the list changes), or a later one.
 */
inline json wait_devices(ws_client& c, const std::function<bool(const json&)>& pred,
                         std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    const json seen = c.last_of("devices");
    if (!seen.is_null() && pred(seen))
        return seen;
    return c.recv_until([&](const json& j) { return is_type(j, "devices") && pred(j); }, timeout);
}

/** The view's result entry for `step`, or null. */
inline json result_of(const json& view, const std::string& step) {
    for (const auto& r : view.value("results", json::array()))
        if (r["step"] == step)
            return r;
    return nullptr;
}

/** The result counts of one item, or null. */
inline json item_of(const json& view, const std::string& step, const std::string& item) {
    const json r = result_of(view, step);
    if (r.is_null())
        return nullptr;
    // A withheld result (below min_answers, e.g. before the first answer) has no items.
    for (const auto& it : r.value("items", json::array()))
        if (it["item"] == item)
            return it;
    return nullptr;
}

/** The view's step entry for `step`. */
inline json step_of(const json& view, const std::string& step) {
    for (const auto& s : view["steps"])
        if (s["id"] == step)
            return s;
    return nullptr;
}

/** A view with at least revision `rev`. */
inline std::function<bool(const json&)> rev_at_least(std::uint64_t rev) {
    return [rev](const json& v) { return v.value("rev", std::uint64_t(0)) >= rev; };
}

/**
 * The n-th statement to rate (from 1) of a step of the stoplicht templates: "visie", 2 ->
 * "visie-04". Only a theme's questions of form rate are in its traffic-light step
 * (docs/content.md, "Item forms"); visie has four, vormen two.
 */
inline std::string item_id(const std::string& step, int n) {
    static const std::map<std::string, std::vector<std::string>> rated = {
        {"visie", {"visie-03", "visie-04", "visie-05", "visie-06"}},
        {"vormen", {"vormen-03", "vormen-04"}}};
    const auto it = rated.find(step);
    if (it == rated.end() || n < 1 || static_cast<std::size_t>(n) > it->second.size())
        throw std::out_of_range("no statement " + std::to_string(n) + " in step " + step);
    return it->second[static_cast<std::size_t>(n - 1)];
}

/** How many statements to rate the visie step of the stoplicht templates has. */
constexpr int visie_statements = 4;

/**
 * Fills the file system that holds `filler` to the last byte (a small tmpfs of the test's
 * own): the store's next write fails for want of space.
 */
inline void fill_disk(const std::string& filler) {
    {
        std::ofstream out(filler, std::ios::binary);
        const std::string block(64 * 1024, 'x');
        while (out.write(block.data(), static_cast<std::streamsize>(block.size())))
            ;
    }
    std::ofstream out(filler, std::ios::binary | std::ios::app);
    while (out.put('x'))
        out.flush();
}

/** A TCP connection to the server on loopback. */
inline int connect_loopback(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    return fd;
}

/**
 * A raw HTTP GET with an Authorization header of our own ("" for none; the support client
 * sends none): the status, the headers (names in lower case) and the body.
 */
inline http_response get_with(int port, const std::string& target,
                              const std::string& authorization) {
    const int fd = connect_loopback(port);
    std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!authorization.empty())
        req += "Authorization: " + authorization + "\r\n";
    req += "\r\n";
    REQUIRE(::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size()));
    std::string raw;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            break;
        raw.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    http_response res;
    const auto head_end = raw.find("\r\n\r\n");
    REQUIRE(head_end != std::string::npos);
    std::istringstream head(raw.substr(0, head_end));
    std::string line;
    std::getline(head, line);
    res.status = std::stoi(line.substr(9, 3));
    while (std::getline(head, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        std::string key = line.substr(0, colon);
        for (auto& c : key)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        res.headers[key] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    res.body = raw.substr(head_end + 4);
    return res;
}

//----------------------------------------------------------------------------------------
// Photos over HTTP (docs/protocol.md, section 7)

/** A photo upload as a phone sends it; defaults for the foto-opdracht's step. */
struct photo_upload {
    std::string code;
    std::string token;
    std::string step = "fotos";
    std::string key = "upload-0001";
    std::string bytes;
    std::string type = "image/jpeg";
    std::string caption = "De%20inkom";
    std::string category = "drempel";
    /** Claim this Content-Length instead of the body's size (and send only the head). */
    std::optional<std::size_t> claimed;
};

/**
 * The facilitator's image for a step of session `s` (a floor plan's, an image choice's own
 * image): their secret as the key, no upload key, caption or category.
 */
inline photo_upload facilitator_upload(const session_info& s, const std::string& step,
                                       std::string bytes) {
    photo_upload u;
    u.code = s.code;
    u.token = s.secret;
    u.step = step;
    u.key.clear();
    u.caption.clear();
    u.category.clear();
    u.bytes = std::move(bytes);
    return u;
}

inline std::string photo_upload_head(const photo_upload& u) {
    std::string req = "POST /photos/" + u.code + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!u.token.empty())
        req += "Authorization: Bearer " + u.token + "\r\n";
    req += "Content-Type: " + u.type + "\r\nKring-Step: " + u.step + "\r\nKring-Upload: " + u.key +
           "\r\nKring-Caption: " + u.caption + "\r\n";
    if (!u.category.empty())
        req += "Kring-Category: " + u.category + "\r\n";
    req += "Content-Length: " + std::to_string(u.claimed.value_or(u.bytes.size())) +
           "\r\nConnection: close\r\n\r\n";
    return req;
}

inline http_response read_http_response(int fd) {
    std::string raw;
    char buf[65536];
    int last_error = 0;
    for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            last_error = n < 0 ? errno : 0;
            break;
        }
        raw.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    http_response res;
    const auto head_end = raw.find("\r\n\r\n");
    REQUIRE_MESSAGE(head_end != std::string::npos,
                    "no reply (errno " << last_error << "): " << raw);
    res.status = std::stoi(raw.substr(9, 3));
    res.body = raw.substr(head_end + 4);
    return res;
}

/** Sends the upload whole and reads the reply; the reply's JSON in `json_body`. */
inline http_response post_photo(int port, const photo_upload& u, json* json_body = nullptr) {
    const int fd = connect_loopback(port);
    std::string req = photo_upload_head(u);
    INFO("request: " << req);
    if (!u.claimed)
        req += u.bytes;
    std::size_t sent = 0;
    while (sent < req.size()) {
        const ssize_t n = ::send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
        if (n <= 0)
            break; // refused before the body: the server closed
        sent += static_cast<std::size_t>(n);
    }
    http_response r = read_http_response(fd);
    if (json_body)
        *json_body = json::parse(r.body, nullptr, false);
    return r;
}

inline std::string error_code_of(const http_response& r) {
    const json j = json::parse(r.body, nullptr, false);
    return j.is_object() ? j.value("code", "") : "";
}

} // namespace kring::test
