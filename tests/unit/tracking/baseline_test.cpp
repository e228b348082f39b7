// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <limits>

#include "tracking/internal.hpp"
#include "unit/tracking/history.hpp"

namespace attune::tracking {
namespace {

using namespace testing;

// The window and cold start these hand-computed examples were worked out for.
constexpr BaselineOptions kWeekStart{.window_days = 28, .min_days = 7};

Series valence_of(const std::vector<Observation>& history) {
    return build_timeline(history, std::numeric_limits<std::int64_t>::min(),
                          std::numeric_limits<std::int64_t>::max())
        .series[static_cast<std::size_t>(Metric::valence)];
}

TEST(Baseline, MedianAndScaledMadOnAHandComputedExample) {
    // 0.1 0.3 0.2 0.5 0.4 0.9 0.2: sorted 0.1 0.2 0.2 0.3 0.4 0.5 0.9, median 0.3; deviations
    // 0.2 0 0.1 0.2 0.1 0.6 0.1, sorted 0 0.1 0.1 0.1 0.2 0.2 0.6, MAD 0.1, SD 0.14826.
    const double values[] = {0.1, 0.3, 0.2, 0.5, 0.4, 0.9, 0.2};
    std::vector<Observation> h;
    for (int d = 0; d < 7; ++d) h.push_back(journal(id("j", d), d, values[d]));
    const Baseline b = baseline(valence_of(h), at(7), kWeekStart);
    EXPECT_TRUE(b.available);
    EXPECT_TRUE(b.cold_start);
    EXPECT_EQ(b.days, 7);
    EXPECT_NEAR(b.median, 0.3, 1e-12);
    EXPECT_NEAR(b.sd, 0.14826, 1e-9);
}

TEST(Baseline, EvenCountMedianAndSdFloor) {
    std::vector<Observation> h;
    for (int d = 0; d < 8; ++d) h.push_back(journal(id("j", d), d, d < 4 ? 0.20 : 0.22));
    const Baseline b = baseline(valence_of(h), at(8), kWeekStart);
    EXPECT_NEAR(b.median, 0.21, 1e-12);
    EXPECT_DOUBLE_EQ(b.sd, 0.10);  // MAD 0.01 x 1.4826 is under valence's floor
}

TEST(Baseline, ColdStartFromMinDaysThenARollingWindow) {
    std::vector<Observation> h;
    for (int d = 0; d < 40; ++d) h.push_back(journal(id("j", d), d, d < 12 ? -0.5 : 0.5));
    const Series s = valence_of(h);
    EXPECT_FALSE(baseline(s, at(6), kWeekStart).available);  // 6 days with data: no baseline yet
    const Baseline first = baseline(s, at(7), kWeekStart);
    EXPECT_TRUE(first.available);
    EXPECT_TRUE(first.cold_start);
    EXPECT_EQ(first.days, 7);
    const Baseline early = baseline(s, at(20), kWeekStart);  // every day so far: 12 at -0.5, 8 at 0.5
    EXPECT_TRUE(early.cold_start);
    EXPECT_EQ(early.days, 20);
    EXPECT_NEAR(early.median, -0.5, 1e-12);
    const Baseline full = baseline(s, at(40), kWeekStart);  // days 12..39 only: the first 12 have left
    EXPECT_FALSE(full.cold_start);
    EXPECT_EQ(full.days, 28);
    EXPECT_NEAR(full.median, 0.5, 1e-12);
    // The day assessed and later days never count.
    EXPECT_EQ(baseline(s, at(10, 23), kWeekStart).days, 10);
    BaselineOptions narrow{.window_days = 7, .min_days = 3};
    EXPECT_EQ(baseline(s, at(40), narrow).days, 7);
}

TEST(Baseline, GapEmptiesTheWindow) {
    std::vector<Observation> h = noisy_journal(0, 30, 0.2, 0.1, 3);
    const Series s = valence_of(h);
    EXPECT_FALSE(baseline(s, at(80)).available);  // nothing in the 28 days before
}

// The CUSUM on a seeded series: known input, known alarms.
std::vector<Alert> drops(const std::vector<Observation>& h, const AlertOptions& o = {}) {
    return of_kind(detect(h, o), "valence_drop");
}

TEST(Cusum, TwoSdStepAlarmsWithinAFewDays) {
    auto h = noisy_journal(0, 60, 0.2, 0.15, 11);
    const auto after = noisy_journal(60, 20, 0.2 - 2 * 0.15, 0.15, 12, "k");
    h.insert(h.end(), after.begin(), after.end());
    const auto alerts = drops(h);
    ASSERT_FALSE(alerts.empty());
    EXPECT_TRUE(of_kind(alerts, "valence_drop").size() == alerts.size());
    std::vector<Alert> after_step;
    for (const auto& a : alerts)
        if (a.time_ms >= at(60, 0)) after_step.push_back(a);
    ASSERT_FALSE(after_step.empty());
    const Alert& first = after_step.front();
    EXPECT_LE(first.time_ms, at(64, 23)) << first.summary;  // within 5 days of the step
    EXPECT_GE(first.onset_ms, at(55, 0)) << first.explanation;
}

TEST(Cusum, RarelyAlarmsOnStableNoisyYears) {
    // 40 seeded years of one entry a day, valence 0.1 + 0.2 N(0, 1): the defaults raise 11
    // valence_drop alerts in all (0.28 a year; over 400 seeds 0.23, a third of them from the
    // error of a young baseline); a detector that alarms on noise raises dozens.
    int alerts = 0;
    for (std::uint64_t seed = 1; seed <= 40; ++seed)
        alerts += static_cast<int>(drops(noisy_journal(0, 365, 0.1, 0.2, seed)).size());
    EXPECT_LE(alerts, 16);
}

TEST(Cusum, FrozenBaselineCatchesASlowDecline) {
    // 0.05 SD a day for 60 days after two stable months: a baseline re-estimated every day would
    // follow the decline down (its median lags by half a window, 0.7 SD, near k) and each day
    // would look ordinary; frozen at the start of a run, it keeps the level the decline left.
    auto h = noisy_journal(0, 60, 0.3, 0.10, 21);
    auto decline = noisy_journal(60, 60, 0.0, 0.10, 22, "d");
    for (std::size_t i = 0; i < decline.size(); ++i) *decline[i].valence += 0.3 - 0.005 * static_cast<double>(i);
    h.insert(h.end(), decline.begin(), decline.end());
    const auto alerts = drops(h);
    ASSERT_FALSE(alerts.empty());
    EXPECT_GE(alerts.front().time_ms, at(60, 0));
    EXPECT_LE(alerts.front().time_ms, at(120, 0)) << alerts.front().summary;
}

TEST(Cusum, MissingDaysNeitherAddNorReset) {
    std::vector<Observation> h = noisy_journal(0, 40, 0.3, 0.1, 5);
    // Every other day at 2 SD below: the days between carry nothing, the statistic waits.
    for (int d = 40; d < 52; d += 2) h.push_back(journal(id("x", d), d, 0.1));
    const Series s = valence_of(h);
    const auto trace = detail::run_cusum(s, Metric::valence, {});
    ASSERT_FALSE(trace.alarms.empty());
    EXPECT_GE(s.points[trace.alarms.back().alarm].day_ms, at(40, 0));
}

}  // namespace
}  // namespace attune::tracking
