// libFuzzer target: one WebSocket text frame, as a hostile client would send it.
//
// The frame goes through parse_client_message; a parsed answer or control then goes to the
// reducer on a small real session (every step of every shipped template, three
// participants, every step opened), so the activity kinds see hostile values too. Whatever
// the reducer accepts is applied to a copy of the session, stored and replayed through the
// event JSON (it must come back identical: a server restart replays exactly this), and
// every role's view and the participant's `mine` are made from it. An answer the fast path
// reads must come out of the full parser the same.

#include "kring/content.hpp"
#include "kring/events.hpp"
#include "kring/protocol.hpp"
#include "kring/reducer.hpp"
#include "kring/views.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#ifndef KRING_CONTENT_DIR
#error "KRING_CONTENT_DIR must name the content folder"
#endif

namespace {

using namespace kring;
namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& why) {
    std::fprintf(stderr, "fuzz_protocol: %s\n", why.c_str());
    std::abort();
}

/** Every JSON file of the content folder, and the names of its images. */
std::vector<content_file> read_content(const fs::path& dir) {
    std::vector<content_file> files;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file())
            continue;
        const std::string name = fs::relative(e.path(), dir).generic_string();
        if (e.path().extension() == ".json") {
            std::ifstream in(e.path(), std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            files.push_back({name, text.str()});
        } else if (name.rfind("images/", 0) == 0 && is_image_file(name)) {
            files.push_back({name, {}});
        }
    }
    return files;
}

void apply_all(session_state& s, const outcome& o) {
    for (const auto& e : o.events)
        apply(s, e);
}

/** The session every input is tried on; built once. */
session_state make_session() {
    auto loaded = load_content(read_content(KRING_CONTENT_DIR));
    if (auto* err = std::get_if<content_error>(&loaded))
        fail("content error: " + err->to_string());
    const auto& content = std::get<content_bundle>(loaded);

    // One agenda with every step of every template (first one wins for a repeated id).
    session_def def;
    std::set<std::string> seen;
    for (const auto& [id, t] : content.templates) {
        if (def.template_id.empty()) {
            def = t.agenda;
            def.steps.clear();
        }
        for (const auto& st : t.agenda.steps)
            if (seen.insert(st.id).second)
                def.steps.push_back(st);
    }
    if (def.steps.empty())
        fail("the content has no steps");

    session_state s;
    apply(s, ev::session_created{"s-fuzz", "ABCDEF", "hash", 1700000000, def});
    for (int i = 1; i <= 3; ++i)
        apply_all(s, decide_join(s, "token-" + std::to_string(i), "", limits{}));
    for (const auto& st : def.steps) {
        // A dot vote whose source has nothing yet cannot open; it stays pending.
        control_command open;
        open.action = control_action::open;
        open.step = st.id;
        apply_all(s, decide_control(s, open));
    }
    return s;
}

const session_state& session() {
    static const session_state s = make_session();
    return s;
}

/** What a server restart does with accepted events: they must replay identically. */
void check_replay(const outcome& o) {
    for (const auto& e : o.events) {
        const std::string stored = event_to_json(e);
        std::string again;
        try {
            again = event_to_json(event_from_json(stored));
        } catch (const std::exception& ex) {
            fail(std::string("a stored event does not load: ") + ex.what() + "\n" + stored);
        }
        if (again != stored)
            fail("an event changes when replayed:\n" + stored + "\n" + again);
    }
}

/** Applies what was accepted to a copy and makes everything a client could be sent. */
void exercise_accepted(const outcome& o) {
    if (!o.ok()) {
        if (o.rejected->message.empty())
            fail("a rejection without a message");
        (void)protocol::make_error(1, *o.rejected);
        return;
    }
    check_replay(o);
    session_state s = session();
    apply_all(s, o);
    for (role r : {role::facilitator, role::projector, role::participant})
        (void)make_view(s, r, 3);
    (void)protocol::make_mine(s, 1);
}

void on_answer(const protocol::answer& m) {
    exercise_accepted(decide_response(session(), 1, m.step, m.item, m.value, m.comment, limits{}));
}

void on_control(const protocol::control& m) {
    exercise_accepted(decide_control(session(), protocol::to_command(m)));
}

void on_join(const protocol::join& m) {
    (void)protocol::normalize_code(m.code);
    exercise_accepted(decide_join(session(), m.resume_token, m.name, limits{}));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)session();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const protocol::client_message msg = protocol::parse_client_message(text);
    (void)protocol::seq_of(msg);
    // The fast path for plain answers reads exactly what the full parser reads.
    if (const auto plain = protocol::parse_plain_answer(text)) {
        const auto full = protocol::parse_client_message_full(text);
        const auto* a = std::get_if<protocol::answer>(&full);
        if (!a || !(*a == *plain) || a->value.type() != plain->value.type())
            fail("the plain-answer fast path disagrees with the full parser");
    }
    if (const auto* e = std::get_if<protocol::parse_error>(&msg)) {
        if (e->err.message.empty())
            fail("a parse error without a message");
        (void)protocol::make_error(e->seq, e->err);
    } else if (const auto* a = std::get_if<protocol::answer>(&msg)) {
        on_answer(*a);
    } else if (const auto* c = std::get_if<protocol::control>(&msg)) {
        on_control(*c);
    } else if (const auto* j = std::get_if<protocol::join>(&msg)) {
        on_join(*j);
    }
    return 0;
}
