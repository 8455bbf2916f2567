// Photo intake (server/photo_intake.hpp): a photo with EXIF GPS, a maker note, XMP and a
// comment comes out as a clean JPEG of at most 1,600 px; every bad input of the photo
// exercises gets its typed refusal.
#include "photo_intake.hpp"

#include <doctest/doctest.h>
#include <stb_image.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace kring_test_server_photo_test {

using kring::server::photo_error;
using kring::server::take_photo;

void put16(std::string& s, unsigned v) {
    s += static_cast<char>((v >> 8) & 0xFF);
    s += static_cast<char>(v & 0xFF);
}
void put32(std::string& s, std::uint32_t v) {
    put16(s, v >> 16);
    put16(s, v & 0xFFFF);
}

void append_to(void* ctx, void* data, int size);

/** A W x H JPEG (stb_image_write): a gradient, red rising to the right. */
std::string make_jpeg(int w, int h) {
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * h * 3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            unsigned char* p = &px[(static_cast<std::size_t>(y) * w + x) * 3];
            p[0] = static_cast<unsigned char>(255 * x / w);
            p[1] = 120;
            p[2] = static_cast<unsigned char>(255 * y / h);
        }
    std::string out;
    stbi_write_jpg_to_func(append_to, &out, w, h, 3, px.data(), 90);
    return out;
}

void append_to(void* ctx, void* data, int size) {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(data),
                                           static_cast<std::size_t>(size));
}

std::string make_png(int w, int h, int channels, const std::vector<unsigned char>& px) {
    std::string out;
    stbi_write_png_to_func(append_to, &out, w, h, channels, px.data(), w * channels);
    return out;
}

/** An APP1 Exif block (big-endian TIFF): Make, and a GPS IFD with Ghent's latitude. */
std::string exif_block() {
    std::string t = "MM";
    put16(t, 42);
    put32(t, 8);
    // IFD0 at 8: two entries, then the next-IFD offset.
    const std::uint32_t ifd0 = 8, gps = ifd0 + 2 + 2 * 12 + 4, make = gps + 2 + 2 * 12 + 4;
    const std::uint32_t lat = make + 16;
    put16(t, 2);
    put16(t, 0x010F); // Make
    put16(t, 2);      // ASCII
    put32(t, 16);
    put32(t, make);
    put16(t, 0x8825); // GPSInfo
    put16(t, 4);      // LONG
    put32(t, 1);
    put32(t, gps);
    put32(t, 0);
    // GPS IFD: GPSLatitudeRef "N", GPSLatitude 51/1 3/1 0/1.
    put16(t, 2);
    put16(t, 0x0001);
    put16(t, 2);
    put32(t, 2);
    t += std::string("N\0\0\0", 4);
    put16(t, 0x0002);
    put16(t, 5); // RATIONAL
    put32(t, 3);
    put32(t, lat);
    put32(t, 0);
    t += std::string("KringTestCamera\0", 16);
    for (std::uint32_t v : {51U, 1U, 3U, 1U, 0U, 1U})
        put32(t, v);
    // A maker note's worth of private bytes at the end.
    t += "MakerNote:KringSecretSerial12345";
    std::string app1 = "\xFF\xE1";
    put16(app1, static_cast<unsigned>(2 + 6 + t.size()));
    app1 += std::string("Exif\0\0", 6);
    app1 += t;
    return app1;
}

std::string xmp_block() {
    const std::string payload = std::string("http://ns.adobe.com/xap/1.0/\0", 29) +
                                "<x:xmpmeta><exif:GPSLatitude>51,3N</exif:GPSLatitude></x:xmpmeta>";
    std::string app1 = "\xFF\xE1";
    put16(app1, static_cast<unsigned>(2 + payload.size()));
    return app1 + payload;
}

std::string comment_block() {
    const std::string text = "family Janssens, Kerkstraat 4";
    std::string com = "\xFF\xFE";
    put16(com, static_cast<unsigned>(2 + text.size()));
    return com + text;
}

/** The markers of a JPEG up to its first scan (SOS), in order. */
std::vector<unsigned> markers(const std::string& j) {
    std::vector<unsigned> out;
    std::size_t i = 2;
    while (i + 4 <= j.size() && static_cast<unsigned char>(j[i]) == 0xFF) {
        const unsigned m = static_cast<unsigned char>(j[i + 1]);
        out.push_back(m);
        if (m == 0xDA)
            break;
        const unsigned len = static_cast<unsigned>(static_cast<unsigned char>(j[i + 2]) << 8) |
                             static_cast<unsigned char>(j[i + 3]);
        i += 2 + len;
    }
    return out;
}

TEST_CASE("photo: EXIF with GPS, a maker note, XMP and a comment are gone, the photo is scaled "
          "to 1,600 px and keeps its pixels") {
    const std::string plain = make_jpeg(2400, 1800);
    // SOI, then the metadata a phone camera writes, then the rest of the file.
    const std::string upload =
        plain.substr(0, 2) + exif_block() + xmp_block() + comment_block() + plain.substr(2);
    REQUIRE(upload.find("KringSecretSerial") != std::string::npos);
    // The marker reader below sees them in the upload: two APP1 blocks and a comment.
    const std::vector<unsigned> in = markers(upload);
    CHECK(std::count(in.begin(), in.end(), 0xE1U) == 2);
    CHECK(std::count(in.begin(), in.end(), 0xFEU) == 1);

    const auto r = take_photo(upload, "image/jpeg");
    REQUIRE_MESSAGE(r, r.message);
    CHECK(r.photo.width == 1600);
    CHECK(r.photo.height == 1200);
    const std::string& out = r.photo.jpeg;
    CHECK(out.substr(0, 3) == "\xFF\xD8\xFF");
    for (const char* secret :
         {"Exif", "KringTestCamera", "KringSecretSerial", "xap/1.0", "GPSLatitude", "Janssens"})
        CHECK_MESSAGE(out.find(secret) == std::string::npos, secret);
    for (unsigned m : markers(out)) {
        CHECK_MESSAGE(!(m >= 0xE1 && m <= 0xEF), "APP" << (m - 0xE0) << " in the output");
        CHECK(m != 0xFE); // COM
    }
    // The pixels are the photo's: decoded again, the left edge is dark red, the right bright.
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load_from_memory(reinterpret_cast<const unsigned char*>(out.data()),
                                              static_cast<int>(out.size()), &w, &h, &n, 3);
    REQUIRE(px != nullptr);
    CHECK(w == 1600);
    CHECK(h == 1200);
    const unsigned char* left = &px[(600 * 1600 + 10) * 3];
    const unsigned char* right = &px[(600 * 1600 + 1590) * 3];
    CHECK(left[0] < 20);
    CHECK(right[0] > 235);
    CHECK(std::abs(left[1] - 120) < 12);
    stbi_image_free(px);
}

TEST_CASE(
    "photo: a PNG with transparency becomes a JPEG on white, and a small photo keeps its size") {
    std::vector<unsigned char> px(40 * 30 * 4, 0); // fully transparent…
    for (int i = 0; i < 40 * 15; ++i) {            // …but the top half opaque blue
        px[static_cast<std::size_t>(i) * 4 + 2] = 255;
        px[static_cast<std::size_t>(i) * 4 + 3] = 255;
    }
    const std::string png = make_png(40, 30, 4, px);
    const auto r = take_photo(png, "image/png");
    REQUIRE_MESSAGE(r, r.message);
    CHECK(r.photo.width == 40);
    CHECK(r.photo.height == 30);
    int w = 0, h = 0, n = 0;
    unsigned char* back =
        stbi_load_from_memory(reinterpret_cast<const unsigned char*>(r.photo.jpeg.data()),
                              static_cast<int>(r.photo.jpeg.size()), &w, &h, &n, 3);
    REQUIRE(back != nullptr);
    const unsigned char* top = &back[(5 * 40 + 20) * 3];
    const unsigned char* bottom = &back[(25 * 40 + 20) * 3];
    CHECK(top[2] > 200);
    CHECK(top[0] < 40);
    CHECK(bottom[0] > 230); // white
    CHECK(bottom[1] > 230);
    stbi_image_free(back);
    // Without a declared type the bytes decide.
    CHECK(take_photo(png));
}

TEST_CASE("photo: every bad input gets its typed refusal") {
    const std::string jpeg = make_jpeg(320, 240);
    REQUIRE(take_photo(jpeg));
    auto refused = [](const kring::server::photo_result& r, photo_error e) {
        INFO(r.message);
        CHECK(!r);
        CHECK(r.error == e);
        CHECK(r.photo.jpeg.empty());
        CHECK(!r.message.empty());
    };

    // A PNG sent as a JPEG (renamed .jpg): the bytes say PNG.
    std::vector<unsigned char> rgb(16 * 16 * 3, 90);
    refused(take_photo(make_png(16, 16, 3, rgb), "image/jpeg"), photo_error::type_mismatch);
    CHECK(std::string(kring::server::photo_error_code(photo_error::type_mismatch)) ==
          "photo_type_mismatch");

    // Cut off halfway.
    refused(take_photo(jpeg.substr(0, jpeg.size() / 2)), photo_error::damaged);
    refused(take_photo(jpeg.substr(0, 40)), photo_error::damaged);

    // A decompression bomb: a real JPEG whose frame header claims 50,000 x 50,000 pixels.
    {
        std::string bomb = jpeg;
        const std::size_t sof = bomb.find("\xFF\xC0");
        REQUIRE(sof != std::string::npos);
        // FF C0, length (2), precision (1), height (2), width (2).
        bomb[sof + 5] = static_cast<char>(50000 >> 8);
        bomb[sof + 6] = static_cast<char>(50000 & 0xFF);
        bomb[sof + 7] = static_cast<char>(50000 >> 8);
        bomb[sof + 8] = static_cast<char>(50000 & 0xFF);
        refused(take_photo(bomb), photo_error::too_many_pixels);
    }
    // The same as a PNG: a header claiming 50,000 x 50,000 (with its CRC right).
    {
        std::string png = make_png(16, 16, 3, rgb);
        // Signature (8), length (4), "IHDR" (4), width (4), height (4), … CRC after 13 bytes.
        for (int i : {16, 20}) {
            png[static_cast<std::size_t>(i) + 2] = static_cast<char>(50000 >> 8);
            png[static_cast<std::size_t>(i) + 3] = static_cast<char>(50000 & 0xFF);
        }
        std::uint32_t crc = 0xFFFFFFFFU;
        for (std::size_t i = 12; i < 12 + 4 + 13; ++i) {
            crc ^= static_cast<unsigned char>(png[i]);
            for (int k = 0; k < 8; ++k)
                crc = (crc >> 1) ^ (0xEDB88320U & (0U - (crc & 1U)));
        }
        crc ^= 0xFFFFFFFFU;
        for (int k = 0; k < 4; ++k)
            png[29 + static_cast<std::size_t>(k)] = static_cast<char>((crc >> (24 - 8 * k)) & 0xFF);
        refused(take_photo(png), photo_error::too_many_pixels);
    }

    // 30 MB: refused by its size, before anything is read.
    {
        std::string big = jpeg;
        big.resize(30 * 1024 * 1024, '\0');
        refused(take_photo(big), photo_error::too_large);
    }
    // Other image types, and no image at all.
    refused(take_photo("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            photo_error::unsupported_type);
    refused(take_photo("  <svg onload=\"alert(1)\"></svg>"), photo_error::unsupported_type);
    refused(take_photo(std::string("GIF89a\x01\x00\x01\x00\x00\x00\x00;", 13)),
            photo_error::unsupported_type);
    refused(take_photo(std::string("RIFF\x10\x00\x00\x00WEBPVP8 ", 16)),
            photo_error::unsupported_type);
    refused(take_photo("Dit is geen foto."), photo_error::not_an_image);
    refused(take_photo(""), photo_error::empty);
}

} // namespace kring_test_server_photo_test
