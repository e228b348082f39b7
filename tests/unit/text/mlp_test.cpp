// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <thread>

#include "text/linear_model.hpp"
#include "text/mlp.hpp"
#include "text/model.hpp"

namespace attune::text {
namespace {

SparseVector sparse(std::vector<std::uint32_t> index, std::vector<float> value) {
    SparseVector x;
    x.index = std::move(index);
    x.value = std::move(value);
    return x;
}

// XOR over two binary inputs, each present as a sparse feature or absent; the same four
// patterns repeated. Label on when exactly one of the two features is present.
struct Xor {
    std::vector<SparseVector> X;
    std::vector<float> Y;
    Xor() {
        for (int r = 0; r < 100; ++r) {
            X.push_back(sparse({}, {}));
            Y.push_back(0);
            X.push_back(sparse({0}, {1.0f}));
            Y.push_back(1);
            X.push_back(sparse({1}, {1.0f}));
            Y.push_back(1);
            X.push_back(sparse({0, 1}, {1.0f, 1.0f}));
            Y.push_back(0);
        }
    }
};

MlpOptions xor_options() {
    MlpOptions o;
    o.optimizer = MlpOptimizer::adagrad;
    o.linear_decay = false;
    o.epochs = 100;  // converges for 99 of 100 seeds (a ReLU net can die on the {1} pattern)
    o.learning_rate = 0.1f;
    o.weight_decay = 0.0f;
    o.init_scale = 0.5f;
    return o;
}

// A small multi-output problem with random sparse inputs, for the save/load and seed tests.
struct Random {
    std::vector<SparseVector> X;
    std::vector<float> Y;
    static constexpr std::size_t kFeatures = 20, kOutputs = 3;
    Random() {
        std::uint64_t s = 7;
        auto next = [&s] {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            return s >> 33;
        };
        for (int n = 0; n < 300; ++n) {
            const auto a = static_cast<std::uint32_t>(next() % 10),
                       b = static_cast<std::uint32_t>(10 + next() % 10);
            X.push_back(sparse({a, b}, {0.6f, 0.8f}));
            Y.insert(Y.end(), {a < 5 ? 1.0f : 0.0f, (a + b) % 3 == 0 ? 1.0f : 0.0f,
                               (a < 5) != (b < 15) ? 1.0f : 0.0f});
        }
    }
};

std::vector<float> scores(const MlpModel& m, const SparseVector& x) {
    std::vector<float> out(m.outputs());
    m.predict(x, out);
    return out;
}

TEST(TrainMlp, LearnsXorWhichALinearModelCannot) {
    Xor data;
    const SparseVector patterns[] = {sparse({}, {}), sparse({0}, {1.0f}), sparse({1}, {1.0f}),
                                     sparse({0, 1}, {1.0f, 1.0f})};
    const bool expected[] = {false, true, true, false};

    auto w = train_mlp(data.X, data.Y, 2, 16, 1, xor_options(), {}, "test");
    ASSERT_TRUE(w.is_ok()) << w.status().to_string();
    MlpModel mlp(*w);
    for (int p = 0; p < 4; ++p)
        EXPECT_EQ(sigmoid(scores(mlp, patterns[p])[0]) > 0.5f, expected[p]) << "pattern " << p;

    // The same data defeats a linear model over the same features: at least one pattern is wrong.
    SgdOptions sgd;
    sgd.epochs = 60;
    sgd.l2 = 0;
    auto lin = train_linear(data.X, data.Y, 2, 1, sgd, {}, "test");
    ASSERT_TRUE(lin.is_ok());
    LinearModel linear(2, 1, lin->first, lin->second);
    int right = 0;
    for (int p = 0; p < 4; ++p) {
        float z = 0;
        linear.predict(patterns[p], std::span<float>(&z, 1));
        right += (sigmoid(z) > 0.5f) == expected[p];
    }
    EXPECT_LT(right, 4);
}

TEST(TrainMlp, LearnsXorWithAdamAndDropout) {
    Xor data;
    MlpOptions o = xor_options();
    o.optimizer = MlpOptimizer::adam;
    o.learning_rate = 0.01f;
    o.dropout = 0.2f;
    auto w = train_mlp(data.X, data.Y, 2, 16, 1, o, {}, "test");
    ASSERT_TRUE(w.is_ok()) << w.status().to_string();
    MlpModel mlp(*w);
    EXPECT_LT(sigmoid(scores(mlp, sparse({}, {}))[0]), 0.5f);
    EXPECT_GT(sigmoid(scores(mlp, sparse({0}, {1.0f}))[0]), 0.5f);
    EXPECT_GT(sigmoid(scores(mlp, sparse({1}, {1.0f}))[0]), 0.5f);
    EXPECT_LT(sigmoid(scores(mlp, sparse({0, 1}, {1.0f, 1.0f}))[0]), 0.5f);
}

TEST(TrainMlp, SameSeedGivesTheSameWeightsBitForBit) {
    Random data;
    for (MlpOptimizer opt : {MlpOptimizer::adagrad, MlpOptimizer::adam}) {
        MlpOptions o;
        o.optimizer = opt;
        o.epochs = 3;
        o.dropout = 0.25f;  // the dropout masks come from the seeded stream too
        auto a = train_mlp(data.X, data.Y, Random::kFeatures, 8, Random::kOutputs, o, {}, "test");
        auto b = train_mlp(data.X, data.Y, Random::kFeatures, 8, Random::kOutputs, o, {}, "test");
        ASSERT_TRUE(a.is_ok() && b.is_ok());
        for (auto member : {&MlpWeights::w1, &MlpWeights::b1, &MlpWeights::w2, &MlpWeights::b2}) {
            const auto &u = (*a).*member, &v = (*b).*member;
            ASSERT_EQ(u.size(), v.size());
            EXPECT_EQ(std::memcmp(u.data(), v.data(), u.size() * sizeof(float)), 0);
        }
        o.seed += 1;
        auto c = train_mlp(data.X, data.Y, Random::kFeatures, 8, Random::kOutputs, o, {}, "test");
        ASSERT_TRUE(c.is_ok());
        EXPECT_NE(a->w1, c->w1);
    }
}

TEST(MlpModel, QuantisedPredictionIsCloseToFloat) {
    Random data;
    auto w =
        train_mlp(data.X, data.Y, Random::kFeatures, 8, Random::kOutputs, MlpOptions{}, {}, "test");
    ASSERT_TRUE(w.is_ok());
    MlpModel m(*w);
    for (std::size_t n = 0; n < 20; ++n) {
        const SparseVector& x = data.X[n];
        // The float network, by hand.
        std::vector<float> z(w->b1), out(w->b2);
        for (std::size_t j = 0; j < x.index.size(); ++j)
            for (std::size_t h = 0; h < 8; ++h) z[h] += x.value[j] * w->w1[x.index[j] * 8 + h];
        for (std::size_t h = 0; h < 8; ++h)
            for (std::size_t k = 0; k < Random::kOutputs; ++k)
                out[k] += std::max(0.0f, z[h]) * w->w2[h * Random::kOutputs + k];
        const auto q = scores(m, x);
        for (std::size_t k = 0; k < Random::kOutputs; ++k)
            EXPECT_NEAR(q[k], out[k], 0.05f) << n << "," << k;
    }
}

TEST(MlpModel, SaveLoadRoundTripGivesEqualPredictions) {
    Random data;
    auto w =
        train_mlp(data.X, data.Y, Random::kFeatures, 8, Random::kOutputs, MlpOptions{}, {}, "test");
    ASSERT_TRUE(w.is_ok());
    MlpModel m(*w);
    ModelFile f("attune.test");
    m.save_to(f, "emo");
    auto loaded = ModelFile::load(f.serialize(), "mem");
    ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
    auto back = MlpModel::from_model(*loaded, "emo");
    ASSERT_TRUE(back.is_ok()) << back.status().to_string();
    EXPECT_EQ(back->features(), Random::kFeatures);
    EXPECT_EQ(back->hidden(), 8u);
    EXPECT_EQ(back->outputs(), Random::kOutputs);
    EXPECT_EQ(back->stored_bytes(), m.stored_bytes());
    for (const auto& x : data.X) EXPECT_EQ(scores(*back, x), scores(m, x));  // exactly equal
}

TEST(MlpModel, IgnoresFeaturesBeyondItsInput) {
    MlpWeights w{2, 1, 1, {1.0f, 1.0f}, {0.0f}, {1.0f}, {0.25f}};
    MlpModel m(w);
    EXPECT_FLOAT_EQ(scores(m, sparse({0, 7}, {1.0f, 100.0f}))[0], 1.25f);
    EXPECT_FLOAT_EQ(scores(m, sparse({9}, {1.0f}))[0], 0.25f);
}

TEST(MlpModel, ReluCutsNegativeHiddenUnits) {
    // Two hidden units: +x and -x, both weighted 1 at the output: relu(x) + relu(-x) = |x|.
    MlpWeights w{1, 2, 1, {1.0f, -1.0f}, {0.0f, 0.0f}, {1.0f, 1.0f}, {0.0f}};
    MlpModel m(w);
    EXPECT_NEAR(scores(m, sparse({0}, {0.5f}))[0], 0.5f, 1e-6f);
    EXPECT_NEAR(scores(m, sparse({0}, {-0.5f}))[0], 0.5f, 1e-6f);
}

TEST(MlpModel, PredictIsThreadSafe) {
    Random data;
    auto w =
        train_mlp(data.X, data.Y, Random::kFeatures, 8, Random::kOutputs, MlpOptions{}, {}, "test");
    ASSERT_TRUE(w.is_ok());
    const MlpModel m(*w);
    std::vector<std::vector<float>> expected;
    for (const auto& x : data.X) expected.push_back(scores(m, x));
    std::vector<int> mismatches(2, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t)
        threads.emplace_back([&, t] {
            for (int r = 0; r < 50; ++r)
                for (std::size_t n = 0; n < data.X.size(); ++n)
                    mismatches[t] += scores(m, data.X[n]) != expected[n];
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(mismatches[0] + mismatches[1], 0);
}

// A saved model, from which a test leaves a tensor out and may put a damaged one in its place.
class MlpModelFile : public ::testing::Test {
protected:
    void SetUp() override {
        MlpWeights w;  // 3 features, 2 hidden units, 2 outputs
        w.features = 3;
        w.hidden = 2;
        w.outputs = 2;
        w.w1 = {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f};
        w.b1 = {0.0f, 0.1f};
        w.w2 = {1, 2, 3, 4};
        w.b2 = {0.5f, -0.5f};
        MlpModel(w).save_to(full_, "emo");
    }
    // A copy of the saved model without the tensor `skip`.
    ModelFile without(const std::string& skip) const {
        ModelFile f("attune.test");
        for (const std::string name : {"emo.w1", "emo.w1_scale", "emo.b1", "emo.w2", "emo.b2"}) {
            if (name == skip) continue;
            const bool matrix = name == "emo.w1" || name == "emo.w2";
            const auto* t =
                *full_.get(name, name == "emo.w1" ? DType::u8 : DType::f32, matrix ? 2 : 1);
            f.put(name, t->dtype, t->shape, std::span<const std::uint8_t>(t->data));
        }
        return f;
    }
    static std::string load_error(const ModelFile& f) {
        auto loaded = ModelFile::load(f.serialize(), "mem");
        if (!loaded) return "file: " + loaded.status().to_string();
        auto m = MlpModel::from_model(*loaded, "emo");
        return m.is_ok() ? "" : m.status().to_string();
    }
    ModelFile full_{"attune.test"};
};

TEST_F(MlpModelFile, EachMissingTensorIsNamed) {
    EXPECT_EQ(load_error(full_), "");
    for (const std::string name : {"emo.w1", "emo.w1_scale", "emo.b1", "emo.w2", "emo.b2"}) {
        const std::string e = load_error(without(name));
        EXPECT_NE(e.find("corrupt"), std::string::npos) << e;
        EXPECT_NE(e.find("'" + name + "'"), std::string::npos) << e;
    }
    EXPECT_FALSE(MlpModel::from_model(full_, "absent").is_ok());
}

TEST_F(MlpModelFile, WrongDtypeIsNamed) {
    ModelFile f = without("emo.b1");
    const std::uint32_t ints[] = {1, 2};
    f.put<std::uint32_t>("emo.b1", DType::i32, {2}, ints);
    const std::string e = load_error(f);
    EXPECT_NE(e.find("'emo.b1'"), std::string::npos) << e;
}

TEST_F(MlpModelFile, WrongShapesAreNamed) {
    {
        ModelFile f = without("emo.w1_scale");
        const float s[] = {0.01f, 0.01f, 0.01f};
        f.put<float>("emo.w1_scale", DType::f32, {3}, s);
        const std::string e = load_error(f);
        EXPECT_NE(e.find("'emo.w1_scale'"), std::string::npos) << e;
    }
    {
        ModelFile f = without("emo.w2");
        const float w2[] = {1, 2, 3, 4, 5, 6};
        f.put<float>("emo.w2", DType::f32, {3, 2}, w2);  // 3 rows for 2 hidden units
        const std::string e = load_error(f);
        EXPECT_NE(e.find("'emo.w2'"), std::string::npos) << e;
    }
    {
        ModelFile f = without("emo.b2");
        const float b2[] = {0.5f};
        f.put<float>("emo.b2", DType::f32, {1}, b2);
        const std::string e = load_error(f);
        EXPECT_NE(e.find("'emo.b2'"), std::string::npos) << e;
    }
    {
        ModelFile f = without("emo.w1");
        f.put("emo.w1", DType::u8, {3, 0}, std::span<const std::uint8_t>());
        const std::string e = load_error(f);
        EXPECT_NE(e.find("'emo.w1'"), std::string::npos) << e;
    }
}

TEST_F(MlpModelFile, NonFiniteValuesAreNamed) {
    ModelFile f = without("emo.b2");
    const float b2[] = {0.5f, std::numeric_limits<float>::quiet_NaN()};
    f.put<float>("emo.b2", DType::f32, {2}, b2);
    const std::string e = load_error(f);
    EXPECT_NE(e.find("'emo.b2'"), std::string::npos) << e;
    EXPECT_NE(e.find("non-finite"), std::string::npos) << e;
}

TEST(TrainMlp, IgnoresInputsBeyondItsFeatures) {
    // The same examples with extra inputs at indices >= features train to the same weights.
    Random data;
    std::vector<SparseVector> longer = data.X;
    for (auto& x : longer) {
        x.index.push_back(Random::kFeatures + 3);
        x.value.push_back(5.0f);
    }
    auto a =
        train_mlp(data.X, data.Y, Random::kFeatures, 8, Random::kOutputs, MlpOptions{}, {}, "test");
    auto b =
        train_mlp(longer, data.Y, Random::kFeatures, 8, Random::kOutputs, MlpOptions{}, {}, "test");
    ASSERT_TRUE(a.is_ok() && b.is_ok());
    EXPECT_EQ(a->w1, b->w1);
    EXPECT_EQ(a->w2, b->w2);
}

TEST(TrainMlp, RejectsBadOptions) {
    Xor data;
    auto code = [&](std::size_t hidden, MlpOptions o) {
        return train_mlp(data.X, data.Y, 2, hidden, 1, o, {}, "test").status().code();
    };
    EXPECT_EQ(code(0, {}), StatusCode::invalid_argument);
    EXPECT_EQ(code(MlpModel::kMaxHidden + 1, {}), StatusCode::invalid_argument);
    MlpOptions o;
    o.dropout = 1.0f;
    EXPECT_EQ(code(4, o), StatusCode::invalid_argument);
    o = {};
    o.learning_rate = std::numeric_limits<float>::quiet_NaN();
    EXPECT_EQ(code(4, o), StatusCode::invalid_argument);
    o = {};
    o.weight_decay = -1;
    EXPECT_EQ(code(4, o), StatusCode::invalid_argument);
}

TEST(TrainMlp, ProgressCanCancel) {
    Xor data;
    auto r = train_mlp(
        data.X, data.Y, 2, 4, 1, MlpOptions{},
        [](std::string_view, std::size_t, std::size_t) { return false; }, "test");
    ASSERT_FALSE(r.is_ok());
    EXPECT_EQ(r.status().code(), StatusCode::cancelled);
}

TEST(TrainMlp, AfterEpochSeesEachEpochAndCanStopEarly) {
    Xor data;
    MlpOptions o;
    o.epochs = 5;
    o.linear_decay = false;  // else the rate schedule depends on the planned epochs
    std::vector<int> seen;
    o.after_epoch = [&](int epoch, const MlpWeights& w) {
        seen.push_back(epoch);
        EXPECT_EQ(w.w1.size(), 2u * 4u);
        return epoch < 2;
    };
    auto r = train_mlp(data.X, data.Y, 2, 4, 1, o, {}, "test");
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(seen, (std::vector<int>{1, 2}));
    // Stopping after epoch 2 gives the weights of a 2-epoch run.
    MlpOptions two;
    two.epochs = 2;
    two.linear_decay = false;
    auto r2 = train_mlp(data.X, data.Y, 2, 4, 1, two, {}, "test");
    ASSERT_TRUE(r2.is_ok());
    EXPECT_EQ(r->w1, r2->w1);
    EXPECT_EQ(r->w2, r2->w2);
}

TEST(TrainMlp, LinearDecayStillsTheLastEpoch) {
    // With the rate falling to 0, the last of 10 epochs moves the weights far less than the
    // same epoch at a constant rate.
    Xor data;
    auto last_epoch_change = [&](bool decay) {
        MlpOptions o;
        o.epochs = 10;
        o.linear_decay = decay;
        o.learning_rate = 0.01f;
        std::vector<float> before;
        double change = 0;
        o.after_epoch = [&](int epoch, const MlpWeights& w) {
            if (epoch == 9) before = w.w1;
            if (epoch == 10)
                for (std::size_t i = 0; i < before.size(); ++i)
                    change += std::abs(w.w1[i] - before[i]);
            return true;
        };
        EXPECT_TRUE(train_mlp(data.X, data.Y, 2, 8, 1, o, {}, "test").is_ok());
        return change;
    };
    const double constant = last_epoch_change(false), decayed = last_epoch_change(true);
    EXPECT_GT(constant, 0.0);
    EXPECT_LT(decayed, 0.3 * constant);
}

}  // namespace
}  // namespace attune::text
