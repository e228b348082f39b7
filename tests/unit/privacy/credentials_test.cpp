// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <attune/privacy.hpp>
#include <set>

namespace attune::privacy {
namespace {

TEST(Password, VerifiesTheRightPasswordOnly) {
    auto h = hash_password("tr0ub4dor&3", KdfCost::interactive);
    ASSERT_TRUE(h.is_ok()) << h.status().to_string();
    EXPECT_EQ(h->rfind("$argon2id$", 0), 0u) << *h;
    EXPECT_TRUE(verify_password(*h, "tr0ub4dor&3"));
    EXPECT_FALSE(verify_password(*h, "tr0ub4dor&4"));
    EXPECT_FALSE(verify_password(*h, ""));
    auto again = hash_password("tr0ub4dor&3", KdfCost::interactive);
    ASSERT_TRUE(again.is_ok());
    EXPECT_NE(*h, *again) << "each hash takes a fresh salt";
}

TEST(Password, MalformedHashesAndEmptyPasswordsAreRefused) {
    EXPECT_FALSE(verify_password("", "x"));
    EXPECT_FALSE(verify_password("$argon2id$v=19$garbage", "x"));
    EXPECT_FALSE(verify_password(std::string(200, '$'), "x"));
    EXPECT_EQ(hash_password("", KdfCost::interactive).status().code(),
              StatusCode::invalid_argument);
}

TEST(Password, DefaultCostIsModerate) {
    auto h = hash_password("pw");
    ASSERT_TRUE(h.is_ok()) << h.status().to_string();
    EXPECT_NE(h->find("m=262144,t=3,p=1"), std::string::npos) << *h;
    EXPECT_TRUE(verify_password(*h, "pw"));
}

TEST(Token, Is43UrlSafeCharactersAndUnique) {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const std::string t = new_token();
        EXPECT_EQ(t.size(), 43u);
        EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                      "0123456789-_"),
                  std::string::npos)
            << t;
        seen.insert(t);
    }
    EXPECT_EQ(seen.size(), 100u);
}

TEST(Token, DigestIsStableBlake2b256Hex) {
    // BLAKE2b-256 of the empty string (RFC 7693 parameters, 32-byte output).
    EXPECT_EQ(token_digest(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    const std::string t = new_token();
    EXPECT_EQ(token_digest(t), token_digest(t));
    EXPECT_EQ(token_digest(t).size(), 64u);
    EXPECT_NE(token_digest(t), token_digest(new_token()));
    EXPECT_EQ(token_digest(t).find(t), std::string::npos);
}

TEST(ConstantTimeEqual, ComparesContentAndLength) {
    EXPECT_TRUE(constant_time_equal("", ""));
    EXPECT_TRUE(constant_time_equal("abc", "abc"));
    EXPECT_FALSE(constant_time_equal("abc", "abd"));
    EXPECT_FALSE(constant_time_equal("abc", "ab"));
    const std::string d = token_digest("x");
    EXPECT_TRUE(constant_time_equal(d, token_digest("x")));
}

}  // namespace
}  // namespace attune::privacy
