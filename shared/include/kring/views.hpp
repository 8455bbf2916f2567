// Views: what each role may see of a session. Pure.
// A participant and the projector see results only after reveal (or while the step is
// live), never comments, notes, devices or hidden cards; the facilitator sees everything,
// always anonymous. A step below the session's min_answers shows no result to anyone.
#pragma once

#include "kring/model.hpp"

#include "kring/wire.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace kring {

/** What a view needs beyond the session's state; the server fills it in. */
struct view_context {
    /** The server's clock (ms since the epoch) when the view is made: view.now. */
    std::int64_t now_ms = 0;
    /** The session named by compare_with, when the server has it (view.compare). */
    const session_state* compare = nullptr;
};

/**
 * The `view` message for a role, as one line of JSON, written by wire.hpp's encoder. Same
 * bytes for every member of a role.
 */
std::string make_view(const session_state& s, role r, std::uint32_t online,
                      const view_context& ctx = {});

/**
 * The facilitator's `devices` message: every participant not removed, with the name they
 * gave themselves and whether a connection of theirs is open now (`online` holds those).
 * Never anything they answered.
 */
std::string make_devices(const session_state& s, const std::set<participant_id>& online);

/**
 * What the role's view shows apart from its counters (rev, joined, online, now and
 * steps[].answered/complete), in two parts; equal parts mean that only counters changed.
 * The server paces a role's views by them (docs/protocol.md, "How often views come"). Not
 * messages.
 */
struct view_shown_parts {
    /** Everything but the counters and the results: steps, phases, reveals, timer, pause… */
    std::string layout;
    /** `results` and `summary`: they move with every answer while a step is live or revealed. */
    std::string results;
    bool operator==(const view_shown_parts&) const = default;
};
view_shown_parts view_shown(const session_state& s, role r, const view_context& ctx = {});

/** Each result of a view as JSON text, by step: what a view_update is measured against. */
using results_by_step = std::map<std::string, std::string>;

/** One build of a role's view in the forms the participants' broadcast needs. */
struct view_texts {
    std::string full;        // the `view` (as make_view)
    std::string update;      // its `view_update`: the counters, `summary` and changed `results`
    view_shown_parts shown;  // as view_shown
    results_by_step results; // this view's results
};
/**
 * The view, its update and what it shows. With `since` (the results of the last whole view
 * every phone got) and `changed` (the steps whose result differed from it in any view made
 * since), this view's differing steps are added to `changed` and the update carries the
 * results of those steps only: a phone that holds that whole view, or any view made since,
 * has the others right. Without them the update carries every result.
 */
view_texts make_view_texts(const session_state& s, role r, std::uint32_t online,
                           const view_context& ctx = {}, const results_by_step* since = nullptr,
                           std::set<std::string>* changed = nullptr);

/**
 * The aggregate of one step as the role sees it, paper answers included (`paper`, and in
 * `total`). The threshold is not applied here: see withheld() in model.hpp and
 * withheld_result(); make_view applies it.
 */
wire::step_result result_of(const step_def& d, const step_state& st, role r);
/** The same as JSON, as the view carries it (wire.hpp's encoder). */
nlohmann::json step_result(const step_def& d, const step_state& st, role r);

/** The result in place of one below the threshold: { step, kind, total, withheld: true }. */
wire::step_result withheld_result_of(const step_def& d, const step_state& st);
nlohmann::json withheld_result(const step_def& d, const step_state& st);

/** How a reflection theme scored (docs/protocol.md, view.summary). */
enum class verdict { mixed, solid, work_first };
const char* to_string(verdict v);
/**
 * solid: at least 60 % of the non-pass answers green and at most 15 % red; work_first: at
 * least 30 % red; otherwise (and with no non-pass answer) mixed.
 */
verdict verdict_of(std::uint32_t green, std::uint32_t orange, std::uint32_t red);

/** The `summary` of the view: per traffic_light step with a theme. */
std::vector<wire::theme_score> summary_of(const session_state& s, role r);
nlohmann::json make_summary(const session_state& s, role r);

} // namespace kring
