// SPDX-License-Identifier: Apache-2.0
// The shipped text analyzer, loaded once per test process and shared (it is thread-safe), for
// tests that need one as a given rather than as the thing under test.
#pragma once

#include <memory>
#include <stdexcept>

#include <attune/text.hpp>

#include "support/paths.hpp"

namespace attune::test {

// The analyzer of models/; throws (failing the test that asked) when it cannot be loaded.
inline std::shared_ptr<const text::Analyzer> shared_analyzer() {
    static const auto analyzer = [] {
        auto a = text::Analyzer::load(model_dir());
        if (!a) throw std::runtime_error("loading models/: " + a.status().to_string());
        return std::move(a).value();
    }();
    return analyzer;
}

}  // namespace attune::test
