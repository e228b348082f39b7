// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <attune/privacy.hpp>
#include <fstream>
#include <set>

#include "support/paths.hpp"

namespace attune::privacy {
namespace {

unsigned mode_of(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 07777;
}

void write_file(const std::string& path, const std::string& bytes, unsigned mode) {
    std::ofstream(path, std::ios::binary) << bytes;
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
}

// Two master keys are the same key when one unwraps what the other wrapped.
bool same_key(const MasterKey& a, const MasterKey& b) {
    const DataKey dk = generate_data_key();
    return unwrap(b, wrap(a, dk, "patient:1"), "patient:1").is_ok();
}

TEST(KeyFile, CreatedWithMode0600And32BytesThenLoadedAsTheSameKey) {
    test::TempDir dir;
    const std::string path = dir.path() + "/master.key";
    auto first = MasterKey::load_or_create_key_file(path);
    ASSERT_TRUE(first.is_ok()) << first.status().to_string();
    EXPECT_EQ(mode_of(path), 0600u);
    EXPECT_EQ(std::filesystem::file_size(path), kKeyBytes);
    // No temporary file is left beside the key.
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);

    auto second = MasterKey::load_or_create_key_file(path);
    ASSERT_TRUE(second.is_ok()) << second.status().to_string();
    EXPECT_EQ(first->fingerprint(), second->fingerprint());
    EXPECT_TRUE(same_key(*first, *second));
}

TEST(KeyFile, ModeIs0600EvenUnderAPermissiveUmask) {
    test::TempDir dir;
    const mode_t old = ::umask(0);
    auto key = MasterKey::load_or_create_key_file(dir.path() + "/master.key");
    ::umask(old);
    ASSERT_TRUE(key.is_ok()) << key.status().to_string();
    EXPECT_EQ(mode_of(dir.path() + "/master.key"), 0600u);
}

TEST(KeyFile, RefusesAGroupOrWorldReadableFileNamingIt) {
    test::TempDir dir;
    const std::string path = dir.path() + "/master.key";
    ASSERT_TRUE(MasterKey::load_or_create_key_file(path).is_ok());
    ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
    auto key = MasterKey::load_or_create_key_file(path);
    ASSERT_FALSE(key.is_ok());
    EXPECT_EQ(key.status().code(), StatusCode::invalid_argument);
    EXPECT_NE(key.status().message().find(path), std::string::npos) << key.status().message();
    EXPECT_NE(key.status().message().find("0644"), std::string::npos) << key.status().message();

    ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
    EXPECT_EQ(MasterKey::load_or_create_key_file(path).status().code(),
              StatusCode::invalid_argument);
}

TEST(KeyFile, RefusesAFileOfTheWrongSize) {
    test::TempDir dir;
    const std::string path = dir.path() + "/master.key";
    write_file(path, std::string(31, 'k'), 0600);
    auto key = MasterKey::load_or_create_key_file(path);
    ASSERT_FALSE(key.is_ok());
    EXPECT_EQ(key.status().code(), StatusCode::corrupt);
    EXPECT_NE(key.status().message().find(path), std::string::npos);
    EXPECT_EQ(std::filesystem::file_size(path), 31u) << "an existing file must never be replaced";
}

TEST(KeyFile, RefusesADirectoryAndReportsAMissingFolder) {
    test::TempDir dir;
    EXPECT_EQ(MasterKey::load_or_create_key_file(dir.path()).status().code(),
              StatusCode::invalid_argument);
    EXPECT_EQ(
        MasterKey::load_or_create_key_file(dir.path() + "/no/such/master.key").status().code(),
        StatusCode::io_error);
}

TEST(Passphrase, SamePassphraseAndSaltGiveTheSameKey) {
    test::TempDir dir;
    const std::string salt = dir.path() + "/salt";
    auto a = MasterKey::from_passphrase("correct horse battery", salt, KdfCost::interactive);
    ASSERT_TRUE(a.is_ok()) << a.status().to_string();
    EXPECT_EQ(std::filesystem::file_size(salt), kSaltBytes);
    auto b = MasterKey::from_passphrase("correct horse battery", salt, KdfCost::interactive);
    ASSERT_TRUE(b.is_ok()) << b.status().to_string();
    EXPECT_EQ(a->fingerprint(), b->fingerprint());
    EXPECT_TRUE(same_key(*a, *b));
    EXPECT_EQ(pseudonym(*a, "patient", "42"), pseudonym(*b, "patient", "42"));

    auto wrong = MasterKey::from_passphrase("correct horse batterz", salt, KdfCost::interactive);
    ASSERT_TRUE(wrong.is_ok());
    EXPECT_NE(a->fingerprint(), wrong->fingerprint());
    EXPECT_FALSE(same_key(*a, *wrong));

    auto other_salt = MasterKey::from_passphrase("correct horse battery", dir.path() + "/salt2",
                                                 KdfCost::interactive);
    ASSERT_TRUE(other_salt.is_ok());
    EXPECT_NE(a->fingerprint(), other_salt->fingerprint());
}

TEST(Passphrase, RejectsAnEmptyPassphraseAndABadSaltFile) {
    test::TempDir dir;
    EXPECT_EQ(
        MasterKey::from_passphrase("", dir.path() + "/salt", KdfCost::interactive).status().code(),
        StatusCode::invalid_argument);
    write_file(dir.path() + "/short", "12345", 0600);
    EXPECT_EQ(MasterKey::from_passphrase("pw", dir.path() + "/short", KdfCost::interactive)
                  .status()
                  .code(),
              StatusCode::corrupt);
}

TEST(Wrap, RoundTripGivesAWorkingDataKey) {
    const MasterKey master = MasterKey::generate();
    const DataKey dk = generate_data_key();
    const WrappedKey w = wrap(master, dk, "patient:42");
    EXPECT_EQ(w.bytes.size(), kWrappedKeyBytes);
    auto back = unwrap(master, w, "patient:42");
    ASSERT_TRUE(back.is_ok()) << back.status().to_string();
    auto sealed = seal(dk, "slept four hours", "journal:1:42");
    ASSERT_TRUE(sealed.is_ok());
    auto text = open(*back, *sealed, "journal:1:42");
    ASSERT_TRUE(text.is_ok()) << text.status().to_string();
    EXPECT_EQ(*text, "slept four hours");
    EXPECT_NE(wrap(master, dk, "patient:42").bytes, w.bytes) << "each wrap takes a fresh nonce";
}

TEST(Wrap, WrongMasterKeyIdOrAnyFlippedByteIsAnError) {
    const MasterKey master = MasterKey::generate();
    const WrappedKey w = wrap(master, generate_data_key(), "patient:42");
    EXPECT_EQ(unwrap(MasterKey::generate(), w, "patient:42").status().code(), StatusCode::corrupt);
    EXPECT_EQ(unwrap(master, w, "patient:43").status().code(), StatusCode::corrupt);
    for (std::size_t i = 0; i < w.bytes.size(); ++i) {
        WrappedKey bad = w;
        bad.bytes[i] = static_cast<char>(bad.bytes[i] ^ 0x01);
        EXPECT_EQ(unwrap(master, bad, "patient:42").status().code(), StatusCode::corrupt)
            << "byte " << i;
    }
    WrappedKey shorter{w.bytes.substr(1)};
    EXPECT_EQ(unwrap(master, shorter, "patient:42").status().code(), StatusCode::corrupt);
}

TEST(Pseudonym, StablePerKeyDistinctAcrossKindsKeysAndBoundaries) {
    const MasterKey master = MasterKey::generate();
    const std::string p = pseudonym(master, "patient", "42");
    EXPECT_EQ(p.size(), 32u);
    EXPECT_EQ(p.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(p, pseudonym(master, "patient", "42"));
    EXPECT_NE(p, pseudonym(master, "clinician", "42"));
    EXPECT_NE(p, pseudonym(master, "patient", "43"));
    EXPECT_NE(p, pseudonym(MasterKey::generate(), "patient", "42"));
    // Length prefixes: moving a character across the kind/id boundary changes the pseudonym.
    EXPECT_NE(pseudonym(master, "ab", "c"), pseudonym(master, "a", "bc"));
}

TEST(MasterKey, FingerprintsOfRandomKeysDiffer) {
    std::set<std::string> seen;
    for (int i = 0; i < 20; ++i) seen.insert(MasterKey::generate().fingerprint());
    EXPECT_EQ(seen.size(), 20u);
}

}  // namespace
}  // namespace attune::privacy
