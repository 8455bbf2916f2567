// GUI tests of the photo step (docs/protocol.md section 7): a real kring-server with a session
// of foto-opdracht, photos sent over HTTP the way a phone sends them (POST /photos/<code>),
// moderated over the control protocol, and the real `kring` client under Xvfb: the console's
// moderation queue, the projector's wall and a participant's desktop screen.
//
// Each photo is a small JPEG (320 x 240, under 3 KiB) of one strong colour, made here with
// stb_image_write, so that the screenshots show where its pixels are drawn: a large patch of
// its colour is the photo itself, fetched from the server with the screen's own key and
// decoded by the client. (The server's own tests send photos of a phone's size.)
#include "gui_support.hpp"

#include <stb_image_write.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstring>
#include <stdexcept>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_gui_photo_test {

using namespace kring::gui_test;

namespace {

// Two colours no chart, text or theme of the client uses.
constexpr rgb magenta{0xc8, 0x1e, 0xb4};
constexpr rgb yellow{0xe6, 0xc8, 0x14};

/** A JPEG of w x h pixels, all of colour c. */
std::string solid_jpeg(int w, int h, rgb c) {
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
    for (std::size_t i = 0; i < px.size(); i += 3) {
        px[i] = static_cast<unsigned char>(c.r);
        px[i + 1] = static_cast<unsigned char>(c.g);
        px[i + 2] = static_cast<unsigned char>(c.b);
    }
    std::string out;
    const int ok = stbi_write_jpg_to_func(
        [](void* ctx, void* data, int size) {
            static_cast<std::string*>(ctx)->append(static_cast<const char*>(data),
                                                   static_cast<std::size_t>(size));
        },
        &out, w, h, 3, px.data(), 95);
    REQUIRE(ok != 0);
    return out;
}

/** encodeURIComponent, as a phone encodes the caption. */
std::string percent_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || std::strchr("-_.!~*'()", c)) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

struct http_reply {
    int status = 0;
    std::string body;
};

/** Sends a raw HTTP/1.1 request to 127.0.0.1:port and reads the reply until the server closes. */
http_reply raw_http(int port, const std::string& request) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    timeval tv{20, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        FAIL("cannot connect to the server");
    }
    for (std::size_t sent = 0; sent < request.size();) {
        const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0)
            break; // the server may answer (an error) before it read everything
        sent += static_cast<std::size_t>(n);
    }
    std::string in;
    char buf[8192];
    for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            break;
        in.append(buf, static_cast<std::size_t>(n));
        // Enough once the body announced by Content-Length is here (a server may keep the
        // connection open despite "Connection: close").
        const auto head_end = in.find("\r\n\r\n");
        if (head_end == std::string::npos)
            continue;
        std::string head = in.substr(0, head_end);
        for (char& c : head)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto cl = head.find("content-length:");
        if (cl != std::string::npos && in.size() - head_end - 4 >= std::stoul(head.substr(cl + 15)))
            break;
    }
    ::close(fd);
    http_reply r;
    if (in.rfind("HTTP/1.", 0) == 0 && in.size() > 12)
        r.status = std::stoi(in.substr(9, 3));
    if (const auto head_end = in.find("\r\n\r\n"); head_end != std::string::npos)
        r.body = in.substr(head_end + 4);
    return r;
}

/** A session of foto-opdracht with phones that can send photos (their resume tokens kept). */
struct photo_session : live_session {
    std::vector<std::unique_ptr<ws_client>> phones;
    std::vector<std::string> tokens;

    explicit photo_session(int n_phones) : live_session("foto-opdracht", 0) {
        const json& st = step("fotos");
        REQUIRE(st["kind"] == "photo");
        for (int i = 0; i < n_phones; ++i) {
            phones.push_back(std::make_unique<ws_client>(server.port()));
            json w = phones.back()->request({{"type", "join"},
                                             {"protocol_version", 1},
                                             {"code", code},
                                             {"role", "participant"}});
            REQUIRE(w["type"] == "welcome");
            tokens.push_back(w["resume_token"].get<std::string>());
        }
    }

    /** Phone `who` sends a photo to step fotos; returns the photo's id. */
    std::string send_photo(std::size_t who, const std::string& jpeg, const std::string& caption,
                           const std::string& category, const std::string& upload_key) {
        const std::string req = "POST /photos/" + code +
                                " HTTP/1.1\r\n"
                                "Host: 127.0.0.1:" +
                                std::to_string(server.port()) +
                                "\r\n"
                                "Authorization: Bearer " +
                                tokens.at(who) +
                                "\r\n"
                                "Content-Type: image/jpeg\r\n"
                                "Content-Length: " +
                                std::to_string(jpeg.size()) +
                                "\r\n"
                                "Kring-Step: fotos\r\n"
                                "Kring-Upload: " +
                                upload_key + "\r\nKring-Caption: " + percent_encode(caption) +
                                "\r\nKring-Category: " + category +
                                "\r\n"
                                "Connection: close\r\n\r\n" +
                                jpeg;
        const http_reply r = raw_http(server.port(), req);
        INFO("POST /photos/" << code << " -> " << r.status << " " << r.body);
        REQUIRE(r.status == 201);
        const json j = json::parse(r.body, nullptr, false);
        REQUIRE(j.is_object());
        REQUIRE(j["type"] == "photo");
        REQUIRE(j["status"] == "pending");
        return j["id"].get<std::string>();
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

/** The largest patch of colour c in the image (tolerance for JPEG and texture filtering). */
int largest_patch(const image& img, rgb c, int y0 = 0) {
    const std::vector<int> sizes = img.components(c, 0, y0, img.w, img.h, 10);
    return sizes.empty() ? 0 : sizes.front();
}

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

/** Every text a --trace recorded, with its largest size. */
std::map<std::string, float> traced_texts(const fs::path& trace) {
    std::map<std::string, float> out;
    for (const json& f : read_trace(trace))
        if (f.contains("texts"))
            for (const json& t : f["texts"]) {
                const std::string s = t.value("text", "");
                out[s] = std::max(out[s], t.value("size", 0.0f));
            }
    return out;
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
