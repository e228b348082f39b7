// SPDX-License-Identifier: Apache-2.0
#include "text/crisis_model.hpp"

#include "text/crisis.hpp"

#include <algorithm>
#include <cmath>

#include "text/model.hpp"

namespace attune::text {
namespace {

constexpr std::size_t kNegationScope = 3;  // words after a negator, as in VADER's window
// Character n-grams are many per word; at full weight they would drown the word features in
// the L2 norm, so each counts this much.
constexpr float kCharWeight = 0.5f;
constexpr std::size_t kMaxEvidenceWords = 4;  // words cited from the model, before merging

// The negators that open the model's negated-word scope. Part of the feature definition frozen
// in crisis.atm ("none" in, "hardly" out), so it is not text::is_negator.
bool opens_negation_scope(std::string_view t) {
    return t == "not" || t == "no" || t == "never" || t == "nobody" || t == "nothing" ||
           t == "without" || t == "nor" || t == "none";
}

bool ascii_letters(std::string_view t) {
    return std::all_of(t.begin(), t.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || c == '\''; });
}

// A feature's hash: its kind and its text, hashed as one string.
std::uint64_t feature_hash(std::string_view kind, std::string_view a, std::string_view b = {}) {
    thread_local std::string buf;
    buf.assign(kind);
    buf += a;
    if (!b.empty()) {
        buf += ' ';
        buf += b;
    }
    return unigram_hash(buf);
}

std::size_t output_of(CrisisLevel level) { return kPassive + static_cast<std::size_t>(level) - 1; }

}  // namespace

void crisis_ngrams(const std::vector<RuleToken>& t, std::size_t first, std::size_t end,
                   std::vector<FeatureHit>& out, std::vector<float>& weight) {
    out.clear();
    weight.clear();
    std::size_t scope_left = 0;
    for (std::size_t i = first; i < end; ++i) {
        const auto u = static_cast<std::uint32_t>(i);
        const std::string& w = t[i].text;
        const bool sentence_start = i == first || t[i - 1].sentence != t[i].sentence;
        out.push_back({feature_hash("w:", w), u, u, false});
        out.push_back(
            {feature_hash("b:", sentence_start ? "<s>" : std::string_view(t[i - 1].text), w),
             sentence_start ? u : u - 1, u, false});
        if (i > first && t[i - 1].clause != t[i].clause) scope_left = 0;
        if (scope_left > 0) {
            out.push_back({feature_hash("n:", w), u, u, true});
            --scope_left;
        }
        weight.resize(out.size(), 1.0f);
        if (opens_negation_scope(w)) scope_left = kNegationScope;
        if (w.size() >= 4 && ascii_letters(w)) {
            const std::string b = "<" + w + ">";
            const std::string_view bv(b);
            for (std::size_t n = 3; n <= 5 && n < b.size(); ++n)
                for (std::size_t s = 0; s + n <= b.size(); ++s)
                    out.push_back({feature_hash("c:", bv.substr(s, n)), u, u, false});
            weight.resize(out.size(), kCharWeight);
        }
    }
}

CrisisModel::CrisisModel(Vocabulary vocab, LinearModel linear, CrisisThresholds thresholds,
                         nlohmann::json meta)
    : vocab_(std::move(vocab)),
      linear_(std::move(linear)),
      thresholds_(thresholds),
      meta_(std::move(meta)) {}

void ngram_input(const Vocabulary& vocab, const std::vector<RuleToken>& tokens, std::size_t first,
                 std::size_t end, std::vector<FeatureHit>& hits, SparseVector& x,
                 std::vector<std::int32_t>& where) {
    thread_local std::vector<float> weight;
    thread_local std::vector<std::pair<std::uint32_t, std::uint32_t>> found;  // feature, hit
    crisis_ngrams(tokens, first, end, hits, weight);
    for (const auto& h : hits) vocab.prefetch(h.hash);  // the misses overlap (see build_input)
    found.clear();
    for (std::size_t h = 0; h < hits.size(); ++h)
        if (const auto f = vocab.find(hits[h].hash); f >= 0)
            found.emplace_back(static_cast<std::uint32_t>(f), static_cast<std::uint32_t>(h));
    std::sort(found.begin(), found.end());
    x.clear();
    where.assign(hits.size(), -1);
    for (const auto& [f, h] : found) {
        // Presence, not counts: a repeated word says no more about risk than one.
        if (x.index.empty() || x.index.back() != f) {
            x.index.push_back(f);
            x.value.push_back(weight[h]);
        }
        x.value.back() = std::max(x.value.back(), weight[h]);
        where[h] = static_cast<std::int32_t>(x.index.size() - 1);
    }
    double norm = 0;
    for (float v : x.value) norm += static_cast<double>(v) * v;
    if (norm > 0)
        for (float& v : x.value) v = static_cast<float>(v / std::sqrt(norm));
}

std::vector<std::pair<std::size_t, std::size_t>> evidence_runs(
    const LinearModel& linear, std::size_t output, const std::vector<RuleToken>& tokens,
    std::size_t first, std::size_t end, const std::vector<FeatureHit>& hits, const SparseVector& x,
    const std::vector<std::int32_t>& where, std::size_t max_words) {
    thread_local std::vector<std::uint16_t> occurrences;
    thread_local std::vector<double> per_word;
    occurrences.assign(x.index.size(), 0);
    for (auto p : where)
        if (p >= 0) ++occurrences[static_cast<std::size_t>(p)];
    per_word.assign(tokens.size(), 0.0);
    for (std::size_t h = 0; h < hits.size(); ++h) {
        if (where[h] < 0) continue;
        const auto p = static_cast<std::size_t>(where[h]);
        const double c = linear.weight(x.index[p], output) * x.value[p] / occurrences[p];
        for (std::size_t i = hits[h].first; i <= hits[h].last; ++i)
            per_word[i] += c / (hits[h].last - hits[h].first + 1);
    }
    std::vector<std::size_t> words;
    for (std::size_t i = first; i < end; ++i)
        if (per_word[i] > 0) words.push_back(i);
    const std::size_t keep = std::min(words.size(), max_words);
    std::partial_sort(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(keep), words.end(),
                      [&](std::size_t a, std::size_t b) {
                          return per_word[a] > per_word[b] || (per_word[a] == per_word[b] && a < b);
                      });
    words.resize(keep);
    std::sort(words.begin(), words.end());
    std::vector<std::pair<std::size_t, std::size_t>> runs;
    for (std::size_t r = 0; r < words.size();) {
        std::size_t e = r;
        while (e + 1 < words.size() && words[e + 1] == words[e] + 1 &&
               tokens[words[e + 1]].sentence == tokens[words[r]].sentence)
            ++e;
        runs.emplace_back(words[r], words[e]);
        r = e + 1;
    }
    return runs;
}

CrisisScore CrisisModel::score(std::string_view normalized,
                               const std::vector<RuleToken>& tokens) const {
    CrisisScore out;
    if (tokens.empty()) return out;
    thread_local std::vector<FeatureHit> hits;
    thread_local SparseVector x;
    thread_local std::vector<std::int32_t> where;
    // The units read: the whole text, and each sentence of a longer one, so that one risk
    // sentence in a long journal entry is not diluted by the ordinary ones around it. The unit
    // with the highest risk speaks for the text.
    std::array<float, kCrisisOutputs> logits{};
    std::pair<std::size_t, std::size_t> best{0, tokens.size()};
    auto read = [&](std::size_t first, std::size_t end) {
        featurize(tokens, first, end, hits, x, where);
        linear_.predict(x, logits);
        if (sigmoid(logits[kRisk]) > out.probability[kRisk] ||
            (first == 0 && end == tokens.size())) {
            for (std::size_t k = 0; k < kCrisisOutputs; ++k)
                out.probability[k] = sigmoid(logits[k]);
            best = {first, end};
        }
    };
    read(0, tokens.size());
    if (tokens.back().sentence != tokens.front().sentence)
        for (std::size_t first = 0; first < tokens.size();) {
            std::size_t end = first + 1;
            while (end < tokens.size() && tokens[end].sentence == tokens[first].sentence) ++end;
            read(first, end);
            first = end;
        }
    std::size_t top = kPassive;
    for (std::size_t k = kActive; k <= kBehavior; ++k)
        if (out.probability[k] > out.probability[top]) top = k;
    out.level = static_cast<CrisisLevel>(top - kPassive + 1);
    out.on_topic = mentions_crisis_vocabulary(tokens, best.first, best.second);
    if (out.probability[kRisk] < (out.on_topic ? thresholds_.threshold : thresholds_.off_topic))
        return out;  // the model will not speak: no words needed

    // Evidence: each feature's contribution to the rung's logit (weight x input), shared
    // between its occurrences and spread over the words it covers; the words that push hardest
    // are cited, neighbours merged into phrases, as written.
    featurize(tokens, best.first, best.second, hits, x, where);
    for (const auto& [r, e] : evidence_runs(linear_, top, tokens, best.first, best.second, hits, x,
                                            where, kMaxEvidenceWords)) {
        std::string phrase(span_text(normalized, tokens, r, e));
        if (std::find(out.evidence.begin(), out.evidence.end(), phrase) == out.evidence.end())
            out.evidence.push_back(std::move(phrase));
    }
    return out;
}

CrisisAssessment CrisisModel::combine(const CrisisAssessment& rules, const CrisisScore& model,
                                      const CrisisThresholds& thresholds) {
    CrisisAssessment out = rules;
    const auto& p = model.probability;
    const float rung = model.level == CrisisLevel::none ? 0.0f : p[output_of(model.level)];
    if (rules.level != CrisisLevel::none) {
        if (model.on_topic && p[kRisk] < thresholds.veto) {
            CrisisAssessment vetoed;
            vetoed.confidence = 1.0 - p[kRisk];
            return vetoed;
        }
        if (model.level > rules.level && p[kRisk] >= thresholds.raise && rung >= thresholds.raise) {
            out.level = model.level;
            out.confidence = rung;
            for (const auto& e : model.evidence)
                if (std::find(out.evidence.begin(), out.evidence.end(), e) == out.evidence.end())
                    out.evidence.push_back(e);
        }
        return out;
    }
    float bar = model.on_topic ? thresholds.threshold : thresholds.off_topic;
    if (rules.explained_away) bar = std::max(bar, thresholds.guarded);
    if (p[kRisk] < bar || model.level == CrisisLevel::none) return out;
    out.level = model.level;
    out.confidence = p[kRisk];
    out.evidence = model.evidence;
    out.self_harm = p[kSelfHarm] >= 0.5f;
    return out;
}

void CrisisModel::save_to(ModelFile& file) const {
    file.put<std::uint64_t>("vocab.keys", DType::u64, {static_cast<std::int64_t>(vocab_.size())},
                            vocab_.keys());
    linear_.save_to(file, "crisis");
    file.meta() = meta_;
    file.meta()["outputs"] = {"risk", "passive", "active", "plan", "behavior", "self_harm"};
    file.meta()["threshold"] = thresholds_.threshold;
    file.meta()["raise_threshold"] = thresholds_.raise;
    file.meta()["veto_threshold"] = thresholds_.veto;
    file.meta()["off_topic_threshold"] = thresholds_.off_topic;
    file.meta()["guarded_threshold"] = thresholds_.guarded;
}

Result<CrisisModel> CrisisModel::from_model(const ModelFile& file) {
    if (file.kind() != kCrisisModelKind)
        return Status::corrupt("model kind is '" + file.kind() + "', expected '" +
                               std::string(kCrisisModelKind) + "'");
    auto keys = file.get("vocab.keys", DType::u64, 1);
    if (!keys) return keys.status();
    auto linear = LinearModel::from_model(file, "crisis");
    if (!linear) return linear.status();
    const auto k = (*keys)->as<std::uint64_t>();
    if (linear->features() != k.size() || linear->outputs() != kCrisisOutputs)
        return Status::corrupt("crisis weights are " + std::to_string(linear->features()) + "x" +
                               std::to_string(linear->outputs()) + ", expected " +
                               std::to_string(k.size()) + "x" + std::to_string(kCrisisOutputs));
    try {
        const auto& meta = file.meta();
        const auto outputs = meta.at("outputs").get<std::vector<std::string>>();
        if (outputs !=
            std::vector<std::string>{"risk", "passive", "active", "plan", "behavior", "self_harm"})
            return Status::corrupt(
                "crisis model outputs are not risk, passive, active, plan, behavior, self_harm");
        CrisisThresholds t;
        t.threshold = meta.at("threshold").get<float>();
        t.raise = meta.at("raise_threshold").get<float>();
        t.veto = meta.value("veto_threshold", 0.0f);  // files before the veto: never
        t.off_topic = meta.value("off_topic_threshold", 2.0f);  // and never off topic
        t.guarded = meta.value("guarded_threshold", t.threshold);  // nor a higher bar when guarded
        if (!(t.threshold >= 0 && t.threshold <= 1) || !(t.raise >= 0) ||
            !(t.veto >= 0 && t.veto <= t.threshold) || !(t.off_topic >= t.threshold) ||
            !(t.guarded >= t.threshold))
            return Status::corrupt("crisis model thresholds out of range");
        return CrisisModel(Vocabulary(std::vector<std::uint64_t>(k.begin(), k.end())),
                           std::move(*linear), t, meta);
    } catch (const nlohmann::json::exception& e) {
        return Status::corrupt(std::string("crisis model metadata: ") + e.what());
    }
}

}  // namespace attune::text
