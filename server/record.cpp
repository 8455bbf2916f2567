// The requests of the sessions library, the exports and the agenda editor
// (docs/protocol.md, section 6), as members of class member; creating a session (admin rule,
// edited agenda); and the record's HTTP endpoints (GET /sessions/<id>/...).
#include "member.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

#include "room.hpp"
#include "room_registry.hpp"
#include "photo_intake.hpp"
#include "security.hpp"

#include "kring/compare.hpp"
#include "kring/content.hpp"
#include "kring/protocol.hpp"
#include "kring/report.hpp"

#include <nlohmann/json.hpp>

namespace kring::server {

using nlohmann::json;

namespace {

/** Loopback: 127.0.0.0/8, ::1, and IPv4 loopback written as IPv6. */
bool is_loopback_address(const std::string& a) {
    return a.starts_with("127.") || a == "::1" || a.starts_with("::ffff:127.");
}

/** A server message as wire.hpp writes it (invalid UTF-8 replaced, never thrown). */
template <class M> std::string encode(const M& m) {
    return json(m).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string reply(const char* type, protocol::seq_t seq, json body) {
    body["type"] = type;
    if (seq)
        body["seq"] = *seq;
    return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

/** One export: the file's name and text, or the error to answer with. */
struct export_file {
    std::optional<error> err;
    std::string filename;
    std::string content_type;
    std::string content;
};

/** `secret` is the facilitator secret of `s` (compared in constant time). */
bool opens(const session_state& s, std::string_view secret) {
    return !secret.empty() && constant_time_equal(credential_hash(secret), s.secret_hash);
}

/**
 * The export of `s` in `format` (html md json csv); `step` for csv; `compare_id` a session
 * to compare with ("" none), allowed only when `may_steer` holds for it (the requester
 * may steer that session too; `s` itself always). Everything in the session's projector
 * language or `l`.
 */
/**
 * The photos the HTML report shows, each scaled down and inline as a data URI: the approved
 * photos of steps not withheld and an image choice's own images (report_photo_side), a floor
 * plan's own image (twice that). A photo the store cannot give is left out (the report lists
 * its caption).
 */
report_photos report_photos_of(const room_registry& rooms, const session_state& s) {
    constexpr unsigned report_photo_side = 480;
    report_photos out;
    const auto put = [&](const std::string& id, unsigned side) {
        std::optional<std::string> bytes;
        try {
            bytes = rooms.read_photo(s.id, id);
        } catch (const std::exception&) {
            return;
        }
        photo_limits small;
        small.max_side = side;
        small.quality = 75;
        if (bytes)
            if (const photo_result scaled = take_photo(*bytes, "image/jpeg", small))
                out[id] = "data:image/jpeg;base64," + base64_encode(scaled.photo.jpeg);
    };
    for (std::size_t i = 0; i < s.steps.size() && i < s.def.steps.size(); ++i) {
        // A floor plan's own image, under its pins.
        if (const std::string& id = s.steps[i].plan.id; !id.empty())
            put(id, 2 * report_photo_side);
        // An image choice's own images (the facilitator's, shown with their counts).
        if (const auto* c = std::get_if<image_choice::responses>(&s.steps[i].answers))
            for (const auto& im : c->own)
                put(im.id, report_photo_side);
        const auto* r = std::get_if<photo::responses>(&s.steps[i].answers);
        if (!r || withheld(s.def.steps[i], s.steps[i], s.min_answers))
            continue;
        for (const auto& p : photo::wall(*r, false))
            put(p.id, report_photo_side);
    }
    return out;
}

export_file make_export(const room_registry& rooms, const session_state& s,
                        const std::string& format, const std::string& step,
                        const std::string& compare_id, lang l,
                        const std::function<bool(const session_state&)>& may_steer) {
    export_file out;
    json compare = nullptr;
    // A CSV file holds one step's rows and never a comparison.
    if (!compare_id.empty() && format != "csv") {
        const std::optional<session_state> other = rooms.read_session(compare_id);
        if (!other) {
            out.err = error{errc::unknown_session, "no session has this id"};
            return out;
        }
        const session_state& before = *other;
        if (before.id != s.id && !may_steer(before)) {
            out.err = error{errc::forbidden,
                            "comparing with another session needs its facilitator secret or "
                            "the server's admin token"};
            return out;
        }
        if (!same_template(before, s)) {
            out.err = error{errc::bad_value, "the sessions were not made from the same template"};
            return out;
        }
        compare = compare_sessions(before, s, l);
    }
    if (format == "html") {
        out.content = report_html(s, l, compare, report_photos_of(rooms, s));
        out.content_type = "text/html; charset=utf-8";
    } else if (format == "md") {
        out.content = report_markdown(s, l, compare);
        out.content_type = "text/markdown; charset=utf-8";
    } else if (format == "json") {
        out.content = report_json(s, l, compare);
        out.content_type = "application/json; charset=utf-8";
    } else if (format == "csv") {
        auto csv = report_csv(s, step, l);
        if (!csv) {
            out.err = error{errc::unknown_step, "no step has this id in this session"};
            return out;
        }
        out.content = std::move(*csv);
        out.content_type = "text/csv; charset=utf-8";
        out.filename = report_filename(s, "csv", step);
        return out;
    } else {
        out.err = error{errc::bad_value, "format must be html, md, json or csv"};
        return out;
    }
    out.filename = report_filename(s, format);
    return out;
}

} // namespace

//------------------------------------------------------------------------------
// [SECTION] Admin and create_session

member::authority member::authority_for(const std::string& token) const {
    authority a;
    // A phone or a projector is never the admin, wherever it connects from (a participant
    // on the server's own machine, or every phone behind a reverse proxy on it).
    if (const role r = bound_role(); r == role::participant || r == role::projector)
        return a;
    if (trusted_machine() || (!token.empty() && !ctx_.admin_token.empty() &&
                              constant_time_equal(token, ctx_.admin_token))) {
        a.admin = a.everything = true;
    } else if (!token.empty() && ctx_.rooms.has_organisations()) {
        // An organisation's key: looked up by its hash, so revoking it works at once.
        try {
            a.org = ctx_.rooms.organisation_of_key(token);
            a.admin = !a.org.empty();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "kring-server: checking a key: %s\n", e.what());
            a.unavailable = true;
        }
    }
    if (a.admin)
        admin_proven_.store(true, std::memory_order_relaxed);
    return a;
}

bool member::authority::sees(const session_state& s) const {
    return everything || (admin && s.org == org);
}

bool member::admin_sees(const std::string& token, const session_state& s) const {
    return authority_for(token).sees(s);
}

void member::refuse(std::optional<std::uint64_t> seq, const authority& a, std::string message) {
    if (a.unavailable)
        send_error(seq, errc::store_unavailable, "the key could not be checked; try again");
    else
        send_error(seq, errc::forbidden, std::move(message));
}

bool member::trusted_machine() const {
    // This machine, but not a web page: a page in the facilitator's browser may be anyone's
    // (its Origin was checked to be ours, but our own page never needs admin powers).
    const auto out = out_.lock();
    return ctx_.trust_loopback && out && !out->from_browser() &&
           is_loopback_address(out->remote_address());
}

std::size_t member::message_limit(std::size_t base) const {
    // Only after an admin request succeeded (the console asks for a template before it
    // saves one) or as the facilitator: a phone never gets more than the base limit.
    const bool large =
        bound_role() == role::facilitator || admin_proven_.load(std::memory_order_relaxed);
    return large ? std::max(base, large_message) : base;
}

void member::create_session(const protocol::create_session& m) {
    const authority a = authority_for(m.admin_token);
    if (!a.admin) {
        refuse(m.seq, a,
               "creating a session from another machine needs the server's admin token or "
               "an organisation's key");
        return;
    }
    std::optional<template_def> tmpl;
    if (!m.agenda.is_null()) {
        auto loaded = load_template(m.agenda.dump(), ctx_.content);
        if (auto* err = std::get_if<content_error>(&loaded)) {
            send_error(m.seq, errc::bad_value, "agenda" + err->path + ": " + err->message);
            return;
        }
        tmpl = std::move(std::get<template_def>(loaded));
    } else {
        auto shipped = ctx_.content.templates.find(m.template_id);
        if (shipped != ctx_.content.templates.end())
            tmpl = shipped->second;
        else {
            try {
                tmpl = ctx_.rooms.find_own_template(m.template_id, a.org);
            } catch (const std::exception&) {
                send_error(m.seq, errc::store_unavailable, "the template could not be read");
                return;
            }
        }
        if (!tmpl) {
            send_error(m.seq, errc::unknown_template, "no template has this id");
            return;
        }
    }
    if (!begin_join(m.seq))
        return;
    // The session belongs to the key's organisation ("" for the operator's).
    ctx_.rooms.create(shared_from_this(), m.seq, *tmpl, m.practice, a.org);
}

//------------------------------------------------------------------------------
// [SECTION] The sessions library

void member::on_request(const protocol::list_sessions& m) {
    const authority a = authority_for(m.admin_token);
    if (!a.admin) {
        refuse(m.seq, a, "the sessions library needs the server's admin token or a key");
        return;
    }
    send(encode(wire::sessions{
        m.seq, ctx_.rooms.list_sessions([&](const session_state& s) { return a.sees(s); })}));
}

void member::on_request(const protocol::open_session& m) {
    const authority a = authority_for(m.admin_token);
    if (!a.admin) {
        refuse(m.seq, a, "reopening a session needs the server's admin token or a key");
        return;
    }
    // Another organisation's session is as unknown as one that does not exist, and is not
    // loaded here for the asking.
    if (!a.everything) {
        const std::optional<session_state> s = ctx_.rooms.read_session(m.session_id);
        if (!s || !a.sees(*s)) {
            send_error(m.seq, errc::unknown_session, "no session has this id");
            return;
        }
    }
    errc why = errc::unknown_session;
    auto rm = ctx_.rooms.find_or_load_id(m.session_id, why);
    if (!rm) {
        send_error(m.seq, why,
                   why == errc::session_moving
                       ? "this session runs on another server; open it there or shortly again"
                       : "no session has this id");
        return;
    }
    if (!begin_join(m.seq))
        return;
    // An admin may steer any session: joined as with the secret, without knowing it.
    rm->join_facilitator(shared_from_this(), m.seq, rm->committed().secret_hash);
}

void member::on_request(const protocol::delete_session& m) {
    const binding b = current();
    const bool own = b.rm && b.as == role::facilitator && b.rm->session_id() == m.session_id;
    const authority a = own ? authority{} : authority_for(m.admin_token);
    if (!own && !a.admin) {
        refuse(m.seq, a, "only an admin or the session's facilitator deletes a session");
        return;
    }
    const std::optional<session_state> s = ctx_.rooms.read_session(m.session_id);
    if (!s || (!own && !a.sees(*s))) {
        send_error(m.seq, errc::unknown_session, "no session has this id");
        return;
    }
    auto self = shared_from_this();
    ctx_.rooms.delete_session(m.session_id, [self, seq = m.seq](bool durable) {
        if (durable)
            self->send(protocol::make_ack(seq, 0));
        else
            self->send_error(seq, errc::store_unavailable,
                             "the session could not be deleted from the store");
    });
}

void member::on_request(const protocol::export_request& m) {
    const binding b = current();
    if (!b.rm) {
        send_error(m.seq, errc::not_joined, "join a session first");
        return;
    }
    if (b.as != role::facilitator) {
        send_error(m.seq, errc::forbidden, "only the facilitator exports the session");
        return;
    }
    const session_state s = b.rm->committed();
    // Another session's results only for whoever may steer it too: an admin, or the
    // holder of its facilitator secret.
    const auto may_steer = [&](const session_state& other) {
        return opens(other, m.compare_secret) || authority_for(m.admin_token).sees(other);
    };
    export_file f =
        make_export(ctx_.rooms, s, m.format, m.step, m.compare_id, s.projector_lang, may_steer);
    if (f.err) {
        send_error(m.seq, *f.err);
        return;
    }
    send(encode(wire::export_reply{m.seq, m.format, f.filename, std::move(f.content)}));
}

//------------------------------------------------------------------------------
// [SECTION] The agenda editor

void member::on_request(const protocol::get_template& m) {
    const authority a = authority_for(m.admin_token);
    if (!a.admin) {
        refuse(m.seq, a, "the agenda editor needs the server's admin token or a key");
        return;
    }
    std::optional<json> t;
    try {
        t = ctx_.rooms.template_json(m.template_id, a.org);
    } catch (const std::exception&) {
        send_error(m.seq, errc::store_unavailable, "the template could not be read");
        return;
    }
    if (!t) {
        send_error(m.seq, errc::unknown_template, "no template has this id");
        return;
    }
    send(reply("template", m.seq, {{"template", std::move(*t)}}));
}

void member::on_request(const protocol::save_template& m) {
    const authority a = authority_for(m.admin_token);
    if (!a.admin) {
        refuse(m.seq, a, "the agenda editor needs the server's admin token or a key");
        return;
    }
    if (auto err = ctx_.rooms.save_template(m.templ, a.org)) {
        send_error(m.seq, *err);
        return;
    }
    send(protocol::make_ack(m.seq, 0));
}

//------------------------------------------------------------------------------
// [SECTION] HTTP: GET /sessions/<id>/report.html|.md|.json, /sessions/<id>/steps/<step>.csv

namespace {

http_reply plain(int status, std::string body) {
    http_reply r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

/** The value of `key` in a query string ("compare=s-1&lang=en"), or "". */
std::string query_value(std::string_view query, std::string_view key) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == key)
            return eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1));
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    return {};
}

/**
 * The secrets of an Authorization header "Bearer SECRET [OTHER_SECRET]": the first two
 * words after the scheme, separated by spaces (a header is no list of guesses: any further
 * word is ignored). Empty when the scheme is not Bearer.
 */
std::vector<std::string_view> bearer_secrets(std::string_view authorization) {
    constexpr std::string_view bearer = "Bearer ";
    constexpr std::size_t max_secrets = 2;
    std::vector<std::string_view> out;
    if (!authorization.starts_with(bearer))
        return out;
    authorization.remove_prefix(bearer.size());
    while (!authorization.empty() && out.size() < max_secrets) {
        const auto space = authorization.find(' ');
        const std::string_view word = authorization.substr(0, space);
        if (!word.empty())
            out.push_back(word);
        if (space == std::string_view::npos)
            break;
        authorization.remove_prefix(space + 1);
    }
    return out;
}

/** An id as ids are made (a-z, 0-9, '-'): anything else names nothing. */
bool plain_id(std::string_view s) {
    if (s.empty() || s.size() > 64)
        return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    return true;
}

} // namespace

http_reply serve_record(const room_registry& rooms, std::string_view target,
                        std::string_view authorization) {
    const auto q = target.find('?');
    std::string_view path = target.substr(0, q);
    const std::string_view query = q == std::string_view::npos ? "" : target.substr(q + 1);
    if (!path.starts_with("/sessions/"))
        return plain(404, "not found\n");
    path.remove_prefix(10);
    const auto slash = path.find('/');
    if (slash == std::string_view::npos)
        return plain(404, "not found\n");
    const std::string_view id = path.substr(0, slash);
    const std::string_view rest = path.substr(slash + 1);
    std::string format, step;
    if (rest == "report.html")
        format = "html";
    else if (rest == "report.md")
        format = "md";
    else if (rest == "report.json")
        format = "json";
    else if (rest.starts_with("steps/") && rest.ends_with(".csv") && rest.size() > 10) {
        format = "csv";
        step = std::string(rest.substr(6, rest.size() - 10));
        if (!plain_id(step))
            return plain(404, "no such step\n");
    } else {
        return plain(404, "not found\n");
    }
    const std::optional<session_state> found =
        plain_id(id) ? rooms.read_session(std::string(id)) : std::nullopt;
    if (!found)
        return plain(404, "no such session\n");
    const session_state& s = *found;
    // The facilitator's secret, never in the URL (it would end up in histories and logs):
    // "Bearer SECRET", or "Bearer SECRET OTHER_SECRET" to compare with another session. In
    // the hosted mode the key of the session's organisation opens it too.
    const std::vector<std::string_view> secrets = bearer_secrets(authorization);
    bool unavailable = false;
    const auto key_opens = [&](const session_state& x, std::string_view key) {
        if (x.org.empty() || !rooms.has_organisations())
            return false;
        try {
            return rooms.organisation_of_key(std::string(key)) == x.org;
        } catch (const std::exception&) {
            unavailable = true;
            return false;
        }
    };
    const auto may_open = [&](const session_state& x, std::string_view secret) {
        return opens(x, secret) || key_opens(x, secret);
    };
    if (secrets.empty() || !may_open(s, secrets.front()))
        return unavailable ? plain(503, "the key could not be checked; try again\n")
                           : plain(401, "the facilitator's secret (or the organisation's key) "
                                        "is needed: Authorization: Bearer SECRET\n");
    const std::string l = query_value(query, "lang");
    const lang language = l.empty() ? s.projector_lang : lang_from_string(l);
    const auto may_steer = [&](const session_state& other) {
        return std::any_of(secrets.begin(), secrets.end(),
                           [&](std::string_view x) { return may_open(other, x); });
    };
    export_file f =
        make_export(rooms, s, format, step, query_value(query, "compare"), language, may_steer);
    if (f.err) {
        if (f.err->code == errc::forbidden)
            return plain(403, "comparing with another session needs its facilitator secret "
                              "as well: Authorization: Bearer SECRET OTHER_SECRET\n");
        const bool missing =
            f.err->code == errc::unknown_step || f.err->code == errc::unknown_session;
        return plain(missing ? 404 : 400, f.err->message + "\n");
    }
    http_reply r;
    r.status = 200;
    r.content_type = f.content_type;
    r.body = std::move(f.content);
    r.filename = f.filename;
    r.attachment = format != "html";
    return r;
}

} // namespace kring::server
