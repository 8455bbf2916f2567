// What the facilitator's console suggests next: one primary action at a time, following a
// step's life (open, close, show results, next step) and, after the last step, the end of
// the session. Pure, so the console, its keyboard shortcut and the tests agree.
#pragma once

#include "kring/basics.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace kring::lead {

enum class move {
    none,        // nothing to suggest (the session has ended)
    open,        // open the step for answers
    close,       // close it: answers are in
    reveal,      // show its results to the room
    next_step,   // go on to the next step of the agenda
    end_session, // the last step is done: end the session
};

/** What a step looks like to the console. */
struct step_look {
    phase ph = phase::pending;
    bool revealed = false;
    bool locked = false;
};

/**
 * The one primary action for a step: open while it waits, close while it is open, show the
 * results once closed, then the next step, or after the last one the end of the session.
 * A locked step that waits or is closed without results goes on (it takes no answers).
 */
move primary(const step_look& s, bool has_next, bool session_ended);

/** The index of the step after `index` (nullopt after the last one). */
std::optional<std::size_t> next_index(std::size_t index, std::size_t steps);

/** The step's number as the console, the projector and the phone show it: 1, 2, ... */
inline std::size_t number_of(std::size_t index) {
    return index + 1;
}

} // namespace kring::lead
