// Images from the server (the pictures of image_choice steps) as OpenGL textures.
//
// Implemented: fetch once per URL through a caller-given function (the network thread does the
//              HTTP GET), decode PNG/JPEG with stb_image on the UI thread, upload with a
//              box-filtered mip chain so small thumbnails stay smooth; retry a failed fetch
//              after a few seconds; delete every texture on destruction.
// Missing:     eviction (a deck is a few dozen images; they all stay until the client exits).
//
// Everything here runs on the main thread, which owns the GL context.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace kring::client {

/** A decoded image on the GPU. */
struct texture {
    unsigned int id = 0;
    int width = 0, height = 0;

    ImTextureID im_id() const {
        return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(id));
    }
    float aspect() const {
        return height > 0 ? static_cast<float>(width) / static_cast<float>(height) : 1.0f;
    }
};

/**
 * Decodes PNG/JPEG `bytes` (stb_image) into an RGBA texture with its box-filtered mip chain.
 * With `max_side` > 0 the image is first halved until its longest side is at most that (a
 * stored photo of 1600 pixels needs no more on a screen, at a third of the memory). False,
 * with `why`, when the bytes are no image or the GL has no texture to give.
 */
bool make_texture(const std::string& bytes, int max_side, texture& out, std::string& why);
/** Deletes the texture (if any) and empties `t`. */
void delete_texture(texture& t);

/** Represents the textures of every image URL the screens asked for. */
class image_cache {
public:
    using fetch_fn = std::function<void(const std::string& url)>;

    image_cache() = default;
    ~image_cache();
    image_cache(const image_cache&) = delete;
    image_cache& operator=(const image_cache&) = delete;

    /** The sender of HTTP requests (connection::fetch). */
    void set_fetch(fetch_fn f) { fetch_ = std::move(f); }

    /** The texture of `url`, or nullptr while it loads; the first call starts the fetch. */
    const texture* get(const std::string& url);
    /** True when the last attempt for `url` failed (shown as a placeholder with its alt text). */
    bool failed(const std::string& url) const;

    /** The network thread's answer to a fetch. Returns true if it belonged to this cache. */
    bool on_fetched(const std::string& url, int status, const std::string& body);
    /** A fetch is on its way (a screenshot waits for it: main.cpp, --frames). */
    bool loading() const;

private:
    enum class state { loading, ready, failed };
    struct entry {
        state st = state::loading;
        texture tex;
        double failed_at = 0;
    };
    std::map<std::string, entry> entries_;
    fetch_fn fetch_;
};

} // namespace kring::client
