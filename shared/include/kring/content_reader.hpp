// A step of a template as each activity kind's file reads its own fields from the content
// (docs/content.md, "Templates"): `responses::read_definition(step_def&, const
// content_reader&)`. content.cpp reads what every step has (id, kind, title, prompt, theme,
// guide, resources) and hands the rest to the kind.
//
// Every read checks the JSON type and range and throws the content loader's error with the
// JSON path of what it refuses ("/steps/3/max"); a load reports it with the file's name.
// Pure: no I/O.
#pragma once

#include "kring/content.hpp"
#include "kring/defs.hpp"
#include "kring/text.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace kring {

/** Everything a template may refer to: themes, kaarten, exercises, decks (content.cpp). */
struct content_catalog;

class content_reader {
public:
    /** `step` standing at `path` ("/steps/3"); `th` its theme, if it names one. */
    content_reader(const nlohmann::json& step, std::string path, const content_catalog& cat,
                   const theme* th, const std::vector<step_def>& earlier);

    // The step's own fields.
    bool has(const char* key) const;
    /** A required string. */
    std::string str(const char* key) const;
    /** An optional whole number within the setting's range; its default when absent. */
    int setting(const int_setting& s) const;
    /** The same within lo..hi (a range that depends on another setting). */
    int setting(const char* key, int lo, int hi, int fallback) const;
    /** An optional true or false. */
    bool flag(const char* key, bool fallback) const;
    /** An optional text in both languages, normalised as `form` says. */
    std::optional<localized> text(const char* key, text_form form = text_form::line) const;
    /** A required text in both languages (one line). */
    localized need_text(const char* key) const;
    /** A required list of {id, text}, min..max of them, unique ids, none called "pass". */
    std::vector<option_def> options(const char* key, std::size_t min, std::size_t max) const;
    /** A required member that must be an object, read the same way. */
    content_reader object(const char* key) const;
    /** A required array of min..max objects, each read the same way. */
    std::vector<content_reader> objects(const char* key, std::size_t min, std::size_t max) const;
    /** An optional number within lo..hi; `fallback` when absent. */
    double number(const char* key, double lo, double hi, double fallback) const;

    // What the step refers to.
    /**
     * The items to rate: the step's `items`, or without them its theme's questions of form
     * rate, each with the heading it hangs under. With `check_wording` (traffic_light), an
     * item that ends in ':' or asks an open question (Wat / Welke / Hoe …) without a rating
     * statement is refused: it cannot be given a colour.
     */
    std::vector<item_def> rated_items(bool check_wording) const;
    /** The step's `items` (optional): questions to talk about (open_text). */
    std::vector<item_def> talk_items() const;
    /** The theme the step names, or nullptr. */
    const theme* step_theme() const;
    /** The images of the deck named by `key` (deck eigen, when there, replaces every deck). */
    std::vector<image_def> deck(const char* key) const;
    /** The kaart named by `key`, or `fallback` when the step names none. */
    const kaart& kaart_named(const char* key, const char* fallback) const;
    /** An earlier step of the same template, or nullptr. */
    const step_def* earlier(const std::string& step_id) const;

    /** Refuses the member `key` (nullptr: the step itself) with `message`. */
    [[noreturn]] void refuse(const char* key, const std::string& message) const;

private:
    const nlohmann::json& j_;
    std::string path_;
    const content_catalog& cat_;
    const theme* theme_;
    const std::vector<step_def>& earlier_;
};

} // namespace kring
