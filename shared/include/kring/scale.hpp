// Scale: per item a number min..max (for example 1 = helemaal niet .. 5 = helemaal wel), or
// pass, with an optional comment. Used for evaluation questions and "mijn gedacht".
#pragma once

#include "kring/activity.hpp"
#include "kring/basics.hpp"
#include "kring/defs.hpp"
#include "kring/kind_inputs.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kring::scale {

/** A participant's answer to one item. */
struct answer {
    int value = 0; // min..max; meaningless when pass
    bool pass = false;
    std::string comment;
    bool operator==(const answer&) const = default;
};

/** One participant's answers, indexed by item position (nullopt: not answered). */
using sheet = std::vector<std::optional<answer>>;

struct responses {
    static constexpr kind_info info{.kind = activity_kind::scale,
                                    .name = "scale",
                                    .per_item = true,
                                    .cards = false,
                                    .paper = true,
                                    .prompt = {"Geef per vraag een score, of sla over.",
                                               "Give each question a score, or pass."}};

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

    std::map<participant_id, sheet> sheets;
    bool operator==(const responses&) const = default;
};

/** Checks `value` (an integer min..max or "pass") and the comment. */
checked<answer> validate(const step_def& d, const nlohmann::json& value, const std::string& comment,
                         const limits& lim);
/** The value as `answer` takes it (and as it is stored): the number or "pass". */
nlohmann::json value_json(const answer& a);
/** Sets participant `pid`'s answer to item `item`. */
void apply(responses& r, const step_def& d, participant_id pid, std::size_t item, answer a);

struct item_result {
    std::string item;
    std::uint32_t index = 0;
    std::vector<std::uint32_t> counts; // for min..max
    std::uint32_t pass = 0;
    std::optional<double> median; // of the non-pass answers; nullopt without any
    bool operator==(const item_result&) const = default;
};

struct result {
    std::uint32_t total = 0;        // participants with at least one answer, pass included
    std::vector<item_result> items; // content order
};

/** Paper answers per item id: "1".."max" or "pass" -> n (set_tally). */
using paper_counts = std::map<std::string, std::map<std::string, std::uint32_t>>;

/** The aggregate; paper answers are counted into counts, pass and the median. */
result aggregate(const step_def& d, const responses& r, const paper_counts& paper = {});
/** The `items` field of the result in the view. */
nlohmann::json to_json(const result& r);

/** Participants with at least one answer / with every item answered. */
std::uint32_t answered(const responses& r);
std::uint32_t complete(const step_def& d, const responses& r);

/** validate() as the registry calls it (kind_inputs.hpp). */
checked<answer> check(const responses& r, const answer_input& in);

} // namespace kring::scale
