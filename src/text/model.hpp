// SPDX-License-Identifier: Apache-2.0
// TextModel: everything in models/text.atm and the steps that turn a text into model inputs.
// Shared by the analyzer (inference) and the trainer, so both featurise identically.
#pragma once

#include <array>
#include <string>
#include <vector>

#include <attune/core.hpp>
#include <attune/text.hpp>

#include "text/features.hpp"
#include "text/linear_model.hpp"
#include "text/mlp.hpp"
#include "text/sentiment.hpp"
#include "text/tokenize.hpp"

namespace attune::text {

inline constexpr std::string_view kTextModelKind = "attune.text";
inline constexpr std::string_view kTextModelFile = "text.atm";
inline constexpr std::size_t kEmotionOutputs = kNumEmotions + kNumEkman;  // 28 labels then 7 groups

// Per-call scratch space; reused across calls by one thread.
struct TextWork {
    std::string normalized;
    SentimentDetail sentiment;
    std::vector<WordToken> tokens;
    std::vector<FeatureHit> hits;
    SparseVector x;  // vocabulary + dense features (+ emotion probabilities once computed)
    std::vector<std::int32_t> hit_position;    // per hit: its position in x, or -1
    std::vector<std::uint16_t> occurrences;    // per vocabulary entry of x: how many hits
    std::array<float, kEmotionOutputs> emotion_logits{};      // of the linear head (explanations)
    std::array<float, kEmotionOutputs> emotion_mlp_logits{};
    std::array<float, kEmotionOutputs> emotion_probs{};
    float vad[3]{};
    float valence = 0;
    double compound = 0;
};

struct TextModel {
    SentimentScorer scorer;
    Vocabulary vocab;
    std::vector<float> idf;
    LinearModel emotions;  // input: vocab + dense base; 35 logits
    MlpModel emotions_mlp; // same input and outputs; its probabilities are blended with emotions'
    float linear_weight = 0.5f;  // emotion probability = w * linear head's + (1 - w) * MLP's
    LinearModel vad;       // input: vocab + dense base + 28 emotion probabilities; V, A, D on [-1, 1]
    LinearModel valence;   // same input; learned valence on [-1, 1]
    std::array<float, kNumEmotions> thresholds{};
    std::array<float, kNumEkman> ekman_thresholds{};
    float rule_gain = 1.0f;     // compound = normalise(rule_gain * VADER sum + learned_gain * valence)
    float learned_gain = 0.0f;
    float valence_offset = 0.0f;  // the valence head's output for an empty text: subtracted, so "" is 0
    nlohmann::json meta = nlohmann::json::object();

    // Token known to the lexicon: used to undo elongations.
    bool known(std::string_view word) const { return scorer.lexicon().find(word) != scorer.lexicon().end(); }

    // Normalise, score with the rules, tokenise and hash n-grams. Errors: invalid UTF-8.
    Status prepare(std::string_view utf8, TextWork& w) const;
    // From prepared text: features, emotion probabilities, VAD, learned valence and compound.
    void infer(TextWork& w) const;
    // Combines the rules' raw sum with the learned valence as VADER does (x / sqrt(x^2 + 15)).
    double compound(double raw_sum, double learned_valence) const;

    void save_to(ModelFile& file) const;
    static Result<TextModel> from_model(const ModelFile& file);
};

// Probability from a logit.
inline float sigmoid(float z) { return 1.0f / (1.0f + std::exp(-z)); }

}  // namespace attune::text
