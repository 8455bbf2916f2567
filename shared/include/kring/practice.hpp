// Practice mode (docs/protocol.md, section 6, "Practice sessions"): the answers of the
// simulated participants a facilitator rehearses with. Pure: the same step, options and
// participant always give the same answers, and every one of them is a valid answer of the
// step's kind (it still goes through decide_response, like a phone's).
#pragma once

#include "kring/defs.hpp"
#include "kring/text.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kring::practice {

/** At most this many simulated participants in one session (`simulate.participants`). */
constexpr std::size_t max_participants = 40;
/** How many `simulate` makes when it names no number. */
constexpr std::size_t default_participants = 12;
/**
 * A practice session that did not end is kept over a server restart when its last change
 * is at most this old (a rehearsal goes on); an older one was left behind and is deleted.
 */
constexpr std::int64_t resume_within_ms = 2 * 60 * 60 * 1000;

/** One answer input, as a phone would send it in an `answer` message. */
struct answer {
    std::string item; // kinds with items (traffic_light, scale); "" otherwise
    nlohmann::json value;
    std::string comment;
    bool operator==(const answer&) const = default;
};

/**
 * The answers simulated participant `who` (from 0) gives to step `d`, voting on `options`
 * (a dot_vote's options now: vote_options(); ignored by the other kinds), in the session's
 * language `l` (texts, comments). Spread over the participants so that the results show
 * disagreement: traffic lights a mix of green, orange and red with a pass here and there
 * and a different spread per statement; scales, choices, images and dots over several
 * values; open texts, inventory entries and actions from a small built-in sample, with
 * repeats so that a word cloud and a dot vote on them have something to count. Empty only
 * for a step that takes nothing (an unknown kind).
 */
std::vector<answer> answers_for(const step_def& d, const std::vector<option_def>& options,
                                std::size_t who, lang l = lang::nl);

/**
 * The token hash of simulated participant `n` (from 1): not a hash of any token (real ones
 * are 64 hex digits), so nobody can join as them.
 */
std::string simulated_token_hash(std::size_t n);

/** The display name of simulated participant `n` (from 1): "Oefendeelnemer n" in Dutch. */
std::string simulated_name(std::size_t n, lang l);

} // namespace kring::practice
