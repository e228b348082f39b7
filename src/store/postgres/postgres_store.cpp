// SPDX-License-Identifier: Apache-2.0
// The PostgreSQL back end: a small pool of libpq connections, each used by one thread at a time;
// parameterised statements, prepared once per connection (PQprepare, PQexecPrepared), with every
// value sent and every result read in binary format; migrations and the audit chain serialised by
// advisory locks, so several servers can share one database, and audit appends group-committed
// (group_commit.hpp). libpq's errors and SQLSTATEs stop here and become Status.
#include "store/postgres/postgres_store.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <array>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/group_commit.hpp"
#include "store/rows.hpp"

namespace attune::store::postgres {
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

// The same tables, columns and rules as SQLite's schema, so the back ends accept and return the
// same values. Keys and names are COLLATE "C": compared and ordered byte for byte, as SQLite
// does, whatever the database's locale. No ON DELETE CASCADE, for the reason SQLite's schema
// gives: erase_patient() deletes each table's rows itself, so a table it forgets makes the
// final DELETE of the user fail instead of leaving the patient's data behind.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE users (
    id TEXT COLLATE "C" PRIMARY KEY,
    username TEXT COLLATE "C" NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('patient', 'clinician', 'admin')),
    password_hash TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    disabled BOOLEAN NOT NULL
);

CREATE TABLE sessions (
    token_digest TEXT COLLATE "C" PRIMARY KEY,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL,
    revoked BOOLEAN NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE assignments (
    clinician_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    patient_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (clinician_id, patient_id)
);
CREATE INDEX assignments_by_patient ON assignments (patient_id);

CREATE TABLE consents (
    patient_id TEXT COLLATE "C" PRIMARY KEY REFERENCES users (id),
    allow_text BOOLEAN NOT NULL,
    allow_voice BOOLEAN NOT NULL,
    allow_face BOOLEAN NOT NULL,
    allow_body BOOLEAN NOT NULL,
    share_with_clinician BOOLEAN NOT NULL,
    updated_at_ms BIGINT NOT NULL
);

CREATE TABLE patient_keys (
    patient_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    key_id TEXT COLLATE "C" NOT NULL,
    wrapped_key BYTEA NOT NULL,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (patient_id, key_id)
);

CREATE TABLE journal_entries (
    id TEXT COLLATE "C" PRIMARY KEY,
    patient_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    created_at_ms BIGINT NOT NULL,
    ciphertext BYTEA NOT NULL,
    analysis_ciphertext BYTEA NOT NULL,
    valence_x100 INTEGER NOT NULL CHECK (valence_x100 BETWEEN -100 AND 100),
    arousal_x100 INTEGER NOT NULL CHECK (arousal_x100 BETWEEN 0 AND 100),
    crisis_level INTEGER NOT NULL CHECK (crisis_level BETWEEN 0 AND 4)
);
CREATE INDEX journal_by_patient_time ON journal_entries (patient_id, created_at_ms, id);

CREATE TABLE check_ins (
    id TEXT COLLATE "C" PRIMARY KEY,
    patient_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    created_at_ms BIGINT NOT NULL,
    kind TEXT NOT NULL,
    score INTEGER NOT NULL,
    ciphertext BYTEA NOT NULL
);
CREATE INDEX check_ins_by_patient_time ON check_ins (patient_id, created_at_ms, id);

-- Append-only. The triggers stop an UPDATE, DELETE or TRUNCATE from any connection, not only
-- ours; the insert trigger keeps the chain linear (no gap in seq, prev_hash = the last row's
-- hash) even if a writer bypassed append_audit(): two such writers racing for the same seq
-- collide on the primary key. (The table's owner can still drop a trigger: what detects that
-- is the hash chain, checked by the privacy module.)
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    time_ms BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    outcome TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
CREATE FUNCTION audit_log_extend_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_seq BIGINT;
    last_hash TEXT;
BEGIN
    SELECT seq, hash INTO last_seq, last_hash FROM audit_log ORDER BY seq DESC LIMIT 1;
    IF NEW.seq IS DISTINCT FROM coalesce(last_seq, 0) + 1
       OR NEW.prev_hash IS DISTINCT FROM coalesce(last_hash, '') THEN
        RAISE EXCEPTION 'audit_log row does not extend the chain'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_extend_chain();
)sql";

// Early-warning alerts (issue #5): one row per tracker alert, unique per patient and key, and
// the clinicians' notes on them.
constexpr std::string_view kSchemaV2 = R"sql(
CREATE TABLE alerts (
    id TEXT COLLATE "C" PRIMARY KEY,
    patient_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    alert_key TEXT COLLATE "C" NOT NULL,
    kind TEXT NOT NULL,
    severity INTEGER NOT NULL CHECK (severity BETWEEN 0 AND 3),
    raised_at_ms BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'dismissed')),
    acknowledged_by TEXT NOT NULL,
    acknowledged_at_ms BIGINT NOT NULL,
    dismissed_by TEXT NOT NULL,
    dismissed_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    ciphertext BYTEA NOT NULL,
    UNIQUE (patient_id, alert_key)
);
CREATE INDEX alerts_by_patient_time ON alerts (patient_id, raised_at_ms, id);

CREATE TABLE alert_notes (
    id TEXT COLLATE "C" PRIMARY KEY,
    alert_id TEXT COLLATE "C" NOT NULL REFERENCES alerts (id),
    patient_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    author_id TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    ciphertext BYTEA NOT NULL
);
CREATE INDEX alert_notes_by_alert ON alert_notes (alert_id, created_at_ms, id);
)sql";

// The companion (issue #6): each patient's conversation state, one row rewritten whole on each
// turn (its version makes concurrent turns safe, across servers), and the messages of their
// conversations.
constexpr std::string_view kSchemaV3 = R"sql(
CREATE TABLE companion_states (
    patient_id TEXT COLLATE "C" PRIMARY KEY REFERENCES users (id),
    version BIGINT NOT NULL CHECK (version >= 1),
    updated_at_ms BIGINT NOT NULL,
    ciphertext BYTEA NOT NULL
);

CREATE TABLE chat_messages (
    id TEXT COLLATE "C" PRIMARY KEY,
    patient_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    created_at_ms BIGINT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('person', 'companion')),
    ciphertext BYTEA NOT NULL
);
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
ALTER TABLE consents ADD COLUMN pool_outcomes BOOLEAN NOT NULL DEFAULT FALSE;
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

// Advisory locks, as (namespace, key): 0x41545455 ("ATTU") names ours among any other
// application's in the same database. Transaction-scoped, so a crash cannot leave one held.
#define MIGRATION_LOCK "pg_advisory_xact_lock(1096045653, 1)"
#define AUDIT_CHAIN_LOCK "pg_advisory_xact_lock(1096045653, 2)"

// Every table of the schema, for check_integrity().
constexpr std::string_view kTables[] = {
    "schema_migrations", "users",       "sessions",         "assignments",
    "consents",          "patient_keys", "journal_entries", "check_ins",
    "alerts",            "alert_notes",  "companion_states", "chat_messages",
    "audit_log",
};

// ---------------------------------------------------------------------------------------------
// Values and results. Everything crosses the wire in binary format with its type named, so the
// server never guesses a type, BLOBs need no escaping, and text with an embedded NUL is refused
// (invalid_argument) rather than cut short.

// Type OIDs of built-in types, fixed in the server's catalog (pg_type.dat).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;

class Params {
public:
    // Text and BLOBs are referenced, not copied: they must outlive the statement, as a
    // caller's arguments do.
    void add(std::string_view s) { values_.push_back({kTextOid, s, {}}); }
    void add(const char* s) { add(std::string_view(s)); }
    void add(const std::string& s) { add(std::string_view(s)); }
    void add(const Blob& b) {
        values_.push_back(
            {kByteaOid, {reinterpret_cast<const char*>(b.data()), b.size()}, {}});
    }
    void add(std::int64_t v) {
        Value& value = values_.emplace_back(Value{kInt8Oid, {}, {}});
        for (int i = 0; i < 8; ++i)
            value.own[i] = static_cast<char>(static_cast<std::uint64_t>(v) >> (56 - 8 * i));
        value.own_size = 8;
    }
    void add(int v) { add(static_cast<std::int64_t>(v)); }
    void add(bool v) {
        Value& value = values_.emplace_back(Value{kBoolOid, {}, {}});
        value.own[0] = v ? 1 : 0;
        value.own_size = 1;
    }

    // The parameters' type OIDs, in order.
    std::vector<Oid> types() const {
        std::vector<Oid> out;
        out.reserve(values_.size());
        for (const Value& v : values_) out.push_back(v.type);
        return out;
    }

    // Runs the statement prepared as `name` on `conn` with these values.
    PGresult* exec_prepared(PGconn* conn, const std::string& name) const {
        const auto n = values_.size();
        std::vector<const char*> data(n);
        std::vector<int> lengths(n), formats(n, 1);
        for (std::size_t i = 0; i < n; ++i) {
            const Value& v = values_[i];
            data[i] = v.own_size ? v.own.data() : v.bytes.data();
            lengths[i] = static_cast<int>(v.own_size ? v.own_size : v.bytes.size());
            // A null pointer would send SQL NULL, which NOT NULL refuses: an empty value is a
            // zero-length one.
            if (!data[i]) data[i] = "";
        }
        return PQexecPrepared(conn, name.c_str(), static_cast<int>(n), data.data(),
                              lengths.data(), formats.data(), /*resultFormat=*/1);
    }

private:
    struct Value {
        Oid type;
        std::string_view bytes;  // text or bytea, the caller's
        std::array<char, 8> own;  // an integer or boolean, encoded here (network byte order)
        std::size_t own_size = 0;
    };
    std::vector<Value> values_;
};

// One row of a result, read by column number.
class Row {
public:
    Row(const PGresult* r, int row) : r_(r), row_(row) {}

    std::string text(int col) const {
        return std::string(PQgetvalue(r_, row_, col),
                           static_cast<std::size_t>(PQgetlength(r_, row_, col)));
    }
    // Any integer column (int2, int4, int8: 2, 4 or 8 big-endian bytes).
    std::int64_t i64(int col) const {
        const auto* p = reinterpret_cast<const unsigned char*>(PQgetvalue(r_, row_, col));
        const int n = PQgetlength(r_, row_, col);
        std::uint64_t v = n > 0 && (p[0] & 0x80) ? ~std::uint64_t{0} : 0;  // sign
        for (int i = 0; i < n; ++i) v = (v << 8) | p[i];
        return static_cast<std::int64_t>(v);
    }
    int i32(int col) const { return static_cast<int>(i64(col)); }
    bool flag(int col) const {
        return PQgetlength(r_, row_, col) == 1 && PQgetvalue(r_, row_, col)[0] != 0;
    }
    Blob blob(int col) const {
        const auto* p = reinterpret_cast<const std::uint8_t*>(PQgetvalue(r_, row_, col));
        return Blob(p, p + PQgetlength(r_, row_, col));
    }

private:
    const PGresult* r_;
    int row_;
};

// A statement's result, owned.
class Rows {
public:
    explicit Rows(PGresult* r) : r_(r) {}
    Rows(Rows&& other) noexcept : r_(std::exchange(other.r_, nullptr)) {}
    Rows& operator=(Rows&&) = delete;
    ~Rows() { PQclear(r_); }

    const PGresult* r() const { return r_; }
    int size() const { return PQntuples(r_); }
    Row operator[](int row) const { return Row(r_, row); }
    // Rows an INSERT, UPDATE or DELETE touched.
    std::int64_t affected() const { return std::strtoll(PQcmdTuples(r_), nullptr, 10); }

private:
    PGresult* r_;
};

// libpq's last error on `conn` on one line (libpq breaks its lines with "\n\t").
std::string connection_error(PGconn* conn) {
    std::string message;
    for (const char* p = PQerrorMessage(conn); *p; ++p) {
        if (*p == '\n' || *p == '\t') {
            if (!message.empty() && message.back() != ' ') message += ' ';
        } else {
            message += *p;
        }
    }
    while (!message.empty() && message.back() == ' ') message.pop_back();
    return message;
}

// A failed result (or, for a null one, the connection's error) as a Status: constraint and data
// errors are the caller's input (invalid_argument), damaged pages corrupt, everything else
// (connection lost, server shutting down, deadlock, a timeout) io_error.
Status status_from(const PGresult* r, PGconn* conn, const std::string& where) {
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const char* detail = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : nullptr;
    std::string message = primary ? primary : connection_error(conn);
    if (detail) message += std::string(" (") + detail + ")";
    message = where + ": " + message;
    const std::string_view code = state ? state : "";
    if (code.starts_with("23") || code.starts_with("22"))
        return Status::invalid_argument(std::move(message));
    if (code == "XX001" || code == "XX002") return Status::corrupt(std::move(message));
    return Status::io_error(std::move(message));
}

// Routes the server's notices (e.g. "relation already exists, skipping") to the log callback:
// libpq's default prints them on stderr, and library code never prints.
void route_notice(void* where, const PGresult* r) {
    const char* severity = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);
    const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    const bool warning = severity && std::string_view(severity) == "WARNING";
    log(warning ? LogLevel::warn : LogLevel::debug,
        *static_cast<const std::string*>(where) + ": " + (primary ? primary : "notice"));
}

class Connection {
public:
    static Result<std::unique_ptr<Connection>> open(const std::string& url,
                                                    const std::string& where) {
        // Our defaults come before the URL, which libpq expands in place (expand_dbname), so
        // a setting in the URL wins; the encoding comes after, as the code assumes UTF-8.
        const char* const keys[] = {"connect_timeout", "fallback_application_name", "dbname",
                                    "client_encoding", nullptr};
        const char* const values[] = {"10", "attune", url.c_str(), "UTF8", nullptr};
        PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
        if (!conn) return Status::io_error(where + ": connect: out of memory");
        auto c = std::unique_ptr<Connection>(new Connection(conn, where));
        if (PQstatus(conn) != CONNECTION_OK)
            return Status::io_error(where + ": connect: " + connection_error(conn));
        PQsetNoticeReceiver(conn, route_notice, &c->where_);
        return c;
    }

    ~Connection() { PQfinish(conn_); }

    // Runs one parameterised statement ($1, $2, ... bound to `args` in order), prepared on this
    // connection the first time it is run: parsing and planning a short statement cost the
    // server more than running it (measured: benchmarks/api_throughput.sh, docs/BENCHMARKS.md).
    template <typename... Args>
    Result<Rows> query(const char* sql, const Args&... args) {
        Params params;
        (params.add(args), ...);
        return run(sql, params);
    }

    // query() with the parameters already gathered (statements built at run time).
    Result<Rows> run(const char* sql, const Params& params) {
        auto name = prepared(sql, params);
        if (!name) return name.status();
        Rows rows(params.exec_prepared(conn_, **name));
        const PGresult* r = rows.r();
        const ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
            violated_.clear();
            return rows;
        }
        const char* constraint = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : nullptr;
        violated_ = constraint ? constraint : "";
        return status_from(r, conn_, where_);
    }

    // The name under which `sql`, with the parameters' types, is prepared on this connection;
    // prepares it on first use. Keyed by the text, not the pointer: some SQL is built at run time.
    Result<const std::string*> prepared(const char* sql, const Params& params) {
        const std::vector<Oid> types = params.types();
        std::string key(sql);
        key.push_back('\0');
        key.append(reinterpret_cast<const char*>(types.data()), types.size() * sizeof(Oid));
        if (auto it = statements_.find(key); it != statements_.end()) return &it->second;
        std::string name = "attune_" + std::to_string(statements_.size() + 1);
        Rows r(PQprepare(conn_, name.c_str(), sql, static_cast<int>(types.size()), types.data()));
        if (!r.r() || PQresultStatus(r.r()) != PGRES_COMMAND_OK) {
            const char* constraint =
                r.r() ? PQresultErrorField(r.r(), PG_DIAG_CONSTRAINT_NAME) : nullptr;
            violated_ = constraint ? constraint : "";
            return status_from(r.r(), conn_, where_);
        }
        return &statements_.emplace(std::move(key), std::move(name)).first->second;
    }

    // Runs SQL without parameters or results: BEGIN/COMMIT, SET, a migration's script (which
    // may hold several statements, hence PQexec).
    Status exec(const char* sql) {
        Rows rows(PQexec(conn_, sql));
        const PGresult* r = rows.r();
        if (r && PQresultStatus(r) == PGRES_COMMAND_OK) return Status::ok();
        return status_from(r, conn_, where_);
    }

    // The constraint the last failed statement violated, or "".
    const std::string& violated() const { return violated_; }

    bool in_transaction() const {
        const auto t = PQtransactionStatus(conn_);
        return t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
    }
    // Inside a transaction that a failed statement has aborted (only ROLLBACK is accepted).
    bool transaction_failed() const { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }
    // Fit to go back to the pool: connected and outside any transaction.
    bool reusable() const {
        return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
    }
    // Checked before an idle connection is reused: reads what the server sent meanwhile
    // without blocking, so a connection the server closed (a shutdown or restart, an idle
    // timeout) is noticed here rather than failing the caller's statement. A closing server
    // first sends its reason (taken as a notice) and then EOF, so read until nothing is left.
    bool alive() {
        for (;;) {
            if (PQconsumeInput(conn_) != 1 || PQstatus(conn_) != CONNECTION_OK) return false;
            pollfd p{PQsocket(conn_), POLLIN, 0};
            if (poll(&p, 1, 0) <= 0) return true;
        }
    }

private:
    Connection(PGconn* conn, std::string where) : conn_(conn), where_(std::move(where)) {}
    PGconn* conn_;
    std::string where_;  // the redacted URL, for messages
    std::string violated_;
    std::unordered_map<std::string, std::string> statements_;  // SQL + types -> prepared name
};

// ---------------------------------------------------------------------------------------------
// Row decoding: the shared decoders and column lists of store/rows.hpp.

template <typename T, typename RowFn>
std::vector<T> all_rows(const Rows& rows, RowFn row) {
    std::vector<T> out;
    out.reserve(static_cast<std::size_t>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) out.push_back(row(rows[i]));
    return out;
}

// "($first+1, $first+2, ..., $first+count)": one row of a multi-row VALUES list.
std::string placeholders(std::size_t first, std::size_t count) {
    std::string out = "(";
    for (std::size_t i = 1; i <= count; ++i) {
        out += i > 1 ? ", $" : "$";
        out += std::to_string(first + i);
    }
    return out + ")";
}

// ---------------------------------------------------------------------------------------------

// Open connections, at most `max`; each is lent to one thread at a time.
class Pool {
public:
    Pool(std::string url, std::string where, int max)
        : url_(std::move(url)), where_(std::move(where)), max_(max) {}

    // An idle connection that is still alive, else a new one while fewer than `max` are open,
    // else waits for one to be returned. Connects outside the lock.
    Result<std::unique_ptr<Connection>> acquire() {
        std::unique_ptr<Connection> dead;
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            while (!idle_.empty()) {
                auto c = std::move(idle_.back());
                idle_.pop_back();
                if (c->alive()) return c;
                dead = std::move(c);
                --open_;
            }
            if (open_ < max_) break;
            returned_.wait(lock);
        }
        ++open_;
        lock.unlock();
        dead.reset();
        auto c = Connection::open(url_, where_);
        if (!c) {
            lock.lock();
            --open_;
            returned_.notify_one();
        }
        return c;
    }

    // Takes a connection back; one that is broken or was left inside a transaction is closed.
    void release(std::unique_ptr<Connection> c) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (c->reusable())
                idle_.push_back(std::move(c));
            else
                --open_;
            returned_.notify_one();
        }
        c.reset();  // outside the lock: closing sends a message to the server
    }

private:
    const std::string url_;
    const std::string where_;
    const int max_;
    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
    int open_ = 0;                                   // guarded by mutex_
};

// Named rather than left to the server's default_transaction_isolation: the advisory locks rely
// on READ COMMITTED, where each statement sees what committed before it began (after the lock
// was granted), not a snapshot from before the wait.
constexpr const char* kReadCommitted = "BEGIN ISOLATION LEVEL READ COMMITTED";
// One snapshot for every statement of the transaction.
constexpr const char* kSnapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

// Row locks on the user a statement depends on (see require_role).
enum class UserLock { key_share, update };

class PostgresStore final : public Store {
public:
    explicit PostgresStore(std::unique_ptr<Pool> pool) : pool_(std::move(pool)) {}

    std::string_view backend() const override { return "postgresql"; }

    Result<int> schema_version() override {
        int version = 0;
        ATTUNE_RETURN_IF_ERROR(on_connection([&](Connection& c) -> Status {
            auto r = c.query("SELECT coalesce(max(version), 0) FROM schema_migrations");
            if (!r) return r.status();
            version = (*r)[0].i32(0);
            return Status::ok();
        }));
        return version;
    }

    Status check_integrity() override {
        return transaction(kSnapshot, [&](Connection& c) -> Status {
            // Sequential scans read every page of every table, so a damaged page (or a bad
            // checksum, on a cluster that has them) fails here with data_corrupted.
            ATTUNE_RETURN_IF_ERROR(c.exec("SET LOCAL enable_indexscan = off; "
                                          "SET LOCAL enable_indexonlyscan = off; "
                                          "SET LOCAL enable_bitmapscan = off"));
            std::string names;
            for (std::string_view table : kTables) {
                // A name from the list above, not input: identifiers cannot be parameters.
                const std::string scan = "SELECT count(*) FROM " + std::string(table);
                ATTUNE_RETURN_IF_ERROR(c.query(scan.c_str()).status());
                names += (names.empty() ? "" : ",") + std::string(table);
            }
            // The indexes, and that each indexes every row, need amcheck (postgresql-contrib;
            // CREATE EXTENSION amcheck): checked when the database has it.
            auto amcheck = c.query("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'");
            if (!amcheck) return amcheck.status();
            if (amcheck->size() == 0) return Status::ok();
            return c
                .query("SELECT bt_index_check(i.indexrelid, true) FROM pg_index i "
                       "JOIN pg_class x ON x.oid = i.indexrelid "
                       "JOIN pg_am a ON a.oid = x.relam WHERE a.amname = 'btree' "
                       "AND i.indrelid = ANY (string_to_array($1, ',')::regclass[])",
                       names)
                .status();
        });
    }

    // --- users ---------------------------------------------------------------------------------

    Status create_user(const User& u) override {
        return on_connection([&](Connection& c) -> Status {
            auto r = c.query(
                "INSERT INTO users (" ATTUNE_USER_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6)", u.id,
                u.username, role_name(u.role), u.password_hash, u.created_at_ms, u.disabled);
            if (r) return Status::ok();
            // The constraints' names are PostgreSQL's defaults for the schema's columns.
            if (c.violated() == "users_pkey")
                return Status::invalid_argument("user id '" + u.id + "' is already taken");
            if (c.violated() == "users_username_key")
                return Status::invalid_argument("username '" + u.username +
                                                "' is already taken");
            return r.status();
        });
    }

    Result<User> get_user(const std::string& id) override {
        return one<User>("SELECT " ATTUNE_USER_COLUMNS " FROM users WHERE id = $1", id,
                         user_row<Row>, "user '" + id + "'");
    }

    Result<User> find_user_by_username(const std::string& username) override {
        return one<User>("SELECT " ATTUNE_USER_COLUMNS " FROM users WHERE username = $1", username,
                         user_row<Row>, "username '" + username + "'");
    }

    Result<std::vector<User>> list_users() override {
        return many<User>("SELECT " ATTUNE_USER_COLUMNS " FROM users ORDER BY username",
                          user_row<Row>);
    }

    Status set_user_disabled(const std::string& id, bool disabled) override {
        return update_one("UPDATE users SET disabled = $2 WHERE id = $1", id, disabled,
                          "user '" + id + "'");
    }

    Status set_password_hash(const std::string& id, const std::string& hash) override {
        return update_one("UPDATE users SET password_hash = $2 WHERE id = $1", id, hash,
                          "user '" + id + "'");
    }

    // --- sessions ------------------------------------------------------------------------------

    Status create_session(const Session& x) override {
        return transaction(kReadCommitted, [&](Connection& c) -> Status {
            ATTUNE_RETURN_IF_ERROR(require_user(c, x.user_id));
            auto r =
                c.query("INSERT INTO sessions (" ATTUNE_SESSION_COLUMNS
                        ") VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                        x.token_digest, x.user_id, x.created_at_ms, x.expires_at_ms, x.revoked);
            if (!r) return r.status();
            // The digest is a credential's fingerprint: messages do not repeat it.
            if (r->affected() == 0)
                return Status::invalid_argument("session token digest is already taken");
            return Status::ok();
        });
    }

    Result<Session> get_session(const std::string& digest) override {
        return one<Session>("SELECT " ATTUNE_SESSION_COLUMNS
                            " FROM sessions WHERE token_digest = $1",
                            digest, session_row<Row>, "session");
    }

    Status revoke_session(const std::string& digest) override {
        return update_one("UPDATE sessions SET revoked = $2 WHERE token_digest = $1", digest,
                          true, "session");
    }

    Result<std::int64_t> revoke_user_sessions(const std::string& user_id) override {
        return count_changes(
            "UPDATE sessions SET revoked = true WHERE user_id = $1 AND NOT revoked", user_id);
    }

    Result<std::int64_t> delete_dead_sessions(std::int64_t now_ms) override {
        return count_changes("DELETE FROM sessions WHERE revoked OR expires_at_ms < $1", now_ms);
    }

    // --- assignments ---------------------------------------------------------------------------

    Status assign(const std::string& clinician_id, const std::string& patient_id,
                  std::int64_t created_at_ms) override {
        return transaction(kReadCommitted, [&](Connection& c) -> Status {
            ATTUNE_RETURN_IF_ERROR(require_role(c, clinician_id, Role::clinician));
            ATTUNE_RETURN_IF_ERROR(require_role(c, patient_id, Role::patient));
            return c
                .query("INSERT INTO assignments (clinician_id, patient_id, created_at_ms) "
                       "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                       clinician_id, patient_id, created_at_ms)
                .status();
        });
    }

    Status unassign(const std::string& clinician_id, const std::string& patient_id) override {
        return on_connection([&](Connection& c) -> Status {
            auto r = c.query("DELETE FROM assignments WHERE clinician_id = $1 AND patient_id = $2",
                             clinician_id, patient_id);
            if (!r) return r.status();
            if (r->affected() == 0)
                return Status::not_found("no assignment of patient '" + patient_id +
                                         "' to clinician '" + clinician_id + "'");
            return Status::ok();
        });
    }

    Result<bool> is_assigned(const std::string& clinician_id,
                             const std::string& patient_id) override {
        bool found = false;
        ATTUNE_RETURN_IF_ERROR(on_connection([&](Connection& c) -> Status {
            auto r = c.query("SELECT 1 FROM assignments WHERE clinician_id = $1 "
                             "AND patient_id = $2",
                             clinician_id, patient_id);
            if (!r) return r.status();
            found = r->size() > 0;
            return Status::ok();
        }));
        return found;
    }

    Result<std::vector<std::string>> patients_of(const std::string& clinician_id) override {
        return ids("SELECT patient_id FROM assignments WHERE clinician_id = $1 "
                   "ORDER BY patient_id",
                   clinician_id);
    }

    Result<std::vector<std::string>> clinicians_of(const std::string& patient_id) override {
        return ids("SELECT clinician_id FROM assignments WHERE patient_id = $1 "
                   "ORDER BY clinician_id",
                   patient_id);
    }

    // --- consent -------------------------------------------------------------------------------

    Status put_consent(const Consent& x) override {
        return transaction(kReadCommitted, [&](Connection& c) -> Status {
            ATTUNE_RETURN_IF_ERROR(require_role(c, x.patient_id, Role::patient));
            return c
                .query("INSERT INTO consents (" ATTUNE_CONSENT_COLUMNS
                       ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                       "ON CONFLICT (patient_id) DO UPDATE SET "
                       "allow_text = excluded.allow_text, "
                       "allow_voice = excluded.allow_voice, "
                       "allow_face = excluded.allow_face, "
                       "allow_body = excluded.allow_body, "
                       "share_with_clinician = excluded.share_with_clinician, "
                       "updated_at_ms = excluded.updated_at_ms, "
                       "pool_outcomes = excluded.pool_outcomes",
                       x.patient_id, x.text, x.voice, x.face, x.body, x.share_with_clinician,
                       x.updated_at_ms, x.pool_outcomes)
                .status();
        });
    }

    Result<Consent> get_consent(const std::string& patient_id) override {
        return one<Consent>("SELECT " ATTUNE_CONSENT_COLUMNS " FROM consents WHERE patient_id = $1",
                            patient_id, consent_row<Row>,
                            "consent of patient '" + patient_id + "'");
    }

    // --- keys ----------------------------------------------------------------------------------

    Status put_patient_key(const PatientKey& k) override {
        return transaction(kReadCommitted, [&](Connection& c) -> Status {
            ATTUNE_RETURN_IF_ERROR(require_role(c, k.patient_id, Role::patient));
            auto r = c.query("INSERT INTO patient_keys (" ATTUNE_KEY_COLUMNS
                             ") VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                             k.patient_id, k.key_id, k.wrapped_key, k.created_at_ms);
            if (!r) return r.status();
            if (r->affected() == 0)
                return Status::invalid_argument("key id '" + k.key_id + "' of patient '" +
                                                k.patient_id + "' is already taken");
            return Status::ok();
        });
    }

    Result<PatientKey> get_patient_key(const std::string& patient_id,
                                       const std::string& key_id) override {
        std::optional<PatientKey> key;
        ATTUNE_RETURN_IF_ERROR(on_connection([&](Connection& c) -> Status {
            auto r = c.query("SELECT " ATTUNE_KEY_COLUMNS
                             " FROM patient_keys WHERE patient_id = $1 AND key_id = $2",
                             patient_id, key_id);
            if (!r) return r.status();
            if (r->size() > 0) key = key_row((*r)[0]);
            return Status::ok();
        }));
        if (!key)
            return Status::not_found("key '" + key_id + "' of patient '" + patient_id +
                                     "' not found");
        return std::move(*key);
    }

    Result<std::vector<PatientKey>> patient_keys(const std::string& patient_id) override {
        return many<PatientKey>("SELECT " ATTUNE_KEY_COLUMNS
                                " FROM patient_keys WHERE patient_id = $1 "
                                "ORDER BY created_at_ms, key_id",
                                key_row<Row>, patient_id);
    }

    Result<std::int64_t> delete_patient_keys(const std::string& patient_id) override {
        return count_changes("DELETE FROM patient_keys WHERE patient_id = $1", patient_id);
    }

    // --- journal and check-ins -----------------------------------------------------------------

    Status add_journal_entry(const JournalEntry& e) override {
        ATTUNE_RETURN_IF_ERROR(check_derived(e));
        return transaction(kReadCommitted, [&](Connection& c) -> Status {
            ATTUNE_RETURN_IF_ERROR(require_role(c, e.patient_id, Role::patient));
            return insert_journal(c, e);
        });
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
                                 " FROM journal_entries WHERE id = $1",
                                 id, journal_row<Row>, "journal entry '" + id + "'");
    }

    Result<std::vector<JournalEntry>> journal_entries(const std::string& patient_id,
                                                      const TimeRange& range) override {
        ATTUNE_RETURN_IF_ERROR(check_range(range));
        return many<JournalEntry>("SELECT " ATTUNE_JOURNAL_COLUMNS
                                  " FROM journal_entries WHERE patient_id = $1 "
                                  "AND created_at_ms >= $2 AND created_at_ms < $3 "
                                  "ORDER BY created_at_ms DESC, id DESC LIMIT $4",
                                  journal_row<Row>, patient_id, range.from_ms, range.to_ms,
                                  range.limit);
    }

    Result<std::vector<JournalSignal>> journal_signals(const std::string& patient_id,
                                                       const TimeRange& range) override {
        ATTUNE_RETURN_IF_ERROR(check_range(range));
        return many<JournalSignal>(
            "SELECT id, created_at_ms, octet_length(analysis_ciphertext) > 0, valence_x100, "
            "arousal_x100, crisis_level, "
            "CASE WHEN crisis_level > 0 THEN analysis_ciphertext ELSE '\\x'::bytea END "
            "FROM journal_entries WHERE patient_id = $1 "
            "AND created_at_ms >= $2 AND created_at_ms < $3 "
            "ORDER BY created_at_ms DESC, id DESC LIMIT $4",
            journal_signal_row<Row>, patient_id, range.from_ms, range.to_ms, range.limit);
    }

    Status add_check_in(const CheckIn& x) override {
        return transaction(kReadCommitted, [&](Connection& c) -> Status {
            ATTUNE_RETURN_IF_ERROR(require_role(c, x.patient_id, Role::patient));
            auto r = c.query("INSERT INTO check_ins (" ATTUNE_CHECK_IN_COLUMNS
                             ") VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                             x.id, x.patient_id, x.created_at_ms, x.kind, x.score, x.ciphertext);
            if (!r) return r.status();
            if (r->affected() == 0)
                return Status::invalid_argument("check-in id '" + x.id + "' is already taken");
            return Status::ok();
        });
    }

    Result<std::vector<CheckIn>> check_ins(const std::string& patient_id,
                                           const TimeRange& range) override {
        ATTUNE_RETURN_IF_ERROR(check_range(range));
        return many<CheckIn>("SELECT " ATTUNE_CHECK_IN_COLUMNS
                             " FROM check_ins WHERE patient_id = $1 "
                             "AND created_at_ms >= $2 AND created_at_ms < $3 "
                             "ORDER BY created_at_ms DESC, id DESC LIMIT $4",
                             check_in_row<Row>, patient_id, range.from_ms, range.to_ms,
                             range.limit);
    }

    // --- alerts --------------------------------------------------------------------------------

    // Inserts one alert inside a transaction; true when it is new, false when the patient
    // already has an alert with its key. Errors: a taken id, SQL errors.
    static Result<bool> insert_alert(Connection& c, const Alert& a) {
        auto taken = c.query("SELECT 1 FROM alerts WHERE id = $1", a.id);
        if (!taken) return taken.status();
        if (taken->size() > 0)
            return Status::invalid_argument("alert id '" + a.id + "' is already taken");
        auto r = c.query("INSERT INTO alerts (" ATTUNE_ALERT_COLUMNS
                         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                         "$14) ON CONFLICT (patient_id, alert_key) DO NOTHING",
                         a.id, a.patient_id, a.key, a.kind, a.severity, a.raised_at_ms,
                         a.created_at_ms, alert_status_name(a.status), a.acknowledged_by,
                         a.acknowledged_at_ms, a.dismissed_by, a.dismissed_at_ms,
                         a.updated_at_ms, a.ciphertext);
        if (!r) return r.status();
        return r->affected() == 1;
    }

    Result<bool> add_alert(const Alert& a) override {
        ATTUNE_RETURN_IF_ERROR(check_alert(a));
        bool added = false;
        ATTUNE_RETURN_IF_ERROR(transaction(kReadCommitted, [&](Connection& c) -> Status {
            ATTUNE_RETURN_IF_ERROR(require_role(c, a.patient_id, Role::patient));
            auto in = insert_alert(c, a);
            if (!in) return in.status();
            added = *in;
            return Status::ok();
        }));
        return added;
    }

    Result<Alert> get_alert(const std::string& id) override {
        return one<Alert>("SELECT " ATTUNE_ALERT_COLUMNS " FROM alerts WHERE id = $1", id,
                          alert_row<Row>, "alert '" + id + "'");
    }

    Result<std::vector<Alert>> alerts(const std::string& patient_id,
                                      const AlertQuery& q) override {
        ATTUNE_RETURN_IF_ERROR(check_range({q.from_ms, q.to_ms, q.limit}));
        return many<Alert>("SELECT " ATTUNE_ALERT_COLUMNS
                           " FROM alerts WHERE patient_id = $1 AND ($2 = '' OR status = $2) "
                           "AND raised_at_ms >= $3 AND raised_at_ms < $4 "
                           "AND updated_at_ms >= $5 "
                           "ORDER BY raised_at_ms DESC, id DESC LIMIT $6",
                           alert_row<Row>, patient_id, status_filter(q), q.from_ms, q.to_ms,
                           q.updated_since_ms, q.limit);
    }

    Status set_alert_status(const std::string& id, AlertStatus status, const std::string& by,
                            std::int64_t at_ms) override {
        return on_connection([&](Connection& c) -> Status {
            auto r = c.query(
                "UPDATE alerts SET status = $2, updated_at_ms = $4, "
                "acknowledged_by = CASE WHEN $2 = 'acknowledged' THEN $3 ELSE acknowledged_by END, "
                "acknowledged_at_ms = CASE WHEN $2 = 'acknowledged' THEN $4 "
                "ELSE acknowledged_at_ms END, "
                "dismissed_by = CASE WHEN $2 = 'dismissed' THEN $3 ELSE dismissed_by END, "
                "dismissed_at_ms = CASE WHEN $2 = 'dismissed' THEN $4 ELSE dismissed_at_ms END "
                "WHERE id = $1",
                id, alert_status_name(status), by, at_ms);
            if (!r) return r.status();
            return r->affected() == 0 ? Status::not_found("alert '" + id + "' not found")
                                      : Status::ok();
        });
    }

    Status add_alert_note(const AlertNote& n) override {
        return transaction(kReadCommitted, [&](Connection& c) -> Status {
            // The row lock keeps the alert (and its patient) until the note commits.
            auto owner = c.query("SELECT patient_id FROM alerts WHERE id = $1 FOR UPDATE",
                                 n.alert_id);
            if (!owner) return owner.status();
            if (owner->size() == 0) return Status::not_found("alert '" + n.alert_id + "' not found");
            if ((*owner)[0].text(0) != n.patient_id)
                return Status::invalid_argument("alert note '" + n.id + "': patient_id '" +
                                                n.patient_id + "' is not the alert's patient");
            auto r = c.query("INSERT INTO alert_notes (" ATTUNE_ALERT_NOTE_COLUMNS
                             ") VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                             n.id, n.alert_id, n.patient_id, n.author_id, n.created_at_ms,
                             n.ciphertext);
            if (!r) return r.status();
            if (r->affected() == 0)
                return Status::invalid_argument("alert note id '" + n.id + "' is already taken");
            auto touch = c.query("UPDATE alerts SET updated_at_ms = $2 WHERE id = $1",
                                 n.alert_id, n.created_at_ms);
            return touch ? Status::ok() : touch.status();
        });
    }

    Result<std::vector<AlertNote>> alert_notes(const std::string& alert_id) override {
        return many<AlertNote>("SELECT " ATTUNE_ALERT_NOTE_COLUMNS
                               " FROM alert_notes WHERE alert_id = $1 ORDER BY created_at_ms, id",
                               alert_note_row<Row>, alert_id);
    }

    // --- the companion -------------------------------------------------------------------------

    Result<CompanionState> get_companion_state(const std::string& patient_id) override {
        return one<CompanionState>("SELECT " ATTUNE_COMPANION_COLUMNS
                                   " FROM companion_states WHERE patient_id = $1",
                                   patient_id, companion_row<Row>,
                                   "companion state of patient '" + patient_id + "'");
    }

    Result<bool> save_companion(const CompanionState& state, std::span<const ChatMessage> messages,
                                std::span<const Alert> alerts) override {
        ATTUNE_RETURN_IF_ERROR(check_companion(state, messages, alerts));
        bool saved = false;
        ATTUNE_RETURN_IF_ERROR(transaction(kReadCommitted, [&](Connection& c) -> Status {
            ATTUNE_RETURN_IF_ERROR(require_role(c, state.patient_id, Role::patient));
            // Compare-and-set in one statement: under READ COMMITTED a concurrent UPDATE of the
            // row waits for the first to commit and then re-checks the version against the new
            // row, so of two turns built on the same version exactly one is saved. Two first
            // turns collide on the primary key, which ON CONFLICT turns into "not saved".
            auto r = state.version == 1
                         ? c.query("INSERT INTO companion_states (" ATTUNE_COMPANION_COLUMNS
                                   ") VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                                   state.patient_id, state.version, state.updated_at_ms,
                                   state.ciphertext)
                         : c.query("UPDATE companion_states SET version = $2, updated_at_ms = $3, "
                                   "ciphertext = $4 WHERE patient_id = $1 AND version = $2 - 1",
                                   state.patient_id, state.version, state.updated_at_ms,
                                   state.ciphertext);
            if (!r) return r.status();
            if (r->affected() == 0) return Status::ok();  // another turn came first
            for (const auto& m : messages) {
                auto in = c.query("INSERT INTO chat_messages (" ATTUNE_CHAT_COLUMNS
                                  ") VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                                  m.id, m.patient_id, m.created_at_ms, chat_role_name(m.role),
                                  m.ciphertext, static_cast<int>(m.crisis_level));
                if (!in) return in.status();
                if (in->affected() == 0)
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
                                 " FROM chat_messages WHERE patient_id = $1 "
                                 "AND created_at_ms >= $2 AND created_at_ms < $3 "
                                 "ORDER BY created_at_ms DESC, role = 'companion' DESC, id DESC "
                                 "LIMIT $4",
                                 chat_row<Row>, patient_id, range.from_ms, range.to_ms,
                                 range.limit);
    }

    Result<std::vector<ChatSignal>> chat_signals(const std::string& patient_id,
                                                 const TimeRange& range) override {
        ATTUNE_RETURN_IF_ERROR(check_range(range));
        return many<ChatSignal>("SELECT id, created_at_ms, crisis_level FROM chat_messages "
                                "WHERE patient_id = $1 AND crisis_level > 0 "
                                "AND created_at_ms >= $2 AND created_at_ms < $3 "
                                "ORDER BY created_at_ms DESC, id DESC LIMIT $4",
                                chat_signal_row<Row>, patient_id, range.from_ms, range.to_ms,
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
                                 " FROM audit_log WHERE seq >= $1 "
                                 "ORDER BY seq LIMIT $2",
                                 audit_row<Row>, from_seq, limit);
    }

    // --- erase and export ----------------------------------------------------------------------

    Result<std::int64_t> erase_patient(const std::string& patient_id) override {
        // Children first, the user row last: the foreign keys then prove nothing was missed.
        static constexpr const char* kDeletes[] = {
            "DELETE FROM journal_entries WHERE patient_id = $1",
            "DELETE FROM check_ins WHERE patient_id = $1",
            "DELETE FROM alert_notes WHERE patient_id = $1",
            "DELETE FROM alerts WHERE patient_id = $1",
            "DELETE FROM chat_messages WHERE patient_id = $1",
            "DELETE FROM companion_states WHERE patient_id = $1",
            "DELETE FROM consents WHERE patient_id = $1",
            "DELETE FROM patient_keys WHERE patient_id = $1",
            "DELETE FROM assignments WHERE patient_id = $1",
            "DELETE FROM sessions WHERE user_id = $1",
            "DELETE FROM users WHERE id = $1",
        };
        std::int64_t deleted = 0;
        ATTUNE_RETURN_IF_ERROR(transaction(kReadCommitted, [&](Connection& c) -> Status {
            // FOR UPDATE waits for inserts that depend on the patient to commit (they hold a
            // key-share lock on the row) and makes later ones wait and then find no patient.
            ATTUNE_RETURN_IF_ERROR(require_role(c, patient_id, Role::patient, UserLock::update));
            for (const char* sql : kDeletes) {
                auto r = c.query(sql, patient_id);
                if (!r) return r.status();
                deleted += r->affected();
            }
            return Status::ok();
        }));
        return deleted;
    }

    Result<PatientExport> export_patient(const std::string& patient_id) override {
        PatientExport out;
        // One snapshot: every SELECT below sees the database as of the first.
        ATTUNE_RETURN_IF_ERROR(
            transaction(kSnapshot, [&](Connection& c) { return export_rows(c, patient_id, out); }));
        return out;
    }

private:
    Status export_rows(Connection& c, const std::string& id, PatientExport& out) {
        {
            auto r = c.query("SELECT " ATTUNE_USER_COLUMNS " FROM users WHERE id = $1", id);
            if (!r) return r.status();
            if (r->size() == 0) return Status::not_found("patient '" + id + "' not found");
            out.user = user_row((*r)[0]);
            if (out.user.role != Role::patient)
                return Status::invalid_argument("user '" + id + "' is a " +
                                                std::string(role_name(out.user.role)) +
                                                ", not a patient");
        }
        {
            auto r = c.query(
                "SELECT " ATTUNE_CONSENT_COLUMNS " FROM consents WHERE patient_id = $1", id);
            if (!r) return r.status();
            if (r->size() > 0) out.consent = consent_row((*r)[0]);
        }
        auto fill = [&](auto& dest, const char* sql, auto row) -> Status {
            auto r = c.query(sql, id);
            if (!r) return r.status();
            using T = typename std::decay_t<decltype(dest)>::value_type;
            dest = all_rows<T>(*r, row);
            return Status::ok();
        };
        ATTUNE_RETURN_IF_ERROR(fill(out.keys,
                                    "SELECT " ATTUNE_KEY_COLUMNS " FROM patient_keys "
                                    "WHERE patient_id = $1 ORDER BY created_at_ms, key_id",
                                    key_row<Row>));
        ATTUNE_RETURN_IF_ERROR(fill(out.clinician_ids,
                                    "SELECT clinician_id FROM assignments WHERE patient_id = $1 "
                                    "ORDER BY clinician_id",
                                    [](const Row& s) { return s.text(0); }));
        ATTUNE_RETURN_IF_ERROR(fill(out.sessions,
                                    "SELECT " ATTUNE_SESSION_COLUMNS
                                    " FROM sessions WHERE user_id = $1 "
                                    "ORDER BY created_at_ms, token_digest",
                                    session_row<Row>));
        ATTUNE_RETURN_IF_ERROR(fill(out.journal,
                                    "SELECT " ATTUNE_JOURNAL_COLUMNS " FROM journal_entries "
                                    "WHERE patient_id = $1 ORDER BY created_at_ms, id",
                                    journal_row<Row>));
        ATTUNE_RETURN_IF_ERROR(fill(out.check_ins,
                                    "SELECT " ATTUNE_CHECK_IN_COLUMNS
                                    " FROM check_ins WHERE patient_id = $1 "
                                    "ORDER BY created_at_ms, id",
                                    check_in_row<Row>));
        ATTUNE_RETURN_IF_ERROR(fill(out.alerts,
                                    "SELECT " ATTUNE_ALERT_COLUMNS
                                    " FROM alerts WHERE patient_id = $1 "
                                    "ORDER BY raised_at_ms, id",
                                    alert_row<Row>));
        ATTUNE_RETURN_IF_ERROR(fill(out.alert_notes,
                                    "SELECT " ATTUNE_ALERT_NOTE_COLUMNS
                                    " FROM alert_notes WHERE patient_id = $1 "
                                    "ORDER BY created_at_ms, id",
                                    alert_note_row<Row>));
        {
            auto r = c.query("SELECT " ATTUNE_COMPANION_COLUMNS
                             " FROM companion_states WHERE patient_id = $1",
                             id);
            if (!r) return r.status();
            if (r->size() > 0) out.companion = companion_row((*r)[0]);
        }
        return fill(out.chat,
                    "SELECT " ATTUNE_CHAT_COLUMNS
                    " FROM chat_messages WHERE patient_id = $1 "
                    "ORDER BY created_at_ms, role = 'companion', id",
                    chat_row<Row>);
    }

    // The insert of add_journal_entry, after require_role, inside a transaction. A taken id is
    // refused without failing the transaction (ON CONFLICT DO NOTHING).
    static Status insert_journal(Connection& c, const JournalEntry& e) {
        auto r = c.query("INSERT INTO journal_entries (" ATTUNE_JOURNAL_COLUMNS
                         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
                         e.id, e.patient_id, e.created_at_ms, e.ciphertext, e.analysis_ciphertext,
                         e.valence_x100, e.arousal_x100, static_cast<int>(e.crisis_level));
        if (!r) return r.status();
        if (r->affected() == 0)
            return Status::invalid_argument("journal entry '" + e.id +
                                            "': the id is already taken");
        return Status::ok();
    }

    // A group commit's batch (see group_commit.hpp): its journal entries, then its audit rows,
    // chained in order under the chain's lock, in one transaction. An entry refused for itself
    // (an unknown patient, a taken id) fails alone, with no audit row; when the transaction fails
    // as a whole, each call is retried in a transaction of its own, so that no call fails for
    // another's reason.
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
        const Status st = transaction(kReadCommitted, [&](Connection& c) -> Status {
            std::map<std::string, Status> patients;  // require_role's answer, once per patient
            std::vector<std::size_t> rows;           // the entries to insert
            for (std::size_t i = 0; i < batch.size(); ++i) {
                if (!batch[i]->entry) continue;
                const std::string& patient = batch[i]->entry->patient_id;
                auto known = patients.find(patient);
                if (known == patients.end())
                    known = patients.emplace(patient, require_role(c, patient, Role::patient)).first;
                const Status& s = known->second;
                // A refusal comes from a query's answer, not a failed statement, so the
                // transaction goes on; a failed statement has aborted it: fail the batch.
                if (!s && (c.transaction_failed() || (s.code() != StatusCode::invalid_argument &&
                                                      s.code() != StatusCode::not_found)))
                    return s;
                if (s) rows.push_back(i);
                else outcome[i] = s;
            }
            // One statement for the batch's entries, and one for its audit rows: a round trip
            // each rather than one per call. A taken id is skipped (ON CONFLICT DO NOTHING) and
            // missing from RETURNING.
            if (!rows.empty()) {
                std::string sql =
                    "INSERT INTO journal_entries (" ATTUNE_JOURNAL_COLUMNS ") VALUES ";
                Params params;
                for (std::size_t k = 0; k < rows.size(); ++k) {
                    const JournalEntry& e = *batch[rows[k]]->entry;
                    sql += (k ? ", " : "") + placeholders(k * 8, 8);
                    params.add(e.id);
                    params.add(e.patient_id);
                    params.add(e.created_at_ms);
                    params.add(e.ciphertext);
                    params.add(e.analysis_ciphertext);
                    params.add(e.valence_x100);
                    params.add(e.arousal_x100);
                    params.add(static_cast<int>(e.crisis_level));
                }
                sql += " ON CONFLICT DO NOTHING RETURNING id";
                auto inserted = c.run(sql.c_str(), params);
                if (!inserted) return inserted.status();
                std::map<std::string, int> went_in;  // an id twice in one batch goes in once
                for (int r = 0; r < inserted->size(); ++r) ++went_in[(*inserted)[r].text(0)];
                for (std::size_t i : rows) {
                    const std::string& id = batch[i]->entry->id;
                    if (went_in[id]-- <= 0)
                        outcome[i] = Status::invalid_argument("journal entry '" + id +
                                                              "': the id is already taken");
                }
            }
            // One chain across every connection of every server: the lock is held until
            // COMMIT, and the next holder's SELECT (READ COMMITTED: a new snapshot per
            // statement) sees the rows committed under it.
            ATTUNE_RETURN_IF_ERROR(c.query("SELECT " AUDIT_CHAIN_LOCK).status());
            auto last = c.query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
            if (!last) return last.status();
            std::int64_t seq = last->size() == 0 ? 0 : (*last)[0].i64(0);
            std::string prev = last->size() == 0 ? std::string() : (*last)[0].text(1);
            std::string sql = "INSERT INTO audit_log (" ATTUNE_AUDIT_COLUMNS ") VALUES ";
            Params params;
            std::size_t n = 0;
            for (std::size_t i = 0; i < batch.size(); ++i) {
                if (!outcome[i]) continue;  // refused: no audit row of its creation
                const AuditEntry& e = *batch[i]->audit;
                records[i] = {seq + 1, e, prev, (*batch[i]->hasher)(seq + 1, e, prev)};
                const AuditRecord& rec = records[i];
                seq = rec.seq;
                prev = rec.hash;
                // The chain trigger checks each row against the one before, and a row-level
                // trigger sees the rows its statement inserted before it (in VALUES order).
                sql += (n ? ", " : "") + placeholders(n * 8, 8);
                params.add(rec.seq);
                params.add(e.time_ms);
                params.add(e.actor);
                params.add(e.action);
                params.add(e.subject);
                params.add(e.outcome);
                params.add(rec.prev_hash);
                params.add(rec.hash);
                ++n;
            }
            if (n > 0) ATTUNE_RETURN_IF_ERROR(c.run(sql.c_str(), params).status());
            return Status::ok();
        });
        if (!st) return st;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            batch[i]->status = std::move(outcome[i]);
            if (batch[i]->status) batch[i]->record = std::move(records[i]);
        }
        return Status::ok();
    }

    // Runs `body` on a connection from the pool. Outside a transaction each statement commits
    // on its own.
    template <typename Body>
    Status on_connection(Body&& body) {
        auto c = pool_->acquire();
        if (!c) return c.status();
        Status st = body(**c);
        pool_->release(std::move(*c));
        return st;
    }

    // Runs `body` as one transaction opened by `begin`. The call returns ok only after COMMIT
    // (with synchronous_commit on, the server's default, after the commit record is flushed):
    // acknowledged means committed. On any error the transaction is rolled back.
    template <typename Body>
    Status transaction(const char* begin, Body&& body) {
        return on_connection([&](Connection& c) -> Status {
            ATTUNE_RETURN_IF_ERROR(c.exec(begin));
            Status st = body(c);
            if (st) st = c.exec("COMMIT");
            if (!st && c.in_transaction()) (void)c.exec("ROLLBACK");
            return st;
        });
    }

    // The one row a key selects, or not_found naming `what`.
    template <typename T, typename RowFn>
    Result<T> one(const char* sql, const std::string& key, RowFn row, const std::string& what) {
        std::optional<T> found;
        ATTUNE_RETURN_IF_ERROR(on_connection([&](Connection& c) -> Status {
            auto r = c.query(sql, key);
            if (!r) return r.status();
            if (r->size() > 0) found = row((*r)[0]);
            return Status::ok();
        }));
        if (!found) return Status::not_found(what + " not found");
        return std::move(*found);
    }

    template <typename T, typename RowFn, typename... Args>
    Result<std::vector<T>> many(const char* sql, RowFn row, const Args&... args) {
        std::vector<T> out;
        ATTUNE_RETURN_IF_ERROR(on_connection([&](Connection& c) -> Status {
            auto r = c.query(sql, args...);
            if (!r) return r.status();
            out = all_rows<T>(*r, row);
            return Status::ok();
        }));
        return out;
    }

    Result<std::vector<std::string>> ids(const char* sql, const std::string& key) {
        return many<std::string>(sql, [](const Row& s) { return s.text(0); }, key);
    }

    // An UPDATE of one row by key; not_found naming `what` when no row matched.
    template <typename V>
    Status update_one(const char* sql, const std::string& key, const V& value,
                      const std::string& what) {
        return on_connection([&](Connection& c) -> Status {
            auto r = c.query(sql, key, value);
            if (!r) return r.status();
            return r->affected() == 0 ? Status::not_found(what + " not found") : Status::ok();
        });
    }

    template <typename K>
    Result<std::int64_t> count_changes(const char* sql, const K& key) {
        std::int64_t n = 0;
        ATTUNE_RETURN_IF_ERROR(on_connection([&](Connection& c) -> Status {
            auto r = c.query(sql, key);
            if (!r) return r.status();
            n = r->affected();
            return Status::ok();
        }));
        return n;
    }

    static Status require_user(Connection& c, const std::string& id) {
        auto r = c.query("SELECT 1 FROM users WHERE id = $1 FOR KEY SHARE", id);
        if (!r) return r.status();
        return r->size() > 0 ? Status::ok() : Status::not_found("no user has id '" + id + "'");
    }

    // Checked before each insert so that a wrong id is reported by name and a wrong role is
    // refused. The row lock (key share for an insert, update for an erase) makes the check
    // hold until COMMIT: an erase and an insert for the same patient run one after the other.
    static Status require_role(Connection& c, const std::string& id, Role role,
                               UserLock lock = UserLock::key_share) {
        auto r = c.query(lock == UserLock::update
                             ? "SELECT role FROM users WHERE id = $1 FOR UPDATE"
                             : "SELECT role FROM users WHERE id = $1 FOR KEY SHARE",
                         id);
        if (!r) return r.status();
        if (r->size() == 0)
            return Status::not_found("no " + std::string(role_name(role)) + " has id '" + id +
                                     "'");
        const std::string actual = (*r)[0].text(0);
        if (actual != role_name(role))
            return Status::invalid_argument("user '" + id + "' is a " + actual + ", not a " +
                                            std::string(role_name(role)));
        return Status::ok();
    }

    std::unique_ptr<Pool> pool_;
    GroupCommit<AuditedWrite> commits_{kMaxGroupCommit};  // audit appends, with their entries
};

// Brings the schema up to date in one transaction. The advisory lock makes a second server
// starting at the same moment wait until the first has committed, then find nothing to do; a
// crash mid-migration rolls back to the old schema.
Status migrate(Connection& c, const std::string& where) {
    ATTUNE_RETURN_IF_ERROR(c.exec(kReadCommitted));
    auto body = [&]() -> Status {
        ATTUNE_RETURN_IF_ERROR(c.query("SELECT " MIGRATION_LOCK).status());
        ATTUNE_RETURN_IF_ERROR(
            c.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                   "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                   "applied_at_ms BIGINT NOT NULL)"));
        auto r = c.query("SELECT coalesce(max(version), 0) FROM schema_migrations");
        if (!r) return r.status();
        const int current = (*r)[0].i32(0);
        const int latest = latest_schema_version();
        if (current > latest)
            return Status::unsupported(where + ": database schema version " +
                                       std::to_string(current) + " is newer than this build's " +
                                       std::to_string(latest) + "; use a newer Attune");
        for (const Migration& m : kMigrations) {
            if (m.version <= current) continue;
            ATTUNE_RETURN_IF_ERROR(c.exec(std::string(m.sql).c_str())
                                       .with_context("migration " + std::to_string(m.version)));
            // The one time the store reads a clock: when a step was applied is the database's
            // own bookkeeping, not data a caller supplies.
            ATTUNE_RETURN_IF_ERROR(
                c.query("INSERT INTO schema_migrations (version, name, applied_at_ms) "
                        "VALUES ($1, $2, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)",
                        m.version, m.name)
                    .status());
            log(LogLevel::info, where + ": applied schema migration " +
                                    std::to_string(m.version) + " (" + std::string(m.name) + ")");
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

Result<std::unique_ptr<Store>> open(const std::string& url, const Options& options) {
    const std::string where = redact_url(url);
    if (options.max_connections < 1)
        return Status::invalid_argument(where + ": max_connections must be >= 1, got " +
                                        std::to_string(options.max_connections));
    char* parse_error = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &parse_error);
    if (!parsed) {
        // libpq's reason can quote the part it could not read, which may be the password.
        std::string reason = parse_error ? parse_error : "out of memory";
        PQfreemem(parse_error);
        while (!reason.empty() && reason.back() == '\n') reason.pop_back();
        if (where != url) reason = "libpq's reason withheld, as it may quote the password";
        return Status::invalid_argument("store URL '" + where + "' is malformed: " + reason);
    }
    PQconninfoFree(parsed);

    auto pool = std::make_unique<Pool>(url, where, options.max_connections);
    auto c = pool->acquire();
    if (!c) return c.status();
    Status st = migrate(**c, where);
    pool->release(std::move(*c));
    if (!st) return st;
    return std::unique_ptr<Store>(new PostgresStore(std::move(pool)));
}

}  // namespace attune::store::postgres
