// SPDX-License-Identifier: Apache-2.0
// The alert rules: immediate rules per record, and CUSUM change alerts per metric.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include "tracking/internal.hpp"

namespace attune::tracking {
namespace {

using detail::day_of;
using detail::fixed;
using detail::kDayMs;
using detail::short_date;

// Crisis entries seen this many days before an entry are counted in its explanation.
constexpr int kCrisisContextDays = 14;

std::string capitalised(std::string_view s) {
    std::string out(s);
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

std::string plural(int n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string questionnaire_label(Source source) { return source == Source::phq9 ? "PHQ-9" : "GAD-7"; }

Alert entry_alert(std::string kind, const Observation& o, Severity severity) {
    Alert a;
    a.key = kind + ":" + o.id;
    a.kind = std::move(kind);
    a.severity = severity;
    a.time_ms = a.onset_ms = o.time_ms;
    a.evidence_ids = {o.id};
    return a;
}

Alert crisis_alert(const Observation& o, int earlier_crisis_entries, int earlier_crisis_messages) {
    const bool urgent = o.crisis >= CrisisLevel::plan;
    Alert a = entry_alert("crisis_language", o, urgent ? Severity::urgent : Severity::high);
    const std::string date = short_date(day_of(o.time_ms));
    a.summary = capitalised(detail::crisis_words(o.crisis)) + " in a journal entry on " + date;
    a.explanation = a.summary + ":";
    if (o.crisis_evidence.empty()) a.explanation += " no phrase recorded";
    for (std::size_t i = 0; i < o.crisis_evidence.size(); ++i)
        a.explanation += std::string(i ? "; " : " ") + "\"" + o.crisis_evidence[i] + "\"";
    a.explanation += ".";
    std::vector<std::string> earlier;
    if (earlier_crisis_entries > 0)
        earlier.push_back(plural(earlier_crisis_entries, "earlier entry", "earlier entries"));
    if (earlier_crisis_messages > 0)
        earlier.push_back(plural(earlier_crisis_messages, "earlier message", "earlier messages") +
                          " to the companion");
    if (!earlier.empty())
        a.explanation += " " + earlier.front() + (earlier.size() > 1 ? " and " + earlier[1] : "") +
                         " with crisis language in the " + std::to_string(kCrisisContextDays) +
                         " days before.";
    a.details = {{"level", crisis_level_name(o.crisis)},
                 {"evidence", o.crisis_evidence},
                 {"date", detail::iso_date(day_of(o.time_ms))},
                 {"earlier_crisis_entries", earlier_crisis_entries},
                 {"earlier_crisis_messages", earlier_crisis_messages}};
    return a;
}

Alert item9_alert(const Observation& o) {
    Alert a = entry_alert("phq9_item9", o, Severity::high);
    const std::int64_t day = day_of(o.time_ms);
    a.summary = "PHQ-9 item 9 positive on " + short_date(day);
    a.explanation = "PHQ-9 on " + short_date(day) +
                    ": item 9 (thoughts that you would be better off dead, or of hurting "
                    "yourself) answered above 0";
    if (o.score)
        a.explanation += "; total " + std::to_string(*o.score) + " (" +
                         std::string(detail::band_words(Source::phq9, *o.score)) + ")";
    a.explanation += ".";
    a.details = {{"date", detail::iso_date(day)}};
    if (o.score) a.details["current"] = *o.score;
    return a;
}

Alert rise_alert(const Observation& previous, const Observation& o, int threshold) {
    const bool phq9 = o.source == Source::phq9;
    const int severe = phq9 ? 20 : 15, before = *previous.score, now = *o.score;
    Alert a = entry_alert(phq9 ? "phq9_rise" : "gad7_rise", o,
                          now >= severe ? Severity::high : Severity::moderate);
    const std::string label = questionnaire_label(o.source);
    const std::string band(detail::band_words(o.source, now));
    a.onset_ms = previous.time_ms;
    a.evidence_ids = {previous.id, o.id};
    a.summary = label + " up from " + std::to_string(before) + " to " + std::to_string(now) +
                " (" + band + ")";
    a.explanation = label + " rose " + plural(now - before, "point", "points") + ", from " +
                    std::to_string(before) + " on " + short_date(day_of(previous.time_ms)) +
                    " to " + std::to_string(now) + " on " + short_date(day_of(o.time_ms)) +
                    ", now " + band + "; a rise of " + std::to_string(threshold) +
                    " or more points is a reliable change.";
    a.details = {{"previous", before},
                 {"current", now},
                 {"rise", now - before},
                 {"from", detail::iso_date(day_of(previous.time_ms))},
                 {"to", detail::iso_date(day_of(o.time_ms))},
                 {"band", band}};
    return a;
}

// Per-record rules, in time order.
void immediate_alerts(const std::vector<const Observation*>& ordered, const AlertOptions& options,
                      std::vector<Alert>& out) {
    std::map<Source, std::vector<std::int64_t>> crisis_times;  // journal, chat
    std::map<Source, const Observation*> previous;
    for (const Observation* o : ordered) {
        if (detail::crisis_record(*o)) {
            // A message's alert was raised by the companion's turn; it is context here.
            if (o->source == Source::journal) {
                const std::int64_t since = o->time_ms - kCrisisContextDays * kDayMs;
                const auto earlier = [&](Source source) {
                    const auto& times = crisis_times[source];
                    return static_cast<int>(std::count_if(times.begin(), times.end(),
                                                          [&](std::int64_t t) { return t >= since; }));
                };
                out.push_back(crisis_alert(*o, earlier(Source::journal), earlier(Source::chat)));
            }
            crisis_times[o->source].push_back(o->time_ms);
        }
        if (o->source == Source::phq9 && o->item9_positive) out.push_back(item9_alert(*o));
        if ((o->source == Source::phq9 || o->source == Source::gad7) && o->score) {
            const int threshold = o->source == Source::phq9 ? options.phq9_rise : options.gad7_rise;
            const Observation* prev = previous[o->source];
            if (prev && *o->score - *prev->score >= threshold)
                out.push_back(rise_alert(*prev, *o, threshold));
            previous[o->source] = o;
        }
    }
}

// What else happened in [from_day, to_day]: crisis entries and messages and questionnaire
// changes, for a change alert's explanation and severity.
struct Context {
    std::string sentences;
    int crisis_entries = 0;
    int crisis_messages = 0;
    std::vector<std::string> ids;
    nlohmann::ordered_json details = nlohmann::ordered_json::object();
};

Context context_of(const std::vector<const Observation*>& ordered, std::int64_t from_day,
                   std::int64_t to_day) {
    Context c;
    const std::int64_t end = to_day + kDayMs;
    std::map<CrisisLevel, int, std::greater<>> by_level, messages_by_level;
    std::map<Source, std::pair<const Observation*, const Observation*>> scores;  // before, last
    for (const Observation* o : ordered) {
        if (o->time_ms >= end) break;
        const bool in_period = o->time_ms >= from_day;
        if ((o->source == Source::phq9 || o->source == Source::gad7) && o->score) {
            auto& [before, last] = scores[o->source];
            if (!in_period) before = o;
            else last = o;
            if (in_period) c.ids.push_back(o->id);
        }
        if (in_period && detail::crisis_record(*o)) {
            const bool entry = o->source == Source::journal;
            ++(entry ? by_level : messages_by_level)[o->crisis];
            ++(entry ? c.crisis_entries : c.crisis_messages);
            c.ids.push_back(o->id);
        }
    }
    for (const auto& [level, n] : by_level)
        c.sentences += "; " + plural(n, "entry", "entries") + " with " +
                       std::string(detail::crisis_words(level));
    for (const auto& [level, n] : messages_by_level)
        c.sentences += "; " + plural(n, "message", "messages") + " to the companion with " +
                       std::string(detail::crisis_words(level));
    if (c.crisis_entries) c.details["crisis_entries"] = c.crisis_entries;
    if (c.crisis_messages) c.details["crisis_messages"] = c.crisis_messages;
    for (const Source s : {Source::phq9, Source::gad7}) {
        const auto it = scores.find(s);
        if (it == scores.end() || !it->second.second) continue;
        const auto [before, last] = it->second;
        const std::string label = questionnaire_label(s);
        const int now = *last->score;
        nlohmann::ordered_json d = {{"current", now}};
        if (!before) {
            c.sentences += "; " + label + " " + std::to_string(now);
        } else {
            const int then = *before->score;
            d["previous"] = then;
            c.sentences += "; " + label + " " +
                           (now == then ? "unchanged at " + std::to_string(now)
                                        : std::string(now > then ? "up" : "down") + " from " +
                                              std::to_string(then) + " to " + std::to_string(now));
        }
        c.details[std::string(source_name(s))] = std::move(d);
    }
    return c;
}

Alert change_alert(const Series& series, Metric metric, const detail::ChangeRun& run,
                   const std::vector<const Observation*>& ordered,
                   const std::unordered_map<std::string_view, const Observation*>& by_id,
                   const AlertOptions& options) {
    const detail::MetricInfo& info = detail::metric_info(metric);
    const DayPoint& onset = series.points[run.onset];
    const DayPoint& alarm = series.points[run.alarm];
    const int days = static_cast<int>((alarm.day_ms - onset.day_ms) / kDayMs) + 1;
    // A cold-start baseline covers the days from the first day with data to the onset.
    const int baseline_days =
        run.baseline.cold_start
            ? static_cast<int>((onset.day_ms - series.points.front().day_ms) / kDayMs)
            : options.baseline.window_days;
    const std::string direction = info.worse < 0 ? "below" : "above";
    const std::string sd_words = fixed(run.mean_z, 1) + " SD " + direction + " the " +
                                 std::to_string(baseline_days) + "-day baseline";
    const std::string for_days = " for " + plural(days, "day", "days");
    const Context context = context_of(ordered, onset.day_ms, alarm.day_ms);

    Alert a;
    a.kind = std::string(info.alert_kind);
    a.key = a.kind + ":" + detail::iso_date(onset.day_ms);
    a.severity = run.mean_z >= 2 || context.crisis_entries + context.crisis_messages > 0
                     ? Severity::high
                     : Severity::moderate;
    a.onset_ms = onset.day_ms;
    a.time_ms = alarm.day_ms;
    for (const auto& id : alarm.ids)
        if (const auto it = by_id.find(id); it != by_id.end())
            a.time_ms = std::max(a.time_ms, it->second->time_ms);
    a.summary = std::string(info.label) + " " + sd_words + for_days;
    a.explanation = std::string(info.label) + " " + sd_words + " (median " +
                    fixed(run.baseline.median, info.decimals) + ")" + for_days + ", from " +
                    short_date(onset.day_ms) + context.sentences + ".";

    std::vector<std::string> ids = context.ids;
    for (std::size_t i = run.onset; i <= run.alarm; ++i)
        ids.insert(ids.end(), series.points[i].ids.begin(), series.points[i].ids.end());
    auto time_of = [&](const std::string& id) {
        const auto it = by_id.find(id);
        return it == by_id.end() ? std::numeric_limits<std::int64_t>::max() : it->second->time_ms;
    };
    std::sort(ids.begin(), ids.end(), [&](const std::string& x, const std::string& y) {
        const auto tx = time_of(x), ty = time_of(y);
        return tx != ty ? tx < ty : x < y;
    });
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    a.evidence_ids = std::move(ids);

    a.details = {
        {"metric", metric_name(metric)},
        {"baseline",
         {{"median", run.baseline.median},
          {"sd", run.baseline.sd},
          {"days", run.baseline.days},
          {"cold_start", run.baseline.cold_start}}},
        {"value", run.mean_value},
        {"z", info.worse * run.mean_z},
        {"days", days},
        {"days_with_data", static_cast<int>(run.alarm - run.onset + 1)},
        {"from", detail::iso_date(onset.day_ms)},
        {"to", detail::iso_date(alarm.day_ms)},
        {"cusum", {{"statistic", run.statistic}, {"k", options.cusum_k}, {"h", options.cusum_h}}},
    };
    for (const auto& [k, v] : context.details.items()) a.details[k] = v;
    return a;
}

}  // namespace

Alert companion_crisis_alert(const std::string& message_id, std::int64_t time_ms,
                             CrisisLevel level, const std::vector<std::string>& evidence,
                             bool urgent) {
    Observation o;
    o.id = message_id;
    o.time_ms = time_ms;
    Alert a = entry_alert("companion_crisis", o, urgent ? Severity::urgent : Severity::high);
    const std::string date = short_date(day_of(time_ms));
    a.summary = capitalised(detail::crisis_words(level)) +
                " in a conversation with the companion on " + date;
    a.explanation = a.summary + ":";
    if (evidence.empty()) a.explanation += " no phrase recorded";
    for (std::size_t i = 0; i < evidence.size(); ++i)
        a.explanation += std::string(i ? "; " : " ") + "\"" + evidence[i] + "\"";
    a.explanation +=
        ". The companion left any exercise and showed the person their safety plan and crisis "
        "lines" +
        std::string(urgent ? ", emergency number first." : ".");
    a.details = {{"source", "companion"},
                 {"level", crisis_level_name(level)},
                 {"evidence", evidence},
                 {"date", detail::iso_date(day_of(time_ms))}};
    return a;
}

std::vector<Alert> detect(std::span<const Observation> history, const AlertOptions& options) {
    const auto ordered = detail::in_time_order(history);
    std::vector<Alert> alerts;
    immediate_alerts(ordered, options, alerts);

    std::unordered_map<std::string_view, const Observation*> by_id;
    for (const Observation* o : ordered) by_id.emplace(o->id, o);
    const Timeline timeline = build_timeline(history, std::numeric_limits<std::int64_t>::min(),
                                             std::numeric_limits<std::int64_t>::max());
    for (const Metric metric : detail::kChangeMetrics) {
        const Series& series = timeline.series[static_cast<std::size_t>(metric)];
        for (const auto& run : detail::run_cusum(series, metric, options).alarms)
            alerts.push_back(change_alert(series, metric, run, ordered, by_id, options));
    }
    std::sort(alerts.begin(), alerts.end(), [](const Alert& a, const Alert& b) {
        return a.time_ms != b.time_ms ? a.time_ms < b.time_ms : a.key < b.key;
    });
    return alerts;
}

}  // namespace attune::tracking
