// SPDX-License-Identifier: Apache-2.0
#include "text/distortion_model.hpp"

#include <algorithm>
#include <cmath>

#include "text/distortions.hpp"
#include "text/model.hpp"

namespace attune::text {
namespace {

constexpr std::size_t kMaxEvidenceWords = 4;  // words cited from the model, before merging

std::vector<std::string> output_names() {
    std::vector<std::string> out{"distorted"};
    for (std::size_t k = 0; k < kNumDistortionTypes; ++k)
        out.emplace_back(distortion_name(static_cast<DistortionType>(k)));
    return out;
}

}  // namespace

DistortionModel::DistortionModel(Vocabulary vocab, LinearModel linear, float threshold,
                                 nlohmann::json meta)
    : vocab_(std::move(vocab)),
      linear_(std::move(linear)),
      threshold_(threshold),
      meta_(std::move(meta)) {}

DistortionScore DistortionModel::score(std::string_view normalized,
                                       const std::vector<RuleToken>& tokens) const {
    DistortionScore out;
    if (tokens.empty() || vocab_.size() == 0) return out;
    thread_local std::vector<FeatureHit> hits;
    thread_local SparseVector x;
    thread_local std::vector<std::int32_t> where;
    // The whole text as one unit. Reading each sentence of a longer text as well and letting
    // the most distorted one speak (as the crisis model does) left statement-level
    // cross-validation unchanged but flagged 18-60% of synthetic journal entries of six `none`
    // statements per held-out file (0-12% read whole): with more sentences, more chances for
    // one ordinary sentence to pass the threshold.
    featurize(tokens, 0, tokens.size(), hits, x, where);
    std::array<float, kDistortionOutputs> logits{};
    linear_.predict(x, logits);
    for (std::size_t k = 0; k < kDistortionOutputs; ++k) out.probability[k] = sigmoid(logits[k]);
    std::size_t top = 1;
    for (std::size_t k = 2; k < kDistortionOutputs; ++k)
        if (out.probability[k] > out.probability[top]) top = k;
    out.type = static_cast<DistortionType>(top - 1);
    if (out.probability[kDistortedOutput] < threshold_) return out;  // silent: no words needed

    // Evidence: each feature's contribution to the distorted logit (weight x input), shared
    // between its occurrences and spread over the words it covers; the words that push hardest
    // are cited, neighbours merged into phrases, as written.
    for (const auto& [r, e] : evidence_runs(linear_, kDistortedOutput, tokens, 0, tokens.size(),
                                            hits, x, where, kMaxEvidenceWords)) {
        if (!out.evidence.empty()) out.evidence += " ... ";
        out.evidence += span_text(normalized, tokens, r, e);
    }
    return out;
}

std::vector<Distortion> DistortionModel::combine(const std::vector<Distortion>& rules,
                                                 const DistortionScore& model, float threshold) {
    if (!rules.empty() || model.probability[kDistortedOutput] < threshold) return rules;
    Distortion d;
    d.type = model.type;
    d.evidence = model.evidence;
    d.reframe = std::string(distortion_reframe(model.type, model.evidence));
    return {std::move(d)};
}

void DistortionModel::save_to(ModelFile& file) const {
    file.put<std::uint64_t>("vocab.keys", DType::u64, {static_cast<std::int64_t>(vocab_.size())},
                            vocab_.keys());
    linear_.save_to(file, "distortions");
    file.meta() = meta_;
    file.meta()["outputs"] = output_names();
    file.meta()["threshold"] = threshold_;
}

Result<DistortionModel> DistortionModel::from_model(const ModelFile& file) {
    if (file.kind() != kDistortionModelKind)
        return Status::corrupt("model kind is '" + file.kind() + "', expected '" +
                               std::string(kDistortionModelKind) + "'");
    auto keys = file.get("vocab.keys", DType::u64, 1);
    if (!keys) return keys.status();
    auto linear = LinearModel::from_model(file, "distortions");
    if (!linear) return linear.status();
    const auto k = (*keys)->as<std::uint64_t>();
    if (linear->features() != k.size() || linear->outputs() != kDistortionOutputs)
        return Status::corrupt("distortion weights are " + std::to_string(linear->features()) +
                               "x" + std::to_string(linear->outputs()) + ", expected " +
                               std::to_string(k.size()) + "x" + std::to_string(kDistortionOutputs));
    try {
        const auto& meta = file.meta();
        if (meta.at("outputs").get<std::vector<std::string>>() != output_names())
            return Status::corrupt("distortion model outputs are not distorted + the 11 types");
        const auto threshold = meta.at("threshold").get<float>();
        if (!(threshold >= 0 && threshold <= 2))
            return Status::corrupt("distortion model threshold out of range");
        return DistortionModel(Vocabulary(std::vector<std::uint64_t>(k.begin(), k.end())),
                               std::move(*linear), threshold, meta);
    } catch (const nlohmann::json::exception& e) {
        return Status::corrupt(std::string("distortion model metadata: ") + e.what());
    }
}

}  // namespace attune::text
