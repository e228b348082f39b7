// SPDX-License-Identifier: Apache-2.0
// attune train text: rebuild the text models from ../shared/data, deterministically.
// attune train crisis: rebuild the learned crisis scorer from our own statements.
// attune train distortions: rebuild the learned distortion scorer from our own statements.
// attune train bandit-prior: fit the companion's population prior from a clinic's outcomes.
#include <filesystem>
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

struct TrainCrisisArgs {
    std::vector<std::string> data;
    std::string ordinary;
    std::string out;
    std::uint64_t seed = 42;
    bool json = false;
};

// The development sets the shipped crisis model is trained on: dev.tsv ... dev31.tsv.
constexpr int kCrisisTrainingWriters = 31;

int run_train_crisis(const TrainCrisisArgs& args) {
    text::CrisisTrainOptions opt;
    opt.data_files = args.data;
    if (opt.data_files.empty()) {
        // dev.tsv, dev2.tsv ... : one writer each (tests/fixtures/crisis/README.md)
        for (int writer = 1; writer <= kCrisisTrainingWriters; ++writer)
            opt.data_files.push_back(source_tree_dir("tests/fixtures/crisis/dev" + (writer == 1 ? std::string() : std::to_string(writer)) + ".tsv"));
    }
    opt.ordinary_dir = args.ordinary.empty() ? default_data_dir() + "/goemotions" : args.ordinary;
    if (opt.ordinary_dir == "none") {
        opt.ordinary_dir.clear();
    } else if (!std::filesystem::is_directory(opt.ordinary_dir)) {
        if (!args.ordinary.empty()) return fail(Status::not_found(opt.ordinary_dir + ": no such directory"));
        std::fprintf(stderr,
                     "attune: %s is absent: training on the statements alone, so the model will not "
                     "speak without crisis vocabulary (and models/crisis.atm will differ)\n",
                     opt.ordinary_dir.c_str());
        opt.ordinary_dir.clear();
    }
    opt.out_dir = args.out.empty() ? source_tree_dir("models") : args.out;
    opt.seed = args.seed;
    opt.progress = progress_bar();
    auto report = text::train_crisis_model(opt);
    if (!report) return fail(report.status());
    if (args.json) std::cout << report->metrics.dump(2) << '\n';
    else std::fprintf(stderr, "attune: wrote %s\n", report->metrics["file"].get<std::string>().c_str());
    return kExitOk;
}

struct TrainDistortionArgs {
    std::vector<std::string> data;
    std::string out;
    std::uint64_t seed = 42;
    bool json = false;
};

int run_train_distortions(const TrainDistortionArgs& args) {
    text::DistortionTrainOptions opt;
    opt.data_files = args.data;
    if (opt.data_files.empty())
        for (const char* f : {"dev.tsv", "dev_rules.tsv", "dev_rules_round2.tsv",
                              "dev_rules_round3.tsv", "dev_rules_round4.tsv"})
            opt.data_files.push_back(source_tree_dir("tests/fixtures/distortions") + "/" + f);
    opt.out_dir = args.out.empty() ? source_tree_dir("models") : args.out;
    opt.seed = args.seed;
    opt.progress = progress_bar();
    auto report = text::train_distortion_model(opt);
    if (!report) return fail(report.status());
    if (args.json) std::cout << report->metrics.dump(2) << '\n';
    else std::fprintf(stderr, "attune: wrote %s\n", report->metrics["file"].get<std::string>().c_str());
    return kExitOk;
}

struct TrainPriorArgs {
    ClinicArgs clinic;
    std::string out;  // default DATA_DIR/bandit_prior.json
    std::string exercises_dir;
    bool json = false;
};

int run_train_bandit_prior(const TrainPriorArgs& args) {
    platform::Options options;
    options.exercises_dir =
        args.exercises_dir.empty() ? source_tree_dir("data/exercises") : args.exercises_dir;
    options.crisis_lines_path = source_tree_dir("data/companion") + "/crisis_lines.json";
    auto clinic = open_clinic(args.clinic, options);
    if (!clinic) return fail(clinic.status());
    auto prior = (*clinic)->fit_companion_prior();
    if (!prior) return fail(prior.status());
    const std::string out =
        args.out.empty() ? args.clinic.data_dir + "/" + kBanditPriorFile : args.out;
    // Atomic, so a server starting meanwhile never reads half a file.
    const Status written = write_file_atomic(out, prior->to_json().dump(2) + "\n");
    if (!written) return fail(written);
    // Each exercise's population mean reward with every context feature at 0 (the bias weight).
    nlohmann::json summary = {{"file", out},
                              {"people", prior->people},
                              {"rewards", prior->rewards},
                              {"prior_variance", prior->prior_variance},
                              {"noise_variance", prior->noise_variance},
                              {"mean_reward", nlohmann::json::object()},
                              {"arm_rewards", prior->arm_rewards}};
    for (const auto& [arm, w] : prior->mean) summary["mean_reward"][arm] = w[0];
    if (args.json) {
        std::cout << summary.dump(2) << '\n';
        return kExitOk;
    }
    std::printf("population prior from %d patients' %zu exercise outcomes -> %s\n"
                "between-person variance %.4f (sd %.2f mood points), reward noise variance %.4f\n\n"
                "%-28s %8s  %s\n",
                prior->people, prior->rewards, out.c_str(), prior->prior_variance,
                10 * std::sqrt(prior->prior_variance), prior->noise_variance, "exercise",
                "outcomes", "population mean reward");
    for (const auto& [arm, w] : prior->mean) {
        const std::size_t n = prior->arm_rewards[arm];
        if (n == 0)
            std::printf("%-28s %8zu  none yet: starts as without a prior\n", arm.c_str(), n);
        else
            std::printf("%-28s %8zu  %+.3f\n", arm.c_str(), n, w[0]);
    }
    std::printf("\n`attune serve --data %s` uses it from its next start.\n",
                args.clinic.data_dir.c_str());
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

    auto cargs = std::make_shared<TrainCrisisArgs>();
    auto* crisis = train->add_subcommand("crisis", "Rebuild models/crisis.atm (the learned crisis scorer)");
    crisis->footer(
        "Trains on the project's own crisis statements (Apache-2.0), by default\n"
        "tests/fixtures/crisis/dev.tsv ... dev31.tsv, one writer each; never on test.tsv, which is\n"
        "held out, nor on a new writer's set before it has been graded blind. Ordinary Reddit\n"
        "comments from GoEmotions (Apache-2.0) without crisis vocabulary are none examples, and\n"
        "their held-out split measures how often the model alone flags ordinary text. The\n"
        "thresholds (the model's veto of a rule's flag, where it speaks alone on and off crisis\n"
        "vocabulary and where the rules explained a phrase away, where it raises a level) are\n"
        "chosen by leave-one-writer-out cross-validation;\n"
        "--json prints every fold and the sweep. Same data + seed = same file.\n\n"
        "Example:\n  attune train crisis --json && attune eval crisis --file tests/fixtures/crisis/dev32.tsv");
    crisis->add_option("--data", cargs->data, "a TSV of level, self_harm, category, text (repeat for several)")
        ->check(CLI::ExistingFile);
    crisis->add_option("--ordinary", cargs->ordinary,
                       "GoEmotions directory with train.tsv and dev.tsv (default: goemotions/ of ../shared/data "
                       "or $ATTUNE_DATA_DIR; 'none': statements only)");
    crisis->add_option("--out", cargs->out, "where crisis.atm is written (default: the source tree's models/)");
    crisis->add_option("--seed", cargs->seed, "random seed")->capture_default_str();
    crisis->add_flag("--json", cargs->json, "print the training report (cross-validated figures) as JSON on stdout");
    crisis->callback([&cmd, cargs] { cmd.run = [cargs] { return run_train_crisis(*cargs); }; });

    auto dargs = std::make_shared<TrainDistortionArgs>();
    auto* dist = train->add_subcommand("distortions", "Rebuild models/distortions.atm (the learned distortion scorer)");
    dist->footer(
        "Trains on the project's own distortion statements (Apache-2.0), by default\n"
        "tests/fixtures/distortions/dev.tsv and dev_rules*.tsv; never on test.tsv, which is held\n"
        "out, nor on the research-only Shreevastava set. The threshold is chosen by\n"
        "leave-one-file-out cross-validation (precision >= 0.9 on every held-out file).\n"
        "Same files + seed = same file.\n\n"
        "Example:\n  attune train distortions --json && attune eval distortions --file tests/fixtures/distortions/dev.tsv");
    dist->add_option("--data", dargs->data, "a TSV of type<TAB>text (repeat for several)")
        ->check(CLI::ExistingFile);
    dist->add_option("--out", dargs->out, "where distortions.atm is written (default: the source tree's models/)");
    dist->add_option("--seed", dargs->seed, "random seed")->capture_default_str();
    dist->add_flag("--json", dargs->json, "print the training report (cross-validated figures) as JSON on stdout");
    dist->callback([&cmd, dargs] { cmd.run = [dargs] { return run_train_distortions(*dargs); }; });

    auto pargs = std::make_shared<TrainPriorArgs>();
    auto* prior = train->add_subcommand(
        "bandit-prior", "Fit the companion's population prior from this clinic's exercise outcomes");
    add_clinic_options(*prior, pargs->clinic);
    prior->add_option("--out", pargs->out,
                      "where the prior is written (default: DATA/bandit_prior.json, which `attune "
                      "serve` reads at start)");
    prior->add_option("--exercises", pargs->exercises_dir,
                      "the companion's exercise scripts (default: data/exercises of the source tree)");
    prior->add_flag("--json", pargs->json, "print the summary as JSON on stdout");
    prior->footer(
        "A new patient's companion starts knowing nothing of which exercises help: each is\n"
        "suggested in turn until the patient's own ratings tell them apart. This fits, by\n"
        "empirical Bayes, what this clinic's patients' outcomes say instead (as Personalized\n"
        "HeartSteps formed its prior from an earlier study): each exercise's mean reward by\n"
        "context, how much people differ, and how noisy one rating is. A patient's own ratings\n"
        "still outweigh it in time. In docs/BENCHMARKS.md a prior from 500 simulated people\n"
        "lowers the companion's regret by 4.6-7.9 % (three seeds).\n\n"
        "Only patients whose consent has pool_outcomes count (PUT /v1/me/consent; off unless\n"
        "given), and only the per-exercise sums the companion keeps for them, never their words.\n"
        "At least 10 such patients must have outcomes. Every state read is in the audit log\n"
        "(companion.pool_outcomes).\n\n"
        "Examples:\n"
        "  attune train bandit-prior --data /srv/attune                 writes /srv/attune/bandit_prior.json\n"
        "  attune train bandit-prior --data /srv/attune --db postgresql://attune@db/attune --json\n\n"
        "Exit codes: 0 written, 1 too few consenting patients or an unreadable store, 2 usage.");
    prior->callback([&cmd, pargs] { cmd.run = [pargs] { return run_train_bandit_prior(*pargs); }; });
}

}  // namespace attune::cli
