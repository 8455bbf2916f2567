// The embedded event store: one SQLite file in WAL mode, written by one thread with
// group commit.
#pragma once

#include "store.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace kring::server {

/**
 * Opens (creating if needed) the SQLite store at `path`, runs its migrations and starts
 * the writer thread. The directory must exist. Throws std::runtime_error with a message
 * for people when the file cannot be opened or is from a newer kring-server.
 */
std::unique_ptr<store> open_sqlite_store(const std::string& path);

/** Milliseconds since the epoch; the store stamps every event with it. */
using store_clock = std::function<std::int64_t()>;

/** The same with a given clock (tests set the time events are stored at). */
std::unique_ptr<store> open_sqlite_store(const std::string& path, store_clock clock);

/** The schema version this build writes (PRAGMA user_version). */
int sqlite_schema_version();

} // namespace kring::server
