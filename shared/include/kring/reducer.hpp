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

#include <cstdint>
#include <map>
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
    // open close reveal hide goto hide_card show_card merge_cards unmerge_card set_lang
    // lock unlock set_live start_timer stop_timer bring_here set_follow pause resume
    // remove_participant set_tally set_note set_min_answers set_compare
    std::string action;
    std::string step;
    std::string card;
    std::vector<std::string> cards;
    std::string lang;
    // Fields of the actions for running the room; nullopt when the message left them out.
    std::optional<bool> on;                     // set_live, set_follow
    std::optional<std::int64_t> seconds;        // start_timer
    bool close = false;                         // start_timer
    std::optional<std::int64_t> participant;    // remove_participant
    bool discard = false;                       // remove_participant
    std::string item;                           // set_tally
    std::map<std::string, std::int64_t> counts; // set_tally
    std::optional<std::string> text;            // set_note
    std::optional<std::int64_t> min;            // set_min_answers
    std::optional<std::string> session;         // set_compare
    /** The server's clock (ms since the epoch) when the command arrived: start_timer. */
    std::int64_t now_ms = 0;
    /** set_compare: the other session's state as the server found it (null: unknown). */
    const session_state* other = nullptr;
    /**
     * set_compare: the requester may steer `other` too (the server decides: an admin, or
     * the other session's facilitator secret was given). Otherwise `forbidden`.
     */
    bool may_compare = false;
};

/** The facilitator steers the session. */
outcome decide_control(const session_state& s, const control_command& c);

/**
 * The server's clock reached `now_ms`: a running timer that is due ends (timer_ended, and
 * phase_set closed when it closes its step and the step is still open). No events when
 * nothing is due.
 */
outcome decide_timer_end(const session_state& s, std::int64_t now_ms);

/** Limits of the controls for running the room (docs/protocol.md, section 6). */
constexpr std::int64_t min_timer_seconds = 5;
constexpr std::int64_t max_timer_seconds = 3600;
constexpr std::int64_t max_tally = 10000;
constexpr std::size_t max_note_chars = 4000;
constexpr std::int64_t max_min_answers = 50;

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
