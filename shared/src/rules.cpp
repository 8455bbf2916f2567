// The rules a client follows (rules.hpp) and their JSON form in welcome.
#include "kring/rules.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace kring {

namespace {

using nlohmann::json;

const json& member(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end())
        throw std::runtime_error(std::string("rules: missing field '") + key + "'");
    return *it;
}

std::uint32_t count(const json& j, const char* key) {
    const json& v = member(j, key);
    if (!v.is_number_unsigned())
        throw std::runtime_error(std::string("rules: '") + key + "' must be a count");
    return v.get<std::uint32_t>();
}

std::string word(const json& j, const char* key) {
    const json& v = member(j, key);
    if (!v.is_string())
        throw std::runtime_error(std::string("rules: '") + key + "' must be a string");
    return v.get<std::string>();
}

} // namespace

const std::vector<light_word>& light_words() {
    static const std::vector<light_word> words{
        {"green", {"Loopt goed", "Going well"}, "#1b7a3a", "\u25CF"},
        {"orange", {"Kan sterker", "Could be stronger"}, "#a85400", "\u25D0"},
        {"red", {"Werkpunt", "Needs work"}, "#b0261c", "\u25B2"},
        {"pass", {"Sla over", "Pass"}, "#5b6170", "\u2013"},
    };
    return words;
}

const std::vector<pin_tone>& pin_tones() {
    static const std::vector<pin_tone> tones = [] {
        std::vector<pin_tone> out;
        for (const auto& l : light_words())
            if (l.id != "pass")
                out.push_back(pin_tone{l.id, l.colour, l.icon});
        out.push_back(pin_tone{"blue", "#1f5fa8", "\u271A"});
        out.push_back(pin_tone{"purple", "#6b3fa0", "\u25A0"});
        return out;
    }();
    return tones;
}

const std::vector<route_style>& route_styles() {
    // Colour is never the only sign: each slot has its own dash too.
    static const std::vector<route_style> styles{
        {"#1f5fa8", ""},           {"#6b3fa0", "28 14"}, {"#0f6f78", "6 12"},
        {"#8c2f6b", "30 10 6 10"}, {"#5c4d00", "16 16"}, {"#2f3b4c", "4 8"},
    };
    return styles;
}

const pin_tone* find_pin_tone(const std::vector<pin_tone>& tones, std::string_view id) {
    for (const auto& t : tones)
        if (t.id == id)
            return &t;
    return nullptr;
}

const std::vector<verdict_sentence>& verdict_sentences() {
    static const std::vector<verdict_sentence> v{
        {"solid",
         {"Stevig: ga verder met de gekoppelde bouwsteen.",
          "Solid: go on with the linked building block."}},
        {"mixed",
         {"Gemengd: bespreek wat oranje en rood is, en kijk naar de gekoppelde bouwsteen.",
          "Mixed: discuss what is orange and red, and look at the linked building block."}},
        {"work_first",
         {"Eerst aan werken: bespreek de rode vragen van dit thema.",
          "Work on this first: discuss this theme's red questions."}},
    };
    return v;
}

const localized& verdict_text(const std::vector<verdict_sentence>& verdicts, std::string_view id) {
    const verdict_sentence* mixed = nullptr;
    for (const auto& v : verdicts) {
        if (v.id == id)
            return v.text;
        if (v.id == "mixed")
            mixed = &v;
    }
    if (mixed)
        return mixed->text;
    return verdict_sentences()[1].text;
}

client_rules rules_for(const limits& lim) {
    client_rules r;
    r.max_text = static_cast<std::uint32_t>(lim.max_text);
    r.max_name = static_cast<std::uint32_t>(lim.max_name);
    r.max_session_photos = static_cast<std::uint32_t>(lim.max_session_photos);
    return r;
}

void to_json(json& j, const client_rules& r) {
    json lights = json::array();
    for (const auto& l : r.lights)
        lights.push_back(json{{"id", l.id},
                              {"word", json{{"nl", l.word.nl}, {"en", l.word.en}}},
                              {"colour", l.colour},
                              {"icon", l.icon}});
    json verdicts = json::array();
    for (const auto& v : r.verdicts)
        verdicts.push_back(
            json{{"id", v.id}, {"text", json{{"nl", v.text.nl}, {"en", v.text.en}}}});
    json tones = json::array();
    for (const auto& t : r.pin_tones)
        tones.push_back(json{{"id", t.id}, {"colour", t.colour}, {"icon", t.icon}});
    json styles = json::array();
    for (const auto& st : r.route_styles)
        styles.push_back(json{{"colour", st.colour}, {"dash", st.dash}});
    const auto& f = r.fields;
    const auto& c = r.reconnect;
    j = json{{"max_text", r.max_text},
             {"max_name", r.max_name},
             {"fields", json{{"inventory", json{{"name", f.inventory_name},
                                                {"place", f.inventory_place},
                                                {"goals", f.inventory_goals}}},
                             {"action_plan", json{{"what", f.action_what},
                                                  {"who", f.action_who},
                                                  {"when", f.action_when}}}}},
             {"lights", std::move(lights)},
             {"verdicts", std::move(verdicts)},
             {"pin_tones", std::move(tones)},
             {"route_styles", std::move(styles)},
             {"reconnect", json{{"first_ms", c.first_ms},
                                {"max_ms", c.max_ms},
                                {"jitter", c.jitter},
                                {"join_timeout_ms", c.join_timeout_ms},
                                {"ack_timeout_ms", c.ack_timeout_ms},
                                {"resync_ms", c.resync_ms}}},
             {"photos", json{{"max_bytes", r.photos.max_bytes},
                             {"max_pixels", r.photos.max_pixels},
                             {"max_side", r.photos.max_side},
                             {"quality", static_cast<std::uint32_t>(r.photos.quality)},
                             {"per_session", r.max_session_photos},
                             {"per_deck", r.max_own_images},
                             {"own_caption", r.max_own_caption}}}};
}

void from_json(const json& j, client_rules& r) {
    if (!j.is_object())
        throw std::runtime_error("rules: expected an object");
    client_rules out;
    out.max_text = count(j, "max_text");
    out.max_name = count(j, "max_name");
    const json& f = member(j, "fields");
    const json& inv = member(f, "inventory");
    const json& act = member(f, "action_plan");
    out.fields.inventory_name = count(inv, "name");
    out.fields.inventory_place = count(inv, "place");
    out.fields.inventory_goals = count(inv, "goals");
    out.fields.action_what = count(act, "what");
    out.fields.action_who = count(act, "who");
    out.fields.action_when = count(act, "when");
    const json& lights = member(j, "lights");
    if (!lights.is_array())
        throw std::runtime_error("rules: 'lights' must be an array");
    out.lights.clear(); // the server's list, not the defaults
    for (const auto& l : lights) {
        const json& w = member(l, "word");
        out.lights.push_back(light_word{
            word(l, "id"), {word(w, "nl"), word(w, "en")}, word(l, "colour"), word(l, "icon")});
    }
    const json& verdicts = member(j, "verdicts");
    if (!verdicts.is_array())
        throw std::runtime_error("rules: 'verdicts' must be an array");
    out.verdicts.clear();
    for (const auto& v : verdicts) {
        const json& t = member(v, "text");
        out.verdicts.push_back(verdict_sentence{word(v, "id"), {word(t, "nl"), word(t, "en")}});
    }
    // A server from before floor plans sends none: its clients keep the defaults.
    if (j.contains("pin_tones")) {
        const json& tones = member(j, "pin_tones");
        if (!tones.is_array())
            throw std::runtime_error("rules: 'pin_tones' must be an array");
        out.pin_tones.clear();
        for (const auto& t : tones)
            out.pin_tones.push_back(pin_tone{word(t, "id"), word(t, "colour"), word(t, "icon")});
    }
    if (j.contains("route_styles")) {
        const json& styles = member(j, "route_styles");
        if (!styles.is_array())
            throw std::runtime_error("rules: 'route_styles' must be an array");
        out.route_styles.clear();
        for (const auto& st : styles)
            out.route_styles.push_back(route_style{word(st, "colour"), word(st, "dash")});
    }
    const json& c = member(j, "reconnect");
    out.reconnect.first_ms = count(c, "first_ms");
    out.reconnect.max_ms = count(c, "max_ms");
    const json& jitter = member(c, "jitter");
    if (!jitter.is_number() || jitter.get<double>() < 0 || jitter.get<double>() > 1)
        throw std::runtime_error("rules: 'jitter' must be a number from 0 to 1");
    out.reconnect.jitter = jitter.get<double>();
    out.reconnect.join_timeout_ms = count(c, "join_timeout_ms");
    out.reconnect.ack_timeout_ms = count(c, "ack_timeout_ms");
    out.reconnect.resync_ms = count(c, "resync_ms");
    // A server from before photo steps sends none: its clients keep the defaults.
    if (j.contains("photos")) {
        const json& p = member(j, "photos");
        out.photos.max_bytes = count(p, "max_bytes");
        out.photos.max_pixels = count(p, "max_pixels");
        out.photos.max_side = count(p, "max_side");
        out.photos.quality = static_cast<int>(count(p, "quality"));
        out.max_session_photos = count(p, "per_session");
        // Later than the first photo rules: absent from an older server.
        if (p.contains("per_deck"))
            out.max_own_images = count(p, "per_deck");
        if (p.contains("own_caption"))
            out.max_own_caption = count(p, "own_caption");
    }
    r = std::move(out);
}

} // namespace kring
