// The floor_plan kind on the three screens; plan_view.cpp draws the plan itself.
//
// [SECTION] index
//   scene                  plan_scene, plan_area_name: the step and its result as plan_view
//                          draws them, in the screen's language and the rules' tones
//   result                 chart_plan: the plan with its heat map, clusters and pins (pins
//                          mode) or its routes (routes mode), and the legend; the projector
//                          shows one category or slot with 1..6 (0: all) or a click on the
//                          legend, and the pins' comments as cards with C
//   console                draw_plan_moderation: every pin or route, hide / show
//   participant            draw_answer_plan: place pins with a click (right-click removes),
//                          or draw routes point by point; the whole set is the answer
//   images from the console
//                          upload_image, on_image_posted: the console sends an image for a
//                          step (POST /photos/<code>): the building's own plan, which every
//                          screen draws (draw_plan_paper) instead of the template's rooms
//                          (draw_plan_upload), or an own image of an image choice's deck
//                          (draw_deck_upload: add, list, remove); both rows find their file
//                          with the chooser of file_chooser.hpp ("Kies bestand…")
#include "ui/app.hpp"
#include "ui/file_list.hpp"

#include "kring/floor_plan.hpp"
#include "kring/protocol.hpp"
#include "kring/text.hpp"
#include "ui/results.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace kring::client {

using nlohmann::json;

namespace {

/** The icon drawn when a category's tone is unknown to the rules. */
constexpr const char* plan_fallback_icon = "●";

bool plan_is_pins(const step_def& step) {
    return step.plan_mode == floor_plan::mode::pins;
}

/** A coordinate of the plan as the server keeps it: thousandths from 0 to 1. */
double plan_quantised(double v) {
    return std::round(std::clamp(v, 0.0, 1.0) * 1000.0) / 1000.0;
}

/** The first id "<prefix>1", "<prefix>2", … not used by any mark of `marks`. */
std::string plan_free_id(const json& marks, const char* prefix) {
    for (int n = 1;; ++n) {
        const std::string id = prefix + std::to_string(n);
        const bool used = std::any_of(marks.begin(), marks.end(), [&](const json& m) {
            return m.is_object() && m.value("id", std::string{}) == id;
        });
        if (!used)
            return id;
    }
}

/** A number of a saved mark, or `def`. */
double plan_num(const json& m, const char* key, double def = 0) {
    return m.is_object() && m.contains(key) && m[key].is_number() ? m[key].get<double>() : def;
}

std::string plan_str(const json& m, const char* key) {
    return m.is_object() && m.contains(key) && m[key].is_string() ? m[key].get<std::string>()
                                                                  : std::string{};
}

/** The points of a saved route. */
std::vector<std::pair<double, double>> plan_points_of(const json& r) {
    std::vector<std::pair<double, double>> out;
    if (!r.is_object() || !r.contains("points") || !r["points"].is_array())
        return out;
    for (const json& p : r["points"])
        if (p.is_array() && p.size() == 2 && p[0].is_number() && p[1].is_number())
            out.emplace_back(p[0].get<double>(), p[1].get<double>());
    return out;
}

/** The saved answer's JSON value (null when there is none). */
json plan_value(const my_answer* a) {
    if (!a || a->value.empty())
        return json();
    return json::parse(a->value, nullptr, false);
}

/** `s` cut to at most `n` characters, never inside a character. */
void plan_truncate(std::string& s, std::size_t n) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && chars++ == n) {
            s.resize(i);
            return;
        }
}

/** True once per click of mouse button `button` inside [a, b] of the current window. */
bool plan_clicked_in(ImVec2 a, ImVec2 b, int button = 0) {
    if (!ImGui::IsWindowHovered() || !ImGui::IsMouseClicked(button))
        return false;
    const ImVec2 m = ImGui::GetIO().MousePos;
    return m.x >= a.x && m.x <= b.x && m.y >= a.y && m.y <= b.y;
}

} // namespace

//------------------------------------------------------------------------------
// [SECTION] scene

std::string app::plan_image_of(const step_def& step) const {
    const wire::step_status* st = view_.valid ? view_.step(step.id) : nullptr;
    if (!st || st->plan_image.empty() || st->plan_width == 0 || st->plan_height == 0)
        return {};
    return st->plan_image;
}

plan_view::scene app::plan_scene(const step_def& step, const wire::step_result* res) const {
    plan_view::scene sc;
    sc.aspect = step.aspect > 0 ? step.aspect : 1.5;
    if (const wire::step_status* st = view_.valid ? view_.step(step.id) : nullptr;
        st && !plan_image_of(step).empty()) {
        // The own plan: its shape is the image's, and the template's rooms are not drawn on it.
        sc.own_image = true;
        sc.image = st->plan_image;
        sc.aspect = std::clamp(static_cast<double>(st->plan_width) / st->plan_height,
                               floor_plan::min_aspect, floor_plan::max_aspect);
    } else {
        for (const floor_plan::area& a : step.areas)
            sc.rooms.push_back({text_of(a.text), a.x, a.y, a.w, a.h});
    }
    const std::vector<pin_tone>& tones = rules_.pin_tones;
    if (plan_is_pins(step)) {
        for (const floor_plan::category& c : step.pin_categories) {
            const pin_tone* t = find_pin_tone(tones, c.tone);
            plan_view::key k{c.id, text_of(c.text),
                             plan_view::colour_of(t ? t->colour : std::string{}, colors::accent),
                             t && !t->icon.empty() ? t->icon : std::string(plan_fallback_icon), 0};
            if (res)
                for (const floor_plan::pin_row& p : res->pins)
                    k.count += !p.hidden && p.category == c.id;
            sc.keys.push_back(std::move(k));
        }
    } else {
        // Slot i is drawn in the rules' route style i (in turn), as the phones and the report.
        const std::vector<route_style>& styles = rules_.route_styles;
        for (std::size_t i = 0; i < step.slots.size(); ++i) {
            const option_def& o = step.slots[i];
            const route_style* st = styles.empty() ? nullptr : &styles[i % styles.size()];
            plan_view::key k{o.id, text_of(o.text),
                             plan_view::colour_of(st ? st->colour : std::string{}, colors::accent),
                             std::string(plan_fallback_icon), 0};
            if (res)
                for (const floor_plan::route_row& r : res->routes)
                    k.count += !r.hidden && r.slot == o.id;
            sc.keys.push_back(std::move(k));
        }
    }
    return sc;
}

std::string app::plan_area_name(const step_def& step, double x, double y) const {
    if (!plan_image_of(step).empty())
        return {}; // the template's rooms are not on the own plan
    const floor_plan::area* a = floor_plan::area_at(step, x, y);
    return a ? text_of(a->text) : std::string{};
}

//------------------------------------------------------------------------------
// [SECTION] result

float app::chart_plan(const step_def& step, const wire::step_result& res, const chart_box& box) {
    ImDrawList* dl = box.dl;
    const bool pins = plan_is_pins(step);
    if (plan_only_step_ != step.id) {
        plan_only_step_ = step.id;
        plan_only_.clear();
    }
    plan_view::scene sc = plan_scene(step, &res);
    if (!sc.find(plan_only_))
        plan_only_.clear();

    // The projector: 1..6 show one category or slot, 0 all of them again.
    if (box.fit)
        for (ImWchar ch : ImGui::GetIO().InputQueueCharacters) {
            if (ch == '0')
                plan_only_.clear();
            else if (ch >= '1' && ch <= '9' && static_cast<std::size_t>(ch - '1') < sc.keys.size())
                plan_only_ = sc.keys[static_cast<std::size_t>(ch - '1')].id;
        }

    if (pins && show_cards_ && box.fit) {
        // The pins' comments as cards, each with its category's word.
        std::vector<std::pair<std::string, int>> cards;
        for (const floor_plan::pin_row& p : res.pins) {
            if (p.hidden || p.comment.empty() || (!plan_only_.empty() && p.category != plan_only_))
                continue;
            const plan_view::key* k = sc.find(p.category);
            std::string t = k ? k->icon + " " + k->word : p.category;
            if (const std::string room = plan_area_name(step, p.x, p.y); !room.empty())
                t += " · " + room;
            cards.emplace_back(t + "\n“" + p.comment + "”", 1);
        }
        return chart_cards(cards, box);
    }

    // The legend in a column beside the plan when the screen is wide enough, else under it.
    const float screen_h = ImGui::GetWindowSize().y;
    const float ls =
        box.fit ? std::max(box.s * 0.8f, projector_min_text(screen_h) * 0.8f) : box.s * 0.9f;
    const plan_view::style st{fonts_.body, fonts_.bold, box.s};
    const plan_view::style legend_st{fonts_.body, fonts_.bold, ls};
    const float gap = box.s;
    float plan_w = box.w, plan_h = 0;
    bool column = false;
    float legend_w = box.w;
    if (box.fit) {
        const float full_w = box.h * static_cast<float>(sc.aspect);
        if (box.w - full_w >= ls * 9) {
            column = true;
            legend_w = std::min(ls * 14, box.w - full_w - gap);
        } else if (box.w > ls * 30 && box.h * static_cast<float>(sc.aspect) > box.w * 0.7f) {
            column = true;
            legend_w = ls * 10;
        }
        if (column) {
            plan_w = box.w - legend_w - gap;
            plan_h = box.h;
        } else {
            plan_h = box.h - legend_height(box.w, false, sc, legend_st) - gap;
        }
    } else {
        plan_w = std::min(box.w, box.s * 26);
        plan_h = plan_w / static_cast<float>(sc.aspect);
    }
    const plan_view::frame f =
        plan_view::fit(box.p0, {plan_w, std::max(plan_h, box.s * 4)}, sc.aspect);
    // On the projector the plan sits at the left, its legend right beside it.
    plan_view::frame pf = f;
    if (box.fit && column) {
        const float shift = pf.p0.x - box.p0.x;
        pf.p0.x -= shift;
        pf.p1.x -= shift;
    }
    draw_plan_paper(dl, pf, sc, st);
    bool any = false;
    if (pins) {
        plan_view::draw_heat(dl, pf, sc, res.heat_cols, res.heat_rows, res.heat, plan_only_);
        std::vector<plan_view::marker> marks;
        for (const floor_plan::cluster& c : res.clusters)
            marks.push_back({c.x, c.y, c.category, c.n});
        any = !marks.empty();
        plan_view::draw_markers(dl, pf, sc, marks, plan_only_, st);
    } else {
        std::vector<plan_view::line> lines;
        for (const floor_plan::route_row& r : res.routes)
            if (!r.hidden)
                lines.push_back({r.slot, r.points});
        any = !lines.empty();
        plan_view::draw_routes(dl, pf, sc, lines, plan_only_, st);
    }
    if (!any) {
        const char* t = tr(lang_, txt::no_answers_yet);
        const float ts = box.fit ? ls : box.s;
        const float tw = text_width(fonts_.body, ts, t);
        const ImVec2 c{(pf.p0.x + pf.p1.x) / 2, (pf.p0.y + pf.p1.y) / 2};
        dl->AddRectFilled({c.x - tw / 2 - ts * 0.6f, c.y - ts * 0.9f},
                          {c.x + tw / 2 + ts * 0.6f, c.y + ts * 0.9f}, colors::card, ts * 0.3f);
        dl->AddText(fonts_.body, ts, {c.x - tw / 2, c.y - ts / 2}, colors::muted, t);
    }

    // The legend; a click on a key shows that key alone, a second click all of them again.
    const ImVec2 lp = column ? ImVec2{pf.p1.x + gap, box.p0.y} : ImVec2{box.p0.x, pf.p1.y + gap};
    std::vector<std::pair<ImVec2, ImVec2>> hit;
    float lh = plan_view::draw_legend(dl, lp, legend_w, column, sc, plan_only_, legend_st, &hit);
    for (std::size_t i = 0; i < hit.size() && i < sc.keys.size(); ++i)
        if (plan_clicked_in(hit[i].first, hit[i].second))
            plan_only_ = plan_only_ == sc.keys[i].id ? std::string{} : sc.keys[i].id;
    if (box.fit) {
        for (const plan_view::key& k : sc.keys)
            record_text(k.word, ls);
        if (sc.keys.size() > 1) {
            const std::string hint = trf(lang_, pins ? txt::plan_keys_hint : txt::plan_slots_hint,
                                         {std::to_string(sc.keys.size())});
            const float hs = std::max(11.0f, fonts_.base * 0.5f);
            const float y = lp.y + lh + ls * 0.4f;
            lh += draw_wrapped(dl, fonts_.body, hs, {lp.x, y}, colors::muted, hint, legend_w) +
                  ls * 0.4f;
        }
    }
    const float bottom = column ? std::max(pf.p1.y, lp.y + lh) : lp.y + lh;
    return bottom - box.p0.y;
}

//------------------------------------------------------------------------------
// [SECTION] console

void app::draw_plan_moderation(const step_def& step, const wire::step_result& res) {
    const bool pins = plan_is_pins(step);
    const plan_view::scene sc = plan_scene(step, &res);
    ImGui::Spacing();
    ImGui::PushFont(fonts_.bold);
    ImGui::TextUnformatted(tr(lang_, pins ? txt::plan_pins_heading : txt::plan_routes_heading));
    ImGui::PopFont();
    if (wants_panel("plan") && panel_scroll_frames_ < 6 && view_.valid) {
        // --open plan: the list in view from the start (a few frames, while the layout settles).
        ImGui::SetScrollHereY(0.0f);
        ++panel_scroll_frames_;
    }
    text_wrapped_colored(colors::muted, tr(lang_, txt::plan_moderation_note));
    if ((pins && res.pins.empty()) || (!pins && res.routes.empty())) {
        text_colored(colors::muted, tr(lang_, txt::no_answers_yet));
        return;
    }
    const bool can = joined_ && connected();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float sw = ImGui::GetTextLineHeight();
    auto swatch = [&](const plan_view::key* k) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        if (k) {
            dl->AddRectFilled(p, {p.x + sw, p.y + sw}, k->colour, sw * 0.2f);
            plan_view::draw_icon(dl, fonts_.body, sw * 0.8f, {p.x + sw / 2, p.y + sw / 2},
                                 colors::white, k->icon);
        }
        ImGui::Dummy({sw, sw});
        ImGui::SameLine();
    };
    if (!ImGui::BeginTable("plan_marks", 3,
                           ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX))
        return;
    ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed, fonts_.base * 13);
    ImGui::TableSetupColumn("text", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("actions", ImGuiTableColumnFlags_WidthFixed,
                            std::max(ImGui::CalcTextSize(tr(lang_, txt::card_hide)).x,
                                     ImGui::CalcTextSize(tr(lang_, txt::card_show)).x) +
                                ImGui::GetStyle().FramePadding.x * 2);
    auto row = [&](const std::string& card, const plan_view::key* k, const std::string& key_id,
                   const std::string& text, const std::string& where, bool hidden) {
        ImGui::PushID(card.c_str());
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        swatch(k);
        text_wrapped_colored(hidden ? colors::muted : colors::ink, k ? k->word : key_id);
        ImGui::TableSetColumnIndex(1);
        if (!text.empty()) {
            if (hidden)
                text_wrapped_colored(colors::muted, text);
            else
                text_wrapped(text);
        }
        std::string meta = where;
        if (hidden)
            meta +=
                (meta.empty() ? "(" : "  (") + std::string(tr(lang_, txt::card_hidden_badge)) + ")";
        if (!meta.empty())
            text_wrapped_colored(colors::muted, meta);
        ImGui::TableSetColumnIndex(2);
        ImGui::BeginDisabled(!can);
        if (ImGui::SmallButton(tr(lang_, hidden ? txt::card_show : txt::card_hide)))
            send_card_control(hidden ? control_action::show_card : control_action::hide_card,
                              step.id, card);
        ImGui::EndDisabled();
        ImGui::PopID();
    };
    if (pins) {
        for (const floor_plan::pin_row& p : res.pins) {
            std::string where = plan_area_name(step, p.x, p.y);
            if (where.empty() && !sc.own_image)
                where = tr(lang_, txt::plan_no_area);
            row(p.card, sc.find(p.category), p.category,
                p.comment.empty() ? std::string{} : "“" + p.comment + "”", where, p.hidden);
        }
    } else {
        for (const floor_plan::route_row& r : res.routes) {
            std::string where;
            if (!r.points.empty() && !sc.own_image) {
                std::string from =
                    plan_area_name(step, r.points.front().first, r.points.front().second);
                std::string to =
                    plan_area_name(step, r.points.back().first, r.points.back().second);
                if (from.empty())
                    from = tr(lang_, txt::plan_no_area);
                if (to.empty())
                    to = tr(lang_, txt::plan_no_area);
                where = from + " → " + to;
            }
            row(r.card, sc.find(r.slot), r.slot,
                trf(lang_, txt::plan_route_points, {std::to_string(r.points.size())}), where,
                r.hidden);
        }
    }
    ImGui::EndTable();
}

//------------------------------------------------------------------------------
// [SECTION] participant

void app::draw_answer_plan(const step_def& step, bool open) {
    const bool pins = plan_is_pins(step);
    const plan_view::scene sc = plan_scene(step, nullptr);
    answer_draft& d = drafts_[step.id];
    const my_answer* a = my(step.id);
    const json v = plan_value(a);
    const json saved = v.is_array() ? v : json::array();
    const std::size_t max = static_cast<std::size_t>(std::max(1, step.max_entries));
    const bool full = saved.size() >= max;
    if (!sc.find(d.plan_key))
        d.plan_key = sc.keys.empty() ? std::string{} : sc.keys.front().id;

    text_wrapped_colored(colors::muted,
                         tr(lang_, pins ? txt::plan_pin_hint : txt::plan_route_hint));

    // The categories (or slots) as buttons in their tone's colour; the chosen one filled.
    ImGui::BeginDisabled(!open);
    for (std::size_t i = 0; i < sc.keys.size(); ++i) {
        const plan_view::key& k = sc.keys[i];
        ImGui::PushID(k.id.c_str());
        const bool on = d.plan_key == k.id;
        const std::string label = k.icon + "  " + k.word;
        const ImVec4 c = ImGui::ColorConvertU32ToFloat4(k.colour);
        ImGui::PushStyleColor(ImGuiCol_Button, on ? c : ImVec4{c.x, c.y, c.z, 0.16f});
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, on ? c : ImVec4{c.x, c.y, c.z, 0.3f});
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, c);
        ImGui::PushStyleColor(ImGuiCol_Text, on ? ImGui::ColorConvertU32ToFloat4(colors::white)
                                                : ImGui::ColorConvertU32ToFloat4(colors::ink));
        if (i > 0)
            same_line_if_fits(label.c_str());
        if (ImGui::Button(label.c_str()))
            d.plan_key = k.id;
        ImGui::PopStyleColor(4);
        ImGui::PopID();
    }
    if (pins && step.max_length > 0) {
        ImGui::SetNextItemWidth(column_w_);
        if (ImGui::InputTextWithHint("##pin_comment", tr(lang_, txt::plan_comment_hint),
                                     &d.plan_comment))
            plan_truncate(d.plan_comment, static_cast<std::size_t>(step.max_length));
    }
    ImGui::EndDisabled();

    // The plan: a click places a pin (or a route's next point), a right-click removes the
    // nearest pin (or the route's last point).
    // As wide as the column, but never taller than most of the window.
    const float w = std::min({column_w_, fonts_.base * 34,
                              ImGui::GetWindowHeight() * 0.6f * static_cast<float>(sc.aspect)});
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const plan_view::frame f =
        plan_view::fit(p0, {w, w / static_cast<float>(sc.aspect)}, sc.aspect);
    ImGui::InvisibleButton("##plan", {w, f.height()},
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const plan_view::style st{fonts_.body, fonts_.bold, fonts_.base * 0.9f};
    draw_plan_paper(dl, f, sc, st);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (pins) {
        std::vector<plan_view::marker> marks;
        for (const json& p : saved)
            marks.push_back({plan_num(p, "x"), plan_num(p, "y"), plan_str(p, "category"), 1});
        plan_view::draw_markers(dl, f, sc, marks, {}, st);
        if (open && hovered && ImGui::IsMouseClicked(0) && !full && !d.plan_key.empty()) {
            const auto [x, y] = f.to_plan(mouse);
            json pin = {{"id", plan_free_id(saved, "p")},
                        {"x", plan_quantised(x)},
                        {"y", plan_quantised(y)},
                        {"category", d.plan_key}};
            const std::string comment = normalize_text(d.plan_comment, text_form::line);
            if (!comment.empty())
                pin["comment"] = comment;
            json out = saved;
            out.push_back(std::move(pin));
            send_answer(step.id, {}, out, {});
            d.plan_comment.clear();
        }
        if (open && hovered && ImGui::IsMouseClicked(1) && !saved.empty()) {
            // The pin nearest to the click (its point or its head), if it is close enough.
            std::size_t best = saved.size();
            float best_d = fonts_.base * 1.6f;
            for (std::size_t i = 0; i < saved.size(); ++i) {
                const ImVec2 p = f.at(plan_num(saved[i], "x"), plan_num(saved[i], "y"));
                const float head = st.s * 0.55f * 1.55f;
                for (float dy : {0.0f, head}) {
                    const float dd = std::hypot(mouse.x - p.x, mouse.y - (p.y - dy));
                    if (dd < best_d) {
                        best_d = dd;
                        best = i;
                    }
                }
            }
            if (best < saved.size()) {
                json out = saved;
                out.erase(out.begin() + static_cast<std::ptrdiff_t>(best));
                send_answer(step.id, {}, out, {});
            }
        }
    } else {
        std::vector<plan_view::line> lines;
        for (const json& r : saved)
            lines.push_back({plan_str(r, "slot"), plan_points_of(r)});
        plan_view::draw_routes(dl, f, sc, lines, {}, st);
        // The route being drawn: its points so far, in the chosen slot's colour.
        if (const plan_view::key* k = sc.find(d.plan_key); k && !d.plan_route.empty()) {
            std::vector<ImVec2> pts;
            for (const auto& [x, y] : d.plan_route)
                pts.push_back(f.at(x, y));
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), k->colour, ImDrawFlags_None,
                            std::max(2.0f, st.s * 0.14f));
            for (const ImVec2& p : pts) {
                dl->AddCircleFilled(p, st.s * 0.3f, k->colour, 16);
                dl->AddCircle(p, st.s * 0.3f, colors::white, 16, 1.5f);
            }
        }
        if (open && hovered && ImGui::IsMouseClicked(0) && !full &&
            d.plan_route.size() < floor_plan::max_points) {
            const auto [x, y] = f.to_plan(mouse);
            d.plan_route.emplace_back(plan_quantised(x), plan_quantised(y));
        }
        if (open && hovered && ImGui::IsMouseClicked(1) && !d.plan_route.empty())
            d.plan_route.pop_back();
    }

    // What is placed, how many may be, and whether it is saved.
    if (pins)
        text_colored(colors::muted, trf(lang_, txt::plan_pins_count,
                                        {std::to_string(saved.size()), std::to_string(max)}));
    else
        text_colored(colors::muted, trf(lang_, txt::plan_routes_count,
                                        {std::to_string(saved.size()), std::to_string(max)}));
    if (!pins) {
        ImGui::BeginDisabled(!open || full || d.plan_route.size() < floor_plan::min_points ||
                             d.plan_key.empty());
        if (primary_button(tr(lang_, txt::plan_route_save))) {
            json pts = json::array();
            for (const auto& [x, y] : d.plan_route)
                pts.push_back(json::array({x, y}));
            json out = saved;
            out.push_back(
                {{"id", plan_free_id(saved, "r")}, {"slot", d.plan_key}, {"points", pts}});
            send_answer(step.id, {}, out, {});
            d.plan_route.clear();
        }
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::BeginDisabled(!open || d.plan_route.empty());
        if (ImGui::Button(tr(lang_, txt::plan_route_clear)))
            d.plan_route.clear();
        ImGui::EndDisabled();
        ImGui::SameLine(0, fonts_.base);
    }
    if (full)
        text_colored(colors::muted, trf(lang_, txt::entries_full, {std::to_string(max)}));
    if (a) {
        if (full || !pins)
            ImGui::SameLine(0, fonts_.base);
        draw_saved_state(a);
    }

    // The list: each pin or route with its word, its room and a button that removes it.
    if (saved.empty())
        return;
    ImGui::Spacing();
    ImGui::PushFont(fonts_.bold);
    ImGui::TextUnformatted(trf(lang_, txt::my_entries, {std::to_string(saved.size())}).c_str());
    ImGui::PopFont();
    for (std::size_t i = 0; i < saved.size(); ++i) {
        const json& m = saved[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::Separator();
        const plan_view::key* k = sc.find(plan_str(m, pins ? "category" : "slot"));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float sw = ImGui::GetTextLineHeight();
        if (k) {
            dl->AddRectFilled(p, {p.x + sw, p.y + sw}, k->colour, sw * 0.2f);
            plan_view::draw_icon(dl, fonts_.body, sw * 0.8f, {p.x + sw / 2, p.y + sw / 2},
                                 colors::white, k->icon);
        }
        ImGui::Dummy({sw, sw});
        ImGui::SameLine();
        std::string line = k ? k->word : plan_str(m, pins ? "category" : "slot");
        std::string where;
        if (pins) {
            where = plan_area_name(step, plan_num(m, "x"), plan_num(m, "y"));
        } else {
            const auto pts = plan_points_of(m);
            if (!pts.empty()) {
                const std::string from =
                    plan_area_name(step, pts.front().first, pts.front().second);
                const std::string to = plan_area_name(step, pts.back().first, pts.back().second);
                if (!from.empty() || !to.empty())
                    where = (from.empty() ? std::string(tr(lang_, txt::plan_no_area)) : from) +
                            " → " + (to.empty() ? std::string(tr(lang_, txt::plan_no_area)) : to);
            }
        }
        if (!where.empty())
            line += "  ·  " + where;
        text_wrapped(line);
        if (const std::string c = plan_str(m, "comment"); !c.empty())
            text_wrapped_colored(colors::muted, "“" + c + "”");
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

//------------------------------------------------------------------------------
// [SECTION] images from the console

namespace {

/** The file's type from its first bytes: "image/png", "image/jpeg", or "" for anything else. */
std::string image_sniff(const std::string& bytes) {
    if (bytes.size() >= 8 && bytes.compare(0, 8, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
        static_cast<unsigned char>(bytes[1]) == 0xD8 &&
        static_cast<unsigned char>(bytes[2]) == 0xFF)
        return "image/jpeg";
    return {};
}

/** A path as people paste it: without the spaces or quotes around it. */
std::string trim_path(std::string p) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!p.empty() && blank(p.back()))
        p.pop_back();
    std::size_t i = 0;
    while (i < p.size() && blank(p[i]))
        ++i;
    p.erase(0, i);
    if (p.size() >= 2 && (p.front() == '"' || p.front() == '\'') && p.back() == p.front())
        p = p.substr(1, p.size() - 2);
    return p;
}

/** A caption for the Kring-Caption header: UTF-8, percent-encoded as encodeURIComponent does. */
std::string percent_encoded(const std::string& s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || std::strchr("-_.!~*'()", c) != nullptr) {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

/**
 * The server's typed error of an upload in words (docs/protocol.md section 7): a floor plan's
 * (`deck` false) or an own image's.
 */
std::string upload_error_words(lang l, bool deck, const std::string& code,
                               const client_rules& rules) {
    if (code == "photo_too_large")
        return trf(l, txt::plan_err_too_large, {files::megabytes(rules.photos.max_bytes)});
    if (code == "photo_unsupported_type" || code == "photo_type_mismatch")
        return tr(l, deck ? txt::deck_err_type : txt::plan_err_type);
    if (code == "photo_not_an_image" || code == "photo_empty")
        return tr(l, txt::plan_err_not_image);
    if (code == "photo_too_many_pixels")
        return tr(l, txt::plan_err_pixels);
    if (code == "photo_damaged")
        return tr(l, txt::plan_err_damaged);
    if (code == "photo_busy")
        return tr(l, deck ? txt::deck_err_busy : txt::plan_err_busy);
    if (code == "bad_value")
        return tr(l, deck ? txt::deck_err_not_deck : txt::plan_err_not_plan);
    if (code == "forbidden")
        return tr(l, deck ? txt::deck_err_forbidden : txt::plan_err_forbidden);
    if (deck && code == "photo_limit")
        return trf(l, txt::deck_err_limit, {std::to_string(rules.max_own_images)});
    if (deck && code == "step_not_open")
        return tr(l, txt::deck_err_closed);
    if (deck && code == "text_too_long")
        return trf(l, txt::deck_err_too_long, {std::to_string(rules.max_own_caption)});
    return error_text(l, code);
}

} // namespace

void app::draw_plan_paper(ImDrawList* dl, const plan_view::frame& f, const plan_view::scene& sc,
                          const plan_view::style& st) {
    // Until the own image is here (or when it cannot be had): the plain plan frame.
    ImTextureID id{};
    const ImTextureID* image = nullptr;
    if (sc.own_image && !sc.image.empty())
        if (const texture* tex = photos_.get(sc.image)) {
            id = tex->im_id();
            image = &id;
        }
    plan_view::draw_plan(dl, f, sc, st, image);
}

app::step_upload& app::upload_of(activity_kind kind) {
    return kind == activity_kind::image_choice ? deck_upload_ : plan_upload_;
}

bool app::step_files_due() const {
    if (opt_.mode != app_mode::facilitator)
        return false;
    auto due = [&](const std::string& file, const step_upload& up, activity_kind kind) {
        if (file.empty() || up.file_sent)
            return false;
        if (!agenda_.valid)
            return true;
        return std::any_of(agenda_.def.steps.begin(), agenda_.def.steps.end(),
                           [kind](const step_def& s) { return s.kind == kind; });
    };
    return due(opt_.plan_file, plan_upload_, activity_kind::floor_plan) ||
           due(opt_.deck_file, deck_upload_, activity_kind::image_choice);
}

bool app::upload_image(const step_def& step, step_upload& up) {
    up.message_step = step.id;
    up.message_ok = false;
    const std::string path = trim_path(up.path);
    if (path.empty()) {
        up.message = tr(lang_, txt::plan_err_no_file);
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        up.message = trf(lang_, txt::plan_err_read, {path});
        return false;
    }
    // Never more than the server takes (rules.photos.max_bytes): a larger file is not read.
    const std::size_t max_bytes = rules_.photos.max_bytes;
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (size < 0) {
        up.message = trf(lang_, txt::plan_err_read, {path});
        return false;
    }
    if (static_cast<std::size_t>(size) > max_bytes) {
        up.message = trf(lang_, txt::plan_err_too_large, {files::megabytes(max_bytes)});
        return false;
    }
    std::string bytes(static_cast<std::size_t>(size), '\0');
    if (size > 0 && !in.read(bytes.data(), size)) {
        up.message = trf(lang_, txt::plan_err_read, {path});
        return false;
    }
    if (bytes.empty()) {
        up.message = tr(lang_, txt::plan_err_not_image);
        return false;
    }
    const bool deck = step.kind == activity_kind::image_choice;
    const std::string type = image_sniff(bytes);
    if (type.empty()) {
        up.message = tr(lang_, deck ? txt::deck_err_type : txt::plan_err_type);
        return false;
    }
    const std::string key = photo_key();
    if (code_.empty() || key.empty()) {
        up.message = tr(lang_, deck ? txt::deck_err_forbidden : txt::plan_err_forbidden);
        return false;
    }
    http_post p;
    p.target = "/photos/" + code_;
    p.bearer = key;
    p.headers.emplace_back("Kring-Step", step.id);
    // An own image's caption (its alt text on every screen); without one the server names it.
    if (std::string caption = normalize_text(up.caption, text_form::line);
        deck && !caption.empty()) {
        plan_truncate(caption, rules_.max_own_caption);
        p.headers.emplace_back("Kring-Caption", percent_encoded(caption));
    }
    p.content_type = type;
    p.body = std::move(bytes);
    conn_->post(std::move(p));
    uploading_ = true;
    upload_step_ = step.id;
    upload_kind_ = step.kind;
    up.message.clear();
    return true;
}

void app::on_image_posted(const net_event& e) {
    if (!uploading_)
        return;
    uploading_ = false;
    const bool deck = upload_kind_ == activity_kind::image_choice;
    step_upload& up = upload_of(upload_kind_);
    up.message_step = upload_step_;
    const char* what = deck ? "own image" : "plan image";
    if (e.status == 201 || e.status == 200) {
        up.message_ok = true;
        up.message = tr(lang_, deck ? txt::deck_added : txt::plan_uploaded);
        if (deck) {
            // The next one starts afresh; the path stays for a second file of the same folder.
            up.caption.clear();
        }
        std::fprintf(stderr, "kring: %s set for step %s\n", what, upload_step_.c_str());
        return;
    }
    up.message_ok = false;
    std::string words;
    if (e.status == 0) {
        words = tr(lang_, txt::plan_err_network);
    } else {
        const json j = json::parse(e.body, nullptr, false);
        const std::string code = j.is_object() && j.contains("code") && j["code"].is_string()
                                     ? j["code"].get<std::string>()
                                     : std::string{};
        words = code.empty() ? "HTTP " + std::to_string(e.status)
                             : upload_error_words(lang_, deck, code, rules_);
    }
    up.message = trf(lang_, deck ? txt::deck_add_failed : txt::plan_upload_failed, {words});
    std::fprintf(stderr, "kring: %s not set (HTTP %d): %s %s\n", what, e.status, up.message.c_str(),
                 e.body.c_str());
}

void app::send_step_files() {
    // --plan-file, --deck-file: each file goes to the first step of its kind once the session
    // is here, one POST at a time.
    if (!step_files_due() || uploading_ || !joined_ || !connected() || !agenda_.valid ||
        !view_.valid)
        return;
    for (const auto& [file, kind] : {std::pair{&opt_.plan_file, activity_kind::floor_plan},
                                     std::pair{&opt_.deck_file, activity_kind::image_choice}}) {
        step_upload& up = upload_of(kind);
        if (file->empty() || up.file_sent)
            continue;
        const auto s = std::find_if(agenda_.def.steps.begin(), agenda_.def.steps.end(),
                                    [kind](const step_def& d) { return d.kind == kind; });
        if (s == agenda_.def.steps.end())
            continue;
        up.file_sent = true;
        up.path = *file;
        if (!upload_image(*s, up))
            std::fprintf(stderr, "kring: %s: %s\n",
                         kind == activity_kind::floor_plan ? "--plan-file" : "--deck-file",
                         up.message.c_str());
        return;
    }
}

void app::draw_plan_upload(const step_def& step) {
    step_upload& up = plan_upload_;
    ImGui::PushID("own_plan");
    ImGui::PushFont(fonts_.bold);
    ImGui::TextUnformatted(tr(lang_, txt::plan_own_heading));
    ImGui::PopFont();
    text_wrapped_colored(
        colors::muted, trf(lang_, txt::plan_own_note, {files::megabytes(rules_.photos.max_bytes)}));
    if (const wire::step_status* st = view_.valid ? view_.step(step.id) : nullptr;
        st && !plan_image_of(step).empty())
        text_wrapped(trf(lang_, txt::plan_own_set,
                         {std::to_string(st->plan_width), std::to_string(st->plan_height)}));
    else
        text_wrapped_colored(colors::muted, tr(lang_, txt::plan_own_none));
    const ImGuiStyle& style = ImGui::GetStyle();
    const float button_w = ImGui::CalcTextSize(tr(lang_, txt::plan_upload)).x +
                           ImGui::CalcTextSize(tr(lang_, txt::choose_file)).x +
                           style.FramePadding.x * 4 + style.ItemSpacing.x;
    ImGui::SetNextItemWidth(std::max(fonts_.base * 8, ImGui::GetContentRegionAvail().x - button_w -
                                                          style.ItemSpacing.x));
    const bool enter = ImGui::InputTextWithHint("##plan_file", tr(lang_, txt::plan_file_hint),
                                                &up.path, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    // The field keeps taking a typed or pasted path; the chooser fills it in.
    draw_choose_file(up);
    ImGui::SameLine();
    const bool can = joined_ && connected() && !uploading_;
    ImGui::BeginDisabled(!can);
    if ((ImGui::Button(tr(lang_, txt::plan_upload)) || enter) && can)
        upload_image(step, up);
    note_clickable(tr(lang_, txt::plan_upload));
    ImGui::EndDisabled();
    // A chosen file waits in the field for "Upload plan".
    draw_upload_outcome(step, up, txt::plan_uploading);
    ImGui::PopID();
    ImGui::Spacing();
}

void app::draw_choose_file(step_upload& up) {
    if (ImGui::Button(tr(lang_, txt::choose_file)))
        up.chooser.open(up.path, rules_.photos.max_bytes);
    note_clickable(tr(lang_, txt::choose_file));
}

void app::draw_upload_outcome(const step_def& step, step_upload& up, txt uploading) {
    if (up.chooser.draw(lang_, fonts_, up.path))
        up.message.clear();
    if (uploading_ && upload_step_ == step.id)
        text_colored(colors::muted, tr(lang_, uploading));
    else if (!up.message.empty() && up.message_step == step.id)
        text_wrapped_colored(up.message_ok ? colors::green : colors::red, up.message);
}

void app::draw_deck_upload(const step_def& step) {
    step_upload& up = deck_upload_;
    const wire::step_status* st = view_.valid ? view_.step(step.id) : nullptr;
    const std::vector<image_choice::own_image>& own = own_images_of(step);
    const std::size_t max = rules_.max_own_images;
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::PushID("own_images");
    ImGui::PushFont(fonts_.bold);
    ImGui::TextUnformatted(tr(lang_, txt::deck_heading));
    ImGui::PopFont();
    if (wants_panel("images") && panel_scroll_frames_ < 6 && view_.valid) {
        // --open images: the own images in view from the start (a few frames, while the
        // layout settles).
        ImGui::SetScrollHereY(0.0f);
        ++panel_scroll_frames_;
    }
    text_wrapped_colored(colors::muted,
                         trf(lang_, txt::deck_note, {files::megabytes(rules_.photos.max_bytes)}));
    ImGui::TextUnformatted(
        trf(lang_, txt::deck_count, {std::to_string(own.size()), std::to_string(max)}).c_str());

    // The list: a small thumbnail once fetched, the alt text, the size, and "Remove".
    bool ask_remove = false;
    if (!own.empty() &&
        ImGui::BeginTable("own_list", 3,
                          ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX)) {
        const float thumb_w = std::round(fonts_.base * 5.0f);
        const float thumb_h = std::round(thumb_w * 0.75f);
        const float remove_w =
            ImGui::CalcTextSize(tr(lang_, txt::remove_entry)).x + style.FramePadding.x * 2;
        ImGui::TableSetupColumn("image", ImGuiTableColumnFlags_WidthFixed, thumb_w);
        ImGui::TableSetupColumn("text", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("actions", ImGuiTableColumnFlags_WidthFixed, remove_w);
        for (const image_choice::own_image& im : own) {
            ImGui::PushID(im.id.c_str());
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            const ImVec2 p0 = ImGui::GetCursorScreenPos();
            draw_photo(ImGui::GetWindowDrawList(), im.id, p0, {p0.x + thumb_w, p0.y + thumb_h},
                       true, 4.0f, fonts_.base * 0.6f);
            ImGui::Dummy({thumb_w, thumb_h});
            ImGui::TableSetColumnIndex(1);
            text_wrapped(text_of(im.alt));
            text_colored(colors::muted, trf(lang_, txt::deck_size,
                                            {std::to_string(im.width), std::to_string(im.height)}));
            ImGui::TableSetColumnIndex(2);
            ImGui::BeginDisabled(!joined_ || !connected());
            if (ImGui::Button(tr(lang_, txt::remove_entry), {remove_w, 0})) {
                photo_delete_step_ = step.id;
                photo_delete_id_ = im.id;
                photo_delete_caption_ = text_of(im.alt);
                ask_remove = true;
            }
            ImGui::EndDisabled();
            ImGui::PopID();
        }
        ImGui::EndTable();
    }

    // Another one: the step takes own images until it is closed or locked, up to the rules'
    // number; a path, an optional caption, "Add" (or Enter in either field).
    const bool closed = st && (st->ph == phase::closed || st->locked);
    const bool full = own.size() >= max;
    if (closed) {
        text_wrapped_colored(colors::muted, tr(lang_, txt::deck_closed));
    } else if (full) {
        text_wrapped_colored(colors::muted, trf(lang_, txt::deck_full, {std::to_string(max)}));
    } else {
        const float button_w =
            ImGui::CalcTextSize(tr(lang_, txt::deck_add)).x + style.FramePadding.x * 2;
        const float choose_w =
            ImGui::CalcTextSize(tr(lang_, txt::choose_file)).x + style.FramePadding.x * 2;
        const float field_w = std::max(fonts_.base * 8, ImGui::GetContentRegionAvail().x -
                                                            button_w - style.ItemSpacing.x);
        ImGui::SetNextItemWidth(
            std::max(fonts_.base * 8, field_w - choose_w - style.ItemSpacing.x));
        bool enter = ImGui::InputTextWithHint("##deck_file", tr(lang_, txt::plan_file_hint),
                                              &up.path, ImGuiInputTextFlags_EnterReturnsTrue);
        // The field keeps taking a typed or pasted path; the chooser fills it in, and "Add"
        // sends it.
        ImGui::SameLine();
        draw_choose_file(up);
        ImGui::SetNextItemWidth(field_w);
        const std::string caption_hint =
            trf(lang_, txt::deck_caption_hint, {std::to_string(rules_.max_own_caption)});
        if (ImGui::InputTextWithHint("##deck_caption", caption_hint.c_str(), &up.caption,
                                     ImGuiInputTextFlags_EnterReturnsTrue))
            enter = true;
        plan_truncate(up.caption, rules_.max_own_caption);
        ImGui::SameLine();
        const bool can = joined_ && connected() && !uploading_;
        ImGui::BeginDisabled(!can);
        if ((ImGui::Button(tr(lang_, txt::deck_add)) || enter) && can)
            upload_image(step, up);
        note_clickable(tr(lang_, txt::deck_add));
        ImGui::EndDisabled();
    }
    // A chosen file waits in the field for "Add" (and a caption).
    draw_upload_outcome(step, up, txt::deck_uploading);
    ImGui::PopID();
    // Opened in the scope where draw_photo_delete_dialog (after this) looks for it.
    if (ask_remove)
        ImGui::OpenPopup("##delete_photo");
    ImGui::Spacing();
}

} // namespace kring::client
