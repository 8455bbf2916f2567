// image_choice: validate / apply / aggregate, and through the reducer.
#include "fixtures.hpp"

#include "kring/image_choice.hpp"

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_image_choice_test {

using namespace kring;
using namespace kring::fixtures;

namespace {

step_def image_step(int max_picks = 1, bool reason = true) {
    step_def d = step_of("im", activity_kind::image_choice);
    for (const char* id : {"koffie", "bank", "handen"})
        d.images.push_back({id, std::string("/images/") + id + ".png", {id, id}});
    d.max_picks = max_picks;
    d.reason = reason;
    return d;
}

} // namespace

TEST_CASE("image_choice: validate takes 1..max_picks distinct image ids, or pass") {
    const step_def one = image_step(1), two = image_step(2);
    CHECK(image_choice::validate(one, json::array({"bank"}), "", limits{}).value->images ==
          std::vector<std::string>{"bank"});
    CHECK(image_choice::validate(one, "pass", "", limits{}).value->pass);
    for (const json& v : every_json_type()) {
        CAPTURE(v.dump());
        CHECK(image_choice::validate(one, v, "", limits{}).err.code == errc::bad_value);
    }
    CHECK(image_choice::validate(one, "bank", "", limits{}).err.code ==
          errc::bad_value); // an array, even for one
    CHECK(image_choice::validate(one, json::array({"bank", "koffie"}), "", limits{}).err.code ==
          errc::bad_value);
    CHECK(image_choice::validate(one, json::array({"boot"}), "", limits{}).err.code ==
          errc::bad_value);
    CHECK(image_choice::validate(two, json::array({"bank", "bank"}), "", limits{}).err.code ==
          errc::bad_value);
    CHECK(image_choice::validate(two, json::array({"bank", 3}), "", limits{}).err.code ==
          errc::bad_value);
    // Canonical: deck order, whatever order they were picked in.
    CHECK(
        image_choice::value_json(
            *image_choice::validate(two, json::array({"handen", "koffie"}), "", limits{}).value) ==
        json::array({"koffie", "handen"}));
    CHECK(image_choice::validate(image_step(1, false), json::array({"bank"}), "omdat", limits{})
              .err.code == errc::bad_value);
}

TEST_CASE("image_choice: aggregate is most chosen first, ties in deck order, reasons per image") {
    const step_def d = image_step(2);
    image_choice::responses r;
    SUBCASE("no answers: the whole deck at zero, in deck order") {
        const auto res = image_choice::aggregate(d, r);
        REQUIRE(res.images.size() == 3);
        CHECK(res.images[0].image == "koffie");
        CHECK(res.total == 0);
    }
    SUBCASE("all pass") {
        image_choice::apply(r, 1, {true, {}, ""});
        const auto res = image_choice::aggregate(d, r);
        CHECK(res.total == 1);
        CHECK(res.pass == 1);
    }
    SUBCASE("picks, ties, changed answers") {
        image_choice::apply(r, 1, {false, {"bank", "handen"}, "rust"});
        image_choice::apply(r, 2, {false, {"handen"}, "samen"});
        image_choice::apply(r, 3, {false, {"koffie"}, ""});
        image_choice::apply(r, 3, {false, {"bank"}, "ook rust"}); // changed
        const auto res = image_choice::aggregate(d, r);
        REQUIRE(res.images.size() == 3);
        CHECK(res.images[0] == image_choice::image_count{"bank", 2, {"ook rust", "rust"}});
        CHECK(res.images[1] == image_choice::image_count{"handen", 2, {"rust", "samen"}});
        CHECK(res.images[2] == image_choice::image_count{"koffie", 0, {}});
        CHECK(res.total == 3);
    }
}

TEST_CASE("image_choice: through the reducer") {
    auto s = session_of({image_step()}, 2);
    must(s, decide_control(s, "open", "im"));
    must(s, respond(s, 1, "im", json::array({"handen"}), "verbinding"));
    must(s, respond(s, 2, "im", "pass"));
    const json r = result(s, "im");
    CHECK(r["images"][0] == json{{"image", "handen"}, {"count", 1}, {"reasons", {"verbinding"}}});
    CHECK(r["pass"] == 1);
    CHECK(r["total"] == 2);
    CHECK(json::parse(protocol::make_mine(s, 1))["answers"][0]["value"] == json::array({"handen"}));
}
} // namespace kring_test_unit_image_choice_test
