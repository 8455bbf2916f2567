// The kring client application: one class, three screens.
//
//   app.cpp              shared state, message handling, language, common drawing
//   app_facilitator.cpp  the facilitator console (templates, steps, controls, live results)
//   app_projector.cpp    the projector (join code + QR, progress, revealed results)
//   app_participant.cpp  the participant screen (answer statements, see revealed results)
//
// Implemented: protocol v1 (docs/protocol.md) for all three roles; rejoin after reconnect
//              with the remembered secret / resume token; unacknowledged answers resent.
// Missing:     activity kinds other than traffic_light (shown as a title and prompt only).
#pragma once

#include "kring/text.hpp"
#include "net/connection.hpp"
#include "ui/config.hpp"
#include "ui/qr.hpp"
#include "ui/widgets.hpp"

#include <nlohmann/json_fwd.hpp>

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kring::client {

enum class app_mode { facilitator, projector, participant };

/** The command line, parsed (see main.cpp for the flags). */
struct options {
    std::string host = "127.0.0.1";
    std::string port = "8080";
    app_mode mode = app_mode::facilitator;
    std::string code;
    std::string template_id;
    std::string join_url; // base URL participants open; default http://HOST:PORT/
    lang language = lang::nl;
    bool fullscreen = false;
    int frames = 0;
    std::string screenshot;
    int width = 1280;
    int height = 800;

    std::string server() const { return host + ":" + port; }
};

//------------------------------------------------------------------------------
// The client's replica of the session, rebuilt from `welcome` and `view`.

struct item_info {
    std::string id;
    localized text;
};

struct step_info {
    std::string id;
    std::string kind;
    localized title;
    localized prompt;
    std::vector<item_info> items;

    const item_info* item(const std::string& item_id) const;
};

/** The agenda from `welcome`: static content in both languages. */
struct agenda {
    bool valid = false;
    std::string id;
    std::string code;
    std::string template_id;
    localized title;
    std::vector<step_info> steps;

    const step_info* step(const std::string& step_id) const;
};

struct step_status {
    std::string id;
    std::string phase = "pending";
    bool revealed = false;
    int answered = 0;
    int complete = 0;
};

struct item_result {
    std::string item;
    int index = 0;
    int green = 0, orange = 0, red = 0, pass = 0;
    double spread = 0;
};

struct step_result {
    std::string step;
    int total = 0;
    std::vector<item_result> items; // most-disputed first, as the server orders them
};

struct view_comment {
    std::string step;
    std::string item;
    std::string text;
};

/** The latest `view`. */
struct session_view {
    bool valid = false;
    std::uint64_t rev = 0;
    std::string code;
    int joined = 0;
    int online = 0;
    std::string current;
    std::vector<step_status> steps;
    std::vector<step_result> results;
    std::vector<view_comment> comments;

    const step_status* step(const std::string& id) const;
    const step_result* result(const std::string& step_id) const;
};

struct template_info {
    std::string id;
    localized title;
    localized description;
    int steps = 0;
};

/** A participant's own answer to one statement, as this client knows it. */
struct my_answer {
    enum class status { saved, pending, failed };
    std::string value;
    std::string comment;
    status state = status::saved;
    std::uint64_t seq = 0;
};

//------------------------------------------------------------------------------

/**
 * Represents the running client: owns the connection, the replica of the session and the
 * screens. All methods run on the UI (main) thread; the network thread is reached only
 * through connection::send / take.
 */
class app {
public:
    app(options opt, std::function<void()> wake);
    ~app();
    app(const app&) = delete;
    app& operator=(const app&) = delete;

    /** Starts the network thread. */
    void start();
    /** Applies everything the network thread received. Returns true if anything arrived. */
    bool poll_network();
    /** Draws one frame (between ImGui::NewFrame and ImGui::Render). */
    void frame();
    /** The screen shows live data from the server (used by --frames). */
    bool ready() const;
    /** Joining failed for good (unknown code, …): the screen shows why (used by --frames). */
    bool failed() const;

    /** Body and join-code font sizes that suit a window of this size in this mode. */
    void font_sizes(ImVec2 display, float& base, float& huge) const;
    /** The backend built new fonts. */
    void set_fonts(const font_set& f);
    float font_base() const { return fonts_.base; }

private:
    enum class request_kind { join, create, list, answer, control, sync };
    struct request {
        request_kind kind;
        std::string key; // answer: step/item key; control: action
    };
    struct banner {
        std::string text;
        double until = 0;
    };

    // [SECTION] app.cpp: messages and shared state
    void on_connected(std::uint64_t epoch);
    void on_disconnected();
    void handle_message(const std::string& text);
    void on_welcome(const nlohmann::json& m);
    void on_view(const nlohmann::json& m);
    void on_mine(const nlohmann::json& m);
    void on_ack(const nlohmann::json& m);
    void on_error(const nlohmann::json& m);
    void on_session_created(const nlohmann::json& m);
    void on_templates(const nlohmann::json& m);
    std::uint64_t send(nlohmann::json msg, request_kind kind, std::string key = {});
    bool connected() const;
    void send_join();
    void set_code(const std::string& typed);
    void show_error(std::string text);
    std::string status_text() const;
    std::string join_url() const;
    std::string display_code() const;
    const std::string& text_of(const localized& t) const;
    const std::string& item_text(const std::string& step_id, const std::string& item_id) const;
    bool begin_screen(const char* id, bool scroll, bool padding);
    void draw_banners();
    void draw_status_dot(float radius);
    void draw_code_entry();
    void reap_children();

    // [SECTION] app_facilitator.cpp
    void draw_facilitator();
    void draw_template_list();
    void draw_facilitator_header();
    void draw_step_list();
    void draw_step_detail(const step_info& step);
    void draw_live_results(const step_info& step);
    void start_session(std::string template_id);
    void new_session();
    void send_control(const std::string& action, const std::string& step);
    void open_projector();

    // [SECTION] app_projector.cpp
    void draw_projector();
    void draw_projector_join(const step_status* current);
    void draw_projector_results(const step_status& st, const step_result& res);
    /** Draws the small join-code box; returns its width. */
    float draw_projector_corner_code(float right, float top, float height);

    // [SECTION] app_participant.cpp
    void draw_participant();
    void draw_statement(const step_info& step, const item_info& item, bool open);
    void draw_participant_results(const step_info& step, const step_result& res);
    void send_answer(const std::string& step, const std::string& item, const std::string& value,
                     const std::string& comment);
    void resend_pending();
    static std::string answer_key(const std::string& step, const std::string& item);

    options opt_;
    lang lang_;
    std::unique_ptr<connection> conn_;
    client_config config_;
    font_set fonts_;

    // Connection and identity.
    std::uint64_t epoch_ = 0;      // of the current connection, 0 while disconnected
    std::uint64_t next_seq_ = 1;
    std::uint64_t join_seq_ = 0;
    bool joined_ = false;
    bool join_failed_ = false;
    std::string join_error_;       // localized text of the last join failure
    std::string code_;             // normalized join code
    std::string secret_;           // facilitator only
    std::map<std::uint64_t, request> requests_; // seq -> what it was

    // Replica.
    agenda agenda_;
    session_view view_;
    double last_sync_request_ = -10;

    // Facilitator.
    std::vector<template_info> templates_;
    bool templates_received_ = false;
    std::string create_template_; // a create_session to send once connected
    bool creating_ = false;
    std::string selected_step_;
    std::string followed_current_;
    std::vector<pid_t> children_;

    // Participant.
    std::map<std::string, my_answer> mine_;          // answer_key -> answer
    std::map<std::string, std::string> comment_edit_; // answer_key -> text being typed
    std::string code_input_;
    float column_w_ = 0; // the participant screen's column, set each frame
    float column_x_ = 0;

    // Projector.
    qr_code qr_;
    double page_started_ = 0;
    std::size_t page_ = 0;

    std::vector<banner> banners_;
};

} // namespace kring::client
