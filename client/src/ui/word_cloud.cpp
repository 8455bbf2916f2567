#include "ui/word_cloud.hpp"

#include <algorithm>
#include <cmath>

namespace kring::client {

namespace {

struct rect {
    float x0, y0, x1, y1;
    bool overlaps(const rect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

/** One attempt at sizes scaled by `k`; returns how many of the first `must` words were placed. */
std::size_t attempt(const std::vector<cloud_word>& words, ImVec2 area, float max_size,
                    float min_size, float k, const measure_fn& measure,
                    std::vector<cloud_place>& out) {
    out.clear();
    int cmin = words.front().count, cmax = words.front().count;
    for (const auto& w : words) {
        cmin = std::min(cmin, w.count);
        cmax = std::max(cmax, w.count);
    }
    std::vector<rect> placed;
    const float cx = area.x / 2, cy = area.y / 2;
    const float aspect = area.y > 0 ? area.x / area.y : 1.0f;
    std::size_t placed_prefix = 0;
    bool prefix_open = true;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const float t = cmax > cmin ? std::sqrt(static_cast<float>(words[i].count - cmin) /
                                                static_cast<float>(cmax - cmin))
                                    : 0.6f;
        const float size = std::max(min_size * 0.6f, (min_size + (max_size - min_size) * t) * k);
        const ImVec2 ext = measure(words[i].text, size);
        const float pad = size * 0.18f;
        bool done = false;
        // Small angular steps near the centre, the same arc length further out.
        const float step_r = std::max(1.5f, size * 0.08f);
        for (float a = 0, r = 0; r < std::max(area.x, area.y) * 0.75f;) {
            const float x = cx + r * std::cos(a) * std::sqrt(aspect) - ext.x / 2;
            const float y = cy + r * std::sin(a) / std::sqrt(aspect) - ext.y / 2;
            const rect box{x - pad, y - pad * 0.4f, x + ext.x + pad, y + ext.y + pad * 0.4f};
            if (x >= 0 && y >= 0 && x + ext.x <= area.x && y + ext.y <= area.y &&
                std::none_of(placed.begin(), placed.end(),
                             [&](const rect& p) { return p.overlaps(box); })) {
                placed.push_back(box);
                out.push_back({i, {x, y}, ext, size});
                done = true;
                break;
            }
            const float da = r < 1 ? 0.5f : std::min(0.5f, step_r / r);
            a += da;
            r += step_r * da / 6.2832f * 2.0f;
        }
        if (done && prefix_open)
            ++placed_prefix;
        if (!done)
            prefix_open = false;
    }
    return placed_prefix;
}

} // namespace

std::vector<cloud_place> layout_word_cloud(const std::vector<cloud_word>& words, ImVec2 area,
                                           float max_size, float min_size,
                                           const measure_fn& measure) {
    std::vector<cloud_place> out;
    if (words.empty() || area.x <= 0 || area.y <= 0)
        return out;
    // The top words (at least the first ten, or all of a short list) must fit; shrink until they
    // do.
    const std::size_t must =
        std::min(words.size(), std::max<std::size_t>(10, words.size() * 2 / 3));
    float k = 1.0f;
    for (int tries = 0; tries < 14; ++tries, k *= 0.88f)
        if (attempt(words, area, max_size, min_size, k, measure, out) >= must)
            break;
    return out;
}

} // namespace kring::client
