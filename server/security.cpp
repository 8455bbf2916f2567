#include "security.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <sys/random.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <stdexcept>
#include <system_error>
#include <vector>
#include <vector>

namespace kring::server {

void random_bytes(void* out, std::size_t size) {
    auto* p = static_cast<unsigned char*>(out);
    while (size > 0) {
        // getrandom() may return fewer bytes than asked (above 256) or be interrupted.
        const ssize_t n = ::getrandom(p, size, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw std::system_error(errno, std::generic_category(), "getrandom");
        }
        p += n;
        size -= static_cast<std::size_t>(n);
    }
}

std::string random_token(std::size_t bytes) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::vector<unsigned char> raw(bytes);
    random_bytes(raw.data(), raw.size());
    std::string out;
    out.reserve((bytes * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= bytes; i += 3) {
        const std::uint32_t v = (raw[i] << 16) | (raw[i + 1] << 8) | raw[i + 2];
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    if (bytes - i == 1) {
        const std::uint32_t v = raw[i] << 16;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
    } else if (bytes - i == 2) {
        const std::uint32_t v = (raw[i] << 16) | (raw[i + 1] << 8);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
    }
    return out;
}

std::string random_id(std::string_view prefix, std::size_t bytes) {
    static constexpr char hex[] = "0123456789abcdef";
    std::vector<unsigned char> raw(bytes);
    random_bytes(raw.data(), raw.size());
    std::string out(prefix);
    for (unsigned char b : raw) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

bool is_join_path(std::string_view path) {
    if (path.size() != join_code_length + 1 || path[0] != '/')
        return false;
    return std::all_of(path.begin() + 1, path.end(), [](char c) {
        const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return join_code_alphabet.find(upper) != std::string_view::npos;
    });
}

std::string new_join_code(const std::function<bool(const std::string&)>& taken) {
    // 23^6 is about 1.5e8 codes; with a few hundred sessions a collision is rare, so
    // simply draw again. Rejection sampling keeps every letter equally likely.
    const auto n = static_cast<unsigned>(join_code_alphabet.size());
    const unsigned limit = 256 - 256 % n;
    for (;;) {
        std::string code;
        while (code.size() < join_code_length) {
            unsigned char raw[16];
            random_bytes(raw, sizeof raw);
            for (unsigned char b : raw) {
                if (b < limit && code.size() < join_code_length)
                    code += join_code_alphabet[b % n];
            }
        }
        if (!taken(code))
            return code;
    }
}

std::string sha256_hex(std::string_view s) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(s.data(), s.size(), md, &len, EVP_sha256(), nullptr) != 1 || len != 32)
        throw std::runtime_error("OpenSSL: SHA-256 failed");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(2 * len, '0');
    for (unsigned int i = 0; i < len; ++i) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    return out;
}

std::string credential_hash(std::string_view secret) {
    return sha256_hex(secret);
}

std::string base64_encode(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()),
                                  static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string projector_photo_key(std::string_view secret_hash) {
    return sha256_hex(std::string("kring projector photos\n") + std::string(secret_hash));
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    // The lengths of hashes are public (always 64), so returning early on a length
    // mismatch leaks nothing; the byte loop itself never exits early.
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace kring::server
