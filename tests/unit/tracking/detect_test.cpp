// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "unit/tracking/history.hpp"

namespace attune::tracking {
namespace {

using namespace testing;

// 30 days of valence cycling 0.1, 0.2, 0.3 (median 0.2, MAD 0.1, SD 0.14826).
std::vector<Observation> steady_month() {
    std::vector<Observation> h;
    for (int d = 0; d < 30; ++d) h.push_back(journal(id("j", d), d, 0.1 + 0.1 * (d % 3)));
    return h;
}

TEST(Detect, CrisisEntryAlertsAtOnceQuotingItsEvidence) {
    auto h = steady_month();
    h.push_back(crisis_entry("c1", 3, CrisisLevel::passive,
                             {"I wish I could just disappear", "no point in anything"}));
    const auto alerts = of_kind(detect(h), "crisis_language");
    ASSERT_EQ(alerts.size(), 1u);
    const Alert& a = alerts[0];
    EXPECT_EQ(a.key, "crisis_language:c1");
    EXPECT_EQ(a.severity, Severity::high);
    EXPECT_EQ(a.time_ms, at(3, 20));
    EXPECT_EQ(a.onset_ms, at(3, 20));
    EXPECT_EQ(a.summary, "Passive ideation in a journal entry on 5 Nov");
    EXPECT_EQ(a.explanation,
              "Passive ideation in a journal entry on 5 Nov: \"I wish I could just disappear\"; "
              "\"no point in anything\".");
    EXPECT_EQ(a.evidence_ids, std::vector<std::string>{"c1"});
    EXPECT_EQ(a.details["level"], "passive");
    // No baseline is needed: the first entry of a history alerts too.
    EXPECT_EQ(of_kind(detect(std::vector{crisis_entry("only", 0, CrisisLevel::active, {"x"})}),
                      "crisis_language").size(), 1u);
}

TEST(Detect, PlanAndBehaviorAreUrgentAndEachEntryAlertsOnce) {
    std::vector<Observation> h = {crisis_entry("p", 1, CrisisLevel::plan, {"I have the pills ready"}),
                                  crisis_entry("b", 2, CrisisLevel::behavior, {"I cut myself"}),
                                  crisis_entry("a", 3, CrisisLevel::active, {"I want to kill myself"}),
                                  journal("n", 4, 0.3)};
    const auto alerts = of_kind(detect(h), "crisis_language");
    ASSERT_EQ(alerts.size(), 3u);
    EXPECT_EQ(alerts[0].severity, Severity::urgent);
    EXPECT_EQ(alerts[0].summary, "A suicide plan or intent in a journal entry on 3 Nov");
    EXPECT_EQ(alerts[1].severity, Severity::urgent);
    EXPECT_EQ(alerts[2].severity, Severity::high);
    EXPECT_NE(alerts[2].explanation.find("2 earlier entries with crisis language in the 14 days before."),
              std::string::npos) << alerts[2].explanation;
}

// A message to the companion raised its own alert in its turn (companion_crisis_alert): detect()
// raises none for it, but a journal entry's crisis alert and a change alert count it as context.
TEST(Detect, ChatMessagesWithCrisisLanguageAreContextNotASecondAlert) {
    std::vector<Observation> h = {chat_message("m1", 1, CrisisLevel::active),
                                  chat_message("m2", 2, CrisisLevel::passive),
                                  crisis_entry("c", 3, CrisisLevel::passive, {"I wish I was gone"})};
    const auto alerts = detect(h);
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].key, "crisis_language:c");
    EXPECT_EQ(alerts[0].explanation,
              "Passive ideation in a journal entry on 5 Nov: \"I wish I was gone\". 2 earlier "
              "messages to the companion with crisis language in the 14 days before.");
    EXPECT_EQ(alerts[0].details["earlier_crisis_entries"], 0);
    EXPECT_EQ(alerts[0].details["earlier_crisis_messages"], 2);
    h.insert(h.begin(), crisis_entry("c0", 0, CrisisLevel::passive, {"x"}));
    EXPECT_NE(detect(h).back().explanation.find(
                  "1 earlier entry and 2 earlier messages to the companion with crisis language"),
              std::string::npos)
        << detect(h).back().explanation;
}

TEST(Detect, Phq9Item9IsHigh) {
    const auto alerts = detect(std::vector{checkin("q", Source::phq9, 5, 11, true)});
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].key, "phq9_item9:q");
    EXPECT_EQ(alerts[0].severity, Severity::high);
    EXPECT_NE(alerts[0].explanation.find("total 11 (moderate)"), std::string::npos);
}

TEST(Detect, QuestionnaireRisesOverThePreviousScore) {
    const std::vector<Observation> h = {
        checkin("p1", Source::phq9, 0, 8),  checkin("p2", Source::phq9, 14, 15),
        checkin("p3", Source::phq9, 28, 19), checkin("p4", Source::phq9, 42, 12),
        checkin("p5", Source::phq9, 56, 21), checkin("g1", Source::gad7, 0, 5),
        checkin("g2", Source::gad7, 14, 9),  checkin("g3", Source::gad7, 28, 12),
        checkin("g4", Source::gad7, 42, 16)};
    const auto alerts = detect(h);
    const auto phq = of_kind(alerts, "phq9_rise");
    ASSERT_EQ(phq.size(), 2u);  // 8 -> 15 and 12 -> 21; 15 -> 19 rose 4
    EXPECT_EQ(phq[0].key, "phq9_rise:p2");
    EXPECT_EQ(phq[0].severity, Severity::moderate);
    EXPECT_EQ(phq[0].summary, "PHQ-9 up from 8 to 15 (moderately severe)");
    EXPECT_EQ(phq[0].explanation,
              "PHQ-9 rose 7 points, from 8 on 2 Nov to 15 on 16 Nov, now moderately severe; a "
              "rise of 5 or more points is a reliable change.");
    EXPECT_EQ(phq[0].evidence_ids, (std::vector<std::string>{"p1", "p2"}));
    EXPECT_EQ(phq[0].details["previous"], 8);
    EXPECT_EQ(phq[0].details["current"], 15);
    EXPECT_EQ(phq[1].severity, Severity::high);  // 21: severe
    const auto gad = of_kind(alerts, "gad7_rise");
    ASSERT_EQ(gad.size(), 2u);  // 5 -> 9 and 12 -> 16; 9 -> 12 rose 3
    EXPECT_EQ(gad[0].severity, Severity::moderate);
    EXPECT_EQ(gad[1].severity, Severity::high);  // 16: severe
}

TEST(Detect, ChangeAlertExplainsItselfWithTheNumbers) {
    auto h = steady_month();
    // From 2 Dec (day 30) valence -0.1: against a 28-day baseline, z = (0.2 + 0.1) / (0.14826
    // x sqrt(1 + pi / 56)) = 1.97 a day, so a CUSUM with k 0.5 passes h 4 on the third day.
    const AlertOptions options{.baseline = {.window_days = 28, .min_days = 7}, .cusum_k = 0.5, .cusum_h = 4};
    const double z = 0.3 / (0.14826 * std::sqrt(1 + std::numbers::pi / 56));
    for (int d = 30; d < 36; ++d) h.push_back(journal(id("low", d), d, -0.1));
    h.push_back(crisis_entry("c1", 31, CrisisLevel::passive, {"I wish I was gone"}, -0.1));
    h.push_back(crisis_entry("c2", 31, CrisisLevel::passive, {"better off without me"}, -0.1));
    h.push_back(checkin("p0", Source::phq9, 20, 8));
    h.push_back(checkin("p1", Source::phq9, 31, 15));
    const auto drops = of_kind(detect(h, options), "valence_drop");
    ASSERT_EQ(drops.size(), 1u);
    const Alert& a = drops[0];
    EXPECT_EQ(a.key, "valence_drop:2026-12-02");
    EXPECT_EQ(a.summary, "Valence 2.0 SD below the 28-day baseline for 3 days");
    EXPECT_EQ(a.explanation,
              "Valence 2.0 SD below the 28-day baseline (median 0.20) for 3 days, from 2 Dec; "
              "2 entries with passive ideation; PHQ-9 up from 8 to 15.");
    EXPECT_EQ(a.severity, Severity::high);
    EXPECT_EQ(a.onset_ms, at(30, 0));
    EXPECT_EQ(a.time_ms, at(32, 12));
    EXPECT_EQ(a.evidence_ids, (std::vector<std::string>{"low30", "low31", "c1", "c2", "p1", "low32"}));
    EXPECT_NEAR(a.details["z"].get<double>(), -z, 1e-9);
    EXPECT_NEAR(a.details["cusum"]["statistic"].get<double>(), 3 * (z - 0.5), 1e-9);
    EXPECT_NEAR(a.details["baseline"]["median"].get<double>(), 0.2, 1e-12);
    EXPECT_NEAR(a.details["baseline"]["sd"].get<double>(), 0.14826, 1e-12);
    EXPECT_EQ(a.details["baseline"]["days"], 28);
    EXPECT_EQ(a.details["baseline"]["cold_start"], false);
    EXPECT_EQ(a.details["days"], 3);
    EXPECT_EQ(a.details["from"], "2026-12-02");
    EXPECT_EQ(a.details["to"], "2026-12-04");
    EXPECT_EQ(a.details["phq9"]["previous"], 8);
}

TEST(Detect, ChangeAlertCountsMessagesToTheCompanionInItsPeriod) {
    auto h = steady_month();
    const AlertOptions options{.baseline = {.window_days = 28, .min_days = 7}, .cusum_k = 0.5, .cusum_h = 4};
    for (int d = 30; d < 36; ++d) h.push_back(journal(id("low", d), d, -0.1));
    h.push_back(chat_message("m1", 31, CrisisLevel::active));
    h.push_back(chat_message("m0", 10, CrisisLevel::active));  // before the period: not counted
    const auto drops = of_kind(detect(h, options), "valence_drop");
    ASSERT_EQ(drops.size(), 1u);
    EXPECT_EQ(drops[0].explanation,
              "Valence 2.0 SD below the 28-day baseline (median 0.20) for 3 days, from 2 Dec; "
              "1 message to the companion with active ideation.");
    EXPECT_EQ(drops[0].severity, Severity::high);
    EXPECT_EQ(drops[0].details["crisis_messages"], 1);
    EXPECT_FALSE(drops[0].details.contains("crisis_entries"));
    EXPECT_EQ(drops[0].evidence_ids, (std::vector<std::string>{"low30", "m1", "low31", "low32"}));
}

TEST(Detect, MoodDropsAndArousalRises) {
    std::vector<Observation> h;
    for (int d = 0; d < 30; ++d) {
        h.push_back(checkin(id("m", d), Source::mood, d, 6 + d % 2));
        Observation j = journal(id("j", d), d, 0.2);
        j.arousal = 0.4 + 0.02 * (d % 3);
        h.push_back(j);
    }
    for (int d = 30; d < 36; ++d) {
        h.push_back(checkin(id("m", d), Source::mood, d, 3));
        Observation j = journal(id("j", d), d, 0.2);
        j.arousal = 0.7;
        h.push_back(j);
    }
    const auto alerts = detect(h);
    ASSERT_EQ(of_kind(alerts, "mood_drop").size(), 1u);
    EXPECT_EQ(of_kind(alerts, "mood_drop")[0].summary.rfind("Mood ", 0), 0u);
    ASSERT_EQ(of_kind(alerts, "arousal_rise").size(), 1u);
    EXPECT_NE(of_kind(alerts, "arousal_rise")[0].summary.find("SD above the 30-day baseline"),
              std::string::npos);
    EXPECT_TRUE(of_kind(alerts, "valence_drop").empty());
}

TEST(Detect, AlertsOfTheFirst60DaysStayTheSameOver90Days) {
    SimulationOptions sim;
    sim.patients = 12;
    sim.days = 120;
    auto patients = simulate_patients(sim);
    ASSERT_TRUE(patients.is_ok());
    std::size_t compared = 0;
    for (const auto& p : *patients) {
        const std::int64_t cut60 = p.start_ms + 60 * kDay, cut90 = p.start_ms + 90 * kDay;
        std::vector<Observation> first60, first90;
        for (const auto& o : p.history) {
            if (o.time_ms < cut60) first60.push_back(o);
            if (o.time_ms < cut90) first90.push_back(o);
        }
        const auto short_run = detect(first60);
        std::vector<Alert> long_run;
        for (const auto& a : detect(first90))
            if (a.time_ms < cut60) long_run.push_back(a);
        ASSERT_EQ(short_run.size(), long_run.size()) << p.id;
        for (std::size_t i = 0; i < short_run.size(); ++i) {
            EXPECT_EQ(short_run[i].key, long_run[i].key);
            EXPECT_EQ(short_run[i].severity, long_run[i].severity);
            EXPECT_EQ(short_run[i].time_ms, long_run[i].time_ms);
            EXPECT_EQ(short_run[i].summary, long_run[i].summary);
            EXPECT_EQ(short_run[i].explanation, long_run[i].explanation);
            EXPECT_EQ(short_run[i].evidence_ids, long_run[i].evidence_ids);
            EXPECT_EQ(short_run[i].details, long_run[i].details);
        }
        compared += short_run.size();
    }
    EXPECT_GT(compared, 5u);  // the comparison covered real alerts
}

// Issue #6: crisis language said to the companion alerts as a journal entry's would, saying
// where it was said and what the person was shown.
TEST(Detect, CompanionCrisisAlertQuotesTheMessageAndSaysWhereItWasSaid) {
    const Alert a = companion_crisis_alert("m1", at(3, 20), CrisisLevel::passive,
                                           {"I wish I could just disappear"}, false);
    EXPECT_EQ(a.key, "companion_crisis:m1");
    EXPECT_EQ(a.kind, "companion_crisis");
    EXPECT_EQ(a.severity, Severity::high);
    EXPECT_EQ(a.time_ms, at(3, 20));
    EXPECT_EQ(a.onset_ms, at(3, 20));
    EXPECT_EQ(a.evidence_ids, std::vector<std::string>{"m1"});
    EXPECT_EQ(a.summary, "Passive ideation in a conversation with the companion on 5 Nov");
    EXPECT_EQ(a.explanation,
              "Passive ideation in a conversation with the companion on 5 Nov: \"I wish I could "
              "just disappear\". The companion left any exercise and showed the person their "
              "safety plan and crisis lines.");
    EXPECT_EQ(a.details["source"], "companion");
    EXPECT_EQ(a.details["level"], "passive");
    const Alert urgent = companion_crisis_alert("m2", at(4, 1), CrisisLevel::plan, {}, true);
    EXPECT_EQ(urgent.severity, Severity::urgent);
    EXPECT_NE(urgent.explanation.find("no phrase recorded"), std::string::npos);
    EXPECT_NE(urgent.explanation.find("emergency number first"), std::string::npos);
}

TEST(Detect, OrderedByTimeThenKeyWhateverTheInputOrder) {
    auto h = steady_month();
    h.push_back(crisis_entry("c1", 10, CrisisLevel::passive, {"x"}));
    h.push_back(checkin("p1", Source::phq9, 2, 4));
    h.push_back(checkin("p2", Source::phq9, 10, 12, true));
    std::reverse(h.begin(), h.end());
    const auto alerts = detect(h);
    ASSERT_EQ(alerts.size(), 3u);
    EXPECT_EQ(alerts[0].key, "crisis_language:c1");
    EXPECT_EQ(alerts[1].key, "phq9_item9:p2");
    EXPECT_EQ(alerts[2].key, "phq9_rise:p2");
}

}  // namespace
}  // namespace attune::tracking
