// SPDX-License-Identifier: Apache-2.0
// What the platform's source files share: the Platform's state and the audit adapters.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <semaphore>

#include <attune/platform.hpp>

namespace attune::platform {

// The store's audit row as the privacy module's chain record (times as ISO 8601 UTC).
privacy::AuditRecord to_chain_record(std::int64_t seq, const store::AuditEntry& entry);
// Hashes store audit rows with privacy::chain_hash; the store's "" first prev_hash is the
// chain's genesis hash.
store::AuditHasher audit_hasher();

struct Platform::Impl {
    explicit Impl(int password_checks) : password_checks(password_checks) {}

    Options options;
    std::unique_ptr<store::Store> store;
    std::optional<privacy::MasterKey> master;
    std::shared_ptr<const text::Analyzer> analyzer;
    std::counting_semaphore<64> password_checks;

    struct LoginLimiter {
        std::mutex mutex;
        std::map<std::string, std::vector<std::int64_t>> failures;
        // True (and how long until the oldest failure leaves the window) when `key` has `limit`
        // failures within the window.
        bool blocked(const std::string& key, int limit, std::int64_t now, std::int64_t window,
                     std::int64_t* retry_ms);
        void record_failure(const std::string& key, std::int64_t now);
        void clear(const std::string& key);
    } limiter;

    std::once_flag dummy_once;
    std::string dummy;
    // A password hash for no one, checked when a login names an unknown user.
    const std::string& dummy_hash();

    std::int64_t now() const;
    Status check_master_key();
    // The user behind a token, unaudited (Platform::authenticate audits refusals).
    Result<Principal> authenticate(std::string_view token);
    Result<privacy::DataKey> data_key(const std::string& patient_id);
    // Appends one audit record; a failure is logged, never returned (the request was decided).
    void audit(const std::string& actor, std::string_view action, const std::string& subject,
               std::string_view outcome);
    // permission_denied (audited) unless `who` is a patient.
    Status require_patient(const Principal& who, std::string_view action);
    // permission_denied (audited) unless `who` may read the patient's records.
    Status may_read(const Principal& who, const std::string& patient_id, std::string_view action);

    // The reads behind the public calls, after the access check (the caller audits).
    Result<std::vector<JournalRecord>> read_journal(const std::string& patient_id,
                                                    const store::TimeRange& range);
    Result<std::vector<CheckInRecord>> read_check_ins(const std::string& patient_id,
                                                      const store::TimeRange& range);

    // The writes behind the public calls, at a given time (the demo clinic writes the past).
    Result<JournalRecord> add_journal_entry(const std::string& patient_id, std::string_view text,
                                            std::int64_t at_ms);
    Result<CheckInRecord> add_check_in(const std::string& patient_id,
                                       const CheckInRequest& request, std::int64_t at_ms);
};

}  // namespace attune::platform
