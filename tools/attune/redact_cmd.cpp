// SPDX-License-Identifier: Apache-2.0
// attune redact [FILE|-] [--jsonl]: replace personal identifiers, one text per line.
#include <cstdio>

#include "common.hpp"

namespace attune::cli {
namespace {

struct RedactArgs {
    std::string input = "-";
    bool jsonl = false;
};

int run_redact(const RedactArgs& args) {
    // A failed line is never echoed (it may hold what was to be hidden): an empty line, or an
    // error object with --jsonl, keeps one output line per input line.
    LineOptions options;
    options.jsonl = args.jsonl;
    options.blank_line_on_error = true;
    auto each = [&](std::size_t n, const std::string& line, std::string& out) -> Status {
        auto r = text::redact(line);
        if (!r) return r.status();
        if (args.jsonl) {
            // ordered_json keeps the documented field order: line, text, spans{type, start, end}.
            nlohmann::ordered_json spans = nlohmann::ordered_json::array();
            for (const auto& s : r->spans)
                spans.push_back({{"type", text::pii_type_name(s.type)}, {"start", s.begin}, {"end", s.end}});
            out += nlohmann::ordered_json{{"line", n}, {"text", r->text}, {"spans", spans}}.dump();
        } else {
            out += r->text;
        }
        out += '\n';
        return Status::ok();
    };
    return for_each_line(args.input, options, each);
}

}  // namespace

void add_redact_command(CLI::App& app, Command& cmd) {
    auto args = std::make_shared<RedactArgs>();
    auto* sub = app.add_subcommand("redact", "Replace personal identifiers with [NAME], [PHONE], ... one text per line");
    sub->footer(
        "Reads UTF-8 text, one entry per line (stdin when FILE is '-' or absent), and prints each line\n"
        "with person names, e-mail addresses, phone numbers, street addresses, URLs, dates of birth\n"
        "and ID numbers replaced by [NAME], [EMAIL], [PHONE], [ADDRESS], [URL], [DOB] and [ID]. The\n"
        "rest of the line is left as written, so the redacted text analyses like the original. Cities,\n"
        "organisations, ordinary dates, doses and prices stay. Nothing leaves the machine.\n"
        "A line that is not valid UTF-8 is reported on stderr and printed as an empty line (as\n"
        "{\"line\",\"error\"} with --jsonl), never echoed; the other lines are still redacted, and the\n"
        "exit code is 1.\n\n"
        "JSON fields: line; text (redacted); spans [{type, start, end}]: type is name, email, phone,\n"
        "address, url, date_of_birth or id_number, start/end are byte offsets into the input line.\n\n"
        "Examples:\n"
        "  attune redact notes.txt > notes.redacted.txt\n"
        "  echo 'Call Priya on 07700 900461' | attune redact        # Call [NAME] on [PHONE]\n"
        "  attune redact --jsonl chat.txt\n"
        "  attune redact chat.txt | attune text --jsonl                # analyse what was redacted");
    sub->add_option("FILE", args->input, "input file, or - for stdin")->capture_default_str();
    sub->add_flag("--jsonl", args->jsonl, "one JSON object per input line: redacted text and the spans replaced");
    sub->callback([&cmd, args] { cmd.run = [args] { return run_redact(*args); }; });
}

}  // namespace attune::cli
