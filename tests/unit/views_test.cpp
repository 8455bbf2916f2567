#include "fixtures.hpp"

#include "kring/views.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_views_test {

using namespace kring;
using nlohmann::json;

TEST_CASE("views: who sees what") {
    auto s = fixtures::three_statements();
    fixtures::join_n(s, 4);
    fixtures::must(s, decide_control(s, "open", "s1"));
    fixtures::must(s, decide_answer(s, 1, "s1", "a", "green", "zeer goed", limits{}));
    fixtures::must(s, decide_answer(s, 2, "s1", "a", "red", "", limits{}));
    fixtures::must(s, decide_answer(s, 2, "s1", "b", "pass", "", limits{}));

    const json fac = json::parse(make_view(s, role::facilitator, 3));
    const json proj = json::parse(make_view(s, role::projector, 3));
    const json part = json::parse(make_view(s, role::participant, 3));

    CHECK(fac["rev"] == s.rev);
    CHECK(fac["joined"] == 4);
    CHECK(fac["online"] == 3);
    CHECK(fac["current"] == "s1");
    CHECK(fac["steps"][0] == json{{"id", "s1"},
                                  {"phase", "open"},
                                  {"revealed", false},
                                  {"answered", 2},
                                  {"complete", 0},
                                  {"locked", false},
                                  {"live", false},
                                  {"paper", 0}});
    // The facilitator sees results and anonymous comments before reveal.
    REQUIRE(fac["results"].size() == 2);
    CHECK(fac["results"][0]["total"] == 2);
    REQUIRE(fac["comments"].size() == 1);
    CHECK(fac["comments"][0] == json{{"step", "s1"}, {"item", "a"}, {"text", "zeer goed"}});
    // Nobody else sees anything of the answers before reveal.
    CHECK(proj["results"].empty());
    CHECK(part["results"].empty());
    CHECK_FALSE(proj.contains("comments"));
    CHECK_FALSE(part.contains("comments"));
    // Same role, same state: same bytes.
    CHECK(make_view(s, role::projector, 3) == make_view(s, role::projector, 3));

    fixtures::must(s, decide_control(s, "close", "s1"));
    fixtures::must(s, decide_control(s, "reveal", "s1"));
    const json proj2 = json::parse(make_view(s, role::projector, 3));
    REQUIRE(proj2["results"].size() == 1); // only the revealed step
    const json& items = proj2["results"][0]["items"];
    CHECK(items[0]["item"] == "a"); // green/red split: most disputed
    CHECK(items[0]["green"] == 1);
    CHECK(items[0]["red"] == 1);
    CHECK(items[1]["item"] == "b");
    CHECK(items[1]["pass"] == 1);
    CHECK_FALSE(proj2.contains("comments"));
    // No view carries a token, a secret or a name.
    for (const auto& v : {make_view(s, role::projector, 3), make_view(s, role::participant, 3),
                          make_view(s, role::facilitator, 3)}) {
        CHECK(v.find("hash") == std::string::npos);
        CHECK(v.find("\"t1\"") == std::string::npos);
    }
}

TEST_CASE("views: comments are not in join order") {
    auto s = fixtures::three_statements();
    fixtures::join_n(s, 3);
    fixtures::must(s, decide_control(s, "open", "s1"));
    fixtures::must(s, decide_answer(s, 1, "s1", "a", "green", "zz", limits{}));
    fixtures::must(s, decide_answer(s, 2, "s1", "a", "green", "aa", limits{}));
    const json fac = json::parse(make_view(s, role::facilitator, 0));
    REQUIRE(fac["comments"].size() == 2);
    CHECK(fac["comments"][0]["text"] == "aa");
}

TEST_CASE("views: the summary per theme, and when others may see it") {
    using namespace kring::fixtures;
    step_def visie = step_of("visie", activity_kind::traffic_light);
    visie.items = items({"v1", "v2"});
    visie.theme = "visie";
    visie.links = {"b2"};
    step_def vormen = visie;
    vormen.id = "vormen";
    vormen.theme = "vormen";
    vormen.links = {};
    step_def free = visie; // no theme: not in the summary
    free.id = "free";
    free.theme.clear();
    auto s = session_of({visie, vormen, free}, 5);
    must(s, decide_control(s, "open", "visie"));
    const char* colours[] = {"green", "green", "green", "orange", "pass"};
    for (participant_id p = 1; p <= 5; ++p) {
        must(s, decide_answer(s, p, "visie", "v1", colours[p - 1], "", limits{}));
        must(s, decide_answer(s, p, "visie", "v2", "green", "", limits{}));
    }
    must(s, decide_control(s, "open", "vormen"));
    must(s, decide_answer(s, 1, "vormen", "v1", "red", "", limits{}));
    must(s, decide_answer(s, 2, "vormen", "v1", "green", "", limits{}));
    must(s, decide_answer(s, 3, "vormen", "v1", "orange", "", limits{}));

    const json fac = json::parse(make_view(s, role::facilitator, 0));
    REQUIRE(fac["summary"].size() == 2);
    CHECK(fac["summary"][0] == json{{"step", "visie"},
                                    {"theme", "visie"},
                                    {"green", 8},
                                    {"orange", 1},
                                    {"red", 0},
                                    {"pass", 1},
                                    {"verdict", "solid"},
                                    {"next", {"b2"}}});
    CHECK(fac["summary"][1]["verdict"] == "work_first"); // 1 of 3 red
    CHECK(fac["summary"][1]["next"].empty());
    CHECK(fac["summary"][1]["first"] == json{"v1"}); // the question with the red
    // Others see it once every themed step is revealed.
    CHECK(json::parse(make_view(s, role::projector, 0))["summary"].empty());
    must(s, decide_control(s, "reveal", "visie"));
    CHECK(json::parse(make_view(s, role::projector, 0))["summary"].empty());
    must(s, decide_control(s, "reveal", "vormen"));
    CHECK(json::parse(make_view(s, role::participant, 0))["summary"] == fac["summary"]);
}

TEST_CASE("views: the verdict thresholds") {
    CHECK(to_string(verdict_of(0, 0, 0)) == std::string("mixed"));
    CHECK(verdict_of(3, 2, 0) == verdict::solid);      // 60 % green exactly
    CHECK(verdict_of(5, 4, 0) == verdict::mixed);      // 55 % green
    CHECK(verdict_of(17, 0, 3) == verdict::solid);     // 15 % red exactly
    CHECK(verdict_of(16, 0, 4) == verdict::mixed);     // 20 % red
    CHECK(verdict_of(7, 0, 3) == verdict::work_first); // 30 % red
    CHECK(verdict_of(0, 0, 1) == verdict::work_first);
}
TEST_CASE("views: the next building block only when solid, else what to talk about first, "
          "whose advice it is") {
    using namespace kring::fixtures;
    step_def visie = step_of("visie", activity_kind::traffic_light);
    visie.items = items({"v1", "v2", "v3"});
    visie.theme = "visie";
    visie.links = {"b2"};
    step_def noden = visie;
    noden.id = "noden";
    noden.theme = "noden";
    noden.links_inferred = true;
    auto s = session_of({visie, noden}, 4);
    must(s, decide_control(s, "open", "visie"));
    must(s, decide_control(s, "open", "noden"));
    // visie is mixed: v2 is the most disputed, v3 next, v1 agreed.
    const char* v2[] = {"green", "red", "green", "orange"};
    const char* v3[] = {"green", "green", "orange", "orange"};
    for (participant_id p = 1; p <= 4; ++p) {
        must(s, decide_answer(s, p, "visie", "v1", "orange", "", limits{}));
        must(s, decide_answer(s, p, "visie", "v2", v2[p - 1], "", limits{}));
        must(s, decide_answer(s, p, "visie", "v3", v3[p - 1], "", limits{}));
        for (const char* it : {"v1", "v2", "v3"}) // noden: solid
            must(s, decide_answer(s, p, "noden", it, "green", "", limits{}));
    }
    const json fac = json::parse(make_view(s, role::facilitator, 0));
    REQUIRE(fac["summary"].size() == 2);
    const json& mixed = fac["summary"][0];
    CHECK(mixed["verdict"] == "mixed");
    CHECK(mixed["next"].empty()); // the wegwijzer: a next step once the basis is solid
    CHECK(mixed["first"] == json{"v2", "v3"});
    CHECK_FALSE(mixed.contains("inferred"));
    const json& solid = fac["summary"][1];
    CHECK(solid["verdict"] == "solid");
    CHECK(solid["next"] == json{"b2"});
    CHECK(solid["inferred"] == true); // Kring's reading, not the wegwijzer's ⏭️ line
    CHECK_FALSE(solid.contains("first"));
}

} // namespace kring_test_unit_views_test
