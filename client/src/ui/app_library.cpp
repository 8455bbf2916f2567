// The sessions library (docs/protocol.md section 6): the sessions stored on this server,
// newest first, to reopen, delete (for good), compare with the running session, and the
// export of the running session (HTML, Markdown, JSON, CSV per step) into a folder.
#include "ui/app.hpp"

#include "kring/protocol.hpp"
#include "record/export_file.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <sstream>

namespace kring::client {

using nlohmann::json;

namespace {

/** "2026-11-29 14:05" in local time, for seconds since the epoch (the library's times). */
std::string date_text(std::int64_t seconds) {
    if (seconds <= 0)
        return "—";
    std::tm local{};
    const auto when = static_cast<std::time_t>(seconds);
    std::ostringstream out;
    out << std::put_time(localtime_r(&when, &local), "%Y-%m-%d %H:%M");
    return out.str();
}

constexpr const char* export_formats[] = {"html", "md", "json", "csv"};

} // namespace

void app::open_library() {
    show_library_ = true;
    request_sessions();
}

void app::request_sessions() {
    library_error_.clear();
    send(protocol::list_sessions{}, request_kind::library, "list_sessions");
}

void app::draw_library() {
    if (!show_library_)
        return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(
        {vp->WorkPos.x + vp->WorkSize.x * 0.06f, vp->WorkPos.y + vp->WorkSize.y * 0.06f},
        ImGuiCond_Appearing);
    ImGui::SetNextWindowSize({vp->WorkSize.x * 0.88f, vp->WorkSize.y * 0.88f}, ImGuiCond_Appearing);
    const std::string title = std::string(tr(lang_, txt::library_heading)) + "###library";
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(colors::paper));
    const bool open = ImGui::Begin(title.c_str(), &show_library_,
                                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleColor();
    if (!open) {
        ImGui::End();
        return;
    }
    ImGui::BeginDisabled(!connected());
    if (ImGui::Button(tr(lang_, txt::library_refresh)))
        request_sessions();
    ImGui::EndDisabled();
    ImGui::SameLine();
    text_colored(colors::muted, tr(lang_, txt::library_note));
    if (agenda_.valid && joined_)
        draw_export_panel();
    ImGui::Separator();
    draw_session_table();
    draw_delete_dialog();
    ImGui::End();
}

void app::draw_export_panel() {
    ImGui::Spacing();
    ImGui::PushFont(fonts_.bold);
    ImGui::TextUnformatted(trf(lang_, txt::export_heading, {text_of(agenda_.def.title)}).c_str());
    ImGui::PopFont();
    const char* labels[] = {"HTML", "Markdown", "JSON", tr(lang_, txt::export_csv)};
    for (int i = 0; i < 4; ++i) {
        if (i)
            ImGui::SameLine();
        ImGui::RadioButton(labels[i], &export_format_, i);
    }
    if (export_dir_input_.empty())
        export_dir_input_ =
            config_.export_dir().empty() ? default_export_dir() : config_.export_dir();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(lang_, txt::export_folder));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize(tr(lang_, txt::export_button)).x -
                            ImGui::GetStyle().FramePadding.x * 2 - ImGui::GetStyle().ItemSpacing.x);
    if (ImGui::InputText("##dir", &export_dir_input_) || ImGui::IsItemDeactivatedAfterEdit()) {
        config_.set_export_dir(export_dir_input_);
        config_.save();
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(!connected());
    if (primary_button(tr(lang_, txt::export_button)))
        request_export(export_formats[export_format_]);
    ImGui::EndDisabled();
    if (view_.compare)
        text_colored(colors::muted, trf(lang_, txt::export_with_compare, {view_.compare->title}));
    if (!export_message_.empty())
        text_wrapped_colored(export_failed_ ? colors::red : colors::green, export_message_);
}

void app::request_export(const std::string& format) {
    export_message_.clear();
    export_failed_ = false;
    export_saved_.clear();
    auto one = [&](const std::string& step) {
        protocol::export_request m;
        m.format = format;
        m.step = step;
        if (view_.compare)
            m.compare_id = view_.compare->session;
        send(std::move(m), request_kind::export_, format);
    };
    if (format != "csv") {
        one({});
        return;
    }
    for (const step_def& s : agenda_.def.steps) // CSV: one file per step
        one(s.id);
}

void app::on_export(const wire::export_reply& m) {
    const std::string dir = export_dir_input_.empty() ? config_.export_dir() : export_dir_input_;
    std::string error;
    const std::string path = write_export(dir, m.filename, m.content, error);
    if (path.empty()) {
        std::fprintf(stderr, "kring: export: %s\n", error.c_str());
        export_failed_ = true;
        export_message_ =
            trf(lang_, txt::export_failed, {dir.empty() ? default_export_dir() : dir});
        return;
    }
    export_saved_.push_back(path);
    export_message_ = export_saved_.size() == 1
                          ? trf(lang_, txt::export_saved, {path})
                          : trf(lang_, txt::export_saved_many,
                                {std::to_string(export_saved_.size()),
                                 std::filesystem::path(path).parent_path().string()});
}

void app::draw_session_table() {
    if (!library_error_.empty()) {
        text_wrapped_colored(colors::red, library_error_);
        return;
    }
    if (!sessions_received_) {
        text_colored(colors::muted, tr(lang_, txt::library_loading));
        return;
    }
    if (sessions_.empty()) {
        text_colored(colors::muted, tr(lang_, txt::library_empty));
        return;
    }
    const bool can = connected();
    if (!ImGui::BeginTable("sessions", 5,
                           ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg |
                               ImGuiTableFlags_ScrollY | ImGuiTableFlags_PadOuterX))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr(lang_, txt::library_date), ImGuiTableColumnFlags_WidthFixed,
                            fonts_.base * 8.5f);
    ImGui::TableSetupColumn(tr(lang_, txt::library_title), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(tr(lang_, txt::library_people), ImGuiTableColumnFlags_WidthFixed,
                            fonts_.base * 6);
    ImGui::TableSetupColumn(tr(lang_, txt::library_answers), ImGuiTableColumnFlags_WidthFixed,
                            fonts_.base * 6);
    const ImGuiStyle& style = ImGui::GetStyle();
    float actions_w = style.ItemSpacing.x * 2;
    for (txt t : {txt::library_reopen, txt::library_compare, txt::library_delete})
        actions_w += ImGui::CalcTextSize(tr(lang_, t)).x + style.FramePadding.x * 2;
    ImGui::TableSetupColumn("##actions", ImGuiTableColumnFlags_WidthFixed, actions_w);
    ImGui::TableHeadersRow();
    bool ask_delete = false;
    for (const wire::stored_session& s : sessions_) {
        ImGui::PushID(s.id.c_str());
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(date_text(s.created_at).c_str());
        ImGui::TableSetColumnIndex(1);
        const bool here = agenda_.valid && s.id == agenda_.id;
        text_wrapped(
            text_of(s.title) +
            (here ? "  (" + std::string(tr(lang_, txt::library_here)) + ")" : std::string{}));
        text_colored(colors::muted, s.code);
        ImGui::TableSetColumnIndex(2);
        ImGui::TextUnformatted(std::to_string(s.participants).c_str());
        ImGui::TableSetColumnIndex(3);
        ImGui::TextUnformatted(std::to_string(s.answers).c_str());
        ImGui::TableSetColumnIndex(4);
        ImGui::BeginDisabled(!can || here);
        if (ImGui::SmallButton(tr(lang_, txt::library_reopen)))
            reopen(s);
        ImGui::EndDisabled();
        ImGui::SameLine();
        // Only a session of the same template compares, statement by statement.
        const bool comparable =
            joined_ && agenda_.valid && !here && s.template_id == agenda_.def.template_id;
        ImGui::BeginDisabled(!can || !comparable);
        if (ImGui::SmallButton(tr(lang_, txt::library_compare)))
            send_compare(s.id);
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled) && !comparable)
            ImGui::SetTooltip("%s", tr(lang_, txt::library_compare_tip));
        ImGui::SameLine();
        ImGui::BeginDisabled(!can);
        if (ImGui::SmallButton(tr(lang_, txt::library_delete))) {
            delete_candidate_ = s.id;
            delete_title_ = text_of(s.title) + " (" + date_text(s.created_at) + ")";
            ask_delete = true;
        }
        ImGui::EndDisabled();
        ImGui::PopID();
    }
    ImGui::EndTable();
    // Opened here, in the window's own ID scope, where draw_delete_dialog looks for it.
    if (ask_delete)
        ImGui::OpenPopup("##delete");
}

void app::draw_delete_dialog() {
    ImGui::SetNextWindowSize({fonts_.base * 28, 0});
    if (!ImGui::BeginPopupModal("##delete", nullptr, ImGuiWindowFlags_NoTitleBar))
        return;
    ImGui::PushFont(fonts_.heading);
    text_wrapped(trf(lang_, txt::delete_title, {delete_title_}));
    ImGui::PopFont();
    text_wrapped(tr(lang_, txt::delete_permanent));
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(colors::red));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    if (ImGui::Button(tr(lang_, txt::delete_confirm))) {
        send(protocol::delete_session{{}, delete_candidate_, {}}, request_kind::library,
             "delete_session");
        if (agenda_.valid && delete_candidate_ == agenda_.id)
            new_session(); // the server closes this session's connections
        std::erase_if(sessions_,
                      [&](const wire::stored_session& s) { return s.id == delete_candidate_; });
        ImGui::CloseCurrentPopup();
    }
    ImGui::PopStyleColor(2);
    ImGui::SameLine();
    if (ImGui::Button(tr(lang_, txt::cancel)))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void app::reopen(const wire::stored_session& s) {
    // With a remembered key the console joins as before; otherwise, as the server's admin,
    // it asks for the session by id (open_session) on a fresh connection.
    config_.clear_last(opt_.server());
    forget_session();
    selected_step_.clear();
    followed_current_.clear();
    code_ = s.code.empty() ? s.id : s.code;
    secret_.clear();
    reopen_session_.clear();
    if (auto known = config_.session(s.code))
        secret_ = known->secret;
    else
        reopen_session_ = s.id;
    show_library_ = false;
    conn_->reconnect();
}

void app::send_open_session() {
    join_sent(send(protocol::open_session{{}, reopen_session_, {}}, request_kind::join));
}

} // namespace kring::client
