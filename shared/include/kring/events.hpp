// Events: every accepted change to a session is one event; state = fold(events).
// Events are stored as JSON text, so their JSON form is part of the store format.
#pragma once

#include "kring/model.hpp"

#include <string>
#include <string_view>
#include <variant>

namespace kring {

namespace ev {
struct session_created {
    std::string session_id;
    std::string join_code;
    std::string secret_hash;
    std::int64_t created_at = 0;
    session_def def;
};
struct participant_joined {
    participant_id pid = 0;
    std::string token_hash;
    std::string name;
};
struct answer_set {
    participant_id pid = 0;
    std::string step;
    std::string item;
    traffic_light::light value = traffic_light::light::none;
    std::string comment;
};
struct phase_set {
    std::string step;
    phase to = phase::pending;
};
struct reveal_set {
    std::string step;
    bool revealed = false;
};
struct current_set {
    std::string step;
};
} // namespace ev

using event = std::variant<ev::session_created, ev::participant_joined, ev::answer_set,
                           ev::phase_set, ev::reveal_set, ev::current_set>;

/** The event as one line of JSON, as stored. */
std::string event_to_json(const event& e);

/** Parses a stored event; throws std::runtime_error naming what is wrong. */
event event_from_json(std::string_view text);

} // namespace kring
