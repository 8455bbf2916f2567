// Open text ("Ontmoeten is…", op restaurant, …): one or more short texts per participant.
// The aggregate is a card wall (equal texts are one card with a count; the facilitator
// can hide or merge cards) and the term frequencies for a word cloud (terms that keep their
// meaning: a short answer whole, a negation with its word; see tokenize below).
#pragma once

#include "kring/activity.hpp"
#include "kring/basics.hpp"
#include "kring/cards.hpp"
#include "kring/defs.hpp"
#include "kring/kind_inputs.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kring::open_text {

struct answer {
    bool pass = false;
    std::vector<std::string> texts; // squeezed, no two with the same card
    /** The card id of each text (filled by validate; computed when missing). */
    std::vector<std::string> cards;
    bool operator==(const answer& o) const { return pass == o.pass && texts == o.texts; }
};

struct responses {
    static constexpr kind_info info{
        .kind = activity_kind::open_text,
        .name = "open_text",
        .per_item = false,
        .cards = true,
        .paper = false,
        .prompt = {"Schrijf een kort antwoord.", "Write a short answer."}};

    // The kind's operations on a step's definition (kind_inputs.hpp says what they do).
    static void read_definition(step_def& d, const content_reader& r);
    static void settings_json(nlohmann::json& j, const step_def& d);
    static void read_settings(step_def& d, const wire::reader& r);
    static void read_result(wire::step_result& out, const wire::reader& r);
    static void write_result(nlohmann::json& j, const wire::step_result& in);
    static void fill_result(wire::step_result& out, const responses& r, const result_input& in);

    std::map<participant_id, answer> by;
    bool operator==(const responses&) const = default;
};

/**
 * Checks `value`: an array of 0..max_entries strings, each 1..max_length characters after
 * squeezing white space (an empty array withdraws), or "pass". No comment.
 */
checked<answer> validate(const step_def& d, const nlohmann::json& value, const std::string& comment,
                         const limits& lim);
nlohmann::json value_json(const answer& a);
/** Sets the answer; an empty, non-pass answer withdraws it. */
void apply(responses& r, participant_id pid, answer a);
/** The ids of every card some participant wrote (hidden and merged ones too). */
std::set<std::string> card_ids(const responses& r);

struct merged_card {
    std::string card;
    std::string text;
    std::uint32_t count = 0;
    bool operator==(const merged_card&) const = default;
};
struct wall_card {
    std::string card;
    std::string text;        // the first of its spellings in byte order
    std::uint32_t count = 0; // people who wrote it, plus the cards merged into it
    bool hidden = false;
    std::vector<merged_card> merged; // facilitator only
    bool operator==(const wall_card&) const = default;
};
struct term_count {
    std::string term;
    std::uint32_t count = 0;
    bool operator==(const term_count&) const = default;
};
struct result {
    std::uint32_t total = 0;       // participants with an answer, pass included
    std::vector<wall_card> cards;  // most frequent first, then alphabetical
    std::vector<term_count> terms; // top 40 of the visible cards
};

result aggregate(const responses& r, const cards::moderation& m);
/** Adds `cards` and `terms`; hidden cards and merges only for the facilitator. */
void to_json(nlohmann::json& out, const result& r, bool facilitator);

//----------------------------------------------------------------------------------------
// Terms for the word cloud (also used for the reasons of other kinds, if wanted)
//
// A term keeps the meaning of what was written: dropping stop words and counting every word
// alone turned "Luisteren zonder oordeel" into "oordeel" and "Niet alleen staan" into
// "staan". The rule, computed here once for every screen:
//
// 1. A short answer counts whole, as ONE term: after trimming, at most `whole_answer_words`
//    words (white-space separated pieces holding a letter or a digit) and at most
//    `max_term_length` characters (code points). The term is the answer in lower case, with
//    everything but letters and digits trimmed from both ends and every inner run of white
//    space collapsed to one space; inner punctuation stays as written. Stop words and
//    negations inside it stay ("Luisteren zonder oordeel" -> "luisteren zonder oordeel",
//    "Niet alleen staan" -> "niet alleen staan", "Samen!" -> "samen"), and so does a
//    one-word answer that happens to be a stop word ("Iedereen" -> "iedereen"): it is what
//    the person said. An answer without a letter ("2024", "!!!") gives no term.
// 2. A longer answer is split into words (lower case, split on everything but letters; ë, é,
//    ï stay inside a word). A negation or privative word (is_negation) stays attached to
//    the word right after it, even a stop word or a short one, as one two-word term
//    ("zonder oordeel", "niet alleen"); the word after it then does not count alone, and
//    the negation alone is never a term. It attaches only when nothing but white space,
//    hyphens, quotes, apostrophes or brackets stands between the two: after a comma, a
//    full stop, a digit, other punctuation or at the end of the text it is dropped. Every
//    other word counts alone unless it is a stop word or has fewer than 3 letters.
// 3. Words longer than `max_word_length` letters are no term (nor is a negation before
//    one), so no term is longer than `max_term_length` characters.
// Equal terms add up over all texts (and within one long answer, each time it occurs).

/** A short answer of at most this many words counts whole (and no longer than max_term_length). */
inline constexpr std::size_t whole_answer_words = 4;
/** The longest term, in characters (code points): a longer short answer is split. */
inline constexpr std::size_t max_term_length = 40;
/** The longest word of a split answer, in letters: a longer one is no term. */
inline constexpr std::size_t max_word_length = 32;

/** True for a Dutch or English stop word (lower case). */
bool is_stop_word(std::string_view word);
/**
 * True for a negation or privative word (lower case), the one list: Dutch niet, geen,
 * zonder, nooit, niemand, niets; English not, no, without, never, nobody, nothing.
 */
bool is_negation(std::string_view word);
/** The terms of one text, by the rule above, in the order they occur. Pure. */
std::vector<std::string> tokenize(std::string_view text);
/**
 * The `n` most frequent terms of all texts (tokenize): by count, then alphabetical (byte
 * order). Pure and deterministic.
 */
std::vector<term_count> top_terms(const std::vector<std::string_view>& texts, std::size_t n = 40);

/** validate() as the registry calls it (kind_inputs.hpp). */
checked<answer> check(const responses& r, const answer_input& in);

} // namespace kring::open_text
