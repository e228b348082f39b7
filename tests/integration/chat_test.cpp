// SPDX-License-Identifier: Apache-2.0
// `attune chat` from the outside: golden transcripts of every exercise from start to end
// (tests/fixtures/chat/NAME.txt played with --script --jsonl, compared with NAME.golden.jsonl),
// including people who go off-script, answer out of range, ask an aside, stop, or leave and come
// back the next day; and the command's bad inputs.
//
// A golden file holds, per reply, the fields a reviewer reads: line, intent, exercise, step,
// escalated, level and the reply itself. After a deliberate change of wording, regenerate them
// with ATTUNE_UPDATE_GOLDEN=1 ctest -R chat_test and read the diff before committing it.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/paths.hpp"
#include "support/run.hpp"

namespace attune {
namespace {

const std::string kFixtures = test::source_dir() + "/tests/fixtures/chat";

std::string chat(const std::string& args) { return test::cli() + " chat " + args; }

nlohmann::ordered_json golden_fields(const nlohmann::json& reply) {
    nlohmann::ordered_json g;
    g["line"] = reply.at("line");
    g["intent"] = reply.at("intent");
    g["exercise"] = reply.at("exercise");
    g["step"] = reply.at("step");
    g["escalated"] = reply.at("safety").at("escalated");
    g["level"] = reply.at("safety").at("level");
    g["reply"] = reply.at("reply");
    return g;
}

class GoldenTranscript : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTranscript, MatchesTheReviewedTranscript) {
    const std::string name = GetParam();
    const auto r = test::run(chat("--script " + kFixtures + "/" + name +
                                  ".txt --jsonl --start 2026-01-05T09:00:00Z --seed 1"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string got;
    for (const auto& line : test::lines(r.out)) {
        const auto reply = nlohmann::json::parse(line);
        // The contract of every line, whatever the transcript.
        for (const char* key : {"reply", "technique", "step", "safety"})
            ASSERT_TRUE(reply.contains(key)) << key << " missing in " << line;
        for (const char* key : {"level", "escalated", "resources"})
            ASSERT_TRUE(reply["safety"].contains(key)) << key << " missing in " << line;
        EXPECT_FALSE(reply["safety"]["resources"].empty());
        got += golden_fields(reply).dump() + "\n";
    }
    const std::string path = kFixtures + "/" + name + ".golden.jsonl";
    if (const char* update = std::getenv("ATTUNE_UPDATE_GOLDEN"); update && *update == '1') {
        std::ofstream(path, std::ios::binary) << got;
        GTEST_SKIP() << "rewrote " << path;
    }
    const auto want = test::read_all(path);
    ASSERT_FALSE(want.empty()) << path << " is missing: run with ATTUNE_UPDATE_GOLDEN=1 and review it";
    const auto want_lines = test::lines(want), got_lines = test::lines(got);
    for (std::size_t i = 0; i < std::max(want_lines.size(), got_lines.size()); ++i) {
        const auto w = i < want_lines.size() ? want_lines[i] : "(none)";
        const auto g = i < got_lines.size() ? got_lines[i] : "(none)";
        EXPECT_EQ(g, w) << name << " reply " << i + 1;
    }
}

INSTANTIATE_TEST_SUITE_P(Exercises, GoldenTranscript,
                         ::testing::Values("thought_record", "cognitive_restructuring",
                                           "behavioural_activation", "box_breathing",
                                           "breathing_478", "grounding_54321",
                                           "self_compassion_break", "sleep_hygiene", "worry_time",
                                           "gratitude"));

TEST(GoldenTranscript, EveryExerciseHasATranscriptThatEndsIt) {
    // Each exercise's transcript starts it and reaches its end (an outcome that is completed).
    for (const auto& entry : std::filesystem::directory_iterator(test::source_dir() + "/data/exercises")) {
        if (entry.path().extension() != ".exercise") continue;
        const auto id = entry.path().stem().string();
        const auto script = kFixtures + "/" + id + ".txt";
        ASSERT_TRUE(std::filesystem::exists(script)) << "no golden transcript for " << id;
        const auto r = test::run(chat("--script " + script + " --jsonl --start 2026-01-05T09:00:00Z --seed 1"));
        bool started = false, ended = false;
        for (const auto& line : test::lines(r.out)) {
            const auto reply = nlohmann::json::parse(line);
            if (reply["exercise"] == id) started = true;
            if (reply.contains("outcome") && reply["outcome"]["exercise"] == id &&
                (reply["outcome"]["completed"] == true || reply["safety"]["escalated"] == true))
                ended = true;
        }
        EXPECT_TRUE(started) << id;
        EXPECT_TRUE(ended) << id;
    }
}

TEST(CliChat, ScriptFromStdinPrintsOneObjectPerMessage) {
    const auto r = test::run(chat("--script - --jsonl --start 2026-01-05T09:00:00Z"),
                             "hello\n# a comment\n\nbox breathing\n5\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto lines = test::lines(r.out);
    ASSERT_EQ(lines.size(), 3u);
    const auto last = nlohmann::json::parse(lines[2]);
    EXPECT_EQ(last["technique"], "paced_breathing");
    EXPECT_EQ(last["step"], "intro");
    EXPECT_EQ(last["line"], 5);
}

// A population prior file (as `attune train bandit-prior` writes it) starts the exercise choice;
// a broken one is refused, naming the file.
TEST(CliChat, BanditPriorFileIsUsedAndABadOneNamed) {
    test::TempDir dir;
    nlohmann::json prior = {{"version", 1},
                            {"features", {"bias", "valence", "arousal", "hour_sin", "hour_cos",
                                          "sleep", "sleep_known", "activity", "activity_known",
                                          "mood", "mood_known"}},
                            {"people", 12},
                            {"rewards", 140},
                            {"prior_variance", 0.005},
                            {"noise_variance", 0.03},
                            {"mean", {{"box_breathing", std::vector<double>(11, 0.0)}}}};
    prior["mean"]["box_breathing"][0] = 0.25;
    const std::string file = dir.path() + "/bandit_prior.json";
    std::ofstream(file) << prior.dump();
    auto r = test::run(chat("--script - --jsonl --bandit-prior " + file), "box breathing\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(test::lines(r.out).at(0));
    EXPECT_EQ(j["decision"]["why_numbers"]["prior_people"], 12) << j.dump();
    prior.erase("noise_variance");
    std::ofstream(file) << prior.dump();
    r = test::run(chat("--script - --jsonl --bandit-prior " + file), "box breathing\n");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find(file + ": noise_variance: missing"), std::string::npos) << r.err;
}

TEST(CliChat, CrisisLineEscalatesWithResources) {
    const auto r = test::run(chat("--script - --jsonl --locale en-GB"), "i want to kms\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(test::lines(r.out).at(0));
    EXPECT_EQ(j["safety"]["escalated"], true);
    EXPECT_EQ(j["safety"]["level"], "active");
    EXPECT_NE(j["safety"]["resources"].dump().find("116 123"), std::string::npos);
}

TEST(CliChat, BadInputsAreNamed) {
    auto r = test::run(chat("--script /nonexistent/x.txt --jsonl"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("/nonexistent/x.txt"), std::string::npos);
    r = test::run(chat("--jsonl"));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--script"), std::string::npos);
    r = test::run(chat("--script - --start yesterday"));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--start"), std::string::npos);
    r = test::run(chat("--script - --jsonl"), "@wait soon\n");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find(":1:"), std::string::npos);
    // A line that is not UTF-8 is reported by number; the others are answered.
    r = test::run(chat("--script - --jsonl"), "hello\nbad \xff\nbox breathing\n");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find(":2:"), std::string::npos);
    EXPECT_EQ(test::lines(r.out).size(), 3u);
}

TEST(CliChat, ProfileIsEncryptedAndKeepsTheConversation) {
    test::TempDir dir;
    const auto profile = " --profile " + dir.path();
    auto r = test::run(chat("--script - --jsonl" + profile), "thought record\n4\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto bytes = test::read_all(dir.path() + "/companion.profile");
    ASSERT_FALSE(bytes.empty());
    EXPECT_EQ(bytes.find("thought_record"), std::string::npos) << "the profile is not encrypted";
    EXPECT_EQ(std::filesystem::status(dir.path() + "/companion.key").permissions() &
                  std::filesystem::perms::group_all,
              std::filesystem::perms::none);
    // The next run carries on where the conversation was.
    r = test::run(chat("--script - --jsonl" + profile), "At work my boss ignored me\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(test::lines(r.out).at(0))["step"], "thought");
    // A safety plan is stored and shown.
    std::ofstream(dir.path() + "/plan.json") << R"({"coping_strategies":["music"]})";
    r = test::run(chat("--plan " + dir.path() + "/plan.json --show-plan" + profile));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("music"), std::string::npos);
    std::ofstream(dir.path() + "/bad.json") << R"({"coping":["music"]})";
    r = test::run(chat("--plan " + dir.path() + "/bad.json --show-plan" + profile));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("coping"), std::string::npos);
}

}  // namespace
}  // namespace attune
