// The projector: a big, calm screen for the room. Before a reveal it shows how to join
// (code, URL, QR) and the progress of the open step; after a reveal, the aggregated result of
// any activity kind (app_results.cpp draws the charts); once every reflection step is revealed,
// the summary per theme with its verdict and the next building block.
// Everything is drawn with the draw list and sized from the window, so it scales from a
// laptop window to a 4K beamer.
#include "ui/app.hpp"
#include "ui/results.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cctype>
#include <cmath>

namespace kring::client {

namespace {

/** A thick progress bar with rounded ends. */
void draw_progress(ImDrawList* dl, ImVec2 p0, ImVec2 size, float frac) {
    const float r = size.y / 2;
    dl->AddRectFilled(p0, {p0.x + size.x, p0.y + size.y}, colors::track, r);
    frac = std::clamp(frac, 0.0f, 1.0f);
    if (frac > 0)
        dl->AddRectFilled(p0, {p0.x + std::max(size.y, size.x * frac), p0.y + size.y},
                          colors::accent, r);
}

} // namespace

//------------------------------------------------------------------------------

void app::draw_projector() {
    follow_theme_setting();
    if (!begin_screen("##projector", false, false)) {
        ImGui::End();
        return;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 size = ImGui::GetWindowSize();
    const float b = fonts_.base;

    if (code_.empty()) {
        ImGui::SetCursorPos({b * 2, size.y * 0.3f});
        draw_code_entry();
    } else if (!view_.valid || !agenda_.valid) {
        // Not joined (yet): say what is happening, calmly, in the middle.
        const std::string msg = join_failed_ ? join_error_ : status_text();
        const float hs = fonts_.heading->FontSize;
        draw_centered(dl, fonts_.huge, fonts_.huge->FontSize * 0.6f, size.x / 2, size.y * 0.28f,
                      colors::accent, display_code());
        float y = size.y * 0.52f;
        if (join_failed_) {
            dl->AddCircleFilled({size.x / 2, y + hs * 0.6f}, hs * 0.6f, colors::red);
            draw_light_icon(dl, light::red, {size.x / 2, y + hs * 0.6f}, hs * 0.8f, colors::white);
            y += hs * 1.8f;
        }
        draw_centered_wrapped(dl, fonts_.heading, hs, size.x / 2, y,
                              join_failed_ ? colors::ink : colors::muted, msg, size.x * 0.8f);
    } else {
        const wire::step_status* cur = view_.step(view_.current);
        const step_def* cur_def = cur ? agenda_.step(cur->id) : nullptr;
        // Revealed, or live while open: the server sends the projector only those results.
        const bool visible = cur && (cur->revealed || (cur->live && cur->ph == phase::open));
        const wire::step_result* res = visible && cur_def ? view_.result(cur->id) : nullptr;
        const bool summary = summary_due(cur);
        bool join = false; // the join screen: its QR code fills the right-hand side
        const bool asking = cur && cur_def && cur->ph == phase::open && !res && !summary;
        if (view_.paused)
            draw_projector_pause();
        else if (view_.ended)
            draw_projector_end();
        else if (view_.compare)
            draw_projector_compare();
        else if (res && res->withheld)
            draw_projector_withheld(*cur_def, *res);
        else if (summary)
            draw_projector_summary();
        else if (res && cur_def->kind == activity_kind::traffic_light)
            draw_projector_results(*cur, *res);
        else if (res)
            draw_projector_kind_results(*cur_def, *res);
        else if (asking)
            draw_projector_question(*cur, *cur_def);
        else
            join = true; // no result to show: how to join
        if (join)
            draw_projector_join(cur);
        const bool plain =
            !view_.paused && !view_.ended && !view_.compare && !(res && res->withheld);
        projector_toggles(res && plain ? cur_def : nullptr, plain && !view_.summary.empty());
        if (!view_.paused && !view_.ended)
            draw_projector_timer(join);
        // PageDown / PageUp on the projector turn its pages further than the facilitator's.
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_PageDown), false))
            ++page_offset_;
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_PageUp), false) && page_offset_ > 0)
            --page_offset_;
        if (cur && cur->id != paged_step_) {
            paged_step_ = cur->id; // a new step starts on the facilitator's page
            page_offset_ = 0;
        }
        draw_projector_room_corner();
        projector_room_keys();
        if (show_big_qr_)
            draw_projector_big_qr();

        // A lost connection is shown small, in a corner: the room need not worry about it.
        if (conn_->state() != link_state::connected) {
            const std::string s = status_text();
            dl->AddCircleFilled({b * 0.9f, size.y - b * 0.75f}, b * 0.2f, colors::orange);
            dl->AddText(fonts_.body, b * 0.6f, {b * 1.3f, size.y - b * 1.05f}, colors::muted,
                        s.c_str());
        }
    }
    ImGui::End();
}

void app::draw_projector_join(const wire::step_status* current) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 win = ImGui::GetWindowSize();
    const float b = fonts_.base;
    const float margin = std::round(b * 1.6f);

    // Title across the top.
    const std::string& title = text_of(agenda_.def.title);
    const float title_size =
        fit_size(fonts_.title, fonts_.title->FontSize, title, win.x - 2 * margin);
    dl->AddText(fonts_.title, title_size, {margin, margin}, colors::ink, title.c_str());
    const float top = margin + title_size + b * 1.2f;

    // The QR code on the right, as large as the space allows.
    const std::string url = join_url();
    if (qr_.text != url)
        qr_ = make_qr(url);
    // A running timer stands under the QR code, which makes room for it.
    const float timer_h =
        view_.timer && !view_.paused ? std::round(fonts_.huge->FontSize * 0.55f) * 1.25f + b : 0.0f;
    const float qr_max = std::min(win.y - top - margin - timer_h, win.x * 0.40f);
    const float side = qr_side(qr_, qr_max);
    draw_qr(dl, qr_, {win.x - margin - side, top}, qr_max);
    join_timer_anchor_ = {win.x - margin - side / 2, top + side + b * 0.5f};
    const float qr_x = win.x - margin - qr_max;

    // The left column: how to join, the code in huge letters, who is here.
    const float col_w = qr_x - margin * 2;
    float y = top;
    dl->AddText(fonts_.heading, fonts_.heading->FontSize, {margin, y}, colors::ink,
                tr(lang_, txt::projector_join_at));
    y += fonts_.heading->FontSize * 1.25f;
    const float url_size = fit_size(fonts_.bold, b, url, col_w);
    dl->AddText(fonts_.bold, url_size, {margin, y}, colors::accent, url.c_str());
    y += url_size * 1.6f;

    const std::string code_label = tr(lang_, txt::code_label);
    dl->AddText(fonts_.body, b, {margin, y}, colors::muted, code_label.c_str());
    y += b * 1.1f;
    const std::string code = display_code();
    const float code_size = fit_size(fonts_.huge, fonts_.huge->FontSize, code, col_w);
    dl->AddText(fonts_.huge, code_size, {margin, y}, colors::accent, code.c_str());
    y += code_size * 1.05f;
    dl->AddText(fonts_.body, b, {margin, y}, colors::muted, tr(lang_, txt::projector_scan));
    y += b * 2.0f;

    const std::string people =
        view_.joined == 1 ? std::string(tr(lang_, txt::participants_one))
                          : trf(lang_, txt::participants_many, {std::to_string(view_.joined)});
    dl->AddText(fonts_.heading, fonts_.heading->FontSize, {margin, y}, colors::ink, people.c_str());
    y += fonts_.heading->FontSize * 1.6f;

    // The step under way: its title and how many answered; or a calm "we start soon".
    const float bottom = win.y - margin;
    if (!current) {
        dl->AddText(fonts_.body, b, {margin, y}, colors::muted, tr(lang_, txt::projector_waiting));
        return;
    }
    const step_def* step = agenda_.step(current->id);
    if (!step)
        return;
    const std::string& step_title = text_of(step->title);
    const float st_size = b * 1.1f;
    y += draw_wrapped(dl, fonts_.bold, st_size, {margin, y}, colors::ink, step_title, col_w) +
         b * 0.4f;
    if (y > bottom)
        return;
    if (current->ph == phase::open) {
        const std::string answered =
            trf(lang_, txt::projector_answered,
                {std::to_string(current->answered), std::to_string(view_.joined)});
        dl->AddText(fonts_.body, b, {margin, y}, colors::ink, answered.c_str());
        y += b * 1.5f;
        const float frac = view_.joined > 0 ? static_cast<float>(current->answered) /
                                                  static_cast<float>(view_.joined)
                                            : 0.0f;
        draw_progress(dl, {margin, y}, {col_w, b * 0.6f}, frac);
        y += b * 1.6f;
    } else if (current->ph == phase::closed) {
        dl->AddText(fonts_.body, b, {margin, y}, colors::ink, tr(lang_, txt::projector_closed));
        y += b * 1.4f;
        dl->AddText(fonts_.body, b, {margin, y}, colors::muted,
                    tr(lang_, txt::projector_results_soon));
        y += b * 1.8f;
    } else {
        dl->AddText(fonts_.body, b, {margin, y}, colors::muted, tr(lang_, txt::projector_waiting));
        y += b * 1.8f;
    }
    // The scene (the wegwijzer's opening, a movement's or building block's lead): the whole
    // paragraphs that fit under it, across the screen once below the QR code.
    const std::string& intro = text_of(step->intro);
    const float is = b * 0.85f;
    const float intro_w = y > top + side + timer_h ? win.x - 2 * margin : col_w;
    for (std::size_t pos = 0; pos < intro.size();) {
        std::size_t end = intro.find("\n\n", pos);
        if (end == std::string::npos)
            end = intro.size();
        const std::string para = intro.substr(pos, end - pos);
        pos = end + 2;
        const float h = wrapped_height(fonts_.body, is, para, intro_w);
        if (y + h > bottom)
            break;
        draw_wrapped(dl, fonts_.body, is, {margin, y}, colors::muted, para, intro_w);
        y += h + is * 0.5f;
    }
}

bool app::summary_due(const wire::step_status* current) const {
    if (view_.summary.empty())
        return false;
    if (show_summary_)
        return true;
    // After the reflection: the facilitator went on to a step that is not opened yet (the
    // building-block vote, usually), and the room has nothing else to look at.
    if (!current || current->ph == phase::open || current->revealed)
        return false;
    std::size_t cur_index = 0, last_reflection = 0;
    bool any = false;
    for (std::size_t i = 0; i < agenda_.def.steps.size(); ++i) {
        if (agenda_.def.steps[i].id == current->id)
            cur_index = i;
        // The reflection steps are the ones the summary scores (not the blocks' rounds).
        const std::string& id = agenda_.def.steps[i].id;
        if (std::any_of(view_.summary.begin(), view_.summary.end(),
                        [&](const wire::theme_score& e) { return e.step == id; })) {
            last_reflection = i;
            any = true;
        }
    }
    return any && cur_index > last_reflection;
}

void app::projector_toggles(const step_def* step, bool summary_available) {
    // Keys (read as typed characters, so no key codes of the backend are needed) and a small
    // clickable hint at the bottom edge for a mouse on the presenter's laptop.
    std::vector<std::pair<char, txt>> hints;
    if (step && (step->kind == activity_kind::image_choice || step->kind == activity_kind::choice))
        hints.emplace_back('r', txt::toggle_reasons);
    if (step &&
        (step->kind == activity_kind::open_text || step->kind == activity_kind::inventory ||
         (step->kind == activity_kind::floor_plan && step->plan_mode == floor_plan::mode::pins)))
        hints.emplace_back('c', show_cards_ ? txt::toggle_overview : txt::toggle_cards);
    if (summary_available)
        hints.emplace_back('s', txt::toggle_summary);
    auto toggle = [&](char c) {
        if (c == 'r')
            show_reasons_ = !show_reasons_;
        if (c == 'c')
            show_cards_ = !show_cards_;
        if (c == 's')
            show_summary_ = !show_summary_;
    };
    const ImGuiIO& io = ImGui::GetIO();
    for (ImWchar ch : io.InputQueueCharacters) {
        const char c = static_cast<char>(ch < 128 ? std::tolower(static_cast<int>(ch)) : 0);
        for (const auto& [key, label] : hints)
            if (c == key)
                toggle(c);
    }
    if (hints.empty())
        return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 win = ImGui::GetWindowSize();
    const float fs = std::max(11.0f, fonts_.base * 0.5f);
    float x = fonts_.base * 1.2f;
    const float y = win.y - fs * 1.7f;
    for (const auto& [key, label] : hints) {
        const char* t = tr(lang_, label);
        const float w = text_width(fonts_.body, fs, t);
        ImGui::SetCursorPos({x - fs * 0.3f, y - fs * 0.2f});
        ImGui::PushID(key);
        if (ImGui::InvisibleButton("##toggle", {w + fs * 0.6f, fs * 1.4f}))
            toggle(key);
        const bool hovered = ImGui::IsItemHovered();
        ImGui::PopID();
        dl->AddText(fonts_.body, fs, {x, y}, hovered ? colors::accent : colors::muted, t);
        x += w + fs * 2.0f;
    }
}

float app::draw_projector_header(const std::string& title, const std::string& sub) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 win = ImGui::GetWindowSize();
    const float b = fonts_.base;
    const float margin = std::round(b * 1.2f);
    const float hsize = fonts_.heading->FontSize;
    const float code_box_w = draw_projector_corner_code(win.x - margin, margin, hsize * 1.1f) + b;
    float y = margin;
    const float tsize =
        fit_size(fonts_.heading, hsize, title, (win.x - 2 * margin - code_box_w) * 2.0f);
    y += draw_wrapped(dl, fonts_.heading, tsize, {margin, y}, colors::ink, title,
                      win.x - 2 * margin - code_box_w);
    if (!sub.empty())
        dl->AddText(fonts_.body, b * 0.85f, {margin, y + b * 0.15f}, colors::muted, sub.c_str());
    return y + b * 1.9f;
}

void app::draw_projector_kind_results(const step_def& step, const wire::step_result& res) {
    const ImVec2 win = ImGui::GetWindowSize();
    const float b = fonts_.base;
    const float margin = std::round(b * 1.2f);
    std::string sub;
    if (step.kind == activity_kind::dot_vote) {
        sub = trf(lang_, txt::voters_count,
                  {std::to_string(res.voters), std::to_string(view_.joined)});
    } else if (step.kind == activity_kind::photo) {
        // The photos on the wall (the projector gets the approved ones only).
        const std::size_t n = res.photos.size();
        if (n > 0)
            sub = n == 1 ? std::string(tr(lang_, txt::photos_one))
                         : trf(lang_, txt::photos_many, {std::to_string(n)});
    } else {
        sub = trf(lang_, txt::projector_answered,
                  {std::to_string(res.total), std::to_string(view_.joined)});
        if ((step.kind == activity_kind::choice || step.kind == activity_kind::image_choice) &&
            res.pass > 0)
            sub += "  ·  " + trf(lang_, txt::pass_count, {std::to_string(res.pass)});
    }
    const float top = draw_projector_header(text_of(step.title), sub);
    // Leave room at the bottom for the toggle hints.
    const float bottom = win.y - margin - b * 0.6f;
    const chart_box box{
        ImGui::GetWindowDrawList(), {margin, top}, win.x - 2 * margin, bottom - top, b, true};
    draw_chart(step, res, box);
}

void app::draw_projector_summary() {
    const ImVec2 win = ImGui::GetWindowSize();
    const float b = fonts_.base;
    const float margin = std::round(b * 1.2f);
    const float top =
        draw_projector_header(tr(lang_, txt::summary_heading), text_of(agenda_.def.title));
    const float bottom = win.y - margin - b * 0.6f;
    chart_summary(
        {ImGui::GetWindowDrawList(), {margin, top}, win.x - 2 * margin, bottom - top, b, true});
}

float app::draw_projector_corner_code(float right, float top, float height) {
    // Small, for late joiners: "Code KQW ERT" in a quiet box in the top-right corner.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const std::string label = std::string(tr(lang_, txt::code_label)) + " ";
    const std::string code = display_code();
    const float cs = height * 0.62f, ls = height * 0.5f;
    const float lw = text_width(fonts_.body, ls, label), cw = text_width(fonts_.bold, cs, code);
    const float pad = height * 0.3f;
    const ImVec2 p0{right - lw - cw - 2 * pad, top};
    const ImVec2 p1{right, top + height};
    dl->AddRectFilled(p0, p1, colors::card, height * 0.2f);
    dl->AddRect(p0, p1, colors::track, height * 0.2f, ImDrawFlags_None, 2.0f);
    dl->AddText(fonts_.body, ls, {p0.x + pad, top + (height - ls) / 2}, colors::muted,
                label.c_str());
    dl->AddText(fonts_.bold, cs, {p0.x + pad + lw, top + (height - cs) / 2}, colors::accent,
                code.c_str());
    return p1.x - p0.x;
}

void app::draw_projector_results(const wire::step_status& st, const wire::step_result& res) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 win = ImGui::GetWindowSize();
    const float b = fonts_.base;
    const float margin = std::round(b * 1.2f);
    const step_def* step = agenda_.step(st.id);
    if (!step)
        return;

    // Header: the step title, how many answered, the code in the corner.
    const std::string& title = text_of(step->title);
    const float hsize = fonts_.heading->FontSize;
    const float code_box_w = draw_projector_corner_code(win.x - margin, margin, hsize * 1.1f) + b;
    float y = margin;
    y += draw_wrapped(dl, fonts_.heading, hsize, {margin, y}, colors::ink, title,
                      win.x - 2 * margin - code_box_w);
    const std::string sub = trf(lang_, txt::projector_answered,
                                {std::to_string(res.total), std::to_string(view_.joined)});
    const float sub_s = b * 0.85f;
    dl->AddText(fonts_.body, sub_s, {margin, y + b * 0.15f}, colors::muted, sub.c_str());

    // Legend on the same line, right-aligned: icon + word for every colour, so that narrow
    // segments that show only a count stay readable.
    {
        const float ls = sub_s;
        const float box = ls * 1.25f;
        float total_w = 0;
        for (light k : answer_lights)
            total_w +=
                box + ls * 0.4f + text_width(fonts_.body, ls, light_label(lang_, k)) + ls * 1.2f;
        float x = std::max(margin + text_width(fonts_.body, sub_s, sub) + b * 2,
                           win.x - margin - total_w + ls * 1.2f);
        const float ly = y + b * 0.15f;
        for (light k : answer_lights) {
            const float by = ly + (ls - box) / 2 + ls * 0.1f;
            dl->AddRectFilled({x, by}, {x + box, by + box}, light_color(k), ls * 0.2f);
            draw_light_icon(dl, k, {x + box / 2, by + box / 2}, ls, light_text_color(k));
            x += box + ls * 0.4f;
            const char* word = light_label(lang_, k);
            dl->AddText(fonts_.body, ls, {x, ly}, colors::muted, word);
            x += text_width(fonts_.body, ls, word) + ls * 1.2f;
        }
    }
    y += b * 1.7f;
    // Rows end here; the page number sits below, above the hints of the bottom edge.
    const float rows_end = win.y - margin - b * 0.9f;

    // Rows: statement text left, bar right, pass count apart. Pick the largest type that
    // fits every statement on one screen; if even the smallest does not, show pages.
    const float area_top = y + b * 0.2f;
    const float area_bottom = rows_end - b * 0.3f;
    const float area_h = area_bottom - area_top;
    const float text_w = (win.x - 2 * margin) * 0.52f;
    const float gap_x = b * 1.0f;
    struct row {
        const traffic_light::item_result* r;
        std::string text;   // numbered as on the console and the phones: "3. ..."
        std::string group;  // the heading it hangs under, or ""
        bool starts_group;  // the first row under its heading (the server keeps them together)
        std::string rating; // Kring's rating statement, or ""
    };
    std::vector<row> rows;
    for (const traffic_light::item_result& r : res.lights) {
        const item_def* it = item_of(st.id, r.item);
        const int index = step->item_index(r.item);
        row rw{&r,
               (index >= 0 ? std::to_string(index + 1) + ". " : std::string{}) +
                   item_text(st.id, r.item),
               it ? text_of(it->group) : std::string{}, false,
               it ? rating_line(*it) : std::string{}};
        rw.starts_group = !rw.group.empty() && (rows.empty() || rows.back().group != rw.group);
        rows.push_back(std::move(rw));
    }
    if (rows.empty()) {
        draw_centered(dl, fonts_.heading, hsize, win.x / 2, area_top + area_h * 0.4f, colors::muted,
                      tr(lang_, txt::projector_no_results));
        return;
    }

    const float full_w = win.x - 2 * margin;
    // A heading is drawn above the first row under it, and again atop a page that starts
    // inside its group: no row is shown without its heading.
    auto head_h = [&](const row& rw, float s, bool page_start) {
        if (rw.group.empty() || !(rw.starts_group || page_start))
            return 0.0f;
        return wrapped_height(fonts_.bold, s * 0.95f, rw.group, full_w) + s * 0.35f;
    };
    // Under a heading a statement is indented a little, so that the group reads as one.
    auto indent = [&](const row& rw, float s) { return rw.group.empty() ? 0.0f : s * 0.8f; };
    auto text_h = [&](const row& rw, float s) {
        const float w = text_w - indent(rw, s);
        float h = wrapped_height(fonts_.body, s, rw.text, w);
        if (!rw.rating.empty())
            h += wrapped_height(fonts_.body, s * 0.8f, rw.rating, w) + s * 0.2f;
        return h;
    };
    auto row_h = [&](const row& rw, float s, bool page_start = false) {
        return head_h(rw, s, page_start) + std::max(text_h(rw, s), s * 1.75f) + s * 0.55f;
    };
    float s = b;
    const float s_min = std::max(b * 0.66f, projector_min_text(win.y));
    auto total_h = [&](float size) {
        float h = 0;
        for (const row& rw : rows)
            h += row_h(rw, size);
        return h;
    };
    while (s > s_min && total_h(s) > area_h)
        s -= b * 0.04f;
    s = std::max(s, s_min);

    // Split into pages that fit (normally one page).
    std::vector<std::size_t> page_starts{0};
    {
        float h = 0;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            float rh = row_h(rows[i], s, i == page_starts.back());
            if (h + rh > area_h && i > page_starts.back()) {
                page_starts.push_back(i);
                h = 0;
                rh = row_h(rows[i], s, true);
            }
            h += rh;
        }
    }
    // The facilitator turns the pages (view.steps[].page), never a clock.
    page_ = (st.page + page_offset_) % page_starts.size();
    const std::size_t from = page_starts[page_];
    const std::size_t to = page_ + 1 < page_starts.size() ? page_starts[page_ + 1] : rows.size();

    const float bar_x = margin + text_w + gap_x;
    const float pass_w =
        s * 1.2f + text_width(fonts_.body, s * 0.9f, trf(lang_, txt::pass_count, {"99"}));
    const float bar_w = win.x - margin - pass_w - bar_x;
    // Spread what is left of the height over the rows (a little air, not a gap at the end).
    float used = 0;
    for (std::size_t i = from; i < to; ++i)
        used += row_h(rows[i], s, i == from);
    const float extra = std::clamp((area_h - used) / static_cast<float>(to - from), 0.0f, s * 0.8f);
    y = area_top;
    for (std::size_t i = from; i < to; ++i) {
        const row& rw = rows[i];
        if (const float hh = head_h(rw, s, i == from); hh > 0) {
            draw_wrapped(dl, fonts_.bold, s * 0.95f, {margin, y + s * 0.15f}, colors::ink, rw.group,
                         full_w);
            y += hh;
        }
        const float rh = row_h(rw, s) - head_h(rw, s, false) + extra;
        const float content_h = rh - extra - s * 0.55f;
        const float cy = y + (rh - content_h) / 2; // content centred in its row
        const float th = text_h(rw, s);
        const float tx = margin + indent(rw, s);
        const float tw = text_w - indent(rw, s);
        const float ty = cy + (content_h - th) / 2;
        draw_wrapped(dl, fonts_.body, s, {tx, ty}, colors::ink, rw.text, tw);
        if (!rw.rating.empty())
            draw_wrapped(dl, fonts_.body, s * 0.8f,
                         {tx, ty + wrapped_height(fonts_.body, s, rw.text, tw) + s * 0.2f},
                         colors::muted, rw.rating, tw);
        const float bh = s * 1.75f;
        const float by = cy + (content_h - bh) / 2;
        draw_stacked_bar(dl, fonts_.bold, s * 0.9f, {bar_x, by}, {bar_w, bh}, bar_of(*rw.r), lang_,
                         tr(lang_, txt::no_answers_yet));
        // Pass, counted apart: never a zero on the scale.
        const float px = bar_x + bar_w + s * 0.6f;
        const ImU32 pc = colors::muted; // 4.5:1 on the paper, also for "0"

        draw_light_icon(dl, light::pass, {px + s * 0.45f, by + bh / 2}, s * 0.9f, pc);
        const std::string pass = trf(lang_, txt::pass_count, {std::to_string(rw.r->pass)});
        dl->AddText(fonts_.body, s * 0.9f, {px + s * 1.05f, by + (bh - s * 0.9f) / 2}, pc,
                    pass.c_str());
        y += rh;
        if (i + 1 < to)
            dl->AddLine({margin, y}, {win.x - margin, y}, colors::track, 1.0f);
    }
    if (page_starts.size() > 1) {
        const std::string pg =
            std::to_string(page_ + 1) + " / " + std::to_string(page_starts.size());
        const float w = text_width(fonts_.body, b * 0.7f, pg);
        dl->AddText(fonts_.bold, b * 0.7f, {win.x - margin - w, rows_end + b * 0.05f}, colors::ink,
                    pg.c_str());
    }
}

} // namespace kring::client
