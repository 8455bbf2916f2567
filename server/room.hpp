// One live session ("room"): the authoritative state, the connections per role, and the
// path of every change from decision to durable storage to broadcast. No networking here.
//
// Implemented: create, join (participant with resume token, facilitator with secret,
//              projector), answer, control, sync, leave; ack after durability; rollback
//              after a failed write; coalesced per-role view broadcast.
// Missing:     closing idle rooms (every stored session stays in memory).
#pragma once

#include "kring/events.hpp"
#include "kring/model.hpp"
#include "kring/protocol.hpp"
#include "kring/reducer.hpp"
#include "kring/views.hpp"

#include "member.hpp"
#include "store.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace kring::server {

/** Milliseconds since the epoch on the wall clock: the time handed to the reducer. */
std::int64_t now_ms();

class member;
class scheduler;

/** What rooms share: set up once by the registry, outlives every room. */
struct room_services {
    store& st;
    scheduler& timers;
    limits lim;
    /** What welcome tells clients of lim and the protocol (rules.hpp): set with lim. */
    client_rules rules = rules_for(lim);
    /**
     * At most one view broadcast per room per interval for the facilitator and the
     * projector (20 ms = 50 per second).
     */
    std::chrono::milliseconds broadcast_interval{20};
    /** Called (without any room lock) when a room's creation could not be stored. */
    std::function<void(const std::string& join_code)> forget{};
    /**
     * Where participants reach this server ("http://192.168.1.20:8080"), for welcome's
     * session.join_url; empty when unknown. Set before serving, never changed after.
     */
    std::string public_url{};
    /**
     * The durable state of another session by its id, or nullopt (set_compare and
     * view.compare). Called without any room lock held.
     */
    std::function<std::optional<session_state>(const std::string& session_id)> find_session{};
    /** The revision of a live session by id (cheap: no copy), or nullopt. */
    std::function<std::optional<std::uint64_t>(const std::string& session_id)> session_rev{};
    /**
     * Participants get a view that shows something new (a step opened, closed or revealed, a
     * timer, a pause) at most once per this interval.
     */
    std::chrono::milliseconds participant_interval{50};
    /**
     * A participant view in which only the results changed (answers coming in while a step
     * is live or revealed) goes out at most once per this interval: 2 a second is enough to
     * follow a bar chart, and a room of phones on weak Wi-Fi is spared 20 views a second.
     */
    std::chrono::milliseconds participant_results_interval{500};
    /**
     * A participant view in which only counters changed (rev, joined, online, answered…)
     * goes out at most once per this interval: with thousands of phones in a room, every
     * join and answer would otherwise cost a message to each of them.
     */
    std::chrono::milliseconds participant_counters_interval{1000};
    /**
     * Views with only new results or counters to the phones of one room: at most about this
     * many a second in all. A big room gets them less often than the two intervals above
     * (1,000 phones: every 2 s), so that a hall's Wi-Fi and the server are not spent on a
     * bar chart; what the phone must show at once is not limited by it.
     */
    std::size_t participant_updates_per_second = 500;
    /**
     * The facilitator's `devices` message goes out at most once per this interval: with
     * thousands of phones joining, the list (about 45 bytes a device) would otherwise be
     * sent whole for every join.
     */
    std::chrono::milliseconds devices_interval{1000};
    /**
     * Deletes a session as delete_session does (a practice session that ended). Called
     * without any room lock held; unset: nothing is deleted.
     */
    std::function<void(const std::string& session_id)> delete_session{};
};

/** Who asks for a photo (docs/protocol.md, section 7, "Fetching a photo"). */
enum class photo_viewer { facilitator, projector, participant };

/** What became of a photo sent to a room (room::add_photo). */
struct photo_outcome {
    std::optional<error> err; // refused or not stored: nothing was kept
    photo::entry photo;       // the stored photo (or the one this upload key made before)
    bool repeated = false;    // the same upload key again: no new photo
};

/**
 * Represents one session and everyone connected to it.
 *
 * Concurrency: one mutex per room guards the state, the member lists and the broadcast
 * bookkeeping. It is held around the pure decide()/apply(), view building, queuing
 * personal messages, handing a batch to the store (append/discard_queued, which only
 * queue), binding a member and scheduling timers (transport::send only queues: it never waits for
 * the network). The broadcast builds each role's view under it but queues the view to the members
 * outside it, so a room of 10,000 does not stall answers while views go out. A mutex rather than a
 * strand keeps this class free of Asio and lets the store's writer thread apply durable events
 * directly, in commit order, without a hop through the io_context.
 *
 * Durability: the room keeps two states.
 *  - committed_: the fold of the events that are durable. Views, welcomes and acks are
 *    made from it only, so nobody ever sees a change that could still be lost.
 *  - speculative_: committed_ plus the events handed to the store and not yet durable.
 *    decide() runs against it, so that two commands in flight see each other (two joins
 *    get different participant ids; a second `open` is refused).
 * A change is decided and applied to speculative_ and appended to the store under the lock,
 * so store order == decision order. The store calls back in that same order after COMMIT;
 * the callback applies the events to committed_ (same order again), acks the sender and
 * marks the room dirty. If a write fails, every batch of this room submitted after it is
 * failed too (it was decided on top of the failed one): still-queued ones are taken back
 * from the store, ones in the same transaction fail with it. speculative_ is reset to
 * committed_, and each sender gets store_unavailable: nothing stays applied.
 */
class room : public std::enable_shared_from_this<room> {
public:
    /** A room restored from stored events. */
    room(room_services& svc, session_state restored);
    /** A room being created; see start_create. */
    room(room_services& svc, std::string session_id, std::string join_code);

    /** Stores the session_created event; on success the creator becomes facilitator. */
    void start_create(const std::shared_ptr<member>& creator, protocol::seq_t seq,
                      ev::session_created created, std::string secret);

    const std::string& join_code() const { return join_code_; }
    const std::string& session_id() const { return session_id_; }
    /** False while the room's creation is not durable yet. */
    bool live() const { return live_.load(std::memory_order_acquire); }
    /** A practice session: not in the library, deleted when it ends (docs/protocol.md). */
    bool practice() const { return practice_.load(std::memory_order_acquire); }

    /**
     * A participant joins: `token_hash` (of the token they sent, or empty) finds who they
     * were; otherwise they become a new participant with `new_token`.
     */
    void join_participant(const std::shared_ptr<member>& c, protocol::seq_t seq,
                          const std::string& token, const std::string& token_hash,
                          const std::string& name, std::string new_token,
                          const std::string& new_token_hash);
    void join_facilitator(const std::shared_ptr<member>& c, protocol::seq_t seq,
                          const std::string& secret_hash);
    void join_projector(const std::shared_ptr<member>& c, protocol::seq_t seq);

    void answer(const std::shared_ptr<member>& c, participant_id pid, const protocol::answer& m);
    void control(const std::shared_ptr<member>& c, const protocol::control& m);
    void sync(const std::shared_ptr<member>& c, protocol::seq_t seq);
    /** A member's connection closed. */
    void leave(const member* c, role r);

    // Photos (docs/protocol.md, section 7); the HTTP side is photo_http.cpp.
    /** The participant whose resume token this is (0: none). */
    participant_id participant_of_token(std::string_view token) const;
    /** Whether `key` is this session's facilitator secret. */
    bool facilitator_key(std::string_view key) const;
    /** The organisation the session belongs to ("" in the embedded mode). */
    std::string organisation() const;
    /** Whether `key` is this session's projector photo key (welcome.photo_key). */
    bool projector_key(std::string_view key) const;
    /**
     * Checks a photo before its bytes are read (decide_photo without them): an error, or
     * none; with `earlier` set when this participant already sent this upload key.
     */
    std::optional<error> check_photo(participant_id pid, const std::string& step,
                                     const photo::request& req,
                                     std::optional<photo::entry>* earlier) const;
    /**
     * Stores a photo the server took in, its event and bytes in one batch. `done` runs once:
     * at once when it is refused or repeated, else on the store's writer thread after the
     * commit (under the room lock: it must only hand the outcome on).
     */
    void add_photo(participant_id pid, const std::string& step, const photo::request& req,
                   const photo_taken& taken, std::string jpeg,
                   std::function<void(const photo_outcome&)> done);
    /**
     * Checks the facilitator's image for a step (a floor plan's image, an image choice's own
     * image) before its bytes are read (decide_step_image without them).
     */
    std::optional<error> check_image(const std::string& step, const std::string& caption) const;
    /**
     * Stores the facilitator's image for a step the server took in: its event and bytes in one
     * batch; a floor plan's earlier image is deleted in the same one. `done` runs once, as
     * add_photo's, and says whether the image was a floor plan's.
     */
    void set_image(const std::string& step, const std::string& caption, const photo_taken& taken,
                   std::string jpeg,
                   std::function<void(const std::optional<error>&, bool plan)> done);
    /** Whether this viewer (a participant: `pid`) may see photo `id` now. */
    bool may_see_photo(photo_viewer who, participant_id pid, std::string_view id) const;

    /** A copy of the durable state (for tests and diagnostics). */
    session_state committed() const;
    /** The revision of committed(), without copying the state. */
    std::uint64_t committed_rev() const;

    /**
     * After a restore: a timer that ran out while the server was down ends now, one still
     * running is scheduled again. Call once, without the registry lock.
     */
    void resume_timer();

    /**
     * The session is being deleted: the room stops being live and lets go of every member.
     * Returns them, so that the caller tells them outside the room lock; nothing of the room
     * reaches them after it returns (it waits for a broadcast under way). Takes the
     * broadcast lock: never with a lock of this room held.
     */
    std::vector<std::shared_ptr<member>> shut();

private:
    /** Runs under the room lock once the store has answered for a batch. */
    using after_store = std::function<void(bool durable)>;

    void submit_locked(std::vector<event> events, after_store then,
                       std::vector<std::pair<std::string, std::string>> photos = {},
                       std::vector<std::string> photos_gone = {});
    void on_stored(std::uint64_t number, const std::vector<event>& events, bool durable,
                   const after_store& then);
    /** Binds c and sends `first` (if any), then the welcome, `mine` and the view. */
    void admit_locked(const std::shared_ptr<member>& c, protocol::seq_t seq, role r,
                      participant_id pid, const std::string& token, std::string first = {});
    void send_snapshot_locked(const std::shared_ptr<member>& c, protocol::seq_t seq, role r,
                              participant_id pid, const std::string& token);
    /** The address participants open for this session, or "". */
    std::string join_url() const;
    std::shared_ptr<const std::string> view_locked(role r);
    view_context view_context_locked() const;
    /** The `devices` message for the facilitator, made again only when the list changed. */
    std::shared_ptr<const std::string> devices_locked();
    /** Fetches the compared session again (without our lock: it takes another room's). */
    void refresh_compare();
    /** Schedules the end of the running timer of speculative_, if any. */
    void schedule_timer_locked();
    void on_timer_due(std::int64_t ends_at);
    /**
     * A practice session ended: every member gets the ended view, then the session is
     * deleted (svc_.delete_session). Run as a job, without any lock held.
     */
    void finish_practice();
    /** Who sent photo `id` of `step` (0: no such photo). */
    /** Whose `mine` photo_set changes: a photo's owner, or who chose an own image. */
    std::vector<participant_id> photo_owners_locked(const std::string& step,
                                                    const std::string& id) const;
    /** The participant's `mine` to each of their connections (their photos changed). */
    void send_mine_locked(participant_id pid);
    /** Removed participants lose their connections (after their removal is durable). */
    void evict_removed_locked(const std::vector<event>& events);
    void mark_dirty_locked();
    /** Why broadcast() runs: a change, or the participants' or the devices' own timer. */
    enum class wake { change, participants, devices };
    void broadcast(wake why = wake::change);
    struct delivery {
        std::shared_ptr<const std::string> text;
        std::vector<std::shared_ptr<member>> to;
        message_kind kind = message_kind::view; // view, view_update or devices
        std::uint64_t wave = 0;                 // participants' view: sent in slices (see wave)
    };
    /**
     * The participants' view goes out view_slice connections at a time, wave_gap apart:
     * 10,000 writes queued at once would hold up every answer (and the projector's view)
     * behind them for some 100 ms, every time the counters change.
     */
    static constexpr std::size_t view_slice = 500;
    static constexpr std::chrono::milliseconds wave_gap{2};
    struct wave {
        std::shared_ptr<const std::string> text;
        std::vector<std::shared_ptr<member>> to;
        std::size_t next = 0;     // the first member not sent to yet
        std::uint64_t number = 0; // participant_wave_ when it started
        message_kind kind = message_kind::view;
    };
    /** Sends the next slice of w; broadcast_mutex_ held. */
    void send_wave_locked(wave& w);
    /** The next slice of w after wave_gap (dropped once a newer wave started). */
    void schedule_wave(std::shared_ptr<wave> w);
    void add_delivery_locked(std::vector<delivery>& out, role r,
                             std::shared_ptr<const std::string> text,
                             message_kind kind = message_kind::view);
    /** Adds the facilitators' `devices` to `out` when changed and due; else schedules it. */
    void devices_delivery_locked(std::vector<delivery>& out,
                                 std::chrono::steady_clock::time_point now);
    /** Adds the participants' view to `out` when it is due; otherwise schedules it. */
    void participant_delivery_locked(std::vector<delivery>& out,
                                     std::chrono::steady_clock::time_point now);
    std::uint32_t online_locked() const;

    static std::size_t slot(role r);

    room_services& svc_;
    const std::string session_id_;
    const std::string join_code_;
    std::atomic<bool> live_{false};
    std::atomic<bool> practice_{false};

    mutable std::mutex mutex_; // guards everything below but participant_wave_
    session_state committed_;
    session_state speculative_;
    std::uint64_t submitted_ = 0;      // batches handed to the store so far (numbers them)
    std::uint64_t failed_through_ = 0; // batches up to this number are undone by a failure
    // Members per role (participant, projector, facilitator). Non-owning: a connection
    // removes itself in leave(); weak pointers make a late send harmless.
    std::array<std::unordered_map<const member*, std::weak_ptr<member>>, 3> members_;

    // Held by broadcast() and the participant-wave jobs around building views and queuing
    // them; taken before mutex_, never after it (docs/architecture.md, "The lock order"). While
    // it is held, refresh_compare may take the registry lock and another room's mutex_.
    std::mutex broadcast_mutex_;
    std::uint64_t participant_wave_ = 0; // guarded by broadcast_mutex_
    /** The last participants' whole view still going out in slices (broadcast_mutex_). */
    std::weak_ptr<wave> open_view_wave_;

    // Coalesced broadcast: at most one scheduled, at most one per broadcast_interval.
    bool dirty_ = false;
    bool broadcast_scheduled_ = false;
    std::chrono::steady_clock::time_point last_broadcast_{};

    // Participants' views are rate-limited apart from the other roles (see room_services).
    bool participants_behind_ = false; // they have not had the newest view yet
    bool participant_timer_ = false;   // a broadcast for them is scheduled, at:
    std::chrono::steady_clock::time_point participant_timer_at_{};
    std::chrono::steady_clock::time_point participants_sent_at_{};
    /** The last view broadcast to participants, and what it shows (view_shown). */
    std::shared_ptr<const std::string> participants_sent_;
    view_shown_parts participants_shown_;
    /** compare_version_ when participants_sent_ was made. */
    std::uint64_t participants_compare_ = 0;
    /** An event other than an answer was applied since participants_sent_ was made. */
    bool layout_events_ = false;
    /**
     * Participants that had a snapshot (join, sync) since the last participants' view: their
     * next one is a whole view, never a view_update, which could apply to what their
     * snapshot shows only if nothing but answers happened since.
     */
    std::unordered_set<const member*> fresh_;
    /**
     * The results of the last participants' view that went to every phone whole, and the
     * steps whose result differed from them in a participants' view made since: a
     * view_update carries those steps' results only (make_view_texts).
     */
    results_by_step participants_base_;
    bool participants_base_set_ = false;
    std::set<std::string> results_changed_;

    /** The last view built per role, reused while rev and online are unchanged. */
    struct cached_view {
        std::uint64_t rev = 0;
        std::uint32_t online = 0;
        std::uint64_t compare = 0;
        std::int64_t made_at = 0; // ms since the epoch (view.now)
        std::shared_ptr<const std::string> text;
    };
    /** The session named by compare_with, as last fetched; bumped version on each fetch. */
    std::shared_ptr<const session_state> compare_state_;
    std::uint64_t compare_version_ = 0;
    std::array<cached_view, 3> views_;
    /** Whether `v` is the view of committed_ with this `online` at wall time `now`. */
    bool view_current_locked(const cached_view& v, std::uint32_t online, std::int64_t now) const;

    // The facilitator's device list (`devices`): bumped whenever a participant connection
    // comes or goes, or a participant joins for the first time or is removed.
    std::uint64_t devices_version_ = 0;
    std::uint64_t devices_sent_version_ = 0; // the version last broadcast
    std::chrono::steady_clock::time_point devices_sent_at_{};
    bool devices_timer_ = false; // a broadcast for the devices is scheduled
    std::shared_ptr<const std::string> devices_text_;
    std::uint64_t devices_text_version_ = 0;
};

} // namespace kring::server
