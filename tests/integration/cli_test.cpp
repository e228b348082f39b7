// SPDX-License-Identifier: Apache-2.0
// The attune CLI black-box: what a user or a script sees.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include <attune/text.hpp>

#include "support/run.hpp"

namespace attune {
namespace {

using test::lines;
using test::run;

std::string attune_cmd(const std::string& args) { return test::cli() + " " + args; }

TEST(CliText, JsonlHasOneObjectPerLineInOrderWithEveryField) {
    auto r = run(attune_cmd("text --jsonl"), "I love my family\n\nI am so scared :(\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto out = lines(r.out);
    ASSERT_EQ(out.size(), 3u);
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto j = nlohmann::json::parse(out[i]);
        EXPECT_EQ(j["line"], i + 1);
        for (const char* f : {"sentiment", "emotions", "labels", "ekman", "vad", "explanation"})
            EXPECT_TRUE(j.contains(f)) << "line " << i + 1 << " lacks " << f;
        for (const char* f : {"compound", "positive", "neutral", "negative"}) EXPECT_TRUE(j["sentiment"].contains(f));
        EXPECT_EQ(j["emotions"].size(), 28u);
        for (auto name : text::emotion_names()) EXPECT_TRUE(j["emotions"].contains(std::string(name))) << name;
        for (auto name : text::ekman_names()) EXPECT_TRUE(j["ekman"].contains(std::string(name))) << name;
        for (const char* f : {"valence", "arousal", "dominance"}) EXPECT_TRUE(j["vad"].contains(f));
        EXPECT_TRUE(j["labels"].is_array());
    }
    EXPECT_GT(nlohmann::json::parse(out[0])["sentiment"]["compound"].get<double>(), 0.3);
    EXPECT_EQ(nlohmann::json::parse(out[1])["sentiment"]["compound"].get<double>(), 0.0);  // empty line
    EXPECT_LT(nlohmann::json::parse(out[2])["sentiment"]["compound"].get<double>(), -0.3);
}

TEST(CliText, InvalidUtf8LineIsReportedAndTheOthersAreAnalysed) {
    auto r = run(attune_cmd("text --jsonl -"), "good day\nbad \xff byte\ncalm evening\n");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("UTF-8"), std::string::npos) << r.err;
    auto out = lines(r.out);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_TRUE(nlohmann::json::parse(out[0]).contains("sentiment"));
    auto bad = nlohmann::json::parse(out[1]);
    EXPECT_EQ(bad["line"], 2);
    EXPECT_TRUE(bad.contains("error"));
    EXPECT_TRUE(nlohmann::json::parse(out[2]).contains("sentiment"));
}

TEST(CliText, ReadsAFileAndPrintsATable) {
    auto r = run(attune_cmd("text " + test::source_dir() + "/samples/journal.txt"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto out = lines(r.out);
    ASSERT_GE(out.size(), 4u);
    EXPECT_NE(out[0].find("compound"), std::string::npos);
    EXPECT_NE(out[0].find("emotions"), std::string::npos);
}

TEST(CliText, CrlfLineEndingsAreStripped) {
    auto r = run(attune_cmd("text --jsonl"), "so happy\r\nso sad\r\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(lines(r.out).size(), 2u);
}

TEST(CliText, LongEntryIsAnalysed) {
    std::string entry;
    for (int i = 0; i < 1000; ++i) entry += "I walked and worried. ";
    auto r = run(attune_cmd("text --jsonl"), entry + "\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(lines(r.out).at(0));
    EXPECT_GE(j["words"].get<int>(), 4000);
}

TEST(CliText, MissingInputFileExitsOneAndSaysWhich) {
    auto r = run(attune_cmd("text /nonexistent/journal.txt"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("/nonexistent/journal.txt"), std::string::npos) << r.err;
}

TEST(CliText, DirectoryAsInputIsRejectedClearly) {
    test::TempDir dir;
    auto r = run(attune_cmd("text " + dir.path()));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("is a directory"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
}

TEST(CliText, MissingModelsListTheirPath) {
    auto r = run(attune_cmd("text --models /nonexistent/models"), "hi\n");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("/nonexistent/models/text.atm"), std::string::npos) << r.err;
}

TEST(CliTrain, MissingOutputDirectoryFailsBeforeTraining) {
    auto r = run(attune_cmd("train text --out /nonexistent/models"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("/nonexistent/models"), std::string::npos) << r.err;
}

TEST(CliTrain, MissingDataNamesTheFile) {
    test::TempDir out;
    auto r = run(attune_cmd("train text --data /nonexistent/data --out " + out.path()));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("/nonexistent/data/goemotions/train.tsv"), std::string::npos) << r.err;
}

TEST(CliEval, MissingDataNamesTheFile) {
    auto r = run(attune_cmd("eval text --data /nonexistent/data"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("/nonexistent/data/goemotions/dev.tsv"), std::string::npos) << r.err;
}

TEST(CliEval, DistortionsOnAFixturePrintsCountsAsJson) {
    auto r = run(attune_cmd("eval distortions --file " + test::source_dir() +
                            "/tests/fixtures/distortions/dev_rules.tsv"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["format"], "tsv");
    EXPECT_GT(j["n"].get<int>(), 200);
    for (const char* f : {"precision", "recall", "f1"}) EXPECT_TRUE(j["binary"].contains(f)) << f;
    EXPECT_TRUE(j.contains("type_accuracy"));
    EXPECT_EQ(j["per_type"].size(), text::kNumDistortionTypes);
}

TEST(CliEval, DistortionsMissingDataNamesThePath) {
    auto r = run(attune_cmd("eval distortions --data /nonexistent/data"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("/nonexistent/data/cognitive_distortions_shreevastava/Annotated_data.csv"),
              std::string::npos)
        << r.err;
}

TEST(CliEval, DistortionsBadFileNamesTheLineNotTheText) {
    test::TempDir dir;
    {
        std::ofstream f(dir.path() + "/bad.tsv");
        f << "type\ttext\nlabeling\tfine\nsadness\tsome private words\n";
    }
    auto r = run(attune_cmd("eval distortions --file " + dir.path() + "/bad.tsv"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("bad.tsv:3"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("private words"), std::string::npos) << r.err;
}

TEST(Cli, UsageErrorsExitTwo) {
    EXPECT_EQ(run(attune_cmd("text --no-such-flag")).exit_code, 2);
    EXPECT_EQ(run(attune_cmd("no-such-command")).exit_code, 2);
    EXPECT_EQ(run(test::cli()).exit_code, 2);
}

TEST(Cli, HelpTeachesWithExamples) {
    auto r = run(attune_cmd("text --help"));
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("--jsonl"), std::string::npos);
    EXPECT_NE(r.out.find("Examples"), std::string::npos);
    auto top = run(attune_cmd("--help"));
    EXPECT_EQ(top.exit_code, 0);
    for (const char* cmd : {"text", "train", "eval"}) EXPECT_NE(top.out.find(cmd), std::string::npos) << cmd;
}

}  // namespace
}  // namespace attune
