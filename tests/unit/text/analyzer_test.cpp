// SPDX-License-Identifier: Apache-2.0
// Behaviour of the shipped text model (models/text.atm): known sentences in, known direction out.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include <attune/text.hpp>

#include "support/paths.hpp"

namespace attune::text {
namespace {

class AnalyzerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto a = Analyzer::load(test::model_dir());
        ASSERT_TRUE(a.is_ok()) << a.status().to_string();
        analyzer_ = *a;
    }
    static Analysis analyze(std::string_view s) {
        auto a = analyzer_->analyze(s);
        EXPECT_TRUE(a.is_ok()) << a.status().to_string();
        return a.is_ok() ? *a : Analysis{};
    }
    static double compound(std::string_view s) { return analyze(s).sentiment.compound; }
    static float emotion(const Analysis& a, std::string_view name) {
        for (std::size_t k = 0; k < kNumEmotions; ++k)
            if (emotion_names()[k] == name) return a.emotions[k];
        ADD_FAILURE() << "no emotion " << name;
        return 0;
    }
    static float ekman(const Analysis& a, std::string_view name) {
        for (std::size_t k = 0; k < kNumEkman; ++k)
            if (ekman_names()[k] == name) return a.ekman[k];
        ADD_FAILURE() << "no group " << name;
        return 0;
    }
    static bool has_label(const Analysis& a, std::string_view name) {
        return std::find(a.labels.begin(), a.labels.end(), name) != a.labels.end();
    }
    static inline std::shared_ptr<const Analyzer> analyzer_;
};

TEST_F(AnalyzerTest, EveryOutputIsPresentAndInRange) {
    auto a = analyze("Today was fine, I guess.");
    for (float p : a.emotions) EXPECT_TRUE(p >= 0 && p <= 1);
    for (float p : a.ekman) EXPECT_TRUE(p >= 0 && p <= 1);
    EXPECT_FALSE(a.labels.empty());
    EXPECT_GE(a.sentiment.compound, -1);
    EXPECT_LE(a.sentiment.compound, 1);
    EXPECT_NEAR(a.sentiment.positive + a.sentiment.neutral + a.sentiment.negative, 1.0, 0.01);
    for (double v : {a.vad.valence, a.vad.arousal, a.vad.dominance}) EXPECT_TRUE(v >= -1 && v <= 1);
    EXPECT_EQ(a.words, 5u);
}

TEST_F(AnalyzerTest, JoyAndSadnessAreTellApart) {
    auto happy = analyze("I am so happy today, everything went great!");
    auto sad = analyze("I feel so sad and lonely since she left.");
    EXPECT_GT(happy.sentiment.compound, 0.5);
    EXPECT_LT(sad.sentiment.compound, -0.3);
    EXPECT_GT(ekman(happy, "joy"), ekman(happy, "sadness"));
    EXPECT_GT(ekman(sad, "sadness"), ekman(sad, "joy"));
    EXPECT_TRUE(has_label(sad, "sadness")) << "labels of the sad text";
    EXPECT_GT(happy.vad.valence, sad.vad.valence);
}

TEST_F(AnalyzerTest, FearAngerGratitudeAreRecognised) {
    EXPECT_TRUE(has_label(analyze("I'm terrified of the surgery tomorrow"), "fear"));
    EXPECT_TRUE(has_label(analyze("Thank you so much for helping me"), "gratitude"));
    auto angry = analyze("I am so angry at him, this is outrageous");
    EXPECT_GT(ekman(angry, "anger"), ekman(angry, "joy"));
}

TEST_F(AnalyzerTest, NegationFlipsOrDampens) {
    EXPECT_LT(compound("I am not happy"), 0);
    EXPECT_LT(compound("I am not happy"), compound("I am happy"));
    EXPECT_GT(compound("I have never been better"), 0.3);
    EXPECT_GT(compound("this is not bad at all"), compound("this is bad"));
}

TEST_F(AnalyzerTest, EmphasisRaisesIntensity) {
    EXPECT_GT(compound("I am happy!!!"), compound("I am happy"));
    EXPECT_GT(compound("I am HAPPY today"), compound("I am happy today"));
    EXPECT_GT(compound("I am sooo happy"), compound("I am happy"));
    EXPECT_GT(compound("I am extremely happy"), compound("I am happy"));
    EXPECT_LT(compound("I am somewhat happy"), compound("I am happy"));
}

TEST_F(AnalyzerTest, ButClauseWeighsTheSecondHalf) {
    EXPECT_LT(compound("The food was great but the service was terrible"),
              compound("The service was terrible but the food was great"));
}

TEST_F(AnalyzerTest, EmojiAndEmoticonsCarryValence) {
    EXPECT_GT(compound("\xF0\x9F\x98\x80"), 0.2);   // grinning face
    EXPECT_LT(compound("\xF0\x9F\x98\xA2"), -0.2);  // crying face
    EXPECT_GT(compound("see you then :)"), 0.2);
    EXPECT_LT(compound("see you then :("), -0.2);
}

TEST_F(AnalyzerTest, ChatSpellingsAreUnderstood) {
    EXPECT_LT(compound("im not ok"), 0);
    EXPECT_LT(compound("i dont like this at all"), 0);
    auto idk = analyze("idk");
    EXPECT_EQ(idk.words, 3u);  // i don't know
}

TEST_F(AnalyzerTest, CurlyQuotesActLikeStraightOnes) {
    EXPECT_DOUBLE_EQ(compound("I don\u2019t feel good"), compound("I don't feel good"));
}

TEST_F(AnalyzerTest, EmptyTextIsNeutral) {
    auto a = analyze("");
    EXPECT_EQ(a.sentiment.compound, 0);
    EXPECT_EQ(a.words, 0u);
    EXPECT_FALSE(a.labels.empty());
}

TEST_F(AnalyzerTest, InvalidUtf8IsAnErrorNamingTheByte) {
    auto a = analyzer_->analyze("fine \xC3\x28 then");
    ASSERT_FALSE(a.is_ok());
    EXPECT_EQ(a.status().code(), StatusCode::invalid_argument);
    EXPECT_NE(a.status().message().find("byte 5"), std::string::npos);
}

TEST_F(AnalyzerTest, FiveThousandWordEntry) {
    const std::string ten_words = "Today I woke up tired and worried about my work. ";
    std::string entry;
    for (int i = 0; i < 500; ++i) entry += ten_words;
    auto a = analyze(entry);
    EXPECT_EQ(a.words, 5000u);
    EXPECT_TRUE(a.sentiment.compound >= -1 && a.sentiment.compound <= 1);
    EXPECT_LT(a.sentiment.compound, 0);
}

TEST_F(AnalyzerTest, ExplanationNamesTheWords) {
    auto a = analyze("I hate mondays");
    ASSERT_FALSE(a.explanation.sentiment.empty());
    auto it = std::find_if(a.explanation.sentiment.begin(), a.explanation.sentiment.end(),
                           [](const TokenWeight& t) { return t.token == "hate"; });
    ASSERT_NE(it, a.explanation.sentiment.end());
    EXPECT_LT(it->weight, 0);
    ASSERT_EQ(a.explanation.emotions.size(), 3u);
    EXPECT_FALSE(a.explanation.emotions[0].tokens.empty());
}

TEST_F(AnalyzerTest, ArousalSeparatesAgitationFromCalm) {
    EXPECT_GT(analyze("I am furious and terrified, I'm panicking!").vad.arousal,
              analyze("I feel calm and relaxed, a quiet sleepy evening.").vad.arousal);
}

TEST_F(AnalyzerTest, SharedAcrossThreadsGivesTheSameAnswers) {
    const std::vector<std::string> texts = {"I am so happy", "I feel awful", "meh", "thank you!!", "not great :("};
    std::vector<double> expected;
    for (const auto& t : texts) expected.push_back(compound(t));
    std::vector<std::thread> threads;
    std::atomic<int> mismatches{0};
    for (int th = 0; th < 4; ++th)
        threads.emplace_back([&] {
            for (int rep = 0; rep < 200; ++rep)
                for (std::size_t i = 0; i < texts.size(); ++i) {
                    auto a = analyzer_->analyze(texts[i]);
                    if (!a.is_ok() || a->sentiment.compound != expected[i]) ++mismatches;
                }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(mismatches.load(), 0);
}

TEST(AnalyzerLoad, MissingDirectoryNamesThePath) {
    auto a = Analyzer::load("/nonexistent/models");
    ASSERT_FALSE(a.is_ok());
    EXPECT_EQ(a.status().code(), StatusCode::not_found);
    EXPECT_NE(a.status().message().find("/nonexistent/models/text.atm"), std::string::npos);
}

TEST(AnalyzerLoad, WrongKindOfModelIsCorrupt) {
    test::TempDir dir;
    ModelFile other("attune.voice");
    ASSERT_TRUE(other.save(dir.path() + "/text.atm").is_ok());
    auto a = Analyzer::load(dir.path());
    ASSERT_FALSE(a.is_ok());
    EXPECT_EQ(a.status().code(), StatusCode::corrupt);
    EXPECT_NE(a.status().message().find("attune.voice"), std::string::npos);
}

TEST(AnalyzerLoad, EmotionBlendOutsideZeroToOneIsCorrupt) {
    auto file = ModelFile::load(test::model_dir() + "/text.atm");
    ASSERT_TRUE(file.is_ok()) << file.status().to_string();
    file->meta()["emotion_linear_weight"] = 1.5;
    test::TempDir dir;
    ASSERT_TRUE(file->save(dir.path() + "/text.atm").is_ok());
    auto a = Analyzer::load(dir.path());
    ASSERT_FALSE(a.is_ok());
    EXPECT_EQ(a.status().code(), StatusCode::corrupt);
    EXPECT_NE(a.status().message().find("emotion_linear_weight"), std::string::npos);
}

TEST(Analyzer, CrisisLanguageIsNeverAGoodDay) {
    auto an = Analyzer::load(test::model_dir());
    ASSERT_TRUE(an.is_ok()) << an.status().to_string();
    auto a = (*an)->analyze("Some nights I wish I could go to sleep and not wake up.");
    ASSERT_TRUE(a.is_ok());
    EXPECT_EQ(a->crisis.level, CrisisLevel::passive);
    EXPECT_LE(a->sentiment.compound, -0.5);
    ASSERT_FALSE(a->explanation.sentiment.empty());
    EXPECT_EQ(a->explanation.sentiment[0].token, "wish I could go to sleep and not wake up");
    EXPECT_LT(a->explanation.sentiment[0].weight, 0);
}

}  // namespace
}  // namespace attune::text
