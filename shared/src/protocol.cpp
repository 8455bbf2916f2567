#include "kring/protocol.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <stdexcept>

using nlohmann::json;

namespace kring::protocol {

//----------------------------------------------------------------------------------------
// [SECTION] JSON forms of the model

void to_json(json& j, const localized& t) { j = json{{"nl", t.nl}, {"en", t.en}}; }

void to_json(json& j, const step_def& d) {
    json items = json::array();
    for (const auto& it : d.items) {
        json t;
        to_json(t, it.text);
        items.push_back(json{{"id", it.id}, {"text", std::move(t)}});
    }
    json title, prompt;
    to_json(title, d.title);
    to_json(prompt, d.prompt);
    j = json{{"id", d.id},
             {"kind", to_string(d.kind)},
             {"title", std::move(title)},
             {"prompt", std::move(prompt)},
             {"items", std::move(items)}};
}

void to_json(json& j, const session_def& d) {
    json steps = json::array();
    for (const auto& s : d.steps) {
        json sj;
        to_json(sj, s);
        steps.push_back(std::move(sj));
    }
    json title;
    to_json(title, d.title);
    j = json{{"template", d.template_id}, {"title", std::move(title)}, {"steps", std::move(steps)}};
}

namespace {

const json& field(const json& j, const char* key) {
    if (!j.is_object()) throw std::runtime_error("expected an object");
    auto it = j.find(key);
    if (it == j.end()) throw std::runtime_error(std::string("missing field '") + key + "'");
    return *it;
}

std::string string_field(const json& j, const char* key) {
    const json& v = field(j, key);
    if (!v.is_string()) throw std::runtime_error(std::string("field '") + key + "' must be a string");
    return v.get<std::string>();
}

} // namespace

localized localized_from_json(const json& j) {
    return localized{string_field(j, "nl"), string_field(j, "en")};
}

step_def step_def_from_json(const json& j) {
    step_def d;
    d.id = string_field(j, "id");
    d.kind = activity_kind_from_string(string_field(j, "kind"));
    d.title = localized_from_json(field(j, "title"));
    d.prompt = localized_from_json(field(j, "prompt"));
    const json& items = field(j, "items");
    if (!items.is_array()) throw std::runtime_error("field 'items' must be an array");
    for (const auto& it : items) d.items.push_back({string_field(it, "id"), localized_from_json(field(it, "text"))});
    return d;
}

session_def session_def_from_json(const json& j) {
    session_def d;
    d.template_id = string_field(j, "template");
    d.title = localized_from_json(field(j, "title"));
    const json& steps = field(j, "steps");
    if (!steps.is_array()) throw std::runtime_error("field 'steps' must be an array");
    for (const auto& s : steps) d.steps.push_back(step_def_from_json(s));
    return d;
}

//----------------------------------------------------------------------------------------
// [SECTION] Parsing client messages

namespace {

/** Thrown inside the parser only; turned into a parse_error value at its boundary. */
struct reject {
    errc code;
    std::string message;
};

std::string req_string(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) throw reject{errc::bad_message, std::string("missing field '") + key + "'"};
    if (!it->is_string()) throw reject{errc::bad_message, std::string("field '") + key + "' must be a string"};
    return it->get<std::string>();
}

std::string opt_string(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    if (!it->is_string()) throw reject{errc::bad_message, std::string("field '") + key + "' must be a string"};
    return it->get<std::string>();
}

int req_version(const json& j) {
    auto it = j.find("protocol_version");
    if (it == j.end()) throw reject{errc::bad_message, "missing field 'protocol_version'"};
    if (!it->is_number_integer()) throw reject{errc::bad_message, "field 'protocol_version' must be an integer"};
    const auto v = it->get<std::int64_t>();
    if (v != protocol_version)
        throw reject{errc::unsupported_version, "this server speaks protocol version 1 only"};
    return static_cast<int>(v);
}

} // namespace

client_message parse_client_message(std::string_view text) {
    // Untrusted input: parse without exceptions, then validate field by field.
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) return parse_error{std::nullopt, {errc::bad_json, "the message is not valid JSON"}};
    if (!j.is_object()) return parse_error{std::nullopt, {errc::bad_json, "the message must be a JSON object"}};

    std::optional<std::uint64_t> seq;
    if (auto it = j.find("seq"); it != j.end()) {
        if (!it->is_number_unsigned() && !(it->is_number_integer() && it->get<std::int64_t>() >= 0))
            return parse_error{std::nullopt, {errc::bad_message, "field 'seq' must be a non-negative integer"}};
        seq = it->get<std::uint64_t>();
    }
    const std::uint64_t s = seq.value_or(0);
    try {
        auto type_it = j.find("type");
        if (type_it == j.end()) throw reject{errc::bad_message, "missing field 'type'"};
        if (!type_it->is_string()) throw reject{errc::bad_message, "field 'type' must be a string"};
        const std::string type = type_it->get<std::string>();

        if (type == "answer")
            return answer{s, req_string(j, "step"), req_string(j, "item"), req_string(j, "value"),
                          opt_string(j, "comment")};
        if (type == "control") return control{s, req_string(j, "action"), req_string(j, "step")};
        if (type == "join") {
            join m;
            m.seq = s;
            m.version = req_version(j);
            m.code = req_string(j, "code");
            const std::string r = req_string(j, "role");
            m.as = role_from_string(r);
            if (m.as == role::none) throw reject{errc::bad_value, "role must be participant, projector or facilitator"};
            m.resume_token = opt_string(j, "resume_token");
            m.name = opt_string(j, "name");
            m.secret = opt_string(j, "secret");
            if (m.as == role::facilitator && m.secret.empty())
                throw reject{errc::bad_message, "a facilitator joins with field 'secret'"};
            return m;
        }
        if (type == "create_session") {
            create_session m;
            m.seq = s;
            m.version = req_version(j);
            m.template_id = req_string(j, "template");
            return m;
        }
        if (type == "list_templates") return list_templates{s};
        if (type == "sync") return sync{s};
        return parse_error{seq, {errc::unknown_type, "unknown message type '" + type.substr(0, 40) + "'"}};
    } catch (const reject& r) {
        return parse_error{seq, {r.code, r.message}};
    } catch (const json::exception&) {
        return parse_error{seq, {errc::bad_message, "a field has the wrong type"}};
    }
}

std::string normalize_code(std::string_view code) {
    std::string out;
    for (char c : code) {
        if (c == ' ' || c == '-' || c == '\t') continue;
        out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    return out;
}

//----------------------------------------------------------------------------------------
// [SECTION] Server messages

namespace {

void put_seq(json& j, std::optional<std::uint64_t> seq) {
    if (seq) j["seq"] = *seq;
}

// Invalid UTF-8 must never make a reply fail: replace it instead of throwing.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

} // namespace

std::string make_error(std::optional<std::uint64_t> seq, const error& e) {
    json j{{"type", "error"}, {"code", to_string(e.code)}, {"message", e.message}};
    put_seq(j, seq);
    return dump(j);
}

std::string make_ack(std::uint64_t seq, std::uint64_t rev) {
    return dump(json{{"type", "ack"}, {"seq", seq}, {"rev", rev}});
}

std::string make_session_created(std::uint64_t seq, const session_state& s,
                                 const std::string& facilitator_secret) {
    return dump(json{{"type", "session_created"},
                     {"seq", seq},
                     {"session_id", s.id},
                     {"join_code", s.join_code},
                     {"facilitator_secret", facilitator_secret}});
}

std::string make_welcome(std::optional<std::uint64_t> seq, const session_state& s, role r,
                         participant_id pid, const std::string& resume_token) {
    json def;
    to_json(def, s.def);
    json session{{"id", s.id},
                 {"code", s.join_code},
                 {"template", s.def.template_id},
                 {"title", def["title"]},
                 {"steps", std::move(def["steps"])}};
    json j{{"type", "welcome"}, {"role", to_string(r)}, {"session", std::move(session)}};
    if (r == role::participant) {
        j["participant_id"] = pid;
        j["resume_token"] = resume_token;
    }
    put_seq(j, seq);
    return dump(j);
}

std::string make_mine(const session_state& s, participant_id pid) {
    json answers = json::array();
    for (std::size_t si = 0; si < s.steps.size() && si < s.def.steps.size(); ++si) {
        const auto& sheets = s.steps[si].answers.sheets;
        auto it = sheets.find(pid);
        if (it == sheets.end()) continue;
        const auto& def = s.def.steps[si];
        for (std::size_t i = 0; i < it->second.size() && i < def.items.size(); ++i) {
            const auto& a = it->second[i];
            if (a.value == traffic_light::light::none) continue;
            answers.push_back(json{{"step", def.id},
                                   {"item", def.items[i].id},
                                   {"value", traffic_light::to_string(a.value)},
                                   {"comment", a.comment}});
        }
    }
    return dump(json{{"type", "mine"}, {"answers", std::move(answers)}});
}

} // namespace kring::protocol
