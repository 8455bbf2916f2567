#include "kring/model.hpp"

#include <algorithm>

namespace kring {

const char* to_string(phase p) {
    switch (p) {
    case phase::pending:
        return "pending";
    case phase::open:
        return "open";
    case phase::closed:
        return "closed";
    case phase::unknown:
        break;
    }
    return "unknown";
}

const char* to_string(role r) {
    switch (r) {
    case role::participant:
        return "participant";
    case role::projector:
        return "projector";
    case role::facilitator:
        return "facilitator";
    case role::none:
        break;
    }
    return "none";
}

phase phase_from_string(const std::string& s) {
    if (s == "pending")
        return phase::pending;
    if (s == "open")
        return phase::open;
    if (s == "closed")
        return phase::closed;
    return phase::unknown;
}

role role_from_string(const std::string& s) {
    if (s == "participant")
        return role::participant;
    if (s == "projector")
        return role::projector;
    if (s == "facilitator")
        return role::facilitator;
    return role::none;
}

int step_def::item_index(const std::string& item_id) const {
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].id == item_id)
            return static_cast<int>(i);
    return -1;
}

int step_def::option_index(const std::string& option_id) const {
    for (std::size_t i = 0; i < options.size(); ++i)
        if (options[i].id == option_id)
            return static_cast<int>(i);
    return -1;
}

int session_def::step_index(const std::string& step_id) const {
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (steps[i].id == step_id)
            return static_cast<int>(i);
    return -1;
}

const participant* session_state::find_by_token_hash(const std::string& token_hash) const {
    auto it = by_token.find(token_hash);
    if (it == by_token.end() || it->second == 0 || it->second > participants.size())
        return nullptr;
    return &participants[it->second - 1];
}

const std::vector<option_def>& vote_options(const step_def& d, const step_state& st) {
    return d.has_source() ? st.options : d.options;
}

std::uint32_t answered(const step_def&, const step_state& st) {
    return std::visit(
        overloaded{[](std::monostate) -> std::uint32_t { return 0; },
                   [](const traffic_light::responses& r) { return r.answered; },
                   [](const scale::responses& r) { return scale::answered(r); },
                   [](const auto& r) { return static_cast<std::uint32_t>(r.by.size()); }},
        st.answers);
}

std::uint32_t complete(const step_def& d, const step_state& st) {
    return std::visit(overloaded{[](const traffic_light::responses& r) { return r.complete; },
                                 [&](const scale::responses& r) { return scale::complete(d, r); },
                                 [&](const auto&) { return answered(d, st); }},
                      st.answers);
}

own_answers answers_of(const step_def& d, const step_state& st, participant_id pid) {
    // A sheet has a slot per item; an answer counts when its slot holds a value.
    auto of_sheet = [&](const auto& sheets, auto holds) -> own_answers {
        auto it = sheets.find(pid);
        if (it == sheets.end())
            return {};
        const auto& sheet = it->second;
        return {.any = std::any_of(sheet.begin(), sheet.end(), holds),
                .all = !sheet.empty() && sheet.size() == d.items.size() &&
                       std::all_of(sheet.begin(), sheet.end(), holds)};
    };
    return std::visit(overloaded{[](std::monostate) { return own_answers{}; },
                                 [&](const traffic_light::responses& r) {
                                     return of_sheet(r.sheets, [](const traffic_light::answer& a) {
                                         return a.value != traffic_light::light::none;
                                     });
                                 },
                                 [&](const scale::responses& r) {
                                     return of_sheet(r.sheets,
                                                     [](const auto& a) { return a.has_value(); });
                                 },
                                 [&](const auto& r) {
                                     const bool has = r.by.contains(pid);
                                     return own_answers{.any = has, .all = has};
                                 }},
                      st.answers);
}

std::uint32_t paper_answers(const step_def& d, const step_state& st) {
    std::uint32_t most = 0;
    std::uint32_t all = 0;
    for (const auto& [item, counts] : st.paper.counts) {
        std::uint32_t sum = 0;
        for (const auto& [value, n] : counts)
            sum += n;
        most = std::max(most, sum);
        all += sum;
    }
    // One person answers every item, so items count as the busiest one; dots add up.
    return has_items(d.kind) ? most : all;
}

std::uint32_t total_with_paper(const step_def& d, const step_state& st) {
    return answered(d, st) + paper_answers(d, st);
}

bool withheld(const step_def& d, const step_state& st, std::uint32_t min_answers) {
    return total_with_paper(d, st) < min_answers;
}

std::set<std::string> card_ids(const step_def&, const step_state& st) {
    return std::visit(
        [](const auto& r) -> std::set<std::string> {
            using R = std::decay_t<decltype(r)>;
            if constexpr (!std::is_same_v<R, std::monostate>) {
                if constexpr (R::info.cards)
                    return card_ids(r);
            }
            return {};
        },
        st.answers);
}

} // namespace kring
