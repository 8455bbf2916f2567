// The participant screen: answer the open step in the way its kind asks (traffic light or a
// number per statement, one option and why, images, short texts, dots, offers, actions), see
// "saved ✓" once the server acknowledged it, and see the results once the facilitator
// reveals them.
//
// [SECTION] index
//   sending                   send_answer, resend_pending
//   the screen                draw_participant
//   traffic_light             draw_statement, draw_participant_results
//   other kinds               draw_answer_scale, _choice, _images, _texts, _dots, _inventory,
//   _actions
//   floor_plan                draw_answer_plan, in app_plan.cpp
#include "ui/app.hpp"

#include "kring/activity.hpp"
#include "kring/protocol.hpp"
#include "kring/text.hpp"
#include "ui/results.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace kring::client {

using nlohmann::json;

namespace {

/** "pass": I choose not to answer (every kind takes it). */
const std::string pass_value = traffic_light::to_string(light::pass);

json parse_value(const my_answer* a) {
    if (!a || a->value.empty())
        return json();
    return json::parse(a->value, nullptr, false);
}

/** Characters (code points) of what is being typed; invalid UTF-8 counts its bytes. */
std::size_t chars_of(const std::string& s) {
    return utf8_length(s).value_or(s.size());
}

/** `s` cut to at most `n` characters, never inside a character. */
void utf8_truncate(std::string& s, std::size_t n) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && chars++ == n) {
            s.resize(i);
            return;
        }
}

/** A typed text as the server will store it (text.hpp, normalize_text). */
std::string stored(const std::string& s) {
    return normalize_text(s, text_form::line);
}

/** A button drawn as selected (accent, white text) or not. */
bool toggle_button(const char* label, bool selected, ImVec2 size) {
    if (selected)
        return primary_button(label, size);
    return ImGui::Button(label, size);
}

/** The pass word of the rules, as an option of a choice. */
option_def pass_option() {
    return {pass_value, {light_label(lang::nl, light::pass), light_label(lang::en, light::pass)}};
}

} // namespace

std::string app::answer_key(const std::string& step, const std::string& item) {
    return step + '\n' + item;
}

namespace {

protocol::answer answer_message(const std::string& step, const std::string& item, const json& value,
                                const std::string& comment) {
    // An empty comment clears the one given before (the server reads a missing one as "").
    return protocol::answer{{}, step, item, value, comment};
}

} // namespace

const my_answer* app::my(const std::string& step, const std::string& item) const {
    auto it = mine_.find(answer_key(step, item));
    return it != mine_.end() && !it->second.value.empty() ? &it->second : nullptr;
}

void app::send_answer(const std::string& step, const std::string& item, const json& value,
                      const std::string& comment) {
    const std::string key = answer_key(step, item);
    my_answer& a = mine_[key];
    a.value = value.dump();
    a.comment = comment;
    a.state = my_answer::status::pending;
    // While disconnected seq stays 0; resend_pending() sends it after the next join.
    a.seq =
        joined_ ? send(answer_message(step, item, value, comment), request_kind::answer, key) : 0;
    a.sent_at = clock_ms();
}

void app::resend_pending() {
    if (!joined_)
        return;
    for (auto& [key, a] : mine_) {
        if (a.state == my_answer::status::saved || a.value.empty())
            continue;
        const auto nl = key.find('\n');
        const std::string step = key.substr(0, nl), item = key.substr(nl + 1);
        const json value = json::parse(a.value, nullptr, false);
        if (value.is_discarded())
            continue;
        a.state = my_answer::status::pending;
        a.seq = send(answer_message(step, item, value, a.comment), request_kind::answer, key);
        a.sent_at = clock_ms();
    }
}

//------------------------------------------------------------------------------

void app::draw_participant() {
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
    text_wrapped(agenda_.valid ? text_of(agenda_.def.title) : std::string("Kring"));
    ImGui::PopFont();
    if (!code_.empty()) {
        text_colored(colors::muted, std::string(tr(lang_, txt::code_label)) + " " + display_code());
        ImGui::SameLine(0, fonts_.base);
    }
    if (ImGui::SmallButton(tr(lang_, txt::language_switch)))
        lang_ = lang_ == lang::nl ? lang::en : lang::nl;
    ImGui::SameLine(0, fonts_.base);
    draw_status_dot(fonts_.base * 0.3f);
    ImGui::Separator();
    draw_banners();

    const wire::step_status* cur = view_.valid ? view_.step(view_.current) : nullptr;
    const step_def* step = cur ? agenda_.step(cur->id) : nullptr;
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
        const bool open = cur->ph == phase::open;
        ImGui::PushFont(fonts_.heading);
        text_wrapped(text_of(step->title));
        ImGui::PopFont();
        // The scene (the wegwijzer's opening, a movement's or building block's lead), then
        // what to do.
        if (!text_of(step->intro).empty())
            text_wrapped(text_of(step->intro));
        if (!text_of(step->prompt).empty())
            text_wrapped_colored(colors::muted, text_of(step->prompt));

        if (has_items(step->kind)) {
            int answered = 0;
            for (const item_def& it : step->items)
                if (my(step->id, it.id))
                    ++answered;
            const std::string progress =
                trf(lang_, txt::my_progress,
                    {std::to_string(answered), std::to_string(step->items.size())});
            ImGui::TextUnformatted(progress.c_str());
        }
        // A photo step is answered from a phone (photo_from_phone, below), nothing to change here.
        if (step->kind != activity_kind::photo || !open)
            text_wrapped_colored(colors::muted,
                                 tr(lang_, open ? txt::anonymous_note : txt::step_closed_note));
        ImGui::Spacing();

        const wire::step_result* res = cur->revealed ? view_.result(step->id) : nullptr;
        if (res)
            draw_participant_results(*step, *res);
        if (open || !res) {
            ImGui::BeginGroup();
            switch (step->kind) {
            case activity_kind::traffic_light:
                for (std::size_t i = 0; i < step->items.size(); ++i) {
                    const item_def& it = step->items[i];
                    // The heading the items after it hang under, once before them.
                    if (!it.group.empty() && (i == 0 || step->items[i - 1].group != it.group)) {
                        ImGui::Spacing();
                        ImGui::PushFont(fonts_.heading);
                        text_wrapped(text_of(it.group));
                        ImGui::PopFont();
                    }
                    draw_statement(*step, it, open);
                }
                break;
            case activity_kind::scale:
                draw_answer_scale(*step, open);
                break;
            case activity_kind::choice:
                draw_answer_choice(*step, open);
                break;
            case activity_kind::image_choice:
                draw_answer_images(*step, open);
                break;
            case activity_kind::dot_vote:
                draw_answer_dots(*step, open);
                break;
            case activity_kind::open_text:
            case activity_kind::inventory:
            case activity_kind::action_plan:
                draw_list_answer(*step, open);
                break;
            case activity_kind::floor_plan:
                draw_answer_plan(*step, open); // app_plan.cpp
                break;
            case activity_kind::photo:
                // Photos are taken and sent with a phone's camera (the web page); this
                // desktop screen does not upload.
                if (open)
                    text_wrapped(tr(lang_, txt::photo_from_phone));
                break;
            case activity_kind::unknown:
                break;
            }
            ImGui::EndGroup();
        }
        if (summary_due(cur)) {
            ImGui::Separator();
            ImGui::PushFont(fonts_.heading);
            ImGui::TextUnformatted(tr(lang_, txt::summary_heading));
            ImGui::PopFont();
            summary_item(fonts_.base * 0.9f);
        }
    }
    ImGui::EndChild();
    ImGui::End();
}

void app::draw_statement(const step_def& step, const item_def& item, bool open) {
    ImGui::PushID(item.id.c_str());
    const std::string key = answer_key(step.id, item.id);
    const auto found = mine_.find(key);
    const my_answer* a = found != mine_.end() ? &found->second : nullptr;

    ImGui::Separator();
    ImGui::Spacing();
    ImGui::PushFont(fonts_.bold);
    text_wrapped(text_of(item.text));
    ImGui::PopFont();
    if (const std::string r = rating_line(item); !r.empty())
        text_wrapped_colored(colors::muted, r);

    // Four big buttons: colour + icon + word.
    const float col_w = column_w_;
    const float wrap = ImGui::GetStyle().ItemSpacing.x;
    const float bw = std::max(fonts_.base * 3, (col_w - 3 * wrap) / 4);
    const ImVec2 size{bw, fonts_.base * 2.2f};
    bool first = true;
    std::string& edit =
        comment_edit_.try_emplace(key, a ? a->comment : std::string{}).first->second;
    for (light k : answer_lights) {
        if (!first)
            ImGui::SameLine();
        first = false;
        const bool selected = a && a->value == json(traffic_light::to_string(k)).dump();
        if (light_button(traffic_light::to_string(k), k, lang_, selected, size, open))
            send_answer(step.id, item.id, json(traffic_light::to_string(k)), edit);
    }

    // Saved state, and the optional comment.
    if (a && !a->value.empty()) {
        draw_saved_state(a);
        if (open)
            ImGui::SameLine(0, fonts_.base);
    }
    if (open) {
        const char* save = tr(lang_, txt::comment_save);
        const float save_w = ImGui::CalcTextSize(save).x + ImGui::GetStyle().FramePadding.x * 2;
        const float used = ImGui::GetCursorScreenPos().x - column_x_;
        ImGui::SetNextItemWidth(std::max(fonts_.base * 6, col_w - used - save_w - wrap));
        if (ImGui::InputTextWithHint("##comment", tr(lang_, txt::comment_hint), &edit))
            utf8_truncate(edit, rules_.max_text);
        ImGui::SameLine();
        // A comment goes with an answer: it can be saved once a colour (or pass) is chosen.
        const bool can_save = a && !a->value.empty() && edit != a->comment;
        ImGui::BeginDisabled(!can_save);
        if (ImGui::Button(save) && can_save)
            send_answer(step.id, item.id, parse_value(a), edit);
        ImGui::EndDisabled();
    } else if (a && !a->comment.empty()) {
        text_wrapped_colored(colors::muted, "“" + a->comment + "”");
    }
    ImGui::Spacing();
    ImGui::PopID();
}

void app::draw_participant_results(const step_def& step, const wire::step_result& res) {
    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted(tr(lang_, txt::results_heading));
    ImGui::PopFont();
    if (step.kind != activity_kind::traffic_light) {
        chart_item(step, res, fonts_.base * 0.9f);
        ImGui::Spacing();
        return;
    }
    const localized* last_group = nullptr;
    for (const traffic_light::item_result& r : res.lights) {
        ImGui::PushID(r.item.c_str());
        const item_def* it = item_of(step.id, r.item);
        if (it && !it->group.empty() && (!last_group || *last_group != it->group)) {
            ImGui::Spacing();
            ImGui::PushFont(fonts_.bold);
            text_wrapped(text_of(it->group));
            ImGui::PopFont();
        }
        last_group = it ? &it->group : nullptr;
        ImGui::Separator();
        text_wrapped(item_text(step.id, r.item));
        stacked_bar_item(fonts_.bold, fonts_.base * 1.8f, bar_of(r), lang_);
        if (const my_answer* a = my(step.id, r.item)) {
            const json v = parse_value(a);
            if (const auto k = v.is_string()
                                   ? traffic_light::light_from_string(v.get<std::string>())
                                   : std::nullopt) {
                const std::string mine =
                    std::string(tr(lang_, txt::your_answer)) + ": " + light_label(lang_, *k);
                text_colored(colors::muted, mine);
            }
        }
        ImGui::PopID();
    }
    ImGui::Spacing();
}

void app::draw_saved_state(const my_answer* a) {
    if (!a)
        return;
    switch (a->state) {
    case my_answer::status::saved:
        text_colored(colors::green, tr(lang_, txt::saved));
        break;
    case my_answer::status::pending:
        text_colored(colors::muted, tr(lang_, txt::saving));
        break;
    case my_answer::status::failed:
        text_colored(colors::red, tr(lang_, txt::not_saved));
        break;
    }
}

//------------------------------------------------------------------------------
// [SECTION] other kinds

void app::draw_answer_scale(const step_def& step, bool open) {
    const int n = step.max - step.min + 1;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const char* pass_word = light_label(lang_, light::pass);
    const float pass_w = ImGui::CalcTextSize(pass_word).x + fonts_.base * 1.6f;
    const float bw =
        std::max(fonts_.base * 2.0f,
                 (column_w_ - pass_w - gap * static_cast<float>(n)) / static_cast<float>(n));
    for (const item_def& it : step.items) {
        ImGui::PushID(it.id.c_str());
        ImGui::Separator();
        ImGui::Spacing();
        ImGui::PushFont(fonts_.bold);
        text_wrapped(text_of(it.text));
        ImGui::PopFont();
        const my_answer* a = my(step.id, it.id);
        const json v = parse_value(a);
        ImGui::BeginDisabled(!open);
        for (int x = step.min; x <= step.max; ++x) {
            if (x > step.min)
                ImGui::SameLine();
            const std::string label = std::to_string(x);
            ImGui::PushID(x);
            if (toggle_button(label.c_str(), v.is_number_integer() && v.get<int>() == x,
                              {bw, fonts_.base * 2.2f}))
                send_answer(step.id, it.id, x, a ? a->comment : std::string{});
            ImGui::PopID();
        }
        ImGui::SameLine();
        if (toggle_button(pass_word, is_pass(v), {pass_w, fonts_.base * 2.2f}))
            send_answer(step.id, it.id, pass_value, a ? a->comment : std::string{});
        ImGui::EndDisabled();
        // What the ends mean, under the first and the last button.
        const std::string lo = text_of(step.label_min), hi = text_of(step.label_max);
        if (!lo.empty() || !hi.empty()) {
            const float x0 = ImGui::GetCursorPosX();
            text_colored(colors::muted, std::to_string(step.min) + " = " + lo);
            const std::string right = std::to_string(step.max) + " = " + hi;
            ImGui::SameLine(std::max(x0 + ImGui::CalcTextSize(lo.c_str()).x + fonts_.base * 3,
                                     x0 + (bw + gap) * static_cast<float>(n) - gap -
                                         ImGui::CalcTextSize(right.c_str()).x));
            text_colored(colors::muted, right);
        }
        // The line is kept even before an answer, so the questions below do not move.
        if (a)
            draw_saved_state(a);
        else
            ImGui::TextUnformatted(" ");
        ImGui::Spacing();
        ImGui::PopID();
    }
}

void app::draw_answer_choice(const step_def& step, bool open) {
    answer_draft& d = drafts_[step.id];
    const my_answer* a = my(step.id);
    if (!d.loaded) {
        d.why = a ? a->comment : std::string{};
        d.loaded = true;
    }
    const json v = parse_value(a);
    const std::string chosen = v.is_string() ? v.get<std::string>() : std::string{};
    // The case, set apart on a white card.
    if (!text_of(step.body).empty()) {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const float pad = fonts_.base * 0.7f;
        const float h =
            wrapped_height(fonts_.body, fonts_.base, text_of(step.body), column_w_ - 2 * pad) +
            2 * pad;
        dl->AddRectFilled(p0, {p0.x + column_w_, p0.y + h}, colors::white, 8);
        dl->AddRectFilled(p0, {p0.x + 5, p0.y + h}, colors::accent_light, 2);
        draw_wrapped(dl, fonts_.body, fonts_.base, {p0.x + pad, p0.y + pad}, colors::ink,
                     text_of(step.body), column_w_ - 2 * pad);
        ImGui::Dummy({column_w_, h});
        ImGui::Spacing();
    }
    // The options as large rows with a radio circle; one tap sends the choice.
    std::vector<option_def> rows = step_options(step);
    rows.push_back(pass_option());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const option_def& o = rows[i];
        ImGui::PushID(o.id.c_str());
        const std::string& text = text_of(o.text);
        const float pad = fonts_.base * 0.5f, circle = fonts_.base * 1.6f;
        const float h =
            std::max(wrapped_height(fonts_.body, fonts_.base, text, column_w_ - circle - 2 * pad),
                     fonts_.base) +
            2 * pad;
        const bool selected = chosen == o.id;
        const bool pressed = ImGui::InvisibleButton("##option", {column_w_, h}) && open;
        const bool hovered = open && ImGui::IsItemHovered();
        const ImVec2 p0 = ImGui::GetItemRectMin(), p1 = ImGui::GetItemRectMax();
        dl->AddRectFilled(p0, p1,
                          selected  ? colors::accent_pale
                          : hovered ? IM_COL32(0xee, 0xec, 0xe6, 0xff)
                                    : colors::white,
                          6);
        dl->AddRect(p0, p1, selected ? colors::accent : colors::track, 6, ImDrawFlags_None,
                    selected ? 2.5f : 1.0f);
        const ImVec2 c{p0.x + pad + circle * 0.4f, p0.y + h / 2};
        dl->AddCircle(c, fonts_.base * 0.45f, selected ? colors::accent : colors::muted, 24, 2.0f);
        if (selected)
            dl->AddCircleFilled(c, fonts_.base * 0.25f, colors::accent, 24);
        draw_wrapped(dl, o.id == pass_value ? fonts_.bold : fonts_.body, fonts_.base,
                     {p0.x + pad + circle, p0.y + pad}, open ? colors::ink : colors::muted, text,
                     column_w_ - circle - 2 * pad);
        if (pressed)
            send_answer(step.id, {}, o.id, step.comment ? d.why : std::string{});
        ImGui::PopID();
    }
    if (step.comment) {
        ImGui::BeginDisabled(!open);
        const char* save = tr(lang_, txt::save_why);
        const float save_w = ImGui::CalcTextSize(save).x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SetNextItemWidth(column_w_ - save_w - ImGui::GetStyle().ItemSpacing.x);
        if (ImGui::InputTextWithHint("##why", tr(lang_, txt::why_hint), &d.why))
            utf8_truncate(d.why, rules_.max_text);
        ImGui::SameLine();
        const bool can_save = a && d.why != a->comment;
        ImGui::BeginDisabled(!can_save);
        if (ImGui::Button(save) && can_save)
            send_answer(step.id, {}, v, d.why);
        ImGui::EndDisabled();
        ImGui::EndDisabled();
    }
    draw_saved_state(a);
}

void app::draw_answer_images(const step_def& step, bool open) {
    answer_draft& d = drafts_[step.id];
    const my_answer* a = my(step.id);
    const json v = parse_value(a);
    std::vector<std::string> saved;
    if (v.is_array())
        for (const json& x : v)
            if (x.is_string())
                saved.push_back(x.get<std::string>());
    if (!d.loaded) {
        d.picks = saved;
        d.why = a ? a->comment : std::string{};
        d.loaded = true;
    }
    // The template's deck, then the facilitator's own images; an own image removed since it was
    // picked is no longer a pick.
    const std::vector<std::string> deck = deck_ids(step);
    std::erase_if(d.picks, [&](const std::string& id) {
        return std::find(deck.begin(), deck.end(), id) == deck.end();
    });
    const int max_picks = std::max(1, step.max_picks);
    text_wrapped(max_picks == 1 ? std::string(tr(lang_, txt::pick_one))
                                : trf(lang_, txt::pick_many, {std::to_string(max_picks)}));
    // The gallery: tap to pick, tap again to let go. With one pick, a new tap replaces it.
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const int cols = std::max(2, static_cast<int>(column_w_ / (fonts_.base * 7.5f)));
    const float tw = (column_w_ - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float th = tw * 0.75f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t i = 0; i < deck.size(); ++i) {
        const std::string& id = deck[i];
        const std::string alt = deck_alt(step, id);
        if (i % static_cast<std::size_t>(cols) != 0)
            ImGui::SameLine(0, gap);
        ImGui::PushID(id.c_str());
        const bool pressed = ImGui::InvisibleButton("##img", {tw, th}) && open;
        const bool hovered = ImGui::IsItemHovered();
        if (hovered && !alt.empty())
            ImGui::SetTooltip("%s", alt.c_str());
        const ImVec2 p0 = ImGui::GetItemRectMin(), p1 = ImGui::GetItemRectMax();
        if (i >= step.images.size()) {
            // An own image of the facilitator's: a photo of the session, cut to the tile.
            draw_deck_image(dl, step, id, p0, p1, 6, fonts_.base * 0.7f);
        } else if (const texture* tex = images_.get(step.images[i].url)) {
            dl->AddImageRounded(tex->im_id(), p0, p1, {0, 0}, {1, 1}, IM_COL32_WHITE, 6);
        } else {
            dl->AddRectFilled(p0, p1, colors::track, 6);
            draw_wrapped(dl, fonts_.body, fonts_.base * 0.7f, {p0.x + 6, p0.y + 6}, colors::muted,
                         alt, tw - 12);
        }
        const auto pos = std::find(d.picks.begin(), d.picks.end(), id);
        if (pos != d.picks.end()) {
            dl->AddRect(p0, p1, colors::accent, 6, ImDrawFlags_None,
                        std::max(4.0f, fonts_.base * 0.25f));
            const float r = fonts_.base * 0.75f;
            dl->AddCircleFilled({p1.x - r * 1.3f, p0.y + r * 1.3f}, r, colors::accent, 24);
            draw_light_icon(dl, light::green, {p1.x - r * 1.3f, p0.y + r * 1.3f}, r * 1.2f,
                            colors::white);
        } else if (hovered && open) {
            dl->AddRect(p0, p1, colors::accent_light, 6, ImDrawFlags_None, 2.0f);
        }
        if (pressed) {
            if (pos != d.picks.end())
                d.picks.erase(pos);
            else if (max_picks == 1)
                d.picks = {id};
            else if (static_cast<int>(d.picks.size()) < max_picks)
                d.picks.push_back(id);
        }
        ImGui::PopID();
    }
    ImGui::Spacing();
    ImGui::BeginDisabled(!open);
    if (step.reason) {
        ImGui::SetNextItemWidth(column_w_);
        if (ImGui::InputTextWithHint("##why", tr(lang_, txt::why_hint), &d.why))
            utf8_truncate(d.why, rules_.max_text);
    }
    const bool changed =
        d.picks != saved || (a && d.why != a->comment) || (v.is_string() && !d.picks.empty());
    ImGui::BeginDisabled(d.picks.empty() || !changed);
    if (primary_button(tr(lang_, txt::save_choice)) && !d.picks.empty())
        send_answer(step.id, {}, d.picks, step.reason ? d.why : std::string{});
    ImGui::EndDisabled();
    ImGui::SameLine();
    const bool passed = is_pass(v);
    if (toggle_button(light_label(lang_, light::pass), passed, {0, 0}) && !passed) {
        d.picks.clear();
        send_answer(step.id, {}, pass_value, {});
    }
    ImGui::EndDisabled();
    ImGui::SameLine(0, fonts_.base);
    draw_saved_state(a);
}

void app::draw_answer_dots(const step_def& step, bool open) {
    const auto& opts = step_options(step);
    if (opts.empty()) {
        text_wrapped_colored(colors::muted, tr(lang_, txt::options_follow));
        return;
    }
    answer_draft& d = drafts_[step.id];
    const my_answer* a = my(step.id);
    const json v = parse_value(a);
    std::map<std::string, int> saved;
    if (v.is_object())
        for (auto it = v.begin(); it != v.end(); ++it)
            if (it.value().is_number_integer() && it.value().get<int>() > 0)
                saved[it.key()] = it.value().get<int>();
    if (!d.loaded) {
        d.dots = saved;
        d.loaded = true;
    }
    std::erase_if(d.dots, [](const auto& kv) { return kv.second <= 0; });
    int used = 0;
    for (const auto& [id, n] : d.dots)
        used += n;
    const int left = std::max(0, step.dots - used);
    ImGui::PushFont(fonts_.bold);
    text_wrapped(left > 0
                     ? trf(lang_, txt::dots_left, {std::to_string(left), std::to_string(step.dots)})
                     : std::string(tr(lang_, txt::dots_all_given)));
    ImGui::PopFont();
    ImGui::BeginDisabled(!open);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float bs = ImGui::GetFrameHeight() * 1.2f;
    for (const option_def& o : opts) {
        ImGui::PushID(o.id.c_str());
        ImGui::Separator();
        int& n = d.dots[o.id];
        ImGui::BeginDisabled(n <= 0);
        if (ImGui::Button("−", {bs, bs}))
            --n;
        ImGui::EndDisabled();
        ImGui::SameLine();
        // The dots given to this option, as dots.
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float dot_r = bs * 0.16f, slot = dot_r * 2.7f;
        const int shown = std::max(step.max_per_option, 1);
        for (int i = 0; i < std::min(shown, 10); ++i) {
            const ImVec2 c{p.x + slot * (static_cast<float>(i) + 0.5f), p.y + bs / 2};
            if (i < n)
                dl->AddCircleFilled(c, dot_r, colors::accent, 16);
            else
                dl->AddCircle(c, dot_r, colors::accent_light, 16, 1.5f);
        }
        ImGui::Dummy({slot * static_cast<float>(std::min(shown, 10)), bs});
        ImGui::SameLine();
        ImGui::BeginDisabled(left <= 0 || n >= step.max_per_option);
        if (ImGui::Button("+", {bs, bs}))
            ++n;
        ImGui::EndDisabled();
        ImGui::SameLine(0, fonts_.base * 0.6f);
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (bs - ImGui::GetTextLineHeight()) / 2);
        text_wrapped(text_of(o.text));
        ImGui::PopID();
    }
    ImGui::Separator();
    json out = json::object();
    for (const auto& [id, n] : d.dots)
        if (n > 0)
            out[id] = n;
    json saved_json = json::object();
    for (const auto& [id, n] : saved)
        saved_json[id] = n;
    const bool changed = out != saved_json;
    ImGui::BeginDisabled(!changed);
    if (primary_button(tr(lang_, txt::save_button)) && changed)
        send_answer(step.id, {}, out, {});
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    ImGui::SameLine(0, fonts_.base);
    draw_saved_state(a);
}

//------------------------------------------------------------------------------
// [SECTION] list answers: open_text, inventory, action_plan

namespace {

/** How a field of a list answer's entry is typed. */
enum class field_shape {
    line,   // one line across the column
    half,   // one line, two side by side
    area,   // a few lines
    select, // one of the step's offer kinds
    checks, // any of the step's target groups
};

/** One field of an entry (docs/protocol.md, `answer` values of the list kinds). */
struct list_field {
    const char* name; // the entry's member; "" for open_text, whose entry is the text
    field_shape shape;
    std::uint32_t max; // characters (text fields), from the rules and the step
    bool required;
    txt hint;
};

/** The fields of an entry of the step's kind; the lengths as the server's rules give them. */
std::vector<list_field> list_fields_of(const step_def& step, const field_limits& f) {
    switch (step.kind) {
    case activity_kind::open_text:
        return {{"", field_shape::line, static_cast<std::uint32_t>(std::max(1, step.max_length)),
                 true, txt::no_names_note}};
    case activity_kind::inventory:
        return {{"name", field_shape::line, f.inventory_name, true, txt::inv_name},
                {"kind", field_shape::select, 0, true, txt::inv_kind},
                {"place", field_shape::line, f.inventory_place, false, txt::inv_place},
                {"families", field_shape::checks, 0, false, txt::inv_families},
                {"goals", field_shape::area, f.inventory_goals, false, txt::inv_goals}};
    case activity_kind::action_plan:
        return {{"what", field_shape::line, f.action_what, true, txt::act_what},
                {"who", field_shape::half, f.action_who, false, txt::act_who},
                {"when", field_shape::half, f.action_when, false, txt::act_when}};
    default:
        return {};
    }
}

/** A field of a saved entry as text ("" when absent). */
std::string field_text(const json& entry, const list_field& f) {
    const json& v =
        f.name[0] ? (entry.is_object() && entry.contains(f.name) ? entry[f.name] : json()) : entry;
    return v.is_string() ? v.get<std::string>() : std::string{};
}

} // namespace

void app::draw_talk_list(const step_def& step) {
    if (step.items.empty() || has_items(step.kind))
        return;
    ImGui::PushFont(fonts_.bold);
    ImGui::TextUnformatted(tr(lang_, txt::talk_title));
    ImGui::PopFont();
    for (std::size_t i = 0; i < step.items.size(); ++i) {
        const item_def& it = step.items[i];
        if (!it.group.empty() && (i == 0 || step.items[i - 1].group != it.group)) {
            ImGui::PushFont(fonts_.bold);
            text_wrapped(text_of(it.group));
            ImGui::PopFont();
        }
        if (!it.group.empty())
            ImGui::Indent(fonts_.base);
        ImGui::Bullet();
        ImGui::SameLine();
        text_wrapped(text_of(it.text));
        if (!it.group.empty())
            ImGui::Unindent(fonts_.base);
    }
    ImGui::Spacing();
}

void app::draw_list_answer(const step_def& step, bool open) {
    draw_talk_list(step);
    const std::vector<list_field> fields = list_fields_of(step, rules_.fields);
    answer_draft& d = drafts_[step.id];
    const my_answer* a = my(step.id);
    const json v = parse_value(a);
    const json saved = v.is_array() ? v : json::array();
    const bool full = saved.size() >= static_cast<std::size_t>(std::max(0, step.max_entries));
    text_wrapped_colored(colors::muted, tr(lang_, txt::no_names_note));

    // The form: one entry, field by field.
    ImGui::BeginDisabled(!open || full);
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    bool complete = true;
    bool after_half = false;
    json entry = fields.size() == 1 && !fields[0].name[0] ? json() : json::object();
    for (const list_field& f : fields) {
        ImGui::PushID(f.name[0] ? f.name : "text");
        std::string& text = d.form[f.name];
        const std::string hint = f.name[0] ? tr(lang_, f.hint) : text_of(step.placeholder);
        switch (f.shape) {
        case field_shape::line:
        case field_shape::half: {
            const bool half = f.shape == field_shape::half;
            if (half && after_half)
                ImGui::SameLine();
            ImGui::SetNextItemWidth(half ? (column_w_ - gap) / 2 : column_w_);
            if (ImGui::InputTextWithHint("##text", hint.c_str(), &text))
                utf8_truncate(text, f.max);
            after_half = half && !after_half;
            break;
        }
        case field_shape::area:
            if (ImGui::InputTextMultiline("##text", &text,
                                          {column_w_, ImGui::GetTextLineHeight() * 3.2f}))
                utf8_truncate(text, f.max);
            if (text.empty() && !ImGui::IsItemActive()) {
                const ImVec2 p = ImGui::GetItemRectMin();
                ImGui::GetWindowDrawList()->AddText({p.x + ImGui::GetStyle().FramePadding.x,
                                                     p.y + ImGui::GetStyle().FramePadding.y},
                                                    colors::muted, hint.c_str());
            }
            break;
        case field_shape::select: {
            const localized* chosen = text_in(step.offer_kinds, text);
            text_colored(colors::muted, hint);
            ImGui::SetNextItemWidth(column_w_);
            // The list is as wide as the column; a long kind is cut, and shown whole on hover.
            ImGui::SetNextWindowSizeConstraints(
                {column_w_, 0}, {column_w_, ImGui::GetTextLineHeightWithSpacing() * 12});
            const float item_w =
                column_w_ - ImGui::GetStyle().WindowPadding.x * 2 - ImGui::GetStyle().ScrollbarSize;
            const std::string shown =
                chosen ? ellipsize(fonts_.body, fonts_.base, text_of(*chosen), item_w)
                       : std::string(tr(lang_, txt::choose_kind));
            if (ImGui::BeginCombo("##select", shown.c_str())) {
                for (const option_def& k : step.offer_kinds) {
                    ImGui::PushID(k.id.c_str());
                    const std::string& whole = text_of(k.text);
                    if (ImGui::Selectable(
                            ellipsize(fonts_.body, fonts_.base, whole, item_w).c_str(),
                            text == k.id))
                        text = k.id;
                    if (ImGui::IsItemHovered() &&
                        text_width(fonts_.body, fonts_.base, whole) > item_w)
                        ImGui::SetTooltip("%s", whole.c_str());
                    ImGui::PopID();
                }
                ImGui::EndCombo();
            }
            if (!chosen)
                text.clear();
            break;
        }
        case field_shape::checks:
            ImGui::TextUnformatted(hint.c_str());
            // White boxes on white-ish paper need an edge to be seen.
            ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
            for (const option_def& g : step.target_groups) {
                ImGui::PushID(g.id.c_str());
                bool on = std::find(d.form_checks.begin(), d.form_checks.end(), g.id) !=
                          d.form_checks.end();
                if (ImGui::Checkbox(text_of(g.text).c_str(), &on)) {
                    if (on)
                        d.form_checks.push_back(g.id);
                    else
                        std::erase(d.form_checks, g.id);
                }
                ImGui::PopID();
            }
            ImGui::PopStyleVar();
            break;
        }
        if (f.shape == field_shape::checks) {
            // In the step's order, as the server stores them.
            json ids = json::array();
            for (const option_def& g : step.target_groups)
                if (std::find(d.form_checks.begin(), d.form_checks.end(), g.id) !=
                    d.form_checks.end())
                    ids.push_back(g.id);
            entry[f.name] = std::move(ids);
        } else {
            const std::string value = f.shape == field_shape::select ? text : stored(text);
            complete = complete && (!f.required || !value.empty());
            if (f.name[0])
                entry[f.name] = value;
            else
                entry = value;
            // The count appears only near the limit, so the fields do not jump while typing.
            const std::size_t len = chars_of(text);
            if (f.max > 0 && len * 10 > std::size_t{f.max} * 8)
                text_colored(colors::muted,
                             trf(lang_, txt::chars_left,
                                 {std::to_string(f.max - std::min<std::size_t>(len, f.max))}));
        }
        ImGui::PopID();
    }
    ImGui::BeginDisabled(!complete);
    if (primary_button(tr(lang_, txt::add_entry)) && complete) {
        json out = saved;
        out.push_back(std::move(entry));
        send_answer(step.id, {}, out, {});
        d.form.clear();
        d.form_checks.clear();
    }
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    if (full)
        text_colored(colors::muted,
                     trf(lang_, txt::entries_full, {std::to_string(step.max_entries)}));
    ImGui::SameLine(0, fonts_.base);
    draw_saved_state(a);

    // What this participant entered so far, each with a remove button: the first field in
    // bold, the other one-line fields after it.
    if (saved.empty() || fields.empty())
        return;
    ImGui::Spacing();
    ImGui::PushFont(fonts_.bold);
    ImGui::TextUnformatted(trf(lang_, txt::my_entries, {std::to_string(saved.size())}).c_str());
    ImGui::PopFont();
    for (std::size_t i = 0; i < saved.size(); ++i) {
        const json& x = saved[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::Separator();
        ImGui::PushFont(fonts_.bold);
        text_wrapped(field_text(x, fields[0]));
        ImGui::PopFont();
        std::string meta;
        for (std::size_t j = 1; j < fields.size(); ++j) {
            const list_field& f = fields[j];
            if (f.shape == field_shape::checks || f.shape == field_shape::area)
                continue;
            std::string t = field_text(x, f);
            if (f.shape == field_shape::select)
                if (const localized* k = text_in(step.offer_kinds, t))
                    t = text_of(*k);
            if (!t.empty())
                meta += (meta.empty() ? "" : "  ·  ") + t;
        }
        if (!meta.empty())
            text_colored(colors::muted, meta);
        ImGui::BeginDisabled(!open);
        if (ImGui::SmallButton(tr(lang_, txt::remove_entry))) {
            json out = saved;
            out.erase(out.begin() + static_cast<std::ptrdiff_t>(i));
            send_answer(step.id, {}, out, {});
        }
        ImGui::EndDisabled();
        ImGui::PopID();
    }
}

} // namespace kring::client
