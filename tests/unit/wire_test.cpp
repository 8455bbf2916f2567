// wire.hpp: the server's messages decoded as a client reads them. Every message is made by
// the server's own encoders (make_welcome, make_view, make_mine, ...) for sessions of every
// activity kind, or recorded from a real kring-server (tests/unit/data/), decoded, compared
// with the model it was made from and encoded back to the same JSON. Malformed messages give
// a wire::decode_error and nothing else.
#include "fixtures.hpp"

#include "kring/action_plan.hpp"
#include "kring/choice.hpp"
#include "kring/compare.hpp"
#include "kring/dot_vote.hpp"
#include "kring/image_choice.hpp"
#include "kring/inventory.hpp"
#include "kring/open_text.hpp"
#include "kring/scale.hpp"
#include "kring/views.hpp"
#include "kring/wire.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_wire_test {

using namespace kring;
using namespace kring::fixtures;
using nlohmann::json;
using protocol::make_mine;
using protocol::make_welcome;

namespace {

constexpr std::int64_t now_ms = 1700000123456;

/** A decoded message of type T, failing the test when it is another one. */
template <class T> T decoded(const std::string& text) {
    const wire::message m = wire::decode(json::parse(text));
    REQUIRE(std::holds_alternative<T>(m));
    return std::get<T>(m);
}

/** The message encoded again: exactly the JSON it was decoded from. */
void check_round_trip(const std::string& text) {
    const json original = json::parse(text);
    json again;
    wire::to_json(again, wire::decode(original));
    CHECK(again == original);
}

void control(session_state& s, control_action a, const std::string& step,
             const std::function<void(control_command&)>& fill = {}) {
    control_command c;
    c.action = a;
    c.step = step;
    c.now_ms = now_ms;
    if (fill)
        fill(c);
    must(s, decide_control(s, c));
}

void answer(session_state& s, participant_id pid, const std::string& step, const json& value,
            const std::string& comment = {}, const std::string& item = {}) {
    must(s, respond(s, pid, step, value, comment, item));
}

/** The agenda of every kind (and a dot vote on the open_text cards). */
std::vector<step_def> every_kind() {
    step_def tl = step_of("tl", activity_kind::traffic_light);
    tl.items = items({"a", "b"});
    tl.items[1].group = {"Voor:", "For:"};
    tl.theme = "visie";
    tl.links = {"b2"};
    tl.guide = {"Gids", "Guide"};
    tl.resources.push_back({"r1", "boeken", {"Boek", "Book"}, {"Over", "About"}, ""});
    step_def sc = step_of("sc", activity_kind::scale);
    sc.items = items({"q1", "q2"});
    sc.label_min = {"niet", "not"};
    sc.label_max = {"wel", "very"};
    step_def ch = step_of("ch", activity_kind::choice);
    ch.options = options({"x", "y"});
    ch.body = {"Casus", "Case"};
    step_def im = step_of("im", activity_kind::image_choice);
    im.images.push_back({"i1", "/images/i1.png", {"Een", "One"}});
    im.images.push_back({"i2", "/images/i2.png", {"Twee", "Two"}});
    im.max_picks = 2;
    step_def ot = step_of("ot", activity_kind::open_text);
    ot.placeholder = {"Ontmoeten is…", "Encounter is…"};
    step_def dv = step_of("dv", activity_kind::dot_vote);
    dv.options = options({"p", "q"});
    step_def dc = step_of("dc", activity_kind::dot_vote);
    dc.source_step = "ot";
    dc.source_take = "cards";
    step_def db = step_of("db", activity_kind::dot_vote);
    db.source_take = "blocks";
    step_def inv = step_of("inv", activity_kind::inventory);
    inv.offer_kinds = options({"k1", "k2"});
    inv.target_groups = options({"g1", "g2", "g3"});
    inv.max_entries = 5;
    step_def ap = step_of("ap", activity_kind::action_plan);
    ap.max_entries = 4;
    return {tl, sc, ch, im, ot, dv, dc, db, inv, ap};
}

/** A session of every kind, answered, moderated and run (timer, note, tally, live). */
session_state busy_session() {
    auto s = session_of(every_kind(), 3);
    for (const char* st : {"tl", "sc", "ch", "im", "ot", "dv", "inv", "ap"})
        must(s, decide_control(s, "open", st));
    answer(s, 1, "tl", "green", "zeer goed", "a");
    answer(s, 1, "tl", "red", "", "b");
    answer(s, 2, "tl", "orange", "", "a");
    answer(s, 2, "tl", "pass", "", "b");
    answer(s, 3, "tl", "red", "", "a");
    answer(s, 1, "sc", 4, "mooi", "q1");
    answer(s, 2, "sc", 2, "", "q1");
    answer(s, 3, "sc", "pass", "", "q2");
    answer(s, 1, "ch", "x", "omdat het kan");
    answer(s, 2, "ch", "y");
    answer(s, 3, "ch", "pass");
    answer(s, 1, "im", json::array({"i1", "i2"}), "licht");
    answer(s, 2, "im", json::array({"i1"}));
    answer(s, 1, "ot", json::array({"koffie samen", "spelen buiten"}));
    answer(s, 2, "ot", json::array({"Koffie samen", "praten"}));
    answer(s, 3, "ot", json::array({"een glimlach"}));
    answer(s, 1, "dv", json{{"p", 2}, {"q", 1}});
    answer(s, 2, "dv", json{{"q", 3}});
    answer(s, 1, "inv",
           json::array({json{{"name", "Babbelcafé"},
                             {"kind", "k1"},
                             {"place", "Huis van het Kind"},
                             {"families", {"g1", "g3"}},
                             {"goals", "ontmoeten"}},
                        json{{"name", "Speelpleinwerking"}, {"kind", "k2"}}}));
    answer(s, 2, "inv", json::array({json{{"name", "Koffiemoment"}, {"kind", "k1"}}}));
    answer(s, 1, "ap", json::array({json{{"what", "Koffie"}, {"who", "Ann"}, {"when", "mei"}}}));
    answer(s, 2, "ap", json::array({json{{"what", "Wandeling"}}}));

    // Moderation: a hidden card, a merged card, a merged inventory entry.
    const std::string praten = cards::id_of(cards::key("praten"));
    const std::string glimlach = cards::id_of(cards::key("een glimlach"));
    const std::string koffie = cards::id_of(cards::key("koffie samen"));
    control(s, control_action::hide_card, "ot", [&](auto& c) { c.card = praten; });
    control(s, control_action::merge_cards, "ot", [&](auto& c) {
        c.card = koffie;
        c.cards = {glimlach};
    });
    const json inv = fixtures::result(s, "inv")["entries"];
    control(s, control_action::merge_cards, "inv", [&](auto& c) {
        c.card = inv[0]["card"];
        c.cards = {inv[1]["card"].get<std::string>()};
    });
    const json acts = fixtures::result(s, "ap")["actions"];
    control(s, control_action::hide_card, "ap",
            [&](auto& c) { c.card = acts[1]["card"].get<std::string>(); });
    // Dot votes from the cards and from the building blocks, with votes.
    must(s, decide_control(s, "open", "dc"));
    must(s, decide_control(s, "open", "db"));
    answer(s, 3, "dc", json{{koffie, 2}});
    answer(s, 3, "db", json{{"b1", 1}, {"b4", 2}});

    // Running the room: paper, a note, a timer, live results, reveals.
    control(s, control_action::set_tally, "tl", [](auto& c) {
        c.item = "a";
        c.counts = {{"green", 2}, {"red", 1}};
    });
    control(s, control_action::set_tally, "ch", [](auto& c) { c.counts = {{"x", 3}}; });
    control(s, control_action::set_note, "sc", [](auto& c) { c.text = "Lang besproken."; });
    control(s, control_action::start_timer, "ot", [](auto& c) {
        c.seconds = 120;
        c.close = true;
    });
    control(s, control_action::set_live, "dv", [](auto& c) { c.on = true; });
    for (const char* st : {"tl", "sc", "ch", "im", "ot", "inv", "ap"})
        must(s, decide_control(s, "reveal", st));
    must(s, decide_control(s, "close", "tl"));
    control(s, control_action::lock, "tl");
    return s;
}

std::string view_text(const session_state& s, role r, const session_state* other = nullptr) {
    view_context ctx;
    ctx.now_ms = now_ms;
    ctx.compare = other;
    return make_view(s, r, 2, ctx);
}

const step_state& state_of(const session_state& s, const std::string& step) {
    return s.steps[static_cast<std::size_t>(s.def.step_index(step))];
}
const step_def& def_of(const session_state& s, const std::string& step) {
    return s.def.steps[static_cast<std::size_t>(s.def.step_index(step))];
}

/** The reason of the decode_error a message gives (fails when it decodes). */
wire::decode_error::reason refused(const json& j, std::string* path = nullptr) {
    try {
        (void)wire::decode(j);
    } catch (const wire::decode_error& e) {
        if (path)
            *path = e.path();
        return e.why();
    }
    FAIL("decoded: " << j.dump());
    return wire::decode_error::reason::bad_value;
}

/**
 * Every variant of `j` with one member removed or one value replaced by a value of every
 * JSON type, anywhere in the tree: each one decodes, or gives a decode_error, and nothing
 * else (no other exception, no crash under the sanitizers).
 */
int mutations_survived(const json& j, std::size_t max_depth = 6) {
    int refusals = 0;
    json copy = j; // changed in place, one change at a time, and decoded whole
    auto try_it = [&] {
        try {
            (void)wire::decode(copy);
        } catch (const wire::decode_error&) {
            ++refusals;
        }
    };
    std::function<void(json&, std::size_t)> walk = [&](json& node, std::size_t depth) {
        if (depth > max_depth)
            return;
        if (node.is_object()) {
            std::vector<std::string> keys;
            for (auto it = node.begin(); it != node.end(); ++it)
                keys.push_back(it.key());
            for (const auto& k : keys) {
                const json saved = node[k];
                node.erase(k);
                try_it();
                for (const json& v : every_json_type()) {
                    node[k] = v;
                    try_it();
                }
                node[k] = saved;
                walk(node[k], depth + 1);
            }
        } else if (node.is_array() && !node.empty()) {
            // The first element stands for the others.
            const json saved = node[0];
            for (const json& v : every_json_type()) {
                node[0] = v;
                try_it();
            }
            node[0] = saved;
            walk(node[0], depth + 1);
        }
    };
    walk(copy, 0);
    CHECK(copy == j);
    return refusals;
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/** Recorded from a real kring-server (tests/unit/data/README.md says how). */
std::filesystem::path data_dir() {
    return std::filesystem::path(__FILE__).parent_path() / "data";
}

} // namespace

//----------------------------------------------------------------------------------------
// Made by the server's encoders

TEST_CASE("wire: welcome of every kind gives the server's step_defs, rules and identity") {
    const auto s = busy_session();
    const auto fac = decoded<wire::welcome>(
        make_welcome(4, s, role::facilitator, 0, "", "http://10.0.0.5:8080/?code=ABCDEF"));
    CHECK(fac.seq == 4u);
    CHECK(fac.as == role::facilitator);
    CHECK(fac.session.id == "s-1");
    CHECK(fac.session.code == "ABCDEF");
    CHECK(fac.session.join_url == "http://10.0.0.5:8080/?code=ABCDEF");
    CHECK(fac.session.projector_lang == lang::nl);
    CHECK(fac.session.def.template_id == "t");
    CHECK(fac.session.def.title == s.def.title);
    CHECK(fac.session.def.blocks == s.def.blocks);
    CHECK(fac.rules == protocol::default_rules());
    CHECK_FALSE(fac.participant);
    REQUIRE(fac.session.def.steps.size() == s.def.steps.size());
    for (std::size_t i = 0; i < s.def.steps.size(); ++i) {
        step_def expected = s.def.steps[i];
        expected.links.clear(); // the summary carries them; welcome does not
        CAPTURE(expected.id);
        CHECK(fac.session.def.steps[i] == expected);
    }
    CHECK(fac.session.step("dc")->source_take == "cards");
    CHECK(fac.session.step("db")->source_take == "blocks");
    CHECK(fac.session.step("nope") == nullptr);

    for (role r : {role::participant, role::projector}) {
        const auto w = decoded<wire::welcome>(make_welcome(std::nullopt, s, r, 2, "tok-2"));
        CHECK_FALSE(w.seq);
        CHECK(w.as == r);
        CHECK(w.session.id.empty());
        CHECK(w.session.join_url.empty());
        CHECK(w.participant ==
              (r == role::participant ? std::optional<participant_id>(2) : std::nullopt));
        CHECK(w.resume_token == (r == role::participant ? "tok-2" : ""));
        for (std::size_t i = 0; i < s.def.steps.size(); ++i) {
            step_def expected = s.def.steps[i];
            expected.links.clear();
            expected.guide = {};
            expected.resources.clear();
            CHECK(w.session.def.steps[i] == expected);
        }
    }
}

TEST_CASE("wire: rules in welcome are the server's, limits and all") {
    const auto s = busy_session();
    limits lim;
    lim.max_text = 280;
    lim.max_name = 24;
    client_rules rules = rules_for(lim);
    rules.reconnect.first_ms = 750;
    rules.reconnect.resync_ms = 3000;
    const auto w =
        decoded<wire::welcome>(make_welcome(1, s, role::participant, 1, "tok", "", rules));
    CHECK(w.rules == rules);
    CHECK(w.rules.max_text == 280);
    CHECK(w.rules.fields == list_fields);
    REQUIRE(w.rules.lights.size() == 4);
    CHECK(w.rules.lights[0].id == "green");
    CHECK(w.rules.reconnect.resync_ms == 3000);
}

TEST_CASE("wire: views of every kind, for every role, match the model and encode back") {
    const auto s = busy_session();
    for (role r : {role::facilitator, role::projector, role::participant}) {
        CAPTURE(to_string(r));
        const std::string text = view_text(s, r);
        check_round_trip(text);
        const auto v = decoded<wire::view>(text);
        CHECK(v.as == r);
        CHECK(v.rev == s.rev);
        CHECK(v.code == "ABCDEF");
        CHECK(v.joined == 3);
        CHECK(v.online == 2);
        CHECK(v.now == now_ms);
        REQUIRE(v.timer);
        CHECK(v.timer->step == "ot");
        CHECK(v.timer->seconds == 120);
        CHECK(v.timer->ends_at == now_ms + 120000);
        CHECK_FALSE(v.timer->ended);
        CHECK(v.follow);
        CHECK_FALSE(v.paused);
        CHECK(v.min_answers == 1);
        REQUIRE(v.steps.size() == s.def.steps.size());
        CHECK(v.step("tl")->locked);
        CHECK(v.step("tl")->ph == phase::closed);
        CHECK(v.step("tl")->paper == 3);
        CHECK(v.step("dv")->live);
        CHECK(v.step("dv")->options == options({"p", "q"}));
        CHECK(v.step("dc")->options->size() == 2); // fixed at open from the visible cards
        CHECK_FALSE(v.step("sc")->options);
        CHECK(v.step("sc")->answered == 3);
        // Every kind reached this role (revealed, or live for the dot vote).
        for (const char* st : {"tl", "sc", "ch", "im", "ot", "dv", "inv", "ap"})
            CHECK_MESSAGE(v.result(st) != nullptr, st);
        if (r == role::facilitator) {
            CHECK(v.results.size() == s.def.steps.size());
            REQUIRE(v.comments.size() == 2);
            CHECK(v.comments[0] == wire::comment{"tl", "a", "zeer goed"});
            REQUIRE(v.note_of("sc"));
            CHECK(*v.note_of("sc") == "Lang besproken.");
            CHECK_FALSE(v.compare);
        } else {
            CHECK(v.comments.empty());
            CHECK(v.notes.empty());
        }
    }
}

TEST_CASE("wire: each kind's result is the kind's own aggregate") {
    const auto s = busy_session();
    const auto fac = decoded<wire::view>(view_text(s, role::facilitator));
    const auto proj = decoded<wire::view>(view_text(s, role::projector));

    const auto& tl = *fac.result("tl");
    CHECK(tl.kind == activity_kind::traffic_light);
    CHECK(tl.paper == 3);
    CHECK(tl.total == 3 + 3);
    const auto tl_agg = traffic_light::aggregate(
        {"a", "b"}, state_of(s, "tl").get<kring::traffic_light::responses>(),
        state_of(s, "tl").paper.counts);
    CHECK(tl.lights == tl_agg.items);

    const auto& sc = *fac.result("sc");
    CHECK(
        sc.scale ==
        scale::aggregate(def_of(s, "sc"), state_of(s, "sc").get<kring::scale::responses>()).items);
    CHECK(sc.scale[0].median == 3.0);
    CHECK_FALSE(sc.scale[1].median);

    const auto& ch = *fac.result("ch");
    const auto ch_agg = choice::aggregate(
        def_of(s, "ch"), state_of(s, "ch").get<kring::choice::responses>(), {{"x", 3}});
    CHECK(ch.choices == ch_agg.options);
    CHECK(ch.reasons == ch_agg.reasons);
    CHECK(ch.pass == 1);
    CHECK(ch.paper == 3);

    const auto& im = *fac.result("im");
    CHECK(im.images == image_choice::aggregate(
                           def_of(s, "im"), state_of(s, "im").get<kring::image_choice::responses>())
                           .images);
    CHECK(im.images[0].reasons == std::vector<std::string>{"licht"});

    const auto& ot = *fac.result("ot");
    const auto ot_agg = open_text::aggregate(state_of(s, "ot").get<kring::open_text::responses>(),
                                             state_of(s, "ot").moderation);
    CHECK(ot.cards == ot_agg.cards);
    CHECK(ot.terms == ot_agg.terms);
    const auto hidden =
        std::count_if(ot.cards.begin(), ot.cards.end(), [](const auto& c) { return c.hidden; });
    CHECK(hidden == 1);
    CHECK(std::any_of(ot.cards.begin(), ot.cards.end(),
                      [](const auto& c) { return !c.merged.empty(); }));
    // The projector never gets the hidden card, nor the merges.
    const auto& ot_p = *proj.result("ot");
    CHECK(ot_p.cards.size() + 1 == ot.cards.size());
    for (const auto& c : ot_p.cards) {
        CHECK_FALSE(c.hidden);
        CHECK(c.merged.empty());
    }

    const auto& dv = *fac.result("dv");
    const auto dv_agg = dot_vote::aggregate(def_of(s, "dv").options,
                                            state_of(s, "dv").get<kring::dot_vote::responses>());
    CHECK(dv.dots == dv_agg.options);
    CHECK(dv.voters == 2);

    const auto& inv = *fac.result("inv");
    const auto inv_agg = inventory::aggregate(def_of(s, "inv"),
                                              state_of(s, "inv").get<kring::inventory::responses>(),
                                              state_of(s, "inv").moderation);
    CHECK(inv.entries == inv_agg.entries);
    CHECK(inv.matrix_kinds == inv_agg.kinds);
    CHECK(inv.matrix_groups == inv_agg.groups);
    CHECK(inv.matrix == inv_agg.counts);
    CHECK(inv.gaps == inv_agg.gaps);
    CHECK_FALSE(inv.gaps.empty());
    // The sharpest gaps: no entry reaches g2 (the Babbelcafé reaches g1 and g3), and the one
    // entry of k2 (Speelpleinwerking) names no family.
    CHECK(inv.unreached == inv_agg.unreached);
    CHECK(inv.unnamed == inv_agg.unnamed);
    CHECK(inv.unreached == std::vector<std::string>{"g2"});
    CHECK(inv.unnamed == std::vector<std::string>{"k2"});
    // is_gap follows the server's list.
    for (std::size_t k = 0; k < inv.matrix_kinds.size(); ++k)
        for (std::size_t g = 0; g < inv.matrix_groups.size(); ++g) {
            const bool listed =
                std::find(inv.gaps.begin(), inv.gaps.end(),
                          std::pair{inv.matrix_kinds[k], inv.matrix_groups[g]}) != inv.gaps.end();
            CHECK(inv.is_gap(k, g) == listed);
        }

    const auto& ap = *fac.result("ap");
    CHECK(ap.actions ==
          action_plan::aggregate(state_of(s, "ap").get<kring::action_plan::responses>(),
                                 state_of(s, "ap").moderation)
              .actions);
    CHECK(proj.result("ap")->actions.size() + 1 == ap.actions.size());
}

TEST_CASE("wire: a withheld result and a withheld theme carry nothing but their totals") {
    auto s = busy_session();
    control(s, control_action::set_min_answers, "", [](auto& c) { c.min = 3; });
    const std::string text = view_text(s, role::facilitator);
    check_round_trip(text);
    const auto v = decoded<wire::view>(text);
    const auto& dv = *v.result("dv"); // two voters: below 3
    CHECK(dv.withheld);
    CHECK(dv.total == 2);
    CHECK(dv.dots.empty());
    CHECK(dv.paper == 0);
    REQUIRE(v.summary.size() == 1);
    CHECK(v.summary[0].step == "tl");
    CHECK(v.summary[0].theme == "visie");
    CHECK_FALSE(v.summary[0].withheld); // 3 answers + paper
    CHECK(v.summary[0].counts.red == 3);
    CHECK(v.summary[0].judged == verdict::work_first);
    CHECK(v.summary[0].next.empty()); // work first on this theme: no building block yet

    auto few = session_of(every_kind(), 1);
    control(few, control_action::set_min_answers, "", [](auto& c) { c.min = 2; });
    must(few, decide_control(few, "open", "tl"));
    answer(few, 1, "tl", "green", "", "a");
    const auto w = decoded<wire::view>(view_text(few, role::facilitator));
    REQUIRE(w.summary.size() == 1);
    CHECK(w.summary[0].withheld);
    CHECK(w.summary[0].counts == traffic_light::tally{});
    CHECK(w.summary[0].judged == verdict::mixed);
    CHECK(w.result("tl")->withheld);
    CHECK(w.result("tl")->total == 1);
    CHECK(w.comments.empty());
}

TEST_CASE("wire: the comparison with another session, for the facilitator and the projector") {
    auto before = three_statements();
    before.id = "s-old";
    before.created_at = 1600000000;
    join_n(before, 2);
    must(before, decide_control(before, "open", "s1"));
    must(before, decide_answer(before, 1, "s1", "a", "red", "", limits{}));
    must(before, decide_answer(before, 2, "s1", "a", "green", "", limits{}));
    must(before, decide_control(before, "reveal", "s1"));
    auto after = three_statements();
    join_n(after, 1);
    must(after, decide_control(after, "open", "s1"));
    must(after, decide_answer(after, 1, "s1", "a", "green", "", limits{}));
    must(after, decide_control(after, "reveal", "s1"));
    control(after, control_action::set_compare, "", [&](auto& c) {
        c.session = "s-old";
        c.other = &before;
        c.may_compare = true;
    });
    for (role r : {role::facilitator, role::projector}) {
        const std::string text = view_text(after, r, &before);
        check_round_trip(text);
        const auto v = decoded<wire::view>(text);
        REQUIRE(v.compare);
        CHECK(v.compare->session == "s-old");
        CHECK(v.compare->created_at == 1600000000);
        CHECK(v.compare->title == "Titel");
        REQUIRE_FALSE(v.compare->items.empty());
        const auto& a = v.compare->items[0];
        CHECK(a.step == "s1");
        CHECK(a.item == "a");
        CHECK(a.text == "A nl");
        CHECK(a.before == wire::share{50, 0, 50, 2});
        CHECK(a.after == wire::share{100, 0, 0, 1});
        CHECK(a.delta == wire::share_change{50, 0, -50});
    }
    const auto part = decoded<wire::view>(view_text(after, role::participant, &before));
    CHECK_FALSE(part.compare);
}

TEST_CASE("wire: mine of every kind, devices, ack, error and session_created") {
    const auto s = busy_session();
    const std::string text = make_mine(s, 1);
    check_round_trip(text);
    const auto m = decoded<wire::mine>(text);
    const json original = json::parse(text)["answers"];
    REQUIRE(m.answers.size() == original.size());
    std::set<std::string> steps;
    for (std::size_t i = 0; i < m.answers.size(); ++i) {
        CHECK(m.answers[i].step == original[i]["step"]);
        CHECK(m.answers[i].item == original[i]["item"]);
        CHECK(json::parse(m.answers[i].value) == original[i]["value"]);
        CHECK(m.answers[i].comment == original[i]["comment"]);
        steps.insert(m.answers[i].step);
    }
    CHECK(steps == std::set<std::string>{"tl", "sc", "ch", "im", "ot", "dv", "inv", "ap"});

    const std::string dev = make_devices(s, {1, 3});
    check_round_trip(dev);
    const auto d = decoded<wire::devices>(dev);
    CHECK(d.rev == s.rev);
    REQUIRE(d.list.size() == 3);
    CHECK(d.list[0] == wire::device{1, "", true});
    CHECK_FALSE(d.list[1].online);

    const auto a = decoded<wire::ack>(protocol::make_ack(9, 57));
    CHECK(a == wire::ack{9, 57});
    CHECK(decoded<wire::ack>(protocol::make_ack(std::nullopt, 3)) == wire::ack{std::nullopt, 3});
    check_round_trip(protocol::make_ack(9, 57));

    const auto e =
        decoded<wire::error_reply>(protocol::make_error(7, {errc::step_not_open, "closed"}));
    CHECK(e.seq == 7u);
    CHECK(e.err.code == errc::step_not_open);
    CHECK(e.err.message == "closed");
    check_round_trip(protocol::make_error(std::nullopt, {errc::removed, "bye"}));
    // Every code of version 1 reads back.
    for (int c = 0; c <= static_cast<int>(errc::internal); ++c) {
        const auto code = static_cast<errc>(c);
        CHECK(decoded<wire::error_reply>(protocol::make_error(1, {code, ""})).err.code == code);
    }

    const auto sc = decoded<wire::session_created>(protocol::make_session_created(1, s, "geheim"));
    CHECK(sc == wire::session_created{1, "s-1", "ABCDEF", "geheim"});
    CHECK(wire::seq_of(wire::message(sc)) == 1u);
    CHECK_FALSE(wire::seq_of(wire::message(wire::devices{})));
}

TEST_CASE("wire: a view_update is the view's counters and results, and applied to an older view "
          "of the same steps gives the view") {
    auto s = busy_session();
    const view_texts before = make_view_texts(s, role::participant, 2);
    const view_texts again = make_view_texts(s, role::participant, 2);
    CHECK(again.full == before.full);
    CHECK(again.shown == before.shown);
    const auto older = decoded<wire::view>(before.full);
    CHECK(decoded<wire::view_update>(before.update) == wire::update_of(older));

    // Another vote on the dot vote, whose results are live on the phones: only counters and
    // results change.
    answer(s, 3, "dv", json{{"p", 1}});
    const view_texts later = make_view_texts(s, role::participant, 3);
    CHECK(later.shown.layout == before.shown.layout);
    CHECK(later.shown.results != before.shown.results);
    const auto update = decoded<wire::view_update>(later.update);
    auto v = decoded<wire::view>(before.full);
    REQUIRE(wire::apply_update(v, update));
    auto whole = decoded<wire::view>(later.full);
    CHECK(v == whole);
    // The update is smaller than the view it stands for.
    CHECK(later.update.size() < later.full.size());

    // Measured against the whole view every phone got (`before`): only the dot vote's result,
    // the one that changed, travels; applied to that view, or to any view made since, it
    // gives the newest view.
    std::set<std::string> changed;
    const view_texts first =
        make_view_texts(s, role::participant, 3, {}, &before.results, &changed);
    CHECK(changed == std::set<std::string>{"dv"});
    const auto only = decoded<wire::view_update>(first.update);
    REQUIRE(only.results.size() == 1);
    CHECK(only.results[0].step == "dv");
    CHECK(older.results.size() > 2);
    CHECK(first.update.size() < later.update.size());
    auto from_before = decoded<wire::view>(before.full);
    REQUIRE(wire::apply_update(from_before, only));
    CHECK(from_before == whole);
    // The vote taken back: the result is as in `before` again, yet the update still carries
    // it, for phones that hold a view with the vote.
    answer(s, 3, "dv", json::object());
    const view_texts back = make_view_texts(s, role::participant, 3, {}, &before.results, &changed);
    CHECK(back.results.at("dv") == before.results.at("dv"));
    const auto again_dv = decoded<wire::view_update>(back.update);
    REQUIRE(again_dv.results.size() == 1);
    auto from_later = decoded<wire::view>(later.full);
    REQUIRE(wire::apply_update(from_later, again_dv));
    CHECK(from_later == decoded<wire::view>(back.full));
    // A result for a step the view has no result of does not fit.
    auto no_result = decoded<wire::view>(before.full);
    no_result.results.erase(
        no_result.results.begin() +
        static_cast<std::ptrdiff_t>(std::find_if(no_result.results.begin(), no_result.results.end(),
                                                 [](const auto& r) { return r.step == "dv"; }) -
                                    no_result.results.begin()));
    const auto kept = no_result;
    CHECK_FALSE(wire::apply_update(no_result, only));
    CHECK(no_result == kept);
}

//----------------------------------------------------------------------------------------
// Round trips of the forms built here

TEST_CASE("wire: every message type encodes and decodes back to itself") {
    const auto s = busy_session();
    std::vector<wire::message> all;
    all.push_back(decoded<wire::welcome>(make_welcome(1, s, role::facilitator, 0, "", "")));
    all.push_back(decoded<wire::welcome>(make_welcome(2, s, role::participant, 3, "tok")));
    all.push_back(decoded<wire::view>(view_text(s, role::facilitator)));
    all.push_back(decoded<wire::view>(view_text(s, role::participant)));
    all.push_back(decoded<wire::view_update>(make_view_texts(s, role::participant, 2).update));
    all.push_back(decoded<wire::mine>(make_mine(s, 2)));
    all.push_back(wire::devices{8, {{1, "Tablet 3", true}, {2, "", false}}});
    all.push_back(wire::ack{std::nullopt, 12});
    all.push_back(wire::error_reply{4, {errc::rate_limited, "slow down"}});
    all.push_back(wire::session_created{std::nullopt, "s-9", "QWERTY", "x"});
    all.push_back(wire::templates{3,
                                  {{"stoplicht-visie",
                                    {"Stoplicht", "Traffic light"},
                                    {"Over visie", "On vision"},
                                    1,
                                    false,
                                    "reflecteren",
                                    30,
                                    {"paper", "walk"}},
                                   {"onze-visie",
                                    {"Onze visie", "Our vision"},
                                    {"Eigen", "Own"},
                                    2,
                                    /*own=*/true,
                                    "",
                                    0,
                                    {}}}});
    all.push_back(wire::sessions{
        5, {{"s-1", "ABCDEF", "t", {"Titel", "Title"}, 1700000000, 1700003600, 14, 200, 3}}});
    all.push_back(wire::template_reply{6, R"({"id":"t","steps":[],"title":{"en":"","nl":"T"}})"});
    all.push_back(wire::export_reply{7, "md", "kring.md", "# Kring\n"});
    std::set<std::size_t> kinds;
    for (const auto& m : all) {
        kinds.insert(m.index());
        json j;
        wire::to_json(j, m);
        const wire::message back = wire::decode(j);
        CHECK(back == m);
        // And once more through the text, as the network carries it.
        CHECK(wire::decode(json::parse(j.dump())) == m);
    }
    CHECK(kinds.size() == std::variant_size_v<wire::message>);
}

//----------------------------------------------------------------------------------------
// Recorded from a real kring-server

TEST_CASE("wire: messages recorded from a real kring-server decode and encode back") {
    const auto dir = data_dir();
    REQUIRE(std::filesystem::is_directory(dir));
    std::set<std::string> types;
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".json")
            continue;
        ++files;
        CAPTURE(entry.path().filename().string());
        // One WebSocket message per line: an object, or a batch (an array).
        std::istringstream lines(slurp(entry.path()));
        std::string line;
        while (std::getline(lines, line)) {
            if (line.empty())
                continue;
            for (const json& m : protocol::server_messages(line)) {
                types.insert(m["type"].get<std::string>());
                check_round_trip(m.dump());
            }
        }
    }
    CHECK(files > 0);
    for (const char* t : {"welcome", "view", "mine", "ack", "error", "devices", "session_created",
                          "templates", "sessions", "template", "export"})
        CHECK_MESSAGE(types.count(t) == 1, "no recorded " << t);
}

//----------------------------------------------------------------------------------------
// Malformed input

TEST_CASE("wire: a missing field, a wrong type, an unknown kind give a typed error") {
    using why = wire::decode_error::reason;
    const auto s = busy_session();
    const json welcome = json::parse(make_welcome(1, s, role::facilitator, 0, ""));
    const json view = json::parse(view_text(s, role::facilitator));
    std::string path;

    CHECK(refused(json::array()) == why::not_an_object);
    CHECK(refused(json("view")) == why::not_an_object);
    CHECK(refused(json{{"rev", 1}}) == why::missing);
    CHECK(refused(json{{"type", "greeting"}}) == why::unknown_type);
    CHECK(refused(json{{"type", 3}}) == why::wrong_type);

    json j = welcome;
    j["session"]["steps"][1].erase("max");
    CHECK(refused(j, &path) == why::missing);
    CHECK(path == "session.steps[1].max");
    j = welcome;
    j["session"]["steps"][4]["kind"] = "poll";
    CHECK(refused(j, &path) == why::unknown_kind);
    CHECK(path == "session.steps[4].kind");
    j = welcome;
    j["session"]["steps"][4]["max_entries"] = 3.0; // a float where an integer belongs
    CHECK(refused(j, &path) == why::wrong_type);
    CHECK(path == "session.steps[4].max_entries");
    j = welcome;
    j["session"]["steps"][1]["max"] = 1000000; // content.md: a scale ends at 10
    CHECK(refused(j, &path) == why::bad_value);
    CHECK(path == "session.steps[1].max");
    j = welcome;
    j["session"]["steps"][1]["min"] = 6; // above max (5)
    CHECK(refused(j, &path) == why::bad_value);
    CHECK(path == "session.steps[1].max");
    j = welcome;
    j["session"]["steps"][1]["labels"].erase("min"); // a member of a member
    CHECK(refused(j, &path) == why::missing);
    CHECK(path == "session.steps[1].labels.min");
    j = welcome;
    j["session"]["steps"][1]["labels"] = "laag-hoog";
    CHECK(refused(j, &path) == why::not_an_object);
    CHECK(path == "session.steps[1].labels");
    j = welcome;
    j["session"]["steps"][1]["options"] = json::array({{{"id", "a"}, {"text", "A"}}});
    CHECK_NOTHROW(wire::decode(j)); // a setting of another kind is not read
    j = welcome;
    j["session"]["steps"][0].erase("guide"); // the facilitator's welcome has it
    CHECK(refused(j, &path) == why::missing);
    j = welcome;
    j["rules"]["reconnect"].erase("resync_ms");
    CHECK(refused(j, &path) == why::bad_value);
    CHECK(path == "rules");
    j = welcome;
    j["rules"]["lights"].erase(3); // green, orange, red, but no pass
    CHECK(refused(j, &path) == why::bad_value);
    CHECK(path == "rules.lights");
    j = welcome;
    std::swap(j["rules"]["lights"][0], j["rules"]["lights"][2]);
    CHECK(refused(j, &path) == why::bad_value);
    CHECK(path == "rules.lights[0].id");
    j = welcome;
    j["session"]["lang"] = "fr";
    CHECK(refused(j) == why::bad_value);

    j = view;
    j["results"][0]["kind"] = "survey";
    CHECK(refused(j, &path) == why::unknown_kind);
    CHECK(path == "results[0].kind");
    j = view;
    j["results"][0]["items"][0]["green"] = -1;
    CHECK(refused(j) == why::bad_value);
    j = view;
    j["results"][0]["items"][0]["green"] = "4";
    CHECK(refused(j, &path) == why::wrong_type);
    CHECK(path == "results[0].items[0].green");
    j = view;
    j["steps"][2]["phase"] = "later";
    CHECK(refused(j) == why::bad_value);
    j = view;
    j["summary"][0]["verdict"] = "great";
    CHECK(refused(j) == why::bad_value);
    j = view;
    j.erase("comments"); // the facilitator's view has them
    CHECK(refused(j) == why::missing);
    j = view;
    j["timer"] = 5;
    CHECK(refused(j) == why::not_an_object);
    j = view;
    const int inv = s.def.step_index("inv");
    j["results"][static_cast<std::size_t>(inv)]["matrix"]["counts"][0].push_back(1);
    CHECK(refused(j) == why::bad_value);
    j = view;
    j["results"][static_cast<std::size_t>(inv)]["gaps"][0] = json::array({"k1"});
    CHECK(refused(j) == why::wrong_type);

    CHECK(refused(json{{"type", "error"}, {"code", "oops"}, {"message", ""}}) == why::bad_value);
    CHECK(refused(json{{"type", "ack"}, {"rev", 1}, {"seq", -2}}) == why::bad_value);
    CHECK(refused(json{{"type", "ack"}, {"rev", 1.5}}) == why::wrong_type);
    CHECK(refused(json{{"type", "mine"}, {"answers", {{{"step", "a"}, {"item", ""}}}}}) ==
          why::missing);
    CHECK(refused(json{{"type", "devices"},
                       {"rev", 1},
                       {"devices", {{{"participant", "2"}, {"name", ""}, {"online", true}}}}}) ==
          why::wrong_type);
}

TEST_CASE("wire: decode_text reads a message or a batch, and leaves out what does not decode") {
    using why = wire::decode_error::reason;
    std::vector<wire::decode_error> refused;
    const auto one = wire::decode_text(protocol::make_ack(1, 2), &refused);
    REQUIRE(one.size() == 1);
    CHECK(std::get<wire::ack>(one[0]) == wire::ack{1, 2});
    CHECK(refused.empty());

    // A batch: its elements in order; a bad one is left out, the others still count.
    const std::string batch = "[" + protocol::make_ack(1, 2) + R"(,{"type":"ack","rev":"x"},)" +
                              protocol::make_ack(std::nullopt, 3) + "]";
    const auto two = wire::decode_text(batch, &refused);
    REQUIRE(two.size() == 2);
    CHECK(std::get<wire::ack>(two[1]).rev == 3);
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].why() == why::wrong_type);
    CHECK(refused[0].path() == "rev");

    for (const char* text : {"", "not json", "42", "[1,2]", "[[]]", "{\"type\":"}) {
        refused.clear();
        CHECK(wire::decode_text(text, &refused).empty());
        CHECK(refused.size() == 1);
    }
    CHECK(wire::decode_text("null").empty()); // without a list for the errors
}

TEST_CASE("wire: every field of every message removed or of every JSON type: never a crash") {
    const auto s = busy_session();
    int refusals = 0;
    refusals += mutations_survived(json::parse(make_welcome(1, s, role::facilitator, 0, "", "u")));
    refusals += mutations_survived(json::parse(make_welcome(1, s, role::participant, 2, "t")));
    refusals += mutations_survived(json::parse(view_text(s, role::facilitator)), 5);
    refusals += mutations_survived(json::parse(make_mine(s, 1)));
    refusals += mutations_survived(json::parse(make_devices(s, {1})));
    refusals += mutations_survived(json::parse(protocol::make_error(1, {errc::paused, "p"})));
    refusals += mutations_survived(json::parse(protocol::make_ack(1, 2)));
    // Almost every change is refused; the ones that are not change an optional field (seq,
    // a card's `hidden`) or a value of the same type.
    CHECK(refusals > 1000);
}
} // namespace kring_test_unit_wire_test
