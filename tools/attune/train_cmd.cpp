// SPDX-License-Identifier: Apache-2.0
// attune train text: rebuild the text models from ../shared/data, deterministically.
#include <cstdio>
#include <iostream>

#include "common.hpp"

namespace attune::cli {
namespace {

struct TrainArgs {
    std::string data;
    std::string out;
    std::string lexicons;
    std::uint64_t seed = 42;
    int epochs = 0;
    bool json = false;
};

int run_train_text(const TrainArgs& args) {
    text::TrainOptions opt;
    opt.data_dir = args.data.empty() ? default_data_dir() : args.data;
    opt.out_dir = args.out.empty() ? source_tree_dir("models") : args.out;
    opt.lexicon_dir = args.lexicons.empty() ? source_tree_dir("data/lexicons") : args.lexicons;
    opt.seed = args.seed;
    opt.epochs = args.epochs;
    opt.progress = progress_bar();
    auto report = text::train_text_models(opt);
    if (!report) return fail(report.status());
    if (args.json) std::cout << report->metrics.dump(2) << '\n';
    else std::fprintf(stderr, "attune: wrote %s\n", report->metrics["file"].get<std::string>().c_str());
    return kExitOk;
}

}  // namespace

void add_train_command(CLI::App& app, Command& cmd) {
    auto args = std::make_shared<TrainArgs>();
    auto* train = app.add_subcommand("train", "Rebuild models from the project's data");
    train->require_subcommand(1);
    auto* text = train->add_subcommand("text", "Rebuild models/text.atm (sentiment, emotions, VAD)");
    text->footer(
        "Trains on openly licensed data only: GoEmotions train (Apache-2.0), EmoBank train (CC BY-SA\n"
        "4.0), two thirds of the UCI sentiment sentences (CC BY 4.0) and VADER's lexicon (MIT).\n"
        "Thresholds and the sentiment blend are tuned on the dev splits. Same data + seed = same file.\n\n"
        "Example:\n  attune train text --data ../shared/data --out models && attune eval text");
    text->add_option("--data", args->data, "data directory (default: ../shared/data beside the source tree, or $ATTUNE_DATA_DIR)");
    text->add_option("--out", args->out, "where text.atm is written (default: the source tree's models/)");
    text->add_option("--lexicons", args->lexicons, "directory with vader_lexicon.txt and emoji_utf8_lexicon.txt");
    text->add_option("--seed", args->seed, "random seed")->capture_default_str();
    text->add_option("--epochs", args->epochs, "epochs per model (0 = each model's default)")->check(CLI::NonNegativeNumber);
    text->add_flag("--json", args->json, "print the training report as JSON on stdout");
    text->callback([&cmd, args] { cmd.run = [args] { return run_train_text(*args); }; });
}

}  // namespace attune::cli
