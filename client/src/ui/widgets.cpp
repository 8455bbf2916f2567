#include "ui/widgets.hpp"

#include "ui/plan_view.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

namespace kring::client {

//------------------------------------------------------------------------------
// [SECTION] Fonts

namespace {

constexpr const char* font_regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* font_bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

// Latin-1 (via the default range), Latin Extended-A (ĳ, č, ş, …), General Punctuation
// (’ “ ” – — …), the euro sign and the symbols drawn as text (✓ ✕ ✗, the pin icons ● ◐ ▲ ✚ ■).
constexpr ImWchar extra_ranges[] = {
    0x0100, 0x017F, // Latin Extended-A
    0x2010, 0x205E, // General Punctuation
    0x20AC, 0x20AC, // €
    0x2190, 0x2193, // ← ↑ → ↓
    0x2212, 0x2212, // − (the minus of the dot buttons)
    0x2713, 0x2717, // ✓ ✔ ✕ ✖ ✗
    0x25A0, 0x25FF, // Geometric Shapes: ● and the floor plan's pin icons (◐ ▲ ■)
    0x271A, 0x271A, // ✚ (a pin icon)
    0,
};

// The join code uses only unambiguous capitals and digits; keep that font small in the atlas.
constexpr ImWchar ascii_ranges[] = {0x0020, 0x007E, 0};

const ImWchar* text_ranges(ImFontAtlas& atlas) {
    // The atlas keeps a pointer to the ranges until it is built: static storage.
    static ImVector<ImWchar> ranges;
    if (ranges.empty()) {
        ImFontGlyphRangesBuilder b;
        b.AddRanges(atlas.GetGlyphRangesDefault());
        b.AddRanges(extra_ranges);
        b.BuildRanges(&ranges);
    }
    return ranges.Data;
}

ImFont* add_font(ImFontAtlas& atlas, const char* path, float px, const ImWchar* ranges,
                 int oversample) {
    ImFontConfig cfg;
    cfg.OversampleH = oversample;
    cfg.OversampleV = 1;
    return atlas.AddFontFromFileTTF(path, px, &cfg, ranges);
}

} // namespace

font_set load_fonts(ImFontAtlas& atlas, float base, float huge) {
    atlas.Clear();
    font_set f;
    f.base = base;
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(font_regular, ec)) {
        std::fprintf(stderr,
                     "kring: warning: %s is missing (install fonts-dejavu-core); "
                     "using ImGui's default font, some characters will not render\n",
                     font_regular);
        ImFontConfig cfg;
        cfg.SizePixels = std::round(base);
        f.body = f.bold = f.heading = f.title = f.huge = atlas.AddFontDefault(&cfg);
        return f;
    }
    const char* bold_path = fs::exists(font_bold, ec) ? font_bold : font_regular;
    const ImWchar* ranges = text_ranges(atlas);
    // Large sizes need no horizontal oversampling; it would only grow the texture.
    f.body = add_font(atlas, font_regular, std::round(base), ranges, base < 30 ? 2 : 1);
    f.bold = add_font(atlas, bold_path, std::round(base), ranges, base < 30 ? 2 : 1);
    f.heading = add_font(atlas, bold_path, std::round(base * 1.35f), ranges, 1);
    f.title = add_font(atlas, bold_path, std::round(base * 1.9f), ranges, 1);
    f.huge = add_font(atlas, bold_path, std::round(huge), ascii_ranges, 1);
    return f;
}

//------------------------------------------------------------------------------
// [SECTION] Colours and icons

namespace {

/** The traffic-light vocabulary in use: the server's rules (welcome.rules.lights). */
std::vector<kring::light_word>& lights_now() {
    static std::vector<kring::light_word> words = light_words();
    return words;
}

/** "#rrggbb" as a colour; nullopt for anything else (plan_view::colour_of reads it). */
std::optional<ImU32> parse_colour(const std::string& hex) {
    constexpr ImU32 none = 0; // a parsed colour is opaque, so never 0
    const ImU32 c = plan_view::colour_of(hex, none);
    return c == none ? std::nullopt : std::optional<ImU32>(c);
}

} // namespace

ImU32 default_light_colour(std::string_view id) {
    for (const auto& w : light_words())
        if (w.id == id)
            if (const std::optional<ImU32> c = parse_colour(w.colour))
                return *c;
    return IM_COL32(0x80, 0x80, 0x80, 0xff);
}

namespace {

const kring::light_word* word_of(light k) {
    for (const auto& w : lights_now())
        if (w.id == traffic_light::to_string(k))
            return &w;
    return nullptr;
}

} // namespace

void set_lights(const std::vector<kring::light_word>& lights) {
    lights_now() = lights;
    for (light k : answer_lights) {
        const kring::light_word* w = word_of(k);
        const std::optional<ImU32> c = w ? parse_colour(w->colour) : std::nullopt;
        if (!c)
            continue;
        switch (k) {
        case light::green:
            colors::green = *c;
            break;
        case light::orange:
            colors::orange = *c;
            break;
        case light::red:
            colors::red = *c;
            break;
        case light::pass:
            colors::pass = *c;
            break;
        case light::none:
            break;
        }
    }
}

ImU32 light_color(light k) {
    switch (k) {
    case light::green:
        return colors::green;
    case light::orange:
        return colors::orange;
    case light::red:
        return colors::red;
    case light::pass:
    case light::none:
        break;
    }
    return colors::pass;
}

ImU32 light_text_color(light k) {
    // White on a dark colour, dark ink on a light one (in either theme: the theme's ink is
    // light in the dark one).
    const ImVec4 c = ImGui::ColorConvertU32ToFloat4(light_color(k));
    const float luminance = 0.2126f * c.x + 0.7152f * c.y + 0.0722f * c.z;
    return luminance > 0.55f ? IM_COL32(0x22, 0x25, 0x2b, 0xff) : colors::white;
}

const char* light_label(lang l, light k) {
    // One word per answer everywhere (the rules' table): no shortened second vocabulary.
    if (const kring::light_word* w = word_of(k))
        return pick(l, w->word).c_str();
    return "";
}

bar_counts bar_of(const traffic_light::tally& t) {
    return {static_cast<int>(t.green), static_cast<int>(t.orange), static_cast<int>(t.red),
            static_cast<int>(t.pass)};
}

bar_counts bar_of(const traffic_light::item_result& r) {
    return bar_of(traffic_light::tally{r.green, r.orange, r.red, r.pass});
}

void draw_light_icon(ImDrawList* dl, light k, ImVec2 c, float size, ImU32 col) {
    // The shapes of the rules' table (rules.hpp: ● ◐ ▲ –), as the phone shows them; drawn,
    // not taken from a font: crisp at every size, and told apart without colour.
    const float s = size;
    const float t = std::max(1.5f, s * 0.12f);
    switch (k) {
    case light::green: // ● a full disc
        dl->AddCircleFilled(c, 0.36f * s, col, 32);
        break;
    case light::orange: { // ◐ a ring, its left half filled
        const float r = 0.36f * s;
        dl->PathArcTo(c, r - t * 0.5f, IM_PI * 0.5f, IM_PI * 1.5f, 24);
        dl->PathFillConvex(col);
        dl->AddCircle(c, r - t * 0.5f, col, 32, t);
        break;
    }
    case light::red: // ▲ a triangle, point up
        dl->AddTriangleFilled({c.x, c.y - 0.38f * s}, {c.x + 0.40f * s, c.y + 0.32f * s},
                              {c.x - 0.40f * s, c.y + 0.32f * s}, col);
        break;
    case light::none:
        break;
    case light::pass: // – a dash
        dl->AddLine({c.x - 0.30f * s, c.y}, {c.x + 0.30f * s, c.y}, col, t * 1.4f);
        break;
    }
}

const char* kind_word(lang l, activity_kind kind) {
    switch (kind) {
    case activity_kind::traffic_light:
        return tr(l, txt::kind_traffic_light);
    case activity_kind::scale:
        return tr(l, txt::kind_scale);
    case activity_kind::choice:
        return tr(l, txt::kind_choice);
    case activity_kind::image_choice:
        return tr(l, txt::kind_image_choice);
    case activity_kind::open_text:
        return tr(l, txt::kind_open_text);
    case activity_kind::dot_vote:
        return tr(l, txt::kind_dot_vote);
    case activity_kind::inventory:
        return tr(l, txt::kind_inventory);
    case activity_kind::action_plan:
        return tr(l, txt::kind_action_plan);
    case activity_kind::photo:
        return tr(l, txt::kind_photo);
    case activity_kind::floor_plan:
        return tr(l, txt::kind_floor_plan);
    case activity_kind::unknown:
        break;
    }
    return "";
}

void draw_kind_icon(ImDrawList* dl, activity_kind kind, ImVec2 c, float size, ImU32 col) {
    const float h = size / 2;
    const float t = std::max(1.2f, size * 0.1f);
    if (kind == activity_kind::traffic_light) {
        // Three lamps in a row: green, orange, red (the word says which is which).
        const float r = size * 0.16f;
        const ImU32 lamps[] = {colors::green, colors::orange, colors::red};
        for (int i = 0; i < 3; ++i)
            dl->AddCircleFilled({c.x + (static_cast<float>(i) - 1) * r * 2.4f, c.y}, r, lamps[i]);
    } else if (kind == activity_kind::scale) {
        for (int i = 0; i < 4; ++i) {
            const float x = c.x - h + static_cast<float>(i) * size * 0.27f;
            const float bh = size * (0.25f + 0.22f * static_cast<float>(i));
            dl->AddRectFilled({x, c.y + h - bh}, {x + size * 0.18f, c.y + h}, col, 1.0f);
        }
    } else if (kind == activity_kind::choice) {
        dl->AddCircle(c, h * 0.85f, col, 0, t);
        dl->AddCircleFilled(c, h * 0.4f, col);
    } else if (kind == activity_kind::image_choice) {
        dl->AddRect({c.x - h, c.y - h * 0.75f}, {c.x + h, c.y + h * 0.75f}, col, 2.0f,
                    ImDrawFlags_None, t);
        dl->AddTriangleFilled({c.x - h * 0.7f, c.y + h * 0.55f}, {c.x - h * 0.15f, c.y - h * 0.2f},
                              {c.x + h * 0.4f, c.y + h * 0.55f}, col);
        dl->AddCircleFilled({c.x + h * 0.45f, c.y - h * 0.35f}, h * 0.18f, col);
    } else if (kind == activity_kind::open_text) {
        dl->AddRect({c.x - h, c.y - h * 0.8f}, {c.x + h, c.y + h * 0.45f}, col, 3.0f,
                    ImDrawFlags_None, t);
        dl->AddTriangleFilled({c.x - h * 0.5f, c.y + h * 0.4f}, {c.x - h * 0.1f, c.y + h * 0.4f},
                              {c.x - h * 0.6f, c.y + h * 0.95f}, col);
        dl->AddLine({c.x - h * 0.55f, c.y - h * 0.35f}, {c.x + h * 0.55f, c.y - h * 0.35f}, col, t);
        dl->AddLine({c.x - h * 0.55f, c.y + h * 0.05f}, {c.x + h * 0.2f, c.y + h * 0.05f}, col, t);
    } else if (kind == activity_kind::dot_vote) {
        dl->AddCircleFilled({c.x - h * 0.55f, c.y + h * 0.3f}, h * 0.3f, col);
        dl->AddCircleFilled({c.x + h * 0.05f, c.y - h * 0.35f}, h * 0.3f, col);
        dl->AddCircleFilled({c.x + h * 0.6f, c.y + h * 0.3f}, h * 0.3f, col);
    } else if (kind == activity_kind::inventory) {
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j) {
                const ImVec2 p{c.x - h + static_cast<float>(i) * size * 0.36f,
                               c.y - h + static_cast<float>(j) * size * 0.36f};
                if ((i + j) % 3 == 1)
                    dl->AddRect(p, {p.x + size * 0.28f, p.y + size * 0.28f}, col, 0,
                                ImDrawFlags_None, 1.0f);
                else
                    dl->AddRectFilled(p, {p.x + size * 0.28f, p.y + size * 0.28f}, col);
            }
    } else if (kind == activity_kind::action_plan) {
        for (int i = 0; i < 3; ++i) {
            const float y = c.y - h * 0.65f + static_cast<float>(i) * h * 0.65f;
            ImVec2 pts[] = {
                {c.x - h, y}, {c.x - h * 0.8f, y + h * 0.2f}, {c.x - h * 0.45f, y - h * 0.2f}};
            dl->AddPolyline(pts, 3, col, ImDrawFlags_None, t);
            dl->AddLine({c.x - h * 0.2f, y}, {c.x + h, y}, col, t);
        }
    } else if (kind == activity_kind::photo) {
        // A camera: the body, the viewfinder's bump on top, the lens.
        dl->AddRect({c.x - h, c.y - h * 0.5f}, {c.x + h, c.y + h * 0.75f}, col, 2.5f,
                    ImDrawFlags_None, t);
        dl->AddRectFilled({c.x - h * 0.4f, c.y - h * 0.8f}, {c.x + h * 0.2f, c.y - h * 0.5f}, col,
                          1.0f);
        dl->AddCircle({c.x, c.y + h * 0.12f}, h * 0.38f, col, 0, t);
    } else if (kind == activity_kind::floor_plan) {
        // A plan: the outline, a wall inside it, and a pin.
        dl->AddRect({c.x - h, c.y - h * 0.75f}, {c.x + h, c.y + h * 0.75f}, col, 1.0f,
                    ImDrawFlags_None, t);
        dl->AddLine({c.x - h * 0.1f, c.y - h * 0.75f}, {c.x - h * 0.1f, c.y + h * 0.2f}, col, t);
        dl->AddCircleFilled({c.x + h * 0.5f, c.y + h * 0.1f}, h * 0.25f, col);
    } else {
        dl->AddCircle(c, h * 0.7f, col, 0, t);
    }
}

void draw_hatch(ImDrawList* dl, ImVec2 p0, ImVec2 p1, ImU32 col, float spacing, float thickness) {
    dl->PushClipRect(p0, p1, true);
    const float w = p1.x - p0.x, h = p1.y - p0.y;
    for (float d = -h; d < w; d += spacing)
        dl->AddLine({p0.x + d, p1.y}, {p0.x + d + h, p0.y}, col, thickness);
    dl->PopClipRect();
}

//------------------------------------------------------------------------------
// [SECTION] Stacked traffic-light bar

void draw_stacked_bar(ImDrawList* dl, ImFont* font, float font_size, ImVec2 p0, ImVec2 size,
                      const bar_counts& c, lang l, const char* empty_text) {
    const float rounding = std::min(size.y * 0.18f, 8.0f);
    const ImVec2 p1{p0.x + size.x, p0.y + size.y};
    const int total = c.green + c.orange + c.red;
    if (total <= 0) {
        dl->AddRectFilled(p0, p1, colors::track, rounding);
        if (empty_text && *empty_text) {
            ImVec2 ts = font->CalcTextSizeA(font_size, FLT_MAX, 0, empty_text);
            dl->AddText(font, font_size, {p0.x + (size.x - ts.x) / 2, p0.y + (size.y - ts.y) / 2},
                        colors::muted, empty_text);
        }
        return;
    }

    struct segment {
        light k;
        int n;
    };
    const segment segs[] = {
        {light::green, c.green}, {light::orange, c.orange}, {light::red, c.red}};
    int first = -1, last = -1;
    for (int i = 0; i < 3; ++i)
        if (segs[i].n > 0) {
            if (first < 0)
                first = i;
            last = i;
        }

    float x = p0.x;
    int done = 0;
    for (int i = 0; i < 3; ++i) {
        const segment& sg = segs[i];
        if (sg.n <= 0)
            continue;
        done += sg.n;
        // Cumulative rounding, so the segments always add up to the exact bar width.
        const float x_end =
            std::round(p0.x + size.x * static_cast<float>(done) / static_cast<float>(total));
        ImDrawFlags corners = ImDrawFlags_RoundCornersNone;
        if (i == first)
            corners |= ImDrawFlags_RoundCornersLeft;
        if (i == last)
            corners |= ImDrawFlags_RoundCornersRight;
        dl->AddRectFilled({x, p0.y}, {x_end, p1.y}, light_color(sg.k),
                          corners == ImDrawFlags_RoundCornersNone ? 0.0f : rounding, corners);
        // A thin paper-coloured gap keeps neighbouring segments apart for every eye.
        if (i != first)
            dl->AddLine({x, p0.y}, {x, p1.y}, colors::paper, 2.0f);

        // Label: icon + word + count, else icon + count; never a bare number or a cut word.
        // When even icon + count does not fit, it stands under the segment, in its colour.
        const float w = x_end - x;
        const float pad = font_size * 0.35f;
        const float icon = font_size * 0.95f;
        const std::string count = std::to_string(sg.n);
        const std::string long_label = std::string(light_label(l, sg.k)) + "  " + count;
        struct option {
            bool with_icon;
            const std::string* text;
        };
        const option options[] = {{true, &long_label}, {true, &count}};
        const ImU32 tc = light_text_color(sg.k);
        const float need_min = font->CalcTextSizeA(font_size, FLT_MAX, 0, count.c_str()).x + icon +
                               pad * 0.6f + 2 * pad;
        if (need_min > w) {
            const float lw = need_min - 2 * pad;
            const float lx = std::clamp(x + w / 2 - lw / 2, p0.x, p1.x - lw);
            const float ly = p1.y + font_size * 0.15f;
            draw_light_icon(dl, sg.k, {lx + icon / 2, ly + font_size / 2}, icon, light_color(sg.k));
            dl->AddText(font, font_size, {lx + icon + pad * 0.6f, ly}, light_color(sg.k),
                        count.c_str());
        }
        for (const option& o : options) {
            const float tw = font->CalcTextSizeA(font_size, FLT_MAX, 0, o.text->c_str()).x;
            const float need = tw + (o.with_icon ? icon + pad * 0.6f : 0.0f) + 2 * pad;
            if (need > w)
                continue;
            float cx = x + (w - (need - 2 * pad)) / 2;
            const float cy = p0.y + size.y / 2;
            if (o.with_icon) {
                draw_light_icon(dl, sg.k, {cx + icon / 2, cy}, icon, tc);
                cx += icon + pad * 0.6f;
            }
            dl->AddText(font, font_size, {cx, cy - font_size / 2}, tc, o.text->c_str());
            break;
        }
        x = x_end;
    }
}

void stacked_bar_item(ImFont* font, float height, const bar_counts& c, lang l) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float avail = ImGui::GetContentRegionAvail().x;
    const float fs = ImGui::GetFontSize();
    // The pass count sits apart, to the right: passing is not a zero on the scale.
    const std::string pass = trf(l, txt::pass_count, {std::to_string(c.pass)});
    const float pass_w = font->CalcTextSizeA(fs, FLT_MAX, 0, pass.c_str()).x + fs * 1.6f;
    const float bar_w = std::max(avail - pass_w, avail * 0.5f);
    draw_stacked_bar(dl, font, fs, p0, {bar_w, height}, c, l, tr(l, txt::no_answers_yet));
    const float px = p0.x + bar_w + fs * 0.5f;
    const ImU32 pc = colors::muted; // readable (4.5:1) also for "0"

    draw_light_icon(dl, light::pass, {px + fs * 0.45f, p0.y + height / 2}, fs * 0.9f, pc);
    dl->AddText(font, fs, {px + fs * 1.05f, p0.y + (height - fs) / 2}, pc, pass.c_str());
    ImGui::Dummy({avail, height});
}

//------------------------------------------------------------------------------
// [SECTION] Text and buttons

void text_wrapped(std::string_view s) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    ImGui::PopTextWrapPos();
}

void text_wrapped_colored(ImU32 col, std::string_view s) {
    ImGui::PushStyleColor(ImGuiCol_Text, col);
    text_wrapped(s);
    ImGui::PopStyleColor();
}

void text_colored(ImU32 col, std::string_view s) {
    ImGui::PushStyleColor(ImGuiCol_Text, col);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    ImGui::PopStyleColor();
}

bool light_button(const char* id, light k, lang l, bool selected, ImVec2 size, bool enabled) {
    ImGui::PushID(id);
    const bool pressed = ImGui::InvisibleButton("##light", size) && enabled;
    const bool hovered = enabled && ImGui::IsItemHovered();
    ImGui::PopID();

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetItemRectMin(), p1 = ImGui::GetItemRectMax();
    const float r = size.y * 0.18f;
    const ImU32 col = light_color(k);
    ImU32 fg;
    if (selected) {
        dl->AddRectFilled(p0, p1, col, r);
        fg = light_text_color(k);
    } else {
        dl->AddRectFilled(p0, p1, hovered ? IM_COL32(0xee, 0xec, 0xe6, 0xff) : colors::white, r);
        dl->AddRect(p0, p1, col, r, ImDrawFlags_None, std::max(2.0f, size.y * 0.05f));
        fg = colors::ink;
    }
    if (!enabled)
        dl->AddRectFilled(p0, p1, IM_COL32(0xf7, 0xf5, 0xf0, 0x99), r);

    ImFont* font = ImGui::GetFont();
    const float fs = ImGui::GetFontSize();
    const float icon = fs * 1.05f;
    // The word if it fits (a little smaller if need be), else the icon alone.
    const char* word = nullptr;
    const char* label = light_label(l, k);
    float ws = fs, tw = 0;
    for (const float scale : {1.0f, 0.88f, 0.78f}) {
        const float t = font->CalcTextSizeA(fs * scale, FLT_MAX, 0, label).x;
        if (t + icon + fs * 1.2f <= size.x) {
            word = label;
            ws = fs * scale;
            tw = t;
            break;
        }
    }
    const float w = icon + (word ? fs * 0.4f + tw : 0.0f);
    const float x = p0.x + (size.x - w) / 2, cy = (p0.y + p1.y) / 2;
    draw_light_icon(dl, k, {x + icon / 2, cy}, icon, selected ? fg : col);
    if (word)
        dl->AddText(font, ws, {x + icon + fs * 0.4f, cy - ws / 2}, fg, word);
    return pressed;
}

namespace {
bool recording = false;
} // namespace

frame_record& this_frame() {
    static frame_record r;
    return r;
}

void record_text(std::string_view text, float size) {
    if (recording)
        this_frame().texts.push_back({std::string(text), size});
}

void set_recording(bool on) {
    recording = on;
}

void note_clickable(std::string_view label) {
    if ((ImGui::GetItemFlags() & ImGuiItemFlags_Disabled) != 0)
        return;
    label = label.substr(0, label.find("##"));
    this_frame().clickables.push_back(
        {std::string(label), ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
}

bool primary_button(const char* label, ImVec2 size) {
    ImGui::PushStyleColor(ImGuiCol_Button, colors::accent);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, IM_COL32(0x2b, 0x62, 0x93, 0xff));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, IM_COL32(0x16, 0x3a, 0x5c, 0xff));
    ImGui::PushStyleColor(ImGuiCol_Text, colors::white);
    const bool pressed = ImGui::Button(label, size);
    ImGui::PopStyleColor(4);
    // Disabled buttons are drawn but lead nowhere: only an enabled one counts as the lead.
    if ((ImGui::GetItemFlags() & ImGuiItemFlags_Disabled) == 0) {
        std::string_view l(label);
        l = l.substr(0, l.find("##"));
        this_frame().primaries.push_back(
            {std::string(l), ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    }
    return pressed;
}

void same_line_if_fits(const char* label) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float w = ImGui::CalcTextSize(label, nullptr, true).x + st.FramePadding.x * 2;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + st.ItemSpacing.x + w <= right)
        ImGui::SameLine();
}

float text_width(ImFont* f, float size, std::string_view s) {
    return f->CalcTextSizeA(size, FLT_MAX, 0, s.data(), s.data() + s.size()).x;
}

float fit_size(ImFont* f, float size, std::string_view s, float width) {
    const float w = text_width(f, size, s);
    return w <= width ? size : std::max(size * 0.5f, size * width / w);
}

std::string ellipsize(ImFont* f, float size, std::string_view s, float width) {
    if (text_width(f, size, s) <= width)
        return std::string(s);
    const std::string_view dots = "…";
    std::size_t n = s.size();
    while (n > 0) {
        // Step back over a whole UTF-8 character.
        do
            --n;
        while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80);
        std::string t = std::string(s.substr(0, n)) + std::string(dots);
        if (text_width(f, size, t) <= width)
            return t;
    }
    return std::string(dots);
}

float wrapped_height(ImFont* font, float size, std::string_view text, float width) {
    return font->CalcTextSizeA(size, FLT_MAX, width, text.data(), text.data() + text.size()).y;
}

float draw_wrapped(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 col,
                   std::string_view text, float width) {
    dl->AddText(font, size, pos, col, text.data(), text.data() + text.size(), width);
    return wrapped_height(font, size, text, width);
}

void draw_centered(ImDrawList* dl, ImFont* font, float size, float cx, float y, ImU32 col,
                   std::string_view text) {
    const float w = font->CalcTextSizeA(size, FLT_MAX, 0, text.data(), text.data() + text.size()).x;
    dl->AddText(font, size, {cx - w / 2, y}, col, text.data(), text.data() + text.size());
}

float centered_wrapped_height(ImFont* font, float size, std::string_view text, float width) {
    return draw_centered_wrapped(nullptr, font, size, 0, 0, 0, text, width);
}

float widest_word(ImFont* font, float size, std::string_view text) {
    float w = 0;
    std::size_t p = 0;
    while (p < text.size()) {
        std::size_t q = text.find_first_of(" \n", p);
        if (q == std::string_view::npos)
            q = text.size();
        w = std::max(w, text_width(font, size, text.substr(p, q - p)));
        p = q + 1;
    }
    return w;
}

std::string hyphen_wrap(ImFont* font, float size, std::string_view text, float width) {
    std::string out, line;
    auto flush = [&] {
        if (!out.empty())
            out += '\n';
        out += line;
        line.clear();
    };
    std::size_t p = 0;
    while (p < text.size()) {
        std::size_t q = text.find(' ', p);
        if (q == std::string_view::npos)
            q = text.size();
        std::string word(text.substr(p, q - p));
        p = q + 1;
        if (word.empty())
            continue;
        const std::string joined = line.empty() ? word : line + " " + word;
        if (text_width(font, size, joined) <= width) {
            line = joined;
            continue;
        }
        if (!line.empty())
            flush();
        // Split a word wider than the line, whole UTF-8 characters at a time, with a hyphen.
        while (text_width(font, size, word) > width) {
            std::size_t cut = word.size();
            while (cut > 1 && text_width(font, size, word.substr(0, cut) + "-") > width) {
                do
                    --cut;
                while (cut > 1 && (static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80);
            }
            line = word.substr(0, cut) + "-";
            flush();
            word = word.substr(cut);
        }
        line = word;
    }
    if (!line.empty())
        flush();
    return out;
}

std::string clamp_lines(ImFont* font, float size, std::string_view text, float width,
                        int max_lines) {
    const float limit = size * (static_cast<float>(max_lines) + 0.5f);
    if (wrapped_height(font, size, text, width) <= limit)
        return std::string(text);
    // Drop whole words from the end until the rest and "…" fit.
    std::size_t n = text.size();
    while (n > 0) {
        const std::size_t sp = text.rfind(' ', n - 1);
        n = sp == std::string_view::npos ? 0 : sp;
        std::string t = std::string(text.substr(0, n));
        while (!t.empty() &&
               (t.back() == ',' || t.back() == ' ' || t.back() == '(' || t.back() == ':'))
            t.pop_back();
        t += "…";
        if (wrapped_height(font, size, t, width) <= limit)
            return t;
    }
    return ellipsize(font, size, text, width);
}

float draw_centered_wrapped(ImDrawList* dl, ImFont* font, float size, float cx, float y, ImU32 col,
                            std::string_view text, float width) {
    const char* p = text.data();
    const char* end = text.data() + text.size();
    const float scale = size / font->FontSize;
    float h = 0;
    while (p < end) {
        // A newline always ends a line; within it, wrap at the width.
        const char* nl =
            static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char* seg_end = nl ? nl : end;
        const char* eol = font->CalcWordWrapPositionA(scale, p, seg_end, width);
        if (eol > seg_end)
            eol = seg_end;
        if (eol == p)
            eol = p + 1; // a single glyph wider than the line: take it anyway
        // Lines end at a space or newline; do not draw it, do not start the next with it.
        const char* line_end = eol;
        while (line_end > p && (line_end[-1] == ' ' || line_end[-1] == '\n'))
            --line_end;
        const float w = font->CalcTextSizeA(size, FLT_MAX, 0, p, line_end).x;
        if (dl)
            dl->AddText(font, size, {cx - w / 2, y + h}, col, p, line_end);
        h += size * 1.2f;
        p = eol;
        while (p < end && (*p == ' ' || *p == '\n'))
            ++p;
    }
    return h;
}

namespace {
theme theme_now = theme::light;
} // namespace

void set_theme(theme t) {
    theme_now = t;
    const bool dark = t == theme::dark;
    // Dark: a deep blue-grey paper, light ink, and an accent light enough to read on it.
    colors::paper = dark ? IM_COL32(0x16, 0x1a, 0x21, 0xff) : IM_COL32(0xf7, 0xf5, 0xf0, 0xff);
    colors::ink = dark ? IM_COL32(0xee, 0xec, 0xe6, 0xff) : IM_COL32(0x22, 0x25, 0x2b, 0xff);
    colors::muted = dark ? IM_COL32(0xa9, 0xaf, 0xb8, 0xff) : IM_COL32(0x5f, 0x64, 0x6d, 0xff);
    colors::accent = dark ? IM_COL32(0x8c, 0xb8, 0xe4, 0xff) : IM_COL32(0x1f, 0x4e, 0x79, 0xff);
    colors::track = dark ? IM_COL32(0x3a, 0x40, 0x4a, 0xff) : IM_COL32(0xe4, 0xe2, 0xdc, 0xff);
    colors::card = dark ? IM_COL32(0x24, 0x2a, 0x34, 0xff) : IM_COL32(0xff, 0xff, 0xff, 0xff);
}

theme current_theme() {
    return theme_now;
}

void apply_style(float base) {
    ImGui::StyleColorsLight();
    ImGuiStyle& st = ImGui::GetStyle();
    st.WindowRounding = 0;
    st.ChildRounding = 6;
    st.FrameRounding = 6;
    st.GrabRounding = 6;
    st.WindowPadding = {base * 0.8f, base * 0.7f};
    st.FramePadding = {base * 0.6f, base * 0.35f};
    st.ItemSpacing = {base * 0.55f, base * 0.45f};
    st.ItemInnerSpacing = {base * 0.4f, base * 0.3f};
    st.ScrollbarSize = base * 0.8f;
    st.WindowBorderSize = 0;
    st.ChildBorderSize = 1;
    ImVec4* c = st.Colors;
    c[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(colors::paper);
    c[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 0.0f);
    c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(colors::ink);
    c[ImGuiCol_TextDisabled] = ImGui::ColorConvertU32ToFloat4(colors::muted);
    c[ImGuiCol_Border] = ImVec4(0.80f, 0.79f, 0.76f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.86f, 0.89f, 0.93f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.78f, 0.84f, 0.90f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.70f, 0.78f, 0.86f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.122f, 0.306f, 0.475f, 0.14f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.122f, 0.306f, 0.475f, 0.22f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.122f, 0.306f, 0.475f, 0.30f);
    c[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_Separator] = ImVec4(0.80f, 0.79f, 0.76f, 1.0f);
    c[ImGuiCol_PlotHistogram] = ImVec4(0.122f, 0.306f, 0.475f, 1.0f);
}

} // namespace kring::client
