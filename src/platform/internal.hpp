// SPDX-License-Identifier: Apache-2.0
// What the platform's source files share: the Platform's state and the audit adapters.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <semaphore>
#include <thread>

#include <attune/platform.hpp>

namespace attune::platform {

inline constexpr std::string_view kKeyId = "k1";  // one data key per patient until keys rotate

inline store::Blob to_blob(std::string_view s) { return {s.begin(), s.end()}; }
inline std::string_view as_view(const store::Blob& b) {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

inline std::int64_t system_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The associated data that binds a wrapped key or a sealed blob to its row.
inline std::string key_aad(const std::string& patient_id) {
    return "patient:" + patient_id + "/" + std::string(kKeyId);
}
inline std::string row_aad(std::string_view kind, const std::string& id,
                           const std::string& patient_id) {
    return std::string(kind) + ":" + id + ":" + patient_id;
}

// True when `s` is valid UTF-8; otherwise false with the offset of the first bad byte.
inline bool valid_utf8(std::string_view s, std::size_t* bad_at) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) break;
        std::size_t k = 1;
        while (k < n && (static_cast<unsigned char>(s[i + k]) >> 6) == 2) ++k;
        if (k < n) break;
        i += n;
    }
    if (i < s.size()) {
        *bad_at = i;
        return false;
    }
    return true;
}

// The store's audit row as the privacy module's chain record (times as ISO 8601 UTC).
privacy::AuditRecord to_chain_record(std::int64_t seq, const store::AuditEntry& entry);
// Hashes store audit rows with privacy::chain_hash; the store's "" first prev_hash is the
// chain's genesis hash.
store::AuditHasher audit_hasher();

// How much of a record the tracker needs: `tracking` opens only what the alert rules read (the
// analysis of entries with crisis language, PHQ-9 answers); `timeline` opens every analysis for
// the emotions and distortions of each day.
enum class Detail { tracking, timeline };

struct Platform::Impl {
    explicit Impl(int password_checks) : password_checks(password_checks) {}
    ~Impl();

    Options options;
    std::unique_ptr<store::Store> store;
    std::optional<privacy::MasterKey> master;
    std::shared_ptr<const text::Analyzer> analyzer;
    std::shared_ptr<const care::Companion> companion;  // null: not configured
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

    // --- The journey (journey.cpp) ------------------------------------------------------------

    // The patient's records with from_ms <= time < to_ms as the tracker sees them.
    // `alerted` (sorted alert keys already stored) spares opening the analysis of entries
    // whose crisis alert exists.
    Result<std::vector<tracking::Observation>> observations(
        const std::string& patient_id, std::int64_t from_ms, std::int64_t to_ms, Detail detail,
        const std::vector<std::string>* alerted = nullptr);
    // A tracking pass (Platform::track).
    Result<int> track(const std::string& patient_id);
    // The immediate rules (crisis language, PHQ-9 item 9, a questionnaire's rise) for one
    // record just written, without reading the history.
    Result<int> track_record(const std::string& patient_id, tracking::Observation record);
    // A tracker alert as the store's row, its content sealed under the patient's `key`.
    Result<store::Alert> seal_alert(const std::string& patient_id, const tracking::Alert& alert,
                                    const privacy::DataKey& key, std::int64_t now_ms);
    // Seals and stores the alerts whose keys are not in `known` (sorted); returns how many
    // were new.
    Result<int> store_alerts(const std::string& patient_id,
                             const std::vector<tracking::Alert>& found,
                             const std::vector<std::string>& known);
    // After a record is stored: its immediate rules now when it is `urgent` (it may raise one),
    // and a background pass over the history within Options::tracking_interval_ms (at once,
    // synchronously, when that is 0).
    void record_written(const std::string& patient_id,
                        std::optional<tracking::Observation> urgent);
    // What opening several alerts in one call looks up once: usernames and data keys.
    struct AlertLookups {
        std::map<std::string, std::string> usernames;      // user id -> username
        std::map<std::string, privacy::DataKey> keys;      // patient id -> unwrapped data key
    };
    // The alert with its sealed content and notes opened.
    Result<AlertRecord> open_alert(store::Alert row, AlertLookups& lookups);
    // The clinician's sharing patients (ids), or the one asked for after may_read.
    Result<std::vector<std::string>> readable_patients(const Principal& who,
                                                       const std::string& patient_id,
                                                       std::string_view action);
    void alerts_changed();

    // --- The companion (companion.cpp) --------------------------------------------------------

    // A patient's companion state, opened: the Person (a fresh one when none is stored) and
    // the stored version (0 when none).
    struct PersonState {
        care::Person person;
        std::int64_t version = 0;
    };
    Result<PersonState> load_person(const std::string& patient_id, const privacy::DataKey& key);
    // The state sealed as the store's row, one version on from `read`.
    Result<store::CompanionState> seal_person(const std::string& patient_id,
                                              const care::Person& person, std::int64_t read,
                                              const privacy::DataKey& key, std::int64_t now_ms);

    // Background tracking: patients due for a pass, by steady-clock time.
    struct Tracker {
        std::mutex mutex;
        std::condition_variable wake;
        bool stopping = false;
        std::map<std::string, std::chrono::steady_clock::time_point> due;
        std::map<std::string, std::chrono::steady_clock::time_point> last_run;
        std::thread thread;
    } tracker;
    void run_tracker();

    // The live feed's counter (Platform::alert_generation).
    std::atomic<std::uint64_t> alert_generation{0};
    mutable std::mutex feed_mutex;
    mutable std::condition_variable feed_changed;
};

}  // namespace attune::platform
