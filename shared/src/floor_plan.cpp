#include "kring/floor_plan.hpp"

#include "kring/content_reader.hpp"
#include "kring/rules.hpp"
#include "kring/wire.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace kring::floor_plan {

const char* to_string(mode m) {
    return m == mode::routes ? "routes" : "pins";
}

bool mode_from_string(const std::string& s, mode& out) {
    if (s == "pins")
        out = mode::pins;
    else if (s == "routes")
        out = mode::routes;
    else
        return false;
    return true;
}

namespace {

using nlohmann::json;
using result_t = checked<answer>;

bool valid_mark_id(const json& v) {
    if (!v.is_string())
        return false;
    const auto& s = v.get_ref<const std::string&>();
    if (s.empty() || s.size() > max_mark_id)
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
}

/** A plan coordinate: a number from 0 to 1, in thousandths. */
bool read_coord(const json& v, coord& out) {
    if (!v.is_number())
        return false;
    const double d = v.get<double>();
    if (!(d >= 0.0 && d <= 1.0)) // also refuses NaN
        return false;
    out = static_cast<coord>(std::lround(d * scale));
    return true;
}

result_t fail(std::string message) {
    return result_t::fail(errc::bad_value, std::move(message));
}

bool has_category(const step_def& d, const std::string& id) {
    return std::any_of(d.pin_categories.begin(), d.pin_categories.end(),
                       [&](const category& c) { return c.id == id; });
}

result_t read_pins(const step_def& d, const json& value, const limits& lim) {
    answer a;
    std::set<std::string> ids;
    for (const auto& v : value) {
        if (!v.is_object())
            return fail("each pin must be an object");
        pin p;
        const auto id = v.find("id");
        if (id == v.end() || !valid_mark_id(*id))
            return fail("each pin needs an id of 1 to 12 letters, digits, '_' or '-'");
        p.id = id->get<std::string>();
        if (!ids.insert(p.id).second)
            return fail("two pins with the id '" + p.id + "'");
        const auto x = v.find("x");
        const auto y = v.find("y");
        if (x == v.end() || y == v.end() || !read_coord(*x, p.x) || !read_coord(*y, p.y))
            return fail("a pin's x and y must be numbers from 0 to 1");
        const auto cat = v.find("category");
        if (cat == v.end() || !cat->is_string() || !has_category(d, cat->get<std::string>()))
            return fail("a pin's category must be one of the step's categories");
        p.category = cat->get<std::string>();
        if (const auto c = v.find("comment"); c != v.end() && !c->is_null()) {
            auto text =
                participant_text(*c, 0, static_cast<std::size_t>(d.max_length), "comment", lim);
            if (!text.ok())
                return result_t::fail(text.err.code, text.err.message);
            p.comment = std::move(*text.value);
        }
        a.pins.push_back(std::move(p));
    }
    return result_t::good(std::move(a));
}

bool has_slot(const step_def& d, const std::string& id) {
    return std::any_of(d.slots.begin(), d.slots.end(),
                       [&](const option_def& s) { return s.id == id; });
}

result_t read_routes(const step_def& d, const json& value) {
    answer a;
    std::set<std::string> ids;
    for (const auto& v : value) {
        if (!v.is_object())
            return fail("each route must be an object");
        route r;
        const auto id = v.find("id");
        if (id == v.end() || !valid_mark_id(*id))
            return fail("each route needs an id of 1 to 12 letters, digits, '_' or '-'");
        r.id = id->get<std::string>();
        if (!ids.insert(r.id).second)
            return fail("two routes with the id '" + r.id + "'");
        const auto slot = v.find("slot");
        if (slot == v.end() || !slot->is_string() || !has_slot(d, slot->get<std::string>()))
            return fail("a route's slot must be one of the step's time slots");
        r.slot = slot->get<std::string>();
        const auto points = v.find("points");
        if (points == v.end() || !points->is_array() || points->size() < min_points ||
            points->size() > max_points)
            return fail("a route needs 2 to 60 points");
        for (const auto& p : *points) {
            coord x = 0, y = 0;
            if (!p.is_array() || p.size() != 2 || !read_coord(p[0], x) || !read_coord(p[1], y))
                return fail("each point of a route must be [x, y] with numbers from 0 to 1");
            r.points.emplace_back(x, y);
        }
        a.routes.push_back(std::move(r));
    }
    return result_t::good(std::move(a));
}

json coord_json(coord c) {
    return unit(c);
}

} // namespace

checked<answer> validate(const step_def& d, const json& value, const std::string& comment,
                         const limits& lim) {
    if (!comment.empty())
        return fail("a floor plan takes no comment besides its pins");
    const char* noun = d.plan_mode == mode::routes ? "routes" : "pins";
    if (!value.is_array())
        return fail(std::string("the value must be an array of ") + noun);
    if (value.size() > static_cast<std::size_t>(d.max_entries))
        return result_t::fail(errc::bad_value,
                              "at most " + std::to_string(d.max_entries) + " " + noun);
    return d.plan_mode == mode::routes ? read_routes(d, value) : read_pins(d, value, lim);
}

json value_json(const answer& a) {
    json out = json::array();
    for (const auto& p : a.pins) {
        json j{
            {"id", p.id}, {"x", coord_json(p.x)}, {"y", coord_json(p.y)}, {"category", p.category}};
        if (!p.comment.empty())
            j["comment"] = p.comment;
        out.push_back(std::move(j));
    }
    for (const auto& r : a.routes) {
        json points = json::array();
        for (const auto& [x, y] : r.points)
            points.push_back(json::array({coord_json(x), coord_json(y)}));
        out.push_back(json{{"id", r.id}, {"slot", r.slot}, {"points", std::move(points)}});
    }
    return out;
}

void apply(responses& r, participant_id pid, answer a) {
    if (a.pins.empty() && a.routes.empty())
        r.by.erase(pid);
    else
        r.by[pid] = std::move(a);
}

std::string card_of(participant_id pid, const std::string& mark_id) {
    return cards::id_of("plan\x1f" + std::to_string(pid) + '\x1f' + mark_id);
}

std::set<std::string> card_ids(const responses& r) {
    std::set<std::string> out;
    for (const auto& [pid, a] : r.by) {
        for (const auto& p : a.pins)
            out.insert(card_of(pid, p.id));
        for (const auto& x : a.routes)
            out.insert(card_of(pid, x.id));
    }
    return out;
}

const area* area_at(const step_def& d, double x, double y) {
    for (const auto& a : d.areas)
        if (x >= a.x && x <= a.x + a.w && y >= a.y && y <= a.y + a.h)
            return &a;
    return nullptr;
}

namespace {

std::size_t category_rank(const step_def& d, const std::string& id) {
    for (std::size_t i = 0; i < d.pin_categories.size(); ++i)
        if (d.pin_categories[i].id == id)
            return i;
    return d.pin_categories.size();
}

std::size_t slot_rank(const step_def& d, const std::string& id) {
    for (std::size_t i = 0; i < d.slots.size(); ++i)
        if (d.slots[i].id == id)
            return i;
    return d.slots.size();
}

/** The cell of a coordinate on a grid of n cells (1000 falls in the last). */
std::uint32_t cell(coord c, std::uint32_t n) {
    return std::min<std::uint32_t>(n - 1, static_cast<std::uint32_t>(c) * n / scale);
}

} // namespace

namespace {

/** The visible pins of one grid cell of one category: sums of their positions (thousandths). */
struct cell_sum {
    std::uint64_t x = 0, y = 0;
    std::uint32_t n = 0;
};
using cell_sums = std::map<std::pair<std::string, std::uint32_t>, cell_sum>; // (category, cell)

/**
 * Joins the cells of one category whose centres are closer than cluster_join, the closest
 * pair first, until none is (at most cluster_cells² cells per category: a few thousand
 * distance checks per join). Deterministic: the map's order breaks ties.
 */
void join_close_cells(cell_sums& sums) {
    const double limit = cluster_join * 1000.0; // in thousandths
    for (;;) {
        auto best_a = sums.end(), best_b = sums.end();
        double best = limit * limit;
        for (auto a = sums.begin(); a != sums.end(); ++a)
            for (auto b = std::next(a); b != sums.end() && b->first.first == a->first.first; ++b) {
                const double dx = static_cast<double>(a->second.x) / a->second.n -
                                  static_cast<double>(b->second.x) / b->second.n;
                const double dy = static_cast<double>(a->second.y) / a->second.n -
                                  static_cast<double>(b->second.y) / b->second.n;
                if (dx * dx + dy * dy < best) {
                    best = dx * dx + dy * dy;
                    best_a = a;
                    best_b = b;
                }
            }
        if (best_a == sums.end())
            return;
        best_a->second.x += best_b->second.x;
        best_a->second.y += best_b->second.y;
        best_a->second.n += best_b->second.n;
        sums.erase(best_b);
    }
}

} // namespace

result aggregate(const step_def& d, const responses& r, const cards::moderation& m) {
    result out;
    // The cards present matter only to merges (cards::moderation::target); without any, the
    // pins' cards are not hashed twice on every view.
    const std::set<std::string> present =
        m.merged_into.empty() ? std::set<std::string>{} : card_ids(r);
    cell_sums sums;
    for (const auto& [pid, a] : r.by) {
        ++out.total;
        for (const auto& p : a.pins) {
            pin_row row{card_of(pid, p.id), unit(p.x), unit(p.y), p.category, p.comment, false};
            row.hidden = !m.visible(row.card, present);
            if (!row.hidden) {
                auto& cells = out.heat.cells[p.category];
                cells.resize(static_cast<std::size_t>(out.heat.cols) * out.heat.rows);
                ++cells[cell(p.y, out.heat.rows) * out.heat.cols + cell(p.x, out.heat.cols)];
                auto& s = sums[{p.category, cell(p.y, cluster_cells) * cluster_cells +
                                                cell(p.x, cluster_cells)}];
                s.x += p.x;
                s.y += p.y;
                ++s.n;
            }
            out.pins.push_back(std::move(row));
        }
        for (const auto& x : a.routes) {
            route_row row{card_of(pid, x.id), x.slot, {}, false};
            row.hidden = !m.visible(row.card, present);
            for (const auto& [px, py] : x.points)
                row.points.emplace_back(unit(px), unit(py));
            out.routes.push_back(std::move(row));
        }
    }
    join_close_cells(sums);
    for (const auto& [key, s] : sums) {
        const double n = s.n;
        // Means in thousandths, rounded, so every client draws the same position.
        out.clusters.push_back(cluster{key.first, unit(static_cast<coord>(std::lround(s.x / n))),
                                       unit(static_cast<coord>(std::lround(s.y / n))), s.n});
    }
    std::sort(out.clusters.begin(), out.clusters.end(), [&](const cluster& a, const cluster& b) {
        return std::make_tuple(-static_cast<std::int64_t>(a.n), category_rank(d, a.category), a.y,
                               a.x) < std::make_tuple(-static_cast<std::int64_t>(b.n),
                                                      category_rank(d, b.category), b.y, b.x);
    });
    std::sort(out.pins.begin(), out.pins.end(), [&](const pin_row& a, const pin_row& b) {
        return std::make_tuple(category_rank(d, a.category), a.y, a.x, a.card) <
               std::make_tuple(category_rank(d, b.category), b.y, b.x, b.card);
    });
    std::sort(out.routes.begin(), out.routes.end(), [&](const route_row& a, const route_row& b) {
        return std::make_tuple(slot_rank(d, a.slot), a.card) <
               std::make_tuple(slot_rank(d, b.slot), b.card);
    });
    return out;
}

checked<answer> check(const responses&, const answer_input& in) {
    return validate(in.def, in.value, in.comment, in.lim);
}

void responses::fill_result(wire::step_result& out, const responses& r, const result_input& in) {
    auto res = aggregate(in.def, r, in.moderation);
    out.total = res.total;
    if (!in.facilitator) {
        std::erase_if(res.pins, [](const pin_row& p) { return p.hidden; });
        std::erase_if(res.routes, [](const route_row& x) { return x.hidden; });
    }
    out.pins = std::move(res.pins);
    out.clusters = std::move(res.clusters);
    out.heat_cols = res.heat.cols;
    out.heat_rows = res.heat.rows;
    out.heat = std::move(res.heat.cells);
    out.routes = std::move(res.routes);
}

void responses::write_result(json& j, const wire::step_result& in) {
    json pins = json::array();
    for (const auto& p : in.pins) {
        json x{{"card", p.card}, {"x", p.x}, {"y", p.y}, {"category", p.category}};
        if (!p.comment.empty())
            x["comment"] = p.comment;
        if (p.hidden)
            x["hidden"] = true;
        pins.push_back(std::move(x));
    }
    json clusters = json::array();
    for (const auto& c : in.clusters)
        clusters.push_back(json{{"category", c.category}, {"x", c.x}, {"y", c.y}, {"n", c.n}});
    json cells = json::object();
    for (const auto& [cat, counts] : in.heat)
        cells[cat] = counts;
    json routes = json::array();
    for (const auto& x : in.routes) {
        json points = json::array();
        for (const auto& [px, py] : x.points)
            points.push_back(json::array({px, py}));
        json row{{"card", x.card}, {"slot", x.slot}, {"points", std::move(points)}};
        if (x.hidden)
            row["hidden"] = true;
        routes.push_back(std::move(row));
    }
    j["pins"] = std::move(pins);
    j["clusters"] = std::move(clusters);
    j["heat"] = json{{"cols", in.heat_cols}, {"rows", in.heat_rows}, {"cells", std::move(cells)}};
    j["routes"] = std::move(routes);
}

namespace {

/** A position in a result: a number from 0 to 1. */
double position(const wire::reader& r, const char* key) {
    const double v = r.number(key);
    if (!(v >= 0.0 && v <= 1.0))
        r.bad_value(key, "must be from 0 to 1");
    return v;
}

} // namespace

void responses::read_result(wire::step_result& out, const wire::reader& r) {
    out.pins = r.list<pin_row>("pins", [](const wire::reader& x) {
        pin_row p;
        p.card = x.str("card");
        p.x = position(x, "x");
        p.y = position(x, "y");
        p.category = x.str("category");
        if (x.has("comment"))
            p.comment = x.str("comment");
        p.hidden = x.opt_flag("hidden");
        return p;
    });
    out.clusters = r.list<cluster>("clusters", [](const wire::reader& x) {
        return cluster{x.str("category"), position(x, "x"), position(x, "y"), x.u32("n")};
    });
    const wire::reader heat = r.object("heat");
    out.heat_cols = heat.u32("cols");
    out.heat_rows = heat.u32("rows");
    if (out.heat_cols == 0 || out.heat_rows == 0 || out.heat_cols > 256 || out.heat_rows > 256)
        heat.bad_value("cols", "the grid must be 1 to 256 cells each way");
    out.heat.clear();
    const wire::reader cells = heat.object("cells");
    for (const auto& key : cells.keys()) {
        auto counts = cells.counts(key.c_str());
        if (counts.size() != static_cast<std::size_t>(out.heat_cols) * out.heat_rows)
            cells.bad_value(key.c_str(), "must hold cols x rows counts");
        out.heat[key] = std::move(counts);
    }
    out.routes = r.list<route_row>("routes", [](const wire::reader& x) {
        route_row row;
        row.card = x.str("card");
        row.slot = x.str("slot");
        row.hidden = x.opt_flag("hidden");
        row.points = x.points("points");
        return row;
    });
}

void responses::settings_json(json& j, const step_def& d) {
    j["mode"] = to_string(d.plan_mode);
    j[max_entries_setting.key] = d.max_entries;
    j[open_text::max_length_setting.key] = d.max_length;
    j["aspect"] = d.aspect;
    json cats = json::array();
    for (const auto& c : d.pin_categories)
        cats.push_back(json{{"id", c.id}, {"text", text_json(c.text)}, {"tone", c.tone}});
    j["categories"] = std::move(cats);
    json areas = json::array();
    for (const auto& a : d.areas)
        areas.push_back(json{{"id", a.id},
                             {"text", text_json(a.text)},
                             {"x", a.x},
                             {"y", a.y},
                             {"w", a.w},
                             {"h", a.h}});
    j["areas"] = std::move(areas);
    j["slots"] = options_json(d.slots);
}

void responses::read_settings(step_def& d, const wire::reader& r) {
    if (!mode_from_string(r.str("mode"), d.plan_mode))
        r.bad_value("mode", "must be pins or routes");
    d.max_entries = r.setting(max_entries_setting);
    d.max_length = r.setting(open_text::max_length_setting);
    d.aspect = r.number("aspect");
    if (!(d.aspect >= min_aspect && d.aspect <= max_aspect))
        r.bad_value("aspect", "must be from 0.5 to 3");
    d.pin_categories = r.list<category>("categories", [](const wire::reader& x) {
        return category{x.str("id"), x.text("text"), x.str("tone")};
    });
    d.areas = r.list<area>("areas", [](const wire::reader& x) {
        return area{x.str("id"),      x.text("text"),   position(x, "x"),
                    position(x, "y"), position(x, "w"), position(x, "h")};
    });
    d.slots = r.options("slots");
}

void responses::report_definition(json& j, const step_def& d, const std::vector<option_def>&,
                                  lang l) {
    j["mode"] = to_string(d.plan_mode);
    j["aspect"] = d.aspect;
    json cats = json::array();
    for (const auto& c : d.pin_categories)
        cats.push_back(json{{"id", c.id}, {"text", c.text.in(l)}, {"tone", c.tone}});
    j["categories"] = std::move(cats);
    json areas = json::array();
    for (const auto& a : d.areas)
        areas.push_back(json{
            {"id", a.id}, {"text", a.text.in(l)}, {"x", a.x}, {"y", a.y}, {"w", a.w}, {"h", a.h}});
    j["areas"] = std::move(areas);
    j["slots"] = text_list(d.slots, l);
}

void responses::read_definition(step_def& d, const content_reader& r) {
    if (r.has("mode") && !mode_from_string(r.str("mode"), d.plan_mode))
        r.refuse("mode", "must be pins or routes");
    d.max_entries = r.setting(max_entries_setting);
    d.max_length = r.setting(open_text::max_length_setting);
    d.aspect = r.number("aspect", min_aspect, max_aspect, 1.5);
    if (d.plan_mode == mode::pins) {
        for (const auto& c : r.objects("categories", 1, max_categories)) {
            category cat{c.str("id"), c.need_text("text"), c.str("tone")};
            if (!find_pin_tone(pin_tones(), cat.tone))
                c.refuse("tone", "must be green, orange, red, blue or purple");
            for (const auto& other : d.pin_categories)
                if (other.id == cat.id)
                    c.refuse("id", "duplicate id '" + cat.id + "'");
            d.pin_categories.push_back(std::move(cat));
        }
    } else {
        d.slots = r.options("slots", 1, max_slots);
    }
    if (r.has("areas"))
        for (const auto& a : r.objects("areas", 0, max_areas)) {
            area x{a.str("id"),
                   a.need_text("text"),
                   a.number("x", 0, 1, 0),
                   a.number("y", 0, 1, 0),
                   a.number("w", 0.01, 1, 0.1),
                   a.number("h", 0.01, 1, 0.1)};
            if (x.x + x.w > 1.0 + 1e-9 || x.y + x.h > 1.0 + 1e-9)
                a.refuse(nullptr, "a room must lie inside the plan (x + w and y + h at most 1)");
            d.areas.push_back(std::move(x));
        }
}

} // namespace kring::floor_plan
