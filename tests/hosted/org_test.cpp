// Organisations on a hosted server (docs/hosting.md, "Organisations"): the operator's
// `kring-server org` commands against real PostgreSQL, and the isolation matrix: the key of
// organisation A never lists, opens, exports, compares, steers or deletes a session of B, nor
// reads or uses B's own templates, over WebSocket and HTTP; nothing of B changes meanwhile.
#include "cluster.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <sys/wait.h>

namespace kring_test_hosted_org_test {

using namespace kring::test;

pg_cluster& pg() {
    static pg_cluster c;
    return c;
}

/** What a command printed (stdout and stderr together) and its exit code. */
struct command_result {
    int status = -1;
    std::string output;
};

/** `kring-server --data URL ARGS` (the operator's command line); ARGS already quoted. */
command_result kring_server(const std::string& url, const std::string& args) {
    const std::string cmd = "'" + server_binary() + "' --data '" + url + "' " + args + " 2>&1";
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p);
    command_result r;
    char buf[4096];
    while (const std::size_t n = std::fread(buf, 1, sizeof buf, p))
        r.output.append(buf, n);
    const int st = ::pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

/** An organisation as `org add` printed it. */
struct org {
    std::string id;
    std::string key;
};

/** The key: the last line of the output, indented by two spaces. */
std::string last_line(const std::string& out) {
    std::string s = out;
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
        s.pop_back();
    const auto nl = s.rfind('\n');
    std::string line = nl == std::string::npos ? s : s.substr(nl + 1);
    return line.substr(line.find_first_not_of(' '));
}

org add_org(const std::string& url, const std::string& name) {
    const command_result r = kring_server(url, "org add '" + name + "'");
    REQUIRE_MESSAGE(r.status == 0, r.output);
    const auto at = r.output.find("with id ");
    REQUIRE(at != std::string::npos);
    org o;
    o.id = r.output.substr(at + 8, r.output.find('.', at) - at - 8);
    o.key = last_line(r.output);
    CHECK(o.id.rfind("o-", 0) == 0);
    CHECK(o.key.rfind("kro_", 0) == 0);
    return o;
}

constexpr const char* operator_token = "operator-admin-token-0123456789";

json with_key(const std::string& key) {
    return {{"admin_token", key}};
}

/** A small own template named `id`, titled `title`. */
json own_template(const std::string& id, const std::string& title) {
    return {
        {"id", id},
        {"title", {{"nl", title}, {"en", title}}},
        {"description", {{"nl", "Eigen agenda"}, {"en", "Own agenda"}}},
        {"steps",
         json::array({{{"id", "vraag"},
                       {"kind", "open_text"},
                       {"title", {{"nl", "Wat neem je mee?"}, {"en", "What do you take?"}}}}})}};
}

std::vector<std::string> ids_of(const json& sessions) {
    std::vector<std::string> out;
    for (const auto& s : sessions)
        out.push_back(s["id"]);
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

TEST_CASE("organisations: org add, key, revoke and list from the command line, with errors for "
          "people") {
    const std::string url = pg().fresh_database();
    const org gent = add_org(url, "Huis van het Kind Gent");
    // The same name twice, an empty name, an unknown command: refused, nothing added.
    const command_result twice = kring_server(url, "org add 'Huis van het Kind Gent'");
    CHECK(twice.status == 1);
    CHECK(twice.output.find("exists already") != std::string::npos);
    CHECK(kring_server(url, "org add '   '").status == 2);
    CHECK(kring_server(url, "org add '" + std::string(81, 'x') + "'").status == 2);
    CHECK(kring_server(url, "org frobnicate").status == 2);
    CHECK(kring_server(url, "org key o-0000000000").status == 1);
    CHECK(kring_server(url, "org revoke k-0000000000").status == 1);
    // The embedded mode has no organisations.
    const command_result embedded = kring_server("/tmp/kring-org-test.sqlite", "org list");
    CHECK(embedded.status == 2);
    CHECK(embedded.output.find("hosted mode") != std::string::npos);

    // A second key; the list shows both keys in use, and the key is in no list.
    const command_result second = kring_server(url, "org key " + gent.id);
    REQUIRE_MESSAGE(second.status == 0, second.output);
    const std::string key2 = last_line(second.output);
    const auto kid = second.output.find("k-");
    REQUIRE(kid != std::string::npos);
    const std::string key2_id = second.output.substr(kid, 12);
    command_result list = kring_server(url, "org list");
    REQUIRE(list.status == 0);
    CHECK(list.output.find("Huis van het Kind Gent") != std::string::npos);
    CHECK(list.output.find(key2_id + "  made") != std::string::npos);
    CHECK(list.output.find("0 sessions") != std::string::npos);
    CHECK(list.output.find(gent.key) == std::string::npos);
    CHECK(list.output.find(key2) == std::string::npos);
    // Only hashes are kept.
    CHECK(pg().query(url, "SELECT COUNT(*) FROM organisation_keys WHERE key_hash LIKE '%" +
                              gent.key.substr(4, 10) + "%'") == "0");

    // Used: one session with two participants is in the list.
    server_process srv({"--admin-token", operator_token}, url);
    ws_client fac(srv.port());
    const session_info s = create_session(fac, "stoplicht-visie", with_key(key2));
    for (int i = 0; i < 2; ++i) {
        ws_client p(srv.port());
        join(p, s.code, "participant");
    }
    list = kring_server(url, "org list");
    CHECK_MESSAGE(list.output.find("1 session, 2 participants") != std::string::npos, list.output);

    // Revoked: refused from the next request on, by the running server; the other key works.
    const command_result revoked = kring_server(url, "org revoke " + key2_id);
    CHECK_MESSAGE(revoked.status == 0, revoked.output);
    ws_client c(srv.port());
    expect_error(c, {{"type", "list_sessions"}, {"admin_token", key2}}, "forbidden");
    CHECK(ids_of(list_sessions(c, with_key(gent.key))) == std::vector<std::string>{s.id});
    CHECK(kring_server(url, "org revoke " + key2_id).status == 1);
    list = kring_server(url, "org list");
    CHECK(list.output.find(key2_id + "  made") != std::string::npos);
    CHECK(list.output.find(", revoked ") != std::string::npos);
}

TEST_CASE("organisations: A's key never lists, opens, exports, compares, steers or deletes B's "
          "sessions nor uses B's templates, over WebSocket and HTTP, and nothing of B changes") {
    const std::string url = pg().fresh_database();
    const org a = add_org(url, "Huis van het Kind Aalst");
    const org b = add_org(url, "Huis van het Kind Brugge");
    server_process srv({"--admin-token", operator_token}, url);

    // Each organisation: a session of the same template with an answer, and an own template.
    ws_client fac_a(srv.port()), fac_b(srv.port());
    const session_info sa = create_session(fac_a, "stoplicht-visie", with_key(a.key));
    const session_info sb = create_session(fac_b, "stoplicht-visie", with_key(b.key));
    control(fac_b, "open", "visie");
    ws_client pb(srv.port());
    join(pb, sb.code, "participant");
    REQUIRE(is_type(answer(pb, "visie", "visie-03", "red", "alleen voor Brugge"), "ack"));
    control(fac_b, "reveal", "visie");
    ws_client admin_b(srv.port());
    REQUIRE(is_type(admin_b.request({{"type", "save_template"},
                                     {"template", own_template("brugge-avond", "Brugse avond")},
                                     {"admin_token", b.key}}),
                    "ack"));
    const std::string events_b =
        pg().query(url, "SELECT COUNT(*) FROM events WHERE session_id = '" + sb.id + "'");
    const std::string lease_b =
        pg().query(url, "SELECT epoch FROM session_leases WHERE session_id = '" + sb.id + "'");

    ws_client c(srv.port()); // A's console, from "another machine": only its key
    // List: A's own, not B's; B's the other way round; the operator both.
    const auto list_a = ids_of(list_sessions(c, with_key(a.key)));
    CHECK(has(list_a, sa.id));
    CHECK(!has(list_a, sb.id));
    const auto list_b = ids_of(list_sessions(c, with_key(b.key)));
    CHECK(has(list_b, sb.id));
    CHECK(!has(list_b, sa.id));
    const auto all = ids_of(list_sessions(c, with_key(operator_token)));
    CHECK((has(all, sa.id) && has(all, sb.id)));
    // No key, a made-up key, B's key with a letter changed: no library at all.
    expect_error(c, {{"type", "list_sessions"}}, "forbidden");
    expect_error(c, {{"type", "list_sessions"}, {"admin_token", "kro_made-up"}}, "forbidden");
    std::string near_b = b.key;
    near_b.back() = near_b.back() == 'A' ? 'B' : 'A';
    expect_error(c, {{"type", "list_sessions"}, {"admin_token", near_b}}, "forbidden");

    // Open, delete: B's session is unknown to A's key.
    expect_error(c, {{"type", "open_session"}, {"session", sb.id}, {"admin_token", a.key}},
                 "unknown_session");
    expect_error(c, {{"type", "delete_session"}, {"session", sb.id}, {"admin_token", a.key}},
                 "unknown_session");
    // Steer: B's code with A's key as the facilitator secret is no facilitator.
    ws_client steer_b(srv.port());
    const json as_fac = steer_b.request({{"type", "join"},
                                         {"protocol_version", 1},
                                         {"code", sb.code},
                                         {"role", "facilitator"},
                                         {"secret", a.key}});
    CHECK(is_type(as_fac, "error"));
    CHECK(as_fac["code"] == "forbidden");

    // Export and compare from A's own session, with A's key: B's results never come along.
    ws_client fac(srv.port());
    const json opened =
        fac.request({{"type", "open_session"}, {"session", sa.id}, {"admin_token", a.key}});
    REQUIRE_MESSAGE(is_type(opened, "welcome"), opened.dump());
    fac.recv_until([](const json& j) { return is_type(j, "view"); });
    for (const char* format : {"json", "html", "md"})
        expect_error(
            fac,
            {{"type", "export"}, {"format", format}, {"compare", sb.id}, {"admin_token", a.key}},
            "forbidden");
    expect_error(fac,
                 {{"type", "control"},
                  {"action", "set_compare"},
                  {"session", sb.id},
                  {"admin_token", a.key}},
                 "forbidden");
    // A's own export works (so the refusals above are about B).
    const json own_export = fac.request({{"type", "export"}, {"format", "json"}});
    CHECK_MESSAGE(is_type(own_export, "export"), own_export.dump());

    // Templates: B's own is not in A's list, not readable, not usable; it is in B's.
    auto template_ids = [&](const std::string& key) {
        ws_client t(srv.port());
        const json r = t.request({{"type", "list_templates"}, {"admin_token", key}});
        REQUIRE(is_type(r, "templates"));
        std::vector<std::string> ids;
        for (const auto& x : r["templates"])
            ids.push_back(x["id"]);
        return ids;
    };
    CHECK(!has(template_ids(a.key), "brugge-avond"));
    CHECK(has(template_ids(b.key), "brugge-avond"));
    CHECK(has(template_ids(a.key), "stoplicht-visie"));
    CHECK(!has(template_ids(""), "brugge-avond"));
    expect_error(c,
                 {{"type", "get_template"}, {"template", "brugge-avond"}, {"admin_token", a.key}},
                 "unknown_template");
    ws_client create_a(srv.port());
    expect_error(create_a,
                 {{"type", "create_session"},
                  {"protocol_version", 1},
                  {"template", "brugge-avond"},
                  {"admin_token", a.key}},
                 "unknown_template");
    // B uses its own template.
    ws_client create_b(srv.port());
    create_session(create_b, "brugge-avond", with_key(b.key));

    // HTTP: A's key opens A's report, not B's, nor B's results as a comparison.
    const std::string report_b = "/sessions/" + sb.id + "/report.json";
    const std::string report_a = "/sessions/" + sa.id + "/report.json";
    CHECK(get_with(srv.port(), report_a, "Bearer " + a.key).status == 200);
    for (const char* file : {"/report.json", "/report.html", "/report.md", "/steps/visie.csv"}) {
        const http_response r =
            get_with(srv.port(), "/sessions/" + sb.id + file, "Bearer " + a.key);
        CHECK(r.status == 401);
        CHECK(r.body.find("Brugge") == std::string::npos);
    }
    const http_response cmp =
        get_with(srv.port(), report_a + "?compare=" + sb.id, "Bearer " + a.key);
    CHECK(cmp.status == 403);
    CHECK(cmp.body.find("alleen voor Brugge") == std::string::npos);
    CHECK(get_with(srv.port(), report_b, "Bearer " + b.key).status == 200);
    CHECK(get_with(srv.port(), report_b, "Bearer " + sb.secret).status == 200);

    // Nothing of B changed: its events, its lease, its answer.
    CHECK(pg().query(url, "SELECT COUNT(*) FROM events WHERE session_id = '" + sb.id + "'") ==
          events_b);
    CHECK(pg().query(url, "SELECT epoch FROM session_leases WHERE session_id = '" + sb.id + "'") ==
          lease_b);
    const auto still_b = ids_of(list_sessions(c, with_key(b.key)));
    CHECK(has(still_b, sb.id));
    const json view_b = fac_b.request({{"type", "sync"}});
    REQUIRE(is_type(view_b, "welcome"));
    CHECK(item_of(fac_b.recv_until([](const json& j) { return is_type(j, "view"); }), "visie",
                  "visie-03")["red"] == 1);
    // The operator's token opens B's session (it runs the server).
    ws_client op(srv.port());
    const json by_operator =
        op.request({{"type", "open_session"}, {"session", sb.id}, {"admin_token", operator_token}});
    CHECK_MESSAGE(is_type(by_operator, "welcome"), by_operator.dump());
}

} // namespace kring_test_hosted_org_test
