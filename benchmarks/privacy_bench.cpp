// SPDX-License-Identifier: Apache-2.0
// Cost of the privacy layer on one core: sealing and opening a journal entry, unwrapping a
// patient's data key and hashing a password (the server's cost per login).
#include <benchmark/benchmark.h>

#include <attune/privacy.hpp>

namespace {

namespace privacy = attune::privacy;

// A 1 KiB journal entry (1024 bytes of text).
std::string journal_1kb() {
    const std::string sentence = "Woke at four again and lay there going over the argument. ";
    std::string out;
    while (out.size() < 1024) out += sentence;
    out.resize(1024);
    return out;
}

void BM_seal(benchmark::State& state) {
    const privacy::DataKey dk = privacy::generate_data_key();
    const std::string entry = journal_1kb();
    for (auto _ : state) {
        auto s = privacy::seal(dk, entry, "journal:7:42");
        benchmark::DoNotOptimize(s);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * entry.size()));
}
BENCHMARK(BM_seal)->Name("BM_seal/journal_1KiB");

void BM_open(benchmark::State& state) {
    const privacy::DataKey dk = privacy::generate_data_key();
    const std::string entry = journal_1kb();
    const std::string sealed = *privacy::seal(dk, entry, "journal:7:42");
    for (auto _ : state) {
        auto s = privacy::open(dk, sealed, "journal:7:42");
        benchmark::DoNotOptimize(s);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * entry.size()));
}
BENCHMARK(BM_open)->Name("BM_open/journal_1KiB");

// What opening one patient's first row costs on top of BM_open: the data key's unwrap.
void BM_unwrap(benchmark::State& state) {
    const privacy::MasterKey master = privacy::MasterKey::generate();
    const privacy::WrappedKey w = privacy::wrap(master, privacy::generate_data_key(), "patient:42");
    for (auto _ : state) {
        auto k = privacy::unwrap(master, w, "patient:42");
        benchmark::DoNotOptimize(k);
    }
}
BENCHMARK(BM_unwrap)->Name("BM_unwrap/data_key");

void BM_password_hash(benchmark::State& state) {
    const auto cost = state.range(0) ? privacy::KdfCost::moderate : privacy::KdfCost::interactive;
    for (auto _ : state) {
        auto h = privacy::hash_password("correct horse battery staple", cost);
        if (!h) state.SkipWithError(h.status().to_string().c_str());
        benchmark::DoNotOptimize(h);
    }
    state.SetLabel(state.range(0) ? "moderate: Argon2id t=3 m=256MiB"
                                  : "interactive: Argon2id t=2 m=64MiB");
}
BENCHMARK(BM_password_hash)
    ->Name("BM_password_hash/argon2id")
    ->ArgName("moderate")
    ->Arg(1)
    ->Arg(0)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);


}  // namespace
