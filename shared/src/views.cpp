#include "kring/views.hpp"

#include "kring/compare.hpp"
#include "kring/wire.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

using nlohmann::json;

namespace kring {

namespace {

/** Comments without any trace of who wrote them, sorted by text within an item. */
void add_comments(json& comments, const step_def& def, const step_state& st) {
    if (def.kind != activity_kind::traffic_light && def.kind != activity_kind::scale)
        return;
    // One pass over the participants, collecting per item.
    std::vector<std::vector<const std::string*>> texts(def.items.size());
    if (def.kind == activity_kind::traffic_light) {
        for (const auto& [pid, sheet] : st.get<traffic_light::responses>().sheets)
            for (std::size_t item = 0; item < sheet.size() && item < texts.size(); ++item)
                if (!sheet[item].comment.empty() && sheet[item].value != traffic_light::light::none)
                    texts[item].push_back(&sheet[item].comment);
    } else {
        for (const auto& [pid, sheet] : st.get<scale::responses>().sheets)
            for (std::size_t item = 0; item < sheet.size() && item < texts.size(); ++item)
                if (sheet[item] && !sheet[item]->comment.empty())
                    texts[item].push_back(&sheet[item]->comment);
    }
    for (std::size_t item = 0; item < texts.size(); ++item) {
        // Not in join order, so that comments on different statements cannot be linked
        // to one person.
        auto& t = texts[item];
        std::sort(t.begin(), t.end(),
                  [](const std::string* a, const std::string* b) { return *a < *b; });
        for (const std::string* x : t)
            comments.push_back(json{{"step", def.id}, {"item", def.items[item].id}, {"text", *x}});
    }
}

json timer_json(const session_state& s) {
    if (!s.timer)
        return nullptr;
    const auto& t = *s.timer;
    return json{{"step", t.step},
                {"ends_at", t.ends_at},
                {"seconds", (t.ends_at - t.started_at) / 1000},
                {"ended", t.ended}};
}

json notes_json(const session_state& s) {
    json out = json::array();
    for (std::size_t i = 0; i < s.def.steps.size() && i < s.steps.size(); ++i)
        if (!s.steps[i].note.empty())
            out.push_back(json{{"step", s.def.steps[i].id}, {"text", s.steps[i].note}});
    return out;
}

/** The facilitator's device list: names they gave themselves, never anything they answered. */
json compare_json(const session_state& s, const view_context& ctx, role r) {
    if (s.compare_with.empty() || !ctx.compare || ctx.compare->id != s.compare_with)
        return nullptr;
    // The projector sees this session's results only once revealed (or live), here too.
    return compare_sessions(*ctx.compare, s, s.projector_lang, r != role::facilitator);
}

} // namespace

json step_result(const step_def& d, const step_state& st, role r) {
    const bool fac = r == role::facilitator;
    json j{{"step", d.id}, {"kind", to_string(d.kind)}, {"total", 0}};
    const result_input in{.def = d,
                          .options = vote_options(d, st),
                          .paper = st.paper.counts,
                          .moderation = st.moderation,
                          .facilitator = fac};
    std::visit(overloaded{[](std::monostate) {}, [&](const auto& r) { result_json(j, r, in); }},
               st.answers);
    // Paper answers count with the rest; each kind's result_json added them per value.
    const std::uint32_t paper = paper_answers(d, st);
    j["total"] = j["total"].get<std::uint32_t>() + paper;
    j["paper"] = paper;
    return j;
}

json withheld_result(const step_def& d, const step_state& st) {
    return json{{"step", d.id},
                {"kind", to_string(d.kind)},
                {"total", total_with_paper(d, st)},
                {"withheld", true}};
}

const char* to_string(verdict v) {
    switch (v) {
    case verdict::solid:
        return "solid";
    case verdict::work_first:
        return "work_first";
    case verdict::mixed:
        break;
    }
    return "mixed";
}

verdict verdict_of(std::uint32_t green, std::uint32_t orange, std::uint32_t red) {
    const std::uint64_t n = std::uint64_t(green) + orange + red;
    if (n == 0)
        return verdict::mixed;
    // Integer arithmetic: the thresholds are exact (60 % of 5 is 3, not 2.9999).
    if (100 * std::uint64_t(red) >= 30 * n)
        return verdict::work_first;
    if (100 * std::uint64_t(green) >= 60 * n && 100 * std::uint64_t(red) <= 15 * n)
        return verdict::solid;
    return verdict::mixed;
}

json make_summary(const session_state& s, role r) {
    json out = json::array();
    bool all_revealed = true;
    for (std::size_t i = 0; i < s.def.steps.size() && i < s.steps.size(); ++i) {
        const auto& d = s.def.steps[i];
        const auto& st = s.steps[i];
        if (d.kind != activity_kind::traffic_light || d.theme.empty())
            continue;
        all_revealed = all_revealed && st.revealed;
        // A withheld step keeps its place but shows no counts: they could point to a person.
        if (withheld(d, st, s.min_answers)) {
            out.push_back(json{{"step", d.id},
                               {"theme", d.theme},
                               {"green", 0},
                               {"orange", 0},
                               {"red", 0},
                               {"pass", 0},
                               {"withheld", true},
                               {"verdict", to_string(verdict::mixed)},
                               {"next", json(d.links)}});
            continue;
        }
        traffic_light::tally t;
        for (std::size_t i = 0; i < d.items.size(); ++i) {
            traffic_light::tally x = i < st.get<traffic_light::responses>().tallies.size()
                                         ? st.get<traffic_light::responses>().tallies[i]
                                         : traffic_light::tally{};
            if (auto p = st.paper.counts.find(d.items[i].id); p != st.paper.counts.end())
                x = traffic_light::with_paper(x, p->second);
            t.green += x.green;
            t.orange += x.orange;
            t.red += x.red;
            t.pass += x.pass;
        }
        const verdict v = verdict_of(t.green, t.orange, t.red);
        // A theme that needs work first points back to its own red questions, not onward.
        const json next = v == verdict::work_first ? json::array() : json(d.links);
        out.push_back(json{{"step", d.id},
                           {"theme", d.theme},
                           {"green", t.green},
                           {"orange", t.orange},
                           {"red", t.red},
                           {"pass", t.pass},
                           {"verdict", to_string(v)},
                           {"next", next}});
    }
    if (r != role::facilitator && !all_revealed)
        return json::array();
    return out;
}

namespace {

json build_view(const session_state& s, role r, std::uint32_t online, const view_context& ctx) {
    const bool fac = r == role::facilitator;
    json steps = json::array();
    json results = json::array();
    json comments = json::array();
    for (std::size_t i = 0; i < s.def.steps.size() && i < s.steps.size(); ++i) {
        const auto& def = s.def.steps[i];
        const auto& st = s.steps[i];
        json sj{{"id", def.id},
                {"phase", to_string(st.ph)},
                {"revealed", st.revealed},
                {"answered", answered(def, st)},
                {"complete", complete(def, st)},
                {"locked", st.locked},
                {"live", st.live},
                {"paper", paper_answers(def, st)}};
        if (def.kind == activity_kind::dot_vote && (!def.has_source() || st.options_fixed))
            sj["options"] = options_json(vote_options(def, st));
        steps.push_back(std::move(sj));
        // Results are for the facilitator always, for everyone else once revealed or
        // while live. Below the threshold nobody sees them, nor the comments: with so few
        // answers a result could point to a person.
        if (!fac && !st.revealed && !st.live)
            continue;
        const bool held = withheld(def, st, s.min_answers);
        results.push_back(held ? withheld_result(def, st) : step_result(def, st, r));
        if (fac && !held)
            add_comments(comments, def, st);
    }
    json j{{"type", "view"},
           {"rev", s.rev},
           {"role", to_string(r)},
           {"code", s.join_code},
           {"lang", to_string(s.projector_lang)},
           {"joined", s.participants.size()},
           {"online", online},
           {"current",
            s.current >= 0 ? s.def.steps[static_cast<std::size_t>(s.current)].id : std::string()},
           {"steps", std::move(steps)},
           {"results", std::move(results)},
           {"summary", make_summary(s, r)},
           {"now", ctx.now_ms},
           {"timer", timer_json(s)},
           {"paused", s.paused},
           {"follow", s.follow},
           {"min_answers", s.min_answers}};
    if (fac) {
        j["comments"] = std::move(comments);
        j["notes"] = notes_json(s);
    }
    if (fac || r == role::projector)
        j["compare"] = compare_json(s, ctx, r);
    return j;
}

std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace

std::string make_view(const session_state& s, role r, std::uint32_t online,
                      const view_context& ctx) {
    return dump(build_view(s, r, online, ctx));
}

std::string make_devices(const session_state& s, const std::set<participant_id>& online) {
    wire::devices m{s.rev, {}};
    for (const auto& p : s.participants)
        if (!p.removed)
            m.list.push_back({p.id, p.name, online.count(p.id) > 0});
    return dump(json(m));
}

std::string view_shown(const session_state& s, role r, const view_context& ctx) {
    json j = build_view(s, r, 0, ctx);
    // The counters: they move with every join, answer and connection.
    for (const char* key : {"rev", "joined", "online", "now"})
        j.erase(key);
    for (auto& st : j["steps"]) {
        st.erase("answered");
        st.erase("complete");
    }
    return dump(j);
}

} // namespace kring
