// Dot voting: each participant spreads up to `dots` dots over the options (at most
// max_per_option on one). The options are the step's own, or fixed when the step opens
// from an earlier step's results (see options_from_source in reducer.hpp).
#pragma once

#include "kring/activity.hpp"
#include "kring/basics.hpp"
#include "kring/defs.hpp"
#include "kring/kind_inputs.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace kring::dot_vote {

struct answer {
    bool pass = false;
    std::vector<std::pair<std::string, int>> dots; // option id -> dots (> 0), in option order
    bool operator==(const answer&) const = default;
};

struct responses {
    static constexpr kind_info info{
        .kind = activity_kind::dot_vote,
        .name = "dot_vote",
        .per_item = false,
        .cards = false,
        .paper = true,
        .prompt = {"Verdeel je stippen over wat jij het belangrijkst vindt.",
                   "Spread your dots over what matters most to you."}};

    // The kind's operations on a step's definition (kind_inputs.hpp says what they do).
    static void read_definition(step_def& d, const content_reader& r);
    static void settings_json(nlohmann::json& j, const step_def& d);
    static void read_settings(step_def& d, const wire::reader& r);
    static void read_result(wire::step_result& out, const wire::reader& r);
    static void write_result(nlohmann::json& j, const wire::step_result& in);
    static void fill_result(wire::step_result& out, const responses& r, const result_input& in);
    static bool counts_on_paper(const step_def& d, const std::vector<option_def>& options,
                                const std::string& value);
    static void report_definition(nlohmann::json& j, const step_def& d,
                                  const std::vector<option_def>& options, lang l);

    std::map<participant_id, answer> by;
    bool operator==(const responses&) const = default;
};

/**
 * Checks `value`: an object { option id: dots } with 0..max_per_option each and at most
 * `dots` in all (an empty object, or all zeros, withdraws), or "pass". No comment.
 */
checked<answer> validate(const step_def& d, const std::vector<option_def>& options,
                         const nlohmann::json& value, const std::string& comment,
                         const limits& lim);
nlohmann::json value_json(const answer& a);
/** Sets the answer; an empty, non-pass answer withdraws it. */
void apply(responses& r, participant_id pid, answer a);

struct option_result {
    std::string option;
    std::uint32_t dots = 0;
    std::uint32_t rank = 0; // 1 = most dots; equal dots share a rank (1, 1, 3)
    bool operator==(const option_result&) const = default;
};
struct result {
    std::uint32_t total = 0;            // participants with an answer, pass included
    std::uint32_t voters = 0;           // participants with at least one dot
    std::vector<option_result> options; // most dots first, then option order
};

/** The aggregate; `paper` (option id -> dots from stickers, set_tally) is counted in. */
result aggregate(const std::vector<option_def>& options, const responses& r,
                 const std::map<std::string, std::uint32_t>& paper = {});

/** validate() as the registry calls it (kind_inputs.hpp). */
checked<answer> check(const responses& r, const answer_input& in);

/**
 * After the vote on the building blocks (a step with source "blocks"): the agenda's step that
 * plays the most-dotted block's round (a traffic_light step on that theme), or nullptr when
 * no block has a dot yet or no step plays it. `dots` is a result's, most dots first.
 */
const step_def* chosen_block_step(const std::vector<step_def>& steps,
                                  const std::vector<option_result>& dots);

} // namespace kring::dot_vote
