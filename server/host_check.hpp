// Which Host and Origin headers name this server (docs/security.md, "Host and Origin").
//
// A browser sends the page's origin with every WebSocket upgrade (Origin) and the name it
// used to reach the server with every request (Host). A foreign web page that the
// facilitator visits can open ws://127.0.0.1:PORT/ws (its Origin gives it away), or make a
// name of its own resolve to this machine (DNS rebinding: its Host gives it away). So:
// - every HTTP request and every upgrade from a browser (one with an Origin) must carry a
//   Host that is one of the server's own names:
//   an address of this machine (looked up again when an unknown one arrives: a laptop
//   changes networks), localhost, the machine's host name, the host of --public-url, or a
//   name given with --allowed-hosts; anything else is answered 421;
// - a WebSocket upgrade with an Origin is accepted only when that Origin is the server's
//   own: the origin of --public-url, or the Host it was reached by (same host and port)
//   when that Host is one of its own names; anything else (including "null") is 403.
//   Clients that are not browsers (the console, scripts) send no Origin and are not
//   affected.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kring::server {

/** A host and port as written in a Host header or URL authority. */
struct authority {
    std::string host;        // lower case, without brackets or trailing dot
    std::optional<int> port; // when written
};

/** Parses "name", "name:port", "1.2.3.4:80", "[::1]:8080"; nullopt when malformed. */
std::optional<authority> parse_authority(std::string_view text);

/** An origin "scheme://host[:port]" with the port made explicit (80, 443 by scheme). */
struct origin {
    std::string scheme; // "http" or "https"
    std::string host;
    int port = 0;
};

/** Parses an Origin header or the start of a URL; nullopt for "null" or anything else. */
std::optional<origin> parse_origin(std::string_view text);

/** Represents the server's own names. Thread-safe. */
class host_policy {
public:
    struct settings {
        /** --public-url ("" when not given). */
        std::string public_url;
        /** --allowed-hosts: further names (or addresses) that reach this server. */
        std::vector<std::string> allowed_hosts;
        /** This machine's host name ("" to leave it out). */
        std::string host_name;
        /** This machine's addresses; called at start and when an unknown address arrives. */
        std::function<std::vector<std::string>()> local_addresses;
    };

    explicit host_policy(settings s);

    /** True when a Host header value names this server. */
    bool host_allowed(std::string_view host) const;

    /** True when an upgrade's Origin (with the request's Host) is this server's own page. */
    bool origin_allowed(std::string_view origin_header, std::string_view host) const;

private:
    bool address_is_local(const std::string& address) const;

    settings settings_;
    std::vector<std::string> names_; // lower case: localhost, host name, public host, allowed
    std::optional<origin> public_origin_;
    mutable std::mutex mutex_; // guards the fields below
    mutable std::vector<std::string> addresses_;
    mutable std::chrono::steady_clock::time_point looked_up_;
};

/** Every address of this machine's interfaces (IPv4 and IPv6, loopback included). */
std::vector<std::string> machine_addresses();

/** This machine's host name, lower case ("" when unknown). */
std::string machine_host_name();

} // namespace kring::server
