// SPDX-License-Identifier: Apache-2.0
#include "text/linear_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <random>

namespace attune::text {
namespace {

// Int8Matrix::add_product for a matrix of C <= 4 columns (the VAD and valence heads): the sums
// stay in registers rather than in memory, and each row costs so few instructions that it is
// requested further ahead. Each column's sum runs over the entries in the same order as the
// general loop, so the results are the same floats.
template <std::size_t C>
void add_narrow_product(const std::int8_t* q, std::size_t rows, const SparseVector& x,
                        const float* scale, float* out) {
    constexpr std::size_t kAhead = 16;
    std::array<float, C> acc{};
    const std::size_t n = x.index.size();
    for (std::size_t j = 0; j < n; ++j) {
        if (j + kAhead < n && x.index[j + kAhead] < rows)
            __builtin_prefetch(q + std::size_t{x.index[j + kAhead]} * C);
        const std::size_t i = x.index[j];
        if (i >= rows) continue;
        const float v = x.value[j];
        for (std::size_t k = 0; k < C; ++k) acc[k] += v * static_cast<float>(q[i * C + k]);
    }
    for (std::size_t k = 0; k < C; ++k) out[k] += acc[k] * scale[k];
}

}  // namespace

Int8Matrix::Int8Matrix(std::span<const float> w, std::size_t rows, std::size_t cols)
    : rows_(rows), cols_(cols), q_(rows * cols), scale_(cols) {
    ATTUNE_ASSERT(w.size() == rows * cols, "matrix of " + std::to_string(w.size()) + " values for " +
                                               std::to_string(rows) + "x" + std::to_string(cols));
    std::vector<float> m(cols, 0.0f);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c) m[c] = std::max(m[c], std::abs(w[r * cols + c]));
    for (std::size_t c = 0; c < cols; ++c) scale_[c] = m[c] > 0 ? m[c] / 127.0f : 1.0f;
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c)
            q_[r * cols + c] = static_cast<std::int8_t>(std::lround(w[r * cols + c] / scale_[c]));
}

std::vector<float> Int8Matrix::dequantised() const {
    std::vector<float> out(q_.size());
    for (std::size_t i = 0; i < q_.size(); ++i) out[i] = static_cast<float>(q_[i]) * scale_[i % cols_];
    return out;
}

void Int8Matrix::add_product(const SparseVector& x, std::span<float> out) const {
    ATTUNE_ASSERT(out.size() == cols_, "output span " + std::to_string(out.size()) + " for " + std::to_string(cols_) + " columns");
    switch (cols_) {
        case 1: return add_narrow_product<1>(q_.data(), rows_, x, scale_.data(), out.data());
        case 2: return add_narrow_product<2>(q_.data(), rows_, x, scale_.data(), out.data());
        case 3: return add_narrow_product<3>(q_.data(), rows_, x, scale_.data(), out.data());
        case 4: return add_narrow_product<4>(q_.data(), rows_, x, scale_.data(), out.data());
        default: break;
    }
    // Sum the int8 rows first and scale each column once at the end.
    constexpr std::size_t kStackCols = 64;
    float stack[kStackCols];
    std::vector<float> heap;
    float* acc = stack;
    if (cols_ > kStackCols) {
        heap.assign(cols_, 0.0f);
        acc = heap.data();
    } else {
        std::fill(stack, stack + cols_, 0.0f);
    }
    // Rows are scattered over megabytes: each is requested a few entries ahead of its use.
    constexpr std::size_t kAhead = 6;
    for (std::size_t j = 0; j < x.index.size(); ++j) {
        if (j + kAhead < x.index.size() && x.index[j + kAhead] < rows_) {
            const std::int8_t* ahead = q_.data() + std::size_t{x.index[j + kAhead]} * cols_;
            __builtin_prefetch(ahead);
            __builtin_prefetch(ahead + cols_ - 1);
        }
        const std::size_t i = x.index[j];
        if (i >= rows_) continue;
        const float v = x.value[j];
        const std::int8_t* row = q_.data() + i * cols_;
        for (std::size_t k = 0; k < cols_; ++k) acc[k] += v * static_cast<float>(row[k]);
    }
    for (std::size_t k = 0; k < cols_; ++k) out[k] += acc[k] * scale_[k];
}

void Int8Matrix::save_to(ModelFile& file, const std::string& name, const std::string& scale_name) const {
    file.put(name, DType::u8, {static_cast<std::int64_t>(rows_), static_cast<std::int64_t>(cols_)},
             std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(q_.data()), q_.size()));
    file.put<float>(scale_name, DType::f32, {static_cast<std::int64_t>(cols_)}, scale_);
}

Result<Int8Matrix> Int8Matrix::from_model(const ModelFile& file, const std::string& name,
                                          const std::string& scale_name) {
    auto q = file.get(name, DType::u8, 2);
    if (!q) return q.status();
    auto s = file.get(scale_name, DType::f32, 1);
    if (!s) return s.status();
    Int8Matrix m;
    m.rows_ = static_cast<std::size_t>((*q)->shape[0]);
    m.cols_ = static_cast<std::size_t>((*q)->shape[1]);
    if ((*s)->elements() != m.cols_)
        return Status::corrupt("tensor '" + scale_name + "' has " + std::to_string((*s)->elements()) +
                               " values, expected one per column of '" + name + "' (" + std::to_string(m.cols_) + ")");
    const auto sc = (*s)->as<float>();
    if (!std::all_of(sc.begin(), sc.end(), [](float v) { return std::isfinite(v); }))
        return Status::corrupt("tensor '" + scale_name + "' holds a non-finite value");
    const auto raw = (*q)->as<std::uint8_t>();
    m.q_.resize(raw.size());
    std::transform(raw.begin(), raw.end(), m.q_.begin(), [](std::uint8_t v) { return static_cast<std::int8_t>(v); });
    m.scale_.assign(sc.begin(), sc.end());
    return m;
}

LinearModel::LinearModel(std::size_t features, std::size_t outputs, std::span<const float> weights,
                         std::span<const float> bias)
    : w_(weights, features, outputs), bias_(bias.begin(), bias.end()) {
    ATTUNE_ASSERT(bias.size() == outputs, "bias of " + std::to_string(bias.size()) + " for " + std::to_string(outputs) + " outputs");
}

void LinearModel::predict(const SparseVector& x, std::span<float> out) const {
    ATTUNE_ASSERT(out.size() == outputs(), "output span " + std::to_string(out.size()));
    std::copy(bias_.begin(), bias_.end(), out.begin());
    w_.add_product(x, out);
}

void LinearModel::save_to(ModelFile& file, const std::string& prefix) const {
    w_.save_to(file, prefix + ".weights", prefix + ".scale");
    file.put<float>(prefix + ".bias", DType::f32, {static_cast<std::int64_t>(outputs())}, bias_);
}

Result<LinearModel> LinearModel::from_model(const ModelFile& file, const std::string& prefix) {
    auto w = Int8Matrix::from_model(file, prefix + ".weights", prefix + ".scale");
    if (!w) return w.status();
    auto b = file.get(prefix + ".bias", DType::f32, 1);
    if (!b) return b.status();
    LinearModel m;
    m.w_ = std::move(*w);
    if ((*b)->elements() != m.outputs() || m.outputs() == 0)
        return Status::corrupt("linear model '" + prefix + "': bias size does not match " +
                               std::to_string(m.outputs()) + " outputs");
    const auto bi = (*b)->as<float>();
    m.bias_.assign(bi.begin(), bi.end());
    return m;
}

Result<std::pair<std::vector<float>, std::vector<float>>> train_linear(
    const std::vector<SparseVector>& X, const std::vector<float>& Y, std::size_t features,
    std::size_t outputs, const SgdOptions& opt, const ProgressFn& progress, std::string_view stage,
    std::span<const float> input_scale) {
    ATTUNE_ASSERT(Y.size() == X.size() * outputs, "targets " + std::to_string(Y.size()));
    ATTUNE_ASSERT(input_scale.empty() || input_scale.size() == features * outputs,
                  "input scale of " + std::to_string(input_scale.size()) + " for " +
                      std::to_string(features) + "x" + std::to_string(outputs));
    const bool scaled = !input_scale.empty();
    std::vector<float> W(features * outputs, 0.0f), G(features * outputs, 1e-8f);
    std::vector<float> b(outputs, 0.0f), Gb(outputs, 1e-8f);
    // Start the bias at the base rate (logistic) or the mean (squared): faster, same optimum.
    for (std::size_t k = 0; k < outputs; ++k) {
        double m = 0;
        for (std::size_t n = 0; n < X.size(); ++n) m += Y[n * outputs + k];
        m /= std::max<std::size_t>(1, X.size());
        b[k] = opt.loss == Loss::logistic ? static_cast<float>(std::log((m + 1e-4) / (1 - m + 1e-4))) : static_cast<float>(m);
    }
    std::vector<std::size_t> order(X.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(opt.seed);
    std::vector<float> grad(outputs);
    for (int epoch = 0; epoch < opt.epochs; ++epoch) {
        std::shuffle(order.begin(), order.end(), rng);
        for (std::size_t n : order) {
            const SparseVector& x = X[n];
            for (std::size_t k = 0; k < outputs; ++k) grad[k] = b[k];
            for (std::size_t j = 0; j < x.index.size(); ++j) {
                const std::size_t base = static_cast<std::size_t>(x.index[j]) * outputs;
                const float* row = W.data() + base;
                if (scaled)
                    for (std::size_t k = 0; k < outputs; ++k)
                        grad[k] += x.value[j] * input_scale[base + k] * row[k];
                else
                    for (std::size_t k = 0; k < outputs; ++k) grad[k] += x.value[j] * row[k];
            }
            for (std::size_t k = 0; k < outputs; ++k) {
                const float y = Y[n * outputs + k];
                const float p = opt.loss == Loss::logistic ? 1.0f / (1.0f + std::exp(-grad[k])) : grad[k];
                grad[k] = p - y;  // d loss / d score, for both losses
            }
            for (std::size_t j = 0; j < x.index.size(); ++j) {
                const std::size_t base = static_cast<std::size_t>(x.index[j]) * outputs;
                for (std::size_t k = 0; k < outputs; ++k) {
                    const float xs = scaled ? x.value[j] * input_scale[base + k] : x.value[j];
                    const float g = grad[k] * xs + opt.l2 * W[base + k];
                    G[base + k] += g * g;
                    W[base + k] -= opt.learning_rate * g / std::sqrt(G[base + k]);
                }
            }
            for (std::size_t k = 0; k < outputs; ++k) {
                Gb[k] += grad[k] * grad[k];
                b[k] -= opt.learning_rate * grad[k] / std::sqrt(Gb[k]);
            }
        }
        if (progress && !progress(stage, static_cast<std::size_t>(epoch + 1), static_cast<std::size_t>(opt.epochs)))
            return Status::cancelled("training cancelled during " + std::string(stage));
    }
    if (scaled)
        for (std::size_t i = 0; i < W.size(); ++i) W[i] *= input_scale[i];
    return std::make_pair(std::move(W), std::move(b));
}

std::vector<float> naive_bayes_scales(const std::vector<SparseVector>& X, const std::vector<float>& Y,
                                      std::size_t features, std::size_t scaled, std::size_t outputs) {
    ATTUNE_ASSERT(Y.size() == X.size() * outputs && scaled <= features,
                  "targets " + std::to_string(Y.size()) + ", scaled " + std::to_string(scaled));
    constexpr double kFloor = 0.25;
    std::vector<std::uint32_t> pos(scaled * outputs, 0), seen(scaled, 0);
    for (std::size_t n = 0; n < X.size(); ++n) {
        const float* y = Y.data() + n * outputs;
        for (std::size_t j = 0; j < X[n].index.size(); ++j) {
            const std::size_t i = X[n].index[j];
            if (i >= scaled || X[n].value[j] == 0.0f) continue;
            ++seen[i];
            for (std::size_t k = 0; k < outputs; ++k) pos[i * outputs + k] += y[k] > 0.5f;
        }
    }
    std::vector<double> pos_total(outputs, 0.0), neg_total(outputs, 0.0);
    for (std::size_t i = 0; i < scaled; ++i)
        for (std::size_t k = 0; k < outputs; ++k) {
            pos_total[k] += pos[i * outputs + k] + 1.0;
            neg_total[k] += seen[i] - pos[i * outputs + k] + 1.0;
        }
    std::vector<float> s(features * outputs, 1.0f);
    double sum = 0;
    for (std::size_t i = 0; i < scaled; ++i)
        for (std::size_t k = 0; k < outputs; ++k) {
            const double p = pos[i * outputs + k] + 1.0, q = seen[i] - pos[i * outputs + k] + 1.0;
            const double r = std::log((p / pos_total[k]) / (q / neg_total[k]));
            s[i * outputs + k] = static_cast<float>(std::abs(r) + kFloor);
            sum += s[i * outputs + k];
        }
    if (scaled > 0) {
        const auto inv_mean = static_cast<float>(static_cast<double>(scaled * outputs) / sum);
        for (std::size_t i = 0; i < scaled * outputs; ++i) s[i] *= inv_mean;
    }
    return s;
}

}  // namespace attune::text
