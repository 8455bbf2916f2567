// Views: what each role may see of a session. Pure.
// A participant and the projector see results only after reveal, never comments and never
// hidden cards; the facilitator sees everything, always anonymous.
#pragma once

#include "kring/model.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace kring {

/** The `view` message for a role, as one line of JSON. Same bytes for every member of a role. */
std::string make_view(const session_state& s, role r, std::uint32_t online);

/** The aggregate of one step as the role sees it (the entry of view.results). */
nlohmann::json step_result(const step_def& d, const step_state& st, role r);

/** How a reflection theme scored (docs/protocol.md, view.summary). */
enum class verdict { mixed, solid, work_first };
const char* to_string(verdict v);
/**
 * solid: at least 60 % of the non-pass answers green and at most 15 % red; work_first: at
 * least 30 % red; otherwise (and with no non-pass answer) mixed.
 */
verdict verdict_of(std::uint32_t green, std::uint32_t orange, std::uint32_t red);

/** The `summary` of the view: per traffic_light step with a theme. */
nlohmann::json make_summary(const session_state& s, role r);

} // namespace kring
