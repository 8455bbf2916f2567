// The network layer: the listener, net_server, the rooms' timers and the answers to plain
// HTTP requests. The connections themselves are in net_plain.cpp and net_tls.cpp (the
// session templates in net_internal.hpp), so that their heavy instantiations compile in
// parallel.
//
// [SECTION] Index
// - helpers: fail(), text responses, /healthz, static files, the record
// - asio_scheduler: timers for rooms
// - listener and net_server

#include "net_internal.hpp"
#include "security.hpp"

namespace kring::server {

using namespace net_detail;

namespace net_detail {

/** Reports a network error, staying quiet about the ones that are part of normal life. */
void fail(beast::error_code ec, const char* what) {
    if (ec == asio::error::operation_aborted || ec == websocket::error::closed ||
        ec == beast::error::timeout || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == http::error::end_of_stream ||
        ec == asio::error::broken_pipe || ec == ssl::error::stream_truncated)
        return;
    std::cerr << "kring-server: " << what << ": " << ec.message() << "\n";
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

http::message_generator text_response(http::status status, unsigned version, bool keep_alive,
                                      std::string_view type, std::string body, bool head) {
    http::response<http::string_body> res{status, version};
    res.set(http::field::content_type, type);
    res.body() = std::move(body);
    return finish(std::move(res), head, keep_alive);
}

http::message_generator photo_response(photo_reply r, unsigned version, bool keep_alive,
                                       bool head) {
    http::response<http::string_body> res{static_cast<http::status>(r.status), version};
    res.set(http::field::content_type, r.content_type);
    if (r.status == 401)
        res.set(http::field::www_authenticate, "Bearer");
    if (r.retry_after > 0)
        res.set(http::field::retry_after, std::to_string(r.retry_after));
    res.body() = std::move(r.body);
    set_common_headers(res);
    // A photo of a family's place is never kept in a cache, and never a page.
    res.set(http::field::cache_control, "private, no-store");
    res.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    res.keep_alive(keep_alive);
    res.prepare_payload();
    if (head)
        res.body() = {};
    return res;
}

http::message_generator handle_request(const http::request<http::string_body>& req,
                                       server_context& ctx) {
    const unsigned version = req.version();
    const bool keep_alive = req.keep_alive();
    const bool head = req.method() == http::verb::head;
    auto error_page = [&](http::status st, std::string_view text) {
        return text_response(st, version, keep_alive, "text/plain; charset=utf-8",
                             std::string(text) + "\n", head);
    };
    if (req.method() != http::verb::get && !head) {
        http::response<http::string_body> res{http::status::method_not_allowed, version};
        res.set(http::field::allow, "GET, HEAD");
        res.set(http::field::content_type, "text/plain; charset=utf-8");
        res.body() = "Method not allowed\n";
        return finish(std::move(res), head, keep_alive);
    }

    // The path without query (/?code=ABCDEF) or fragment.
    const std::string path(target_path(req.target()));
    if (path == "/healthz") {
        const std::size_t n = ctx.session_count ? ctx.session_count() : 0;
        return text_response(http::status::ok, version, keep_alive, "application/json",
                             R"({"status":"ok","protocol_version":1,"sessions":)" +
                                 std::to_string(n) + R"(,"retention_days":)" +
                                 std::to_string(ctx.retention_days) + R"(,"min_answers":)" +
                                 std::to_string(ctx.min_answers) + "}",
                             head);
    }
    // A stored photo, for a key that may see it (photo_http.cpp).
    if (ctx.photos && photo_service::handles(path))
        return photo_response(
            ctx.photos->get(req.target(), std::string_view(req[http::field::authorization])),
            version, keep_alive, head);
    // The record: reports and CSV of a session, for the holder of its secret.
    if (path.rfind("/sessions/", 0) == 0) {
        http_reply r = ctx.record_http
                           ? ctx.record_http(req.target(), req[http::field::authorization])
                           : http_reply{};
        http::response<http::string_body> res{static_cast<http::status>(r.status), version};
        res.set(http::field::content_type, r.content_type);
        if (!r.filename.empty())
            res.set(http::field::content_disposition,
                    std::string(r.attachment ? "attachment" : "inline") + "; filename=\"" +
                        r.filename + "\"");
        if (r.status == 401)
            res.set(http::field::www_authenticate, "Bearer");
        res.body() = std::move(r.body);
        set_common_headers(res);
        // A report styles itself inline and loads nothing; and a session's record is never
        // kept in a cache.
        res.set("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        res.set(http::field::cache_control, "no-store");
        res.keep_alive(keep_alive);
        res.prepare_payload();
        if (head)
            res.body() = {};
        return res;
    }
    // The web page and the images: only what the server listed at start-up, by exact
    // lookup of the path as sent (never decoded, never joined to a folder here).
    // The short join address (/KQWERT) is the page itself; the page reads the code from it.
    const served_file* file =
        ctx.files ? ctx.files->find(is_join_path(path) ? std::string_view("/") : path) : nullptr;
    if (!file)
        return error_page(http::status::not_found, "Not found");
    return file_response(*file, version, keep_alive, head, error_page);
}

//------------------------------------------------------------------------------
// [SECTION] asio_scheduler
// (In net_detail rather than an anonymous namespace: net_server::impl holds one, and
// optimised builds compile this file inside one unit with main.cpp.)

/** Represents the rooms' timers, run on the io threads. */
class asio_scheduler final : public scheduler {
public:
    explicit asio_scheduler(asio::io_context& ioc) : ioc_(ioc) {}

    void after(std::chrono::milliseconds delay, std::function<void()> job) override {
        // After stop() the io_context is about to go away: nothing may be queued on it.
        if (stopped_.load(std::memory_order_acquire))
            return;
        if (delay.count() <= 0) {
            asio::post(ioc_, std::move(job));
            return;
        }
        auto timer = std::make_shared<asio::steady_timer>(ioc_, delay);
        timer->async_wait([timer, job = std::move(job)](beast::error_code ec) {
            if (!ec)
                job();
        });
    }

    void stop() { stopped_.store(true, std::memory_order_release); }

private:
    asio::io_context& ioc_;
    std::atomic<bool> stopped_{false};
};

//------------------------------------------------------------------------------
// [SECTION] listener

/** Accepts connections; with `tls` set every one of them is TLS. */
awaitable<void> accept_loop(tcp::acceptor& acceptor, asio::io_context& ioc, ssl::context* tls,
                            const net_config& cfg, server_context& ctx) {
    for (;;) {
        // The new connection gets its own strand: its reader and writer never overlap.
        tcp::socket socket(asio::make_strand(ioc));
        auto [ec] = co_await acceptor.async_accept(socket, use_tuple);
        if (ec == asio::error::operation_aborted || !acceptor.is_open())
            co_return;
        if (ec) {
            fail(ec, "accept");
            // Out of file descriptors and the like: pause instead of spinning.
            asio::steady_timer pause(ioc, std::chrono::milliseconds(50));
            co_await pause.async_wait(use_tuple);
            continue;
        }
        beast::error_code ignored;
        // At most --max-per-address connections from one address (IPv6: one /64): one
        // more is closed at once, before it costs a coroutine or a TLS handshake.
        std::shared_ptr<address_place> place;
        if (ctx.connections) {
            const auto peer = socket.remote_endpoint(ignored);
            std::string address = ignored ? std::string() : peer.address().to_string();
            if (!ctx.connections->acquire(address)) {
                socket.close(ignored);
                continue;
            }
            place = std::make_shared<address_place>(ctx.connections, std::move(address));
        }
        socket.set_option(tcp::no_delay(true), ignored);
        auto ex = socket.get_executor();
        if (tls)
            asio::co_spawn(ex, tls_session(std::move(socket), *tls, cfg, ctx, std::move(place)),
                           asio::detached);
        else
            asio::co_spawn(ex, http_session(std::move(socket), cfg, ctx, std::move(place)),
                           asio::detached);
    }
}

} // namespace net_detail

//------------------------------------------------------------------------------
// [SECTION] net_server

struct net_server::impl {
    net_config cfg;
    std::unique_ptr<asio::io_context> ioc;
    asio_scheduler timers;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::optional<tcp::acceptor> acceptor; // reset before ioc: I/O objects die first
    std::unique_ptr<ssl::context> tls;     // set by listen() when TLS is configured
    std::vector<std::thread> threads;
    bool stopped = false;

    explicit impl(net_config c)
        : cfg(std::move(c)),
          ioc(std::make_unique<asio::io_context>(static_cast<int>(std::max(1u, cfg.threads)))),
          timers(*ioc), work(asio::make_work_guard(*ioc)) {
        acceptor.emplace(*ioc);
    }

    ~impl() {
        stop();
        // Destroy pending handlers (and the connections they own) while the scheduler
        // (stopped) and everything they refer to still exist.
        acceptor.reset();
        ioc.reset();
        tls.reset(); // after the connections that use it
    }

    void stop() {
        if (stopped)
            return;
        stopped = true;
        timers.stop();
        work.reset();
        ioc->stop();
        for (auto& t : threads)
            t.join();
        threads.clear();
    }
};

net_server::net_server(net_config cfg) : impl_(std::make_unique<impl>(std::move(cfg))) {}

net_server::~net_server() = default;

scheduler& net_server::timers() {
    return impl_->timers;
}

void net_server::listen(server_context& ctx) {
    const auto& cfg = impl_->cfg;
    if (!cfg.tls_cert.empty() || !cfg.tls_key.empty())
        impl_->tls = make_tls_context(cfg.tls_cert, cfg.tls_key);
    auto& a = *impl_->acceptor;
    beast::error_code ec;
    const auto address = asio::ip::make_address(impl_->cfg.bind, ec);
    if (ec)
        throw std::runtime_error("bad --bind address '" + impl_->cfg.bind + "'");
    const tcp::endpoint ep(address, impl_->cfg.port);
    a.open(ep.protocol(), ec);
    if (!ec)
        a.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
        a.bind(ep, ec);
    if (!ec)
        a.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        throw std::runtime_error("cannot listen on " + impl_->cfg.bind + ":" +
                                 std::to_string(impl_->cfg.port) + ": " + ec.message());
    }
    asio::co_spawn(*impl_->ioc, accept_loop(a, *impl_->ioc, impl_->tls.get(), impl_->cfg, ctx),
                   asio::detached);
}

unsigned short net_server::port() const {
    beast::error_code ec;
    const auto ep = impl_->acceptor->local_endpoint(ec);
    return ec ? 0 : ep.port();
}

void net_server::run() {
    const unsigned n = std::max(1u, impl_->cfg.threads);
    for (unsigned i = 0; i < n; ++i)
        impl_->threads.emplace_back([io = impl_->ioc.get()] { io->run(); });
}

void net_server::stop() {
    impl_->stop();
}

} // namespace kring::server