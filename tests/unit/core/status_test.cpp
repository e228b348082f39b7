// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <fstream>

#include <attune/core.hpp>

#include "support/paths.hpp"

namespace attune {
namespace {

TEST(Status, OkByDefault) {
    Status s;
    EXPECT_TRUE(s.is_ok());
    EXPECT_EQ(s.to_string(), "ok");
}

TEST(Status, CarriesCodeMessageAndContext) {
    Status s = Status::invalid_argument("invalid UTF-8 at byte 7").with_context("line 3");
    EXPECT_FALSE(s.is_ok());
    EXPECT_EQ(s.code(), StatusCode::invalid_argument);
    EXPECT_EQ(s.to_string(), "invalid_argument: line 3: invalid UTF-8 at byte 7");
}

TEST(Status, FailedPreconditionIsNamed) {
    const Status s = Status::failed_precondition("no suggestion during a crisis");
    EXPECT_EQ(s.code(), StatusCode::failed_precondition);
    EXPECT_EQ(s.to_string(), "failed_precondition: no suggestion during a crisis");
}

TEST(Result, HoldsValueOrStatus) {
    Result<int> good = 42;
    ASSERT_TRUE(good.is_ok());
    EXPECT_EQ(*good, 42);
    EXPECT_TRUE(good.status().is_ok());

    Result<int> bad = Status::not_found("no such model");
    ASSERT_FALSE(bad.is_ok());
    EXPECT_EQ(bad.status().code(), StatusCode::not_found);
}

TEST(Result, OkStatusIsNotAValue) {
    Result<int> r = Status::ok();
    EXPECT_FALSE(r.is_ok());
    EXPECT_EQ(r.status().code(), StatusCode::internal);
}

TEST(ResultDeathTest, ValueOfErrorAbortsWithTheStatus) {
    Result<int> bad = Status::io_error("disk gone");
    EXPECT_DEATH((void)bad.value(), "disk gone");
}

TEST(Log, SinkReceivesMessagesAndCanBeRemoved) {
    std::vector<std::string> seen;
    set_log_sink([&](LogLevel, std::string_view m) { seen.emplace_back(m); });
    log(LogLevel::info, "hello");
    set_log_sink({});
    log(LogLevel::info, "dropped");
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0], "hello");
}

TEST(ResolveModelFile, ListsEveryPlaceTried) {
    auto r = resolve_model_file("no-such-model.atm", {"/nonexistent/a", "/nonexistent/b"});
    ASSERT_FALSE(r.is_ok());
    EXPECT_EQ(r.status().code(), StatusCode::not_found);
    EXPECT_NE(r.status().message().find("/nonexistent/a/no-such-model.atm"), std::string::npos);
    EXPECT_NE(r.status().message().find("/nonexistent/b/no-such-model.atm"), std::string::npos);
}

TEST(ResolveModelFile, CallerThenEnvironmentThenFallbacks) {
    test::TempDir caller, env, fallback;
    for (const auto* d : {&env, &fallback}) std::ofstream(d->path() + "/m.atm") << "x";
    setenv("ATTUNE_MODEL_DIR", env.path().c_str(), 1);
    auto r = resolve_model_file("m.atm", {caller.path()}, {fallback.path()});
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    EXPECT_EQ(*r, env.path() + "/m.atm");
    std::ofstream(caller.path() + "/m.atm") << "x";
    EXPECT_EQ(*resolve_model_file("m.atm", {caller.path()}, {fallback.path()}), caller.path() + "/m.atm");
    unsetenv("ATTUNE_MODEL_DIR");
    EXPECT_EQ(*resolve_model_file("m.atm", {}, {fallback.path()}), fallback.path() + "/m.atm");
}

}  // namespace
}  // namespace attune
