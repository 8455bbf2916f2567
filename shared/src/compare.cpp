#include "kring/compare.hpp"

#include "kring/wire.hpp"

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

/** `n`: the non-pass answers, paper included. */
wire::share shares_of(const traffic_light::tally& t) {
    wire::share s;
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

void add_step(std::vector<wire::compare_item>& items, const session_state& before,
              const session_state& after, std::size_t step_index, lang l, bool after_room_only) {
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
        const wire::share a = shares_of(tally_with_paper(d, *now, i));
        const wire::share b =
            shares_of(tally_with_paper(before_def, *then, static_cast<std::size_t>(j)));
        items.push_back(wire::compare_item{
            d.id, d.items[i].id, d.items[i].text.in(l), b, a,
            wire::share_change{a.green - b.green, a.orange - b.orange, a.red - b.red}});
    }
}

} // namespace

bool shown_to_room(const step_state& st) {
    return st.revealed || st.live;
}

bool same_template(const session_state& a, const session_state& b) {
    return !a.def.template_id.empty() && a.def.template_id == b.def.template_id;
}

wire::comparison compare_of(const session_state& before, const session_state& after, lang l,
                            bool after_room_only) {
    wire::comparison c{before.id, before.created_at, before.def.title.in(l), {}};
    for (std::size_t i = 0; i < after.def.steps.size() && i < after.steps.size(); ++i)
        add_step(c.items, before, after, i, l, after_room_only);
    return c;
}

json compare_sessions(const session_state& before, const session_state& after, lang l,
                      bool after_room_only) {
    return json(compare_of(before, after, l, after_room_only));
}

} // namespace kring
