// SPDX-License-Identifier: Apache-2.0
// Crisis language on the C-SSRS ladder: explainable phrase rules over normalised text.
#pragma once

#include <string_view>
#include <vector>

#include <attune/text.hpp>

#include "text/phrase_rules.hpp"

namespace attune::text {

// assess_crisis() for text already through normalize() (valid UTF-8, NFC, ASCII quotes), and
// for its rule_tokens() when the caller has them (the analyzer shares one split between the
// crisis rules, the crisis model and the distortion rules).
CrisisAssessment assess_crisis_normalized(std::string_view normalized);
CrisisAssessment assess_crisis_tokens(std::string_view normalized, const std::vector<RuleToken>& tokens);

// True when tokens [first, end) hold a word of the crisis vocabulary: death and dying, killing
// and suicide, means (pills, blades, ropes, heights), self-injury, being alive or gone, waking,
// goodbyes. The learned scorer may flag a text only then, so that it cannot raise a crisis on
// "I made pasta tonight" from words that merely co-occur with plans in its training data.
bool mentions_crisis_vocabulary(const std::vector<RuleToken>& tokens, std::size_t first, std::size_t end);

}  // namespace attune::text
