// The kring client application: one class, three screens.
//
//   app.cpp              shared state, message handling, language, common drawing
//   app_facilitator.cpp  the facilitator console (templates, steps, controls, live results)
//   app_projector.cpp    the projector (join code + QR, progress, revealed results)
//   app_participant.cpp  the participant screen (answer statements, see revealed results)
//
//   app_results.cpp      the results of every activity kind, drawn into a rectangle: large on
//                        the projector, smaller in the console and on the participant screen
//
// Implemented: protocol v1 (docs/protocol.md) for all three roles and every activity kind of
//              docs/protocol.md (traffic_light, scale, choice, image_choice, open_text,
//              dot_vote, inventory, action_plan); the facilitator's guidance, resources, card
//              moderation (hide, merge) and projector language; the summary with verdicts;
//              rejoin after reconnect with the remembered secret / resume token;
//              unacknowledged answers resent; running the room and the record (section 6):
//              lock, live results, timer, bring here, follow, pause, k, notes, paper tallies,
//              devices, the sessions library with exports and comparison, the agenda editor,
//              the projector's pause, timer, withheld and comparison screens and its themes.
//   app_controls.cpp, app_library.cpp, app_agenda.cpp, app_projector_room.cpp: those parts.
// Missing:     editing a step's kind-specific settings (scale range, dots) in the agenda editor.
#pragma once

#include "kring/text.hpp"
#include "image_cache.hpp"
#include "net/connection.hpp"
#include "ui/config.hpp"
#include "ui/qr.hpp"
#include "ui/widgets.hpp"

#include <nlohmann/json.hpp>

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kring::client {

enum class app_mode { facilitator, projector, participant };

/** "4:05": minutes and seconds of a countdown. */
std::string clock_text(int seconds);

/** The command line, parsed (see main.cpp for the flags). */
struct options {
    std::string host = "127.0.0.1";
    std::string port = "8080";
    app_mode mode = app_mode::facilitator;
    std::string code;
    std::string template_id;
    std::string join_url; // base URL participants open; default: the server's, or http://HOST:PORT/
    lang language = lang::nl;
    bool language_given = false; // --lang was on the command line
    std::string show;            // projector: "reasons" and/or "cards" shown from the start
    std::string open_panels;     // console: "notes", "tallies", "devices", "library", "agenda"
    std::string theme;           // projector: "light" or "dark" (else the saved setting)
    std::string export_format;   // --export: html, md, json or csv (then no window)
    std::string export_step;     // --step: the step of a csv export
    std::string export_dir;      // --out: where the export is written
    std::string admin_token;     // --admin-token: the server's, for the library from afar
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

/** An option of a choice or dot_vote step, an offer kind, a target group, a building block. */
struct option_info {
    std::string id;
    localized text;
};

struct image_info {
    std::string id;
    std::string url; // relative to the server, e.g. "/images/koffie.png"
    localized alt;
};

/** A book, method or website that serves a step (facilitator only). */
struct resource_info {
    std::string id;
    std::string category;
    localized title;
    localized description;
    std::string url;
};

struct step_info {
    std::string id;
    std::string kind;
    localized title;
    localized prompt;
    std::vector<item_info> items;
    std::string theme;                    // traffic_light: the reflection theme, or ""
    localized guide;                      // facilitator only
    std::vector<resource_info> resources; // facilitator only
    // scale
    int min = 1, max = 5;
    localized label_min, label_max;
    // choice and dot_vote
    localized body;
    bool comment = false;
    std::vector<option_info> options;
    // image_choice
    std::vector<image_info> images;
    int max_picks = 1;
    bool reason = false;
    // open_text, inventory, action_plan
    int max_entries = 3;
    int max_length = 140;
    localized placeholder;
    // dot_vote
    int dots = 3;
    int max_per_option = 3;
    // inventory
    std::vector<option_info> offer_kinds, target_groups;

    const item_info* item(const std::string& item_id) const;
    const image_info* image(const std::string& image_id) const;
};

/** The id's text in `list`, or nullptr. */
const localized* text_in(const std::vector<option_info>& list, const std::string& id);

/** The agenda from `welcome`: static content in both languages. */
struct agenda {
    bool valid = false;
    std::string id;
    std::string code;
    std::string template_id;
    localized title;
    std::vector<step_info> steps;
    std::vector<option_info> blocks; // the six building blocks (for the summary)
    std::string projector_lang;      // session.lang: "nl", "en" or "" (an older server)
    std::string join_url;            // session.join_url, or ""

    const step_info* step(const std::string& step_id) const;
};

struct step_status {
    std::string id;
    std::string phase = "pending";
    bool revealed = false;
    bool locked = false; // the result is final (section 6)
    bool live = false;   // the result is shown while open, without reveal
    int paper = 0;       // paper answers counted in
    int answered = 0;
    int complete = 0;
    std::vector<option_info> options; // dot_vote with a source: fixed when opened
};

struct item_result {
    std::string item;
    int index = 0;
    int green = 0, orange = 0, red = 0, pass = 0;
    double spread = 0;
};

struct scale_item_result {
    std::string item;
    int index = 0;
    std::vector<int> counts; // one per value min..max
    int pass = 0;
    bool has_median = false;
    double median = 0;
};

/** A choice option's count, or a dot_vote option's dots and rank. */
struct option_result {
    std::string option;
    int count = 0;
    int rank = 0;
};

struct reason_result {
    std::string option;
    std::string text;
};

struct image_result {
    std::string image;
    int count = 0;
    std::vector<std::string> reasons;
};

/** A card merged into another (facilitator only): its id and text. */
struct merged_card {
    std::string card;
    std::string text;
};

/** An open_text card; a merge target counts its merged cards. */
struct card_result {
    std::string card;
    std::string text;
    int count = 1;
    bool hidden = false;
    std::vector<merged_card> merged;
};

struct term_result {
    std::string term;
    int count = 0;
};

struct inventory_entry {
    std::string card;
    std::string name;
    std::string kind;
    std::string place;
    std::vector<std::string> families;
    std::string goals;
    bool hidden = false;
    std::vector<merged_card> merged;
};

struct action_entry {
    std::string card;
    std::string what;
    std::string who;
    std::string when;
    bool hidden = false;
    std::vector<merged_card> merged;
};

/** The aggregate of one step; which fields are filled depends on `kind`. */
struct step_result {
    std::string step;
    std::string kind;
    int total = 0;
    std::vector<item_result> items;             // traffic_light, most-disputed first
    std::vector<scale_item_result> scale_items; // scale, content order
    std::vector<option_result> options;   // choice (content order), dot_vote (most dots first)
    std::vector<reason_result> reasons;   // choice
    std::vector<image_result> images;     // image_choice, most chosen first
    std::vector<card_result> cards;       // open_text, most frequent first
    std::vector<term_result> terms;       // open_text
    std::vector<inventory_entry> entries; // inventory
    std::vector<std::string> matrix_kinds, matrix_groups;
    std::vector<std::vector<int>> matrix; // rows = kinds
    std::vector<action_entry> actions;    // action_plan
    int pass = 0;
    int voters = 0;
    bool withheld = false; // fewer answers than min_answers: only `total` is known
    int paper = 0;         // paper answers counted in

    bool is_gap(std::size_t kind_row, std::size_t group_col) const;
    std::vector<std::pair<std::string, std::string>> gaps;
};

struct view_comment {
    std::string step;
    std::string item;
    std::string text;
};

/** One reflection theme in the summary: its traffic-light totals, verdict and next blocks. */
struct summary_entry {
    std::string step;
    std::string theme;
    int green = 0, orange = 0, red = 0, pass = 0;
    std::string verdict; // solid, work_first, mixed
    std::vector<std::string> next;
};

/** The countdown of `view.timer`. */
struct timer_info {
    bool active = false;
    std::string step;
    double ends_at = 0; // server clock, ms since the epoch
    int seconds = 0;
    bool ended = false;
};

/** A participant's device (facilitator only): a number, a chosen name, online or not. */
struct device_info {
    std::string participant; // the id, as text
    std::string name;
    bool online = false;
};

/** Shares of green / orange / red in whole percentages, and the non-pass answers. */
struct share {
    int green = 0, orange = 0, red = 0, n = 0;
};

/** One statement of `view.compare`: before (the other session), after (this one), change. */
struct compare_item {
    std::string step;
    std::string item;
    localized text;
    share before, after;
    int d_green = 0, d_orange = 0, d_red = 0;
};

/** `view.compare`: this session next to an earlier one of the same template. */
struct compare_info {
    bool valid = false;
    std::string session;
    localized title;
    double created_at = 0; // ms since the epoch
    std::vector<compare_item> items;
};

/** The latest `view`. */
struct session_view {
    bool valid = false;
    std::uint64_t rev = 0;
    std::string code;
    int joined = 0;
    int online = 0;
    std::string current;
    std::string lang; // the projector language, when the view carries it
    std::vector<step_status> steps;
    std::vector<step_result> results;
    std::vector<view_comment> comments;
    std::vector<summary_entry> summary;
    // Running the room (section 6).
    double now = 0;         // the server's clock when the view was made, ms since the epoch
    double received_at = 0; // ImGui time when it arrived (for the countdown)
    timer_info timer;
    bool paused = false;
    bool follow = true;
    int min_answers = 0;                      // 0: the server does not announce one
    std::map<std::string, std::string> notes; // step -> note (facilitator)
    compare_info compare;

    const step_status* step(const std::string& id) const;
    const step_result* result(const std::string& step_id) const;
};

/** A stored session of the library (`list_sessions`). */
struct stored_session {
    std::string id;
    std::string code;
    std::string template_id;
    localized title;
    double created_at = 0, last_at = 0; // ms since the epoch
    int participants = 0;
    int answers = 0;
    int steps = 0;
};

struct template_info {
    std::string id;
    localized title;
    localized description;
    int steps = 0;
};

/** A participant's own answer to one statement (or one step), as this client knows it. */
struct my_answer {
    enum class status { saved, pending, failed };
    std::string value; // the JSON text of the value ("\"green\"", "4", "[\"koffie\"]"), "" = none
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
    /** The monitor's content scale (HiDPI): fonts never get smaller than it asks for. */
    void set_content_scale(float s) { content_scale_ = s > 0 ? s : 1.0f; }
    /** The projector asked for full screen on/off (its button); true once per request. */
    bool take_fullscreen_request() {
        const bool r = fullscreen_requested_;
        fullscreen_requested_ = false;
        return r;
    }

private:
    enum class request_kind {
        join,
        create,
        list,
        answer,
        control,
        sync,
        note,
        library,
        agenda,
        export_
    };
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
    void handle_one(const nlohmann::json& m);
    void on_devices(const nlohmann::json& m);
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
    /** The projector language the session asks for (session.lang or view.lang) changed. */
    void follow_projector_lang(const std::string& l);
    /** A building block's title (session.blocks, else a dot_vote option), or its id. */
    std::string block_title(const std::string& id) const;
    /** The options of a choice or dot_vote step (dot_vote: fixed in the view once opened). */
    const std::vector<option_info>& step_options(const step_info& step) const;
    /** The summary is due on the projector and participants' screens (see app_projector.cpp). */
    bool summary_due(const step_status* current) const;
    void read_room(const nlohmann::json& m, session_view& v) const;
    void on_sessions(const nlohmann::json& m);
    void on_template(const nlohmann::json& m);
    void on_export(const nlohmann::json& m);
    /** Seconds left on the view's timer, counting down between views. */
    int timer_remaining() const;

    // [SECTION] app_controls.cpp: running the room from the console
    void send_action(const std::string& action, const std::string& step,
                     const nlohmann::json& extra = nlohmann::json::object(),
                     request_kind kind = request_kind::control, const std::string& key = {});
    void draw_step_room_controls(const step_info& step, const step_status* st);
    void draw_timer_controls(const step_info& step, const step_status* st);
    void draw_notes_editor(const step_info& step);
    bool takes_tally(const step_info& step) const;
    void draw_tallies(const step_info& step);
    void draw_session_controls();
    void draw_devices();
    void draw_remove_dialog();
    /** --open names this console panel (notes, tallies, devices, library, agenda). */
    bool wants_panel(std::string_view name) const;

    // [SECTION] app_library.cpp: the sessions library and exports
    void open_library();
    void request_sessions();
    void draw_library();
    void draw_export_panel();
    void request_export(const std::string& format);
    void draw_session_table();
    void draw_delete_dialog();
    void reopen(const stored_session& s);
    void send_open_session();

    // [SECTION] app_agenda.cpp: the agenda editor
    void request_template(const std::string& id);
    void draw_agenda_editor();
    void draw_agenda_step(nlohmann::json& st, float w);
    void add_agenda_step(const std::string& kind);
    void start_session_with_agenda();
    void send_create_agenda();
    void save_agenda_as_template();
    void on_agenda_ack(const std::string& key);
    void on_agenda_error(const std::string& key, const std::string& code,
                         const std::string& message);

    // [SECTION] app_projector_room.cpp
    void draw_projector_pause();
    /** The countdown; `under_qr`: on the join screen, under its QR code. */
    void draw_projector_timer(bool under_qr);
    void draw_projector_withheld(const step_info& step, const step_result& res);
    void draw_projector_compare();
    void draw_projector_big_qr();
    void draw_projector_room_corner();
    void projector_room_keys();
    void apply_theme(theme t);
    void toggle_projector_theme();
    void follow_theme_setting();

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
    void send_card_control(const std::string& action, const std::string& step,
                           const std::string& card, const std::vector<std::string>& cards = {});
    void send_projector_lang(lang l);
    void open_projector();
    void draw_guidance(const step_info& step);
    void draw_card_moderation(const step_info& step, const step_result& res);
    void draw_summary_detail();

    // [SECTION] app_projector.cpp
    void draw_projector();
    void draw_projector_join(const step_status* current);
    void draw_projector_results(const step_status& st, const step_result& res);
    /** Results of every kind but traffic_light: header, then the chart filling the screen. */
    void draw_projector_kind_results(const step_info& step, const step_result& res);
    void draw_projector_summary();
    /** Title, "n of m answered", the code in the corner; returns the y where content starts. */
    float draw_projector_header(const std::string& title, const std::string& sub);
    /** Draws the small join-code box; returns its width. */
    float draw_projector_corner_code(float right, float top, float height);
    /** R, C and S (or a click on the hint) toggle reasons, cards and the summary. */
    void projector_toggles(const step_info* step, bool summary_available);

    // [SECTION] app_results.cpp
    /** Where and how large a chart is drawn. `fit`: shrink to fit h (projector), else grow down. */
    struct chart_box {
        ImDrawList* dl;
        ImVec2 p0;
        float w;
        float h;
        float s; // body text size
        bool fit;
    };
    /** Draws the results of a step of any kind but traffic_light; returns the height used. */
    float draw_chart(const step_info& step, const step_result& res, const chart_box& box);
    float chart_scale(const step_info& step, const step_result& res, const chart_box& box);
    float chart_choice(const step_info& step, const step_result& res, const chart_box& box);
    float chart_images(const step_info& step, const step_result& res, const chart_box& box);
    float chart_word_cloud(const step_result& res, const chart_box& box);
    float chart_cards(const std::vector<std::pair<std::string, int>>& cards, const chart_box& box);
    float chart_dots(const step_info& step, const step_result& res, const chart_box& box);
    float chart_matrix(const step_info& step, const step_result& res, const chart_box& box);
    float chart_actions(const step_result& res, const chart_box& box);
    float chart_summary(const chart_box& box);
    /** The chart as an ImGui item at the cursor (console, participant screen). */
    void chart_item(const step_info& step, const step_result& res, float s);
    void summary_item(float s);
    /** The visible cards of an open_text, inventory or action_plan result, as text and count. */
    std::vector<std::pair<std::string, int>> card_texts(const step_info& step,
                                                        const step_result& res) const;

    // [SECTION] app_participant.cpp
    void draw_participant();
    void draw_statement(const step_info& step, const item_info& item, bool open);
    void draw_participant_results(const step_info& step, const step_result& res);
    void draw_answer_scale(const step_info& step, bool open);
    void draw_answer_choice(const step_info& step, bool open);
    void draw_answer_images(const step_info& step, bool open);
    void draw_answer_texts(const step_info& step, bool open);
    void draw_answer_dots(const step_info& step, bool open);
    void draw_answer_inventory(const step_info& step, bool open);
    void draw_answer_actions(const step_info& step, bool open);
    /** "Bewaard ✓" / "Bewaren…" / "Niet bewaard" for one answer. */
    void draw_saved_state(const my_answer* a);
    const my_answer* my(const std::string& step, const std::string& item = {}) const;
    /** Sends an answer; `value` is any JSON value of docs/protocol.md (the `answer` values per
     * kind). */
    void send_answer(const std::string& step, const std::string& item, const nlohmann::json& value,
                     const std::string& comment);
    void resend_pending();
    static std::string answer_key(const std::string& step, const std::string& item);

    options opt_;
    lang lang_;
    std::unique_ptr<connection> conn_;
    client_config config_;
    font_set fonts_;

    // Connection and identity.
    std::uint64_t epoch_ = 0; // of the current connection, 0 while disconnected
    std::uint64_t next_seq_ = 1;
    std::uint64_t join_seq_ = 0;
    bool joined_ = false;
    bool join_failed_ = false;
    std::string join_error_;                    // localized text of the last join failure
    std::string code_;                          // normalized join code
    std::string secret_;                        // facilitator only
    std::map<std::uint64_t, request> requests_; // seq -> what it was

    // Replica.
    agenda agenda_;
    session_view view_;
    std::vector<device_info> devices_; // facilitator: the `devices` message
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
    std::map<std::string, my_answer> mine_;           // answer_key -> answer
    std::map<std::string, std::string> comment_edit_; // answer_key -> text being typed
    /** What a participant is composing for one step, before it is sent. */
    struct answer_draft {
        bool loaded = false;             // filled from the saved answer once
        std::vector<std::string> texts;  // open_text
        std::vector<std::string> picks;  // image_choice
        std::string why;                 // choice, image_choice
        std::map<std::string, int> dots; // dot_vote
        inventory_entry entry;           // inventory: the form
        action_entry action;             // action_plan: the form
    };
    std::map<std::string, answer_draft> drafts_; // step id -> draft
    std::string code_input_;
    float column_w_ = 0; // the participant screen's column, set each frame
    float column_x_ = 0;

    // Images of image_choice steps, fetched over HTTP by the network thread.
    image_cache images_;

    // Facilitator: card moderation.
    std::map<std::string, std::vector<std::string>> selected_cards_; // step -> selected card ids
    std::map<std::string, std::vector<std::string>>
        merged_here_; // target card -> cards merged by this console
    bool show_summary_detail_ = false;

    // Projector.
    bool show_reasons_ = false;
    bool show_cards_ = false;
    bool show_summary_ = false;
    std::string last_projector_lang_; // the last session language seen
    qr_code qr_;
    double page_started_ = 0;
    std::size_t page_ = 0;

    // Running the room (console).
    enum class note_state { saved, editing, saving, failed };
    struct note_edit {
        std::string text;
        bool dirty = false;
        double edited_at = 0;
        note_state state = note_state::saved;
        std::uint64_t seq = 0;
    };
    std::map<std::string, note_edit> notes_;                    // step -> editor
    std::map<std::string, std::map<std::string, int>> tallies_; // step/item -> value -> n
    int panel_scroll_frames_ = 0; // --open notes/tallies: frames scrolled to the panel
    int timer_custom_minutes_ = 15;
    bool timer_close_ = false;
    int min_answers_input_ = 3;
    bool min_answers_editing_ = false;
    std::string remove_target_;
    bool remove_discard_ = false;
    const std::string empty_;

    // The library and exports.
    bool show_library_ = false;
    bool library_opened_once_ = false;
    bool sessions_received_ = false;
    std::string library_error_;
    std::vector<stored_session> sessions_;
    std::string delete_candidate_;
    std::string delete_title_;
    std::string reopen_session_; // open_session on connect (admin), instead of join
    int export_format_ = 0;
    std::string export_dir_input_;
    std::string export_message_;
    bool export_failed_ = false;
    std::vector<std::string> export_saved_;

    // The agenda editor.
    bool editing_agenda_ = false;
    nlohmann::json agenda_edit_;
    nlohmann::json create_agenda_; // a create_session with this agenda, once connected
    std::string new_template_id_;
    std::string new_template_title_;
    std::string agenda_error_;
    std::string agenda_message_;
    int new_step_kind_ = 0;

    // Projector.
    bool show_big_qr_ = false;
    ImVec2 join_timer_anchor_{0, 0}; // the join screen: top centre of the timer, under the QR
    double theme_checked_at_ = -10;
    bool fullscreen_requested_ = false;
    float content_scale_ = 1.0f;

    std::vector<banner> banners_;
};

} // namespace kring::client
