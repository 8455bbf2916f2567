#include "fixtures.hpp"

#include "kring/protocol.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace kring;
using namespace kring::protocol;
using nlohmann::json;

namespace {

errc error_of(const std::string& text) {
    const auto m = parse_client_message(text);
    REQUIRE(std::holds_alternative<parse_error>(m));
    return std::get<parse_error>(m).err.code;
}

} // namespace

TEST_CASE("parse: every client message") {
    SUBCASE("join as participant") {
        const auto m = parse_client_message(
            R"({"type":"join","seq":3,"protocol_version":1,"code":"abc-def","role":"participant","resume_token":"tok","name":"An"})");
        REQUIRE(std::holds_alternative<join>(m));
        const auto& j = std::get<join>(m);
        CHECK(j.seq == 3);
        CHECK(j.as == role::participant);
        CHECK(normalize_code(j.code) == "ABCDEF");
        CHECK(j.resume_token == "tok");
        CHECK(j.name == "An");
    }
    SUBCASE("join as facilitator needs a secret") {
        CHECK(error_of(R"({"type":"join","protocol_version":1,"code":"X","role":"facilitator"})") == errc::bad_message);
        const auto m = parse_client_message(
            R"({"type":"join","protocol_version":1,"code":"X","role":"facilitator","secret":"s"})");
        REQUIRE(std::holds_alternative<join>(m));
        CHECK(std::get<join>(m).secret == "s");
    }
    SUBCASE("answer") {
        const auto m = parse_client_message(
            R"({"type":"answer","seq":7,"step":"visie","item":"visie-01","value":"green"})");
        REQUIRE(std::holds_alternative<answer>(m));
        CHECK(std::get<answer>(m).comment.empty());
        CHECK(std::get<answer>(m).value == "green");
    }
    SUBCASE("control, create, list, sync") {
        CHECK(std::holds_alternative<control>(parse_client_message(R"({"type":"control","action":"open","step":"s"})")));
        CHECK(std::holds_alternative<create_session>(
            parse_client_message(R"({"type":"create_session","protocol_version":1,"template":"t"})")));
        CHECK(std::holds_alternative<list_templates>(parse_client_message(R"({"type":"list_templates"})")));
        CHECK(std::holds_alternative<protocol::sync>(parse_client_message(R"({"type":"sync","seq":1})")));
    }
}

TEST_CASE("parse: bad input gives a typed error and keeps seq where readable") {
    CHECK(error_of("not json") == errc::bad_json);
    CHECK(error_of("") == errc::bad_json);
    CHECK(error_of("[1,2]") == errc::bad_json);
    CHECK(error_of("42") == errc::bad_json);
    CHECK(error_of(R"({"seq":1})") == errc::bad_message);
    CHECK(error_of(R"({"type":5})") == errc::bad_message);
    CHECK(error_of(R"({"type":"fly"})") == errc::unknown_type);
    CHECK(error_of(R"({"type":"answer","step":"s","item":"i"})") == errc::bad_message);
    CHECK(error_of(R"({"type":"answer","step":"s","item":"i","value":3})") == errc::bad_message);
    CHECK(error_of(R"({"type":"join","protocol_version":2,"code":"X","role":"participant"})") ==
          errc::unsupported_version);
    CHECK(error_of(R"({"type":"join","protocol_version":"1","code":"X","role":"participant"})") == errc::bad_message);
    CHECK(error_of(R"({"type":"join","protocol_version":1,"code":"X","role":"admin"})") == errc::bad_value);
    CHECK(error_of(R"({"type":"sync","seq":-1})") == errc::bad_message);
    CHECK(error_of(R"({"type":"sync","seq":"1"})") == errc::bad_message);
    CHECK(error_of("{\"type\":\"answer\",\"step\":\"\xff\"}") == errc::bad_json);
    CHECK(error_of(std::string(10000, '[')) == errc::bad_json);

    const auto m = parse_client_message(R"({"type":"fly","seq":12})");
    REQUIRE(std::holds_alternative<parse_error>(m));
    CHECK(std::get<parse_error>(m).seq == 12u);
}

TEST_CASE("server messages have the documented shape") {
    auto s = fixtures::three_statements();
    fixtures::join_n(s, 1);
    fixtures::must(s, decide_control(s, "open", "s1"));
    fixtures::must(s, decide_answer(s, 1, "s1", "b", "red", "<b>x</b>", limits{}));

    const json err = json::parse(make_error(4, {errc::step_not_open, "closed"}));
    CHECK(err == json{{"type", "error"}, {"seq", 4}, {"code", "step_not_open"}, {"message", "closed"}});
    CHECK_FALSE(json::parse(make_error(std::nullopt, {errc::bad_json, "x"})).contains("seq"));
    CHECK(json::parse(make_ack(9, 12)) == json{{"type", "ack"}, {"seq", 9}, {"rev", 12}});

    const json w = json::parse(make_welcome(2, s, role::participant, 1, "tok"));
    CHECK(w["type"] == "welcome");
    CHECK(w["seq"] == 2);
    CHECK(w["resume_token"] == "tok");
    CHECK(w["participant_id"] == 1);
    CHECK(w["session"]["code"] == "ABCDEF");
    CHECK(w["session"]["steps"][0]["items"][1]["text"]["en"] == "B en");
    CHECK(w["session"]["steps"][0]["kind"] == "traffic_light");
    const json wp = json::parse(make_welcome(std::nullopt, s, role::projector, 0, ""));
    CHECK_FALSE(wp.contains("resume_token"));
    CHECK_FALSE(wp.contains("seq"));

    const json mine = json::parse(make_mine(s, 1));
    REQUIRE(mine["answers"].size() == 1);
    CHECK(mine["answers"][0] == json{{"step", "s1"}, {"item", "b"}, {"value", "red"}, {"comment", "<b>x</b>"}});
    CHECK(json::parse(make_mine(s, 2))["answers"].empty());

    const json created = json::parse(make_session_created(1, s, "secret"));
    CHECK(created["join_code"] == "ABCDEF");
    CHECK(created["facilitator_secret"] == "secret");
}

TEST_CASE("session_def JSON round trip, and missing fields are named") {
    const auto s = fixtures::three_statements();
    json j;
    to_json(j, s.def);
    CHECK(session_def_from_json(j) == s.def);
    json broken = j;
    broken["steps"][0]["items"][0].erase("text");
    CHECK_THROWS_WITH_AS(session_def_from_json(broken), doctest::Contains("'text'"), std::runtime_error);
}
