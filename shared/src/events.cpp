#include "kring/events.hpp"

#include "plain_json.hpp"

#include "kring/protocol.hpp"

#include <nlohmann/json.hpp>

#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string_view>

using nlohmann::json;

namespace kring {

namespace {

std::vector<option_def> options_from(const json& j) {
    if (!j.is_array())
        throw std::runtime_error("options must be an array");
    std::vector<option_def> out;
    for (const auto& o : j)
        out.push_back({o.at("id").get<std::string>(), protocol::localized_from_json(o.at("text"))});
    return out;
}

std::string event_to_json_general(const event& e) {
    json j = std::visit(
        overloaded{
            [](const ev::session_created& x) {
                json def;
                protocol::to_json(def, x.def);
                json out{{"type", "session_created"},   {"session_id", x.session_id},
                         {"join_code", x.join_code},    {"secret_hash", x.secret_hash},
                         {"created_at", x.created_at},  {"def", std::move(def)},
                         {"min_answers", x.min_answers}};
                // Only when set: the events of every other session stay as they were.
                if (x.practice)
                    out["practice"] = true;
                if (!x.org.empty())
                    out["org"] = x.org;
                return out;
            },
            [](const ev::participant_joined& x) {
                return json{{"type", "participant_joined"},
                            {"pid", x.pid},
                            {"token_hash", x.token_hash},
                            {"name", x.name}};
            },
            [](const ev::answer_set& x) {
                return json{{"type", "answer_set"},
                            {"pid", x.pid},
                            {"step", x.step},
                            {"item", x.item},
                            {"value", traffic_light::to_string(x.value)},
                            {"comment", x.comment}};
            },
            [](const ev::response_set& x) {
                return json{{"type", "response_set"}, {"pid", x.pid},     {"step", x.step},
                            {"item", x.item},         {"value", x.value}, {"comment", x.comment}};
            },
            [](const ev::phase_set& x) {
                return json{{"type", "phase_set"}, {"step", x.step}, {"to", to_string(x.to)}};
            },
            [](const ev::reveal_set& x) {
                return json{{"type", "reveal_set"}, {"step", x.step}, {"revealed", x.revealed}};
            },
            [](const ev::current_set& x) {
                return json{{"type", "current_set"}, {"step", x.step}};
            },
            [](const ev::card_hidden& x) {
                return json{{"type", "card_hidden"},
                            {"step", x.step},
                            {"card", x.card},
                            {"hidden", x.hidden}};
            },
            [](const ev::cards_merged& x) {
                return json{{"type", "cards_merged"},
                            {"step", x.step},
                            {"card", x.card},
                            {"cards", x.cards}};
            },
            [](const ev::cards_unmerged& x) {
                return json{{"type", "cards_unmerged"}, {"step", x.step}, {"cards", x.cards}};
            },
            [](const ev::options_set& x) {
                return json{{"type", "options_set"},
                            {"step", x.step},
                            {"options", options_json(x.options)}};
            },
            [](const ev::lang_set& x) {
                return json{{"type", "lang_set"}, {"lang", to_string(x.to)}};
            },
            [](const ev::step_locked& x) {
                return json{{"type", "step_locked"}, {"step", x.step}, {"locked", x.locked}};
            },
            [](const ev::live_set& x) {
                json out{{"type", "live_set"}, {"step", x.step}, {"on", x.on}};
                // Only when not the default: older events stay as they were.
                if (!x.phones)
                    out["phones"] = false;
                return out;
            },
            [](const ev::timer_started& x) {
                return json{{"type", "timer_started"},
                            {"step", x.step},
                            {"started_at", x.started_at},
                            {"ends_at", x.ends_at},
                            {"close", x.close_at_end}};
            },
            [](const ev::timer_stopped& x) {
                return json{{"type", "timer_stopped"}, {"step", x.step}};
            },
            [](const ev::timer_ended& x) {
                return json{{"type", "timer_ended"}, {"step", x.step}};
            },
            [](const ev::follow_set& x) {
                return json{{"type", "follow_set"}, {"on", x.on}};
            },
            [](const ev::paused_set& x) {
                return json{{"type", "paused_set"}, {"on", x.on}};
            },
            [](const ev::participant_removed& x) {
                return json{
                    {"type", "participant_removed"}, {"pid", x.pid}, {"discard", x.discard}};
            },
            [](const ev::tally_set& x) {
                return json{{"type", "tally_set"},
                            {"step", x.step},
                            {"item", x.item},
                            {"counts", x.counts}};
            },
            [](const ev::note_set& x) {
                return json{{"type", "note_set"}, {"step", x.step}, {"text", x.text}};
            },
            [](const ev::min_answers_set& x) {
                return json{{"type", "min_answers_set"}, {"min", x.min}};
            },
            [](const ev::compare_set& x) {
                return json{{"type", "compare_set"}, {"session", x.session}};
            },
            [](const ev::ended_set& x) {
                return json{{"type", "ended_set"}, {"on", x.on}};
            },
            [](const ev::page_set& x) {
                return json{{"type", "page_set"}, {"step", x.step}, {"page", x.page}};
            },
            [](const ev::photo_added& x) {
                return json{{"type", "photo_added"}, {"step", x.step},
                            {"pid", x.pid},          {"id", x.id},
                            {"caption", x.caption},  {"category", x.category},
                            {"width", x.width},      {"height", x.height},
                            {"upload", x.upload}};
            },
            [](const ev::plan_set& x) {
                return json{{"type", "plan_set"},
                            {"step", x.step},
                            {"id", x.id},
                            {"width", x.width},
                            {"height", x.height}};
            },
            [](const ev::photo_set& x) {
                return json{{"type", "photo_set"}, {"step", x.step}, {"id", x.id}, {"to", x.to}};
            },
            [](const ev::image_added& x) {
                return json{{"type", "image_added"}, {"step", x.step},   {"id", x.id},
                            {"caption", x.caption},  {"width", x.width}, {"height", x.height}};
            },
        },
        e);
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

event event_from_json_general(std::string_view text) {
    try {
        const json j = json::parse(text.begin(), text.end());
        const std::string type = j.at("type").get<std::string>();
        auto str = [&j](const char* key) { return j.at(key).get<std::string>(); };
        if (type == "answer_set") {
            auto v = traffic_light::light_from_string(str("value"));
            if (!v)
                throw std::runtime_error("answer_set: bad value");
            return ev::answer_set{j.at("pid").get<participant_id>(), str("step"), str("item"), *v,
                                  str("comment")};
        }
        if (type == "response_set")
            return ev::response_set{j.at("pid").get<participant_id>(), str("step"), str("item"),
                                    j.at("value"), str("comment")};
        if (type == "participant_joined")
            return ev::participant_joined{j.at("pid").get<participant_id>(), str("token_hash"),
                                          str("name")};
        if (type == "phase_set") {
            const phase p = phase_from_string(str("to"));
            if (p == phase::unknown)
                throw std::runtime_error("phase_set: bad phase");
            return ev::phase_set{str("step"), p};
        }
        if (type == "reveal_set")
            return ev::reveal_set{str("step"), j.at("revealed").get<bool>()};
        if (type == "current_set")
            return ev::current_set{str("step")};
        if (type == "card_hidden")
            return ev::card_hidden{str("step"), str("card"), j.at("hidden").get<bool>()};
        if (type == "cards_merged")
            return ev::cards_merged{str("step"), str("card"),
                                    j.at("cards").get<std::vector<std::string>>()};
        if (type == "cards_unmerged")
            return ev::cards_unmerged{str("step"), j.at("cards").get<std::vector<std::string>>()};
        if (type == "options_set")
            return ev::options_set{str("step"), options_from(j.at("options"))};
        if (type == "lang_set") {
            const std::string l = str("lang");
            if (l != "nl" && l != "en")
                throw std::runtime_error("lang_set: bad language");
            return ev::lang_set{lang_from_string(l)};
        }
        if (type == "session_created")
            return ev::session_created{str("session_id"),
                                       str("join_code"),
                                       str("secret_hash"),
                                       j.at("created_at").get<std::int64_t>(),
                                       protocol::session_def_from_json(j.at("def")),
                                       j.value("min_answers", std::uint32_t{3}),
                                       j.value("practice", false),
                                       j.value("org", std::string())};
        if (type == "step_locked")
            return ev::step_locked{str("step"), j.at("locked").get<bool>()};
        if (type == "live_set")
            return ev::live_set{str("step"), j.at("on").get<bool>(), j.value("phones", true)};
        if (type == "timer_started")
            return ev::timer_started{str("step"), j.at("started_at").get<std::int64_t>(),
                                     j.at("ends_at").get<std::int64_t>(), j.value("close", false)};
        if (type == "timer_stopped")
            return ev::timer_stopped{str("step")};
        if (type == "timer_ended")
            return ev::timer_ended{str("step")};
        if (type == "follow_set")
            return ev::follow_set{j.at("on").get<bool>()};
        if (type == "paused_set")
            return ev::paused_set{j.at("on").get<bool>()};
        if (type == "participant_removed")
            return ev::participant_removed{j.at("pid").get<participant_id>(),
                                           j.value("discard", false)};
        if (type == "tally_set")
            return ev::tally_set{str("step"), str("item"),
                                 j.at("counts").get<std::map<std::string, std::uint32_t>>()};
        if (type == "note_set")
            return ev::note_set{str("step"), str("text")};
        if (type == "min_answers_set")
            return ev::min_answers_set{j.at("min").get<std::uint32_t>()};
        if (type == "compare_set")
            return ev::compare_set{str("session")};
        if (type == "ended_set")
            return ev::ended_set{j.at("on").get<bool>()};
        if (type == "page_set")
            return ev::page_set{str("step"), j.at("page").get<std::uint32_t>()};
        if (type == "photo_added")
            return ev::photo_added{str("step"),
                                   j.at("pid").get<participant_id>(),
                                   str("id"),
                                   str("caption"),
                                   str("category"),
                                   j.at("width").get<std::uint32_t>(),
                                   j.at("height").get<std::uint32_t>(),
                                   str("upload")};
        if (type == "plan_set")
            return ev::plan_set{str("step"), str("id"), j.at("width").get<std::uint32_t>(),
                                j.at("height").get<std::uint32_t>()};
        if (type == "image_added")
            return ev::image_added{str("step"), str("id"), str("caption"),
                                   j.at("width").get<std::uint32_t>(),
                                   j.at("height").get<std::uint32_t>()};
        if (type == "photo_set") {
            const std::string to = str("to");
            if (to != "deleted" && !photo::status_from_string(to))
                throw std::runtime_error("photo_set: bad 'to'");
            return ev::photo_set{str("step"), str("id"), to};
        }
        throw std::runtime_error("unknown event type '" + type + "'");
    } catch (const json::exception& e) {
        throw std::runtime_error(std::string("bad stored event: ") + e.what());
    }
}

// The hot event: answer_set is by far the most frequent (every traffic-light answer, and
// every event of a restart but a few). It is written and read by hand, in exactly the bytes
// nlohmann writes (keys in its sorted order, no spaces), so stores written by either path
// load with either. Anything else (invalid UTF-8, escapes, another key order) takes the
// general path.

/** Appends `s` as a JSON string the way nlohmann's dump does (UTF-8 kept as is). */
void append_json_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

/** answer_set as nlohmann would write it, or nullopt when a text is not valid UTF-8. */
std::optional<std::string> answer_set_to_json(const ev::answer_set& x) {
    if (!plain_json::valid_utf8(x.comment) || !plain_json::valid_utf8(x.item) ||
        !plain_json::valid_utf8(x.step))
        return std::nullopt;
    std::string out;
    out.reserve(80 + x.comment.size() + x.item.size() + x.step.size());
    out += "{\"comment\":";
    append_json_string(out, x.comment);
    out += ",\"item\":";
    append_json_string(out, x.item);
    out += ",\"pid\":";
    out += std::to_string(x.pid);
    out += ",\"step\":";
    append_json_string(out, x.step);
    out += ",\"type\":\"answer_set\",\"value\":\"";
    out += traffic_light::to_string(x.value);
    out += "\"}";
    return out;
}

/** The answer_set shape answer_set_to_json writes, or nullopt to use the general parser. */
std::optional<ev::answer_set> answer_set_from_json(std::string_view p) {
    ev::answer_set x;
    if (!plain_json::take(p, "{\"comment\":\"") || !plain_json::take_plain_string(p, x.comment) ||
        !plain_json::take(p, ",\"item\":\"") || !plain_json::take_plain_string(p, x.item) ||
        !plain_json::take(p, ",\"pid\":"))
        return std::nullopt;
    std::uint64_t pid = 0;
    if (!plain_json::take_plain_uint(p, std::numeric_limits<participant_id>::max(), pid))
        return std::nullopt;
    x.pid = static_cast<participant_id>(pid);
    if (!plain_json::take(p, ",\"step\":\"") || !plain_json::take_plain_string(p, x.step) ||
        !plain_json::take(p, ",\"type\":\"answer_set\",\"value\":\""))
        return std::nullopt;
    std::string_view value;
    if (!plain_json::take_plain_view(p, value) || p != "}")
        return std::nullopt;
    const auto v = traffic_light::light_from_string(value);
    if (!v)
        return std::nullopt; // the general path reports the bad value
    x.value = *v;
    return x;
}

} // namespace

std::string event_to_json(const event& e) {
    if (const auto* a = std::get_if<ev::answer_set>(&e)) {
        if (auto fast = answer_set_to_json(*a))
            return std::move(*fast);
    }
    return event_to_json_general(e);
}

event event_from_json(std::string_view text) {
    if (text.size() > 2 && text[1] == '"' && text[2] == 'c') {
        if (auto fast = answer_set_from_json(text))
            return std::move(*fast);
    }
    return event_from_json_general(text);
}

} // namespace kring
