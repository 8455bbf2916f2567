#include "photo_cache.hpp"

#include "kring/photo.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string_view>

namespace kring::client {

namespace {

constexpr std::string_view prefix = "/photos/";

// A failed photo is asked for again after 5 s, then after twice as long each time, up to a
// minute.
constexpr double first_retry = 5.0;
constexpr double last_retry = 60.0;

// Decoding a 1600-pixel JPEG and building its mipmaps takes some 20-40 ms: one a frame at the
// least, more while the frame's budget lasts.
constexpr double decode_budget_ms = 12.0;

double now() {
    return ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0;
}

} // namespace

photo_cache::~photo_cache() {
    clear();
}

void photo_cache::clear() {
    for (auto& [id, e] : entries_)
        delete_texture(e.tex);
    entries_.clear();
}

std::string photo_cache::target_of(const std::string& id) const {
    return std::string(prefix) + code_ + "/" + id;
}

void photo_cache::set_session(const std::string& code, const std::string& key) {
    if (code != code_) {
        clear();
        code_ = code;
        key_ = key;
        return;
    }
    if (key == key_)
        return;
    key_ = key;
    // A new key may open what the old one could not: ask again at once.
    for (auto& [id, e] : entries_)
        if (e.st == state::failed) {
            e.retry_at = 0;
            e.backoff = 0;
        }
}

const texture* photo_cache::get(const std::string& id) {
    // Only ids of the server's form reach an address (and the ids come from the server).
    if (code_.empty() || key_.empty() || !photo::valid_photo_id(id))
        return nullptr;
    auto [it, fresh] = entries_.try_emplace(id);
    entry& e = it->second;
    if (fresh || (e.st == state::failed && now() >= e.retry_at)) {
        e.st = state::fetching;
        if (fetch_)
            fetch_(target_of(id), key_);
    }
    return e.st == state::ready ? &e.tex : nullptr;
}

bool photo_cache::failed(const std::string& id) const {
    if (key_.empty() || !photo::valid_photo_id(id))
        return true;
    auto it = entries_.find(id);
    return it != entries_.end() && it->second.st == state::failed;
}

void photo_cache::keep_only(const std::set<std::string>& ids) {
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (ids.count(it->first)) {
            ++it;
            continue;
        }
        delete_texture(it->second.tex);
        it = entries_.erase(it);
    }
}

void photo_cache::fail(entry& e, const std::string& id, const std::string& why) {
    // Said once per photo (its first failure), not at every retry.
    if (e.backoff == 0)
        std::fprintf(stderr, "kring: photo %s: %s\n", id.c_str(), why.c_str());
    e.st = state::failed;
    e.bytes.clear();
    e.backoff = e.backoff == 0 ? first_retry : std::min(last_retry, e.backoff * 2);
    e.retry_at = now() + e.backoff;
}

bool photo_cache::on_fetched(const std::string& target, int status, std::string& body) {
    if (!target.starts_with(prefix))
        return false;
    const std::string here = std::string(prefix) + code_ + "/";
    if (!target.starts_with(here))
        return true; // a photo of a session this screen left
    auto it = entries_.find(target.substr(here.size()));
    if (it == entries_.end() || it->second.st != state::fetching)
        return true; // no longer listed
    entry& e = it->second;
    if (status != 200) {
        fail(e, it->first,
             status == 0 ? "not fetched (network)" : "HTTP " + std::to_string(status));
        return true;
    }
    e.bytes = std::move(body);
    e.st = state::fetched;
    return true;
}

void photo_cache::begin_frame() {
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    for (auto& [id, e] : entries_) {
        if (e.st != state::fetched)
            continue;
        texture tex;
        std::string why;
        if (make_texture(e.bytes, max_side, tex, why)) {
            delete_texture(e.tex);
            e.tex = tex;
            e.st = state::ready;
            e.bytes.clear();
            e.bytes.shrink_to_fit();
            e.backoff = 0;
        } else {
            fail(e, id, why);
        }
        if (std::chrono::duration<double, std::milli>(clock::now() - start).count() >
            decode_budget_ms)
            break;
    }
}

bool photo_cache::loading() const {
    return std::any_of(entries_.begin(), entries_.end(), [](const auto& e) {
        return e.second.st == state::fetching || e.second.st == state::fetched;
    });
}

} // namespace kring::client
