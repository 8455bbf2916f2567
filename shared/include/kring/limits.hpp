// Limits enforced by the reducer; the server sets them from its flags.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kring {

/** Limits enforced by decide(); the server sets them from its flags. */
struct limits {
    std::size_t max_text = 500;           // characters in a comment or a reason
    std::size_t max_name = 40;            // characters in a display name
    std::size_t max_participants = 20000; // per session
    std::uint32_t min_answers = 3;        // new sessions' threshold k (--min-answers)
    /**
     * Participants' texts in an answer's value are normalised (normalize_text) before they
     * are checked. Off in replay_limits(): stored answers are read back as they were stored.
     */
    bool normalize_texts = true;
};

} // namespace kring
