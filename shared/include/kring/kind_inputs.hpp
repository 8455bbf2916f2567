// What the kinds' common operations get besides a step's answers. Each activity kind's file
// has, for its `responses` type R (kinds.hpp visits a step's answers with them):
//   checked<answer> check(const R&, const answer_input&)   an answer, checked and canonical
// and, as static members of R (kinds.hpp: with_kind finds them for a kind):
//   fill_result(wire::step_result& out, const R&, const result_input&)
//                                                    the step's result in the view: the
//                                                    kind's aggregate, moved into out
//                                                    (the room's without hidden cards)
//   write_result(json& j, const wire::step_result& in)
//                                                    writes the kind's fields of a result
//                                                    (docs/protocol.md, "results[] per kind")
//   read_result(wire::step_result& out, const wire::reader& r)
//                                                    reads them back (a client's decoder)
//   read_definition(step_def& d, const content_reader& r)
//                                                    the step's own fields in a template
//                                                    (content_reader.hpp)
//   settings_json(json& j, const step_def& d)        writes the step's own settings into j:
//                                                    the stored agenda and welcome
//                                                    (docs/protocol.md, "The agenda in welcome")
//   read_settings(step_def& d, const wire::reader& r)
//                                                    reads them back from welcome (wire.hpp)
//   counts_on_paper(d, options, value)               kinds with info.paper: whether a paper
//                                                    tally (set_tally) may count value;
//                                                    options are those voted on now
//   report_definition(json& j, d, options, lang l)   kinds that ask more than their items:
//                                                    what the step asked, in l, for the report
#pragma once

#include "kring/cards.hpp"
#include "kring/defs.hpp"
#include "kring/limits.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kring {

class content_reader; // content_reader.hpp
namespace wire {
class reader; // wire.hpp
struct step_result;
} // namespace wire

/** An answer as given, and what it is checked against. */
struct answer_input {
    const step_def& def;
    /** The options voted on now: dot_vote's own, or those fixed when it was opened. */
    const std::vector<option_def>& options;
    const nlohmann::json& value;
    /** The comment as it is stored (one line). */
    const std::string& comment;
    const limits& lim;
};

/** What a step's result is made from besides its answers. */
struct result_input {
    const step_def& def;
    /** The options voted on now: dot_vote's own, or those fixed when it was opened. */
    const std::vector<option_def>& options;
    /** Paper answers per item ("" for kinds without items): value -> n (set_tally). */
    const std::map<std::string, std::map<std::string, std::uint32_t>>& paper;
    /** Hidden and merged cards (open_text, inventory, action_plan). */
    const cards::moderation& moderation;
    /** The facilitator's result: cards show who is hidden and merged. */
    bool facilitator = false;

    /** The paper answers of a kind without items (item ""); empty without a tally. */
    const std::map<std::string, std::uint32_t>& paper_whole() const {
        static const std::map<std::string, std::uint32_t> none;
        const auto it = paper.find("");
        return it == paper.end() ? none : it->second;
    }
};

} // namespace kring
