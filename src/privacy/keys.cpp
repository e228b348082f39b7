// SPDX-License-Identifier: Apache-2.0
// Master keys (key file or passphrase), data keys, wrapping, pseudonyms.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "privacy/internal.hpp"

namespace attune::privacy {
namespace {

// crypto_kdf context and subkey ids. Frozen: changing any of them changes every key below the
// master key, and with it every wrapped key, pseudonym and fingerprint already stored.
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "attune:k";
constexpr std::uint64_t kWrapSubkey = 1;
constexpr std::uint64_t kPseudonymSubkey = 2;
constexpr std::uint64_t kFingerprintSubkey = 3;
constexpr std::size_t kFingerprintBytes = 16;
constexpr std::size_t kPseudonymBytes = 16;

static_assert(kKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(kKeyBytes == crypto_kdf_KEYBYTES);
static_assert(kNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(kSaltBytes == crypto_pwhash_SALTBYTES);

std::string errno_text() { return std::strerror(errno); }

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

// Reads exactly `size` bytes from the file at `path` into `out`. With `require_private`, a file
// that group or others may access is refused: a key readable by other accounts is a leaked key.
Status read_exact_file(const std::string& path, std::uint8_t* out, std::size_t size,
                       std::string_view what, bool require_private) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT)
            return Status::not_found(std::string(what) + " " + path + " does not exist");
        return Status::io_error("cannot open " + std::string(what) + " " + path + ": " +
                                errno_text());
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        return Status::io_error("cannot stat " + std::string(what) + " " + path + ": " +
                                errno_text());
    if (!S_ISREG(st.st_mode))
        return Status::invalid_argument(std::string(what) + " " + path + " is not a regular file");
    if (require_private && (st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        return Status::invalid_argument(std::string(what) + " " + path + " has mode " + mode +
                                        ": group or others can access it; run chmod 600 " + path);
    }
    if (static_cast<std::size_t>(st.st_size) != size)
        return Status::corrupt(std::string(what) + " " + path + " has " +
                               std::to_string(st.st_size) + " bytes, expected " +
                               std::to_string(size));
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::read(fd.get(), out + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return Status::io_error("cannot read " + std::string(what) + " " + path);
        done += static_cast<std::size_t>(n);
    }
    return Status::ok();
}

// Creates the file at `path` holding `bytes`, mode 0600, atomically: written in full and
// fsync'd under a temporary name, then hard-linked into place. link() fails when `path` already
// exists, so when two processes race, one key wins and both go on to read it. Returns false
// when `path` existed.
Result<bool> create_exclusive_file(const std::string& path, const std::uint8_t* bytes,
                                   std::size_t size, std::string_view what) {
    std::uint8_t rnd[8];
    randombytes_buf(rnd, sizeof rnd);
    const std::string tmp = path + ".tmp-" + detail::to_hex(rnd, sizeof rnd);
    {
        Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
        if (fd.get() < 0)
            return Status::io_error("cannot create " + std::string(what) + " " + tmp + ": " +
                                    errno_text());
        bool ok = ::fchmod(fd.get(), 0600) == 0;  // whatever the umask did
        std::size_t done = 0;
        while (ok && done < size) {
            const ssize_t n = ::write(fd.get(), bytes + done, size - done);
            if (n < 0 && errno == EINTR) continue;
            ok = n > 0;
            if (ok) done += static_cast<std::size_t>(n);
        }
        ok = ok && ::fsync(fd.get()) == 0;
        if (!ok) {
            const std::string err = errno_text();
            ::unlink(tmp.c_str());
            return Status::io_error("cannot write " + std::string(what) + " " + tmp + ": " + err);
        }
    }
    const int linked = ::link(tmp.c_str(), path.c_str());
    const int link_errno = errno;
    ::unlink(tmp.c_str());
    if (linked != 0) {
        if (link_errno == EEXIST) return false;
        return Status::io_error("cannot create " + std::string(what) + " " + path + ": " +
                                std::strerror(link_errno));
    }
    // The directory entry must reach the disk too, or a crash could lose the new key after
    // data were already sealed under it.
    const std::string dir = std::filesystem::path(path).parent_path().string();
    Fd dfd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dfd.get() < 0 || ::fsync(dfd.get()) != 0)
        return Status::io_error("cannot sync directory of " + std::string(what) + " " + path +
                                ": " + errno_text());
    return true;
}

// The bytes of the file at `path`, or new random bytes written there when it does not exist.
Status load_or_create(const std::string& path, std::uint8_t* out, std::size_t size,
                      std::string_view what, bool require_private) {
    // Two rounds: when another process creates the file between our read and our create, the
    // second read picks up its bytes.
    for (int round = 0; round < 2; ++round) {
        Status st = read_exact_file(path, out, size, what, require_private);
        if (st.code() != StatusCode::not_found) return st;
        randombytes_buf(out, size);
        auto created = create_exclusive_file(path, out, size, what);
        sodium_memzero(out, size);
        if (!created) return created.status();
        if (*created) return read_exact_file(path, out, size, what, require_private);
    }
    return Status::io_error(std::string(what) + " " + path + " keeps appearing and vanishing");
}

}  // namespace

MasterKey::MasterKey(const SecretBytes& root) : wrap_key_(kKeyBytes), pseudonym_key_(kKeyBytes) {
    crypto_kdf_derive_from_key(wrap_key_.data(), kKeyBytes, kWrapSubkey, kKdfContext, root.data());
    crypto_kdf_derive_from_key(pseudonym_key_.data(), kKeyBytes, kPseudonymSubkey, kKdfContext,
                               root.data());
    std::uint8_t fp[kFingerprintBytes];
    crypto_kdf_derive_from_key(fp, sizeof fp, kFingerprintSubkey, kKdfContext, root.data());
    fingerprint_ = detail::to_hex(fp, sizeof fp);
}

Result<MasterKey> MasterKey::load_or_create_key_file(const std::string& path) {
    SecretBytes root(kKeyBytes);
    ATTUNE_RETURN_IF_ERROR(load_or_create(path, root.data(), kKeyBytes, "key file", true));
    return MasterKey(root);
}

Result<MasterKey> MasterKey::from_passphrase(std::string_view passphrase,
                                             const std::string& salt_file, KdfCost cost) {
    if (passphrase.empty()) return Status::invalid_argument("empty passphrase");
    std::uint8_t salt[kSaltBytes];
    ATTUNE_RETURN_IF_ERROR(load_or_create(salt_file, salt, sizeof salt, "salt file", false));
    const bool moderate = cost == KdfCost::moderate;
    SecretBytes root(kKeyBytes);
    if (crypto_pwhash(
            root.data(), kKeyBytes, passphrase.data(), passphrase.size(), salt,
            moderate ? crypto_pwhash_OPSLIMIT_MODERATE : crypto_pwhash_OPSLIMIT_INTERACTIVE,
            moderate ? crypto_pwhash_MEMLIMIT_MODERATE : crypto_pwhash_MEMLIMIT_INTERACTIVE,
            crypto_pwhash_ALG_ARGON2ID13) != 0)
        return Status::internal("Argon2id could not allocate its memory for the passphrase");
    return MasterKey(root);
}

MasterKey MasterKey::generate() {
    SecretBytes root(kKeyBytes);
    crypto_kdf_keygen(root.data());
    return MasterKey(root);
}

DataKey::~DataKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

DataKey::DataKey(DataKey&& other) noexcept : bytes_(other.bytes_), valid_(other.valid_) {
    sodium_memzero(other.bytes_.data(), other.bytes_.size());
    other.valid_ = false;
}

DataKey& DataKey::operator=(DataKey&& other) noexcept {
    if (this != &other) {
        bytes_ = other.bytes_;
        valid_ = other.valid_;
        sodium_memzero(other.bytes_.data(), other.bytes_.size());
        other.valid_ = false;
    }
    return *this;
}

DataKey generate_data_key() {
    detail::ensure_sodium();
    DataKey key = DataKeyAccess::make();
    crypto_aead_xchacha20poly1305_ietf_keygen(DataKeyAccess::bytes(key));
    return key;
}

WrappedKey wrap(const MasterKey& master, const DataKey& data_key, std::string_view key_id) {
    WrappedKey out{std::string(kWrappedKeyBytes, '\0')};
    auto* p = reinterpret_cast<std::uint8_t*>(out.bytes.data());
    randombytes_buf(p, kNonceBytes);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        p + kNonceBytes, &written, DataKeyAccess::bytes(data_key), kKeyBytes,
        detail::bytes_of(key_id), key_id.size(), nullptr, p, MasterKeyAccess::wrap_key(master));
    ATTUNE_ASSERT(written == kKeyBytes + kTagBytes, "wrapped " + std::to_string(written));
    return out;
}

Result<DataKey> unwrap(const MasterKey& master, const WrappedKey& wrapped,
                       std::string_view key_id) {
    if (wrapped.bytes.size() != kWrappedKeyBytes)
        return Status::corrupt("wrapped key for " + std::string(key_id) + " has " +
                               std::to_string(wrapped.bytes.size()) + " bytes, expected " +
                               std::to_string(kWrappedKeyBytes));
    DataKey key = DataKeyAccess::make();
    const auto* p = detail::bytes_of(wrapped.bytes);
    unsigned long long written = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            DataKeyAccess::bytes(key), &written, nullptr, p + kNonceBytes, kKeyBytes + kTagBytes,
            detail::bytes_of(key_id), key_id.size(), p, MasterKeyAccess::wrap_key(master)) != 0)
        return Status::corrupt("cannot unwrap the data key for " + std::string(key_id) +
                               ": wrong master key, wrong key id, or altered bytes");
    return key;
}

std::string pseudonym(const MasterKey& master, std::string_view kind, std::string_view id) {
    crypto_generichash_state st;
    crypto_generichash_init(&st, MasterKeyAccess::pseudonym_key(master), kKeyBytes,
                            kPseudonymBytes);
    for (std::string_view part : {kind, id}) {
        const auto len = detail::u64le(part.size());
        crypto_generichash_update(&st, len.data(), len.size());
        crypto_generichash_update(&st, detail::bytes_of(part), part.size());
    }
    std::uint8_t out[kPseudonymBytes];
    crypto_generichash_final(&st, out, sizeof out);
    sodium_memzero(&st, sizeof st);  // the state holds the keyed block
    return detail::to_hex(out, sizeof out);
}

}  // namespace attune::privacy
