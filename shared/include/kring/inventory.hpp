// Inventory (movement 1, In kaart brengen): entries of the existing offer (name, kind of
// offer, place, families reached, goals). The aggregate is the table of entries and the
// coverage matrix kinds x target groups, with the empty cells as gaps.
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

namespace kring::inventory {

constexpr std::size_t max_name = list_fields.inventory_name;
constexpr std::size_t max_place = list_fields.inventory_place;
constexpr std::size_t max_goals = list_fields.inventory_goals;

struct entry {
    std::string name;
    std::string kind; // an offer kind id
    std::string place;
    std::vector<std::string> families; // target group ids, in the step's order
    std::string goals;
    bool operator==(const entry&) const = default;
};

struct answer {
    bool pass = false;
    std::vector<entry> entries; // no two with the same card
    bool operator==(const answer&) const = default;
};

struct responses {
    static constexpr kind_info info{
        .kind = activity_kind::inventory,
        .name = "inventory",
        .per_item = false,
        .cards = true,
        .paper = false,
        .prompt = {
            "Vul het aanbod in dat je kent: wat, waar, voor welke gezinnen en met welk doel.",
            "Enter the offer you know: what, where, for which families and with what aim."}};

    // The kind's operations on a step's definition (kind_inputs.hpp says what they do).
    static void read_definition(step_def& d, const content_reader& r);
    static void settings_json(nlohmann::json& j, const step_def& d);
    static void read_settings(step_def& d, const wire::reader& r);
    static void read_result(wire::step_result& out, const wire::reader& r);
    static void write_result(nlohmann::json& j, const wire::step_result& in);
    static void fill_result(wire::step_result& out, const responses& r, const result_input& in);
    static void report_definition(nlohmann::json& j, const step_def& d,
                                  const std::vector<option_def>& options, lang l);

    std::map<participant_id, answer> by;
    bool operator==(const responses&) const = default;
};

/**
 * Checks `value`: an array of 0..max_entries entries { name (1..80), kind, place (0..80),
 * families [ids], goals (0..300) } (an empty array withdraws), or "pass". No comment.
 */
checked<answer> validate(const step_def& d, const nlohmann::json& value, const std::string& comment,
                         const limits& lim);
nlohmann::json value_json(const answer& a);
void apply(responses& r, participant_id pid, answer a);
/** The card of an entry: equal entries (same words, any case or spacing) are one card. */
std::string card_of(const entry& e);
std::set<std::string> card_ids(const responses& r);

struct row {
    std::string card;
    entry e; // families: with those of the entries merged into it
    bool hidden = false;
    std::vector<std::pair<std::string, std::string>> merged; // facilitator only: card, name
    bool operator==(const row&) const = default;
};
struct result {
    std::uint32_t total = 0;  // participants with an answer, pass included
    std::vector<row> entries; // by kind (step order), then name
    std::vector<std::string> kinds, groups;
    std::vector<std::vector<std::uint32_t>> counts;        // [kind][group], visible entries only
    std::vector<std::pair<std::string, std::string>> gaps; // cells with no entry, row by row
    std::vector<std::string> unreached{};                  // target groups no visible entry reaches
    std::vector<std::string> unnamed{}; // offer kinds with no visible entry for any group
};

result aggregate(const step_def& d, const responses& r, const cards::moderation& m);
void to_json(nlohmann::json& out, const result& r, bool facilitator);

/** validate() as the registry calls it (kind_inputs.hpp). */
checked<answer> check(const responses& r, const answer_input& in);

} // namespace kring::inventory
