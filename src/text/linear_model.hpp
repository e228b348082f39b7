// SPDX-License-Identifier: Apache-2.0
// Linear models over sparse inputs: trained in float with AdaGrad SGD, stored with int8 weights
// (one scale per output) so that a 70k-feature, 35-output model stays near 2.5 MB, and read as
// int8 at run time too (Int8Matrix).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <attune/core.hpp>

#include "text/features.hpp"

namespace attune::text {

// A rows x cols float matrix kept as int8 with one scale per column (max |w| / 127), in model
// files and in memory: the linear heads and the MLP's input layer are the analysis's largest
// data, and reading them as int8 rather than dequantised floats keeps a quarter of the bytes in
// the cache (the analysis slowed by 2x on a busy host with float copies).
class Int8Matrix {
public:
    Int8Matrix() = default;
    // Quantises w (rows x cols, row-major); w.size() != rows * cols is a programmer error.
    Int8Matrix(std::span<const float> w, std::size_t rows, std::size_t cols);

    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }
    float at(std::size_t row, std::size_t col) const {
        return static_cast<float>(q_[row * cols_ + col]) * scale_[col];
    }
    std::vector<float> dequantised() const;  // row-major, rows x cols

    // out[k] += sum over the entries (i, v) of x with i < rows() of v * at(i, k), for k in
    // [0, cols()): a sparse vector times the matrix, the inner loop of every learned text model.
    // Entries past the matrix are ignored, so a model can read a prefix of a longer input.
    // out.size() != cols() is a programmer error.
    void add_product(const SparseVector& x, std::span<float> out) const;
    std::size_t stored_bytes() const { return q_.size() + sizeof(float) * scale_.size(); }

    // Tensors `name` (u8 storing int8, [rows, cols]) and `scale_name` (f32 [cols]).
    void save_to(ModelFile& file, const std::string& name, const std::string& scale_name) const;
    // Errors: corrupt naming the tensor, when one is missing, of the wrong dtype or rank, when
    // the scale does not have one entry per column, or holds a value that is not finite.
    static Result<Int8Matrix> from_model(const ModelFile& file, const std::string& name,
                                         const std::string& scale_name);

private:
    std::size_t rows_ = 0;
    std::size_t cols_ = 0;
    std::vector<std::int8_t> q_;  // as stored
    std::vector<float> scale_;    // per column
};

class LinearModel {
public:
    LinearModel() = default;
    // Quantises float weights W (features x outputs, row-major) and bias.
    LinearModel(std::size_t features, std::size_t outputs, std::span<const float> weights,
                std::span<const float> bias);

    std::size_t features() const { return w_.rows(); }
    std::size_t outputs() const { return w_.cols(); }

    // out[k] = bias[k] + sum_i x_i * W[i][k] (the raw score: a logit or a regression value).
    void predict(const SparseVector& x, std::span<float> out) const;
    // Weight of input feature i for output k, dequantised.
    float weight(std::size_t feature, std::size_t output) const { return w_.at(feature, output); }

    // Tensors "<prefix>.weights" (u8 storing int8), "<prefix>.scale", "<prefix>.bias".
    void save_to(ModelFile& file, const std::string& prefix) const;
    static Result<LinearModel> from_model(const ModelFile& file, const std::string& prefix);

private:
    Int8Matrix w_;  // features x outputs
    std::vector<float> bias_;
};

enum class Loss { logistic, squared };

struct SgdOptions {
    Loss loss = Loss::logistic;
    int epochs = 10;
    float learning_rate = 0.2f;  // AdaGrad base rate (Duchi et al. 2011)
    float l2 = 1e-6f;            // per-example L2 on the weights an example touches
    std::uint64_t seed = 42;
};

// Trains W (features x outputs) and bias on examples X with targets Y (n x outputs, row-major:
// 0/1 for logistic, real for squared). Deterministic for a given seed. Calls progress once per
// epoch; returns cancelled when it says stop.
// `input_scale`, when not empty, holds features x outputs factors s (row-major): output k is
// trained on the inputs x_i * s[i][k], and the weights returned are multiplied by s, so that
// predict() takes the unscaled input. As the L2 and the AdaGrad steps act on the unscaled
// weights, a large s lets a feature move its output more cheaply. A size other than
// features x outputs is a programmer error.
Result<std::pair<std::vector<float>, std::vector<float>>> train_linear(
    const std::vector<SparseVector>& X, const std::vector<float>& Y, std::size_t features,
    std::size_t outputs, const SgdOptions& options, const ProgressFn& progress, std::string_view stage,
    std::span<const float> input_scale = {});

// Input scales for train_linear from naive Bayes (NBSVM, Wang & Manning 2012): for input i <
// scaled and output k, |r_ik| + 0.25, where r_ik = log((p_ik / |p_k|) / (q_ik / |q_k|)) is the
// log-count ratio of how many positive (p) and negative (q) examples of output k have input i
// non-zero, each count plus one; the scales are then divided by their mean, so that the rate and
// L2 keep their meaning. The 0.25 keeps a feature whose ratio is near 0 trainable. Inputs i >=
// scaled (dense features, whose presence says nothing) get 1. Targets Y are 0/1 as for the
// logistic loss. Returns features x outputs values, row-major.
std::vector<float> naive_bayes_scales(const std::vector<SparseVector>& X, const std::vector<float>& Y,
                                      std::size_t features, std::size_t scaled, std::size_t outputs);

}  // namespace attune::text
