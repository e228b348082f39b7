// SPDX-License-Identifier: Apache-2.0
// attune checkin phq9|gad7|cssrs --answers LIST [--json|--fhir] [--subject REF] [--date ISO8601]
// attune checkin phq9|gad7|cssrs --list [--json]
// Scores a screening questionnaire; all the clinical logic lives in attune::clinical.
#include <cstdio>
#include <ctime>
#include <iostream>

#include "common.hpp"

namespace attune::cli {
namespace {

using clinical::Definition;
using clinical::Instrument;

struct CheckinArgs {
    Instrument instrument = Instrument::phq9;
    std::string answers;
    std::string subject;
    std::string date;
    bool json = false;
    bool fhir = false;
    bool list = false;
};

// `text` wrapped at `width` columns, continuation lines indented by `indent` spaces.
std::string wrap(std::string_view text, std::size_t indent, std::size_t width = 96) {
    std::string out, line;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find(' ', pos);
        if (end == std::string_view::npos) end = text.size();
        const auto word = text.substr(pos, end - pos);
        if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
            out += line + "\n" + std::string(indent, ' ');
            line.clear();
        }
        line += (line.empty() ? "" : " ") + std::string(word);
        pos = end + 1;
    }
    return out + line;
}

std::string scale(const clinical::Item& item) {
    std::string out;
    for (const auto& o : item.options)
        out += (out.empty() ? "" : ", ") + std::to_string(o.score) + " = " + std::string(o.text);
    return out;
}

std::string bands(const Definition& def) {
    std::string out;
    for (const auto& b : def.bands)
        out += (out.empty() ? "" : ", ") + std::to_string(b.min_total) + "-" +
               std::to_string(b.max_total) + " " + std::string(clinical::severity_name(b.severity));
    return out;
}

std::string asked_when(const Definition& def, const clinical::Item& item) {
    if (!item.asked_if_yes_to) return "";
    return " [asked only if " + std::string(def.items[*item.asked_if_yes_to].label) + " is yes]";
}

std::string items_text(const Definition& def) {
    std::string out;
    for (const auto& item : def.items) {
        char label[8];
        std::snprintf(label, sizeof label, "  %-3s ", std::string(item.label).c_str());
        out += label + wrap(std::string(item.text) + asked_when(def, item), 6) + "\n";
    }
    return out;
}

// The C-SSRS answer syntax, skip logic and result, as --help teaches them.
constexpr std::string_view kCssrsSyntax = R"(
Answer syntax: seven fields in this order, comma-separated: items 1 to 6, then 6b.
  yes (y, 1), no (n, 0), or - for an item that was not asked.
  Items 3, 4 and 5 are asked only when 2 is yes: give - for them when 2 is no.
  Item 6 is always asked; 6b only when 6 is yes (give - when 6 is no).
  An answer to a skipped item, or a missing answer to an asked one, is an error naming the item.

Result: the screener's triage risk (none; low: yes to 1 or 2 only; moderate: yes to 3, or
behaviour more than 3 months ago; high: yes to 4 or 5, or behaviour in the past 3 months) and
the crisis ladder level as `attune text` grades it (none; passive: 1 only; active: 2 or 3;
plan: 4 or 5; behavior: 6 within the past 3 months). Any risk raises a safety flag.

Examples:
  attune checkin cssrs --answers no,no,-,-,-,no,-            nothing endorsed
  attune checkin cssrs --answers yes,no,-,-,-,no,-           wish to be dead: low, passive
  attune checkin cssrs --answers yes,yes,yes,no,no,no,-      a method: moderate, active
  attune checkin cssrs --answers yes,yes,no,yes,no,no,-      intent: high, plan
  attune checkin cssrs --answers no,no,-,-,-,yes,yes --json  recent behaviour: high, behavior
)";

constexpr std::string_view kExitCodes = R"(
With --json or --fhir a safety flag is also written to stderr. Exit codes: 0 scored (check
safety_flag), 1 bad answers (the message names the item) or a bad --subject/--date, 2 usage.

)";

std::string footer(const Definition& def) {
    const std::string name(def.name);
    const bool cssrs = def.instrument == Instrument::cssrs;
    const bool phq = def.instrument == Instrument::phq9;
    const std::string what = cssrs ? ": six yes/no questions on suicidal thoughts and behaviour."
                             : phq ? ", a screening questionnaire for depression."
                                   : ", a screening questionnaire for anxiety.";
    std::string f =
        wrap("The " + std::string(def.title) + what + " A screening result, not a diagnosis.", 0) +
        "\n" + wrap(def.instructions, 0) + "\n\n" + items_text(def);
    if (cssrs) {
        f += kCssrsSyntax;
    } else {
        f += "\nAnswer each item with its score, comma-separated, in order:\n  " +
             wrap(scale(def.items.front()), 2) + "\nTotal 0-" + std::to_string(def.max_total) +
             "; severity bands: " + wrap(bands(def), 0) + ".\n";
        if (phq)
            f +=
                "Item 9 above 0 raises a safety flag that must reach a human whatever the total.\n";
        const std::string run = "  attune checkin " + name + " --answers " +
                                (phq ? "1,2,0,3,1,0,2,1,0" : "1,1,0,2,1,0,1");
        f += "\nExamples:\n" + run + "\n" + run + " --json\n" + run +
             " --fhir --subject Patient/123 --date 2024-05-01T09:30:00Z\n";
    }
    f += "  attune checkin " + name +
         " --list --json   the items and their options, for a front end\n";
    return f + std::string(kExitCodes) + wrap(def.copyright, 0);
}

void print_list(const Definition& def) {
    std::printf("%s\n%s\n\n", std::string(def.title).c_str(), wrap(def.instructions, 0).c_str());
    for (const auto& item : def.items) {
        std::printf("%3s. %s\n", std::string(item.label).c_str(),
                    wrap(std::string(item.text) + asked_when(def, item), 5).c_str());
        if (!item.hint.empty()) std::printf("     %s\n", wrap(item.hint, 5).c_str());
        std::string options;
        for (const auto& o : item.options)
            options += (options.empty() ? "" : " | ") + std::to_string(o.score) + " " +
                       std::string(o.text);
        std::printf("     %s\n", options.c_str());
    }
    std::printf("\n%s\n", wrap(def.copyright, 0).c_str());
}

void print_summary(const Definition& def, const clinical::Screening& s) {
    std::printf("%s: screening result, not a diagnosis\n", std::string(def.short_title).c_str());
    if (s.instrument == Instrument::cssrs) {
        std::printf("  risk          %s (screener triage)\n",
                    std::string(clinical::cssrs_risk_name(s.risk)).c_str());
        std::printf("  crisis level  %s\n",
                    std::string(clinical::crisis_level_name(s.crisis_level)).c_str());
    } else {
        std::string band;
        for (const auto& b : def.bands)
            if (b.severity == *s.severity)
                band = std::to_string(b.min_total) + "-" + std::to_string(b.max_total);
        std::printf("  total     %d of %d\n", s.total, def.max_total);
        std::printf("  severity  %s (%s)\n",
                    std::string(clinical::severity_name(*s.severity)).c_str(), band.c_str());
        if (s.instrument == Instrument::phq9) {
            const auto& item9 = def.items[8];
            for (const auto& o : item9.options)
                if (o.score == *s.answers[8])
                    std::printf("  item 9    %d (%s)\n", o.score, std::string(o.text).c_str());
        }
    }
    if (s.safety_flag) std::printf("\nSAFETY: %s\n", wrap(clinical::safety_notice(s), 8).c_str());
}

std::string now_utc() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

int run_checkin(const CheckinArgs& args) {
    const auto& def = clinical::definition(args.instrument);
    if (args.list) {
        if (args.json)
            std::cout << clinical::definition_to_json(args.instrument).dump(2) << '\n';
        else
            print_list(def);
        return kExitOk;
    }
    const std::string context = std::string(def.name) + " --answers";
    auto answers = clinical::parse_answers(args.instrument, args.answers);
    if (!answers) return fail(answers.status().with_context(context));
    auto screening = clinical::score(args.instrument, *answers);
    if (!screening) return fail(screening.status().with_context(context));

    if (args.fhir) {
        clinical::FhirOptions opt;
        opt.subject = args.subject;
        opt.authored = args.date.empty() ? now_utc() : args.date;
        if (auto st = clinical::validate_fhir_datetime(opt.authored); !st)
            return fail(st.with_context("--date"));
        auto bundle = clinical::to_fhir_bundle(*screening, opt);
        if (!bundle) return fail(bundle.status().with_context("--subject"));
        std::cout << bundle->dump(2) << '\n';
    } else if (args.json) {
        std::cout << clinical::to_json(*screening).dump() << '\n';
    } else {
        print_summary(def, *screening);
    }
    std::cout.flush();
    // Machine output goes to a file or a pipe; the flag must still reach whoever runs this.
    if (screening->safety_flag && (args.json || args.fhir))
        std::fprintf(stderr, "attune: SAFETY: %s\n", clinical::safety_notice(*screening).c_str());
    return kExitOk;
}

}  // namespace

void add_checkin_command(CLI::App& app, Command& cmd) {
    auto* checkin = app.add_subcommand(
        "checkin", "Score a PHQ-9, GAD-7 or C-SSRS screener check-in (screening, not diagnosis)");
    checkin->require_subcommand(1);
    checkin->footer(
        "Questionnaires: phq9 (depression), gad7 (anxiety), cssrs (suicide risk screener).\n"
        "Each prints a readable summary, or --json, or --fhir (a FHIR R4 Bundle with LOINC "
        "codes).\n"
        "See `attune checkin phq9 --help` for the items and the answer scale.\n\n"
        "Examples:\n"
        "  attune checkin phq9 --answers 1,2,0,3,1,0,2,1,0 --json\n"
        "  attune checkin cssrs --answers yes,no,-,-,-,no,-\n"
        "  attune checkin gad7 --list");
    for (const auto instrument : clinical::all_instruments()) {
        const auto& def = clinical::definition(instrument);
        auto args = std::make_shared<CheckinArgs>();
        args->instrument = instrument;
        auto* sub = checkin->add_subcommand(std::string(def.name),
                                            "Score the " + std::string(def.short_title) + " (" +
                                                std::to_string(def.items.size()) + " answers)");
        sub->footer(footer(def));
        auto* answers =
            sub->add_option("--answers", args->answers,
                            instrument == Instrument::cssrs
                                ? "seven comma-separated answers: yes, no or - (not asked)"
                                : "one score per item, comma-separated, in order");
        auto* json = sub->add_flag("--json", args->json, "print the result as one JSON object");
        auto* fhir = sub->add_flag("--fhir", args->fhir,
                                   "print a FHIR R4 Bundle (QuestionnaireResponse + Observations)");
        json->excludes(fhir);
        auto* subject =
            sub->add_option("--subject", args->subject, "with --fhir: the person, e.g. Patient/123")
                ->needs(fhir);
        auto* date =
            sub->add_option("--date", args->date,
                            "with --fhir: when it was answered, ISO 8601 (default: now, UTC)")
                ->needs(fhir);
        auto* list =
            sub->add_flag("--list", args->list,
                          "print the items and their answer options (with --json: as JSON)");
        list->excludes(answers)->excludes(fhir)->excludes(subject)->excludes(date);
        sub->callback([&cmd, args, answers] {
            if (!args->list && answers->count() == 0)
                throw CLI::RequiredError("--answers (or --list to see the items)");
            cmd.run = [args] { return run_checkin(*args); };
        });
    }
}

}  // namespace attune::cli
