// Bad input: every failure is a typed error with the request's seq, the connection stays
// usable (except after too_large), and nothing stored is touched.

#include "helpers.hpp"

#include <thread>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_bad_input_test {

using namespace kring::test;

namespace {

/** The connection still answers requests. */
void check_usable(ws_client& c) {
    const json t = c.request({{"type", "list_templates"}});
    CHECK_MESSAGE(is_type(t, "templates"), t.dump());
}

/** An error reply without a seq (the frame could not be read far enough to find one). */
json expect_bare_error(ws_client& c, const std::string& code) {
    const json r = c.recv_until([](const json& j) { return is_type(j, "error"); });
    CHECK_MESSAGE(r.value("code", "") == code, r.dump());
    CHECK_FALSE(r.contains("seq"));
    return r;
}

} // namespace

TEST_CASE("malformed frames: bad_json, bad_message, unknown_type, unsupported_version") {
    server_process srv;
    ws_client c(srv.port());

    // Not JSON.
    c.send("{\"type\": \"join\", ");
    expect_bare_error(c, "bad_json");
    c.send("hallo");
    expect_bare_error(c, "bad_json");
    // A JSON array or string is not a message.
    c.send("[1, 2, 3]");
    expect_bare_error(c, "bad_json");
    c.send("\"join\"");
    expect_bare_error(c, "bad_json");
    check_usable(c);

    // Wrong types.
    expect_error(
        c, {{"type", "join"}, {"protocol_version", 1}, {"code", 123}, {"role", "participant"}},
        "bad_message");
    expect_error(
        c,
        {{"type", "join"}, {"protocol_version", "1"}, {"code", "ABCDEF"}, {"role", "participant"}},
        "bad_message");
    expect_error(c, {{"type", 7}}, "bad_message");
    expect_error(c, {{"type", "answer"}, {"step", "visie"}, {"item", 1}, {"value", "green"}},
                 "bad_message");
    c.send(R"({"type":"list_templates","seq":"one"})");
    expect_bare_error(c, "bad_message");
    check_usable(c);

    // Missing fields.
    expect_error(c, {{"type", "answer"}}, "bad_message");
    expect_error(c, {{"type", "join"}, {"protocol_version", 1}, {"role", "participant"}},
                 "bad_message");
    expect_error(c, {{"type", "create_session"}, {"protocol_version", 1}}, "bad_message");
    expect_error(c, {{"protocol_version", 1}}, "bad_message");
    expect_error(
        c, {{"type", "join"}, {"protocol_version", 1}, {"code", "ABCDEF"}, {"role", "facilitator"}},
        "bad_message"); // a facilitator needs a secret
    check_usable(c);

    // Unknown type; unsupported protocol_version.
    expect_error(c, {{"type", "delete_everything"}}, "unknown_type");
    expect_error(
        c, {{"type", "create_session"}, {"protocol_version", 2}, {"template", "stoplicht-visie"}},
        "unsupported_version");
    expect_error(
        c, {{"type", "join"}, {"protocol_version", 0}, {"code", "ABCDEF"}, {"role", "projector"}},
        "unsupported_version");
    check_usable(c);

    // A binary frame.
    c.send_binary(std::string("\x00\x01\x02{}", 5));
    expect_bare_error(c, "bad_message");

    CHECK(c.is_open());
    check_usable(c);
    // And the connection can still do real work.
    create_session(c);
}

TEST_CASE("an oversized frame gets too_large and close 1009, the server serves others") {
    server_process srv({"--max-message", "2048"});
    ws_client fac(srv.port());
    const session_info s = create_session(fac);

    ws_client big(srv.port());
    join(big, s.code, "participant");
    big.send(json{{"type", "answer"},
                  {"seq", 5},
                  {"step", "visie"},
                  {"item", "visie-03"},
                  {"value", "green"},
                  {"comment", std::string(5000, 'x')}}
                 .dump());
    // A view broadcast (the join changed `online`) may come first; the error follows.
    const json err = big.recv_until([](const json& j) { return !is_type(j, "view"); });
    CHECK(is_type(err, "error"));
    CHECK(err["code"] == "too_large");
    // A view broadcast queued before the close may still come (the join changed `online`);
    // then nothing but the close.
    CHECK_THROWS(
        big.recv_until([](const json& j) { return !is_type(j, "view"); }, std::chrono::seconds(5)));
    CHECK_FALSE(big.is_open());
    CHECK(big.close_code() == 1009);

    // Just under the limit is fine, and other connections were never disturbed.
    ws_client p(srv.port());
    join(p, s.code, "participant");
    control(fac, "open", "visie");
    CHECK(is_type(answer(p, "visie", "visie-03", "green", std::string(400, 'y')), "ack"));
    check_usable(fac);
}

namespace {

/** An answer of exactly `bytes` bytes (its comment fills it up). */
std::string answer_of_size(int seq, std::size_t bytes) {
    json msg{{"type", "answer"},   {"seq", seq},       {"step", "visie"},
             {"item", "visie-03"}, {"value", "green"}, {"comment", ""}};
    const std::size_t base = msg.dump().size();
    REQUIRE(bytes >= base);
    msg["comment"] = std::string(bytes - base, 'z');
    std::string text = msg.dump();
    REQUIRE(text.size() == bytes);
    return text;
}

json reply_to(ws_client& c, int seq) {
    return c.recv_until([seq](const json& j) { return j.value("seq", -1) == seq; });
}

} // namespace

TEST_CASE("messages around the first read's 256 bytes and in pieces are read whole, and "
          "the limit holds across pieces") {
    server_process srv({"--max-message", "256", "--max-text", "500"});
    ws_client fac(srv.port());
    const session_info s = create_session(fac);
    control(fac, "open", "visie");
    ws_client p(srv.port());
    join(p, s.code, "participant");

    // 255 and 256 bytes (the limit): one read each.
    int seq = 100;
    for (const std::size_t bytes : {std::size_t(200), std::size_t(255), std::size_t(256)}) {
        p.send(answer_of_size(++seq, bytes));
        const json r = reply_to(p, seq);
        CHECK_MESSAGE(is_type(r, "ack"), bytes << " bytes: " << r.dump());
    }
    // In pieces of 1, 7 and 100 bytes (continuation frames).
    json last;
    for (const std::size_t piece : {std::size_t(1), std::size_t(7), std::size_t(100)}) {
        p.send_fragmented(answer_of_size(++seq, 250 - piece), piece);
        last = reply_to(p, seq);
        CHECK_MESSAGE(is_type(last, "ack"), "pieces of " << piece << ": " << last.dump());
    }
    // The last one's comment arrived whole: every byte of it, none of another message's.
    const json sent = json::parse(answer_of_size(seq, 150));
    fac.request({{"type", "sync"}});
    const json v = wait_view(fac, rev_at_least(last.value("rev", 0)));
    REQUIRE(v["comments"].size() == 1);
    CHECK(v["comments"][0]["text"] == sent["comment"]);

    // One byte over the limit, in pieces: the first pieces fit, the whole does not.
    ws_client q(srv.port());
    join(q, s.code, "participant");
    q.send_fragmented(answer_of_size(7, 257), 64);
    const json err = q.recv_until([](const json& j) { return is_type(j, "error"); });
    CHECK(err["code"] == "too_large");
    CHECK_THROWS(
        q.recv_until([](const json& j) { return !is_type(j, "view"); }, std::chrono::seconds(5)));
    CHECK(q.close_code() == 1009);

    // And 257 bytes in one frame.
    ws_client r(srv.port());
    join(r, s.code, "participant");
    r.send(answer_of_size(8, 257));
    CHECK(r.recv_until([](const json& j) { return is_type(j, "error"); })["code"] == "too_large");
    check_usable(fac);
}

TEST_CASE("invalid UTF-8 in a text frame closes the connection with 1007, others go on") {
    server_process srv;
    ws_client c(srv.port()), other(srv.port());
    check_usable(c);
    c.send("{\"type\":\"list_templates\",\"seq\":1,\"x\":\"caf\xc3\x28\"}");
    // No error message: the WebSocket layer refuses the frame before the protocol sees it.
    CHECK_THROWS(c.recv(std::chrono::seconds(5)));
    CHECK_FALSE(c.is_open());
    CHECK(c.close_code() == 1007);
    check_usable(other);
}

TEST_CASE("domain errors: not_joined, unknown_session, forbidden, steps, items, values") {
    server_process srv({"--max-text", "20"});
    ws_client fac(srv.port());
    const session_info s = create_session(fac);
    ws_client p(srv.port());

    // Before joining.
    expect_error(p,
                 {{"type", "answer"}, {"step", "visie"}, {"item", "visie-03"}, {"value", "green"}},
                 "not_joined");
    expect_error(p, {{"type", "control"}, {"action", "open"}, {"step", "visie"}}, "not_joined");
    expect_error(p, {{"type", "sync"}}, "not_joined");
    expect_error(
        p, {{"type", "join"}, {"protocol_version", 1}, {"code", "ZZZZZZ"}, {"role", "participant"}},
        "unknown_session");
    expect_error(
        p, {{"type", "create_session"}, {"protocol_version", 1}, {"template", "does-not-exist"}},
        "unknown_template");
    expect_error(p,
                 {{"type", "join"},
                  {"protocol_version", 1},
                  {"code", s.code},
                  {"role", "participant"},
                  {"name", std::string(41, 'n')}},
                 "text_too_long");
    expect_error(
        p, {{"type", "join"}, {"protocol_version", 1}, {"code", s.code}, {"role", "chairman"}},
        "bad_value");

    // A wrong secret is refused, and the same connection may then try the right one.
    ws_client f2(srv.port());
    expect_error(f2,
                 {{"type", "join"},
                  {"protocol_version", 1},
                  {"code", s.code},
                  {"role", "facilitator"},
                  {"secret", s.secret + "x"}},
                 "forbidden");
    expect_error(f2,
                 {{"type", "join"},
                  {"protocol_version", 1},
                  {"code", s.code},
                  {"role", "facilitator"},
                  {"secret", "guess"}},
                 "forbidden");
    join(f2, s.code, "facilitator", {{"secret", s.secret}});

    join(p, s.code, "participant");
    expect_error(
        p, {{"type", "join"}, {"protocol_version", 1}, {"code", s.code}, {"role", "participant"}},
        "already_joined");
    expect_error(
        fac, {{"type", "create_session"}, {"protocol_version", 1}, {"template", "stoplicht-visie"}},
        "already_joined");

    // A participant cannot steer; a projector or facilitator cannot answer.
    expect_error(p, {{"type", "control"}, {"action", "open"}, {"step", "visie"}}, "forbidden");
    ws_client proj(srv.port());
    join(proj, s.code, "projector");
    expect_error(proj,
                 {{"type", "answer"}, {"step", "visie"}, {"item", "visie-03"}, {"value", "green"}},
                 "forbidden");
    expect_error(fac,
                 {{"type", "answer"}, {"step", "visie"}, {"item", "visie-03"}, {"value", "green"}},
                 "forbidden");

    // Controls.
    expect_error(fac, {{"type", "control"}, {"action", "explode"}, {"step", "visie"}}, "bad_value");
    expect_error(fac, {{"type", "control"}, {"action", "open"}, {"step", "nope"}}, "unknown_step");
    expect_error(fac, {{"type", "control"}, {"action", "close"}, {"step", "visie"}},
                 "invalid_transition");
    // A control on a step without its `step` is malformed: bad_message, not unknown_step.
    for (const char* action : {"open", "close", "reveal", "hide", "goto", "hide_card", "lock",
                               "set_live", "start_timer", "bring_here", "set_tally", "set_note"})
        expect_error(fac, {{"type", "control"}, {"action", action}}, "bad_message");
    expect_error(fac, {{"type", "control"}, {"action", "open"}, {"step", nullptr}}, "bad_message");
    expect_error(fac, {{"type", "control"}, {"action", "remove_participant"}, {"card", "c1"}},
                 "bad_message");
    expect_error(fac, {{"type", "control"}, {"action", "open"}, {"step", ""}}, "unknown_step");
    // Session-wide actions need none.
    CHECK(is_type(fac.request({{"type", "control"}, {"action", "pause"}}), "ack"));
    CHECK(is_type(fac.request({{"type", "control"}, {"action", "resume"}, {"step", ""}}), "ack"));

    // Answers.
    expect_error(p,
                 {{"type", "answer"}, {"step", "visie"}, {"item", "visie-03"}, {"value", "green"}},
                 "step_not_open");
    control(fac, "open", "visie");
    const json good = answer(p, "visie", "visie-03", "green", "prima");
    REQUIRE(is_type(good, "ack"));
    expect_error(p, {{"type", "answer"}, {"step", "nope"}, {"item", "visie-03"}, {"value", "red"}},
                 "unknown_step");
    expect_error(p,
                 {{"type", "answer"}, {"step", "visie"}, {"item", "vormen-03"}, {"value", "red"}},
                 "unknown_item");
    expect_error(p,
                 {{"type", "answer"}, {"step", "visie"}, {"item", "visie-03"}, {"value", "purple"}},
                 "bad_value");
    expect_error(p,
                 {{"type", "answer"},
                  {"step", "visie"},
                  {"item", "visie-03"},
                  {"value", "red"},
                  {"comment", std::string(21, 'c')}},
                 "text_too_long");
    expect_error(p,
                 {{"type", "answer"}, {"step", "vormen"}, {"item", "vormen-03"}, {"value", "red"}},
                 "step_not_open");

    // Nothing of that changed the data: still exactly the one green answer with its comment.
    check_usable(p);
    fac.request({{"type", "sync"}});
    const json v = wait_view(fac, rev_at_least(good["rev"]));
    CHECK(v["rev"] == good["rev"]);
    const json it = item_of(v, "visie", "visie-03");
    CHECK(it["green"] == 1);
    CHECK(it["red"] == 0);
    REQUIRE(v["comments"].size() == 1);
    CHECK(v["comments"][0]["text"] == "prima");
    CHECK(v["joined"] == 1);
}

TEST_CASE("rate limit: rate_limited beyond the burst, and service again after a pause") {
    server_process srv({"--rate", "5"}); // 5 per second, burst 10
    ws_client c(srv.port());
    for (int i = 0; i < 30; ++i)
        c.send(json{{"type", "list_templates"}, {"seq", i + 1}}.dump());
    int ok = 0, limited = 0;
    for (int i = 0; i < 30; ++i) {
        const json r = c.recv();
        CHECK(r["seq"] == i + 1);
        if (is_type(r, "templates"))
            ++ok;
        else if (r.value("code", "") == "rate_limited")
            ++limited;
    }
    CHECK(ok >= 10);
    CHECK(ok < 20);
    CHECK(ok + limited == 30);
    // Refused messages take no tokens: after a pause the connection is served again.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(c.is_open());
    check_usable(c);
}

TEST_CASE("room_full: a session takes --max-participants people, known ones may come back") {
    server_process srv({"--max-participants", "2"});
    ws_client fac(srv.port());
    const session_info s = create_session(fac);
    ws_client p1(srv.port()), p2(srv.port()), p3(srv.port());
    const join_result j1 = join(p1, s.code, "participant");
    join(p2, s.code, "participant");
    expect_error(
        p3, {{"type", "join"}, {"protocol_version", 1}, {"code", s.code}, {"role", "participant"}},
        "room_full");
    // An unknown token is a new person: still full.
    expect_error(p3,
                 {{"type", "join"},
                  {"protocol_version", 1},
                  {"code", s.code},
                  {"role", "participant"},
                  {"resume_token", "not-a-real-token"}},
                 "room_full");
    // The projector and the first participant (with their token) are still welcome.
    ws_client proj(srv.port());
    join(proj, s.code, "projector");
    ws_client p1_again(srv.port());
    const join_result back =
        join(p1_again, s.code, "participant", {{"resume_token", j1.welcome["resume_token"]}});
    CHECK(back.welcome["participant_id"] == 1);
    check_usable(p3);
}
} // namespace kring_test_server_bad_input_test
