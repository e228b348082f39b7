// SPDX-License-Identifier: Apache-2.0
#include "text/model.hpp"

#include <cmath>

namespace attune::text {

Status TextModel::prepare(std::string_view utf8, TextWork& w) const {
    auto norm = normalize(utf8);
    if (!norm) return norm.status();
    w.normalized = std::move(*norm);
    w.sentiment = scorer.score(w.normalized);
    w.tokens = tokenize_words(w.normalized, [this](std::string_view s) { return known(s); });
    extract_ngrams(w.tokens, w.hits);
    return Status::ok();
}

double TextModel::compound(double raw_sum, double learned_valence) const {
    // VADER's normalisation (alpha = 15) keeps the compound on the scale people know.
    const double x = rule_gain * raw_sum + learned_gain * (learned_valence - valence_offset);
    return std::clamp(x / std::sqrt(x * x + 15.0), -1.0, 1.0);
}

void TextModel::infer(TextWork& w) const {
    build_input(vocab, idf, w.hits, w.tokens, w.sentiment, {}, w.x, &w.hit_position, &w.occurrences);
    // An ensemble of the linear head and the MLP, blending probabilities: on GoEmotions dev it
    // beats either alone (docs/MODEL_CARDS.md).
    emotions.predict(w.x, w.emotion_logits);
    emotions_mlp.predict(w.x, w.emotion_mlp_logits);
    for (std::size_t k = 0; k < kEmotionOutputs; ++k)
        w.emotion_probs[k] = linear_weight * sigmoid(w.emotion_logits[k]) +
                             (1.0f - linear_weight) * sigmoid(w.emotion_mlp_logits[k]);
    // The VAD and valence heads read the emotion probabilities too (stacking): GoEmotions'
    // 43k labelled comments carry what EmoBank's 8k sentences alone cannot teach.
    const auto base = static_cast<std::uint32_t>(vocab.size() + kNumDenseBase);
    for (std::size_t k = 0; k < kNumEmotions; ++k) {
        w.x.index.push_back(base + static_cast<std::uint32_t>(k));
        w.x.value.push_back(w.emotion_probs[k]);
    }
    vad.predict(w.x, w.vad);
    float v = 0;
    valence.predict(w.x, std::span<float>(&v, 1));
    w.valence = v;
    w.compound = compound(w.sentiment.raw_sum, v);
}

void TextModel::save_to(ModelFile& file) const {
    scorer.save_to(file);
    file.put<std::uint64_t>("vocab.keys", DType::u64, {static_cast<std::int64_t>(vocab.size())}, vocab.keys());
    file.put<float>("vocab.idf", DType::f32, {static_cast<std::int64_t>(idf.size())}, idf);
    emotions.save_to(file, "emotions");
    emotions_mlp.save_to(file, "emotions_mlp");
    vad.save_to(file, "vad");
    valence.save_to(file, "valence");
    file.meta() = meta;
    file.meta()["labels"] = std::vector<std::string>(emotion_names().begin(), emotion_names().end());
    file.meta()["ekman"] = std::vector<std::string>(ekman_names().begin(), ekman_names().end());
    file.meta()["thresholds"] = thresholds;
    file.meta()["ekman_thresholds"] = ekman_thresholds;
    file.meta()["emotion_linear_weight"] = linear_weight;
    file.meta()["rule_gain"] = rule_gain;
    file.meta()["learned_gain"] = learned_gain;
    file.meta()["valence_offset"] = valence_offset;
}

Result<TextModel> TextModel::from_model(const ModelFile& file) {
    if (file.kind() != kTextModelKind)
        return Status::corrupt("model kind is '" + file.kind() + "', expected '" + std::string(kTextModelKind) + "'");
    TextModel m;
    auto scorer = SentimentScorer::from_model(file);
    if (!scorer) return scorer.status();
    m.scorer = std::move(*scorer);
    auto keys = file.get("vocab.keys", DType::u64, 1);
    if (!keys) return keys.status();
    auto idf = file.get("vocab.idf", DType::f32, 1);
    if (!idf) return idf.status();
    if ((*keys)->elements() != (*idf)->elements()) return Status::corrupt("vocab.keys and vocab.idf differ in size");
    auto k = (*keys)->as<std::uint64_t>();
    m.vocab = Vocabulary(std::vector<std::uint64_t>(k.begin(), k.end()));
    auto i = (*idf)->as<float>();
    m.idf.assign(i.begin(), i.end());
    for (auto [model, name] : {std::pair{&m.emotions, "emotions"}, {&m.vad, "vad"}, {&m.valence, "valence"}}) {
        auto lm = LinearModel::from_model(file, name);
        if (!lm) return lm.status();
        *model = std::move(*lm);
    }
    auto mlp = MlpModel::from_model(file, "emotions_mlp");
    if (!mlp) return mlp.status();
    m.emotions_mlp = std::move(*mlp);
    const std::size_t base = m.vocab.size() + kNumDenseBase;
    if (m.emotions.features() != base || m.emotions.outputs() != kEmotionOutputs ||
        m.emotions_mlp.features() != base || m.emotions_mlp.outputs() != kEmotionOutputs ||
        m.vad.features() != base + kNumEmotions || m.vad.outputs() != 3 ||
        m.valence.features() != base + kNumEmotions || m.valence.outputs() != 1)
        return Status::corrupt("linear model shapes do not match the vocabulary of " + std::to_string(m.vocab.size()));
    try {
        const auto& meta = file.meta();
        const auto labels = meta.at("labels").get<std::vector<std::string>>();
        if (labels.size() != kNumEmotions) return Status::corrupt("model has " + std::to_string(labels.size()) + " labels, expected 28");
        for (std::size_t j = 0; j < kNumEmotions; ++j)
            if (labels[j] != emotion_names()[j]) return Status::corrupt("label " + std::to_string(j) + " is '" + labels[j] + "'");
        m.thresholds = meta.at("thresholds").get<std::array<float, kNumEmotions>>();
        m.ekman_thresholds = meta.at("ekman_thresholds").get<std::array<float, kNumEkman>>();
        m.linear_weight = meta.at("emotion_linear_weight").get<float>();
        if (!(m.linear_weight >= 0.0f && m.linear_weight <= 1.0f))
            return Status::corrupt("emotion_linear_weight " + std::to_string(m.linear_weight) +
                                   " is not in [0, 1]");
        m.rule_gain = meta.at("rule_gain").get<float>();
        m.learned_gain = meta.at("learned_gain").get<float>();
        m.valence_offset = meta.at("valence_offset").get<float>();
        m.meta = meta;
    } catch (const nlohmann::json::exception& e) {
        return Status::corrupt(std::string("model metadata: ") + e.what());
    }
    return m;
}

}  // namespace attune::text
