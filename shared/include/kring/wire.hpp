// The server's messages as a client reads them (docs/protocol.md, version 1): one decoded
// form per message, made by from_json and written back by to_json, for every client of the
// protocol (the ImGui client, tests, tools). Decoding is strict: a message that does not
// follow version 1 (a required field missing, a field of the wrong JSON type, an unknown
// kind, phase, role, verdict or error code) throws wire::decode_error naming the field, and
// never anything else. Fields a later version adds are ignored, as the protocol asks.
//
// The decoded forms reuse the shared model: a welcome's steps are step_def (defs.hpp), its
// rules client_rules (rules.hpp), a result's rows the kinds' own structs (traffic_light.hpp,
// scale.hpp, choice.hpp, …), a summary's verdict views.hpp's.
//
// Include cost: this header brings only <nlohmann/json_fwd.hpp>. The kinds' headers other
// than traffic_light.hpp (and views.hpp) bring the whole JSON library, so their row types are
// only named here (declared below): a result's vectors of them are members like any other,
// but a translation unit that makes, copies, destroys or reads a step_result (or a view,
// or a message holding one) includes the kind headers it touches, e.g. "kring/scale.hpp".
// wire.cpp and the tests include them all.
//
// Pure: no I/O, no clocks, no threads.
#pragma once

#include "kring/basics.hpp"
#include "kring/defs.hpp"
#include "kring/errors.hpp"
#include "kring/rules.hpp"
#include "kring/text.hpp"
#include "kring/traffic_light.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace kring {
enum class verdict; // views.hpp
namespace scale {
struct item_result;
}
namespace choice {
struct option_count;
struct reason;
} // namespace choice
namespace image_choice {
struct image_count;
struct own_image;
} // namespace image_choice
namespace open_text {
struct wall_card;
struct term_count;
} // namespace open_text
namespace dot_vote {
struct option_result;
}
namespace inventory {
struct row;
}
namespace action_plan {
struct row;
}
namespace photo {
struct wall_photo;
}
namespace floor_plan {
struct pin_row;
struct cluster;
struct route_row;
} // namespace floor_plan
} // namespace kring

namespace kring::wire {

/** A reply's `seq`: the request's, or none. */
using seq_t = std::optional<std::uint64_t>;

/** Why a message was refused, and where (a JSON path such as "session.steps[2].max_entries"). */
class decode_error : public std::runtime_error {
public:
    enum class reason {
        not_an_object, // the message (or a part that must be an object) is not one
        missing,       // a required field is absent
        wrong_type,    // a field has the wrong JSON type (also 1.5 where an integer belongs)
        bad_value,     // the right type, but a value version 1 does not have (a phase "later")
        unknown_kind,  // a step or result of a kind version 1 does not have
        unknown_type,  // a message `type` this decoder does not know
    };
    decode_error(reason why, std::string path, const std::string& detail);
    reason why() const { return why_; }
    /** Where: "" for the message itself, else e.g. "results[0].items[3].green". */
    const std::string& path() const { return path_; }

private:
    reason why_;
    std::string path_;
};
const char* to_string(decode_error::reason r);

namespace detail {
/** Where a value stands in a message: a chain of links up to the message itself, turned into
 * a path ("results[0].items[3].green") only when a read fails. */
struct at {
    const at* parent = nullptr;
    const char* key = nullptr; // a member's name, or nullptr for an array element
    std::size_t index = 0;

    std::string path() const;
    at member(const char* k) const { return at{this, k, 0}; }
    at element(std::size_t i) const { return at{this, nullptr, i}; }
};
} // namespace detail

/**
 * A part of a server message as each kind's file reads its own fields from it: a step's
 * settings in `welcome` (`responses::read_settings`) and a step's result in `view`
 * (`responses::read_result`). Every read checks the JSON type, a setting its range, and
 * throws decode_error with the member's path.
 *
 * A reader made by object() or given to each()/list() refers to the one it came from: keep
 * that one alive while using it (as a local variable in the same scope does).
 */
class reader {
public:
    /** The top: `j` standing at `path`, e.g. "session.steps[2]" ("" for a whole message). */
    reader(const nlohmann::json& j, std::string path);
    /** `j` standing at `where` (wire.cpp's decoders). */
    reader(const nlohmann::json& j, const detail::at& where);
    reader(const reader&) = delete;
    reader& operator=(const reader&) = delete;

    // Required members, by type.
    std::string str(const char* key) const;
    localized text(const char* key) const;
    bool flag(const char* key) const;
    std::uint32_t u32(const char* key) const;
    double number(const char* key) const;
    /** A number, or null (nullopt). */
    std::optional<double> number_or_null(const char* key) const;
    std::vector<std::string> strings(const char* key) const;
    std::vector<std::uint32_t> counts(const char* key) const;
    /** An array of arrays of counts (a matrix's rows). */
    std::vector<std::vector<std::uint32_t>> count_rows(const char* key) const;
    /** An array of arrays of `n` strings, e.g. inventory's gaps [[kind, group]]. */
    std::vector<std::vector<std::string>> string_tuples(const char* key, std::size_t n) const;
    /** A whole number within the setting's range (defs.hpp). */
    int setting(const int_setting& s) const;
    /** A whole number within lo..hi (a range that depends on another setting). */
    int setting(const char* key, int lo, int hi) const;
    /** A list of {id, text}. */
    std::vector<option_def> options(const char* key) const;
    /** A list of {id, url, alt}. */
    std::vector<image_def> images(const char* key) const;

    // Optional members: absent gives the default; present, the type is checked all the same.
    bool opt_flag(const char* key) const;
    bool has(const char* key) const;
    /** An array of [x, y], each a number from 0 to 1 (a floor plan's route). */
    std::vector<std::pair<double, double>> points(const char* key) const;
    /** The member names of this object, in their order. */
    std::vector<std::string> keys() const;

    /** A member that must be an object, read the same way. */
    reader object(const char* key) const;
    /** Calls one(element) for each element of the array member `key`, each an object. */
    template <class F> void each(const char* key, F&& one) const {
        each_object(key, &one, [](void* f, const reader& e) { (*static_cast<F*>(f))(e); });
    }
    /** The array member `key`, each element (an object) read by one(element) -> T. */
    template <class T, class F> std::vector<T> list(const char* key, F&& one) const {
        std::vector<T> out;
        each(key, [&](const reader& e) { out.push_back(one(e)); });
        return out;
    }

    /** Refuses the member `key`: a value version 1 does not have. */
    [[noreturn]] void bad_value(const char* key, const std::string& detail) const;
    /** The same for the member's element `index` (an array's). */
    [[noreturn]] void bad_value(const char* key, std::size_t index,
                                const std::string& detail) const;

private:
    void each_object(const char* key, void* f, void (*call)(void*, const reader&)) const;

    const nlohmann::json& j_;
    std::string root_; // the top's path; the chain's first link names it
    detail::at at_;
};

//----------------------------------------------------------------------------------------
// welcome

/** `welcome.session`: the agenda in both languages (docs/protocol.md, "welcome"). */
struct session_info {
    std::string id;   // facilitator only; "" for other roles
    std::string code; // the join code
    /** template, title, steps (each kind's fields; guide and resources for the facilitator
     * only) and blocks. A step's `links` are not sent. */
    session_def def;
    lang projector_lang = lang::nl; // session.lang
    std::string join_url;           // "" when the server knows none
    bool practice = false;          // a practice session (sent only when true)

    const step_def* step(std::string_view step_id) const;
    bool operator==(const session_info&) const = default;
};

struct welcome {
    seq_t seq;
    role as = role::none;
    std::optional<participant_id> participant; // participants only
    std::string resume_token;                  // participants only
    std::string photo_key;                     // projector only: fetches approved photos
    session_info session;
    client_rules rules;
    bool operator==(const welcome&) const = default;
};

//----------------------------------------------------------------------------------------
// view

/** One entry of `view.steps`. */
struct step_status {
    std::string id;
    phase ph = phase::pending;
    bool revealed = false;
    std::uint32_t answered = 0;
    std::uint32_t complete = 0;
    bool locked = false;
    bool live = false;
    /**
     * While live: also on the phones. Sent only as false (live on the projector only), to
     * the facilitator and the projector; absent means "as live".
     */
    bool live_phones = false;
    std::uint32_t paper = 0;
    /** The page of its questions the projector shows (sent only when not 0). */
    std::uint32_t page = 0;
    /** dot_vote: the options voted on (its own, or fixed at open); none before that. */
    std::optional<std::vector<option_def>> options;
    /** floor_plan: the plan image's photo id and pixel size ("" without one). */
    std::string plan_image;
    std::uint32_t plan_width = 0, plan_height = 0;
    /** image_choice: the facilitator's own images, after the template's deck (none: empty). */
    std::vector<image_choice::own_image> own_images;
    bool operator==(const step_status&) const = default;
};

/**
 * One entry of `view.results`. A withheld result (below min_answers) has only step, kind
 * and total; any other has `paper` and the fields of its kind, the rest left empty.
 */
struct step_result {
    std::string step;
    activity_kind kind = activity_kind::unknown;
    std::uint32_t total = 0; // paper answers included
    bool withheld = false;
    std::uint32_t paper = 0;

    std::vector<traffic_light::item_result> lights;        // traffic_light, most disputed first
    std::vector<scale::item_result> scale;                 // scale, content order
    std::uint32_t pass = 0;                                // choice, image_choice
    std::vector<choice::option_count> choices;             // choice, content order
    std::vector<choice::reason> reasons;                   // choice
    std::vector<image_choice::image_count> images;         // image_choice, most chosen first
    std::vector<open_text::wall_card> cards;               // open_text
    std::vector<open_text::term_count> terms;              // open_text
    std::vector<dot_vote::option_result> dots;             // dot_vote, most dots first
    std::uint32_t voters = 0;                              // dot_vote
    std::vector<inventory::row> entries;                   // inventory
    std::vector<std::string> matrix_kinds;                 // inventory: rows of the matrix
    std::vector<std::string> matrix_groups;                // inventory: columns
    std::vector<std::vector<std::uint32_t>> matrix;        // inventory: [kind][group]
    std::vector<std::pair<std::string, std::string>> gaps; // inventory: (kind, group), row by row
    // inventory, read when the server sends them (inventory.hpp; not yet in protocol.md):
    std::vector<std::string> unreached;        // target groups no visible entry reaches
    std::vector<std::string> unnamed;          // offer kinds with no visible entry for any group
    std::vector<action_plan::row> actions;     // action_plan
    std::vector<photo::wall_photo> photos;     // photo, in the order they arrived
    std::vector<floor_plan::pin_row> pins;     // floor_plan (pins mode)
    std::vector<floor_plan::cluster> clusters; // floor_plan: visible pins grouped
    // floor_plan: visible pins per cell of a heat_cols x heat_rows grid, per category
    std::uint32_t heat_cols = 0, heat_rows = 0;
    std::map<std::string, std::vector<std::uint32_t>> heat;
    std::vector<floor_plan::route_row> routes; // floor_plan (routes mode)

    /** inventory: the server lists the cell (row, column) of the matrix as a gap. */
    bool is_gap(std::size_t kind_row, std::size_t group_col) const;
    bool operator==(const step_result&) const = default;
};

/** One reflection theme in `view.summary`. */
struct theme_score {
    std::string step;
    std::string theme;
    traffic_light::tally counts;    // summed over the step's items (all 0 when withheld)
    verdict judged{};               // views.hpp: mixed, solid, work_first
    std::vector<std::string> next;  // building block ids: the next step, only when solid
    bool inferred = false;          // `next` is Kring's reading, not the wegwijzer's ⏭️ line
    std::vector<std::string> first; // not solid: the item ids to talk about first
    bool withheld = false;
    bool operator==(const theme_score&) const = default;
};

/** A facilitator's view: an anonymous comment on a statement or question. */
struct comment {
    std::string step;
    std::string item;
    std::string text;
    bool operator==(const comment&) const = default;
};

/** A facilitator's view: the note on a step. */
struct note {
    std::string step;
    std::string text;
    bool operator==(const note&) const = default;
};

/** `view.timer`. Times are the server's clock, ms since the epoch. */
struct timer_state {
    std::string step;
    std::int64_t ends_at = 0;
    std::uint32_t seconds = 0;
    bool ended = false;
    bool operator==(const timer_state&) const = default;
};

/** Shares of the non-pass answers in whole percentages, and how many there were. */
struct share {
    int green = 0, orange = 0, red = 0;
    std::uint32_t n = 0;
    bool operator==(const share&) const = default;
};
/** The change in percentage points. */
struct share_change {
    int green = 0, orange = 0, red = 0;
    bool operator==(const share_change&) const = default;
};
struct compare_item {
    std::string step;
    std::string item;
    std::string text; // in the projector's language
    share before;     // the other session
    share after;      // this session
    share_change delta;
    bool operator==(const compare_item&) const = default;
};
/** `view.compare`: this session next to an earlier one of the same template. */
struct comparison {
    std::string session;         // the other session's id
    std::int64_t created_at = 0; // seconds since the epoch
    std::string title;           // in the projector's language
    std::vector<compare_item> items;
    bool operator==(const comparison&) const = default;
};

struct view {
    std::uint64_t rev = 0;
    role as = role::none;
    std::string code;
    lang projector_lang = lang::nl; // view.lang
    std::uint32_t joined = 0;
    std::uint32_t online = 0;
    std::string current; // "" before the first open/goto
    std::vector<step_status> steps;
    std::vector<step_result> results;
    std::vector<theme_score> summary;
    std::int64_t now = 0; // the server's clock, ms since the epoch
    std::optional<timer_state> timer;
    bool paused = false;
    bool ended = false; // the facilitator ended the session
    bool follow = true;
    std::uint32_t min_answers = 0;
    std::vector<comment> comments;     // facilitator
    std::vector<note> notes;           // facilitator
    std::optional<comparison> compare; // facilitator, projector (none: no comparison)

    const step_status* step(std::string_view step_id) const;
    const step_result* result(std::string_view step_id) const;
    /** The facilitator's note on a step, or nullptr. */
    const std::string* note_of(std::string_view step_id) const;
    bool operator==(const view&) const = default;
};

/** A step's counters in a `view_update`. */
struct step_count {
    std::string id;
    std::uint32_t answered = 0;
    std::uint32_t complete = 0;
    bool operator==(const step_count&) const = default;
};
/**
 * `view_update` (participants that asked for it at join, docs/protocol.md section 4): what
 * changes while answers come in (the counters, `summary`, and the results that changed since
 * the last whole view) without the rest of the view, which is the same as in that `view`.
 */
struct view_update {
    std::uint64_t rev = 0;
    std::uint32_t joined = 0;
    std::uint32_t online = 0;
    std::int64_t now = 0;
    std::vector<step_count> steps; // the view's steps, in its order
    std::vector<step_result> results;
    std::vector<theme_score> summary;
    bool operator==(const view_update&) const = default;
};
/** The update of `v` with all its results (make_view_texts leaves out the unchanged ones). */
view_update update_of(const view& v);
/**
 * Applies `u` to `v`: each of its results replaces the view's of the same step. False, and
 * `v` unchanged, when it does not fit: not newer than `v`, not the same steps, or a result
 * of a step that has none in `v` (the client then sends `sync`).
 */
bool apply_update(view& v, const view_update& u);

//----------------------------------------------------------------------------------------
// The other messages

/** One of a participant's own answers (`mine`), in the form `answer` takes. */
struct mine_answer {
    std::string step;
    std::string item;    // "" for kinds without items
    std::string value;   // any JSON (each kind says which), as JSON text
    std::string comment; // "" when none
    bool operator==(const mine_answer&) const = default;
};
struct mine {
    std::vector<mine_answer> answers;
    bool operator==(const mine&) const = default;
};

struct device {
    participant_id participant = 0;
    std::string name;
    bool online = false;
    bool operator==(const device&) const = default;
};
struct devices {
    std::uint64_t rev = 0;
    std::vector<device> list;
    bool operator==(const devices&) const = default;
};

struct ack {
    seq_t seq;
    std::uint64_t rev = 0;
    bool operator==(const ack&) const = default;
};

struct error_reply {
    seq_t seq;
    error err; // errors.hpp: the code, and the server's English message (for logs)
    bool operator==(const error_reply& o) const {
        return seq == o.seq && err.code == o.err.code && err.message == o.err.message;
    }
};

struct session_created {
    seq_t seq;
    std::string session_id;
    std::string join_code;
    std::string facilitator_secret;
    bool operator==(const session_created&) const = default;
};

struct template_summary {
    std::string id;
    localized title;
    localized description;
    std::uint32_t steps = 0;
    bool own = false;               // the facilitator's own, saved with the agenda editor
    std::string movement;           // content.hpp template_movements, or ""
    std::uint32_t minutes = 0;      // about; 0: not said
    std::vector<std::string> needs; // content.hpp template_needs
    bool operator==(const template_summary&) const = default;
};
struct templates {
    seq_t seq;
    std::vector<template_summary> list;
    bool operator==(const templates&) const = default;
};

/** One session of the library (`sessions`). Times are seconds since the epoch. */
struct stored_session {
    std::string id;
    std::string code;
    std::string template_id;
    localized title;
    std::int64_t created_at = 0;
    std::int64_t last_at = 0;
    std::uint32_t participants = 0;
    std::uint64_t answers = 0;
    std::uint32_t steps = 0;
    bool operator==(const stored_session&) const = default;
};
struct sessions {
    seq_t seq;
    std::vector<stored_session> list;
    bool operator==(const sessions&) const = default;
};

/** `template` (the agenda editor): a template in its content-file form (docs/content.md). */
struct template_reply {
    seq_t seq;
    std::string content; // the template object, as JSON text
    bool operator==(const template_reply&) const = default;
};

struct export_reply {
    seq_t seq;
    std::string format; // html md json csv
    std::string filename;
    std::string content;
    bool operator==(const export_reply&) const = default;
};

/** Every server message of version 1. */
using message = std::variant<welcome, view, view_update, mine, devices, ack, error_reply,
                             session_created, templates, sessions, template_reply, export_reply>;

/**
 * One server message (an object; a batch's elements one by one). Throws decode_error,
 * never anything else.
 */
message decode(const nlohmann::json& j);
/**
 * The messages of one WebSocket message (one object, or a batch: an array of them), in
 * order. A message that does not decode is left out and its error added to `refused` (when
 * given); text that is neither a message nor a batch gives no message and one error. Never
 * throws.
 */
std::vector<message> decode_text(std::string_view text,
                                 std::vector<decode_error>* refused = nullptr);
/** The `seq` of a message, for those that carry one. */
seq_t seq_of(const message& m);

// from_json throws decode_error; to_json writes the form the server sends.
void from_json(const nlohmann::json& j, welcome& m);
void from_json(const nlohmann::json& j, view& m);
void from_json(const nlohmann::json& j, view_update& m);
void from_json(const nlohmann::json& j, mine& m);
void from_json(const nlohmann::json& j, devices& m);
void from_json(const nlohmann::json& j, ack& m);
void from_json(const nlohmann::json& j, error_reply& m);
void from_json(const nlohmann::json& j, session_created& m);
void from_json(const nlohmann::json& j, templates& m);
void from_json(const nlohmann::json& j, sessions& m);
void from_json(const nlohmann::json& j, template_reply& m);
void from_json(const nlohmann::json& j, export_reply& m);
void to_json(nlohmann::json& j, const welcome& m);
/** The same with the agenda given apart, `m.session.def` unused: the server writes a
 * session's agenda into every welcome without copying it. */
void to_json(nlohmann::json& j, const welcome& m, const session_def& def);
void to_json(nlohmann::json& j, const view& m);
void to_json(nlohmann::json& j, const view_update& m);
// The parts of a view, as the server writes them one by one (views.hpp, compare.hpp).
void to_json(nlohmann::json& j, const step_status& s);
void to_json(nlohmann::json& j, const step_result& r);
void to_json(nlohmann::json& j, const theme_score& t);
void to_json(nlohmann::json& j, const comparison& c);
void to_json(nlohmann::json& j, const mine& m);
void to_json(nlohmann::json& j, const devices& m);
void to_json(nlohmann::json& j, const ack& m);
void to_json(nlohmann::json& j, const error_reply& m);
void to_json(nlohmann::json& j, const session_created& m);
void to_json(nlohmann::json& j, const templates& m);
void to_json(nlohmann::json& j, const sessions& m);
void to_json(nlohmann::json& j, const template_reply& m);
void to_json(nlohmann::json& j, const export_reply& m);
void to_json(nlohmann::json& j, const message& m);

/** Parses an error `code` of version 1; nullopt for any other string. */
std::optional<errc> errc_from_string(std::string_view s);

} // namespace kring::wire
