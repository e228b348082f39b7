// SPDX-License-Identifier: Apache-2.0
#include <new>
#include <utility>

#include "privacy/internal.hpp"

namespace attune::privacy {

namespace detail {

void ensure_sodium() {
    // sodium_init() is itself thread-safe and idempotent; the static only saves the call.
    static const int rc = sodium_init();
    ATTUNE_ASSERT(rc >= 0, "sodium_init() failed: no secure random source");
}

std::string to_hex(const std::uint8_t* bytes, std::size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes, size);
    out.pop_back();  // the terminating NUL sodium_bin2hex writes
    return out;
}

}  // namespace detail

SecretBytes::SecretBytes(std::size_t size) {
    detail::ensure_sodium();
    data_ = static_cast<std::uint8_t*>(sodium_malloc(size));
    if (data_ == nullptr) throw std::bad_alloc();
    size_ = size;
}

SecretBytes::~SecretBytes() {
    sodium_free(data_);  // wipes before unmapping; a no-op on nullptr
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
        sodium_free(data_);
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

}  // namespace attune::privacy
