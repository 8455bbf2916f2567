// The agenda editor (docs/protocol.md section 6): a template in its content-file form
// (get_template), edited in place as JSON: steps added, removed and reordered, titles and
// prompts in Dutch and English, the statements of traffic_light and scale steps and the
// options of choice and dot_vote steps. Then a session from it (create_session with the
// agenda) or a new template (save_template); the server validates either way and its
// message names the first problem.
#include "ui/app.hpp"

#include "kring/protocol.hpp"
#include "ui/agenda_json.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace kring::client {

using nlohmann::json;

namespace {

/** The kinds a new step may have in the editor (the ones without further content to pick). */
constexpr activity_kind new_step_kinds[] = {
    activity_kind::traffic_light, activity_kind::scale,    activity_kind::choice,
    activity_kind::open_text,     activity_kind::dot_vote, activity_kind::action_plan};

/** A step's kind in the content-file form. */
activity_kind kind_of(const json& step) {
    const auto k = step.find("kind");
    return k != step.end() && k->is_string() ? activity_kind_from_string(k->get<std::string>())
                                             : activity_kind::unknown;
}

/** j[key] as `{ "nl", "en" }`, converting a plain string (Dutch) in place. */
json& localized_field(json& j, const char* key) {
    json& f = j[key];
    if (f.is_string())
        f = json{{"nl", f.get<std::string>()}, {"en", ""}};
    if (!f.is_object())
        f = json{{"nl", ""}, {"en", ""}};
    if (!f.contains("nl") || !f["nl"].is_string())
        f["nl"] = "";
    if (!f.contains("en") || !f["en"].is_string())
        f["en"] = "";
    return f;
}

/** A text field bound to a JSON string. Returns true when edited. */
bool edit_string(const char* label, json& s, float width, bool multiline = false) {
    std::string v = s.is_string() ? s.get<std::string>() : std::string{};
    ImGui::SetNextItemWidth(width);
    const bool changed =
        multiline ? ImGui::InputTextMultiline(label, &v, {width, ImGui::GetTextLineHeight() * 3.2f})
                  : ImGui::InputText(label, &v);
    // A text longer than its field reads whole, wrapped, on hover (fields do not wrap).
    const float shown_w = width - ImGui::GetStyle().FramePadding.x * 2;
    if (ImGui::IsItemHovered() && !v.empty() &&
        (ImGui::CalcTextSize(v.c_str()).x > shown_w || v.find('\n') != std::string::npos)) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
        ImGui::TextUnformatted(v.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    if (changed)
        s = v;
    return changed;
}

/** Two fields, NL and EN, side by side. */
void edit_localized(const char* id, json& obj, const char* key, float width, bool multiline) {
    json& f = localized_field(obj, key);
    ImGui::PushID(id);
    const float half = (width - ImGui::GetStyle().ItemSpacing.x) / 2;
    edit_string("##nl", f["nl"], half, multiline);
    ImGui::SameLine();
    edit_string("##en", f["en"], half, multiline);
    ImGui::PopID();
}

/** An id not yet in `taken`: prefix-1, prefix-2, … */
std::string fresh_id(const std::string& prefix, const std::set<std::string>& taken) {
    for (int n = 1;; ++n) {
        const std::string id = prefix + "-" + std::to_string(n);
        if (!taken.count(id))
            return id;
    }
}

std::set<std::string> ids_of(const json& list) {
    std::set<std::string> out;
    if (list.is_array())
        for (const json& x : list)
            if (x.is_object() && x.contains("id") && x["id"].is_string())
                out.insert(x["id"].get<std::string>());
    return out;
}

} // namespace

void app::request_template(const std::string& id) {
    agenda_error_.clear();
    agenda_message_.clear();
    send(protocol::get_template{{}, id, {}}, request_kind::agenda, "get_template");
}

void app::on_template(const wire::template_reply& m) {
    // wire.hpp checked that it is an object; the editor keeps every field it does not edit.
    json doc = json::parse(m.content, nullptr, false);
    if (!doc.is_object())
        return;
    if (!doc.contains("steps") || !doc["steps"].is_array())
        doc["steps"] = json::array();
    agenda_edit_ = std::make_unique<agenda_json>(agenda_json{std::move(doc)});
    json& edit = agenda_edit_->doc;
    editing_agenda_ = true;
    const std::string id = edit.value("id", "");
    new_template_id_ = id.empty() ? "eigen-agenda" : id + "-eigen";
    new_template_title_ = pick(lang_, {localized_field(edit, "title").value("nl", ""),
                                       localized_field(edit, "title").value("en", "")});
}

void app::draw_agenda_editor() {
    if (!agenda_edit_) {
        editing_agenda_ = false;
        return;
    }
    json& edit = agenda_edit_->doc;
    const float col_w = std::min(ImGui::GetContentRegionAvail().x, fonts_.base * 56);
    ImGui::SetCursorPosX((ImGui::GetWindowWidth() - col_w) / 2);
    ImGui::BeginChild("agenda", {col_w, 0}, false);
    ImGui::PushFont(fonts_.title);
    ImGui::TextUnformatted(tr(lang_, txt::agenda_heading));
    ImGui::PopFont();
    draw_banners();
    if (ImGui::Button(tr(lang_, txt::agenda_back)))
        editing_agenda_ = false;
    ImGui::SameLine();
    text_colored(colors::muted, tr(lang_, txt::agenda_columns));
    ImGui::Spacing();
    const float w = ImGui::GetContentRegionAvail().x;
    ImGui::PushFont(fonts_.bold);
    ImGui::TextUnformatted(tr(lang_, txt::agenda_title));
    ImGui::PopFont();
    edit_localized("title", edit, "title", w, false);
    ImGui::Separator();

    json& steps = edit["steps"];
    int move_from = -1, move_to = -1, remove = -1;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        json& st = steps[i];
        ImGui::PushID(static_cast<int>(i));
        std::string head = std::to_string(i + 1) + ". " + kind_word(lang_, kind_of(st)) + "  ·  " +
                           localized_field(st, "title").value(lang_ == lang::en ? "en" : "nl", "");
        head += "###step";
        const bool open = ImGui::CollapsingHeader(
            head.c_str(), ImGuiTreeNodeFlags_DefaultOpen | ImGuiTreeNodeFlags_AllowItemOverlap);
        // Up, down and remove on the header's line, right-aligned.
        const float bw = ImGui::GetFrameHeight();
        ImGui::SameLine(ImGui::GetContentRegionMax().x - bw * 3 -
                        ImGui::GetStyle().ItemSpacing.x * 2);
        ImGui::BeginDisabled(i == 0);
        if (ImGui::ArrowButton("##up", ImGuiDir_Up)) {
            move_from = static_cast<int>(i);
            move_to = static_cast<int>(i) - 1;
        }
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::BeginDisabled(i + 1 == steps.size());
        if (ImGui::ArrowButton("##down", ImGuiDir_Down)) {
            move_from = static_cast<int>(i);
            move_to = static_cast<int>(i) + 1;
        }
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::Button("\xC3\x97##remove", {bw, bw})) // ×
            remove = static_cast<int>(i);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr(lang_, txt::agenda_remove_step));
        if (open)
            draw_agenda_step(st, w);
        ImGui::PopID();
    }
    if (remove >= 0)
        steps.erase(static_cast<std::size_t>(remove));
    else if (move_from >= 0)
        std::swap(steps[static_cast<std::size_t>(move_from)],
                  steps[static_cast<std::size_t>(move_to)]);

    // A new step at the end.
    ImGui::Spacing();
    ImGui::SetNextItemWidth(fonts_.base * 12);
    if (ImGui::BeginCombo("##kind", kind_word(lang_, new_step_kinds[new_step_kind_]))) {
        for (int k = 0; k < static_cast<int>(std::size(new_step_kinds)); ++k)
            if (ImGui::Selectable(kind_word(lang_, new_step_kinds[k]), k == new_step_kind_))
                new_step_kind_ = k;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr(lang_, txt::agenda_add_step)))
        add_agenda_step(new_step_kinds[new_step_kind_]);

    ImGui::Separator();
    ImGui::Spacing();
    ImGui::BeginDisabled(!connected() || steps.empty());
    if (primary_button(tr(lang_, txt::agenda_start)))
        start_session_with_agenda();
    ImGui::EndDisabled();
    ImGui::Spacing();
    ImGui::PushFont(fonts_.bold);
    ImGui::TextUnformatted(tr(lang_, txt::agenda_save_heading));
    ImGui::PopFont();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(lang_, txt::agenda_new_id));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fonts_.base * 12);
    ImGui::InputText("##newid", &new_template_id_, ImGuiInputTextFlags_CharsNoBlank);
    ImGui::SameLine();
    ImGui::TextUnformatted(tr(lang_, txt::agenda_new_title));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputText("##newtitle", &new_template_title_);
    ImGui::BeginDisabled(!connected() || new_template_id_.empty() || new_template_title_.empty());
    if (ImGui::Button(tr(lang_, txt::agenda_save)))
        save_agenda_as_template();
    ImGui::EndDisabled();
    if (!agenda_error_.empty())
        text_wrapped_colored(colors::red, agenda_error_);
    if (!agenda_message_.empty())
        text_wrapped_colored(colors::green, agenda_message_);
    ImGui::EndChild();
}

void app::draw_agenda_step(json& st, float w) {
    const activity_kind kind = kind_of(st);
    ImGui::Indent(fonts_.base * 0.5f);
    const float iw = w - fonts_.base;
    text_colored(colors::muted, tr(lang_, txt::agenda_step_title));
    edit_localized("t", st, "title", iw, false);
    text_colored(colors::muted, tr(lang_, txt::agenda_step_prompt));
    edit_localized("p", st, "prompt", iw, true);
    // Statements (traffic_light, scale) or options (choice, dot_vote with its own options).
    const bool statements = has_items(kind);
    const bool has_options = kind == activity_kind::choice ||
                             (kind == activity_kind::dot_vote && !st.contains("source"));
    if (statements || has_options) {
        const char* key = statements ? "items" : "options";
        if (!st.contains(key) || !st[key].is_array())
            st[key] = json::array();
        json& list = st[key];
        text_colored(colors::muted,
                     tr(lang_, statements ? txt::agenda_statements : txt::agenda_options));
        int drop = -1;
        for (std::size_t j = 0; j < list.size(); ++j) {
            ImGui::PushID(static_cast<int>(j));
            const float bw = ImGui::GetFrameHeight();
            edit_localized("x", list[j], "text", iw - bw - ImGui::GetStyle().ItemSpacing.x, false);
            ImGui::SameLine();
            if (ImGui::Button("\xC3\x97", {bw, bw}))
                drop = static_cast<int>(j);
            ImGui::PopID();
        }
        if (drop >= 0)
            list.erase(static_cast<std::size_t>(drop));
        if (ImGui::SmallButton(
                tr(lang_, statements ? txt::agenda_add_statement : txt::agenda_add_option))) {
            const std::string prefix = st.value("id", "stap");
            list.push_back(
                {{"id", fresh_id(prefix, ids_of(list))}, {"text", {{"nl", ""}, {"en", ""}}}});
        }
    } else if (kind == activity_kind::dot_vote) {
        text_colored(colors::muted, tr(lang_, txt::agenda_options_from_source));
    }
    ImGui::Unindent(fonts_.base * 0.5f);
    ImGui::Spacing();
}

void app::add_agenda_step(activity_kind kind) {
    if (!agenda_edit_)
        return;
    json& steps = agenda_edit_->doc["steps"];
    json st{{"id", fresh_id("stap", ids_of(steps))},
            {"kind", to_string(kind)},
            {"title", {{"nl", ""}, {"en", ""}}},
            {"prompt", {{"nl", ""}, {"en", ""}}}};
    if (has_items(kind))
        st["items"] = json::array(
            {{{"id", st["id"].get<std::string>() + "-1"}, {"text", {{"nl", ""}, {"en", ""}}}}});
    if (kind == activity_kind::choice || kind == activity_kind::dot_vote)
        st["options"] = json::array({{{"id", "a"}, {"text", {{"nl", ""}, {"en", ""}}}},
                                     {{"id", "b"}, {"text", {{"nl", ""}, {"en", ""}}}}});
    steps.push_back(std::move(st));
}

void app::start_session_with_agenda() {
    // A connection that already runs a session cannot create another: start afresh, and
    // create once connected (on_connected sends create_agenda_).
    if (!agenda_edit_)
        return;
    create_agenda_ = std::make_unique<agenda_json>(*agenda_edit_);
    editing_agenda_ = false;
    if (connected() && !joined_) {
        creating_ = true;
        send_create_agenda();
        return;
    }
    new_session(); // keeps create_agenda_: sent once the fresh connection is up
    creating_ = true;
}

void app::send_create_agenda() {
    if (!create_agenda_)
        return;
    protocol::create_session m;
    m.agenda = std::move(create_agenda_->doc);
    create_agenda_.reset();
    send(std::move(m), request_kind::create);
}

void app::save_agenda_as_template() {
    agenda_error_.clear();
    agenda_message_.clear();
    if (!agenda_edit_)
        return;
    json t = agenda_edit_->doc;
    t["id"] = new_template_id_;
    json& title = localized_field(t, "title");
    title[lang_ == lang::en ? "en" : "nl"] = new_template_title_;
    send(protocol::save_template{{}, std::move(t), {}}, request_kind::agenda, "save_template");
}

void app::on_agenda_ack(const std::string& key) {
    if (key != "save_template")
        return;
    agenda_message_ = trf(lang_, txt::agenda_saved, {new_template_id_});
    // The new template is listed from now on.
    send(protocol::list_templates{}, request_kind::list);
}

void app::on_agenda_error(const std::string& key, const error& e) {
    const std::string text = error_text(lang_, to_string(e.code));
    // bad_value names the first problem (the field path): shown as the server wrote it.
    agenda_error_ = e.message.empty() ? text : text + " " + e.message;
    if (key == "get_template")
        show_error(agenda_error_);
}

} // namespace kring::client
