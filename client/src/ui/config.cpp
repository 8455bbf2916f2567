#include "ui/config.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

namespace kring::client {

namespace fs = std::filesystem;
using nlohmann::json;

std::string client_config::path() {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    fs::path base;
    if (xdg && *xdg) {
        base = xdg;
    } else {
        const char* home = std::getenv("HOME");
        base = fs::path(home && *home ? home : ".") / ".config";
    }
    return (base / "kring" / "client.json").string();
}

namespace {

/** The file's modification time in nanoseconds, or 0 when it does not exist. */
long long mtime_of(const std::string& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0)
        return 0;
    return static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

} // namespace

bool client_config::reload_if_changed() {
    const long long now = mtime_of(path());
    if (now == stamp_)
        return false;
    sessions_.clear();
    last_.clear();
    tokens_.clear();
    theme_ = "light";
    export_dir_.clear();
    load();
    return true;
}

void client_config::load() {
    stamp_ = mtime_of(path());
    std::ifstream in(path());
    if (!in)
        return;
    std::stringstream ss;
    ss << in.rdbuf();
    json j = json::parse(ss.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        std::fprintf(stderr, "kring: ignoring unreadable %s\n", path().c_str());
        return;
    }
    try {
        if (auto f = j.find("facilitator"); f != j.end() && f->is_object()) {
            if (auto s = f->find("sessions"); s != f->end() && s->is_object()) {
                for (auto& [code, v] : s->items()) {
                    if (!v.is_object())
                        continue;
                    facilitated_session fsn;
                    fsn.secret = v.value("secret", "");
                    fsn.server = v.value("server", "");
                    fsn.title = v.value("title", "");
                    if (!fsn.secret.empty())
                        sessions_[code] = fsn;
                }
            }
            if (auto l = f->find("last"); l != f->end() && l->is_object())
                for (auto& [server, code] : l->items())
                    if (code.is_string())
                        last_[server] = code.get<std::string>();
        }
        if (auto st = j.find("settings"); st != j.end() && st->is_object()) {
            const std::string t = st->value("theme", "light");
            theme_ = t == "dark" ? "dark" : "light";
            export_dir_ = st->value("export_dir", "");
        }
        if (auto p = j.find("participant"); p != j.end() && p->is_object())
            if (auto t = p->find("tokens"); t != p->end() && t->is_object())
                for (auto& [code, tok] : t->items())
                    if (tok.is_string())
                        tokens_[code] = tok.get<std::string>();
    } catch (const json::exception& e) {
        std::fprintf(stderr, "kring: ignoring parts of %s: %s\n", path().c_str(), e.what());
    }
}

bool client_config::save() const {
    json sessions = json::object();
    for (const auto& [code, s] : sessions_)
        sessions[code] = {{"secret", s.secret}, {"server", s.server}, {"title", s.title}};
    json last = json::object();
    for (const auto& [server, code] : last_)
        last[server] = code;
    json tokens = json::object();
    for (const auto& [code, tok] : tokens_)
        tokens[code] = tok;
    json j = {{"facilitator", {{"sessions", sessions}, {"last", last}}},
              {"participant", {{"tokens", tokens}}},
              {"settings", {{"theme", theme_}, {"export_dir", export_dir_}}}};

    const fs::path target = path();
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    const fs::path tmp = target.string() + ".tmp";
    {
        // The file holds facilitator secrets: readable by this user only.
        mode_t old = ::umask(077);
        std::ofstream out(tmp, std::ios::trunc);
        ::umask(old);
        if (!out) {
            std::fprintf(stderr, "kring: cannot write %s\n", tmp.c_str());
            return false;
        }
        out << j.dump(2) << '\n';
        if (!out.flush())
            return false;
    }
    fs::rename(tmp, target, ec);
    if (ec) {
        std::fprintf(stderr, "kring: cannot write %s: %s\n", target.c_str(), ec.message().c_str());
        return false;
    }
    stamp_ = mtime_of(target.string());
    return true;
}

std::optional<facilitated_session> client_config::session(const std::string& code) const {
    auto it = sessions_.find(code);
    if (it == sessions_.end())
        return std::nullopt;
    return it->second;
}

void client_config::remember_session(const std::string& code, facilitated_session s) {
    last_[s.server] = code;
    sessions_[code] = std::move(s);
}

void client_config::forget_session(const std::string& code) {
    sessions_.erase(code);
    for (auto it = last_.begin(); it != last_.end();)
        it = it->second == code ? last_.erase(it) : std::next(it);
}

std::optional<std::string> client_config::last_session(const std::string& server) const {
    auto it = last_.find(server);
    if (it == last_.end() || !sessions_.count(it->second))
        return std::nullopt;
    return it->second;
}

void client_config::clear_last(const std::string& server) {
    last_.erase(server);
}

std::string client_config::token(const std::string& code) const {
    auto it = tokens_.find(code);
    return it == tokens_.end() ? std::string{} : it->second;
}

void client_config::remember_token(const std::string& code, const std::string& token) {
    tokens_[code] = token;
}

} // namespace kring::client
