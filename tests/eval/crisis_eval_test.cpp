// SPDX-License-Identifier: Apache-2.0
// Crisis grading measured from outside the rules: on our held-out statements
// (tests/fixtures/crisis/test.tsv, written independently of the rules and never tuned on) and
// on the Reddit C-SSRS users under ../shared/data. Floors sit just under the measured figures
// (docs/BENCHMARKS.md) so that a regression fails; issue #3's targets are higher (any-risk
// recall >= 0.97, false alarms <= 5%, exact level >= 0.80) and are reported there.
#include <filesystem>

#include <gtest/gtest.h>

#include <attune/text.hpp>

#include "support/run.hpp"

namespace attune::text {
namespace {

constexpr double kMinHeldOutRecall = 0.78;
constexpr double kMaxHeldOutFalseAlarms = 0.04;
constexpr double kMinHeldOutExact = 0.85;
constexpr double kMinRedditAuc = 0.68;

std::string fixture(const char* name) { return test::source_dir() + "/tests/fixtures/crisis/" + name; }

TEST(CrisisEval, HeldOutStatements) {
    auto r = evaluate_crisis_statements(fixture("test.tsv"));
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    std::printf("%s\n", (*r).dump(2).c_str());
    EXPECT_GE((*r)["any_risk_recall"].get<double>(), kMinHeldOutRecall);
    EXPECT_LE((*r)["false_alarm_rate"].get<double>(), kMaxHeldOutFalseAlarms);
    EXPECT_GE((*r)["exact_level_accuracy"].get<double>(), kMinHeldOutExact);
}

// The rules were written against these two sets (dev.tsv first, dev2.tsv after a blind
// measurement of 0.62 recall), so these floors guard against regressions, not generalisation.
TEST(CrisisEval, DevelopmentStatements) {
    struct Floor {
        const char* name;
        double recall, false_alarms, exact;
    };
    for (const Floor& f : {Floor{"dev.tsv", 0.97, 0.02, 0.97}, Floor{"dev2.tsv", 0.89, 0.02, 0.92}}) {
        auto r = evaluate_crisis_statements(fixture(f.name));
        ASSERT_TRUE(r.is_ok()) << r.status().to_string();
        EXPECT_GE((*r)["any_risk_recall"].get<double>(), f.recall) << f.name;
        EXPECT_LE((*r)["false_alarm_rate"].get<double>(), f.false_alarms) << f.name;
        EXPECT_GE((*r)["exact_level_accuracy"].get<double>(), f.exact) << f.name;
    }
}

TEST(CrisisEval, RedditUsersAtRiskRankAbove) {
    if (!std::filesystem::is_directory(test::shared_data_dir() + "/cssrs_reddit"))
        GTEST_SKIP() << "no " << test::shared_data_dir() << "/cssrs_reddit: the Reddit C-SSRS AUC is not measured";
    auto r = evaluate_crisis_reddit(test::shared_data_dir());
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    std::printf("%s\n", (*r).dump(2).c_str());
    EXPECT_GE((*r)["auc"].get<double>(), kMinRedditAuc);
}

}  // namespace
}  // namespace attune::text
