// A crowd of simulated participants for crash and load checks: one facilitator creates a
// session and opens a traffic-light step, N participants join and answer S statements each
// without waiting, the acks are counted (and the server may be killed at any moment
// meanwhile), and after a restart everyone rejoins with their resume token to check that
// every acknowledged answer is there exactly once. Used by tests/server/fault_test.cpp and
// bench/kring_crash.cpp; one thread, poll() over plain sockets (raw_ws.hpp).
#pragma once

#include "raw_ws.hpp"

#include <poll.h>

#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace kring::crash {

using raw::json;
using raw::ms;
using raw::raw_ws;

/** The figures of one round. */
struct figures {
    std::size_t sent = 0;        // answers handed to the socket
    std::size_t acked = 0;       // answers the server acknowledged before it died
    std::size_t errors = 0;      // answers refused with an error
    std::size_t found = 0;       // answers present after the restart, as sent
    std::size_t lost = 0;        // acknowledged but missing (or changed) after the restart
    std::size_t wrong = 0;       // present after the restart but never sent like that
    std::size_t duplicated = 0;  // counted more often than present (facilitator view vs mine)
    std::size_t rejoined = 0;    // participants back with the same id
    std::size_t resent = 0;      // not found after the restart (lost, or not sent before the
                                 // crash): sent now, as a phone does
    std::size_t final_total = 0; // answers in the facilitator's view at the end
    bool ok() const { return lost == 0 && wrong == 0 && duplicated == 0; }
    std::string summary() const {
        std::ostringstream o;
        o << "sent " << sent << " / acknowledged " << acked << " / found " << found << " (lost "
          << lost << ", wrong " << wrong << ", duplicated " << duplicated << ", refused " << errors
          << "; rejoined " << rejoined << ", resent " << resent << ", final " << final_total << ")";
        return o.str();
    }
};

/** Spread over the four values, different per participant and statement. */
inline std::string value_for(std::size_t participant, int item) {
    static const char* const v[] = {"green", "orange", "red", "pass"};
    return v[(participant * 7 + static_cast<std::size_t>(item) * 3 + participant / 5) % 4];
}

/** Per statement: how many of each value, from a facilitator view's result of `step`. */
inline std::map<std::string, std::map<std::string, std::size_t>>
counts_of(const json& view, const std::string& step) {
    std::map<std::string, std::map<std::string, std::size_t>> out;
    for (const auto& r : view.value("results", json::array())) {
        if (r.value("step", "") != step)
            continue;
        for (const auto& it : r.value("items", json::array())) {
            for (const char* v : {"green", "orange", "red", "pass"}) {
                const auto n = it.value(v, std::size_t(0));
                if (n > 0)
                    out[it.value("item", "")][v] = n;
            }
        }
    }
    return out;
}

inline std::size_t total_of(const json& view, const std::string& step) {
    std::size_t n = 0;
    for (const auto& [item, values] : counts_of(view, step))
        for (const auto& [v, k] : values)
            n += k;
    return n;
}

/** Represents the facilitator and the participants of one session. */
class crowd {
public:
    crowd(std::size_t participants, int statements, std::string tmpl = "stoplicht-visie",
          std::string step = "visie")
        : people_(participants), statements_(statements), tmpl_(std::move(tmpl)),
          step_(std::move(step)) {}

    const std::string& code() const { return code_; }
    std::size_t total() const { return people_.size() * static_cast<std::size_t>(statements_); }

    /** The facilitator creates the session and opens the step. */
    void create(int port) {
        fac_ = std::make_unique<raw_ws>(port);
        fac_->handshake();
        fac_->send_json(
            {{"type", "create_session"}, {"seq", 1}, {"protocol_version", 1}, {"template", tmpl_}});
        const json created = fac_->recv_seq(1);
        if (created.value("type", "") != "session_created")
            throw std::runtime_error("create_session: " + created.dump());
        code_ = created["join_code"];
        secret_ = created["facilitator_secret"];
        // The connection is the facilitator once its welcome has come (session_created is
        // queued just before the connection is bound).
        // The step's statements, as the server sends them.
        const json welcome = fac_->recv_type("welcome");
        for (const auto& st : welcome["session"]["steps"])
            if (st.value("id", "") == step_)
                for (const auto& it : st["items"])
                    items_.push_back(it.value("id", ""));
        if (items_.size() < static_cast<std::size_t>(statements_))
            throw std::runtime_error("step " + step_ + " has " + std::to_string(items_.size()) +
                                     " statements, fewer than " + std::to_string(statements_));
        fac_->send_json({{"type", "control"}, {"seq", 2}, {"action", "open"}, {"step", step_}});
        const json ack = fac_->recv_seq(2);
        if (ack.value("type", "") != "ack")
            throw std::runtime_error("open: " + ack.dump());
    }

    /**
     * Every participant connects and joins (new, or with its token after a restart), in
     * windows of `window` joins in flight. Returns how many came back with the same id.
     */
    std::size_t join_all(int port, std::size_t window = 250) {
        std::size_t same = 0;
        for (std::size_t from = 0; from < people_.size(); from += window) {
            const std::size_t to = std::min(people_.size(), from + window);
            for (std::size_t i = from; i < to; ++i) {
                auto& p = people_[i];
                p.ws = std::make_unique<raw_ws>(port);
                p.ws->handshake();
                json join{{"type", "join"},
                          {"seq", 1},
                          {"protocol_version", 1},
                          {"code", code_},
                          {"role", "participant"}};
                if (!p.token.empty())
                    join["resume_token"] = p.token;
                p.ws->send_json(join);
            }
            for (std::size_t i = from; i < to; ++i) {
                auto& p = people_[i];
                const json w = p.ws->recv_seq(1, ms(60000));
                if (w.value("type", "") != "welcome")
                    throw std::runtime_error("join: " + w.dump());
                const auto id = w.value("participant_id", 0);
                if (!p.token.empty() && id == p.id)
                    ++same;
                p.id = id;
                p.token = w.value("resume_token", "");
                p.mine = p.ws->recv_type("mine", ms(60000))["answers"];
            }
        }
        return same;
    }

    /** Every participant sends all its answers at once (or only those `which` selects). */
    std::size_t send_answers(const std::function<bool(std::size_t, int)>& which = {}) {
        std::size_t n = 0;
        for (std::size_t i = 0; i < people_.size(); ++i)
            n += send_for(i, which);
        return n;
    }

    /**
     * The burst with a crash in it: participants send their answers a few at a time while
     * the acks are read, so the server is still receiving and writing when, at the
     * `kill_after`-th ack, `crash` runs (nothing more is sent after it). Without `crash`,
     * it ends once every answer is answered. Returns what was sent, acked and refused.
     */
    struct burst {
        std::size_t sent = 0, acked = 0, refused = 0;
    };
    burst answer_with_crash(std::size_t kill_after, const std::function<void()>& crash, ms timeout,
                            std::size_t chunk = 20) {
        burst b;
        bool crashed = false;
        std::size_t next = 0;
        for (auto& p : people_) {
            p.acked.assign(static_cast<std::size_t>(statements_) + 1, false);
            p.sent.assign(static_cast<std::size_t>(statements_) + 1, false);
        }
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        auto on_ack = [&](bool ok) {
            ++(ok ? b.acked : b.refused);
            if (crash && !crashed && b.acked >= kill_after) {
                crashed = true;
                crash();
            }
        };
        if (crash && kill_after == 0) {
            crashed = true;
            crash();
        }
        while (std::chrono::steady_clock::now() < deadline) {
            if (!crashed && next < people_.size()) {
                const std::size_t to = std::min(people_.size(), next + chunk);
                for (; next < to; ++next)
                    b.sent += send_for(next, {});
            }
            const bool all_sent = crashed || next >= people_.size();
            if (all_sent && !crashed && b.acked + b.refused >= b.sent)
                break;
            if (!poll_once(all_sent ? 100 : 0, on_ack))
                break; // every connection has ended: the server is gone
        }
        if (crashed)
            fac_.reset();
        return b;
    }

    /**
     * Reads acks until `expected` answers are answered, or every connection has ended,
     * or `timeout`. Returns {acked, refused}.
     */
    std::pair<std::size_t, std::size_t> collect(std::size_t expected, ms timeout) {
        std::size_t acked = 0, refused = 0;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        auto on_ack = [&](bool ok) { ++(ok ? acked : refused); };
        while (acked + refused < expected && std::chrono::steady_clock::now() < deadline) {
            if (!poll_once(100, on_ack))
                break;
        }
        return {acked, refused};
    }

    /** The facilitator comes back (after a restart) and returns the first view. */
    json facilitator_view(int port) {
        fac_ = std::make_unique<raw_ws>(port);
        fac_->handshake();
        fac_->send_json({{"type", "join"},
                         {"seq", 1},
                         {"protocol_version", 1},
                         {"code", code_},
                         {"role", "facilitator"},
                         {"secret", secret_}});
        const json w = fac_->recv_seq(1);
        if (w.value("type", "") != "welcome")
            throw std::runtime_error("facilitator join: " + w.dump());
        return fac_->recv_type("view");
    }

    /** The facilitator's newest view once its total reaches `want` (or the last one). */
    json facilitator_view_with(std::size_t want, ms timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        json last;
        while (std::chrono::steady_clock::now() < deadline) {
            auto t = fac_->read_text(ms(200));
            if (!t)
                continue;
            json j = json::parse(*t);
            if (j.value("type", "") != "view")
                continue;
            last = std::move(j);
            if (total_of(last, step_) >= want)
                break;
        }
        return last;
    }

    /**
     * After a crash and restart on `port`: everyone rejoins with the token, their `mine` is
     * compared with what they sent and what was acknowledged, and the facilitator's counts
     * with everyone's `mine`. Then what is missing is sent again, as the web page does.
     */
    figures verify(int port, std::size_t sent, std::size_t acked, std::size_t refused) {
        figures f;
        f.sent = sent;
        f.acked = acked;
        f.errors = refused;
        const json view = facilitator_view(port);
        f.rejoined = join_all(port);

        std::map<std::string, std::map<std::string, std::size_t>> expected;
        std::vector<std::vector<bool>> present(people_.size());
        for (std::size_t i = 0; i < people_.size(); ++i) {
            auto& p = people_[i];
            present[i].assign(static_cast<std::size_t>(statements_) + 1, false);
            for (const auto& a : p.mine) {
                if (a.value("step", "") != step_)
                    continue;
                const std::string item = a.value("item", "");
                const std::string value = a.value("value", json()).is_string()
                                              ? a["value"].get<std::string>()
                                              : a["value"].dump();
                expected[item][value] += 1;
                int s = 0;
                for (int k = 1; k <= statements_; ++k)
                    if (item == items_[static_cast<std::size_t>(k - 1)])
                        s = k;
                const bool as_sent =
                    s > 0 && p.sent[static_cast<std::size_t>(s)] && value == value_for(i, s);
                if (!as_sent || present[i][static_cast<std::size_t>(s)]) {
                    ++f.wrong; // never sent like this, or the same statement twice
                    continue;
                }
                present[i][static_cast<std::size_t>(s)] = true;
                ++f.found;
            }
            for (int s = 1; s <= statements_; ++s)
                if (p.acked[static_cast<std::size_t>(s)] &&
                    !present[i][static_cast<std::size_t>(s)])
                    ++f.lost;
        }
        // The facilitator's aggregate must count each stored answer exactly once.
        const auto counted = counts_of(view, step_);
        for (const auto& [item, values] : counted) {
            for (const auto& [v, n] : values) {
                const std::size_t have = expected[item][v];
                if (n > have)
                    f.duplicated += n - have;
                else if (n < have)
                    f.lost += have - n;
            }
        }
        for (const auto& [item, values] : expected) {
            for (const auto& [v, n] : values) {
                auto it = counted.find(item);
                if (it == counted.end() || !it->second.count(v))
                    f.lost += n;
            }
        }

        // Resync: what is not stored (never acknowledged, or not sent before the crash) is
        // sent now.
        f.resent = send_answers([&](std::size_t i, int s) {
            return people_[i].sent.size() > static_cast<std::size_t>(s) &&
                   !present[i][static_cast<std::size_t>(s)];
        });
        // send_answers reset the sent marks: everything counts as sent from now on.
        for (auto& p : people_)
            p.sent.assign(static_cast<std::size_t>(statements_) + 1, true);
        collect(f.resent, ms(120000));
        f.final_total = total_of(facilitator_view_with(total(), ms(30000)), step_);
        return f;
    }

    /** Closes every participant connection without a close frame. */
    void drop_all() {
        for (auto& p : people_)
            p.ws.reset();
    }

private:
    /** Participant i sends its answers (those `which` selects); returns how many. */
    std::size_t send_for(std::size_t i, const std::function<bool(std::size_t, int)>& which) {
        auto& p = people_[i];
        p.acked.assign(static_cast<std::size_t>(statements_) + 1, false);
        p.sent.assign(static_cast<std::size_t>(statements_) + 1, false);
        std::size_t n = 0;
        for (int s = 1; s <= statements_; ++s) {
            if (which && !which(i, s))
                continue;
            p.ws->send_json({{"type", "answer"},
                             {"seq", 100 + s},
                             {"step", step_},
                             {"item", items_[static_cast<std::size_t>(s - 1)]},
                             {"value", value_for(i, s)}});
            p.sent[static_cast<std::size_t>(s)] = true;
            ++n;
        }
        return n;
    }

    /**
     * One poll() over every open participant connection; each ack or error that answers
     * an answer goes to on_ack(true/false) as soon as it is read. False when no
     * connection is open any more.
     */
    template <class OnAck> bool poll_once(int timeout_ms, OnAck&& on_ack) {
        fds_.clear();
        who_.clear();
        for (std::size_t i = 0; i < people_.size(); ++i) {
            if (people_[i].ws && people_[i].ws->open()) {
                fds_.push_back({people_[i].ws->fd(), POLLIN, 0});
                who_.push_back(i);
            }
        }
        if (fds_.empty())
            return false;
        if (::poll(fds_.data(), fds_.size(), timeout_ms) <= 0)
            return true;
        for (std::size_t k = 0; k < fds_.size(); ++k) {
            if (fds_[k].revents == 0)
                continue;
            const std::size_t i = who_[k];
            people_[i].ws->pump([&](const std::string& text) {
                // Views are most of the traffic: look at acks and errors only.
                const bool ack = text.find("\"type\":\"ack\"") != std::string::npos;
                if (!ack && text.find("\"type\":\"error\"") == std::string::npos)
                    return;
                const json j = json::parse(text);
                const auto seq = j.value("seq", std::uint64_t(0));
                if (seq <= 100 || seq > 100 + static_cast<std::uint64_t>(statements_))
                    return;
                if (ack) {
                    auto slot = people_[i].acked[seq - 100]; // a vector<bool> proxy
                    if (slot)
                        return;
                    slot = true;
                }
                on_ack(ack);
            });
        }
        return true;
    }

    std::vector<pollfd> fds_;
    std::vector<std::size_t> who_;

    struct person {
        std::unique_ptr<raw_ws> ws;
        int id = 0;
        std::string token;
        json mine = json::array();
        std::vector<bool> sent, acked; // by statement number (1-based)
    };

    std::vector<person> people_;
    int statements_;
    std::vector<std::string> items_; // the step's statement ids, from the welcome
    std::string tmpl_, step_;
    std::unique_ptr<raw_ws> fac_;
    std::string code_, secret_;
};

} // namespace kring::crash
