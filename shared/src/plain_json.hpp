// Plain JSON read by hand for the two hot messages: the stored answer_set (events.cpp) and a
// phone's answer (protocol.cpp). What these do not accept goes to nlohmann, so they only need
// to agree with it on what they do accept (tests and the protocol fuzz target check that).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace kring::plain_json {

/** JSON's whitespace. */
inline bool space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/** True when `s` is valid UTF-8 (what nlohmann accepts and writes unchanged). */
inline bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F; // no UTF-16 surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else {
            return false;
        }
        if (n - i < len)
            return false;
        const auto c1 = static_cast<unsigned char>(s[i + 1]);
        if (c1 < lo || c1 > hi)
            return false;
        for (std::size_t k = 2; k < len; ++k) {
            const auto ck = static_cast<unsigned char>(s[i + k]);
            if (ck < 0x80 || ck > 0xBF)
                return false;
        }
        i += len;
    }
    return true;
}

/**
 * Reads the literal `lit` at `p`; false (and `p` unchanged) when it is not there. Its length
 * is known when compiling, so the comparison is a few loads, not a call.
 */
template <std::size_t N> inline bool take(std::string_view& p, const char (&lit)[N]) {
    constexpr std::size_t n = N - 1;
    if (p.size() < n || std::memcmp(p.data(), lit, n) != 0)
        return false;
    p.remove_prefix(n);
    return true;
}

/**
 * A JSON string without escapes at `p` (after its opening quote), as a view into `p`; false
 * for anything the general parser should judge (escapes, control characters, invalid UTF-8).
 * One pass: UTF-8 is checked only when a byte is not ASCII.
 */
inline bool take_plain_view(std::string_view& p, std::string_view& out) {
    const std::size_t n = p.size();
    unsigned char high = 0; // the bytes or-ed: bit 7 set when one is not ASCII
    std::size_t i = 0;
    for (; i < n; ++i) {
        const auto c = static_cast<unsigned char>(p[i]);
        if (c == '"')
            break;
        if (c == '\\' || c < 0x20)
            return false;
        high |= c;
    }
    if (i == n)
        return false;
    out = p.substr(0, i);
    if ((high & 0x80) != 0 && !valid_utf8(out))
        return false;
    p.remove_prefix(i + 1);
    return true;
}

/**
 * A JSON number at `p` that is a plain non-negative integer of at most `max` (no sign, no
 * leading zero, no fraction or exponent; at most 18 digits, so it cannot overflow); false
 * (and `p` unchanged) for anything else, which the general parser should judge.
 */
inline bool take_plain_uint(std::string_view& p, std::uint64_t max, std::uint64_t& out) {
    std::size_t digits = 0;
    std::uint64_t x = 0;
    while (digits < p.size() && p[digits] >= '0' && p[digits] <= '9') {
        if (++digits > 18)
            return false;
        x = x * 10 + static_cast<std::uint64_t>(p[digits - 1] - '0');
    }
    if (digits == 0 || (digits > 1 && p[0] == '0') || x > max)
        return false;
    if (digits < p.size() && (p[digits] == '.' || p[digits] == 'e' || p[digits] == 'E'))
        return false;
    p.remove_prefix(digits);
    out = x;
    return true;
}

inline bool take_plain_string(std::string_view& p, std::string& out) {
    std::string_view body;
    if (!take_plain_view(p, body))
        return false;
    out.assign(body);
    return true;
}

} // namespace kring::plain_json
