// SPDX-License-Identifier: Apache-2.0
// Speed of the store: a journal entry with a 1 KB ciphertext committed (each call its own
// transaction, as the server does) from 1 and 2 threads on SQLite under synchronous=full and
// =normal, and a read of a patient's last 100 entries. The SQLite database lives under $TMPDIR
// (or /tmp): run on the disk that will hold the data directory, since the cost of a commit is the
// cost of its fsync.
//
// With ATTUNE_BENCH_PG_URL=postgresql://... the same insert also runs on that PostgreSQL
// database, from 1, 2 and 8 threads (commits from several connections share one WAL flush).
// Give it a scratch database: patients p0 and p1 are erased there, with their rows, before each
// run. scripts/test-postgres.sh starts a throwaway server (docs/BENCHMARKS.md).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <attune/store.hpp>

namespace {

using attune::store::Store;

struct BenchDb {
    std::filesystem::path dir;  // the SQLite database's directory; empty on PostgreSQL
    std::unique_ptr<Store> store;

    // `target`: "full" or "normal", a new SQLite database with that synchronous setting; or a
    // PostgreSQL URL, that database.
    explicit BenchDb(const std::string& target) {
        std::string url = target;
        if (!target.starts_with("postgres")) {
            std::string tmpl =
                (std::filesystem::temp_directory_path() / "attune-bench-XXXXXX").string();
            dir = mkdtemp(tmpl.data());
            url = "sqlite://" + (dir / "attune.db").string() + "?synchronous=" + target;
        }
        auto s = attune::store::open_store(url, "");
        if (!s) fail(s.status());
        store = std::move(*s);
        for (const char* p : {"p0", "p1"}) {
            // A server database keeps the previous run's patients (not_found the first time).
            if (dir.empty()) (void)store->erase_patient(p);
            if (auto st = store->create_user({p, p, attune::store::Role::patient, "h", 0, false});
                !st)
                fail(st);
        }
    }
    ~BenchDb() {
        store.reset();
        if (!dir.empty()) std::filesystem::remove_all(dir);
    }

    [[noreturn]] static void fail(const attune::Status& st) {
        std::fprintf(stderr, "store_bench: %s\n", st.to_string().c_str());
        std::abort();
    }
};

// "j" and 7 -> "j-7". Appended rather than "j-" + std::to_string(n), on which GCC 12 warns
// falsely (-Wrestrict, GCC bug 105651).
std::string numbered(std::string_view prefix, std::int64_t n) {
    std::string out(prefix);
    out += '-';
    out += std::to_string(n);
    return out;
}

attune::store::JournalEntry entry(std::string id, std::string patient, std::int64_t t_ms) {
    attune::store::JournalEntry e;
    e.id = std::move(id);
    e.patient_id = std::move(patient);
    e.created_at_ms = t_ms;
    e.ciphertext.assign(1024, 0xA5);
    e.analysis_ciphertext.assign(256, 0x5A);
    e.valence_x100 = 12;
    e.arousal_x100 = 40;
    return e;
}

// Shared by the threads of one run; set up and torn down by thread 0 outside the timed loop
// (Google Benchmark holds the other threads at a barrier until the loop starts and after it ends).
std::unique_ptr<BenchDb> g_db;
std::atomic<std::int64_t> g_next_id{0};

// Each iteration is one acknowledged write. p99_ms is the 99th percentile latency of one call,
// averaged over the threads.
void BM_store_journal_insert(benchmark::State& state, const std::string& synchronous) {
    if (state.thread_index() == 0) g_db = std::make_unique<BenchDb>(synchronous);
    const std::string patient = state.thread_index() % 2 == 0 ? "p0" : "p1";
    std::vector<double> latencies_ms;
    for (auto _ : state) {
        const std::int64_t n = g_next_id.fetch_add(1);
        std::string id = numbered("j", n);
        const auto start = std::chrono::steady_clock::now();
        if (!g_db->store->add_journal_entry(entry(std::move(id), patient, n)))
            state.SkipWithError("add_journal_entry failed");
        latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(latencies_ms.begin(), latencies_ms.end());
    if (!latencies_ms.empty())
        state.counters["p99_ms"] = benchmark::Counter(
            latencies_ms[latencies_ms.size() * 99 / 100], benchmark::Counter::kAvgThreads);
    state.counters["entries/s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    if (state.thread_index() == 0) g_db.reset();
}
BENCHMARK_CAPTURE(BM_store_journal_insert, full_1KB, std::string("full"))
    ->Threads(1)->Threads(2)->UseRealTime()->MinTime(3);
BENCHMARK_CAPTURE(BM_store_journal_insert, normal_1KB, std::string("normal"))
    ->Threads(1)->Threads(2)->UseRealTime()->MinTime(3);
[[maybe_unused]] const bool g_postgresql_registered = [] {
    const char* url = std::getenv("ATTUNE_BENCH_PG_URL");
    if (!url || !*url) return false;
    benchmark::RegisterBenchmark("BM_store_journal_insert/postgresql_1KB",
                                 BM_store_journal_insert, std::string(url))
        ->Threads(1)->Threads(2)->Threads(8)->UseRealTime()->MinTime(3);
    return true;
}();

// The newest 100 of 10,000 entries of one patient (another patient's 10,000 beside them).
// Built once: Google Benchmark calls the function several times while it sizes the run.
void BM_store_journal_last100(benchmark::State& state) {
    static const auto db = [] {
        auto d = std::make_unique<BenchDb>("normal");
        for (int i = 0; i < 10000; ++i)
            for (const char* p : {"p0", "p1"})
                if (!d->store->add_journal_entry(entry(numbered(p, i), p, i)))
                    std::abort();
        return d;
    }();
    for (auto _ : state) {
        auto rows = db->store->journal_entries("p0", {INT64_MIN, INT64_MAX, 100});
        if (!rows || rows->size() != 100) state.SkipWithError("journal_entries failed");
        benchmark::DoNotOptimize(rows);
    }
    state.counters["entries/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * 100,
                                                     benchmark::Counter::kIsRate);
}
BENCHMARK(BM_store_journal_last100)->Unit(benchmark::kMicrosecond);

}  // namespace
