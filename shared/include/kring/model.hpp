// The live state of a session: its agenda (defs.hpp), its participants, and per step the
// phase, the reveal and the answers of the step's kind.
//
// Implemented: every activity kind (one file each), participants
//              with resume tokens, phases, reveal, card moderation, dot-vote options fixed
//              at open, the projector's language.
// Missing:     nothing the protocol needs; reports live elsewhere.
#pragma once

#include "kring/action_plan.hpp"
#include "kring/basics.hpp"
#include "kring/cards.hpp"
#include "kring/choice.hpp"
#include "kring/defs.hpp"
#include "kring/dot_vote.hpp"
#include "kring/image_choice.hpp"
#include "kring/inventory.hpp"
#include "kring/open_text.hpp"
#include "kring/scale.hpp"
#include "kring/text.hpp"
#include "kring/traffic_light.hpp"

#include <cstdint>
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
};

/** The live state of one step. Only the answers of the step's own kind are ever filled. */
struct step_state {
    phase ph = phase::pending;
    bool revealed = false;
    traffic_light::responses answers; // traffic_light
    scale::responses scale_answers;
    choice::responses choice_answers;
    image_choice::responses image_answers;
    open_text::responses text_answers;
    dot_vote::responses dot_answers;
    inventory::responses inventory_answers;
    action_plan::responses action_answers;
    /** Hidden and merged cards (open_text, inventory, action_plan). */
    cards::moderation moderation;
    /** dot_vote with a source: the options fixed when the step was opened. */
    std::vector<option_def> options;
    bool options_fixed = false;
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
    std::uint64_t rev = 0;          // number of events applied

    const participant* find_by_token_hash(const std::string& token_hash) const;
};

/** The options a dot_vote step votes on now: its own, or the ones fixed at open. */
const std::vector<option_def>& vote_options(const step_def& d, const step_state& st);

/** Participants with an answer on this step (pass included) / with every item answered. */
std::uint32_t answered(const step_def& d, const step_state& st);
std::uint32_t complete(const step_def& d, const step_state& st);

/** The ids of every card on a card step (open_text, inventory, action_plan). */
std::set<std::string> card_ids(const step_def& d, const step_state& st);

} // namespace kring
