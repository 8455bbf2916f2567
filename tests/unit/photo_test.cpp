// photo: what a session knows of its photos (their bytes are the server's): decide_photo's
// checks in order, moderation, the wall per role, and the events through the store's JSON.
#include "fixtures.hpp"

#include "kring/photo.hpp"
#include "kring/wire.hpp"

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_photo_test {

using namespace kring;
using namespace kring::fixtures;

namespace {

step_def photo_step(int max_photos = 2) {
    step_def d = step_of("fotos", activity_kind::photo);
    d.options = options({"drempel", "uitnodigend"});
    d.max_photos = max_photos;
    d.max_length = 20;
    return d;
}

std::string id_of(int n) {
    std::string hex = std::to_string(n);
    return "p" + std::string(24 - hex.size(), '0') + hex;
}

photo_taken taken(int n) {
    return {id_of(n), 1600, 1200};
}

photo::request req(std::string caption = "De inkom", std::string category = "drempel",
                   std::string upload = "upload-01") {
    return {std::move(caption), std::move(category), std::move(upload)};
}

/** An open photo step with two participants. */
session_state open_room(int max_photos = 2) {
    session_state s = session_of({photo_step(max_photos)}, 2);
    must(s, decide_control(s, "open", "fotos"));
    return s;
}

} // namespace

TEST_CASE("photo: decide_photo checks the sender, the step, the fields and the limits, in order") {
    session_state s = open_room();
    const limits lim;
    auto code = [&](participant_id pid, const std::string& step, const photo::request& r,
                    const photo_taken* t) {
        return code_of(decide_photo(s, pid, step, r, t, lim));
    };
    const photo_taken one = taken(1);
    CHECK(code(0, "fotos", req(), &one) == "forbidden");
    CHECK(code(3, "fotos", req(), &one) == "forbidden");
    CHECK(code(1, "nergens", req(), &one) == "unknown_step");
    CHECK(code(1, "fotos", req("x", "keuken"), &one) == "bad_value");
    CHECK(code(1, "fotos", req("x", ""), &one) == "bad_value"); // the step has categories
    CHECK(code(1, "fotos", req("een onderschrift dat te lang is"), &one) == "text_too_long");
    CHECK(code(1, "fotos", req("x", "drempel", "kort"), &one) == "bad_value"); // upload key
    CHECK(code(1, "fotos", req("x", "drempel", "upload 01"), &one) == "bad_value");
    // Before the bytes: no events, no rejection.
    const outcome first = decide_photo(s, 1, "fotos", req(), nullptr, lim);
    CHECK(first.ok());
    CHECK(first.events.empty());
    // A photo the server did not take in is refused.
    const photo_taken bad{"not-an-id", 10, 10};
    CHECK(code(1, "fotos", req(), &bad) == "internal");

    must(s, decide_photo(s, 1, "fotos", req("  De   inkom "), &one, lim));
    const auto& r = s.steps[0].get<photo::responses>();
    REQUIRE(photo::count(r) == 1);
    const photo::entry* e = photo::find(r, id_of(1));
    REQUIRE(e);
    CHECK(e->caption == "De inkom"); // one line, squeezed
    CHECK(e->st == photo::status::pending);
    CHECK(e->n == 1);

    // The same upload key again: nothing new, no rejection (the photo it made stands).
    const photo_taken two = taken(2);
    const outcome again = decide_photo(s, 1, "fotos", req(), &two, lim);
    CHECK(again.ok());
    CHECK(again.events.empty());
    // The participant's limit, then the session's.
    must(s, decide_photo(s, 1, "fotos", req("b", "drempel", "upload-02"), &two, lim));
    const photo_taken three = taken(3);
    CHECK(code(1, "fotos", req("c", "drempel", "upload-03"), &three) == "photo_limit");
    limits two_per_session;
    two_per_session.max_session_photos = 2;
    CHECK(code_of(decide_photo(s, 2, "fotos", req(), &three, two_per_session)) == "photo_limit");
    CHECK(code(2, "fotos", req(), &three) == "ok");

    // Paused, removed, closed.
    must(s, decide_control(s, "pause", ""));
    CHECK(code(2, "fotos", req(), &three) == "paused");
    must(s, decide_control(s, "resume", ""));
    must(s, decide_control(s, "close", "fotos"));
    CHECK(code(2, "fotos", req(), &three) == "step_not_open");
    // Not a photo step; and no photo as a WebSocket answer.
    session_state t = session_of({photo_step(), step_of("open", activity_kind::open_text)}, 1);
    must(t, decide_control(t, "open", "open"));
    must(t, decide_control(t, "open", "fotos"));
    CHECK(code_of(decide_photo(t, 1, "open", req(), &one, lim)) == "bad_value");
    CHECK(code_of(respond(t, 1, "fotos", json::array())) == "bad_value");
}

TEST_CASE("photo: moderation decides who sees a photo, and delete frees its place") {
    session_state s = open_room(1);
    const limits lim;
    const photo_taken a = taken(1), b = taken(2);
    must(s, decide_photo(s, 1, "fotos", req("eerste"), &a, lim));
    must(s, decide_photo(s, 2, "fotos", req("tweede", "uitnodigend"), &b, lim));
    auto act = [&](const char* action, const std::string& id) {
        control_command c;
        c.action = *control_action_from_string(action);
        c.step = "fotos";
        c.card = id;
        return decide_control(s, c);
    };
    // The facilitator sees both, pending, in the order they arrived; the room sees none.
    json fac = result(s, "fotos");
    REQUIRE(fac["photos"].size() == 2);
    CHECK(fac["photos"][0]["id"] == id_of(1));
    CHECK(fac["photos"][0]["status"] == "pending");
    CHECK(fac["total"] == 2);
    CHECK(result(s, "fotos", role::projector)["photos"].empty());

    CHECK(code_of(act("approve_photo", id_of(9))) == "unknown_item");
    CHECK(code_of(act("hide_photo", id_of(1))) == "ok");
    must(s, act("approve_photo", id_of(2)));
    CHECK(code_of(act("approve_photo", id_of(2))) == "invalid_transition");
    json room = result(s, "fotos", role::participant);
    REQUIRE(room["photos"].size() == 1);
    CHECK(room["photos"][0]["id"] == id_of(2));
    CHECK(room["photos"][0]["caption"] == "tweede");
    CHECK_FALSE(room["photos"][0].contains("status"));
    must(s, act("hide_photo", id_of(2)));
    CHECK(result(s, "fotos", role::projector)["photos"].empty());

    // Participant 1 reached the limit of 1; deleting frees the place.
    const photo_taken c = taken(3);
    CHECK(code_of(decide_photo(s, 1, "fotos", req("x", "drempel", "upload-09"), &c, lim)) ==
          "photo_limit");
    must(s, act("delete_photo", id_of(1)));
    CHECK(result(s, "fotos")["photos"].size() == 1);
    must(s, decide_photo(s, 1, "fotos", req("x", "drempel", "upload-09"), &c, lim));
    CHECK(code_of(act("delete_photo", id_of(1))) == "unknown_item");
    // The new one comes after the older one still there.
    fac = result(s, "fotos");
    REQUIRE(fac["photos"].size() == 2);
    CHECK(fac["photos"][1]["id"] == id_of(3));

    // Only photo steps have photos.
    session_state t = session_of({step_of("open", activity_kind::open_text)}, 1);
    control_command cc;
    cc.action = control_action::approve_photo;
    cc.step = "open";
    cc.card = id_of(1);
    CHECK(code_of(decide_control(t, cc)) == "bad_value");
}

TEST_CASE("photo: the events go through the store's JSON and a replay gives the same wall") {
    session_state s = session_of({photo_step()}, 2);
    std::vector<event> history;
    session_def def = s.def;
    history.push_back(ev::session_created{"s-1", "ABCDEF", "hash", 1700000000, def, 1});
    history.push_back(ev::participant_joined{1, "h1", ""});
    history.push_back(ev::participant_joined{2, "h2", ""});
    history.push_back(ev::phase_set{"fotos", phase::open});
    history.push_back(
        ev::photo_added{"fotos", 1, id_of(1), "één", "drempel", 1600, 1200, "upload-01"});
    history.push_back(ev::photo_added{"fotos", 2, id_of(2), "twee", "uitnodigend", 800, 600, ""});
    history.push_back(ev::photo_set{"fotos", id_of(2), "approved"});
    history.push_back(ev::photo_set{"fotos", id_of(1), "deleted"});
    // Nonsense is ignored: an unknown photo, a bad id, a photo on another kind of step.
    history.push_back(ev::photo_set{"fotos", id_of(7), "approved"});
    history.push_back(ev::photo_added{"fotos", 9, id_of(3), "", "", 1, 1, ""});
    history.push_back(ev::photo_added{"fotos", 1, "p-bad", "", "", 1, 1, ""});
    const session_state r = replayed(history);
    const auto& resp = r.steps[0].get<photo::responses>();
    REQUIRE(photo::count(resp) == 1);
    const photo::entry* e = photo::find(resp, id_of(2));
    REQUIRE(e);
    CHECK(e->st == photo::status::approved);
    CHECK(e->width == 800);
    CHECK(e->n == 2);
    CHECK(resp == fold(history).steps[0].get<photo::responses>());
    CHECK_THROWS(event_from_json(R"({"type":"photo_set","step":"fotos","id":"p1","to":"gone"})"));

    // The result through the client's decoder and back.
    wire::step_result out;
    photo::responses::fill_result(out, resp,
                                  result_input{.def = r.def.steps[0],
                                               .options = r.def.steps[0].options,
                                               .paper = r.steps[0].paper.counts,
                                               .moderation = r.steps[0].moderation,
                                               .facilitator = true});
    json j;
    photo::responses::write_result(j, out);
    wire::step_result back;
    photo::responses::read_result(back, wire::reader(j, "results[0]"));
    CHECK(back.photos == out.photos);
    j["photos"][0]["status"] = "lost";
    CHECK_THROWS_AS(photo::responses::read_result(back, wire::reader(j, "results[0]")),
                    wire::decode_error);
}

TEST_CASE("photo: a dot vote takes the approved photos as its options, by their captions") {
    step_def vote = step_of("sterkste", activity_kind::dot_vote);
    vote.source_step = "fotos";
    vote.source_take = "photos";
    session_state s = session_of({photo_step(), vote}, 2);
    must(s, decide_control(s, "open", "fotos"));
    const limits lim;
    const photo_taken a = taken(1), b = taken(2), c = taken(3);
    must(s, decide_photo(s, 1, "fotos", req("De inkom"), &a, lim));
    must(s, decide_photo(s, 2, "fotos", req(""), &b, lim));
    must(s, decide_photo(s, 2, "fotos", req("Pending", "drempel", "upload-02"), &c, lim));
    for (int n : {1, 2}) {
        control_command cc;
        cc.action = control_action::approve_photo;
        cc.step = "fotos";
        cc.card = id_of(n);
        must(s, decide_control(s, cc));
    }
    const auto options = options_from_source(s, s.def.steps[1]);
    REQUIRE(options.size() == 2); // the pending one is not among them
    CHECK(options[0].id == id_of(1));
    CHECK(options[0].text.nl == "De inkom");
    CHECK(options[1].id == id_of(2));
    CHECK(options[1].text.nl == "Foto 2");
    CHECK(options[1].text.en == "Photo 2");
    must(s, decide_control(s, "open", "sterkste"));
    CHECK(code_of(respond(s, 1, "sterkste", json{{id_of(1), 2}, {id_of(2), 1}})) == "ok");
}

} // namespace kring_test_unit_photo_test
