// SPDX-License-Identifier: Apache-2.0
// attune exercises [--dir DIR] [--json]
// Lists the companion's exercise scripts, or validates a directory of them; the parsing and
// every rule live in attune::care.
#include <cstdio>
#include <iostream>

#include "common.hpp"

namespace attune::cli {
namespace {

struct ExercisesArgs {
    std::string dir;
    bool json = false;
};

constexpr std::string_view kFooter = R"(
Each exercise is one plain-text file, DIR/NAME.exercise, one `key: value` per line (# comments):
  exercise: box_breathing      title: Box breathing      technique: paced_breathing   minutes: 4
  suits: distress, sleep       (optional: the moments it is offered in: distress, low, thinking,
                                worry, sleep, positive)
then steps, each starting with `step: ID`:
  say: TEXT                    (several lines join; placeholders {feeling}, {distortion},
                                {distortion_question}, or a step's saved answer {NAME})
  ask: text | yes_no | number A..B | choice a|b|c
  if ANSWER: STEP              (branch on yes/no or a choice)      next: STEP or end
  save: NAME                   rate: mood_before | mood_after
  timing: in 4, hold 4, out 4, hold 4, repeat 4
The first step rates mood_before, one step rates mood_after (both ask: number 0..10) and only
it goes to end. The full format: include/attune/care.hpp and docs/ARCHITECTURE.md, "Exercises".

Examples:
  attune exercises                       the shipped exercises (data/exercises)
  attune exercises --dir my_exercises    validate a directory; exit 1 with FILE:LINE: problem
  attune exercises --json                every exercise and its steps, as JSON

Exit codes: 0 every file is valid, 1 a file is invalid or the directory is missing, 2 usage.
)";

int run_exercises(const ExercisesArgs& args) {
    const std::string dir = args.dir.empty() ? source_tree_dir("data/exercises") : args.dir;
    auto all = care::load_exercises(dir);
    if (!all) return fail(all.status());
    if (args.json) {
        auto out = nlohmann::json::array();
        for (const auto& ex : *all) out.push_back(care::to_json(ex));
        std::cout << out.dump(2) << '\n';
        return kExitOk;
    }
    std::printf("%-26s %-24s %7s %5s  %s\n", "id", "technique", "minutes", "steps", "title");
    for (const auto& ex : *all)
        std::printf("%-26s %-24s %7d %5zu  %s\n", ex.id.c_str(), ex.technique.c_str(), ex.minutes,
                    ex.steps.size(), ex.title.c_str());
    std::printf("\n%zu exercises in %s, all valid\n", all->size(), dir.c_str());
    return kExitOk;
}

}  // namespace

void add_exercises_command(CLI::App& app, Command& cmd) {
    auto args = std::make_shared<ExercisesArgs>();
    auto* sub = app.add_subcommand(
        "exercises", "List the companion's exercise scripts, or validate a directory of them");
    sub->footer(std::string(kFooter));
    sub->add_option("--dir", args->dir,
                    "directory of .exercise files (default: data/exercises of the source tree)");
    sub->add_flag("--json", args->json, "print every exercise and its steps as JSON");
    sub->callback([&cmd, args] { cmd.run = [args] { return run_exercises(*args); }; });
}

}  // namespace attune::cli
