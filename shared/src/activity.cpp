#include "kring/activity.hpp"

#include "kring/text.hpp"

#include <algorithm>
#include <limits>

namespace kring {

std::optional<error> check_text(const std::string& text, std::size_t max, const char* what) {
    const auto n = utf8_length(text);
    if (!n)
        return error{errc::bad_value, std::string(what) + " is not valid UTF-8"};
    if (*n > max)
        return error{errc::text_too_long,
                     std::string(what) + " is longer than " + std::to_string(max) + " characters"};
    return std::nullopt;
}

std::string given_text(const std::string& s, text_form form) {
    return utf8_length(s) ? normalize_text(s, form) : s;
}

checked<std::string> participant_text(const nlohmann::json& v, std::size_t min, std::size_t max,
                                      const char* what, const limits& lim) {
    using result = checked<std::string>;
    if (!v.is_string())
        return result::fail(errc::bad_value, std::string(what) + " must be a string");
    const std::string& given = v.get_ref<const std::string&>();
    std::string s =
        lim.normalize_texts ? given_text(given, text_form::line) : squeeze_spaces(given);
    if (auto e = check_text(s, max, what))
        return result::fail(e->code, e->message);
    if (*utf8_length(s) < min)
        return result::fail(errc::bad_value, std::string(what) + " must not be empty");
    return result::good(std::move(s));
}

limits replay_limits() {
    limits l;
    l.max_text = std::numeric_limits<std::size_t>::max();
    l.max_name = std::numeric_limits<std::size_t>::max();
    l.max_participants = std::numeric_limits<std::size_t>::max();
    l.normalize_texts = false;
    return l;
}

std::optional<error> check_list_answer(const nlohmann::json& value, const std::string& comment,
                                       int max_entries, const char* noun, bool& pass) {
    pass = false;
    if (!comment.empty())
        return error{errc::bad_value, "this step takes no comment"};
    if (is_pass(value)) {
        pass = true;
        return std::nullopt;
    }
    if (!value.is_array() || value.size() > static_cast<std::size_t>(std::max(0, max_entries)))
        return error{errc::bad_value, "value must be an array of at most " +
                                          std::to_string(max_entries) + " " + noun + ", or pass"};
    return std::nullopt;
}

nlohmann::json text_json(const localized& t) {
    using nlohmann::json;
    return json{{"nl", t.nl}, {"en", t.en}};
}

nlohmann::json options_json(const std::vector<option_def>& options) {
    using nlohmann::json;
    json out = json::array();
    for (const auto& o : options)
        out.push_back(json{{"id", o.id}, {"text", text_json(o.text)}});
    return out;
}

nlohmann::json text_list(const std::vector<option_def>& options, lang l) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& o : options)
        out.push_back({{"id", o.id}, {"text", o.text.in(l)}});
    return out;
}

} // namespace kring
