// What every activity kind shares: a checked value (the canonical answer, or the typed
// error to send back), the "pass" value, and text checks. Each kind lives in its own file
// (traffic_light, scale, choice, image_choice, open_text, dot_vote, inventory,
// action_plan), each with validate / apply / aggregate as pure functions.
#pragma once

#include "kring/defs.hpp"
#include "kring/errors.hpp"
#include "kring/limits.hpp"
#include "kring/text.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kring {

/** Either a checked, canonical value or why it was refused. */
template <class T> struct checked {
    std::optional<T> value;
    error err;

    bool ok() const { return value.has_value(); }
    static checked fail(errc code, std::string message) {
        checked c;
        c.err = error{code, std::move(message)};
        return c;
    }
    static checked good(T v) {
        checked c;
        c.value = std::move(v);
        return c;
    }
};

/** True for the JSON string "pass": "I choose not to answer". */
inline bool is_pass(const nlohmann::json& v) {
    return v.is_string() && v.get_ref<const std::string&>() == "pass";
}

/**
 * The first checks of a list-valued answer (open_text, inventory, action_plan): no comment,
 * then "pass" (sets `pass`) or an array of at most `max_entries` elements. The error names
 * the elements (`noun`: "texts", "entries", "actions").
 */
std::optional<error> check_list_answer(const nlohmann::json& value, const std::string& comment,
                                       int max_entries, const char* noun, bool& pass);

/** Valid UTF-8 and at most `max` characters, else bad_value / text_too_long naming `what`. */
std::optional<error> check_text(const std::string& text, std::size_t max, const char* what);

/**
 * A text from a request as it is stored: normalize_text(s, form). Invalid UTF-8 is left as
 * it is, for check_text to refuse (bad_value), so lengths are checked on the stored text.
 */
std::string given_text(const std::string& s, text_form form);

/**
 * A text a participant typed in an answer's value: normalised as one line (given_text),
 * or, with lim.normalize_texts off (replaying stored answers), squeezed as it was stored
 * (squeeze_spaces); then checked to be min..max characters. Empty counts as 0 characters.
 */
checked<std::string> participant_text(const nlohmann::json& v, std::size_t min, std::size_t max,
                                      const char* what, const limits& lim);

/**
 * Limits without text limits, for replaying stored answers: they were checked when given,
 * and a server restarted with a smaller --max-text must not drop them. Their texts are read
 * back as stored, not normalised again (normalize_texts off).
 */
limits replay_limits();

/** A text in both languages as every message carries it: {"nl": ..., "en": ...}. */
nlohmann::json text_json(const localized& t);
/** Options (and building blocks, offer kinds, target groups) as the view, welcome and events
 * carry them: [{"id", "text"}]. */
nlohmann::json options_json(const std::vector<option_def>& options);
/** Options in one language, as the reports carry them: [{"id", "text"}]. */
nlohmann::json text_list(const std::vector<option_def>& options, lang l);

} // namespace kring
