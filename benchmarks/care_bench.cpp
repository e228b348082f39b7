// SPDX-License-Identifier: Apache-2.0
// Cost of the companion's exercise choice on one core: the bandit's choose() for one person with
// a history (the companion replies in < 20 ms in all), and the round trip of that person's
// state through JSON (how the state is kept between replies).
#include <benchmark/benchmark.h>

#include <attune/care.hpp>

namespace {

namespace care = attune::care;

constexpr std::int64_t kStartMs = 1'767'571'200'000;  // 2026-01-05 00:00 UTC
constexpr std::int64_t kDayMs = 86'400'000;

std::vector<std::string> ten_arms() {
    return {"behavioural_activation",
            "box_breathing",
            "breathing_478",
            "cognitive_restructuring",
            "gratitude",
            "grounding_54321",
            "self_compassion_break",
            "sleep_hygiene",
            "thought_record",
            "worry_time"};
}

care::BanditContext context(int i) {
    care::BanditContext c;
    c.valence = -0.6 + 0.1 * (i % 13);
    c.arousal = 0.5 - 0.1 * (i % 11);
    c.hour = 8 + i % 15;
    c.sleep_h = 5.5 + 0.5 * (i % 6);
    c.activity = -0.3 + 0.1 * (i % 7);
    if (i % 3 == 0) c.mood = i % 11;
    return c;
}

// A person after `decisions` rewarded suggestions, two a day.
care::BanditState history(const care::Bandit& bandit, int decisions) {
    care::BanditState state;
    for (int i = 0; i < decisions; ++i) {
        auto d = bandit.choose(state, context(i), kStartMs + (i / 2) * kDayMs + 9 * 3'600'000, 0,
                               static_cast<std::uint64_t>(i));
        if (!d) std::abort();
        const double reward = 0.1 + 0.02 * (static_cast<int>(d->chosen.size()) % 7) - 0.05;
        if (!bandit.update(state, d->id, reward).is_ok()) std::abort();
    }
    return state;
}

void BM_bandit_choose(benchmark::State& st) {
    const care::Bandit bandit(ten_arms());
    care::BanditState state = history(bandit, 200);
    std::int64_t day = 200;
    for (auto _ : st) {
        // A new day each time, so the daily cap never refuses; the log stays at its bound (500)
        // after the first 300 iterations, so trimming it is part of the measured cost.
        auto d = bandit.choose(state, context(static_cast<int>(day)), kStartMs + day * kDayMs, 0,
                               static_cast<std::uint64_t>(day));
        ++day;
        benchmark::DoNotOptimize(d);
    }
}
BENCHMARK(BM_bandit_choose)->Name("BM_bandit_choose/10arms");

void BM_bandit_state_json(benchmark::State& st) {
    const care::Bandit bandit(ten_arms());
    const care::BanditState state = history(bandit, 500);
    for (auto _ : st) {
        auto text = state.to_json().dump();
        auto back = care::BanditState::from_json(nlohmann::json::parse(text));
        benchmark::DoNotOptimize(back);
    }
}
BENCHMARK(BM_bandit_state_json)->Name("BM_bandit_state_json/10arms/500decisions");

}  // namespace
