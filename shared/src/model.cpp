#include "kring/model.hpp"

namespace kring {

const char* to_string(activity_kind k) {
    switch (k) {
    case activity_kind::traffic_light: return "traffic_light";
    case activity_kind::unknown: break;
    }
    return "unknown";
}

const char* to_string(phase p) {
    switch (p) {
    case phase::pending: return "pending";
    case phase::open: return "open";
    case phase::closed: return "closed";
    case phase::unknown: break;
    }
    return "unknown";
}

const char* to_string(role r) {
    switch (r) {
    case role::participant: return "participant";
    case role::projector: return "projector";
    case role::facilitator: return "facilitator";
    case role::none: break;
    }
    return "none";
}

activity_kind activity_kind_from_string(const std::string& s) {
    return s == "traffic_light" ? activity_kind::traffic_light : activity_kind::unknown;
}

phase phase_from_string(const std::string& s) {
    if (s == "pending") return phase::pending;
    if (s == "open") return phase::open;
    if (s == "closed") return phase::closed;
    return phase::unknown;
}

role role_from_string(const std::string& s) {
    if (s == "participant") return role::participant;
    if (s == "projector") return role::projector;
    if (s == "facilitator") return role::facilitator;
    return role::none;
}

int step_def::item_index(const std::string& item_id) const {
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].id == item_id) return static_cast<int>(i);
    return -1;
}

int session_def::step_index(const std::string& step_id) const {
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (steps[i].id == step_id) return static_cast<int>(i);
    return -1;
}

const participant* session_state::find_by_token_hash(const std::string& token_hash) const {
    auto it = by_token.find(token_hash);
    if (it == by_token.end() || it->second == 0 || it->second > participants.size())
        return nullptr;
    return &participants[it->second - 1];
}

} // namespace kring
