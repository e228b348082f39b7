// SPDX-License-Identifier: Apache-2.0
// The distortion rules on Shreevastava & Foltz (2021), a research-only set of long patient
// questions from a therapist Q&A site: an evaluation set, never shipped, never printed. The
// rules were written for journal statements and never tuned on it, so the ceiling is low (the
// paper's models reach a binary F1 of about 0.7x; saying "distorted" every time gives 0.77).
#include <gtest/gtest.h>

#include <filesystem>

#include <attune/text.hpp>

#include "support/run.hpp"
#include "text/datasets.hpp"

namespace attune::text {
namespace {

// Floors just under the figures measured (docs/BENCHMARKS.md): n 2530, binary precision 0.795,
// recall 0.343, F1 0.479, type accuracy 0.345.
constexpr double kMinPrecision = 0.77;
constexpr double kMinRecall = 0.32;
constexpr double kMinF1 = 0.46;
constexpr double kMinTypeAccuracy = 0.32;

std::string set_path() {
    return test::shared_data_dir() + "/cognitive_distortions_shreevastava/Annotated_data.csv";
}

#define SKIP_WITHOUT_SHREEVASTAVA()                                                   \
    do {                                                                              \
        ATTUNE_SKIP_WITHOUT_SHARED_DATA();                                            \
        if (!std::filesystem::is_regular_file(set_path()))                            \
            GTEST_SKIP() << set_path() << " not found: the distortion eval needs it"; \
    } while (0)

TEST(DistortionsEval, ShreevastavaFloors) {
    SKIP_WITHOUT_SHREEVASTAVA();
    auto r = evaluate_distortions(set_path());
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    std::printf("%s\n", r->dump(2).c_str());
    EXPECT_EQ((*r)["format"], "shreevastava");
    EXPECT_EQ((*r)["n"], 2530);
    EXPECT_EQ((*r)["distorted"], 1597);
    EXPECT_GE((*r)["binary"]["precision"].get<double>(), kMinPrecision);
    EXPECT_GE((*r)["binary"]["recall"].get<double>(), kMinRecall);
    EXPECT_GE((*r)["binary"]["f1"].get<double>(), kMinF1);
    EXPECT_GE((*r)["type_accuracy"].get<double>(), kMinTypeAccuracy);
    EXPECT_EQ((*r)["per_type"]["disqualifying_positive"]["n"], 0);  // the set has no such label
}

// The report is counts only: none of the research-only texts may appear in what the CLI prints.
// tests/fixtures/distortions/{dev,test}.tsv were written by another hand than the rules and never
// seen while writing them; test.tsv is held out. Issue #3 wants F1 >= 0.85 and type accuracy
// >= 0.70 on statements never seen: type accuracy is met, F1 is not (recall 0.58 on test.tsv,
// docs/BENCHMARKS.md). Floors just under the measured figures.
TEST(DistortionsEval, IndependentStatements) {
    struct Floor {
        const char* name;
        double f1, type_accuracy;
    };
    for (const Floor& f : {Floor{"dev.tsv", 0.87, 0.92}, Floor{"test.tsv", 0.72, 0.92}}) {
        auto r = evaluate_distortions(test::source_dir() + "/tests/fixtures/distortions/" + f.name);
        ASSERT_TRUE(r.is_ok()) << r.status().to_string();
        EXPECT_GE((*r)["binary"]["f1"].get<double>(), f.f1) << f.name;
        EXPECT_GE((*r)["type_accuracy"].get<double>(), f.type_accuracy) << f.name;
    }
}

TEST(DistortionsEval, CliPrintsNoTextFromTheSet) {
    SKIP_WITHOUT_SHREEVASTAVA();
    auto r = test::run(test::cli() + " eval distortions --data " + test::shared_data_dir());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto set = read_distortion_set(set_path());
    ASSERT_TRUE(set.is_ok()) << set.status().to_string();
    std::size_t checked = 0;
    for (const auto& row : set->rows) {
        if (row.text.size() < 24) continue;
        const std::string probe = row.text.substr(0, 24);
        EXPECT_EQ(r.out.find(probe), std::string::npos)
            << "row " << row.row << " leaked into the report";
        EXPECT_EQ(r.err.find(probe), std::string::npos)
            << "row " << row.row << " leaked into stderr";
        ++checked;
    }
    EXPECT_GT(checked, 2000u);
}

}  // namespace
}  // namespace attune::text
