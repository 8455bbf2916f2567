// Photo (foto-opdracht, kritische rondleiding): participants send photos of the place with
// a short caption and, where the step defines them, a category (drempel, uitnodiging, idee).
// The bytes never pass through here: the server takes a photo in over HTTP, re-encodes it
// (server/photo_intake.hpp), keeps it in the store and records it with ev::photo_added. This
// file holds what the session knows of each photo: who sent it, its caption, its size and
// the facilitator's moderation. Nothing reaches the projector or the phones before the
// facilitator approves it (ev::photo_set).
#pragma once

#include "kring/activity.hpp"
#include "kring/basics.hpp"
#include "kring/defs.hpp"
#include "kring/kind_inputs.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kring::photo {

/** Where a photo stands in the facilitator's moderation. */
enum class status { pending, approved, hidden };

const char* to_string(status s);
/** "pending", "approved", "hidden"; nullopt for anything else. */
std::optional<status> status_from_string(std::string_view s);

/** One photo as the session knows it (its bytes are in the store under `id`). */
struct entry {
    std::string id;       // "p" + 24 hex digits, made by the server
    std::uint32_t n = 0;  // the order photos arrived in, per step (1, 2, ...)
    std::string caption;  // one line, at most the step's max_length characters
    std::string category; // an id of the step's categories, or ""
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    /** The phone's key for this upload: the same key sent again gets the same photo. */
    std::string upload;
    status st = status::pending;
    bool operator==(const entry&) const = default;
};

/** A participant's photos on one step, in the order they arrived. */
struct answer {
    std::vector<entry> photos;
    bool operator==(const answer&) const = default;
};

struct responses {
    static constexpr kind_info info{
        .kind = activity_kind::photo,
        .name = "photo",
        .per_item = false,
        .cards = false,
        .paper = false,
        .prompt = {"Neem een foto en schrijf er een kort onderschrift bij.",
                   "Take a photo and write a short caption."}};

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
    /** Photos that arrived on this step so far (deleted ones too): the next one's `n` - 1. */
    std::uint32_t arrived = 0;
    bool operator==(const responses&) const = default;
};

/** A photo on the wall: what a result carries of one photo. */
struct wall_photo {
    std::string id;
    std::string caption;
    std::string category;
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    status st = status::approved; // the facilitator's result shows pending and hidden ones too
    bool operator==(const wall_photo&) const = default;
};

/** Every photo of the step in the order it arrived (the facilitator's), or the approved ones. */
std::vector<wall_photo> wall(const responses& r, bool facilitator);

/** The photo with this id, or nullptr; `owner` gets its sender. */
const entry* find(const responses& r, std::string_view id, participant_id* owner = nullptr);
/** The participant's photo sent with this upload key, or nullptr. */
const entry* find_upload(const responses& r, participant_id pid, std::string_view upload);
/** Photos on the step now (deleted ones no longer count). */
std::size_t count(const responses& r);

/** What a participant asks to add: checked by decide_photo (reducer.hpp). */
struct request {
    std::string caption;
    std::string category;
    std::string upload;
};

/** Adds a photo (ev::photo_added) with the next `n`. */
void add(responses& r, participant_id pid, entry e);
/** Approves or hides a photo; nothing when there is no such photo. */
void set_status(responses& r, std::string_view id, status s);
/** Deletes a photo for good; nothing when there is no such photo. */
void remove(responses& r, std::string_view id);

/** An answer over the WebSocket: refused, photos come over HTTP (docs/protocol.md). */
checked<answer> check(const responses& r, const answer_input& in);
/** The participant's photos (their `mine`): [{id, caption, category, status}]. */
nlohmann::json value_json(const answer& a);
void apply(responses& r, participant_id pid, answer a);

/** Whether an upload key is well formed: 8..64 of [A-Za-z0-9_-]. */
bool valid_upload_key(std::string_view key);
/** Whether a photo id is well formed: "p" and 24 lower-case hex digits. */
bool valid_photo_id(std::string_view id);

} // namespace kring::photo
