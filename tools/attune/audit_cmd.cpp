// SPDX-License-Identifier: Apache-2.0
// attune audit verify --data DIR [--db URL]: check the hash chain of the audit log.
#include <cstdio>

#include "common.hpp"

namespace attune::cli {
namespace {

int run_verify(const ClinicArgs& args) {
    // Verifying needs no key and no model: the chain hash is unkeyed (privacy::chain_hash).
    auto st = store::open_store(args.db_url, args.data_dir);
    if (!st) return fail(st.status());
    auto checked = platform::verify_audit(**st);
    if (!checked) return fail(checked.status());
    std::printf("audit log intact: %lld records checked (%s)\n",
                static_cast<long long>(*checked), std::string((*st)->backend()).c_str());
    return kExitOk;
}

}  // namespace

void add_audit_command(CLI::App& app, Command& cmd) {
    auto args = std::make_shared<ClinicArgs>();
    auto* audit = app.add_subcommand("audit", "The audit log of every access to patient data");
    audit->require_subcommand(1);
    auto* verify = audit->add_subcommand("verify", "Check that no audit record was altered, removed or inserted");
    verify->add_option("--data", args->data_dir, "Data directory")->required()->check(CLI::ExistingDirectory);
    verify->add_option("--db", args->db_url, "Store URL")->capture_default_str();
    verify->footer(
        "Exits 0 when the chain is intact, 1 naming the first bad record otherwise.\n\n"
        "Example:\n"
        "  attune audit verify --data ~/attune\n");
    verify->callback([&cmd, args] { cmd.run = [args] { return run_verify(*args); }; });
}

}  // namespace attune::cli
