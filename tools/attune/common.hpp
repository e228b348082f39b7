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
void add_exercises_command(CLI::App& app, Command& cmd);
void add_chat_command(CLI::App& app, Command& cmd);
void add_redact_command(CLI::App& app, Command& cmd);
void add_serve_command(CLI::App& app, Command& cmd);
void add_admin_command(CLI::App& app, Command& cmd);
void add_audit_command(CLI::App& app, Command& cmd);
void add_simulate_command(CLI::App& app, Command& cmd);

// Where the care platform keeps its state: the options `serve`, `admin` and `audit` share.
// The companion's population prior in a clinic's data directory: `attune train bandit-prior`
// writes it, `attune serve` reads it at start.
inline constexpr const char* kBanditPriorFile = "bandit_prior.json";

struct ClinicArgs {
    std::string data_dir;        // --data DIR (created when missing)
    std::string db_url = "sqlite:";  // --db URL
    std::string models;          // --models DIR
};
// Adds --data (required), --db and --models to `sub`.
void add_clinic_options(CLI::App& sub, ClinicArgs& args);
// Opens the platform over `args`: the master key comes from $ATTUNE_PASSPHRASE when set (through
// Argon2id), otherwise from DATA_DIR/master.key, created with mode 0600 on first start.
Result<std::unique_ptr<platform::Platform>> open_clinic(const ClinicArgs& args,
                                                        platform::Options options = {});

// Directory holding `file`: --models alone when given; otherwise $ATTUNE_MODEL_DIR, then
// models/ of the source tree this binary was built from, then the install prefix. The error
// lists the places tried.
Result<std::string> find_model_dir(const std::string& explicit_dir, const std::string& file);

// The shared data directory (../shared/data next to the source tree) unless given.
std::string default_data_dir();
// The source tree's directory for `sub` (e.g. "models", "data/lexicons") next to the binary.
std::string source_tree_dir(const std::string& sub);
// `sub` in the directory above the binary's (build/bin/attune -> build/<sub>).
std::string beside_exe_dir(const std::string& sub);

// A progress bar on stderr when it is a terminal; silent otherwise.
ProgressFn progress_bar();

// Prints "attune: <message>" to stderr and returns kExitFailure.
int fail(const Status& status);

// The line loop of the commands that read one text per line (`attune text`, `attune redact`).
struct LineOptions {
    bool jsonl = false;                // a failed line also prints {"line","error"} on stdout
    bool blank_line_on_error = false;  // without jsonl, a failed line prints an empty line
    std::function<void()> on_open;     // called once the input is open, before the first line
};
// Reads `input` (a file, or stdin for "-"), one text per line with CRLF stripped, and calls
// `each(line number, text, out)` on every line of at most 4 MiB; `each` appends what it prints
// for the line to `out`, which goes to stdout in large writes (when 1 MiB has gathered, when
// the input has nothing more ready, so that a pipe still gets each line as it is answered, and
// at the end). A longer line or a line `each` fails is reported on stderr naming the line and
// never echoed (what `each` appended for it is dropped); the other lines go on. Returns the exit
// code: 0, or 1 when the input cannot be opened or read or a line failed.
int for_each_line(const std::string& input, const LineOptions& options,
                  const std::function<Status(std::size_t, const std::string&, std::string&)>& each);

}  // namespace attune::cli
