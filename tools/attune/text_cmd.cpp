// SPDX-License-Identifier: Apache-2.0
// attune text [FILE|-] [--jsonl]: analyse one text per line.
#include <cstdio>

#include "common.hpp"

namespace attune::cli {
namespace {

struct TextArgs {
    std::string input = "-";
    std::string models;
    bool jsonl = false;
    bool explain = false;
};

// The first `cols` code points of s, with "..." when cut; never splits a UTF-8 sequence.
std::string excerpt(std::string_view s, std::size_t cols) {
    std::string out;
    std::size_t n = 0, i = 0;
    while (i < s.size() && n < cols) {
        std::size_t len = 1;
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0xF0) len = 4;
        else if (c >= 0xE0) len = 3;
        else if (c >= 0xC0) len = 2;
        out.append(s.substr(i, len));
        i += len;
        ++n;
    }
    if (i < s.size()) out += "...";
    return out;
}

std::string signed2(double v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%+.2f", v);
    return buf;
}

void print_table_header() {
    std::printf("%-4s  %-8s  %-30s  %-17s  %-32s  %s\n", "line", "compound", "emotions", "V / A / D", "because of", "text");
    std::printf("%s\n", std::string(140, '-').c_str());
}

void print_row(std::size_t line, const text::Analysis& a, std::string_view text) {
    std::string labels;
    for (const auto& l : a.labels) labels += (labels.empty() ? "" : ", ") + l;
    std::string why;
    for (std::size_t i = 0; i < a.explanation.sentiment.size() && i < 3; ++i)
        why += (why.empty() ? "" : ", ") + a.explanation.sentiment[i].token + " " + signed2(a.explanation.sentiment[i].weight);
    const std::string vad = signed2(a.vad.valence) + " " + signed2(a.vad.arousal) + " " + signed2(a.vad.dominance);
    std::printf("%-4zu  %-8s  %-30s  %-17s  %-32s  %s\n", line, signed2(a.sentiment.compound).c_str(),
                excerpt(labels, 30).c_str(), vad.c_str(), excerpt(why, 32).c_str(), excerpt(text, 48).c_str());
}

void print_explained(const text::Analysis& a) {
    for (const auto& e : a.explanation.emotions) {
        std::printf("        %-14s %.2f  ", e.label.c_str(), e.probability);
        for (const auto& t : e.tokens) std::printf(" %s %s", t.token.c_str(), signed2(t.weight).c_str());
        std::printf("\n");
    }
}

// Clinical flags under a row: crisis language first, with the words that raised it and where
// to turn, then the thinking patterns CBT would work on.
void print_flags(const text::Analysis& a) {
    if (a.crisis.level != text::CrisisLevel::none) {
        std::string why;
        for (const auto& e : a.crisis.evidence) why += (why.empty() ? "\"" : ", \"") + e + "\"";
        std::printf("      ! crisis language (%s%s): %s\n", std::string(text::crisis_level_name(a.crisis.level)).c_str(),
                    a.crisis.self_harm ? ", self-harm" : "", why.c_str());
        std::printf("        If you are in danger now, call your local emergency number or a crisis line; a clinician should see this.\n");
    }
    for (const auto& d : a.distortions)
        std::printf("      ~ %s: \"%s\" -- %s\n", std::string(text::distortion_name(d.type)).c_str(), d.evidence.c_str(), d.reframe.c_str());
}

int run_text(const TextArgs& args) {
    auto dir = find_model_dir(args.models, "text.atm");
    if (!dir) return fail(dir.status());
    auto analyzer = text::Analyzer::load(*dir);
    if (!analyzer) return fail(analyzer.status());

    LineOptions options;
    options.jsonl = args.jsonl;
    if (!args.jsonl) options.on_open = print_table_header;
    auto each = [&](std::size_t n, const std::string& line, std::string& out) -> Status {
        auto a = (*analyzer)->analyze(line);
        if (!a) return a.status();
        if (args.jsonl) {
            text::append_json(*a, out, n);
            out += '\n';
        } else {
            print_row(n, *a, line);
            print_flags(*a);
            if (args.explain) print_explained(*a);
        }
        return Status::ok();
    };
    return for_each_line(args.input, options, each);
}

}  // namespace

void add_text_command(CLI::App& app, Command& cmd) {
    auto args = std::make_shared<TextArgs>();
    auto* sub = app.add_subcommand("text", "Analyse the emotion in texts, one per line");
    sub->footer(
        "Reads UTF-8 text, one entry per line (stdin when FILE is '-' or absent). For each line it\n"
        "reports sentiment (VADER-style compound in [-1,1] blended with a learned valence), the 28\n"
        "GoEmotions labels, Ekman groups, valence/arousal/dominance on [-1,1] and the words behind them.\n"
        "A line that is not valid UTF-8 is reported on stderr (and as {\"line\",\"error\"} with --jsonl);\n"
        "the other lines are still analysed, and the exit code is 1.\n\n"
        "JSON fields: line; sentiment {compound, positive, neutral, negative, rules_compound};\n"
        "emotions {28 labels: probability}; labels [above tuned thresholds]; ekman {anger, disgust,\n"
        "fear, joy, sadness, surprise, neutral}; vad {valence, arousal, dominance} on [-1,1] =\n"
        "(EmoBank 1..5 rating - 3) / 2; explanation {sentiment: [{token, weight}], emotions:\n"
        "[{label, probability, tokens}]}; crisis {level: none|passive|active|plan|behavior (the C-SSRS\n"
        "screener's ladder), self_harm, confidence, evidence [phrases]}; distortions [{type, evidence,\n"
        "reframe}]; words.\n\n"
        "Crisis language is flagged, never diagnosed: a flag names the words that raised it and is for a\n"
        "human to read.\n\n"
        "Examples:\n"
        "  attune text samples/journal.txt\n"
        "  attune text --explain samples/journal.txt\n"
        "  echo \"idk, i'm not happy :(\" | attune text --jsonl");
    sub->add_option("FILE", args->input, "input file, or - for stdin")->capture_default_str();
    sub->add_flag("--jsonl", args->jsonl, "one JSON object per input line, in input order");
    sub->add_flag("--explain", args->explain, "in the table, also show the words behind the top emotions");
    sub->add_option("--models", args->models, "directory holding text.atm (default: $ATTUNE_MODEL_DIR, then models/ of the source tree)");
    sub->callback([&cmd, args] { cmd.run = [args] { return run_text(*args); }; });
}

}  // namespace attune::cli
