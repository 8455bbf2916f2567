// All rooms of the server, found by join code; creating sessions; replay at start-up.
#pragma once

#include "room.hpp"

#include "kring/content.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kring::server {

class client;
class scheduler;
class store;

/** Represents the set of sessions this server runs; thread-safe. */
class room_registry {
public:
    room_registry(store& st, scheduler& timers, limits lim);

    /**
     * Folds every stored event into its session and makes a room of each (before serving).
     * Returns the number of sessions. Throws std::runtime_error on an unreadable event:
     * better to refuse to start than to serve a session with part of its history missing.
     */
    std::size_t restore();

    /** The live room with this join code (any case, spaces and dashes ignored), or null. */
    std::shared_ptr<room> find(std::string_view code) const;

    /** Starts a new session from a template; the creator gets session_created or an error. */
    void create(const std::shared_ptr<client>& creator, protocol::seq_t seq,
                const template_def& tmpl);

    /** Where participants reach the server, for join_url; call before serving. */
    void set_public_url(std::string url) { svc_.public_url = std::move(url); }

    /** Sessions that exist (created durably or restored). */
    std::size_t session_count() const;

private:
    void forget(const std::string& join_code);

    room_services svc_;
    mutable std::mutex mutex_;                                     // guards rooms_
    std::unordered_map<std::string, std::shared_ptr<room>> rooms_; // by join code
};

} // namespace kring::server
