// SPDX-License-Identifier: Apache-2.0
// Word-level helpers shared by the rule-based sentiment and the learned models.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace attune::text {

// Lower-cases ASCII letters; other bytes (UTF-8 sequences) are kept as they are.
std::string ascii_lower(std::string_view s);
bool is_all_caps_word(std::string_view s);  // at least two letters, all ASCII letters upper-case

// The standard spelling of a chat or apostrophe-less spelling, given in lower case ("im" ->
// "i'm", "dont" -> "don't", "idk" -> "i don't know", "u" -> "you"); empty when there is none.
std::string_view chat_expansion(std::string_view lower_word);

// Collapses elongations: runs of three or more of the same letter. Tries the run shortened to
// two letters, then to one, and returns the first form `known` accepts ("sooo" -> "so",
// "cooool" -> "cool", "happyyyy" -> "happy"); with none known, the two-letter form. Words with
// no such run come back unchanged. `elongated` (optional) is set when a run was found.
std::string collapse_elongation(std::string_view word,
                                const std::function<bool(std::string_view)>& known,
                                bool* elongated = nullptr);

// Splits normalised text into word tokens for the learned models: lower-cased words (with
// inner apostrophes and hyphens), numbers, emoticons such as ":)" and ":-(", each emoji or
// other non-ASCII symbol as its own token, and "!" / "?" as tokens. Chat spellings are
// expanded; elongations collapsed with `known` (may be empty: then to two letters).
struct WordToken {
    std::string text;     // normalised form used for lookup
    bool caps = false;    // written in ALL CAPS
    bool elongated = false;
};
std::vector<WordToken> tokenize_words(std::string_view text,
                                      const std::function<bool(std::string_view)>& known = {});

}  // namespace attune::text
