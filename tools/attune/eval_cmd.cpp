// SPDX-License-Identifier: Apache-2.0
// attune eval text: accuracy of the shipped text models on the dev splits.
// attune eval crisis: crisis grading on our statements and the Reddit C-SSRS users.
// attune eval redact: precision and recall of redaction on the committed test set.
// attune eval distortions: accuracy of distortion detection (rules + learned model) on a labelled set.
// attune eval alerts: early-warning detection on simulated people, risk ranking on Reddit C-SSRS.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "common.hpp"

namespace attune::cli {
namespace {

struct EvalArgs {
    std::string data;
    std::string models;
    std::string file;
    bool rules_only = false;
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
    if (args.rules_only) {
        auto report = text::evaluate_distortions(path, progress_bar());
        if (!report) return fail(report.status());
        std::cout << report->dump(2) << '\n';
        return kExitOk;
    }
    // What ships: analyze(), the rules with the learned scorer beside them.
    auto dir = find_model_dir(args.models, "distortions.atm");
    if (!dir) return fail(dir.status());
    auto analyzer = text::Analyzer::load(*dir);
    if (!analyzer) return fail(analyzer.status());
    auto report = text::evaluate_distortions(**analyzer, path, progress_bar());
    if (!report) return fail(report.status());
    std::cout << report->dump(2) << '\n';
    return kExitOk;
}

struct EvalAlertsArgs {
    int patients = 200;
    int days = 365;
    std::uint64_t seed = 1;
    bool json = false;
    std::string data;
    std::string models;
};

// A journal entry as the tracker sees it, from its analysis: what the platform derives on
// arrival (compound as valence; VAD arousal mapped from [-1, 1] to [0, 1]).
tracking::Observation journal_observation(const text::Analysis& a, std::string id, std::int64_t time_ms) {
    tracking::Observation o;
    o.id = std::move(id);
    o.time_ms = time_ms;
    o.source = tracking::Source::journal;
    o.valence = a.sentiment.compound;
    o.arousal = (std::clamp(a.vad.arousal, -1.0, 1.0) + 1) / 2;
    o.crisis = a.crisis.level;
    o.crisis_evidence = a.crisis.evidence;
    o.distortions = static_cast<int>(a.distortions.size());
    std::vector<std::size_t> order(text::kNumEmotions);
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::partial_sort(order.begin(), order.begin() + 3, order.end(),
                      [&](std::size_t x, std::size_t y) { return a.emotions[x] > a.emotions[y]; });
    for (std::size_t k = 0; k < 3; ++k)
        o.top_emotions.emplace_back(std::string(text::emotion_names()[order[k]]), a.emotions[order[k]]);
    return o;
}

// Each user's posts become journal entries on consecutive days (noon UTC), scored by the
// highest risk reached over the posts and by the risk after the last post.
Result<nlohmann::json> cssrs_risk_ranking(const EvalAlertsArgs& args) {
    const std::string data = args.data.empty() ? default_data_dir() : args.data;
    if (!std::filesystem::exists(data + "/cssrs_reddit"))
        return nlohmann::json{{"skipped", "no cssrs_reddit under " + data + " (research data, not shipped)"}};
    auto dir = find_model_dir(args.models, "crisis.atm");
    if (!dir) return dir.status();
    auto analyzer = text::Analyzer::load(*dir);
    if (!analyzer) return analyzer.status();
    constexpr std::int64_t kDayMs = 86'400'000, kNoonMs = 12 * 3'600'000;
    const tracking::SimulationOptions epoch;  // the same first day as the simulation
    return text::evaluate_cssrs_ranking(
        **analyzer, data, {"peak_risk", "current_risk"},
        [&](std::span<const text::Analysis> posts) {
            std::vector<tracking::Observation> history;
            for (std::size_t i = 0; i < posts.size(); ++i)
                history.push_back(journal_observation(posts[i], "post-" + std::to_string(i),
                                                      epoch.start_ms + static_cast<std::int64_t>(i) * kDayMs + kNoonMs));
            const std::int64_t last = history.empty() ? epoch.start_ms : history.back().time_ms;
            return std::vector<double>{tracking::peak_risk(history).score,
                                       tracking::current_risk(history, last).score};
        },
        progress_bar());
}

int run_eval_alerts(const EvalAlertsArgs& args) {
    tracking::SimulationOptions sim;
    sim.patients = args.patients;
    sim.days = args.days;
    sim.seed = args.seed;
    const tracking::AlertOptions defaults;
    struct Row {
        double drop_sd, k, h;
        int window_days;
    };
    const int window = defaults.baseline.window_days;
    std::vector<Row> rows;
    for (double drop : {1.0, 1.5, 2.0}) rows.push_back({drop, defaults.cusum_k, defaults.cusum_h, window});
    // The sweep at a 1.5-SD drop: the default's trade-off between delay and false alerts, and the
    // setting first proposed (a 28-day window, k 0.5, h 4) that the simulation ruled out.
    rows.push_back({1.5, 0.5, 4.0, 28});
    for (auto [k, h] : {std::pair{0.5, 4.0}, {0.5, 8.0}, {0.75, 5.0}, {0.75, 6.0}, {1.0, 4.0}, {1.0, 5.0}, {1.25, 4.0}})
        rows.push_back({1.5, k, h, window});
    nlohmann::ordered_json results = nlohmann::ordered_json::array();
    std::vector<tracking::SimulatedPatient> patients;
    double simulated_drop = -1;
    for (const Row& row : rows) {
        if (row.drop_sd != simulated_drop) {
            sim.drop_sd = simulated_drop = row.drop_sd;
            auto generated = tracking::simulate_patients(sim);
            if (!generated) return fail(generated.status());
            patients = std::move(*generated);
        }
        tracking::AlertOptions options;
        options.cusum_k = row.k;
        options.cusum_h = row.h;
        options.baseline.window_days = row.window_days;
        nlohmann::ordered_json r = {{"drop_sd", row.drop_sd}, {"k", row.k}, {"h", row.h},
                                    {"window_days", row.window_days},
                                    {"default", row.k == defaults.cusum_k && row.h == defaults.cusum_h &&
                                                    row.window_days == window}};
        r.update(tracking::to_json(tracking::evaluate_alerts(patients, options)));
        results.push_back(std::move(r));
    }
    auto cssrs = cssrs_risk_ranking(args);
    if (!cssrs) return fail(cssrs.status());

    if (args.json) {
        nlohmann::ordered_json out = {
            {"simulation", {{"patients", sim.patients}, {"days", sim.days}, {"seed", sim.seed},
                            {"changed_share", sim.changed_share}, {"results", results}}},
            {"cssrs_reddit", *cssrs}};
        std::cout << out.dump(2) << '\n';
        return kExitOk;
    }
    std::printf("Simulated people: %d x %d days, seed %llu; half have one change point (valence and\n"
                "mood step down by drop SD, PHQ-9 up 4 x drop points). Detection: the first valence_drop,\n"
                "mood_drop or phq9_shift alert within %d days of the change. False: change alerts on\n"
                "stable people and before the change. Immediate: crisis language and questionnaire rules.\n\n",
                sim.patients, sim.days, static_cast<unsigned long long>(sim.seed),
                results.empty() ? 0 : results[0]["detection_window_days"].get<int>());
    std::printf("%-6s %-6s %-5s %-5s %9s %9s %9s %13s %13s\n", "drop", "window", "k", "h", "detected",
                "delay p50", "delay p90", "false/pt-yr", "immed/pt-yr");
    auto days = [](const nlohmann::ordered_json& v) {
        if (v.is_null()) return std::string("-");
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f", v.get<double>());
        return std::string(buf);
    };
    for (std::size_t i = 0; i < results.size(); ++i) {
        const auto& r = results[i];
        if (i == 3) std::printf("sweep at a 1.5-SD drop:\n");
        std::printf("%-6.1f %-6d %-5.2f %-5.1f %9.3f %9s %9s %13.2f %13.2f%s\n", r["drop_sd"].get<double>(),
                    r["window_days"].get<int>(), r["k"].get<double>(), r["h"].get<double>(),
                    r["detection_rate"].get<double>(),
                    days(r["delay_days"]["median"]).c_str(), days(r["delay_days"]["p90"]).c_str(),
                    r["false_alerts_per_patient_year"].get<double>(),
                    r["immediate_alerts_per_patient_year"].get<double>(),
                    r["default"].get<bool>() ? "  (default)" : "");
    }
    std::printf("\nReddit C-SSRS, risk of each user's posts read as one a day: ");
    if (cssrs->contains("skipped")) {
        std::printf("skipped: %s\n", (*cssrs)["skipped"].get<std::string>().c_str());
    } else {
        std::printf("%d users, %d posts\nAUC of Ideation/Behavior/Attempt above Supportive/Indicator: "
                    "peak risk %.3f, risk after the last post %.3f\n",
                    (*cssrs)["n_users"].get<int>(), (*cssrs)["n_posts"].get<int>(),
                    (*cssrs)["auc"]["peak_risk"].get<double>(), (*cssrs)["auc"]["current_risk"].get<double>());
    }
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
        "beside them, and the AUC of at-risk users on the Reddit C-SSRS set. test.tsv is held out;\n"
        "dev.tsv ... dev31.tsv, one writer each, are the development sets the model is trained on;\n"
        "dev32.tsv ... dev34.tsv, three more writers', were graded blind and are trained on by\n"
        "nothing (a new writer's set: grade it blind first, see tests/fixtures/crisis/README.md).\n"
        "Examples:\n"
        "  attune eval crisis\n"
        "  attune eval crisis --file tests/fixtures/crisis/dev32.tsv");
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
        "distortions",
        "Distortions as analyze() finds them (rules + learned model): binary P/R/F1, type accuracy, "
        "per type, and the rules alone (JSON)");
    dist->add_option(
        "--data", args->data,
        "data directory holding cognitive_distortions_shreevastava/ (default: ../shared/data)");
    dist->add_option("--file", args->file,
                     "a labelled TSV (header type<TAB>text) instead of the default set");
    dist->add_option("--models", args->models, "directory holding text.atm, crisis.atm and distortions.atm");
    dist->add_flag("--rules", args->rules_only, "measure the phrase rules alone (no model needed)");
    dist->callback([&cmd, args] { cmd.run = [args] { return run_eval_distortions(*args); }; });

    auto aargs = std::make_shared<EvalAlertsArgs>();
    auto* alerts = eval->add_subcommand(
        "alerts", "Early warning: change detection on simulated people, risk ranking on Reddit C-SSRS");
    alerts->footer(
        "Simulates people with and without a change point (deterministic for a seed) and runs the\n"
        "tracker's alert rules over each: detection rate, delay in days (median, p90) and false\n"
        "alerts per patient-year, at drops of 1, 1.5 and 2 SD and over a sweep of the CUSUM's (k, h).\n"
        "Then ranks the Reddit C-SSRS users (../shared/data/cssrs_reddit, research-only: no post text\n"
        "is printed) by the tracker's risk over their analysed posts; skipped without the data.\n\n"
        "Examples:\n"
        "  attune eval alerts\n"
        "  attune eval alerts --patients 1000 --days 730 --seed 7 --json");
    alerts->add_option("--patients", aargs->patients, "simulated people")->capture_default_str()->check(CLI::Range(1, 1000000));
    alerts->add_option("--days", aargs->days, "days per person (at least 56)")->capture_default_str()->check(CLI::Range(56, 36500));
    alerts->add_option("--seed", aargs->seed, "simulation seed")->capture_default_str();
    alerts->add_flag("--json", aargs->json, "print JSON instead of a table");
    alerts->add_option("--data", aargs->data, "data directory holding cssrs_reddit (default: ../shared/data)");
    alerts->add_option("--models", aargs->models, "directory holding text.atm and crisis.atm");
    alerts->callback([&cmd, aargs] { cmd.run = [aargs] { return run_eval_alerts(*aargs); }; });
}

}  // namespace attune::cli
