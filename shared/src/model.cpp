#include "kring/model.hpp"

#include <algorithm>

namespace kring {

const char* to_string(activity_kind k) {
    switch (k) {
    case activity_kind::traffic_light:
        return "traffic_light";
    case activity_kind::scale:
        return "scale";
    case activity_kind::choice:
        return "choice";
    case activity_kind::image_choice:
        return "image_choice";
    case activity_kind::open_text:
        return "open_text";
    case activity_kind::dot_vote:
        return "dot_vote";
    case activity_kind::inventory:
        return "inventory";
    case activity_kind::action_plan:
        return "action_plan";
    case activity_kind::unknown:
        break;
    }
    return "unknown";
}

activity_kind activity_kind_from_string(const std::string& s) {
    for (auto k : {activity_kind::traffic_light, activity_kind::scale, activity_kind::choice,
                   activity_kind::image_choice, activity_kind::open_text, activity_kind::dot_vote,
                   activity_kind::inventory, activity_kind::action_plan})
        if (s == to_string(k))
            return k;
    return activity_kind::unknown;
}

bool has_items(activity_kind k) {
    return k == activity_kind::traffic_light || k == activity_kind::scale;
}

bool has_cards(activity_kind k) {
    return k == activity_kind::open_text || k == activity_kind::inventory ||
           k == activity_kind::action_plan;
}

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

std::uint32_t answered(const step_def& d, const step_state& st) {
    auto n = [](const auto& by) { return static_cast<std::uint32_t>(by.size()); };
    switch (d.kind) {
    case activity_kind::traffic_light:
        return st.answers.answered;
    case activity_kind::scale:
        return scale::answered(st.scale_answers);
    case activity_kind::choice:
        return n(st.choice_answers.by);
    case activity_kind::image_choice:
        return n(st.image_answers.by);
    case activity_kind::open_text:
        return n(st.text_answers.by);
    case activity_kind::dot_vote:
        return n(st.dot_answers.by);
    case activity_kind::inventory:
        return n(st.inventory_answers.by);
    case activity_kind::action_plan:
        return n(st.action_answers.by);
    case activity_kind::unknown:
        break;
    }
    return 0;
}

std::uint32_t complete(const step_def& d, const step_state& st) {
    switch (d.kind) {
    case activity_kind::traffic_light:
        return st.answers.complete;
    case activity_kind::scale:
        return scale::complete(d, st.scale_answers);
    default:
        return answered(d, st);
    }
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

std::set<std::string> card_ids(const step_def& d, const step_state& st) {
    switch (d.kind) {
    case activity_kind::open_text:
        return open_text::card_ids(st.text_answers);
    case activity_kind::inventory:
        return inventory::card_ids(st.inventory_answers);
    case activity_kind::action_plan:
        return action_plan::card_ids(st.action_answers);
    default:
        return {};
    }
}

} // namespace kring
