// Localized text: every string a person reads exists in Dutch (first) and English.
// Also the few UTF-8 helpers that checking participants' text needs.
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

/** Counts Unicode code points of valid UTF-8; returns nullopt for invalid UTF-8. */
std::optional<std::size_t> utf8_length(std::string_view s);

/**
 * Decodes the code point at s[i] and advances i; returns 0xFFFD (and advances one byte)
 * for an invalid sequence. i must be < s.size().
 */
char32_t utf8_next(std::string_view s, std::size_t& i);

/** Appends the UTF-8 encoding of c. */
void utf8_append(std::string& out, char32_t c);

/**
 * Trims and collapses white space: control characters and spaces at both ends go, and
 * every inner run of them becomes one space. What participants type is stored like this.
 */
std::string squeeze_spaces(std::string_view s);

/**
 * Lower case for the scripts participants are likely to write in (Latin with its accents,
 * Greek, Cyrillic); other characters are kept. Deterministic and locale-free.
 */
char32_t fold_case(char32_t c);
std::string fold_case(std::string_view s);

/** A letter for word splitting: Latin letters with accents (ë, é, ï), other scripts, not digits. */
bool is_letter(char32_t c);

} // namespace kring
