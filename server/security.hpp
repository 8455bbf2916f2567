// Secrets and identities: random tokens, join codes, hashing and constant-time comparison.
//
// Implemented: getrandom()-based randomness, base64url tokens, 6-letter join codes,
//              SHA-256 hashes of tokens and secrets and constant-time equality (OpenSSL).
// Missing:     nothing needed by protocol v1.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace kring::server {

/** Fills `out` with `size` bytes from the kernel's CSPRNG; throws std::system_error on failure. */
void random_bytes(void* out, std::size_t size);

/** A random token of `bytes` bytes of entropy, encoded base64url without padding. */
std::string random_token(std::size_t bytes);

/** Resume tokens: 128 bits. */
inline std::string new_resume_token() {
    return random_token(16);
}
/** Facilitator secrets: 192 bits. */
inline std::string new_facilitator_secret() {
    return random_token(24);
}
/** `prefix` and `bytes` random bytes in lower-case hex: an id that is unique, not secret. */
std::string random_id(std::string_view prefix, std::size_t bytes);
/** Session ids: "s-" and 96 random bits; ids are not secret, only unique. */
inline std::string new_session_id() {
    return random_id("s-", 12);
}

/** Letters of a join code: no I, O or L, which people confuse with 1 and 0 on a phone. */
inline constexpr std::string_view join_code_alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr std::size_t join_code_length = 6;

/**
 * Whether an HTTP path is the short join address of a session, "/" and a join code in upper or
 * lower case ("/KQWERT", "/kqwert"): the server answers it with the participant page.
 */
bool is_join_path(std::string_view path);

/** A random join code for which `taken` returns false. */
std::string new_join_code(const std::function<bool(const std::string&)>& taken);

/**
 * The stored form of a token or secret. Both are long random strings, so a plain SHA-256
 * is enough: there is nothing to brute-force that a salt or a slow hash would protect.
 */
std::string credential_hash(std::string_view secret);

/** The SHA-256 of `s` as 64 lower-case hex digits (OpenSSL). */
std::string sha256_hex(std::string_view s);

/** Compares without an early exit, so timing does not reveal how much of a secret matched. */
bool constant_time_equal(std::string_view a, std::string_view b);

/**
 * The projector's key for a session's approved photos, made from the session's secret hash
 * (so the same on every server and after a restart; it does not reveal the secret).
 */
std::string projector_photo_key(std::string_view secret_hash);

/** Bytes in base64 (OpenSSL EVP_EncodeBlock), e.g. for a data URI. */
std::string base64_encode(std::string_view bytes);

} // namespace kring::server
