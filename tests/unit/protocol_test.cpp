#include "fixtures.hpp"

#include "kring/protocol.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <random>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_protocol_test {

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
        CHECK(error_of(R"({"type":"join","protocol_version":1,"code":"X","role":"facilitator"})") ==
              errc::bad_message);
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
        CHECK(std::holds_alternative<control>(
            parse_client_message(R"({"type":"control","action":"open","step":"s"})")));
        CHECK(std::holds_alternative<create_session>(parse_client_message(
            R"({"type":"create_session","protocol_version":1,"template":"t"})")));
        CHECK(std::holds_alternative<list_templates>(
            parse_client_message(R"({"type":"list_templates"})")));
        CHECK(std::holds_alternative<protocol::sync>(
            parse_client_message(R"({"type":"sync","seq":1})")));
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
    // Any JSON is a value at this level; each kind checks its own (bad_value in the reducer).
    CHECK(std::holds_alternative<answer>(
        parse_client_message(R"({"type":"answer","step":"s","item":"i","value":3})")));
    CHECK(error_of(R"({"type":"answer","step":"s","item":7,"value":"green"})") ==
          errc::bad_message);
    CHECK(error_of(R"({"type":"control","action":"merge_cards","step":"s","cards":[1]})") ==
          errc::bad_message);
    CHECK(error_of(R"({"type":"control","action":"merge_cards","step":"s","cards":"c1"})") ==
          errc::bad_message);
    CHECK(error_of(R"({"type":"join","protocol_version":2,"code":"X","role":"participant"})") ==
          errc::unsupported_version);
    CHECK(error_of(R"({"type":"join","protocol_version":"1","code":"X","role":"participant"})") ==
          errc::bad_message);
    CHECK(error_of(R"({"type":"join","protocol_version":1,"code":"X","role":"admin"})") ==
          errc::bad_value);
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
    CHECK(err ==
          json{{"type", "error"}, {"seq", 4}, {"code", "step_not_open"}, {"message", "closed"}});
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
    CHECK(mine["answers"][0] ==
          json{{"step", "s1"}, {"item", "b"}, {"value", "red"}, {"comment", "<b>x</b>"}});
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
    CHECK_THROWS_WITH_AS(session_def_from_json(broken), doctest::Contains("'text'"),
                         std::runtime_error);
}

TEST_CASE("welcome: the fields of every kind, guide and resources for the facilitator only") {
    using namespace kring::fixtures;
    step_def tl = step_of("tl", activity_kind::traffic_light);
    tl.items = items({"a"});
    tl.theme = "visie";
    tl.guide = {"Gids", "Guide"};
    tl.resources.push_back(
        {"r1", "boeken", {"Boek", "Book"}, {"Over", "About"}, "https://example.org/"});
    step_def sc = step_of("sc", activity_kind::scale);
    sc.items = items({"q"});
    sc.label_min = {"niet", "not"};
    sc.label_max = {"wel", "very"};
    step_def ch = step_of("ch", activity_kind::choice);
    ch.options = options({"x", "y"});
    ch.body = {"Casus", "Case"};
    step_def im = step_of("im", activity_kind::image_choice);
    im.images.push_back({"koffie", "/images/koffie.png", {"Koffie", "Coffee"}});
    step_def ot = step_of("ot", activity_kind::open_text);
    ot.placeholder = {"Ontmoeten is…", "Encounter is…"};
    step_def dv = step_of("dv", activity_kind::dot_vote);
    dv.source_step = "tl";
    dv.source_take = "red";
    step_def dv2 = step_of("dv2", activity_kind::dot_vote);
    dv2.options = options({"p", "q"});
    step_def inv = step_of("inv", activity_kind::inventory);
    inv.offer_kinds = options({"spel"});
    inv.target_groups = options({"jong"});
    inv.max_entries = 10;
    step_def ap = step_of("ap", activity_kind::action_plan);
    ap.max_entries = 5;
    const auto s = session_of({tl, sc, ch, im, ot, dv, dv2, inv, ap}, 1);

    const json fac = json::parse(
        make_welcome(1, s, role::facilitator, 0, "", "http://10.0.0.5:8080/?code=ABCDEF"));
    const json& steps = fac["session"]["steps"];
    CHECK(fac["session"]["join_url"] == "http://10.0.0.5:8080/?code=ABCDEF");
    CHECK(fac["session"]["lang"] == "nl");
    REQUIRE(fac["session"]["blocks"].size() == 6);
    CHECK(fac["session"]["blocks"][0] ==
          json{{"id", "b1"}, {"title", {{"nl", "b1 nl"}, {"en", "b1 en"}}}});
    CHECK(steps[0]["theme"] == "visie");
    CHECK(steps[0]["guide"] == json{{"nl", "Gids"}, {"en", "Guide"}});
    CHECK(steps[0]["resources"][0] == json{{"id", "r1"},
                                           {"category", "boeken"},
                                           {"title", {{"nl", "Boek"}, {"en", "Book"}}},
                                           {"description", {{"nl", "Over"}, {"en", "About"}}},
                                           {"url", "https://example.org/"}});
    CHECK(steps[1]["min"] == 1);
    CHECK(steps[1]["max"] == 5);
    CHECK(steps[1]["labels"]["max"]["en"] == "very");
    CHECK(steps[2]["body"]["nl"] == "Casus");
    CHECK(steps[2]["options"][1]["id"] == "y");
    CHECK(steps[2]["comment"] == true);
    CHECK(steps[2]["items"].empty());
    CHECK(steps[3]["images"][0] == json{{"id", "koffie"},
                                        {"url", "/images/koffie.png"},
                                        {"alt", {{"nl", "Koffie"}, {"en", "Coffee"}}}});
    CHECK(steps[3]["max_picks"] == 1);
    CHECK(steps[3]["reason"] == true);
    CHECK(steps[4]["max_entries"] == 3);
    CHECK(steps[4]["max_length"] == 140);
    CHECK(steps[4]["placeholder"]["nl"] == "Ontmoeten is…");
    CHECK(steps[5]["options"].empty());
    CHECK(steps[5]["source"] == json{{"step", "tl"}, {"take", "red"}});
    CHECK(steps[5]["dots"] == 3);
    CHECK(steps[5]["max_per_option"] == 3);
    CHECK(steps[6]["options"].size() == 2);
    CHECK_FALSE(steps[6].contains("source"));
    CHECK(steps[7]["offer_kinds"][0]["id"] == "spel");
    CHECK(steps[7]["target_groups"][0]["id"] == "jong");
    CHECK(steps[7]["max_entries"] == 10);
    CHECK(steps[8]["max_entries"] == 5);
    for (const auto& st : steps) {
        CHECK(st.contains("prompt"));
        CHECK(st.contains("items"));
        CHECK(st.contains("guide"));
        CHECK(st.contains("resources"));
    }

    for (role r : {role::participant, role::projector}) {
        const std::string text = make_welcome(std::nullopt, s, r, 1, "tok");
        const json w = json::parse(text);
        CHECK(w["session"]["blocks"] == fac["session"]["blocks"]); // the summary names them
        CHECK_FALSE(w["session"].contains("join_url"));
        for (const auto& st : w["session"]["steps"]) {
            CHECK_FALSE(st.contains("guide"));
            CHECK_FALSE(st.contains("resources"));
        }
        CHECK(text.find("Gids") == std::string::npos);
        CHECK(text.find("example.org") == std::string::npos);
        CHECK(w["session"]["steps"][1]["labels"]["min"]["nl"] == "niet");
    }
}

TEST_CASE("seq is optional: replies carry it only when the request had one") {
    CHECK_FALSE(json::parse(make_ack(std::nullopt, 3)).contains("seq"));
    CHECK(json::parse(make_ack(0, 3))["seq"] == 0);
    const auto s = fixtures::three_statements();
    CHECK_FALSE(json::parse(make_session_created(std::nullopt, s, "x")).contains("seq"));
    const auto m = parse_client_message(R"({"type":"list_templates"})");
    CHECK_FALSE(seq_of(m).has_value());
    CHECK(seq_of(parse_client_message(R"({"type":"list_templates","seq":0})")) == 0u);
}

TEST_CASE("parse: answer values of any JSON type, control with cards and lang") {
    const auto a = parse_client_message(R"({"type":"answer","step":"s","value":{"p":2}})");
    REQUIRE(std::holds_alternative<answer>(a));
    CHECK(std::get<answer>(a).item.empty());
    CHECK(std::get<answer>(a).value == json{{"p", 2}});
    CHECK(error_of(R"({"type":"answer","step":"s"})") == errc::bad_message);
    const auto c = parse_client_message(
        R"({"type":"control","seq":4,"action":"merge_cards","step":"s","card":"c1","cards":["c2","c3"]})");
    REQUIRE(std::holds_alternative<control>(c));
    const auto cmd = to_command(std::get<control>(c));
    CHECK(cmd.action == control_action::merge_cards);
    CHECK(cmd.card == "c1");
    CHECK(cmd.cards == std::vector<std::string>{"c2", "c3"});
    const auto l = parse_client_message(R"({"type":"control","action":"set_lang","lang":"en"})");
    REQUIRE(std::holds_alternative<control>(l));
    CHECK(std::get<control>(l).step.empty());
    CHECK(std::get<control>(l).lang == "en");
}

TEST_CASE("parse: a control on a step needs field `step` (bad_message), a session-wide one not") {
    // Every action that works on one step: without `step` the request is malformed.
    for (const char* action :
         {"open", "close", "reveal", "hide", "goto", "hide_card", "show_card", "merge_cards",
          "unmerge_card", "lock", "unlock", "set_live", "start_timer", "stop_timer", "bring_here",
          "set_tally", "set_note"}) {
        CAPTURE(action);
        const json msg{{"type", "control"}, {"seq", 3}, {"action", action}};
        const auto m = parse_client_message(msg.dump());
        REQUIRE(std::holds_alternative<parse_error>(m));
        CHECK(std::get<parse_error>(m).err.code == errc::bad_message);
        CHECK(std::get<parse_error>(m).seq == 3);
        json null_step = msg;
        null_step["step"] = nullptr;
        CHECK(error_of(null_step.dump()) == errc::bad_message);
        // "" is a step id like any other (no session has it: the reducer's unknown_step).
        json empty_step = msg;
        empty_step["step"] = "";
        CHECK(std::holds_alternative<control>(parse_client_message(empty_step.dump())));
    }
    // Removing the authors of a card names the card's step.
    CHECK(error_of(R"({"type":"control","action":"remove_participant","card":"c1"})") ==
          errc::bad_message);
    // Session-wide actions: `step` may be left out (or "").
    for (const char* text :
         {R"({"type":"control","action":"set_lang","lang":"en"})",
          R"({"type":"control","action":"set_follow","on":false})",
          R"({"type":"control","action":"pause"})", R"({"type":"control","action":"resume"})",
          R"({"type":"control","action":"set_min_answers","min":4})",
          R"({"type":"control","action":"set_compare","session":""})",
          R"({"type":"control","action":"remove_participant","participant":2})",
          R"({"type":"control","action":"set_lang","step":"","lang":"en"})"}) {
        CAPTURE(text);
        CHECK(std::holds_alternative<control>(parse_client_message(text)));
    }
    // remove_participant: `step` only with `card` and no `participant`.
    CHECK(std::holds_alternative<control>(parse_client_message(
        R"({"type":"control","action":"remove_participant","participant":2,"card":"c1"})")));
    CHECK(std::holds_alternative<control>(parse_client_message(
        R"({"type":"control","action":"remove_participant","step":"s","card":"c1"})")));
}

TEST_CASE("parse: the table of control actions names every action, once, as on the wire") {
    // The wire names of docs/protocol.md (sections 3 and 6); the stored events hold none.
    // clang-format off
    const std::vector<std::string> documented = {
        "open", "close", "reveal", "hide", "goto",
        "hide_card", "show_card", "merge_cards", "unmerge_card", "set_lang",
        "lock", "unlock", "set_live", "start_timer", "stop_timer", "bring_here", "set_tally",
        "set_note", "set_follow", "pause", "resume", "remove_participant", "set_min_answers",
        "set_compare", "end_session", "set_page", "simulate", "approve_photo", "hide_photo",
        "delete_photo"};
    // clang-format on
    std::vector<std::string> names;
    for (const auto& row : control_actions) {
        CAPTURE(row.name);
        names.push_back(row.name);
        // name -> action -> name
        CHECK(control_action_from_string(row.name) == row.action);
        CHECK(std::string(to_string(row.action)) == row.name);
        CHECK(scope_of(row.action) == row.scope);
        // ... and through a message, as the server gets it.
        json msg{{"type", "control"}, {"seq", 5}, {"action", row.name}, {"step", "s"}};
        const auto m = parse_client_message(msg.dump());
        REQUIRE(std::holds_alternative<control>(m));
        CHECK(std::get<control>(m).action == row.action);
        CHECK(to_command(std::get<control>(m)).action == row.action);
    }
    CHECK(names == documented);
    CHECK(std::string(to_string(control_action::go_to)) == "goto");
    CHECK_FALSE(control_action_from_string("go_to"));
    CHECK_FALSE(control_action_from_string("Open"));
    CHECK_FALSE(control_action_from_string(" open"));
    CHECK_FALSE(control_action_from_string(""));
}

TEST_CASE("parse: an unknown action is bad_value, with the message the reducer gave before") {
    auto err = [](const std::string& text) {
        const auto m = parse_client_message(text);
        REQUIRE(std::holds_alternative<parse_error>(m));
        return std::get<parse_error>(m);
    };
    const auto e = err(R"({"type":"control","seq":7,"action":"explode","step":"s"})");
    CHECK(e.err.code == errc::bad_value);
    CHECK(e.err.message == "unknown action 'explode'");
    CHECK(e.seq == 7);
    // Without `step` too: an unknown action is not a missing field.
    CHECK(err(R"({"type":"control","action":"explode"})").err.code == errc::bad_value);
    // Names are exact: no case folding, no spaces.
    CHECK(err(R"({"type":"control","action":"OPEN","step":"s"})").err.message ==
          "unknown action 'OPEN'");
    CHECK(err(R"({"type":"control","action":"open ","step":"s"})").err.code == errc::bad_value);
    CHECK(err(R"({"type":"control","action":"","step":"s"})").err.message == "unknown action ''");
    // A long name is cut at 40 bytes in the message.
    const json longer{{"type", "control"}, {"action", std::string(100, 'x')}};
    CHECK(err(longer.dump()).err.message == "unknown action '" + std::string(40, 'x') + "'");
    // A field of the wrong type is bad_message first, whatever the action.
    CHECK(err(R"({"type":"control","action":"explode","on":"yes"})").err.code == errc::bad_message);
    // The action itself missing or not a string stays bad_message.
    CHECK(err(R"({"type":"control","step":"s"})").err.code == errc::bad_message);
    CHECK(err(R"({"type":"control","action":3,"step":"s"})").err.code == errc::bad_message);
    CHECK(unknown_action_error("dance").code == errc::bad_value);
    CHECK(unknown_action_error("dance").message == "unknown action 'dance'");
}

TEST_CASE("parse: a missing step is bad_message for exactly the actions on one step") {
    for (const auto& row : control_actions) {
        CAPTURE(row.name);
        const json msg{{"type", "control"}, {"action", row.name}};
        const auto m = parse_client_message(msg.dump());
        if (row.scope == control_scope::step) {
            REQUIRE(std::holds_alternative<parse_error>(m));
            CHECK(std::get<parse_error>(m).err.code == errc::bad_message);
            CHECK(std::get<parse_error>(m).err.message == "this action needs field 'step'");
        } else {
            CHECK(std::holds_alternative<control>(m));
        }
    }
}

TEST_CASE("to_command: every field of the message, nothing the server adds") {
    const auto m = parse_client_message(
        R"({"type":"control","seq":2,"action":"start_timer","step":"s1","card":"c1",
            "cards":["c2"],"lang":"en","on":false,"seconds":60,"close":true,"participant":3,
            "discard":true,"item":"a","counts":{"red":2},"text":"t","min":4,"session":"x",
            "compare_secret":"geheim","admin_token":"tok"})");
    REQUIRE(std::holds_alternative<control>(m));
    const control& msg = std::get<control>(m);
    const control_command c = to_command(msg);
    CHECK(static_cast<const control_request&>(c).action == msg.action);
    CHECK(c.action == control_action::start_timer);
    CHECK(c.step == "s1");
    CHECK(c.card == "c1");
    CHECK(c.cards == std::vector<std::string>{"c2"});
    CHECK(c.lang == "en");
    CHECK(c.on == false);
    CHECK(c.seconds == 60);
    CHECK(c.close);
    CHECK(c.participant == 3);
    CHECK(c.discard);
    CHECK(c.item == "a");
    CHECK(c.counts == std::map<std::string, std::int64_t>{{"red", 2}});
    CHECK(c.text == "t");
    CHECK(c.min == 4);
    CHECK(c.session == "x");
    CHECK(c.now_ms == 0);
    CHECK(c.other == nullptr);
    CHECK_FALSE(c.may_compare);
}

TEST_CASE("parse: set_compare and export carry the proof for the other session") {
    const auto c = parse_client_message(
        R"({"type":"control","action":"set_compare","session":"s-2","compare_secret":"geheim","admin_token":"tok"})");
    REQUIRE(std::holds_alternative<control>(c));
    CHECK(std::get<control>(c).compare_secret == "geheim");
    CHECK(std::get<control>(c).admin_token == "tok");
    CHECK(error_of(
              R"({"type":"control","action":"set_compare","session":"s-2","compare_secret":5})") ==
          errc::bad_message);
    const auto e = parse_client_message(
        R"({"type":"export","format":"html","compare":"s-2","compare_secret":"geheim","admin_token":"tok"})");
    REQUIRE(std::holds_alternative<export_request>(e));
    CHECK(std::get<export_request>(e).compare_id == "s-2");
    CHECK(std::get<export_request>(e).compare_secret == "geheim");
    CHECK(std::get<export_request>(e).admin_token == "tok");
}

TEST_CASE("welcome: the session id for the facilitator only") {
    auto s = fixtures::three_statements();
    s.id = "s-0123456789abcdef01234567";
    const json fac = json::parse(make_welcome(1, s, role::facilitator, 0, ""));
    CHECK(fac["session"]["id"] == s.id);
    for (role r : {role::participant, role::projector}) {
        const std::string text = make_welcome(1, s, r, r == role::participant ? 1 : 0, "tok");
        const json w = json::parse(text);
        CHECK_FALSE(w["session"].contains("id"));
        CHECK(w["session"]["code"] == "ABCDEF");
        CHECK(text.find(s.id) == std::string::npos);
    }
}

namespace {

/** The message written by to_json and read back by the server's parser. */
template <class M> M round_trip(const M& m) {
    const std::string text = json(m).dump();
    const client_message back = parse_client_message(text);
    INFO(text);
    REQUIRE(std::holds_alternative<M>(back));
    return std::get<M>(back);
}

control control_msg(control_action a, const std::string& step) {
    control m;
    m.seq = 7;
    m.action = a;
    m.step = step;
    return m;
}

} // namespace

TEST_CASE("requests: every client message round-trips through to_json and the parser") {
    SUBCASE("the session and the library") {
        const create_session by_id{1, protocol_version, "visie", nullptr, ""};
        CHECK(round_trip(by_id) == by_id);
        const create_session edited{2, protocol_version, "visie",
                                    json{{"id", "x"}, {"steps", json::array()}}, "tok"};
        CHECK(round_trip(edited) == edited);
        CHECK(round_trip(list_templates{3, ""}) == list_templates{3, ""});
        CHECK(round_trip(list_templates{4, "kro_key"}) == list_templates{4, "kro_key"});
        CHECK(round_trip(list_templates{}) == list_templates{});
        CHECK(round_trip(list_sessions{4, "tok"}) == list_sessions{4, "tok"});
        CHECK(round_trip(open_session{5, "s-1", ""}) == open_session{5, "s-1", ""});
        CHECK(round_trip(delete_session{6, "s-2", "tok"}) == delete_session{6, "s-2", "tok"});
        CHECK(round_trip(get_template{7, "eigen-1", ""}) == get_template{7, "eigen-1", ""});
        const save_template saved{8, json{{"id", "eigen-1"}, {"title", {{"nl", "T"}}}}, "tok"};
        CHECK(round_trip(saved) == saved);
        const export_request csv{9, "csv", "visie", "", "", ""};
        CHECK(round_trip(csv) == csv);
        const export_request compared{10, "html", "", "s-0", "secret", "tok"};
        CHECK(round_trip(compared) == compared);
    }
    SUBCASE("joining, answering, sync") {
        const join participant{1, protocol_version, "ABCDEF", role::participant, "resume", "An",
                               ""};
        CHECK(round_trip(participant) == participant);
        const join facilitator{2, protocol_version, "ABCDEF", role::facilitator, "", "", "s3cret"};
        CHECK(round_trip(facilitator) == facilitator);
        const join projector{std::nullopt, protocol_version, "ABCDEF", role::projector, "", "", ""};
        CHECK(round_trip(projector) == projector);
        const answer light{3, "visie", "visie-03", "orange", "Een opmerking"};
        CHECK(round_trip(light) == light);
        const answer cards{4, "dromen", "", json::array({"koffie", "tuin"}), ""};
        CHECK(round_trip(cards) == cards);
        const answer inventory{5, "aanbod", "",
                               json{{"entries", json::array({{{"name", "Babbelcafe"}}})}}, ""};
        CHECK(round_trip(inventory) == inventory);
        CHECK(round_trip(protocol::sync{6}) == protocol::sync{6});
    }
    SUBCASE("every control action, with the fields it takes") {
        for (const auto& def : control_actions) {
            const control plain =
                control_msg(def.action, def.scope == control_scope::step ? "visie" : "");
            CHECK(round_trip(plain) == plain);
        }
        control m = control_msg(control_action::start_timer, "visie");
        m.seconds = 300;
        m.close = true;
        CHECK(round_trip(m) == m);
        m = control_msg(control_action::set_live, "visie");
        m.on = false;
        CHECK(round_trip(m) == m);
        m = control_msg(control_action::set_tally, "visie");
        m.item = "visie-01";
        m.counts = {{"green", 3}, {"red", 0}};
        CHECK(round_trip(m) == m);
        m = control_msg(control_action::set_note, "visie");
        m.text = "";
        CHECK(round_trip(m) == m);
        m.text = "Terugkomen op vraag 3";
        CHECK(round_trip(m) == m);
        m = control_msg(control_action::set_min_answers, "");
        m.min = 1;
        CHECK(round_trip(m) == m);
        m = control_msg(control_action::set_compare, "");
        m.session = "";
        CHECK(round_trip(m) == m);
        m.session = "s-0";
        m.compare_secret = "other";
        m.admin_token = "tok";
        CHECK(round_trip(m) == m);
        m = control_msg(control_action::remove_participant, "");
        m.participant = 12;
        m.discard = true;
        CHECK(round_trip(m) == m);
        m = control_msg(control_action::merge_cards, "dromen");
        m.card = "c000000000001";
        m.cards = {"c000000000002", "c000000000003"};
        CHECK(round_trip(m) == m);
        m = control_msg(control_action::set_lang, "");
        m.lang = "en";
        CHECK(round_trip(m) == m);
    }
}

namespace {

/** The same answer from both readers: the fast path may only take what the full one reads so. */
void check_agrees(const std::string& text, int& fast, int& full) {
    CAPTURE(text);
    const auto plain = parse_plain_answer(text);
    const auto whole = parse_client_message_full(text);
    const auto* ref = std::get_if<answer>(&whole);
    if (plain) {
        ++fast;
        REQUIRE(ref != nullptr);
        CHECK(*plain == *ref);
        CHECK(plain->value.type() == ref->value.type());
    } else {
        ++full;
    }
    // And the parser the server uses gives what the full one gives.
    const auto used = parse_client_message(text);
    CHECK(used.index() == whole.index());
    if (ref)
        CHECK(std::get<answer>(used) == *ref);
    else if (const auto* e = std::get_if<parse_error>(&whole))
        CHECK(std::get<parse_error>(used).err.code == e->err.code);
}

} // namespace

TEST_CASE("parse: plain answers are read without a JSON document, exactly as the full parser "
          "reads them") {
    int fast = 0, full = 0;
    SUBCASE("what phones send") {
        for (
            const char* text : {
                R"({"type":"answer","seq":7,"step":"basishouding","item":"q1","value":"green"})",
                R"({"type":"answer","step":"s","value":"red"})",
                R"({ "value" : 4 , "seq":0,"type" : "answer","step":"sc","item":"q2","comment":"goed zo"} )",
                "\t{\"type\":\"answer\",\r\n\"step\":\"s\",\"value\":123456789012345678}\n",
                R"({"type":"answer","seq":1,"step":"","item":"","value":"","comment":""})",
                "{\"type\":\"answer\",\"step\":\"s\",\"value\":\"r\",\"comment\":"
                "\"\xc3\xa9\xc3\xa9n idee\"}", // UTF-8
            })
            check_agrees(text, fast, full);
        CHECK(fast == 6);
        CHECK(full == 0);
    }
    SUBCASE("what goes the full way") {
        for (const char* text : {
                 R"({"type":"answer","step":"s","value":"gr\u00e9en"})",        // an escape
                 "{\"type\":\"answer\",\"step\":\"s\",\"value\":\"bad \xff\"}", // not UTF-8
                 "{\"type\":\"answer\",\"step\":\"s\",\"value\":\"tab\tin\"}",  // control
                 R"({"type":"answer","step":"s","value":["a","b"]})",
                 R"({"type":"answer","step":"s","value":{"a":1}})",
                 R"({"type":"answer","step":"s","value":-1})",
                 R"({"type":"answer","step":"s","value":1.5})",
                 R"({"type":"answer","step":"s","value":1e3})",
                 R"({"type":"answer","step":"s","value":007})",
                 R"({"type":"answer","step":"s","value":1234567890123456789})", // 19 digits
                 R"({"type":"answer","step":"s","value":99999999999999999999999})",
                 R"({"type":"answer","step":"s","value":null})",
                 R"({"type":"answer","step":"s","value":true})",
                 R"({"type":"answer","step":"s","item":null,"value":"x"})",
                 R"({"type":"answer","seq":"1","step":"s","value":"x"})",
                 R"({"type":"answer","seq":-1,"step":"s","value":"x"})",
                 R"({"type":"answer","step":7,"value":"x"})",
                 R"({"type":"answer","step":"s"})",
                 R"({"type":"answer","value":"x"})",
                 R"({"step":"s","value":"x"})",
                 R"({"type":"answer","step":"a","step":"b","value":"x"})",
                 R"({"type":"answer","step":"s","value":"x","extra":1})",
                 R"({"type":"join","step":"s","value":"x"})",
                 R"({"type":"answer","step":"s","value":"x"} x)",
                 R"({"type":"answer","step":"s","value":"x",})",
                 R"({"type":"answer","step":"s","value":"x")",
                 R"({"type":"answer","step":"s","value":"x"}})",
                 R"([{"type":"answer","step":"s","value":"x"}])",
                 "{}",
                 "",
                 "\xef\xbb\xbf{\"type\":\"answer\",\"step\":\"s\",\"value\":\"x\"}",
             })
            check_agrees(text, fast, full);
        CHECK(fast == 0);
        CHECK(full == 31);
    }
    SUBCASE("20,000 messages put together from good and bad pieces") {
        std::mt19937 rng(20261205);
        auto pick = [&](const auto& v) { return v[rng() % std::size(v)]; };
        const std::vector<std::string> keys = {"type",    "seq",  "step",  "item",       "value",
                                               "comment", "Type", "extra", "ty\\u0070e", ""};
        const std::vector<std::string> values = {"\"answer\"",
                                                 "\"answer\"",
                                                 "\"join\"",
                                                 "\"green\"",
                                                 "\"\"",
                                                 "\"a b\"",
                                                 "\"\\\"\"",
                                                 "\"\\n\"",
                                                 "\"\xc3\xa9\"",
                                                 "\"\xc3\"",
                                                 "0",
                                                 "7",
                                                 "42",
                                                 "007",
                                                 "-3",
                                                 "2.5",
                                                 "1E2",
                                                 "18446744073709551615",
                                                 "999999999999999999",
                                                 "1000000000000000000",
                                                 "null",
                                                 "true",
                                                 "[]",
                                                 "{}",
                                                 "[\"a\"]"};
        const std::vector<std::string> spaces = {"", "", "", "", " ", "\n", "\t ", "\r\n"};
        for (int round = 0; round < 20000; ++round) {
            std::string text = pick(spaces) + "{";
            // Mostly answers with their three required fields and some of the others, so
            // that many take the fast path; now and then fewer fields, or other ones.
            std::vector<std::string> order = {"seq", "item", "comment"};
            std::shuffle(order.begin(), order.end(), rng);
            order.resize(rng() % 4);
            for (const char* required : {"type", "step", "value"})
                if (rng() % 12 != 0)
                    order.push_back(required);
            std::shuffle(order.begin(), order.end(), rng);
            for (std::size_t f = 0; f < order.size(); ++f) {
                if (f > 0)
                    text += pick(spaces) + ",";
                const std::string key = rng() % 10 == 0 ? pick(keys) : order[f];
                std::string value;
                if (key == "type")
                    value = rng() % 6 == 0 ? pick(values) : "\"answer\"";
                else if (key == "step" || key == "item" || key == "comment")
                    value =
                        rng() % 5 == 0 ? pick(values) : "\"s" + std::to_string(rng() % 9) + "\"";
                else if (key == "seq")
                    value = rng() % 4 == 0 ? pick(values) : std::to_string(rng() % 100000);
                else
                    value = rng() % 3 == 0 ? "\"green\"" : pick(values);
                text +=
                    pick(spaces) + "\"" + key + "\"" + pick(spaces) + ":" + pick(spaces) + value;
            }
            text += pick(spaces) + "}" + pick(spaces);
            // Now and then a byte cut off, changed or added (a form feed: no JSON whitespace).
            if (rng() % 10 == 0 && !text.empty()) {
                const std::size_t at = rng() % text.size();
                switch (rng() % 3) {
                case 0:
                    text.erase(at, 1);
                    break;
                case 1:
                    text[at] = static_cast<char>(rng() % 256);
                    break;
                default:
                    text.insert(at, 1, rng() % 4 == 0 ? '\f' : static_cast<char>(rng() % 128));
                }
            }
            check_agrees(text, fast, full);
        }
        // Both ways were taken often: the comparison above says something.
        CHECK(fast > 2000);
        CHECK(full > 2000);
    }
}

TEST_CASE("protocol: join_url is the short address BASE/CODE, or &code= after a query") {
    CHECK(join_url("http://192.0.2.2:8080", "KQWERT") == "http://192.0.2.2:8080/KQWERT");
    CHECK(join_url("https://kring.example/", "KQWERT") == "https://kring.example/KQWERT");
    CHECK(join_url("https://kring.example/gent//", "KQWERT") ==
          "https://kring.example/gent/KQWERT");
    CHECK(join_url("https://kring.example/join?org=gent", "KQWERT") ==
          "https://kring.example/join?org=gent&code=KQWERT");
}

} // namespace kring_test_unit_protocol_test
