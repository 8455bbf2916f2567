// Images over HTTP: the decks' files from <content>/images, a facilitator's own photos with
// --images, and nothing else.

#include "helpers.hpp"

#include <filesystem>
#include <fstream>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_images_test {

using namespace kring::test;
namespace fs = std::filesystem;

namespace {

struct photo_folder {
    fs::path dir;
    photo_folder() {
        dir = fs::temp_directory_path() / ("kring-photos-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir / "sub");
        std::ofstream(dir / "Onze tuin.JPG", std::ios::binary) << "\xff\xd8\xff\xe0jpeg";
        std::ofstream(dir / "zaal.png", std::ios::binary) << "\x89PNG\r\n";
        std::ofstream(dir / "notities.txt") << "not an image";
        std::ofstream(dir / "sub" / "diep.png") << "x";
    }
    ~photo_folder() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

} // namespace

TEST_CASE("images: the content's PNG files are served, nothing else of that folder") {
    server_process srv;
    const http_response png = http_get(srv.port(), "/images/koffie.png");
    CHECK(png.status == 200);
    CHECK(png.headers.at("content-type") == "image/png");
    CHECK(png.headers.at("x-content-type-options") == "nosniff");
    CHECK(png.body.substr(0, 4) == "\x89PNG");
    CHECK(http_get(srv.port(), "/images/koffie.png?v=2").status == 200);
    CHECK(http_get(srv.port(), "/images/LICENSE").status == 404);
    CHECK(http_get(srv.port(), "/images/make_images.py").status == 404);
    CHECK(http_get(srv.port(), "/images/nope.png").status == 404);
    CHECK(http_get(srv.port(), "/images/").status == 404);
    CHECK(http_get(srv.port(), "/images/../images/koffie.png").status == 404);
    CHECK(http_get(srv.port(), "/images/..%2f..%2fthemes%2fvisie.json").status == 404);
    CHECK(http_get(srv.port(), "/images/eigen/zaal.png").status == 404); // no --images
}

TEST_CASE("images: --images DIR becomes the added deck 'eigen', for the steps that name it") {
    photo_folder photos;
    server_process srv({"--images", photos.dir.string()});
    ws_client fac(srv.port());
    const json r = fac.request({{"type", "create_session"},
                                {"protocol_version", 1},
                                {"template", "dromen-met-eigen-fotos"}});
    REQUIRE(is_type(r, "session_created"));
    const json w = fac.recv();
    REQUIRE(is_type(w, "welcome"));
    const json& images = w["session"]["steps"][0]["images"];
    REQUIRE(images.size() == 2);
    CHECK(images[0] == json{{"id", "onze-tuin"},
                            {"url", "/images/eigen/Onze%20tuin.JPG"},
                            {"alt", {{"nl", "Onze tuin"}, {"en", "Onze tuin"}}}});
    CHECK(images[1]["url"] == "/images/eigen/zaal.png");

    const http_response jpg = http_get(srv.port(), "/images/eigen/Onze%20tuin.JPG");
    CHECK(jpg.status == 200);
    CHECK(jpg.headers.at("content-type") == "image/jpeg");
    CHECK(jpg.body == "\xff\xd8\xff\xe0jpeg");
    CHECK(http_get(srv.port(), "/images/eigen/zaal.png").status == 200);
    CHECK(http_get(srv.port(), "/images/eigen/notities.txt").status == 404);
    CHECK(http_get(srv.port(), "/images/eigen/sub/diep.png").status == 404);
    CHECK(http_get(srv.port(), "/images/eigen/..%2fzaal.png").status == 404);
    // The content's own images are still served, and the drawn deck is still the deck of
    // dromen met beelden: the photos are added, they replace nothing.
    CHECK(http_get(srv.port(), "/images/koffie.png").status == 200);
    ws_client fac2(srv.port());
    REQUIRE(is_type(fac2.request({{"type", "create_session"},
                                  {"protocol_version", 1},
                                  {"template", "dromen-met-beelden"}}),
                    "session_created"));
    const json w2 = fac2.recv();
    REQUIRE(is_type(w2, "welcome"));
    const json& drawn = w2["session"]["steps"][0]["images"];
    CHECK(drawn.size() >= 48);
    CHECK(drawn[0]["url"] == "/images/koffie.png");
}
} // namespace kring_test_server_images_test
