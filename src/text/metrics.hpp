// SPDX-License-Identifier: Apache-2.0
// Accuracy measures shared by training (threshold tuning) and evaluation.
#pragma once

#include <span>
#include <vector>

namespace attune::text {

// Pearson correlation; 0 when either side is constant.
double pearson(std::span<const double> x, std::span<const double> y);

// Multi-label predictions at per-label thresholds: label k is on when p[k] >= t[k]; when no label
// is on, the label with the highest p[k] / t[k] is (every GoEmotions text has a label).
// probs and gold are n x K row-major (gold 0/1).
std::vector<char> predict_labels(std::span<const float> probs, std::span<const float> thresholds, std::size_t k);

// Per-label F1 of predictions against gold (n x K row-major), and their unweighted mean.
std::vector<double> per_label_f1(std::span<const char> pred, std::span<const char> gold, std::size_t k);
double macro_f1(std::span<const char> pred, std::span<const char> gold, std::size_t k);

// Per-label thresholds that maximise each label's F1 on (probs, gold), by coordinate ascent
// over a grid of 0.02..0.90, starting from 0.5 and accounting for the fallback rule.
// Area under the ROC curve: the probability that a random positive scores above a random
// negative, ties counting one half (the Mann-Whitney U statistic). 0.5 when a class is empty.
double roc_auc(std::span<const double> scores, std::span<const char> positive);

std::vector<float> tune_thresholds(std::span<const float> probs, std::span<const char> gold, std::size_t k);

}  // namespace attune::text
