// SPDX-License-Identifier: Apache-2.0
// attune::platform — the care platform's rules, between the front ends (the HTTP server, the
// admin CLI) and the store: accounts and sessions, who may see what, consent per data type,
// envelope encryption of every patient record, an audit record of every access to patient data,
// export and erasure, and the demo clinic (issue #4).
//
// The one place that joins the engine (text, clinical) with store and privacy, so that neither
// of those includes a modality and no front end holds a rule. Every rule a route enforces is
// here, which is why the security suite can test it in-process as well as over HTTP.
//
// Access rules, enforced by every call that takes a Principal:
//   - a patient reads and writes only their own records;
//   - a clinician reads a patient's records only while assigned to that patient and while the
//     patient's consent has share_with_clinician; they write none but the patient's safety
//     plan, which the two keep together (set_safety_plan), and the companion settings that
//     choose its crisis lines (set_companion_settings);
//   - an admin manages accounts (through the CLI) and reads no patient records.
// Anything else is permission_denied, whether or not the patient exists (ids are not probed).
// Every read and write of patient data, allowed or denied, appends one audit record
// (actor = user id, action, subject = ids only, outcome "ok" | "denied" | "error").
//
// What is stored encrypted (privacy::seal under the patient's data key, with the row as
// associated data): journal text, its full analysis, check-in answers and notes, alerts, the
// companion's state (care::Person: the conversation, the safety plan) and every message of a
// companion conversation. In clear: ids, times, roles, consent, check-in kind and score, per
// entry three derived numbers (store::JournalEntry), and who wrote each chat message.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <attune/care.hpp>
#include <attune/clinical.hpp>
#include <attune/core.hpp>
#include <attune/privacy.hpp>
#include <attune/store.hpp>
#include <attune/text.hpp>
#include <attune/tracking.hpp>

namespace attune::platform {

using store::Role;

// Milliseconds since the Unix epoch, UTC: what every time in the platform is.
using ClockMs = std::function<std::int64_t()>;

struct Options {
    std::string data_dir;          // must exist: holds master.key (or master.salt) and attune.db
    std::string db_url = "sqlite:";  // store::open_store's URL
    // Non-empty: the master key is Argon2id(passphrase, DATA_DIR/master.salt); otherwise the key
    // file DATA_DIR/master.key, created with mode 0600 on first start.
    std::string passphrase;
    std::string models_dir;        // text.atm and crisis.atm, unless `analyzer` is given
    std::shared_ptr<const text::Analyzer> analyzer;  // shared with the caller when set
    std::int64_t token_ttl_ms = 12LL * 3600 * 1000;  // bearer tokens expire after this
    privacy::KdfCost password_cost = privacy::KdfCost::moderate;  // for new password hashes
    // Failed logins allowed per account and per client address within login_window_ms before
    // further attempts are refused (resource_exhausted) until the window has passed.
    int max_failed_logins_per_account = 5;
    int max_failed_logins_per_client = 20;
    std::int64_t login_window_ms = 15LL * 60 * 1000;
    // Argon2id at moderate cost takes 256 MiB: at most this many password checks run at once.
    int max_concurrent_password_checks = 2;
    // The companion (issue #6): `companion` when given (shared with the caller), else loaded
    // with the analyzer from the exercise scripts (data/exercises) and the crisis lines
    // (data/companion/crisis_lines.json) when both paths are set. Without it the companion's
    // calls (chat, greeting) fail with unsupported, and safety plans carry no crisis lines.
    std::shared_ptr<const care::Companion> companion;
    std::string exercises_dir;
    std::string crisis_lines_path;
    // A population prior for the companion's exercise choice (care::BanditPrior::load; `attune
    // train bandit-prior` fits one from this clinic's consenting patients), used when the
    // companion is loaded from the two paths above. Empty: the default prior.
    std::string bandit_prior_path;
    ClockMs clock;                 // defaults to the system clock; tests inject a fixed one
    // The background tracking pass runs at most this often per patient (see track()); 0 runs
    // it after every record, synchronously.
    std::int64_t tracking_interval_ms = 30'000;
    tracking::AlertOptions alert_options;
};

// Who is calling: the user behind a valid token.
struct Principal {
    std::string id;
    std::string username;
    Role role = Role::patient;
};

struct Login {
    std::string token;  // give to the client once; only its digest is stored
    std::int64_t expires_at_ms = 0;
    Principal user;
};

// A consent change: fields left unset keep their current value (false when never given).
struct ConsentUpdate {
    std::optional<bool> text{}, voice{}, face{}, body{}, share_with_clinician{}, pool_outcomes{};
};

struct JournalRecord {
    std::string id;
    std::string patient_id;
    std::int64_t created_at_ms = 0;
    std::string text;
    // The analysis as `attune text --jsonl` prints it (a JSON object), or empty when the patient
    // had not consented to text analysis when the entry was written.
    std::string analysis_json;
};

// A check-in to record. kind "mood": `mood` 1..10 with optional emotion words and a note;
// kind "phq9" / "gad7": `answers`, one per item (0..3), scored by the clinical module.
struct CheckInRequest {
    std::string kind;
    std::optional<int> mood;
    std::vector<std::string> emotions;
    std::string note;
    clinical::Answers answers;
};

struct CheckInRecord {
    std::string id;
    std::string patient_id;
    std::int64_t created_at_ms = 0;
    std::string kind;
    int score = 0;  // mood 1..10, or the questionnaire's total
    // Decrypted detail: mood {"mood","emotions","note"}; a questionnaire clinical::to_json.
    nlohmann::ordered_json detail;
};

// A clinician's view of one assigned patient. Risk and alerts only while the patient shares.
struct PatientSummary {
    std::string id;
    std::string username;
    bool sharing = false;  // share_with_clinician: whether their records are visible
    std::optional<tracking::Risk> risk;  // tracking::current_risk now; unset when not sharing
    int open_alerts = 0;
};

struct AlertNoteRecord {
    std::string author;  // the clinician's username
    std::int64_t created_at_ms = 0;
    std::string text;
};

// An alert as a clinician reads it: the store's row with its sealed content opened.
struct AlertRecord {
    store::Alert row;  // ids, kind, severity, status, times (ciphertext cleared)
    std::string patient_username;
    std::int64_t onset_at_ms = 0;
    std::string summary;
    std::string explanation;
    std::vector<std::string> evidence_ids;
    nlohmann::ordered_json details;
    std::vector<AlertNoteRecord> notes;
    std::string acknowledged_by;  // usernames, or ""
    std::string dismissed_by;
    std::string dismissed_reason;
};

// Which alerts a clinician lists: by status (all when unset), of one patient or of all theirs,
// changed at or after updated_since_ms (for live feeds), newest raised first.
struct AlertFilter {
    std::optional<store::AlertStatus> status = store::AlertStatus::open;
    std::string patient_id;  // "" for every patient of the clinician
    std::int64_t updated_since_ms = INT64_MIN;
    std::int64_t limit = 200;
};

// The emotional journey of a patient over a period (tracking::build_timeline), with each
// series' baseline as of the period's end and the alerts raised in the period (for the
// patient's clinician; a patient sees none of them).
struct JourneyRecord {
    std::string patient_id;
    std::int64_t from_ms = 0, to_ms = 0;
    tracking::Timeline timeline;
    std::vector<tracking::Baseline> baselines;  // one per timeline series, in the same order
    std::vector<AlertRecord> alerts;
};

// One message of a companion conversation, decrypted.
struct ChatMessageRecord {
    std::string id;
    std::string patient_id;
    std::int64_t created_at_ms = 0;
    store::ChatRole role = store::ChatRole::person;
    std::string text;
    // A companion reply's kind and state, as care::Reply::to_json writes them: {"intent",
    // "technique" (or null), "exercise" (or null), "step", "safety": {"level", "escalated",
    // "urgent", "evidence", "resources"}}. An empty object for the person's messages.
    nlohmann::ordered_json reply;
    CrisisLevel crisis_level = CrisisLevel::none;  // what the safety gate found in a person's
                                                   // message (store::ChatMessage::crisis_level)
};

// One turn of a conversation: the companion's reply and where it was stored.
struct ChatTurn {
    care::Reply reply;
    std::string message_id;  // the person's message
    std::string reply_id;    // the companion's reply
    std::string alert_id;    // the alert raised for the clinician when reply.safety.escalated,
                             // or "" (none, or the same alert already existed)
};

// A patient's safety plan with the crisis lines of their locale (which are not theirs to edit).
struct SafetyPlanRecord {
    std::string patient_id;
    care::SafetyPlan plan;
    care::CrisisResources crisis;  // empty without a companion (Options::companion)
};

// A patient's companion settings, kept in their companion state (care::Person).
struct CompanionSettings {
    std::string patient_id;
    std::string locale;                // chooses the crisis lines ("en-US", ...)
    int utc_offset_min = 0;            // the patient's local time: minutes east of UTC
    std::vector<std::string> locales;  // the locales the crisis lines file has, sorted
};

// The demo clinic's logins, for `make run` to print.
struct DemoAccount {
    std::string username;
    std::string password;
    Role role = Role::patient;
};

// The care platform over one store. Thread-safe: one instance serves every request thread.
class Platform {
public:
    // Opens the store (migrating it), loads or creates the master key and the analyzer, and
    // checks that the master key opens the store's data keys. Errors: those of open_store and of
    // MasterKey; invalid_argument when data_dir is missing or the master key does not open the
    // stored data keys (a wrong passphrase or key file), naming which.
    static Result<std::unique_ptr<Platform>> open(Options options);
    ~Platform();
    Platform(const Platform&) = delete;
    Platform& operator=(const Platform&) = delete;

    // --- Accounts (the admin CLI: whoever holds the data directory is trusted) ----------------

    // Creates a user and, for a patient, their data key. Usernames are 3..64 characters of
    // a-z 0-9 . _ - (upper case is folded); passwords 8..1024 bytes. Errors: invalid_argument
    // naming the username or the password rule, or a taken username.
    Result<store::User> add_user(Role role, std::string_view username, std::string_view password);
    // Assigns a patient to a clinician (idempotent). Errors: not_found naming an unknown
    // username; invalid_argument when the roles are wrong.
    Status assign(std::string_view clinician_username, std::string_view patient_username);

    // --- Sessions -----------------------------------------------------------------------------

    // A new bearer token for the user. `client` (an IP address) counts failed attempts.
    // Errors: unauthenticated for a wrong username or password (the same message for both) or a
    // disabled account; resource_exhausted when too many attempts failed recently, with how
    // long until the next attempt is admitted in *retry_after_ms when given.
    Result<Login> login(std::string_view username, std::string_view password,
                        std::string_view client, std::int64_t* retry_after_ms = nullptr);
    // The user behind a token. Errors: unauthenticated for an unknown, expired or revoked token
    // or a disabled user; each such refusal is audited (actor "anonymous", action
    // "session.check", subject `resource`: what was asked for, e.g. "GET /v1/me", ids only).
    Result<Principal> authenticate(std::string_view token, std::string_view resource = "");
    // Revokes the token (logout). Errors: unauthenticated as authenticate.
    Status logout(std::string_view token);

    // --- Consent (patients) ------------------------------------------------------------------

    Result<store::Consent> consent(const Principal& who);
    Result<store::Consent> update_consent(const Principal& who, const ConsentUpdate& update);

    // --- Records ------------------------------------------------------------------------------

    // Stores a journal entry of the calling patient, analysed by the text engine (and the
    // clinical-language layer) when the patient consents to text analysis. Errors:
    // permission_denied for a non-patient; invalid_argument for empty, oversized (> 100,000
    // bytes) or invalid UTF-8 text, naming the byte offset.
    Result<JournalRecord> add_journal_entry(const Principal& who, std::string_view text);
    // A patient's entries, newest first, decrypted. Errors: permission_denied (see the rules).
    Result<std::vector<JournalRecord>> journal(const Principal& who, const std::string& patient_id,
                                               const store::TimeRange& range);

    // Records and scores a check-in of the calling patient. Errors: permission_denied for a
    // non-patient; invalid_argument naming the field (kind, mood, answers item, emotions, note).
    Result<CheckInRecord> add_check_in(const Principal& who, const CheckInRequest& request);
    Result<std::vector<CheckInRecord>> check_ins(const Principal& who,
                                                 const std::string& patient_id,
                                                 const store::TimeRange& range);

    // The patients assigned to the calling clinician, highest current risk first (those not
    // sharing last, by username). Errors: permission_denied otherwise.
    Result<std::vector<PatientSummary>> patients(const Principal& who);

    // --- The emotional journey and early warning (issue #5) ----------------------------------
    //
    // Every journal entry and check-in is handed to the tracker: records that may signal risk
    // (crisis language at passive or above, a PHQ-9 or GAD-7) are tracked before the write
    // returns, so their alerts exist when the client hears back; the others mark the patient
    // for a background pass, at most once every `Options::tracking_interval_ms` per patient.
    // A pass runs tracking::detect over the patient's last 365 days and stores the alerts that
    // are new (the store keeps each alert key once), sealed under the patient's key.

    // The patient's journey from from_ms to to_ms. Errors: permission_denied (the read rules);
    // invalid_argument when from_ms >= to_ms or the period is over 731 days.
    Result<JourneyRecord> journey(const Principal& who, const std::string& patient_id,
                                  std::int64_t from_ms, std::int64_t to_ms);
    // The calling clinician's alerts (of patients assigned and sharing). Errors:
    // permission_denied for anyone else, or for a patient_id they may not read.
    Result<std::vector<AlertRecord>> alerts(const Principal& who, const AlertFilter& filter);
    // Acknowledges or dismisses an alert of one of the clinician's sharing patients, with an
    // optional note (the dismissal's reason); annotate adds a note (1..10,000 bytes of UTF-8).
    // Each is audited. Errors: not_found for an unknown alert, permission_denied as alerts(),
    // invalid_argument for a bad note.
    Result<AlertRecord> set_alert_status(const Principal& who, const std::string& alert_id,
                                         store::AlertStatus status, std::string_view note = "");
    Result<AlertRecord> annotate_alert(const Principal& who, const std::string& alert_id,
                                       std::string_view text);
    // Runs a tracking pass for the patient now (the background pass, synchronously); returns
    // how many alerts were new. For the demo clinic, tests and tools.
    Result<int> track(const std::string& patient_id);
    // A counter that grows whenever an alert is stored or changed by this process. Live feeds
    // wait on it; alerts from other processes sharing a PostgreSQL store are seen when a feed's
    // wait times out and it polls.
    std::uint64_t alert_generation() const;
    // Waits until alert_generation() differs from `seen` or `timeout_ms` passes; returns the
    // current generation.
    std::uint64_t wait_for_alerts(std::uint64_t seen, std::int64_t timeout_ms) const;

    // --- The companion (issue #6) ---------------------------------------------------------------
    //
    // A CBT companion for patients between sessions (care::Companion). Its state per patient
    // (care::Person: the conversation, the safety plan) and every message are stored sealed
    // under the patient's key. Several requests answering one conversation at once (even on
    // servers sharing a PostgreSQL store) each see the state the other left: a turn is saved
    // only on top of the state it was built on and is otherwise redone (store::save_companion).

    // Answers a message of the calling patient: loads their state, calls Companion::reply and
    // stores the message, the reply and the new state in one transaction. When the reply
    // escalates (crisis language at passive or above) that transaction also stores an alert
    // for their clinicians (tracking::companion_crisis_alert: urgent for a plan or behaviour,
    // else high; evidence = the person's message), so the alert exists when this returns, and
    // the live feeds are woken. The reply tells the patient their care team was told only when
    // they share with an assigned clinician. Audited (chat.message; alert.create by "system").
    // Errors: permission_denied for a non-patient, or a patient without consent to text
    // analysis (the companion reads every message); invalid_argument for an empty message,
    // one over 10,000 bytes or invalid UTF-8 (naming the byte offset); unsupported without a
    // companion.
    Result<ChatTurn> chat(const Principal& who, std::string_view message);
    // The companion's opening words for the calling patient (Companion::greet), which opens a
    // new conversation when the last one ended over six hours ago; that change of the state is
    // stored. Needs no consent: it reads nothing the patient wrote. Audited (chat.greeting).
    // Errors: permission_denied for a non-patient; unsupported without a companion.
    Result<care::Reply> greeting(const Principal& who);
    // A patient's companion conversations, newest first (a reply before the message it
    // answers), decrypted; the read rules of journal(). Audited (chat.read).
    Result<std::vector<ChatMessageRecord>> chat_history(const Principal& who,
                                                        const std::string& patient_id,
                                                        const store::TimeRange& range);
    // A patient's safety plan (empty until someone writes one), read and edited by the patient
    // and by an assigned clinician while the patient shares (the read rules of journal(),
    // applied to writing too). set_safety_plan replaces the four lists and records the editor
    // (updated_by = their username, updated_at_ms = now); the plan is shown to the patient in
    // every crisis reply. Audited (safety_plan.read, safety_plan.update). Errors:
    // permission_denied (the rules).
    Result<SafetyPlanRecord> safety_plan(const Principal& who, const std::string& patient_id);
    Result<SafetyPlanRecord> set_safety_plan(const Principal& who, const std::string& patient_id,
                                             const care::SafetyPlan& plan);
    // A patient's companion settings: the locale that chooses the crisis lines of every crisis
    // reply and of the safety plan, and their offset from UTC (the day of the companion's
    // daily limits and the hour of day). Fresh patients have en-US and 0. Read and written by
    // whoever may read and write the safety plan. set_companion_settings changes the fields
    // given and keeps the others. Audited (companion_settings.read, companion_settings.update).
    // Errors: permission_denied (the rules); unsupported without a companion; invalid_argument
    // for a locale the crisis lines file does not have (listing those it has) or an offset
    // outside -840..840 minutes, the state unchanged.
    Result<CompanionSettings> companion_settings(const Principal& who,
                                                 const std::string& patient_id);
    Result<CompanionSettings> set_companion_settings(const Principal& who,
                                                     const std::string& patient_id,
                                                     std::optional<std::string> locale,
                                                     std::optional<int> utc_offset_min);

    // Everything held about the calling patient, decrypted, with pseudonymous ids
    // (privacy::pseudonym) in place of internal ones: account, consent, clinicians, sessions,
    // journal (text and analysis), check-ins, alerts, the companion's state and the chat
    // messages, and access_log — every audited access to their records (time, actor, action,
    // outcome). Reads the whole audit log: linear in its length.
    // Errors: permission_denied for a non-patient.
    Result<nlohmann::ordered_json> export_data(const Principal& who);
    // Erases the calling patient: destroys their data key (crypto-shredding) and deletes their
    // rows; the audit records stay. Returns the number of rows deleted.
    Result<std::int64_t> erase(const Principal& who);

    // The companion's population prior (care::fit_bandit_prior), fitted from the exercise
    // statistics the companion keeps for each patient whose consent has pool_outcomes: per
    // exercise the sums of its rewards and their contexts (care::BanditArmStats), never words.
    // An operator's job, like the admin commands (`attune train bandit-prior`). At least
    // kMinPooledPatients patients must contribute, so that no one person's outcomes can be read
    // back from the sums. Each patient's companion state read is audited (actor "system",
    // companion.pool_outcomes). Errors: unsupported without a companion; failed_precondition
    // with fewer contributing patients (saying how many there are); those of
    // care::fit_bandit_prior.
    static constexpr int kMinPooledPatients = 10;
    Result<care::BanditPrior> fit_companion_prior();

    // --- Demo ---------------------------------------------------------------------------------

    // When the store has no users: creates a clinician and three patients (consenting to
    // everything, assigned to the clinician) with 60 days of synthetic journal entries and
    // check-ins ending a day ago, each with its own course (improving, worsening towards passive
    // ideation, steady), and returns their logins. Deterministic for a seed except for ids and
    // the current date. When users exist it creates nothing and returns an empty list.
    Result<std::vector<DemoAccount>> create_demo_clinic(std::uint64_t seed = 7);

    store::Store& store();
    std::int64_t now_ms() const;

    struct Impl;

private:
    explicit Platform(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Checks the store's audit log: every record's hash (privacy::chain_hash) and its link to the
// one before. Returns how many records were checked, or corrupt naming the first bad record
// ("audit record seq 17 (2026-11-26T09:30:00.000Z, journal.read): hash does not match ...").
// This is `attune audit verify`.
Result<std::int64_t> verify_audit(store::Store& store);

}  // namespace attune::platform
