// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "text/linear_model.hpp"

namespace attune::text {
namespace {

SparseVector one_hot(std::uint32_t i, float v = 1.0f) {
    SparseVector x;
    x.index = {i};
    x.value = {v};
    return x;
}

TEST(LinearModel, QuantisedPredictionMatchesFloatWithinAPercent) {
    const std::vector<float> w{0.5f, -1.0f, 2.0f, 0.01f, -0.3f, 1.27f};  // 3 features x 2 outputs
    const std::vector<float> b{0.1f, -0.2f};
    LinearModel m(3, 2, w, b);
    SparseVector x;
    x.index = {0, 2};
    x.value = {1.0f, 0.5f};
    float out[2];
    m.predict(x, out);
    EXPECT_NEAR(out[0], 0.1f + 0.5f * 1.0f + (-0.3f) * 0.5f, 0.02f);
    EXPECT_NEAR(out[1], -0.2f + (-1.0f) * 1.0f + 1.27f * 0.5f, 0.02f);
}

TEST(LinearModel, IgnoresFeaturesBeyondItsInput) {
    LinearModel m(2, 1, std::vector<float>{1.0f, 1.0f}, std::vector<float>{0.0f});
    float out = 0;
    m.predict(one_hot(7), std::span<float>(&out, 1));
    EXPECT_FLOAT_EQ(out, 0.0f);
}

TEST(LinearModel, SurvivesTheModelFile) {
    LinearModel m(2, 2, std::vector<float>{1, 2, 3, 4}, std::vector<float>{0.5f, -0.5f});
    ModelFile f("attune.test");
    m.save_to(f, "lm");
    auto loaded = ModelFile::load(f.serialize(), "mem");
    ASSERT_TRUE(loaded.is_ok());
    auto back = LinearModel::from_model(*loaded, "lm");
    ASSERT_TRUE(back.is_ok()) << back.status().to_string();
    float a[2], c[2];
    m.predict(one_hot(1), a);
    back->predict(one_hot(1), c);
    EXPECT_FLOAT_EQ(a[0], c[0]);
    EXPECT_FLOAT_EQ(a[1], c[1]);
    EXPECT_FALSE(LinearModel::from_model(*loaded, "absent").is_ok());
}

TEST(TrainLinear, LearnsASeparableLogisticProblem) {
    // Feature 0 means label on, feature 1 means off.
    std::vector<SparseVector> X;
    std::vector<float> Y;
    for (int i = 0; i < 200; ++i) {
        X.push_back(one_hot(i % 2));
        Y.push_back(i % 2 == 0 ? 1.0f : 0.0f);
    }
    SgdOptions opt;
    opt.epochs = 20;
    auto r = train_linear(X, Y, 2, 1, opt, {}, "test");
    ASSERT_TRUE(r.is_ok());
    LinearModel m(2, 1, r->first, r->second);
    float on = 0, off = 0;
    m.predict(one_hot(0), std::span<float>(&on, 1));
    m.predict(one_hot(1), std::span<float>(&off, 1));
    EXPECT_GT(on, 2.0f);
    EXPECT_LT(off, -2.0f);
}

TEST(TrainLinear, RecoversARegressionLine) {
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> u(-1, 1);
    std::vector<SparseVector> X;
    std::vector<float> Y;
    for (int i = 0; i < 2000; ++i) {
        const float a = u(rng);
        X.push_back(one_hot(0, a));
        Y.push_back(0.7f * a + 0.2f);
    }
    SgdOptions opt;
    opt.loss = Loss::squared;
    opt.epochs = 10;
    opt.l2 = 0;
    auto r = train_linear(X, Y, 1, 1, opt, {}, "test");
    ASSERT_TRUE(r.is_ok());
    EXPECT_NEAR(r->first[0], 0.7f, 0.05f);
    EXPECT_NEAR(r->second[0], 0.2f, 0.05f);
}

TEST(TrainLinear, SameSeedSameWeights) {
    std::vector<SparseVector> X;
    std::vector<float> Y;
    for (int i = 0; i < 100; ++i) {
        X.push_back(one_hot(i % 5, 0.3f + 0.01f * i));
        Y.push_back(i % 3 == 0);
    }
    SgdOptions opt;
    auto a = train_linear(X, Y, 5, 1, opt, {}, "test");
    auto b = train_linear(X, Y, 5, 1, opt, {}, "test");
    ASSERT_TRUE(a.is_ok() && b.is_ok());
    EXPECT_EQ(a->first, b->first);
}

TEST(TrainLinear, UnitInputScaleChangesNothing) {
    std::vector<SparseVector> X;
    std::vector<float> Y;
    for (int i = 0; i < 100; ++i) {
        X.push_back(one_hot(i % 3, 0.5f + 0.01f * i));
        Y.insert(Y.end(), {static_cast<float>(i % 2), static_cast<float>(i % 3 == 0)});
    }
    SgdOptions opt;
    const std::vector<float> ones(3 * 2, 1.0f);
    auto a = train_linear(X, Y, 3, 2, opt, {}, "test");
    auto b = train_linear(X, Y, 3, 2, opt, {}, "test", ones);
    ASSERT_TRUE(a.is_ok() && b.is_ok());
    EXPECT_EQ(a->first, b->first);
    EXPECT_EQ(a->second, b->second);
}

TEST(TrainLinear, ScaledTrainingReturnsWeightsForTheUnscaledInput) {
    // Feature 0 means label on, feature 1 off, as above, trained with very unequal scales.
    std::vector<SparseVector> X;
    std::vector<float> Y;
    for (int i = 0; i < 200; ++i) {
        X.push_back(one_hot(i % 2));
        Y.push_back(i % 2 == 0 ? 1.0f : 0.0f);
    }
    SgdOptions opt;
    opt.epochs = 20;
    const std::vector<float> scale{4.0f, 0.25f};
    auto r = train_linear(X, Y, 2, 1, opt, {}, "test", scale);
    ASSERT_TRUE(r.is_ok());
    LinearModel m(2, 1, r->first, r->second);
    float on = 0, off = 0;
    m.predict(one_hot(0), std::span<float>(&on, 1));
    m.predict(one_hot(1), std::span<float>(&off, 1));
    EXPECT_GT(on, 2.0f);
    EXPECT_LT(off, -2.0f);
}

TEST(NaiveBayesScales, TellingFeaturesGetMoreAndDenseOnesStayAtOne) {
    // Feature 0 only in positive examples, feature 1 in every example, feature 2 dense.
    std::vector<SparseVector> X;
    std::vector<float> Y;
    for (int i = 0; i < 40; ++i) {
        SparseVector x;
        x.index = {1, 2};
        x.value = {0.5f, 0.3f};
        if (i % 4 == 0) {
            x.index = {0, 1, 2};
            x.value = {0.7f, 0.5f, 0.3f};
        }
        X.push_back(x);
        Y.push_back(i % 4 == 0 ? 1.0f : 0.0f);
    }
    const auto s = naive_bayes_scales(X, Y, 3, 2, 1);
    ASSERT_EQ(s.size(), 3u);
    EXPECT_GT(s[0], 2.0f * s[1]);
    EXPECT_NEAR(0.5 * (s[0] + s[1]), 1.0, 1e-6);  // mean 1 over the scaled features
    EXPECT_FLOAT_EQ(s[2], 1.0f);
}

TEST(TrainLinear, ProgressCanCancel) {
    std::vector<SparseVector> X{one_hot(0)};
    std::vector<float> Y{1.0f};
    SgdOptions opt;
    auto r = train_linear(X, Y, 1, 1, opt, [](std::string_view, std::size_t, std::size_t) { return false; }, "test");
    ASSERT_FALSE(r.is_ok());
    EXPECT_EQ(r.status().code(), StatusCode::cancelled);
}

TEST(Int8Matrix, AddProductAddsScaledRowsAndIgnoresIndicesPastTheMatrix) {
    // Columns with max |w| 127 and 254: scales 1 and 2, so the int8 values are exact.
    const std::vector<float> w{1, 2,       // row 0
                               3, 4,       // row 1
                               127, 254};  // row 2
    const Int8Matrix m(w, 3, 2);
    SparseVector x;
    x.index = {0, 2, 9};
    x.value = {0.5f, 2.0f, 100.0f};
    std::vector<float> out{10, 20};
    m.add_product(x, out);
    EXPECT_FLOAT_EQ(out[0], 10 + 0.5f * 1 + 2 * 127);
    EXPECT_FLOAT_EQ(out[1], 20 + 0.5f * 2 + 2 * 254);
    EXPECT_FLOAT_EQ(m.at(2, 1), 254);
    EXPECT_EQ(m.dequantised(), w);
}

TEST(Int8Matrix, AddProductSumsEachColumnInEntryOrderWhateverTheWidth) {
    // Narrow matrices (up to four columns) take their own path; every width must give exactly
    // the floats of summing the products entry by entry. Integer weights with a column maximum
    // of 127 make every scale 1, so the sum can be written out here.
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> weight(-127, 127);
    std::uniform_real_distribution<float> value(-1, 1);
    const std::size_t rows = 500;
    SparseVector x;
    for (std::uint32_t i = 0; i < rows + 20; i += 1 + static_cast<std::uint32_t>(rng() % 3)) {
        x.index.push_back(i);  // the last few past the matrix, which are ignored
        x.value.push_back(value(rng));
    }
    for (std::size_t cols : {1, 2, 3, 4, 5, 35, 64}) {
        std::vector<float> w(rows * cols);
        for (auto& v : w) v = static_cast<float>(weight(rng));
        for (std::size_t k = 0; k < cols; ++k) w[k] = 127;
        const Int8Matrix m(w, rows, cols);
        std::vector<float> got(cols, 0.25f), want(cols, 0.25f);
        m.add_product(x, got);
        for (std::size_t k = 0; k < cols; ++k) {
            float sum = 0;
            for (std::size_t j = 0; j < x.index.size(); ++j)
                if (x.index[j] < rows) sum += x.value[j] * w[x.index[j] * cols + k];
            want[k] += sum * 1.0f;
        }
        EXPECT_EQ(got, want) << cols << " columns";
    }
}

}  // namespace
}  // namespace attune::text
