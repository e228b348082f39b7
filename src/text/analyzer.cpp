// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <cmath>

#include <attune/text.hpp>

#include "text/crisis.hpp"
#include "text/crisis_model.hpp"
#include "text/distortion_model.hpp"
#include "text/distortions.hpp"
#include "text/model.hpp"
#include "text/tokenize.hpp"

namespace attune::text {

struct Analyzer::Impl {
    TextModel model;
    CrisisModel crisis;
    DistortionModel distortions;
    AnalyzerOptions options;

    // One output whose words are to be explained: output k of lm, its contributions times gain.
    struct Target {
        const LinearModel* lm;
        std::size_t k;
        double gain;
    };

    // The words and phrases behind each target, largest |weight| first. A feature's
    // contribution (weight x input x gain) goes to the word or phrase it came from: a word with
    // its character n-grams, a bigram, a negated word; a feature that occurs several times (a
    // shared character n-gram, a repeated word) is split evenly between its occurrences, and
    // equal phrases are summed. `rules` (the rules' token valences) are merged into target 0.
    // One pass over the hits serves every target, and each phrase string is built once.
    std::vector<std::vector<TokenWeight>> explain(const TextWork& w, std::span<const Target> targets,
                                                  std::span<const TokenWeight> rules, double rule_gain) const {
        const std::size_t n = w.tokens.size(), slots = 3 * n, nt = targets.size();
        // Scratch reused by the thread: explanations run on every text, and allocating these
        // (and a string per phrase) each time cost more than the arithmetic.
        struct Name {
            std::string_view text;
            std::ptrdiff_t src;  // slot, or -(rule + 1)
            bool operator<(const Name& o) const {
                const int c = text.compare(o.text);
                return c < 0 || (c == 0 && src < o.src);
            }
        };
        thread_local std::vector<double> sums;
        thread_local std::vector<std::uint32_t> bigram_first;
        thread_local std::string built;  // the bigram, negated and rule phrases, end to end
        // Per phrase in `built`: its entry in names, offset and length.
        thread_local std::vector<std::array<std::size_t, 3>> pending;
        thread_local std::vector<Name> names;
        thread_local std::vector<double> group_sum;
        thread_local std::vector<std::size_t> group, first_of, order;
        sums.assign(nt * slots, 0.0);
        bigram_first.assign(n, 0);
        for (std::size_t i = 0; i < w.hits.size(); ++i) {
            const auto pos = w.hit_position[i];
            if (pos < 0) continue;
            const auto p = static_cast<std::size_t>(pos);
            const FeatureHit& h = w.hits[i];
            const std::size_t slot = (h.negated ? 2 : h.last != h.first ? 1 : 0) * n + h.last;
            if (h.last != h.first) bigram_first[h.last] = h.first;
            const double x = w.x.value[p] / w.occurrences[p];
            for (std::size_t j = 0; j < nt; ++j)
                sums[j * slots + slot] += targets[j].gain * targets[j].lm->weight(w.x.index[p], targets[j].k) * x;
        }
        names.clear();
        built.clear();
        pending.clear();
        // A phrase written into `built`; its view is taken once `built` has stopped growing.
        auto add_built = [&](std::ptrdiff_t src, std::initializer_list<std::string_view> parts) {
            const std::size_t offset = built.size();
            for (const auto part : parts) built += part;
            pending.push_back({names.size(), offset, built.size() - offset});
            names.push_back({{}, src});
        };
        for (std::size_t s = 0; s < slots; ++s) {
            bool any = false;
            for (std::size_t j = 0; j < nt && !any; ++j) any = std::abs(sums[j * slots + s]) >= 1e-6;
            if (!any) continue;
            const std::size_t t = s % n;
            const auto src = static_cast<std::ptrdiff_t>(s);
            switch (s / n) {
                case 0: names.push_back({w.tokens[t].text, src}); break;
                case 1:
                    add_built(src, {w.tokens[bigram_first[t]].text, " ", w.tokens[t].text});
                    break;
                default: add_built(src, {"NOT_", w.tokens[t].text}); break;
            }
        }
        for (std::size_t r = 0; r < rules.size(); ++r) {
            add_built(-static_cast<std::ptrdiff_t>(r) - 1, {rules[r].token});
            for (std::size_t c = built.size() - rules[r].token.size(); c < built.size(); ++c)
                if (built[c] >= 'A' && built[c] <= 'Z')
                    built[c] = static_cast<char>(built[c] - 'A' + 'a');
        }
        for (const auto& [i, offset, length] : pending)
            names[i].text = std::string_view(built).substr(offset, length);
        std::sort(names.begin(), names.end());
        // Group id of each name: equal phrases share one.
        group.resize(names.size());
        std::size_t groups = 0;
        for (std::size_t i = 0; i < names.size(); ++i)
            group[i] = (i > 0 && names[i].text == names[i - 1].text) ? group[i - 1] : groups++;

        std::vector<std::vector<TokenWeight>> out(nt);
        first_of.resize(groups);
        for (std::size_t i = names.size(); i-- > 0;) first_of[group[i]] = i;
        for (std::size_t j = 0; j < nt; ++j) {
            group_sum.assign(groups, 0.0);
            for (std::size_t i = 0; i < names.size(); ++i) {
                const auto src = names[i].src;
                if (src >= 0) group_sum[group[i]] += sums[j * slots + static_cast<std::size_t>(src)];
                else if (j == 0) group_sum[group[i]] += rule_gain * rules[static_cast<std::size_t>(-src - 1)].weight;
            }
            order.clear();
            for (std::size_t g = 0; g < groups; ++g)
                if (std::abs(group_sum[g]) >= 1e-3) order.push_back(g);
            const std::size_t keep = std::min(order.size(), options.explain_tokens);
            std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                              [&](std::size_t a, std::size_t b) { return std::abs(group_sum[a]) > std::abs(group_sum[b]); });
            out[j].reserve(keep);
            for (std::size_t r = 0; r < keep; ++r)
                out[j].push_back(
                    {std::string(names[first_of[order[r]]].text), group_sum[order[r]]});
        }
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
    const std::string crisis_path = model_dir + "/" + std::string(kCrisisModelFile);
    auto crisis_file = ModelFile::load(crisis_path);
    if (!crisis_file) return crisis_file.status();
    auto crisis = CrisisModel::from_model(*crisis_file);
    if (!crisis) return crisis.status().with_context(crisis_path);
    const std::string distortions_path = model_dir + "/" + std::string(kDistortionModelFile);
    auto distortions_file = ModelFile::load(distortions_path);
    if (!distortions_file) return distortions_file.status();
    auto distortions = DistortionModel::from_model(*distortions_file);
    if (!distortions) return distortions.status().with_context(distortions_path);
    auto impl = std::make_unique<Impl>();
    impl->model = std::move(*model);
    impl->crisis = std::move(*crisis);
    impl->distortions = std::move(*distortions);
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
    std::array<std::size_t, kNumEmotions> order;
    for (std::size_t k = 0; k < kNumEmotions; ++k) order[k] = k;
    const std::size_t top = std::min(impl_->options.explain_emotions, kNumEmotions);
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
                      [&](std::size_t x, std::size_t y) { return a.emotions[x] > a.emotions[y]; });
    std::vector<Impl::Target> targets{{&m.valence, 0, m.learned_gain}};
    for (std::size_t r = 0; r < top; ++r) targets.push_back({&m.emotions, order[r], 1.0});
    auto explained = impl_->explain(w, targets, w.sentiment.contributions, m.rule_gain);
    a.explanation.sentiment = std::move(explained[0]);
    for (std::size_t r = 0; r < top; ++r)
        a.explanation.emotions.push_back({std::string(emotion_names()[order[r]]), a.emotions[order[r]], std::move(explained[r + 1])});
    // One split into rule tokens serves the crisis rules, the crisis model and the distortions.
    const auto rule_words = rule_tokens(w.normalized);
    // A model that may not speak without crisis vocabulary (CrisisThresholds::off_topic above 1)
    // does not score a text without any: most journal lines, at a fraction of the cost.
    const bool scored = impl_->crisis.thresholds().off_topic <= 1 ||
                        mentions_crisis_vocabulary(rule_words, 0, rule_words.size());
    a.crisis = impl_->crisis.combine(assess_crisis_tokens(w.normalized, rule_words),
                                     scored ? impl_->crisis.score(w.normalized, rule_words) : CrisisScore{});
    // The rules' findings stand; the learned scorer speaks only when they find nothing, so a
    // text the rules flag is not scored at all.
    a.distortions = detect_distortions_tokens(w.normalized, rule_words);
    if (a.distortions.empty())
        a.distortions = impl_->distortions.combine(
            a.distortions, impl_->distortions.score(w.normalized, rule_words));
    // A wish to die reads as positive to a word lexicon ("I wish I could sleep and not wake up"
    // scores +0.8 on "wish"): crisis language caps the compound, from -0.5 at passive to -0.8 at
    // behavior, and the explanation says so, so a mood chart never shows such a day as a good one.
    if (a.crisis.level != CrisisLevel::none && !a.crisis.evidence.empty()) {
        const double cap = -0.4 - 0.1 * static_cast<double>(a.crisis.level);
        if (a.sentiment.compound > cap) {
            a.explanation.sentiment.insert(a.explanation.sentiment.begin(),
                                           {a.crisis.evidence.front(), cap - a.sentiment.compound});
            a.sentiment.compound = cap;
        }
    }
    return a;
}

}  // namespace attune::text
