// SPDX-License-Identifier: Apache-2.0
// The JSON form of an analysis (append_json, to_json): field order, number format, escaping,
// and that it is byte for byte what nlohmann::json renders for the same values.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <attune/text.hpp>

#include "support/paths.hpp"

namespace attune::text {
namespace {

using ojson = nlohmann::ordered_json;

std::string json_of(const Analysis& a, std::optional<std::size_t> line = std::nullopt) {
    std::string out;
    append_json(a, out, line);
    return out;
}

// The value append_json documents for v: rounded to `decimals` decimals.
double rounded(double v, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return static_cast<double>(std::llround(v * scale)) / scale;
}

ojson tokens_tree(const std::vector<TokenWeight>& tokens) {
    ojson out = ojson::array();
    for (const auto& t : tokens) out.push_back({{"token", t.token}, {"weight", rounded(t.weight, 4)}});
    return out;
}

// The object `attune text --jsonl` documents, built field by field with nlohmann::json.
ojson expected_tree(const Analysis& a) {
    ojson emotions = ojson::object(), ekman = ojson::object();
    for (std::size_t k = 0; k < kNumEmotions; ++k)
        emotions[std::string(emotion_names()[k])] = rounded(a.emotions[k], 4);
    for (std::size_t k = 0; k < kNumEkman; ++k)
        ekman[std::string(ekman_names()[k])] = rounded(a.ekman[k], 4);
    ojson explained = ojson::array();
    for (const auto& e : a.explanation.emotions)
        explained.push_back({{"label", e.label},
                             {"probability", rounded(e.probability, 4)},
                             {"tokens", tokens_tree(e.tokens)}});
    ojson distortions = ojson::array();
    for (const auto& d : a.distortions)
        distortions.push_back(
            {{"type", distortion_name(d.type)}, {"evidence", d.evidence}, {"reframe", d.reframe}});
    return {
        {"sentiment",
         {{"compound", rounded(a.sentiment.compound, 4)},
          {"positive", rounded(a.sentiment.positive, 3)},
          {"neutral", rounded(a.sentiment.neutral, 3)},
          {"negative", rounded(a.sentiment.negative, 3)},
          {"rules_compound", rounded(a.sentiment.rules_compound, 4)}}},
        {"emotions", emotions},
        {"labels", a.labels},
        {"ekman", ekman},
        {"vad",
         {{"valence", rounded(a.vad.valence, 3)},
          {"arousal", rounded(a.vad.arousal, 3)},
          {"dominance", rounded(a.vad.dominance, 3)},
          {"scale", "[-1, 1] = (EmoBank 1..5 rating - 3) / 2"}}},
        {"explanation", {{"sentiment", tokens_tree(a.explanation.sentiment)}, {"emotions", explained}}},
        {"crisis", {{"level", crisis_level_name(a.crisis.level)}, {"self_harm", a.crisis.self_harm},
                    {"confidence", rounded(a.crisis.confidence, 3)}, {"evidence", a.crisis.evidence}}},
        {"distortions", distortions},
        {"words", a.words},
    };
}

// A hand-made analysis whose strings need escaping.
Analysis tricky() {
    Analysis a;
    a.sentiment = {-0.123456, 0.25, 0.5, 0.25, -1};
    for (std::size_t k = 0; k < kNumEmotions; ++k) a.emotions[k] = static_cast<float>(k) / 27.0f;
    for (std::size_t k = 0; k < kNumEkman; ++k) a.ekman[k] = 1.0f - static_cast<float>(k) / 7.0f;
    a.labels = {"joy", "neutral"};
    a.vad = {0.9996, -0.00049, -0.5};
    a.explanation.sentiment = {{"say \"no\"", 2.5}, {"back\\slash", -0.00004}, {"café 😀", 0.33336}};
    a.explanation.emotions = {{"joy", 0.98766, {{"tab\there", 1}, {"line\nbreak\r", -3.14159}}}};
    a.crisis.level = CrisisLevel::plan;
    a.crisis.self_harm = true;
    a.crisis.confidence = 0.8499999;
    a.crisis.evidence = {"ctrl \x01 and \x1f end", "日本語", "del \x7f"};
    a.distortions = {{DistortionType::labeling, "I'm a \"loser\"", "What would you call a friend?"}};
    a.words = 12;
    return a;
}

TEST(AnalysisJson, FieldsInDocumentedOrderWithTheirRoundedValues) {
    const Analysis a = tricky();
    EXPECT_EQ(ojson::parse(json_of(a)), expected_tree(a));
}

TEST(AnalysisJson, IsByteForByteWhatNlohmannRenders) {
    // Parsing and dumping again changes nothing: the same order, numbers in nlohmann's shortest
    // form, strings escaped as nlohmann escapes them.
    const std::string s = json_of(tricky(), 7);
    EXPECT_EQ(ojson::parse(s).dump(), s);
}

TEST(AnalysisJson, LineComesFirstWhenGiven) {
    const std::string s = json_of(tricky(), 42);
    EXPECT_EQ(s.rfind("{\"line\":42,\"sentiment\":{", 0), 0u) << s;
    EXPECT_EQ(json_of(tricky()).rfind("{\"sentiment\":{", 0), 0u);
}

TEST(AnalysisJson, NumbersAreFixedPointWithoutTrailingZeros) {
    const std::string s = json_of(tricky());
    for (const char* piece : {"\"compound\":-0.1235,", "\"positive\":0.25,", "\"neutral\":0.5,",
                              "\"rules_compound\":-1}",
                              "\"valence\":1,", "\"dominance\":-0.5,", "\"weight\":2.5}",
                              "\"weight\":0}", "\"weight\":0.3334}", "\"weight\":1}", "\"weight\":-3.1416}",
                              "\"confidence\":0.85,", "\"words\":12}"})
        EXPECT_NE(s.find(piece), std::string::npos) << piece << " in " << s;
}

TEST(AnalysisJson, ARoundedNegativeZeroIsZero) {
    Analysis a;
    a.vad.arousal = -0.00049;
    const std::string s = json_of(a);
    EXPECT_NE(s.find("\"arousal\":0,"), std::string::npos) << s;
}

TEST(AnalysisJson, NotANumberIsNull) {
    Analysis a;
    a.sentiment.compound = std::numeric_limits<double>::quiet_NaN();
    a.vad.valence = std::numeric_limits<double>::infinity();
    const auto j = ojson::parse(json_of(a));
    EXPECT_TRUE(j["sentiment"]["compound"].is_null());
    EXPECT_TRUE(j["vad"]["valence"].is_null());
}

TEST(AnalysisJson, EscapesQuotesBackslashesAndControlCharacters) {
    const std::string s = json_of(tricky());
    for (const char* piece : {"\"say \\\"no\\\"\"", "\"back\\\\slash\"", "\"tab\\there\"", "\"line\\nbreak\\r\"",
                              "\"ctrl \\u0001 and \\u001f end\"", "\"I'm a \\\"loser\\\"\""})
        EXPECT_NE(s.find(piece), std::string::npos) << piece << " in " << s;
    // UTF-8 and DEL are written as they are.
    EXPECT_NE(s.find("\"café 😀\""), std::string::npos);
    EXPECT_NE(s.find("\"日本語\""), std::string::npos);
    EXPECT_NE(s.find("\"del \x7f\""), std::string::npos);
}

TEST(AnalysisJson, BackspaceAndFormFeedUseTheLongEscape) {
    // Both forms are JSON; nlohmann writes \b and \f, append_json \u0008 and \u000c.
    Analysis a;
    a.crisis.evidence = {"a\bb\fc"};
    const std::string s = json_of(a);
    EXPECT_NE(s.find("\"a\\u0008b\\u000cc\""), std::string::npos) << s;
    EXPECT_EQ(ojson::parse(s)["crisis"]["evidence"][0], "a\bb\fc");
}

TEST(AnalysisJson, TheLongestFormOfEveryFieldFits) {
    // Every string all control characters (six bytes each once escaped), every number as long
    // as it gets, the largest line number: the writer must stay inside the memory it set aside
    // (it stops the program otherwise) and still write valid JSON.
    const std::string ctrl(300, '\x01');
    const double big = -12345678901.23456;
    Analysis a;
    a.sentiment = {big, big, big, big, big};
    a.emotions.fill(static_cast<float>(big));
    a.ekman.fill(static_cast<float>(big));
    a.labels.assign(30, ctrl);
    a.vad = {big, big, big};
    for (int i = 0; i < 20; ++i) a.explanation.sentiment.push_back({ctrl, big});
    for (int i = 0; i < 5; ++i) a.explanation.emotions.push_back({ctrl, big, a.explanation.sentiment});
    a.crisis.confidence = big;
    a.crisis.evidence.assign(10, ctrl);
    a.distortions.assign(kNumDistortionTypes, {DistortionType::catastrophizing, ctrl, ctrl});
    a.words = std::numeric_limits<std::size_t>::max();
    std::string s = "prefix";
    append_json(a, s, std::numeric_limits<std::size_t>::max());
    ASSERT_EQ(s.rfind("prefix{\"line\":18446744073709551615,", 0), 0u);
    const auto j = ojson::parse(s.substr(6));
    EXPECT_EQ(j["labels"][29], ctrl);
    EXPECT_EQ(j["words"], std::numeric_limits<std::size_t>::max());
}

TEST(AnalysisJson, ToJsonHoldsTheSameObject) {
    const Analysis a = tricky();
    EXPECT_EQ(to_json(a), nlohmann::json::parse(json_of(a)));
}

TEST(AnalysisJson, AnAnalysedTextIsWhatNlohmannRenders) {
    auto analyzer = Analyzer::load(test::model_dir());
    ASSERT_TRUE(analyzer.is_ok()) << analyzer.status().to_string();
    for (const char* text : {"I love my family but I always ruin everything, I'm such a failure.",
                             "I can't do this anymore, I have the pills ready for tonight.",
                             "\"Great\" day... NOT :( idk"}) {
        auto a = (*analyzer)->analyze(text);
        ASSERT_TRUE(a.is_ok()) << a.status().to_string();
        const std::string s = json_of(*a, 1);
        EXPECT_EQ(ojson::parse(s).dump(), s) << text;
        const ojson fields = expected_tree(*a);
        ojson tree = {{"line", 1}};
        for (const auto& [key, value] : fields.items()) tree[key] = value;
        EXPECT_EQ(ojson::parse(s), tree) << text;
    }
}

}  // namespace
}  // namespace attune::text
