// SPDX-License-Identifier: Apache-2.0
// Word-level phrase rules for the clinical-language detectors (crisis, distortions). A rule is
// a pattern of words, alternatives, prefixes, optional words and bounded gaps, matched within
// the sentences of a text. Explainable by construction: every match is a span of the text as
// written, and a clinician can read the rule tables.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace attune::text {

struct RuleToken {
    std::string text;       // lower case; chat spellings and contractions expanded
    std::uint32_t begin = 0, end = 0;  // bytes of the word as written in the text
    std::uint32_t sentence = 0;        // sentences end at . ! ? and line breaks
    std::uint32_t clause = 0;          // clauses also end at , ; : ( ) dashes and before "but"
    bool quoted = false;               // inside "double" or 'single' quotation marks
};

// Splits normalised text into rule tokens: words (with inner apostrophes and hyphens) and
// numbers, lower-cased; chat spellings expanded ("im" -> "i am", "wanna" -> "want to",
// "idk" -> "i do not know"), contractions split ("don't" -> "do not", "i'd" -> "i would",
// "can't" -> "can not", "she's" -> "she is"), runs of 3+ equal letters cut to 2 ("sooo" ->
// "soo"). The words of an expansion all point at the word as written.
std::vector<RuleToken> rule_tokens(std::string_view normalized);

// The text as written from token `first` to token `last` (inclusive).
std::string_view span_text(std::string_view normalized, const std::vector<RuleToken>& tokens,
                           std::size_t first, std::size_t last);

struct PhraseMatch {
    std::uint32_t rule = 0;   // index of the pattern in the list given to PhraseSet
    std::uint32_t first = 0;  // first and last token of the match (inclusive)
    std::uint32_t last = 0;
};

// A compiled list of patterns. Pattern syntax, items separated by spaces:
//   word        that word                       kill|end   either word
//   suicid*     any word with that prefix       @name      any word of a named set
//   ?item       the item or nothing             ~3, ~12    zero to three (twelve) words of any kind
//   !item       the next word is not the item (or the sentence ends): consumes nothing
//   ~3item      zero to three words, each of them the item (~2@intens, ~3very|really)
//   $           the end of a clause (consumes nothing)
//   #           a number of 10 or more ("took 30 pills"); also as an alternative, "#|ten"
// Alternatives are single words: "way out" in "answer|way out" is two items, "answer|way" then
// "out" (write a second pattern instead).
// A pattern must begin with a required word item. Matches never cross a sentence boundary;
// gaps cross a clause boundary only when `gaps_cross_clauses` (distortions span "if it isn't
// perfect, there's no point"; crisis phrases must not join "I'm down, but suicide ...").
// A malformed pattern is a programmer error (the tables are compiled in): ATTUNE_ASSERT.
class PhraseSet {
public:
    using Sets = std::unordered_map<std::string, std::vector<std::string>>;
    PhraseSet() = default;
    PhraseSet(const std::vector<std::string>& patterns, const Sets& sets = {},
              bool gaps_cross_clauses = false);

    // Every match in `tokens`, by start token then rule; for each start and rule the shortest.
    // Thread-safe (const).
    void match(const std::vector<RuleToken>& tokens, std::vector<PhraseMatch>& out) const;

private:
    // Pattern words are interned: match() looks each token up once, and items compare ids.
    static constexpr std::uint32_t kUnknown = 0xffffffffu;
    struct Item {
        std::vector<std::uint32_t> ids;  // sorted word ids
        std::vector<std::string> prefixes;
        bool optional = false;
        bool absent = false;  // a negative lookahead
        int gap = -1;         // >= 0: up to `gap` words (each one of the item's, if it has any)
        bool clause_end = false;
        bool number = false;  // a number >= 10
        bool accepts(std::uint32_t id, std::string_view w) const;
    };
    struct Pattern {
        std::vector<Item> items;
        // The ids of its rarest required item after the first: a sentence holding none of them
        // cannot match, and most patterns are ruled out by that alone.
        std::vector<std::uint32_t> anchor;
    };
    struct Input {
        const std::vector<RuleToken>& tokens;
        const std::vector<std::uint32_t>& ids;
    };
    long match_from(const Pattern& p, std::size_t item, const Input& in, std::size_t at,
                    std::uint32_t sentence) const;

    std::vector<Pattern> patterns_;
    bool gaps_cross_clauses_ = false;
    std::unordered_map<std::string, std::uint32_t> vocabulary_;
    std::vector<std::vector<std::uint32_t>> by_first_id_;  // patterns by the id of a first word
    std::vector<std::pair<std::string, std::uint32_t>> by_first_prefix_;  // first-item prefixes
};

// True when a negator ("not", "never", "no", "nobody", "nothing", "without", "hardly") stands
// within `window` words before token `first` in the same clause, and no word between them
// turns the negation away from the match ("I can't stop thinking about ...", "I can't take
// it anymore", "can't get it out of my head", "not gonna lie", "idk") or opens a clause it does
// not reach ("I don't know why I ...", "no matter what I do ...", "I can't believe I ...").
bool negated_before(const std::vector<RuleToken>& tokens, std::size_t first, std::size_t window = 5);

// The negators negated_before() looks for.
bool is_negator(std::string_view word);

}  // namespace attune::text
