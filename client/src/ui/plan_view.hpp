// The floor plan of a floor_plan step, drawn with the draw list: the plan fitted to a box with
// its aspect, the rooms as labelled rectangles, the heat map per category, clusters and single
// pins in their tone's colour and icon, routes as polylines per time slot, and the legend.
//
// Independent of the app and of the protocol's structs: the caller turns the step and its
// result into a `scene` (the words already in the screen's language, the tones of the rules
// already colours) and the marks below, so the projector, the console and the participant
// screen draw the same picture at their own size.
//
// Implemented: plan, rooms, heat (alpha with the count), clusters with icon and count, pin
//              markers, routes with start dot and arrowhead, a clickable legend; the
//              facilitator's own image of the building as the plan (a texture the caller
//              fetched), with no drawn rooms.
// Missing:     nothing known.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kring::client::plan_view {

/** A key of the plan: a pin category or a route's time slot, in one colour with an icon. */
struct key {
    std::string id;
    std::string word;        // the category's or the slot's text
    ImU32 colour = 0;        // the tone's colour
    std::string icon;        // the tone's icon (one UTF-8 character)
    std::uint32_t count = 0; // pins or routes of this key (the legend says it)
};

/** A room drawn on the plan, in plan coordinates (0..1). */
struct room {
    std::string name;
    double x = 0, y = 0, w = 0, h = 0;
};

/** What a plan is: its width / height, its rooms and its keys. */
struct scene {
    double aspect = 1.5;
    /** The plan is the facilitator's own image (its aspect; no rooms are drawn on it). */
    bool own_image = false;
    /** Its photo id (the caller fetches it and passes its texture to draw_plan). */
    std::string image;
    std::vector<room> rooms;
    std::vector<key> keys;
    /** The key with this id, or nullptr. */
    const key* find(std::string_view id) const;
};

/** A cluster of pins (n > 1) or a single pin (n == 1) of one key. */
struct marker {
    double x = 0, y = 0;
    std::string key;
    std::uint32_t n = 1;
};

/** A route of one key (slot): its points in plan coordinates. */
struct line {
    std::string key;
    std::vector<std::pair<double, double>> points;
};

/** The fonts and the text size the plan is drawn with. */
struct style {
    ImFont* body = nullptr;
    ImFont* bold = nullptr;
    float s = 16; // body text size in pixels
};

/** Where the plan is on screen: plan coordinates 0..1 mapped onto p0..p1. */
struct frame {
    ImVec2 p0{0, 0}, p1{0, 0};
    ImVec2 at(double x, double y) const;
    /** The plan coordinates of a screen point, each clamped to 0..1. */
    std::pair<double, double> to_plan(ImVec2 p) const;
    bool contains(ImVec2 p) const;
    float width() const { return p1.x - p0.x; }
    float height() const { return p1.y - p0.y; }
};

/** The largest plan of `aspect` (width / height) in a box of `size` at p0, centred in it. */
frame fit(ImVec2 p0, ImVec2 size, double aspect);

/** "#rrggbb" as a colour; `fallback` for anything else. */
ImU32 colour_of(std::string_view hex, ImU32 fallback);

/**
 * The plan's paper and its rooms (outline and name). With `image` (the own plan's texture,
 * once loaded) the image fills the plan instead, under everything drawn after it.
 */
void draw_plan(ImDrawList* dl, const frame& f, const scene& sc, const style& st,
               const ImTextureID* image = nullptr);

/**
 * The heat map: every cell of `cells` (per key id, cols x rows counts, row-major, row 0 at
 * the top) filled in its key's colour, the more pins the less transparent. `only` names the
 * one key drawn ("" for all of them).
 */
void draw_heat(ImDrawList* dl, const frame& f, const scene& sc, std::uint32_t cols,
               std::uint32_t rows, const std::map<std::string, std::vector<std::uint32_t>>& cells,
               std::string_view only);

/** Clusters as discs with the icon and their count, single pins as map pins with the icon. */
void draw_markers(ImDrawList* dl, const frame& f, const scene& sc, const std::vector<marker>& marks,
                  std::string_view only, const style& st);

/** Routes as polylines in their slot's colour, a dot where they start, an arrow where they end. */
void draw_routes(ImDrawList* dl, const frame& f, const scene& sc, const std::vector<line>& routes,
                 std::string_view only, const style& st);

/** The tone's icon centred at c (a small dot when the font has no glyph for it). */
void draw_icon(ImDrawList* dl, ImFont* font, float size, ImVec2 c, ImU32 col,
               std::string_view icon);

/**
 * The legend: per key a swatch in its colour with its icon, its word and its count, one key
 * a row in a column of width `w` (`column`), else in rows that wrap. Keys other than `only`
 * are dimmed. Returns the height used; `hit` gets the rectangle of every key (for clicks).
 */
float draw_legend(ImDrawList* dl, ImVec2 p0, float w, bool column, const scene& sc,
                  std::string_view only, const style& st,
                  std::vector<std::pair<ImVec2, ImVec2>>* hit);

/** The height draw_legend would use. */
float legend_height(float w, bool column, const scene& sc, const style& st);

} // namespace kring::client::plan_view
