// SPDX-License-Identifier: Apache-2.0
// Builders for the tracking tests: observations on day N of a history that starts on Monday
// 2 Nov 2026 (midnight UTC), and seeded noisy series.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <attune/tracking.hpp>

namespace attune::tracking::testing {

inline constexpr std::int64_t kDay = 86'400'000;
inline constexpr std::int64_t kHour = 3'600'000;
inline constexpr std::int64_t kDay0 = 1793577600000;  // 2026-11-02T00:00:00Z

inline std::int64_t at(int day, int hour = 12) { return kDay0 + day * kDay + hour * kHour; }

// "j7": built by appending (g++ 12 warns falsely on "j" + std::to_string(7), its bug 105329).
inline std::string id(std::string_view prefix, int n) {
    std::string s(prefix);
    s += std::to_string(n);
    return s;
}

inline Observation journal(std::string id, int day, double valence, int hour = 12) {
    Observation o;
    o.id = std::move(id);
    o.time_ms = at(day, hour);
    o.valence = valence;
    o.arousal = 0.5;
    return o;
}

inline Observation crisis_entry(std::string id, int day, CrisisLevel level,
                                std::vector<std::string> evidence, double valence = -0.6) {
    Observation o = journal(std::move(id), day, valence, 20);
    o.crisis = level;
    o.crisis_evidence = std::move(evidence);
    return o;
}

// A message to the companion with crisis language, as the platform reads it: its level only.
inline Observation chat_message(std::string id, int day, CrisisLevel level, int hour = 3) {
    Observation o;
    o.id = std::move(id);
    o.time_ms = at(day, hour);
    o.source = Source::chat;
    o.crisis = level;
    return o;
}

inline Observation checkin(std::string id, Source source, int day, int score, bool item9 = false) {
    Observation o;
    o.id = std::move(id);
    o.time_ms = at(day, 21);
    o.source = source;
    o.score = score;
    o.item9_positive = item9;
    return o;
}

// One journal entry a day for `days` days from `first_day`, valence mean + sd x N(0, 1) from a
// seeded engine (the normal is Box-Muller over 53-bit uniforms, so every platform draws the same).
inline std::vector<Observation> noisy_journal(int first_day, int days, double mean, double sd,
                                              std::uint64_t seed, const std::string& prefix = "j") {
    std::mt19937_64 rng(seed);
    auto uniform = [&] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
    std::vector<Observation> out;
    for (int d = first_day; d < first_day + days; ++d) {
        const double u1 = 1 - uniform(), u2 = uniform();  // sequenced: the same draws everywhere
        const double n = std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
        out.push_back(journal(id(prefix, d), d, mean + sd * n));
    }
    return out;
}

inline std::vector<Alert> of_kind(const std::vector<Alert>& alerts, const std::string& kind) {
    std::vector<Alert> out;
    for (const auto& a : alerts)
        if (a.kind == kind) out.push_back(a);
    return out;
}

}  // namespace attune::tracking::testing
