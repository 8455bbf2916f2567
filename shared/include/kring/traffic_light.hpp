// The traffic-light game (stoplichtspel): per statement green / orange / red / pass,
// with an optional comment. Validation, application and aggregation; pure functions.
#pragma once

#include "kring/defs.hpp"
#include "kring/kind_inputs.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kring::traffic_light {

/** A participant's rating of one statement. `none` means not answered (yet). */
enum class light : std::uint8_t { none, green, orange, red, pass };

const char* to_string(light l);
/** Parses "green" / "orange" / "red" / "pass"; anything else gives nullopt. */
std::optional<light> light_from_string(std::string_view s);

struct answer {
    light value = light::none;
    std::string comment;
    bool operator==(const answer&) const = default;
};

/** One participant's answers for a step, indexed by item position. */
using sheet = std::vector<answer>;

/** Running counts for one statement, kept up to date as answers change. */
struct tally {
    std::uint32_t green = 0, orange = 0, red = 0, pass = 0;
    bool operator==(const tally&) const = default;
};

/**
 * All answers to one traffic-light step: per participant a sheet, plus tallies per item
 * that set() keeps consistent with the sheets (so a view costs O(items), not O(people)).
 */
struct responses {
    static constexpr kind_info info{
        .kind = activity_kind::traffic_light,
        .name = "traffic_light",
        .per_item = true,
        .cards = false,
        .paper = true,
        .prompt = {
            "Hoe staan we ervoor? Kies per vraag: groen = loopt goed, oranje = kan sterker, "
            "rood = werkpunt, of sla over.",
            "Where do we stand? For each question choose: green = going well, orange = could be "
            "stronger, red = needs work, or pass."}};

    // The kind's operations on a step's definition (kind_inputs.hpp says what they do).
    static void read_definition(step_def& d, const content_reader& r);
    static void settings_json(nlohmann::json& j, const step_def& d);
    static void read_settings(step_def& d, const wire::reader& r);
    static void read_result(wire::step_result& out, const wire::reader& r);
    static void write_result(nlohmann::json& j, const wire::step_result& in);
    static void fill_result(wire::step_result& out, const responses& r, const result_input& in);
    static bool counts_on_paper(const step_def& d, const std::vector<option_def>& options,
                                const std::string& value);

    std::map<std::uint32_t, sheet> sheets; // participant id -> sheet
    std::vector<tally> tallies;            // per item index
    std::uint32_t answered = 0;            // participants with at least one answer
    std::uint32_t complete = 0;            // participants who answered every item

    /** Sets participant `pid`'s answer to item `item` of a step with `n_items` items. */
    void set(std::uint32_t pid, std::size_t item, std::size_t n_items, answer a);
};

/** The aggregate of one statement. */
struct item_result {
    std::string item;
    std::uint32_t index = 0;
    std::uint32_t green = 0, orange = 0, red = 0, pass = 0;
    double spread = 0.0;
    bool operator==(const item_result&) const = default;
};

/** The aggregate of one step: items ordered most-disputed first. */
struct step_result {
    std::uint32_t total = 0; // participants with at least one answer
    std::vector<item_result> items;
};

/**
 * Disagreement in 0..1: the standard deviation of the non-pass answers on the scale
 * green = 0, orange = 1, red = 2. Zero with fewer than two non-pass answers.
 */
double spread(const tally& t);

/** Paper answers of one statement: "green", "orange", "red", "pass" -> n. */
using paper_counts = std::map<std::string, std::uint32_t>;

/** The tally with the paper answers added. */
tally with_paper(tally t, const paper_counts& paper);

/**
 * The block of each item, for the order of the results: items under the same heading
 * (item_def::group, consecutive) share a block, every other item is a block of its own.
 */
std::vector<std::uint32_t> heading_blocks(const std::vector<item_def>& items);

/**
 * Most disputed first, without tearing an item from its heading: blocks by their most
 * disputed item, items within a block by their own spread; content order breaks ties.
 */
void order_by_spread(std::vector<item_result>& items, const std::vector<std::uint32_t>& blocks);

/** Aggregates from the tallies; item_ids gives the id for each index. */
step_result aggregate(const std::vector<std::string>& item_ids, const responses& r);

/**
 * The same with paper answers counted in (paper: item id -> counts). `total` stays the
 * participants with an answer; the caller adds the paper answers it counts.
 */
step_result aggregate(const std::vector<std::string>& item_ids, const responses& r,
                      const std::map<std::string, paper_counts>& paper);

/** The same, ordered by order_by_spread over `blocks` (one per item). */
step_result aggregate(const std::vector<std::string>& item_ids, const responses& r,
                      const std::map<std::string, paper_counts>& paper,
                      const std::vector<std::uint32_t>& blocks);

/**
 * Of a step's results: those with red, most red first (content order breaks ties): where a
 * theme that needs work starts, and what a dot vote on "red" offers.
 */
std::vector<item_result> most_red(std::vector<item_result> items);

/**
 * Of a step's results in aggregate's order (most disputed first): those people disagree on
 * (spread above 0): where a mixed theme starts, and what a dot vote on "disputed" offers.
 */
std::vector<item_result> most_disputed(std::vector<item_result> items);

/** The same aggregate recomputed from the sheets alone (reference for tests). */
std::vector<tally> tallies_from_sheets(const std::map<std::uint32_t, sheet>& sheets,
                                       std::size_t n_items);

} // namespace kring::traffic_light
