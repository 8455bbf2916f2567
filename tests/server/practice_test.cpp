// Practice sessions over the real server: a facilitator rehearses a whole template with
// simulated participants (control `simulate`); the session is not in the library, and
// ending it deletes it (also when it was left running for hours and the server restarts;
// a rehearsal a restart interrupted goes on).

#include "helpers.hpp"
#include "kring/practice.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <set>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_practice_test {

using namespace kring::test;

namespace {

/** The test's console steers faster than a person: four controls per step, no pause. */
const std::vector<std::string> fast_console = {"--rate", "1000"};

/** create_session with practice: true; returns the session and its welcome. */
std::pair<session_info, json> create_practice(ws_client& fac, const std::string& tmpl) {
    const json r = fac.request({{"type", "create_session"},
                                {"protocol_version", 1},
                                {"template", tmpl},
                                {"practice", true}});
    REQUIRE_MESSAGE(is_type(r, "session_created"), r.dump());
    const json w = fac.recv();
    REQUIRE_MESSAGE(is_type(w, "welcome"), w.dump());
    const json v = fac.recv();
    REQUIRE_MESSAGE(is_type(v, "view"), v.dump());
    return {{r["join_code"], r["facilitator_secret"], r["session_id"]}, w};
}

bool listed(const json& list, const std::string& id) {
    for (const auto& e : list)
        if (e["id"] == id)
            return true;
    return false;
}

int healthz_sessions(int port) {
    return json::parse(http_get(port, "/healthz").body)["sessions"].get<int>();
}

std::int64_t stored_events(const server_process& srv, const std::string& session_id) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open((srv.data_dir() + "/kring.sqlite").c_str(), &h) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    const std::string sql = "SELECT COUNT(*) FROM events WHERE session_id = ?";
    REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    sqlite3_bind_text(st, 1, session_id.c_str(), -1, SQLITE_TRANSIENT);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const std::int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

/** How many different answers a step's result shows (options, colours, values, cards...). */
std::size_t distinct_answers(const json& r) {
    const std::string kind = r["kind"];
    std::size_t n = 0;
    if (kind == "traffic_light") {
        // The least varied statement: every statement disagrees.
        n = 99;
        for (const auto& it : r["items"]) {
            std::size_t colours = 0;
            for (const char* c : {"green", "orange", "red"})
                colours += it[c].get<int>() > 0 ? 1 : 0;
            n = std::min(n, colours);
        }
    } else if (kind == "scale") {
        n = 99;
        for (const auto& it : r["items"]) {
            std::size_t values = 0;
            for (const auto& c : it["counts"])
                values += c.get<int>() > 0 ? 1 : 0;
            n = std::min(n, values);
        }
    } else if (kind == "choice") {
        for (const auto& o : r["options"])
            n += o["count"].get<int>() > 0 ? 1 : 0;
    } else if (kind == "image_choice") {
        for (const auto& o : r["images"])
            n += o["count"].get<int>() > 0 ? 1 : 0;
    } else if (kind == "dot_vote") {
        for (const auto& o : r["options"])
            n += o["dots"].get<int>() > 0 ? 1 : 0;
    } else if (kind == "open_text") {
        n = r["cards"].size();
    } else if (kind == "inventory") {
        n = r["entries"].size();
    } else if (kind == "action_plan") {
        n = r["actions"].size();
    }
    return n;
}

/**
 * Runs every step of the welcome's agenda as the console would (open, simulate, close,
 * reveal) and checks each result: every simulated participant answered, more than one
 * distinct answer, visible to the projector once revealed.
 */
void run_all_steps(ws_client& fac, ws_client& proj, const json& welcome, int participants) {
    for (const auto& step : welcome["session"]["steps"]) {
        const std::string id = step["id"];
        CAPTURE(id);
        steer_ok(fac, "open", id);
        const json sim = steer_ok(fac, "simulate", id, {{"participants", participants}});
        const json v = wait_view(fac, rev_at_least(sim["rev"]));
        CHECK(step_of(v, id)["answered"] == participants);
        CHECK(v["joined"] == participants);
        steer_ok(fac, "close", id);
        const json shown = steer_ok(fac, "reveal", id);
        const json pv = wait_view(proj, rev_at_least(shown["rev"]));
        const json r = result_of(pv, id);
        REQUIRE_MESSAGE(!r.is_null(), pv.dump());
        CHECK_FALSE(r.value("withheld", false));
        CHECK(r["total"] == participants);
        CHECK_MESSAGE(distinct_answers(r) >= 2, r.dump());
    }
}

} // namespace

TEST_CASE("practice: a whole template with simulated participants, out of the library, "
          "deleted when it ends") {
    server_process srv(fast_console);
    ws_client normal_fac(srv.port());
    const session_info normal = create_session(normal_fac, "stoplicht-visie");
    CHECK(healthz_sessions(srv.port()) == 1);

    ws_client fac(srv.port()), proj(srv.port()), phone(srv.port());
    const auto [s, welcome] = create_practice(fac, "stoplicht-visie");
    CHECK(welcome["session"]["practice"] == true);
    const auto pw = join(phone, s.code, "participant", {{"name", "Ik"}});
    CHECK(pw.welcome["session"]["practice"] == true);
    join(proj, s.code, "projector");

    // Not in the library, not counted; the normal session is.
    ws_client admin(srv.port());
    const json list = list_sessions(admin);
    CHECK_FALSE(listed(list, s.id));
    CHECK(listed(list, normal.id));
    CHECK(healthz_sessions(srv.port()) == 1);

    const std::size_t steps = welcome["session"]["steps"].size();
    REQUIRE(steps >= 2);
    // 12 simulated participants and the phone: the phone is no simulated one.
    int statements = 0;
    for (const auto& step : welcome["session"]["steps"]) {
        const std::string id = step["id"];
        CAPTURE(id);
        steer_ok(fac, "open", id);
        const json sim = steer_ok(fac, "simulate", id);
        const json v = wait_view(fac, rev_at_least(sim["rev"]));
        CHECK(step_of(v, id)["answered"] == 12);
        CHECK(v["joined"] == 13);
        steer_ok(fac, "close", id);
        const json shown = steer_ok(fac, "reveal", id);
        const json pv = wait_view(proj, rev_at_least(shown["rev"]));
        const json r = result_of(pv, id);
        REQUIRE(!r.is_null());
        CHECK_MESSAGE(distinct_answers(r) >= 2, r.dump());
        if (r["kind"] != "traffic_light")
            continue;
        // A pass here and there, and statements that differ in how disputed they are.
        int pass = 0;
        std::set<double> spreads;
        for (const auto& it : r["items"]) {
            pass += it["pass"].get<int>();
            spreads.insert(it["spread"].get<double>());
            ++statements;
        }
        CHECK(pass >= 1);
        if (r["items"].size() >= 2)
            CHECK(spreads.size() >= 2);
    }
    CHECK(statements >= 2);
    // The simulated participants are listed as devices with their names, never online.
    const json devices = wait_devices(fac, [](const json& d) { return d["devices"].size() == 13; });
    std::set<std::string> names;
    for (const auto& d : devices["devices"]) {
        names.insert(d["name"].get<std::string>());
        if (d["name"] != "Ik")
            CHECK(d["online"] == false);
    }
    CHECK(names.count("Oefendeelnemer 1") == 1);
    CHECK(names.count("Oefendeelnemer 12") == 1);
    CHECK_FALSE(listed(list_sessions(admin), s.id));

    // The end: acknowledged, everyone gets the ended view, then session_ended.
    const json ended = steer_ok(fac, "end_session", "");
    for (ws_client* c : {&fac, &phone, &proj}) {
        bool saw_ended_view = false;
        const json err = c->recv_until([&](const json& j) {
            if (is_type(j, "view") && j["ended"] == true)
                saw_ended_view = true;
            return is_type(j, "error");
        });
        CHECK(saw_ended_view);
        CHECK(err["code"] == "session_ended");
        CHECK_FALSE(err.contains("seq"));
        // Closed once the deletion is done.
        CHECK_THROWS(c->recv_until([](const json&) { return false; }, std::chrono::seconds(5)));
        CHECK_FALSE(c->is_open());
    }
    CHECK(ended["rev"].get<int>() > 0);
    ws_client late(srv.port());
    expect_error(late,
                 {{"type", "join"},
                  {"protocol_version", 1},
                  {"code", s.code},
                  {"role", "participant"},
                  {"resume_token", pw.welcome["resume_token"]}},
                 "unknown_session");
    expect_error(admin, {{"type", "open_session"}, {"session", s.id}}, "unknown_session");
    CHECK_FALSE(listed(list_sessions(admin), s.id));
    CHECK(listed(list_sessions(admin), normal.id));
    CHECK(healthz_sessions(srv.port()) == 1);
    srv.stop();
    CHECK(stored_events(srv, s.id) == 0);
    CHECK(stored_events(srv, normal.id) > 0);
}

TEST_CASE("practice: the full workshop, every kind, runs through with simulated participants") {
    server_process srv(fast_console);
    ws_client fac(srv.port()), proj(srv.port());
    const auto [s, welcome] = create_practice(fac, "volledige-workshop");
    join(proj, s.code, "projector");
    std::set<std::string> kinds;
    for (const auto& step : welcome["session"]["steps"])
        kinds.insert(step["kind"].get<std::string>());
    // The workshop has the inventory, open texts, traffic lights, dot votes (one on the
    // building blocks, one on the actions written in an earlier step) and the action plan.
    for (const char* k : {"inventory", "open_text", "traffic_light", "dot_vote", "action_plan"})
        CHECK_MESSAGE(kinds.count(k) == 1, k);
    run_all_steps(fac, proj, welcome, 20);
    ws_client admin(srv.port());
    CHECK_FALSE(listed(list_sessions(admin), s.id));
    CHECK(healthz_sessions(srv.port()) == 0);

    // A report of the rehearsal still works before the end.
    const json exp = fac.request({{"type", "export"}, {"format", "md"}});
    CHECK(is_type(exp, "export"));

    steer_ok(fac, "end_session", "");
    const json err = fac.recv_until([](const json& j) { return is_type(j, "error"); });
    CHECK(err["code"] == "session_ended");
}

TEST_CASE("practice: simulate's errors") {
    server_process srv;
    ws_client normal_fac(srv.port()), fac(srv.port());
    create_session(normal_fac, "stoplicht-visie");
    const auto [s, welcome] = create_practice(fac, "stoplicht-visie");
    const std::string step = welcome["session"]["steps"][0]["id"];

    // Only in a practice session.
    steer_ok(normal_fac, "open", step);
    CHECK(steer(normal_fac, "simulate", step)["code"] == "forbidden");
    // Only on an open step.
    CHECK(steer(fac, "simulate", step)["code"] == "invalid_transition");
    steer_ok(fac, "open", step);
    // participants 1..40; an integer; the step is required and must exist.
    CHECK(steer(fac, "simulate", step, {{"participants", 0}})["code"] == "bad_value");
    CHECK(steer(fac, "simulate", step, {{"participants", 41}})["code"] == "bad_value");
    CHECK(steer(fac, "simulate", step, {{"participants", "12"}})["code"] == "bad_message");
    CHECK(fac.request({{"type", "control"}, {"action", "simulate"}})["code"] == "bad_message");
    CHECK(steer(fac, "simulate", "geen-stap")["code"] == "unknown_step");
    steer_ok(fac, "simulate", step, {{"participants", 40}});
    steer_ok(fac, "close", step);
    CHECK(steer(fac, "simulate", step)["code"] == "invalid_transition");
    // A participant may not simulate, also not in a practice session.
    ws_client phone(srv.port());
    join(phone, s.code, "participant");
    CHECK(steer(phone, "simulate", step)["code"] == "forbidden");
    // A wrong type of `practice` is bad_message.
    ws_client other(srv.port());
    CHECK(other.request({{"type", "create_session"},
                         {"protocol_version", 1},
                         {"template", "stoplicht-visie"},
                         {"practice", "ja"}})["code"] == "bad_message");
}

TEST_CASE("practice: a rehearsal goes on after a restart, a practice session left running for "
          "hours is deleted then, others stay") {
    server_process srv;
    session_info practice, normal;
    {
        ws_client fac(srv.port()), nfac(srv.port());
        normal = create_session(nfac, "stoplicht-visie");
        const auto [s, welcome] = create_practice(fac, "stoplicht-visie");
        practice = s;
        const std::string step = welcome["session"]["steps"][0]["id"];
        steer_ok(fac, "open", step);
        steer_ok(fac, "simulate", step);
        // The server goes down in the middle of the rehearsal.
    }
    srv.kill9();
    const std::int64_t events = stored_events(srv, practice.id);
    CHECK(events > 0);
    srv.start();
    CHECK(healthz_sessions(srv.port()) == 1); // practice sessions are not counted
    {
        ws_client fac(srv.port());
        const auto back = join(fac, practice.code, "facilitator", {{"secret", practice.secret}});
        CHECK(back.welcome["session"]["practice"] == true);
        CHECK(back.view["joined"] == 12);
    }
    srv.stop();
    CHECK(stored_events(srv, practice.id) == events);

    // Nobody came back to it: its last change is older than practice::resume_within_ms.
    {
        sqlite3* h = nullptr;
        REQUIRE(sqlite3_open((srv.data_dir() + "/kring.sqlite").c_str(), &h) == SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(h, "UPDATE events SET at = at - ? WHERE session_id = ?", -1, &st,
                                   nullptr) == SQLITE_OK);
        sqlite3_bind_int64(st, 1, kring::practice::resume_within_ms + 60'000);
        sqlite3_bind_text(st, 2, practice.id.c_str(), -1, SQLITE_TRANSIENT);
        REQUIRE(sqlite3_step(st) == SQLITE_DONE);
        sqlite3_finalize(st);
        sqlite3_close(h);
    }
    srv.start();
    CHECK(healthz_sessions(srv.port()) == 1);
    ws_client c(srv.port());
    expect_error(
        c,
        {{"type", "join"}, {"protocol_version", 1}, {"code", practice.code}, {"role", "projector"}},
        "unknown_session");
    ws_client fac(srv.port());
    const auto back = join(fac, normal.code, "facilitator", {{"secret", normal.secret}});
    CHECK_FALSE(back.welcome["session"].contains("practice"));
    srv.stop();
    CHECK(stored_events(srv, practice.id) == 0);
    CHECK(stored_events(srv, normal.id) > 0);
}

} // namespace kring_test_server_practice_test
