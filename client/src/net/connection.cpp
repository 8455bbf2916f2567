// The only translation unit of the client that includes Boost.Beast / Asio (see connection.hpp).
#include "net/connection.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <cctype>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <mutex>
#include <random>
#include <thread>

namespace kring::client {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

namespace {

using ws_stream = websocket::stream<beast::tcp_stream>;
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

// Back-off between attempts (rules.hpp reconnect_policy, the server's rules once set): the
// first delay doubling up to the largest, each drawn from [(1 - jitter) d, d] so that a room
// of clients does not reconnect in lock-step after a restart.
std::chrono::milliseconds first_backoff(const reconnect_policy& p) {
    return std::chrono::milliseconds(std::max<std::uint32_t>(p.first_ms, 1));
}

// Views of a large session with many comments can be big; the server's own limit on what it
// accepts from us is much smaller, but what it sends is bounded only by the content.
constexpr std::size_t max_incoming = 8u * 1024u * 1024u;

// Images of a deck are a few hundred KiB; a facilitator's own photos may be larger.
constexpr std::size_t max_fetch_body = 32u * 1024u * 1024u;

/**
 * One queued request: its target, and the bearer key of its Authorization header ("" for
 * none); a GET, or a POST with its header fields and body.
 */
struct fetch_request {
    std::string target;
    std::string bearer;
    bool post = false;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string content_type;
    std::string body;
};

/** A header field's name or value that can go into a request as it is. */
bool field_safe(const std::string& s, bool name) {
    return !s.empty() && s.size() <= 2048 && std::all_of(s.begin(), s.end(), [name](char c) {
        return (c > ' ' || (!name && c == ' ')) && c < 0x7f && (!name || c != ':');
    });
}

/** A key that can go into a header as it is: visible ASCII only (no space, CR or LF). */
bool header_safe(const std::string& key) {
    return !key.empty() && key.size() <= 512 &&
           std::all_of(key.begin(), key.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

/** Where a fetch goes: host, port and path of "http://host:port/path" or of a bare "/path". */
struct fetch_target {
    std::string host, port, path;
};

fetch_target split_target(const std::string& target, const std::string& host,
                          const std::string& port) {
    fetch_target t{host, port, target};
    constexpr std::string_view scheme = "http://";
    if (target.rfind(scheme, 0) == 0) {
        const std::string rest = target.substr(scheme.size());
        const auto slash = rest.find('/');
        const std::string authority = rest.substr(0, slash);
        t.path = slash == std::string::npos ? "/" : rest.substr(slash);
        const auto colon = authority.rfind(':');
        t.host = authority.substr(0, colon);
        t.port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
    } else if (t.path.empty() || t.path.front() != '/') {
        t.path = "/" + t.path;
    }
    return t;
}

//------------------------------------------------------------------------------

/** Logs a network error, staying quiet about the ones that mean "we closed it ourselves". */
void fail(beast::error_code ec, const char* what) {
    if (ec == net::error::operation_aborted || ec == websocket::error::closed)
        return;
    std::fprintf(stderr, "kring: net: %s: %s\n", what, ec.message().c_str());
}

} // namespace

//------------------------------------------------------------------------------

struct connection::impl {
    std::string host;
    std::string port;
    wake_fn wake;

    net::io_context ioc{1};
    std::thread thread;
    std::atomic<bool> finished{false};
    bool started = false;

    // Shared with the UI thread. This mutex guards only inbox_; it is held for a push_back
    // or a swap, never across I/O, so the UI thread never waits on the network.
    std::mutex inbox_mutex;
    std::vector<net_event> inbox;

    std::atomic<link_state> state{link_state::connecting};
    std::atomic<int> failures{0};
    std::atomic<std::int64_t> retry_at_ms{0}; // steady_clock, while waiting

    // Everything below is touched only on the network thread.
    std::shared_ptr<ws_stream> current; // the stream being connected or in use
    bool open = false;                  // current completed the handshake
    std::uint64_t epoch = 0;
    std::deque<std::string> outbox;
    bool writing = false;
    bool stopping = false;
    reconnect_policy policy; // touched on the network thread only (set_policy posts)
    std::string code;        // the session's join code for the socket's address (set_code posts)
    std::chrono::milliseconds backoff = first_backoff(policy);
    net::steady_timer retry_timer{ioc};
    std::deque<fetch_request> fetches; // requests waiting for fetch_all
    bool fetching = false;
    std::mt19937 rng{std::random_device{}()};

    impl(std::string h, std::string p, wake_fn w)
        : host(std::move(h)), port(std::move(p)), wake(std::move(w)) {}

    void push(net_event e) {
        {
            std::lock_guard lock(inbox_mutex);
            inbox.push_back(std::move(e));
        }
        if (wake)
            wake();
    }

    void set_state(link_state s) {
        state = s;
        if (wake)
            wake();
    }

    net::awaitable<beast::error_code> connect_once(ws_stream& ws);
    net::awaitable<void> run();
    net::awaitable<void> fetch_all();
    net::awaitable<net_event> fetch_one(const fetch_request& r);
    void write_next();
    void drop_current();
    /** Queues a GET or POST for fetch_all (from any thread). */
    void queue(fetch_request&& request);
};

//------------------------------------------------------------------------------

net::awaitable<beast::error_code> connection::impl::connect_once(ws_stream& ws) {
    tcp::resolver resolver(ioc);
    auto [rec, endpoints] = co_await resolver.async_resolve(host, port, use_tuple);
    if (rec)
        co_return rec;

    // A dead address should not hang the attempt for the OS's long connect timeout.
    beast::get_lowest_layer(ws).expires_after(5s);
    auto [cec, ep] = co_await beast::get_lowest_layer(ws).async_connect(endpoints, use_tuple);
    if (cec)
        co_return cec;
    beast::get_lowest_layer(ws).expires_never();

    // Beast's own timeouts from here on: pings every half idle period detect a server or
    // Wi-Fi that vanished without closing the TCP connection.
    websocket::stream_base::timeout t{};
    t.handshake_timeout = 5s;
    t.idle_timeout = 20s;
    t.keep_alive_pings = true;
    ws.set_option(t);
    ws.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
        req.set(beast::http::field::user_agent, "kring-client");
    }));
    ws.read_message_max(max_incoming);
    ws.text(true);

    // The join code rides along (/ws?code=…): a proxy in front of several servers sends
    // every client of one session to the same one (docs/hosting.md).
    const std::string target = code.empty() ? std::string("/ws") : "/ws?code=" + code;
    auto [hec] =
        co_await ws.async_handshake(host + ":" + std::to_string(ep.port()), target, use_tuple);
    co_return hec;
}

net::awaitable<void> connection::impl::run() {
    while (!stopping) {
        set_state(link_state::connecting);
        auto ws = std::make_shared<ws_stream>(ioc);
        current = ws;
        beast::error_code ec = co_await connect_once(*ws);

        if (!ec && !stopping) {
            // Connected: a fresh epoch, so frames meant for the old connection are dropped.
            open = true;
            ++epoch;
            failures = 0;
            backoff = first_backoff(policy);
            set_state(link_state::connected);
            push({net_event::kind::connected, {}, epoch, 0, {}, {}});

            beast::flat_buffer buffer;
            for (;;) {
                auto [rec, n] = co_await ws->async_read(buffer, use_tuple);
                if (rec) {
                    ec = rec;
                    break;
                }
                // Binary frames are not part of the protocol; ignore them.
                if (ws->got_text())
                    push({net_event::kind::message,
                          beast::buffers_to_string(buffer.data()),
                          epoch,
                          0,
                          {},
                          {}});
                buffer.consume(n);
            }
            open = false;
            outbox.clear();
            fail(ec, "read");
            push({net_event::kind::disconnected, ec.message(), epoch, 0, {}, {}});
        } else if (ec) {
            // Log the first failures and then ever more rarely: a server that is down for a
            // while should not flood the terminal.
            const int n = ++failures;
            if ((n & (n - 1)) == 0)
                fail(ec, "connect");
        }
        current.reset();
        if (stopping)
            break;

        // Wait before the next attempt, unless reconnect() cancels the timer.
        const auto step = backoff;
        const auto largest =
            std::max(first_backoff(policy), std::chrono::milliseconds(policy.max_ms));
        backoff = std::min(backoff * 2, largest);
        const double keep = 1.0 - std::clamp(policy.jitter, 0.0, 1.0);
        std::uniform_int_distribution<long> jitter(
            static_cast<long>(static_cast<double>(step.count()) * keep), step.count());
        auto delay = std::chrono::milliseconds(jitter(rng));
        retry_at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          (std::chrono::steady_clock::now() + delay).time_since_epoch())
                          .count();
        set_state(link_state::waiting);
        retry_timer.expires_after(delay);
        co_await retry_timer.async_wait(use_tuple);
    }
    set_state(link_state::stopped);
}

net::awaitable<net_event> connection::impl::fetch_one(const fetch_request& r) {
    net_event e{
        r.post ? net_event::kind::posted : net_event::kind::fetched, r.target, 0, 0, {}, {}};
    const fetch_target t = split_target(r.target, host, port);
    tcp::resolver resolver(ioc);
    auto [rec, endpoints] = co_await resolver.async_resolve(t.host, t.port, use_tuple);
    if (rec) {
        fail(rec, "fetch resolve");
        co_return e;
    }
    beast::tcp_stream stream(ioc);
    // A POST carries up to a photo's max_bytes: more time for it on a slow Wi-Fi.
    stream.expires_after(r.post ? 120s : 10s);
    auto [cec, ep] = co_await stream.async_connect(endpoints, use_tuple);
    if (cec) {
        fail(cec, "fetch connect");
        co_return e;
    }
    http::request<http::string_body> req{r.post ? http::verb::post : http::verb::get, t.path, 11};
    req.set(http::field::host, t.host + ":" + t.port);
    req.set(http::field::user_agent, "kring-client");
    // A key goes only to the server this client is connected to, never to another address.
    if (!r.bearer.empty() && t.host == host && t.port == port)
        req.set(http::field::authorization, "Bearer " + r.bearer);
    if (r.post) {
        for (const auto& [name, value] : r.headers)
            req.set(name, value);
        if (!r.content_type.empty())
            req.set(http::field::content_type, r.content_type);
        req.body() = r.body;
        req.prepare_payload(); // Content-Length
    }
    auto [wec, wn] = co_await http::async_write(stream, req, use_tuple);
    // A server that refuses a POST answers before it read the body, and may close: its answer
    // is read even when the rest of the body could not be written.
    if (wec && !r.post) {
        fail(wec, "fetch write");
        co_return e;
    }
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(max_fetch_body);
    auto [hec, hn] = co_await http::async_read(stream, buffer, parser, use_tuple);
    if (hec) {
        fail(wec ? wec : hec, r.post ? "post" : "fetch read");
        co_return e;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    auto res = parser.release();
    e.status = static_cast<int>(res.result_int());
    if (auto type = res.find(http::field::content_type); type != res.end())
        e.content_type = std::string(type->value());
    e.body = std::move(res.body());
    co_return e;
}

net::awaitable<void> connection::impl::fetch_all() {
    // One request at a time: a deck is a handful of small files, and the server's HTTP side
    // should not see a burst from every projector at once.
    while (!fetches.empty() && !stopping) {
        const fetch_request r = std::move(fetches.front());
        fetches.pop_front();
        push(co_await fetch_one(r));
    }
    fetching = false;
}

void connection::impl::write_next() {
    if (writing || !open || outbox.empty())
        return;
    writing = true;
    // The frame moves into the handler, so clearing the outbox never frees a buffer that
    // a write in flight still reads.
    auto text = std::make_shared<std::string>(std::move(outbox.front()));
    outbox.pop_front();
    auto ws = current;
    ws->async_write(net::buffer(*text), [this, ws, text](beast::error_code ec, std::size_t) {
        writing = false;
        if (ec) {
            // The read loop sees the same failure and reconnects.
            fail(ec, "write");
            return;
        }
        if (ws == current)
            write_next();
    });
}

void connection::impl::drop_current() {
    if (!current)
        return;
    beast::error_code ec;
    // Closing the TCP socket makes the pending read (or connect) finish with an error.
    beast::get_lowest_layer(*current).socket().close(ec);
}

//------------------------------------------------------------------------------

connection::connection(std::string host, std::string port, wake_fn wake)
    : impl_(std::make_unique<impl>(std::move(host), std::move(port), std::move(wake))) {}

connection::~connection() {
    stop();
}

void connection::start() {
    if (impl_->started)
        return;
    impl_->started = true;
    impl* p = impl_.get();
    impl_->thread = std::thread([p] {
        net::co_spawn(p->ioc, p->run(), [](std::exception_ptr e) {
            if (!e)
                return;
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                std::fprintf(stderr, "kring: net: unexpected: %s\n", ex.what());
            }
        });
        p->ioc.run();
        p->finished = true;
        if (p->wake)
            p->wake();
    });
}

void connection::stop() {
    if (!impl_->started || !impl_->thread.joinable())
        return;
    impl* p = impl_.get();
    net::post(p->ioc, [p] {
        p->stopping = true;
        p->retry_timer.cancel();
        if (p->current && p->open) {
            // A polite close; the read loop ends when the server answers (or the socket fails).
            auto ws = p->current;
            ws->async_close(websocket::close_code::normal, [ws](beast::error_code) {});
        } else {
            p->drop_current();
        }
    });
    // Give the close handshake a moment, then stop regardless: quitting must never hang.
    for (int i = 0; i < 100 && !p->finished; ++i)
        std::this_thread::sleep_for(10ms);
    p->ioc.stop();
    p->thread.join();
    p->state = link_state::stopped;
}

void connection::send(std::uint64_t epoch, std::string text) {
    impl* p = impl_.get();
    net::post(p->ioc, [p, epoch, text = std::move(text)]() mutable {
        if (!p->open || epoch != p->epoch)
            return;
        p->outbox.push_back(std::move(text));
        p->write_next();
    });
}

void connection::set_code(std::string code) {
    // Only a join code (letters) goes into the address; anything else (a session id) not.
    if (!std::all_of(code.begin(), code.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
        code.clear();
    impl* p = impl_.get();
    net::post(p->ioc, [p, code = std::move(code)] { p->code = code; });
}

void connection::set_policy(const reconnect_policy& policy) {
    impl* p = impl_.get();
    net::post(p->ioc, [p, policy] {
        if (p->policy == policy)
            return;
        p->policy = policy;
        p->backoff =
            std::clamp(p->backoff, first_backoff(policy),
                       std::max(first_backoff(policy), std::chrono::milliseconds(policy.max_ms)));
    });
}

void connection::reconnect() {
    impl* p = impl_.get();
    net::post(p->ioc, [p] {
        p->backoff = first_backoff(p->policy);
        p->retry_timer.cancel();
        p->drop_current();
    });
}

void connection::drop() {
    impl* p = impl_.get();
    net::post(p->ioc, [p] { p->drop_current(); });
}

void connection::fetch(std::string target) {
    fetch(std::move(target), {});
}

void connection::fetch(std::string target, std::string bearer) {
    if (!bearer.empty() && !header_safe(bearer)) {
        std::fprintf(stderr, "kring: net: fetch %s: a key that cannot be sent; none sent\n",
                     target.c_str());
        bearer.clear();
    }
    fetch_request r;
    r.target = std::move(target);
    r.bearer = std::move(bearer);
    impl_->queue(std::move(r));
}

void connection::post(http_post p) {
    if (!p.bearer.empty() && !header_safe(p.bearer)) {
        std::fprintf(stderr, "kring: net: post %s: a key that cannot be sent; none sent\n",
                     p.target.c_str());
        p.bearer.clear();
    }
    fetch_request r;
    r.target = std::move(p.target);
    r.bearer = std::move(p.bearer);
    r.post = true;
    for (auto& [name, value] : p.headers)
        if (field_safe(name, true) && field_safe(value, false))
            r.headers.emplace_back(std::move(name), std::move(value));
        else
            std::fprintf(stderr, "kring: net: post %s: header %s cannot be sent; dropped\n",
                         r.target.c_str(), name.c_str());
    if (field_safe(p.content_type, false))
        r.content_type = std::move(p.content_type);
    r.body = std::move(p.body);
    impl_->queue(std::move(r));
}

void connection::impl::queue(fetch_request&& request) {
    impl* p = this;
    // The request moves to the network thread through a shared pointer: a POST's body is
    // not copied on the way.
    auto r = std::make_shared<fetch_request>(std::move(request));
    net::post(p->ioc, [p, r] {
        if (p->stopping)
            return;
        p->fetches.push_back(std::move(*r));
        if (p->fetching)
            return;
        p->fetching = true;
        net::co_spawn(p->ioc, p->fetch_all(), [p](std::exception_ptr e) {
            p->fetching = false;
            if (!e)
                return;
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                std::fprintf(stderr, "kring: net: fetch: %s\n", ex.what());
            }
        });
    });
}

std::vector<net_event> connection::take() {
    std::vector<net_event> out;
    std::lock_guard lock(impl_->inbox_mutex);
    out.swap(impl_->inbox);
    return out;
}

link_state connection::state() const {
    return impl_->state;
}

int connection::failures() const {
    return impl_->failures;
}

int connection::retry_in_ms() const {
    if (impl_->state != link_state::waiting)
        return 0;
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
                   .count();
    return static_cast<int>(std::max<std::int64_t>(0, impl_->retry_at_ms - now));
}

} // namespace kring::client
