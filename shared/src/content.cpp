// [SECTION] Index
// - defaults: prompts per kind, image urls
// - readers: JSON helpers that throw `invalid` with the JSON path
// - one reader per folder: resources, exercises, kaart, decks, themes
// - templates: steps of every kind, guide composition, resources per step
// - load_content

#include "kring/content.hpp"
#include "kring/content_reader.hpp"
#include "kring/kinds.hpp"

#include "kring/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <regex>

using nlohmann::json;

namespace kring {

//----------------------------------------------------------------------------------------
// [SECTION] Defaults

localized default_traffic_light_prompt() {
    return default_prompt(activity_kind::traffic_light);
}

localized default_prompt(activity_kind k) {
    localized out;
    for_each_kind([&]<class R>(std::type_identity<R>) {
        if (R::info.kind == k)
            out = {R::info.prompt.nl, R::info.prompt.en};
    });
    return out;
}

namespace {

/** Percent-encodes everything but unreserved characters, as a browser sends it. */
std::string url_encode(const std::string& s) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xF]);
        }
    }
    return out;
}

} // namespace

std::string image_url(const std::string& file) {
    return "/images/" + url_encode(file);
}
std::string own_image_url(const std::string& file) {
    return "/images/eigen/" + url_encode(file);
}

bool is_image_file(const std::string& name) {
    const auto dot = name.rfind('.');
    if (dot == std::string::npos || dot == 0)
        return false;
    std::string ext = name.substr(dot + 1);
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == "png" || ext == "jpg" || ext == "jpeg";
}

//----------------------------------------------------------------------------------------
// [SECTION] Readers

namespace {

/** Thrown while validating one file; becomes a content_error with the file name. */
struct invalid {
    std::string path;
    std::string message;
};

/** A template that is well-formed but cannot run on this server (version or settings). */
struct unsupported {
    std::string path;
    std::string message;
};

const json& need(const json& j, const std::string& path, const char* key) {
    if (!j.is_object())
        throw invalid{path.empty() ? "/" : path, "must be an object"};
    auto it = j.find(key);
    if (it == j.end())
        throw invalid{path + "/" + key, "missing"};
    return *it;
}

std::string need_string(const json& j, const std::string& path, const char* key) {
    const json& v = need(j, path, key);
    if (!v.is_string())
        throw invalid{path + "/" + key, "must be a string"};
    return v.get<std::string>();
}

bool is_id(const std::string& s) {
    static const std::regex id_re("^[a-z0-9-]{1,40}$");
    return std::regex_match(s, id_re);
}

std::string check_id(const json& v, const std::string& path) {
    if (!v.is_string())
        throw invalid{path, "must be a string"};
    std::string id = v.get<std::string>();
    if (!is_id(id))
        throw invalid{path, "must be 1 to 40 characters a-z, 0-9 or '-'"};
    return id;
}

std::string need_id(const json& j, const std::string& path, const char* key) {
    return check_id(need(j, path, key), path + "/" + key);
}

/**
 * A text in both languages, stored as normalize_text makes it (docs/protocol.md, section 3):
 * `line` for titles, statements, options and labels, `multiline` for prompts, guides and
 * other paragraphs. Neither language may be empty once normalised.
 */
localized read_text(const json& j, const std::string& path, text_form form = text_form::line) {
    if (!j.is_object())
        throw invalid{path, "must be an object with 'nl' and 'en'"};
    for (const auto& [key, value] : j.items())
        if (key != "nl" && key != "en")
            throw invalid{path + "/" + key, "unexpected language (only nl and en)"};
    localized t{need_string(j, path, "nl"), need_string(j, path, "en")};
    if (!utf8_length(t.nl))
        throw invalid{path + "/nl", "is not valid UTF-8"};
    if (!utf8_length(t.en))
        throw invalid{path + "/en", "is not valid UTF-8"};
    t.nl = normalize_text(t.nl, form);
    t.en = normalize_text(t.en, form);
    if (t.nl.empty())
        throw invalid{path + "/nl", "must not be empty"};
    if (t.en.empty())
        throw invalid{path + "/en", "must not be empty"};
    return t;
}

std::optional<localized> opt_text(const json& j, const std::string& path, const char* key,
                                  text_form form = text_form::line) {
    if (!j.contains(key))
        return std::nullopt;
    return read_text(j[key], path + "/" + key, form);
}

int opt_int(const json& j, const std::string& path, const char* key, int min, int max,
            int fallback) {
    if (!j.contains(key))
        return fallback;
    const json& v = j[key];
    if (!v.is_number_integer() || v.get<std::int64_t>() < min || v.get<std::int64_t>() > max)
        throw invalid{path + "/" + key, "must be a whole number from " + std::to_string(min) +
                                            " to " + std::to_string(max)};
    return v.get<int>();
}

int opt_int(const json& j, const std::string& path, const int_setting& s) {
    return opt_int(j, path, s.key, s.lo, s.hi, s.def);
}

bool opt_bool(const json& j, const std::string& path, const char* key, bool fallback) {
    if (!j.contains(key))
        return fallback;
    if (!j[key].is_boolean())
        throw invalid{path + "/" + key, "must be true or false"};
    return j[key].get<bool>();
}

std::vector<std::string> opt_ids(const json& j, const std::string& path, const char* key) {
    std::vector<std::string> out;
    if (!j.contains(key))
        return out;
    const json& v = j[key];
    if (!v.is_array())
        throw invalid{path + "/" + key, "must be an array of ids"};
    for (std::size_t i = 0; i < v.size(); ++i)
        out.push_back(check_id(v[i], path + "/" + key + "/" + std::to_string(i)));
    return out;
}

const json& need_array(const json& j, const std::string& path, const char* key, std::size_t min,
                       std::size_t max) {
    const json& v = need(j, path, key);
    if (!v.is_array() || v.size() < min || v.size() > max)
        throw invalid{path + "/" + key, "must be an array of " + std::to_string(min) + " to " +
                                            std::to_string(max) + " entries"};
    return v;
}

/**
 * Items of a theme or step: {id, form?, under?, text, rating?} (docs/content.md, "Item
 * forms"). An item `under` a heading follows it directly (or another item under it) and
 * carries the heading's text as its group, so that no screen shows it without it.
 */
std::vector<item_def> read_items(const json& j, const std::string& path,
                                 item_form default_form = item_form::rate) {
    if (!j.is_array())
        throw invalid{path, "must be an array"};
    if (j.empty() || j.size() > 100)
        throw invalid{path, "must have 1 to 100 entries"};
    std::vector<item_def> out;
    std::set<std::string> seen;
    std::string open_heading; // the heading the previous item is or hangs under
    std::map<std::string, std::size_t> under_count;
    for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string p = path + "/" + std::to_string(i);
        item_def it;
        it.id = need_id(j[i], p, "id");
        it.text = read_text(need(j[i], p, "text"), p + "/text");
        if (!seen.insert(it.id).second)
            throw invalid{p + "/id", "duplicate id '" + it.id + "'"};
        it.form = default_form;
        if (j[i].contains("form") && !item_form_from_string(need_string(j[i], p, "form"), it.form))
            throw invalid{p + "/form", "must be rate, open, choice or heading"};
        if (auto r = opt_text(j[i], p, "rating")) {
            if (it.form != item_form::rate)
                throw invalid{p + "/rating", "only an item of form rate has a rating statement"};
            it.rating = *r;
        }
        if (j[i].contains("group")) // the older form: the heading's text itself
            it.group = read_text(j[i]["group"], p + "/group");
        if (j[i].contains("under")) {
            const std::string h = need_id(j[i], p, "under");
            if (it.form == item_form::heading)
                throw invalid{p + "/under", "a heading does not hang under another heading"};
            if (h != open_heading)
                throw invalid{p + "/under", "must name the heading directly before this item "
                                            "(or before the items under it), not '" +
                                                h + "'"};
            const auto head =
                std::find_if(out.begin(), out.end(), [&](const item_def& x) { return x.id == h; });
            it.group = head->text;
            ++under_count[h];
        } else {
            open_heading.clear();
        }
        if (it.form == item_form::heading)
            open_heading = it.id;
        out.push_back(std::move(it));
    }
    for (std::size_t i = 0; i < out.size(); ++i)
        if (out[i].form == item_form::heading && !under_count.count(out[i].id))
            throw invalid{path + "/" + std::to_string(i),
                          "heading '" + out[i].id + "' has no items under it"};
    return out;
}

/**
 * The questions of a step: its own `items`, or without them its theme's. An own item with
 * the id of a question of the step's theme takes that question's form, heading and rating
 * where it gives none (a theme written out by the agenda editor keeps how it plays).
 */
std::vector<item_def> step_questions(const json& step, const std::string& path, const theme* th) {
    if (!step.contains("items"))
        return th ? th->questions : std::vector<item_def>{};
    auto items = read_items(step["items"], path + "/items");
    if (!th)
        return items;
    const json& raw = step["items"];
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto q = std::find_if(th->questions.begin(), th->questions.end(),
                                    [&](const item_def& x) { return x.id == items[i].id; });
        if (q == th->questions.end())
            continue;
        if (!raw[i].contains("form"))
            items[i].form = q->form;
        if (!raw[i].contains("under") && !raw[i].contains("group"))
            items[i].group = q->group;
        if (!raw[i].contains("rating") && items[i].form == item_form::rate)
            items[i].rating = q->rating;
    }
    return items;
}

/**
 * Why a sentence of the wegwijzer cannot be given a colour as it stands, or "": it ends in
 * ':' (a lead-in) or one of its sentences asks an open question (Wat / Welke / Hoe …).
 * "In welke mate …?" and yes/no questions rate well.
 */
std::string unrateable(const std::string& nl) {
    std::string t = nl;
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back())))
        t.pop_back();
    if (t.ends_with(":"))
        return "ends in ':' (a lead-in: give it form heading)";
    static const std::vector<std::string> open_words = {"wat",     "welke",    "welk",    "waarom",
                                                        "wie",     "waar",     "hoe",     "wanneer",
                                                        "waarmee", "waarover", "waardoor"};
    static const std::vector<std::string> open_phrases = {"op welke", "vanuit welke", "voor welke",
                                                          "met welke"};
    std::size_t start = 0;
    while (start < t.size()) {
        std::size_t end = t.find_first_of("?!.:", start);
        if (end == std::string::npos)
            end = t.size();
        std::string sentence = t.substr(start, end - start);
        start = end + 1;
        const auto first = sentence.find_first_not_of(" \t\"'‘’“”(");
        if (first == std::string::npos)
            continue;
        sentence = sentence.substr(first);
        for (auto& ch : sentence)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const std::string word = sentence.substr(0, sentence.find(' '));
        const bool open =
            std::find(open_words.begin(), open_words.end(), word) != open_words.end() ||
            std::any_of(open_phrases.begin(), open_phrases.end(),
                        [&](const std::string& ph) { return sentence.starts_with(ph + " "); });
        if (open && t.find('?') != std::string::npos)
            return "asks an open question ('" + nl.substr(0, std::min<std::size_t>(nl.size(), 40)) +
                   "…'): give it form open, or a rating statement";
    }
    return {};
}

/** [{id, text}], min..max entries, unique ids. */
std::vector<option_def> read_options(const json& j, const std::string& path, std::size_t min,
                                     std::size_t max) {
    if (!j.is_array() || j.size() < min || j.size() > max)
        throw invalid{path, "must be an array of " + std::to_string(min) + " to " +
                                std::to_string(max) + " entries"};
    std::vector<option_def> out;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string p = path + "/" + std::to_string(i);
        option_def o{need_id(j[i], p, "id"), read_text(need(j[i], p, "text"), p + "/text")};
        if (o.id == "pass")
            throw invalid{p + "/id", "'pass' is reserved (it means: I choose not to answer)"};
        if (!seen.insert(o.id).second)
            throw invalid{p + "/id", "duplicate id '" + o.id + "'"};
        out.push_back(std::move(o));
    }
    return out;
}

std::string stem(const std::string& name) {
    const auto slash = name.find_last_of('/');
    std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
    if (base.size() > 5 && base.ends_with(".json"))
        base.resize(base.size() - 5);
    return base;
}

std::string file_id(const json& j, const std::string& file) {
    std::string id = need_id(j, "", "id");
    if (id != stem(file))
        throw invalid{"/id", "must equal the file name ('" + stem(file) + "')"};
    return id;
}

//----------------------------------------------------------------------------------------
// [SECTION] Folders

std::vector<resource> read_resources(const json& j) {
    const json& list = need(j, "", "resources");
    if (!list.is_array())
        throw invalid{"/resources", "must be an array"};
    static const std::set<std::string> categories = {"methodieken",     "rapporten", "artikels",
                                                     "boeken",          "podcasts",  "webpaginas",
                                                     "praktijkverhalen"};
    std::vector<resource> out;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string p = "/resources/" + std::to_string(i);
        const json& r = list[i];
        resource res;
        res.def.id = need_id(r, p, "id");
        if (!seen.insert(res.def.id).second)
            throw invalid{p + "/id", "duplicate id '" + res.def.id + "'"};
        res.def.category = need_string(r, p, "category");
        if (!categories.count(res.def.category))
            throw invalid{p + "/category", "unknown category '" + res.def.category + "'"};
        res.def.title = read_text(need(r, p, "title"), p + "/title");
        res.def.description =
            read_text(need(r, p, "description"), p + "/description", text_form::multiline);
        if (r.contains("url")) {
            res.def.url = need_string(r, p, "url");
            if (!res.def.url.starts_with("https://") && !res.def.url.starts_with("http://"))
                throw invalid{p + "/url", "must start with https:// or http://"};
        }
        if (r.contains("pages"))
            res.pages = need_string(r, p, "pages");
        res.serves = opt_ids(r, p, "serves");
        out.push_back(std::move(res));
    }
    return out;
}

exercise read_exercise(const json& j, const std::string& file) {
    exercise e;
    e.id = file_id(j, file);
    e.title = read_text(need(j, "", "title"), "/title");
    e.source = read_text(need(j, "", "source"), "/source");
    e.minutes = opt_int(j, "", "minutes", 1, 600, 0);
    if (!j.contains("minutes"))
        throw invalid{"/minutes", "missing"};
    e.purpose = read_text(need(j, "", "purpose"), "/purpose", text_form::multiline);
    e.guide = read_text(need(j, "", "guide"), "/guide", text_form::multiline);
    e.status = need_string(j, "", "status");
    if (e.status != "verified" && e.status != "inferred" && e.status != "assumption" &&
        e.status != "general")
        throw invalid{"/status", "must be verified, inferred, assumption or general"};
    if (auto why = opt_text(j, "", "no_template"))
        e.no_template = *why;
    return e;
}

kaart read_kaart(const json& j, const std::string& file) {
    kaart k;
    k.id = file_id(j, file);
    k.title = read_text(need(j, "", "title"), "/title");
    k.intro = read_text(need(j, "", "intro"), "/intro", text_form::multiline);
    k.offer_kinds = read_options(need(j, "", "offer_kinds"), "/offer_kinds", 1, 30);
    k.target_groups = read_options(need(j, "", "target_groups"), "/target_groups", 1, 20);
    if (j.contains("analysis"))
        k.analysis = read_options(j["analysis"], "/analysis", 0, 20);
    return k;
}

deck read_deck(const json& j, const std::string& file, const std::set<std::string>& image_files) {
    deck d;
    d.id = file_id(j, file);
    if (d.id == "eigen")
        throw invalid{"/id", "'eigen' is the deck of --images"};
    d.title = read_text(need(j, "", "title"), "/title");
    const json& images = need_array(j, "", "images", 1, 200);
    std::set<std::string> seen;
    for (std::size_t i = 0; i < images.size(); ++i) {
        const std::string p = "/images/" + std::to_string(i);
        deck_image im;
        im.id = need_id(images[i], p, "id");
        if (!seen.insert(im.id).second)
            throw invalid{p + "/id", "duplicate id '" + im.id + "'"};
        im.file = need_string(images[i], p, "file");
        if (im.file.find('/') != std::string::npos || im.file.find('\\') != std::string::npos ||
            im.file.starts_with("."))
            throw invalid{p + "/file", "must be a file name inside images/"};
        if (!is_image_file(im.file))
            throw invalid{p + "/file", "must be a .png, .jpg or .jpeg file"};
        if (!image_files.count(im.file))
            throw invalid{p + "/file", "images/" + im.file + " does not exist"};
        im.alt = read_text(need(images[i], p, "alt"), p + "/alt");
        im.people = opt_bool(images[i], p, "people", false);
        d.images.push_back(std::move(im));
    }
    return d;
}

theme read_theme(const json& j, const std::string& file) {
    theme t;
    t.id = file_id(j, file);
    t.movement = need_string(j, "", "movement");
    if (t.movement != "reflecteren" && t.movement != "verder_bouwen")
        throw invalid{"/movement", "unknown movement '" + t.movement + "'"};
    if (!j.contains("number"))
        throw invalid{"/number", "missing"};
    t.number = opt_int(j, "", "number", 1, 99, 0);
    t.title = read_text(need(j, "", "title"), "/title");
    t.intro = opt_text(j, "", "intro", text_form::multiline);
    t.questions = read_items(need(j, "", "questions"), "/questions");
    t.choice = opt_text(j, "", "choice");
    const bool has_choice =
        std::any_of(t.questions.begin(), t.questions.end(),
                    [](const item_def& q) { return q.form == item_form::choice; });
    if (has_choice && !t.choice)
        throw invalid{"/choice",
                      "missing: the question whose options are the items of form choice"};
    if (t.choice && !has_choice)
        throw invalid{"/choice", "no item of form choice to be its options"};
    if (std::count_if(t.questions.begin(), t.questions.end(),
                      [](const item_def& q) { return q.form == item_form::choice; }) == 1)
        throw invalid{"/questions", "a choice needs at least two items of form choice"};
    t.next = opt_text(j, "", "next");
    if (j.contains("tips")) {
        const json& tips = j["tips"];
        if (!tips.is_array())
            throw invalid{"/tips", "must be an array"};
        for (std::size_t i = 0; i < tips.size(); ++i)
            t.tips.push_back(read_text(tips[i], "/tips/" + std::to_string(i)));
    }
    t.links = opt_ids(j, "", "links");
    if (!t.links.empty() && t.movement != "reflecteren")
        throw invalid{"/links", "only reflection themes link to building blocks"};
    if (j.contains("link_source")) {
        t.link_source = need_string(j, "", "link_source");
        if (t.link_source != "wegwijzer" && t.link_source != "inferred")
            throw invalid{"/link_source", "must be wegwijzer or inferred"};
    }
    t.resources = opt_ids(j, "", "resources");
    return t;
}

//----------------------------------------------------------------------------------------
// [SECTION] Templates

} // namespace

/** Everything a template may refer to. */
struct content_catalog {
    const std::map<std::string, theme>& themes;
    const std::map<std::string, kaart>& kaarten;
    const std::map<std::string, exercise>& exercises;
    const std::map<std::string, deck>& decks;
    const std::vector<resource>& resources;
    bool own_deck = false; // deck eigen exists (--images): an added deck a step may name
};

namespace {

void add_paragraph(localized& out, const std::string& nl, const std::string& en) {
    if (!out.nl.empty())
        out.nl += "\n\n";
    if (!out.en.empty())
        out.en += "\n\n";
    out.nl += nl;
    out.en += en;
}

/**
 * The facilitator's guide for a step: its own guide, the exercise (title, purpose, guide), the
 * theme's 💡 tips and ⏭️ line, then timing, how sure we are of the method, and the source.
 */
localized compose_guide(const std::optional<localized>& own, const exercise* ex, const theme* th) {
    localized g;
    if (own)
        add_paragraph(g, own->nl, own->en);
    if (ex) {
        add_paragraph(g, "Werkvorm: " + ex->title.nl, "Method: " + ex->title.en);
        add_paragraph(g, "Doel: " + ex->purpose.nl, "Purpose: " + ex->purpose.en);
        add_paragraph(g, ex->guide.nl, ex->guide.en);
    }
    if (th) {
        for (const auto& tip : th->tips)
            add_paragraph(g, "💡 " + tip.nl, "💡 " + tip.en);
        if (th->next)
            add_paragraph(g, "⏭️ " + th->next->nl, "⏭️ " + th->next->en);
    }
    if (ex) {
        add_paragraph(g, "Duur: ongeveer " + std::to_string(ex->minutes) + " minuten.",
                      "Time: about " + std::to_string(ex->minutes) + " minutes.");
        if (ex->status == "assumption")
            add_paragraph(g,
                          "De wegwijzer verwijst naar deze oefening; de beschrijving ervan hadden "
                          "we niet — dit is het voorstel van Kring.",
                          "The wegwijzer refers to this exercise; we did not have its "
                          "description — this is Kring's proposal.");
        else if (ex->status == "inferred")
            add_paragraph(g, "Werkvorm afgeleid uit de bronnen.",
                          "Method inferred from the sources.");
        else if (ex->status == "general")
            add_paragraph(g,
                          "Een algemene werkvorm die de wegwijzer niet noemt: het gebruik ervan "
                          "in Kring is een voorstel van Kring.",
                          "A general method that the wegwijzer does not name: its use in Kring "
                          "is Kring's proposal.");
        add_paragraph(g, "Bron: " + ex->source.nl, "Source: " + ex->source.en);
    }
    return g;
}

/** The step's resources: its own, then its theme's, then those that serve its exercise or theme. */
std::vector<resource_def> step_resources(const std::vector<std::string>& own, const theme* th,
                                         const exercise* ex, const content_catalog& cat,
                                         const std::string& path) {
    std::vector<std::string> ids = own;
    if (th)
        ids.insert(ids.end(), th->resources.begin(), th->resources.end());
    for (const auto& r : cat.resources) {
        const bool serves =
            std::any_of(r.serves.begin(), r.serves.end(), [&](const std::string& s) {
                return (ex && s == ex->id) || (th && s == th->id);
            });
        if (serves)
            ids.push_back(r.def.id);
    }
    std::vector<resource_def> out;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (!seen.insert(ids[i]).second)
            continue;
        auto it = std::find_if(cat.resources.begin(), cat.resources.end(),
                               [&](const resource& r) { return r.def.id == ids[i]; });
        if (it == cat.resources.end())
            throw invalid{path + "/resources/" + std::to_string(i),
                          "no resource '" + ids[i] + "' in resources.json"};
        out.push_back(it->def);
    }
    return out;
}

/** The kind-specific fields of one step. `earlier` are the steps before it. */
} // namespace

//----------------------------------------------------------------------------------------
// [SECTION] A step's own fields, as each kind reads them (content_reader.hpp)

content_reader::content_reader(const json& step, std::string path, const content_catalog& cat,
                               const theme* th, const std::vector<step_def>& earlier)
    : j_(step), path_(std::move(path)), cat_(cat), theme_(th), earlier_(earlier) {
    if (!j_.is_object())
        throw invalid{path_.empty() ? "/" : path_, "must be an object"};
}

bool content_reader::has(const char* key) const {
    return j_.contains(key);
}
std::string content_reader::str(const char* key) const {
    return need_string(j_, path_, key);
}
int content_reader::setting(const int_setting& s) const {
    return opt_int(j_, path_, s);
}
int content_reader::setting(const char* key, int lo, int hi, int fallback) const {
    return opt_int(j_, path_, key, lo, hi, fallback);
}
bool content_reader::flag(const char* key, bool fallback) const {
    return opt_bool(j_, path_, key, fallback);
}
std::optional<localized> content_reader::text(const char* key, text_form form) const {
    return opt_text(j_, path_, key, form);
}
localized content_reader::need_text(const char* key) const {
    return read_text(need(j_, path_, key), path_ + "/" + key);
}
std::vector<option_def> content_reader::options(const char* key, std::size_t min,
                                                std::size_t max) const {
    return read_options(need(j_, path_, key), path_ + "/" + key, min, max);
}
content_reader content_reader::object(const char* key) const {
    return content_reader(need(j_, path_, key), path_ + "/" + key, cat_, theme_, earlier_);
}
std::vector<content_reader> content_reader::objects(const char* key, std::size_t min,
                                                    std::size_t max) const {
    const json& v = need(j_, path_, key);
    const std::string p = path_ + "/" + key;
    if (!v.is_array() || v.size() < min || v.size() > max)
        throw invalid{p, "must be an array of " + std::to_string(min) + " to " +
                             std::to_string(max) + " objects"};
    std::vector<content_reader> out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        out.emplace_back(v[i], p + "/" + std::to_string(i), cat_, theme_, earlier_);
    return out;
}
double content_reader::number(const char* key, double lo, double hi, double fallback) const {
    const auto it = j_.find(key);
    if (it == j_.end())
        return fallback;
    if (!it->is_number() || !(it->get<double>() >= lo && it->get<double>() <= hi))
        throw invalid{path_ + "/" + key,
                      "must be a number from " + json(lo).dump() + " to " + json(hi).dump()};
    return it->get<double>();
}

std::vector<item_def> content_reader::rated_items(bool check_wording) const {
    if (!j_.contains("items") && !theme_)
        throw invalid{path_ + "/items", "missing (give 'items' or 'theme')"};
    const std::vector<item_def> all = step_questions(j_, path_, theme_);
    const std::string where =
        j_.contains("items") ? path_ + "/items" : "themes/" + theme_->id + ".json: /questions";
    std::vector<item_def> out;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (all[i].form == item_form::heading)
            continue;
        if (all[i].form != item_form::rate) {
            // A theme's open questions and choices go to the round's other steps.
            if (!theme_)
                throw invalid{where + "/" + std::to_string(i) + "/form",
                              "a step's own items are rated (or headings); open questions "
                              "and choices belong in an open_text or choice step"};
            continue;
        }
        if (check_wording && all[i].rating.empty())
            if (const std::string why = unrateable(all[i].text.nl); !why.empty())
                throw invalid{where + "/" + std::to_string(i) + "/text", why};
        out.push_back(all[i]);
    }
    if (out.empty())
        throw invalid{where, "has no item of form rate"};
    return out;
}

std::vector<item_def> content_reader::talk_items() const {
    if (!j_.contains("items"))
        return {};
    const auto all = read_items(j_["items"], path_ + "/items", item_form::open);
    std::vector<item_def> out;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (all[i].form == item_form::heading)
            continue;
        if (all[i].form != item_form::open)
            throw invalid{path_ + "/items/" + std::to_string(i) + "/form",
                          "an open_text step's items are open questions (form open) or headings"};
        out.push_back(all[i]);
    }
    return out;
}
const theme* content_reader::step_theme() const {
    return theme_;
}
std::vector<image_def> content_reader::deck(const char* key) const {
    const std::string deck_id = str(key);
    auto it = cat_.decks.find(deck_id);
    if (it == cat_.decks.end()) {
        if (deck_id == "eigen")
            throw unsupported{path_ + "/" + key, "deck 'eigen' needs --images DIR"};
        throw invalid{path_ + "/" + key, "no deck '" + deck_id + "'"};
    }
    std::vector<image_def> out;
    for (const auto& im : it->second.images)
        out.push_back(
            {im.id, deck_id == "eigen" ? own_image_url(im.file) : image_url(im.file), im.alt});
    return out;
}
const kaart& content_reader::kaart_named(const char* key, const char* fallback) const {
    const std::string id = has(key) ? str(key) : std::string(fallback);
    auto it = cat_.kaarten.find(id);
    if (it == cat_.kaarten.end())
        throw invalid{path_ + "/" + key, "no kaart '" + id + "'"};
    return it->second;
}
const step_def* content_reader::earlier(const std::string& step_id) const {
    auto it = std::find_if(earlier_.begin(), earlier_.end(),
                           [&](const step_def& e) { return e.id == step_id; });
    return it == earlier_.end() ? nullptr : &*it;
}
void content_reader::refuse(const char* key, const std::string& message) const {
    throw invalid{key ? path_ + "/" + key : path_, message};
}

namespace {

namespace {

/**
 * The steps a theme adds after its rated step (docs/content.md, "Item forms"): its choice,
 * then its open questions to talk about, in the wegwijzer's order.
 */
std::vector<step_def> theme_round(const theme& th, const step_def& rated,
                                  const std::vector<item_def>& questions) {
    std::vector<step_def> out;
    std::vector<option_def> options;
    std::vector<item_def> talk;
    for (const auto& q : questions) {
        if (q.form == item_form::choice)
            options.push_back({q.id, q.text});
        else if (q.form == item_form::open)
            talk.push_back(q);
    }
    if (!options.empty()) {
        step_def d;
        d.id = rated.id + "-keuze";
        d.kind = activity_kind::choice;
        d.title = th.choice.value_or(
            localized{"Wat geldt het meest voor jullie?", "What applies most to you?"});
        d.prompt = default_prompt(d.kind);
        d.options = std::move(options);
        add_paragraph(
            d.guide,
            "Iedereen kiest wat voor jullie team het meest geldt en zegt in een zin waarom. "
            "Toon de resultaten en bespreek vooral waar de keuzes uiteenlopen: dat zegt iets "
            "over hoe verschillend jullie naar de eigen werking kijken. Er is geen goed antwoord.",
            "Everyone chooses what applies most to your team and says in one sentence why. "
            "Show the results and talk above all about where the choices differ: that says "
            "something about how differently you see your own work. There is no right answer.");
        add_paragraph(
            d.guide,
            "De vraag is de formulering van Kring; de opties zijn de vragen van de "
            "wegwijzer.",
            "The question is Kring's wording; the options are the wegwijzer's questions.");
        out.push_back(std::move(d));
    }
    if (!talk.empty()) {
        step_def d;
        d.id = rated.id + "-gesprek";
        d.kind = activity_kind::open_text;
        d.title = {"Om over te praten: " + th.title.nl, "To talk about: " + th.title.en};
        d.prompt = {"Praat eerst samen over deze vragen. Schrijf daarna op wat je wilt "
                    "onthouden: een inzicht, een vraag of een idee.",
                    "First talk about these questions together. Then write down what you want "
                    "to keep: an insight, a question or an idea."};
        d.items = std::move(talk);
        add_paragraph(
            d.guide,
            "Een open ronde: deze vragen krijgen geen kleur, ze vragen om een gesprek. Kies "
            "samen een of twee vragen die nu het meest leven. Laat eerst twee of drie minuten "
            "in tweetallen praten, haal dan op in de groep: vraag naar voorbeelden uit de eigen "
            "werking, niet naar het juiste antwoord. Wie wil, schrijft daarna een kaartje; toon "
            "de kaartjes, voeg samen wat bij elkaar hoort en verberg wat niet voor iedereen "
            "bedoeld is.",
            "An open round: these questions get no colour, they call for a conversation. Choose "
            "together one or two questions that matter most right now. Let people talk in pairs "
            "for two or three minutes first, then gather in the group: ask for examples from "
            "your own work, not for the right answer. Whoever wants to then writes a card; show "
            "the cards, merge what belongs together and hide what is not meant for everyone.");
        out.push_back(std::move(d));
    }
    return out;
}

} // namespace

template_def read_template(const json& j, const std::string& file, const content_catalog& cat) {
    template_def t;
    t.id = file_id(j, file);
    t.title = read_text(need(j, "", "title"), "/title");
    t.description = read_text(need(j, "", "description"), "/description", text_form::multiline);
    // Where it belongs, how long it takes and what it needs: for the template picker.
    if (j.contains("movement")) {
        t.movement = need_string(j, "", "movement");
        if (std::none_of(std::begin(template_movements), std::end(template_movements),
                         [&](const char* m) { return t.movement == m; }))
            throw invalid{"/movement", "must be geheel, in_kaart, reflecteren or verder_bouwen"};
    }
    t.minutes = opt_int(j, "", "minutes", 1, 600, 0);
    if (j.contains("needs")) {
        const json& needs = j["needs"];
        if (!needs.is_array())
            throw invalid{"/needs", "must be an array"};
        for (std::size_t i = 0; i < needs.size(); ++i) {
            const std::string p = "/needs/" + std::to_string(i);
            if (!needs[i].is_string() ||
                std::none_of(std::begin(template_needs), std::end(template_needs),
                             [&](const char* n) { return needs[i] == n; }))
                throw invalid{p, "must be paper, walk, photos or reading"};
            if (std::find(t.needs.begin(), t.needs.end(), needs[i]) != t.needs.end())
                throw invalid{p, "is named twice"};
            t.needs.push_back(needs[i]);
        }
    }
    t.agenda.template_id = t.id;
    t.agenda.title = t.title;
    const json& steps = need_array(j, "", "steps", 1, 50);
    std::set<std::string> seen;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const std::string p = "/steps/" + std::to_string(i);
        const json& sj = steps[i];
        step_def d;
        d.id = need_id(sj, p, "id");
        if (!seen.insert(d.id).second)
            throw invalid{p + "/id", "duplicate step id '" + d.id + "'"};
        const std::string kind = need_string(sj, p, "kind");
        d.kind = activity_kind_from_string(kind);
        // Skipped, not fatal: content may be newer than this server.
        if (d.kind == activity_kind::unknown)
            throw unsupported{p + "/kind", "kind '" + kind + "' is not supported by this version"};
        const theme* th = nullptr;
        if (sj.contains("theme")) {
            if (!has_items(d.kind))
                throw invalid{p + "/theme", "only traffic_light and scale steps take a theme"};
            const std::string tid = need_string(sj, p, "theme");
            auto it = cat.themes.find(tid);
            if (it == cat.themes.end())
                throw invalid{p + "/theme", "no theme '" + tid + "'"};
            th = &it->second;
            if (d.kind == activity_kind::traffic_light)
                d.theme = tid;
        }
        if (sj.contains("title"))
            d.title = read_text(sj["title"], p + "/title");
        else if (th)
            d.title = th->title;
        else
            throw invalid{p + "/title", "missing (give 'title' or 'theme')"};
        d.prompt = sj.contains("prompt")
                       ? read_text(sj["prompt"], p + "/prompt", text_form::multiline)
                       : default_prompt(d.kind);
        // The scene: the step's own intro, then its building block's lead (the kinds may add).
        if (auto in = opt_text(sj, p, "intro", text_form::multiline))
            d.intro = *in;
        if (th && th->intro)
            add_paragraph(d.intro, *th->intro);
        const content_reader fields(sj, p, cat, th, t.agenda.steps);
        with_kind(d.kind, [&]<class R>(std::type_identity<R>) { R::read_definition(d, fields); });

        const exercise* ex = nullptr;
        if (sj.contains("exercise")) {
            const std::string eid = need_string(sj, p, "exercise");
            auto it = cat.exercises.find(eid);
            if (it == cat.exercises.end())
                throw invalid{p + "/exercise", "no exercise '" + eid + "'"};
            ex = &it->second;
        }
        d.guide = compose_guide(opt_text(sj, p, "guide", text_form::multiline), ex, th);
        d.resources = step_resources(opt_ids(sj, p, "resources"), th, ex, cat, p);
        std::vector<step_def> round;
        if (th)
            round = theme_round(*th, d, step_questions(sj, p, th));
        t.agenda.steps.push_back(std::move(d));
        for (auto& extra : round) {
            if (!seen.insert(extra.id).second)
                throw invalid{p + "/id",
                              "the theme's step '" + extra.id + "' has the id of another step"};
            t.agenda.steps.push_back(std::move(extra));
        }
        if (t.agenda.steps.size() > 50)
            throw invalid{"/steps", "more than 50 steps with the themes' rounds"};
    }
    return t;
}

/** An id for an own photo: its name in lower case, other characters as '-'. */
std::string own_image_id(const std::string& file, std::set<std::string>& taken) {
    std::string base = file.substr(0, file.rfind('.'));
    std::string id;
    for (char ch : base) {
        const auto c = static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(ch)));
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (ok)
            id.push_back(static_cast<char>(c));
        else if (!id.empty() && id.back() != '-')
            id.push_back('-');
    }
    while (!id.empty() && id.back() == '-')
        id.pop_back();
    if (id.empty())
        id = "beeld";
    if (id.size() > 34)
        id.resize(34);
    std::string out = id;
    for (int n = 2; !taken.insert(out).second; ++n)
        out = id + "-" + std::to_string(n);
    return out;
}

} // namespace

//----------------------------------------------------------------------------------------
// [SECTION] load_content

std::variant<content_bundle, content_error> load_content(const std::vector<content_file>& files,
                                                         const load_options& opt) {
    content_bundle out;
    std::set<std::string> image_files;
    struct parsed {
        const content_file* f;
        json j;
    };
    std::vector<parsed> themes, kaarten, exercises, decks, templates, resources;
    for (const auto& f : files) {
        if (f.name.starts_with("images/")) {
            if (f.name.find('/', 7) == std::string::npos)
                image_files.insert(f.name.substr(7));
            continue;
        }
        if (!f.name.ends_with(".json"))
            continue; // notes beside the content (CORRECTIONS.md, ...)
        std::vector<parsed>* into = nullptr;
        if (f.name.starts_with("themes/"))
            into = &themes;
        else if (f.name.starts_with("templates/"))
            into = &templates;
        else if (f.name.starts_with("kaart/"))
            into = &kaarten;
        else if (f.name.starts_with("exercises/"))
            into = &exercises;
        else if (f.name.starts_with("decks/"))
            into = &decks;
        else if (f.name == "resources.json")
            into = &resources;
        else
            return content_error{f.name, "",
                                 "content files live in themes/, templates/, kaart/, exercises/, "
                                 "decks/ or resources.json"};
        json j = json::parse(f.text, nullptr, false);
        if (j.is_discarded())
            return content_error{f.name, "", "not valid JSON"};
        into->push_back({&f, std::move(j)});
    }
    const std::string* current = nullptr;
    try {
        for (const auto& [f, j] : resources) {
            current = &f->name;
            out.resources = read_resources(j);
        }
        for (const auto& [f, j] : exercises) {
            current = &f->name;
            exercise e = read_exercise(j, f->name);
            out.exercises.emplace(e.id, std::move(e));
        }
        for (const auto& [f, j] : kaarten) {
            current = &f->name;
            kaart k = read_kaart(j, f->name);
            out.kaarten.emplace(k.id, std::move(k));
        }
        for (const auto& [f, j] : decks) {
            current = &f->name;
            deck d = read_deck(j, f->name, image_files);
            out.decks.emplace(d.id, std::move(d));
        }
        for (const auto& [f, j] : themes) {
            current = &f->name;
            theme t = read_theme(j, f->name);
            if (out.themes.count(t.id))
                throw invalid{"/id", "duplicate theme id"};
            out.themes.emplace(t.id, std::move(t));
        }
        // Cross-references, now that everything is read.
        for (const auto& [f, j] : themes) {
            current = &f->name;
            const theme& t = out.themes.at(stem(f->name));
            for (std::size_t i = 0; i < t.links.size(); ++i) {
                auto it = out.themes.find(t.links[i]);
                if (it == out.themes.end() || it->second.movement != "verder_bouwen")
                    throw invalid{"/links/" + std::to_string(i),
                                  "no building block '" + t.links[i] + "'"};
            }
            for (std::size_t i = 0; i < t.resources.size(); ++i)
                if (std::none_of(out.resources.begin(), out.resources.end(),
                                 [&](const resource& r) { return r.def.id == t.resources[i]; }))
                    throw invalid{"/resources/" + std::to_string(i),
                                  "no resource '" + t.resources[i] + "' in resources.json"};
        }
        for (const auto& [f, j] : resources) {
            current = &f->name;
            for (std::size_t i = 0; i < out.resources.size(); ++i)
                for (std::size_t k = 0; k < out.resources[i].serves.size(); ++k) {
                    const std::string& s = out.resources[i].serves[k];
                    if (!out.themes.count(s) && !out.exercises.count(s))
                        throw invalid{"/resources/" + std::to_string(i) + "/serves/" +
                                          std::to_string(k),
                                      "no theme, building block or exercise '" + s + "'"};
                }
        }
    } catch (const invalid& e) {
        return content_error{current ? *current : "", e.path.empty() ? "/" : e.path, e.message};
    }

    // The building blocks, in their order.
    std::vector<const theme*> blocks;
    for (const auto& [id, t] : out.themes)
        if (t.movement == "verder_bouwen")
            blocks.push_back(&t);
    std::sort(blocks.begin(), blocks.end(), [](const theme* a, const theme* b) {
        return a->number != b->number ? a->number < b->number : a->id < b->id;
    });
    for (const theme* b : blocks)
        out.blocks.push_back({b->id, b->title});

    // The facilitator's own photos.
    if (!opt.own_images.empty()) {
        deck own;
        own.id = "eigen";
        own.title = {"Eigen beelden", "Own images"};
        std::set<std::string> taken;
        std::vector<std::string> names = opt.own_images;
        std::sort(names.begin(), names.end());
        for (const auto& name : names) {
            if (!is_image_file(name) || name.find('/') != std::string::npos)
                continue;
            const std::string base = name.substr(0, name.rfind('.'));
            // A file name is no text anyone checked: its alt text follows the rule too.
            const std::string alt = normalize_text(base, text_form::line);
            own.images.push_back({own_image_id(name, taken), name, {alt, alt}});
        }
        if (!own.images.empty())
            out.decks["eigen"] = std::move(own);
    }

    const content_catalog cat{out.themes, out.kaarten,   out.exercises,
                              out.decks,  out.resources, out.decks.count("eigen") > 0};
    for (const auto& [f, j] : templates) {
        try {
            template_def t = read_template(j, f->name, cat);
            t.agenda.blocks = out.blocks;
            if (out.templates.count(t.id))
                return content_error{f->name, "/id", "duplicate template id"};
            out.templates.emplace(t.id, std::move(t));
        } catch (const invalid& e) {
            return content_error{f->name, e.path.empty() ? "/" : e.path, e.message};
        } catch (const unsupported& e) {
            out.warnings.push_back(f->name + ": " + e.path + ": " + e.message +
                                   " (template skipped)");
        }
    }
    if (out.templates.empty())
        return content_error{"templates/", "", "no template found"};
    return out;
}

std::variant<template_def, content_error> load_template(const std::string& json_text,
                                                        const content_bundle& content) {
    const json j = json::parse(json_text, nullptr, false);
    std::string file = "templates/template.json";
    if (j.is_discarded())
        return content_error{file, "/", "not valid JSON"};
    // The id stands in for the file name; read_template checks it like any other id.
    if (j.is_object() && j.contains("id") && j["id"].is_string())
        file = "templates/" + j["id"].get<std::string>() + ".json";
    const content_catalog cat{content.themes, content.kaarten,   content.exercises,
                              content.decks,  content.resources, content.decks.count("eigen") > 0};
    try {
        template_def t = read_template(j, file, cat);
        t.agenda.blocks = content.blocks;
        return t;
    } catch (const invalid& e) {
        return content_error{file, e.path.empty() ? "/" : e.path, e.message};
    } catch (const unsupported& e) {
        return content_error{file, e.path.empty() ? "/" : e.path, e.message};
    } catch (const json::exception& e) {
        return content_error{file, "/", e.what()};
    }
}

} // namespace kring
