// The rules a client follows, defined once here and sent by the server in `welcome`
// (`rules`, docs/protocol.md "The rules in welcome"): text limits, the per-field lengths of list
// answers, the traffic-light vocabulary and how to reconnect. The phone page also finds them in its
// page before it connects (a <meta name="kring-rules"> the server fills in), and the ImGui client
// starts from client_rules{} and takes the server's on every welcome.
#pragma once

#include "kring/limits.hpp"
#include "kring/text.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kring {

/** How a client retries a lost connection and notices a dead one. */
struct reconnect_policy {
    std::uint32_t first_ms = 500;         // first delay after a lost connection
    std::uint32_t max_ms = 8000;          // the delay doubles up to this
    double jitter = 0.5;                  // each delay drawn from [(1 - jitter) d, d]
    std::uint32_t join_timeout_ms = 8000; // no welcome in time: the socket is dead
    std::uint32_t ack_timeout_ms = 10000; // an answer without ack in time: reconnect, resend
    std::uint32_t resync_ms = 2000;       // at most one sync this often on a stale view
    bool operator==(const reconnect_policy&) const = default;
};

/** One answer of the traffic-light game as every screen shows it. */
struct light_word {
    std::string id;     // protocol value: green, orange, red, pass
    localized word;     // "Loopt goed" / "Going well"
    std::string colour; // #rrggbb on a light background
    std::string icon;   // one character: ● ◐ ▲ –
    bool operator==(const light_word&) const = default;
};

/** The traffic-light vocabulary: green, orange, red, pass, in that order. */
const std::vector<light_word>& light_words();

/**
 * A tone a floor plan's pin category is drawn in: its colour and icon (the word is the
 * category's own). green, orange and red are the traffic light's colours and icons.
 */
struct pin_tone {
    std::string id;     // green, orange, red, blue, purple
    std::string colour; // #rrggbb on a light background
    std::string icon;   // one character
    bool operator==(const pin_tone&) const = default;
};

/** How a floor plan's routes of one time slot are drawn: a colour and a dash pattern. */
struct route_style {
    std::string colour; // #rrggbb
    std::string dash;   // SVG stroke-dasharray in plan units of a 1000-wide plan; "" solid
    bool operator==(const route_style&) const = default;
};

/** The styles of a floor plan's time slots: slot i is drawn in style i (modulo their number). */
const std::vector<route_style>& route_styles();

/** The pin tones: green, orange, red, blue, purple, in that order. */
const std::vector<pin_tone>& pin_tones();
/** The tone `id` in `tones`, or nullptr. */
const pin_tone* find_pin_tone(const std::vector<pin_tone>& tones, std::string_view id);

/** What the summary says of a theme (views.hpp verdict), in one sentence per language. */
struct verdict_sentence {
    std::string id; // solid, mixed, work_first
    localized text; // "Stevig: ga verder met de gekoppelde bouwsteen."
    bool operator==(const verdict_sentence&) const = default;
};

/** The summary's verdicts: solid, mixed, work_first, in that order. */
const std::vector<verdict_sentence>& verdict_sentences();
/** The sentence of verdict `id` ("mixed" for an unknown id) in `rules`. */
const localized& verdict_text(const std::vector<verdict_sentence>& verdicts, std::string_view id);

/** Every rule a client follows; the defaults are those of a server with default limits. */
struct client_rules {
    std::uint32_t max_text = 500; // a comment or a reason
    std::uint32_t max_name = 40;  // a display name
    field_limits fields = list_fields;
    std::vector<light_word> lights = light_words(); // green, orange, red, pass
    std::vector<verdict_sentence> verdicts = verdict_sentences();
    std::vector<pin_tone> pin_tones = kring::pin_tones();          // floor plans
    std::vector<route_style> route_styles = kring::route_styles(); // floor plans' time slots
    reconnect_policy reconnect;
    /** Photo steps: the limits of one photo, and how many one session holds. */
    photo_limits photos;
    std::uint32_t max_session_photos = 300;
    /** Image-choice steps: the facilitator's own images per step, and their caption's length. */
    std::uint32_t max_own_images = kring::max_own_images;
    std::uint32_t max_own_caption = kring::max_own_caption;
    bool operator==(const client_rules&) const = default;
};

/** The rules of a server with these limits. */
client_rules rules_for(const limits& lim);

void to_json(nlohmann::json& j, const client_rules& r);
/** Reads `rules` as a server sends it; throws std::runtime_error naming a bad field. */
void from_json(const nlohmann::json& j, client_rules& r);

} // namespace kring
