// The room and client logic without a network, against a store whose commits the test
// controls: acks wait for durability, and a failed write leaves nothing applied.

#include "member.hpp"
#include "room_registry.hpp"
#include "scheduler.hpp"
#include "security.hpp"
#include "store.hpp"

#include "kring/content.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_room_test {

using nlohmann::json;
using namespace kring;
using namespace kring::server;

namespace {

/** A store that commits (or fails) only when the test says so. */
class manual_store final : public store {
public:
    void replay(const replay_fn&) override {}
    void append(batch b) override { queue_.push_back(std::move(b)); }
    std::vector<completion> discard_queued(const std::string& session_id) override {
        std::vector<completion> out;
        for (auto it = queue_.begin(); it != queue_.end();) {
            if (it->session_id == session_id) {
                out.push_back(std::move(it->done));
                it = queue_.erase(it);
            } else {
                ++it;
            }
        }
        return out;
    }
    void close() override {}
    std::string describe() const override { return "memory"; }

    std::size_t queued() const { return queue_.size(); }
    /** Completes the oldest batch as the writer thread would, after its transaction. */
    void finish_next(bool durable) {
        REQUIRE(!queue_.empty());
        batch b = std::move(queue_.front());
        queue_.pop_front();
        if (durable)
            stored_ += b.events.size();
        b.done(durable);
    }
    /** The oldest n batches in one transaction: all durable or all failed. */
    void finish_group(std::size_t n, bool durable) {
        REQUIRE(queue_.size() >= n);
        std::vector<batch> group;
        for (std::size_t i = 0; i < n; ++i) {
            group.push_back(std::move(queue_.front()));
            queue_.pop_front();
        }
        for (auto& b : group) {
            if (durable)
                stored_ += b.events.size();
            b.done(durable);
        }
    }
    std::size_t stored() const { return stored_; }

private:
    std::deque<batch> queue_;
    std::size_t stored_ = 0;
};

/** Keeps the rooms' jobs until the test runs them. */
class manual_scheduler final : public scheduler {
public:
    void after(std::chrono::milliseconds, std::function<void()> job) override {
        jobs_.push_back(std::move(job));
    }
    void run_all() {
        auto jobs = std::move(jobs_);
        jobs_.clear();
        for (auto& j : jobs)
            j();
    }

private:
    std::vector<std::function<void()>> jobs_;
};

/** Records what a connection would have sent. */
class recording_transport final : public transport {
public:
    std::string remote_address() const override { return "127.0.0.1"; }
    bool from_browser() const override { return false; }
    void end() override {}
    void send(std::shared_ptr<const std::string> msg, message_kind kind) override {
        std::lock_guard lock(mutex_);
        sent_.push_back({json::parse(*msg), kind == message_kind::view});
    }
    /** Everything sent since the last call. */
    std::vector<json> take() {
        std::lock_guard lock(mutex_);
        std::vector<json> out;
        for (auto& [j, v] : sent_)
            out.push_back(std::move(j));
        sent_.clear();
        return out;
    }

private:
    std::mutex mutex_;
    std::vector<std::pair<json, bool>> sent_;
};

/**
 * A recording transport that can hold the next view inside send() until the test lets it
 * go, as a slow send holds a broadcast in the middle of queuing its views.
 */
class gated_transport final : public transport {
public:
    std::string remote_address() const override { return "127.0.0.1"; }
    bool from_browser() const override { return false; }
    void end() override {}
    void send(std::shared_ptr<const std::string> msg, message_kind kind) override {
        std::unique_lock lock(mutex_);
        if (armed_ && kind == message_kind::view) {
            armed_ = false;
            held_ = true;
            cv_.notify_all();
            cv_.wait(lock, [&] { return !held_; });
        }
        sent_.push_back(json::parse(*msg));
    }
    void arm() {
        std::lock_guard lock(mutex_);
        armed_ = true;
    }
    void wait_held() {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [&] { return held_; });
    }
    void release() {
        std::lock_guard lock(mutex_);
        held_ = false;
        cv_.notify_all();
    }
    std::vector<json> sent() {
        std::lock_guard lock(mutex_);
        return sent_;
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool armed_ = false, held_ = false;
    std::vector<json> sent_;
};

content_bundle small_content() {
    template_def t;
    t.id = "t";
    t.title = {"Test", "Test"};
    t.description = {"Test", "Test"};
    step_def st;
    st.id = "s1";
    st.kind = activity_kind::traffic_light;
    st.title = {"Stap", "Step"};
    st.prompt = default_traffic_light_prompt();
    st.items = {{"a", {"A", "A"}, {}, {}, {}}, {"b", {"B", "B"}, {}, {}, {}}};
    t.agenda.template_id = "t";
    t.agenda.title = t.title;
    t.agenda.steps = {st};
    content_bundle c;
    c.templates["t"] = t;
    return c;
}

/** A connection: the client logic plus what it sent. */
struct conn {
    std::shared_ptr<recording_transport> out = std::make_shared<recording_transport>();
    std::shared_ptr<member> c;
    explicit conn(server_context& ctx) : c(std::make_shared<member>(ctx, out)) {}
    void send(const json& j) { c->on_text(j.dump()); }
};

struct fixture {
    manual_store st;
    manual_scheduler timers;
    content_bundle content = small_content();
    room_registry rooms{st, timers, limits{}};
    server_context ctx{
        .rooms = rooms, .content = content, .lim = limits{}, .rate = 1000, .burst = 1000};
};

} // namespace

TEST_CASE("room: nothing is acknowledged before it is durable, and a failed write leaves nothing") {
    fixture f;
    conn fac(f.ctx);

    // Creating waits for the store; a failed write creates nothing, and may be retried.
    fac.send({{"type", "create_session"}, {"seq", 1}, {"protocol_version", 1}, {"template", "t"}});
    CHECK(fac.out->take().empty());
    f.st.finish_next(false);
    auto sent = fac.out->take();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0]["code"] == "store_unavailable");
    CHECK(sent[0]["seq"] == 1);
    CHECK(f.rooms.session_count() == 0);

    fac.send({{"type", "create_session"}, {"seq", 2}, {"protocol_version", 1}, {"template", "t"}});
    f.st.finish_next(true);
    sent = fac.out->take();
    REQUIRE(sent.size() == 3);
    CHECK(sent[0]["type"] == "session_created");
    CHECK(sent[1]["type"] == "welcome");
    CHECK(sent[2]["type"] == "view");
    const std::string code = sent[0]["join_code"];
    auto rm = f.rooms.find(code);
    REQUIRE(rm);

    conn p(f.ctx);
    p.send({{"type", "join"},
            {"seq", 1},
            {"protocol_version", 1},
            {"code", code},
            {"role", "participant"}});
    CHECK(p.out->take().empty()); // the new participant is not durable yet
    f.st.finish_next(true);
    sent = p.out->take();
    REQUIRE(sent.size() == 3);
    CHECK(sent[0]["participant_id"] == 1);

    fac.send({{"type", "control"}, {"seq", 3}, {"action", "open"}, {"step", "s1"}});
    f.st.finish_next(true);
    CHECK(fac.out->take().at(0)["type"] == "ack");

    // Two answers in flight; the first write fails. The second was decided on top of the
    // first, so it must not be written either: both senders hear store_unavailable.
    p.send({{"type", "answer"}, {"seq", 2}, {"step", "s1"}, {"item", "a"}, {"value", "green"}});
    p.send({{"type", "answer"}, {"seq", 3}, {"step", "s1"}, {"item", "b"}, {"value", "red"}});
    CHECK(p.out->take().empty());
    CHECK(f.st.queued() == 2);
    const std::size_t stored_before = f.st.stored();
    f.st.finish_next(false);
    CHECK(f.st.queued() == 0);
    sent = p.out->take();
    REQUIRE(sent.size() == 2);
    CHECK(sent[0]["code"] == "store_unavailable");
    CHECK(sent[0]["seq"] == 2);
    CHECK(sent[1]["code"] == "store_unavailable");
    CHECK(sent[1]["seq"] == 3);
    CHECK(f.st.stored() == stored_before);
    session_state s = rm->committed();
    CHECK(s.steps[0].get<kring::traffic_light::responses>().answered == 0);

    // Afterwards the room works from the durable state again.
    p.send({{"type", "answer"}, {"seq", 4}, {"step", "s1"}, {"item", "b"}, {"value", "orange"}});
    f.st.finish_next(true);
    sent = p.out->take();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0]["type"] == "ack");
    CHECK(sent[0]["seq"] == 4);
    s = rm->committed();
    CHECK(sent[0]["rev"] == s.rev);
    CHECK(s.steps[0].get<kring::traffic_light::responses>().answered == 1);
    CHECK(s.steps[0].get<kring::traffic_light::responses>().tallies[1].orange == 1);
    CHECK(s.steps[0].get<kring::traffic_light::responses>().tallies[0].green == 0);

    // The coalesced broadcast: one view per role, the same text for each member.
    fac.out->take();
    f.timers.run_all();
    const auto views = fac.out->take();
    // The view, and the device list (a participant joined since the facilitator did).
    REQUIRE(views.size() == 2);
    CHECK(views[0]["type"] == "view");
    CHECK(views[0]["rev"] == s.rev);
    CHECK(views[1]["type"] == "devices");
    CHECK(views[1]["devices"].size() == 1);
    // Nothing changed since: no second list.
    f.timers.run_all();
    CHECK(fac.out->take().empty());
}

TEST_CASE("room: two joins in flight get different participant ids") {
    fixture f;
    conn fac(f.ctx);
    fac.send({{"type", "create_session"}, {"seq", 1}, {"protocol_version", 1}, {"template", "t"}});
    f.st.finish_next(true);
    const std::string code = fac.out->take().at(0)["join_code"];

    conn p1(f.ctx), p2(f.ctx);
    const json j{{"type", "join"},
                 {"seq", 1},
                 {"protocol_version", 1},
                 {"code", code},
                 {"role", "participant"}};
    p1.send(j);
    p2.send(j);
    // A join in flight already counts as joining.
    p1.send(j);
    CHECK(p1.out->take().at(0)["code"] == "already_joined");
    f.st.finish_next(true);
    f.st.finish_next(true);
    CHECK(p1.out->take().at(0)["participant_id"] == 1);
    CHECK(p2.out->take().at(0)["participant_id"] == 2);
}

TEST_CASE("room: a failed group commit undoes the whole group and what was queued after it") {
    fixture f;
    conn fac(f.ctx);
    fac.send({{"type", "create_session"}, {"seq", 1}, {"protocol_version", 1}, {"template", "t"}});
    f.st.finish_next(true);
    const std::string code = fac.out->take().at(0)["join_code"];
    auto rm = f.rooms.find(code);
    conn p(f.ctx);
    p.send({{"type", "join"},
            {"seq", 1},
            {"protocol_version", 1},
            {"code", code},
            {"role", "participant"}});
    f.st.finish_next(true);
    fac.send({{"type", "control"}, {"seq", 2}, {"action", "open"}, {"step", "s1"}});
    f.st.finish_next(true);
    p.out->take();
    fac.out->take();

    // Three answers: two in one failing transaction, the third still queued.
    p.send({{"type", "answer"}, {"seq", 2}, {"step", "s1"}, {"item", "a"}, {"value", "green"}});
    p.send({{"type", "answer"}, {"seq", 3}, {"step", "s1"}, {"item", "b"}, {"value", "red"}});
    p.send({{"type", "answer"}, {"seq", 4}, {"step", "s1"}, {"item", "a"}, {"value", "pass"}});
    f.st.finish_group(2, false);
    CHECK(f.st.queued() == 0);
    auto sent = p.out->take();
    REQUIRE(sent.size() == 3);
    for (const auto& m : sent)
        CHECK(m["code"] == "store_unavailable");
    CHECK(rm->committed().steps[0].get<kring::traffic_light::responses>().answered == 0);

    // A new answer is decided on the durable state and goes through.
    p.send({{"type", "answer"}, {"seq", 5}, {"step", "s1"}, {"item", "a"}, {"value", "red"}});
    f.st.finish_group(1, true);
    sent = p.out->take();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0]["type"] == "ack");
    const session_state s = rm->committed();
    CHECK(s.steps[0].get<kring::traffic_light::responses>().tallies[0].red == 1);
    CHECK(s.steps[0].get<kring::traffic_light::responses>().tallies[0].green == 0);
    CHECK(s.steps[0].get<kring::traffic_light::responses>().tallies[1].red == 0);
}

TEST_CASE("security: SHA-256 test vectors, tokens, join codes, constant-time equality") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

    const std::string t1 = new_resume_token(), t2 = new_resume_token();
    CHECK(t1.size() == 22); // 128 bits, base64url without padding
    CHECK(t1 != t2);
    CHECK(
        t1.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
        std::string::npos);
    CHECK(new_facilitator_secret().size() == 32);

    int calls = 0;
    const std::string code = new_join_code([&](const std::string&) { return ++calls < 3; });
    CHECK(calls == 3); // drew again while the code was taken
    CHECK(code.size() == 6);
    CHECK(code.find_first_of("IOL") == std::string::npos);

    CHECK(constant_time_equal("abc", "abc"));
    CHECK_FALSE(constant_time_equal("abc", "abd"));
    CHECK_FALSE(constant_time_equal("abc", "abcd"));
}

TEST_CASE("room: a view for thousands of participants goes out in slices, each of them once") {
    fixture f;
    conn fac(f.ctx);
    fac.send({{"type", "create_session"}, {"seq", 1}, {"protocol_version", 1}, {"template", "t"}});
    f.st.finish_next(true);
    const std::string code = fac.out->take().at(0)["join_code"];

    constexpr std::size_t n = 1200; // more than two slices
    std::vector<std::unique_ptr<conn>> people;
    for (std::size_t i = 0; i < n; ++i) {
        people.push_back(std::make_unique<conn>(f.ctx));
        people.back()->send({{"type", "join"},
                             {"seq", 1},
                             {"protocol_version", 1},
                             {"code", code},
                             {"role", "participant"}});
        f.st.finish_next(true);
    }
    for (auto& p : people)
        p->out->take(); // welcome, mine, view

    auto got_view = [&] {
        std::size_t count = 0;
        for (auto& p : people) {
            const auto sent = p->out->take();
            for (const json& m : sent)
                count += m["type"] == "view" ? 1 : 0;
            CHECK(sent.size() <= 1);
        }
        return count;
    };
    // The joins changed `online`: one broadcast, whose participant view starts a wave.
    f.timers.run_all();
    CHECK(got_view() == 500);
    f.timers.run_all(); // the next slice, wave_gap later
    CHECK(got_view() == 500);
    f.timers.run_all();
    CHECK(got_view() == n - 1000);
    f.timers.run_all(); // nothing left of this wave
    CHECK(got_view() == 0);
}

TEST_CASE("room: a session deleted while a broadcast is queuing its views: the deletion's "
          "session_ended is the last thing its members get") {
    fixture f;
    auto out = std::make_shared<gated_transport>();
    auto fac = std::make_shared<member>(f.ctx, out);
    fac->on_text(
        json{{"type", "create_session"}, {"seq", 1}, {"protocol_version", 1}, {"template", "t"}}
            .dump());
    f.st.finish_next(true);
    const std::string id = out->sent().at(0)["session_id"];
    fac->on_text(json{{"type", "control"}, {"seq", 2}, {"action", "open"}, {"step", "s1"}}.dump());
    f.st.finish_next(true);

    // The broadcast of the opened step stops in the middle of queuing the facilitator's view.
    out->arm();
    std::thread broadcasting([&] { f.timers.run_all(); });
    out->wait_held();
    // Meanwhile the session is deleted; its members are told session_ended. That waits for
    // the broadcast under way (or, before the fix, overtook it).
    std::thread deleting([&] { f.rooms.delete_session(id, {}); });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    out->release();
    broadcasting.join();
    deleting.join();

    const auto sent = out->sent();
    REQUIRE(!sent.empty());
    CHECK(sent.back()["type"] == "error");
    CHECK(sent.back()["code"] == "session_ended");
    std::size_t views_after = 0, seen_error = 0;
    for (const json& m : sent) {
        if (m["type"] == "error" && m["code"] == "session_ended")
            ++seen_error;
        else if (seen_error > 0)
            ++views_after;
    }
    CHECK(seen_error == 1);
    CHECK(views_after == 0);
}
} // namespace kring_test_server_room_test
