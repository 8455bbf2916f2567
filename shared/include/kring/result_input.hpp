// What a step's result is made from besides its answers. Each activity kind's file has
// `result_json(json&, const responses&, const result_input&)`, which writes the kind's part
// of the result (docs/protocol.md, "results[] per kind"); views.cpp visits the step's
// answers (kinds.hpp) with it.
#pragma once

#include "kring/cards.hpp"
#include "kring/defs.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kring {

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
