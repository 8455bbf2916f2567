// Every string the client shows, in Dutch (the default) and English.
//
// Strings with placeholders use "{}" (filled in order by trf); they are never printf
// formats, so nothing a participant types can be read as a format.
#pragma once

#include "kring/text.hpp"

#include <initializer_list>
#include <string>
#include <string_view>

namespace kring::client {

/** The id of one UI string. */
enum class txt {
    // connection
    status_connected,
    status_connecting,
    status_waiting,
    status_stopped,
    // general
    code_label,
    join_url_label,
    participants_one,
    participants_many,
    online_count,
    language_switch,
    phase_pending,
    phase_open,
    phase_closed,
    results_shown,
    results_hidden,
    current_badge,
    answered_of,
    complete_of,
    no_answers_yet,
    pass_count,
    statement_count,
    // traffic light words: long form and short form (for narrow bar segments)
    green_long,
    orange_long,
    red_long,
    pass_long,
    green_short,
    orange_short,
    red_short,
    pass_short,
    // facilitator
    templates_heading,
    templates_loading,
    template_steps_one,
    template_steps_many,
    start_session,
    creating_session,
    rejoining_session,
    open_projector,
    new_session,
    steps_heading,
    action_open,
    action_close,
    action_reveal,
    action_hide,
    action_goto,
    live_results,
    live_results_note_hidden,
    live_results_note_shown,
    comments_heading,
    no_comments,
    no_steps,
    projector_failed,
    no_secret_for_code,
    rejoin_forbidden,
    rejoin_unknown,
    // projector
    projector_join_at,
    projector_scan,
    projector_waiting,
    projector_answered,
    projector_closed,
    projector_results_soon,
    projector_no_results,
    // participant and code entry
    enter_code,
    join_button,
    joining,
    wait_for_step,
    step_closed_note,
    saved,
    saving,
    not_saved,
    comment_hint,
    comment_save,
    your_answer,
    results_heading,
    anonymous_note,
    my_progress,
    kind_unsupported,
    // activity kinds (docs/protocol.md)
    kind_traffic_light,
    kind_scale,
    kind_choice,
    kind_image_choice,
    kind_open_text,
    kind_dot_vote,
    kind_inventory,
    kind_action_plan,
    guidance_heading,
    resources_heading,
    no_guidance,
    projector_lang_label,
    projector_lang_tip,
    cards_heading,
    card_hide,
    card_show,
    card_hidden_badge,
    merge_selected,
    merge_hint,
    unmerge,
    merged_count,
    summary_heading,
    summary_empty,
    summary_note,
    verdict_solid,
    verdict_work_first,
    verdict_mixed,
    next_block,
    median_label,
    dots_count,
    dots_one,
    voters_count,
    gap_word,
    gap_legend,
    gaps_count,
    entries_count,
    toggle_reasons,
    toggle_cards,
    toggle_overview,
    toggle_summary,
    no_reasons,
    reasons_heading,
    image_loading,
    no_cards,
    actions_count,
    action_who_when,
    why_hint,
    save_why,
    pick_one,
    pick_many,
    save_choice,
    save_button,
    chars_left,
    no_names_note,
    dots_left,
    dots_all_given,
    inv_name,
    inv_kind,
    inv_place,
    inv_families,
    inv_goals,
    add_entry,
    remove_entry,
    my_entries,
    act_what,
    act_who,
    act_when,
    entries_full,
    choose_kind,
    options_follow,
    your_picks,
    withdraw,
    count_,
};

/** The UI string `id` in language `l`. */
const char* tr(lang l, txt id);

/** tr() with each "{}" replaced by the next argument. */
std::string trf(lang l, txt id, std::initializer_list<std::string_view> args);

/** A friendly, localized text for a protocol error code (docs/protocol.md section 4). */
const char* error_text(lang l, std::string_view code);

/** Picks the text in the UI language; falls back to Dutch when the English is missing. */
const std::string& pick(lang l, const localized& t);

} // namespace kring::client
