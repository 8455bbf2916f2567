// QR codes for the join URL: encoded with libqrencode, drawn with the ImGui draw list.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

namespace kring::client {

/** An encoded QR code: width x width modules, row-major, true = dark. */
struct qr_code {
    std::string text;
    int width = 0;
    std::vector<std::uint8_t> dark;

    bool empty() const { return width == 0; }
    bool at(int x, int y) const { return dark[static_cast<std::size_t>(y * width + x)] != 0; }
};

/** Encodes text (byte mode, error correction M). Returns an empty code on failure. */
qr_code make_qr(const std::string& text);

/** Modules of quiet zone around the code, as the QR standard asks. */
constexpr int qr_quiet_zone = 4;

/** The side draw_qr would use for at most `max_side` pixels (whole pixels per module). */
float qr_side(const qr_code& q, float max_side);

/**
 * Draws the code, quiet zone included, on a white square of at most `max_side` pixels
 * at `pos`. Modules are whole pixels so a camera (and zbarimg) reads the code reliably.
 * Returns the side actually used.
 */
float draw_qr(ImDrawList* dl, const qr_code& q, ImVec2 pos, float max_side);

} // namespace kring::client
