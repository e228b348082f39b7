// SPDX-License-Identifier: Apache-2.0
// attune admin user add --data DIR --role ROLE --username NAME   (password on stdin)
// attune admin assign --data DIR --clinician NAME --patient NAME
// Account management for whoever holds the data directory; the rules are the platform's.
#include <cstdio>
#include <iostream>

#include "common.hpp"

namespace attune::cli {
namespace {

struct AdminArgs {
    ClinicArgs clinic;
    std::string role;
    std::string username;
    std::string clinician;
    std::string patient;
    std::string password_cost = "moderate";
};

int run_user_add(const AdminArgs& args) {
    std::string password;
    if (!std::getline(std::cin, password) || password.empty())
        return fail(Status::invalid_argument(
            "password: give it on stdin, one line (e.g. `read -rs P; echo \"$P\" | attune admin "
            "user add ...`)"));
    if (!password.empty() && password.back() == '\r') password.pop_back();
    auto role = store::parse_role(args.role);
    if (!role) return fail(role.status());
    platform::Options options;
    options.password_cost = args.password_cost == "interactive" ? privacy::KdfCost::interactive
                                                                : privacy::KdfCost::moderate;
    auto clinic = open_clinic(args.clinic, options);
    if (!clinic) return fail(clinic.status());
    auto user = (*clinic)->add_user(*role, args.username, password);
    if (!user) return fail(user.status());
    std::printf("%s\n", user->id.c_str());
    return kExitOk;
}

int run_assign(const AdminArgs& args) {
    auto clinic = open_clinic(args.clinic);
    if (!clinic) return fail(clinic.status());
    const Status st = (*clinic)->assign(args.clinician, args.patient);
    if (!st) return fail(st);
    std::fprintf(stderr, "attune: %s now sees %s's records while %s consents to share\n",
                 args.clinician.c_str(), args.patient.c_str(), args.patient.c_str());
    return kExitOk;
}

}  // namespace

void add_admin_command(CLI::App& app, Command& cmd) {
    auto args = std::make_shared<AdminArgs>();
    auto* admin = app.add_subcommand("admin", "Manage accounts: add users, assign patients");
    admin->require_subcommand(1);

    auto* user = admin->add_subcommand("user", "User accounts");
    user->require_subcommand(1);
    auto* add = user->add_subcommand("add", "Add a user; reads the password from stdin, prints the new id");
    add_clinic_options(*add, args->clinic);
    add->add_option("--role", args->role, "patient, clinician or admin")
        ->required()
        ->check(CLI::IsMember({"patient", "clinician", "admin"}));
    add->add_option("--username", args->username, "3-64 characters: a-z 0-9 . _ -")->required();
    add->add_option("--password-cost", args->password_cost,
                    "Argon2id cost: moderate (256 MiB, ~0.7 s per login) or interactive (64 MiB)")
        ->capture_default_str()
        ->check(CLI::IsMember({"moderate", "interactive"}));
    add->footer(
        "The password (8 to 1024 bytes) is read from the first line of stdin, so it never shows in\n"
        "the process list or the shell history. A patient also gets their own data key.\n\n"
        "Example:\n"
        "  printf '%s\\n' \"$PW\" | attune admin user add --data ~/attune --role clinician --username dr.lee\n");
    add->callback([&cmd, args] { cmd.run = [args] { return run_user_add(*args); }; });

    auto* assign = admin->add_subcommand("assign", "Assign a patient to a clinician");
    add_clinic_options(*assign, args->clinic);
    assign->add_option("--clinician", args->clinician, "Clinician's username")->required();
    assign->add_option("--patient", args->patient, "Patient's username")->required();
    assign->footer(
        "The clinician then sees the patient's records for as long as the patient's consent\n"
        "includes share_with_clinician (PUT /v1/me/consent).\n");
    assign->callback([&cmd, args] { cmd.run = [args] { return run_assign(*args); }; });
}

}  // namespace attune::cli
