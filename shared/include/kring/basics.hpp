// The few vocabulary types that every layer uses: who someone is in a session (role,
// participant id) and where a step is in its life (phase). Kept apart from model.hpp so
// that the network layer depends on nothing that changes with the activities.
#pragma once

#include <cstdint>
#include <string>

namespace kring {

using participant_id = std::uint32_t;

enum class phase { unknown, pending, open, closed };
enum class role { none, participant, projector, facilitator };

const char* to_string(phase p);
const char* to_string(role r);
phase phase_from_string(const std::string& s);
role role_from_string(const std::string& s);

} // namespace kring
