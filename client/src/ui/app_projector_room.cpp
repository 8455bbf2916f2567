// The projector's screens for running the room (docs/protocol.md section 6): the pause
// screen, the timer's countdown, a result withheld below the threshold k, the comparison
// with an earlier session, the big QR code on demand and the keys of the projector
// (F11 full screen, T theme, Q the QR code).
#include "ui/app.hpp"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace kring::client {

namespace {

/** The pause sign: two rounded bars in a ring. */
void draw_pause_sign(ImDrawList* dl, ImVec2 c, float r, ImU32 col) {
    dl->AddCircle(c, r, col, 64, r * 0.08f);
    const float bw = r * 0.22f, bh = r * 0.9f, gap = r * 0.16f;
    dl->AddRectFilled({c.x - gap - bw, c.y - bh / 2}, {c.x - gap, c.y + bh / 2}, col, bw * 0.3f);
    dl->AddRectFilled({c.x + gap, c.y - bh / 2}, {c.x + gap + bw, c.y + bh / 2}, col, bw * 0.3f);
}

/** "+12" / "−5" / "0" percentage points. */
std::string signed_points(int d) {
    if (d > 0)
        return "+" + std::to_string(d);
    if (d < 0)
        return "\xE2\x88\x92" + std::to_string(-d); // U+2212 minus sign
    return "0";
}

} // namespace

void app::draw_projector_pause() {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 win = ImGui::GetWindowSize();
    const float r = std::min(win.x, win.y) * 0.16f;
    draw_pause_sign(dl, {win.x / 2, win.y * 0.36f}, r, colors::accent);
    const float hs = fonts_.title->FontSize;
    draw_centered(dl, fonts_.title, hs, win.x / 2, win.y * 0.36f + r * 1.35f, colors::ink,
                  tr(lang_, txt::pause_title));
    draw_centered_wrapped(dl, fonts_.body, fonts_.base, win.x / 2,
                          win.y * 0.36f + r * 1.35f + hs * 1.5f, colors::muted,
                          tr(lang_, txt::pause_note), win.x * 0.7f);
    draw_projector_corner_code(win.x - fonts_.base, fonts_.base, fonts_.heading->FontSize * 1.1f);
}

void app::draw_projector_timer(bool under_qr) {
    // Large: readable from the back of the room.
    if (!view_.timer)
        return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 win = ImGui::GetWindowSize();
    const float size = std::round(fonts_.huge->FontSize * 0.55f);
    const std::string t =
        view_.timer->ended ? std::string(tr(lang_, txt::timer_up)) : clock_text(timer_remaining());
    const float w = text_width(fonts_.huge, size, t);
    const float pad = size * 0.25f;
    const float box_w = w + 2 * pad;
    // On the join screen centred under the QR code (which made room for it), else in the
    // bottom-right corner.
    const ImVec2 p0 =
        under_qr ? ImVec2{join_timer_anchor_.x - box_w / 2, join_timer_anchor_.y}
                 : ImVec2{win.x - fonts_.base - box_w, win.y - fonts_.base * 1.6f - size - pad};
    const ImVec2 p1{p0.x + box_w, p0.y + size + pad};
    const ImU32 bg = view_.timer->ended ? colors::red : colors::accent;
    dl->AddRectFilled(p0, p1, bg, size * 0.18f);
    // The remaining wire::share as a bar along the bottom of the box.
    if (!view_.timer->ended && view_.timer->seconds > 0) {
        const float frac = std::clamp(static_cast<float>(timer_remaining()) /
                                          static_cast<float>(view_.timer->seconds),
                                      0.0f, 1.0f);
        dl->AddRectFilled({p0.x + pad * 0.5f, p1.y - pad * 0.45f},
                          {p0.x + pad * 0.5f + (p1.x - p0.x - pad) * frac, p1.y - pad * 0.25f},
                          colors::white, 2.0f);
    }
    const ImU32 fg = current_theme() == theme::dark && !view_.timer->ended
                         ? IM_COL32(0x10, 0x14, 0x1a, 0xff)
                         : colors::white;
    dl->AddText(fonts_.huge, size, {p0.x + pad, p0.y + pad * 0.3f}, fg, t.c_str());
}

void app::draw_projector_withheld(const step_def& step, const wire::step_result& res) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 win = ImGui::GetWindowSize();
    const int k = static_cast<int>(view_.min_answers);
    const float top = draw_projector_header(
        text_of(step.title), trf(lang_, txt::projector_answered,
                                 {std::to_string(res.total), std::to_string(view_.joined)}));
    const float cy = top + (win.y - top) * 0.38f;
    // k empty places, as many filled as there are answers: the room sees how far it is.
    const int shown = std::min(k, 50);
    const float slot = std::min(win.x * 0.7f / static_cast<float>(shown), fonts_.base * 2.2f);
    const float x0 = win.x / 2 - slot * static_cast<float>(shown) / 2;
    for (int i = 0; i < shown; ++i) {
        const ImVec2 c{x0 + slot * (static_cast<float>(i) + 0.5f), cy};
        if (static_cast<std::uint32_t>(i) < res.total)
            dl->AddCircleFilled(c, slot * 0.36f, colors::accent);
        else
            dl->AddCircle(c, slot * 0.36f, colors::muted, 32, 2.0f);
    }
    const float hs = fonts_.title->FontSize;
    draw_centered_wrapped(dl, fonts_.title, hs, win.x / 2, cy + slot, colors::ink,
                          trf(lang_, txt::withheld_title, {std::to_string(k)}), win.x * 0.85f);
    draw_centered_wrapped(dl, fonts_.body, fonts_.base, win.x / 2, cy + slot + hs * 1.6f,
                          colors::muted, tr(lang_, txt::withheld_note), win.x * 0.75f);
}

void app::draw_projector_compare() {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 win = ImGui::GetWindowSize();
    const float b = fonts_.base;
    const float margin = std::round(b * 1.2f);
    const wire::comparison& c = *view_.compare;
    const float top = draw_projector_header(tr(lang_, txt::compare_heading),
                                            trf(lang_, txt::compare_sub, {c.title}));
    if (c.items.empty()) {
        draw_centered_wrapped(dl, fonts_.heading, fonts_.heading->FontSize, win.x / 2, top + b * 2,
                              colors::muted, tr(lang_, txt::compare_empty), win.x * 0.8f);
        return;
    }
    // One row per statement: text | before bar / after bar | the change in words and arrows.
    const float bottom = win.y - margin - b * 0.6f;
    const float rows_h = bottom - top;
    const std::size_t per_page =
        std::max<std::size_t>(1, static_cast<std::size_t>(rows_h / (b * 3.4f)));
    const std::size_t pages = (c.items.size() + per_page - 1) / per_page;
    // Long comparisons turn pages by themselves, like the traffic-light results.
    const std::size_t page =
        pages > 1 ? static_cast<std::size_t>(ImGui::GetTime() / 12.0) % pages : 0;
    const std::size_t from = page * per_page, to = std::min(c.items.size(), from + per_page);
    const float rh = std::min(rows_h / static_cast<float>(per_page), b * 4.2f);
    const float text_w = (win.x - 2 * margin) * 0.36f;
    const float label_w = b * 3.2f;
    const float delta_w = (win.x - 2 * margin) * 0.22f;
    const float bar_x = margin + text_w + b * 0.6f + label_w;
    const float bar_w = win.x - margin - delta_w - bar_x - b * 0.6f;
    const float bh = rh * 0.3f;
    float y = top;
    for (std::size_t i = from; i < to; ++i) {
        const wire::compare_item& it = c.items[i];
        std::string text = it.text;
        if (text.empty())
            text = item_text(it.step, it.item);
        const float ts = b * 0.9f;
        draw_wrapped(dl, fonts_.bold, ts, {margin, y + rh * 0.12f}, colors::ink,
                     clamp_lines(fonts_.bold, ts, text, text_w, 2), text_w);
        auto bar = [&](const wire::share& s, float by, txt label) {
            dl->AddText(fonts_.body, b * 0.7f, {bar_x - label_w, by + (bh - b * 0.7f) / 2},
                        colors::muted, tr(lang_, label));
            draw_stacked_bar(dl, fonts_.bold, b * 0.7f, {bar_x, by}, {bar_w, bh},
                             {s.green, s.orange, s.red, 0}, lang_, "");
        };
        bar(it.before, y + rh * 0.1f, txt::compare_before);
        bar(it.after, y + rh * 0.1f + bh + rh * 0.06f, txt::compare_after);
        // The change: an arrow and a word per colour that moved, never the colour alone.
        float dy = y + rh * 0.08f;
        const float dx = win.x - margin - delta_w;
        const float ds = b * 0.72f;
        const std::pair<light, int> deltas[] = {{light::green, it.delta.green},
                                                {light::orange, it.delta.orange},
                                                {light::red, it.delta.red}};
        for (const auto& [k, d] : deltas) {
            const char* arrow = d > 0 ? "\xE2\x86\x91" : d < 0 ? "\xE2\x86\x93" : "="; // ↑ ↓
            draw_light_icon(dl, k, {dx + ds * 0.5f, dy + ds * 0.55f}, ds, light_color(k));
            const std::string line =
                std::string(arrow) + " " + signed_points(d) + " " + light_label(lang_, k);
            dl->AddText(fonts_.body, ds, {dx + ds * 1.2f, dy}, colors::ink, line.c_str());
            dy += ds * 1.25f;
        }
        y += rh;
        if (i + 1 < to)
            dl->AddLine({margin, y - rh * 0.04f}, {win.x - margin, y - rh * 0.04f}, colors::track,
                        1.0f);
    }
    if (pages > 1) {
        const std::string pg = std::to_string(page + 1) + " / " + std::to_string(pages);
        dl->AddText(fonts_.body, b * 0.7f,
                    {win.x - margin - text_width(fonts_.body, b * 0.7f, pg), bottom}, colors::muted,
                    pg.c_str());
    }
}

void app::draw_projector_big_qr() {
    // Over everything: the join address and a QR code as large as the screen allows.
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    const ImVec2 win = ImGui::GetWindowSize();
    dl->AddRectFilled({0, 0}, win, colors::paper);
    const std::string url = join_url();
    if (qr_.text != url)
        qr_ = make_qr(url);
    const float b = fonts_.base;
    const float side = std::min(win.y - b * 6, win.x * 0.6f);
    const float s = qr_side(qr_, side);
    draw_qr(dl, qr_, {(win.x - s) / 2, b * 1.2f}, side);
    const std::string code = display_code();
    draw_centered(dl, fonts_.title, fonts_.title->FontSize, win.x / 2, b * 1.6f + s, colors::accent,
                  code);
    draw_centered(dl, fonts_.body, b * 0.8f, win.x / 2, b * 1.8f + s + fonts_.title->FontSize,
                  colors::muted, url);
}

void app::projector_room_keys() {
    // T: light / dark (saved, so a projector opened later starts in it); Q: the big QR code.
    const ImGuiIO& io = ImGui::GetIO();
    for (ImWchar ch : io.InputQueueCharacters) {
        const int c = ch < 128 ? std::tolower(static_cast<int>(ch)) : 0;
        if (c == 't') {
            toggle_projector_theme();
        } else if (c == 'q') {
            show_big_qr_ = !show_big_qr_;
        }
    }
    if (io.MouseClicked[0] && show_big_qr_ && !ImGui::IsAnyItemHovered())
        show_big_qr_ = false;
}

void app::apply_theme(theme t) {
    set_theme(t);
    apply_style(fonts_.base);
}

void app::follow_theme_setting() {
    // The console toggles the projector's theme in the shared config file; a projector on the
    // same computer looks at it about once a second (a command-line --theme holds).
    if (!opt_.theme.empty())
        return;
    const double now = ImGui::GetTime();
    if (now - theme_checked_at_ < 1.0)
        return;
    theme_checked_at_ = now;
    if (!config_.reload_if_changed())
        return;
    const theme want = config_.theme() == "dark" ? theme::dark : theme::light;
    if (want != current_theme())
        apply_theme(want);
}

void app::draw_projector_room_corner() {
    // Quiet hints in the bottom-right corner, each also a button for the presenter's mouse:
    // full screen, the theme, the big QR code for late joiners.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 win = ImGui::GetWindowSize();
    const float fs = std::max(11.0f, fonts_.base * 0.5f);
    const std::pair<char, txt> hints[] = {
        {'f', txt::hint_fullscreen}, {'t', txt::hint_theme}, {'q', txt::hint_qr}};
    float x = win.x - fonts_.base * 0.8f;
    const float y = win.y - fs * 1.7f;
    for (auto it = std::rbegin(hints); it != std::rend(hints); ++it) {
        const char* t = tr(lang_, it->second);
        const float w = text_width(fonts_.body, fs, t);
        x -= w;
        ImGui::SetCursorPos({x - fs * 0.3f, y - fs * 0.2f});
        ImGui::PushID(it->first);
        bool pressed = ImGui::InvisibleButton("##hint", {w + fs * 0.6f, fs * 1.4f});
        const bool hovered = ImGui::IsItemHovered();
        ImGui::PopID();
        dl->AddText(fonts_.body, fs, {x, y}, hovered ? colors::accent : colors::muted, t);
        if (pressed && it->first == 'f')
            fullscreen_requested_ = true;
        if (pressed && it->first == 't')
            toggle_projector_theme();
        if (pressed && it->first == 'q')
            show_big_qr_ = !show_big_qr_;
        x -= fs * 2.0f;
    }
}

void app::toggle_projector_theme() {
    const theme next = current_theme() == theme::dark ? theme::light : theme::dark;
    apply_theme(next);
    config_.set_theme(next == theme::dark ? "dark" : "light");
    config_.save();
}

} // namespace kring::client
