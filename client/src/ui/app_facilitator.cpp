// The facilitator console: choose a template, then run the session step by step with live
// results that only the facilitator sees until they are revealed; per step the guidance and
// resources (never shown to the room), card moderation (hide, merge) for the text kinds, the
// projector's language, and the summary with verdicts and the next building blocks.
#include "ui/app.hpp"

#include "kring/protocol.hpp"
#include "ui/results.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <spawn.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>

extern char** environ;

namespace kring::client {

using nlohmann::json;

namespace {

const char* phase_text(lang l, phase p) {
    if (p == phase::open)
        return tr(l, txt::phase_open);
    if (p == phase::closed)
        return tr(l, txt::phase_closed);
    return tr(l, txt::phase_pending);
}

ImU32 phase_color(phase p) {
    if (p == phase::open)
        return colors::green;
    if (p == phase::closed)
        return colors::accent;
    return colors::muted;
}

} // namespace

//------------------------------------------------------------------------------

void app::draw_facilitator() {
    if (!begin_screen("##facilitator", false, true)) {
        ImGui::End();
        return;
    }
    if (code_.empty()) {
        if (editing_agenda_)
            draw_agenda_editor();
        else
            draw_template_list();
        ImGui::End();
        draw_library();
        return;
    }
    draw_facilitator_header();
    if (agenda_.practice)
        text_wrapped_colored(colors::orange, tr(lang_, txt::practice_banner));
    draw_banners();
    if (!agenda_.valid) {
        ImGui::Spacing();
        ImGui::TextUnformatted(trf(lang_, txt::rejoining_session, {display_code()}).c_str());
        ImGui::End();
        return;
    }
    if (agenda_.def.steps.empty()) {
        ImGui::TextUnformatted(tr(lang_, txt::no_steps));
        ImGui::End();
        return;
    }

    // Follow the current step when it changes; the facilitator may look at another meanwhile.
    if (view_.current != followed_current_) {
        followed_current_ = view_.current;
        if (!view_.current.empty()) {
            selected_step_ = view_.current;
            show_summary_detail_ = false;
        }
    }
    const step_def* sel = agenda_.step(selected_step_);
    if (!sel) {
        sel = &agenda_.def.steps.front();
        selected_step_ = sel->id;
    }

    const float list_w = std::max(ImGui::GetContentRegionAvail().x * 0.30f, fonts_.base * 14);
    ImGui::BeginChild("steps", {list_w, 0}, true);
    draw_step_list();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("detail", {0, 0}, true);
    if (show_summary_detail_)
        draw_summary_detail();
    else
        draw_step_detail(*sel);
    ImGui::EndChild();
    ImGui::End();
    draw_library();
}

void app::draw_template_list() {
    const float col_w = std::min(ImGui::GetContentRegionAvail().x, fonts_.base * 46);
    ImGui::SetCursorPosX((ImGui::GetWindowWidth() - col_w) / 2);
    ImGui::BeginChild("templates", {col_w, 0}, false);
    ImGui::PushFont(fonts_.title);
    ImGui::TextUnformatted("Kring");
    ImGui::PopFont();
    draw_status_dot(fonts_.base * 0.3f);
    ImGui::Spacing();
    draw_banners();
    ImGui::PushFont(fonts_.heading);
    text_wrapped(tr(lang_, txt::templates_heading));
    ImGui::PopFont();
    ImGui::Spacing();

    if (creating_ || !create_template_.empty()) {
        ImGui::TextUnformatted(tr(lang_, txt::creating_session));
    } else if (!templates_received_) {
        text_colored(colors::muted, tr(lang_, txt::templates_loading));
    } else {
        // Search: every word typed must be in the title or the description.
        ImGui::SetNextItemWidth(-1);
        // The field has the keyboard when the list appears: typing searches at once.
        if (!search_focused_once_) {
            ImGui::SetKeyboardFocusHere();
            search_focused_once_ = true;
        }
        ImGui::InputTextWithHint("##search", tr(lang_, txt::template_search), &template_search_);
        ImGui::Spacing();
        // Grouped by the wegwijzer's movements, the full workshop first; own ones last.
        struct group {
            const char* movement;
            txt heading;
        };
        const group groups[] = {{"geheel", txt::movement_geheel},
                                {"in_kaart", txt::movement_in_kaart},
                                {"reflecteren", txt::movement_reflecteren},
                                {"verder_bouwen", txt::movement_verder_bouwen},
                                {"", txt::movement_own}};
        std::size_t shown = 0;
        for (const group& g : groups) {
            std::vector<const wire::template_summary*> list;
            for (const wire::template_summary& t : templates_) {
                const bool in_group =
                    g.movement[0]
                        ? t.movement == g.movement
                        : std::none_of(std::begin(groups), std::end(groups) - 1,
                                       [&](const group& o) { return t.movement == o.movement; });
                if (in_group && template_matches(t, template_search_))
                    list.push_back(&t);
            }
            if (list.empty())
                continue;
            std::sort(list.begin(), list.end(), [&](const auto* x, const auto* y) {
                return text_of(x->title) < text_of(y->title);
            });
            ImGui::Spacing();
            ImGui::PushFont(fonts_.heading);
            text_wrapped_colored(colors::accent, tr(lang_, g.heading));
            ImGui::PopFont();
            record_text(tr(lang_, g.heading), fonts_.heading->FontSize);
            for (const wire::template_summary* t : list) {
                ++shown;
                draw_template_card(*t);
            }
        }
        if (shown == 0)
            text_colored(colors::muted, tr(lang_, txt::template_none_found));
    }
    ImGui::Spacing();
    if (ImGui::SmallButton(tr(lang_, txt::language_switch)))
        lang_ = lang_ == lang::nl ? lang::en : lang::nl;
    ImGui::SameLine();
    ImGui::BeginDisabled(!connected());
    if (ImGui::SmallButton(tr(lang_, txt::library_heading)))
        open_library();
    ImGui::EndDisabled();
    ImGui::EndChild();
    // --open library / agenda (tests, and a console started for the record).
    if (templates_received_ && wants_panel("library") && !library_opened_once_) {
        library_opened_once_ = true;
        open_library();
    }
}

bool app::template_matches(const wire::template_summary& t, const std::string& query) const {
    return matches_words(text_of(t.title) + " " + text_of(t.description) + " " + t.title.nl + " " +
                             t.title.en,
                         query);
}

void app::draw_template_card(const wire::template_summary& t) {
    ImGui::PushID(t.id.c_str());
    ImGui::Separator();
    ImGui::Spacing();
    ImGui::PushFont(fonts_.bold);
    text_wrapped(text_of(t.title));
    ImGui::PopFont();
    record_text(text_of(t.title), fonts_.base);
    text_wrapped_colored(colors::muted, text_of(t.description));
    // How long, how many steps, what it needs.
    std::string meta;
    if (t.minutes > 0)
        meta = trf(lang_, txt::template_minutes, {std::to_string(t.minutes)}) + "  ·  ";
    meta += t.steps == 1 ? std::string(tr(lang_, txt::template_steps_one))
                         : trf(lang_, txt::template_steps_many, {std::to_string(t.steps)});
    std::string needs = tr(lang_, txt::need_phones);
    for (const std::string& n : t.needs) {
        const txt w = n == "paper"    ? txt::need_paper
                      : n == "walk"   ? txt::need_walk
                      : n == "photos" ? txt::need_photos
                                      : txt::need_reading;
        needs += ", " + std::string(tr(lang_, w));
    }
    text_wrapped(meta + "  ·  " + trf(lang_, txt::template_needs, {needs}));
    ImGui::BeginDisabled(!connected());
    if (primary_button(tr(lang_, txt::start_session)))
        start_session(t.id);
    ImGui::SameLine();
    if (ImGui::Button(tr(lang_, txt::try_out)))
        start_session(t.id, true);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr(lang_, txt::try_out_tip));
    ImGui::SameLine();
    if (ImGui::Button(tr(lang_, txt::agenda_edit)))
        request_template(t.id);
    ImGui::EndDisabled();
    ImGui::Spacing();
    ImGui::PopID();
}

void app::draw_facilitator_header() {
    // Row 1: title left, connection status right.
    ImGui::PushFont(fonts_.heading);
    const std::string& title = agenda_.valid ? text_of(agenda_.def.title) : code_;
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopFont();

    // Row 2: the join code large, where to join, the people, the actions.
    const float row_y = ImGui::GetCursorPosY();
    ImGui::SetCursorPosY(row_y + (fonts_.title->FontSize - fonts_.base) * 0.55f);
    text_colored(colors::muted, tr(lang_, txt::code_label));
    ImGui::SameLine();
    ImGui::SetCursorPosY(row_y);
    ImGui::PushFont(fonts_.title);
    text_colored(colors::accent, display_code());
    ImGui::PopFont();
    ImGui::SameLine(0, fonts_.base * 1.5f);
    ImGui::BeginGroup();
    text_colored(colors::muted, std::string(tr(lang_, txt::join_url_label)) + " " + join_url());
    if (view_.valid) {
        std::string people =
            view_.joined == 1 ? std::string(tr(lang_, txt::participants_one))
                              : trf(lang_, txt::participants_many, {std::to_string(view_.joined)});
        people += "  ·  " + trf(lang_, txt::online_count, {std::to_string(view_.online)});
        ImGui::TextUnformatted(people.c_str());
    } else {
        ImGui::TextUnformatted(" ");
    }
    ImGui::EndGroup();

    // Actions and status, right-aligned on the same row.
    const char* l_projector = tr(lang_, txt::open_projector);
    const char* l_new = tr(lang_, txt::new_session);
    const char* l_lang = tr(lang_, txt::language_switch);
    const char* l_plang = tr(lang_, txt::projector_lang_label);
    const ImGuiStyle& st = ImGui::GetStyle();
    auto bw = [&](const char* s) { return ImGui::CalcTextSize(s).x + st.FramePadding.x * 2; };
    const float buttons = bw(l_projector) + bw(l_new) + bw(l_lang) + st.ItemSpacing.x * 2;
    ImGui::SameLine(
        std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - buttons));
    ImGui::BeginGroup();
    draw_status_dot(fonts_.base * 0.3f);
    ImGui::BeginDisabled(!agenda_.valid);
    if (ImGui::Button(l_projector))
        open_projector();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(l_new))
        new_session();
    ImGui::SameLine();
    if (ImGui::Button(l_lang))
        lang_ = lang_ == lang::nl ? lang::en : lang::nl;
    // The projector's language, set for the whole session (the room may read English while
    // the facilitator keeps a Dutch console, or the other way round).
    if (agenda_.valid) {
        ImGui::AlignTextToFramePadding();
        text_colored(colors::muted, l_plang);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr(lang_, txt::projector_lang_tip));
        const lang current = agenda_.projector_lang;
        for (lang l : {lang::nl, lang::en}) {
            ImGui::SameLine();
            const char* name = l == lang::nl ? "NL" : "EN";
            ImGui::PushID(name);
            ImGui::BeginDisabled(!connected());
            // The chosen language is marked as selected, not as the screen's main action.
            if (l == current)
                ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetColorU32(ImGuiCol_ButtonActive));
            const bool pressed = ImGui::Button(name);
            if (l == current)
                ImGui::PopStyleColor();
            ImGui::EndDisabled();
            if (pressed && l != current)
                send_projector_lang(l);
            ImGui::PopID();
        }
        // The projector's theme: saved in the config, which a projector on this computer
        // follows.
        ImGui::SameLine();
        const bool dark = config_.theme() == "dark";
        if (ImGui::Button(tr(lang_, dark ? txt::theme_to_light : txt::theme_to_dark))) {
            config_.set_theme(dark ? "light" : "dark");
            config_.save();
        }
    }
    ImGui::EndGroup();
    ImGui::Separator();
}

void app::draw_step_list() {
    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted(tr(lang_, txt::steps_heading));
    ImGui::PopFont();
    const float line = ImGui::GetTextLineHeight();
    const float pad = fonts_.base * 0.4f;
    const float text_x = pad * 1.5f;
    // The steps take what they need, at most a little over half the column (then they
    // scroll); the session's controls below them stay in view and scroll on their own.
    // What the rows need, computed as they are drawn below (no frame's lag).
    const ImGuiStyle& style = ImGui::GetStyle();
    const float row_w = ImGui::GetContentRegionAvail().x - style.ScrollbarSize;
    float needed = style.ItemSpacing.y * 4 + line * 2;
    std::size_t n_row = 0;
    for (const step_def& s : agenda_.def.steps) {
        const std::string t = std::to_string(++n_row) + ". " + text_of(s.title);
        needed +=
            std::min(wrapped_height(fonts_.bold, fonts_.base, t, row_w - text_x - pad), line * 2) +
            line + pad * 1.6f + style.ItemSpacing.y;
    }
    const float list_h = std::clamp(std::max(needed, step_rows_h_), line * 4,
                                    ImGui::GetContentRegionAvail().y * 0.55f);
    ImGui::BeginChild("step_rows", {0, list_h}, false);
    std::size_t number = 0;
    for (const step_def& s : agenda_.def.steps) {
        ++number;
        ImGui::PushID(s.id.c_str());
        const wire::step_status* st = view_.step(s.id);
        const phase ph = st ? st->ph : phase::pending;
        const bool current = view_.current == s.id;
        // Numbered as the projector and the phones number it.
        const std::string title = std::to_string(number) + ". " + text_of(s.title);
        const float wrap_w = ImGui::GetContentRegionAvail().x - text_x - pad;
        const float title_h =
            std::min(wrapped_height(fonts_.bold, fonts_.base, title, wrap_w), line * 2);
        if (ImGui::Selectable("##row", selected_step_ == s.id && !show_summary_detail_, 0,
                              {0, title_h + line + pad * 1.6f})) {
            selected_step_ = s.id;
            show_summary_detail_ = false;
        }
        // A title cut at two lines, or a status cut short, reads whole on hover.
        const bool row_hovered = ImGui::IsItemHovered();
        const bool title_cut =
            wrapped_height(fonts_.bold, fonts_.base, title, wrap_w) > title_h + 0.5f;
        const ImVec2 p0 = ImGui::GetItemRectMin(), p1 = ImGui::GetItemRectMax();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->PushClipRect(p0, {p1.x, p0.y + pad * 0.6f + title_h}, true);
        dl->AddText(fonts_.bold, fonts_.base, {p0.x + text_x, p0.y + pad * 0.6f}, colors::ink,
                    title.c_str(), nullptr, wrap_w);
        dl->PopClipRect();
        dl->PushClipRect(p0, p1, true);
        if (current)
            dl->AddRectFilled(p0, {p0.x + 5, p1.y}, colors::accent);
        // The kind first (icon and word), then the phase with its coloured dot.
        const ImVec2 sp{p0.x + text_x, p0.y + pad * 0.6f + title_h};
        const char* kw = kind_word(lang_, s.kind);
        draw_kind_icon(dl, s.kind, {sp.x + line * 0.4f, sp.y + line / 2}, line * 0.75f,
                       colors::muted);
        dl->AddText(fonts_.body, fonts_.base, {sp.x + line * 1.0f, sp.y}, colors::muted, kw);
        const float kx =
            sp.x + line * 1.0f + text_width(fonts_.body, fonts_.base, kw) + line * 0.5f;
        std::string status = phase_text(lang_, ph);
        if (st) {
            status += "  ·  " + trf(lang_, txt::answered_of,
                                    {std::to_string(st->answered), std::to_string(view_.joined)});
            if (st->revealed)
                status += "  ·  " + std::string(tr(lang_, txt::results_shown));
            else if (st->live)
                status += "  ·  " + std::string(tr(lang_, txt::live_badge));
            if (st->locked)
                status += "  ·  " + std::string(tr(lang_, txt::locked_badge));
        }
        dl->AddCircleFilled({kx + line * 0.25f, sp.y + line / 2}, line * 0.22f, phase_color(ph));
        // Cut with "…" where the column is narrow; whole on hover.
        const float status_w = p1.x - (kx + line * 0.7f) - pad;
        const std::string shown = ellipsize(fonts_.body, fonts_.base, status, status_w);
        dl->AddText(fonts_.body, fonts_.base, {kx + line * 0.7f, sp.y}, colors::muted,
                    shown.c_str());
        if (row_hovered && (shown != status || title_cut))
            ImGui::SetTooltip("%s\n%s", title.c_str(), status.c_str());
        dl->PopClipRect();
        ImGui::PopID();
    }
    // The summary of the reflection themes, once the agenda has any.
    const bool themed =
        std::any_of(agenda_.def.steps.begin(), agenda_.def.steps.end(), [](const step_def& st) {
            return st.kind == activity_kind::traffic_light && !st.theme.empty();
        });
    if (themed || !view_.summary.empty()) {
        ImGui::Spacing();
        ImGui::PushFont(fonts_.bold);
        if (ImGui::Selectable(tr(lang_, txt::summary_heading), show_summary_detail_, 0,
                              {0, line + pad}))
            show_summary_detail_ = true;
        ImGui::PopFont();
    }
    step_rows_h_ = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y;
    ImGui::EndChild();
    ImGui::BeginChild("session_box", {0, 0}, false);
    draw_session_controls();
    ImGui::EndChild();
    if (joined_ && wants_panel("library") && !library_opened_once_) {
        library_opened_once_ = true;
        open_library();
    }
}

app::step_lead app::lead_of(const step_def& step) const {
    step_lead out;
    const auto& steps = agenda_.def.steps;
    const auto it = std::find_if(steps.begin(), steps.end(),
                                 [&](const step_def& s) { return s.id == step.id; });
    if (it == steps.end())
        return out;
    const auto index = static_cast<std::size_t>(it - steps.begin());
    if (const auto n = lead::next_index(index, steps.size()))
        out.next = &steps[*n];
    // After the vote on the building blocks the chosen block's questions come next.
    if (step.kind == activity_kind::dot_vote && step.source_take == "blocks")
        if (const wire::step_result* res = view_.result(step.id); res)
            if (const step_def* block = dot_vote::chosen_block_step(steps, res->dots)) {
                out.next = block;
                out.next_is_choice = true;
            }
    const wire::step_status* st = view_.step(step.id);
    const lead::step_look look{st ? st->ph : phase::pending, st && st->revealed, st && st->locked};
    // While paused, the lead is the session's: resume.
    out.move =
        view_.paused ? lead::move::none : lead::primary(look, out.next != nullptr, view_.ended);
    return out;
}

void app::open_step(const std::string& step_id) {
    send_control(control_of(control_action::open, step_id));
    // A rehearsal: the simulated participants answer as soon as the step is open (the
    // server handles the two in order).
    if (agenda_.practice)
        send_control(control_of(control_action::simulate, step_id));
}

void app::go_to_step(const step_def& next) {
    selected_step_ = next.id;
    show_summary_detail_ = false;
    if (view_.current != next.id)
        send_control(control_of(control_action::go_to, next.id));
}

void app::do_lead(const step_def& step, const step_lead& ld) {
    switch (ld.move) {
    case lead::move::open:
        open_step(step.id);
        break;
    case lead::move::close:
        send_control(control_of(control_action::close, step.id));
        break;
    case lead::move::reveal:
        send_control(control_of(control_action::reveal, step.id));
        break;
    case lead::move::next_step:
        if (ld.next)
            go_to_step(*ld.next);
        break;
    case lead::move::end_session:
        send_control(control_of(control_action::end_session, ""));
        break;
    case lead::move::none:
        break;
    }
}

void app::draw_step_detail(const step_def& step) {
    const wire::step_status* st = view_.step(step.id);
    const phase ph = st ? st->ph : phase::pending;
    const bool revealed = st && st->revealed;
    const bool current = view_.current == step.id;

    const auto& steps = agenda_.def.steps;
    const auto index =
        static_cast<std::size_t>(std::find_if(steps.begin(), steps.end(),
                                              [&](const step_def& s) { return s.id == step.id; }) -
                                 steps.begin());
    text_colored(colors::muted,
                 trf(lang_, txt::projector_step_of,
                     {std::to_string(lead::number_of(index)), std::to_string(steps.size())}));
    ImGui::PushFont(fonts_.heading);
    text_wrapped(text_of(step.title));
    ImGui::PopFont();

    // Phase, visibility and whether this is the step on everyone's screen.
    std::string line = phase_text(lang_, ph);
    line += "  ·  ";
    line += tr(lang_, revealed ? txt::results_shown : txt::results_hidden);
    if (current)
        line += "  ·  " + std::string(tr(lang_, txt::current_badge));
    if (st && st->locked)
        line += "  ·  " + std::string(tr(lang_, txt::locked_badge));
    if (st && st->paper > 0)
        line += "  ·  " + trf(lang_, txt::paper_line, {std::to_string(st->paper)});
    text_colored(phase_color(ph), line);

    // Controls: only the ones valid in this phase are enabled (the server checks again). One
    // of them is the lead (lead.hpp): open, close, show results, then the next step, and
    // after the last one the end of the session. Ctrl+Enter does it from the keyboard.
    ImGui::Spacing();
    const bool can = joined_ && connected();
    const step_lead ld = lead_of(step);
    struct control_button {
        control_action action;
        txt label;
        bool valid;
        lead::move move;
        txt tip;
    };
    const control_button buttons[] = {
        {control_action::open, txt::action_open, ph != phase::open && !(st && st->locked),
         lead::move::open, txt::primary_tip},
        {control_action::close, txt::action_close, ph == phase::open, lead::move::close,
         txt::primary_tip},
        // Show and hide the results: one button that says what it does now.
        revealed ? control_button{control_action::hide, txt::action_hide, true, lead::move::none,
                                  txt::reveal_tip}
                 : control_button{control_action::reveal, txt::action_reveal, true,
                                  lead::move::reveal, txt::reveal_tip},
        {control_action::go_to, txt::action_goto, !current, lead::move::none, txt::goto_tip},
    };
    bool first = true;
    for (const auto& b : buttons) {
        if (!first)
            same_line_if_fits(tr(lang_, b.label));
        first = false;
        ImGui::BeginDisabled(!can || !b.valid);
        const bool main_action = can && b.valid && b.move != lead::move::none && b.move == ld.move;
        const bool pressed =
            main_action ? primary_button(tr(lang_, b.label)) : ImGui::Button(tr(lang_, b.label));
        if (pressed && b.action == control_action::open)
            open_step(step.id);
        else if (pressed)
            send_control(control_of(b.action, step.id));
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled) &&
            (b.move == lead::move::none || main_action))
            ImGui::SetTooltip("%s", tr(lang_, b.tip));
    }
    // Then: the next step (after the vote on the building blocks, the chosen block's), or
    // the end of the session after the last one.
    if (ld.next) {
        const std::string label =
            (ld.next_is_choice ? trf(lang_, txt::next_step_to, {text_of(ld.next->title)})
                               : std::string(tr(lang_, txt::next_step)) + "  \xE2\x86\x92") +
            "###next-step";
        same_line_if_fits(label.c_str());
        ImGui::BeginDisabled(!can);
        const bool main_action = can && ld.move == lead::move::next_step;
        if (main_action ? primary_button(label.c_str()) : ImGui::Button(label.c_str()))
            go_to_step(*ld.next);
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("%s", text_of(ld.next->title).c_str());
    } else if (ld.move == lead::move::end_session) {
        same_line_if_fits(tr(lang_, txt::end_session));
        ImGui::BeginDisabled(!can);
        if (primary_button(tr(lang_, txt::end_session)))
            send_control(control_of(control_action::end_session, ""));
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("%s", tr(lang_, txt::end_session_tip));
    }
    // Not while a dialog (the file chooser, a confirmation) has the keys.
    if (ld.move != lead::move::none && ImGui::GetIO().KeyCtrl &&
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) && can &&
        !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))
        do_lead(step, ld);
    draw_step_room_controls(step, st);

    // Progress: who answered, of everyone who joined.
    ImGui::Spacing();
    const int answered = st ? st->answered : 0;
    std::string progress =
        trf(lang_, txt::answered_of, {std::to_string(answered), std::to_string(view_.joined)});
    if (st)
        progress += "  ·  " + trf(lang_, txt::complete_of, {std::to_string(st->complete)});
    const float frac =
        view_.joined > 0 ? static_cast<float>(answered) / static_cast<float>(view_.joined) : 0.0f;
    ImGui::ProgressBar(frac, {-1, fonts_.base * 0.5f}, "");
    ImGui::TextUnformatted(progress.c_str());
    ImGui::Separator();

    // Below the controls everything scrolls: the case text, the guidance, the live results.
    ImGui::BeginChild("detail_scroll", {0, 0}, false);
    // What the step asks, and the scene it sets (read aloud, or on the projector).
    if (!text_of(step.prompt).empty()) {
        text_wrapped(text_of(step.prompt));
        ImGui::Spacing();
    }
    if (!text_of(step.intro).empty()) {
        text_wrapped_colored(colors::muted, text_of(step.intro));
        ImGui::Spacing();
    }
    if (!text_of(step.body).empty()) {
        ImGui::Indent(fonts_.base * 0.5f);
        text_wrapped(text_of(step.body));
        ImGui::Unindent(fonts_.base * 0.5f);
        ImGui::Spacing();
    }
    draw_guidance(step);
    draw_live_results(step);
    // Below the results: the facilitator's own record of the step.
    ImGui::Spacing();
    draw_notes_editor(step);
    draw_tallies(step);
    ImGui::EndChild();
}

namespace {

/**
 * Content text for the console's font: the wegwijzer's emoji become words or arrows
 * (💡 → "Tip:", ⏭️ → "→"), other pictographs and variation selectors are dropped
 * instead of showing as "?".
 */
std::string for_font(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const std::size_t len = c < 0x80           ? 1
                                : (c >> 5) == 0x6  ? 2
                                : (c >> 4) == 0xE  ? 3
                                : (c >> 3) == 0x1E ? 4
                                                   : 1;
        const std::string_view ch(s.data() + i, std::min(len, s.size() - i));
        if (ch == "\xF0\x9F\x92\xA1")
            out += "Tip:"; // U+1F4A1 light bulb
        else if (ch == "\xE2\x8F\xAD")
            out += "\xE2\x86\x92"; // U+23ED next track -> U+2192
        else if (ch == "\xEF\xB8\x8F") {
        } // U+FE0F variation selector
        else if (len == 4) {
        } // other pictographs
        else
            out += ch;
        i += ch.size();
    }
    return out;
}

/**
 * For the test trace (--trace): the text just drawn as the last item, from `top` (the cursor's
 * height before it), when it was laid out (not skipped) and all of it is in view in its window:
 * only what the screen shows is recorded, at the current font's size.
 */
void record_if_in_view(std::string_view text, float top) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 c0 = dl->GetClipRectMin(), c1 = dl->GetClipRectMax();
    const bool laid_out = ImGui::GetCursorScreenPos().y > top && a.y >= top;
    if (laid_out && a.y >= c0.y && b.y <= c1.y && a.x >= c0.x && a.x < c1.x)
        record_text(text, ImGui::GetFontSize());
}

/** A wrapped line of the guide, recorded for the trace when it is in view. */
void guide_text(std::string_view text) {
    const float top = ImGui::GetCursorScreenPos().y;
    text_wrapped(text);
    record_if_in_view(text, top);
}

void guide_text_colored(ImU32 col, std::string_view text) {
    ImGui::PushStyleColor(ImGuiCol_Text, col);
    guide_text(text);
    ImGui::PopStyleColor();
}

} // namespace

void app::draw_guidance(const step_def& step) {
    const std::string guide = for_font(text_of(step.guide));
    if (guide.empty() && step.resources.empty())
        return;
    // One open/closed state for every step: a facilitator who reads along keeps it open.
    const std::string label = std::string(tr(lang_, txt::guidance_heading)) + "###guidance";
    if (wants_panel("guide"))
        ImGui::SetNextItemOpen(true, ImGuiCond_Once);
    if (!ImGui::CollapsingHeader(label.c_str()))
        return;
    if (wants_panel("guide") && panel_scroll_frames_ < 6 && view_.valid) {
        // --open guide: the guide in view from the start (a few frames, while the layout
        // settles).
        ImGui::SetScrollHereY(0.0f);
        ++panel_scroll_frames_;
    }
    ImGui::Indent(fonts_.base * 0.4f);
    // Paragraphs are separated by blank lines; lines starting with "- " are bullets. Every line
    // in view is also recorded for the test trace.
    if (guide.empty()) {
        const float top = ImGui::GetCursorScreenPos().y;
        text_colored(colors::muted, tr(lang_, txt::no_guidance));
        record_if_in_view(tr(lang_, txt::no_guidance), top);
    }
    std::size_t pos = 0;
    while (pos <= guide.size() && !guide.empty()) {
        const std::size_t nl = guide.find('\n', pos);
        const std::string line =
            guide.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        if (line.empty()) {
            ImGui::Spacing();
        } else if (line.rfind("- ", 0) == 0 || line.rfind("• ", 0) == 0) {
            ImGui::Bullet();
            guide_text(line.substr(line[0] == '-' ? 2 : std::string("• ").size()));
        } else {
            guide_text(line);
        }
        if (nl == std::string::npos)
            break;
        pos = nl + 1;
    }
    if (!step.resources.empty()) {
        ImGui::Spacing();
        ImGui::PushFont(fonts_.bold);
        const float top = ImGui::GetCursorScreenPos().y;
        ImGui::TextUnformatted(tr(lang_, txt::resources_heading));
        record_if_in_view(tr(lang_, txt::resources_heading), top);
        ImGui::PopFont();
        for (const resource_def& r : step.resources) {
            ImGui::PushID(r.id.c_str());
            ImGui::Bullet();
            ImGui::PushFont(fonts_.bold);
            guide_text(for_font(text_of(r.title)));
            ImGui::PopFont();
            ImGui::Indent(ImGui::GetTreeNodeToLabelSpacing());
            if (!text_of(r.description).empty())
                guide_text_colored(colors::muted, for_font(text_of(r.description)));
            if (!r.url.empty())
                guide_text_colored(colors::accent, r.url);
            ImGui::Unindent(ImGui::GetTreeNodeToLabelSpacing());
            ImGui::PopID();
        }
    }
    ImGui::Unindent(fonts_.base * 0.4f);
    ImGui::Spacing();
}

void app::draw_live_results(const step_def& step) {
    const wire::step_status* st = view_.step(step.id);
    const wire::step_result* res = view_.result(step.id);
    if (step.kind == activity_kind::photo) {
        // A photo step's results are its photos: the console moderates them here. The
        // dialog is drawn whatever the queue shows (it may be open when the queue empties).
        draw_photo_moderation(step, res);
        draw_photo_delete_dialog();
        return;
    }
    if (step.kind == activity_kind::floor_plan)
        draw_plan_upload(step); // the own plan of the building (app_plan.cpp)
    if (step.kind == activity_kind::image_choice) {
        // The facilitator's own images next to the template's deck (app_plan.cpp); removing
        // one asks first.
        draw_deck_upload(step);
        draw_photo_delete_dialog();
    }
    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted(tr(lang_, txt::live_results));
    ImGui::PopFont();
    text_wrapped_colored(colors::muted,
                         tr(lang_, st && (st->revealed || (st->live && st->ph == phase::open))
                                       ? txt::live_results_note_shown
                                       : txt::live_results_note_hidden));
    ImGui::Spacing();

    if (res && res->withheld) {
        // Below k the server withholds the result from every role, the console included.
        text_wrapped_colored(colors::orange,
                             trf(lang_, txt::withheld_console,
                                 {std::to_string(res->total), std::to_string(view_.min_answers)}));
        return;
    }
    if (step.kind != activity_kind::traffic_light) {
        draw_talk_list(step);
        if (!res || (res->total == 0 && res->cards.empty() && res->entries.empty() &&
                     res->actions.empty() && res->pins.empty() && res->routes.empty())) {
            text_colored(colors::muted, tr(lang_, txt::no_answers_yet));
        } else {
            if (step.kind != activity_kind::action_plan)
                chart_item(step, *res, fonts_.base);
            if (step.kind == activity_kind::scale) {
                // Comments on scale questions stay with the facilitator, like the traffic light's.
                for (const wire::comment& c : view_.comments)
                    if (c.step == step.id) {
                        const std::string& text = item_text(step.id, c.item);
                        const std::string who = text.empty()
                                                    ? c.item
                                                    : ellipsize(fonts_.body, fonts_.base * 0.85f,
                                                                text, fonts_.base * 14);
                        text_wrapped_colored(colors::muted, who + "  “" + c.text + "”");
                    }
            }
            if (step.kind == activity_kind::floor_plan)
                draw_plan_moderation(step, *res); // pins and routes: hide / show each
            else if (has_cards(step.kind))
                draw_card_moderation(step, *res);
        }
        return;
    }
    if (!res || res->lights.empty()) {
        text_colored(colors::muted, tr(lang_, txt::no_answers_yet));
        return;
    }
    const float text_w = ImGui::GetContentRegionAvail().x * 0.44f;
    if (ImGui::BeginTable("items", 2, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX)) {
        ImGui::TableSetupColumn("text", ImGuiTableColumnFlags_WidthFixed, text_w);
        ImGui::TableSetupColumn("bar", ImGuiTableColumnFlags_WidthStretch);
        const localized* last_group = nullptr;
        for (const traffic_light::item_result& r : res->lights) {
            ImGui::PushID(r.item.c_str());
            const item_def* it = item_of(step.id, r.item);
            // The heading its items hang under, once above them (the server keeps them together).
            if (it && !it->group.empty() && (!last_group || *last_group != it->group)) {
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::PushFont(fonts_.bold);
                text_wrapped(text_of(it->group));
                ImGui::PopFont();
            }
            last_group = it ? &it->group : nullptr;
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            const std::string label =
                std::to_string(r.index + 1) + ". " + item_text(step.id, r.item);
            text_wrapped(label);
            if (it && !it->rating.empty())
                text_wrapped_colored(colors::muted, rating_line(*it));
            // The comments on this statement, anonymous, under its text.
            for (const wire::comment& c : view_.comments)
                if (c.step == step.id && c.item == r.item) {
                    ImGui::Indent(fonts_.base);
                    text_wrapped_colored(colors::muted, "“" + c.text + "”");
                    ImGui::Unindent(fonts_.base);
                }
            ImGui::TableSetColumnIndex(1);
            stacked_bar_item(fonts_.bold, fonts_.base * 1.7f, bar_of(r), lang_);
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
}

//------------------------------------------------------------------------------

void app::start_session(std::string template_id, bool practice) {
    if (!connected()) {
        create_template_ = template_id; // sent on connect
        return;
    }
    create_template_.clear();
    creating_ = true;
    protocol::create_session m;
    m.template_id = template_id;
    m.practice = practice;
    send(std::move(m), request_kind::create);
}

void app::new_session() {
    // This connection is bound to the old session: start over on a fresh one.
    config_.clear_last(opt_.server());
    config_.save();
    code_.clear();
    secret_.clear();
    forget_session();
    selected_step_.clear();
    followed_current_.clear();
    templates_received_ = false;
    conn_->reconnect();
}

void app::send_card_control(control_action action, const std::string& step, const std::string& card,
                            const std::vector<std::string>& cards) {
    auto m = control_of(action, step);
    m.card = card;
    m.cards = cards;
    send_control(m);
}

void app::send_projector_lang(lang l) {
    auto m = control_of(control_action::set_lang, "");
    m.lang = to_string(l);
    send_control(m);
}

void app::draw_card_moderation(const step_def& step, const wire::step_result& res) {
    struct card_row {
        std::string id, text;
        std::uint32_t count;
        bool hidden;
        std::vector<std::pair<std::string, std::string>> merged; // card, text
    };
    std::vector<card_row> rows;
    for (const open_text::wall_card& c : res.cards) {
        card_row r{c.card, c.text, c.count, c.hidden, {}};
        for (const open_text::merged_card& m : c.merged)
            r.merged.emplace_back(m.card, m.text);
        rows.push_back(std::move(r));
    }
    for (const inventory::row& e : res.entries) {
        std::string t = e.e.name;
        if (const localized* k = text_in(step.offer_kinds, e.e.kind))
            t += "  ·  " + text_of(*k);
        if (!e.e.place.empty())
            t += "  ·  " + e.e.place;
        rows.push_back(
            {e.card, t, 1 + static_cast<std::uint32_t>(e.merged.size()), e.hidden, e.merged});
    }
    for (const action_plan::row& a : res.actions) {
        std::string t = a.a.what;
        if (!a.a.who.empty())
            t += "  ·  " + a.a.who;
        if (!a.a.when.empty())
            t += "  ·  " + a.a.when;
        rows.push_back(
            {a.card, t, 1 + static_cast<std::uint32_t>(a.merged.size()), a.hidden, a.merged});
    }
    ImGui::Spacing();
    ImGui::PushFont(fonts_.bold);
    ImGui::TextUnformatted(tr(lang_, txt::cards_heading));
    ImGui::PopFont();
    text_wrapped_colored(colors::muted, tr(lang_, txt::merge_hint));
    if (rows.empty()) {
        text_colored(colors::muted, tr(lang_, txt::no_cards));
        return;
    }
    std::vector<std::string>& selected = selected_cards_[step.id];
    // Forget selections of cards that are gone (merged away, withdrawn).
    std::erase_if(selected, [&](const std::string& id) {
        return std::none_of(rows.begin(), rows.end(),
                            [&](const card_row& r) { return r.id == id; });
    });
    const bool can = joined_ && connected();
    ImGui::BeginDisabled(!can || selected.size() < 2);
    if (primary_button(
            trf(lang_, txt::merge_selected, {std::to_string(selected.size())}).c_str()) &&
        selected.size() >= 2) {
        const std::string target = selected.front();
        const std::vector<std::string> others(selected.begin() + 1, selected.end());
        send_card_control(control_action::merge_cards, step.id, target, others);
        auto& mine = merged_here_[target];
        mine.insert(mine.end(), others.begin(), others.end());
        selected.clear();
    }
    ImGui::EndDisabled();
    if (ImGui::BeginTable("cards", 3, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX)) {
        ImGui::TableSetupColumn("pick", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFrameHeight());
        ImGui::TableSetupColumn("text", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("actions", ImGuiTableColumnFlags_WidthFixed,
                                ImGui::CalcTextSize(tr(lang_, txt::card_hide)).x +
                                    ImGui::CalcTextSize(tr(lang_, txt::unmerge)).x +
                                    ImGui::GetStyle().FramePadding.x * 4 +
                                    ImGui::GetStyle().ItemSpacing.x);
        for (const card_row& r : rows) {
            ImGui::PushID(r.id.c_str());
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            bool picked = std::find(selected.begin(), selected.end(), r.id) != selected.end();
            ImGui::BeginDisabled(r.hidden);
            ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
            if (ImGui::Checkbox("##pick", &picked)) {
                if (picked)
                    selected.push_back(r.id);
                else
                    std::erase(selected, r.id);
            }
            ImGui::PopStyleVar();
            ImGui::EndDisabled();
            ImGui::TableSetColumnIndex(1);
            std::string text = r.text;
            if (r.count > 1)
                text += "   ×" + std::to_string(r.count);
            if (r.hidden)
                text_wrapped_colored(colors::muted,
                                     text + "   (" + tr(lang_, txt::card_hidden_badge) + ")");
            else
                text_wrapped(text);
            // The merged cards: as the server reports them, else as this console merged them.
            std::vector<std::string> children;
            for (const auto& [card, text] : r.merged) {
                children.push_back(card);
                if (!text.empty())
                    text_wrapped_colored(colors::muted, "  + " + text);
            }
            if (r.merged.empty())
                if (auto m = merged_here_.find(r.id); m != merged_here_.end())
                    children = m->second;
            if (!children.empty() && r.merged.empty())
                text_colored(colors::muted,
                             trf(lang_, txt::merged_count, {std::to_string(children.size())}));
            ImGui::TableSetColumnIndex(2);
            ImGui::BeginDisabled(!can);
            if (ImGui::SmallButton(tr(lang_, r.hidden ? txt::card_show : txt::card_hide)))
                send_card_control(r.hidden ? control_action::show_card : control_action::hide_card,
                                  step.id, r.id);
            if (!children.empty()) {
                ImGui::SameLine();
                if (ImGui::SmallButton(tr(lang_, txt::unmerge))) {
                    for (const std::string& c : children)
                        send_card_control(control_action::unmerge_card, step.id, c);
                    merged_here_.erase(r.id);
                }
            }
            ImGui::EndDisabled();
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
}

void app::draw_photo_moderation(const step_def& step, const wire::step_result* res) {
    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted(tr(lang_, txt::photo_queue_heading));
    ImGui::PopFont();
    if (wants_panel("photos") && panel_scroll_frames_ < 6 && view_.valid) {
        // --open photos: the queue in view from the start (a few frames, while the layout
        // settles).
        ImGui::SetScrollHereY(0.0f);
        ++panel_scroll_frames_;
    }
    text_wrapped_colored(colors::muted, tr(lang_, txt::photo_queue_note));
    if (res && res->withheld) {
        // Below k the server withholds the result from every role, the console included.
        text_wrapped_colored(colors::orange,
                             trf(lang_, txt::withheld_console,
                                 {std::to_string(res->total), std::to_string(view_.min_answers)}));
        return;
    }
    if (!res || res->photos.empty()) {
        text_colored(colors::muted, tr(lang_, txt::photos_none));
        return;
    }
    // The queue: what waits for a decision first, in the order it arrived; then the approved
    // photos and the hidden ones.
    std::vector<const photo::wall_photo*> rows;
    std::size_t counts[3] = {0, 0, 0};
    for (photo::status st :
         {photo::status::pending, photo::status::approved, photo::status::hidden})
        for (const photo::wall_photo& p : res->photos)
            if (p.st == st) {
                rows.push_back(&p);
                ++counts[static_cast<int>(st)];
            }
    ImGui::TextUnformatted(
        trf(lang_, txt::photo_counts,
            {std::to_string(counts[0]), std::to_string(counts[1]), std::to_string(counts[2])})
            .c_str());
    ImGui::Spacing();

    const bool can = joined_ && connected();
    const float thumb_w = std::round(fonts_.base * 8.0f);
    const float thumb_h = std::round(thumb_w * 0.75f);
    const ImGuiStyle& style = ImGui::GetStyle();
    float button_w = 0;
    for (txt t : {txt::photo_approve, txt::card_hide, txt::library_delete})
        button_w = std::max(button_w, text_width(fonts_.bold, fonts_.base, tr(lang_, t)));
    button_w += style.FramePadding.x * 2;
    bool ask_delete = false;
    if (ImGui::BeginTable("photos", 3, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX)) {
        ImGui::TableSetupColumn("photo", ImGuiTableColumnFlags_WidthFixed, thumb_w);
        ImGui::TableSetupColumn("text", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("actions", ImGuiTableColumnFlags_WidthFixed, button_w);
        for (const photo::wall_photo* p : rows) {
            ImGui::PushID(p->id.c_str());
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImDrawList* dl = ImGui::GetWindowDrawList();
            const ImVec2 p0 = ImGui::GetCursorScreenPos();
            const ImVec2 p1{p0.x + thumb_w, p0.y + thumb_h};
            draw_photo(dl, p->id, p0, p1, true, 4.0f, fonts_.base * 0.75f);
            if (p->st == photo::status::hidden) // dimmed: it is nowhere but here
                dl->AddRectFilled(
                    p0, p1, (colors::paper & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 150), 4.0f);
            ImGui::Dummy({thumb_w, thumb_h});

            ImGui::TableSetColumnIndex(1);
            switch (p->st) {
            case photo::status::pending:
                ImGui::PushFont(fonts_.bold);
                text_colored(colors::accent, tr(lang_, txt::photo_status_pending));
                ImGui::PopFont();
                break;
            case photo::status::approved:
                text_colored(colors::muted, tr(lang_, txt::photo_status_approved));
                break;
            case photo::status::hidden:
                text_colored(colors::muted, tr(lang_, txt::card_hidden_badge));
                break;
            }
            if (const localized* c = text_in(step.options, p->category)) {
                ImGui::PushFont(fonts_.bold);
                text_wrapped(text_of(*c));
                ImGui::PopFont();
            }
            if (p->caption.empty())
                text_colored(colors::muted, tr(lang_, txt::photo_no_caption));
            else
                text_wrapped(p->caption);

            ImGui::TableSetColumnIndex(2);
            ImGui::BeginDisabled(!can);
            if (p->st != photo::status::approved) {
                // The usual decision stands out a little (not as a primary button: the
                // console has one, the step's next move).
                ImGui::PushStyleColor(ImGuiCol_Button,
                                      ImGui::ColorConvertU32ToFloat4(colors::accent_pale));
                ImGui::PushStyleColor(ImGuiCol_Text,
                                      ImGui::ColorConvertU32ToFloat4(colors::accent));
                ImGui::PushFont(fonts_.bold);
                if (ImGui::Button(tr(lang_, txt::photo_approve), {button_w, 0}))
                    send_card_control(control_action::approve_photo, step.id, p->id);
                ImGui::PopFont();
                ImGui::PopStyleColor(2);
            }
            if (p->st != photo::status::hidden &&
                ImGui::Button(tr(lang_, txt::card_hide), {button_w, 0}))
                send_card_control(control_action::hide_photo, step.id, p->id);
            if (ImGui::Button(tr(lang_, txt::library_delete), {button_w, 0})) {
                photo_delete_step_ = step.id;
                photo_delete_id_ = p->id;
                photo_delete_caption_ = p->caption;
                ask_delete = true;
            }
            ImGui::EndDisabled();
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    // Opened here, in the scope where draw_photo_delete_dialog (after this) looks for it.
    if (ask_delete)
        ImGui::OpenPopup("##delete_photo");
}

void app::draw_photo_delete_dialog() {
    ImGui::SetNextWindowSize({fonts_.base * 26, 0});
    if (!ImGui::BeginPopupModal("##delete_photo", nullptr, ImGuiWindowFlags_NoTitleBar))
        return;
    // A participant's photo, or an own image of an image choice (its answers lose it).
    const step_def* of = agenda_.step(photo_delete_step_);
    const bool own = of && of->kind == activity_kind::image_choice;
    ImGui::PushFont(fonts_.heading);
    text_wrapped(tr(lang_, own ? txt::deck_remove_title : txt::photo_delete_title));
    ImGui::PopFont();
    if (!photo_delete_caption_.empty())
        text_wrapped_colored(colors::muted, "“" + photo_delete_caption_ + "”");
    text_wrapped(tr(lang_, own ? txt::deck_remove_note : txt::photo_delete_note));
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(colors::red));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    if (ImGui::Button(tr(lang_, txt::delete_confirm))) {
        send_card_control(control_action::delete_photo, photo_delete_step_, photo_delete_id_);
        photo_delete_id_.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::PopStyleColor(2);
    ImGui::SameLine();
    if (ImGui::Button(tr(lang_, txt::cancel))) {
        photo_delete_id_.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void app::draw_summary_detail() {
    ImGui::PushFont(fonts_.heading);
    text_wrapped(tr(lang_, txt::summary_heading));
    ImGui::PopFont();
    text_wrapped_colored(colors::muted, tr(lang_, txt::summary_note));
    ImGui::Separator();
    ImGui::BeginChild("summary_scroll", {0, 0}, false);
    summary_item(fonts_.base);
    ImGui::EndChild();
}

void app::open_projector() {
    // A second kring process in projector mode, for the second screen.
    // In the session's projector language when the server announces one.
    const std::string plang = to_string(agenda_.valid ? agenda_.projector_lang : lang_);
    std::vector<std::string> args = {"kring",  "--mode", "projector", "--server", opt_.server(),
                                     "--code", code_,    "--lang",    plang};
    if (!opt_.join_url.empty()) {
        args.push_back("--join-url");
        args.push_back(opt_.join_url);
    }
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(), environ);
    if (rc != 0) {
        std::fprintf(stderr, "kring: posix_spawn: error %d\n", rc);
        show_error(tr(lang_, txt::projector_failed));
        return;
    }
    children_.push_back(pid);
}

} // namespace kring::client
