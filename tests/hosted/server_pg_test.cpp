// kring-server on PostgreSQL (`--data postgresql://…`), over the real protocol: a session
// survives a crash of the server, a PostgreSQL outage refuses answers with store_unavailable
// and recovers by itself, and the errors at start-up name the database, never a password.
#include "cluster.hpp"

#include <doctest/doctest.h>
#include <stb_image.h>
#include <stb_image_write.h>

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>
#include <memory>
#include <string>

namespace kring_test_hosted_server_pg_test {

using namespace kring::test;

pg_cluster& cluster() {
    static pg_cluster c;
    return c;
}

/** kill -9 and start the server again; the facilitator joins once the dead lease is free. */
std::unique_ptr<ws_client> restart_and_rejoin(server_process& srv, const session_info& s,
                                              join_result& f) {
    srv.kill9();
    srv.start();
    auto connect = [&] { return std::make_unique<ws_client>(srv.port()); };
    std::unique_ptr<ws_client> fac = connect();
    join_when_free(fac, connect, s.code, "facilitator", {{"secret", s.secret}}, f);
    return fac;
}

/** A JPEG of one grey, w × h pixels. */
std::string grey_jpeg(int w, int h) {
    std::string out;
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3,
                                  90);
    stbi_write_jpg_to_func(
        [](void* ctx, void* data, int size) {
            static_cast<std::string*>(ctx)->append(static_cast<const char*>(data),
                                                   static_cast<std::size_t>(size));
        },
        &out, w, h, 3, px.data(), 90);
    return out;
}

int green_of(const json& view, const std::string& step, const std::string& item) {
    return item_of(view, step, item)["green"].get<int>();
}

TEST_CASE("server on PostgreSQL: a session, its participants and their answers survive kill -9 "
          "of the server") {
    const std::string url = cluster().fresh_database();
    server_process srv({"--trust-loopback", "yes"}, url);
    session_info s;
    std::vector<std::string> tokens;
    {
        ws_client fac(srv.port());
        s = create_session(fac, "stoplicht-visie");
        control(fac, "open", "visie");
        for (int i = 0; i < 3; ++i) {
            ws_client p(srv.port());
            tokens.push_back(join(p, s.code, "participant").welcome["resume_token"]);
            REQUIRE(is_type(answer(p, "visie", "visie-03", "green"), "ack"));
        }
    }
    srv.kill9();
    CHECK(std::stoi(cluster().query(url, "SELECT COUNT(*) FROM events")) >= 7);
    srv.start();
    auto connect = [&] { return std::make_unique<ws_client>(srv.port()); };
    std::unique_ptr<ws_client> fac = connect();
    // The dead server's lease runs out first (kring::server::pg_lease_ms).
    join_result f;
    const double waited =
        join_when_free(fac, connect, s.code, "facilitator", {{"secret", s.secret}}, f);
    MESSAGE("taken over after " << waited << " s");
    CHECK(waited < 8.0);
    CHECK(f.view["joined"] == 3);
    CHECK(green_of(f.view, "visie", "visie-03") == 3);
    // The same participant comes back with their answer.
    ws_client p(srv.port());
    const join_result back = join(p, s.code, "participant", {{"resume_token", tokens[1]}});
    REQUIRE(back.mine["answers"].size() == 1);
    CHECK(back.mine["answers"][0]["value"] == "green");
    // The library reads the same database.
    CHECK(list_sessions(*fac).size() == 1);
}

TEST_CASE("server on PostgreSQL: while PostgreSQL is down answers get store_unavailable and "
          "nothing half-stored stays, once it is back the next answer is kept, without a "
          "restart of the server") {
    pg_cluster own; // this test stops its cluster
    const std::string url = own.fresh_database();
    server_process srv({"--trust-loopback", "yes"}, url);
    ws_client fac(srv.port());
    const session_info s = create_session(fac, "stoplicht-visie");
    control(fac, "open", "visie");
    ws_client p(srv.port());
    join(p, s.code, "participant");
    REQUIRE(is_type(answer(p, "visie", "visie-03", "green"), "ack"));

    own.kill();
    expect_error(p, {{"type", "answer"}, {"step", "visie"}, {"item", "visie-04"}, {"value", "red"}},
                 "store_unavailable");
    own.start();
    // The first write after the outage may still meet the broken connection; the store
    // reconnects for the next one. A client retries an answer that was refused.
    json ok;
    for (int attempt = 0; attempt < 20; ++attempt) {
        ok = answer(p, "visie", "visie-04", "red");
        if (is_type(ok, "ack"))
            break;
        CHECK(ok.value("code", "") == "store_unavailable");
    }
    REQUIRE_MESSAGE(is_type(ok, "ack"), ok.dump());
    const json v =
        wait_view(fac, [](const json& j) { return item_of(j, "visie", "visie-04")["red"] == 1; });
    CHECK(green_of(v, "visie", "visie-03") == 1);
    // What is stored is what was acknowledged: after a restart of the server, the same.
    join_result f;
    std::unique_ptr<ws_client> fac2 = restart_and_rejoin(srv, s, f);
    CHECK(green_of(f.view, "visie", "visie-03") == 1);
    CHECK(item_of(f.view, "visie", "visie-04")["red"] == 1);
}

TEST_CASE("server on PostgreSQL: a photo is stored with its event, served after a restart, and "
          "deleted with its session") {
    const std::string url = cluster().fresh_database();
    server_process srv({"--trust-loopback", "yes"}, url);
    ws_client fac(srv.port());
    const session_info s = create_session(fac, "foto-opdracht");
    control(fac, "open", "fotos");
    ws_client p(srv.port());
    photo_upload u;
    u.code = s.code;
    u.token = join(p, s.code, "participant").welcome["resume_token"];
    std::vector<unsigned char> px(320 * 240 * 3, 150);
    stbi_write_jpg_to_func(
        [](void* ctx, void* data, int size) {
            static_cast<std::string*>(ctx)->append(static_cast<const char*>(data),
                                                   static_cast<std::size_t>(size));
        },
        &u.bytes, 320, 240, 3, px.data(), 90);
    json reply;
    REQUIRE(post_photo(srv.port(), u, &reply).status == 201);
    const std::string id = reply["id"];
    CHECK(cluster().query(url, "SELECT COUNT(*) FROM photos") == "1");
    const std::string target = "/photos/" + s.code + "/" + id;
    const http_response before = get_with(srv.port(), target, "Bearer " + s.secret);
    REQUIRE(before.status == 200);
    int w = 0, h = 0, n = 0;
    CHECK(stbi_info_from_memory(reinterpret_cast<const unsigned char*>(before.body.data()),
                                static_cast<int>(before.body.size()), &w, &h, &n) == 1);
    CHECK(w == 320);

    // After a restart the session is loaded again (its lease), and so is the photo.
    join_result f;
    std::unique_ptr<ws_client> fac2 = restart_and_rejoin(srv, s, f);
    const http_response after = get_with(srv.port(), target, "Bearer " + s.secret);
    CHECK(after.status == 200);
    CHECK(after.body == before.body);

    const json del = fac2->request({{"type", "delete_session"}, {"session", s.id}});
    REQUIRE_MESSAGE(is_type(del, "ack"), del.dump());
    CHECK(cluster().query(url, "SELECT COUNT(*) FROM photos") == "0");
}

TEST_CASE("server on PostgreSQL: a floor plan's own image replaces the earlier one in one "
          "transaction and is drawn again after a restart") {
    const std::string url = cluster().fresh_database();
    server_process srv({"--trust-loopback", "yes"}, url);
    ws_client fac(srv.port());
    const session_info s = create_session(fac, "architect-voor-een-dag");
    photo_upload u = facilitator_upload(s, "plan", grey_jpeg(400, 200));
    json first, second;
    REQUIRE(post_photo(srv.port(), u, &first).status == 201);
    REQUIRE(post_photo(srv.port(), u, &second).status == 201);
    CHECK(cluster().query(url, "SELECT COUNT(*) FROM photos") == "1");
    const std::string id = second["id"];
    join_result f;
    std::unique_ptr<ws_client> fac2 = restart_and_rejoin(srv, s, f);
    bool named = false;
    for (const auto& st : f.view["steps"])
        if (st["id"] == "plan")
            named = st.contains("plan_image") && st["plan_image"]["id"] == id;
    CHECK(named);
    CHECK(get_with(srv.port(), "/photos/" + s.code + "/" + id, "Bearer " + s.secret).status == 200);
    CHECK(get_with(srv.port(), "/photos/" + s.code + "/" + first["id"].get<std::string>(),
                   "Bearer " + s.secret)
              .status == 404);
}

TEST_CASE("server on PostgreSQL: an image choice's own image is stored with its event, listed "
          "and served after kill -9 and a restart, and deleted for good") {
    const std::string url = cluster().fresh_database();
    server_process srv({"--trust-loopback", "yes"}, url);
    ws_client fac(srv.port());
    const session_info s = create_session(fac, "dromen-met-beelden");
    photo_upload u = facilitator_upload(s, "beeld", grey_jpeg(300, 200));
    u.caption = "Onze%20tuin";
    json made;
    REQUIRE(post_photo(srv.port(), u, &made).status == 201);
    const std::string id = made["id"];
    CHECK(cluster().query(url, "SELECT COUNT(*) FROM photos") == "1");
    join_result f;
    std::unique_ptr<ws_client> fac2 = restart_and_rejoin(srv, s, f);
    const json own = step_of(f.view, "beeld").value("own_images", json::array());
    REQUIRE(own.size() == 1);
    CHECK(own[0]["id"] == id);
    CHECK(own[0]["alt"]["nl"] == "Onze tuin");
    CHECK(get_with(srv.port(), "/photos/" + s.code + "/" + id, "Bearer " + s.secret).status == 200);
    steer_ok(*fac2, "delete_photo", "beeld", {{"card", id}});
    CHECK(cluster().query(url, "SELECT COUNT(*) FROM photos") == "0");
    CHECK(get_with(srv.port(), "/photos/" + s.code + "/" + id, "Bearer " + s.secret).status == 404);
}

TEST_CASE("server on PostgreSQL: a database that cannot be reached stops the start with a "
          "message that names it, never the password") {
    const std::string cmd = "'" + server_binary() +
                            "' --port 0 --bind 127.0.0.1 --data "
                            "'postgresql://kring:geheim@127.0.0.1:1/kring?connect_timeout=2' 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(cmd.c_str(), "r"), &::pclose);
    REQUIRE(pipe);
    std::string out;
    char buf[512];
    while (std::fgets(buf, sizeof buf, pipe.get()))
        out += buf;
    const int status = ::pclose(pipe.release());
    CHECK(WEXITSTATUS(status) == 1);
    CHECK(out.find("cannot open the database: cannot connect to PostgreSQL") != std::string::npos);
    CHECK(out.find("geheim") == std::string::npos);
}

} // namespace kring_test_hosted_server_pg_test
