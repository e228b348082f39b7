// SPDX-License-Identifier: Apache-2.0
#include "text/metrics.hpp"

#include <algorithm>
#include <cmath>

#include <attune/core.hpp>

namespace attune::text {

double pearson(std::span<const double> x, std::span<const double> y) {
    const std::size_t n = std::min(x.size(), y.size());
    if (n < 2) return 0;
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < n; ++i) { mx += x[i]; my += y[i]; }
    mx /= static_cast<double>(n);
    my /= static_cast<double>(n);
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0;
}

std::vector<char> predict_labels(std::span<const float> probs, std::span<const float> t, std::size_t k) {
    const std::size_t n = probs.size() / k;
    std::vector<char> pred(n * k, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const float* p = probs.data() + i * k;
        bool any = false;
        std::size_t best = 0;
        for (std::size_t j = 0; j < k; ++j) {
            if (p[j] >= t[j]) { pred[i * k + j] = 1; any = true; }
            if (p[j] / t[j] > p[best] / t[best]) best = j;
        }
        if (!any) pred[i * k + best] = 1;
    }
    return pred;
}

std::vector<double> per_label_f1(std::span<const char> pred, std::span<const char> gold, std::size_t k) {
    std::vector<double> tp(k), fp(k), fn(k), f1(k);
    for (std::size_t i = 0; i < pred.size(); ++i) {
        const std::size_t j = i % k;
        tp[j] += pred[i] && gold[i];
        fp[j] += pred[i] && !gold[i];
        fn[j] += !pred[i] && gold[i];
    }
    for (std::size_t j = 0; j < k; ++j) f1[j] = tp[j] > 0 ? 2 * tp[j] / (2 * tp[j] + fp[j] + fn[j]) : 0.0;
    return f1;
}

double macro_f1(std::span<const char> pred, std::span<const char> gold, std::size_t k) {
    auto f = per_label_f1(pred, gold, k);
    double s = 0;
    for (double v : f) s += v;
    return k ? s / static_cast<double>(k) : 0;
}

std::vector<float> tune_thresholds(std::span<const float> probs, std::span<const char> gold, std::size_t k) {
    std::vector<float> t(k, 0.5f);
    // Two rounds of coordinate ascent: the fallback rule couples the labels slightly.
    for (int round = 0; round < 2; ++round) {
        for (std::size_t j = 0; j < k; ++j) {
            float best_t = t[j];
            double best_f = -1;
            for (int g = 1; g <= 45; ++g) {
                t[j] = 0.02f * static_cast<float>(g);
                const double f = per_label_f1(predict_labels(probs, t, k), gold, k)[j];
                if (f > best_f + 1e-12) { best_f = f; best_t = t[j]; }
            }
            t[j] = best_t;
        }
    }
    return t;
}

double roc_auc(std::span<const double> scores, std::span<const char> positive) {
    ATTUNE_ASSERT(scores.size() == positive.size(), "scores and labels differ in size");
    std::vector<std::size_t> order(scores.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
    // Mid-ranks over ties, then U = sum of the positives' ranks - n_pos (n_pos + 1) / 2.
    double rank_sum = 0, n_pos = 0;
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j < order.size() && scores[order[j]] == scores[order[i]]) ++j;
        const double mid = 0.5 * static_cast<double>(i + 1 + j);
        for (std::size_t k = i; k < j; ++k)
            if (positive[order[k]]) rank_sum += mid, n_pos += 1;
        i = j;
    }
    const double n_neg = static_cast<double>(scores.size()) - n_pos;
    if (n_pos == 0 || n_neg == 0) return 0.5;
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg);
}

}  // namespace attune::text
