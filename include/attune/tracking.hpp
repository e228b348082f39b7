// SPDX-License-Identifier: Apache-2.0
// attune::tracking — the emotional journey over time (issue #5): per-day series, per-person
// robust baselines, change detection, early-warning alerts that explain themselves, and a
// person's current risk for ranking a clinician's patients.
//
// Pure computation over what the caller hands it: no store, no clock, no text analysis, no
// cryptography. The platform decrypts a patient's history, turns each journal entry and check-in
// into an Observation and calls these functions; the evaluation commands call them on simulated
// people and on research data. Every function is deterministic and thread-safe (no shared state).
//
// Days are UTC calendar days (day_ms = midnight UTC, milliseconds since the Unix epoch).
//
// Method (docs/ARCHITECTURE.md, "Early warning"):
//   - Baseline: median and MAD (scaled by 1.4826 to estimate a standard deviation, floored per
//     metric so that a very steady person does not alarm on noise) of the daily values in a
//     rolling window of `window_days` before the day assessed. Cold start: from `min_days` days
//     with data until the window has filled, the baseline is every day seen so far; before that
//     there is no baseline and no change detection (immediate rules still apply).
//   - Change: a one-sided CUSUM (Page 1954) of the daily robust z-scores against that baseline,
//     in the direction that means worse (valence and mood down; arousal, PHQ-9 and GAD-7 up),
//     with reference value k and decision interval h in SD units. While the statistic is above
//     zero the baseline is frozen at its value when the run began, so a slow decline is not
//     absorbed into the baseline it is measured against. After an alarm the statistic restarts.
//   - Immediate rules, whatever the baseline: crisis language at level passive or above (one
//     alert per entry; severity high, urgent for plan or behavior); PHQ-9 item 9 above 0
//     (high); a PHQ-9 rise of at least `phq9_rise` points (the reliable-change threshold) or a
//     GAD-7 rise of at least `gad7_rise` over the previous score (moderate, high when the new
//     score is in the severe band).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <attune/core.hpp>

namespace attune::tracking {

// What a record of a person's history is.
enum class Source { journal, mood, phq9, gad7 };
// "journal", "mood", "phq9", "gad7".
std::string_view source_name(Source source);

// One journal entry or check-in as the tracker sees it.
struct Observation {
    std::string id;  // the entry's or check-in's id: timeline points and alerts link to it
    std::int64_t time_ms = 0;
    Source source = Source::journal;

    // Journal entries, from the text analysis; unset when the entry was not analysed (no consent).
    std::optional<double> valence;  // sentiment compound, -1 .. 1
    std::optional<double> arousal;  // VAD arousal, 0 .. 1
    CrisisLevel crisis = CrisisLevel::none;
    std::vector<std::string> crisis_evidence;  // the phrases that raised it: patient words
    int distortions = 0;                       // cognitive distortions found
    std::vector<std::pair<std::string, double>> top_emotions;  // up to 3 labels, probability

    // Check-ins: mood 1..10, PHQ-9 total 0..27, GAD-7 total 0..21.
    std::optional<int> score;
    bool item9_positive = false;  // PHQ-9 item 9 answered above 0
};

// A daily series.
enum class Metric { valence, arousal, mood, phq9, gad7, distortions, crisis };
// "valence", "arousal", "mood", "phq9", "gad7", "distortions", "crisis".
std::string_view metric_name(Metric metric);
// What a metric's values are, for a chart's axis: "sentiment compound, -1 (negative) to 1".
std::string_view metric_unit(Metric metric);

struct DayPoint {
    std::int64_t day_ms = 0;       // midnight UTC
    double value = 0;              // the day's mean; distortions: the day's total; crisis: the
                                   // day's highest level, 0 (none) .. 4 (behavior)
    int n = 0;                     // observations behind the value
    std::vector<std::string> ids;  // those observations, oldest first
};

struct Series {
    Metric metric = Metric::valence;
    std::vector<DayPoint> points;  // days with data only, oldest first
    int observations = 0;          // sum of n: how much data the series rests on
};

struct DayEmotions {
    std::int64_t day_ms = 0;
    std::vector<std::pair<std::string, double>> top;  // up to 3 labels, mean probability, highest first
    std::vector<std::string> ids;
};

struct Timeline {
    std::vector<Series> series;          // one per Metric, in enum order, even when empty
    std::vector<DayEmotions> emotions;   // days with analysed journal entries, oldest first
};

// The per-day series of the observations with from_ms <= time_ms < to_ms. Observations may come
// in any order.
Timeline build_timeline(std::span<const Observation> history, std::int64_t from_ms,
                        std::int64_t to_ms);

struct BaselineOptions {
    int window_days = 28;  // rolling window of days before the day assessed
    int min_days = 7;      // days with data needed before there is a baseline
};

struct Baseline {
    bool available = false;   // false until min_days days with data
    bool cold_start = false;  // fewer days than the window: every day seen so far
    double median = 0;
    double sd = 0;            // 1.4826 x MAD, at least the metric's floor
    int days = 0;             // days with data behind it
};

// The baseline of a series for the day `day_ms` (from the days strictly before it).
Baseline baseline(const Series& series, std::int64_t day_ms, const BaselineOptions& options = {});

enum class Severity { low, moderate, high, urgent };
// "low", "moderate", "high", "urgent".
std::string_view severity_name(Severity severity);

struct Alert {
    // Stable for the same event however often detect() is re-run over a longer history, so a
    // store can keep each alert once: "<kind>:<entry id>" for per-entry rules, "<kind>:<onset
    // day>" for changes ("valence_drop:2026-11-02").
    std::string key;
    // "crisis_language", "phq9_item9", "phq9_rise", "gad7_rise", "valence_drop", "mood_drop",
    // "arousal_rise", "phq9_shift", "gad7_shift".
    std::string kind;
    Severity severity = Severity::moderate;
    std::int64_t time_ms = 0;   // when it is raised: the observation that crossed the line
    std::int64_t onset_ms = 0;  // where the change began (the entry itself for immediate rules)
    // One line a clinician reads at a glance, with the numbers against this person's baseline:
    // "Valence 1.8 SD below the 28-day baseline for 5 days".
    std::string summary;
    // The summary with its context in the same period, in full sentences: "Valence 1.8 SD below
    // the 28-day baseline (median 0.21) for 5 days, from 2 Nov; 2 entries with passive
    // ideation; PHQ-9 up from 8 to 15." Crisis alerts quote the phrases that raised them.
    std::string explanation;
    std::vector<std::string> evidence_ids;  // the observations behind it, oldest first
    // The numbers, for machines and charts: {"metric", "baseline": {"median","sd","days",
    // "cold_start"}, "value", "z", "days", "from", "to", "level", "previous", "current", ...}
    // (fields present where they apply).
    nlohmann::ordered_json details;
};

struct AlertOptions {
    BaselineOptions baseline;
    double cusum_k = 0.5;  // reference value, SD: drifts smaller than this are absorbed
    double cusum_h = 4.0;  // decision interval, SD
    int phq9_rise = 5;     // points over the previous PHQ-9
    int gad7_rise = 4;     // points over the previous GAD-7
};

// Every alert the rules raise over the history, in order of time_ms (ties by key). Re-running
// over a longer history yields the same alerts for the same period plus any new ones.
std::vector<Alert> detect(std::span<const Observation> history, const AlertOptions& options = {});

// A person's current risk, for ranking: score in [0, 1], its level, and the main reason in words
// ("passive ideation in an entry 2 days ago"; "PHQ-9 15 (moderately severe) on 20 Nov";
// "valence 1.6 SD below baseline over the last 7 days"; "no warning signs").
struct Risk {
    double score = 0;
    Severity level = Severity::low;
    std::string reason;
};
Risk current_risk(std::span<const Observation> history, std::int64_t now_ms,
                  const AlertOptions& options = {});

}  // namespace attune::tracking
