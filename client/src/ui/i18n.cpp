#include "ui/i18n.hpp"

#include <array>
#include <cstddef>

namespace kring::client {

namespace {

struct entry {
    txt id;
    const char* nl;
    const char* en;
};

// One row per string; the static_assert below keeps the table complete and in order.
constexpr entry table[] = {
    {txt::status_connected, "Verbonden", "Connected"},
    {txt::status_connecting, "Verbinden met {}…", "Connecting to {}…"},
    {txt::status_waiting, "Geen verbinding — opnieuw over {} s",
     "No connection — retrying in {} s"},
    {txt::status_stopped, "Verbinding gestopt", "Connection stopped"},

    {txt::code_label, "Code", "Code"},
    {txt::join_url_label, "Deelnemen via", "Join at"},
    {txt::participants_one, "1 deelnemer", "1 participant"},
    {txt::participants_many, "{} deelnemers", "{} participants"},
    {txt::online_count, "{} online", "{} online"},
    {txt::language_switch, "English", "Nederlands"},
    {txt::phase_pending, "Nog niet geopend", "Not opened yet"},
    {txt::phase_open, "Open", "Open"},
    {txt::phase_closed, "Gesloten", "Closed"},
    {txt::results_shown, "Resultaten zichtbaar", "Results visible"},
    {txt::results_hidden, "Resultaten verborgen", "Results hidden"},
    {txt::current_badge, "huidige stap", "current step"},
    {txt::answered_of, "{} van {} beantwoord", "{} of {} answered"},
    {txt::complete_of, "{} volledig", "{} complete"},
    {txt::no_answers_yet, "Nog geen antwoorden", "No answers yet"},
    {txt::pass_count, "{} sla over", "{} pass"},
    {txt::rating_line, "Kleur deze stelling (in de woorden van Kring): {}",
     "Give this statement a colour (in Kring’s words): {}"},
    {txt::talk_title, "Om over te praten", "To talk about"},
    {txt::next_from_wegwijzer, "(zo zegt de wegwijzer)", "(as the wegwijzer says)"},
    {txt::next_from_kring, "(voorgesteld door Kring)", "(suggested by Kring)"},
    {txt::first_red, "Praat eerst over:", "Talk first about:"},
    {txt::first_disputed,
     "Praat eerst over, jullie zijn verdeeld:", "Talk first about, you are divided:"},
    {txt::statement_count, "{} antwoorden", "{} answers"},

    {txt::templates_heading, "Kies een werkvorm om een sessie te starten",
     "Choose an activity to start a session"},
    {txt::templates_loading, "Werkvormen laden…", "Loading activities…"},
    {txt::template_steps_one, "1 stap", "1 step"},
    {txt::template_steps_many, "{} stappen", "{} steps"},
    {txt::start_session, "Sessie starten", "Start session"},
    {txt::creating_session, "Sessie aanmaken…", "Creating the session…"},
    {txt::rejoining_session, "Terug naar sessie {}…", "Returning to session {}…"},
    {txt::open_projector, "Projector openen", "Open projector"},
    {txt::new_session, "Nieuwe sessie", "New session"},
    {txt::steps_heading, "Stappen", "Steps"},
    {txt::action_open, "Openen", "Open"},
    {txt::action_close, "Sluiten", "Close"},
    {txt::action_reveal, "Resultaten tonen", "Reveal results"},
    {txt::action_hide, "Resultaten verbergen", "Hide results"},
    {txt::action_goto, "Toon op projector", "Show on projector"},
    {txt::live_results, "Live resultaten", "Live results"},
    {txt::live_results_note_hidden,
     "Alleen jij ziet dit. Projector en deelnemers zien de resultaten pas na ‘Resultaten tonen’.",
     "Only you see this. The projector and participants see the results after ‘Reveal results’."},
    {txt::live_results_note_shown, "Projector en deelnemers zien deze resultaten nu.",
     "The projector and participants see these results now."},
    {txt::comments_heading, "Opmerkingen (anoniem)", "Comments (anonymous)"},
    {txt::no_comments, "Nog geen opmerkingen", "No comments yet"},
    {txt::no_steps, "Deze sessie heeft geen stappen.", "This session has no steps."},
    {txt::projector_failed, "Kon het projectorvenster niet starten.",
     "Could not start the projector window."},
    {txt::no_secret_for_code,
     "Voor code {} is op deze computer geen facilitatorsleutel bewaard. Start een nieuwe sessie of "
     "open de code als projector.",
     "No facilitator key for code {} is stored on this computer. Start a new session, or open the "
     "code as a projector."},

    {txt::rejoin_forbidden,
     "De server aanvaardt de bewaarde facilitatorsleutel voor sessie {} niet. Start een nieuwe "
     "sessie.",
     "The server does not accept the stored facilitator key for session {}. Start a new session."},
    {txt::rejoin_unknown, "Sessie {} bestaat niet (meer) op deze server. Start een nieuwe sessie.",
     "Session {} does not exist (any more) on this server. Start a new session."},

    {txt::projector_join_at, "Doe mee op je telefoon:", "Join on your phone:"},
    {txt::projector_scan, "of scan de QR-code", "or scan the QR code"},
    {txt::projector_waiting, "We beginnen zo meteen.", "We will start in a moment."},
    {txt::projector_answered, "{} van {} hebben geantwoord", "{} of {} have answered"},
    {txt::projector_closed, "De antwoorden zijn binnen.", "The answers are in."},
    {txt::projector_results_soon, "De resultaten komen zo op het scherm.",
     "The results will appear shortly."},
    {txt::projector_no_results, "Nog geen antwoorden voor deze stap.",
     "No answers for this step yet."},

    {txt::enter_code, "Code van de sessie", "Session code"},
    {txt::join_button, "Deelnemen", "Join"},
    {txt::joining, "Deelnemen aan sessie {}…", "Joining session {}…"},
    {txt::wait_for_step, "Wacht tot de facilitator een stap opent.",
     "Wait until the facilitator opens a step."},
    {txt::step_closed_note, "Deze stap is gesloten voor antwoorden.",
     "This step is closed for answers."},
    {txt::saved, "Bewaard ✓", "Saved ✓"},
    {txt::saving, "Bewaren…", "Saving…"},
    {txt::not_saved, "Niet bewaard", "Not saved"},
    {txt::comment_hint, "Opmerking (optioneel, anoniem)", "Comment (optional, anonymous)"},
    {txt::comment_save, "Opmerking bewaren", "Save comment"},
    {txt::your_answer, "Jouw antwoord", "Your answer"},
    {txt::results_heading, "Resultaten", "Results"},
    {txt::anonymous_note, "Je antwoorden zijn anoniem. Je kunt ze wijzigen zolang de stap open is.",
     "Your answers are anonymous. You can change them while the step is open."},
    {txt::my_progress, "{} van {} stellingen beantwoord", "{} of {} statements answered"},

    {txt::kind_traffic_light, "Stoplicht", "Traffic light"},
    {txt::kind_scale, "Schaal", "Scale"},
    {txt::kind_choice, "Keuze", "Choice"},
    {txt::kind_image_choice, "Beelden", "Images"},
    {txt::kind_open_text, "Open tekst", "Open text"},
    {txt::kind_dot_vote, "Stippen", "Dot vote"},
    {txt::kind_inventory, "Inventaris", "Inventory"},
    {txt::kind_action_plan, "Acties", "Actions"},
    {txt::kind_photo, "Foto’s", "Photos"},
    {txt::kind_floor_plan, "Grondplan", "Floor plan"},
    {txt::guidance_heading, "Begeleiding (alleen voor jou)", "Guidance (only for you)"},
    {txt::resources_heading, "Materialen en bronnen", "Materials and sources"},
    {txt::no_guidance, "Geen begeleidingstekst voor deze stap.", "No guidance for this step."},
    {txt::projector_lang_label, "Projector:", "Projector:"},
    {txt::projector_lang_tip,
     "De taal van het projectorscherm; deze console blijft in haar eigen taal.",
     "The language of the projector screen; this console keeps its own language."},
    {txt::cards_heading, "Kaartjes", "Cards"},
    {txt::card_hide, "Verbergen", "Hide"},
    {txt::card_show, "Tonen", "Show"},
    {txt::card_hidden_badge, "verborgen", "hidden"},
    {txt::merge_selected, "Samenvoegen ({})", "Merge ({})"},
    {txt::merge_hint,
     "Vink kaartjes aan en voeg ze samen; het eerst aangevinkte kaartje blijft staan en telt de "
     "andere mee. Verborgen kaartjes komen niet op de projector of in de woordwolk.",
     "Tick cards and merge them; the first ticked card stays and counts the others. Hidden cards "
     "never reach the projector or the word cloud."},
    {txt::unmerge, "Splitsen", "Split"},
    {txt::merged_count, "{} samengevoegd", "{} merged"},
    {txt::summary_heading, "Samenvatting", "Summary"},
    {txt::summary_empty,
     "Nog geen samenvatting: die volgt uit de resultaten van de stoplichtstappen per thema.",
     "No summary yet: it follows from the results of the traffic-light steps per theme."},
    {txt::summary_note,
     "Projector en deelnemers zien de samenvatting zodra alle reflectiestappen getoond zijn en je "
     "naar een stap gaat die nog niet geopend is (of met toets S op de projector).",
     "The projector and participants see the summary once every reflection step is revealed and "
     "you go to a step that is not opened yet (or with the S key on the projector)."},
    {txt::next_block, "Volgende bouwsteen: {}", "Next building block: {}"},
    {txt::median_label, "mediaan {}", "median {}"},
    {txt::dots_count, "{} stippen", "{} dots"},
    {txt::dots_one, "1 stip", "1 dot"},
    {txt::voters_count, "{} van {} hebben gestemd", "{} of {} have voted"},
    {txt::gap_word, "gat", "gap"},
    {txt::gap_legend, "gat: dit aanbod bereikt deze gezinnen nog niet",
     "gap: this offer does not reach these families yet"},
    {txt::gaps_count, "{} gaten", "{} gaps"},
    {txt::nobody_reaches, "Nog door geen enkel aanbod bereikt: {}",
     "Not reached by any provision yet: {}"},
    {txt::kinds_missing, "Soorten aanbod die niemand noemde: {}",
     "Kinds of provision nobody named: {}"},
    {txt::entries_count, "{} keer aanbod ingevuld", "{} offers entered"},
    {txt::toggle_reasons, "R  redenen", "R  reasons"},
    {txt::toggle_cards, "C  kaartjes", "C  cards"},
    {txt::toggle_overview, "C  overzicht", "C  overview"},
    {txt::toggle_summary, "S  samenvatting", "S  summary"},
    {txt::no_reasons, "Nog geen redenen.", "No reasons yet."},
    {txt::reasons_heading, "Waarom?", "Why?"},
    {txt::image_loading, "beeld laadt…", "image loading…"},
    {txt::no_cards, "Nog geen kaartjes.", "No cards yet."},
    {txt::actions_count, "{} acties", "{} actions"},
    {txt::action_who_when, "{} · {}", "{} · {}"},
    {txt::why_hint, "Waarom? (optioneel, anoniem)", "Why? (optional, anonymous)"},
    {txt::save_why, "Reden bewaren", "Save reason"},
    {txt::pick_one, "Kies één beeld.", "Choose one image."},
    {txt::pick_many, "Kies tot {} beelden.", "Choose up to {} images."},
    {txt::save_choice, "Keuze bewaren", "Save choice"},
    {txt::save_button, "Bewaren", "Save"},
    {txt::chars_left, "{} tekens over", "{} characters left"},
    {txt::no_names_note, "Schrijf geen namen of persoonlijke details.",
     "Do not write names or personal details."},
    {txt::dots_left, "Nog {} van {} stippen te verdelen", "{} of {} dots left to give"},
    {txt::dots_all_given, "Alle stippen zijn verdeeld.", "All dots are given."},
    {txt::inv_name, "Naam van het aanbod", "Name of the offer"},
    {txt::inv_kind, "Soort aanbod", "Kind of offer"},
    {txt::inv_place, "Waar? (optioneel)", "Where? (optional)"},
    {txt::inv_families, "Welke gezinnen bereikt het?", "Which families does it reach?"},
    {txt::inv_goals, "Doelen (optioneel)", "Goals (optional)"},
    {txt::add_entry, "Toevoegen", "Add"},
    {txt::remove_entry, "Verwijderen", "Remove"},
    {txt::my_entries, "Wat jij invulde ({})", "What you entered ({})"},
    {txt::act_what, "Wat doen we?", "What do we do?"},
    {txt::act_who, "Wie? (optioneel)", "Who? (optional)"},
    {txt::act_when, "Wanneer? (optioneel)", "When? (optional)"},
    {txt::entries_full, "Je hebt het maximum van {} bereikt.", "You reached the maximum of {}."},
    {txt::choose_kind, "Kies…", "Choose…"},
    {txt::options_follow, "De opties verschijnen zodra de facilitator deze stap opent.",
     "The options appear once the facilitator opens this step."},
    {txt::your_picks, "Jouw keuze: {}", "Your choice: {}"},
    {txt::withdraw, "Intrekken", "Withdraw"},
    {txt::action_lock, "Vergrendelen", "Lock"},
    {txt::action_unlock, "Ontgrendelen", "Unlock"},
    {txt::lock_tip,
     "Een gesloten stap vergrendelen maakt het resultaat definitief: geen antwoorden, tellingen of "
     "heropenen meer tot je ontgrendelt.",
     "Locking a closed step makes its result final: no answers, tallies or reopening until you "
     "unlock it."},
    {txt::bring_here, "Zet op alle telefoons", "Put on every phone"},
    {txt::results_live, "Live", "Live"},
    {txt::results_live_note, "resultaten zichtbaar terwijl de stap open is",
     "results visible while the step is open"},
    {txt::results_live_phones, "ook op telefoons", "on phones too"},
    {txt::results_live_projector_note,
     "resultaten live op het scherm, op telefoons pas na onthullen",
     "results live on the screen, on phones only after reveal"},
    {txt::live_phones_tip,
     "Aan: ook de telefoons tonen het resultaat terwijl de stap open is. Uit: alleen het grote "
     "scherm; zo antwoordt niemand naar wat de groep al koos.",
     "On: the phones show the result while the step is open too. Off: only the big screen, so "
     "nobody answers after what the group already chose."},
    {txt::results_until_reveal, "resultaten verborgen tot onthullen",
     "results hidden until reveal"},
    {txt::timer_label, "Timer (min):", "Timer (min):"},
    {txt::timer_start_custom, "Start", "Start"},
    {txt::timer_close_at_end, "sluit de stap als de tijd om is", "close the step when time is up"},
    {txt::timer_ended, "De tijd is om", "Time is up"},
    {txt::timer_left, "Nog {}", "{} left"},
    {txt::timer_stop, "Timer stoppen", "Stop timer"},
    {txt::notes_heading, "Notities (alleen voor jou en het verslag)",
     "Notes (for you and the report only)"},
    {txt::note_editing, "Aan het typen…", "Typing…"},
    {txt::note_empty, "Nog geen notitie", "No note yet"},
    {txt::notes_note, "Wordt bewaard zodra je stopt met typen.",
     "Saved as soon as you stop typing."},
    {txt::tallies_heading, "Papieren antwoorden", "Paper answers"},
    {txt::paper_line, "van papier: {}", "from paper: {}"},
    {txt::tallies_note,
     "Tel de antwoorden op papier en vul ze hier in; ze tellen mee in het resultaat. Een nieuwe "
     "telling vervangt de vorige; alles op 0 wist ze.",
     "Count the answers on paper and enter them here; they count in the result. A new tally "
     "replaces the earlier one; all zeros removes it."},
    {txt::tallies_locked, "Deze stap is vergrendeld: tellingen kunnen niet meer.",
     "This step is locked: no more tallies."},
    {txt::session_heading, "Sessie", "Session"},
    {txt::action_pause, "Pauze", "Pause"},
    {txt::action_resume, "Hervatten", "Resume"},
    {txt::paused_badge, "gepauzeerd", "paused"},
    {txt::follow_label, "Telefoons volgen de huidige stap", "Phones follow the current step"},
    {txt::min_answers_label, "Resultaten vanaf", "Results from"},
    {txt::min_answers_tip,
     "Een resultaat verschijnt pas (overal, ook in het verslag) vanaf zoveel antwoorden, papier "
     "inbegrepen: zo blijft niemand herkenbaar.",
     "A result appears (everywhere, the report included) only from this many answers, paper "
     "included: so nobody can be recognised."},
    {txt::theme_to_dark, "Donker scherm", "Dark screen"},
    {txt::theme_to_light, "Licht scherm", "Light screen"},
    {txt::comparing_with, "De projector vergelijkt met: {}", "The projector compares with: {}"},
    {txt::compare_stop, "Vergelijking stoppen", "Stop comparing"},
    {txt::devices_heading, "Toestellen ({})", "Devices ({})"},
    {txt::no_devices, "Nog geen toestellen.", "No devices yet."},
    {txt::device_online, "online", "online"},
    {txt::device_offline, "offline", "offline"},
    {txt::remove_device, "Verwijder toestel", "Remove device"},
    {txt::remove_title, "Toestel {} verwijderen?", "Remove device {}?"},
    {txt::remove_explain, "Het toestel kan niet meer meedoen met deze sessie.",
     "The device can no longer take part in this session."},
    {txt::remove_discard, "ook antwoorden wissen", "also discard its answers"},
    {txt::remove_discard_note,
     "Alles wat dit toestel antwoordde, verdwijnt uit elke stap en uit het verslag.",
     "Everything this device answered disappears from every step and from the report."},
    {txt::remove_keep_note, "De antwoorden die al gegeven zijn, blijven meetellen.",
     "The answers already given keep counting."},
    {txt::cancel, "Annuleren", "Cancel"},
    {txt::pause_title, "Even pauze", "A short break"},
    {txt::pause_note, "We gaan zo verder. Antwoorden kan straks weer.",
     "We continue in a moment. You can answer again soon."},
    {txt::timer_up, "Tijd!", "Time!"},
    {txt::withheld_title, "Nog te weinig antwoorden ({})", "Not enough answers yet ({})"},
    {txt::withheld_note,
     "Het resultaat verschijnt zodra genoeg mensen geantwoord hebben, zodat niemand herkenbaar is.",
     "The result appears once enough people have answered, so that nobody can be recognised."},
    {txt::withheld_console,
     "Resultaat achtergehouden: {} antwoorden, minstens {} nodig. Niemand ziet het, ook jij niet, "
     "tot er genoeg zijn.",
     "Result withheld: {} answers, at least {} needed. Nobody sees it, you included, until there "
     "are enough."},
    {txt::compare_heading, "Vergelijking: toen en nu", "Comparison: then and now"},
    {txt::compare_sub, "Eerder: {}", "Earlier: {}"},
    {txt::compare_empty, "Nog geen stellingen met genoeg antwoorden in beide sessies.",
     "No statements with enough answers in both sessions yet."},
    {txt::compare_before, "toen", "then"},
    {txt::compare_after, "nu", "now"},
    {txt::hint_fullscreen, "F11  volledig scherm", "F11  full screen"},
    {txt::hint_theme, "T  licht/donker", "T  light/dark"},
    {txt::hint_qr, "Q  QR-code", "Q  QR code"},
    {txt::library_heading, "Bibliotheek", "Library"},
    {txt::library_refresh, "Vernieuwen", "Refresh"},
    {txt::library_note, "Sessies op deze server, nieuwste eerst.",
     "Sessions on this server, newest first."},
    {txt::export_heading, "Exporteren: {}", "Export: {}"},
    {txt::export_csv, "CSV per stap", "CSV per step"},
    {txt::export_folder, "Map:", "Folder:"},
    {txt::export_button, "Exporteren", "Export"},
    {txt::export_with_compare, "Met de vergelijking met {}.", "With the comparison with {}."},
    {txt::export_failed, "Kon niet bewaren in {}.", "Could not save in {}."},
    {txt::export_saved, "Bewaard: {}", "Saved: {}"},
    {txt::export_saved_many, "{} bestanden bewaard in {}", "{} files saved in {}"},
    {txt::library_loading, "Sessies laden…", "Loading sessions…"},
    {txt::library_empty, "Nog geen bewaarde sessies.", "No stored sessions yet."},
    {txt::library_date, "Datum", "Date"},
    {txt::library_title, "Titel", "Title"},
    {txt::library_people, "Deelnemers", "Participants"},
    {txt::library_answers, "Antwoorden", "Answers"},
    {txt::library_here, "deze sessie", "this session"},
    {txt::library_reopen, "Heropenen", "Reopen"},
    {txt::library_compare, "Vergelijken met…", "Compare with…"},
    {txt::library_compare_tip,
     "Alleen een sessie van dezelfde werkvorm, naast de sessie die nu loopt.",
     "Only a session of the same activity, next to the session running now."},
    {txt::library_delete, "Verwijderen", "Delete"},
    {txt::delete_title, "{} verwijderen?", "Delete {}?"},
    {txt::delete_permanent,
     "Dit is definitief: alle antwoorden, notities en tellingen van deze sessie worden gewist en "
     "kunnen niet terugkomen.",
     "This is permanent: every answer, note and tally of this session is erased and cannot come "
     "back."},
    {txt::delete_confirm, "Definitief verwijderen", "Delete permanently"},
    {txt::agenda_edit, "Aanpassen", "Customise"},
    {txt::agenda_heading, "Agenda aanpassen", "Customise the agenda"},
    {txt::agenda_back, "Terug", "Back"},
    {txt::agenda_columns, "Links Nederlands, rechts Engels.",
     "Dutch on the left, English on the right."},
    {txt::agenda_title, "Titel", "Title"},
    {txt::agenda_remove_step, "Stap verwijderen", "Remove step"},
    {txt::agenda_add_step, "Stap toevoegen", "Add step"},
    {txt::agenda_start, "Start sessie met deze agenda", "Start a session with this agenda"},
    {txt::agenda_save_heading, "Bewaar als nieuw sjabloon", "Save as a new template"},
    {txt::agenda_new_id, "Id:", "Id:"},
    {txt::agenda_new_title, "Titel:", "Title:"},
    {txt::agenda_save, "Bewaar als nieuw sjabloon", "Save as a new template"},
    {txt::agenda_step_title, "Titel van de stap", "Step title"},
    {txt::agenda_step_prompt, "Opdracht", "Prompt"},
    {txt::agenda_statements, "Stellingen", "Statements"},
    {txt::agenda_options, "Opties", "Options"},
    {txt::agenda_add_statement, "Stelling toevoegen", "Add statement"},
    {txt::agenda_add_option, "Optie toevoegen", "Add option"},
    {txt::agenda_options_from_source, "De opties komen uit een eerdere stap.",
     "The options come from an earlier step."},
    {txt::agenda_saved, "Bewaard als sjabloon ‘{}’.", "Saved as template ‘{}’."},
    {txt::live_badge, "live", "live"},
    {txt::locked_badge, "vergrendeld", "locked"},
    {txt::next_step, "Volgende stap", "Next step"},
    {txt::next_step_to, "Volgende stap: {}", "Next step: {}"},
    {txt::end_session, "Sessie afsluiten", "End the session"},
    {txt::end_session_tip,
     "Sluit alle stappen. De telefoons tonen een bedankscherm, de projector een slotscherm. De "
     "antwoorden blijven bewaard voor het verslag; een stap opnieuw openen zet de sessie weer "
     "voort.",
     "Closes every step. Phones show a thank-you screen, the projector a closing screen. The "
     "answers stay for the report; opening a step again carries the session on."},
    {txt::session_ended_badge, "Sessie afgesloten: de telefoons tonen het bedankscherm.",
     "Session ended: phones show the thank-you screen."},
    {txt::goto_tip,
     "Toont deze stap op de projector en op de telefoons die de huidige stap volgen, zonder hem te "
     "openen.",
     "Shows this step on the projector and on the phones that follow the current step, without "
     "opening it."},
    {txt::bring_here_tip,
     "Zet deze stap op elke telefoon, ook als deelnemers zelf een stap mochten kiezen.",
     "Puts this step on every phone, also when participants were allowed to pick a step "
     "themselves."},
    {txt::live_tip,
     "Aangevinkt: de projector en de telefoons zien het resultaat al terwijl de stap open is. "
     "Anders pas na ‘Resultaten tonen’.",
     "Ticked: the projector and the phones see the result while the step is open. Otherwise only "
     "after ‘Reveal results’."},
    {txt::reveal_tip, "Toont het resultaat op de projector en op de telefoons.",
     "Shows the result on the projector and on the phones."},
    {txt::primary_tip, "Sneltoets: Ctrl+Enter doet de blauwe knop.",
     "Shortcut: Ctrl+Enter does the blue button."},
    {txt::page_label, "Projector: pagina {}", "Projector: page {}"},
    {txt::page_tip,
     "Passen de vragen niet op één scherm, dan toont de projector ze in pagina’s. Blader hier of "
     "met PageDown en PageUp.",
     "When the questions do not fit on one screen, the projector shows them in pages. Turn them "
     "here or with PageDown and PageUp."},
    {txt::follow_tip,
     "Aangevinkt: elke telefoon toont de stap die op de projector staat. Uitgevinkt: deelnemers "
     "kiezen zelf een open stap.",
     "Ticked: every phone shows the step on the projector. Unticked: participants pick an open "
     "step themselves."},
    {txt::projector_end_title, "Bedankt!", "Thank you!"},
    {txt::projector_end_body,
     "De sessie is afgesloten. Jullie antwoorden zijn anoniem bewaard voor het verslag van het "
     "team.",
     "The session has ended. Your answers are kept anonymously for the team's report."},
    {txt::projector_step_of, "Stap {} van {}", "Step {} of {}"},
    {txt::try_out, "Probeer uit", "Try it out"},
    {txt::try_out_tip,
     "Oefen deze werkvorm alleen: 12 gesimuleerde deelnemers antwoorden op elke stap die je opent. "
     "De oefensessie telt niet mee in de bibliotheek en wordt verwijderd zodra je ze afsluit.",
     "Rehearse this activity alone: 12 simulated participants answer every step you open. The "
     "practice session is not in the library and is deleted as soon as you end it."},
    {txt::practice_banner,
     "Oefensessie: gesimuleerde deelnemers antwoorden op elke stap die je opent. ‘Sessie "
     "afsluiten’ verwijdert ze.",
     "Practice session: simulated participants answer every step you open. ‘End the session’ "
     "deletes it."},
    {txt::practice_ended, "De oefensessie is afgesloten en verwijderd.",
     "The practice session has ended and was deleted."},
    {txt::template_search, "Zoek een werkvorm…", "Search an activity…"},
    {txt::template_none_found, "Geen werkvorm gevonden.", "No activity found."},
    {txt::movement_geheel, "De volledige workshop", "The full workshop"},
    {txt::movement_in_kaart, "1. In kaart brengen: hoe zetten jullie nu al in op ontmoeting?",
     "1. Mapping: how do you already invest in encounter?"},
    {txt::movement_reflecteren, "2. Reflecteren: wat loopt al goed, wat kan sterker?",
     "2. Reflecting: what already goes well, what could be stronger?"},
    {txt::movement_verder_bouwen, "3. Verder bouwen: hoe zetten jullie samen een volgende stap?",
     "3. Building further: how do you take a next step together?"},
    {txt::movement_own, "Eigen werkvormen", "Your own activities"},
    {txt::template_minutes, "ongeveer {} minuten", "about {} minutes"},
    {txt::template_needs, "Nodig: {}", "Needs: {}"},
    {txt::need_phones, "telefoons of laptops", "phones or laptops"},
    {txt::need_paper, "papier en stiften", "paper and markers"},
    {txt::need_walk, "een wandeling door het gebouw", "a walk through the building"},
    {txt::need_photos, "foto’s", "photos"},
    {txt::need_reading, "een artikel of film vooraf", "an article or film beforehand"},
    {txt::photo_queue_heading, "Foto’s beoordelen", "Review the photos"},
    {txt::photo_queue_note,
     "Een nieuwe foto ziet alleen jij. Goedgekeurde foto’s komen op de projector en de "
     "telefoons zodra de resultaten zichtbaar zijn.",
     "Only you see a new photo. Approved photos reach the projector and the phones once the "
     "results are visible."},
    {txt::photo_counts, "{} te beoordelen · {} goedgekeurd · {} verborgen",
     "{} to review · {} approved · {} hidden"},
    {txt::photo_status_pending, "te beoordelen", "to review"},
    {txt::photo_status_approved, "goedgekeurd", "approved"},
    {txt::photo_approve, "Goedkeuren", "Approve"},
    {txt::photo_delete_title, "Deze foto definitief verwijderen?", "Delete this photo for good?"},
    {txt::photo_delete_note,
     "De foto verdwijnt overal, ook uit het verslag, en kan niet terugkomen. Wie ze stuurde, mag "
     "een andere sturen.",
     "The photo disappears everywhere, the report included, and cannot come back. Whoever sent "
     "it may send another."},
    {txt::photo_no_caption, "(geen onderschrift)", "(no caption)"},
    {txt::photo_unavailable, "foto niet beschikbaar", "photo not available"},
    {txt::photos_none, "Nog geen foto’s.", "No photos yet."},
    {txt::photos_one, "1 foto", "1 photo"},
    {txt::photos_many, "{} foto’s", "{} photos"},
    {txt::photo_wall_empty, "De foto’s verschijnen hier zodra ze goedgekeurd zijn.",
     "The photos appear here once they are approved."},
    {txt::photo_from_phone,
     "Foto’s stuur je met je telefoon: open deze sessie daar (scan de QR-code op het scherm of "
     "typ de code). Hier zie je de goedgekeurde foto’s zodra de resultaten getoond worden.",
     "You send photos from your phone: open this session there (scan the QR code on the screen "
     "or type the code). Here you see the approved photos once the results are shown."},

    {txt::plan_keys_hint, "1–{}: één categorie  ·  0: alle  ·  of klik in de legende",
     "1–{}: one category  ·  0: all  ·  or click the legend"},
    {txt::plan_slots_hint, "1–{}: één tijdstip  ·  0: alle  ·  of klik in de legende",
     "1–{}: one time slot  ·  0: all  ·  or click the legend"},
    {txt::plan_pins_heading, "Spelden op het plan", "Pins on the plan"},
    {txt::plan_routes_heading, "Routes op het plan", "Routes on the plan"},
    {txt::plan_moderation_note,
     "Verbergen haalt een speld of route van het scherm en uit de heatmap; Tonen zet ze terug.",
     "Hide takes a pin or route off the screen and out of the heat map; Show brings it back."},
    {txt::plan_no_area, "buiten de ruimtes", "outside the rooms"},
    {txt::plan_route_points, "{} punten", "{} points"},
    {txt::plan_pin_hint,
     "Kies wat je ervaart en klik op het plan waar het is. Rechtsklik op een speld haalt ze weg.",
     "Choose what you experience and click the plan where it is. Right-click a pin to remove "
     "it."},
    {txt::plan_route_hint,
     "Kies het tijdstip en klik de route punt voor punt op het plan (rechtsklik haalt het "
     "laatste punt weg). Bewaar de route als ze af is.",
     "Choose the time slot and click the route on the plan point by point (right-click removes "
     "the last point). Save the route when it is complete."},
    {txt::plan_comment_hint, "Opmerking bij je volgende speld (mag leeg)",
     "Comment with your next pin (optional)"},
    {txt::plan_pins_count, "{} van {} spelden geplaatst", "{} of {} pins placed"},
    {txt::plan_routes_count, "{} van {} routes bewaard", "{} of {} routes saved"},
    {txt::plan_route_save, "Route bewaren", "Save route"},
    {txt::plan_route_clear, "Opnieuw", "Start over"},
    {txt::plan_own_heading, "Eigen plan", "Own plan"},
    {txt::plan_own_note,
     "Een afbeelding van het plan van jullie eigen gebouw (PNG of JPEG, hoogstens {} MB) komt op "
     "elk scherm in de plaats van de getekende ruimtes. Spelden en routes blijven op hun plek.",
     "An image of your own building's plan (PNG or JPEG, at most {} MB) takes the place of the "
     "drawn rooms on every screen. Pins and routes stay where they are."},
    {txt::plan_own_set, "Eigen plan gezet ({} × {} pixels).", "Own plan set ({} × {} pixels)."},
    {txt::plan_own_none, "Nu: de getekende ruimtes van de werkvorm.",
     "Now: the activity's drawn rooms."},
    {txt::plan_file_hint, "Pad naar een PNG- of JPEG-bestand op deze computer",
     "Path to a PNG or JPEG file on this computer"},
    {txt::plan_upload, "Plan uploaden", "Upload plan"},
    {txt::plan_uploading, "Het plan wordt verstuurd…", "Sending the plan…"},
    {txt::plan_uploaded, "Plan gezet", "Plan set"},
    {txt::plan_upload_failed, "Plan niet gezet: {}", "Plan not set: {}"},
    {txt::plan_err_no_file, "geef het pad van een PNG- of JPEG-bestand op.",
     "give the path of a PNG or JPEG file."},
    {txt::plan_err_read, "het bestand {} kan niet gelezen worden.", "the file {} cannot be read."},
    {txt::plan_err_too_large, "het bestand is groter dan {} MB.", "the file is larger than {} MB."},
    {txt::plan_err_type, "alleen een PNG- of JPEG-bestand kan het plan zijn.",
     "only a PNG or JPEG file can be the plan."},
    {txt::plan_err_not_image, "dit bestand is geen afbeelding (of het is leeg).",
     "this file is no image (or it is empty)."},
    {txt::plan_err_pixels, "de afbeelding heeft te veel pixels; verklein ze eerst.",
     "the image has too many pixels; make it smaller first."},
    {txt::plan_err_damaged, "de afbeelding is beschadigd of onvolledig.",
     "the image is damaged or incomplete."},
    {txt::plan_err_busy, "er wordt al een plan verstuurd; probeer zo opnieuw.",
     "a plan is being sent already; try again in a moment."},
    {txt::plan_err_not_plan, "deze stap is geen plattegrond.", "this step is no floor plan."},
    {txt::plan_err_forbidden, "alleen de begeleider van deze sessie kan het plan zetten.",
     "only the facilitator of this session can set the plan."},
    {txt::plan_err_network, "de server was niet bereikbaar; probeer opnieuw.",
     "the server could not be reached; try again."},
    {txt::deck_heading, "Eigen beelden", "Own images"},
    {txt::deck_note,
     "Eigen foto's (PNG of JPEG, hoogstens {} MB) komen na de beelden van de werkvorm op elk "
     "scherm, en de deelnemers kiezen ze zoals die. Gebruik geen foto's waarop kinderen of ouders "
     "herkenbaar zijn zonder hun toestemming.",
     "Own photos (PNG or JPEG, at most {} MB) come after the activity's images on every screen, "
     "and participants choose them like those. Use no photos in which children or parents can "
     "be recognised without their permission."},
    {txt::deck_count, "{} van {} eigen beelden", "{} of {} own images"},
    {txt::deck_caption_hint, "Bijschrift (mag leeg, hoogstens {} tekens)",
     "Caption (optional, at most {} characters)"},
    {txt::deck_add, "Toevoegen", "Add"},
    {txt::deck_uploading, "Het beeld wordt verstuurd…", "Sending the image…"},
    {txt::deck_added, "Beeld toegevoegd", "Image added"},
    {txt::deck_add_failed, "Beeld niet toegevoegd: {}", "Image not added: {}"},
    {txt::deck_size, "{} × {} pixels", "{} × {} pixels"},
    {txt::deck_full, "Er zijn al {} eigen beelden: verwijder er eerst een.",
     "There are {} own images already: remove one first."},
    {txt::deck_closed, "De stap is gesloten: er kunnen geen beelden meer bij.",
     "The step is closed: no more images can be added."},
    {txt::deck_remove_title, "Dit eigen beeld verwijderen?", "Remove this own image?"},
    {txt::deck_remove_note,
     "Het beeld verdwijnt van elk scherm en uit het verslag. Wie het koos, verliest die keuze en "
     "kan opnieuw kiezen.",
     "The image disappears from every screen and from the report. Whoever chose it loses that "
     "choice and can choose again."},
    {txt::deck_err_type, "alleen een PNG- of JPEG-bestand kan een eigen beeld zijn.",
     "only a PNG or JPEG file can be an own image."},
    {txt::deck_err_busy, "er wordt al een beeld verstuurd; probeer zo opnieuw.",
     "an image is being sent already; try again in a moment."},
    {txt::deck_err_not_deck, "deze stap neemt geen eigen beelden.",
     "this step takes no own images."},
    {txt::deck_err_forbidden, "alleen de begeleider van deze sessie kan beelden toevoegen.",
     "only the facilitator of this session can add images."},
    {txt::deck_err_limit, "er kunnen niet meer beelden bij (hoogstens {} per stap).",
     "no more images can be added (at most {} per step)."},
    {txt::deck_err_closed, "de stap is gesloten.", "the step is closed."},
    {txt::deck_err_too_long, "het bijschrift is langer dan {} tekens.",
     "the caption is longer than {} characters."},
    {txt::choose_file, "Kies bestand…", "Choose file…"},
    {txt::chooser_title, "Kies een afbeelding", "Choose an image"},
    {txt::chooser_up, "Omhoog", "Up"},
    {txt::chooser_choose, "Kiezen", "Choose"},
    {txt::chooser_hint,
     "PNG- en JPEG-bestanden. Dubbelklik op een map om die te openen, op een afbeelding om die "
     "te kiezen.",
     "PNG and JPEG files. Double-click a folder to open it, an image to choose it."},
    {txt::chooser_folder, "map", "folder"},
    {txt::chooser_too_large, "{}, te groot (meer dan {} MB)", "{}, too large (over {} MB)"},
    {txt::chooser_empty, "Geen mappen en geen PNG- of JPEG-bestanden in deze map.",
     "No folders and no PNG or JPEG files in this folder."},
    {txt::chooser_missing, "Deze map bestaat niet (meer).",
     "This folder does not exist (any more)."},
    {txt::chooser_not_folder, "Dit is geen map.", "This is not a folder."},
    {txt::chooser_unreadable,
     "Deze map kan niet gelezen worden: geen toegang, of de schijf is weg.",
     "This folder cannot be read: no access, or the disk is gone."},
};

constexpr bool table_in_order() {
    for (std::size_t i = 0; i < std::size(table); ++i)
        if (static_cast<std::size_t>(table[i].id) != i)
            return false;
    return std::size(table) == static_cast<std::size_t>(txt::count_);
}
static_assert(table_in_order(), "i18n table must list every txt id once, in enum order");

struct error_entry {
    std::string_view code;
    const char* nl;
    const char* en;
};

constexpr error_entry errors[] = {
    {"bad_json", "De server begreep het bericht niet.",
     "The server did not understand the message."},
    {"bad_message", "De server begreep het bericht niet.",
     "The server did not understand the message."},
    {"unknown_type", "Deze versie van Kring past niet bij de server.",
     "This version of Kring does not match the server."},
    {"unsupported_version", "Deze versie van Kring past niet bij de server. Werk Kring bij.",
     "This version of Kring does not match the server. Please update Kring."},
    {"too_large", "Het bericht is te groot.", "The message is too large."},
    {"rate_limited", "Even rustig aan: probeer het over een paar seconden opnieuw.",
     "Slow down a little: try again in a few seconds."},
    {"not_joined", "Je bent (nog) niet verbonden met een sessie.",
     "You are not connected to a session (yet)."},
    {"already_joined", "Deze verbinding hoort al bij een sessie.",
     "This connection already belongs to a session."},
    {"unknown_session", "Er is geen sessie met deze code. Controleer de code.",
     "There is no session with this code. Please check the code."},
    {"unknown_template", "Deze werkvorm bestaat niet (meer) op de server.",
     "This activity does not exist (any more) on the server."},
    {"forbidden", "Dat mag niet met deze rol of sleutel.",
     "That is not allowed with this role or key."},
    {"room_full", "De sessie is vol.", "The session is full."},
    {"unknown_step", "Deze stap bestaat niet in deze sessie.",
     "This step does not exist in this session."},
    {"unknown_item", "Deze stelling bestaat niet in deze stap.",
     "This statement does not exist in this step."},
    {"bad_value", "Die keuze is niet geldig.", "That choice is not valid."},
    {"step_not_open", "Deze stap is niet (meer) open voor antwoorden.",
     "This step is not open for answers (any more)."},
    {"invalid_transition", "Dat kan niet in de huidige fase van de stap.",
     "That is not possible in the step's current phase."},
    {"text_too_long", "De tekst is te lang.", "The text is too long."},
    {"store_unavailable", "De server kon dit niet bewaren. Er is niets veranderd; probeer opnieuw.",
     "The server could not save this. Nothing changed; please try again."},
    {"internal", "Er ging iets mis op de server. Er is niets veranderd.",
     "Something went wrong on the server. Nothing changed."},
    {"paused", "De sessie is even gepauzeerd. Antwoorden kan straks weer.",
     "The session is paused for a moment. You can answer again soon."},
    {"removed", "Dit toestel is uit de sessie verwijderd.",
     "This device was removed from the session."},
    {"session_ended", "De begeleider heeft deze sessie afgesloten. Bedankt voor het meedoen!",
     "The facilitator has ended this session. Thank you for taking part!"},
    {"session_moving",
     "De sessie verhuist naar een andere server. Even geduld, we verbinden opnieuw.",
     "The session is moving to another server. One moment, we reconnect."},
};

} // namespace

const char* tr(lang l, txt id) {
    const auto i = static_cast<std::size_t>(id);
    if (i >= std::size(table))
        return "";
    return l == lang::en ? table[i].en : table[i].nl;
}

std::string trf(lang l, txt id, std::initializer_list<std::string_view> args) {
    std::string_view pattern = tr(l, id);
    std::string out;
    out.reserve(pattern.size() + 16);
    auto arg = args.begin();
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 1 < pattern.size() && pattern[i + 1] == '}') {
            if (arg != args.end())
                out.append(*arg++);
            ++i;
        } else {
            out.push_back(pattern[i]);
        }
    }
    return out;
}

const char* error_text(lang l, std::string_view code) {
    for (const auto& e : errors)
        if (e.code == code)
            return l == lang::en ? e.en : e.nl;
    return l == lang::en ? "Something went wrong." : "Er ging iets mis.";
}

const std::string& pick(lang l, const localized& t) {
    if (l == lang::en && !t.en.empty())
        return t.en;
    return t.nl;
}

} // namespace kring::client
