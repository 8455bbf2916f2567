// SHA-256 (FIPS 180-4), small and dependency-free. Used to store resume tokens and
// facilitator secrets as hashes, so the database never holds a usable credential.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kring::server {

/** Represents an incremental SHA-256 computation. */
class sha256 {
public:
    using digest = std::array<std::uint8_t, 32>;

    sha256();
    void update(const void* data, std::size_t size);
    void update(std::string_view s) { update(s.data(), s.size()); }
    digest finish();

private:
    void block(const std::uint8_t* p);

    std::array<std::uint32_t, 8> h_;
    std::array<std::uint8_t, 64> buf_{};
    std::size_t buf_len_ = 0;
    std::uint64_t total_ = 0;
};

/** The SHA-256 of `s` as 64 lower-case hex digits. */
std::string sha256_hex(std::string_view s);

} // namespace kring::server
