// SPDX-License-Identifier: Apache-2.0
// `attune simulate bandit`: the bandit against uniform random choice and each person's best
// fixed exercise, on simulated people whose hidden preferences differ, depend on context and
// drift (the contract is in include/attune/care.hpp).
//
// The hidden model, in mood points on the 0..10 scale. Arm a's expected mood change for person p
// in a context with hidden features h (below) on day t is
//     mu = mu0[a] + u[p][a](t) + w[p][a] . h
//   mu0[a] ~ N(0.8, 0.3^2)     how well the exercise works for people in general
//   u[p][a](0) ~ N(0, 0.7^2)    how much better or worse it suits this person
//   u[p][a](t+1) = u[p][a](t) + N(0, 0.05^2)   slow drift: about 0.5 points over 90 days
//   w[p][a][j] ~ N(0, 0.5^2)   how the context changes that, per person
//   h = (low mood: -valence, arousal, evening: 1 from 18:00, sleep debt: (7 - sleep h) / 3
//        clamped to [-1, 1], inactivity: -activity)
// The hidden model reads the true sleep and activity even for people without a wearable (whose
// context leaves them unknown), and its evening step is not among the bandit's features (it
// sees the hour as sin/cos): the bandit's linear model is not the true one.
// The person completes the exercise with probability logistic(1 + 0.6 mu) (exercises that suit
// them are finished more often); the mood change is then N(mu, 1.5^2) (mood_change_sd: a single
// exercise's change scatters by about +-2 points), and N(0, 1) when they decline or stop (both
// ratings are still asked, as every script asks the after rating on every way out). Ratings are
// whole numbers clamped to 0..10, so ceiling and floor effects are real; the reward is
// bandit_reward(before, after, completed).
//
// Contexts: per person a usual valence N(-0.1, 0.2^2) and arousal N(0, 0.2^2), a wearable with
// probability 1/2, mood ratings given on 20-70 % of occasions and a usual sleep N(7, 0.6^2) h;
// per day a valence shift N(0, 0.2^2), sleep N(usual, 1) h, activity N(0, 0.4^2), and 1, 2 or 3
// opportunities at hours 8..22; per opportunity valence = usual + day shift - 0.15 sleep debt +
// N(0, 0.3^2), arousal = usual + N(0, 0.3^2), latent mood 5 + 3 valence + N(0, 0.8^2).
//
// Full information, a reference for how much of the gap to best fixed is the price of learning
// from one reward per chance: a learner with the bandit's model and prior that, after every
// chance, is told the reward every exercise would have earned (each drawn from the hidden model)
// and suggests the one with the largest posterior mean. It learns the same whatever it chooses,
// so choosing greedily is its best move; it gets ten rewards for the bandit's one.
//
// Regret is pseudo-regret: the expected reward of the oracle's arm (the best in that decision's
// context on that day) minus that of the arm chosen, both computed exactly from the hidden model
// (the rounding and clamping of ratings included), so the realised reward's noise does not blur
// the comparison. Every policy meets the same people and contexts; only the bandit's rewards are
// drawn (it learns from them), from a stream of their own.
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include <attune/care.hpp>

#include "care/random.hpp"

namespace attune::care {
namespace {

using json = nlohmann::json;
using detail::mix_seed;
using detail::NormalDraw;
using detail::uniform01;

constexpr int kHidden = 5;
constexpr std::int64_t kStartMs = 1'767'571'200'000;  // Monday 2026-01-05 00:00 UTC
constexpr double kDeclinedSd = 1.0;                   // mood change when declined or stopped
enum Stream : std::uint64_t {
    population = 1,
    person = 2,
    context = 3,
    reward = 4,
    choice = 5,
    cohort_reward = 6,
    full_reward = 7
};
// The prior cohort's people are numbered from here, so they are never the evaluated people.
constexpr std::uint64_t kCohortIndex = std::uint64_t{1} << 32;

double clamp1(double v) { return std::clamp(v, -1.0, 1.0); }
int rating(double m) { return static_cast<int>(std::clamp(std::lround(m), 0L, 10L)); }
double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }
double logistic(double z) { return 1 / (1 + std::exp(-z)); }

// E[rating(m + d)] - rating(m) for d ~ N(mu, sd^2): the expected change of the whole-number
// rating, clamping included.
double expected_rating_change(double m, double mu, double sd) {
    double e = 0;
    for (int k = 1; k <= 10; ++k) e += 1 - normal_cdf((k - 0.5 - m - mu) / sd);  // P(rating >= k)
    return e - rating(m);
}

struct Occasion {
    int day = 0;  // 0-based
    BanditContext context;
    double mood = 5;                       // latent mood, 0..10
    std::array<double, kHidden> hidden{};  // h
    std::vector<double> mu;                // each arm's expected mood change (points)
    std::vector<double> expected;          // each arm's expected reward
};

struct SimulatedPerson {
    std::vector<double> u;                       // per arm, drifting
    std::vector<std::array<double, kHidden>> w;  // per arm
    std::vector<Occasion> occasions;
};

double arm_mu(const std::vector<double>& mu0, const SimulatedPerson& p, std::size_t a,
              const std::array<double, kHidden>& h) {
    double mu = mu0[a] + p.u[a];
    for (int j = 0; j < kHidden; ++j)
        mu += p.w[a][static_cast<std::size_t>(j)] * h[static_cast<std::size_t>(j)];
    return mu;
}

double expected_reward(double mood, double mu, double change_sd) {
    const double pc = logistic(1 + 0.6 * mu);
    return pc * (expected_rating_change(mood, mu, change_sd) / 10 + kBanditCompletionBonus) +
           (1 - pc) * (expected_rating_change(mood, 0, kDeclinedSd) / 10 - kBanditDeclinePenalty);
}

SimulatedPerson make_person(const BanditSimulationOptions& o, const std::vector<double>& mu0,
                            std::uint64_t index) {
    const std::size_t k = o.arms.size();
    std::mt19937_64 rng(mix_seed(o.seed, person, index));
    NormalDraw normal;
    SimulatedPerson p;
    p.u.resize(k);
    p.w.resize(k);
    for (std::size_t a = 0; a < k; ++a) {
        p.u[a] = 0.7 * normal(rng);
        for (auto& wj : p.w[a]) wj = 0.5 * normal(rng);
    }
    const double usual_valence = -0.1 + 0.2 * normal(rng);
    const double usual_arousal = 0.2 * normal(rng);
    const bool wearable = uniform01(rng) < 0.5;
    const double mood_share = 0.2 + 0.5 * uniform01(rng);
    const double usual_sleep = std::clamp(7 + 0.6 * normal(rng), 5.0, 9.0);

    std::mt19937_64 crng(mix_seed(o.seed, context, index));
    NormalDraw cnormal;
    for (int day = 0; day < o.days; ++day) {
        if (day > 0)
            for (auto& ua : p.u) ua += 0.05 * normal(rng);
        const double shift = 0.2 * cnormal(crng);
        const double sleep = std::clamp(usual_sleep + cnormal(crng), 3.0, 11.0);
        const double activity = clamp1(0.4 * cnormal(crng));
        const double debt = clamp1((7 - sleep) / 3);
        const int n = 1 + static_cast<int>(uniform01(crng) * 3);
        std::vector<int> hours;
        for (int i = 0; i < n; ++i) hours.push_back(8 + static_cast<int>(uniform01(crng) * 15));
        std::sort(hours.begin(), hours.end());
        for (int hour : hours) {
            Occasion oc;
            oc.day = day;
            BanditContext& c = oc.context;
            c.valence = clamp1(usual_valence + shift - 0.15 * debt + 0.3 * cnormal(crng));
            c.arousal = clamp1(usual_arousal + 0.3 * cnormal(crng));
            c.hour = hour;
            oc.mood = std::clamp(5 + 3 * c.valence + 0.8 * cnormal(crng), 0.0, 10.0);
            if (uniform01(crng) < mood_share) c.mood = rating(oc.mood);
            if (wearable) {
                c.sleep_h = sleep;
                c.activity = activity;
            }
            oc.hidden = {-c.valence, c.arousal, hour >= 18 ? 1.0 : 0.0, debt, -activity};
            oc.mu.resize(k);
            oc.expected.resize(k);
            for (std::size_t a = 0; a < k; ++a) {
                oc.mu[a] = arm_mu(mu0, p, a, oc.hidden);
                oc.expected[a] = expected_reward(oc.mood, oc.mu[a], o.mood_change_sd);
            }
            p.occasions.push_back(std::move(oc));
        }
    }
    return p;
}

// One realised reward of arm a on occasion oc, drawn from the hidden model.
double draw_reward(const Occasion& oc, std::size_t a, double mood_change_sd, std::mt19937_64& rng,
                   NormalDraw& normal) {
    const double mu = oc.mu[a];
    const bool completed = uniform01(rng) < logistic(1 + 0.6 * mu);
    const double change = completed ? mu + mood_change_sd * normal(rng) : kDeclinedSd * normal(rng);
    return bandit_reward(rating(oc.mood), rating(oc.mood + change), completed);
}

// The population prior: prior_cohort other people meet uniformly random suggestions for the
// same number of days, and the prior is fitted to their rewards.
Result<BanditPrior> cohort_prior(const BanditSimulationOptions& o, const std::vector<double>& mu0) {
    const std::size_t k = o.arms.size();
    std::vector<BanditCohortReward> cohort;
    for (int i = 0; i < o.prior_cohort; ++i) {
        const std::uint64_t index = kCohortIndex + static_cast<std::uint64_t>(i);
        const SimulatedPerson p = make_person(o, mu0, index);
        std::mt19937_64 rng(mix_seed(o.seed, cohort_reward, index));
        NormalDraw normal;
        for (const Occasion& oc : p.occasions) {
            const auto a = std::min(k - 1, static_cast<std::size_t>(uniform01(rng) * k));
            cohort.push_back({std::to_string(i), o.arms[a], bandit_features(oc.context),
                              draw_reward(oc, a, o.mood_change_sd, rng, normal)});
        }
    }
    return fit_bandit_prior(cohort, o.arms, o.bandit);
}

// The first day D >= 7 (1-based) from which a policy's trailing 7-day mean regret stays within
// 1.25 x best_fixed's; -1 when it never does.
int day_within(const std::vector<double>& bandit, const std::vector<double>& fixed) {
    const int days = static_cast<int>(bandit.size());
    int d = -1;
    for (int t = days; t >= 7; --t) {
        double b = 0, f = 0;
        for (int i = t - 7; i < t; ++i) {
            b += bandit[static_cast<std::size_t>(i)];
            f += fixed[static_cast<std::size_t>(i)];
        }
        if (b > 1.25 * f) break;
        d = t;
    }
    return d;
}

}  // namespace

Result<nlohmann::json> simulate_bandit(const BanditSimulationOptions& o) {
    if (o.patients < 1)
        return Status::invalid_argument("patients must be >= 1, got " + std::to_string(o.patients));
    if (o.days < 1 || o.days > 3650)
        return Status::invalid_argument("days must be 1..3650, got " + std::to_string(o.days));
    if (!(o.mood_change_sd > 0 && o.mood_change_sd <= 5))
        return Status::invalid_argument("mood_change_sd must be in (0, 5], got " +
                                        std::to_string(o.mood_change_sd));
    if (o.arms.size() < 2)
        return Status::invalid_argument("arms: a simulation needs at least two, got " +
                                        std::to_string(o.arms.size()));
    if (o.prior_cohort < 0 || o.prior_cohort > 1'000'000)
        return Status::invalid_argument("prior_cohort must be 0..1000000, got " +
                                        std::to_string(o.prior_cohort));
    ATTUNE_RETURN_IF_ERROR(validate_bandit(o.arms, o.bandit));
    const std::size_t k = o.arms.size();

    std::vector<double> mu0(k);
    {
        std::mt19937_64 rng(mix_seed(o.seed, population));
        NormalDraw normal;
        for (auto& m : mu0) m = 0.8 + 0.3 * normal(rng);
    }
    BanditOptions bandit_options = o.bandit;
    json prior_json = nullptr;
    if (o.prior_cohort > 0) {
        auto prior = cohort_prior(o, mu0);
        if (!prior) return prior.status().with_context("prior cohort");
        prior->apply(bandit_options);
        prior_json = {{"people", prior->people},
                      {"rewards", prior->rewards},
                      {"prior_variance", prior->prior_variance},
                      {"noise_variance", prior->noise_variance}};
    }
    const Bandit bandit(o.arms, bandit_options);

    const auto days = static_cast<std::size_t>(o.days);
    std::vector<double> day_bandit(days, 0), day_random(days, 0), day_fixed(days, 0),
        day_full(days, 0);
    double sum_bandit = 0, sum_random = 0, sum_fixed = 0, sum_full = 0;
    double reward_oracle = 0, reward_bandit = 0, reward_random = 0, reward_fixed = 0,
           reward_full = 0, realised = 0;
    std::size_t decisions = 0;
    for (int i = 0; i < o.patients; ++i) {
        SimulatedPerson p = make_person(o, mu0, static_cast<std::uint64_t>(i));
        // The best fixed arm, in hindsight, over the person's whole run.
        std::vector<double> total(k, 0);
        for (const auto& oc : p.occasions)
            for (std::size_t a = 0; a < k; ++a) total[a] += oc.expected[a];
        const std::size_t fixed =
            static_cast<std::size_t>(std::max_element(total.begin(), total.end()) - total.begin());

        BanditState state, full;
        std::mt19937_64 rrng(mix_seed(o.seed, reward, static_cast<std::uint64_t>(i)));
        std::mt19937_64 frng(mix_seed(o.seed, full_reward, static_cast<std::uint64_t>(i)));
        NormalDraw rnormal, fnormal;
        for (std::size_t n = 0; n < p.occasions.size(); ++n) {
            const Occasion& oc = p.occasions[n];
            const double best = *std::max_element(oc.expected.begin(), oc.expected.end());
            const double mean = std::accumulate(oc.expected.begin(), oc.expected.end(), 0.0) /
                                static_cast<double>(k);
            const std::int64_t now =
                kStartMs + oc.day * 86'400'000LL + oc.context.hour * 3'600'000LL;
            auto d =
                bandit.choose(state, oc.context, now, 0,
                              mix_seed(o.seed, choice, (static_cast<std::uint64_t>(i) << 32) | n));
            if (!d) return d.status().with_context("patient " + std::to_string(i));
            const std::size_t a = static_cast<std::size_t>(
                std::find(o.arms.begin(), o.arms.end(), d->chosen) - o.arms.begin());
            // Draw the reward of the chosen arm from the hidden model.
            const double r = draw_reward(oc, a, o.mood_change_sd, rrng, rnormal);
            realised += r;
            ATTUNE_RETURN_IF_ERROR(bandit.update(state, d->id, r));

            // Full information: the greedy choice, then every exercise's reward.
            const auto predicted = bandit.predict(full, oc.context);
            const auto g = static_cast<std::size_t>(
                std::max_element(predicted.begin(), predicted.end(),
                                 [](const auto& x, const auto& y) { return x.first < y.first; }) -
                predicted.begin());
            const std::vector<double> features = bandit_features(oc.context);
            for (std::size_t b = 0; b < k; ++b)
                full.arms[o.arms[b]].add(features,
                                         draw_reward(oc, b, o.mood_change_sd, frng, fnormal));

            const auto di = static_cast<std::size_t>(oc.day);
            day_bandit[di] += best - oc.expected[a];
            day_random[di] += best - mean;
            day_fixed[di] += best - oc.expected[fixed];
            day_full[di] += best - oc.expected[g];
            reward_oracle += best;
            reward_bandit += oc.expected[a];
            reward_random += mean;
            reward_fixed += oc.expected[fixed];
            reward_full += oc.expected[g];
            ++decisions;
        }
        if (o.progress && !o.progress("simulate bandit", static_cast<std::size_t>(i + 1),
                                      static_cast<std::size_t>(o.patients)))
            return Status::cancelled("simulate bandit cancelled after " + std::to_string(i + 1) +
                                     " of " + std::to_string(o.patients) + " people");
    }
    const double people = o.patients;
    for (std::size_t d = 0; d < days; ++d) {
        day_bandit[d] /= people;
        day_random[d] /= people;
        day_fixed[d] /= people;
        day_full[d] /= people;
        sum_bandit += day_bandit[d];
        sum_random += day_random[d];
        sum_fixed += day_fixed[d];
        sum_full += day_full[d];
    }
    const double n = static_cast<double>(std::max<std::size_t>(decisions, 1));
    const int within = day_within(day_bandit, day_fixed);
    const int full_within = day_within(day_full, day_fixed);
    json gap_closed = nullptr;
    if (days >= 30) {
        double b = 0, r = 0, f = 0;
        for (std::size_t d = 23; d < 30; ++d) {
            b += day_bandit[d];
            r += day_random[d];
            f += day_fixed[d];
        }
        if (r > f) gap_closed = (r - b) / (r - f);
    }
    return json{
        {"patients", o.patients},
        {"days", o.days},
        {"seed", o.seed},
        {"arms", o.arms},
        {"decisions_per_patient", static_cast<double>(decisions) / people},
        {"regret",
         {{"bandit", sum_bandit},
          {"random", sum_random},
          {"best_fixed", sum_fixed},
          {"full_information", sum_full}}},
        {"regret_per_day",
         {{"bandit", day_bandit},
          {"random", day_random},
          {"best_fixed", day_fixed},
          {"full_information", day_full}}},
        {"mean_reward",
         {{"oracle", reward_oracle / n},
          {"bandit", reward_bandit / n},
          {"random", reward_random / n},
          {"best_fixed", reward_fixed / n},
          {"full_information", reward_full / n},
          {"bandit_realised", realised / n}}},
        {"mood_change_sd", o.mood_change_sd},
        {"bandit_options",
         {{"prior_variance", bandit_options.prior_variance},
          {"context_prior_variance", bandit_options.context_prior_variance},
          {"noise_variance", bandit_options.noise_variance},
          {"posterior_scale", bandit_options.posterior_scale},
          {"exploration_floor", bandit_options.exploration_floor},
          {"probability_draws", bandit_options.probability_draws}}},
        {"day_bandit_within_best_fixed", within < 0 ? json(nullptr) : json(within)},
        {"day_full_information_within_best_fixed",
         full_within < 0 ? json(nullptr) : json(full_within)},
        {"ratio_to_random", sum_random > 0 ? sum_bandit / sum_random : 0.0},
        {"gap_closed_days_24_30", gap_closed},
        {"prior", prior_json}};
}

}  // namespace attune::care
