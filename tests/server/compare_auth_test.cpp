// Comparing with another session only within what one may see (docs/protocol.md,
// "Comparison of two sessions"; docs/security.md): a facilitator compares its session only
// with a session it may steer too (an admin, or it gives that session's facilitator
// secret), over WebSocket (`export`, `set_compare`) and HTTP (`?compare=`); and only the
// steps the other session's own room was shown take part. The session id is no key:
// participants and projectors do not even get it.

#include "helpers.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_compare_auth_test {

using namespace kring::test;

namespace {

const std::string admin_token = "compare-admin-token-0123456789";

/** create_session with the admin token (needed when loopback is not trusted). */
session_info create_with_token(ws_client& fac) {
    const json r = fac.request({{"type", "create_session"},
                                {"protocol_version", 1},
                                {"template", "stoplicht-reflecteren"},
                                {"admin_token", admin_token}});
    REQUIRE_MESSAGE(is_type(r, "session_created"), r.dump());
    fac.recv_until([](const json& j) { return is_type(j, "view"); });
    return {r["join_code"], r["facilitator_secret"], r["session_id"]};
}

/** The steps named in a comparison's items. */
std::set<std::string> compared_steps(const json& compare) {
    std::set<std::string> out;
    for (const auto& it : compare.value("items", json::array()))
        out.insert(it["step"].get<std::string>());
    return out;
}

/**
 * Two sessions of one template on a server that does not trust loopback (every test
 * connection is "from another machine"): A, whose facilitator is not an admin, and B,
 * with `visie` answered and revealed and `vormen` answered but never revealed.
 */
struct two_sessions {
    server_process srv{{"--trust-loopback", "no", "--admin-token", admin_token}};
    ws_client creator_a{srv.port()}, creator_b{srv.port()};
    session_info a = create_with_token(creator_a);
    session_info b = create_with_token(creator_b);
    std::vector<std::unique_ptr<ws_client>> people;

    two_sessions() {
        for (const auto* s : {&a, &b}) {
            ws_client& fac = s == &a ? creator_a : creator_b;
            control(fac, "open", "visie");
            control(fac, "open", "vormen");
            people.push_back(std::make_unique<ws_client>(srv.port()));
            join(*people.back(), s->code, "participant");
            const char* colour = s == &a ? "green" : "red";
            REQUIRE(is_type(answer(*people.back(), "visie", "visie-03", colour), "ack"));
            REQUIRE(is_type(answer(*people.back(), "vormen", "vormen-03", colour), "ack"));
            control(fac, "reveal", "visie");
        }
        // A's own room sees both of its steps.
        control(creator_a, "reveal", "vormen");
    }
};

} // namespace

TEST_CASE("compare: a facilitator who may not steer the other session is refused, over "
          "WebSocket and HTTP") {
    two_sessions t;
    // A's facilitator from another machine: joined with A's secret, not an admin.
    ws_client fac(t.srv.port());
    join(fac, t.a.code, "facilitator", {{"secret", t.a.secret}});

    // export with compare: B's id alone is no key, nor A's secret, nor a wrong token.
    const json msg{{"type", "export"}, {"format", "json"}, {"compare", t.b.id}};
    expect_error(fac, msg, "forbidden");
    json with_own = msg;
    with_own["compare_secret"] = t.a.secret;
    expect_error(fac, with_own, "forbidden");
    json wrong_token = msg;
    wrong_token["admin_token"] = "not-the-admin-token-at-all";
    expect_error(fac, wrong_token, "forbidden");
    for (const char* format : {"html", "md"}) {
        json other_format = msg;
        other_format["format"] = format;
        expect_error(fac, other_format, "forbidden");
    }

    // set_compare: the same rule; the session keeps no comparison.
    const json set{{"type", "control"}, {"action", "set_compare"}, {"session", t.b.id}};
    expect_error(fac, set, "forbidden");
    json set_own = set;
    set_own["compare_secret"] = t.a.secret;
    expect_error(fac, set_own, "forbidden");
    json set_wrong_token = set;
    set_wrong_token["admin_token"] = "not-the-admin-token-at-all";
    expect_error(fac, set_wrong_token, "forbidden");
    const json synced = fac.request({{"type", "sync"}});
    REQUIRE(is_type(synced, "welcome"));
    CHECK(fac.recv_until([](const json& j) { return is_type(j, "view"); })["compare"].is_null());

    // HTTP: A's secret opens A's report, not B's results inside it.
    const std::string report = "/sessions/" + t.a.id + "/report.json";
    CHECK(get_with(t.srv.port(), report, "Bearer " + t.a.secret).status == 200);
    for (const char* file : {"/report.json", "/report.html", "/report.md"}) {
        const http_response r =
            get_with(t.srv.port(), "/sessions/" + t.a.id + file + "?compare=" + t.b.id,
                     "Bearer " + t.a.secret);
        CHECK(r.status == 403);
        CHECK(r.body.find("vormen") == std::string::npos);
    }
    CHECK(get_with(t.srv.port(), report + "?compare=" + t.b.id,
                   "Bearer " + t.a.secret + " " + t.a.secret)
              .status == 403);
    CHECK(get_with(t.srv.port(), report + "?compare=" + t.b.id,
                   "Bearer " + t.a.secret + " wrong-secret")
              .status == 403);
    // The order: an unknown session to compare with is 404, a wrong own secret 401.
    CHECK(get_with(t.srv.port(), report + "?compare=s-000000000000000000000000",
                   "Bearer " + t.a.secret)
              .status == 404);
    CHECK(get_with(t.srv.port(), report + "?compare=" + t.b.id, "Bearer " + t.b.secret).status ==
          401);
}

TEST_CASE("compare: with the other session's secret or the admin token, and only what that "
          "session's room was shown") {
    two_sessions t;
    ws_client fac(t.srv.port());
    join(fac, t.a.code, "facilitator", {{"secret", t.a.secret}});
    const std::set<std::string> revealed_only{"visie"};

    // export with B's secret, or with the admin token.
    for (const json& proof :
         {json{{"compare_secret", t.b.secret}}, json{{"admin_token", admin_token}}}) {
        CAPTURE(proof.dump());
        json msg{{"type", "export"}, {"format", "json"}, {"compare", t.b.id}};
        msg.update(proof);
        const json r = fac.request(msg);
        REQUIRE_MESSAGE(is_type(r, "export"), r.dump());
        const json report = json::parse(r["content"].get<std::string>());
        REQUIRE(report["compare"].is_object());
        CHECK(report["compare"]["session"] == t.b.id);
        // B's `vormen` was never revealed: it is not compared.
        CHECK(compared_steps(report["compare"]) == revealed_only);
        CHECK(report["compare"]["items"][0]["before"]["red"] == 100);
    }

    // HTTP with both secrets.
    const http_response r =
        get_with(t.srv.port(), "/sessions/" + t.a.id + "/report.json?compare=" + t.b.id,
                 "Bearer " + t.a.secret + " " + t.b.secret);
    REQUIRE(r.status == 200);
    const json report = json::parse(r.body);
    CHECK(report["compare"]["session"] == t.b.id);
    CHECK(compared_steps(report["compare"]) == revealed_only);
    const http_response html =
        get_with(t.srv.port(), "/sessions/" + t.a.id + "/report.html?compare=" + t.b.id,
                 "Bearer " + t.a.secret + " " + t.b.secret);
    CHECK(html.status == 200);

    // set_compare with B's secret: the view's comparison, for the facilitator and the
    // projector, again without B's unrevealed step.
    ws_client proj(t.srv.port());
    join(proj, t.a.code, "projector");
    const json ack = fac.request({{"type", "control"},
                                  {"action", "set_compare"},
                                  {"session", t.b.id},
                                  {"compare_secret", t.b.secret}});
    REQUIRE_MESSAGE(is_type(ack, "ack"), ack.dump());
    for (ws_client* c : {&fac, &proj}) {
        const json v = wait_view(*c, [&](const json& j) {
            return j.value("rev", 0) >= ack["rev"].get<int>() &&
                   j.value("compare", json()).is_object();
        });
        CHECK(v["compare"]["session"] == t.b.id);
        CHECK(compared_steps(v["compare"]) == revealed_only);
    }
    // Stopping a comparison needs no proof.
    const json off = fac.request({{"type", "control"}, {"action", "set_compare"}, {"session", ""}});
    CHECK_MESSAGE(is_type(off, "ack"), off.dump());
}

TEST_CASE("compare: an admin (the admin token) compares with any session by set_compare") {
    two_sessions t;
    ws_client fac(t.srv.port());
    join(fac, t.a.code, "facilitator", {{"secret", t.a.secret}});
    const json ack = fac.request({{"type", "control"},
                                  {"action", "set_compare"},
                                  {"session", t.b.id},
                                  {"admin_token", admin_token}});
    REQUIRE_MESSAGE(is_type(ack, "ack"), ack.dump());
    const json v = wait_view(fac, [&](const json& j) {
        return j.value("rev", 0) >= ack["rev"].get<int>() && j.value("compare", json()).is_object();
    });
    CHECK(compared_steps(v["compare"]) == std::set<std::string>{"visie"});
}

TEST_CASE("compare: participants and projectors do not learn the session id") {
    two_sessions t;
    ws_client p(t.srv.port()), proj(t.srv.port()), fac(t.srv.port());
    const join_result jp = join(p, t.b.code, "participant");
    const join_result jproj = join(proj, t.b.code, "projector");
    for (const json* w : {&jp.welcome, &jproj.welcome}) {
        CHECK_FALSE((*w)["session"].contains("id"));
        CHECK((*w)["session"]["code"] == t.b.code);
        CHECK(w->dump().find(t.b.id) == std::string::npos);
    }
    for (const json* v : {&jp.view, &jproj.view})
        CHECK(v->dump().find(t.b.id) == std::string::npos);
    // A sync brings the same welcome again.
    const json again = p.request({{"type", "sync"}});
    REQUIRE(is_type(again, "welcome"));
    CHECK_FALSE(again["session"].contains("id"));
    // The facilitator keeps it (exports, comparisons, the library).
    const join_result jf = join(fac, t.b.code, "facilitator", {{"secret", t.b.secret}});
    CHECK(jf.welcome["session"]["id"] == t.b.id);
}
} // namespace kring_test_server_compare_auth_test
