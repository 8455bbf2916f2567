// [SECTION] index
//   construction and network         app::app, start, poll_network
//   protocol messages                handle_message, on_welcome, on_view, on_mine, on_ack, on_error, …
//   sending                          send, send_join
//   shared drawing                   frame, begin_screen, draw_banners, draw_code_entry, …
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

const item_info*
step_info::item(const std::string& item_id) const
{
    for (const auto& i : items)
        if (i.id == item_id) return &i;
    return nullptr;
}

const step_info*
agenda::step(const std::string& step_id) const
{
    for (const auto& s : steps)
        if (s.id == step_id) return &s;
    return nullptr;
}

const step_status*
session_view::step(const std::string& id) const
{
    for (const auto& s : steps)
        if (s.id == id) return &s;
    return nullptr;
}

const step_result*
session_view::result(const std::string& step_id) const
{
    for (const auto& r : results)
        if (r.step == step_id) return &r;
    return nullptr;
}

namespace {

localized
localized_of(const json& j)
{
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
bool
trace_enabled()
{
    static const bool on = [] {
        const char* t = std::getenv("KRING_TRACE");
        return t && *t && *t != '0';
    }();
    return on;
}

int
int_of(const json& j, const char* key)
{
    auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<int>() : 0;
}

} // namespace

//------------------------------------------------------------------------------
// [SECTION] construction and network

app::app(options opt, std::function<void()> wake)
    : opt_(std::move(opt)), lang_(opt_.language)
{
    conn_ = std::make_unique<connection>(opt_.host, opt_.port, std::move(wake));
    config_.load();

    if (!opt_.code.empty()) code_ = kring::protocol::normalize_code(opt_.code);

    if (opt_.mode == app_mode::facilitator) {
        if (!code_.empty()) {
            // --code: rejoin a session whose secret this computer remembers.
            if (auto s = config_.session(code_)) {
                secret_ = s->secret;
            } else {
                show_error(trf(lang_, txt::no_secret_for_code, {code_}));
                code_.clear();
            }
        } else if (!opt_.template_id.empty()) {
            create_template_ = opt_.template_id;
        } else if (auto last = config_.last_session(opt_.server())) {
            // A restarted console goes straight back to the session it was running.
            code_ = *last;
            secret_ = config_.session(code_)->secret;
        }
    }
}

app::~app()
{
    conn_->stop();
}

void
app::start()
{
    conn_->start();
}

bool
app::poll_network()
{
    reap_children();
    auto events = conn_->take();
    for (auto& e : events) {
        switch (e.what) {
        case net_event::kind::connected:
            if (trace_enabled()) std::fprintf(stderr, "kring: connected (epoch %llu)\n", static_cast<unsigned long long>(e.epoch));
            on_connected(e.epoch);
            break;
        case net_event::kind::disconnected:
            if (trace_enabled()) std::fprintf(stderr, "kring: disconnected: %s\n", e.text.c_str());
            on_disconnected();
            break;
        case net_event::kind::message:
            if (e.epoch == epoch_) handle_message(e.text);
            break;
        }
    }
    return !events.empty();
}

bool
app::ready() const
{
    if (opt_.mode == app_mode::facilitator && code_.empty() && create_template_.empty() && !creating_)
        return templates_received_;
    return view_.valid && agenda_.valid;
}

bool
app::failed() const
{
    // A facilitator whose key is refused falls back to the template list, which is ready().
    return opt_.mode != app_mode::facilitator && join_failed_;
}

bool
app::connected() const
{
    return epoch_ != 0 && conn_->state() == link_state::connected;
}

void
app::on_connected(std::uint64_t epoch)
{
    epoch_ = epoch;
    joined_ = false;
    requests_.clear();
    if (opt_.mode == app_mode::facilitator) {
        if (!code_.empty() && !secret_.empty()) {
            send_join();
        } else {
            if (!templates_received_) send(json{{"type", "list_templates"}}, request_kind::list);
            if (!create_template_.empty()) start_session(create_template_);
        }
    } else if (!code_.empty()) {
        send_join();
    }
}

void
app::on_disconnected()
{
    epoch_ = 0;
    joined_ = false;
    creating_ = false;
    requests_.clear();
    // Answers in flight may be lost with the connection: resend them after the next join.
    for (auto& [key, a] : mine_)
        if (a.state == my_answer::status::pending) a.seq = 0;
}

//------------------------------------------------------------------------------
// [SECTION] protocol messages

void
app::handle_message(const std::string& text)
{
    if (trace_enabled()) std::fprintf(stderr, "kring: <- %s\n", text.c_str());
    json m = json::parse(text, nullptr, false);
    if (m.is_discarded() || !m.is_object()) {
        std::fprintf(stderr, "kring: ignoring a frame that is not a JSON object\n");
        return;
    }
    try {
        const std::string type = m.value("type", "");
        // Replies that are not ack/error settle their request here.
        if (type == "welcome" || type == "session_created" || type == "templates")
            if (auto seq = m.find("seq"); seq != m.end() && seq->is_number_unsigned()) requests_.erase(seq->get<std::uint64_t>());
        if (type == "view") on_view(m);
        else if (type == "welcome") on_welcome(m);
        else if (type == "mine") on_mine(m);
        else if (type == "ack") on_ack(m);
        else if (type == "error") on_error(m);
        else if (type == "session_created") on_session_created(m);
        else if (type == "templates") on_templates(m);
        // Unknown types are ignored: a newer server may send more.
    } catch (const json::exception& e) {
        std::fprintf(stderr, "kring: ignoring a malformed message: %s\n", e.what());
    }
}

void
app::on_welcome(const json& m)
{
    joined_ = true;
    join_failed_ = false;
    join_error_.clear();
    const json& s = m.at("session");
    agenda a;
    a.valid = true;
    a.id = s.value("id", "");
    a.code = s.value("code", code_);
    a.template_id = s.value("template", "");
    if (auto t = s.find("title"); t != s.end()) a.title = localized_of(*t);
    if (auto steps = s.find("steps"); steps != s.end() && steps->is_array()) {
        for (const json& js : *steps) {
            step_info st;
            st.id = js.value("id", "");
            st.kind = js.value("kind", "");
            if (auto t = js.find("title"); t != js.end()) st.title = localized_of(*t);
            if (auto p = js.find("prompt"); p != js.end()) st.prompt = localized_of(*p);
            if (auto items = js.find("items"); items != js.end() && items->is_array())
                for (const json& ji : *items) {
                    item_info it;
                    it.id = ji.value("id", "");
                    if (auto t = ji.find("text"); t != ji.end()) it.text = localized_of(*t);
                    st.items.push_back(std::move(it));
                }
            a.steps.push_back(std::move(st));
        }
    }
    agenda_ = std::move(a);
    if (!agenda_.code.empty()) code_ = agenda_.code;
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

void
app::on_view(const json& m)
{
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
    if (auto steps = m.find("steps"); steps != m.end() && steps->is_array())
        for (const json& js : *steps) {
            step_status st;
            st.id = js.value("id", "");
            st.phase = js.value("phase", "pending");
            st.revealed = js.value("revealed", false);
            st.answered = int_of(js, "answered");
            st.complete = int_of(js, "complete");
            v.steps.push_back(std::move(st));
        }
    if (auto results = m.find("results"); results != m.end() && results->is_array())
        for (const json& jr : *results) {
            step_result r;
            r.step = jr.value("step", "");
            r.total = int_of(jr, "total");
            if (auto items = jr.find("items"); items != jr.end() && items->is_array())
                for (const json& ji : *items) {
                    item_result ir;
                    ir.item = ji.value("item", "");
                    ir.index = int_of(ji, "index");
                    ir.green = int_of(ji, "green");
                    ir.orange = int_of(ji, "orange");
                    ir.red = int_of(ji, "red");
                    ir.pass = int_of(ji, "pass");
                    ir.spread = ji.value("spread", 0.0);
                    r.items.push_back(std::move(ir));
                }
            v.results.push_back(std::move(r));
        }
    if (auto comments = m.find("comments"); comments != m.end() && comments->is_array())
        for (const json& jc : *comments)
            v.comments.push_back({jc.value("step", ""), jc.value("item", ""), jc.value("text", "")});
    view_ = std::move(v);
}

void
app::on_mine(const json& m)
{
    // The server's record wins, except for answers still waiting for an ack: those are
    // the participant's latest intent and are sent again.
    std::map<std::string, my_answer> fresh;
    if (auto answers = m.find("answers"); answers != m.end() && answers->is_array())
        for (const json& ja : *answers) {
            my_answer a;
            a.value = ja.value("value", "");
            a.comment = ja.value("comment", "");
            fresh[answer_key(ja.value("step", ""), ja.value("item", ""))] = std::move(a);
        }
    for (auto& [key, a] : mine_)
        if (a.state != my_answer::status::saved) fresh[key] = a;
    mine_ = std::move(fresh);
    resend_pending();
}

void
app::on_ack(const json& m)
{
    const auto seq = m.value("seq", std::uint64_t{0});
    auto it = requests_.find(seq);
    if (it == requests_.end()) return;
    request r = it->second;
    requests_.erase(it);
    if (r.kind == request_kind::answer) {
        auto a = mine_.find(r.key);
        // Only the newest request for an item decides its state.
        if (a != mine_.end() && a->second.seq == seq) a->second.state = my_answer::status::saved;
    }
}

void
app::on_error(const json& m)
{
    const std::string code = m.value("code", "internal");
    std::fprintf(stderr, "kring: server error %s: %s\n", code.c_str(), m.value("message", "").c_str());
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
        if (opt_.mode == app_mode::facilitator && (code == "forbidden" || code == "unknown_session")) {
            // The remembered key no longer opens this session: forget it, start afresh.
            show_error(trf(lang_, code == "forbidden" ? txt::rejoin_forbidden : txt::rejoin_unknown, {display_code()}));
            config_.forget_session(code_);
            config_.save();
            code_.clear();
            secret_.clear();
            agenda_ = {};
            view_ = {};
            conn_->reconnect();
        }
        // Projector and participant screens show join_error_ in place of the session.
        return;
    }
    if (r && r->kind == request_kind::create) creating_ = false;
    if (r && r->kind == request_kind::answer) {
        auto a = mine_.find(r->key);
        if (a != mine_.end() && a->second.seq == seq) a->second.state = my_answer::status::failed;
    }
    if (opt_.mode != app_mode::projector) show_error(text);
}

void
app::on_session_created(const json& m)
{
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

void
app::on_templates(const json& m)
{
    templates_received_ = true;
    templates_.clear();
    if (auto list = m.find("templates"); list != m.end() && list->is_array())
        for (const json& jt : *list) {
            template_info t;
            t.id = jt.value("id", "");
            if (auto x = jt.find("title"); x != jt.end()) t.title = localized_of(*x);
            if (auto x = jt.find("description"); x != jt.end()) t.description = localized_of(*x);
            t.steps = int_of(jt, "steps");
            templates_.push_back(std::move(t));
        }
}

//------------------------------------------------------------------------------
// [SECTION] sending

std::uint64_t
app::send(json msg, request_kind kind, std::string key)
{
    if (!connected()) return 0;
    const std::uint64_t seq = next_seq_++;
    msg["seq"] = seq;
    requests_[seq] = {kind, std::move(key)};
    std::string text = msg.dump();
    if (trace_enabled()) std::fprintf(stderr, "kring: -> %s\n", text.c_str());
    conn_->send(epoch_, std::move(text));
    return seq;
}

void
app::send_join()
{
    json j = {{"type", "join"}, {"protocol_version", kring::protocol::protocol_version}, {"code", code_}};
    switch (opt_.mode) {
    case app_mode::facilitator:
        j["role"] = "facilitator";
        j["secret"] = secret_;
        break;
    case app_mode::projector: j["role"] = "projector"; break;
    case app_mode::participant: {
        j["role"] = "participant";
        const std::string token = config_.token(code_);
        if (!token.empty()) j["resume_token"] = token;
        break;
    }
    }
    join_seq_ = send(std::move(j), request_kind::join);
}

void
app::set_code(const std::string& typed)
{
    code_ = kring::protocol::normalize_code(typed);
    if (code_.empty()) return;
    join_failed_ = false;
    agenda_ = {};
    view_ = {};
    // A connection joins once; a new code needs a fresh connection, which joins on connect.
    if (joined_) conn_->reconnect();
    else if (connected()) send_join();
}

void
app::show_error(std::string text)
{
    // The same message twice in a row is shown once, with its time extended.
    const double until = ImGui::GetCurrentContext() ? ImGui::GetTime() + 8.0 : 8.0;
    for (auto& b : banners_)
        if (b.text == text) {
            b.until = until;
            return;
        }
    banners_.push_back({std::move(text), until});
    if (banners_.size() > 3) banners_.erase(banners_.begin());
}

std::string
app::status_text() const
{
    switch (conn_->state()) {
    case link_state::connected: return tr(lang_, txt::status_connected);
    case link_state::connecting: return trf(lang_, txt::status_connecting, {opt_.server()});
    case link_state::waiting: {
        const int s = (conn_->retry_in_ms() + 999) / 1000;
        return trf(lang_, txt::status_waiting, {std::to_string(s)});
    }
    case link_state::stopped: return tr(lang_, txt::status_stopped);
    }
    return {};
}

std::string
app::join_url() const
{
    std::string base = opt_.join_url.empty() ? "http://" + opt_.host + ":" + opt_.port + "/" : opt_.join_url;
    // "http://host:port" has no path yet: the page lives at "/".
    const auto scheme = base.find("://");
    if (scheme != std::string::npos && base.find('/', scheme + 3) == std::string::npos) base += '/';
    return base + (base.find('?') == std::string::npos ? "?code=" : "&code=") + code_;
}

std::string
app::display_code() const
{
    // Six letters read more easily as two groups of three; spaces are ignored when typed.
    if (code_.size() == 6) return code_.substr(0, 3) + " " + code_.substr(3);
    return code_;
}

const std::string&
app::text_of(const localized& t) const
{
    return pick(lang_, t);
}

const std::string&
app::item_text(const std::string& step_id, const std::string& item_id) const
{
    static const std::string none;
    if (const step_info* s = agenda_.step(step_id))
        if (const item_info* i = s->item(item_id)) return text_of(i->text);
    return none;
}

void
app::reap_children()
{
    // Projector windows started from the console: collect them when they exit (no zombies).
    std::erase_if(children_, [](pid_t pid) {
        int status = 0;
        return ::waitpid(pid, &status, WNOHANG) != 0;
    });
}

//------------------------------------------------------------------------------
// [SECTION] shared drawing

void
app::font_sizes(ImVec2 display, float& base, float& huge) const
{
    const float w = std::max(display.x, 320.0f), h = std::max(display.y, 240.0f);
    switch (opt_.mode) {
    case app_mode::facilitator:
        base = std::clamp(h / 40.0f, 15.0f, 26.0f);
        huge = base * 2.0f;
        break;
    case app_mode::participant:
        base = std::clamp(std::min(h / 34.0f, w / 30.0f), 16.0f, 32.0f);
        huge = base * 2.0f;
        break;
    case app_mode::projector:
        // Readable from the back of the room: everything scales with the window.
        base = std::clamp(std::min(h / 26.0f, w / 42.0f), 14.0f, 72.0f);
        huge = std::clamp(std::min(h / 5.5f, w / 9.0f), 40.0f, 320.0f);
        break;
    }
}

void
app::set_fonts(const font_set& f)
{
    fonts_ = f;
    apply_style(f.base);
}

void
app::frame()
{
    ImGui::PushFont(fonts_.body);
    switch (opt_.mode) {
    case app_mode::facilitator: draw_facilitator(); break;
    case app_mode::projector: draw_projector(); break;
    case app_mode::participant: draw_participant(); break;
    }
    ImGui::PopFont();
}

bool
app::begin_screen(const char* id, bool scroll, bool padding)
{
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                             ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (scroll) flags &= ~ImGuiWindowFlags_NoScrollbar;
    else flags |= ImGuiWindowFlags_NoScrollWithMouse;
    if (!padding) ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
    const bool open = ImGui::Begin(id, nullptr, flags);
    if (!padding) ImGui::PopStyleVar();
    return open;
}

void
app::draw_banners()
{
    const double now = ImGui::GetTime();
    std::erase_if(banners_, [now](const banner& b) { return b.until < now; });
    for (std::size_t i = 0; i < banners_.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const float w = ImGui::GetContentRegionAvail().x;
        const float pad = fonts_.base * 0.5f;
        const float h = wrapped_height(fonts_.body, fonts_.base, banners_[i].text, w - 2 * pad) + 2 * pad;
        dl->AddRectFilled(p0, {p0.x + w, p0.y + h}, colors::error_bg, 6);
        dl->AddRectFilled(p0, {p0.x + 5, p0.y + h}, colors::red, 2);
        draw_wrapped(dl, fonts_.body, fonts_.base, {p0.x + pad, p0.y + pad}, colors::ink, banners_[i].text, w - 2 * pad);
        ImGui::Dummy({w, h});
        ImGui::PopID();
    }
}

void
app::draw_status_dot(float radius)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    const ImU32 col = conn_->state() == link_state::connected ? colors::green : colors::orange;
    dl->AddCircleFilled({p.x + radius, p.y + h / 2}, radius, col);
    ImGui::Dummy({radius * 2, h});
    ImGui::SameLine();
    ImGui::TextUnformatted(status_text().c_str());
}

void
app::draw_code_entry()
{
    // Shown by the projector and participant screens when no --code was given.
    const float w = std::min(ImGui::GetContentRegionAvail().x, fonts_.base * 22);
    ImGui::SetCursorPosX((ImGui::GetWindowWidth() - w) / 2);
    ImGui::BeginGroup();
    ImGui::PushFont(fonts_.heading);
    ImGui::TextUnformatted(tr(lang_, txt::enter_code));
    ImGui::PopFont();
    ImGui::SetNextItemWidth(w);
    const bool enter = ImGui::InputText("##code", &code_input_,
                                        ImGuiInputTextFlags_CharsUppercase | ImGuiInputTextFlags_EnterReturnsTrue);
    const bool click = primary_button(tr(lang_, txt::join_button), {w, 0});
    if ((enter || click) && !code_input_.empty()) set_code(code_input_);
    ImGui::EndGroup();
}

} // namespace kring::client
