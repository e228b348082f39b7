// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <attune/text.hpp>

namespace attune::text {
namespace {

std::string norm(std::string_view s) {
    auto r = normalize(s);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? *r : std::string();
}

TEST(Normalize, AsciiPassesThrough) { EXPECT_EQ(norm("I'm fine, thanks!"), "I'm fine, thanks!"); }

TEST(Normalize, CurlyQuotesDashesAndEllipsisBecomeAscii) {
    EXPECT_EQ(norm("I don\u2019t know \u201cwhy\u201d\u2026"), "I don't know \"why\"...");
    EXPECT_EQ(norm("tired\u2014so tired"), "tired - so tired");
    EXPECT_EQ(norm("well\u00a0then"), "well then");
}

TEST(Normalize, ComposesToNfc) {
    // "e" + COMBINING ACUTE ACCENT -> U+00E9
    EXPECT_EQ(norm("caf\x65\xcc\x81"), "caf\xc3\xa9");
}

TEST(Normalize, KeepsEmoji) { EXPECT_EQ(norm("so happy \xF0\x9F\x98\x80"), "so happy \xF0\x9F\x98\x80"); }

TEST(Normalize, ControlCharactersBecomeSpaces) {
    EXPECT_EQ(norm(std::string("a\tb\x1b" "c\0d", 7)), "a b c d");
}

TEST(Normalize, InvalidUtf8NamesTheByteOffset) {
    auto r = normalize("ok so far \xff\xfe then bad");
    ASSERT_FALSE(r.is_ok());
    EXPECT_EQ(r.status().code(), StatusCode::invalid_argument);
    EXPECT_NE(r.status().message().find("byte 10"), std::string::npos) << r.status().message();
}

TEST(Normalize, TruncatedSequenceAndOverlongAreInvalid) {
    EXPECT_FALSE(normalize("abc\xe2\x82").is_ok());   // cut-off euro sign
    EXPECT_FALSE(normalize("\xc0\xaf").is_ok());      // overlong '/'
    EXPECT_FALSE(normalize("\xed\xa0\x80").is_ok());  // UTF-16 surrogate
}

TEST(Normalize, EmptyStaysEmpty) { EXPECT_EQ(norm(""), ""); }

}  // namespace
}  // namespace attune::text
