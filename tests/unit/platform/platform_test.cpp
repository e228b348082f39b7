// SPDX-License-Identifier: Apache-2.0
// The platform's rules in-process, with an injected clock: what the HTTP suite cannot reach
// quickly (expiry, rate-limit windows, a wrong master key, the demo clinic).
#include <gtest/gtest.h>

#include <atomic>

#include <attune/platform.hpp>

#include "support/analyzer.hpp"

namespace attune::platform {
namespace {

class PlatformTest : public ::testing::Test {
protected:
    std::unique_ptr<Platform> open(const std::string& passphrase = "") {
        Options o;
        o.data_dir = dir_.path();
        o.analyzer = test::shared_analyzer();
        o.passphrase = passphrase;
        o.password_cost = privacy::KdfCost::interactive;
        o.clock = [this] { return now_.load(); };
        auto p = Platform::open(std::move(o));
        EXPECT_TRUE(p.is_ok()) << p.status().to_string();
        return p ? std::move(p).value() : nullptr;
    }

    Principal patient(Platform& p, const std::string& name) {
        auto u = p.add_user(Role::patient, name, "password-" + name);
        EXPECT_TRUE(u.is_ok()) << u.status().to_string();
        return {u->id, u->username, Role::patient};
    }

    test::TempDir dir_;
    std::atomic<std::int64_t> now_{1'780'000'000'000};
};

TEST_F(PlatformTest, TokensExpireAtTheirTtlAndRevocationEndsThem) {
    auto p = open();
    patient(*p, "pat.ttl");
    auto login = p->login("pat.ttl", "password-pat.ttl", "10.0.0.1");
    ASSERT_TRUE(login.is_ok()) << login.status().to_string();
    EXPECT_TRUE(p->authenticate(login->token).is_ok());
    now_ += 12LL * 3600 * 1000 - 1;
    EXPECT_TRUE(p->authenticate(login->token).is_ok());
    now_ += 1;
    auto expired = p->authenticate(login->token);
    EXPECT_EQ(expired.status().code(), StatusCode::unauthenticated);
    EXPECT_NE(expired.status().message().find("expired"), std::string::npos);

    auto again = p->login("pat.ttl", "password-pat.ttl", "10.0.0.1");
    ASSERT_TRUE(again.is_ok());
    ASSERT_TRUE(p->logout(again->token).is_ok());
    EXPECT_NE(p->authenticate(again->token).status().message().find("revoked"), std::string::npos);
}

TEST_F(PlatformTest, FailedLoginsAreLimitedUntilTheWindowPasses) {
    auto p = open();
    patient(*p, "pat.limit");
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(p->login("pat.limit", "wrong-password", "10.0.0.2").status().code(),
                  StatusCode::unauthenticated);
    now_ += 60'000;
    std::int64_t retry_ms = 0;
    EXPECT_EQ(p->login("pat.limit", "password-pat.limit", "10.0.0.2", &retry_ms).status().code(),
              StatusCode::resource_exhausted);
    // The oldest failure leaves the 15-minute window a minute after it would have at once.
    EXPECT_EQ(retry_ms, 14LL * 60 * 1000);
    now_ += 14LL * 60 * 1000 + 1;
    EXPECT_TRUE(p->login("pat.limit", "password-pat.limit", "10.0.0.2").is_ok());
}

TEST_F(PlatformTest, UsernamesAreCheckedAndFolded) {
    auto p = open();
    EXPECT_EQ(p->add_user(Role::patient, "ab", "long-enough-1").status().code(),
              StatusCode::invalid_argument);
    EXPECT_NE(p->add_user(Role::patient, "two words", "long-enough-1").status().message().find("username"),
              std::string::npos);
    EXPECT_NE(p->add_user(Role::patient, "pat.short", "short").status().message().find("password"),
              std::string::npos);
    ASSERT_TRUE(p->add_user(Role::clinician, "Dr.Case", "long-enough-1").is_ok());
    EXPECT_TRUE(p->login("dr.case", "long-enough-1", "x").is_ok());
    EXPECT_EQ(p->add_user(Role::patient, "DR.CASE", "long-enough-1").status().code(),
              StatusCode::invalid_argument);  // taken, whatever the case
}

TEST_F(PlatformTest, WithdrawingTextConsentStopsAnalysisButKeepsTheJournal) {
    auto p = open();
    const auto who = patient(*p, "pat.consent");
    ASSERT_TRUE(p->update_consent(who, {.text = true}).is_ok());
    auto analysed = p->add_journal_entry(who, "I feel hopeless and tired.");
    ASSERT_TRUE(analysed.is_ok());
    EXPECT_FALSE(analysed->analysis_json.empty());
    ASSERT_TRUE(p->update_consent(who, {.text = false}).is_ok());
    now_ += 1000;
    auto plain = p->add_journal_entry(who, "A second entry.");
    ASSERT_TRUE(plain.is_ok());
    EXPECT_TRUE(plain->analysis_json.empty());
    auto all = p->journal(who, who.id, {});
    ASSERT_TRUE(all.is_ok());
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].text, "A second entry.");
    EXPECT_EQ((*all)[1].text, "I feel hopeless and tired.");
}

TEST_F(PlatformTest, ErasureDestroysTheKeyAndTheRowsAndIsAudited) {
    auto p = open();
    const auto who = patient(*p, "pat.gone");
    ASSERT_TRUE(p->add_journal_entry(who, "Something private.").is_ok());
    auto n = p->erase(who);
    ASSERT_TRUE(n.is_ok()) << n.status().to_string();
    EXPECT_GE(*n, 3);  // user, key, entry
    EXPECT_TRUE(p->store().patient_keys(who.id)->empty());
    EXPECT_TRUE(p->store().journal_entries(who.id, {})->empty());
    auto log = p->store().audit_log(1, 1000);
    ASSERT_TRUE(log.is_ok());
    EXPECT_EQ(log->back().entry.action, "patient.erase");
    EXPECT_TRUE(verify_audit(p->store()).is_ok());
}

TEST_F(PlatformTest, AWrongPassphraseIsNamedAsSuch) {
    {
        auto p = open("correct horse battery staple");
        patient(*p, "pat.key");
    }
    Options o;
    o.data_dir = dir_.path();
    o.analyzer = test::shared_analyzer();
    o.passphrase = "wrong horse";
    auto p = Platform::open(o);
    ASSERT_FALSE(p.is_ok());
    EXPECT_NE(p.status().message().find("master key"), std::string::npos) << p.status().to_string();
    o.passphrase.clear();  // and no key file may appear beside the salt
    auto none = Platform::open(o);
    ASSERT_FALSE(none.is_ok());
    EXPECT_NE(none.status().message().find("ATTUNE_PASSPHRASE"), std::string::npos);
}

TEST_F(PlatformTest, AKeyFileDirectoryRefusesAPassphraseAndViceVersa) {
    { auto p = open(); }  // creates master.key
    Options o;
    o.data_dir = dir_.path();
    o.analyzer = test::shared_analyzer();
    o.passphrase = "anything at all";
    auto p = Platform::open(std::move(o));
    ASSERT_FALSE(p.is_ok());
    EXPECT_NE(p.status().message().find("master.key"), std::string::npos) << p.status().to_string();
}

TEST_F(PlatformTest, TheDemoClinicIsMadeOnceWithAWorseningPatient) {
    auto p = open();
    auto accounts = p->create_demo_clinic();
    ASSERT_TRUE(accounts.is_ok()) << accounts.status().to_string();
    ASSERT_EQ(accounts->size(), 4u);
    EXPECT_EQ((*accounts)[0].role, Role::clinician);
    auto sam = p->store().find_user_by_username("sam");
    ASSERT_TRUE(sam.is_ok());
    auto entries = p->store().journal_entries(sam->id, {.limit = 1000});
    ASSERT_TRUE(entries.is_ok());
    EXPECT_GT(entries->size(), 35u);
    int passive = 0;
    for (const auto& e : *entries) {
        passive += e.crisis_level >= CrisisLevel::passive;
        EXPECT_LT(e.created_at_ms, now_.load());  // all in the past
    }
    EXPECT_GE(passive, 2);
    auto again = p->create_demo_clinic();
    ASSERT_TRUE(again.is_ok());
    EXPECT_TRUE(again->empty());
}

}  // namespace
}  // namespace attune::platform
