// SPDX-License-Identifier: Apache-2.0
// A learned cognitive-distortion scorer beside the phrase rules (models/distortions.atm):
// one-vs-rest logistic regression over the crisis model's n-grams of rule_tokens() (words,
// bigrams, negated words, character 3-5-grams), trained on the project's own labelled
// statements. As with crisis.atm, the rules stay the first word: the model speaks only when they
// find nothing, and then says which words made it speak.
#pragma once

#include <array>
#include <attune/core.hpp>
#include <attune/text.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "text/crisis_model.hpp"
#include "text/features.hpp"
#include "text/linear_model.hpp"
#include "text/phrase_rules.hpp"

namespace attune::text {

inline constexpr std::string_view kDistortionModelKind = "attune.distortions";
inline constexpr std::string_view kDistortionModelFile = "distortions.atm";

// Output 0: distorted or not; output 1 + k: DistortionType k (each an independent logistic).
inline constexpr std::size_t kDistortedOutput = 0;
inline constexpr std::size_t kDistortionOutputs = 1 + kNumDistortionTypes;

// What the model makes of one text (read whole): its probabilities, the type it favours and the
// words behind the score.
struct DistortionScore {
    std::array<float, kDistortionOutputs> probability{};
    DistortionType type = DistortionType::all_or_nothing;  // the most probable type
    std::string evidence;  // the words that pushed the distorted score, as written, in text order
};

class DistortionModel {
  public:
    DistortionModel() = default;
    DistortionModel(Vocabulary vocab, LinearModel linear, float threshold, nlohmann::json meta);

    // Scores normalised text split by rule_tokens(). The evidence is filled only when the
    // distorted probability passes threshold(). Thread-safe (const).
    DistortionScore score(std::string_view normalized, const std::vector<RuleToken>& tokens) const;

    // The rules and the model together: the rules' findings stand; when they find nothing and
    // the model's distorted probability passes `threshold`, one distortion of the model's type,
    // with its words as evidence and that type's reframe question.
    std::vector<Distortion> combine(const std::vector<Distortion>& rules,
                                    const DistortionScore& model) const {
        return combine(rules, model, threshold_);
    }
    static std::vector<Distortion> combine(const std::vector<Distortion>& rules,
                                           const DistortionScore& model, float threshold);

    // The sparse input of tokens [first, end): ngram_input over this model's vocabulary.
    void featurize(const std::vector<RuleToken>& tokens, std::size_t first, std::size_t end,
                   std::vector<FeatureHit>& hits, SparseVector& x,
                   std::vector<std::int32_t>& where) const {
        ngram_input(vocab_, tokens, first, end, hits, x, where);
    }

    float threshold() const { return threshold_; }
    const Vocabulary& vocabulary() const { return vocab_; }
    const nlohmann::json& meta() const { return meta_; }

    // Kind "attune.distortions": tensors vocab.keys, distortions.{weights,scale,bias}; meta holds
    // the threshold, the outputs' names and the training report.
    void save_to(ModelFile& file) const;
    // Errors: corrupt naming what is wrong (kind, a tensor, shapes, metadata).
    static Result<DistortionModel> from_model(const ModelFile& file);

  private:
    Vocabulary vocab_;
    LinearModel linear_;  // vocab x kDistortionOutputs
    float threshold_ = 0.5f;
    nlohmann::json meta_ = nlohmann::json::object();
};

}  // namespace attune::text
