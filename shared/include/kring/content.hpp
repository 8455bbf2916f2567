// Content: themes and templates loaded from JSON text and validated (docs/content.md).
// The caller reads the files; this code only sees their names and text.
#pragma once

#include "kring/model.hpp"

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kring {

/** One content file: its path relative to the content folder, and its text. */
struct content_file {
    std::string name;
    std::string text;
};

struct theme {
    std::string id;
    std::string movement;
    int number = 0;
    localized title;
    std::vector<item_def> questions;
    std::optional<localized> next;
    std::vector<localized> tips;
};

struct template_def {
    std::string id;
    localized title;
    localized description;
    session_def agenda; // resolved: themes expanded into items
};

struct content_bundle {
    std::map<std::string, theme> themes;
    std::map<std::string, template_def> templates;
    /** Templates skipped because they use an activity kind this build does not know. */
    std::vector<std::string> warnings;
};

/** Where content is wrong: the file, the JSON path inside it, and what is wrong. */
struct content_error {
    std::string file;
    std::string path;
    std::string message;
    std::string to_string() const { return file + ": " + path + ": " + message; }
};

/** Loads and validates every file; the first error found is returned. */
std::variant<content_bundle, content_error> load_content(const std::vector<content_file>& files);

/** The default prompt of a traffic-light step. */
localized default_traffic_light_prompt();

} // namespace kring
