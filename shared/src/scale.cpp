#include "kring/scale.hpp"

#include "kring/content_reader.hpp"
#include "kring/wire.hpp"

#include <algorithm>
#include <cmath>

namespace kring::scale {

checked<answer> validate(const step_def& d, const nlohmann::json& value, const std::string& comment,
                         const limits& lim) {
    using result = checked<answer>;
    answer a;
    if (is_pass(value)) {
        a.pass = true;
    } else if (value.is_number_integer()) {
        const auto v = value.get<std::int64_t>();
        if (v < d.min || v > d.max)
            return result::fail(errc::bad_value, "value must be from " + std::to_string(d.min) +
                                                     " to " + std::to_string(d.max) + ", or pass");
        a.value = static_cast<int>(v);
    } else {
        return result::fail(errc::bad_value, "value must be a whole number from " +
                                                 std::to_string(d.min) + " to " +
                                                 std::to_string(d.max) + ", or pass");
    }
    if (auto e = check_text(comment, lim.max_text, "the comment"))
        return result::fail(e->code, e->message);
    a.comment = comment;
    return result::good(std::move(a));
}

nlohmann::json value_json(const answer& a) {
    return a.pass ? nlohmann::json("pass") : nlohmann::json(a.value);
}

void apply(responses& r, const step_def& d, participant_id pid, std::size_t item, answer a) {
    if (item >= d.items.size())
        return;
    sheet& s = r.sheets[pid];
    if (s.size() < d.items.size())
        s.resize(d.items.size());
    s[item] = std::move(a);
}

namespace {

/** Adds an item's paper answers: counts, pass and the values for the median. */
void add_paper(const step_def& d, item_result& out, std::vector<int>& values,
               const std::map<std::string, std::uint32_t>& paper) {
    for (const auto& [value, n] : paper) {
        if (value == "pass") {
            out.pass += n;
            continue;
        }
        for (int v = d.min; v <= d.max; ++v) {
            if (value != std::to_string(v))
                continue;
            out.counts[static_cast<std::size_t>(v - d.min)] += n;
            values.insert(values.end(), n, v);
        }
    }
}

} // namespace

result aggregate(const step_def& d, const responses& r, const paper_counts& paper) {
    result out;
    const std::size_t n = d.items.size();
    const std::size_t width = d.max >= d.min ? static_cast<std::size_t>(d.max - d.min + 1) : 0;
    out.items.resize(n);
    std::vector<std::vector<int>> values(n);
    for (std::size_t i = 0; i < n; ++i) {
        out.items[i].item = d.items[i].id;
        out.items[i].index = static_cast<std::uint32_t>(i);
        out.items[i].counts.assign(width, 0);
    }
    for (const auto& [pid, s] : r.sheets) {
        bool any = false;
        for (std::size_t i = 0; i < n && i < s.size(); ++i) {
            if (!s[i])
                continue;
            any = true;
            if (s[i]->pass) {
                ++out.items[i].pass;
            } else if (s[i]->value >= d.min && s[i]->value <= d.max) {
                ++out.items[i].counts[static_cast<std::size_t>(s[i]->value - d.min)];
                values[i].push_back(s[i]->value);
            }
        }
        out.total += any ? 1 : 0;
    }
    for (std::size_t i = 0; i < n; ++i)
        if (auto p = paper.find(d.items[i].id); p != paper.end())
            add_paper(d, out.items[i], values[i], p->second);
    for (std::size_t i = 0; i < n; ++i) {
        auto& v = values[i];
        if (v.empty())
            continue;
        std::sort(v.begin(), v.end());
        const std::size_t m = v.size() / 2;
        out.items[i].median = v.size() % 2 ? double(v[m]) : (v[m - 1] + v[m]) / 2.0;
    }
    return out;
}

namespace {

nlohmann::json items_json(const std::vector<item_result>& r) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& it : r)
        items.push_back(
            {{"item", it.item},
             {"index", it.index},
             {"counts", it.counts},
             {"pass", it.pass},
             {"median", it.median ? nlohmann::json(*it.median) : nlohmann::json(nullptr)}});
    return items;
}

} // namespace

nlohmann::json to_json(const result& r) {
    return items_json(r.items);
}

std::uint32_t answered(const responses& r) {
    std::uint32_t n = 0;
    for (const auto& [pid, s] : r.sheets)
        n += std::any_of(s.begin(), s.end(), [](const auto& a) { return a.has_value(); }) ? 1 : 0;
    return n;
}

std::uint32_t complete(const step_def& d, const responses& r) {
    std::uint32_t n = 0;
    for (const auto& [pid, s] : r.sheets)
        n += s.size() == d.items.size() && !s.empty() &&
                     std::all_of(s.begin(), s.end(), [](const auto& a) { return a.has_value(); })
                 ? 1
                 : 0;
    return n;
}

checked<answer> check(const responses&, const answer_input& in) {
    return validate(in.def, in.value, in.comment, in.lim);
}

void responses::fill_result(wire::step_result& out, const responses& r, const result_input& in) {
    auto res = aggregate(in.def, r, in.paper);
    out.total = res.total;
    out.scale = std::move(res.items);
}

void responses::settings_json(nlohmann::json& j, const step_def& d) {
    j[min_setting.key] = d.min;
    j[max_setting.key] = d.max;
    j["labels"] = nlohmann::json{{"min", text_json(d.label_min)}, {"max", text_json(d.label_max)}};
}

bool responses::counts_on_paper(const step_def& d, const std::vector<option_def>& options,
                                const std::string& value) {
    (void)options;
    if (value == "pass")
        return true;
    for (int v = d.min; v <= d.max; ++v)
        if (value == std::to_string(v))
            return true;
    return false;
}

void responses::report_definition(nlohmann::json& j, const step_def& d,
                                  const std::vector<option_def>& options, lang l) {
    (void)options;
    j[min_setting.key] = d.min;
    j[max_setting.key] = d.max;
    j["labels"] = {{"min", d.label_min.in(l)}, {"max", d.label_max.in(l)}};
}

void responses::read_settings(step_def& d, const wire::reader& r) {
    d.min = r.setting(min_setting);
    d.max = r.setting(max_setting.key, std::max(max_setting.lo, d.min + 1), max_setting.hi);
    const wire::reader labels = r.object("labels");
    d.label_min = labels.text("min");
    d.label_max = labels.text("max");
}

void responses::read_result(wire::step_result& out, const wire::reader& r) {
    out.scale = r.list<item_result>("items", [](const wire::reader& x) {
        item_result i;
        i.item = x.str("item");
        i.index = x.u32("index");
        i.counts = x.counts("counts");
        i.pass = x.u32("pass");
        i.median = x.number_or_null("median");
        return i;
    });
}

void responses::write_result(nlohmann::json& j, const wire::step_result& in) {
    j["items"] = items_json(in.scale);
}

void responses::read_definition(step_def& d, const content_reader& r) {
    d.items = r.rated_items(false);
    d.min = r.setting(min_setting);
    d.max = r.setting(max_setting);
    if (d.min >= d.max)
        r.refuse(max_setting.key, "must be greater than min");
    if (r.has("labels")) {
        const content_reader labels = r.object("labels");
        d.label_min = labels.need_text("min");
        d.label_max = labels.need_text("max");
    }
}

} // namespace kring::scale
