// SPDX-License-Identifier: Apache-2.0
// Redaction internals shared by redact.cpp, redact_eval.cpp and the tests.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include <attune/text.hpp>

namespace attune::text {

// redact() for text already known to be valid UTF-8.
Redaction redact_valid(std::string_view utf8);

// The gold spans of a {"text", "redacted"} pair: the byte ranges of `text` that the
// placeholders in `redacted` stand for, found by aligning the literal parts of both (each
// placeholder covers at least one byte; the shortest consistent reading is taken). nullopt
// when `redacted` cannot come from `text` by replacing spans with placeholders.
std::optional<std::vector<RedactedSpan>> align_redaction(std::string_view text, std::string_view redacted);

}  // namespace attune::text
