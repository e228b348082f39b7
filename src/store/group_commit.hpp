// SPDX-License-Identifier: Apache-2.0
// Group commit for the back ends (internal). Writes that must be serialised — every audit row
// extends one hash chain, so each append holds the chain's lock until its COMMIT is durable —
// would otherwise run at one commit (one WAL flush: ~3 ms on our disk) at a time. Here the
// calls that arrive while a batch is committing wait, and the next one to lead commits all of
// them in one transaction: one flush for the batch. This is the leader/follower commit queue of
// database engines (PostgreSQL's WAL group flush, MySQL's binlog group commit), applied to our
// own transactions. A lone call runs at once: nothing waits for a batch to fill.
#pragma once

#include <attune/store.hpp>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <span>
#include <vector>

namespace attune::store {

// One call waiting in a back end's group commit: an audit row, after a journal entry when
// `entry` is set — both in the same transaction, or neither. The back end sets `status` (and,
// when ok, `record`) only once the transaction holding them has committed.
struct AuditedWrite {
    AuditedWrite(const JournalEntry* entry, const AuditEntry& audit, const AuditHasher& hasher)
        : entry(entry), audit(&audit), hasher(&hasher) {}

    const JournalEntry* entry;
    const AuditEntry* audit;
    const AuditHasher* hasher;
    Status status = Status::internal("not committed: its batch was abandoned");
    AuditRecord record;
};

// Calls waiting together: at most this many share one transaction.
inline constexpr std::size_t kMaxGroupCommit = 64;

template <typename Item>
class GroupCommit {
public:
    explicit GroupCommit(std::size_t max_batch) : max_batch_(max_batch < 1 ? 1 : max_batch) {}

    // Queues `item` and returns once a batch holding it has been run: by this thread (then the
    // leader) or by another. `run(std::span<Item* const>)` runs a batch, in arrival order, and
    // stores each item's outcome in the item; it is called by one thread at a time, without the
    // queue's lock. Thread-safe. If `run` throws, the items of its batch are left as they are
    // (their outcomes should start as an error) and the exception reaches the leader's caller.
    template <typename Run>
    void submit(Item& item, Run&& run) {
        Slot slot{&item, false};
        std::unique_lock<std::mutex> lock(mutex_);
        waiting_.push_back(&slot);
        while (!slot.done) {
            if (leading_) {
                finished_.wait(lock);
                continue;
            }
            leading_ = true;
            std::vector<Slot*> batch;
            while (!waiting_.empty() && batch.size() < max_batch_) {
                batch.push_back(waiting_.front());
                waiting_.pop_front();
            }
            lock.unlock();
            {
                Finish finish{*this, batch};  // also when run() throws
                std::vector<Item*> items;
                items.reserve(batch.size());
                for (Slot* s : batch) items.push_back(s->item);
                run(std::span<Item* const>(items));
            }
            lock.lock();  // our own item may have been beyond max_batch: look again
        }
    }

private:
    struct Slot {
        Item* item;
        bool done;
    };
    struct Finish {
        GroupCommit& q;
        std::vector<Slot*>& batch;
        // Marks the batch done and hands leadership on to a waiting caller.
        ~Finish() {
            std::lock_guard<std::mutex> lock(q.mutex_);
            for (Slot* s : batch) s->done = true;
            q.leading_ = false;
            q.finished_.notify_all();
        }
    };

    const std::size_t max_batch_;
    std::mutex mutex_;
    std::condition_variable finished_;
    std::deque<Slot*> waiting_;  // guarded by mutex_
    bool leading_ = false;       // guarded by mutex_
};

}  // namespace attune::store
