// The console's one primary action along a step's life, and after the last step.
#include "kring/lead.hpp"

#include <doctest/doctest.h>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_unit_lead_test {

using namespace kring;
using lead::move;

TEST_CASE("lead: open, close, show results, next step, after the last step, the end") {
    using L = lead::step_look;
    CHECK(lead::primary(L{phase::pending, false, false}, true, false) == move::open);
    CHECK(lead::primary(L{phase::open, false, false}, true, false) == move::close);
    CHECK(lead::primary(L{phase::closed, false, false}, true, false) == move::reveal);
    CHECK(lead::primary(L{phase::closed, true, false}, true, false) == move::next_step);
    CHECK(lead::primary(L{phase::closed, true, false}, false, false) == move::end_session);
    // Live results while open: closing still comes first; a reveal before closing is fine.
    CHECK(lead::primary(L{phase::open, true, false}, true, false) == move::close);
    // A locked step takes no answers: go on.
    CHECK(lead::primary(L{phase::closed, false, true}, true, false) == move::next_step);
    CHECK(lead::primary(L{phase::pending, false, true}, false, false) == move::end_session);
    // Once the session has ended there is nothing to lead.
    CHECK(lead::primary(L{phase::closed, true, false}, false, true) == move::none);
    CHECK(lead::primary(L{phase::pending, false, false}, true, true) == move::none);
}

TEST_CASE("lead: the next step and the step numbers") {
    CHECK(lead::next_index(0, 3) == 1u);
    CHECK(lead::next_index(1, 3) == 2u);
    CHECK_FALSE(lead::next_index(2, 3));
    CHECK_FALSE(lead::next_index(0, 1));
    CHECK_FALSE(lead::next_index(0, 0));
    CHECK(lead::number_of(0) == 1u);
    CHECK(lead::number_of(10) == 11u);
}

} // namespace kring_test_unit_lead_test
