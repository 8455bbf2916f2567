// The hand-written paths of the hottest messages: the stored answer_set event, the ack, and
// the part of a view that tells participants whether anything but counters changed. Each is
// checked against nlohmann's own writing and reading, on many random inputs.
#include "fixtures.hpp"

#include "kring/wire.hpp"
#include "kring/views.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <random>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_event_codec_test {

using namespace kring;
using nlohmann::json;

namespace {

/** What the general path writes for an answer_set: nlohmann, sorted keys, no spaces. */
std::string reference_json(const ev::answer_set& x) {
    const json j{{"type", "answer_set"},
                 {"pid", x.pid},
                 {"step", x.step},
                 {"item", x.item},
                 {"value", traffic_light::to_string(x.value)},
                 {"comment", x.comment}};
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

/** What the general path reads from a stored answer_set. */
ev::answer_set reference_read(const std::string& text) {
    const json j = json::parse(text);
    return ev::answer_set{j.at("pid").get<participant_id>(), j.at("step").get<std::string>(),
                          j.at("item").get<std::string>(),
                          *traffic_light::light_from_string(j.at("value").get<std::string>()),
                          j.at("comment").get<std::string>()};
}

/** Pieces random texts are made of: plain, accented, CJK, emoji, escapes, control bytes. */
const std::vector<std::string>& pieces() {
    static const std::vector<std::string> p = {
        "a",    "Z",    "0",      " ",         "visie-01", "é",  "ë",  "中", "😀",
        "\"",   "\\",   "/",      "\n",        "\t",       "\r", "\b", "\f", "\x01",
        "\x1f", "\x7f", "\u2028", "{\"x\":1}", ",",        ":",  "}",  "'"};
    return p;
}

std::string random_text(std::mt19937& rng, bool allow_invalid) {
    std::uniform_int_distribution<int> len(0, 12);
    std::uniform_int_distribution<std::size_t> pick(0, pieces().size() - 1);
    std::string s;
    const int n = len(rng);
    for (int i = 0; i < n; ++i)
        s += pieces()[pick(rng)];
    // Now and then a byte sequence that is not UTF-8 (a lone continuation or lead byte).
    if (allow_invalid && std::uniform_int_distribution<int>(0, 9)(rng) == 0)
        s.insert(s.size() / 2, std::uniform_int_distribution<int>(0, 1)(rng) ? "\x80" : "\xC3");
    return s;
}

ev::answer_set random_answer(std::mt19937& rng, bool allow_invalid) {
    static const traffic_light::light lights[] = {
        traffic_light::light::green, traffic_light::light::orange, traffic_light::light::red,
        traffic_light::light::pass};
    ev::answer_set x;
    const int pid_kind = std::uniform_int_distribution<int>(0, 3)(rng);
    x.pid = pid_kind == 0   ? 0
            : pid_kind == 1 ? std::numeric_limits<participant_id>::max()
                            : std::uniform_int_distribution<participant_id>(1, 100000)(rng);
    x.step = random_text(rng, allow_invalid);
    x.item = random_text(rng, allow_invalid);
    x.value = lights[std::uniform_int_distribution<int>(0, 3)(rng)];
    x.comment = random_text(rng, allow_invalid);
    return x;
}

void check_same(const ev::answer_set& a, const ev::answer_set& b) {
    CHECK(a.pid == b.pid);
    CHECK(a.step == b.step);
    CHECK(a.item == b.item);
    CHECK(a.value == b.value);
    CHECK(a.comment == b.comment);
}

} // namespace

TEST_CASE("event codec: answer_set is written in nlohmann's exact bytes and read back") {
    std::mt19937 rng(20261129);
    for (int i = 0; i < 5000; ++i) {
        const ev::answer_set x = random_answer(rng, false);
        const std::string text = event_to_json(x);
        REQUIRE(text == reference_json(x));
        const event back = event_from_json(text);
        REQUIRE(std::holds_alternative<ev::answer_set>(back));
        check_same(std::get<ev::answer_set>(back), x);
    }
}

TEST_CASE("event codec: invalid UTF-8 is replaced exactly as the general path does") {
    std::mt19937 rng(7);
    int invalid = 0;
    for (int i = 0; i < 3000; ++i) {
        const ev::answer_set x = random_answer(rng, true);
        const std::string text = event_to_json(x);
        REQUIRE(text == reference_json(x));
        if (text.find("\xEF\xBF\xBD") != std::string::npos)
            ++invalid;
        const event back = event_from_json(text);
        REQUIRE(std::holds_alternative<ev::answer_set>(back));
        check_same(std::get<ev::answer_set>(back), reference_read(text));
    }
    CHECK(invalid > 100); // the replacement path was really taken
}

TEST_CASE("event codec: answer_set in any other JSON spelling reads like nlohmann reads it") {
    const std::vector<std::string> spellings = {
        // other key order, as another writer could have stored it
        R"({"type":"answer_set","pid":7,"step":"visie","item":"visie-01","value":"red","comment":"x"})",
        // spaces
        R"({ "comment": "x", "item": "visie-01", "pid": 7, "step": "visie", "type": "answer_set", "value": "red" })",
        // escapes the hand-written reader leaves to the general one
        R"({"comment":"caf\u00e9 \"ok\"\n\/","item":"visie-01","pid":7,"step":"visie","type":"answer_set","value":"red"})",
        R"({"comment":"\ud83d\ude00","item":"visie-01","pid":7,"step":"visie","type":"answer_set","value":"pass"})",
        // trailing white space
        "{\"comment\":\"\",\"item\":\"i\",\"pid\":0,\"step\":\"s\",\"type\":\"answer_set\","
        "\"value\":\"green\"}\n",
        // a pid as large as a participant id can be
        R"({"comment":"","item":"i","pid":4294967295,"step":"s","type":"answer_set","value":"orange"})",
        // numbers that are not plain participant ids: converted as the general reader does
        R"({"comment":"","item":"i","pid":-1,"step":"s","type":"answer_set","value":"green"})",
        R"({"comment":"","item":"i","pid":1.5,"step":"s","type":"answer_set","value":"green"})",
        R"({"comment":"","item":"i","pid":4294967296,"step":"s","type":"answer_set","value":"red"})",
    };
    for (const auto& text : spellings) {
        CAPTURE(text);
        const event e = event_from_json(text);
        REQUIRE(std::holds_alternative<ev::answer_set>(e));
        check_same(std::get<ev::answer_set>(e), reference_read(text));
    }
}

TEST_CASE("event codec: a broken answer_set is refused, fast path or not") {
    const std::vector<std::string> broken = {
        R"({"comment":"","item":"i","pid":1,"step":"s","type":"answer_set","value":"purple"})",
        R"({"comment":"","item":"i","pid":"1","step":"s","type":"answer_set","value":"green"})",
        R"({"comment":"","item":"i","step":"s","type":"answer_set","value":"green"})",
        R"({"comment":"","item":"i","pid":1,"step":"s","type":"answer_set","value":"green")",
        R"({"comment":"","item":"i","pid":1,"step":"s","type":"answer_set","value":"green"}x)",
        "{\"comment\":\"a\x01\",\"item\":\"i\",\"pid\":1,\"step\":\"s\",\"type\":\"answer_set\","
        "\"value\":\"green\"}",
        "{\"comment\":\"\xC3\",\"item\":\"i\",\"pid\":1,\"step\":\"s\",\"type\":\"answer_set\","
        "\"value\":\"green\"}",
        R"({"comment":"","item":"i","pid":01,"step":"s","type":"answer_set","value":"green"})",
    };
    for (const auto& text : broken) {
        CAPTURE(text);
        CHECK_THROWS_AS(event_from_json(text), std::runtime_error);
    }
}

TEST_CASE("event codec: other events still take the general path and round-trip") {
    const event joined = ev::participant_joined{3, "th", "Zoë \"Z\""};
    const event back = event_from_json(event_to_json(joined));
    REQUIRE(std::holds_alternative<ev::participant_joined>(back));
    CHECK(std::get<ev::participant_joined>(back).name == "Zoë \"Z\"");
    // A type that merely starts like the hot one is not mistaken for it.
    const event note = ev::note_set{"s", "comment"};
    REQUIRE(std::holds_alternative<ev::note_set>(event_from_json(event_to_json(note))));
}

TEST_CASE("event codec: ack is written in the exact bytes of wire.hpp's encoder") {
    std::mt19937_64 rng(3);
    for (int i = 0; i < 1000; ++i) {
        const std::uint64_t rev = i == 0 ? 0 : rng();
        protocol::seq_t seq;
        if (i % 3 != 0)
            seq = i == 1 ? 0 : rng();
        REQUIRE(protocol::make_ack(seq, rev) == json(wire::ack{seq, rev}).dump());
    }
}

TEST_CASE("views: view_shown changes with what a role sees, not with counters") {
    auto s = fixtures::three_statements();
    fixtures::join_n(s, 3);
    fixtures::must(s, decide_control(s, "open", "s1"));
    const view_shown_parts before = view_shown(s, role::participant);
    const std::string view_before = make_view(s, role::participant, 3);

    // An answer and a join move rev, joined, answered and complete only.
    fixtures::must(s, decide_answer(s, 1, "s1", "a", "green", "", limits{}));
    fixtures::join_n(s, 1);
    CHECK(make_view(s, role::participant, 4) != view_before);
    CHECK(view_shown(s, role::participant) == before);
    // The shown part has none of the counters.
    const json shown = json::parse(before.layout);
    CHECK_FALSE(shown.contains("rev"));
    CHECK_FALSE(shown.contains("joined"));
    CHECK_FALSE(shown.contains("online"));
    CHECK_FALSE(shown["steps"][0].contains("answered"));

    // Revealing the step shows participants its result: that is not a counter.
    fixtures::must(s, decide_control(s, "reveal", "s1"));
    const view_shown_parts revealed = view_shown(s, role::participant);
    CHECK(revealed != before);
    // Once a result is shown, another answer changes what participants see.
    fixtures::must(s, decide_answer(s, 2, "s1", "a", "red", "", limits{}));
    fixtures::must(s, decide_answer(s, 3, "s1", "a", "red", "", limits{}));
    CHECK(view_shown(s, role::participant) != revealed);
    // ... in its results only, which the server sends at their own, slower pace; closing the
    // step changes the layout.
    CHECK(view_shown(s, role::participant).layout == revealed.layout);
    CHECK(view_shown(s, role::participant).results != revealed.results);
    CHECK_FALSE(json::parse(revealed.layout).contains("results"));
    fixtures::must(s, decide_control(s, "close", "s1"));
    CHECK(view_shown(s, role::participant).layout != revealed.layout);
}
} // namespace kring_test_unit_event_codec_test
