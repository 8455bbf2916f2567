// Practice mode: the simulated participants' answers (practice::answers_for) are valid
// answers of every kind, spread so that the results disagree, and the same every time;
// the control `simulate` joins them and answers through decide_response; every shipped
// template can be run through with them.

#include "fixtures.hpp"

#include "kring/content.hpp"
#include "kring/practice.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_practice_test {

using namespace kring;
using namespace kring::fixtures;
namespace fs = std::filesystem;

namespace {

/** A step of every kind, with what the kind needs (items, options, images, kinds, groups). */
std::vector<step_def> every_kind() {
    std::vector<step_def> out;
    auto tl = step_of("tl", activity_kind::traffic_light);
    tl.items = items({"a", "b", "c", "d", "e", "f"});
    out.push_back(tl);
    auto sc = step_of("sc", activity_kind::scale);
    sc.items = items({"q1", "q2", "q3"});
    sc.min = 1;
    sc.max = 5;
    out.push_back(sc);
    auto ch = step_of("ch", activity_kind::choice);
    ch.options = options({"o1", "o2", "o3", "o4"});
    out.push_back(ch);
    auto im = step_of("im", activity_kind::image_choice);
    for (const char* id : {"i1", "i2", "i3", "i4", "i5"})
        im.images.push_back({id, std::string("/images/") + id + ".png", {"alt", "alt"}});
    im.max_picks = 2;
    out.push_back(im);
    auto ot = step_of("ot", activity_kind::open_text);
    out.push_back(ot);
    auto dv = step_of("dv", activity_kind::dot_vote);
    dv.options = options({"v1", "v2", "v3", "v4", "v5"});
    dv.dots = 3;
    dv.max_per_option = 2;
    out.push_back(dv);
    auto inv = step_of("inv", activity_kind::inventory);
    inv.offer_kinds = options({"k1", "k2", "k3"});
    inv.target_groups = options({"g1", "g2", "g3", "g4"});
    out.push_back(inv);
    auto ap = step_of("ap", activity_kind::action_plan);
    out.push_back(ap);
    return out;
}

/** A practice session of these steps (threshold 1), no participants yet. */
session_state practice_session(std::vector<step_def> steps) {
    session_def def;
    def.template_id = "t";
    def.title = {"Titel", "Title"};
    def.steps = std::move(steps);
    def.blocks = options({"b1", "b2", "b3", "b4", "b5", "b6"});
    session_state s;
    apply(s, ev::session_created{"s-1", "ABCDEF", "hash", 1700000000, def, 1, true});
    return s;
}

/** A control with the fields simulate takes. */
control_command simulate(const std::string& step, std::optional<std::int64_t> n = {}) {
    control_command c;
    c.action = control_action::simulate;
    c.step = step;
    c.participants = n;
    return c;
}

/** Runs n participants' answers_for through decide_response on the open step; all accepted. */
void answer_all(session_state& s, const std::string& step, std::size_t n) {
    join_n(s, static_cast<int>(n));
    const int si = s.def.step_index(step);
    REQUIRE(si >= 0);
    const auto& d = s.def.steps[static_cast<std::size_t>(si)];
    for (std::size_t who = 0; who < n; ++who) {
        const auto answers =
            practice::answers_for(d, vote_options(d, s.steps[static_cast<std::size_t>(si)]), who);
        REQUIRE_FALSE(answers.empty());
        for (const auto& a : answers) {
            const outcome o = decide_response(s, static_cast<participant_id>(who + 1), step, a.item,
                                              a.value, a.comment, limits{});
            CHECK_MESSAGE(o.ok(), step, " #", who, " ", a.value.dump(), ": ",
                          (o.rejected ? o.rejected->message : ""));
            if (o.ok())
                for (const auto& e : o.events)
                    apply(s, e);
        }
    }
}

} // namespace

TEST_CASE("practice: every kind's simulated answers are valid and their results disagree") {
    session_state s = practice_session(every_kind());
    for (const auto& d : s.def.steps)
        must(s, decide_control(s, "open", d.id));
    const std::size_t n = practice::default_participants;
    for (const auto& d : s.def.steps)
        answer_all(s, d.id, n);
    // join_n ran once per step: the first run made the participants, the others found them.
    REQUIRE(s.participants.size() == n);

    SUBCASE("traffic_light: every statement at least two colours, a pass, different spreads") {
        const json r = result(s, "tl");
        REQUIRE(r["items"].size() == 6);
        std::set<double> spreads;
        std::uint32_t pass = 0;
        for (const auto& it : r["items"]) {
            int colours = 0;
            for (const char* c : {"green", "orange", "red"})
                colours += it[c].get<int>() > 0 ? 1 : 0;
            CHECK_MESSAGE(colours >= 2, it.dump());
            CHECK(it["green"].get<int>() + it["orange"].get<int>() + it["red"].get<int>() +
                      it["pass"].get<int>() ==
                  static_cast<int>(n));
            pass += it["pass"].get<std::uint32_t>();
            spreads.insert(it["spread"].get<double>());
        }
        CHECK(pass >= 1);
        // Most disputed first is visible: not every statement is equally disputed.
        CHECK(spreads.size() >= 3);
        CHECK(r["items"][0]["spread"].get<double>() > r["items"][5]["spread"].get<double>());
    }
    SUBCASE("scale: every item gets at least two values") {
        const json r = result(s, "sc");
        for (const auto& it : r["items"]) {
            int values = 0;
            for (const auto& c : it["counts"])
                values += c.get<int>() > 0 ? 1 : 0;
            CHECK_MESSAGE(values >= 2, it.dump());
        }
    }
    SUBCASE("choice and image_choice: several options chosen") {
        const json ch = result(s, "ch");
        int chosen = 0;
        for (const auto& o : ch["options"])
            chosen += o["count"].get<int>() > 0 ? 1 : 0;
        CHECK(chosen >= 3);
        const json im = result(s, "im");
        int images = 0;
        for (const auto& o : im["images"])
            images += o["count"].get<int>() > 0 ? 1 : 0;
        CHECK(images >= 3);
    }
    SUBCASE("open_text: several texts, some named by more than one person") {
        const json cards = result(s, "ot")["cards"];
        CHECK(cards.size() >= 4);
        CHECK(cards[0]["count"].get<int>() >= 2);
        std::set<std::string> texts;
        for (const auto& c : cards)
            texts.insert(c["text"].get<std::string>());
        CHECK(texts.count("Samen koffie drinken") == 1);
    }
    SUBCASE("dot_vote: dots spread over the options, never more than the step allows") {
        const json r = result(s, "dv");
        int with_dots = 0;
        std::set<int> totals;
        for (const auto& o : r["options"]) {
            with_dots += o["dots"].get<int>() > 0 ? 1 : 0;
            totals.insert(o["dots"].get<int>());
        }
        CHECK(with_dots >= 3);
        CHECK(totals.size() >= 2); // a ranking, not a tie of everyone
        CHECK(r["voters"] == n);
        const auto& by = s.steps[5].get<dot_vote::responses>().by;
        for (const auto& [pid, a] : by) {
            int sum = 0;
            for (const auto& [opt, dots] : a.dots) {
                CHECK(dots <= 2);
                sum += dots;
            }
            CHECK(sum <= 3);
        }
    }
    SUBCASE("inventory: entries of several kinds reaching several groups, with gaps") {
        const json r = result(s, "inv");
        std::set<std::string> kinds;
        for (const auto& e : r["entries"])
            kinds.insert(e["kind"].get<std::string>());
        CHECK(kinds.size() == 3);
        CHECK(r["entries"].size() >= 4);
        CHECK(r["unreached"].empty());
    }
    SUBCASE("action_plan: several different actions with who and when") {
        const json r = result(s, "ap");
        CHECK(r["actions"].size() >= 4);
        for (const auto& a : r["actions"]) {
            CHECK(!a["what"].get<std::string>().empty());
            CHECK(!a["who"].get<std::string>().empty());
            CHECK(!a["when"].get<std::string>().empty());
        }
    }
}

TEST_CASE("practice: three participants in a row already disagree on every statement") {
    // Any three consecutive participants (any count from 3 on) give two colours.
    auto steps = every_kind();
    for (std::size_t n = 3; n <= practice::max_participants; ++n) {
        session_state s = practice_session({steps[0]});
        must(s, decide_control(s, "open", "tl"));
        must(s, decide_control(s, simulate("tl", static_cast<std::int64_t>(n))));
        const json r = result(s, "tl");
        for (const auto& it : r["items"]) {
            int colours = 0;
            for (const char* c : {"green", "orange", "red"})
                colours += it[c].get<int>() > 0 ? 1 : 0;
            CHECK_MESSAGE(colours >= 2, n, ": ", it.dump());
        }
    }
}

TEST_CASE("practice: the answers are deterministic, differ between participants, and fit "
          "short limits") {
    const auto steps = every_kind();
    for (const auto& d : steps) {
        const auto opts = d.options;
        CHECK(practice::answers_for(d, opts, 4) == practice::answers_for(d, opts, 4));
        CHECK(practice::answers_for(d, opts, 4, lang::en) ==
              practice::answers_for(d, opts, 4, lang::en));
        std::set<std::string> distinct;
        for (std::size_t who = 0; who < 12; ++who) {
            json all = json::array();
            for (const auto& a : practice::answers_for(d, opts, who))
                all.push_back({a.item, a.value, a.comment});
            distinct.insert(all.dump());
        }
        CHECK_MESSAGE(distinct.size() >= 3, d.id);
    }
    // In English, the texts are English.
    const auto en = practice::answers_for(steps[4], {}, 0, lang::en);
    REQUIRE(en.size() == 1);
    CHECK(en[0].value[0] == "Having coffee together");

    // An open_text step with texts of at most 10 characters still gets valid answers.
    auto tiny = step_of("ot", activity_kind::open_text);
    tiny.max_length = 10;
    tiny.max_entries = 1;
    session_state s = practice_session({tiny});
    must(s, decide_control(s, "open", "ot"));
    answer_all(s, "ot", 12);
    CHECK(result(s, "ot")["cards"].size() >= 2);
    // A dot vote of one option and one dot.
    auto one = step_of("dv", activity_kind::dot_vote);
    one.options = options({"only"});
    one.dots = 1;
    one.max_per_option = 1;
    session_state s2 = practice_session({one});
    must(s2, decide_control(s2, "open", "dv"));
    answer_all(s2, "dv", 5);
    CHECK(result(s2, "dv")["options"][0]["dots"] == 5);
}

TEST_CASE("practice: simulate joins the simulated participants and answers through the rules") {
    session_state s = practice_session(every_kind());
    must(s, decide_control(s, "open", "tl"));

    SUBCASE("only in a practice session") {
        session_state normal = session_of(every_kind());
        must(normal, decide_control(normal, "open", "tl"));
        CHECK(code_of(decide_control(normal, simulate("tl"))) == "forbidden");
    }
    SUBCASE("errors: unknown step, participants out of range, a step not open, paused") {
        CHECK(code_of(decide_control(s, simulate("nope"))) == "unknown_step");
        CHECK(code_of(decide_control(s, simulate("tl", 0))) == "bad_value");
        CHECK(code_of(decide_control(s, simulate("tl", 41))) == "bad_value");
        CHECK(code_of(decide_control(s, simulate("tl", -3))) == "bad_value");
        CHECK(code_of(decide_control(s, simulate("sc"))) == "invalid_transition"); // pending
        must(s, decide_control(s, "close", "tl"));
        CHECK(code_of(decide_control(s, simulate("tl"))) == "invalid_transition");
        must(s, decide_control(s, "lock", "tl"));
        CHECK(code_of(decide_control(s, simulate("tl"))) == "invalid_transition");
        must(s, decide_control(s, "unlock", "tl"));
        must(s, decide_control(s, "open", "tl"));
        must(s, decide_control(s, "pause", ""));
        CHECK(code_of(decide_control(s, simulate("tl"))) == "invalid_transition");
    }
    SUBCASE("twelve by default, named, with tokens nobody has; more later adds only the rest") {
        must(s, decide_control(s, simulate("tl")));
        REQUIRE(s.participants.size() == 12);
        CHECK(s.participants[0].name == "Oefendeelnemer 1");
        CHECK(s.participants[11].name == "Oefendeelnemer 12");
        for (const auto& p : s.participants)
            CHECK(p.token_hash.size() != 64); // a real token's hash is 64 hex digits
        CHECK(answered(s.def.steps[0], s.steps[0]) == 12);
        CHECK(complete(s.def.steps[0], s.steps[0]) == 12);

        // Again with 20: eight more join, the twelve answer again (the same answers).
        const json before = result(s, "tl");
        must(s, decide_control(s, "open", "ch"));
        must(s, decide_control(s, simulate("ch", 20)));
        CHECK(s.participants.size() == 20);
        CHECK(answered(s.def.steps[2], s.steps[2]) == 20);
        must(s, decide_control(s, simulate("tl", 5)));
        CHECK(s.participants.size() == 20);
        CHECK(result(s, "tl") == before);

        // A removed simulated participant answers no more.
        control_command rm;
        rm.action = control_action::remove_participant;
        rm.participant = 20;
        rm.discard = true;
        must(s, decide_control(s, rm));
        must(s, decide_control(s, simulate("ch", 20)));
        CHECK(answered(s.def.steps[2], s.steps[2]) == 19);
    }
    SUBCASE("a real participant keeps their own answer") {
        join_n(s, 1); // token t1: participant 1 is a real one
        must(s, respond(s, 1, "tl", "green", "", "a"));
        must(s, decide_control(s, simulate("tl", 3)));
        CHECK(s.participants.size() == 4);
        CHECK(s.steps[0].get<traffic_light::responses>().sheets.at(1)[0].value ==
              traffic_light::light::green);
    }
    SUBCASE("the session's language names them") {
        control_command c;
        c.action = control_action::set_lang;
        c.lang = "en";
        must(s, decide_control(s, c));
        must(s, decide_control(s, simulate("tl", 2)));
        CHECK(s.participants[1].name == "Practice participant 2");
    }
    SUBCASE("the server's limits: a full room is refused whole") {
        limits lim;
        lim.max_participants = 5;
        auto c = simulate("tl", 6);
        c.lim = &lim;
        CHECK(code_of(decide_control(s, c)) == "room_full");
        c.participants = 5;
        must(s, decide_control(s, c));
        CHECK(s.participants.size() == 5);
    }
}

TEST_CASE("practice: the flag is stored with the session and survives a replay") {
    session_state s = practice_session(every_kind());
    CHECK(s.practice);
    std::vector<event> history{
        ev::session_created{"s-1", "ABCDEF", "hash", 1700000000, s.def, 1, true}};
    CHECK(replayed(history).practice);
    CHECK(event_to_json(history[0]).find("\"practice\":true") != std::string::npos);
    // Other sessions' events do not change: no practice field at all.
    history[0] = ev::session_created{"s-1", "ABCDEF", "hash", 1700000000, s.def, 1};
    CHECK(event_to_json(history[0]).find("practice") == std::string::npos);
    CHECK_FALSE(replayed(history).practice);

    // welcome.session.practice: true for a practice session, absent otherwise.
    const json w = json::parse(protocol::make_welcome(std::nullopt, s, role::participant, 1, "tok",
                                                      "", protocol::default_rules()));
    CHECK(w["session"]["practice"] == true);
    const json w2 = json::parse(protocol::make_welcome(
        std::nullopt, replayed(history), role::projector, 0, "", "", protocol::default_rules()));
    CHECK_FALSE(w2["session"].contains("practice"));

    // create_session reads and writes `practice`; a wrong type is bad_message.
    const auto m = protocol::parse_client_message(
        R"({"type":"create_session","protocol_version":1,"template":"t","practice":true})");
    REQUIRE(std::holds_alternative<protocol::create_session>(m));
    CHECK(std::get<protocol::create_session>(m).practice);
    json back;
    protocol::to_json(back, std::get<protocol::create_session>(m));
    CHECK(back["practice"] == true);
    const auto bad = protocol::parse_client_message(
        R"({"type":"create_session","protocol_version":1,"template":"t","practice":"ja"})");
    REQUIRE(std::holds_alternative<protocol::parse_error>(bad));
    CHECK(std::get<protocol::parse_error>(bad).err.code == errc::bad_message);
    // simulate's participants: an integer, else bad_message.
    const auto sim = protocol::parse_client_message(
        R"({"type":"control","action":"simulate","step":"tl","participants":7})");
    REQUIRE(std::holds_alternative<protocol::control>(sim));
    CHECK(std::get<protocol::control>(sim).participants == 7);
    const auto nostep = protocol::parse_client_message(R"({"type":"control","action":"simulate"})");
    REQUIRE(std::holds_alternative<protocol::parse_error>(nostep));
    CHECK(std::get<protocol::parse_error>(nostep).err.code == errc::bad_message);
    const auto frac = protocol::parse_client_message(
        R"({"type":"control","action":"simulate","step":"tl","participants":1.5})");
    REQUIRE(std::holds_alternative<protocol::parse_error>(frac));
    CHECK(std::get<protocol::parse_error>(frac).err.code == errc::bad_message);
}

TEST_CASE("practice: every shipped template runs through with simulated participants") {
    const auto loaded = load_content(read_content_dir(KRING_CONTENT_DIR));
    REQUIRE(std::holds_alternative<content_bundle>(loaded));
    const auto& content = std::get<content_bundle>(loaded);
    REQUIRE(content.templates.size() > 10);
    for (const auto& [id, t] : content.templates) {
        CAPTURE(id);
        session_state s;
        apply(s, ev::session_created{"s-1", "ABCDEF", "hash", 1700000000, t.agenda, 3, true});
        for (const auto& d : s.def.steps) {
            CAPTURE(d.id);
            if (d.source_take == "photos") {
                // Its source is a photo step: without real photos nothing to vote on yet.
                CHECK(code_of(decide_control(s, "open", d.id)) == "invalid_transition");
                continue;
            }
            must(s, decide_control(s, "open", d.id));
            const outcome o = decide_control(s, simulate(d.id));
            REQUIRE_MESSAGE(o.ok(), (o.rejected ? o.rejected->message : ""));
            // Every simulated participant's every answer was accepted.
            const auto answers =
                std::count_if(o.events.begin(), o.events.end(), [](const event& e) {
                    return std::holds_alternative<ev::answer_set>(e) ||
                           std::holds_alternative<ev::response_set>(e);
                });
            std::size_t expected = 0;
            for (std::size_t who = 0; who < practice::default_participants; ++who)
                expected +=
                    practice::answers_for(
                        d,
                        vote_options(d, s.steps[static_cast<std::size_t>(s.def.step_index(d.id))]),
                        who)
                        .size();
            CHECK(static_cast<std::size_t>(answers) == expected);
            must(s, o);
            must(s, decide_control(s, "close", d.id));
            must(s, decide_control(s, "reveal", d.id));
            const auto i = static_cast<std::size_t>(s.def.step_index(d.id));
            if (d.kind == activity_kind::photo) {
                // Photos come from real cameras: simulated participants send none.
                CHECK(expected == 0);
                CHECK(answered(d, s.steps[i]) == 0);
                continue;
            }
            CHECK(answered(d, s.steps[i]) == practice::default_participants);
            CHECK_FALSE(withheld(d, s.steps[i], s.min_answers));
        }
    }
}

} // namespace kring_test_unit_practice_test
