#include "kring/events.hpp"

#include "kring/protocol.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

using nlohmann::json;

namespace kring {

namespace {

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

json options_json(const std::vector<option_def>& options) {
    json out = json::array();
    for (const auto& o : options) {
        json t;
        protocol::to_json(t, o.text);
        out.push_back(json{{"id", o.id}, {"text", std::move(t)}});
    }
    return out;
}

std::vector<option_def> options_from(const json& j) {
    if (!j.is_array())
        throw std::runtime_error("options must be an array");
    std::vector<option_def> out;
    for (const auto& o : j)
        out.push_back({o.at("id").get<std::string>(), protocol::localized_from_json(o.at("text"))});
    return out;
}

} // namespace

std::string event_to_json(const event& e) {
    json j = std::visit(
        overloaded{
            [](const ev::session_created& x) {
                json def;
                protocol::to_json(def, x.def);
                return json{{"type", "session_created"},  {"session_id", x.session_id},
                            {"join_code", x.join_code},   {"secret_hash", x.secret_hash},
                            {"created_at", x.created_at}, {"def", std::move(def)}};
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
        },
        e);
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

event event_from_json(std::string_view text) {
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
            return ev::session_created{str("session_id"), str("join_code"), str("secret_hash"),
                                       j.at("created_at").get<std::int64_t>(),
                                       protocol::session_def_from_json(j.at("def"))};
        throw std::runtime_error("unknown event type '" + type + "'");
    } catch (const json::exception& e) {
        throw std::runtime_error(std::string("bad stored event: ") + e.what());
    }
}

} // namespace kring
