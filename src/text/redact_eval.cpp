// SPDX-License-Identifier: Apache-2.0
// evaluate_redaction(): span-level precision and recall of redact() on a gold JSONL file, and
// the effect of redaction on the emotion analysis.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "text/redact.hpp"

namespace attune::text {
namespace {

struct Counts {
    std::size_t tp = 0, fp = 0, fn = 0;
};

double ratio(std::size_t a, std::size_t b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0; }

nlohmann::json counts_json(const Counts& c) {
    const double p = c.tp + c.fp ? ratio(c.tp, c.tp + c.fp) : 1.0;
    const double r = c.tp + c.fn ? ratio(c.tp, c.tp + c.fn) : 1.0;
    const double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    auto round4 = [](double v) { return std::round(v * 10000) / 10000; };
    return {{"tp", c.tp}, {"fp", c.fp}, {"fn", c.fn}, {"precision", round4(p)}, {"recall", round4(r)}, {"f1", round4(f1)}};
}

std::size_t top_emotion(const Analysis& a) {
    return static_cast<std::size_t>(std::max_element(a.emotions.begin(), a.emotions.end()) - a.emotions.begin());
}

}  // namespace

Result<nlohmann::json> evaluate_redaction(const std::string& jsonl_path, const RedactionEvalOptions& options) {
    std::ifstream in(jsonl_path, std::ios::binary);
    if (!in) return Status::not_found("cannot open redaction test set " + jsonl_path);
    std::array<Counts, kNumPiiTypes> per_type{};
    Counts overall;
    std::size_t sentences = 0, exact = 0, with_pii = 0;
    // Effect on the analysis, over all sentences and over those that had something redacted.
    double abs_compound = 0, abs_compound_changed = 0, max_abs_compound = 0;
    std::size_t top_same = 0, top_same_changed = 0, ekman_same = 0, labels_same = 0, changed = 0;
    nlohmann::json mismatches = nlohmann::json::array();
    std::string line;
    for (std::size_t line_no = 1; std::getline(in, line); ++line_no) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        std::string text, gold;
        try {
            const auto j = nlohmann::json::parse(line);
            text = j.at("text").get<std::string>();
            gold = j.at("redacted").get<std::string>();
        } catch (const nlohmann::json::exception& e) {
            return Status::corrupt(jsonl_path + ":" + std::to_string(line_no) + ": " + e.what());
        }
        auto gold_spans = align_redaction(text, gold);
        if (!gold_spans)
            return Status::corrupt(jsonl_path + ":" + std::to_string(line_no) +
                                   ": \"redacted\" is not \"text\" with spans replaced by placeholders");
        auto got = redact(text);
        if (!got) return got.status().with_context(jsonl_path + ":" + std::to_string(line_no));
        ++sentences;
        with_pii += !gold_spans->empty();
        if (got->text == gold) {
            ++exact;
        } else if (mismatches.size() < options.max_mismatches) {
            mismatches.push_back({{"line", line_no}, {"text", text}, {"gold", gold}, {"got", got->text}});
        }
        for (const RedactedSpan& p : got->spans) {
            const bool hit = std::any_of(gold_spans->begin(), gold_spans->end(), [&](const RedactedSpan& g) {
                return g.type == p.type && g.begin == p.begin && g.end == p.end;
            });
            auto& c = per_type[static_cast<std::size_t>(p.type)];
            (hit ? c.tp : c.fp)++;
            (hit ? overall.tp : overall.fp)++;
        }
        for (const RedactedSpan& g : *gold_spans) {
            const bool hit = std::any_of(got->spans.begin(), got->spans.end(), [&](const RedactedSpan& p) {
                return g.type == p.type && g.begin == p.begin && g.end == p.end;
            });
            if (!hit) {
                per_type[static_cast<std::size_t>(g.type)].fn++;
                overall.fn++;
            }
        }
        if (options.analyzer) {
            auto before = options.analyzer->analyze(text);
            auto after = options.analyzer->analyze(got->text);
            if (!before) return before.status().with_context(jsonl_path + ":" + std::to_string(line_no));
            if (!after) return after.status().with_context(jsonl_path + ":" + std::to_string(line_no));
            const double d = std::abs(before->sentiment.compound - after->sentiment.compound);
            const bool same_top = top_emotion(*before) == top_emotion(*after);
            abs_compound += d;
            max_abs_compound = std::max(max_abs_compound, d);
            top_same += same_top;
            ekman_same += std::max_element(before->ekman.begin(), before->ekman.end()) - before->ekman.begin() ==
                          std::max_element(after->ekman.begin(), after->ekman.end()) - after->ekman.begin();
            labels_same += before->labels == after->labels;
            if (!got->spans.empty()) {
                ++changed;
                abs_compound_changed += d;
                top_same_changed += same_top;
            }
        }
    }
    nlohmann::json out = {{"file", jsonl_path},
                          {"sentences", sentences},
                          {"sentences_with_identifiers", with_pii},
                          {"exact_match", std::round(ratio(exact, sentences) * 10000) / 10000},
                          {"overall", counts_json(overall)}};
    nlohmann::json types = nlohmann::json::object();
    for (std::size_t t = 0; t < kNumPiiTypes; ++t) types[std::string(pii_type_name(static_cast<PiiType>(t)))] = counts_json(per_type[t]);
    out["per_type"] = types;
    if (options.analyzer) {
        auto r4 = [](double v) { return std::round(v * 10000) / 10000; };
        out["analysis"] = {
            {"sentences", sentences},
            {"mean_abs_compound_change", r4(sentences ? abs_compound / static_cast<double>(sentences) : 0)},
            {"max_abs_compound_change", r4(max_abs_compound)},
            {"top_emotion_unchanged", r4(ratio(top_same, sentences))},
            {"top_ekman_unchanged", r4(ratio(ekman_same, sentences))},
            {"labels_unchanged", r4(ratio(labels_same, sentences))},
            {"redacted_sentences", changed},
            {"redacted_mean_abs_compound_change", r4(changed ? abs_compound_changed / static_cast<double>(changed) : 0)},
            {"redacted_top_emotion_unchanged", r4(ratio(top_same_changed, changed))}};
    }
    if (options.max_mismatches) out["mismatches"] = mismatches;
    return out;
}

}  // namespace attune::text
