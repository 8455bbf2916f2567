// Small sessions built in code for the unit tests.
#pragma once

#include "kring/reducer.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

namespace kring::fixtures {

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
    st.items = {{"a", {"A nl", "A en"}}, {"b", {"B nl", "B en"}}, {"c", {"C nl", "C en"}}};
    def.steps.push_back(st);
    step_def st2 = st;
    st2.id = "s2";
    def.steps.push_back(st2);
    session_state s;
    apply(s, ev::session_created{"s-1", "ABCDEF", "hash", 1700000000, def});
    return s;
}

/** Applies a command's events, failing the test if it was rejected. */
inline void must(session_state& s, const outcome& o) {
    REQUIRE_MESSAGE(o.ok(), (o.rejected ? o.rejected->message : std::string()));
    for (const auto& e : o.events) apply(s, e);
}

/** Joins n participants with tokens "t1".."tn". */
inline void join_n(session_state& s, int n) {
    for (int i = 1; i <= n; ++i) must(s, decide_join(s, "t" + std::to_string(i), "", limits{}));
}

} // namespace kring::fixtures
