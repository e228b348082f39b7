// SPDX-License-Identifier: Apache-2.0
#include "text/crisis.hpp"

namespace attune::text {

std::string_view crisis_level_name(CrisisLevel level) {
    switch (level) {
        case CrisisLevel::none: return "none";
        case CrisisLevel::passive: return "passive";
        case CrisisLevel::active: return "active";
        case CrisisLevel::plan: return "plan";
        case CrisisLevel::behavior: return "behavior";
    }
    return "none";
}

CrisisAssessment assess_crisis_normalized(std::string_view normalized) {
    (void)normalized;  // the rules land in the next commit (issue #3)
    CrisisAssessment a;
    a.confidence = 1;
    return a;
}

Result<CrisisAssessment> assess_crisis(std::string_view utf8) {
    auto norm = normalize(utf8);
    if (!norm) return norm.status();
    return assess_crisis_normalized(*norm);
}

}  // namespace attune::text
