#include "options.hpp"

#include <algorithm>
#include <charconv>
#include <thread>

#ifndef KRING_DEFAULT_CONTENT_DIR
#define KRING_DEFAULT_CONTENT_DIR "content"
#endif
#ifndef KRING_DEFAULT_WEB_DIR
#define KRING_DEFAULT_WEB_DIR "client/web"
#endif

namespace kring::server {

namespace {

template <class T> bool parse_number(const std::string& s, T& out, T min, T max) {
    T v{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < min || v > max)
        return false;
    out = v;
    return true;
}

} // namespace

std::string usage() {
    return std::string(
               "Usage: kring-server [options]\n"
               "       kring-server --data postgresql://... org add \"NAME\" | key ORG_ID |\n"
               "                                       revoke KEY_ID | list\n"
               "\n"
               "Runs Kring live reflection workshops: the participants' web page, the\n"
               "WebSocket protocol for the facilitator, projector and participants, and the\n"
               "session store, all on one port.\n"
               "\n"
               "Options:\n"
               "  --port N             TCP port (default 8080; 0 = any free port)\n"
               "  --bind ADDRESS       address to listen on (default 0.0.0.0 = every interface)\n"
               "  --data PATH|URL      SQLite data file (default kring-data/kring.sqlite,\n"
               "                       relative to the working directory; folders are created),\n"
               "                       or a PostgreSQL database: postgresql://USER@HOST:PORT/DB\n"
               "                       (docs/hosting.md; the password in ~/.pgpass or PGPASSWORD)\n"
               "  --content DIR        workshop content folder (default ") +
           KRING_DEFAULT_CONTENT_DIR +
           ")\n"
           "  --web DIR            participant web page folder (default " KRING_DEFAULT_WEB_DIR
           ")\n"
           "  --images DIR         a folder of your own photos (PNG/JPEG): they become an\n"
           "                       added image deck 'eigen', for the template\n"
           "                       dromen-met-eigen-fotos and any step that names it\n"
           "  --public-url URL     the address participants open, e.g. http://10.0.0.5:8080\n"
           "                       (default: http://<first network address>:<port>)\n"
           "  --threads N          network threads (default: one per core)\n"
           "  --max-message BYTES  largest WebSocket message accepted (default 16384)\n"
           "  --max-text CHARS     longest comment accepted (default 500; names: 40)\n"
           "  --max-participants N participants per session (default 20000)\n"
           "  --phone-updates N    views with only new results or counters to the phones of\n"
           "                       one session: at most N a second in all (default 500; with\n"
           "                       1,000 phones each gets one every 2 s, with 250 or fewer\n"
           "                       two a second); what a phone must show at once is not held\n"
           "  --min-answers K      show a step's result only from K answers on (1..50,\n"
           "                       default 3): fewer could point to a person\n"
           "  --rate N             messages per second per connection (default 20, burst 2N)\n"
           "  --idle-timeout SEC   close a WebSocket that sends nothing, not even the answer\n"
           "                       to a ping, for SEC seconds (default 300)\n"
           "  --tls-cert FILE      PEM certificate (chain): serve HTTPS and WSS on the port\n"
           "  --tls-key FILE       PEM private key of --tls-cert (both or neither)\n"
           "  --retention-days N   delete sessions whose last change is older than N days\n"
           "                       (default 365; 0 keeps them)\n"
           "  --admin-token TOKEN  the token that opens the sessions library and agenda editor\n"
           "                       from another machine (default: a new random one, printed)\n"
           "  --trust-loopback B   yes (default with a data file): this machine is admin\n"
           "                       without the token; no (default on PostgreSQL): it needs\n"
           "                       the token too (behind a reverse proxy)\n"
           "  --allowed-hosts LIST further host names (comma-separated) by which browsers\n"
           "                       reach this server, e.g. behind a proxy; besides this\n"
           "                       machine's addresses and names and the --public-url host\n"
           "  --max-per-address N  open connections from one address (IPv6: one /64),\n"
           "                       default 500 (none on PostgreSQL, where HAProxy caps);\n"
           "                       0: no cap (behind a proxy that limits)\n"
           "  --help               show this text\n"
           "\n"
           "Organisations (hosted mode on PostgreSQL, docs/hosting.md): each one sees only its\n"
           "own sessions, templates and exports, with its own keys.\n"
           "  org add \"NAME\"       add an organisation; prints its id and its first key\n"
           "  org key ORG_ID       print another key for the organisation\n"
           "  org revoke KEY_ID    revoke a key: refused from the next request on\n"
           "  org list             the organisations, their keys and what they used\n";
}

parse_result parse_options(const std::vector<std::string>& args) {
    options o;
    o.content = KRING_DEFAULT_CONTENT_DIR;
    o.web = KRING_DEFAULT_WEB_DIR;
    auto bad = [](const std::string& msg) {
        return parse_result{std::nullopt, "kring-server: " + msg + "\nTry --help.\n", 2};
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string flag = args[i];
        std::string value;
        bool has_value = false;
        // Accept both "--port 80" and "--port=80".
        if (auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = flag.substr(eq + 1);
            flag = flag.substr(0, eq);
            has_value = true;
        }
        if (flag == "--help" || flag == "-h")
            return parse_result{std::nullopt, usage(), 0};
        // `kring-server --data URL org ...`: the rest are the command's words.
        if (flag == "org" && !has_value) {
            o.command.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
            break;
        }
        static const char* const with_value[] = {
            "--port",           "--bind",          "--data",
            "--content",        "--web",           "--threads",
            "--max-message",    "--max-text",      "--max-participants",
            "--rate",           "--images",        "--public-url",
            "--retention-days", "--admin-token",   "--min-answers",
            "--trust-loopback", "--idle-timeout",  "--tls-cert",
            "--tls-key",        "--allowed-hosts", "--max-per-address",
            "--phone-updates"};
        bool known = false;
        for (const char* f : with_value)
            known = known || flag == f;
        if (!known)
            return bad("unknown option '" + args[i] + "'");
        if (!has_value) {
            if (i + 1 >= args.size())
                return bad("option " + flag + " needs a value");
            value = args[++i];
        }
        bool ok = true;
        if (flag == "--port") {
            ok = parse_number<unsigned short>(value, o.port, 0, 65535);
        } else if (flag == "--bind") {
            ok = !value.empty();
            o.bind = value;
        } else if (flag == "--data") {
            ok = !value.empty();
            o.data = value;
        } else if (flag == "--content") {
            ok = !value.empty();
            o.content = value;
        } else if (flag == "--web") {
            ok = !value.empty();
            o.web = value;
        } else if (flag == "--images") {
            ok = !value.empty();
            o.images = value;
        } else if (flag == "--public-url") {
            while (!value.empty() && value.back() == '/')
                value.pop_back();
            ok = value.rfind("http://", 0) == 0 || value.rfind("https://", 0) == 0;
            o.public_url = value;
        } else if (flag == "--threads") {
            ok = parse_number<unsigned>(value, o.threads, 1, 256);
        } else if (flag == "--max-message") {
            ok = parse_number<std::size_t>(value, o.max_message, 256, std::size_t(64) << 20);
        } else if (flag == "--max-text") {
            ok = parse_number<std::size_t>(value, o.max_text, 1, 100000);
        } else if (flag == "--phone-updates") {
            ok = parse_number<std::size_t>(value, o.phone_updates, 1, 10000000);
        } else if (flag == "--max-participants") {
            ok = parse_number<std::size_t>(value, o.max_participants, 1, 10000000);
        } else if (flag == "--min-answers") {
            ok = parse_number<unsigned>(value, o.min_answers, 1, 50);
        } else if (flag == "--rate") {
            unsigned r = 0;
            ok = parse_number<unsigned>(value, r, 1, 1000000);
            o.rate = r;
        } else if (flag == "--idle-timeout") {
            ok = parse_number<unsigned>(value, o.idle_timeout, 1, 86400);
        } else if (flag == "--tls-cert") {
            ok = !value.empty();
            o.tls_cert = value;
        } else if (flag == "--tls-key") {
            ok = !value.empty();
            o.tls_key = value;
        } else if (flag == "--retention-days") {
            ok = parse_number<unsigned>(value, o.retention_days, 0, 36500);
        } else if (flag == "--admin-token") {
            // Long enough that guessing it is hopeless.
            ok = value.size() >= 16;
            o.admin_token = value;
        } else if (flag == "--allowed-hosts") {
            o.allowed_hosts.clear();
            std::size_t start = 0;
            while (start <= value.size()) {
                const auto comma = value.find(',', start);
                const std::string name = value.substr(
                    start, comma == std::string::npos ? std::string::npos : comma - start);
                if (!name.empty())
                    o.allowed_hosts.push_back(name);
                if (comma == std::string::npos)
                    break;
                start = comma + 1;
            }
            ok = !o.allowed_hosts.empty();
        } else if (flag == "--max-per-address") {
            ok = parse_number<std::size_t>(value, o.max_per_address, 0, 10000000);
            o.max_per_address_given = true;
        } else if (flag == "--trust-loopback") {
            ok = value == "yes" || value == "no" || value == "true" || value == "false";
            o.trust_loopback = value == "yes" || value == "true";
            o.trust_loopback_given = true;
        }
        // The token is a secret: an error does not repeat it.
        if (!ok && flag == "--admin-token")
            return bad("--admin-token needs at least 16 characters");
        if (!ok)
            return bad("bad value '" + value + "' for " + flag);
    }
    if (o.tls_cert.empty() != o.tls_key.empty())
        return bad("--tls-cert and --tls-key go together");
    if (o.threads == 0)
        o.threads = std::max(1u, std::thread::hardware_concurrency());
    return parse_result{o, {}, 0};
}

} // namespace kring::server
