// SPDX-License-Identifier: Apache-2.0
// The Store suite on the PostgreSQL back end, plus what only a server has: several stores (as
// several servers) sharing one database, concurrent migrations, the connection pool, URL errors.
// Runs against the throwaway server that ctest starts around it (scripts/test-postgres.sh, the
// fixture in tests/CMakeLists.txt), each test in a database of its own; skips, saying why, when
// there is none.
#include <gtest/gtest.h>

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "store/postgres/postgres_store.hpp"
#include "store_suite.hpp"

namespace attune::store::test {
namespace {

// The throwaway server's URL, or why there is none.
struct TestServer {
    std::string url;
    std::string why_not;
};

const TestServer& test_server() {
    static const TestServer server = [] {
        TestServer s;
        const char* dir = std::getenv("ATTUNE_TEST_PG_DIR");
        if (!dir || !*dir) {
            s.why_not = "ATTUNE_TEST_PG_DIR is not set: run this test through ctest, which starts "
                        "a throwaway PostgreSQL server for it (scripts/test-postgres.sh)";
            return s;
        }
        std::ifstream url(std::string(dir) + "/url");
        if (std::getline(url, s.url) && !s.url.empty()) return s;
        std::ifstream unavailable(std::string(dir) + "/unavailable");
        if (!std::getline(unavailable, s.why_not))
            s.why_not = std::string("no test server in ") + dir +
                        " (start one with scripts/test-postgres.sh start " + dir + ")";
        return s;
    }();
    return server;
}

// `url` naming database `name` instead of its own.
std::string with_database(const std::string& url, const std::string& name) {
    const auto path = url.find('/', url.find("://") + 3);
    const auto query = url.find('?', path);
    return url.substr(0, path) + "/" + name +
           (query == std::string::npos ? std::string() : url.substr(query));
}

// Runs `sql` on a connection of its own, as another process would; the first column of the
// first row when there is one.
Result<std::string> run_sql(const std::string& url, const std::string& sql) {
    PGconn* conn = PQconnectdb(url.c_str());
    Result<std::string> out = Status::io_error(PQerrorMessage(conn));
    if (PQstatus(conn) == CONNECTION_OK) {
        PGresult* r = PQexec(conn, sql.c_str());
        const ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_TUPLES_OK && PQntuples(r) > 0)
            out = std::string(PQgetvalue(r, 0, 0));
        else if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
            out = std::string();
        else
            out = Status::io_error(PQresultErrorMessage(r));
        PQclear(r);
    }
    PQfinish(conn);
    return out;
}

// A fresh database on the test server for each test, dropped afterwards.
class PostgresBackend {
public:
    PostgresBackend() {
        // GTEST_SKIP and FAIL return a value, which a constructor cannot: they are called in a
        // lambda. They mark the test all the same, and gtest runs no test body after either.
        const TestServer& server = test_server();
        if (server.url.empty()) {
            [&] { GTEST_SKIP() << server.why_not; }();
            return;
        }
        static std::atomic<int> counter{0};
        std::string name = id("attune_test_", getpid());
        name += id("_", counter++);
        auto created = run_sql(server.url, "CREATE DATABASE " + name);
        if (!created) {
            [&] { FAIL() << name << ": " << created.status().message(); }();
            return;
        }
        name_ = name;
        url_ = with_database(server.url, name_);
    }
    ~PostgresBackend() {
        // FORCE: a writer the SIGKILL test killed may still hold a connection.
        if (!name_.empty())
            (void)run_sql(test_server().url, "DROP DATABASE " + name_ + " WITH (FORCE)");
    }

    std::string url() const { return url_; }
    std::string data_dir() const { return ""; }

    Status exec_raw(const std::string& sql) { return run_sql(url_, sql).status(); }

    int migration_rows() {
        auto n = run_sql(url_, "SELECT count(*) FROM schema_migrations");
        return n ? std::atoi(n->c_str()) : -1;
    }

    int latest_schema_version() { return postgres::latest_schema_version(); }

private:
    std::string name_;
    std::string url_;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, StoreSuite, ::testing::Types<PostgresBackend>);

namespace {

class PostgresStore : public ::testing::Test {
protected:
    std::unique_ptr<Store> open() {
        auto s = open_store(backend_.url(), "");
        EXPECT_TRUE(s.is_ok()) << s.status().to_string();
        return s.is_ok() ? std::move(*s) : nullptr;
    }

    PostgresBackend backend_;
};

// Issue #4: several stateless servers share one database, and the audit log must stay one
// chain. Two stores stand for two servers: each has its own connections.
TEST_F(PostgresStore, TwoServersAppendingAuditRowsFormOneChain) {
    auto a = open();
    auto b = open();
    ASSERT_TRUE(a && b);
    constexpr int kThreadsPerServer = 4, kPerThread = 50;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (Store* s : {a.get(), b.get()})
        for (int t = 0; t < kThreadsPerServer; ++t)
            threads.emplace_back([&, s, t] {
                for (int i = 0; i < kPerThread; ++i)
                    if (!s->append_audit({i, id("u", t), "journal.read", "p1", "ok"}, test_hash))
                        ++failures;
            });
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);

    auto log = a->audit_log(1, 10000);
    ASSERT_TRUE(log) << log.status().to_string();
    ASSERT_EQ(log->size(), static_cast<std::size_t>(2 * kThreadsPerServer * kPerThread));
    for (std::size_t i = 0; i < log->size(); ++i) {
        const auto& r = (*log)[i];
        ASSERT_EQ(r.seq, static_cast<std::int64_t>(i + 1));
        ASSERT_EQ(r.prev_hash, i == 0 ? std::string() : (*log)[i - 1].hash) << "seq " << r.seq;
        ASSERT_EQ(r.hash, test_hash(r.seq, r.entry, r.prev_hash)) << "seq " << r.seq;
    }
}

TEST_F(PostgresStore, ServersStartingTogetherMigrateOnce) {
    constexpr int kServers = 4;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kServers; ++t)
        threads.emplace_back([&] {
            auto s = open_store(backend_.url(), "");
            if (!s || *(*s)->schema_version() != postgres::latest_schema_version()) ++failures;
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(backend_.migration_rows(), postgres::latest_schema_version());
}

TEST_F(PostgresStore, PostgresSchemeIsAcceptedToo) {
    const std::string url = backend_.url();
    ASSERT_TRUE(url.starts_with("postgresql://"));
    auto s = open_store("postgres://" + url.substr(std::string_view("postgresql://").size()), "");
    ASSERT_TRUE(s) << s.status().to_string();
    EXPECT_EQ((*s)->backend(), "postgresql");
}

TEST_F(PostgresStore, AuditLogRefusesTruncate) {
    auto s = open();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->append_audit({1, "u1", "a", "s", "ok"}, test_hash));
    EXPECT_FALSE(backend_.exec_raw("TRUNCATE audit_log"));
    EXPECT_EQ(s->audit_log(1, 10)->size(), 1u);
}

TEST_F(PostgresStore, EightThreadsShareTwoConnections) {
    { ASSERT_TRUE(open()); }  // migrated
    auto opened = postgres::open(backend_.url(), {.max_connections = 2});
    ASSERT_TRUE(opened) << opened.status().to_string();
    Store& s = **opened;
    ASSERT_TRUE(s.create_user(make_user("p1", Role::patient)));
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 20; ++i)
                if (!s.add_journal_entry(make_entry(id(id("t", t) + "-", i), "p1", i)))
                    ++failures;
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(s.journal_entries("p1", {INT64_MIN, INT64_MAX, 1000})->size(), 160u);
    EXPECT_EQ(postgres::open(backend_.url(), {.max_connections = 0}).status().code(),
              StatusCode::invalid_argument);
}

// A server restart or an idle timeout closes the pool's idle connections: the next call must
// notice and connect afresh instead of failing.
TEST_F(PostgresStore, IdleConnectionsTheServerClosedAreReplaced) {
    auto s = open();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->create_user(make_user("p1", Role::patient)));
    auto killed = run_sql(backend_.url(),
                          "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                          "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    ASSERT_TRUE(killed) << killed.status().to_string();
    ASSERT_EQ(*killed, "1");
    auto got = s->get_user("p1");
    EXPECT_TRUE(got) << got.status().to_string();
}

// Keys and names sort byte for byte (COLLATE "C"), as in SQLite, whatever the server's locale;
// text with an embedded NUL is refused, not cut short.
TEST_F(PostgresStore, TextIsComparedByteForByteAndNeverTruncated) {
    auto s = open();
    ASSERT_TRUE(s);
    for (const char* name : {"\xc3\x89zra", "alice", "Zed", "bob"})
        ASSERT_TRUE(s->create_user(make_user(name, Role::patient)));
    auto users = s->list_users();
    ASSERT_TRUE(users);
    std::vector<std::string> order;
    for (const auto& u : *users) order.push_back(u.id);
    EXPECT_EQ(order, (std::vector<std::string>{"Zed", "alice", "bob", "\xc3\x89zra"}));

    Status nul = s->create_user(make_user(std::string("eve\0evil", 8), Role::patient));
    EXPECT_EQ(nul.code(), StatusCode::invalid_argument) << nul.to_string();
    EXPECT_EQ(s->get_user("eve").status().code(), StatusCode::not_found);
}

TEST_F(PostgresStore, IntegrityCheckRunsAmcheckWhenInstalled) {
    auto s = open();
    ASSERT_TRUE(s);
    Status amcheck = backend_.exec_raw("CREATE EXTENSION amcheck");
    if (!amcheck) GTEST_SKIP() << "amcheck is not available: " << amcheck.message();
    ASSERT_TRUE(s->create_user(make_user("p1", Role::patient)));
    ASSERT_TRUE(s->add_journal_entry(make_entry("e1", "p1", 1)));
    Status st = s->check_integrity();
    EXPECT_TRUE(st) << st.to_string();
}

TEST_F(PostgresStore, MissingDatabaseIsIoErrorNamingIt) {
    auto s = open_store(with_database(backend_.url(), "attune_no_such_db"), "");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.status().code(), StatusCode::io_error);
    EXPECT_NE(s.status().message().find("attune_no_such_db"), std::string::npos)
        << s.status().message();
}

// These need no server.

TEST(PostgresUrl, UnreachableServerIsIoErrorNamingTheUrlWithoutItsPassword) {
    // Port 1 on the loopback: refused at once.
    auto s = open_store("postgresql://attune:s3cret@127.0.0.1:1/attune", "");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.status().code(), StatusCode::io_error);
    const std::string m = s.status().message();
    EXPECT_NE(m.find("postgresql://attune:***@127.0.0.1:1/attune"), std::string::npos) << m;
    EXPECT_EQ(m.find("s3cret"), std::string::npos) << m;

    auto q = open_store("postgres://127.0.0.1:1/attune?user=a&password=s3cret", "");
    ASSERT_FALSE(q);
    EXPECT_NE(q.status().message().find("password=***"), std::string::npos) << q.status().message();
    EXPECT_EQ(q.status().message().find("s3cret"), std::string::npos) << q.status().message();
}

TEST(PostgresUrl, MalformedUrlIsInvalidArgumentAndKeepsThePasswordHidden) {
    auto s = open_store("postgresql://127.0.0.1:1/attune?no_such_option=1", "");
    ASSERT_FALSE(s);
    EXPECT_EQ(s.status().code(), StatusCode::invalid_argument);
    EXPECT_NE(s.status().message().find("no_such_option"), std::string::npos)
        << s.status().message();
    // libpq's reason would quote the bad percent-encoding, inside the password.
    auto p = open_store("postgresql://attune:s3%zzcret@127.0.0.1:1/attune", "");
    ASSERT_FALSE(p);
    EXPECT_EQ(p.status().code(), StatusCode::invalid_argument);
    EXPECT_EQ(p.status().message().find("%zz"), std::string::npos) << p.status().message();
}

}  // namespace
}  // namespace attune::store::test
