// Events: every accepted change to a session is one event; state = fold(events).
// Events are stored as JSON text, so their JSON form is part of the store format: new
// fields and event types may be added, but a stored event must always load again.
#pragma once

#include "kring/model.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kring {

namespace ev {
struct session_created {
    std::string session_id;
    std::string join_code;
    std::string secret_hash;
    std::int64_t created_at = 0;
    session_def def;
    /** The server's --min-answers when the session was made (absent in old events: 3). */
    std::uint32_t min_answers = 3;
    /**
     * A practice session (create_session with `practice`): left out of the library, deleted
     * when it ends and at start-up (absent in older events: false).
     */
    bool practice = false;
    /**
     * The organisation the session belongs to (hosted mode, docs/hosting.md): only its keys
     * see and open it. "" for the embedded mode and the operator's sessions (absent: "").
     */
    std::string org{};
};
struct participant_joined {
    participant_id pid = 0;
    std::string token_hash;
    std::string name;
};
/** A traffic-light answer (kept apart: it is the most frequent event by far). */
struct answer_set {
    participant_id pid = 0;
    std::string step;
    std::string item;
    traffic_light::light value = traffic_light::light::none;
    std::string comment;
};
/** An answer of any other kind: the canonical JSON of its value (see each kind's value_json). */
struct response_set {
    participant_id pid = 0;
    std::string step;
    std::string item; // scale only; "" otherwise
    nlohmann::json value;
    std::string comment;
};
struct phase_set {
    std::string step;
    phase to = phase::pending;
};
struct reveal_set {
    std::string step;
    bool revealed = false;
};
struct current_set {
    std::string step;
};
struct card_hidden {
    std::string step;
    std::string card;
    bool hidden = true;
};
struct cards_merged {
    std::string step;
    std::string card;               // the target
    std::vector<std::string> cards; // now count with the target
};
struct cards_unmerged {
    std::string step;
    std::vector<std::string> cards; // count on their own again
};
/** The options of a dot_vote with a source, fixed when it opens. */
struct options_set {
    std::string step;
    std::vector<option_def> options;
};
/** The projector's language. */
struct lang_set {
    lang to = lang::nl;
};

// Running the room (docs/protocol.md, section 6).
struct step_locked {
    std::string step;
    bool locked = true;
};
struct live_set {
    std::string step;
    bool on = false;
    /** Also on the phones (true, absent in older events) or on the projector only. */
    bool phones = true;
};
/** A countdown; times in ms since the epoch, from the server's clock. */
struct timer_started {
    std::string step;
    std::int64_t started_at = 0;
    std::int64_t ends_at = 0;
    bool close_at_end = false;
};
struct timer_stopped {
    std::string step;
};
/** The server recorded that the countdown ran out. */
struct timer_ended {
    std::string step;
};
struct follow_set {
    bool on = true;
};
struct paused_set {
    bool on = false;
};
/** The facilitator removed a device; with discard every answer it gave is dropped. */
struct participant_removed {
    participant_id pid = 0;
    bool discard = false;
};
/** Paper answers of one item ("" for kinds without items); replaces its earlier tally. */
struct tally_set {
    std::string step;
    std::string item;
    std::map<std::string, std::uint32_t> counts;
};
struct note_set {
    std::string step;
    std::string text;
};
struct min_answers_set {
    std::uint32_t min = 3;
};
/** Another session shown next to this one, or "" to stop. */
struct compare_set {
    std::string session;
};
/** The facilitator ended the session (phones thank the room), or opened a step again. */
struct ended_set {
    bool on = true;
};
/** The page of a step's questions the projector shows (the facilitator turns them). */
struct page_set {
    std::string step;
    std::uint32_t page = 0;
};
/**
 * A participant's photo, taken in over HTTP; its bytes are stored with this event under
 * `id` (store.hpp, batch::photos). Starts pending: only the facilitator sees it.
 */
struct photo_added {
    std::string step;
    participant_id pid = 0;
    std::string id;
    std::string caption;
    std::string category;
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    std::string upload; // the phone's key for the upload ("" when it gave none)
};
/** The facilitator approved or hid a photo, or deleted it for good (its bytes go too). */
struct photo_set {
    std::string step;
    std::string id;
    std::string to; // "approved", "hidden" or "deleted"
};
/**
 * The facilitator set a floor-plan step's plan image (its bytes stored with this event under
 * `id`, like a photo), or took it away (`id` empty: the drawn rooms again).
 */
struct plan_set {
    std::string step;
    std::string id;
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};
/**
 * The facilitator sent one of their own images for an image-choice step's deck (its bytes
 * stored with this event under `id`, like a photo). Removed with photo_set "deleted".
 */
struct image_added {
    std::string step;
    std::string id;
    std::string caption; // "" without one
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};
} // namespace ev

using event =
    std::variant<ev::session_created, ev::participant_joined, ev::answer_set, ev::phase_set,
                 ev::reveal_set, ev::current_set, ev::response_set, ev::card_hidden,
                 ev::cards_merged, ev::cards_unmerged, ev::options_set, ev::lang_set,
                 ev::step_locked, ev::live_set, ev::timer_started, ev::timer_stopped,
                 ev::timer_ended, ev::follow_set, ev::paused_set, ev::participant_removed,
                 ev::tally_set, ev::note_set, ev::min_answers_set, ev::compare_set, ev::ended_set,
                 ev::page_set, ev::photo_added, ev::photo_set, ev::plan_set, ev::image_added>;

/** The event as one line of JSON, as stored. */
std::string event_to_json(const event& e);

/** Parses a stored event; throws std::runtime_error naming what is wrong. */
event event_from_json(std::string_view text);

} // namespace kring
