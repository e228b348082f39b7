// SPDX-License-Identifier: Apache-2.0
// Sparse n-gram features for the learned text models: hashed unigrams, bigrams,
// negation-scoped unigrams and character 3-5-grams, weighted by sublinear TF-IDF and L2-normalised, plus a few dense
// features from the rule-based sentiment.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <attune/core.hpp>

#include "text/sentiment.hpp"
#include "text/tokenize.hpp"

namespace attune::text {

// One feature occurrence in a text: its hash and the tokens [first, last] it covers
// (a character n-gram covers the one token it came from).
struct FeatureHit {
    std::uint64_t hash;
    std::uint32_t first;
    std::uint32_t last;
    bool negated;  // a negation-scoped unigram ("not happy" also yields NEG:happy)
};

// Hashes of the unigrams, bigrams, negation-scoped unigrams and character n-grams of `tokens`,
// in text order.
void extract_ngrams(const std::vector<WordToken>& tokens, std::vector<FeatureHit>& out);
std::uint64_t unigram_hash(std::string_view token);

// Hash -> feature index, an open-addressing table built from the model's key list.
class Vocabulary {
public:
    Vocabulary() = default;
    explicit Vocabulary(std::vector<std::uint64_t> keys);
    // Index of the key, or -1.
    std::int32_t find(std::uint64_t key) const {
        if (slots_.empty()) return -1;
        for (std::size_t s = key & mask_;; s = (s + 1) & mask_) {
            const auto& slot = slots_[s];
            if (slot.index < 0) return -1;
            if (slot.key == key) return slot.index;
        }
    }
    // Asks the memory system for the slot where a search for `key` begins, ahead of find().
    void prefetch(std::uint64_t key) const {
        if (!slots_.empty()) __builtin_prefetch(&slots_[key & mask_]);
    }
    std::size_t size() const { return keys_.size(); }
    const std::vector<std::uint64_t>& keys() const { return keys_; }

private:
    struct Slot {
        std::uint64_t key = 0;
        std::int32_t index = -1;
    };
    std::vector<std::uint64_t> keys_;
    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
};

// Dense features appended after the vocabulary, from the rules and the text's surface.
inline constexpr std::size_t kNumDenseBase = 8;

// A sparse vector: sorted unique indices and their values.
struct SparseVector {
    std::vector<std::uint32_t> index;
    std::vector<float> value;
    void clear() { index.clear(); value.clear(); }
};

// Builds the model input: vocabulary features (sublinear TF times IDF, L2-normalised) followed
// by the kNumDenseBase dense features at indices vocab.size() + i, then `extra` dense values.
// `hits` are the text's n-gram hits; `idf` has one weight per vocabulary entry.
// When `where` is given it receives, per hit, the position of its feature in out.index (or -1
// when the hit is not in the vocabulary), and `occurrences` the hit count per vocabulary entry
// of out: what explanations need to share a feature's weight between its occurrences.
void build_input(const Vocabulary& vocab, std::span<const float> idf, std::span<const FeatureHit> hits,
                 const std::vector<WordToken>& tokens, const SentimentDetail& sentiment,
                 std::span<const float> extra, SparseVector& out,
                 std::vector<std::int32_t>* where = nullptr, std::vector<std::uint16_t>* occurrences = nullptr);

}  // namespace attune::text
