// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "text/features.hpp"

namespace attune::text {
namespace {

std::vector<FeatureHit> hits_of(std::string_view s) {
    std::vector<FeatureHit> h;
    extract_ngrams(tokenize_words(s), h);
    return h;
}

bool has_negated(const std::vector<FeatureHit>& hits) {
    return std::any_of(hits.begin(), hits.end(), [](const auto& h) { return h.negated; });
}

TEST(Ngrams, SameTextSameHashes) {
    auto a = hits_of("i feel calm today");
    auto b = hits_of("i feel calm today");
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].hash, b[i].hash);
}

TEST(Ngrams, BigramsDependOnOrder) {
    auto a = hits_of("not happy");
    auto b = hits_of("happy not");
    std::set<std::uint64_t> sa, sb;
    for (auto& h : a) sa.insert(h.hash);
    for (auto& h : b) sb.insert(h.hash);
    EXPECT_NE(sa, sb);
}

TEST(Ngrams, NegationScopeMarksTheNextWordsUntilPunctuationOrBut) {
    EXPECT_TRUE(has_negated(hits_of("i am not happy")));
    EXPECT_TRUE(has_negated(hits_of("i don't like it")));
    EXPECT_FALSE(has_negated(hits_of("i am happy")));
    auto h = hits_of("not ! happy");
    EXPECT_FALSE(has_negated(h));
}

TEST(Vocabulary, FindsEveryKeyAndRejectsOthers) {
    std::vector<std::uint64_t> keys;
    for (std::uint64_t k = 1; k <= 1000; ++k) keys.push_back(k * 0x9E3779B97F4A7C15ull);
    Vocabulary v(keys);
    for (std::size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(v.find(keys[i]), static_cast<std::int32_t>(i));
    EXPECT_EQ(v.find(12345), -1);
}

TEST(BuildInput, SparsePartIsUnitLengthAndDenseFollows) {
    auto tokens = tokenize_words("bad bad day");
    std::vector<FeatureHit> hits;
    extract_ngrams(tokens, hits);
    std::vector<std::uint64_t> keys;
    for (auto& h : hits) keys.push_back(h.hash);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    Vocabulary v(keys);
    std::vector<float> idf(keys.size(), 1.0f);
    SentimentDetail s;
    s.scores.compound = -0.5;
    SparseVector x;
    build_input(v, idf, hits, tokens, s, {}, x);
    double norm2 = 0;
    for (std::size_t i = 0; i < x.index.size(); ++i)
        if (x.index[i] < v.size()) norm2 += x.value[i] * x.value[i];
    EXPECT_NEAR(norm2, 1.0, 1e-5);
    EXPECT_TRUE(std::is_sorted(x.index.begin(), x.index.end()));
    // Every distinct n-gram is in the vocabulary here, then the dense features.
    ASSERT_EQ(x.index.size(), keys.size() + kNumDenseBase);
    // "bad" occurs twice: sublinear TF gives it more weight than "day".
    auto value_of = [&](std::string_view w) {
        const auto idx = static_cast<std::uint32_t>(v.find(unigram_hash(w)));
        return x.value[static_cast<std::size_t>(std::lower_bound(x.index.begin(), x.index.end(), idx) - x.index.begin())];
    };
    EXPECT_GT(value_of("bad"), value_of("day"));
    EXPECT_EQ(x.index[x.index.size() - kNumDenseBase], v.size());
    EXPECT_FLOAT_EQ(x.value[x.index.size() - kNumDenseBase], -0.5f);  // compound is dense feature 0
}

TEST(BuildInput, EachHitKnowsWhereItsFeatureIsAndHowOftenItOccurs) {
    // What explanations rely on: per hit, its feature's position in the input (or -1 when the
    // vocabulary lacks it), and per feature the number of its hits.
    auto tokens = tokenize_words("bad bad day, bad night");
    std::vector<FeatureHit> hits;
    extract_ngrams(tokens, hits);
    std::vector<std::uint64_t> keys;
    for (auto& h : hits)
        if (h.hash != unigram_hash("night")) keys.push_back(h.hash);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    std::reverse(keys.begin(), keys.end());  // vocabulary order unlike hash order
    Vocabulary v(keys);
    std::vector<float> idf(keys.size(), 1.0f);
    SparseVector x;
    std::vector<std::int32_t> where;
    std::vector<std::uint16_t> occurrences;
    build_input(v, idf, hits, tokens, SentimentDetail{}, {}, x, &where, &occurrences);
    ASSERT_EQ(where.size(), hits.size());
    ASSERT_EQ(occurrences.size(), keys.size());
    std::vector<std::uint16_t> counted(keys.size(), 0);
    for (std::size_t i = 0; i < hits.size(); ++i) {
        const auto idx = v.find(hits[i].hash);
        if (idx < 0) {
            EXPECT_EQ(where[i], -1) << "hit " << i;
            continue;
        }
        ASSERT_GE(where[i], 0) << "hit " << i;
        EXPECT_EQ(x.index[static_cast<std::size_t>(where[i])], static_cast<std::uint32_t>(idx)) << "hit " << i;
        ++counted[static_cast<std::size_t>(where[i])];
    }
    EXPECT_EQ(occurrences, counted);
    const auto bad = static_cast<std::uint32_t>(v.find(unigram_hash("bad")));
    const auto at = std::lower_bound(x.index.begin(), x.index.end(), bad) - x.index.begin();
    EXPECT_EQ(occurrences[static_cast<std::size_t>(at)], 3);
    EXPECT_EQ(v.find(unigram_hash("night")), -1);
}

}  // namespace
}  // namespace attune::text
