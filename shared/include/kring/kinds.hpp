// The registry of activity kinds. Each kind lives in a file of its own (traffic_light.hpp,
// scale.hpp, ...): its answers, their validation, application and aggregation, and, as
// `responses::info` (a kind_info, defs.hpp), its value, its name in content and on the wire,
// whether it is answered per item and whether its answers are cards.
//
// `step_answers` below is the one list of them. A step's state holds the answers of its own
// kind as this variant, and code that differs per kind visits it (std::visit) instead of
// switching on activity_kind. A new kind: its file, its value in activity_kind (defs.hpp),
// and its line here.
#pragma once

#include "kring/action_plan.hpp"
#include "kring/choice.hpp"
#include "kring/defs.hpp"
#include "kring/dot_vote.hpp"
#include "kring/floor_plan.hpp"
#include "kring/image_choice.hpp"
#include "kring/inventory.hpp"
#include "kring/open_text.hpp"
#include "kring/photo.hpp"
#include "kring/scale.hpp"
#include "kring/traffic_light.hpp"

#include <cstddef>
#include <type_traits>
#include <utility>
#include <variant>

namespace kring {

/** The answers of one step, of its kind; in the order of activity_kind (0: unknown). */
using step_answers = std::variant<std::monostate, traffic_light::responses, scale::responses,
                                  choice::responses, image_choice::responses, open_text::responses,
                                  dot_vote::responses, inventory::responses, action_plan::responses,
                                  photo::responses, floor_plan::responses>;

/** Calls f(std::type_identity<R>{}) for the responses type R of every kind, in order. */
template <class F> constexpr void for_each_kind(F&& f) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (f(std::type_identity<std::variant_alternative_t<I + 1, step_answers>>{}), ...);
    }
    (std::make_index_sequence<std::variant_size_v<step_answers> - 1>{});
}

/** Calls f(std::type_identity<R>{}) for kind k's responses type R; nothing for unknown. */
template <class F> constexpr void with_kind(activity_kind k, F&& f) {
    for_each_kind([&]<class R>(std::type_identity<R> t) {
        if (R::info.kind == k)
            f(t);
    });
}

/** Empty answers of kind k; monostate for activity_kind::unknown. */
step_answers make_answers(activity_kind k);

/** A helper for std::visit: one lambda per alternative. */
template <class... F> struct overloaded : F... { using F::operator()...; };
template <class... F> overloaded(F...) -> overloaded<F...>;

} // namespace kring
