// Each role at its own pace (docs/protocol.md, "How often views come"): while a room answers a
// live step, a phone gets the changing results at most twice a second, and what it must see at
// once (a step closed) still comes at once.
#include "helpers.hpp"

#include "kring/wire.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace kring_test_server_pace_test {

using namespace kring::test;
using clock_type = std::chrono::steady_clock;

/** Every message a phone gets, with the time it came, read on a thread of its own. */
class phone_log {
public:
    struct seen {
        clock_type::time_point at;
        json msg;
    };

    explicit phone_log(ws_client& phone) : phone_(phone), reader_([this] { read(); }) {}
    ~phone_log() {
        stop_ = true;
        reader_.join();
    }
    phone_log(const phone_log&) = delete;
    phone_log& operator=(const phone_log&) = delete;

    /** The views that came from `from` on. */
    std::vector<seen> views_since(clock_type::time_point from) const {
        std::lock_guard lock(mutex_);
        std::vector<seen> out;
        for (const auto& x : log_)
            if (x.at >= from && is_type(x.msg, "view"))
                out.push_back(x);
        return out;
    }

    /** Every message that came from `from` on. */
    std::vector<seen> all_since(clock_type::time_point from) const {
        std::lock_guard lock(mutex_);
        std::vector<seen> out;
        for (const auto& x : log_)
            if (x.at >= from)
                out.push_back(x);
        return out;
    }

    /** Seconds from `from` to the first view after it in which step `step` is closed; -1 if
     * none came within 3 s. */
    double seconds_until_closed(clock_type::time_point from, const std::string& step) const {
        for (int i = 0; i < 300; ++i) {
            for (const auto& x : views_since(from))
                if (step_of(x.msg, step)["phase"] == "closed")
                    return std::chrono::duration<double>(x.at - from).count();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return -1;
    }

private:
    void read() {
        while (!stop_) {
            try {
                json m = phone_.recv(std::chrono::milliseconds(100));
                std::lock_guard lock(mutex_);
                log_.push_back({clock_type::now(), std::move(m)});
            } catch (const std::exception&) {
            }
        }
    }

    ws_client& phone_;
    mutable std::mutex mutex_; // guards log_
    std::vector<seen> log_;
    std::atomic<bool> stop_{false};
    std::thread reader_; // last: it starts reading once the rest is made
};
using seen = phone_log::seen;

/** A session whose step "visie" is open with its results live, and `n` answering phones. */
struct live_room {
    ws_client fac;
    session_info s;
    std::vector<std::unique_ptr<ws_client>> phones;

    live_room(const server_process& srv, int n) : fac(srv.port()) {
        s = create_session(fac, "stoplicht-visie");
        control(fac, "open", "visie");
        steer_ok(fac, "set_live", "visie", {{"on", true}});
        for (int i = 0; i < n; ++i) {
            phones.push_back(std::make_unique<ws_client>(srv.port()));
            join(*phones.back(), s.code, "participant");
        }
    }

    /**
     * Answers for `how_long`, the phones in turn, each answer changing the live result and
     * acknowledged before the next (after `pause`); the count of answers.
     */
    int answer_for(std::chrono::seconds how_long, std::chrono::milliseconds pause = {}) {
        const char* values[] = {"green", "orange", "red"};
        const auto n = static_cast<int>(phones.size());
        const auto t0 = clock_type::now();
        int answers = 0;
        while (clock_type::now() - t0 < how_long) {
            ws_client& p = *phones[static_cast<std::size_t>(answers % n)];
            const json r =
                answer(p, "visie", item_id("visie", 1 + (answers / n) % visie_statements),
                       values[answers % 3]);
            REQUIRE_MESSAGE(is_type(r, "ack"), r.dump());
            ++answers;
            if (pause.count() > 0)
                std::this_thread::sleep_for(pause);
        }
        return answers;
    }
};

/**
 * The facilitator closes step "visie": the phone that `log` watches sees it within 0.4 s (the
 * pace of what a phone must see at once is 50 ms; results may wait 500 ms or more).
 */
void closed_at_once(ws_client& fac, const phone_log& log) {
    const auto closed_at = clock_type::now();
    control(fac, "close", "visie");
    const double waited = log.seconds_until_closed(closed_at, "visie");
    MESSAGE("the phone saw the step closed after " << waited << " s");
    REQUIRE(waited >= 0);
    CHECK(waited < 0.4);
}

TEST_CASE("pace: a phone gets live results at most twice a second while 100 others answer, and "
          "a step closed at once") {
    server_process srv;
    live_room room(srv, 100);
    ws_client& fac = room.fac;

    // The phone that watches: every message it gets, with the time it came.
    ws_client phone(srv.port());
    join(phone, room.s.code, "participant");
    const phone_log log(phone);

    // 3 s of answers, every one changing the live result (acknowledged one by one).
    const auto t0 = clock_type::now();
    const int answers = room.answer_for(std::chrono::seconds(3));
    const double seconds = std::chrono::duration<double>(clock_type::now() - t0).count();

    // Views whose results changed, while the others answered.
    auto results_views = [&] {
        std::vector<seen> out;
        json last = nullptr;
        for (auto& x : log.views_since(t0))
            if (x.msg["results"] != last) {
                last = x.msg["results"];
                out.push_back(std::move(x));
            }
        return out;
    };
    // Answers the results of a view count.
    auto counted = [](const seen& v) {
        int n = 0;
        for (const auto& it : v.msg["results"][0]["items"])
            n += it.value("green", 0) + it.value("orange", 0) + it.value("red", 0);
        return n;
    };
    const int expected = std::min(answers, 100 * visie_statements);
    // Wait for the newest results to arrive (within the results' pace: half a second; a
    // loaded machine gets a few seconds).
    std::vector<seen> live = results_views();
    for (int i = 0; i < 300 && (live.empty() || counted(live.back()) != expected); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        live = results_views();
    }
    const std::vector<seen> all = log.views_since(t0);
    const std::size_t views = all.size();
    std::size_t bytes = 0;
    for (const auto& x : all)
        bytes += x.msg.dump().size();
    MESSAGE(answers << " answers in " << seconds << " s (" << answers / seconds
                    << "/s): the phone got " << live.size() << " views with new results, " << views
                    << " views in all, " << bytes << " bytes ("
                    << static_cast<double>(bytes) / seconds * 60 / 1024 << " KiB a minute)");
    // Live results do come, and at most twice a second (and one for the end of the burst).
    CHECK(live.size() >= 2);
    CHECK(static_cast<double>(live.size()) <= seconds * 2 + 2);
    CHECK(static_cast<double>(views) <= seconds * 2 + 4);
    // The last one shows every answer.
    CHECK(counted(live.back()) == expected);

    // Right after a view with new results (when the next results may wait half a second), the
    // step is closed: the phone sees that at once.
    // (Counted before the answer: its view may reach the phone before the answer's ack
    // reaches the one who answered.)
    ws_client& p = *room.phones[0];
    const std::size_t before = results_views().size();
    REQUIRE(is_type(answer(p, "visie", item_id("visie", 1), "pass"), "ack"));
    for (int i = 0; i < 300 && results_views().size() == before; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(results_views().size() > before);
    closed_at_once(fac, log);
}

} // namespace kring_test_server_pace_test

namespace kring_test_server_pace_test {

TEST_CASE("live results on the projector only: the phones keep theirs until reveal, or see them "
          "too when the facilitator says so") {
    server_process srv;
    ws_client fac(srv.port());
    const session_info s = create_session(fac, "stoplicht-visie");
    control(fac, "open", "visie");
    ws_client proj(srv.port()), phone(srv.port());
    join(proj, s.code, "projector");
    join(phone, s.code, "participant");
    REQUIRE(is_type(answer(phone, "visie", item_id("visie", 1), "green"), "ack"));

    // On the projector only.
    steer_ok(fac, "set_live", "visie", {{"on", true}, {"phones", false}});
    const json pv =
        wait_view(proj, [](const json& v) { return step_of(v, "visie")["live"] == true; });
    CHECK(step_of(pv, "visie")["live_phones"] == false);
    CHECK(item_of(pv, "visie", item_id("visie", 1))["green"] == 1);
    const json fv =
        wait_view(fac, [](const json& v) { return step_of(v, "visie")["live"] == true; });
    CHECK(step_of(fv, "visie")["live_phones"] == false);
    // The phone: not live, no result, also in a fresh snapshot.
    const json synced = phone.request({{"type", "sync"}});
    REQUIRE(is_type(synced, "welcome"));
    const json phone_view = phone.recv_until([](const json& j) { return is_type(j, "view"); });
    CHECK(step_of(phone_view, "visie")["live"] == false);
    CHECK(result_of(phone_view, "visie").is_null());
    // The same request again changes nothing.
    steer_ok(fac, "set_live", "visie", {{"on", true}, {"phones", false}});

    // Now on the phones too.
    steer_ok(fac, "set_live", "visie", {{"on", true}, {"phones", true}});
    const json on_phone =
        wait_view(phone, [](const json& v) { return step_of(v, "visie")["live"] == true; });
    CHECK(item_of(on_phone, "visie", item_id("visie", 1))["green"] == 1);
    // Off: hidden again everywhere until reveal.
    steer_ok(fac, "set_live", "visie", {{"on", false}});
    const json off =
        wait_view(phone, [](const json& v) { return step_of(v, "visie")["live"] == false; });
    CHECK(result_of(off, "visie").is_null());
    // A phones field that is no boolean is refused.
    expect_error(fac,
                 {{"type", "control"},
                  {"action", "set_live"},
                  {"step", "visie"},
                  {"on", true},
                  {"phones", "ja"}},
                 "bad_message");
}

} // namespace kring_test_server_pace_test

namespace kring_test_server_pace_test {

TEST_CASE("pace: the phones of a big room share a budget of updates (--phone-updates), and a "
          "step closed still reaches them at once") {
    // 20 updates a second for 21 phones: each phone gets new results about once per 1.05 s.
    server_process srv({"--phone-updates", "20"});
    live_room room(srv, 20);
    ws_client phone(srv.port());
    join(phone, room.s.code, "participant");
    const phone_log log(phone);

    // 4 s of answers, about 50 a second, each changing the live result.
    const auto t0 = clock_type::now();
    const int answers = room.answer_for(std::chrono::seconds(4), std::chrono::milliseconds(20));
    const double seconds = std::chrono::duration<double>(clock_type::now() - t0).count();
    const std::vector<seen> views = log.views_since(t0);
    MESSAGE(answers << " answers in " << seconds << " s: the phone got " << views.size()
                    << " views");
    // Results do come, at the room's pace (21 phones / 20 a second = 1.05 s apart), not
    // twice a second as in a small room: 4 s give at most 5 (the first at once), where the
    // room's own pace would give 9.
    CHECK(views.size() >= 2);
    CHECK(static_cast<double>(views.size()) <= seconds / 1.05 + 1.5);
    for (std::size_t i = 1; i < views.size(); ++i)
        CHECK(std::chrono::duration<double>(views[i].at - views[i - 1].at).count() > 0.95);

    // A step closed goes out at once, whatever the budget.
    closed_at_once(room.fac, log);
}

} // namespace kring_test_server_pace_test

namespace kring_test_server_pace_test {

TEST_CASE("view_update: a phone that asks for them gets the counters and results alone while "
          "answers come in, adds up to the same view, and sees a closed step whole at once") {
    server_process srv;
    live_room room(srv, 100);

    // A wrong type is refused like any field's.
    {
        ws_client bad(srv.port());
        expect_error(bad,
                     {{"type", "join"},
                      {"protocol_version", 1},
                      {"code", room.s.code},
                      {"role", "participant"},
                      {"view_updates", "yes"}},
                     "bad_message");
    }

    // Two phones watch: one takes view_update, one does not.
    ws_client upd(srv.port()), whole(srv.port());
    const join_result joined = join(upd, room.s.code, "participant", {{"view_updates", true}});
    join(whole, room.s.code, "participant");
    const phone_log upd_log(upd), whole_log(whole);

    const auto t0 = clock_type::now();
    const int answers = room.answer_for(std::chrono::seconds(2));
    // After the burst both get the last state (within the results' pace).
    REQUIRE(is_type(room.fac.request({{"type", "sync"}}), "welcome"));
    const std::uint64_t final_rev =
        room.fac.recv_until([](const json& j) { return is_type(j, "view"); })["rev"]
            .get<std::uint64_t>();
    auto last_rev = [](const std::vector<seen>& xs) {
        std::uint64_t rev = 0;
        for (const auto& x : xs)
            if (is_type(x.msg, "view") || is_type(x.msg, "view_update"))
                rev = std::max(rev, x.msg["rev"].get<std::uint64_t>());
        return rev;
    };
    for (int i = 0; i < 500 && (last_rev(upd_log.all_since(t0)) < final_rev ||
                                last_rev(whole_log.all_since(t0)) < final_rev);
         ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const std::vector<seen> got = upd_log.all_since(t0);
    const std::vector<seen> other = whole_log.all_since(t0);
    REQUIRE(last_rev(got) >= final_rev);
    REQUIRE(last_rev(other) >= final_rev);

    // Rebuild the first phone's view: its join view, then every whole view or update in order.
    kring::wire::view mine = joined.view.get<kring::wire::view>();
    std::size_t updates = 0, whole_views = 0, update_bytes = 0, whole_bytes = 0;
    for (const auto& x : got) {
        if (is_type(x.msg, "view_update")) {
            ++updates;
            update_bytes += x.msg.dump().size();
            CHECK_FALSE(x.msg.contains("current")); // the rest of the view is not sent again
            const auto u = x.msg.get<kring::wire::view_update>();
            CHECK_MESSAGE(kring::wire::apply_update(mine, u), x.msg.dump());
        } else if (is_type(x.msg, "view")) {
            ++whole_views;
            mine = x.msg.get<kring::wire::view>();
        }
    }
    kring::wire::view theirs;
    for (const auto& x : other)
        if (is_type(x.msg, "view")) {
            theirs = x.msg.get<kring::wire::view>();
            whole_bytes += x.msg.dump().size();
        }
    MESSAGE(answers << " answers: " << updates << " view_update (" << update_bytes << " bytes) and "
                    << whole_views << " views; the other phone " << whole_bytes
                    << " bytes in views");
    CHECK(updates >= 1);
    CHECK(update_bytes < whole_bytes);
    // Both phones show the same; `now` is when each message was made.
    REQUIRE(mine.rev == theirs.rev);
    mine.now = theirs.now;
    CHECK(mine == theirs);

    // An update older than the view, or for other steps, does not apply.
    kring::wire::view copy = mine;
    kring::wire::view_update stale = kring::wire::update_of(mine);
    CHECK_FALSE(kring::wire::apply_update(copy, stale));
    stale.rev = mine.rev + 1;
    stale.steps.pop_back();
    CHECK_FALSE(kring::wire::apply_update(copy, stale));
    CHECK(copy == mine);

    // A closed step comes whole, at once.
    closed_at_once(room.fac, upd_log);
}

} // namespace kring_test_server_pace_test
