// SPDX-License-Identifier: Apache-2.0
// attune serve --data DIR [--db URL] [--host H] [--port P] [--tls-cert F --tls-key F] [--demo]
//              [--web DIR] [--exercises DIR] [--crisis-lines FILE]
// The care platform's HTTP API (tools/server) and its web app (web/); the rules are the platform's.
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "../server/server.hpp"
#include "common.hpp"

namespace attune::cli {
namespace {

struct ServeArgs {
    ClinicArgs clinic;
    server::ServerOptions http;
    std::string web_dir;  // --web; resolved by find_web_dir
    bool demo = false;
    bool quiet = false;
    std::string password_cost = "moderate";
    std::int64_t token_ttl_s = 12 * 3600;
    std::string exercises_dir;  // --exercises; data/exercises of the source tree by default
    std::string crisis_lines;   // --crisis-lines; data/companion/crisis_lines.json likewise
    std::string bandit_prior;   // --bandit-prior; DATA/bandit_prior.json when it exists
};

// The web app's directory: --web, else $ATTUNE_WEB_DIR, else web/ beside the executable's
// directory (build/web, where the build copies it). "" when there is none: the API is served
// alone, with a warning naming the places tried.
std::string find_web_dir(const std::string& explicit_dir) {
    if (!explicit_dir.empty()) return explicit_dir;  // a typo must fail, not fall back
    std::vector<std::string> tried;
    if (const char* env = std::getenv("ATTUNE_WEB_DIR"); env && *env) tried.emplace_back(env);
    tried.push_back(beside_exe_dir("web"));
    for (const auto& dir : tried)
        if (std::filesystem::is_directory(dir)) return dir;
    std::string list;
    for (const auto& dir : tried) list += (list.empty() ? "" : ", ") + dir;
    log(LogLevel::warn, "no web app found (tried " + list + "): serving the API only");
    return "";
}

int run_serve(const ServeArgs& args) {
    set_log_sink([quiet = args.quiet](LogLevel level, std::string_view message) {
        if (quiet && level < LogLevel::warn) return;
        static constexpr const char* kNames[] = {"debug", "info", "warn", "error"};
        std::fprintf(stderr, "attune: %s: %.*s\n", kNames[static_cast<int>(level)],
                     static_cast<int>(message.size()), message.data());
    });
    platform::Options options;
    options.token_ttl_ms = args.token_ttl_s * 1000;
    options.password_cost = args.password_cost == "interactive" ? privacy::KdfCost::interactive
                                                                : privacy::KdfCost::moderate;
    // The companion (POST /v1/chat) is loaded, and its files checked, before the port opens.
    options.exercises_dir =
        args.exercises_dir.empty() ? source_tree_dir("data/exercises") : args.exercises_dir;
    options.crisis_lines_path = args.crisis_lines.empty()
                                    ? source_tree_dir("data/companion") + "/crisis_lines.json"
                                    : args.crisis_lines;
    options.bandit_prior_path = args.bandit_prior;
    if (const std::string fitted = args.clinic.data_dir + "/" + kBanditPriorFile;
        options.bandit_prior_path.empty() && std::filesystem::exists(fitted))
        options.bandit_prior_path = fitted;
    if (!options.bandit_prior_path.empty())
        log(LogLevel::info, "the companion starts new patients from the population prior in " +
                                options.bandit_prior_path);
    auto clinic = open_clinic(args.clinic, options);
    if (!clinic) return fail(clinic.status());
    auto& platform = **clinic;

    std::vector<platform::DemoAccount> demo;
    if (args.demo) {
        auto users = platform.store().list_users();
        if (users && users->empty())
            std::fprintf(stderr, "attune: creating the demo clinic (60 days, 3 patients)...\n");
        auto created = platform.create_demo_clinic();
        if (!created) return fail(created.status());
        demo = std::move(created).value();
    }

    // SIGINT and SIGTERM stop the server cleanly: blocked here (and so in every thread started
    // from now on), then taken by one thread that calls stop().
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    server::ServerOptions http = args.http;
    http.web_dir = find_web_dir(args.web_dir);
    auto srv = server::Server::bind(platform, http);
    if (!srv) return fail(srv.status());
    const std::string scheme = args.http.tls_cert.empty() ? "http" : "https";
    std::printf("attune: serving %s://%s:%d/v1/ (store: %s, data: %s)\n", scheme.c_str(),
                args.http.host.c_str(), (*srv)->port(),
                std::string(platform.store().backend()).c_str(), args.clinic.data_dir.c_str());
    if (!http.web_dir.empty())
        std::printf("attune: web app at %s://%s:%d/ (from %s)\n", scheme.c_str(),
                    args.http.host.c_str(), (*srv)->port(), http.web_dir.c_str());
    if (!demo.empty()) {
        std::printf("attune: demo clinic created; logins (username / password):\n");
        for (const auto& a : demo)
            std::printf("  %-10s %-10s / %s\n", std::string(store::role_name(a.role)).c_str(),
                        a.username.c_str(), a.password.c_str());
        std::printf("  try: curl -s -X POST %s://%s:%d/v1/sessions -d "
                    "'{\"username\":\"%s\",\"password\":\"%s\"}'\n",
                    scheme.c_str(), args.http.host.c_str(), (*srv)->port(),
                    demo[0].username.c_str(), demo[0].password.c_str());
    }
    std::printf("attune: press Ctrl-C to stop\n");
    std::fflush(stdout);

    std::thread waiter([&] {
        int sig = 0;
        sigwait(&signals, &sig);
        (*srv)->stop();
    });
    const Status st = (*srv)->run();
    // run() also returns when listening fails: wake the waiter so it can be joined.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    if (!st) return fail(st);
    std::fprintf(stderr, "attune: stopped\n");
    return kExitOk;
}

}  // namespace

void add_serve_command(CLI::App& app, Command& cmd) {
    auto args = std::make_shared<ServeArgs>();
    auto* sub = app.add_subcommand(
        "serve", "Run the care platform's HTTP API (JSON, /v1) and its web app (/)");
    add_clinic_options(*sub, args->clinic);
    sub->add_option("--host", args->http.host, "Address to listen on")->capture_default_str();
    sub->add_option("--port", args->http.port, "Port (0: any free port, printed at start)")
        ->capture_default_str()
        ->check(CLI::Range(0, 65535));
    sub->add_option("--tls-cert", args->http.tls_cert, "PEM certificate: serve HTTPS")
        ->check(CLI::ExistingFile);
    sub->add_option("--tls-key", args->http.tls_key, "PEM private key of --tls-cert")
        ->check(CLI::ExistingFile);
    sub->add_option("--threads", args->http.threads,
                    "Request threads; each serves one keep-alive connection at a time, so this "
                    "bounds the clients served at once")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    sub->add_option("--max-body", args->http.max_body_bytes, "Largest request body, in bytes")
        ->capture_default_str()
        ->check(CLI::Range(1024, 64 << 20));
    sub->add_flag("--demo", args->demo,
                  "On first start (an empty store), create a demo clinic: a clinician and three "
                  "patients with 60 days of synthetic entries; print their logins");
    sub->add_option("--password-cost", args->password_cost,
                    "Argon2id cost of the demo accounts' passwords: moderate (256 MiB, ~0.7 s) or "
                    "interactive (64 MiB, ~0.1 s)")
        ->capture_default_str()
        ->check(CLI::IsMember({"moderate", "interactive"}));
    sub->add_option("--token-ttl", args->token_ttl_s, "Seconds a login token stays valid")
        ->capture_default_str()
        ->check(CLI::Range(1, 30 * 24 * 3600));
    sub->add_option("--web", args->web_dir,
                    "The web app's directory, served at / (default: $ATTUNE_WEB_DIR, else web/ "
                    "beside the executable's directory, where the build puts it)")
        ->check(CLI::ExistingDirectory);
    sub->add_option("--exercises", args->exercises_dir,
                    "The companion's exercise scripts (default: data/exercises of the source "
                    "tree)");
    sub->add_option("--crisis-lines", args->crisis_lines,
                    "The companion's crisis lines file (default: "
                    "data/companion/crisis_lines.json of the source tree)");
    sub->add_option("--bandit-prior", args->bandit_prior,
                    "The companion's population prior (default: DATA/bandit_prior.json when "
                    "`attune train bandit-prior` has written it)")
        ->check(CLI::ExistingFile);
    sub->add_flag("--quiet", args->quiet, "Log warnings and errors only, not every request");
    sub->footer(
        "The API is described in docs/openapi.yaml. Patient text, analyses and answers are stored\n"
        "encrypted under a per-patient key wrapped by the master key (DATA/master.key, mode 0600,\n"
        "or Argon2id of $ATTUNE_PASSPHRASE). Every read and write of patient data is audited\n"
        "(attune audit verify). Accounts are made with `attune admin`.\n\n"
        "Examples:\n"
        "  attune serve --data ~/attune --demo                 try it with a demo clinic\n"
        "  attune serve --data /srv/attune --db postgresql://attune@db/attune --host 0.0.0.0 \\\n"
        "               --tls-cert cert.pem --tls-key key.pem\n");
    sub->callback([&cmd, args] { cmd.run = [args] { return run_serve(*args); }; });
}

}  // namespace attune::cli
