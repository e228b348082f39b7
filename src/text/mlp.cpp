// SPDX-License-Identifier: Apache-2.0
#include "text/mlp.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace attune::text {
namespace {

// splitmix64 (Steele, Lea & Flood 2014): a fixed, portable stream, so that training is
// reproducible across standard libraries (std::shuffle and std::*_distribution are not).
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : s_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform on [0, 1), 24 random bits: exactly representable as a float.
    float uniform() { return static_cast<float>(next() >> 40) * 0x1.0p-24f; }
    // Uniform on [0, n); the modulo bias is below 2^-32 for the n used here.
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

private:
    std::uint64_t s_;
};

std::string shape_string(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

bool all_finite(std::span<const float> v) {
    return std::all_of(v.begin(), v.end(), [](float f) { return std::isfinite(f); });
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// MlpModel

MlpModel::MlpModel(const MlpWeights& w)
    : features_(w.features), hidden_(w.hidden), outputs_(w.outputs), b1_(w.b1), w2_(w.w2), b2_(w.b2) {
    ATTUNE_ASSERT(w.hidden >= 1 && w.hidden <= kMaxHidden && w.outputs >= 1,
                  "hidden " + std::to_string(w.hidden) + ", outputs " + std::to_string(w.outputs));
    ATTUNE_ASSERT(w.w1.size() == w.features * w.hidden && w.b1.size() == w.hidden &&
                      w.w2.size() == w.hidden * w.outputs && w.b2.size() == w.outputs,
                  "weights for " + std::to_string(w.features) + "x" + std::to_string(w.hidden) +
                      "x" + std::to_string(w.outputs) + " have sizes " +
                      std::to_string(w.w1.size()) + ", " + std::to_string(w.b1.size()) + ", " +
                      std::to_string(w.w2.size()) + ", " + std::to_string(w.b2.size()));
    w1_ = Int8Matrix(w.w1, features_, hidden_);
}

void MlpModel::predict(const SparseVector& x, std::span<float> out) const {
    ATTUNE_ASSERT(out.size() == outputs_, "output span " + std::to_string(out.size()) + " for " +
                                              std::to_string(outputs_) + " outputs");
    float z[kMaxHidden];
    const std::size_t H = hidden_, K = outputs_;
    std::copy(b1_.begin(), b1_.end(), z);
    w1_.add_product(x, std::span<float>(z, H));
    std::copy(b2_.begin(), b2_.end(), out.begin());
    float* o = out.data();
    for (std::size_t h = 0; h < H; ++h) {
        const float a = z[h];
        if (a <= 0.0f) continue;  // ReLU: an inactive unit contributes nothing
        const float* row = w2_.data() + h * K;
        for (std::size_t k = 0; k < K; ++k) o[k] += a * row[k];
    }
}

MlpWeights MlpModel::dequantised() const {
    return MlpWeights{features_, hidden_, outputs_, w1_.dequantised(), b1_, w2_, b2_};
}

std::size_t MlpModel::stored_bytes() const {
    return w1_.stored_bytes() + sizeof(float) * (b1_.size() + w2_.size() + b2_.size());
}

void MlpModel::save_to(ModelFile& file, const std::string& prefix) const {
    const auto h = static_cast<std::int64_t>(hidden_), k = static_cast<std::int64_t>(outputs_);
    w1_.save_to(file, prefix + ".w1", prefix + ".w1_scale");
    file.put<float>(prefix + ".b1", DType::f32, {h}, b1_);
    file.put<float>(prefix + ".w2", DType::f32, {h, k}, w2_);
    file.put<float>(prefix + ".b2", DType::f32, {k}, b2_);
}

Result<MlpModel> MlpModel::from_model(const ModelFile& file, const std::string& prefix) {
    const std::string what = "mlp '" + prefix + "': tensor '";
    auto w1 = Int8Matrix::from_model(file, prefix + ".w1", prefix + ".w1_scale");
    if (!w1) return w1.status();
    auto b1 = file.get(prefix + ".b1", DType::f32, 1);
    if (!b1) return b1.status();
    auto w2 = file.get(prefix + ".w2", DType::f32, 2);
    if (!w2) return w2.status();
    auto b2 = file.get(prefix + ".b2", DType::f32, 1);
    if (!b2) return b2.status();

    if (w1->rows() < 1 || w1->cols() < 1 || w1->cols() > kMaxHidden)
        return Status::corrupt(what + prefix + ".w1' has shape [" + std::to_string(w1->rows()) + ", " +
                               std::to_string(w1->cols()) + "], expected [features >= 1, hidden in 1.." +
                               std::to_string(kMaxHidden) + "]");
    MlpModel m;
    m.features_ = w1->rows();
    m.hidden_ = w1->cols();
    const auto& shape2 = (*w2)->shape;
    if (shape2[0] != static_cast<std::int64_t>(m.hidden_) || shape2[1] < 1)
        return Status::corrupt(what + prefix + ".w2' has shape " + shape_string(shape2) +
                               ", expected [" + std::to_string(m.hidden_) + ", outputs >= 1]");
    m.outputs_ = static_cast<std::size_t>(shape2[1]);
    const std::pair<const Tensor*, const char*> vectors[] = {{*b1, ".b1"}, {*b2, ".b2"}};
    for (const auto& [t, name] : vectors) {
        const std::size_t want = std::string_view(name) == ".b2" ? m.outputs_ : m.hidden_;
        if (t->elements() != want)
            return Status::corrupt(what + prefix + name + "' has shape " + shape_string(t->shape) +
                                   ", expected [" + std::to_string(want) + "]");
    }
    const std::pair<const Tensor*, const char*> floats[] = {{*b1, ".b1"}, {*w2, ".w2"}, {*b2, ".b2"}};
    for (const auto& [t, name] : floats)
        if (!all_finite(t->as<float>()))
            return Status::corrupt(what + prefix + name + "' holds a non-finite value");

    m.w1_ = std::move(*w1);
    const auto bb1 = (*b1)->as<float>(), ww2 = (*w2)->as<float>(), bb2 = (*b2)->as<float>();
    m.b1_.assign(bb1.begin(), bb1.end());
    m.w2_.assign(ww2.begin(), ww2.end());
    m.b2_.assign(bb2.begin(), bb2.end());
    return m;
}

// ---------------------------------------------------------------------------------------------
// Training

namespace {

Status check_options(std::size_t features, std::size_t hidden, std::size_t outputs,
                     const MlpOptions& o) {
    auto bad = [](const std::string& m) { return Status::invalid_argument("train_mlp: " + m); };
    if (features == 0) return bad("features is 0");
    if (hidden == 0 || hidden > MlpModel::kMaxHidden)
        return bad("hidden is " + std::to_string(hidden) + ", must be 1.." +
                   std::to_string(MlpModel::kMaxHidden));
    if (outputs == 0) return bad("outputs is 0");
    if (o.epochs < 0) return bad("epochs is " + std::to_string(o.epochs));
    if (!(o.dropout >= 0.0f && o.dropout < 1.0f))
        return bad("dropout " + std::to_string(o.dropout) + " is not in [0, 1)");
    if (!(o.learning_rate >= 0.0f) || !std::isfinite(o.learning_rate))
        return bad("learning rate " + std::to_string(o.learning_rate));
    if (!(o.weight_decay >= 0.0f) || !std::isfinite(o.weight_decay))
        return bad("weight decay " + std::to_string(o.weight_decay));
    if (!(o.init_scale >= 0.0f) || !std::isfinite(o.init_scale))
        return bad("init scale " + std::to_string(o.init_scale));
    return Status::ok();
}

// One parameter block's optimiser state and update rule. AdaGrad keeps the sum of squared
// gradients; Adam its two moments, with the bias correction of the global step t.
struct Optimiser {
    static constexpr float kBeta1 = 0.9f, kBeta2 = 0.999f, kEps = 1e-8f;
    MlpOptimizer kind;
    float base_rate;
    float rate = 0;        // this step's rate
    float c1 = 1, c2 = 1;  // Adam: the bias corrections of this step, c1 with the rate folded in

    // Before the t-th update (1-based), with `fraction_left` of the rate schedule remaining.
    void begin_step(std::uint64_t t, float fraction_left) {
        rate = base_rate * fraction_left;
        if (kind != MlpOptimizer::adam) return;
        const double b1t = std::pow(static_cast<double>(kBeta1), static_cast<double>(t));
        const double b2t = std::pow(static_cast<double>(kBeta2), static_cast<double>(t));
        c1 = static_cast<float>(rate / (1.0 - b1t));
        c2 = static_cast<float>(1.0 / std::sqrt(1.0 - b2t));
    }
    // w[i] -= step(g[i]) for i < n; s1, s2 are the state arrays (s2 unused by AdaGrad).
    void update(float* w, float* s1, float* s2, const float* g, std::size_t n) const {
        if (kind == MlpOptimizer::adagrad) {
            for (std::size_t i = 0; i < n; ++i) {
                s1[i] += g[i] * g[i];
                w[i] -= rate * g[i] / std::sqrt(s1[i]);
            }
        } else {
            for (std::size_t i = 0; i < n; ++i) {
                s1[i] = kBeta1 * s1[i] + (1 - kBeta1) * g[i];
                s2[i] = kBeta2 * s2[i] + (1 - kBeta2) * g[i] * g[i];
                w[i] -= c1 * s1[i] / (std::sqrt(s2[i]) * c2 + kEps);
            }
        }
    }
};

}  // namespace

Result<MlpWeights> train_mlp(const std::vector<SparseVector>& X, const std::vector<float>& Y,
                             std::size_t features, std::size_t hidden, std::size_t outputs,
                             const MlpOptions& opt, const ProgressFn& progress,
                             std::string_view stage) {
    ATTUNE_RETURN_IF_ERROR(check_options(features, hidden, outputs, opt));
    ATTUNE_ASSERT(Y.size() == X.size() * outputs, "targets " + std::to_string(Y.size()) + " for " +
                                                      std::to_string(X.size()) + " examples x " +
                                                      std::to_string(outputs) + " outputs");
    const std::size_t F = features, H = hidden, K = outputs;
    SplitMix64 rng(opt.seed);

    MlpWeights w;
    w.features = F;
    w.hidden = H;
    w.outputs = K;
    w.w1.resize(F * H);
    w.b1.assign(H, 0.0f);
    w.w2.resize(H * K);
    w.b2.assign(K, 0.0f);
    for (float& v : w.w1) v = opt.init_scale * (2.0f * rng.uniform() - 1.0f);
    const float glorot = std::sqrt(6.0f / static_cast<float>(H + K));
    for (float& v : w.w2) v = glorot * (2.0f * rng.uniform() - 1.0f);
    // The output bias starts at each label's base rate, as train_linear does: faster, same optimum.
    for (std::size_t k = 0; k < K; ++k) {
        double m = 0;
        for (std::size_t n = 0; n < X.size(); ++n) m += Y[n * K + k];
        m /= static_cast<double>(std::max<std::size_t>(1, X.size()));
        w.b2[k] = static_cast<float>(std::log((m + 1e-4) / (1 - m + 1e-4)));
    }

    // Optimiser state: AdaGrad starts its sums at a tiny value (no division by zero); Adam at 0.
    const bool adam = opt.optimizer == MlpOptimizer::adam;
    const float s0 = adam ? 0.0f : 1e-8f;
    std::vector<float> s1_w1(F * H, s0), s1_b1(H, s0), s1_w2(H * K, s0), s1_b2(K, s0);
    std::vector<float> s2_w1, s2_b1, s2_w2, s2_b2;
    if (adam) {
        s2_w1.assign(F * H, 0.0f);
        s2_b1.assign(H, 0.0f);
        s2_w2.assign(H * K, 0.0f);
        s2_b2.assign(K, 0.0f);
    }
    Optimiser step{opt.optimizer, opt.learning_rate};
    const double total_steps = static_cast<double>(X.size()) * opt.epochs;

    std::vector<std::size_t> order(X.size());
    std::iota(order.begin(), order.end(), 0);
    std::vector<float> z(H), a(H), keep(H), g_out(K), g_hid(H);
    std::vector<float> g(H * K);  // scratch gradient: all of W2, or one W1 row
    const float keep_scale = 1.0f / (1.0f - opt.dropout);
    const float wd = opt.weight_decay;
    std::uint64_t t = 0;

    for (int epoch = 1; epoch <= opt.epochs; ++epoch) {
        // Fisher-Yates with our own stream (std::shuffle's algorithm is unspecified).
        for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
        for (std::size_t n : order) {
            const SparseVector& x = X[n];
            const double done = static_cast<double>(t++);  // updates before this one
            const float left =
                opt.linear_decay ? static_cast<float>(1.0 - done / total_steps) : 1.0f;
            step.begin_step(t, left);
            // Forward.
            std::copy(w.b1.begin(), w.b1.end(), z.begin());
            for (std::size_t j = 0; j < x.index.size(); ++j) {
                if (x.index[j] >= F) continue;
                const float v = x.value[j];
                const float* row = w.w1.data() + static_cast<std::size_t>(x.index[j]) * H;
                for (std::size_t h = 0; h < H; ++h) z[h] += v * row[h];
            }
            for (std::size_t h = 0; h < H; ++h) {
                keep[h] =
                    opt.dropout > 0 ? (rng.uniform() >= opt.dropout ? keep_scale : 0.0f) : 1.0f;
                a[h] = z[h] > 0 ? z[h] * keep[h] : 0.0f;
            }
            std::copy(w.b2.begin(), w.b2.end(), g_out.begin());
            for (std::size_t h = 0; h < H; ++h) {
                if (a[h] == 0.0f) continue;
                const float* row = w.w2.data() + h * K;
                for (std::size_t k = 0; k < K; ++k) g_out[k] += a[h] * row[k];
            }
            // Sigmoid cross-entropy: d loss / d logit = p - y.
            const float* y = Y.data() + n * K;
            for (std::size_t k = 0; k < K; ++k)
                g_out[k] = 1.0f / (1.0f + std::exp(-g_out[k])) - y[k];
            // Backward to the hidden layer, with the W2 that made the forward pass.
            // A unit that is off (ReLU) or dropped passes no gradient back.
            for (std::size_t h = 0; h < H; ++h) {
                g_hid[h] = 0.0f;
                if (a[h] == 0.0f) continue;
                const float* row = w.w2.data() + h * K;
                float s = 0;
                for (std::size_t k = 0; k < K; ++k) s += row[k] * g_out[k];
                g_hid[h] = s * keep[h];
            }
            // Output layer (dense: every weight is touched, so every weight is decayed).
            for (std::size_t h = 0; h < H; ++h) {
                float* gr = g.data() + h * K;
                const float* row = w.w2.data() + h * K;
                for (std::size_t k = 0; k < K; ++k) gr[k] = a[h] * g_out[k] + wd * row[k];
            }
            step.update(w.w2.data(), s1_w2.data(), adam ? s2_w2.data() : nullptr, g.data(), H * K);
            step.update(w.b2.data(), s1_b2.data(), adam ? s2_b2.data() : nullptr, g_out.data(), K);
            // Input layer: only the rows of this example's non-zero inputs.
            for (std::size_t j = 0; j < x.index.size(); ++j) {
                if (x.index[j] >= F) continue;
                const float v = x.value[j];
                const std::size_t base = static_cast<std::size_t>(x.index[j]) * H;
                const float* row = w.w1.data() + base;
                for (std::size_t h = 0; h < H; ++h) g[h] = v * g_hid[h] + wd * row[h];
                step.update(w.w1.data() + base, s1_w1.data() + base,
                            adam ? s2_w1.data() + base : nullptr, g.data(), H);
            }
            step.update(w.b1.data(), s1_b1.data(), adam ? s2_b1.data() : nullptr, g_hid.data(), H);
        }
        if (progress &&
            !progress(stage, static_cast<std::size_t>(epoch), static_cast<std::size_t>(opt.epochs)))
            return Status::cancelled("training cancelled during " + std::string(stage));
        if (opt.after_epoch && !opt.after_epoch(epoch, w)) break;
    }
    return w;
}

}  // namespace attune::text
