// SPDX-License-Identifier: Apache-2.0
// A learned crisis scorer beside the phrase rules (models/crisis.atm): one-vs-rest logistic
// regression over word, bigram and character n-grams of rule_tokens(), trained on the project's
// own labelled statements and ordinary text. The rules stay the first word: the model speaks
// where they are silent, raises their level only when very sure, and overrules them only when
// sure there is no risk (combine()); when it raises a flag it says which words made it speak.
#pragma once

#include <array>
#include <attune/core.hpp>
#include <attune/text.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "text/features.hpp"
#include "text/linear_model.hpp"
#include "text/phrase_rules.hpp"

namespace attune::text {

inline constexpr std::string_view kCrisisModelKind = "attune.crisis";
inline constexpr std::string_view kCrisisModelFile = "crisis.atm";

// The model's outputs, each an independent logistic (one-vs-rest): any risk, each rung of the
// ladder, and self-injury.
enum CrisisOutput : std::size_t {
    kRisk,
    kPassive,
    kActive,
    kPlan,
    kBehavior,
    kSelfHarm,
    kCrisisOutputs
};

// The n-gram hits of tokens [first, end): unigrams, bigrams within a sentence, unigrams in a
// negator's scope ("not" ... three words, within the clause) and character 3-5-grams of words
// of four or more ASCII letters (Bojanowski et al. 2017), which is what catches "suicde" and
// "kil myslef". The hits' first/last index into `tokens`; `weight` gets each hit's weight in
// the input (1 for word features, less for character n-grams).
void crisis_ngrams(const std::vector<RuleToken>& tokens, std::size_t first, std::size_t end,
                   std::vector<FeatureHit>& out, std::vector<float>& weight);

// The sparse input of tokens [first, end) for a model over crisis_ngrams (the crisis and the
// distortion scorers): n-gram presence (each feature at its hit weight, the largest when a
// feature is hit twice: a repeated word says no more than one), L2-normalised. `hits` receives
// the unit's hits and `where` the position of each in `x` (-1 when the feature is not in
// `vocab`).
void ngram_input(const Vocabulary& vocab, const std::vector<RuleToken>& tokens, std::size_t first,
                 std::size_t end, std::vector<FeatureHit>& hits, SparseVector& x,
                 std::vector<std::int32_t>& where);

// The words of tokens [first, end) that push `output` of `linear` hardest, for a model's
// evidence: each feature's contribution (weight x input, from ngram_input's hits, x and where)
// is shared between its occurrences and spread over the words it covers; the max_words words
// with the largest positive share are kept and merged into runs of neighbours within a
// sentence. Returns the runs as [first, last] token indices, in text order.
std::vector<std::pair<std::size_t, std::size_t>> evidence_runs(
    const LinearModel& linear, std::size_t output, const std::vector<RuleToken>& tokens,
    std::size_t first, std::size_t end, const std::vector<FeatureHit>& hits, const SparseVector& x,
    const std::vector<std::int32_t>& where, std::size_t max_words);

// What the model makes of one text: the probabilities of its unit (the whole text or one of
// its sentences) with the highest risk, the rung it favours, and the words behind that rung.
struct CrisisScore {
    std::array<float, kCrisisOutputs> probability{};
    CrisisLevel level = CrisisLevel::none;  // the most probable rung (passive .. behavior)
    std::vector<std::string> evidence;      // as written, in text order
    bool on_topic = false;  // the scored unit holds crisis vocabulary (mentions_crisis_vocabulary)
};

// Where the model's risk probability lets it speak beside the rules (CrisisModel::combine), each
// chosen by leave-one-writer-out cross-validation (attune train crisis).
struct CrisisThresholds {
    float threshold = 0.5f;   // the model alone raises a flag from here on crisis vocabulary
    float raise = 1.0f;       // the model raises a rule's level from here (above 1: never)
    float veto = 0.0f;        // below this the model overrules a rule's flag (0: never)
    float off_topic = 2.0f;   // the model alone raises a flag on a text without crisis vocabulary
                              // ("Lord, please take me tonight") from here (above 1: never)
    float guarded = 0.5f;     // ... and on one whose crisis phrases the rules explained away
                              // (CrisisAssessment::explained_away: "Tried to kill myself? Never")
};

class CrisisModel {
  public:
    CrisisModel() = default;
    CrisisModel(Vocabulary vocab, LinearModel linear, CrisisThresholds thresholds,
                nlohmann::json meta);

    // Scores normalised text, split by rule_tokens(). The evidence is filled only when the risk
    // passes threshold() (no one reads it otherwise). Thread-safe (const).
    CrisisScore score(std::string_view normalized, const std::vector<RuleToken>& tokens) const;
    CrisisScore score(std::string_view normalized) const {
        return score(normalized, rule_tokens(normalized));
    }

    // The rules and the model together. When the rules fire, their level, confidence and
    // evidence stand, with two exceptions: the model may raise the level when both its risk and
    // its rung pass `raise`, and it overrules the flag when it scored the text (on_topic) and
    // its risk is below `veto`. Two detectors that err differently agree more often than either
    // is right alone: the rules' false alarms on writers they were not written from (a history,
    // a clinician's note, someone else, phrased in a new way) mostly get a risk the model is
    // sure is low, while their true flags almost never do (docs/BENCHMARKS.md). When the rules
    // do not fire and the model's risk passes `threshold` (`off_topic` when the scored unit holds
    // no crisis vocabulary: indirect wishes and acts are said without it, but so is much that
    // merely sounds like them, "I made pasta tonight"), the model's rung is reported with
    // confidence = its risk probability, its words as evidence and self_harm from its
    // self-injury output. Where the rules explained a phrase away, the model needs `guarded`
    // as well: it reads the words of a denied or resolved statement as the statement.
    CrisisAssessment combine(const CrisisAssessment& rules, const CrisisScore& model) const {
        return combine(rules, model, thresholds_);
    }
    // The same at given thresholds (what cross-validation tries).
    static CrisisAssessment combine(const CrisisAssessment& rules, const CrisisScore& model,
                                    const CrisisThresholds& thresholds);

    // ngram_input over this model's vocabulary.
    void featurize(const std::vector<RuleToken>& tokens, std::size_t first, std::size_t end,
                   std::vector<FeatureHit>& hits, SparseVector& x,
                   std::vector<std::int32_t>& where) const {
        ngram_input(vocab_, tokens, first, end, hits, x, where);
    }
    // The raw outputs (logits) for an input.
    void predict(const SparseVector& x, std::span<float> logits) const {
        linear_.predict(x, logits);
    }

    float threshold() const { return thresholds_.threshold; }
    const CrisisThresholds& thresholds() const { return thresholds_; }
    const Vocabulary& vocabulary() const { return vocab_; }
    const nlohmann::json& meta() const { return meta_; }

    // Kind "attune.crisis": tensors vocab.keys, crisis.{weights,scale,bias}; meta holds the
    // thresholds, the outputs' names and the training report.
    void save_to(ModelFile& file) const;
    // Errors: corrupt naming what is wrong (kind, a tensor, shapes, metadata).
    static Result<CrisisModel> from_model(const ModelFile& file);

  private:
    Vocabulary vocab_;
    LinearModel linear_;  // vocab x kCrisisOutputs
    CrisisThresholds thresholds_;
    nlohmann::json meta_ = nlohmann::json::object();
};

}  // namespace attune::text
