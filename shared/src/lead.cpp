// The console's one primary action (lead.hpp).
#include "kring/lead.hpp"

namespace kring::lead {

move primary(const step_look& s, bool has_next, bool session_ended) {
    if (session_ended)
        return move::none;
    const move on = has_next ? move::next_step : move::end_session;
    switch (s.ph) {
    case phase::open:
        return move::close;
    case phase::closed:
        return s.revealed || s.locked ? on : move::reveal;
    case phase::pending:
    case phase::unknown:
        break;
    }
    return s.locked ? on : move::open;
}

std::optional<std::size_t> next_index(std::size_t index, std::size_t steps) {
    if (index + 1 >= steps)
        return std::nullopt;
    return index + 1;
}

} // namespace kring::lead
