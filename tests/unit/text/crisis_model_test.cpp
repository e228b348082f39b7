// SPDX-License-Identifier: Apache-2.0
// The learned crisis scorer: its features, its file, its training, and how it is combined with
// the rules.
#include "text/crisis_model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <attune/text.hpp>
#include <filesystem>
#include <fstream>

#include "support/run.hpp"

namespace attune::text {
namespace {

std::string fixture(const char* name) {
    return test::source_dir() + "/tests/fixtures/crisis/" + name;
}

// Trains on the first ten committed development sets into `dir` (the mechanics of training, in
// the time a unit test has; the shipped model's own retraining is checked in crisis_eval_test);
// returns the file's path.
std::string train_into(const std::string& dir, std::uint64_t seed = 42) {
    CrisisTrainOptions opt;
    opt.data_files = {fixture("dev.tsv"), fixture("dev2.tsv"), fixture("dev3.tsv"), fixture("dev4.tsv"),
                      fixture("dev5.tsv"), fixture("dev6.tsv"), fixture("dev7.tsv"),
                      fixture("dev8.tsv"), fixture("dev9.tsv"), fixture("dev10.tsv")};
    opt.out_dir = dir;
    opt.seed = seed;
    auto r = train_crisis_model(opt);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return dir + "/crisis.atm";
}

class CrisisModelTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new test::TempDir;
        path_ = train_into(dir_->path());
        auto file = ModelFile::load(path_);
        ASSERT_TRUE(file.is_ok()) << file.status().to_string();
        auto m = CrisisModel::from_model(*file);
        ASSERT_TRUE(m.is_ok()) << m.status().to_string();
        model_ = new CrisisModel(std::move(*m));
    }
    static void TearDownTestSuite() {
        delete model_;
        delete dir_;
    }
    static inline test::TempDir* dir_ = nullptr;
    static inline std::string path_;
    static inline CrisisModel* model_ = nullptr;
};

TEST(CrisisNgrams, CharacterGramsTieMisspellingsToTheWord) {
    auto hashes = [](std::string_view text) {
        std::vector<FeatureHit> hits;
        std::vector<float> weight;
        const auto tokens = rule_tokens(text);
        crisis_ngrams(tokens, 0, tokens.size(), hits, weight);
        EXPECT_EQ(hits.size(), weight.size());
        std::vector<std::uint64_t> h;
        for (const auto& hit : hits) h.push_back(hit.hash);
        std::sort(h.begin(), h.end());
        return h;
    };
    const auto right = hashes("suicide"), typo = hashes("suicde");
    std::vector<std::uint64_t> shared;
    std::set_intersection(right.begin(), right.end(), typo.begin(), typo.end(),
                          std::back_inserter(shared));
    EXPECT_GE(shared.size(), 3u);  // "<su", "sui", "uic", ...
}

TEST(CrisisNgrams, NegatedWordsAreTheirOwnFeatures) {
    std::vector<FeatureHit> hits;
    std::vector<float> weight;
    const auto tokens = rule_tokens("I would never hurt myself");
    crisis_ngrams(tokens, 0, tokens.size(), hits, weight);
    EXPECT_TRUE(
        std::any_of(hits.begin(), hits.end(), [](const FeatureHit& h) { return h.negated; }));
}

TEST_F(CrisisModelTest, SaveLoadRoundTripKeepsBytesAndScores) {
    ModelFile again{std::string(kCrisisModelKind)};
    model_->save_to(again);
    EXPECT_TRUE(again.serialize() == ModelFile::load(path_)->serialize());
    EXPECT_GE(model_->threshold(), 0.05f);
    EXPECT_LE(model_->threshold(), 0.95f);
}

TEST_F(CrisisModelTest, TrainingIsDeterministicForASeed) {
    test::TempDir other, seeded;
    EXPECT_TRUE(test::read_all(train_into(other.path())) == test::read_all(path_));
    EXPECT_FALSE(test::read_all(train_into(seeded.path(), 7)) == test::read_all(path_));
}

TEST_F(CrisisModelTest, ModelEvidenceIsTheTextAsWritten) {
    const std::string text = "Honestly Ive been STOCKPILING my meds for weeks now";
    const auto score = model_->score(text);
    ASSERT_GE(score.probability[kRisk], model_->threshold());
    const auto a = model_->combine(CrisisAssessment{}, score);
    EXPECT_NE(a.level, CrisisLevel::none);
    EXPECT_FLOAT_EQ(static_cast<float>(a.confidence), score.probability[kRisk]);
    ASSERT_FALSE(a.evidence.empty());
    for (const auto& e : a.evidence) EXPECT_NE(text.find(e), std::string::npos) << e;
}

TEST_F(CrisisModelTest, SafeSentencesAreNotFlagged) {
    // "I made pasta tonight" scores above the threshold on words that co-occur with plans in
    // the training statements ("made", "tonight"); the crisis-vocabulary gate keeps it quiet.
    // "Really good day, I felt like myself again." was read as active ideation ("Really", "like
    // myself again") until dev2.tsv's recovery rows taught the model the other sense.
    for (const char* text : {"We picked a date for the wedding.", "This exam is killing me.",
                             "I made pasta tonight.", "Really good day, I felt like myself again."}) {
        const auto a = model_->combine(CrisisAssessment{}, model_->score(text));
        EXPECT_EQ(a.level, CrisisLevel::none) << text;
    }
}

TEST(CrisisCombine, RulesWinWhenTheyFire) {
    CrisisAssessment rules;
    rules.level = CrisisLevel::passive;
    rules.confidence = 0.85;
    rules.evidence = {"I want to die"};
    CrisisScore model;
    model.probability = {0.99f, 0.1f, 0.2f, 0.9f, 0.1f, 0.0f};
    model.level = CrisisLevel::plan;
    model.evidence = {"pills"};
    // The model is sure of risk, but not of its rung beyond the raising threshold: rules stand.
    auto a = CrisisModel::combine(rules, model, {0.5f, 0.95f, 0.0f});
    EXPECT_EQ(a.level, CrisisLevel::passive);
    EXPECT_EQ(a.evidence, rules.evidence);
    EXPECT_DOUBLE_EQ(a.confidence, 0.85);
    // Without a veto the model never lowers what the rules found.
    model.probability = {0.01f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
    model.level = CrisisLevel::passive;
    EXPECT_EQ(CrisisModel::combine(rules, model, {0.5f, 0.95f, 0.0f}).level, CrisisLevel::passive);
    // Very sure of a higher rung: the level is raised and both sets of words are cited.
    model.probability = {0.99f, 0.0f, 0.0f, 0.97f, 0.0f, 0.0f};
    model.level = CrisisLevel::plan;
    a = CrisisModel::combine(rules, model, {0.5f, 0.95f, 0.0f});
    EXPECT_EQ(a.level, CrisisLevel::plan);
    EXPECT_EQ(a.evidence, (std::vector<std::string>{"I want to die", "pills"}));
}

// A model that scored the text and is sure it holds no risk overrules the rules' flag; one that
// did not score it (no crisis vocabulary) or is less sure leaves the flag standing.
TEST(CrisisCombine, AVetoNeedsAModelThatScoredTheTextAndIsSureOfNoRisk) {
    CrisisAssessment rules;
    rules.level = CrisisLevel::active;
    rules.confidence = 0.8;
    rules.evidence = {"thought about suicide"};
    CrisisScore model;
    model.probability = {0.12f, 0.0f, 0.1f, 0.0f, 0.0f, 0.0f};
    model.on_topic = true;
    const auto vetoed = CrisisModel::combine(rules, model, {0.5f, 2.0f, 0.2f});
    EXPECT_EQ(vetoed.level, CrisisLevel::none);
    EXPECT_TRUE(vetoed.evidence.empty());
    EXPECT_FALSE(vetoed.self_harm);
    EXPECT_NEAR(vetoed.confidence, 0.88, 1e-6);
    EXPECT_EQ(CrisisModel::combine(rules, model, {0.5f, 2.0f, 0.1f}).level, CrisisLevel::active);
    EXPECT_EQ(CrisisModel::combine(rules, model, {0.5f, 2.0f, 0.0f}).level, CrisisLevel::active);
    model.on_topic = false;
    EXPECT_EQ(CrisisModel::combine(rules, model, {0.5f, 2.0f, 0.2f}).level, CrisisLevel::active);
}

TEST(CrisisCombine, ModelSpeaksOnlyAboveItsThresholdWhenTheRulesAreSilent) {
    CrisisAssessment rules;
    rules.confidence = 1;
    CrisisScore model;
    model.probability = {0.6f, 0.1f, 0.7f, 0.1f, 0.1f, 0.8f};
    model.level = CrisisLevel::active;
    model.evidence = {"hurt"};
    model.on_topic = true;
    EXPECT_EQ(CrisisModel::combine(rules, model, {0.7f, 2.0f, 0.0f}).level, CrisisLevel::none);
    const auto a = CrisisModel::combine(rules, model, {0.5f, 2.0f, 0.0f});
    EXPECT_EQ(a.level, CrisisLevel::active);
    EXPECT_TRUE(a.self_harm);
    EXPECT_FLOAT_EQ(static_cast<float>(a.confidence), 0.6f);
    EXPECT_EQ(a.evidence, model.evidence);
    model.on_topic = false;  // no crisis vocabulary in the text: the model stays quiet
    EXPECT_EQ(CrisisModel::combine(rules, model, {0.5f, 2.0f, 0.0f}).level, CrisisLevel::none);
}

// Where the rules explained a phrase away, the model needs its guarded threshold too.
TEST(CrisisCombine, WhereTheRulesExplainedAPhraseAwayTheModelNeedsMore) {
    CrisisAssessment rules;
    rules.explained_away = true;  // "Tried to kill myself? Never have."
    rules.confidence = 0.6;
    CrisisScore model;
    model.probability = {0.45f, 0.1f, 0.1f, 0.1f, 0.5f, 0.0f};
    model.level = CrisisLevel::behavior;
    model.evidence = {"Tried to kill myself"};
    model.on_topic = true;
    EXPECT_EQ(CrisisModel::combine(rules, model, {0.35f, 2.0f, 0.1f, 2.0f, 0.5f}).level,
              CrisisLevel::none);
    EXPECT_EQ(CrisisModel::combine(rules, model, {0.35f, 2.0f, 0.1f, 2.0f, 0.4f}).level,
              CrisisLevel::behavior);
    rules.explained_away = false;
    EXPECT_EQ(CrisisModel::combine(rules, model, {0.35f, 2.0f, 0.1f, 2.0f, 0.5f}).level,
              CrisisLevel::behavior);
}

// Off crisis vocabulary the model speaks alone only from its off-topic threshold.
TEST(CrisisCombine, OffCrisisVocabularyTheModelNeedsItsOffTopicThreshold) {
    CrisisScore model;
    model.probability = {0.6f, 0.7f, 0.1f, 0.1f, 0.1f, 0.0f};
    model.level = CrisisLevel::passive;
    model.evidence = {"take me tonight"};
    model.on_topic = false;
    EXPECT_EQ(CrisisModel::combine(CrisisAssessment{}, model, {0.5f, 2.0f, 0.0f, 2.0f}).level,
              CrisisLevel::none);
    EXPECT_EQ(CrisisModel::combine(CrisisAssessment{}, model, {0.5f, 2.0f, 0.0f, 0.7f}).level,
              CrisisLevel::none);
    const auto a = CrisisModel::combine(CrisisAssessment{}, model, {0.5f, 2.0f, 0.0f, 0.55f});
    EXPECT_EQ(a.level, CrisisLevel::passive);
    EXPECT_EQ(a.evidence, model.evidence);
}

// Trained on statements alone, the model has no measure of ordinary text, so it never speaks
// off crisis vocabulary; with ordinary comments, those with crisis vocabulary or a rule's flag
// are left out, every eighth of train.tsv is trained on and dev.tsv is the measure.
TEST_F(CrisisModelTest, WithoutOrdinaryTextTheModelStaysOnTopic) {
    EXPECT_GT(model_->thresholds().off_topic, 1.0f);  // train_into gives no ordinary text
    EXPECT_FALSE(model_->meta().contains("ordinary"));
}

TEST(CrisisTrainOrdinary, OrdinaryCommentsAreFilteredSampledAndMeasured) {
    test::TempDir ordinary, out;
    for (const char* split : {"train", "dev"}) {
        std::string tsv;
        for (int i = 0; i < 40; ++i)
            tsv += "The bus was late again, comment number " + std::to_string(i) + "\t27\tid" +
                   std::to_string(i) + "\n";
        tsv += "this exam is killing me lol\t27\tx1\n";  // crisis vocabulary: left out
        tsv += "I want to kill myself\t25\tx2\n";
        std::ofstream(ordinary.path() + "/" + split + ".tsv", std::ios::binary) << tsv;
    }
    CrisisTrainOptions opt;
    opt.data_files = {fixture("dev.tsv"), fixture("dev2.tsv")};
    opt.ordinary_dir = ordinary.path();
    opt.out_dir = out.path();
    auto r = train_crisis_model(opt);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    EXPECT_EQ((*r).metrics["ordinary"]["train"]["comments"], 5);  // 40 kept, every 8th
    EXPECT_EQ((*r).metrics["ordinary"]["held_out"]["comments"], 40);
    EXPECT_TRUE((*r).metrics.contains("off_topic_threshold"));
    for (const auto& [fold, figures] : (*r).metrics["cross_validation"].items())
        EXPECT_TRUE(figures.contains("ordinary_false_alarm_rate")) << fold;
    opt.ordinary_dir = out.path() + "/nowhere";
    EXPECT_EQ(train_crisis_model(opt).status().code(), StatusCode::not_found);
}

TEST(CrisisModelFile, WrongKindAndBadShapesAreCorrupt) {
    auto m = CrisisModel::from_model(ModelFile("attune.text"));
    ASSERT_FALSE(m.is_ok());
    EXPECT_EQ(m.status().code(), StatusCode::corrupt);
    EXPECT_NE(m.status().message().find("attune.text"), std::string::npos);
    ModelFile empty{std::string(kCrisisModelKind)};
    const auto missing = CrisisModel::from_model(empty).status();
    EXPECT_EQ(missing.code(), StatusCode::corrupt);
    EXPECT_NE(missing.message().find("vocab.keys"), std::string::npos) << missing.message();
}

TEST(CrisisModelFile, AnalyzerNamesAMissingOrCorruptCrisisModel) {
    test::TempDir dir;
    std::filesystem::copy_file(test::model_dir() + "/text.atm", dir.path() + "/text.atm");
    auto missing = Analyzer::load(dir.path());
    ASSERT_FALSE(missing.is_ok());
    EXPECT_EQ(missing.status().code(), StatusCode::not_found);
    EXPECT_NE(missing.status().message().find(dir.path() + "/crisis.atm"), std::string::npos);

    std::string bytes = test::read_all(test::model_dir() + "/crisis.atm");
    bytes[bytes.size() - 100] ^= 0x5A;  // a flipped byte in the weights breaks the checksum
    std::ofstream(dir.path() + "/crisis.atm", std::ios::binary) << bytes;
    auto corrupt = Analyzer::load(dir.path());
    ASSERT_FALSE(corrupt.is_ok());
    EXPECT_EQ(corrupt.status().code(), StatusCode::corrupt);
    EXPECT_NE(corrupt.status().message().find("crisis.atm"), std::string::npos);
}

}  // namespace
}  // namespace attune::text
