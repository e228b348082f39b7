// SPDX-License-Identifier: Apache-2.0
// Names, calendar days and the per-day series of a history.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>

#include "tracking/internal.hpp"

namespace attune::tracking {

std::string_view source_name(Source source) {
    switch (source) {
        case Source::journal: return "journal";
        case Source::mood: return "mood";
        case Source::phq9: return "phq9";
        case Source::gad7: return "gad7";
        case Source::chat: return "chat";
    }
    return "journal";
}

std::string_view metric_name(Metric metric) {
    switch (metric) {
        case Metric::valence: return "valence";
        case Metric::arousal: return "arousal";
        case Metric::mood: return "mood";
        case Metric::phq9: return "phq9";
        case Metric::gad7: return "gad7";
        case Metric::distortions: return "distortions";
        case Metric::crisis: return "crisis";
    }
    return "valence";
}

std::string_view metric_unit(Metric metric) {
    switch (metric) {
        case Metric::valence: return "sentiment compound, -1 (negative) to 1 (positive)";
        case Metric::arousal: return "arousal, 0 (calm) to 1 (excited)";
        case Metric::mood: return "mood check-in, 1 (worst) to 10 (best)";
        case Metric::phq9: return "PHQ-9 total, 0 to 27";
        case Metric::gad7: return "GAD-7 total, 0 to 21";
        case Metric::distortions: return "cognitive distortions found in the day's entries";
        case Metric::crisis: return "highest crisis level, 0 (none) to 4 (behavior)";
    }
    return "";
}

std::string_view severity_name(Severity severity) {
    switch (severity) {
        case Severity::low: return "low";
        case Severity::moderate: return "moderate";
        case Severity::high: return "high";
        case Severity::urgent: return "urgent";
    }
    return "low";
}

namespace detail {

std::int64_t day_of(std::int64_t time_ms) {
    std::int64_t days = time_ms / kDayMs;
    if (time_ms % kDayMs < 0) --days;
    return days * kDayMs;
}

namespace {

struct Civil {
    std::int64_t year;
    int month;  // 1..12
    int day;    // 1..31
};

// Howard Hinnant's days_from_civil inverse ("chrono-Compatible Low-Level Date Algorithms").
Civil civil_from_day(std::int64_t day_ms) {
    const std::int64_t z = day_of(day_ms) / kDayMs + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {yoe + era * 400 + (month <= 2), month, day};
}

}  // namespace

std::string iso_date(std::int64_t day_ms) {
    const Civil c = civil_from_day(day_ms);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(c.year), c.month,
                  c.day);
    return buf;
}

std::string short_date(std::int64_t day_ms) {
    static constexpr std::array<std::string_view, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const Civil c = civil_from_day(day_ms);
    return std::to_string(c.day) + " " + std::string(kMonths[static_cast<std::size_t>(c.month - 1)]);
}

std::string fixed(double value, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    std::string s = buf;
    if (s.starts_with('-') && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
    return s;
}

const MetricInfo& metric_info(Metric metric) {
    // SD floors: about a tenth of each scale's range, below which day-to-day differences are
    // within what the instrument itself cannot tell apart (a compound moved by one mild word,
    // half a mood point, a PHQ-9/GAD-7 answer moved by one or two steps).
    static const std::array<MetricInfo, 7> kInfo = {{
        {"Valence", "valence_drop", -1, 0.10, 2},
        {"Arousal", "arousal_rise", +1, 0.05, 2},
        {"Mood", "mood_drop", -1, 0.75, 1},
        {"PHQ-9", "phq9_shift", +1, 1.5, 1},
        {"GAD-7", "gad7_shift", +1, 1.5, 1},
        {"Distortions", "", 0, 0.5, 1},
        {"Crisis level", "", 0, 0.5, 1},
    }};
    return kInfo[static_cast<std::size_t>(metric)];
}

std::string_view crisis_words(CrisisLevel level) {
    switch (level) {
        case CrisisLevel::none: return "";
        case CrisisLevel::passive: return "passive ideation";
        case CrisisLevel::active: return "active ideation";
        case CrisisLevel::plan: return "a suicide plan or intent";
        case CrisisLevel::behavior: return "suicidal or self-harm behaviour";
    }
    return "";
}

std::string_view band_words(Source questionnaire, int score) {
    if (score < 5) return "minimal";
    if (score < 10) return "mild";
    if (score < 15) return "moderate";
    if (questionnaire == Source::phq9 && score < 20) return "moderately severe";
    return "severe";
}

std::vector<const Observation*> in_time_order(std::span<const Observation> history) {
    std::vector<const Observation*> out;
    out.reserve(history.size());
    for (const auto& o : history) out.push_back(&o);
    std::stable_sort(out.begin(), out.end(), [](const Observation* a, const Observation* b) {
        return a->time_ms != b->time_ms ? a->time_ms < b->time_ms : a->id < b->id;
    });
    return out;
}

}  // namespace detail

namespace {

using detail::day_of;

// A journal entry that went through the text analysis (without consent it carries nothing).
bool analysed(const Observation& o) {
    return o.source == Source::journal &&
           (o.valence || o.arousal || o.crisis != CrisisLevel::none || o.distortions > 0 ||
            !o.top_emotions.empty());
}

// The value an observation gives a metric, if any.
std::optional<double> value_of(const Observation& o, Metric metric) {
    switch (metric) {
        case Metric::valence: return o.source == Source::journal ? o.valence : std::nullopt;
        case Metric::arousal: return o.source == Source::journal ? o.arousal : std::nullopt;
        case Metric::mood:
            return o.source == Source::mood && o.score ? std::optional<double>(*o.score)
                                                       : std::nullopt;
        case Metric::phq9:
            return o.source == Source::phq9 && o.score ? std::optional<double>(*o.score)
                                                       : std::nullopt;
        case Metric::gad7:
            return o.source == Source::gad7 && o.score ? std::optional<double>(*o.score)
                                                       : std::nullopt;
        case Metric::distortions:
            return analysed(o) ? std::optional<double>(o.distortions) : std::nullopt;
        case Metric::crisis:
            return analysed(o) || o.source == Source::chat
                       ? std::optional<double>(static_cast<int>(o.crisis))
                       : std::nullopt;
    }
    return std::nullopt;
}

}  // namespace

Timeline build_timeline(std::span<const Observation> history, std::int64_t from_ms,
                        std::int64_t to_ms) {
    constexpr std::size_t kMetrics = 7;
    Timeline t;
    t.series.resize(kMetrics);
    std::map<std::int64_t, DayEmotions> emotions;
    std::map<std::int64_t, std::map<std::string, double>> emotion_sums;
    std::map<std::int64_t, int> analysed_entries;
    for (std::size_t m = 0; m < kMetrics; ++m) t.series[m].metric = static_cast<Metric>(m);

    for (const Observation* o : detail::in_time_order(history)) {
        if (o->time_ms < from_ms || o->time_ms >= to_ms) continue;
        const std::int64_t day = day_of(o->time_ms);
        for (std::size_t m = 0; m < kMetrics; ++m) {
            const Metric metric = static_cast<Metric>(m);
            const auto v = value_of(*o, metric);
            if (!v) continue;
            Series& s = t.series[m];
            if (s.points.empty() || s.points.back().day_ms != day) s.points.push_back({day, 0, 0, {}});
            DayPoint& p = s.points.back();
            if (metric == Metric::crisis) {
                p.value = std::max(p.value, *v);
            } else if (metric == Metric::distortions) {
                p.value += *v;
            } else {
                p.value += (*v - p.value) / (p.n + 1);  // running mean
            }
            ++p.n;
            p.ids.push_back(o->id);
            ++s.observations;
        }
        if (analysed(*o)) {
            DayEmotions& e = emotions[day];
            e.day_ms = day;
            e.ids.push_back(o->id);
            ++analysed_entries[day];
            for (const auto& [label, p] : o->top_emotions) emotion_sums[day][label] += p;
        }
    }
    for (auto& [day, e] : emotions) {
        const double n = analysed_entries[day];
        for (const auto& [label, sum] : emotion_sums[day]) e.top.emplace_back(label, sum / n);
        std::sort(e.top.begin(), e.top.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        if (e.top.size() > 3) e.top.resize(3);
        t.emotions.push_back(std::move(e));
    }
    return t;
}

}  // namespace attune::tracking
