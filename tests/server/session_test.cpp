// A session end to end: create, join in every role, answer, steer, reveal.

#include "helpers.hpp"

#include <algorithm>
#include <set>
#include <thread>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_session_test {

using namespace kring::test;

TEST_CASE("list_templates before joining, then create and join as every role") {
    server_process srv;
    ws_client fac(srv.port());

    const json t = fac.request({{"type", "list_templates"}});
    REQUIRE(is_type(t, "templates"));
    REQUIRE(t["templates"].size() >= 7);
    bool found = false;
    for (const auto& tmpl : t["templates"]) {
        CHECK(tmpl["title"]["nl"].is_string());
        CHECK(tmpl["title"]["en"].is_string());
        CHECK(tmpl["description"]["nl"].is_string());
        CHECK(tmpl["steps"].get<int>() >= 1);
        if (tmpl["id"] == "stoplicht-reflecteren") {
            found = true;
            CHECK(tmpl["steps"] == 13); // six themes: rated, noden's choice, open rounds
        }
    }
    CHECK(found);

    const session_info s = create_session(fac);
    CHECK(s.code.size() == 6);
    CHECK(s.code.find_first_not_of("ABCDEFGHJKMNPQRSTUVWXYZ") == std::string::npos);
    CHECK(s.secret.size() >= 22); // >= 128 bits in base64url
    CHECK(s.id.rfind("s-", 0) == 0);

    // A participant types the code in lower case with a dash: still the same session.
    std::string typed = s.code.substr(0, 3) + "-" + s.code.substr(3);
    for (auto& ch : typed)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    ws_client p(srv.port());
    const join_result pj = join(p, typed, "participant", {{"name", "An"}});
    CHECK(pj.welcome["role"] == "participant");
    CHECK(pj.welcome["participant_id"] == 1);
    CHECK(pj.welcome["resume_token"].get<std::string>().size() >= 22);
    CHECK(pj.welcome["session"]["code"] == s.code);
    CHECK(pj.welcome["session"]["steps"].size() ==
          13); // six themes: rated, noden's choice, open rounds
    CHECK(pj.welcome["session"]["steps"][0]["items"].size() == visie_statements);
    CHECK(pj.mine["answers"].empty());
    CHECK(pj.view["joined"] == 1);
    CHECK(pj.view["current"] == "");
    CHECK_FALSE(pj.view.contains("comments"));

    ws_client proj(srv.port());
    const join_result prj = join(proj, s.code, "projector");
    CHECK(prj.welcome["role"] == "projector");
    CHECK_FALSE(prj.welcome.contains("participant_id"));
    CHECK_FALSE(prj.welcome.contains("resume_token"));

    ws_client fac2(srv.port());
    const join_result fj = join(fac2, s.code, "facilitator", {{"secret", s.secret}});
    CHECK(fj.welcome["role"] == "facilitator");
    CHECK(fj.view.contains("comments"));

    // The first facilitator sees the participant arrive.
    wait_view(fac, [](const json& v) { return v["joined"] == 1 && v["online"] == 1; });

    // A second participant gets the next id; online counts connections.
    ws_client p2(srv.port());
    const join_result pj2 = join(p2, s.code, "participant");
    CHECK(pj2.welcome["participant_id"] == 2);
    CHECK(pj2.welcome["resume_token"] != pj.welcome["resume_token"]);
    wait_view(proj, [](const json& v) { return v["joined"] == 2 && v["online"] == 2; });

    // sync gives welcome (with the same token), mine and a view again.
    const json w = p.request({{"type", "sync"}});
    CHECK(is_type(w, "welcome"));
    CHECK(w["resume_token"] == pj.welcome["resume_token"]);
    CHECK(is_type(p.recv_until([](const json& j) { return !is_type(j, "view"); }), "mine"));

    const http_response h = http_get(srv.port(), "/healthz");
    CHECK(h.status == 200);
    CHECK(json::parse(h.body)["sessions"] == 1);
}

TEST_CASE("answers: the latest answer counts, pass is counted apart, ack only when accepted") {
    server_process srv;
    ws_client fac(srv.port());
    const session_info s = create_session(fac);
    ws_client p1(srv.port()), p2(srv.port()), p3(srv.port());
    join(p1, s.code, "participant");
    join(p2, s.code, "participant");
    join(p3, s.code, "participant");

    control(fac, "open", "visie");

    const json a1 = answer(p1, "visie", "visie-03", "green");
    REQUIRE(is_type(a1, "ack"));
    const json a2 = answer(p1, "visie", "visie-03", "red"); // changes p1's answer
    REQUIRE(is_type(a2, "ack"));
    CHECK(a2["rev"].get<std::uint64_t>() > a1["rev"].get<std::uint64_t>());
    REQUIRE(is_type(answer(p2, "visie", "visie-03", "pass"), "ack"));
    REQUIRE(is_type(answer(p3, "visie", "visie-03", "orange", "kan beter"), "ack"));
    const json last = answer(p3, "visie", "visie-04", "green");
    REQUIRE(is_type(last, "ack"));

    // A refused answer gets an error with its seq and never an ack.
    const json bad = answer(p1, "vormen", "vormen-03", "green");
    CHECK(bad["code"] == "step_not_open");
    const std::uint64_t bad_seq = bad["seq"];
    // Everything the server sends up to the reply to a later request: no ack for bad_seq.
    p1.send(json{{"type", "list_templates"}, {"seq", 999}}.dump());
    std::vector<json> seen;
    p1.recv_until([&](const json& j) {
        seen.push_back(j);
        return is_type(j, "templates") && j["seq"] == 999;
    });
    for (const auto& j : seen)
        CHECK_FALSE((is_type(j, "ack") && j["seq"] == bad_seq));

    const json v = wait_view(fac, rev_at_least(last["rev"]));
    const json it = item_of(v, "visie", "visie-03");
    REQUIRE(!it.is_null());
    CHECK(it["green"] == 0); // p1's green was replaced by red
    CHECK(it["red"] == 1);
    CHECK(it["orange"] == 1);
    CHECK(it["pass"] == 1); // pass is its own count, not a zero
    CHECK(result_of(v, "visie")["total"] == 3);
    CHECK(step_of(v, "visie")["answered"] == 3);
    CHECK(step_of(v, "visie")["phase"] == "open");
    CHECK(v["current"] == "visie");

    // The participant's own answers come back in `mine` on sync, with the latest value.
    p1.request({{"type", "sync"}});
    const json mine = p1.recv_until([](const json& j) { return is_type(j, "mine"); });
    REQUIRE(mine["answers"].size() == 1);
    CHECK(mine["answers"][0]["item"] == "visie-03");
    CHECK(mine["answers"][0]["value"] == "red");
}

TEST_CASE("results stay hidden from projector and participants until reveal, comments are only "
          "for the facilitator") {
    server_process srv;
    ws_client fac(srv.port());
    const session_info s = create_session(fac);
    ws_client p(srv.port()), proj(srv.port());
    join(p, s.code, "participant");
    join(proj, s.code, "projector");

    control(fac, "open", "visie");
    const json a = answer(p, "visie", "visie-05", "red", "<b>niet</b> duidelijk");
    REQUIRE(is_type(a, "ack"));
    const std::uint64_t rev = a["rev"];

    // Facilitator: results and the comment, always, as plain text.
    const json fv = wait_view(fac, rev_at_least(rev));
    CHECK(item_of(fv, "visie", "visie-05")["red"] == 1);
    REQUIRE(fv["comments"].size() == 1);
    CHECK(fv["comments"][0]["text"] == "<b>niet</b> duidelijk");
    CHECK(fv["comments"][0]["item"] == "visie-05");

    // Projector and participant: progress, no results, never comments.
    for (ws_client* c : {&proj, &p}) {
        const json v = wait_view(*c, rev_at_least(rev));
        CHECK(v["results"].empty());
        CHECK_FALSE(v.contains("comments"));
        CHECK(step_of(v, "visie")["answered"] == 1);
        CHECK(step_of(v, "visie")["revealed"] == false);
    }

    // Close: answers are refused now.
    control(fac, "close", "visie");
    CHECK(answer(p, "visie", "visie-05", "green")["code"] == "step_not_open");

    // Reveal: everyone sees the aggregate, still without comments.
    const std::uint64_t rev_reveal = control(fac, "reveal", "visie")["rev"];
    for (ws_client* c : {&proj, &p}) {
        const json v = wait_view(*c, rev_at_least(rev_reveal));
        CHECK(step_of(v, "visie")["revealed"] == true);
        CHECK(step_of(v, "visie")["phase"] == "closed");
        CHECK(item_of(v, "visie", "visie-05")["red"] == 1);
        CHECK(result_of(v, "vormen").is_null()); // not revealed
        CHECK_FALSE(v.contains("comments"));
    }

    // Hide again.
    const std::uint64_t rev_hide = control(fac, "hide", "visie")["rev"];
    const json hidden = wait_view(proj, rev_at_least(rev_hide));
    CHECK(hidden["results"].empty());

    // goto moves the current step without changing phases.
    const std::uint64_t rev_goto = control(fac, "goto", "vormen")["rev"];
    const json g = wait_view(fac, rev_at_least(rev_goto));
    CHECK(g["current"] == "vormen");
    CHECK(step_of(g, "vormen")["phase"] == "pending");
}

TEST_CASE("view.rev never goes back and a burst of answers is coalesced") {
    server_process srv;
    ws_client fac(srv.port());
    const session_info s = create_session(fac, "stoplicht-visie");
    ws_client proj(srv.port());
    join(proj, s.code, "projector");
    const std::uint64_t rev_open = control(fac, "open", "visie")["rev"];

    std::vector<std::unique_ptr<ws_client>> ps;
    for (int i = 0; i < 4; ++i) {
        ps.push_back(std::make_unique<ws_client>(srv.port()));
        join(*ps.back(), s.code, "participant");
    }
    // 4 participants x 11 statements, sent without waiting, then all acks collected.
    std::uint64_t last_rev = 0;
    for (auto& p : ps) {
        for (int i = 1; i <= visie_statements; ++i)
            p->send(json{{"type", "answer"},
                         {"seq", 1000 + i},
                         {"step", "visie"},
                         {"item", item_id("visie", i)},
                         {"value", i % 2 ? "green" : "red"}}
                        .dump());
    }
    for (auto& p : ps) {
        for (int i = 1; i <= visie_statements; ++i) {
            const json ack = p->recv_until([](const json& j) { return is_type(j, "ack"); });
            CHECK(ack["seq"] == 1000 + i); // acks come in request order
            last_rev = std::max(last_rev, ack["rev"].get<std::uint64_t>());
        }
    }
    // Acks that waited together came as batches (one WebSocket message holding an array),
    // still in request order (checked above).
    std::size_t batches = 0;
    for (auto& p : ps)
        batches += p->batches_received();
    CHECK(batches > 0);

    // The projector's views: revisions never go back (a change of `online` alone repeats
    // one), and the 44 answers arrive in far fewer than 44 views.
    std::uint64_t prev = 0;
    int views = 0;
    for (;;) {
        const json v = proj.recv_until([](const json& j) { return is_type(j, "view"); });
        CHECK(v["rev"].get<std::uint64_t>() >= prev);
        prev = v["rev"];
        if (prev > rev_open)
            ++views;
        if (prev >= last_rev) {
            CHECK(step_of(v, "visie")["complete"] == 4);
            break;
        }
    }
    CHECK(views < 44);
}

TEST_CASE("many participants at once: every acknowledged answer is counted exactly once") {
    server_process srv;
    ws_client fac(srv.port());
    const session_info s = create_session(fac, "stoplicht-visie");
    ws_client proj(srv.port());
    join(proj, s.code, "projector");
    control(fac, "open", "visie");

    constexpr int people = 16;
    std::vector<std::thread> threads;
    std::vector<std::uint64_t> max_rev(people, 0);
    std::vector<std::string> failures(people);
    for (int p = 0; p < people; ++p) {
        threads.emplace_back([&, p] {
            try {
                ws_client c(srv.port());
                join(c, s.code, "participant");
                // Everyone answers every statement twice; only the second answer counts.
                for (int round = 0; round < 2; ++round) {
                    for (int i = 1; i <= visie_statements; ++i)
                        c.send(json{{"type", "answer"},
                                    {"seq", round * 100 + i},
                                    {"step", "visie"},
                                    {"item", item_id("visie", i)},
                                    {"value", round == 0 ? "red" : (p % 2 ? "green" : "orange")}}
                                   .dump());
                }
                for (int n = 0; n < 2 * visie_statements; ++n) {
                    const json a = c.recv_until(
                        [](const json& j) { return is_type(j, "ack") || is_type(j, "error"); });
                    if (!is_type(a, "ack"))
                        throw std::runtime_error(a.dump());
                    max_rev[p] = std::max(max_rev[p], a["rev"].get<std::uint64_t>());
                }
            } catch (const std::exception& e) {
                failures[p] = e.what();
            } catch (...) {
                failures[p] = "failed assertion"; // doctest's own exception type
            }
        });
    }
    for (auto& t : threads)
        t.join();
    for (const auto& f : failures)
        CHECK_MESSAGE(f.empty(), f);
    const std::uint64_t last = *std::max_element(max_rev.begin(), max_rev.end());

    const json v = wait_view(fac, rev_at_least(last));
    CHECK(v["joined"] == people);
    CHECK(step_of(v, "visie")["complete"] == people);
    for (int i = 1; i <= visie_statements; ++i) {
        const json it = item_of(v, "visie", item_id("visie", i));
        CHECK(it["green"] == people / 2);
        CHECK(it["orange"] == people / 2);
        CHECK(it["red"] == 0);
    }
    // The projector converges on the same revision.
    CHECK(wait_view(proj, rev_at_least(last))["rev"] == v["rev"]);
}
} // namespace kring_test_server_session_test
