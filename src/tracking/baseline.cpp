// SPDX-License-Identifier: Apache-2.0
// Robust per-person baselines (median and scaled MAD) and the CUSUM run against them.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "tracking/internal.hpp"

namespace attune::tracking {
namespace {

double median_of(std::vector<double>& v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

Baseline baseline(const Series& series, std::int64_t day_ms, const BaselineOptions& options) {
    using detail::kDayMs;
    const std::int64_t day = detail::day_of(day_ms);
    const std::int64_t window_start = day - static_cast<std::int64_t>(options.window_days) * kDayMs;
    std::vector<double> values;
    for (const DayPoint& p : series.points) {
        if (p.day_ms >= day) break;
        if (p.day_ms >= window_start) values.push_back(p.value);
    }
    Baseline b;
    b.days = static_cast<int>(values.size());
    // The history is younger than the window: the window holds every day seen so far.
    b.cold_start = !series.points.empty() && series.points.front().day_ms > window_start;
    if (b.days < std::max(1, options.min_days)) return b;
    b.available = true;
    b.median = median_of(values);
    for (double& v : values) v = std::abs(v - b.median);
    // 1.4826 x MAD estimates the SD of normal data (Rousseeuw & Croux 1993) while a few extreme
    // days move it little; the floor keeps a very steady person from alarming on noise.
    b.sd = std::max(1.4826 * median_of(values), detail::metric_info(series.metric).sd_floor);
    return b;
}

namespace detail {

double robust_z(Metric metric, double value, const Baseline& baseline) {
    const double sd = baseline.sd * std::sqrt(1 + std::numbers::pi / (2.0 * baseline.days));
    return std::clamp(metric_info(metric).worse * (value - baseline.median) / sd, -kZClip, kZClip);
}

CusumTrace run_cusum(const Series& series, Metric metric, const AlertOptions& options) {
    const MetricInfo& info = metric_info(metric);
    ATTUNE_ASSERT(info.worse != 0, std::string(metric_name(metric)) + " has no change rule");
    const std::int64_t max_gap_ms = static_cast<std::int64_t>(options.baseline.window_days) * kDayMs;
    CusumTrace trace;
    double s = 0, sum_z = 0, sum_value = 0;
    int run_days = 0;
    std::optional<ChangeRun> run;
    std::optional<std::int64_t> last_day;
    std::int64_t quiet_until = std::numeric_limits<std::int64_t>::min();
    auto close_run = [&](ChangeRun& r) {
        r.mean_z = sum_z / run_days;
        r.mean_value = sum_value / run_days;
        r.statistic = s;
    };
    for (std::size_t i = 0; i < series.points.size(); ++i) {
        const DayPoint& p = series.points[i];
        if (s > 0 && last_day && p.day_ms - *last_day > max_gap_ms) {
            s = 0;
            run.reset();
        }
        last_day = p.day_ms;
        if (p.day_ms < quiet_until) continue;
        Baseline b;
        if (run) {
            b = run->baseline;
        } else {
            b = baseline(series, p.day_ms, options.baseline);
            if (!b.available) continue;
        }
        const double z = robust_z(metric, p.value, b);
        const double next = std::max(0.0, s + z - options.cusum_k);
        if (next <= 0) {
            s = 0;
            run.reset();
            continue;
        }
        if (!run) {
            run = ChangeRun{.onset = i, .alarm = i, .baseline = b};
            sum_z = sum_value = 0;
            run_days = 0;
        }
        s = next;
        sum_z += z;
        sum_value += p.value;
        ++run_days;
        if (s > options.cusum_h) {
            run->alarm = i;
            close_run(*run);
            trace.alarms.push_back(*run);
            quiet_until = p.day_ms + (static_cast<std::int64_t>(options.refractory_days) + 1) * kDayMs;
            s = 0;
            run.reset();
        }
    }
    trace.statistic = s;
    if (run) {
        run->alarm = series.points.size() - 1;
        close_run(*run);
        trace.open = run;
    }
    return trace;
}

}  // namespace detail
}  // namespace attune::tracking
