// The word-cloud layout of open_text results: pure and deterministic (same terms, same area,
// same picture on every projector), independent of ImGui except for ImVec2.
#pragma once

#include <imgui.h>

#include <functional>
#include <string>
#include <vector>

namespace kring::client {

struct cloud_word {
    std::string text;
    int count = 0;
};

/** Where one word goes: its index in the input, top-left corner and font size. */
struct cloud_place {
    std::size_t index = 0;
    ImVec2 pos;
    ImVec2 extent;
    float size = 0;
};

/** Measures `text` at font size `size` (width, height). */
using measure_fn = std::function<ImVec2(const std::string& text, float size)>;

/**
 * Lays out `words` (most frequent first) in an area of `area` pixels. Font sizes grow with the
 * square root of the count between `min_size` and `max_size`; every word walks an elliptical
 * Archimedean spiral out of the centre until it overlaps nothing placed before it. When the
 * most frequent words do not all fit, every size shrinks a step and the layout starts over;
 * words that still do not fit are left out (the smallest ones, at the end of the list).
 */
std::vector<cloud_place> layout_word_cloud(const std::vector<cloud_word>& words, ImVec2 area,
                                           float max_size, float min_size,
                                           const measure_fn& measure);

} // namespace kring::client
