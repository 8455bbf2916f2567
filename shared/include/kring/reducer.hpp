// The reducer: decide() turns a command into events or a typed rejection, apply() folds
// an event into the state. Both are pure: no clock, no randomness, no I/O (the server
// passes tokens, hashes and times in).
#pragma once

#include "kring/errors.hpp"
#include "kring/events.hpp"
#include "kring/limits.hpp"
#include "kring/model.hpp"
#include "kring/text.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kring {

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
outcome decide_join(const session_state& s, const std::string& token_hash, const std::string& name,
                    const limits& lim);

/**
 * A participant answers a step of any kind (docs/protocol.md, "answer per kind"). Checks,
 * in this order: participant, step, item, value, comment, phase. A traffic_light answer
 * becomes an answer_set event, every other kind a response_set with the canonical value.
 */
outcome decide_response(const session_state& s, participant_id pid, const std::string& step,
                        const std::string& item, const nlohmann::json& value,
                        const std::string& comment, const limits& lim);

/** The same with a string value (a traffic-light colour, "pass", an option id, ...). */
outcome decide_answer(const session_state& s, participant_id pid, const std::string& step,
                      const std::string& item, const std::string& value, const std::string& comment,
                      const limits& lim);

/** A facilitator's command (the `control` message). */
struct control_command {
    std::string
        action; // open close reveal hide goto hide_card show_card merge_cards unmerge_card set_lang
    std::string step;
    std::string card;
    std::vector<std::string> cards;
    std::string lang;
};

/** The facilitator steers the session. */
outcome decide_control(const session_state& s, const control_command& c);

/** The facilitator steers a step: open, close, reveal, hide or goto. */
outcome decide_control(const session_state& s, const std::string& action, const std::string& step);

/**
 * The options a dot_vote step with a source would get now, from the source step's
 * results (docs/protocol.md: red, disputed, cards, actions, options, blocks). At most
 * max_source_options, in the order of the source's results.
 */
std::vector<option_def> options_from_source(const session_state& s, const step_def& d);
constexpr std::size_t max_source_options = 50;

} // namespace kring
