// SPDX-License-Identifier: Apache-2.0
#include <attune/core.hpp>

namespace attune {

std::string_view status_code_name(StatusCode code) {
    switch (code) {
        case StatusCode::ok: return "ok";
        case StatusCode::invalid_argument: return "invalid_argument";
        case StatusCode::not_found: return "not_found";
        case StatusCode::io_error: return "io_error";
        case StatusCode::corrupt: return "corrupt";
        case StatusCode::unsupported: return "unsupported";
        case StatusCode::cancelled: return "cancelled";
        case StatusCode::internal: return "internal";
        case StatusCode::unauthenticated: return "unauthenticated";
        case StatusCode::permission_denied: return "permission_denied";
        case StatusCode::resource_exhausted: return "resource_exhausted";
        case StatusCode::failed_precondition: return "failed_precondition";
    }
    return "unknown";
}

std::string Status::to_string() const {
    if (is_ok()) return "ok";
    std::string s(status_code_name(code_));
    s += ": ";
    s += message_;
    return s;
}

Status Status::with_context(std::string_view context) const {
    if (is_ok()) return *this;
    return {code_, std::string(context) + ": " + message_};
}

namespace detail {
void assert_fail(const char* cond, const char* file, int line, const std::string& what) {
    std::fprintf(stderr, "attune: assertion failed: %s at %s:%d: %s\n", cond, file, line, what.c_str());
    std::abort();
}
}  // namespace detail

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

}  // namespace attune
