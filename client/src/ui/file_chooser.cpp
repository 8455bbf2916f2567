// The console's file chooser (file_chooser.hpp).
#include "ui/file_chooser.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

namespace kring::client {

namespace {

constexpr const char* popup_id = "##choose_file";

const char* env_or_empty(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

/** A small folder drawn at the cursor's line, `h` pixels high (no glyph needed). */
void draw_folder_icon(ImDrawList* dl, ImVec2 p, float h, ImU32 col) {
    const float w = h * 1.25f;
    const float tab = h * 0.25f;
    dl->AddRectFilled({p.x, p.y + tab * 0.4f}, {p.x + w * 0.45f, p.y + tab * 1.4f}, col, 1.5f);
    dl->AddRectFilled({p.x, p.y + tab}, {p.x + w, p.y + h}, col, 2.0f);
}

} // namespace

void file_chooser::open(const std::string& typed, std::uintmax_t max_bytes) {
    max_bytes_ = max_bytes;
    enter(files::start_folder(typed, env_or_empty("XDG_PICTURES_DIR"), env_or_empty("HOME")));
    open_request_ = true;
}

void file_chooser::enter(const std::filesystem::path& folder) {
    const std::filesystem::path from = list_.folder;
    list_ = files::list_folder(folder, max_bytes_);
    selected_ = -1;
    // Back up: the folder we came from stays selected (the arrow keys go on from there).
    for (std::size_t i = 0; i < list_.entries.size(); ++i)
        if (!from.empty() && list_.entries[i].path == from)
            selected_ = static_cast<int>(i);
}

bool file_chooser::draw(lang l, const font_set& fonts, std::string& path) {
    if (open_request_) {
        ImGui::OpenPopup(popup_id);
        open_request_ = false;
    }
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float s = fonts.base;
    ImGui::SetNextWindowSize({std::min(display.x * 0.9f, s * 36), display.y * 0.75f},
                             ImGuiCond_Appearing);
    ImGui::SetNextWindowPos({display.x / 2, display.y / 2}, ImGuiCond_Appearing, {0.5f, 0.5f});
    // Opaque: the console behind it stays dimmed, not shining through the list.
    ImGui::PushStyleColor(ImGuiCol_PopupBg, colors::white);
    // The chooser's own keys (arrows, Enter, Escape) instead of ImGui's navigation, whose
    // focus would wander off the list.
    const bool shown_now = ImGui::BeginPopupModal(
        popup_id, nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoNav);
    ImGui::PopStyleColor();
    if (!shown_now)
        return false;
    bool chosen = false;
    bool close = false;
    // A folder entered (or "Up"): read once this frame's drawing is done.
    std::filesystem::path go_to;
    auto choose = [&](const files::entry& e) {
        if (e.folder) {
            go_to = e.path;
        } else if (!e.too_large) {
            path = e.path.string();
            chosen = true;
            close = true;
        }
    };

    ImGui::PushFont(fonts.heading);
    text_wrapped(tr(l, txt::chooser_title));
    record_text(tr(l, txt::chooser_title), ImGui::GetFontSize());
    ImGui::PopFont();
    text_wrapped_colored(colors::muted, tr(l, txt::chooser_hint));
    ImGui::Spacing();

    // Where we are, and the way up.
    const std::filesystem::path up = files::parent_folder(list_.folder);
    ImGui::BeginDisabled(up == list_.folder);
    if (ImGui::Button(tr(l, txt::chooser_up)))
        go_to = up;
    note_clickable(tr(l, txt::chooser_up));
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    const std::string where = list_.folder.string();
    text_wrapped(where);
    record_text(where, ImGui::GetFontSize());

    // The list: folders, then images with their size; too large ones greyed with the reason.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float footer = ImGui::GetFrameHeightWithSpacing() + style.ItemSpacing.y * 2;
    // Up and Down move the selection over the entries that can be chosen or entered.
    const int count = static_cast<int>(list_.entries.size());
    auto pickable = [&](int i) { return !list_.entries[static_cast<std::size_t>(i)].too_large; };
    bool moved = false;
    for (const auto& [key, step] :
         {std::pair{ImGuiKey_DownArrow, 1}, std::pair{ImGuiKey_UpArrow, -1}})
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(key)) && count > 0) {
            int i = selected_ < 0 ? (step > 0 ? -1 : count) : selected_;
            for (i += step; i >= 0 && i < count && !pickable(i); i += step) {
            }
            if (i >= 0 && i < count) {
                selected_ = i;
                moved = true;
            }
        }
    ImGui::BeginChild("list", {0, -footer}, true, ImGuiWindowFlags_NoNav);
    const files::listing& shown = list_;
    if (shown.error != files::problem::none) {
        const txt why = shown.error == files::problem::missing      ? txt::chooser_missing
                        : shown.error == files::problem::not_folder ? txt::chooser_not_folder
                                                                    : txt::chooser_unreadable;
        text_wrapped_colored(colors::red, tr(l, why));
        record_text(tr(l, why), ImGui::GetFontSize());
    } else if (shown.entries.empty()) {
        text_wrapped_colored(colors::muted, tr(l, txt::chooser_empty));
        record_text(tr(l, txt::chooser_empty), ImGui::GetFontSize());
    } else if (ImGui::BeginTable("entries", 2, ImGuiTableFlags_None)) {
        // The size column: "folder", a size, or a size with why it cannot be chosen; as wide
        // as its widest.
        const char decimal = l == lang::nl ? ',' : '.';
        const std::string max_mb = files::megabytes(max_bytes_);
        std::vector<std::string> sizes;
        float size_w = s * 4;
        for (const files::entry& e : shown.entries) {
            sizes.push_back(e.folder      ? std::string(tr(l, txt::chooser_folder))
                            : e.too_large ? trf(l, txt::chooser_too_large,
                                                {files::size_words(e.bytes, decimal), max_mb})
                                          : files::size_words(e.bytes, decimal));
            size_w = std::max(size_w, ImGui::CalcTextSize(sizes.back().c_str()).x);
        }
        ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("size", ImGuiTableColumnFlags_WidthFixed, size_w);
        const float icon_h = ImGui::GetFontSize() * 0.8f;
        for (std::size_t i = 0; i < shown.entries.size(); ++i) {
            const files::entry& e = shown.entries[i];
            ImGui::PushID(e.path.string().c_str());
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const bool is_selected = selected_ == static_cast<int>(i);
            const float indent = icon_h * 1.25f + style.ItemInnerSpacing.x * 2;
            ImGui::PushStyleColor(ImGuiCol_Text, e.too_large ? colors::muted : colors::ink);
            ImGui::SetCursorScreenPos({p.x + indent, p.y});
            const ImGuiSelectableFlags flags =
                ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick |
                (e.too_large ? ImGuiSelectableFlags_Disabled : ImGuiSelectableFlags_None);
            if (ImGui::Selectable(e.name.c_str(), is_selected, flags)) {
                selected_ = static_cast<int>(i);
                if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
                    choose(e);
            }
            // Moved onto with the arrow keys: kept in view.
            if (moved && is_selected && !ImGui::IsItemVisible())
                ImGui::SetScrollHereY(0.5f);
            note_clickable(e.name);
            record_text(e.name, ImGui::GetFontSize());
            if (e.folder)
                draw_folder_icon(ImGui::GetWindowDrawList(),
                                 {p.x + style.ItemInnerSpacing.x,
                                  p.y + (ImGui::GetTextLineHeight() - icon_h) / 2},
                                 icon_h, colors::accent_light);
            ImGui::TableSetColumnIndex(1);
            text_colored(colors::muted, sizes[i]);
            if (e.too_large)
                record_text(sizes[i], ImGui::GetFontSize());
            ImGui::PopStyleColor();
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();

    // Choose (an image selected), Cancel; Enter chooses, Escape cancels.
    const files::entry* sel =
        selected_ >= 0 && static_cast<std::size_t>(selected_) < list_.entries.size()
            ? &list_.entries[static_cast<std::size_t>(selected_)]
            : nullptr;
    const bool can_choose = sel && !sel->folder && !sel->too_large;
    ImGui::BeginDisabled(!can_choose);
    if (ImGui::Button(tr(l, txt::chooser_choose)) && sel) {
        choose(*sel);
    }
    note_clickable(tr(l, txt::chooser_choose));
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(tr(l, txt::cancel)))
        close = true;
    note_clickable(tr(l, txt::cancel));
    if (sel && !close) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        text_colored(colors::muted, sel->name);
    }
    if (!close && sel && !ImGui::GetIO().KeyCtrl &&
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false)) {
        choose(*sel);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
        close = true;
    if (close)
        ImGui::CloseCurrentPopup();
    else if (!go_to.empty())
        enter(go_to);
    ImGui::EndPopup();
    return chosen;
}

} // namespace kring::client
