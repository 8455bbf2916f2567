// The console's file chooser, its pure part: a folder read into what the chooser lists
// (folders first, then PNG and JPEG files, each alphabetically without regard to case; hidden
// entries and other files left out), the folder it starts in, and sizes in words. Only
// std::filesystem with error codes: nothing here throws for a folder that cannot be read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kring::client::files {

/** One line of the chooser: a folder, or an image file with its size. */
struct entry {
    std::string name;           // the file name, as the file system spells it
    std::filesystem::path path; // the whole path
    bool folder = false;        // a folder (entered with a double click)
    std::uintmax_t bytes = 0;   // an image's size (0 for a folder)
    bool too_large = false;     // larger than the server takes: shown, not choosable
};

/** Why a folder has no listing. */
enum class problem {
    none,       // read
    missing,    // it is not there
    not_folder, // it is a file
    unreadable, // it could not be read (permissions, a broken disk)
};

/** A folder as the chooser shows it. */
struct listing {
    std::filesystem::path folder; // absolute, without a trailing separator
    std::vector<entry> entries;   // folders first, then images; both alphabetical
    problem error = problem::none;
};

/** Whether a file name ends in .png, .jpg or .jpeg (in any case). */
bool is_image_name(std::string_view name);

/**
 * Reads `folder`: its folders and image files, sorted (see above), hidden entries (a name
 * starting with '.') and other files left out. Images larger than `max_bytes` are marked
 * too_large. A folder that cannot be read gives an empty listing with its problem.
 */
listing list_folder(const std::filesystem::path& folder, std::uintmax_t max_bytes);

/** The folder above `folder`; `folder` itself at the root. */
std::filesystem::path parent_folder(const std::filesystem::path& folder);

/**
 * Where the chooser opens: the folder of `typed` (a path in the field: a folder, or a file
 * whose folder exists); else `pictures` (XDG_PICTURES_DIR, may be empty), `home`/Pictures or
 * `home`/Afbeeldingen when it is a folder; else `home`; else the current directory.
 */
std::filesystem::path start_folder(std::string_view typed, std::string_view pictures,
                                   std::string_view home);

/** A size in words: "1 KB" (at least), "340 KB", "1.4 MB" (with `decimal_point`), "12 MB". */
std::string size_words(std::uintmax_t bytes, char decimal_point = '.');

/** A limit in whole megabytes, rounded down, at least 1, for the words (12 MiB: "12"). */
std::string megabytes(std::uintmax_t bytes);

} // namespace kring::client::files
