// SPDX-License-Identifier: Apache-2.0
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include <attune/care.hpp>

namespace attune::care {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kMonday = 1'767'571'200'000;  // 2026-01-05 00:00 UTC

BanditContext evening() {
    BanditContext c;
    c.valence = -0.4;
    c.arousal = 0.3;
    c.hour = 20;
    return c;
}

// A context drawn at random, as a person's day brings them.
BanditContext random_context(std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(-1, 1);
    BanditContext c;
    c.valence = u(rng);
    c.arousal = u(rng);
    c.hour = static_cast<int>(rng() % 24);
    if (rng() % 2) c.sleep_h = 7 + 2 * u(rng);
    if (rng() % 2) c.activity = u(rng);
    if (rng() % 2) c.mood = static_cast<int>(rng() % 11);
    return c;
}

TEST(BanditFeatures, NamedScaledAndUnknownsAreZeroWithAnIndicator) {
    const auto names = bandit_feature_names();
    BanditContext c;
    c.valence = 0.5;
    c.arousal = -0.25;
    c.hour = 18;
    auto x = bandit_features(c);
    ASSERT_EQ(x.size(), names.size());
    ASSERT_EQ(names.size(), 11u);
    EXPECT_EQ(names[0], "bias");
    EXPECT_EQ(x[0], 1.0);
    EXPECT_EQ(x[1], 0.5);
    EXPECT_EQ(x[2], -0.25);
    EXPECT_NEAR(x[3], -1.0, 1e-12);  // 18:00 is three quarters round the clock
    EXPECT_NEAR(x[4], 0.0, 1e-12);
    for (std::size_t i = 5; i < 11; ++i) EXPECT_EQ(x[i], 0.0) << names[i];

    c.sleep_h = 4;
    c.activity = 0.3;
    c.mood = 10;
    x = bandit_features(c);
    EXPECT_EQ(x[5], -1.0);  // 4 h of sleep
    EXPECT_EQ(x[6], 1.0);
    EXPECT_EQ(x[7], 0.3);
    EXPECT_EQ(x[8], 1.0);
    EXPECT_EQ(x[9], 1.0);
    EXPECT_EQ(x[10], 1.0);
    for (double v : x) EXPECT_TRUE(v >= -1 && v <= 1);

    c.sleep_h = 14;  // clamped
    c.valence = NAN;
    x = bandit_features(c);
    EXPECT_EQ(x[5], 1.0);
    EXPECT_EQ(x[1], 0.0);
}

TEST(BanditFeatures, MidnightIsNextToEleven) {
    BanditContext a, b, noon;
    a.hour = 23;
    b.hour = 0;
    noon.hour = 12;
    auto xa = bandit_features(a), xb = bandit_features(b), xn = bandit_features(noon);
    const double near = std::hypot(xa[3] - xb[3], xa[4] - xb[4]);
    const double far = std::hypot(xn[3] - xb[3], xn[4] - xb[4]);
    EXPECT_LT(near, 0.3);
    EXPECT_NEAR(far, 2.0, 1e-12);
}

TEST(BanditContextValidate, NamesTheFieldOutOfRange) {
    BanditContext c;
    c.valence = 1.5;
    EXPECT_NE(validate(c).message().find("valence"), std::string::npos);
    c = {};
    c.hour = 24;
    EXPECT_NE(validate(c).message().find("hour"), std::string::npos);
    c = {};
    c.mood = 11;
    EXPECT_NE(validate(c).message().find("mood"), std::string::npos);
    c = {};
    c.sleep_h = -1;
    EXPECT_NE(validate(c).message().find("sleep_h"), std::string::npos);
    c = {};
    c.activity = NAN;
    EXPECT_NE(validate(c).message().find("activity"), std::string::npos);
    EXPECT_TRUE(validate(BanditContext{}).is_ok());
}

TEST(BanditReward, FollowsTheDocumentedFormula) {
    EXPECT_DOUBLE_EQ(bandit_reward(5, 7, true), 0.3);
    EXPECT_DOUBLE_EQ(bandit_reward(5, 5, true), 0.1);
    EXPECT_DOUBLE_EQ(bandit_reward(6, 4, false), -0.25);
    EXPECT_DOUBLE_EQ(bandit_reward(std::nullopt, std::nullopt, false), -0.05);
    EXPECT_DOUBLE_EQ(bandit_reward(std::nullopt, 8, true), 0.1);  // one rating: no change known
    EXPECT_DOUBLE_EQ(bandit_reward(0, 10, true), 1.1);
    EXPECT_DOUBLE_EQ(bandit_reward(10, 0, false), -1.05);
    EXPECT_DOUBLE_EQ(bandit_reward(-3, 12, true), 1.1);  // clamped to 0..10
}

TEST(BanditOptionsValidate, RefusesBadArmsAndOptions) {
    EXPECT_FALSE(validate_bandit({}, {}).is_ok());
    EXPECT_NE(validate_bandit({"a", "a"}, {}).message().find("twice"), std::string::npos);
    EXPECT_FALSE(validate_bandit({"a", ""}, {}).is_ok());
    BanditOptions o;
    o.exploration_floor = 1.5;
    EXPECT_NE(validate_bandit({"a"}, o).message().find("exploration_floor"), std::string::npos);
    o = {};
    o.noise_variance = 0;
    EXPECT_NE(validate_bandit({"a"}, o).message().find("noise_variance"), std::string::npos);
    o = {};
    o.probability_draws = 0;
    EXPECT_NE(validate_bandit({"a"}, o).message().find("probability_draws"), std::string::npos);
    EXPECT_TRUE(validate_bandit({"a", "b"}, {}).is_ok());
}

// Stationary two-arm problem: "good" lifts mood by 2 points (reward 0.3), "poor" by none (0.1),
// each with noise of 2 points (0.2), whatever the context.
TEST(Bandit, PosteriorLearnsTheBetterArmInAStationaryProblem) {
    const Bandit bandit({"poor", "good"});
    BanditState state;
    std::mt19937_64 rng(7);
    std::normal_distribution<double> noise(0, 0.2);
    int good_late = 0, late = 0;
    double p_good_late = 0;
    for (int i = 0; i < 200; ++i) {
        const auto c = random_context(rng);
        auto d = bandit.choose(state, c, kMonday + i * kDayMs, 0, static_cast<std::uint64_t>(i));
        ASSERT_TRUE(d.is_ok()) << d.status().to_string();
        const double mean = d->chosen == "good" ? 0.3 : 0.1;
        ASSERT_TRUE(bandit.update(state, d->id, mean + noise(rng)).is_ok());
        if (i >= 150) {
            ++late;
            good_late += d->chosen == "good";
            p_good_late += d->probabilities[1];
        }
    }
    // Late on, the better arm is chosen most of the time; the rest is what the model is still
    // unsure of in 11 dimensions for contexts it has seen little of, plus the floor.
    EXPECT_GT(p_good_late / late, 0.8);
    EXPECT_GE(good_late, 38) << "of " << late;
    const auto pred = bandit.predict(state, evening());
    EXPECT_GT(pred[1].first, pred[0].first + 0.1);
    EXPECT_NEAR(pred[1].first, 0.3, 0.1);
    EXPECT_LT(pred[1].second, 0.1);  // the posterior has narrowed
    auto d = bandit.choose(state, evening(), kMonday + 500 * kDayMs, 0, 1);
    ASSERT_TRUE(d.is_ok());
    EXPECT_GT(d->probabilities[1], 0.9);
    EXPECT_EQ(state.arms.at("good").n + state.arms.at("poor").n, 200);
}

TEST(Bandit, ProbabilitiesSumToOneAndRespectTheFloor) {
    BanditOptions o;
    o.exploration_floor = 0.2;
    const Bandit bandit({"a", "b", "c", "d"}, o);
    BanditState state;
    // Make "a" far better than the rest, so that Thompson sampling alone would never pick them.
    for (int i = 0; i < 40; ++i) {
        auto p = bandit.record_pick(state, evening(), i % 2 ? "a" : "b", kMonday + i * kHourMs);
        ASSERT_TRUE(p.is_ok());
        ASSERT_TRUE(bandit.update(state, p->id, i % 2 ? 0.9 : -0.5).is_ok());
    }
    auto d = bandit.choose(state, evening(), kMonday + 10 * kDayMs, 0, 3);
    ASSERT_TRUE(d.is_ok()) << d.status().to_string();
    ASSERT_EQ(d->probabilities.size(), 4u);
    double sum = 0;
    for (double p : d->probabilities) {
        EXPECT_GE(p, 0.2 / 4 - 1e-12);
        sum += p;
    }
    EXPECT_NEAR(sum, 1.0, 1e-12);
    EXPECT_NEAR(d->probabilities[1], 0.05, 1e-12);  // "b": only the floor is left
    EXPECT_LE(d->probabilities[0], 1 - 0.2 + 0.05 + 1e-12);
    // The default floor with 10 arms: each keeps 0.005.
    std::vector<std::string> ten;
    for (int i = 0; i < 10; ++i) ten.push_back("arm" + std::to_string(i));
    const Bandit wide(ten);
    BanditState s2;
    auto d2 = wide.choose(s2, evening(), kMonday, 0, 9);
    ASSERT_TRUE(d2.is_ok());
    sum = 0;
    for (double p : d2->probabilities) {
        EXPECT_GE(p, 0.005 - 1e-12);
        sum += p;
    }
    EXPECT_NEAR(sum, 1.0, 1e-12);
}

TEST(Bandit, OnlyEligibleArmsAreInPlay) {
    const Bandit bandit({"a", "b", "c", "d"});
    BanditState state;
    auto c = evening();
    c.eligible = {"b", "d"};
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        auto d = bandit.choose(state, c, kMonday + static_cast<std::int64_t>(seed) * kDayMs, 0, seed);
        ASSERT_TRUE(d.is_ok()) << d.status().to_string();
        EXPECT_TRUE(d->chosen == "b" || d->chosen == "d") << d->chosen;
        EXPECT_EQ(d->probabilities[0], 0.0);
        EXPECT_EQ(d->probabilities[2], 0.0);
        EXPECT_GE(d->probabilities[1], 0.05 / 2 - 1e-12);  // the floor is shared by the two
        EXPECT_NEAR(d->probabilities[1] + d->probabilities[3], 1.0, 1e-12);
    }
    c.eligible = {"b", "zzz"};
    const auto before = state.to_json();
    auto bad = bandit.choose(state, c, kMonday + 30 * kDayMs, 0, 1);
    ASSERT_FALSE(bad.is_ok());
    EXPECT_EQ(bad.status().code(), StatusCode::invalid_argument);
    EXPECT_NE(bad.status().message().find("zzz"), std::string::npos);
    EXPECT_EQ(state.to_json(), before);
}

TEST(Bandit, NoSuggestionDuringACrisis) {
    const Bandit bandit({"a", "b"});
    BanditState state;
    auto c = evening();
    c.in_crisis = true;
    auto d = bandit.choose(state, c, kMonday, 0, 1);
    ASSERT_FALSE(d.is_ok());
    EXPECT_EQ(d.status().code(), StatusCode::failed_precondition);
    EXPECT_NE(d.status().message().find("no suggestion during a crisis"), std::string::npos);
    EXPECT_TRUE(state.decisions.empty());
    EXPECT_TRUE(state.suggestions_per_day.empty());
}

TEST(Bandit, DailyCapRefusesTheFourthAndAllowsTheNextLocalDay) {
    const Bandit bandit({"a", "b"});
    BanditState state;
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(bandit.choose(state, evening(), kMonday + (9 + 4 * i) * kHourMs, 0, i).is_ok());
    auto fourth = bandit.choose(state, evening(), kMonday + 22 * kHourMs, 0, 4);
    ASSERT_FALSE(fourth.is_ok());
    EXPECT_EQ(fourth.status().code(), StatusCode::failed_precondition);
    EXPECT_NE(fourth.status().message().find("cap of 3"), std::string::npos)
        << fourth.status().message();
    EXPECT_EQ(state.decisions.size(), 3u);
    EXPECT_TRUE(bandit.choose(state, evening(), kMonday + kDayMs + 8 * kHourMs, 0, 5).is_ok());
}

TEST(Bandit, UtcOffsetMovesTheDayBoundary) {
    const Bandit bandit({"a", "b"});
    // At UTC+2, 21:00 UTC is 23:00 local and 22:30 UTC is 00:30 local, the next day.
    BanditState east;
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(bandit.choose(east, evening(), kMonday + 21 * kHourMs, 120, i).is_ok());
    EXPECT_TRUE(bandit.choose(east, evening(), kMonday + 22 * kHourMs + 1'800'000, 120, 4).is_ok());
    // The same moments in UTC are one day: the fourth is refused.
    BanditState utc;
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(bandit.choose(utc, evening(), kMonday + 21 * kHourMs, 0, i).is_ok());
    EXPECT_FALSE(bandit.choose(utc, evening(), kMonday + 22 * kHourMs + 1'800'000, 0, 4).is_ok());
    // West of UTC, before the epoch's day boundary: floor division, not truncation.
    BanditState west;
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(bandit.choose(west, evening(), kMonday + 2 * kHourMs, -300, i).is_ok());
    EXPECT_FALSE(bandit.choose(west, evening(), kMonday + 4 * kHourMs, -300, 4).is_ok());
    EXPECT_TRUE(bandit.choose(west, evening(), kMonday + 5 * kHourMs, -300, 5).is_ok());

    BanditState s;
    auto bad = bandit.choose(s, evening(), kMonday, 900, 1);
    EXPECT_EQ(bad.status().code(), StatusCode::invalid_argument);
    EXPECT_NE(bad.status().message().find("utc_offset_min"), std::string::npos);
}

TEST(Bandit, DeterministicForASeed) {
    const Bandit bandit({"a", "b", "c"});
    auto run = [&](std::uint64_t seed) {
        BanditState state;
        std::mt19937_64 rng(11);
        nlohmann::json out = nlohmann::json::array();
        for (int i = 0; i < 20; ++i) {
            auto d = bandit.choose(state, random_context(rng), kMonday + i * kDayMs, 0, seed + i);
            EXPECT_TRUE(d.is_ok());
            EXPECT_TRUE(bandit.update(state, d->id, d->chosen == "b" ? 0.3 : 0.0).is_ok());
            out.push_back(d->to_json());
        }
        return out;
    };
    EXPECT_EQ(run(5), run(5));
    EXPECT_NE(run(5), run(6));
}

TEST(Bandit, InvalidContextIsRefusedAndStateUnchanged) {
    const Bandit bandit({"a", "b"});
    BanditState state;
    auto c = evening();
    c.arousal = -2;
    auto d = bandit.choose(state, c, kMonday, 0, 1);
    EXPECT_EQ(d.status().code(), StatusCode::invalid_argument);
    EXPECT_NE(d.status().message().find("arousal"), std::string::npos);
    EXPECT_TRUE(state.decisions.empty());
    EXPECT_EQ(state.next_decision, 1);
}

TEST(Bandit, DecisionIsLoggedWithWhyForThePersonAndNumbersForTheClinician) {
    const Bandit bandit({"box_breathing", "gratitude"});
    BanditState state;
    auto d = bandit.choose(state, evening(), kMonday + 20 * kHourMs, 0, 1);
    ASSERT_TRUE(d.is_ok());
    EXPECT_EQ(d->id, "d1");
    EXPECT_EQ(d->at_ms, kMonday + 20 * kHourMs);
    EXPECT_EQ(d->arms, bandit.arms());
    EXPECT_EQ(d->features, bandit_features(evening()));
    EXPECT_FALSE(d->picked_by_person);
    EXPECT_FALSE(d->reward);
    EXPECT_NE(d->why.find("not tried it"), std::string::npos) << d->why;
    const auto& n = d->why_numbers;
    EXPECT_EQ(n["policy"], "thompson_sampling");
    EXPECT_EQ(n["exploration_floor"], 0.05);
    EXPECT_EQ(n["n_rewards"], 0);
    EXPECT_EQ(n["posterior_scale"], 0.5);
    EXPECT_EQ(n["draws"], 512);
    for (const char* k : {"mean", "sd", "probability", "n"}) ASSERT_EQ(n[k].size(), 2u) << k;
    EXPECT_EQ(n["mean"][0], 0.0);  // nothing learnt yet: the prior
    EXPECT_GT(n["sd"][0].get<double>(), 0.3);
    EXPECT_NEAR(n["probability"][0].get<double>(), d->probabilities[0], 1e-4);
    EXPECT_EQ(n["n"][1], 0);
    ASSERT_EQ(state.decisions.size(), 1u);
    EXPECT_EQ(state.decisions[0].to_json(), d->to_json());

    // After box breathing has lifted mood by about 3 points every evening, it is the one.
    for (int i = 0; i < 12; ++i) {
        auto p = bandit.record_pick(state, evening(), i % 3 ? "box_breathing" : "gratitude",
                                    kMonday + (i + 1) * kDayMs);
        ASSERT_TRUE(p.is_ok());
        ASSERT_TRUE(bandit.update(state, p->id, i % 3 ? 0.4 : 0.0).is_ok());
    }
    bool explained = false;
    for (std::uint64_t seed = 0; seed < 5 && !explained; ++seed) {
        BanditState s = state;
        auto e = bandit.choose(s, evening(), kMonday + 30 * kDayMs + 20 * kHourMs, 0, seed);
        ASSERT_TRUE(e.is_ok());
        if (e->chosen != "box_breathing") continue;
        EXPECT_NE(e->why.find("Box breathing has lifted your mood by about 3 points"),
                  std::string::npos)
            << e->why;
        EXPECT_NE(e->why.find("8 times so far"), std::string::npos) << e->why;
        explained = true;
    }
    EXPECT_TRUE(explained);
}

TEST(Bandit, UpdateErrors) {
    const Bandit bandit({"a", "b"});
    BanditState state;
    auto d = bandit.choose(state, evening(), kMonday, 0, 1);
    ASSERT_TRUE(d.is_ok());
    EXPECT_EQ(bandit.update(state, "d99", 0.1).code(), StatusCode::not_found);
    EXPECT_EQ(bandit.update(state, d->id, NAN).code(), StatusCode::invalid_argument);
    EXPECT_EQ(bandit.update(state, d->id, 11).code(), StatusCode::invalid_argument);
    EXPECT_TRUE(state.arms.empty());  // nothing learnt from the refused rewards
    ASSERT_TRUE(bandit.update(state, d->id, 0.2).is_ok());
    EXPECT_EQ(state.decisions[0].reward, 0.2);
    EXPECT_EQ(state.arms.at(d->chosen).n, 1);
    const Status twice = bandit.update(state, d->id, 0.3);
    EXPECT_EQ(twice.code(), StatusCode::failed_precondition);
    EXPECT_NE(twice.message().find("already"), std::string::npos);
    EXPECT_EQ(state.arms.at(d->chosen).n, 1);
    EXPECT_EQ(state.decisions[0].reward, 0.2);
}

TEST(Bandit, RecordPickIsLoggedOutsideTheCapAndAllowedInACrisis) {
    const Bandit bandit({"a", "b"});
    BanditState state;
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(bandit.choose(state, evening(), kMonday, 0, i).is_ok());
    auto c = evening();
    c.in_crisis = true;
    for (int i = 0; i < 4; ++i) {
        auto p = bandit.record_pick(state, c, "b", kMonday + kHourMs);
        ASSERT_TRUE(p.is_ok()) << p.status().to_string();
        EXPECT_TRUE(p->picked_by_person);
        EXPECT_EQ(p->chosen, "b");
        EXPECT_EQ(p->probabilities, (std::vector<double>{0.0, 1.0}));
        EXPECT_EQ(p->why, "You chose B yourself.");
        EXPECT_EQ(p->why_numbers["policy"], "picked_by_person");
    }
    EXPECT_EQ(state.decisions.size(), 7u);
    EXPECT_EQ(state.decisions.back().id, "d7");
    EXPECT_EQ(state.suggestions_per_day.begin()->second, 3);  // picks do not count
    auto unknown = bandit.record_pick(state, evening(), "c", kMonday);
    EXPECT_EQ(unknown.status().code(), StatusCode::invalid_argument);
    EXPECT_NE(unknown.status().message().find("unknown exercise c"), std::string::npos);
    ASSERT_TRUE(bandit.update(state, "d7", 0.3).is_ok());
    EXPECT_EQ(state.arms.at("b").n, 1);
}

TEST(Bandit, LogIsBoundedNewestLast) {
    BanditOptions o;
    o.max_logged_decisions = 5;
    o.max_suggestions_per_day = 100;
    const Bandit bandit({"a", "b"}, o);
    BanditState state;
    for (int i = 0; i < 8; ++i) ASSERT_TRUE(bandit.choose(state, evening(), kMonday, 0, i).is_ok());
    ASSERT_EQ(state.decisions.size(), 5u);
    EXPECT_EQ(state.decisions.front().id, "d4");
    EXPECT_EQ(state.decisions.back().id, "d8");
    EXPECT_EQ(bandit.update(state, "d1", 0.1).code(), StatusCode::not_found);
    EXPECT_TRUE(bandit.update(state, "d4", 0.1).is_ok());
}

BanditState some_history(const Bandit& bandit) {
    BanditState state;
    std::mt19937_64 rng(3);
    for (int i = 0; i < 12; ++i) {
        auto d = bandit.choose(state, random_context(rng), kMonday + i * 9 * kHourMs, 60, i);
        EXPECT_TRUE(d.is_ok());
        if (i % 4 != 3) {
            EXPECT_TRUE(bandit.update(state, d->id, 0.05 * (i % 5)).is_ok());
        }
    }
    auto p = bandit.record_pick(state, random_context(rng), "c", kMonday + 5 * kDayMs);
    EXPECT_TRUE(p.is_ok());
    return state;
}

TEST(BanditState, JsonRoundTripKeepsEverythingAndTheSameNextChoice) {
    const Bandit bandit({"a", "b", "c"});
    BanditState state = some_history(bandit);
    const auto j = state.to_json();
    EXPECT_EQ(j["version"], 1);
    EXPECT_EQ(j["features"].size(), 11u);
    auto back = BanditState::from_json(nlohmann::json::parse(j.dump()));
    ASSERT_TRUE(back.is_ok()) << back.status().to_string();
    EXPECT_EQ(back->to_json(), j);
    EXPECT_EQ(back->next_decision, state.next_decision);
    EXPECT_EQ(back->suggestions_per_day, state.suggestions_per_day);
    ASSERT_EQ(back->decisions.size(), state.decisions.size());
    EXPECT_FALSE(back->decisions[3].reward);
    EXPECT_TRUE(back->decisions.back().picked_by_person);
    auto d1 = bandit.choose(state, evening(), kMonday + 9 * kDayMs, 60, 77);
    auto d2 = bandit.choose(*back, evening(), kMonday + 9 * kDayMs, 60, 77);
    ASSERT_TRUE(d1.is_ok() && d2.is_ok());
    EXPECT_EQ(d1->to_json(), d2->to_json());
}

TEST(BanditState, FromJsonNamesTheMalformedMember) {
    const Bandit bandit({"a", "b", "c"});
    const auto good = some_history(bandit).to_json();
    auto error_of = [&](const std::function<void(nlohmann::json&)>& change) {
        auto j = good;
        change(j);
        auto r = BanditState::from_json(j);
        EXPECT_FALSE(r.is_ok());
        EXPECT_EQ(r.status().code(), StatusCode::invalid_argument);
        return r.status().message();
    };
    EXPECT_NE(error_of([](auto& j) { j = nlohmann::json::array(); }).find("expected a JSON object"),
              std::string::npos);
    EXPECT_NE(error_of([](auto& j) { j.erase("arms"); }).find("arms: missing"), std::string::npos);
    EXPECT_NE(error_of([](auto& j) { j["version"] = 2; }).find("version"), std::string::npos);
    EXPECT_NE(error_of([](auto& j) { j["version"] = "1"; }).find("version: expected an integer"),
              std::string::npos);
    EXPECT_NE(error_of([](auto& j) { j["features"][1] = "valence2"; }).find("features"),
              std::string::npos);
    EXPECT_NE(error_of([](auto& j) {
                  j["arms"]["a"]["xtx"].erase(0);
              }).find("arms.a.xtx: expected 121 numbers"),
              std::string::npos);
    EXPECT_NE(error_of([](auto& j) { j["arms"]["a"]["xty"][2] = "x"; }).find("arms.a.xty"),
              std::string::npos);
    EXPECT_NE(
        error_of([](auto& j) { j["arms"]["a"]["xtx"][1] = 1e6; }).find("arms.a.xtx: not symmetric"),
        std::string::npos);
    EXPECT_NE(error_of([](auto& j) {
                  j["arms"]["a"]["xtx"][0] = -5;
              }).find("arms.a.xtx: not positive semi-definite"),
              std::string::npos);
    EXPECT_NE(error_of([](auto& j) { j["arms"]["b"].erase("n"); }).find("arms.b.n: missing"),
              std::string::npos);
    EXPECT_NE(
        error_of([](auto& j) { j["decisions"][2]["chosen"] = "zzz"; }).find("decisions[2].chosen"),
        std::string::npos);
    EXPECT_NE(error_of([](auto& j) {
                  j["decisions"][0]["probabilities"].erase(0);
              }).find("decisions[0].probabilities: expected 3 numbers"),
              std::string::npos);
    EXPECT_NE(error_of([](auto& j) {
                  j["decisions"][1]["id"] = j["decisions"][0]["id"];
              }).find("decisions[1].id: duplicate"),
              std::string::npos);
    EXPECT_NE(error_of([](auto& j) { j["next_decision"] = 3; }).find("next_decision"),
              std::string::npos);
    EXPECT_NE(
        error_of([](auto& j) { j["decisions"][0]["reward"] = "high"; }).find("decisions[0].reward"),
        std::string::npos);
    EXPECT_NE(error_of([](auto& j) {
                  j["suggestions_per_day"][0].erase("count");
              }).find("suggestions_per_day[0].count: missing"),
              std::string::npos);
}

TEST(BanditDecision, JsonRoundTripAndErrors) {
    const Bandit bandit({"a", "b"});
    BanditState state;
    auto d = bandit.choose(state, evening(), kMonday, 0, 1);
    ASSERT_TRUE(d.is_ok());
    auto back = BanditDecision::from_json(d->to_json());
    ASSERT_TRUE(back.is_ok()) << back.status().to_string();
    EXPECT_EQ(back->to_json(), d->to_json());
    auto j = d->to_json();
    j.erase("features");
    EXPECT_NE(BanditDecision::from_json(j).status().message().find("decision.features: missing"),
              std::string::npos);
}

TEST(BanditState, NewArmsStartAtThePrior) {
    // A state learnt with two exercises keeps working when a third is added.
    const Bandit two({"a", "b"});
    BanditState state;
    auto d = two.choose(state, evening(), kMonday, 0, 1);
    ASSERT_TRUE(d.is_ok());
    ASSERT_TRUE(two.update(state, d->id, 0.3).is_ok());
    const Bandit three({"a", "b", "new"});
    auto pred = three.predict(state, evening());
    ASSERT_EQ(pred.size(), 3u);
    EXPECT_EQ(pred[2].first, 0.0);
    // At the prior: var = prior_variance (bias) + context_prior_variance * |context features|^2.
    const auto x = bandit_features(evening());
    double context2 = 0;
    for (std::size_t i = 1; i < x.size(); ++i) context2 += x[i] * x[i];
    const BanditOptions o;
    EXPECT_NEAR(pred[2].second, std::sqrt(o.prior_variance + o.context_prior_variance * context2),
                1e-12);
    const std::size_t learnt = d->chosen == "a" ? 0 : 1;
    EXPECT_LT(pred[learnt].second, pred[2].second);  // the chosen arm has learnt from its reward
    EXPECT_EQ(pred[1 - learnt].second, pred[2].second);
    EXPECT_TRUE(three.choose(state, evening(), kMonday + kDayMs, 0, 2).is_ok());
}


// A cohort with known parameters: arm "a" pays 0.3 on average and "b" 0.1, each person's mean
// for an arm lies N(0, between_sd^2) from that, and rewards scatter N(0, 0.15^2) around it.
std::vector<BanditCohortReward> known_cohort(int people, int per_arm, double between_sd = 0.05) {
    std::mt19937_64 rng(11);
    std::normal_distribution<double> between(0, between_sd), noise(0, 0.15);
    std::vector<BanditCohortReward> cohort;
    for (int p = 0; p < people; ++p) {
        const double offset[2] = {between(rng), between(rng)};
        for (int i = 0; i < per_arm; ++i)
            for (int a = 0; a < 2; ++a) {
                const auto x = bandit_features(random_context(rng));
                cohort.push_back({std::to_string(p), a == 0 ? "a" : "b", x,
                                  (a == 0 ? 0.3 : 0.1) + offset[a] + noise(rng)});
            }
    }
    return cohort;
}

TEST(BanditPrior, EmpiricalBayesRecoversTheCohortsParameters) {
    const auto cohort = known_cohort(300, 10);
    auto prior = fit_bandit_prior(cohort, {"a", "b"});
    ASSERT_TRUE(prior.is_ok()) << prior.status().to_string();
    EXPECT_EQ(prior->people, 300);
    EXPECT_EQ(prior->rewards, cohort.size());
    EXPECT_NEAR(prior->noise_variance, 0.15 * 0.15, 0.002);
    EXPECT_NEAR(prior->prior_variance, 0.05 * 0.05, 0.001);
    // The population's predicted reward per arm, in any context.
    BanditOptions o;
    prior->apply(o);
    const Bandit bandit({"a", "b"}, o);
    const auto pred = bandit.predict(BanditState{}, evening());
    EXPECT_NEAR(pred[0].first, 0.3, 0.02);
    EXPECT_NEAR(pred[1].first, 0.1, 0.02);
    // A new person starts from the prior: its spread is the between-person one, far narrower
    // than the default prior's.
    EXPECT_LT(pred[0].second, 0.1);
    BanditState fresh;
    auto d = bandit.choose(fresh, evening(), kMonday, 0, 1);
    ASSERT_TRUE(d.is_ok());
    EXPECT_GT(d->probabilities[0], 0.9);  // a new person is offered what helps people most
    EXPECT_EQ(d->why_numbers["prior_people"], 300);  // the clinician sees where that came from
    EXPECT_NE(d->why.find("it has often helped other people here"), std::string::npos) << d->why;
    EXPECT_EQ(Bandit({"a", "b"}).choose(fresh, evening(), kMonday, 0, 1)->why_numbers["prior_people"],
              0);
}

TEST(BanditPrior, APersonsOwnRewardsOutweighThePriorInTime) {
    auto prior = fit_bandit_prior(known_cohort(100, 10), {"a", "b"});
    ASSERT_TRUE(prior.is_ok());
    BanditOptions o;
    prior->apply(o);
    const Bandit bandit({"a", "b"}, o);
    BanditState state;
    // This person is unlike the population: "b" helps them, "a" does not.
    for (int i = 0; i < 60; ++i) {
        auto d = bandit.record_pick(state, evening(), i % 2 ? "a" : "b", kMonday + i * kHourMs);
        ASSERT_TRUE(d.is_ok());
        ASSERT_TRUE(bandit.update(state, d->id, i % 2 ? 0.0 : 0.4).is_ok());
    }
    const auto pred = bandit.predict(state, evening());
    EXPECT_GT(pred[1].first, pred[0].first + 0.1);
}

TEST(BanditPrior, JsonRoundTripAndErrorsNameTheMember) {
    auto prior = fit_bandit_prior(known_cohort(20, 4), {"a", "b"});
    ASSERT_TRUE(prior.is_ok());
    auto back = BanditPrior::from_json(prior->to_json());
    ASSERT_TRUE(back.is_ok()) << back.status().to_string();
    EXPECT_EQ(back->to_json(), prior->to_json());
    auto expect_error = [&](const nlohmann::json& j, std::string_view words) {
        auto r = BanditPrior::from_json(j);
        ASSERT_FALSE(r.is_ok()) << j.dump();
        EXPECT_NE(r.status().message().find(words), std::string::npos) << r.status().to_string();
    };
    auto j = prior->to_json();
    j["mean"]["a"].erase(0);
    expect_error(j, "mean.a: expected 11 numbers");
    j = prior->to_json();
    j["prior_variance"] = -1;
    expect_error(j, "prior_variance: expected a number in (0, 10]");
    j = prior->to_json();
    j["features"][1] = "mood";
    expect_error(j, "the prior was learnt on other features");
    j = prior->to_json();
    j.erase("noise_variance");
    expect_error(j, "noise_variance: missing");
    expect_error(nlohmann::json::array(), "expected a JSON object");
}

// What the companion keeps per person (each arm's sums, y'y included) fits the same prior as
// the single rewards they came from; arms no longer offered are left out.
TEST(BanditPrior, FitFromEachPersonsStatisticsEqualsTheFitFromTheirRewards) {
    const auto cohort = known_cohort(60, 6);
    auto from_rewards = fit_bandit_prior(cohort, {"a", "b"});
    ASSERT_TRUE(from_rewards.is_ok()) << from_rewards.status().to_string();
    std::vector<BanditCohortStats> people(60);
    for (std::size_t p = 0; p < people.size(); ++p) {
        BanditState state;  // each person's own state, as the companion keeps it
        for (const auto& r : cohort)
            if (r.person == std::to_string(p)) state.arms[r.arm].add(r.features, r.reward);
        state.arms["retired"].add(cohort[0].features, 5.0);  // an exercise since removed
        auto back = BanditState::from_json(state.to_json());
        ASSERT_TRUE(back.is_ok()) << back.status().to_string();
        ASSERT_TRUE(back->arms.at("a").yty.has_value());
        EXPECT_DOUBLE_EQ(*back->arms.at("a").yty, *state.arms.at("a").yty);
        people[p] = back->arms;
    }
    auto from_stats = fit_bandit_prior(people, {"a", "b"});
    ASSERT_TRUE(from_stats.is_ok()) << from_stats.status().to_string();
    EXPECT_EQ(from_stats->people, 60);
    EXPECT_EQ(from_stats->rewards, cohort.size());  // the retired arm's rewards are not counted
    EXPECT_NEAR(from_stats->prior_variance, from_rewards->prior_variance, 1e-12);
    EXPECT_NEAR(from_stats->noise_variance, from_rewards->noise_variance, 1e-12);
    for (const char* arm : {"a", "b"})
        for (std::size_t i = 0; i < 11; ++i)
            EXPECT_NEAR(from_stats->mean.at(arm)[i], from_rewards->mean.at(arm)[i], 1e-12) << arm;
    EXPECT_EQ(from_stats->mean.count("retired"), 0u);

    // Statistics saved before y'y was kept load as unknown, stay unknown as rewards come, and
    // teach the population's weights but not the noise.
    std::vector<BanditCohortStats> legacy = people;
    for (std::size_t p = 0; p < 30; ++p) {
        auto j = BanditState{people[p], {}, {}, 1}.to_json();
        for (auto& [_, a] : j["arms"].items()) a.erase("yty");
        auto old = BanditState::from_json(j);
        ASSERT_TRUE(old.is_ok()) << old.status().to_string();
        EXPECT_FALSE(old->arms.at("a").yty.has_value());
        legacy[p] = old->arms;
    }
    BanditArmStats more = legacy[0].at("a");
    more.add(cohort[0].features, 0.2);
    EXPECT_FALSE(more.yty.has_value());
    auto half = fit_bandit_prior(legacy, {"a", "b"});
    ASSERT_TRUE(half.is_ok()) << half.status().to_string();
    EXPECT_EQ(half->mean, from_stats->mean);
    EXPECT_NEAR(half->noise_variance, 0.15 * 0.15, 0.005);
    for (std::size_t p = 30; p < 60; ++p)
        for (auto& [_, a] : legacy[p]) a.yty.reset();
    EXPECT_NE(fit_bandit_prior(legacy, {"a", "b"}).status().message().find("sum of squares"),
              std::string::npos);
    legacy[3].at("a").xty.pop_back();
    EXPECT_NE(fit_bandit_prior(legacy, {"a", "b"}).status().message().find("person 3, arm a"),
              std::string::npos);
}

// An exercise none of the cohort has done keeps the default prior (mean 0, wide), not the
// population's narrow spread around 0; and a cohort whose people do not differ still leaves a
// person's own rewards room to move the prior.
TEST(BanditPrior, WhatTheCohortCannotTellStaysOpen) {
    auto prior = fit_bandit_prior(known_cohort(60, 5), {"a", "b", "new"});
    ASSERT_TRUE(prior.is_ok()) << prior.status().to_string();
    EXPECT_EQ(prior->arm_rewards.at("a"), 300u);
    EXPECT_EQ(prior->arm_rewards.at("new"), 0u);
    BanditOptions o;
    prior->apply(o);
    EXPECT_EQ(o.arm_prior_variance.count("a"), 1u);
    EXPECT_EQ(o.arm_prior_variance.count("new"), 0u);
    EXPECT_EQ(o.prior_mean.count("new"), 0u);
    EXPECT_EQ(o.prior_variance, BanditOptions{}.prior_variance);
    const auto pred = Bandit({"a", "b", "new"}, o).predict(BanditState{}, evening());
    EXPECT_GT(pred[2].second, 3 * pred[0].second);  // "new" is as open as without a prior
    // A prior file from before arm_rewards was kept: every arm of `mean` counts as pooled.
    auto j = prior->to_json();
    EXPECT_EQ(j["arm_rewards"]["b"], 300);
    j.erase("arm_rewards");
    auto old = BanditPrior::from_json(j);
    ASSERT_TRUE(old.is_ok()) << old.status().to_string();
    BanditOptions o2;
    old->apply(o2);
    EXPECT_EQ(o2.arm_prior_variance.count("new"), 1u);
    j["arm_rewards"] = {{"a", -1}};
    EXPECT_NE(BanditPrior::from_json(j).status().message().find("arm_rewards.a"), std::string::npos);

    auto same = fit_bandit_prior(known_cohort(100, 6, 0.0), {"a", "b"});
    ASSERT_TRUE(same.is_ok()) << same.status().to_string();
    EXPECT_EQ(same->prior_variance, BanditPrior::kMinBetweenVariance);
}

TEST(BanditPrior, FitRefusesCohortsItCannotLearnFrom) {
    auto one = known_cohort(1, 5);
    auto r = fit_bandit_prior(one, {"a", "b"});
    EXPECT_NE(r.status().message().find("at least 2 people"), std::string::npos);
    auto cohort = known_cohort(3, 2);
    cohort[4].arm = "zzz";
    r = fit_bandit_prior(cohort, {"a", "b"});
    EXPECT_NE(r.status().message().find("cohort[4].arm: unknown arm \"zzz\""), std::string::npos);
    cohort = known_cohort(3, 2);
    cohort[2].features.pop_back();
    r = fit_bandit_prior(cohort, {"a", "b"});
    EXPECT_NE(r.status().message().find("cohort[2].features: expected 11 finite numbers"),
              std::string::npos);
    cohort = known_cohort(3, 1);  // one reward per person and arm: no within-person spread
    r = fit_bandit_prior(cohort, {"a", "b"});
    EXPECT_NE(r.status().message().find("no person has two rewards of one arm"),
              std::string::npos);
    BanditOptions o;
    o.prior_mean["a"] = {1, 2};
    EXPECT_NE(validate_bandit({"a", "b"}, o).message().find("prior_mean.a: expected 11"),
              std::string::npos);
}
}  // namespace
}  // namespace attune::care
