// The results of every activity kind but the traffic-light game (that one lives in
// app_projector.cpp and app_facilitator.cpp), drawn with the draw list into a box.
//
// One renderer per kind serves three screens: the projector passes the whole screen below
// its header with `fit` set (the type shrinks until everything fits, large and calm), the
// console and the participant screen pass their column width (the chart takes the height it
// needs, at their own type size, and chart_item reserves it in the ImGui layout).
//
// [SECTION] index
//   helpers                    fit_scale, number formatting, count badges
//   scale                      chart_scale: per question a small histogram with its median
//   choice                     chart_choice: bars per option; reasons as cards on demand
//   image_choice               chart_images: gallery with counts; reasons on demand
//   open_text                  chart_word_cloud, chart_cards
//   dot_vote                   chart_dots: ranked bars
//   inventory                  chart_matrix: kinds x target groups, gaps hatched and named
//   action_plan                chart_actions: the list
//   photo                      chart_photos: the approved wall, one photo large on the projector
//   floor_plan                 chart_plan, in app_plan.cpp
//   summary                    chart_summary: per theme its bar, verdict and next building block
#include "ui/app.hpp"
#include "ui/results.hpp"
#include "ui/word_cloud.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <functional>

namespace kring::client {

namespace {

//------------------------------------------------------------------------------
// [SECTION] helpers

/** The largest size in [s_min, s] whose height_at(size) is at most h (s_min if none). */
float fit_scale(const std::function<float(float)>& height_at, float s, float s_min, float h) {
    if (height_at(s) <= h)
        return s;
    float lo = s_min, hi = s;
    if (height_at(lo) > h)
        return lo;
    for (int i = 0; i < 12; ++i) {
        const float mid = (lo + hi) / 2;
        if (height_at(mid) <= h)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/** "3", or "3,5" in Dutch and "3.5" in English. */
std::string number_text(double v, lang l) {
    if (std::abs(v - std::round(v)) < 0.01)
        return std::to_string(static_cast<long>(std::lround(v)));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    std::string s = buf;
    if (l == lang::nl)
        std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

std::string percent_text(int n, int total) {
    if (total <= 0)
        return {};
    return std::to_string(static_cast<int>(std::lround(100.0 * n / total))) + " %";
}

/** A round badge with a number: white on the accent, for counts on images and cards. */
void count_badge(ImDrawList* dl, ImFont* font, ImVec2 c, float r, const std::string& text,
                 ImU32 bg = colors::accent) {
    dl->AddCircleFilled(c, r, bg, 32);
    dl->AddCircle(c, r, colors::white, 32, std::max(1.5f, r * 0.08f));
    const float fs = r * (text.size() > 2 ? 0.8f : 1.05f);
    const float tw = text_width(font, fs, text);
    dl->AddText(font, fs, {c.x - tw / 2, c.y - fs / 2}, colors::white, text.c_str());
}

/** "A", "B", … for option letters. */
std::string letter(std::size_t i) {
    return std::string(1, static_cast<char>('A' + static_cast<int>(i % 26)));
}

/** A count of the protocol (never near INT_MAX) as the layout's int. */
int as_int(std::uint32_t n) {
    return static_cast<int>(n);
}

/** The image of a deck with this id, or nullptr. */
const image_def* image_in(const step_def& step, const std::string& id) {
    for (const image_def& im : step.images)
        if (im.id == id)
            return &im;
    return nullptr;
}

std::string dots_text(lang l, int n) {
    return n == 1 ? std::string(tr(l, txt::dots_one))
                  : trf(l, txt::dots_count, {std::to_string(n)});
}

} // namespace

//------------------------------------------------------------------------------

float app::draw_chart(const step_def& step, const wire::step_result& res, const chart_box& box) {
    switch (step.kind) {
    case activity_kind::scale:
        return chart_scale(step, res, box);
    case activity_kind::choice:
        return chart_choice(step, res, box);
    case activity_kind::image_choice:
        return chart_images(step, res, box);
    case activity_kind::open_text:
        if (show_cards_ || res.terms.empty())
            return chart_cards(card_texts(step, res), box);
        return chart_word_cloud(res, box);
    case activity_kind::dot_vote:
        return chart_dots(step, res, box);
    case activity_kind::inventory:
        if (show_cards_)
            return chart_cards(card_texts(step, res), box);
        return chart_matrix(step, res, box);
    case activity_kind::action_plan:
        return chart_actions(res, box);
    case activity_kind::photo:
        return chart_photos(step, res, box);
    case activity_kind::floor_plan: // app_plan.cpp
        return chart_plan(step, res, box);
    case activity_kind::traffic_light: // app_projector.cpp and app_facilitator.cpp
    case activity_kind::unknown:
        break;
    }
    return 0;
}

void app::chart_item(const step_def& step, const wire::step_result& res, float s) {
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    // Word clouds and galleries need a height to fill; lists take what they need.
    const float h = step.kind == activity_kind::open_text      ? std::max(s * 12.0f, w * 0.36f)
                    : step.kind == activity_kind::image_choice ? w * 0.5f
                                                               : 1e5f;
    const float used = draw_chart(step, res, {ImGui::GetWindowDrawList(), p0, w, h, s, false});
    ImGui::Dummy({w, std::max(used, 1.0f)});
}

void app::summary_item(float s) {
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const float used = chart_summary({ImGui::GetWindowDrawList(), p0, w, 1e5f, s, false});
    ImGui::Dummy({w, std::max(used, 1.0f)});
}

std::vector<std::pair<std::string, int>> app::card_texts(const step_def& step,
                                                         const wire::step_result& res) const {
    std::vector<std::pair<std::string, int>> out;
    for (const open_text::wall_card& c : res.cards)
        if (!c.hidden)
            out.emplace_back(c.text, as_int(c.count));
    for (const inventory::row& row : res.entries) {
        if (row.hidden)
            continue;
        const inventory::entry& e = row.e;
        std::string t = e.name;
        std::string kind;
        if (const localized* k = text_in(step.offer_kinds, e.kind))
            kind = text_of(*k);
        if (!kind.empty() || !e.place.empty())
            t += "\n" + kind + (kind.empty() || e.place.empty() ? "" : " · ") + e.place;
        std::string fam;
        for (const std::string& f : e.families) {
            const localized* g = text_in(step.target_groups, f);
            fam += (fam.empty() ? "" : ", ") + (g ? text_of(*g) : f);
        }
        if (!fam.empty())
            t += "\n→ " + fam;
        out.emplace_back(std::move(t), 1);
    }
    return out;
}

//------------------------------------------------------------------------------
// [SECTION] scale

float app::chart_scale(const step_def& step, const wire::step_result& res, const chart_box& box) {
    ImDrawList* dl = box.dl;
    const int n_values = std::max(1, step.max - step.min + 1);
    int max_count = 1;
    for (const auto& it : res.scale)
        for (std::uint32_t c : it.counts)
            max_count = std::max(max_count, as_int(c));
    if (res.scale.empty()) {
        dl->AddText(fonts_.body, box.s, box.p0, colors::muted, tr(lang_, txt::no_answers_yet));
        return box.s * 1.4f;
    }

    // Legend: what the ends of the scale mean.
    const std::string legend = std::to_string(step.min) + " = " + text_of(step.label_min) +
                               "      " + std::to_string(step.max) + " = " +
                               text_of(step.label_max);
    const bool has_legend = !text_of(step.label_min).empty() || !text_of(step.label_max).empty();

    auto geometry = [&](float s, float& text_w, float& side_w) {
        text_w = box.w * 0.40f;
        side_w = s * 6.5f;
    };
    auto row_h = [&](const scale::item_result& it, float s) {
        float text_w, side_w;
        geometry(s, text_w, side_w);
        return std::max(wrapped_height(fonts_.body, s, item_text(step.id, it.item), text_w),
                        s * 2.9f) +
               s * 0.5f;
    };
    // The head: what the ends mean, then the values once, above their columns.
    auto head_h = [&](float s) { return (has_legend ? s * 1.3f : 0.0f) + s * 1.3f; };
    auto total_h = [&](float s) {
        float h = head_h(s);
        for (const auto& it : res.scale)
            h += row_h(it, s);
        return h;
    };
    const float s = box.fit ? fit_scale(total_h, box.s, box.s * 0.6f, box.h) : box.s;
    float text_w, side_w;
    geometry(s, text_w, side_w);
    const float hist_x = box.p0.x + text_w + s * 1.2f;
    const float hist_w = box.w - text_w - s * 1.2f - side_w;
    const float slot = hist_w / static_cast<float>(n_values);
    auto column_x = [&](double v) {
        return hist_x + slot * (static_cast<float>(v - step.min) + 0.5f);
    };

    float y = box.p0.y;
    if (has_legend) {
        const float ls = s * 0.8f;
        const float lw = text_width(fonts_.body, ls, legend);
        dl->AddText(fonts_.body, ls, {std::max(box.p0.x, hist_x + hist_w - lw), y}, colors::muted,
                    legend.c_str());
        y += s * 1.3f;
    }
    for (int v = step.min; v <= step.max; ++v) {
        const std::string vs = std::to_string(v);
        dl->AddText(fonts_.bold, s * 0.9f,
                    {column_x(v) - text_width(fonts_.bold, s * 0.9f, vs) / 2, y}, colors::muted,
                    vs.c_str());
    }
    y += s * 1.3f;
    // Spread spare height over the rows on the projector.
    float extra = 0;
    if (box.fit)
        extra =
            std::clamp((box.h - total_h(s)) / static_cast<float>(res.scale.size()), 0.0f, s * 1.2f);
    for (std::size_t i = 0; i < res.scale.size(); ++i) {
        const scale::item_result& it = res.scale[i];
        const float rh = row_h(it, s) + extra;
        const std::string& text = item_text(step.id, it.item);
        const float th = wrapped_height(fonts_.body, s, text, text_w);
        draw_wrapped(dl, fonts_.body, s, {box.p0.x, y + (rh - th) / 2}, colors::ink, text, text_w);

        // The histogram: one column per value with its count above; the median marked below.
        const float axis_y = y + rh - s * 0.25f - s * 0.65f;
        const float top = y + s * 0.25f + s * 1.0f;
        dl->AddLine({hist_x, axis_y}, {hist_x + hist_w, axis_y}, colors::track,
                    std::max(1.0f, s * 0.08f));
        for (int v = 0; v < n_values; ++v) {
            const int c = v < static_cast<int>(it.counts.size())
                              ? as_int(it.counts[static_cast<std::size_t>(v)])
                              : 0;
            if (c <= 0)
                continue;
            const float cx = column_x(step.min + v);
            const float bw = std::min(slot * 0.62f, s * 3.0f);
            const float bh = std::max(s * 0.2f, (axis_y - top) * static_cast<float>(c) /
                                                    static_cast<float>(max_count));
            dl->AddRectFilled({cx - bw / 2, axis_y - bh}, {cx + bw / 2, axis_y}, colors::accent,
                              s * 0.15f, ImDrawFlags_RoundCornersTop);
            const std::string cs = std::to_string(c);
            dl->AddText(fonts_.bold, s * 0.8f,
                        {cx - text_width(fonts_.bold, s * 0.8f, cs) / 2, axis_y - bh - s * 0.95f},
                        colors::ink, cs.c_str());
        }
        const float sx = hist_x + hist_w + s * 0.8f;
        if (it.median) {
            const float mx = column_x(*it.median);
            dl->AddTriangleFilled({mx, axis_y + s * 0.12f}, {mx + s * 0.38f, axis_y + s * 0.62f},
                                  {mx - s * 0.38f, axis_y + s * 0.62f}, colors::ink);
            const std::string med = trf(lang_, txt::median_label, {number_text(*it.median, lang_)});
            dl->AddText(fonts_.bold, s * 0.85f, {sx, y + rh / 2 - s * 1.0f}, colors::ink,
                        med.c_str());
        }
        const std::string pass = trf(lang_, txt::pass_count, {std::to_string(it.pass)});
        dl->AddText(fonts_.body, s * 0.8f, {sx, y + rh / 2 + s * 0.1f}, colors::muted,
                    pass.c_str());
        y += rh;
        if (i + 1 < res.scale.size())
            dl->AddLine({box.p0.x, y}, {box.p0.x + box.w, y}, colors::track, 1.0f);
    }
    return y - box.p0.y;
}

//------------------------------------------------------------------------------
// [SECTION] choice

float app::chart_choice(const step_def& step, const wire::step_result& res, const chart_box& box) {
    ImDrawList* dl = box.dl;
    const auto& opts = step_options(step);
    if (show_reasons_ && box.fit) {
        // Reasons on demand: cards with the letter of the option they explain.
        std::vector<std::pair<std::string, int>> cards;
        for (const choice::reason& r : res.reasons) {
            std::size_t idx = 0;
            for (std::size_t i = 0; i < opts.size(); ++i)
                if (opts[i].id == r.option)
                    idx = i;
            cards.emplace_back(letter(idx) + "   “" + r.text + "”", 1);
        }
        if (cards.empty()) {
            draw_centered(dl, fonts_.heading, box.s * 1.2f, box.p0.x + box.w / 2,
                          box.p0.y + box.h * 0.35f, colors::muted, tr(lang_, txt::no_reasons));
            return box.h;
        }
        return chart_cards(cards, box);
    }

    int total = 0, max_count = 1;
    for (const choice::option_count& o : res.choices) {
        total += as_int(o.count);
        max_count = std::max(max_count, as_int(o.count));
    }
    auto count_of = [&](const std::string& id) {
        for (const choice::option_count& o : res.choices)
            if (o.option == id)
                return as_int(o.count);
        return 0;
    };
    auto row_h = [&](const option_def& o, float s) {
        const float text_w = box.w * 0.48f - s * 2.2f;
        return std::max(wrapped_height(fonts_.body, s, text_of(o.text), text_w), s * 1.9f) +
               s * 0.7f;
    };
    auto total_h = [&](float s) {
        float h = 0;
        for (const option_def& o : opts)
            h += row_h(o, s);
        return h;
    };
    const float s = box.fit ? fit_scale(total_h, box.s, box.s * 0.55f, box.h) : box.s;
    const float text_x = box.p0.x + s * 2.2f;
    const float text_w = box.w * 0.48f - s * 2.2f;
    const float bar_x = box.p0.x + box.w * 0.48f + s * 1.0f;
    const float label_w = s * 5.5f;
    const float bar_w = box.p0.x + box.w - label_w - bar_x;
    float extra = 0;
    if (box.fit && !opts.empty())
        extra = std::clamp((box.h - total_h(s)) / static_cast<float>(opts.size()), 0.0f, s * 1.5f);

    float y = box.p0.y;
    for (std::size_t i = 0; i < opts.size(); ++i) {
        const option_def& o = opts[i];
        const float rh = row_h(o, s) + extra;
        const float cy = y + rh / 2;
        // The option's letter in a circle, its text, then the bar.
        count_badge(dl, fonts_.bold, {box.p0.x + s * 0.8f, cy}, s * 0.75f, letter(i),
                    colors::muted);
        const std::string& text = text_of(o.text);
        const float th = wrapped_height(fonts_.body, s, text, text_w);
        draw_wrapped(dl, fonts_.body, s, {text_x, cy - th / 2}, colors::ink, text, text_w);
        const int c = count_of(o.id);
        const float bh = s * 1.7f;
        dl->AddRectFilled({bar_x, cy - bh / 2}, {bar_x + bar_w, cy + bh / 2}, colors::track,
                          s * 0.2f);
        if (c > 0)
            dl->AddRectFilled({bar_x, cy - bh / 2},
                              {bar_x + std::max(bh * 0.5f, bar_w * static_cast<float>(c) /
                                                               static_cast<float>(max_count)),
                               cy + bh / 2},
                              colors::accent, s * 0.2f);
        const std::string cs = std::to_string(c);
        dl->AddText(fonts_.bold, s * 1.05f,
                    {bar_x + bar_w + s * 0.5f, cy - s * 1.05f / 2 - s * 0.25f}, colors::ink,
                    cs.c_str());
        const std::string pc = percent_text(c, total);
        if (!pc.empty())
            dl->AddText(
                fonts_.body, s * 0.7f,
                {bar_x + bar_w + s * 0.5f + text_width(fonts_.bold, s * 1.05f, cs) + s * 0.4f,
                 cy - s * 0.35f - s * 0.25f},
                colors::muted, pc.c_str());
        y += rh;
        if (i + 1 < opts.size())
            dl->AddLine({box.p0.x, y}, {box.p0.x + box.w, y}, colors::track, 1.0f);
    }
    if (!box.fit && !res.reasons.empty()) {
        // The console and the participant screen list the reasons under the bars.
        y += s * 0.5f;
        dl->AddText(fonts_.bold, s, {box.p0.x, y}, colors::ink, tr(lang_, txt::reasons_heading));
        y += s * 1.4f;
        for (const choice::reason& r : res.reasons) {
            std::size_t idx = 0;
            for (std::size_t i = 0; i < opts.size(); ++i)
                if (opts[i].id == r.option)
                    idx = i;
            dl->AddText(fonts_.bold, s * 0.9f, {box.p0.x, y}, colors::muted, letter(idx).c_str());
            y += draw_wrapped(dl, fonts_.body, s * 0.9f, {box.p0.x + s * 1.5f, y}, colors::ink,
                              "“" + r.text + "”", box.w - s * 1.5f) +
                 s * 0.35f;
        }
    }
    return y - box.p0.y;
}

//------------------------------------------------------------------------------
// [SECTION] image_choice

void app::draw_cover_image(ImDrawList* dl, const image_def* info, ImVec2 p0, ImVec2 p1,
                           float rounding, float text_size) {
    const texture* tex = info ? images_.get(info->url) : nullptr;
    if (!tex) {
        // Not here (yet): a grey tile with "loading", or the description when it failed.
        dl->AddRectFilled(p0, p1, colors::track, rounding);
        const std::string t = info && images_.failed(info->url)
                                  ? text_of(info->alt)
                                  : std::string(tr(lang_, txt::image_loading));
        draw_wrapped(dl, fonts_.body, text_size,
                     {p0.x + text_size * 0.66f, p0.y + text_size * 0.66f}, colors::muted, t,
                     p1.x - p0.x - text_size * 1.33f);
        return;
    }
    // Cover: crop the texture to the tile's shape, centred.
    const float ta = tex->aspect(), ra = (p1.x - p0.x) / std::max(1.0f, p1.y - p0.y);
    ImVec2 uv0{0, 0}, uv1{1, 1};
    if (ta > ra) {
        const float f = ra / ta;
        uv0.x = (1 - f) / 2;
        uv1.x = 1 - uv0.x;
    } else {
        const float f = ta / ra;
        uv0.y = (1 - f) / 2;
        uv1.y = 1 - uv0.y;
    }
    dl->AddImageRounded(tex->im_id(), p0, p1, uv0, uv1, IM_COL32_WHITE, rounding);
}

const std::vector<image_choice::own_image>& app::own_images_of(const step_def& step) const {
    static const std::vector<image_choice::own_image> none;
    const wire::step_status* st = view_.valid ? view_.step(step.id) : nullptr;
    return st ? st->own_images : none;
}

std::vector<std::string> app::deck_ids(const step_def& step) const {
    std::vector<std::string> ids;
    for (const image_def& im : step.images)
        ids.push_back(im.id);
    for (const image_choice::own_image& im : own_images_of(step))
        ids.push_back(im.id);
    return ids;
}

std::string app::deck_alt(const step_def& step, const std::string& id) const {
    if (const image_def* im = image_in(step, id))
        return text_of(im->alt);
    for (const image_choice::own_image& im : own_images_of(step))
        if (im.id == id)
            return text_of(im.alt);
    return {};
}

void app::draw_deck_image(ImDrawList* dl, const step_def& step, const std::string& id, ImVec2 p0,
                          ImVec2 p1, float rounding, float text_size) {
    if (const image_def* im = image_in(step, id)) {
        draw_cover_image(dl, im, p0, p1, rounding, text_size);
        return;
    }
    const std::vector<image_choice::own_image>& own = own_images_of(step);
    if (std::any_of(own.begin(), own.end(),
                    [&](const image_choice::own_image& im) { return im.id == id; })) {
        // The facilitator's own image: a photo of the session, fetched with this screen's key.
        draw_photo(dl, id, p0, p1, true, rounding, text_size);
        return;
    }
    draw_cover_image(dl, nullptr, p0, p1, rounding, text_size); // no longer in the deck
}

float app::chart_images(const step_def& step, const wire::step_result& res, const chart_box& box) {
    ImDrawList* dl = box.dl;
    std::vector<const image_choice::image_count*> shown;
    for (const image_choice::image_count& r : res.images)
        if (r.count > 0)
            shown.push_back(&r);
    if (shown.empty()) {
        dl->AddText(fonts_.body, box.s, box.p0, colors::muted, tr(lang_, txt::no_answers_yet));
        return box.s * 1.4f;
    }
    constexpr float aspect = 4.0f / 3.0f; // tiles; other shapes are cropped to fill them

    auto draw_image = [&](const std::string& id, ImVec2 p0, ImVec2 p1, float rounding) {
        draw_deck_image(dl, step, id, p0, p1, rounding, box.s * 0.6f);
    };

    if (show_reasons_ && box.fit) {
        // Reasons on demand: one row per chosen image, its thumbnail, count and reasons.
        const float s = box.s * 0.85f;
        const float gap = s * 0.6f;
        std::vector<float> heights;
        const float thumb_h_max =
            box.h / static_cast<float>(std::min<std::size_t>(shown.size(), 4)) - gap;
        float y = box.p0.y;
        for (const image_choice::image_count* r : shown) {
            const float th = std::clamp(thumb_h_max, s * 3.0f, s * 7.0f);
            const float tw = th * aspect;
            const float text_x = box.p0.x + tw + s * 1.2f;
            const float text_w = box.w - tw - s * 1.2f;
            std::string reasons;
            for (const std::string& t : r->reasons)
                reasons += (reasons.empty() ? "“" : "\n“") + t + "”";
            if (reasons.empty())
                reasons = tr(lang_, txt::no_reasons);
            const float rh =
                std::max(th, wrapped_height(fonts_.body, s, reasons, text_w) + s * 1.6f);
            if (y + std::min(rh, th) > box.p0.y + box.h)
                break;
            draw_image(r->image, {box.p0.x, y}, {box.p0.x + tw, y + th}, s * 0.3f);
            count_badge(dl, fonts_.bold, {box.p0.x + s * 1.1f, y + s * 1.1f}, s * 0.85f,
                        std::to_string(r->count));
            const std::string described = deck_alt(step, r->image);
            const std::string alt =
                described.empty() ? r->image : ellipsize(fonts_.bold, s * 0.8f, described, text_w);
            dl->AddText(fonts_.bold, s * 0.8f, {text_x, y}, colors::muted, alt.c_str());
            dl->PushClipRect({text_x, y}, {box.p0.x + box.w, std::min(y + rh, box.p0.y + box.h)},
                             true);
            draw_wrapped(dl, fonts_.body, s, {text_x, y + s * 1.3f}, colors::ink, reasons, text_w);
            dl->PopClipRect();
            y += rh + gap;
        }
        return y - box.p0.y;
    }

    // The gallery: the largest tiles that fit every chosen image, most chosen first.
    const float gap = box.s * 0.7f;
    const std::size_t n = shown.size();
    std::size_t best_cols = 1;
    float best_w = 0;
    const float max_tile_w = box.fit ? box.w * 0.45f : box.s * 9.0f;
    for (std::size_t cols = 1; cols <= n; ++cols) {
        const std::size_t rows = (n + cols - 1) / cols;
        float tw = (box.w - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
        if (box.fit)
            tw = std::min(tw, (box.h - gap * static_cast<float>(rows - 1)) /
                                  static_cast<float>(rows) * aspect);
        tw = std::min(tw, max_tile_w);
        if (tw > best_w + 0.5f) {
            best_w = tw;
            best_cols = cols;
        }
    }
    if (!box.fit)
        best_cols =
            std::max<std::size_t>(1, static_cast<std::size_t>((box.w + gap) / (best_w + gap)));
    const float tw = best_w, th = tw / aspect;
    const std::size_t rows = (n + best_cols - 1) / best_cols;
    const float grid_w =
        static_cast<float>(best_cols) * tw + static_cast<float>(best_cols - 1) * gap;
    const float grid_h = static_cast<float>(rows) * th + static_cast<float>(rows - 1) * gap;
    const float x0 = box.fit ? box.p0.x + (box.w - grid_w) / 2 : box.p0.x;
    const float y0 = box.fit ? box.p0.y + std::max(0.0f, (box.h - grid_h) / 2) : box.p0.y;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t row = i / best_cols, col = i % best_cols;
        // The last row is centred on the projector.
        const std::size_t in_row = row + 1 == rows ? n - row * best_cols : best_cols;
        const float row_x = box.fit ? x0 + (grid_w - (static_cast<float>(in_row) * tw +
                                                      static_cast<float>(in_row - 1) * gap)) /
                                               2
                                    : x0;
        const ImVec2 p0{row_x + static_cast<float>(col) * (tw + gap),
                        y0 + static_cast<float>(row) * (th + gap)};
        const ImVec2 p1{p0.x + tw, p0.y + th};
        draw_image(shown[i]->image, p0, p1, tw * 0.03f);
        const float r = std::clamp(tw * 0.085f, box.s * 0.7f, box.s * 1.6f);
        count_badge(dl, fonts_.bold, {p0.x + r * 1.25f, p0.y + r * 1.25f}, r,
                    std::to_string(shown[i]->count));
    }
    float y = y0 + grid_h;
    if (!box.fit) {
        // The console and the participant screen list the reasons under the gallery, per
        // image: its description and count, then each reason.
        bool any = false;
        for (const image_choice::image_count* r : shown)
            any = any || !r->reasons.empty();
        if (any) {
            const float s = box.s;
            y += s * 0.6f;
            dl->AddText(fonts_.bold, s, {box.p0.x, y}, colors::ink,
                        tr(lang_, txt::reasons_heading));
            y += s * 1.4f;
            for (const image_choice::image_count* r : shown) {
                if (r->reasons.empty())
                    continue;
                const std::string described = deck_alt(step, r->image);
                const std::string head = (described.empty() ? r->image : described) + "  (" +
                                         std::to_string(r->count) + ")";
                y += draw_wrapped(dl, fonts_.bold, s * 0.9f, {box.p0.x, y}, colors::muted, head,
                                  box.w) +
                     s * 0.2f;
                for (const std::string& t : r->reasons)
                    y += draw_wrapped(dl, fonts_.body, s * 0.9f, {box.p0.x + s, y}, colors::ink,
                                      "“" + t + "”", box.w - s) +
                         s * 0.25f;
                y += s * 0.3f;
            }
        }
    }
    return y - box.p0.y;
}

//------------------------------------------------------------------------------
// [SECTION] open_text

float app::chart_word_cloud(const wire::step_result& res, const chart_box& box) {
    std::vector<cloud_word> words;
    for (const open_text::term_count& t : res.terms)
        words.push_back({t.term, as_int(t.count)});
    ImFont* font = fonts_.bold;
    const float h = box.h;
    auto measure = [font](const std::string& text, float size) {
        return ImVec2{font->CalcTextSizeA(size, FLT_MAX, 0, text.c_str()).x, size};
    };
    const float max_size = box.fit ? std::min(box.s * 3.4f, h / 4.0f) : box.s * 2.2f;
    const float min_size = box.fit ? box.s * 0.85f : box.s * 0.85f;
    const std::vector<cloud_place> places =
        layout_word_cloud(words, {box.w, h}, max_size, min_size, measure);
    for (const cloud_place& p : places) {
        const ImU32 col = colors::cloud[p.index % std::size(colors::cloud)];
        box.dl->AddText(font, p.size, {box.p0.x + p.pos.x, box.p0.y + p.pos.y}, col,
                        words[p.index].text.c_str());
    }
    return h;
}

float app::chart_cards(const std::vector<std::pair<std::string, int>>& cards,
                       const chart_box& box) {
    ImDrawList* dl = box.dl;
    if (cards.empty()) {
        dl->AddText(fonts_.body, box.s, box.p0, colors::muted, tr(lang_, txt::no_cards));
        return box.s * 1.4f;
    }
    // Cards in rows of equal height; the type and the number of columns are chosen together
    // so that every card fits (the projector), or the column count suits the width (inline).
    struct layout {
        float s = 0;
        std::size_t cols = 1;
        float height = 0;
    };
    auto measure = [&](float s, std::size_t cols) {
        const float gap = s * 0.6f;
        const float cw = (box.w - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
        const float pad = s * 0.6f;
        float h = 0;
        for (std::size_t i = 0; i < cards.size(); i += cols) {
            float rh = 0;
            for (std::size_t j = i; j < std::min(cards.size(), i + cols); ++j)
                rh = std::max(
                    rh, wrapped_height(fonts_.body, s, cards[j].first,
                                       cw - 2 * pad - (cards[j].second > 1 ? s * 1.8f : 0.0f)) +
                            2 * pad);
            h += rh + gap;
        }
        return h - gap;
    };
    layout best;
    if (box.fit) {
        for (float s = box.s * 1.1f; s >= box.s * 0.5f && best.s == 0; s *= 0.94f)
            for (std::size_t cols = 1; cols <= 5; ++cols) {
                const float cw =
                    (box.w - s * 0.6f * static_cast<float>(cols - 1)) / static_cast<float>(cols);
                // A wall of cards, not a list: no card wider than about two dozen characters'
                // worth.
                if (cw > s * 22.0f && cols < 5 && cards.size() > cols)
                    continue;
                if (cw < s * 9.0f)
                    break;
                const float h = measure(s, cols);
                if (h <= box.h) {
                    best = {s, cols, h};
                    break;
                }
            }
        if (best.s == 0)
            best = {box.s * 0.5f, 5, box.h};
    } else {
        const std::size_t cols =
            std::clamp<std::size_t>(static_cast<std::size_t>(box.w / (box.s * 14.0f)), 1, 4);
        best = {box.s, cols, measure(box.s, cols)};
    }
    const float s = best.s;
    const float gap = s * 0.6f, pad = s * 0.6f;
    const float cw =
        (box.w - gap * static_cast<float>(best.cols - 1)) / static_cast<float>(best.cols);
    float y = box.p0.y;
    if (box.fit)
        dl->PushClipRect(box.p0, {box.p0.x + box.w, box.p0.y + box.h}, true);
    for (std::size_t i = 0; i < cards.size(); i += best.cols) {
        float rh = 0;
        for (std::size_t j = i; j < std::min(cards.size(), i + best.cols); ++j)
            rh = std::max(rh,
                          wrapped_height(fonts_.body, s, cards[j].first,
                                         cw - 2 * pad - (cards[j].second > 1 ? s * 1.8f : 0.0f)) +
                              2 * pad);
        for (std::size_t j = i; j < std::min(cards.size(), i + best.cols); ++j) {
            const ImVec2 p0{box.p0.x + static_cast<float>(j - i) * (cw + gap), y};
            const ImVec2 p1{p0.x + cw, y + rh};
            // A paper card with a soft shadow and an accent edge: calm, readable, no clutter.
            dl->AddRectFilled({p0.x + 2, p0.y + 3}, {p1.x + 2, p1.y + 3}, IM_COL32(0, 0, 0, 0x14),
                              s * 0.25f);
            dl->AddRectFilled(p0, p1, colors::card, s * 0.25f);
            dl->AddRectFilled(p0, {p0.x + s * 0.22f, p1.y}, colors::accent_light, s * 0.25f,
                              ImDrawFlags_RoundCornersLeft);
            const bool counted = cards[j].second > 1;
            draw_wrapped(dl, fonts_.body, s, {p0.x + pad, p0.y + pad}, colors::ink, cards[j].first,
                         cw - 2 * pad - (counted ? s * 1.8f : 0.0f));
            if (counted)
                count_badge(dl, fonts_.bold, {p1.x - s * 1.05f, p0.y + s * 1.05f}, s * 0.7f,
                            std::to_string(cards[j].second));
        }
        y += rh + gap;
    }
    if (box.fit)
        dl->PopClipRect();
    return y - gap - box.p0.y;
}

//------------------------------------------------------------------------------
// [SECTION] dot_vote

float app::chart_dots(const step_def& step, const wire::step_result& res, const chart_box& box) {
    ImDrawList* dl = box.dl;
    const auto& opts = step_options(step);
    if (res.dots.empty()) {
        dl->AddText(fonts_.body, box.s, box.p0, colors::muted, tr(lang_, txt::no_answers_yet));
        return box.s * 1.4f;
    }
    int max_dots = 1;
    for (const dot_vote::option_result& o : res.dots)
        max_dots = std::max(max_dots, as_int(o.dots));
    auto text_for = [&](const std::string& id) -> std::string {
        if (const localized* t = text_in(opts, id))
            return text_of(*t);
        return block_title(id);
    };
    auto row_h = [&](const dot_vote::option_result& o, float s) {
        return std::max(
                   wrapped_height(fonts_.bold, s, text_for(o.option), box.w * 0.44f - s * 2.4f),
                   s * 1.9f) +
               s * 0.8f;
    };
    auto total_h = [&](float s) {
        float h = 0;
        for (const dot_vote::option_result& o : res.dots)
            h += row_h(o, s);
        return h;
    };
    const float s = box.fit ? fit_scale(total_h, box.s, box.s * 0.55f, box.h) : box.s;
    const float text_x = box.p0.x + s * 2.4f;
    const float text_w = box.w * 0.44f - s * 2.4f;
    const float bar_x = box.p0.x + box.w * 0.44f + s;
    const float label_w = s * 6.0f;
    const float bar_w = box.p0.x + box.w - label_w - bar_x;
    float extra = 0;
    if (box.fit)
        extra =
            std::clamp((box.h - total_h(s)) / static_cast<float>(res.dots.size()), 0.0f, s * 1.2f);
    float y = box.p0.y;
    for (std::size_t i = 0; i < res.dots.size(); ++i) {
        const dot_vote::option_result& o = res.dots[i];
        const float rh = row_h(o, s) + extra;
        const float cy = y + rh / 2;
        const int dots = as_int(o.dots);
        const bool top = o.rank == 1;
        const std::string rank = std::to_string(o.rank) + ".";
        dl->AddText(fonts_.bold, s * 1.1f, {box.p0.x, cy - s * 0.55f},
                    top ? colors::accent : colors::muted, rank.c_str());
        const std::string text = text_for(o.option);
        const float th = wrapped_height(fonts_.body, s, text, text_w);
        draw_wrapped(dl, top ? fonts_.bold : fonts_.body, s, {text_x, cy - th / 2}, colors::ink,
                     text, text_w);
        // The bar is a row of dots: one per dot given, the way a wall of stickers looks.
        const float bh = s * 1.6f;
        const float len =
            dots > 0 ? std::max(bh, bar_w * static_cast<float>(dots) / static_cast<float>(max_dots))
                     : 0.0f;
        dl->AddRectFilled({bar_x, cy - bh / 2}, {bar_x + bar_w, cy + bh / 2}, colors::track,
                          bh / 2);
        if (len > 0)
            dl->AddRectFilled({bar_x, cy - bh / 2}, {bar_x + len, cy + bh / 2},
                              top ? colors::accent : colors::accent_light, bh / 2);
        const float step_x = bar_w / static_cast<float>(max_dots);
        if (step_x > bh * 0.55f)
            for (int d = 0; d < dots; ++d)
                dl->AddCircleFilled({bar_x + step_x * (static_cast<float>(d) + 0.5f) * len /
                                                 (step_x * static_cast<float>(dots)),
                                     cy},
                                    bh * 0.16f, IM_COL32(0xff, 0xff, 0xff, 0xb0));
        const std::string label = dots_text(lang_, dots);
        dl->AddText(fonts_.bold, s * 0.9f, {bar_x + bar_w + s * 0.5f, cy - s * 0.45f}, colors::ink,
                    label.c_str());
        y += rh;
        if (i + 1 < res.dots.size())
            dl->AddLine({box.p0.x, y}, {box.p0.x + box.w, y}, colors::track, 1.0f);
    }
    return y - box.p0.y;
}

//------------------------------------------------------------------------------
// [SECTION] inventory

float app::chart_matrix(const step_def& step, const wire::step_result& res, const chart_box& box) {
    ImDrawList* dl = box.dl;
    const std::size_t nk = res.matrix_kinds.size(), ng = res.matrix_groups.size();
    if (nk == 0 || ng == 0) {
        dl->AddText(fonts_.body, box.s, box.p0, colors::muted, tr(lang_, txt::no_answers_yet));
        return box.s * 1.4f;
    }
    auto kind_text_full = [&](std::size_t i) -> std::string {
        const localized* t = text_in(step.offer_kinds, res.matrix_kinds[i]);
        return t ? text_of(*t) : res.matrix_kinds[i];
    };
    auto group_text = [&](std::size_t i) -> std::string {
        const localized* t = text_in(step.target_groups, res.matrix_groups[i]);
        return t ? text_of(*t) : res.matrix_groups[i];
    };
    int max_count = 1;
    for (const auto& row : res.matrix)
        for (std::uint32_t c : row)
            max_count = std::max(max_count, as_int(c));
    int entries = 0;
    for (const inventory::row& e : res.entries)
        entries += !e.hidden;
    // The sharpest gaps in words, as the server names them: the families no offer reaches,
    // the kinds of offer nobody named.
    std::vector<std::string> gap_lines;
    auto names = [&](const std::vector<std::string>& ids, const std::vector<option_def>& list) {
        std::string out;
        for (const std::string& id : ids) {
            const localized* t = text_in(list, id);
            std::string name = t ? text_of(*t) : id;
            // "workshops … (bijvoorbeeld yoga …)": the words before the examples.
            if (const auto cut = name.find(" ("); cut != std::string::npos && cut > 12)
                name.resize(cut);
            out += (out.empty() ? "" : ", ") + name;
        }
        return out;
    };
    if (entries > 0 && !res.unreached.empty())
        gap_lines.push_back(
            trf(lang_, txt::nobody_reaches, {names(res.unreached, step.target_groups)}));
    if (entries > 0 && !res.unnamed.empty())
        gap_lines.push_back(trf(lang_, txt::kinds_missing, {names(res.unnamed, step.offer_kinds)}));

    // Geometry at type size s: the label column, the header row (wrapped group names), rows.
    struct geo {
        float label_w, cell_w, head_h, legend_h, hs;
        std::vector<float> row_h;
        std::vector<std::string> kinds; // row labels, at most two lines each
        std::vector<std::string> heads; // column heads, broken into lines
        float total;
    };
    auto geometry = [&](float s) {
        geo g;
        g.label_w = box.w * 0.27f;
        g.cell_w = (box.w - g.label_w) / static_cast<float>(ng);
        // Column heads: small enough that most words fit; a very long word (migratie-
        // achtergrond) is hyphenated rather than shrinking every head.
        g.hs = s * 0.72f;
        for (std::size_t j = 0; j < ng; ++j) {
            const float ww = widest_word(fonts_.bold, g.hs, group_text(j));
            if (ww > g.cell_w - s * 0.3f)
                g.hs *= (g.cell_w - s * 0.3f) / ww;
        }
        g.hs = std::max(g.hs, s * 0.6f);
        g.heads.clear();
        g.head_h = 0;
        for (std::size_t j = 0; j < ng; ++j) {
            g.heads.push_back(hyphen_wrap(fonts_.bold, g.hs, group_text(j), g.cell_w - s * 0.3f));
            g.head_h = std::max(g.head_h, centered_wrapped_height(fonts_.bold, g.hs, g.heads.back(),
                                                                  g.cell_w - s * 0.2f));
        }
        g.head_h += s * 0.45f;
        g.legend_h = s * 1.8f;
        for (const std::string& line : gap_lines)
            g.legend_h += wrapped_height(fonts_.body, s * 0.75f, line, box.w) + s * 0.2f;
        g.total = g.head_h + g.legend_h;
        for (std::size_t i = 0; i < nk; ++i) {
            g.kinds.push_back(
                clamp_lines(fonts_.body, s * 0.8f, kind_text_full(i), g.label_w - s * 0.6f, 2));
            const float rh = std::max(
                wrapped_height(fonts_.body, s * 0.8f, g.kinds.back(), g.label_w - s * 0.6f) +
                    s * 0.4f,
                s * 1.7f);
            g.row_h.push_back(rh);
            g.total += rh;
        }
        return g;
    };
    const float s =
        box.fit ? fit_scale([&](float x) { return geometry(x).total; }, box.s, box.s * 0.5f, box.h)
                : box.s;
    geo g = geometry(s);
    if (box.fit && g.total < box.h) {
        // Spare height goes to the rows, up to a limit: cells should not turn into towers.
        const float extra = std::min((box.h - g.total) / static_cast<float>(nk), s * 1.0f);
        for (float& rh : g.row_h)
            rh += extra;
    }
    const float hs = g.hs;
    const float x_cells = box.p0.x + g.label_w;
    float y = box.p0.y;
    for (std::size_t j = 0; j < ng; ++j) {
        const float cx = x_cells + g.cell_w * (static_cast<float>(j) + 0.5f);
        const float th = centered_wrapped_height(fonts_.bold, hs, g.heads[j], g.cell_w - s * 0.2f);
        draw_centered_wrapped(dl, fonts_.bold, hs, cx, y + g.head_h - s * 0.3f - th, colors::ink,
                              g.heads[j], g.cell_w - s * 0.2f);
    }
    y += g.head_h;
    const float pad = std::max(2.0f, s * 0.08f);
    for (std::size_t i = 0; i < nk; ++i) {
        const float rh = g.row_h[i];
        const std::string& kt = g.kinds[i];
        const float th = wrapped_height(fonts_.body, s * 0.8f, kt, g.label_w - s * 0.6f);
        draw_wrapped(dl, fonts_.body, s * 0.8f, {box.p0.x, y + (rh - th) / 2}, colors::ink, kt,
                     g.label_w - s * 0.6f);
        for (std::size_t j = 0; j < ng; ++j) {
            const int c =
                i < res.matrix.size() && j < res.matrix[i].size() ? as_int(res.matrix[i][j]) : 0;
            const ImVec2 p0{x_cells + g.cell_w * static_cast<float>(j) + pad, y + pad};
            const ImVec2 p1{p0.x + g.cell_w - 2 * pad, y + rh - pad};
            const float cx = (p0.x + p1.x) / 2, cy = (p0.y + p1.y) / 2;
            if (c > 0) {
                // Darker with more offers; the count is written in the cell.
                const float t =
                    0.35f + 0.65f * static_cast<float>(c) / static_cast<float>(max_count);
                const ImVec4 a = ImGui::ColorConvertU32ToFloat4(colors::accent_pale),
                             b = ImGui::ColorConvertU32ToFloat4(colors::accent);
                const ImU32 col = ImGui::ColorConvertFloat4ToU32(
                    {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1});
                dl->AddRectFilled(p0, p1, col, s * 0.15f);
                const std::string cs = std::to_string(c);
                const float fs = std::min(s * 1.05f, rh * 0.6f);
                dl->AddText(fonts_.bold, fs,
                            {cx - text_width(fonts_.bold, fs, cs) / 2, cy - fs / 2},
                            t > 0.55f ? colors::white : colors::ink, cs.c_str());
            } else if (res.is_gap(i, j)) {
                // A gap: hatched and named, never told by colour alone.
                dl->AddRectFilled(p0, p1, colors::gap_bg, s * 0.15f);
                draw_hatch(dl, p0, p1, IM_COL32(0xb3, 0x26, 0x1e, 0x40), std::max(6.0f, s * 0.45f),
                           std::max(1.0f, s * 0.07f));
                const char* word = tr(lang_, txt::gap_word);
                const float fs = std::min(s * 0.66f, rh * 0.42f);
                const float ww = text_width(fonts_.body, fs, word);
                if (ww + fs * 0.6f < p1.x - p0.x) {
                    dl->AddRectFilled({cx - ww / 2 - fs * 0.3f, cy - fs * 0.62f},
                                      {cx + ww / 2 + fs * 0.3f, cy + fs * 0.62f}, colors::gap_bg,
                                      fs * 0.3f);
                    dl->AddText(fonts_.body, fs, {cx - ww / 2, cy - fs / 2}, colors::gap, word);
                }
            } else {
                dl->AddRectFilled(p0, p1, colors::track, s * 0.15f);
            }
        }
        y += rh;
    }
    // Legend: the pattern and what it means; the number of gaps and of offers entered.
    y += s * 0.45f;
    const float sw = s * 1.6f, sh = s * 0.95f;
    dl->AddRectFilled({box.p0.x, y}, {box.p0.x + sw, y + sh}, colors::gap_bg, s * 0.12f);
    draw_hatch(dl, {box.p0.x, y}, {box.p0.x + sw, y + sh}, IM_COL32(0xb3, 0x26, 0x1e, 0x48),
               std::max(6.0f, s * 0.45f), std::max(1.0f, s * 0.07f));
    const float ls = s * 0.75f;
    dl->AddText(fonts_.body, ls, {box.p0.x + sw + s * 0.5f, y + (sh - ls) / 2}, colors::muted,
                tr(lang_, txt::gap_legend));
    int gaps = 0;
    for (std::size_t i = 0; i < nk; ++i)
        for (std::size_t j = 0; j < ng; ++j)
            gaps += res.is_gap(i, j);
    const std::string counts = trf(lang_, txt::gaps_count, {std::to_string(gaps)}) + "  ·  " +
                               trf(lang_, txt::entries_count, {std::to_string(entries)});
    dl->AddText(fonts_.bold, ls,
                {box.p0.x + box.w - text_width(fonts_.bold, ls, counts), y + (sh - ls) / 2},
                colors::ink, counts.c_str());
    y += sh;
    for (const std::string& line : gap_lines) {
        y += s * 0.2f;
        y += draw_wrapped(dl, fonts_.body, ls, {box.p0.x, y}, colors::gap, line, box.w);
    }
    return y - box.p0.y;
}

//------------------------------------------------------------------------------
// [SECTION] action_plan

float app::chart_actions(const wire::step_result& res, const chart_box& box) {
    ImDrawList* dl = box.dl;
    std::vector<const action_plan::action*> list;
    for (const action_plan::row& r : res.actions)
        if (!r.hidden)
            list.push_back(&r.a);
    if (list.empty()) {
        dl->AddText(fonts_.body, box.s, box.p0, colors::muted, tr(lang_, txt::no_answers_yet));
        return box.s * 1.4f;
    }
    auto meta = [&](const action_plan::action& a) {
        if (!a.who.empty() && !a.when.empty())
            return trf(lang_, txt::action_who_when, {a.who, a.when});
        return a.who.empty() ? a.when : a.who;
    };
    // One column, or two on a wide screen with many actions.
    auto layout_h = [&](float s, std::size_t cols) {
        const float col_w =
            (box.w - s * 1.5f * static_cast<float>(cols - 1)) / static_cast<float>(cols);
        std::vector<float> col_h(cols, 0);
        const std::size_t per_col = (list.size() + cols - 1) / cols;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string m = meta(*list[i]);
            col_h[i / per_col] += wrapped_height(fonts_.bold, s, list[i]->what, col_w - s * 2.2f) +
                                  (m.empty() ? 0.0f : s * 1.15f) + s * 0.9f;
        }
        return *std::max_element(col_h.begin(), col_h.end());
    };
    float s = box.s;
    std::size_t cols = 1;
    if (box.fit) {
        s = fit_scale([&](float x) { return layout_h(x, 1); }, box.s * 1.3f, box.s * 0.7f, box.h);
        if (layout_h(s, 1) > box.h && box.w > box.s * 30) {
            cols = 2;
            s = fit_scale([&](float x) { return layout_h(x, 2); }, box.s, box.s * 0.5f, box.h);
        }
    }
    const float col_w =
        (box.w - s * 1.5f * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const std::size_t per_col = (list.size() + cols - 1) / cols;
    float y = box.p0.y, max_y = y;
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (i % per_col == 0)
            y = box.p0.y;
        const float x = box.p0.x + static_cast<float>(i / per_col) * (col_w + s * 1.5f);
        count_badge(dl, fonts_.bold, {x + s * 0.75f, y + s * 0.6f}, s * 0.62f,
                    std::to_string(i + 1));
        y += draw_wrapped(dl, fonts_.bold, s, {x + s * 2.2f, y}, colors::ink, list[i]->what,
                          col_w - s * 2.2f);
        const std::string m = meta(*list[i]);
        if (!m.empty()) {
            dl->AddText(fonts_.body, s * 0.85f, {x + s * 2.2f, y + s * 0.15f}, colors::muted,
                        ellipsize(fonts_.body, s * 0.85f, m, col_w - s * 2.2f).c_str());
            y += s * 1.15f;
        }
        y += s * 0.9f;
        max_y = std::max(max_y, y);
    }
    return max_y - box.p0.y;
}

//------------------------------------------------------------------------------
// [SECTION] photo

namespace {

/** How long the projector shows one photo large before the next (a new photo comes at once). */
constexpr double wall_cycle_seconds = 8.0;

/** The rectangle of an image of aspect `aspect` (width / height), whole and centred in p0..p1. */
std::pair<ImVec2, ImVec2> contain(float aspect, ImVec2 p0, ImVec2 p1) {
    const float w = p1.x - p0.x, h = p1.y - p0.y;
    if (aspect <= 0 || w <= 0 || h <= 0)
        return {p0, p1};
    float dw = w, dh = w / aspect;
    if (dh > h) {
        dh = h;
        dw = h * aspect;
    }
    const ImVec2 a{p0.x + (w - dw) / 2, p0.y + (h - dh) / 2};
    return {a, {a.x + dw, a.y + dh}};
}

float aspect_of(const photo::wall_photo& p) {
    return p.width > 0 && p.height > 0 ? static_cast<float>(p.width) / static_cast<float>(p.height)
                                       : 4.0f / 3.0f;
}

} // namespace

void app::draw_photo(ImDrawList* dl, const std::string& id, ImVec2 p0, ImVec2 p1, bool cover,
                     float rounding, float text_size) {
    const texture* tex = photos_.get(id);
    if (!tex) {
        // Not here (yet): a quiet tile that says so.
        dl->AddRectFilled(p0, p1, colors::track, rounding);
        const char* t = tr(lang_, photos_.failed(id) ? txt::photo_unavailable : txt::image_loading);
        const float pad = text_size * 0.5f;
        dl->PushClipRect(p0, p1, true);
        draw_wrapped(dl, fonts_.body, text_size, {p0.x + pad, p0.y + pad}, colors::muted, t,
                     std::max(text_size, p1.x - p0.x - 2 * pad));
        dl->PopClipRect();
        return;
    }
    if (!cover) {
        const auto [a, b] = contain(tex->aspect(), p0, p1);
        dl->AddImageRounded(tex->im_id(), a, b, {0, 0}, {1, 1}, IM_COL32_WHITE, rounding);
        return;
    }
    // Cover: crop the photo to the tile's shape, centred.
    const float ta = tex->aspect(), ra = (p1.x - p0.x) / std::max(1.0f, p1.y - p0.y);
    ImVec2 uv0{0, 0}, uv1{1, 1};
    if (ta > ra) {
        uv0.x = (1 - ra / ta) / 2;
        uv1.x = 1 - uv0.x;
    } else {
        uv0.y = (1 - ta / ra) / 2;
        uv1.y = 1 - uv0.y;
    }
    dl->AddImageRounded(tex->im_id(), p0, p1, uv0, uv1, IM_COL32_WHITE, rounding);
}

float app::chart_photos(const step_def& step, const wire::step_result& res, const chart_box& box) {
    ImDrawList* dl = box.dl;
    const float s = box.s;
    // The wall holds the approved photos only (the console's result lists every photo: its
    // moderation queue shows them all).
    std::vector<const photo::wall_photo*> wall;
    for (const photo::wall_photo& p : res.photos)
        if (p.st == photo::status::approved)
            wall.push_back(&p);
    auto category_of = [&](const photo::wall_photo& p) {
        const localized* c = text_in(step.options, p.category);
        return c ? text_of(*c) : std::string{};
    };
    if (wall.empty()) {
        const char* t = tr(lang_, txt::photo_wall_empty);
        if (!box.fit) {
            draw_wrapped(dl, fonts_.body, s, box.p0, colors::muted, t, box.w);
            return wrapped_height(fonts_.body, s, t, box.w) + s * 0.4f;
        }
        // The projector: one calm line in the middle of the screen.
        const float hs = std::max(s, fonts_.heading->FontSize);
        draw_centered_wrapped(dl, fonts_.heading, hs, box.p0.x + box.w / 2,
                              box.p0.y + box.h * 0.35f, colors::muted, t, box.w * 0.8f);
        record_text(t, hs);
        return box.h;
    }

    if (!box.fit) {
        // The console's and participant's column: tiles with their captions, row by row.
        const float gap = s * 0.6f;
        const int cols = std::clamp(static_cast<int>(box.w / (s * 11.0f)), 1, 4);
        const float tw = (box.w - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
        const float th = tw * 0.75f;
        const float cs = s;
        float y = box.p0.y;
        for (std::size_t i = 0; i < wall.size(); i += static_cast<std::size_t>(cols)) {
            float row_h = 0;
            for (std::size_t j = i; j < std::min(wall.size(), i + static_cast<std::size_t>(cols));
                 ++j) {
                const photo::wall_photo& p = *wall[j];
                const float x = box.p0.x + static_cast<float>(j - i) * (tw + gap);
                draw_photo(dl, p.id, {x, y}, {x + tw, y + th}, true, s * 0.3f, cs);
                float ty = y + th + s * 0.25f;
                if (const std::string cat = category_of(p); !cat.empty()) {
                    const std::string line = ellipsize(fonts_.bold, cs * 0.9f, cat, tw);
                    dl->AddText(fonts_.bold, cs * 0.9f, {x, ty}, colors::accent, line.c_str());
                    ty += cs * 1.15f;
                }
                if (!p.caption.empty()) {
                    const std::string c = clamp_lines(fonts_.body, cs, p.caption, tw, 3);
                    ty += draw_wrapped(dl, fonts_.body, cs, {x, ty}, colors::ink, c, tw);
                }
                row_h = std::max(row_h, ty - y);
            }
            y += row_h + gap;
        }
        return y - box.p0.y;
    }

    // The projector. Which photo is large: a photo new to this screen at once (the newest of
    // them), else the next one every few seconds, calmly.
    const double now = ImGui::GetTime();
    if (wall_step_ != step.id) {
        wall_step_ = step.id;
        wall_seen_.clear();
        wall_featured_.clear();
    }
    const photo::wall_photo* fresh = nullptr;
    for (const photo::wall_photo* p : wall)
        if (!wall_seen_.count(p->id))
            fresh = p;
    std::size_t at = wall.size();
    for (std::size_t i = 0; i < wall.size(); ++i)
        if (wall[i]->id == wall_featured_)
            at = i;
    if (fresh) {
        for (const photo::wall_photo* p : wall)
            wall_seen_.insert(p->id);
        wall_featured_ = fresh->id;
        wall_since_ = now;
    } else if (at == wall.size()) {
        // The photo shown was hidden or deleted: the newest takes its place.
        wall_featured_ = wall.back()->id;
        wall_since_ = now;
    } else if (wall.size() > 1 && now - wall_since_ >= wall_cycle_seconds) {
        wall_featured_ = wall[(at + 1) % wall.size()]->id;
        wall_since_ = now;
    }
    const photo::wall_photo* big = wall.back();
    for (const photo::wall_photo* p : wall)
        if (p->id == wall_featured_)
            big = p;

    const float screen_h = ImGui::GetWindowSize().y;
    const float cs = std::max(projector_min_text(screen_h), s * 0.9f);
    const float gap = s * 0.8f;
    const bool grid = wall.size() > 1;
    const float big_w = grid ? box.w * 0.62f : box.w;

    // The large photo, whole, with its category and caption under it.
    const std::string cat = category_of(*big);
    const std::string caption =
        big->caption.empty() ? std::string{} : clamp_lines(fonts_.body, cs, big->caption, big_w, 3);
    float text_h = 0;
    if (!cat.empty())
        text_h += cs * 1.25f;
    if (!caption.empty())
        text_h += wrapped_height(fonts_.body, cs, caption, big_w);
    if (text_h > 0)
        text_h += cs * 0.5f;
    const ImVec2 area0 = box.p0;
    const ImVec2 area1{box.p0.x + big_w, box.p0.y + std::max(box.h * 0.3f, box.h - text_h)};
    auto [a, b] = contain(aspect_of(*big), area0, area1);
    if (grid) {
        // Left-aligned with the text under it, the wall beside it.
        const float shift = a.x - area0.x;
        a.x -= shift;
        b.x -= shift;
    }
    draw_photo(dl, big->id, a, b, false, s * 0.25f, cs);
    // The text under the photo, as wide as the photo (or the half screen when it is narrow).
    const float text_w = std::max(b.x - a.x, std::min(big_w, box.w * 0.5f));
    const float tx = std::min(a.x, box.p0.x + box.w - text_w);
    float ty = b.y + cs * 0.5f;
    if (!cat.empty()) {
        dl->AddText(fonts_.bold, cs, {tx, ty}, colors::accent, cat.c_str());
        record_text(cat, cs);
        ty += cs * 1.25f;
    }
    if (!caption.empty()) {
        const std::string fitted = clamp_lines(fonts_.body, cs, big->caption, text_w, 3);
        draw_wrapped(dl, fonts_.body, cs, {tx, ty}, colors::ink, fitted, text_w);
        record_text(fitted, cs);
    }
    if (!grid)
        return box.h;

    // The wall: every approved photo as a tile, the large one outlined; when there are more
    // than fit at a readable size, the newest, with "+ n" for the others.
    const float gx = box.p0.x + big_w + gap;
    const float gw = box.p0.x + box.w - gx;
    const float tgap = s * 0.3f;
    constexpr float aspect = 4.0f / 3.0f;
    const float min_tile = s * 2.4f;
    auto tile_w_for = [&](std::size_t n, std::size_t& cols_out) {
        float best = 0;
        for (std::size_t cols = 1; cols <= n; ++cols) {
            const std::size_t rows = (n + cols - 1) / cols;
            const float tw = std::min(
                (gw - tgap * static_cast<float>(cols - 1)) / static_cast<float>(cols),
                (box.h - tgap * static_cast<float>(rows - 1)) / static_cast<float>(rows) * aspect);
            if (tw > best) {
                best = tw;
                cols_out = cols;
            }
        }
        return best;
    };
    std::size_t shown = wall.size();
    std::size_t cols = 1;
    float tw = tile_w_for(shown, cols);
    while (shown > 1 && tw < min_tile) {
        --shown;
        tw = tile_w_for(shown, cols);
    }
    // With some left out, the last place says how many.
    const std::size_t first = wall.size() - shown;
    const float th = tw / aspect;
    for (std::size_t k = 0; k < shown; ++k) {
        const photo::wall_photo& p = *wall[first + k];
        const ImVec2 p0{gx + static_cast<float>(k % cols) * (tw + tgap),
                        box.p0.y + static_cast<float>(k / cols) * (th + tgap)};
        const ImVec2 p1{p0.x + tw, p0.y + th};
        if (k == 0 && first > 0) {
            dl->AddRectFilled(p0, p1, colors::track, s * 0.2f);
            const std::string more = "+ " + std::to_string(first + 1);
            draw_centered(dl, fonts_.bold, std::min(cs, th * 0.4f), (p0.x + p1.x) / 2,
                          (p0.y + p1.y) / 2 - std::min(cs, th * 0.4f) / 2, colors::muted, more);
            continue;
        }
        draw_photo(dl, p.id, p0, p1, true, s * 0.2f, std::max(11.0f, th * 0.12f));
        if (p.id == big->id)
            dl->AddRect({p0.x - 2, p0.y - 2}, {p1.x + 2, p1.y + 2}, colors::accent, s * 0.2f,
                        ImDrawFlags_None, std::max(3.0f, s * 0.15f));
    }
    return box.h;
}

//------------------------------------------------------------------------------
// [SECTION] summary

float app::chart_summary(const chart_box& box) {
    ImDrawList* dl = box.dl;
    if (view_.summary.empty()) {
        draw_wrapped(dl, fonts_.body, box.s, box.p0, colors::muted, tr(lang_, txt::summary_empty),
                     box.w);
        return wrapped_height(fonts_.body, box.s, tr(lang_, txt::summary_empty), box.w);
    }
    auto theme_title = [&](const wire::theme_score& e) -> std::string {
        if (const step_def* st = agenda_.step(e.step))
            return text_of(st->title);
        return e.theme;
    };
    // The sentences of the rules the server sent (rules.hpp), as on the phones and in reports.
    auto verdict_text = [&](const wire::theme_score& e) -> const char* {
        const char* id = e.judged == verdict::solid        ? "solid"
                         : e.judged == verdict::work_first ? "work_first"
                                                           : "mixed";
        return pick(lang_, kring::verdict_text(rules_.verdicts, id)).c_str();
    };
    auto next_text = [&](const wire::theme_score& e) -> std::string {
        std::string names;
        for (const std::string& b : e.next) {
            const std::string t = block_title(b);
            if (!t.empty())
                names += (names.empty() ? "" : ", ") + t;
        }
        if (!names.empty())
            // Whose advice: the wegwijzer's own ⏭️ line, or Kring's reading of the text.
            return trf(lang_, txt::next_block, {names}) + " " +
                   tr(lang_, e.inferred ? txt::next_from_kring : txt::next_from_wegwijzer);
        // Not solid: what to talk about first.
        std::string first;
        for (const std::string& id : e.first) {
            const std::string& t = item_text(e.step, id);
            if (!t.empty())
                first += (first.empty() ? "" : " · ") + t;
        }
        return first.empty()
                   ? std::string{}
                   : std::string(tr(lang_, e.judged == verdict::work_first ? txt::first_red
                                                                           : txt::first_disputed)) +
                         " " + first;
    };
    auto geometry = [&](float s, float& title_w, float& bar_w, float& verdict_w) {
        title_w = box.w * 0.33f;
        bar_w = box.w * 0.25f;
        verdict_w = box.w - title_w - bar_w - s * 2.0f;
    };
    auto row_h = [&](const wire::theme_score& e, float s) {
        float title_w, bar_w, verdict_w;
        geometry(s, title_w, bar_w, verdict_w);
        const float left = wrapped_height(fonts_.body, s * 0.9f, theme_title(e), title_w);
        const float right =
            wrapped_height(fonts_.bold, s * 0.85f, verdict_text(e), verdict_w - s * 1.6f) +
            wrapped_height(fonts_.body, s * 0.75f, next_text(e), verdict_w - s * 1.6f) + s * 0.2f;
        return std::max({left, right, s * 1.8f}) + s * 0.8f;
    };
    auto total_h = [&](float s) {
        float h = 0;
        for (const wire::theme_score& e : view_.summary)
            h += row_h(e, s);
        return h;
    };
    const float s = box.fit ? fit_scale(total_h, box.s, box.s * 0.55f, box.h) : box.s;
    float title_w, bar_w, verdict_w;
    geometry(s, title_w, bar_w, verdict_w);
    float extra = 0;
    if (box.fit)
        extra =
            std::clamp((box.h - total_h(s)) / static_cast<float>(view_.summary.size()), 0.0f, s);
    float y = box.p0.y;
    for (std::size_t i = 0; i < view_.summary.size(); ++i) {
        const wire::theme_score& e = view_.summary[i];
        const float rh = row_h(e, s) + extra;
        const float cy = y + rh / 2;
        const std::string title = theme_title(e);
        const float th = wrapped_height(fonts_.body, s * 0.9f, title, title_w);
        draw_wrapped(dl, fonts_.body, s * 0.9f, {box.p0.x, cy - th / 2}, colors::ink, title,
                     title_w);
        const float bx = box.p0.x + title_w + s;
        const float bh = s * 1.5f;
        draw_stacked_bar(dl, fonts_.bold, s * 0.75f, {bx, cy - bh / 2}, {bar_w, bh},
                         bar_of(e.counts), lang_, tr(lang_, txt::no_answers_yet));
        // The verdict: icon in a coloured disc, then its words and the next building block.
        const float vx = bx + bar_w + s;
        const float r = s * 0.6f;
        const ImU32 vc = e.judged == verdict::solid        ? colors::green
                         : e.judged == verdict::work_first ? colors::red
                                                           : colors::orange;
        dl->AddCircleFilled({vx + r, cy}, r, vc, 32);
        if (e.judged == verdict::solid)
            draw_light_icon(dl, light::green, {vx + r, cy}, r * 1.3f, colors::white);
        else if (e.judged == verdict::work_first)
            draw_light_icon(dl, light::orange, {vx + r, cy}, r * 1.4f, colors::white);
        else
            dl->AddLine({vx + r * 0.45f, cy}, {vx + r * 1.55f, cy}, colors::ink,
                        std::max(2.0f, r * 0.28f));
        const float tx = vx + s * 1.6f, tw = verdict_w - s * 1.6f;
        const std::string vt = verdict_text(e), nt = next_text(e);
        const float vh = wrapped_height(fonts_.bold, s * 0.85f, vt, tw),
                    nh = nt.empty() ? 0.0f : wrapped_height(fonts_.body, s * 0.75f, nt, tw);
        float ty = cy - (vh + nh + (nt.empty() ? 0 : s * 0.2f)) / 2;
        ty += draw_wrapped(dl, fonts_.bold, s * 0.85f, {tx, ty}, colors::ink, vt, tw) + s * 0.2f;
        if (!nt.empty())
            draw_wrapped(dl, fonts_.body, s * 0.75f, {tx, ty}, colors::accent, nt, tw);
        y += rh;
        if (i + 1 < view_.summary.size())
            dl->AddLine({box.p0.x, y}, {box.p0.x + box.w, y}, colors::track, 1.0f);
    }
    return y - box.p0.y;
}

} // namespace kring::client
