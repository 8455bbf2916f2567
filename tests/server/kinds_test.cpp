// Every activity kind end to end over loopback: create from the kind's template, join in
// every role, answer, change, close, reveal, and check the results as each role sees them.

#include "helpers.hpp"

#include <filesystem>
#include <fstream>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_kinds_test {

using namespace kring::test;
namespace fs = std::filesystem;

namespace {

/** An answer of any kind; returns the reply (ack or error). */
json respond(ws_client& p, const std::string& step, const json& value, const std::string& item = {},
             const std::string& comment = {}) {
    json msg{{"type", "answer"}, {"step", step}, {"value", value}};
    if (!item.empty())
        msg["item"] = item;
    if (!comment.empty())
        msg["comment"] = comment;
    return p.request(msg);
}

json must_ack(const json& reply) {
    REQUIRE_MESSAGE(is_type(reply, "ack"), reply.dump());
    return reply;
}

/** A control with extra fields (card, cards, lang); returns the reply. */
json steer(ws_client& fac, json msg) {
    msg["type"] = "control";
    return fac.request(std::move(msg));
}

/** The welcome's step entry. */
json welcome_step(const json& welcome, const std::string& id) {
    for (const auto& s : welcome["session"]["steps"])
        if (s["id"] == id)
            return s;
    return nullptr;
}

/** Everyone of a small session: facilitator, projector, n participants. */
struct room_of {
    server_process& srv;
    ws_client fac;
    session_info info;
    json fac_welcome;
    ws_client proj;
    json proj_welcome;
    std::vector<std::unique_ptr<ws_client>> people;
    std::vector<json> people_welcome;

    room_of(server_process& s, const std::string& tmpl, int n)
        : srv(s), fac(s.port()), proj(s.port()) {
        const json r =
            fac.request({{"type", "create_session"}, {"protocol_version", 1}, {"template", tmpl}});
        REQUIRE_MESSAGE(is_type(r, "session_created"), r.dump());
        info = {r["join_code"], r["facilitator_secret"], r["session_id"]};
        fac_welcome = fac.recv();
        REQUIRE(is_type(fac_welcome, "welcome"));
        REQUIRE(is_type(fac.recv(), "view"));
        proj_welcome = join(proj, info.code, "projector").welcome;
        for (int i = 0; i < n; ++i) {
            people.push_back(std::make_unique<ws_client>(s.port()));
            people_welcome.push_back(join(*people.back(), info.code, "participant").welcome);
        }
    }
    ws_client& p(int i) { return *people.at(static_cast<std::size_t>(i)); }

    /** The latest views of the facilitator, the projector and participant 0 at rev. */
    std::array<json, 3> views_at(std::uint64_t rev) {
        return {wait_view(fac, rev_at_least(rev)), wait_view(proj, rev_at_least(rev)),
                wait_view(p(0), rev_at_least(rev))};
    }
};

/** Closes and reveals a step; returns the rev of the reveal. */
std::uint64_t close_and_reveal(ws_client& fac, const std::string& step) {
    control(fac, "close", step);
    return control(fac, "reveal", step)["rev"];
}

} // namespace

TEST_CASE("scale (evaluatie): per item counts and median, comments for the facilitator only") {
    server_process srv;
    room_of r(srv, "evaluatie", 3);
    const json ws = welcome_step(r.people_welcome[0], "vragen");
    CHECK(ws["kind"] == "scale");
    CHECK(ws["min"] == 1);
    CHECK(ws["max"] == 5);
    CHECK(ws["labels"]["min"]["nl"].is_string());
    CHECK_FALSE(ws.contains("guide"));
    CHECK(welcome_step(r.fac_welcome, "vragen")["guide"]["nl"].get<std::string>().size() > 100);
    const std::string q1 = ws["items"][0]["id"], q2 = ws["items"][1]["id"];

    CHECK(respond(r.p(0), "vragen", 3, q1)["code"] == "step_not_open");
    control(r.fac, "open", "vragen");
    must_ack(respond(r.p(0), "vragen", 2, q1));
    must_ack(respond(r.p(0), "vragen", 4, q1, "beter dan vorig jaar")); // changed
    must_ack(respond(r.p(1), "vragen", 5, q1));
    must_ack(respond(r.p(2), "vragen", "pass", q1));
    must_ack(respond(r.p(2), "vragen", 1, q2));
    CHECK(respond(r.p(1), "vragen", 6, q1)["code"] == "bad_value");
    CHECK(respond(r.p(1), "vragen", "4", q1)["code"] == "bad_value");
    CHECK(respond(r.p(1), "vragen", 4)["code"] == "unknown_item");

    const std::uint64_t rev = close_and_reveal(r.fac, "vragen");
    CHECK(respond(r.p(1), "vragen", 4, q1)["code"] == "step_not_open");
    const auto v = r.views_at(rev);
    for (const json& view : v) {
        const json res = result_of(view, "vragen");
        REQUIRE_MESSAGE(!res.is_null(), view.dump());
        CHECK(res["kind"] == "scale");
        CHECK(res["total"] == 3);
        CHECK(res["items"][0]["counts"] == json{0, 0, 0, 1, 1});
        CHECK(res["items"][0]["pass"] == 1);
        CHECK(res["items"][0]["median"] == 4.5);
        CHECK(res["items"][1]["median"] == 1.0);
    }
    REQUIRE(v[0]["comments"].size() == 1);
    CHECK(v[0]["comments"][0]["text"] == "beter dan vorig jaar");
    CHECK_FALSE(v[1].contains("comments"));
    CHECK(v[1].dump().find("vorig jaar") == std::string::npos);
    CHECK(v[2].dump().find("vorig jaar") == std::string::npos);
}

TEST_CASE("choice (casussen): counts per option, pass apart, reasons after reveal") {
    server_process srv;
    room_of r(srv, "casussen", 3);
    const json ws = welcome_step(r.people_welcome[0], "casus-1");
    CHECK(ws["kind"] == "choice");
    CHECK(ws["body"]["nl"].get<std::string>().size() > 50);
    CHECK(ws["comment"] == true);
    const std::string a = ws["options"][0]["id"], b = ws["options"][1]["id"];

    control(r.fac, "open", "casus-1");
    must_ack(respond(r.p(0), "casus-1", b, {}, "eerst luisteren"));
    must_ack(respond(r.p(0), "casus-1", a, {}, "eerst luisteren")); // changed
    must_ack(respond(r.p(1), "casus-1", a));
    const std::uint64_t last = must_ack(respond(r.p(2), "casus-1", "pass"))["rev"];
    CHECK(respond(r.p(1), "casus-1", "geen-optie")["code"] == "bad_value");
    CHECK(respond(r.p(1), "casus-1", json::array({a}))["code"] == "bad_value");
    CHECK(respond(r.p(1), "casus-1", a, "casus-1-item")["code"] == "unknown_item");

    // Before reveal only the facilitator sees the counts.
    const json before_proj = wait_view(r.proj, rev_at_least(last));
    CHECK(before_proj["results"].empty());
    CHECK(step_of(before_proj, "casus-1")["answered"] == 3);
    CHECK(result_of(wait_view(r.fac, rev_at_least(last)), "casus-1")["options"][0]["count"] == 2);

    const std::uint64_t rev = close_and_reveal(r.fac, "casus-1");
    for (const json& view : r.views_at(rev)) {
        const json res = result_of(view, "casus-1");
        CHECK(res["total"] == 3);
        CHECK(res["pass"] == 1);
        CHECK(res["options"][0] == json{{"option", a}, {"count", 2}});
        CHECK(res["options"][1] == json{{"option", b}, {"count", 0}});
        CHECK(res["reasons"] == json::array({json{{"option", a}, {"text", "eerst luisteren"}}}));
        if (view["role"] != "facilitator")
            CHECK(result_of(view, "casus-2").is_null());
    }
    // mine: the participant's own choice with its reason.
    r.p(0).request({{"type", "sync"}});
    const json mine = r.p(0).recv_until([](const json& j) { return is_type(j, "mine"); });
    REQUIRE(mine["answers"].size() == 1);
    CHECK(mine["answers"][0] ==
          json{{"step", "casus-1"}, {"item", ""}, {"value", a}, {"comment", "eerst luisteren"}});
}

TEST_CASE("image_choice (dromen met beelden): the deck is served, most chosen first") {
    server_process srv;
    room_of r(srv, "dromen-met-beelden", 2);
    const json ws = welcome_step(r.people_welcome[0], "beeld");
    CHECK(ws["kind"] == "image_choice");
    REQUIRE(ws["images"].size() == 51); // the deck droom;
    CHECK(ws["max_picks"] == 1);
    for (const auto& im : ws["images"]) {
        const http_response h = http_get(srv.port(), im["url"]);
        CHECK_MESSAGE(h.status == 200, im["url"].get<std::string>());
        CHECK(h.headers.at("content-type") == "image/png");
        CHECK(h.body.substr(1, 3) == "PNG");
    }
    const std::string first = ws["images"][0]["id"], second = ws["images"][1]["id"];

    control(r.fac, "open", "beeld");
    must_ack(respond(r.p(0), "beeld", json::array({first}), {}, "samen aan tafel"));
    must_ack(respond(r.p(1), "beeld", json::array({first})));
    must_ack(respond(r.p(1), "beeld", json::array({second}), {}, "rust")); // changed
    CHECK(respond(r.p(1), "beeld", json::array({first, second}))["code"] ==
          "bad_value"); // max_picks 1
    CHECK(respond(r.p(1), "beeld", second)["code"] == "bad_value");
    CHECK(respond(r.p(1), "beeld", json::array({"geen-beeld"}))["code"] == "bad_value");

    const std::uint64_t rev = close_and_reveal(r.fac, "beeld");
    for (const json& view : r.views_at(rev)) {
        const json res = result_of(view, "beeld");
        CHECK(res["total"] == 2);
        CHECK(res["pass"] == 0);
        REQUIRE(res["images"].size() == 51); // the deck droom;
        CHECK(res["images"][0] ==
              json{{"image", first}, {"count", 1}, {"reasons", {"samen aan tafel"}}});
        CHECK(res["images"][1] == json{{"image", second}, {"count", 1}, {"reasons", {"rust"}}});
        CHECK(res["images"][2]["count"] == 0);
    }
}

TEST_CASE(
    "open_text (ontmoeten is): cards and terms, hidden cards never reach projector or phones") {
    server_process srv;
    room_of r(srv, "ontmoeten-is", 3);
    const json ws = welcome_step(r.people_welcome[0], "ontmoeten-is");
    CHECK(ws["kind"] == "open_text");
    CHECK(ws["max_entries"] == 3);
    CHECK(ws["max_length"] == 140);
    CHECK(ws["placeholder"]["nl"].is_string());

    control(r.fac, "open", "ontmoeten-is");
    must_ack(respond(r.p(0), "ontmoeten-is",
                     json::array({"een glimlach bij het brengen", "warme koffie"})));
    must_ack(respond(r.p(1), "ontmoeten-is", json::array({"Warme koffie"})));
    must_ack(respond(r.p(2), "ontmoeten-is", json::array({"Mevrouw Peeters is vervelend"})));
    CHECK(respond(r.p(2), "ontmoeten-is", json::array({"a", "b", "c", "d"}))["code"] ==
          "bad_value");
    CHECK(respond(r.p(2), "ontmoeten-is", json::array({std::string(141, 'x')}))["code"] ==
          "text_too_long");
    CHECK(respond(r.p(2), "ontmoeten-is", "een tekst")["code"] == "bad_value");
    const std::uint64_t last =
        must_ack(respond(r.p(1), "ontmoeten-is", json::array({"Warme koffie", "buurt"})))["rev"];

    // The facilitator moderates before anyone else sees anything.
    json fv = wait_view(r.fac, rev_at_least(last));
    json res = result_of(fv, "ontmoeten-is");
    std::string bad_card, koffie, buurt;
    for (const auto& c : res["cards"]) {
        if (c["text"] == "Mevrouw Peeters is vervelend")
            bad_card = c["card"];
        if (c["text"] == "Warme koffie")
            koffie = c["card"];
        if (c["text"] == "buurt")
            buurt = c["card"];
    }
    REQUIRE_FALSE(bad_card.empty());
    CHECK(res["cards"][0]["text"] == "Warme koffie");
    CHECK(res["cards"][0]["count"] == 2);
    CHECK(steer(r.fac, {{"action", "hide_card"},
                        {"step", "ontmoeten-is"},
                        {"card", "c000000000000"}})["code"] == "unknown_item");
    CHECK(steer(r.p(0),
                {{"action", "hide_card"}, {"step", "ontmoeten-is"}, {"card", bad_card}})["code"] ==
          "forbidden");
    must_ack(steer(r.fac, {{"action", "hide_card"}, {"step", "ontmoeten-is"}, {"card", bad_card}}));
    must_ack(steer(r.fac, {{"action", "merge_cards"},
                           {"step", "ontmoeten-is"},
                           {"card", koffie},
                           {"cards", {buurt}}}));
    const std::uint64_t rev = close_and_reveal(r.fac, "ontmoeten-is");

    const auto v = r.views_at(rev);
    res = result_of(v[0], "ontmoeten-is");
    bool marked = false;
    for (const auto& c : res["cards"])
        marked = marked || (c["card"] == bad_card && c.value("hidden", false));
    CHECK(marked);
    CHECK(res["cards"][0]["count"] == 3);
    CHECK(res["cards"][0]["merged"][0]["text"] == "buurt");
    for (const json* view : {&v[1], &v[2]}) {
        const std::string text = view->dump();
        CHECK(text.find("Peeters") == std::string::npos);
        CHECK(text.find("peeters") == std::string::npos);
        CHECK(text.find("vervelend") == std::string::npos);
        CHECK(text.find(bad_card) == std::string::npos);
        const json pr = result_of(*view, "ontmoeten-is");
        CHECK(pr["total"] == 3);
        CHECK(pr["cards"].size() == 2);
        CHECK(pr["cards"][0] == json{{"card", koffie}, {"text", "Warme koffie"}, {"count", 3}});
        // The short answer "warme koffie" is one term, from two people; the longer one is
        // split; "koffie" never stands alone.
        std::map<std::string, int> terms;
        for (const auto& t : pr["terms"])
            terms[t["term"].get<std::string>()] = t["count"].get<int>();
        CHECK(terms == std::map<std::string, int>{
                           {"warme koffie", 2}, {"buurt", 1}, {"glimlach", 1}, {"brengen", 1}});
        CHECK(pr["terms"][0] == json{{"term", "warme koffie"}, {"count", 2}});
    }
    // A reconnecting projector gets the same clean view.
    ws_client proj2(srv.port());
    const join_result j = join(proj2, r.info.code, "projector");
    CHECK(j.view.dump().find("Peeters") == std::string::npos);
    CHECK(j.welcome.dump().find("Peeters") == std::string::npos);
}

TEST_CASE("dot_vote (bouwstenen): the six building blocks, dots and shared ranks") {
    server_process srv;
    room_of r(srv, "bouwstenen", 3);
    const json ws = welcome_step(r.people_welcome[0], "bouwstenen");
    CHECK(ws["kind"] == "dot_vote");
    CHECK(ws["options"].empty());
    CHECK(ws["source"] == json{{"blocks", true}});
    CHECK(ws["dots"] == 3);
    REQUIRE(r.fac_welcome["session"]["blocks"].size() == 6);
    CHECK(r.proj_welcome["session"]["blocks"] == r.fac_welcome["session"]["blocks"]);

    CHECK(respond(r.p(0), "bouwstenen", json{{"toegankelijker", 1}})["code"] == "step_not_open");
    const std::uint64_t opened = control(r.fac, "open", "bouwstenen")["rev"];
    const json pv = wait_view(r.p(0), rev_at_least(opened));
    const json opts = step_of(pv, "bouwstenen")["options"];
    REQUIRE(opts.size() == 6);
    CHECK(opts[0]["id"] == "begrijp-de-noden");
    CHECK(opts[2]["text"]["nl"].is_string());

    must_ack(respond(r.p(0), "bouwstenen", json{{"toegankelijker", 2}, {"begrijp-de-noden", 1}}));
    must_ack(
        respond(r.p(1), "bouwstenen", json{{"toegankelijker", 1}, {"reflecteer-evalueer", 1}}));
    must_ack(respond(r.p(2), "bouwstenen", json{{"begrijp-de-noden", 3}}));
    must_ack(respond(r.p(2), "bouwstenen", json{{"reflecteer-evalueer", 2}})); // changed
    CHECK(respond(r.p(1), "bouwstenen", json{{"toegankelijker", 4}})["code"] == "bad_value");
    CHECK(respond(r.p(1), "bouwstenen", json{{"toegankelijker", 2}, {"visie", 2}})["code"] ==
          "bad_value");
    CHECK(respond(r.p(1), "bouwstenen", json::array({"toegankelijker"}))["code"] == "bad_value");

    const std::uint64_t rev = close_and_reveal(r.fac, "bouwstenen");
    for (const json& view : r.views_at(rev)) {
        const json res = result_of(view, "bouwstenen");
        CHECK(res["voters"] == 3);
        CHECK(res["options"][0] == json{{"option", "toegankelijker"}, {"dots", 3}, {"rank", 1}});
        CHECK(res["options"][1] ==
              json{{"option", "reflecteer-evalueer"}, {"dots", 3}, {"rank", 1}});
        CHECK(res["options"][2] == json{{"option", "begrijp-de-noden"}, {"dots", 1}, {"rank", 3}});
        CHECK(res["options"][5]["dots"] == 0);
    }
}

TEST_CASE("dot_vote: options from an earlier traffic-light step's red statements") {
    // A content folder of our own: the real one plus a template that votes on red questions.
    const fs::path dir =
        fs::temp_directory_path() / ("kring-content-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::copy(KRING_SOURCE_DIR "/content", dir, fs::copy_options::recursive);
    std::ofstream(dir / "templates" / "rood-kiezen.json") << R"({
      "id": "rood-kiezen",
      "title": {"nl": "Rood kiezen", "en": "Choosing red"},
      "description": {"nl": "Stoplicht, dan stemmen op de rode vragen.", "en": "Traffic light, then vote on the red questions."},
      "steps": [
        {"id": "visie", "kind": "traffic_light", "theme": "visie"},
        {"id": "werkpunten", "kind": "dot_vote", "title": {"nl": "Werkpunten", "en": "Points to work on"},
         "dots": 2, "source": {"step": "visie", "take": "red"}}
      ]})";
    struct cleanup {
        fs::path p;
        ~cleanup() {
            std::error_code ec;
            fs::remove_all(p, ec);
        }
    } guard{dir};

    server_process srv({"--content", dir.string()});
    room_of r(srv, "rood-kiezen", 3);
    CHECK(steer(r.fac, {{"action", "open"}, {"step", "werkpunten"}})["code"] ==
          "invalid_transition");
    control(r.fac, "open", "visie");
    must_ack(answer(r.p(0), "visie", "visie-05", "red"));
    must_ack(answer(r.p(1), "visie", "visie-05", "red"));
    must_ack(answer(r.p(2), "visie", "visie-06", "red"));
    must_ack(answer(r.p(2), "visie", "visie-03", "green"));
    control(r.fac, "close", "visie");
    const std::uint64_t opened = control(r.fac, "open", "werkpunten")["rev"];

    for (ws_client* c : {&r.fac, &r.proj, &r.p(0)}) {
        const json v = wait_view(*c, rev_at_least(opened));
        const json opts = step_of(v, "werkpunten")["options"];
        REQUIRE_MESSAGE(opts.size() == 2, v.dump());
        CHECK(opts[0]["id"] == "visie-05"); // most red first
        CHECK(opts[1]["id"] == "visie-06");
        CHECK(opts[0]["text"]["nl"] ==
              welcome_step(r.fac_welcome, "visie")["items"][2]["text"]["nl"]);
        CHECK(v["current"] == "werkpunten");
    }
    must_ack(respond(r.p(0), "werkpunten", json{{"visie-06", 2}}));
    CHECK(respond(r.p(1), "werkpunten", json{{"visie-03", 1}})["code"] == "bad_value");
    const std::uint64_t rev = close_and_reveal(r.fac, "werkpunten");
    CHECK(result_of(wait_view(r.proj, rev_at_least(rev)), "werkpunten")["options"][0]["option"] ==
          "visie-06");

    // After a restart the fixed options and votes are still there.
    srv.stop();
    srv.start();
    ws_client fac2(srv.port());
    const join_result j = join(fac2, r.info.code, "facilitator", {{"secret", r.info.secret}});
    CHECK(step_of(j.view, "werkpunten")["options"].size() == 2);
    CHECK(result_of(j.view, "werkpunten")["options"][0]["dots"] == 2);
}

TEST_CASE("inventory (in kaart brengen): entries, the coverage matrix and its gaps") {
    server_process srv;
    room_of r(srv, "inkaart", 2);
    const json ws = welcome_step(r.people_welcome[0], "aanbod");
    CHECK(ws["kind"] == "inventory");
    REQUIRE(ws["offer_kinds"].size() >= 7);
    REQUIRE(ws["target_groups"].size() >= 2);
    const std::string kind0 = ws["offer_kinds"][0]["id"], kind1 = ws["offer_kinds"][1]["id"];
    const std::string group0 = ws["target_groups"][0]["id"], group1 = ws["target_groups"][1]["id"];
    const std::size_t cells = ws["offer_kinds"].size() * ws["target_groups"].size();

    control(r.fac, "open", "aanbod");
    must_ack(respond(r.p(0), "aanbod",
                     json::array({json{{"name", "Speelpunt Noord"},
                                       {"kind", kind0},
                                       {"place", "Noord"},
                                       {"families", {group0, group1}},
                                       {"goals", "spelen en praten"}}})));
    must_ack(respond(
        r.p(1), "aanbod",
        json::array({json{{"name", "Praatcafé"}, {"kind", kind1}, {"families", {group0}}}})));
    CHECK(respond(r.p(1), "aanbod",
                  json::array({json{{"name", "X"}, {"kind", "bestaat-niet"}}}))["code"] ==
          "bad_value");
    CHECK(respond(r.p(1), "aanbod", json::array({json{{"kind", kind0}}}))["code"] == "bad_value");

    const std::uint64_t rev = close_and_reveal(r.fac, "aanbod");
    for (const json& view : r.views_at(rev)) {
        const json res = result_of(view, "aanbod");
        CHECK(res["total"] == 2);
        REQUIRE(res["entries"].size() == 2);
        CHECK(res["entries"][0]["name"] == "Speelpunt Noord");
        CHECK(res["entries"][0]["families"] == json{group0, group1});
        CHECK(res["matrix"]["counts"][0][0] == 1);
        CHECK(res["matrix"]["counts"][0][1] == 1);
        CHECK(res["matrix"]["counts"][1][0] == 1);
        CHECK(res["gaps"].size() == cells - 3);
    }
}

TEST_CASE("action_plan (acties): the list, a hidden action, then a dot vote on the actions") {
    server_process srv;
    room_of r(srv, "acties", 2);
    CHECK(welcome_step(r.people_welcome[0], "acties")["max_entries"].is_number_integer());
    control(r.fac, "open", "acties");
    must_ack(respond(
        r.p(0), "acties",
        json::array({json{{"what", "Koffiehoek bij de ingang"}, {"who", "An"}, {"when", "mei"}}})));
    must_ack(respond(r.p(1), "acties",
                     json::array({json{{"what", "Onthaalbord in vijf talen"}},
                                  json{{"what", "Zeer geheim plan"}}})));
    CHECK(respond(r.p(1), "acties", json::array({json{{"who", "Jo"}}}))["code"] == "bad_value");
    const std::uint64_t last =
        must_ack(respond(r.p(1), "acties",
                         json::array({json{{"what", "Onthaalbord in vijf talen"}},
                                      json{{"what", "Zeer geheim plan"}}})))["rev"];
    const json fres = result_of(wait_view(r.fac, rev_at_least(last)), "acties");
    REQUIRE(fres["actions"].size() == 3);
    std::string secret;
    for (const auto& a : fres["actions"])
        if (a["what"] == "Zeer geheim plan")
            secret = a["card"];
    must_ack(steer(r.fac, {{"action", "hide_card"}, {"step", "acties"}, {"card", secret}}));
    std::uint64_t rev = close_and_reveal(r.fac, "acties");
    for (const json& view : r.views_at(rev)) {
        const json res = result_of(view, "acties");
        const bool fac = view["role"] == "facilitator";
        CHECK(res["actions"].size() == (fac ? 3u : 2u));
        CHECK(res["actions"][0] == json{{"card", res["actions"][0]["card"]},
                                        {"what", "Koffiehoek bij de ingang"},
                                        {"who", "An"},
                                        {"when", "mei"}});
        if (!fac)
            CHECK(view.dump().find("geheim") == std::string::npos);
    }

    rev = control(r.fac, "open", "prioriteit")["rev"];
    const json pv = wait_view(r.p(0), rev_at_least(rev));
    const json opts = step_of(pv, "prioriteit")["options"];
    REQUIRE(opts.size() == 2);
    CHECK(opts[0]["text"]["nl"] == "Koffiehoek bij de ingang (An, mei)");
    CHECK(pv.dump().find("geheim") == std::string::npos);
    must_ack(respond(r.p(0), "prioriteit", json{{opts[1]["id"], 3}}));
    rev = close_and_reveal(r.fac, "prioriteit");
    CHECK(result_of(wait_view(r.proj, rev_at_least(rev)), "prioriteit")["options"][0]["option"] ==
          opts[1]["id"]);
}

TEST_CASE("floor_plan (architect-voor-een-dag): pins from phones, a hidden pin, heat map, report") {
    server_process srv;
    room_of r(srv, "architect-voor-een-dag", 3);
    const json def = welcome_step(r.people_welcome[0], "plan");
    CHECK(def["mode"] == "pins");
    CHECK(def["categories"].size() == 3);
    CHECK(def["areas"].size() > 3);
    CHECK(r.people_welcome[0]["rules"]["pin_tones"].size() == 5);
    control(r.fac, "open", "plan");
    auto pin = [](const char* id, double x, double y, const char* cat) {
        return json{{"id", id}, {"x", x}, {"y", y}, {"category", cat}};
    };
    must_ack(respond(r.p(0), "plan",
                     json::array({pin("a", 0.25, 0.3, "afhaken"), pin("b", 0.8, 0.8, "welkom")})));
    must_ack(respond(r.p(1), "plan", json::array({pin("a", 0.251, 0.302, "afhaken")})));
    json secret = pin("a", 0.6, 0.1, "idee");
    secret["comment"] = "Zeer geheim";
    must_ack(respond(r.p(2), "plan", json::array({secret})));
    // Typed errors, and nothing changes.
    CHECK(respond(r.p(2), "plan", json::array({pin("a", 1.5, 0.1, "idee")}))["code"] ==
          "bad_value");
    CHECK(respond(r.p(2), "plan", json::array({pin("a", 0.5, 0.1, "onbekend")}))["code"] ==
          "bad_value");
    CHECK(respond(r.p(2), "plan", "pass")["code"] == "bad_value");
    // Moving a pin: the whole set again.
    const std::uint64_t last = must_ack(respond(
        r.p(0), "plan",
        json::array({pin("a", 0.252, 0.3, "afhaken"), pin("b", 0.82, 0.8, "welkom")})))["rev"];
    const json fres = result_of(wait_view(r.fac, rev_at_least(last)), "plan");
    REQUIRE(fres["pins"].size() == 4);
    std::string card;
    for (const auto& p : fres["pins"])
        if (p.value("comment", "") == "Zeer geheim")
            card = p["card"];
    REQUIRE(!card.empty());
    must_ack(steer(r.fac, {{"action", "hide_card"}, {"step", "plan"}, {"card", card}}));
    const std::uint64_t rev = close_and_reveal(r.fac, "plan");
    for (const json& view : r.views_at(rev)) {
        const json res = result_of(view, "plan");
        const bool fac = view["role"] == "facilitator";
        CHECK(res["total"] == 3);
        CHECK(res["pins"].size() == (fac ? 4u : 3u));
        if (!fac)
            CHECK(view.dump().find("geheim") == std::string::npos);
        // Two afhaken pins in one cell of the heat map, the biggest cluster.
        CHECK(res["heat"]["cols"] == 24);
        const json cells = res["heat"]["cells"]["afhaken"];
        REQUIRE(cells.size() == 24u * 16u);
        CHECK(cells[4 * 24 + 6] == 2);
        CHECK(!res["heat"]["cells"].contains("idee")); // of the visible pins only
        CHECK(res["clusters"][0]["category"] == "afhaken");
        CHECK(res["clusters"][0]["n"] == 2);
    }
    // The report draws the plan; the hidden pin's comment is not in it.
    const http_response report =
        get_with(srv.port(), "/sessions/" + r.info.id + "/report.html", "Bearer " + r.info.secret);
    REQUIRE(report.status == 200);
    CHECK(report.body.find("<svg class=\"plan\"") != std::string::npos);
    CHECK(report.body.find("Zeer geheim") == std::string::npos);
    CHECK(report.body.find("Hier haak ik af: 2") != std::string::npos);
}

TEST_CASE("floor_plan (spaghettimapping): routes per time slot") {
    server_process srv;
    room_of r(srv, "spaghettimapping", 2);
    const json def = welcome_step(r.people_welcome[0], "routes");
    CHECK(def["mode"] == "routes");
    CHECK(def["slots"].size() == 3);
    control(r.fac, "open", "routes");
    const json route{
        {"id", "r1"}, {"slot", "middag"}, {"points", {{0.1, 0.9}, {0.3, 0.5}, {0.6, 0.2}}}};
    must_ack(respond(r.p(0), "routes", json::array({route})));
    json other = route;
    other["slot"] = "ochtend";
    other["points"] = json::array({{0.9, 0.9}, {0.8, 0.1}});
    must_ack(respond(r.p(1), "routes", json::array({other})));
    json bad = route;
    bad["points"] = json::array({{0.1, 0.9}});
    CHECK(respond(r.p(1), "routes", json::array({bad}))["code"] == "bad_value");
    const std::uint64_t rev = close_and_reveal(r.fac, "routes");
    const json res = result_of(wait_view(r.proj, rev_at_least(rev)), "routes");
    REQUIRE(res["routes"].size() == 2);
    CHECK(res["routes"][0]["slot"] == "ochtend"); // in the order of the slots
    CHECK(res["routes"][1]["points"].size() == 3);
}

TEST_CASE(
    "the whole workshop: guide and resources for the facilitator, summary, set_lang, join_url") {
    server_process srv({"--public-url", "http://10.1.2.3:8080/"});
    room_of r(srv, "volledige-workshop", 2);
    CHECK(r.fac_welcome["session"]["join_url"] == "http://10.1.2.3:8080/" + r.info.code);
    CHECK(r.proj_welcome["session"]["join_url"] == "http://10.1.2.3:8080/" + r.info.code);
    CHECK(r.fac_welcome["session"]["lang"] == "nl");
    const json fvisie = welcome_step(r.fac_welcome, "visie");
    CHECK(fvisie["theme"] == "visie");
    CHECK(fvisie["guide"]["nl"].get<std::string>().find("Stoplichtspel") != std::string::npos);
    CHECK(fvisie["resources"].size() > 3);
    for (const json* w : {&r.proj_welcome, &r.people_welcome[0]}) {
        CHECK(w->dump().find("\"guide\"") == std::string::npos);
        CHECK(w->dump().find("\"resources\"") == std::string::npos);
        CHECK((*w)["session"]["blocks"].size() == 6);
    }

    // set_lang reaches the projector's views.
    CHECK(steer(r.fac, {{"action", "set_lang"}, {"lang", "de"}})["code"] == "bad_value");
    const std::uint64_t lang_rev =
        must_ack(steer(r.fac, {{"action", "set_lang"}, {"step", ""}, {"lang", "en"}}))["rev"];
    CHECK(wait_view(r.proj, rev_at_least(lang_rev))["lang"] == "en");

    // The summary: the facilitator's at once, everyone's once every reflection step is revealed.
    control(r.fac, "open", "visie");
    for (int i = 1; i <= visie_statements; ++i) {
        must_ack(answer(r.p(0), "visie", item_id("visie", i), "green"));
        must_ack(answer(r.p(1), "visie", item_id("visie", i), i == 1 ? "red" : "green"));
    }
    control(r.fac, "close", "visie");
    std::uint64_t rev = control(r.fac, "reveal", "visie")["rev"];
    const json fv = wait_view(r.fac, rev_at_least(rev));
    REQUIRE(fv["summary"].size() == 6);
    CHECK(fv["summary"][0]["step"] == "visie");
    CHECK(fv["summary"][0]["green"] == 2 * visie_statements - 1);
    CHECK(fv["summary"][0]["red"] == 1);
    CHECK(fv["summary"][0]["verdict"] == "solid");
    CHECK(fv["summary"][0]["next"] == json{"breed-gedragen-visie"});
    CHECK(wait_view(r.proj, rev_at_least(rev))["summary"].empty());
    for (const char* step : {"vormen", "basishouding", "noden", "toegankelijk", "evaluatie"})
        rev = control(r.fac, "reveal", step)["rev"];
    const json pv = wait_view(r.p(0), rev_at_least(rev));
    CHECK(pv["summary"].size() == 6);
    CHECK(pv["summary"][1]["verdict"] == "mixed"); // no answers
}

TEST_CASE("answers without seq get replies without seq") {
    server_process srv;
    room_of r(srv, "ontmoeten-is", 1);
    control(r.fac, "open", "ontmoeten-is");
    r.p(0).send(
        json{{"type", "answer"}, {"step", "ontmoeten-is"}, {"value", json::array({"koffie"})}}
            .dump());
    const json ack = r.p(0).recv_until([](const json& j) { return is_type(j, "ack"); });
    CHECK_FALSE(ack.contains("seq"));
    r.p(0).send(json{{"type", "answer"}, {"step", "ontmoeten-is"}, {"value", 5}}.dump());
    const json err = r.p(0).recv_until([](const json& j) { return is_type(j, "error"); });
    CHECK(err["code"] == "bad_value");
    CHECK_FALSE(err.contains("seq"));
}
} // namespace kring_test_server_kinds_test
