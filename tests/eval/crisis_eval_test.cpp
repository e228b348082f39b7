// SPDX-License-Identifier: Apache-2.0
// Crisis grading as shipped (Analyzer::analyze: the phrase rules plus models/crisis.atm),
// measured on our held-out statements (tests/fixtures/crisis/test.tsv, never trained or tuned
// on: measured once, after the model was final) and on the Reddit C-SSRS users under
// ../shared/data; and that `attune train crisis` rebuilds the committed model. Floors sit just
// under the measured figures (docs/BENCHMARKS.md) so that a regression fails; issue #3's
// targets are higher (any-risk recall >= 0.97, false alarms <= 5%, exact level >= 0.80).
#include <filesystem>

#include <gtest/gtest.h>

#include <attune/text.hpp>

#include "support/run.hpp"

namespace attune::text {
namespace {

constexpr double kMinHeldOutRecall = 0.97;        // measured 0.981 (rules alone 0.854)
constexpr double kMaxHeldOutFalseAlarms = 0.03;   // measured 0.012 (rules alone 0.008)
constexpr double kMinHeldOutExact = 0.94;         // measured 0.967 (rules alone 0.914)
// Measured 0.727 (rules alone 0.683). It was 0.720 with the model of two writers and has moved
// by 0.02 at most over four rounds of rules and training on our statements, inside its sampling
// error (159 at-risk users against 91, standard error near 0.03); it is never tuned on.
constexpr double kMinRedditAuc = 0.68;

std::string fixture(const char* name) { return test::source_dir() + "/tests/fixtures/crisis/" + name; }

struct Floor {
    const char* name;
    double recall, false_alarms, exact;
};

class CrisisEval : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto a = Analyzer::load(test::model_dir());
        ASSERT_TRUE(a.is_ok()) << a.status().to_string();
        analyzer_ = *a;
    }
    // The set's any-risk recall, false alarms and exact level are no worse than its floor.
    static void expect_floor(const Floor& f) {
        auto r = evaluate_crisis_statements(*analyzer_, fixture(f.name));
        ASSERT_TRUE(r.is_ok()) << r.status().to_string();
        EXPECT_GE((*r)["any_risk_recall"].get<double>(), f.recall) << f.name;
        EXPECT_LE((*r)["false_alarm_rate"].get<double>(), f.false_alarms) << f.name;
        EXPECT_GE((*r)["exact_level_accuracy"].get<double>(), f.exact) << f.name;
    }
    static inline std::shared_ptr<const Analyzer> analyzer_;
};

TEST_F(CrisisEval, HeldOutStatements) {
    auto r = evaluate_crisis_statements(*analyzer_, fixture("test.tsv"));
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    std::printf("%s\n", (*r).dump(2).c_str());
    EXPECT_GE((*r)["any_risk_recall"].get<double>(), kMinHeldOutRecall);
    EXPECT_LE((*r)["false_alarm_rate"].get<double>(), kMaxHeldOutFalseAlarms);
    EXPECT_GE((*r)["exact_level_accuracy"].get<double>(), kMinHeldOutExact);
}

// In-sample: the model is trained on the thirty-one development sets (and the rules were revised on
// all but dev7.tsv), so these guard against regressions, not generalisation (see the held-out test and
// the cross-validated figures in docs/BENCHMARKS.md).
TEST_F(CrisisEval, DevelopmentStatements) {
    for (const Floor& f : {Floor{"dev.tsv", 0.99, 0.01, 0.98}, Floor{"dev2.tsv", 0.99, 0.01, 0.97},
                          Floor{"dev3.tsv", 0.95, 0.045, 0.94}, Floor{"dev4.tsv", 0.99, 0.02, 0.97},
                          Floor{"dev5.tsv", 0.98, 0.02, 0.96}, Floor{"dev6.tsv", 0.98, 0.02, 0.96},
                          Floor{"dev7.tsv", 0.98, 0.045, 0.96}, Floor{"dev8.tsv", 0.98, 0.02, 0.96},
                          Floor{"dev9.tsv", 0.98, 0.02, 0.96}, Floor{"dev10.tsv", 0.98, 0.025, 0.96},
                          Floor{"dev11.tsv", 0.99, 0.01, 0.96}, Floor{"dev12.tsv", 0.99, 0.01, 0.96},
                          Floor{"dev13.tsv", 0.99, 0.01, 0.96}, Floor{"dev14.tsv", 0.99, 0.02, 0.96},
                          Floor{"dev15.tsv", 0.99, 0.01, 0.96}, Floor{"dev16.tsv", 0.99, 0.01, 0.96},
                          Floor{"dev17.tsv", 0.99, 0.02, 0.96}, Floor{"dev18.tsv", 0.99, 0.01, 0.96},
                          Floor{"dev19.tsv", 0.99, 0.02, 0.96}, Floor{"dev20.tsv", 0.99, 0.02, 0.97},
                          Floor{"dev21.tsv", 0.99, 0.02, 0.96}, Floor{"dev22.tsv", 0.98, 0.02, 0.96},
                          Floor{"dev23.tsv", 0.99, 0.035, 0.95}, Floor{"dev24.tsv", 0.99, 0.01, 0.96},
                          Floor{"dev25.tsv", 0.99, 0.03, 0.96}, Floor{"dev26.tsv", 0.99, 0.02, 0.97},
                          Floor{"dev27.tsv", 0.99, 0.015, 0.97}, Floor{"dev28.tsv", 0.99, 0.01, 0.97},
                          Floor{"dev29.tsv", 0.99, 0.02, 0.96}, Floor{"dev30.tsv", 0.99, 0.01, 0.97},
                          Floor{"dev31.tsv", 0.99, 0.01, 0.97}}) {
        expect_floor(f);
    }
}

// dev32.tsv … dev34.tsv: three more writers' statements, graded blind and fitted by neither the
// rules nor the model (their README section): measured recall / false alarms / exact level
// 0.978 / 2.8% / 0.957 on dev32, 0.988 / 4.5% / 0.949 on dev33, 0.966 / 3.5% / 0.945 on dev34.
TEST_F(CrisisEval, UnseenWriterStatements) {
    for (const auto& f : {Floor{"dev32.tsv", 0.97, 0.03, 0.95}, Floor{"dev33.tsv", 0.98, 0.05, 0.94},
                          Floor{"dev34.tsv", 0.96, 0.04, 0.94}}) {
        expect_floor(f);
    }
}

TEST_F(CrisisEval, RedditUsersAtRiskRankAbove) {
    if (!std::filesystem::is_directory(test::shared_data_dir() + "/cssrs_reddit"))
        GTEST_SKIP() << "no " << test::shared_data_dir() << "/cssrs_reddit: the Reddit C-SSRS AUC is not measured";
    auto r = evaluate_crisis_reddit(*analyzer_, test::shared_data_dir());
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    std::printf("%s\n", (*r).dump(2).c_str());
    EXPECT_GE((*r)["auc"].get<double>(), kMinRedditAuc);
}

TEST(CrisisTrain, RebuildsTheCommittedModelByteForByte) {
    // The committed model was trained with GoEmotions' ordinary comments beside the statements.
    if (!std::filesystem::is_directory(test::shared_data_dir() + "/goemotions"))
        GTEST_SKIP() << "no " << test::shared_data_dir() << "/goemotions: the model cannot be rebuilt as committed";
    test::TempDir dir;
    auto r = test::run(test::cli() + " train crisis --out " + dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string built = test::read_all(dir.path() + "/crisis.atm");
    const std::string committed = test::read_all(test::model_dir() + "/crisis.atm");
    ASSERT_FALSE(built.empty());
    EXPECT_TRUE(built == committed) << "models/crisis.atm differs from what `attune train crisis` builds: "
                                       "retrain and commit it";
}

}  // namespace
}  // namespace attune::text
