#include "room_registry.hpp"

#include "client.hpp"
#include "security.hpp"
#include "store.hpp"

#include "kring/protocol.hpp"

#include <chrono>
#include <map>
#include <stdexcept>

namespace kring::server {

room_registry::room_registry(store& st, scheduler& timers, limits lim)
    : svc_{st, timers, lim, std::chrono::milliseconds(50), {}, {}} {
    svc_.forget = [this](const std::string& code) { forget(code); };
}

std::size_t room_registry::restore() {
    // Fold per session, in store order. A map keeps memory to one state per session.
    std::map<std::string, session_state> states;
    std::uint64_t n = 0;
    svc_.st.replay([&](const std::string& session_id, std::string_view json) {
        ++n;
        event e;
        try {
            e = event_from_json(json);
        } catch (const std::exception& ex) {
            throw std::runtime_error("stored event " + std::to_string(n) + " of session " +
                                     session_id + " is unreadable: " + ex.what());
        }
        kring::apply(states[session_id], e);
    });
    std::lock_guard lock(mutex_);
    for (auto& [id, state] : states) {
        if (state.join_code.empty())
            throw std::runtime_error("stored session " + id + " has no session_created event");
        std::string code = state.join_code;
        rooms_[code] = std::make_shared<room>(svc_, std::move(state));
    }
    return states.size();
}

std::shared_ptr<room> room_registry::find(std::string_view code) const {
    const std::string key = protocol::normalize_code(code);
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(key);
    if (it == rooms_.end() || !it->second->live())
        return nullptr;
    return it->second;
}

void room_registry::create(const std::shared_ptr<client>& creator, protocol::seq_t seq,
                           const template_def& tmpl) {
    ev::session_created e;
    e.session_id = new_session_id();
    const std::string secret = new_facilitator_secret();
    e.secret_hash = credential_hash(secret);
    e.created_at = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
    e.def = tmpl.agenda;
    std::shared_ptr<room> rm;
    {
        // The code is reserved at once (the room is in the map, not yet live), so two
        // sessions created at the same moment cannot draw the same code.
        std::lock_guard lock(mutex_);
        e.join_code = new_join_code([this](const std::string& c) { return rooms_.count(c) > 0; });
        rm = std::make_shared<room>(svc_, e.session_id, e.join_code);
        rooms_[e.join_code] = rm;
    }
    // Outside our lock: the registry lock is never held while a room lock is taken.
    rm->start_create(creator, seq, std::move(e), secret);
}

void room_registry::forget(const std::string& join_code) {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(join_code);
    if (it != rooms_.end() && !it->second->live())
        rooms_.erase(it);
}

std::size_t room_registry::session_count() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& [code, rm] : rooms_)
        n += rm->live() ? 1 : 0;
    return n;
}

} // namespace kring::server
