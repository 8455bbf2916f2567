#include "kring/views.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

using nlohmann::json;

namespace kring {

namespace {

json traffic_light_items(const step_def& def, const step_state& st, std::uint32_t& total) {
    std::vector<std::string> ids;
    ids.reserve(def.items.size());
    for (const auto& it : def.items)
        ids.push_back(it.id);
    const auto r = traffic_light::aggregate(ids, st.answers);
    total = r.total;
    json items = json::array();
    for (const auto& ir : r.items)
        items.push_back(json{{"item", ir.item},
                             {"index", ir.index},
                             {"green", ir.green},
                             {"orange", ir.orange},
                             {"red", ir.red},
                             {"pass", ir.pass},
                             {"spread", ir.spread}});
    return items;
}

json options_json(const std::vector<option_def>& options) {
    json out = json::array();
    for (const auto& o : options)
        out.push_back(json{{"id", o.id}, {"text", {{"nl", o.text.nl}, {"en", o.text.en}}}});
    return out;
}

/** Comments without any trace of who wrote them, sorted by text within an item. */
void add_comments(json& comments, const step_def& def, const step_state& st) {
    if (def.kind != activity_kind::traffic_light && def.kind != activity_kind::scale)
        return;
    // One pass over the participants, collecting per item.
    std::vector<std::vector<const std::string*>> texts(def.items.size());
    if (def.kind == activity_kind::traffic_light) {
        for (const auto& [pid, sheet] : st.answers.sheets)
            for (std::size_t item = 0; item < sheet.size() && item < texts.size(); ++item)
                if (!sheet[item].comment.empty() && sheet[item].value != traffic_light::light::none)
                    texts[item].push_back(&sheet[item].comment);
    } else {
        for (const auto& [pid, sheet] : st.scale_answers.sheets)
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

} // namespace

json step_result(const step_def& d, const step_state& st, role r) {
    const bool fac = r == role::facilitator;
    json j{{"step", d.id}, {"kind", to_string(d.kind)}, {"total", 0}};
    switch (d.kind) {
    case activity_kind::traffic_light: {
        std::uint32_t total = 0;
        j["items"] = traffic_light_items(d, st, total);
        j["total"] = total;
        break;
    }
    case activity_kind::scale: {
        const auto res = scale::aggregate(d, st.scale_answers);
        j["total"] = res.total;
        j["items"] = scale::to_json(res);
        break;
    }
    case activity_kind::choice: {
        const auto res = choice::aggregate(d, st.choice_answers);
        j["total"] = res.total;
        choice::to_json(j, res);
        break;
    }
    case activity_kind::image_choice: {
        const auto res = image_choice::aggregate(d, st.image_answers);
        j["total"] = res.total;
        image_choice::to_json(j, res);
        break;
    }
    case activity_kind::open_text: {
        const auto res = open_text::aggregate(st.text_answers, st.moderation);
        j["total"] = res.total;
        open_text::to_json(j, res, fac);
        break;
    }
    case activity_kind::dot_vote: {
        const auto res = dot_vote::aggregate(vote_options(d, st), st.dot_answers);
        j["total"] = res.total;
        dot_vote::to_json(j, res);
        break;
    }
    case activity_kind::inventory: {
        const auto res = inventory::aggregate(d, st.inventory_answers, st.moderation);
        j["total"] = res.total;
        inventory::to_json(j, res, fac);
        break;
    }
    case activity_kind::action_plan: {
        const auto res = action_plan::aggregate(st.action_answers, st.moderation);
        j["total"] = res.total;
        action_plan::to_json(j, res, fac);
        break;
    }
    case activity_kind::unknown:
        break;
    }
    return j;
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
        traffic_light::tally t;
        for (const auto& x : st.answers.tallies) {
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

std::string make_view(const session_state& s, role r, std::uint32_t online) {
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
                {"complete", complete(def, st)}};
        if (def.kind == activity_kind::dot_vote && (!def.has_source() || st.options_fixed))
            sj["options"] = options_json(vote_options(def, st));
        steps.push_back(std::move(sj));
        // Results are for the facilitator always, for everyone else only once revealed.
        if (fac || st.revealed)
            results.push_back(step_result(def, st, r));
        if (fac)
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
           {"summary", make_summary(s, r)}};
    if (fac)
        j["comments"] = std::move(comments);
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace kring
