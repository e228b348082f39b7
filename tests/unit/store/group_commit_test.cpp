// SPDX-License-Identifier: Apache-2.0
// The back ends' group commit queue (src/store/group_commit.hpp): every call is run exactly
// once, in a batch run by one thread at a time, and returns only after its batch has run.
#include "store/group_commit.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace attune::store {
namespace {

struct Call {
    int id = 0;
    bool ran = false;
};

TEST(GroupCommit, LoneCallRunsAtOnceByItsOwnThread) {
    GroupCommit<Call> queue(8);
    Call call{1};
    std::size_t batch_size = 0;
    std::thread::id runner;
    queue.submit(call, [&](std::span<Call* const> batch) {
        batch_size = batch.size();
        runner = std::this_thread::get_id();
        for (Call* c : batch) c->ran = true;
    });
    EXPECT_TRUE(call.ran);
    EXPECT_EQ(batch_size, 1u);
    EXPECT_EQ(runner, std::this_thread::get_id());
}

TEST(GroupCommit, ConcurrentCallsShareBatchesAndEachRunsOnce) {
    constexpr int kThreads = 16, kPerThread = 200;
    constexpr std::size_t kMaxBatch = 8;
    GroupCommit<Call> queue(kMaxBatch);
    std::atomic<int> running{0}, overlapping{0}, returned_early{0};
    std::vector<int> seen;  // written only inside run(), one run at a time
    std::size_t largest = 0;
    auto run = [&](std::span<Call* const> batch) {
        if (running.fetch_add(1) != 0) ++overlapping;
        largest = std::max(largest, batch.size());
        for (Call* c : batch) {
            seen.push_back(c->id);
            c->ran = true;
        }
        // A commit takes time: calls arriving meanwhile gather into the next batch.
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        running.fetch_sub(1);
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                Call call{t * kPerThread + i};
                queue.submit(call, run);
                if (!call.ran) ++returned_early;
            }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(overlapping.load(), 0);
    EXPECT_EQ(returned_early.load(), 0);
    ASSERT_EQ(seen.size(), static_cast<std::size_t>(kThreads * kPerThread));
    EXPECT_EQ(std::set<int>(seen.begin(), seen.end()).size(), seen.size()) << "a call ran twice";
    EXPECT_GT(largest, 1u) << "no two calls ever shared a batch";
    EXPECT_LE(largest, kMaxBatch);
}

TEST(GroupCommit, ARunThatThrowsReleasesTheQueue) {
    GroupCommit<Call> queue(4);
    Call first{1};
    EXPECT_THROW(
        queue.submit(first,
                     [](std::span<Call* const>) { throw std::runtime_error("commit failed"); }),
        std::runtime_error);
    Call second{2};
    queue.submit(second, [](std::span<Call* const> batch) {
        for (Call* c : batch) c->ran = true;
    });
    EXPECT_TRUE(second.ran);
    EXPECT_FALSE(first.ran);
}

}  // namespace
}  // namespace attune::store
