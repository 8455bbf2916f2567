// The projector while a step is open: what is asked, large enough to read from the back of
// the room (never below 3.5 % of the screen's height), the statements numbered as on the
// console and the phones, with "n of m have answered" at the foot and the join code and a
// small QR code in the corner for late joiners. Questions that do not fit go to pages that
// the facilitator turns (console, PageDown); the page number has a place of its own.
#include "ui/app.hpp"

#include "kring/lead.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace kring::client {

namespace {

/** One numbered line of the question screen: a statement, an option. */
struct question_row {
    std::string number; // "3."
    std::string text;
    std::string group;  // the heading it hangs under, or ""
    std::string rating; // Kring's rating statement, or ""
};

} // namespace

float app::projector_min_text(float screen_h) {
    return std::ceil(screen_h * 0.035f);
}

void app::draw_projector_question(const wire::step_status& st, const step_def& step) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 win = ImGui::GetWindowSize();
    const float b = fonts_.base;
    const float margin = std::round(b * 1.2f);
    const float min_s = projector_min_text(win.y);

    // Header: "Stap 3 van 11", the title, the code in the corner.
    const auto& steps = agenda_.def.steps;
    const auto index =
        static_cast<std::size_t>(std::find_if(steps.begin(), steps.end(),
                                              [&](const step_def& s) { return s.id == step.id; }) -
                                 steps.begin());
    const std::string step_of =
        trf(lang_, txt::projector_step_of,
            {std::to_string(lead::number_of(index)), std::to_string(steps.size())});
    const float top = draw_projector_header(text_of(step.title), step_of);

    // A small QR code under the corner code, for late joiners.
    const std::string url = join_url();
    if (qr_.text != url)
        qr_ = make_qr(url);
    const float qr_max = std::round(std::min(win.y * 0.17f, win.x * 0.12f));
    const float side = qr_side(qr_, qr_max);
    draw_qr(dl, qr_, {win.x - margin - side, top - b * 0.6f}, qr_max);
    const float qr_bottom = top - b * 0.6f + side + b * 0.4f;
    const float narrow_w = win.x - 2 * margin - side - b; // beside the QR code
    const float full_w = win.x - 2 * margin;

    // The foot: how many answered, and the bar (the timer and the hints stand to the right).
    const float hint_h = std::max(11.0f, b * 0.5f) * 2.0f;
    const float foot_s = std::max(min_s, b * 0.9f);
    const float foot_y = win.y - hint_h - foot_s * 2.3f;
    {
        const std::string answered =
            trf(lang_, txt::projector_answered,
                {std::to_string(st.answered), std::to_string(view_.joined)});
        dl->AddText(fonts_.body, foot_s, {margin, foot_y}, colors::ink, answered.c_str());
        record_text(answered, foot_s);
        const float frac =
            view_.joined > 0
                ? std::min(1.0f, static_cast<float>(st.answered) / static_cast<float>(view_.joined))
                : 0.0f;
        const float bar_w = win.x * 0.4f;
        const float bar_y = foot_y + foot_s * 1.35f;
        dl->AddRectFilled({margin, bar_y}, {margin + bar_w, bar_y + foot_s * 0.35f}, colors::track,
                          foot_s * 0.17f);
        if (frac > 0)
            dl->AddRectFilled({margin, bar_y}, {margin + bar_w * frac, bar_y + foot_s * 0.35f},
                              colors::accent, foot_s * 0.17f);
    }

    // What is asked: the prompt, then the numbered statements or options (or the case).
    std::vector<question_row> rows;
    std::size_t n = 0;
    for (const item_def& it : step.items)
        rows.push_back(
            {std::to_string(++n) + ".", text_of(it.text), text_of(it.group), rating_line(it)});
    if (rows.empty()) {
        const std::vector<option_def>& opts = st.options ? *st.options : step.options;
        // A photo step's options are its categories, what to photograph: no choice to number.
        const bool bullets = step.kind == activity_kind::photo;
        for (const option_def& o : opts)
            rows.push_back(
                {bullets ? std::string("•") : std::to_string(++n) + ".", text_of(o.text), {}, {}});
    }
    const std::string& prompt = text_of(step.prompt);
    const std::string& body = text_of(step.body);

    const float area_top = top + b * 0.2f;
    const float area_bottom = foot_y - b * 0.6f;
    // Width at height y: beside the QR code, or the whole width below it.
    auto width_at = [&](float y) { return y < qr_bottom ? narrow_w : full_w; };

    // Sizes: the prompt a little smaller than the rows; try from large to the minimum.
    auto rating_s = [&](float s) { return std::max(min_s, s * 0.85f); };
    auto number_w = [&](float s) { return text_width(fonts_.bold, s, "00.") + s * 0.5f; };
    auto head_h = [&](const question_row& r, float s, bool page_start, float w) {
        if (r.group.empty() || !page_start)
            return 0.0f;
        return wrapped_height(fonts_.bold, s, r.group, w) + s * 0.3f;
    };
    auto row_h = [&](const question_row& r, float s, bool head, float w) {
        const float tw = w - number_w(s);
        float h = head_h(r, s, head, w) + wrapped_height(fonts_.body, s, r.text, tw);
        if (!r.rating.empty())
            h += wrapped_height(fonts_.body, rating_s(s), r.rating, tw) + s * 0.15f;
        return h + s * 0.45f;
    };
    auto lead_h = [&](float s) {
        float h = 0;
        if (!prompt.empty())
            h += wrapped_height(fonts_.body, s, prompt, narrow_w) + s * 0.6f;
        if (!body.empty())
            h += wrapped_height(fonts_.body, s, body, narrow_w) + s * 0.6f;
        return h;
    };
    // Pages at size s: the first holds the prompt, each a run of rows that fits.
    auto paginate = [&](float s) {
        std::vector<std::size_t> starts{0};
        float y = area_top + lead_h(s);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const bool page_start = i == starts.back();
            const bool head = page_start || (rows[i].group != rows[i - 1].group);
            float h = row_h(rows[i], s, head, width_at(y));
            if (y + h > area_bottom && !page_start) {
                starts.push_back(i);
                y = area_top;
                h = row_h(rows[i], s, true, width_at(y));
            }
            y += h;
        }
        return starts;
    };
    float s = std::max(min_s, b * 1.15f);
    std::vector<std::size_t> starts = paginate(s);
    while (s > min_s && starts.size() > 1) {
        s = std::max(min_s, s - b * 0.05f);
        starts = paginate(s);
    }
    const float prompt_s = s;

    // The page: the facilitator's (view.steps[].page), turned further by PageDown here.
    const std::size_t pages = starts.size();
    const std::size_t page = (st.page + page_offset_) % pages;
    float y = area_top;
    if (page == 0) {
        if (!prompt.empty()) {
            y += draw_wrapped(dl, fonts_.body, prompt_s, {margin, y}, colors::muted, prompt,
                              narrow_w) +
                 prompt_s * 0.6f;
            record_text(prompt, prompt_s);
        }
        if (!body.empty()) {
            y += draw_wrapped(dl, fonts_.body, prompt_s, {margin, y}, colors::ink, body, narrow_w) +
                 prompt_s * 0.6f;
            record_text(body, prompt_s);
        }
    }
    // Dromen met beelden: the images themselves, as large as the rest of the screen allows
    // (the phones show them too; the room talks about them): the template's deck, then the
    // facilitator's own images.
    const std::vector<std::string> deck =
        step.kind == activity_kind::image_choice ? deck_ids(step) : std::vector<std::string>{};
    if (page == 0 && !deck.empty()) {
        constexpr float aspect = 4.0f / 3.0f;
        const float gap = b * 0.4f;
        const float avail_w = full_w, avail_h = area_bottom - std::max(y, qr_bottom);
        const std::size_t n = deck.size();
        std::size_t best_cols = 1;
        float best_w = 0;
        for (std::size_t cols = 1; cols <= n; ++cols) {
            const std::size_t rows = (n + cols - 1) / cols;
            const float tw = std::min(
                (avail_w - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols),
                (avail_h - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows) * aspect);
            if (tw > best_w) {
                best_w = tw;
                best_cols = cols;
            }
        }
        const float tw = best_w, th = tw / aspect;
        const float y0 = std::max(y, qr_bottom);
        for (std::size_t i = 0; i < n; ++i) {
            const ImVec2 p0{margin + static_cast<float>(i % best_cols) * (tw + gap),
                            y0 + static_cast<float>(i / best_cols) * (th + gap)};
            draw_deck_image(dl, step, deck[i], p0, {p0.x + tw, p0.y + th}, tw * 0.03f,
                            std::max(11.0f, th * 0.12f));
            record_text(deck_alt(step, deck[i]), th);
        }
    }
    const std::size_t from = starts[page];
    const std::size_t to = page + 1 < pages ? starts[page + 1] : rows.size();
    for (std::size_t i = from; i < to; ++i) {
        const question_row& r = rows[i];
        const float w = width_at(y);
        const bool head = i == from || r.group != rows[i - 1].group;
        if (const float hh = head_h(r, s, head, w); hh > 0) {
            draw_wrapped(dl, fonts_.bold, s, {margin, y}, colors::ink, r.group, w);
            record_text(r.group, s);
            y += hh;
        }
        const float nw = number_w(s);
        dl->AddText(fonts_.bold, s, {margin, y}, colors::accent, r.number.c_str());
        const float th =
            draw_wrapped(dl, fonts_.body, s, {margin + nw, y}, colors::ink, r.text, w - nw);
        record_text(r.text, s);
        y += th;
        if (!r.rating.empty()) {
            y += s * 0.15f;
            y += draw_wrapped(dl, fonts_.body, rating_s(s), {margin + nw, y}, colors::muted,
                              r.rating, w - nw);
            record_text(r.rating, rating_s(s));
        }
        y += s * 0.45f;
    }
    // The page number, in its own place: right-aligned on the foot's line.
    if (pages > 1) {
        const std::string pg = std::to_string(page + 1) + " / " + std::to_string(pages);
        const float x = margin + win.x * 0.4f + b * 1.5f;
        dl->AddText(fonts_.bold, foot_s, {x, foot_y}, colors::accent, pg.c_str());
        record_text(pg, foot_s);
    }
}

void app::draw_projector_end() {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 win = ImGui::GetWindowSize();
    const float hs = fonts_.title->FontSize;
    const std::string title = tr(lang_, txt::projector_end_title);
    const std::string body = tr(lang_, txt::projector_end_body);
    draw_centered(dl, fonts_.title, hs, win.x / 2, win.y * 0.3f, colors::accent, title);
    record_text(title, hs);
    const float s = std::max(projector_min_text(win.y), fonts_.heading->FontSize);
    draw_centered_wrapped(dl, fonts_.heading, s, win.x / 2, win.y * 0.3f + hs * 1.6f, colors::ink,
                          body, win.x * 0.7f);
    record_text(body, s);
}

} // namespace kring::client
