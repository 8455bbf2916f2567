// One WebSocket connection's protocol logic, without any networking code: it parses frames,
// applies the per-connection rate limit, dispatches the requests of docs/protocol.md to the
// room registry and rooms, and hands outgoing messages to its transport (ws_session in
// net_internal.hpp).
//
// Implemented: create_session, list_templates, join, answer, control, sync; typed errors
//              for every failure; token-bucket rate limit; bounded send through transport;
//              the sessions library, exports and agenda editor (record.cpp) for admins.
// Missing:     nothing of protocol v1.
#pragma once

// Only stable headers here: net_internal.hpp (Beast, slow to compile) includes this file.
#include "kring/basics.hpp"
#include "kring/errors.hpp"
#include "kring/limits.hpp"

#include "join_guard.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace kring {
struct content_bundle;
struct session_state;
} // namespace kring
namespace kring::protocol {
struct create_session;
struct join;
struct list_sessions;
struct open_session;
struct delete_session;
struct export_request;
struct get_template;
struct save_template;
} // namespace kring::protocol

namespace kring::server {

class room;
class room_registry;

/**
 * What a queued message is. A `message` (an ack, an error, a reply) always goes out; of
 * the other kinds only the newest matters: one still waiting in a connection's queue is
 * replaced by a newer one of its kind, so that however often a client asks for a snapshot
 * (`sync`) while not reading, its queue holds at most one of each.
 */
enum class message_kind : std::uint8_t { message, view, welcome, mine, devices, view_update };

/** Represents the socket side of a connection (ws_session, net_internal.hpp). Thread-safe. */
class transport {
public:
    virtual ~transport() = default;
    /**
     * Queues a message. A view, welcome, mine, devices or view_update message replaces one
     * of its kind still waiting in the queue (it goes to the back, so it never overtakes a
     * message queued after the one it replaces), and a view also the view_update waiting
     * (older than the view, it would change nothing); other messages queue in order, up to a count
     * and a byte budget beyond which the connection is closed as too slow. Never blocks.
     */
    virtual void send(std::shared_ptr<const std::string> msg, message_kind kind) = 0;
    /** The peer's IP address as text ("127.0.0.1", "::1", "192.168.1.7"); "" if unknown. */
    virtual std::string remote_address() const = 0;
    /**
     * True when the upgrade came from a web page (it carried an Origin, checked to be the
     * server's own): such a connection is never an admin through "this machine is trusted".
     */
    virtual bool from_browser() const = 0;
    /** Closes the connection once everything already queued has gone out. */
    virtual void end() = 0;
};

/** An HTTP answer made outside net.cpp (the record's GET /sessions/... endpoints). */
struct http_reply {
    int status = 404;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
    /** When set: Content-Disposition with this file name. */
    std::string filename;
    /** Saved as a file (true) or shown in the browser (false: the HTML report). */
    bool attachment = true;
};

class static_files;
class host_policy;
class photo_service;

/** What every connection needs to know about the server; lives as long as the server. */
struct server_context {
    room_registry& rooms;
    const content_bundle& content;
    limits lim;
    double rate = 20;  // messages per second per connection
    double burst = 40; // bucket size
    /** For /healthz; keeps net.cpp independent of the registry's header. */
    std::function<std::size_t()> session_count{};
    /**
     * The files served over HTTP (the web page and the images), listed at start-up; a path
     * that is not in it is 404. Null: none.
     */
    const static_files* files = nullptr;
    /** The server's own names (Host) and origins (Origin of a WebSocket upgrade). Null: any. */
    const host_policy* hosts = nullptr;
    /**
     * For GET /sessions/...: `target` is the request target (path and query),
     * `authorization` the Authorization header ("" when absent). Unset: 404.
     */
    std::function<http_reply(std::string_view target, std::string_view authorization)>
        record_http{};
    /**
     * The server's admin token (the sessions library and agenda editor from anywhere, and
     * create_session from another machine); "" accepts no token.
     */
    std::string admin_token{};
    /** Photo uploads and downloads (/photos/…); null: 404. */
    photo_service* photos = nullptr;
    /** Connections from this machine (127.0.0.0/8, ::1) are admins without the token. */
    bool trust_loopback = true;
    /** For /healthz: how long sessions are kept (0: forever) and the default threshold k. */
    unsigned retention_days = 365;
    unsigned min_answers = 3;
    /** Failed joins per address: join codes must not be guessable at speed. */
    join_guard joins{};
    /** Open connections per address (--max-per-address); null: no cap. */
    connection_counter* connections = nullptr;
};

/**
 * The record's HTTP endpoints (record.cpp), for server_context::record_http: the reports
 * and CSV exports of a session, for the holder of its facilitator secret.
 */
http_reply serve_record(const room_registry& rooms, std::string_view target,
                        std::string_view authorization);

/**
 * Represents one connected client. on_* are called by the connection's own strand, one at
 * a time; the rest (send, bind, ...) may be called from any thread: a mutex guards the
 * binding, which the store's writer thread sets when a join becomes durable.
 */
class member : public std::enable_shared_from_this<member> {
public:
    member(server_context& ctx, std::weak_ptr<transport> out);
    ~member();

    // From the transport.
    void on_text(std::string_view text);
    void on_binary();
    void on_too_large();
    void on_closed();

    // From rooms (any thread).
    void send(std::shared_ptr<const std::string> msg);
    void send(std::string msg) { send(std::make_shared<const std::string>(std::move(msg))); }
    void send_view(std::shared_ptr<const std::string> view);
    /** A message of a kind of which only the newest waiting one matters (see message_kind). */
    void send_latest(std::shared_ptr<const std::string> msg, message_kind kind);
    void send_latest(std::string msg, message_kind kind) {
        send_latest(std::make_shared<const std::string>(std::move(msg)), kind);
    }
    void send_error(std::optional<std::uint64_t> seq, errc code, std::string message);
    void send_error(std::optional<std::uint64_t> seq, const error& e);

    /**
     * Records that this connection is now `r` in `room` (after a durable join or create).
     * Returns false when the connection closed meanwhile: the room must then not count it.
     */
    bool bind(const std::shared_ptr<room>& rm, role r, participant_id pid, std::string token);
    /** A join or create in flight failed: the connection may try again. */
    void join_failed();

    /**
     * Sends an error without seq and lets go of the session (a deleted session): the
     * connection's requests are then answered as if it never joined.
     */
    void evict(errc code, std::string message, bool close = true);
    /** Closes the connection once everything queued has gone out. */
    void end_connection();

    /**
     * Whether a request of this connection that carried `token` ("" none) may see and steer
     * session `s` as an admin does (authority_for): for checks made outside member (a room's
     * set_compare).
     */
    bool admin_sees(const std::string& token, const session_state& s) const;

    role bound_role() const;
    participant_id bound_participant() const;
    /** The participant asked for `view_update`s at join (docs/protocol.md section 4). */
    bool takes_view_updates() const { return view_updates_.load(std::memory_order_acquire); }
    std::string resume_token() const;

private:
    void create_session(const protocol::create_session& m);
    /** The rest of a join once its room was looked up (null: not found, with why). */
    void continue_join(const protocol::join& m, std::shared_ptr<room> rm, errc why,
                       const std::string& address);

    // The sessions library, exports and the agenda editor (record.cpp).
    void on_request(const protocol::list_sessions& m);
    void on_request(const protocol::open_session& m);
    void on_request(const protocol::delete_session& m);
    void on_request(const protocol::export_request& m);
    void on_request(const protocol::get_template& m);
    void on_request(const protocol::save_template& m);

    /**
     * What a request's admin token opens (docs/security.md): the operator (loopback when
     * trusted, or the server's admin token) every session; an organisation's key (hosted
     * mode) that organisation's.
     */
    struct authority {
        bool admin = false;       // may use the library, create sessions, edit templates
        bool everything = false;  // every organisation's sessions (the operator)
        std::string org;          // else the sessions of this organisation
        bool unavailable = false; // the store could not check the key
        /** Whether it opens session `s`. */
        bool sees(const session_state& s) const;
    };
    authority authority_for(const std::string& token) const;
    /** Answers a request that `a` does not allow: forbidden, or store_unavailable. */
    void refuse(std::optional<std::uint64_t> seq, const authority& a, std::string message);
    /** Loopback is trusted, the connection comes from it and is not a web page. */
    bool trusted_machine() const;

public:
    /**
     * The largest message this connection may send: `base` (--max-message), or more for
     * the facilitator and the admin, whose agendas and templates are larger than answers.
     */
    std::size_t message_limit(std::size_t base) const;
    static constexpr std::size_t large_message = 256 * 1024;

private:
    std::atomic<bool> view_updates_{false}; // set by a participant's join
    struct binding {
        std::shared_ptr<room> rm;
        role as = role::none;
        participant_id pid = 0;
        std::string token; // plain resume token, kept for sync's welcome
    };
    /** Claims the connection for a join/create; false (and an error sent) if already used. */
    bool begin_join(std::optional<std::uint64_t> seq);
    binding current() const;
    bool take_token();

    server_context& ctx_;
    std::weak_ptr<transport> out_;

    // Token bucket; only touched by on_* (one strand).
    double tokens_;
    std::chrono::steady_clock::time_point refilled_;

    mutable std::mutex mutex_; // guards the fields below
    binding bound_;
    bool joining_ = false; // a join or create is waiting to become durable
    bool closed_ = false;
    /** Set once this connection gave the right admin token. */
    mutable std::atomic<bool> admin_proven_{false};
};

} // namespace kring::server
