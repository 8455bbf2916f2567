#include "room.hpp"

#include "member.hpp"
#include "scheduler.hpp"
#include "security.hpp"

#include "kring/views.hpp"

#include <algorithm>

namespace kring::server {

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

namespace {

/** A cached view with a running timer is made again after this long, so `now` stays true. */
constexpr std::int64_t max_view_age_ms = 1000;

const participant_id* new_participant(const std::vector<event>& events) {
    for (const auto& e : events) {
        if (const auto* j = std::get_if<ev::participant_joined>(&e))
            return &j->pid;
    }
    return nullptr;
}

/** `secret` is the facilitator secret of `s` (compared in constant time). */
bool opens(const session_state& s, const std::string& secret) {
    return !secret.empty() && constant_time_equal(credential_hash(secret), s.secret_hash);
}

} // namespace

//------------------------------------------------------------------------------

room::room(room_services& svc, session_state restored)
    : svc_(svc), session_id_(restored.id), join_code_(restored.join_code),
      committed_(std::move(restored)) {
    speculative_ = committed_;
    practice_.store(committed_.practice, std::memory_order_release);
    live_.store(true, std::memory_order_release);
}

room::room(room_services& svc, std::string session_id, std::string join_code)
    : svc_(svc), session_id_(std::move(session_id)), join_code_(std::move(join_code)) {}

std::size_t room::slot(role r) {
    switch (r) {
    case role::participant:
        return 0;
    case role::projector:
        return 1;
    default:
        return 2;
    }
}

std::uint32_t room::online_locked() const {
    return static_cast<std::uint32_t>(members_[slot(role::participant)].size());
}

session_state room::committed() const {
    std::lock_guard lock(mutex_);
    return committed_;
}

std::uint64_t room::committed_rev() const {
    std::lock_guard lock(mutex_);
    return committed_.rev;
}

std::vector<std::shared_ptr<member>> room::shut() {
    // The broadcast lock first (the lock order): a broadcast still queuing its views ends
    // before the members are handed out, and none queues after (they are gone from members_,
    // and the rest of a participants' wave is dropped). What the caller tells them (an
    // eviction's error) is then the last thing they get from this room.
    std::lock_guard sending(broadcast_mutex_);
    ++participant_wave_;
    std::lock_guard lock(mutex_);
    live_.store(false, std::memory_order_release);
    std::vector<std::shared_ptr<member>> out;
    for (auto& members : members_) {
        for (auto& [ptr, weak] : members)
            if (auto c = weak.lock())
                out.push_back(std::move(c));
        members.clear();
    }
    return out;
}

//------------------------------------------------------------------------------
// [SECTION] The path of a change: decide -> store -> apply -> ack

void room::submit_locked(std::vector<event> events, after_store then,
                         std::vector<std::pair<std::string, std::string>> photos,
                         std::vector<std::string> photos_gone) {
    // Decided against speculative_, so it goes there at once: the next decision sees it.
    store::batch b;
    b.session_id = session_id_;
    b.photos = std::move(photos);
    b.photos_gone = std::move(photos_gone);
    b.events.reserve(events.size());
    for (const auto& e : events) {
        kring::apply(speculative_, e);
        b.events.push_back(event_to_json(e));
    }
    // An empty batch (a command that changed nothing) still goes through the store: its
    // completion then comes after every earlier batch of this room is durable, so the ack
    // never overtakes an answer it depends on.
    const std::uint64_t number = ++submitted_;
    b.done = [self = shared_from_this(), number, events = std::move(events),
              then = std::move(then)](bool durable) {
        self->on_stored(number, events, durable, then);
    };
    // Appending while holding the room lock is what makes store order == decision order.
    svc_.st.append(std::move(b));
}

void room::on_stored(std::uint64_t number, const std::vector<event>& events, bool durable,
                     const after_store& then) {
    std::vector<store::completion> discarded;
    bool abandoned = false;
    {
        std::lock_guard lock(mutex_);
        if (durable) {
            // A participant's photos changed: their `mine` (its status) goes to their phone.
            std::set<participant_id> photo_owners;
            for (const auto& e : events) {
                if (const auto* added = std::get_if<ev::photo_added>(&e))
                    photo_owners.insert(added->pid);
                else if (const auto* set = std::get_if<ev::photo_set>(&e))
                    for (participant_id p : photo_owners_locked(set->step, set->id))
                        photo_owners.insert(p);
                kring::apply(committed_, e);
                // Only answers leave what a phone shows in place (its counters and results
                // change): anything else may change it.
                if (!std::holds_alternative<ev::answer_set>(e) &&
                    !std::holds_alternative<ev::response_set>(e))
                    layout_events_ = true;
                if (std::holds_alternative<ev::participant_joined>(e) ||
                    std::holds_alternative<ev::participant_removed>(e))
                    ++devices_version_;
            }
            if (!events.empty())
                mark_dirty_locked();
            for (participant_id pid : photo_owners)
                send_mine_locked(pid);
            then(true);
        } else if (number <= failed_through_) {
            // Already undone by an earlier failure (same transaction, or discarded by it).
            then(false);
        } else {
            // Everything submitted after this batch was decided on top of it: drop what is
            // still queued, and let what is in the same failed transaction fail with it;
            // then forget the speculation. Batches submitted from now on are decided on
            // committed_ again and are unaffected.
            discarded = svc_.st.discard_queued(session_id_);
            failed_through_ = submitted_;
            speculative_ = committed_;
            then(false);
            abandoned = !live();
        }
    }
    // Without our lock: each takes it again and reports store_unavailable to its sender.
    for (auto& done : discarded) {
        if (done)
            done(false);
    }
    if (abandoned && svc_.forget)
        svc_.forget(join_code_);
}

void room::start_create(const std::shared_ptr<member>& creator, protocol::seq_t seq,
                        ev::session_created created, std::string secret) {
    std::lock_guard lock(mutex_);
    created.min_answers = svc_.lim.min_answers;
    practice_.store(created.practice, std::memory_order_release);
    std::vector<event> events{std::move(created)};
    submit_locked(
        std::move(events), [this, creator, seq, secret = std::move(secret)](bool durable) {
            if (!durable) {
                creator->join_failed();
                creator->send_error(seq, errc::store_unavailable,
                                    "the session could not be stored; nothing was created");
                return;
            }
            live_.store(true, std::memory_order_release);
            // Bound before session_created goes out, so that a control sent the moment the
            // creator reads it finds the connection already the facilitator.
            admit_locked(creator, std::nullopt, role::facilitator, 0, {},
                         protocol::make_session_created(seq, committed_, secret));
        });
}

//------------------------------------------------------------------------------
// [SECTION] Joining

void room::admit_locked(const std::shared_ptr<member>& c, protocol::seq_t seq, role r,
                        participant_id pid, const std::string& token, std::string first) {
    // The connection may have closed while its join was being stored.
    if (!c->bind(shared_from_this(), r, pid, token))
        return;
    if (!first.empty())
        c->send(std::move(first));
    members_[slot(r)].emplace(c.get(), c);
    if (r == role::participant) {
        ++devices_version_;
        mark_dirty_locked(); // `online` changed for everyone
    }
    send_snapshot_locked(c, seq, r, pid, token);
}

std::string room::join_url() const {
    return svc_.public_url.empty() ? std::string()
                                   : protocol::join_url(svc_.public_url, join_code_);
}

void room::send_snapshot_locked(const std::shared_ptr<member>& c, protocol::seq_t seq, role r,
                                participant_id pid, const std::string& token) {
    // Queued under the lock, so a broadcast view can never overtake the welcome.
    // Each of these replaces one of its kind still waiting for this connection (a client
    // that sends `sync` again and again without reading holds one snapshot, not hundreds).
    // A projector's "token" is its key for the approved photos (docs/protocol.md, section 7).
    const std::string key =
        r == role::projector ? projector_photo_key(committed_.secret_hash) : token;
    c->send_latest(protocol::make_welcome(seq, committed_, r, pid, key, join_url(), svc_.rules),
                   message_kind::welcome);
    if (r == role::participant)
        c->send_latest(protocol::make_mine(committed_, pid), message_kind::mine);
    // The device list before the view: a view queued behind it may still be replaced by a
    // newer one, which then comes later, never before the list. No list while it is empty.
    if (r == role::facilitator && !committed_.participants.empty())
        c->send_latest(devices_locked(), message_kind::devices);
    c->send_view(view_locked(r));
    if (r == role::participant)
        fresh_.insert(c.get()); // its next participants' view is whole (see fresh_)
}

void room::join_participant(const std::shared_ptr<member>& c, protocol::seq_t seq,
                            const std::string& token, const std::string& token_hash,
                            const std::string& name, std::string new_token,
                            const std::string& new_token_hash) {
    std::lock_guard lock(mutex_);
    if (!token_hash.empty()) {
        // Only committed_: a token is handed out after its join is durable, so a token
        // known only to speculative_ cannot have been seen by anyone.
        if (const participant* p = committed_.find_by_token_hash(token_hash)) {
            if (p->removed) {
                c->join_failed();
                c->send_error(seq, errc::removed, "this device was removed from the session");
                return;
            }
            admit_locked(c, seq, role::participant, p->id, token);
            return;
        }
    }
    outcome o = decide_join(speculative_, new_token_hash, name, svc_.lim);
    const participant_id* pid = o.ok() ? new_participant(o.events) : nullptr;
    if (!o.ok() || !pid) {
        c->join_failed();
        c->send_error(seq, o.rejected ? *o.rejected
                                      : error{errc::internal, "could not make a participant"});
        return;
    }
    const participant_id id = *pid;
    submit_locked(std::move(o.events),
                  [this, c, seq, id, new_token = std::move(new_token)](bool durable) {
                      if (!durable) {
                          c->join_failed();
                          c->send_error(seq, errc::store_unavailable,
                                        "the join could not be stored; please try again");
                          return;
                      }
                      admit_locked(c, seq, role::participant, id, new_token);
                  });
}

void room::join_facilitator(const std::shared_ptr<member>& c, protocol::seq_t seq,
                            const std::string& secret_hash) {
    refresh_compare();
    std::lock_guard lock(mutex_);
    if (!live() || !constant_time_equal(secret_hash, committed_.secret_hash)) {
        c->join_failed();
        c->send_error(seq, errc::forbidden, "the facilitator secret is not right");
        return;
    }
    admit_locked(c, seq, role::facilitator, 0, {});
}

void room::join_projector(const std::shared_ptr<member>& c, protocol::seq_t seq) {
    refresh_compare();
    std::lock_guard lock(mutex_);
    admit_locked(c, seq, role::projector, 0, {});
}

//------------------------------------------------------------------------------
// [SECTION] Answers and controls

void room::answer(const std::shared_ptr<member>& c, participant_id pid, const protocol::answer& m) {
    std::lock_guard lock(mutex_);
    outcome o = decide_response(speculative_, pid, m.step, m.item, m.value, m.comment, svc_.lim);
    if (!o.ok()) {
        c->send_error(m.seq, *o.rejected);
        return;
    }
    const protocol::seq_t seq = m.seq;
    submit_locked(std::move(o.events), [this, c, seq](bool durable) {
        if (durable)
            c->send(protocol::make_ack(seq, committed_.rev));
        else
            c->send_error(seq, errc::store_unavailable,
                          "the answer could not be stored; nothing was changed");
    });
}

void room::control(const std::shared_ptr<member>& c, const protocol::control& m) {
    control_command cmd = protocol::to_command(m);
    cmd.now_ms = now_ms();
    // The other session is looked up before our lock is taken: it takes that room's lock.
    std::shared_ptr<const session_state> other;
    if (m.action == control_action::set_compare && m.session && !m.session->empty() &&
        *m.session != session_id_ && svc_.find_session) {
        if (auto found = svc_.find_session(*m.session))
            other = std::make_shared<const session_state>(std::move(*found));
    }
    cmd.other = other.get();
    // Only a session the sender may steer too: an admin may steer every session, anyone
    // else proves it with that session's facilitator secret.
    cmd.may_compare =
        other && (opens(*other, m.compare_secret) || c->admin_sees(m.admin_token, *other));
    cmd.lim = &svc_.lim;
    std::lock_guard lock(mutex_);
    outcome o = decide_control(speculative_, cmd);
    if (!o.ok()) {
        c->send_error(m.seq, *o.rejected);
        return;
    }
    const bool timer_started = std::any_of(o.events.begin(), o.events.end(), [](const event& e) {
        return std::holds_alternative<ev::timer_started>(e);
    });
    const protocol::seq_t seq = m.seq;
    std::vector<event> events = o.events;
    // A photo deleted for good takes its bytes along, in the same transaction; so do the
    // photos of a device removed with its answers.
    std::vector<std::string> photos_gone;
    for (const auto& e : events) {
        if (const auto* x = std::get_if<ev::photo_set>(&e); x && x->to == "deleted")
            photos_gone.push_back(x->id);
        if (const auto* x = std::get_if<ev::participant_removed>(&e); x && x->discard)
            for (const auto& st : speculative_.steps)
                if (const auto* r = std::get_if<photo::responses>(&st.answers))
                    if (const auto it = r->by.find(x->pid); it != r->by.end())
                        for (const auto& p : it->second.photos)
                            photos_gone.push_back(p.id);
    }
    submit_locked(
        std::move(o.events),
        [this, c, seq, events, other](bool durable) {
            if (!durable) {
                c->send_error(seq, errc::store_unavailable,
                              "the change could not be stored; nothing was changed");
                return;
            }
            if (other && other->id == committed_.compare_with) {
                compare_state_ = other;
                ++compare_version_;
            }
            evict_removed_locked(events);
            c->send(protocol::make_ack(seq, committed_.rev));
            // A practice session that ended is deleted, once everyone has the ended view.
            const bool ended = std::any_of(events.begin(), events.end(), [](const event& e) {
                const auto* x = std::get_if<ev::ended_set>(&e);
                return x && x->on;
            });
            if (ended && committed_.practice)
                svc_.timers.after(std::chrono::milliseconds(0),
                                  [self = shared_from_this()] { self->finish_practice(); });
        },
        {}, std::move(photos_gone));
    if (timer_started)
        schedule_timer_locked();
}

//------------------------------------------------------------------------------
// Photos

participant_id room::participant_of_token(std::string_view token) const {
    if (token.empty())
        return 0;
    const std::string hash = credential_hash(token);
    std::lock_guard lock(mutex_);
    const participant* p = committed_.find_by_token_hash(hash);
    return p ? p->id : 0;
}

bool room::facilitator_key(std::string_view key) const {
    std::lock_guard lock(mutex_);
    return !key.empty() && constant_time_equal(credential_hash(key), committed_.secret_hash);
}

std::string room::organisation() const {
    std::lock_guard lock(mutex_);
    return committed_.org;
}

bool room::projector_key(std::string_view key) const {
    std::lock_guard lock(mutex_);
    return !key.empty() && constant_time_equal(key, projector_photo_key(committed_.secret_hash));
}

std::optional<error> room::check_photo(participant_id pid, const std::string& step,
                                       const photo::request& req,
                                       std::optional<photo::entry>* earlier) const {
    std::lock_guard lock(mutex_);
    const outcome o = decide_photo(speculative_, pid, step, req, nullptr, svc_.lim);
    if (!o.ok())
        return o.rejected;
    const int si = speculative_.def.step_index(step);
    if (earlier && si >= 0)
        if (const auto* e = photo::find_upload(
                speculative_.steps[static_cast<std::size_t>(si)].get<photo::responses>(), pid,
                req.upload))
            *earlier = *e;
    return std::nullopt;
}

void room::add_photo(participant_id pid, const std::string& step, const photo::request& req,
                     const photo_taken& taken, std::string jpeg,
                     std::function<void(const photo_outcome&)> done) {
    std::lock_guard lock(mutex_);
    outcome o = decide_photo(speculative_, pid, step, req, &taken, svc_.lim);
    if (!o.ok()) {
        done(photo_outcome{o.rejected, {}, false});
        return;
    }
    const int si = speculative_.def.step_index(step);
    if (o.events.empty()) {
        // The same upload key again: the photo it made (decide_photo found it).
        photo_outcome same;
        same.repeated = true;
        if (const auto* e = photo::find_upload(
                speculative_.steps[static_cast<std::size_t>(si)].get<photo::responses>(), pid,
                req.upload))
            same.photo = *e;
        done(same);
        return;
    }
    std::vector<std::pair<std::string, std::string>> photos;
    photos.emplace_back(taken.id, std::move(jpeg));
    submit_locked(
        std::move(o.events),
        [this, step, id = taken.id, done = std::move(done)](bool durable) {
            photo_outcome out;
            const int at = committed_.def.step_index(step);
            const photo::entry* e =
                durable && at >= 0
                    ? photo::find(
                          committed_.steps[static_cast<std::size_t>(at)].get<photo::responses>(),
                          id)
                    : nullptr;
            if (e)
                out.photo = *e;
            else
                out.err = error{errc::store_unavailable,
                                "the photo could not be stored; nothing was kept"};
            done(out);
        },
        std::move(photos));
}

std::optional<error> room::check_image(const std::string& step, const std::string& caption) const {
    std::lock_guard lock(mutex_);
    const outcome o = decide_step_image(speculative_, step, caption, nullptr, svc_.lim);
    return o.ok() ? std::nullopt : o.rejected;
}

void room::set_image(const std::string& step, const std::string& caption, const photo_taken& taken,
                     std::string jpeg,
                     std::function<void(const std::optional<error>&, bool plan)> done) {
    std::lock_guard lock(mutex_);
    outcome o = decide_step_image(speculative_, step, caption, &taken, svc_.lim);
    if (!o.ok()) {
        done(o.rejected, false);
        return;
    }
    const bool plan = !o.events.empty() && std::holds_alternative<ev::plan_set>(o.events[0]);
    std::vector<std::string> gone;
    const int si = speculative_.def.step_index(step);
    if (const auto& old = speculative_.steps[static_cast<std::size_t>(si)].plan; !old.id.empty())
        gone.push_back(old.id);
    std::vector<std::pair<std::string, std::string>> photos;
    photos.emplace_back(taken.id, std::move(jpeg));
    submit_locked(
        std::move(o.events),
        [done = std::move(done), plan](bool durable) {
            if (durable)
                done(std::nullopt, plan);
            else
                done(error{errc::store_unavailable,
                           "the image could not be stored; nothing was kept"},
                     plan);
        },
        std::move(photos), std::move(gone));
}

bool room::may_see_photo(photo_viewer who, participant_id pid, std::string_view id) const {
    std::lock_guard lock(mutex_);
    // A floor plan's image, or an image choice's own image: everyone of the session draws it
    // (a participant not removed).
    for (const auto& st : committed_.steps)
        if ((!st.plan.id.empty() && st.plan.id == id) ||
            (std::holds_alternative<image_choice::responses>(st.answers) &&
             image_choice::find_own(std::get<image_choice::responses>(st.answers), id)))
            return who != photo_viewer::participant ||
                   (pid > 0 && pid <= committed_.participants.size() &&
                    !committed_.participants[pid - 1].removed);
    for (std::size_t i = 0; i < committed_.steps.size() && i < committed_.def.steps.size(); ++i) {
        const auto* r = std::get_if<photo::responses>(&committed_.steps[i].answers);
        if (!r)
            continue;
        participant_id owner = 0;
        const photo::entry* e = photo::find(*r, id, &owner);
        if (!e)
            continue;
        if (who == photo_viewer::facilitator)
            return true;
        if (who == photo_viewer::participant && (pid == 0 || pid > committed_.participants.size() ||
                                                 committed_.participants[pid - 1].removed))
            return false;
        if (who == photo_viewer::participant && owner == pid)
            return true;
        // Approved, and the step's result reaches this screen (views.cpp, make_view), above
        // the session's threshold.
        const step_state& st = committed_.steps[i];
        const bool shown =
            st.revealed || (st.live && (who == photo_viewer::projector || st.live_phones));
        return e->st == photo::status::approved && shown &&
               !withheld(committed_.def.steps[i], st, committed_.min_answers);
    }
    return false;
}

void room::finish_practice() {
    {
        // The broadcast lock first (the lock order): no older view being queued by a
        // broadcast can then overtake the ended view and replace it in a connection's queue.
        std::lock_guard sending(broadcast_mutex_);
        ++participant_wave_; // a slice of an older participants' view still due is dropped
        std::lock_guard lock(mutex_);
        if (!live())
            return;
        for (role r : {role::participant, role::projector, role::facilitator}) {
            if (members_[slot(r)].empty())
                continue;
            const auto text = view_locked(r);
            for (const auto& [ptr, weak] : members_[slot(r)])
                if (auto c = weak.lock())
                    c->send_view(text);
        }
    }
    // Each connection now has the ended view queued before the deletion's session_ended.
    if (svc_.delete_session)
        svc_.delete_session(session_id_);
}

std::vector<participant_id> room::photo_owners_locked(const std::string& step,
                                                      const std::string& id) const {
    const int si = committed_.def.step_index(step);
    if (si < 0)
        return {};
    const step_state& st = committed_.steps[static_cast<std::size_t>(si)];
    std::vector<participant_id> out;
    if (const auto* r = std::get_if<photo::responses>(&st.answers)) {
        participant_id owner = 0;
        if (photo::find(*r, id, &owner))
            out.push_back(owner);
    } else if (const auto* c = std::get_if<image_choice::responses>(&st.answers)) {
        // An own image removed: the answers that chose it change.
        for (const auto& [pid, a] : c->by)
            if (std::find(a.images.begin(), a.images.end(), id) != a.images.end())
                out.push_back(pid);
    }
    return out;
}

void room::send_mine_locked(participant_id pid) {
    if (pid == 0)
        return;
    std::shared_ptr<const std::string> text;
    for (const auto& [ptr, weak] : members_[slot(role::participant)]) {
        auto c = weak.lock();
        if (!c || c->bound_participant() != pid)
            continue;
        if (!text)
            text = std::make_shared<const std::string>(protocol::make_mine(committed_, pid));
        c->send_latest(text, message_kind::mine);
    }
}

void room::evict_removed_locked(const std::vector<event>& events) {
    auto& participants = members_[slot(role::participant)];
    for (const auto& e : events) {
        const auto* removed = std::get_if<ev::participant_removed>(&e);
        if (!removed)
            continue;
        for (auto it = participants.begin(); it != participants.end();) {
            auto c = it->second.lock();
            if (c && c->bound_participant() == removed->pid) {
                // No longer a member: the connection is told and let go of the session.
                c->evict(errc::removed, "this device was removed from the session");
                it = participants.erase(it);
                ++devices_version_;
                mark_dirty_locked();
            } else {
                ++it;
            }
        }
    }
}

//------------------------------------------------------------------------------
// [SECTION] The timer

void room::resume_timer() {
    std::lock_guard lock(mutex_);
    schedule_timer_locked();
}

void room::schedule_timer_locked() {
    if (!speculative_.timer || speculative_.timer->ended)
        return;
    const std::int64_t ends_at = speculative_.timer->ends_at;
    // A timer that ran out while the server was down ends right away.
    const std::int64_t delay = std::max<std::int64_t>(0, ends_at - now_ms());
    svc_.timers.after(std::chrono::milliseconds(delay), [weak = weak_from_this(), ends_at] {
        if (auto self = weak.lock())
            self->on_timer_due(ends_at);
    });
}

void room::on_timer_due(std::int64_t ends_at) {
    std::lock_guard lock(mutex_);
    // Stopped or replaced by a newer timer meanwhile: that one has its own job.
    if (!live() || !speculative_.timer || speculative_.timer->ended ||
        speculative_.timer->ends_at != ends_at)
        return;
    outcome o = decide_timer_end(speculative_, now_ms());
    if (o.events.empty()) {
        schedule_timer_locked(); // woken early: wait for the rest
        return;
    }
    submit_locked(std::move(o.events), [](bool) {});
}

void room::sync(const std::shared_ptr<member>& c, protocol::seq_t seq) {
    const role r = c->bound_role();
    const participant_id pid = c->bound_participant();
    const std::string token = c->resume_token();
    std::lock_guard lock(mutex_);
    send_snapshot_locked(c, seq, r, pid, token);
}

void room::leave(const member* c, role r) {
    std::lock_guard lock(mutex_);
    if (members_[slot(r)].erase(c) > 0 && r == role::participant) {
        fresh_.erase(c);
        ++devices_version_;
        mark_dirty_locked();
    }
}

//------------------------------------------------------------------------------
// [SECTION] Views and the coalesced broadcast

std::shared_ptr<const std::string> room::view_locked(role r) {
    // One text per role and revision: every member of a role gets the same bytes, and a
    // burst of joins does not rebuild the view for each of them.
    cached_view& v = views_[slot(r)];
    const std::uint32_t online = online_locked();
    const std::int64_t now = now_ms();
    if (!view_current_locked(v, online, now)) {
        view_context ctx = view_context_locked();
        ctx.now_ms = now;
        v.text = std::make_shared<const std::string>(make_view(committed_, r, online, ctx));
        v.rev = committed_.rev;
        v.online = online;
        v.compare = compare_version_;
        v.made_at = now;
    }
    return v.text;
}

bool room::view_current_locked(const cached_view& v, std::uint32_t online, std::int64_t now) const {
    // With a running countdown the view's `now` must stay close to the truth.
    const bool counting = committed_.timer && !committed_.timer->ended;
    return v.text && v.rev == committed_.rev && v.online == online &&
           v.compare == compare_version_ && !(counting && now - v.made_at > max_view_age_ms);
}

view_context room::view_context_locked() const {
    view_context ctx;
    if (compare_state_ && compare_state_->id == committed_.compare_with)
        ctx.compare = compare_state_.get();
    return ctx;
}

std::shared_ptr<const std::string> room::devices_locked() {
    if (!devices_text_ || devices_text_version_ != devices_version_) {
        std::set<participant_id> online;
        for (const auto& [ptr, weak] : members_[slot(role::participant)])
            if (auto c = weak.lock())
                online.insert(c->bound_participant());
        devices_text_ = std::make_shared<const std::string>(make_devices(committed_, online));
        devices_text_version_ = devices_version_;
    }
    return devices_text_;
}

void room::refresh_compare() {
    std::string id;
    {
        std::lock_guard lock(mutex_);
        id = committed_.compare_with;
    }
    // Called on every broadcast while a comparison is set: copy the other session only
    // when it changed since the last copy.
    if (!id.empty() && svc_.session_rev) {
        const std::optional<std::uint64_t> rev = svc_.session_rev(id);
        std::lock_guard lock(mutex_);
        if (rev && compare_state_ && compare_state_->id == id && compare_state_->rev == *rev)
            return;
    }
    std::shared_ptr<const session_state> other;
    if (!id.empty() && svc_.find_session) {
        if (auto found = svc_.find_session(id))
            other = std::make_shared<const session_state>(std::move(*found));
    }
    std::lock_guard lock(mutex_);
    const bool same = (!other && !compare_state_) ||
                      (other && compare_state_ && other->id == compare_state_->id &&
                       other->rev == compare_state_->rev);
    if (same)
        return;
    compare_state_ = std::move(other);
    ++compare_version_;
}

void room::mark_dirty_locked() {
    dirty_ = true;
    if (broadcast_scheduled_)
        return; // the scheduled broadcast will include this change
    broadcast_scheduled_ = true;
    const auto now = std::chrono::steady_clock::now();
    const auto due = last_broadcast_ + svc_.broadcast_interval;
    // Quiet room: send right away. Busy room: wait for the rest of the interval, so a
    // burst of N changes costs one broadcast per interval (20 ms: at most 50 a
    // second), not N.
    const auto delay = due > now ? std::chrono::ceil<std::chrono::milliseconds>(due - now)
                                 : std::chrono::milliseconds(0);
    svc_.timers.after(delay, [self = shared_from_this()] { self->broadcast(); });
}

void room::broadcast(wake why) {
    // One broadcast at a time per room, so an older view can never replace a newer one
    // waiting in a connection's queue (see transport::send).
    std::lock_guard sending(broadcast_mutex_);
    refresh_compare();
    std::vector<delivery> out;
    {
        std::lock_guard lock(mutex_);
        if (why == wake::participants)
            participant_timer_ = false;
        else if (why == wake::devices)
            devices_timer_ = false;
        else
            broadcast_scheduled_ = false;
        const auto now = std::chrono::steady_clock::now();
        if (dirty_) {
            dirty_ = false;
            last_broadcast_ = now;
            participants_behind_ = true;
            for (role r : {role::projector, role::facilitator})
                if (!members_[slot(r)].empty())
                    add_delivery_locked(out, r, view_locked(r));
        }
        if (participants_behind_)
            participant_delivery_locked(out, now);
        devices_delivery_locked(out, now);
    }
    // Queue outside the state lock: with thousands of members this takes a while, and
    // answers must not wait for it. Order stays right: a connection admitted after the
    // snapshot got a view at least this new with its welcome, and one admitted before had
    // its welcome queued before the snapshot was taken.
    for (auto& d : out) {
        if (d.wave != 0 && d.to.size() > view_slice) {
            auto w =
                std::make_shared<wave>(wave{std::move(d.text), std::move(d.to), 0, d.wave, d.kind});
            send_wave_locked(*w);
            if (w->next < w->to.size()) {
                if (w->kind == message_kind::view)
                    open_view_wave_ = w;
                schedule_wave(std::move(w));
            }
            continue;
        }
        for (const auto& c : d.to)
            c->send_latest(d.text, d.kind);
    }
}

void room::send_wave_locked(wave& w) {
    const std::size_t end = std::min(w.to.size(), w.next + view_slice);
    for (; w.next < end; ++w.next)
        w.to[w.next]->send_latest(w.text, w.kind);
}

void room::schedule_wave(std::shared_ptr<wave> w) {
    svc_.timers.after(wave_gap, [self = shared_from_this(), w = std::move(w)]() mutable {
        std::lock_guard sending(self->broadcast_mutex_);
        // A newer participant view has gone to everyone since: the rest of this one is stale.
        if (w->number != self->participant_wave_)
            return;
        self->send_wave_locked(*w);
        if (w->next < w->to.size())
            self->schedule_wave(std::move(w));
    });
}

void room::add_delivery_locked(std::vector<delivery>& out, role r,
                               std::shared_ptr<const std::string> text, message_kind kind) {
    const auto& members = members_[slot(r)];
    delivery d{std::move(text), {}, kind};
    d.to.reserve(members.size());
    for (const auto& [ptr, weak] : members) {
        if (auto c = weak.lock())
            d.to.push_back(std::move(c));
    }
    out.push_back(std::move(d));
}

void room::devices_delivery_locked(std::vector<delivery>& out,
                                   std::chrono::steady_clock::time_point now) {
    if (devices_version_ == devices_sent_version_ || members_[slot(role::facilitator)].empty())
        return;
    const auto due = devices_sent_at_ + svc_.devices_interval;
    if (now < due) {
        // Not yet: the timer brings the newest list then.
        if (!devices_timer_) {
            devices_timer_ = true;
            svc_.timers.after(std::chrono::ceil<std::chrono::milliseconds>(due - now),
                              [self = shared_from_this()] { self->broadcast(wake::devices); });
        }
        return;
    }
    devices_sent_version_ = devices_version_;
    devices_sent_at_ = now;
    add_delivery_locked(out, role::facilitator, devices_locked(), message_kind::devices);
}

void room::participant_delivery_locked(std::vector<delivery>& out,
                                       std::chrono::steady_clock::time_point now) {
    auto& phones = members_[slot(role::participant)];
    if (phones.empty()) {
        participants_behind_ = false; // whoever joins gets the newest view with the welcome
        return;
    }
    // The room's budget: N phones share participant_updates_per_second.
    auto spread = std::chrono::milliseconds(0);
    if (svc_.participant_updates_per_second > 0)
        spread = std::chrono::milliseconds(
            static_cast<std::int64_t>(phones.size()) * 1000 /
            static_cast<std::int64_t>(svc_.participant_updates_per_second));
    // Only answers since the last view, and a timer already set for when their results may go
    // out: nothing to build now (answers come far more often than phones get views).
    const bool answers_only =
        participants_sent_ && !layout_events_ && participants_compare_ == compare_version_;
    if (answers_only && participant_timer_ &&
        participant_timer_at_ <=
            participants_sent_at_ + std::max(svc_.participant_results_interval, spread)) {
        participants_behind_ = true;
        return;
    }
    cached_view& cache = views_[slot(role::participant)];
    const std::uint32_t online = online_locked();
    const std::int64_t now_wall = now_ms();
    if (participants_sent_ && view_current_locked(cache, online, now_wall) &&
        cache.text == participants_sent_) {
        participants_behind_ = false;
        layout_events_ = false;
        return;
    }
    // One build: the view, its update and what it shows.
    view_context ctx = view_context_locked();
    ctx.now_ms = now_wall;
    view_texts texts =
        make_view_texts(committed_, role::participant, online, ctx,
                        participants_base_set_ ? &participants_base_ : nullptr, &results_changed_);
    auto text = std::make_shared<const std::string>(std::move(texts.full));
    cache = cached_view{committed_.rev, online, compare_version_, now_wall, text};
    if (participants_sent_ && *text == *participants_sent_) {
        participants_behind_ = false;
        layout_events_ = false;
        return;
    }
    // Each kind of change at its own pace: what the phone shows at once (a step opened,
    // closed, revealed, the timer, a pause), live results a few times a second, counters
    // once a second.
    const bool same_layout = participants_sent_ && texts.shown.layout == participants_shown_.layout;
    const bool counters_only = same_layout && texts.shown.results == participants_shown_.results;
    auto wait = counters_only ? svc_.participant_counters_interval
                : same_layout ? svc_.participant_results_interval
                              : svc_.participant_interval;
    if (same_layout)
        wait = std::max(wait, spread);
    const auto due = participants_sent_at_ + wait;
    if (participants_sent_ && now < due) {
        // Not yet: a timer brings the newest view then (whatever it is by that time).
        participants_behind_ = true;
        // An earlier due time (something new to show after counters only) wakes earlier.
        if (!participant_timer_ || due < participant_timer_at_) {
            participant_timer_ = true;
            participant_timer_at_ = due;
            svc_.timers.after(std::chrono::ceil<std::chrono::milliseconds>(due - now),
                              [self = shared_from_this()] { self->broadcast(wake::participants); });
        }
        if (!same_layout)
            layout_events_ = true; // keep building: the timer must not be skipped for it
        return;
    }
    participants_behind_ = false;
    layout_events_ = false;
    participants_compare_ = compare_version_;
    participants_sent_ = text;
    participants_shown_ = std::move(texts.shown);
    participants_sent_at_ = now;
    // Phones that asked for them get only the counters and results when nothing else
    // changed (docs/protocol.md, view_update) - unless they have not had a whole view since
    // their snapshot, or the last whole view is still going out in slices.
    const auto open = open_view_wave_.lock();
    const bool updates =
        same_layout && !(open && open->number == participant_wave_ && open->next < open->to.size());
    delivery whole{text, {}, message_kind::view};
    delivery update{nullptr, {}, message_kind::view_update};
    whole.to.reserve(phones.size());
    for (const auto& [ptr, weak] : phones) {
        auto c = weak.lock();
        if (!c)
            continue;
        if (updates && c->takes_view_updates() && !fresh_.count(ptr))
            update.to.push_back(std::move(c));
        else
            whole.to.push_back(std::move(c));
    }
    fresh_.clear();
    if (update.to.empty()) {
        // Every phone gets this whole view: later updates are measured against it.
        participants_base_ = std::move(texts.results);
        participants_base_set_ = true;
        results_changed_.clear();
    }
    const auto number = ++participant_wave_;
    if (!whole.to.empty()) {
        whole.wave = number;
        out.push_back(std::move(whole));
    }
    if (!update.to.empty()) {
        update.text = std::make_shared<const std::string>(std::move(texts.update));
        update.wave = number;
        out.push_back(std::move(update));
    }
}

} // namespace kring::server
