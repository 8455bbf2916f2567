// Small sessions built in code for the unit tests.
#pragma once

#include "kring/content.hpp"
#include "kring/reducer.hpp"
#include "kring/protocol.hpp"
#include "kring/views.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace kring::fixtures {

/** The content files under `root` as the server reads them (images by name only). */
inline std::vector<content_file> read_content_dir(const std::filesystem::path& root) {
    namespace fs = std::filesystem;
    std::vector<content_file> files;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (!e.is_regular_file())
            continue;
        if (e.path().parent_path().filename() == "images") {
            files.push_back({"images/" + e.path().filename().string(), {}});
            continue;
        }
        std::ifstream in(e.path(), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        files.push_back({fs::relative(e.path(), root).generic_string(), ss.str()});
    }
    return files;
}

using json = nlohmann::json;

/** A session with one traffic-light step "s1" of three statements a, b, c. */
inline session_state three_statements() {
    session_def def;
    def.template_id = "t";
    def.title = {"Titel", "Title"};
    step_def st;
    st.id = "s1";
    st.kind = activity_kind::traffic_light;
    st.title = {"Stap", "Step"};
    st.prompt = {"Kies", "Choose"};
    st.items = {{"a", {"A nl", "A en"}, {}, {}, {}},
                {"b", {"B nl", "B en"}, {}, {}, {}},
                {"c", {"C nl", "C en"}, {}, {}, {}}};
    def.steps.push_back(st);
    step_def st2 = st;
    st2.id = "s2";
    def.steps.push_back(st2);
    session_state s;
    // Threshold 1: these sessions test the activities; the threshold has its own tests.
    apply(s, ev::session_created{"s-1", "ABCDEF", "hash", 1700000000, def, 1});
    return s;
}

/** A step of `kind` with a title and prompt, nothing else. */
inline step_def step_of(const std::string& id, activity_kind kind) {
    step_def d;
    d.id = id;
    d.kind = kind;
    d.title = {"Stap " + id, "Step " + id};
    d.prompt = {"Doe", "Do"};
    return d;
}

inline std::vector<option_def> options(std::initializer_list<const char*> ids) {
    std::vector<option_def> out;
    for (const char* id : ids)
        out.push_back({id, {std::string(id) + " nl", std::string(id) + " en"}});
    return out;
}

inline std::vector<item_def> items(std::initializer_list<const char*> ids) {
    std::vector<item_def> out;
    for (const char* id : ids)
        out.push_back({id, {std::string(id) + " nl", std::string(id) + " en"}, {}, {}, {}});
    return out;
}

/** A session of these steps (and the six building blocks b1..b6), with n participants. */
inline session_state session_of(std::vector<step_def> steps, int participants = 0) {
    session_def def;
    def.template_id = "t";
    def.title = {"Titel", "Title"};
    def.steps = std::move(steps);
    def.blocks = options({"b1", "b2", "b3", "b4", "b5", "b6"});
    session_state s;
    // Threshold 1: these sessions test the activities; the threshold has its own tests.
    apply(s, ev::session_created{"s-1", "ABCDEF", "hash", 1700000000, def, 1});
    for (int i = 1; i <= participants; ++i) {
        auto o = decide_join(s, "t" + std::to_string(i), "", limits{});
        for (const auto& e : o.events)
            apply(s, e);
    }
    return s;
}

/** Applies a command's events, failing the test if it was rejected. */
inline void must(session_state& s, const outcome& o) {
    REQUIRE_MESSAGE(o.ok(), (o.rejected ? o.rejected->message : std::string()));
    for (const auto& e : o.events)
        apply(s, e);
}

/** Joins n participants with tokens "t1".."tn". */
inline void join_n(session_state& s, int n) {
    for (int i = 1; i <= n; ++i)
        must(s, decide_join(s, "t" + std::to_string(i), "", limits{}));
}

/** The error code of a rejected command ("ok" when it was accepted). */
inline std::string code_of(const outcome& o) {
    return o.ok() ? "ok" : to_string(o.rejected->code);
}

/** Participant pid answers step (no item) with value. */
inline outcome respond(const session_state& s, participant_id pid, const std::string& step,
                       const json& value, const std::string& comment = {},
                       const std::string& item = {}) {
    return decide_response(s, pid, step, item, value, comment, limits{});
}

/** The result of a step as a role sees it. */
inline json result(const session_state& s, const std::string& step, role r = role::facilitator) {
    const int i = s.def.step_index(step);
    REQUIRE(i >= 0);
    return step_result(s.def.steps[static_cast<std::size_t>(i)],
                       s.steps[static_cast<std::size_t>(i)], r);
}

/** The values of every JSON type, for "wrong type" tables. */
inline std::vector<json> every_json_type() {
    return {json(nullptr),  json(true),       json(3),
            json(-1),       json(2.5),        json("zzz"),
            json::array(),  json::array({1}), json::array({"x", "y"}),
            json::object(), json{{"k", 1}}};
}

/** The session through the stored events and back: the state the server restores. */
inline session_state replayed(const std::vector<event>& history) {
    std::vector<event> reloaded;
    for (const auto& e : history)
        reloaded.push_back(event_from_json(event_to_json(e)));
    return fold(reloaded);
}

} // namespace kring::fixtures
