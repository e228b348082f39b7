// SPDX-License-Identifier: Apache-2.0
// The attune CLI black-box: what a user or a script sees.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <set>

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
    // The sample's last entry is passive ideation: the table flags it, names the words and
    // points to help.
    EXPECT_NE(r.out.find("! crisis language (passive)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("not wake up"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("crisis line"), std::string::npos) << r.out;
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

TEST(CliText, ManyLinesStayInOrderAcrossLargeWrites) {
    // ~3 MB of output: several of the loop's 1 MiB writes, with a failed line among them.
    std::string input;
    for (int i = 1; i <= 1500; ++i)
        input += i == 700 ? "bad \xff byte\n" : "Line " + std::to_string(i) + " of a calm day.\n";
    auto r = run(attune_cmd("text --jsonl"), input);
    EXPECT_EQ(r.exit_code, 1);
    auto out = lines(r.out);
    ASSERT_EQ(out.size(), 1500u);
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto j = nlohmann::json::parse(out[i]);
        EXPECT_EQ(j["line"], i + 1);
        EXPECT_EQ(j.contains("error"), i + 1 == 700) << "line " << i + 1;
    }
}

// Starts `command` with pipes to its stdin and from its stdout.
struct Child {
    pid_t pid = -1;
    int in = -1, out = -1;
};
Child start(const std::string& command) {
    int to[2], from[2];
    if (pipe(to) != 0 || pipe(from) != 0) return {};
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(to[0], STDIN_FILENO);
        dup2(from[1], STDOUT_FILENO);
        close(to[0]), close(to[1]), close(from[0]), close(from[1]);
        execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(to[0]), close(from[1]);
    return {pid, to[1], from[0]};
}
// Reads up to and including the next newline; empty after `timeout_ms` without one.
std::string read_line(int fd, int timeout_ms) {
    std::string line;
    char c = 0;
    pollfd p{fd, POLLIN, 0};
    while (poll(&p, 1, timeout_ms) == 1 && read(fd, &c, 1) == 1) {
        line += c;
        if (c == '\n') return line;
    }
    return {};
}

TEST(CliText, APipeGetsEachAnswerBeforeTheNextLineIsWritten) {
    // Output is gathered into large writes, but never held back while the input waits: a
    // program that writes one line and waits for its answer must get it.
    signal(SIGPIPE, SIG_IGN);
    Child c = start(attune_cmd("text --jsonl -"));
    ASSERT_GT(c.pid, 0);
    for (int i = 1; i <= 2; ++i) {
        const std::string line = "Line " + std::to_string(i) + " of a calm day.\n";
        ASSERT_EQ(write(c.in, line.data(), line.size()), static_cast<ssize_t>(line.size()));
        const std::string answer = read_line(c.out, 60000);
        ASSERT_FALSE(answer.empty()) << "no answer to line " << i;
        EXPECT_EQ(nlohmann::json::parse(answer)["line"], i);
    }
    close(c.in);
    EXPECT_TRUE(read_line(c.out, 60000).empty());  // end of output, nothing more
    close(c.out);
    int status = 0;
    waitpid(c.pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
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
    // What ships (rules + models/distortions.atm), with the rules alone beside it.
    EXPECT_EQ(j["detector"], "analyze");
    for (const char* f : {"precision", "recall", "f1", "type_accuracy"})
        EXPECT_TRUE(j["rules"].contains(f)) << f;
    auto rules = run(attune_cmd("eval distortions --rules --file " + test::source_dir() +
                                "/tests/fixtures/distortions/dev_rules.tsv"));
    ASSERT_EQ(rules.exit_code, 0) << rules.err;
    EXPECT_EQ(nlohmann::json::parse(rules.out)["detector"], "rules");
}

TEST(CliTrain, DistortionsRefusesAMissingOutputDirectory) {
    auto r = run(attune_cmd("train distortions --out /nonexistent/models"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("/nonexistent/models"), std::string::npos) << r.err;
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

// ---------------------------------------------------------------------------------------------
// attune checkin: PHQ-9, GAD-7 and the C-SSRS screener

TEST(CliCheckin, Phq9JsonPrintsTheContractValues) {
    auto r = run(attune_cmd("checkin phq9 --answers 1,2,0,3,1,0,2,1,0 --json"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto out = lines(r.out);
    ASSERT_EQ(out.size(), 1u) << r.out;
    auto j = nlohmann::json::parse(out[0]);
    EXPECT_EQ(j["instrument"], "phq9");
    EXPECT_EQ(j["total"], 10);
    EXPECT_EQ(j["severity"], "moderate");
    EXPECT_EQ(j["item9_positive"], false);
    EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(CliCheckin, Gad7JsonUsesTheSharedSeverityNames) {
    auto r = run(attune_cmd("checkin gad7 --answers 3,3,3,2,2,2,1 --json"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["instrument"], "gad7");
    EXPECT_EQ(j["total"], 16);
    EXPECT_EQ(j["severity"], "severe");
    const std::set<std::string> names = {"minimal", "mild", "moderate", "moderately_severe", "severe"};
    for (const char* a : {"0,0,0,0,0,0,0", "1,1,1,1,1,0,0", "2,2,2,2,2,0,0"}) {
        auto g = run(attune_cmd(std::string("checkin gad7 --json --answers ") + a));
        ASSERT_EQ(g.exit_code, 0) << g.err;
        EXPECT_TRUE(names.count(nlohmann::json::parse(g.out)["severity"].get<std::string>())) << g.out;
    }
}

TEST(CliCheckin, SummaryIsAScreeningResultNotADiagnosis) {
    auto r = run(attune_cmd("checkin phq9 --answers 1,2,0,3,1,0,2,1,0"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("10 of 27"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("moderate (10-14)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("not a diagnosis"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("SAFETY"), std::string::npos) << r.out;
}

TEST(CliCheckin, Item9ReachesAHumanWhateverTheTotal) {
    auto r = run(attune_cmd("checkin phq9 --answers 0,0,0,0,0,0,0,0,1"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("minimal"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("SAFETY:"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("clinician"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("crisis line"), std::string::npos) << r.out;
    // With machine output the notice also goes to stderr, so a person running it sees it.
    for (const char* mode : {"--json", "--fhir --date 2024-05-01"}) {
        auto m = run(attune_cmd(std::string("checkin phq9 --answers 0,0,0,0,0,0,0,0,1 ") + mode));
        ASSERT_EQ(m.exit_code, 0) << m.err;
        EXPECT_NE(m.err.find("SAFETY"), std::string::npos) << mode << ": " << m.err;
        EXPECT_TRUE(nlohmann::json::accept(m.out)) << mode << ": " << m.out;
    }
    auto j = nlohmann::json::parse(run(attune_cmd("checkin phq9 --json --answers 0,0,0,0,0,0,0,0,1")).out);
    EXPECT_EQ(j["item9_positive"], true);
    EXPECT_EQ(j["safety_flag"], true);
}

TEST(CliCheckin, FhirBundleIsDeterministicGivenSubjectAndDate) {
    const std::string cmd =
        "checkin phq9 --answers 1,2,0,3,1,0,2,1,0 --fhir --subject Patient/123 --date 2024-05-01T09:30:00Z";
    auto a = run(attune_cmd(cmd));
    ASSERT_EQ(a.exit_code, 0) << a.err;
    auto b = run(attune_cmd(cmd));
    EXPECT_EQ(a.out, b.out);
    auto j = nlohmann::json::parse(a.out);
    EXPECT_EQ(j["resourceType"], "Bundle");
    EXPECT_EQ(j["type"], "collection");
    const auto& qr = j["entry"][0]["resource"];
    EXPECT_EQ(qr["resourceType"], "QuestionnaireResponse");
    EXPECT_EQ(qr["authored"], "2024-05-01T09:30:00Z");
    EXPECT_EQ(qr["subject"]["reference"], "Patient/123");
    std::set<std::string> codes;
    for (const auto& e : j["entry"])
        if (e["resource"]["resourceType"] == "Observation")
            codes.insert(e["resource"]["code"]["coding"][0]["code"].get<std::string>());
    EXPECT_EQ(codes, (std::set<std::string>{"44249-1", "44261-6", "44260-8"}));
}

TEST(CliCheckin, FhirDateDefaultsToNowInUtc) {
    auto r = run(attune_cmd("checkin gad7 --answers 0,1,0,1,0,1,0 --fhir"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    const std::string authored = j["entry"][0]["resource"]["authored"];
    EXPECT_TRUE(std::regex_match(authored, std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)"))) << authored;
    EXPECT_FALSE(j["entry"][0]["resource"].contains("subject"));
}

TEST(CliCheckin, CssrsSkipLogicAndRisk) {
    auto r = run(attune_cmd("checkin cssrs --answers yes,yes,no,yes,no,no,- --json"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["risk"], "high");
    EXPECT_EQ(j["crisis_level"], "plan");
    EXPECT_EQ(j["safety_flag"], true);
    auto none = run(attune_cmd("checkin cssrs --answers no,no,-,-,-,no,-"));
    ASSERT_EQ(none.exit_code, 0) << none.err;
    EXPECT_NE(none.out.find("none"), std::string::npos) << none.out;
    EXPECT_EQ(none.out.find("SAFETY"), std::string::npos) << none.out;
    auto behaviour = run(attune_cmd("checkin cssrs --answers no,no,-,-,-,yes,yes"));
    ASSERT_EQ(behaviour.exit_code, 0) << behaviour.err;
    EXPECT_NE(behaviour.out.find("behavior"), std::string::npos) << behaviour.out;
    EXPECT_NE(behaviour.out.find("SAFETY:"), std::string::npos) << behaviour.out;
}

TEST(CliCheckin, BadAnswersExitOneNamingTheItem) {
    struct Case {
        const char* args;
        const char* item;
    };
    for (const Case& c : {Case{"phq9 --answers 1,2,0,3,1,0,2,1", "item 9"},
                          Case{"phq9 --answers 1,2,0,3,1,0,2,1,0,1", "item 10"},
                          Case{"phq9 --answers 1,2,7,3,1,0,2,1,0", "item 3"},
                          Case{"gad7 --answers 1,x,0,1,0,1,0", "item 2"},
                          Case{"gad7 --answers 1,1,0,1,0,1", "item 7"},
                          Case{"cssrs --answers yes,no,yes,-,-,no,-", "item 3"},
                          Case{"cssrs --answers yes,yes,no,no,no,no,no", "item 6b"},
                          Case{"cssrs --answers no,no,-,-,-,yes,-", "item 6b"},
                          Case{"cssrs --answers yes,yes,-,-,-,no,-", "item 3"},
                          Case{"cssrs --answers no,perhaps,-,-,-,no,-", "item 2"}}) {
        auto r = run(attune_cmd(std::string("checkin ") + c.args));
        EXPECT_EQ(r.exit_code, 1) << c.args;
        EXPECT_NE(r.err.find(c.item), std::string::npos) << c.args << ": " << r.err;
        EXPECT_TRUE(r.out.empty()) << c.args << ": " << r.out;
    }
}

TEST(CliCheckin, BadSubjectOrDateExitOneSayingWhich) {
    auto d = run(attune_cmd("checkin phq9 --answers 0,0,0,0,0,0,0,0,0 --fhir --date 01/05/2024"));
    EXPECT_EQ(d.exit_code, 1);
    EXPECT_NE(d.err.find("--date"), std::string::npos) << d.err;
    auto s = run(attune_cmd("checkin phq9 --answers 0,0,0,0,0,0,0,0,0 --fhir --subject 123"));
    EXPECT_EQ(s.exit_code, 1);
    EXPECT_NE(s.err.find("subject"), std::string::npos) << s.err;
}

TEST(CliCheckin, UsageErrorsExitTwo) {
    for (const char* args : {"checkin", "checkin phq9", "checkin phq8 --answers 1",
                             "checkin phq9 --answers 0,0,0,0,0,0,0,0,0 --json --fhir",
                             "checkin phq9 --answers 0,0,0,0,0,0,0,0,0 --subject Patient/1",
                             "checkin phq9 --answers 0,0,0,0,0,0,0,0,0 --no-such-flag",
                             "checkin gad7 --list --answers 0,0,0,0,0,0,0"}) {
        auto r = run(attune_cmd(args));
        EXPECT_EQ(r.exit_code, 2) << args << ": " << r.err;
        EXPECT_FALSE(r.err.empty()) << args;
    }
}

TEST(CliCheckin, HelpTeachesTheItemsAndTheScale) {
    auto r = run(attune_cmd("checkin phq9 --help"));
    EXPECT_EQ(r.exit_code, 0);
    for (const char* s : {"Little interest or pleasure in doing things", "better off dead",
                          "0 = Not at all", "3 = Nearly every day", "20-27 severe", "Examples",
                          "--fhir", "not a diagnosis"})
        EXPECT_NE(r.out.find(s), std::string::npos) << s;
    auto c = run(attune_cmd("checkin cssrs --help"));
    EXPECT_EQ(c.exit_code, 0);
    for (const char* s : {"6b", "yes,no,-,-,-,no,-", "not asked", "past 3 months", "behavior"})
        EXPECT_NE(c.out.find(s), std::string::npos) << s;
    auto top = run(attune_cmd("--help"));
    EXPECT_NE(top.out.find("checkin"), std::string::npos);
}

TEST(CliCheckin, ListPrintsItemsWithTheirOptions) {
    auto r = run(attune_cmd("checkin gad7 --list"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Trouble relaxing"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("More than half the days"), std::string::npos) << r.out;
    auto j = run(attune_cmd("checkin cssrs --list --json"));
    ASSERT_EQ(j.exit_code, 0) << j.err;
    auto def = nlohmann::json::parse(j.out);
    ASSERT_EQ(def["items"].size(), 7u);
    EXPECT_EQ(def["items"][6]["label"], "6b");
    EXPECT_EQ(def["items"][6]["asked_if_yes_to"], "6");
    EXPECT_EQ(def["items"][0]["options"].size(), 2u);
}

TEST(CliExercises, ListsTheShippedExercisesAndTheirSteps) {
    auto r = run(attune_cmd("exercises --json"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto all = nlohmann::json::parse(r.out);
    ASSERT_EQ(all.size(), 10u);
    for (const auto& ex : all) {
        EXPECT_EQ(ex["steps"].front()["rate"], "mood_before") << ex["id"];
        EXPECT_FALSE(ex["title"].get<std::string>().empty());
    }
    auto table = run(attune_cmd("exercises"));
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_NE(table.out.find("thought_record"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("10 exercises"), std::string::npos) << table.out;
}

// attune train bandit-prior: a clinic without ten patients pooling their outcomes gets no prior,
// and is told why; --help teaches what it is for.
TEST(CliTrain, BanditPriorNeedsTenConsentingPatients) {
    test::TempDir dir;
    auto r = run(attune_cmd("train bandit-prior --data " + dir.path()));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("at least 10 patients who consent to pool them (pool_outcomes); this "
                         "clinic has 0"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir.path() + "/bandit_prior.json"));
    r = run(attune_cmd("train bandit-prior --help"));
    EXPECT_EQ(r.exit_code, 0);
    for (const char* s : {"--data", "--out", "pool_outcomes", "Examples", "empirical Bayes"})
        EXPECT_NE(r.out.find(s), std::string::npos) << s;
}

TEST(CliExercises, InvalidDirectoryExitsOneNamingFileAndLine) {
    test::TempDir dir;
    std::ofstream(dir.path() + "/calm.exercise") << "exercise: calm\ntitle: Calm\n"
                                                    "technique: grounding\nminutes: 2\n\n"
                                                    "step: start\nsay: Mood?\nask: number 0..10\n"
                                                    "rate: mood_before\nnext: missing\n";
    auto r = run(attune_cmd("exercises --dir " + dir.path()));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find(dir.path() + "/calm.exercise:6: step 'start' goes to 'missing', which does not exist"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(run(attune_cmd("exercises --dir " + dir.path() + "/nope")).exit_code, 1);
    EXPECT_EQ(run(attune_cmd("exercises --bogus")).exit_code, 2);
}

TEST(CliRedact, PlainModePrintsEachLineRedacted) {
    auto r = run(attune_cmd("redact"), "Call Priya on 07700 900461\nI hope tomorrow is easier\n\nDOB: 03/14/1987\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto out = lines(r.out);
    ASSERT_EQ(out.size(), 4u);
    EXPECT_EQ(out[0], "Call [NAME] on [PHONE]");
    EXPECT_EQ(out[1], "I hope tomorrow is easier");
    EXPECT_EQ(out[2], "");
    EXPECT_EQ(out[3], "DOB: [DOB]");
}

TEST(CliRedact, JsonlGivesTextAndSpansWithByteOffsets) {
    const std::string line = "Email anna.k@example.com or see example.org/x \xF0\x9F\x98\x8A";
    auto r = run(attune_cmd("redact --jsonl -"), line + "\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(lines(r.out).at(0));
    EXPECT_EQ(j["line"], 1);
    EXPECT_EQ(j["text"], "Email [EMAIL] or see [URL] \xF0\x9F\x98\x8A");
    ASSERT_EQ(j["spans"].size(), 2u);
    EXPECT_EQ(j["spans"][0]["type"], "email");
    EXPECT_EQ(line.substr(j["spans"][0]["start"].get<std::size_t>(),
                          j["spans"][0]["end"].get<std::size_t>() - j["spans"][0]["start"].get<std::size_t>()),
              "anna.k@example.com");
    EXPECT_EQ(j["spans"][1]["type"], "url");
}

TEST(CliRedact, InvalidUtf8LineIsReportedNeverEchoedAndTheOthersAreRedacted) {
    auto r = run(attune_cmd("redact"), "Priya called\nsecret Anna \xff 555-0123\nTom called\n");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("UTF-8"), std::string::npos) << r.err;
    auto out = lines(r.out);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0], "[NAME] called");
    EXPECT_EQ(out[1], "");
    EXPECT_EQ(out[2], "[NAME] called");
    EXPECT_EQ(r.out.find("Anna"), std::string::npos);

    auto rj = run(attune_cmd("redact --jsonl"), "ok\nbad \xff\n");
    EXPECT_EQ(rj.exit_code, 1);
    auto bad = nlohmann::json::parse(lines(rj.out).at(1));
    EXPECT_EQ(bad["line"], 2);
    EXPECT_EQ(bad["error"]["type"], "invalid_argument");
}

TEST(CliRedact, MissingFileAndUsageErrors) {
    auto r = run(attune_cmd("redact /nonexistent/notes.txt"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("/nonexistent/notes.txt"), std::string::npos) << r.err;
    EXPECT_EQ(run(attune_cmd("redact --no-such-flag")).exit_code, 2);
}

TEST(CliRedact, HelpTeachesWithExamples) {
    auto r = run(attune_cmd("redact --help"));
    EXPECT_EQ(r.exit_code, 0);
    for (const char* s : {"--jsonl", "Examples", "[NAME]", "[PHONE]", "date_of_birth"})
        EXPECT_NE(r.out.find(s), std::string::npos) << s;
    EXPECT_NE(run(attune_cmd("--help")).out.find("redact"), std::string::npos);
}

TEST(CliEvalRedact, PrintsPrecisionRecallPerTypeOnTheCommittedTestSet) {
    auto r = run(attune_cmd("eval redact --no-analysis"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_GE(j["sentences"].get<int>(), 220);
    for (const char* t : {"name", "email", "phone", "address", "url", "date_of_birth", "id_number"})
        for (const char* m : {"precision", "recall", "f1"}) EXPECT_TRUE(j["per_type"][t].contains(m)) << t << " " << m;
    EXPECT_GE(j["overall"]["precision"].get<double>(), 0.9);
    EXPECT_GE(j["overall"]["recall"].get<double>(), 0.9);
}

TEST(CliEvalRedact, ReportsTheEffectOnTheAnalysis) {
    auto r = run(attune_cmd("eval redact --data " + test::source_dir() + "/tests/fixtures/redact/dev.jsonl --errors 3"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_TRUE(j["analysis"].contains("mean_abs_compound_change"));
    EXPECT_TRUE(j["analysis"].contains("top_emotion_unchanged"));
    EXPECT_LE(j["mismatches"].size(), 3u);
}

TEST(CliEvalRedact, MissingDataNamesTheFile) {
    auto r = run(attune_cmd("eval redact --no-analysis --data /nonexistent/redact.jsonl"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("/nonexistent/redact.jsonl"), std::string::npos) << r.err;
}

// ---------------------------------------------------------------------------------------------
// attune simulate bandit: the companion's exercise bandit on simulated people

TEST(CliSimulate, BanditJsonHasEveryFigureForTheShippedExercises) {
    auto r = run(attune_cmd("simulate bandit --patients 4 --days 10 --seed 3 --json"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["patients"], 4);
    EXPECT_EQ(j["days"], 10);
    EXPECT_EQ(j["seed"], 3);
    ASSERT_EQ(j["arms"].size(), 10u);  // the ids of data/exercises
    EXPECT_EQ(j["arms"][0], "behavioural_activation");
    for (const char* p : {"bandit", "random", "best_fixed", "full_information"}) {
        EXPECT_TRUE(j["regret"][p].is_number()) << p;
        EXPECT_EQ(j["regret_per_day"][p].size(), 10u) << p;
    }
    for (const char* k : {"decisions_per_patient", "ratio_to_random", "day_bandit_within_best_fixed",
                          "mean_reward", "bandit_options"})
        EXPECT_TRUE(j.contains(k)) << k;
    // Deterministic for a seed.
    EXPECT_EQ(run(attune_cmd("simulate bandit --patients 4 --days 10 --seed 3 --json")).out, r.out);
}

TEST(CliSimulate, BanditTableSummarisesThePolicies) {
    auto r = run(attune_cmd("simulate bandit --patients 3 --days 14"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* s : {"3 simulated people x 14 days (seed 1)", "best_fixed", "random", "oracle",
                          "full_information", "full_info", "bandit / random regret", "1-7", "8-14"})
        EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
}

// The guardrail's share of suggestions can be set, and the table says what it was.
TEST(CliSimulate, ExplorationFloorIsAFlag) {
    auto r = run(attune_cmd("simulate bandit --patients 3 --days 7 --exploration-floor 0"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("exploration floor 0.00"), std::string::npos) << r.out;
    EXPECT_NE(run(attune_cmd("simulate bandit --patients 3 --days 7")).out.find("exploration floor 0.05"),
              std::string::npos);
}

TEST(CliSimulate, BadValuesExitTwoNamingTheFlag) {
    for (const char* bad : {"--patients 0", "--days 0", "--days 3651", "--patients x",
                            "--exploration-floor 1.5", "--exploration-floor -0.1"}) {
        auto r = run(attune_cmd(std::string("simulate bandit ") + bad));
        EXPECT_EQ(r.exit_code, 2) << bad;
        const std::string flag = std::string(bad).substr(0, std::string(bad).find(' '));
        EXPECT_NE(r.err.find(flag), std::string::npos) << bad << ": " << r.err;
    }
    EXPECT_EQ(run(attune_cmd("simulate")).exit_code, 2);
    auto missing = run(attune_cmd("simulate bandit --patients 2 --days 2 --dir /nonexistent/ex"));
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("/nonexistent/ex"), std::string::npos) << missing.err;
}

TEST(CliSimulate, HelpTeachesWithAnExample) {
    auto r = run(attune_cmd("simulate bandit --help"));
    EXPECT_EQ(r.exit_code, 0);
    for (const char* s : {"--patients", "--days", "--seed", "--json", "Examples",
                          "attune simulate bandit --patients 40 --days 60", "Regret"})
        EXPECT_NE(r.out.find(s), std::string::npos) << s;
    EXPECT_NE(run(attune_cmd("--help")).out.find("simulate"), std::string::npos);
}

}  // namespace
}  // namespace attune
