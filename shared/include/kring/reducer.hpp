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

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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

/** A photo the server took in (server/photo_intake.hpp) and named. */
struct photo_taken {
    std::string id; // photo::valid_photo_id
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};

/**
 * A participant adds a photo to a photo step (docs/protocol.md, "Photos"). Checks, in this
 * order: participant, removed, paused, step, kind, upload key, phase, caption (the step's
 * max_length), category, the step's max_photos per participant, the session's
 * lim.max_session_photos (photo_limit). An upload key this participant already used on the
 * step gives no events and no rejection: the photo it made stands (photo::find_upload).
 * The server calls it twice: before it reads the bytes (`taken` null: no events when all
 * is well so far) and, with the photo taken in, to store it.
 */
outcome decide_photo(const session_state& s, participant_id pid, const std::string& step,
                     const photo::request& req, const photo_taken* taken, const limits& lim);

/**
 * The facilitator sends an image for a step (docs/protocol.md, section 7): a floor-plan step's
 * plan image ("A floor plan's image": one plan_set event, replacing the earlier one), or one
 * of their own images for an image-choice step's deck ("Own images for an image choice": one
 * image_added event). Checks: the session has not ended, the step exists and is of one of
 * these kinds; for an own image also the step is not closed or locked, the caption (one line,
 * max_own_caption), the step's max_own_images and the session's
 * lim.max_session_photos (photo_limit). Like decide_photo, called before the bytes are read
 * (`taken` null: no events when all is well) and with the image taken in.
 */
outcome decide_step_image(const session_state& s, const std::string& step,
                          const std::string& caption, const photo_taken* taken, const limits& lim);

/** The photos a session holds: participants' photos and the facilitator's own images. */
std::size_t photos_in_session(const session_state& s);

/** The same with a string value (a traffic-light colour, "pass", an option id, ...). */
outcome decide_answer(const session_state& s, participant_id pid, const std::string& step,
                      const std::string& item, const std::string& value, const std::string& comment,
                      const limits& lim);

/**
 * The facilitator's control actions (docs/protocol.md, sections 3 and 6). The wire names are
 * in control_actions; decide_control switches over every one of them (no default), so
 * -Wswitch points at every place a new action must be handled.
 */
enum class control_action {
    // Section 3: steering one step.
    open,
    close,
    reveal,
    hide,
    go_to, // "goto"
    hide_card,
    show_card,
    merge_cards,
    unmerge_card,
    // Section 3: the session.
    set_lang,
    // Section 6, running the room: one step.
    lock,
    unlock,
    set_live,
    start_timer,
    stop_timer,
    bring_here,
    set_tally,
    set_note,
    // Section 6: the session.
    set_follow,
    pause,
    resume,
    remove_participant,
    set_min_answers,
    set_compare,
    end_session,
    set_page,
    // Section 6: practice sessions.
    simulate,
    // Section 3: the photos of a photo step (`card` names the photo).
    approve_photo,
    hide_photo,
    delete_photo,
};

/** What an action works on, and so whether a `control` must name its `step`. */
enum class control_scope {
    step,    // one step: `step` is required (bad_message without it)
    session, // the session: `step` may be absent or ""
    device,  // remove_participant: `step` is required only with `card`
};

/** One row of the table of control actions. */
struct control_action_def {
    control_action action;
    const char* name; // on the wire, in `control.action`
    control_scope scope;
};

/**
 * Every control action, in the order of the enum: the one place that maps names to actions
 * (control_action_from_string) and back (to_string), and says which take a step.
 */
inline constexpr control_action_def control_actions[] = {
    {control_action::open, "open", control_scope::step},
    {control_action::close, "close", control_scope::step},
    {control_action::reveal, "reveal", control_scope::step},
    {control_action::hide, "hide", control_scope::step},
    {control_action::go_to, "goto", control_scope::step},
    {control_action::hide_card, "hide_card", control_scope::step},
    {control_action::show_card, "show_card", control_scope::step},
    {control_action::merge_cards, "merge_cards", control_scope::step},
    {control_action::unmerge_card, "unmerge_card", control_scope::step},
    {control_action::set_lang, "set_lang", control_scope::session},
    {control_action::lock, "lock", control_scope::step},
    {control_action::unlock, "unlock", control_scope::step},
    {control_action::set_live, "set_live", control_scope::step},
    {control_action::start_timer, "start_timer", control_scope::step},
    {control_action::stop_timer, "stop_timer", control_scope::step},
    {control_action::bring_here, "bring_here", control_scope::step},
    {control_action::set_tally, "set_tally", control_scope::step},
    {control_action::set_note, "set_note", control_scope::step},
    {control_action::set_follow, "set_follow", control_scope::session},
    {control_action::pause, "pause", control_scope::session},
    {control_action::resume, "resume", control_scope::session},
    {control_action::remove_participant, "remove_participant", control_scope::device},
    {control_action::set_min_answers, "set_min_answers", control_scope::session},
    {control_action::set_compare, "set_compare", control_scope::session},
    {control_action::end_session, "end_session", control_scope::session},
    {control_action::set_page, "set_page", control_scope::step},
    {control_action::simulate, "simulate", control_scope::step},
    {control_action::approve_photo, "approve_photo", control_scope::step},
    {control_action::hide_photo, "hide_photo", control_scope::step},
    {control_action::delete_photo, "delete_photo", control_scope::step},
};

namespace detail {
constexpr bool control_actions_in_enum_order() {
    std::size_t i = 0;
    for (const auto& row : control_actions)
        if (static_cast<std::size_t>(row.action) != i++)
            return false;
    return i == static_cast<std::size_t>(control_action::delete_photo) + 1;
}
} // namespace detail
static_assert(detail::control_actions_in_enum_order(),
              "control_actions needs one row per control_action, in the enum's order");

/** The action's wire name ("goto" for go_to). */
const char* to_string(control_action a);
/** The action with this wire name; nullopt for any other text (case matters). */
std::optional<control_action> control_action_from_string(std::string_view name);
/** Whether the action works on one step, on the session, or on a device (remove_participant). */
control_scope scope_of(control_action a);
/** What a `control` with an action no one knows gets: bad_value "unknown action 'NAME'". */
error unknown_action_error(std::string_view name);

/**
 * A facilitator's `control` message as it asks (docs/protocol.md, sections 3 and 6): the
 * action and every field an action may take. protocol::control carries it from the wire,
 * control_command to the reducer.
 */
struct control_request {
    control_action action = control_action::open;
    std::string step; // "" when absent (session-wide actions)
    std::string card;
    std::vector<std::string> cards;
    std::string lang;
    // Fields of the actions for running the room; nullopt when the message left them out.
    std::optional<bool> on;                     // set_live, set_follow
    std::optional<bool> phones;                 // set_live: also on the phones (default)
    std::optional<std::int64_t> seconds;        // start_timer
    bool close = false;                         // start_timer
    std::optional<std::int64_t> participant;    // remove_participant
    bool discard = false;                       // remove_participant
    std::string item;                           // set_tally
    std::map<std::string, std::int64_t> counts; // set_tally
    std::optional<std::string> text;            // set_note
    std::optional<std::int64_t> min;            // set_min_answers
    std::optional<std::string> session;         // set_compare
    std::optional<std::int64_t> page;           // set_page
    std::optional<std::int64_t> participants;   // simulate
    bool operator==(const control_request&) const = default;
};

/** A facilitator's command: the request plus what the server adds to it. */
struct control_command : control_request {
    /** The server's clock (ms since the epoch) when the command arrived: start_timer. */
    std::int64_t now_ms = 0;
    /** set_compare: the other session's state as the server found it (null: unknown). */
    const session_state* other = nullptr;
    /**
     * set_compare: the requester may steer `other` too (the server decides: an admin, or
     * the other session's facilitator secret was given). Otherwise `forbidden`.
     */
    bool may_compare = false;
    /** simulate: the server's limits the simulated joins and answers are checked with. */
    const limits* lim = nullptr;
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
constexpr std::int64_t max_page = 99;

/**
 * The facilitator steers a step by the action's wire name (open, close, reveal, hide, goto,
 * ...), with no other fields: for tests and tools. An unknown name is unknown_action_error.
 */
outcome decide_control(const session_state& s, const std::string& action, const std::string& step);

/**
 * The options a dot_vote step with a source would get now, from the source step's
 * results (docs/protocol.md: red, disputed, cards, actions, options, blocks). At most
 * max_source_options, in the order of the source's results.
 */
std::vector<option_def> options_from_source(const session_state& s, const step_def& d);
constexpr std::size_t max_source_options = 50;

} // namespace kring
