#include "kring/action_plan.hpp"

#include "kring/content_reader.hpp"
#include "kring/wire.hpp"

#include <algorithm>
#include <tuple>

namespace kring::action_plan {

namespace {

checked<std::string> field_text(const nlohmann::json& e, const char* key, std::size_t min,
                                std::size_t max, const char* what, const limits& lim) {
    auto it = e.find(key);
    if (it == e.end() || it->is_null()) {
        if (min > 0)
            return checked<std::string>::fail(errc::bad_value,
                                              std::string("each action needs ") + what);
        return checked<std::string>::good({});
    }
    return participant_text(*it, min, max, what, lim);
}

} // namespace

checked<answer> validate(const step_def& d, const nlohmann::json& value, const std::string& comment,
                         const limits& lim) {
    using result = checked<answer>;
    answer a;
    if (auto e = check_list_answer(value, comment, d.max_entries, "actions", a.pass))
        return result::fail(e->code, e->message);
    if (a.pass)
        return result::good(std::move(a));
    std::set<std::string> seen;
    for (const auto& v : value) {
        if (!v.is_object())
            return result::fail(errc::bad_value, "each action must be an object");
        action x;
        auto what = field_text(v, "what", 1, max_what, "what", lim);
        if (!what.ok())
            return result::fail(what.err.code, what.err.message);
        auto who = field_text(v, "who", 0, max_who, "who", lim);
        if (!who.ok())
            return result::fail(who.err.code, who.err.message);
        auto when = field_text(v, "when", 0, max_when, "when", lim);
        if (!when.ok())
            return result::fail(when.err.code, when.err.message);
        x.what = std::move(*what.value);
        x.who = std::move(*who.value);
        x.when = std::move(*when.value);
        if (seen.insert(card_of(x)).second)
            a.actions.push_back(std::move(x));
    }
    return result::good(std::move(a));
}

nlohmann::json value_json(const answer& a) {
    if (a.pass)
        return "pass";
    nlohmann::json j = nlohmann::json::array();
    for (const auto& x : a.actions)
        j.push_back({{"what", x.what}, {"who", x.who}, {"when", x.when}});
    return j;
}

void apply(responses& r, participant_id pid, answer a) {
    if (!a.pass && a.actions.empty())
        r.by.erase(pid);
    else
        r.by[pid] = std::move(a);
}

std::string card_of(const action& a) {
    return cards::id_of(cards::key(a.what) + '\x1f' + cards::key(a.who) + '\x1f' +
                        cards::key(a.when));
}

std::set<std::string> card_ids(const responses& r) {
    std::set<std::string> out;
    for (const auto& [pid, a] : r.by)
        for (const auto& x : a.actions)
            out.insert(card_of(x));
    return out;
}

std::string label(const action& a) {
    std::string out = a.what;
    if (!a.who.empty() || !a.when.empty()) {
        out += " (";
        out += a.who;
        if (!a.who.empty() && !a.when.empty())
            out += ", ";
        out += a.when;
        out += ")";
    }
    return out;
}

result aggregate(const responses& r, const cards::moderation& m) {
    result out;
    std::map<std::string, action> by_card;
    auto tie = [](const action& x) { return std::tie(x.what, x.who, x.when); };
    for (const auto& [pid, a] : r.by) {
        ++out.total;
        for (const auto& x : a.actions) {
            const std::string id = card_of(x);
            auto it = by_card.find(id);
            if (it == by_card.end())
                by_card.emplace(id, x);
            else if (tie(x) < tie(it->second))
                it->second = x;
        }
    }
    std::set<std::string> present;
    for (const auto& [id, x] : by_card)
        present.insert(id);
    std::map<std::string, row> rows;
    for (const auto& [id, x] : by_card)
        if (m.target(id, present) == id)
            rows[id] = row{id, x, m.hidden.count(id) > 0, {}};
    for (const auto& [id, x] : by_card) {
        const std::string t = m.target(id, present);
        if (t != id)
            rows[t].merged.emplace_back(id, x.what);
    }
    for (auto& [id, rw] : rows) {
        std::sort(rw.merged.begin(), rw.merged.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second < b.second : a.first < b.first;
        });
        out.actions.push_back(std::move(rw));
    }
    std::sort(out.actions.begin(), out.actions.end(), [](const row& a, const row& b) {
        const auto ka =
            std::make_tuple(cards::key(a.a.what), cards::key(a.a.who), cards::key(a.a.when));
        const auto kb =
            std::make_tuple(cards::key(b.a.what), cards::key(b.a.who), cards::key(b.a.when));
        return ka != kb ? ka < kb : a.card < b.card;
    });
    return out;
}

namespace {

/** The actions as given: what the room may not see is left out before (cards::keep_for_room). */
void write(nlohmann::json& out, const std::vector<row>& rows) {
    nlohmann::json actions = nlohmann::json::array();
    for (const auto& rw : rows) {
        nlohmann::json j{
            {"card", rw.card}, {"what", rw.a.what}, {"who", rw.a.who}, {"when", rw.a.when}};
        if (rw.hidden)
            j["hidden"] = true;
        cards::write_merged(j, rw.merged);
        actions.push_back(std::move(j));
    }
    out["actions"] = std::move(actions);
}

} // namespace

void to_json(nlohmann::json& out, const result& r, bool facilitator) {
    std::vector<row> shown = r.actions;
    if (!facilitator)
        cards::keep_for_room(shown);
    write(out, shown);
}

checked<answer> check(const responses&, const answer_input& in) {
    return validate(in.def, in.value, in.comment, in.lim);
}

void responses::fill_result(wire::step_result& out, const responses& r, const result_input& in) {
    auto res = aggregate(r, in.moderation);
    out.total = res.total;
    out.actions = std::move(res.actions);
    if (!in.facilitator)
        cards::keep_for_room(out.actions);
}

void responses::settings_json(nlohmann::json& j, const step_def& d) {
    j[max_entries_setting.key] = d.max_entries;
}

void responses::read_settings(step_def& d, const wire::reader& r) {
    d.max_entries = r.setting(max_entries_setting);
}

void responses::read_result(wire::step_result& out, const wire::reader& r) {
    out.actions = r.list<row>("actions", [](const wire::reader& x) {
        row rw;
        rw.card = x.str("card");
        rw.a.what = x.str("what");
        rw.a.who = x.str("who");
        rw.a.when = x.str("when");
        rw.hidden = x.opt_flag("hidden");
        rw.merged = cards::read_merged(x);
        return rw;
    });
}

void responses::write_result(nlohmann::json& j, const wire::step_result& in) {
    write(j, in.actions);
}

void responses::read_definition(step_def& d, const content_reader& r) {
    d.max_entries = r.setting(max_entries_setting);
}

} // namespace kring::action_plan
