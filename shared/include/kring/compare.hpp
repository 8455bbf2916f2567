// Comparison of two sessions made from the same template (docs/protocol.md, "Comparison of
// two sessions"): per traffic-light statement the shares of green, orange and red in each
// session and the change in percentage points. Pure; used by view.compare and the reports.
#pragma once

#include "kring/model.hpp"
#include "kring/text.hpp"

#include <nlohmann/json.hpp>

namespace kring {
namespace wire {
struct comparison;
}

/** True when both sessions were made from the same template (same template id). */
bool same_template(const session_state& a, const session_state& b);

/** The step's result is shown to its session's room: revealed, or live. */
bool shown_to_room(const step_state& st);

/**
 * The comparison of `after` (this session) with `before` (the other one), exactly as
 * view.compare carries it: { session, created_at, title, items[] }. `session`,
 * `created_at` and `title` are those of `before`; texts are in language `l`. Statements
 * are matched by step and item id; a step withheld (below its session's min_answers) in
 * either session is left out, and so is a step of `before` that its own room was not
 * shown (neither revealed nor live): the other session's facilitator decided that. With
 * `after_room_only` (the projector's view) the same holds for the steps of `after`.
 * Shares are whole percentages of the non-pass answers, paper included.
 */
wire::comparison compare_of(const session_state& before, const session_state& after, lang l,
                            bool after_room_only = false);
/** The same as JSON, written by wire.hpp's encoder. */
nlohmann::json compare_sessions(const session_state& before, const session_state& after, lang l,
                                bool after_room_only = false);

} // namespace kring
