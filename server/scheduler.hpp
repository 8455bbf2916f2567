// A Boost-free way for rooms to run work later on the server's threads.
#pragma once

#include <chrono>
#include <functional>

namespace kring::server {

/** Represents somewhere to run short jobs, now or after a delay, on a worker thread. */
class scheduler {
public:
    virtual ~scheduler() = default;
    /** Runs `job` once, after `delay`, on some worker thread. A no-op once stopped. */
    virtual void after(std::chrono::milliseconds delay, std::function<void()> job) = 0;
};

} // namespace kring::server
