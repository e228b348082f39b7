// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <attune/privacy.hpp>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/paths.hpp"

namespace attune::privacy {
namespace {

using namespace std::chrono_literals;

// A clock that starts at 2024-05-01T09:30:00Z and advances 1.5 s per call.
AuditLog::Clock fake_clock() {
    auto t = std::make_shared<std::chrono::system_clock::time_point>(
        std::chrono::sys_days{std::chrono::year{2024} / 5 / 1} + 9h + 30min);
    return [t] {
        const auto now = *t;
        *t += 1500ms;
        return now;
    };
}

std::vector<std::string> lines_of(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

void write_lines(const std::string& path, const std::vector<std::string>& lines) {
    std::ofstream out(path, std::ios::trunc);
    for (const auto& l : lines) out << l << "\n";
}

// A log at `path` with n records, closed again.
void write_log(const std::string& path, int n) {
    auto log = AuditLog::open(path, fake_clock());
    ASSERT_TRUE(log.is_ok()) << log.status().to_string();
    for (int i = 0; i < n; ++i)
        ASSERT_TRUE(
            (*log)
                ->append("user:3", "journal.read", "patient:42/journal:" + std::to_string(i), "ok")
                .is_ok());
}

TEST(AuditLog, AppendsRecordsAsJsonLinesWithTheInjectedTime) {
    test::TempDir dir;
    const std::string path = dir.path() + "/audit.log";
    auto log = AuditLog::open(path, fake_clock());
    ASSERT_TRUE(log.is_ok()) << log.status().to_string();
    auto first = (*log)->append("user:3", "journal.read", "patient:42/journal:7", "ok");
    ASSERT_TRUE(first.is_ok()) << first.status().to_string();
    EXPECT_EQ(first->seq, 1u);
    EXPECT_EQ(first->time_utc, "2024-05-01T09:30:00.000Z");
    auto second = (*log)->append("user:4", "patient.erase", "patient:42", "denied");
    ASSERT_TRUE(second.is_ok());
    EXPECT_EQ(second->time_utc, "2024-05-01T09:30:01.500Z");
    EXPECT_EQ(second->prev_hash, first->hash);

    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    const auto lines = lines_of(path);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(
        lines[0].rfind("{\"seq\":1,\"time\":\"2024-05-01T09:30:00.000Z\",\"actor\":\"user:3\"", 0),
        0u)
        << lines[0];
    auto all = (*log)->read_all();
    ASSERT_TRUE(all.is_ok()) << all.status().to_string();
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[1].hash, second->hash);
    EXPECT_EQ((*all)[1].outcome, "denied");
    EXPECT_TRUE(verify_file(path).is_ok()) << verify_file(path).to_string();
}

TEST(AuditLog, ReopeningContinuesTheChain) {
    test::TempDir dir;
    const std::string path = dir.path() + "/audit.log";
    write_log(path, 3);
    auto log = AuditLog::open(path, fake_clock());
    ASSERT_TRUE(log.is_ok()) << log.status().to_string();
    auto r = (*log)->append("system", "backup", "all", "ok");
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r->seq, 4u);
    EXPECT_TRUE(verify_file(path).is_ok()) << verify_file(path).to_string();
}

TEST(AuditLog, SecondWriterIsRefused) {
    test::TempDir dir;
    const std::string path = dir.path() + "/audit.log";
    auto first = AuditLog::open(path);
    ASSERT_TRUE(first.is_ok());
    auto second = AuditLog::open(path);
    ASSERT_FALSE(second.is_ok());
    EXPECT_EQ(second.status().code(), StatusCode::io_error);
    first->reset();
    EXPECT_TRUE(AuditLog::open(path).is_ok()) << "the lock goes with the log";
}

TEST(AuditLog, VerifyNamesTheFirstAlteredLine) {
    test::TempDir dir;
    const std::string path = dir.path() + "/audit.log";
    write_log(path, 5);
    auto lines = lines_of(path);
    const auto at = lines[2].find("\"ok\"");
    ASSERT_NE(at, std::string::npos);
    lines[2].replace(at, 4, "\"no\"");
    write_lines(path, lines);
    const Status st = verify_file(path);
    EXPECT_EQ(st.code(), StatusCode::corrupt);
    EXPECT_NE(st.message().find(path + ":3: "), std::string::npos) << st.message();
    EXPECT_EQ(AuditLog::open(path).status().code(), StatusCode::corrupt)
        << "a broken chain must not be extended";
}

TEST(AuditLog, VerifyNamesWhereALineWasDeletedOrMoved) {
    test::TempDir dir;
    const std::string path = dir.path() + "/audit.log";
    write_log(path, 5);
    const auto lines = lines_of(path);

    auto deleted = lines;
    deleted.erase(deleted.begin() + 1);
    write_lines(path, deleted);
    EXPECT_NE(verify_file(path).message().find(path + ":2: seq 3 follows seq 1"), std::string::npos)
        << verify_file(path).message();

    auto moved = lines;
    std::swap(moved[3], moved[4]);
    write_lines(path, moved);
    EXPECT_NE(verify_file(path).message().find(path + ":4: "), std::string::npos)
        << verify_file(path).message();
}

TEST(AuditLog, TornOrForeignLinesAreCorrupt) {
    test::TempDir dir;
    const std::string path = dir.path() + "/audit.log";
    write_log(path, 2);
    { std::ofstream(path, std::ios::app) << "{\"seq\":3,\"ti"; }
    EXPECT_NE(verify_file(path).message().find(":3: the last line is torn"), std::string::npos)
        << verify_file(path).message();

    auto lines = lines_of(path);
    lines[2] = "not json";
    write_lines(path, lines);
    EXPECT_NE(verify_file(path).message().find(":3: not an audit record"), std::string::npos)
        << verify_file(path).message();
    lines.pop_back();
    lines[1].replace(lines[1].find("\"seq\":2"), 7, "\"seq\":-2");
    write_lines(path, lines);
    EXPECT_NE(verify_file(path).message().find(":2: not an audit record: seq"), std::string::npos)
        << verify_file(path).message();
    EXPECT_EQ(verify_file(path).code(), StatusCode::corrupt);
    EXPECT_EQ(verify_file(dir.path() + "/missing.log").code(), StatusCode::not_found);
}

TEST(AuditLog, InvalidUtf8IsRefusedAndTheChainGoesOn) {
    test::TempDir dir;
    const std::string path = dir.path() + "/audit.log";
    auto log = AuditLog::open(path, fake_clock());
    ASSERT_TRUE(log.is_ok());
    EXPECT_EQ((*log)->append("user:\xff", "read", "patient:1", "ok").status().code(),
              StatusCode::invalid_argument);
    auto r = (*log)->append("user:1", "read", "patient:1", "ok");
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r->seq, 1u);
    EXPECT_TRUE(verify_file(path).is_ok()) << verify_file(path).to_string();
}

TEST(AuditLog, ConcurrentAppendsFormOneValidChain) {
    test::TempDir dir;
    const std::string path = dir.path() + "/audit.log";
    auto log = AuditLog::open(path);
    ASSERT_TRUE(log.is_ok());
    constexpr int kThreads = 4;
    constexpr int kEach = 25;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i)
                EXPECT_TRUE((*log)
                                ->append("user:" + std::to_string(t), "journal.write",
                                         "patient:" + std::to_string(i), "ok")
                                .is_ok());
        });
    for (auto& th : threads) th.join();
    auto all = (*log)->read_all();
    ASSERT_TRUE(all.is_ok()) << all.status().to_string();
    ASSERT_EQ(all->size(), static_cast<std::size_t>(kThreads * kEach));
    EXPECT_FALSE(verify_chain(*all).has_value());
    EXPECT_EQ(all->back().seq, static_cast<std::uint64_t>(kThreads * kEach));
    EXPECT_TRUE(verify_file(path).is_ok()) << verify_file(path).to_string();
}

TEST(FormatUtc, MillisecondsAndZuluSuffix) {
    const auto t = std::chrono::sys_days{std::chrono::year{2024} / 5 / 1} + 9h + 30min + 123ms;
    EXPECT_EQ(format_utc(t), "2024-05-01T09:30:00.123Z");
}

}  // namespace
}  // namespace attune::privacy
