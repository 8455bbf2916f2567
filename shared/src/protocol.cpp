#include "kring/protocol.hpp"

#include "kring/content.hpp"
#include "kring/kinds.hpp"
#include "kring/wire.hpp"

#include "plain_json.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <limits>
#include <stdexcept>

using nlohmann::json;

namespace kring::protocol {

//----------------------------------------------------------------------------------------
// [SECTION] JSON forms of the model

void to_json(json& j, const localized& t) {
    j = json{{"nl", t.nl}, {"en", t.en}};
}

namespace {

json items_json(const std::vector<item_def>& items) {
    json out = json::array();
    for (const auto& it : items) {
        json j{{"id", it.id}, {"text", text_json(it.text)}};
        if (!it.group.empty())
            j["group"] = text_json(it.group);
        if (!it.rating.empty())
            j["rating"] = text_json(it.rating);
        if (it.form != item_form::rate)
            j["form"] = to_string(it.form);
        out.push_back(std::move(j));
    }
    return out;
}

json resources_json(const std::vector<resource_def>& resources) {
    json out = json::array();
    for (const auto& r : resources)
        out.push_back(json{{"id", r.id},
                           {"category", r.category},
                           {"title", text_json(r.title)},
                           {"description", text_json(r.description)},
                           {"url", r.url}});
    return out;
}

/** The fields of a step's own kind, shared by the stored form and welcome: its file's. */
void kind_fields(json& j, const step_def& d) {
    for_each_kind([&]<class R>(std::type_identity<R>) {
        if (R::info.kind == d.kind)
            R::settings_json(j, d);
    });
}

} // namespace

void to_json(json& j, const step_def& d) {
    j = json{{"id", d.id},
             {"kind", to_string(d.kind)},
             {"title", text_json(d.title)},
             {"prompt", text_json(d.prompt)},
             {"items", items_json(d.items)}};
    kind_fields(j, d);
    if (!d.links.empty())
        j["links"] = d.links;
    if (d.links_inferred)
        j["links_inferred"] = true;
    if (!d.movement.empty())
        j["movement"] = d.movement;
    if (!d.intro.empty())
        j["intro"] = text_json(d.intro);
    if (!d.guide.empty())
        j["guide"] = text_json(d.guide);
    if (!d.resources.empty())
        j["resources"] = resources_json(d.resources);
}

void to_json(json& j, const session_def& d) {
    json steps = json::array();
    for (const auto& s : d.steps) {
        json sj;
        to_json(sj, s);
        steps.push_back(std::move(sj));
    }
    j = json{
        {"template", d.template_id}, {"title", text_json(d.title)}, {"steps", std::move(steps)}};
    if (!d.blocks.empty())
        j["blocks"] = options_json(d.blocks);
}

json welcome_step(const step_def& d, role r) {
    json j{{"id", d.id},
           {"kind", to_string(d.kind)},
           {"title", text_json(d.title)},
           {"prompt", text_json(d.prompt)},
           {"items", items_json(d.items)}};
    if (!d.intro.empty())
        j["intro"] = text_json(d.intro);
    kind_fields(j, d);
    if (r == role::facilitator) {
        j["guide"] = text_json(d.guide);
        j["resources"] = resources_json(d.resources);
    }
    return j;
}

namespace {

const json& field(const json& j, const char* key) {
    if (!j.is_object())
        throw std::runtime_error("expected an object");
    auto it = j.find(key);
    if (it == j.end())
        throw std::runtime_error(std::string("missing field '") + key + "'");
    return *it;
}

std::string string_field(const json& j, const char* key) {
    const json& v = field(j, key);
    if (!v.is_string())
        throw std::runtime_error(std::string("field '") + key + "' must be a string");
    return v.get<std::string>();
}

// Fields added after the first stored sessions: absent means the default.
std::string opt_string(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int opt_int(const json& j, const char* key, int fallback) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

bool opt_bool(const json& j, const char* key, bool fallback) {
    auto it = j.find(key);
    return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

localized opt_text(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_object() ? localized_from_json(*it) : localized{};
}

std::vector<option_def> opt_options(const json& j, const char* key) {
    std::vector<option_def> out;
    auto it = j.find(key);
    if (it == j.end() || !it->is_array())
        return out;
    for (const auto& o : *it)
        out.push_back({string_field(o, "id"), localized_from_json(field(o, "text"))});
    return out;
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
    if (!items.is_array())
        throw std::runtime_error("field 'items' must be an array");
    for (const auto& it : items) {
        item_def i;
        i.id = string_field(it, "id");
        i.text = localized_from_json(field(it, "text"));
        i.group = opt_text(it, "group");
        i.rating = opt_text(it, "rating");
        if (!item_form_from_string(opt_string(it, "form"), i.form))
            i.form = item_form::rate;
        d.items.push_back(std::move(i));
    }
    d.theme = opt_string(j, "theme");
    if (auto it = j.find("links"); it != j.end() && it->is_array())
        for (const auto& l : *it)
            if (l.is_string())
                d.links.push_back(l.get<std::string>());
    d.links_inferred = opt_bool(j, "links_inferred", false);
    d.movement = opt_string(j, "movement");
    d.intro = opt_text(j, "intro");
    d.min = opt_int(j, "min", d.min);
    d.max = opt_int(j, "max", d.max);
    if (auto it = j.find("labels"); it != j.end() && it->is_object()) {
        d.label_min = opt_text(*it, "min");
        d.label_max = opt_text(*it, "max");
    }
    d.body = opt_text(j, "body");
    d.options = opt_options(j, "options");
    if (j.contains("categories") && d.kind == activity_kind::photo) // photo.cpp settings_json
        d.options = opt_options(j, "categories");
    d.max_photos = opt_int(j, "max_photos", d.max_photos);
    d.comment = opt_bool(j, "comment", d.comment);
    if (auto it = j.find("images"); it != j.end() && it->is_array())
        for (const auto& im : *it)
            d.images.push_back({string_field(im, "id"), string_field(im, "url"),
                                localized_from_json(field(im, "alt"))});
    d.max_picks = opt_int(j, "max_picks", d.max_picks);
    d.reason = opt_bool(j, "reason", d.reason);
    d.max_entries = opt_int(j, "max_entries", d.max_entries);
    d.max_length = opt_int(j, "max_length", d.max_length);
    d.placeholder = opt_text(j, "placeholder");
    d.dots = opt_int(j, "dots", d.dots);
    d.max_per_option = opt_int(j, "max_per_option", d.max_per_option);
    if (auto it = j.find("source"); it != j.end() && it->is_object()) {
        if (opt_bool(*it, "blocks", false)) {
            d.source_take = "blocks";
        } else {
            d.source_step = opt_string(*it, "step");
            d.source_take = opt_string(*it, "take");
        }
    }
    d.offer_kinds = opt_options(j, "offer_kinds");
    d.target_groups = opt_options(j, "target_groups");
    d.guide = opt_text(j, "guide");
    if (auto it = j.find("resources"); it != j.end() && it->is_array())
        for (const auto& r : *it)
            d.resources.push_back({string_field(r, "id"), opt_string(r, "category"),
                                   localized_from_json(field(r, "title")),
                                   opt_text(r, "description"), opt_string(r, "url")});
    // A floor plan's settings as floor_plan.cpp wrote them (its rooms, categories, slots).
    if (d.kind == activity_kind::floor_plan)
        floor_plan::responses::read_settings(d, wire::reader(j, "step"));
    return d;
}

session_def session_def_from_json(const json& j) {
    session_def d;
    d.template_id = string_field(j, "template");
    d.title = localized_from_json(field(j, "title"));
    const json& steps = field(j, "steps");
    if (!steps.is_array())
        throw std::runtime_error("field 'steps' must be an array");
    for (const auto& s : steps)
        d.steps.push_back(step_def_from_json(s));
    d.blocks = opt_options(j, "blocks");
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
    if (it == j.end())
        throw reject{errc::bad_message, std::string("missing field '") + key + "'"};
    if (!it->is_string())
        throw reject{errc::bad_message, std::string("field '") + key + "' must be a string"};
    return it->get<std::string>();
}

std::string opt_str(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return {};
    if (!it->is_string())
        throw reject{errc::bad_message, std::string("field '") + key + "' must be a string"};
    return it->get<std::string>();
}

std::vector<std::string> opt_strings(const json& j, const char* key) {
    std::vector<std::string> out;
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return out;
    const std::string msg = std::string("field '") + key + "' must be an array of strings";
    if (!it->is_array())
        throw reject{errc::bad_message, msg};
    for (const auto& v : *it) {
        if (!v.is_string())
            throw reject{errc::bad_message, msg};
        out.push_back(v.get<std::string>());
    }
    return out;
}

std::optional<bool> opt_bool(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return std::nullopt;
    if (!it->is_boolean())
        throw reject{errc::bad_message, std::string("field '") + key + "' must be a boolean"};
    return it->get<bool>();
}

/** Any integer; one beyond the int64 range becomes the largest, so range checks refuse it. */
std::int64_t as_int64(const json& v) {
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t(INT64_MAX))
        return INT64_MAX;
    return v.get<std::int64_t>();
}

std::optional<std::int64_t> opt_int(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return std::nullopt;
    if (!it->is_number_integer())
        throw reject{errc::bad_message, std::string("field '") + key + "' must be an integer"};
    return as_int64(*it);
}

std::map<std::string, std::int64_t> opt_counts(const json& j, const char* key) {
    std::map<std::string, std::int64_t> out;
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return out;
    const std::string msg = std::string("field '") + key + "' must be an object of integers";
    if (!it->is_object())
        throw reject{errc::bad_message, msg};
    for (const auto& [k, v] : it->items()) {
        if (!v.is_number_integer())
            throw reject{errc::bad_message, msg};
        out[k] = as_int64(v);
    }
    return out;
}

/** The fields of the controls for running the room (docs/protocol.md, section 6). */
void read_room_fields(control& m, const json& j) {
    m.on = opt_bool(j, "on");
    m.phones = opt_bool(j, "phones");
    m.seconds = opt_int(j, "seconds");
    m.close = opt_bool(j, "close").value_or(false);
    m.participant = opt_int(j, "participant");
    m.discard = opt_bool(j, "discard").value_or(false);
    m.item = opt_str(j, "item");
    m.counts = opt_counts(j, "counts");
    if (j.contains("text") && !j.at("text").is_null())
        m.text = opt_str(j, "text");
    m.min = opt_int(j, "min");
    m.page = opt_int(j, "page");
    m.participants = opt_int(j, "participants");
    if (j.contains("session") && !j.at("session").is_null())
        m.session = opt_str(j, "session");
    m.compare_secret = opt_str(j, "compare_secret");
    m.admin_token = opt_str(j, "admin_token");
}

bool has_field(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && !it->is_null();
}

int req_version(const json& j) {
    auto it = j.find("protocol_version");
    if (it == j.end())
        throw reject{errc::bad_message, "missing field 'protocol_version'"};
    if (!it->is_number_integer())
        throw reject{errc::bad_message, "field 'protocol_version' must be an integer"};
    const auto v = it->get<std::int64_t>();
    if (v != protocol_version)
        throw reject{errc::unsupported_version, "this server speaks protocol version 1 only"};
    return static_cast<int>(v);
}

} // namespace

std::vector<nlohmann::json> server_messages(std::string_view text) {
    std::vector<nlohmann::json> out;
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_object()) {
        out.push_back(std::move(j));
    } else if (j.is_array()) {
        for (auto& m : j) {
            if (!m.is_object())
                return {};
            out.push_back(std::move(m));
        }
    }
    return out;
}

namespace {

/** The fields parse_plain_answer knows, in the order of its bit mask. */
constexpr std::string_view plain_answer_keys[] = {"type", "seq",   "step",
                                                  "item", "value", "comment"};
enum plain_answer_field : unsigned { f_type, f_seq, f_step, f_item, f_value, f_comment };

} // namespace

std::optional<answer> parse_plain_answer(std::string_view t) {
    const std::size_t n = t.size();
    std::size_t i = 0;
    auto skip_space = [&] {
        while (i < n && plain_json::space(t[i]))
            ++i;
    };
    // A string without escapes or control characters (those go the full way, which decodes
    // escapes), its UTF-8 checked as nlohmann checks it; i is past its closing quote after.
    auto plain_string = [&]() -> std::optional<std::string_view> {
        if (i >= n || t[i] != '"')
            return std::nullopt;
        std::string_view rest = t.substr(i + 1), body;
        if (!plain_json::take_plain_view(rest, body))
            return std::nullopt;
        i = n - rest.size();
        return body;
    };
    skip_space();
    if (i >= n || t[i] != '{')
        return std::nullopt;
    ++i;
    answer m;
    unsigned seen = 0;
    for (;;) {
        skip_space();
        const auto key = plain_string();
        if (!key)
            return std::nullopt;
        unsigned field = 0;
        while (field < std::size(plain_answer_keys) && plain_answer_keys[field] != *key)
            ++field;
        // Another field, or one twice: the full way decides.
        if (field == std::size(plain_answer_keys) || (seen & (1u << field)))
            return std::nullopt;
        seen |= 1u << field;
        skip_space();
        if (i >= n || t[i] != ':')
            return std::nullopt;
        ++i;
        skip_space();
        if (i < n && t[i] == '"') {
            const auto v = plain_string();
            if (!v)
                return std::nullopt;
            switch (field) {
            case f_type:
                if (*v != "answer")
                    return std::nullopt;
                break;
            case f_step:
                m.step = *v;
                break;
            case f_item:
                m.item = *v;
                break;
            case f_value:
                m.value = std::string(*v);
                break;
            case f_comment:
                m.comment = *v;
                break;
            default: // seq as a string: an error the full way words
                return std::nullopt;
            }
        } else if (i < n && t[i] >= '0' && t[i] <= '9') {
            // A non-negative integer as JSON writes it (nlohmann reads it as unsigned too).
            std::string_view rest = t.substr(i);
            std::uint64_t x = 0;
            if (!plain_json::take_plain_uint(rest, std::numeric_limits<std::uint64_t>::max(), x))
                return std::nullopt;
            i = n - rest.size();
            if (field == f_seq)
                m.seq = x;
            else if (field == f_value)
                m.value = x;
            else
                return std::nullopt;
        } else {
            return std::nullopt;
        }
        skip_space();
        if (i >= n)
            return std::nullopt;
        if (t[i] == '}') {
            ++i;
            break;
        }
        if (t[i] != ',')
            return std::nullopt;
        ++i;
    }
    skip_space();
    constexpr unsigned required = (1u << f_type) | (1u << f_step) | (1u << f_value);
    if (i != n || (seen & required) != required)
        return std::nullopt;
    return m;
}

client_message parse_client_message(std::string_view text) {
    // Most messages in a busy room are answers of a few plain fields: read those directly,
    // without building a JSON document (parse_client_message_full agrees; tests check it).
    if (auto a = parse_plain_answer(text))
        return std::move(*a);
    return parse_client_message_full(text);
}

client_message parse_client_message_full(std::string_view text) {
    // Untrusted input: parse without exceptions, then validate field by field.
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded())
        return parse_error{std::nullopt, {errc::bad_json, "the message is not valid JSON"}};
    if (!j.is_object())
        return parse_error{std::nullopt, {errc::bad_json, "the message must be a JSON object"}};

    seq_t seq;
    if (auto it = j.find("seq"); it != j.end()) {
        if (!it->is_number_unsigned() && !(it->is_number_integer() && it->get<std::int64_t>() >= 0))
            return parse_error{std::nullopt,
                               {errc::bad_message, "field 'seq' must be a non-negative integer"}};
        seq = it->get<std::uint64_t>();
    }
    try {
        auto type_it = j.find("type");
        if (type_it == j.end())
            throw reject{errc::bad_message, "missing field 'type'"};
        if (!type_it->is_string())
            throw reject{errc::bad_message, "field 'type' must be a string"};
        const std::string type = type_it->get<std::string>();

        if (type == "answer") {
            answer m;
            m.seq = seq;
            m.step = req_string(j, "step");
            m.item = opt_str(j, "item");
            auto v = j.find("value");
            if (v == j.end())
                throw reject{errc::bad_message, "missing field 'value'"};
            m.value = std::move(*v);
            m.comment = opt_str(j, "comment");
            return m;
        }
        if (type == "control") {
            control m;
            m.seq = seq;
            const std::string action = req_string(j, "action");
            m.step = opt_str(j, "step");
            m.card = opt_str(j, "card");
            m.cards = opt_strings(j, "cards");
            m.lang = opt_str(j, "lang");
            read_room_fields(m, j);
            // The action once the fields' types are checked (a wrong type is bad_message
            // whatever the action): control_actions (reducer.hpp) knows every name.
            const auto a = control_action_from_string(action);
            if (!a) {
                error e = unknown_action_error(action);
                throw reject{e.code, std::move(e.message)};
            }
            m.action = *a;
            // A missing step is a malformed request, not an unknown step ("" is a step id
            // that no session has: unknown_step).
            bool needs_step = false;
            switch (scope_of(m.action)) {
            case control_scope::step:
                needs_step = true;
                break;
            case control_scope::session:
                break;
            case control_scope::device: // the authors of a card: the card's step
                needs_step = !m.participant && has_field(j, "card");
                break;
            }
            if (needs_step && !has_field(j, "step"))
                throw reject{errc::bad_message, "this action needs field 'step'"};
            return m;
        }
        if (type == "join") {
            join m;
            m.seq = seq;
            m.version = req_version(j);
            m.code = req_string(j, "code");
            const std::string r = req_string(j, "role");
            m.as = role_from_string(r);
            if (m.as == role::none)
                throw reject{errc::bad_value, "role must be participant, projector or facilitator"};
            m.resume_token = opt_str(j, "resume_token");
            m.name = opt_str(j, "name");
            m.secret = opt_str(j, "secret");
            m.view_updates = opt_bool(j, "view_updates").value_or(false);
            if (m.as == role::facilitator && m.secret.empty())
                throw reject{errc::bad_message, "a facilitator joins with field 'secret'"};
            return m;
        }
        if (type == "create_session") {
            create_session m;
            m.seq = seq;
            m.version = req_version(j);
            m.admin_token = opt_str(j, "admin_token");
            m.practice = opt_bool(j, "practice").value_or(false);
            if (auto a = j.find("agenda"); a != j.end() && !a->is_null()) {
                if (!a->is_object())
                    throw reject{errc::bad_message, "field 'agenda' must be an object"};
                m.agenda = *a;
                m.template_id = opt_str(j, "template");
            } else {
                m.template_id = req_string(j, "template");
            }
            return m;
        }
        if (type == "list_sessions")
            return list_sessions{seq, opt_str(j, "admin_token")};
        if (type == "open_session")
            return open_session{seq, req_string(j, "session"), opt_str(j, "admin_token")};
        if (type == "delete_session")
            return delete_session{seq, req_string(j, "session"), opt_str(j, "admin_token")};
        if (type == "export") {
            export_request m;
            m.seq = seq;
            m.format = req_string(j, "format");
            if (m.format != "html" && m.format != "md" && m.format != "json" && m.format != "csv")
                throw reject{errc::bad_value, "format must be html, md, json or csv"};
            m.step = opt_str(j, "step");
            if (m.format == "csv" && m.step.empty())
                throw reject{errc::bad_message, "a csv export names its 'step'"};
            m.compare_id = opt_str(j, "compare");
            m.compare_secret = opt_str(j, "compare_secret");
            m.admin_token = opt_str(j, "admin_token");
            return m;
        }
        if (type == "get_template")
            return get_template{seq, req_string(j, "template"), opt_str(j, "admin_token")};
        if (type == "save_template") {
            auto t = j.find("template");
            if (t == j.end() || !t->is_object())
                throw reject{errc::bad_message, "field 'template' must be an object"};
            return save_template{seq, *t, opt_str(j, "admin_token")};
        }
        if (type == "list_templates")
            return list_templates{seq, opt_str(j, "admin_token")};
        if (type == "sync")
            return sync{seq};
        return parse_error{
            seq, {errc::unknown_type, "unknown message type '" + type.substr(0, 40) + "'"}};
    } catch (const reject& r) {
        return parse_error{seq, {r.code, r.message}};
    } catch (const json::exception&) {
        return parse_error{seq, {errc::bad_message, "a field has the wrong type"}};
    }
}

seq_t seq_of(const client_message& m) {
    return std::visit([](const auto& x) -> seq_t { return x.seq; }, m);
}

std::string normalize_code(std::string_view code) {
    std::string out;
    for (char c : code) {
        if (c == ' ' || c == '-' || c == '\t')
            continue;
        out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    return out;
}

std::string join_url(std::string_view base, std::string_view code) {
    std::string out(base);
    if (out.find('?') != std::string::npos)
        return out + "&code=" + std::string(code);
    while (!out.empty() && out.back() == '/')
        out.pop_back();
    return out + "/" + std::string(code);
}

//----------------------------------------------------------------------------------------
// [SECTION] Writing client messages

namespace {

json request(const char* type, const seq_t& seq) {
    json j{{"type", type}};
    if (seq)
        j["seq"] = *seq;
    return j;
}

void put(json& j, const char* key, const std::string& v) {
    if (!v.empty())
        j[key] = v;
}

template <class T> void put(json& j, const char* key, const std::optional<T>& v) {
    if (v)
        j[key] = *v;
}

} // namespace

void to_json(json& j, const create_session& m) {
    j = request("create_session", m.seq);
    j["protocol_version"] = m.version ? m.version : protocol_version;
    put(j, "template", m.template_id);
    if (!m.agenda.is_null())
        j["agenda"] = m.agenda;
    put(j, "admin_token", m.admin_token);
    if (m.practice)
        j["practice"] = true;
}

void to_json(json& j, const list_templates& m) {
    j = request("list_templates", m.seq);
    put(j, "admin_token", m.admin_token);
}

void to_json(json& j, const join& m) {
    j = request("join", m.seq);
    j["protocol_version"] = m.version ? m.version : protocol_version;
    j["code"] = m.code;
    j["role"] = to_string(m.as);
    put(j, "resume_token", m.resume_token);
    put(j, "name", m.name);
    put(j, "secret", m.secret);
    if (m.view_updates)
        j["view_updates"] = true;
}

void to_json(json& j, const answer& m) {
    j = request("answer", m.seq);
    j["step"] = m.step;
    put(j, "item", m.item);
    j["value"] = m.value;
    put(j, "comment", m.comment);
}

void to_json(json& j, const control& m) {
    j = request("control", m.seq);
    j["action"] = to_string(m.action);
    j["step"] = m.step; // "" for the session's actions: a step action without it is refused
    put(j, "card", m.card);
    if (!m.cards.empty())
        j["cards"] = m.cards;
    put(j, "lang", m.lang);
    put(j, "on", m.on);
    put(j, "phones", m.phones);
    put(j, "seconds", m.seconds);
    if (m.close)
        j["close"] = true;
    put(j, "participant", m.participant);
    if (m.discard)
        j["discard"] = true;
    put(j, "item", m.item);
    if (!m.counts.empty())
        j["counts"] = m.counts;
    put(j, "text", m.text);
    put(j, "min", m.min);
    put(j, "page", m.page);
    put(j, "participants", m.participants);
    put(j, "session", m.session);
    put(j, "compare_secret", m.compare_secret);
    put(j, "admin_token", m.admin_token);
}

void to_json(json& j, const sync& m) {
    j = request("sync", m.seq);
}

void to_json(json& j, const list_sessions& m) {
    j = request("list_sessions", m.seq);
    put(j, "admin_token", m.admin_token);
}

void to_json(json& j, const open_session& m) {
    j = request("open_session", m.seq);
    j["session"] = m.session_id;
    put(j, "admin_token", m.admin_token);
}

void to_json(json& j, const delete_session& m) {
    j = request("delete_session", m.seq);
    j["session"] = m.session_id;
    put(j, "admin_token", m.admin_token);
}

void to_json(json& j, const export_request& m) {
    j = request("export", m.seq);
    j["format"] = m.format;
    put(j, "step", m.step);
    put(j, "compare", m.compare_id);
    put(j, "compare_secret", m.compare_secret);
    put(j, "admin_token", m.admin_token);
}

void to_json(json& j, const get_template& m) {
    j = request("get_template", m.seq);
    j["template"] = m.template_id;
    put(j, "admin_token", m.admin_token);
}

void to_json(json& j, const save_template& m) {
    j = request("save_template", m.seq);
    j["template"] = m.templ;
    put(j, "admin_token", m.admin_token);
}

control_command to_command(const control& m) {
    control_command c;
    static_cast<control_request&>(c) = m;
    return c;
}

//----------------------------------------------------------------------------------------
// [SECTION] Server messages

namespace {

// Invalid UTF-8 must never make a reply fail: replace it instead of throwing.
std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace

// The server's messages are written by wire.hpp's to_json, the encoder every client's
// decoder is tested against. Only ack, one per answer, is written by hand (below), in the
// exact bytes of that encoder (a unit test compares them for a thousand seq and rev).

std::string make_error(seq_t seq, const error& e) {
    return dump(json(wire::error_reply{seq, e}));
}

std::string make_ack(seq_t seq, std::uint64_t rev) {
    // One per answer, so written by hand: the bytes nlohmann would write (sorted keys).
    std::string out;
    out.reserve(64);
    out += "{\"rev\":";
    out += std::to_string(rev);
    if (seq) {
        out += ",\"seq\":";
        out += std::to_string(*seq);
    }
    out += ",\"type\":\"ack\"}";
    return out;
}

std::string make_session_created(seq_t seq, const session_state& s,
                                 const std::string& facilitator_secret) {
    return dump(json(wire::session_created{seq, s.id, s.join_code, facilitator_secret}));
}

std::string make_templates(seq_t seq, const content_bundle& content) {
    return make_templates(seq, content, {});
}

std::string make_templates(seq_t seq, const content_bundle& content,
                           const std::map<std::string, template_def>& own) {
    wire::templates m{seq, {}};
    for (bool mine : {false, true})
        for (const auto& [id, t] : mine ? own : content.templates)
            m.list.push_back({id, t.title, t.description,
                              static_cast<std::uint32_t>(t.agenda.steps.size()), mine, t.movement,
                              static_cast<std::uint32_t>(t.minutes), t.needs});
    return dump(json(m));
}

const client_rules& default_rules() {
    static const client_rules r = rules_for(limits{});
    return r;
}

std::string make_welcome(seq_t seq, const session_state& s, role r, participant_id pid,
                         const std::string& resume_token, const std::string& join_url,
                         const client_rules& rules) {
    wire::welcome m;
    m.seq = seq;
    m.as = r;
    if (r == role::participant) {
        m.participant = pid;
        m.resume_token = resume_token;
    }
    // The projector's key for the photos it shows (docs/protocol.md, section 7).
    if (r == role::projector)
        m.photo_key = resume_token;
    // The session id only for the facilitator (exports, comparisons, the library): a
    // phone or the projector has no use for it. Every role gets the building blocks: the
    // summary's `next` names them by id.
    if (r == role::facilitator)
        m.session.id = s.id;
    m.session.code = s.join_code;
    m.session.projector_lang = s.projector_lang;
    m.session.join_url = join_url;
    m.session.practice = s.practice;
    m.rules = rules;
    json j;
    wire::to_json(j, m, s.def);
    return dump(j);
}

std::string make_mine(const session_state& s, participant_id pid) {
    wire::mine m;
    auto one = [&](const step_def& d, const std::string& item, const json& value,
                   const std::string& comment) {
        m.answers.push_back(
            {d.id, item, value.dump(-1, ' ', false, json::error_handler_t::replace), comment});
    };
    for (std::size_t si = 0; si < s.steps.size() && si < s.def.steps.size(); ++si) {
        const auto& d = s.def.steps[si];
        std::visit(
            overloaded{
                [](std::monostate) {},
                [&](const traffic_light::responses& r) {
                    auto it = r.sheets.find(pid);
                    if (it == r.sheets.end())
                        return;
                    for (std::size_t i = 0; i < it->second.size() && i < d.items.size(); ++i) {
                        const auto& a = it->second[i];
                        if (a.value != traffic_light::light::none)
                            one(d, d.items[i].id, traffic_light::to_string(a.value), a.comment);
                    }
                },
                [&](const scale::responses& r) {
                    auto it = r.sheets.find(pid);
                    if (it == r.sheets.end())
                        return;
                    for (std::size_t i = 0; i < it->second.size() && i < d.items.size(); ++i)
                        if (const auto& a = it->second[i])
                            one(d, d.items[i].id, scale::value_json(*a), a->comment);
                },
                // The kinds with one answer per participant; a comment where the kind has one.
                [&](const auto& r) {
                    auto it = r.by.find(pid);
                    if (it == r.by.end())
                        return;
                    std::string comment;
                    if constexpr (requires { it->second.comment; })
                        comment = it->second.comment;
                    one(d, "", value_json(it->second), comment);
                }},
            s.steps[si].answers);
    }
    return dump(json(m));
}

} // namespace kring::protocol
