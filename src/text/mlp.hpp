// SPDX-License-Identifier: Apache-2.0
// A one-hidden-layer network over the sparse text features: x -> ReLU(x W1 + b1) -> W2 + b2.
// The sparse first layer is a bag of learned n-gram embeddings summed with their TF-IDF weights,
// as in fastText (Joulin et al. 2017), followed by a ReLU (Nair & Hinton 2010) and a small dense
// output layer, so that the outputs can respond to combinations of features ("not" + "bad") that a
// linear model over the same features cannot. Trained in float with sparse AdaGrad (Duchi et al.
// 2011) or lazy Adam (Kingma & Ba 2015), stored with the big input->hidden matrix as int8 (one
// scale per hidden unit) and read as int8 at run time, like LinearModel.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <attune/core.hpp>

#include "text/features.hpp"
#include "text/linear_model.hpp"

namespace attune::text {

// The float parameters of an MLP, as the trainer produces them. All matrices are row-major.
struct MlpWeights {
    std::size_t features = 0;
    std::size_t hidden = 0;
    std::size_t outputs = 0;
    std::vector<float> w1;  // features x hidden: row i is the embedding of input feature i
    std::vector<float> b1;  // hidden
    std::vector<float> w2;  // hidden x outputs
    std::vector<float> b2;  // outputs
};

// An immutable, quantised MLP. All const member functions are thread-safe.
class MlpModel {
public:
    // The widest hidden layer accepted: predict() keeps the hidden activations on the stack.
    static constexpr std::size_t kMaxHidden = 1024;

    MlpModel() = default;
    // Quantises w1 to int8 with one scale per hidden unit (max |w| / 127 over that column);
    // b1, w2 and b2 are kept in float. The sizes of the vectors in `weights` must match its
    // shape and hidden must be 1..kMaxHidden (checked: a mismatch is a programmer error).
    explicit MlpModel(const MlpWeights& weights);

    std::size_t features() const { return features_; }
    std::size_t hidden() const { return hidden_; }
    std::size_t outputs() const { return outputs_; }

    // out[k] = b2[k] + sum_h relu(b1[h] + sum_i x_i W1[i][h]) * W2[h][k]: the raw scores (logits
    // for a model trained by train_mlp). Inputs with index >= features() are ignored, as
    // LinearModel::predict ignores them, so a model can read a prefix of a longer input.
    // out.size() must equal outputs(). Allocates nothing; thread-safe.
    void predict(const SparseVector& x, std::span<float> out) const;

    // The weights as predict() uses them (w1 dequantised), e.g. to measure what quantisation
    // cost against the trainer's float weights.
    MlpWeights dequantised() const;

    // Bytes the tensors take in a model file (before the file's alignment padding).
    std::size_t stored_bytes() const;

    // Adds the tensors "<prefix>.w1" (u8 storing int8, [features, hidden]), "<prefix>.w1_scale"
    // (f32 [hidden]), "<prefix>.b1" (f32 [hidden]), "<prefix>.w2" (f32 [hidden, outputs]) and
    // "<prefix>.b2" (f32 [outputs]) to `file`, replacing tensors of the same names.
    void save_to(ModelFile& file, const std::string& prefix) const;
    // Reads what save_to wrote. Errors: corrupt (a tensor missing, of the wrong dtype, rank or
    // shape, or holding a non-finite value), each message naming the tensor.
    static Result<MlpModel> from_model(const ModelFile& file, const std::string& prefix);

private:
    std::size_t features_ = 0;
    std::size_t hidden_ = 0;
    std::size_t outputs_ = 0;
    Int8Matrix w1_;  // features x hidden, one scale per hidden unit
    std::vector<float> b1_;
    std::vector<float> w2_;  // hidden x outputs
    std::vector<float> b2_;
};

enum class MlpOptimizer {
    adagrad,  // Duchi et al. 2011; per-weight accumulators, as train_linear
    adam,     // Kingma & Ba 2015, "lazy": the moments of a W1 row are updated only when an example
              // uses that row (as TensorFlow's LazyAdam), so a step costs O(non-zeros x hidden)
};

// The best setting found on GoEmotions dev for the 35-output emotion head over the ~70k-feature
// text input was hidden 64, Adam at 1e-3 with linear_decay, 3 epochs (macro-F1 0.487 over the 28
// labels, 0.469 cross-tuned, Ekman 0.597, against the linear head's 0.480, 0.454, 0.575). The
// defaults below are the best constant-rate setting (Adam at 3e-4 for 5 epochs: 0.484, 0.467,
// 0.593). linear_decay is opt-in, so that code written before it existed trains the same
// weights; the emotion head in src/text/train.cpp sets every option itself.
struct MlpOptions {
    MlpOptimizer optimizer = MlpOptimizer::adam;
    int epochs = 5;
    float learning_rate = 3e-4f;  // Adam or AdaGrad base rate (AdaGrad wants ~0.02)
    // When set, the rate falls linearly from learning_rate to 0 over the `epochs` (as fastText's
    // SGD does), so the last updates settle instead of wandering.
    bool linear_decay = false;
    // L2 weight decay, added to the gradient of every weight an example touches: the W1 rows of
    // its non-zero inputs and all of W2 (as train_linear applies its l2). Biases are not decayed.
    float weight_decay = 1e-5f;
    float dropout = 0.0f;  // probability of zeroing a hidden unit in training (inverted dropout,
                           // Srivastava et al. 2014); 0 disables; must be in [0, 1)
    // W1 starts uniform on [-init_scale, init_scale]; W2 uniform on +-sqrt(6 / (hidden + outputs))
    // (Glorot & Bengio 2010); b1 at 0; b2 at the logit of each output's base rate.
    float init_scale = 0.1f;
    std::uint64_t seed = 42;  // initialisation, example order and dropout masks
    // Called after each epoch with the epoch (1-based) and the current weights, e.g. to watch a
    // dev set; return false to stop after this epoch (train_mlp then returns these weights, not
    // an error). With linear_decay the schedule still spans `epochs`, so stopping after e epochs
    // is not the same as training e epochs. Optional.
    std::function<bool(int epoch, const MlpWeights& weights)> after_epoch;
};

// Trains an MLP on examples X (inputs with index >= features are ignored) with 0/1 targets Y
// (n x outputs, row-major), minimising the sigmoid cross-entropy summed over the outputs (one
// logistic output per label: multi-label). Single-threaded and deterministic: the same inputs,
// options and build (compiler, flags, libm) give bit-for-bit the same weights. The random numbers
// come from a fixed splitmix64 stream (Steele et al. 2014), not from std::shuffle or the std::
// distributions, whose algorithms differ between standard libraries.
// Memory: about 2 x features x hidden floats for AdaGrad (weights and accumulators), 3 x for Adam.
// Calls progress once per epoch with (stage, epoch, epochs); returns cancelled when it says stop.
// Errors: invalid_argument when hidden is 0 or above MlpModel::kMaxHidden, outputs or features
// is 0, epochs < 0, dropout is outside [0, 1), or a rate or decay is negative or not finite.
// Y.size() != X.size() * outputs is a programmer error.
Result<MlpWeights> train_mlp(const std::vector<SparseVector>& X, const std::vector<float>& Y,
                             std::size_t features, std::size_t hidden, std::size_t outputs,
                             const MlpOptions& options, const ProgressFn& progress,
                             std::string_view stage);

}  // namespace attune::text
