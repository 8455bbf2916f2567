#include "photo_http.hpp"

#include "room.hpp"
#include "room_registry.hpp"
#include "security.hpp"

#include <nlohmann/json.hpp>

#include <charconv>

namespace kring::server {

photo_reply photo_error_reply(int status, std::string_view code, std::string_view message) {
    photo_reply r;
    r.status = status;
    r.body = nlohmann::json{{"type", "error"}, {"code", code}, {"message", message}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

std::optional<std::string> percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        unsigned v = 0;
        if (i + 2 >= s.size())
            return std::nullopt;
        const auto [p, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
        if (ec != std::errc{} || p != s.data() + i + 3)
            return std::nullopt;
        out += static_cast<char>(v);
        i += 2;
    }
    return out;
}

namespace {

/** The words after "Bearer " (one key), or "". */
std::string_view bearer(std::string_view authorization) {
    constexpr std::string_view prefix = "Bearer ";
    if (!authorization.starts_with(prefix))
        return {};
    authorization.remove_prefix(prefix.size());
    while (!authorization.empty() && authorization.front() == ' ')
        authorization.remove_prefix(1);
    while (!authorization.empty() && authorization.back() == ' ')
        authorization.remove_suffix(1);
    return authorization.size() > 200 ? std::string_view() : authorization;
}

/** A join code as sent in a path: letters and digits only (room_registry::find normalises). */
bool plain_code(std::string_view s) {
    if (s.empty() || s.size() > 16)
        return false;
    for (char c : s)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            return false;
    return true;
}

/** The HTTP status of a typed error (docs/protocol.md, section 7). */
int status_of(errc e) {
    switch (e) {
    case errc::forbidden:
        return 401;
    case errc::removed:
        return 403;
    case errc::unknown_session:
    case errc::unknown_step:
        return 404;
    case errc::step_not_open:
    case errc::paused:
    case errc::photo_limit:
    case errc::session_ended:
        return 409;
    case errc::store_unavailable:
    case errc::session_moving:
        return 503;
    case errc::internal:
        return 500;
    default:
        return 400;
    }
}

photo_reply from_error(const error& e) {
    return photo_error_reply(status_of(e.code), to_string(e.code), e.message);
}

int status_of(photo_error e) {
    switch (e) {
    case photo_error::too_large:
        return 413;
    case photo_error::too_many_pixels:
    case photo_error::damaged:
        return 422;
    default:
        return 415;
    }
}

photo_reply photo_json(int status, const std::string& step, const photo::entry& e) {
    photo_reply r;
    r.status = status;
    r.body =
        nlohmann::json{{"type", "photo"},  {"id", e.id},         {"step", step},
                       {"width", e.width}, {"height", e.height}, {"status", photo::to_string(e.st)}}
            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

photo_reply busy(std::string_view what) {
    photo_reply r = photo_error_reply(503, "photo_busy", what);
    r.retry_after = 1;
    return r;
}

} // namespace

class photo_service::ticket {
public:
    /** A participant's photo (pid > 0), or the facilitator's image for a step (pid 0). */
    ticket(photo_service& svc, std::shared_ptr<room> rm, std::string session, participant_id pid,
           std::string step, photo::request req, std::string content_type)
        : svc_(svc), room_(std::move(rm)), session_(std::move(session)), pid_(pid),
          step_(std::move(step)), req_(std::move(req)), content_type_(std::move(content_type)) {}
    /** The facilitator's image for a step (a floor plan's, an own image), no photo. */
    bool facilitator() const { return pid_ == 0; }
    ~ticket() {
        std::lock_guard lock(svc_.mutex_);
        svc_.sending_.erase({session_, pid_});
        --svc_.uploads_;
    }
    ticket(const ticket&) = delete;
    ticket& operator=(const ticket&) = delete;

    photo_service& svc_;
    std::shared_ptr<room> room_;
    std::string session_;
    participant_id pid_;
    std::string step_;
    photo::request req_;
    std::string content_type_;
};

photo_service::photo_service(room_registry& rooms, photo_limits lim, std::string admin_token,
                             std::size_t max_uploads, std::size_t max_intakes)
    : rooms_(rooms), lim_(lim), admin_token_(std::move(admin_token)), max_uploads_(max_uploads),
      max_intakes_(max_intakes) {}

bool photo_service::handles(std::string_view path) {
    return path == "/photos" || path.starts_with("/photos/");
}

std::variant<photo_reply, std::shared_ptr<photo_service::ticket>>
photo_service::begin_upload(const photo_upload_head& h) {
    std::string_view path = h.target.substr(0, h.target.find('?'));
    path.remove_prefix(std::min(path.size(), std::string_view("/photos/").size()));
    if (!plain_code(path))
        return photo_error_reply(404, "unknown_session", "no session with this code here");
    const std::shared_ptr<room> rm = rooms_.find(path);
    if (!rm || !rm->live())
        return photo_error_reply(404, "unknown_session", "no session with this code here");
    const std::string_view token = bearer(h.authorization);
    const participant_id pid = rm->participant_of_token(token);
    // The facilitator's key sends an image for a step instead: a floor plan's, or an own image
    // of an image choice (docs/protocol.md, section 7).
    std::optional<bool> facilitator;
    if (pid == 0) {
        try {
            facilitator = facilitator_key(*rm, token);
        } catch (const std::exception&) {
            return photo_error_reply(503, "store_unavailable", "the key could not be checked");
        }
        if (!*facilitator)
            return photo_error_reply(401, "forbidden",
                                     "only a participant of this session can send a photo "
                                     "(Authorization: Bearer <resume_token>), and only its "
                                     "facilitator an image for a step");
    }
    if (!h.content_length)
        return photo_error_reply(411, "bad_message", "a photo needs a Content-Length");
    if (*h.content_length > lim_.max_bytes)
        return photo_error_reply(413, photo_error_code(photo_error::too_large),
                                 "the photo is larger than " + std::to_string(lim_.max_bytes) +
                                     " bytes");
    photo::request req;
    const auto caption = percent_decode(h.caption);
    if (!caption)
        return photo_error_reply(400, "bad_value", "Kring-Caption must be percent-encoded UTF-8");
    req.caption = *caption;
    req.category = std::string(h.category);
    req.upload = std::string(h.upload);
    const std::string step(h.step);
    if (pid == 0) {
        if (auto e = rm->check_image(step, req.caption))
            return from_error(*e);
    } else {
        if (req.upload.empty())
            return photo_error_reply(400, "bad_value",
                                     "Kring-Upload is needed: the phone's key for this photo");
        if (auto e = rm->check_photo(pid, step, req, nullptr))
            return from_error(*e);
    }
    {
        std::lock_guard lock(mutex_);
        if (sending_.count({rm->session_id(), pid}))
            return photo_error_reply(409, "photo_busy",
                                     pid == 0 ? "another image of the facilitator's is being "
                                                "sent: one at a time"
                                              : "another photo of yours is being sent: one at a "
                                                "time");
        if (uploads_ >= max_uploads_)
            return busy("the server takes as many photos at once as it may; try again");
        sending_.insert({rm->session_id(), pid});
        ++uploads_;
    }
    return std::make_shared<ticket>(*this, rm, rm->session_id(), pid, step, std::move(req),
                                    std::string(h.content_type));
}

void photo_service::finish_upload(std::shared_ptr<ticket> t, std::string body,
                                  std::function<void(photo_reply)> done) {
    // A retry of an upload that was stored: the photo it made, without decoding it again.
    std::optional<photo::entry> earlier;
    if (t->facilitator()) {
        if (auto e = t->room_->check_image(t->step_, t->req_.caption)) {
            done(from_error(*e));
            return;
        }
    } else if (auto e = t->room_->check_photo(t->pid_, t->step_, t->req_, &earlier)) {
        done(from_error(*e));
        return;
    }
    if (earlier) {
        done(photo_json(200, t->step_, *earlier));
        return;
    }
    {
        std::lock_guard lock(mutex_);
        if (intakes_ >= max_intakes_) {
            done(busy("the server is taking in as many photos as it may at once; try again"));
            return;
        }
        ++intakes_;
    }
    // Only the type part of Content-Type ("image/jpeg; charset=…" is still image/jpeg).
    std::string_view declared = t->content_type_;
    declared = declared.substr(0, declared.find(';'));
    while (!declared.empty() && declared.back() == ' ')
        declared.remove_suffix(1);
    photo_result taken;
    {
        // The intake's slot is given back however take_photo ends (an exception included).
        struct slot {
            photo_service& svc;
            ~slot() {
                std::lock_guard lock(svc.mutex_);
                --svc.intakes_;
            }
        } held{*this};
        taken = take_photo(body, declared, lim_);
    }
    body = {};
    if (!taken) {
        done(photo_error_reply(status_of(taken.error), photo_error_code(taken.error),
                               taken.message));
        return;
    }
    const photo_taken named{random_id("p", 12), taken.photo.width, taken.photo.height};
    const std::string step = t->step_;
    auto* rm = t->room_.get();
    if (t->facilitator()) {
        const std::string caption = t->req_.caption;
        rm->set_image(step, caption, named, std::move(taken.photo.jpeg),
                      [t = std::move(t), step, named,
                       done = std::move(done)](const std::optional<error>& e, bool plan) mutable {
                          t.reset();
                          if (e) {
                              done(from_error(*e));
                              return;
                          }
                          photo_reply r;
                          r.status = 201;
                          r.body = nlohmann::json{{"type", plan ? "plan" : "image"},
                                                  {"id", named.id},
                                                  {"step", step},
                                                  {"width", named.width},
                                                  {"height", named.height}}
                                       .dump();
                          done(std::move(r));
                      });
        return;
    }
    const participant_id pid = t->pid_;
    const photo::request req = t->req_;
    // The ticket ends before the reply goes out: the participant may send the next photo
    // as soon as they have it.
    rm->add_photo(pid, step, req, named, std::move(taken.photo.jpeg),
                  [t = std::move(t), step, done = std::move(done)](const photo_outcome& o) mutable {
                      t.reset();
                      if (o.err)
                          done(from_error(*o.err));
                      else
                          done(photo_json(o.repeated ? 200 : 201, step, o.photo));
                  });
}

bool photo_service::facilitator_key(const room& rm, std::string_view key) const {
    if (key.empty())
        return false;
    if (rm.facilitator_key(key) ||
        (!admin_token_.empty() && constant_time_equal(key, admin_token_)))
        return true;
    if (!rooms_.has_organisations())
        return false;
    const std::string org = rm.organisation();
    return !org.empty() && rooms_.organisation_of_key(std::string(key)) == org;
}

photo_reply photo_service::get(std::string_view target, std::string_view authorization) const {
    std::string_view path = target.substr(0, target.find('?'));
    path.remove_prefix(std::min(path.size(), std::string_view("/photos/").size()));
    const auto slash = path.find('/');
    const auto not_found = [] { return photo_error_reply(404, "unknown_item", "no such photo"); };
    if (slash == std::string_view::npos)
        return not_found();
    const std::string_view code = path.substr(0, slash);
    const std::string id(path.substr(slash + 1));
    if (!plain_code(code) || !photo::valid_photo_id(id))
        return not_found();
    const std::string_view key = bearer(authorization);
    if (key.empty())
        return photo_error_reply(401, "forbidden", "a key is needed: Authorization: Bearer KEY");
    const std::shared_ptr<room> rm = rooms_.find(code);
    if (!rm || !rm->live())
        return not_found();
    // The strongest key first: the facilitator's (or an admin's, or the organisation's).
    std::optional<photo_viewer> who;
    participant_id pid = 0;
    if (rm->facilitator_key(key) ||
        (!admin_token_.empty() && constant_time_equal(key, admin_token_))) {
        who = photo_viewer::facilitator;
    } else if (rm->projector_key(key)) {
        who = photo_viewer::projector;
    } else if ((pid = rm->participant_of_token(key)) != 0) {
        who = photo_viewer::participant;
    } else {
        try {
            if (facilitator_key(*rm, key))
                who = photo_viewer::facilitator;
        } catch (const std::exception&) {
            return photo_error_reply(503, "store_unavailable", "the key could not be checked");
        }
    }
    if (!who || !rm->may_see_photo(*who, pid, id))
        return not_found();
    std::optional<std::string> bytes;
    try {
        bytes = rooms_.read_photo(rm->session_id(), id);
    } catch (const std::exception&) {
        return photo_error_reply(503, "store_unavailable", "the photo could not be read");
    }
    if (!bytes)
        return not_found();
    photo_reply r;
    r.status = 200;
    r.content_type = "image/jpeg";
    r.body = std::move(*bytes);
    return r;
}

} // namespace kring::server
