// The network side of kring-server: one port for HTTP (the web page, /healthz) and the
// WebSocket protocol on /ws. All Beast/Asio code lives in net.cpp, net_plain.cpp and
// net_tls.cpp (net_internal.hpp); this header is Boost-free so that the rest of the server
// rebuilds in seconds.
//
// Implemented: listener, HTTP session (static files, /healthz, security headers, limits,
//              timeouts), WebSocket session (text frames, size limit with too_large, bounded
//              send queue with view replacement, keep-alive pings, idle timeout), timers for
//              rooms, TLS (HTTPS and WSS on the same port) from a PEM certificate and key.
// Missing:     reloading the certificate without a restart.
#pragma once

#include "scheduler.hpp"

#include <cstddef>
#include <memory>
#include <string>

namespace kring::server {

struct server_context;

/** Settings of the network layer. */
struct net_config {
    std::string bind = "0.0.0.0";
    unsigned short port = 8080;
    unsigned threads = 1;
    std::size_t max_message = 16384;
    /** Personal messages (acks, errors, replies) a connection may have unsent. */
    std::size_t send_queue_limit = 1024;
    /**
     * Their bytes: a connection that does not read is closed before it holds more (one
     * message alone, such as a large export, may exceed it). Views, welcomes, `mine` and
     * device lists are not counted: each replaces the one of its kind still waiting.
     */
    std::size_t send_queue_bytes = 1u << 20;
    /**
     * A WebSocket that sends nothing for this long (not even the answer to the ping sent
     * halfway) is closed; 0 keeps Beast's suggested server timeout (300 s).
     */
    unsigned idle_timeout_s = 0;
    /** PEM files; both set: every connection is TLS (HTTPS and WSS), else plain. */
    std::string tls_cert;
    std::string tls_key;
};

/**
 * Represents the io_context, its threads and the listener. Life cycle:
 * construct -> timers() usable -> listen() -> run() -> stop() (from any thread but its own).
 */
class net_server {
public:
    explicit net_server(net_config cfg);
    ~net_server();
    net_server(const net_server&) = delete;
    net_server& operator=(const net_server&) = delete;

    /** Runs jobs on the io threads; a no-op after stop(). */
    scheduler& timers();

    /**
     * Loads the TLS certificate and key when configured, binds and listens; throws
     * std::runtime_error (e.g. port in use, unreadable certificate, key not matching it).
     */
    void listen(server_context& ctx);
    /** The port actually bound (useful with port 0). */
    unsigned short port() const;
    /** Starts the threads; returns at once. */
    void run();
    /** Stops accepting, drops connections, joins the threads. Idempotent. */
    void stop();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace kring::server
