// What the SQLite and the PostgreSQL store share: the queue between the rooms and the store's
// one writer thread, and the per-session records kept in memory. Boost-free, header-only.
#pragma once

#include "store.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace kring::server {

/**
 * Represents the queue of batches waiting for a store's writer thread. The writer (`body`,
 * which loops on take()) starts with the first batch, so it never runs during replay.
 */
class batch_queue {
public:
    explicit batch_queue(std::function<void()> body) : body_(std::move(body)) {}
    ~batch_queue() { close(); }
    batch_queue(const batch_queue&) = delete;
    batch_queue& operator=(const batch_queue&) = delete;

    /** Queues `b`; after close() nothing is written, and its completion says so at once. */
    void push(store::batch b) {
        {
            std::lock_guard lock(mutex_);
            if (!closing_) {
                queue_.push_back(std::move(b));
                if (!writer_.joinable())
                    writer_ = std::thread(body_);
                wake_.notify_one();
                return;
            }
        }
        if (b.done)
            b.done(false);
    }

    /**
     * The writer's wait: everything queued, swapped into `work`. False once closing and
     * drained (the writer then returns).
     */
    bool take(std::deque<store::batch>& work) {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
        if (queue_.empty())
            return false;
        work.swap(queue_);
        return true;
    }

    /**
     * Takes back every queued batch of the session that changes it (not a deletion or a
     * lease release, which do not build on a failed write) and returns their completions.
     */
    std::vector<store::completion> discard(const std::string& session_id) {
        std::vector<store::completion> out;
        std::lock_guard lock(mutex_);
        for (auto it = queue_.begin(); it != queue_.end();) {
            if (it->session_id == session_id && !it->erase && !it->release) {
                out.push_back(std::move(it->done));
                it = queue_.erase(it);
            } else {
                ++it;
            }
        }
        return out;
    }

    bool closing() const {
        std::lock_guard lock(mutex_);
        return closing_;
    }

    /** Lets the writer drain what is queued and joins it. Idempotent. */
    void close() {
        std::thread writer;
        {
            std::lock_guard lock(mutex_);
            closing_ = true;
            writer = std::move(writer_);
            wake_.notify_one();
        }
        if (writer.joinable())
            writer.join();
    }

private:
    std::function<void()> body_;
    mutable std::mutex mutex_; // guards queue_, closing_ and writer_
    std::condition_variable wake_;
    std::deque<store::batch> queue_;
    bool closing_ = false;
    std::thread writer_;
};

/** Represents what a store knows of each session without reading its events; thread-safe. */
class session_records {
public:
    void put(store::session_record r) {
        std::lock_guard lock(mutex_);
        records_[r.id] = std::move(r);
    }

    std::vector<store::session_record> all() const {
        std::lock_guard lock(mutex_);
        std::vector<store::session_record> out;
        out.reserve(records_.size());
        for (const auto& [id, r] : records_)
            out.push_back(r);
        return out;
    }

    /** After a commit at `at`: what it wrote and erased, in order (the sessions in `skip` not). */
    void note_written(const std::deque<store::batch>& work, std::int64_t at,
                      const std::set<std::string>& skip = {}) {
        std::lock_guard lock(mutex_);
        for (const auto& b : work) {
            if (skip.count(b.session_id))
                continue;
            if (b.erase)
                records_.erase(b.session_id);
            if (b.events.empty())
                continue;
            store::session_record& r = records_[b.session_id];
            r.id = b.session_id;
            r.last_at = std::max(r.last_at, at);
            r.events += b.events.size();
        }
    }

private:
    mutable std::mutex mutex_; // guards records_
    std::map<std::string, store::session_record> records_;
};

} // namespace kring::server
