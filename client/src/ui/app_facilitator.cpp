// The facilitator console: choose a template, then run the session step by step with live
// results that only the facilitator sees until they are revealed.
#include "ui/app.hpp"

#include "kring/protocol.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <spawn.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

extern char** environ;

namespace kring::client {

using nlohmann::json;

namespace {

const char*
phase_text(lang l, const std::string& phase)
{
    if (phase == "open") return tr(l, txt::phase_open);
    if (phase == "closed") return tr(l, txt::phase_closed);
    return tr(l, txt::phase_pending);
}

ImU32
phase_color(const std::string& phase)
{
    if (phase == "open") return colors::green;
    if (phase == "closed") return colors::accent;
    return colors::muted;
}

} // namespace

//------------------------------------------------------------------------------

void
app::draw_facilitator()
{
    if (!begin_screen("##facilitator", false, true)) {
        ImGui::End();
        return;
    }
    if (code_.empty()) {
        draw_template_list();
        ImGui::End();
        return;
    }
    draw_facilitator_header();
    draw_banners();
    if (!agenda_.valid) {
        ImGui::Spacing();
        ImGui::TextUnformatted(trf(lang_, txt::rejoining_session, {display_code()}).c_str());
        ImGui::End();
        return;
    }
    if (agenda_.steps.empty()) {
        ImGui::TextUnformatted(tr(lang_, txt::no_steps));
        ImGui::End();
        return;
    }

    // Follow the current step when it changes; the facilitator may look at another meanwhile.
    if (view_.current != followed_current_) {
        followed_current_ = view_.current;
        if (!view_.current.empty()) selected_step_ = view_.current;
    }
    const step_info* sel = agenda_.step(selected_step_);
    if (!sel) {
        sel = &agenda_.steps.front();
        selected_step_ = sel->id;
    }

    const float list_w = std::max(ImGui::GetContentRegionAvail().x * 0.30f, fonts_.base * 14);
    ImGui::BeginChild("steps", {list_w, 0}, true);
    draw_step_list();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("detail", {0, 0}, true);
    draw_step_detail(*sel);
    ImGui::EndChild();
    ImGui::End();
}

void
app::draw_template_list()
{
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
        for (const template_info& t : templates_) {
            ImGui::PushID(t.id.c_str());
            ImGui::Separator();
            ImGui::Spacing();
            ImGui::PushFont(fonts_.bold);
            text_wrapped(text_of(t.title));
            ImGui::PopFont();
            text_wrapped_colored(colors::muted, text_of(t.description));
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(t.steps == 1 ? tr(lang_, txt::template_steps_one)
                                                : trf(lang_, txt::template_steps_many, {std::to_string(t.steps)}).c_str());
            ImGui::SameLine();
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + fonts_.base);
            ImGui::BeginDisabled(!connected());
            if (primary_button(tr(lang_, txt::start_session))) start_session(t.id);
            ImGui::EndDisabled();
            ImGui::Spacing();
            ImGui::PopID();
        }
    }
    ImGui::Spacing();
    if (ImGui::SmallButton(tr(lang_, txt::language_switch))) lang_ = lang_ == lang::nl ? lang::en : lang::nl;
    ImGui::EndChild();
}

void
app::draw_facilitator_header()
{
    // Row 1: title left, connection status right.
    ImGui::PushFont(fonts_.heading);
    const std::string& title = agenda_.valid ? text_of(agenda_.title) : code_;
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
        std::string people = view_.joined == 1 ? std::string(tr(lang_, txt::participants_one))
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
    const ImGuiStyle& st = ImGui::GetStyle();
    auto bw = [&](const char* s) { return ImGui::CalcTextSize(s).x + st.FramePadding.x * 2; };
    const float buttons = bw(l_projector) + bw(l_new) + bw(l_lang) + st.ItemSpacing.x * 2;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - buttons));
    ImGui::BeginGroup();
    draw_status_dot(fonts_.base * 0.3f);
    ImGui::BeginDisabled(!agenda_.valid);
    if (primary_button(l_projector)) open_projector();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(l_new)) new_session();
    ImGui::SameLine();
    if (ImGui::Button(l_lang)) lang_ = lang_ == lang::nl ? lang::en : lang::nl;
    ImGui::EndGroup();
    ImGui::Separator();
}

void
app::draw_step_list()
{
    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted(tr(lang_, txt::steps_heading));
    ImGui::PopFont();
    const float line = ImGui::GetTextLineHeight();
    const float pad = fonts_.base * 0.4f;
    const float text_x = pad * 1.5f;
    for (const step_info& s : agenda_.steps) {
        ImGui::PushID(s.id.c_str());
        const step_status* st = view_.step(s.id);
        const std::string phase = st ? st->phase : "pending";
        const bool current = view_.current == s.id;
        const std::string& title = text_of(s.title);
        const float wrap_w = ImGui::GetContentRegionAvail().x - text_x - pad;
        const float title_h = std::min(wrapped_height(fonts_.bold, fonts_.base, title, wrap_w), line * 2);
        if (ImGui::Selectable("##row", selected_step_ == s.id, 0, {0, title_h + line + pad * 1.6f}))
            selected_step_ = s.id;
        const ImVec2 p0 = ImGui::GetItemRectMin(), p1 = ImGui::GetItemRectMax();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->PushClipRect(p0, {p1.x, p0.y + pad * 0.6f + title_h}, true);
        dl->AddText(fonts_.bold, fonts_.base, {p0.x + text_x, p0.y + pad * 0.6f}, colors::ink,
                    title.c_str(), nullptr, wrap_w);
        dl->PopClipRect();
        dl->PushClipRect(p0, p1, true);
        if (current) dl->AddRectFilled(p0, {p0.x + 5, p1.y}, colors::accent);
        std::string status = phase_text(lang_, phase);
        if (st) {
            status += "  ·  " + trf(lang_, txt::answered_of, {std::to_string(st->answered), std::to_string(view_.joined)});
            if (st->revealed) status += "  ·  " + std::string(tr(lang_, txt::results_shown));
        }
        const ImVec2 sp{p0.x + text_x, p0.y + pad * 0.6f + title_h};
        dl->AddCircleFilled({sp.x + line * 0.25f, sp.y + line / 2}, line * 0.22f, phase_color(phase));
        dl->AddText(fonts_.body, fonts_.base, {sp.x + line * 0.7f, sp.y}, colors::muted, status.c_str());
        dl->PopClipRect();
        ImGui::PopID();
    }
}

void
app::draw_step_detail(const step_info& step)
{
    const step_status* st = view_.step(step.id);
    const std::string phase = st ? st->phase : "pending";
    const bool revealed = st && st->revealed;
    const bool current = view_.current == step.id;

    ImGui::PushFont(fonts_.heading);
    text_wrapped(text_of(step.title));
    ImGui::PopFont();
    if (!text_of(step.prompt).empty()) text_wrapped_colored(colors::muted, text_of(step.prompt));

    // Phase, visibility and whether this is the step on everyone's screen.
    std::string line = phase_text(lang_, phase);
    line += "  ·  ";
    line += tr(lang_, revealed ? txt::results_shown : txt::results_hidden);
    if (current) line += "  ·  " + std::string(tr(lang_, txt::current_badge));
    text_colored(phase_color(phase), line);

    // Controls: only the ones valid in this phase are enabled (the server checks again).
    ImGui::Spacing();
    const bool can = joined_ && connected();
    struct control_button {
        const char* action;
        txt label;
        bool valid;
    };
    const control_button buttons[] = {
        {"open", txt::action_open, phase != "open"},
        {"close", txt::action_close, phase == "open"},
        {"reveal", txt::action_reveal, !revealed},
        {"hide", txt::action_hide, revealed},
        {"goto", txt::action_goto, !current},
    };
    bool first = true;
    for (const auto& b : buttons) {
        if (!first) ImGui::SameLine();
        first = false;
        ImGui::BeginDisabled(!can || !b.valid);
        const bool main_action = (b.valid && (std::string_view(b.action) == "open" || std::string_view(b.action) == "reveal"));
        const bool pressed = main_action ? primary_button(tr(lang_, b.label)) : ImGui::Button(tr(lang_, b.label));
        if (pressed) send_control(b.action, step.id);
        ImGui::EndDisabled();
    }

    // Progress: who answered, of everyone who joined.
    ImGui::Spacing();
    const int answered = st ? st->answered : 0;
    std::string progress = trf(lang_, txt::answered_of, {std::to_string(answered), std::to_string(view_.joined)});
    if (st) progress += "  ·  " + trf(lang_, txt::complete_of, {std::to_string(st->complete)});
    const float frac = view_.joined > 0 ? static_cast<float>(answered) / static_cast<float>(view_.joined) : 0.0f;
    ImGui::ProgressBar(frac, {-1, fonts_.base * 0.5f}, "");
    ImGui::TextUnformatted(progress.c_str());
    ImGui::Separator();

    draw_live_results(step);
}

void
app::draw_live_results(const step_info& step)
{
    const step_status* st = view_.step(step.id);
    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted(tr(lang_, txt::live_results));
    ImGui::PopFont();
    text_wrapped_colored(colors::muted, tr(lang_, st && st->revealed ? txt::live_results_note_shown
                                                                     : txt::live_results_note_hidden));
    ImGui::Spacing();

    ImGui::BeginChild("results", {0, 0}, false);
    if (step.kind != "traffic_light") {
        text_wrapped_colored(colors::muted, trf(lang_, txt::kind_unsupported, {join_url()}));
        ImGui::EndChild();
        return;
    }
    const step_result* res = view_.result(step.id);
    if (!res || res->items.empty()) {
        text_colored(colors::muted, tr(lang_, txt::no_answers_yet));
        ImGui::EndChild();
        return;
    }
    const float text_w = ImGui::GetContentRegionAvail().x * 0.44f;
    if (ImGui::BeginTable("items", 2, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX)) {
        ImGui::TableSetupColumn("text", ImGuiTableColumnFlags_WidthFixed, text_w);
        ImGui::TableSetupColumn("bar", ImGuiTableColumnFlags_WidthStretch);
        for (const item_result& r : res->items) {
            ImGui::PushID(r.item.c_str());
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            const std::string label = std::to_string(r.index + 1) + ". " + item_text(step.id, r.item);
            text_wrapped(label);
            // The comments on this statement, anonymous, under its text.
            for (const view_comment& c : view_.comments)
                if (c.step == step.id && c.item == r.item) {
                    ImGui::Indent(fonts_.base);
                    text_wrapped_colored(colors::muted, "“" + c.text + "”");
                    ImGui::Unindent(fonts_.base);
                }
            ImGui::TableSetColumnIndex(1);
            stacked_bar_item(fonts_.bold, fonts_.base * 1.7f, {r.green, r.orange, r.red, r.pass}, lang_);
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
}

//------------------------------------------------------------------------------

void
app::start_session(std::string template_id)
{
    if (!connected()) {
        create_template_ = template_id; // sent on connect
        return;
    }
    create_template_.clear();
    creating_ = true;
    send(json{{"type", "create_session"}, {"protocol_version", kring::protocol::protocol_version}, {"template", template_id}},
         request_kind::create);
}

void
app::new_session()
{
    // This connection is bound to the old session: start over on a fresh one.
    config_.clear_last(opt_.server());
    config_.save();
    code_.clear();
    secret_.clear();
    agenda_ = {};
    view_ = {};
    selected_step_.clear();
    followed_current_.clear();
    templates_received_ = false;
    conn_->reconnect();
}

void
app::send_control(const std::string& action, const std::string& step)
{
    send(json{{"type", "control"}, {"action", action}, {"step", step}}, request_kind::control, action);
}

void
app::open_projector()
{
    // A second kring process in projector mode, for the second screen.
    std::vector<std::string> args = {"kring", "--mode", "projector", "--server", opt_.server(),
                                     "--code", code_, "--lang", lang_ == lang::en ? "en" : "nl"};
    if (!opt_.join_url.empty()) {
        args.push_back("--join-url");
        args.push_back(opt_.join_url);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
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
