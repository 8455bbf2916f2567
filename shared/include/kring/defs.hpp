// The agenda of a session as the content defines it: steps of every activity kind.
// Copied into the session when it is created (and stored with it), so a session keeps
// its agenda even when the content folder changes later.
//
// Implemented: every activity kind with its settings; facilitator-only
//              guide and resources per step; the building blocks per session.
#pragma once

#include "kring/text.hpp"

#include <string>
#include <vector>

namespace kring {

/** The activity kinds; each has its own file (traffic_light.hpp, ...). */
enum class activity_kind {
    unknown,
    traffic_light,
    scale,
    choice,
    image_choice,
    open_text,
    dot_vote,
    inventory,
    action_plan,
    photo,
    floor_plan
};

/**
 * A kind's entry in the registry (kinds.hpp), given by its file as `responses::info`: its
 * value, its name in content and on the wire, whether it is answered per item (statement
 * or question), whether its answers are cards the facilitator can hide or merge, whether
 * paper answers may be added to its results, and the
 * prompt of a step whose template gives none.
 */
struct kind_info {
    activity_kind kind;
    const char* name;
    bool per_item;
    bool cards;
    bool paper; // a paper tally (set_tally) may add to its results
    struct {
        const char* nl;
        const char* en;
    } prompt;
};

const char* to_string(activity_kind k);
activity_kind activity_kind_from_string(const std::string& s);
/** Kinds whose answers are given per item (statement or question). */
bool has_items(activity_kind k);
/** Kinds whose answers are cards the facilitator can hide or merge. */
bool has_cards(activity_kind k);
/** Kinds whose results a paper tally (set_tally) may add to. */
bool has_paper(activity_kind k);

/**
 * What a theme's item asks for (docs/content.md, "Item forms"): a statement (or a question
 * that rates) given a colour; an open question to talk about; an option of the theme's
 * choice question; or a heading, the lead-in the items after it hang under.
 */
enum class item_form { rate, open, choice, heading };

const char* to_string(item_form f);
/** Parses "rate", "open", "choice", "heading" into `out`; false for anything else. */
bool item_form_from_string(const std::string& s, item_form& out);

/** One statement or question inside a step. */
struct item_def {
    std::string id;
    localized text;  // the wegwijzer's own sentence: always shown
    localized group; // the heading it hangs under ("Zijn de taken … gedefinieerd?"), or empty
    // Kring's wording of a question as a statement to rate ("We zorgen ervoor dat …"),
    // shown with the text and marked as Kring's; empty when the text itself rates.
    localized rating;
    item_form form = item_form::rate;
    bool operator==(const item_def&) const = default;
};

/** One option of a choice or dot vote, an offer kind or a target group. */
struct option_def {
    std::string id;
    localized text;
    bool operator==(const option_def&) const = default;
};

/** One image of a deck, as a participant's page loads it. */
struct image_def {
    std::string id;
    std::string url; // relative to the server, e.g. /images/koffie.png
    localized alt;
    bool operator==(const image_def&) const = default;
};

/** One entry of the wegwijzer's resource lists (facilitator only). */
struct resource_def {
    std::string id;
    std::string category;
    localized title;
    localized description;
    std::string url; // may be empty: no address is invented
    bool operator==(const resource_def&) const = default;
};

/**
 * A whole-number setting of a step: its key in content and on the wire, its range and its
 * default. The content loader (content.cpp), the client's decoder (wire.cpp) and step_def's
 * defaults below take them from here.
 */
struct int_setting {
    const char* key;
    int lo;
    int hi;
    int def;
};

// Each kind's whole-number settings (docs/content.md has the table).
namespace scale {
inline constexpr int_setting min_setting{"min", 0, 9, 1};
inline constexpr int_setting max_setting{"max", 2, 10, 5}; // and more than min
} // namespace scale
namespace image_choice {
inline constexpr int_setting max_picks_setting{"max_picks", 1, 5, 1};
}
namespace open_text {
inline constexpr int_setting max_entries_setting{"max_entries", 1, 10, 3};
inline constexpr int_setting max_length_setting{"max_length", 10, 500, 140};
} // namespace open_text
namespace dot_vote {
inline constexpr int_setting dots_setting{"dots", 1, 20, 3};
/** At most the step's dots, which is also its default. */
inline constexpr int_setting max_per_option_setting{"max_per_option", 1, 20, 3};
} // namespace dot_vote
namespace inventory {
inline constexpr int_setting max_entries_setting{"max_entries", 1, 30, 10};
}
namespace action_plan {
inline constexpr int_setting max_entries_setting{"max_entries", 1, 10, 5};
}
namespace photo {
/** Photos one participant may send to the step. */
inline constexpr int_setting max_photos_setting{"max_photos", 1, 10, 5};
} // namespace photo
namespace floor_plan {
/** Pins (pins mode) or routes (routes mode) one participant may place on the plan. */
inline constexpr int_setting max_entries_setting{"max_entries", 1, 30, 10};

/** How participants mark the plan: pins by category, or routes per time slot. */
enum class mode { pins, routes };

/** A room drawn on the built-in plan: its name and its rectangle in plan coordinates (0..1). */
struct area {
    std::string id;
    localized text;
    double x = 0, y = 0, w = 0, h = 0;
    bool operator==(const area&) const = default;
};

/** A pin category of the step: its word, and the tone (rules.hpp pin_tones) it is drawn in. */
struct category {
    std::string id;
    localized text;
    std::string tone; // green, orange, red, blue, purple
    bool operator==(const category&) const = default;
};
} // namespace floor_plan

/**
 * One step of the agenda. Flat: every kind reads the fields it needs and ignores the rest
 * (see the table in docs/content.md).
 */
struct step_def {
    std::string id;
    activity_kind kind = activity_kind::unknown;
    localized title;
    localized prompt;
    std::vector<item_def> items; // traffic_light, scale; open_text: the questions to talk about

    // traffic_light (and scale) made from a theme: the theme id and the building blocks
    // its results point to (the wegwijzer's ⏭️ links).
    std::string theme;
    std::vector<std::string> links;
    bool links_inferred = false; // the links are Kring's reading, not the wegwijzer's ⏭️ line
    std::string movement;        // the theme's: reflecteren (in the summary) or verder_bouwen
    // Scene-setting text shown above the step: the wegwijzer's opening, a movement's or a
    // building block's lead, the mapping's intro (empty: none).
    localized intro;

    // scale
    int min = scale::min_setting.def;
    int max = scale::max_setting.def;
    localized label_min;
    localized label_max;

    // choice (body, options, comment) and dot_vote (options)
    localized body;
    std::vector<option_def> options;
    bool comment = true;

    // image_choice
    std::vector<image_def> images;
    int max_picks = image_choice::max_picks_setting.def;
    bool reason = true;

    // open_text (all three), inventory and action_plan (max_entries)
    int max_entries = open_text::max_entries_setting.def;
    int max_length = open_text::max_length_setting.def;
    localized placeholder;

    // dot_vote: options fixed when the step opens, from an earlier step's results
    // (source_step + source_take: red, disputed, cards, actions, options) or from the
    // building blocks (source_take "blocks", source_step empty).
    int dots = dot_vote::dots_setting.def;
    int max_per_option = dot_vote::max_per_option_setting.def;
    std::string source_step;
    std::string source_take;

    // photo: photos per participant; the categories are `options` (content: "categories"),
    // the caption's length is `max_length`.
    int max_photos = photo::max_photos_setting.def;

    // floor_plan: the plan (its width / height and the rooms drawn on it), pin categories
    // or time slots, pins or routes per participant (`max_entries`), a pin's comment
    // (`max_length`).
    floor_plan::mode plan_mode = floor_plan::mode::pins;
    double aspect = 1.5;
    std::vector<floor_plan::area> areas;
    std::vector<floor_plan::category> pin_categories;
    std::vector<option_def> slots;

    // inventory (from kaart/)
    std::vector<option_def> offer_kinds;
    std::vector<option_def> target_groups;

    // Facilitator only: never sent to participants or the projector.
    localized guide;
    std::vector<resource_def> resources;

    /** Index of the item with this id, or -1. */
    int item_index(const std::string& item_id) const;
    /** Index of the option with this id, or -1. */
    int option_index(const std::string& option_id) const;
    bool has_source() const { return !source_take.empty(); }
    bool operator==(const step_def&) const = default;
};

/** The agenda of a session: made from a template when the session is created. */
struct session_def {
    std::string template_id;
    localized title;
    std::vector<step_def> steps;
    /** The building blocks (movement verder_bouwen) in their order: id and title. */
    std::vector<option_def> blocks;

    int step_index(const std::string& step_id) const;
    bool operator==(const session_def&) const = default;
};

} // namespace kring
