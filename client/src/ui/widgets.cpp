#include "ui/widgets.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>

namespace kring::client {

//------------------------------------------------------------------------------
// [SECTION] Fonts

namespace {

constexpr const char* font_regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* font_bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

// Latin-1 (via the default range), Latin Extended-A (ĳ, č, ş, …), General Punctuation
// (’ “ ” – — …), the euro sign and the symbols drawn as text (✓ ✕ ✗ ●).
constexpr ImWchar extra_ranges[] = {
    0x0100, 0x017F, // Latin Extended-A
    0x2010, 0x205E, // General Punctuation
    0x20AC, 0x20AC, // €
    0x2713, 0x2717, // ✓ ✔ ✕ ✖ ✗
    0x25CF, 0x25CF, // ●
    0,
};

// The join code uses only unambiguous capitals and digits; keep that font small in the atlas.
constexpr ImWchar ascii_ranges[] = {0x0020, 0x007E, 0};

const ImWchar*
text_ranges(ImFontAtlas& atlas)
{
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

ImFont*
add_font(ImFontAtlas& atlas, const char* path, float px, const ImWchar* ranges, int oversample)
{
    ImFontConfig cfg;
    cfg.OversampleH = oversample;
    cfg.OversampleV = 1;
    return atlas.AddFontFromFileTTF(path, px, &cfg, ranges);
}

} // namespace

font_set
load_fonts(ImFontAtlas& atlas, float base, float huge)
{
    atlas.Clear();
    font_set f;
    f.base = base;
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(font_regular, ec)) {
        std::fprintf(stderr, "kring: warning: %s is missing (install fonts-dejavu-core); "
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

ImU32
light_color(light_kind k)
{
    switch (k) {
    case light_kind::green: return colors::green;
    case light_kind::orange: return colors::orange;
    case light_kind::red: return colors::red;
    case light_kind::pass: return colors::pass;
    }
    return colors::pass;
}

ImU32
light_text_color(light_kind k)
{
    // Orange is light: dark text on it; the others take white.
    return k == light_kind::orange ? colors::ink : colors::white;
}

const char*
light_word(lang l, light_kind k, bool short_form)
{
    switch (k) {
    case light_kind::green: return tr(l, short_form ? txt::green_short : txt::green_long);
    case light_kind::orange: return tr(l, short_form ? txt::orange_short : txt::orange_long);
    case light_kind::red: return tr(l, short_form ? txt::red_short : txt::red_long);
    case light_kind::pass: return tr(l, short_form ? txt::pass_short : txt::pass_long);
    }
    return "";
}

const char*
light_value(light_kind k)
{
    switch (k) {
    case light_kind::green: return "green";
    case light_kind::orange: return "orange";
    case light_kind::red: return "red";
    case light_kind::pass: return "pass";
    }
    return "";
}

bool
light_from_value(std::string_view v, light_kind& out)
{
    for (light_kind k : {light_kind::green, light_kind::orange, light_kind::red, light_kind::pass})
        if (v == light_value(k)) {
            out = k;
            return true;
        }
    return false;
}

void
draw_light_icon(ImDrawList* dl, light_kind k, ImVec2 c, float size, ImU32 col)
{
    // Drawn, not taken from a font: crisp at every size and independent of glyph coverage.
    const float s = size;
    const float t = std::max(1.5f, s * 0.15f);
    switch (k) {
    case light_kind::green: { // check mark
        ImVec2 pts[] = {{c.x - 0.36f * s, c.y + 0.02f * s},
                        {c.x - 0.10f * s, c.y + 0.28f * s},
                        {c.x + 0.38f * s, c.y - 0.28f * s}};
        dl->AddPolyline(pts, 3, col, ImDrawFlags_None, t);
        break;
    }
    case light_kind::orange: { // exclamation mark
        dl->AddLine({c.x, c.y - 0.38f * s}, {c.x, c.y + 0.12f * s}, col, t * 1.1f);
        dl->AddCircleFilled({c.x, c.y + 0.33f * s}, t * 0.65f, col);
        break;
    }
    case light_kind::red: { // cross
        const float d = 0.30f * s;
        dl->AddLine({c.x - d, c.y - d}, {c.x + d, c.y + d}, col, t);
        dl->AddLine({c.x - d, c.y + d}, {c.x + d, c.y - d}, col, t);
        break;
    }
    case light_kind::pass: { // skip: two chevrons
        const float h = 0.28f * s, w = 0.2f * s;
        for (float dx : {-0.17f * s, 0.13f * s}) {
            ImVec2 pts[] = {{c.x + dx - w / 2, c.y - h}, {c.x + dx + w / 2, c.y}, {c.x + dx - w / 2, c.y + h}};
            dl->AddPolyline(pts, 3, col, ImDrawFlags_None, t * 0.85f);
        }
        break;
    }
    }
}

//------------------------------------------------------------------------------
// [SECTION] Stacked traffic-light bar

void
draw_stacked_bar(ImDrawList* dl, ImFont* font, float font_size, ImVec2 p0, ImVec2 size,
                 const bar_counts& c, lang l, const char* empty_text)
{
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
        light_kind k;
        int n;
    };
    const segment segs[] = {{light_kind::green, c.green}, {light_kind::orange, c.orange}, {light_kind::red, c.red}};
    int first = -1, last = -1;
    for (int i = 0; i < 3; ++i)
        if (segs[i].n > 0) {
            if (first < 0) first = i;
            last = i;
        }

    float x = p0.x;
    int done = 0;
    for (int i = 0; i < 3; ++i) {
        const segment& sg = segs[i];
        if (sg.n <= 0) continue;
        done += sg.n;
        // Cumulative rounding, so the segments always add up to the exact bar width.
        const float x_end = std::round(p0.x + size.x * static_cast<float>(done) / static_cast<float>(total));
        ImDrawFlags corners = ImDrawFlags_RoundCornersNone;
        if (i == first) corners |= ImDrawFlags_RoundCornersLeft;
        if (i == last) corners |= ImDrawFlags_RoundCornersRight;
        dl->AddRectFilled({x, p0.y}, {x_end, p1.y}, light_color(sg.k),
                          corners == ImDrawFlags_RoundCornersNone ? 0.0f : rounding, corners);
        // A thin paper-coloured gap keeps neighbouring segments apart for every eye.
        if (i != first) dl->AddLine({x, p0.y}, {x, p1.y}, colors::paper, 2.0f);

        // Label: icon + word + count, else icon + short word + count, else icon + count, else count.
        const float w = x_end - x;
        const float pad = font_size * 0.35f;
        const float icon = font_size * 0.95f;
        const std::string count = std::to_string(sg.n);
        const std::string long_label = std::string(light_word(l, sg.k, false)) + "  " + count;
        const std::string short_label = std::string(light_word(l, sg.k, true)) + "  " + count;
        struct option {
            bool with_icon;
            const std::string* text;
        };
        const option options[] = {{true, &long_label}, {true, &short_label}, {true, &count}, {false, &count}};
        const ImU32 tc = light_text_color(sg.k);
        for (const option& o : options) {
            const float tw = font->CalcTextSizeA(font_size, FLT_MAX, 0, o.text->c_str()).x;
            const float need = tw + (o.with_icon ? icon + pad * 0.6f : 0.0f) + 2 * pad;
            if (need > w) continue;
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

void
stacked_bar_item(ImFont* font, float height, const bar_counts& c, lang l)
{
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
    const ImU32 pc = c.pass > 0 ? colors::muted : IM_COL32(0xa8, 0xab, 0xb0, 0xff);
    draw_light_icon(dl, light_kind::pass, {px + fs * 0.45f, p0.y + height / 2}, fs * 0.9f, pc);
    dl->AddText(font, fs, {px + fs * 1.05f, p0.y + (height - fs) / 2}, pc, pass.c_str());
    ImGui::Dummy({avail, height});
}

//------------------------------------------------------------------------------
// [SECTION] Text and buttons

void
text_wrapped(std::string_view s)
{
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    ImGui::PopTextWrapPos();
}

void
text_wrapped_colored(ImU32 col, std::string_view s)
{
    ImGui::PushStyleColor(ImGuiCol_Text, col);
    text_wrapped(s);
    ImGui::PopStyleColor();
}

void
text_colored(ImU32 col, std::string_view s)
{
    ImGui::PushStyleColor(ImGuiCol_Text, col);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    ImGui::PopStyleColor();
}

bool
light_button(const char* id, light_kind k, lang l, bool selected, ImVec2 size, bool enabled)
{
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
    if (!enabled) dl->AddRectFilled(p0, p1, IM_COL32(0xf7, 0xf5, 0xf0, 0x99), r);

    ImFont* font = ImGui::GetFont();
    const float fs = ImGui::GetFontSize();
    const float icon = fs * 1.05f;
    // The full word if it fits (a little smaller if need be), else the short word, else the icon.
    const char* word = nullptr;
    float ws = fs, tw = 0;
    for (const auto& [w, scale] : {std::pair{light_word(l, k, false), 1.0f}, std::pair{light_word(l, k, false), 0.88f},
                                   std::pair{light_word(l, k, false), 0.78f}, std::pair{light_word(l, k, true), 1.0f}}) {
        const float t = font->CalcTextSizeA(fs * scale, FLT_MAX, 0, w).x;
        if (t + icon + fs * 1.2f <= size.x) {
            word = w;
            ws = fs * scale;
            tw = t;
            break;
        }
    }
    const float w = icon + (word ? fs * 0.4f + tw : 0.0f);
    const float x = p0.x + (size.x - w) / 2, cy = (p0.y + p1.y) / 2;
    draw_light_icon(dl, k, {x + icon / 2, cy}, icon, selected ? fg : col);
    if (word) dl->AddText(font, ws, {x + icon + fs * 0.4f, cy - ws / 2}, fg, word);
    return pressed;
}

bool
primary_button(const char* label, ImVec2 size)
{
    ImGui::PushStyleColor(ImGuiCol_Button, colors::accent);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, IM_COL32(0x2b, 0x62, 0x93, 0xff));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, IM_COL32(0x16, 0x3a, 0x5c, 0xff));
    ImGui::PushStyleColor(ImGuiCol_Text, colors::white);
    const bool pressed = ImGui::Button(label, size);
    ImGui::PopStyleColor(4);
    return pressed;
}

float
wrapped_height(ImFont* font, float size, std::string_view text, float width)
{
    return font->CalcTextSizeA(size, FLT_MAX, width, text.data(), text.data() + text.size()).y;
}

float
draw_wrapped(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 col,
             std::string_view text, float width)
{
    dl->AddText(font, size, pos, col, text.data(), text.data() + text.size(), width);
    return wrapped_height(font, size, text, width);
}

void
draw_centered(ImDrawList* dl, ImFont* font, float size, float cx, float y, ImU32 col,
              std::string_view text)
{
    const float w = font->CalcTextSizeA(size, FLT_MAX, 0, text.data(), text.data() + text.size()).x;
    dl->AddText(font, size, {cx - w / 2, y}, col, text.data(), text.data() + text.size());
}

float
draw_centered_wrapped(ImDrawList* dl, ImFont* font, float size, float cx, float y, ImU32 col,
                      std::string_view text, float width)
{
    const char* p = text.data();
    const char* end = text.data() + text.size();
    const float scale = size / font->FontSize;
    float h = 0;
    while (p < end) {
        const char* eol = font->CalcWordWrapPositionA(scale, p, end, width);
        if (eol == p) eol = p + 1; // a single glyph wider than the line: take it anyway
        // Lines end at a space or newline; do not draw it, do not start the next with it.
        const char* line_end = eol;
        while (line_end > p && (line_end[-1] == ' ' || line_end[-1] == '\n')) --line_end;
        const float w = font->CalcTextSizeA(size, FLT_MAX, 0, p, line_end).x;
        dl->AddText(font, size, {cx - w / 2, y + h}, col, p, line_end);
        h += size * 1.2f;
        p = eol;
        while (p < end && (*p == ' ' || *p == '\n')) ++p;
    }
    return h;
}

void
apply_style(float base)
{
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
