// inventory: validate / apply / aggregate (table, coverage matrix, gaps), through the reducer.
#include "fixtures.hpp"

#include "kring/inventory.hpp"

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_inventory_test {

using namespace kring;
using namespace kring::fixtures;

namespace {

step_def inventory_step() {
    step_def d = step_of("inv", activity_kind::inventory);
    d.offer_kinds = options({"spel", "praat"});
    d.target_groups = options({"jong", "vaders", "mix"});
    d.max_entries = 2;
    return d;
}

json entry(const char* name, const char* kind, json families = json::array()) {
    return json{{"name", name}, {"kind", kind}, {"families", std::move(families)}};
}

} // namespace

TEST_CASE("inventory: validate checks every field of every entry") {
    const step_def d = inventory_step();
    const auto ok = inventory::validate(d,
                                        json::array({json{{"name", " Babbelbox "},
                                                          {"kind", "praat"},
                                                          {"place", "Zaal"},
                                                          {"families", {"mix", "jong", "mix"}},
                                                          {"goals", "elkaar leren kennen"}}}),
                                        "", limits{});
    REQUIRE(ok.ok());
    const auto& e = ok.value->entries.at(0);
    CHECK(e.name == "Babbelbox");
    CHECK(e.families == std::vector<std::string>{"jong", "mix"}); // step order, no doubles
    CHECK(inventory::validate(d, json::array({json{{"name", "x"}, {"kind", "spel"}}}), "", limits{})
              .ok());
    CHECK(inventory::validate(d, json::array(), "", limits{}).value->entries.empty());
    CHECK(inventory::validate(d, "pass", "", limits{}).value->pass);
    for (const json& v : every_json_type()) {
        if (v.is_array() && v.empty())
            continue;
        CAPTURE(v.dump());
        CHECK(inventory::validate(d, v, "", limits{}).err.code == errc::bad_value);
    }
    auto code = [&](json value) { return inventory::validate(d, value, "", limits{}).err.code; };
    CHECK(code(json::array({entry("a", "spel"), entry("b", "spel"), entry("c", "spel")})) ==
          errc::bad_value);
    CHECK(code(json::array({json{{"kind", "spel"}}})) == errc::bad_value); // no name
    CHECK(code(json::array({entry("", "spel")})) == errc::bad_value);      // empty name
    CHECK(code(json::array({entry("a", "bingo")})) == errc::bad_value);    // unknown kind
    CHECK(code(json::array({entry("a", "spel", {"marsmannetjes"})})) ==
          errc::bad_value);                                                    // unknown group
    CHECK(code(json::array({entry("a", "spel", "jong")})) == errc::bad_value); // not an array
    CHECK(code(json::array({json{{"name", 5}, {"kind", "spel"}}})) == errc::bad_value);
    CHECK(code(json::array({json{{"name", std::string(81, 'n')}, {"kind", "spel"}}})) ==
          errc::text_too_long);
    CHECK(code(json::array(
              {json{{"name", "a"}, {"kind", "spel"}, {"place", std::string(81, 'p')}}})) ==
          errc::text_too_long);
    CHECK(code(json::array(
              {json{{"name", "a"}, {"kind", "spel"}, {"goals", std::string(301, 'g')}}})) ==
          errc::text_too_long);
    CHECK(inventory::validate(d, json::array({entry("a", "spel")}), "x", limits{}).err.code ==
          errc::bad_value);
}

TEST_CASE("inventory: the table, the matrix kinds x groups, and its gaps") {
    const step_def d = inventory_step();
    inventory::responses r;
    cards::moderation m;
    auto e = [](const char* name, const char* kind, std::vector<std::string> fam) {
        return inventory::entry{name, kind, "", std::move(fam), ""};
    };
    SUBCASE("no answers: every cell is a gap") {
        const auto res = inventory::aggregate(d, r, m);
        CHECK(res.entries.empty());
        CHECK(res.gaps.size() == 6);
        CHECK(res.counts == std::vector<std::vector<std::uint32_t>>{{0, 0, 0}, {0, 0, 0}});
    }
    SUBCASE("all pass") {
        inventory::apply(r, 1, {true, {}});
        CHECK(inventory::aggregate(d, r, m).total == 1);
    }
    SUBCASE("entries, equal ones once, hidden ones out of the matrix, merges join families") {
        inventory::apply(
            r, 1, {false, {e("Speelpunt", "spel", {"jong"}), e("Babbelbox", "praat", {"mix"})}});
        inventory::apply(r, 2, {false, {e("speelpunt", "spel", {"jong"})}}); // the same entry
        inventory::apply(r, 3, {false, {e("Praatcafé", "praat", {"vaders"})}});
        auto res = inventory::aggregate(d, r, m);
        REQUIRE(res.entries.size() == 3);
        CHECK(res.entries[0].e.name == "Speelpunt"); // kind order first: spel
        CHECK(res.entries[1].e.name == "Babbelbox");
        CHECK(res.counts == std::vector<std::vector<std::uint32_t>>{{1, 0, 0}, {0, 1, 1}});
        CHECK(res.gaps == std::vector<std::pair<std::string, std::string>>{
                              {"spel", "vaders"}, {"spel", "mix"}, {"praat", "jong"}});
        CHECK(res.unreached.empty()); // every group is reached by some kind
        CHECK(res.unnamed.empty());

        const std::string babbel = inventory::card_of(e("Babbelbox", "praat", {"mix"}));
        const std::string cafe = inventory::card_of(e("Praatcafé", "praat", {"vaders"}));
        m.merged_into[cafe] = babbel;
        res = inventory::aggregate(d, r, m);
        REQUIRE(res.entries.size() == 2);
        CHECK(res.entries[1].e.families == std::vector<std::string>{"vaders", "mix"});
        CHECK(res.counts[1] == std::vector<std::uint32_t>{0, 1, 1});

        m.merged_into.clear();
        m.hidden.insert(babbel);
        res = inventory::aggregate(d, r, m);
        CHECK(res.counts[1] == std::vector<std::uint32_t>{0, 1, 0});
        // Without Babbelbox nobody reaches "mix"; both kinds still reach someone.
        CHECK(res.unreached == std::vector<std::string>{"mix"});
        CHECK(res.unnamed.empty());
        json fac, proj;
        inventory::to_json(fac, res, true);
        inventory::to_json(proj, res, false);
        CHECK(fac["entries"].size() == 3);
        CHECK(proj["entries"].size() == 2);
        CHECK(proj["matrix"]["kinds"] == json{"spel", "praat"});
        CHECK(proj["gaps"][0] == json{"spel", "vaders"});
        CHECK(proj["unreached"] == json{"mix"});
        CHECK(proj["unnamed"] == json::array());
    }
    SUBCASE("a kind nobody named and a group nobody reaches") {
        inventory::apply(r, 1, {false, {e("Speelpunt", "spel", {"jong"})}});
        const auto res = inventory::aggregate(d, r, m);
        CHECK(res.unreached == std::vector<std::string>{"vaders", "mix"});
        CHECK(res.unnamed == std::vector<std::string>{"praat"});
    }
}

TEST_CASE("inventory: through the reducer") {
    auto s = session_of({inventory_step()}, 2);
    must(s, decide_control(s, "open", "inv"));
    must(s, respond(s, 1, "inv", json::array({entry("Speelpunt", "spel", {"jong"})})));
    CHECK(code_of(respond(s, 2, "inv", json::array({entry("x", "nope")}))) == "bad_value");
    const json r = result(s, "inv", role::projector);
    CHECK(r["kind"] == "inventory");
    CHECK(r["total"] == 1);
    CHECK(r["entries"][0]["name"] == "Speelpunt");
    CHECK(r["entries"][0]["families"] == json{"jong"});
    CHECK(r["matrix"]["counts"] == json{{1, 0, 0}, {0, 0, 0}});
    CHECK(r["gaps"].size() == 5);
    CHECK(json::parse(protocol::make_mine(s, 1))["answers"][0]["value"][0] ==
          json{{"name", "Speelpunt"},
               {"kind", "spel"},
               {"place", ""},
               {"families", {"jong"}},
               {"goals", ""}});
}
} // namespace kring_test_unit_inventory_test
