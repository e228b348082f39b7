// SPDX-License-Identifier: Apache-2.0
// Cognitive distortions (Beck 1976; Burns 1980): explainable phrase rules over normalised text.
#pragma once

#include <string_view>
#include <vector>

#include <attune/text.hpp>

#include "text/phrase_rules.hpp"

namespace attune::text {

// detect_distortions() for text already through normalize() (valid UTF-8, NFC, ASCII quotes).
std::vector<Distortion> detect_distortions_normalized(std::string_view normalized);
// The same for its rule_tokens() when the caller has them.
std::vector<Distortion> detect_distortions_tokens(std::string_view normalized, const std::vector<RuleToken>& tokens);
// The reframe question the rules ask for `type` (one of several, picked by a stable hash of the
// evidence), for findings that come from elsewhere (the learned model).
std::string_view distortion_reframe(DistortionType type, std::string_view evidence);

}  // namespace attune::text
