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
//     absorbed into the baseline it is measured against. After an alarm the statistic restarts,
//     once `refractory_days` have passed. Each day's z is clipped to +-3 so that one extreme day
//     cannot alarm alone. A day without data neither adds to the statistic nor resets it; a gap
//     longer than the window restarts it. The day in progress counts with what it holds so far,
//     so a change alert raised on it may still change (or go) as the day's records come in;
//     alerts on complete days never change.
//   - Immediate rules, whatever the baseline: crisis language at level passive or above in a
//     journal entry (one alert per entry; severity high, urgent for plan or behavior; a message
//     to the companion has the alert its turn raised); PHQ-9 item 9 above 0
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

// What a record of a person's history is. `chat`: a message to the companion (issue #6) in which
// its safety gate found crisis language. Only its crisis level counts (the crisis series, the
// context of change alerts, current_risk): the short replies of a conversation ("ok", "7") are
// not journal writing, so they stay out of the valence and arousal baselines; and detect()
// raises no crisis_language alert for one, since the companion's turn raised its own
// (companion_crisis_alert).
enum class Source { journal, mood, phq9, gad7, chat };
// "journal", "mood", "phq9", "gad7", "chat".
std::string_view source_name(Source source);

// One journal entry, check-in or message to the companion as the tracker sees it.
struct Observation {
    std::string id;  // the entry's or check-in's id: timeline points and alerts link to it
    std::int64_t time_ms = 0;
    Source source = Source::journal;

    // Journal entries, from the text analysis; unset when the entry was not analysed (no consent).
    std::optional<double> valence;  // sentiment compound, -1 .. 1
    std::optional<double> arousal;  // VAD arousal, 0 .. 1
    CrisisLevel crisis = CrisisLevel::none;    // journal entries and chat messages
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

// The defaults were chosen on simulated people (`attune eval alerts`, docs/BENCHMARKS.md): with
// the 28 days, k 0.5 and h 4 first written here, day-to-day autocorrelation and the error of a
// median and MAD from ~20 days gave about 10 false change alerts per patient-year; 56 days, k 0.75
// and h 6 give about 2, detecting about 0.95 of 1.5-SD drops.
struct BaselineOptions {
    int window_days = 56;  // rolling window of days before the day assessed
    int min_days = 14;     // days with data needed before there is a baseline (from 7, a
                           // median and MAD of a week read ordinary days as outliers)
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
    // "arousal_rise", "phq9_shift", "gad7_shift"; "companion_crisis" (companion_crisis_alert).
    std::string kind;
    Severity severity = Severity::moderate;
    std::int64_t time_ms = 0;   // when it is raised: the observation that crossed the line
    std::int64_t onset_ms = 0;  // where the change began (the entry itself for immediate rules)
    // One line a clinician reads at a glance, with the numbers against this person's baseline:
    // "Valence 1.8 SD below the 28-day baseline for 5 days" (the baseline's days: window_days, or
    // the days seen so far in a cold start).
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
    double cusum_k = 0.75;  // reference value, SD: drifts smaller than this are absorbed
    double cusum_h = 6.0;   // decision interval, SD
    // After a change alert the same metric is not assessed for this many days, while its
    // baseline takes in the new level: one alert per episode rather than one every few days.
    int refractory_days = 28;
    int phq9_rise = 5;     // points over the previous PHQ-9
    int gad7_rise = 4;     // points over the previous GAD-7
};

// Every alert the rules raise over the history, in order of time_ms (ties by key). Re-running
// over a longer history yields the same alerts for the same period plus any new ones.
std::vector<Alert> detect(std::span<const Observation> history, const AlertOptions& options = {});

// The alert for crisis language in a message to the companion (issue #6), worded as a journal
// entry's crisis_language alert: kind "companion_crisis", key "companion_crisis:<message_id>",
// evidence_ids {message_id}, severity urgent when `urgent` (level plan or behavior) else high;
// the summary names the level and the day, the explanation quotes `evidence` (the person's
// phrases) and says the companion left any exercise and showed the safety plan and crisis lines.
// details: {"source": "companion", "level", "evidence", "date"}.
Alert companion_crisis_alert(const std::string& message_id, std::int64_t time_ms,
                             CrisisLevel level, const std::vector<std::string>& evidence,
                             bool urgent);

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

// The highest current_risk() over the history, assessed at the time of each record in turn (so
// each assessment sees only the records up to it): how close a person came, for ranking a
// research set where "now" means nothing. Low with "no warning signs" for an empty history.
// O(n^2) in the records.
Risk peak_risk(std::span<const Observation> history, const AlertOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Simulation and measurement (`attune eval alerts`, tests/unit/tracking): synthetic people with
// known change points, and how well detect() finds them.

struct SimulationOptions {
    int patients = 200;
    int days = 365;              // at least 56
    std::uint64_t seed = 1;
    double changed_share = 0.5;  // share of the people with one change point, spread evenly
    // Size of the step down in valence and mood at the change point, in units of the person's
    // day-to-day SD of one journal entry's valence (of one mood check-in for mood); PHQ-9 rises
    // by 4 x drop_sd points and GAD-7 by 2 x drop_sd at the same time.
    double drop_sd = 1.5;
    std::int64_t start_ms = 1736121600000;  // midnight UTC of day 0: Monday 6 Jan 2025
};

// A synthetic person. Each has their own level and noise for valence, arousal, mood, PHQ-9 and
// GAD-7; a day effect shared by valence and mood that follows an AR(1) process (phi 0.2..0.5);
// a weekly rhythm (up to 0.4 SD); 0-3 journal entries a day (10-35% of days without any, and
// breaks of 3-10 days); mood check-ins on 20-60% of days; PHQ-9 and GAD-7 every 14 days (each
// skipped one time in ten); passive ideation in 0.1% of entries (2% after a change, a fifth of
// them active). A changed person's step is sustained from change_day to the end.
struct SimulatedPatient {
    std::string id;                    // "sim-0007"
    std::vector<Observation> history;  // in time order
    std::int64_t start_ms = 0;         // midnight UTC of day 0
    int days = 0;                      // days simulated from start_ms
    std::optional<int> change_day;     // day index from start_ms; unset for a stable person
};

// Patients 0..patients-1 of the seed: patient i is the same whatever `patients` is, and changing
// drop_sd or changed_share changes no random draw. Deterministic across platforms for a seed:
// std::mt19937_64 with our own transforms (53-bit uniforms, Box-Muller normals; std's
// distributions differ between standard libraries), up to the last bit of libm's log and cos.
// Errors: invalid_argument for patients < 0, days < 56, drop_sd < 0, a share outside [0, 1] or
// a start_ms that is not midnight UTC.
Result<std::vector<SimulatedPatient>> simulate_patients(const SimulationOptions& options);

// How detect() did on simulated people. Change alerts are valence_drop, mood_drop, arousal_rise,
// phq9_shift and gad7_shift; the immediate rules (crisis language, item 9, PHQ-9/GAD-7 rises)
// fire on what they see whatever the baseline, so they are counted apart, never as false.
struct AlertEvaluation {
    int patients = 0;
    int changed = 0;
    // A changed person is detected by the first valence_drop, mood_drop or phq9_shift alert
    // raised on or after change_day and at most detection_window_days later; the delay is the
    // days from change_day to that alert's day.
    int detected = 0;
    double detection_rate = 0;               // detected / changed (0 when none changed)
    std::optional<double> delay_median_days;  // unset when none was detected
    std::optional<double> delay_p90_days;     // nearest rank
    int detection_window_days = 28;
    // False alerts: change alerts of any kind on stable people, and on changed people before
    // change_day, per year of those days (exposure_years).
    int false_alerts = 0;
    double exposure_years = 0;
    double false_alerts_per_patient_year = 0;
    std::vector<std::pair<std::string, int>> false_alerts_by_kind;  // kinds with any, by name
    int immediate_alerts = 0;  // all immediate-rule alerts, over every simulated day
    double immediate_alerts_per_patient_year = 0;
};

// Runs detect(options) over every patient. detection_window_days: see AlertEvaluation.
AlertEvaluation evaluate_alerts(std::span<const SimulatedPatient> patients,
                                const AlertOptions& options = {}, int detection_window_days = 28);
// {"patients", "changed", "detected", "detection_rate", "delay_days": {"median","p90"} (null
// when none), "detection_window_days", "false_alerts", "exposure_years",
// "false_alerts_per_patient_year", "false_alerts_by_kind", "immediate_alerts",
// "immediate_alerts_per_patient_year"}.
nlohmann::ordered_json to_json(const AlertEvaluation& evaluation);

}  // namespace attune::tracking
