// SPDX-License-Identifier: Apache-2.0
// Account password hashes, bearer tokens and their digests.
#include "privacy/internal.hpp"

namespace attune::privacy {
namespace {
constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kDigestBytes = 32;
}  // namespace

Result<std::string> hash_password(std::string_view password, KdfCost cost) {
    detail::ensure_sodium();
    if (password.empty()) return Status::invalid_argument("empty password");
    const bool moderate = cost == KdfCost::moderate;
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(
            out, password.data(), password.size(),
            moderate ? crypto_pwhash_OPSLIMIT_MODERATE : crypto_pwhash_OPSLIMIT_INTERACTIVE,
            moderate ? crypto_pwhash_MEMLIMIT_MODERATE : crypto_pwhash_MEMLIMIT_INTERACTIVE,
            crypto_pwhash_ALG_ARGON2ID13) != 0)
        return Status::internal("Argon2id could not allocate its memory for the password hash");
    return std::string(out);
}

bool verify_password(const std::string& hash, std::string_view password) {
    detail::ensure_sodium();
    // crypto_pwhash_str_verify reads a NUL-terminated string of at most STRBYTES - 1.
    if (hash.size() >= crypto_pwhash_STRBYTES || hash.find('\0') != std::string::npos) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_id() {
    detail::ensure_sodium();
    std::uint8_t raw[16];
    randombytes_buf(raw, sizeof raw);
    return detail::to_hex(raw, sizeof raw);
}

std::string new_token() {
    detail::ensure_sodium();
    std::uint8_t raw[kTokenBytes];
    randombytes_buf(raw, sizeof raw);
    constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string out(sodium_base64_ENCODED_LEN(kTokenBytes, kVariant), '\0');
    sodium_bin2base64(out.data(), out.size(), raw, sizeof raw, kVariant);
    sodium_memzero(raw, sizeof raw);
    out.pop_back();  // the terminating NUL
    return out;
}

std::string token_digest(std::string_view token) {
    detail::ensure_sodium();
    std::uint8_t out[kDigestBytes];
    crypto_generichash(out, sizeof out, detail::bytes_of(token), token.size(), nullptr, 0);
    return detail::to_hex(out, sizeof out);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    detail::ensure_sodium();
    if (a.size() != b.size()) return false;
    return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace attune::privacy
