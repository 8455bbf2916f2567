// The record: the sessions library (list, reopen, delete), the admin rules, exports over
// WebSocket and HTTP, retention, the schema migration of older data files, and the agenda
// editor's own templates, all against the real kring-server.

#include "helpers.hpp"

#include "room_registry.hpp"
#include "store_sqlite.hpp"

#include "kring/wire.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <sstream>
#include <thread>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_record_test {

using namespace kring::test;
namespace fs = std::filesystem;

namespace {

const std::string admin_token = "test-admin-token-0123456789";

//------------------------------------------------------------------------------
// SQLite, to look into (and age) the data file while the server is stopped.

struct db {
    sqlite3* h = nullptr;
    explicit db(const std::string& path) { REQUIRE(sqlite3_open(path.c_str(), &h) == SQLITE_OK); }
    ~db() { sqlite3_close(h); }
    void exec(const std::string& sql) {
        char* err = nullptr;
        const int rc = sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err);
        const std::string msg = err ? err : "";
        sqlite3_free(err);
        REQUIRE_MESSAGE(rc == SQLITE_OK, msg);
    }
    std::int64_t number(const std::string& sql) {
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(st) == SQLITE_ROW);
        const std::int64_t v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return v;
    }
};

std::string data_file(const server_process& srv) {
    return srv.data_dir() + "/kring.sqlite";
}

/** Three participants answer the first statements of `visie`; one comment is a script. */
void answer_visie(int port, const session_info& s, ws_client& fac) {
    control(fac, "open", "visie");
    std::vector<std::unique_ptr<ws_client>> people;
    const char* colours[] = {"green", "orange", "red"};
    json last;
    for (int i = 0; i < 3; ++i) {
        people.push_back(std::make_unique<ws_client>(port));
        join(*people.back(), s.code, "participant", {{"name", "Zelda Quist " + std::to_string(i)}});
        last = answer(*people.back(), "visie", "visie-03", colours[i],
                      i == 0 ? "<script>alert(1)</script>" : "");
        REQUIRE(is_type(last, "ack"));
        REQUIRE(is_type(answer(*people.back(), "visie", "visie-04", "green"), "ack"));
    }
}

json session_entry(const json& list, const std::string& id) {
    for (const auto& e : list)
        if (e["id"] == id)
            return e;
    return nullptr;
}

json export_of(ws_client& fac, const std::string& format, json extra = json::object()) {
    json msg{{"type", "export"}, {"format", format}};
    msg.update(extra);
    const json r = fac.request(msg);
    REQUIRE_MESSAGE(is_type(r, "export"), r.dump());
    CHECK(r["format"] == format);
    return r;
}

/** A template of our own, in the content-file form. */
json own_template(const std::string& id) {
    return {
        {"id", id},
        {"title", {{"nl", "Onze avond"}, {"en", "Our evening"}}},
        {"description", {{"nl", "Eigen agenda"}, {"en", "Own agenda"}}},
        {"steps",
         json::array({{{"id", "kort"},
                       {"kind", "traffic_light"},
                       {"title", {{"nl", "Kort"}, {"en", "Short"}}},
                       {"items",
                        json::array({{{"id", "k1"},
                                      {"text", {{"nl", "Wij zijn er"}, {"en", "We are here"}}}}})}},
                      {{"id", "vraag"},
                       {"kind", "open_text"},
                       {"title", {{"nl", "Wat neem je mee?"}, {"en", "What do you take?"}}}}})}};
}

} // namespace

TEST_CASE("record: list, reopen and delete sessions, a deleted session is gone after a restart") {
    server_process srv;
    ws_client fac_a(srv.port()), fac_b(srv.port());
    const session_info a = create_session(fac_a);
    answer_visie(srv.port(), a, fac_a);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100)); // a later created_at
    const session_info b = create_session(fac_b, "stoplicht-visie");

    ws_client admin(srv.port());
    json list = list_sessions(admin);
    REQUIRE(list.size() == 2);
    CHECK(list[0]["id"] == b.id); // newest first
    const json ea = session_entry(list, a.id);
    CHECK(ea["code"] == a.code);
    CHECK(ea["template"] == "stoplicht-reflecteren");
    CHECK(ea["title"]["nl"].is_string());
    CHECK(ea["participants"] == 3);
    CHECK(ea["answers"] == 3);
    CHECK(ea["steps"].get<int>() > 1);
    CHECK(ea["last_at"].get<std::int64_t>() >= ea["created_at"].get<std::int64_t>());
    CHECK(list.dump().find("Zelda") == std::string::npos);

    // Reopen: a facilitator of A without its secret; it steers the session.
    ws_client again(srv.port());
    const json w = again.request({{"type", "open_session"}, {"session", a.id}});
    REQUIRE_MESSAGE(is_type(w, "welcome"), w.dump());
    CHECK(w["role"] == "facilitator");
    CHECK(w["session"]["id"] == a.id);
    // The session has participants: their `devices` come first, then the view.
    again.recv_until([](const json& j) { return is_type(j, "view"); });
    control(again, "close", "visie");
    expect_error(again, {{"type", "open_session"}, {"session", a.id}}, "already_joined");
    expect_error(admin, {{"type", "open_session"}, {"session", "s-000000000000000000000000"}},
                 "unknown_session");

    // Delete A: its connections hear session_ended, its code no longer joins.
    ws_client projector(srv.port());
    join(projector, a.code, "projector");
    const json del = admin.request({{"type", "delete_session"}, {"session", a.id}});
    CHECK_MESSAGE(is_type(del, "ack"), del.dump());
    const json gone = projector.recv_until([](const json& j) { return is_type(j, "error"); });
    CHECK(gone["code"] == "session_ended");
    // Then, once the deletion is done, the server closes the connection.
    CHECK_THROWS(projector.recv_until([](const json&) { return false; }, std::chrono::seconds(5)));
    CHECK_FALSE(projector.is_open());
    ws_client late(srv.port());
    expect_error(
        late, {{"type", "join"}, {"protocol_version", 1}, {"code", a.code}, {"role", "projector"}},
        "unknown_session");
    expect_error(admin, {{"type", "delete_session"}, {"session", a.id}}, "unknown_session");
    list = list_sessions(admin);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["id"] == b.id);

    // B's facilitator may delete B without being an admin, but not another session.
    // (Loopback is admin here; the rule without it is tested with --trust-loopback no.)

    srv.stop();
    {
        db d(data_file(srv));
        CHECK(d.number("SELECT COUNT(*) FROM events WHERE session_id = '" + a.id + "'") == 0);
        CHECK(d.number("SELECT COUNT(*) FROM events WHERE session_id = '" + b.id + "'") > 0);
    }
    srv.start();
    CHECK(json::parse(http_get(srv.port(), "/healthz").body)["sessions"] == 1);
    ws_client after(srv.port());
    expect_error(
        after, {{"type", "join"}, {"protocol_version", 1}, {"code", a.code}, {"role", "projector"}},
        "unknown_session");
    CHECK(list_sessions(after).size() == 1);
}

TEST_CASE("record: without trusted loopback, the library needs the admin token") {
    server_process srv({"--trust-loopback", "no", "--admin-token", admin_token});
    ws_client c(srv.port());
    expect_error(c, {{"type", "list_sessions"}}, "forbidden");
    expect_error(c, {{"type", "list_sessions"}, {"admin_token", "wrong-token-wrong-token"}},
                 "forbidden");
    expect_error(
        c, {{"type", "create_session"}, {"protocol_version", 1}, {"template", "stoplicht-visie"}},
        "forbidden");
    expect_error(c, {{"type", "get_template"}, {"template", "stoplicht-visie"}}, "forbidden");
    expect_error(c, {{"type", "save_template"}, {"template", own_template("mag-niet")}},
                 "forbidden");
    expect_error(c, {{"type", "open_session"}, {"session", "s-1"}}, "forbidden");
    expect_error(c, {{"type", "delete_session"}, {"session", "s-1"}}, "forbidden");

    // With the token: everything.
    const json created = c.request({{"type", "create_session"},
                                    {"protocol_version", 1},
                                    {"template", "stoplicht-visie"},
                                    {"admin_token", admin_token}});
    REQUIRE_MESSAGE(is_type(created, "session_created"), created.dump());
    const std::string id = created["session_id"];
    ws_client other(srv.port());
    CHECK(list_sessions(other, {{"admin_token", admin_token}}).size() == 1);
    const json t = other.request(
        {{"type", "get_template"}, {"template", "stoplicht-visie"}, {"admin_token", admin_token}});
    CHECK_MESSAGE(is_type(t, "template"), t.dump());

    // A session's own facilitator deletes it without the token.
    c.recv_until([](const json& j) { return is_type(j, "view"); });
    const json del = c.request({{"type", "delete_session"}, {"session", id}});
    CHECK_MESSAGE(is_type(del, "ack"), del.dump());
    CHECK(list_sessions(other, {{"admin_token", admin_token}}).empty());
}

TEST_CASE("record: a too short admin token is refused at start-up, without echoing it") {
    const fs::path dir = fs::temp_directory_path() / ("kring-record-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string cmd = server_binary() + " --port 0 --bind 127.0.0.1 --data " +
                            (dir / "k.sqlite").string() + " --admin-token kort-geheim 2>" +
                            (dir / "err.txt").string();
    const int st = std::system(cmd.c_str());
    CHECK(WIFEXITED(st));
    CHECK(WEXITSTATUS(st) == 2);
    std::ifstream in(dir / "err.txt");
    std::stringstream err;
    err << in.rdbuf();
    CHECK(err.str().find("--admin-token") != std::string::npos);
    CHECK(err.str().find("kort-geheim") == std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("record: exports over WebSocket in every format") {
    server_process srv;
    ws_client fac(srv.port());
    const session_info s = create_session(fac);
    answer_visie(srv.port(), s, fac);

    const json html = export_of(fac, "html");
    const std::string page = html["content"];
    CHECK(html["filename"].get<std::string>().ends_with(".html"));
    CHECK(page.find("<svg") != std::string::npos);
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);

    const json md = export_of(fac, "md");
    CHECK(md["filename"].get<std::string>().ends_with(".md"));
    CHECK(md["content"].get<std::string>().find("&lt;script&gt;") != std::string::npos);

    const json js = export_of(fac, "json");
    const json report = json::parse(js["content"].get<std::string>());
    CHECK(report["session"]["id"] == s.id);
    CHECK(report["participants"] == 3);
    bool found = false;
    for (const auto& st : report["steps"])
        if (st["id"] == "visie") {
            found = true;
            CHECK(st["answered"] == 3);
            CHECK(st["withheld"] == false);
        }
    CHECK(found);

    const json csv = export_of(fac, "csv", {{"step", "visie"}});
    const std::string text = csv["content"];
    CHECK(csv["filename"].get<std::string>().ends_with("-visie.csv"));
    CHECK(text.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(text.find("visie-03;") != std::string::npos);
    CHECK(text.find("\r\n") != std::string::npos);

    for (const auto& out :
         {page, md["content"].get<std::string>(), js["content"].get<std::string>(), text}) {
        CHECK(out.find("Zelda") == std::string::npos);
        CHECK(out.find(s.secret) == std::string::npos);
    }

    expect_error(fac, {{"type", "export"}, {"format", "csv"}}, "bad_message");
    expect_error(fac, {{"type", "export"}, {"format", "csv"}, {"step", "nope"}}, "unknown_step");
    expect_error(fac, {{"type", "export"}, {"format", "pdf"}}, "bad_value");
    expect_error(
        fac, {{"type", "export"}, {"format", "html"}, {"compare", "s-000000000000000000000000"}},
        "unknown_session");
    ws_client nobody(srv.port());
    expect_error(nobody, {{"type", "export"}, {"format", "html"}}, "not_joined");
    ws_client projector(srv.port());
    join(projector, s.code, "projector");
    expect_error(projector, {{"type", "export"}, {"format", "html"}}, "forbidden");

    // Compared with another session of the same template; another template is refused.
    ws_client fac2(srv.port());
    const session_info s2 = create_session(fac2);
    answer_visie(srv.port(), s2, fac2);
    const json cmp = export_of(fac, "json", {{"compare", s2.id}});
    const json with = json::parse(cmp["content"].get<std::string>());
    REQUIRE(with["compare"].is_object());
    CHECK(with["compare"]["session"] == s2.id);
    ws_client fac3(srv.port());
    const session_info s3 = create_session(fac3, "stoplicht-visie");
    expect_error(fac, {{"type", "export"}, {"format", "html"}, {"compare", s3.id}}, "bad_value");
}

TEST_CASE("record: HTTP exports need the facilitator's secret") {
    server_process srv;
    ws_client fac(srv.port());
    const session_info s = create_session(fac);
    answer_visie(srv.port(), s, fac);
    const std::string base = "/sessions/" + s.id;
    const std::string bearer = "Bearer " + s.secret;

    const http_response ok = get_with(srv.port(), base + "/report.html", bearer);
    CHECK(ok.status == 200);
    CHECK(ok.headers.at("content-type").find("text/html") == 0);
    CHECK(ok.headers.at("content-disposition").find("filename=\"kring-stoplicht-reflecteren-") !=
          std::string::npos);
    CHECK(ok.headers.at("content-security-policy").find("default-src 'none'") == 0);
    CHECK(ok.headers.at("cache-control") == "no-store");
    CHECK(ok.body.find("<svg") != std::string::npos);
    CHECK(ok.body.find("<script") == std::string::npos);

    const http_response md = get_with(srv.port(), base + "/report.md", bearer);
    CHECK(md.status == 200);
    CHECK(md.headers.at("content-disposition").rfind("attachment;", 0) == 0);
    const http_response js = get_with(srv.port(), base + "/report.json?lang=en", bearer);
    CHECK(js.status == 200);
    CHECK(json::parse(js.body)["lang"] == "en");
    const http_response csv = get_with(srv.port(), base + "/steps/visie.csv", bearer);
    CHECK(csv.status == 200);
    CHECK(csv.headers.at("content-type").find("text/csv") == 0);
    CHECK(csv.body.rfind("\xEF\xBB\xBF", 0) == 0);

    CHECK(get_with(srv.port(), base + "/report.html", "").status == 401);
    CHECK(get_with(srv.port(), base + "/report.html", "Bearer wrong").status == 401);
    CHECK(get_with(srv.port(), base + "/report.html", s.secret).status == 401);
    CHECK(get_with(srv.port(), base + "/report.html?secret=" + s.secret, "").status == 401);
    CHECK(get_with(srv.port(), "/sessions/s-000000000000000000000000/report.html", bearer).status ==
          404);
    CHECK(get_with(srv.port(), base + "/steps/nope.csv", bearer).status == 404);
    CHECK(get_with(srv.port(), base + "/report.pdf", bearer).status == 404);
    CHECK(get_with(srv.port(), base + "/steps/../report.html", bearer).status != 200);

    // Compared with another session: with that session's secret too (compare_auth_test.cpp).
    ws_client fac2(srv.port());
    const session_info s2 = create_session(fac2);
    CHECK(get_with(srv.port(), base + "/report.json?compare=" + s2.id, bearer).status == 403);
    const http_response cmp =
        get_with(srv.port(), base + "/report.json?compare=" + s2.id, bearer + " " + s2.secret);
    CHECK(cmp.status == 200);
    CHECK(json::parse(cmp.body)["compare"]["session"] == s2.id);
}

TEST_CASE("record: retention deletes sessions idle longer than the days given") {
    server_process srv({"--retention-days", "0"});
    session_info old_one, new_one;
    {
        ws_client f1(srv.port()), f2(srv.port());
        old_one = create_session(f1);
        new_one = create_session(f2);
    }
    srv.stop();
    {
        // 400 days ago, as if the session had been idle since.
        db d(data_file(srv));
        const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        CHECK(d.number("SELECT MIN(at) FROM events") > now - 600000);
        d.exec("UPDATE events SET at = " + std::to_string(now - 400LL * 24 * 3600 * 1000) +
               " WHERE session_id = '" + old_one.id + "'");
    }
    srv.start(); // --retention-days 0: kept
    CHECK(json::parse(http_get(srv.port(), "/healthz").body)["sessions"] == 2);
    CHECK(json::parse(http_get(srv.port(), "/healthz").body)["retention_days"] == 0);
    srv.stop();

    server_process kept({"--retention-days", "500"}, srv.data_dir());
    CHECK(json::parse(http_get(kept.port(), "/healthz").body)["sessions"] == 2);
    kept.stop();

    server_process year({"--retention-days", "365"}, srv.data_dir());
    const json health = json::parse(http_get(year.port(), "/healthz").body);
    CHECK(health["sessions"] == 1);
    CHECK(health["retention_days"] == 365);
    CHECK(health["min_answers"].is_number());
    ws_client c(year.port());
    const json list = list_sessions(c);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["id"] == new_one.id);
    expect_error(
        c,
        {{"type", "join"}, {"protocol_version", 1}, {"code", old_one.code}, {"role", "projector"}},
        "unknown_session");
    year.stop();
    db d(data_file(srv));
    CHECK(d.number("SELECT COUNT(*) FROM events WHERE session_id = '" + old_one.id + "'") == 0);
}

TEST_CASE(
    "record: the store keeps each event's time, deletes sessions, and expires them by clock") {
    const fs::path dir = fs::temp_directory_path() / ("kring-store-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::int64_t clock = 1000;
    {
        auto st =
            kring::server::open_sqlite_store((dir / "k.sqlite").string(), [&] { return clock; });
        auto write = [&](const std::string& session, int n) {
            std::promise<bool> done;
            kring::server::store::batch b;
            b.session_id = session;
            for (int i = 0; i < n; ++i)
                b.events.push_back("{\"n\":" + std::to_string(i) + "}");
            b.done = [&](bool ok) { done.set_value(ok); };
            st->append(std::move(b));
            REQUIRE(done.get_future().get());
        };
        write("s-a", 2);
        clock = 5000;
        write("s-b", 1);
        clock = 9000;
        write("s-b", 3);
        std::map<std::string, kring::server::store::session_record> seen;
        for (const auto& r : st->sessions())
            seen[r.id] = r;
        REQUIRE(seen.size() == 2);
        CHECK(seen["s-a"].last_at == 1000);
        CHECK(seen["s-a"].events == 2);
        CHECK(seen["s-b"].last_at == 9000);
        CHECK(seen["s-b"].events == 4);

        std::promise<bool> erased;
        st->erase("s-a", [&](bool ok) { erased.set_value(ok); });
        CHECK(erased.get_future().get());
        CHECK(st->sessions().size() == 1);
        st->close();
    }
    {
        // Reopened: the times come from the file.
        auto st = kring::server::open_sqlite_store((dir / "k.sqlite").string());
        const auto records = st->sessions();
        REQUIRE(records.size() == 1);
        CHECK(records[0].id == "s-b");
        CHECK(records[0].last_at == 9000);
        int replayed = 0;
        st->replay([&](std::size_t session, const std::string& id, std::string_view) {
            CHECK(session == 0);
            CHECK(id == "s-b");
            ++replayed;
        });
        CHECK(replayed == 4);
    }
    {
        // Reopened and replayed first (as at start-up): the replay gathers the same records.
        auto st = kring::server::open_sqlite_store((dir / "k.sqlite").string());
        int replayed = 0;
        st->replay([&](std::size_t, const std::string&, std::string_view) { ++replayed; });
        CHECK(replayed == 4);
        const auto records = st->sessions();
        REQUIRE(records.size() == 1);
        CHECK(records[0].id == "s-b");
        CHECK(records[0].last_at == 9000);
        CHECK(records[0].events == 4);
        // And a write after it counts on.
        std::promise<bool> done;
        kring::server::store::batch b;
        b.session_id = "s-b";
        b.events.push_back("{\"n\":9}");
        b.done = [&](bool ok) { done.set_value(ok); };
        st->append(std::move(b));
        REQUIRE(done.get_future().get());
        CHECK(st->sessions().at(0).events == 5);
        st->close();
    }
    // Retention by the clock: older than N days before now.
    using kring::server::room_registry;
    const std::int64_t day = 24LL * 3600 * 1000;
    const std::map<std::string, std::int64_t> last{{"s-old", 10 * day}, {"s-new", 395 * day}};
    CHECK(room_registry::expired(last, 365, 400 * day) == std::vector<std::string>{"s-old"});
    CHECK(room_registry::expired(last, 1, 400 * day).size() == 2);
    CHECK(room_registry::expired(last, 0, 400 * day).empty());
    fs::remove_all(dir);
}

TEST_CASE("record: a replay numbers the sessions in order of first event, across its chunks") {
    // Sessions interleaved event by event (as rooms answer at once), and one that begins
    // only after the replay's first chunk of rows: each event comes back in store order, with
    // the same number for every event of a session and numbers given 0, 1, 2, ... as
    // sessions first appear.
    const fs::path dir = fs::temp_directory_path() / ("kring-replay-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::vector<std::pair<std::string, std::string>> written; // session, event in order
    {
        auto st = kring::server::open_sqlite_store((dir / "r.sqlite").string());
        // Appended without waiting for each commit (group commits); all waited for below.
        std::atomic<int> stored{0};
        auto write = [&](const std::string& session, const std::string& event) {
            kring::server::store::batch b;
            b.session_id = session;
            b.events.push_back(event);
            b.done = [&](bool ok) { stored += ok ? 1 : 0; };
            st->append(std::move(b));
            written.emplace_back(session, event);
        };
        const std::vector<std::string> early{"s-c", "s-a", "s-b"};
        for (int i = 0; i < 2500; ++i)
            write(early[static_cast<std::size_t>(i) % early.size()],
                  "{\"n\":" + std::to_string(i) + "}");
        for (int i = 2500; i < 2600; ++i)
            write(i % 2 == 0 ? "s-late" : "s-a", "{\"n\":" + std::to_string(i) + "}");
        st->close(); // writes what is queued, then stops
        CHECK(stored == static_cast<int>(written.size()));
    }
    auto st = kring::server::open_sqlite_store((dir / "r.sqlite").string());
    std::vector<std::string> by_number;
    std::size_t i = 0;
    bool same = true;
    st->replay([&](std::size_t session, const std::string& id, std::string_view json) {
        if (session == by_number.size())
            by_number.push_back(id);
        REQUIRE(session < by_number.size());
        same = same && i < written.size() && by_number[session] == id && written[i].first == id &&
               written[i].second == json;
        ++i;
    });
    CHECK(same);
    CHECK(i == written.size());
    CHECK(by_number == std::vector<std::string>{"s-c", "s-a", "s-b", "s-late"});
    std::map<std::string, std::uint64_t> events;
    for (const auto& r : st->sessions())
        events[r.id] = r.events;
    CHECK(events == std::map<std::string, std::uint64_t>{
                        {"s-a", 883}, {"s-b", 833}, {"s-c", 834}, {"s-late", 50}});
    st->close();
    st.reset();
    fs::remove_all(dir);
}

TEST_CASE("record: a data file of the first schema opens, keeps its sessions, and gets times") {
    // A real session's events, written into a file of schema version 1 (no times).
    server_process srv;
    session_info s;
    {
        ws_client fac(srv.port());
        s = create_session(fac);
        answer_visie(srv.port(), s, fac);
    }
    srv.stop();
    const fs::path old_dir = fs::path(srv.data_dir()) / "old";
    fs::create_directories(old_dir);
    {
        db d((old_dir / "kring.sqlite").string());
        d.exec(
            "CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL,"
            " json TEXT NOT NULL);"
            "CREATE INDEX events_by_session ON events(session_id, id);"
            "PRAGMA user_version = 1;");
        d.exec("ATTACH DATABASE '" + data_file(srv) +
               "' AS cur;"
               "INSERT INTO events (session_id, json) SELECT session_id, json FROM cur.events "
               "ORDER BY id;"
               "DETACH DATABASE cur;");
        CHECK(d.number("PRAGMA user_version") == 1);
    }
    server_process old_srv({}, old_dir.string());
    ws_client c(old_srv.port());
    const json list = list_sessions(c);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["id"] == s.id);
    CHECK(list[0]["participants"] == 3);
    // No stored times yet: the creation time stands in.
    CHECK(list[0]["last_at"] == list[0]["created_at"]);
    join(c, s.code, "facilitator", {{"secret", s.secret}});
    control(c, "close", "visie");
    old_srv.stop();
    db d((old_dir / "kring.sqlite").string());
    CHECK(d.number("PRAGMA user_version") == kring::server::sqlite_schema_version());
    CHECK(d.number("SELECT COUNT(*) FROM events WHERE at = 0") > 0);
    CHECK(d.number("SELECT COUNT(*) FROM events WHERE at > 0") >= 1);
}

TEST_CASE("record: the agenda editor writes templates out, saves own ones, and keeps them") {
    server_process srv;
    ws_client c(srv.port());

    // A shipped template with its theme written out: title and every statement.
    const json t = c.request({{"type", "get_template"}, {"template", "stoplicht-visie"}});
    REQUIRE_MESSAGE(is_type(t, "template"), t.dump());
    const json& step = t["template"]["steps"][0];
    CHECK(step["title"]["nl"].is_string());
    REQUIRE(step["items"].is_array());
    CHECK(step["items"].size() > 3);
    CHECK(step["items"][0]["text"]["en"].is_string());
    expect_error(c, {{"type", "get_template"}, {"template", "bestaat-niet"}}, "unknown_template");

    // Saved as our own, with one statement edited.
    json mine = t["template"];
    mine["id"] = "onze-visie";
    // The first statement to rate (the theme's open questions come written out too, with
    // their form, and still go to the round's open step).
    std::size_t first_rated = 0;
    while (first_rated < step["items"].size() && step["items"][first_rated]["form"] != "rate")
        ++first_rated;
    REQUIRE(first_rated < step["items"].size());
    mine["steps"][0]["items"][first_rated]["text"]["nl"] = "Onze eigen stelling";
    CHECK(is_type(c.request({{"type", "save_template"}, {"template", mine}}), "ack"));
    CHECK(fs::exists(fs::path(srv.data_dir()) / "templates" / "onze-visie.json"));
    CHECK(is_type(c.request({{"type", "save_template"}, {"template", own_template("onze-avond")}}),
                  "ack"));

    auto listed = [](ws_client& w) {
        std::map<std::string, json> out;
        const json reply = w.request({{"type", "list_templates"}});
        for (const auto& e : reply["templates"])
            out[e["id"].get<std::string>()] = e;
        return out;
    };
    auto templates = listed(c);
    REQUIRE(templates.count("onze-visie"));
    CHECK(templates["onze-visie"]["own"] == true);
    CHECK(templates["onze-avond"]["steps"] == 2);
    REQUIRE(templates.count("stoplicht-visie"));
    CHECK_FALSE(templates["stoplicht-visie"].contains("own"));
    // As a client decodes it: the own ones after the shipped ones, marked own.
    const auto decoded = std::get<kring::wire::templates>(
        kring::wire::decode(c.request({{"type", "list_templates"}})));
    REQUIRE(decoded.list.size() == templates.size());
    CHECK(decoded.list.back().own);
    CHECK_FALSE(decoded.list.front().own);

    // Refused: a shipped id, and templates that do not validate (the field is named).
    json shipped = own_template("stoplicht-visie");
    const json e1 =
        expect_error(c, {{"type", "save_template"}, {"template", shipped}}, "bad_value");
    CHECK(e1["message"].get<std::string>().find("/id") != std::string::npos);
    json bad = own_template("kapot");
    bad["steps"][0]["title"].erase("en");
    const json e2 = expect_error(c, {{"type", "save_template"}, {"template", bad}}, "bad_value");
    CHECK(e2["message"].get<std::string>().find("/steps/0/title/en") != std::string::npos);
    bad = own_template("kapot");
    bad["steps"][1]["kind"] = "traffic_light";
    const json e3 = expect_error(c, {{"type", "save_template"}, {"template", bad}}, "bad_value");
    CHECK(e3["message"].get<std::string>().find("/steps/1/items") != std::string::npos);
    bad = own_template("../kapot");
    expect_error(c, {{"type", "save_template"}, {"template", bad}}, "bad_value");
    CHECK_FALSE(fs::exists(fs::path(srv.data_dir()) / "templates" / "kapot.json"));
    CHECK_FALSE(fs::exists(fs::path(srv.data_dir()) / "kapot.json"));

    // A session from the own template carries the edited statement.
    ws_client fac(srv.port());
    const json created = fac.request(
        {{"type", "create_session"}, {"protocol_version", 1}, {"template", "onze-visie"}});
    REQUIRE_MESSAGE(is_type(created, "session_created"), created.dump());
    const json w = fac.recv();
    CHECK(w["session"]["steps"][0]["items"][0]["text"]["nl"] == "Onze eigen stelling");

    // An edited agenda, not saved.
    ws_client fac2(srv.port());
    json agenda = own_template("eenmalig");
    const json c2 =
        fac2.request({{"type", "create_session"}, {"protocol_version", 1}, {"agenda", agenda}});
    REQUIRE_MESSAGE(is_type(c2, "session_created"), c2.dump());
    CHECK(fac2.recv()["session"]["steps"][1]["id"] == "vraag");
    CHECK_FALSE(listed(c).count("eenmalig"));
    agenda["steps"] = json::array();
    ws_client fac3(srv.port());
    const json e4 = expect_error(
        fac3, {{"type", "create_session"}, {"protocol_version", 1}, {"agenda", agenda}},
        "bad_value");
    CHECK(e4["message"].get<std::string>().find("/steps") != std::string::npos);

    // After a restart the own templates are still there.
    srv.stop();
    srv.start();
    ws_client after(srv.port());
    templates = listed(after);
    CHECK(templates.count("onze-visie"));
    CHECK(templates.count("onze-avond"));
    const json back = after.request({{"type", "get_template"}, {"template", "onze-visie"}});
    CHECK(back["template"]["steps"][0]["items"][first_rated]["text"]["nl"] ==
          "Onze eigen stelling");
}

TEST_CASE("record: a whole workshop's agenda is larger than an answer may be, and still saves") {
    server_process srv;
    ws_client c(srv.port());
    // Written out, the whole workshop is well over the 16 KiB a phone may send.
    const json t = c.request({{"type", "get_template"}, {"template", "volledige-workshop"}});
    REQUIRE_MESSAGE(is_type(t, "template"), t.dump());
    json whole = t["template"];
    whole["id"] = "onze-workshop";
    const json save = {{"type", "save_template"}, {"template", whole}};
    REQUIRE(save.dump().size() > 16 * 1024);
    CHECK(is_type(c.request(save), "ack"));
    const json created =
        c.request({{"type", "create_session"}, {"protocol_version", 1}, {"agenda", whole}});
    CHECK_MESSAGE(is_type(created, "session_created"), created.dump().substr(0, 200));

    // A connection that never made an admin request (a phone) keeps the small limit.
    ws_client phone(srv.port());
    phone.send(save.dump());
    const json err = phone.recv_until([](const json& j) { return is_type(j, "error"); });
    CHECK(err["code"] == "too_large");
}
} // namespace kring_test_server_record_test
