// Image choice (dromen met beelden): one image, or up to max_picks, with an optional "why".
// Counts per image, most chosen first, each with its reasons (no authors).
#pragma once

#include "kring/activity.hpp"
#include "kring/basics.hpp"
#include "kring/defs.hpp"
#include "kring/kind_inputs.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kring::image_choice {

struct answer {
    bool pass = false;
    std::vector<std::string> images; // image ids in deck order
    std::string comment;             // the "why"
    bool operator==(const answer&) const = default;
};

struct responses {
    static constexpr kind_info info{
        .kind = activity_kind::image_choice,
        .name = "image_choice",
        .per_item = false,
        .cards = false,
        .paper = false,
        .prompt = {"Kies een beeld en vertel waarom.", "Choose an image and say why."}};

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

/** Checks `value` (an array of 1..max_picks distinct image ids, or "pass") and the reason. */
checked<answer> validate(const step_def& d, const nlohmann::json& value, const std::string& comment,
                         const limits& lim);
nlohmann::json value_json(const answer& a);
void apply(responses& r, participant_id pid, answer a);

struct image_count {
    std::string image;
    std::uint32_t count = 0;
    std::vector<std::string> reasons; // sorted
    bool operator==(const image_count&) const = default;
};
struct result {
    std::uint32_t total = 0; // pass included
    std::uint32_t pass = 0;
    std::vector<image_count> images; // every image of the deck, most chosen first, then deck order
};

result aggregate(const step_def& d, const responses& r);

/** validate() as the registry calls it (kind_inputs.hpp). */
checked<answer> check(const responses& r, const answer_input& in);

} // namespace kring::image_choice
