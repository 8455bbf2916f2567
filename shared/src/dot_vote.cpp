#include "kring/dot_vote.hpp"

#include "kring/content_reader.hpp"
#include "kring/wire.hpp"

#include <algorithm>

namespace kring::dot_vote {

namespace {

int index_of(const std::vector<option_def>& options, const std::string& id) {
    for (std::size_t i = 0; i < options.size(); ++i)
        if (options[i].id == id)
            return static_cast<int>(i);
    return -1;
}

} // namespace

checked<answer> validate(const step_def& d, const std::vector<option_def>& options,
                         const nlohmann::json& value, const std::string& comment, const limits&) {
    using result = checked<answer>;
    if (!comment.empty())
        return result::fail(errc::bad_value, "this step takes no comment");
    answer a;
    if (is_pass(value)) {
        a.pass = true;
        return result::good(std::move(a));
    }
    if (!value.is_object())
        return result::fail(errc::bad_value,
                            "value must be an object { option id: dots }, or pass");
    std::vector<std::pair<int, int>> picked; // option index, dots
    long long sum = 0;
    for (const auto& [id, n] : value.items()) {
        const int i = index_of(options, id);
        if (i < 0)
            return result::fail(errc::bad_value,
                                "this step has no option '" + id.substr(0, 40) + "'");
        if (!n.is_number_integer() || n.get<std::int64_t>() < 0 ||
            n.get<std::int64_t>() > d.max_per_option)
            return result::fail(errc::bad_value,
                                "dots per option must be a whole number from 0 to " +
                                    std::to_string(d.max_per_option));
        const int k = static_cast<int>(n.get<std::int64_t>());
        sum += k;
        if (k > 0)
            picked.emplace_back(i, k);
    }
    if (sum > d.dots)
        return result::fail(errc::bad_value, "at most " + std::to_string(d.dots) + " dots in all");
    std::sort(picked.begin(), picked.end());
    for (const auto& [i, k] : picked)
        a.dots.emplace_back(options[static_cast<std::size_t>(i)].id, k);
    return result::good(std::move(a));
}

nlohmann::json value_json(const answer& a) {
    if (a.pass)
        return "pass";
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [id, k] : a.dots)
        j[id] = k;
    return j;
}

void apply(responses& r, participant_id pid, answer a) {
    if (!a.pass && a.dots.empty())
        r.by.erase(pid);
    else
        r.by[pid] = std::move(a);
}

result aggregate(const std::vector<option_def>& options, const responses& r,
                 const std::map<std::string, std::uint32_t>& paper) {
    result out;
    for (const auto& o : options)
        out.options.push_back({o.id, 0, 0});
    for (const auto& [pid, a] : r.by) {
        ++out.total;
        if (a.pass || a.dots.empty())
            continue;
        ++out.voters;
        for (const auto& [id, k] : a.dots) {
            const int i = index_of(options, id);
            if (i >= 0)
                out.options[static_cast<std::size_t>(i)].dots += static_cast<std::uint32_t>(k);
        }
    }
    // Sticker dots on the paper sheet count like dots given on a phone.
    for (const auto& [id, n] : paper)
        if (const int i = index_of(options, id); i >= 0)
            out.options[static_cast<std::size_t>(i)].dots += n;
    std::stable_sort(
        out.options.begin(), out.options.end(),
        [](const option_result& x, const option_result& y) { return x.dots > y.dots; });
    for (std::size_t i = 0; i < out.options.size(); ++i)
        out.options[i].rank = i > 0 && out.options[i].dots == out.options[i - 1].dots
                                  ? out.options[i - 1].rank
                                  : static_cast<std::uint32_t>(i + 1);
    return out;
}

namespace {

void write(nlohmann::json& out, const std::vector<option_result>& dots, std::uint32_t voters) {
    nlohmann::json options = nlohmann::json::array();
    for (const auto& o : dots)
        options.push_back({{"option", o.option}, {"dots", o.dots}, {"rank", o.rank}});
    out["options"] = std::move(options);
    out["voters"] = voters;
}

} // namespace

checked<answer> check(const responses&, const answer_input& in) {
    return validate(in.def, in.options, in.value, in.comment, in.lim);
}

void responses::fill_result(wire::step_result& out, const responses& r, const result_input& in) {
    auto res = aggregate(in.options, r, in.paper_whole());
    out.total = res.total;
    out.voters = res.voters;
    out.dots = std::move(res.options);
}

void responses::settings_json(nlohmann::json& j, const step_def& d) {
    j[dots_setting.key] = d.dots;
    j[max_per_option_setting.key] = d.max_per_option;
    j["options"] = options_json(d.has_source() ? std::vector<option_def>{} : d.options);
    if (d.source_take == "blocks")
        j["source"] = nlohmann::json{{"blocks", true}};
    else if (d.has_source())
        j["source"] = nlohmann::json{{"step", d.source_step}, {"take", d.source_take}};
}

bool responses::counts_on_paper(const step_def& d, const std::vector<option_def>& options,
                                const std::string& value) {
    (void)d;
    return std::any_of(options.begin(), options.end(),
                       [&](const option_def& o) { return o.id == value; });
}

void responses::report_definition(nlohmann::json& j, const step_def& d,
                                  const std::vector<option_def>& options, lang l) {
    j["options"] = text_list(options, l);
    j[dots_setting.key] = d.dots;
}

void responses::read_settings(step_def& d, const wire::reader& r) {
    d.dots = r.setting(dots_setting);
    d.max_per_option = r.setting(max_per_option_setting.key, 1, d.dots);
    d.options = r.options("options");
    if (!r.has("source"))
        return;
    const wire::reader src = r.object("source");
    if (src.has("blocks")) {
        if (!src.flag("blocks"))
            src.bad_value("blocks", "expected true");
        d.source_take = "blocks";
        return;
    }
    d.source_step = src.str("step");
    d.source_take = src.str("take");
    if (d.source_take.empty())
        src.bad_value("take", "empty");
}

void responses::read_result(wire::step_result& out, const wire::reader& r) {
    out.dots = r.list<option_result>("options", [](const wire::reader& x) {
        return option_result{x.str("option"), x.u32("dots"), x.u32("rank")};
    });
    out.voters = r.u32("voters");
}

void responses::write_result(nlohmann::json& j, const wire::step_result& in) {
    write(j, in.dots, in.voters);
}

void responses::read_definition(step_def& d, const content_reader& r) {
    d.dots = r.setting(dots_setting);
    d.max_per_option = r.setting(max_per_option_setting.key, 1, d.dots, d.dots);
    if (r.has("options") == r.has("source"))
        r.refuse(nullptr, "give either 'options' or 'source'");
    if (r.has("options")) {
        d.options = r.options("options", 2, 50);
        return;
    }
    const content_reader src = r.object("source");
    if (src.has("blocks")) {
        if (!src.flag("blocks", false))
            src.refuse("blocks", "must be true");
        d.source_take = "blocks";
        return;
    }
    d.source_step = src.str("step");
    d.source_take = src.str("take");
    const step_def* from = r.earlier(d.source_step);
    if (!from)
        src.refuse("step", "no earlier step '" + d.source_step + "'");
    const activity_kind k = from->kind;
    const std::string& t = d.source_take;
    const bool fits =
        ((t == "red" || t == "disputed") && k == activity_kind::traffic_light) ||
        (t == "cards" && (k == activity_kind::open_text || k == activity_kind::inventory)) ||
        (t == "actions" && k == activity_kind::action_plan) ||
        (t == "options" && (k == activity_kind::choice || k == activity_kind::dot_vote)) ||
        (t == "photos" && k == activity_kind::photo);
    if (t != "red" && t != "disputed" && t != "cards" && t != "actions" && t != "options" &&
        t != "photos")
        src.refuse("take", "must be red, disputed, cards, actions, options or photos");
    if (!fits)
        src.refuse("take", "'" + t + "' does not apply to a " + to_string(k) + " step");
}

const step_def* chosen_block_step(const std::vector<step_def>& steps,
                                  const std::vector<option_result>& dots) {
    if (dots.empty() || dots.front().dots == 0)
        return nullptr;
    const std::string& top = dots.front().option;
    for (const step_def& d : steps)
        if (d.kind == activity_kind::traffic_light && d.theme == top)
            return &d;
    return nullptr;
}

} // namespace kring::dot_vote
