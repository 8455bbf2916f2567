// Join codes are short (6 letters), so they must not be guessable at speed: this guard
// counts failed joins (unknown join code) per network address and refuses joins from an
// address that failed too often until its window has passed.
//
// Implemented: a fixed window per address (default 10 failures a minute), IPv6 addresses
//              counted per /64 (one subscriber usually holds a whole /64), IPv4-mapped IPv6
//              counted as IPv4, bounded memory (the least recently started windows are
//              forgotten first), thread-safe.
// Missing:     nothing needed by protocol v1.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kring::server {

/** Represents the failed-join counts of recent addresses. Thread-safe. */
class join_guard {
public:
    using clock = std::chrono::steady_clock;

    struct settings {
        /** Failed joins allowed per address and window; one more is refused. */
        std::size_t max_failures = 10;
        std::chrono::seconds window{60};
        /** Addresses remembered at most; bounds the memory an attacker can make us use. */
        std::size_t max_addresses = 4096;
    };

    join_guard() : join_guard(settings{}) {}
    explicit join_guard(settings s);

    /** True when joins from this address are refused now (rate_limited). */
    bool blocked(std::string_view address, clock::time_point now = clock::now());
    /** Records a failed join from this address. */
    void failed(std::string_view address, clock::time_point now = clock::now());

    /** Addresses remembered now (for tests of the memory bound). */
    std::size_t tracked() const;

    /**
     * The key an address is counted under: IPv4 as is, IPv4-mapped IPv6 as its IPv4,
     * other IPv6 as its /64 prefix; anything unparsable as is.
     */
    static std::string key_of(std::string_view address);

private:
    struct entry {
        std::string key;
        clock::time_point started;
        std::size_t failures = 0;
    };
    using order = std::list<entry>; // oldest window first

    bool expired(const entry& e, clock::time_point now) const;

    settings settings_;
    mutable std::mutex mutex_; // guards the fields below
    order entries_;
    std::unordered_map<std::string, order::iterator> by_key_;
};

/**
 * Counts the open connections per address (keyed as join_guard::key_of: IPv6 per /64) and
 * refuses one more than the cap. Thread-safe.
 */
class connection_counter {
public:
    /** `max_per_address` 0: no cap. */
    explicit connection_counter(std::size_t max_per_address) : max_(max_per_address) {}

    /** Takes a place for a new connection from `address`; false when it has the cap. */
    bool acquire(std::string_view address);
    /** Gives back the place of a connection that ended. */
    void release(std::string_view address);
    /** Connections open now from this address (its key). */
    std::size_t open(std::string_view address) const;
    /** Connections ended since start (given back with release). */
    std::uint64_t ended() const { return ended_.load(std::memory_order_relaxed); }

private:
    std::size_t max_;
    std::atomic<std::uint64_t> ended_{0};
    mutable std::mutex mutex_; // guards open_
    std::unordered_map<std::string, std::size_t> open_;
};

} // namespace kring::server
