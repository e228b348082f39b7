// SPDX-License-Identifier: Apache-2.0
// The SQLite back end: one writer connection behind a mutex, a pool of reader connections, WAL,
// prepared statements cached per connection, audit appends group-committed (group_commit.hpp).
// SQLite result codes stop here and become Status.
#include "store/sqlite/sqlite_store.hpp"

#include <sqlite3.h>

#include <mutex>
#include <span>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/group_commit.hpp"
#include "store/rows.hpp"

namespace attune::store::sqlite {
namespace {

using namespace rows;  // decoders, column lists and checks shared with the other back end

// ---------------------------------------------------------------------------------------------
// Migrations. Append only: a released step is never edited, since databases in the field have
// applied it; a change is a new step. Each step runs inside the one transaction of open().

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

// STRICT tables make SQLite check column types as PostgreSQL will, so the two back ends accept
// the same values. Foreign keys have no ON DELETE CASCADE on purpose: erase_patient() deletes
// each table's rows itself, and a table it forgets makes the final DELETE of the user fail
// instead of leaving the patient's data behind.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('patient', 'clinician', 'admin')),
    password_hash TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    disabled INTEGER NOT NULL CHECK (disabled IN (0, 1))
) STRICT;

CREATE TABLE sessions (
    token_digest TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL,
    revoked INTEGER NOT NULL CHECK (revoked IN (0, 1))
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE assignments (
    clinician_id TEXT NOT NULL REFERENCES users (id),
    patient_id TEXT NOT NULL REFERENCES users (id),
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (clinician_id, patient_id)
) STRICT;
CREATE INDEX assignments_by_patient ON assignments (patient_id);

CREATE TABLE consents (
    patient_id TEXT PRIMARY KEY REFERENCES users (id),
    allow_text INTEGER NOT NULL CHECK (allow_text IN (0, 1)),
    allow_voice INTEGER NOT NULL CHECK (allow_voice IN (0, 1)),
    allow_face INTEGER NOT NULL CHECK (allow_face IN (0, 1)),
    allow_body INTEGER NOT NULL CHECK (allow_body IN (0, 1)),
    share_with_clinician INTEGER NOT NULL CHECK (share_with_clinician IN (0, 1)),
    updated_at_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE patient_keys (
    patient_id TEXT NOT NULL REFERENCES users (id),
    key_id TEXT NOT NULL,
    wrapped_key BLOB NOT NULL,
    created_at_ms INTEGER NOT NULL,
    PRIMARY KEY (patient_id, key_id)
) STRICT;

CREATE TABLE journal_entries (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES users (id),
    created_at_ms INTEGER NOT NULL,
    ciphertext BLOB NOT NULL,
    analysis_ciphertext BLOB NOT NULL,
    valence_x100 INTEGER NOT NULL CHECK (valence_x100 BETWEEN -100 AND 100),
    arousal_x100 INTEGER NOT NULL CHECK (arousal_x100 BETWEEN 0 AND 100),
    crisis_level INTEGER NOT NULL CHECK (crisis_level BETWEEN 0 AND 4)
) STRICT;
CREATE INDEX journal_by_patient_time ON journal_entries (patient_id, created_at_ms, id);

CREATE TABLE check_ins (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES users (id),
    created_at_ms INTEGER NOT NULL,
    kind TEXT NOT NULL,
    score INTEGER NOT NULL,
    ciphertext BLOB NOT NULL
) STRICT;
CREATE INDEX check_ins_by_patient_time ON check_ins (patient_id, created_at_ms, id);

-- Append-only. The triggers stop an UPDATE or DELETE from any connection, not only ours; the
-- insert trigger keeps the chain linear (no gap in seq, prev_hash = the last row's hash) even
-- if a second writer bypassed append_audit().
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    time_ms INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    outcome TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_log)
  OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '')
BEGIN
    SELECT RAISE(ABORT, 'audit_log row does not extend the chain');
END;
)sql";

// Early-warning alerts (issue #5): one row per tracker alert, unique per patient and key, and
// the clinicians' notes on them.
constexpr std::string_view kSchemaV2 = R"sql(
CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES users (id),
    alert_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    severity INTEGER NOT NULL CHECK (severity BETWEEN 0 AND 3),
    raised_at_ms INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'dismissed')),
    acknowledged_by TEXT NOT NULL,
    acknowledged_at_ms INTEGER NOT NULL,
    dismissed_by TEXT NOT NULL,
    dismissed_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    ciphertext BLOB NOT NULL,
    UNIQUE (patient_id, alert_key)
) STRICT;
CREATE INDEX alerts_by_patient_time ON alerts (patient_id, raised_at_ms, id);

CREATE TABLE alert_notes (
    id TEXT PRIMARY KEY,
    alert_id TEXT NOT NULL REFERENCES alerts (id),
    patient_id TEXT NOT NULL REFERENCES users (id),
    author_id TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    ciphertext BLOB NOT NULL
) STRICT;
CREATE INDEX alert_notes_by_alert ON alert_notes (alert_id, created_at_ms, id);
)sql";

// The companion (issue #6): each patient's conversation state, one row rewritten whole on each
// turn (its version makes concurrent turns safe), and the messages of their conversations.
constexpr std::string_view kSchemaV3 = R"sql(
CREATE TABLE companion_states (
    patient_id TEXT PRIMARY KEY REFERENCES users (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    updated_at_ms INTEGER NOT NULL,
    ciphertext BLOB NOT NULL
) STRICT;

CREATE TABLE chat_messages (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES users (id),
    created_at_ms INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('person', 'companion')),
    ciphertext BLOB NOT NULL
) STRICT;
CREATE INDEX chat_messages_by_patient_time ON chat_messages (patient_id, created_at_ms, id);
)sql";

// Companion messages keep the crisis level of the person's words in clear (issue #6), as journal
// entries do, so that the journey and a patient's risk count them without the key. Messages
// written before this step read as none: their level is only in the sealed reply.
constexpr std::string_view kSchemaV4 = R"sql(
ALTER TABLE chat_messages ADD COLUMN crisis_level INTEGER NOT NULL DEFAULT 0
    CHECK (crisis_level BETWEEN 0 AND 4);
)sql";

// Consent to pool exercise outcomes for the companion's population prior (issue #6); patients
// who consented before this step have not given it.
constexpr std::string_view kSchemaV5 = R"sql(
ALTER TABLE consents ADD COLUMN pool_outcomes INTEGER NOT NULL DEFAULT 0
    CHECK (pool_outcomes IN (0, 1));
)sql";

constexpr Migration kMigrations[] = {
    {1, "care platform core: users, sessions, assignments, consent, keys, journal, check-ins, "
        "audit log",
     kSchemaV1},
    {2, "early-warning alerts and their notes", kSchemaV2},
    {3, "the companion: conversation states and chat messages", kSchemaV3},
    {4, "the crisis level of companion messages", kSchemaV4},
    {5, "consent to pool exercise outcomes", kSchemaV5},
};

// ---------------------------------------------------------------------------------------------
// Connections and statements.

Status status_from(sqlite3* db, int rc, const std::string& context) {
    std::string message = context + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    switch (rc & 0xff) {
        case SQLITE_CONSTRAINT: return Status::invalid_argument(std::move(message));
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB: return Status::corrupt(std::move(message));
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return Status::io_error(message + " (another process held the lock past the timeout)");
        default: return Status::io_error(std::move(message));
    }
}

class Connection;

// A cached statement in use: bind, step, read columns. The destructor resets it and clears its
// bindings, so it returns to the cache clean and holds no read snapshot open.
class Stmt {
public:
    Stmt(sqlite3_stmt* stmt, Connection& conn) : stmt_(stmt), conn_(&conn) {}
    Stmt(Stmt&& other) noexcept
        : stmt_(std::exchange(other.stmt_, nullptr)), conn_(other.conn_),
          bind_rc_(other.bind_rc_) {}
    Stmt& operator=(Stmt&&) = delete;
    ~Stmt() {
        if (!stmt_) return;
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

    // Binding errors are kept and reported by step(), so call sites stay one line per value.
    // Text and BLOBs are copied (SQLITE_TRANSIENT): a caller's temporary may die before step().
    Stmt& bind(int i, std::string_view s) {
        keep(sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT));
        return *this;
    }
    Stmt& bind(int i, const char* s) { return bind(i, std::string_view(s)); }
    Stmt& bind(int i, const std::string& s) { return bind(i, std::string_view(s)); }
    Stmt& bind(int i, std::int64_t v) {
        keep(sqlite3_bind_int64(stmt_, i, v));
        return *this;
    }
    Stmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
    Stmt& bind(int i, bool v) { return bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
    Stmt& bind(int i, const Blob& b) {
        // A null pointer would bind SQL NULL, which NOT NULL refuses: an empty BLOB is a
        // zero-length BLOB.
        keep(b.empty() ? sqlite3_bind_zeroblob(stmt_, i, 0)
                       : sqlite3_bind_blob(stmt_, i, b.data(), static_cast<int>(b.size()),
                                           SQLITE_TRANSIENT));
        return *this;
    }

    // true when a row is ready, false when the statement is done.
    Result<bool> step();
    // Steps to the end (for statements that return no rows).
    Status run() {
        auto r = step();
        while (r.is_ok() && *r) r = step();
        return r.status();
    }

    std::string text(int col) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
                 : std::string();
    }
    std::int64_t i64(int col) const { return sqlite3_column_int64(stmt_, col); }
    int i32(int col) const { return sqlite3_column_int(stmt_, col); }
    bool flag(int col) const { return sqlite3_column_int(stmt_, col) != 0; }
    Blob blob(int col) const {
        const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, col));
        const auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col));
        return p ? Blob(p, p + n) : Blob();
    }

private:
    void keep(int rc) {
        if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
    }
    sqlite3_stmt* stmt_;
    Connection* conn_;
    int bind_rc_ = SQLITE_OK;
};

class Connection {
public:
    static Result<std::unique_ptr<Connection>> open(const std::string& path, const Options& opt,
                                                    bool reader) {
        sqlite3* db = nullptr;
        // NOMUTEX: a connection is used by one thread at a time (the writer mutex or the reader
        // pool guarantees it), so SQLite's own per-connection mutex would be pure cost.
        const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
        const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
        auto conn = std::unique_ptr<Connection>(new Connection(db, path));
        if (rc != SQLITE_OK) return status_from(db, rc, path + ": open");
        sqlite3_extended_result_codes(db, 1);
        sqlite3_busy_timeout(db, opt.busy_timeout_ms);
        if (reader) {
            ATTUNE_RETURN_IF_ERROR(conn->exec("PRAGMA query_only = ON"));
        } else {
            ATTUNE_RETURN_IF_ERROR(conn->exec("PRAGMA journal_mode = WAL"));
            ATTUNE_RETURN_IF_ERROR(conn->exec(opt.synchronous == Synchronous::full
                                                  ? "PRAGMA synchronous = FULL"
                                                  : "PRAGMA synchronous = NORMAL"));
            ATTUNE_RETURN_IF_ERROR(conn->exec("PRAGMA foreign_keys = ON"));
        }
        return conn;
    }

    ~Connection() {
        for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
        sqlite3_close_v2(db_);
    }

    // A statement from this connection's cache, prepared on first use. `sql` must be a string
    // literal: its address range is the cache key.
    Result<Stmt> prepare(std::string_view sql) {
        auto it = cache_.find(sql);
        if (it == cache_.end()) {
            sqlite3_stmt* stmt = nullptr;
            const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
            if (rc != SQLITE_OK) return error(rc, "prepare");
            it = cache_.emplace(sql, stmt).first;
        }
        return Stmt(it->second, *this);
    }

    // Runs SQL without results (pragmas, BEGIN/COMMIT, a migration's script).
    Status exec(const char* sql) {
        const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
        return rc == SQLITE_OK ? Status::ok() : error(rc, sql);
    }

    Status error(int rc, std::string_view what) const {
        return status_from(db_, rc, path_ + ": " + std::string(what));
    }
    std::int64_t changes() const { return sqlite3_changes64(db_); }
    bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

private:
    Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
    sqlite3* db_;
    std::string path_;
    std::unordered_map<std::string_view, sqlite3_stmt*> cache_;
};

Result<bool> Stmt::step() {
    if (bind_rc_ != SQLITE_OK) return conn_->error(bind_rc_, "bind");
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return conn_->error(rc, "step");
}

// ---------------------------------------------------------------------------------------------
// Row decoding: the shared decoders and column lists of store/rows.hpp.

// Collects every row of a statement.
template <typename T, typename Row>
Result<std::vector<T>> all_rows(Stmt& s, Row row) {
    std::vector<T> out;
    for (;;) {
        auto more = s.step();
        if (!more) return more.status();
        if (!*more) return out;
        out.push_back(row(s));
    }
}

// ---------------------------------------------------------------------------------------------

class SqliteStore final : public Store {
public:
    SqliteStore(std::string path, Options options, std::unique_ptr<Connection> writer)
        : path_(std::move(path)), options_(options), writer_(std::move(writer)) {}

    std::string_view backend() const override { return "sqlite"; }

    Result<int> schema_version() override {
        int version = 0;
        ATTUNE_RETURN_IF_ERROR(read([&](Connection& c) -> Status {
            auto s = c.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
            if (!s) return s.status();
            auto row = s->step();
            if (!row) return row.status();
            version = s->i32(0);
            return Status::ok();
        }));
        return version;
    }

    Status check_integrity() override {
        return read([&](Connection& c) -> Status {
            auto s = c.prepare("PRAGMA integrity_check");
            if (!s) return s.status();
            auto rows = all_rows<std::string>(*s, [](const Stmt& st) { return st.text(0); });
            if (!rows) return rows.status();
            if (rows->size() == 1 && (*rows)[0] == "ok") return Status::ok();
            std::string problems;
            for (const auto& r : *rows) problems += (problems.empty() ? "" : "; ") + r;
            return Status::corrupt(path_ + ": integrity_check: " + problems);
        });
    }

    // --- users ---------------------------------------------------------------------------------

    Status create_user(const User& u) override {
        return write([&](Connection& c) -> Status {
            if (auto taken = exists(c, "SELECT 1 FROM users WHERE id = ?1", u.id); !taken)
                return taken.status();
            else if (*taken)
                return Status::invalid_argument("user id '" + u.id + "' is already taken");
            if (auto taken = exists(c, "SELECT 1 FROM users WHERE username = ?1", u.username);
                !taken)
                return taken.status();
            else if (*taken)
                return Status::invalid_argument("username '" + u.username +
                                                "' is already taken");
            auto s = c.prepare("INSERT INTO users (" ATTUNE_USER_COLUMNS
                               ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
            if (!s) return s.status();
            s->bind(1, u.id).bind(2, u.username).bind(3, role_name(u.role));
            s->bind(4, u.password_hash).bind(5, u.created_at_ms).bind(6, u.disabled);
            return s->run();
        });
    }

    Result<User> get_user(const std::string& id) override {
        return one<User>("SELECT " ATTUNE_USER_COLUMNS " FROM users WHERE id = ?1", id,
                         user_row<Stmt>, "user '" + id + "'");
    }

    Result<User> find_user_by_username(const std::string& username) override {
        return one<User>("SELECT " ATTUNE_USER_COLUMNS " FROM users WHERE username = ?1", username,
                         user_row<Stmt>, "username '" + username + "'");
    }

    Result<std::vector<User>> list_users() override {
        return many<User>("SELECT " ATTUNE_USER_COLUMNS " FROM users ORDER BY username",
                          user_row<Stmt>);
    }

    Status set_user_disabled(const std::string& id, bool disabled) override {
        return update_one("UPDATE users SET disabled = ?2 WHERE id = ?1", id, disabled,
                          "user '" + id + "'");
    }

    Status set_password_hash(const std::string& id, const std::string& hash) override {
        return update_one("UPDATE users SET password_hash = ?2 WHERE id = ?1", id, hash,
                          "user '" + id + "'");
    }

    // --- sessions ------------------------------------------------------------------------------

    Status create_session(const Session& x) override {
        return write([&](Connection& c) -> Status {
            ATTUNE_RETURN_IF_ERROR(require_user(c, x.user_id));
            if (auto taken = exists(c, "SELECT 1 FROM sessions WHERE token_digest = ?1",
                                    x.token_digest);
                !taken)
                return taken.status();
            else if (*taken)
                return Status::invalid_argument("session token digest is already taken");
            auto s = c.prepare("INSERT INTO sessions (" ATTUNE_SESSION_COLUMNS
                               ") VALUES (?1, ?2, ?3, ?4, ?5)");
            if (!s) return s.status();
            s->bind(1, x.token_digest).bind(2, x.user_id).bind(3, x.created_at_ms);
            s->bind(4, x.expires_at_ms).bind(5, x.revoked);
            return s->run();
        });
    }

    Result<Session> get_session(const std::string& digest) override {
        // The digest is a credential's fingerprint: messages do not repeat it.
        return one<Session>("SELECT " ATTUNE_SESSION_COLUMNS
                            " FROM sessions WHERE token_digest = ?1",
                            digest, session_row<Stmt>, "session");
    }

    Status revoke_session(const std::string& digest) override {
        return update_one("UPDATE sessions SET revoked = ?2 WHERE token_digest = ?1", digest,
                          true, "session");
    }

    Result<std::int64_t> revoke_user_sessions(const std::string& user_id) override {
        return count_changes("UPDATE sessions SET revoked = 1 WHERE user_id = ?1 AND revoked = 0",
                             user_id);
    }

    Result<std::int64_t> delete_dead_sessions(std::int64_t now_ms) override {
        return count_changes("DELETE FROM sessions WHERE revoked = 1 OR expires_at_ms < ?1",
                             now_ms);
    }

    // --- assignments ---------------------------------------------------------------------------

    Status assign(const std::string& clinician_id, const std::string& patient_id,
                  std::int64_t created_at_ms) override {
        return write([&](Connection& c) -> Status {
            ATTUNE_RETURN_IF_ERROR(require_role(c, clinician_id, Role::clinician));
            ATTUNE_RETURN_IF_ERROR(require_role(c, patient_id, Role::patient));
            auto s = c.prepare(
                "INSERT INTO assignments (clinician_id, patient_id, created_at_ms) "
                "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
            if (!s) return s.status();
            s->bind(1, clinician_id).bind(2, patient_id).bind(3, created_at_ms);
            return s->run();
        });
    }

    Status unassign(const std::string& clinician_id, const std::string& patient_id) override {
        return write([&](Connection& c) -> Status {
            auto s = c.prepare(
                "DELETE FROM assignments WHERE clinician_id = ?1 AND patient_id = ?2");
            if (!s) return s.status();
            s->bind(1, clinician_id).bind(2, patient_id);
            ATTUNE_RETURN_IF_ERROR(s->run());
            if (c.changes() == 0)
                return Status::not_found("no assignment of patient '" + patient_id +
                                         "' to clinician '" + clinician_id + "'");
            return Status::ok();
        });
    }

    Result<bool> is_assigned(const std::string& clinician_id,
                             const std::string& patient_id) override {
        bool found = false;
        ATTUNE_RETURN_IF_ERROR(read([&](Connection& c) -> Status {
            auto s = c.prepare(
                "SELECT 1 FROM assignments WHERE clinician_id = ?1 AND patient_id = ?2");
            if (!s) return s.status();
            s->bind(1, clinician_id).bind(2, patient_id);
            auto row = s->step();
            if (!row) return row.status();
            found = *row;
            return Status::ok();
        }));
        return found;
    }

    Result<std::vector<std::string>> patients_of(const std::string& clinician_id) override {
        return ids("SELECT patient_id FROM assignments WHERE clinician_id = ?1 "
                   "ORDER BY patient_id",
                   clinician_id);
    }

    Result<std::vector<std::string>> clinicians_of(const std::string& patient_id) override {
        return ids("SELECT clinician_id FROM assignments WHERE patient_id = ?1 "
                   "ORDER BY clinician_id",
                   patient_id);
    }

    // --- consent -------------------------------------------------------------------------------

    Status put_consent(const Consent& x) override {
        return write([&](Connection& c) -> Status {
            ATTUNE_RETURN_IF_ERROR(require_role(c, x.patient_id, Role::patient));
            auto s = c.prepare("INSERT INTO consents (" ATTUNE_CONSENT_COLUMNS
                               ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                               "ON CONFLICT (patient_id) DO UPDATE SET "
                               "allow_text = excluded.allow_text, "
                               "allow_voice = excluded.allow_voice, "
                               "allow_face = excluded.allow_face, "
                               "allow_body = excluded.allow_body, "
                               "share_with_clinician = excluded.share_with_clinician, "
                               "updated_at_ms = excluded.updated_at_ms, "
                               "pool_outcomes = excluded.pool_outcomes");
            if (!s) return s.status();
            s->bind(1, x.patient_id).bind(2, x.text).bind(3, x.voice).bind(4, x.face);
            s->bind(5, x.body).bind(6, x.share_with_clinician).bind(7, x.updated_at_ms);
            s->bind(8, x.pool_outcomes);
            return s->run();
        });
    }

    Result<Consent> get_consent(const std::string& patient_id) override {
        return one<Consent>("SELECT " ATTUNE_CONSENT_COLUMNS " FROM consents WHERE patient_id = ?1",
                            patient_id, consent_row<Stmt>,
                            "consent of patient '" + patient_id + "'");
    }

    // --- keys ----------------------------------------------------------------------------------

    Status put_patient_key(const PatientKey& k) override {
        return write([&](Connection& c) -> Status {
            ATTUNE_RETURN_IF_ERROR(require_role(c, k.patient_id, Role::patient));
            auto s = c.prepare("INSERT INTO patient_keys (" ATTUNE_KEY_COLUMNS
                               ") VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING");
            if (!s) return s.status();
            s->bind(1, k.patient_id).bind(2, k.key_id).bind(3, k.wrapped_key);
            s->bind(4, k.created_at_ms);
            ATTUNE_RETURN_IF_ERROR(s->run());
            if (c.changes() == 0)
                return Status::invalid_argument("key id '" + k.key_id + "' of patient '" +
                                                k.patient_id + "' is already taken");
            return Status::ok();
        });
    }

    Result<PatientKey> get_patient_key(const std::string& patient_id,
                                       const std::string& key_id) override {
        std::optional<PatientKey> key;
        ATTUNE_RETURN_IF_ERROR(read([&](Connection& c) -> Status {
            auto s = c.prepare("SELECT " ATTUNE_KEY_COLUMNS
                               " FROM patient_keys WHERE patient_id = ?1 AND key_id = ?2");
            if (!s) return s.status();
            s->bind(1, patient_id).bind(2, key_id);
            auto row = s->step();
            if (!row) return row.status();
            if (*row) key = key_row(*s);
            return Status::ok();
        }));
        if (!key)
            return Status::not_found("key '" + key_id + "' of patient '" + patient_id +
                                     "' not found");
        return std::move(*key);
    }

    Result<std::vector<PatientKey>> patient_keys(const std::string& patient_id) override {
        return many<PatientKey>("SELECT " ATTUNE_KEY_COLUMNS
                                " FROM patient_keys WHERE patient_id = ?1 "
                                "ORDER BY created_at_ms, key_id",
                                key_row<Stmt>, patient_id);
    }

    Result<std::int64_t> delete_patient_keys(const std::string& patient_id) override {
        return count_changes("DELETE FROM patient_keys WHERE patient_id = ?1", patient_id);
    }

    // --- journal and check-ins -----------------------------------------------------------------

    Status add_journal_entry(const JournalEntry& e) override {
        ATTUNE_RETURN_IF_ERROR(check_derived(e));
        return write([&](Connection& c) { return insert_journal(c, e); });
    }

    Result<AuditRecord> add_journal_entry_audited(const JournalEntry& e, const AuditEntry& audit,
                                                  const AuditHasher& hasher) override {
        ATTUNE_RETURN_IF_ERROR(check_derived(e));
        AuditedWrite w(&e, audit, hasher);
        commits_.submit(w, [this](std::span<AuditedWrite* const> b) { commit_batch(b); });
        if (!w.status) return w.status;
        return std::move(w.record);
    }

    Result<JournalEntry> get_journal_entry(const std::string& id) override {
        return one<JournalEntry>("SELECT " ATTUNE_JOURNAL_COLUMNS
                                 " FROM journal_entries WHERE id = ?1",
                                 id, journal_row<Stmt>, "journal entry '" + id + "'");
    }

    Result<std::vector<JournalEntry>> journal_entries(const std::string& patient_id,
                                                      const TimeRange& range) override {
        ATTUNE_RETURN_IF_ERROR(check_range(range));
        return many<JournalEntry>("SELECT " ATTUNE_JOURNAL_COLUMNS
                                  " FROM journal_entries WHERE patient_id = ?1 "
                                  "AND created_at_ms >= ?2 AND created_at_ms < ?3 "
                                  "ORDER BY created_at_ms DESC, id DESC LIMIT ?4",
                                  journal_row<Stmt>, patient_id, range.from_ms, range.to_ms,
                                  range.limit);
    }

    Result<std::vector<JournalSignal>> journal_signals(const std::string& patient_id,
                                                       const TimeRange& range) override {
        ATTUNE_RETURN_IF_ERROR(check_range(range));
        return many<JournalSignal>(
            "SELECT id, created_at_ms, length(analysis_ciphertext) > 0, valence_x100, "
            "arousal_x100, crisis_level, "
            "CASE WHEN crisis_level > 0 THEN analysis_ciphertext ELSE x'' END "
            "FROM journal_entries WHERE patient_id = ?1 "
            "AND created_at_ms >= ?2 AND created_at_ms < ?3 "
            "ORDER BY created_at_ms DESC, id DESC LIMIT ?4",
            journal_signal_row<Stmt>, patient_id, range.from_ms, range.to_ms, range.limit);
    }

    Status add_check_in(const CheckIn& x) override {
        return write([&](Connection& c) -> Status {
            ATTUNE_RETURN_IF_ERROR(require_role(c, x.patient_id, Role::patient));
            auto s = c.prepare("INSERT INTO check_ins (" ATTUNE_CHECK_IN_COLUMNS
                               ") VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING");
            if (!s) return s.status();
            s->bind(1, x.id).bind(2, x.patient_id).bind(3, x.created_at_ms).bind(4, x.kind);
            s->bind(5, x.score).bind(6, x.ciphertext);
            ATTUNE_RETURN_IF_ERROR(s->run());
            if (c.changes() == 0)
                return Status::invalid_argument("check-in id '" + x.id + "' is already taken");
            return Status::ok();
        });
    }

    Result<std::vector<CheckIn>> check_ins(const std::string& patient_id,
                                           const TimeRange& range) override {
        ATTUNE_RETURN_IF_ERROR(check_range(range));
        return many<CheckIn>("SELECT " ATTUNE_CHECK_IN_COLUMNS
                             " FROM check_ins WHERE patient_id = ?1 "
                             "AND created_at_ms >= ?2 AND created_at_ms < ?3 "
                             "ORDER BY created_at_ms DESC, id DESC LIMIT ?4",
                             check_in_row<Stmt>, patient_id, range.from_ms, range.to_ms,
                             range.limit);
    }

    // --- alerts --------------------------------------------------------------------------------

    // Inserts one alert inside a write; true when it is new, false when the patient already has
    // an alert with its key. Errors: a taken id, SQL errors.
    static Result<bool> insert_alert(Connection& c, const Alert& a) {
        if (auto taken = exists(c, "SELECT 1 FROM alerts WHERE id = ?1", a.id); !taken)
            return taken.status();
        else if (*taken)
            return Status::invalid_argument("alert id '" + a.id + "' is already taken");
        auto s = c.prepare("INSERT INTO alerts (" ATTUNE_ALERT_COLUMNS
                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                           "?13, ?14) ON CONFLICT (patient_id, alert_key) DO NOTHING");
        if (!s) return s.status();
        bind_all(*s, a.id, a.patient_id, a.key, a.kind, a.severity, a.raised_at_ms,
                 a.created_at_ms, alert_status_name(a.status), a.acknowledged_by,
                 a.acknowledged_at_ms, a.dismissed_by, a.dismissed_at_ms, a.updated_at_ms,
                 a.ciphertext);
        ATTUNE_RETURN_IF_ERROR(s->run());
        return c.changes() == 1;
    }

    Result<bool> add_alert(const Alert& a) override {
        ATTUNE_RETURN_IF_ERROR(check_alert(a));
        bool added = false;
        ATTUNE_RETURN_IF_ERROR(write([&](Connection& c) -> Status {
            ATTUNE_RETURN_IF_ERROR(require_role(c, a.patient_id, Role::patient));
            auto in = insert_alert(c, a);
            if (!in) return in.status();
            added = *in;
            return Status::ok();
        }));
        return added;
    }

    Result<Alert> get_alert(const std::string& id) override {
        return one<Alert>("SELECT " ATTUNE_ALERT_COLUMNS " FROM alerts WHERE id = ?1", id,
                          alert_row<Stmt>, "alert '" + id + "'");
    }

    Result<std::vector<Alert>> alerts(const std::string& patient_id,
                                      const AlertQuery& q) override {
        ATTUNE_RETURN_IF_ERROR(check_range({q.from_ms, q.to_ms, q.limit}));
        return many<Alert>("SELECT " ATTUNE_ALERT_COLUMNS
                           " FROM alerts WHERE patient_id = ?1 AND (?2 = '' OR status = ?2) "
                           "AND raised_at_ms >= ?3 AND raised_at_ms < ?4 "
                           "AND updated_at_ms >= ?5 "
                           "ORDER BY raised_at_ms DESC, id DESC LIMIT ?6",
                           alert_row<Stmt>, patient_id, status_filter(q), q.from_ms, q.to_ms,
                           q.updated_since_ms, q.limit);
    }

    Status set_alert_status(const std::string& id, AlertStatus status, const std::string& by,
                            std::int64_t at_ms) override {
        return write([&](Connection& c) -> Status {
            auto s = c.prepare(
                "UPDATE alerts SET status = ?2, updated_at_ms = ?4, "
                "acknowledged_by = CASE WHEN ?2 = 'acknowledged' THEN ?3 ELSE acknowledged_by END, "
                "acknowledged_at_ms = CASE WHEN ?2 = 'acknowledged' THEN ?4 "
                "ELSE acknowledged_at_ms END, "
                "dismissed_by = CASE WHEN ?2 = 'dismissed' THEN ?3 ELSE dismissed_by END, "
                "dismissed_at_ms = CASE WHEN ?2 = 'dismissed' THEN ?4 ELSE dismissed_at_ms END "
                "WHERE id = ?1");
            if (!s) return s.status();
            bind_all(*s, id, alert_status_name(status), by, at_ms);
            ATTUNE_RETURN_IF_ERROR(s->run());
            return c.changes() == 0 ? Status::not_found("alert '" + id + "' not found")
                                    : Status::ok();
        });
    }

    Status add_alert_note(const AlertNote& n) override {
        return write([&](Connection& c) -> Status {
            auto owner = c.prepare("SELECT patient_id FROM alerts WHERE id = ?1");
            if (!owner) return owner.status();
            owner->bind(1, n.alert_id);
            auto row = owner->step();
            if (!row) return row.status();
            if (!*row) return Status::not_found("alert '" + n.alert_id + "' not found");
            if (owner->text(0) != n.patient_id)
                return Status::invalid_argument("alert note '" + n.id + "': patient_id '" +
                                                n.patient_id + "' is not the alert's patient");
            auto s = c.prepare("INSERT INTO alert_notes (" ATTUNE_ALERT_NOTE_COLUMNS
                               ") VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING");
            if (!s) return s.status();
            bind_all(*s, n.id, n.alert_id, n.patient_id, n.author_id, n.created_at_ms,
                     n.ciphertext);
            ATTUNE_RETURN_IF_ERROR(s->run());
            if (c.changes() == 0)
                return Status::invalid_argument("alert note id '" + n.id + "' is already taken");
            auto touch = c.prepare("UPDATE alerts SET updated_at_ms = ?2 WHERE id = ?1");
            if (!touch) return touch.status();
            bind_all(*touch, n.alert_id, n.created_at_ms);
            return touch->run();
        });
    }

    Result<std::vector<AlertNote>> alert_notes(const std::string& alert_id) override {
        return many<AlertNote>("SELECT " ATTUNE_ALERT_NOTE_COLUMNS
                               " FROM alert_notes WHERE alert_id = ?1 ORDER BY created_at_ms, id",
                               alert_note_row<Stmt>, alert_id);
    }

    // --- the companion -------------------------------------------------------------------------

    Result<CompanionState> get_companion_state(const std::string& patient_id) override {
        return one<CompanionState>("SELECT " ATTUNE_COMPANION_COLUMNS
                                   " FROM companion_states WHERE patient_id = ?1",
                                   patient_id, companion_row<Stmt>,
                                   "companion state of patient '" + patient_id + "'");
    }

    Result<bool> save_companion(const CompanionState& state, std::span<const ChatMessage> messages,
                                std::span<const Alert> alerts) override {
        ATTUNE_RETURN_IF_ERROR(check_companion(state, messages, alerts));
        bool saved = false;
        ATTUNE_RETURN_IF_ERROR(write([&](Connection& c) -> Status {
            ATTUNE_RETURN_IF_ERROR(require_role(c, state.patient_id, Role::patient));
            // The version check and the write are one statement each inside the writer's
            // transaction (BEGIN IMMEDIATE): no other turn can come between them.
            if (state.version == 1) {
                auto s = c.prepare("INSERT INTO companion_states (" ATTUNE_COMPANION_COLUMNS
                                   ") VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING");
                if (!s) return s.status();
                bind_all(*s, state.patient_id, state.version, state.updated_at_ms,
                         state.ciphertext);
                ATTUNE_RETURN_IF_ERROR(s->run());
            } else {
                auto s = c.prepare(
                    "UPDATE companion_states SET version = ?2, updated_at_ms = ?3, "
                    "ciphertext = ?4 WHERE patient_id = ?1 AND version = ?2 - 1");
                if (!s) return s.status();
                bind_all(*s, state.patient_id, state.version, state.updated_at_ms,
                         state.ciphertext);
                ATTUNE_RETURN_IF_ERROR(s->run());
            }
            if (c.changes() == 0) return Status::ok();  // another turn came first
            for (const auto& m : messages) {
                auto s = c.prepare("INSERT INTO chat_messages (" ATTUNE_CHAT_COLUMNS
                                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING");
                if (!s) return s.status();
                bind_all(*s, m.id, m.patient_id, m.created_at_ms, chat_role_name(m.role),
                         m.ciphertext, static_cast<int>(m.crisis_level));
                ATTUNE_RETURN_IF_ERROR(s->run());
                if (c.changes() == 0)
                    return Status::invalid_argument("chat message id '" + m.id +
                                                    "' is already taken");
            }
            for (const auto& a : alerts)
                if (auto in = insert_alert(c, a); !in) return in.status();
            saved = true;
            return Status::ok();
        }));
        return saved;
    }

    Result<std::vector<ChatMessage>> chat_messages(const std::string& patient_id,
                                                   const TimeRange& range) override {
        ATTUNE_RETURN_IF_ERROR(check_range(range));
        return many<ChatMessage>("SELECT " ATTUNE_CHAT_COLUMNS
                                 " FROM chat_messages WHERE patient_id = ?1 "
                                 "AND created_at_ms >= ?2 AND created_at_ms < ?3 "
                                 "ORDER BY created_at_ms DESC, role = 'companion' DESC, id DESC "
                                 "LIMIT ?4",
                                 chat_row<Stmt>, patient_id, range.from_ms, range.to_ms,
                                 range.limit);
    }

    Result<std::vector<ChatSignal>> chat_signals(const std::string& patient_id,
                                                 const TimeRange& range) override {
        ATTUNE_RETURN_IF_ERROR(check_range(range));
        return many<ChatSignal>("SELECT id, created_at_ms, crisis_level FROM chat_messages "
                                "WHERE patient_id = ?1 AND crisis_level > 0 "
                                "AND created_at_ms >= ?2 AND created_at_ms < ?3 "
                                "ORDER BY created_at_ms DESC, id DESC LIMIT ?4",
                                chat_signal_row<Stmt>, patient_id, range.from_ms, range.to_ms,
                                range.limit);
    }

    // --- audit ---------------------------------------------------------------------------------

    Result<AuditRecord> append_audit(const AuditEntry& entry, const AuditHasher& hasher) override {
        AuditedWrite w(nullptr, entry, hasher);
        commits_.submit(w, [this](std::span<AuditedWrite* const> b) { commit_batch(b); });
        if (!w.status) return w.status;
        return std::move(w.record);
    }

    Result<std::vector<AuditRecord>> audit_log(std::int64_t from_seq,
                                               std::int64_t limit) override {
        if (limit < 0)
            return Status::invalid_argument("limit must be >= 0, got " + std::to_string(limit));
        return many<AuditRecord>("SELECT " ATTUNE_AUDIT_COLUMNS
                                 " FROM audit_log WHERE seq >= ?1 "
                                 "ORDER BY seq LIMIT ?2",
                                 audit_row<Stmt>, from_seq, limit);
    }

    // --- erase and export ----------------------------------------------------------------------

    Result<std::int64_t> erase_patient(const std::string& patient_id) override {
        // Children first, the user row last: the foreign keys then prove nothing was missed.
        static constexpr std::string_view kDeletes[] = {
            "DELETE FROM journal_entries WHERE patient_id = ?1",
            "DELETE FROM check_ins WHERE patient_id = ?1",
            "DELETE FROM alert_notes WHERE patient_id = ?1",
            "DELETE FROM alerts WHERE patient_id = ?1",
            "DELETE FROM chat_messages WHERE patient_id = ?1",
            "DELETE FROM companion_states WHERE patient_id = ?1",
            "DELETE FROM consents WHERE patient_id = ?1",
            "DELETE FROM patient_keys WHERE patient_id = ?1",
            "DELETE FROM assignments WHERE patient_id = ?1",
            "DELETE FROM sessions WHERE user_id = ?1",
            "DELETE FROM users WHERE id = ?1",
        };
        std::int64_t deleted = 0;
        ATTUNE_RETURN_IF_ERROR(write([&](Connection& c) -> Status {
            ATTUNE_RETURN_IF_ERROR(require_role(c, patient_id, Role::patient));
            for (std::string_view sql : kDeletes) {
                auto s = c.prepare(sql);
                if (!s) return s.status();
                s->bind(1, patient_id);
                ATTUNE_RETURN_IF_ERROR(s->run());
                deleted += c.changes();
            }
            return Status::ok();
        }));
        return deleted;
    }

    Result<PatientExport> export_patient(const std::string& patient_id) override {
        PatientExport out;
        ATTUNE_RETURN_IF_ERROR(read([&](Connection& c) -> Status {
            // One read transaction: every SELECT below sees the same snapshot.
            ATTUNE_RETURN_IF_ERROR(c.exec("BEGIN"));
            Status st = export_rows(c, patient_id, out);
            const Status end = c.exec(st ? "COMMIT" : "ROLLBACK");
            return st ? end : st;
        }));
        return out;
    }

private:
    Status export_rows(Connection& c, const std::string& id, PatientExport& out) {
        {
            auto s = c.prepare("SELECT " ATTUNE_USER_COLUMNS " FROM users WHERE id = ?1");
            if (!s) return s.status();
            s->bind(1, id);
            auto row = s->step();
            if (!row) return row.status();
            if (!*row) return Status::not_found("patient '" + id + "' not found");
            out.user = user_row(*s);
            if (out.user.role != Role::patient)
                return Status::invalid_argument("user '" + id + "' is a " +
                                                std::string(role_name(out.user.role)) +
                                                ", not a patient");
        }
        {
            auto s =
                c.prepare("SELECT " ATTUNE_CONSENT_COLUMNS " FROM consents WHERE patient_id = ?1");
            if (!s) return s.status();
            s->bind(1, id);
            auto row = s->step();
            if (!row) return row.status();
            if (*row) out.consent = consent_row(*s);
        }
        auto fill = [&](auto& dest, std::string_view sql, auto row) -> Status {
            auto s = c.prepare(sql);
            if (!s) return s.status();
            s->bind(1, id);
            using T = typename std::decay_t<decltype(dest)>::value_type;
            auto rows = all_rows<T>(*s, row);
            if (!rows) return rows.status();
            dest = std::move(*rows);
            return Status::ok();
        };
        ATTUNE_RETURN_IF_ERROR(fill(out.keys,
                                    "SELECT " ATTUNE_KEY_COLUMNS " FROM patient_keys "
                                    "WHERE patient_id = ?1 ORDER BY created_at_ms, key_id",
                                    key_row<Stmt>));
        ATTUNE_RETURN_IF_ERROR(fill(out.clinician_ids,
                                    "SELECT clinician_id FROM assignments WHERE patient_id = ?1 "
                                    "ORDER BY clinician_id",
                                    [](const Stmt& s) { return s.text(0); }));
        ATTUNE_RETURN_IF_ERROR(fill(out.sessions,
                                    "SELECT " ATTUNE_SESSION_COLUMNS
                                    " FROM sessions WHERE user_id = ?1 "
                                    "ORDER BY created_at_ms, token_digest",
                                    session_row<Stmt>));
        ATTUNE_RETURN_IF_ERROR(fill(out.journal,
                                    "SELECT " ATTUNE_JOURNAL_COLUMNS " FROM journal_entries "
                                    "WHERE patient_id = ?1 ORDER BY created_at_ms, id",
                                    journal_row<Stmt>));
        ATTUNE_RETURN_IF_ERROR(fill(out.check_ins,
                                    "SELECT " ATTUNE_CHECK_IN_COLUMNS
                                    " FROM check_ins WHERE patient_id = ?1 "
                                    "ORDER BY created_at_ms, id",
                                    check_in_row<Stmt>));
        ATTUNE_RETURN_IF_ERROR(fill(out.alerts,
                                    "SELECT " ATTUNE_ALERT_COLUMNS
                                    " FROM alerts WHERE patient_id = ?1 "
                                    "ORDER BY raised_at_ms, id",
                                    alert_row<Stmt>));
        ATTUNE_RETURN_IF_ERROR(fill(out.alert_notes,
                                    "SELECT " ATTUNE_ALERT_NOTE_COLUMNS
                                    " FROM alert_notes WHERE patient_id = ?1 "
                                    "ORDER BY created_at_ms, id",
                                    alert_note_row<Stmt>));
        {
            auto s = c.prepare("SELECT " ATTUNE_COMPANION_COLUMNS
                               " FROM companion_states WHERE patient_id = ?1");
            if (!s) return s.status();
            s->bind(1, id);
            auto row = s->step();
            if (!row) return row.status();
            if (*row) out.companion = companion_row(*s);
        }
        return fill(out.chat,
                    "SELECT " ATTUNE_CHAT_COLUMNS
                    " FROM chat_messages WHERE patient_id = ?1 "
                    "ORDER BY created_at_ms, role = 'companion', id",
                    chat_row<Stmt>);
    }

    // The patient check and the insert of add_journal_entry, inside a write transaction.
    static Status insert_journal(Connection& c, const JournalEntry& e) {
        ATTUNE_RETURN_IF_ERROR(require_role(c, e.patient_id, Role::patient));
        auto s = c.prepare("INSERT INTO journal_entries (" ATTUNE_JOURNAL_COLUMNS
                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                           "ON CONFLICT DO NOTHING");
        if (!s) return s.status();
        s->bind(1, e.id).bind(2, e.patient_id).bind(3, e.created_at_ms);
        s->bind(4, e.ciphertext).bind(5, e.analysis_ciphertext).bind(6, e.valence_x100);
        s->bind(7, e.arousal_x100).bind(8, static_cast<int>(e.crisis_level));
        ATTUNE_RETURN_IF_ERROR(s->run());
        if (c.changes() == 0)
            return Status::invalid_argument("journal entry '" + e.id +
                                            "': the id is already taken");
        return Status::ok();
    }

    // A group commit's batch (see group_commit.hpp): its journal entries, then its audit rows,
    // chained in order, in one transaction. An entry refused for itself (an unknown patient, a
    // taken id) fails alone, with no audit row; when the transaction fails as a whole, each
    // call is retried in a transaction of its own, so that no call fails for another's reason.
    void commit_batch(std::span<AuditedWrite* const> batch) {
        const Status st = write_batch(batch);
        if (st) return;
        if (batch.size() == 1) {
            batch[0]->status = st;
            return;
        }
        for (AuditedWrite* w : batch) {
            const Status alone = write_batch(std::span<AuditedWrite* const>(&w, 1));
            if (!alone) w->status = alone;
        }
    }

    // One transaction for the batch; sets each call's status once it has committed.
    Status write_batch(std::span<AuditedWrite* const> batch) {
        std::vector<Status> outcome(batch.size());  // ok, or why the entry was refused
        std::vector<AuditRecord> records(batch.size());
        const Status st = write([&](Connection& c) -> Status {
            for (std::size_t i = 0; i < batch.size(); ++i) {
                if (!batch[i]->entry) continue;
                Status s = insert_journal(c, *batch[i]->entry);
                // A refusal of this entry leaves the transaction usable (SQLite undoes only
                // the failing statement); anything else fails the batch.
                const bool refusal = s.code() == StatusCode::invalid_argument ||
                                     s.code() == StatusCode::not_found;
                if (!s && !(refusal && c.in_transaction())) return s;
                outcome[i] = std::move(s);
            }
            std::int64_t seq = 0;
            std::string prev;
            {
                auto last = c.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
                if (!last) return last.status();
                auto row = last->step();
                if (!row) return row.status();
                if (*row) {
                    seq = last->i64(0);
                    prev = last->text(1);
                }
            }
            for (std::size_t i = 0; i < batch.size(); ++i) {
                if (!outcome[i]) continue;  // refused: no audit row of its creation
                const AuditEntry& e = *batch[i]->audit;
                AuditRecord rec{seq + 1, e, prev, (*batch[i]->hasher)(seq + 1, e, prev)};
                auto s = c.prepare("INSERT INTO audit_log (" ATTUNE_AUDIT_COLUMNS
                                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
                if (!s) return s.status();
                s->bind(1, rec.seq).bind(2, e.time_ms).bind(3, e.actor).bind(4, e.action);
                s->bind(5, e.subject).bind(6, e.outcome).bind(7, rec.prev_hash).bind(8, rec.hash);
                ATTUNE_RETURN_IF_ERROR(s->run());
                seq = rec.seq;
                prev = rec.hash;
                records[i] = std::move(rec);
            }
            return Status::ok();
        });
        if (!st) return st;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            batch[i]->status = std::move(outcome[i]);
            if (batch[i]->status) batch[i]->record = std::move(records[i]);
        }
        return Status::ok();
    }

    // Runs `body` as one write transaction on the writer connection. BEGIN IMMEDIATE takes the
    // write lock before the first read, so a read-then-write body never fails to upgrade (a
    // deferred transaction would, with SQLITE_BUSY, whatever the busy timeout). The call returns
    // ok only after COMMIT: acknowledged means committed.
    template <typename Body>
    Status write(Body&& body) {
        std::lock_guard<std::mutex> lock(write_mutex_);
        Connection& c = *writer_;
        ATTUNE_RETURN_IF_ERROR(c.exec("BEGIN IMMEDIATE"));
        Status st = body(c);
        if (st) st = c.exec("COMMIT");
        if (!st && c.in_transaction()) (void)c.exec("ROLLBACK");
        return st;
    }

    // Runs `body` on a reader connection from the pool (opening one when all are busy).
    template <typename Body>
    Status read(Body&& body) {
        std::unique_ptr<Connection> conn;
        {
            std::lock_guard<std::mutex> lock(pool_mutex_);
            if (!idle_readers_.empty()) {
                conn = std::move(idle_readers_.back());
                idle_readers_.pop_back();
            }
        }
        if (!conn) {
            auto opened = Connection::open(path_, options_, /*reader=*/true);
            if (!opened) return opened.status();
            conn = std::move(*opened);
        }
        Status st = body(*conn);
        std::lock_guard<std::mutex> lock(pool_mutex_);
        idle_readers_.push_back(std::move(conn));
        return st;
    }

    template <typename... Args>
    static Stmt& bind_all(Stmt& s, const Args&... args) {
        int i = 0;
        (s.bind(++i, args), ...);
        return s;
    }

    // The one row a key selects, or not_found naming `what`.
    template <typename T, typename Row>
    Result<T> one(std::string_view sql, const std::string& key, Row row, const std::string& what) {
        std::optional<T> found;
        ATTUNE_RETURN_IF_ERROR(read([&](Connection& c) -> Status {
            auto s = c.prepare(sql);
            if (!s) return s.status();
            s->bind(1, key);
            auto more = s->step();
            if (!more) return more.status();
            if (*more) found = row(*s);
            return Status::ok();
        }));
        if (!found) return Status::not_found(what + " not found");
        return std::move(*found);
    }

    template <typename T, typename Row, typename... Args>
    Result<std::vector<T>> many(std::string_view sql, Row row, const Args&... args) {
        std::vector<T> out;
        ATTUNE_RETURN_IF_ERROR(read([&](Connection& c) -> Status {
            auto s = c.prepare(sql);
            if (!s) return s.status();
            bind_all(*s, args...);
            auto rows = all_rows<T>(*s, row);
            if (!rows) return rows.status();
            out = std::move(*rows);
            return Status::ok();
        }));
        return out;
    }

    Result<std::vector<std::string>> ids(std::string_view sql, const std::string& key) {
        return many<std::string>(sql, [](const Stmt& s) { return s.text(0); }, key);
    }

    // An UPDATE of one row by key; not_found naming `what` when no row matched.
    template <typename V>
    Status update_one(std::string_view sql, const std::string& key, const V& value,
                      const std::string& what) {
        return write([&](Connection& c) -> Status {
            auto s = c.prepare(sql);
            if (!s) return s.status();
            s->bind(1, key).bind(2, value);
            ATTUNE_RETURN_IF_ERROR(s->run());
            return c.changes() == 0 ? Status::not_found(what + " not found") : Status::ok();
        });
    }

    template <typename K>
    Result<std::int64_t> count_changes(std::string_view sql, const K& key) {
        std::int64_t n = 0;
        ATTUNE_RETURN_IF_ERROR(write([&](Connection& c) -> Status {
            auto s = c.prepare(sql);
            if (!s) return s.status();
            s->bind(1, key);
            ATTUNE_RETURN_IF_ERROR(s->run());
            n = c.changes();
            return Status::ok();
        }));
        return n;
    }

    static Result<bool> exists(Connection& c, std::string_view sql, const std::string& key) {
        auto s = c.prepare(sql);
        if (!s) return s.status();
        s->bind(1, key);
        return s->step();
    }

    static Status require_user(Connection& c, const std::string& id) {
        auto found = exists(c, "SELECT 1 FROM users WHERE id = ?1", id);
        if (!found) return found.status();
        return *found ? Status::ok() : Status::not_found("no user has id '" + id + "'");
    }

    // Checked before each insert so that a wrong id is reported by name (SQLite's foreign-key
    // error does not say which key failed) and a wrong role is refused.
    static Status require_role(Connection& c, const std::string& id, Role role) {
        auto s = c.prepare("SELECT role FROM users WHERE id = ?1");
        if (!s) return s.status();
        s->bind(1, id);
        auto row = s->step();
        if (!row) return row.status();
        if (!*row)
            return Status::not_found("no " + std::string(role_name(role)) + " has id '" + id +
                                     "'");
        const std::string actual = s->text(0);
        if (actual != role_name(role))
            return Status::invalid_argument("user '" + id + "' is a " + actual + ", not a " +
                                            std::string(role_name(role)));
        return Status::ok();
    }

    const std::string path_;
    const Options options_;
    std::mutex write_mutex_;
    std::unique_ptr<Connection> writer_;  // guarded by write_mutex_
    std::mutex pool_mutex_;
    std::vector<std::unique_ptr<Connection>> idle_readers_;  // guarded by pool_mutex_
    GroupCommit<AuditedWrite> commits_{kMaxGroupCommit};     // audit appends, with their entries
};

// Brings the schema up to date in one IMMEDIATE transaction, so two processes opening a new
// file at once cannot both apply a step, and a crash mid-migration leaves the old schema.
Status migrate(Connection& c, const std::string& path) {
    ATTUNE_RETURN_IF_ERROR(c.exec("BEGIN IMMEDIATE"));
    auto body = [&]() -> Status {
        ATTUNE_RETURN_IF_ERROR(
            c.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                   "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                   "applied_at_ms INTEGER NOT NULL) STRICT"));
        int current = 0;
        {
            auto s = c.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
            if (!s) return s.status();
            auto row = s->step();
            if (!row) return row.status();
            current = s->i32(0);
        }
        const int latest = latest_schema_version();
        if (current > latest)
            return Status::unsupported(path + ": database schema version " +
                                       std::to_string(current) + " is newer than this build's " +
                                       std::to_string(latest) + "; use a newer Attune");
        for (const Migration& m : kMigrations) {
            if (m.version <= current) continue;
            ATTUNE_RETURN_IF_ERROR(c.exec(std::string(m.sql).c_str())
                                       .with_context("migration " + std::to_string(m.version)));
            // The one time the store reads a clock: when a step was applied is the database's
            // own bookkeeping, not data a caller supplies.
            auto s = c.prepare(
                "INSERT INTO schema_migrations (version, name, applied_at_ms) "
                "VALUES (?1, ?2, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))");
            if (!s) return s.status();
            s->bind(1, m.version).bind(2, m.name);
            ATTUNE_RETURN_IF_ERROR(s->run());
            log(LogLevel::info, path + ": applied schema migration " + std::to_string(m.version) +
                                    " (" + std::string(m.name) + ")");
        }
        return Status::ok();
    };
    Status st = body();
    if (st) st = c.exec("COMMIT");
    if (!st && c.in_transaction()) (void)c.exec("ROLLBACK");
    return st;
}

}  // namespace

int latest_schema_version() { return std::span(kMigrations).back().version; }

Result<std::unique_ptr<Store>> open(const std::string& path, const Options& options) {
    auto writer = Connection::open(path, options, /*reader=*/false);
    if (!writer) return writer.status();
    ATTUNE_RETURN_IF_ERROR(migrate(**writer, path));
    return std::unique_ptr<Store>(new SqliteStore(path, options, std::move(*writer)));
}

}  // namespace attune::store::sqlite
