// Plain HTTP on the same port: the web page, /healthz, security headers, path checks.

#include "helpers.hpp"

#include <filesystem>
#include <fstream>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_http_test {

using namespace kring::test;
namespace fs = std::filesystem;

namespace {

/** A web folder of our own, so these tests do not depend on the real page's files. */
struct web_folder {
    fs::path dir;
    web_folder() {
        dir = fs::temp_directory_path() / ("kring-web-" + std::to_string(::getpid()));
        fs::create_directories(dir / "img");
        std::ofstream(dir / "index.html") << "<!doctype html><title>Kring</title>";
        std::ofstream(dir / "app.js") << "console.log('kring');";
        std::ofstream(dir / "style.css") << "body{}";
        std::ofstream(dir / "img" / "logo.svg") << "<svg/>";
    }
    ~web_folder() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

void check_security_headers(const http_response& r) {
    CHECK(r.headers.at("content-security-policy") ==
          "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; "
          "style-src 'self'; script-src 'self'; frame-ancestors 'none'");
    CHECK(r.headers.at("x-content-type-options") == "nosniff");
    CHECK(r.headers.at("x-frame-options") == "DENY");
    CHECK(r.headers.at("referrer-policy") == "no-referrer");
    CHECK(r.headers.at("cache-control") == "no-cache");
}

} // namespace

TEST_CASE("HTTP: /healthz, the page and its files, 404 and path traversal") {
    web_folder web;
    server_process srv({"--web", web.dir.string()});

    const http_response h = http_get(srv.port(), "/healthz");
    CHECK(h.status == 200);
    CHECK(h.headers.at("content-type") == "application/json");
    const json hj = json::parse(h.body);
    CHECK(hj == json{{"status", "ok"},
                     {"protocol_version", 1},
                     {"sessions", 0},
                     {"retention_days", 365},
                     {"min_answers", 1}});
    check_security_headers(h);

    const http_response root = http_get(srv.port(), "/");
    CHECK(root.status == 200);
    CHECK(root.body == "<!doctype html><title>Kring</title>");
    CHECK(root.headers.at("content-type") == "text/html; charset=utf-8");
    check_security_headers(root);

    const http_response with_code = http_get(srv.port(), "/?code=ABCDEF");
    CHECK(with_code.status == 200);
    CHECK(with_code.body == root.body);
    // The short join address is the page too: "/" and a code of the code's letters, any case.
    for (const char* path : {"/KQWERT", "/kqwert", "/KQWERT?lang=en"}) {
        CAPTURE(path);
        const http_response short_form = http_get(srv.port(), path);
        CHECK(short_form.status == 200);
        CHECK(short_form.body == root.body);
        check_security_headers(short_form);
    }
    // Not a code: a letter a code never has (I, O, L), a digit, too short or long, deeper.
    for (const char* path :
         {"/KQWERI", "/KQWER1", "/KQWER", "/KQWERTY", "/KQWERT/", "/a/KQWERT", "/KQW%45RT"})
        CHECK_MESSAGE(http_get(srv.port(), path).status == 404, path);

    CHECK(http_get(srv.port(), "/app.js").headers.at("content-type") ==
          "text/javascript; charset=utf-8");
    CHECK(http_get(srv.port(), "/style.css").headers.at("content-type") ==
          "text/css; charset=utf-8");
    const http_response svg = http_get(srv.port(), "/img/logo.svg");
    CHECK(svg.status == 200);
    CHECK(svg.headers.at("content-type") == "image/svg+xml");

    const http_response missing = http_get(srv.port(), "/nope.html");
    CHECK(missing.status == 404);
    check_security_headers(missing);
    CHECK(http_get(srv.port(), "/img").status == 404); // a folder is not a file
    CHECK(http_get(srv.port(), "/ws").status == 404);  // without an upgrade

    // Only the files listed at start-up, by exact path (http_security_test.cpp has more).
    const http_response up = http_get(srv.port(), "/../kring.sqlite");
    CHECK(up.status == 404);
    check_security_headers(up);
    CHECK(http_get(srv.port(), "/img/../../etc/passwd").status == 404);
    CHECK(http_get(srv.port(), "/..%2f..%2fetc%2fpasswd").status == 404);

    // The sessions count follows creation.
    ws_client fac(srv.port());
    create_session(fac);
    CHECK(json::parse(http_get(srv.port(), "/healthz").body)["sessions"] == 1);
}
} // namespace kring_test_server_http_test
