// dot_vote: validate / apply / aggregate, options from a source step, through the reducer.
#include "fixtures.hpp"

#include "kring/dot_vote.hpp"

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_dot_vote_test {

using namespace kring;
using namespace kring::fixtures;

namespace {

step_def vote_step(int dots = 3, int max_per_option = 2) {
    step_def d = step_of("dv", activity_kind::dot_vote);
    d.options = options({"p", "q", "r"});
    d.dots = dots;
    d.max_per_option = max_per_option;
    return d;
}

} // namespace

TEST_CASE("dot_vote: validate takes { option: dots } within the limits, or pass") {
    const step_def d = vote_step();
    const auto& o = d.options;
    const auto ok = dot_vote::validate(d, o, json{{"q", 2}, {"p", 1}}, "", limits{});
    REQUIRE(ok.ok());
    CHECK(dot_vote::value_json(*ok.value) == json{{"p", 1}, {"q", 2}});
    CHECK(dot_vote::validate(d, o, json::object(), "", limits{}).value->dots.empty()); // withdraws
    CHECK(dot_vote::validate(d, o, json{{"p", 0}}, "", limits{}).value->dots.empty());
    CHECK(dot_vote::validate(d, o, "pass", "", limits{}).value->pass);
    for (const json& v : every_json_type()) {
        if (v.is_object() && v.empty())
            continue;
        CAPTURE(v.dump());
        CHECK(dot_vote::validate(d, o, v, "", limits{}).err.code == errc::bad_value);
    }
    CHECK(dot_vote::validate(d, o, json{{"p", 3}}, "", limits{}).err.code ==
          errc::bad_value); // > per option
    CHECK(dot_vote::validate(d, o, json{{"p", 2}, {"q", 2}}, "", limits{}).err.code ==
          errc::bad_value); // > dots
    CHECK(dot_vote::validate(d, o, json{{"p", -1}}, "", limits{}).err.code == errc::bad_value);
    CHECK(dot_vote::validate(d, o, json{{"p", 1.5}}, "", limits{}).err.code == errc::bad_value);
    CHECK(dot_vote::validate(d, o, json{{"p", "1"}}, "", limits{}).err.code == errc::bad_value);
    CHECK(dot_vote::validate(d, o, json{{"nope", 1}}, "", limits{}).err.code == errc::bad_value);
    CHECK(dot_vote::validate(d, o, json{{"p", 1}}, "why", limits{}).err.code == errc::bad_value);
}

TEST_CASE("dot_vote: totals, shared ranks for ties, voters") {
    const auto o = options({"p", "q", "r", "s"});
    dot_vote::responses r;
    SUBCASE("no answers: all at zero, all rank 1") {
        const auto res = dot_vote::aggregate(o, r);
        CHECK(res.voters == 0);
        for (const auto& x : res.options)
            CHECK(x.rank == 1);
    }
    SUBCASE("all pass") {
        dot_vote::apply(r, 1, {true, {}});
        const auto res = dot_vote::aggregate(o, r);
        CHECK(res.total == 1);
        CHECK(res.voters == 0);
    }
    SUBCASE("ties share a rank, the next rank skips") {
        dot_vote::apply(r, 1, {false, {{"q", 2}, {"r", 1}}});
        dot_vote::apply(r, 2, {false, {{"r", 1}, {"s", 2}}});
        dot_vote::apply(r, 3, {false, {{"p", 1}}});
        dot_vote::apply(r, 3, {false, {{"q", 1}}}); // changed
        dot_vote::apply(r, 4, {false, {{"p", 3}}});
        dot_vote::apply(r, 4, {false, {}}); // withdrawn
        const auto res = dot_vote::aggregate(o, r);
        CHECK(res.voters == 3);
        CHECK(res.total == 3);
        using R = dot_vote::option_result;
        CHECK(res.options == std::vector<R>{{"q", 3, 1}, {"r", 2, 2}, {"s", 2, 2}, {"p", 0, 4}});
    }
}

TEST_CASE("dot_vote: through the reducer, options from an earlier step fixed when it opens") {
    step_def tl = step_of("tl", activity_kind::traffic_light);
    tl.items = items({"a", "b", "c", "d"});
    step_def red = step_of("red", activity_kind::dot_vote);
    red.source_step = "tl";
    red.source_take = "red";
    step_def disputed = red;
    disputed.id = "disputed";
    disputed.source_take = "disputed";
    step_def blocks = step_of("blocks", activity_kind::dot_vote);
    blocks.source_take = "blocks";
    auto s = session_of({tl, red, disputed, blocks}, 3);

    // Nothing red yet: nothing to vote on.
    CHECK(code_of(decide_control(s, "open", "red")) == "invalid_transition");
    CHECK(code_of(respond(s, 1, "red", json{{"a", 1}})) == "step_not_open");

    must(s, decide_control(s, "open", "tl"));
    must(s, decide_answer(s, 1, "tl", "b", "red", "", limits{}));
    must(s, decide_answer(s, 1, "tl", "c", "red", "", limits{}));
    must(s, decide_answer(s, 2, "tl", "c", "red", "", limits{}));
    must(s, decide_answer(s, 3, "tl", "c", "green", "", limits{}));
    must(s, decide_answer(s, 3, "tl", "a", "green", "", limits{}));
    must(s, decide_answer(s, 2, "tl", "a", "orange", "", limits{}));
    must(s, decide_control(s, "close", "tl"));

    const auto o = decide_control(s, "open", "red");
    REQUIRE(o.ok());
    REQUIRE(std::holds_alternative<ev::options_set>(o.events.front()));
    must(s, o);
    // Most red first: c (2 red), then b (1 red); a had no red.
    const json v = json::parse(make_view(s, role::participant, 0));
    const json& opts = v["steps"][1]["options"];
    REQUIRE(opts.size() == 2);
    CHECK(opts[0]["id"] == "c");
    CHECK(opts[0]["text"]["nl"] == "c nl");
    CHECK(opts[1]["id"] == "b");
    CHECK_FALSE(v["steps"][2].contains("options")); // not fixed yet

    must(s, respond(s, 1, "red", json{{"b", 2}, {"c", 1}}));
    CHECK(code_of(respond(s, 2, "red", json{{"a", 1}})) == "bad_value"); // not an option
    const json r = result(s, "red");
    CHECK(r["options"][0] == json{{"option", "b"}, {"dots", 2}, {"rank", 1}});
    CHECK(r["voters"] == 1);

    // Reopening after votes keeps the options, even if the source changed.
    must(s, decide_control(s, "close", "red"));
    must(s, decide_control(s, "open", "tl"));
    must(s, decide_answer(s, 3, "tl", "a", "red", "", limits{}));
    const auto again = decide_control(s, "open", "red");
    REQUIRE(again.ok());
    for (const auto& e : again.events)
        CHECK_FALSE(std::holds_alternative<ev::options_set>(e));

    // Disputed: the highest spread first (c: red/red/green; a: orange/red; b: one answer).
    must(s, decide_control(s, "open", "disputed"));
    const auto& dopts = s.steps[2].options;
    REQUIRE(dopts.size() == 2);
    CHECK(dopts[0].id == "c");
    CHECK(dopts[1].id == "a");

    // The building blocks.
    must(s, decide_control(s, "open", "blocks"));
    CHECK(s.steps[3].options.size() == 6);
    CHECK(s.steps[3].options[0].id == "b1");
}

TEST_CASE("dot_vote: sticker dots from paper count and change the ranks") {
    const auto o = options({"p", "q", "r"});
    dot_vote::responses r;
    dot_vote::apply(r, 1, {false, {{"p", 2}}});
    const auto res = dot_vote::aggregate(o, r, {{"r", 5}, {"q", 2}, {"zz", 9}});
    using R = dot_vote::option_result;
    CHECK(res.options == std::vector<R>{{"r", 5, 1}, {"p", 2, 2}, {"q", 2, 2}});
    CHECK(res.voters == 1);
    CHECK(res.total == 1);
}
TEST_CASE("dot_vote: after the vote on the building blocks, the step of the chosen block") {
    step_def vote = step_of("bouwstenen", activity_kind::dot_vote);
    vote.source_take = "blocks";
    step_def b1 = step_of("b1", activity_kind::traffic_light);
    b1.theme = "begrijp-de-noden";
    step_def b2 = step_of("b2", activity_kind::traffic_light);
    b2.theme = "toegankelijker";
    const std::vector<step_def> steps = {vote, b1, b2};
    // Most dots first, as the result sends them.
    CHECK(dot_vote::chosen_block_step(
              steps, {{"toegankelijker", 5, 1}, {"begrijp-de-noden", 2, 2}}) == &steps[2]);
    CHECK(dot_vote::chosen_block_step(steps, {{"begrijp-de-noden", 3, 1}}) == &steps[1]);
    // No dot yet, no vote, or a block no step plays: nothing to open.
    CHECK(dot_vote::chosen_block_step(steps, {{"toegankelijker", 0, 1}}) == nullptr);
    CHECK(dot_vote::chosen_block_step(steps, {}) == nullptr);
    CHECK(dot_vote::chosen_block_step(steps, {{"reflecteer-evalueer", 4, 1}}) == nullptr);
}

} // namespace kring_test_unit_dot_vote_test
