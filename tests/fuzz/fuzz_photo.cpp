// libFuzzer target: hostile uploads through the photo intake (server/photo_intake.*):
// sniffing, the header checks, libjpeg / libpng decoding, scaling and encoding again.
// Whatever the input, take_photo must not crash, leak or hang; what it accepts must be a
// JPEG within the limits, with no metadata block (APP1..APP15, COM), that the intake
// accepts again at the same size.
#include "photo_intake.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* why) {
    std::fprintf(stderr, "fuzz_photo: %s\n", why);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kring::server;
    // Small limits keep each input fast; the checks are the same.
    photo_limits lim;
    lim.max_bytes = 64 * 1024;
    lim.max_pixels = 4'000'000;
    lim.max_side = 64;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const photo_result r = take_photo(bytes, {}, lim);
    if (!r) {
        if (r.message.empty() || r.error == photo_error::none)
            fail("a refusal without its reason");
        return 0;
    }
    const std::string& j = r.photo.jpeg;
    if (j.size() < 4 || j.compare(0, 3, "\xFF\xD8\xFF") != 0)
        fail("accepted, but the result is no JPEG");
    if (r.photo.width == 0 || r.photo.height == 0 || r.photo.width > lim.max_side ||
        r.photo.height > lim.max_side)
        fail("accepted, but the size is out of the limits");
    // Markers up to the first scan: no APP1..APP15, no comment.
    for (std::size_t i = 2; i + 4 <= j.size() && static_cast<unsigned char>(j[i]) == 0xFF;) {
        const unsigned m = static_cast<unsigned char>(j[i + 1]);
        if ((m >= 0xE1 && m <= 0xEF) || m == 0xFE)
            fail("a metadata block in the result");
        if (m == 0xDA)
            break;
        i += 2 + ((static_cast<unsigned>(static_cast<unsigned char>(j[i + 2])) << 8) |
                  static_cast<unsigned char>(j[i + 3]));
    }
    const photo_result again = take_photo(j, "image/jpeg", lim);
    if (!again || again.photo.width != r.photo.width || again.photo.height != r.photo.height)
        fail("the result is not accepted again at its size");
    return 0;
}
