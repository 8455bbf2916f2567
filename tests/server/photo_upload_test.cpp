// Photos over HTTP (docs/protocol.md, section 7) against the real kring-server: a
// participant's upload is re-encoded without its metadata, stays with the facilitator until
// approved, is seen by the projector and the phones only after approval and reveal, goes
// with delete_photo and with its session; every bad upload gets its typed error and leaves
// nothing stored.
#include "helpers.hpp"

#include <stb_image.h>
#include <stb_image_write.h>

#include <arpa/inet.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

namespace kring_test_server_photo_upload_test {

using namespace kring::test;

namespace {

void append_to(void* ctx, void* data, int size) {
    static_cast<std::string*>(ctx)->append(static_cast<const char*>(data),
                                           static_cast<std::size_t>(size));
}

/** A W x H JPEG of one colour, with an APP1 Exif block that names a place. */
std::string jpeg_with_exif(int w, int h) {
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * h * 3);
    for (std::size_t i = 0; i < px.size(); i += 3) {
        px[i] = 30;
        px[i + 1] = 160;
        px[i + 2] = 90;
    }
    std::string jpg;
    stbi_write_jpg_to_func(append_to, &jpg, w, h, 3, px.data(), 90);
    const std::string payload =
        std::string("Exif\0\0", 6) + "MM GPSLatitude 51.0543 KringSecretPlace";
    std::string app1 = "\xFF\xE1";
    const std::size_t len = payload.size() + 2;
    app1 += static_cast<char>(len >> 8);
    app1 += static_cast<char>(len & 0xFF);
    app1 += payload;
    return jpg.substr(0, 2) + app1 + jpg.substr(2);
}

std::string small_png() {
    std::vector<unsigned char> px(8 * 8 * 3, 200);
    std::string out;
    stbi_write_png_to_func(append_to, &out, 8, 8, 3, px.data(), 8 * 3);
    return out;
}

/** The photos of step `fotos` in a view, or an empty array. */
json photos_in(const json& view) {
    for (const auto& r : view["results"])
        if (r["step"] == "fotos")
            return r.value("photos", json::array());
    return json::array();
}

/** A foto-opdracht session with its step `fotos` open, a projector and two phones. */
struct photo_room {
    server_process srv;
    ws_client fac{srv.port()};
    session_info s = create_session(fac, "foto-opdracht");
    ws_client proj{srv.port()};
    ws_client ann{srv.port()};
    ws_client bert{srv.port()};
    std::string photo_key, ann_token, bert_token;

    photo_room() {
        steer_ok(fac, "open", "fotos");
        photo_key = join(proj, s.code, "projector").welcome.value("photo_key", "");
        ann_token = join(ann, s.code, "participant").welcome["resume_token"];
        bert_token = join(bert, s.code, "participant").welcome["resume_token"];
    }
    photo_upload from_ann(std::string bytes) const {
        photo_upload u;
        u.code = s.code;
        u.token = ann_token;
        u.bytes = std::move(bytes);
        return u;
    }
    http_response get(const std::string& id, const std::string& key) {
        return get_with(srv.port(), "/photos/" + s.code + "/" + id, "Bearer " + key);
    }
};

} // namespace

TEST_CASE("photos: an upload is stored clean, approved before anyone sees it, and goes with "
          "delete_photo and its session") {
    photo_room room;
    REQUIRE(room.photo_key.size() == 64);
    const std::string original = jpeg_with_exif(2400, 1800);
    REQUIRE(original.find("KringSecretPlace") != std::string::npos);

    json reply;
    const http_response up = post_photo(room.srv.port(), room.from_ann(original), &reply);
    REQUIRE_MESSAGE(up.status == 201, up.body);
    CHECK(reply["type"] == "photo");
    CHECK(reply["status"] == "pending");
    CHECK(reply["width"] == 1600);
    CHECK(reply["height"] == 1200);
    const std::string id = reply["id"];
    REQUIRE(id.size() == 25);

    // The facilitator sees it pending; the projector's view has no photo.
    const json fv = wait_view(room.fac, [&](const json& v) { return photos_in(v).size() == 1; });
    CHECK(photos_in(fv)[0]["status"] == "pending");
    CHECK(photos_in(fv)[0]["caption"] == "De inkom");
    CHECK(photos_in(fv)[0]["category"] == "drempel");
    // Ann's `mine` lists it.
    const json mine = room.ann.recv_until([](const json& j) { return is_type(j, "mine"); });
    CHECK(mine.dump().find(id) != std::string::npos);

    // The same upload key again (a retry): the same photo, no second one.
    json again;
    const http_response retry = post_photo(room.srv.port(), room.from_ann(original), &again);
    CHECK(retry.status == 200);
    CHECK(again["id"] == id);

    // The stored photo: a JPEG without the Exif block, at most 1,600 px.
    const http_response stored = room.get(id, room.s.secret);
    REQUIRE(stored.status == 200);
    CHECK(stored.headers.at("content-type") == "image/jpeg");
    CHECK(stored.headers.at("cache-control") == "private, no-store");
    CHECK(stored.body.find("KringSecretPlace") == std::string::npos);
    CHECK(stored.body.find("Exif") == std::string::npos);
    int w = 0, h = 0, n = 0;
    CHECK(stbi_info_from_memory(reinterpret_cast<const unsigned char*>(stored.body.data()),
                                static_cast<int>(stored.body.size()), &w, &h, &n) == 1);
    CHECK(w == 1600);
    CHECK(h == 1200);

    // Pending: neither the projector, nor another phone, nor a wrong key gets it.
    CHECK(room.get(id, room.photo_key).status == 404);
    CHECK(room.get(id, room.bert_token).status == 404);
    CHECK(room.get(id, "not-a-key").status == 404);
    CHECK(get_with(room.srv.port(), "/photos/" + room.s.code + "/" + id, "").status == 401);
    // Its sender does.
    CHECK(room.get(id, room.ann_token).status == 200);

    // Approved: the projector sees it once revealed (or live), the phones after reveal.
    steer_ok(room.fac, "approve_photo", "fotos", {{"card", id}});
    CHECK(room.get(id, room.bert_token).status == 404);
    steer_ok(room.fac, "set_live", "fotos", {{"on", true}, {"phones", false}});
    const json pv = wait_view(room.proj, [&](const json& v) { return photos_in(v).size() == 1; });
    CHECK_FALSE(photos_in(pv)[0].contains("status"));
    CHECK(room.get(id, room.photo_key).status == 200);
    CHECK(room.get(id, room.bert_token).status == 404);
    steer_ok(room.fac, "reveal", "fotos");
    wait_view(room.bert, [&](const json& v) { return photos_in(v).size() == 1; });
    CHECK(room.get(id, room.bert_token).status == 200);

    // The report shows the approved photo inline, scaled down, with its caption.
    const http_response report = get_with(
        room.srv.port(), "/sessions/" + room.s.id + "/report.html", "Bearer " + room.s.secret);
    REQUIRE(report.status == 200);
    const auto uri = report.body.find("src=\"data:image/jpeg;base64,");
    CHECK(uri != std::string::npos);
    CHECK(report.body.find("De inkom") != std::string::npos);
    CHECK(report.body.find("img-src data:") != std::string::npos);
    const http_response md = get_with(room.srv.port(), "/sessions/" + room.s.id + "/report.md",
                                      "Bearer " + room.s.secret);
    CHECK(md.body.find("De inkom") != std::string::npos);

    // Hidden again: gone from the projector.
    steer_ok(room.fac, "hide_photo", "fotos", {{"card", id}});
    wait_view(room.proj, [&](const json& v) { return photos_in(v).empty(); });
    CHECK(room.get(id, room.photo_key).status == 404);
    CHECK(expect_error(
              room.fac,
              {{"type", "control"}, {"action", "hide_photo"}, {"step", "fotos"}, {"card", id}},
              "invalid_transition")
              .is_object());

    // Deleted for good: not even the facilitator gets it, and Ann may send another.
    steer_ok(room.fac, "delete_photo", "fotos", {{"card", id}});
    CHECK(room.get(id, room.s.secret).status == 404);
    wait_view(room.fac, [&](const json& v) { return photos_in(v).empty(); });

    // Bert's photo goes when his device is removed with its answers.
    photo_upload from_bert = room.from_ann(jpeg_with_exif(300, 200));
    from_bert.token = room.bert_token;
    from_bert.key = "upload-bert";
    json rb;
    REQUIRE(post_photo(room.srv.port(), from_bert, &rb).status == 201);
    const std::string bert_photo = rb["id"];
    CHECK(room.get(bert_photo, room.s.secret).status == 200);
    steer_ok(room.fac, "remove_participant", "", {{"participant", 2}, {"discard", true}});
    CHECK(room.get(bert_photo, room.s.secret).status == 404);

    // A second photo goes with its session.
    photo_upload second = room.from_ann(jpeg_with_exif(300, 200));
    second.key = "upload-0002";
    json r2;
    REQUIRE(post_photo(room.srv.port(), second, &r2).status == 201);
    const std::string id2 = r2["id"];
    CHECK(room.get(id2, room.s.secret).status == 200);
    const json del = room.fac.request({{"type", "delete_session"}, {"session", room.s.id}});
    REQUIRE_MESSAGE(is_type(del, "ack"), del.dump());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(room.get(id2, room.s.secret).status == 404);
}

TEST_CASE("photos: every bad upload gets its typed error and nothing is stored") {
    photo_room room;
    const int port = room.srv.port();
    auto refused = [&](photo_upload u, int status, const std::string& code) {
        const http_response r = post_photo(port, u);
        CHECK_MESSAGE(r.status == status, code << ": " << r.status << " " << r.body);
        CHECK_MESSAGE(error_code_of(r) == code, r.body);
    };
    const std::string jpeg = jpeg_with_exif(64, 48);

    // A PNG sent as a JPEG; a cut-off JPEG; an SVG; a GIF; no image at all.
    {
        photo_upload u = room.from_ann(small_png());
        refused(u, 415, "photo_type_mismatch");
    }
    refused(room.from_ann(jpeg.substr(0, jpeg.size() / 2)), 422, "photo_damaged");
    {
        photo_upload u = room.from_ann("<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>");
        u.type = "image/svg+xml";
        refused(u, 415, "photo_unsupported_type");
    }
    {
        photo_upload u = room.from_ann(std::string("GIF89a\x01\x00\x01\x00\x00\x00\x00;", 14));
        u.type = "image/gif";
        refused(u, 415, "photo_unsupported_type");
    }
    refused(room.from_ann("just some text"), 415, "photo_not_an_image");
    // A decompression bomb: a real JPEG's frame header claims 50,000 x 50,000.
    {
        std::string bomb = jpeg;
        const auto sof = bomb.find("\xFF\xC0");
        REQUIRE(sof != std::string::npos);
        bomb[sof + 5] = static_cast<char>(50000 >> 8);
        bomb[sof + 6] = static_cast<char>(50000 & 0xFF);
        bomb[sof + 7] = static_cast<char>(50000 >> 8);
        bomb[sof + 8] = static_cast<char>(50000 & 0xFF);
        refused(room.from_ann(bomb), 422, "photo_too_many_pixels");
    }
    // 30 MB: refused from its Content-Length, before a byte of the body is read.
    {
        photo_upload u = room.from_ann("");
        u.claimed = 30u * 1000 * 1000;
        refused(u, 413, "photo_too_large");
    }
    // Keys: none, another session's participant, a projector's.
    {
        photo_upload u = room.from_ann(jpeg);
        u.token = "";
        refused(u, 401, "forbidden");
        ws_client other_fac(port);
        const session_info other = create_session(other_fac, "foto-opdracht");
        ws_client stranger(port);
        u.token = join(stranger, other.code, "participant").welcome["resume_token"];
        refused(u, 401, "forbidden");
        u.token = room.photo_key;
        refused(u, 401, "forbidden");
    }
    // Fields: a category the step does not have, no upload key, a caption not encoded right.
    {
        photo_upload u = room.from_ann(jpeg);
        u.category = "keuken";
        refused(u, 400, "bad_value");
        u = room.from_ann(jpeg);
        u.key = "";
        refused(u, 400, "bad_value");
        u = room.from_ann(jpeg);
        u.caption = "%G0";
        refused(u, 400, "bad_value");
        u = room.from_ann(jpeg);
        u.step = "drempel";
        refused(u, 400, "bad_value");
        u.step = "nergens";
        refused(u, 404, "unknown_step");
    }
    // A second upload while the first is on its way (its body not all sent yet).
    {
        photo_upload first = room.from_ann(jpeg);
        const int slow = connect_loopback(port);
        const std::string head = photo_upload_head(first);
        REQUIRE(::send(slow, head.data(), head.size(), MSG_NOSIGNAL) ==
                static_cast<ssize_t>(head.size()));
        REQUIRE(::send(slow, jpeg.data(), 100, MSG_NOSIGNAL) == 100);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        photo_upload second = room.from_ann(jpeg);
        second.key = "upload-0002";
        refused(second, 409, "photo_busy");
        ::close(slow); // the first never arrives whole: nothing of it is kept
    }
    // Nothing above was stored.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const json sync = room.fac.request({{"type", "sync"}});
    const json fv = room.fac.recv_until([](const json& j) { return is_type(j, "view"); });
    CHECK(photos_in(fv).empty());

    // After the step closed.
    steer_ok(room.fac, "close", "fotos");
    refused(room.from_ann(jpeg), 409, "step_not_open");
    // Over the WebSocket: no photo as an answer.
    steer_ok(room.fac, "open", "fotos");
    CHECK(expect_error(room.ann, {{"type", "answer"}, {"step", "fotos"}, {"value", json::array()}},
                       "bad_value")
              .is_object());
}

TEST_CASE("photos: a participant sends at most the step's max_photos, and photos survive a "
          "restart") {
    photo_room room;
    const std::string jpeg = jpeg_with_exif(64, 48);
    std::string last;
    for (int i = 0; i < 5; ++i) {
        photo_upload u = room.from_ann(jpeg);
        u.key = "upload-000" + std::to_string(i);
        json r;
        REQUIRE(post_photo(room.srv.port(), u, &r).status == 201);
        last = r["id"];
    }
    photo_upload fifth = room.from_ann(jpeg);
    fifth.key = "upload-0009";
    const http_response r = post_photo(room.srv.port(), fifth);
    CHECK(r.status == 409);
    CHECK(error_code_of(r) == "photo_limit");

    room.srv.stop();
    room.srv.start();
    ws_client fac(room.srv.port());
    const json v = join(fac, room.s.code, "facilitator", {{"secret", room.s.secret}}).view;
    CHECK(photos_in(v).size() == 5);
    CHECK(
        get_with(room.srv.port(), "/photos/" + room.s.code + "/" + last, "Bearer " + room.s.secret)
            .status == 200);
}

/** A photo like a phone's: 1600 x 1200, smooth light with fine grain (JPEG quality 85). */
std::string phone_like_jpeg(unsigned seed) {
    const int w = 1600, h = 1200;
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * h * 3);
    std::uint32_t x32 = seed * 2654435761u + 1;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            x32 ^= x32 << 13;
            x32 ^= x32 >> 17;
            x32 ^= x32 << 5;
            const int grain = static_cast<int>(x32 % 24) - 12;
            unsigned char* p = &px[(static_cast<std::size_t>(y) * w + x) * 3];
            p[0] = static_cast<unsigned char>(std::clamp(60 + 150 * x / w + grain, 0, 255));
            p[1] = static_cast<unsigned char>(std::clamp(90 + 100 * y / h + grain, 0, 255));
            p[2] = static_cast<unsigned char>(
                std::clamp(40 + static_cast<int>(seed * 37 % 120) + grain, 0, 255));
        }
    std::string jpg;
    stbi_write_jpg_to_func(append_to, &jpg, w, h, 3, px.data(), 85);
    return jpg;
}

/** The server's peak resident memory (VmHWM), in KiB. */
long peak_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6));
    return -1;
}

TEST_CASE("photos: 12 participants send 5 photos each at once, within the documented memory "
          "and disk") {
    photo_room room;
    const int port = room.srv.port();
    constexpr int participants = 12, each = 5;
    std::vector<std::string> tokens;
    std::vector<std::unique_ptr<ws_client>> phones;
    for (int i = 0; i < participants; ++i) {
        phones.push_back(std::make_unique<ws_client>(port));
        tokens.push_back(join(*phones.back(), room.s.code, "participant").welcome["resume_token"]);
    }
    std::vector<std::string> photos;
    for (unsigned i = 0; i < 8; ++i)
        photos.push_back(phone_like_jpeg(i));
    std::size_t sent_bytes = 0;
    for (const auto& p : photos)
        sent_bytes += p.size();
    const long before = peak_kib(room.srv.pid());
    std::atomic<int> stored{0}, busy{0}, failed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < participants; ++i)
        threads.emplace_back([&, i] {
            for (int k = 0; k < each; ++k) {
                photo_upload u;
                u.code = room.s.code;
                u.token = tokens[static_cast<std::size_t>(i)];
                u.key = "upload-" + std::to_string(i) + "-" + std::to_string(k);
                u.bytes = photos[static_cast<std::size_t>(i + k) % photos.size()];
                // The server takes 2 in at once: the others are told to come back (503).
                for (int attempt = 0; attempt < 100; ++attempt) {
                    const http_response r = post_photo(port, u);
                    if (r.status == 201) {
                        ++stored;
                        break;
                    }
                    if (r.status != 503) {
                        ++failed;
                        break;
                    }
                    ++busy;
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
                }
            }
        });
    for (auto& t : threads)
        t.join();
    CHECK(failed == 0);
    CHECK(stored == participants * each);
    const long after = peak_kib(room.srv.pid());
    namespace fs = std::filesystem;
    std::uintmax_t disk = 0;
    for (const auto& e : fs::directory_iterator(room.srv.data_dir()))
        if (e.is_regular_file())
            disk += e.file_size();
    MESSAGE("60 photos (" << sent_bytes / photos.size() / 1024 << " KiB each as sent): peak RSS "
                          << before / 1024 << " -> " << after / 1024 << " MiB, data folder "
                          << disk / (1024 * 1024) << " MiB, " << busy.load()
                          << " retries after 503");
    // The documented limits (docs/protocol.md, section 7): a session's 60 phone photos take
    // at most 60 MiB on disk, and taking them in adds at most 150 MiB to the server's peak
    // memory. (The sanitizers' allocators keep freed memory: no memory bound under them.)
    CHECK(disk < 60u * 1024 * 1024);
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    CHECK(after - before < 150 * 1024);
#endif
}

TEST_CASE("floor plans: the facilitator's plan image is taken in clean, drawn by every screen "
          "of the session, replaced, and refused where it does not belong") {
    server_process srv({"--min-answers", "1"});
    ws_client fac(srv.port());
    const session_info s = create_session(fac, "architect-voor-een-dag");
    ws_client proj(srv.port()), ann(srv.port());
    const std::string photo_key = join(proj, s.code, "projector").welcome.value("photo_key", "");
    const std::string ann_token = join(ann, s.code, "participant").welcome["resume_token"];
    photo_upload u = facilitator_upload(s, "plan", jpeg_with_exif(300, 200));

    // Not on a step of another kind, nor with a participant's token, nor another session's.
    json err;
    u.step = "werk-al-niet";
    CHECK(post_photo(srv.port(), u, &err).status == 404);
    CHECK(err["code"] == "unknown_step");
    u.step = "werkt-al";
    CHECK(post_photo(srv.port(), u, &err).status == 400);
    CHECK(err["code"] == "bad_value");
    u.step = "plan";
    u.token = ann_token;
    u.key = "upload-0001";
    CHECK(post_photo(srv.port(), u, &err).status == 400); // a participant: no photos here
    CHECK(err["message"] == "this step takes no photos");
    u.key.clear();
    ws_client other(srv.port());
    const session_info s2 = create_session(other, "architect-voor-een-dag");
    u.token = s2.secret;
    CHECK(post_photo(srv.port(), u, &err).status == 401);
    u.token = s.secret;
    u.bytes = small_png(); // a PNG sent as a JPEG
    CHECK(post_photo(srv.port(), u, &err).status == 415);
    u.bytes = jpeg_with_exif(300, 200).substr(0, 400); // truncated
    CHECK(post_photo(srv.port(), u, &err).status == 422);

    u.bytes = jpeg_with_exif(300, 200);
    json made;
    REQUIRE(post_photo(srv.port(), u, &made).status == 201);
    CHECK(made["type"] == "plan");
    CHECK(made["width"] == 300);
    const std::string id = made["id"];
    // Every view of the session names it; every screen of the session may fetch it.
    const json view = wait_view(ann, [&](const json& v) {
        for (const auto& st : v["steps"])
            if (st["id"] == "plan" && st.contains("plan_image"))
                return true;
        return false;
    });
    for (const auto& st : view["steps"])
        if (st["id"] == "plan")
            CHECK(st["plan_image"] == json{{"id", id}, {"width", 300}, {"height", 200}});
    for (const std::string& key : {s.secret, photo_key, ann_token}) {
        const http_response r =
            get_with(srv.port(), "/photos/" + s.code + "/" + id, "Bearer " + key);
        CHECK(r.status == 200);
        CHECK(r.body.find("KringSecretPlace") == std::string::npos);
    }
    CHECK(get_with(srv.port(), "/photos/" + s.code + "/" + id, "Bearer " + s2.secret).status ==
          404);
    // A new plan replaces the old one, whose bytes go.
    json again;
    REQUIRE(post_photo(srv.port(), u, &again).status == 201);
    CHECK(again["id"] != id);
    CHECK(get_with(srv.port(), "/photos/" + s.code + "/" + id, "Bearer " + s.secret).status == 404);
    CHECK(get_with(srv.port(), "/photos/" + s.code + "/" + again["id"].get<std::string>(),
                   "Bearer " + ann_token)
              .status == 200);
    // The report draws the pins over the facilitator's image (scaled, inline).
    steer_ok(fac, "open", "plan");
    REQUIRE(is_type(
        ann.request(
            {{"type", "answer"},
             {"step", "plan"},
             {"value",
              json::array({{{"id", "a"}, {"x", 0.5}, {"y", 0.5}, {"category", "welkom"}}})}}),
        "ack"));
    const http_response report =
        get_with(srv.port(), "/sessions/" + s.id + "/report.html", "Bearer " + s.secret);
    REQUIRE(report.status == 200);
    CHECK(report.body.find("<image href=\"data:image/jpeg;base64,") != std::string::npos);
    CHECK(report.body.find("KringSecretPlace") == std::string::npos);
}

TEST_CASE("dromen met beelden: the facilitator's own images join the deck next to the built-in "
          "one, are chosen and counted, reach the report, and removed take their answers along") {
    server_process srv({"--min-answers", "1"});
    ws_client fac(srv.port());
    const session_info s = create_session(fac, "dromen-met-beelden");
    ws_client proj(srv.port()), ann(srv.port()), bram(srv.port());
    const std::string photo_key = join(proj, s.code, "projector").welcome.value("photo_key", "");
    const join_result ann_join = join(ann, s.code, "participant");
    const std::string ann_token = ann_join.welcome["resume_token"];
    join(bram, s.code, "participant");
    std::string deck_image;
    for (const auto& st : ann_join.welcome["session"]["steps"])
        if (st["id"] == "beeld")
            deck_image = st["images"][0]["id"];
    REQUIRE(!deck_image.empty());
    photo_upload u = facilitator_upload(s, "beeld", jpeg_with_exif(320, 240));
    u.caption = "Onze%20tuin%20in%20de%20zomer";

    // A participant sends no image here; a caption too long and a damaged image keep nothing.
    json err;
    u.token = ann_token;
    u.key = "upload-0001";
    CHECK(post_photo(srv.port(), u, &err).status == 400);
    CHECK(err["message"] == "this step takes no photos");
    u.token = s.secret;
    u.key.clear();
    const std::string caption = u.caption;
    u.caption = std::string(141, 'a');
    CHECK(post_photo(srv.port(), u, &err).status == 400);
    CHECK(err["code"] == "text_too_long");
    u.caption = caption;
    u.bytes = jpeg_with_exif(320, 240).substr(0, 500);
    CHECK(post_photo(srv.port(), u, &err).status == 422);
    u.bytes = jpeg_with_exif(320, 240);

    json made, second;
    REQUIRE(post_photo(srv.port(), u, &made).status == 201);
    CHECK(made["type"] == "image");
    CHECK(made["width"] == 320);
    const std::string own = made["id"];
    u.caption.clear();
    REQUIRE(post_photo(srv.port(), u, &second).status == 201);
    const std::string unnamed = second["id"];
    // Every screen's view lists both after the template's deck; every key of the session
    // fetches them, clean.
    const json view = wait_view(ann, [&](const json& v) {
        return step_of(v, "beeld").value("own_images", json::array()).size() == 2;
    });
    const json list = step_of(view, "beeld")["own_images"];
    CHECK(list[0] ==
          json{{"id", own},
               {"alt", {{"nl", "Onze tuin in de zomer"}, {"en", "Onze tuin in de zomer"}}},
               {"width", 320},
               {"height", 240}});
    CHECK(list[1]["alt"] == json{{"nl", "Eigen beeld 2"}, {"en", "Own image 2"}});
    for (const std::string& key : {s.secret, photo_key, ann_token}) {
        const http_response r =
            get_with(srv.port(), "/photos/" + s.code + "/" + own, "Bearer " + key);
        CHECK(r.status == 200);
        CHECK(r.body.find("KringSecretPlace") == std::string::npos);
    }

    // Chosen and counted like the template's images; an id of no image is refused.
    steer_ok(fac, "open", "beeld");
    auto choose = [](ws_client& p, json value, const std::string& why) {
        return p.request(
            {{"type", "answer"}, {"step", "beeld"}, {"value", value}, {"comment", why}});
    };
    REQUIRE(is_type(choose(ann, json::array({own}), "Daar spelen de kinderen samen"), "ack"));
    REQUIRE(is_type(choose(bram, json::array({deck_image}), ""), "ack"));
    expect_error(ann,
                 {{"type", "answer"},
                  {"step", "beeld"},
                  {"value", json::array({"p" + std::string(24, '0')})}},
                 "bad_value");
    steer_ok(fac, "reveal", "beeld");
    const json counted = wait_view(fac, [&](const json& v) {
        const json r = result_of(v, "beeld");
        return r.is_object() && r["total"] == 2;
    });
    const json result = result_of(counted, "beeld");
    for (const auto& im : result["images"]) {
        if (im["image"] == own)
            CHECK(im["reasons"] == json::array({"Daar spelen de kinderen samen"}));
        if (im["image"] == own || im["image"] == deck_image)
            CHECK(im["count"] == 1);
        else
            CHECK(im["count"] == 0);
    }
    // The report shows the own image, scaled and inline, with its caption and count.
    const http_response report =
        get_with(srv.port(), "/sessions/" + s.id + "/report.html", "Bearer " + s.secret);
    REQUIRE(report.status == 200);
    CHECK(report.body.find("alt=\"Onze tuin in de zomer\"") != std::string::npos);
    CHECK(report.body.find("Onze tuin in de zomer <span class=\"words\">(1 keer gekozen)") !=
          std::string::npos);
    CHECK(report.body.find("KringSecretPlace") == std::string::npos);

    // Removed for good: its bytes go, and so does the answer that chose only it.
    expect_error(
        fac, {{"type", "control"}, {"action", "approve_photo"}, {"step", "beeld"}, {"card", own}},
        "bad_value");
    expect_error(
        fac,
        {{"type", "control"}, {"action", "delete_photo"}, {"step", "beeld"}, {"card", deck_image}},
        "unknown_item");
    steer_ok(fac, "delete_photo", "beeld", {{"card", own}});
    CHECK(get_with(srv.port(), "/photos/" + s.code + "/" + own, "Bearer " + s.secret).status ==
          404);
    const json after = wait_view(proj, [&](const json& v) {
        const json r = result_of(v, "beeld");
        return r.is_object() && r["total"] == 1;
    });
    CHECK(step_of(after, "beeld")["own_images"].size() == 1);
    CHECK(step_of(after, "beeld")["own_images"][0]["id"] == unnamed);
    // Closed: no more own images.
    steer_ok(fac, "close", "beeld");
    CHECK(post_photo(srv.port(), u, &err).status == 409);
    CHECK(err["code"] == "step_not_open");
}

TEST_CASE("photos: a full disk during an upload is store_unavailable and keeps nothing, and "
          "uploads work again when space returns") {
    namespace fs = std::filesystem;
    std::string tmpl = (fs::temp_directory_path() / "kring-photo-disk-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    const fs::path dir = tmpl;
    // A small file system of our own, so it can be filled without harming the machine.
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=4m") != 0) {
        MESSAGE("SKIPPED: cannot mount a tmpfs here (" << std::strerror(errno)
                                                       << "); this test needs root");
        fs::remove_all(dir);
        return;
    }
    struct unmount {
        fs::path p;
        ~unmount() {
            ::umount2(p.c_str(), MNT_DETACH);
            std::error_code ec;
            fs::remove_all(p, ec);
        }
    } guard{dir};
    server_process srv({}, dir.string());
    ws_client fac(srv.port());
    const session_info s = create_session(fac, "foto-opdracht");
    steer_ok(fac, "open", "fotos");
    ws_client ann(srv.port());
    const std::string token = join(ann, s.code, "participant").welcome["resume_token"];
    photo_upload u;
    u.code = s.code;
    u.token = token;
    u.bytes = jpeg_with_exif(1200, 900);

    // Fill the disk to the last byte.
    const fs::path filler = dir / "filler";
    fill_disk(filler.string());
    const http_response full = post_photo(srv.port(), u);
    CHECK(full.status == 503);
    CHECK(error_code_of(full) == "store_unavailable");
    // Nothing of it: not in the facilitator's view, and the same key is free again.
    fac.request({{"type", "sync"}});
    const json v = fac.recv_until([](const json& j) { return is_type(j, "view"); });
    CHECK(photos_in(v).empty());

    fs::remove(filler);
    json r;
    const http_response again = post_photo(srv.port(), u, &r);
    CHECK(again.status == 201);
    CHECK(get_with(srv.port(), "/photos/" + s.code + "/" + r.value("id", ""), "Bearer " + s.secret)
              .status == 200);
}

} // namespace kring_test_server_photo_upload_test
