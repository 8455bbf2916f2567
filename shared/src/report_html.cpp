// [SECTION] Index
// - escaping and the page's CSS
// - SVG charts: stacked traffic-light bars, horizontal count bars
// - one section per kind, then the page
//
// The page must work as a file on its own, years later, on any computer and on paper: so
// inline CSS and SVG only, no script, no font or image from elsewhere, light colours, and
// every colour also said in words.
#include "kring/report.hpp"

#include "report_internal.hpp"

#include "kring/rules.hpp"

#include <algorithm>
#include <sstream>

using nlohmann::json;

namespace kring {

namespace {

using namespace report_detail;

//----------------------------------------------------------------------------------------
// [SECTION] Escaping and CSS

/**
 * Text as HTML shows it literally. Every text goes through normalize_text first (keeping
 * its lines, which a note shows), whatever it is and whenever it was stored: no control
 * character or bidi control reaches the page.
 */
std::string esc(const std::string& raw) {
    return html_escape(normalize_text(raw, text_form::multiline));
}

std::string str(const json& j, const char* key) {
    return j.is_object() ? j.value(key, std::string()) : std::string();
}

constexpr const char* css = R"(
body { font-family: "Segoe UI", Arial, Helvetica, sans-serif; color: #1a1a1a; background: #fff;
       max-width: 60rem; margin: 0 auto; padding: 1.5rem; line-height: 1.45; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid #d8d8d8; padding-bottom: .2rem; margin-top: 2rem; }
.meta, .prompt { color: #444; }
.withheld { font-style: italic; background: #f4f4f4; padding: .5rem .8rem; border-left: 4px solid #999; }
.note { background: #fffbe6; border-left: 4px solid #e0b400; padding: .5rem .8rem; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; vertical-align: top; padding: .3rem .4rem; border-bottom: 1px solid #e4e4e4; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.chart { width: 410px; }
svg { max-width: 100%; height: auto; display: block; }
svg text { font-family: Arial, Helvetica, sans-serif; font-size: 12px; fill: #111; }
.words { font-size: .85rem; color: #333; }
.gap { background: #fdecea; font-weight: bold; }
.verdict-solid { border-left: 6px solid #1b7a3a; padding-left: .6rem; }
.verdict-mixed { border-left: 6px solid #ef8f00; padding-left: .6rem; }
.verdict-work_first { border-left: 6px solid #b0261c; padding-left: .6rem; }
ul.cards li { margin: .15rem 0; }
.photos { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .8rem; }
.photos figure { margin: 0; }
svg.plan { width: 100%; max-width: 40rem; height: auto; display: block; }
.legend { list-style: none; padding: 0; }
.photos img { width: 100%; height: auto; border-radius: .3rem; }
.photos figcaption { font-size: .9rem; margin-top: .2rem; }
table.matrix { table-layout: fixed; font-size: .85rem; }
table.matrix th, table.matrix td { white-space: normal; overflow-wrap: anywhere; hyphens: auto;
                                   padding: .25rem .2rem; }
table.matrix th:first-child { width: 28%; }
@media print {
  table.matrix { font-size: 8pt; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  section.step { break-before: page; page-break-before: always; }
  tr, li, svg { break-inside: avoid; page-break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)";

//----------------------------------------------------------------------------------------
// [SECTION] SVG charts

constexpr int bar_width = 400;

struct segment {
    const char* colour; // fill
    const char* mark;   // a sign inside the bar, so the colour is not the only cue
    std::string value;  // data-value
    std::uint32_t count;
};

/** One bar of segments side by side, each as wide as its share of the total. */
std::string stacked_bar(const std::vector<segment>& parts, const std::string& label) {
    std::uint32_t total = 0;
    for (const auto& p : parts)
        total += p.count;
    std::ostringstream o;
    o << "<svg class=\"stacked\" role=\"img\" aria-label=\"" << esc(label) << "\" viewBox=\"0 0 "
      << bar_width << " 22\" width=\"" << bar_width << "\" height=\"22\">";
    o << "<rect x=\"0\" y=\"0\" width=\"" << bar_width
      << "\" height=\"22\" fill=\"none\" stroke=\"#bbb\"/>";
    double x = 0;
    for (const auto& p : parts) {
        if (p.count == 0 || total == 0)
            continue;
        const double w = double(bar_width) * p.count / total;
        o << "<rect class=\"seg\" data-value=\"" << p.value << "\" data-count=\"" << p.count
          << "\" x=\"" << x << "\" y=\"0\" width=\"" << w << "\" height=\"22\" fill=\"" << p.colour
          << "\"/>";
        // White text: every colour of the traffic light is dark enough for it (rules.cpp).
        if (w >= 30)
            o << "<text x=\"" << x + 4 << "\" y=\"15\" style=\"fill:#fff\">" << p.mark << " "
              << p.count << "</text>";
        x += w;
    }
    o << "</svg>";
    return o.str();
}

/** A horizontal bar as wide as count / max of the chart. */
std::string count_bar(std::uint32_t count, std::uint32_t max, const std::string& label) {
    const double w = max == 0 ? 0.0 : double(bar_width) * count / max;
    std::ostringstream o;
    o << "<svg class=\"bar\" role=\"img\" aria-label=\"" << esc(label) << ": " << count
      << "\" viewBox=\"0 0 " << bar_width << " 18\" width=\"" << bar_width
      << "\" height=\"18\"><rect class=\"fill\" data-count=\"" << count
      << "\" x=\"0\" y=\"0\" width=\"" << w << "\" height=\"18\" fill=\"#3b6fb6\"/></svg>";
    return o.str();
}

/** The traffic light's colours and icons as every screen shows them (rules.hpp). */
std::vector<segment> light_segments(const json& t) {
    std::vector<segment> out;
    for (const auto& w : kring::light_words())
        out.push_back({w.colour.c_str(), w.icon.c_str(), w.id, t.value(w.id, 0u)});
    return out;
}

std::string light_counts(const json& t, lang l, const char* suffix = "") {
    std::ostringstream o;
    const char* colours[] = {"green", "orange", "red", "pass"};
    for (std::size_t i = 0; i < 4; ++i) {
        if (i == 3 && !t.contains("pass"))
            break;
        o << (i ? " · " : "") << light_name(l, colours[i]) << " " << t.value(colours[i], 0)
          << suffix;
    }
    return o.str();
}

/** Rows of label, bar and number for counted results (choice, image_choice, dot_vote). */
std::string count_table(const json& list, const json& names, const char* key, const char* count_key,
                        const char* unit) {
    std::uint32_t max = 0;
    for (const auto& e : list)
        max = std::max(max, e.value(count_key, 0u));
    std::ostringstream o;
    o << "<table class=\"counts\">";
    for (const auto& e : list) {
        const std::string label = text_of(names, e.value(key, ""));
        const std::uint32_t n = e.value(count_key, 0u);
        o << "<tr><td>" << esc(label) << "</td><td class=\"chart\">" << count_bar(n, max, label)
          << "</td><td class=\"num\">" << n << " " << unit << "</td></tr>";
    }
    o << "</table>";
    return o.str();
}

//----------------------------------------------------------------------------------------
// [SECTION] Sections per kind

std::string traffic_light_html(const json& st, lang l) {
    std::ostringstream o;
    o << "<table class=\"statements\"><tr><th>" << tr(l, "Vraag", "Question") << "</th><th>"
      << tr(l, "Groen / oranje / rood / pas", "Green / orange / red / pass") << "</th></tr>";
    for (const auto& it : st["result"].value("items", json::array())) {
        const std::string text = text_of(st["definition"]["items"], it.value("item", ""));
        o << "<tr><td>" << esc(text) << "</td><td class=\"chart\">"
          << stacked_bar(light_segments(it), text) << "<div class=\"words\">" << light_counts(it, l)
          << "</div></td></tr>";
    }
    o << "</table>";
    return o.str();
}

std::string scale_html(const json& st, lang l) {
    const json& def = st["definition"];
    const int min = def.value("min", 1);
    std::ostringstream o;
    for (const auto& it : st["result"].value("items", json::array())) {
        o << "<h3>" << esc(text_of(def["items"], it.value("item", ""))) << "</h3>";
        json rows = json::array();
        json names = json::array();
        const auto& counts = it["counts"];
        for (std::size_t i = 0; i < counts.size(); ++i) {
            std::string v = std::to_string(min + static_cast<int>(i));
            if (i == 0 && !str(def["labels"], "min").empty())
                names.push_back({{"id", v}, {"text", v + " (" + str(def["labels"], "min") + ")"}});
            else if (i + 1 == counts.size() && !str(def["labels"], "max").empty())
                names.push_back({{"id", v}, {"text", v + " (" + str(def["labels"], "max") + ")"}});
            rows.push_back({{"id", v}, {"count", counts[i]}});
        }
        rows.push_back({{"id", "pass"}, {"count", it.value("pass", 0)}});
        names.push_back({{"id", "pass"}, {"text", light_name(l, "pass")}});
        o << count_table(rows, names, "id", "count", "") << "<p class=\"words\">"
          << tr(l, "Mediaan", "Median") << ": "
          << (it["median"].is_number() ? decimal(l, it["median"].get<double>()) : "–") << "</p>";
    }
    return o.str();
}

std::string reasons_html(const json& reasons, const json& names, lang l) {
    if (!reasons.is_array() || reasons.empty())
        return {};
    std::ostringstream o;
    o << "<h3>" << tr(l, "Waarom", "Why") << "</h3><ul class=\"cards\">";
    for (const auto& r : reasons)
        o << "<li>" << esc(text_of(names, r.value("option", ""))) << ": "
          << esc(r.value("text", "")) << "</li>";
    o << "</ul>";
    return o.str();
}

std::string inventory_html(const json& st, lang l) {
    const json& r = st["result"];
    const json& def = st["definition"];
    const json& m = r["matrix"];
    std::ostringstream o;
    o << "<table class=\"matrix\"><tr><th>" << tr(l, "Soort aanbod", "Kind of offer") << "</th>";
    for (const auto& g : m.value("groups", json::array()))
        o << "<th class=\"num\">" << esc(text_of(def["target_groups"], g)) << "</th>";
    o << "</tr>";
    const json kinds = m.value("kinds", json::array());
    const json counts = m.value("counts", json::array());
    for (std::size_t k = 0; k < kinds.size(); ++k) {
        o << "<tr><th>" << esc(text_of(def["offer_kinds"], kinds[k])) << "</th>";
        if (k < counts.size())
            for (const auto& n : counts[k]) {
                if (n.get<int>() == 0)
                    o << "<td class=\"num gap\">0<br>" << tr(l, "leemte", "gap") << "</td>";
                else
                    o << "<td class=\"num\">" << n << "</td>";
            }
        o << "</tr>";
    }
    o << "</table>";
    if (!r.value("entries", json::array()).empty()) {
        auto names = [&](const char* key, const char* list) {
            std::string out;
            for (const auto& id : r.value(key, json::array()))
                out += (out.empty() ? "" : ", ") + esc(text_of(def[list], id));
            return out;
        };
        if (const std::string u = names("unreached", "target_groups"); !u.empty())
            o << "<p class=\"gaps\"><strong>" << tr(l, "Niemand bereikt", "Nobody reaches")
              << ":</strong> " << u << "</p>";
        if (const std::string u = names("unnamed", "offer_kinds"); !u.empty())
            o << "<p class=\"gaps\"><strong>"
              << tr(l, "Soorten aanbod die niemand noemde", "Kinds of offer nobody named")
              << ":</strong> " << u << "</p>";
    }
    o << "<ul class=\"cards\">";
    for (const auto& e : r.value("entries", json::array())) {
        o << "<li><strong>" << esc(e.value("name", "")) << "</strong> ("
          << esc(text_of(def["offer_kinds"], e.value("kind", ""))) << ")";
        if (!e.value("place", "").empty())
            o << ", " << esc(e.value("place", ""));
        if (!e.value("goals", "").empty())
            o << " — " << esc(e.value("goals", ""));
        o << "</li>";
    }
    o << "</ul>";
    return o.str();
}

std::string actions_table(const json& actions, lang l) {
    std::ostringstream o;
    o << "<table class=\"actions\"><tr><th>" << tr(l, "Wat", "What") << "</th><th>"
      << tr(l, "Wie", "Who") << "</th><th>" << tr(l, "Wanneer", "When") << "</th></tr>";
    for (const auto& a : actions)
        o << "<tr><td>" << esc(a.value("what", "")) << "</td><td>" << esc(a.value("who", ""))
          << "</td><td>" << esc(a.value("when", "")) << "</td></tr>";
    o << "</table>";
    return o.str();
}

/** A data URI as the server makes it: a JPEG in base64, nothing else (it goes in an attribute). */
bool jpeg_data_uri(const std::string& uri) {
    constexpr std::string_view prefix = "data:image/jpeg;base64,";
    if (!std::string_view(uri).starts_with(prefix) || uri.size() == prefix.size())
        return false;
    return std::all_of(uri.begin() + static_cast<std::ptrdiff_t>(prefix.size()), uri.end(),
                       [](char c) {
                           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                  (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
                       });
}

/** The approved photos of a photo step: each with its caption and category. */
std::string photos_html(const json& st, lang l, const report_photos& photos) {
    const json& r = st["result"];
    std::ostringstream o;
    const json list = r.value("photos", json::array());
    if (list.empty()) {
        o << "<p class=\"meta\">" << tr(l, "Geen goedgekeurde foto’s.", "No approved photos.")
          << "</p>";
        return o.str();
    }
    o << "<div class=\"photos\">";
    for (const auto& p : list) {
        const std::string caption = p.value("caption", "");
        const std::string category =
            text_of(st["definition"]["categories"], p.value("category", ""));
        o << "<figure>";
        const auto it = photos.find(p.value("id", ""));
        if (it != photos.end() && jpeg_data_uri(it->second))
            o << "<img src=\"" << it->second << "\" alt=\"" << esc(caption) << "\">";
        o << "<figcaption>" << esc(caption);
        if (!category.empty())
            o << " <span class=\"words\">(" << esc(category) << ")</span>";
        o << "</figcaption></figure>";
    }
    o << "</div>";
    return o.str();
}

/** An image choice's own images (the facilitator's photos), each with its caption and count. */
std::string own_images_html(const json& st, lang l, const report_photos& photos) {
    std::ostringstream o;
    bool any = false;
    for (const auto& im : st["definition"].value("images", json::array())) {
        if (!im.value("own", false))
            continue;
        if (!any)
            o << "<div class=\"photos\">";
        any = true;
        const std::string id = im.value("id", "");
        const std::string caption = im.value("text", "");
        std::uint32_t count = 0;
        const json& res = st["result"]; // null when withheld
        for (const auto& c : res.is_object() ? res.value("images", json::array()) : json::array())
            if (c.value("image", "") == id)
                count = c.value("count", 0u);
        o << "<figure>";
        const auto it = photos.find(id);
        if (it != photos.end() && jpeg_data_uri(it->second))
            o << "<img src=\"" << it->second << "\" alt=\"" << esc(caption) << "\">";
        o << "<figcaption>" << esc(caption) << " <span class=\"words\">(" << count << " "
          << tr(l, "keer gekozen", "times chosen") << ")</span></figcaption></figure>";
    }
    if (any)
        o << "</div>";
    return o.str();
}

/** A tone's colour and icon (rules.hpp pin_tones); grey and a dot for an unknown tone. */
std::pair<std::string, std::string> tone_of(const json& categories, const std::string& id) {
    for (const auto& c : categories)
        if (c.value("id", "") == id)
            if (const pin_tone* t = find_pin_tone(pin_tones(), c.value("tone", "")))
                return {t->colour, t->icon};
    return {"#5b6170", "\u25CF"};
}

/** A number in SVG: two decimals at most. */
std::string svg_num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

/**
 * A floor plan step: the plan drawn as SVG (the rooms, the heat map and pins per category,
 * the routes per time slot), then the legend with counts and the pins' comments.
 */
std::string floor_plan_html(const json& st, lang l, const report_photos& photos) {
    const json& r = st["result"];
    const json& def = st["definition"];
    const json cats = def.value("categories", json::array());
    const json slots = def.value("slots", json::array());
    // The facilitator's own plan image, when the report carries it, instead of drawn rooms.
    const json image = st.value("plan_image", json::object());
    const auto uri = photos.find(image.value("id", ""));
    const bool own = uri != photos.end() && jpeg_data_uri(uri->second) &&
                     image.value("width", 0) > 0 && image.value("height", 0) > 0;
    const double aspect =
        own ? std::clamp(image.value("width", 1.0) / image.value("height", 1.0), 0.5, 3.0)
            : def.value("aspect", 1.5);
    const double w = 600, h = w / aspect;
    const json pins = r.value("pins", json::array());
    const json routes = r.value("routes", json::array());
    std::ostringstream o;
    o << "<svg class=\"plan\" viewBox=\"0 0 " << svg_num(w) << ' ' << svg_num(h)
      << "\" role=\"img\" aria-label=\"" << esc(tr(l, "Het plan", "The plan")) << "\">"
      << "<rect x=\"0\" y=\"0\" width=\"" << svg_num(w) << "\" height=\"" << svg_num(h)
      << "\" fill=\"#fbfaf7\" stroke=\"#5b6170\"/>";
    if (own)
        o << "<image href=\"" << uri->second << "\" x=\"0\" y=\"0\" width=\"" << svg_num(w)
          << "\" height=\"" << svg_num(h) << "\" preserveAspectRatio=\"none\"/>";
    for (const auto& a : own ? json::array() : def.value("areas", json::array()))
        o << "<rect x=\"" << svg_num(a.value("x", 0.0) * w) << "\" y=\""
          << svg_num(a.value("y", 0.0) * h) << "\" width=\"" << svg_num(a.value("w", 0.0) * w)
          << "\" height=\"" << svg_num(a.value("h", 0.0) * h)
          << "\" fill=\"#f1efe8\" stroke=\"#9aa0aa\"/><text x=\""
          << svg_num(a.value("x", 0.0) * w + 6) << "\" y=\"" << svg_num(a.value("y", 0.0) * h + 16)
          << "\" font-size=\"12\" fill=\"#444\">" << esc(a.value("text", "")) << "</text>";
    // The heat map: each category's cells in its colour, stronger where more pins are.
    const json heat = r.value("heat", json::object());
    const int cols = heat.value("cols", 0), rows = heat.value("rows", 0);
    const json heat_cells = heat.value("cells", json::object());
    if (cols > 0 && rows > 0)
        for (const auto& [cat, cells] : heat_cells.items()) {
            std::uint32_t most = 0;
            for (const auto& n : cells)
                most = std::max(most, n.get<std::uint32_t>());
            if (most == 0)
                continue;
            const std::string colour = tone_of(cats, cat).first;
            for (int i = 0; i < cols * rows && i < static_cast<int>(cells.size()); ++i) {
                const auto n = cells[static_cast<std::size_t>(i)].get<std::uint32_t>();
                if (n == 0)
                    continue;
                o << "<rect x=\"" << svg_num(w * (i % cols) / cols) << "\" y=\""
                  << svg_num(h * (i / cols) / rows) << "\" width=\"" << svg_num(w / cols)
                  << "\" height=\"" << svg_num(h / rows) << "\" fill=\"" << colour
                  << "\" fill-opacity=\"" << svg_num(0.15 + 0.5 * n / most) << "\"/>";
            }
        }
    auto slot_style = [&](const std::string& slot) {
        const auto& styles = route_styles();
        std::size_t i = 0;
        while (i < slots.size() && slots[i].value("id", "") != slot)
            ++i;
        return styles[i % styles.size()];
    };
    for (const auto& x : routes) {
        const route_style style = slot_style(x.value("slot", ""));
        o << "<polyline fill=\"none\" stroke-width=\"3\" stroke=\"" << style.colour << '"';
        if (!style.dash.empty())
            o << " stroke-dasharray=\"" << style.dash << '"';
        o << " points=\"";
        for (const auto& p : x.value("points", json::array()))
            o << svg_num(p[0].get<double>() * w) << ',' << svg_num(p[1].get<double>() * h) << ' ';
        o << "\"/>";
    }
    for (const auto& p : pins) {
        const auto [colour, icon] = tone_of(cats, p.value("category", ""));
        o << "<circle cx=\"" << svg_num(p.value("x", 0.0) * w) << "\" cy=\""
          << svg_num(p.value("y", 0.0) * h) << "\" r=\"7\" fill=\"" << colour
          << "\" stroke=\"#fff\" stroke-width=\"2\"/>";
    }
    o << "</svg>";
    // The legend in words: every category (or time slot) with its count.
    o << "<ul class=\"legend\">";
    if (def.value("mode", "pins") == "routes") {
        for (const auto& s : slots) {
            const std::string id = s.value("id", "");
            const auto n = std::count_if(routes.begin(), routes.end(),
                                         [&](const json& x) { return x.value("slot", "") == id; });
            o << "<li><span style=\"color:" << slot_style(id).colour << "\">\u2501</span> "
              << esc(s.value("text", "")) << ": " << n << ' ' << tr(l, "routes", "routes")
              << "</li>";
        }
    } else {
        for (const auto& c : cats) {
            const std::string id = c.value("id", "");
            const auto [colour, icon] = tone_of(cats, id);
            const auto n = std::count_if(pins.begin(), pins.end(), [&](const json& p) {
                return p.value("category", "") == id;
            });
            o << "<li><span style=\"color:" << colour << "\">" << icon << "</span> "
              << esc(c.value("text", "")) << ": " << n << ' ' << tr(l, "pins", "pins") << "</li>";
        }
    }
    o << "</ul>";
    bool any = false;
    for (const auto& p : pins) {
        const std::string comment = p.value("comment", "");
        if (comment.empty())
            continue;
        if (!any)
            o << "<ul class=\"cards\">";
        any = true;
        const auto [colour, icon] = tone_of(cats, p.value("category", ""));
        o << "<li><span style=\"color:" << colour << "\">" << icon << "</span> "
          << esc(text_of(cats, p.value("category", ""))) << ": " << esc(comment) << "</li>";
    }
    if (any)
        o << "</ul>";
    return o.str();
}

std::string result_html(const json& st, lang l, const report_photos& photos) {
    const json& r = st["result"];
    const json& def = st["definition"];
    const std::string kind = st["kind"];
    std::ostringstream o;
    if (kind == "traffic_light") {
        o << traffic_light_html(st, l);
    } else if (kind == "scale") {
        o << scale_html(st, l);
    } else if (kind == "choice") {
        json rows = r.value("options", json::array());
        json names = def["options"];
        rows.push_back({{"option", "pass"}, {"count", r.value("pass", 0)}});
        names.push_back({{"id", "pass"}, {"text", light_name(l, "pass")}});
        o << count_table(rows, names, "option", "count", "")
          << reasons_html(r.value("reasons", json::array()), def["options"], l);
    } else if (kind == "image_choice") {
        o << count_table(r.value("images", json::array()), def["images"], "image", "count", "");
        json reasons = json::array();
        for (const auto& im : r.value("images", json::array()))
            for (const auto& why : im.value("reasons", json::array()))
                reasons.push_back({{"option", im.value("image", "")}, {"text", why}});
        o << reasons_html(reasons, def["images"], l) << own_images_html(st, l, photos);
    } else if (kind == "dot_vote") {
        o << count_table(r.value("options", json::array()), def["options"], "option", "dots",
                         tr(l, "stippen", "dots"));
    } else if (kind == "open_text") {
        o << "<ul class=\"cards\">";
        for (const auto& c : r.value("cards", json::array()))
            o << "<li>" << esc(c.value("text", "")) << " <span class=\"words\">(×"
              << c.value("count", 1) << ")</span></li>";
        o << "</ul>";
    } else if (kind == "inventory") {
        o << inventory_html(st, l);
    } else if (kind == "action_plan") {
        o << actions_table(r.value("actions", json::array()), l);
    } else if (kind == "photo") {
        o << photos_html(st, l, photos);
    } else if (kind == "floor_plan") {
        o << floor_plan_html(st, l, photos);
    }
    return o.str();
}

std::string step_html(const json& st, lang l, std::uint32_t k, const report_photos& photos) {
    std::ostringstream o;
    o << "<section class=\"step\" id=\"step-" << esc(str(st, "id")) << "\"><h2>"
      << esc(str(st, "title")) << "</h2><p class=\"prompt\">" << kind_name(l, str(st, "kind"))
      << " — " << esc(str(st, "prompt")) << "</p>";
    if (st.value("withheld", false)) {
        o << "<p class=\"withheld\">" << esc(withheld_text(l, k)) << "</p>";
    } else {
        o << "<p class=\"meta\">" << tr(l, "Antwoorden", "Answers") << ": "
          << st.value("answered", 0) << " · " << tr(l, "van papier", "from paper") << ": "
          << st.value("paper", 0) << "</p>" << result_html(st, l, photos);
        const json& comments = st["comments"];
        if (!comments.empty()) {
            o << "<h3>" << tr(l, "Opmerkingen (anoniem)", "Comments (anonymous)")
              << "</h3><ul class=\"cards\">";
            for (const auto& c : comments)
                o << "<li>" << esc(text_of(st["definition"]["items"], str(c, "item"))) << ": "
                  << esc(str(c, "text")) << "</li>";
            o << "</ul>";
        }
    }
    if (!str(st, "note").empty())
        o << "<h3>" << tr(l, "Notitie van de begeleider", "Facilitator's note")
          << "</h3><p class=\"note\">" << esc(str(st, "note")) << "</p>";
    o << "</section>";
    return o.str();
}

std::string summary_html(const json& summary, lang l) {
    std::ostringstream o;
    o << "<section class=\"summary\"><h2>" << tr(l, "Aanbevelingen", "Recommendations") << "</h2>";
    for (const auto& e : summary) {
        o << "<div class=\"verdict-" << esc(str(e, "verdict")) << "\"><h3>" << esc(str(e, "title"))
          << "</h3><p>" << esc(str(e, "advice")) << "</p>"
          << stacked_bar(light_segments(e), str(e, "title")) << "<p class=\"words\">"
          << light_counts(e, l) << "</p>";
        for (const auto& n : e.value("next", json::array()))
            o << "<p>" << tr(l, "Volgende bouwsteen", "Next building block") << ": "
              << esc(str(n, "text")) << "</p>";
        o << "</div>";
    }
    o << "</section>";
    return o.str();
}

std::string compare_html(const json& c, lang l) {
    std::ostringstream o;
    o << "<section class=\"compare\"><h2>" << tr(l, "Vergelijking met", "Comparison with") << " "
      << esc(str(c, "title")) << " (" << format_time(c.value("created_at", std::int64_t(0)))
      << ")</h2><table><tr><th>" << tr(l, "Vraag", "Question") << "</th><th>"
      << tr(l, "Toen en nu (% groen / oranje / rood)", "Then and now (% green / orange / red)")
      << "</th><th class=\"num\">" << tr(l, "Verschil", "Change") << "</th></tr>";
    for (const auto& it : c.value("items", json::array())) {
        std::ostringstream delta;
        const char* colours[] = {"green", "orange", "red"};
        for (std::size_t i = 0; i < 3; ++i) {
            const int d = it["delta"].value(colours[i], 0);
            delta << (i ? "<br>" : "") << light_name(l, colours[i]) << " " << (d > 0 ? "+" : "")
                  << d;
        }
        json before = it["before"], after = it["after"];
        before.erase("n");
        after.erase("n");
        o << "<tr><td>" << esc(str(it, "text")) << "</td><td class=\"chart\">"
          << stacked_bar(light_segments(before), tr(l, "toen", "then")) << "<div class=\"words\">"
          << tr(l, "toen", "then") << ": " << light_counts(before, l, " %") << "</div>"
          << stacked_bar(light_segments(after), tr(l, "nu", "now")) << "<div class=\"words\">"
          << tr(l, "nu", "now") << ": " << light_counts(after, l, " %")
          << "</div></td><td class=\"num\">" << delta.str() << "</td></tr>";
    }
    o << "</table></section>";
    return o.str();
}

} // namespace

std::string report_html(const session_state& s, lang l, const json& compare,
                        const report_photos& photos) {
    const json data = report_data(s, l, compare);
    const std::uint32_t k = data.value("min_answers", 3u);
    const std::string title = str(data["session"], "title");
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html lang=\"" << to_string(l) << "\"><head><meta charset=\"utf-8\">"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; img-src data:\">"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
      << esc(title) << " — Kring</title><style>" << css << "</style></head><body><header><h1>"
      << esc(title) << "</h1><p class=\"meta\">" << tr(l, "Sessie van", "Session of") << " "
      << format_time(data["session"].value("created_at", std::int64_t(0))) << " · "
      << data.value("participants", 0) << " " << tr(l, "deelnemers", "participants") << " · "
      << tr(l, "Alle antwoorden zijn anoniem; resultaten van minder dan ",
            "All answers are anonymous; results of fewer than ")
      << k << " " << tr(l, "antwoorden worden niet getoond.", "answers are not shown.")
      << "</p></header>";
    if (!data["summary"].empty())
        o << summary_html(data["summary"], l);
    if (!data["actions"].empty())
        o << "<section class=\"actions\"><h2>" << tr(l, "Acties", "Actions") << "</h2>"
          << actions_table(data["actions"], l) << "</section>";
    for (const auto& st : data["steps"])
        o << step_html(st, l, k, photos);
    if (data["compare"].is_object())
        o << compare_html(data["compare"], l);
    o << "</body></html>\n";
    return o.str();
}

} // namespace kring
