// A small WebSocket client over plain POSIX sockets (optionally TLS through OpenSSL), for the
// fault tests (tests/server/fault_test.cpp) and kring-crash. Unlike a full client library it
// does only what it is told: it can stop reading, leave pings unanswered, or drop its socket
// without a close frame, which is exactly what phones on a bad network do. Many of them can
// be driven from one thread (see pump()), without Beast.
#pragma once

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kring::raw {

using json = nlohmann::json;
using ms = std::chrono::milliseconds;

/** One received WebSocket message (or control frame). */
struct frame {
    int opcode = 0; // 1 text, 2 binary, 8 close, 9 ping, 10 pong
    std::string payload;
};

/** How to connect. */
struct connect_options {
    std::string host = "127.0.0.1";
    /** A client TLS context: the connection is TLS (HTTPS/WSS). Not owned. */
    SSL_CTX* tls = nullptr;
    /** SO_RCVBUF before connecting (0: the system's default). Small: a slow reader. */
    int rcvbuf = 0;
};

/** Represents one TCP (or TLS) connection that may speak HTTP and then WebSocket. */
class raw_ws {
public:
    /** Connects; throws std::runtime_error when the server cannot be reached. */
    raw_ws(int port, connect_options opt = {}) : host_(opt.host), port_(port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd_ < 0)
            throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
        if (opt.rcvbuf > 0)
            ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &opt.rcvbuf, sizeof opt.rcvbuf);
        int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>(port));
        ::inet_pton(AF_INET, opt.host.c_str(), &a.sin_addr);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            const int e = errno;
            ::close(fd_);
            fd_ = -1;
            throw std::runtime_error("connect to port " + std::to_string(port) + ": " +
                                     std::strerror(e));
        }
        if (opt.tls)
            start_tls(opt.tls);
    }
    ~raw_ws() { drop(); }
    raw_ws(const raw_ws&) = delete;
    raw_ws& operator=(const raw_ws&) = delete;

    int fd() const { return fd_; }
    bool open() const { return fd_ >= 0 && !eof_; }
    /** Whether pings are answered (a real client does; a dead phone does not). */
    bool answer_pings = true;

    /** Closes the socket at once: no close frame, no TLS close_notify (a lost phone). */
    void drop() {
        if (ssl_) {
            SSL_free(ssl_);
            ssl_ = nullptr;
        }
        if (fd_ >= 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }

    /** Sends raw bytes (an HTTP request, say). Throws when the connection is gone. */
    void write_all(std::string_view data) {
        while (!data.empty()) {
            ssize_t n = 0;
            if (ssl_) {
                n = SSL_write(ssl_, data.data(), static_cast<int>(data.size()));
                if (n <= 0)
                    throw std::runtime_error("raw_ws: TLS write failed");
            } else {
                n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n < 0)
                    throw std::runtime_error(std::string("raw_ws: send: ") + std::strerror(errno));
            }
            data.remove_prefix(static_cast<std::size_t>(n));
        }
    }

    /**
     * Reads until the end of an HTTP response head (and, with Content-Length, its body).
     * Returns the whole response text; throws on timeout or a closed connection.
     */
    std::string read_http(ms timeout = ms(10000)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            const auto end = buf_.find("\r\n\r\n");
            if (end != std::string::npos) {
                std::size_t need = end + 4;
                const auto head = lower(buf_.substr(0, end));
                const auto cl = head.find("\r\ncontent-length:");
                if (cl != std::string::npos)
                    need += std::stoul(head.substr(cl + 17));
                if (buf_.size() >= need) {
                    std::string out = buf_.substr(0, need);
                    buf_.erase(0, need);
                    return out;
                }
            }
            if (!fill(deadline))
                throw std::runtime_error("raw_ws: no complete HTTP response");
        }
    }

    /** GET `target` with Connection: close; returns the response (head and body). */
    std::string http_get(const std::string& target) {
        write_all("GET " + target + " HTTP/1.1\r\nHost: " + host_ + ":" + std::to_string(port_) +
                  "\r\nConnection: close\r\n\r\n");
        return read_http();
    }

    /** The WebSocket upgrade of /ws; throws unless the server answers 101. Returns the head. */
    std::string handshake(const std::string& target = "/ws") {
        std::string head = upgrade(target);
        if (head.rfind("HTTP/1.1 101", 0) != 0)
            throw std::runtime_error("raw_ws: upgrade refused: " + head.substr(0, 200));
        return head;
    }

    /**
     * Sends the upgrade request of `target` with `host` as Host (default: the address
     * connected to) and `extra` header lines (each ending in CRLF, e.g. an Origin); returns
     * the response head, whatever it is.
     */
    std::string upgrade(const std::string& target = "/ws", const std::string& extra = {},
                        const std::string& host = {}) {
        write_all("GET " + target + " HTTP/1.1\r\nHost: " +
                  (host.empty() ? host_ + ":" + std::to_string(port_) : host) +
                  "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  "Sec-WebSocket-Version: 13\r\n" +
                  extra + "\r\n");
        return read_http();
    }

    /** Sends one masked text frame (clients must mask). */
    void send_text(std::string_view text) { write_all(encode(1, text)); }

    /** Sends a JSON object as a text frame. */
    void send_json(const json& j) { send_text(j.dump()); }

    /**
     * The next data message (text), answering pings on the way if answer_pings. nullopt on
     * timeout; throws when the connection ends (close frame or end of stream).
     */
    std::optional<std::string> read_text(ms timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            if (!split_.empty()) {
                std::string text = std::move(split_.front());
                split_.pop_front();
                return text;
            }
            if (auto f = next_frame()) {
                if (auto text = handle(*f))
                    each_message(*text, [&](std::string m) { split_.push_back(std::move(m)); });
                continue;
            }
            if (!fill(deadline))
                return std::nullopt;
        }
    }

    /** The next JSON message; throws on timeout or close. */
    json recv(ms timeout = ms(20000)) {
        auto t = read_text(timeout);
        if (!t)
            throw std::runtime_error("raw_ws: no message within " +
                                     std::to_string(timeout.count()) + " ms");
        return json::parse(*t);
    }

    /** The next message with this seq (others are skipped). */
    json recv_seq(std::uint64_t seq, ms timeout = ms(20000)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            const auto left =
                std::chrono::duration_cast<ms>(deadline - std::chrono::steady_clock::now());
            json j = recv(std::max(left, ms(1)));
            if (j.value("seq", std::uint64_t(0)) == seq)
                return j;
        }
    }

    /** The next message of this type (others are skipped). */
    json recv_type(const std::string& type, ms timeout = ms(20000)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            const auto left =
                std::chrono::duration_cast<ms>(deadline - std::chrono::steady_clock::now());
            json j = recv(std::max(left, ms(1)));
            if (j.value("type", "") == type)
                return j;
        }
    }

    /**
     * Waits until the server ends the connection (close frame or end of stream), reading
     * and discarding whatever comes before. True if it did within `timeout`.
     */
    bool wait_closed(ms timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        try {
            while (std::chrono::steady_clock::now() < deadline) {
                if (!read_text(std::chrono::duration_cast<ms>(deadline -
                                                              std::chrono::steady_clock::now())))
                    return false;
            }
        } catch (const std::runtime_error&) {
            return true;
        }
        return false;
    }

    /**
     * Reads what the socket has without waiting and hands every complete text message to
     * `on_text`. For driving many connections from one poll() loop. Returns false once the
     * connection has ended (the messages before the end are still delivered).
     */
    template <class OnText> bool pump(OnText&& on_text) {
        if (fd_ < 0)
            return false;
        char tmp[65536];
        for (;;) {
            const ssize_t n = ::recv(fd_, tmp, sizeof tmp, MSG_DONTWAIT);
            if (n > 0) {
                buf_.append(tmp, static_cast<std::size_t>(n));
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
                eof_ = true;
            break;
        }
        try {
            while (auto f = next_frame()) {
                if (auto text = handle(*f))
                    each_message(*text, [&](const std::string& m) { on_text(m); });
            }
        } catch (const std::runtime_error&) {
            eof_ = true; // a close frame
        }
        return !eof_;
    }

    /**
     * Calls fn with each protocol message of one WebSocket message: the text itself, or
     * each element of a batch (a JSON array of messages, docs/protocol.md "Batches").
     */
    template <class Fn> static void each_message(const std::string& text, Fn&& fn) {
        if (text.empty() || text.front() != '[') {
            fn(text);
            return;
        }
        for (const json& m : json::parse(text))
            fn(m.dump());
    }

private:
    static std::string lower(std::string s) {
        for (auto& c : s)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    }

    void start_tls(SSL_CTX* ctx) {
        ssl_ = SSL_new(ctx);
        SSL_set_fd(ssl_, fd_);
        SSL_set_tlsext_host_name(ssl_, host_.c_str());
        // The certificate must name the address we connect to (IP SAN).
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), host_.c_str());
        if (SSL_connect(ssl_) != 1) {
            char err[256] = {};
            ERR_error_string_n(ERR_get_error(), err, sizeof err);
            drop();
            throw std::runtime_error(std::string("raw_ws: TLS handshake failed: ") + err);
        }
    }

    /** Reads more bytes into buf_, waiting until `deadline`. False on timeout; throws at end. */
    bool fill(std::chrono::steady_clock::time_point deadline) {
        if (fd_ < 0 || eof_)
            throw std::runtime_error("raw_ws: connection closed");
        if (!(ssl_ && SSL_pending(ssl_) > 0)) {
            for (;;) {
                const auto left =
                    std::chrono::duration_cast<ms>(deadline - std::chrono::steady_clock::now());
                if (left.count() <= 0)
                    return false;
                pollfd p{fd_, POLLIN, 0};
                const int r = ::poll(&p, 1, static_cast<int>(left.count()));
                if (r < 0 && errno == EINTR)
                    continue;
                if (r == 0)
                    return false;
                break;
            }
        }
        char tmp[65536];
        ssize_t n = 0;
        if (ssl_) {
            n = SSL_read(ssl_, tmp, sizeof tmp);
        } else {
            do
                n = ::recv(fd_, tmp, sizeof tmp, 0);
            while (n < 0 && errno == EINTR);
        }
        if (n <= 0) {
            eof_ = true;
            throw std::runtime_error("raw_ws: connection closed by the server");
        }
        buf_.append(tmp, static_cast<std::size_t>(n));
        return true;
    }

    /** A complete frame from buf_ (continuations joined), or nullopt when more is needed. */
    std::optional<frame> next_frame() {
        std::size_t at = 0;
        frame out;
        bool first = true;
        for (;;) {
            if (buf_.size() < at + 2)
                return std::nullopt;
            const auto b0 = static_cast<unsigned char>(buf_[at]);
            const auto b1 = static_cast<unsigned char>(buf_[at + 1]);
            std::uint64_t len = b1 & 0x7f;
            std::size_t head = 2;
            if (len == 126) {
                if (buf_.size() < at + 4)
                    return std::nullopt;
                len = (std::uint64_t(static_cast<unsigned char>(buf_[at + 2])) << 8) |
                      static_cast<unsigned char>(buf_[at + 3]);
                head = 4;
            } else if (len == 127) {
                if (buf_.size() < at + 10)
                    return std::nullopt;
                len = 0;
                for (int i = 0; i < 8; ++i)
                    len = (len << 8) | static_cast<unsigned char>(buf_[at + 2 + i]);
                head = 10;
            }
            if (buf_.size() < at + head + len)
                return std::nullopt;
            const int op = b0 & 0x0f;
            if (op >= 8 && first) {
                // A control frame stands alone (it may arrive between fragments too, which
                // the server never does: it does not fragment).
                out.opcode = op;
                out.payload = buf_.substr(at + head, len);
                buf_.erase(0, at + head + len);
                return out;
            }
            if (first)
                out.opcode = op;
            first = false;
            out.payload.append(buf_, at + head, len);
            at += head + len;
            if (b0 & 0x80) {
                buf_.erase(0, at);
                return out;
            }
        }
    }

    /** Deals with control frames; returns the text of a data frame. Throws on close. */
    std::optional<std::string> handle(frame& f) {
        if (f.opcode == 9) {
            if (answer_pings)
                write_all(encode(10, f.payload));
            return std::nullopt;
        }
        if (f.opcode == 10)
            return std::nullopt;
        if (f.opcode == 8) {
            close_code_ = f.payload.size() >= 2 ? (static_cast<unsigned char>(f.payload[0]) << 8) |
                                                      static_cast<unsigned char>(f.payload[1])
                                                : 1005;
            eof_ = true;
            throw std::runtime_error("raw_ws: close frame " + std::to_string(close_code_));
        }
        return std::move(f.payload);
    }

public:
    /** The close code the server sent, or 0. */
    int close_code() const { return close_code_; }

    /** A masked client frame. */
    static std::string encode(int opcode, std::string_view payload) {
        std::string out;
        out.push_back(static_cast<char>(0x80 | opcode));
        const std::size_t n = payload.size();
        if (n < 126) {
            out.push_back(static_cast<char>(0x80 | n));
        } else if (n < 65536) {
            out.push_back(static_cast<char>(0x80 | 126));
            out.push_back(static_cast<char>(n >> 8));
            out.push_back(static_cast<char>(n & 0xff));
        } else {
            out.push_back(static_cast<char>(0x80 | 127));
            for (int i = 7; i >= 0; --i)
                out.push_back(static_cast<char>((std::uint64_t(n) >> (8 * i)) & 0xff));
        }
        thread_local std::mt19937 rng{std::random_device{}()};
        const std::uint32_t key = rng();
        const char mask[4] = {static_cast<char>(key), static_cast<char>(key >> 8),
                              static_cast<char>(key >> 16), static_cast<char>(key >> 24)};
        out.append(mask, 4);
        for (std::size_t i = 0; i < n; ++i)
            out.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
        return out;
    }

private:
    std::string host_;
    int port_ = 0;
    int fd_ = -1;
    SSL* ssl_ = nullptr;
    bool eof_ = false;
    int close_code_ = 0;
    std::string buf_;
    std::deque<std::string> split_; // the rest of a batch, for read_text
};

} // namespace kring::raw
