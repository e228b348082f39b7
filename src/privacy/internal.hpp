// SPDX-License-Identifier: Apache-2.0
// Internals shared by the privacy sources: libsodium start-up, key access, hex, file helpers.
#pragma once

#include <sodium.h>

#include <array>
#include <attune/privacy.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace attune::privacy {

// The raw bytes behind the key types, for this module's sources only.
struct MasterKeyAccess {
    static const std::uint8_t* wrap_key(const MasterKey& k) {
        ATTUNE_ASSERT(!k.wrap_key_.empty(), "use of a moved-from MasterKey");
        return k.wrap_key_.data();
    }
    static const std::uint8_t* pseudonym_key(const MasterKey& k) {
        ATTUNE_ASSERT(!k.pseudonym_key_.empty(), "use of a moved-from MasterKey");
        return k.pseudonym_key_.data();
    }
};

struct DataKeyAccess {
    static DataKey make() {
        DataKey k;
        k.valid_ = true;
        return k;
    }
    static std::uint8_t* bytes(DataKey& k) { return k.bytes_.data(); }
    static const std::uint8_t* bytes(const DataKey& k) {
        ATTUNE_ASSERT(k.valid_, "use of a moved-from DataKey");
        return k.bytes_.data();
    }
};

namespace detail {

// Initialises libsodium once (thread-safe). Without a working CSPRNG nothing here may run, so
// a failure aborts rather than returning.
void ensure_sodium();

std::string to_hex(const std::uint8_t* bytes, std::size_t size);

inline const std::uint8_t* bytes_of(std::string_view s) {
    return reinterpret_cast<const std::uint8_t*>(s.data());
}

// Little-endian bytes of v, for length prefixes that read the same on every machine.
inline std::array<std::uint8_t, 8> u64le(std::uint64_t v) {
    std::array<std::uint8_t, 8> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * i));
    return out;
}

}  // namespace detail
}  // namespace attune::privacy
