// Typed error codes of protocol v1 (docs/protocol.md, section 4).
#pragma once

#include <string>

namespace kring {

enum class errc {
    bad_json,
    bad_message,
    unknown_type,
    unsupported_version,
    too_large,
    rate_limited,
    not_joined,
    already_joined,
    unknown_session,
    unknown_template,
    forbidden,
    room_full,
    unknown_step,
    unknown_item,
    bad_value,
    step_not_open,
    invalid_transition,
    text_too_long,
    store_unavailable,
    paused,
    removed,
    session_ended,
    session_moving,
    photo_limit,
    internal,
};

const char* to_string(errc e);

/** A typed error: a stable code for programs, an English message for people and logs. */
struct error {
    errc code = errc::internal;
    std::string message;
};

} // namespace kring
