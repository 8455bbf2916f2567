// Image choice (dromen met beelden): one image, or up to max_picks, with an optional "why".
// Counts per image, most chosen first, each with its reasons (no authors).
// The deck is the template's (step_def::images) and, after it, the facilitator's own photos
// sent for the step (ev::image_added, docs/protocol.md "Own images for an image choice"):
// their bytes are in the store as a photo's, taken in the same way.
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

/** One of the facilitator's own images of the step (its bytes are in the store under `id`). */
struct own_image {
    std::string id; // a photo id ("p" + 24 hex digits)
    localized alt;  // the caption, or "Eigen beeld n" / "Own image n" without one
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    bool operator==(const own_image&) const = default;
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
    /** The facilitator's own images, in the order they were sent, after the template's deck. */
    std::vector<own_image> own;
    /** Own images sent so far (removed ones too): the next one's default caption number - 1. */
    std::uint32_t own_sent = 0;
    bool operator==(const responses&) const = default;
};

/** The alt text of an own image: its caption, or "Eigen beeld n" / "Own image n". */
localized own_alt(const std::string& caption, std::uint32_t n);
/** Adds an own image (ev::image_added); nothing when its id is already there. */
void add_own(responses& r, own_image im);
/**
 * Removes an own image for good (ev::photo_set "deleted"): it leaves the deck and every answer
 * that chose it; an answer left without an image is removed (the participant may answer again).
 */
void remove_own(responses& r, const std::string& id);
/** The own image with this id, or nullptr. */
const own_image* find_own(const responses& r, std::string_view id);

/** Checks `value` (an array of 1..max_picks distinct image ids, or "pass") and the reason. */
checked<answer> validate(const step_def& d, const nlohmann::json& value, const std::string& comment,
                         const limits& lim, const std::vector<own_image>& own = {});
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
    std::vector<image_count> images; // every image of the deck and the own ones, most chosen
                                     // first, then deck order (own images after the deck)
};

result aggregate(const step_def& d, const responses& r);

/** validate() as the registry calls it (kind_inputs.hpp). */
checked<answer> check(const responses& r, const answer_input& in);

} // namespace kring::image_choice
