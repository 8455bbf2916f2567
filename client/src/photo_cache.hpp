// The photos of photo steps, the own plan images of floor_plan steps and the own images of
// image_choice steps (docs/protocol.md section 7) as OpenGL textures, by photo id.
//
// Implemented: fetch once per photo with `GET /photos/<code>/<id>` and the screen's key
//              (`Authorization: Bearer`: the console's facilitator secret or admin token, the
//              projector's photo_key, a participant's resume token); decode the JPEG with
//              stb_image on the UI thread, a few per frame so that fifty photos arriving at
//              once never stall a frame for long; at most 1024 pixels a side on the GPU (the
//              stored photos are 1600), with mipmaps for smooth thumbnails; a failed fetch is
//              tried again after 5 s, then ever more rarely (up to a minute: a projector's
//              404 before its step is revealed, a console without a key); a photo no longer
//              listed by any result of the view is freed (keep_only), and so is every photo
//              when the session or the key changes.
// Missing:     thumbnails of their own (one texture per photo serves the grid and the
//              enlarged photo alike).
//
// Everything here runs on the main thread, which owns the GL context.
#pragma once

#include "image_cache.hpp"

#include <functional>
#include <map>
#include <set>
#include <string>

namespace kring::client {

/** Represents the textures of the photos the screens show, by photo id. */
class photo_cache {
public:
    /** Sends `GET target` with `Authorization: Bearer <bearer>` (connection::fetch). */
    using fetch_fn = std::function<void(const std::string& target, const std::string& bearer)>;

    /** Longest side of a photo's texture, in pixels. */
    static constexpr int max_side = 1024;

    photo_cache() = default;
    ~photo_cache();
    photo_cache(const photo_cache&) = delete;
    photo_cache& operator=(const photo_cache&) = delete;

    void set_fetch(fetch_fn f) { fetch_ = std::move(f); }

    /**
     * The session's join code and the key the photos are fetched with. Another code forgets
     * every photo; another key (a projector's first welcome) asks again for those that failed.
     */
    void set_session(const std::string& code, const std::string& key);

    /** The texture of photo `id`, or nullptr while it loads; the first call starts the fetch. */
    const texture* get(const std::string& id);
    /** True when the last attempt for `id` failed (a placeholder is shown). */
    bool failed(const std::string& id) const;

    /** Frees every photo but these (the ids the view's results list now). */
    void keep_only(const std::set<std::string>& ids);

    /**
     * The network thread's answer to a fetch: true if it was one of this cache's (a target
     * under /photos/), whatever became of it. The bytes are taken (moved), not copied.
     */
    bool on_fetched(const std::string& target, int status, std::string& body);

    /** Once per frame, before drawing: decodes photos that arrived, within a small budget. */
    void begin_frame();

    /** A fetch is on its way or a photo waits to be decoded (main.cpp, --frames, waits). */
    bool loading() const;

    /** Photos held (for tests and the log). */
    std::size_t size() const { return entries_.size(); }

private:
    enum class state { fetching, fetched, ready, failed };
    struct entry {
        state st = state::fetching;
        texture tex;
        std::string bytes;   // fetched: the JPEG waiting for begin_frame
        double retry_at = 0; // failed: when get() asks again (ImGui time)
        double backoff = 0;  // failed: the wait after the next failure
    };
    std::string target_of(const std::string& id) const;
    void fail(entry& e, const std::string& id, const std::string& why);
    void clear();

    std::map<std::string, entry> entries_;
    std::string code_;
    std::string key_;
    fetch_fn fetch_;
};

} // namespace kring::client
