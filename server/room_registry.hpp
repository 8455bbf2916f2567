// All rooms of the server, found by join code; creating sessions; replay at start-up; the
// sessions library (list, reopen, delete), retention, and the facilitator's own templates.
#pragma once

#include "room.hpp"

#include "kring/content.hpp"
#include "kring/wire.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <condition_variable>
#include <deque>
#include <map>
#include <thread>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kring::server {

class member;
class scheduler;
class store;

/** Represents the set of sessions this server runs; thread-safe. */
class room_registry {
public:
    room_registry(store& st, scheduler& timers, limits lim);
    /** Stops the loader thread; loads still queued are dropped (their clients are closing). */
    ~room_registry();
    room_registry(const room_registry&) = delete;
    room_registry& operator=(const room_registry&) = delete;

    /**
     * Folds every stored event into its session and makes a room of each (before serving).
     * Returns the number of sessions. Throws std::runtime_error on an unreadable event:
     * better to refuse to start than to serve a session with part of its history missing.
     * Events left of a deleted session (written while it was being deleted) are erased.
     */
    std::size_t restore();

    /** The live room with this join code (any case, spaces and dashes ignored), or null. */
    std::shared_ptr<room> find(std::string_view code) const;
    /**
     * The same, loading the session from the store when it is shared by several servers and
     * not here yet (its lease taken, its events replayed). Null with `why`: unknown_session,
     * session_moving (another server still holds it and was asked to let go) or
     * store_unavailable.
     */
    std::shared_ptr<room> find_or_load(std::string_view code, errc& why);
    /**
     * find_or_load without holding up the caller: a room that is here goes to `then` at once,
     * on the calling thread; one that a shared store must load (or that is unknown) is looked
     * up on the registry's loader thread, which then calls `then` (the room, or null and why).
     * The network threads keep serving other clients while a session loads. At most
     * max_queued_loads wait; beyond, `then` gets store_unavailable at once.
     */
    void find_or_load_async(std::string code,
                            std::function<void(std::shared_ptr<room>, errc)> then);
    static constexpr std::size_t max_queued_loads = 4096;
    /** The live room of this session id, or null. */
    std::shared_ptr<room> find_by_id(std::string_view session_id) const;
    /** The same, loading it from a shared store like find_or_load (the library's reopen). */
    std::shared_ptr<room> find_or_load_id(const std::string& session_id, errc& why);
    /**
     * A session's committed state, to read (exports, the library, comparisons): from its
     * room here, or with a shared store read from it (not taken: it may run on another
     * server). Nothing when there is no such session.
     */
    std::optional<session_state> read_session(const std::string& session_id) const;

    /**
     * Starts a new session from a template (a practice session with `practice`); the creator
     * gets session_created or an error.
     */
    void create(const std::shared_ptr<member>& creator, protocol::seq_t seq,
                const template_def& tmpl, bool practice = false, const std::string& org = {});

    /** Where participants reach the server, for join_url; call before serving. */
    void set_public_url(std::string url) { svc_.public_url = std::move(url); }
    /** room_services::participant_updates_per_second (--phone-updates). Before serving. */
    void set_phone_updates(std::size_t per_second) {
        svc_.participant_updates_per_second = per_second;
    }

    /** Sessions that exist (created durably or restored), practice sessions left out. */
    std::size_t session_count() const;

    // The sessions library.

    /**
     * The `sessions` list of docs/protocol.md: every live session for which `visible` holds
     * (an organisation sees its own), newest first, but practice sessions.
     */
    std::vector<wire::stored_session>
    list_sessions(const std::function<bool(const session_state&)>& visible) const;

    // Organisations (hosted mode): their keys and their own templates are in the store.

    /** Whether the store keeps organisations (PostgreSQL). */
    bool has_organisations() const { return svc_.st.has_organisations(); }
    /** A stored photo's bytes (store::read_photo). */
    std::optional<std::string> read_photo(const std::string& session_id,
                                          const std::string& photo_id) const {
        return svc_.st.read_photo(session_id, photo_id);
    }
    /**
     * The organisation whose key `key` is (not revoked), or "". Throws std::runtime_error when
     * the store cannot answer.
     */
    std::string organisation_of_key(const std::string& key) const;
    /**
     * Deletes a session for good: its room stops, its connections hear `session_ended`,
     * and its stored events are erased. `done(true)` once the erase is durable; false when
     * there is no such session (nothing happens then) or the store failed.
     */
    void delete_session(const std::string& session_id, std::function<void(bool)> done);

    // Retention.

    /**
     * Deletes every session whose last event is older than `days` days before `now_ms`
     * (0 days: keeps everything). Returns the ids deleted.
     */
    std::vector<std::string> apply_retention(unsigned days, std::int64_t now_ms);
    /** Runs apply_retention now and then every hour on the scheduler, with the real clock. */
    void start_retention(unsigned days);

    // Templates: the shipped content and the facilitator's own (<data>/templates/<id>.json).

    /**
     * Sets the shipped content (`files`: the content files it was loaded from, for the
     * templates' own form) and the folder of own templates, and loads every own template
     * that validates against the content. Returns a warning per file skipped. Before serving.
     */
    std::vector<std::string> set_templates(const content_bundle& content,
                                           const std::vector<content_file>& files,
                                           std::filesystem::path own_dir);
    //
    // Own templates belong to an organisation (`org`; "" the operator's, and every own
    // template of the embedded mode); those of a store with organisations are kept in it,
    // for every server, else in the folder. The functions that read them throw
    // std::runtime_error when the store cannot answer.

    /** An own template of `org` (saved with the agenda editor), or nullopt. */
    std::optional<template_def> find_own_template(const std::string& id,
                                                  const std::string& org = {}) const;
    /**
     * The `templates` reply: the shipped templates, then the own ones of `org`
     * (`"own": true`) when `with_own`.
     */
    std::string templates_message(protocol::seq_t seq, const content_bundle& shipped,
                                  const std::string& org = {}, bool with_own = true) const;
    /**
     * A template (shipped, or an own one of `org`) in its content-file form with every step
     * written out (a theme's title and statements filled in), or nullopt for an unknown id.
     */
    std::optional<nlohmann::json> template_json(const std::string& id,
                                                const std::string& org = {}) const;
    /**
     * Validates and stores an own template of `org` (in the store, or temp file then rename);
     * an error (bad_value, naming the field; store_unavailable) and nothing written otherwise.
     */
    std::optional<error> save_template(const nlohmann::json& templ, const std::string& org = {});

    /** The sessions whose last event is older than `days` days before `now_ms`. */
    static std::vector<std::string> expired(const std::map<std::string, std::int64_t>& last_at,
                                            unsigned days, std::int64_t now_ms);

private:
    /** The own templates of one organisation, as loaded and as saved. */
    struct own_templates {
        std::map<std::string, template_def> defs;
        std::map<std::string, nlohmann::json> saved;
    };
    /** Those of `org`: from the store when it keeps them, else the folder's (org ""). */
    own_templates own_of(const std::string& org) const;

    void forget(const std::string& join_code);
    /** Loads session `id` (join code `key`) from a shared store; load_mutex_ held. */
    std::shared_ptr<room> load_locked(const std::string& id, errc& why);
    /** A shared store's session must go from this server: its clients reconnect elsewhere. */
    void let_go(const std::string& session_id);
    void retention_tick(unsigned days);
    /** Last event time per live session (ms); the creation time when the store has none. */
    std::map<std::string, std::int64_t> last_event_times() const;

    room_services svc_;
    mutable std::mutex mutex_;                                     // guards rooms_
    std::unordered_map<std::string, std::shared_ptr<room>> rooms_; // by join code
    std::mutex load_mutex_; // one session loaded from a shared store at a time

    /** The loader thread (shared stores only): runs find_or_load_async's lookups. */
    void loader_loop();
    std::mutex loader_mutex_; // guards loader_jobs_ and loader_stop_
    std::condition_variable loader_wake_;
    std::deque<std::function<void()>> loader_jobs_;
    bool loader_stop_ = false;
    std::thread loader_;

    const content_bundle* content_ = nullptr;
    std::filesystem::path own_dir_;
    mutable std::mutex templates_mutex_; // guards own_ and own_json_
    std::map<std::string, template_def> own_;
    std::map<std::string, nlohmann::json> own_json_; // as saved
    std::map<std::string, nlohmann::json> shipped_json_;
};

} // namespace kring::server
