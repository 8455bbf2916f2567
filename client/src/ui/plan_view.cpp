#include "ui/plan_view.hpp"

#include "ui/widgets.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace kring::client::plan_view {

namespace {

/** `col` with its alpha multiplied by a (0..1). */
ImU32 with_alpha(ImU32 col, float a) {
    const auto alpha = static_cast<float>((col >> IM_COL32_A_SHIFT) & 0xff);
    const auto na = static_cast<ImU32>(std::clamp(alpha * a, 0.0f, 255.0f));
    return (col & ~IM_COL32_A_MASK) | (na << IM_COL32_A_SHIFT);
}

/** The first code point of a UTF-8 string (0 when there is none). */
unsigned first_code_point(std::string_view s) {
    if (s.empty())
        return 0;
    unsigned int c = 0;
    ImTextCharFromUtf8(&c, s.data(), s.data() + s.size());
    return c;
}

/** Text that reads on `bg`: white on dark colours, ink on light ones. */
ImU32 text_on(ImU32 bg) {
    const float r = static_cast<float>((bg >> IM_COL32_R_SHIFT) & 0xff);
    const float g = static_cast<float>((bg >> IM_COL32_G_SHIFT) & 0xff);
    const float b = static_cast<float>((bg >> IM_COL32_B_SHIFT) & 0xff);
    return 0.299f * r + 0.587f * g + 0.114f * b > 170 ? IM_COL32(0x22, 0x25, 0x2b, 0xff)
                                                      : colors::white;
}

bool shown(std::string_view only, const std::string& id) {
    return only.empty() || only == id;
}

/** The geometry of the legend: one rectangle per key. */
std::vector<std::pair<ImVec2, ImVec2>>
legend_rects(ImVec2 p0, float w, bool column, const scene& sc, const style& st, float& height) {
    std::vector<std::pair<ImVec2, ImVec2>> out;
    const float s = st.s;
    const float row_h = s * 1.7f;
    const float sw = s * 1.35f; // the swatch
    float x = p0.x, y = p0.y;
    for (const key& k : sc.keys) {
        const std::string count = " (" + std::to_string(k.count) + ")";
        float kw = sw + s * 0.5f + text_width(st.body, s, k.word) + text_width(st.body, s, count);
        if (column) {
            // A long word wraps onto a second line rather than running out of the column.
            const float words_w = std::max(s, w - sw - s * 0.5f);
            const float th = wrapped_height(st.body, s, k.word + count, words_w);
            const float h = std::max(row_h, th + s * 0.6f);
            out.push_back({{p0.x, y}, {p0.x + w, y + h}});
            y += h;
            continue;
        }
        kw = std::min(kw, w);
        if (x > p0.x && x + kw > p0.x + w) {
            x = p0.x;
            y += row_h;
        }
        out.push_back({{x, y}, {x + kw, y + row_h}});
        x += kw + s * 1.4f;
    }
    height = column ? y - p0.y : (out.empty() ? 0.0f : y + row_h - p0.y);
    return out;
}

} // namespace

//------------------------------------------------------------------------------

const key* scene::find(std::string_view id) const {
    for (const key& k : keys)
        if (k.id == id)
            return &k;
    return nullptr;
}

ImVec2 frame::at(double x, double y) const {
    return {p0.x + static_cast<float>(x) * width(), p0.y + static_cast<float>(y) * height()};
}

std::pair<double, double> frame::to_plan(ImVec2 p) const {
    const double x = width() > 0 ? (p.x - p0.x) / width() : 0.0;
    const double y = height() > 0 ? (p.y - p0.y) / height() : 0.0;
    return {std::clamp(x, 0.0, 1.0), std::clamp(y, 0.0, 1.0)};
}

bool frame::contains(ImVec2 p) const {
    return p.x >= p0.x && p.x <= p1.x && p.y >= p0.y && p.y <= p1.y;
}

frame fit(ImVec2 p0, ImVec2 size, double aspect) {
    const float a = aspect > 0 ? static_cast<float>(aspect) : 1.5f;
    float w = size.x, h = size.x / a;
    if (h > size.y) {
        h = size.y;
        w = h * a;
    }
    // Whole pixels: the outline stays crisp.
    w = std::max(std::floor(w), 1.0f);
    h = std::max(std::floor(h), 1.0f);
    const ImVec2 q{std::round(p0.x + std::max(0.0f, (size.x - w) / 2)),
                   std::round(p0.y + std::max(0.0f, (size.y - h) / 2))};
    return {q, {q.x + w, q.y + h}};
}

ImU32 colour_of(std::string_view hex, ImU32 fallback) {
    if (hex.size() != 7 || hex[0] != '#')
        return fallback;
    unsigned v = 0;
    for (std::size_t i = 1; i < hex.size(); ++i) {
        const char c = hex[i];
        const int d = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                             : -1;
        if (d < 0)
            return fallback;
        v = v * 16 + static_cast<unsigned>(d);
    }
    return IM_COL32((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff, 0xff);
}

void draw_icon(ImDrawList* dl, ImFont* font, float size, ImVec2 c, ImU32 col,
               std::string_view icon) {
    const unsigned cp = first_code_point(icon);
    if (font && cp != 0 && cp <= 0xFFFF && font->FindGlyphNoFallback(static_cast<ImWchar>(cp))) {
        const std::string t(icon);
        const ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0, t.c_str());
        dl->AddText(font, size, {c.x - ts.x / 2, c.y - ts.y / 2}, col, t.c_str());
        return;
    }
    dl->AddCircleFilled(c, size * 0.25f, col, 16);
}

void draw_plan(ImDrawList* dl, const frame& f, const scene& sc, const style& st,
               const ImTextureID* image) {
    const float s = st.s;
    const float border = std::max(2.0f, s * 0.1f);
    // The building: a sheet of paper with a firm outline.
    dl->AddRectFilled({f.p0.x + 3, f.p0.y + 4}, {f.p1.x + 3, f.p1.y + 4}, IM_COL32(0, 0, 0, 0x16),
                      s * 0.2f);
    dl->AddRectFilled(f.p0, f.p1, colors::card, s * 0.2f);
    if (image)
        dl->AddImageRounded(*image, f.p0, f.p1, {0, 0}, {1, 1}, IM_COL32_WHITE, s * 0.2f);
    for (const room& r : sc.rooms) {
        const ImVec2 a = f.at(r.x, r.y), b = f.at(r.x + r.w, r.y + r.h);
        dl->AddRectFilled(a, b, with_alpha(colors::track, 0.35f));
        dl->AddRect(a, b, colors::muted, 0, ImDrawFlags_None, std::max(1.0f, s * 0.07f));
    }
    dl->AddRect(f.p0, f.p1, colors::ink, s * 0.2f, ImDrawFlags_None, border);
}

/** The rooms' names, drawn after the heat so that they stay readable. */
static void draw_room_names(ImDrawList* dl, const frame& f, const scene& sc, const style& st) {
    const float s = st.s;
    for (const room& r : sc.rooms) {
        const ImVec2 a = f.at(r.x, r.y), b = f.at(r.x + r.w, r.y + r.h);
        const float pad = std::max(2.0f, s * 0.25f);
        const float fs = std::min(s * 0.8f, (b.y - a.y) * 0.3f);
        if (fs < 7 || r.name.empty())
            continue;
        const std::string t = ellipsize(st.bold, fs, r.name, b.x - a.x - 2 * pad);
        dl->AddText(st.bold, fs, {a.x + pad, a.y + pad}, colors::muted, t.c_str());
    }
}

void draw_heat(ImDrawList* dl, const frame& f, const scene& sc, std::uint32_t cols,
               std::uint32_t rows, const std::map<std::string, std::vector<std::uint32_t>>& cells,
               std::string_view only) {
    if (cols == 0 || rows == 0)
        return;
    std::uint32_t max = 0;
    for (const auto& [id, counts] : cells)
        if (shown(only, id))
            for (std::uint32_t c : counts)
                max = std::max(max, c);
    if (max == 0)
        return;
    const float cw = f.width() / static_cast<float>(cols),
                ch = f.height() / static_cast<float>(rows);
    // The keys in the legend's order, so that overlapping cells always blend the same way.
    for (const key& k : sc.keys) {
        if (!shown(only, k.id))
            continue;
        const auto it = cells.find(k.id);
        if (it == cells.end())
            continue;
        const std::vector<std::uint32_t>& counts = it->second;
        for (std::uint32_t r = 0; r < rows; ++r)
            for (std::uint32_t c = 0; c < cols; ++c) {
                const std::size_t i = static_cast<std::size_t>(r) * cols + c;
                if (i >= counts.size() || counts[i] == 0)
                    continue;
                const float t = static_cast<float>(counts[i]) / static_cast<float>(max);
                const ImVec2 a{f.p0.x + cw * static_cast<float>(c),
                               f.p0.y + ch * static_cast<float>(r)};
                dl->AddRectFilled(a, {a.x + cw, a.y + ch}, with_alpha(k.colour, 0.14f + 0.6f * t));
            }
    }
}

void draw_markers(ImDrawList* dl, const frame& f, const scene& sc, const std::vector<marker>& marks,
                  std::string_view only, const style& st) {
    const float s = st.s;
    draw_room_names(dl, f, sc, st);
    auto radius = [s](std::uint32_t n) {
        return n <= 1
                   ? s * 0.55f
                   : std::min(s * 2.0f, s * (0.7f + 0.22f * std::sqrt(static_cast<float>(n - 1))));
    };
    // Clusters of one key that would cover each other on this screen become one (at their
    // weighted mean), so that no count hides under another disc.
    std::vector<marker> merged;
    {
        std::vector<const marker*> big_first;
        for (const marker& m : marks)
            if (shown(only, m.key) && sc.find(m.key))
                big_first.push_back(&m);
        std::stable_sort(big_first.begin(), big_first.end(),
                         [](const marker* a, const marker* b) { return a->n > b->n; });
        for (const marker* m : big_first) {
            const ImVec2 p = f.at(m->x, m->y);
            marker* into = nullptr;
            for (marker& o : merged) {
                if (o.key != m->key || o.n <= 1 || m->n <= 1)
                    continue;
                const ImVec2 q = f.at(o.x, o.y);
                if (std::hypot(p.x - q.x, p.y - q.y) < (radius(o.n) + radius(m->n)) * 0.9f) {
                    into = &o;
                    break;
                }
            }
            if (!into) {
                merged.push_back(*m);
                continue;
            }
            const double n0 = into->n, n1 = m->n;
            into->x = (into->x * n0 + m->x * n1) / (n0 + n1);
            into->y = (into->y * n0 + m->y * n1) / (n0 + n1);
            into->n += m->n;
        }
    }
    // Single pins first, the clusters over them; the biggest cluster last, on top.
    std::vector<const marker*> order;
    for (const marker& m : merged)
        order.push_back(&m);
    std::stable_sort(order.begin(), order.end(),
                     [](const marker* a, const marker* b) { return a->n < b->n; });
    for (const marker* m : order) {
        const key& k = *sc.find(m->key);
        const ImVec2 p = f.at(m->x, m->y);
        const ImU32 ic = text_on(k.colour);
        if (m->n <= 1) {
            // A map pin: a head with the icon, its point on the spot.
            const float r = radius(1);
            const ImVec2 head{p.x, p.y - r * 1.55f};
            dl->AddTriangleFilled({head.x - r * 0.72f, head.y + r * 0.55f},
                                  {head.x + r * 0.72f, head.y + r * 0.55f}, p, k.colour);
            dl->AddCircleFilled(head, r, k.colour, 24);
            dl->AddCircle(head, r, colors::white, 24, std::max(1.0f, s * 0.08f));
            draw_icon(dl, st.body, r * 1.25f, head, ic, k.icon);
            continue;
        }
        const float r = radius(m->n);
        dl->AddCircleFilled({p.x + 2, p.y + 3}, r, IM_COL32(0, 0, 0, 0x22), 32);
        dl->AddCircleFilled(p, r, k.colour, 32);
        dl->AddCircle(p, r, colors::white, 32, std::max(1.5f, s * 0.1f));
        draw_icon(dl, st.body, r * 1.05f, p, ic, k.icon);
        // The count in a white badge on the disc's shoulder.
        const std::string n = std::to_string(m->n);
        const float fs = s * 0.8f;
        const float bw = std::max(fs * 1.3f, text_width(st.bold, fs, n) + fs * 0.6f);
        const ImVec2 bc{p.x + r * 0.78f, p.y - r * 0.78f};
        dl->AddRectFilled({bc.x - bw / 2, bc.y - fs * 0.65f}, {bc.x + bw / 2, bc.y + fs * 0.65f},
                          colors::white, fs * 0.65f);
        dl->AddRect({bc.x - bw / 2, bc.y - fs * 0.65f}, {bc.x + bw / 2, bc.y + fs * 0.65f},
                    k.colour, fs * 0.65f, ImDrawFlags_None, std::max(1.0f, s * 0.08f));
        dl->AddText(st.bold, fs, {bc.x - text_width(st.bold, fs, n) / 2, bc.y - fs / 2},
                    IM_COL32(0x22, 0x25, 0x2b, 0xff), n.c_str());
    }
}

void draw_routes(ImDrawList* dl, const frame& f, const scene& sc, const std::vector<line>& routes,
                 std::string_view only, const style& st) {
    const float s = st.s;
    draw_room_names(dl, f, sc, st);
    const float t = std::max(2.5f, s * 0.2f);
    for (const line& l : routes) {
        const key* k = sc.find(l.key);
        if (!k || !shown(only, l.key) || l.points.size() < 2)
            continue;
        std::vector<ImVec2> pts;
        for (const auto& [x, y] : l.points)
            pts.push_back(f.at(x, y));
        dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), k->colour, ImDrawFlags_None, t);
        for (std::size_t i = 1; i + 1 < pts.size(); ++i)
            dl->AddCircleFilled(pts[i], t * 0.5f, k->colour, 12); // round joints
        dl->AddCircleFilled(pts.front(), t * 1.5f, k->colour, 16);
        dl->AddCircleFilled(pts.front(), t * 0.6f, colors::white, 12);
        // An arrowhead where the route ends.
        const ImVec2 a = pts[pts.size() - 2], b = pts.back();
        const float dx = b.x - a.x, dy = b.y - a.y;
        const float len = std::sqrt(dx * dx + dy * dy);
        if (len > 0.5f) {
            const float ux = dx / len, uy = dy / len, h = t * 3.2f, w = t * 1.8f;
            dl->AddTriangleFilled({b.x + ux * h * 0.35f, b.y + uy * h * 0.35f},
                                  {b.x - ux * h * 0.65f - uy * w, b.y - uy * h * 0.65f + ux * w},
                                  {b.x - ux * h * 0.65f + uy * w, b.y - uy * h * 0.65f - ux * w},
                                  k->colour);
        }
    }
}

float legend_height(float w, bool column, const scene& sc, const style& st) {
    float h = 0;
    legend_rects({0, 0}, w, column, sc, st, h);
    return h;
}

float draw_legend(ImDrawList* dl, ImVec2 p0, float w, bool column, const scene& sc,
                  std::string_view only, const style& st,
                  std::vector<std::pair<ImVec2, ImVec2>>* hit) {
    float h = 0;
    const auto rects = legend_rects(p0, w, column, sc, st, h);
    const float s = st.s;
    const float sw = s * 1.35f;
    for (std::size_t i = 0; i < sc.keys.size() && i < rects.size(); ++i) {
        const key& k = sc.keys[i];
        const auto [a, b] = rects[i];
        const bool on = shown(only, k.id);
        const ImVec2 q{a.x, a.y + (std::min(b.y - a.y, s * 1.7f) - sw) / 2};
        const ImU32 col = on ? k.colour : with_alpha(k.colour, 0.3f);
        dl->AddRectFilled(q, {q.x + sw, q.y + sw}, col, s * 0.25f);
        draw_icon(dl, st.body, sw * 0.8f, {q.x + sw / 2, q.y + sw / 2}, text_on(k.colour), k.icon);
        const std::string words = k.word + " (" + std::to_string(k.count) + ")";
        const float tx = q.x + sw + s * 0.5f;
        const ImU32 ink = on ? colors::ink : colors::muted;
        if (column)
            draw_wrapped(dl, st.body, s, {tx, q.y + (sw - s) / 2}, ink, words,
                         std::max(s, a.x + w - tx));
        else
            dl->AddText(st.body, s, {tx, q.y + (sw - s) / 2}, ink,
                        ellipsize(st.body, s, words, std::max(s, b.x - tx)).c_str());
    }
    if (hit)
        *hit = rects;
    return h;
}

} // namespace kring::client::plan_view
