#include "kring/open_text.hpp"

#include "kring/content_reader.hpp"
#include "kring/wire.hpp"

#include "kring/text.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace kring::open_text {

//----------------------------------------------------------------------------------------
// [SECTION] Stop words

namespace {

// Dutch: function words, auxiliaries and the most common fillers (3+ letters only:
// shorter words are dropped anyway).
constexpr std::string_view dutch_words[] = {
    "aan",    "aangezien", "achter", "al",       "alle",     "alleen",  "alles",  "als",
    "altijd", "ander",     "andere", "anders",   "beetje",   "ben",     "bent",   "bij",
    "binnen", "boven",     "daar",   "daarna",   "daarom",   "dan",     "dat",    "deed",
    "deze",   "die",       "dit",    "doch",     "doen",     "door",    "dus",    "echt",
    "een",    "eens",      "eigen",  "elk",      "elke",     "elkaar",  "en",     "enkel",
    "enkele", "erg",       "even",   "geen",     "geweest",  "haar",    "had",    "hadden",
    "hebben", "hebt",      "heb",    "heeft",    "heel",     "hem",     "hen",    "het",
    "hier",   "hij",       "hoe",    "hun",      "iedereen", "ieder",   "iedere", "iemand",
    "iets",   "ik",        "in",     "is",       "jij",      "jou",     "jouw",   "jullie",
    "kan",    "kon",       "konden", "kunnen",   "kunt",     "maar",    "mag",    "meer",
    "men",    "met",       "mij",    "mijn",     "moest",    "moet",    "moeten", "mogen",
    "naar",   "niet",      "niets",  "nog",      "nou",      "omdat",   "onder",  "ons",
    "onze",   "ook",       "over",   "reeds",    "sommige",  "soms",    "steeds", "tegen",
    "toch",   "toen",      "tot",    "tussen",   "uit",      "vaak",    "van",    "veel",
    "voor",   "vooral",    "waar",   "waardoor", "waarin",   "wanneer", "want",   "waren",
    "was",    "wat",       "weer",   "wel",      "welk",     "welke",   "werd",   "werden",
    "wie",    "wij",       "wil",    "willen",   "wilt",     "word",    "worden", "wordt",
    "zal",    "zeer",      "zelf",   "zich",     "zij",      "zijn",    "zoals",  "zodat",
    "zonder", "zou",       "zouden", "zullen"};

constexpr std::string_view english_words[] = {
    "about",      "above",  "after",   "again",   "against", "all",      "also",       "and",
    "any",        "are",    "around",  "because", "been",    "before",   "being",      "below",
    "between",    "both",   "but",     "can",     "cannot",  "could",    "did",        "does",
    "doing",      "done",   "down",    "during",  "each",    "even",     "every",      "few",
    "for",        "from",   "further", "get",     "gets",    "got",      "had",        "has",
    "have",       "having", "her",     "here",    "hers",    "herself",  "him",        "himself",
    "his",        "how",    "into",    "its",     "itself",  "just",     "like",       "make",
    "many",       "more",   "most",    "much",    "must",    "myself",   "not",        "now",
    "off",        "once",   "one",     "only",    "other",   "ought",    "our",        "ours",
    "ourselves",  "out",    "over",    "own",     "really",  "same",     "she",        "should",
    "some",       "such",   "than",    "that",    "the",     "their",    "theirs",     "them",
    "themselves", "then",   "there",   "these",   "they",    "this",     "those",      "through",
    "too",        "under",  "until",   "very",    "was",     "were",     "what",       "when",
    "where",      "which",  "while",   "who",     "whom",    "why",      "will",       "with",
    "would",      "yet",    "you",     "your",    "yours",   "yourself", "yourselves", "lot"};

} // namespace

bool is_stop_word(std::string_view word) {
    // Built once (thread-safe static initialisation), then only read.
    static const std::unordered_set<std::string_view> words = [] {
        std::unordered_set<std::string_view> all(std::begin(dutch_words), std::end(dutch_words));
        all.insert(std::begin(english_words), std::end(english_words));
        return all;
    }();
    return words.count(word) > 0;
}

namespace {

// The one list of negations and privatives (lower case): each stays with the word after it.
constexpr std::string_view negation_words[] = {"niet",    "geen",  "zonder", "nooit",
                                               "niemand", "niets", "not",    "no",
                                               "without", "never", "nobody", "nothing"};

// A negation, a space and the longest word make the longest two-word term.
constexpr bool negations_fit() {
    for (auto w : negation_words) // ASCII: bytes are characters
        if (w.size() + 1 + max_word_length > max_term_length)
            return false;
    return true;
}
static_assert(negations_fit(), "a negation and its word must fit in max_term_length");

/** Unicode White_Space and the control characters (normalize_text makes them spaces). */
bool is_space(char32_t c) {
    return c <= 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_digit(char32_t c) {
    return c >= '0' && c <= '9';
}

bool is_letter_or_digit(char32_t c) {
    return is_letter(c) || is_digit(c);
}

/** What may stand between a negation and its word: white space, hyphens, quotes, brackets. */
bool joins(char32_t c) {
    switch (c) {
    case '-':
    case 0x2010: // hyphen
    case 0x2011: // non-breaking hyphen
    case '\'':
    case '"':
    case 0x2018: // ‘
    case 0x2019: // ’
    case 0x201C: // “
    case 0x201D: // ”
    case 0x201E: // „
    case 0xAB:   // «
    case 0xBB:   // »
    case '(':
    case ')':
    case '[':
    case ']':
        return true;
    default:
        return is_space(c);
    }
}

std::vector<char32_t> code_points(std::string_view text) {
    std::vector<char32_t> out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();)
        out.push_back(utf8_next(text, i));
    return out;
}

/**
 * Rule 1: the answer's code points from `b` to `e` (trimmed to a letter or digit at both ends)
 * as one term, or nothing when they hold more than whole_answer_words words or
 * max_term_length characters.
 */
std::optional<std::string> whole_answer(const std::vector<char32_t>& cps, std::size_t b,
                                        std::size_t e) {
    std::string out;
    std::size_t length = 0, words = 0;
    bool in_word = false, counted = false;
    for (std::size_t i = b; i < e; ++i) {
        const char32_t c = cps[i];
        if (is_space(c)) {
            if (in_word) {
                out.push_back(' ');
                ++length;
            }
            in_word = counted = false;
            continue;
        }
        in_word = true;
        if (!counted && is_letter_or_digit(c)) {
            counted = true;
            if (++words > whole_answer_words)
                return std::nullopt;
        }
        utf8_append(out, fold_case(c));
        if (++length > max_term_length)
            return std::nullopt;
    }
    return out;
}

struct word {
    std::string text;        // lower case
    std::size_t letters = 0; // code points
    bool joined = false;     // only joins() between it and the word before
};

/** Rule 2 and 3: the words of a longer answer, a negation with the word after it. */
std::vector<std::string> split_answer(const std::vector<char32_t>& cps) {
    std::vector<word> words;
    bool in_word = false, joined = true;
    for (char32_t c : cps) {
        if (is_letter(c)) {
            if (!in_word)
                words.push_back({{}, 0, joined});
            utf8_append(words.back().text, fold_case(c));
            ++words.back().letters;
            in_word = true;
        } else {
            if (in_word)
                joined = true;
            in_word = false;
            joined = joined && joins(c);
        }
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const word& w = words[i];
        if (is_negation(w.text)) {
            if (i + 1 < words.size() && words[i + 1].joined &&
                words[i + 1].letters <= max_word_length) {
                out.push_back(w.text + ' ' + words[i + 1].text);
                ++i;
            }
            continue; // never alone
        }
        if (w.letters >= 3 && w.letters <= max_word_length && !is_stop_word(w.text))
            out.push_back(w.text);
    }
    return out;
}

} // namespace

bool is_negation(std::string_view word) {
    return std::find(std::begin(negation_words), std::end(negation_words), word) !=
           std::end(negation_words);
}

std::vector<std::string> tokenize(std::string_view text) {
    const std::vector<char32_t> cps = code_points(text);
    std::size_t b = 0, e = cps.size();
    while (b < e && !is_letter_or_digit(cps[b]))
        ++b;
    while (e > b && !is_letter_or_digit(cps[e - 1]))
        --e;
    if (std::none_of(cps.begin() + static_cast<std::ptrdiff_t>(b),
                     cps.begin() + static_cast<std::ptrdiff_t>(e),
                     [](char32_t c) { return is_letter(c); }))
        return {};
    if (auto whole = whole_answer(cps, b, e))
        return {std::move(*whole)};
    return split_answer(cps);
}

std::vector<term_count> top_terms(const std::vector<std::string_view>& texts, std::size_t n) {
    std::unordered_map<std::string, std::uint32_t> counts;
    for (auto t : texts)
        for (auto& w : tokenize(t))
            ++counts[std::move(w)];
    std::vector<term_count> all;
    all.reserve(counts.size());
    for (auto& [w, c] : counts)
        all.push_back({w, c});
    std::sort(all.begin(), all.end(), [](const term_count& a, const term_count& b) {
        return a.count != b.count ? a.count > b.count : a.term < b.term;
    });
    if (all.size() > n)
        all.resize(n);
    return all;
}

//----------------------------------------------------------------------------------------
// [SECTION] validate / apply

checked<answer> validate(const step_def& d, const nlohmann::json& value, const std::string& comment,
                         const limits& lim) {
    using result = checked<answer>;
    answer a;
    if (auto e = check_list_answer(value, comment, d.max_entries, "texts", a.pass))
        return result::fail(e->code, e->message);
    if (a.pass)
        return result::good(std::move(a));
    std::set<std::string> seen;
    for (const auto& v : value) {
        auto t = participant_text(v, 1, static_cast<std::size_t>(d.max_length), "a text", lim);
        if (!t.ok())
            return result::fail(t.err.code, t.err.message);
        // The same text twice from one person counts once.
        std::string key = cards::key(*t.value);
        if (!seen.insert(key).second)
            continue;
        a.cards.push_back(cards::id_of(key));
        a.texts.push_back(std::move(*t.value));
    }
    return result::good(std::move(a));
}

nlohmann::json value_json(const answer& a) {
    return a.pass ? nlohmann::json("pass") : nlohmann::json(a.texts);
}

void apply(responses& r, participant_id pid, answer a) {
    if (!a.pass && a.texts.empty()) {
        r.by.erase(pid);
        return;
    }
    if (a.cards.size() != a.texts.size()) {
        a.cards.clear();
        for (const auto& t : a.texts)
            a.cards.push_back(cards::id_of(cards::key(t)));
    }
    r.by[pid] = std::move(a);
}

std::set<std::string> card_ids(const responses& r) {
    std::set<std::string> out;
    for (const auto& [pid, a] : r.by)
        out.insert(a.cards.begin(), a.cards.end());
    return out;
}

//----------------------------------------------------------------------------------------
// [SECTION] aggregate

result aggregate(const responses& r, const cards::moderation& m) {
    struct raw {
        std::string key;
        std::string text;
        std::uint32_t count = 0;
    };
    result out;
    std::map<std::string, raw> by_id;
    std::vector<std::pair<std::string, std::string_view>> instances; // card id, text
    for (const auto& [pid, a] : r.by) {
        ++out.total;
        for (std::size_t i = 0; i < a.texts.size() && i < a.cards.size(); ++i) {
            const std::string& t = a.texts[i];
            raw& c = by_id[a.cards[i]];
            if (c.count == 0 || t < c.text)
                c.text = t;
            ++c.count;
            instances.emplace_back(a.cards[i], t);
        }
    }
    for (auto& [id, c] : by_id)
        c.key = cards::key(c.text);
    std::set<std::string> present;
    for (const auto& [id, c] : by_id)
        present.insert(id);

    std::map<std::string, wall_card> shown;
    for (const auto& [id, c] : by_id)
        if (m.target(id, present) == id)
            shown[id] = wall_card{id, c.text, c.count, m.hidden.count(id) > 0, {}};
    for (const auto& [id, c] : by_id) {
        const std::string t = m.target(id, present);
        if (t == id)
            continue;
        wall_card& target = shown[t];
        target.count += c.count;
        target.merged.push_back({id, c.text, c.count});
    }
    for (auto& [id, c] : shown) {
        std::sort(c.merged.begin(), c.merged.end(),
                  [](const merged_card& a, const merged_card& b) { return a.text < b.text; });
        out.cards.push_back(std::move(c));
    }
    std::sort(out.cards.begin(), out.cards.end(), [&by_id](const wall_card& a, const wall_card& b) {
        if (a.count != b.count)
            return a.count > b.count;
        const auto& ka = by_id.at(a.card).key;
        const auto& kb = by_id.at(b.card).key;
        return ka != kb ? ka < kb : a.card < b.card;
    });

    std::vector<std::string_view> visible;
    for (const auto& [id, text] : instances)
        if (m.visible(id, present))
            visible.push_back(text);
    out.terms = top_terms(visible);
    return out;
}

namespace {

/** The cards as given: what the room may not see is left out before (cards::keep_for_room). */
void write(nlohmann::json& out, const std::vector<wall_card>& cards,
           const std::vector<term_count>& term_counts) {
    nlohmann::json cards_json = nlohmann::json::array();
    for (const auto& c : cards) {
        nlohmann::json j{{"card", c.card}, {"text", c.text}, {"count", c.count}};
        if (c.hidden)
            j["hidden"] = true;
        if (!c.merged.empty()) {
            nlohmann::json merged = nlohmann::json::array();
            for (const auto& mc : c.merged)
                merged.push_back({{"card", mc.card}, {"text", mc.text}, {"count", mc.count}});
            j["merged"] = std::move(merged);
        }
        cards_json.push_back(std::move(j));
    }
    nlohmann::json terms = nlohmann::json::array();
    for (const auto& t : term_counts)
        terms.push_back({{"term", t.term}, {"count", t.count}});
    out["cards"] = std::move(cards_json);
    out["terms"] = std::move(terms);
}

} // namespace

void to_json(nlohmann::json& out, const result& r, bool facilitator) {
    std::vector<wall_card> shown = r.cards;
    if (!facilitator)
        cards::keep_for_room(shown);
    write(out, shown, r.terms);
}

checked<answer> check(const responses&, const answer_input& in) {
    return validate(in.def, in.value, in.comment, in.lim);
}

void responses::fill_result(wire::step_result& out, const responses& r, const result_input& in) {
    auto res = aggregate(r, in.moderation);
    out.total = res.total;
    out.cards = std::move(res.cards);
    out.terms = std::move(res.terms);
    if (!in.facilitator)
        cards::keep_for_room(out.cards);
}

void responses::settings_json(nlohmann::json& j, const step_def& d) {
    j[max_entries_setting.key] = d.max_entries;
    j[max_length_setting.key] = d.max_length;
    j["placeholder"] = text_json(d.placeholder);
}

void responses::read_settings(step_def& d, const wire::reader& r) {
    d.max_entries = r.setting(max_entries_setting);
    d.max_length = r.setting(max_length_setting);
    d.placeholder = r.text("placeholder");
}

void responses::read_result(wire::step_result& out, const wire::reader& r) {
    out.cards = r.list<wall_card>("cards", [](const wire::reader& x) {
        wall_card c;
        c.card = x.str("card");
        c.text = x.str("text");
        c.count = x.u32("count");
        c.hidden = x.opt_flag("hidden");
        if (x.has("merged"))
            c.merged = x.list<merged_card>("merged", [](const wire::reader& m) {
                return merged_card{m.str("card"), m.str("text"), m.u32("count")};
            });
        return c;
    });
    out.terms = r.list<term_count>("terms", [](const wire::reader& x) {
        return term_count{x.str("term"), x.u32("count")};
    });
}

void responses::write_result(nlohmann::json& j, const wire::step_result& in) {
    // Hidden and merged cards are written when the result has them (a facilitator's does).
    write(j, in.cards, in.terms);
}

void responses::read_definition(step_def& d, const content_reader& r) {
    d.items = r.talk_items();
    d.max_entries = r.setting(max_entries_setting);
    d.max_length = r.setting(max_length_setting);
    if (auto ph = r.text("placeholder"))
        d.placeholder = *ph;
}

} // namespace kring::open_text
