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

int run_eval_crisis(const EvalArgs& args) {
    nlohmann::json report;
    const std::string file = args.file.empty() ? source_tree_dir("tests/fixtures/crisis") + "/test.tsv" : args.file;
    auto statements = text::evaluate_crisis_statements(file);
    if (!statements) return fail(statements.status());
    report["statements"] = std::move(*statements);
    if (args.file.empty() || !args.data.empty()) {
        auto reddit = text::evaluate_crisis_reddit(args.data.empty() ? default_data_dir() : args.data, progress_bar());
        if (!reddit) return fail(reddit.status());
        report["cssrs_reddit"] = std::move(*reddit);
    }
    std::cout << report.dump(2) << '\n';
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
    auto* crisis = eval->add_subcommand(
        "crisis",
        "Crisis grading (JSON): any-risk recall, false alarms and exact level on our statements\n"
        "(tests/fixtures/crisis/test.tsv), and the AUC of at-risk users on the Reddit C-SSRS set.\n"
        "Examples:\n"
        "  attune eval crisis\n"
        "  attune eval crisis --file tests/fixtures/crisis/dev.tsv");
    crisis->add_option("--file", args->file, "a TSV of level, self_harm, category, text (then Reddit only with --data)");
    crisis->add_option("--data", args->data, "data directory holding cssrs_reddit (default: ../shared/data)");
    crisis->callback([&cmd, args] { cmd.run = [args] { return run_eval_crisis(*args); }; });
}

}  // namespace attune::cli
