#include "record/export_cli.hpp"

#include "kring/protocol.hpp"
#include "net/connection.hpp"
#include "record/export_file.hpp"
#include "ui/app.hpp"
#include "ui/results.hpp"
#include "ui/config.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <variant>

namespace kring::client {

using nlohmann::json;

namespace {

/** The network thread's wake-ups, waited for on this thread. */
struct waker {
    std::mutex m;
    std::condition_variable cv;
    bool woken = false;

    void wake() {
        {
            std::lock_guard lock(m);
            woken = true;
        }
        cv.notify_one();
    }
    void wait_until(std::chrono::steady_clock::time_point t) {
        std::unique_lock lock(m);
        cv.wait_until(lock, t, [&] { return woken; });
        woken = false;
    }
};

} // namespace

int run_export(const options& opt) {
    client_config config;
    config.load();
    const std::string code = kring::protocol::normalize_code(opt.code);
    const auto known = config.session(code);
    if (code.empty() || !known) {
        std::fprintf(stderr, "kring: no facilitator key for code '%s' on this computer\n",
                     opt.code.c_str());
        return 1;
    }
    const std::string dir = !opt.export_dir.empty()        ? opt.export_dir
                            : !config.export_dir().empty() ? config.export_dir()
                                                           : default_export_dir();
    waker w;
    connection conn(opt.host, opt.port, [&w] { w.wake(); });
    conn.start();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    std::uint64_t epoch = 0;
    bool asked = false;
    int rc = 2;
    while (std::chrono::steady_clock::now() < deadline && rc == 2) {
        w.wait_until(
            std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(200)));
        for (net_event& e : conn.take()) {
            if (e.what == net_event::kind::connected) {
                epoch = e.epoch;
                protocol::join join;
                join.seq = 1;
                join.code = code;
                join.as = role::facilitator;
                join.secret = known->secret;
                conn.send(epoch, json(join).dump());
                asked = false;
            }
            if (e.what != net_event::kind::message || e.epoch != epoch)
                continue;
            std::vector<wire::decode_error> refused;
            for (const wire::message& m : wire::decode_text(e.text, &refused)) {
                if (std::holds_alternative<wire::welcome>(m) && !asked) {
                    protocol::export_request req;
                    req.seq = 2;
                    req.format = opt.export_format;
                    req.step = opt.export_step;
                    conn.send(epoch, json(req).dump());
                    asked = true;
                } else if (const auto* no = std::get_if<wire::error_reply>(&m)) {
                    std::fprintf(stderr, "kring: the server refused: %s (%s)\n",
                                 to_string(no->err.code), no->err.message.c_str());
                    rc = 4;
                } else if (const auto* file = std::get_if<wire::export_reply>(&m)) {
                    std::string error;
                    const std::string path =
                        write_export(dir, file->filename, file->content, error);
                    if (path.empty()) {
                        std::fprintf(stderr, "kring: %s\n", error.c_str());
                        rc = 3;
                    } else {
                        std::printf("%s\n", path.c_str());
                        rc = 0;
                    }
                }
            }
            for (const wire::decode_error& err : refused)
                std::fprintf(stderr, "kring: ignoring a malformed message: %s\n", err.what());
        }
    }
    conn.stop();
    if (rc == 2)
        std::fprintf(stderr, "kring: no export from %s within 15 s\n", opt.server().c_str());
    return rc;
}

} // namespace kring::client
