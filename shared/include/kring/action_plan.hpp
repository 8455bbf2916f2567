// Action plan (verder bouwen): small, concrete actions, each what / who / when. The
// aggregate is the list; a later dot_vote can take the visible actions as its options.
#pragma once

#include "kring/activity.hpp"
#include "kring/basics.hpp"
#include "kring/cards.hpp"
#include "kring/defs.hpp"
#include "kring/kind_inputs.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace kring::action_plan {

constexpr std::size_t max_what = list_fields.action_what;
constexpr std::size_t max_who = list_fields.action_who;
constexpr std::size_t max_when = list_fields.action_when;

struct action {
    std::string what;
    std::string who;
    std::string when;
    bool operator==(const action&) const = default;
};

struct answer {
    bool pass = false;
    std::vector<action> actions; // no two with the same card
    bool operator==(const answer&) const = default;
};

struct responses {
    static constexpr kind_info info{
        .kind = activity_kind::action_plan,
        .name = "action_plan",
        .per_item = false,
        .cards = true,
        .paper = false,
        .prompt = {"Schrijf kleine, haalbare acties: wat, wie en wanneer.",
                   "Write small, feasible actions: what, who and when."}};

    // The kind's operations on a step's definition (kind_inputs.hpp says what they do).
    static void read_definition(step_def& d, const content_reader& r);
    static void settings_json(nlohmann::json& j, const step_def& d);
    static void read_settings(step_def& d, const wire::reader& r);
    static void read_result(wire::step_result& out, const wire::reader& r);
    static void write_result(nlohmann::json& j, const wire::step_result& in);
    static void fill_result(wire::step_result& out, const responses& r, const result_input& in);

    std::map<participant_id, answer> by;
    bool operator==(const responses&) const = default;
};

/**
 * Checks `value`: an array of 0..max_entries actions { what (1..140), who (0..60),
 * when (0..40) } (an empty array withdraws), or "pass". No comment.
 */
checked<answer> validate(const step_def& d, const nlohmann::json& value, const std::string& comment,
                         const limits& lim);
nlohmann::json value_json(const answer& a);
void apply(responses& r, participant_id pid, answer a);
std::string card_of(const action& a);
std::set<std::string> card_ids(const responses& r);
/** One line for an action: "what (who, when)". */
std::string label(const action& a);

struct row {
    std::string card;
    action a;
    bool hidden = false;
    std::vector<std::pair<std::string, std::string>> merged; // facilitator only: card, what
    bool operator==(const row&) const = default;
};
struct result {
    std::uint32_t total = 0;
    std::vector<row> actions; // alphabetical by what, who, when
};

result aggregate(const responses& r, const cards::moderation& m);
void to_json(nlohmann::json& out, const result& r, bool facilitator);

/** validate() as the registry calls it (kind_inputs.hpp). */
checked<answer> check(const responses& r, const answer_input& in);

} // namespace kring::action_plan
