// [SECTION] index
//   construction and network         app::app, start, poll_network
//   protocol messages                handle_message, on_welcome, on_view, on_mine, on_ack,
//   on_error, … sending                          send, send_join shared drawing frame,
//   begin_screen, draw_banners, draw_code_entry, …
#include "ui/app.hpp"

#include "kring/protocol.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace kring::client {

using nlohmann::json;

//------------------------------------------------------------------------------
// Replica look-ups

const item_info* step_info::item(const std::string& item_id) const {
    for (const auto& i : items)
        if (i.id == item_id)
            return &i;
    return nullptr;
}

const image_info* step_info::image(const std::string& image_id) const {
    for (const auto& i : images)
        if (i.id == image_id)
            return &i;
    return nullptr;
}

const localized* text_in(const std::vector<option_info>& list, const std::string& id) {
    for (const auto& o : list)
        if (o.id == id)
            return &o.text;
    return nullptr;
}

bool step_result::is_gap(std::size_t kind_row, std::size_t group_col) const {
    if (kind_row >= matrix_kinds.size() || group_col >= matrix_groups.size())
        return false;
    for (const auto& [k, g] : gaps)
        if (k == matrix_kinds[kind_row] && g == matrix_groups[group_col])
            return true;
    // Without a gap list (an older server), an empty cell is a gap.
    if (gaps.empty() && kind_row < matrix.size() && group_col < matrix[kind_row].size())
        return matrix[kind_row][group_col] == 0;
    return false;
}

const step_info* agenda::step(const std::string& step_id) const {
    for (const auto& s : steps)
        if (s.id == step_id)
            return &s;
    return nullptr;
}

const step_status* session_view::step(const std::string& id) const {
    for (const auto& s : steps)
        if (s.id == id)
            return &s;
    return nullptr;
}

const step_result* session_view::result(const std::string& step_id) const {
    for (const auto& r : results)
        if (r.step == step_id)
            return &r;
    return nullptr;
}

namespace {

localized localized_of(const json& j) {
    localized t;
    if (j.is_string()) {
        t.nl = j.get<std::string>();
    } else if (j.is_object()) {
        t.nl = j.value("nl", "");
        t.en = j.value("en", "");
    }
    return t;
}

/** KRING_TRACE=1 logs every frame in and out on stderr (for diagnosing a session). */
bool trace_enabled() {
    static const bool on = [] {
        const char* t = std::getenv("KRING_TRACE");
        return t && *t && *t != '0';
    }();
    return on;
}

int int_of(const json& j, const char* key, int fallback = 0) {
    auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<int>() : fallback;
}

bool bool_of(const json& j, const char* key, bool fallback = false) {
    auto it = j.find(key);
    return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

std::string str_of(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

localized localized_at(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() ? localized_of(*it) : localized{};
}

std::vector<std::string> strings_of(const json& j, const char* key) {
    std::vector<std::string> out;
    if (auto it = j.find(key); it != j.end() && it->is_array())
        for (const json& x : *it)
            if (x.is_string())
                out.push_back(x.get<std::string>());
    return out;
}

/** `merged`: the cards merged into this one, as objects `{ card, text }` (or bare ids). */
std::vector<merged_card> merged_of(const json& j) {
    std::vector<merged_card> out;
    if (auto it = j.find("merged"); it != j.end() && it->is_array())
        for (const json& m : *it) {
            if (m.is_string())
                out.push_back({m.get<std::string>(), {}});
            else if (m.is_object())
                out.push_back({str_of(m, "card"), str_of(m, "text")});
        }
    return out;
}

/** `[{ "id", "text" }]` at j[key]. */
std::vector<option_info> options_of(const json& j, const char* key) {
    std::vector<option_info> out;
    if (auto it = j.find(key); it != j.end() && it->is_array())
        for (const json& o : *it)
            if (o.is_object()) {
                option_info oi{str_of(o, "id"), localized_at(o, "text")};
                // session.blocks carries "title" where options carry "text".
                if (oi.text.nl.empty())
                    oi.text = localized_at(o, "title");
                out.push_back(std::move(oi));
            }
    return out;
}

step_info step_of(const json& js) {
    step_info st;
    st.id = str_of(js, "id");
    st.kind = str_of(js, "kind");
    st.title = localized_at(js, "title");
    st.prompt = localized_at(js, "prompt");
    if (auto items = js.find("items"); items != js.end() && items->is_array())
        for (const json& ji : *items)
            st.items.push_back({str_of(ji, "id"), localized_at(ji, "text")});
    st.theme = str_of(js, "theme");
    st.guide = localized_at(js, "guide");
    if (auto rs = js.find("resources"); rs != js.end() && rs->is_array())
        for (const json& r : *rs)
            if (r.is_object())
                st.resources.push_back({str_of(r, "id"), str_of(r, "category"),
                                        localized_at(r, "title"), localized_at(r, "description"),
                                        str_of(r, "url")});
    st.min = int_of(js, "min", 1);
    st.max = std::max(st.min, int_of(js, "max", 5));
    if (auto l = js.find("labels"); l != js.end() && l->is_object()) {
        st.label_min = localized_at(*l, "min");
        st.label_max = localized_at(*l, "max");
    }
    st.body = localized_at(js, "body");
    st.comment = bool_of(js, "comment", st.kind == "choice");
    st.options = options_of(js, "options");
    if (auto im = js.find("images"); im != js.end() && im->is_array())
        for (const json& i : *im)
            if (i.is_object())
                st.images.push_back({str_of(i, "id"), str_of(i, "url"), localized_at(i, "alt")});
    st.max_picks = std::max(1, int_of(js, "max_picks", 1));
    st.reason = bool_of(js, "reason", st.kind == "image_choice");
    st.max_entries = std::max(1, int_of(js, "max_entries", st.kind == "open_text" ? 3 : 20));
    st.max_length = std::max(1, int_of(js, "max_length", 140));
    st.placeholder = localized_at(js, "placeholder");
    st.dots = std::max(1, int_of(js, "dots", 3));
    st.max_per_option = std::max(1, int_of(js, "max_per_option", st.dots));
    st.offer_kinds = options_of(js, "offer_kinds");
    st.target_groups = options_of(js, "target_groups");
    return st;
}

step_result result_of(const json& jr) {
    step_result r;
    r.step = str_of(jr, "step");
    r.kind = str_of(jr, "kind");
    r.total = int_of(jr, "total");
    r.pass = int_of(jr, "pass");
    r.voters = int_of(jr, "voters");
    r.withheld = bool_of(jr, "withheld");
    r.paper = int_of(jr, "paper");
    if (auto items = jr.find("items"); items != jr.end() && items->is_array())
        for (const json& ji : *items) {
            if (r.kind == "scale" || (r.kind.empty() && ji.contains("counts"))) {
                // scale
                scale_item_result si;
                si.item = str_of(ji, "item");
                si.index = int_of(ji, "index");
                if (auto c = ji.find("counts"); c->is_array())
                    for (const json& n : *c)
                        si.counts.push_back(n.is_number() ? n.get<int>() : 0);
                si.pass = int_of(ji, "pass");
                if (auto m = ji.find("median"); m != ji.end() && m->is_number()) {
                    si.has_median = true;
                    si.median = m->get<double>();
                }
                r.scale_items.push_back(std::move(si));
                continue;
            }
            item_result ir;
            ir.item = str_of(ji, "item");
            ir.index = int_of(ji, "index");
            ir.green = int_of(ji, "green");
            ir.orange = int_of(ji, "orange");
            ir.red = int_of(ji, "red");
            ir.pass = int_of(ji, "pass");
            ir.spread = ji.value("spread", 0.0);
            r.items.push_back(std::move(ir));
        }
    if (r.kind.empty())
        r.kind = r.scale_items.empty() ? "traffic_light" : "scale";
    if (auto os = jr.find("options"); os != jr.end() && os->is_array())
        for (const json& o : *os)
            r.options.push_back({str_of(o, "option"),
                                 o.contains("dots") ? int_of(o, "dots") : int_of(o, "count"),
                                 int_of(o, "rank")});
    if (auto rs = jr.find("reasons"); rs != jr.end() && rs->is_array())
        for (const json& x : *rs)
            r.reasons.push_back({str_of(x, "option"), str_of(x, "text")});
    if (auto im = jr.find("images"); im != jr.end() && im->is_array())
        for (const json& i : *im)
            r.images.push_back({str_of(i, "image"), int_of(i, "count"), strings_of(i, "reasons")});
    if (auto cs = jr.find("cards"); cs != jr.end() && cs->is_array())
        for (const json& c : *cs)
            r.cards.push_back({str_of(c, "card"), str_of(c, "text"), int_of(c, "count", 1),
                               bool_of(c, "hidden"), merged_of(c)});
    if (auto ts = jr.find("terms"); ts != jr.end() && ts->is_array())
        for (const json& t : *ts)
            r.terms.push_back({str_of(t, "term"), int_of(t, "count")});
    if (auto es = jr.find("entries"); es != jr.end() && es->is_array())
        for (const json& e : *es)
            r.entries.push_back({str_of(e, "card"), str_of(e, "name"), str_of(e, "kind"),
                                 str_of(e, "place"), strings_of(e, "families"), str_of(e, "goals"),
                                 bool_of(e, "hidden"), merged_of(e)});
    if (auto mx = jr.find("matrix"); mx != jr.end() && mx->is_object()) {
        r.matrix_kinds = strings_of(*mx, "kinds");
        r.matrix_groups = strings_of(*mx, "groups");
        if (auto rows = mx->find("counts"); rows != mx->end() && rows->is_array())
            for (const json& row : *rows) {
                std::vector<int> cells;
                if (row.is_array())
                    for (const json& n : row)
                        cells.push_back(n.is_number() ? n.get<int>() : 0);
                r.matrix.push_back(std::move(cells));
            }
    }
    if (auto gs = jr.find("gaps"); gs != jr.end() && gs->is_array())
        for (const json& g : *gs)
            if (g.is_array() && g.size() == 2 && g[0].is_string() && g[1].is_string())
                r.gaps.emplace_back(g[0].get<std::string>(), g[1].get<std::string>());
    if (auto as = jr.find("actions"); as != jr.end() && as->is_array())
        for (const json& a : *as)
            r.actions.push_back({str_of(a, "card"), str_of(a, "what"), str_of(a, "who"),
                                 str_of(a, "when"), bool_of(a, "hidden"), merged_of(a)});
    return r;
}

/** `{ green, orange, red, n }` at j[key]. */
share share_at(const json& j, const char* key) {
    share s;
    if (auto it = j.find(key); it != j.end() && it->is_object()) {
        s.green = int_of(*it, "green");
        s.orange = int_of(*it, "orange");
        s.red = int_of(*it, "red");
        s.n = int_of(*it, "n");
    }
    return s;
}

/** An id that may come as a number or a string, as text. */
std::string id_text(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_number_integer())
        return std::to_string(it->get<long long>());
    return {};
}

double number_of(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

compare_info compare_of(const json& jc) {
    compare_info c;
    if (!jc.is_object())
        return c;
    c.valid = true;
    c.session = str_of(jc, "session");
    c.title = localized_at(jc, "title");
    c.created_at = number_of(jc, "created_at");
    if (auto items = jc.find("items"); items != jc.end() && items->is_array())
        for (const json& ji : *items) {
            compare_item ci;
            ci.step = str_of(ji, "step");
            ci.item = str_of(ji, "item");
            ci.text = localized_at(ji, "text");
            ci.before = share_at(ji, "before");
            ci.after = share_at(ji, "after");
            const share d = share_at(ji, "delta");
            ci.d_green = d.green;
            ci.d_orange = d.orange;
            ci.d_red = d.red;
            c.items.push_back(std::move(ci));
        }
    return c;
}

} // namespace

//------------------------------------------------------------------------------
// [SECTION] the fields of running the room and the record (docs/protocol.md section 6)

void app::read_room(const json& m, session_view& v) const {
    v.now = number_of(m, "now");
    v.received_at = ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0;
    if (auto t = m.find("timer"); t != m.end() && t->is_object()) {
        v.timer.active = true;
        v.timer.step = str_of(*t, "step");
        v.timer.ends_at = number_of(*t, "ends_at");
        v.timer.seconds = int_of(*t, "seconds");
        v.timer.ended = bool_of(*t, "ended");
    }
    v.paused = bool_of(m, "paused");
    v.follow = bool_of(m, "follow", true);
    v.min_answers = int_of(m, "min_answers");
    if (auto notes = m.find("notes"); notes != m.end() && notes->is_array())
        for (const json& n : *notes)
            if (n.is_object())
                v.notes[str_of(n, "step")] = str_of(n, "text");
    if (auto c = m.find("compare"); c != m.end())
        v.compare = compare_of(*c);
}

void app::on_devices(const json& m) {
    // Sent to the facilitator when the list changes; the newest replaces the last.
    std::vector<device_info> list;
    if (auto devs = m.find("devices"); devs != m.end() && devs->is_array())
        for (const json& d : *devs)
            if (d.is_object())
                list.push_back(
                    {id_text(d, "participant"), str_of(d, "name"), bool_of(d, "online")});
    devices_ = std::move(list);
}

void app::on_sessions(const json& m) {
    sessions_received_ = true;
    sessions_.clear();
    if (auto list = m.find("sessions"); list != m.end() && list->is_array())
        for (const json& js : *list) {
            if (!js.is_object())
                continue;
            stored_session s;
            s.id = str_of(js, "id");
            s.code = str_of(js, "code");
            s.template_id = str_of(js, "template");
            s.title = localized_at(js, "title");
            s.created_at = number_of(js, "created_at");
            s.last_at = number_of(js, "last_at");
            s.participants = int_of(js, "participants");
            s.answers = int_of(js, "answers");
            s.steps = int_of(js, "steps");
            sessions_.push_back(std::move(s));
        }
}

//------------------------------------------------------------------------------
// [SECTION] construction and network

app::app(options opt, std::function<void()> wake) : opt_(std::move(opt)), lang_(opt_.language) {
    conn_ = std::make_unique<connection>(opt_.host, opt_.port, std::move(wake));
    images_.set_fetch([this](const std::string& url) { conn_->fetch(url); });
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

void app::start() {
    conn_->start();
}

bool app::poll_network() {
    reap_children();
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
            images_.on_fetched(e.text, e.status, e.body);
            break;
        }
    }
    return !events.empty();
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
        } else if (!create_agenda_.is_null()) {
            if (!templates_received_)
                send(json{{"type", "list_templates"}}, request_kind::list);
            send_create_agenda();
        } else {
            if (!templates_received_)
                send(json{{"type", "list_templates"}}, request_kind::list);
            if (!create_template_.empty())
                start_session(create_template_);
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
    creating_ = false;
    requests_.clear();
    // Answers in flight may be lost with the connection: resend them after the next join.
    for (auto& [key, a] : mine_)
        if (a.state == my_answer::status::pending)
            a.seq = 0;
}

//------------------------------------------------------------------------------
// [SECTION] protocol messages

void app::handle_message(const std::string& text) {
    if (trace_enabled())
        std::fprintf(stderr, "kring: <- %s\n", text.c_str());
    // One WebSocket message holds one server message or a batch of them, in order.
    std::vector<json> messages = kring::protocol::server_messages(text);
    if (messages.empty())
        std::fprintf(stderr, "kring: ignoring a frame that is neither a message nor a batch\n");
    for (const json& m : messages)
        handle_one(m);
}

void app::handle_one(const json& m) {
    try {
        const std::string type = m.value("type", "");
        // Replies that are not ack/error settle their request here.
        if (type == "welcome" || type == "session_created" || type == "templates" ||
            type == "sessions" || type == "template" || type == "export")
            if (auto seq = m.find("seq"); seq != m.end() && seq->is_number_unsigned())
                requests_.erase(seq->get<std::uint64_t>());
        if (type == "view")
            on_view(m);
        else if (type == "welcome")
            on_welcome(m);
        else if (type == "mine")
            on_mine(m);
        else if (type == "ack")
            on_ack(m);
        else if (type == "devices")
            on_devices(m);
        else if (type == "error")
            on_error(m);
        else if (type == "session_created")
            on_session_created(m);
        else if (type == "templates")
            on_templates(m);
        else if (type == "sessions")
            on_sessions(m);
        else if (type == "template")
            on_template(m);
        else if (type == "export")
            on_export(m);
        // Unknown types are ignored: a newer server may send more.
    } catch (const json::exception& e) {
        std::fprintf(stderr, "kring: ignoring a malformed message: %s\n", e.what());
    }
}

void app::on_welcome(const json& m) {
    joined_ = true;
    join_failed_ = false;
    join_error_.clear();
    const json& s = m.at("session");
    agenda a;
    a.valid = true;
    a.id = s.value("id", "");
    a.code = s.value("code", code_);
    a.template_id = s.value("template", "");
    if (auto t = s.find("title"); t != s.end())
        a.title = localized_of(*t);
    if (auto steps = s.find("steps"); steps != s.end() && steps->is_array())
        for (const json& js : *steps)
            a.steps.push_back(step_of(js));
    a.blocks = options_of(s, "blocks");
    a.projector_lang = str_of(s, "lang");
    a.join_url = str_of(s, "join_url");
    agenda_ = std::move(a);
    if (!agenda_.code.empty())
        code_ = agenda_.code;
    follow_projector_lang(agenda_.projector_lang);
    // A new baseline: the next view is accepted whatever its rev.
    view_.rev = 0;

    if (opt_.mode == app_mode::participant) {
        const std::string token = m.value("resume_token", "");
        if (!token.empty() && token != config_.token(code_)) {
            config_.remember_token(code_, token);
            config_.save();
        }
    } else if (opt_.mode == app_mode::facilitator && !secret_.empty()) {
        config_.remember_session(code_, {secret_, opt_.server(), agenda_.title.nl});
        config_.save();
    }
}

void app::on_view(const json& m) {
    const std::uint64_t rev = m.value("rev", std::uint64_t{0});
    if (view_.valid && rev < view_.rev) {
        // An older view than one applied: ask for a fresh snapshot (at most once a second).
        const double now = ImGui::GetTime();
        if (now - last_sync_request_ > 1.0) {
            last_sync_request_ = now;
            send(json{{"type", "sync"}}, request_kind::sync);
        }
        return;
    }
    session_view v;
    v.valid = true;
    v.rev = rev;
    v.code = m.value("code", code_);
    v.joined = int_of(m, "joined");
    v.online = int_of(m, "online");
    v.current = m.value("current", "");
    v.lang = str_of(m, "lang");
    if (auto steps = m.find("steps"); steps != m.end() && steps->is_array())
        for (const json& js : *steps) {
            step_status st;
            st.id = js.value("id", "");
            st.phase = js.value("phase", "pending");
            st.revealed = js.value("revealed", false);
            st.answered = int_of(js, "answered");
            st.complete = int_of(js, "complete");
            st.options = options_of(js, "options");
            st.locked = bool_of(js, "locked");
            st.live = bool_of(js, "live");
            st.paper = int_of(js, "paper");
            v.steps.push_back(std::move(st));
        }
    if (auto results = m.find("results"); results != m.end() && results->is_array())
        for (const json& jr : *results)
            if (jr.is_object())
                v.results.push_back(result_of(jr));
    if (auto comments = m.find("comments"); comments != m.end() && comments->is_array())
        for (const json& jc : *comments)
            v.comments.push_back(
                {jc.value("step", ""), jc.value("item", ""), jc.value("text", "")});
    if (auto summary = m.find("summary"); summary != m.end() && summary->is_array())
        for (const json& js : *summary)
            if (js.is_object())
                v.summary.push_back({str_of(js, "step"), str_of(js, "theme"), int_of(js, "green"),
                                     int_of(js, "orange"), int_of(js, "red"), int_of(js, "pass"),
                                     str_of(js, "verdict"), strings_of(js, "next")});
    // The session's projector language may also come with the view (after set_lang).
    if (auto sess = m.find("session"); v.lang.empty() && sess != m.end() && sess->is_object())
        v.lang = str_of(*sess, "lang");
    read_room(m, v);
    if (!v.lang.empty())
        agenda_.projector_lang = v.lang;
    follow_projector_lang(v.lang);
    view_ = std::move(v);
}

void app::on_mine(const json& m) {
    // The server's record wins, except for answers still waiting for an ack: those are
    // the participant's latest intent and are sent again.
    std::map<std::string, my_answer> fresh;
    if (auto answers = m.find("answers"); answers != m.end() && answers->is_array())
        for (const json& ja : *answers) {
            my_answer a;
            if (auto v = ja.find("value"); v != ja.end() && !v->is_null())
                a.value = v->dump();
            a.comment = str_of(ja, "comment");
            fresh[answer_key(str_of(ja, "step"), str_of(ja, "item"))] = std::move(a);
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

void app::on_ack(const json& m) {
    const auto seq = m.value("seq", std::uint64_t{0});
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

void app::on_error(const json& m) {
    const std::string code = m.value("code", "internal");
    std::fprintf(stderr, "kring: server error %s: %s\n", code.c_str(),
                 m.value("message", "").c_str());
    const auto seq = m.value("seq", std::uint64_t{0});
    std::optional<request> r;
    if (auto it = requests_.find(seq); seq != 0 && it != requests_.end()) {
        r = it->second;
        requests_.erase(it);
    }
    const std::string text = error_text(lang_, code);

    if (r && r->kind == request_kind::join) {
        join_failed_ = true;
        join_error_ = text;
        if (opt_.mode == app_mode::facilitator &&
            (code == "forbidden" || code == "unknown_session")) {
            // The remembered key no longer opens this session: forget it, start afresh.
            show_error(trf(lang_, code == "forbidden" ? txt::rejoin_forbidden : txt::rejoin_unknown,
                           {display_code()}));
            config_.forget_session(code_);
            config_.save();
            reopen_session_.clear();
            code_.clear();
            secret_.clear();
            agenda_ = {};
            view_ = {};
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
        on_agenda_error(r->key, code, m.value("message", ""));
        return;
    }
    if (r && r->kind == request_kind::export_) {
        export_failed_ = true;
        export_message_ = text;
    }
    if (r && r->kind == request_kind::library && r->key == "list_sessions")
        library_error_ = text; // e.g. an older server, or not its admin
    if (r && r->kind == request_kind::answer) {
        auto a = mine_.find(r->key);
        if (a != mine_.end() && a->second.seq == seq)
            a->second.state = my_answer::status::failed;
    }
    if (opt_.mode != app_mode::projector)
        show_error(text);
}

void app::on_session_created(const json& m) {
    creating_ = false;
    create_template_.clear();
    code_ = m.at("join_code").get<std::string>();
    secret_ = m.at("facilitator_secret").get<std::string>();
    // The title is filled in when the welcome (with the agenda) follows.
    config_.remember_session(code_, {secret_, opt_.server(), {}});
    config_.save();
    // session_created comes instead of welcome's seq reply; the welcome follows.
    joined_ = true;
}

void app::on_templates(const json& m) {
    templates_received_ = true;
    templates_.clear();
    if (auto list = m.find("templates"); list != m.end() && list->is_array())
        for (const json& jt : *list) {
            template_info t;
            t.id = jt.value("id", "");
            if (auto x = jt.find("title"); x != jt.end())
                t.title = localized_of(*x);
            if (auto x = jt.find("description"); x != jt.end())
                t.description = localized_of(*x);
            t.steps = int_of(jt, "steps");
            templates_.push_back(std::move(t));
        }
}

//------------------------------------------------------------------------------
// [SECTION] sending

std::uint64_t app::send(json msg, request_kind kind, std::string key) {
    if (!connected())
        return 0;
    const std::uint64_t seq = next_seq_++;
    msg["seq"] = seq;
    // The admin requests carry the server's admin token when one was given (a console on
    // another computer than the server; on the server's own machine none is needed), and so
    // do the comparisons with another session (an admin may compare with any session).
    static const char* const admin_types[] = {"list_sessions", "open_session",  "delete_session",
                                              "get_template",  "save_template", "create_session"};
    if (!opt_.admin_token.empty()) {
        const std::string type = msg.value("type", "");
        for (const char* t : admin_types)
            if (type == t)
                msg["admin_token"] = opt_.admin_token;
        const bool compares = (type == "export" && msg.contains("compare")) ||
                              (type == "control" && msg.value("action", "") == "set_compare");
        if (compares)
            msg["admin_token"] = opt_.admin_token;
    }
    requests_[seq] = {kind, std::move(key)};
    std::string text = msg.dump();
    if (trace_enabled())
        std::fprintf(stderr, "kring: -> %s\n", text.c_str());
    conn_->send(epoch_, std::move(text));
    return seq;
}

void app::send_join() {
    json j = {
        {"type", "join"}, {"protocol_version", kring::protocol::protocol_version}, {"code", code_}};
    switch (opt_.mode) {
    case app_mode::facilitator:
        j["role"] = "facilitator";
        j["secret"] = secret_;
        break;
    case app_mode::projector:
        j["role"] = "projector";
        break;
    case app_mode::participant: {
        j["role"] = "participant";
        const std::string token = config_.token(code_);
        if (!token.empty())
            j["resume_token"] = token;
        break;
    }
    }
    join_seq_ = send(std::move(j), request_kind::join);
}

void app::set_code(const std::string& typed) {
    code_ = kring::protocol::normalize_code(typed);
    if (code_.empty())
        return;
    join_failed_ = false;
    agenda_ = {};
    view_ = {};
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
    std::string base =
        opt_.join_url.empty() ? "http://" + opt_.host + ":" + opt_.port + "/" : opt_.join_url;
    // "http://host:port" has no path yet: the page lives at "/".
    const auto scheme = base.find("://");
    if (scheme != std::string::npos && base.find('/', scheme + 3) == std::string::npos)
        base += '/';
    return base + (base.find('?') == std::string::npos ? "?code=" : "&code=") + code_;
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
    if (const step_info* s = agenda_.step(step_id))
        if (const item_info* i = s->item(item_id))
            return text_of(i->text);
    return none;
}

void app::follow_projector_lang(const std::string& l) {
    if (opt_.mode != app_mode::projector || (l != "nl" && l != "en") || l == last_projector_lang_)
        return;
    const bool first = last_projector_lang_.empty();
    last_projector_lang_ = l;
    // An explicit --lang holds until the facilitator changes the language during the session.
    if (first && opt_.language_given)
        return;
    lang_ = l == "en" ? lang::en : lang::nl;
}

std::string app::block_title(const std::string& id) const {
    if (const localized* t = text_in(agenda_.blocks, id))
        return text_of(*t);
    for (const step_status& st : view_.steps)
        if (const localized* t = text_in(st.options, id))
            return text_of(*t);
    for (const step_info& st : agenda_.steps)
        if (const localized* t = text_in(st.options, id))
            return text_of(*t);
    // No title known (the server gives session.blocks to the facilitator only): the id is
    // Dutch words, readable on a Dutch screen; an English screen shows nothing rather than
    // mixing languages.
    if (lang_ != lang::nl)
        return {};
    std::string s = id;
    std::replace(s.begin(), s.end(), '-', ' ');
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z')
        s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

const std::vector<option_info>& app::step_options(const step_info& step) const {
    if (const step_status* st = view_.step(step.id); st && !st->options.empty())
        return st->options;
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
