// Localized text: every string a person reads exists in Dutch (first) and English.
// Also the UTF-8 helpers, and normalize_text: the one rule for every text Kring stores.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kring {

/** The languages Kring speaks. Dutch is the default. */
enum class lang { nl, en };

/** Parses "nl" / "en"; anything else is Dutch. */
lang lang_from_string(const std::string& s);
const char* to_string(lang l);

/** Represents one human-readable string in both languages. */
struct localized {
    std::string nl;
    std::string en;

    const std::string& in(lang l) const { return l == lang::en ? en : nl; }
    bool empty() const { return nl.empty() && en.empty(); }
    bool operator==(const localized&) const = default;
};

/** Appends `p` to `out` as a paragraph of its own (a blank line between), in both languages. */
void add_paragraph(localized& out, const localized& p);

/** Counts Unicode code points of valid UTF-8; returns nullopt for invalid UTF-8. */
std::optional<std::size_t> utf8_length(std::string_view s);

/**
 * Decodes the code point at s[i] and advances i; returns 0xFFFD (and advances one byte)
 * for an invalid sequence. i must be < s.size().
 */
char32_t utf8_next(std::string_view s, std::size_t& i);

/** Appends the UTF-8 encoding of c. */
void utf8_append(std::string& out, char32_t c);

/** The two shapes of a stored text (see normalize_text). */
enum class text_form {
    /** One line: comments, reasons, names, cards and entries, titles, statements, options. */
    line,
    /** Paragraphs: facilitator notes, prompts, guides, a choice's body, descriptions. */
    multiline,
};

/**
 * The one rule for every text Kring stores (docs/protocol.md, section 3). Pure and
 * idempotent: normalize_text(normalize_text(s, f), f) == normalize_text(s, f).
 *
 * Read code point by code point; a byte that does not start a valid UTF-8 sequence
 * (overlong, surrogate, beyond U+10FFFF, cut short) becomes U+FFFD. Then:
 * - line breaks: LF, CR, CR LF (one break), NEL U+0085, U+2028, U+2029;
 * - white space: every other Unicode White_Space character (tab, VT, FF, space, U+00A0,
 *   U+1680, U+2000-U+200A, U+202F, U+205F, U+3000) and every other control character:
 *   C0 U+0000-U+001F, DEL U+007F, C1 U+0080-U+009F (NUL, BEL, ESC, CSI U+009B, ...);
 * - dropped without a trace: the bidirectional controls U+061C, U+200E, U+200F,
 *   U+202A-U+202E, U+2066-U+2069, and the invisible U+200B, U+2060-U+2064,
 *   U+206A-U+206F, U+FEFF;
 * - ZWNJ U+200C and ZWJ U+200D (emoji sequences, Persian, Indic scripts) are kept only
 *   between two characters that are none of the above (after dropping), else dropped;
 * - everything else is kept as it is (no case change, no NFC: "e" + U+0301 stays two
 *   code points).
 * `line`: every run of white space and line breaks becomes one space; none at either end.
 * `multiline`: each line as in `line`; a run of line breaks becomes "\n", or "\n\n" when
 * it held an empty line (at most one empty line in a row); no empty line at either end.
 * The result holds no control character but "\n" (multiline only). Lengths are counted on
 * it in code points (utf8_length), not in bytes and not in grapheme clusters.
 */
std::string normalize_text(std::string_view s, text_form form);

/** `s` with & < > " ' escaped: safe as HTML text and inside a quoted attribute. */
std::string html_escape(std::string_view s);

/**
 * Trims and collapses white space byte by byte: bytes up to 0x20 and 0x7F at both ends go,
 * and every inner run of them becomes one space. The rule texts were stored under before
 * normalize_text; stored answers are read back with it (they replay exactly as they did),
 * and card keys use it. It leaves the output of normalize_text(s, text_form::line) as it is.
 */
std::string squeeze_spaces(std::string_view s);

/**
 * Lower case for the scripts participants are likely to write in (Latin with its accents,
 * Greek, Cyrillic); other characters are kept. Deterministic and locale-free.
 */
char32_t fold_case(char32_t c);
std::string fold_case(std::string_view s);

/**
 * A search: true when every word of `query` (split at spaces) is in `haystack`, case folded
 * as fold_case does. An empty query matches everything.
 */
bool matches_words(std::string_view haystack, std::string_view query);

/** A letter for word splitting: Latin letters with accents (ë, é, ï), other scripts, not digits. */
bool is_letter(char32_t c);

} // namespace kring
