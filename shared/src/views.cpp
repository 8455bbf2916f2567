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
void add_comments(std::vector<wire::comment>& comments, const step_def& def, const step_state& st) {
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
            comments.push_back({def.id, def.items[item].id, *x});
    }
}

std::optional<wire::timer_state> timer_of(const session_state& s) {
    if (!s.timer)
        return std::nullopt;
    const auto& t = *s.timer;
    return wire::timer_state{
        t.step, t.ends_at, static_cast<std::uint32_t>((t.ends_at - t.started_at) / 1000), t.ended};
}

std::optional<wire::comparison> comparison_in_view(const session_state& s, const view_context& ctx,
                                                   role r) {
    if (s.compare_with.empty() || !ctx.compare || ctx.compare->id != s.compare_with)
        return std::nullopt;
    // The projector sees this session's results only once revealed (or live), here too.
    return kring::compare_of(*ctx.compare, s, s.projector_lang, r != role::facilitator);
}

} // namespace

wire::step_result result_of(const step_def& d, const step_state& st, role r) {
    wire::step_result out;
    out.step = d.id;
    out.kind = d.kind;
    const result_input in{.def = d,
                          .options = vote_options(d, st),
                          .paper = st.paper.counts,
                          .moderation = st.moderation,
                          .facilitator = r == role::facilitator};
    std::visit(overloaded{[](std::monostate) {},
                          [&]<class R>(const R& answers) { R::fill_result(out, answers, in); }},
               st.answers);
    // Paper answers count with the rest; each kind's fill_result added them per value.
    out.paper = paper_answers(d, st);
    out.total += out.paper;
    return out;
}

wire::step_result withheld_result_of(const step_def& d, const step_state& st) {
    wire::step_result out;
    out.step = d.id;
    out.kind = d.kind;
    out.total = total_with_paper(d, st);
    out.withheld = true;
    return out;
}

json step_result(const step_def& d, const step_state& st, role r) {
    return json(result_of(d, st, r));
}

json withheld_result(const step_def& d, const step_state& st) {
    return json(withheld_result_of(d, st));
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

std::vector<wire::theme_score> summary_of(const session_state& s, role r) {
    std::vector<wire::theme_score> out;
    bool all_revealed = true;
    for (std::size_t i = 0; i < s.def.steps.size() && i < s.steps.size(); ++i) {
        const auto& d = s.def.steps[i];
        const auto& st = s.steps[i];
        // The six reflection themes (a session stored before movements were kept: every
        // theme); the building blocks are where the summary points, not part of it.
        if (d.kind != activity_kind::traffic_light || d.theme.empty() ||
            (!d.movement.empty() && d.movement != "reflecteren"))
            continue;
        all_revealed = all_revealed && st.revealed;
        // A withheld step keeps its place but shows no counts: they could point to a person.
        if (withheld(d, st, s.min_answers)) {
            out.push_back({d.id, d.theme, {}, verdict::mixed, {}, false, {}, true});
            continue;
        }
        // One aggregate (paper answers counted in) gives both the theme's totals and, when it
        // is not solid, the questions to start with.
        std::vector<std::string> ids;
        ids.reserve(d.items.size());
        for (const auto& it : d.items)
            ids.push_back(it.id);
        const auto items =
            traffic_light::aggregate(ids, st.get<traffic_light::responses>(), st.paper.counts)
                .items; // most disputed first
        traffic_light::tally t;
        for (const auto& x : items) {
            t.green += x.green;
            t.orange += x.orange;
            t.red += x.red;
            t.pass += x.pass;
        }
        const verdict v = verdict_of(t.green, t.orange, t.red);
        // As the wegwijzer says ("Staat de basis stevig …? Zet dan een volgende stap"): the
        // building block only when the theme is solid. Otherwise what to talk about first:
        // the questions with the most red (work first), or the most disputed ones (mixed).
        wire::theme_score score{d.id, d.theme, t, v, {}, false, {}, false};
        if (v == verdict::solid) {
            score.next = d.links;
            score.inferred = d.links_inferred;
        } else {
            const auto start = v == verdict::work_first ? traffic_light::most_red(items)
                                                        : traffic_light::most_disputed(items);
            for (std::size_t k = 0; k < start.size() && k < 2; ++k)
                score.first.push_back(start[k].item);
        }
        out.push_back(std::move(score));
    }
    if (r != role::facilitator && !all_revealed)
        return {};
    return out;
}

json make_summary(const session_state& s, role r) {
    return json(summary_of(s, r));
}

namespace {

wire::view build_view(const session_state& s, role r, std::uint32_t online,
                      const view_context& ctx) {
    const bool fac = r == role::facilitator;
    wire::view v;
    v.rev = s.rev;
    v.as = r;
    v.code = s.join_code;
    v.projector_lang = s.projector_lang;
    // Removed devices are no longer in the room: "n van m" counts only those who are.
    // Their answers stay in the results unless discarded, but not in a step's progress.
    std::vector<participant_id> removed;
    for (const participant& p : s.participants)
        if (p.removed)
            removed.push_back(p.id);
    v.joined = static_cast<std::uint32_t>(s.participants.size() - removed.size());
    v.online = online;
    if (s.current >= 0)
        v.current = s.def.steps[static_cast<std::size_t>(s.current)].id;
    v.steps.reserve(s.def.steps.size());
    for (std::size_t i = 0; i < s.def.steps.size() && i < s.steps.size(); ++i) {
        const auto& def = s.def.steps[i];
        const auto& st = s.steps[i];
        wire::step_status& ss = v.steps.emplace_back();
        ss.id = def.id;
        ss.ph = st.ph;
        ss.revealed = st.revealed;
        ss.answered = answered(def, st);
        ss.complete = complete(def, st);
        for (participant_id pid : removed) {
            const own_answers kept = answers_of(def, st, pid);
            ss.answered -= kept.any ? 1 : 0;
            ss.complete -= kept.all ? 1 : 0;
        }
        ss.locked = st.locked;
        // Live on the projector only: to a phone the step is not live.
        ss.live = r == role::participant ? st.live && st.live_phones : st.live;
        ss.live_phones = st.live && st.live_phones;
        ss.paper = paper_answers(def, st);
        ss.page = st.page;
        ss.plan_image = st.plan.id;
        ss.plan_width = st.plan.width;
        ss.plan_height = st.plan.height;
        if (const auto* c = std::get_if<image_choice::responses>(&st.answers))
            ss.own_images = c->own;
        if (def.kind == activity_kind::dot_vote && (!def.has_source() || st.options_fixed))
            ss.options = vote_options(def, st);
        // Results are for the facilitator always, for everyone else once revealed or
        // while live. Below the threshold nobody sees them, nor the comments: with so few
        // answers a result could point to a person.
        if (!fac && !st.revealed && !ss.live)
            continue;
        const bool held = withheld(def, st, s.min_answers);
        v.results.push_back(held ? withheld_result_of(def, st) : result_of(def, st, r));
        if (fac && !held)
            add_comments(v.comments, def, st);
    }
    v.summary = summary_of(s, r);
    v.now = ctx.now_ms;
    v.timer = timer_of(s);
    v.paused = s.paused;
    v.ended = s.ended;
    v.follow = s.follow;
    v.min_answers = s.min_answers;
    if (fac)
        for (std::size_t i = 0; i < s.def.steps.size() && i < s.steps.size(); ++i)
            if (!s.steps[i].note.empty())
                v.notes.push_back({s.def.steps[i].id, s.steps[i].note});
    if (fac || r == role::projector)
        v.compare = comparison_in_view(s, ctx, r);
    return v;
}

std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace

std::string make_view(const session_state& s, role r, std::uint32_t online,
                      const view_context& ctx) {
    return dump(json(build_view(s, r, online, ctx)));
}

std::string make_devices(const session_state& s, const std::set<participant_id>& online) {
    wire::devices m{s.rev, {}};
    for (const auto& p : s.participants)
        if (!p.removed)
            m.list.push_back({p.id, p.name, online.count(p.id) > 0});
    return dump(json(m));
}

namespace {

/** What view `j` shows: without the counters, and its results apart. */
view_shown_parts shown_of(json j) {
    // The counters: they move with every join, answer and connection.
    for (const char* key : {"rev", "joined", "online", "now"})
        j.erase(key);
    for (auto& st : j["steps"]) {
        st.erase("answered");
        st.erase("complete");
    }
    view_shown_parts out;
    json results = json::object();
    for (const char* key : {"results", "summary"}) {
        if (auto it = j.find(key); it != j.end()) {
            results[key] = std::move(*it);
            j.erase(it);
        }
    }
    out.layout = dump(j);
    out.results = dump(results);
    return out;
}

} // namespace

view_shown_parts view_shown(const session_state& s, role r, const view_context& ctx) {
    return shown_of(json(build_view(s, r, 0, ctx)));
}

view_texts make_view_texts(const session_state& s, role r, std::uint32_t online,
                           const view_context& ctx, const results_by_step* since,
                           std::set<std::string>* changed) {
    wire::view v = build_view(s, r, online, ctx);
    json j = v;
    view_texts out;
    out.full = dump(j);
    // The update: the counters of `v`, then the results it carries, taken over (not copied).
    std::vector<wire::step_result> results = std::move(v.results);
    v.results.clear();
    wire::view_update u = wire::update_of(v);
    for (std::size_t i = 0; i < results.size(); ++i) {
        std::string step = results[i].step;
        std::string text = dump(j["results"][i]);
        bool include = true;
        if (since && changed) {
            const auto it = since->find(step);
            if (it == since->end() || it->second != text)
                changed->insert(step);
            include = changed->count(step) > 0;
        }
        if (include)
            u.results.push_back(std::move(results[i]));
        out.results.emplace(std::move(step), std::move(text));
    }
    out.update = dump(json(u));
    out.shown = shown_of(std::move(j));
    return out;
}

} // namespace kring
