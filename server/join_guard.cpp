#include "join_guard.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <iterator>

namespace kring::server {

join_guard::join_guard(settings s) : settings_(s) {
    if (settings_.max_addresses == 0)
        settings_.max_addresses = 1;
}

std::string join_guard::key_of(std::string_view address) {
    const std::string text(address);
    std::array<unsigned char, 16> v6{};
    if (::inet_pton(AF_INET6, text.c_str(), v6.data()) != 1)
        return text; // IPv4, or something that is not an address: counted as given
    static constexpr std::array<unsigned char, 12> mapped = {0, 0, 0, 0, 0,    0,
                                                             0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(mapped.begin(), mapped.end(), v6.begin())) {
        char v4[INET_ADDRSTRLEN];
        if (::inet_ntop(AF_INET, v6.data() + 12, v4, sizeof v4))
            return v4;
    }
    // One subscriber usually gets a whole /64: counting each address of it apart would
    // give an attacker 2^64 fresh budgets.
    std::fill(v6.begin() + 8, v6.end(), 0);
    char out[INET6_ADDRSTRLEN];
    if (!::inet_ntop(AF_INET6, v6.data(), out, sizeof out))
        return text;
    return std::string(out) + "/64";
}

bool join_guard::expired(const entry& e, clock::time_point now) const {
    return now - e.started >= settings_.window;
}

bool join_guard::blocked(std::string_view address, clock::time_point now) {
    const std::string key = key_of(address);
    std::lock_guard lock(mutex_);
    const auto it = by_key_.find(key);
    if (it == by_key_.end())
        return false;
    const entry& e = *it->second;
    if (expired(e, now)) {
        // Cooled down: forget the address, so it starts with a fresh budget.
        entries_.erase(it->second);
        by_key_.erase(it);
        return false;
    }
    return e.failures >= settings_.max_failures;
}

void join_guard::failed(std::string_view address, clock::time_point now) {
    std::string key = key_of(address);
    std::lock_guard lock(mutex_);
    if (const auto it = by_key_.find(key); it != by_key_.end()) {
        if (!expired(*it->second, now)) {
            ++it->second->failures;
            return;
        }
        // A new window: it moves to the back of the order.
        entries_.erase(it->second);
        by_key_.erase(it);
    }
    // Windows start in time order, so the front is always the oldest: drop what has
    // expired, then, when still full, the oldest address.
    while (!entries_.empty() &&
           (expired(entries_.front(), now) || entries_.size() >= settings_.max_addresses)) {
        by_key_.erase(entries_.front().key);
        entries_.pop_front();
    }
    entries_.push_back(entry{key, now, 1});
    by_key_.emplace(std::move(key), std::prev(entries_.end()));
}

std::size_t join_guard::tracked() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

bool connection_counter::acquire(std::string_view address) {
    std::string key = join_guard::key_of(address);
    std::lock_guard lock(mutex_);
    auto& n = open_[std::move(key)];
    if (max_ != 0 && n >= max_)
        return false;
    ++n;
    return true;
}

void connection_counter::release(std::string_view address) {
    const std::string key = join_guard::key_of(address);
    ended_.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock(mutex_);
    const auto it = open_.find(key);
    if (it == open_.end())
        return;
    if (--it->second == 0)
        open_.erase(it); // the map holds only addresses with open connections
}

std::size_t connection_counter::open(std::string_view address) const {
    const std::string key = join_guard::key_of(address);
    std::lock_guard lock(mutex_);
    const auto it = open_.find(key);
    return it == open_.end() ? 0 : it->second;
}

} // namespace kring::server
