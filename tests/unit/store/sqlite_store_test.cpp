// SPDX-License-Identifier: Apache-2.0
// The Store suite on the SQLite back end, plus what only SQLite has: store URLs naming files,
// the synchronous option, the WAL file.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "store/sqlite/sqlite_store.hpp"
#include "store_suite.hpp"
#include "support/paths.hpp"

namespace attune::store::test {
namespace {

class SqliteBackend {
public:
    std::string path() const { return dir_.path() + "/attune.db"; }
    std::string url() const { return "sqlite://" + path(); }
    std::string data_dir() const { return dir_.path(); }

    // A second connection of its own, as another process would have.
    Status exec_raw(const std::string& sql) {
        sqlite3* db = nullptr;
        int rc = sqlite3_open(path().c_str(), &db);
        if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
        Status st = rc == SQLITE_OK ? Status::ok() : Status::io_error(sqlite3_errmsg(db));
        sqlite3_close(db);
        return st;
    }

    int migration_rows() {
        sqlite3* db = nullptr;
        sqlite3_open(path().c_str(), &db);
        sqlite3_stmt* stmt = nullptr;
        sqlite3_prepare_v2(db, "SELECT count(*) FROM schema_migrations", -1, &stmt, nullptr);
        const int n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
        sqlite3_finalize(stmt);
        sqlite3_close(db);
        return n;
    }

    int latest_schema_version() { return sqlite::latest_schema_version(); }

private:
    attune::test::TempDir dir_;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, StoreSuite, ::testing::Types<SqliteBackend>);

namespace {

TEST(StoreUrl, SqliteDefaultIsAttuneDbInTheDataDir) {
    attune::test::TempDir dir;
    auto s = open_store("sqlite:", dir.path());
    ASSERT_TRUE(s) << s.status().to_string();
    EXPECT_EQ((*s)->backend(), "sqlite");
    EXPECT_TRUE(std::filesystem::exists(dir.path() + "/attune.db"));
    ASSERT_TRUE((*s)->create_user(make_user("u1", Role::admin)));
    // WAL: commits go to the -wal file first.
    EXPECT_TRUE(std::filesystem::exists(dir.path() + "/attune.db-wal"));
}

TEST(StoreUrl, SqliteAbsolutePathAndSynchronousOption) {
    attune::test::TempDir dir;
    for (const char* q : {"", "?synchronous=normal", "?synchronous=full"}) {
        const std::string url = "sqlite://" + dir.path() + "/x.db" + q;
        auto s = open_store(url, "");
        ASSERT_TRUE(s) << url << ": " << s.status().to_string();
    }
    EXPECT_TRUE(std::filesystem::exists(dir.path() + "/x.db"));
    auto bad = open_store("sqlite://" + dir.path() + "/x.db?synchronous=off", "");
    EXPECT_EQ(bad.status().code(), StatusCode::invalid_argument);
    EXPECT_NE(bad.status().message().find("'off'"), std::string::npos);
    auto unknown = open_store("sqlite://" + dir.path() + "/x.db?cache=big", "");
    EXPECT_NE(unknown.status().message().find("'cache'"), std::string::npos);
}

TEST(StoreUrl, MalformedOrMissingPlacesAreNamed) {
    attune::test::TempDir dir;
    auto no_dir = open_store("sqlite:", "");
    EXPECT_EQ(no_dir.status().code(), StatusCode::invalid_argument);
    auto relative = open_store("sqlite:attune.db", dir.path());
    EXPECT_EQ(relative.status().code(), StatusCode::invalid_argument);
    EXPECT_NE(relative.status().message().find("sqlite:///"), std::string::npos);
    auto missing = open_store("sqlite://" + dir.path() + "/no/such/dir/a.db", "");
    EXPECT_EQ(missing.status().code(), StatusCode::invalid_argument);
    EXPECT_NE(missing.status().message().find("/no/such/dir"), std::string::npos);
    auto other = open_store("mysql://db/attune", "");
    EXPECT_EQ(other.status().code(), StatusCode::invalid_argument);
}

// Opening PostgreSQL URLs is tested in postgres_store_test.cpp.
TEST(StoreUrl, RedactUrlHidesPasswords) {
    EXPECT_EQ(redact_url("postgresql://attune:s3cret@db.clinic:5432/attune"),
              "postgresql://attune:***@db.clinic:5432/attune");
    EXPECT_EQ(redact_url("postgresql://h/db?user=a&password=p1&sslmode=require"),
              "postgresql://h/db?user=a&password=***&sslmode=require");
    EXPECT_EQ(redact_url("postgresql://user@h/db"), "postgresql://user@h/db");
}

TEST(StoreUrl, RoleNamesRoundTrip) {
    for (Role r : {Role::patient, Role::clinician, Role::admin})
        EXPECT_EQ(*parse_role(role_name(r)), r);
    EXPECT_EQ(parse_role("Patient").status().code(), StatusCode::invalid_argument);
}

TEST(SqliteStore, NotADatabaseIsCorruptNamingTheFile) {
    attune::test::TempDir dir;
    {
        std::ofstream f(dir.path() + "/attune.db");
        f << std::string(4096, 'x');
    }
    auto s = open_store("sqlite:", dir.path());
    ASSERT_FALSE(s);
    EXPECT_EQ(s.status().code(), StatusCode::corrupt);
    EXPECT_NE(s.status().message().find("attune.db"), std::string::npos) << s.status().message();
}

}  // namespace
}  // namespace attune::store::test
