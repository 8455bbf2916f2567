#include "kring/practice.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace kring::practice {

using nlohmann::json;

namespace {

/** A Dutch text and its English translation. */
struct words {
    const char* nl;
    const char* en;
    const char* in(lang l) const { return l == lang::en ? en : nl; }
};

// Every pattern has twelve places: participant `who` takes place (who + shift) % 12, so the
// default twelve participants give each statement exactly its profile's counts, and any
// three in a row (any number from 3 on) at least two different answers.

/** Traffic-light profiles: agreement on green, disputed, mostly orange, mostly red. */
constexpr std::array<std::string_view, 4> light_profiles = {
    "GGOPGRGGOGGO", // 7 green, 3 orange, 1 red, 1 pass
    "OROGRPGRGORG", // 4 green, 3 orange, 4 red, 1 pass
    "ROGPORGOOGOO", // 3 green, 6 orange, 2 red, 1 pass
    "RRGROORPORRG", // 2 green, 3 orange, 6 red, 1 pass
};

/** A skewed pick among n: the first options are chosen most, the others too. */
constexpr std::array<std::size_t, 12> skew = {0, 1, 0, 2, 3, 1, 0, 4, 2, 5, 1, 6};

/** Steps between the scale values around an item's centre. */
constexpr std::array<int, 12> scale_spread = {0, 1, -1, 0, 2, -1, 1, 0, -2, 1, -1, 0};

constexpr words light_comments[] = {
    {"Hier moeten we samen over praten", "We should talk about this together"},
    {"Lukt soms, niet altijd", "Works sometimes, not always"},
    {"Nog niet voor elke ouder", "Not yet for every parent"},
    {"Goed voorbeeld: het onthaal", "Good example: the welcome"},
};

constexpr words reasons[] = {
    {"Zo voelt ontmoeten voor mij", "That is how meeting feels to me"},
    {"Iedereen hoort erbij", "Everyone belongs"},
    {"Rustig en open", "Calm and open"},
};

constexpr words open_texts[] = {
    {"Samen koffie drinken", "Having coffee together"},
    {"Luisteren zonder oordeel", "Listening without judgement"},
    {"Niet alleen staan", "Not standing alone"},
    {"Een warm welkom", "A warm welcome"},
    {"Elkaar leren kennen", "Getting to know each other"},
    {"Tijd voor een babbel", "Time for a chat"},
    {"Ruimte voor iedereen", "Room for everyone"},
    {"Ouders steunen elkaar", "Parents support each other"},
    {"Kinderen spelen samen", "Children play together"},
    {"Je welkom voelen", "Feeling welcome"},
};

/** For an open_text step whose texts are shorter than every sentence above. */
constexpr words short_texts[] = {
    {"Welkom", "Welcome"},
    {"Samen", "Together"},
    {"Koffie", "Coffee"},
    {"Rust", "Calm"},
};

constexpr words offer_names[] = {
    {"Spelotheek", "Toy library"},
    {"Praatcafé voor ouders", "Parents' chat café"},
    {"Zwangerschapsgroep", "Pregnancy group"},
    {"Babbelbox op de markt", "Chat box at the market"},
    {"Voorleesuurtje in de bib", "Story hour at the library"},
    {"Oudergroep Samen Sterk", "Parent group Stronger Together"},
    {"Koffie-ochtend op school", "Coffee morning at school"},
};

constexpr words places[] = {
    {"Buurthuis", "Community centre"},
    {"Bibliotheek", "Library"},
    {"Schoolpoort", "School gate"},
    {"Consultatiebureau", "Child health clinic"},
};

constexpr words goals[] = {
    {"Ouders ontmoeten elkaar", "Parents meet each other"},
    {"Taal oefenen in een ontspannen sfeer", "Practising the language in a relaxed way"},
    {"Kinderen spelen, ouders praten", "Children play, parents talk"},
};

constexpr words actions_what[] = {
    {"Een onthaalmoment plannen bij de start", "Plan a welcome moment at the start"},
    {"Ouders uitnodigen om mee te denken", "Invite parents to think along"},
    {"Een flyer maken in eenvoudige taal", "Make a flyer in plain language"},
    {"Samen met de bib een voorleesmoment", "A story hour with the library"},
    {"Elke maand een koffie-ochtend", "A coffee morning every month"},
    {"Een tolk vragen voor de oudergroep", "Ask an interpreter for the parent group"},
};

constexpr words actions_who[] = {
    {"Sarah", "Sarah"},
    {"Ahmed en Lien", "Ahmed and Lien"},
    {"het team", "the team"},
    {"de coördinator", "the coordinator"},
};

constexpr words actions_when[] = {
    {"september", "September"},
    {"voor de zomer", "before the summer"},
    {"volgende maand", "next month"},
    {"dit najaar", "this autumn"},
};

template <std::size_t N> const char* pick(const words (&list)[N], std::size_t i, lang l) {
    return list[i % N].in(l);
}

/** A small, fixed mix of a step's id: statements of different steps start elsewhere. */
std::size_t mix(std::string_view id) {
    std::uint32_t h = 2166136261u; // FNV-1a
    for (const char ch : id) {
        h ^= static_cast<unsigned char>(ch);
        h *= 16777619u;
    }
    return h;
}

/** The items a participant answers: every one but the headings. */
std::vector<std::size_t> answerable(const step_def& d) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < d.items.size(); ++i)
        if (d.items[i].form != item_form::heading)
            out.push_back(i);
    return out;
}

std::vector<answer> traffic_light(const step_def& d, std::size_t who, lang l) {
    std::vector<answer> out;
    const std::size_t base = mix(d.id);
    std::size_t n = 0;
    for (const std::size_t i : answerable(d)) {
        // Neighbouring statements get different profiles and start at different places.
        const std::string_view profile = light_profiles[(base + n) % light_profiles.size()];
        const std::size_t place = (who + 5 * n + base) % profile.size();
        answer a{d.items[i].id, nullptr, {}};
        switch (profile[place]) {
        case 'G':
            a.value = "green";
            break;
        case 'O':
            a.value = "orange";
            break;
        case 'R':
            a.value = "red";
            break;
        default:
            a.value = "pass";
            break;
        }
        // Now and then a comment with an orange or red light.
        if (a.value != "green" && a.value != "pass" && (who + n) % 4 == 1)
            a.comment = pick(light_comments, who + n, l);
        out.push_back(std::move(a));
        ++n;
    }
    return out;
}

std::vector<answer> scale(const step_def& d, std::size_t who) {
    std::vector<answer> out;
    const int range = std::max(1, d.max - d.min);
    std::size_t n = 0;
    for (const std::size_t i : answerable(d)) {
        // Items centre at a quarter, the middle or three quarters of the scale.
        const int centre = d.min + (range * static_cast<int>(n % 3 + 1)) / 4;
        const int v =
            std::clamp(centre + scale_spread[(who + 3 * n) % scale_spread.size()], d.min, d.max);
        out.push_back({d.items[i].id, v, {}});
        ++n;
    }
    return out;
}

std::vector<answer> choice(const step_def& d, std::size_t who, lang l) {
    if (d.options.empty())
        return {{"", "pass", {}}};
    answer a{"", d.options[skew[who % skew.size()] % d.options.size()].id, {}};
    if (d.comment && who % 3 == 0)
        a.comment = pick(reasons, who / 3, l);
    return {a};
}

std::vector<answer> image_choice(const step_def& d, std::size_t who, lang l) {
    const std::size_t n = d.images.size();
    if (n == 0)
        return {{"", "pass", {}}};
    const std::size_t first = skew[who % skew.size()] % n;
    json picks = json::array({d.images[first].id});
    if (d.max_picks >= 2 && n >= 2 && who % 3 == 1) {
        std::size_t second = (first + 1 + who / 3) % n;
        if (second == first)
            second = (first + 1) % n;
        picks.push_back(d.images[second].id);
    }
    answer a{"", std::move(picks), {}};
    if (d.reason && who % 2 == 0)
        a.comment = pick(reasons, who / 2, l);
    return {a};
}

std::vector<answer> open_text(const step_def& d, std::size_t who, lang l) {
    // The sentences that fit the step's length, else the short words.
    std::vector<std::string> pool;
    const auto fits = [&](const char* t) {
        const auto len = utf8_length(t);
        return len && *len <= static_cast<std::size_t>(std::max(0, d.max_length));
    };
    for (const auto& w : open_texts)
        if (fits(w.in(l)))
            pool.emplace_back(w.in(l));
    if (pool.empty())
        for (const auto& w : short_texts)
            if (fits(w.in(l)))
                pool.emplace_back(w.in(l));
    if (pool.empty())
        return {{"", "pass", {}}};
    const std::size_t first = skew[who % skew.size()] % pool.size();
    json texts = json::array({pool[first]});
    if (d.max_entries >= 2 && pool.size() >= 2 && who % 2 == 1) {
        std::size_t second = (first + 3 + who / 12) % pool.size();
        if (second == first)
            second = (first + 1) % pool.size();
        texts.push_back(pool[second]);
    }
    return {{"", std::move(texts), {}}};
}

std::vector<answer> dot_vote(const std::vector<option_def>& options, int dots, int max_per,
                             std::size_t who) {
    const std::size_t n = options.size();
    if (n == 0 || dots < 1 || max_per < 1)
        return {{"", "pass", {}}};
    std::vector<std::size_t> order{skew[who % skew.size()] % n};
    for (const std::size_t step : {1 + who % 3, 2 + who % 2})
        if (n > order.size()) {
            std::size_t next = (order[0] + step) % n;
            while (std::find(order.begin(), order.end(), next) != order.end())
                next = (next + 1) % n;
            order.push_back(next);
        }
    json value = json::object();
    int left = dots;
    for (std::size_t k = 0; k < order.size() && left > 0; ++k) {
        // Half of the dots (rounded up) on the favourite, the rest on the next ones.
        const int want = k + 1 == order.size() ? left : (k == 0 ? (left + 1) / 2 : left);
        const int give = std::min({want, max_per, left});
        if (give > 0) {
            value[options[order[k]].id] = give;
            left -= give;
        }
    }
    return {{"", std::move(value), {}}};
}

std::vector<answer> inventory(const step_def& d, std::size_t who, lang l) {
    const std::size_t kinds = d.offer_kinds.size();
    const std::size_t groups = d.target_groups.size();
    if (kinds == 0)
        return {{"", "pass", {}}};
    const std::size_t count =
        std::min<std::size_t>(who % 3 == 0 ? 2 : 1, static_cast<std::size_t>(d.max_entries));
    json entries = json::array();
    for (std::size_t j = 0; j < count; ++j) {
        json e{{"name", pick(offer_names, who + 3 * j, l)},
               {"kind", d.offer_kinds[(who + 2 * j) % kinds].id},
               {"place", pick(places, who + j, l)}};
        json families = json::array();
        if (groups > 0) {
            families.push_back(d.target_groups[(who + j) % groups].id);
            if (groups >= 3 && who % 2 == 0)
                families.push_back(d.target_groups[(who + j + 2) % groups].id);
        }
        e["families"] = std::move(families);
        if (who % 2 == 1)
            e["goals"] = pick(goals, who + j, l);
        entries.push_back(std::move(e));
    }
    return {{"", std::move(entries), {}}};
}

std::vector<answer> action_plan(const step_def& d, std::size_t who, lang l) {
    const std::size_t count =
        std::min<std::size_t>(who % 2 == 0 ? 2 : 1, static_cast<std::size_t>(d.max_entries));
    json actions = json::array();
    for (std::size_t j = 0; j < count; ++j)
        actions.push_back({{"what", pick(actions_what, who + 2 * j, l)},
                           {"who", pick(actions_who, who / 2 + j, l)},
                           {"when", pick(actions_when, who / 3 + j, l)}});
    return {{"", std::move(actions), {}}};
}

/**
 * Pins near the plan's rooms (or spread when none are drawn), the category turning with
 * `who`; in routes mode one route of three points per participant, its slot turning.
 */
std::vector<answer> floor_plan(const step_def& d, std::size_t who) {
    // A position from 0.05 to 0.95 that differs per participant and per mark.
    auto spot = [](std::size_t a, std::size_t b) {
        return static_cast<double>(50 + (a * 337 + b * 191) % 901) / 1000.0;
    };
    json marks = json::array();
    if (d.plan_mode == kring::floor_plan::mode::routes) {
        if (d.slots.empty())
            return {};
        json points = json::array();
        for (std::size_t j = 0; j < 3; ++j)
            points.push_back(json::array({spot(who, j), spot(who + 1, j + 3)}));
        marks.push_back({{"id", "r1"},
                         {"slot", d.slots[who % d.slots.size()].id},
                         {"points", std::move(points)}});
        return {{"", std::move(marks), {}}};
    }
    if (d.pin_categories.empty())
        return {};
    const std::size_t count =
        std::min<std::size_t>(who % 3 + 1, static_cast<std::size_t>(d.max_entries));
    for (std::size_t j = 0; j < count; ++j) {
        double x = spot(who, j);
        double y = spot(who + 7, j);
        if (!d.areas.empty()) { // in the middle of a room, a little apart
            const auto& a = d.areas[(who + j) % d.areas.size()];
            x = a.x + a.w * (0.3 + 0.4 * spot(who, j + 1));
            y = a.y + a.h * (0.3 + 0.4 * spot(who + 3, j));
        }
        marks.push_back({{"id", "p" + std::to_string(j + 1)},
                         {"x", std::round(x * 1000) / 1000},
                         {"y", std::round(y * 1000) / 1000},
                         {"category", d.pin_categories[(who + j) % d.pin_categories.size()].id}});
    }
    return {{"", std::move(marks), {}}};
}

} // namespace

std::vector<answer> answers_for(const step_def& d, const std::vector<option_def>& options,
                                std::size_t who, lang l) {
    switch (d.kind) {
    case activity_kind::traffic_light:
        return traffic_light(d, who, l);
    case activity_kind::scale:
        return scale(d, who);
    case activity_kind::choice:
        return choice(d, who, l);
    case activity_kind::image_choice:
        return image_choice(d, who, l);
    case activity_kind::open_text:
        return open_text(d, who, l);
    case activity_kind::dot_vote:
        return dot_vote(options, d.dots, d.max_per_option, who);
    case activity_kind::inventory:
        return inventory(d, who, l);
    case activity_kind::action_plan:
        return action_plan(d, who, l);
    case activity_kind::floor_plan:
        return floor_plan(d, who);
    case activity_kind::photo:
        // Photos come from real cameras over HTTP: simulated participants send none.
    case activity_kind::unknown:
        break;
    }
    return {};
}

std::string simulated_token_hash(std::size_t n) {
    return "practice:" + std::to_string(n);
}

std::string simulated_name(std::size_t n, lang l) {
    return (l == lang::en ? "Practice participant " : "Oefendeelnemer ") + std::to_string(n);
}

} // namespace kring::practice
