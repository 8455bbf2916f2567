#include "member.hpp"

#include "room.hpp"
#include "room_registry.hpp"
#include "security.hpp"

#include "kring/content.hpp"
#include "kring/errors.hpp"
#include "kring/protocol.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <type_traits>

namespace kring::server {

namespace {

template <class... Fs> struct overloaded : Fs... { using Fs::operator()...; };
template <class... Fs> overloaded(Fs...) -> overloaded<Fs...>;

} // namespace

//------------------------------------------------------------------------------

member::member(server_context& ctx, std::weak_ptr<transport> out)
    : ctx_(ctx), out_(std::move(out)), tokens_(ctx.burst),
      refilled_(std::chrono::steady_clock::now()) {}

member::~member() = default;

void member::send(std::shared_ptr<const std::string> msg) {
    if (auto t = out_.lock())
        t->send(std::move(msg), message_kind::message);
}

void member::send_view(std::shared_ptr<const std::string> view) {
    if (auto t = out_.lock())
        t->send(std::move(view), message_kind::view);
}

void member::send_latest(std::shared_ptr<const std::string> msg, message_kind kind) {
    if (auto t = out_.lock())
        t->send(std::move(msg), kind);
}

void member::send_error(std::optional<std::uint64_t> seq, errc code, std::string message) {
    send(protocol::make_error(seq, error{code, std::move(message)}));
}

void member::send_error(std::optional<std::uint64_t> seq, const error& e) {
    send(protocol::make_error(seq, e));
}

bool member::take_token() {
    // Token bucket: `rate` tokens a second, at most `burst` saved up. A message that is
    // refused does not take a token, so a client that backs off recovers at once.
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - refilled_).count();
    refilled_ = now;
    tokens_ = std::min(ctx_.burst, tokens_ + elapsed * ctx_.rate);
    if (tokens_ < 1.0)
        return false;
    tokens_ -= 1.0;
    return true;
}

//------------------------------------------------------------------------------
// [SECTION] Binding to a room

bool member::begin_join(std::optional<std::uint64_t> seq) {
    {
        std::lock_guard lock(mutex_);
        if (!joining_ && !bound_.rm) {
            joining_ = true;
            return true;
        }
    }
    send_error(seq, errc::already_joined, "this connection already joined a session");
    return false;
}

void member::end_connection() {
    if (auto out = out_.lock())
        out->end();
}

void member::evict(errc code, std::string message, bool close) {
    {
        std::lock_guard lock(mutex_);
        bound_ = binding{};
    }
    send_error(std::nullopt, code, std::move(message));
    // Out of the session: close the connection once the error has gone out.
    if (close)
        end_connection();
}

bool member::bind(const std::shared_ptr<room>& rm, role r, participant_id pid, std::string token) {
    std::lock_guard lock(mutex_);
    joining_ = false;
    if (closed_)
        return false;
    bound_ = binding{rm, r, pid, std::move(token)};
    return true;
}

void member::join_failed() {
    std::lock_guard lock(mutex_);
    joining_ = false;
}

member::binding member::current() const {
    std::lock_guard lock(mutex_);
    return bound_;
}

role member::bound_role() const {
    std::lock_guard lock(mutex_);
    return bound_.as;
}

participant_id member::bound_participant() const {
    std::lock_guard lock(mutex_);
    return bound_.pid;
}

std::string member::resume_token() const {
    std::lock_guard lock(mutex_);
    return bound_.token;
}

//------------------------------------------------------------------------------
// [SECTION] Frames from the transport

void member::on_binary() {
    if (!take_token()) {
        send_error(std::nullopt, errc::rate_limited, "too many messages; slow down");
        return;
    }
    send_error(std::nullopt, errc::bad_message, "binary frames are not part of the protocol");
}

void member::on_too_large() {
    send_error(std::nullopt, errc::too_large,
               "the message is larger than this server accepts; closing");
}

void member::on_closed() {
    binding b;
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        b = std::move(bound_);
        bound_ = binding{};
    }
    if (b.rm)
        b.rm->leave(this, b.as);
}

void member::continue_join(const protocol::join& m, std::shared_ptr<room> rm, errc why,
                           const std::string& address) {
    auto self = shared_from_this();
    if (!rm) {
        join_failed();
        if (why == errc::session_moving) {
            send_error(m.seq, why,
                       "this session is moving to another server; "
                       "connect again shortly");
            return;
        }
        if (why == errc::store_unavailable) {
            send_error(m.seq, why, "the session could not be loaded; try again");
            return;
        }
        ctx_.joins.failed(address);
        send_error(m.seq, errc::unknown_session, "no session has this join code");
        return;
    }
    switch (m.as) {
    case role::participant: {
        // Random and hashing work stays outside the room lock.
        std::string token_hash =
            m.resume_token.empty() ? std::string() : credential_hash(m.resume_token);
        std::string new_token = new_resume_token();
        std::string new_hash = credential_hash(new_token);
        view_updates_.store(m.view_updates, std::memory_order_release);
        rm->join_participant(self, m.seq, m.resume_token, token_hash, m.name, std::move(new_token),
                             new_hash);
        break;
    }
    case role::facilitator:
        rm->join_facilitator(self, m.seq, credential_hash(m.secret));
        break;
    case role::projector:
        rm->join_projector(self, m.seq);
        break;
    default:
        join_failed();
        send_error(m.seq, errc::bad_value, "role must be participant, projector or facilitator");
    }
}

void member::on_text(std::string_view text) {
    protocol::client_message msg = protocol::parse_client_message(text);
    const auto seq = protocol::seq_of(msg);
    if (!take_token()) {
        send_error(seq, errc::rate_limited, "too many messages; slow down");
        return;
    }
    auto self = shared_from_this();
    std::visit(overloaded{
                   [&](const protocol::parse_error& m) { send_error(m.seq, m.err); },
                   [&](const protocol::list_templates& m) {
                       // An organisation's own templates for its key only (hosted mode); the
                       // embedded mode lists its own to everyone, as the console expects.
                       const authority a = authority_for(m.admin_token);
                       if (a.unavailable) {
                           refuse(m.seq, a, "");
                           return;
                       }
                       const bool with_own = a.admin || !ctx_.rooms.has_organisations();
                       try {
                           send(ctx_.rooms.templates_message(m.seq, ctx_.content, a.org, with_own));
                       } catch (const std::exception&) {
                           send_error(m.seq, errc::store_unavailable,
                                      "the templates could not be read; try again");
                       }
                   },
                   [&](const protocol::create_session& m) { create_session(m); },
                   [&](const protocol::join& m) {
                       const auto out = out_.lock();
                       const std::string address = out ? out->remote_address() : std::string();
                       if (ctx_.joins.blocked(address)) {
                           send_error(m.seq, errc::rate_limited,
                                      "too many wrong join codes from this address; wait a minute");
                           return;
                       }
                       if (!begin_join(m.seq))
                           return;
                       // A session that is not here is looked up (and loaded from a shared store)
                       // off this network thread; the join goes on where it is found.
                       ctx_.rooms.find_or_load_async(
                           m.code, [self, m, address](std::shared_ptr<room> rm, errc why) {
                               self->continue_join(m, std::move(rm), why, address);
                           });
                   },
                   [&](const protocol::answer& m) {
                       const binding b = current();
                       if (!b.rm) {
                           send_error(m.seq, errc::not_joined, "join a session first");
                           return;
                       }
                       if (b.as != role::participant) {
                           send_error(m.seq, errc::forbidden, "only participants answer");
                           return;
                       }
                       b.rm->answer(self, b.pid, m);
                   },
                   [&](const protocol::control& m) {
                       const binding b = current();
                       if (!b.rm) {
                           send_error(m.seq, errc::not_joined, "join a session first");
                           return;
                       }
                       if (b.as != role::facilitator) {
                           send_error(m.seq, errc::forbidden,
                                      "only the facilitator steers the session");
                           return;
                       }
                       b.rm->control(self, m);
                   },
                   [&](const protocol::sync& m) {
                       const binding b = current();
                       if (!b.rm) {
                           send_error(m.seq, errc::not_joined, "join a session first");
                           return;
                       }
                       b.rm->sync(self, m.seq);
                   },
                   // The sessions library, exports and the agenda editor: record.cpp.
                   [&](const auto& m) { on_request(m); },
               },
               msg);
}

} // namespace kring::server
