// choice: validate / apply / aggregate, and through the reducer.
#include "fixtures.hpp"

#include "kring/choice.hpp"

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_choice_test {

using namespace kring;
using namespace kring::fixtures;

namespace {

step_def choice_step(bool comment = true) {
    step_def d = step_of("c", activity_kind::choice);
    d.body = {"Casus", "Case"};
    d.options = options({"x", "y", "z"});
    d.comment = comment;
    return d;
}

} // namespace

TEST_CASE("choice: validate takes an option id or pass, a comment only where the step asks one") {
    const step_def d = choice_step();
    CHECK(choice::validate(d, "x", "", limits{}).value->option == "x");
    CHECK(choice::validate(d, "pass", "", limits{}).value->pass);
    for (const json& v : every_json_type()) {
        CAPTURE(v.dump());
        CHECK(choice::validate(d, v, "", limits{}).err.code == errc::bad_value);
    }
    CHECK(choice::validate(d, "X", "", limits{}).err.code == errc::bad_value);
    CHECK(choice::validate(d, json::array({"x"}), "", limits{}).err.code == errc::bad_value);
    CHECK(choice::validate(choice_step(false), "x", "omdat", limits{}).err.code == errc::bad_value);
    CHECK(choice::validate(choice_step(false), "x", "", limits{}).ok());
    CHECK(choice::validate(d, "x", std::string("\xff"), limits{}).err.code == errc::bad_value);
    CHECK(choice::validate(d, "x", std::string(501, 'r'), limits{}).err.code ==
          errc::text_too_long);
}

TEST_CASE("choice: aggregate counts in content order, pass apart, reasons without authors") {
    const step_def d = choice_step();
    choice::responses r;
    SUBCASE("no answers: every option at zero") {
        const auto res = choice::aggregate(d, r);
        CHECK(res.total == 0);
        REQUIRE(res.options.size() == 3);
        CHECK(res.options[2] == choice::option_count{"z", 0});
        CHECK(res.reasons.empty());
    }
    SUBCASE("all pass") {
        choice::apply(r, 1, {true, "", "geen idee"});
        choice::apply(r, 2, {true, "", ""});
        const auto res = choice::aggregate(d, r);
        CHECK(res.total == 2);
        CHECK(res.pass == 2);
        CHECK(res.options[0].count == 0);
        CHECK(res.reasons.empty()); // a pass gives no reason for an option
    }
    SUBCASE("ties stay in content order; a changed answer moves its count") {
        choice::apply(r, 1, {false, "z", "zz"});
        choice::apply(r, 2, {false, "x", "bb"});
        choice::apply(r, 3, {false, "x", "aa"});
        choice::apply(r, 3, {false, "z", "aa"}); // changed
        const auto res = choice::aggregate(d, r);
        CHECK(res.options[0] == choice::option_count{"x", 1});
        CHECK(res.options[2] == choice::option_count{"z", 2});
        REQUIRE(res.reasons.size() == 3);
        CHECK(res.reasons[0] == choice::reason{"x", "bb"});
        CHECK(res.reasons[1] == choice::reason{"z", "aa"}); // by option, then text: not by person
        CHECK(res.reasons[2] == choice::reason{"z", "zz"});
    }
}

TEST_CASE("choice: through the reducer and the views") {
    auto s = session_of({choice_step()}, 3);
    must(s, decide_control(s, "open", "c"));
    CHECK(code_of(respond(s, 1, "c", "x", "", "item")) == "unknown_item");
    CHECK(code_of(respond(s, 1, "c", "nope")) == "bad_value");
    must(s, respond(s, 1, "c", "x", "warm"));
    must(s, respond(s, 2, "c", "y"));
    must(s, respond(s, 3, "c", "pass"));
    const json r = result(s, "c", role::projector);
    CHECK(r == json{{"step", "c"},
                    {"kind", "choice"},
                    {"total", 3},
                    {"options",
                     {{{"option", "x"}, {"count", 1}},
                      {{"option", "y"}, {"count", 1}},
                      {{"option", "z"}, {"count", 0}}}},
                    {"pass", 1},
                    {"paper", 0},
                    {"reasons", {{{"option", "x"}, {"text", "warm"}}}}});
    // The projector sees nothing before reveal.
    CHECK(json::parse(make_view(s, role::projector, 0))["results"].empty());
    must(s, decide_control(s, "reveal", "c"));
    CHECK(json::parse(make_view(s, role::projector, 0))["results"][0] == r);
    const json mine = json::parse(protocol::make_mine(s, 1));
    CHECK(mine["answers"][0] ==
          json{{"step", "c"}, {"item", ""}, {"value", "x"}, {"comment", "warm"}});
}

TEST_CASE("choice: paper answers count per option and as pass, without reasons") {
    const step_def d = choice_step();
    choice::responses r;
    choice::apply(r, 1, {false, "y", "omdat"});
    const auto res = choice::aggregate(d, r, {{"y", 2}, {"z", 1}, {"pass", 3}, {"nope", 7}});
    CHECK(res.total == 1);
    CHECK(res.options[1] == choice::option_count{"y", 3});
    CHECK(res.options[2] == choice::option_count{"z", 1});
    CHECK(res.options[0] == choice::option_count{"x", 0});
    CHECK(res.pass == 3);
    CHECK(res.reasons.size() == 1);
}
} // namespace kring_test_unit_choice_test
