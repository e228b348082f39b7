// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <limits>

#include "tracking/internal.hpp"
#include "unit/tracking/history.hpp"

namespace attune::tracking {
namespace {

using namespace testing;

constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
constexpr auto kMax = std::numeric_limits<std::int64_t>::max();

const Series& series_of(const Timeline& t, Metric m) { return t.series[static_cast<std::size_t>(m)]; }

TEST(Timeline, DailyMeansTotalsAndMaximaWithIdsOldestFirst) {
    Observation late = journal("b", 0, 0.4, 18);
    late.distortions = 2;
    late.top_emotions = {{"sadness", 0.6}, {"fear", 0.2}};
    Observation early = journal("a", 0, 0.2, 9);
    early.distortions = 1;
    early.crisis = CrisisLevel::passive;
    early.top_emotions = {{"sadness", 0.4}, {"joy", 0.3}, {"neutral", 0.1}};
    Observation next_day = journal("c", 2, -0.1);
    next_day.top_emotions = {{"anger", 0.5}, {"joy", 0.1}, {"neutral", 0.4}, {"fear", 0.3}};
    Observation unanalysed;  // no consent: nothing but the id and time
    unanalysed.id = "u";
    unanalysed.time_ms = at(0, 10);
    const std::vector<Observation> history = {late, next_day, early, unanalysed,
                                              checkin("m1", Source::mood, 0, 4),
                                              checkin("m2", Source::mood, 0, 7),
                                              checkin("p1", Source::phq9, 2, 11)};
    const Timeline t = build_timeline(history, kMin, kMax);
    ASSERT_EQ(t.series.size(), 7u);
    for (std::size_t m = 0; m < t.series.size(); ++m) EXPECT_EQ(t.series[m].metric, static_cast<Metric>(m));

    const Series& v = series_of(t, Metric::valence);
    ASSERT_EQ(v.points.size(), 2u);
    EXPECT_EQ(v.points[0].day_ms, kDay0);
    EXPECT_NEAR(v.points[0].value, 0.3, 1e-12);
    EXPECT_EQ(v.points[0].n, 2);
    EXPECT_EQ(v.points[0].ids, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(v.points[1].day_ms, kDay0 + 2 * kDay);
    EXPECT_NEAR(v.points[1].value, -0.1, 1e-12);
    EXPECT_EQ(v.observations, 3);

    const Series& mood = series_of(t, Metric::mood);
    ASSERT_EQ(mood.points.size(), 1u);
    EXPECT_NEAR(mood.points[0].value, 5.5, 1e-12);
    EXPECT_EQ(series_of(t, Metric::phq9).points.at(0).value, 11);
    EXPECT_TRUE(series_of(t, Metric::gad7).points.empty());

    const Series& dist = series_of(t, Metric::distortions);
    ASSERT_EQ(dist.points.size(), 2u);
    EXPECT_EQ(dist.points[0].value, 3);  // the day's total
    EXPECT_EQ(dist.points[0].n, 2);      // the unanalysed entry does not count
    const Series& crisis = series_of(t, Metric::crisis);
    EXPECT_EQ(crisis.points[0].value, 1);  // the day's highest level: passive
    EXPECT_EQ(crisis.points[1].value, 0);

    ASSERT_EQ(t.emotions.size(), 2u);
    // Day 0: sadness (0.4 + 0.6) / 2, joy 0.3 / 2, fear 0.2 / 2, neutral 0.1 / 2.
    ASSERT_EQ(t.emotions[0].top.size(), 3u);
    EXPECT_EQ(t.emotions[0].top[0].first, "sadness");
    EXPECT_NEAR(t.emotions[0].top[0].second, 0.5, 1e-12);
    EXPECT_EQ(t.emotions[0].top[1].first, "joy");
    EXPECT_NEAR(t.emotions[0].top[1].second, 0.15, 1e-12);
    EXPECT_EQ(t.emotions[0].top[2].first, "fear");
    EXPECT_EQ(t.emotions[0].ids, (std::vector<std::string>{"a", "b"}));
    // Day 2: one entry with four labels: the three highest, highest first.
    EXPECT_EQ(t.emotions[1].top, (std::vector<std::pair<std::string, double>>{
                                     {"anger", 0.5}, {"neutral", 0.4}, {"fear", 0.3}}));
}

TEST(Timeline, KeepsOnlyTheHalfOpenRange) {
    const std::vector<Observation> history = {journal("a", 0, 0.1), journal("b", 1, 0.2),
                                              journal("c", 2, 0.3)};
    const Timeline t = build_timeline(history, at(1, 0), at(2, 0));
    const Series& v = series_of(t, Metric::valence);
    ASSERT_EQ(v.points.size(), 1u);
    EXPECT_EQ(v.points[0].ids, std::vector<std::string>{"b"});
    EXPECT_TRUE(build_timeline({}, kMin, kMax).emotions.empty());
}

TEST(Timeline, UtcDaysAndDatesInWords) {
    EXPECT_EQ(detail::day_of(at(3, 23)), kDay0 + 3 * kDay);
    EXPECT_EQ(detail::day_of(-1), -kDay);  // before 1970 the floor, not the truncation
    EXPECT_EQ(detail::iso_date(kDay0), "2026-11-02");
    EXPECT_EQ(detail::short_date(kDay0), "2 Nov");
    EXPECT_EQ(detail::iso_date(at(59)), "2026-12-31");
    EXPECT_EQ(detail::iso_date(at(60)), "2027-01-01");
    EXPECT_EQ(detail::iso_date(0), "1970-01-01");
    EXPECT_EQ(detail::iso_date(-kDay), "1969-12-31");
    EXPECT_EQ(detail::iso_date(951782400000), "2000-02-29");
    EXPECT_EQ(detail::fixed(-0.04, 1), "0.0");
    EXPECT_EQ(detail::fixed(1.84, 1), "1.8");
}

// A message to the companion is a point of the crisis series only: no valence, arousal,
// distortions or emotions, so a conversation's short replies do not move the baselines.
TEST(Timeline, ChatMessagesAreInTheCrisisSeriesOnly) {
    const std::vector<Observation> h = {journal("j", 0, 0.4), chat_message("m", 0, CrisisLevel::active),
                                        chat_message("m2", 1, CrisisLevel::passive)};
    const Timeline t = build_timeline(h, at(0, 0), at(2, 0));
    const Series& crisis = t.series[static_cast<std::size_t>(Metric::crisis)];
    ASSERT_EQ(crisis.points.size(), 2u);
    EXPECT_EQ(crisis.points[0].value, 2);  // active, over the entry's none
    EXPECT_EQ(crisis.points[0].ids, (std::vector<std::string>{"m", "j"}));
    EXPECT_EQ(crisis.points[1].value, 1);
    for (const Metric m : {Metric::valence, Metric::arousal, Metric::distortions}) {
        const Series& s = t.series[static_cast<std::size_t>(m)];
        ASSERT_EQ(s.points.size(), 1u) << metric_name(m);
        EXPECT_EQ(s.points[0].ids, std::vector<std::string>{"j"}) << metric_name(m);
    }
    ASSERT_EQ(t.emotions.size(), 1u);
    EXPECT_EQ(t.emotions[0].ids, std::vector<std::string>{"j"});
}

TEST(Timeline, Names) {
    EXPECT_EQ(source_name(Source::gad7), "gad7");
    EXPECT_EQ(source_name(Source::chat), "chat");
    EXPECT_EQ(metric_name(Metric::distortions), "distortions");
    EXPECT_EQ(severity_name(Severity::urgent), "urgent");
    EXPECT_FALSE(metric_unit(Metric::valence).empty());
}

}  // namespace
}  // namespace attune::tracking
