// Localized text: every string a person reads exists in Dutch (first) and English.
#pragma once

#include <string>

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
    bool operator==(const localized&) const = default;
};

} // namespace kring
