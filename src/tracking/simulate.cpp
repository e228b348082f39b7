// SPDX-License-Identifier: Apache-2.0
// Synthetic people with known change points, and the detection figures of detect() on them.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>
#include <random>

#include "tracking/internal.hpp"

namespace attune::tracking {
namespace {

using detail::kDayMs;

// std::mt19937_64 is specified bit for bit; the std distributions are not (libstdc++ and libc++
// draw differently), so the transforms are ours.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}
    double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }  // [0, 1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    int below(int n) { return std::min(n - 1, static_cast<int>(uniform() * n)); }
    double normal() {  // Box-Muller, one of the pair
        const double u1 = 1.0 - uniform(), u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }

private:
    std::mt19937_64 engine_;
};

// SplitMix64 (Steele et al. 2014): one independent stream per patient from the seed.
std::uint64_t patient_seed(std::uint64_t seed, std::uint64_t index) {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (index + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Share of a day's variance that is the day's own (shared by its entries and check-ins); the
// rest is each entry's noise.
constexpr double kDayShare = 0.6;

SimulatedPatient simulate_one(const SimulationOptions& options, int index, bool changed) {
    Rng rng(patient_seed(options.seed, static_cast<std::uint64_t>(index)));
    const double mu_v = rng.uniform(-0.2, 0.4), sd_v = rng.uniform(0.15, 0.30);
    const double mu_a = rng.uniform(0.35, 0.6), sd_a = rng.uniform(0.06, 0.12);
    const double mu_m = rng.uniform(5.0, 7.5), sd_m = rng.uniform(0.8, 1.5);
    const double mu_phq = rng.uniform(2.0, 9.0), mu_gad = rng.uniform(1.0, 7.0);
    const double phi = rng.uniform(0.2, 0.5);
    const double season_amp = rng.uniform(0.0, 0.4), season_phase = rng.uniform(0.0, 6.283185);
    const double p_missing = rng.uniform(0.10, 0.35), p_mood = rng.uniform(0.2, 0.6);
    const int questionnaire_offset = rng.below(14);
    const int change_day = options.days / 4 + rng.below(options.days / 2);

    SimulatedPatient p;
    p.start_ms = options.start_ms;
    p.days = options.days;
    char id[32];
    std::snprintf(id, sizeof id, "sim-%04d", index);
    p.id = id;
    if (changed) p.change_day = change_day;
    const double day_w = std::sqrt(kDayShare), entry_w = std::sqrt(1 - kDayShare);
    const double innovation = std::sqrt(1 - phi * phi);
    double latent = rng.normal(), latent_arousal = rng.normal();
    int gap_left = 0, seq = 0;
    auto next_id = [&](std::string_view what) {
        return p.id + "-" + std::string(what) + "-" + std::to_string(seq++);
    };
    for (int t = 0; t < options.days; ++t) {
        latent = phi * latent + innovation * rng.normal();
        latent_arousal = phi * latent_arousal + innovation * rng.normal();
        const double season =
            season_amp * std::cos(2 * std::numbers::pi * (t % 7) / 7.0 + season_phase);
        const bool after = changed && t >= change_day;
        const double shift = after ? options.drop_sd : 0.0;
        const std::int64_t day_ms = options.start_ms + static_cast<std::int64_t>(t) * kDayMs;
        const bool gap_starts = rng.uniform() < 0.01;
        const int gap_length = 3 + rng.below(8);
        const double u_entries = rng.uniform(), u_count = rng.uniform();
        if (gap_left > 0) {
            --gap_left;
            continue;
        }
        if (gap_starts) {
            gap_left = gap_length - 1;
            continue;
        }
        const int entries = u_entries < p_missing ? 0 : u_count < 0.6 ? 1 : u_count < 0.9 ? 2 : 3;
        for (int e = 0; e < entries; ++e) {
            Observation o;
            o.id = next_id("j");
            o.source = Source::journal;
            o.time_ms = day_ms + 8 * 3'600'000 + static_cast<std::int64_t>(rng.uniform() * 15 * 3'600'000);
            o.valence = std::clamp(
                mu_v + sd_v * (season + day_w * latent + entry_w * rng.normal() - shift), -1.0, 1.0);
            o.arousal = std::clamp(
                mu_a + sd_a * (day_w * latent_arousal + entry_w * rng.normal()), 0.0, 1.0);
            const double u_crisis = rng.uniform(), p_crisis = after ? 0.02 : 0.001;
            if (u_crisis < p_crisis / 5) {
                o.crisis = CrisisLevel::active;
                o.crisis_evidence = {"I keep thinking about ending my life"};
            } else if (u_crisis < p_crisis) {
                o.crisis = CrisisLevel::passive;
                o.crisis_evidence = {"I wish I could just disappear"};
            }
            p.history.push_back(std::move(o));
        }
        const double u_mood = rng.uniform(), mood_noise = rng.normal();
        if (u_mood < p_mood) {
            Observation o;
            o.id = next_id("m");
            o.source = Source::mood;
            o.time_ms = day_ms + 21 * 3'600'000;
            const double mood =
                mu_m + sd_m * (season + day_w * latent + entry_w * mood_noise - shift);
            o.score = static_cast<int>(std::clamp(std::round(mood), 1.0, 10.0));
            p.history.push_back(std::move(o));
        }
        const double u_taken = rng.uniform(), phq_noise = rng.normal(), gad_noise = rng.normal();
        const double u_item9 = rng.uniform();
        if (t % 14 == questionnaire_offset && u_taken < 0.9) {
            Observation phq;
            phq.id = next_id("phq9");
            phq.source = Source::phq9;
            phq.time_ms = day_ms + 20 * 3'600'000;
            const int score = static_cast<int>(
                std::clamp(std::round(mu_phq + 1.5 * phq_noise + 4 * shift), 0.0, 27.0));
            phq.score = score;
            phq.item9_positive = u_item9 < (score >= 15 ? 0.3 : 0.01);
            Observation gad;
            gad.id = next_id("gad7");
            gad.source = Source::gad7;
            gad.time_ms = phq.time_ms + 60'000;
            gad.score = static_cast<int>(
                std::clamp(std::round(mu_gad + 1.5 * gad_noise + 2 * shift), 0.0, 21.0));
            p.history.push_back(std::move(phq));
            p.history.push_back(std::move(gad));
        }
    }
    std::sort(p.history.begin(), p.history.end(), [](const Observation& a, const Observation& b) {
        return a.time_ms != b.time_ms ? a.time_ms < b.time_ms : a.id < b.id;
    });
    return p;
}

bool is_change_kind(std::string_view kind) {
    for (const Metric m : detail::kChangeMetrics)
        if (detail::metric_info(m).alert_kind == kind) return true;
    return false;
}

// The kinds that detect a drop in valence and mood (with the PHQ-9 rise that comes with it).
bool detects_drop(std::string_view kind) {
    return kind == "valence_drop" || kind == "mood_drop" || kind == "phq9_shift";
}

}  // namespace

Result<std::vector<SimulatedPatient>> simulate_patients(const SimulationOptions& options) {
    if (options.patients < 0)
        return Status::invalid_argument("patients must be >= 0, got " + std::to_string(options.patients));
    if (options.days < 56)
        return Status::invalid_argument("days must be >= 56, got " + std::to_string(options.days));
    if (!(options.drop_sd >= 0))
        return Status::invalid_argument("drop_sd must be >= 0, got " + std::to_string(options.drop_sd));
    if (!(options.changed_share >= 0 && options.changed_share <= 1))
        return Status::invalid_argument("changed_share must be in [0, 1], got " +
                                        std::to_string(options.changed_share));
    if (detail::day_of(options.start_ms) != options.start_ms)
        return Status::invalid_argument("start_ms must be midnight UTC, got " +
                                        std::to_string(options.start_ms));
    std::vector<SimulatedPatient> out;
    out.reserve(static_cast<std::size_t>(options.patients));
    for (int i = 0; i < options.patients; ++i) {
        // Evenly spread: patient i is changed when the running count of changed people steps up.
        const bool changed = std::floor((i + 1) * options.changed_share) > std::floor(i * options.changed_share);
        out.push_back(simulate_one(options, i, changed));
    }
    return out;
}

AlertEvaluation evaluate_alerts(std::span<const SimulatedPatient> patients,
                                const AlertOptions& options, int detection_window_days) {
    AlertEvaluation ev;
    ev.patients = static_cast<int>(patients.size());
    ev.detection_window_days = detection_window_days;
    std::vector<double> delays;
    std::map<std::string, int> false_by_kind;
    double exposure_days = 0, all_days = 0;
    for (const SimulatedPatient& p : patients) {
        all_days += p.days;
        exposure_days += p.change_day.value_or(p.days);
        ev.changed += p.change_day.has_value();
        std::optional<int> delay;
        for (const Alert& a : detect(p.history, options)) {
            if (!is_change_kind(a.kind)) {
                ++ev.immediate_alerts;
                continue;
            }
            const auto day = static_cast<int>((detail::day_of(a.time_ms) - p.start_ms) / kDayMs);
            if (!p.change_day || day < *p.change_day) {
                ++ev.false_alerts;
                ++false_by_kind[a.kind];
            } else if (!delay && detects_drop(a.kind) && day - *p.change_day <= detection_window_days) {
                delay = day - *p.change_day;
            }
        }
        if (delay) delays.push_back(*delay);
    }
    ev.detected = static_cast<int>(delays.size());
    ev.detection_rate = ev.changed ? static_cast<double>(ev.detected) / ev.changed : 0.0;
    if (!delays.empty()) {
        std::sort(delays.begin(), delays.end());
        const std::size_t n = delays.size();
        ev.delay_median_days = n % 2 ? delays[n / 2] : (delays[n / 2 - 1] + delays[n / 2]) / 2;
        ev.delay_p90_days = delays[static_cast<std::size_t>(std::ceil(0.9 * n)) - 1];
    }
    ev.exposure_years = exposure_days / 365.25;
    ev.false_alerts_per_patient_year = ev.exposure_years > 0 ? ev.false_alerts / ev.exposure_years : 0.0;
    ev.false_alerts_by_kind.assign(false_by_kind.begin(), false_by_kind.end());
    ev.immediate_alerts_per_patient_year = all_days > 0 ? ev.immediate_alerts / (all_days / 365.25) : 0.0;
    return ev;
}

nlohmann::ordered_json to_json(const AlertEvaluation& ev) {
    auto optional = [](const std::optional<double>& v) {
        return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
    };
    nlohmann::ordered_json by_kind = nlohmann::ordered_json::object();
    for (const auto& [kind, n] : ev.false_alerts_by_kind) by_kind[kind] = n;
    return {{"patients", ev.patients},
            {"changed", ev.changed},
            {"detected", ev.detected},
            {"detection_rate", ev.detection_rate},
            {"delay_days", {{"median", optional(ev.delay_median_days)}, {"p90", optional(ev.delay_p90_days)}}},
            {"detection_window_days", ev.detection_window_days},
            {"false_alerts", ev.false_alerts},
            {"exposure_years", ev.exposure_years},
            {"false_alerts_per_patient_year", ev.false_alerts_per_patient_year},
            {"false_alerts_by_kind", by_kind},
            {"immediate_alerts", ev.immediate_alerts},
            {"immediate_alerts_per_patient_year", ev.immediate_alerts_per_patient_year}};
}

}  // namespace attune::tracking
