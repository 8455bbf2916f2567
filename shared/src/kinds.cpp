#include "kring/kinds.hpp"

namespace kring {

namespace {

// The registry is in the order of activity_kind, and every kind is in it.
constexpr bool registry_in_enum_order() {
    bool ok = true;
    std::size_t i = 1;
    for_each_kind([&]<class R>(std::type_identity<R>) {
        ok = ok && static_cast<std::size_t>(R::kind) == i;
        ++i;
    });
    return ok && static_cast<std::size_t>(activity_kind::unknown) == 0 &&
           static_cast<std::size_t>(activity_kind::action_plan) + 1 == i;
}
static_assert(registry_in_enum_order(),
              "step_answers lists the kinds in the order of activity_kind");

/** f(std::type_identity<R>) for kind k's responses type R; `fallback` when k is no kind. */
template <class T, class F> T of_kind(activity_kind k, T fallback, F f) {
    for_each_kind([&]<class R>(std::type_identity<R> t) {
        if (R::kind == k)
            fallback = f(t);
    });
    return fallback;
}

} // namespace

const char* to_string(activity_kind k) {
    return of_kind(k, "unknown", []<class R>(std::type_identity<R>) { return R::name; });
}

activity_kind activity_kind_from_string(const std::string& s) {
    activity_kind out = activity_kind::unknown;
    for_each_kind([&]<class R>(std::type_identity<R>) {
        if (s == R::name)
            out = R::kind;
    });
    return out;
}

bool has_items(activity_kind k) {
    return of_kind(k, false, []<class R>(std::type_identity<R>) { return R::per_item; });
}

bool has_cards(activity_kind k) {
    return of_kind(k, false, []<class R>(std::type_identity<R>) { return R::cards; });
}

step_answers make_answers(activity_kind k) {
    return of_kind(k, step_answers{}, []<class R>(std::type_identity<R>) {
        return step_answers{std::in_place_type<R>};
    });
}

} // namespace kring
