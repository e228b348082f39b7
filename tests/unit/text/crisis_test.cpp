// SPDX-License-Identifier: Apache-2.0
#include "text/crisis.hpp"

#include <gtest/gtest.h>

namespace attune::text {
namespace {

CrisisAssessment grade(std::string_view text) {
    auto a = assess_crisis(text);
    EXPECT_TRUE(a.is_ok()) << text;
    return a.is_ok() ? *a : CrisisAssessment{};
}

struct Case {
    const char* text;
    CrisisLevel level;
};

void expect_levels(std::initializer_list<Case> cases) {
    for (const auto& c : cases) {
        const auto a = grade(c.text);
        EXPECT_EQ(crisis_level_name(a.level), crisis_level_name(c.level)) << c.text;
        if (c.level != CrisisLevel::none) EXPECT_FALSE(a.evidence.empty()) << c.text;
        else EXPECT_TRUE(a.evidence.empty()) << c.text;
    }
}

TEST(Crisis, LevelsOfTheLadder) {
    using L = CrisisLevel;
    expect_levels({
        {"I just want to die", L::passive},
        {"I don't want to wake up tomorrow", L::passive},
        {"everyone would be better off without me", L::passive},
        {"I've been thinking about killing myself", L::active},
        {"I've been looking up how many pills it would take", L::active},
        {"i feel suicidal again", L::active},
        {"I'm going to kill myself tonight", L::plan},
        {"I have a plan and I've written my goodbye letters", L::plan},
        {"I want to die. I've been saving up my pills.", L::plan},
        {"took a bunch of pills an hour ago", L::behavior},
        {"I tried to kill myself last night", L::behavior},
        {"my roommate stopped me before I could jump", L::behavior},
        {"I jumped from my bedroom window last night to end my life", L::behavior},
        {"I'm killing myself on Saturday", L::plan},
        {"I told my therapist 'I want to die'", L::passive},
    });
}

// Found by the companion's web test: "I feel like I can't go on anymore" read as no risk, and as
// the answer to "Are you safe right now?" it was taken for a yes.
TEST(Crisis, CannotGoOnIsPassiveIdeationAboutTheWriterOnly) {
    using L = CrisisLevel;
    expect_levels({
        {"I feel like I can't go on anymore", L::passive},
        {"i cant go on", L::passive},
        {"I can't carry on any longer", L::passive},
        {"I've given up on life", L::passive},
        {"he can't go on anymore, the injury ended his career", L::none},
        {"I can't go on like this, I need a new job", L::none},
        {"the show can't go on without the lead", L::none},
    });
}

TEST(Crisis, CatchesChatSlangAndMisspellings) {
    using L = CrisisLevel;
    expect_levels({
        {"kms", L::active},
        {"im gonna unalive myself", L::plan},
        {"i just wanna end it all", L::active},
        {"i want to kil myslef", L::active},
        {"feeling sucidal rn", L::active},
        {"I WANT TO DIE", L::passive},
        {"i want to diee", L::passive},
    });
}

TEST(Crisis, DoesNotFireOnIdiomsNegationsOthersFictionOrResolvedHistory) {
    using L = CrisisLevel;
    expect_levels({
        {"this exam is killing me", L::none},
        {"I'm dying to see it", L::none},
        {"I killed it at the gym today", L::none},
        {"I want to die of embarrassment", L::none},
        {"I'm killing myself trying to finish this thesis", L::none},
        {"I cut myself shaving", L::none},
        {"I would never hurt myself", L::none},
        {"I'm not suicidal", L::none},
        {"no thoughts of ending my life", L::none},
        {"Patient denies suicidal ideation", L::none},
        {"my brother attempted last year", L::none},
        {"she said she wanted to die", L::none},
        {"the character kills himself in the finale", L::none},
        {"I read an article about suicide rates", L::none},
        {"I self-harmed as a teenager but I've been clean for ten years", L::none},
        {"I tried to kill myself when I was 16 but I'm in a much better place now", L::none},
        {"I feel so hopeless about this job", L::none},
        {"My friend texted me 'i want to die' and went offline", L::none},
        {"I'd rather die than sing karaoke in front of my boss", L::none},
        {"Two years free of self-harm today!", L::none},
        {"Ten years ago today I was in hospital after an overdose. I'm so grateful.", L::none},
        {"The doctor asked if I'd thought about ending my life and I said no", L::none},
        {"I took two ibuprofen for my headache an hour ago", L::none},
        {"I burned my hand on the oven tray while baking", L::none},
    });
}

TEST(Crisis, SelfHarmFlagAndLevel) {
    auto a = grade("I just cut again");
    EXPECT_EQ(a.level, CrisisLevel::behavior);
    EXPECT_TRUE(a.self_harm);
    a = grade("I'm scared I'll hurt myself");
    EXPECT_EQ(a.level, CrisisLevel::active);
    EXPECT_TRUE(a.self_harm);
    a = grade("I want to die");
    EXPECT_FALSE(a.self_harm);
}

TEST(Crisis, DistantPastIsHistoryUnlessItIsComingBack) {
    auto a = grade("I tried to kill myself when I was 16.");
    EXPECT_EQ(a.level, CrisisLevel::none);
    EXPECT_LT(a.confidence, 1.0);  // the rules saw it and explain it away
    a = grade("I tried to kill myself when I was 16 and lately it feels the same again.");
    EXPECT_NE(a.level, CrisisLevel::none);
}

TEST(Crisis, EvidenceIsTheTextAsWritten) {
    const auto a = grade("Honestly? I just WANNA DIE lol");
    ASSERT_EQ(a.evidence.size(), 1u);
    EXPECT_EQ(a.evidence[0], "WANNA DIE");
}

TEST(Crisis, RiskInOneSentenceOfALongEntry) {
    std::string entry;
    for (int i = 0; i < 200; ++i) entry += "Work was long and the bus was late again. ";
    entry += "Some nights I wish I could go to sleep and never wake up. ";
    for (int i = 0; i < 200; ++i) entry += "Dinner was fine. ";
    const auto a = grade(entry);
    EXPECT_EQ(a.level, CrisisLevel::passive);
    ASSERT_FALSE(a.evidence.empty());
    EXPECT_EQ(a.evidence[0], "wish I could go to sleep and never wake up");
}

TEST(Crisis, ConfidenceIsAProbabilityAndNoneIsSure) {
    EXPECT_DOUBLE_EQ(grade("What a lovely day").confidence, 1.0);
    const auto a = grade("I want to kill myself, I want to die, kms");
    EXPECT_GT(a.confidence, 0.85);
    EXPECT_LE(a.confidence, 1.0);
}

TEST(Crisis, InvalidUtf8IsAnError) {
    EXPECT_FALSE(assess_crisis("bad \xff byte").is_ok());
}

TEST(CrisisVocabulary, WordsAndPrefixesWithinTheRangeGiven) {
    auto mentions = [](std::string_view text) {
        const auto t = rule_tokens(text);
        return mentions_crisis_vocabulary(t, 0, t.size());
    };
    EXPECT_TRUE(mentions("I took the pills"));           // a word of the list
    EXPECT_TRUE(mentions("thinking about suicidal stuff"));  // a prefix
    EXPECT_TRUE(mentions("KILLING time"));               // rule tokens are lower case
    EXPECT_FALSE(mentions("I made pasta tonight"));
    EXPECT_FALSE(mentions("pill-shaped candy"));          // a word must be whole, not a prefix
    EXPECT_FALSE(mentions(""));
    const auto t = rule_tokens("pasta tonight. I took the pills");
    EXPECT_FALSE(mentions_crisis_vocabulary(t, 0, 2));
    EXPECT_TRUE(mentions_crisis_vocabulary(t, 2, t.size()));
    EXPECT_TRUE(mentions_crisis_vocabulary(t, 2, 100));  // an end past the tokens is cut
}

}  // namespace
}  // namespace attune::text
