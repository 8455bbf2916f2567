// Photos over HTTP (docs/protocol.md, section 7): a participant's upload, checked before its
// bytes are read, taken in (photo_intake.hpp) and stored with its event; and the stored
// photos, each for the keys that may see it. No Boost: net_internal.hpp moves the bytes.
#pragma once

#include "photo_intake.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace kring::server {

class room;
class room_registry;

/** What goes back for a photo request. */
struct photo_reply {
    int status = 404;
    std::string content_type = "application/json";
    std::string body;
    /** Retry-After in seconds (503 photo_busy), 0: none. */
    int retry_after = 0;
};

/** An upload's headers (docs/protocol.md, section 7, "Sending a photo"). */
struct photo_upload_head {
    std::string_view target;
    std::string_view authorization;
    std::string_view content_type;
    std::string_view step;
    std::string_view upload;
    std::string_view caption; // percent-encoded
    std::string_view category;
    std::optional<std::uint64_t> content_length;
};

/** Represents the photo endpoints of one server. Thread-safe. */
class photo_service {
public:
    /**
     * `max_uploads`: uploads whose bytes are being read at once (each holds up to
     * lim.max_bytes); `max_intakes`: photos decoded at once (a 50-megapixel PNG holds
     * 150 MB while it is decoded). Beyond either, `503 photo_busy` with Retry-After.
     */
    photo_service(room_registry& rooms, photo_limits lim, std::string admin_token,
                  std::size_t max_uploads = 16, std::size_t max_intakes = 2);

    /** Whether the path is one of ours (/photos/…). */
    static bool handles(std::string_view path);

    /** An upload that passed its first checks; while it lives, its participant sends no other. */
    class ticket;

    /**
     * The checks before the body is read: the key, the session, the step, the limits, a
     * participant's upload already on its way. A reply ends the request (the body is not
     * read); a ticket lets it go on: read at most ticket_bytes(t) bytes, then finish().
     */
    std::variant<photo_reply, std::shared_ptr<ticket>> begin_upload(const photo_upload_head& h);
    /** How many bytes the body may hold. */
    std::size_t max_bytes() const { return lim_.max_bytes; }
    /**
     * Takes the body in and stores the photo; `done` gets the reply once: at once when
     * refused, else on the store's writer thread after the commit (it must only hand on).
     */
    void finish_upload(std::shared_ptr<ticket> t, std::string body,
                       std::function<void(photo_reply)> done);

    /** GET /photos/<code>/<id> with Authorization: the JPEG, or 401/404. */
    photo_reply get(std::string_view target, std::string_view authorization) const;

private:
    /**
     * Whether `key` steers room `rm`: its facilitator's secret, the admin token, or its
     * organisation's key. Throws when the store cannot say (an organisation's key).
     */
    bool facilitator_key(const room& rm, std::string_view key) const;

    room_registry& rooms_;
    photo_limits lim_;
    std::string admin_token_;
    std::size_t max_uploads_;
    std::size_t max_intakes_;
    std::mutex mutex_;                                        // guards the three below
    std::set<std::pair<std::string, std::uint32_t>> sending_; // (session, participant)
    std::size_t uploads_ = 0;
    std::size_t intakes_ = 0;
    friend class ticket;
};

/** A JSON error reply: {"type":"error","code","message"}. */
photo_reply photo_error_reply(int status, std::string_view code, std::string_view message);

/** Decodes %XX escapes (UTF-8 is checked by the caption's normalisation); nullopt when bad. */
std::optional<std::string> percent_decode(std::string_view s);

} // namespace kring::server
