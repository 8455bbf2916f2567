// [SECTION] index
//   look-ups                         text_in, block_title, step_options
//   construction and network         app::app, start, poll_network, check_timeouts
//   protocol messages                handle_message (wire.hpp decodes), on_welcome, on_view,
//                                    on_mine, on_ack, on_error, …
//   sending                          send, send_join
//   shared drawing                   frame, begin_screen, draw_banners, draw_code_entry, …
#include "ui/app.hpp"

#include "kring/protocol.hpp"
#include "ui/agenda_json.hpp"
#include "ui/results.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <type_traits>

namespace kring::client {

using nlohmann::json;

const localized* text_in(const std::vector<option_def>& list, const std::string& id) {
    for (const auto& o : list)
        if (o.id == id)
            return &o.text;
    return nullptr;
}

namespace {

/** KRING_TRACE=1 logs every frame in and out on stderr (for diagnosing a session). */
bool trace_enabled() {
    static const bool on = [] {
        const char* t = std::getenv("KRING_TRACE");
        return t && *t && *t != '0';
    }();
    return on;
}

} // namespace

double app::clock_ms() {
    return std::chrono::duration<double, std::milli>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void app::on_sessions(wire::sessions& m) {
    sessions_received_ = true;
    sessions_ = std::move(m.list);
}

//------------------------------------------------------------------------------
// [SECTION] construction and network

app::app(options opt, std::function<void()> wake) : opt_(std::move(opt)), lang_(opt_.language) {
    conn_ = std::make_unique<connection>(opt_.host, opt_.port, std::move(wake));
    // Until the first welcome: the rules of a server with the default limits.
    conn_->set_policy(rules_.reconnect);
    set_lights(rules_.lights);
    images_.set_fetch([this](const std::string& url) { conn_->fetch(url); });
    photos_.set_fetch([this](const std::string& target, const std::string& bearer) {
        conn_->fetch(target, bearer);
    });
    for (char c : opt_.show) {
        if (c == 'r')
            show_reasons_ = true;
        if (c == 'c')
            show_cards_ = true;
        if (c == 's')
            show_summary_ = true;
        if (c == 'q')
            show_big_qr_ = true;
    }
    config_.load();
    if (opt_.mode == app_mode::projector) {
        const std::string t = opt_.theme.empty() ? config_.theme() : opt_.theme;
        set_theme(t == "dark" ? theme::dark : theme::light);
    }

    if (!opt_.code.empty())
        code_ = kring::protocol::normalize_code(opt_.code);

    if (opt_.mode == app_mode::facilitator) {
        if (!code_.empty()) {
            // --code: rejoin a session whose secret this computer remembers.
            if (auto s = config_.session(code_)) {
                secret_ = s->secret;
            } else {
                show_error(trf(lang_, txt::no_secret_for_code, {code_}));
                code_.clear();
            }
        } else if (!opt_.template_id.empty() && wants_panel("agenda")) {
            // --open agenda --template ID: the editor on that template, no session yet.
        } else if (!opt_.template_id.empty()) {
            create_template_ = opt_.template_id;
        } else if (auto last = config_.last_session(opt_.server())) {
            // A restarted console goes straight back to the session it was running.
            code_ = *last;
            secret_ = config_.session(code_)->secret;
        }
    }
}

app::~app() {
    conn_->stop();
}

void app::forget_session() {
    agenda_ = {};
    view_ = {};
    projector_photo_key_.clear();
    sync_photos();
}

void app::start() {
    // A code known from the start goes into the first connection's address too.
    socket_code_ = code_;
    conn_->set_code(code_);
    conn_->start();
}

bool app::poll_network() {
    reap_children();
    check_timeouts();
    auto events = conn_->take();
    for (auto& e : events) {
        switch (e.what) {
        case net_event::kind::connected:
            if (trace_enabled())
                std::fprintf(stderr, "kring: connected (epoch %llu)\n",
                             static_cast<unsigned long long>(e.epoch));
            on_connected(e.epoch);
            break;
        case net_event::kind::disconnected:
            if (trace_enabled())
                std::fprintf(stderr, "kring: disconnected: %s\n", e.text.c_str());
            on_disconnected();
            break;
        case net_event::kind::message:
            if (e.epoch == epoch_)
                handle_message(e.text);
            break;
        case net_event::kind::fetched:
            if (!photos_.on_fetched(e.text, e.status, e.body))
                images_.on_fetched(e.text, e.status, e.body);
            break;
        case net_event::kind::posted:
            on_image_posted(e); // app_plan.cpp: a floor plan's or an image choice's own image
            break;
        }
    }
    return !events.empty();
}

app::trace_state app::traced() const {
    trace_state t;
    t.rev = view_.rev;
    t.current = view_.current;
    if (const wire::step_status* st = view_.step(view_.current)) {
        t.phase = to_string(st->ph);
        t.answered = st->answered;
        t.complete = st->complete;
    }
    t.joined = view_.joined;
    t.ended = view_.ended || deleted_after_end_;
    t.selected = selected_step_;
    return t;
}

bool app::ready() const {
    if (opt_.mode == app_mode::facilitator && code_.empty() && create_template_.empty() &&
        !creating_) {
        if (wants_panel("agenda") && !opt_.template_id.empty())
            return editing_agenda_;
        if (wants_panel("library"))
            return templates_received_ && sessions_received_;
        return templates_received_;
    }
    if (opt_.mode == app_mode::facilitator && wants_panel("library") && !sessions_received_)
        return false;
    return view_.valid && agenda_.valid;
}

bool app::failed() const {
    // A facilitator whose key is refused falls back to the template list, which is ready().
    return opt_.mode != app_mode::facilitator && join_failed_;
}

bool app::connected() const {
    return epoch_ != 0 && conn_->state() == link_state::connected;
}

void app::on_connected(std::uint64_t epoch) {
    epoch_ = epoch;
    joined_ = false;
    requests_.clear();
    if (opt_.mode == app_mode::facilitator) {
        if (!reopen_session_.empty()) {
            send_open_session();
        } else if (!code_.empty() && !secret_.empty()) {
            send_join();
        } else if (create_agenda_) {
            if (!templates_received_)
                send(protocol::list_templates{}, request_kind::list);
            send_create_agenda();
        } else {
            if (!templates_received_)
                send(protocol::list_templates{}, request_kind::list);
            if (!create_template_.empty())
                start_session(create_template_, opt_.practice);
            else if (wants_panel("agenda") && !opt_.template_id.empty() && !editing_agenda_)
                request_template(opt_.template_id);
        }
    } else if (!code_.empty()) {
        send_join();
    }
}

void app::on_disconnected() {
    epoch_ = 0;
    joined_ = false;
    join_waiting_ = false;
    creating_ = false;
    requests_.clear();
    // Answers in flight may be lost with the connection: resend them after the next join.
    for (auto& [key, a] : mine_)
        if (a.state == my_answer::status::pending)
            a.seq = 0;
}

void app::check_timeouts() {
    if (!connected())
        return;
    const double now = clock_ms();
    const reconnect_policy& p = rules_.reconnect;
    // No welcome in time: the socket is dead (a sleeping laptop, a vanished Wi-Fi).
    bool dead = join_waiting_ && now - join_sent_at_ > p.join_timeout_ms;
    // An answer without ack in time: reconnect; what was not acknowledged is sent again.
    for (const auto& [key, a] : mine_)
        if (a.state == my_answer::status::pending && a.seq != 0 &&
            now - a.sent_at > p.ack_timeout_ms)
            dead = true;
    if (!dead)
        return;
    std::fprintf(stderr, "kring: no reply from the server in time; reconnecting\n");
    join_waiting_ = false;
    for (auto& [key, a] : mine_)
        a.sent_at = now;
    conn_->reconnect();
}

//------------------------------------------------------------------------------
// [SECTION] protocol messages

void app::handle_message(const std::string& text) {
    if (trace_enabled())
        std::fprintf(stderr, "kring: <- %s\n", text.c_str());
    // One WebSocket message holds one server message or a batch of them, in order. What is
    // not a message of protocol version 1 is left out, and nothing of it applied.
    std::vector<wire::decode_error> refused;
    std::vector<wire::message> messages = wire::decode_text(text, &refused);
    for (const wire::decode_error& e : refused)
        std::fprintf(stderr, "kring: ignoring a malformed message: %s\n", e.what());
    for (wire::message& m : messages)
        handle(m);
}

void app::handle(wire::message& m) {
    // Replies other than ack and error settle their request here.
    const bool settles = std::holds_alternative<wire::welcome>(m) ||
                         std::holds_alternative<wire::session_created>(m) ||
                         std::holds_alternative<wire::templates>(m) ||
                         std::holds_alternative<wire::sessions>(m) ||
                         std::holds_alternative<wire::template_reply>(m) ||
                         std::holds_alternative<wire::export_reply>(m);
    if (const wire::seq_t seq = wire::seq_of(m); settles && seq)
        requests_.erase(*seq);
    std::visit(
        [this](auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, wire::view>)
                on_view(x);
            else if constexpr (std::is_same_v<T, wire::welcome>)
                on_welcome(x);
            else if constexpr (std::is_same_v<T, wire::mine>)
                on_mine(x);
            else if constexpr (std::is_same_v<T, wire::ack>)
                on_ack(x);
            else if constexpr (std::is_same_v<T, wire::devices>)
                devices_ = std::move(x.list); // the newest list replaces the last
            else if constexpr (std::is_same_v<T, wire::error_reply>)
                on_error(x);
            else if constexpr (std::is_same_v<T, wire::session_created>)
                on_session_created(x);
            else if constexpr (std::is_same_v<T, wire::templates>)
                on_templates(x);
            else if constexpr (std::is_same_v<T, wire::sessions>)
                on_sessions(x);
            else if constexpr (std::is_same_v<T, wire::template_reply>)
                on_template(x);
            else if constexpr (std::is_same_v<T, wire::export_reply>)
                on_export(x);
        },
        m);
}

void app::on_welcome(wire::welcome& m) {
    deleted_after_end_ = false;
    joined_ = true;
    join_failed_ = false;
    join_waiting_ = false;
    join_error_.clear();
    agenda a;
    static_cast<wire::session_info&>(a) = std::move(m.session);
    a.valid = true;
    agenda_ = std::move(a);
    code_ = agenda_.code;
    follow_projector_lang(agenda_.projector_lang);
    // The server's rules: reconnecting, the traffic-light words and colours, text limits.
    rules_ = std::move(m.rules);
    conn_->set_policy(rules_.reconnect);
    set_lights(rules_.lights);
    // A new baseline: the next view is accepted whatever its rev.
    view_.rev = 0;

    if (opt_.mode == app_mode::projector)
        projector_photo_key_ = m.photo_key;
    if (opt_.mode == app_mode::participant) {
        if (!m.resume_token.empty() && m.resume_token != config_.token(code_)) {
            config_.remember_token(code_, m.resume_token);
            config_.save();
        }
    } else if (opt_.mode == app_mode::facilitator && !secret_.empty()) {
        config_.remember_session(code_, {secret_, opt_.server(), agenda_.def.title.nl});
        config_.save();
    }
}

void app::on_view(wire::view& m) {
    if (view_.valid && m.rev < view_.rev) {
        // An older view than one applied: ask for a fresh snapshot, at most once per
        // rules.reconnect.resync_ms.
        const double now = clock_ms();
        if (now - last_sync_request_ > rules_.reconnect.resync_ms) {
            last_sync_request_ = now;
            send(protocol::sync{}, request_kind::sync);
        }
        return;
    }
    session_view v;
    static_cast<wire::view&>(v) = std::move(m);
    v.valid = true;
    v.received_at = ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0;
    agenda_.projector_lang = v.projector_lang;
    follow_projector_lang(v.projector_lang);
    view_ = std::move(v);
    sync_photos();
}

std::string app::photo_key() const {
    switch (opt_.mode) {
    case app_mode::facilitator:
        // A session reopened from the library without its secret: the admin token, if given.
        return !secret_.empty() ? secret_ : opt_.admin_token;
    case app_mode::projector:
        return projector_photo_key_;
    case app_mode::participant:
        return config_.token(code_);
    }
    return {};
}

void app::sync_photos() {
    photos_.set_session(code_, photo_key());
    // Only the photos some result of the view lists stay (deleted, hidden from this screen,
    // or of another session: freed).
    std::set<std::string> listed;
    if (view_.valid) {
        for (const wire::step_result& r : view_.results)
            for (const photo::wall_photo& p : r.photos)
                listed.insert(p.id);
        // A floor plan's own image and an image choice's own images are fetched like photos
        // (every screen of the session).
        for (const wire::step_status& st : view_.steps) {
            if (!st.plan_image.empty())
                listed.insert(st.plan_image);
            for (const image_choice::own_image& im : st.own_images)
                listed.insert(im.id);
        }
    }
    photos_.keep_only(listed);
}

void app::on_mine(const wire::mine& m) {
    // The server's record wins, except for answers still waiting for an ack: those are
    // the participant's latest intent and are sent again.
    std::map<std::string, my_answer> fresh;
    for (const wire::mine_answer& a : m.answers) {
        my_answer mine;
        if (a.value != "null")
            mine.value = a.value;
        mine.comment = a.comment;
        fresh[answer_key(a.step, a.item)] = std::move(mine);
    }
    for (auto& [key, a] : mine_)
        if (a.state != my_answer::status::saved)
            fresh[key] = a;
    mine_ = std::move(fresh);
    // Drafts that were not touched since they were loaded follow the server's record.
    for (auto& [step, d] : drafts_)
        d.loaded = false;
    resend_pending();
}

void app::on_ack(const wire::ack& m) {
    if (!m.seq)
        return;
    const std::uint64_t seq = *m.seq;
    auto it = requests_.find(seq);
    if (it == requests_.end())
        return;
    request r = it->second;
    requests_.erase(it);
    if (r.kind == request_kind::answer) {
        auto a = mine_.find(r.key);
        // Only the newest request for an item decides its state.
        if (a != mine_.end() && a->second.seq == seq)
            a->second.state = my_answer::status::saved;
    }
    if (r.kind == request_kind::note)
        if (auto n = notes_.find(r.key); n != notes_.end() && n->second.seq == seq)
            n->second.state = note_state::saved;
    if (r.kind == request_kind::agenda)
        on_agenda_ack(r.key);
    if (r.kind == request_kind::library && r.key == "delete_session")
        request_sessions();
}

void app::on_error(const wire::error_reply& m) {
    const errc code = m.err.code;
    std::fprintf(stderr, "kring: server error %s: %s\n", to_string(code), m.err.message.c_str());
    const std::uint64_t seq = m.seq.value_or(0);
    std::optional<request> r;
    if (auto it = requests_.find(seq); seq != 0 && it != requests_.end()) {
        r = it->second;
        requests_.erase(it);
    }
    const std::string text = error_text(lang_, to_string(code));

    // The session is moving to another server: connect again after the back-off (the join
    // is sent again on the new connection); nothing was changed.
    if (code == errc::session_moving) {
        show_error(text);
        conn_->drop();
        return;
    }

    // The session was deleted (a practice session after its end, or from the library):
    // the console goes back to the templates.
    if (!r && code == errc::session_ended && opt_.mode == app_mode::facilitator) {
        const bool practice = agenda_.practice;
        config_.forget_session(code_);
        new_session();
        deleted_after_end_ = true; // for --script's end-if-ended
        show_error(practice ? tr(lang_, txt::practice_ended) : text);
        return;
    }
    if (r && r->kind == request_kind::join) {
        join_failed_ = true;
        join_waiting_ = false;
        join_error_ = text;
        if (opt_.mode == app_mode::facilitator &&
            (code == errc::forbidden || code == errc::unknown_session)) {
            // The remembered key no longer opens this session: forget it, start afresh.
            show_error(trf(lang_,
                           code == errc::forbidden ? txt::rejoin_forbidden : txt::rejoin_unknown,
                           {display_code()}));
            config_.forget_session(code_);
            config_.save();
            reopen_session_.clear();
            code_.clear();
            secret_.clear();
            forget_session();
            conn_->reconnect();
        }
        // Projector and participant screens show join_error_ in place of the session.
        return;
    }
    if (r && r->kind == request_kind::create)
        creating_ = false;
    if (r && r->kind == request_kind::note)
        if (auto n = notes_.find(r->key); n != notes_.end() && n->second.seq == seq)
            n->second.state = note_state::failed;
    if (r && r->kind == request_kind::agenda) {
        on_agenda_error(r->key, m.err);
        return;
    }
    if (r && r->kind == request_kind::export_) {
        export_failed_ = true;
        export_message_ = text;
    }
    if (r && r->kind == request_kind::library && r->key == "list_sessions")
        library_error_ = text; // e.g. not the server's admin
    if (r && r->kind == request_kind::answer) {
        auto a = mine_.find(r->key);
        if (a != mine_.end() && a->second.seq == seq)
            a->second.state = my_answer::status::failed;
    }
    if (opt_.mode != app_mode::projector)
        show_error(text);
}

void app::on_session_created(const wire::session_created& m) {
    creating_ = false;
    create_template_.clear();
    code_ = m.join_code;
    secret_ = m.facilitator_secret;
    // The title is filled in when the welcome (with the agenda) follows.
    config_.remember_session(code_, {secret_, opt_.server(), {}});
    config_.save();
    // session_created comes instead of welcome's seq reply; the welcome follows.
    joined_ = true;
}

void app::on_templates(wire::templates& m) {
    templates_received_ = true;
    templates_ = std::move(m.list);
}

//------------------------------------------------------------------------------
// [SECTION] sending

template <class M> std::uint64_t app::send(M m, request_kind kind, std::string key) {
    if (!connected())
        return 0;
    const std::uint64_t seq = next_seq_++;
    m.seq = seq;
    // The admin requests carry the server's admin token when one was given (a console on
    // another computer than the server; on the server's own machine none is needed), and so
    // do the comparisons with another session (an admin may compare with any session).
    if constexpr (requires { m.admin_token; }) {
        bool needs = !opt_.admin_token.empty();
        if constexpr (std::is_same_v<M, protocol::export_request>)
            needs = needs && !m.compare_id.empty();
        if constexpr (std::is_same_v<M, protocol::control>)
            needs = needs && m.action == control_action::set_compare;
        if (needs)
            m.admin_token = opt_.admin_token;
    }
    requests_[seq] = {kind, std::move(key)};
    std::string text = json(m).dump();
    if (trace_enabled())
        std::fprintf(stderr, "kring: -> %s\n", text.c_str());
    conn_->send(epoch_, std::move(text));
    return seq;
}

// Every request the client sends (protocol.hpp).
template std::uint64_t app::send(protocol::create_session, request_kind, std::string);
template std::uint64_t app::send(protocol::list_templates, request_kind, std::string);
template std::uint64_t app::send(protocol::join, request_kind, std::string);
template std::uint64_t app::send(protocol::answer, request_kind, std::string);
template std::uint64_t app::send(protocol::control, request_kind, std::string);
template std::uint64_t app::send(protocol::sync, request_kind, std::string);
template std::uint64_t app::send(protocol::list_sessions, request_kind, std::string);
template std::uint64_t app::send(protocol::open_session, request_kind, std::string);
template std::uint64_t app::send(protocol::delete_session, request_kind, std::string);
template std::uint64_t app::send(protocol::export_request, request_kind, std::string);
template std::uint64_t app::send(protocol::get_template, request_kind, std::string);
template std::uint64_t app::send(protocol::save_template, request_kind, std::string);

void app::send_join() {
    protocol::join m;
    m.code = code_;
    switch (opt_.mode) {
    case app_mode::facilitator:
        m.as = role::facilitator;
        m.secret = secret_;
        break;
    case app_mode::projector:
        m.as = role::projector;
        break;
    case app_mode::participant:
        m.as = role::participant;
        m.resume_token = config_.token(code_);
        break;
    }
    join_sent(send(std::move(m), request_kind::join));
}

void app::join_sent(std::uint64_t seq) {
    join_seq_ = seq;
    join_waiting_ = seq != 0;
    join_sent_at_ = clock_ms();
}

void app::set_code(const std::string& typed) {
    code_ = kring::protocol::normalize_code(typed);
    if (code_.empty())
        return;
    join_failed_ = false;
    forget_session();
    // A connection joins once; a new code needs a fresh connection, which joins on connect.
    if (joined_)
        conn_->reconnect();
    else if (connected())
        send_join();
}

void app::show_error(std::string text) {
    // The same message twice in a row is shown once, with its time extended.
    const double until = ImGui::GetCurrentContext() ? ImGui::GetTime() + 8.0 : 8.0;
    for (auto& b : banners_)
        if (b.text == text) {
            b.until = until;
            return;
        }
    banners_.push_back({std::move(text), until});
    if (banners_.size() > 3)
        banners_.erase(banners_.begin());
}

std::string app::status_text() const {
    switch (conn_->state()) {
    case link_state::connected:
        return tr(lang_, txt::status_connected);
    case link_state::connecting:
        return trf(lang_, txt::status_connecting, {opt_.server()});
    case link_state::waiting: {
        const int s = (conn_->retry_in_ms() + 999) / 1000;
        return trf(lang_, txt::status_waiting, {std::to_string(s)});
    }
    case link_state::stopped:
        return tr(lang_, txt::status_stopped);
    }
    return {};
}

std::string app::join_url() const {
    // --join-url first (the facilitator knows best), then the server's own LAN address, then
    // the address this client connected to.
    if (opt_.join_url.empty() && !agenda_.join_url.empty())
        return agenda_.join_url;
    const std::string base =
        opt_.join_url.empty() ? "http://" + opt_.host + ":" + opt_.port : opt_.join_url;
    return protocol::join_url(base, code_);
}

std::string app::display_code() const {
    // Six letters read more easily as two groups of three; spaces are ignored when typed.
    if (code_.size() == 6)
        return code_.substr(0, 3) + " " + code_.substr(3);
    return code_;
}

const std::string& app::text_of(const localized& t) const {
    return pick(lang_, t);
}

const std::string& app::item_text(const std::string& step_id, const std::string& item_id) const {
    static const std::string none;
    if (const step_def* s = agenda_.step(step_id))
        if (const int i = s->item_index(item_id); i >= 0)
            return text_of(s->items[static_cast<std::size_t>(i)].text);
    return none;
}

const item_def* app::item_of(const std::string& step_id, const std::string& item_id) const {
    if (const step_def* s = agenda_.step(step_id))
        if (const int i = s->item_index(item_id); i >= 0)
            return &s->items[static_cast<std::size_t>(i)];
    return nullptr;
}

std::string app::rating_line(const item_def& it) const {
    return it.rating.empty() ? std::string{} : trf(lang_, txt::rating_line, {text_of(it.rating)});
}

void app::follow_projector_lang(lang l) {
    if (opt_.mode != app_mode::projector || l == last_projector_lang_)
        return;
    const bool first = !last_projector_lang_;
    last_projector_lang_ = l;
    // An explicit --lang holds until the facilitator changes the language during the session.
    if (first && opt_.language_given)
        return;
    lang_ = l;
}

std::string app::block_title(const std::string& id) const {
    if (const localized* t = text_in(agenda_.def.blocks, id))
        return text_of(*t);
    for (const wire::step_status& st : view_.steps)
        if (st.options)
            if (const localized* t = text_in(*st.options, id))
                return text_of(*t);
    for (const step_def& st : agenda_.def.steps)
        if (const localized* t = text_in(st.options, id))
            return text_of(*t);
    // No title known (a session stored before there were building blocks has an empty
    // session.blocks): the id is Dutch words, readable on a Dutch screen; an English screen
    // shows nothing rather than mixing languages.
    if (lang_ != lang::nl)
        return {};
    std::string s = id;
    std::replace(s.begin(), s.end(), '-', ' ');
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z')
        s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

const std::vector<option_def>& app::step_options(const step_def& step) const {
    if (const wire::step_status* st = view_.step(step.id); st && st->options)
        return *st->options;
    return step.options;
}

void app::reap_children() {
    // Projector windows started from the console: collect them when they exit (no zombies).
    std::erase_if(children_, [](pid_t pid) {
        int status = 0;
        return ::waitpid(pid, &status, WNOHANG) != 0;
    });
}

//------------------------------------------------------------------------------
// [SECTION] shared drawing

void app::font_sizes(ImVec2 display, float& base, float& huge) const {
    const float w = std::max(display.x, 320.0f), h = std::max(display.y, 240.0f);
    switch (opt_.mode) {
    case app_mode::facilitator:
        base = std::clamp(h / 40.0f, 15.0f * content_scale_, 26.0f * content_scale_);
        huge = base * 2.0f;
        break;
    case app_mode::participant:
        base = std::clamp(std::min(h / 34.0f, w / 30.0f), 16.0f, 32.0f);
        huge = base * 2.0f;
        break;
    case app_mode::projector:
        // Readable from the back of the room: everything scales with the window.
        // The monitor's content scale raises the floor: on a dense screen small windows
        // still read from the back of the room.
        base = std::clamp(std::min(h / 26.0f, w / 42.0f), 14.0f * content_scale_,
                          72.0f * content_scale_);
        huge = std::clamp(std::min(h / 5.5f, w / 9.0f), 40.0f * content_scale_,
                          320.0f * content_scale_);
        break;
    }
}

void app::set_fonts(const font_set& f) {
    fonts_ = f;
    apply_style(f.base);
}

void app::frame() {
    if (code_ != socket_code_) {
        socket_code_ = code_;
        conn_->set_code(code_);
    }
    // The join code and the key may change between views (a welcome, a new session).
    photos_.set_session(code_, photo_key());
    photos_.begin_frame();
    if (opt_.mode == app_mode::facilitator)
        send_step_files(); // --plan-file, --deck-file (app_plan.cpp)
    ImGui::PushFont(fonts_.body);
    switch (opt_.mode) {
    case app_mode::facilitator:
        draw_facilitator();
        break;
    case app_mode::projector:
        draw_projector();
        break;
    case app_mode::participant:
        draw_participant();
        break;
    }
    ImGui::PopFont();
}

bool app::begin_screen(const char* id, bool scroll, bool padding) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                             ImGuiWindowFlags_NoSavedSettings |
                             ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (scroll)
        flags &= ~ImGuiWindowFlags_NoScrollbar;
    else
        flags |= ImGuiWindowFlags_NoScrollWithMouse;
    if (!padding)
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
    const bool open = ImGui::Begin(id, nullptr, flags);
    if (!padding)
        ImGui::PopStyleVar();
    return open;
}

void app::draw_banners() {
    const double now = ImGui::GetTime();
    std::erase_if(banners_, [now](const banner& b) { return b.until < now; });
    for (std::size_t i = 0; i < banners_.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const float w = ImGui::GetContentRegionAvail().x;
        const float pad = fonts_.base * 0.5f;
        const float h =
            wrapped_height(fonts_.body, fonts_.base, banners_[i].text, w - 2 * pad) + 2 * pad;
        dl->AddRectFilled(p0, {p0.x + w, p0.y + h}, colors::error_bg, 6);
        dl->AddRectFilled(p0, {p0.x + 5, p0.y + h}, colors::red, 2);
        draw_wrapped(dl, fonts_.body, fonts_.base, {p0.x + pad, p0.y + pad}, colors::ink,
                     banners_[i].text, w - 2 * pad);
        ImGui::Dummy({w, h});
        ImGui::PopID();
    }
}

void app::draw_status_dot(float radius) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    const ImU32 col = conn_->state() == link_state::connected ? colors::green : colors::orange;
    dl->AddCircleFilled({p.x + radius, p.y + h / 2}, radius, col);
    ImGui::Dummy({radius * 2, h});
    ImGui::SameLine();
    ImGui::TextUnformatted(status_text().c_str());
}

void app::draw_code_entry() {
    // Shown by the projector and participant screens when no --code was given.
    const float w = std::min(ImGui::GetContentRegionAvail().x, fonts_.base * 22);
    ImGui::SetCursorPosX((ImGui::GetWindowWidth() - w) / 2);
    ImGui::BeginGroup();
    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted(tr(lang_, txt::enter_code));
    ImGui::PopFont();
    ImGui::SetNextItemWidth(w);
    const bool enter =
        ImGui::InputText("##code", &code_input_,
                         ImGuiInputTextFlags_CharsUppercase | ImGuiInputTextFlags_EnterReturnsTrue);
    const bool click = primary_button(tr(lang_, txt::join_button), {w, 0});
    if ((enter || click) && !code_input_.empty())
        set_code(code_input_);
    ImGui::EndGroup();
}

} // namespace kring::client
