#include "kring/reducer.hpp"

#include "kring/activity.hpp"
#include "kring/compare.hpp"
#include "kring/kinds.hpp"
#include "kring/practice.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <string_view>
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
    for (std::size_t i = 0; i < s.steps.size(); ++i)
        s.steps[i].answers = make_answers(s.def.steps[i].kind);
    s.current = -1;
    s.min_answers = e.min_answers;
    s.practice = e.practice;
    s.org = e.org;
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
    ref.st->get<traffic_light::responses>().set(e.pid, static_cast<std::size_t>(ii),
                                                ref.def->items.size(), {e.value, e.comment});
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
    const answer_input in{.def = d,
                          .options = vote_options(d, st),
                          .value = e.value,
                          .comment = e.comment,
                          .lim = lim};
    std::visit(
        [&](auto& r) {
            using R = std::decay_t<decltype(r)>;
            // traffic_light answers come as answer_set; unknown kinds take none.
            if constexpr (!std::is_same_v<R, std::monostate> &&
                          !std::is_same_v<R, traffic_light::responses>) {
                auto a = check(r, in);
                if (!a.ok())
                    return;
                if constexpr (R::info.per_item) {
                    const int ii = d.item_index(e.item);
                    if (ii >= 0)
                        apply(r, d, e.pid, static_cast<std::size_t>(ii), std::move(*a.value));
                } else {
                    apply(r, e.pid, std::move(*a.value));
                }
            }
        },
        st.answers);
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

void apply_one(session_state& s, const ev::step_locked& e) {
    if (auto ref = find_step(s, e.step))
        ref.st->locked = e.locked;
}

void apply_one(session_state& s, const ev::live_set& e) {
    if (auto ref = find_step(s, e.step)) {
        ref.st->live = e.on;
        ref.st->live_phones = e.on && e.phones;
    }
}

void apply_one(session_state& s, const ev::timer_started& e) {
    s.timer = step_timer{e.step, e.started_at, e.ends_at, e.close_at_end, false};
}

void apply_one(session_state& s, const ev::timer_stopped& e) {
    if (s.timer && s.timer->step == e.step)
        s.timer.reset();
}

void apply_one(session_state& s, const ev::timer_ended& e) {
    if (s.timer && s.timer->step == e.step)
        s.timer->ended = true;
}

void apply_one(session_state& s, const ev::follow_set& e) {
    s.follow = e.on;
}

void apply_one(session_state& s, const ev::paused_set& e) {
    s.paused = e.on;
}

/** Every answer of one participant on one step goes, as if they never gave it. */
void discard_answers(const step_def& d, step_state& st, participant_id pid) {
    std::visit(overloaded{[](std::monostate) {},
                          [&](traffic_light::responses& r) {
                              if (!r.sheets.count(pid))
                                  return;
                              for (std::size_t i = 0; i < d.items.size(); ++i)
                                  r.set(pid, i, d.items.size(), {});
                              r.sheets.erase(pid);
                          },
                          [&](scale::responses& r) { r.sheets.erase(pid); },
                          [&](auto& r) { r.by.erase(pid); }},
               st.answers);
}

void apply_one(session_state& s, const ev::participant_removed& e) {
    if (e.pid == 0 || e.pid > s.participants.size())
        return;
    s.participants[e.pid - 1].removed = true;
    if (!e.discard)
        return;
    for (std::size_t i = 0; i < s.steps.size() && i < s.def.steps.size(); ++i)
        discard_answers(s.def.steps[i], s.steps[i], e.pid);
}

void apply_one(session_state& s, const ev::tally_set& e) {
    auto ref = find_step(s, e.step);
    if (!ref)
        return;
    std::map<std::string, std::uint32_t> counts;
    for (const auto& [value, n] : e.counts)
        if (n > 0)
            counts[value] = n;
    if (counts.empty())
        ref.st->paper.counts.erase(e.item);
    else
        ref.st->paper.counts[e.item] = std::move(counts);
}

void apply_one(session_state& s, const ev::note_set& e) {
    if (auto ref = find_step(s, e.step))
        ref.st->note = e.text;
}

void apply_one(session_state& s, const ev::min_answers_set& e) {
    s.min_answers = e.min;
}

void apply_one(session_state& s, const ev::ended_set& e) {
    s.ended = e.on;
}

void apply_one(session_state& s, const ev::page_set& e) {
    if (auto ref = find_step(s, e.step))
        ref.st->page = e.page;
}

void apply_one(session_state& s, const ev::photo_added& e) {
    auto ref = find_step(s, e.step);
    if (!ref || ref.def->kind != activity_kind::photo || e.pid == 0 ||
        e.pid > s.participants.size() || !photo::valid_photo_id(e.id))
        return;
    auto& r = ref.st->get<photo::responses>();
    if (photo::find(r, e.id))
        return;
    photo::add(r, e.pid,
               photo::entry{.id = e.id,
                            .caption = e.caption,
                            .category = e.category,
                            .width = e.width,
                            .height = e.height,
                            .upload = e.upload});
}

void apply_one(session_state& s, const ev::photo_set& e) {
    auto ref = find_step(s, e.step);
    if (ref && ref.def->kind == activity_kind::image_choice && e.to == "deleted")
        image_choice::remove_own(ref.st->get<image_choice::responses>(), e.id);
    if (!ref || ref.def->kind != activity_kind::photo)
        return;
    auto& r = ref.st->get<photo::responses>();
    if (e.to == "deleted")
        photo::remove(r, e.id);
    else if (const auto to = photo::status_from_string(e.to))
        photo::set_status(r, e.id, *to);
}

void apply_one(session_state& s, const ev::image_added& e) {
    auto ref = find_step(s, e.step);
    if (!ref || ref.def->kind != activity_kind::image_choice || !photo::valid_photo_id(e.id) ||
        e.width == 0 || e.height == 0)
        return;
    auto& r = ref.st->get<image_choice::responses>();
    image_choice::add_own(
        r, {e.id, image_choice::own_alt(e.caption, r.own_sent + 1), e.width, e.height});
}

void apply_one(session_state& s, const ev::plan_set& e) {
    auto ref = find_step(s, e.step);
    if (!ref || ref.def->kind != activity_kind::floor_plan)
        return;
    if (e.id.empty())
        ref.st->plan = {};
    else if (photo::valid_photo_id(e.id) && e.width > 0 && e.height > 0)
        ref.st->plan = floor_plan::plan_image{e.id, e.width, e.height};
}

void apply_one(session_state& s, const ev::compare_set& e) {
    s.compare_with = e.session;
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

outcome decide_join(const session_state& s, const std::string& token_hash,
                    const std::string& given_name, const limits& lim) {
    if (const participant* p = s.find_by_token_hash(token_hash)) {
        if (p->removed)
            return outcome::reject(errc::removed, "this device was removed from the session");
        return {};
    }
    // Stored as one line (docs/protocol.md, section 3); the limit counts the stored text.
    std::string name = given_text(given_name, text_form::line);
    if (auto e = check_text(name, lim.max_name, "the name"))
        return outcome::reject(e->code, e->message);
    if (s.participants.size() >= lim.max_participants)
        return outcome::reject(errc::room_full, "this session has reached its participant limit");
    outcome o;
    o.events.push_back(ev::participant_joined{
        static_cast<participant_id>(s.participants.size() + 1), token_hash, std::move(name)});
    return o;
}

namespace {

/** The canonical value of a checked answer as a response_set, or the rejection. */
template <class Answer>
outcome response_or_reject(const checked<Answer>& a, participant_id pid, const std::string& step,
                           const std::string& item, const std::string& comment, bool open) {
    if (!a.ok())
        return outcome::reject(a.err.code, a.err.message);
    if (!open)
        return outcome::reject(errc::step_not_open, "this step is not open for answers");
    outcome o;
    o.events.push_back(ev::response_set{pid, step, item, value_json(*a.value), comment});
    return o;
}

} // namespace

namespace {

/**
 * What a participant's answer or photo is checked for first, in this order: a participant of
 * the session (`what` they tried: "answer", "send a photo"), not removed, the session not
 * paused, the step there. The rejection, or nullopt when all of it holds.
 */
std::optional<outcome> participant_refusal(const session_state& s, participant_id pid,
                                           const std::string& step, const char* what) {
    if (pid == 0 || pid > s.participants.size())
        return outcome::reject(errc::forbidden,
                               std::string("only a participant of this session can ") + what);
    if (s.participants[pid - 1].removed)
        return outcome::reject(errc::removed, "this device was removed from the session");
    if (s.paused)
        return outcome::reject(errc::paused, "the session is paused");
    if (s.def.step_index(step) < 0)
        return outcome::reject(errc::unknown_step, "this session has no such step");
    return std::nullopt;
}

} // namespace

outcome decide_response(const session_state& s, participant_id pid, const std::string& step,
                        const std::string& item, const nlohmann::json& value,
                        const std::string& given_comment, const limits& lim) {
    // Stored as one line (docs/protocol.md, section 3): every check below sees the stored
    // comment (the texts in `value` are normalised by their kind's validate).
    const std::string comment = given_text(given_comment, text_form::line);
    if (auto refused = participant_refusal(s, pid, step, "answer"))
        return *refused;
    const int si = s.def.step_index(step);
    const auto& d = s.def.steps[static_cast<std::size_t>(si)];
    const auto& st = s.steps[static_cast<std::size_t>(si)];
    if (has_items(d.kind)) {
        if (d.item_index(item) < 0)
            return outcome::reject(errc::unknown_item, "this step has no such statement");
    } else if (!item.empty()) {
        return outcome::reject(errc::unknown_item, "this step has no statements: leave out 'item'");
    }
    // A locked step is final even if it were open: it refuses like a closed one.
    const bool open = st.ph == phase::open && !st.locked;

    const answer_input in{
        .def = d, .options = vote_options(d, st), .value = value, .comment = comment, .lim = lim};
    auto not_open = [] {
        return outcome::reject(errc::step_not_open, "this step is not open for answers");
    };
    return std::visit(
        overloaded{
            [](std::monostate) {
                return outcome::reject(errc::bad_value, "this step takes no answers");
            },
            // Stored as its own event (answer_set), as since the first version.
            [&](const traffic_light::responses&) {
                const auto v = value.is_string()
                                   ? traffic_light::light_from_string(value.get<std::string>())
                                   : std::nullopt;
                if (!v)
                    return outcome::reject(errc::bad_value,
                                           "value must be green, orange, red or pass");
                if (auto e = check_text(comment, lim.max_text, "the comment"))
                    return outcome::reject(e->code, e->message);
                if (!open)
                    return not_open();
                outcome o;
                o.events.push_back(ev::answer_set{pid, step, item, *v, comment});
                return o;
            },
            // Its options may be fixed only at open: a closed step is refused as closed first.
            [&](const dot_vote::responses& r) {
                if (!open)
                    return not_open();
                return response_or_reject(check(r, in), pid, step, item, comment, open);
            },
            [&](const auto& r) {
                return response_or_reject(check(r, in), pid, step, item, comment, open);
            }},
        st.answers);
}

outcome decide_photo(const session_state& s, participant_id pid, const std::string& step,
                     const photo::request& req, const photo_taken* taken, const limits& lim) {
    if (auto refused = participant_refusal(s, pid, step, "send a photo"))
        return *refused;
    const int si = s.def.step_index(step);
    const auto& d = s.def.steps[static_cast<std::size_t>(si)];
    const auto& st = s.steps[static_cast<std::size_t>(si)];
    if (d.kind != activity_kind::photo)
        return outcome::reject(errc::bad_value, "this step takes no photos");
    const auto& r = st.get<photo::responses>();
    if (!req.upload.empty() && !photo::valid_upload_key(req.upload))
        return outcome::reject(errc::bad_value,
                               "the upload key must be 8 to 64 letters, digits, '-' or '_'");
    // The same upload again (a retry after a dropped connection): the photo it made.
    if (photo::find_upload(r, pid, req.upload))
        return {};
    if (st.ph != phase::open || st.locked)
        return outcome::reject(errc::step_not_open, "this step is not open for photos");
    const std::string caption = given_text(req.caption, text_form::line);
    if (auto e = check_text(caption, static_cast<std::size_t>(d.max_length), "the caption"))
        return outcome::reject(e->code, e->message);
    if (d.options.empty() ? !req.category.empty() : d.option_index(req.category) < 0)
        return outcome::reject(
            errc::bad_value, d.options.empty() ? "this step has no categories: leave out 'category'"
                                               : "choose one of this step's categories");
    const auto mine = r.by.find(pid);
    if (mine != r.by.end() && mine->second.photos.size() >= static_cast<std::size_t>(d.max_photos))
        return outcome::reject(errc::photo_limit, "you sent as many photos as this step takes (" +
                                                      std::to_string(d.max_photos) + ")");
    if (photos_in_session(s) >= lim.max_session_photos)
        return outcome::reject(errc::photo_limit, "this session holds as many photos as it may (" +
                                                      std::to_string(lim.max_session_photos) + ")");
    if (!taken)
        return {}; // the first check, before the bytes are read: all is well so far
    if (!photo::valid_photo_id(taken->id) || taken->width == 0 || taken->height == 0)
        return outcome::reject(errc::internal, "the photo was not taken in");
    outcome o;
    o.events.push_back(ev::photo_added{step, pid, taken->id, caption, req.category, taken->width,
                                       taken->height, req.upload});
    return o;
}

std::size_t photos_in_session(const session_state& s) {
    std::size_t n = 0;
    for (const auto& st : s.steps) {
        if (const auto* p = std::get_if<photo::responses>(&st.answers))
            n += photo::count(*p);
        else if (const auto* c = std::get_if<image_choice::responses>(&st.answers))
            n += c->own.size();
    }
    return n;
}

outcome decide_step_image(const session_state& s, const std::string& step,
                          const std::string& caption, const photo_taken* taken, const limits& lim) {
    if (s.ended)
        return outcome::reject(errc::session_ended, "this session has ended");
    const int si = s.def.step_index(step);
    if (si < 0)
        return outcome::reject(errc::unknown_step, "no step '" + step + "' in this session");
    const auto& d = s.def.steps[static_cast<std::size_t>(si)];
    const auto& st = s.steps[static_cast<std::size_t>(si)];
    const bool plan = d.kind == activity_kind::floor_plan;
    if (!plan && d.kind != activity_kind::image_choice)
        return outcome::reject(errc::bad_value,
                               "only a floor-plan step takes a plan image, and only an "
                               "image-choice step own images");
    std::string alt;
    if (!plan) {
        if (st.ph == phase::closed || st.locked)
            return outcome::reject(errc::step_not_open,
                                   "own images can be added until the step is closed");
        alt = given_text(caption, text_form::line);
        if (auto e = check_text(alt, max_own_caption, "the caption"))
            return outcome::reject(e->code, e->message);
        const auto& r = st.get<image_choice::responses>();
        if (r.own.size() >= max_own_images)
            return outcome::reject(errc::photo_limit,
                                   "this step holds as many own images as it may (" +
                                       std::to_string(max_own_images) + ")");
        if (photos_in_session(s) >= lim.max_session_photos)
            return outcome::reject(errc::photo_limit,
                                   "this session holds as many photos as it may (" +
                                       std::to_string(lim.max_session_photos) + ")");
    }
    if (!taken)
        return {};
    if (!photo::valid_photo_id(taken->id) || taken->width == 0 || taken->height == 0)
        return outcome::reject(errc::internal, "the image was not taken in");
    if (!plan && image_choice::find_own(st.get<image_choice::responses>(), taken->id))
        return outcome::reject(errc::internal, "the image's id is taken");
    outcome o;
    if (plan)
        o.events.push_back(ev::plan_set{step, taken->id, taken->width, taken->height});
    else
        o.events.push_back(ev::image_added{step, taken->id, alt, taken->width, taken->height});
    return o;
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
        auto items = traffic_light::aggregate(ids, st.get<traffic_light::responses>()).items;
        if (d.source_take == "red") {
            items = traffic_light::most_red(std::move(items));
        } else {
            items = traffic_light::most_disputed(std::move(items));
            if (items.size() > 5)
                items.resize(5);
        }
        for (const auto& r : items)
            out.push_back({r.item, src.items[r.index].text});
    } else if (d.source_take == "cards" && src.kind == activity_kind::open_text) {
        for (const auto& c :
             open_text::aggregate(st.get<open_text::responses>(), st.moderation).cards)
            if (!c.hidden)
                out.push_back({c.card, same(c.text)});
    } else if (d.source_take == "cards" && src.kind == activity_kind::inventory) {
        for (const auto& r :
             inventory::aggregate(src, st.get<inventory::responses>(), st.moderation).entries)
            if (!r.hidden)
                out.push_back({r.card, same(r.e.name)});
    } else if (d.source_take == "actions" && src.kind == activity_kind::action_plan) {
        for (const auto& r :
             action_plan::aggregate(st.get<action_plan::responses>(), st.moderation).actions)
            if (!r.hidden)
                out.push_back({r.card, same(action_plan::label(r.a))});
    } else if (d.source_take == "options" &&
               (src.kind == activity_kind::choice || src.kind == activity_kind::dot_vote)) {
        out = vote_options(src, st);
    } else if (d.source_take == "photos" && src.kind == activity_kind::photo) {
        // The approved photos, by their caption (the phones and the projector know them by id).
        std::size_t n = 0;
        for (const auto& p : photo::wall(st.get<photo::responses>(), false)) {
            ++n;
            out.push_back({p.id, p.caption.empty() ? localized{"Foto " + std::to_string(n),
                                                               "Photo " + std::to_string(n)}
                                                   : same(p.caption)});
        }
    }
    if (out.size() > max_source_options)
        out.resize(max_source_options);
    return out;
}

//----------------------------------------------------------------------------------------
// [SECTION] decide: controls (docs/protocol.md, sections 3 and 6)

const char* to_string(control_action a) {
    const auto i = static_cast<std::size_t>(a);
    return i < std::size(control_actions) ? control_actions[i].name : "?";
}

std::optional<control_action> control_action_from_string(std::string_view name) {
    for (const auto& row : control_actions)
        if (name == row.name)
            return row.action;
    return std::nullopt;
}

control_scope scope_of(control_action a) {
    const auto i = static_cast<std::size_t>(a);
    return i < std::size(control_actions) ? control_actions[i].scope : control_scope::session;
}

error unknown_action_error(std::string_view name) {
    return error{errc::bad_value, "unknown action '" + std::string(name.substr(0, 40)) + "'"};
}

namespace {

outcome single(event e) {
    outcome o;
    o.events.push_back(std::move(e));
    return o;
}

outcome need(const char* field) {
    return outcome::reject(errc::bad_message,
                           std::string("this action needs field '") + field + "'");
}

/** The step a control works on (`control.step`), found in the session. */
struct step_at {
    int index;
    const step_def& d;
    const step_state& st;
};

std::optional<step_at> step_of(const session_state& s, const control_command& c) {
    const int si = s.def.step_index(c.step);
    if (si < 0)
        return std::nullopt;
    const auto i = static_cast<std::size_t>(si);
    return step_at{si, s.def.steps[i], s.steps[i]};
}

outcome no_such_step() {
    return outcome::reject(errc::unknown_step, "this session has no such step");
}

/** An action on one step: unknown_step first, then the action's own checks. */
using step_decision = outcome (*)(const session_state&, const control_command&, const step_at&);

outcome on_step(const session_state& s, const control_command& c, step_decision decide) {
    const auto at = step_of(s, c);
    return at ? decide(s, c, *at) : no_such_step();
}

// Steering a step (section 3).

outcome decide_open(const session_state& s, const control_command& c, const step_at& at) {
    if (at.st.locked)
        return outcome::reject(errc::invalid_transition, "this step is locked");
    if (at.st.ph == phase::open)
        return outcome::reject(errc::invalid_transition, "this step is already open");
    outcome o;
    // Opening a step again after the end takes the session up again.
    if (s.ended)
        o.events.push_back(ev::ended_set{false});
    if (at.d.kind == activity_kind::dot_vote && at.d.has_source() &&
        at.st.get<dot_vote::responses>().by.empty()) {
        // Options come from the source's results as they are now. Once someone voted
        // they stay as they are, so a reopen cannot pull options away from under votes.
        auto options = options_from_source(s, at.d);
        if (options.empty())
            return outcome::reject(errc::invalid_transition,
                                   "the source step has nothing to vote on yet");
        if (!at.st.options_fixed || options != at.st.options)
            o.events.push_back(ev::options_set{c.step, std::move(options)});
    }
    if (s.current != at.index)
        o.events.push_back(ev::current_set{c.step});
    o.events.push_back(ev::phase_set{c.step, phase::open});
    return o;
}

outcome decide_close(const session_state&, const control_command& c, const step_at& at) {
    if (at.st.ph != phase::open)
        return outcome::reject(errc::invalid_transition, "only an open step can be closed");
    return single(ev::phase_set{c.step, phase::closed});
}

outcome decide_reveal(const session_state&, const control_command& c, const step_at& at) {
    if (at.st.revealed)
        return outcome::reject(errc::invalid_transition, "the results are already revealed");
    return single(ev::reveal_set{c.step, true});
}

outcome decide_hide(const session_state&, const control_command& c, const step_at& at) {
    if (!at.st.revealed)
        return outcome::reject(errc::invalid_transition, "the results are not revealed");
    return single(ev::reveal_set{c.step, false});
}

outcome decide_goto(const session_state& s, const control_command& c, const step_at& at) {
    if (s.current == at.index)
        return outcome::reject(errc::invalid_transition, "this step is already the current step");
    return single(ev::current_set{c.step});
}

// The cards of open_text, inventory and action_plan steps (section 3).

/** A step's cards as the card actions see them. */
struct card_view {
    std::set<std::string> present;
    const cards::moderation& m;

    bool has(const std::string& card) const { return present.count(card) > 0; }
    bool hidden(const std::string& card) const { return m.hidden.count(card) > 0; }
    /** Merged into a card that is still there. */
    bool merged(const std::string& card) const {
        auto it = m.merged_into.find(card);
        return it != m.merged_into.end() && present.count(it->second) > 0;
    }
};

/** A card action: unknown_step, then bad_value on a step without cards, then its checks. */
using card_decision = outcome (*)(const control_command&, const card_view&);

outcome on_cards(const session_state& s, const control_command& c, card_decision decide) {
    const auto at = step_of(s, c);
    if (!at)
        return no_such_step();
    if (!has_cards(at->d.kind))
        return outcome::reject(errc::bad_value,
                               "only open_text, inventory and action_plan steps have cards");
    return decide(c, card_view{card_ids(at->d, at->st), at->st.moderation});
}

outcome decide_hide_card(const control_command& c, const card_view& v) {
    if (!v.has(c.card))
        return outcome::reject(errc::unknown_item, "this step has no such card");
    if (v.hidden(c.card))
        return outcome::reject(errc::invalid_transition, "this card is already hidden");
    if (v.merged(c.card))
        return outcome::reject(errc::invalid_transition,
                               "this card is merged into another: unmerge it first");
    return single(ev::card_hidden{c.step, c.card, true});
}

outcome decide_show_card(const control_command& c, const card_view& v) {
    if (!v.hidden(c.card)) {
        if (!v.has(c.card))
            return outcome::reject(errc::unknown_item, "this step has no such card");
        return outcome::reject(errc::invalid_transition, "this card is not hidden");
    }
    return single(ev::card_hidden{c.step, c.card, false});
}

outcome decide_merge_cards(const control_command& c, const card_view& v) {
    if (!v.has(c.card))
        return outcome::reject(errc::unknown_item, "this step has no such card");
    if (c.cards.empty())
        return outcome::reject(errc::bad_value, "give the cards to merge in 'cards'");
    if (v.hidden(c.card))
        return outcome::reject(errc::invalid_transition, "the target card is hidden");
    if (v.merged(c.card))
        return outcome::reject(errc::invalid_transition,
                               "the target card is merged into another card");
    for (const auto& x : c.cards) {
        if (x == c.card)
            return outcome::reject(errc::bad_value, "a card cannot be merged into itself");
        if (!v.has(x))
            return outcome::reject(errc::unknown_item, "this step has no such card");
        if (v.hidden(x))
            return outcome::reject(errc::invalid_transition, "a hidden card cannot be merged");
    }
    std::vector<std::string> cards = c.cards;
    std::sort(cards.begin(), cards.end());
    cards.erase(std::unique(cards.begin(), cards.end()), cards.end());
    return single(ev::cards_merged{c.step, c.card, std::move(cards)});
}

outcome decide_unmerge_card(const control_command& c, const card_view& v) {
    std::vector<std::string> cards;
    if (v.m.merged_into.count(c.card)) {
        cards.push_back(c.card);
    } else {
        for (const auto& [card, target] : v.m.merged_into)
            if (target == c.card)
                cards.push_back(card);
    }
    if (cards.empty()) {
        if (!v.has(c.card))
            return outcome::reject(errc::unknown_item, "this step has no such card");
        return outcome::reject(errc::invalid_transition, "this card is not merged");
    }
    return single(ev::cards_unmerged{c.step, std::move(cards)});
}

// The session (sections 3 and 6).

outcome decide_lang(const session_state& s, const control_command& c) {
    if (c.lang != "nl" && c.lang != "en")
        return outcome::reject(errc::bad_value, "lang must be nl or en");
    const lang l = lang_from_string(c.lang);
    return l == s.projector_lang ? outcome{} : single(ev::lang_set{l});
}

outcome decide_pause(const session_state& s, bool on) {
    if (s.paused == on)
        return outcome::reject(errc::invalid_transition,
                               on ? "the session is already paused" : "the session is not paused");
    return single(ev::paused_set{on});
}

/** The end: every open step closes, a running countdown stops, a pause is lifted. */
outcome decide_end(const session_state& s) {
    if (s.ended)
        return outcome::reject(errc::invalid_transition, "the session has already ended");
    outcome o;
    for (std::size_t i = 0; i < s.steps.size() && i < s.def.steps.size(); ++i)
        if (s.steps[i].ph == phase::open)
            o.events.push_back(ev::phase_set{s.def.steps[i].id, phase::closed});
    if (s.timer && !s.timer->ended)
        o.events.push_back(ev::timer_stopped{s.timer->step});
    if (s.paused)
        o.events.push_back(ev::paused_set{false});
    o.events.push_back(ev::ended_set{true});
    return o;
}

outcome decide_page(const session_state&, const control_command& c, const step_at& at) {
    if (!c.page)
        return need("page");
    if (*c.page < 0 || *c.page > max_page)
        return outcome::reject(errc::bad_value, "page must be 0..99");
    const auto p = static_cast<std::uint32_t>(*c.page);
    return p == at.st.page ? outcome{} : single(ev::page_set{c.step, p});
}

outcome decide_follow(const session_state& s, const control_command& c) {
    if (!c.on)
        return need("on");
    return *c.on == s.follow ? outcome{} : single(ev::follow_set{*c.on});
}

outcome decide_min_answers(const session_state& s, const control_command& c) {
    if (!c.min)
        return need("min");
    if (*c.min < 1 || *c.min > max_min_answers)
        return outcome::reject(errc::bad_value, "min must be 1..50");
    const auto k = static_cast<std::uint32_t>(*c.min);
    return k == s.min_answers ? outcome{} : single(ev::min_answers_set{k});
}

outcome decide_compare(const session_state& s, const control_command& c) {
    if (!c.session)
        return need("session");
    if (c.session->empty())
        return s.compare_with.empty() ? outcome{} : single(ev::compare_set{""});
    if (*c.session == s.id)
        return outcome::reject(errc::bad_value, "a session cannot be compared with itself");
    if (!c.other || c.other->id != *c.session)
        return outcome::reject(errc::unknown_session, "no session has this id");
    // Another session's results only for whoever may steer it too: its id alone (which
    // its participants once learnt) is no key.
    if (!c.may_compare)
        return outcome::reject(errc::forbidden,
                               "comparing with another session needs its facilitator secret "
                               "(compare_secret) or the server's admin token");
    if (!same_template(s, *c.other))
        return outcome::reject(errc::bad_value, "only sessions of the same template compare");
    return *c.session == s.compare_with ? outcome{} : single(ev::compare_set{*c.session});
}

/** The participants who wrote a card (every author of equal texts). */
std::vector<participant_id> card_authors(const step_def&, const step_state& st,
                                         const std::string& card) {
    std::vector<participant_id> out;
    std::visit(
        [&](const auto& r) {
            using R = std::decay_t<decltype(r)>;
            if constexpr (!std::is_same_v<R, std::monostate>) {
                if constexpr (R::info.cards) {
                    for (const auto& [pid, a] : r.by) {
                        R one;
                        one.by.emplace(pid, a);
                        if (card_ids(one).count(card))
                            out.push_back(pid);
                    }
                }
            }
        },
        st.answers);
    return out;
}

outcome decide_remove(const session_state& s, const control_command& c) {
    std::vector<participant_id> who;
    if (c.participant) {
        if (*c.participant < 1 ||
            static_cast<std::uint64_t>(*c.participant) > s.participants.size())
            return outcome::reject(errc::bad_value, "this session has no such participant");
        who.push_back(static_cast<participant_id>(*c.participant));
    } else if (!c.card.empty()) {
        const auto at = step_of(s, c);
        if (!at)
            return no_such_step();
        if (!has_cards(at->d.kind))
            return outcome::reject(errc::bad_value,
                                   "only open_text, inventory and action_plan steps have cards");
        who = card_authors(at->d, at->st, c.card);
        if (who.empty())
            return outcome::reject(errc::unknown_item, "this step has no such card");
    } else {
        return need("participant");
    }
    outcome o;
    for (const participant_id pid : who)
        if (!s.participants[pid - 1].removed)
            o.events.push_back(ev::participant_removed{pid, c.discard});
    if (o.events.empty())
        return outcome::reject(errc::invalid_transition, "this device was already removed");
    return o;
}

// Running the room on one step (section 6).

outcome decide_lock(const session_state&, const control_command& c, const step_at& at) {
    if (at.st.locked)
        return outcome::reject(errc::invalid_transition, "this step is already locked");
    if (at.st.ph != phase::closed)
        return outcome::reject(errc::invalid_transition, "only a closed step can be locked");
    return single(ev::step_locked{c.step, true});
}

outcome decide_unlock(const session_state&, const control_command& c, const step_at& at) {
    if (!at.st.locked)
        return outcome::reject(errc::invalid_transition, "this step is not locked");
    return single(ev::step_locked{c.step, false});
}

outcome decide_live(const session_state&, const control_command& c, const step_at& at) {
    if (!c.on)
        return need("on");
    // Live on the projector only, the phones keeping theirs until reveal (herd effects), or
    // on both (the default).
    const bool phones = *c.on && c.phones.value_or(true);
    if (*c.on == at.st.live && phones == at.st.live_phones)
        return outcome{};
    return single(ev::live_set{c.step, *c.on, *c.on ? phones : true});
}

outcome decide_start_timer(const session_state&, const control_command& c, const step_at& at) {
    if (!c.seconds)
        return need("seconds");
    if (*c.seconds < min_timer_seconds || *c.seconds > max_timer_seconds)
        return outcome::reject(errc::bad_value, "seconds must be 5..3600");
    if (at.st.ph != phase::open || at.st.locked)
        return outcome::reject(errc::invalid_transition, "a timer runs on an open step");
    return single(ev::timer_started{c.step, c.now_ms, c.now_ms + *c.seconds * 1000, c.close});
}

outcome decide_stop_timer(const session_state& s, const control_command& c, const step_at&) {
    if (!s.timer || s.timer->ended || s.timer->step != c.step)
        return outcome::reject(errc::invalid_transition, "no timer runs on this step");
    return single(ev::timer_stopped{c.step});
}

outcome decide_bring_here(const session_state& s, const control_command& c, const step_at& at) {
    outcome o;
    if (s.current != at.index)
        o.events.push_back(ev::current_set{c.step});
    if (!s.follow)
        o.events.push_back(ev::follow_set{true});
    return o;
}

/** The values a tally may count for this step, or an error naming the wrong one. */
std::optional<std::string> bad_tally_value(const step_def& d, const step_state& st,
                                           const std::string& value) {
    bool ok = false;
    with_kind(d.kind, [&]<class R>(std::type_identity<R>) {
        if constexpr (R::info.paper)
            ok = R::counts_on_paper(d, vote_options(d, st), value);
    });
    if (ok)
        return std::nullopt;
    return "this step does not count '" + value.substr(0, 40) + "'";
}

outcome decide_tally(const session_state&, const control_command& c, const step_at& at) {
    const step_def& d = at.d;
    const step_state& st = at.st;
    const bool countable = d.kind == activity_kind::traffic_light ||
                           d.kind == activity_kind::scale || d.kind == activity_kind::choice ||
                           d.kind == activity_kind::dot_vote;
    if (!countable)
        return outcome::reject(errc::bad_value,
                               "paper answers are counted for traffic_light, scale, choice and "
                               "dot_vote steps");
    if (has_items(d.kind) ? d.item_index(c.item) < 0 : !c.item.empty())
        return outcome::reject(errc::unknown_item, "this step has no such statement");
    std::map<std::string, std::uint32_t> counts;
    for (const auto& [value, n] : c.counts) {
        if (auto bad = bad_tally_value(d, st, value))
            return outcome::reject(errc::bad_value, *bad);
        if (n < 0 || n > max_tally)
            return outcome::reject(errc::bad_value, "a count must be 0..10000");
        if (n > 0)
            counts[value] = static_cast<std::uint32_t>(n);
    }
    if (st.locked)
        return outcome::reject(errc::invalid_transition, "this step is locked");
    return single(ev::tally_set{c.step, c.item, std::move(counts)});
}

outcome decide_note(const session_state&, const control_command& c, const step_at& at) {
    if (!c.text)
        return need("text");
    // Stored with its lines (docs/protocol.md, section 3); the limit counts the stored text.
    std::string text = given_text(*c.text, text_form::multiline);
    const auto n = utf8_length(text);
    if (!n)
        return outcome::reject(errc::bad_value, "the note is not valid UTF-8");
    if (*n > max_note_chars)
        return outcome::reject(errc::text_too_long, "a note has at most 4000 characters");
    return text == at.st.note ? outcome{} : single(ev::note_set{c.step, std::move(text)});
}

// Practice sessions (section 6).

/**
 * simulate: the simulated participants join (those not there yet), then each answers the
 * step as answers_for says, through decide_response like any phone's answer.
 */
outcome decide_simulate(const session_state& s, const control_command& c) {
    // unknown_step first, as for every action on one step.
    const auto at = step_of(s, c);
    if (!at)
        return no_such_step();
    if (!s.practice)
        return outcome::reject(errc::forbidden,
                               "only a practice session has simulated participants");
    auto n = static_cast<std::int64_t>(practice::default_participants);
    if (c.participants) {
        if (*c.participants < 1 ||
            *c.participants > static_cast<std::int64_t>(practice::max_participants))
            return outcome::reject(errc::bad_value, "participants must be 1..40");
        n = *c.participants;
    }
    if (s.paused)
        return outcome::reject(errc::invalid_transition, "the session is paused");
    if (at->st.ph != phase::open || at->st.locked)
        return outcome::reject(errc::invalid_transition,
                               "simulated participants answer an open step only");
    const limits lim = c.lim ? *c.lim : limits{};
    // Decided one after the other on a copy, so each answer sees the joins before it.
    session_state sim = s;
    outcome o;
    const auto take = [&](const outcome& one) {
        for (const auto& e : one.events) {
            apply(sim, e);
            o.events.push_back(e);
        }
    };
    const auto count = static_cast<std::size_t>(n);
    for (std::size_t k = 1; k <= count; ++k) {
        const std::string hash = practice::simulated_token_hash(k);
        if (sim.find_by_token_hash(hash))
            continue;
        outcome joined = decide_join(sim, hash, practice::simulated_name(k, s.projector_lang), lim);
        if (!joined.ok())
            return joined; // room_full
        take(joined);
    }
    const std::vector<option_def> options = vote_options(at->d, at->st);
    for (std::size_t k = 1; k <= count; ++k) {
        const participant* p = sim.find_by_token_hash(practice::simulated_token_hash(k));
        if (!p || p->removed)
            continue; // the facilitator removed this one: it answers no more
        const participant_id pid = p->id;
        for (const auto& a : practice::answers_for(at->d, options, k - 1, s.projector_lang)) {
            outcome r = decide_response(sim, pid, c.step, a.item, a.value, a.comment, lim);
            // A server with a lower --max-text than a sample comment: the answer without it.
            if (!r.ok() && !a.comment.empty())
                r = decide_response(sim, pid, c.step, a.item, a.value, "", lim);
            if (r.ok())
                take(r);
        }
    }
    return o;
}

// The photos of a photo step: approve, hide, delete (section 3).

/** A photo action: unknown_step, bad_value on a step without photos, unknown_item. */
outcome on_photo(const session_state& s, const control_command& c, const char* to) {
    const auto at = step_of(s, c);
    if (!at)
        return no_such_step();
    if (at->d.kind == activity_kind::image_choice && std::string_view(to) == "deleted") {
        if (!image_choice::find_own(at->st.get<image_choice::responses>(), c.card))
            return outcome::reject(errc::unknown_item, "this step has no such own image");
        return single(ev::photo_set{c.step, c.card, to});
    }
    if (at->d.kind != activity_kind::photo)
        return outcome::reject(errc::bad_value, "only photo steps have photos");
    const photo::entry* e = photo::find(at->st.get<photo::responses>(), c.card);
    if (!e)
        return outcome::reject(errc::unknown_item, "this step has no such photo");
    if (std::string_view(to) == photo::to_string(e->st))
        return outcome::reject(errc::invalid_transition,
                               std::string("this photo is already ") + to);
    return single(ev::photo_set{c.step, c.card, to});
}

} // namespace

outcome decide_timer_end(const session_state& s, std::int64_t now_ms) {
    if (!s.timer || s.timer->ended || now_ms < s.timer->ends_at)
        return {};
    outcome o;
    o.events.push_back(ev::timer_ended{s.timer->step});
    const int si = s.def.step_index(s.timer->step);
    if (s.timer->close_at_end && si >= 0 && s.steps[static_cast<std::size_t>(si)].ph == phase::open)
        o.events.push_back(ev::phase_set{s.timer->step, phase::closed});
    return o;
}

outcome decide_control(const session_state& s, const control_command& c) {
    // Every action, no default: a new control_action is a -Wswitch warning here.
    switch (c.action) {
    case control_action::open:
        return on_step(s, c, decide_open);
    case control_action::close:
        return on_step(s, c, decide_close);
    case control_action::reveal:
        return on_step(s, c, decide_reveal);
    case control_action::hide:
        return on_step(s, c, decide_hide);
    case control_action::go_to:
        return on_step(s, c, decide_goto);
    case control_action::hide_card:
        return on_cards(s, c, decide_hide_card);
    case control_action::show_card:
        return on_cards(s, c, decide_show_card);
    case control_action::merge_cards:
        return on_cards(s, c, decide_merge_cards);
    case control_action::unmerge_card:
        return on_cards(s, c, decide_unmerge_card);
    case control_action::set_lang:
        return decide_lang(s, c);
    case control_action::lock:
        return on_step(s, c, decide_lock);
    case control_action::unlock:
        return on_step(s, c, decide_unlock);
    case control_action::set_live:
        return on_step(s, c, decide_live);
    case control_action::start_timer:
        return on_step(s, c, decide_start_timer);
    case control_action::stop_timer:
        return on_step(s, c, decide_stop_timer);
    case control_action::bring_here:
        return on_step(s, c, decide_bring_here);
    case control_action::set_tally:
        return on_step(s, c, decide_tally);
    case control_action::set_note:
        return on_step(s, c, decide_note);
    case control_action::set_follow:
        return decide_follow(s, c);
    case control_action::pause:
        return decide_pause(s, true);
    case control_action::resume:
        return decide_pause(s, false);
    case control_action::remove_participant:
        return decide_remove(s, c);
    case control_action::set_min_answers:
        return decide_min_answers(s, c);
    case control_action::set_compare:
        return decide_compare(s, c);
    case control_action::end_session:
        return decide_end(s);
    case control_action::set_page:
        return on_step(s, c, decide_page);
    case control_action::simulate:
        return decide_simulate(s, c);
    case control_action::approve_photo:
        return on_photo(s, c, "approved");
    case control_action::hide_photo:
        return on_photo(s, c, "hidden");
    case control_action::delete_photo:
        return on_photo(s, c, "deleted");
    }
    // Only a value outside the enum (a bad cast) gets here.
    error e = unknown_action_error(std::to_string(static_cast<int>(c.action)));
    return outcome::reject(e.code, std::move(e.message));
}

outcome decide_control(const session_state& s, const std::string& action, const std::string& step) {
    const auto a = control_action_from_string(action);
    if (!a) {
        error e = unknown_action_error(action);
        return outcome::reject(e.code, std::move(e.message));
    }
    control_command c;
    c.action = *a;
    c.step = step;
    return decide_control(s, c);
}

} // namespace kring
