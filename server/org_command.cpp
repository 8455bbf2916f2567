// The operator's commands for organisations: `kring-server --data postgresql://... org ...`
// (docs/hosting.md, "Organisations"). They work on the database directly; running servers
// see a change from their next request on.
#include "org_command.hpp"

#include "store_pg.hpp"

#include "kring/text.hpp"

#include <ctime>
#include <stdexcept>

namespace kring::server {

namespace {

/** A date and time for people, in UTC: "2026-12-03 21:34". */
std::string when(std::int64_t ms) {
    if (ms <= 0)
        return "never";
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

constexpr std::size_t max_org_name = 80;

int usage_error(std::ostream& err, const std::string& what) {
    err << "kring-server org: " << what
        << "\nUsage: kring-server --data postgresql://... org add \"NAME\" | key ORG_ID | "
           "revoke KEY_ID | list\n";
    return 2;
}

} // namespace

int run_org_command(const options& o, std::ostream& out, std::ostream& err) {
    const std::vector<std::string>& w = o.command;
    if (!is_pg_url(o.data))
        return usage_error(err, "organisations belong to the hosted mode: give --data "
                                "postgresql://... (the embedded mode has none; there the "
                                "server's admin token opens everything)");
    const std::string verb = w.size() > 1 ? w[1] : "";
    try {
        if (verb == "add" && w.size() == 3) {
            const std::string name = normalize_text(w[2], text_form::line);
            const auto length = utf8_length(name);
            if (name.empty() || !length || *length > max_org_name)
                return usage_error(err, "an organisation's name has 1 to " +
                                            std::to_string(max_org_name) + " characters");
            const pg_new_org org = pg_org_add(o.data, name);
            out << "Added organisation \"" << name << "\" with id " << org.id << ".\n"
                << "Its first key, " << org.key.id
                << ", is shown only now. Its facilitators give it to the\n"
                << "console (--admin-token KEY); it opens only this organisation's sessions,\n"
                << "templates and exports:\n\n"
                << "  " << org.key.key << "\n";
            return 0;
        }
        if (verb == "key" && w.size() == 3) {
            const pg_org_key k = pg_org_new_key(o.data, w[2]);
            out << "A new key for " << w[2] << ", " << k.id << ", shown only now:\n\n  " << k.key
                << "\n";
            return 0;
        }
        if (verb == "revoke" && w.size() == 3) {
            if (!pg_org_revoke(o.data, w[2])) {
                err << "kring-server org: no key in use has the id " << w[2]
                    << " (kring-server org list)\n";
                return 1;
            }
            out << "Key " << w[2] << " is revoked: every server refuses it from now on.\n";
            return 0;
        }
        if (verb == "list" && w.size() == 2) {
            const auto orgs = pg_org_list(o.data);
            if (orgs.empty())
                out << "No organisations yet: kring-server --data ... org add \"NAME\"\n";
            for (const auto& u : orgs) {
                out << u.id << "  " << u.name << "\n"
                    << "    added " << when(u.created_at) << "; " << u.sessions << " session"
                    << (u.sessions == 1 ? "" : "s") << ", " << u.participants << " participant"
                    << (u.participants == 1 ? "" : "s") << ", last change " << when(u.last_at)
                    << "\n";
                for (const auto& k : u.keys)
                    out << "    key " << k.id << "  made " << when(k.created_at)
                        << (k.revoked_at ? ", revoked " + when(k.revoked_at) : ", in use") << "\n";
            }
            return 0;
        }
    } catch (const std::invalid_argument& e) {
        err << "kring-server org: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        err << "kring-server org: " << e.what() << "\n";
        return 1;
    }
    return usage_error(err, verb.empty() ? "which command?" : "not a command: org " + verb);
}

} // namespace kring::server
