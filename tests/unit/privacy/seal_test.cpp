// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <attune/privacy.hpp>
#include <fstream>
#include <sstream>

#include "support/paths.hpp"

namespace attune::privacy {
namespace {

const std::string kEntry =
    "Couldn't get out of bed again today. I keep thinking everyone would be better off "
    "without me, and I haven't told my sister.";
const std::string kAad = "journal:7:42";

std::string sealed_entry(const DataKey& dk) {
    auto s = seal(dk, kEntry, kAad);
    EXPECT_TRUE(s.is_ok()) << s.status().to_string();
    return s ? *s : std::string();
}

TEST(Seal, RoundTripsTextEmptyAndBinary) {
    const DataKey dk = generate_data_key();
    const std::string binary("a\0b\xff\x00z", 6);
    for (const std::string& plain : {kEntry, std::string(), binary}) {
        auto s = seal(dk, plain, kAad);
        ASSERT_TRUE(s.is_ok()) << s.status().to_string();
        EXPECT_EQ(s->size(), plain.size() + kNonceBytes + kTagBytes);
        auto back = open(dk, *s, kAad);
        ASSERT_TRUE(back.is_ok()) << back.status().to_string();
        EXPECT_EQ(*back, plain);
    }
}

TEST(Seal, SameTextTwiceGivesDifferentBlobs) {
    const DataKey dk = generate_data_key();
    EXPECT_NE(sealed_entry(dk), sealed_entry(dk));
}

TEST(Seal, AnyFlippedByteInNonceCiphertextOrTagIsAnError) {
    const DataKey dk = generate_data_key();
    const std::string s = sealed_entry(dk);
    // Every byte: nonce [0, 24), ciphertext, tag (the last 16).
    for (std::size_t i = 0; i < s.size(); ++i) {
        std::string bad = s;
        bad[i] = static_cast<char>(bad[i] ^ 0x80);
        auto r = open(dk, bad, kAad);
        ASSERT_FALSE(r.is_ok()) << "byte " << i;
        EXPECT_EQ(r.status().code(), StatusCode::corrupt);
    }
}

TEST(Seal, WrongKeyOrAnotherRowsAadIsAnError) {
    const DataKey dk = generate_data_key();
    const std::string s = sealed_entry(dk);
    EXPECT_EQ(open(generate_data_key(), s, kAad).status().code(), StatusCode::corrupt);
    EXPECT_EQ(open(dk, s, "journal:8:42").status().code(), StatusCode::corrupt)
        << "a blob moved to another entry must not open";
    EXPECT_EQ(open(dk, s, "journal:7:43").status().code(), StatusCode::corrupt)
        << "a blob moved to another patient must not open";
    EXPECT_EQ(open(dk, s, "").status().code(), StatusCode::corrupt);
}

TEST(Seal, TruncatedOrTooShortBlobIsAnError) {
    const DataKey dk = generate_data_key();
    const std::string s = sealed_entry(dk);
    EXPECT_EQ(open(dk, s.substr(0, s.size() - 1), kAad).status().code(), StatusCode::corrupt);
    EXPECT_EQ(open(dk, s.substr(0, kNonceBytes + kTagBytes - 1), kAad).status().code(),
              StatusCode::corrupt);
    EXPECT_EQ(open(dk, "", kAad).status().code(), StatusCode::corrupt);
}

TEST(Seal, FileOfSealedEntriesHoldsNoPlaintext) {
    test::TempDir dir;
    const std::string path = dir.path() + "/rows.bin";
    const DataKey dk = generate_data_key();
    {
        std::ofstream out(path, std::ios::binary);
        for (int i = 0; i < 50; ++i) out << sealed_entry(dk);
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string bytes = buf.str();
    ASSERT_EQ(bytes.size(), 50 * (kEntry.size() + kNonceBytes + kTagBytes));
    EXPECT_EQ(bytes.find(kEntry), std::string::npos);
    for (const char* word : {"better off", "sister", "bed again", "everyone"})
        EXPECT_EQ(bytes.find(word), std::string::npos) << word;
}

}  // namespace
}  // namespace attune::privacy
