#include "kring/events.hpp"

#include "kring/protocol.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

using nlohmann::json;

namespace kring {

namespace {

template <class... Ts> struct overloaded : Ts... {
    using Ts::operator()...;
};

} // namespace

std::string event_to_json(const event& e) {
    json j = std::visit(
        overloaded{
            [](const ev::session_created& x) {
                json def;
                protocol::to_json(def, x.def);
                return json{{"type", "session_created"}, {"session_id", x.session_id},
                            {"join_code", x.join_code},  {"secret_hash", x.secret_hash},
                            {"created_at", x.created_at}, {"def", std::move(def)}};
            },
            [](const ev::participant_joined& x) {
                return json{{"type", "participant_joined"}, {"pid", x.pid},
                            {"token_hash", x.token_hash},   {"name", x.name}};
            },
            [](const ev::answer_set& x) {
                return json{{"type", "answer_set"}, {"pid", x.pid},
                            {"step", x.step},       {"item", x.item},
                            {"value", traffic_light::to_string(x.value)},
                            {"comment", x.comment}};
            },
            [](const ev::phase_set& x) {
                return json{{"type", "phase_set"}, {"step", x.step}, {"to", to_string(x.to)}};
            },
            [](const ev::reveal_set& x) {
                return json{{"type", "reveal_set"}, {"step", x.step}, {"revealed", x.revealed}};
            },
            [](const ev::current_set& x) { return json{{"type", "current_set"}, {"step", x.step}}; },
        },
        e);
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

event event_from_json(std::string_view text) {
    try {
        const json j = json::parse(text.begin(), text.end());
        const std::string type = j.at("type").get<std::string>();
        if (type == "answer_set") {
            auto v = traffic_light::light_from_string(j.at("value").get<std::string>());
            if (!v) throw std::runtime_error("answer_set: bad value");
            return ev::answer_set{j.at("pid").get<participant_id>(), j.at("step").get<std::string>(),
                                  j.at("item").get<std::string>(), *v,
                                  j.at("comment").get<std::string>()};
        }
        if (type == "participant_joined")
            return ev::participant_joined{j.at("pid").get<participant_id>(),
                                          j.at("token_hash").get<std::string>(),
                                          j.at("name").get<std::string>()};
        if (type == "phase_set") {
            const phase p = phase_from_string(j.at("to").get<std::string>());
            if (p == phase::unknown) throw std::runtime_error("phase_set: bad phase");
            return ev::phase_set{j.at("step").get<std::string>(), p};
        }
        if (type == "reveal_set")
            return ev::reveal_set{j.at("step").get<std::string>(), j.at("revealed").get<bool>()};
        if (type == "current_set") return ev::current_set{j.at("step").get<std::string>()};
        if (type == "session_created")
            return ev::session_created{j.at("session_id").get<std::string>(),
                                       j.at("join_code").get<std::string>(),
                                       j.at("secret_hash").get<std::string>(),
                                       j.at("created_at").get<std::int64_t>(),
                                       protocol::session_def_from_json(j.at("def"))};
        throw std::runtime_error("unknown event type '" + type + "'");
    } catch (const json::exception& e) {
        throw std::runtime_error(std::string("bad stored event: ") + e.what());
    }
}

} // namespace kring
