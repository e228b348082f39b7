// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "text/metrics.hpp"

namespace attune::text {
namespace {

TEST(Pearson, PerfectAndInverseAndConstant) {
    std::vector<double> x{1, 2, 3, 4}, y{2, 4, 6, 8}, z{4, 3, 2, 1}, c{5, 5, 5, 5};
    EXPECT_NEAR(pearson(x, y), 1.0, 1e-12);
    EXPECT_NEAR(pearson(x, z), -1.0, 1e-12);
    EXPECT_EQ(pearson(x, c), 0.0);
}

TEST(PredictLabels, FallsBackToTheClosestLabel) {
    // Two texts, two labels; thresholds 0.5.
    std::vector<float> p{0.9f, 0.1f, 0.2f, 0.3f}, t{0.5f, 0.5f};
    auto pred = predict_labels(p, t, 2);
    EXPECT_EQ(pred, (std::vector<char>{1, 0, 0, 1}));
}

TEST(MacroF1, KnownCounts) {
    // label 0: tp 1 fp 1 fn 0 -> 2/3; label 1: tp 0 -> 0
    std::vector<char> pred{1, 0, 1, 0}, gold{1, 0, 0, 1};
    auto f = per_label_f1(pred, gold, 2);
    EXPECT_NEAR(f[0], 2.0 / 3.0, 1e-12);
    EXPECT_EQ(f[1], 0.0);
    EXPECT_NEAR(macro_f1(pred, gold, 2), 1.0 / 3.0, 1e-12);
}

TEST(TuneThresholds, FindsThresholdsThatSeparateTheLabels) {
    // Label 0 is on exactly when p0 > 0.31, label 1 otherwise; p1 = 1 - p0.
    std::vector<float> p;
    std::vector<char> gold;
    for (int i = 0; i < 50; ++i) {
        const float v = 0.02f * static_cast<float>(i) + 0.005f;
        p.insert(p.end(), {v, 1.0f - v});
        gold.insert(gold.end(), {static_cast<char>(v > 0.31f), static_cast<char>(v <= 0.31f)});
    }
    auto t = tune_thresholds(p, gold, 2);
    EXPECT_NEAR(macro_f1(predict_labels(p, t, 2), gold, 2), 1.0, 1e-12);
    EXPECT_GT(t[0], 0.30f);
    EXPECT_LE(t[0], 0.33f);
}

}  // namespace
}  // namespace attune::text
