// Writing an export of the record (docs/protocol.md section 6: `export`) to a folder: the
// console's library and the command line (`kring --export`) share it. No ImGui, no network.
#pragma once

#include <string>

namespace kring::client {

/** ~/Documents/Kring (the folder exports go to unless the facilitator picks another). */
std::string default_export_dir();

/** `name` as a safe file name: no folders, no leading dot, only printable characters. */
std::string safe_filename(const std::string& name);

/**
 * Writes `content` (bytes as the server sent them) to dir/safe_filename(filename), creating
 * the folder when needed. Returns the full path, or "" with `error` set (English, for logs).
 */
std::string write_export(const std::string& dir, const std::string& filename,
                         const std::string& content, std::string& error);

} // namespace kring::client
