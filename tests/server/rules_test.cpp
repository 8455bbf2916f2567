// The server tells its clients its rules (docs/protocol.md, "The rules in welcome"): the
// welcome of every role carries them, the phone page carries the same object before it
// connects, and a changed --max-text is what both say and what the server enforces.

#include "helpers.hpp"

#include "kring/rules.hpp"

#include <filesystem>
#include <fstream>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_rules_test {

using namespace kring::test;

namespace {

/** The content of <meta name="kring-rules" content="…"> in a page, unescaped. */
std::string meta_rules(const std::string& html) {
    const std::string start = "<meta name=\"kring-rules\" content=\"";
    const auto at = html.find(start);
    if (at == std::string::npos)
        return {};
    const auto end = html.find('"', at + start.size());
    std::string raw = html.substr(at + start.size(), end - at - start.size());
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '&') {
            out += raw[i];
            continue;
        }
        const auto semi = raw.find(';', i);
        const std::string entity = raw.substr(i, semi - i + 1);
        out += entity == "&quot;"  ? "\""
               : entity == "&amp;" ? "&"
               : entity == "&lt;"  ? "<"
               : entity == "&#39;" ? "'"
               : entity == "&gt;"  ? ">"
                                   : entity;
        i = semi;
    }
    return out;
}

/** A web folder whose index.html has the empty tag the server fills. */
struct page_folder {
    std::filesystem::path dir;
    page_folder() {
        dir = std::filesystem::temp_directory_path() /
              ("kring-rules-web-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "index.html")
            << "<!doctype html><head><meta name=\"kring-rules\" content=\"\"></head>\n";
    }
    ~page_folder() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

} // namespace

TEST_CASE("rules: every role's welcome and the page carry the server's rules, --max-text "
          "changes both and the limit itself") {
    page_folder web;
    server_process srv({"--max-text", "120", "--web", web.dir.string()});
    ws_client fac(srv.port()), p(srv.port()), proj(srv.port());
    const session_info s = create_session(fac);
    const join_result jp = join(p, s.code, "participant");
    const join_result jj = join(proj, s.code, "projector");

    REQUIRE(jp.welcome.contains("rules"));
    const kring::client_rules r = jp.welcome["rules"].get<kring::client_rules>();
    CHECK(r.max_text == 120);
    CHECK(r.max_name == 40);
    CHECK(r.fields == kring::list_fields);
    REQUIRE(r.lights.size() == 4);
    CHECK(r.lights[0].id == "green");
    CHECK(r.lights[3].id == "pass");
    CHECK(r.lights == kring::light_words());
    CHECK(r.reconnect == kring::reconnect_policy{});
    CHECK(jj.welcome["rules"] == jp.welcome["rules"]);

    // The page has the same object before any connection.
    const http_response page = http_get(srv.port(), "/");
    REQUIRE(page.status == 200);
    const std::string meta = meta_rules(page.body);
    REQUIRE_MESSAGE(!meta.empty(), page.body);
    CHECK(json::parse(meta) == jp.welcome["rules"]);

    // The limit the rules announce is the one the server enforces.
    const std::string step = "visie";
    control(fac, "open", step);
    const std::string item = item_id(step, 1);
    json ok = answer(p, step, item, "green", std::string(120, 'x'));
    CHECK_MESSAGE(is_type(ok, "ack"), ok.dump());
    expect_error(p,
                 {{"type", "answer"},
                  {"step", step},
                  {"item", item},
                  {"value", "green"},
                  {"comment", std::string(121, 'x')}},
                 "text_too_long");
}

TEST_CASE("rules: a default server announces 500 characters on the shipped phone page") {
    server_process srv;
    const http_response page = http_get(srv.port(), "/");
    REQUIRE(page.status == 200);
    const std::string meta = meta_rules(page.body);
    REQUIRE_MESSAGE(!meta.empty(), "no filled <meta name=\"kring-rules\"> in the page");
    const auto r = json::parse(meta).get<kring::client_rules>();
    CHECK(r.max_text == 500);
    CHECK(r == kring::rules_for(kring::limits{}));
}
} // namespace kring_test_server_rules_test
