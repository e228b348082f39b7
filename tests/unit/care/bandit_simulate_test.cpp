// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <attune/care.hpp>

#include "support/paths.hpp"

namespace attune::care {
namespace {

std::vector<std::string> shipped_arms() {
    auto all = load_exercises(test::source_dir() + "/data/exercises");
    EXPECT_TRUE(all.is_ok()) << all.status().to_string();
    std::vector<std::string> ids;
    if (all)
        for (const auto& ex : *all) ids.push_back(ex.id);
    return ids;
}

// 40 people over 60 days with the shipped exercises (seed 1): a second or so.
BanditSimulationOptions small_run() {
    BanditSimulationOptions o;
    o.patients = 40;
    o.days = 60;
    o.seed = 1;
    o.arms = shipped_arms();
    return o;
}

// Issue #6's target on a small run: the bandit's cumulative regret is at most half of random's.
TEST(SimulateBandit, RegretIsAtMostHalfOfRandomOnASmallRun) {
    const BanditSimulationOptions o = small_run();
    ASSERT_EQ(o.arms.size(), 10u);
    auto r = simulate_bandit(o);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    const auto& j = *r;
    const double bandit = j["regret"]["bandit"], random = j["regret"]["random"],
                 fixed = j["regret"]["best_fixed"];
    EXPECT_LE(bandit, 0.5 * random) << j["regret"].dump();
    EXPECT_LT(fixed, random);
    EXPECT_GT(bandit, 0);
    EXPECT_DOUBLE_EQ(j["ratio_to_random"].get<double>(), bandit / random);
    const double oracle = j["mean_reward"]["oracle"];
    EXPECT_GT(oracle, j["mean_reward"]["bandit"].get<double>());
    EXPECT_GT(j["mean_reward"]["bandit"].get<double>(), j["mean_reward"]["random"].get<double>());
}

// The population prior learnt from other simulated people (an exploratory cohort) finds the
// hidden model's spreads and lowers the bandit's regret on the same people.
TEST(SimulateBandit, PopulationPriorFromACohortLowersRegret) {
    BanditSimulationOptions o = small_run();
    auto without = simulate_bandit(o);
    ASSERT_TRUE(without.is_ok()) << without.status().to_string();
    EXPECT_TRUE((*without)["prior"].is_null());
    o.prior_cohort = 100;
    auto with = simulate_bandit(o);
    ASSERT_TRUE(with.is_ok()) << with.status().to_string();
    const auto& prior = (*with)["prior"];
    ASSERT_TRUE(prior.is_object());
    EXPECT_EQ(prior["people"], 100);
    // Between people an exercise's mean reward differs by about 0.07 (0.7 mood points, u's sd,
    // over 10, with completion); one reward scatters by about 0.17 around it.
    EXPECT_GT(prior["prior_variance"].get<double>(), 0.002);
    EXPECT_LT(prior["prior_variance"].get<double>(), 0.012);
    EXPECT_GT(prior["noise_variance"].get<double>(), 0.015);
    EXPECT_LT(prior["noise_variance"].get<double>(), 0.05);
    // The same people and contexts: random and best fixed do not move, the bandit improves.
    EXPECT_EQ((*with)["regret"]["random"], (*without)["regret"]["random"]);
    EXPECT_EQ((*with)["regret"]["best_fixed"], (*without)["regret"]["best_fixed"]);
    EXPECT_LT((*with)["regret"]["bandit"].get<double>(),
              (*without)["regret"]["bandit"].get<double>());
    const double closed = (*with)["gap_closed_days_24_30"];
    EXPECT_GT(closed, 0.5);
    EXPECT_LE(closed, 1.0);
}

// The full-information learner is told every exercise's reward after every chance: with ten
// rewards for the bandit's one it learns faster than the bandit, and still not at once (its
// first week costs more than its fifth), so the gap it leaves is what learning itself costs.
TEST(SimulateBandit, FullInformationLearnerBoundsWhatLearningCosts) {
    const BanditSimulationOptions o = small_run();
    auto r = simulate_bandit(o);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    const auto& j = *r;
    const double full = j["regret"]["full_information"], bandit = j["regret"]["bandit"],
                 random = j["regret"]["random"];
    EXPECT_LT(full, 0.5 * bandit) << j["regret"].dump();
    EXPECT_GT(full, 0);
    const auto& per_day = j["regret_per_day"]["full_information"];
    auto week = [&](int first) {
        double s = 0;
        for (int d = first; d < first + 7; ++d) s += per_day[static_cast<std::size_t>(d)].get<double>();
        return s / 7;
    };
    EXPECT_GT(week(0), 1.5 * week(28)) << per_day.dump();
    EXPECT_LT(week(28), random / o.days);
    EXPECT_GT(j["mean_reward"]["full_information"].get<double>(),
              j["mean_reward"]["bandit"].get<double>());
    // Adding the reference changes nothing the bandit meets (its own reward stream).
    EXPECT_DOUBLE_EQ(j["mean_reward"]["bandit_realised"].get<double>(),
                     (*simulate_bandit(o))["mean_reward"]["bandit_realised"].get<double>());
}

TEST(SimulateBandit, JsonShapeAndDeterminism) {
    BanditSimulationOptions o;
    o.patients = 6;
    o.days = 12;
    o.seed = 4;
    o.arms = {"a", "b", "c"};
    std::size_t calls = 0;
    o.progress = [&](std::string_view stage, std::size_t done, std::size_t total) {
        EXPECT_EQ(stage, "simulate bandit");
        EXPECT_EQ(total, 6u);
        EXPECT_EQ(done, ++calls);
        return true;
    };
    auto r = simulate_bandit(o);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    EXPECT_EQ(calls, 6u);
    const auto& j = *r;
    for (const char* k :
         {"patients", "days", "seed", "arms", "decisions_per_patient", "regret", "regret_per_day",
          "mean_reward", "day_bandit_within_best_fixed", "day_full_information_within_best_fixed",
          "ratio_to_random", "gap_closed_days_24_30", "prior"})
        EXPECT_TRUE(j.contains(k)) << k;
    EXPECT_EQ(j["patients"], 6);
    EXPECT_EQ(j["days"], 12);
    EXPECT_EQ(j["seed"], 4);
    EXPECT_EQ(j["arms"], nlohmann::json({"a", "b", "c"}));
    const double per = j["decisions_per_patient"];
    EXPECT_GE(per, 12);
    EXPECT_LE(per, 36);
    double sum = 0;
    for (const char* p : {"bandit", "random", "best_fixed", "full_information"}) {
        ASSERT_TRUE(j["regret"][p].is_number()) << p;
        ASSERT_TRUE(j["mean_reward"][p].is_number()) << p;
        ASSERT_EQ(j["regret_per_day"][p].size(), 12u) << p;
        double s = 0;
        for (const auto& v : j["regret_per_day"][p]) {
            EXPECT_GE(v.get<double>(), 0);
            s += v.get<double>();
        }
        EXPECT_NEAR(s, j["regret"][p].get<double>(), 1e-9) << p;
        sum += s;
    }
    EXPECT_GT(sum, 0);
    const auto& within = j["day_bandit_within_best_fixed"];
    EXPECT_TRUE(within.is_null() || (within.get<int>() >= 7 && within.get<int>() <= 12));
    EXPECT_TRUE(j["gap_closed_days_24_30"].is_null());  // a 12-day run has no days 24..30
    o.progress = nullptr;
    auto again = simulate_bandit(o);
    ASSERT_TRUE(again.is_ok());
    EXPECT_EQ(again->dump(), j.dump());
    o.seed = 5;
    EXPECT_NE(simulate_bandit(o)->dump(), j.dump());
}

TEST(SimulateBandit, BadOptionsNameTheOption) {
    BanditSimulationOptions o;
    o.arms = {"a", "b"};
    o.patients = 0;
    EXPECT_NE(simulate_bandit(o).status().message().find("patients"), std::string::npos);
    o.patients = 1;
    o.days = 0;
    EXPECT_NE(simulate_bandit(o).status().message().find("days"), std::string::npos);
    o.days = 3651;
    EXPECT_NE(simulate_bandit(o).status().message().find("days"), std::string::npos);
    o.days = 10;
    o.arms = {"a"};
    EXPECT_NE(simulate_bandit(o).status().message().find("arms"), std::string::npos);
    o.arms = {"a", "b"};
    o.bandit.exploration_floor = -1;
    EXPECT_NE(simulate_bandit(o).status().message().find("exploration_floor"), std::string::npos);
    o.bandit.exploration_floor = 0.05;
    o.prior_cohort = -1;
    EXPECT_NE(simulate_bandit(o).status().message().find("prior_cohort"), std::string::npos);
}

TEST(SimulateBandit, ProgressCanCancel) {
    BanditSimulationOptions o;
    o.patients = 5;
    o.days = 5;
    o.arms = {"a", "b"};
    o.progress = [](std::string_view, std::size_t done, std::size_t) { return done < 2; };
    auto r = simulate_bandit(o);
    EXPECT_EQ(r.status().code(), StatusCode::cancelled);
}

}  // namespace
}  // namespace attune::care
