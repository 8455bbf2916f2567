#include "host_check.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>

namespace kring::server {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == '_';
}

std::optional<int> parse_port(std::string_view s) {
    if (s.empty() || s.size() > 5)
        return std::nullopt;
    int port = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return std::nullopt;
        port = port * 10 + (c - '0');
    }
    if (port > 65535)
        return std::nullopt;
    return port;
}

/** The canonical text of an IP address ("::1", "192.168.1.7"), or "" when `s` is none. */
std::string canonical_address(const std::string& s) {
    char buf[INET6_ADDRSTRLEN] = {};
    in_addr v4{};
    if (inet_pton(AF_INET, s.c_str(), &v4) == 1)
        return inet_ntop(AF_INET, &v4, buf, sizeof buf) ? std::string(buf) : std::string();
    in6_addr v6{};
    if (inet_pton(AF_INET6, s.c_str(), &v6) == 1)
        return inet_ntop(AF_INET6, &v6, buf, sizeof buf) ? std::string(buf) : std::string();
    return {};
}

bool is_loopback(const std::string& canonical) {
    return canonical.starts_with("127.") || canonical == "::1";
}

int default_port(const std::string& scheme) {
    return scheme == "https" ? 443 : 80;
}

} // namespace

std::optional<authority> parse_authority(std::string_view text) {
    authority a;
    std::string_view port_part;
    if (text.starts_with('[')) {
        const auto close = text.find(']');
        if (close == std::string_view::npos)
            return std::nullopt;
        const std::string inside(text.substr(1, close - 1));
        in6_addr v6{};
        if (inet_pton(AF_INET6, inside.c_str(), &v6) != 1)
            return std::nullopt;
        a.host = lower(inside);
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest[0] != ':')
                return std::nullopt;
            port_part = rest.substr(1);
            if (port_part.empty())
                return std::nullopt;
        }
    } else {
        const auto colon = text.find(':');
        if (colon != std::string_view::npos) {
            if (text.find(':', colon + 1) != std::string_view::npos)
                return std::nullopt; // IPv6 must be in brackets
            port_part = text.substr(colon + 1);
            if (port_part.empty())
                return std::nullopt;
            text = text.substr(0, colon);
        }
        if (text.empty() || !std::all_of(text.begin(), text.end(), name_char))
            return std::nullopt;
        a.host = lower(text);
        if (a.host.size() > 1 && a.host.back() == '.')
            a.host.pop_back();
        if (a.host.empty() || a.host == ".")
            return std::nullopt;
    }
    if (!port_part.empty()) {
        a.port = parse_port(port_part);
        if (!a.port)
            return std::nullopt;
    }
    return a;
}

namespace {

std::optional<origin> parse_origin_text(std::string_view text, bool allow_path) {
    const auto sep = text.find("://");
    if (sep == std::string_view::npos)
        return std::nullopt;
    origin o;
    o.scheme = lower(text.substr(0, sep));
    if (o.scheme != "http" && o.scheme != "https")
        return std::nullopt;
    std::string_view rest = text.substr(sep + 3);
    const auto end = rest.find_first_of("/?#");
    if (end != std::string_view::npos) {
        if (!allow_path)
            return std::nullopt;
        rest = rest.substr(0, end);
    }
    if (rest.find('@') != std::string_view::npos)
        return std::nullopt;
    auto a = parse_authority(rest);
    if (!a)
        return std::nullopt;
    o.host = std::move(a->host);
    o.port = a->port.value_or(default_port(o.scheme));
    return o;
}

} // namespace

std::optional<origin> parse_origin(std::string_view text) {
    return parse_origin_text(text, false);
}

host_policy::host_policy(settings s) : settings_(std::move(s)) {
    names_.push_back("localhost");
    if (!settings_.host_name.empty()) {
        names_.push_back(lower(settings_.host_name));
        names_.push_back(lower(settings_.host_name) + ".local"); // the same machine by mDNS
    }
    if (!settings_.public_url.empty()) {
        public_origin_ = parse_origin_text(settings_.public_url, true);
        if (public_origin_)
            names_.push_back(public_origin_->host);
    }
    for (const auto& h : settings_.allowed_hosts) {
        if (auto a = parse_authority(h))
            names_.push_back(a->host);
    }
    // Addresses among the names are compared in their canonical form.
    for (auto& n : names_)
        if (std::string c = canonical_address(n); !c.empty())
            n = c;
    if (settings_.local_addresses)
        addresses_ = settings_.local_addresses();
    looked_up_ = std::chrono::steady_clock::now();
}

bool host_policy::address_is_local(const std::string& address) const {
    std::lock_guard lock(mutex_);
    auto known = [&] {
        return std::any_of(addresses_.begin(), addresses_.end(),
                           [&](const std::string& a) { return canonical_address(a) == address; });
    };
    if (known())
        return true;
    // A laptop that joined another network since start-up has a new address: look again,
    // at most once a second (the lookup is a system call, and this is reachable by anyone).
    const auto now = std::chrono::steady_clock::now();
    if (!settings_.local_addresses || now - looked_up_ < std::chrono::seconds(1))
        return false;
    looked_up_ = now;
    addresses_ = settings_.local_addresses();
    return known();
}

bool host_policy::host_allowed(std::string_view host) const {
    const auto a = parse_authority(host);
    if (!a)
        return false;
    if (a->host == "localhost" || a->host.ends_with(".localhost"))
        return true; // always this machine (RFC 6761)
    const std::string address = canonical_address(a->host);
    const std::string& key = address.empty() ? a->host : address;
    if (std::find(names_.begin(), names_.end(), key) != names_.end())
        return true;
    if (address.empty())
        return false;
    return is_loopback(address) || address_is_local(address);
}

bool host_policy::origin_allowed(std::string_view origin_header, std::string_view host) const {
    const auto o = parse_origin(origin_header);
    if (!o)
        return false;
    if (public_origin_ && o->scheme == public_origin_->scheme && o->host == public_origin_->host &&
        o->port == public_origin_->port)
        return true;
    const auto a = parse_authority(host);
    if (!a)
        return false;
    // An address in its canonical form ([::1] and [0::1] are one host), a name as it is.
    auto canonical_host = [](const std::string& h) {
        std::string c = canonical_address(h);
        return c.empty() ? h : c;
    };
    if (canonical_host(o->host) != canonical_host(a->host) ||
        o->port != a->port.value_or(default_port(o->scheme)))
        return false;
    return host_allowed(host);
}

std::vector<std::string> machine_addresses() {
    std::vector<std::string> out;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0)
        return out;
    for (ifaddrs* a = list; a; a = a->ifa_next) {
        if (!a->ifa_addr)
            continue;
        char buf[INET6_ADDRSTRLEN] = {};
        if (a->ifa_addr->sa_family == AF_INET) {
            const auto* sin = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
            if (inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof buf))
                out.emplace_back(buf);
        } else if (a->ifa_addr->sa_family == AF_INET6) {
            const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(a->ifa_addr);
            if (inet_ntop(AF_INET6, &sin6->sin6_addr, buf, sizeof buf))
                out.emplace_back(buf);
        }
    }
    freeifaddrs(list);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::string machine_host_name() {
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0)
        return {};
    return lower(buf);
}

} // namespace kring::server
