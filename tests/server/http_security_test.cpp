// What HTTP serves and to whom (docs/security.md, "Static files" and "Host and Origin"):
// only files listed at start-up, by exact path; only to requests that name this server;
// WebSockets of web pages only from the server's own origin; requests that cannot be
// framed are refused; connections per address are capped.

#include "helpers.hpp"
#include "raw_ws.hpp"

#include "host_check.hpp"
#include "join_guard.hpp"
#include "static_files.hpp"

#include <filesystem>
#include <fstream>
#include <thread>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_http_security_test {

using namespace kring::test;
using kring::raw::raw_ws;
namespace fs = std::filesystem;
namespace ks = kring::server;

namespace {

/** A fresh folder, removed at the end. */
struct temp_folder {
    fs::path dir;
    explicit temp_folder(const std::string& name) {
        dir = fs::temp_directory_path() /
              ("kring-" + name + "-" + std::to_string(::getpid()) + "-" +
               std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        fs::create_directories(dir);
    }
    ~temp_folder() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

void write_file(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

/**
 * A web folder with what must be served (index.html, app.js, sub/page.html), and what
 * must not: hidden files, a file of unknown type, symbolic links out of the folder, a data
 * file and its write-ahead log inside it.
 */
struct hostile_web_folder {
    temp_folder root{"web"};
    temp_folder outside{"outside"};
    fs::path web = root.dir / "web";
    hostile_web_folder() {
        write_file(web / "index.html", "<!doctype html><title>Kring</title>");
        write_file(web / "app.js", "console.log('kring');");
        write_file(web / "sub" / "index.html", "<p>sub</p>");
        write_file(web / "sub" / "page.css", "p{}");
        write_file(web / ".env", "SECRET=1");
        write_file(web / ".git" / "config", "[core]");
        write_file(web / "notes.bak", "private");
        write_file(outside.dir / "secret.txt", "TOP-SECRET");
        write_file(outside.dir / "leak" / "x.js", "TOP-SECRET");
        fs::create_symlink(outside.dir / "secret.txt", web / "secret.txt");
        fs::create_symlink(outside.dir / "leak", web / "leak");
        fs::create_symlink("/etc/passwd", web / "passwd.txt");
        // A link that stays inside is fine.
        fs::create_symlink(web / "app.js", web / "alias.js");
    }
};

/** The status of one raw request with `target` sent as is; 0 when closed without answer. */
int raw_status(int port, const std::string& target, std::string* body = nullptr) {
    raw_ws c(port);
    try {
        const std::string r = c.http_get(target);
        if (body)
            *body = r;
        return std::stoi(r.substr(9, 3));
    } catch (const std::exception&) {
        return 0;
    }
}

/** A raw request; returns the whole response (""when the server closed without one). */
std::string raw_request(int port, const std::string& request) {
    raw_ws c(port);
    c.write_all(request);
    try {
        return c.read_http();
    } catch (const std::exception&) {
        return {};
    }
}

int status_of(const std::string& response) {
    return response.size() >= 12 ? std::stoi(response.substr(9, 3)) : 0;
}

} // namespace

TEST_CASE("static files: the table made at start-up, exact lookup, nothing outside the folder") {
    hostile_web_folder w;
    write_file(w.web / "kring.sqlite", "SQLite format 3");
    write_file(w.web / "kring.sqlite-wal", "WAL");
    ks::static_files files;
    files.add_web_folder(w.web, {w.web / "kring.sqlite", w.web / "kring.sqlite-wal"});

    CHECK(files.urls() == std::vector<std::string>{"/", "/alias.js", "/app.js", "/index.html",
                                                   "/sub/", "/sub/index.html", "/sub/page.css"});
    REQUIRE(files.find("/") != nullptr);
    CHECK(*files.find("/")->data == "<!doctype html><title>Kring</title>");
    CHECK(files.find("/")->content_type == "text/html; charset=utf-8");
    CHECK(*files.find("/sub/")->data == "<p>sub</p>");
    CHECK(files.find("/app.js")->content_type == "text/javascript; charset=utf-8");
    for (const char* path : {"",
                             "app.js",
                             "//app.js",
                             "/app.js/",
                             "/APP.JS",
                             "/./app.js",
                             "/sub/../app.js",
                             "/sub//page.css",
                             "/%61pp.js",
                             "/secret.txt",
                             "/leak/x.js",
                             "/passwd.txt",
                             "/.env",
                             "/.git/config",
                             "/notes.bak",
                             "/kring.sqlite",
                             "/kring.sqlite-wal",
                             "//etc/passwd",
                             "///etc/passwd",
                             "/..",
                             "/sub",
                             "/sub/..",
                             "\\app.js",
                             "/app.js\\"})
        CHECK_MESSAGE(files.find(path) == nullptr, path);
    CHECK(files.find(std::string("/app.js\0", 8)) == nullptr);

    // Images (and every file served from disk): only inside their folder.
    temp_folder images("images");
    write_file(images.dir / "a.png", "PNG");
    fs::create_symlink(w.outside.dir / "secret.txt", images.dir / "b.png");
    CHECK(files.add_file("/images/a.png", images.dir, images.dir / "a.png"));
    CHECK_FALSE(files.add_file("/images/b.png", images.dir, images.dir / "b.png"));
    CHECK_FALSE(files.add_file("/images/c.png", images.dir, images.dir / "c.png"));
    CHECK_FALSE(files.add_file("/images/x.png", images.dir, images.dir / ".." / "x.png"));
    CHECK(files.find("/images/a.png")->path == fs::canonical(images.dir / "a.png").string());
    CHECK(files.find("/images/b.png") == nullptr);

    CHECK(ks::target_path("/?code=ABC") == "/");
    CHECK(ks::target_path("/app.js#x") == "/app.js");
    CHECK(ks::real_file_inside(w.web, w.web / "secret.txt").empty());
    CHECK(ks::real_file_inside(w.web, "/etc/passwd").empty());
    CHECK(ks::real_file_inside(w.web, w.web).empty());
    CHECK_THROWS(files.add_web_folder(w.root.dir / "missing"));
}

TEST_CASE("HTTP: no spelling of a path reaches a file the server did not list (//etc/passwd, "
          "the data file, symbolic links)") {
    hostile_web_folder w;
    temp_folder images("own-images");
    write_file(images.dir / "foto.png", "PNG-BYTES");
    fs::create_symlink(w.outside.dir / "secret.txt", images.dir / "leak.png");
    // The data file inside the web folder: still never served.
    const fs::path data = w.web / "kring.sqlite";
    server_process srv({"--web", w.web.string(), "--images", images.dir.string()}, w.web.string());
    const int port = srv.port();
    REQUIRE(fs::exists(data));

    std::string body;
    CHECK(raw_status(port, "/", &body) == 200);
    CHECK(body.find("<title>Kring</title>") != std::string::npos);
    CHECK(raw_status(port, "/app.js") == 200);
    CHECK(raw_status(port, "/alias.js") == 200);
    CHECK(raw_status(port, "/images/eigen/foto.png", &body) == 200);
    CHECK(body.find("PNG-BYTES") != std::string::npos);

    const std::string abs_data = fs::canonical(data).string();
    const std::vector<std::string> hostile = {"//etc/passwd",
                                              "///etc/passwd",
                                              "//etc/shadow",
                                              "/%2fetc%2fpasswd",
                                              "/%2Fetc/passwd",
                                              "/..%2f..%2f..%2fetc%2fpasswd",
                                              "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                                              "/%252e%252e/%252e%252e/etc/passwd",
                                              "/..\\..\\..\\etc\\passwd",
                                              "/.%2e/.%2e/etc/passwd",
                                              "/index.html%00",
                                              "/" + abs_data,
                                              "/" + abs_data + "-wal",
                                              "//" + abs_data,
                                              "/kring.sqlite",
                                              "/kring.sqlite-wal",
                                              "/kring.sqlite-shm",
                                              "/secret.txt",
                                              "/leak/x.js",
                                              "/passwd.txt",
                                              "/.env",
                                              "/.git/config",
                                              "/images/eigen/leak.png",
                                              "/images/eigen/../../../../etc/passwd",
                                              "/images//etc/passwd",
                                              "/images/eigen//etc/passwd"};
    for (const auto& target : hostile) {
        std::string response;
        const int status = raw_status(port, target, &response);
        CHECK_MESSAGE((status == 404 || status == 400 || status == 0), target, " -> ", status);
        CHECK_MESSAGE(response.find("root:") == std::string::npos, target);
        CHECK_MESSAGE(response.find("TOP-SECRET") == std::string::npos, target);
        CHECK_MESSAGE(response.find("SQLite format") == std::string::npos, target);
    }
    // A NUL byte in the target: refused before any lookup.
    const std::string nul = raw_request(
        port, std::string("GET /index.html\0.png HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 48));
    CHECK(nul.find("<title>") == std::string::npos);
}

TEST_CASE("host_policy: the server's own names and origins") {
    std::vector<std::string> addresses = {"127.0.0.1", "192.168.1.20", "::1", "fe80::1"};
    int lookups = 0;
    ks::host_policy p(ks::host_policy::settings{
        "https://kring.example.org", {"workshop.local", "10.9.8.7:8443"}, "laptop", [&] {
            ++lookups;
            return addresses;
        }});
    CHECK(lookups == 1);
    for (const char* ok :
         {"127.0.0.1", "127.0.0.1:8080", "127.1.2.3:80", "localhost:8080", "LOCALHOST",
          "app.localhost", "[::1]:8080", "192.168.1.20:8080", "[fe80::1]", "laptop:8080",
          "laptop.local", "kring.example.org", "kring.example.org.", "KRING.example.org:443",
          "workshop.local:9000", "10.9.8.7"})
        CHECK_MESSAGE(p.host_allowed(ok), ok);
    for (const char* bad :
         {"", "evil.example", "evil.example:8080", "192.168.1.21:8080", "8.8.8.8", "[::2]",
          "127.0.0.1.evil.example", "localhost.evil.example", "kring.example.org.evil", "a b",
          "host:port", "host:99999", "::1", "[::1", "user@127.0.0.1", "127.0.0.1:", "laptop.evil"})
        CHECK_FALSE_MESSAGE(p.host_allowed(bad), bad);

    // An address that appears after start-up (the laptop joined the venue's Wi-Fi).
    addresses.push_back("10.0.0.7");
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    CHECK(p.host_allowed("10.0.0.7:8080"));
    const int after = lookups;
    CHECK_FALSE(p.host_allowed("10.0.0.8:8080")); // within a second: no new look-up
    CHECK(lookups == after);

    // Origins: the page's own (same host and port as the Host it reached), or --public-url.
    CHECK(p.origin_allowed("http://127.0.0.1:8080", "127.0.0.1:8080"));
    CHECK(p.origin_allowed("http://192.168.1.20:8080", "192.168.1.20:8080"));
    CHECK(p.origin_allowed("http://localhost", "localhost"));
    CHECK(p.origin_allowed("http://localhost:80", "localhost"));
    CHECK(p.origin_allowed("https://kring.example.org", "127.0.0.1:8080")); // behind a proxy
    CHECK(p.origin_allowed("https://kring.example.org", "kring.example.org"));
    CHECK(p.origin_allowed("http://[::1]:8080", "[::1]:8080"));
    CHECK_FALSE(p.origin_allowed("http://evil.example", "127.0.0.1:8080"));
    CHECK_FALSE(p.origin_allowed("http://evil.example:8080", "evil.example:8080"));
    CHECK_FALSE(p.origin_allowed("null", "127.0.0.1:8080"));
    CHECK_FALSE(p.origin_allowed("", "127.0.0.1:8080"));
    CHECK_FALSE(p.origin_allowed("http://127.0.0.1:9090", "127.0.0.1:8080"));
    CHECK_FALSE(p.origin_allowed("http://localhost:8080", "127.0.0.1:8080"));
    CHECK_FALSE(p.origin_allowed("https://127.0.0.1:8080/", "127.0.0.1:8080"));
    CHECK_FALSE(p.origin_allowed("file://", "127.0.0.1:8080"));
    CHECK_FALSE(p.origin_allowed("http://kring.example.org", "127.0.0.1:8080")); // not https
    CHECK_FALSE(p.origin_allowed("chrome-extension://abc", "127.0.0.1:8080"));

    CHECK(ks::parse_authority("[::1]:80")->host == "::1");
    CHECK(ks::parse_authority("Example.ORG:8080")->port == 8080);
    CHECK_FALSE(ks::parse_authority("[::1]x").has_value());
}

TEST_CASE("HTTP: a Host that is not the server's own is 421, a foreign page's WebSocket 403, "
          "and a page never becomes an admin through loopback") {
    server_process srv;
    const int port = srv.port();
    const std::string own = "127.0.0.1:" + std::to_string(port);
    {
        ws_client fac(port);
        create_session(fac);
    }

    // DNS rebinding: a foreign name pointed at this machine.
    const std::string rebound = raw_request(
        port, "GET /healthz HTTP/1.1\r\nHost: evil.example:" + std::to_string(port) + "\r\n\r\n");
    CHECK(status_of(rebound) == 421);
    CHECK(rebound.find("\"sessions\"") == std::string::npos);
    CHECK(status_of(raw_request(port, "GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n")) == 421);
    CHECK(status_of(raw_request(port, "GET /healthz HTTP/1.1\r\n\r\n")) == 400); // no Host
    CHECK(status_of(raw_request(port, "GET /healthz HTTP/1.0\r\n\r\n")) == 200);
    CHECK(status_of(raw_request(port, "GET /healthz HTTP/1.1\r\nHost: localhost:" +
                                          std::to_string(port) + "\r\n\r\n")) == 200);
    {
        raw_ws c(port);
        const std::string head =
            c.upgrade("/ws", "Origin: http://evil.example:" + std::to_string(port) + "\r\n",
                      "evil.example:" + std::to_string(port));
        CHECK(status_of(head) == 421);
    }

    // A foreign page opening ws://127.0.0.1:PORT/ws: refused before it can ask anything.
    for (const std::string& origin :
         std::vector<std::string>{"http://evil.example", "null", "http://127.0.0.1:1",
                                  "http://localhost:" + std::to_string(port)}) {
        raw_ws c(port);
        const std::string head = c.upgrade("/ws", "Origin: " + origin + "\r\n");
        CHECK_MESSAGE(status_of(head) == 403, origin);
    }

    // The server's own page: accepted, but not an admin although it is on this machine.
    {
        raw_ws page(port);
        const std::string head = page.upgrade("/ws", "Origin: http://" + own + "\r\n");
        REQUIRE(status_of(head) == 101);
        page.send_json({{"type", "list_sessions"}, {"seq", 1}});
        const json r = page.recv_seq(1);
        CHECK(r["type"] == "error");
        CHECK(r["code"] == "forbidden");
    }
    // A client that is not a browser (the console, a projector on another machine): no
    // Origin, any name it reaches the server by, and the admin from here.
    {
        raw_ws projector(port);
        CHECK(status_of(projector.upgrade("/ws", "", "laptop.lan:" + std::to_string(port))) == 101);
    }
    {
        raw_ws console(port);
        console.handshake();
        console.send_json({{"type", "list_sessions"}, {"seq", 1}});
        const json r = console.recv_seq(1);
        CHECK(r["type"] == "sessions");
        CHECK(r["sessions"].size() == 1);
    }
}

TEST_CASE("HTTP: a Transfer-Encoding other than chunked is 400 and closes the connection "
          "(no second request smuggled in its body)") {
    server_process srv;
    const int port = srv.port();
    raw_ws c(port);
    c.write_all("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: xchunked\r\n\r\n"
                "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const std::string first = c.read_http();
    CHECK(status_of(first) == 400);
    CHECK_THROWS(c.read_http(std::chrono::milliseconds(2000))); // closed, nothing more

    for (const char* te : {"gzip", "chunked, gzip", "identity", "chunked2"}) {
        const std::string r = raw_request(port, std::string("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                            "Transfer-Encoding: ") +
                                                    te + "\r\n\r\n");
        CHECK_MESSAGE((status_of(r) == 400 || r.empty()), te);
    }
    // Chunked itself is fine (an empty body).
    CHECK(status_of(raw_request(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                      "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")) == 200);
}

TEST_CASE("connections per address: one more than --max-per-address is closed at once") {
    ks::connection_counter counter(2);
    CHECK(counter.acquire("10.0.0.1"));
    CHECK(counter.acquire("10.0.0.1"));
    CHECK_FALSE(counter.acquire("10.0.0.1"));
    CHECK(counter.acquire("10.0.0.2"));
    CHECK(counter.acquire("2001:db8::1"));
    CHECK(counter.acquire("2001:db8::2"));
    CHECK_FALSE(counter.acquire("2001:db8::3")); // one /64
    counter.release("10.0.0.1");
    CHECK(counter.open("10.0.0.1") == 1);
    CHECK(counter.acquire("10.0.0.1"));
    CHECK(counter.ended() == 1);

    server_process srv({"--max-per-address", "3"});
    const int port = srv.port();
    std::vector<std::unique_ptr<raw_ws>> open;
    for (int i = 0; i < 3; ++i) {
        open.push_back(std::make_unique<raw_ws>(port));
        open.back()->handshake();
    }
    {
        raw_ws fourth(port);
        CHECK_THROWS(fourth.handshake()); // closed without an answer
    }
    open.pop_back(); // one goes away: there is room again
    for (int attempt = 0;; ++attempt) {
        raw_ws again(port);
        try {
            again.handshake();
            break;
        } catch (const std::exception&) {
            REQUIRE(attempt < 50); // the server notices the close within moments
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
}
} // namespace kring_test_server_http_security_test
