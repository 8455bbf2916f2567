// GUI test of an image choice's own images (dromen met beelden): the facilitator's console
// sends a photo of its own for the step's deck (--deck-file, the console's own upload path),
// the real `kring` projector under Xvfb shows it among the template's images while the step is
// open, participants choose it over WebSocket as phones do, the revealed gallery shows it with
// its count, and once the facilitator removes it from the console (delete_photo) it is gone
// from the projector; a participant's desktop picks an own image with a click.
// The image is one solid colour no drawing of the deck, chart or theme uses, found pixel-wise.
#include "gui_support.hpp"

#include <stb_image_write.h>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_gui_own_images_test {

using namespace kring::gui_test;

namespace {

// Pure magenta: in none of the deck's drawings, the charts or the themes.
constexpr rgb own_colour{255, 0, 255};

/** The pixels of the own image's colour on a screenshot (JPEG and filtering allowed for). */
int own_pixels(const image& img, int y0 = 0) {
    return img.count_in(own_colour, 0, y0, img.w, img.h, 40);
}

/** The step's own images in the facilitator's newest view (older views are read first). */
json own_images(live_session& s, std::size_t expected) {
    json own = json::array();
    for (int attempt = 0; attempt < 20; ++attempt) {
        const json v = s.view();
        for (const json& x : v["steps"])
            if (x["id"] == "beeld")
                own = x.value("own_images", json::array());
        if (own.size() == expected)
            break;
    }
    return own;
}

// An ImGui button at rest (client/src/ui/widgets.cpp, apply_style).
constexpr rgb button_colour{219, 227, 237};

/** A rectangle of a screenshot, in pixels. */
struct box {
    int x0 = 0, y0 = 0, x1 = -1, y1 = -1;
    bool valid() const { return x1 - x0 >= 10 && y1 - y0 >= 10; }
    int cx() const { return (x0 + x1) / 2; }
    int cy() const { return (y0 + y1) / 2; }
};

/** The bounds of every pixel of colour c inside [x0, x1) x [y0, y1). */
box bounds(const image& img, rgb c, int x0, int y0, int x1, int y1, int tol = 40) {
    box b{img.w, img.h, -1, -1};
    for (int y = std::max(0, y0); y < std::min(img.h, y1); ++y)
        for (int x = std::max(0, x0); x < std::min(img.w, x1); ++x)
            if (img.is(x, y, c, tol)) {
                b.x0 = std::min(b.x0, x);
                b.y0 = std::min(b.y0, y);
                b.x1 = std::max(b.x1, x);
                b.y1 = std::max(b.y1, y);
            }
    return b;
}

/** The bounds of the largest 4-connected patch of colour c. */
box largest_bounds(const image& img, rgb c, int tol = 6) {
    std::vector<int> seen(static_cast<std::size_t>(img.w) * static_cast<std::size_t>(img.h), 0);
    auto at = [&](int x, int y) {
        return static_cast<std::size_t>(y) * static_cast<std::size_t>(img.w) +
               static_cast<std::size_t>(x);
    };
    box best;
    long best_n = 0;
    for (int y = 0; y < img.h; ++y)
        for (int x = 0; x < img.w; ++x) {
            if (seen[at(x, y)] || !img.is(x, y, c, tol))
                continue;
            box b{x, y, x, y};
            long n = 0;
            std::vector<std::pair<int, int>> stack{{x, y}};
            seen[at(x, y)] = 1;
            while (!stack.empty()) {
                const auto [px, py] = stack.back();
                stack.pop_back();
                ++n;
                b = {std::min(b.x0, px), std::min(b.y0, py), std::max(b.x1, px),
                     std::max(b.y1, py)};
                const int nb[4][2] = {{px + 1, py}, {px - 1, py}, {px, py + 1}, {px, py - 1}};
                for (const auto& q : nb)
                    if (q[0] >= 0 && q[0] < img.w && q[1] >= 0 && q[1] < img.h &&
                        !seen[at(q[0], q[1])] && img.is(q[0], q[1], c, tol)) {
                        seen[at(q[0], q[1])] = 1;
                        stack.push_back({q[0], q[1]});
                    }
            }
            if (n > best_n) {
                best_n = n;
                best = b;
            }
        }
    return best;
}

/** A PNG file of w x h pixels, all of colour c. */
fs::path solid_png(const std::string& name, int w, int h, rgb c) {
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
    for (std::size_t i = 0; i < px.size(); i += 3) {
        px[i] = static_cast<unsigned char>(c.r);
        px[i + 1] = static_cast<unsigned char>(c.g);
        px[i + 2] = static_cast<unsigned char>(c.b);
    }
    const fs::path file = shots_dir() / name;
    REQUIRE(stbi_write_png(file.c_str(), w, h, 3, px.data(), w * 3) != 0);
    return file;
}

} // namespace

TEST_CASE("dromen met beelden: an own image sent from the console is shown, chosen, counted and "
          "removed on the projector") {
    // Five participants: after the own image is removed, the three who chose the template's
    // image still make a result (--min-answers, 3 by default).
    live_session s("dromen-met-beelden", 5);
    const json& st = s.step("beeld");
    REQUIRE(st["kind"] == "image_choice");
    REQUIRE(!st["images"].empty());
    const std::string deck_image = st["images"][0]["id"].get<std::string>();

    // The step is open, the deck is the template's: no trace of the colour anywhere.
    s.control("open", "beeld");
    const image before = s.projector("own-images-before");
    MESSAGE("before the upload: " << own_pixels(before) << " pixels of the own image's colour");
    CHECK(own_pixels(before) < 20);

    // The console sends a 400 x 300 PNG of the colour (--deck-file).
    constexpr int iw = 400, ih = 300;
    const fs::path file = solid_png("own-image.png", iw, ih, own_colour);
    s.console("own-images-console-upload", {"--deck-file", file.string(), "--open", "images"});
    const std::string log = slurp(shots_dir() / "own-images-console-upload.png.log");
    CHECK_MESSAGE(log.find("own image set for step beeld") != std::string::npos, log);
    const json own = own_images(s, 1);
    REQUIRE_MESSAGE(own.size() == 1, own.dump());
    const std::string own_id = own[0]["id"].get<std::string>();
    CHECK(own[0]["width"] == iw);
    CHECK(own[0]["height"] == ih);
    // Without a caption the server names it ("Eigen beeld 1").
    CHECK(own[0]["alt"]["nl"] == "Eigen beeld 1");

    // The question page shows it after the template's images, fetched with the projector's key.
    const image question = s.projector("own-images-question");
    const int question_patch = largest_patch(question, own_colour, body_top - 40);
    MESSAGE("question page: the own image's largest patch " << question_patch << " pixels");
    CHECK(question_patch > 2000);

    // Two choose the own image, three the template's first; all of them with a reason.
    s.answer(0, "beeld", json::array({own_id}), {}, "Zo ziet onze tuin eruit");
    s.answer(1, "beeld", json::array({own_id}), {}, "Herkenbaar");
    for (std::size_t i = 2; i < 5; ++i)
        s.answer(i, "beeld", json::array({deck_image}), {}, "Warm onthaal");
    s.control("close", "beeld");
    s.control("reveal", "beeld");
    json res = s.result("beeld");
    for (int attempt = 0; attempt < 20 && res["total"] != 5; ++attempt)
        res = s.result("beeld"); // older views first
    REQUIRE(res["total"] == 5);
    int own_count = -1, deck_count = -1;
    for (const json& im : res["images"]) {
        if (im["image"] == own_id)
            own_count = im["count"].get<int>();
        if (im["image"] == deck_image)
            deck_count = im["count"].get<int>();
    }
    CHECK(own_count == 2);
    CHECK(deck_count == 3);

    // The revealed gallery: the own image as a large tile next to the template's, with its count.
    const image results = s.projector("own-images-results");
    const int results_patch = largest_patch(results, own_colour, body_top - 40);
    MESSAGE("results gallery: the own image's largest patch " << results_patch << " pixels");
    CHECK(results_patch > 20000);
    // Its count badge sits on it, in the accent colour, in the tile's top-left corner.
    CHECK(results.count_in(accent, 0, body_top - 40, results.w, results.h, 10) > 200);

    // A participant's desktop fetches it with its resume token and shows it in the results.
    {
        const image part = participant_desktop(s, s.tokens[0], "own-images-participant");
        MESSAGE("participant's desktop: " << own_pixels(part) << " pixels of the own image");
        CHECK(own_pixels(part) > 2000);
    }

    // The console lists it with its thumbnail (the facilitator's key). The step is closed: a
    // second file is refused by the server, which the console says in words.
    const image console =
        s.console("own-images-console", {"--deck-file", file.string(), "--open", "images"});
    MESSAGE("console: " << own_pixels(console) << " pixels of the own image");
    CHECK(own_pixels(console) > 1000);
    const std::string refused = slurp(shots_dir() / "own-images-console.png.log");
    CHECK_MESSAGE(refused.find("own image not set (HTTP 409): Beeld niet toegevoegd: de stap is "
                               "gesloten.") != std::string::npos,
                  refused);
    CHECK(own_images(s, 1).size() == 1);

    // Removed from the console: "Verwijderen" on its row asks first, the confirmation sends
    // delete_photo. It leaves the deck and the answers that chose it; the gallery keeps the rest.
    const box thumb = bounds(console, own_colour, 0, 0, console.w, console.h);
    REQUIRE(thumb.valid());
    const box remove = bounds(console, button_colour, thumb.x1 + 100, thumb.y0, console.w,
                              thumb.y0 + (thumb.y1 - thumb.y0) / 2, 4);
    MESSAGE("console: thumbnail " << thumb.x0 << "," << thumb.y0 << " - " << thumb.x1 << ","
                                  << thumb.y1 << "; its remove button " << remove.x0 << ","
                                  << remove.y0 << " - " << remove.x1 << "," << remove.y1);
    REQUIRE(remove.valid());
    const fs::path dialog_shot = shots_dir() / "own-images-remove-dialog.png";
    fs::remove(dialog_shot);
    const fs::path ask = shots_dir() / "own-images-remove-ask.script";
    std::ofstream(ask) << "click-at " << remove.cx() << " " << remove.cy() << "\nwait-ms 400\nshot "
                       << dialog_shot.string() << "\nwait-ms 200\n";
    s.console("own-images-remove-ask", {"--open", "images", "--script", ask.string()});
    const image dialog = load_png(dialog_shot);
    REQUIRE(dialog.w == width);
    // The dialog's one red button confirms (the rest of the console is dimmed behind it).
    const box confirm = largest_bounds(dialog, red);
    MESSAGE("the dialog's confirm button " << confirm.x0 << "," << confirm.y0 << " - " << confirm.x1
                                           << "," << confirm.y1);
    REQUIRE(confirm.valid());
    CHECK(own_images(s, 1).size() == 1); // asking removes nothing
    const fs::path go = shots_dir() / "own-images-remove.script";
    std::ofstream(go) << "click-at " << remove.cx() << " " << remove.cy()
                      << "\nwait-ms 400\nclick-at " << confirm.cx() << " " << confirm.cy()
                      << "\nwait-ms 400\n";
    s.console("own-images-remove", {"--open", "images", "--script", go.string()});
    REQUIRE_MESSAGE(own_images(s, 0).empty(), slurp(shots_dir() / "own-images-remove.png.log"));
    res = s.result("beeld");
    for (int attempt = 0; attempt < 20 && res["total"] != 3; ++attempt)
        res = s.result("beeld");
    CHECK(res["total"] == 3);
    const image after = s.projector("own-images-removed");
    MESSAGE("after delete_photo: " << own_pixels(after) << " pixels of the own image's colour");
    CHECK(own_pixels(after) < 20);
    // The template's image is still there with its count badge.
    CHECK(after.count_in(accent, 0, body_top - 40, after.w, after.h, 10) > 200);
}

TEST_CASE("dromen met beelden: a participant's desktop picks the facilitator's own image with a "
          "click") {
    // A deck of one photo of the server's (--images), so that the own image after it is in view
    // on the participant's screen without scrolling.
    const fs::path folder = shots_dir() / "own-images-folder";
    fs::remove_all(folder);
    fs::create_directories(folder);
    constexpr rgb folder_colour{255, 220, 0};
    fs::rename(solid_png("own-images-folder-photo.png", 320, 240, folder_colour),
               folder / "geel.png");
    live_session s("dromen-met-eigen-fotos", 0, {"--images", folder.string()});
    REQUIRE(s.step("beeld")["images"].size() == 1);
    const fs::path file = solid_png("own-image-pick.png", 300, 300, own_colour);
    // This time the console speaks English.
    s.console("own-images-pick-console",
              {"--deck-file", file.string(), "--open", "images", "--lang", "en"});
    const json own = own_images(s, 1);
    REQUIRE_MESSAGE(own.size() == 1, own.dump()
                                         << slurp(shots_dir() / "own-images-pick-console.png.log"));
    const std::string own_id = own[0]["id"].get<std::string>();
    s.control("open", "beeld");

    ws_client desk(s.server.port());
    const json w = desk.request(
        {{"type", "join"}, {"protocol_version", 1}, {"code", s.code}, {"role", "participant"}});
    REQUIRE(w["type"] == "welcome");
    const fs::path home =
        participant_home(s, w["resume_token"].get<std::string>(), "own-images-pick-participant");
    const fs::path png = shots_dir() / "own-images-pick-participant.png";
    REQUIRE(run_client({"--mode", "participant", "--server", s.server_arg(), "--code", s.code}, png,
                       home) == 0);
    const image part = load_png(png);
    // The own image's tile, found by its colour, next to the server's photo.
    const box tile = bounds(part, own_colour, 0, 0, part.w, part.h);
    const int x0 = tile.x0, y0 = tile.y0, x1 = tile.x1, y1 = tile.y1;
    MESSAGE("participant's tile of the own image: " << x0 << "," << y0 << " - " << x1 << "," << y1);
    REQUIRE(x1 - x0 > 60);
    REQUIRE(y1 - y0 > 45);
    CHECK(part.count_in(folder_colour, 0, 0, part.w, part.h, 40) > 3000);

    // A click on it picks it; the highlighted button saves the choice.
    const fs::path script = shots_dir() / "own-images-pick.script";
    const fs::path shot = shots_dir() / "own-images-pick-chosen.png";
    fs::remove(shot);
    std::ofstream(script) << "click-at " << (x0 + x1) / 2 << " " << (y0 + y1) / 2
                          << "\nwait-ms 300\nclick-primary\nwait-ms 300\nshot " << shot.string()
                          << "\nwait-ms 200\n";
    REQUIRE(run_client({"--mode", "participant", "--server", s.server_arg(), "--code", s.code,
                        "--script", script.string()},
                       shots_dir() / "own-images-pick-unused.png", home) == 0);
    json res = json::object();
    for (int attempt = 0; attempt < 20 && res.value("total", 0) != 1; ++attempt)
        res = s.result("beeld");
    REQUIRE_MESSAGE(res.value("total", 0) == 1, res.dump());
    int own_count = -1;
    for (const json& im : res["images"])
        if (im["image"] == own_id)
            own_count = im["count"].get<int>();
    CHECK(own_count == 1);
    // The chosen tile has the accent's frame around it.
    const image chosen = load_png(shot);
    REQUIRE(chosen.w == width);
    CHECK(chosen.count_in(accent, x0 - 4, y0 - 4, x1 + 5, y1 + 5, 12) > 200);
}

} // namespace kring_test_gui_own_images_test
