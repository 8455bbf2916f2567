// A small synchronous WebSocket client for tests (Boost-free header; Beast in ws_client.cpp).
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace kring::test {

/** Represents one WebSocket connection to kring-server's /ws. Not thread-safe. */
class ws_client {
public:
    /**
     * Connects to ws://host:port/ws, from local_address when given (the peer address the
     * server sees), with `target` instead of /ws when given (/ws?code=…, as clients that know
     * their session connect); throws std::runtime_error on failure.
     */
    explicit ws_client(int port, std::string host = "127.0.0.1", std::string local_address = {},
                       std::string target = "/ws");
    ~ws_client();
    ws_client(const ws_client&) = delete;
    ws_client& operator=(const ws_client&) = delete;

    /** Sends one text frame. */
    void send(const std::string& text);
    /** Sends one binary frame. */
    void send_binary(const std::string& bytes);
    /** Sends one text message as frames of at most frame_bytes (continuation frames). */
    void send_fragmented(const std::string& text, std::size_t frame_bytes);
    /**
     * The next message; throws std::runtime_error on timeout or close. A batch (several
     * messages in one WebSocket message, as a JSON array) is returned one message at a time.
     */
    nlohmann::json recv(std::chrono::milliseconds timeout = std::chrono::seconds(20));
    /** The next message for which pred is true; others are skipped. */
    nlohmann::json recv_until(const std::function<bool(const nlohmann::json&)>& pred,
                              std::chrono::milliseconds timeout = std::chrono::seconds(20));
    /** Sets msg["seq"] to the next number, sends it, returns the reply with that seq. */
    nlohmann::json request(nlohmann::json msg,
                           std::chrono::milliseconds timeout = std::chrono::seconds(20));
    /**
     * The newest message of this type that recv() returned so far (also one that
     * recv_until skipped), or null. For messages sent only on change, like `devices`.
     */
    nlohmann::json last_of(const std::string& type) const;
    /** WebSocket messages received so far, and how many of them were batches. */
    std::size_t frames_received() const;
    std::size_t batches_received() const;
    /** False once the server closed the connection (or a read failed). */
    bool is_open();
    /** The close code the server sent, or 0. */
    int close_code() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
    std::map<std::string, nlohmann::json> last_; // by type
    std::uint64_t next_seq_ = 1;
};

} // namespace kring::test
