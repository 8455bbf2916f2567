#include "image_cache.hpp"

#include <GLFW/glfw3.h> // brings <GL/gl.h>

#include <stb_image.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace kring::client {

namespace {

// A failed image is asked for again after this many seconds (the server may have restarted).
constexpr double retry_after = 5.0;

// The most pixels an image may claim before it is decoded (the server's own limit for photos,
// docs/protocol.md section 7, is 50 million; a deck's images are far smaller).
constexpr long long max_pixels = 50'000'000;

/** Halves an RGBA image with a 2x2 box filter (odd edges repeat their last row / column). */
std::vector<unsigned char> half(const std::vector<unsigned char>& src, int w, int h, int& nw,
                                int& nh) {
    nw = std::max(1, w / 2);
    nh = std::max(1, h / 2);
    std::vector<unsigned char> dst(static_cast<std::size_t>(nw) * static_cast<std::size_t>(nh) * 4);
    for (int y = 0; y < nh; ++y)
        for (int x = 0; x < nw; ++x) {
            const int x0 = std::min(2 * x, w - 1), x1 = std::min(2 * x + 1, w - 1);
            const int y0 = std::min(2 * y, h - 1), y1 = std::min(2 * y + 1, h - 1);
            for (int c = 0; c < 4; ++c) {
                auto at = [&](int xx, int yy) {
                    return static_cast<int>(
                        src[(static_cast<std::size_t>(yy) * static_cast<std::size_t>(w) +
                             static_cast<std::size_t>(xx)) *
                                4 +
                            static_cast<std::size_t>(c)]);
                };
                dst[(static_cast<std::size_t>(y) * static_cast<std::size_t>(nw) +
                     static_cast<std::size_t>(x)) *
                        4 +
                    static_cast<std::size_t>(c)] =
                    static_cast<unsigned char>(
                        (at(x0, y0) + at(x1, y0) + at(x0, y1) + at(x1, y1) + 2) / 4);
            }
        }
    return dst;
}

/** Uploads an RGBA image with its whole mip chain; returns the texture name (0 on failure). */
unsigned int upload(const unsigned char* rgba, int w, int h) {
    GLuint id = 0;
    glGenTextures(1, &id);
    if (id == 0)
        return 0;
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glBindTexture(GL_TEXTURE_2D, id);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    // Thumbnails are drawn far smaller than the files: without mipmaps they would shimmer.
    std::vector<unsigned char> level(rgba, rgba + static_cast<std::size_t>(w) *
                                                      static_cast<std::size_t>(h) * 4);
    int lw = w, lh = h;
    for (GLint lv = 0;; ++lv) {
        glTexImage2D(GL_TEXTURE_2D, lv, GL_RGBA, lw, lh, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                     level.data());
        if (lw == 1 && lh == 1)
            break;
        int nw = 0, nh = 0;
        level = half(level, lw, lh, nw, nh);
        lw = nw;
        lh = nh;
    }
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    return id;
}

} // namespace

bool make_texture(const std::string& bytes, int max_side, texture& out, std::string& why) {
    int w = 0, h = 0, n = 0;
    // What the header claims, before anything is decoded: no image of ours has more pixels.
    if (stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()),
                              static_cast<int>(bytes.size()), &w, &h, &n) &&
        static_cast<long long>(w) * h > max_pixels) {
        why = "too many pixels (" + std::to_string(w) + "x" + std::to_string(h) + ")";
        return false;
    }
    unsigned char* px = stbi_load_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()),
                                              static_cast<int>(bytes.size()), &w, &h, &n, 4);
    if (!px) {
        const char* reason = stbi_failure_reason();
        why = std::string("cannot decode: ") + (reason ? reason : "unknown");
        return false;
    }
    unsigned int id = 0;
    if (max_side > 0 && std::max(w, h) > max_side) {
        std::vector<unsigned char> level(px, px + static_cast<std::size_t>(w) *
                                                      static_cast<std::size_t>(h) * 4);
        stbi_image_free(px);
        while (std::max(w, h) > max_side) {
            int nw = 0, nh = 0;
            level = half(level, w, h, nw, nh);
            w = nw;
            h = nh;
        }
        id = upload(level.data(), w, h);
    } else {
        id = upload(px, w, h);
        stbi_image_free(px);
    }
    if (id == 0) {
        why = "no texture";
        return false;
    }
    out = {id, w, h};
    return true;
}

void delete_texture(texture& t) {
    if (t.id != 0) {
        const GLuint id = t.id;
        glDeleteTextures(1, &id);
    }
    t = {};
}

image_cache::~image_cache() {
    for (auto& [url, e] : entries_)
        delete_texture(e.tex);
}

bool image_cache::loading() const {
    return std::any_of(entries_.begin(), entries_.end(),
                       [](const auto& e) { return e.second.st == state::loading; });
}

const texture* image_cache::get(const std::string& url) {
    if (url.empty())
        return nullptr;
    auto [it, fresh] = entries_.try_emplace(url);
    entry& e = it->second;
    const double now = ImGui::GetTime();
    if (fresh || (e.st == state::failed && now - e.failed_at > retry_after)) {
        e.st = state::loading;
        if (fetch_)
            fetch_(url);
    }
    return e.st == state::ready ? &e.tex : nullptr;
}

bool image_cache::failed(const std::string& url) const {
    auto it = entries_.find(url);
    return it != entries_.end() && it->second.st == state::failed;
}

bool image_cache::on_fetched(const std::string& url, int status, const std::string& body) {
    auto it = entries_.find(url);
    if (it == entries_.end())
        return false;
    entry& e = it->second;
    e.failed_at = ImGui::GetTime();
    e.st = state::failed;
    if (status != 200) {
        std::fprintf(stderr, "kring: image %s: HTTP %d\n", url.c_str(), status);
        return true;
    }
    texture tex;
    std::string why;
    if (!make_texture(body, 0, tex, why)) {
        std::fprintf(stderr, "kring: image %s: %s\n", url.c_str(), why.c_str());
        return true;
    }
    delete_texture(e.tex);
    e.tex = tex;
    e.st = state::ready;
    return true;
}

} // namespace kring::client
