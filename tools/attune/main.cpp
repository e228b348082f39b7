// SPDX-License-Identifier: Apache-2.0
// The attune command line: a thin driver over libattune, one file per subcommand.
#include <cstdio>

#include "common.hpp"

int main(int argc, char** argv) {
    using namespace attune::cli;
    CLI::App app{
        "Attune: an offline emotional-intelligence engine for mental-health support.\n"
        "It augments clinicians and never diagnoses.\n\n"
        "Examples:\n"
        "  attune text journal.txt            a readable table, one row per line\n"
        "  echo 'I feel so alone' | attune text --jsonl\n"
        "  attune train text                  rebuild models/text.atm from ../shared/data\n"
        "  attune train crisis                rebuild models/crisis.atm from our crisis statements\n"
        "  attune eval text                   accuracy on the dev splits\n"
        "  attune exercises                   the companion's exercise scripts, validated\n"
        "  attune chat                        talk with the companion (CBT exercises, safety first)\n"
        "  attune redact notes.txt            replace names, phones, e-mails, ... with [NAME], [PHONE], ...\n"
        "  attune simulate bandit             the exercise bandit on simulated people, against random\n"
        "  attune serve --data ~/attune --demo   the care platform's HTTP API with a demo clinic\n",
        "attune"};
    app.set_version_flag("--version", ATTUNE_VERSION);
    app.require_subcommand(1);
    Command cmd;
    add_text_command(app, cmd);
    add_train_command(app, cmd);
    add_eval_command(app, cmd);
    add_checkin_command(app, cmd);
    add_exercises_command(app, cmd);
    add_chat_command(app, cmd);
    add_redact_command(app, cmd);
    add_serve_command(app, cmd);
    add_admin_command(app, cmd);
    add_audit_command(app, cmd);
    add_simulate_command(app, cmd);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kExitUsage;
    }
    return cmd.run ? cmd.run() : kExitUsage;
}
