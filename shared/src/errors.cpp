#include "kring/errors.hpp"

namespace kring {

const char* to_string(errc e) {
    switch (e) {
    case errc::bad_json:
        return "bad_json";
    case errc::bad_message:
        return "bad_message";
    case errc::unknown_type:
        return "unknown_type";
    case errc::unsupported_version:
        return "unsupported_version";
    case errc::too_large:
        return "too_large";
    case errc::rate_limited:
        return "rate_limited";
    case errc::not_joined:
        return "not_joined";
    case errc::already_joined:
        return "already_joined";
    case errc::unknown_session:
        return "unknown_session";
    case errc::unknown_template:
        return "unknown_template";
    case errc::forbidden:
        return "forbidden";
    case errc::room_full:
        return "room_full";
    case errc::unknown_step:
        return "unknown_step";
    case errc::unknown_item:
        return "unknown_item";
    case errc::bad_value:
        return "bad_value";
    case errc::step_not_open:
        return "step_not_open";
    case errc::invalid_transition:
        return "invalid_transition";
    case errc::text_too_long:
        return "text_too_long";
    case errc::store_unavailable:
        return "store_unavailable";
    case errc::paused:
        return "paused";
    case errc::removed:
        return "removed";
    case errc::session_ended:
        return "session_ended";
    case errc::photo_limit:
        return "photo_limit";
    case errc::session_moving:
        return "session_moving";
    case errc::internal:
        return "internal";
    }
    return "internal";
}

} // namespace kring
