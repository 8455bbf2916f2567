// [SECTION] Index
// - report_markdown: the report as Markdown, participants' texts escaped
// - report_csv: one step for a spreadsheet (RFC 4180, ';', BOM, CRLF)
#include "kring/report.hpp"

#include "report_internal.hpp"

#include <algorithm>
#include <sstream>

using nlohmann::json;

namespace kring {

namespace {

using namespace report_detail;

//----------------------------------------------------------------------------------------
// [SECTION] Markdown

/**
 * Text as Markdown shows it literally: HTML is escaped (a renderer would pass it through)
 * and the characters that start emphasis, links, tables or headings are backslashed.
 * Every text goes through normalize_text as one line first, whatever it is and whenever it
 * was stored: line breaks become spaces, so a text cannot start a block of its own, and no
 * control character (a terminal escape) or bidi control reaches the file.
 */
std::string md(const std::string& raw) {
    const std::string s = normalize_text(raw, text_form::line);
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '\\':
        case '`':
        case '*':
        case '_':
        case '[':
        case ']':
        case '|':
        case '#':
        case '!':
            out += '\\';
            out += c;
            break;
        default:
            out += c;
        }
    }
    return out;
}

/** The drawn room a floor plan's pin falls in, in the report's language; "" outside them. */
std::string area_name(const json& def, const json& pin) {
    const double x = pin.value("x", 0.0), y = pin.value("y", 0.0);
    for (const auto& a : def.value("areas", json::array())) {
        const double ax = a.value("x", 0.0), ay = a.value("y", 0.0);
        if (x >= ax && x <= ax + a.value("w", 0.0) && y >= ay && y <= ay + a.value("h", 0.0))
            return a.value("text", "");
    }
    return "";
}

std::string md_text_of(const json& list, const std::string& id) {
    return md(text_of(list, id));
}

void md_traffic_light(std::ostringstream& o, const json& st, lang l) {
    const json& def = st["definition"];
    o << "| " << tr(l, "Vraag", "Question") << " | " << light_name(l, "green") << " | "
      << light_name(l, "orange") << " | " << light_name(l, "red") << " | " << light_name(l, "pass")
      << " |\n|---|---:|---:|---:|---:|\n";
    for (const auto& it : st["result"].value("items", json::array()))
        o << "| " << md_text_of(def["items"], it.value("item", "")) << " | " << it["green"] << " | "
          << it["orange"] << " | " << it["red"] << " | " << it["pass"] << " |\n";
}

void md_scale(std::ostringstream& o, const json& st, lang l) {
    const json& def = st["definition"];
    for (const auto& it : st["result"].value("items", json::array())) {
        o << "- " << md_text_of(def["items"], it.value("item", "")) << ": ";
        const int min = def.value("min", 1);
        const auto& counts = it["counts"];
        for (std::size_t i = 0; i < counts.size(); ++i)
            o << (i ? ", " : "") << (min + static_cast<int>(i)) << " × " << counts[i];
        o << "; " << tr(l, "pas", "pass") << " " << it.value("pass", 0) << "; "
          << tr(l, "mediaan", "median") << " "
          << (it["median"].is_number() ? decimal(l, it["median"].get<double>()) : "–") << "\n";
    }
}

void md_counted(std::ostringstream& o, const json& list, const json& names, const char* key,
                const char* count_key, lang l, const char* unit_nl, const char* unit_en) {
    for (const auto& e : list)
        o << "- " << md_text_of(names, e.value(key, "")) << ": " << e.value(count_key, 0) << " "
          << tr(l, unit_nl, unit_en) << "\n";
}

void md_reasons(std::ostringstream& o, const json& reasons, const json& names, lang l) {
    if (!reasons.is_array() || reasons.empty())
        return;
    o << "\n" << tr(l, "Waarom:", "Why:") << "\n\n";
    for (const auto& r : reasons)
        o << "- " << md_text_of(names, r.value("option", "")) << ": " << md(r.value("text", ""))
          << "\n";
}

void md_result(std::ostringstream& o, const json& st, lang l) {
    const json& r = st["result"];
    const json& def = st["definition"];
    const std::string kind = st["kind"];
    if (kind == "traffic_light") {
        md_traffic_light(o, st, l);
    } else if (kind == "scale") {
        md_scale(o, st, l);
    } else if (kind == "choice") {
        md_counted(o, r.value("options", json::array()), def["options"], "option", "count", l,
                   "stemmen", "votes");
        o << "- " << tr(l, "pas", "pass") << ": " << r.value("pass", 0) << "\n";
        md_reasons(o, r.value("reasons", json::array()), def["options"], l);
    } else if (kind == "image_choice") {
        md_counted(o, r.value("images", json::array()), def["images"], "image", "count", l,
                   "keer gekozen", "times chosen");
        for (const auto& im : r.value("images", json::array()))
            for (const auto& why : im.value("reasons", json::array()))
                o << "  - " << md_text_of(def["images"], im.value("image", "")) << ": "
                  << md(why.get<std::string>()) << "\n";
    } else if (kind == "dot_vote") {
        md_counted(o, r.value("options", json::array()), def["options"], "option", "dots", l,
                   "stippen", "dots");
    } else if (kind == "open_text") {
        for (const auto& c : r.value("cards", json::array()))
            o << "- " << md(c.value("text", "")) << " (" << c.value("count", 1) << ")\n";
    } else if (kind == "inventory") {
        for (const auto& e : r.value("entries", json::array()))
            o << "- **" << md(e.value("name", "")) << "** ("
              << md_text_of(def["offer_kinds"], e.value("kind", "")) << ")"
              << (e.value("place", "").empty() ? "" : ", " + md(e.value("place", ""))) << "\n";
        if (!r.value("entries", json::array()).empty()) {
            auto names = [&](const char* key, const char* list) {
                std::string out;
                for (const auto& id : r.value(key, json::array()))
                    out += (out.empty() ? "" : ", ") + md_text_of(def[list], id);
                return out;
            };
            if (const std::string u = names("unreached", "target_groups"); !u.empty())
                o << "\n" << tr(l, "**Niemand bereikt:** ", "**Nobody reaches:** ") << u << "\n";
            if (const std::string u = names("unnamed", "offer_kinds"); !u.empty())
                o << "\n"
                  << tr(l, "**Soorten aanbod die niemand noemde:** ",
                        "**Kinds of offer nobody named:** ")
                  << u << "\n";
        }
    } else if (kind == "photo") {
        // The photos themselves are in the HTML report; here their captions.
        for (const auto& p : r.value("photos", json::array())) {
            const std::string category = md_text_of(def["categories"], p.value("category", ""));
            o << "- " << tr(l, "Foto", "Photo") << ": " << md(p.value("caption", ""))
              << (p.value("category", "").empty() ? "" : " (" + category + ")") << "\n";
        }
        if (r.value("photos", json::array()).empty())
            o << tr(l, "Geen goedgekeurde foto’s.", "No approved photos.") << "\n";
    } else if (kind == "floor_plan") {
        // The plan itself is drawn in the HTML report; here the counts and the comments.
        const json pins = r.value("pins", json::array());
        const json routes = r.value("routes", json::array());
        if (def.value("mode", "pins") == "routes") {
            for (const auto& s : def.value("slots", json::array())) {
                const auto n = std::count_if(routes.begin(), routes.end(), [&](const json& x) {
                    return x.value("slot", "") == s.value("id", "");
                });
                o << "- " << md(s.value("text", "")) << ": " << n << ' '
                  << tr(l, "routes", "routes") << "\n";
            }
        } else {
            for (const auto& c : def.value("categories", json::array())) {
                const auto n = std::count_if(pins.begin(), pins.end(), [&](const json& p) {
                    return p.value("category", "") == c.value("id", "");
                });
                o << "- " << md(c.value("text", "")) << ": " << n << ' ' << tr(l, "pins", "pins")
                  << "\n";
            }
            for (const auto& p : pins)
                if (!p.value("comment", "").empty()) {
                    const std::string room = area_name(def, p);
                    o << "  - " << md_text_of(def["categories"], p.value("category", ""))
                      << (room.empty() ? "" : " (" + md(room) + ")") << ": "
                      << md(p.value("comment", "")) << "\n";
                }
        }
    } else if (kind == "action_plan") {
        o << "| " << tr(l, "Wat", "What") << " | " << tr(l, "Wie", "Who") << " | "
          << tr(l, "Wanneer", "When") << " |\n|---|---|---|\n";
        for (const auto& a : r.value("actions", json::array()))
            o << "| " << md(a.value("what", "")) << " | " << md(a.value("who", "")) << " | "
              << md(a.value("when", "")) << " |\n";
    }
}

void md_step(std::ostringstream& o, const json& st, lang l, std::uint32_t k) {
    o << "\n## " << md(st.value("title", "")) << "\n\n";
    o << "*" << kind_name(l, st.value("kind", "")) << "* — " << md(st.value("prompt", ""))
      << "\n\n";
    if (st.value("withheld", false)) {
        o << withheld_text(l, k) << "\n";
    } else {
        o << tr(l, "Antwoorden", "Answers") << ": " << st.value("answered", 0) << "; "
          << tr(l, "van papier", "from paper") << ": " << st.value("paper", 0) << "\n\n";
        md_result(o, st, l);
        const json& comments = st["comments"];
        if (!comments.empty()) {
            o << "\n" << tr(l, "Opmerkingen (anoniem):", "Comments (anonymous):") << "\n\n";
            for (const auto& c : comments)
                o << "- " << md_text_of(st["definition"]["items"], c.value("item", "")) << ": "
                  << md(c.value("text", "")) << "\n";
        }
    }
    if (!st.value("note", "").empty())
        o << "\n**" << tr(l, "Notitie van de begeleider", "Facilitator's note") << ":** "
          << md(st.value("note", "")) << "\n";
}

void md_compare(std::ostringstream& o, const json& c, lang l) {
    o << "\n## " << tr(l, "Vergelijking met", "Comparison with") << " " << md(c.value("title", ""))
      << " (" << format_time(c.value("created_at", std::int64_t(0))) << ")\n\n";
    o << "| " << tr(l, "Vraag", "Question") << " | " << tr(l, "toen", "then") << " "
      << tr(l, "groen/oranje/rood", "green/orange/red") << " | " << tr(l, "nu", "now") << " | "
      << tr(l, "verschil", "change") << " |\n|---|---|---|---|\n";
    auto triple = [](const json& x, bool sign) {
        auto one = [&](const char* key) {
            const int v = x.value(key, 0);
            std::string out = sign && v > 0 ? "+" : "";
            return out.append(std::to_string(v));
        };
        return one("green") + " / " + one("orange") + " / " + one("red");
    };
    for (const auto& it : c.value("items", json::array()))
        o << "| " << md(it.value("text", "")) << " | " << triple(it["before"], false) << " % | "
          << triple(it["after"], false) << " % | " << triple(it["delta"], true) << " |\n";
}

//----------------------------------------------------------------------------------------
// [SECTION] CSV

/** A cleaned field per RFC 4180: quoted when it holds the separator or a quote. */
std::string csv_quoted(const std::string& s) {
    if (s.find_first_of(";\"") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

/**
 * One field: every text goes through normalize_text as one line first, whatever it is and
 * whenever it was stored, so a cell holds no line break and no control character; the
 * only "\r\n" in the file ends a row.
 */
std::string csv_field(const std::string& s) {
    return csv_quoted(normalize_text(s, text_form::line));
}

/**
 * A participant's text as a cell: a leading = + - @ would make a spreadsheet run it as a
 * formula, so such a text gets a leading apostrophe (which spreadsheets hide). Checked on
 * the cleaned text: a control character in front hides nothing.
 */
std::string csv_text(const std::string& raw) {
    const std::string s = normalize_text(raw, text_form::line);
    if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@'))
        return csv_quoted("'" + s);
    return csv_quoted(s);
}

std::string csv_number(const json& v) {
    return v.is_number() ? v.dump() : std::string();
}

void csv_row(std::string& out, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i)
            out += ';';
        out += cells[i];
    }
    out += "\r\n";
}

void csv_traffic_light(std::string& out, const json& st, lang l) {
    csv_row(out,
            {"id", tr(l, "stelling", "statement"), light_name(l, "green"), light_name(l, "orange"),
             light_name(l, "red"), light_name(l, "pass"), tr(l, "spreiding", "spread")});
    json items = st["result"].value("items", json::array());
    // Content order: a spreadsheet sorts by itself.
    std::sort(items.begin(), items.end(), [](const json& a, const json& b) {
        return a.value("index", 0) < b.value("index", 0);
    });
    for (const auto& it : items) {
        const std::string id = it.value("item", "");
        csv_row(out, {csv_field(id), csv_text(text_of(st["definition"]["items"], id)),
                      csv_number(it["green"]), csv_number(it["orange"]), csv_number(it["red"]),
                      csv_number(it["pass"]), decimal(l, it.value("spread", 0.0))});
    }
}

void csv_scale(std::string& out, const json& st, lang l) {
    const json& def = st["definition"];
    std::vector<std::string> head{"id", tr(l, "vraag", "question")};
    for (int v = def.value("min", 1); v <= def.value("max", 5); ++v)
        head.push_back(std::to_string(v));
    head.push_back(light_name(l, "pass"));
    head.push_back(tr(l, "mediaan", "median"));
    csv_row(out, head);
    for (const auto& it : st["result"].value("items", json::array())) {
        const std::string id = it.value("item", "");
        std::vector<std::string> row{csv_field(id), csv_text(text_of(def["items"], id))};
        for (const auto& n : it["counts"])
            row.push_back(csv_number(n));
        row.push_back(csv_number(it["pass"]));
        row.push_back(it["median"].is_number() ? decimal(l, it["median"].get<double>()) : "");
        csv_row(out, row);
    }
}

void csv_counted(std::string& out, const json& st, lang l, const char* list, const char* key,
                 const char* names, const char* count_key, const char* count_nl,
                 const char* count_en) {
    const json& r = st["result"];
    const bool ranked = std::string(count_key) == "dots";
    std::vector<std::string> head{"id", tr(l, "optie", "option"), tr(l, count_nl, count_en)};
    if (ranked)
        head.push_back(tr(l, "rang", "rank"));
    csv_row(out, head);
    for (const auto& e : r.value(list, json::array())) {
        const std::string id = e.value(key, "");
        std::vector<std::string> row{csv_field(id), csv_text(text_of(st["definition"][names], id)),
                                     csv_number(e[count_key])};
        if (ranked)
            row.push_back(csv_number(e["rank"]));
        csv_row(out, row);
    }
    if (r.contains("pass"))
        csv_row(out, {"pass", light_name(l, "pass"), csv_number(r["pass"])});
}

void csv_cards(std::string& out, const json& st, lang l) {
    const json& r = st["result"];
    const json& def = st["definition"];
    const std::string kind = st["kind"];
    if (kind == "open_text") {
        csv_row(out, {tr(l, "kaart", "card"), tr(l, "tekst", "text"), tr(l, "aantal", "count")});
        for (const auto& c : r.value("cards", json::array()))
            csv_row(out, {csv_field(c.value("card", "")), csv_text(c.value("text", "")),
                          csv_number(c["count"])});
    } else if (kind == "photo") {
        csv_row(out, {tr(l, "foto", "photo"), tr(l, "onderschrift", "caption"),
                      tr(l, "soort", "category")});
        for (const auto& p : r.value("photos", json::array()))
            csv_row(out, {csv_field(p.value("id", "")), csv_text(p.value("caption", "")),
                          csv_text(text_of(def["categories"], p.value("category", "")))});
    } else if (kind == "floor_plan") {
        csv_row(out, {tr(l, "kaart", "card"), tr(l, "soort", "category"), "x", "y",
                      tr(l, "ruimte", "room"), tr(l, "opmerking", "comment")});
        for (const auto& p : r.value("pins", json::array()))
            csv_row(out, {csv_field(p.value("card", "")),
                          csv_text(text_of(def["categories"], p.value("category", ""))),
                          csv_number(p["x"]), csv_number(p["y"]), csv_text(area_name(def, p)),
                          csv_text(p.value("comment", ""))});
        for (const auto& x : r.value("routes", json::array()))
            csv_row(out, {csv_field(x.value("card", "")),
                          csv_text(text_of(def["slots"], x.value("slot", ""))), "", "", "",
                          csv_text(std::to_string(x.value("points", json::array()).size()) +
                                   tr(l, " punten", " points"))});
    } else if (kind == "inventory") {
        csv_row(out, {tr(l, "kaart", "card"), tr(l, "naam", "name"), tr(l, "soort", "kind"),
                      tr(l, "plaats", "place"), tr(l, "gezinnen", "families"),
                      tr(l, "doelen", "goals")});
        for (const auto& e : r.value("entries", json::array())) {
            std::string fam;
            for (const auto& g : e.value("families", json::array()))
                fam += (fam.empty() ? "" : ", ") + text_of(def["target_groups"], g);
            csv_row(out, {csv_field(e.value("card", "")), csv_text(e.value("name", "")),
                          csv_text(text_of(def["offer_kinds"], e.value("kind", ""))),
                          csv_text(e.value("place", "")), csv_text(fam),
                          csv_text(e.value("goals", ""))});
        }
    } else {
        csv_row(out, {tr(l, "kaart", "card"), tr(l, "wat", "what"), tr(l, "wie", "who"),
                      tr(l, "wanneer", "when")});
        for (const auto& a : r.value("actions", json::array()))
            csv_row(out, {csv_field(a.value("card", "")), csv_text(a.value("what", "")),
                          csv_text(a.value("who", "")), csv_text(a.value("when", ""))});
    }
}

} // namespace

std::string report_markdown(const session_state& s, lang l, const json& compare) {
    const json data = report_data(s, l, compare);
    const std::uint32_t k = data.value("min_answers", 3u);
    std::ostringstream o;
    o << "# " << md(data["session"].value("title", "")) << "\n\n";
    o << tr(l, "Sessie van", "Session of") << " "
      << format_time(data["session"].value("created_at", std::int64_t(0))) << "; "
      << data.value("participants", 0) << " " << tr(l, "deelnemers", "participants") << ". "
      << tr(l, "Alle antwoorden zijn anoniem.", "All answers are anonymous.") << "\n";
    if (!data["summary"].empty()) {
        o << "\n## " << tr(l, "Aanbevelingen", "Recommendations") << "\n\n";
        for (const auto& e : data["summary"]) {
            o << "- **" << md(e.value("title", "")) << "**: " << md(e.value("advice", ""));
            for (const auto& n : e["next"])
                o << " " << tr(l, "Volgende bouwsteen", "Next building block") << ": "
                  << md(n.value("text", "")) << ".";
            o << "\n";
        }
    }
    if (!data["actions"].empty()) {
        o << "\n## " << tr(l, "Acties", "Actions") << "\n\n";
        for (const auto& a : data["actions"]) {
            o << "- " << md(a.value("what", ""));
            if (!a.value("who", "").empty())
                o << " — " << md(a.value("who", ""));
            if (!a.value("when", "").empty())
                o << " (" << md(a.value("when", "")) << ")";
            o << "\n";
        }
    }
    for (const auto& st : data["steps"])
        md_step(o, st, l, k);
    if (data["compare"].is_object())
        md_compare(o, data["compare"], l);
    return o.str();
}

std::optional<std::string> report_csv(const session_state& s, const std::string& step_id, lang l) {
    const int idx = s.def.step_index(step_id);
    if (idx < 0)
        return std::nullopt;
    const json data = report_data(s, l);
    const json& st = data["steps"][static_cast<std::size_t>(idx)];
    std::string out = "\xEF\xBB\xBF"; // BOM: spreadsheets then read the file as UTF-8
    if (st.value("withheld", false)) {
        csv_row(out, {tr(l, "stap", "step"), tr(l, "resultaat", "result")});
        csv_row(out,
                {csv_field(step_id), csv_text(withheld_text(l, data.value("min_answers", 3u)))});
        return out;
    }
    const std::string kind = st["kind"];
    if (kind == "traffic_light")
        csv_traffic_light(out, st, l);
    else if (kind == "scale")
        csv_scale(out, st, l);
    else if (kind == "choice")
        csv_counted(out, st, l, "options", "option", "options", "count", "stemmen", "votes");
    else if (kind == "image_choice")
        csv_counted(out, st, l, "images", "image", "images", "count", "keer gekozen",
                    "times chosen");
    else if (kind == "dot_vote")
        csv_counted(out, st, l, "options", "option", "options", "dots", "stippen", "dots");
    else
        csv_cards(out, st, l);
    return out;
}

} // namespace kring
