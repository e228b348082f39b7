// SPDX-License-Identifier: Apache-2.0
// A person's current risk, for ranking a clinician's patients.
//
// score = 1 - prod_i (1 - c_i), a noisy-OR of independent warning signs c_i in [0, 1), so one
// strong sign dominates and several weaker ones add up without passing 1:
//   crisis language   w(level) * 0.5^(age_days / 14), in a journal entry or a message to the
//                     companion; the strongest counts;
//                     w = 0.50 passive, 0.70 active, 0.95 plan, 0.97 behavior
//   PHQ-9 item 9 > 0  0.60 * 0.5^(age_days / 14), the most recent counts
//   latest PHQ-9      band weight * 0.5^(age_days / 28) (questionnaires come fortnightly):
//                     minimal 0, mild 0.10, moderate 0.25, moderately severe 0.40, severe 0.55
//   latest GAD-7      minimal 0, mild 0.05, moderate 0.15, severe 0.30, same decay
//   valence, mood     0.45 * clamp(max(2 S / h - 1, (z7 - 1) / 1.5), 0, 1): S the CUSUM
//                     statistic now (counts from half-way to an alarm), z7 the mean robust z
//                     (worse direction) of the last 7 days against the baseline of the days
//                     before them (counts from 1 SD, full at 2.5 SD; a week's mean z of a
//                     steady person has an SD near 0.5)
// Level: low below 0.20, moderate below 0.45, high below 0.75, urgent from 0.75. So a plan
// yesterday is urgent (0.95 x 0.95), passive ideation two days ago high (0.45), a moderate
// PHQ-9 this week moderate (0.25), a steady person low (0). The reason is the largest sign's.
#include <algorithm>
#include <cmath>
#include <limits>

#include "tracking/internal.hpp"

namespace attune::tracking {
namespace {

using detail::day_of;
using detail::kDayMs;

constexpr double kCrisisHalfLifeDays = 14;
constexpr double kQuestionnaireHalfLifeDays = 28;
constexpr double kTrendWeight = 0.45;
constexpr int kTrendDays = 7;
constexpr std::string_view kNoSigns = "no warning signs";

struct Sign {
    double c = 0;
    std::string reason;
};

double decay(std::int64_t age_ms, double half_life_days) {
    const double age_days = std::max<double>(0, static_cast<double>(age_ms) / kDayMs);
    return std::pow(0.5, age_days / half_life_days);
}

double crisis_weight(CrisisLevel level) {
    switch (level) {
        case CrisisLevel::none: return 0;
        case CrisisLevel::passive: return 0.50;
        case CrisisLevel::active: return 0.70;
        case CrisisLevel::plan: return 0.95;
        case CrisisLevel::behavior: return 0.97;
    }
    return 0;
}

double band_weight(Source questionnaire, int score) {
    const std::string_view band = detail::band_words(questionnaire, score);
    const bool phq9 = questionnaire == Source::phq9;
    if (band == "mild") return phq9 ? 0.10 : 0.05;
    if (band == "moderate") return phq9 ? 0.25 : 0.15;
    if (band == "moderately severe") return 0.40;
    if (band == "severe") return phq9 ? 0.55 : 0.30;
    return 0;
}

std::string days_ago(std::int64_t then_ms, std::int64_t now_ms) {
    const std::int64_t days = (day_of(now_ms) - day_of(then_ms)) / kDayMs;
    if (days <= 0) return "today";
    if (days == 1) return "yesterday";
    return std::to_string(days) + " days ago";
}

// The valence or mood trend sign: where the CUSUM stands now and how far the last week sits
// from the baseline of the days before it.
Sign trend_sign(const Series& series, Metric metric, std::int64_t now_ms,
                const AlertOptions& options) {
    if (series.points.empty()) return {};
    const detail::MetricInfo& info = detail::metric_info(metric);
    const double s = detail::run_cusum(series, metric, options).statistic;
    const std::int64_t week_start = day_of(now_ms) - (kTrendDays - 1) * kDayMs;
    const Baseline b = baseline(series, week_start, options.baseline);
    if (!b.available) return {};
    double sum_z = 0;
    int n = 0;
    for (const DayPoint& p : series.points) {
        if (p.day_ms < week_start) continue;
        sum_z += detail::robust_z(metric, p.value, b);
        ++n;
    }
    const double z7 = n ? sum_z / n : 0;
    const double strength = std::clamp(std::max(2 * s / options.cusum_h - 1, (z7 - 1) / 1.5), 0.0, 1.0);
    if (strength <= 0) return {};
    std::string label(info.label);
    label[0] = static_cast<char>(label[0] - 'A' + 'a');
    return {kTrendWeight * strength,
            label + " " + detail::fixed(z7, 1) + " SD " + (info.worse < 0 ? "below" : "above") +
                " baseline over the last " + std::to_string(kTrendDays) + " days"};
}

}  // namespace

Risk current_risk(std::span<const Observation> history, std::int64_t now_ms,
                  const AlertOptions& options) {
    std::vector<Sign> signs;
    Sign crisis, item9;
    const Observation* latest[2] = {nullptr, nullptr};  // PHQ-9, GAD-7
    for (const Observation* o : detail::in_time_order(history)) {
        if (o->time_ms > now_ms) break;
        const std::int64_t age = now_ms - o->time_ms;
        if (detail::crisis_record(*o)) {
            const double c = crisis_weight(o->crisis) * decay(age, kCrisisHalfLifeDays);
            if (c >= crisis.c)
                crisis = {c, std::string(detail::crisis_words(o->crisis)) +
                                 (o->source == Source::chat ? " in a message to the companion "
                                                            : " in an entry ") +
                                 days_ago(o->time_ms, now_ms)};
        }
        if (o->source == Source::phq9 && o->item9_positive)
            item9 = {0.60 * decay(age, kCrisisHalfLifeDays),
                     "PHQ-9 item 9 positive on " + detail::short_date(day_of(o->time_ms))};
        if (o->source == Source::phq9 && o->score) latest[0] = o;
        if (o->source == Source::gad7 && o->score) latest[1] = o;
    }
    signs.push_back(crisis);
    signs.push_back(item9);
    for (const Observation* o : latest) {
        if (!o) continue;
        signs.push_back({band_weight(o->source, *o->score) *
                             decay(now_ms - o->time_ms, kQuestionnaireHalfLifeDays),
                         std::string(o->source == Source::phq9 ? "PHQ-9 " : "GAD-7 ") +
                             std::to_string(*o->score) + " (" +
                             std::string(detail::band_words(o->source, *o->score)) + ") on " +
                             detail::short_date(day_of(o->time_ms))});
    }
    const Timeline timeline =
        build_timeline(history, std::numeric_limits<std::int64_t>::min(), now_ms + 1);
    for (const Metric m : {Metric::valence, Metric::mood})
        signs.push_back(trend_sign(timeline.series[static_cast<std::size_t>(m)], m, now_ms, options));

    Risk risk;
    double keep = 1;
    const Sign* top = nullptr;
    for (const Sign& s : signs) {
        keep *= 1 - s.c;
        if (s.c > 0 && (!top || s.c > top->c)) top = &s;
    }
    risk.score = 1 - keep;
    risk.level = risk.score >= 0.75   ? Severity::urgent
                 : risk.score >= 0.45 ? Severity::high
                 : risk.score >= 0.20 ? Severity::moderate
                                      : Severity::low;
    risk.reason = top ? top->reason : std::string(kNoSigns);
    return risk;
}

Risk peak_risk(std::span<const Observation> history, const AlertOptions& options) {
    Risk peak{.score = 0, .level = Severity::low, .reason = std::string(kNoSigns)};
    for (const Observation* o : detail::in_time_order(history)) {
        Risk r = current_risk(history, o->time_ms, options);
        if (r.score > peak.score) peak = std::move(r);
    }
    return peak;
}

}  // namespace attune::tracking
