// SPDX-License-Identifier: Apache-2.0
// attune chat [--script FILE [--jsonl]] [--profile DIR] [--plan FILE] ...
// The companion in the terminal: interactive with a local, encrypted profile, or playing a
// script of messages for tests. The conversation rules all live in attune::care::Companion.

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common.hpp"

namespace attune::cli {
namespace {

struct ChatArgs {
    std::string script;        // a file of messages, "-" for stdin; empty: interactive
    bool jsonl = false;
    std::string profile_dir;   // where the encrypted profile lives; "" = default (interactive) or none (script)
    bool no_profile = false;
    std::string plan_file;     // a safety plan (JSON) to store in the profile
    bool show_plan = false;
    std::string locale;
    std::optional<int> utc_offset_min;
    std::string start;         // ISO 8601: the script's clock starts here
    std::uint64_t seed = 0;
    std::string exercises_dir;
    std::string crisis_lines;
    std::string bandit_prior;
    std::string models;
};

constexpr std::string_view kFooter = R"(
The companion listens, reflects what it hears and guides short CBT exercises (attune exercises
lists them). It is a program, not a person; it gives no diagnosis and no medication advice.
Crisis language at any point stops the exercise and shows your safety plan and crisis lines.

Interactive: type a message and press Enter; /plan shows your safety plan, /quit (or Ctrl-D)
ends. The conversation, your safety plan and what the companion has learned about which
exercises help you are kept in an encrypted profile (--profile DIR, default
$XDG_DATA_HOME/attune or ~/.local/share/attune: companion.key and companion.profile).

Script: --script FILE plays one message per line (empty lines and lines starting with # are
skipped; "@wait 30m", "@wait 6h" or "@wait 1d" moves the clock on). Messages are 60 s apart
from --start. With --jsonl each reply is one JSON object per line:
  {"reply","intent","technique","exercise","step","safety":{"level","escalated","urgent",
   "evidence","resources"},"feeling","distortions","outcome","decision","line"}
A script uses a fresh profile unless --profile is given.

Examples:
  attune chat
  attune chat --plan my_plan.json --show-plan
  printf 'I feel so anxious about tomorrow\nyes\n4\n' | attune chat --script - --jsonl
  attune chat --script tests/fixtures/chat/thought_record.txt --start 2026-01-05T09:00:00Z

A safety plan file: {"warning_signs":[...],"coping_strategies":[...],"people_and_places":[...],
"professionals":[...]}.

Exit codes: 0 done, 1 a file could not be read or a message failed (named on stderr), 2 usage.
)";

std::string default_profile_dir() {
    if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return std::string(x) + "/attune";
    if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.local/share/attune";
    return ".attune";
}

// "2026-01-05T09:00:00Z" (seconds optional) as UTC ms.
std::optional<std::int64_t> parse_iso(const std::string& s) {
    std::tm tm{};
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    char z = 0;
    const int n = std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &sec, &z);
    if (n < 5 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return std::nullopt;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    return static_cast<std::int64_t>(timegm(&tm)) * 1000;
}

// "30m", "6h", "1d" in ms.
std::optional<std::int64_t> parse_wait(std::string_view s) {
    if (s.size() < 2) return std::nullopt;
    const char unit = s.back();
    const std::int64_t per = unit == 's' ? 1000 : unit == 'm' ? 60'000 : unit == 'h' ? 3'600'000
                           : unit == 'd' ? 86'400'000 : 0;
    if (per == 0) return std::nullopt;
    std::int64_t n = 0;
    for (char c : s.substr(0, s.size() - 1)) {
        if (c < '0' || c > '9' || n > 1'000'000) return std::nullopt;
        n = n * 10 + (c - '0');
    }
    return n * per;
}

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The profile: DIR/companion.key (a master key, mode 0600) and DIR/companion.profile = the
// wrapped data key followed by the person's state sealed under it.
class Profile {
public:
    static Result<Profile> open(const std::string& dir) {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) return Status::io_error("cannot create profile directory " + dir + ": " + ec.message());
        auto master = privacy::MasterKey::load_or_create_key_file(dir + "/companion.key");
        if (!master) return master.status();
        return Profile(dir, std::move(*master));
    }

    Result<care::Person> load() const {
        std::ifstream in(path(), std::ios::binary);
        if (!in) return care::Person{};  // a first run
        std::ostringstream bytes;
        bytes << in.rdbuf();
        const std::string blob = bytes.str();
        if (blob.size() < privacy::kWrappedKeyBytes)
            return Status::corrupt(path() + " is too short to be a companion profile");
        auto key = privacy::unwrap(master_, {blob.substr(0, privacy::kWrappedKeyBytes)}, kAad);
        if (!key) return key.status().with_context(path() + " (does companion.key belong to it?)");
        auto plain = privacy::open(*key, std::string_view(blob).substr(privacy::kWrappedKeyBytes), kAad);
        if (!plain) return plain.status().with_context(path());
        const auto json = nlohmann::json::parse(*plain, nullptr, false);
        if (json.is_discarded()) return Status::corrupt(path() + ": not JSON");
        auto person = care::Person::from_json(json);
        if (!person) return person.status().with_context(path());
        return person;
    }

    Status save(const care::Person& person) const {
        const auto key = privacy::generate_data_key();
        auto sealed = privacy::seal(key, person.to_json().dump(), kAad);
        if (!sealed) return sealed.status();
        return write_file_atomic(path(), privacy::wrap(master_, key, kAad).bytes + *sealed,
                                 /*owner_only=*/true);
    }

private:
    static constexpr std::string_view kAad = "companion:profile";
    Profile(std::string dir, privacy::MasterKey master) : dir_(std::move(dir)), master_(std::move(master)) {}
    std::string path() const { return dir_ + "/companion.profile"; }
    std::string dir_;
    privacy::MasterKey master_;
};

void print_reply(const care::Reply& r) {
    std::cout << "\ncompanion> " << r.reply << '\n';
    if (r.timing)
        std::cout << "           (breathing: " << r.timing->total_s() << " s in all)\n";
}

int run_chat(const ChatArgs& args) {
    if (args.jsonl && args.script.empty()) {
        std::fprintf(stderr, "attune: --jsonl needs --script FILE (or --script - for stdin)\n");
        return kExitUsage;
    }
    std::optional<std::int64_t> start;
    if (!args.start.empty() && !(start = parse_iso(args.start))) {
        std::fprintf(stderr, "attune: --start: expected an ISO 8601 UTC time like 2026-01-05T09:00:00Z, got '%s'\n",
                     args.start.c_str());
        return kExitUsage;
    }
    auto model_dir = find_model_dir(args.models, "crisis.atm");
    if (!model_dir) return fail(model_dir.status());
    auto analyzer = text::Analyzer::load(*model_dir);
    if (!analyzer) return fail(analyzer.status());
    care::CompanionOptions options;
    options.analyzer = *analyzer;
    options.exercises_dir = args.exercises_dir.empty() ? source_tree_dir("data/exercises") : args.exercises_dir;
    options.crisis_lines_path = args.crisis_lines.empty()
                                    ? source_tree_dir("data/companion") + "/crisis_lines.json"
                                    : args.crisis_lines;
    if (!args.bandit_prior.empty()) {
        auto prior = care::BanditPrior::load(args.bandit_prior);
        if (!prior) return fail(prior.status());
        prior->apply(options.bandit);
    }
    auto companion = care::Companion::load(options);
    if (!companion) return fail(companion.status());

    // The profile: always in interactive mode, only when asked for with a script.
    std::optional<Profile> profile;
    const bool use_profile = !args.no_profile && (args.script.empty() || !args.profile_dir.empty());
    care::Person person;
    if (use_profile) {
        auto p = Profile::open(args.profile_dir.empty() ? default_profile_dir() : args.profile_dir);
        if (!p) return fail(p.status());
        auto loaded = p->load();
        if (!loaded) return fail(loaded.status());
        person = std::move(*loaded);
        profile.emplace(std::move(*p));
    }
    if (!args.locale.empty()) person.locale = args.locale;
    if (args.utc_offset_min) {
        if (std::abs(*args.utc_offset_min) > 14 * 60) {
            std::fprintf(stderr, "attune: --utc-offset: %d minutes is outside -840..840\n", *args.utc_offset_min);
            return kExitUsage;
        }
        person.utc_offset_min = *args.utc_offset_min;
    }
    if (!args.plan_file.empty()) {
        std::ifstream in(args.plan_file);
        if (!in) return fail(Status::not_found("safety plan file " + args.plan_file + " not found"));
        const auto json = nlohmann::json::parse(in, nullptr, false);
        if (json.is_discarded())
            return fail(Status::invalid_argument(args.plan_file + ": not valid JSON"));
        auto plan = care::SafetyPlan::from_json(json);
        if (!plan) return fail(plan.status().with_context(args.plan_file));
        plan->updated_at_ms = now_ms();
        person.safety_plan = std::move(*plan);
    }
    const auto save = [&]() -> int {
        if (!profile) return kExitOk;
        if (auto s = profile->save(person); !s) return fail(s);
        return kExitOk;
    };
    if (args.show_plan) {  // prints the plan (after storing --plan) and ends
        std::cout << person.safety_plan.to_json().dump(2) << '\n';
        return save();
    }

    care::MessageContext ctx;
    ctx.seed = args.seed;
    if (!args.script.empty()) {
        std::int64_t clock = start.value_or(now_ms());
        std::size_t line_no = 0;
        std::ifstream file;
        std::istream* in = &std::cin;
        if (args.script != "-") {
            file.open(args.script, std::ios::binary);
            if (!file) return fail(Status::not_found("script " + args.script + " not found"));
            in = &file;
        }
        int rc = kExitOk;
        std::string line;
        bool first = true;
        while (std::getline(*in, line)) {
            ++line_no;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.empty() || line.front() == '#') continue;
            if (line.rfind("@wait ", 0) == 0) {
                const auto wait = parse_wait(line.substr(6));
                if (!wait) {
                    std::fprintf(stderr, "attune: %s:%zu: expected @wait N[s|m|h|d]\n",
                                 args.script.c_str(), line_no);
                    return kExitFailure;
                }
                clock += *wait;
                continue;
            }
            if (!first) clock += 60'000;
            first = false;
            ctx.now_ms = clock;
            auto reply = (*companion)->reply(person, line, ctx);
            if (!reply) {
                std::fprintf(stderr, "attune: %s:%zu: %s\n", args.script.c_str(), line_no,
                             reply.status().message().c_str());
                if (args.jsonl)
                    std::cout << nlohmann::json{{"line", line_no}, {"error", reply.status().message()}}.dump() << '\n';
                rc = kExitFailure;
                continue;
            }
            if (args.jsonl) {
                auto j = reply->to_json();
                j["line"] = line_no;
                std::cout << j.dump() << '\n';
            } else {
                std::cout << "\nyou> " << line;
                print_reply(*reply);
            }
        }
        if (const int s = save(); s != kExitOk) return s;
        return rc;
    }

    // Interactive.
    ctx.now_ms = now_ms();
    print_reply((*companion)->greet(person, ctx));
    std::string line;
    while (true) {
        std::cout << "\nyou> " << std::flush;
        if (!std::getline(std::cin, line)) break;
        if (line == "/quit" || line == "/exit") break;
        if (line == "/plan") {
            std::cout << person.safety_plan.to_json().dump(2) << '\n';
            continue;
        }
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        ctx.now_ms = now_ms();
        auto reply = (*companion)->reply(person, line, ctx);
        if (!reply) {
            std::fprintf(stderr, "attune: %s\n", reply.status().message().c_str());
            continue;
        }
        print_reply(*reply);
        if (const int s = save(); s != kExitOk) return s;  // after every reply: nothing lost
    }
    std::cout << '\n';
    return save();
}

}  // namespace

void add_chat_command(CLI::App& app, Command& cmd) {
    auto args = std::make_shared<ChatArgs>();
    auto* sub = app.add_subcommand("chat", "Talk with the companion: CBT exercises with a safety path");
    sub->footer(std::string(kFooter));
    sub->add_option("--script", args->script, "play the messages of FILE (\"-\": stdin), one per line");
    sub->add_flag("--jsonl", args->jsonl, "with --script: one JSON object per reply");
    sub->add_option("--profile", args->profile_dir, "the encrypted profile's directory");
    sub->add_flag("--no-profile", args->no_profile, "keep nothing after the conversation");
    sub->add_option("--plan", args->plan_file, "store this safety plan (JSON) in the profile");
    sub->add_flag("--show-plan", args->show_plan, "print the safety plan as JSON and end");
    sub->add_option("--locale", args->locale, "crisis lines of this locale (en-US, en-GB, en-CA, en-IE, en-AU, en-NZ; others: international)");
    sub->add_option("--utc-offset", args->utc_offset_min, "your local time's offset from UTC, in minutes");
    sub->add_option("--start", args->start, "with --script: the time of the first message, ISO 8601 UTC");
    sub->add_option("--seed", args->seed, "seed for the exercise choice (default: from the clock)");
    sub->add_option("--exercises", args->exercises_dir, "exercise scripts (default: data/exercises)");
    sub->add_option("--crisis-lines", args->crisis_lines, "crisis lines file (default: data/companion/crisis_lines.json)");
    sub->add_option("--bandit-prior", args->bandit_prior,
                    "start the exercise choice from this population prior (attune train bandit-prior)");
    sub->add_option("--models", args->models, "directory of text.atm and crisis.atm");
    sub->callback([&cmd, args] { cmd.run = [args] { return run_chat(*args); }; });
}

}  // namespace attune::cli
