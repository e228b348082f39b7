// SPDX-License-Identifier: Apache-2.0
// Crisis language on the C-SSRS ladder: explainable phrase rules over normalised text.
#pragma once

#include <string_view>

#include <attune/text.hpp>

namespace attune::text {

// assess_crisis() for text already through normalize() (valid UTF-8, NFC, ASCII quotes).
CrisisAssessment assess_crisis_normalized(std::string_view normalized);

}  // namespace attune::text
