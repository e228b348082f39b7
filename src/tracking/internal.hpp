// SPDX-License-Identifier: Apache-2.0
// What the tracking sources share: calendar days, dates in words, the per-metric constants and
// the CUSUM detector that both detect() and current_risk() run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <attune/tracking.hpp>

namespace attune::tracking::detail {

inline constexpr std::int64_t kDayMs = 86'400'000;

// Midnight UTC of the day holding time_ms (floor division: correct before 1970 too).
std::int64_t day_of(std::int64_t time_ms);
// "2026-11-02": alert keys and JSON.
std::string iso_date(std::int64_t day_ms);
// "2 Nov": dates in the sentences a clinician reads.
std::string short_date(std::int64_t day_ms);
// value with `decimals` digits after the point ("1.8"); -0.0 prints as "0.0".
std::string fixed(double value, int decimals);

// Per-metric constants of the change rules.
struct MetricInfo {
    std::string_view label;       // "Valence": how a sentence starts
    std::string_view alert_kind;  // "valence_drop"; empty: no change rule
    int worse = 0;                // +1 when a rise is worse, -1 when a fall is, 0: not assessed
    double sd_floor = 0;          // smallest SD the baseline may have (the metric's units)
    int decimals = 2;             // digits when a value of the metric is printed
};
const MetricInfo& metric_info(Metric metric);

// The metrics with a change rule, in the order their alerts are assessed.
inline constexpr Metric kChangeMetrics[] = {Metric::valence, Metric::mood, Metric::arousal,
                                            Metric::phq9, Metric::gad7};

// A robust z in the worse direction is clipped to this many SD, so that one extreme day cannot
// cross the decision interval on its own (Huber's clipping applied to the CUSUM's increments).
inline constexpr double kZClip = 3.0;

// The robust z of a day's value against a baseline, in the metric's worse direction and
// clipped to +-kZClip. Its SD is the baseline's widened by the error of a median taken from
// `days` values, sd x sqrt(1 + pi / (2 days)) (the median's sampling variance is pi sd^2 / 2n),
// so a cold start's 7 days do not read ordinary days as outliers.
double robust_z(Metric metric, double value, const Baseline& baseline);

// One alarm of the CUSUM: the run from onset to alarm, measured against the baseline frozen at
// the onset.
struct ChangeRun {
    std::size_t onset = 0;  // index into series.points of the run's first day
    std::size_t alarm = 0;  // index of the day the statistic crossed h
    Baseline baseline;      // frozen at the onset
    double mean_z = 0;      // mean robust_z() over the run's days
    double mean_value = 0;  // mean of the run's daily values
    double statistic = 0;   // the CUSUM when it crossed h
};

struct CusumTrace {
    std::vector<ChangeRun> alarms;  // in order
    double statistic = 0;           // after the last day of the series
    std::optional<ChangeRun> open;  // the run in progress after the last day (alarm = last day)
};

// One-sided CUSUM (Page 1954) of the clipped robust z of each day with data in the worse
// direction of `metric`: S = max(0, S + z - k), alarm when S > h, then S = 0. The baseline is
// re-estimated each day while S = 0 and frozen at the start of a run. Days without data leave
// S as it was; a gap longer than the baseline window restarts it (the frozen baseline would be
// stale). Days before a baseline is available are skipped.
CusumTrace run_cusum(const Series& series, Metric metric, const AlertOptions& options);

// Crisis language at passive or above in a record: a journal entry, or a message to the
// companion.
inline bool crisis_record(const Observation& o) {
    return (o.source == Source::journal || o.source == Source::chat) &&
           o.crisis >= CrisisLevel::passive;
}

// The CrisisLevel ladder in a clinician's words: "passive ideation", "active ideation",
// "a suicide plan or intent", "suicidal or self-harm behaviour" ("" for none).
std::string_view crisis_words(CrisisLevel level);

// PHQ-9 and GAD-7 severity bands (Kroenke et al. 2001; Spitzer et al. 2006), as words:
// "minimal", "mild", "moderate", "moderately severe" (PHQ-9 only), "severe".
std::string_view band_words(Source questionnaire, int score);

// The observations sorted by (time_ms, id): the order every rule reads a history in.
std::vector<const Observation*> in_time_order(std::span<const Observation> history);

}  // namespace attune::tracking::detail
