// SPDX-License-Identifier: Apache-2.0
// What every subcommand shares: exit codes, model lookup, a progress bar.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include <attune/attune.hpp>

namespace attune::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Each subcommand registers itself on the app and sets `run` to what it does.
struct Command {
    std::function<int()> run;
};
void add_text_command(CLI::App& app, Command& cmd);
void add_train_command(CLI::App& app, Command& cmd);
void add_eval_command(CLI::App& app, Command& cmd);
void add_checkin_command(CLI::App& app, Command& cmd);
void add_redact_command(CLI::App& app, Command& cmd);

// Directory holding `file`: --models alone when given; otherwise $ATTUNE_MODEL_DIR, then
// models/ of the source tree this binary was built from, then the install prefix. The error
// lists the places tried.
Result<std::string> find_model_dir(const std::string& explicit_dir, const std::string& file);

// The shared data directory (../shared/data next to the source tree) unless given.
std::string default_data_dir();
// The source tree's directory for `sub` (e.g. "models", "data/lexicons") next to the binary.
std::string source_tree_dir(const std::string& sub);

// A progress bar on stderr when it is a terminal; silent otherwise.
ProgressFn progress_bar();

// Prints "attune: <message>" to stderr and returns kExitFailure.
int fail(const Status& status);

}  // namespace attune::cli
