// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "text/tokenize.hpp"

namespace attune::text {
namespace {

std::vector<std::string> texts(std::string_view s, const std::function<bool(std::string_view)>& known = {}) {
    std::vector<std::string> out;
    for (const auto& t : tokenize_words(s, known)) out.push_back(t.text);
    return out;
}

using V = std::vector<std::string>;

TEST(Tokenize, WordsAreLowerCasedWithInnerApostrophes) {
    EXPECT_EQ(texts("I can't BELIEVE it's Monday"), (V{"i", "can't", "believe", "it's", "monday"}));
}

TEST(Tokenize, ExclamationAndQuestionMarksAreTokens) {
    EXPECT_EQ(texts("really?! no."), (V{"really", "?", "!", "no"}));
}

TEST(Tokenize, ChatSpellingsExpand) {
    EXPECT_EQ(texts("idk im tired"), (V{"i", "don't", "know", "i'm", "tired"}));
    EXPECT_EQ(texts("dont"), (V{"don't"}));
}

TEST(ChatExpansion, KnownSpellingsOnlyWholeAndLowerCase) {
    EXPECT_EQ(chat_expansion("shouldnt"), "shouldn't");
    EXPECT_EQ(chat_expansion("w/"), "with");
    EXPECT_EQ(chat_expansion("yknow"), "you know");
    EXPECT_EQ(chat_expansion("u"), "you");
    EXPECT_EQ(chat_expansion("IDK"), "");  // callers lower-case first
    EXPECT_EQ(chat_expansion("idkk"), "");
    EXPECT_EQ(chat_expansion("happy"), "");
    EXPECT_EQ(chat_expansion(""), "");
}

TEST(Tokenize, EmoticonsAndEmojiAreTokens) {
    EXPECT_EQ(texts("great :) but sad :'( \xF0\x9F\x98\xA2"), (V{"great", ":)", "but", "sad", ":'(", "\xF0\x9F\x98\xA2"}));
}

TEST(Tokenize, SkinToneAndVariationSelectorsAreDropped) {
    // thumbs up + medium skin tone; heart + VS16
    EXPECT_EQ(texts("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD \xE2\x9D\xA4\xEF\xB8\x8F"), (V{"\xF0\x9F\x91\x8D", "\xE2\x9D\xA4"}));
}

TEST(Tokenize, NonAsciiLettersStayInTheWord) { EXPECT_EQ(texts("caf\xc3\xa9 na\xc3\xafve"), (V{"caf\xc3\xa9", "na\xc3\xafve"})); }

TEST(Tokenize, AllCapsIsFlagged) {
    auto t = tokenize_words("I am SO angry");
    ASSERT_EQ(t.size(), 4u);
    EXPECT_FALSE(t[0].caps);  // a single letter is not shouting
    EXPECT_TRUE(t[2].caps);
}

TEST(CollapseElongation, PrefersAKnownForm) {
    auto known = [](std::string_view w) { return w == "so" || w == "cool" || w == "happy"; };
    bool elongated = false;
    EXPECT_EQ(collapse_elongation("sooooo", known, &elongated), "so");
    EXPECT_TRUE(elongated);
    EXPECT_EQ(collapse_elongation("cooooool", known), "cool");
    EXPECT_EQ(collapse_elongation("happyyyy", known), "happy");
    EXPECT_EQ(collapse_elongation("hmmmm", known), "hmm");  // unknown: two letters
    EXPECT_EQ(collapse_elongation("good", known, &elongated), "good");
    EXPECT_FALSE(elongated);
}

TEST(Tokenize, HandlesLongInputLinearly) {
    std::string s;
    for (int i = 0; i < 5000; ++i) s += "word ";
    EXPECT_EQ(tokenize_words(s).size(), 5000u);
}

}  // namespace
}  // namespace attune::text
