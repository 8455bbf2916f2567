// kring-echo: a bare Boost.Beast WebSocket echo server, the baseline of bench/run.sh.
//
// It does the least a WebSocket server can do per message (read a text frame, write the
// same bytes back) with the same building blocks as kring-server: one io_context run by
// --threads threads, a strand per connection, C++20 coroutines with as_tuple. kring-load
// --echo drives it with answer-sized messages and counts each echo as an "ack"; the table
// prints Kring's durable answer rate as a ratio of this message rate.
//
//   kring-echo [--port N] [--bind ADDR] [--threads N]
//   prints "ECHO_LISTENING port=N" once it accepts; stops cleanly on SIGINT/SIGTERM.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

asio::awaitable<void> echo_session(tcp::socket socket) {
    websocket::stream<tcp::socket> ws(std::move(socket));
    ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws.read_message_max(16384); // the same default limit as kring-server
    auto [ec] = co_await ws.async_accept(use_tuple);
    if (ec)
        co_return;
    beast::flat_buffer buffer;
    for (;;) {
        auto [rec, n] = co_await ws.async_read(buffer, use_tuple);
        if (rec)
            co_return;
        ws.text(ws.got_text());
        auto [wec, m] = co_await ws.async_write(buffer.data(), use_tuple);
        if (wec)
            co_return;
        buffer.consume(buffer.size());
    }
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, asio::io_context& ioc) {
    for (;;) {
        tcp::socket socket(asio::make_strand(ioc));
        auto [ec] = co_await acceptor.async_accept(socket, use_tuple);
        if (!acceptor.is_open() || ec == asio::error::operation_aborted)
            co_return;
        if (ec) {
            std::cerr << "kring-echo: accept: " << ec.message() << "\n";
            asio::steady_timer pause(ioc, std::chrono::milliseconds(50));
            co_await pause.async_wait(use_tuple);
            continue;
        }
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        auto ex = socket.get_executor();
        asio::co_spawn(ex, echo_session(std::move(socket)), asio::detached);
    }
}

bool parse_uint(const std::string& s, unsigned& out) {
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

} // namespace

int main(int argc, char** argv) {
    std::string bind = "127.0.0.1";
    unsigned port = 0;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--port" && has_value && parse_uint(argv[i + 1], port) && port < 65536) {
            ++i;
        } else if (a == "--bind" && has_value) {
            bind = argv[++i];
        } else if (a == "--threads" && has_value && parse_uint(argv[i + 1], threads) &&
                   threads >= 1) {
            ++i;
        } else {
            std::cerr << "usage: kring-echo [--port N] [--bind ADDRESS] [--threads N]\n";
            return a == "--help" ? 0 : 2;
        }
    }

    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    asio::io_context ioc(static_cast<int>(threads));
    tcp::acceptor acceptor(ioc);
    try {
        const tcp::endpoint ep(asio::ip::make_address(bind), static_cast<unsigned short>(port));
        acceptor.open(ep.protocol());
        acceptor.set_option(asio::socket_base::reuse_address(true));
        acceptor.bind(ep);
        acceptor.listen(asio::socket_base::max_listen_connections);
    } catch (const std::exception& e) {
        std::cerr << "kring-echo: cannot listen on " << bind << ":" << port << ": " << e.what()
                  << "\n";
        return 1;
    }
    asio::co_spawn(ioc, accept_loop(acceptor, ioc), asio::detached);
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; ++i)
        pool.emplace_back([&ioc] { ioc.run(); });
    std::cout << "ECHO_LISTENING port=" << acceptor.local_endpoint().port() << std::endl;

    int sig = 0;
    sigwait(&stop_signals, &sig);
    asio::post(ioc, [&] { acceptor.close(); });
    ioc.stop();
    for (auto& t : pool)
        t.join();
    return 0;
}
