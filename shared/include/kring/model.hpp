// The domain model of a session: its agenda (definition) and its live state.
//
// Implemented: traffic_light steps, participants with resume tokens, phases, reveal.
// Missing:     other activity kinds (they get their own file next to traffic_light.hpp).
#pragma once

#include "kring/text.hpp"
#include "kring/traffic_light.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace kring {

using participant_id = std::uint32_t;

enum class activity_kind { unknown, traffic_light };
enum class phase { unknown, pending, open, closed };
enum class role { none, participant, projector, facilitator };

const char* to_string(activity_kind k);
const char* to_string(phase p);
const char* to_string(role r);
activity_kind activity_kind_from_string(const std::string& s);
phase phase_from_string(const std::string& s);
role role_from_string(const std::string& s);

/** One statement or question inside a step. */
struct item_def {
    std::string id;
    localized text;
    bool operator==(const item_def&) const = default;
};

/** One step of the agenda, as the content defines it. */
struct step_def {
    std::string id;
    activity_kind kind = activity_kind::unknown;
    localized title;
    localized prompt;
    std::vector<item_def> items;

    /** Index of the item with this id, or -1. */
    int item_index(const std::string& item_id) const;
    bool operator==(const step_def&) const = default;
};

/** The agenda of a session: made from a template when the session is created. */
struct session_def {
    std::string template_id;
    localized title;
    std::vector<step_def> steps;

    int step_index(const std::string& step_id) const;
    bool operator==(const session_def&) const = default;
};

/** One person who joined; identified only by a hash of their resume token. */
struct participant {
    participant_id id = 0;
    std::string token_hash;
    std::string name;
};

/** The live state of one step. */
struct step_state {
    phase ph = phase::pending;
    bool revealed = false;
    traffic_light::responses answers; // for kind traffic_light
};

/**
 * Represents the whole authoritative state of one session.
 * It is only ever changed by apply(event); see reducer.hpp.
 */
struct session_state {
    std::string id;
    std::string join_code;
    std::string secret_hash;
    std::int64_t created_at = 0; // seconds since the epoch, given by the server
    session_def def;
    std::vector<step_state> steps; // parallel to def.steps
    int current = -1;              // index into steps, -1 before the first open/goto
    std::vector<participant> participants; // participants[i].id == i + 1
    std::unordered_map<std::string, participant_id> by_token;
    std::uint64_t rev = 0; // number of events applied

    const participant* find_by_token_hash(const std::string& token_hash) const;
};

} // namespace kring
