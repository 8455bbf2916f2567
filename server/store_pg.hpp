// The hosted event store: PostgreSQL through libpq, written by one thread with group commit
// like the SQLite store. `--data postgresql://…` selects it (docs/hosting.md).
#pragma once

#include "store.hpp"
#include "store_sqlite.hpp" // store_clock

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

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

//------------------------------------------------------------------------------
// The operator's commands for organisations (kring-server org ..., docs/hosting.md). Each
// connects to the database at `url` (bringing its schema forward), does its work and
// disconnects; errors for people are std::invalid_argument, the database's std::runtime_error.

/** A key as made: its id (to revoke it) and the key itself, shown only once. */
struct pg_org_key {
    std::string id;
    std::string key;
};

/** A new organisation: its id and its first key. */
struct pg_new_org {
    std::string id;
    pg_org_key key;
};

/** One organisation's line of `org list`. */
struct pg_org_usage {
    struct key_state {
        std::string id;
        std::int64_t created_at = 0; // ms since the epoch
        std::int64_t revoked_at = 0; // 0: in use
    };
    std::string id;
    std::string name;
    std::int64_t created_at = 0; // ms since the epoch
    std::uint64_t sessions = 0;
    std::uint64_t participants = 0;
    std::int64_t last_at = 0; // the newest change of any of its sessions (ms), 0: none
    std::vector<key_state> keys;
};

/** Adds an organisation named `name` (unique) with one key. */
pg_new_org pg_org_add(const std::string& url, const std::string& name);
/** Another key for organisation `org_id`. */
pg_org_key pg_org_new_key(const std::string& url, const std::string& org_id);
/** Revokes key `key_id`; false when no key in use has that id. */
bool pg_org_revoke(const std::string& url, const std::string& key_id);
/** Every organisation, by name, with its keys and what it used. */
std::vector<pg_org_usage> pg_org_list(const std::string& url);

/** The schema version this build writes (table kring_schema). */
int pg_schema_version();

/**
 * Brings the schema of the database at `url` to `version` (at most pg_schema_version()) and
 * returns the version it had. For tests of the migrations; the server calls it itself.
 */
int pg_migrate(const std::string& url, int version);

} // namespace kring::server
