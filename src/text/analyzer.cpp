// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <cmath>

#include <attune/text.hpp>

#include "text/model.hpp"
#include "text/tokenize.hpp"

namespace attune::text {

struct Analyzer::Impl {
    TextModel model;
    AnalyzerOptions options;

    // The words and phrases behind output `k` of `lm`, largest |weight| first: each feature's
    // contribution (weight x input, times `gain`) goes to the word or phrase it came from; a
    // feature that occurs several times (a shared character n-gram, a repeated word) is split
    // evenly between its occurrences, and equal phrases are summed. `extra` holds contributions
    // from elsewhere (the rules' token valences) to merge in.
    std::vector<TokenWeight> contributions(const TextWork& w, const LinearModel& lm, std::size_t k, double gain,
                                           std::vector<std::pair<std::string, double>> extra) const {
        // Sum per token first (word and its character n-grams / bigram ending here / negated
        // word), so that strings are built once per token, not once per hit.
        const std::size_t n = w.tokens.size();
        thread_local std::vector<double> sums;
        sums.assign(3 * n, 0.0);
        thread_local std::vector<std::uint32_t> bigram_first;
        bigram_first.assign(n, 0);
        for (std::size_t i = 0; i < w.hits.size(); ++i) {
            const auto pos = w.hit_position[i];
            if (pos < 0) continue;
            const auto p = static_cast<std::size_t>(pos);
            const FeatureHit& h = w.hits[i];
            const std::size_t slot = h.negated ? 2 : h.last != h.first ? 1 : 0;
            sums[slot * n + h.last] += gain * lm.weight(w.x.index[p], k) * w.x.value[p] / w.occurrences[p];
            if (slot == 1) bigram_first[h.last] = h.first;
        }
        auto& items = extra;
        for (std::size_t t = 0; t < n; ++t) {
            if (std::abs(sums[t]) >= 1e-4) items.emplace_back(w.tokens[t].text, sums[t]);
            if (std::abs(sums[n + t]) >= 1e-4) items.emplace_back(w.tokens[bigram_first[t]].text + " " + w.tokens[t].text, sums[n + t]);
            if (std::abs(sums[2 * n + t]) >= 1e-4) items.emplace_back("NOT_" + w.tokens[t].text, sums[2 * n + t]);
        }
        std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        std::vector<TokenWeight> out;
        for (std::size_t i = 0; i < items.size();) {
            std::size_t j = i;
            double sum = 0;
            for (; j < items.size() && items[j].first == items[i].first; ++j) sum += items[j].second;
            if (std::abs(sum) >= 1e-3) out.push_back({std::move(items[i].first), sum});
            i = j;
        }
        const std::size_t keep = std::min(out.size(), options.explain_tokens);
        std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(keep), out.end(),
                          [](const auto& a, const auto& b) { return std::abs(a.weight) > std::abs(b.weight); });
        out.resize(keep);
        return out;
    }
};

Analyzer::Analyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Analyzer::~Analyzer() = default;

Result<std::shared_ptr<const Analyzer>> Analyzer::load(const std::string& model_dir, AnalyzerOptions options) {
    const std::string path = model_dir + "/" + std::string(kTextModelFile);
    auto file = ModelFile::load(path);
    if (!file) return file.status();
    auto model = TextModel::from_model(*file);
    if (!model) return model.status().with_context(path);
    auto impl = std::make_unique<Impl>();
    impl->model = std::move(*model);
    impl->options = options;
    return std::shared_ptr<const Analyzer>(new Analyzer(std::move(impl)));
}

Result<Analysis> Analyzer::analyze(std::string_view utf8) const {
    thread_local TextWork w;
    const TextModel& m = impl_->model;
    ATTUNE_RETURN_IF_ERROR(m.prepare(utf8, w));
    m.infer(w);

    Analysis a;
    a.sentiment = w.sentiment.scores;
    a.sentiment.rules_compound = w.sentiment.scores.compound;
    a.sentiment.compound = w.compound;
    for (const auto& t : w.tokens) a.words += t.text != "!" && t.text != "?";
    for (std::size_t k = 0; k < kNumEmotions; ++k) a.emotions[k] = w.emotion_probs[k];
    for (std::size_t k = 0; k < kNumEkman; ++k) a.ekman[k] = w.emotion_probs[kNumEmotions + k];
    // Labels above their tuned thresholds; when none is, the one closest to its threshold,
    // since every text carries at least one label (neutral included) in GoEmotions.
    std::size_t best = 0;
    for (std::size_t k = 0; k < kNumEmotions; ++k) {
        if (a.emotions[k] >= m.thresholds[k]) a.labels.emplace_back(emotion_names()[k]);
        if (a.emotions[k] / m.thresholds[k] > a.emotions[best] / m.thresholds[best]) best = k;
    }
    if (a.labels.empty()) a.labels.emplace_back(emotion_names()[best]);
    a.vad = {std::clamp<double>(w.vad[0], -1, 1), std::clamp<double>(w.vad[1], -1, 1), std::clamp<double>(w.vad[2], -1, 1)};

    // Explanations: the rules' token valences plus the learned valence head's n-grams, in the
    // units that enter the compound; the top emotions' n-grams in logit units.
    std::vector<std::pair<std::string, double>> rule_part;
    for (const auto& c : w.sentiment.contributions) rule_part.emplace_back(ascii_lower(c.token), m.rule_gain * c.weight);
    a.explanation.sentiment = impl_->contributions(w, m.valence, 0, m.learned_gain, std::move(rule_part));
    std::array<std::size_t, kNumEmotions> order;
    for (std::size_t k = 0; k < kNumEmotions; ++k) order[k] = k;
    const std::size_t top = std::min(impl_->options.explain_emotions, kNumEmotions);
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
                      [&](std::size_t x, std::size_t y) { return a.emotions[x] > a.emotions[y]; });
    for (std::size_t r = 0; r < top; ++r) {
        const std::size_t k = order[r];
        a.explanation.emotions.push_back({std::string(emotion_names()[k]), a.emotions[k],
                                          impl_->contributions(w, m.emotions, k, 1.0, {})});
    }
    return a;
}

}  // namespace attune::text
