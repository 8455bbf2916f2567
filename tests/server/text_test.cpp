// Stored texts against the real kring-server: a participant's comment and display name and
// a facilitator's note full of control characters, bidi controls and invisible characters
// arrive over the WebSocket, are acknowledged, stored normalised (docs/protocol.md, section
// 3), and neither the facilitator's view nor report.md / report.html carries a control byte,
// also after a restart replayed the stored events.

#include "helpers.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sstream>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_server_text_test {

using namespace kring::test;

namespace {

const std::string NUL("\0", 1);
const std::string BEL = "\a";
const std::string ESC = "\x1b";
const std::string DEL = "\x7f";
const std::string NEL = "\xC2\x85";      // U+0085
const std::string CSI = "\xC2\x9B";      // U+009B
const std::string ACUTE = "\xCC\x81";    // U+0301
const std::string ZWSP = "\xE2\x80\x8B"; // U+200B
const std::string ZWJ = "\xE2\x80\x8D";  // U+200D
const std::string RLO = "\xE2\x80\xAE";  // U+202E
const std::string LRI = "\xE2\x81\xA6";  // U+2066
const std::string PDI = "\xE2\x81\xA9";  // U+2069
const std::string BOM = "\xEF\xBB\xBF";  // U+FEFF
const std::string WOMAN = "\xF0\x9F\x91\xA9";
const std::string GIRL = "\xF0\x9F\x91\xA7";
const std::string FAMILY = WOMAN + ZWJ + WOMAN + ZWJ + GIRL; // one emoji, five code points

const std::string comment = "  " + BEL + "Te" + NUL + "weinig" + ESC + "[31mtijd" + ESC + "[0m" +
                            DEL + "\r\n" + NEL + CSI + "31m\v\f" + RLO + "gnol" + LRI + "x" + PDI +
                            ZWSP + BOM + " " + FAMILY + " e" + ACUTE + " \t";
const std::string comment_stored = "Te weinig [31mtijd [0m 31m gnolx " + FAMILY + " e" + ACUTE;
const std::string name = BEL + "Tablet" + ESC + "[2J" + RLO + "3" + ZWSP + "\r\n";
const std::string name_stored = "Tablet [2J3";
const std::string note = ESC + "]0;titel" + BEL + "Kern\r\n\r\n\r\n- een" + NUL + "\r- twee" + NEL +
                         "- drie" + RLO + DEL + " \n";
const std::string note_stored = "]0;titel Kern\n\n- een\n- twee\n- drie";

/** "" when s holds no control byte (but "\n"), no C1 control and no bidi control. */
std::string control_in(const std::string& s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c < 0x20 && c != '\n') || c == 0x7f)
            return "byte " + std::to_string(c) + " at " + std::to_string(i) + ": " +
                   s.substr(i > 40 ? i - 40 : 0, 80);
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(s[i + 1]) <= 0x9F)
            return "C1 control at " + std::to_string(i);
    }
    for (const std::string& bad : {RLO, LRI, PDI, ZWSP, BOM})
        if (auto at = s.find(bad); at != std::string::npos)
            return "invisible format character at " + std::to_string(at);
    return "";
}

/** GET with the facilitator's secret; requires 200 and returns the body. */
std::string get_report(int port, const std::string& target, const std::string& secret) {
    const http_response r = get_with(port, target, "Bearer " + secret);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    return r.body;
}

/** The Markdown of a text: the characters Markdown would take as markup backslashed. */
std::string md_of(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '[' || c == ']' || c == '*' || c == '_' || c == '\\')
            out += '\\';
        out += c;
    }
    return out;
}

/** Checks the facilitator's view, devices, report.md and report.html of the session. */
void check_stored(const server_process& srv, const session_info& s, const json& view,
                  const json& devices) {
    REQUIRE(view["comments"].size() == 1);
    CHECK(view["comments"][0]["text"] == comment_stored);
    CHECK(view["notes"] == json::array({{{"step", "visie"}, {"text", note_stored}}}));
    REQUIRE(devices["devices"].size() == 1);
    CHECK(devices["devices"][0]["name"] == name_stored);
    CHECK(control_in(view.dump()) == "");

    const std::string base = "/sessions/" + s.id;
    const std::string md = get_report(srv.port(), base + "/report.md", s.secret);
    CHECK(control_in(md) == "");
    CHECK(md.find(md_of(comment_stored)) != std::string::npos);
    CHECK(md.find(md_of("]0;titel Kern - een - twee - drie")) != std::string::npos);
    const std::string html = get_report(srv.port(), base + "/report.html", s.secret);
    CHECK(control_in(html) == "");
    CHECK(html.find(comment_stored) != std::string::npos);
    CHECK(html.find(note_stored) != std::string::npos);
    const std::string csv = get_report(srv.port(), base + "/steps/visie.csv", s.secret);
    CHECK(csv.rfind(BOM, 0) == 0);
    std::string rows = csv.substr(BOM.size());
    for (std::size_t at; (at = rows.find("\r\n")) != std::string::npos;)
        rows.erase(at, 2);
    CHECK(control_in(rows) == "");
}

} // namespace

TEST_CASE("text: a comment, a name and a note with control characters are stored normalised") {
    server_process srv;
    session_info s;
    {
        ws_client fac(srv.port()), p(srv.port());
        s = create_session(fac);
        join(p, s.code, "participant", {{"name", name}});
        control(fac, "open", "visie");
        // Sent as JSON escapes (\u0000, \u001b, ...) and UTF-8, as a phone's page sends it.
        const json ack = answer(p, "visie", item_id("visie", 1), "red", comment);
        REQUIRE_MESSAGE(is_type(ack, "ack"), ack.dump());
        const json noted = fac.request(
            {{"type", "control"}, {"action", "set_note"}, {"step", "visie"}, {"text", note}});
        REQUIRE_MESSAGE(is_type(noted, "ack"), noted.dump());
        const json view = wait_view(fac, rev_at_least(noted["rev"]));
        const json devices =
            wait_devices(fac, [](const json& d) { return d["devices"].size() == 1; });
        // The same note again, typed another way, is no change.
        const json again = fac.request({{"type", "control"},
                                        {"action", "set_note"},
                                        {"step", "visie"},
                                        {"text", note_stored + "\r\n"}});
        REQUIRE(is_type(again, "ack"));
        CHECK(again["rev"] == noted["rev"]);
        check_stored(srv, s, view, devices);

        // The participant's own answers come back as stored.
        const json w = p.request({{"type", "sync"}});
        REQUIRE(is_type(w, "welcome"));
        const json mine = p.recv_until([](const json& m) { return is_type(m, "mine"); });
        REQUIRE(mine["answers"].size() == 1);
        CHECK(mine["answers"][0]["comment"] == comment_stored);
    }

    // The stored events hold the normalised texts: a restart replays them as they are.
    srv.stop();
    srv.start();
    ws_client fac(srv.port());
    const join_result j = join(fac, s.code, "facilitator", {{"secret", s.secret}});
    const json devices = wait_devices(fac, [](const json& d) { return d["devices"].size() == 1; });
    check_stored(srv, s, j.view, devices);
}
} // namespace kring_test_server_text_test
