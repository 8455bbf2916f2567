// Protocol v1: parsing client messages and building server messages (docs/protocol.md).
// Client messages are parsed into plain structs; a malformed one becomes a typed error.
#pragma once

#include "kring/errors.hpp"
#include "kring/model.hpp"
#include "kring/reducer.hpp"
#include "kring/rules.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kring {
struct content_bundle;
struct template_def;
} // namespace kring

namespace kring::protocol {

constexpr int protocol_version = 1;

/** A request's `seq`: replies repeat it, and carry none when the request had none. */
using seq_t = std::optional<std::uint64_t>;

struct create_session {
    seq_t seq;
    int version = 0;
    std::string template_id; // "" when agenda is given
    nlohmann::json agenda;   // null, or an edited template in its content-file form
    std::string admin_token; // needed from a non-loopback address
    bool practice = false;   // a practice session (docs/protocol.md, section 6)
    bool operator==(const create_session&) const = default;
};
struct list_templates {
    seq_t seq;
    /** An organisation's key (hosted mode): its own templates are listed too. */
    std::string admin_token;
    bool operator==(const list_templates&) const = default;
};
struct join {
    seq_t seq;
    int version = 0;
    std::string code;
    role as = role::none;
    std::string resume_token;
    std::string name;
    std::string secret;
    /** A participant that takes `view_update` (docs/protocol.md section 4). */
    bool view_updates = false;
    bool operator==(const join&) const = default;
};
struct answer {
    seq_t seq;
    std::string step;
    std::string item;     // "" when absent (kinds without items)
    nlohmann::json value; // any JSON; each kind checks its own (docs/protocol.md)
    std::string comment;
    bool operator==(const answer&) const = default;
};
/**
 * A `control` message: the action, parsed once (an unknown one is a parse_error bad_value),
 * and its fields (control_request, reducer.hpp; "" / nullopt / empty when absent).
 */
struct control : control_request {
    seq_t seq;
    // set_compare with another session: proof that the sender may steer it too.
    std::string compare_secret; // the other session's facilitator secret, "" when absent
    std::string admin_token;    // the server's admin token, "" when absent
    bool operator==(const control&) const = default;
};
struct sync {
    seq_t seq;
    bool operator==(const sync&) const = default;
};

// The sessions library, exports and the agenda editor (docs/protocol.md, section 6).
// Every one of them may carry the server's admin token (needed from non-loopback addresses).
struct list_sessions {
    seq_t seq;
    std::string admin_token;
    bool operator==(const list_sessions&) const = default;
};
struct open_session {
    seq_t seq;
    std::string session_id;
    std::string admin_token;
    bool operator==(const open_session&) const = default;
};
struct delete_session {
    seq_t seq;
    std::string session_id;
    std::string admin_token;
    bool operator==(const delete_session&) const = default;
};
struct export_request {
    seq_t seq;
    std::string format;     // html md json csv
    std::string step;       // csv only
    std::string compare_id; // optional
    // With compare_id: proof that the sender may steer that session too (an admin, or
    // its facilitator secret).
    std::string compare_secret;
    std::string admin_token;
    bool operator==(const export_request&) const = default;
};
struct get_template {
    seq_t seq;
    std::string template_id;
    std::string admin_token;
    bool operator==(const get_template&) const = default;
};
struct save_template {
    seq_t seq;
    nlohmann::json templ; // the content-file form
    std::string admin_token;
    bool operator==(const save_template&) const = default;
};

/** A message that could not be understood; seq is kept when it could be read. */
struct parse_error {
    seq_t seq;
    error err;
};

using client_message = std::variant<create_session, list_templates, join, answer, control, sync,
                                    list_sessions, open_session, delete_session, export_request,
                                    get_template, save_template, parse_error>;

/** Parses one text frame. Never throws. */
client_message parse_client_message(std::string_view text);

/**
 * parse_client_message's fast path for the most frequent message: an `answer` whose fields
 * are all plain (strings without escapes or control characters, in valid UTF-8;
 * non-negative integers without sign, fraction or exponent; only the answer's own fields,
 * none twice). nullopt for anything else, which is then read in full.
 */
std::optional<answer> parse_plain_answer(std::string_view text);

/** parse_client_message without that fast path: what the fast path must agree with. */
client_message parse_client_message_full(std::string_view text);

// Client -> server messages as a client writes them: the form parse_client_message reads
// (a round-trip unit test per type). `seq` is written when set, a string field when not
// empty, an optional one when set; join and create_session carry protocol_version.
void to_json(nlohmann::json& j, const create_session& m);
void to_json(nlohmann::json& j, const list_templates& m);
void to_json(nlohmann::json& j, const join& m);
void to_json(nlohmann::json& j, const answer& m);
void to_json(nlohmann::json& j, const control& m);
void to_json(nlohmann::json& j, const sync& m);
void to_json(nlohmann::json& j, const list_sessions& m);
void to_json(nlohmann::json& j, const open_session& m);
void to_json(nlohmann::json& j, const delete_session& m);
void to_json(nlohmann::json& j, const export_request& m);
void to_json(nlohmann::json& j, const get_template& m);
void to_json(nlohmann::json& j, const save_template& m);

/**
 * The server's messages in one WebSocket message, in order: the object itself, or the
 * objects of a batch (a JSON array, docs/protocol.md "Batches"). Anything else (not JSON,
 * not an object, a batch with a non-object) gives nothing. Never throws.
 */
std::vector<nlohmann::json> server_messages(std::string_view text);

/** The seq of any parsed message. */
seq_t seq_of(const client_message& m);

/** Normalizes a typed join code: upper case, spaces and dashes removed. */
std::string normalize_code(std::string_view code);

/**
 * The address participants open for a session: the short form `BASE/CODE` (the server serves
 * its page there), or `BASE&code=CODE` when `base` already has a query. A trailing '/' of
 * `base` is dropped first.
 */
std::string join_url(std::string_view base, std::string_view code);

/** The reducer's command for a control message: its control_request, nothing added yet. */
control_command to_command(const control& m);

// Server -> client messages, serialized to one line of JSON.
std::string make_error(seq_t seq, const error& e);
std::string make_ack(seq_t seq, std::uint64_t rev);
std::string make_session_created(seq_t seq, const session_state& s,
                                 const std::string& facilitator_secret);
/** The rules of a server started with the default limits. */
const client_rules& default_rules();
/** The `templates` reply: every template's id, title, description and number of steps; the
 * facilitator's own ones (`own`, saved with the agenda editor) after the shipped ones. */
std::string make_templates(seq_t seq, const content_bundle& content,
                           const std::map<std::string, template_def>& own);
std::string make_templates(seq_t seq, const content_bundle& content);
/**
 * resume_token is only given for participants. join_url ("http://ADDR:PORT/?code=CODE")
 * is left out when empty. The facilitator also gets the session's id and each step's guide
 * and resources; nobody else ever does. Every role gets the building blocks
 * (session.blocks) and the server's rules (`rules`, rules.hpp).
 */
std::string make_welcome(seq_t seq, const session_state& s, role r, participant_id pid,
                         const std::string& resume_token, const std::string& join_url = {},
                         const client_rules& rules = default_rules());
/** The participant's own current answers, in the form `answer` takes them. */
std::string make_mine(const session_state& s, participant_id pid);

// JSON forms of the model, shared by welcome, events and content.
void to_json(nlohmann::json& j, const localized& t);
/** The stored form of a step (all of its settings, guide and resources included). */
void to_json(nlohmann::json& j, const step_def& d);
void to_json(nlohmann::json& j, const session_def& d);
/** Throws std::runtime_error when a field is missing or mistyped. */
localized localized_from_json(const nlohmann::json& j);
/** Reads the stored form; fields added later are optional, so old sessions still load. */
step_def step_def_from_json(const nlohmann::json& j);
session_def session_def_from_json(const nlohmann::json& j);
/** A step as `welcome` shows it to a role (docs/protocol.md, "The agenda in welcome"). */
nlohmann::json welcome_step(const step_def& d, role r);

} // namespace kring::protocol
