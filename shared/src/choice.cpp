#include "kring/choice.hpp"

#include "kring/content_reader.hpp"
#include "kring/wire.hpp"

#include <algorithm>

namespace kring::choice {

checked<answer> validate(const step_def& d, const nlohmann::json& value, const std::string& comment,
                         const limits& lim) {
    using result = checked<answer>;
    answer a;
    if (is_pass(value)) {
        a.pass = true;
    } else if (value.is_string() && d.option_index(value.get<std::string>()) >= 0) {
        a.option = value.get<std::string>();
    } else {
        return result::fail(errc::bad_value, "value must be one of the step's option ids, or pass");
    }
    if (!comment.empty() && !d.comment)
        return result::fail(errc::bad_value, "this step takes no comment");
    if (auto e = check_text(comment, lim.max_text, "the comment"))
        return result::fail(e->code, e->message);
    a.comment = comment;
    return result::good(std::move(a));
}

nlohmann::json value_json(const answer& a) {
    return a.pass ? nlohmann::json("pass") : nlohmann::json(a.option);
}

void apply(responses& r, participant_id pid, answer a) {
    r.by[pid] = std::move(a);
}

result aggregate(const step_def& d, const responses& r,
                 const std::map<std::string, std::uint32_t>& paper) {
    result out;
    for (const auto& o : d.options)
        out.options.push_back({o.id, 0});
    for (const auto& [pid, a] : r.by) {
        ++out.total;
        if (a.pass) {
            ++out.pass;
            continue;
        }
        const int i = d.option_index(a.option);
        if (i < 0)
            continue;
        ++out.options[static_cast<std::size_t>(i)].count;
        if (!a.comment.empty())
            out.reasons.push_back({a.option, a.comment});
    }
    // Paper answers count like any other; they carry no reasons. `total` stays the
    // participants: the view adds the paper answers to it.
    for (const auto& [value, n] : paper) {
        if (value == "pass") {
            out.pass += n;
        } else if (const int i = d.option_index(value); i >= 0) {
            out.options[static_cast<std::size_t>(i)].count += n;
        }
    }
    // Not in join order: by option, then text, so a reason cannot be traced to a person.
    std::sort(out.reasons.begin(), out.reasons.end(), [&d](const reason& x, const reason& y) {
        const int ix = d.option_index(x.option), iy = d.option_index(y.option);
        return ix != iy ? ix < iy : x.text < y.text;
    });
    return out;
}

namespace {

void write(nlohmann::json& out, const std::vector<option_count>& counts, std::uint32_t pass,
           const std::vector<reason>& reasons) {
    nlohmann::json options = nlohmann::json::array();
    for (const auto& o : counts)
        options.push_back({{"option", o.option}, {"count", o.count}});
    nlohmann::json texts = nlohmann::json::array();
    for (const auto& x : reasons)
        texts.push_back({{"option", x.option}, {"text", x.text}});
    out["options"] = std::move(options);
    out["pass"] = pass;
    out["reasons"] = std::move(texts);
}

} // namespace

checked<answer> check(const responses&, const answer_input& in) {
    return validate(in.def, in.value, in.comment, in.lim);
}

void responses::fill_result(wire::step_result& out, const responses& r, const result_input& in) {
    auto res = aggregate(in.def, r, in.paper_whole());
    out.total = res.total;
    out.pass = res.pass;
    out.choices = std::move(res.options);
    out.reasons = std::move(res.reasons);
}

void responses::settings_json(nlohmann::json& j, const step_def& d) {
    j["body"] = text_json(d.body);
    j["options"] = options_json(d.options);
    j["comment"] = d.comment;
}

bool responses::counts_on_paper(const step_def& d, const std::vector<option_def>& options,
                                const std::string& value) {
    (void)options;
    return value == "pass" || d.option_index(value) >= 0;
}

void responses::report_definition(nlohmann::json& j, const step_def& d,
                                  const std::vector<option_def>& options, lang l) {
    (void)options;
    j["options"] = text_list(d.options, l);
}

void responses::read_settings(step_def& d, const wire::reader& r) {
    d.body = r.text("body");
    d.options = r.options("options");
    d.comment = r.flag("comment");
}

void responses::read_result(wire::step_result& out, const wire::reader& r) {
    out.choices = r.list<option_count>("options", [](const wire::reader& x) {
        return option_count{x.str("option"), x.u32("count")};
    });
    out.pass = r.u32("pass");
    out.reasons = r.list<reason>("reasons", [](const wire::reader& x) {
        return reason{x.str("option"), x.str("text")};
    });
}

void responses::write_result(nlohmann::json& j, const wire::step_result& in) {
    write(j, in.choices, in.pass, in.reasons);
}

void responses::read_definition(step_def& d, const content_reader& r) {
    if (auto b = r.text("body", text_form::multiline))
        d.body = *b;
    d.options = r.options("options", 2, 12);
    d.comment = r.flag("comment", true);
}

} // namespace kring::choice
