// SPDX-License-Identifier: Apache-2.0
// Rule-based sentiment after VADER (Hutto & Gilbert 2014, vaderSentiment 3.3.2), with Attune's
// extensions: elongations ("sooo", "happyyy"), chat spellings, more negation patterns
// ("never been better", "can't complain") and emoji valence.
#pragma once

#include <istream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <attune/core.hpp>
#include <attune/text.hpp>

namespace attune::text {

// The scores plus what the learned layers need from the rules.
struct SentimentDetail {
    Sentiment scores;
    double raw_sum = 0;  // sum of rule valences after punctuation emphasis, before normalising
    std::vector<TokenWeight> contributions;  // every token with a non-zero final valence, in order
};

struct TransparentHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using ValenceMap = std::unordered_map<std::string, float, TransparentHash, std::equal_to<>>;

// True for VADER's intensifiers and dampeners ("very", "extremely", "somewhat", ...), given in
// lower case. The learned models leave these words to the rules: a linear model cannot make
// "extremely" amplify whichever way the sentence leans, only push one way.
bool is_booster(std::string_view lower_word);

class SentimentScorer {
public:
    // Lexicon: VADER's format, "token<TAB>mean valence -4..4<TAB>...". Emoji: VADER's
    // emoji_utf8_lexicon.txt, "emoji<TAB>english description". `name` is used in errors, which
    // name the line. Errors: corrupt.
    static Result<SentimentScorer> from_text(std::istream& lexicon, std::istream& emoji,
                                             std::string_view name);
    // Stored form inside sentiment.atm (tensors "lexicon_tokens"/"lexicon_valence" etc.).
    void save_to(ModelFile& model) const;
    static Result<SentimentScorer> from_model(const ModelFile& model);

    // Adds or overrides a lexicon entry (valence on VADER's -4..4 scale).
    void set_valence(std::string token, float valence);
    const ValenceMap& lexicon() const { return lexicon_; }

    // Scores normalised text (see normalize()). Thread-safe (const, no shared mutable state).
    SentimentDetail score(std::string_view text) const;

private:
    ValenceMap lexicon_;                                    // lower-case token -> valence
    std::unordered_map<std::string, std::string, TransparentHash, std::equal_to<>> emoji_;  // emoji -> description
};

}  // namespace attune::text
