// SPDX-License-Identifier: Apache-2.0
// seal()/open(): XChaCha20-Poly1305 (IETF) with a random 24-byte nonce in front.
#include "privacy/internal.hpp"

namespace attune::privacy {

Result<std::string> seal(const DataKey& data_key, std::string_view plaintext,
                         std::string_view aad) {
    if (plaintext.size() > crypto_aead_xchacha20poly1305_ietf_MESSAGEBYTES_MAX - kNonceBytes)
        return Status::invalid_argument("plaintext of " + std::to_string(plaintext.size()) +
                                        " bytes is too long to seal");
    std::string out(kNonceBytes + plaintext.size() + kTagBytes, '\0');
    auto* p = reinterpret_cast<std::uint8_t*>(out.data());
    randombytes_buf(p, kNonceBytes);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        p + kNonceBytes, &written, detail::bytes_of(plaintext), plaintext.size(),
        detail::bytes_of(aad), aad.size(), nullptr, p, DataKeyAccess::bytes(data_key));
    ATTUNE_ASSERT(written == plaintext.size() + kTagBytes, "sealed " + std::to_string(written));
    return out;
}

Result<std::string> open(const DataKey& data_key, std::string_view sealed, std::string_view aad) {
    if (sealed.size() < kNonceBytes + kTagBytes)
        return Status::corrupt("sealed blob of " + std::to_string(sealed.size()) +
                               " bytes is shorter than nonce and tag (" +
                               std::to_string(kNonceBytes + kTagBytes) + ")");
    const auto* p = detail::bytes_of(sealed);
    const std::size_t ciphertext_size = sealed.size() - kNonceBytes;
    std::string out(ciphertext_size - kTagBytes, '\0');
    unsigned long long written = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<std::uint8_t*>(out.data()), &written, nullptr, p + kNonceBytes,
            ciphertext_size, detail::bytes_of(aad), aad.size(), p,
            DataKeyAccess::bytes(data_key)) != 0)
        return Status::corrupt(
            "cannot open sealed data: wrong key, wrong row (aad), or altered "
            "bytes");
    return out;
}

}  // namespace attune::privacy
