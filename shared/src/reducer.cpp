#include "kring/reducer.hpp"

#include "kring/activity.hpp"

#include <algorithm>
#include <type_traits>

namespace kring {

outcome outcome::reject(errc code, std::string message) {
    outcome o;
    o.rejected = error{code, std::move(message)};
    return o;
}

//----------------------------------------------------------------------------------------
// [SECTION] apply: the fold

namespace {

/** The step with this id and its state, or nulls. */
struct step_ref {
    const step_def* def = nullptr;
    step_state* st = nullptr;
    explicit operator bool() const { return def != nullptr; }
};

step_ref find_step(session_state& s, const std::string& id) {
    const int si = s.def.step_index(id);
    if (si < 0 || static_cast<std::size_t>(si) >= s.steps.size())
        return {};
    return {&s.def.steps[static_cast<std::size_t>(si)], &s.steps[static_cast<std::size_t>(si)]};
}

void apply_one(session_state& s, const ev::session_created& e) {
    s.id = e.session_id;
    s.join_code = e.join_code;
    s.secret_hash = e.secret_hash;
    s.created_at = e.created_at;
    s.def = e.def;
    s.steps.assign(s.def.steps.size(), step_state{});
    s.current = -1;
}

void apply_one(session_state& s, const ev::participant_joined& e) {
    // Ids are dense and given in order by decide_join; anything else is a corrupt history.
    if (e.pid != s.participants.size() + 1)
        return;
    s.participants.push_back(participant{e.pid, e.token_hash, e.name});
    s.by_token[e.token_hash] = e.pid;
}

void apply_one(session_state& s, const ev::answer_set& e) {
    auto ref = find_step(s, e.step);
    if (!ref || ref.def->kind != activity_kind::traffic_light)
        return;
    const int ii = ref.def->item_index(e.item);
    if (ii < 0)
        return;
    ref.st->answers.set(e.pid, static_cast<std::size_t>(ii), ref.def->items.size(),
                        {e.value, e.comment});
}

void apply_one(session_state& s, const ev::response_set& e) {
    auto ref = find_step(s, e.step);
    if (!ref)
        return;
    const step_def& d = *ref.def;
    step_state& st = *ref.st;
    // Stored values were checked when they were given; checking again with the step's own
    // rules (but no server text limits) keeps a corrupt history from reaching the state.
    const limits lim = replay_limits();
    switch (d.kind) {
    case activity_kind::scale: {
        const int ii = d.item_index(e.item);
        if (ii < 0)
            return;
        if (auto a = scale::validate(d, e.value, e.comment, lim); a.ok())
            scale::apply(st.scale_answers, d, e.pid, static_cast<std::size_t>(ii),
                         std::move(*a.value));
        break;
    }
    case activity_kind::choice:
        if (auto a = choice::validate(d, e.value, e.comment, lim); a.ok())
            choice::apply(st.choice_answers, e.pid, std::move(*a.value));
        break;
    case activity_kind::image_choice:
        if (auto a = image_choice::validate(d, e.value, e.comment, lim); a.ok())
            image_choice::apply(st.image_answers, e.pid, std::move(*a.value));
        break;
    case activity_kind::open_text:
        if (auto a = open_text::validate(d, e.value, e.comment, lim); a.ok())
            open_text::apply(st.text_answers, e.pid, std::move(*a.value));
        break;
    case activity_kind::dot_vote:
        if (auto a = dot_vote::validate(d, vote_options(d, st), e.value, e.comment, lim); a.ok())
            dot_vote::apply(st.dot_answers, e.pid, std::move(*a.value));
        break;
    case activity_kind::inventory:
        if (auto a = inventory::validate(d, e.value, e.comment, lim); a.ok())
            inventory::apply(st.inventory_answers, e.pid, std::move(*a.value));
        break;
    case activity_kind::action_plan:
        if (auto a = action_plan::validate(d, e.value, e.comment, lim); a.ok())
            action_plan::apply(st.action_answers, e.pid, std::move(*a.value));
        break;
    case activity_kind::traffic_light:
    case activity_kind::unknown:
        break;
    }
}

void apply_one(session_state& s, const ev::phase_set& e) {
    if (auto ref = find_step(s, e.step))
        ref.st->ph = e.to;
}

void apply_one(session_state& s, const ev::reveal_set& e) {
    if (auto ref = find_step(s, e.step))
        ref.st->revealed = e.revealed;
}

void apply_one(session_state& s, const ev::current_set& e) {
    s.current = s.def.step_index(e.step);
}

void apply_one(session_state& s, const ev::card_hidden& e) {
    auto ref = find_step(s, e.step);
    if (!ref)
        return;
    if (e.hidden)
        ref.st->moderation.hidden.insert(e.card);
    else
        ref.st->moderation.hidden.erase(e.card);
}

void apply_one(session_state& s, const ev::cards_merged& e) {
    auto ref = find_step(s, e.step);
    if (!ref)
        return;
    auto& merged = ref.st->moderation.merged_into;
    // A card merged into one of the sources now counts with the new target: merges stay
    // one level deep, so undoing one never needs a chain.
    for (auto& [card, target] : merged)
        if (std::find(e.cards.begin(), e.cards.end(), target) != e.cards.end())
            target = e.card;
    for (const auto& c : e.cards)
        if (c != e.card)
            merged[c] = e.card;
    merged.erase(e.card);
}

void apply_one(session_state& s, const ev::cards_unmerged& e) {
    auto ref = find_step(s, e.step);
    if (!ref)
        return;
    for (const auto& c : e.cards)
        ref.st->moderation.merged_into.erase(c);
}

void apply_one(session_state& s, const ev::options_set& e) {
    auto ref = find_step(s, e.step);
    if (!ref)
        return;
    ref.st->options = e.options;
    ref.st->options_fixed = true;
}

void apply_one(session_state& s, const ev::lang_set& e) {
    s.projector_lang = e.to;
}

} // namespace

void apply(session_state& s, const event& e) {
    std::visit([&s](const auto& x) { apply_one(s, x); }, e);
    ++s.rev;
}

session_state fold(const std::vector<event>& history) {
    session_state s;
    for (const auto& e : history)
        apply(s, e);
    return s;
}

//----------------------------------------------------------------------------------------
// [SECTION] decide: joins and answers

outcome decide_join(const session_state& s, const std::string& token_hash, const std::string& name,
                    const limits& lim) {
    if (s.find_by_token_hash(token_hash))
        return {};
    if (auto e = check_text(name, lim.max_name, "the name"))
        return outcome::reject(e->code, e->message);
    if (s.participants.size() >= lim.max_participants)
        return outcome::reject(errc::room_full, "this session has reached its participant limit");
    outcome o;
    o.events.push_back(ev::participant_joined{
        static_cast<participant_id>(s.participants.size() + 1), token_hash, name});
    return o;
}

namespace {

/** The canonical value of a checked answer as a response_set, or the rejection. */
template <class Answer, class ToJson>
outcome response_or_reject(const checked<Answer>& a, ToJson to_json, participant_id pid,
                           const std::string& step, const std::string& item,
                           const std::string& comment, bool open) {
    if (!a.ok())
        return outcome::reject(a.err.code, a.err.message);
    if (!open)
        return outcome::reject(errc::step_not_open, "this step is not open for answers");
    outcome o;
    o.events.push_back(ev::response_set{pid, step, item, to_json(*a.value), comment});
    return o;
}

} // namespace

outcome decide_response(const session_state& s, participant_id pid, const std::string& step,
                        const std::string& item, const nlohmann::json& value,
                        const std::string& comment, const limits& lim) {
    if (pid == 0 || pid > s.participants.size())
        return outcome::reject(errc::forbidden, "only a participant of this session can answer");
    const int si = s.def.step_index(step);
    if (si < 0)
        return outcome::reject(errc::unknown_step, "this session has no such step");
    const auto& d = s.def.steps[static_cast<std::size_t>(si)];
    const auto& st = s.steps[static_cast<std::size_t>(si)];
    if (has_items(d.kind)) {
        if (d.item_index(item) < 0)
            return outcome::reject(errc::unknown_item, "this step has no such statement");
    } else if (!item.empty()) {
        return outcome::reject(errc::unknown_item, "this step has no statements: leave out 'item'");
    }
    const bool open = st.ph == phase::open;

    switch (d.kind) {
    case activity_kind::traffic_light: {
        const auto v = value.is_string()
                           ? traffic_light::light_from_string(value.get<std::string>())
                           : std::nullopt;
        if (!v)
            return outcome::reject(errc::bad_value, "value must be green, orange, red or pass");
        if (auto e = check_text(comment, lim.max_text, "the comment"))
            return outcome::reject(e->code, e->message);
        if (!open)
            return outcome::reject(errc::step_not_open, "this step is not open for answers");
        outcome o;
        o.events.push_back(ev::answer_set{pid, step, item, *v, comment});
        return o;
    }
    case activity_kind::scale:
        return response_or_reject(scale::validate(d, value, comment, lim), scale::value_json, pid,
                                  step, item, comment, open);
    case activity_kind::choice:
        return response_or_reject(choice::validate(d, value, comment, lim), choice::value_json, pid,
                                  step, item, comment, open);
    case activity_kind::image_choice:
        return response_or_reject(image_choice::validate(d, value, comment, lim),
                                  image_choice::value_json, pid, step, item, comment, open);
    case activity_kind::open_text:
        return response_or_reject(open_text::validate(d, value, comment, lim),
                                  open_text::value_json, pid, step, item, comment, open);
    case activity_kind::dot_vote:
        if (!open)
            return outcome::reject(errc::step_not_open, "this step is not open for answers");
        return response_or_reject(dot_vote::validate(d, vote_options(d, st), value, comment, lim),
                                  dot_vote::value_json, pid, step, item, comment, open);
    case activity_kind::inventory:
        return response_or_reject(inventory::validate(d, value, comment, lim),
                                  inventory::value_json, pid, step, item, comment, open);
    case activity_kind::action_plan:
        return response_or_reject(action_plan::validate(d, value, comment, lim),
                                  action_plan::value_json, pid, step, item, comment, open);
    case activity_kind::unknown:
        break;
    }
    return outcome::reject(errc::bad_value, "this step takes no answers");
}

outcome decide_answer(const session_state& s, participant_id pid, const std::string& step,
                      const std::string& item, const std::string& value, const std::string& comment,
                      const limits& lim) {
    return decide_response(s, pid, step, item, nlohmann::json(value), comment, lim);
}

//----------------------------------------------------------------------------------------
// [SECTION] decide: controls

std::vector<option_def> options_from_source(const session_state& s, const step_def& d) {
    std::vector<option_def> out;
    if (d.source_take == "blocks")
        return s.def.blocks;
    const int si = s.def.step_index(d.source_step);
    if (si < 0 || static_cast<std::size_t>(si) >= s.steps.size())
        return out;
    const step_def& src = s.def.steps[static_cast<std::size_t>(si)];
    const step_state& st = s.steps[static_cast<std::size_t>(si)];
    auto same = [](const std::string& t) { return localized{t, t}; };

    if ((d.source_take == "red" || d.source_take == "disputed") &&
        src.kind == activity_kind::traffic_light) {
        std::vector<std::string> ids;
        for (const auto& it : src.items)
            ids.push_back(it.id);
        auto items = traffic_light::aggregate(ids, st.answers).items; // most disputed first
        if (d.source_take == "red") {
            std::erase_if(items, [](const auto& r) { return r.red == 0; });
            std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
                return a.red != b.red ? a.red > b.red : a.index < b.index;
            });
        } else {
            std::erase_if(items, [](const auto& r) { return r.spread <= 0.0; });
            if (items.size() > 5)
                items.resize(5);
        }
        for (const auto& r : items)
            out.push_back({r.item, src.items[r.index].text});
    } else if (d.source_take == "cards" && src.kind == activity_kind::open_text) {
        for (const auto& c : open_text::aggregate(st.text_answers, st.moderation).cards)
            if (!c.hidden)
                out.push_back({c.card, same(c.text)});
    } else if (d.source_take == "cards" && src.kind == activity_kind::inventory) {
        for (const auto& r : inventory::aggregate(src, st.inventory_answers, st.moderation).entries)
            if (!r.hidden)
                out.push_back({r.card, same(r.e.name)});
    } else if (d.source_take == "actions" && src.kind == activity_kind::action_plan) {
        for (const auto& r : action_plan::aggregate(st.action_answers, st.moderation).actions)
            if (!r.hidden)
                out.push_back({r.card, same(action_plan::label(r.a))});
    } else if (d.source_take == "options" &&
               (src.kind == activity_kind::choice || src.kind == activity_kind::dot_vote)) {
        out = vote_options(src, st);
    }
    if (out.size() > max_source_options)
        out.resize(max_source_options);
    return out;
}

namespace {

const char* const step_actions[] = {"open", "close", "reveal", "hide", "goto"};
const char* const card_actions[] = {"hide_card", "show_card", "merge_cards", "unmerge_card"};

bool one_of(const std::string& a, const auto& list) {
    return std::any_of(std::begin(list), std::end(list), [&a](const char* x) { return a == x; });
}

outcome decide_card(const control_command& c, const step_def& d, const step_state& st) {
    if (!has_cards(d.kind))
        return outcome::reject(errc::bad_value,
                               "only open_text, inventory and action_plan steps have cards");
    const auto present = card_ids(d, st);
    const auto& m = st.moderation;
    auto is_merged = [&](const std::string& card) {
        auto it = m.merged_into.find(card);
        return it != m.merged_into.end() && present.count(it->second) > 0;
    };
    outcome o;
    if (c.action == "hide_card") {
        if (!present.count(c.card))
            return outcome::reject(errc::unknown_item, "this step has no such card");
        if (m.hidden.count(c.card))
            return outcome::reject(errc::invalid_transition, "this card is already hidden");
        if (is_merged(c.card))
            return outcome::reject(errc::invalid_transition,
                                   "this card is merged into another: unmerge it first");
        o.events.push_back(ev::card_hidden{c.step, c.card, true});
    } else if (c.action == "show_card") {
        if (!m.hidden.count(c.card)) {
            if (!present.count(c.card))
                return outcome::reject(errc::unknown_item, "this step has no such card");
            return outcome::reject(errc::invalid_transition, "this card is not hidden");
        }
        o.events.push_back(ev::card_hidden{c.step, c.card, false});
    } else if (c.action == "merge_cards") {
        if (!present.count(c.card))
            return outcome::reject(errc::unknown_item, "this step has no such card");
        if (c.cards.empty())
            return outcome::reject(errc::bad_value, "give the cards to merge in 'cards'");
        if (m.hidden.count(c.card))
            return outcome::reject(errc::invalid_transition, "the target card is hidden");
        if (is_merged(c.card))
            return outcome::reject(errc::invalid_transition,
                                   "the target card is merged into another card");
        for (const auto& x : c.cards) {
            if (x == c.card)
                return outcome::reject(errc::bad_value, "a card cannot be merged into itself");
            if (!present.count(x))
                return outcome::reject(errc::unknown_item, "this step has no such card");
            if (m.hidden.count(x))
                return outcome::reject(errc::invalid_transition, "a hidden card cannot be merged");
        }
        std::vector<std::string> cards = c.cards;
        std::sort(cards.begin(), cards.end());
        cards.erase(std::unique(cards.begin(), cards.end()), cards.end());
        o.events.push_back(ev::cards_merged{c.step, c.card, std::move(cards)});
    } else { // unmerge_card
        std::vector<std::string> cards;
        if (m.merged_into.count(c.card)) {
            cards.push_back(c.card);
        } else {
            for (const auto& [card, target] : m.merged_into)
                if (target == c.card)
                    cards.push_back(card);
        }
        if (cards.empty()) {
            if (!present.count(c.card))
                return outcome::reject(errc::unknown_item, "this step has no such card");
            return outcome::reject(errc::invalid_transition, "this card is not merged");
        }
        o.events.push_back(ev::cards_unmerged{c.step, std::move(cards)});
    }
    return o;
}

} // namespace

outcome decide_control(const session_state& s, const control_command& c) {
    if (!one_of(c.action, step_actions) && !one_of(c.action, card_actions) &&
        c.action != "set_lang")
        return outcome::reject(errc::bad_value,
                               "action must be open, close, reveal, hide, goto, hide_card, "
                               "show_card, merge_cards, unmerge_card or set_lang");
    if (c.action == "set_lang") {
        if (c.lang != "nl" && c.lang != "en")
            return outcome::reject(errc::bad_value, "lang must be nl or en");
        outcome o;
        const lang l = lang_from_string(c.lang);
        if (l != s.projector_lang)
            o.events.push_back(ev::lang_set{l});
        return o;
    }
    const int si = s.def.step_index(c.step);
    if (si < 0)
        return outcome::reject(errc::unknown_step, "this session has no such step");
    const step_def& d = s.def.steps[static_cast<std::size_t>(si)];
    const step_state& st = s.steps[static_cast<std::size_t>(si)];
    if (one_of(c.action, card_actions))
        return decide_card(c, d, st);

    outcome o;
    auto make_current = [&] {
        if (s.current != si)
            o.events.push_back(ev::current_set{c.step});
    };
    if (c.action == "open") {
        if (st.ph == phase::open)
            return outcome::reject(errc::invalid_transition, "this step is already open");
        if (d.kind == activity_kind::dot_vote && d.has_source() && st.dot_answers.by.empty()) {
            // Options come from the source's results as they are now. Once someone voted
            // they stay as they are, so a reopen cannot pull options away from under votes.
            auto options = options_from_source(s, d);
            if (options.empty())
                return outcome::reject(errc::invalid_transition,
                                       "the source step has nothing to vote on yet");
            if (!st.options_fixed || options != st.options)
                o.events.push_back(ev::options_set{c.step, std::move(options)});
        }
        make_current();
        o.events.push_back(ev::phase_set{c.step, phase::open});
    } else if (c.action == "close") {
        if (st.ph != phase::open)
            return outcome::reject(errc::invalid_transition, "only an open step can be closed");
        o.events.push_back(ev::phase_set{c.step, phase::closed});
    } else if (c.action == "reveal") {
        if (st.revealed)
            return outcome::reject(errc::invalid_transition, "the results are already revealed");
        o.events.push_back(ev::reveal_set{c.step, true});
    } else if (c.action == "hide") {
        if (!st.revealed)
            return outcome::reject(errc::invalid_transition, "the results are not revealed");
        o.events.push_back(ev::reveal_set{c.step, false});
    } else { // goto
        if (s.current == si)
            return outcome::reject(errc::invalid_transition,
                                   "this step is already the current step");
        make_current();
    }
    return o;
}

outcome decide_control(const session_state& s, const std::string& action, const std::string& step) {
    control_command c;
    c.action = action;
    c.step = step;
    return decide_control(s, c);
}

} // namespace kring
