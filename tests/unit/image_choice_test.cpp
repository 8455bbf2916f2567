// image_choice: validate / apply / aggregate, and through the reducer; the facilitator's own
// images next to the template's deck.
#include "fixtures.hpp"

#include "kring/image_choice.hpp"
#include "kring/report.hpp"
#include "kring/rules.hpp"
#include "kring/wire.hpp"

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
namespace {

/** A photo id as the server makes them: "p" + 24 hex digits. */
std::string photo_id(char c) {
    return "p" + std::string(24, c);
}

/** A control on one of step "im"'s images. */
control_command on_image(control_action a, const std::string& card) {
    control_command c;
    c.action = a;
    c.step = "im";
    c.card = card;
    return c;
}

/** The events of an own image sent for step "im", decided as the server decides it. */
outcome own_image(const session_state& s, char c, const std::string& caption = "") {
    const photo_taken taken{photo_id(c), 320, 240};
    return decide_step_image(s, "im", caption, &taken, limits{});
}

} // namespace

TEST_CASE("image_choice: the facilitator's own images join the deck after the template's, are "
          "chosen, counted, and leave with the answers that chose only them") {
    auto s = session_of({image_step(2), step_of("tekst", activity_kind::open_text)}, 3);
    // Checked before the bytes: no events; the kind, the caption, the step.
    CHECK(decide_step_image(s, "im", "", nullptr, limits{}).ok());
    CHECK(decide_step_image(s, "im", "", nullptr, limits{}).events.empty());
    CHECK(code_of(decide_step_image(s, "tekst", "", nullptr, limits{})) == "bad_value");
    CHECK(code_of(decide_step_image(s, "im", std::string(141, 'a'), nullptr, limits{})) ==
          "text_too_long");
    CHECK(code_of(decide_step_image(s, "im", "a\x01b", nullptr, limits{})) != "");
    must(s, own_image(s, 'a', "  Onze   tuin "));
    must(s, own_image(s, 'b'));
    const auto& own = s.steps[0].get<image_choice::responses>().own;
    REQUIRE(own.size() == 2);
    CHECK(own[0].alt == localized{"Onze tuin", "Onze tuin"}); // one line, as every caption
    CHECK(own[1].alt == localized{"Eigen beeld 2", "Own image 2"});
    // The same id again is refused (the server makes a new one per image).
    CHECK(code_of(own_image(s, 'a')) == "internal");

    // Chosen like the deck's images, in deck order: the template's first, then the own ones.
    must(s, decide_control(s, "open", "im"));
    must(s, respond(s, 1, "im", json::array({photo_id('a'), "bank"}), "groen"));
    must(s, respond(s, 2, "im", json::array({photo_id('a')}), ""));
    must(s, respond(s, 3, "im", json::array({"koffie"}), ""));
    CHECK(json::parse(protocol::make_mine(s, 1))["answers"][0]["value"] ==
          json::array({"bank", photo_id('a')}));
    CHECK(code_of(respond(s, 3, "im", json::array({photo_id('c')}), "")) == "bad_value");
    json r = result(s, "im");
    REQUIRE(r["images"].size() == 5);
    CHECK(r["images"][0] == json{{"image", photo_id('a')}, {"count", 2}, {"reasons", {"groen"}}});
    CHECK(r["images"].back()["image"] == photo_id('b')); // unchosen: in deck order, last
    // Every role's view lists them, the wire reads them back.
    const json view = json::parse(make_view(s, role::participant, 3));
    CHECK(view["steps"][0]["own_images"] ==
          json::array({{{"id", photo_id('a')},
                        {"alt", {{"nl", "Onze tuin"}, {"en", "Onze tuin"}}},
                        {"width", 320},
                        {"height", 240}},
                       {{"id", photo_id('b')},
                        {"alt", {{"nl", "Eigen beeld 2"}, {"en", "Own image 2"}}},
                        {"width", 320},
                        {"height", 240}}}));
    CHECK(!view["steps"][1].contains("own_images"));
    const auto back = std::get<wire::view>(wire::decode(view));
    CHECK(back.steps[0].own_images == own);
    json bad = view;
    bad["steps"][0]["own_images"][0]["width"] = 0;
    CHECK_THROWS_AS(wire::decode(bad), wire::decode_error);
    // Through the store and back.
    const event stored = event_from_json(event_to_json(own_image(s, 'c', "Zon").events.at(0)));
    CHECK(std::get<ev::image_added>(stored).caption == "Zon");
    CHECK(std::get<ev::image_added>(stored).width == 320);
    // The reports name them; the HTML report shows them with their counts.
    const std::string html = report_html(s, lang::nl);
    CHECK(html.find("Onze tuin <span class=\"words\">(2 keer gekozen)") != std::string::npos);
    CHECK(report_markdown(s, lang::en).find("Own image 2") != std::string::npos);

    // Removed: the answers that chose only it go (participant 2), the others lose it.
    CHECK(code_of(decide_control(s, on_image(control_action::delete_photo, "bank"))) ==
          "unknown_item");
    CHECK(code_of(decide_control(s, on_image(control_action::approve_photo, photo_id('a')))) ==
          "bad_value");
    must(s, decide_control(s, on_image(control_action::delete_photo, photo_id('a'))));
    r = result(s, "im");
    CHECK(r["total"] == 2);
    CHECK(r["images"].size() == 4);
    CHECK(json::parse(protocol::make_mine(s, 1))["answers"][0]["value"] == json::array({"bank"}));
    CHECK(json::parse(protocol::make_mine(s, 2))["answers"].empty());
    // A removed image's number is not given again: the next one without caption is the third.
    must(s, own_image(s, 'd'));
    CHECK(s.steps[0].get<image_choice::responses>().own.back().alt.in(lang::nl) == "Eigen beeld 3");
    // Closed: no more own images.
    must(s, decide_control(s, "close", "im"));
    CHECK(code_of(decide_step_image(s, "im", "", nullptr, limits{})) == "step_not_open");
}

TEST_CASE("image_choice: at most max_own_images own images per step, and the session's photos "
          "count them") {
    auto s = session_of({image_step()}, 1);
    for (std::uint32_t i = 0; i < max_own_images; ++i) {
        char hex[32];
        std::snprintf(hex, sizeof hex, "%024x", i + 1);
        const photo_taken taken{std::string("p") + hex, 10, 10};
        must(s, decide_step_image(s, "im", "", &taken, limits{}));
    }
    CHECK(photos_in_session(s) == max_own_images);
    CHECK(code_of(decide_step_image(s, "im", "", nullptr, limits{})) == "photo_limit");
    auto t = session_of({image_step()}, 1);
    limits few;
    few.max_session_photos = 1;
    must(t, own_image(t, 'a'));
    CHECK(code_of(decide_step_image(t, "im", "", nullptr, few)) == "photo_limit");
    // The rules carry both limits to every client.
    const json rules = json(rules_for(limits{}));
    CHECK(rules["photos"]["per_deck"] == max_own_images);
    CHECK(rules["photos"]["own_caption"] == max_own_caption);
}

} // namespace kring_test_unit_image_choice_test
