// SPDX-License-Identifier: Apache-2.0
// Accuracy of the shipped text model on the dev splits under ../shared/data, and that
// `attune train text` rebuilds the committed model byte for byte.
#include <gtest/gtest.h>

#include <attune/text.hpp>

#include "support/run.hpp"

namespace attune::text {
namespace {

// Floors just under the figures measured on the committed model (docs/BENCHMARKS.md).
constexpr double kMinMacroF1 = 0.508;
constexpr double kMinCrossTunedMacroF1 = 0.49;
constexpr double kMinEkmanF1 = 0.60;  // issue #2's target
constexpr double kMinCrossTunedEkmanF1 = 0.59;

class TextEval : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (!test::have_shared_data()) return;
        auto a = Analyzer::load(test::model_dir());
        ASSERT_TRUE(a.is_ok()) << a.status().to_string();
        auto r = evaluate_text(**a, test::shared_data_dir());
        ASSERT_TRUE(r.is_ok()) << r.status().to_string();
        report_ = *r;
        std::printf("%s\n", report_.dump(2).c_str());
    }
    static inline nlohmann::json report_;
};

TEST_F(TextEval, GoEmotionsDevMacroF1) {
    ATTUNE_SKIP_WITHOUT_SHARED_DATA();
    const auto& g = report_["goemotions_dev"];
    // Issue #2: >= 0.46 wanted, 0.40 at the very least. Floors sit just under what was measured
    // (docs/BENCHMARKS.md) so that a regression fails.
    EXPECT_GE(g["macro_f1"].get<double>(), kMinMacroF1);
    EXPECT_GE(g["macro_f1_cross_tuned"].get<double>(), kMinCrossTunedMacroF1);
    EXPECT_GE(g["ekman_macro_f1"].get<double>(), kMinEkmanF1);
    EXPECT_GE(g["ekman_macro_f1_cross_tuned"].get<double>(), kMinCrossTunedEkmanF1);
}

TEST_F(TextEval, EmoBankDevCorrelations) {
    ATTUNE_SKIP_WITHOUT_SHARED_DATA();
    const auto& e = report_["emobank_dev"];
    EXPECT_GE(e["valence_r"].get<double>(), 0.57);
    EXPECT_GE(e["arousal_r"].get<double>(), 0.38);
    EXPECT_GE(e["dominance_r"].get<double>(), 0.21);
}

TEST_F(TextEval, SentimentBeatsVaderAndTheRulesAloneOnEveryProxy) {
    ATTUNE_SKIP_WITHOUT_SHARED_DATA();
    // The per-genre breakdown of EmoBank is reported, not asserted: its groups have ~100
    // sentences each, too few for a stable comparison.
    for (const char* name : {"emobank_dev_valence", "goemotions_dev_polarity", "uci_heldout_amazon",
                             "uci_heldout_imdb", "uci_heldout_yelp"}) {
        const auto& p = report_["sentiment"][name];
        EXPECT_GT(p["r"].get<double>(), p["rules_r"].get<double>()) << name;
        EXPECT_GT(p["r"].get<double>(), p["vader_r"].get<double>()) << name;
    }
}

TEST(TextTrain, RebuildsTheCommittedModelByteForByte) {
    ATTUNE_SKIP_WITHOUT_SHARED_DATA();
    test::TempDir dir;
    auto r = test::run(test::cli() + " train text --data " + test::shared_data_dir() + " --out " + dir.path() +
                       " --lexicons " + test::source_dir() + "/data/lexicons");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string built = test::read_all(dir.path() + "/text.atm");
    const std::string committed = test::read_all(test::model_dir() + "/text.atm");
    ASSERT_FALSE(built.empty());
    EXPECT_TRUE(built == committed) << "models/text.atm differs from what `attune train text` builds: "
                                       "retrain and commit it";
}

}  // namespace
}  // namespace attune::text
