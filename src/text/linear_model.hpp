// SPDX-License-Identifier: Apache-2.0
// Linear models over sparse inputs: trained in float with AdaGrad SGD, stored with int8 weights
// (one scale per output) so that a 70k-feature, 35-output model stays near 2.5 MB, and
// dequantised to float once at load, where the inner loop then vectorises.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <attune/core.hpp>

#include "text/features.hpp"

namespace attune::text {

class LinearModel {
public:
    LinearModel() = default;
    // Quantises float weights W (features x outputs, row-major) and bias.
    LinearModel(std::size_t features, std::size_t outputs, std::span<const float> weights,
                std::span<const float> bias);

    std::size_t features() const { return features_; }
    std::size_t outputs() const { return outputs_; }

    // out[k] = bias[k] + sum_i x_i * W[i][k] (the raw score: a logit or a regression value).
    void predict(const SparseVector& x, std::span<float> out) const;
    // Weight of input feature i for output k, dequantised.
    float weight(std::size_t feature, std::size_t output) const { return w_[feature * outputs_ + output]; }

    // Tensors "<prefix>.weights" (u8 storing int8), "<prefix>.scale", "<prefix>.bias".
    void save_to(ModelFile& file, const std::string& prefix) const;
    static Result<LinearModel> from_model(const ModelFile& file, const std::string& prefix);

private:
    std::size_t features_ = 0;
    std::size_t outputs_ = 0;
    std::vector<std::int8_t> q_;  // as stored
    std::vector<float> scale_;
    std::vector<float> w_;        // q_ * scale_, what predict() reads
    void dequantise();
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
Result<std::pair<std::vector<float>, std::vector<float>>> train_linear(
    const std::vector<SparseVector>& X, const std::vector<float>& Y, std::size_t features,
    std::size_t outputs, const SgdOptions& options, const ProgressFn& progress, std::string_view stage);

}  // namespace attune::text
