// Start-up and shutdown of the real binary: broken content refuses to start, a bare start
// prints where to go, SIGTERM exits 0.

#include "helpers.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_startup_test {

using namespace kring::test;
namespace fs = std::filesystem;

namespace {

/** Runs a shell command line; returns its exit code and combined output. */
std::pair<int, std::string> run(const std::string& cmd) {
    std::string out;
    FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
    REQUIRE(p);
    char buf[512];
    while (std::fgets(buf, sizeof buf, p))
        out += buf;
    const int st = ::pclose(p);
    return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

struct temp_dir {
    fs::path path;
    temp_dir() {
        path = fs::temp_directory_path() / ("kring-start-" + std::to_string(::getpid()));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

} // namespace

TEST_CASE("start-up: broken content is refused with exit 2, naming the file and the path") {
    temp_dir tmp;
    fs::create_directories(tmp.path / "content" / "themes");
    fs::create_directories(tmp.path / "content" / "templates");
    std::ofstream(tmp.path / "content" / "themes" / "visie.json")
        << R"({"id": "visie", "movement": "reflecteren", "number": 1,
               "title": {"nl": "Visie"}, "questions": []})";
    const auto [code, out] = run(server_binary() + " --port 0 --bind 127.0.0.1 --data " +
                                 (tmp.path / "data" / "k.sqlite").string() + " --content " +
                                 (tmp.path / "content").string());
    CHECK(code == 2);
    CHECK(out.find("themes/visie.json") != std::string::npos);
    CHECK(out.find("KRING_LISTENING") == std::string::npos);

    // A missing content folder is a content error too.
    CHECK(run(server_binary() + " --port 0 --bind 127.0.0.1 --data " +
              (tmp.path / "data" / "k.sqlite").string() + " --content /nonexistent")
              .first == 2);
    // So is a bad flag.
    CHECK(run(server_binary() + " --port 80000").first == 2);
    CHECK(run(server_binary() + " --help").first == 0);
}

TEST_CASE("start-up: the data folder is created, SIGTERM stops cleanly with exit 0") {
    temp_dir tmp;
    const std::string nested = (tmp.path / "a" / "b").string();
    server_process srv({}, nested); // the folder does not exist yet
    CHECK(fs::exists(fs::path(nested) / "kring.sqlite"));
    ws_client fac(srv.port());
    create_session(fac);
    srv.stop();
    CHECK(WIFEXITED(srv.last_wait_status()));
    CHECK(WEXITSTATUS(srv.last_wait_status()) == 0);
    srv.start();
    CHECK(json::parse(http_get(srv.port(), "/healthz").body)["sessions"] == 1);

    // A second server on the same data file refuses to start instead of forking history.
    CHECK_THROWS_AS(server_process({}, nested), std::runtime_error);
    CHECK(json::parse(http_get(srv.port(), "/healthz").body)["sessions"] == 1);
}
} // namespace kring_test_server_startup_test
