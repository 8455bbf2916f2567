// The client's WebSocket link to kring-server (ws://HOST:PORT/ws), run on its own thread.
//
// Implemented: connect, text frames in both directions, keep-alive pings, reconnect with
//              exponential back-off and jitter, an inbox the UI thread swaps out, a wake-up
//              callback (glfwPostEmptyEvent) after every event, a clean stop; plain HTTP GETs
//              of server files (the images of image_choice steps, the photos of photo steps
//              with an `Authorization: Bearer` key), one at a time, bodies as raw bytes; plain
//              HTTP POSTs in the same queue (a floor plan's or an image choice's own image from
//              the console).
// Missing:     TLS (wss://). Kring runs on a local network or behind a TLS-terminating proxy.
//
// This header is Boost-free on purpose: only connection.cpp includes Beast/Asio.
#pragma once

#include "kring/rules.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace kring::client {

/** Something the network thread reports to the UI thread. */
struct net_event {
    enum class kind { connected, message, disconnected, fetched, posted };
    kind what = kind::message;
    /**
     * message: the text frame; disconnected: why (English, for the log); fetched, posted: the
     * target.
     */
    std::string text;
    /** Which connection this belongs to; it increases with every successful connect. */
    std::uint64_t epoch = 0;
    /**
     * fetched, posted: the HTTP status (0 when the request failed on the network) and the body: the
     * response's bytes as they came (a JPEG, a PNG), binary-safe; std::string is only their
     * container.
     */
    int status = 0;
    std::string body;
    /** fetched, posted: the response's Content-Type ("image/jpeg"), or "". */
    std::string content_type;
};

/** One HTTP POST to the server (a step's own image, docs/protocol.md section 7). */
struct http_post {
    /** A path on this connection's server ("/photos/KQWERT"). */
    std::string target;
    /** The key of `Authorization: Bearer` ("" for none; sent only as fetch() sends it). */
    std::string bearer;
    /** More header fields, name and value (visible ASCII and spaces; others are dropped). */
    std::vector<std::pair<std::string, std::string>> headers;
    std::string content_type;
    /** The body's bytes, binary-safe; sent with its Content-Length. */
    std::string body;
};

/** Where the link is now; readable from any thread. */
enum class link_state { connecting, connected, waiting, stopped };

/**
 * Represents the one WebSocket connection of the client, owned by a network thread.
 *
 * Threading: the network thread runs its own io_context and owns the socket. The UI thread
 * calls send() (the text is posted to the network thread and written there, one write at a
 * time) and take() (swaps out the inbox under a short lock). After every event the injected
 * wake callback runs on the network thread, so a UI blocked in glfwWaitEvents redraws.
 * No call from the UI thread ever waits for the network.
 *
 * A lost connection is retried forever with exponential back-off and jitter, as the server's
 * rules say (reconnect_policy: from its defaults until set_policy). Frames sent
 * while disconnected, or for an older epoch, are dropped: after `connected` the app joins
 * again and resends what was not acknowledged.
 */
class connection {
public:
    using wake_fn = std::function<void()>;

    connection(std::string host, std::string port, wake_fn wake);
    ~connection();
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    /** Starts the network thread; it connects at once. */
    void start();
    /** Closes the socket politely (waits at most about a second) and joins the thread. */
    void stop();

    /** Queues a text frame for the connection with this epoch; dropped if that one is gone. */
    void send(std::uint64_t epoch, std::string text);
    /** Drops the current connection (if any) and connects again without delay. */
    void reconnect();
    /** Drops the current connection (if any); the next attempt comes after the back-off. */
    void drop();
    /** The session's join code, sent in the socket's address from the next connection on. */
    void set_code(std::string code);
    /** The back-off from now on (welcome.rules.reconnect): first and largest delay, jitter. */
    void set_policy(const reconnect_policy& p);
    /**
     * Queues `GET target` over plain HTTP: a path on the server ("/images/koffie.png") or an
     * absolute "http://host:port/path". Requests run one at a time on the network thread, each
     * on its own short TCP connection; the answer arrives as a `fetched` event.
     */
    void fetch(std::string target);
    /**
     * The same with `Authorization: Bearer <bearer>` (the photos of a session, docs/protocol.md
     * section 7). A key that is empty or holds anything but visible ASCII is not sent, nor is
     * one for another server than this connection's: the request goes without the header
     * (and the server answers 401).
     */
    void fetch(std::string target, std::string bearer);

    /**
     * Queues `POST` of `p` over plain HTTP, in the same queue as fetch(): one request at a
     * time on the network thread, each on its own short TCP connection. The answer arrives as
     * a `posted` event (its status and body; status 0 when the request failed on the network).
     */
    void post(http_post p);

    /** Everything received since the last call, oldest first. */
    std::vector<net_event> take();

    link_state state() const;
    /** Failed connection attempts since the last successful one. */
    int failures() const;
    /** Milliseconds until the next attempt while waiting, else 0. */
    int retry_in_ms() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace kring::client
