// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace attune::cli {
namespace {
std::filesystem::path exe_dir() {
    std::error_code ec;
    auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::current_path() : p.parent_path();
}
}  // namespace

std::string beside_exe_dir(const std::string& sub) {
    // build/bin/attune -> build/<sub>
    return (exe_dir() / ".." / sub).lexically_normal().string();
}

std::string source_tree_dir(const std::string& sub) {
    // build/bin/attune -> <source>/<sub>
    return (exe_dir() / ".." / ".." / sub).lexically_normal().string();
}

Result<std::string> find_model_dir(const std::string& explicit_dir, const std::string& file) {
    // An explicit --models is the only place looked at: a typo must not silently fall back.
    auto path = explicit_dir.empty()
        ? resolve_model_file(file, {}, {source_tree_dir("models"),
                                        (exe_dir() / ".." / "share" / "attune" / "models").lexically_normal().string()})
        : (std::filesystem::is_regular_file(std::filesystem::path(explicit_dir) / file)
               ? Result<std::string>((std::filesystem::path(explicit_dir) / file).string())
               : Result<std::string>(Status::not_found("model file " + (std::filesystem::path(explicit_dir) / file).string() +
                                                       " not found (given with --models)")));
    if (!path) return path.status();
    return std::filesystem::path(*path).parent_path().string();
}

void add_clinic_options(CLI::App& sub, ClinicArgs& args) {
    sub.add_option("--data", args.data_dir,
                   "Data directory: the master key, and the SQLite database unless --db names "
                   "another store (created when missing)")
        ->required();
    sub.add_option("--db", args.db_url,
                   "Store URL: sqlite: (DATA/attune.db), sqlite:///path.db, or "
                   "postgresql://user@host/db")
        ->capture_default_str();
    sub.add_option("--models", args.models, "Model directory (default: models/ of the source tree)");
}

Result<std::unique_ptr<platform::Platform>> open_clinic(const ClinicArgs& args,
                                                        platform::Options options) {
    std::error_code ec;
    std::filesystem::create_directories(args.data_dir, ec);
    if (ec)
        return Status::io_error("cannot create data directory " + args.data_dir + ": " +
                                ec.message());
    // The data directory holds the master key: nobody else on the machine should list it.
    std::filesystem::permissions(args.data_dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    auto models = find_model_dir(args.models, "text.atm");
    if (!models) return models.status();
    options.data_dir = args.data_dir;
    options.db_url = args.db_url;
    options.models_dir = *models;
    if (const char* pass = std::getenv("ATTUNE_PASSPHRASE"); pass && *pass)
        options.passphrase = pass;
    return platform::Platform::open(std::move(options));
}

std::string default_data_dir() {
    if (const char* env = std::getenv("ATTUNE_DATA_DIR"); env && *env) return env;
    return ATTUNE_DEFAULT_SHARED_DATA;
}

ProgressFn progress_bar() {
    if (!isatty(STDERR_FILENO)) return {};
    struct State {
        std::string stage;
        std::chrono::steady_clock::time_point last{};
    };
    auto state = std::make_shared<State>();
    return [state](std::string_view stage, std::size_t done, std::size_t total) {
        const auto now = std::chrono::steady_clock::now();
        const bool finished = done >= total;
        if (stage == state->stage && !finished && now - state->last < std::chrono::milliseconds(100)) return true;
        state->stage = std::string(stage);
        state->last = now;
        constexpr int kWidth = 30;
        const double f = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
        const int filled = static_cast<int>(f * kWidth);
        std::fprintf(stderr, "\r\033[K%-28.28s [%s%s] %3d%% (%zu/%zu)", state->stage.c_str(),
                     std::string(static_cast<std::size_t>(filled), '#').c_str(),
                     std::string(static_cast<std::size_t>(kWidth - filled), '.').c_str(),
                     static_cast<int>(f * 100), done, total);
        if (finished) std::fputc('\n', stderr);
        std::fflush(stderr);
        return true;
    };
}

int for_each_line(const std::string& input, const LineOptions& options,
                  const std::function<Status(std::size_t, const std::string&, std::string&)>&
                      each) {
    constexpr std::size_t kMaxLineBytes = 4u << 20;  // 4 MiB: far above any journal entry
    // One write per MiB rather than per line: a JSON line is ~2 KB, which std::cout passes
    // straight to a system call of its own.
    constexpr std::size_t kFlushBytes = 1u << 20;
    std::ifstream file;
    std::istream* in = &std::cin;
    if (input != "-") {
        std::error_code ec;
        if (std::filesystem::is_directory(input, ec))
            return fail(Status::invalid_argument("input " + input + " is a directory, not a file of texts"));
        file.open(input, std::ios::binary);
        if (!file) return fail(Status::not_found("cannot open input file " + input));
        in = &file;
    }
    std::ios::sync_with_stdio(false);
    if (options.on_open) options.on_open();
    std::string line, out;
    out.reserve(kFlushBytes + (64u << 10));
    auto flush = [&out] {
        if (out.empty()) return;
        std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
        std::cout.flush();
        out.clear();
    };
    std::size_t n = 0, failed = 0;
    while (std::getline(*in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::size_t mark = out.size();
        const Status st = line.size() > kMaxLineBytes
            ? Status::invalid_argument("longer than " + std::to_string(kMaxLineBytes >> 20) + " MiB")
            : each(n, line, out);
        if (!st.is_ok()) {
            out.resize(mark);
            ++failed;
            std::fprintf(stderr, "attune: line %zu: %s\n", n, st.to_string().c_str());
            if (options.jsonl) {
                const nlohmann::json err = {
                    {"line", n},
                    {"error", {{"type", status_code_name(st.code())}, {"message", st.message()}}}};
                out += err.dump();
                out += '\n';
            } else if (options.blank_line_on_error) {
                out += '\n';
            }
        }
        // in_avail() is 0 when the next line would have to wait for the writer of a pipe.
        if (out.size() >= kFlushBytes || in->rdbuf()->in_avail() <= 0) flush();
    }
    flush();
    if (in->bad()) return fail(Status::io_error("error reading " + input));
    return failed ? kExitFailure : kExitOk;
}

int fail(const Status& status) {
    std::fprintf(stderr, "attune: %s\n", status.to_string().c_str());
    return kExitFailure;
}

}  // namespace attune::cli
