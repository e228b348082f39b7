// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "unit/tracking/history.hpp"

namespace attune::tracking {
namespace {

using namespace testing;

std::vector<SimulatedPatient> simulated(SimulationOptions o) {
    auto p = simulate_patients(o);
    EXPECT_TRUE(p.is_ok()) << p.status().to_string();
    return p ? std::move(*p) : std::vector<SimulatedPatient>{};
}

bool same_history(const SimulatedPatient& a, const SimulatedPatient& b) {
    if (a.history.size() != b.history.size()) return false;
    for (std::size_t i = 0; i < a.history.size(); ++i) {
        const Observation &x = a.history[i], &y = b.history[i];
        if (x.id != y.id || x.time_ms != y.time_ms || x.valence != y.valence || x.score != y.score ||
            x.crisis != y.crisis)
            return false;
    }
    return true;
}

TEST(Simulate, DeterministicForASeedAndStableAcrossSizes) {
    const auto a = simulated({.patients = 6, .days = 90, .seed = 5});
    const auto b = simulated({.patients = 12, .days = 90, .seed = 5});
    const auto c = simulated({.patients = 6, .days = 90, .seed = 6});
    ASSERT_EQ(a.size(), 6u);
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_TRUE(same_history(a[i], b[i])) << a[i].id;
        EXPECT_FALSE(same_history(a[i], c[i])) << a[i].id;
    }
    int changed = 0;
    for (const auto& p : b) changed += p.change_day.has_value();
    EXPECT_EQ(changed, 6);
}

TEST(Simulate, TheDropChangesNoRandomDraw) {
    const auto small = simulated({.patients = 4, .days = 120, .seed = 9, .drop_sd = 1.0});
    const auto large = simulated({.patients = 4, .days = 120, .seed = 9, .drop_sd = 2.0});
    for (std::size_t i = 0; i < small.size(); ++i) {
        ASSERT_EQ(small[i].change_day, large[i].change_day);
        if (!small[i].change_day) {
            EXPECT_TRUE(same_history(small[i], large[i]));
            continue;
        }
        // Before the change the two are the same person; after it, valence sits lower.
        double before = 0, after_small = 0, after_large = 0;
        const std::int64_t change = small[i].start_ms + *small[i].change_day * kDay;
        ASSERT_EQ(small[i].history.size(), large[i].history.size());
        for (std::size_t k = 0; k < small[i].history.size(); ++k) {
            const auto &s = small[i].history[k], &l = large[i].history[k];
            if (!s.valence) continue;
            if (s.time_ms < change) before += std::abs(*s.valence - *l.valence);
            else after_small += *s.valence, after_large += *l.valence;
        }
        EXPECT_EQ(before, 0.0);
        EXPECT_GT(after_small, after_large);
    }
}

TEST(Simulate, RealisticRecords) {
    const auto p = simulated({.patients = 2, .days = 365, .seed = 3});
    for (const auto& person : p) {
        int journal = 0, mood = 0, phq = 0;
        for (const auto& o : person.history) {
            journal += o.source == Source::journal;
            mood += o.source == Source::mood;
            phq += o.source == Source::phq9;
            if (o.valence) {
                EXPECT_TRUE(*o.valence >= -1 && *o.valence <= 1);
            }
            if (o.source == Source::mood) {
                EXPECT_TRUE(*o.score >= 1 && *o.score <= 10);
            }
        }
        EXPECT_GT(journal, 200);
        EXPECT_LT(journal, 3 * 365);
        EXPECT_GT(mood, 40);
        EXPECT_GE(phq, 18);  // every 14 days, one in ten skipped, breaks aside
        EXPECT_LE(phq, 27);
    }
}

TEST(Simulate, RejectsBadOptions) {
    EXPECT_EQ(simulate_patients({.days = 30}).status().code(), StatusCode::invalid_argument);
    EXPECT_EQ(simulate_patients({.patients = -1}).status().code(), StatusCode::invalid_argument);
    EXPECT_EQ(simulate_patients({.drop_sd = -1}).status().code(), StatusCode::invalid_argument);
    EXPECT_EQ(simulate_patients({.changed_share = 1.5}).status().code(), StatusCode::invalid_argument);
    EXPECT_EQ(simulate_patients({.start_ms = 5}).status().code(), StatusCode::invalid_argument);
}

TEST(EvaluateAlerts, CountsDetectionsFalseAndImmediateAlertsApart) {
    // A changed person with a 3-SD step on day 60 (and an entry with passive ideation after it),
    // and a stable person with one such entry: one detection, no false alert, two immediate.
    SimulatedPatient changed{.id = "c", .history = {}, .start_ms = kDay0, .days = 90, .change_day = 60};
    changed.history = noisy_journal(0, 60, 0.2, 0.1, 1, "a");
    const auto low = noisy_journal(60, 30, -0.1, 0.1, 2, "b");
    changed.history.insert(changed.history.end(), low.begin(), low.end());
    changed.history.push_back(crisis_entry("c1", 70, CrisisLevel::passive, {"x"}));
    SimulatedPatient stable{.id = "s", .history = {}, .start_ms = kDay0, .days = 90, .change_day = std::nullopt};
    stable.history = noisy_journal(0, 90, 0.2, 0.1, 3, "s");
    stable.history.push_back(crisis_entry("c2", 70, CrisisLevel::passive, {"x"}));
    const std::vector<SimulatedPatient> people = {changed, stable};
    const AlertEvaluation ev = evaluate_alerts(people);
    EXPECT_EQ(ev.patients, 2);
    EXPECT_EQ(ev.changed, 1);
    EXPECT_EQ(ev.detected, 1);
    EXPECT_DOUBLE_EQ(ev.detection_rate, 1.0);
    ASSERT_TRUE(ev.delay_median_days);
    EXPECT_LE(*ev.delay_median_days, 7);
    EXPECT_EQ(ev.false_alerts, 0);
    EXPECT_NEAR(ev.exposure_years, 150 / 365.25, 1e-12);
    EXPECT_EQ(ev.immediate_alerts, 2);
    EXPECT_NEAR(ev.immediate_alerts_per_patient_year, 2 / (180 / 365.25), 1e-12);
    const auto json = to_json(ev);
    EXPECT_EQ(json["detected"], 1);
    EXPECT_TRUE(json["false_alerts_by_kind"].empty());
}

// The simulation of docs/BENCHMARKS.md at its size and seed (200 people x 365 days, seed 1,
// 1.5-SD drops), with the defaults. Measured: detection 0.96, delay median 6 and p90 16 days,
// 1.98 false change alerts per patient-year. The floors sit a little below.
TEST(EvaluateAlerts, DefaultsOnTheBenchmarkSimulation) {
    const auto people = simulated({.patients = 200, .days = 365, .seed = 1, .drop_sd = 1.5});
    const AlertEvaluation ev = evaluate_alerts(people);
    EXPECT_EQ(ev.changed, 100);
    EXPECT_GE(ev.detection_rate, 0.92);
    ASSERT_TRUE(ev.delay_median_days && ev.delay_p90_days);
    EXPECT_LE(*ev.delay_median_days, 7);
    EXPECT_LE(*ev.delay_p90_days, 20);
    EXPECT_LE(ev.false_alerts_per_patient_year, 2.3);
}

}  // namespace
}  // namespace attune::tracking
