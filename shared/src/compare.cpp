#include "kring/compare.hpp"

#include <cmath>

using nlohmann::json;

namespace kring {

namespace {

/** Whole percentage of part in n; 0 when there is nothing to divide. */
int percent(std::uint32_t part, std::uint32_t n) {
    if (n == 0)
        return 0;
    return static_cast<int>(std::lround(100.0 * static_cast<double>(part) / n));
}

struct shares {
    int green = 0, orange = 0, red = 0;
    std::uint32_t n = 0; // non-pass answers, paper included
};

shares shares_of(const traffic_light::tally& t) {
    shares s;
    s.n = t.green + t.orange + t.red;
    s.green = percent(t.green, s.n);
    s.orange = percent(t.orange, s.n);
    s.red = percent(t.red, s.n);
    return s;
}

/** A statement's counts with the paper answers added. */
traffic_light::tally tally_with_paper(const step_def& d, const step_state& st, std::size_t i) {
    const traffic_light::tally digital = i < st.get<traffic_light::responses>().tallies.size()
                                             ? st.get<traffic_light::responses>().tallies[i]
                                             : traffic_light::tally{};
    const auto p = st.paper.counts.find(d.items[i].id);
    return p == st.paper.counts.end() ? digital : traffic_light::with_paper(digital, p->second);
}

json shares_json(const shares& s) {
    return json{{"green", s.green}, {"orange", s.orange}, {"red", s.red}, {"n", s.n}};
}

/**
 * The step with this id if it is a traffic-light step whose result may be shown: not
 * withheld, and with `room_only` also shown to the session's own room (revealed or live).
 */
const step_state* shown_traffic_light(const session_state& s, const std::string& step_id,
                                      bool room_only) {
    const int i = s.def.step_index(step_id);
    if (i < 0 || static_cast<std::size_t>(i) >= s.steps.size())
        return nullptr;
    const auto& d = s.def.steps[static_cast<std::size_t>(i)];
    const auto& st = s.steps[static_cast<std::size_t>(i)];
    if (d.kind != activity_kind::traffic_light || withheld(d, st, s.min_answers))
        return nullptr;
    if (room_only && !shown_to_room(st))
        return nullptr;
    return &st;
}

void add_step(json& items, const session_state& before, const session_state& after,
              std::size_t step_index, lang l, bool after_room_only) {
    const auto& d = after.def.steps[step_index];
    const step_state* now = shown_traffic_light(after, d.id, after_room_only);
    // The other session only with what its own room has seen: a step its facilitator
    // never revealed stays with its facilitator.
    const step_state* then = shown_traffic_light(before, d.id, true);
    if (!now || !then)
        return;
    const auto& before_def =
        before.def.steps[static_cast<std::size_t>(before.def.step_index(d.id))];
    for (std::size_t i = 0; i < d.items.size(); ++i) {
        const int j = before_def.item_index(d.items[i].id);
        if (j < 0)
            continue;
        const shares a = shares_of(tally_with_paper(d, *now, i));
        const shares b =
            shares_of(tally_with_paper(before_def, *then, static_cast<std::size_t>(j)));
        items.push_back(json{{"step", d.id},
                             {"item", d.items[i].id},
                             {"text", d.items[i].text.in(l)},
                             {"before", shares_json(b)},
                             {"after", shares_json(a)},
                             {"delta",
                              {{"green", a.green - b.green},
                               {"orange", a.orange - b.orange},
                               {"red", a.red - b.red}}}});
    }
}

} // namespace

bool shown_to_room(const step_state& st) {
    return st.revealed || st.live;
}

bool same_template(const session_state& a, const session_state& b) {
    return !a.def.template_id.empty() && a.def.template_id == b.def.template_id;
}

json compare_sessions(const session_state& before, const session_state& after, lang l,
                      bool after_room_only) {
    json items = json::array();
    for (std::size_t i = 0; i < after.def.steps.size() && i < after.steps.size(); ++i)
        add_step(items, before, after, i, l, after_room_only);
    return json{{"session", before.id},
                {"created_at", before.created_at},
                {"title", before.def.title.in(l)},
                {"items", std::move(items)}};
}

} // namespace kring
