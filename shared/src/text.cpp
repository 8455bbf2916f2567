#include "kring/text.hpp"

#include <vector>

namespace kring {

void add_paragraph(localized& out, const localized& p) {
    if (p.nl.empty() && p.en.empty())
        return;
    if (!out.nl.empty())
        out.nl += "\n\n";
    if (!out.en.empty())
        out.en += "\n\n";
    out.nl += p.nl;
    out.en += p.en;
}

lang lang_from_string(const std::string& s) {
    return s == "en" ? lang::en : lang::nl;
}

const char* to_string(lang l) {
    return l == lang::en ? "en" : "nl";
}

std::optional<std::size_t> utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80           ? 1
                          : (c >> 5) == 0x6  ? 2
                          : (c >> 4) == 0xE  ? 3
                          : (c >> 3) == 0x1E ? 4
                                             : 0;
        if (len == 0 || i + len > s.size())
            return std::nullopt;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2)
                return std::nullopt;
        // Reject overlong forms and surrogates, as a strict decoder would.
        if (len == 2 && c < 0xC2)
            return std::nullopt;
        if (len == 3) {
            const auto c1 = static_cast<unsigned char>(s[i + 1]);
            if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0))
                return std::nullopt;
        }
        if (len == 4) {
            const auto c1 = static_cast<unsigned char>(s[i + 1]);
            if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90))
                return std::nullopt;
        }
        i += len;
        ++n;
    }
    return n;
}

char32_t utf8_next(std::string_view s, std::size_t& i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        ++i;
        return c;
    }
    const std::size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    auto cont = [&](std::size_t k) { return (static_cast<unsigned char>(s[i + k]) >> 6) == 0x2; };
    bool ok = len != 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k)
        ok = cont(k);
    char32_t cp = 0;
    if (ok) {
        cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (std::size_t k = 1; k < len; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        // Overlong forms, surrogates and values past U+10FFFF are invalid, as in utf8_length.
        const char32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
        ok = cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (!ok) {
        ++i;
        return 0xFFFD;
    }
    i += len;
    return cp;
}

void utf8_append(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

namespace {

/** What normalize_text makes of one code point. */
enum class kind : unsigned char { keep, space, line_break, joiner, drop };

kind kind_of(char32_t c) {
    if (c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029)
        return kind::line_break;
    // Every other control character (C0, DEL, C1) and every other White_Space character.
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == ' ' || c == 0xA0 || c == 0x1680 ||
        (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000)
        return kind::space;
    if (c == 0x200C || c == 0x200D)
        return kind::joiner;
    // Bidirectional controls, and characters that are invisible and join nothing.
    if (c == 0x061C || c == 0x200B || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
        (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x206F) || c == 0xFEFF)
        return kind::drop;
    return kind::keep;
}

/** Printable ASCII with single spaces inside only: already as normalize_text makes it. */
bool plain_ascii(std::string_view s) {
    if (!s.empty() && (s.front() == ' ' || s.back() == ' '))
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c >= 0x7F || (c == ' ' && s[i + 1] == ' '))
            return false;
    }
    return true;
}

} // namespace

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 8);
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string normalize_text(std::string_view s, text_form form) {
    if (plain_ascii(s)) // most texts, and every answer on the hot path
        return std::string(s);
    // 1. Decode (invalid bytes become U+FFFD), classify, leave out what is dropped; CR LF
    //    is one line break.
    struct cp {
        char32_t c;
        kind k;
    };
    std::vector<cp> cps;
    cps.reserve(s.size());
    bool after_cr = false;
    for (std::size_t i = 0; i < s.size();) {
        const char32_t c = utf8_next(s, i);
        const kind k = kind_of(c);
        const bool crlf = after_cr && c == '\n';
        after_cr = c == '\r';
        if (k != kind::drop && !crlf)
            cps.push_back({c, k});
    }
    // 2. A joiner stays only between two kept characters (their kinds as decoded: a joiner
    //    next to a joiner has nothing to join either).
    auto kept = [&](std::size_t i) { return i < cps.size() && cps[i].k == kind::keep; };
    // 3. Write out: runs of white space become one space, runs of line breaks one break
    //    (two when they held an empty line, multiline only), nothing at either end.
    std::string out;
    out.reserve(s.size());
    bool space = false;
    int breaks = 0;
    for (std::size_t i = 0; i < cps.size(); ++i) {
        const cp& x = cps[i];
        if (x.k == kind::space) {
            space = true;
            continue;
        }
        if (x.k == kind::line_break) {
            if (form == text_form::line)
                space = true;
            else
                ++breaks;
            continue;
        }
        if (x.k == kind::joiner && !(i > 0 && kept(i - 1) && kept(i + 1)))
            continue;
        if (!out.empty()) {
            if (breaks > 0)
                out.append(breaks > 1 ? "\n\n" : "\n");
            else if (space)
                out.push_back(' ');
        }
        space = false;
        breaks = 0;
        utf8_append(out, x.c);
    }
    return out;
}

std::string squeeze_spaces(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7F) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space)
            out.push_back(' ');
        pending_space = false;
        out.push_back(ch);
    }
    return out;
}

char32_t fold_case(char32_t c) {
    if (c >= 'A' && c <= 'Z')
        return c + 0x20;
    if (c < 0xC0)
        return c;
    if (c <= 0xDE)
        return c == 0xD7 ? c : c + 0x20; // À..Þ, not ×
    if (c >= 0x100 && c <= 0x137)
        return c | 1; // Ā..ķ: even is upper
    if (c >= 0x139 && c <= 0x148)
        return (c & 1) ? c + 1 : c;
    if (c >= 0x14A && c <= 0x177)
        return c | 1;
    if (c == 0x178)
        return 0xFF; // Ÿ
    if (c >= 0x179 && c <= 0x17E)
        return (c & 1) ? c + 1 : c;
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
        return c + 0x20; // Greek
    if (c >= 0x410 && c <= 0x42F)
        return c + 0x20; // Cyrillic А..Я
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50; // Ѐ..Џ
    return c;
}

std::string fold_case(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();)
        utf8_append(out, fold_case(utf8_next(s, i)));
    return out;
}

bool matches_words(std::string_view haystack, std::string_view query) {
    const std::string hay = fold_case(haystack);
    const std::string q = fold_case(query);
    std::size_t at = 0;
    while (at < q.size()) {
        const std::size_t start = q.find_first_not_of(" \t", at);
        if (start == std::string::npos)
            break;
        const std::size_t end = std::min(q.find_first_of(" \t", start), q.size());
        if (hay.find(std::string_view(q).substr(start, end - start)) == std::string::npos)
            return false;
        at = end;
    }
    return true;
}

bool is_letter(char32_t c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    if (c >= 0xC0 && c <= 0x24F)
        return c != 0xD7 && c != 0xF7;
    // Combining marks (a decomposed ë), Greek, Cyrillic, Hebrew, Arabic, Indic, ...
    if (c >= 0x300 && c <= 0x1FFF)
        return true;
    if (c >= 0x2C00 && c <= 0x2DFF)
        return true;
    if (c >= 0x3040 && c <= 0xD7FF)
        return true; // kana, CJK, Hangul
    if (c >= 0xF900 && c <= 0xFDFF)
        return true;
    if (c >= 0xFE70 && c <= 0xFEFF)
        return c != 0xFEFF;
    return false;
}

} // namespace kring
