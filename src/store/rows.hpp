// SPDX-License-Identifier: Apache-2.0
// What every back end shares about rows: the column lists of each table (in the order the
// decoders read them), the decoders from a result row to the store's structs, and the checks
// made before any SQL. A back end's row type needs text(i), i64(i), i32(i), flag(i), blob(i).
#pragma once

#include <attune/store.hpp>
#include <span>
#include <string>

namespace attune::store::rows {

// Column lists are written once here and reused by every SELECT of the table.
#define ATTUNE_USER_COLUMNS "id, username, role, password_hash, created_at_ms, disabled"
#define ATTUNE_SESSION_COLUMNS "token_digest, user_id, created_at_ms, expires_at_ms, revoked"
#define ATTUNE_CONSENT_COLUMNS                                                            \
    "patient_id, allow_text, allow_voice, allow_face, allow_body, share_with_clinician, " \
    "updated_at_ms, pool_outcomes"
#define ATTUNE_KEY_COLUMNS "patient_id, key_id, wrapped_key, created_at_ms"
#define ATTUNE_JOURNAL_COLUMNS                                                       \
    "id, patient_id, created_at_ms, ciphertext, analysis_ciphertext, valence_x100, " \
    "arousal_x100, crisis_level"
#define ATTUNE_CHECK_IN_COLUMNS "id, patient_id, created_at_ms, kind, score, ciphertext"
#define ATTUNE_ALERT_COLUMNS                                                                \
    "id, patient_id, alert_key, kind, severity, raised_at_ms, created_at_ms, status, "     \
    "acknowledged_by, acknowledged_at_ms, dismissed_by, dismissed_at_ms, updated_at_ms, " \
    "ciphertext"
#define ATTUNE_ALERT_NOTE_COLUMNS "id, alert_id, patient_id, author_id, created_at_ms, ciphertext"
#define ATTUNE_COMPANION_COLUMNS "patient_id, version, updated_at_ms, ciphertext"
#define ATTUNE_CHAT_COLUMNS "id, patient_id, created_at_ms, role, ciphertext, crisis_level"
#define ATTUNE_AUDIT_COLUMNS "seq, time_ms, actor, action, subject, outcome, prev_hash, hash"

template <typename Row>
User user_row(const Row& s) {
    User u;
    u.id = s.text(0);
    u.username = s.text(1);
    // The CHECK constraint admits only the three names.
    u.role = parse_role(s.text(2)).value();
    u.password_hash = s.text(3);
    u.created_at_ms = s.i64(4);
    u.disabled = s.flag(5);
    return u;
}

template <typename Row>
Session session_row(const Row& s) {
    return {s.text(0), s.text(1), s.i64(2), s.i64(3), s.flag(4)};
}

template <typename Row>
Consent consent_row(const Row& s) {
    return {s.text(0), s.flag(1), s.flag(2), s.flag(3), s.flag(4), s.flag(5), s.i64(6), s.flag(7)};
}

template <typename Row>
PatientKey key_row(const Row& s) {
    return {s.text(0), s.text(1), s.blob(2), s.i64(3)};
}

template <typename Row>
JournalEntry journal_row(const Row& s) {
    return {s.text(0), s.text(1), s.i64(2), s.blob(3),
            s.blob(4), s.i32(5),  s.i32(6), static_cast<CrisisLevel>(s.i32(7))};
}

// Rows of "id, created_at_ms, <analysed>, valence_x100, arousal_x100, crisis_level,
// <analysis of crisis entries>" (each back end spells the two computed columns its own way).
template <typename Row>
JournalSignal journal_signal_row(const Row& s) {
    return {s.text(0), s.i64(1), s.flag(2), s.i32(3),
            s.i32(4),  static_cast<CrisisLevel>(s.i32(5)), s.blob(6)};
}

template <typename Row>
CheckIn check_in_row(const Row& s) {
    return {s.text(0), s.text(1), s.i64(2), s.text(3), s.i32(4), s.blob(5)};
}

template <typename Row>
Alert alert_row(const Row& s) {
    Alert a;
    a.id = s.text(0);
    a.patient_id = s.text(1);
    a.key = s.text(2);
    a.kind = s.text(3);
    a.severity = s.i32(4);
    a.raised_at_ms = s.i64(5);
    a.created_at_ms = s.i64(6);
    // The CHECK constraint admits only the three names.
    a.status = parse_alert_status(s.text(7)).value();
    a.acknowledged_by = s.text(8);
    a.acknowledged_at_ms = s.i64(9);
    a.dismissed_by = s.text(10);
    a.dismissed_at_ms = s.i64(11);
    a.updated_at_ms = s.i64(12);
    a.ciphertext = s.blob(13);
    return a;
}

template <typename Row>
AlertNote alert_note_row(const Row& s) {
    return {s.text(0), s.text(1), s.text(2), s.text(3), s.i64(4), s.blob(5)};
}

template <typename Row>
CompanionState companion_row(const Row& s) {
    return {s.text(0), s.i64(1), s.i64(2), s.blob(3)};
}

template <typename Row>
ChatMessage chat_row(const Row& s) {
    // The CHECK constraint admits only the two names.
    return {s.text(0),
            s.text(1),
            s.i64(2),
            parse_chat_role(s.text(3)).value(),
            s.blob(4),
            static_cast<CrisisLevel>(s.i32(5))};
}

// Rows of "id, created_at_ms, crisis_level".
template <typename Row>
ChatSignal chat_signal_row(const Row& s) {
    return {s.text(0), s.i64(1), static_cast<CrisisLevel>(s.i32(2))};
}

template <typename Row>
AuditRecord audit_row(const Row& s) {
    return {s.i64(0), {s.i64(1), s.text(2), s.text(3), s.text(4), s.text(5)}, s.text(6), s.text(7)};
}

inline Status check_crisis_level(const std::string& what, CrisisLevel level) {
    const int crisis = static_cast<int>(level);
    if (crisis < 0 || crisis > static_cast<int>(CrisisLevel::behavior))
        return Status::invalid_argument(what + "crisis_level " + std::to_string(crisis) +
                                        " is outside 0..4");
    return Status::ok();
}

// The derived numbers' ranges, checked before any SQL so that a bad value is named.
inline Status check_derived(const JournalEntry& e) {
    const std::string what = "journal entry '" + e.id + "': ";
    if (e.valence_x100 < -100 || e.valence_x100 > 100)
        return Status::invalid_argument(what + "valence_x100 " + std::to_string(e.valence_x100) +
                                        " is outside -100..100");
    if (e.arousal_x100 < 0 || e.arousal_x100 > 100)
        return Status::invalid_argument(what + "arousal_x100 " + std::to_string(e.arousal_x100) +
                                        " is outside 0..100");
    return check_crisis_level(what, e.crisis_level);
}

inline Status check_alert(const Alert& a) {
    if (a.severity < 0 || a.severity > 3)
        return Status::invalid_argument("alert '" + a.id + "': severity " +
                                        std::to_string(a.severity) + " is outside 0..3");
    return Status::ok();
}

// What save_companion checks before any SQL: the version, that every message and alert is the
// state's patient's, and the messages' crisis levels (a reply's is none).
inline Status check_companion(const CompanionState& state, std::span<const ChatMessage> messages,
                              std::span<const Alert> alerts) {
    if (state.version < 1)
        return Status::invalid_argument("companion state of patient '" + state.patient_id +
                                        "': version " + std::to_string(state.version) +
                                        " is below 1");
    for (const auto& m : messages) {
        const std::string what = "chat message '" + m.id + "': ";
        if (m.patient_id != state.patient_id)
            return Status::invalid_argument(what + "patient_id '" + m.patient_id +
                                            "' is not the state's patient");
        ATTUNE_RETURN_IF_ERROR(check_crisis_level(what, m.crisis_level));
        if (m.role == ChatRole::companion && m.crisis_level != CrisisLevel::none)
            return Status::invalid_argument(what + "a companion reply has no crisis level");
    }
    for (const auto& a : alerts) {
        ATTUNE_RETURN_IF_ERROR(check_alert(a));
        if (a.patient_id != state.patient_id)
            return Status::invalid_argument("alert '" + a.id + "': patient_id '" + a.patient_id +
                                            "' is not the state's patient");
    }
    return Status::ok();
}

// The alert query's status as SQL text: "" matches any (the queries test `?2 = '' OR status = ?2`).
inline std::string status_filter(const AlertQuery& q) {
    return q.status ? std::string(alert_status_name(*q.status)) : std::string();
}

inline Status check_range(const TimeRange& r) {
    if (r.limit < 0)
        return Status::invalid_argument("limit must be >= 0, got " + std::to_string(r.limit));
    return Status::ok();
}

}  // namespace attune::store::rows
