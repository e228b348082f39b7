// SPDX-License-Identifier: Apache-2.0
// The journey and early warning through the platform (src/platform/journey.cpp): alerts raised
// at once for crisis language and PHQ-9 item 9, who may see and act on them, sealing, the
// journey's series and baselines, the clinician's ranking, export and erasure.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <attune/platform.hpp>

#include "support/analyzer.hpp"

namespace attune::platform {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::string_view kIdeation = "Some nights I wish I could go to sleep and not wake up.";

class JourneyTest : public ::testing::Test {
protected:
    // tracking_interval_ms 0: every record is tracked (a whole pass) before the call returns.
    void reopen(std::int64_t tracking_interval_ms) {
        p_.reset();
        Options o;
        o.data_dir = dir_.path();
        o.analyzer = test::shared_analyzer();
        o.password_cost = privacy::KdfCost::interactive;
        o.clock = [this] { return now_.load(); };
        o.tracking_interval_ms = tracking_interval_ms;
        auto p = Platform::open(std::move(o));
        ASSERT_TRUE(p.is_ok()) << p.status().to_string();
        p_ = std::move(p).value();
    }

    void SetUp() override {
        reopen(0);
        pat_ = user(Role::patient, "pat");
        other_ = user(Role::patient, "other");
        doc_ = user(Role::clinician, "doc");
        stranger_ = user(Role::clinician, "stranger");
        ASSERT_TRUE(p_->assign("doc", "pat"));
        ASSERT_TRUE(p_->update_consent(pat_, {true, false, false, false, true}));
    }

    Principal user(Role role, const std::string& name) {
        auto u = p_->add_user(role, name, "password-" + name);
        EXPECT_TRUE(u.is_ok()) << u.status().to_string();
        return {u->id, u->username, role};
    }

    std::string data_files() {
        std::string all;
        for (const auto& f : std::filesystem::directory_iterator(dir_.path())) {
            std::ifstream in(f.path(), std::ios::binary);
            all.append(std::istreambuf_iterator<char>(in), {});
        }
        return all;
    }

    test::TempDir dir_;
    std::atomic<std::int64_t> now_{1'780'000'000'000};
    std::unique_ptr<Platform> p_;
    Principal pat_, other_, doc_, stranger_;
};

TEST_F(JourneyTest, CrisisLanguageRaisesAnAlertAtOnceThatQuotesItsWords) {
    reopen(3'600'000);  // no background pass during the test: the alert is the urgent path's
    auto e = p_->add_journal_entry(pat_, std::string(kIdeation));
    ASSERT_TRUE(e.is_ok()) << e.status().to_string();
    auto alerts = p_->alerts(doc_, {});
    ASSERT_TRUE(alerts.is_ok()) << alerts.status().to_string();
    ASSERT_EQ(alerts->size(), 1u);
    const auto& a = (*alerts)[0];
    EXPECT_EQ(a.row.kind, "crisis_language");
    EXPECT_EQ(a.row.patient_id, pat_.id);
    EXPECT_EQ(a.patient_username, "pat");
    EXPECT_GE(a.row.severity, static_cast<int>(tracking::Severity::high));
    EXPECT_EQ(a.row.status, store::AlertStatus::open);
    EXPECT_NE(a.explanation.find("not wake up"), std::string::npos) << a.explanation;
    EXPECT_EQ(a.evidence_ids, std::vector<std::string>{e->id});
    // Tracking again finds the same alert and stores nothing new.
    EXPECT_EQ(*p_->track(pat_.id), 0);
    EXPECT_EQ(p_->alerts(doc_, {})->size(), 1u);
    // What the alert says is sealed: the quoted words are nowhere in the data directory.
    EXPECT_EQ(data_files().find("not wake up"), std::string::npos);
}

TEST_F(JourneyTest, Phq9ItemNineRaisesAnAlertWhateverTheTotal) {
    reopen(3'600'000);
    CheckInRequest phq;
    phq.kind = "phq9";
    phq.answers = {0, 0, 0, 0, 0, 0, 0, 0, 1};
    ASSERT_TRUE(p_->add_check_in(pat_, phq).is_ok());
    auto alerts = p_->alerts(doc_, {});
    ASSERT_TRUE(alerts.is_ok());
    ASSERT_EQ(alerts->size(), 1u);
    EXPECT_EQ((*alerts)[0].row.kind, "phq9_item9");
}

TEST_F(JourneyTest, OnlyTheAssignedSharingClinicianSeesAndActsOnAlerts) {
    ASSERT_TRUE(p_->add_journal_entry(pat_, std::string(kIdeation)).is_ok());
    const std::string id = (*p_->alerts(doc_, {}))[0].row.id;

    EXPECT_EQ(p_->alerts(pat_, {}).status().code(), StatusCode::permission_denied);
    EXPECT_TRUE(p_->alerts(stranger_, {})->empty());
    AlertFilter theirs;
    theirs.patient_id = pat_.id;
    EXPECT_EQ(p_->alerts(stranger_, theirs).status().code(), StatusCode::permission_denied);
    EXPECT_EQ(p_->set_alert_status(stranger_, id, store::AlertStatus::acknowledged).status().code(),
              StatusCode::permission_denied);
    EXPECT_EQ(p_->annotate_alert(pat_, id, "x").status().code(), StatusCode::permission_denied);
    EXPECT_EQ(p_->set_alert_status(doc_, "no-such-alert", store::AlertStatus::acknowledged)
                  .status()
                  .code(),
              StatusCode::not_found);

    auto ack = p_->set_alert_status(doc_, id, store::AlertStatus::acknowledged, "Called, safe.");
    ASSERT_TRUE(ack.is_ok()) << ack.status().to_string();
    EXPECT_EQ(ack->row.status, store::AlertStatus::acknowledged);
    EXPECT_EQ(ack->acknowledged_by, "doc");
    ASSERT_EQ(ack->notes.size(), 1u);
    EXPECT_EQ(ack->notes[0].text, "Called, safe.");
    EXPECT_EQ(p_->annotate_alert(doc_, id, "").status().code(), StatusCode::invalid_argument);
    auto noted = p_->annotate_alert(doc_, id, "Safety plan reviewed.");
    ASSERT_TRUE(noted.is_ok());
    EXPECT_EQ(noted->notes.size(), 2u);
    EXPECT_TRUE(p_->alerts(doc_, {})->empty());  // open only, by default
    auto dismissed = p_->set_alert_status(doc_, id, store::AlertStatus::dismissed, "Song lyrics.");
    ASSERT_TRUE(dismissed.is_ok());
    EXPECT_EQ(dismissed->dismissed_by, "doc");
    EXPECT_EQ(dismissed->dismissed_reason, "Song lyrics.");

    // Withdrawing consent to share hides them again.
    ASSERT_TRUE(p_->update_consent(pat_, {.share_with_clinician = false}));
    AlertFilter all;
    all.status.reset();
    EXPECT_TRUE(p_->alerts(doc_, all)->empty());
    EXPECT_EQ(p_->set_alert_status(doc_, id, store::AlertStatus::open).status().code(),
              StatusCode::permission_denied);

    // Every action was audited, the refusals included.
    int acted = 0, refused = 0;
    const auto log = p_->store().audit_log(1, 10'000);
    ASSERT_TRUE(log.is_ok());
    for (const auto& r : *log) {
        if (r.entry.action.starts_with("alert.") && r.entry.action != "alert.create" &&
            r.entry.action != "alert.read")
            (r.entry.outcome == "ok" ? acted : refused) += 1;
    }
    EXPECT_EQ(acted, 3);
    EXPECT_GE(refused, 4);
}

TEST_F(JourneyTest, TheJourneyHasDailySeriesBaselinesAndTheClinicianSeesItsAlerts) {
    const std::int64_t start = now_.load();
    for (int day = 0; day < 20; ++day) {
        now_ = start + day * kDayMs;
        const bool low = day >= 14;
        ASSERT_TRUE(p_->add_journal_entry(pat_, low ? "I feel hopeless and empty, nothing helps."
                                                    : "I had a lovely calm day with friends.")
                        .is_ok());
        CheckInRequest mood;
        mood.kind = "mood";
        mood.mood = low ? 2 : 7;
        ASSERT_TRUE(p_->add_check_in(pat_, mood).is_ok());
    }
    ASSERT_TRUE(p_->add_journal_entry(pat_, std::string(kIdeation)).is_ok());
    now_ += kDayMs;

    auto j = p_->journey(doc_, pat_.id, start, now_.load());
    ASSERT_TRUE(j.is_ok()) << j.status().to_string();
    ASSERT_EQ(j->timeline.series.size(), 7u);
    ASSERT_EQ(j->baselines.size(), 7u);
    const auto& valence = j->timeline.series[0];
    EXPECT_EQ(valence.metric, tracking::Metric::valence);
    EXPECT_EQ(valence.points.size(), 20u);
    EXPECT_EQ(valence.observations, 21);
    EXPECT_GT(valence.points.front().value, 0.3);
    EXPECT_LT(valence.points[15].value, -0.3);
    EXPECT_TRUE(j->baselines[0].available);
    EXPECT_FALSE(j->timeline.emotions.empty());
    bool crisis = false;
    for (const auto& a : j->alerts) crisis = crisis || a.row.kind == "crisis_language";
    EXPECT_TRUE(crisis);

    // The patient sees their own journey, without the clinician's alerts; others see nothing.
    auto own = p_->journey(pat_, pat_.id, start, now_.load());
    ASSERT_TRUE(own.is_ok());
    EXPECT_TRUE(own->alerts.empty());
    EXPECT_EQ(p_->journey(other_, pat_.id, start, now_.load()).status().code(),
              StatusCode::permission_denied);
    EXPECT_EQ(p_->journey(stranger_, pat_.id, start, now_.load()).status().code(),
              StatusCode::permission_denied);
    EXPECT_EQ(p_->journey(doc_, pat_.id, now_.load(), start).status().code(),
              StatusCode::invalid_argument);
    EXPECT_EQ(p_->journey(doc_, pat_.id, start - 800 * kDayMs, start).status().code(),
              StatusCode::invalid_argument);

    // The clinician's list ranks the patient with crisis language above a quiet one.
    ASSERT_TRUE(p_->assign("doc", "other"));
    ASSERT_TRUE(p_->update_consent(other_, {true, false, false, false, true}));
    ASSERT_TRUE(p_->add_journal_entry(other_, "A quiet ordinary day.").is_ok());
    auto list = p_->patients(doc_);
    ASSERT_TRUE(list.is_ok());
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].username, "pat");
    ASSERT_TRUE((*list)[0].risk.has_value());
    EXPECT_GT((*list)[0].risk->score, (*list)[1].risk->score);
    EXPECT_FALSE((*list)[0].risk->reason.empty());
    EXPECT_GE((*list)[0].open_alerts, 1);
}

TEST_F(JourneyTest, AlertsAreExportedAndErasedWithThePatient) {
    ASSERT_TRUE(p_->add_journal_entry(pat_, std::string(kIdeation)).is_ok());
    const std::string id = (*p_->alerts(doc_, {}))[0].row.id;
    ASSERT_TRUE(p_->annotate_alert(doc_, id, "Called.").is_ok());
    auto x = p_->export_data(pat_);
    ASSERT_TRUE(x.is_ok()) << x.status().to_string();
    ASSERT_EQ((*x)["alerts"].size(), 1u);
    EXPECT_EQ((*x)["alerts"][0]["kind"], "crisis_language");
    EXPECT_EQ((*x)["alerts"][0]["notes"][0]["note"]["text"], "Called.");
    ASSERT_TRUE(p_->erase(pat_).is_ok());
    EXPECT_EQ(p_->store().get_alert(id).status().code(), StatusCode::not_found);
}

TEST_F(JourneyTest, TheLiveCounterMovesWhenAnAlertIsRaisedOrChanged) {
    const auto before = p_->alert_generation();
    EXPECT_EQ(p_->wait_for_alerts(before, 1), before);  // nothing happened: times out
    ASSERT_TRUE(p_->add_journal_entry(pat_, std::string(kIdeation)).is_ok());
    const auto raised = p_->wait_for_alerts(before, 1000);
    EXPECT_NE(raised, before);
    const std::string id = (*p_->alerts(doc_, {}))[0].row.id;
    ASSERT_TRUE(p_->set_alert_status(doc_, id, store::AlertStatus::acknowledged).is_ok());
    EXPECT_NE(p_->alert_generation(), raised);
}

}  // namespace
}  // namespace attune::platform
