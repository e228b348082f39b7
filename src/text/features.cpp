// SPDX-License-Identifier: Apache-2.0
#include "text/features.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <optional>

namespace attune::text {
namespace {

constexpr std::uint64_t kUnigramSeed = 0x9E3779B97F4A7C15ull;
constexpr std::uint64_t kBigramSeed = 0xC2B2AE3D27D4EB4Full;
constexpr std::uint64_t kNegatedSeed = 0x165667B19E3779F9ull;
constexpr std::uint64_t kCharSeed = 0x27D4EB2F165667C5ull;
constexpr std::size_t kNegationScope = 3;  // tokens after a negator, as in VADER's window

bool is_negator(std::string_view t) {
    static constexpr std::string_view kNeg[] = {"not", "no", "never", "cannot", "without", "nothing",
                                                "nobody", "none", "neither", "nor", "nowhere"};
    for (auto n : kNeg)
        if (t == n) return true;
    return t.size() > 3 && t.ends_with("n't");
}

bool ends_scope(std::string_view t) {
    return t == "!" || t == "?" || t == "but" || t == "however" || t == "although";
}

std::uint64_t mix(std::uint64_t h) {
    // splitmix64 finaliser: spreads the FNV bits over the table's low bits.
    h ^= h >> 30;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 27;
    h *= 0x94D049BB133111EBull;
    h ^= h >> 31;
    return h;
}

}  // namespace

std::uint64_t unigram_hash(std::string_view token) { return mix(fnv1a64(token, kUnigramSeed)); }

void extract_ngrams(const std::vector<WordToken>& tokens, std::vector<FeatureHit>& out) {
    out.clear();
    std::size_t scope_left = 0;
    std::uint64_t prev = fnv1a64("<s>", kBigramSeed);
    std::optional<std::uint32_t> prev_i;  // the previous token that made features
    for (std::uint32_t i = 0; i < tokens.size(); ++i) {
        const std::string& t = tokens[i].text;
        // Intensifiers are left to the rules (see is_booster); the bigram bridges over them.
        if (is_booster(t)) continue;
        out.push_back({unigram_hash(t), i, i, false});
        // Bigram hash chains the previous token's hash through the next one's bytes.
        const std::uint64_t cur = fnv1a64(t, kBigramSeed);
        out.push_back({mix(fnv1a64(t, prev ^ kBigramSeed)), prev_i.value_or(i), i, false});
        prev = cur;
        prev_i = i;
        if (scope_left > 0) {
            if (ends_scope(t)) scope_left = 0;
            else {
                out.push_back({mix(fnv1a64(t, kNegatedSeed)), i, i, true});
                --scope_left;
            }
        }
        if (is_negator(t)) scope_left = kNegationScope;
        // Character 3- to 5-grams of words of four or more letters, with boundary marks
        // (Bojanowski et al. 2017): "embarrassed" shares "<emb", "barr" with "embarrassing",
        // which is what rare labels such as embarrassment, grief and nervousness need.
        if (t.size() >= 4 && static_cast<unsigned char>(t[0]) < 0x80) {
            const std::string b = "<" + t + ">";
            const std::string_view bv(b);
            for (std::size_t n = 3; n <= 5 && n < b.size(); ++n)
                for (std::size_t s = 0; s + n <= b.size(); ++s)
                    out.push_back({mix(fnv1a64(bv.substr(s, n), kCharSeed)), i, i, false});
        }
    }
}

Vocabulary::Vocabulary(std::vector<std::uint64_t> keys) : keys_(std::move(keys)) {
    const std::size_t cap = std::bit_ceil(std::max<std::size_t>(16, keys_.size() * 2));
    slots_.assign(cap, {});
    mask_ = cap - 1;
    for (std::size_t i = 0; i < keys_.size(); ++i) {
        std::size_t s = keys_[i] & mask_;
        while (slots_[s].index >= 0) s = (s + 1) & mask_;
        slots_[s] = {keys_[i], static_cast<std::int32_t>(i)};
    }
}

void build_input(const Vocabulary& vocab, std::span<const float> idf, std::span<const FeatureHit> hits,
                 const std::vector<WordToken>& tokens, const SentimentDetail& sentiment,
                 std::span<const float> extra, SparseVector& out,
                 std::vector<std::int32_t>* where, std::vector<std::uint16_t>* occurrences) {
    out.clear();
    if (where) where->assign(hits.size(), -1);
    // The vocabulary and IDF reads miss the cache on most hits (the table is megabytes): all the
    // table's slots are requested first, so that their misses overlap instead of queueing.
    for (const auto& h : hits) vocab.prefetch(h.hash);
    // (vocabulary index << 32 | hit number): sorted, equal features fall together and each hit
    // learns its feature's position without a search.
    thread_local std::vector<std::uint64_t> found;
    found.clear();
    for (std::size_t i = 0; i < hits.size(); ++i) {
        const auto idx = vocab.find(hits[i].hash);
        if (idx < 0) continue;
        __builtin_prefetch(&idf[static_cast<std::size_t>(idx)]);
        found.push_back(static_cast<std::uint64_t>(idx) << 32 | i);
    }
    std::sort(found.begin(), found.end());
    if (occurrences) occurrences->clear();
    // Sublinear term frequency (1 + log tf) times IDF, then L2 norm (Salton & Buckley 1988).
    double norm2 = 0;
    for (std::size_t r = 0; r < found.size();) {
        const auto idx = static_cast<std::uint32_t>(found[r] >> 32);
        std::size_t e = r;
        for (; e < found.size() && found[e] >> 32 == idx; ++e)
            if (where)
                (*where)[found[e] & 0xffffffffu] = static_cast<std::int32_t>(out.index.size());
        // log(1) is 0: most features occur once, and the call is skipped for them.
        const float tf = e - r == 1 ? 1.0f : 1.0f + std::log(static_cast<float>(e - r));
        const float v = tf * idf[idx];
        out.index.push_back(idx);
        out.value.push_back(v);
        if (occurrences) occurrences->push_back(static_cast<std::uint16_t>(std::min<std::size_t>(e - r, 65535)));
        norm2 += static_cast<double>(v) * v;
        r = e;
    }
    if (norm2 > 0) {
        const auto inv = static_cast<float>(1.0 / std::sqrt(norm2));
        for (float& v : out.value) v *= inv;
    }

    std::size_t caps = 0, elongated = 0, exclaim = 0, question = 0, words = 0;
    for (const auto& t : tokens) {
        if (t.text == "!") ++exclaim;
        else if (t.text == "?") ++question;
        else ++words;
        caps += t.caps;
        elongated += t.elongated;
    }
    const float dense[kNumDenseBase] = {
        static_cast<float>(sentiment.scores.compound),
        static_cast<float>(sentiment.scores.positive),
        static_cast<float>(sentiment.scores.negative),
        static_cast<float>(std::tanh(sentiment.raw_sum / 4.0)),
        words ? static_cast<float>(caps) / static_cast<float>(words) : 0.0f,
        std::min(1.0f, static_cast<float>(exclaim) / 3.0f),
        std::min(1.0f, static_cast<float>(question) / 2.0f),
        std::min(1.0f, static_cast<float>(elongated)),
    };
    const auto base = static_cast<std::uint32_t>(vocab.size());
    for (std::size_t i = 0; i < kNumDenseBase; ++i) {
        out.index.push_back(base + static_cast<std::uint32_t>(i));
        out.value.push_back(dense[i]);
    }
    for (std::size_t i = 0; i < extra.size(); ++i) {
        out.index.push_back(base + static_cast<std::uint32_t>(kNumDenseBase + i));
        out.value.push_back(extra[i]);
    }
}

}  // namespace attune::text
