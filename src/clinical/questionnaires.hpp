// SPDX-License-Identifier: Apache-2.0
// Internal helpers shared by questionnaires.cpp and fhir.cpp.
#pragma once

#include <attune/clinical.hpp>
#include <string>

namespace attune::clinical::detail {

// "item 3 (Trouble falling or staying asleep, or sleeping too much)", the text cut at a word
// boundary when long: how every message names an item.
std::string item_name(const Definition& def, std::size_t index);

// The option of `item` whose score is `score`; nullptr when there is none.
const AnswerOption* option_with_score(const Item& item, int score);

// The band of `total`; nullptr when out of range (or for C-SSRS).
const SeverityBand* band_of(const Definition& def, int total);

}  // namespace attune::clinical::detail
