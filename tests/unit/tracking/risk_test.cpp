// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "unit/tracking/history.hpp"

namespace attune::tracking {
namespace {

using namespace testing;

std::vector<Observation> steady(int days = 60) { return noisy_journal(0, days, 0.2, 0.1, 7); }

TEST(Risk, PlanYesterdayAboveModeratePhq9AboveSteady) {
    auto plan = steady();
    plan.push_back(crisis_entry("c", 59, CrisisLevel::plan, {"I have the pills ready"}));
    auto phq = steady();
    phq.push_back(checkin("p", Source::phq9, 57, 12));
    const auto now = at(60, 9);
    const Risk r_plan = current_risk(plan, now), r_phq = current_risk(phq, now),
               r_steady = current_risk(steady(), now);
    EXPECT_GT(r_plan.score, r_phq.score);
    EXPECT_GT(r_phq.score, r_steady.score);
    EXPECT_EQ(r_plan.level, Severity::urgent);
    EXPECT_EQ(r_plan.reason, "a suicide plan or intent in an entry yesterday");
    EXPECT_EQ(r_phq.level, Severity::moderate);
    EXPECT_EQ(r_phq.reason, "PHQ-9 12 (moderate) on 29 Dec");
    EXPECT_EQ(r_steady.level, Severity::low);
    EXPECT_EQ(r_steady.reason, "no warning signs");
    for (const Risk& r : {r_plan, r_phq, r_steady}) {
        EXPECT_GE(r.score, 0.0);
        EXPECT_LE(r.score, 1.0);
    }
}

TEST(Risk, CrisisEntriesFadeWithAge) {
    auto recent = steady(), old = steady();
    recent.push_back(crisis_entry("c", 58, CrisisLevel::passive, {"x"}));
    old.push_back(crisis_entry("c", 20, CrisisLevel::passive, {"x"}));
    const Risk r_recent = current_risk(recent, at(60, 20)), r_old = current_risk(old, at(60, 20));
    EXPECT_EQ(r_recent.level, Severity::high);  // 0.5 x 0.5^(2/14)
    EXPECT_EQ(r_recent.reason, "passive ideation in an entry 2 days ago");
    EXPECT_LT(r_old.score, 0.1);  // 40 days: under a seventh of it
}

TEST(Risk, CrisisLanguageToTheCompanionCountsLikeAnEntry) {
    auto h = steady();
    h.push_back(chat_message("m", 58, CrisisLevel::passive, 20));
    const Risk r = current_risk(h, at(60, 20));
    auto entry = steady();
    entry.push_back(crisis_entry("c", 58, CrisisLevel::passive, {"x"}, 0.2));  // steady valence
    EXPECT_EQ(r.level, Severity::high);
    EXPECT_DOUBLE_EQ(r.score, current_risk(entry, at(60, 20)).score);
    EXPECT_EQ(r.reason, "passive ideation in a message to the companion 2 days ago");
    // The strongest sign is the reason, whichever record it is in.
    h.push_back(crisis_entry("c", 59, CrisisLevel::plan, {"x"}));
    EXPECT_EQ(current_risk(h, at(60, 20)).reason, "a suicide plan or intent in an entry yesterday");
}

TEST(Risk, RecordsAfterNowDoNotCount) {
    auto h = steady();
    h.push_back(crisis_entry("c", 59, CrisisLevel::behavior, {"x"}));
    EXPECT_EQ(current_risk(h, at(58)).level, Severity::low);
    EXPECT_EQ(current_risk(h, at(59, 21)).level, Severity::urgent);
}

TEST(Risk, ValenceBelowBaselineThisWeek) {
    auto h = steady();
    for (int d = 60; d < 66; ++d) h.push_back(journal(id("low", d), d, -0.2));
    const Risk r = current_risk(h, at(65, 20));
    EXPECT_GE(r.level, Severity::moderate);
    EXPECT_NE(r.reason.find("valence "), std::string::npos) << r.reason;
    EXPECT_NE(r.reason.find("SD below baseline over the last 7 days"), std::string::npos) << r.reason;
}

TEST(Risk, ItemNineAndSevereScoresRaiseIt) {
    auto h = steady();
    h.push_back(checkin("p", Source::phq9, 58, 22, true));
    const Risk r = current_risk(h, at(60));
    EXPECT_EQ(r.level, Severity::urgent);  // 0.60 and 0.55, two days old, together
    EXPECT_EQ(r.reason, "PHQ-9 item 9 positive on 30 Dec");
}

TEST(Risk, PeakRiskRemembersWhatCurrentRiskForgets) {
    auto h = steady(120);
    h.push_back(crisis_entry("c", 10, CrisisLevel::plan, {"x"}));
    const Risk peak = peak_risk(h);
    EXPECT_EQ(peak.level, Severity::urgent);
    EXPECT_EQ(peak.reason, "a suicide plan or intent in an entry today");
    EXPECT_EQ(current_risk(h, at(120)).level, Severity::low);
    EXPECT_EQ(peak_risk({}).reason, "no warning signs");
}

}  // namespace
}  // namespace attune::tracking
