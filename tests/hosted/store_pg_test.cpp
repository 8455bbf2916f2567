// The PostgreSQL event store (server/store_pg.cpp) against a real PostgreSQL 15: durable
// appends in order, replay, erase, the per-session records, migrations from an empty database
// and from the previous version, errors for people, and a restart of PostgreSQL under it.
#include "pg_cluster.hpp"
#include "store_pg.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <future>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace kring_test_hosted_store_pg_test {

using kring::server::open_pg_store;
using kring::server::store;
using kring::test::pg_cluster;

bool append_wait(store& st, const std::string& session, std::vector<std::string> events,
                 bool erase = false) {
    std::promise<bool> done;
    store::batch b;
    b.session_id = session;
    b.events = std::move(events);
    b.erase = erase;
    b.done = [&](bool ok) { done.set_value(ok); };
    st.append(std::move(b));
    return done.get_future().get();
}

std::map<std::string, std::vector<std::string>> replay_all(store& st) {
    std::map<std::string, std::vector<std::string>> out;
    st.replay([&](std::size_t, const std::string& sid, std::string_view json) {
        out[sid].emplace_back(json);
    });
    return out;
}

pg_cluster& cluster() {
    static pg_cluster c; // one cluster for this file's tests, a database per test
    return c;
}

TEST_CASE("store_pg: appends are durable in order, replay gives each session's events back in "
          "append order, erase removes one session, the records say when and how many") {
    const std::string url = cluster().fresh_database();
    std::int64_t now = 1'000;
    const std::string tricky = R"({"text":"it's a \"quote\", a back\\slash, één ☕"})";
    {
        auto st = open_pg_store(url, [&] { return now; });
        CHECK(replay_all(*st).empty());
        REQUIRE(st->acquire("s-1"));
        REQUIRE(st->acquire("s-2"));
        CHECK(st->describe() == url); // the URL without a password
        CHECK(append_wait(*st, "s-1", {R"({"n":1})", R"({"n":2})"}));
        now = 2'000;
        CHECK(append_wait(*st, "s-2", {tricky}));
        CHECK(append_wait(*st, "s-1", {R"({"n":3})"}));
        st->close();
    }
    auto st = open_pg_store(url, [&] { return now; });
    auto all = replay_all(*st);
    REQUIRE(st->acquire("s-2")); // the first store let its leases go when it closed
    CHECK(all["s-1"] == std::vector<std::string>{R"({"n":1})", R"({"n":2})", R"({"n":3})"});
    CHECK(all["s-2"] == std::vector<std::string>{tricky});
    std::map<std::string, store::session_record> rec;
    for (const auto& r : st->sessions())
        rec[r.id] = r;
    REQUIRE(rec.size() == 2);
    CHECK(rec["s-1"].events == 3);
    CHECK(rec["s-1"].last_at == 2'000);
    CHECK(rec["s-2"].events == 1);

    // Erase, then new events of the same session in the same group: both, in order.
    std::promise<bool> erased;
    st->erase("s-1", [&](bool ok) { erased.set_value(ok); });
    CHECK(erased.get_future().get());
    CHECK(append_wait(*st, "s-2", {R"({"n":4})"}));
    st->close();
    auto again = open_pg_store(url, [&] { return now; });
    all = replay_all(*again);
    CHECK(all.count("s-1") == 0);
    CHECK(all["s-2"].size() == 2);
    CHECK(again->sessions().size() == 1);
    CHECK(cluster().query(url, "SELECT COUNT(*) FROM events WHERE session_id = 's-1'") == "0");
}

TEST_CASE("store_pg: batches from many threads are committed in groups, each completion once, "
          "every event stored once") {
    const std::string url = cluster().fresh_database();
    auto st = open_pg_store(url);
    constexpr int threads = 4, per_thread = 250;
    for (int t = 0; t < threads; ++t)
        REQUIRE(st->acquire("s-" + std::to_string(t)));
    std::atomic<int> ok{0}, calls{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t)
        ts.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                store::batch b;
                b.session_id = "s-" + std::to_string(t);
                b.events = {"{\"i\":" + std::to_string(i) + "}"};
                b.done = [&](bool good) {
                    ok += good ? 1 : 0;
                    ++calls;
                };
                st->append(std::move(b));
            }
        });
    for (auto& t : ts)
        t.join();
    st->close(); // writes everything queued first
    CHECK(calls == threads * per_thread);
    CHECK(ok == threads * per_thread);
    CHECK(cluster().query(url, "SELECT COUNT(*) FROM events") ==
          std::to_string(threads * per_thread));
    // Each session's events in the order its thread appended them.
    auto again = open_pg_store(url);
    for (const auto& [sid, events] : replay_all(*again)) {
        REQUIRE(events.size() == per_thread);
        for (int i = 0; i < per_thread; ++i)
            CHECK(events[static_cast<std::size_t>(i)] == "{\"i\":" + std::to_string(i) + "}");
    }
}

TEST_CASE("store_pg: the schema is made in an empty database and brought forward from version "
          "1, a newer one is refused with a message for people") {
    const std::string url = cluster().fresh_database();
    CHECK(kring::server::pg_migrate(url, 1) == 0);
    CHECK(cluster().query(url, "SELECT version FROM kring_schema") == "1");
    // Events written by a version-1 server.
    cluster().query(url, "INSERT INTO events (session_id, json, at) VALUES "
                         "('old', '{\"n\":1}', 500), ('old', '{\"n\":2}', 700)");
    {
        auto st = open_pg_store(url);
        CHECK(cluster().query(url, "SELECT version FROM kring_schema") ==
              std::to_string(kring::server::pg_schema_version()));
        const auto recs = st->sessions();
        REQUIRE(recs.size() == 1);
        CHECK(recs[0].id == "old");
        CHECK(recs[0].events == 2);
        CHECK(recs[0].last_at == 700);
        CHECK(replay_all(*st)["old"].size() == 2);
    }
    // Opening again changes nothing.
    CHECK(kring::server::pg_migrate(url, kring::server::pg_schema_version()) ==
          kring::server::pg_schema_version());
    cluster().query(url, "UPDATE kring_schema SET version = 99");
    std::string why;
    try {
        open_pg_store(url);
    } catch (const std::exception& e) {
        why = e.what();
    }
    CHECK(why.find("schema version 99") != std::string::npos);
    CHECK(why.find("use a newer kring-server") != std::string::npos);
}

TEST_CASE("store_pg: a database that cannot be reached is an error that names it, never the "
          "password") {
    std::string why;
    try {
        open_pg_store("postgresql://kring:geheim@127.0.0.1:1/kring?connect_timeout=2");
    } catch (const std::exception& e) {
        why = e.what();
    }
    CHECK(why.find("cannot connect to PostgreSQL") != std::string::npos);
    CHECK(why.find("127.0.0.1") != std::string::npos);
    CHECK(why.find("geheim") == std::string::npos);
    why.clear();
    try {
        open_pg_store(cluster().url("bestaat_niet"));
    } catch (const std::exception& e) {
        why = e.what();
    }
    CHECK(why.find("bestaat_niet") != std::string::npos);
}

TEST_CASE("store_pg: PostgreSQL restarted: a write during the outage fails and keeps nothing, "
          "the next one after it is back succeeds on a new connection") {
    pg_cluster own; // this test stops its cluster
    const std::string url = own.fresh_database();
    auto st = open_pg_store(url);
    REQUIRE(st->acquire("s"));
    CHECK(append_wait(*st, "s", {R"({"n":1})"}));
    own.kill();
    CHECK_FALSE(append_wait(*st, "s", {R"({"n":2})"}));
    own.start();
    CHECK(append_wait(*st, "s", {R"({"n":3})"}));
    st->close();
    auto again = open_pg_store(url);
    CHECK(replay_all(*again)["s"] == std::vector<std::string>{R"({"n":1})", R"({"n":3})"});
    CHECK(again->sessions().at(0).events == 2);
}

} // namespace kring_test_hosted_store_pg_test
