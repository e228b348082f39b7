// SPDX-License-Identifier: Apache-2.0
// attune eval text: accuracy of the shipped text models on the dev splits.
#include <cstdio>
#include <iostream>

#include "common.hpp"

namespace attune::cli {
namespace {

struct EvalArgs {
    std::string data;
    std::string models;
};

int run_eval_text(const EvalArgs& args) {
    auto dir = find_model_dir(args.models, "text.atm");
    if (!dir) return fail(dir.status());
    auto analyzer = text::Analyzer::load(*dir);
    if (!analyzer) return fail(analyzer.status());
    auto report = text::evaluate_text(**analyzer, args.data.empty() ? default_data_dir() : args.data, progress_bar());
    if (!report) return fail(report.status());
    std::cout << report->dump(2) << '\n';
    return kExitOk;
}

}  // namespace

void add_eval_command(CLI::App& app, Command& cmd) {
    auto args = std::make_shared<EvalArgs>();
    auto* eval = app.add_subcommand("eval", "Measure accuracy on held-out data");
    eval->require_subcommand(1);
    auto* text = eval->add_subcommand("text", "GoEmotions dev F1, EmoBank dev r, sentiment correlation (JSON)");
    text->add_option("--data", args->data, "data directory (default: ../shared/data beside the source tree)");
    text->add_option("--models", args->models, "directory holding text.atm");
    text->callback([&cmd, args] { cmd.run = [args] { return run_eval_text(*args); }; });
}

}  // namespace attune::cli
