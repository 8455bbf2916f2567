// Limits enforced by the reducer; the server sets max_text, max_participants and
// min_answers from its flags, the others are fixed (and sent to clients: rules.hpp).
#pragma once

#include <cstddef>
#include <cstdint>

namespace kring {

/** Per-field lengths of the list answers (characters, after normalisation). */
struct field_limits {
    std::uint32_t inventory_name = 80;
    std::uint32_t inventory_place = 80;
    std::uint32_t inventory_goals = 300;
    std::uint32_t action_what = 140;
    std::uint32_t action_who = 60;
    std::uint32_t action_when = 40;
    bool operator==(const field_limits&) const = default;
};

/** The field lengths every server enforces and sends (inventory.cpp, action_plan.cpp). */
inline constexpr field_limits list_fields{};

/** The limits of one photo (server/photo_intake.hpp enforces them; phones follow them). */
struct photo_limits {
    /** Largest upload accepted, in bytes (a phone scales its photo down before sending). */
    std::size_t max_bytes = 12 * 1024 * 1024;
    /** Most pixels a photo may claim before it is decoded (a 50-megapixel camera). */
    std::uint64_t max_pixels = 50'000'000;
    /** Longest side of the stored photo, in pixels; a larger one is scaled down. */
    unsigned max_side = 1600;
    /** JPEG quality of the stored photo (1..100). */
    int quality = 82;
    bool operator==(const photo_limits&) const = default;
};

/** Image-choice steps: the facilitator's own images per step (rules.photos.per_deck). */
inline constexpr std::uint32_t max_own_images = 24;
/** ... and the longest caption of one, in characters (rules.photos.own_caption). */
inline constexpr std::uint32_t max_own_caption = 140;

/** Limits enforced by decide(); the server sets them from its flags. */
struct limits {
    std::size_t max_text = 500;           // characters in a comment or a reason
    std::size_t max_name = 40;            // characters in a display name
    std::size_t max_participants = 20000; // per session
    std::uint32_t min_answers = 3;        // new sessions' threshold k (--min-answers)
    std::size_t max_session_photos = 300; // photos in one session, all its photo steps
    /**
     * Participants' texts in an answer's value are normalised (normalize_text) before they
     * are checked. Off in replay_limits(): stored answers are read back as they were stored.
     */
    bool normalize_texts = true;
};

} // namespace kring
