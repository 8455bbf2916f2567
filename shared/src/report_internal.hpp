// What the report's renderers (report_html.cpp, report_text.cpp) share: words in both
// languages and small formatting helpers. Private to kring_core.
#pragma once

#include "kring/text.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace kring::report_detail {

/** The Dutch or the English of a fixed report word. */
inline const char* tr(lang l, const char* nl, const char* en) {
    return l == lang::en ? en : nl;
}

/** The words of a traffic-light colour (and pass), for people and for tables. */
const char* light_name(lang l, const std::string& colour);

/** The text of an option/item/image in a step definition of report_data, or its id. */
std::string text_of(const nlohmann::json& list, const std::string& id);

/** "2026-11-29 14:05 UTC" from seconds since the epoch. */
std::string format_time(std::int64_t seconds);

/** "te weinig antwoorden om te tonen (minder dan k)" in the language. */
std::string withheld_text(lang l, std::uint32_t k);

/** The sentence of a summary verdict ("solid", "mixed", "work_first"). */
const char* verdict_text(lang l, const std::string& verdict);

/** The kind's name for people ("Stoplicht", "Schaal", ...). */
const char* kind_name(lang l, const std::string& kind);

/** A number as the language writes it ("2,5" / "2.5"), at most two decimals. */
std::string decimal(lang l, double v);

} // namespace kring::report_detail
