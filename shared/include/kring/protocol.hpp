// Protocol v1: parsing client messages and building server messages (docs/protocol.md).
// Client messages are parsed into plain structs; a malformed one becomes a typed error.
#pragma once

#include "kring/errors.hpp"
#include "kring/model.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace kring::protocol {

constexpr int protocol_version = 1;

struct create_session {
    std::uint64_t seq = 0;
    int version = 0;
    std::string template_id;
};
struct list_templates {
    std::uint64_t seq = 0;
};
struct join {
    std::uint64_t seq = 0;
    int version = 0;
    std::string code;
    role as = role::none;
    std::string resume_token;
    std::string name;
    std::string secret;
};
struct answer {
    std::uint64_t seq = 0;
    std::string step;
    std::string item;
    std::string value;
    std::string comment;
};
struct control {
    std::uint64_t seq = 0;
    std::string action;
    std::string step;
};
struct sync {
    std::uint64_t seq = 0;
};

/** A message that could not be understood; seq is kept when it could be read. */
struct parse_error {
    std::optional<std::uint64_t> seq;
    error err;
};

using client_message =
    std::variant<create_session, list_templates, join, answer, control, sync, parse_error>;

/** Parses one text frame. Never throws. */
client_message parse_client_message(std::string_view text);

/** Normalizes a typed join code: upper case, spaces and dashes removed. */
std::string normalize_code(std::string_view code);

// Server -> client messages, serialized to one line of JSON.
std::string make_error(std::optional<std::uint64_t> seq, const error& e);
std::string make_ack(std::uint64_t seq, std::uint64_t rev);
std::string make_session_created(std::uint64_t seq, const session_state& s,
                                 const std::string& facilitator_secret);
/** resume_token is only given for participants. */
std::string make_welcome(std::optional<std::uint64_t> seq, const session_state& s, role r,
                         participant_id pid, const std::string& resume_token);
std::string make_mine(const session_state& s, participant_id pid);

// JSON forms of the model, shared by welcome, events and content.
void to_json(nlohmann::json& j, const localized& t);
void to_json(nlohmann::json& j, const step_def& d);
void to_json(nlohmann::json& j, const session_def& d);
/** Throws std::runtime_error when a field is missing or mistyped. */
localized localized_from_json(const nlohmann::json& j);
step_def step_def_from_json(const nlohmann::json& j);
session_def session_def_from_json(const nlohmann::json& j);

} // namespace kring::protocol
