// Photo intake: what a phone uploads becomes a clean JPEG, or a typed refusal.
//
// Every photo is decoded and encoded again, with Debian's libjpeg-turbo (JPEG in and out)
// and libpng (PNG in), and scaled with stb_image_resize. Nothing of the uploaded file
// passes through but its pixels: every metadata block (EXIF with the GPS position, maker
// notes, thumbnails, XMP, comments, ICC profiles) is dropped by construction. The type is
// sniffed from the bytes, never taken from a name; the pixel count is checked from the
// header before anything is decoded, so a small file that claims 50,000 x 50,000 pixels
// (a decompression bomb) costs nothing. A JPEG that libjpeg warns about (cut off, extra
// bytes) is refused as damaged, not stored half grey.
//
// No I/O, no state: safe from any thread.
#pragma once

#include "kring/limits.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kring::server {

/** The limits of one photo: defined once in kring/limits.hpp, sent to clients in rules. */
using kring::photo_limits;

/** Why a photo was refused. */
enum class photo_error {
    none,
    empty,            // no bytes
    too_large,        // more bytes than max_bytes
    not_an_image,     // the bytes are no image Kring knows
    unsupported_type, // an image, but not JPEG or PNG (GIF, SVG, WebP, HEIF, BMP, …)
    type_mismatch,    // the upload said one type (e.g. image/jpeg), the bytes are another
    too_many_pixels,  // the header claims more than max_pixels (or a side over 65,535)
    damaged,          // cut off or corrupt: the decoder refused or warned
};

/** The error's code for clients ("photo_too_large", …). */
const char* photo_error_code(photo_error e);

/** The image types the intake tells apart. */
enum class image_type { unknown, jpeg, png, gif, webp, heif, svg, bmp, tiff };

/** The type of `bytes` from their first bytes. */
image_type sniff_image_type(std::string_view bytes);

/** The MIME type of a type ("image/jpeg"), "" for unknown. */
const char* image_mime(image_type t);

/** A photo as stored: a baseline JPEG with no metadata. */
struct clean_photo {
    std::string jpeg;
    unsigned width = 0;
    unsigned height = 0;
};

struct photo_result {
    photo_error error = photo_error::none;
    std::string message; // for people (English), empty when accepted
    clean_photo photo;

    explicit operator bool() const { return error == photo_error::none; }
};

/**
 * Decodes `bytes` (JPEG or PNG), scales it to fit max_side and encodes it as a new JPEG.
 * `declared_type`: the MIME type the upload claimed, or "" when none; a claim that the
 * bytes contradict is refused (type_mismatch).
 */
photo_result take_photo(std::string_view bytes, std::string_view declared_type = {},
                        const photo_limits& lim = {});

} // namespace kring::server
