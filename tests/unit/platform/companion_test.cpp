// SPDX-License-Identifier: Apache-2.0
// The companion on the platform (issue #6), in-process with an injected clock: who may talk to
// it and read its transcripts, what is stored and how (sealed, whole turns), the alert a crisis
// message raises before chat() returns, the safety plan shared with the clinician, the settings
// (locale, UTC offset) that choose its crisis lines, export and erasure, and turns of one
// conversation arriving at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <thread>

#include <attune/platform.hpp>

#include "support/analyzer.hpp"
#include "support/paths.hpp"

namespace attune::platform {
namespace {

constexpr std::string_view kPassive = "Some nights I wish I could go to sleep and not wake up.";
constexpr std::string_view kPlan =
    "I have written goodbye letters and I have the pills ready for tonight";

std::shared_ptr<const care::Companion> shared_companion() {
    static const auto c = [] {
        care::CompanionOptions o;
        o.analyzer = test::shared_analyzer();
        o.exercises_dir = test::source_dir() + "/data/exercises";
        o.crisis_lines_path = test::source_dir() + "/data/companion/crisis_lines.json";
        auto loaded = care::Companion::load(o);
        if (!loaded) throw std::runtime_error(loaded.status().to_string());
        return std::move(loaded).value();
    }();
    return c;
}

class CompanionTest : public ::testing::Test {
protected:
    void SetUp() override {
        Options o;
        o.data_dir = dir_.path();
        o.analyzer = test::shared_analyzer();
        o.companion = shared_companion();
        o.password_cost = privacy::KdfCost::interactive;
        o.clock = [this] { return now_.load(); };
        auto p = Platform::open(std::move(o));
        ASSERT_TRUE(p.is_ok()) << p.status().to_string();
        p_ = std::move(p).value();
        pat_ = user(Role::patient, "pat.chat");
        doc_ = user(Role::clinician, "dr.chat");
        other_doc_ = user(Role::clinician, "dr.other");
        ASSERT_TRUE(p_->assign("dr.chat", "pat.chat"));
    }

    Principal user(Role role, const std::string& name) {
        auto u = p_->add_user(role, name, "password-" + name);
        EXPECT_TRUE(u.is_ok()) << u.status().to_string();
        return {u->id, u->username, role};
    }

    void consent(bool text, bool share) {
        ASSERT_TRUE(p_->update_consent(pat_, {.text = text, .share_with_clinician = share}));
    }

    ChatTurn say(std::string_view message) {
        now_ += 60'000;
        auto t = p_->chat(pat_, message);
        EXPECT_TRUE(t.is_ok()) << t.status().to_string() << " for: " << message;
        return t ? std::move(t).value() : ChatTurn{};
    }

    // The audit records with this action, and how many of them had `outcome`.
    int audited(const std::string& action, const std::string& outcome) {
        int n = 0;
        const auto log = p_->store().audit_log(1, 100'000);
        EXPECT_TRUE(log.is_ok()) << log.status().to_string();
        if (!log) return -1;
        for (const auto& r : *log) n += r.entry.action == action && r.entry.outcome == outcome;
        return n;
    }

    test::TempDir dir_;
    std::atomic<std::int64_t> now_{1'780'000'000'000};
    std::unique_ptr<Platform> p_;
    Principal pat_, doc_, other_doc_;
};

TEST_F(CompanionTest, OnlyAPatientWithConsentToTextAnalysisTalksToIt) {
    auto clinician = p_->chat(doc_, "hello");
    EXPECT_EQ(clinician.status().code(), StatusCode::permission_denied);
    auto no_consent = p_->chat(pat_, "hello");
    ASSERT_EQ(no_consent.status().code(), StatusCode::permission_denied);
    EXPECT_NE(no_consent.status().message().find("consent to text analysis"), std::string::npos)
        << no_consent.status().message();
    EXPECT_EQ(audited("chat.message", "denied"), 2);
    EXPECT_EQ(p_->store().get_companion_state(pat_.id).status().code(), StatusCode::not_found);

    consent(true, false);
    EXPECT_EQ(p_->chat(pat_, " \n ").status().code(), StatusCode::invalid_argument);
    auto bad = p_->chat(pat_, "caf\xc3");
    ASSERT_EQ(bad.status().code(), StatusCode::invalid_argument);
    EXPECT_NE(bad.status().message().find("message: invalid UTF-8 at byte 3"), std::string::npos)
        << bad.status().message();
    auto big = p_->chat(pat_, std::string(10'001, 'a'));
    EXPECT_NE(big.status().message().find("10000"), std::string::npos) << big.status().message();
    EXPECT_TRUE(p_->chat(pat_, "hello").is_ok());
}

TEST_F(CompanionTest, EachTurnIsStoredSealedAndTheConversationCarriesOn) {
    consent(true, true);
    auto greeting = p_->greeting(pat_);
    ASSERT_TRUE(greeting) << greeting.status().to_string();
    EXPECT_EQ(greeting->intent, "greeting");
    EXPECT_NE(greeting->reply.find("not a person"), std::string::npos) << greeting->reply;
    EXPECT_FALSE(greeting->safety.resources.empty());

    auto start = say("box breathing");
    EXPECT_EQ(start.reply.exercise, "box_breathing");
    EXPECT_EQ(start.reply.step, "mood_before");
    auto mood = say("4");
    EXPECT_EQ(mood.reply.step, "intro");
    auto ready = say("yes");
    EXPECT_EQ(ready.reply.step, "again");
    ASSERT_TRUE(ready.reply.timing);  // the breathing cycle, for the pacer
    EXPECT_EQ(ready.reply.timing->phases.size(), 4u);
    EXPECT_TRUE(start.alert_id.empty());

    auto history = p_->chat_history(pat_, pat_.id, {});
    ASSERT_TRUE(history) << history.status().to_string();
    ASSERT_EQ(history->size(), 6u);
    // Newest first: the reply to "yes", then "yes".
    EXPECT_EQ((*history)[0].role, store::ChatRole::companion);
    EXPECT_EQ((*history)[0].id, ready.reply_id);
    EXPECT_EQ((*history)[0].text, ready.reply.reply);
    EXPECT_EQ((*history)[0].reply["exercise"], "box_breathing");
    EXPECT_EQ((*history)[0].reply["technique"], "paced_breathing");
    EXPECT_EQ((*history)[0].reply["safety"]["escalated"], false);
    EXPECT_EQ((*history)[1].role, store::ChatRole::person);
    EXPECT_EQ((*history)[1].id, ready.message_id);
    EXPECT_EQ((*history)[1].text, "yes");
    EXPECT_TRUE((*history)[1].reply.empty());
    EXPECT_EQ((*history)[5].text, "box breathing");

    // Nothing of it in clear in the store.
    const auto stored = p_->store().chat_messages(pat_.id, {});
    ASSERT_TRUE(stored);
    for (const auto& m : *stored) {
        const std::string bytes(m.ciphertext.begin(), m.ciphertext.end());
        EXPECT_EQ(bytes.find("breath"), std::string::npos);
    }
    auto state = p_->store().get_companion_state(pat_.id);
    ASSERT_TRUE(state);
    EXPECT_EQ(state->version, 4);  // the greeting opened the conversation, then three turns
    const std::string bytes(state->ciphertext.begin(), state->ciphertext.end());
    EXPECT_EQ(bytes.find("box_breathing"), std::string::npos);

    // The assigned clinician reads the transcript while the patient shares; nobody else does.
    EXPECT_EQ(p_->chat_history(doc_, pat_.id, {})->size(), 6u);
    EXPECT_EQ(p_->chat_history(other_doc_, pat_.id, {}).status().code(),
              StatusCode::permission_denied);
    const auto other_patient = user(Role::patient, "pat.nosy");
    EXPECT_EQ(p_->chat_history(other_patient, pat_.id, {}).status().code(),
              StatusCode::permission_denied);
    consent(true, false);
    EXPECT_EQ(p_->chat_history(doc_, pat_.id, {}).status().code(), StatusCode::permission_denied);
    EXPECT_EQ(audited("chat.read", "denied"), 3);
    EXPECT_EQ(audited("chat.message", "ok"), 3);
}

// The alert exists when chat() returns, names the words and where they were said, and cites the
// stored message; the reply says the care team knows only when a clinician will see it.
TEST_F(CompanionTest, ACrisisMessageRaisesTheClinicianAlertBeforeTheReplyReturns) {
    consent(true, true);
    say("box breathing");
    const auto seen = p_->alert_generation();
    auto crisis = say(kPassive);
    ASSERT_TRUE(crisis.reply.safety.escalated);
    EXPECT_FALSE(crisis.reply.safety.urgent);
    EXPECT_FALSE(crisis.reply.exercise.has_value());  // the exercise was left
    EXPECT_NE(crisis.reply.reply.find("care team"), std::string::npos) << crisis.reply.reply;
    ASSERT_FALSE(crisis.alert_id.empty());
    EXPECT_NE(p_->alert_generation(), seen);  // live feeds were woken

    auto alerts = p_->alerts(doc_, {});
    ASSERT_TRUE(alerts) << alerts.status().to_string();
    ASSERT_EQ(alerts->size(), 1u);
    const auto& a = (*alerts)[0];
    EXPECT_EQ(a.row.id, crisis.alert_id);
    EXPECT_EQ(a.row.kind, "companion_crisis");
    EXPECT_EQ(a.row.severity, static_cast<int>(tracking::Severity::high));
    EXPECT_EQ(a.evidence_ids, std::vector<std::string>{crisis.message_id});
    EXPECT_NE(a.explanation.find("conversation with the companion"), std::string::npos)
        << a.explanation;
    for (const auto& phrase : crisis.reply.safety.evidence)
        EXPECT_NE(a.explanation.find(phrase), std::string::npos) << a.explanation;
    EXPECT_EQ(a.details["source"], "companion");
    EXPECT_EQ(a.details["level"], "passive");
    EXPECT_EQ(audited("alert.create", "ok"), 1);

    auto urgent = say(kPlan);
    ASSERT_TRUE(urgent.reply.safety.urgent);
    ASSERT_FALSE(urgent.alert_id.empty());
    alerts = p_->alerts(doc_, {});
    ASSERT_EQ(alerts->size(), 2u);
    EXPECT_EQ((*alerts)[0].row.severity, static_cast<int>(tracking::Severity::urgent));

    // Not sharing: the alert is still kept (as for journal entries), but the reply does not say
    // a person was told, since none will see it.
    consent(true, false);
    auto alone = say(kPassive);
    ASSERT_TRUE(alone.reply.safety.escalated);
    EXPECT_EQ(alone.reply.reply.find("care team"), std::string::npos) << alone.reply.reply;
    EXPECT_FALSE(alone.alert_id.empty());
    EXPECT_EQ(p_->store().alerts(pat_.id, {})->size(), 3u);
}

// A crisis message is part of the patient's journey: their risk on the clinician's list and the
// crisis chart count it, and a tracking pass does not raise a second alert for it.
TEST_F(CompanionTest, ACrisisMessageCountsInTheRiskAndTheJourneyWithoutASecondAlert) {
    consent(true, true);
    say("hello");
    const auto plan = say(kPlan);
    ASSERT_TRUE(plan.reply.safety.urgent);

    auto patients = p_->patients(doc_);
    ASSERT_TRUE(patients) << patients.status().to_string();
    ASSERT_EQ(patients->size(), 1u);
    ASSERT_TRUE((*patients)[0].risk);
    EXPECT_EQ((*patients)[0].risk->level, tracking::Severity::urgent);
    EXPECT_EQ((*patients)[0].risk->reason,
              "a suicide plan or intent in a message to the companion today");

    auto journey = p_->journey(doc_, pat_.id, now_ - 86'400'000, now_ + 1);
    ASSERT_TRUE(journey) << journey.status().to_string();
    const auto& crisis =
        journey->timeline.series[static_cast<std::size_t>(tracking::Metric::crisis)];
    ASSERT_EQ(crisis.points.size(), 1u);  // "hello" carried no crisis language: not a point
    EXPECT_EQ(crisis.points[0].value, static_cast<int>(CrisisLevel::plan));
    EXPECT_EQ(crisis.points[0].ids, std::vector<std::string>{plan.message_id});
    const auto& valence =
        journey->timeline.series[static_cast<std::size_t>(tracking::Metric::valence)];
    EXPECT_TRUE(valence.points.empty());

    auto added = p_->track(pat_.id);
    ASSERT_TRUE(added) << added.status().to_string();
    EXPECT_EQ(*added, 0);
    EXPECT_EQ(p_->store().alerts(pat_.id, {})->size(), 1u);
}

TEST_F(CompanionTest, TheSafetyPlanIsWrittenByThePatientAndTheirClinicianAndShownInACrisis) {
    consent(true, true);
    auto empty = p_->safety_plan(pat_, pat_.id);
    ASSERT_TRUE(empty) << empty.status().to_string();
    EXPECT_TRUE(empty->plan.empty());
    EXPECT_EQ(empty->crisis.locale, "en-US");
    EXPECT_FALSE(empty->crisis.lines.empty());

    care::SafetyPlan plan;
    plan.coping_strategies = {"walk the dog"};
    plan.people_and_places = {"my sister Ana"};
    now_ += 1000;
    auto by_doctor = p_->set_safety_plan(doc_, pat_.id, plan);
    ASSERT_TRUE(by_doctor) << by_doctor.status().to_string();
    EXPECT_EQ(by_doctor->plan.updated_by, "dr.chat");
    EXPECT_EQ(by_doctor->plan.updated_at_ms, now_.load());
    auto mine = p_->safety_plan(pat_, pat_.id);
    ASSERT_TRUE(mine);
    EXPECT_EQ(mine->plan.coping_strategies, std::vector<std::string>{"walk the dog"});

    plan.warning_signs = {"not sleeping"};
    auto by_me = p_->set_safety_plan(pat_, pat_.id, plan);
    ASSERT_TRUE(by_me);
    EXPECT_EQ(by_me->plan.updated_by, "pat.chat");
    EXPECT_EQ(p_->safety_plan(doc_, pat_.id)->plan.warning_signs,
              std::vector<std::string>{"not sleeping"});

    auto crisis = say(kPassive);
    EXPECT_NE(crisis.reply.reply.find("walk the dog"), std::string::npos) << crisis.reply.reply;
    EXPECT_NE(crisis.reply.reply.find("my sister Ana"), std::string::npos);

    // Nobody else reads or writes it; nor does the clinician once the patient stops sharing.
    EXPECT_EQ(p_->safety_plan(other_doc_, pat_.id).status().code(), StatusCode::permission_denied);
    EXPECT_EQ(p_->set_safety_plan(other_doc_, pat_.id, plan).status().code(),
              StatusCode::permission_denied);
    consent(true, false);
    EXPECT_EQ(p_->set_safety_plan(doc_, pat_.id, plan).status().code(),
              StatusCode::permission_denied);
    EXPECT_EQ(audited("safety_plan.update", "ok"), 2);
    EXPECT_EQ(audited("safety_plan.update", "denied"), 2);
    // The plan edit moved no conversation on: the exercise state is intact.
    EXPECT_EQ(p_->chat_history(pat_, pat_.id, {})->size(), 2u);
}

TEST_F(CompanionTest, TheSettingsChooseTheCrisisLinesOfThePlanAndOfEveryCrisisReply) {
    consent(true, true);
    auto fresh = p_->companion_settings(pat_, pat_.id);
    ASSERT_TRUE(fresh) << fresh.status().to_string();
    EXPECT_EQ(fresh->patient_id, pat_.id);
    EXPECT_EQ(fresh->locale, "en-US");
    EXPECT_EQ(fresh->utc_offset_min, 0);
    EXPECT_EQ(fresh->locales, (std::vector<std::string>{"en-AU", "en-CA", "en-GB", "en-IE",
                                                         "en-NZ", "en-US", "intl"}));

    auto offset = p_->set_companion_settings(pat_, pat_.id, std::nullopt, -300);
    ASSERT_TRUE(offset) << offset.status().to_string();
    EXPECT_EQ(offset->locale, "en-US");
    EXPECT_EQ(offset->utc_offset_min, -300);
    auto uk = p_->set_companion_settings(pat_, pat_.id, "en-GB", std::nullopt);
    ASSERT_TRUE(uk) << uk.status().to_string();
    EXPECT_EQ(uk->locale, "en-GB");
    EXPECT_EQ(uk->utc_offset_min, -300);  // kept
    auto stored = p_->companion_settings(pat_, pat_.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->locale, "en-GB");
    EXPECT_EQ(stored->utc_offset_min, -300);

    auto plan = p_->safety_plan(pat_, pat_.id);
    ASSERT_TRUE(plan) << plan.status().to_string();
    EXPECT_EQ(plan->crisis.locale, "en-GB");
    ASSERT_FALSE(plan->crisis.lines.empty());
    EXPECT_EQ(plan->crisis.lines.front().name, "Samaritans");
    auto crisis = say(kPassive);
    ASSERT_TRUE(crisis.reply.safety.escalated);
    const auto& resources = crisis.reply.safety.resources;
    const auto mentions = [&](std::string_view what) {
        return std::any_of(resources.begin(), resources.end(), [&](const std::string& r) {
            return r.find(what) != std::string::npos;
        });
    };
    EXPECT_TRUE(mentions("Samaritans"));
    EXPECT_FALSE(mentions("988"));

    // The clinician sets them too while the patient shares, as for the safety plan.
    auto by_doctor = p_->set_companion_settings(doc_, pat_.id, "en-AU", std::nullopt);
    ASSERT_TRUE(by_doctor) << by_doctor.status().to_string();
    EXPECT_EQ(by_doctor->locale, "en-AU");
    EXPECT_EQ(audited("companion_settings.update", "ok"), 3);
    EXPECT_EQ(audited("companion_settings.read", "ok"), 2);
}

TEST_F(CompanionTest, SettingsThatDoNotValidateOrComeFromAnyoneElseChangeNothing) {
    consent(true, true);
    ASSERT_TRUE(p_->set_companion_settings(pat_, pat_.id, "en-CA", 120));
    const auto version = p_->store().get_companion_state(pat_.id)->version;

    auto unknown = p_->set_companion_settings(pat_, pat_.id, "xx-YY", std::nullopt);
    ASSERT_EQ(unknown.status().code(), StatusCode::invalid_argument);
    EXPECT_EQ(unknown.status().message(),
              "locale: no crisis lines for \"xx-YY\"; known: en-AU, en-CA, en-GB, en-IE, en-NZ, "
              "en-US, intl");
    // Both given, one bad: neither is applied.
    auto far = p_->set_companion_settings(pat_, pat_.id, "en-GB", 900);
    ASSERT_EQ(far.status().code(), StatusCode::invalid_argument);
    EXPECT_NE(far.status().message().find("utc_offset_min: must be within -840..840"),
              std::string::npos)
        << far.status().message();
    EXPECT_EQ(p_->set_companion_settings(pat_, pat_.id, std::nullopt, -841).status().code(),
              StatusCode::invalid_argument);
    // UTC+14:00 is a real place (the Line Islands) and inside the range.
    EXPECT_TRUE(p_->set_companion_settings(pat_, pat_.id, std::nullopt, 840));
    ASSERT_TRUE(p_->set_companion_settings(pat_, pat_.id, std::nullopt, 120));

    // Nobody else reads or writes them; nor does the clinician once the patient stops sharing.
    EXPECT_EQ(p_->companion_settings(other_doc_, pat_.id).status().code(),
              StatusCode::permission_denied);
    EXPECT_EQ(p_->set_companion_settings(other_doc_, pat_.id, "en-GB", std::nullopt)
                  .status()
                  .code(),
              StatusCode::permission_denied);
    consent(true, false);
    EXPECT_EQ(p_->companion_settings(doc_, pat_.id).status().code(),
              StatusCode::permission_denied);
    EXPECT_EQ(p_->set_companion_settings(doc_, pat_.id, "en-GB", std::nullopt).status().code(),
              StatusCode::permission_denied);
    EXPECT_EQ(audited("companion_settings.update", "denied"), 2);
    EXPECT_EQ(audited("companion_settings.read", "denied"), 2);

    auto now = p_->companion_settings(pat_, pat_.id);
    ASSERT_TRUE(now) << now.status().to_string();
    EXPECT_EQ(now->locale, "en-CA");
    EXPECT_EQ(now->utc_offset_min, 120);
    // Only the two good writes were stored.
    EXPECT_EQ(p_->store().get_companion_state(pat_.id)->version, version + 2);
}

// Two tabs, or a double-clicked send: every message is answered and stored once, each on the
// state the one before it left.
TEST_F(CompanionTest, SimultaneousMessagesOfOneConversationAreEachAnsweredOnce) {
    consent(true, true);
    constexpr int kThreads = 4, kEach = 3;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < kEach; ++i)
                if (!p_->chat(pat_, "I feel a bit tired today")) ++failures;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(p_->store().get_companion_state(pat_.id)->version, kThreads * kEach);
    EXPECT_EQ(p_->chat_history(pat_, pat_.id, {})->size(), 2u * kThreads * kEach);
}

TEST_F(CompanionTest, ExportHoldsTheConversationAndErasureRemovesIt) {
    consent(true, true);
    auto crisis = say(kPassive);
    care::SafetyPlan plan;
    plan.professionals = {"Dr Chat, weekdays"};
    ASSERT_TRUE(p_->set_safety_plan(pat_, pat_.id, plan));
    auto out = p_->export_data(pat_);
    ASSERT_TRUE(out) << out.status().to_string();
    ASSERT_EQ((*out)["chat"].size(), 2u);
    EXPECT_EQ((*out)["chat"][0]["role"], "person");
    EXPECT_EQ((*out)["chat"][0]["text"], kPassive);
    EXPECT_EQ((*out)["chat"][0]["crisis_level"], "passive");
    EXPECT_FALSE((*out)["chat"][1].contains("crisis_level"));
    EXPECT_EQ((*out)["chat"][1]["safety"]["escalated"], true);
    EXPECT_NE((*out)["chat"][0]["id"], crisis.message_id);  // a pseudonym
    EXPECT_EQ((*out)["companion"]["state"]["safety_plan"]["professionals"][0], "Dr Chat, weekdays");
    ASSERT_EQ((*out)["alerts"].size(), 1u);
    // The alert's evidence is the message, by the same pseudonym.
    EXPECT_EQ((*out)["alerts"][0]["content"]["evidence_ids"][0], (*out)["chat"][0]["id"]);

    auto n = p_->erase(pat_);
    ASSERT_TRUE(n) << n.status().to_string();
    EXPECT_TRUE(p_->store().chat_messages(pat_.id, {})->empty());
    EXPECT_EQ(p_->store().get_companion_state(pat_.id).status().code(), StatusCode::not_found);
}

// The population prior: only patients whose consent has pool_outcomes count, at least ten must
// contribute, each state read is audited, and a companion loaded with the fitted file starts
// from it (its decisions say from how many people).
TEST_F(CompanionTest, PopulationPriorPoolsOnlyConsentingPatientsOutcomes) {
    auto finish_478 = [&](const Principal& who) {
        // Picked, rated 4, declined, rated 4 again: an outcome with a reward, twice.
        for (int round = 0; round < 2; ++round) {
            std::optional<ChatTurn> t;
            for (std::string_view m : {"4-7-8 breathing", "4", "no, not right now", "4"}) {
                now_ += 60'000;
                auto turn = p_->chat(who, m);
                ASSERT_TRUE(turn.is_ok()) << turn.status().to_string() << " for: " << m;
                t = std::move(turn).value();
            }
            ASSERT_TRUE(t->reply.outcome && t->reply.outcome->reward) << t->reply.reply;
        }
    };
    std::vector<Principal> pooling;
    for (int i = 0; i < 10; ++i) {
        pooling.push_back(user(Role::patient, "pool." + std::to_string(i)));
        ASSERT_TRUE(p_->update_consent(pooling.back(), {.text = true}));
        finish_478(pooling.back());
    }
    consent(true, true);  // pat.chat talks but does not pool
    finish_478(pat_);
    for (int i = 0; i < 9; ++i)
        ASSERT_TRUE(p_->update_consent(pooling[static_cast<std::size_t>(i)], {.pool_outcomes = true}));
    auto few = p_->fit_companion_prior();
    ASSERT_FALSE(few.is_ok());
    EXPECT_EQ(few.status().code(), StatusCode::failed_precondition);
    EXPECT_NE(few.status().message().find("at least 10 patients who consent"), std::string::npos)
        << few.status().message();
    EXPECT_NE(few.status().message().find("this clinic has 9"), std::string::npos);
    EXPECT_EQ(audited("companion.pool_outcomes", "ok"), 9);

    ASSERT_TRUE(p_->update_consent(pooling[9], {.pool_outcomes = true}));
    auto prior = p_->fit_companion_prior();
    ASSERT_TRUE(prior.is_ok()) << prior.status().to_string();
    EXPECT_EQ(prior->people, 10);
    EXPECT_EQ(prior->rewards, 20u);  // pat.chat's two are not among them
    ASSERT_EQ(prior->mean.count("breathing_478"), 1u);
    EXPECT_LT(prior->mean.at("breathing_478")[0], 0);  // declined at its start: -0.05 each time
    EXPECT_EQ(audited("companion.pool_outcomes", "ok"), 9 + 10);

    // Written as `attune train bandit-prior` writes it, and loaded with the companion.
    const std::string file = dir_.path() + "/bandit_prior.json";
    {
        std::ofstream(file) << prior->to_json().dump();
    }
    p_.reset();
    Options o;
    o.data_dir = dir_.path();
    o.analyzer = test::shared_analyzer();
    o.exercises_dir = test::source_dir() + "/data/exercises";
    o.crisis_lines_path = test::source_dir() + "/data/companion/crisis_lines.json";
    o.bandit_prior_path = file;
    o.clock = [this] { return now_.load(); };
    auto with = Platform::open(o);
    ASSERT_TRUE(with.is_ok()) << with.status().to_string();
    now_ += 60'000;
    auto t = (*with)->chat(pat_, "box breathing");
    ASSERT_TRUE(t.is_ok()) << t.status().to_string();
    ASSERT_TRUE(t->reply.decision.has_value()) << t->reply.reply;
    EXPECT_EQ(t->reply.decision->why_numbers["prior_people"], 10);

    {
        std::ofstream(file) << R"({"version": 1})";
    }
    auto broken = Platform::open(o);
    ASSERT_FALSE(broken.is_ok());
    EXPECT_NE(broken.status().message().find("bandit_prior.json"), std::string::npos)
        << broken.status().message();
}

TEST_F(CompanionTest, WithoutACompanionTheCallsSaySoAndThePlanStillWorks) {
    p_.reset();
    Options o;
    o.data_dir = dir_.path();
    o.analyzer = test::shared_analyzer();
    auto p = Platform::open(std::move(o));
    ASSERT_TRUE(p) << p.status().to_string();
    ASSERT_TRUE((*p)->update_consent(pat_, {.text = true}));
    EXPECT_EQ((*p)->chat(pat_, "hello").status().code(), StatusCode::unsupported);
    EXPECT_EQ((*p)->greeting(pat_).status().code(), StatusCode::unsupported);
    auto plan = (*p)->safety_plan(pat_, pat_.id);
    ASSERT_TRUE(plan) << plan.status().to_string();
    EXPECT_TRUE(plan->crisis.lines.empty());
    EXPECT_EQ((*p)->companion_settings(pat_, pat_.id).status().code(), StatusCode::unsupported);
    EXPECT_EQ((*p)->set_companion_settings(pat_, pat_.id, "en-GB", std::nullopt).status().code(),
              StatusCode::unsupported);

    // A path that does not load fails the opening, naming the file.
    Options bad;
    bad.data_dir = dir_.path();
    bad.analyzer = test::shared_analyzer();
    bad.exercises_dir = test::source_dir() + "/data/exercises";
    bad.crisis_lines_path = dir_.path() + "/no-such-lines.json";
    auto failed = Platform::open(std::move(bad));
    ASSERT_FALSE(failed);
    EXPECT_NE(failed.status().message().find("no-such-lines.json"), std::string::npos)
        << failed.status().message();
}

}  // namespace
}  // namespace attune::platform
