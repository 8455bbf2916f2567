// Drawing helpers shared by the three screens: fonts, traffic-light colours and icons,
// the stacked traffic-light bar, the answer button, wrapped and centred text.
//
// Implemented: every traffic-light colour comes with an icon and a word (colour-blind safe).
// Missing:     right-to-left text (not needed for Dutch/English).
#pragma once

#include "kring/defs.hpp"
#include "kring/rules.hpp"
#include "kring/traffic_light.hpp"
#include "ui/i18n.hpp"

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace kring::client {

//------------------------------------------------------------------------------
// [SECTION] Fonts

/** The fonts of one atlas; all DejaVu Sans, sized for the window (see load_fonts). */
struct font_set {
    ImFont* body = nullptr;    // running text
    ImFont* bold = nullptr;    // labels, statement text on the projector
    ImFont* heading = nullptr; // section headings
    ImFont* title = nullptr;   // screen titles
    ImFont* huge = nullptr;    // the join code on the projector (ASCII only)
    float base = 0;            // pixel size of body
};

/**
 * Clears the atlas and loads the fonts for body text of `base` pixels and a join code of
 * `huge` pixels. Glyphs: Latin-1, Latin Extended-A, General Punctuation and the few symbols
 * the UI uses, so every Dutch character renders. Falls back to ImGui's default font, with a
 * warning, when DejaVu Sans is missing.
 */
font_set load_fonts(ImFontAtlas& atlas, float base, float huge);

//------------------------------------------------------------------------------
// [SECTION] Colours

/** The colour of a traffic-light answer ("green", …) in rules.hpp's light_words(). */
ImU32 default_light_colour(std::string_view id);

namespace colors {
// Traffic-light colours: the server's rules (welcome.rules.lights), set by set_lights between
// frames, on the UI thread; until the first welcome those of rules.hpp. For colour-blind
// viewers the icon and the word carry the meaning too.
inline ImU32 green = default_light_colour("green");
inline ImU32 orange = default_light_colour("orange");
inline ImU32 red = default_light_colour("red");
inline ImU32 pass = default_light_colour("pass");
// Calm, light projector and console palette. These five follow the theme (set_theme): a
// projector in a bright room reads best light, in a dimmed room dark; they are set between
// frames only, on the UI thread.
inline ImU32 track = IM_COL32(0xe4, 0xe2, 0xdc, 0xff);
inline ImU32 paper = IM_COL32(0xf7, 0xf5, 0xf0, 0xff);
inline ImU32 ink = IM_COL32(0x22, 0x25, 0x2b, 0xff);
inline ImU32 muted = IM_COL32(0x5f, 0x64, 0x6d, 0xff);
inline ImU32 accent = IM_COL32(0x1f, 0x4e, 0x79, 0xff);
inline ImU32 card = IM_COL32(0xff, 0xff, 0xff, 0xff); // boxes on the paper (the corner code)
inline constexpr ImU32 white = IM_COL32(0xff, 0xff, 0xff, 0xff);
inline constexpr ImU32 error_bg = IM_COL32(0xfd, 0xec, 0xea, 0xff);
// Charts of the other activity kinds: the accent and a lighter step of it, and a calm palette
// for the word cloud (dark enough for white paper at a distance, none of them traffic-light).
inline constexpr ImU32 accent_light = IM_COL32(0x7d, 0xa2, 0xc4, 0xff);
inline constexpr ImU32 accent_pale = IM_COL32(0xdc, 0xe6, 0xf0, 0xff);
inline constexpr ImU32 gap = IM_COL32(0xb3, 0x26, 0x1e, 0xff); // the word "gat" and its hatching
inline constexpr ImU32 gap_bg = IM_COL32(0xfb, 0xe4, 0xe1, 0xff);
inline constexpr ImU32 cloud[] = {
    IM_COL32(0x1f, 0x4e, 0x79, 0xff), // accent blue
    IM_COL32(0x0f, 0x6e, 0x66, 0xff), // teal
    IM_COL32(0x6d, 0x3b, 0x7d, 0xff), // plum
    IM_COL32(0x9a, 0x4a, 0x1c, 0xff), // rust
    IM_COL32(0x37, 0x47, 0x4f, 0xff), // slate
};
} // namespace colors

/** The projector's two themes; light is the default. */
enum class theme { light, dark };
/** Sets the theme colours above (paper, ink, muted, accent, track, card). */
void set_theme(theme t);
theme current_theme();

/** An answer of the traffic-light game (traffic_light.hpp). */
using light = traffic_light::light;
/** The four answers, in display order. */
inline constexpr light answer_lights[] = {light::green, light::orange, light::red, light::pass};

/**
 * The traffic-light words and colours of the server's rules (welcome.rules.lights); until
 * the first welcome, light_words() of rules.hpp.
 */
void set_lights(const std::vector<kring::light_word>& lights);
ImU32 light_color(light k);
/** Text colour that reads well on light_color(k). */
ImU32 light_text_color(light k);
/** The rules' word for an answer ("Loopt goed"), in `l`. */
const char* light_label(lang l, light k);

/** Draws the icon of k (check, exclamation mark, cross, skip arrows) centred at c. */
void draw_light_icon(ImDrawList* dl, light k, ImVec2 c, float size, ImU32 col);

/** The word for an activity kind ("Stoplicht", "Schaal", …); "" for unknown. */
const char* kind_word(lang l, activity_kind kind);
/** A small drawn icon for an activity kind, centred at c, `size` pixels across. */
void draw_kind_icon(ImDrawList* dl, activity_kind kind, ImVec2 c, float size, ImU32 col);

/** Fills [p0, p1] with diagonal hatching (the pattern of a gap, so it never rests on colour alone).
 */
void draw_hatch(ImDrawList* dl, ImVec2 p0, ImVec2 p1, ImU32 col, float spacing, float thickness);

//------------------------------------------------------------------------------
// [SECTION] Stacked traffic-light bar

struct bar_counts {
    int green = 0, orange = 0, red = 0, pass = 0;
};
/** The counts of a statement or a theme (traffic_light.hpp). */
bar_counts bar_of(const traffic_light::tally& t);
bar_counts bar_of(const traffic_light::item_result& r);

/**
 * Draws a 100 % stacked horizontal bar of green / orange / red (pass is not part of the
 * bar) in [p0, p0+size]. Each segment shows icon + word + count when it fits, then icon +
 * count, then the count alone. An empty bar shows `empty_text` on a grey track.
 */
void draw_stacked_bar(ImDrawList* dl, ImFont* font, float font_size, ImVec2 p0, ImVec2 size,
                      const bar_counts& c, lang l, const char* empty_text);

/** The bar as an ImGui item (takes layout space) with the pass count to its right. */
void stacked_bar_item(ImFont* font, float height, const bar_counts& c, lang l);

//------------------------------------------------------------------------------
// [SECTION] Text and buttons

/** Participant or content text: wrapped at the window edge, never parsed as a format. */
void text_wrapped(std::string_view s);
/** Same, in a colour. */
void text_wrapped_colored(ImU32 col, std::string_view s);
/** Plain unformatted text in a colour. */
void text_colored(ImU32 col, std::string_view s);

/** A big answer button: colour + icon + word; filled when selected. Returns true on click. */
bool light_button(const char* id, light k, lang l, bool selected, ImVec2 size, bool enabled);

/** A button in the accent colour with white text, for the one main action of a screen. */
bool primary_button(const char* label, ImVec2 size = {0, 0});

/**
 * What one frame showed, for --trace and --script (tests read it): every primary button
 * drawn, with its rectangle, the other items noted by note_clickable (a script clicks them by
 * their label), and the projector's question texts with their size in pixels.
 * Cleared at the start of every frame.
 */
struct frame_record {
    struct button {
        std::string label;
        ImVec2 min, max;
    };
    struct text {
        std::string text;
        float size = 0;
    };
    std::vector<button> primaries;
    std::vector<button> clickables;
    std::vector<text> texts;
};
frame_record& this_frame();
/** Notes a question text as drawn on the projector (kept only while tracing). */
void record_text(std::string_view text, float size);
/** Whether texts are recorded (--trace). */
void set_recording(bool on);
/**
 * Notes the last item (a button, a list entry) under `label` (up to "##") for the script's
 * click and double-click; a disabled item is not noted.
 */
void note_clickable(std::string_view label);

/**
 * Continues the row after the last item when a button with this label still fits in the
 * window; otherwise the button starts a new row (no control is ever cut off).
 */
void same_line_if_fits(const char* label);

/** Width of one line of `s` in `font` at `size` pixels. */
float text_width(ImFont* f, float size, std::string_view s);

/** The largest size <= `size` at which `s` fits in `width` (at least half of `size`). */
float fit_size(ImFont* f, float size, std::string_view s, float width);

/** `s` cut to fit `width`, with "…" when cut. */
std::string ellipsize(ImFont* f, float size, std::string_view s, float width);

/** Height of `text` wrapped at `width` in `font` at `size` pixels. */
float wrapped_height(ImFont* font, float size, std::string_view text, float width);

/** Draws `text` wrapped at `width`; returns the height used. */
float draw_wrapped(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 col,
                   std::string_view text, float width);

/** Draws one line centred horizontally on cx. */
void draw_centered(ImDrawList* dl, ImFont* font, float size, float cx, float y, ImU32 col,
                   std::string_view text);

/** Draws `text` wrapped at `width`, each line centred on cx; returns the height used. */
float draw_centered_wrapped(ImDrawList* dl, ImFont* font, float size, float cx, float y, ImU32 col,
                            std::string_view text, float width);

/** The height draw_centered_wrapped would use (nothing is drawn). */
float centered_wrapped_height(ImFont* font, float size, std::string_view text, float width);

/** The width of the widest single word of `text` (wrapping cannot make a line narrower). */
float widest_word(ImFont* font, float size, std::string_view text);

/**
 * `text` broken into lines of at most `width` ("\n" between them): at spaces, and a word too
 * long for a line is split with a hyphen (for column heads such as "migratieachtergrond").
 */
std::string hyphen_wrap(ImFont* font, float size, std::string_view text, float width);

/** `text` shortened (with "…") so that it wraps at `width` into at most `max_lines` lines. */
std::string clamp_lines(ImFont* font, float size, std::string_view text, float width,
                        int max_lines);

/** The light ImGui style of the console and the participant screen. */
void apply_style(float base);

} // namespace kring::client
