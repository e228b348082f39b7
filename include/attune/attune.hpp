// SPDX-License-Identifier: Apache-2.0
// The public surface of libattune: include this, or one module's header.
//
//   auto engine = attune::text::Analyzer::load("models");   // once; share across threads
//   auto analysis = (*engine)->analyze("I can't stop worrying about tomorrow");
//   if (analysis) std::cout << attune::text::to_json(*analysis).dump();
//
//   auto answers = attune::clinical::parse_answers(attune::clinical::Instrument::phq9, "1,2,0,3,1,0,2,1,0");
//   auto phq9 = attune::clinical::score(attune::clinical::Instrument::phq9, *answers);  // 10, moderate
//
//   auto store = attune::store::open_store("sqlite:", data_dir);  // once; share across threads
//   attune::Status st = (*store)->add_journal_entry(entry);       // ok = committed
//   auto master = attune::privacy::MasterKey::load_or_create_key_file("data/master.key");
//   auto blob = attune::privacy::seal(data_key, journal_text, "journal:7:42");  // see privacy.hpp
//
//   auto exercises = attune::care::load_exercises("data/exercises");  // "FILE:LINE: ..." on error
//
//   auto clinic = attune::platform::Platform::open({.data_dir = dir, .models_dir = "models"});
//   auto login = (*clinic)->login("alex", password, "127.0.0.1");  // rules, consent, audit
#pragma once

#include <attune/care.hpp>
#include <attune/clinical.hpp>
#include <attune/core.hpp>
#include <attune/platform.hpp>
#include <attune/store.hpp>
#include <attune/privacy.hpp>
#include <attune/text.hpp>
#include <attune/tracking.hpp>
