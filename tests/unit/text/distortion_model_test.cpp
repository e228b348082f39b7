// SPDX-License-Identifier: Apache-2.0
// The learned distortion scorer: its file, its training, and how it is combined with the rules.
#include "text/distortion_model.hpp"

#include <gtest/gtest.h>

#include <attune/text.hpp>
#include <filesystem>
#include <fstream>

#include "support/run.hpp"

namespace attune::text {
namespace {

std::vector<std::string> dev_files() {
    std::vector<std::string> out;
    for (const char* f : {"dev.tsv", "dev_rules.tsv", "dev_rules_round2.tsv",
                          "dev_rules_round3.tsv", "dev_rules_round4.tsv"})
        out.push_back(test::source_dir() + "/tests/fixtures/distortions/" + f);
    return out;
}

// Trains on the committed development sets into `dir`; returns the file's path.
std::string train_into(const std::string& dir, std::uint64_t seed = 42) {
    DistortionTrainOptions opt;
    opt.data_files = dev_files();
    opt.out_dir = dir;
    opt.seed = seed;
    auto r = train_distortion_model(opt);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return dir + "/distortions.atm";
}

class DistortionModelTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new test::TempDir;
        path_ = train_into(dir_->path());
        auto file = ModelFile::load(path_);
        ASSERT_TRUE(file.is_ok()) << file.status().to_string();
        auto m = DistortionModel::from_model(*file);
        ASSERT_TRUE(m.is_ok()) << m.status().to_string();
        model_ = new DistortionModel(std::move(*m));
    }
    static void TearDownTestSuite() {
        delete model_;
        delete dir_;
    }
    static inline test::TempDir* dir_ = nullptr;
    static inline std::string path_;
    static inline DistortionModel* model_ = nullptr;
};

TEST_F(DistortionModelTest, SaveLoadRoundTripKeepsBytes) {
    ModelFile again{std::string(kDistortionModelKind)};
    model_->save_to(again);
    EXPECT_TRUE(again.serialize() == ModelFile::load(path_)->serialize());
    EXPECT_GE(model_->threshold(), 0.05f);
    EXPECT_LE(model_->threshold(), 2.0f);
    EXPECT_LT(std::filesystem::file_size(path_), 1u << 20);  // small: well under 1 MB
}

TEST_F(DistortionModelTest, TrainingIsDeterministicForASeed) {
    test::TempDir other, seeded;
    EXPECT_TRUE(test::read_all(train_into(other.path())) == test::read_all(path_));
    EXPECT_FALSE(test::read_all(train_into(seeded.path(), 7)) == test::read_all(path_));
}

TEST_F(DistortionModelTest, CrossValidationIsReportedPerHeldOutFile) {
    const auto& cv = model_->meta().at("cross_validation");
    EXPECT_EQ(cv.size(), 5u);
    for (const auto& [fold, figures] : cv.items())
        for (const char* part : {"rules", "model", "combined"})
            EXPECT_TRUE(figures.contains(part)) << fold << " " << part;
}

TEST_F(DistortionModelTest, ModelEvidenceIsTheTextAsWritten) {
    // Every distorted statement the model speaks on cites words of the text itself.
    const std::string text = "Nobody at work will EVER take me seriously, so why bother trying";
    const auto s = model_->score(text, rule_tokens(text));
    if (s.probability[kDistortedOutput] < model_->threshold())
        GTEST_SKIP() << "the model is silent";
    ASSERT_FALSE(s.evidence.empty());
    const auto found = model_->combine({}, s);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].type, s.type);
    EXPECT_EQ(found[0].reframe.back(), '?');
    std::size_t from = 0;
    for (std::size_t to; (to = s.evidence.find(" ... ", from)) != std::string::npos; from = to + 5)
        EXPECT_NE(text.find(s.evidence.substr(from, to - from)), std::string::npos) << s.evidence;
    EXPECT_NE(text.find(s.evidence.substr(from)), std::string::npos) << s.evidence;
}

TEST(DistortionModelFile, WrongKindAndMissingTensorsAreCorrupt) {
    auto m = DistortionModel::from_model(ModelFile("attune.crisis"));
    ASSERT_FALSE(m.is_ok());
    EXPECT_EQ(m.status().code(), StatusCode::corrupt);
    EXPECT_NE(m.status().message().find("attune.crisis"), std::string::npos);
    const auto missing =
        DistortionModel::from_model(ModelFile(std::string(kDistortionModelKind))).status();
    EXPECT_EQ(missing.code(), StatusCode::corrupt);
    EXPECT_NE(missing.message().find("vocab.keys"), std::string::npos) << missing.message();
}

TEST(DistortionModelFile, AnalyzerNamesAMissingDistortionModel) {
    test::TempDir dir;
    for (const char* f : {"text.atm", "crisis.atm"})
        std::filesystem::copy_file(test::model_dir() + "/" + f, dir.path() + "/" + f);
    auto missing = Analyzer::load(dir.path());
    ASSERT_FALSE(missing.is_ok());
    EXPECT_EQ(missing.status().code(), StatusCode::not_found);
    EXPECT_NE(missing.status().message().find(dir.path() + "/distortions.atm"), std::string::npos);
}

TEST(DistortionModelFile, TrainingRefusesNoFiles) {
    DistortionTrainOptions opt;
    opt.out_dir = "/tmp";
    EXPECT_EQ(train_distortion_model(opt).status().code(), StatusCode::invalid_argument);
}

TEST(DistortionCombine, RulesFindingsStand) {
    std::vector<Distortion> rules{{DistortionType::labeling, "I'm a loser", "What evidence?"}};
    DistortionScore model;
    model.probability.fill(0.99f);
    model.type = DistortionType::mind_reading;
    model.evidence = "they think";
    const auto out = DistortionModel::combine(rules, model, 0.5f);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].type, DistortionType::labeling);
    EXPECT_EQ(out[0].evidence, "I'm a loser");
}

TEST(DistortionCombine, ModelSpeaksOnlyAboveItsThresholdWhenTheRulesAreSilent) {
    DistortionScore model;
    model.probability[kDistortedOutput] = 0.6f;
    model.type = DistortionType::fortune_telling;
    model.evidence = "going to go badly";
    EXPECT_TRUE(DistortionModel::combine({}, model, 0.7f).empty());
    const auto out = DistortionModel::combine({}, model, 0.5f);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].type, DistortionType::fortune_telling);
    EXPECT_EQ(out[0].evidence, "going to go badly");
    EXPECT_FALSE(out[0].reframe.empty());
}

// Regression: an ordinary report of the day, with no distortion, stays empty as shipped.
TEST(DistortionAnalyze, PlainSentenceStaysEmpty) {
    auto a = Analyzer::load(test::model_dir());
    ASSERT_TRUE(a.is_ok()) << a.status().to_string();
    for (const char* text :
         {"I picked up milk on the way home", "I walked the dog and made soup."}) {
        auto r = (*a)->analyze(text);
        ASSERT_TRUE(r.is_ok()) << r.status().to_string();
        EXPECT_TRUE(r->distortions.empty()) << text << ": " << r->distortions.size();
    }
}

// models/distortions.atm is what `attune train distortions` builds from the committed files.
TEST(DistortionTrain, RebuildsTheCommittedModelByteForByte) {
    test::TempDir dir;
    const std::string built = test::read_all(train_into(dir.path()));
    const std::string committed = test::read_all(test::model_dir() + "/distortions.atm");
    ASSERT_FALSE(built.empty());
    EXPECT_TRUE(built == committed) << "models/distortions.atm differs from what `attune train "
                                       "distortions` builds: retrain and commit it";
}

}  // namespace
}  // namespace attune::text
