// Floor plan (architect voor een dag, kritische rondleiding, spaghettimapping): participants
// mark the building's plan. In pins mode each places pins of the step's categories (hier voel
// ik me welkom / hier haak ik af / idee), each with an optional comment; in routes mode an
// observer records routes as taps per time slot. Positions are plan coordinates: x and y
// from 0 to 1, kept in thousandths, so every screen size draws the same plan.
//
// Each pin and route is a card: the facilitator can hide one (hide_card). The aggregate is
// the visible pins, their clusters and a heat map per category, and the routes.
#pragma once

#include "kring/activity.hpp"
#include "kring/cards.hpp"
#include "kring/defs.hpp"
#include "kring/kind_inputs.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace kring::floor_plan {

/** Thousandths of the plan's width or height: 0..1000. */
using coord = std::uint16_t;
constexpr coord scale = 1000;

/** Points of one route. */
constexpr std::size_t min_points = 2;
constexpr std::size_t max_points = 60;
/** Characters of a pin's or route's own id (the participant's device chooses it). */
constexpr std::size_t max_mark_id = 12;
/** Categories, drawn rooms and time slots a step may define. */
constexpr std::size_t max_categories = 6;
constexpr std::size_t max_areas = 24;
constexpr std::size_t max_slots = 6;
/** The plan's width / height. */
constexpr double min_aspect = 0.5;
constexpr double max_aspect = 3.0;
/** The heat map's grid, and the cluster grid (cells per side). */
constexpr std::uint32_t heat_cols = 24;
constexpr std::uint32_t heat_rows = 16;
constexpr std::uint32_t cluster_cells = 10;
/**
 * Clusters of one category whose centres are closer than this (in plan units, 0..1) become
 * one: pins close together on either side of a grid line are one cluster, not two.
 */
constexpr double cluster_join = 0.06;

const char* to_string(mode m);
/** "pins" or "routes"; false for anything else. */
bool mode_from_string(const std::string& s, mode& out);

struct pin {
    std::string id;
    coord x = 0, y = 0;
    std::string category;
    std::string comment;
    bool operator==(const pin&) const = default;
};

struct route {
    std::string id;
    std::string slot;
    std::vector<std::pair<coord, coord>> points;
    bool operator==(const route&) const = default;
};

/** One participant's marks: pins (pins mode) or routes (routes mode). */
struct answer {
    std::vector<pin> pins;
    std::vector<route> routes;
    bool operator==(const answer&) const = default;
};

struct responses {
    static constexpr kind_info info{
        .kind = activity_kind::floor_plan,
        .name = "floor_plan",
        .per_item = false,
        .cards = true,
        .paper = false,
        .prompt = {"Tik op het plan waar het voor jou klopt, en kies wat je er ervaart.",
                   "Tap the plan where it applies to you, and choose what you experience there."}};

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
 * Checks `value`: an array (an empty one withdraws) of at most max_entries pins
 * {id, x, y, category, comment?} in pins mode, or routes {id, slot, points: [[x, y], ...]}
 * (2..60 points) in routes mode. Ids are 1..12 of [A-Za-z0-9_-], unique; x and y are
 * numbers from 0 to 1 (kept in thousandths); the comment at most max_length characters.
 * No answer comment.
 */
checked<answer> validate(const step_def& d, const nlohmann::json& value, const std::string& comment,
                         const limits& lim);
nlohmann::json value_json(const answer& a);
void apply(responses& r, participant_id pid, answer a);
/** The card of participant pid's pin or route with this id. */
std::string card_of(participant_id pid, const std::string& mark_id);
std::set<std::string> card_ids(const responses& r);

/** A coordinate as a number from 0 to 1. */
inline double unit(coord c) {
    return static_cast<double>(c) / scale;
}

/**
 * The facilitator's own plan of the building for a step: an image uploaded from the console
 * and taken in like a photo (docs/protocol.md, section 7), stored under `id`. Without one the
 * step's drawn rooms are the plan.
 */
struct plan_image {
    std::string id; // a photo id; "" without an image
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    bool operator==(const plan_image&) const = default;
};

/** A pin in the result. */
struct pin_row {
    std::string card;
    double x = 0, y = 0;
    std::string category;
    std::string comment;
    bool hidden = false;
    bool operator==(const pin_row&) const = default;
};

/** A route in the result. */
struct route_row {
    std::string card;
    std::string slot;
    std::vector<std::pair<double, double>> points;
    bool hidden = false;
    bool operator==(const route_row&) const = default;
};

/**
 * Visible pins of one category close together: those in one cell of a cluster_cells grid,
 * and cells whose centres are closer than cluster_join joined (closest first).
 */
struct cluster {
    std::string category;
    double x = 0, y = 0; // their mean position
    std::uint32_t n = 0;
    bool operator==(const cluster&) const = default;
};

/** Visible pins per cell of a cols x rows grid over the plan, per category (row 0 on top). */
struct heat_map {
    std::uint32_t cols = heat_cols;
    std::uint32_t rows = heat_rows;
    std::map<std::string, std::vector<std::uint32_t>> cells; // category -> cols*rows, row-major
    bool operator==(const heat_map&) const = default;
};

struct result {
    std::uint32_t total = 0; // participants with a mark
    std::vector<pin_row> pins;
    std::vector<cluster> clusters;
    heat_map heat;
    std::vector<route_row> routes;
};

/**
 * Every pin and route, hidden ones marked; clusters and heat map of the visible pins. Pins in
 * the order of the step's categories, then top to bottom; routes by slot, then card.
 */
result aggregate(const step_def& d, const responses& r, const cards::moderation& m);

/** The drawn room a point falls in (the first listed), or nullptr. */
const area* area_at(const step_def& d, double x, double y);

/** validate() as the registry calls it (kind_inputs.hpp). */
checked<answer> check(const responses& r, const answer_input& in);

} // namespace kring::floor_plan
