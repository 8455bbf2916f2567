// The hosted event store: PostgreSQL through libpq, written by one thread with group commit
// like the SQLite store. `--data postgresql://…` selects it (docs/hosting.md).
#pragma once

#include "store.hpp"
#include "store_sqlite.hpp" // store_clock

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace kring::server {

/**
 * The lease of a session held by one server (docs/hosting.md): it lasts this long unless
 * renewed, and its server renews it this often. A server that died leaves its sessions to the
 * others after at most pg_lease_ms.
 */
inline constexpr std::int64_t pg_lease_ms = 6000;
inline constexpr std::int64_t pg_renew_ms = 2000;

/** Whether `--data` names a PostgreSQL database (a postgres:// or postgresql:// URL). */
bool is_pg_url(std::string_view data);

/**
 * Connects to the PostgreSQL database at `url` (a libpq connection URI), brings its schema to
 * the version this build writes and starts the writer thread. Throws std::runtime_error with a
 * message for people (without the password) when the database cannot be reached or its
 * schema is newer than this kring-server understands.
 */
std::unique_ptr<store> open_pg_store(const std::string& url);

/** The same with a given clock (tests set the time events are stored at). */
std::unique_ptr<store> open_pg_store(const std::string& url, store_clock clock);

/** The schema version this build writes (table kring_schema). */
int pg_schema_version();

/**
 * Brings the schema of the database at `url` to `version` (at most pg_schema_version()) and
 * returns the version it had. For tests of the migrations; the server calls it itself.
 */
int pg_migrate(const std::string& url, int version);

} // namespace kring::server
