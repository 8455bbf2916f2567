// libFuzzer target: hostile request targets and Host / Origin headers against the tables
// kring-server answers HTTP from (server/static_files.*, server/host_check.*).
//
// Once: a web folder made in a temporary folder, with what must be served and what must
// never be: a secret file outside it and symbolic links to it, hidden files, a data file
// and its write-ahead log; an image folder with a link out of it. Then, per input:
// - an input starting with 'H' is "H<host>\n<origin>": parse_authority, parse_origin,
//   host_allowed and origin_allowed must not crash, and an allowed origin must name an
//   allowed host (or be the configured public URL's origin);
// - any other input is a request target: a file found for it must be one of the listed
//   files, inside its folder, and never the secret or the data file.

#include "host_check.hpp"
#include "static_files.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using namespace kring::server;

[[noreturn]] void fail(const std::string& why) {
    std::fprintf(stderr, "fuzz_static: %s\n", why.c_str());
    std::abort();
}

void write_file(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

struct fixture {
    fs::path root;
    fs::path web;
    fs::path images;
    fs::path secret;
    fs::path data;
    static_files files;
    std::set<std::string> urls;
    host_policy hosts{host_policy::settings{
        "https://kring.example.org", {"workshop.local"}, "laptop", [] {
            return std::vector<std::string>{"127.0.0.1", "192.168.1.20", "::1"};
        }}};

    fixture() {
        root = fs::temp_directory_path() / ("kring-fuzz-static-" + std::to_string(::getpid()));
        fs::remove_all(root);
        web = root / "web";
        images = root / "images";
        secret = root / "secret.txt";
        data = web / "kring.sqlite";
        write_file(secret, "SECRET");
        write_file(web / "index.html", "<title>Kring</title>");
        write_file(web / "app.js", "1");
        write_file(web / "sub" / "index.html", "sub");
        write_file(web / ".hidden.js", "hidden");
        write_file(data, "SQLite format 3");
        write_file(web / "kring.sqlite-wal", "WAL");
        fs::create_symlink(secret, web / "secret.js");
        fs::create_symlink(root, web / "up");
        write_file(images / "a.png", "PNG");
        fs::create_symlink(secret, images / "b.png");
        files.add_web_folder(web, {data, web / "kring.sqlite-wal"});
        files.add_file("/images/a.png", images, images / "a.png");
        files.add_file("/images/b.png", images, images / "b.png");
        for (const auto& u : files.urls())
            urls.insert(u);
        if (urls.count("/images/b.png") || urls.count("/secret.js") || urls.count("/up/secret.txt"))
            fail("a link out of its folder was listed");
    }
    ~fixture() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
};

fixture& the_fixture() {
    static fixture f;
    return f;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fixture& f = the_fixture();
    const std::string input(reinterpret_cast<const char*>(data), size);

    if (!input.empty() && input[0] == 'H') {
        const auto nl = input.find('\n');
        const std::string host =
            input.substr(1, nl == std::string::npos ? std::string::npos : nl - 1);
        const std::string origin = nl == std::string::npos ? std::string() : input.substr(nl + 1);
        (void)parse_authority(host);
        const auto o = parse_origin(origin);
        const bool host_ok = f.hosts.host_allowed(host);
        const bool origin_ok = f.hosts.origin_allowed(origin, host);
        if (origin_ok && !o)
            fail("an origin that does not parse was allowed: " + origin);
        const bool is_public =
            o && o->scheme == "https" && o->host == "kring.example.org" && o->port == 443;
        if (origin_ok && !host_ok && !is_public)
            fail("an origin was allowed for a host that is not ours: " + host);
        if (host_ok && !parse_authority(host))
            fail("a host that does not parse was allowed: " + host);
        return 0;
    }

    const std::string_view path = target_path(input);
    const served_file* file = f.files.find(path);
    if (!file)
        return 0;
    if (!f.urls.count(std::string(path)))
        fail("found a file for a path that was not listed: " + std::string(path));
    const fs::path real = file->path;
    if (real == fs::canonical(f.secret) || real == fs::canonical(f.data))
        fail("served the secret or the data file for " + std::string(path));
    if (real_file_inside(f.web, real).empty() && real_file_inside(f.images, real).empty())
        fail("served a file outside its folder for " + std::string(path));
    return 0;
}
