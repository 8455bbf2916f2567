// The record of a session as files people keep: an HTML report (inline CSS and SVG charts,
// prints to PDF), Markdown, a full JSON export and a CSV per step. Pure: a session state
// (and optionally a comparison, see compare.hpp) in, text out.
//
// Every format is anonymous: no participant id, name or token, comments and cards as text
// only, hidden cards left out, and a step below the session's min_answers shows no result
// ("te weinig antwoorden om te tonen").
#pragma once

#include "kring/model.hpp"
#include "kring/text.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <map>
#include <string>

namespace kring {

/**
 * The report's data: { format, version, session, min_answers, participants, steps[],
 * summary[], actions[], compare }. Each step has its definition (texts in `l`), result
 * (as the projector sees it, paper included; null when withheld), `paper`, `note` and
 * `comments`. `compare` is the given comparison or null. The other formats render this.
 */
nlohmann::json report_data(const session_state& s, lang l, const nlohmann::json& compare = nullptr);

/**
 * The approved photos a report shows, by photo id: each a data URI of a JPEG
 * ("data:image/jpeg;base64,…"), made by the server from the stored photo (shared/ reads no
 * store). A photo without one is listed by its caption alone.
 */
using report_photos = std::map<std::string, std::string>;

/**
 * One self-contained HTML page: inline CSS and SVG, the approved photos inline as data
 * URIs, no script, no external resource.
 */
std::string report_html(const session_state& s, lang l = lang::nl,
                        const nlohmann::json& compare = nullptr, const report_photos& photos = {});

/** The same report as Markdown (participants' texts escaped). */
std::string report_markdown(const session_state& s, lang l = lang::nl,
                            const nlohmann::json& compare = nullptr);

/** report_data as indented JSON text. */
std::string report_json(const session_state& s, lang l = lang::nl,
                        const nlohmann::json& compare = nullptr);

/**
 * One step's result as CSV for a spreadsheet: UTF-8 with BOM, ';' between fields, CRLF
 * line ends, fields quoted per RFC 4180 when needed, a header row, then one row per
 * statement / option / card. nullopt when the session has no step `step_id`.
 */
std::optional<std::string> report_csv(const session_state& s, const std::string& step_id,
                                      lang l = lang::nl);

/**
 * A file name for an export: "kring-<template>-<YYYY-MM-DD>.<ext>", or with
 * "-<step>" before the extension for a step's CSV. Only a-z, 0-9, '-' and '.'.
 */
std::string report_filename(const session_state& s, const std::string& ext,
                            const std::string& step_id = {});

} // namespace kring
