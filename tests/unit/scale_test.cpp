// scale: validate / apply / aggregate, and through the reducer.
#include "fixtures.hpp"

#include "kring/scale.hpp"

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_scale_test {

using namespace kring;
using namespace kring::fixtures;

namespace {

step_def scale_step() {
    step_def d = step_of("sc", activity_kind::scale);
    d.items = items({"q1", "q2"});
    d.min = 1;
    d.max = 5;
    return d;
}

} // namespace

TEST_CASE("scale: validate takes min..max or pass, and nothing else") {
    const step_def d = scale_step();
    CHECK(scale::validate(d, 1, "", limits{}).ok());
    CHECK(scale::validate(d, 5, "", limits{}).ok());
    CHECK(scale::validate(d, "pass", "", limits{}).value->pass);
    for (const json& v : every_json_type()) {
        if (v.is_number_integer() && v.get<int>() >= 1 && v.get<int>() <= 5)
            continue;
        CAPTURE(v.dump());
        const auto r = scale::validate(d, v, "", limits{});
        REQUIRE_FALSE(r.ok());
        CHECK(r.err.code == errc::bad_value);
    }
    CHECK(scale::validate(d, 0, "", limits{}).err.code == errc::bad_value);
    CHECK(scale::validate(d, 6, "", limits{}).err.code == errc::bad_value);
    CHECK(scale::validate(d, "3", "", limits{}).err.code == errc::bad_value);
    CHECK(scale::validate(d, 3.0, "", limits{}).err.code == errc::bad_value);
    limits lim;
    lim.max_text = 3;
    CHECK(scale::validate(d, 3, "long", lim).err.code == errc::text_too_long);
    CHECK(scale::value_json(*scale::validate(d, 4, "", limits{}).value) == 4);
    CHECK(scale::value_json(*scale::validate(d, "pass", "", limits{}).value) == "pass");
}

TEST_CASE("scale: aggregate counts per value, pass apart, median of the rest") {
    const step_def d = scale_step();
    scale::responses r;
    SUBCASE("no answers") {
        const auto res = scale::aggregate(d, r);
        CHECK(res.total == 0);
        REQUIRE(res.items.size() == 2);
        CHECK(res.items[0].counts == std::vector<std::uint32_t>{0, 0, 0, 0, 0});
        CHECK_FALSE(res.items[0].median);
        CHECK(scale::to_json(res)[0]["median"].is_null());
    }
    SUBCASE("all pass: total counts them, no median") {
        scale::apply(r, d, 1, 0, {0, true, ""});
        scale::apply(r, d, 2, 0, {0, true, ""});
        const auto res = scale::aggregate(d, r);
        CHECK(res.total == 2);
        CHECK(res.items[0].pass == 2);
        CHECK_FALSE(res.items[0].median);
    }
    SUBCASE("median: odd and even counts, changed answers") {
        scale::apply(r, d, 1, 0, {1, false, ""});
        scale::apply(r, d, 2, 0, {4, false, ""});
        scale::apply(r, d, 3, 0, {5, false, ""});
        CHECK(scale::aggregate(d, r).items[0].median == 4.0);
        scale::apply(r, d, 4, 0, {2, false, ""});
        CHECK(scale::aggregate(d, r).items[0].median == 3.0); // (2 + 4) / 2
        scale::apply(r, d, 4, 0, {5, false, ""});             // changed: last one counts
        const auto res = scale::aggregate(d, r);
        CHECK(res.items[0].median == 4.5);
        CHECK(res.items[0].counts == std::vector<std::uint32_t>{1, 0, 0, 1, 2});
        CHECK(res.total == 4);
        CHECK(scale::answered(r) == 4);
        CHECK(scale::complete(d, r) == 0);
        scale::apply(r, d, 1, 1, {3, false, ""});
        CHECK(scale::complete(d, r) == 1);
        // Same input, same output.
        CHECK(scale::to_json(scale::aggregate(d, r)) == scale::to_json(scale::aggregate(d, r)));
    }
}

TEST_CASE("scale: through the reducer, with items, comments and replay") {
    auto s = session_of({scale_step()}, 2);
    std::vector<event> history;
    auto record = [&](const outcome& o) {
        must(s, o);
        history.insert(history.end(), o.events.begin(), o.events.end());
    };
    CHECK(code_of(respond(s, 1, "sc", 3, "", "q1")) == "step_not_open");
    must(s, decide_control(s, "open", "sc"));
    CHECK(code_of(respond(s, 1, "sc", 3, "", "")) == "unknown_item");
    CHECK(code_of(respond(s, 1, "sc", 3, "", "zz")) == "unknown_item");
    CHECK(code_of(respond(s, 1, "sc", 9, "", "q1")) == "bad_value");
    CHECK(code_of(respond(s, 1, "sc", 3, std::string(501, 'x'), "q1")) == "text_too_long");
    record(respond(s, 1, "sc", 3, "goed", "q1"));
    record(respond(s, 2, "sc", "pass", "", "q1"));
    record(respond(s, 2, "sc", 5, "", "q2"));
    const json r = result(s, "sc");
    CHECK(r["kind"] == "scale");
    CHECK(r["total"] == 2);
    CHECK(r["items"][0] == json{{"item", "q1"},
                                {"index", 0},
                                {"counts", {0, 0, 1, 0, 0}},
                                {"pass", 1},
                                {"median", 3.0}});
    // Comments are the facilitator's only, and never in results.
    const json fac = json::parse(make_view(s, role::facilitator, 0));
    REQUIRE(fac["comments"].size() == 1);
    CHECK(fac["comments"][0] == json{{"step", "sc"}, {"item", "q1"}, {"text", "goed"}});
    CHECK(fac["steps"][0]["answered"] == 2);
    CHECK(fac["steps"][0]["complete"] == 1);
    // Replay through the stored JSON gives the same result.
    history.insert(history.begin(),
                   ev::session_created{"s-1", "ABCDEF", "hash", 1700000000, s.def});
    for (int i = 1; i <= 2; ++i)
        history.insert(history.begin() + i, ev::participant_joined{static_cast<participant_id>(i),
                                                                   "t" + std::to_string(i), ""});
    const auto back = replayed(history);
    CHECK(back.steps[0].get<kring::scale::responses>() ==
          s.steps[0].get<kring::scale::responses>());
}

TEST_CASE("scale: paper answers count into counts, pass and the median") {
    const step_def d = scale_step();
    scale::responses r;
    scale::apply(r, d, 1, 0, {1, false, ""});
    const scale::paper_counts paper{{d.items[0].id, {{"5", 2}, {"pass", 1}, {"9", 4}}}};
    const auto res = scale::aggregate(d, r, paper);
    CHECK(res.total == 1);
    CHECK(res.items[0].counts == std::vector<std::uint32_t>{1, 0, 0, 0, 2});
    CHECK(res.items[0].pass == 1);
    CHECK(res.items[0].median == 5.0); // 1, 5, 5
    CHECK(res.items[1].counts == std::vector<std::uint32_t>{0, 0, 0, 0, 0});
}
} // namespace kring_test_unit_scale_test
