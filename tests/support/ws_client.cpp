// The test clients: WebSocket (ws_client) and plain HTTP GET (http_get). All of Beast for
// the support library is in this one translation unit.

#include "http_client.hpp"
#include "ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <cctype>
#include <deque>
#include <optional>
#include <stdexcept>

namespace kring::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

//------------------------------------------------------------------------------
// ws_client

struct ws_client::impl {
    asio::io_context ioc;
    websocket::stream<beast::tcp_stream> ws{ioc};
    beast::flat_buffer buffer;
    bool reading = false; // an async_read is outstanding (it survives a recv timeout)
    std::optional<beast::error_code> done;
    bool open = true;
    int close_code = 0;
    // Messages read but not yet returned by recv(): by is_open(), or the rest of a batch.
    std::deque<nlohmann::json> pending;
    std::size_t frames = 0, batches = 0;

    /** Queues the messages of one WebSocket message: one object, or a batch (an array). */
    void take(const std::string& text) {
        ++frames;
        auto j = nlohmann::json::parse(text);
        if (!j.is_array()) {
            pending.push_back(std::move(j));
            return;
        }
        ++batches;
        if (j.size() < 2)
            throw std::runtime_error("ws_client: a batch of fewer than two messages: " + text);
        for (auto& m : j) {
            if (!m.is_object())
                throw std::runtime_error("ws_client: a batch holds a non-object: " + text);
            pending.push_back(std::move(m));
        }
    }

    /** Waits for the next message; returns its text, or nullopt on timeout. */
    std::optional<std::string> read(std::chrono::milliseconds timeout) {
        if (!open)
            throw std::runtime_error("ws_client: connection closed (code " +
                                     std::to_string(close_code) + ")");
        if (!reading) {
            reading = true;
            done.reset();
            buffer.clear();
            ws.async_read(buffer, [this](beast::error_code ec, std::size_t) { done = ec; });
        }
        ioc.restart();
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!done && std::chrono::steady_clock::now() < deadline)
            ioc.run_one_until(deadline);
        if (!done)
            return std::nullopt;
        reading = false;
        if (*done) {
            open = false;
            close_code = ws.reason().code;
            throw std::runtime_error("ws_client: connection closed: " + done->message() +
                                     " (code " + std::to_string(close_code) + ")");
        }
        return beast::buffers_to_string(buffer.data());
    }
};

ws_client::ws_client(int port, std::string host, std::string local_address, std::string target)
    : impl_(std::make_unique<impl>()) {
    try {
        tcp::resolver resolver(impl_->ioc);
        const auto results = resolver.resolve(host, std::to_string(port));
        if (!local_address.empty()) {
            // Connect from this local address (e.g. 127.0.0.2: a second "machine").
            const tcp::endpoint local(asio::ip::make_address(local_address), 0);
            auto& socket = beast::get_lowest_layer(impl_->ws).socket();
            socket.open(local.protocol());
            socket.bind(local);
            beast::get_lowest_layer(impl_->ws).connect(*results.begin());
        } else {
            beast::get_lowest_layer(impl_->ws).connect(results);
        }
        impl_->ws.handshake(host + ":" + std::to_string(port), target);
    } catch (const std::exception& e) {
        throw std::runtime_error("ws_client: cannot connect to " + host + ":" +
                                 std::to_string(port) + ": " + e.what());
    }
}

ws_client::~ws_client() {
    try {
        if (impl_->open) {
            beast::error_code ec;
            beast::get_lowest_layer(impl_->ws).socket().shutdown(tcp::socket::shutdown_both, ec);
            beast::get_lowest_layer(impl_->ws).close();
        }
    } catch (...) {
    }
}

void ws_client::send(const std::string& text) {
    impl_->ws.text(true);
    impl_->ws.write(asio::buffer(text));
}

void ws_client::send_fragmented(const std::string& text, std::size_t frame_bytes) {
    impl_->ws.text(true);
    std::size_t at = 0;
    do {
        const std::size_t n = std::min(frame_bytes, text.size() - at);
        impl_->ws.write_some(at + n == text.size(), asio::buffer(text.data() + at, n));
        at += n;
    } while (at < text.size());
}

void ws_client::send_binary(const std::string& bytes) {
    impl_->ws.binary(true);
    impl_->ws.write(asio::buffer(bytes));
}

nlohmann::json ws_client::recv(std::chrono::milliseconds timeout) {
    if (impl_->pending.empty()) {
        auto text = impl_->read(timeout);
        if (!text)
            throw std::runtime_error("ws_client: no message within " +
                                     std::to_string(timeout.count()) + " ms");
        impl_->take(*text);
    }
    auto j = std::move(impl_->pending.front());
    impl_->pending.pop_front();
    if (j.is_object() && j.contains("type") && j["type"].is_string())
        last_[j["type"].get<std::string>()] = j;
    return j;
}

nlohmann::json ws_client::last_of(const std::string& type) const {
    const auto it = last_.find(type);
    return it == last_.end() ? nlohmann::json() : it->second;
}

std::size_t ws_client::frames_received() const {
    return impl_->frames;
}

std::size_t ws_client::batches_received() const {
    return impl_->batches;
}

nlohmann::json ws_client::recv_until(const std::function<bool(const nlohmann::json&)>& pred,
                                     std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            throw std::runtime_error("ws_client: the expected message did not come within " +
                                     std::to_string(timeout.count()) + " ms");
        auto j = recv(left);
        if (pred(j))
            return j;
    }
}

nlohmann::json ws_client::request(nlohmann::json msg, std::chrono::milliseconds timeout) {
    const std::uint64_t seq = next_seq_++;
    msg["seq"] = seq;
    send(msg.dump());
    return recv_until(
        [seq](const nlohmann::json& j) {
            const auto it = j.find("seq");
            return it != j.end() && it->is_number_unsigned() && it->get<std::uint64_t>() == seq;
        },
        timeout);
}

bool ws_client::is_open() {
    if (!impl_->open)
        return false;
    // Give a close frame that is on its way a moment to arrive. A message read meanwhile
    // is kept for the next recv().
    try {
        if (auto text = impl_->read(std::chrono::milliseconds(20)))
            impl_->take(*text);
    } catch (const std::runtime_error&) {
        return false;
    }
    return impl_->open;
}

int ws_client::close_code() const {
    return impl_->close_code;
}

//------------------------------------------------------------------------------
// http_get

http_response http_get(int port, const std::string& target, std::string host) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    tcp::resolver resolver(ioc);
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, host + ":" + std::to_string(port));
    req.set(http::field::user_agent, "kring-test");
    req.keep_alive(false);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    beast::error_code result = asio::error::timed_out;
    bool finished = false;

    stream.expires_after(std::chrono::seconds(5));
    stream.async_connect(resolver.resolve(host, std::to_string(port)), [&](beast::error_code ec,
                                                                           const tcp::endpoint&) {
        if (ec) {
            result = ec;
            finished = true;
            return;
        }
        http::async_write(stream, req, [&](beast::error_code ec2, std::size_t) {
            if (ec2) {
                result = ec2;
                finished = true;
                return;
            }
            http::async_read(stream, buffer, res, [&](beast::error_code ec3, std::size_t) {
                result = ec3;
                finished = true;
            });
        });
    });
    ioc.run_for(std::chrono::seconds(6));
    if (!finished || result)
        throw std::runtime_error("http_get " + target + ": " +
                                 (finished ? result.message() : std::string("timeout")));
    http_response out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& f : res) {
        std::string name(f.name_string());
        for (auto& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.headers[name] = std::string(f.value());
    }
    out.body = std::move(res.body());
    return out;
}

} // namespace kring::test
