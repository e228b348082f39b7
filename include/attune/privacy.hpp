// SPDX-License-Identifier: Apache-2.0
// attune::privacy — keys, envelope encryption, password hashes, bearer tokens, pseudonyms and
// the hash-chained audit log (issue #4). The only libsodium user; sodium.h stays out of this
// header so that no other module can reach the primitives around these contracts.
//
// Key hierarchy:
//   MasterKey (key file, 0600, or Argon2id of a passphrase)
//     ├─ wrapping subkey ──► wrap()/unwrap() one DataKey per patient (stored wrapped)
//     │                         └─► seal()/open() each row's text, aad = the row's identity
//     └─ pseudonym subkey ──► pseudonym(kind, id) for exports
// Erasing a patient destroys the wrapped data key (crypto-shredding): every sealed row of that
// patient, including copies in backups, becomes unreadable even before the rows are deleted.
//
//   auto master = attune::privacy::MasterKey::load_or_create_key_file(dir + "/master.key");
//   auto dk = attune::privacy::generate_data_key();
//   auto wrapped = attune::privacy::wrap(*master, dk, "patient:42");      // store this
//   auto blob = attune::privacy::seal(dk, "I slept badly again", "journal:7:42");
//   auto text = attune::privacy::open(dk, *blob, "journal:7:42");         // "I slept badly again"
//
// Thread-safety: every free function is safe to call from any thread. MasterKey and DataKey
// are read-only after construction, so one instance may be shared by threads.
#pragma once

#include <array>
#include <attune/core.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace attune::privacy {

inline constexpr std::size_t kKeyBytes = 32;    // XChaCha20-Poly1305 and BLAKE2b keys
inline constexpr std::size_t kNonceBytes = 24;  // XChaCha20 nonce, random per message
inline constexpr std::size_t kTagBytes = 16;    // Poly1305 tag
inline constexpr std::size_t kSaltBytes = 16;   // Argon2id salt
inline constexpr std::size_t kWrappedKeyBytes = kNonceBytes + kKeyBytes + kTagBytes;

// ---------------------------------------------------------------------------------------------
// Secret memory.

// A fixed-size buffer of secret bytes in sodium_malloc'd memory: guard pages around it, locked
// out of swap where the system allows (mlock failure is tolerated), and wiped when freed.
// Move-only; a moved-from buffer is empty. Throws std::bad_alloc when the allocation fails,
// as any container does. Not thread-safe for writes; concurrent reads are fine.
class SecretBytes {
public:
    SecretBytes() = default;
    explicit SecretBytes(std::size_t size);
    ~SecretBytes();
    SecretBytes(SecretBytes&& other) noexcept;
    SecretBytes& operator=(SecretBytes&& other) noexcept;
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;

    std::uint8_t* data() { return data_; }
    const std::uint8_t* data() const { return data_; }
    std::size_t size() const { return size_; }
    bool empty() const { return data_ == nullptr; }

private:
    std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Master key.

// Cost of an Argon2id derivation (crypto_pwhash, algorithm Argon2id v1.3):
//   moderate    = 3 passes over 256 MiB (libsodium's OPSLIMIT/MEMLIMIT_MODERATE), about 0.5-1 s
//                 on one core; the default for passphrases and account passwords.
//   interactive = 2 passes over 64 MiB (…_INTERACTIVE), about 0.1 s; for tests, and for servers
//                 that cannot afford 256 MiB per concurrent login.
// The cost is part of a passphrase-derived key: the same passphrase at another cost gives
// another key, so a deployment must keep its choice (MasterKey::fingerprint() detects a change).
// Password hashes record their cost, so verify_password() works whatever cost made the hash.
enum class KdfCost { interactive, moderate };

// The root of the key hierarchy. It holds only subkeys derived from the root key with
// crypto_kdf (BLAKE2b, context "attune:k"; subkey 1 wraps data keys, 2 keys pseudonyms,
// 3 makes the fingerprint), in SecretBytes; the root itself is wiped right after derivation.
// Move-only; wiped on destruction. Immutable, so one instance can be shared by threads.
class MasterKey {
public:
    // The key in the file at `path`, or a new random key written there when no file exists.
    // A new file is written to a temporary file with mode 0600, fsync'd and linked into place,
    // so a crash never leaves a partial key and two processes starting at once agree on one key.
    // Errors: invalid_argument when the file is group- or world-accessible or not a regular file
    // (the message names the file and its mode and says to chmod 600), corrupt when it is not
    // exactly 32 bytes, io_error when it cannot be read or created.
    static Result<MasterKey> load_or_create_key_file(const std::string& path);

    // The key derived from `passphrase` with Argon2id at `cost` and the 16-byte salt in
    // `salt_file` (created with random bytes, mode 0600, on first use; the salt is not secret
    // but must never change). Deterministic: the same passphrase, salt and cost give the same
    // key. Errors: invalid_argument for an empty passphrase, corrupt when the salt file is not
    // 16 bytes, io_error when it cannot be read or created, internal when Argon2id cannot get
    // its memory.
    static Result<MasterKey> from_passphrase(std::string_view passphrase,
                                             const std::string& salt_file,
                                             KdfCost cost = KdfCost::moderate);

    // A random key that lives only in memory (tests, benchmarks, short-lived tools).
    static MasterKey generate();

    // 32 lowercase hex digits that identify the key without revealing it. A store keeps it
    // beside its data and compares it on start, so a mistyped passphrase is reported as such
    // rather than as every row failing to open.
    const std::string& fingerprint() const { return fingerprint_; }

    MasterKey(MasterKey&&) noexcept = default;
    MasterKey& operator=(MasterKey&&) noexcept = default;

private:
    friend struct MasterKeyAccess;
    explicit MasterKey(const SecretBytes& root);
    SecretBytes wrap_key_;
    SecretBytes pseudonym_key_;
    std::string fingerprint_;
};

// ---------------------------------------------------------------------------------------------
// Envelope encryption.

// One patient's data key (XChaCha20-Poly1305, 256 bits). Never stored in the clear: the store
// keeps wrap()'s output. Move-only; wiped with sodium_memzero on destruction and when moved
// from; immutable once made. Unlike MasterKey it lives in ordinary memory: a data key is
// unwrapped for each request, and guarded sodium_malloc pages cost about 0.2 ms of system calls,
// over a hundred times the open() they would serve (benchmarks/privacy_bench.cpp, BM_unwrap).
class DataKey {
public:
    ~DataKey();
    DataKey(DataKey&& other) noexcept;
    DataKey& operator=(DataKey&& other) noexcept;
    DataKey(const DataKey&) = delete;
    DataKey& operator=(const DataKey&) = delete;

private:
    friend struct DataKeyAccess;
    DataKey() = default;
    std::array<std::uint8_t, kKeyBytes> bytes_{};
    bool valid_ = false;  // false when moved from
};

// A data key encrypted under a master key: nonce (24) || encrypted key (32) || tag (16),
// kWrappedKeyBytes in all. Not secret; safe to store beside the rows it protects.
struct WrappedKey {
    std::string bytes;
};

// A new random data key (randombytes_buf).
DataKey generate_data_key();

// `data_key` encrypted with the master key's wrapping subkey, with `key_id` (e.g.
// "patient:42") as associated data, so a wrapped key copied to another patient's row does not
// unwrap there. A fresh random nonce each call: wrapping twice gives different bytes.
WrappedKey wrap(const MasterKey& master, const DataKey& data_key, std::string_view key_id);

// The data key inside `wrapped`. Errors: corrupt when `wrapped` is not kWrappedKeyBytes long, or
// when authentication fails — a different master key, a different key_id, or altered bytes;
// never a wrong key.
Result<DataKey> unwrap(const MasterKey& master, const WrappedKey& wrapped, std::string_view key_id);

// `plaintext` encrypted with XChaCha20-Poly1305 (IETF) under `data_key`, returned as
// nonce (24 bytes, random) || ciphertext || tag (16 bytes): plaintext.size() + 40 bytes.
// `aad` is authenticated but not stored; it must name the row the blob belongs to, e.g.
// "journal:<entry id>:<patient id>", so that a blob moved to another row or another patient
// fails to open instead of showing one person's words in another's record. Use ids that cannot
// contain the separator. Random nonces are safe for any number of messages under one key
// (192 bits). Errors: invalid_argument when the plaintext exceeds libsodium's message limit.
Result<std::string> seal(const DataKey& data_key, std::string_view plaintext, std::string_view aad);

// The plaintext of a seal()ed blob. Errors: corrupt when the blob is shorter than 40 bytes, or
// when authentication fails — wrong key, wrong aad, or any altered byte. Never returns
// unauthenticated bytes.
Result<std::string> open(const DataKey& data_key, std::string_view sealed, std::string_view aad);

// ---------------------------------------------------------------------------------------------
// Accounts and tokens.

// An Argon2id hash string ("$argon2id$v=19$m=...,t=...,p=1$salt$hash") of `password` with a
// random salt; it records its own cost. Errors: invalid_argument for an empty password,
// internal when Argon2id cannot get its memory (256 MiB at moderate cost: a server must bound
// concurrent logins).
Result<std::string> hash_password(std::string_view password, KdfCost cost = KdfCost::moderate);

// True when `password` matches `hash` (a hash_password() string); false when it does not or
// when `hash` is malformed. Takes as long as hashing at the cost recorded in `hash`.
bool verify_password(const std::string& hash, std::string_view password);

// A new bearer token: 256 random bits as URL-safe base64 without padding (43 characters).
// Give it to the client once; store only token_digest(token).
std::string new_token();

// A new record id: 128 random bits as 32 lowercase hex digits. Unguessable, so ids in URLs
// reveal nothing and cannot be enumerated; several servers can make them without coordinating.
std::string random_id();

// The BLAKE2b-256 of `token` as 64 lowercase hex digits: what the store keeps instead of the
// token, so a leaked database holds no usable tokens. An unkeyed hash is enough because tokens
// carry 256 bits of entropy. Deterministic.
std::string token_digest(std::string_view token);

// True when a and b are equal, in time that depends only on their lengths (sodium_memcmp), for
// comparing digests and secrets. Lengths are not secret.
bool constant_time_equal(std::string_view a, std::string_view b);

// ---------------------------------------------------------------------------------------------
// Pseudonyms.

// A stable pseudonymous id for (kind, id), e.g. ("patient", "42"): BLAKE2b-128 keyed with the
// master key's pseudonym subkey over the length-prefixed kind and id, as 32 lowercase hex
// digits. The same master key always gives the same pseudonym, so exports can be joined; other
// kinds give unrelated values, and without the master key it cannot be reversed or recomputed
// from a guessed id.
std::string pseudonym(const MasterKey& master, std::string_view kind, std::string_view id);

// ---------------------------------------------------------------------------------------------
// Audit chain.

// One audited access to patient data. `subject` names records by id ("patient:42/journal:7"),
// never by content: the audit log must hold no patient text.
struct AuditRecord {
    std::uint64_t seq = 0;  // 1 for the first record, then +1 each
    std::string time_utc;   // "2024-05-01T09:30:00.123Z"
    std::string actor;      // who: "user:3", "system"
    std::string action;     // what: "journal.read", "patient.erase"
    std::string subject;    // on what: ids only
    std::string outcome;    // "ok", "denied", "error"
    std::string prev_hash;  // hash of the previous record; kGenesisHash for the first
    std::string hash;       // chain_hash(prev_hash, *this)
};

// The prev_hash of the first record: 64 zeros.
inline const std::string kGenesisHash(64, '0');

// BLAKE2b-256, as 64 lowercase hex digits, of the canonical serialisation
//   "attune-audit-v1" || u64le(seq) || for each of time_utc, actor, action, subject, outcome,
//   prev_hash (the argument, not record.prev_hash): u64le(byte length) || bytes
// Length prefixes make the encoding injective: no two different records serialise alike.
// The record's own prev_hash and hash fields are ignored.
std::string chain_hash(std::string_view prev_hash, const AuditRecord& record);

// `record` with seq, prev_hash and hash filled in to follow `prev` (nullptr: the first record).
AuditRecord append(AuditRecord record, const AuditRecord* prev);

// Why a chain is broken, at the first bad record.
struct ChainFault {
    std::size_t index = 0;  // into the records given
    std::string reason;
};

// Checks that records[0] starts the chain (seq 1, prev_hash kGenesisHash) — or, when `before` is
// given, follows that already verified record, so a long log can be checked page by page — that
// each seq is one more than the last, that each prev_hash is the previous record's hash and
// that each hash matches its record. Returns the first failure, or nullopt for an intact chain
// (or none).
// What it detects: an altered, deleted, inserted or reordered record anywhere before the last.
// What it cannot: someone with write access who recomputes every hash after their change, or
// who drops records from the end. Anchoring the latest hash outside the log (a backup, a second
// machine) closes both (issue #4).
std::optional<ChainFault> verify_chain(const std::vector<AuditRecord>& records,
                                       const AuditRecord* before = nullptr);

// "2024-05-01T09:30:00.123Z": how audit records (and the API) write times, UTC, milliseconds.
std::string format_utc(std::chrono::system_clock::time_point t);

}  // namespace attune::privacy
