#include "kring/content.hpp"

#include <nlohmann/json.hpp>

#include <regex>
#include <set>

using nlohmann::json;

namespace kring {

localized default_traffic_light_prompt() {
    return {"Hoe staan we ervoor? Kies per vraag: groen = loopt goed, oranje = kan sterker, "
            "rood = werkpunt, of sla over.",
            "Where do we stand? For each question choose: green = going well, orange = could be "
            "stronger, red = needs work, or pass."};
}

namespace {

/** Thrown while validating one file; becomes a content_error with the file name. */
struct invalid {
    std::string path;
    std::string message;
};

/** A template that is well-formed but uses an activity kind this build cannot run. */
struct unsupported {
    std::string path;
    std::string message;
};

const json& need(const json& j, const std::string& path, const char* key) {
    if (!j.is_object()) throw invalid{path, "must be an object"};
    auto it = j.find(key);
    if (it == j.end()) throw invalid{path + "/" + key, "missing"};
    return *it;
}

std::string need_string(const json& j, const std::string& path, const char* key) {
    const json& v = need(j, path, key);
    if (!v.is_string()) throw invalid{path + "/" + key, "must be a string"};
    return v.get<std::string>();
}

std::string need_id(const json& j, const std::string& path, const char* key) {
    static const std::regex id_re("^[a-z0-9-]{1,40}$");
    std::string id = need_string(j, path, key);
    if (!std::regex_match(id, id_re))
        throw invalid{path + "/" + key, "must be 1 to 40 characters a-z, 0-9 or '-'"};
    return id;
}

localized read_text(const json& j, const std::string& path) {
    if (!j.is_object()) throw invalid{path, "must be an object with 'nl' and 'en'"};
    for (const auto& [key, value] : j.items())
        if (key != "nl" && key != "en") throw invalid{path + "/" + key, "unexpected language (only nl and en)"};
    localized t{need_string(j, path, "nl"), need_string(j, path, "en")};
    if (t.nl.empty()) throw invalid{path + "/nl", "must not be empty"};
    if (t.en.empty()) throw invalid{path + "/en", "must not be empty"};
    return t;
}

std::vector<item_def> read_items(const json& j, const std::string& path) {
    if (!j.is_array()) throw invalid{path, "must be an array"};
    if (j.empty() || j.size() > 100) throw invalid{path, "must have 1 to 100 entries"};
    std::vector<item_def> out;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string p = path + "/" + std::to_string(i);
        item_def it{need_id(j[i], p, "id"), read_text(need(j[i], p, "text"), p + "/text")};
        if (!seen.insert(it.id).second) throw invalid{p + "/id", "duplicate id '" + it.id + "'"};
        out.push_back(std::move(it));
    }
    return out;
}

std::string stem(const std::string& name) {
    const auto slash = name.find_last_of('/');
    std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
    if (base.size() > 5 && base.ends_with(".json")) base.resize(base.size() - 5);
    return base;
}

theme read_theme(const json& j, const std::string& file) {
    theme t;
    t.id = need_id(j, "", "id");
    if (t.id != stem(file)) throw invalid{"/id", "must equal the file name ('" + stem(file) + "')"};
    t.movement = need_string(j, "", "movement");
    if (t.movement != "reflecteren" && t.movement != "verder_bouwen")
        throw invalid{"/movement", "unknown movement '" + t.movement + "'"};
    const json& num = need(j, "", "number");
    if (!num.is_number_integer() || num.get<int>() < 1 || num.get<int>() > 99)
        throw invalid{"/number", "must be an integer from 1 to 99"};
    t.number = num.get<int>();
    t.title = read_text(need(j, "", "title"), "/title");
    t.questions = read_items(need(j, "", "questions"), "/questions");
    if (j.contains("next")) t.next = read_text(j["next"], "/next");
    if (j.contains("tips")) {
        const json& tips = j["tips"];
        if (!tips.is_array()) throw invalid{"/tips", "must be an array"};
        for (std::size_t i = 0; i < tips.size(); ++i)
            t.tips.push_back(read_text(tips[i], "/tips/" + std::to_string(i)));
    }
    return t;
}

template_def read_template(const json& j, const std::string& file,
                           const std::map<std::string, theme>& themes) {
    template_def t;
    t.id = need_id(j, "", "id");
    if (t.id != stem(file)) throw invalid{"/id", "must equal the file name ('" + stem(file) + "')"};
    t.title = read_text(need(j, "", "title"), "/title");
    t.description = read_text(need(j, "", "description"), "/description");
    t.agenda.template_id = t.id;
    t.agenda.title = t.title;
    const json& steps = need(j, "", "steps");
    if (!steps.is_array() || steps.empty() || steps.size() > 50)
        throw invalid{"/steps", "must be an array of 1 to 50 steps"};
    std::set<std::string> seen;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const std::string p = "/steps/" + std::to_string(i);
        const json& sj = steps[i];
        step_def d;
        d.id = need_id(sj, p, "id");
        if (!seen.insert(d.id).second) throw invalid{p + "/id", "duplicate step id '" + d.id + "'"};
        const std::string kind = need_string(sj, p, "kind");
        d.kind = activity_kind_from_string(kind);
        if (d.kind == activity_kind::unknown) throw unsupported{p + "/kind", "kind '" + kind + "' is not supported by this version"};
        const theme* th = nullptr;
        if (sj.contains("theme")) {
            const std::string tid = need_string(sj, p, "theme");
            auto it = themes.find(tid);
            if (it == themes.end()) throw invalid{p + "/theme", "no theme '" + tid + "'"};
            th = &it->second;
        }
        if (sj.contains("title")) d.title = read_text(sj["title"], p + "/title");
        else if (th) d.title = th->title;
        else throw invalid{p + "/title", "missing (give 'title' or 'theme')"};
        d.prompt = sj.contains("prompt") ? read_text(sj["prompt"], p + "/prompt") : default_traffic_light_prompt();
        if (sj.contains("items")) d.items = read_items(sj["items"], p + "/items");
        else if (th) d.items = th->questions;
        else throw invalid{p + "/items", "missing (give 'items' or 'theme')"};
        t.agenda.steps.push_back(std::move(d));
    }
    return t;
}

} // namespace

std::variant<content_bundle, content_error> load_content(const std::vector<content_file>& files) {
    content_bundle out;
    std::vector<std::pair<const content_file*, json>> templates;
    // Themes first: templates refer to them.
    for (const auto& f : files) {
        if (!f.name.ends_with(".json")) continue;
        const bool is_theme = f.name.starts_with("themes/");
        const bool is_template = f.name.starts_with("templates/");
        if (!is_theme && !is_template) {
            // Folders of the whole-wegwijzer format (docs/content-v2-draft.md), read elsewhere.
            const bool known = f.name.starts_with("kaart/") || f.name.starts_with("exercises/") ||
                               f.name.starts_with("decks/") || f.name == "resources.json";
            if (known) continue;
            return content_error{f.name, "", "content files live in themes/ or templates/"};
        }
        json j = json::parse(f.text, nullptr, false);
        if (j.is_discarded()) return content_error{f.name, "", "not valid JSON"};
        if (is_template) {
            templates.emplace_back(&f, std::move(j));
            continue;
        }
        try {
            theme t = read_theme(j, f.name);
            if (out.themes.count(t.id)) return content_error{f.name, "/id", "duplicate theme id"};
            out.themes.emplace(t.id, std::move(t));
        } catch (const invalid& e) {
            return content_error{f.name, e.path.empty() ? "/" : e.path, e.message};
        }
    }
    for (const auto& [f, j] : templates) {
        try {
            template_def t = read_template(j, f->name, out.themes);
            if (out.templates.count(t.id)) return content_error{f->name, "/id", "duplicate template id"};
            out.templates.emplace(t.id, std::move(t));
        } catch (const invalid& e) {
            return content_error{f->name, e.path.empty() ? "/" : e.path, e.message};
        } catch (const unsupported& e) {
            // Skipped, not fatal: content may be newer than this server.
            out.warnings.push_back(f->name + ": " + e.path + ": " + e.message + " (template skipped)");
        }
    }
    if (out.templates.empty()) return content_error{"templates/", "", "no template found"};
    return out;
}

} // namespace kring
