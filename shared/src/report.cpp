// [SECTION] Index
// - shared words and formatting (report_internal.hpp)
// - report_data: the anonymous record every format renders
// - report_json, report_filename
#include "kring/report.hpp"

#include "report_internal.hpp"

#include "kring/kinds.hpp"
#include "kring/rules.hpp"
#include "kring/views.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>

using nlohmann::json;

namespace kring {

namespace report_detail {

const char* light_name(lang l, const std::string& colour) {
    if (colour == "green")
        return tr(l, "groen", "green");
    if (colour == "orange")
        return tr(l, "oranje", "orange");
    if (colour == "red")
        return tr(l, "rood", "red");
    return tr(l, "pas", "pass");
}

std::string text_of(const json& list, const std::string& id) {
    if (list.is_array())
        for (const auto& e : list)
            if (e.value("id", "") == id)
                return e.value("text", id);
    return id;
}

std::string format_time(std::int64_t seconds) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

std::string withheld_text(lang l, std::uint32_t k) {
    return l == lang::en
               ? "too few answers to show (fewer than " + std::to_string(k) + ")"
               : "te weinig antwoorden om te tonen (minder dan " + std::to_string(k) + ")";
}

const char* verdict_text(lang l, const std::string& verdict) {
    // The sentences every screen says (rules.hpp).
    const localized& t = kring::verdict_text(verdict_sentences(), verdict);
    return (l == lang::en ? t.en : t.nl).c_str();
}

const char* kind_name(lang l, const std::string& kind) {
    if (kind == "traffic_light")
        return tr(l, "Stoplicht", "Traffic light");
    if (kind == "scale")
        return tr(l, "Schaal", "Scale");
    if (kind == "choice")
        return tr(l, "Keuze", "Choice");
    if (kind == "image_choice")
        return tr(l, "Beeldkeuze", "Image choice");
    if (kind == "open_text")
        return tr(l, "Open vraag", "Open question");
    if (kind == "dot_vote")
        return tr(l, "Stippenstemming", "Dot vote");
    if (kind == "inventory")
        return tr(l, "Inventaris", "Inventory");
    if (kind == "action_plan")
        return tr(l, "Actieplan", "Action plan");
    if (kind == "photo")
        return tr(l, "Foto’s", "Photos");
    if (kind == "floor_plan")
        return tr(l, "Plan", "Floor plan");
    return tr(l, "Stap", "Step");
}

std::string decimal(lang l, double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    std::string s = buf;
    while (!s.empty() && s.back() == '0')
        s.pop_back();
    if (!s.empty() && s.back() == '.')
        s.pop_back();
    if (l == lang::nl)
        for (char& c : s)
            if (c == '.')
                c = ',';
    return s;
}

} // namespace report_detail

namespace {

using report_detail::tr;

/** What the step asked: its statements, options, images or offer kinds, in `l`. */
json definition(const step_def& d, const step_state& st, lang l) {
    json j = json::object();
    if (!d.items.empty()) {
        json items = json::array();
        for (const auto& it : d.items) {
            // Every export shows an item with its heading (docs/content.md, "Item forms"):
            // the text carries it, and Kring's rating statement, when there is one.
            std::string text = it.text.in(l);
            if (!it.group.empty())
                text = it.group.in(l) + " › " + text;
            if (!it.rating.empty())
                text += std::string(" (") + tr(l, "Kleur gegeven aan: ", "Colour given to: ") +
                        it.rating.in(l) + ")";
            json e{{"id", it.id}, {"text", text}};
            if (!it.group.empty())
                e["group"] = it.group.in(l);
            if (!it.rating.empty())
                e["rating"] = it.rating.in(l);
            items.push_back(std::move(e));
        }
        j["items"] = std::move(items);
    }
    with_kind(d.kind, [&]<class R>(std::type_identity<R>) {
        if constexpr (requires { R::report_definition(j, d, vote_options(d, st), l); })
            R::report_definition(j, d, vote_options(d, st), l);
    });
    // The facilitator's own images follow the template's deck (the HTML report shows them).
    if (const auto* c = std::get_if<image_choice::responses>(&st.answers))
        for (const auto& im : c->own)
            j["images"].push_back({{"id", im.id}, {"text", im.alt.in(l)}, {"own", true}});
    return j;
}

/** The optional comments on statements, without author and not in join order. */
json comments_of(const step_def& d, const step_state& st) {
    std::vector<std::pair<std::size_t, std::string>> all;
    if (d.kind == activity_kind::traffic_light) {
        for (const auto& [pid, sheet] : st.get<traffic_light::responses>().sheets)
            for (std::size_t i = 0; i < sheet.size() && i < d.items.size(); ++i)
                if (!sheet[i].comment.empty() && sheet[i].value != traffic_light::light::none)
                    all.emplace_back(i, sheet[i].comment);
    } else if (d.kind == activity_kind::scale) {
        for (const auto& [pid, sheet] : st.get<scale::responses>().sheets)
            for (std::size_t i = 0; i < sheet.size() && i < d.items.size(); ++i)
                if (sheet[i] && !sheet[i]->comment.empty())
                    all.emplace_back(i, sheet[i]->comment);
    }
    // By statement, then by text: nothing links comments on different statements to one person.
    std::sort(all.begin(), all.end());
    json out = json::array();
    for (const auto& [i, text] : all)
        out.push_back({{"item", d.items[i].id}, {"text", text}});
    return out;
}

json step_data(const session_state& s, std::size_t i, lang l) {
    const step_def& d = s.def.steps[i];
    const step_state& st = s.steps[i];
    const bool held = withheld(d, st, s.min_answers);
    json j{{"id", d.id},
           {"kind", to_string(d.kind)},
           {"title", d.title.in(l)},
           {"prompt", d.prompt.in(l)},
           {"phase", to_string(st.ph)},
           {"locked", st.locked},
           {"answered", answered(d, st)},
           {"paper", paper_answers(d, st)},
           {"withheld", held},
           {"note", st.note},
           {"definition", definition(d, st, l)}};
    if (!d.theme.empty())
        j["theme"] = d.theme;
    if (!st.plan.id.empty()) // a floor plan's own image (the HTML report draws it)
        j["plan_image"] = {
            {"id", st.plan.id}, {"width", st.plan.width}, {"height", st.plan.height}};
    // The projector's form: hidden cards and merge bookkeeping are left out.
    j["result"] = held ? json(nullptr) : step_result(d, st, role::projector);
    j["comments"] = held ? json::array() : comments_of(d, st);
    return j;
}

/** The summary's verdicts with the titles of the steps and building blocks they name. */
json summary_data(const session_state& s, lang l, const json& steps) {
    json out = json::array();
    for (const auto& e : make_summary(s, role::facilitator)) {
        const std::string step = e.value("step", "");
        const int idx = s.def.step_index(step);
        if (idx < 0 || steps[static_cast<std::size_t>(idx)].value("withheld", false))
            continue;
        json x = e;
        x["title"] = s.def.steps[static_cast<std::size_t>(idx)].title.in(l);
        json next = json::array();
        for (const auto& id : e.value("next", json::array()))
            next.push_back({{"id", id},
                            {"text", report_detail::text_of(text_list(s.def.blocks, l),
                                                            id.get<std::string>())}});
        x["next"] = std::move(next);
        x["advice"] = report_detail::verdict_text(l, e.value("verdict", "mixed"));
        out.push_back(std::move(x));
    }
    return out;
}

/** Every visible action of every action_plan step that is shown. */
json actions_data(const json& steps) {
    json out = json::array();
    for (const auto& st : steps) {
        if (st["kind"] != "action_plan" || st["result"].is_null())
            continue;
        for (const auto& a : st["result"].value("actions", json::array()))
            out.push_back({{"step", st["id"]},
                           {"what", a.value("what", "")},
                           {"who", a.value("who", "")},
                           {"when", a.value("when", "")}});
    }
    return out;
}

std::uint32_t participant_count(const session_state& s) {
    std::uint32_t n = 0;
    for (const auto& p : s.participants)
        n += p.removed ? 0 : 1;
    return n;
}

std::string safe_part(const std::string& s) {
    std::string out;
    for (char ch : s) {
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out.push_back(c);
        else if (!out.empty() && out.back() != '-')
            out.push_back('-');
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    if (out.size() > 40)
        out.resize(40);
    return out;
}

} // namespace

json report_data(const session_state& s, lang l, const json& compare) {
    json steps = json::array();
    for (std::size_t i = 0; i < s.def.steps.size() && i < s.steps.size(); ++i)
        steps.push_back(step_data(s, i, l));
    json j{{"format", "kring-report"},
           {"version", 1},
           {"lang", to_string(l)},
           {"session",
            {{"id", s.id},
             {"template", s.def.template_id},
             {"title", s.def.title.in(l)},
             {"created_at", s.created_at}}},
           {"min_answers", s.min_answers},
           {"participants", participant_count(s)}};
    j["summary"] = summary_data(s, l, steps);
    j["actions"] = actions_data(steps);
    j["steps"] = std::move(steps);
    j["compare"] = compare.is_object() ? compare : json(nullptr);
    return j;
}

std::string report_json(const session_state& s, lang l, const json& compare) {
    return report_data(s, l, compare).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string report_filename(const session_state& s, const std::string& ext,
                            const std::string& step_id) {
    std::string name = "kring-";
    const std::string tmpl = safe_part(s.def.template_id);
    name += tmpl.empty() ? "sessie" : tmpl;
    const std::time_t t = static_cast<std::time_t>(s.created_at);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char date[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", &tm);
    name += "-";
    name += date;
    const std::string step = safe_part(step_id);
    if (!step.empty())
        name += "-" + step;
    name += ".";
    name += safe_part(ext);
    return name;
}

} // namespace kring
