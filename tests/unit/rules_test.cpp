// The rules clients follow (rules.hpp): their JSON form round-trips, a bad one is a clear
// error, and they follow the server's limits.

#include "kring/rules.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_rules_test {

using nlohmann::json;

TEST_CASE("rules: JSON round trip, and the defaults are a default server's") {
    kring::limits lim;
    lim.max_text = 120;
    const kring::client_rules r = kring::rules_for(lim);
    CHECK(r.max_text == 120);
    CHECK(r.max_name == 40);
    const json j = r;
    CHECK(j.at("max_text") == 120);
    CHECK(j.at("fields").at("inventory").at("goals") == 300);
    CHECK(j.at("lights").size() == 4);
    CHECK(j.at("reconnect").at("first_ms") == 500);
    CHECK(j.get<kring::client_rules>() == r);
    CHECK(kring::client_rules{} == kring::rules_for(kring::limits{}));
    CHECK(kring::client_rules{}.lights == kring::light_words());
}

TEST_CASE("rules: the traffic-light vocabulary is complete in both languages") {
    const auto& w = kring::light_words();
    REQUIRE(w.size() == 4);
    const char* ids[] = {"green", "orange", "red", "pass"};
    for (std::size_t i = 0; i < w.size(); ++i) {
        CAPTURE(i);
        CHECK(w[i].id == ids[i]);
        CHECK(!w[i].word.nl.empty());
        CHECK(!w[i].word.en.empty());
        CHECK(w[i].colour.size() == 7);
        CHECK(w[i].colour[0] == '#');
        CHECK(!w[i].icon.empty());
    }
}

TEST_CASE("rules: the summary's verdicts are one sentence each, in both languages, sent with the "
          "rules, and the report says the same") {
    const auto& v = kring::verdict_sentences();
    REQUIRE(v.size() == 3);
    const char* ids[] = {"solid", "mixed", "work_first"};
    for (std::size_t i = 0; i < v.size(); ++i) {
        CAPTURE(i);
        CHECK(v[i].id == ids[i]);
        CHECK(!v[i].text.nl.empty());
        CHECK(!v[i].text.en.empty());
    }
    const json j = kring::client_rules{};
    REQUIRE(j["verdicts"].size() == 3);
    CHECK(j["verdicts"][2]["text"]["nl"] == v[2].text.nl);
    CHECK(kring::verdict_text(v, "solid").nl == v[0].text.nl);
    CHECK(kring::verdict_text(v, "no-such").nl == v[1].text.nl); // mixed
    CHECK(kring::verdict_text({}, "solid").nl == v[1].text.nl);
}

TEST_CASE("rules: a malformed rules object is an error that names the field") {
    const json good = kring::client_rules{};
    auto fails_with = [](json j, const std::string& words) {
        try {
            (void)j.get<kring::client_rules>();
            FAIL("accepted: " << j.dump());
        } catch (const std::runtime_error& e) {
            CHECK_MESSAGE(std::string(e.what()).find(words) != std::string::npos, e.what());
        }
    };
    json j = good;
    j.erase("max_text");
    fails_with(j, "max_text");
    j = good;
    j["max_name"] = -3;
    fails_with(j, "max_name");
    j = good;
    j["fields"]["action_plan"].erase("who");
    fails_with(j, "who");
    j = good;
    j["lights"][1]["word"]["en"] = 7;
    fails_with(j, "en");
    j = good;
    j.erase("verdicts");
    fails_with(j, "verdicts");
    j = good;
    j["verdicts"][0]["text"].erase("nl");
    fails_with(j, "nl");
    j = good;
    j["reconnect"]["jitter"] = 2.5;
    fails_with(j, "jitter");
    fails_with(json::array(), "object");
}
} // namespace kring_test_unit_rules_test
