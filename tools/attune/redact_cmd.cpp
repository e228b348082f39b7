// SPDX-License-Identifier: Apache-2.0
// attune redact [FILE|-] [--jsonl]: replace personal identifiers, one text per line.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "common.hpp"

namespace attune::cli {
namespace {

constexpr std::size_t kMaxLineBytes = 4u << 20;  // 4 MiB, as for attune text

struct RedactArgs {
    std::string input = "-";
    bool jsonl = false;
};

int run_redact(const RedactArgs& args) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (args.input != "-") {
        std::error_code ec;
        if (std::filesystem::is_directory(args.input, ec))
            return fail(Status::invalid_argument("input " + args.input + " is a directory, not a file of texts"));
        file.open(args.input, std::ios::binary);
        if (!file) return fail(Status::not_found("cannot open input file " + args.input));
        in = &file;
    }
    std::ios::sync_with_stdio(false);
    std::string line, out;
    std::size_t n = 0, failed = 0;
    while (std::getline(*in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        Result<text::Redaction> r = line.size() > kMaxLineBytes
            ? Result<text::Redaction>(Status::invalid_argument("longer than " + std::to_string(kMaxLineBytes >> 20) + " MiB"))
            : text::redact(line);
        out.clear();
        if (!r) {
            ++failed;
            std::fprintf(stderr, "attune: line %zu: %s\n", n, r.status().to_string().c_str());
            // Never echo the unredacted line; keep one output line per input line.
            if (args.jsonl) {
                const nlohmann::json err = {{"line", n}, {"error", {{"type", status_code_name(r.status().code())}, {"message", r.status().message()}}}};
                out = err.dump();
            }
        } else if (args.jsonl) {
            // ordered_json keeps the documented field order: line, text, spans{type, start, end}.
            nlohmann::ordered_json spans = nlohmann::ordered_json::array();
            for (const auto& s : r->spans)
                spans.push_back({{"type", text::pii_type_name(s.type)}, {"start", s.begin}, {"end", s.end}});
            out = nlohmann::ordered_json{{"line", n}, {"text", r->text}, {"spans", spans}}.dump();
        } else {
            out = std::move(r->text);
        }
        out += '\n';
        std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
    }
    std::cout.flush();
    if (in->bad()) return fail(Status::io_error("error reading " + args.input));
    return failed ? kExitFailure : kExitOk;
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
