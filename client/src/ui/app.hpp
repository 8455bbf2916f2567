// The kring client application: one class, three screens.
//
//   app.cpp              shared state, message handling (the server's messages decoded by
//                        kring/wire.hpp, strictly per protocol version), language, drawing
//   app_facilitator.cpp  the facilitator console (templates, steps, controls, live results)
//   app_projector.cpp    the projector (join code + QR, progress, revealed results)
//   app_participant.cpp  the participant screen (answer statements, see revealed results)
//
//   app_results.cpp      the results of every activity kind, drawn into a rectangle: large on
//                        the projector, smaller in the console and on the participant screen
//
// Implemented: protocol v1 (docs/protocol.md) for all three roles and every activity kind of
//              docs/protocol.md (traffic_light, scale, choice, image_choice, open_text,
//              dot_vote, inventory, action_plan, photo, floor_plan); the facilitator's
//              guidance, resources, card moderation (hide, merge), photo and floor plan
//              moderation (approve, hide, delete; hide or show a pin or route), a floor
//              plan's own plan and an image choice's own images sent from a file (the own
//              images listed after the template's deck on every screen, removed with
//              delete_photo) and projector language; the summary with verdicts;
//              rejoin after reconnect with the remembered secret / resume token;
//              unacknowledged answers resent; the server's rules (welcome.rules): text and
//              field limits, the traffic-light words and colours, the reconnect back-off,
//              join and ack timeouts and the stale-view resync; running the room and the
//              record (section 6):
//              lock, live results, timer, bring here, follow, pause, k, notes, paper tallies,
//              devices, the sessions library with exports and comparison, the agenda editor,
//              the projector's pause, timer, withheld and comparison screens and its themes.
//   app_controls.cpp, app_library.cpp, app_agenda.cpp, app_projector_room.cpp: those parts.
//   app_plan.cpp: the floor_plan kind on the three screens (plan_view.cpp draws the plan).
// Missing:     editing a step's kind-specific settings (scale range, dots) in the agenda editor.
#pragma once

#include "kring/defs.hpp"
#include "kring/lead.hpp"
#include "kring/rules.hpp"
#include "kring/text.hpp"
#include "kring/wire.hpp"
#include "image_cache.hpp"
#include "net/connection.hpp"
#include "photo_cache.hpp"
#include "ui/config.hpp"
#include "ui/file_chooser.hpp"
#include "ui/plan_view.hpp"
#include "ui/qr.hpp"
#include "ui/widgets.hpp"

#include <nlohmann/json_fwd.hpp>

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace kring {
enum class control_action; // reducer.hpp
}
namespace kring::protocol {
struct control; // protocol.hpp, with every request the client sends
}

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
    bool practice = false; // --practice: the session of --template is a practice session
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
    std::string script;    // --script: a test's input script (script.hpp)
    std::string trace;     // --trace: what the screens showed, as JSON lines
    std::string plan_file; // --plan-file: console, upload this floor plan image once joined
    std::string deck_file; // --deck-file: console, send this own image to the first image
                           // choice step once joined
    int width = 1280;
    int height = 800;

    std::string server() const { return host + ":" + port; }
};

//------------------------------------------------------------------------------
// The client's replica of the session: the server's messages as wire.hpp decodes them.
// A result's rows are the kinds' own structs: the files that read them include
// "ui/results.hpp".

/** The id's text in `list` (options, offer kinds, target groups, blocks), or nullptr. */
const localized* text_in(const std::vector<option_def>& list, const std::string& id);

/** The agenda from the latest `welcome`; `projector_lang` follows `view.lang`. */
struct agenda : wire::session_info {
    bool valid = false;
};

/** The latest `view`, and when it arrived (for the countdown). */
struct session_view : wire::view {
    bool valid = false;
    double received_at = 0; // ImGui time
};

/** A participant's own answer to one statement (or one step), as this client knows it. */
struct my_answer {
    enum class status { saved, pending, failed };
    std::string value; // the JSON text of the value ("\"green\"", "4", "[\"koffie\"]"), "" = none
    std::string comment;
    status state = status::saved;
    std::uint64_t seq = 0;
    double sent_at = 0; // steady clock, ms: an answer without ack for too long reconnects
};

/** The agenda editor's template, in its content-file form (app_agenda.cpp). */
struct agenda_json;

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
    /** Requests are waiting for their reply (the --script runner waits for none). */
    bool busy() const { return !requests_.empty(); }
    /** Images or photos are on their way (--frames waits for them before its screenshot). */
    bool loading() const {
        return images_.loading() || photos_.loading() || uploading_ || step_files_due();
    }
    /** What a test reads of the state: current step, its phase and answers, the end. */
    struct trace_state {
        std::uint64_t rev = 0;
        std::string current;
        std::string phase;
        std::uint32_t answered = 0;
        std::uint32_t complete = 0; // answered every item
        std::uint32_t joined = 0;
        bool ended = false;
        std::string selected; // the console's step
    };
    trace_state traced() const;

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
    void handle(wire::message& m);
    void on_welcome(wire::welcome& m);
    void on_view(wire::view& m);
    void on_mine(const wire::mine& m);
    void on_ack(const wire::ack& m);
    void on_error(const wire::error_reply& m);
    void on_session_created(const wire::session_created& m);
    void on_templates(wire::templates& m);
    void on_sessions(wire::sessions& m);
    void on_template(const wire::template_reply& m);
    void on_export(const wire::export_reply& m);
    /**
     * Sends a request (a message struct of protocol.hpp, written by its to_json) with the next
     * seq, and the admin token where it is needed; returns the seq (0 while not connected).
     */
    template <class M> std::uint64_t send(M m, request_kind kind, std::string key = {});
    /** Leaves the session on this screen: no agenda, no view. */
    void forget_session();
    /** The connection is dead while it says nothing (rules.reconnect): join and ack timeouts. */
    void check_timeouts();
    /** The steady clock in milliseconds (the timeouts of rules.reconnect). */
    static double clock_ms();
    bool connected() const;
    void send_join();
    /** A join (or open_session) went out with this seq: its welcome is awaited. */
    void join_sent(std::uint64_t seq);
    void set_code(const std::string& typed);
    void show_error(std::string text);
    std::string status_text() const;
    std::string join_url() const;
    std::string display_code() const;
    const std::string& text_of(const localized& t) const;
    const std::string& item_text(const std::string& step_id, const std::string& item_id) const;
    /** The item of a step by id, or nullptr. */
    const item_def* item_of(const std::string& step_id, const std::string& item_id) const;
    /** Kring's rating statement of an item ("Kring: …"), or "" when it has none. */
    std::string rating_line(const item_def& it) const;
    /** The open questions of a talk round (an open_text step's items), with their headings. */
    void draw_talk_list(const step_def& step);
    bool begin_screen(const char* id, bool scroll, bool padding);
    void draw_banners();
    void draw_status_dot(float radius);
    void draw_code_entry();
    void reap_children();
    /** The projector language the session asks for (session.lang or view.lang) changed. */
    void follow_projector_lang(lang l);
    /** A building block's title (session.blocks, else a dot_vote option), or its id. */
    std::string block_title(const std::string& id) const;
    /** The options of a choice or dot_vote step (dot_vote: fixed in the view once opened). */
    const std::vector<option_def>& step_options(const step_def& step) const;
    /** The summary is due on the projector and participants' screens (see app_projector.cpp). */
    bool summary_due(const wire::step_status* current) const;
    /** Seconds left on the view's timer, counting down between views. */
    int timer_remaining() const;
    /**
     * The key this screen fetches photos with (docs/protocol.md section 7): the console's
     * facilitator secret, else the admin token it was given; the projector's photo_key; a
     * participant's resume token. "" when it has none.
     */
    std::string photo_key() const;
    /**
     * The photo cache follows the session, the key and the photos the view lists (a floor
     * plan's own image and an image choice's own images included).
     */
    void sync_photos();
    /**
     * A photo drawn into p0..p1: cut to fill the box (`cover`), else whole and centred in it;
     * a quiet tile with a word while it loads or when it cannot be had.
     */
    void draw_photo(ImDrawList* dl, const std::string& id, ImVec2 p0, ImVec2 p1, bool cover,
                    float rounding, float text_size);

    // [SECTION] app_controls.cpp: running the room from the console
    /** A control on `step` ("" for the session's own actions); the caller adds its fields. */
    static protocol::control control_of(control_action action, const std::string& step);
    /** Sends a control; its key for the reply is the action's name. */
    void send_control(const protocol::control& m);
    /** start_timer for `seconds`, closing the step at the end when the console says so. */
    void send_timer(const std::string& step, int seconds);
    /** set_compare with another session ("": stop comparing). */
    void send_compare(const std::string& session_id);
    void draw_step_room_controls(const step_def& step, const wire::step_status* st);
    void draw_timer_controls(const step_def& step, const wire::step_status* st);
    void draw_notes_editor(const step_def& step);
    bool takes_tally(const step_def& step) const;
    void draw_tallies(const step_def& step);
    void draw_session_controls();
    void draw_devices();
    void draw_remove_dialog();
    /**
     * --open names this console panel (notes, tallies, devices, library, agenda, photos, plan,
     * images).
     */
    bool wants_panel(std::string_view name) const;

    // [SECTION] app_library.cpp: the sessions library and exports
    void open_library();
    void request_sessions();
    void draw_library();
    void draw_export_panel();
    void request_export(const std::string& format);
    void draw_session_table();
    void draw_delete_dialog();
    void reopen(const wire::stored_session& s);
    void send_open_session();

    // [SECTION] app_agenda.cpp: the agenda editor
    void request_template(const std::string& id);
    void draw_agenda_editor();
    void draw_agenda_step(nlohmann::json& st, float w);
    void add_agenda_step(activity_kind kind);
    void start_session_with_agenda();
    void send_create_agenda();
    void save_agenda_as_template();
    void on_agenda_ack(const std::string& key);
    void on_agenda_error(const std::string& key, const error& e);

    // [SECTION] app_projector_room.cpp
    void draw_projector_pause();
    /** The countdown; `under_qr`: on the join screen, under its QR code. */
    void draw_projector_timer(bool under_qr);
    void draw_projector_withheld(const step_def& step, const wire::step_result& res);
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
    void draw_step_detail(const step_def& step);
    /** The console's one lead for a step (lead.hpp), and where "next step" goes. */
    struct step_lead {
        lead::move move = lead::move::none;
        const step_def* next = nullptr; // the next step, or the block the vote chose
        bool next_is_choice = false;    // next is the chosen building block
    };
    step_lead lead_of(const step_def& step) const;
    /** Does the lead's action (Ctrl+Enter and the --script runner's keyboard). */
    void do_lead(const step_def& step, const step_lead& ld);
    /** Shows `next` on the projector and in the console. */
    void go_to_step(const step_def& next);
    /** Opens a step; in a practice session the simulated participants answer it. */
    void open_step(const std::string& step_id);
    /** The projector's page of a step's questions: back, forward, PageUp / PageDown. */
    void draw_page_controls(const step_def& step, const wire::step_status* st);
    void draw_live_results(const step_def& step);
    void start_session(std::string template_id, bool practice = false);
    /** One template in the picker: title, description, duration, steps, needs, buttons. */
    void draw_template_card(const wire::template_summary& t);
    /** Every word of `query` is in the template's title or description (any case). */
    bool template_matches(const wire::template_summary& t, const std::string& query) const;
    void new_session();
    void send_card_control(control_action action, const std::string& step, const std::string& card,
                           const std::vector<std::string>& cards = {});
    void send_projector_lang(lang l);
    void open_projector();
    void draw_guidance(const step_def& step);
    void draw_card_moderation(const step_def& step, const wire::step_result& res);
    /** photo: every photo with its thumbnail, caption, category and status, pending first. */
    void draw_photo_moderation(const step_def& step, const wire::step_result* res);
    void draw_photo_delete_dialog();
    void draw_summary_detail();

    // [SECTION] app_projector.cpp
    void draw_projector();
    void draw_projector_join(const wire::step_status* current);
    /** An image cut to fill the tile p0..p1 (or a grey tile while it loads). */
    void draw_cover_image(ImDrawList* dl, const image_def* info, ImVec2 p0, ImVec2 p1,
                          float rounding, float text_size);
    /** While a step is open: what is asked, large (app_projector_question.cpp). */
    void draw_projector_question(const wire::step_status& st, const step_def& step);
    /** After end_session: thank you. */
    void draw_projector_end();
    /** The smallest text the projector draws for the room: 3.5 % of the screen's height. */
    static float projector_min_text(float screen_h);
    void draw_projector_results(const wire::step_status& st, const wire::step_result& res);
    /** Results of every kind but traffic_light: header, then the chart filling the screen. */
    void draw_projector_kind_results(const step_def& step, const wire::step_result& res);
    void draw_projector_summary();
    /** Title, "n of m answered", the code in the corner; returns the y where content starts. */
    float draw_projector_header(const std::string& title, const std::string& sub);
    /** Draws the small join-code box; returns its width. */
    float draw_projector_corner_code(float right, float top, float height);
    /** R, C and S (or a click on the hint) toggle reasons, cards and the summary. */
    void projector_toggles(const step_def* step, bool summary_available);

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
    float draw_chart(const step_def& step, const wire::step_result& res, const chart_box& box);
    float chart_scale(const step_def& step, const wire::step_result& res, const chart_box& box);
    float chart_choice(const step_def& step, const wire::step_result& res, const chart_box& box);
    float chart_images(const step_def& step, const wire::step_result& res, const chart_box& box);
    /** image_choice: the facilitator's own images of the step (its status in the view). */
    const std::vector<image_choice::own_image>& own_images_of(const step_def& step) const;
    /** image_choice: the ids of the whole deck, the template's images then the own ones. */
    std::vector<std::string> deck_ids(const step_def& step) const;
    /** image_choice: an image's description in the screen's language ("" for no such image). */
    std::string deck_alt(const step_def& step, const std::string& id) const;
    /**
     * image_choice: an image of the deck cut to fill p0..p1, the template's (by its url) or an
     * own one (a photo, fetched with this screen's key); a quiet tile while it loads.
     */
    void draw_deck_image(ImDrawList* dl, const step_def& step, const std::string& id, ImVec2 p0,
                         ImVec2 p1, float rounding, float text_size);
    float chart_word_cloud(const wire::step_result& res, const chart_box& box);
    float chart_cards(const std::vector<std::pair<std::string, int>>& cards, const chart_box& box);
    float chart_dots(const step_def& step, const wire::step_result& res, const chart_box& box);
    float chart_matrix(const step_def& step, const wire::step_result& res, const chart_box& box);
    float chart_actions(const wire::step_result& res, const chart_box& box);
    /** photo: the approved wall; on the projector one photo large, the others in a grid. */
    float chart_photos(const step_def& step, const wire::step_result& res, const chart_box& box);
    float chart_summary(const chart_box& box);
    /** The chart as an ImGui item at the cursor (console, participant screen). */
    void chart_item(const step_def& step, const wire::step_result& res, float s);
    void summary_item(float s);
    /** The visible cards of an open_text, inventory or action_plan result, as text and count. */
    std::vector<std::pair<std::string, int>> card_texts(const step_def& step,
                                                        const wire::step_result& res) const;

    // [SECTION] app_plan.cpp: floor_plan
    /** floor_plan: the plan with its heat map and pins, or its routes, and the legend. */
    float chart_plan(const step_def& step, const wire::step_result& res, const chart_box& box);
    /** The step's plan as plan_view draws it: rooms, and its categories or slots with counts. */
    plan_view::scene plan_scene(const step_def& step, const wire::step_result* res) const;
    /** The console's list of pins or routes: category or slot, comment, room; hide / show. */
    void draw_plan_moderation(const step_def& step, const wire::step_result& res);
    /** The participant's pins (click to place, right-click to remove) or routes. */
    void draw_answer_plan(const step_def& step, bool open);
    /** The name of the room a point of the plan falls in ("" outside every room). */
    std::string plan_area_name(const step_def& step, double x, double y) const;
    /** The step's own plan image (its photo id), or "" while it draws the template's rooms. */
    std::string plan_image_of(const step_def& step) const;
    /**
     * The plan drawn at f: the paper, then the own image (once fetched with this screen's
     * key) or the template's rooms (plan_view::draw_plan).
     */
    void draw_plan_paper(ImDrawList* dl, const plan_view::frame& f, const plan_view::scene& sc,
                         const plan_view::style& st);
    /**
     * Console: the own plan's file path with "Choose file…" and its upload button, and what
     * became of it.
     */
    void draw_plan_upload(const step_def& step);

    // [SECTION] app_plan.cpp, images from the console: a floor plan's own plan and an image
    // choice's own images, sent with POST /photos/<code> (docs/protocol.md section 7).
    /** What the console sends for steps of one kind (floor_plan, image_choice). */
    struct step_upload {
        std::string path;         // the file's path as typed (or --plan-file, --deck-file)
        std::string caption;      // an own image's caption as typed ("" none)
        std::string message;      // what became of the last one, in words ("" none)
        std::string message_step; // the step that message belongs to
        bool message_ok = false;
        bool file_sent = false; // the command line's file was sent (or could not be)
        file_chooser chooser;   // "Choose file…": finds the file for `path`
    };
    /** The upload state of a kind: floor_plan's plan, image_choice's own images. */
    step_upload& upload_of(activity_kind kind);
    /**
     * Reads the file at up.path and POSTs it for `step` (an own image with up.caption); false,
     * and why in up.message, when it cannot. One POST at a time.
     */
    bool upload_image(const step_def& step, step_upload& up);
    /** The server's answer to the POST on its way. */
    void on_image_posted(const net_event& e);
    /** "Choose file…" next to up.path: opens the chooser, which fills the path in. */
    void draw_choose_file(step_upload& up);
    /**
     * Under an upload row: the chooser while open, then the upload on its way for `step`
     * (`uploading`), or what became of the last one.
     */
    void draw_upload_outcome(const step_def& step, step_upload& up, txt uploading);
    /** --plan-file or --deck-file still waits for its upload (its kind's step in the agenda). */
    bool step_files_due() const;
    /** --plan-file, --deck-file: each file to the first step of its kind once joined, in turn. */
    void send_step_files();
    /**
     * Console, image_choice: the own images: what they are, a path with "Choose file…", a
     * caption and "Add", the upload's outcome, and the list (thumbnail, alt text, remove).
     */
    void draw_deck_upload(const step_def& step);

    // [SECTION] app_participant.cpp
    void draw_participant();
    void draw_statement(const step_def& step, const item_def& item, bool open);
    void draw_participant_results(const step_def& step, const wire::step_result& res);
    void draw_answer_scale(const step_def& step, bool open);
    void draw_answer_choice(const step_def& step, bool open);
    void draw_answer_images(const step_def& step, bool open);
    void draw_answer_dots(const step_def& step, bool open);
    /** open_text, inventory and action_plan: a form that adds one entry, and the list. */
    void draw_list_answer(const step_def& step, bool open);
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
    std::vector<wire::device> devices_; // facilitator: the `devices` message
    double last_sync_request_ = -1e9;   // steady clock, ms
    /** The server's rules (welcome.rules); the defaults of a server until the first welcome. */
    client_rules rules_ = rules_for(limits{});
    double join_sent_at_ = 0; // steady clock, ms, while a join waits for its welcome
    bool join_waiting_ = false;

    // Facilitator.
    std::vector<wire::template_summary> templates_;
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
        std::vector<std::string> picks;  // image_choice
        std::string why;                 // choice, image_choice
        std::map<std::string, int> dots; // dot_vote
        /** open_text, inventory, action_plan: the entry being written, field by field. */
        std::map<std::string, std::string> form;
        std::vector<std::string> form_checks; // inventory: the target groups ticked
        /** floor_plan: the category (pins) or slot (routes) chosen, the comment of the next
         * pin, the route being drawn. */
        std::string plan_key;
        std::string plan_comment;
        std::vector<std::pair<double, double>> plan_route;
    };
    std::map<std::string, answer_draft> drafts_; // step id -> draft
    std::string code_input_;
    float column_w_ = 0; // the participant screen's column, set each frame
    float column_x_ = 0;

    // Images of image_choice steps, fetched over HTTP by the network thread.
    image_cache images_;
    // Photos of photo steps, fetched with this screen's key (photo_key).
    photo_cache photos_;
    std::string projector_photo_key_; // the projector's welcome.photo_key

    // Facilitator: card moderation.
    std::map<std::string, std::vector<std::string>> selected_cards_; // step -> selected card ids
    std::map<std::string, std::vector<std::string>>
        merged_here_; // target card -> cards merged by this console
    bool show_summary_detail_ = false;
    // Facilitator: photo moderation, the photo "delete" waits for its confirmation.
    std::string photo_delete_step_;
    std::string photo_delete_id_;
    std::string photo_delete_caption_;

    // Projector.
    bool show_reasons_ = false;
    bool show_cards_ = false;
    bool show_summary_ = false;
    std::optional<lang> last_projector_lang_; // the last session language seen
    qr_code qr_;
    std::size_t page_ = 0;        // the results' page shown (the facilitator's, plus the offset)
    std::size_t page_offset_ = 0; // pages turned on the projector itself (PageDown)
    std::string paged_step_;      // the step page_offset_ belongs to
    // The photo wall: the photo shown large, since when, and the photos seen (a new one is
    // shown large at once).
    std::string wall_step_;
    std::string wall_featured_;
    double wall_since_ = 0;
    std::set<std::string> wall_seen_;
    // floor_plan: the one category or slot shown ("" = all of them), and its step.
    std::string plan_only_;
    std::string plan_only_step_;
    // Console: images sent for steps (a floor plan's own plan, an image choice's own images)
    // and the one POST on its way.
    step_upload plan_upload_;
    step_upload deck_upload_;
    std::string upload_step_; // the step of the POST on its way
    activity_kind upload_kind_ = activity_kind::unknown;
    bool uploading_ = false;

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
    std::string template_search_;                               // the picker's search field
    std::string socket_code_;          // the join code the connection puts in its address
    bool search_focused_once_ = false; // the search field took the keyboard when first shown
    float step_rows_h_ = 0;            // the step list's height in the last frame
    bool deleted_after_end_ = false;   // the session was deleted after its end (practice)
    int panel_scroll_frames_ = 0;      // --open notes/tallies/photos: frames scrolled to the panel
    int timer_custom_minutes_ = 15;
    bool timer_close_ = false;
    int min_answers_input_ = 3;
    bool min_answers_editing_ = false;
    participant_id remove_target_ = 0;
    bool remove_discard_ = false;
    const std::string empty_;

    // The library and exports.
    bool show_library_ = false;
    bool library_opened_once_ = false;
    bool sessions_received_ = false;
    std::string library_error_;
    std::vector<wire::stored_session> sessions_;
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
    std::unique_ptr<agenda_json> agenda_edit_;   // the template being edited
    std::unique_ptr<agenda_json> create_agenda_; // a create_session with it, once connected
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
