#include "kring/reducer.hpp"

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
    if (e.pid != s.participants.size() + 1) return;
    s.participants.push_back(participant{e.pid, e.token_hash, e.name});
    s.by_token[e.token_hash] = e.pid;
}

void apply_one(session_state& s, const ev::answer_set& e) {
    const int si = s.def.step_index(e.step);
    if (si < 0) return;
    const auto& def = s.def.steps[static_cast<std::size_t>(si)];
    const int ii = def.item_index(e.item);
    if (ii < 0) return;
    s.steps[static_cast<std::size_t>(si)].answers.set(e.pid, static_cast<std::size_t>(ii),
                                                      def.items.size(), {e.value, e.comment});
}

void apply_one(session_state& s, const ev::phase_set& e) {
    const int si = s.def.step_index(e.step);
    if (si < 0) return;
    s.steps[static_cast<std::size_t>(si)].ph = e.to;
}

void apply_one(session_state& s, const ev::reveal_set& e) {
    const int si = s.def.step_index(e.step);
    if (si < 0) return;
    s.steps[static_cast<std::size_t>(si)].revealed = e.revealed;
}

void apply_one(session_state& s, const ev::current_set& e) { s.current = s.def.step_index(e.step); }

} // namespace

void apply(session_state& s, const event& e) {
    std::visit([&s](const auto& x) { apply_one(s, x); }, e);
    ++s.rev;
}

session_state fold(const std::vector<event>& history) {
    session_state s;
    for (const auto& e : history) apply(s, e);
    return s;
}

//----------------------------------------------------------------------------------------
// [SECTION] decide: commands to events

std::optional<std::size_t> utf8_length(const std::string& s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size()) return std::nullopt;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return std::nullopt;
        // Reject overlong forms and surrogates, as a strict decoder would.
        if (len == 2 && c < 0xC2) return std::nullopt;
        if (len == 3) {
            const auto c1 = static_cast<unsigned char>(s[i + 1]);
            if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return std::nullopt;
        }
        if (len == 4) {
            const auto c1 = static_cast<unsigned char>(s[i + 1]);
            if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return std::nullopt;
        }
        i += len;
        ++n;
    }
    return n;
}

namespace {

std::optional<error> check_text(const std::string& text, std::size_t max, const char* what) {
    const auto n = utf8_length(text);
    if (!n) return error{errc::bad_value, std::string(what) + " is not valid UTF-8"};
    if (*n > max)
        return error{errc::text_too_long,
                     std::string(what) + " is longer than " + std::to_string(max) + " characters"};
    return std::nullopt;
}

} // namespace

outcome decide_join(const session_state& s, const std::string& token_hash, const std::string& name,
                    const limits& lim) {
    if (s.find_by_token_hash(token_hash)) return {};
    if (auto e = check_text(name, lim.max_name, "the name")) return outcome::reject(e->code, e->message);
    if (s.participants.size() >= lim.max_participants)
        return outcome::reject(errc::room_full, "this session has reached its participant limit");
    outcome o;
    o.events.push_back(ev::participant_joined{
        static_cast<participant_id>(s.participants.size() + 1), token_hash, name});
    return o;
}

outcome decide_answer(const session_state& s, participant_id pid, const std::string& step,
                      const std::string& item, const std::string& value,
                      const std::string& comment, const limits& lim) {
    if (pid == 0 || pid > s.participants.size())
        return outcome::reject(errc::forbidden, "only a participant of this session can answer");
    const int si = s.def.step_index(step);
    if (si < 0) return outcome::reject(errc::unknown_step, "this session has no such step");
    const auto& def = s.def.steps[static_cast<std::size_t>(si)];
    if (def.item_index(item) < 0) return outcome::reject(errc::unknown_item, "this step has no such statement");
    const auto v = traffic_light::light_from_string(value);
    if (!v) return outcome::reject(errc::bad_value, "value must be green, orange, red or pass");
    if (auto e = check_text(comment, lim.max_text, "the comment")) return outcome::reject(e->code, e->message);
    if (s.steps[static_cast<std::size_t>(si)].ph != phase::open)
        return outcome::reject(errc::step_not_open, "this step is not open for answers");
    outcome o;
    o.events.push_back(ev::answer_set{pid, step, item, *v, comment});
    return o;
}

outcome decide_control(const session_state& s, const std::string& action, const std::string& step) {
    const int si = s.def.step_index(step);
    if (action != "open" && action != "close" && action != "reveal" && action != "hide" && action != "goto")
        return outcome::reject(errc::bad_value, "action must be open, close, reveal, hide or goto");
    if (si < 0) return outcome::reject(errc::unknown_step, "this session has no such step");
    const step_state& st = s.steps[static_cast<std::size_t>(si)];
    outcome o;
    auto make_current = [&] {
        if (s.current != si) o.events.push_back(ev::current_set{step});
    };
    if (action == "open") {
        if (st.ph == phase::open) return outcome::reject(errc::invalid_transition, "this step is already open");
        make_current();
        o.events.push_back(ev::phase_set{step, phase::open});
    } else if (action == "close") {
        if (st.ph != phase::open) return outcome::reject(errc::invalid_transition, "only an open step can be closed");
        o.events.push_back(ev::phase_set{step, phase::closed});
    } else if (action == "reveal") {
        if (st.revealed) return outcome::reject(errc::invalid_transition, "the results are already revealed");
        o.events.push_back(ev::reveal_set{step, true});
    } else if (action == "hide") {
        if (!st.revealed) return outcome::reject(errc::invalid_transition, "the results are not revealed");
        o.events.push_back(ev::reveal_set{step, false});
    } else { // goto
        if (s.current == si) return outcome::reject(errc::invalid_transition, "this step is already the current step");
        make_current();
    }
    return o;
}

} // namespace kring
