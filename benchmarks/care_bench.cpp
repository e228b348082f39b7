// SPDX-License-Identifier: Apache-2.0
// Cost of the companion on one core: a whole reply (analysis, safety gate, exercise step or
// reflection, and the bandit's choice when it offers one; issue #6 asks for < 20 ms), the same
// with the person's state through JSON as the server and the CLI keep it between replies, the
// bandit's choose() alone, and a bandit state with a long decision log through JSON.
#include <benchmark/benchmark.h>

#include <attune/care.hpp>
#include <attune/text.hpp>

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

// One conversation, replayed in a loop: free talk that brings an offer, a thought record from
// start to end with an aside and an out-of-range answer, and a crisis statement.
const std::vector<std::string> kConversation = {
    "I keep thinking that everyone at work hates me and I'll never fit in",
    "no thanks",
    "can we do a thought record",
    "5",
    "At the team meeting my boss didn't say hello to me",
    "She must think I'm useless and I'll get fired",
    "ashamed and worried",
    "15",
    "8",
    "are you a real person?",
    "I suppose I can't know what she thinks",
    "She has praised my reports twice this month",
    "She was rushing to another meeting and I haven't done anything wrong",
    "Maybe she was just busy and it wasn't about me at all",
    "4",
    "6",
    "some days i just want to go to sleep and not wake up",
    "yes I'm safe, thank you",
};

std::shared_ptr<const care::Companion> companion() {
    static const auto c = [] {
        const std::string root = ATTUNE_SOURCE_DIR;
        auto analyzer = attune::text::Analyzer::load(root + "/models");
        if (!analyzer) std::abort();
        care::CompanionOptions o;
        o.analyzer = *analyzer;
        o.exercises_dir = root + "/data/exercises";
        o.crisis_lines_path = root + "/data/companion/crisis_lines.json";
        auto loaded = care::Companion::load(o);
        if (!loaded) std::abort();
        return *loaded;
    }();
    return c;
}

// Each iteration is one reply; `through_json` also writes the person's state to JSON text and
// reads it back, as a store or profile does after every message.
void companion_reply(benchmark::State& st, bool through_json) {
    const auto c = companion();
    care::Person person;
    std::int64_t now = kStartMs;
    std::size_t i = 0;
    for (auto _ : st) {
        care::MessageContext ctx;
        ctx.now_ms = now;
        ctx.seed = i + 1;
        now += 60'000;
        if (i % kConversation.size() == 0) now += kDayMs;  // a new conversation each round
        auto r = c->reply(person, kConversation[i % kConversation.size()], ctx);
        if (!r) std::abort();
        benchmark::DoNotOptimize(r);
        if (through_json) {
            auto text = person.to_json().dump();
            auto back = care::Person::from_json(nlohmann::json::parse(text));
            if (!back) std::abort();
            person = std::move(*back);
        }
        ++i;
    }
}
void BM_companion_reply(benchmark::State& st) { companion_reply(st, false); }
void BM_companion_reply_state_json(benchmark::State& st) { companion_reply(st, true); }
BENCHMARK(BM_companion_reply)->Name("BM_companion_reply/conversation_18msgs");
BENCHMARK(BM_companion_reply_state_json)->Name("BM_companion_reply_state_json/conversation_18msgs");

}  // namespace
