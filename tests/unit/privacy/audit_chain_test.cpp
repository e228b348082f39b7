// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <attune/privacy.hpp>

namespace attune::privacy {
namespace {

AuditRecord record(std::string actor, std::string action, std::string subject) {
    AuditRecord r;
    r.time_utc = "2024-05-01T09:30:00.000Z";
    r.actor = std::move(actor);
    r.action = std::move(action);
    r.subject = std::move(subject);
    r.outcome = "ok";
    return r;
}

std::vector<AuditRecord> chain(std::size_t n) {
    std::vector<AuditRecord> out;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(append(record("user:" + std::to_string(i % 3), "journal.read",
                                    "patient:42/journal:" + std::to_string(i)),
                             out.empty() ? nullptr : &out.back()));
    return out;
}

TEST(AuditChain, AppendLinksRecords) {
    const auto c = chain(5);
    EXPECT_EQ(c[0].seq, 1u);
    EXPECT_EQ(c[0].prev_hash, kGenesisHash);
    for (std::size_t i = 1; i < c.size(); ++i) {
        EXPECT_EQ(c[i].seq, i + 1);
        EXPECT_EQ(c[i].prev_hash, c[i - 1].hash);
    }
    EXPECT_FALSE(verify_chain(c).has_value());
    EXPECT_FALSE(verify_chain({}).has_value());
}

TEST(AuditChain, HashFollowsTheDocumentedSerialisation) {
    // Computed independently (Python hashlib.blake2b, digest_size=32) over
    // "attune-audit-v1" || u64le(1) || for each field: u64le(len) || bytes.
    AuditRecord r = record("user:3", "journal.read", "patient:42/journal:7");
    r.seq = 1;
    EXPECT_EQ(chain_hash(kGenesisHash, r),
              "d65b6c7a612cfda8c6e0c87ab1c16170ac6366b289ced97f925ed9adacaf82a2");
}

TEST(AuditChain, LengthPrefixesKeepFieldBoundaries) {
    AuditRecord a = record("ab", "c", "s");
    AuditRecord b = record("a", "bc", "s");
    EXPECT_NE(chain_hash(kGenesisHash, a), chain_hash(kGenesisHash, b));
}

TEST(AuditChain, AlteringAnyFieldIsFoundAtThatRecord) {
    for (int field = 0; field < 6; ++field) {
        auto c = chain(6);
        AuditRecord& r = c[3];
        switch (field) {
            case 0:
                r.time_utc = "2024-05-01T09:31:00.000Z";
                break;
            case 1:
                r.actor = "user:9";
                break;
            case 2:
                r.action = "journal.write";
                break;
            case 3:
                r.subject = "patient:43/journal:3";
                break;
            case 4:
                r.outcome = "denied";
                break;
            case 5:
                r.hash[0] = r.hash[0] == 'a' ? 'b' : 'a';
                break;
        }
        auto fault = verify_chain(c);
        ASSERT_TRUE(fault.has_value()) << "field " << field;
        EXPECT_EQ(fault->index, 3u) << fault->reason;
        if (field < 5) {
            EXPECT_NE(fault->reason.find("altered"), std::string::npos) << fault->reason;
        }
    }
}

TEST(AuditChain, AlteredRecordWithARecomputedHashBreaksTheNextLink) {
    auto c = chain(6);
    c[2].outcome = "denied";
    c[2].hash = chain_hash(c[2].prev_hash, c[2]);
    auto fault = verify_chain(c);
    ASSERT_TRUE(fault.has_value());
    EXPECT_EQ(fault->index, 3u);
    EXPECT_NE(fault->reason.find("prev_hash"), std::string::npos) << fault->reason;
}

TEST(AuditChain, DeletedRecordIsFoundWhereItWas) {
    auto c = chain(6);
    c.erase(c.begin() + 2);
    auto fault = verify_chain(c);
    ASSERT_TRUE(fault.has_value());
    EXPECT_EQ(fault->index, 2u);
    EXPECT_NE(fault->reason.find("seq 4 follows seq 2"), std::string::npos) << fault->reason;

    auto d = chain(3);
    d.erase(d.begin());
    fault = verify_chain(d);
    ASSERT_TRUE(fault.has_value());
    EXPECT_EQ(fault->index, 0u);
}

TEST(AuditChain, ReorderedRecordsAreFoundAtTheFirstMovedOne) {
    auto c = chain(6);
    std::swap(c[1], c[2]);
    auto fault = verify_chain(c);
    ASSERT_TRUE(fault.has_value());
    EXPECT_EQ(fault->index, 1u);
}

TEST(AuditChain, RenumberedRecordIsFound) {
    auto c = chain(4);
    c[2].seq = 7;
    auto fault = verify_chain(c);
    ASSERT_TRUE(fault.has_value());
    EXPECT_EQ(fault->index, 2u);
}

}  // namespace
}  // namespace attune::privacy
