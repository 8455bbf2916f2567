// Cards: what open_text, inventory and action_plan answers become on the wall. A card is
// identified by its content (not by its author), so the same text from two people is one
// card with a count, and a facilitator's hide or merge sticks to the text itself.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kring::wire {
class reader;
}

namespace kring::cards {

/** The identity of a text: white space squeezed and lower case ("Koffie " == "koffie"). */
std::string key(std::string_view text);

/** A short, stable id for a key: "c" and 12 hex digits of its FNV-1a hash. */
std::string id_of(std::string_view key);

/** The facilitator's moderation of one step's cards. */
struct moderation {
    std::set<std::string> hidden;                   // never reach phones or the projector
    std::map<std::string, std::string> merged_into; // card -> the card it counts with

    /**
     * The card `card` counts as: its merge target while that card exists (is in
     * `present`), otherwise itself.
     */
    std::string target(const std::string& card, const std::set<std::string>& present) const;
    /** Neither the card nor the card it counts as is hidden. */
    bool visible(const std::string& card, const std::set<std::string>& present) const;
    bool operator==(const moderation&) const = default;
};

/** What the room (phones, the projector) sees of a wall: no hidden card, no trace of a merge. */
template <class Row> void keep_for_room(std::vector<Row>& rows) {
    std::erase_if(rows, [](const Row& r) { return r.hidden; });
    for (auto& r : rows)
        r.merged.clear();
}

/** The cards merged into an inventory entry or an action: (card, its text), facilitator only. */
using merged_list = std::vector<std::pair<std::string, std::string>>;
/** Writes a row's `merged` ([{card, text}]); nothing when there are none. */
void write_merged(nlohmann::json& row, const merged_list& merged);
/** Reads a row's `merged` back; none when absent. */
merged_list read_merged(const wire::reader& row);

} // namespace kring::cards
