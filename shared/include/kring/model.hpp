// The live state of a session: its agenda (defs.hpp), its participants, and per step the
// phase, the reveal and the answers of the step's kind.
//
// Implemented: every activity kind (one file each), participants
//              with resume tokens, phases, reveal, card moderation, dot-vote options fixed
//              at open, the projector's language.
// Missing:     nothing the protocol needs; reports live elsewhere.
#pragma once

#include "kring/basics.hpp"
#include "kring/cards.hpp"
#include "kring/defs.hpp"
#include "kring/kinds.hpp"
#include "kring/text.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace kring {

/** One person who joined; identified only by a hash of their resume token. */
struct participant {
    participant_id id = 0;
    std::string token_hash;
    std::string name;
    /** Removed by the facilitator: their token no longer joins, their connection is closed. */
    bool removed = false;
};

/**
 * Answers counted from paper (cards or dot stickers) by the facilitator. Per item ("" for
 * kinds without items) the count per value: a colour or "pass" (traffic_light), an option
 * id or "pass" (choice), "1".."max" or "pass" (scale), an option id as dots (dot_vote).
 * Setting an item's tally replaces its earlier tally.
 */
struct paper_tally {
    std::map<std::string, std::map<std::string, std::uint32_t>> counts; // item -> value -> n
};

/** A countdown on a step; times are milliseconds since the epoch, given by the server. */
struct step_timer {
    std::string step;
    std::int64_t started_at = 0;
    std::int64_t ends_at = 0;
    bool close_at_end = false; // the server closes the step when the time is up
    bool ended = false;        // the server recorded the end (timer_ended)
};

/** The live state of one step. Only the answers of the step's own kind are ever filled. */
struct step_state {
    phase ph = phase::pending;
    bool revealed = false;
    /** The answers, of the step's kind (kinds.hpp); set when the session is created. */
    step_answers answers;
    /** Hidden and merged cards (open_text, inventory, action_plan). */
    cards::moderation moderation;
    /** dot_vote with a source: the options fixed when the step was opened. */
    std::vector<option_def> options;
    bool options_fixed = false;
    /** Locked: final; no answers, tallies or reopening until unlocked. */
    bool locked = false;
    /** Results shown live (while open) to the projector, without reveal. */
    bool live = false;
    /** ... and to the participants too (set_live's `phones`, true unless it said false). */
    bool live_phones = false;
    /** The facilitator's notes on the discussion of this step (for the report). */
    std::string note;
    /** Paper answers counted into this step's result. */
    paper_tally paper;
    /** The page of its questions the projector shows, from 0 (the facilitator turns it). */
    std::uint32_t page = 0;
    /** floor_plan: the facilitator's plan image, if one was uploaded. */
    floor_plan::plan_image plan;

    /** The answers as kind R; empty ones when the step is of another kind. */
    template <class R> const R& get() const {
        if (const R* r = std::get_if<R>(&answers))
            return *r;
        static const R none{};
        return none;
    }
    /** The answers as kind R, to change; made R (empty) when they were of another kind. */
    template <class R> R& get() {
        if (!std::holds_alternative<R>(answers))
            answers.emplace<R>();
        return std::get<R>(answers);
    }
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
    std::vector<step_state> steps;         // parallel to def.steps
    int current = -1;                      // index into steps, -1 before the first open/goto
    std::vector<participant> participants; // participants[i].id == i + 1
    std::unordered_map<std::string, participant_id> by_token;
    lang projector_lang = lang::nl; // chosen by the facilitator (set_lang)
    /** Paused: answers are refused, phones and projector show a pause screen. */
    bool paused = false;
    /** Ended by the facilitator: every step closed, phones and projector say thank you. */
    bool ended = false;
    /** Phones show the current step (true) or let participants pick any open step. */
    bool follow = true;
    /** Results (and comments) of a step are shown only from this many answers on. */
    std::uint32_t min_answers = 3;
    /**
     * A practice session (docs/protocol.md, section 6, "Practice sessions"): simulated
     * participants, not in the library, deleted when it ends.
     */
    bool practice = false;
    /** The organisation whose keys see this session (hosted mode); "" none. */
    std::string org;
    /** The running (or last) countdown; nullopt when none was started. */
    std::optional<step_timer> timer;
    /** Another session of the same template shown next to this one (compare), or "". */
    std::string compare_with;
    std::uint64_t rev = 0; // number of events applied

    const participant* find_by_token_hash(const std::string& token_hash) const;
};

/** The options a dot_vote step votes on now: its own, or the ones fixed at open. */
const std::vector<option_def>& vote_options(const step_def& d, const step_state& st);

/** Participants with an answer on this step (pass included) / with every item answered. */
std::uint32_t answered(const step_def& d, const step_state& st);
std::uint32_t complete(const step_def& d, const step_state& st);

/** Whether one participant has an answer on this step (pass included) / every item answered. */
struct own_answers {
    bool any = false;
    bool all = false;
};
own_answers answers_of(const step_def& d, const step_state& st, participant_id pid);

/**
 * Paper answers on a step: for kinds with items the most on any one item, for dot_vote
 * the dots, otherwise the answers of the tally. Zero without a tally.
 */
std::uint32_t paper_answers(const step_def& d, const step_state& st);

/** Answers on a step, paper included: what the min_answers threshold is checked against. */
std::uint32_t total_with_paper(const step_def& d, const step_state& st);

/** A step whose result is withheld from every role: fewer answers than min_answers. */
bool withheld(const step_def& d, const step_state& st, std::uint32_t min_answers);

/** The ids of every card on a card step (open_text, inventory, action_plan). */
std::set<std::string> card_ids(const step_def& d, const step_state& st);

} // namespace kring
