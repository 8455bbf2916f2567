#include "kring/kinds.hpp"

namespace kring {

namespace {

// The registry is in the order of activity_kind, and every kind is in it.
constexpr bool registry_in_enum_order() {
    bool ok = true;
    std::size_t i = 1;
    for_each_kind([&]<class R>(std::type_identity<R>) {
        ok = ok && static_cast<std::size_t>(R::info.kind) == i;
        ++i;
    });
    return ok && static_cast<std::size_t>(activity_kind::unknown) == 0 &&
           static_cast<std::size_t>(activity_kind::floor_plan) + 1 == i;
}
static_assert(registry_in_enum_order(),
              "step_answers lists the kinds in the order of activity_kind");

/** Kind k's entry in the registry; nullptr for activity_kind::unknown. */
const kind_info* find_kind(activity_kind k) {
    const kind_info* out = nullptr;
    for_each_kind([&]<class R>(std::type_identity<R>) {
        if (R::info.kind == k)
            out = &R::info;
    });
    return out;
}

} // namespace

const char* to_string(activity_kind k) {
    const kind_info* i = find_kind(k);
    return i ? i->name : "unknown";
}

activity_kind activity_kind_from_string(const std::string& s) {
    activity_kind out = activity_kind::unknown;
    for_each_kind([&]<class R>(std::type_identity<R>) {
        if (s == R::info.name)
            out = R::info.kind;
    });
    return out;
}

namespace {
constexpr const char* item_form_names[] = {"rate", "open", "choice", "heading"};
} // namespace

const char* to_string(item_form f) {
    return item_form_names[static_cast<int>(f)];
}

bool item_form_from_string(const std::string& s, item_form& out) {
    for (int i = 0; i < 4; ++i)
        if (s == item_form_names[i]) {
            out = static_cast<item_form>(i);
            return true;
        }
    return false;
}

bool has_items(activity_kind k) {
    const kind_info* i = find_kind(k);
    return i && i->per_item;
}

bool has_cards(activity_kind k) {
    const kind_info* i = find_kind(k);
    return i && i->cards;
}

bool has_paper(activity_kind k) {
    const kind_info* i = find_kind(k);
    return i && i->paper;
}

step_answers make_answers(activity_kind k) {
    step_answers out;
    for_each_kind([&]<class R>(std::type_identity<R>) {
        if (R::info.kind == k)
            out.emplace<R>();
    });
    return out;
}

} // namespace kring
