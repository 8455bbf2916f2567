// Photo intake (photo_intake.hpp): sniff, check the header, decode, scale, encode.
//
// libjpeg reports errors through a callback that must not return: it jumps back with
// longjmp to the setjmp in the function that called into libjpeg. Those functions
// (jpeg_decode, jpeg_encode) therefore hold no C++ object with a destructor between their
// setjmp and their last libjpeg call; what they allocate meanwhile is a plain pointer,
// freed on both ways out. libpng's simplified API does its own jumping inside.
#include "photo_intake.hpp"

#include <cstdio> // jpeglib.h needs FILE declared first
#include <jpeglib.h>
#include <png.h>
#include <stb_image_resize.h>

#include <algorithm>
#include <csetjmp>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace kring::server {

const char* photo_error_code(photo_error e) {
    switch (e) {
    case photo_error::none:
        return "";
    case photo_error::empty:
        return "photo_empty";
    case photo_error::too_large:
        return "photo_too_large";
    case photo_error::not_an_image:
        return "photo_not_an_image";
    case photo_error::unsupported_type:
        return "photo_unsupported_type";
    case photo_error::type_mismatch:
        return "photo_type_mismatch";
    case photo_error::too_many_pixels:
        return "photo_too_many_pixels";
    case photo_error::damaged:
        return "photo_damaged";
    }
    return "photo_damaged";
}

image_type sniff_image_type(std::string_view b) {
    if (b.starts_with("\xFF\xD8\xFF"))
        return image_type::jpeg;
    if (b.starts_with("\x89PNG\r\n\x1A\n"))
        return image_type::png;
    if (b.starts_with("GIF87a") || b.starts_with("GIF89a"))
        return image_type::gif;
    if (b.starts_with("RIFF") && b.size() >= 12 && b.substr(8, 4) == "WEBP")
        return image_type::webp;
    if (b.size() >= 12 && b.substr(4, 4) == "ftyp")
        return image_type::heif; // HEIC, AVIF: ISO media files
    if (b.starts_with("BM"))
        return image_type::bmp;
    if (b.starts_with(std::string_view("II*\0", 4)) || b.starts_with(std::string_view("MM\0*", 4)))
        return image_type::tiff;
    // SVG is text: "<svg" within its first KiB, or an XML prolog after a byte order mark
    // and spaces.
    const std::string_view head = b.substr(0, 1024);
    const std::size_t first = head.find_first_not_of("\xEF\xBB\xBF \t\r\n");
    if (head.find("<svg") != std::string_view::npos ||
        (first != std::string_view::npos && head.substr(first).starts_with("<?xml")))
        return image_type::svg;
    return image_type::unknown;
}

const char* image_mime(image_type t) {
    switch (t) {
    case image_type::jpeg:
        return "image/jpeg";
    case image_type::png:
        return "image/png";
    case image_type::gif:
        return "image/gif";
    case image_type::webp:
        return "image/webp";
    case image_type::heif:
        return "image/heif";
    case image_type::svg:
        return "image/svg+xml";
    case image_type::bmp:
        return "image/bmp";
    case image_type::tiff:
        return "image/tiff";
    case image_type::unknown:
        break;
    }
    return "";
}

namespace {

/** Decoded pixels: RGB, 3 bytes a pixel, rows top to bottom. */
struct rgb_image {
    std::vector<unsigned char> px;
    unsigned width = 0;
    unsigned height = 0;
};

/** libjpeg's error manager, with the way back and the message. */
struct jpeg_trap {
    jpeg_error_mgr mgr;
    std::jmp_buf back;
    char message[JMSG_LENGTH_MAX];
};

[[noreturn]] void jpeg_on_error(j_common_ptr c) {
    auto* trap = reinterpret_cast<jpeg_trap*>(c->err);
    (*c->err->format_message)(c, trap->message);
    std::longjmp(trap->back, 1);
}

// A warning means damaged data (cut off, extra bytes, a bad Huffman code): libjpeg would
// go on and fill the rest grey. Refused instead. Trace messages (level > 0) are ignored.
void jpeg_on_message(j_common_ptr c, int level) {
    if (level < 0)
        jpeg_on_error(c);
}

enum class step_result { ok, failed, too_many_pixels };

/**
 * Decodes a JPEG into `out_px` (malloc'ed RGB; the caller frees it). Scales down by 1/2,
 * 1/4 or 1/8 while decoding when the result still covers `side` (less memory and time for
 * a large photo). Refuses more than `max_pixels` from the header, before decoding.
 */
step_result jpeg_decode(const unsigned char* data, std::size_t size, std::uint64_t max_pixels,
                        unsigned side, unsigned char*& out_px, unsigned& out_w, unsigned& out_h,
                        char* message) {
    jpeg_decompress_struct cinfo;
    jpeg_trap trap;
    std::memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&trap.mgr);
    trap.mgr.error_exit = jpeg_on_error;
    trap.mgr.emit_message = jpeg_on_message;
    trap.message[0] = '\0';
    unsigned char* volatile px = nullptr;
    if (setjmp(trap.back)) {
        jpeg_destroy_decompress(&cinfo);
        std::free(px);
        std::snprintf(message, JMSG_LENGTH_MAX, "%s", trap.message);
        return step_result::failed;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
    // No markers are kept (jpeg_save_markers is never called): EXIF, XMP, comments and
    // ICC profiles are skipped by the reader.
    jpeg_read_header(&cinfo, TRUE);
    if (static_cast<std::uint64_t>(cinfo.image_width) * cinfo.image_height > max_pixels ||
        cinfo.image_width == 0 || cinfo.image_height == 0) {
        jpeg_destroy_decompress(&cinfo);
        return step_result::too_many_pixels;
    }
    const unsigned longest = std::max(cinfo.image_width, cinfo.image_height);
    unsigned denom = 1;
    while (denom < 8 && longest / (denom * 2) >= side)
        denom *= 2;
    cinfo.scale_num = 1;
    cinfo.scale_denom = denom;
    cinfo.out_color_space = JCS_RGB;
    jpeg_start_decompress(&cinfo);
    const std::size_t stride = static_cast<std::size_t>(cinfo.output_width) * 3;
    px = static_cast<unsigned char*>(std::malloc(stride * cinfo.output_height));
    if (!px) {
        jpeg_destroy_decompress(&cinfo);
        std::snprintf(message, JMSG_LENGTH_MAX, "out of memory");
        return step_result::failed;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = px + stride * cinfo.output_scanline;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    out_w = cinfo.output_width;
    out_h = cinfo.output_height;
    out_px = px;
    jpeg_destroy_decompress(&cinfo);
    return step_result::ok;
}

/** Encodes RGB pixels as a baseline JPEG (JFIF, nothing else); `out` is malloc'ed by libjpeg. */
bool jpeg_encode(const unsigned char* px, unsigned w, unsigned h, int quality, unsigned char*& out,
                 unsigned long& out_size, char* message) {
    jpeg_compress_struct cinfo;
    jpeg_trap trap;
    std::memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&trap.mgr);
    trap.mgr.error_exit = jpeg_on_error;
    trap.mgr.emit_message = jpeg_on_message;
    trap.message[0] = '\0';
    // Where libjpeg puts the result (it allocates and grows the buffer itself). Declared
    // before setjmp and only written through the pointer libjpeg holds, so it is in memory
    // when an error jumps back, and its buffer is freed then.
    unsigned char* b = nullptr;
    unsigned long n = 0;
    if (setjmp(trap.back)) {
        jpeg_destroy_compress(&cinfo);
        std::free(b);
        std::snprintf(message, JMSG_LENGTH_MAX, "%s", trap.message);
        return false;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &b, &n);
    cinfo.image_width = w;
    cinfo.image_height = h;
    cinfo.input_components = 3;
    cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    const std::size_t stride = static_cast<std::size_t>(w) * 3;
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = const_cast<unsigned char*>(px) + stride * cinfo.next_scanline;
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    out = b;
    out_size = n;
    return true;
}

photo_result refuse(photo_error e, std::string message) {
    photo_result r;
    r.error = e;
    r.message = std::move(message);
    return r;
}

} // namespace

photo_result take_photo(std::string_view bytes, std::string_view declared_type,
                        const photo_limits& lim) {
    if (bytes.empty())
        return refuse(photo_error::empty, "the upload is empty");
    if (bytes.size() > lim.max_bytes)
        return refuse(photo_error::too_large, "the photo has " + std::to_string(bytes.size()) +
                                                  " bytes; at most " +
                                                  std::to_string(lim.max_bytes) + " are accepted");
    const image_type type = sniff_image_type(bytes);
    if (type == image_type::unknown)
        return refuse(photo_error::not_an_image, "the bytes are no JPEG or PNG image");
    if (type != image_type::jpeg && type != image_type::png)
        return refuse(photo_error::unsupported_type,
                      std::string("a photo is JPEG or PNG; this is ") + image_mime(type));
    if (!declared_type.empty()) {
        std::string_view d = declared_type.substr(0, declared_type.find(';'));
        while (!d.empty() && d.back() == ' ')
            d.remove_suffix(1);
        const bool same = d == image_mime(type) || (type == image_type::jpeg && d == "image/jpg");
        if (!same)
            return refuse(photo_error::type_mismatch, "the upload says " + std::string(d) +
                                                          ", the bytes are " + image_mime(type));
    }
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    const unsigned side = std::max(1U, lim.max_side);

    rgb_image img;
    if (type == image_type::jpeg) {
        unsigned char* px = nullptr;
        unsigned w = 0, h = 0;
        char message[JMSG_LENGTH_MAX] = "";
        const step_result r =
            jpeg_decode(data, bytes.size(), lim.max_pixels, side, px, w, h, message);
        if (r == step_result::too_many_pixels)
            return refuse(photo_error::too_many_pixels, "the photo claims more than " +
                                                            std::to_string(lim.max_pixels) +
                                                            " pixels");
        if (r == step_result::failed)
            return refuse(photo_error::damaged, std::string("damaged JPEG: ") + message);
        img.px.assign(px, px + static_cast<std::size_t>(w) * h * 3);
        std::free(px);
        img.width = w;
        img.height = h;
    } else {
        png_image png;
        std::memset(&png, 0, sizeof png);
        png.version = PNG_IMAGE_VERSION;
        if (!png_image_begin_read_from_memory(&png, data, bytes.size()))
            return refuse(photo_error::damaged, std::string("damaged PNG: ") + png.message);
        if (static_cast<std::uint64_t>(png.width) * png.height > lim.max_pixels || png.width == 0 ||
            png.height == 0) {
            png_image_free(&png);
            return refuse(photo_error::too_many_pixels, "the photo claims more than " +
                                                            std::to_string(lim.max_pixels) +
                                                            " pixels");
        }
        png.format = PNG_FORMAT_RGB; // transparency is laid on white
        img.px.resize(PNG_IMAGE_SIZE(png));
        png_color white{255, 255, 255};
        if (!png_image_finish_read(&png, &white, img.px.data(), 0, nullptr)) {
            std::string why = png.message;
            png_image_free(&png);
            return refuse(photo_error::damaged, "damaged PNG: " + why);
        }
        img.width = png.width;
        img.height = png.height;
        png_image_free(&png);
    }

    // Scale to fit max_side (keeping the proportions; at least 1 pixel a side).
    const unsigned longest = std::max(img.width, img.height);
    if (longest > side) {
        const double f = static_cast<double>(side) / longest;
        const unsigned w = std::max(1U, static_cast<unsigned>(img.width * f + 0.5));
        const unsigned h = std::max(1U, static_cast<unsigned>(img.height * f + 0.5));
        std::vector<unsigned char> scaled(static_cast<std::size_t>(w) * h * 3);
        if (!stbir_resize_uint8_srgb(img.px.data(), static_cast<int>(img.width),
                                     static_cast<int>(img.height), 0, scaled.data(),
                                     static_cast<int>(w), static_cast<int>(h), 0, 3,
                                     STBIR_ALPHA_CHANNEL_NONE, 0))
            return refuse(photo_error::damaged, "the photo could not be scaled");
        img.px = std::move(scaled);
        img.width = w;
        img.height = h;
    }

    unsigned char* out = nullptr;
    unsigned long out_size = 0;
    char message[JMSG_LENGTH_MAX] = "";
    if (!jpeg_encode(img.px.data(), img.width, img.height, std::clamp(lim.quality, 1, 100), out,
                     out_size, message))
        return refuse(photo_error::damaged,
                      std::string("the photo could not be encoded: ") + message);
    photo_result r;
    r.photo.jpeg.assign(reinterpret_cast<const char*>(out), out_size);
    std::free(out);
    r.photo.width = img.width;
    r.photo.height = img.height;
    return r;
}

} // namespace kring::server
