// SPDX-License-Identifier: Apache-2.0
#include "text/phrase_rules.hpp"

#include <gtest/gtest.h>

namespace attune::text {
namespace {

std::string words(const std::vector<RuleToken>& t) {
    std::string s;
    for (const auto& x : t) s += (s.empty() ? "" : " ") + x.text;
    return s;
}

TEST(RuleTokens, ExpandsChatAndContractions) {
    const auto t = rule_tokens("Im not gonna lie, idk. She's fine but I can't");
    EXPECT_EQ(words(t), "i am not going to lie i do not know she is fine but i can not");
}

TEST(RuleTokens, ExpansionsPointAtTheWordAsWritten) {
    const std::string text = "ok idk anymore";
    const auto t = rule_tokens(text);
    ASSERT_EQ(t.size(), 6u);  // ok i do not know anymore
    EXPECT_EQ(span_text(text, t, 1, 4), "idk");
    EXPECT_EQ(span_text(text, t, 2, 5), "idk anymore");
}

TEST(RuleTokens, SentencesAndClauses) {
    const auto t = rule_tokens("I am sad, but fine. Really - fine\nok");
    // i am sad | but fine . really | fine \n ok
    ASSERT_EQ(t.size(), 8u);
    EXPECT_EQ(t[2].clause, t[0].clause);
    EXPECT_NE(t[3].clause, t[2].clause);          // "but" opens a clause
    EXPECT_EQ(t[3].sentence, t[0].sentence);
    EXPECT_NE(t[5].sentence, t[4].sentence);      // "."
    EXPECT_NE(t[6].clause, t[5].clause);          // " - "
    EXPECT_NE(t[7].sentence, t[6].sentence);      // line break
}

TEST(RuleTokens, MarksQuotedWords) {
    const auto t = rule_tokens("she texted 'i want out' and \"bye\" but I'm ok");
    std::string quoted;
    for (const auto& x : t)
        if (x.quoted) quoted += x.text + " ";
    EXPECT_EQ(quoted, "i want out bye ");
}

TEST(RuleTokens, KeepsHyphenatedWordsAndCutsElongations) {
    EXPECT_EQ(words(rule_tokens("self-harm sooo badly!!!")), "self-harm soo badly");
    EXPECT_EQ(words(rule_tokens("Zoë 😭 café")), "zoë café");
    EXPECT_EQ(words(rule_tokens("aaaa pleeease abbbbba zzzzzz aab")), "aa pleease abba zz aab");
}

TEST(PhraseSet, WordsAlternativesPrefixesSetsOptionalsAndGaps) {
    const PhraseSet set({"kill|end myself", "end my ?own life", "want to ~2 die", "suicid*", "@self hurt"},
                        {{"self", {"i", "me"}}});
    std::vector<PhraseMatch> m;
    set.match(rule_tokens("I want to just die. I end my own life? suicidal. i hurt"), m);
    ASSERT_EQ(m.size(), 4u);
    EXPECT_EQ(m[0].rule, 2u);  // want to just die
    EXPECT_EQ(m[0].last - m[0].first, 3u);
    EXPECT_EQ(m[1].rule, 1u);  // end my own life
    EXPECT_EQ(m[2].rule, 3u);
    EXPECT_EQ(m[3].rule, 4u);
}

TEST(PhraseSet, NeverMatchesAcrossSentences) {
    const PhraseSet set({"want to ~3 die"});
    std::vector<PhraseMatch> m;
    set.match(rule_tokens("I want to. Die Hard is on tv"), m);
    EXPECT_TRUE(m.empty());
}

TEST(PhraseSet, ClauseEnd) {
    const PhraseSet set({"end it $"});
    std::vector<PhraseMatch> m;
    set.match(rule_tokens("I want to end it. end it with him, end it"), m);
    ASSERT_EQ(m.size(), 2u);
    EXPECT_EQ(m[0].first, 3u);
    EXPECT_EQ(m[1].first, 9u);
}

TEST(PhraseSet, NumbersOfTenOrMoreAndGapsWithinAClause) {
    const PhraseSet set({"took # pills", "want ~3 die"});
    std::vector<PhraseMatch> m;
    set.match(rule_tokens("took 30 pills. took 2 pills. want, to die"), m);
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0].first, 0u);
}

TEST(PhraseSet, GapsOfTwoDigits) {
    // "~12" is twelve words (it was once read as one word "2", so such rules never matched).
    const PhraseSet set({"train ~12 step in front", "scars ~10 want"});
    std::vector<PhraseMatch> m;
    set.match(rule_tokens("the train at six when it comes I will step in front. "
                          "the scars on my arms are old and I want. scars 2 want"), m);
    ASSERT_EQ(m.size(), 3u);
    EXPECT_EQ(m[0].rule, 0u);
    EXPECT_EQ(m[1].rule, 1u);
    EXPECT_EQ(m[2].rule, 1u);
}

TEST(PhraseSet, NumberAsAnAlternative) {
    // "#|twenty": a number of 10 or more, or one of the words (the crisis rule "took 20 of my
    // quetiapine" never matched while "#" was read as a word there).
    const PhraseSet set({"took #|twenty of"});
    std::vector<PhraseMatch> m;
    set.match(rule_tokens("took 20 of. took twenty of. took 2 of. took many of"), m);
    ASSERT_EQ(m.size(), 2u);
    EXPECT_EQ(m[0].first, 0u);
    EXPECT_EQ(m[1].first, 3u);
}

TEST(PhraseSet, NegativeLookaheadRejectsTheNextWordAndConsumesNothing) {
    const PhraseSet set({"not count !toward|towards", "the worst !at"});
    std::vector<PhraseMatch> m;
    set.match(rule_tokens("it does not count towards the grade"), m);
    EXPECT_TRUE(m.empty());
    set.match(rule_tokens("it does not count. I am the worst at golf"), m);
    ASSERT_EQ(m.size(), 1u);  // "not count" (the sentence ends), not "the worst at"
    EXPECT_EQ(m[0].rule, 0u);
    EXPECT_EQ(m[0].last - m[0].first, 1u);
    m.clear();
    set.match(rule_tokens("honestly I am the worst"), m);
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0].rule, 1u);
}

TEST(PhraseSet, BoundedRepeatOfAnItem) {
    const PhraseSet set({"i am ~2@intens failure", "so ~2very|really tired"},
                        {{"intens", {"a", "total", "such"}}});
    std::vector<PhraseMatch> m;
    set.match(rule_tokens("I am a total failure. I am a big failure. so very very tired"), m);
    ASSERT_EQ(m.size(), 2u);  // not "a big failure": "big" is not in the set
    EXPECT_EQ(m[0].rule, 0u);
    EXPECT_EQ(m[0].last - m[0].first, 4u);
    EXPECT_EQ(m[1].rule, 1u);
    m.clear();
    set.match(rule_tokens("I am a total such failure"), m);  // three words: one too many
    EXPECT_TRUE(m.empty());
}

TEST(PhraseSet, LargeSetsMatchEveryMember) {
    std::vector<std::string> words;
    for (int i = 0; i < 200; ++i) words.push_back(std::string("w").append(std::to_string(i)));
    const PhraseSet set({"i am @many"}, {{"many", words}});
    for (const char* w : {"w0", "w57", "w199"}) {
        std::vector<PhraseMatch> m;
        set.match(rule_tokens(std::string("i am ") + w), m);
        EXPECT_EQ(m.size(), 1u) << w;
    }
    std::vector<PhraseMatch> m;
    set.match(rule_tokens("i am w200"), m);
    EXPECT_TRUE(m.empty());
}

TEST(NegatedBefore, NegatorsInTheSameClause) {
    const auto t = rule_tokens("I would never hurt myself");
    EXPECT_TRUE(negated_before(t, 3));
    const auto u = rule_tokens("I'm not sad, I want to die");
    EXPECT_FALSE(negated_before(u, 7));
}

TEST(NegatedBefore, WordsThatTakeTheNegationForThemselves) {
    const auto t = rule_tokens("I can't stop thinking about dying");
    EXPECT_FALSE(negated_before(t, 6));
    const auto u = rule_tokens("there is no way I would ever do that");
    EXPECT_TRUE(negated_before(u, 7));
}

TEST(NegatedBefore, StopsAtAClauseItDoesNotReach) {
    // i do not know why i always ...: the negation is about knowing, not about "i always".
    const auto t = rule_tokens("I don't know why I always mess up");
    EXPECT_FALSE(negated_before(t, 5));
    const auto u = rule_tokens("no matter what I do I fail");
    EXPECT_FALSE(negated_before(u, 5));
    const auto v = rule_tokens("I can't believe I am such an idiot");
    EXPECT_FALSE(negated_before(v, 4));
    const auto w = rule_tokens("I don't think I am a failure");
    EXPECT_TRUE(negated_before(w, 4));
}

}  // namespace
}  // namespace attune::text
