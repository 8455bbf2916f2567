// Views: what each role may see of a session (DESIGN.md section 4). Pure.
// A participant and the projector see results only after reveal and never comments;
// the facilitator sees everything, always anonymous.
#pragma once

#include "kring/model.hpp"

#include <cstdint>
#include <string>

namespace kring {

/** The `view` message for a role, as one line of JSON. Same bytes for every member of a role. */
std::string make_view(const session_state& s, role r, std::uint32_t online);

} // namespace kring
