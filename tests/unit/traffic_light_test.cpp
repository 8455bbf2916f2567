#include "kring/traffic_light.hpp"

#include <doctest/doctest.h>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_traffic_light_test {

using namespace kring::traffic_light;

TEST_CASE("spread: agreement is 0, a green/red split is 1") {
    CHECK(spread(tally{}) == 0.0);
    CHECK(spread(tally{1, 0, 0, 0}) == 0.0); // one answer: no disagreement
    CHECK(spread(tally{5, 0, 0, 3}) == 0.0); // passes do not count
    CHECK(spread(tally{2, 0, 2, 0}) == doctest::Approx(1.0));
    CHECK(spread(tally{0, 4, 0, 0}) == 0.0);
    CHECK(spread(tally{1, 1, 0, 0}) == doctest::Approx(0.5));
    // A green/red split is more disputed than green/orange.
    CHECK(spread(tally{3, 0, 3, 0}) > spread(tally{3, 3, 0, 0}));
}

TEST_CASE("responses: the tallies follow changed answers") {
    responses r;
    r.set(1, 0, 2, {light::green, ""});
    r.set(2, 0, 2, {light::red, "x"});
    CHECK(r.tallies[0] == tally{1, 0, 1, 0});
    CHECK(r.answered == 2);
    CHECK(r.complete == 0);

    SUBCASE("change green to orange") {
        r.set(1, 0, 2, {light::orange, ""});
        CHECK(r.tallies[0] == tally{0, 1, 1, 0});
        CHECK(r.answered == 2);
    }
    SUBCASE("pass is counted apart, never as a colour") {
        r.set(1, 0, 2, {light::pass, ""});
        CHECK(r.tallies[0] == tally{0, 0, 1, 1});
    }
    SUBCASE("completing a sheet") {
        r.set(1, 1, 2, {light::pass, ""});
        CHECK(r.complete == 1);
        CHECK(r.answered == 2);
    }
    SUBCASE("out of range item is ignored") {
        r.set(1, 5, 2, {light::green, ""});
        CHECK(r.tallies[0] == tally{1, 0, 1, 0});
    }
    CHECK(r.tallies == tallies_from_sheets(r.sheets, 2));
}

TEST_CASE("responses: who answered and who is complete stay right over any sequence of answers") {
    // Random answers, changes and clearings (light::none) against the counts recomputed from
    // the sheets after every step.
    std::uint32_t seed = 12345;
    auto next = [&seed](std::uint32_t n) {
        seed = seed * 1664525u + 1013904223u;
        return (seed >> 8) % n;
    };
    const light lights[] = {light::none, light::green, light::orange, light::red, light::pass};
    constexpr std::size_t n_items = 4;
    responses r;
    bool right = true;
    for (int i = 0; i < 5000 && right; ++i) {
        r.set(1 + next(6), next(n_items), n_items, {lights[next(5)], ""});
        std::uint32_t answered = 0, complete = 0;
        for (const auto& [pid, s] : r.sheets) {
            std::size_t n = 0;
            for (const auto& a : s)
                n += a.value != light::none ? 1 : 0;
            answered += n > 0 ? 1 : 0;
            complete += s.size() == n_items && n == n_items ? 1 : 0;
        }
        right = r.answered == answered && r.complete == complete &&
                r.tallies == tallies_from_sheets(r.sheets, n_items);
    }
    CHECK(right);
    CHECK(r.sheets.size() == 6);
}

TEST_CASE("aggregate: most disputed first, ties in content order") {
    responses r;
    const std::vector<std::string> ids{"a", "b", "c"};
    SUBCASE("no answers") {
        const auto res = aggregate(ids, r);
        CHECK(res.total == 0);
        REQUIRE(res.items.size() == 3);
        CHECK(res.items[0].item == "a");
        CHECK(res.items[2].item == "c");
        CHECK(res.items[1].green + res.items[1].orange + res.items[1].red + res.items[1].pass == 0);
    }
    SUBCASE("all pass") {
        for (std::uint32_t p = 1; p <= 3; ++p)
            for (std::size_t i = 0; i < 3; ++i)
                r.set(p, i, 3, {light::pass, ""});
        const auto res = aggregate(ids, r);
        CHECK(res.total == 3);
        CHECK(r.complete == 3);
        for (const auto& it : res.items) {
            CHECK(it.pass == 3);
            CHECK(it.spread == 0.0);
        }
        CHECK(res.items[0].item == "a");
    }
    SUBCASE("ordering by spread") {
        // a: all green (0), b: green/red split (1), c: green/orange (0.5)
        r.set(1, 0, 3, {light::green, ""});
        r.set(2, 0, 3, {light::green, ""});
        r.set(1, 1, 3, {light::green, ""});
        r.set(2, 1, 3, {light::red, ""});
        r.set(1, 2, 3, {light::green, ""});
        r.set(2, 2, 3, {light::orange, ""});
        const auto res = aggregate(ids, r);
        REQUIRE(res.items.size() == 3);
        CHECK(res.items[0].item == "b");
        CHECK(res.items[0].index == 1);
        CHECK(res.items[0].spread == doctest::Approx(1.0));
        CHECK(res.items[1].item == "c");
        CHECK(res.items[2].item == "a");
        CHECK(res.items[2].green == 2);
    }
    SUBCASE("ties keep content order") {
        r.set(1, 0, 3, {light::green, ""});
        r.set(2, 0, 3, {light::red, ""});
        r.set(1, 2, 3, {light::red, ""});
        r.set(2, 2, 3, {light::green, ""});
        const auto res = aggregate(ids, r);
        CHECK(res.items[0].item == "a");
        CHECK(res.items[1].item == "c");
        CHECK(res.items[2].item == "b");
    }
}

TEST_CASE("light strings round trip, unknown values are refused") {
    for (auto l : {light::green, light::orange, light::red, light::pass})
        CHECK(light_from_string(to_string(l)) == l);
    CHECK_FALSE(light_from_string("GREEN"));
    CHECK_FALSE(light_from_string("none"));
    CHECK_FALSE(light_from_string(""));
}

TEST_CASE("aggregate: paper answers count with the digital ones") {
    responses r;
    r.set(1, 0, 2, {light::green, ""});
    const std::vector<std::string> ids{"a", "b"};
    const std::map<std::string, paper_counts> paper{{"a", {{"green", 3}, {"red", 2}}},
                                                    {"b", {{"pass", 4}, {"nonsense", 9}}}};
    const auto res = aggregate(ids, r, paper);
    CHECK(res.total == 1); // participants; the view adds the paper answers
    REQUIRE(res.items.size() == 2);
    // With 4 green and 2 red, "a" is disputed and comes first.
    CHECK(res.items[0].item == "a");
    CHECK(res.items[0].green == 4);
    CHECK(res.items[0].red == 2);
    CHECK(res.items[0].spread > 0.0);
    CHECK(res.items[1].pass == 4);
    CHECK(res.items[1].green + res.items[1].orange + res.items[1].red == 0);
    CHECK(with_paper(tally{1, 1, 1, 1}, {{"orange", 2}}) == tally{1, 3, 1, 1});
    // Without paper: the same as before.
    CHECK(aggregate(ids, r).items[0].green == 1);
}

TEST_CASE("traffic_light: where to start, most red or most disputed") {
    auto row = [](const char* id, std::uint32_t index, std::uint32_t red, double spread) {
        item_result r;
        r.item = id;
        r.index = index;
        r.red = red;
        r.spread = spread;
        return r;
    };
    // In aggregate's order: most disputed first.
    const std::vector<item_result> items = {row("c", 2, 1, 0.9), row("a", 0, 2, 0.5),
                                            row("d", 3, 2, 0.2), row("b", 1, 0, 0.0)};
    std::vector<std::string> ids;
    for (const auto& r : most_red(items))
        ids.push_back(r.item);
    CHECK(ids == std::vector<std::string>{"a", "d", "c"}); // b has no red; ties by content order
    ids.clear();
    for (const auto& r : most_disputed(items))
        ids.push_back(r.item);
    CHECK(ids == std::vector<std::string>{"c", "a", "d"}); // b: everyone agrees
}
} // namespace kring_test_unit_traffic_light_test
