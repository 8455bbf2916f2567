// kring-server: flags, start-up (content, store, replay, listen), the start-up print, and
// a clean shutdown on SIGINT/SIGTERM.

#include "member.hpp"
#include "host_check.hpp"
#include "images.hpp"
#include "net.hpp"
#include "options.hpp"
#include "org_command.hpp"
#include "photo_http.hpp"
#include "room_registry.hpp"
#include "security.hpp"
#include "static_files.hpp"
#include "store_pg.hpp"
#include "store_sqlite.hpp"

#include "kring/content.hpp"
#include "kring/rules.hpp"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace kring;
using namespace kring::server;

namespace {

// Reads every *.json under the content folder (themes/, templates/, and whatever else the
// loader knows, such as decks/ or resources.json), named relative to `dir` with '/', and
// names the image files (without reading them) so that the loader can check the decks.
// kring_core decides what each file is and rejects what it does not know.
std::vector<content_file> read_content(const fs::path& dir, const image_catalog& images) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw std::runtime_error(dir.string() + ": folder not found");
    std::vector<fs::path> paths;
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
         ++it) {
        const std::string name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {
            // Editors' and VCS files are not content.
            if (it->is_directory())
                it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() && it->path().extension() == ".json")
            paths.push_back(it->path());
    }
    // Sorted, so that "the first error" is the same on every machine.
    std::sort(paths.begin(), paths.end());
    std::vector<content_file> files;
    for (const auto& p : paths) {
        std::ifstream in(p, std::ios::binary);
        if (!in)
            throw std::runtime_error(p.string() + ": cannot read");
        std::ostringstream text;
        text << in.rdbuf();
        files.push_back({fs::relative(p, dir).generic_string(), text.str()});
    }
    for (const auto& name : images.content_files())
        files.push_back({"images/" + name, {}});
    return files;
}

/** Every IPv4 address of an interface that is up and not loopback. */
std::vector<std::string> lan_addresses() {
    std::vector<std::string> out;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0)
        return out;
    for (ifaddrs* a = list; a; a = a->ifa_next) {
        if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET)
            continue;
        if ((a->ifa_flags & IFF_UP) == 0 || (a->ifa_flags & IFF_LOOPBACK) != 0)
            continue;
        char buf[INET_ADDRSTRLEN] = {};
        const auto* sin = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
        if (inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof buf))
            out.emplace_back(buf);
    }
    freeifaddrs(list);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// tcmalloc's C interface, when kring-server is linked with it (weak: null otherwise).
extern "C" void MallocExtension_ReleaseFreeMemory() __attribute__((weak));

/**
 * Gives memory the allocator keeps but no longer uses back to the system: after a crowd
 * (or an attacker's connections) has gone, the server's size falls back.
 */
void release_free_memory() {
    if (MallocExtension_ReleaseFreeMemory)
        MallocExtension_ReleaseFreeMemory();
    else
        malloc_trim(0);
}

/** Every 30 s, when connections have ended since the last time: release_free_memory(). */
void schedule_memory_release(scheduler& timers, const connection_counter& connections,
                             std::uint64_t ended_before) {
    timers.after(std::chrono::seconds(30), [&timers, &connections, ended_before] {
        const std::uint64_t ended = connections.ended();
        if (ended != ended_before)
            release_free_memory();
        schedule_memory_release(timers, connections, ended);
    });
}

bool is_any(const std::string& bind) {
    return bind == "0.0.0.0" || bind == "::";
}

bool is_loopback(const std::string& bind) {
    return bind.rfind("127.", 0) == 0 || bind == "::1" || bind == "localhost";
}

/**
 * Where participants' phones reach this server: --public-url, else the first network
 * address (when listening on every interface) or the bound address; "" when only this
 * machine can connect.
 */
std::string public_url(const options& o, unsigned short port) {
    if (!o.public_url.empty())
        return o.public_url;
    // Built with append rather than "literal" + string: g++ 12 at -O2 warns falsely
    // (-Wrestrict) about the inlined operator+ here.
    auto http = [&o](const std::string& host, const std::string& port_part) {
        std::string url = o.tls_cert.empty() ? "http://" : "https://";
        url += host;
        url += port_part;
        return url;
    };
    std::string p = ":";
    p += std::to_string(port);
    if (is_any(o.bind)) {
        const auto lan = lan_addresses();
        return lan.empty() ? std::string() : http(lan.front(), p);
    }
    if (is_loopback(o.bind))
        return {};
    const bool v6 = o.bind.find(':') != std::string::npos;
    return http(v6 ? "[" + o.bind + "]" : o.bind, p);
}

void print_banner(const options& o, unsigned short port, const std::string& data,
                  std::size_t restored, const content_bundle& content,
                  const std::string& admin_token) {
    const std::string p = std::to_string(port);
    const std::string scheme = o.tls_cert.empty() ? "http://" : "https://";
    std::vector<std::string> urls;
    if (is_any(o.bind)) {
        for (const auto& a : lan_addresses())
            urls.push_back(scheme + a + ":" + p + "/");
        urls.push_back(scheme + "localhost:" + p + "/");
    } else {
        urls.push_back(scheme + o.bind + ":" + p + "/");
    }
    const std::string facilitator_host =
        is_any(o.bind) || is_loopback(o.bind) ? "127.0.0.1" : o.bind;

    std::cout << "Kring server is running.\n";
    std::cout << "  Deelnemers / participants: " << urls.front() << "\n";
    for (std::size_t i = 1; i < urls.size(); ++i)
        std::cout << "                             " << urls[i] << "\n";
    std::cout << "  Facilitator: kring --server " << facilitator_host << ":" << p << "\n";
    std::cout << "  Data: " << data << " (" << restored
              << (restored == 1 ? " session" : " sessions") << " restored)\n";
    std::cout << "  Content: " << o.content << " (" << content.templates.size() << " templates, "
              << content.themes.size() << " themes and building blocks, "
              << content.exercises.size() << " exercises, " << content.resources.size()
              << " resources)\n";
    if (!o.images.empty())
        std::cout << "  Own images: " << o.images << " (deck 'eigen')\n";
    std::cout << "  Kept: "
              << (o.retention_days == 0
                      ? std::string("forever")
                      : std::to_string(o.retention_days) + " days after a session's last change")
              << "\n";
    // The one place the token is shown: the operator needs it for the sessions library and
    // the agenda editor on another machine. Nothing else prints or logs it.
    std::cout << "  Admin token: " << admin_token << "\n";
    std::cout << "  Stop with Ctrl+C.\n";
    // One fixed line for scripts and tests.
    std::cout << "KRING_LISTENING port=" << port << std::endl;
}

int run(const options& o) {
    // Block the stop signals in every thread we start; main waits for them with sigwait.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    // A closed stdout must not kill the server; sockets use MSG_NOSIGNAL anyway.
    signal(SIGPIPE, SIG_IGN);

    // 1. Content: refuse to start with broken content (docs/content.md).
    content_bundle content;
    image_catalog images;
    std::vector<content_file> content_files; // kept: the agenda editor shows templates as written
    try {
        images = image_catalog::scan(fs::path(o.content) / "images", o.images);
        load_options lo;
        lo.own_images = images.own_files();
        content_files = read_content(o.content, images);
        auto loaded = load_content(content_files, lo);
        if (auto* err = std::get_if<content_error>(&loaded)) {
            std::cerr << "kring-server: content error: " << err->to_string() << "\n";
            return 2;
        }
        content = std::move(std::get<content_bundle>(loaded));
        for (const auto& w : content.warnings)
            std::cerr << "kring-server: content warning: " << w << "\n";
    } catch (const std::exception& e) {
        std::cerr << "kring-server: content error: " << e.what() << "\n";
        return 2;
    }

    // 2. The store.
    std::unique_ptr<store> st;
    std::string data_path;
    try {
        if (is_pg_url(o.data)) {
            st = open_pg_store(o.data);
        } else {
            const fs::path data = fs::absolute(o.data);
            if (data.has_parent_path())
                fs::create_directories(data.parent_path());
            data_path = data.string();
            st = open_sqlite_store(data_path);
        }
    } catch (const std::exception& e) {
        std::cerr << "kring-server: cannot open the data" << (data_path.empty() ? "base" : " file")
                  << ": " << e.what() << "\n";
        return 1;
    }

    // What HTTP serves: listed now, once; nothing else is ever served (docs/security.md).
    // The data file and its journals are never among it, wherever they lie.
    static_files files;
    try {
        std::vector<fs::path> never;
        if (!data_path.empty())
            never = {data_path, data_path + "-wal", data_path + "-shm", data_path + "-journal"};
        files.add_web_folder(o.web, never);
        images.add_to(files);
    } catch (const std::exception& e) {
        std::cerr << "kring-server: " << e.what() << "\n";
        return 2;
    }
    for (const auto& h : o.allowed_hosts) {
        if (!parse_authority(h)) {
            std::cerr << "kring-server: --allowed-hosts: '" << h << "' is not a host name\n";
            return 2;
        }
    }
    const host_policy hosts(host_policy::settings{o.public_url, o.allowed_hosts,
                                                  machine_host_name(), machine_addresses});
    // On PostgreSQL the clients come through a proxy, all from its address: the proxy caps
    // connections per client address (deploy/haproxy.cfg), not the node, unless told.
    connection_counter connections(o.max_per_address_given || !is_pg_url(o.data) ? o.max_per_address
                                                                                 : 0);

    // 3. Rooms from the stored events, then the network. Teardown order matters: the
    // network goes first (its connections still call into rooms while they close), the
    // store is flushed before anything it calls back into disappears.
    net_config nc;
    nc.bind = o.bind;
    nc.port = o.port;
    nc.threads = o.threads;
    nc.max_message = o.max_message;
    nc.idle_timeout_s = o.idle_timeout;
    nc.tls_cert = o.tls_cert;
    nc.tls_key = o.tls_key;
    auto net = std::make_unique<net_server>(nc);
    limits lim;
    lim.max_text = o.max_text;
    lim.max_participants = o.max_participants;
    lim.min_answers = o.min_answers;
    // The phone page finds the rules in its page before it connects (rules.hpp); the
    // table is still being set up, nothing is served yet.
    if (files.fill_meta("kring-rules", nlohmann::json(rules_for(lim)).dump()) == 0)
        std::cerr << "kring-server: note: no page in " << o.web
                  << " has <meta name=\"kring-rules\" content=\"\">; the phone page learns the "
                     "rules from its first welcome\n";
    room_registry rooms(*st, net->timers(), lim);
    auto teardown = [&] {
        if (!net)
            return;
        net->stop();
        st->close();
        net.reset();
    };
    // Also on an exception: `rooms` must outlive the network's connections.
    struct on_exit {
        std::function<void()> fn;
        ~on_exit() { fn(); }
    } guard{teardown};

    std::size_t restored = 0;
    try {
        restored = rooms.restore();
    } catch (const std::exception& e) {
        std::cerr << "kring-server: cannot restore the stored sessions: " << e.what() << "\n";
        teardown();
        return 1;
    }
    // The facilitator's own templates live next to the data file; with PostgreSQL, in the
    // working directory's kring-data/templates (they are files on this node, not yet rows).
    const fs::path own_templates = data_path.empty()
                                       ? fs::absolute("kring-data") / "templates"
                                       : fs::path(data_path).parent_path() / "templates";
    for (const auto& w : rooms.set_templates(content, content_files, own_templates))
        std::cerr << "kring-server: template warning: " << w << "\n";

    server_context ctx{.rooms = rooms,
                       .content = content,
                       .lim = lim,
                       .rate = o.rate,
                       .burst = 2 * o.rate,
                       .session_count = [&rooms] { return rooms.session_count(); }};
    ctx.files = &files;
    ctx.hosts = &hosts;
    ctx.connections = &connections;
    ctx.record_http = [&rooms](std::string_view target, std::string_view authorization) {
        return serve_record(rooms, target, authorization);
    };
    const std::string admin_token = o.admin_token.empty() ? random_token(18) : o.admin_token;
    ctx.admin_token = admin_token;
    // The photo limits are the ones welcome sends (rules.photos): one definition.
    photo_service photos(rooms, client_rules{}.photos, admin_token);
    ctx.photos = &photos;
    // On PostgreSQL the server is hosted, usually behind a proxy on the same machine, where
    // every client arrives from loopback: this machine is no admin there unless told so.
    ctx.trust_loopback = o.trust_loopback_given ? o.trust_loopback : !is_pg_url(o.data);
    ctx.retention_days = o.retention_days;
    ctx.min_answers = o.min_answers;
    try {
        net->listen(ctx);
    } catch (const std::exception& e) {
        std::cerr << "kring-server: " << e.what() << "\n";
        teardown();
        return 1;
    }
    // Before the threads start: rooms read it without a lock.
    rooms.set_public_url(public_url(o, net->port()));
    rooms.set_phone_updates(o.phone_updates);
    net->run();
    // At start-up, then every hour.
    rooms.start_retention(o.retention_days);
    schedule_memory_release(net->timers(), connections, connections.ended());
    print_banner(o, net->port(), st->describe(), restored, content, admin_token);

    int sig = 0;
    sigwait(&stop_signals, &sig);
    std::cout << "Stopping (signal " << sig << ")..." << std::endl;
    teardown();
    std::cout << "Stopped; all acknowledged changes are stored." << std::endl;
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const parse_result parsed = parse_options(args);
    if (!parsed.opts) {
        (parsed.exit_code == 0 ? std::cout : std::cerr) << parsed.text;
        return parsed.exit_code;
    }
    if (!parsed.opts->command.empty())
        return run_org_command(*parsed.opts, std::cout, std::cerr);
    if (::geteuid() == 0)
        std::cerr << "kring-server: running as root; it serves only the files it listed at "
                     "start-up, but an ordinary user is safer (scripts/run.sh does that)\n";
    try {
        return run(*parsed.opts);
    } catch (const std::exception& e) {
        std::cerr << "kring-server: " << e.what() << "\n";
        return 1;
    }
}
