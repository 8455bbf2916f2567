#include "kring/views.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

using nlohmann::json;

namespace kring {

namespace {

json result_json(const step_def& def, const step_state& st) {
    std::vector<std::string> ids;
    ids.reserve(def.items.size());
    for (const auto& it : def.items) ids.push_back(it.id);
    const auto r = traffic_light::aggregate(ids, st.answers);
    json items = json::array();
    for (const auto& ir : r.items)
        items.push_back(json{{"item", ir.item},   {"index", ir.index}, {"green", ir.green},
                             {"orange", ir.orange}, {"red", ir.red},   {"pass", ir.pass},
                             {"spread", ir.spread}});
    return json{{"step", def.id}, {"total", r.total}, {"items", std::move(items)}};
}

} // namespace

std::string make_view(const session_state& s, role r, std::uint32_t online) {
    json steps = json::array();
    json results = json::array();
    json comments = json::array();
    for (std::size_t i = 0; i < s.def.steps.size() && i < s.steps.size(); ++i) {
        const auto& def = s.def.steps[i];
        const auto& st = s.steps[i];
        steps.push_back(json{{"id", def.id},
                             {"phase", to_string(st.ph)},
                             {"revealed", st.revealed},
                             {"answered", st.answers.answered},
                             {"complete", st.answers.complete}});
        // Results are for the facilitator always, for everyone else only once revealed.
        if (r == role::facilitator || st.revealed) results.push_back(result_json(def, st));
        if (r == role::facilitator) {
            // Comments in content order, without any trace of who wrote them.
            // Sorted by text within an item, so that the order does not follow join order
            // and comments on different statements cannot be linked to one person.
            for (std::size_t item = 0; item < def.items.size(); ++item) {
                std::vector<const std::string*> texts;
                for (const auto& [pid, sheet] : st.answers.sheets)
                    if (item < sheet.size() && !sheet[item].comment.empty() &&
                        sheet[item].value != traffic_light::light::none)
                        texts.push_back(&sheet[item].comment);
                std::sort(texts.begin(), texts.end(),
                          [](const std::string* a, const std::string* b) { return *a < *b; });
                for (const std::string* t : texts)
                    comments.push_back(
                        json{{"step", def.id}, {"item", def.items[item].id}, {"text", *t}});
            }
        }
    }
    json j{{"type", "view"},
           {"rev", s.rev},
           {"role", to_string(r)},
           {"code", s.join_code},
           {"joined", s.participants.size()},
           {"online", online},
           {"current", s.current >= 0 ? s.def.steps[static_cast<std::size_t>(s.current)].id : std::string()},
           {"steps", std::move(steps)},
           {"results", std::move(results)}};
    if (r == role::facilitator) j["comments"] = std::move(comments);
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace kring
