// SPDX-License-Identifier: Apache-2.0
// Speed of the text engine on one core: whole analysis per sentence and per journal entry,
// model load, the rule-based sentiment alone, the cognitive-distortion rules alone and redaction
// of personal identifiers.
#include <benchmark/benchmark.h>

#include <fstream>

#include <attune/text.hpp>

#include "text/distortions.hpp"
#include "text/model.hpp"

namespace {

const std::string kModels = std::string(ATTUNE_SOURCE_DIR) + "/models";

// Journal-like sentences: the shipped samples, split at sentence ends.
std::vector<std::string> sentences() {
    std::ifstream f(std::string(ATTUNE_SOURCE_DIR) + "/samples/journal.txt");
    std::vector<std::string> out;
    for (std::string line; std::getline(f, line);) {
        std::size_t s = 0;
        for (std::size_t i = 0; i < line.size(); ++i)
            if ((line[i] == '.' || line[i] == '!' || line[i] == '?') && (i + 1 == line.size() || line[i + 1] == ' ')) {
                out.push_back(line.substr(s, i + 1 - s));
                s = i + 2;
            }
        if (s < line.size()) out.push_back(line.substr(s));
    }
    return out;
}

std::string journal(std::size_t words) {
    std::string out;
    std::size_t n = 0;
    const auto s = sentences();
    for (std::size_t i = 0; n < words; ++i) {
        const auto& t = s[i % s.size()];
        out += t + " ";
        n += static_cast<std::size_t>(std::count(t.begin(), t.end(), ' ')) + 1;
    }
    return out;
}

std::shared_ptr<const attune::text::Analyzer> analyzer() {
    static auto a = attune::text::Analyzer::load(kModels);
    if (!a) std::abort();
    return *a;
}

void BM_text_analyze_sentence(benchmark::State& state) {
    auto a = analyzer();
    const auto s = sentences();
    std::size_t i = 0;
    for (auto _ : state) {
        auto r = a->analyze(s[i++ % s.size()]);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.SetLabel("items = journal sentences");
}
BENCHMARK(BM_text_analyze_sentence)->Name("BM_text_analyze/sentence");

void BM_text_analyze_journal(benchmark::State& state) {
    auto a = analyzer();
    const std::string entry = journal(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        auto r = a->analyze(entry);
        benchmark::DoNotOptimize(r);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * entry.size()));
}
BENCHMARK(BM_text_analyze_journal)->Name("BM_text_analyze/journal_words")->Arg(64)->Arg(5000)->Unit(benchmark::kMicrosecond);

void BM_text_load(benchmark::State& state) {
    for (auto _ : state) {
        auto a = attune::text::Analyzer::load(kModels);
        if (!a) state.SkipWithError(a.status().to_string().c_str());
        benchmark::DoNotOptimize(a);
    }
}
BENCHMARK(BM_text_load)->Name("BM_text_load/text.atm")->Unit(benchmark::kMillisecond);

void BM_sentiment_rules(benchmark::State& state) {
    auto file = attune::ModelFile::load(kModels + "/text.atm");
    auto model = attune::text::TextModel::from_model(*file);
    const auto s = sentences();
    std::size_t i = 0;
    for (auto _ : state) {
        auto r = model->scorer.score(s[i++ % s.size()]);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_sentiment_rules)->Name("BM_sentiment_rules/sentence");

// The distortion rules alone, on normalised journal sentences (analyze() runs them on every
// text): the budget is a few microseconds per sentence.
void BM_distortions(benchmark::State& state) {
    std::vector<std::string> s;
    for (const auto& t : sentences()) s.push_back(*attune::text::normalize(t));
    std::size_t i = 0;
    for (auto _ : state) {
        auto r = attune::text::detect_distortions_normalized(s[i++ % s.size()]);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.SetLabel("items = journal sentences");
}
BENCHMARK(BM_distortions)->Name("BM_distortions/sentence");

void BM_normalize(benchmark::State& state) {
    const std::string s = "I don\u2019t know \u201cwhy\u201d I feel like this\u2026 caf\xc3\xa9 \xF0\x9F\x98\xA2";
    for (auto _ : state) {
        auto r = attune::text::normalize(s);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_normalize)->Name("BM_normalize/unicode_sentence");

// A journal entry of `words` words in which about one sentence in eight carries identifiers
// (a name, a phone number, an e-mail address, a date of birth), as a clinician's notes might.
std::string journal_with_identifiers(std::size_t words) {
    static const std::vector<std::string> kIdentified = {
        "Priya texted from 07700 900461 to check on me.", "Dr. Lindqvist moved my review, call (555) 013-2291.",
        "Send the worksheet to amara.osei@example.com please.", "DOB 03/14/1987, NHS number 943 476 5919.",
        "We met at 14 Rowan Close and talked for hours.", "Grace said https://www.example.org/grounding helps."};
    std::string out;
    std::size_t n = 0;
    const auto s = sentences();
    for (std::size_t i = 0; n < words; ++i) {
        const std::string& t = i % 8 == 7 ? kIdentified[(i / 8) % kIdentified.size()] : s[i % s.size()];
        out += t + " ";
        n += static_cast<std::size_t>(std::count(t.begin(), t.end(), ' ')) + 1;
    }
    return out;
}

void BM_redact_journal(benchmark::State& state) {
    const std::string entry = journal_with_identifiers(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        auto r = attune::text::redact(entry);
        benchmark::DoNotOptimize(r);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * entry.size()));
}
BENCHMARK(BM_redact_journal)->Name("BM_redact/journal_words")->Arg(64)->Arg(5000)->Unit(benchmark::kMicrosecond);

}  // namespace
