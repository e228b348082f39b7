// SPDX-License-Identifier: Apache-2.0
// The behaviour every Store back end must have, as a type-parameterised GoogleTest suite. A back
// end's test file defines a Backend type and instantiates the suite with it:
//
//   struct Backend {
//       Backend();                                  // a fresh, empty database
//       std::string url() const;                    // its store URL, for open_store()
//       std::string data_dir() const;               // the data directory passed with it
//       // Behind the store's back (a test hook, not the Store API):
//       attune::Status exec_raw(const std::string& sql);  // run SQL on a separate connection
//       int migration_rows();                       // rows in schema_migrations
//       int latest_schema_version();                // the build's schema version
//   };
//   INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, StoreSuite, ::testing::Types<Backend>);
#pragma once

#include <gtest/gtest.h>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <attune/store.hpp>

namespace attune::store::test {

inline Blob blob(std::string_view s) { return Blob(s.begin(), s.end()); }

// "p" + 3 -> "p3". Built by appending: GCC 12 warns falsely (-Wrestrict, GCC bug 105651) on
// "literal" + std::to_string(n) at -O3.
inline std::string id(std::string_view prefix, long long n) {
    std::string out(prefix);
    out += std::to_string(n);
    return out;
}

inline User make_user(const std::string& id, Role role) {
    return {id, "name-" + id, role, "$argon2id$v=19$stub-" + id, 1000, false};
}

inline JournalEntry make_entry(const std::string& id, const std::string& patient,
                               std::int64_t t_ms, std::size_t bytes = 16) {
    JournalEntry e;
    e.id = id;
    e.patient_id = patient;
    e.created_at_ms = t_ms;
    e.ciphertext.resize(bytes);
    for (std::size_t i = 0; i < bytes; ++i) e.ciphertext[i] = static_cast<std::uint8_t>(i * 7);
    e.analysis_ciphertext = blob("analysis-of-" + id);
    e.valence_x100 = -35;
    e.arousal_x100 = 60;
    e.crisis_level = CrisisLevel::passive;
    return e;
}

// A hasher that stands in for the privacy module's chain: deterministic and order-sensitive.
inline std::string test_hash(std::int64_t seq, const AuditEntry& e, const std::string& prev) {
    return std::to_string(fnv1a64(prev + "|" + std::to_string(seq) + "|" + e.actor + "|" +
                                  e.action + "|" + e.subject + "|" + e.outcome));
}

template <typename Backend>
class StoreSuite : public ::testing::Test {
protected:
    std::unique_ptr<Store> open() {
        auto s = open_store(backend_.url(), backend_.data_dir());
        EXPECT_TRUE(s.is_ok()) << s.status().to_string();
        return s.is_ok() ? std::move(*s) : nullptr;
    }

    // A patient with something in every table, and a clinician assigned to them.
    void populate(Store& s, const std::string& p, const std::string& c) {
        ASSERT_TRUE(s.create_user(make_user(p, Role::patient)));
        if (!s.get_user(c).is_ok()) {
            ASSERT_TRUE(s.create_user(make_user(c, Role::clinician)));
        }
        ASSERT_TRUE(s.assign(c, p, 2000));
        ASSERT_TRUE(s.put_consent({p, true, false, true, false, true, 2100}));
        ASSERT_TRUE(s.put_patient_key({p, "k1", blob("wrapped-" + p), 2200}));
        ASSERT_TRUE(s.create_session({"digest-" + p, p, 2300, 9000, false}));
        for (int i = 0; i < 3; ++i)
            ASSERT_TRUE(s.add_journal_entry(make_entry(id(p + "-j", i), p, 3000 + i)));
        ASSERT_TRUE(s.add_check_in({p + "-c0", p, 3500, "phq9", 12, blob("answers")}));
        ASSERT_TRUE(s.add_alert(make_alert(p + "-a0", p, "valence_drop:3000", 3600)));
        ASSERT_TRUE(s.add_alert_note({p + "-n0", p + "-a0", p, c, 3700, blob("note")}));
        const ChatMessage chat[] = {{p + "-m0", p, 3800, ChatRole::person, blob("hello")},
                                    {p + "-m1", p, 3800, ChatRole::companion, blob("hi")}};
        auto saved = s.save_companion({p, 1, 3800, blob("state-" + p)}, chat, {});
        ASSERT_TRUE(saved) << saved.status().to_string();
        ASSERT_TRUE(*saved);
    }

    static ChatMessage make_message(const std::string& id, const std::string& patient,
                                    std::int64_t at, ChatRole role) {
        return {id, patient, at, role, blob("sealed " + id)};
    }

    static Alert make_alert(const std::string& id, const std::string& patient,
                            const std::string& key, std::int64_t at) {
        Alert a;
        a.id = id;
        a.patient_id = patient;
        a.key = key;
        a.kind = key.substr(0, key.find(':'));
        a.severity = 1;
        a.raised_at_ms = at;
        a.created_at_ms = at + 1;
        a.updated_at_ms = at + 1;
        a.ciphertext = blob("sealed " + key);
        return a;
    }

    Backend backend_;
};

TYPED_TEST_SUITE_P(StoreSuite);

TYPED_TEST_P(StoreSuite, UsersRoundTripAndNameTheirConflicts) {
    auto s = this->open();
    ASSERT_TRUE(s);
    const User alice{"u1", "alice", Role::clinician, "$argon2id$hash", 1234, false};
    ASSERT_TRUE(s->create_user(alice));
    ASSERT_TRUE(s->create_user({"u2", "bob", Role::patient, "h2", 1235, false}));

    auto got = s->get_user("u1");
    ASSERT_TRUE(got) << got.status().to_string();
    EXPECT_EQ(got->username, "alice");
    EXPECT_EQ(got->role, Role::clinician);
    EXPECT_EQ(got->password_hash, "$argon2id$hash");
    EXPECT_EQ(got->created_at_ms, 1234);
    EXPECT_FALSE(got->disabled);
    EXPECT_EQ(s->find_user_by_username("bob")->id, "u2");

    Status dup_name = s->create_user({"u3", "alice", Role::patient, "h", 1, false});
    EXPECT_EQ(dup_name.code(), StatusCode::invalid_argument);
    EXPECT_NE(dup_name.message().find("username 'alice'"), std::string::npos) << dup_name.message();
    Status dup_id = s->create_user({"u1", "carol", Role::patient, "h", 1, false});
    EXPECT_EQ(dup_id.code(), StatusCode::invalid_argument);
    EXPECT_NE(dup_id.message().find("'u1'"), std::string::npos) << dup_id.message();

    ASSERT_TRUE(s->set_user_disabled("u2", true));
    ASSERT_TRUE(s->set_password_hash("u2", "new-hash"));
    got = s->get_user("u2");
    EXPECT_TRUE(got->disabled);
    EXPECT_EQ(got->password_hash, "new-hash");

    auto all = s->list_users();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].username, "alice");
    EXPECT_EQ((*all)[1].username, "bob");

    EXPECT_EQ(s->get_user("nobody").status().code(), StatusCode::not_found);
    EXPECT_NE(s->get_user("nobody").status().message().find("nobody"), std::string::npos);
    EXPECT_EQ(s->find_user_by_username("zed").status().code(), StatusCode::not_found);
    EXPECT_EQ(s->set_user_disabled("nobody", true).code(), StatusCode::not_found);
}

TYPED_TEST_P(StoreSuite, SessionsAreCreatedRevokedAndSwept) {
    auto s = this->open();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->create_user(make_user("u1", Role::patient)));
    ASSERT_TRUE(s->create_session({"d1", "u1", 100, 1000, false}));
    ASSERT_TRUE(s->create_session({"d2", "u1", 100, 5000, false}));
    ASSERT_TRUE(s->create_session({"d3", "u1", 100, 5000, false}));
    EXPECT_EQ(s->create_session({"d1", "u1", 100, 1000, false}).code(),
              StatusCode::invalid_argument);
    EXPECT_EQ(s->create_session({"d9", "ghost", 100, 1000, false}).code(), StatusCode::not_found);

    auto d1 = s->get_session("d1");
    ASSERT_TRUE(d1);
    EXPECT_EQ(d1->user_id, "u1");
    EXPECT_EQ(d1->expires_at_ms, 1000);
    EXPECT_FALSE(d1->revoked);

    ASSERT_TRUE(s->revoke_session("d2"));
    EXPECT_TRUE(s->get_session("d2")->revoked);
    EXPECT_EQ(s->revoke_session("nope").code(), StatusCode::not_found);
    EXPECT_EQ(*s->revoke_user_sessions("u1"), 2);  // d1 and d3 were live
    EXPECT_EQ(*s->revoke_user_sessions("u1"), 0);

    ASSERT_TRUE(s->create_session({"d4", "u1", 100, 5000, false}));
    EXPECT_EQ(*s->delete_dead_sessions(2000), 3);  // d1..d3 revoked; d4 live until 5000
    EXPECT_TRUE(s->get_session("d4"));
    EXPECT_EQ(s->get_session("d1").status().code(), StatusCode::not_found);
}

TYPED_TEST_P(StoreSuite, AssignmentsCheckRolesAndAreIdempotent) {
    auto s = this->open();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->create_user(make_user("c1", Role::clinician)));
    ASSERT_TRUE(s->create_user(make_user("c2", Role::clinician)));
    ASSERT_TRUE(s->create_user(make_user("p1", Role::patient)));
    ASSERT_TRUE(s->create_user(make_user("p2", Role::patient)));
    ASSERT_TRUE(s->assign("c1", "p1", 10));
    ASSERT_TRUE(s->assign("c1", "p1", 11));
    ASSERT_TRUE(s->assign("c1", "p2", 12));
    ASSERT_TRUE(s->assign("c2", "p1", 13));

    Status wrong = s->assign("p1", "p2", 14);
    EXPECT_EQ(wrong.code(), StatusCode::invalid_argument);
    EXPECT_NE(wrong.message().find("'p1' is a patient"), std::string::npos) << wrong.message();
    EXPECT_EQ(s->assign("c1", "ghost", 15).code(), StatusCode::not_found);

    EXPECT_TRUE(*s->is_assigned("c1", "p1"));
    EXPECT_FALSE(*s->is_assigned("c2", "p2"));
    EXPECT_EQ(*s->patients_of("c1"), (std::vector<std::string>{"p1", "p2"}));
    EXPECT_EQ(*s->clinicians_of("p1"), (std::vector<std::string>{"c1", "c2"}));

    ASSERT_TRUE(s->unassign("c1", "p1"));
    EXPECT_FALSE(*s->is_assigned("c1", "p1"));
    EXPECT_EQ(s->unassign("c1", "p1").code(), StatusCode::not_found);
}

TYPED_TEST_P(StoreSuite, ConsentIsReplacedWhole) {
    auto s = this->open();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->create_user(make_user("p1", Role::patient)));
    ASSERT_TRUE(s->create_user(make_user("c1", Role::clinician)));
    EXPECT_EQ(s->get_consent("p1").status().code(), StatusCode::not_found);

    ASSERT_TRUE(s->put_consent({"p1", true, true, false, false, true, 100, true}));
    auto c = s->get_consent("p1");
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->text && c->voice && c->share_with_clinician && c->pool_outcomes);
    EXPECT_FALSE(c->face || c->body);

    ASSERT_TRUE(s->put_consent({"p1", false, false, true, true, false, 200}));
    c = s->get_consent("p1");
    EXPECT_FALSE(c->text || c->voice || c->share_with_clinician || c->pool_outcomes);
    EXPECT_TRUE(c->face && c->body);
    EXPECT_EQ(c->updated_at_ms, 200);

    EXPECT_EQ(s->put_consent({"c1", true, true, true, true, true, 1}).code(),
              StatusCode::invalid_argument);
}

TYPED_TEST_P(StoreSuite, PatientKeysAreKeptAndShredded) {
    auto s = this->open();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->create_user(make_user("p1", Role::patient)));
    const Blob wrapped = {0x00, 0xff, 0x10, 0x00, 0x7f};  // embedded zero bytes survive
    ASSERT_TRUE(s->put_patient_key({"p1", "k1", wrapped, 10}));
    ASSERT_TRUE(s->put_patient_key({"p1", "k2", blob("second"), 20}));
    Status dup = s->put_patient_key({"p1", "k1", blob("x"), 30});
    EXPECT_EQ(dup.code(), StatusCode::invalid_argument);
    EXPECT_NE(dup.message().find("'k1'"), std::string::npos) << dup.message();

    auto k1 = s->get_patient_key("p1", "k1");
    ASSERT_TRUE(k1);
    EXPECT_EQ(k1->wrapped_key, wrapped);
    auto keys = s->patient_keys("p1");
    ASSERT_EQ(keys->size(), 2u);
    EXPECT_EQ((*keys)[0].key_id, "k1");

    EXPECT_EQ(*s->delete_patient_keys("p1"), 2);
    EXPECT_EQ(s->get_patient_key("p1", "k1").status().code(), StatusCode::not_found);
    EXPECT_TRUE(s->patient_keys("p1")->empty());
}

TYPED_TEST_P(StoreSuite, JournalEntriesRoundTripNewestFirst) {
    auto s = this->open();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->create_user(make_user("p1", Role::patient)));
    ASSERT_TRUE(s->create_user(make_user("p2", Role::patient)));
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(s->add_journal_entry(make_entry(id("e", i), "p1", 100 * i)));
    ASSERT_TRUE(s->add_journal_entry(make_entry("other", "p2", 150)));
    JournalEntry empty = make_entry("empty", "p2", 160, 0);
    empty.analysis_ciphertext.clear();
    empty.crisis_level = CrisisLevel::behavior;
    ASSERT_TRUE(s->add_journal_entry(empty));

    auto e3 = s->get_journal_entry("e3");
    ASSERT_TRUE(e3) << e3.status().to_string();
    const JournalEntry want = make_entry("e3", "p1", 300);
    EXPECT_EQ(e3->patient_id, "p1");
    EXPECT_EQ(e3->created_at_ms, 300);
    EXPECT_EQ(e3->ciphertext, want.ciphertext);
    EXPECT_EQ(e3->analysis_ciphertext, want.analysis_ciphertext);
    EXPECT_EQ(e3->valence_x100, -35);
    EXPECT_EQ(e3->arousal_x100, 60);
    EXPECT_EQ(e3->crisis_level, CrisisLevel::passive);
    auto back = s->get_journal_entry("empty");
    ASSERT_TRUE(back);
    EXPECT_TRUE(back->ciphertext.empty());
    EXPECT_TRUE(back->analysis_ciphertext.empty());
    EXPECT_EQ(back->crisis_level, CrisisLevel::behavior);

    auto last3 = s->journal_entries("p1", {INT64_MIN, INT64_MAX, 3});
    ASSERT_TRUE(last3);
    ASSERT_EQ(last3->size(), 3u);
    EXPECT_EQ((*last3)[0].id, "e9");
    EXPECT_EQ((*last3)[2].id, "e7");
    auto window = s->journal_entries("p1", {200, 500, 100});  // [200, 500)
    ASSERT_EQ(window->size(), 3u);
    EXPECT_EQ((*window)[0].id, "e4");
    EXPECT_EQ((*window)[2].id, "e2");
    EXPECT_EQ(s->journal_entries("p1", {0, 1, -1}).status().code(), StatusCode::invalid_argument);

    Status dup = s->add_journal_entry(make_entry("e3", "p1", 1));
    EXPECT_EQ(dup.code(), StatusCode::invalid_argument);
    EXPECT_NE(dup.message().find("'e3'"), std::string::npos) << dup.message();
    EXPECT_EQ(s->add_journal_entry(make_entry("x", "ghost", 1)).code(), StatusCode::not_found);
    JournalEntry bad = make_entry("bad", "p1", 1);
    bad.valence_x100 = 101;
    Status range = s->add_journal_entry(bad);
    EXPECT_EQ(range.code(), StatusCode::invalid_argument);
    EXPECT_NE(range.message().find("valence_x100 101"), std::string::npos) << range.message();
    bad.valence_x100 = 0;
    bad.arousal_x100 = -1;
    EXPECT_EQ(s->add_journal_entry(bad).code(), StatusCode::invalid_argument);
    EXPECT_EQ(s->get_journal_entry("bad").status().code(), StatusCode::not_found);
}

TYPED_TEST_P(StoreSuite, JournalSignalsCarryNoTextAndOnlyCrisisAnalyses) {
    auto s = this->open();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->create_user(make_user("p1", Role::patient)));
    JournalEntry crisis = make_entry("j1", "p1", 10);  // passive, with an analysis
    JournalEntry calm = make_entry("j2", "p1", 20);
    calm.crisis_level = CrisisLevel::none;
    JournalEntry unanalysed = make_entry("j3", "p1", 30);
    unanalysed.analysis_ciphertext.clear();
    unanalysed.crisis_level = CrisisLevel::none;
    for (const auto& e : {crisis, calm, unanalysed}) ASSERT_TRUE(s->add_journal_entry(e));
    auto rows = s->journal_signals("p1", {});
    ASSERT_TRUE(rows) << rows.status().to_string();
    ASSERT_EQ(rows->size(), 3u);
    EXPECT_EQ((*rows)[0].id, "j3");  // newest first
    EXPECT_FALSE((*rows)[0].analysed);
    EXPECT_TRUE((*rows)[1].analysed);
    EXPECT_TRUE((*rows)[1].analysis_ciphertext.empty());  // no crisis: left in the database
    EXPECT_EQ((*rows)[2].crisis_level, CrisisLevel::passive);
    EXPECT_EQ((*rows)[2].analysis_ciphertext, crisis.analysis_ciphertext);
    EXPECT_EQ((*rows)[2].valence_x100, crisis.valence_x100);
    EXPECT_EQ((*rows)[2].arousal_x100, crisis.arousal_x100);
    EXPECT_EQ((*rows)[2].created_at_ms, 10);
    EXPECT_EQ(s->journal_signals("p1", {15, 25, 10})->size(), 1u);
}

TYPED_TEST_P(StoreSuite, CheckInsRoundTrip) {
    auto s = this->open();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->create_user(make_user("p1", Role::patient)));
    ASSERT_TRUE(s->add_check_in({"c1", "p1", 10, "phq9", 14, blob("1,2,0,3,1,0,2,1,0")}));
    ASSERT_TRUE(s->add_check_in({"c2", "p1", 20, "mood", 3, {}}));
    EXPECT_EQ(s->add_check_in({"c1", "p1", 30, "mood", 1, {}}).code(),
              StatusCode::invalid_argument);
    auto all = s->check_ins("p1", {});
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].id, "c2");
    EXPECT_EQ((*all)[1].kind, "phq9");
    EXPECT_EQ((*all)[1].score, 14);
    EXPECT_EQ((*all)[1].ciphertext, blob("1,2,0,3,1,0,2,1,0"));
}

TYPED_TEST_P(StoreSuite, AlertsAreKeptOncePerKeyAndChangeStatus) {
    auto s = this->open();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->create_user(make_user("p1", Role::patient)));
    ASSERT_TRUE(s->create_user(make_user("p2", Role::patient)));
    ASSERT_TRUE(s->create_user(make_user("c1", Role::clinician)));
    using S = TestFixture;
    auto added = s->add_alert(S::make_alert("a1", "p1", "crisis_language:j1", 100));
    ASSERT_TRUE(added) << added.status().to_string();
    EXPECT_TRUE(*added);
    // The same key again (a re-run of the tracker, maybe on another server): kept once.
    added = s->add_alert(S::make_alert("a2", "p1", "crisis_language:j1", 100));
    ASSERT_TRUE(added);
    EXPECT_FALSE(*added);
    EXPECT_EQ(s->get_alert("a2").status().code(), StatusCode::not_found);
    // The same key for another patient is another alert.
    EXPECT_TRUE(*s->add_alert(S::make_alert("a3", "p2", "crisis_language:j1", 100)));
    EXPECT_TRUE(*s->add_alert(S::make_alert("a4", "p1", "valence_drop:200", 300)));
    EXPECT_EQ(s->add_alert(S::make_alert("a1", "p1", "other:1", 1)).status().code(),
              StatusCode::invalid_argument);
    Alert bad = S::make_alert("a5", "p1", "x:1", 1);
    bad.severity = 4;
    EXPECT_EQ(s->add_alert(bad).status().code(), StatusCode::invalid_argument);
    EXPECT_EQ(s->add_alert(S::make_alert("a6", "c1", "x:1", 1)).status().code(),
              StatusCode::invalid_argument);
    EXPECT_EQ(s->add_alert(S::make_alert("a7", "ghost", "x:1", 1)).status().code(),
              StatusCode::not_found);

    auto open = s->alerts("p1", {});
    ASSERT_TRUE(open) << open.status().to_string();
    ASSERT_EQ(open->size(), 2u);
    EXPECT_EQ((*open)[0].id, "a4");  // newest raised first
    EXPECT_EQ((*open)[1].ciphertext, blob("sealed crisis_language:j1"));
    EXPECT_EQ((*open)[1].status, AlertStatus::open);

    ASSERT_TRUE(s->set_alert_status("a1", AlertStatus::acknowledged, "c1", 500));
    auto a1 = s->get_alert("a1");
    ASSERT_TRUE(a1);
    EXPECT_EQ(a1->status, AlertStatus::acknowledged);
    EXPECT_EQ(a1->acknowledged_by, "c1");
    EXPECT_EQ(a1->acknowledged_at_ms, 500);
    EXPECT_EQ(a1->updated_at_ms, 500);
    EXPECT_EQ(s->set_alert_status("nope", AlertStatus::dismissed, "c1", 1).code(),
              StatusCode::not_found);

    AlertQuery only_open;
    only_open.status = AlertStatus::open;
    EXPECT_EQ(s->alerts("p1", only_open)->size(), 1u);
    AlertQuery changed;
    changed.updated_since_ms = 400;
    ASSERT_EQ(s->alerts("p1", changed)->size(), 1u);
    EXPECT_EQ((*s->alerts("p1", changed))[0].id, "a1");

    ASSERT_TRUE(s->add_alert_note({"n2", "a1", "p1", "c1", 700, blob("called her")}));
    ASSERT_TRUE(s->add_alert_note({"n1", "a1", "p1", "c1", 600, blob("left a message")}));
    EXPECT_EQ(s->add_alert_note({"n1", "a1", "p1", "c1", 800, {}}).code(),
              StatusCode::invalid_argument);
    EXPECT_EQ(s->add_alert_note({"n3", "a1", "p2", "c1", 800, {}}).code(),
              StatusCode::invalid_argument);
    EXPECT_EQ(s->add_alert_note({"n4", "ghost", "p1", "c1", 800, {}}).code(),
              StatusCode::not_found);
    auto notes = s->alert_notes("a1");
    ASSERT_TRUE(notes);
    ASSERT_EQ(notes->size(), 2u);
    EXPECT_EQ((*notes)[0].id, "n1");  // oldest first
    EXPECT_EQ(s->get_alert("a1")->updated_at_ms, 600);  // the last note added was the older one

    ASSERT_TRUE(s->set_alert_status("a4", AlertStatus::dismissed, "c1", 900));
    auto a4 = s->get_alert("a4");
    EXPECT_EQ(a4->dismissed_by, "c1");
    EXPECT_EQ(a4->dismissed_at_ms, 900);
    EXPECT_EQ(a4->acknowledged_by, "");
}

// Issue #6: a turn of a companion conversation (state, messages, alert) is written whole or not
// at all, and only on top of the version it was built on.
TYPED_TEST_P(StoreSuite, CompanionTurnsAreSavedWholeOnTheVersionTheyReadOrNotAtAll) {
    auto s = this->open();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->create_user(make_user("p1", Role::patient)));
    ASSERT_TRUE(s->create_user(make_user("p2", Role::patient)));
    ASSERT_TRUE(s->create_user(make_user("c1", Role::clinician)));
    using S = TestFixture;
    EXPECT_EQ(s->get_companion_state("p1").status().code(), StatusCode::not_found);

    const ChatMessage first[] = {S::make_message("m1", "p1", 1000, ChatRole::person),
                                 S::make_message("m2", "p1", 1000, ChatRole::companion)};
    const Alert alert[] = {S::make_alert("a1", "p1", "companion_crisis:m1", 1000)};
    auto saved = s->save_companion({"p1", 1, 1000, blob("v1")}, first, alert);
    ASSERT_TRUE(saved) << saved.status().to_string();
    EXPECT_TRUE(*saved);
    auto state = s->get_companion_state("p1");
    ASSERT_TRUE(state) << state.status().to_string();
    EXPECT_EQ(state->version, 1);
    EXPECT_EQ(state->updated_at_ms, 1000);
    EXPECT_EQ(state->ciphertext, blob("v1"));
    auto alerts = s->alerts("p1", {});
    ASSERT_TRUE(alerts);
    ASSERT_EQ(alerts->size(), 1u);
    EXPECT_EQ((*alerts)[0].key, "companion_crisis:m1");

    // A second turn built on version 0 (a request that read before the first was saved) is
    // refused, and writes nothing: neither its messages nor its alert.
    const ChatMessage stale[] = {S::make_message("m3", "p1", 1001, ChatRole::person)};
    const Alert stale_alert[] = {S::make_alert("a2", "p1", "companion_crisis:m3", 1001)};
    saved = s->save_companion({"p1", 1, 1001, blob("stale")}, stale, stale_alert);
    ASSERT_TRUE(saved) << saved.status().to_string();
    EXPECT_FALSE(*saved);
    saved = s->save_companion({"p1", 3, 1001, blob("ahead")}, stale, {});
    ASSERT_TRUE(saved);
    EXPECT_FALSE(*saved);
    EXPECT_EQ(s->get_companion_state("p1")->ciphertext, blob("v1"));
    EXPECT_EQ(s->chat_messages("p1", {})->size(), 2u);
    EXPECT_EQ(s->get_alert("a2").status().code(), StatusCode::not_found);

    // On the version it read: saved. A state without messages (a safety plan edit) too.
    const ChatMessage second[] = {S::make_message("m4", "p1", 2000, ChatRole::person),
                                  S::make_message("m5", "p1", 2000, ChatRole::companion)};
    EXPECT_TRUE(*s->save_companion({"p1", 2, 2000, blob("v2")}, second, {}));
    EXPECT_TRUE(*s->save_companion({"p1", 3, 2500, blob("v3")}, {}, {}));
    EXPECT_EQ(s->get_companion_state("p1")->version, 3);

    // Newest first; at the same time the reply comes before the message it answers.
    auto all = s->chat_messages("p1", {});
    ASSERT_TRUE(all) << all.status().to_string();
    std::vector<std::string> ids;
    for (const auto& m : *all) ids.push_back(m.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"m5", "m4", "m2", "m1"}));
    EXPECT_EQ((*all)[0].role, ChatRole::companion);
    EXPECT_EQ((*all)[1].ciphertext, blob("sealed m4"));
    auto early = s->chat_messages("p1", {0, 2000, 1});
    ASSERT_TRUE(early);
    ASSERT_EQ(early->size(), 1u);
    EXPECT_EQ((*early)[0].id, "m2");
    EXPECT_TRUE(s->chat_messages("p2", {})->empty());

    // Refusals name what is wrong and write nothing.
    const ChatMessage taken[] = {S::make_message("m1", "p1", 3000, ChatRole::person)};
    EXPECT_EQ(s->save_companion({"p1", 4, 3000, blob("v4")}, taken, {}).status().code(),
              StatusCode::invalid_argument);
    EXPECT_EQ(s->get_companion_state("p1")->version, 3);  // rolled back with the message
    const ChatMessage theirs[] = {S::make_message("m9", "p2", 3000, ChatRole::person)};
    auto other = s->save_companion({"p1", 4, 3000, blob("v4")}, theirs, {});
    EXPECT_EQ(other.status().code(), StatusCode::invalid_argument);
    EXPECT_NE(other.status().message().find("m9"), std::string::npos) << other.status().message();
    Alert bad = S::make_alert("a9", "p1", "x:1", 1);
    bad.severity = 4;
    const Alert bad_alert[] = {bad};
    EXPECT_EQ(s->save_companion({"p1", 4, 3000, blob("v4")}, {}, bad_alert).status().code(),
              StatusCode::invalid_argument);
    EXPECT_EQ(s->save_companion({"p1", 0, 3000, blob("v0")}, {}, {}).status().code(),
              StatusCode::invalid_argument);
    EXPECT_EQ(s->save_companion({"c1", 1, 3000, blob("x")}, {}, {}).status().code(),
              StatusCode::invalid_argument);
    EXPECT_EQ(s->save_companion({"ghost", 1, 3000, blob("x")}, {}, {}).status().code(),
              StatusCode::not_found);
    EXPECT_EQ(s->chat_messages("p1", {0, 1, -1}).status().code(), StatusCode::invalid_argument);
}

// A person's message keeps its crisis level in clear; chat_signals reads only the messages with
// one, without their text.
TYPED_TEST_P(StoreSuite, ChatSignalsAreThePersonsMessagesWithCrisisLanguage) {
    using S = StoreSuite<TypeParam>;
    auto s = this->open();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->create_user(make_user("p1", Role::patient)));
    ASSERT_TRUE(s->create_user(make_user("p2", Role::patient)));
    auto flagged = [](ChatMessage m, CrisisLevel level) {
        m.crisis_level = level;
        return m;
    };
    const ChatMessage turns[] = {
        flagged(S::make_message("m1", "p1", 1000, ChatRole::person), CrisisLevel::passive),
        S::make_message("m2", "p1", 1000, ChatRole::companion),
        S::make_message("m3", "p1", 2000, ChatRole::person),
        flagged(S::make_message("m4", "p1", 3000, ChatRole::person), CrisisLevel::plan)};
    ASSERT_TRUE(*s->save_companion({"p1", 1, 3000, blob("v1")}, turns, {}));
    const ChatMessage other[] = {
        flagged(S::make_message("o1", "p2", 1500, ChatRole::person), CrisisLevel::active)};
    ASSERT_TRUE(*s->save_companion({"p2", 1, 1500, blob("v1")}, other, {}));

    auto all = s->chat_messages("p1", {});
    ASSERT_TRUE(all) << all.status().to_string();
    ASSERT_EQ(all->size(), 4u);
    EXPECT_EQ((*all)[0].crisis_level, CrisisLevel::plan);
    EXPECT_EQ((*all)[1].crisis_level, CrisisLevel::none);
    EXPECT_EQ((*all)[3].crisis_level, CrisisLevel::passive);

    auto signals = s->chat_signals("p1", {});
    ASSERT_TRUE(signals) << signals.status().to_string();
    ASSERT_EQ(signals->size(), 2u);  // newest first
    EXPECT_EQ((*signals)[0].id, "m4");
    EXPECT_EQ((*signals)[0].created_at_ms, 3000);
    EXPECT_EQ((*signals)[0].crisis_level, CrisisLevel::plan);
    EXPECT_EQ((*signals)[1].id, "m1");
    auto early = s->chat_signals("p1", {0, 2500, 10});
    ASSERT_TRUE(early);
    ASSERT_EQ(early->size(), 1u);
    EXPECT_EQ((*early)[0].id, "m1");
    EXPECT_EQ(s->chat_signals("p1", {0, 1, -1}).status().code(), StatusCode::invalid_argument);

    // A level off the ladder, or one on a reply, is refused naming the message.
    const ChatMessage off[] = {
        flagged(S::make_message("m5", "p1", 4000, ChatRole::person), static_cast<CrisisLevel>(7))};
    auto refused = s->save_companion({"p1", 2, 4000, blob("v2")}, off, {});
    EXPECT_EQ(refused.status().code(), StatusCode::invalid_argument);
    EXPECT_NE(refused.status().message().find("m5"), std::string::npos) << refused.status().message();
    const ChatMessage reply[] = {
        flagged(S::make_message("m6", "p1", 4000, ChatRole::companion), CrisisLevel::active)};
    EXPECT_EQ(s->save_companion({"p1", 2, 4000, blob("v2")}, reply, {}).status().code(),
              StatusCode::invalid_argument);
    EXPECT_EQ(s->get_companion_state("p1")->version, 1);
}

// Several requests (threads here; servers sharing a PostgreSQL store in production) answering
// messages of one conversation at once: each turn is saved exactly once, none is lost.
TYPED_TEST_P(StoreSuite, ConcurrentCompanionTurnsAreEachSavedOnce) {
    auto s = this->open();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->create_user(make_user("p1", Role::patient)));
    constexpr int kThreads = 6, kTurns = 10;
    std::atomic<int> conflicts{0}, failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int turn = 0; turn < kTurns; ++turn) {
                const std::string mid = id(id("t", t) + "-", turn);
                for (;;) {
                    auto current = s->get_companion_state("p1");
                    if (!current && current.status().code() != StatusCode::not_found) {
                        ++failures;
                        return;
                    }
                    const std::int64_t version = current ? current->version : 0;
                    const ChatMessage m[] = {{mid, "p1", version, ChatRole::person, blob(mid)}};
                    auto saved = s->save_companion({"p1", version + 1, version, blob(mid)}, m, {});
                    if (!saved) {
                        ++failures;
                        return;
                    }
                    if (*saved) break;
                    ++conflicts;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(s->get_companion_state("p1")->version, kThreads * kTurns);
    auto all = s->chat_messages("p1", {INT64_MIN, INT64_MAX, 1000});
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), static_cast<std::size_t>(kThreads * kTurns));
    // Each message was written by the turn that moved the version from its created_at_ms.
    std::set<std::int64_t> versions;
    for (const auto& m : *all) versions.insert(m.created_at_ms);
    EXPECT_EQ(versions.size(), all->size());
}

TYPED_TEST_P(StoreSuite, AuditLogIsOneChainAndCannotBeRewritten) {
    auto s = this->open();
    ASSERT_TRUE(s);
    std::vector<AuditRecord> written;
    for (int i = 0; i < 3; ++i) {
        auto r = s->append_audit({100 + i, "u1", "journal.create", "p1", "ok"}, test_hash);
        ASSERT_TRUE(r) << r.status().to_string();
        written.push_back(*r);
    }
    EXPECT_EQ(written[0].seq, 1);
    EXPECT_EQ(written[0].prev_hash, "");
    EXPECT_EQ(written[2].seq, 3);
    EXPECT_EQ(written[1].prev_hash, written[0].hash);
    EXPECT_EQ(written[2].prev_hash, written[1].hash);

    auto log = s->audit_log(2, 10);
    ASSERT_TRUE(log);
    ASSERT_EQ(log->size(), 2u);
    EXPECT_EQ((*log)[0].hash, written[1].hash);
    EXPECT_EQ((*log)[1].entry.time_ms, 102);

    // Behind the store's back: the back end itself refuses.
    EXPECT_FALSE(this->backend_.exec_raw("UPDATE audit_log SET outcome = 'denied' WHERE seq = 2"));
    EXPECT_FALSE(this->backend_.exec_raw("DELETE FROM audit_log WHERE seq = 3"));
    EXPECT_FALSE(this->backend_.exec_raw(
        "INSERT INTO audit_log (seq, time_ms, actor, action, subject, outcome, prev_hash, hash) "
        "VALUES (9, 1, 'x', 'x', 'x', 'x', 'forged', 'h')"));
    log = s->audit_log(1, 10);
    ASSERT_EQ(log->size(), 3u);
    EXPECT_EQ((*log)[1].entry.outcome, "ok");
}

TYPED_TEST_P(StoreSuite, ConcurrentAuditAppendsFormOneChain) {
    auto s = this->open();
    ASSERT_TRUE(s);
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i)
                if (!s->append_audit({i, id("u", t), "a", "s", "ok"}, test_hash))
                    ++failures;
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);
    auto log = s->audit_log(1, 1000);
    ASSERT_EQ(log->size(), 200u);
    for (std::size_t i = 0; i < log->size(); ++i) {
        const auto& r = (*log)[i];
        EXPECT_EQ(r.seq, static_cast<std::int64_t>(i + 1));
        EXPECT_EQ(r.prev_hash, i == 0 ? std::string() : (*log)[i - 1].hash);
        EXPECT_EQ(r.hash, test_hash(r.seq, r.entry, r.prev_hash));
    }
}

TYPED_TEST_P(StoreSuite, JournalEntryAndItsAuditRecordCommitTogether) {
    auto s = this->open();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->create_user(make_user("p1", Role::patient)));
    ASSERT_TRUE(s->create_user(make_user("c1", Role::clinician)));
    ASSERT_TRUE(s->append_audit({10, "system", "user.create", "p1", "ok"}, test_hash));

    auto r = s->add_journal_entry_audited(make_entry("e1", "p1", 100),
                                          {11, "p1", "journal.create", "p1/e1", "ok"}, test_hash);
    ASSERT_TRUE(r) << r.status().to_string();
    EXPECT_EQ(r->seq, 2);
    EXPECT_EQ(r->entry.subject, "p1/e1");
    auto log = s->audit_log(1, 10);
    ASSERT_TRUE(log);
    ASSERT_EQ(log->size(), 2u);
    EXPECT_EQ((*log)[1].prev_hash, (*log)[0].hash);
    EXPECT_EQ((*log)[1].hash, test_hash(2, (*log)[1].entry, (*log)[0].hash));
    EXPECT_EQ((*log)[1].hash, r->hash);
    auto e1 = s->get_journal_entry("e1");
    ASSERT_TRUE(e1) << e1.status().to_string();
    EXPECT_EQ(e1->ciphertext, make_entry("e1", "p1", 100).ciphertext);

    // A refused entry leaves neither its row nor an audit record (the caller audits the error).
    const AuditEntry a{12, "p1", "journal.create", "refused", "ok"};
    Status dup = s->add_journal_entry_audited(make_entry("e1", "p1", 101), a, test_hash).status();
    EXPECT_EQ(dup.code(), StatusCode::invalid_argument);
    EXPECT_NE(dup.message().find("'e1'"), std::string::npos) << dup.message();
    EXPECT_EQ(s->add_journal_entry_audited(make_entry("e2", "ghost", 1), a, test_hash)
                  .status()
                  .code(),
              StatusCode::not_found);
    EXPECT_EQ(s->add_journal_entry_audited(make_entry("e3", "c1", 1), a, test_hash).status().code(),
              StatusCode::invalid_argument);
    JournalEntry bad = make_entry("e4", "p1", 1);
    bad.valence_x100 = 101;
    Status range = s->add_journal_entry_audited(bad, a, test_hash).status();
    EXPECT_EQ(range.code(), StatusCode::invalid_argument);
    EXPECT_NE(range.message().find("valence_x100 101"), std::string::npos) << range.message();
    EXPECT_EQ(s->audit_log(1, 10)->size(), 2u);
    EXPECT_EQ(s->journal_entries("p1", {})->size(), 1u);
    for (const char* id : {"e2", "e3", "e4"})
        EXPECT_EQ(s->get_journal_entry(id).status().code(), StatusCode::not_found) << id;
    EXPECT_EQ(s->get_journal_entry("e1")->created_at_ms, 100);  // the first e1 is untouched
}

// Concurrent audited inserts and plain appends may share commits (group commit): each call must
// still get its own outcome, a refused entry must not fail the others of its batch, and the log
// must stay one chain with exactly one record per accepted call.
TYPED_TEST_P(StoreSuite, ConcurrentAuditedInsertsKeepOneChainAndTheirOwnOutcomes) {
    auto s = this->open();
    ASSERT_TRUE(s);
    constexpr int kThreads = 8, kPerThread = 40;
    for (int t = 0; t < kThreads; ++t)
        ASSERT_TRUE(s->create_user(make_user(id("p", t), Role::patient)));
    std::atomic<int> unexpected{0}, appended{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            const std::string p = id("p", t);
            for (int i = 0; i < kPerThread; ++i) {
                const std::string e = id(p + "-e", i);
                auto r = s->add_journal_entry_audited(make_entry(e, p, i, 256),
                                                      {i, p, "journal.create", e, "ok"}, test_hash);
                if (r) ++appended;
                else ++unexpected;
                if (i % 5 == 4) {  // a taken id: refused alone
                    auto dup = s->add_journal_entry_audited(
                        make_entry(e, p, i, 256), {i, p, "journal.create", "dup:" + e, "ok"},
                        test_hash);
                    if (dup || dup.status().code() != StatusCode::invalid_argument) ++unexpected;
                }
                if (i % 3 == 0) {
                    if (s->append_audit({i, p, "journal.read", "patient:" + p, "ok"}, test_hash))
                        ++appended;
                    else
                        ++unexpected;
                }
            }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(unexpected.load(), 0);
    auto log = s->audit_log(1, 100000);
    ASSERT_TRUE(log);
    ASSERT_EQ(log->size(), static_cast<std::size_t>(appended.load()));
    std::set<std::string> created;
    for (std::size_t i = 0; i < log->size(); ++i) {
        const auto& r = (*log)[i];
        EXPECT_EQ(r.seq, static_cast<std::int64_t>(i + 1));
        EXPECT_EQ(r.prev_hash, i == 0 ? std::string() : (*log)[i - 1].hash);
        EXPECT_EQ(r.hash, test_hash(r.seq, r.entry, r.prev_hash));
        EXPECT_NE(r.entry.subject.rfind("dup:", 0), 0u) << "a refused entry was audited";
        if (r.entry.action == "journal.create") {
            EXPECT_TRUE(created.insert(r.entry.subject).second) << r.entry.subject;
        }
    }
    EXPECT_EQ(created.size(), static_cast<std::size_t>(kThreads * kPerThread));
    for (int t = 0; t < kThreads; ++t) {
        auto rows = s->journal_entries(id("p", t), {INT64_MIN, INT64_MAX, 1000});
        ASSERT_TRUE(rows);
        EXPECT_EQ(rows->size(), static_cast<std::size_t>(kPerThread));
    }
}

TYPED_TEST_P(StoreSuite, MigrationsApplyOnceAndReopenKeepsData) {
    {
        auto s = this->open();
        ASSERT_TRUE(s);
        EXPECT_EQ(*s->schema_version(), this->backend_.latest_schema_version());
        ASSERT_TRUE(s->create_user(make_user("p1", Role::patient)));
    }
    for (int reopen = 0; reopen < 2; ++reopen) {
        auto s = this->open();
        ASSERT_TRUE(s);
        EXPECT_EQ(*s->schema_version(), this->backend_.latest_schema_version());
        EXPECT_TRUE(s->get_user("p1"));
    }
    EXPECT_EQ(this->backend_.migration_rows(), this->backend_.latest_schema_version());
}

// Schema v3 (the companion) on a database made by a v2 build: the step applies, the v2 rows are
// kept and the new tables work. The v2 database is this build's with v3 taken back out, which is
// exactly v2's schema since v3 only adds tables.
TYPED_TEST_P(StoreSuite, MigrationFromV2AddsTheCompanionTablesAndKeepsTheRows) {
    {
        auto s = this->open();
        ASSERT_TRUE(s);
        this->populate(*s, "pa", "c1");
    }
    ASSERT_TRUE(this->backend_.exec_raw(
        "DROP TABLE chat_messages; DROP TABLE companion_states; "
        "ALTER TABLE consents DROP COLUMN pool_outcomes; "
        "DELETE FROM schema_migrations WHERE version >= 3"));
    {
        auto s = open_store(this->backend_.url(), this->backend_.data_dir());
        ASSERT_TRUE(s) << s.status().to_string();
        EXPECT_EQ(*(*s)->schema_version(), this->backend_.latest_schema_version());
        ASSERT_GE(this->backend_.latest_schema_version(), 3);
        EXPECT_EQ((*s)->journal_entries("pa", {})->size(), 3u);
        EXPECT_EQ((*s)->alerts("pa", {})->size(), 1u);
        EXPECT_EQ((*s)->get_companion_state("pa").status().code(), StatusCode::not_found);
        const ChatMessage m[] = {{"m1", "pa", 5000, ChatRole::person, blob("hello")}};
        auto saved = (*s)->save_companion({"pa", 1, 5000, blob("state")}, m, {});
        ASSERT_TRUE(saved) << saved.status().to_string();
        EXPECT_TRUE(*saved);
        EXPECT_EQ((*s)->chat_messages("pa", {})->size(), 1u);
        EXPECT_TRUE((*s)->check_integrity()) << (*s)->check_integrity().to_string();
    }
    EXPECT_EQ(this->backend_.migration_rows(), this->backend_.latest_schema_version());
}

// Schema v4 (the crisis level of chat messages) on a database made by a v3 build: the messages
// already there are kept and read as none (their level is only in the sealed reply).
TYPED_TEST_P(StoreSuite, MigrationFromV3KeepsTheMessagesWithNoCrisisLevel) {
    {
        auto s = this->open();
        ASSERT_TRUE(s);
        this->populate(*s, "pa", "c1");
    }
    ASSERT_TRUE(this->backend_.exec_raw(
        "ALTER TABLE chat_messages DROP COLUMN crisis_level; "
        "ALTER TABLE consents DROP COLUMN pool_outcomes; "
        "DELETE FROM schema_migrations WHERE version >= 4"));
    {
        auto s = open_store(this->backend_.url(), this->backend_.data_dir());
        ASSERT_TRUE(s) << s.status().to_string();
        EXPECT_EQ(*(*s)->schema_version(), this->backend_.latest_schema_version());
        ASSERT_GE(this->backend_.latest_schema_version(), 4);
        auto kept = (*s)->chat_messages("pa", {});
        ASSERT_TRUE(kept) << kept.status().to_string();
        ASSERT_EQ(kept->size(), 2u);
        for (const auto& m : *kept) EXPECT_EQ(m.crisis_level, CrisisLevel::none);
        EXPECT_TRUE((*s)->chat_signals("pa", {})->empty());
        ChatMessage m{"pa-m2", "pa", 5000, ChatRole::person, blob("help"), CrisisLevel::active};
        ASSERT_TRUE(*(*s)->save_companion({"pa", 2, 5000, blob("state")}, std::span(&m, 1), {}));
        EXPECT_EQ((*s)->chat_signals("pa", {})->size(), 1u);
        EXPECT_TRUE((*s)->check_integrity()) << (*s)->check_integrity().to_string();
    }
    EXPECT_EQ(this->backend_.migration_rows(), this->backend_.latest_schema_version());
}

// Schema v5 (consent to pool exercise outcomes) on a database made by a v4 build: consent given
// before is kept, without that one, which can then be given.
TYPED_TEST_P(StoreSuite, MigrationFromV4KeepsConsentWithoutPoolingOutcomes) {
    {
        auto s = this->open();
        ASSERT_TRUE(s);
        this->populate(*s, "pa", "c1");
    }
    ASSERT_TRUE(this->backend_.exec_raw("ALTER TABLE consents DROP COLUMN pool_outcomes; "
                                        "DELETE FROM schema_migrations WHERE version >= 5"));
    {
        auto s = open_store(this->backend_.url(), this->backend_.data_dir());
        ASSERT_TRUE(s) << s.status().to_string();
        EXPECT_EQ(*(*s)->schema_version(), this->backend_.latest_schema_version());
        ASSERT_GE(this->backend_.latest_schema_version(), 5);
        auto c = (*s)->get_consent("pa");
        ASSERT_TRUE(c) << c.status().to_string();
        EXPECT_TRUE(c->text && c->face && c->share_with_clinician);
        EXPECT_FALSE(c->pool_outcomes);
        c->pool_outcomes = true;
        ASSERT_TRUE((*s)->put_consent(*c));
        EXPECT_TRUE((*s)->get_consent("pa")->pool_outcomes);
        EXPECT_TRUE((*s)->check_integrity()) << (*s)->check_integrity().to_string();
    }
    EXPECT_EQ(this->backend_.migration_rows(), this->backend_.latest_schema_version());
}

TYPED_TEST_P(StoreSuite, NewerSchemaIsRefusedNamingBothVersions) {
    { ASSERT_TRUE(this->open()); }
    const int latest = this->backend_.latest_schema_version();
    const int newer = latest + 7;
    ASSERT_TRUE(this->backend_.exec_raw(
        id("INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (", newer) +
        ", 'from the future', 0)"));
    auto s = open_store(this->backend_.url(), this->backend_.data_dir());
    ASSERT_FALSE(s);
    EXPECT_EQ(s.status().code(), StatusCode::unsupported);
    const std::string m = s.status().message();
    EXPECT_NE(m.find(id("version ", newer)), std::string::npos) << m;
    EXPECT_NE(m.find(id("build's ", latest)), std::string::npos) << m;
}

TYPED_TEST_P(StoreSuite, EraseRemovesOnePatientAndNothingElse) {
    auto s = this->open();
    ASSERT_TRUE(s);
    this->populate(*s, "pa", "c1");
    this->populate(*s, "pb", "c1");
    ASSERT_TRUE(s->append_audit({1, "c1", "journal.read", "pa", "ok"}, test_hash));

    auto deleted = s->erase_patient("pa");
    ASSERT_TRUE(deleted) << deleted.status().to_string();
    // user + 3 journal + check-in + alert + note + companion state + 2 messages + consent +
    // key + assignment + session
    EXPECT_EQ(*deleted, 14);

    EXPECT_EQ(s->get_user("pa").status().code(), StatusCode::not_found);
    EXPECT_TRUE(s->journal_entries("pa", {})->empty());
    EXPECT_EQ(s->get_journal_entry("pa-j0").status().code(), StatusCode::not_found);
    EXPECT_TRUE(s->check_ins("pa", {})->empty());
    EXPECT_EQ(s->get_consent("pa").status().code(), StatusCode::not_found);
    EXPECT_TRUE(s->patient_keys("pa")->empty());
    EXPECT_TRUE(s->clinicians_of("pa")->empty());
    EXPECT_EQ(s->get_session("digest-pa").status().code(), StatusCode::not_found);
    EXPECT_EQ(s->get_alert("pa-a0").status().code(), StatusCode::not_found);
    EXPECT_TRUE(s->alert_notes("pa-a0")->empty());
    EXPECT_EQ(s->get_companion_state("pa").status().code(), StatusCode::not_found);
    EXPECT_TRUE(s->chat_messages("pa", {})->empty());

    auto other = s->export_patient("pb");
    ASSERT_TRUE(other) << other.status().to_string();
    EXPECT_EQ(other->journal.size(), 3u);
    EXPECT_EQ(other->check_ins.size(), 1u);
    EXPECT_TRUE(other->consent.has_value());
    EXPECT_EQ(other->keys.size(), 1u);
    EXPECT_EQ(other->clinician_ids, std::vector<std::string>{"c1"});
    EXPECT_EQ(other->sessions.size(), 1u);
    EXPECT_TRUE(other->companion.has_value());
    EXPECT_EQ(other->chat.size(), 2u);
    EXPECT_TRUE(s->get_user("c1"));
    EXPECT_EQ(s->audit_log(1, 10)->size(), 1u);  // the record of access outlives the patient

    EXPECT_EQ(s->erase_patient("pa").status().code(), StatusCode::not_found);
    EXPECT_EQ(s->erase_patient("c1").status().code(), StatusCode::invalid_argument);
}

TYPED_TEST_P(StoreSuite, ExportHoldsEveryRowOfThePatient) {
    auto s = this->open();
    ASSERT_TRUE(s);
    this->populate(*s, "pa", "c1");
    auto x = s->export_patient("pa");
    ASSERT_TRUE(x) << x.status().to_string();
    EXPECT_EQ(x->user.id, "pa");
    ASSERT_TRUE(x->consent);
    EXPECT_TRUE(x->consent->face);
    ASSERT_EQ(x->keys.size(), 1u);
    EXPECT_EQ(x->keys[0].wrapped_key, blob("wrapped-pa"));
    ASSERT_EQ(x->journal.size(), 3u);
    EXPECT_EQ(x->journal[0].id, "pa-j0");  // oldest first
    EXPECT_EQ(x->check_ins[0].score, 12);
    EXPECT_EQ(x->sessions[0].token_digest, "digest-pa");
    ASSERT_EQ(x->alerts.size(), 1u);
    EXPECT_EQ(x->alerts[0].key, "valence_drop:3000");
    ASSERT_EQ(x->alert_notes.size(), 1u);
    EXPECT_EQ(x->alert_notes[0].ciphertext, blob("note"));
    ASSERT_TRUE(x->companion);
    EXPECT_EQ(x->companion->version, 1);
    EXPECT_EQ(x->companion->ciphertext, blob("state-pa"));
    ASSERT_EQ(x->chat.size(), 2u);
    EXPECT_EQ(x->chat[0].role, ChatRole::person);  // oldest first: the message, then its reply
    EXPECT_EQ(x->chat[1].ciphertext, blob("hi"));
    EXPECT_EQ(s->export_patient("ghost").status().code(), StatusCode::not_found);
    EXPECT_EQ(s->export_patient("c1").status().code(), StatusCode::invalid_argument);
}

TYPED_TEST_P(StoreSuite, ConcurrentInsertsFromEightThreadsAllLand) {
    auto s = this->open();
    ASSERT_TRUE(s);
    constexpr int kThreads = 8, kPerThread = 100;
    for (int t = 0; t < kThreads; ++t)
        ASSERT_TRUE(s->create_user(make_user(id("p", t), Role::patient)));
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            const std::string p = id("p", t);
            for (int i = 0; i < kPerThread; ++i) {
                if (!s->add_journal_entry(make_entry(id(p + "-", i), p, i, 1024)))
                    ++failures;
                // Readers run beside the writers (WAL): they must neither fail nor block them.
                if (i % 10 == 0 && !s->journal_entries(p, {INT64_MIN, INT64_MAX, 100}))
                    ++failures;
            }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);
    for (int t = 0; t < kThreads; ++t) {
        auto rows = s->journal_entries(id("p", t), {INT64_MIN, INT64_MAX, 1000});
        ASSERT_TRUE(rows);
        EXPECT_EQ(rows->size(), static_cast<std::size_t>(kPerThread));
    }
    EXPECT_TRUE(s->check_integrity());
}

// The reliability requirement of issue #4: SIGKILL in the middle of a burst of concurrent writes
// loses no write that was acknowledged. A child process writes from 4 threads and reports each
// acknowledged id through a pipe; the parent kills it mid-burst and looks for every id.
TYPED_TEST_P(StoreSuite, AcknowledgedWritesSurviveSigkill) {
    {
        auto s = this->open();
        ASSERT_TRUE(s);
        ASSERT_TRUE(s->create_user(make_user("p1", Role::patient)));
    }
    constexpr std::size_t kRecord = 32;  // < PIPE_BUF, so each write() is atomic
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        // Child: no gtest macros, no return; it ends only by SIGKILL or _exit.
        close(fds[0]);
        auto opened = open_store(this->backend_.url(), this->backend_.data_dir());
        if (!opened) _exit(2);
        Store& store = **opened;
        std::vector<std::thread> writers;
        for (int t = 0; t < 4; ++t)
            writers.emplace_back([&, t] {
                for (int i = 0;; ++i) {
                    char id[kRecord] = {};
                    std::snprintf(id, sizeof id, "t%d-%d", t, i);
                    // Threads 2 and 3 write each entry with its audit record (group commit).
                    const bool ok =
                        t < 2 ? store.add_journal_entry(make_entry(id, "p1", i, 1024)).is_ok()
                              : store.add_journal_entry_audited(make_entry(id, "p1", i, 1024),
                                                                {i, "p1", "journal.create", id,
                                                                 "ok"},
                                                                test_hash)
                                    .is_ok();
                    if (!ok) _exit(3);
                    if (write(fds[1], id, kRecord) != static_cast<ssize_t>(kRecord)) _exit(4);
                }
            });
        for (auto& w : writers) w.join();
        _exit(0);
    }
    close(fds[1]);

    std::vector<std::string> acked;
    std::string buffer;
    bool closed = false;  // the writer's end of the pipe: it exited
    auto drain = [&](int timeout_ms) {
        pollfd p{fds[0], POLLIN, 0};
        if (poll(&p, 1, timeout_ms) <= 0) return false;
        char chunk[4096];
        const ssize_t n = read(fds[0], chunk, sizeof chunk);
        if (n <= 0) {
            closed = true;
            return false;
        }
        buffer.append(chunk, static_cast<std::size_t>(n));
        while (buffer.size() >= kRecord) {
            acked.emplace_back(buffer.c_str());
            buffer.erase(0, kRecord);
        }
        return true;
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    // A second without an acknowledgement is a slow disk under a loaded machine, not the end:
    // only the deadline or the writer's exit stops the wait.
    while (acked.size() < 300 && std::chrono::steady_clock::now() < deadline && !closed) drain(1000);
    kill(pid, SIGKILL);
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    while (drain(0)) {  // acknowledgements still in the pipe were acknowledged before the kill
    }
    close(fds[0]);
    ASSERT_TRUE(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL)
        << "the writer ended before the kill, exit status " << WEXITSTATUS(wstatus);
    ASSERT_GE(acked.size(), 300u) << "the writer acknowledged too few writes before the deadline";

    auto s = this->open();
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->check_integrity());
    std::size_t missing = 0, unaudited = 0, audited_acks = 0;
    auto log = s->audit_log(1, 10'000'000);
    ASSERT_TRUE(log) << log.status().to_string();
    std::set<std::string> subjects;
    for (std::size_t i = 0; i < log->size(); ++i) {
        const auto& r = (*log)[i];
        subjects.insert(r.entry.subject);
        EXPECT_EQ(r.seq, static_cast<std::int64_t>(i + 1));
        EXPECT_EQ(r.prev_hash, i == 0 ? std::string() : (*log)[i - 1].hash);
    }
    for (const auto& id : acked) {
        if (!s->get_journal_entry(id)) ++missing;
        if (id[1] == '2' || id[1] == '3') {
            ++audited_acks;
            if (!subjects.count(id)) ++unaudited;
        }
    }
    EXPECT_EQ(missing, 0u) << "of " << acked.size() << " acknowledged writes";
    EXPECT_EQ(unaudited, 0u) << "of " << audited_acks << " acknowledged audited writes";
    EXPECT_GT(audited_acks, 0u);
    // No audit record without its entry: the two commit together.
    for (const auto& subject : subjects)
        EXPECT_TRUE(s->get_journal_entry(subject)) << "audit record of a missing entry " << subject;
}

REGISTER_TYPED_TEST_SUITE_P(StoreSuite, UsersRoundTripAndNameTheirConflicts,
                            SessionsAreCreatedRevokedAndSwept,
                            AssignmentsCheckRolesAndAreIdempotent, ConsentIsReplacedWhole,
                            PatientKeysAreKeptAndShredded, JournalEntriesRoundTripNewestFirst,
                            JournalSignalsCarryNoTextAndOnlyCrisisAnalyses,
                            CheckInsRoundTrip, AlertsAreKeptOncePerKeyAndChangeStatus,
                            CompanionTurnsAreSavedWholeOnTheVersionTheyReadOrNotAtAll,
                            ChatSignalsAreThePersonsMessagesWithCrisisLanguage,
                            ConcurrentCompanionTurnsAreEachSavedOnce,
                            AuditLogIsOneChainAndCannotBeRewritten,
                            ConcurrentAuditAppendsFormOneChain,
                            JournalEntryAndItsAuditRecordCommitTogether,
                            ConcurrentAuditedInsertsKeepOneChainAndTheirOwnOutcomes,
                            MigrationsApplyOnceAndReopenKeepsData,
                            NewerSchemaIsRefusedNamingBothVersions,
                            MigrationFromV2AddsTheCompanionTablesAndKeepsTheRows,
                            MigrationFromV3KeepsTheMessagesWithNoCrisisLevel,
                            MigrationFromV4KeepsConsentWithoutPoolingOutcomes,
                            EraseRemovesOnePatientAndNothingElse,
                            ExportHoldsEveryRowOfThePatient,
                            ConcurrentInsertsFromEightThreadsAllLand,
                            AcknowledgedWritesSurviveSigkill);

}  // namespace attune::store::test
