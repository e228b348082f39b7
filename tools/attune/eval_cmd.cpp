// SPDX-License-Identifier: Apache-2.0
// attune eval text: accuracy of the shipped text models on the dev splits.
// attune eval distortions: accuracy of the distortion rules on a labelled set.
#include <cstdio>
#include <iostream>

#include "common.hpp"

namespace attune::cli {
namespace {

struct EvalArgs {
    std::string data;
    std::string models;
    std::string file;
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

// Shreevastava & Foltz (2021) by default; research-only, so the report holds counts, never text.
int run_eval_distortions(const EvalArgs& args) {
    const std::string path = !args.file.empty()
                                 ? args.file
                                 : (args.data.empty() ? default_data_dir() : args.data) +
                                       "/cognitive_distortions_shreevastava/Annotated_data.csv";
    auto report = text::evaluate_distortions(path, progress_bar());
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
    auto* dist = eval->add_subcommand(
        "distortions", "Distortion rules: binary P/R/F1, type accuracy, per type (JSON)");
    dist->add_option(
        "--data", args->data,
        "data directory holding cognitive_distortions_shreevastava/ (default: ../shared/data)");
    dist->add_option("--file", args->file,
                     "a labelled TSV (header type<TAB>text) instead of the default set");
    dist->callback([&cmd, args] { cmd.run = [args] { return run_eval_distortions(*args); }; });
}

}  // namespace attune::cli
