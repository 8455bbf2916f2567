#include "kring/inventory.hpp"

#include "kring/content_reader.hpp"
#include "kring/wire.hpp"

#include <algorithm>

namespace kring::inventory {

namespace {

int index_of(const std::vector<option_def>& v, const std::string& id) {
    for (std::size_t i = 0; i < v.size(); ++i)
        if (v[i].id == id)
            return static_cast<int>(i);
    return -1;
}

checked<std::string> optional_text(const nlohmann::json& e, const char* key, std::size_t max,
                                   const char* what, const limits& lim) {
    auto it = e.find(key);
    if (it == e.end() || it->is_null())
        return checked<std::string>::good({});
    return participant_text(*it, 0, max, what, lim);
}

checked<entry> check_entry(const step_def& d, const nlohmann::json& v, const limits& lim) {
    using result = checked<entry>;
    if (!v.is_object())
        return result::fail(errc::bad_value, "each entry must be an object");
    entry e;
    auto name_it = v.find("name");
    if (name_it == v.end())
        return result::fail(errc::bad_value, "each entry needs a name");
    auto name = participant_text(*name_it, 1, max_name, "the name", lim);
    if (!name.ok())
        return result::fail(name.err.code, name.err.message);
    e.name = std::move(*name.value);
    auto kind_it = v.find("kind");
    if (kind_it == v.end() || !kind_it->is_string() ||
        index_of(d.offer_kinds, kind_it->get<std::string>()) < 0)
        return result::fail(errc::bad_value,
                            "each entry needs a kind: one of the step's offer kinds");
    e.kind = kind_it->get<std::string>();
    auto place = optional_text(v, "place", max_place, "the place", lim);
    if (!place.ok())
        return result::fail(place.err.code, place.err.message);
    e.place = std::move(*place.value);
    auto goals = optional_text(v, "goals", max_goals, "the goals", lim);
    if (!goals.ok())
        return result::fail(goals.err.code, goals.err.message);
    e.goals = std::move(*goals.value);
    if (auto it = v.find("families"); it != v.end() && !it->is_null()) {
        if (!it->is_array())
            return result::fail(errc::bad_value, "families must be an array of target group ids");
        std::vector<int> picked;
        for (const auto& f : *it) {
            const int i = f.is_string() ? index_of(d.target_groups, f.get<std::string>()) : -1;
            if (i < 0)
                return result::fail(errc::bad_value,
                                    "families must be target group ids of the step");
            if (std::find(picked.begin(), picked.end(), i) == picked.end())
                picked.push_back(i);
        }
        std::sort(picked.begin(), picked.end());
        for (int i : picked)
            e.families.push_back(d.target_groups[static_cast<std::size_t>(i)].id);
    }
    return result::good(std::move(e));
}

} // namespace

checked<answer> validate(const step_def& d, const nlohmann::json& value, const std::string& comment,
                         const limits& lim) {
    using result = checked<answer>;
    answer a;
    if (auto e = check_list_answer(value, comment, d.max_entries, "entries", a.pass))
        return result::fail(e->code, e->message);
    if (a.pass)
        return result::good(std::move(a));
    std::set<std::string> seen;
    for (const auto& v : value) {
        auto e = check_entry(d, v, lim);
        if (!e.ok())
            return result::fail(e.err.code, e.err.message);
        if (seen.insert(card_of(*e.value)).second)
            a.entries.push_back(std::move(*e.value));
    }
    return result::good(std::move(a));
}

nlohmann::json value_json(const answer& a) {
    if (a.pass)
        return "pass";
    nlohmann::json j = nlohmann::json::array();
    for (const auto& e : a.entries)
        j.push_back({{"name", e.name},
                     {"kind", e.kind},
                     {"place", e.place},
                     {"families", e.families},
                     {"goals", e.goals}});
    return j;
}

void apply(responses& r, participant_id pid, answer a) {
    if (!a.pass && a.entries.empty())
        r.by.erase(pid);
    else
        r.by[pid] = std::move(a);
}

std::string card_of(const entry& e) {
    std::string k = cards::key(e.name) + '\x1f' + e.kind + '\x1f' + cards::key(e.place) + '\x1f';
    for (const auto& f : e.families)
        k += f + ',';
    k += '\x1f' + cards::key(e.goals);
    return cards::id_of(k);
}

std::set<std::string> card_ids(const responses& r) {
    std::set<std::string> out;
    for (const auto& [pid, a] : r.by)
        for (const auto& e : a.entries)
            out.insert(card_of(e));
    return out;
}

result aggregate(const step_def& d, const responses& r, const cards::moderation& m) {
    result out;
    std::map<std::string, entry> by_card;
    for (const auto& [pid, a] : r.by) {
        ++out.total;
        for (const auto& e : a.entries) {
            const std::string id = card_of(e);
            auto it = by_card.find(id);
            // Of equal entries spelled differently, show the first in byte order.
            auto tie = [](const entry& x) { return std::tie(x.name, x.place, x.goals); };
            if (it == by_card.end())
                by_card.emplace(id, e);
            else if (tie(e) < tie(it->second))
                it->second = e;
        }
    }
    std::set<std::string> present;
    for (const auto& [id, e] : by_card)
        present.insert(id);

    std::map<std::string, row> rows;
    for (const auto& [id, e] : by_card)
        if (m.target(id, present) == id)
            rows[id] = row{id, e, m.hidden.count(id) > 0, {}};
    for (const auto& [id, e] : by_card) {
        const std::string t = m.target(id, present);
        if (t == id)
            continue;
        row& target = rows[t];
        target.merged.emplace_back(id, e.name);
        // A merged entry reaches its families through the entry it counts with.
        for (const auto& f : e.families)
            if (std::find(target.e.families.begin(), target.e.families.end(), f) ==
                target.e.families.end())
                target.e.families.push_back(f);
    }
    for (auto& [id, rw] : rows) {
        std::sort(rw.e.families.begin(), rw.e.families.end(),
                  [&d](const std::string& a, const std::string& b) {
                      return index_of(d.target_groups, a) < index_of(d.target_groups, b);
                  });
        std::sort(rw.merged.begin(), rw.merged.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second < b.second : a.first < b.first;
        });
        out.entries.push_back(std::move(rw));
    }
    std::sort(out.entries.begin(), out.entries.end(), [&d](const row& a, const row& b) {
        const int ka = index_of(d.offer_kinds, a.e.kind), kb = index_of(d.offer_kinds, b.e.kind);
        if (ka != kb)
            return ka < kb;
        const std::string na = cards::key(a.e.name), nb = cards::key(b.e.name);
        return na != nb ? na < nb : a.card < b.card;
    });

    for (const auto& k : d.offer_kinds)
        out.kinds.push_back(k.id);
    for (const auto& g : d.target_groups)
        out.groups.push_back(g.id);
    out.counts.assign(out.kinds.size(), std::vector<std::uint32_t>(out.groups.size(), 0));
    for (const auto& rw : out.entries) {
        if (rw.hidden)
            continue;
        const int k = index_of(d.offer_kinds, rw.e.kind);
        if (k < 0)
            continue;
        for (const auto& f : rw.e.families) {
            const int g = index_of(d.target_groups, f);
            if (g >= 0)
                ++out.counts[static_cast<std::size_t>(k)][static_cast<std::size_t>(g)];
        }
    }
    for (std::size_t k = 0; k < out.kinds.size(); ++k)
        for (std::size_t g = 0; g < out.groups.size(); ++g)
            if (out.counts[k][g] == 0)
                out.gaps.emplace_back(out.kinds[k], out.groups[g]);
    // The sharpest gaps in words, once here for every screen and the report.
    for (std::size_t g = 0; g < out.groups.size(); ++g) {
        bool reached = false;
        for (std::size_t k = 0; k < out.kinds.size(); ++k)
            reached = reached || out.counts[k][g] > 0;
        if (!reached)
            out.unreached.push_back(out.groups[g]);
    }
    for (std::size_t k = 0; k < out.kinds.size(); ++k) {
        bool named = false;
        for (std::size_t g = 0; g < out.groups.size(); ++g)
            named = named || out.counts[k][g] > 0;
        if (!named)
            out.unnamed.push_back(out.kinds[k]);
    }
    return out;
}

namespace {

/** The result's fields; the matrix, its gaps and the gaps in words as they are given. */
struct fields {
    const std::vector<row>& entries;
    const std::vector<std::string>& kinds;
    const std::vector<std::string>& groups;
    const std::vector<std::vector<std::uint32_t>>& counts;
    const std::vector<std::pair<std::string, std::string>>& gaps;
    const std::vector<std::string>& unreached;
    const std::vector<std::string>& unnamed;
};

/** The entries as given: what the room may not see is left out before (cards::keep_for_room). */
void write(nlohmann::json& out, const fields& r) {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& rw : r.entries) {
        nlohmann::json j{{"card", rw.card},     {"name", rw.e.name},         {"kind", rw.e.kind},
                         {"place", rw.e.place}, {"families", rw.e.families}, {"goals", rw.e.goals}};
        if (rw.hidden)
            j["hidden"] = true;
        cards::write_merged(j, rw.merged);
        entries.push_back(std::move(j));
    }
    nlohmann::json gaps = nlohmann::json::array();
    for (const auto& [k, g] : r.gaps)
        gaps.push_back(nlohmann::json::array({k, g}));
    out["entries"] = std::move(entries);
    out["matrix"] = {{"kinds", r.kinds}, {"groups", r.groups}, {"counts", r.counts}};
    out["gaps"] = std::move(gaps);
    out["unreached"] = r.unreached;
    out["unnamed"] = r.unnamed;
}

} // namespace

void to_json(nlohmann::json& out, const result& r, bool facilitator) {
    std::vector<row> shown = r.entries;
    if (!facilitator)
        cards::keep_for_room(shown);
    write(out, {shown, r.kinds, r.groups, r.counts, r.gaps, r.unreached, r.unnamed});
}

checked<answer> check(const responses&, const answer_input& in) {
    return validate(in.def, in.value, in.comment, in.lim);
}

void responses::fill_result(wire::step_result& out, const responses& r, const result_input& in) {
    auto res = aggregate(in.def, r, in.moderation);
    out.total = res.total;
    out.entries = std::move(res.entries);
    out.matrix_kinds = std::move(res.kinds);
    out.matrix_groups = std::move(res.groups);
    out.matrix = std::move(res.counts);
    out.gaps = std::move(res.gaps);
    out.unreached = std::move(res.unreached);
    out.unnamed = std::move(res.unnamed);
    if (!in.facilitator)
        cards::keep_for_room(out.entries);
}

void responses::settings_json(nlohmann::json& j, const step_def& d) {
    j["offer_kinds"] = options_json(d.offer_kinds);
    j["target_groups"] = options_json(d.target_groups);
    j[max_entries_setting.key] = d.max_entries;
}

void responses::report_definition(nlohmann::json& j, const step_def& d,
                                  const std::vector<option_def>& options, lang l) {
    (void)options;
    j["offer_kinds"] = text_list(d.offer_kinds, l);
    j["target_groups"] = text_list(d.target_groups, l);
}

void responses::read_settings(step_def& d, const wire::reader& r) {
    d.offer_kinds = r.options("offer_kinds");
    d.target_groups = r.options("target_groups");
    d.max_entries = r.setting(max_entries_setting);
}

void responses::read_result(wire::step_result& out, const wire::reader& r) {
    out.entries = r.list<row>("entries", [](const wire::reader& x) {
        row rw;
        rw.card = x.str("card");
        rw.e.name = x.str("name");
        rw.e.kind = x.str("kind");
        rw.e.place = x.str("place");
        rw.e.families = x.strings("families");
        rw.e.goals = x.str("goals");
        rw.hidden = x.opt_flag("hidden");
        rw.merged = cards::read_merged(x);
        return rw;
    });
    const wire::reader mx = r.object("matrix");
    out.matrix_kinds = mx.strings("kinds");
    out.matrix_groups = mx.strings("groups");
    out.matrix = mx.count_rows("counts");
    if (out.matrix.size() != out.matrix_kinds.size())
        mx.bad_value("counts", "one row per kind expected");
    for (std::size_t i = 0; i < out.matrix.size(); ++i)
        if (out.matrix[i].size() != out.matrix_groups.size())
            mx.bad_value("counts", i, "one cell per group expected");
    for (auto& g : r.string_tuples("gaps", 2))
        out.gaps.emplace_back(std::move(g[0]), std::move(g[1]));
    // The gaps in words: read when the server sends them.
    if (r.has("unreached"))
        out.unreached = r.strings("unreached");
    if (r.has("unnamed"))
        out.unnamed = r.strings("unnamed");
}

void responses::write_result(nlohmann::json& j, const wire::step_result& in) {
    write(j, {in.entries, in.matrix_kinds, in.matrix_groups, in.matrix, in.gaps, in.unreached,
              in.unnamed});
}

void responses::read_definition(step_def& d, const content_reader& r) {
    const kaart& k = r.kaart_named("kaart", "aanbod");
    d.offer_kinds = k.offer_kinds;
    d.target_groups = k.target_groups;
    d.max_entries = r.setting(max_entries_setting);
    // The mapping's intro over the step, its analysis questions as the questions to talk
    // about (docs/content.md, kaart): shown, not answered.
    add_paragraph(d.intro, k.intro);
    for (const auto& a : k.analysis) {
        item_def q;
        q.id = a.id;
        q.text = a.text;
        q.form = item_form::open;
        d.items.push_back(std::move(q));
    }
}

} // namespace kring::inventory
