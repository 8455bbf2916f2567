// The reducer: decide() turns a command into events or a typed rejection, apply() folds
// an event into the state. Both are pure: no clock, no randomness, no I/O (the server
// passes tokens, hashes and times in).
#pragma once

#include "kring/errors.hpp"
#include "kring/events.hpp"
#include "kring/model.hpp"

#include <optional>
#include <vector>

namespace kring {

/** Limits enforced by decide(); the server sets them from its flags. */
struct limits {
    std::size_t max_text = 500;          // characters in a comment
    std::size_t max_name = 40;           // characters in a display name
    std::size_t max_participants = 20000; // per session
};

/** Either the events to append, or why the command is refused (nothing changes then). */
struct outcome {
    std::vector<event> events;
    std::optional<error> rejected;

    bool ok() const { return !rejected; }
    static outcome reject(errc code, std::string message);
};

/** Folds one event into the state and bumps rev. Unknown step/item ids are ignored. */
void apply(session_state& s, const event& e);

/** Folds a whole history. */
session_state fold(const std::vector<event>& history);

/**
 * A participant joins. If token_hash matches a participant, they come back (no event);
 * otherwise a participant_joined event makes a new one.
 */
outcome decide_join(const session_state& s, const std::string& token_hash,
                    const std::string& name, const limits& lim);

/** A participant rates one statement. */
outcome decide_answer(const session_state& s, participant_id pid, const std::string& step,
                      const std::string& item, const std::string& value,
                      const std::string& comment, const limits& lim);

/** The facilitator steers a step: open, close, reveal, hide or goto. */
outcome decide_control(const session_state& s, const std::string& action,
                       const std::string& step);

/** Counts Unicode code points of valid UTF-8; returns nullopt for invalid UTF-8. */
std::optional<std::size_t> utf8_length(const std::string& s);

} // namespace kring
