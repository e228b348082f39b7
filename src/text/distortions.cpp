// SPDX-License-Identifier: Apache-2.0
#include "text/distortions.hpp"

namespace attune::text {

std::string_view distortion_name(DistortionType type) {
    static constexpr std::string_view kNames[kNumDistortionTypes] = {
        "all_or_nothing",  "overgeneralization", "mental_filter",       "disqualifying_positive",
        "mind_reading",    "fortune_telling",    "catastrophizing",     "emotional_reasoning",
        "should_statements", "labeling",         "personalization"};
    return kNames[static_cast<std::size_t>(type)];
}

std::vector<Distortion> detect_distortions_normalized(std::string_view normalized) {
    (void)normalized;  // the rules land with issue #3's distortion detector
    return {};
}

Result<std::vector<Distortion>> detect_distortions(std::string_view utf8) {
    auto norm = normalize(utf8);
    if (!norm) return norm.status();
    return detect_distortions_normalized(*norm);
}

}  // namespace attune::text
