#include "ui/qr.hpp"

#include <qrencode.h>

#include <cmath>

namespace kring::client {

qr_code make_qr(const std::string& text) {
    qr_code out;
    out.text = text;
    QRcode* q = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q)
        return out;
    out.width = q->width;
    out.dark.resize(static_cast<std::size_t>(q->width) * static_cast<std::size_t>(q->width));
    for (std::size_t i = 0; i < out.dark.size(); ++i)
        out.dark[i] = q->data[i] & 1;
    QRcode_free(q);
    return out;
}

float qr_side(const qr_code& q, float max_side) {
    if (q.empty())
        return 0;
    const int modules = q.width + 2 * qr_quiet_zone;
    return std::floor(max_side / static_cast<float>(modules)) * static_cast<float>(modules);
}

float draw_qr(ImDrawList* dl, const qr_code& q, ImVec2 pos, float max_side) {
    if (q.empty())
        return 0;
    const int modules = q.width + 2 * qr_quiet_zone;
    const float m = std::floor(max_side / static_cast<float>(modules));
    if (m < 1)
        return 0;
    const float side = m * static_cast<float>(modules);
    const ImVec2 p0{std::round(pos.x), std::round(pos.y)};
    dl->AddRectFilled(p0, {p0.x + side, p0.y + side}, IM_COL32_WHITE);
    const ImU32 black = IM_COL32(0, 0, 0, 255);
    for (int y = 0; y < q.width; ++y) {
        // Merge runs of dark modules in a row into one rectangle: fewer vertices, no seams.
        int x = 0;
        while (x < q.width) {
            if (!q.at(x, y)) {
                ++x;
                continue;
            }
            int end = x;
            while (end < q.width && q.at(end, y))
                ++end;
            const float x0 = p0.x + static_cast<float>(x + qr_quiet_zone) * m;
            const float y0 = p0.y + static_cast<float>(y + qr_quiet_zone) * m;
            dl->AddRectFilled({x0, y0}, {x0 + static_cast<float>(end - x) * m, y0 + m}, black);
            x = end;
        }
    }
    return side;
}

} // namespace kring::client
