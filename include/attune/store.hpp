// SPDX-License-Identifier: Apache-2.0
// attune::store — the care platform's persistent state behind one interface, with an SQLite back
// end (embedded default) and a PostgreSQL one (a clinic's server, shared by several stateless
// Attune servers). The store is the only SQL user.
//
// What the store sees. Patient text, analyses and data keys arrive already encrypted (or wrapped)
// by the privacy module: they are opaque BLOBs here and the store never looks inside. In clear it
// keeps only what it must query on: ids, times, roles, consent booleans, a check-in's kind and
// score, and three small derived numbers per journal entry (see JournalEntry).
//
// Conventions shared by every back end, chosen so that libpq can implement the same interface
// without change:
//   - ids are strings chosen by the caller (a UUID or similar); the store generates none except
//     the audit log's sequence number. Several stateless servers can then insert without
//     coordinating.
//   - times are std::int64_t milliseconds since the Unix epoch, UTC, named *_ms, supplied by the
//     caller: the store never reads the clock, so tests are deterministic.
//   - BLOBs are std::vector<std::uint8_t>; an empty BLOB is stored and read back as empty.
//   - errors: invalid_argument for input that breaks a rule (a duplicate id or username, a
//     value out of range, a user of the wrong role; the message names the field and the value),
//     not_found for a missing record (an unknown user id on insert included), io_error for the
//     database failing (a lock held longer than the busy timeout, a lost connection included),
//     corrupt for a damaged database, unsupported for a schema newer than this build. No
//     function throws.
//   - thread safety: every member function of Store may be called from any thread at the same
//     time; a Store is opened once and shared by the server's threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <attune/core.hpp>

namespace attune::store {

using Blob = std::vector<std::uint8_t>;

enum class Role { patient, clinician, admin };
// "patient", "clinician", "admin".
std::string_view role_name(Role role);
// The Role named by `name` (exact, lower case), or invalid_argument naming it.
Result<Role> parse_role(std::string_view name);

struct User {
    std::string id;
    std::string username;       // unique, compared byte for byte: callers normalise case first
    Role role = Role::patient;
    std::string password_hash;  // an encoded hash (e.g. Argon2id PHC string), never a password
    std::int64_t created_at_ms = 0;
    bool disabled = false;
};

// A login session. The token itself never reaches the store: only a digest of it, so a copy of
// the database does not let anyone log in.
struct Session {
    std::string token_digest;
    std::string user_id;
    std::int64_t created_at_ms = 0;
    std::int64_t expires_at_ms = 0;
    bool revoked = false;
};

// What a patient has agreed to be analysed, per modality, and whether assigned clinicians may see
// it. A patient without a Consent row has agreed to nothing.
struct Consent {
    std::string patient_id;
    bool text = false;
    bool voice = false;
    bool face = false;
    bool body = false;
    bool share_with_clinician = false;
    std::int64_t updated_at_ms = 0;
    // The patient lets the clinic learn, from the exercise outcomes the companion keeps for them
    // pooled with other consenting patients', which exercises help people in general (the
    // companion's population prior, Platform::fit_companion_prior). Off unless given.
    bool pool_outcomes = false;
};

// A patient's data key, wrapped (encrypted) by a key the store never sees. Deleting it makes every
// ciphertext of the patient unreadable, even in backups: crypto-shredding.
struct PatientKey {
    std::string patient_id;
    std::string key_id;  // unique per patient; several exist after a rotation
    Blob wrapped_key;
    std::int64_t created_at_ms = 0;
};

// One journal entry. `ciphertext` (the text) and `analysis_ciphertext` (the full analysis) are
// encrypted. The three derived numbers are kept in clear so that timelines and alerts can query
// them without the patient's key. They are not patient text and cannot be turned back into it,
// but they are still health data: they are erased with the patient and exported to them.
struct JournalEntry {
    std::string id;
    std::string patient_id;
    std::int64_t created_at_ms = 0;
    Blob ciphertext;
    Blob analysis_ciphertext;
    int valence_x100 = 0;                  // sentiment compound x 100, rounded: -100 .. 100
    int arousal_x100 = 0;                  // arousal x 100, rounded: 0 .. 100
    CrisisLevel crisis_level = CrisisLevel::none;
};

// What the tracker reads of a journal entry (Store::journal_signals): the derived numbers,
// whether the entry was analysed, and the sealed analysis only of entries with crisis language
// (the words their alerts quote). No text: a small fraction of a row's bytes.
struct JournalSignal {
    std::string id;
    std::int64_t created_at_ms = 0;
    bool analysed = false;  // analysis_ciphertext of the row is not empty
    int valence_x100 = 0;
    int arousal_x100 = 0;
    CrisisLevel crisis_level = CrisisLevel::none;
    Blob analysis_ciphertext;  // empty unless crisis_level is above none
};

// One check-in: a questionnaire or a quick mood rating. `kind` names it ("phq9", "gad7",
// "mood", ...); `score` is its total; the answers are in `ciphertext`.
struct CheckIn {
    std::string id;
    std::string patient_id;
    std::int64_t created_at_ms = 0;
    std::string kind;
    int score = 0;
    Blob ciphertext;
};

// An early-warning alert the tracker (attune::tracking) raised about a patient, for their
// clinicians. What it says (summary, explanation, the patient's words it quotes, its numbers) is
// in `ciphertext`; in clear is only what a dashboard sorts and filters on.
enum class AlertStatus { open, acknowledged, dismissed };
// "open", "acknowledged", "dismissed".
std::string_view alert_status_name(AlertStatus status);
// The AlertStatus named by `name`, or invalid_argument naming it and the accepted names.
Result<AlertStatus> parse_alert_status(std::string_view name);

struct Alert {
    std::string id;
    std::string patient_id;
    std::string key;               // the tracker's key: unique per patient, so each alert is kept once
    std::string kind;              // "crisis_language", "valence_drop", ...
    int severity = 0;              // 0 low, 1 moderate, 2 high, 3 urgent
    std::int64_t raised_at_ms = 0; // the time of the record that raised it
    std::int64_t created_at_ms = 0;
    AlertStatus status = AlertStatus::open;
    std::string acknowledged_by;   // a user id, or "" (with acknowledged_at_ms 0)
    std::int64_t acknowledged_at_ms = 0;
    std::string dismissed_by;
    std::int64_t dismissed_at_ms = 0;
    std::int64_t updated_at_ms = 0;  // the last change (creation, status, note): feeds poll on it
    Blob ciphertext;
};

// A clinician's note on an alert; the text is in `ciphertext`.
struct AlertNote {
    std::string id;
    std::string alert_id;
    std::string patient_id;
    std::string author_id;
    std::int64_t created_at_ms = 0;
    Blob ciphertext;
};

// Alerts of one patient: raised_at_ms in [from_ms, to_ms), updated_at_ms >= updated_since_ms,
// with the status when given; newest raised first, at most `limit`.
struct AlertQuery {
    std::optional<AlertStatus> status;
    std::int64_t from_ms = INT64_MIN;
    std::int64_t to_ms = INT64_MAX;
    std::int64_t updated_since_ms = INT64_MIN;
    std::int64_t limit = 100;
};

// The companion's state of one patient (care::Person as JSON, issue #6): where the conversation
// is, the safety plan, what the exercise chooser has learned. All of it is in `ciphertext`; in
// clear only the version, which makes concurrent turns of one conversation safe (see
// Store::save_companion).
struct CompanionState {
    std::string patient_id;
    std::int64_t version = 0;  // 1 for the first write, one more on each
    std::int64_t updated_at_ms = 0;
    Blob ciphertext;
};

// Who wrote a message of a companion conversation.
enum class ChatRole { person, companion };
// "person", "companion".
std::string_view chat_role_name(ChatRole role);
// The ChatRole named by `name`, or invalid_argument naming it and the accepted names.
Result<ChatRole> parse_chat_role(std::string_view name);

// One message of a companion conversation: the person's words, or the companion's reply (with
// what kind of reply it was and its safety status). Both are in `ciphertext`. A person's message
// also keeps, in clear like a journal entry's derived numbers, the crisis level the companion's
// safety gate found in it, so that the tracker reads it without the patient's key; a reply's is
// none.
struct ChatMessage {
    std::string id;
    std::string patient_id;
    std::int64_t created_at_ms = 0;
    ChatRole role = ChatRole::person;
    Blob ciphertext;
    CrisisLevel crisis_level = CrisisLevel::none;
};

// What the tracker reads of a companion conversation (Store::chat_signals): a person's message
// with crisis language, without its text.
struct ChatSignal {
    std::string id;
    std::int64_t created_at_ms = 0;
    CrisisLevel crisis_level = CrisisLevel::none;
};

// A row of the append-only audit log. The store assigns `seq` (1, 2, ...) and links each row to
// the one before it through `prev_hash`; the hash itself is computed by the caller's AuditHasher
// (the privacy module's audit chain), so the store needs no cryptography. Audit rows hold ids,
// never names or text, and outlive an erased patient: they are the record that the erasure
// happened.
struct AuditEntry {
    std::int64_t time_ms = 0;
    std::string actor;    // a user id, or "system"
    std::string action;   // e.g. "journal.create", "patient.erase"
    std::string subject;  // the id acted upon
    std::string outcome;  // e.g. "ok", "denied"
};
struct AuditRecord {
    std::int64_t seq = 0;
    AuditEntry entry;
    std::string prev_hash;  // "" for the first row
    std::string hash;
};
// Computes a row's hash from its sequence number, its entry and the previous row's hash. Called
// with the log locked, so it must be quick and must not call the Store.
using AuditHasher = std::function<std::string(std::int64_t seq, const AuditEntry& entry,
                                              const std::string& prev_hash)>;

// Rows selected by time: created_at_ms in [from_ms, to_ms), newest first, at most `limit`.
struct TimeRange {
    std::int64_t from_ms = INT64_MIN;
    std::int64_t to_ms = INT64_MAX;
    std::int64_t limit = 100;
};

// Everything the store holds about one patient, for a data-access request.
struct PatientExport {
    User user;
    std::optional<Consent> consent;
    std::vector<PatientKey> keys;
    std::vector<std::string> clinician_ids;
    std::vector<Session> sessions;
    std::vector<JournalEntry> journal;  // oldest first
    std::vector<CheckIn> check_ins;     // oldest first
    std::vector<Alert> alerts;          // oldest first
    std::vector<AlertNote> alert_notes; // oldest first
    std::optional<CompanionState> companion;  // none until the patient first used the companion
    std::vector<ChatMessage> chat;      // oldest first (a person's message before its reply)
};

// The persistent state of the care platform. Every write is atomic — its own transaction, or its
// share of a group commit (append_audit, add_journal_entry_audited) — and is durable once the call
// returns ok ("acknowledged = committed"): a process crash after that loses nothing. Whether a
// power loss can is the back end's to document (see open_store).
class Store {
public:
    virtual ~Store() = default;

    // "sqlite" or "postgresql".
    virtual std::string_view backend() const = 0;
    // The schema version of the open database (the highest applied migration).
    virtual Result<int> schema_version() = 0;
    // Checks the database's own structures (SQLite: PRAGMA integrity_check; PostgreSQL: reads
    // every table, and checks every B-tree index against its table when the database has the
    // amcheck extension). ok, or corrupt with the first problems reported.
    virtual Status check_integrity() = 0;

    // Users. create_user fails with invalid_argument naming the id or username when either is
    // taken. The find/get calls return not_found naming what was looked up.
    virtual Status create_user(const User& user) = 0;
    virtual Result<User> get_user(const std::string& id) = 0;
    virtual Result<User> find_user_by_username(const std::string& username) = 0;
    // Every user, in order of username.
    virtual Result<std::vector<User>> list_users() = 0;
    virtual Status set_user_disabled(const std::string& id, bool disabled) = 0;
    virtual Status set_password_hash(const std::string& id, const std::string& password_hash) = 0;

    // Sessions. get_session returns the row whatever its state; the caller checks `revoked`,
    // `expires_at_ms` and the user's `disabled`.
    virtual Status create_session(const Session& session) = 0;
    virtual Result<Session> get_session(const std::string& token_digest) = 0;
    virtual Status revoke_session(const std::string& token_digest) = 0;
    // Revokes every session of a user (on logout-all, disable or password change); returns how
    // many were live.
    virtual Result<std::int64_t> revoke_user_sessions(const std::string& user_id) = 0;
    // Deletes sessions that expired before `now_ms` or were revoked; returns how many.
    virtual Result<std::int64_t> delete_dead_sessions(std::int64_t now_ms) = 0;

    // Clinician-patient assignments. assign checks both ids exist (not_found) and have the right
    // roles (invalid_argument), and is idempotent; unassign of a missing pair is not_found.
    virtual Status assign(const std::string& clinician_id, const std::string& patient_id,
                          std::int64_t created_at_ms) = 0;
    virtual Status unassign(const std::string& clinician_id, const std::string& patient_id) = 0;
    virtual Result<bool> is_assigned(const std::string& clinician_id,
                                     const std::string& patient_id) = 0;
    virtual Result<std::vector<std::string>> patients_of(const std::string& clinician_id) = 0;
    virtual Result<std::vector<std::string>> clinicians_of(const std::string& patient_id) = 0;

    // Consent, keys, journal entries and check-ins belong to a user whose role is patient; a write
    // naming another user is invalid_argument.
    // Consent: put replaces the patient's row (or creates it); get is not_found when the patient
    // never gave any.
    virtual Status put_consent(const Consent& consent) = 0;
    virtual Result<Consent> get_consent(const std::string& patient_id) = 0;

    // Patient data keys. put fails with invalid_argument when (patient_id, key_id) exists.
    virtual Status put_patient_key(const PatientKey& key) = 0;
    virtual Result<PatientKey> get_patient_key(const std::string& patient_id,
                                               const std::string& key_id) = 0;
    // Oldest first.
    virtual Result<std::vector<PatientKey>> patient_keys(const std::string& patient_id) = 0;
    // Crypto-shredding: deletes every key of the patient; returns how many.
    virtual Result<std::int64_t> delete_patient_keys(const std::string& patient_id) = 0;

    // Journal entries. add fails with invalid_argument on a taken id or a derived number out of
    // range, not_found on an unknown patient.
    virtual Status add_journal_entry(const JournalEntry& entry) = 0;
    // add_journal_entry and append_audit of the record of it in one transaction: both rows or
    // neither. Returns the audit row as append_audit does. Errors: those of add_journal_entry
    // (nothing is written then: the caller audits the failure itself) and of append_audit.
    // Concurrent calls, with concurrent append_audit calls, may share one transaction and one
    // commit (group commit); each returns only after the commit that holds its rows.
    virtual Result<AuditRecord> add_journal_entry_audited(const JournalEntry& entry,
                                                          const AuditEntry& audit,
                                                          const AuditHasher& hasher) = 0;
    virtual Result<JournalEntry> get_journal_entry(const std::string& id) = 0;
    // Newest first (ties broken by id, descending).
    virtual Result<std::vector<JournalEntry>> journal_entries(const std::string& patient_id,
                                                              const TimeRange& range) = 0;

    // journal_entries' rows as JournalSignal, in the same order.
    virtual Result<std::vector<JournalSignal>> journal_signals(const std::string& patient_id,
                                                               const TimeRange& range) = 0;

    // Check-ins, as journal entries.
    virtual Status add_check_in(const CheckIn& check_in) = 0;
    virtual Result<std::vector<CheckIn>> check_ins(const std::string& patient_id,
                                                   const TimeRange& range) = 0;

    // Alerts. add_alert stores the alert unless the patient already has one with its key:
    // true when stored, false when it was already there (so re-running the tracker is
    // harmless, from any number of servers). Errors: invalid_argument for a taken id or a
    // severity outside 0..3, not_found / invalid_argument for the patient as above.
    virtual Result<bool> add_alert(const Alert& alert) = 0;
    virtual Result<Alert> get_alert(const std::string& id) = 0;
    virtual Result<std::vector<Alert>> alerts(const std::string& patient_id,
                                              const AlertQuery& query) = 0;
    // Sets the status, recording who and when for acknowledged and dismissed (open clears
    // nothing), and updated_at_ms. not_found for an unknown alert.
    virtual Status set_alert_status(const std::string& id, AlertStatus status,
                                    const std::string& by_user_id, std::int64_t at_ms) = 0;
    // Adds a note and sets its alert's updated_at_ms to the note's time. not_found for an
    // unknown alert; invalid_argument for a taken id or a patient_id that is not the alert's.
    virtual Status add_alert_note(const AlertNote& note) = 0;
    // Oldest first.
    virtual Result<std::vector<AlertNote>> alert_notes(const std::string& alert_id) = 0;

    // The companion (issue #6). A patient's state is one row, rewritten whole on each turn;
    // their messages are rows of their own.
    //
    // get_companion_state is not_found when the patient has none yet.
    virtual Result<CompanionState> get_companion_state(const std::string& patient_id) = 0;
    // Writes one turn of a conversation in one transaction: the new state, its messages and the
    // alerts it raised (kept once per key, as add_alert). Optimistic concurrency: `state.version`
    // must be one more than the stored version (1 when there is none), otherwise nothing is
    // written and the result is false: another turn of the same conversation (another request,
    // maybe on another server) was saved first, and the caller reads the state again and
    // redoes its turn. true when written. Errors: invalid_argument for a version below 1, a
    // taken message id, a message or alert of another patient, an alert severity outside 0..3,
    // or a user who is not a patient; not_found for an unknown patient.
    virtual Result<bool> save_companion(const CompanionState& state,
                                        std::span<const ChatMessage> messages,
                                        std::span<const Alert> alerts) = 0;
    // A patient's messages: newest first (at the same time, a reply before the person's message
    // it answers), then by id descending.
    virtual Result<std::vector<ChatMessage>> chat_messages(const std::string& patient_id,
                                                           const TimeRange& range) = 0;
    // A patient's messages with crisis language (crisis_level above none), newest first, then by
    // id descending: the only messages whose signal the tracker reads.
    virtual Result<std::vector<ChatSignal>> chat_signals(const std::string& patient_id,
                                                         const TimeRange& range) = 0;

    // The audit log: append only; there is no update or delete, and the back ends refuse one
    // made behind the store's back (triggers, in both). append_audit assigns the next seq, reads
    // the last row's hash and stores `hasher(seq, entry, prev_hash)` in one transaction, so
    // concurrent appends form one chain (on PostgreSQL, across every server sharing the
    // database). Concurrent appends are committed together where they can be: every row extends
    // one chain, so on its own each append would hold the chain until its commit is durable, one
    // flush at a time; a call that arrives meanwhile waits and is committed with the others in the
    // next transaction (group commit). A call still returns only after its own row has committed.
    virtual Result<AuditRecord> append_audit(const AuditEntry& entry,
                                             const AuditHasher& hasher) = 0;
    // Rows with seq >= from_seq, in order, at most `limit`.
    virtual Result<std::vector<AuditRecord>> audit_log(std::int64_t from_seq,
                                                       std::int64_t limit) = 0;

    // Erases a patient in one transaction: journal entries, check-ins, alerts and their notes,
    // companion state and messages, consent, keys, assignments, sessions and the user row. Audit
    // rows stay. Returns how many rows were deleted; not_found when no patient has this id (an
    // existing non-patient is invalid_argument).
    virtual Result<std::int64_t> erase_patient(const std::string& patient_id) = 0;
    // Everything held about one patient, read in one snapshot.
    virtual Result<PatientExport> export_patient(const std::string& patient_id) = 0;
};

// Opens (creating when missing) the store named by `url` and brings its schema up to date,
// applying every pending migration in one transaction. Thread-safe; the Store may be shared.
//   "sqlite:"               DATA_DIR/attune.db (`data_dir` must name an existing directory)
//   "sqlite:///abs/path.db" that file (its directory must exist)
//   "postgresql://..."      a PostgreSQL database (which must exist; the tables are created in
//   "postgres://..."        it). The URL goes to libpq unchanged, so every libpq URI parameter
//                           works: user, password, sslmode, connect_timeout (10 s unless given),
//                           options=-c lock_timeout=5s, ... `data_dir` is not used.
// SQLite options, as a query string ("sqlite:?synchronous=full"):
//   synchronous=normal (default) | full. Both keep every acknowledged write through a process
//   crash (SIGKILL, OOM kill): a commit is in the write-ahead log, in the OS's hands, before the
//   call returns. FULL also fsyncs the log at every commit, so acknowledged writes survive power
//   loss or an OS crash too; NORMAL syncs only at checkpoints, so after a power loss the last
//   commits may roll back (the database stays consistent). FULL costs one fsync per write
//   transaction and SQLite has one writer: measured ~245 separate writes/s against ~5,100 for
//   NORMAL on our VM disk (docs/BENCHMARKS.md), hence the default. Journal entries and audit
//   records written at the same time share a transaction (group commit, see append_audit), so
//   the server's POST /v1/journal held 1,000 entries/s under FULL as well; every other write
//   still pays its own fsync. Choose FULL where the host has no UPS.
// SQLite concurrency: one writer connection behind a mutex (SQLite admits one writer at a time,
// so queueing in-process is cheaper than lock retries) and a pool of reader connections that
// run in parallel with it (WAL). Every connection has a busy timeout of 5 s for other processes
// (the CLI) holding the lock.
// PostgreSQL: a pool of up to 16 connections, each used by one thread at a time (a call that
// finds them all busy waits); an idle connection the server closed is replaced before use.
// Several processes may share the database: migrations and audit appends are serialised by
// advisory locks. An acknowledged write has its commit record flushed to the server's disk when
// the server runs with synchronous_commit = on and fsync = on (its defaults), so it survives a
// crash or power loss of the database server. Needs PostgreSQL 11 or newer (tested with 15).
// Errors: invalid_argument for a malformed URL (listing the accepted forms) or a missing
// directory; unsupported for a schema newer than this build (naming both versions); io_error /
// corrupt from the database, naming the file or the URL (its password hidden, as redact_url
// does), a server that cannot be reached included.
Result<std::unique_ptr<Store>> open_store(std::string_view url, const std::string& data_dir);

// `url` with the password of any "user:password@" part replaced by "***", for messages and logs.
std::string redact_url(std::string_view url);

}  // namespace attune::store
