// SPDX-License-Identifier: Apache-2.0
// The public surface of libattune: include this, or one module's header.
//
//   auto engine = attune::text::Analyzer::load("models");   // once; share across threads
//   auto analysis = (*engine)->analyze("I can't stop worrying about tomorrow");
//   if (analysis) std::cout << attune::text::to_json(*analysis).dump();
#pragma once

#include <attune/core.hpp>
#include <attune/text.hpp>
