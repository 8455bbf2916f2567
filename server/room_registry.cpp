// [SECTION] Index
// - rooms: restore, find, create, forget
// - the sessions library: list, delete
// - retention
// - templates: shipped and own, written out, saved atomically
#include "room_registry.hpp"

#include "member.hpp"
#include "scheduler.hpp"
#include "security.hpp"
#include "store.hpp"

#include "kring/activity.hpp"
#include "kring/events.hpp"
#include "kring/practice.hpp"
#include "kring/protocol.hpp"
#include "kring/wire.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <unordered_map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace kring::server {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::int64_t day_ms = 24LL * 60 * 60 * 1000;

/** One stored event read back; a clear error names it when it cannot be. */
event read_stored(std::string_view json, std::uint64_t n, const std::string& session_id) {
    try {
        return event_from_json(json);
    } catch (const std::exception& ex) {
        throw std::runtime_error("stored event " + std::to_string(n) + " of session " + session_id +
                                 " is unreadable: " + ex.what());
    }
}

} // namespace

room_registry::room_registry(store& st, scheduler& timers, limits lim)
    : svc_{.st = st, .timers = timers, .lim = lim, .rules = rules_for(lim)} {
    svc_.forget = [this](const std::string& code) { forget(code); };
    svc_.delete_session = [this](const std::string& id) { delete_session(id, {}); };
    svc_.find_session = [this](const std::string& id) -> std::optional<session_state> {
        return read_session(id);
    };
    svc_.session_rev = [this](const std::string& id) -> std::optional<std::uint64_t> {
        auto rm = find_by_id(id);
        if (!rm)
            return std::nullopt;
        return rm->committed_rev();
    };
    if (svc_.st.shared())
        svc_.st.on_let_go([this](const std::string& id) { let_go(id); });
}

//------------------------------------------------------------------------------
// [SECTION] Rooms

std::size_t room_registry::restore() {
    // Several servers on one store: a session is loaded where its clients arrive
    // (find_or_load), not every session on every server at start-up.
    if (svc_.st.shared())
        return 0;
    // Fold per session, in store order, each in its place by the store's session number.
    std::vector<std::pair<std::string, session_state>> states;
    std::uint64_t n = 0;
    svc_.st.replay([&](std::size_t session, const std::string& session_id, std::string_view json) {
        ++n;
        if (session >= states.size())
            states.resize(session + 1);
        auto& [id, state] = states[session];
        if (id.empty())
            id = session_id;
        kring::apply(state, read_stored(json, n, session_id));
    });
    std::vector<std::string> leftovers;
    std::vector<std::shared_ptr<room>> timed;
    std::size_t restored = 0;
    std::map<std::string, std::int64_t> last_change;
    for (const store::session_record& r : svc_.st.sessions())
        last_change[r.id] = r.last_at;
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    {
        std::lock_guard lock(mutex_);
        for (auto& [id, state] : states) {
            if (state.join_code.empty()) {
                // A session is deleted from the store in one transaction; an event without
                // its session_created can only be a late write of a session deleted while a
                // request of it was in flight. It belongs to nothing: erase it too.
                leftovers.push_back(id);
                continue;
            }
            if (state.practice &&
                (state.ended || now - last_change[id] > practice::resume_within_ms)) {
                // A practice session is deleted when it ends; one still here was left
                // running (a console that crashed, a server stopped). A recent one is a
                // rehearsal the restart interrupted: it goes on.
                leftovers.push_back(id);
                continue;
            }
            std::string code = state.join_code;
            rooms_[code] = std::make_shared<room>(svc_, std::move(state));
            timed.push_back(rooms_[code]);
            ++restored;
        }
    }
    // Outside our lock: a timer that ran out while the server was down ends now.
    for (const auto& rm : timed)
        rm->resume_timer();
    for (const auto& id : leftovers)
        svc_.st.erase(id, {});
    return restored;
}

std::shared_ptr<room> room_registry::find(std::string_view code) const {
    const std::string key = protocol::normalize_code(code);
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(key);
    if (it == rooms_.end() || !it->second->live())
        return nullptr;
    return it->second;
}

std::shared_ptr<room> room_registry::find_or_load(std::string_view code, errc& why) {
    if (auto rm = find(code))
        return rm;
    why = errc::unknown_session;
    if (!svc_.st.shared())
        return nullptr;
    const std::string key = protocol::normalize_code(code);
    std::lock_guard load(load_mutex_);
    if (auto rm = find(key))
        return rm; // loaded meanwhile
    std::string id;
    try {
        id = svc_.st.session_of_code(key);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kring-server: finding session %s: %s\n", key.c_str(), e.what());
        why = errc::store_unavailable;
        return nullptr;
    }
    if (id.empty())
        return nullptr;
    return load_locked(id, why);
}

void room_registry::find_or_load_async(std::string code,
                                       std::function<void(std::shared_ptr<room>, errc)> then) {
    if (auto rm = find(code); rm || !svc_.st.shared()) {
        then(std::move(rm), errc::unknown_session);
        return;
    }
    {
        std::lock_guard lock(loader_mutex_);
        if (!loader_stop_ && loader_jobs_.size() < max_queued_loads) {
            loader_jobs_.push_back([this, code = std::move(code), then] {
                errc why = errc::unknown_session;
                auto rm = find_or_load(code, why);
                then(std::move(rm), why);
            });
            if (!loader_.joinable())
                loader_ = std::thread([this] { loader_loop(); });
            loader_wake_.notify_one();
            return;
        }
    }
    then(nullptr, errc::store_unavailable);
}

void room_registry::loader_loop() {
    std::unique_lock lock(loader_mutex_);
    for (;;) {
        loader_wake_.wait(lock, [this] { return loader_stop_ || !loader_jobs_.empty(); });
        if (loader_stop_)
            return;
        std::function<void()> job = std::move(loader_jobs_.front());
        loader_jobs_.pop_front();
        lock.unlock();
        job();
        lock.lock();
    }
}

room_registry::~room_registry() {
    {
        std::lock_guard lock(loader_mutex_);
        loader_stop_ = true;
        loader_jobs_.clear();
    }
    loader_wake_.notify_all();
    if (loader_.joinable())
        loader_.join();
}

std::shared_ptr<room> room_registry::find_or_load_id(const std::string& session_id, errc& why) {
    if (auto rm = find_by_id(session_id))
        return rm;
    why = errc::unknown_session;
    if (!svc_.st.shared())
        return nullptr;
    std::lock_guard load(load_mutex_);
    if (auto rm = find_by_id(session_id))
        return rm;
    return load_locked(session_id, why);
}

std::optional<session_state> room_registry::read_session(const std::string& session_id) const {
    if (auto rm = find_by_id(session_id))
        return rm->committed();
    if (!svc_.st.shared())
        return std::nullopt;
    session_state state;
    try {
        svc_.st.replay_session(
            session_id, [&](std::string_view json) { kring::apply(state, event_from_json(json)); });
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kring-server: reading session %s: %s\n", session_id.c_str(),
                     e.what());
        return std::nullopt;
    }
    if (state.join_code.empty())
        return std::nullopt;
    return state;
}

std::shared_ptr<room> room_registry::load_locked(const std::string& id, errc& why) {
    why = errc::unknown_session;
    try {
        if (!svc_.st.acquire(id)) {
            why = errc::session_moving;
            return nullptr;
        }
        session_state state;
        std::uint64_t n = 0;
        svc_.st.replay_session(id, [&](std::string_view json) {
            ++n;
            kring::apply(state, event_from_json(json));
        });
        if (state.join_code.empty()) {
            svc_.st.release(id);
            return nullptr; // deleted meanwhile
        }
        const std::string key = state.join_code;
        auto rm = std::make_shared<room>(svc_, std::move(state));
        {
            std::lock_guard lock(mutex_);
            rooms_[key] = rm;
        }
        rm->resume_timer();
        return rm;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kring-server: loading session %s: %s\n", id.c_str(), e.what());
        why = errc::store_unavailable;
        return nullptr;
    }
}

void room_registry::let_go(const std::string& session_id) {
    std::shared_ptr<room> rm;
    {
        std::lock_guard lock(mutex_);
        for (auto it = rooms_.begin(); it != rooms_.end(); ++it)
            if (it->second->session_id() == session_id) {
                rm = it->second;
                rooms_.erase(it);
                break;
            }
    }
    if (rm) {
        // Nothing new of it is decided here; its clients connect again, to the server that
        // takes it over.
        for (const auto& c : rm->shut())
            c->evict(errc::session_moving, "this session moves to another server; connect again");
    }
    svc_.st.release(session_id);
}

std::shared_ptr<room> room_registry::find_by_id(std::string_view session_id) const {
    std::lock_guard lock(mutex_);
    for (const auto& [code, rm] : rooms_)
        if (rm->session_id() == session_id && rm->live())
            return rm;
    return nullptr;
}

void room_registry::create(const std::shared_ptr<member>& creator, protocol::seq_t seq,
                           const template_def& tmpl, bool practice, const std::string& org) {
    ev::session_created e;
    e.practice = practice;
    e.org = org;
    e.session_id = new_session_id();
    const std::string secret = new_facilitator_secret();
    e.secret_hash = credential_hash(secret);
    e.created_at = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
    e.def = tmpl.agenda;
    std::shared_ptr<room> rm;
    {
        // The code is reserved at once (the room is in the map, not yet live), so two
        // sessions created at the same moment cannot draw the same code.
        std::lock_guard lock(mutex_);
        try {
            // Shared by several servers: the code must be free on all of them.
            e.join_code = new_join_code([&](const std::string& c) {
                return rooms_.count(c) > 0 ||
                       (svc_.st.shared() && !svc_.st.reserve_code(c, e.session_id));
            });
            if (!svc_.st.acquire(e.session_id))
                throw std::runtime_error("the new session's lease is taken");
        } catch (const std::exception& ex) {
            std::fprintf(stderr, "kring-server: creating a session: %s\n", ex.what());
            creator->join_failed();
            creator->send_error(seq, errc::store_unavailable,
                                "the session could not be stored; try again");
            return;
        }
        rm = std::make_shared<room>(svc_, e.session_id, e.join_code);
        rooms_[e.join_code] = rm;
    }
    // Outside our lock: the registry lock is never held while a room lock is taken.
    rm->start_create(creator, seq, std::move(e), secret);
}

void room_registry::forget(const std::string& join_code) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(join_code);
    if (it != rooms_.end() && !it->second->live())
        rooms_.erase(it);
}

std::size_t room_registry::session_count() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& [code, rm] : rooms_)
        n += rm->live() && !rm->practice() ? 1 : 0;
    return n;
}

//------------------------------------------------------------------------------
// [SECTION] The sessions library

std::map<std::string, std::int64_t> room_registry::last_event_times() const {
    std::map<std::string, std::int64_t> stored;
    for (const auto& r : svc_.st.sessions())
        stored[r.id] = r.last_at;
    std::vector<std::shared_ptr<room>> rooms;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [code, rm] : rooms_)
            if (rm->live())
                rooms.push_back(rm);
    }
    std::map<std::string, std::int64_t> out;
    for (const auto& rm : rooms) {
        auto it = stored.find(rm->session_id());
        const std::int64_t at = it == stored.end() ? 0 : it->second;
        // Events stored before times were kept have 0: the creation time stands in.
        out[rm->session_id()] = at > 0 ? at : rm->committed().created_at * 1000;
    }
    return out;
}

std::string room_registry::organisation_of_key(const std::string& key) const {
    if (key.empty() || !svc_.st.has_organisations())
        return {};
    return svc_.st.organisation_of_key(credential_hash(key));
}

std::vector<wire::stored_session>
room_registry::list_sessions(const std::function<bool(const session_state&)>& visible) const {
    std::map<std::string, std::int64_t> last;
    for (const auto& r : svc_.st.sessions())
        last[r.id] = r.last_at;
    std::vector<std::shared_ptr<room>> rooms;
    {
        std::lock_guard lock(mutex_);
        // Practice sessions are rehearsals, not part of the record.
        for (const auto& [code, rm] : rooms_)
            if (rm->live() && !rm->practice())
                rooms.push_back(rm);
    }
    std::vector<session_state> states;
    std::set<std::string> here;
    for (const auto& rm : rooms) {
        here.insert(rm->session_id());
        if (session_state s = rm->committed(); visible(s))
            states.push_back(std::move(s));
    }
    if (svc_.st.shared()) {
        // The others are on other servers or on none: read from the store.
        for (const auto& [id, at] : last)
            if (!here.count(id))
                if (auto s = read_session(id); s && !s->practice && visible(*s))
                    states.push_back(std::move(*s));
    }
    std::vector<wire::stored_session> list;
    for (const session_state& s : states) {
        std::uint64_t answers = 0;
        for (std::size_t i = 0; i < s.def.steps.size() && i < s.steps.size(); ++i)
            answers += answered(s.def.steps[i], s.steps[i]);
        std::uint32_t people = 0;
        for (const auto& p : s.participants)
            people += p.removed ? 0 : 1;
        auto it = last.find(s.id);
        const std::int64_t at = it == last.end() ? 0 : it->second;
        const std::int64_t last_ms = at > 0 ? at : s.created_at * 1000;
        list.push_back({.id = s.id,
                        .code = s.join_code,
                        .template_id = s.def.template_id,
                        .title = s.def.title,
                        .created_at = s.created_at,
                        .last_at = last_ms / 1000,
                        .participants = people,
                        .answers = answers,
                        .steps = static_cast<std::uint32_t>(s.def.steps.size())});
    }
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
        if (a.created_at != b.created_at)
            return a.created_at > b.created_at;
        return a.id < b.id;
    });
    return list;
}

void room_registry::delete_session(const std::string& session_id, std::function<void(bool)> done) {
    std::shared_ptr<room> rm;
    {
        std::lock_guard lock(mutex_);
        for (auto it = rooms_.begin(); it != rooms_.end(); ++it)
            if (it->second->session_id() == session_id && it->second->live()) {
                rm = it->second;
                rooms_.erase(it);
                break;
            }
    }
    if (!rm) {
        if (svc_.st.shared() && read_session(session_id)) {
            // Running on another server, or on none: its events, code and lease go here; a
            // server still running it finds its lease gone and lets its clients go.
            svc_.st.erase(session_id, std::move(done));
            return;
        }
        if (done)
            done(false);
        return;
    }
    // The room lets go of its members first, so nothing new of it is decided; what it
    // already handed to the store is queued before the erase and is erased with it.
    // Unbound now; closed only after the deletion is answered, so that a member who asked
    // for it still gets its reply.
    auto members = rm->shut();
    for (const auto& c : members)
        c->evict(errc::session_ended, "the facilitator ended and deleted this session", false);
    svc_.st.erase(session_id, [done = std::move(done), members](bool durable) {
        if (done)
            done(durable);
        for (const auto& c : members)
            c->end_connection();
    });
}

//------------------------------------------------------------------------------
// [SECTION] Retention

std::vector<std::string> room_registry::expired(const std::map<std::string, std::int64_t>& last_at,
                                                unsigned days, std::int64_t now_ms) {
    std::vector<std::string> out;
    if (days == 0)
        return out;
    const std::int64_t cutoff = now_ms - static_cast<std::int64_t>(days) * day_ms;
    for (const auto& [id, at] : last_at)
        if (at < cutoff)
            out.push_back(id);
    return out;
}

std::vector<std::string> room_registry::apply_retention(unsigned days, std::int64_t now) {
    const auto ids = expired(last_event_times(), days, now);
    for (const auto& id : ids)
        delete_session(id, {});
    return ids;
}

void room_registry::retention_tick(unsigned days) {
    apply_retention(days, now_ms());
    svc_.timers.after(std::chrono::hours(1), [this, days] { retention_tick(days); });
}

void room_registry::start_retention(unsigned days) {
    if (days == 0)
        return;
    retention_tick(days);
}

//------------------------------------------------------------------------------
// [SECTION] Templates

std::vector<std::string> room_registry::set_templates(const content_bundle& content,
                                                      const std::vector<content_file>& files,
                                                      fs::path own_dir) {
    content_ = &content;
    own_dir_ = std::move(own_dir);
    for (const auto& f : files) {
        if (!f.name.starts_with("templates/"))
            continue;
        json j = json::parse(f.text, nullptr, false);
        if (!j.is_object() || !j.contains("id") || !j["id"].is_string())
            continue;
        const std::string id = j["id"].get<std::string>();
        if (content.templates.count(id))
            shipped_json_[id] = std::move(j);
    }
    std::vector<std::string> warnings;
    std::error_code ec;
    if (!fs::is_directory(own_dir_, ec))
        return warnings;
    std::vector<fs::path> paths;
    for (const auto& e : fs::directory_iterator(own_dir_, ec))
        if (e.is_regular_file() && e.path().extension() == ".json")
            paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    std::lock_guard lock(templates_mutex_);
    for (const auto& p : paths) {
        std::ifstream in(p, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        auto loaded = load_template(text.str(), content);
        if (auto* err = std::get_if<content_error>(&loaded)) {
            warnings.push_back(p.string() + ": " + err->path + ": " + err->message +
                               " (template skipped)");
            continue;
        }
        template_def& t = std::get<template_def>(loaded);
        if (t.id != p.stem().string() || content.templates.count(t.id)) {
            warnings.push_back(p.string() +
                               ": the id must equal the file name and not be a shipped "
                               "template's (template skipped)");
            continue;
        }
        own_json_[t.id] = json::parse(text.str());
        own_[t.id] = std::move(t);
    }
    return warnings;
}

room_registry::own_templates room_registry::own_of(const std::string& org) const {
    own_templates out;
    if (!svc_.st.has_organisations()) {
        if (!org.empty())
            return out;
        std::lock_guard lock(templates_mutex_);
        out.defs = own_;
        out.saved = own_json_;
        return out;
    }
    if (!content_)
        return out;
    for (auto& [id, text] : svc_.st.own_templates(org)) {
        // Saved after validation; one that no longer fits the content (a theme removed by
        // an update) is left out rather than offered broken.
        auto loaded = load_template(text, *content_);
        if (auto* t = std::get_if<template_def>(&loaded); t && t->id == id) {
            out.saved[id] = json::parse(text);
            out.defs[id] = std::move(*t);
        }
    }
    return out;
}

std::optional<template_def> room_registry::find_own_template(const std::string& id,
                                                             const std::string& org) const {
    own_templates own = own_of(org);
    auto it = own.defs.find(id);
    if (it == own.defs.end())
        return std::nullopt;
    return std::move(it->second);
}

std::string room_registry::templates_message(protocol::seq_t seq, const content_bundle& shipped,
                                             const std::string& org, bool with_own) const {
    return protocol::make_templates(
        seq, shipped, with_own ? own_of(org).defs : std::map<std::string, template_def>{});
}

std::optional<json> room_registry::template_json(const std::string& id,
                                                 const std::string& org) const {
    json t;
    if (auto it = shipped_json_.find(id); it != shipped_json_.end()) {
        t = it->second;
    } else {
        own_templates own = own_of(org);
        auto saved = own.saved.find(id);
        if (saved == own.saved.end())
            return std::nullopt;
        t = std::move(saved->second);
    }
    if (!content_ || !t.contains("steps") || !t["steps"].is_array())
        return t;
    // A theme's title and statements written out, so that they can be edited. The theme
    // stays named: it still links the step to its building blocks and the summary.
    for (auto& step : t["steps"]) {
        if (!step.is_object() || !step.contains("theme") || !step["theme"].is_string())
            continue;
        auto th = content_->themes.find(step["theme"].get<std::string>());
        if (th == content_->themes.end())
            continue;
        if (!step.contains("title"))
            step["title"] = text_json(th->second.title);
        if (!step.contains("items")) {
            // Every question with its form, heading and rating (docs/content.md, "Item
            // forms"): loaded again, the step still becomes the theme's whole round.
            json items = json::array();
            std::string heading;
            for (const auto& q : th->second.questions) {
                json item{{"id", q.id}, {"form", to_string(q.form)}, {"text", text_json(q.text)}};
                if (q.form == item_form::heading)
                    heading = q.id;
                else if (!q.group.empty())
                    item["under"] = heading;
                if (!q.rating.empty())
                    item["rating"] = text_json(q.rating);
                items.push_back(std::move(item));
            }
            step["items"] = std::move(items);
        }
    }
    return t;
}

namespace {

/** Writes `text` to `path` via a temporary file and rename: never a half-written template. */
bool write_atomically(const fs::path& path, const std::string& text) {
    const fs::path tmp = path.parent_path() / ("." + path.filename().string() + ".tmp");
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return false;
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0) {
            ::close(fd);
            ::unlink(tmp.c_str());
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced || ::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return false;
    }
    return true;
}

} // namespace

std::optional<error> room_registry::save_template(const json& templ, const std::string& org) {
    if (!content_)
        return error{errc::internal, "templates are not set up"};
    auto loaded = load_template(templ.dump(), *content_);
    if (auto* err = std::get_if<content_error>(&loaded))
        return error{errc::bad_value, err->path + ": " + err->message};
    template_def& t = std::get<template_def>(loaded);
    if (content_->templates.count(t.id))
        return error{errc::bad_value,
                     "/id: '" + t.id + "' is a template of the shipped content; choose another id"};
    if (svc_.st.has_organisations()) {
        if (!svc_.st.save_own_template(org, t.id, templ.dump()))
            return error{errc::store_unavailable,
                         "the template could not be stored; nothing changed"};
        return std::nullopt;
    }
    std::error_code ec;
    fs::create_directories(own_dir_, ec);
    if (!write_atomically(own_dir_ / (t.id + ".json"), templ.dump(2) + "\n"))
        return error{errc::store_unavailable, "the template could not be written; nothing changed"};
    std::lock_guard lock(templates_mutex_);
    own_json_[t.id] = templ;
    own_[t.id] = std::move(t);
    return std::nullopt;
}

} // namespace kring::server
