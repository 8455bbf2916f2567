// `kring --export FORMAT [--step ID] --out DIR --code CODE`: joins the session as its
// facilitator (with the key this computer remembers), asks the server for the export, writes
// it into DIR and prints the path. No window: for scripts, and to check the record end to end.
#pragma once

#include <string>

namespace kring::client {

struct options;

/**
 * Runs the export; returns the process exit code: 0 written, 1 no remembered key for the
 * code, 2 no connection or no answer within 15 s, 3 the file could not be written, 4 the
 * server refused (the error code is printed).
 */
int run_export(const options& opt);

} // namespace kring::client
