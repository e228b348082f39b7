// SPDX-License-Identifier: Apache-2.0
// attune eval text: accuracy of the shipped text models on the dev splits.
// attune eval crisis: crisis grading on our statements and the Reddit C-SSRS users.
// attune eval redact: precision and recall of redaction on the committed test set.
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

int run_eval_crisis(const EvalArgs& args) {
    auto dir = find_model_dir(args.models, "crisis.atm");
    if (!dir) return fail(dir.status());
    auto analyzer = text::Analyzer::load(*dir);
    if (!analyzer) return fail(analyzer.status());
    nlohmann::json report;
    const std::string file = args.file.empty() ? source_tree_dir("tests/fixtures/crisis") + "/test.tsv" : args.file;
    auto statements = text::evaluate_crisis_statements(**analyzer, file);
    if (!statements) return fail(statements.status());
    report["statements"] = std::move(*statements);
    if (args.file.empty() || !args.data.empty()) {
        auto reddit = text::evaluate_crisis_reddit(**analyzer, args.data.empty() ? default_data_dir() : args.data, progress_bar());
        if (!reddit) return fail(reddit.status());
        report["cssrs_reddit"] = std::move(*reddit);
    }
    std::cout << report.dump(2) << '\n';
    return kExitOk;
}

struct EvalRedactArgs {
    std::string data;
    std::string models;
    std::size_t errors = 0;
    bool no_analysis = false;
};

int run_eval_redact(const EvalRedactArgs& args) {
    text::RedactionEvalOptions options;
    options.max_mismatches = args.errors;
    std::shared_ptr<const text::Analyzer> analyzer;
    if (!args.no_analysis) {
        auto dir = find_model_dir(args.models, "text.atm");
        if (!dir) return fail(dir.status());
        auto loaded = text::Analyzer::load(*dir);
        if (!loaded) return fail(loaded.status());
        analyzer = *loaded;
        options.analyzer = analyzer.get();
    }
    const std::string data = args.data.empty() ? source_tree_dir("tests/fixtures/redact/test.jsonl") : args.data;
    auto report = text::evaluate_redaction(data, options);
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
    auto* crisis = eval->add_subcommand(
        "crisis",
        "Crisis grading through the analyzer, rules + learned model (JSON): any-risk recall, false\n"
        "alarms and exact level on our statements (tests/fixtures/crisis/test.tsv), the rules alone\n"
        "beside them, and the AUC of at-risk users on the Reddit C-SSRS set.\n"
        "Examples:\n"
        "  attune eval crisis\n"
        "  attune eval crisis --file tests/fixtures/crisis/dev.tsv");
    crisis->add_option("--file", args->file, "a TSV of level, self_harm, category, text (then Reddit only with --data)");
    crisis->add_option("--data", args->data, "data directory holding cssrs_reddit (default: ../shared/data)");
    crisis->add_option("--models", args->models, "directory holding text.atm and crisis.atm");
    crisis->callback([&cmd, args] { cmd.run = [args] { return run_eval_crisis(*args); }; });

    auto rargs = std::make_shared<EvalRedactArgs>();
    auto* redact = eval->add_subcommand("redact", "Redaction precision/recall/F1 per type and its effect on the analysis (JSON)");
    redact->footer(
        "Runs attune redact over a JSONL file of {\"text\", \"redacted\"} pairs (the gold output) and\n"
        "prints span-level precision, recall and F1 per identifier type and overall (a predicted span\n"
        "counts when a gold placeholder of the same type covers exactly the same bytes), the share of\n"
        "sentences redacted exactly as gold, and the effect on attune text: mean |compound change| and\n"
        "the share of sentences whose top emotion is unchanged.\n\n"
        "Examples:\n"
        "  attune eval redact                                   the committed test set\n"
        "  attune eval redact --data tests/fixtures/redact/dev.jsonl --errors 20");
    redact->add_option("--data", rargs->data, "JSONL test set (default: tests/fixtures/redact/test.jsonl of the source tree)");
    redact->add_option("--models", rargs->models, "directory holding text.atm");
    redact->add_option("--errors", rargs->errors, "also list up to N sentences not redacted exactly as gold");
    redact->add_flag("--no-analysis", rargs->no_analysis, "skip the effect on the emotion analysis (no model needed)");
    redact->callback([&cmd, rargs] { cmd.run = [rargs] { return run_eval_redact(*rargs); }; });
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
