#include "kring/traffic_light.hpp"

#include "kring/content_reader.hpp"
#include "kring/wire.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace kring::traffic_light {

const char* to_string(light l) {
    switch (l) {
    case light::green:
        return "green";
    case light::orange:
        return "orange";
    case light::red:
        return "red";
    case light::pass:
        return "pass";
    case light::none:
        break;
    }
    return "none";
}

std::optional<light> light_from_string(std::string_view s) {
    if (s == "green")
        return light::green;
    if (s == "orange")
        return light::orange;
    if (s == "red")
        return light::red;
    if (s == "pass")
        return light::pass;
    return std::nullopt;
}

//----------------------------------------------------------------------------------------

namespace {

void count(tally& t, light l, int delta) {
    auto bump = [delta](std::uint32_t& n) {
        n = static_cast<std::uint32_t>(static_cast<int>(n) + delta);
    };
    switch (l) {
    case light::green:
        bump(t.green);
        break;
    case light::orange:
        bump(t.orange);
        break;
    case light::red:
        bump(t.red);
        break;
    case light::pass:
        bump(t.pass);
        break;
    case light::none:
        break;
    }
}

/** How many items of the sheet have an answer (pass included). */
std::size_t answers_in(const sheet& s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](const answer& a) { return a.value != light::none; }));
}

} // namespace

void responses::set(std::uint32_t pid, std::size_t item, std::size_t n_items, answer a) {
    if (item >= n_items)
        return;
    if (tallies.size() < n_items)
        tallies.resize(n_items);
    sheet& s = sheets[pid];
    // The per-person counters stay right by comparing before and after; "after" follows from
    // "before" and the one item that changes, so the sheet is counted once.
    const std::size_t before = answers_in(s);
    const bool was_complete = s.size() == n_items && before == n_items;
    if (s.size() < n_items)
        s.resize(n_items);
    const light old = s[item].value;
    count(tallies[item], old, -1);
    count(tallies[item], a.value, +1);
    s[item] = std::move(a);
    const std::size_t after = before - static_cast<std::size_t>(old != light::none) +
                              static_cast<std::size_t>(s[item].value != light::none);
    const bool is_complete = s.size() == n_items && after == n_items;
    answered += static_cast<std::uint32_t>(after > 0) - static_cast<std::uint32_t>(before > 0);
    complete += static_cast<std::uint32_t>(is_complete) - static_cast<std::uint32_t>(was_complete);
}

double spread(const tally& t) {
    const double n = static_cast<double>(t.green) + t.orange + t.red;
    if (n < 2)
        return 0.0;
    const double mean = (t.orange * 1.0 + t.red * 2.0) / n;
    const double var = (t.green * mean * mean + t.orange * (1 - mean) * (1 - mean) +
                        t.red * (2 - mean) * (2 - mean)) /
                       n;
    return std::sqrt(var);
}

tally with_paper(tally t, const paper_counts& paper) {
    for (const auto& [value, n] : paper) {
        if (value == "green")
            t.green += n;
        else if (value == "orange")
            t.orange += n;
        else if (value == "red")
            t.red += n;
        else if (value == "pass")
            t.pass += n;
    }
    return t;
}

step_result aggregate(const std::vector<std::string>& item_ids, const responses& r) {
    return aggregate(item_ids, r, {});
}

std::vector<std::uint32_t> heading_blocks(const std::vector<item_def>& items) {
    std::vector<std::uint32_t> out(items.size());
    std::uint32_t block = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const bool same = i > 0 && !items[i].group.empty() && items[i].group == items[i - 1].group;
        if (i > 0 && !same)
            ++block;
        out[i] = block;
    }
    return out;
}

void order_by_spread(std::vector<item_result>& items, const std::vector<std::uint32_t>& blocks) {
    auto block_of = [&](const item_result& r) {
        return r.index < blocks.size() ? blocks[r.index] : static_cast<std::uint32_t>(r.index);
    };
    std::uint32_t n = 0;
    for (const auto& r : items)
        n = std::max(n, block_of(r) + 1);
    std::vector<double> top(n, 0.0); // per block its largest spread (spreads are >= 0)
    for (const auto& r : items)
        top[block_of(r)] = std::max(top[block_of(r)], r.spread);
    std::stable_sort(items.begin(), items.end(), [&](const item_result& a, const item_result& b) {
        const std::uint32_t ba = block_of(a), bb = block_of(b);
        if (ba != bb) {
            const double ta = top[ba], tb = top[bb];
            return ta != tb ? ta > tb : ba < bb;
        }
        return a.spread != b.spread ? a.spread > b.spread : a.index < b.index;
    });
}

step_result aggregate(const std::vector<std::string>& item_ids, const responses& r,
                      const std::map<std::string, paper_counts>& paper,
                      const std::vector<std::uint32_t>& blocks) {
    step_result out = aggregate(item_ids, r, paper);
    order_by_spread(out.items, blocks);
    return out;
}

step_result aggregate(const std::vector<std::string>& item_ids, const responses& r,
                      const std::map<std::string, paper_counts>& paper) {
    step_result out;
    out.total = r.answered;
    out.items.reserve(item_ids.size());
    for (std::size_t i = 0; i < item_ids.size(); ++i) {
        tally t = i < r.tallies.size() ? r.tallies[i] : tally{};
        if (const auto p = paper.find(item_ids[i]); p != paper.end())
            t = with_paper(t, p->second);
        item_result ir;
        ir.item = item_ids[i];
        ir.index = static_cast<std::uint32_t>(i);
        ir.green = t.green;
        ir.orange = t.orange;
        ir.red = t.red;
        ir.pass = t.pass;
        // Rounded so that every client sorts and shows the same number.
        ir.spread = std::round(spread(t) * 1000.0) / 1000.0;
        out.items.push_back(std::move(ir));
    }
    // Most disputed first; content order breaks ties, so the order is deterministic.
    std::stable_sort(
        out.items.begin(), out.items.end(),
        [](const item_result& a, const item_result& b) { return a.spread > b.spread; });
    return out;
}

std::vector<item_result> most_red(std::vector<item_result> items) {
    std::erase_if(items, [](const item_result& r) { return r.red == 0; });
    std::stable_sort(items.begin(), items.end(), [](const item_result& a, const item_result& b) {
        return a.red != b.red ? a.red > b.red : a.index < b.index;
    });
    return items;
}

std::vector<item_result> most_disputed(std::vector<item_result> items) {
    std::erase_if(items, [](const item_result& r) { return r.spread <= 0.0; });
    return items;
}

std::vector<tally> tallies_from_sheets(const std::map<std::uint32_t, sheet>& sheets,
                                       std::size_t n_items) {
    std::vector<tally> out(n_items);
    for (const auto& [pid, s] : sheets)
        for (std::size_t i = 0; i < s.size() && i < n_items; ++i)
            count(out[i], s[i].value, +1);
    return out;
}

namespace {

/** The result's `items` (docs/protocol.md, "results[] per kind"). */
nlohmann::json items_json(const std::vector<item_result>& items) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& ir : items)
        out.push_back(nlohmann::json{{"item", ir.item},
                                     {"index", ir.index},
                                     {"green", ir.green},
                                     {"orange", ir.orange},
                                     {"red", ir.red},
                                     {"pass", ir.pass},
                                     {"spread", ir.spread}});
    return out;
}

} // namespace

void responses::fill_result(wire::step_result& out, const responses& r, const result_input& in) {
    std::vector<std::string> ids;
    ids.reserve(in.def.items.size());
    for (const auto& it : in.def.items)
        ids.push_back(it.id);
    // Items under a heading stay together (docs/protocol.md, "results[] per kind").
    auto res = aggregate(ids, r, in.paper, heading_blocks(in.def.items));
    out.total = res.total;
    out.lights = std::move(res.items);
}

void responses::settings_json(nlohmann::json& j, const step_def& d) {
    j["theme"] = d.theme;
}

bool responses::counts_on_paper(const step_def& d, const std::vector<option_def>& options,
                                const std::string& value) {
    (void)d;
    (void)options;
    return light_from_string(value).has_value();
}

void responses::read_settings(step_def& d, const wire::reader& r) {
    d.theme = r.str("theme");
}

void responses::read_result(wire::step_result& out, const wire::reader& r) {
    out.lights = r.list<item_result>("items", [](const wire::reader& x) {
        item_result i;
        i.item = x.str("item");
        i.index = x.u32("index");
        i.green = x.u32("green");
        i.orange = x.u32("orange");
        i.red = x.u32("red");
        i.pass = x.u32("pass");
        i.spread = x.number("spread");
        return i;
    });
}

void responses::write_result(nlohmann::json& j, const wire::step_result& in) {
    j["items"] = items_json(in.lights);
}

void responses::read_definition(step_def& d, const content_reader& r) {
    d.items = r.rated_items(true);
    // A reflection theme points on to its building blocks (view.summary's next).
    if (const theme* th = r.step_theme())
        d.movement = th->movement;
    if (const theme* th = r.step_theme(); th && th->movement == "reflecteren") {
        d.links = th->links;
        d.links_inferred = th->link_source == "inferred";
    }
}

} // namespace kring::traffic_light
