#include "kring/cards.hpp"

#include "kring/text.hpp"
#include "kring/wire.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>

namespace kring::cards {

std::string key(std::string_view text) {
    return fold_case(squeeze_spaces(text));
}

std::string id_of(std::string_view key) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (char c : key) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ull;
    }
    static const char hex[] = "0123456789abcdef";
    std::string out = "c";
    for (int i = 11; i >= 0; --i)
        out.push_back(hex[(h >> (i * 4)) & 0xF]);
    return out;
}

std::string moderation::target(const std::string& card,
                               const std::set<std::string>& present) const {
    auto it = merged_into.find(card);
    if (it != merged_into.end() && present.count(it->second))
        return it->second;
    return card;
}

bool moderation::visible(const std::string& card, const std::set<std::string>& present) const {
    return !hidden.count(card) && !hidden.count(target(card, present));
}

void write_merged(nlohmann::json& row, const merged_list& merged) {
    if (merged.empty())
        return;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [card, text] : merged)
        out.push_back({{"card", card}, {"text", text}});
    row["merged"] = std::move(out);
}

merged_list read_merged(const wire::reader& row) {
    merged_list out;
    if (row.has("merged"))
        row.each("merged",
                 [&](const wire::reader& m) { out.emplace_back(m.str("card"), m.str("text")); });
    return out;
}
} // namespace kring::cards
