#include "kring/image_choice.hpp"

#include "kring/content_reader.hpp"
#include "kring/wire.hpp"

#include <algorithm>

namespace kring::image_choice {

namespace {

/** The image's place in the whole deck: the template's images, then the own ones; or -1. */
int image_index(const step_def& d, const std::vector<own_image>& own, const std::string& id) {
    for (std::size_t i = 0; i < d.images.size(); ++i)
        if (d.images[i].id == id)
            return static_cast<int>(i);
    for (std::size_t i = 0; i < own.size(); ++i)
        if (own[i].id == id)
            return static_cast<int>(d.images.size() + i);
    return -1;
}

const std::string& image_id(const step_def& d, const std::vector<own_image>& own, std::size_t i) {
    return i < d.images.size() ? d.images[i].id : own[i - d.images.size()].id;
}

} // namespace

localized own_alt(const std::string& caption, std::uint32_t n) {
    if (!caption.empty())
        return {caption, caption};
    return {"Eigen beeld " + std::to_string(n), "Own image " + std::to_string(n)};
}

void add_own(responses& r, own_image im) {
    ++r.own_sent;
    if (!find_own(r, im.id))
        r.own.push_back(std::move(im));
}

void remove_own(responses& r, const std::string& id) {
    std::erase_if(r.own, [&](const own_image& im) { return im.id == id; });
    for (auto it = r.by.begin(); it != r.by.end();) {
        auto& picked = it->second.images;
        std::erase(picked, id);
        if (!it->second.pass && picked.empty())
            it = r.by.erase(it);
        else
            ++it;
    }
}

const own_image* find_own(const responses& r, std::string_view id) {
    for (const auto& im : r.own)
        if (im.id == id)
            return &im;
    return nullptr;
}

checked<answer> validate(const step_def& d, const nlohmann::json& value, const std::string& comment,
                         const limits& lim, const std::vector<own_image>& own) {
    using result = checked<answer>;
    answer a;
    if (is_pass(value)) {
        a.pass = true;
    } else {
        const std::string want = "value must be an array of 1 to " + std::to_string(d.max_picks) +
                                 " different image ids, or pass";
        if (!value.is_array() || value.empty() ||
            value.size() > static_cast<std::size_t>(d.max_picks))
            return result::fail(errc::bad_value, want);
        std::vector<int> picked;
        for (const auto& v : value) {
            if (!v.is_string())
                return result::fail(errc::bad_value, want);
            const int i = image_index(d, own, v.get<std::string>());
            if (i < 0)
                return result::fail(errc::bad_value, "this step has no image '" +
                                                         v.get<std::string>().substr(0, 40) + "'");
            if (std::find(picked.begin(), picked.end(), i) != picked.end())
                return result::fail(errc::bad_value, want);
            picked.push_back(i);
        }
        std::sort(picked.begin(), picked.end());
        for (int i : picked)
            a.images.push_back(image_id(d, own, static_cast<std::size_t>(i)));
    }
    if (!comment.empty() && !d.reason)
        return result::fail(errc::bad_value, "this step takes no reason");
    if (auto e = check_text(comment, lim.max_text, "the reason"))
        return result::fail(e->code, e->message);
    a.comment = comment;
    return result::good(std::move(a));
}

nlohmann::json value_json(const answer& a) {
    return a.pass ? nlohmann::json("pass") : nlohmann::json(a.images);
}

void apply(responses& r, participant_id pid, answer a) {
    r.by[pid] = std::move(a);
}

result aggregate(const step_def& d, const responses& r) {
    result out;
    for (const auto& im : d.images)
        out.images.push_back({im.id, 0, {}});
    for (const auto& im : r.own)
        out.images.push_back({im.id, 0, {}});
    for (const auto& [pid, a] : r.by) {
        ++out.total;
        if (a.pass) {
            ++out.pass;
            continue;
        }
        for (const auto& id : a.images) {
            const int i = image_index(d, r.own, id);
            if (i < 0)
                continue;
            auto& ic = out.images[static_cast<std::size_t>(i)];
            ++ic.count;
            if (!a.comment.empty())
                ic.reasons.push_back(a.comment);
        }
    }
    for (auto& ic : out.images)
        std::sort(ic.reasons.begin(), ic.reasons.end());
    std::stable_sort(out.images.begin(), out.images.end(),
                     [](const image_count& x, const image_count& y) { return x.count > y.count; });
    return out;
}

namespace {

void write(nlohmann::json& out, const std::vector<image_count>& counts, std::uint32_t pass) {
    nlohmann::json images = nlohmann::json::array();
    for (const auto& ic : counts)
        images.push_back({{"image", ic.image}, {"count", ic.count}, {"reasons", ic.reasons}});
    out["images"] = std::move(images);
    out["pass"] = pass;
}

} // namespace

checked<answer> check(const responses& r, const answer_input& in) {
    return validate(in.def, in.value, in.comment, in.lim, r.own);
}

void responses::fill_result(wire::step_result& out, const responses& r, const result_input& in) {
    auto res = aggregate(in.def, r);
    out.total = res.total;
    out.pass = res.pass;
    out.images = std::move(res.images);
}

void responses::settings_json(nlohmann::json& j, const step_def& d) {
    nlohmann::json images = nlohmann::json::array();
    for (const auto& im : d.images)
        images.push_back({{"id", im.id}, {"url", im.url}, {"alt", text_json(im.alt)}});
    j["images"] = std::move(images);
    j[max_picks_setting.key] = d.max_picks;
    j["reason"] = d.reason;
}

void responses::report_definition(nlohmann::json& j, const step_def& d,
                                  const std::vector<option_def>& options, lang l) {
    (void)options;
    nlohmann::json images = nlohmann::json::array();
    for (const auto& im : d.images)
        images.push_back({{"id", im.id}, {"text", im.alt.in(l)}});
    j["images"] = std::move(images);
}

void responses::read_settings(step_def& d, const wire::reader& r) {
    d.images = r.images("images");
    d.max_picks = r.setting(max_picks_setting);
    d.reason = r.flag("reason");
}

void responses::read_result(wire::step_result& out, const wire::reader& r) {
    out.images = r.list<image_count>("images", [](const wire::reader& x) {
        return image_count{x.str("image"), x.u32("count"), x.strings("reasons")};
    });
    out.pass = r.u32("pass");
}

void responses::write_result(nlohmann::json& j, const wire::step_result& in) {
    write(j, in.images, in.pass);
}

void responses::read_definition(step_def& d, const content_reader& r) {
    d.images = r.deck("deck");
    d.max_picks = r.setting(max_picks_setting);
    if (static_cast<std::size_t>(d.max_picks) > d.images.size())
        r.refuse(max_picks_setting.key, "is more than the deck has images");
    d.reason = r.flag("reason", true);
}

} // namespace kring::image_choice
