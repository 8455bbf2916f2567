// The console's controls for running the room (docs/protocol.md section 6): per step lock,
// live results, the timer and "bring everyone here"; for the session pause, follow, the
// threshold k and the projector's theme; the facilitator's notes, paper tallies and the
// devices in the room. Every control is a `control` message; the view shows its effect.
#include "ui/app.hpp"

#include "kring/protocol.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace kring::client {

using nlohmann::json;

namespace {

/** How long the notes editor waits after the last keystroke before it saves. */
constexpr double note_idle_seconds = 1.5;

/** The timer presets, in minutes. */
constexpr int timer_presets[] = {1, 2, 3, 5, 10};

} // namespace

std::string clock_text(int seconds) {
    seconds = std::max(0, seconds);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d:%02d", seconds / 60, seconds % 60);
    return buf;
}

int app::timer_remaining() const {
    if (!view_.timer || view_.timer->ended)
        return 0;
    const wire::timer_state& t = *view_.timer;
    const double since = ImGui::GetTime() - view_.received_at;
    const double left = static_cast<double>(t.ends_at - view_.now) / 1000.0 - since;
    return static_cast<int>(std::ceil(std::max(0.0, left)));
}

protocol::control app::control_of(control_action action, const std::string& step) {
    protocol::control m;
    m.action = action;
    m.step = step;
    return m;
}

void app::send_control(const protocol::control& m) {
    send(m, request_kind::control, to_string(m.action));
}

void app::send_timer(const std::string& step, int seconds) {
    auto m = control_of(control_action::start_timer, step);
    m.seconds = seconds;
    m.close = timer_close_;
    send_control(m);
}

void app::send_compare(const std::string& session_id) {
    auto m = control_of(control_action::set_compare, "");
    m.session = session_id; // "": stop comparing
    send_control(m);
}

//------------------------------------------------------------------------------
// Per step

void app::draw_step_room_controls(const step_def& step, const wire::step_status* st) {
    const bool can = joined_ && connected();
    const phase ph = st ? st->ph : phase::pending;
    const bool locked = st && st->locked;
    ImGui::BeginDisabled(!can);

    // Lock: only a closed step can be made final.
    ImGui::BeginDisabled(!locked && ph != phase::closed);
    if (ImGui::Button(tr(lang_, locked ? txt::action_unlock : txt::action_lock)))
        send_control(control_of(locked ? control_action::unlock : control_action::lock, step.id));
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", tr(lang_, txt::lock_tip));

    same_line_if_fits(tr(lang_, txt::bring_here));
    if (ImGui::Button(tr(lang_, txt::bring_here)))
        send_control(control_of(control_action::bring_here, step.id));
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", tr(lang_, txt::bring_here_tip));

    // Results while open: hidden until reveal (the default) or live.
    ImGui::SameLine();
    bool live = st && st->live;
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
    if (ImGui::Checkbox(tr(lang_, txt::results_live), &live)) {
        auto m = control_of(control_action::set_live, step.id);
        m.on = live;
        send_control(m);
    }
    ImGui::PopStyleVar();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", tr(lang_, txt::live_tip));
    // While live: also on the phones (the default), or on the big screen only.
    bool phones = st && st->live && st->live_phones;
    if (live) {
        ImGui::SameLine();
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
        if (ImGui::Checkbox(tr(lang_, txt::results_live_phones), &phones)) {
            auto m = control_of(control_action::set_live, step.id);
            m.on = true;
            m.phones = phones;
            send_control(m);
        }
        ImGui::PopStyleVar();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("%s", tr(lang_, txt::live_phones_tip));
    }
    ImGui::SameLine();
    text_colored(colors::muted, tr(lang_, !live    ? txt::results_until_reveal
                                          : phones ? txt::results_live_note
                                                   : txt::results_live_projector_note));
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr(lang_, txt::live_tip));
    ImGui::EndDisabled();
    draw_page_controls(step, st);

    draw_timer_controls(step, st);
}

void app::draw_page_controls(const step_def& step, const wire::step_status* st) {
    // Only steps whose questions the projector lists (and may page) have pages.
    if (step.items.empty() || !st || view_.current != step.id)
        return;
    const bool can = joined_ && connected();
    const std::uint32_t page = st->page;
    auto turn = [&](std::uint32_t to) {
        auto m = control_of(control_action::set_page, step.id);
        m.page = to;
        send_control(m);
    };
    const std::string label = trf(lang_, txt::page_label, {std::to_string(page + 1)});
    same_line_if_fits((label + "  <  >").c_str());
    ImGui::AlignTextToFramePadding();
    text_colored(colors::muted, label);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr(lang_, txt::page_tip));
    ImGui::BeginDisabled(!can);
    ImGui::SameLine();
    ImGui::BeginDisabled(page == 0);
    if (ImGui::ArrowButton("##page_prev", ImGuiDir_Left))
        turn(page - 1);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::ArrowButton("##page_next", ImGuiDir_Right))
        turn(page + 1);
    ImGui::EndDisabled();
    // PageDown / PageUp turn them too, unless a text field has the keyboard.
    if (can && !ImGui::GetIO().WantTextInput) {
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_PageDown), false))
            turn(page + 1);
        else if (page > 0 && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_PageUp), false))
            turn(page - 1);
    }
}

void app::draw_timer_controls(const step_def& step, const wire::step_status* st) {
    const bool can = joined_ && connected() && st && st->ph == phase::open;
    const bool mine = view_.timer && view_.timer->step == step.id;
    ImGui::AlignTextToFramePadding();
    text_colored(colors::muted, tr(lang_, txt::timer_label));
    ImGui::BeginDisabled(!can);
    for (int minutes : timer_presets) {
        ImGui::SameLine();
        ImGui::PushID(minutes);
        if (ImGui::Button(std::to_string(minutes).c_str()))
            send_timer(step.id, minutes * 60);
        ImGui::PopID();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fonts_.base * 3.2f);
    ImGui::InputInt("##custom", &timer_custom_minutes_, 0, 0);
    timer_custom_minutes_ = std::clamp(timer_custom_minutes_, 1, 60);
    ImGui::SameLine();
    if (ImGui::Button(tr(lang_, txt::timer_start_custom)))
        send_timer(step.id, timer_custom_minutes_ * 60);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
    ImGui::Checkbox(tr(lang_, txt::timer_close_at_end), &timer_close_);
    ImGui::PopStyleVar();
    if (mine) {
        ImGui::SameLine(0, fonts_.base * 1.5f);
        ImGui::PushFont(fonts_.bold);
        text_colored(view_.timer->ended ? colors::red : colors::accent,
                     view_.timer->ended
                         ? std::string(tr(lang_, txt::timer_ended))
                         : trf(lang_, txt::timer_left, {clock_text(timer_remaining())}));
        ImGui::PopFont();
        ImGui::SameLine();
        ImGui::BeginDisabled(!joined_ || !connected());
        if (ImGui::SmallButton(tr(lang_, txt::timer_stop)))
            send_control(control_of(control_action::stop_timer, step.id));
        ImGui::EndDisabled();
    }
}

void app::draw_notes_editor(const step_def& step) {
    const std::string* server_note = view_.note_of(step.id);
    const bool has_note = server_note && !server_note->empty();
    const std::string label = std::string(tr(lang_, txt::notes_heading)) +
                              (has_note ? "  \xE2\x9C\x93" : "") + "###notes"; // ✓
    if (wants_panel("notes"))
        ImGui::SetNextItemOpen(true, ImGuiCond_Once);
    // Closed by default, so the live results stay in view; the header shows whether there is
    // a note.
    if (!ImGui::CollapsingHeader(label.c_str()))
        return;
    if (wants_panel("notes") && panel_scroll_frames_ < 6 && view_.valid) {
        // --open notes: the notes (and the tallies under them) in view from the start (a few
        // frames, while the layout settles).
        ImGui::SetScrollHereY(0.0f);
        ++panel_scroll_frames_;
    }
    note_edit& e = notes_[step.id];
    // Until the facilitator types, the editor follows the server's note.
    const std::string& stored = server_note ? *server_note : empty_;
    if (!e.dirty && e.state != note_state::saving)
        e.text = stored;
    ImGui::PushID("notes");
    const float h = fonts_.base * 5.5f;
    if (ImGui::InputTextMultiline("##note", &e.text, {-1, h})) {
        e.dirty = true;
        e.edited_at = ImGui::GetTime();
        e.state = note_state::editing;
    }
    const bool left = ImGui::IsItemDeactivated();
    const bool idle = e.dirty && ImGui::GetTime() - e.edited_at > note_idle_seconds;
    if (e.dirty && (left || idle) && joined_ && connected()) {
        e.dirty = false;
        e.state = note_state::saving;
        auto m = control_of(control_action::set_note, step.id);
        m.text = e.text;
        e.seq = send(std::move(m), request_kind::note, step.id);
    }
    // The indicator: what the server has.
    ImU32 col = colors::muted;
    std::string state;
    switch (e.state) {
    case note_state::editing:
        state = tr(lang_, txt::note_editing);
        break;
    case note_state::saving:
        state = tr(lang_, txt::saving);
        break;
    case note_state::failed:
        state = tr(lang_, txt::not_saved);
        col = colors::red;
        break;
    case note_state::saved:
        state = stored.empty() ? tr(lang_, txt::note_empty) : tr(lang_, txt::saved);
        col = stored.empty() ? colors::muted : colors::green;
        break;
    }
    text_colored(col, state);
    ImGui::SameLine();
    text_colored(colors::muted, tr(lang_, txt::notes_note));
    ImGui::PopID();
    ImGui::Spacing();
}

//------------------------------------------------------------------------------
// Paper tallies

namespace {

/** The values a tally row counts, with their labels, for one kind. */
struct tally_value {
    std::string value;
    std::string label;
};

} // namespace

bool app::takes_tally(const step_def& step) const {
    return has_paper(step.kind);
}

void app::draw_tallies(const step_def& step) {
    if (!takes_tally(step))
        return;
    const std::string label = std::string(tr(lang_, txt::tallies_heading)) + "###tallies";
    if (wants_panel("tallies"))
        ImGui::SetNextItemOpen(true, ImGuiCond_Once);
    if (!ImGui::CollapsingHeader(label.c_str()))
        return;
    if (wants_panel("tallies") && !wants_panel("notes") && panel_scroll_frames_ < 6 &&
        view_.valid) {
        ImGui::SetScrollHereY(0.0f); // --open tallies: in view from the start
        ++panel_scroll_frames_;
    }
    const wire::step_status* st = view_.step(step.id);
    ImGui::PushFont(fonts_.bold);
    ImGui::TextUnformatted(
        trf(lang_, txt::paper_line, {std::to_string(st ? st->paper : 0)}).c_str());
    ImGui::PopFont();
    text_wrapped_colored(colors::muted, tr(lang_, txt::tallies_note));
    const bool locked = st && st->locked;
    if (locked)
        text_colored(colors::muted, tr(lang_, txt::tallies_locked));

    std::vector<tally_value> values;
    if (step.kind == activity_kind::traffic_light) {
        for (light k : answer_lights)
            values.push_back({traffic_light::to_string(k), light_label(lang_, k)});
    } else if (step.kind == activity_kind::scale) {
        for (int v = step.min; v <= step.max; ++v)
            values.push_back({std::to_string(v), std::to_string(v)});
        values.push_back({traffic_light::to_string(light::pass), light_label(lang_, light::pass)});
    } else {
        for (const option_def& o : step_options(step))
            values.push_back(
                {o.id, ellipsize(fonts_.body, fonts_.base, text_of(o.text), fonts_.base * 7)});
        if (step.kind == activity_kind::choice)
            values.push_back(
                {traffic_light::to_string(light::pass), light_label(lang_, light::pass)});
    }
    if (values.empty()) {
        text_colored(colors::muted, tr(lang_, txt::options_follow));
        return;
    }
    std::vector<std::pair<std::string, std::string>> rows; // item id, text
    if (has_items(step.kind))
        for (const item_def& it : step.items)
            rows.push_back({it.id, text_of(it.text)});
    else
        rows.push_back({"", text_of(step.title)});

    const bool can = joined_ && connected() && !locked;
    const int cols = 2 + static_cast<int>(values.size());
    ImGui::PushID("tallies");
    if (ImGui::BeginTable("tally", cols,
                          ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("##text", ImGuiTableColumnFlags_WidthFixed, fonts_.base * 12);
        for (const tally_value& v : values)
            ImGui::TableSetupColumn(
                v.label.c_str(), ImGuiTableColumnFlags_WidthFixed,
                std::max(fonts_.base * 3.4f, ImGui::CalcTextSize(v.label.c_str()).x));
        ImGui::TableSetupColumn("##save", ImGuiTableColumnFlags_WidthFixed,
                                ImGui::CalcTextSize(tr(lang_, txt::save_button)).x +
                                    ImGui::GetStyle().FramePadding.x * 2);
        ImGui::TableHeadersRow();
        for (const auto& [item, text] : rows) {
            ImGui::PushID(item.c_str());
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(
                ellipsize(fonts_.body, fonts_.base, text, fonts_.base * 12).c_str());
            std::map<std::string, int>& counts = tallies_[step.id + "/" + item];
            for (std::size_t i = 0; i < values.size(); ++i) {
                ImGui::TableSetColumnIndex(static_cast<int>(i) + 1);
                ImGui::PushID(static_cast<int>(i));
                int& n = counts[values[i].value];
                ImGui::SetNextItemWidth(-1);
                ImGui::BeginDisabled(!can);
                ImGui::InputInt("##n", &n, 0, 0);
                ImGui::EndDisabled();
                n = std::clamp(n, 0, 10000);
                ImGui::PopID();
            }
            ImGui::TableSetColumnIndex(cols - 1);
            ImGui::BeginDisabled(!can);
            if (ImGui::SmallButton(tr(lang_, txt::save_button))) {
                auto m = control_of(control_action::set_tally, step.id);
                m.item = item;
                for (const auto& [value, n] : counts)
                    m.counts[value] = n;
                send_control(m);
            }
            ImGui::EndDisabled();
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::PopID();
    ImGui::Spacing();
}

//------------------------------------------------------------------------------
// The session

void app::draw_session_controls() {
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted(tr(lang_, txt::session_heading));
    ImGui::PopFont();
    const bool can = joined_ && connected();
    ImGui::BeginDisabled(!can);
    if (view_.paused) {
        if (primary_button(tr(lang_, txt::action_resume)))
            send_control(control_of(control_action::resume, ""));
        ImGui::SameLine();
        text_colored(colors::orange, tr(lang_, txt::paused_badge));
    } else if (ImGui::Button(tr(lang_, txt::action_pause))) {
        send_control(control_of(control_action::pause, ""));
    }
    // The end: not the lead until the last step is done (the step's controls lead there).
    ImGui::SameLine();
    if (view_.ended) {
        text_colored(colors::green, tr(lang_, txt::session_ended_badge));
    } else {
        if (ImGui::Button(tr(lang_, txt::end_session)))
            ImGui::OpenPopup("end_session_confirm");
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("%s", tr(lang_, txt::end_session_tip));
        if (ImGui::BeginPopup("end_session_confirm")) {
            ImGui::PushTextWrapPos(fonts_.base * 22);
            ImGui::TextUnformatted(tr(lang_, txt::end_session_tip));
            ImGui::PopTextWrapPos();
            if (ImGui::Button(tr(lang_, txt::end_session))) {
                send_control(control_of(control_action::end_session, ""));
                ImGui::CloseCurrentPopup();
            }
            ImGui::EndPopup();
        }
    }
    // The devices in the room come first: who is here, and removing one.
    draw_devices();
    bool follow = view_.follow;
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
    if (ImGui::Checkbox(tr(lang_, txt::follow_label), &follow)) {
        auto m = control_of(control_action::set_follow, "");
        m.on = follow;
        send_control(m);
    }
    ImGui::PopStyleVar();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr(lang_, txt::follow_tip));
    ImGui::BeginDisabled(!connected());
    if (ImGui::Button(tr(lang_, txt::library_heading)))
        open_library();
    ImGui::EndDisabled();

    // k: results are shown only from this many answers on (paper included).
    if (!min_answers_editing_)
        min_answers_input_ = static_cast<int>(view_.min_answers);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(lang_, txt::min_answers_label));
    ImGui::SameLine();
    // Typed: sent when the field is left; the - and + buttons send at once.
    ImGui::SetNextItemWidth(fonts_.base * 3);
    ImGui::InputInt("##k", &min_answers_input_, 0, 0);
    min_answers_editing_ = ImGui::IsItemActive();
    min_answers_input_ = std::clamp(min_answers_input_, 1, 50);
    bool send_k = ImGui::IsItemDeactivatedAfterEdit();
    for (int step : {-1, 1}) {
        ImGui::SameLine();
        ImGui::PushID(step);
        if (ImGui::Button(step < 0 ? "\xE2\x88\x92" : "+")) { // − +
            min_answers_input_ = std::clamp(min_answers_input_ + step, 1, 50);
            send_k = true;
        }
        ImGui::PopID();
    }
    if (send_k && min_answers_input_ != static_cast<int>(view_.min_answers)) {
        auto m = control_of(control_action::set_min_answers, "");
        m.min = min_answers_input_;
        send_control(m);
    }
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr(lang_, txt::min_answers_tip));

    if (view_.compare) {
        text_wrapped_colored(colors::accent,
                             trf(lang_, txt::comparing_with, {view_.compare->title}));
        ImGui::BeginDisabled(!can);
        if (ImGui::SmallButton(tr(lang_, txt::compare_stop)))
            send_compare("");
        ImGui::EndDisabled();
    }
}

void app::draw_devices() {
    const std::string label =
        trf(lang_, txt::devices_heading, {std::to_string(devices_.size())}) + "###devices";
    if (wants_panel("devices"))
        ImGui::SetNextItemOpen(true, ImGuiCond_Once);
    if (!ImGui::CollapsingHeader(label.c_str()))
        return;
    if (devices_.empty())
        text_colored(colors::muted, tr(lang_, txt::no_devices));
    const float line = ImGui::GetTextLineHeight();
    for (const wire::device& d : devices_) {
        ImGui::PushID(static_cast<int>(d.participant));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddCircleFilled(
            {p.x + line * 0.3f, p.y + ImGui::GetFrameHeight() / 2}, line * 0.22f,
            d.online ? colors::green : colors::track);
        ImGui::Dummy({line * 0.6f, ImGui::GetFrameHeight()});
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        std::string who = "#" + std::to_string(d.participant);
        if (!d.name.empty())
            who += "  " + d.name;
        who += "  ·  ";
        who += tr(lang_, d.online ? txt::device_online : txt::device_offline);
        ImGui::TextUnformatted(who.c_str());
        ImGui::SameLine();
        ImGui::BeginDisabled(!joined_ || !connected());
        if (ImGui::SmallButton(tr(lang_, txt::remove_device))) {
            remove_target_ = d.participant;
            remove_discard_ = false;
            ImGui::OpenPopup("##remove");
        }
        ImGui::EndDisabled();
        draw_remove_dialog();
        ImGui::PopID();
    }
}

void app::draw_remove_dialog() {
    ImGui::SetNextWindowSize({fonts_.base * 26, 0});
    if (!ImGui::BeginPopupModal("##remove", nullptr, ImGuiWindowFlags_NoTitleBar))
        return;
    ImGui::PushFont(fonts_.heading);
    text_wrapped(trf(lang_, txt::remove_title, {"#" + std::to_string(remove_target_)}));
    ImGui::PopFont();
    text_wrapped(tr(lang_, txt::remove_explain));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
    ImGui::Checkbox(tr(lang_, txt::remove_discard), &remove_discard_);
    ImGui::PopStyleVar();
    text_wrapped_colored(colors::muted, tr(lang_, remove_discard_ ? txt::remove_discard_note
                                                                  : txt::remove_keep_note));
    ImGui::Spacing();
    if (primary_button(tr(lang_, txt::remove_device))) {
        auto m = control_of(control_action::remove_participant, "");
        m.participant = remove_target_;
        m.discard = remove_discard_;
        send_control(m);
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr(lang_, txt::cancel)))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

bool app::wants_panel(std::string_view name) const {
    return opt_.open_panels.find(name) != std::string::npos;
}

} // namespace kring::client
