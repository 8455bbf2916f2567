// The network layer's inside, shared by its three translation units (net.cpp: the
// listener, net_server and the HTTP answers; net_plain.cpp: plain sessions; net_tls.cpp:
// TLS sessions). The sessions are templates on the stream type: each of the two units
// instantiates them for its own stream, so the two heavy instantiations compile in
// parallel. Include it from those three files only: it brings all of Beast.
//
// Style: C++20 coroutines throughout (one coroutine reads, one drains the send queue), every
// operation with as_tuple(use_awaitable) so errors are values. Each connection runs on its
// own strand: its reader and writer coroutines never run at the same time.
#pragma once

#include "net.hpp"

#include "member.hpp"
#include "host_check.hpp"
#include "photo_http.hpp"
#include "static_files.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>

#include <atomic>
#include <deque>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <array>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

namespace kring::server::net_detail {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;
using asio::awaitable;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

//------------------------------------------------------------------------------
// [SECTION] Helpers (net.cpp)

/** Reports a network error, staying quiet about the ones that are part of normal life. */
void fail(beast::error_code ec, const char* what);

inline constexpr const char* content_security_policy =
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; "
    "style-src 'self'; script-src 'self'; frame-ancestors 'none'";

/** The headers every response carries (HTTP and the WebSocket upgrade alike). */
template <class Fields> void set_common_headers(Fields& f) {
    f.set(http::field::server, "kring-server");
    f.set("Content-Security-Policy", content_security_policy);
    f.set("X-Content-Type-Options", "nosniff");
    f.set("X-Frame-Options", "DENY");
    f.set("Referrer-Policy", "no-referrer");
    f.set(http::field::cache_control, "no-cache");
}

/** The bit of a message kind in ws_session's set of kinds waiting. */
inline constexpr std::uint8_t kind_bit(message_kind k) {
    return static_cast<std::uint8_t>(1u << static_cast<unsigned>(k));
}

/** `s` without leading and trailing spaces and tabs. */
std::string_view trim(std::string_view s);

template <class Body>
http::message_generator finish(http::response<Body> res, bool head, bool keep_alive) {
    set_common_headers(res);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    if (head)
        res.body() = {}; // keep Content-Length of the full body, send none
    return res;
}

http::message_generator text_response(http::status status, unsigned version, bool keep_alive,
                                      std::string_view type, std::string body, bool head);

/**
 * A listed file as the response: its bytes from memory (the web page), or read from its
 * real path resolved at start-up (images); 404 when that file has gone since.
 */
template <class ErrorPage>
http::message_generator file_response(const served_file& file, unsigned version, bool keep_alive,
                                      bool head, const ErrorPage& error_page) {
    if (file.data) {
        // The bytes live as long as the server, which outlives every connection.
        http::response<http::span_body<const char>> res{http::status::ok, version};
        res.set(http::field::content_type, file.content_type);
        res.content_length(file.data->size());
        if (!head)
            res.body() =
                http::span_body<const char>::value_type(file.data->data(), file.data->size());
        set_common_headers(res);
        res.keep_alive(keep_alive);
        return res;
    }
    http::file_body::value_type body;
    beast::error_code ec;
    body.open(file.path.c_str(), beast::file_mode::scan, ec);
    if (ec)
        return error_page(http::status::not_found, "Not found");
    const auto size = body.size();
    if (head) {
        http::response<http::empty_body> res{http::status::ok, version};
        res.set(http::field::content_type, file.content_type);
        res.content_length(size);
        set_common_headers(res);
        res.keep_alive(keep_alive);
        return res;
    }
    http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(body)),
                                        std::make_tuple(http::status::ok, version)};
    res.set(http::field::content_type, file.content_type);
    res.content_length(size);
    set_common_headers(res);
    res.keep_alive(keep_alive);
    return res;
}

/** Answers one HTTP request: /healthz, an image of a deck, or a file of the web folder. */
/** A photo reply (photo_http.hpp) as an HTTP response. */
http::message_generator photo_response(photo_reply r, unsigned version, bool keep_alive, bool head);

http::message_generator handle_request(const http::request<http::string_body>& req,
                                       server_context& ctx);

//------------------------------------------------------------------------------
// [SECTION] ws_session

/**
 * What a WebSocket runs on: the bare socket for a plain connection (the WebSocket's own
 * timeouts replace the HTTP stream's timers, which would cost every connection half a
 * KiB), the TLS stream as it is.
 */
inline tcp::socket websocket_transport(beast::tcp_stream&& stream) {
    return stream.release_socket();
}
inline tls_stream websocket_transport(tls_stream&& stream) {
    return std::move(stream);
}

inline tcp::socket& socket_of(tcp::socket& s) {
    return s;
}
inline tcp::socket& socket_of(beast::tcp_stream& s) {
    return s.socket();
}

/** A connection's place in the per-address count, given back when the connection ends. */
struct address_place {
    connection_counter* counter;
    std::string address;
    address_place(connection_counter* c, std::string a) : counter(c), address(std::move(a)) {}
    address_place(const address_place&) = delete;
    address_place& operator=(const address_place&) = delete;
    ~address_place() {
        if (counter)
            counter->release(address);
    }
};

/**
 * Represents one WebSocket connection over `Stream` (tcp::socket, or tls_stream for WSS).
 * Owned by its coroutines (each holds a shared_ptr); its member holds it weakly, so a late
 * send to a closed connection is a no-op.
 */
template <class Stream>
class ws_session final : public transport, public std::enable_shared_from_this<ws_session<Stream>> {
    using std::enable_shared_from_this<ws_session<Stream>>::shared_from_this;

public:
    ws_session(Stream stream, const net_config& cfg, server_context& ctx, bool from_browser,
               std::shared_ptr<address_place> place)
        : ws_(std::move(stream)), cfg_(cfg), ctx_(ctx), place_(std::move(place)) {
        from_browser_ = from_browser;
        beast::error_code ec;
        const auto peer = socket_of(beast::get_lowest_layer(ws_)).remote_endpoint(ec);
        if (!ec)
            remote_ = peer.address().to_string();
    }

    /**
     * Runs the connection as a coroutine of its own (accepts the upgrade `req`, then reads
     * until the connection ends), so that nothing of the HTTP exchange before it (its
     * coroutines, buffer and parser) stays with a connection that lives for a whole workshop.
     */
    void start(http::request<http::string_body> req) {
        asio::co_spawn(ws_.get_executor(), run(shared_from_this(), std::move(req)), asio::detached);
    }

    std::string remote_address() const override { return remote_; }

    bool from_browser() const override { return from_browser_; }

    void end() override { close_after_flush(websocket::close_code::policy_error); }

private:
    /** Accepts the upgrade and reads messages until the connection ends. */
    awaitable<void> run(std::shared_ptr<ws_session> self, http::request<http::string_body> req) {
        auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
        // Pings find phones that went away without closing (sleep, lost Wi-Fi): one goes out
        // after half the idle time without a message, and without an answer by the full
        // idle time the connection is closed and leaves its room.
        timeouts.keep_alive_pings = true;
        if (cfg_.idle_timeout_s > 0)
            timeouts.idle_timeout = std::chrono::seconds(cfg_.idle_timeout_s);
        ws_.set_option(timeouts);
        ws_.set_option(websocket::stream_base::decorator(
            [](websocket::response_type& res) { set_common_headers(res); }));
        // No Beast limit: the read loop below bounds each message itself, so that it can
        // still send `too_large` before closing (Beast would close straight away).
        ws_.read_message_max(0);

        auto [ec] = co_await ws_.async_accept(req, use_tuple);
        req = {}; // its header fields are not needed again
        if (ec) {
            fail(ec, "websocket accept");
            co_return;
        }
        member_ = std::make_shared<member>(ctx_, std::weak_ptr<transport>(self));
        co_await read_loop();
        member_->on_closed();
    }

public:
    void send(std::shared_ptr<const std::string> msg, message_kind kind) override {
        {
            std::lock_guard lock(mutex_);
            if (done_)
                return;
            if (kind != message_kind::message) {
                // Only the newest of its kind matters: drop one that has not gone out yet.
                // The new one goes to the back, so that it never overtakes a personal
                // message (a welcome, an ack) that was queued after the one it replaces.
                drop_waiting(kind);
                if (kind == message_kind::view)
                    drop_waiting(message_kind::view_update); // older than this view
                latest_ |= kind_bit(kind);
            } else {
                // Too slow to keep up (more messages or bytes waiting than a reading client
                // ever has): drop it; it can reconnect and resync from a snapshot. One
                // message alone may be larger than the budget (a big export).
                const bool over_bytes =
                    personal_bytes_ > 0 && personal_bytes_ + msg->size() > cfg_.send_queue_bytes;
                if (++personal_ > cfg_.send_queue_limit || over_bytes) {
                    done_ = true;
                    queue_.clear();
                    queue_.shrink_to_fit();
                    asio::post(ws_.get_executor(), [self = shared_from_this()] {
                        beast::error_code ignored;
                        socket_of(beast::get_lowest_layer(self->ws_)).close(ignored);
                    });
                    return;
                }
                personal_bytes_ += msg->size();
            }
            queue_.push_back(entry{std::move(msg), kind});
            if (writing_)
                return;
            writing_ = true;
        }
        start_writer();
    }

private:
    /** Removes the waiting message of this kind, if any; mutex_ held. */
    void drop_waiting(message_kind kind) {
        const auto bit = kind_bit(kind);
        if (!(latest_ & bit))
            return;
        for (auto it = queue_.begin(); it != queue_.end(); ++it) {
            if (it->kind == kind) {
                queue_.erase(it);
                break;
            }
        }
        latest_ &= static_cast<std::uint8_t>(~bit);
    }

    std::array<char, 256> head_; // the first bytes of each message (read_loop)
    std::string remote_;         // the peer's address, fixed at accept
    bool from_browser_ = false;  // the upgrade carried an Origin (checked to be our own)
    struct entry {
        std::shared_ptr<const std::string> msg;
        message_kind kind = message_kind::message;
    };

    awaitable<void> read_loop() {
        beast::flat_buffer buffer; // a message longer than head_, assembled
        for (;;) {
            // Per message: a connection that became the facilitator may send larger ones.
            const std::size_t max = member_->message_limit(cfg_.max_message);
            // The message's first bytes go to head_, which holds a whole answer or join: a
            // connection waiting for its next message then holds no buffer of its own (a
            // read into a growing buffer would reserve 1.5 KiB for every connection).
            auto [hec, first] = co_await ws_.async_read_some(
                asio::buffer(head_.data(), std::min(head_.size(), max + 1)), use_tuple);
            if (hec) {
                fail(hec, "websocket read");
                co_return;
            }
            bool too_large = first > max;
            std::string_view text(head_.data(), first);
            if (!too_large && !ws_.is_message_done()) {
                // The rest a piece at a time, stopping as soon as it is too large, so memory
                // stays bounded by the limit whatever the frame header announces.
                buffer.commit(asio::buffer_copy(buffer.prepare(first), asio::buffer(text)));
                do {
                    const std::size_t room_left = max + 1 - std::min(buffer.size(), max);
                    auto [ec, n] = co_await ws_.async_read_some(buffer, room_left, use_tuple);
                    if (ec) {
                        fail(ec, "websocket read");
                        co_return;
                    }
                    if (buffer.size() > max) {
                        too_large = true;
                        break;
                    }
                } while (!ws_.is_message_done());
                const auto data = buffer.cdata();
                text = std::string_view(static_cast<const char*>(data.data()), data.size());
            }

            if (too_large) {
                member_->on_too_large();
                close_after_flush(websocket::close_code::too_big);
                co_return;
            }
            if (ws_.got_binary()) {
                member_->on_binary();
            } else {
                try {
                    member_->on_text(text);
                } catch (const std::exception& e) {
                    // A bug must cost one reply, not the connection or the server.
                    std::cerr << "kring-server: internal error: " << e.what() << "\n";
                    member_->send_error(std::nullopt, errc::internal, "unexpected server fault");
                }
            }
            // A long message must not pin its memory for the life of the connection.
            buffer.clear();
            buffer.shrink_to_fit();
        }
    }

    /** Queues a close frame behind everything already queued. */
    void close_after_flush(websocket::close_code code) {
        {
            std::lock_guard lock(mutex_);
            if (done_)
                return;
            close_code_ = code;
            if (writing_)
                return; // the running write_loop closes when the queue is empty
            writing_ = true;
        }
        start_writer();
    }

    /**
     * Starts the write loop; the caller set writing_. Never with mutex_ held: co_spawn
     * runs the coroutine inline when we are already on the connection's strand.
     */
    void start_writer() {
        asio::co_spawn(ws_.get_executor(), write_loop(shared_from_this()), asio::detached);
    }

    /**
     * Drains the queue; ends when it is empty. What waits together goes out together: more
     * than one message becomes one WebSocket message holding a JSON array of them, oldest
     * first (docs/protocol.md, "Batches"), written with one system call instead of one per
     * message. A batch stops growing at batch_bytes, but always takes at least one message.
     * The parameter keeps the session alive while the loop runs.
     */
    awaitable<void> write_loop(std::shared_ptr<ws_session>) {
        static constexpr std::size_t batch_bytes = 64 * 1024;
        static constexpr char open_bracket = '[', comma = ',', close_bracket = ']';
        std::vector<std::shared_ptr<const std::string>> batch;
        std::vector<asio::const_buffer> buffers;
        for (;;) {
            batch.clear();
            {
                std::lock_guard lock(mutex_);
                if (done_ && !close_code_) {
                    writing_ = false;
                    co_return;
                }
                if (queue_.empty()) {
                    if (!close_code_) {
                        writing_ = false;
                        co_return;
                    }
                    done_ = true; // closing: refuse further sends, keep writing_ set
                    break;
                }
                std::size_t bytes = 0, taken = 0;
                while (taken < queue_.size() &&
                       (batch.empty() || bytes + queue_[taken].msg->size() <= batch_bytes)) {
                    entry& e = queue_[taken++];
                    if (e.kind != message_kind::message) {
                        latest_ &= static_cast<std::uint8_t>(~kind_bit(e.kind));
                    } else {
                        --personal_;
                        personal_bytes_ -= e.msg->size();
                    }
                    bytes += e.msg->size() + 1;
                    batch.push_back(std::move(e.msg));
                }
                queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(taken));
            }
            buffers.clear();
            if (batch.size() == 1) {
                buffers.emplace_back(asio::buffer(*batch.front()));
            } else {
                buffers.emplace_back(&open_bracket, 1);
                for (std::size_t i = 0; i < batch.size(); ++i) {
                    if (i > 0)
                        buffers.emplace_back(&comma, 1);
                    buffers.emplace_back(asio::buffer(*batch[i]));
                }
                buffers.emplace_back(&close_bracket, 1);
            }
            ws_.text(true);
            auto [ec, n] = co_await ws_.async_write(buffers, use_tuple);
            if (ec) {
                fail(ec, "websocket write");
                std::lock_guard lock(mutex_);
                done_ = true;
                queue_.clear();
                queue_.shrink_to_fit();
                writing_ = false;
                co_return;
            }
        }
        auto [ec] = co_await ws_.async_close(*close_code_, use_tuple);
        if (ec)
            fail(ec, "websocket close");
    }

    websocket::stream<Stream> ws_;
    const net_config& cfg_;
    server_context& ctx_;
    std::shared_ptr<address_place> place_; // held for the life of the connection
    std::shared_ptr<member> member_;

    std::mutex mutex_; // guards the send queue below; send() comes from any thread
    // A vector, not a deque: a deque allocates over 500 bytes even while empty, and
    // thousands of connections each hold one. The queue is short (a batch empties it).
    std::vector<entry> queue_;
    std::size_t personal_ = 0;       // entries of kind `message` in queue_
    std::size_t personal_bytes_ = 0; // their bytes
    std::uint8_t latest_ = 0;        // kind_bit of every other kind in queue_
    bool writing_ = false;           // a write_loop is running (or about to)
    bool done_ = false;              // no more sends: closed, failed or closing
    std::optional<websocket::close_code> close_code_;
};

//------------------------------------------------------------------------------
// [SECTION] http_session

/** Ends a plain connection: no more data from us (the peer sees the end of the stream). */
awaitable<void> close_stream(beast::tcp_stream& stream);
/** Ends a TLS connection with close_notify, so the peer can tell it from a cut (net_tls.cpp). */
awaitable<void> close_stream(tls_stream& stream);

/**
 * A photo upload whose headers passed the connection's checks (docs/protocol.md, section 7):
 * the photo's own checks before its body is read, the body, the intake and the store. Returns
 * the reply and whether the connection may go on (false when the body was not read).
 */
template <class Stream>
awaitable<std::pair<http::message_generator, bool>>
photo_upload(Stream& stream, beast::flat_buffer& buffer,
             http::request_parser<http::string_body>& parser, server_context& ctx) {
    const auto& head = parser.get();
    const unsigned version = head.version();
    auto field = [&](std::string_view name) {
        const auto it = head.find(name);
        return it == head.end() ? std::string_view() : std::string_view(it->value());
    };
    photo_upload_head h;
    h.target = head.target();
    h.authorization = field("Authorization");
    h.content_type = field("Content-Type");
    h.step = field("Kring-Step");
    h.upload = field("Kring-Upload");
    h.caption = field("Kring-Caption");
    h.category = field("Kring-Category");
    if (head.find(http::field::transfer_encoding) == head.end())
        if (const auto length = parser.content_length())
            h.content_length = *length;
    auto begun = ctx.photos->begin_upload(h);
    parser.body_limit(ctx.photos->max_bytes());
    if (auto* refused = std::get_if<photo_reply>(&begun)) {
        // Refused before the body: a body within the limit is read (and dropped) first, so
        // that the reply is not lost in a reset of the connection (a browser would see a
        // network error instead of the reason). A larger one is not read at all.
        bool go_on = false;
        if (h.content_length && *h.content_length <= ctx.photos->max_bytes()) {
            beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(60));
            auto [dec, dn] = co_await http::async_read(stream, buffer, parser, use_tuple);
            go_on = !dec && parser.get().keep_alive();
        }
        co_return std::make_pair(photo_response(std::move(*refused), version, go_on, false), go_on);
    }
    auto ticket = std::get<std::shared_ptr<photo_service::ticket>>(std::move(begun));
    // 12 MiB on weak Wi-Fi may take a while; a connection that stalls still ends.
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(300));
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple);
    if (ec) {
        if (ec == http::error::body_limit)
            co_return std::make_pair(
                photo_response(photo_error_reply(413, "photo_too_large", "the photo is too large"),
                               version, false, false),
                false);
        fail(ec, "photo read");
        co_return std::make_pair(
            photo_response(photo_error_reply(400, "bad_message", "the photo did not arrive whole"),
                           version, false, false),
            false);
    }
    const bool keep_alive = parser.get().keep_alive();
    std::string body = std::move(parser.get().body());
    const auto ex = stream.get_executor();
    // The initiation holds references only: GCC 12 may destroy a temporary in a co_await
    // expression twice, which must not release anything (a shared_ptr copy here did).
    photo_reply reply =
        co_await asio::async_initiate<decltype(asio::use_awaitable), void(photo_reply)>(
            [&ctx, &ticket, &body, &ex](auto handler) {
                // One owner of the coroutine's handler, emptied when it is called: whichever
                // thread lets go of the last reference then frees nothing that still runs.
                using handler_type = decltype(handler);
                auto slot = std::make_shared<std::optional<handler_type>>(std::move(handler));
                // The reply may come from the store's writer thread: back to this connection.
                ctx.photos->finish_upload(std::move(ticket), std::move(body),
                                          [slot, ex](photo_reply r) {
                                              asio::post(ex, [slot, r = std::move(r)]() mutable {
                                                  if (!*slot)
                                                      return;
                                                  handler_type h = std::move(**slot);
                                                  slot->reset();
                                                  h(std::move(r));
                                              });
                                          });
            },
            asio::use_awaitable);
    co_return std::make_pair(photo_response(std::move(reply), version, keep_alive, false),
                             keep_alive);
}

/**
 * Serves HTTP requests on one connection until it ends or becomes a WebSocket (which then
 * runs on its own and holds `place`).
 */
template <class Stream>
awaitable<void> serve_http(Stream stream, const net_config& cfg, server_context& ctx,
                           std::shared_ptr<address_place> place) {
    beast::flat_buffer buffer;
    for (;;) {
        http::request_parser<http::string_body> parser;
        // GET requests have no body; anything large is abuse. A photo upload may be larger.
        // No limit while the header is read (the parser would refuse a large Content-Length
        // there, before a photo upload can answer why): right after it, every request but a
        // photo upload is held to 4 KiB, and photo_upload checks its own.
        constexpr std::uint64_t small_body = 4096;
        parser.body_limit(boost::none);
        parser.header_limit(16 * 1024);
        beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
        auto [hec, hn] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
        if (hec) {
            fail(hec, "http read");
            break;
        }
        const bool photo_post = ctx.photos && parser.get().method() == http::verb::post &&
                                photo_service::handles(target_path(parser.get().target()));
        if (!photo_post) {
            // Content-Length was checked against the limit above; a chunked body's chunks
            // are checked against it as they come.
            if (const auto length = parser.content_length(); length && *length > small_body) {
                fail(http::error::body_limit, "http read");
                break;
            }
            parser.body_limit(small_body);
            auto [ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple);
            if (ec) {
                fail(ec, "http read");
                break;
            }
        }
        // (A photo upload's body is not read yet: only its headers are looked at below.)
        http::request<http::string_body> req = photo_post ? parser.get() : parser.release();

        // Refusals that end the connection: what follows on it cannot be trusted.
        std::optional<http::message_generator> refusal;
        auto refuse = [&](http::status st, std::string_view text) {
            refusal.emplace(text_response(st, req.version(), false, "text/plain; charset=utf-8",
                                          std::string(text) + "\n", false));
        };
        const auto te = req.find(http::field::transfer_encoding);
        const auto host = req.find(http::field::host);
        const auto origin = req.find(http::field::origin);
        const bool browser = origin != req.end();
        const bool ws_upgrade = websocket::is_upgrade(req) && target_path(req.target()) == "/ws";
        if (te != req.end() && !beast::iequals(trim(te->value()), "chunked")) {
            // RFC 9112 6.1: a request whose last transfer coding is not chunked cannot be
            // framed; answering it would read its body as the next request (smuggling).
            refuse(http::status::bad_request, "Bad request: unsupported Transfer-Encoding");
        } else if (host == req.end() ? req.version() >= 11
                                     : ctx.hosts && !(ws_upgrade && !browser) &&
                                           !ctx.hosts->host_allowed(host->value())) {
            // (A WebSocket without an Origin is not a browser's, so no rebinding: the
            // console and projectors may reach the server by any name.)
            // A name that is not ours: DNS rebinding (a foreign page's name made to point
            // here) or a misrouted request. HTTP/1.1 requires Host.
            if (host == req.end())
                refuse(http::status::bad_request, "Bad request: no Host");
            else
                refuse(http::status::misdirected_request,
                       "Misdirected request: this server does not answer to that host name "
                       "(see --allowed-hosts)");
        } else if (ws_upgrade) {
            // A web page's WebSocket: only from the server's own origin. Other clients
            // (the console, scripts) send no Origin.
            if (browser && ctx.hosts &&
                !ctx.hosts->origin_allowed(origin->value(),
                                           host == req.end() ? std::string_view()
                                                             : std::string_view(host->value()))) {
                refuse(http::status::forbidden,
                       "Forbidden: a WebSocket from a page of another origin");
            } else {
                // The WebSocket has its own timeouts (see ws_session::run).
                beast::get_lowest_layer(stream).expires_never();
                auto transport = websocket_transport(std::move(stream));
                std::make_shared<ws_session<decltype(transport)>>(std::move(transport), cfg, ctx,
                                                                  browser, std::move(place))
                    ->start(std::move(req));
                co_return;
            }
        }
        if (!refusal && photo_post && browser && ctx.hosts &&
            !ctx.hosts->origin_allowed(origin->value(), host == req.end()
                                                            ? std::string_view()
                                                            : std::string_view(host->value()))) {
            refusal.emplace(photo_response(
                photo_error_reply(403, "forbidden", "a photo from a page of another origin"),
                req.version(), false, false));
        }
        if (refusal) {
            beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
            auto [wec, wn] = co_await beast::async_write(stream, std::move(*refusal), use_tuple);
            if (wec)
                fail(wec, "http write");
            break;
        }
        if (photo_post) {
            std::optional<std::pair<http::message_generator, bool>> done;
            try {
                done.emplace(co_await photo_upload(stream, buffer, parser, ctx));
            } catch (const std::exception& e) {
                std::cerr << "kring-server: photo upload: " << e.what() << "\n";
                break;
            }
            auto& [msg, go_on] = *done;
            beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
            auto [wec, wn] = co_await beast::async_write(stream, std::move(msg), use_tuple);
            if (wec) {
                fail(wec, "http write");
                co_return;
            }
            if (!go_on)
                break;
            continue;
        }

        const bool keep_alive = req.keep_alive();
        http::message_generator msg = handle_request(req, ctx);
        beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
        auto [wec, wn] = co_await beast::async_write(stream, std::move(msg), use_tuple);
        if (wec) {
            fail(wec, "http write");
            co_return;
        }
        if (!keep_alive)
            break;
    }
    co_await close_stream(stream);
}

/** One plain connection: HTTP, and WebSocket after an upgrade (net_plain.cpp). */
awaitable<void> http_session(tcp::socket socket, const net_config& cfg, server_context& ctx,
                             std::shared_ptr<address_place> place);

/** The server's TLS settings: TLS 1.2 or newer, the certificate chain and key from PEM. */
std::unique_ptr<ssl::context> make_tls_context(const std::string& cert, const std::string& key);

/** One TLS connection: the handshake, then HTTP and WebSocket exactly as in plain text. */
awaitable<void> tls_session(tcp::socket socket, ssl::context& tls, const net_config& cfg,
                            server_context& ctx, std::shared_ptr<address_place> place);

} // namespace kring::server::net_detail
