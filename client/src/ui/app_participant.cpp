// The participant screen: rate each statement of the open step (green / orange / red /
// pass, with an optional comment), see "saved ✓" once the server acknowledged it, and see
// the results once the facilitator reveals them.
#include "ui/app.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace kring::client {

using nlohmann::json;

std::string
app::answer_key(const std::string& step, const std::string& item)
{
    return step + '\n' + item;
}

void
app::send_answer(const std::string& step, const std::string& item, const std::string& value,
                 const std::string& comment)
{
    const std::string key = answer_key(step, item);
    my_answer& a = mine_[key];
    a.value = value;
    a.comment = comment;
    a.state = my_answer::status::pending;
    // While disconnected seq stays 0; resend_pending() sends it after the next join.
    a.seq = joined_ ? send(json{{"type", "answer"}, {"step", step}, {"item", item}, {"value", value}, {"comment", comment}},
                           request_kind::answer, key)
                    : 0;
}

void
app::resend_pending()
{
    if (!joined_) return;
    for (auto& [key, a] : mine_) {
        if (a.state == my_answer::status::saved || a.value.empty()) continue;
        const auto nl = key.find('\n');
        const std::string step = key.substr(0, nl), item = key.substr(nl + 1);
        a.state = my_answer::status::pending;
        a.seq = send(json{{"type", "answer"}, {"step", step}, {"item", item}, {"value", a.value}, {"comment", a.comment}},
                     request_kind::answer, key);
    }
}

//------------------------------------------------------------------------------

void
app::draw_participant()
{
    if (!begin_screen("##participant", false, true)) {
        ImGui::End();
        return;
    }
    // One readable column, centred on wide windows; it scrolls on its own.
    const float avail = ImGui::GetContentRegionAvail().x;
    const float col_w = std::min(avail, fonts_.base * 38);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (avail - col_w) / 2));
    ImGui::BeginChild("column", {col_w, 0}, false);
    column_w_ = ImGui::GetContentRegionAvail().x;
    column_x_ = ImGui::GetCursorScreenPos().x;

    // Header: the session, the code, the connection, the language.
    ImGui::PushFont(fonts_.heading);
    text_wrapped(agenda_.valid ? text_of(agenda_.title) : std::string("Kring"));
    ImGui::PopFont();
    if (!code_.empty()) {
        text_colored(colors::muted, std::string(tr(lang_, txt::code_label)) + " " + display_code());
        ImGui::SameLine(0, fonts_.base);
    }
    if (ImGui::SmallButton(tr(lang_, txt::language_switch))) lang_ = lang_ == lang::nl ? lang::en : lang::nl;
    ImGui::SameLine(0, fonts_.base);
    draw_status_dot(fonts_.base * 0.3f);
    ImGui::Separator();
    draw_banners();

    const step_status* cur = view_.valid ? view_.step(view_.current) : nullptr;
    const step_info* step = cur ? agenda_.step(cur->id) : nullptr;
    if (code_.empty()) {
        draw_code_entry();
    } else if (join_failed_) {
        // Refused (unknown code, session full, …): say why and let them try another code.
        ImGui::Spacing();
        text_wrapped(join_error_);
        ImGui::Spacing();
        draw_code_entry();
    } else if (!view_.valid || !agenda_.valid) {
        ImGui::TextUnformatted(trf(lang_, txt::joining, {display_code()}).c_str());
    } else if (!step) {
        ImGui::Spacing();
        ImGui::PushFont(fonts_.heading);
        text_wrapped_colored(colors::muted, tr(lang_, txt::wait_for_step));
        ImGui::PopFont();
    } else {
        const bool open = cur->phase == "open";
        ImGui::PushFont(fonts_.heading);
        text_wrapped(text_of(step->title));
        ImGui::PopFont();
        if (!text_of(step->prompt).empty()) text_wrapped_colored(colors::muted, text_of(step->prompt));

        int answered = 0;
        for (const item_info& it : step->items)
            if (auto a = mine_.find(answer_key(step->id, it.id)); a != mine_.end() && !a->second.value.empty()) ++answered;
        const std::string progress = trf(lang_, txt::my_progress,
                                         {std::to_string(answered), std::to_string(step->items.size())});
        ImGui::TextUnformatted(progress.c_str());
        text_wrapped_colored(colors::muted, tr(lang_, open ? txt::anonymous_note : txt::step_closed_note));
        ImGui::Spacing();

        const step_result* res = cur->revealed ? view_.result(step->id) : nullptr;
        if (step->kind != "traffic_light") {
            // Other activity kinds are answered on the web page for now.
            text_wrapped(trf(lang_, txt::kind_unsupported, {join_url()}));
        } else if (res) {
            draw_participant_results(*step, *res);
        }
        if (step->kind == "traffic_light" && (open || !res)) {
            ImGui::BeginGroup();
            for (const item_info& it : step->items) draw_statement(*step, it, open);
            ImGui::EndGroup();
        }
    }
    ImGui::EndChild();
    ImGui::End();
}

void
app::draw_statement(const step_info& step, const item_info& item, bool open)
{
    ImGui::PushID(item.id.c_str());
    const std::string key = answer_key(step.id, item.id);
    const auto found = mine_.find(key);
    const my_answer* a = found != mine_.end() ? &found->second : nullptr;

    ImGui::Separator();
    ImGui::Spacing();
    ImGui::PushFont(fonts_.bold);
    text_wrapped(text_of(item.text));
    ImGui::PopFont();

    // Four big buttons: colour + icon + word.
    const float col_w = column_w_;
    const float wrap = ImGui::GetStyle().ItemSpacing.x;
    const float bw = std::max(fonts_.base * 3, (col_w - 3 * wrap) / 4);
    const ImVec2 size{bw, fonts_.base * 2.2f};
    bool first = true;
    std::string& edit = comment_edit_.try_emplace(key, a ? a->comment : std::string{}).first->second;
    for (light_kind k : {light_kind::green, light_kind::orange, light_kind::red, light_kind::pass}) {
        if (!first) ImGui::SameLine();
        first = false;
        const bool selected = a && a->value == light_value(k);
        if (light_button(light_value(k), k, lang_, selected, size, open))
            send_answer(step.id, item.id, light_value(k), edit);
    }

    // Saved state, and the optional comment.
    if (a && !a->value.empty()) {
        switch (a->state) {
        case my_answer::status::saved: text_colored(colors::green, tr(lang_, txt::saved)); break;
        case my_answer::status::pending: text_colored(colors::muted, tr(lang_, txt::saving)); break;
        case my_answer::status::failed: text_colored(colors::red, tr(lang_, txt::not_saved)); break;
        }
        if (open) ImGui::SameLine(0, fonts_.base);
    }
    if (open) {
        const char* save = tr(lang_, txt::comment_save);
        const float save_w = ImGui::CalcTextSize(save).x + ImGui::GetStyle().FramePadding.x * 2;
        const float used = ImGui::GetCursorScreenPos().x - column_x_;
        ImGui::SetNextItemWidth(std::max(fonts_.base * 6, col_w - used - save_w - wrap));
        ImGui::InputTextWithHint("##comment", tr(lang_, txt::comment_hint), &edit);
        ImGui::SameLine();
        // A comment goes with an answer: it can be saved once a colour (or pass) is chosen.
        const bool can_save = a && !a->value.empty() && edit != a->comment;
        ImGui::BeginDisabled(!can_save);
        if (ImGui::Button(save) && can_save) send_answer(step.id, item.id, a->value, edit);
        ImGui::EndDisabled();
    } else if (a && !a->comment.empty()) {
        text_wrapped_colored(colors::muted, "“" + a->comment + "”");
    }
    ImGui::Spacing();
    ImGui::PopID();
}

void
app::draw_participant_results(const step_info& step, const step_result& res)
{
    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted(tr(lang_, txt::results_heading));
    ImGui::PopFont();
    for (const item_result& r : res.items) {
        ImGui::PushID(r.item.c_str());
        ImGui::Separator();
        text_wrapped(item_text(step.id, r.item));
        stacked_bar_item(fonts_.bold, fonts_.base * 1.8f, {r.green, r.orange, r.red, r.pass}, lang_);
        if (auto a = mine_.find(answer_key(step.id, r.item)); a != mine_.end()) {
            light_kind k;
            if (light_from_value(a->second.value, k)) {
                const std::string mine = std::string(tr(lang_, txt::your_answer)) + ": " + light_word(lang_, k, false);
                text_colored(colors::muted, mine);
            }
        }
        ImGui::PopID();
    }
    ImGui::Spacing();
}

} // namespace kring::client
