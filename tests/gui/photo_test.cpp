// GUI tests of the photo step (docs/protocol.md section 7): a real kring-server with a session
// of foto-opdracht, photos sent over HTTP the way a phone sends them (POST /photos/<code>),
// moderated over the control protocol, and the real `kring` client under Xvfb: the console's
// moderation queue, the projector's wall and a participant's desktop screen.
//
// Each photo is a small JPEG (320 x 240, under 3 KiB) of one strong colour, made with
// stb_image_write (solid_jpeg, gui_support.hpp), so that the screenshots show where its pixels
// are drawn: a large patch of its colour is the photo itself, fetched from the server with the
// screen's own key and decoded by the client. (The server's own tests send photos of a phone's
// size.)
#include "gui_support.hpp"

#include <cmath>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_gui_photo_test {

using namespace kring::gui_test;

namespace {

// Two colours no chart, text or theme of the client uses.
constexpr rgb magenta{0xc8, 0x1e, 0xb4};
constexpr rgb yellow{0xe6, 0xc8, 0x14};

/** A session of foto-opdracht whose participants send photos to its step fotos. */
struct photo_session : live_session {
    explicit photo_session(int n_phones) : live_session("foto-opdracht", n_phones) {
        const json& st = step("fotos");
        REQUIRE(st["kind"] == "photo");
    }

    /** Phone `who` sends a photo to step fotos; returns the photo's id. */
    std::string send_photo(std::size_t who, const std::string& jpeg, const std::string& caption,
                           const std::string& category, const std::string& upload_key) {
        return live_session::send_photo(who, "fotos", jpeg, caption, category, upload_key);
    }

    void moderate(const std::string& action, const std::string& id) {
        control(action, "fotos", {{"card", id}});
    }

    /** The facilitator's result of fotos: photo id -> status ("approved" when absent). */
    std::map<std::string, std::string> statuses() {
        std::map<std::string, std::string> out;
        const json r = result("fotos");
        for (const json& p : r["photos"])
            out[p["id"].get<std::string>()] = p.value("status", "approved");
        return out;
    }
};

/** The mean row of the pixels of colour c (-1 when there are none). */
double mean_y(const image& img, rgb c) {
    double sum = 0;
    long n = 0;
    for (int y = 0; y < img.h; ++y)
        for (int x = 0; x < img.w; ++x)
            if (img.is(x, y, c, 10)) {
                sum += y;
                ++n;
            }
    return n ? sum / static_cast<double>(n) : -1;
}

} // namespace

TEST_CASE("photo: the console's moderation queue shows every photo (pending first), the "
          "projector only approved ones, large, with their caption") {
    photo_session s(2);
    s.control("open", "fotos");
    const std::string a = s.send_photo(0, solid_jpeg(320, 240, magenta),
                                       "De inkom met de kinderwagens", "drempel", "upload-a-0001");
    const std::string b = s.send_photo(1, solid_jpeg(240, 320, yellow), "De koffiehoek",
                                       "uitnodigend", "upload-b-0001");
    CHECK(a != b);
    {
        const auto st = s.statuses();
        CHECK(st.at(a) == "pending");
        CHECK(st.at(b) == "pending");
    }

    // The console (--open photos: the queue in view): both photos as thumbnails, fetched with
    // the facilitator's secret.
    const image pending = s.console("photo-console-pending", {"--open", "photos"});
    MESSAGE("console, both pending: magenta " << largest_patch(pending, magenta) << ", yellow "
                                              << largest_patch(pending, yellow));
    CHECK(largest_patch(pending, magenta) > 4000);
    CHECK(largest_patch(pending, yellow) > 4000);

    // A participant's desktop while the step is open: photos come from the phone; nobody's
    // pending photo is on it.
    {
        const fs::path png = shots_dir() / "photo-participant-open.png";
        REQUIRE(run_client({"--mode", "participant", "--server", s.server_arg(), "--code", s.code},
                           png, fresh_config_home("photo-participant-open")) == 0);
        const image part = load_png(png);
        CHECK(part.count_in(magenta, 0, 0, part.w, part.h, 10) < 50);
        CHECK(part.count_in(yellow, 0, 0, part.w, part.h, 10) < 50);
    }

    // Revealed with nothing approved: a calm line on the projector, and no photo's pixels.
    s.control("close", "fotos");
    s.control("reveal", "fotos");
    {
        const fs::path trace = shots_dir() / "photo-projector-empty.trace";
        fs::remove(trace);
        const image empty = s.projector("photo-projector-empty", {"--trace", trace.string()});
        CHECK(empty.count_in(magenta, 0, 0, empty.w, empty.h, 10) < 50);
        CHECK(empty.count_in(yellow, 0, 0, empty.w, empty.h, 10) < 50);
        const auto texts = traced_texts(trace);
        CHECK_MESSAGE(texts.count("De foto’s verschijnen hier zodra ze goedgekeurd zijn."),
                      "the projector's texts: " << json(texts).dump());
    }

    // One approved: the projector draws it large with its category and caption; the pending
    // one never reaches it.
    s.moderate("approve_photo", a);
    CHECK(s.statuses().at(a) == "approved");
    {
        const fs::path trace = shots_dir() / "photo-projector-wall.trace";
        fs::remove(trace);
        const image wall = s.projector("photo-projector-wall", {"--trace", trace.string()});
        const int big = largest_patch(wall, magenta, body_top - 40);
        MESSAGE("projector, one approved: magenta patch of " << big << " pixels");
        CHECK(big > 150000); // a 320 x 240 photo filling most of the screen's height
        CHECK(wall.count_in(yellow, 0, 0, wall.w, wall.h, 10) < 50);
        const auto texts = traced_texts(trace);
        CHECK(texts.count("De inkom met de kinderwagens"));
        CHECK(texts.count("Drempel"));
        // Readable from the back of the room: at least 3.5 % of the screen's height.
        if (texts.count("De inkom met de kinderwagens"))
            CHECK(texts.at("De inkom met de kinderwagens") >= std::ceil(height * 0.035f));
    }

    // The console's queue: the pending photo above the approved one.
    const image queue = s.console("photo-console-queue", {"--open", "photos"});
    CHECK(largest_patch(queue, magenta) > 1000);
    CHECK(largest_patch(queue, yellow) > 4000);
    const double y_pending = mean_y(queue, yellow), y_approved = mean_y(queue, magenta);
    MESSAGE("console queue: pending photo at y " << y_pending << ", approved at y " << y_approved);
    CHECK(y_pending < y_approved);
}

TEST_CASE("photo: approved photos wait for the reveal, the newest is large beside the wall, a "
          "participant's desktop shows the wall, hidden and deleted photos leave it") {
    photo_session s(2);
    s.control("open", "fotos");
    const std::string a =
        s.send_photo(0, solid_jpeg(320, 240, magenta), "Brede gang", "drempel", "upload-a-0002");
    const std::string b = s.send_photo(1, solid_jpeg(320, 240, yellow), "Zitbank bij de ingang",
                                       "uitnodigend", "upload-b-0002");
    s.moderate("approve_photo", a);
    s.moderate("approve_photo", b);

    // Approved but the step is open and its results not shown: the projector asks, and
    // shows no photo.
    const image open = s.projector("photo-projector-open");
    CHECK(open.count_in(magenta, 0, 0, open.w, open.h, 10) < 50);
    CHECK(open.count_in(yellow, 0, 0, open.w, open.h, 10) < 50);

    s.control("close", "fotos");
    s.control("reveal", "fotos");

    // Both on the wall: the newest (yellow) large on the left, the wall of tiles on the right.
    const image two = s.projector("photo-projector-two");
    const int left = two.w * 6 / 10;
    const int yellow_left = two.count_in(yellow, 0, body_top - 40, left, two.h, 10);
    const int magenta_left = two.count_in(magenta, 0, body_top - 40, left, two.h, 10);
    const int magenta_right = two.count_in(magenta, left, body_top - 40, two.w, two.h, 10);
    const int yellow_right = two.count_in(yellow, left, body_top - 40, two.w, two.h, 10);
    MESSAGE("projector, two approved: left yellow " << yellow_left << ", magenta " << magenta_left
                                                    << "; right magenta " << magenta_right
                                                    << ", yellow " << yellow_right);
    CHECK(yellow_left > 150000);
    CHECK(magenta_left < 50);
    CHECK(magenta_right > 3000);
    CHECK(yellow_right > 3000);

    // A participant's desktop: no upload here, but the approved wall once revealed, fetched
    // with its own resume token.
    const fs::path png = shots_dir() / "photo-participant.png";
    REQUIRE(run_client({"--mode", "participant", "--server", s.server_arg(), "--code", s.code}, png,
                       fresh_config_home("photo-participant")) == 0);
    const image part = load_png(png);
    CHECK(largest_patch(part, magenta) > 3000);
    CHECK(largest_patch(part, yellow) > 3000);

    // Hidden: back to the facilitator alone. Deleted: gone for good.
    s.moderate("hide_photo", b);
    s.moderate("delete_photo", a);
    {
        const auto st = s.statuses();
        CHECK(st.count(a) == 0);
        CHECK(st.at(b) == "hidden");
    }
    const image none = s.projector("photo-projector-after-delete");
    CHECK(none.count_in(magenta, 0, 0, none.w, none.h, 10) < 50);
    CHECK(none.count_in(yellow, 0, 0, none.w, none.h, 10) < 50);
    // The console keeps the hidden one (dimmed); the deleted one is gone there too.
    const image console = s.console("photo-console-after-delete", {"--open", "photos"});
    CHECK(console.count_in(magenta, 0, 0, console.w, console.h, 10) < 50);
}

} // namespace kring_test_gui_photo_test
