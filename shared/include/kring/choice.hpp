// Choice: one option (for example how you would react in a case), or pass, with an
// optional "why". Counts per option; the reasons without their authors.
#pragma once

#include "kring/activity.hpp"
#include "kring/basics.hpp"
#include "kring/defs.hpp"
#include "kring/kind_inputs.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kring::choice {

struct answer {
    bool pass = false;
    std::string option; // an option id; empty when pass
    std::string comment;
    bool operator==(const answer&) const = default;
};

struct responses {
    static constexpr kind_info info{
        .kind = activity_kind::choice,
        .name = "choice",
        .per_item = false,
        .cards = false,
        .paper = true,
        .prompt = {"Kies het antwoord dat het best bij jou past en zeg waarom, als je wilt.",
                   "Choose the answer that fits you best and say why, if you like."}};

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

/** Checks `value` (an option id or "pass") and the comment (only if the step takes one). */
checked<answer> validate(const step_def& d, const nlohmann::json& value, const std::string& comment,
                         const limits& lim);
nlohmann::json value_json(const answer& a);
void apply(responses& r, participant_id pid, answer a);

struct option_count {
    std::string option;
    std::uint32_t count = 0;
    bool operator==(const option_count&) const = default;
};
struct reason {
    std::string option;
    std::string text;
    bool operator==(const reason&) const = default;
};
struct result {
    std::uint32_t total = 0; // pass included
    std::uint32_t pass = 0;
    std::vector<option_count> options; // content order
    std::vector<reason> reasons;       // by option (content order), then text
};

/** The aggregate; `paper` (option id or "pass" -> n, from set_tally) is counted in. */
result aggregate(const step_def& d, const responses& r,
                 const std::map<std::string, std::uint32_t>& paper = {});

/** validate() as the registry calls it (kind_inputs.hpp). */
checked<answer> check(const responses& r, const answer_input& in);

} // namespace kring::choice
