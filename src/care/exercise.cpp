// SPDX-License-Identifier: Apache-2.0
// The exercise script parser and validator (the format is described in include/attune/care.hpp).
// One pass reads lines into the header and steps, naming FILE:LINE for what is malformed on a
// line; a second pass checks the graph (targets, reachability, a way out, the ratings).
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <attune/care.hpp>

namespace attune::care {
namespace {

constexpr std::string_view kTechniques[] = {"thought_record",
                                            "cognitive_restructuring",
                                            "behavioural_activation",
                                            "paced_breathing",
                                            "grounding",
                                            "self_compassion",
                                            "worry_time",
                                            "gratitude",
                                            "sleep_hygiene"};
constexpr std::string_view kEnginePlaceholders[] = {"feeling", "distortion", "distortion_question"};
constexpr std::string_view kMoments[] = {"distress", "low", "thinking", "worry", "sleep", "positive"};
constexpr std::string_view kEnd = "end";

std::string_view trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// The line without its comment: `#` at the start or after a space or tab.
std::string_view strip_comment(std::string_view line) {
    for (std::size_t i = 0; i < line.size(); ++i)
        if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t'))
            return line.substr(0, i);
    return line;
}

bool is_id(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

std::optional<int> to_int(std::string_view s) {
    int v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

// Parses what follows `ask:`.
Result<Ask> parse_ask(std::string_view value) {
    Ask ask;
    const auto space = value.find(' ');
    const auto kind = value.substr(0, space);
    const auto rest =
        space == std::string_view::npos ? std::string_view{} : trim(value.substr(space + 1));
    if (kind == "text" || kind == "yes_no") {
        if (!rest.empty())
            return Status::invalid_argument("ask: " + std::string(kind) +
                                            " takes nothing after it");
        ask.type = kind == "text" ? AnswerType::text : AnswerType::yes_no;
        return ask;
    }
    if (kind == "number") {
        const auto dots = rest.find("..");
        const auto lo =
            dots == std::string_view::npos ? std::nullopt : to_int(trim(rest.substr(0, dots)));
        const auto hi =
            dots == std::string_view::npos ? std::nullopt : to_int(trim(rest.substr(dots + 2)));
        if (!lo || !hi || *lo >= *hi)
            return Status::invalid_argument(
                "ask: number needs a range A..B of whole numbers with A < B, got " +
                in_quotes(rest));
        ask.type = AnswerType::number;
        ask.min = *lo;
        ask.max = *hi;
        return ask;
    }
    if (kind == "choice") {
        std::size_t pos = 0;
        while (pos <= rest.size()) {
            auto bar = rest.find('|', pos);
            if (bar == std::string_view::npos) bar = rest.size();
            const auto option = trim(rest.substr(pos, bar - pos));
            if (!is_id(option))
                return Status::invalid_argument(
                    "ask: choice options are ids (a-z, 0-9, _) separated by |, got " +
                    in_quotes(option));
            if (std::find(ask.choices.begin(), ask.choices.end(), option) != ask.choices.end())
                return Status::invalid_argument("ask: choice option " + in_quotes(option) +
                                                " is listed twice");
            ask.choices.emplace_back(option);
            pos = bar + 1;
        }
        if (ask.choices.size() < 2)
            return Status::invalid_argument("ask: choice needs at least two options, a|b");
        ask.type = AnswerType::choice;
        return ask;
    }
    return Status::invalid_argument("ask: expects text, yes_no, number A..B or choice a|b|c, got " +
                                    in_quotes(value));
}

// The names in {braces} in `text`, or the error for an unclosed or empty brace.
Result<std::vector<std::string>> placeholders_in(std::string_view text) {
    std::vector<std::string> names;
    for (std::size_t pos = text.find('{'); pos != std::string_view::npos;
         pos = text.find('{', pos)) {
        const auto close = text.find('}', pos);
        if (close == std::string_view::npos)
            return Status::invalid_argument("say: a { without its closing }");
        const auto name = text.substr(pos + 1, close - pos - 1);
        if (!is_id(name))
            return Status::invalid_argument("say: placeholder " +
                                            in_quotes(text.substr(pos, close - pos + 1)) +
                                            " is not a name (a-z, 0-9, _)");
        names.emplace_back(name);
        pos = close + 1;
    }
    return names;
}

struct Parser {
    std::string file;
    Exercise ex;
    std::map<std::string, int> header_lines;                    // header key -> its line
    std::map<std::string, int> step_lines;                      // step id -> its line
    std::set<std::string> step_keys;                            // keys seen in the current step
    std::vector<std::pair<int, std::string>> say_placeholders;  // (line, name)

    Status error(int line, std::string_view what) const {
        return Status::invalid_argument(file + ":" + std::to_string(line) + ": " +
                                        std::string(what));
    }

    Status header(int line, std::string_view key, std::string_view value) {
        if (!ex.steps.empty())
            return error(line,
                         std::string(key) + ": belongs in the header, before the first step:");
        if (const auto it = header_lines.find(std::string(key)); it != header_lines.end())
            return error(line, std::string(key) + ": given twice (first at line " +
                                   std::to_string(it->second) + ")");
        header_lines[std::string(key)] = line;
        if (key == "exercise") {
            if (!is_id(value))
                return error(line,
                             "exercise: the id uses a-z, 0-9 and _ only, got " + in_quotes(value));
            ex.id = value;
        } else if (key == "title") {
            if (value.empty()) return error(line, "title: is empty");
            ex.title = value;
        } else if (key == "technique") {
            if (std::find(std::begin(kTechniques), std::end(kTechniques), value) ==
                std::end(kTechniques)) {
                std::string known;
                for (auto t : kTechniques) known += (known.empty() ? "" : ", ") + std::string(t);
                return error(line, "technique: unknown technique " + in_quotes(value) +
                                       " (known: " + known + ")");
            }
            ex.technique = value;
        } else if (key == "suits") {
            std::string_view rest = value;
            while (!rest.empty()) {
                const auto comma = rest.find(',');
                const auto item = trim(rest.substr(0, comma));
                rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
                if (std::find(std::begin(kMoments), std::end(kMoments), item) == std::end(kMoments)) {
                    std::string known;
                    for (auto m : kMoments) known += (known.empty() ? "" : ", ") + std::string(m);
                    return error(line, "suits: unknown moment " + in_quotes(item) + " (known: " +
                                           known + ")");
                }
                if (std::find(ex.suits.begin(), ex.suits.end(), item) != ex.suits.end())
                    return error(line, "suits: " + in_quotes(item) + " is listed twice");
                ex.suits.emplace_back(item);
            }
            if (ex.suits.empty()) return error(line, "suits: lists no moment");
        } else {  // minutes
            const auto m = to_int(value);
            if (!m || *m < 1 || *m > 60)
                return error(line, "minutes: a whole number 1..60, got " + in_quotes(value));
            ex.minutes = *m;
        }
        return Status::ok();
    }

    Status step_key(int line, std::string_view key, std::string_view value) {
        if (ex.steps.empty())
            return error(line, std::string(key) + ": belongs in a step, after a step: line");
        Step& step = ex.steps.back();
        const bool repeatable = key == "say" || key.starts_with("if ");
        if (!repeatable && !step_keys.insert(std::string(key)).second)
            return error(line, std::string(key) + ": given twice in step " + in_quotes(step.id));
        if (key == "say") {
            if (value.empty()) return error(line, "say: is empty");
            auto names = placeholders_in(value);
            if (!names) return error(line, names.status().message());
            for (auto& n : *names) say_placeholders.emplace_back(line, std::move(n));
            step.say += (step.say.empty() ? "" : "\n") + std::string(value);
        } else if (key == "ask") {
            auto ask = parse_ask(value);
            if (!ask) return error(line, ask.status().message());
            step.ask = std::move(*ask);
        } else if (key == "timing") {
            auto timing = parse_timing(value);
            if (!timing) return error(line, timing.status().message());
            step.timing = std::move(*timing);
        } else if (key == "rate") {
            if (value == "mood_before")
                step.rate = Rating::mood_before;
            else if (value == "mood_after")
                step.rate = Rating::mood_after;
            else
                return error(line,
                             "rate: expects mood_before or mood_after, got " + in_quotes(value));
        } else if (key == "save") {
            if (!is_id(value))
                return error(line,
                             "save: a placeholder name (a-z, 0-9, _), got " + in_quotes(value));
            if (std::find(std::begin(kEnginePlaceholders), std::end(kEnginePlaceholders), value) !=
                std::end(kEnginePlaceholders))
                return error(line, "save: " + in_quotes(value) +
                                       " is filled by the engine; choose another name");
            step.save = value;
        } else if (key == "next") {
            if (!is_id(value))
                return error(line, "next: a step id or end, got " + in_quotes(value));
            step.next = value;
        } else {  // if ANSWER
            const auto answer = trim(key.substr(3));
            if (!is_id(answer) || !is_id(value))
                return error(line, "if ANSWER: STEP expects an answer and a step id, got " +
                                       in_quotes(std::string(key) + ": " + std::string(value)));
            for (const auto& b : step.branches)
                if (b.answer == answer)
                    return error(line, "if " + std::string(answer) + ": given twice in step " +
                                           in_quotes(step.id));
            step.branches.push_back({std::string(answer), std::string(value), line});
        }
        return Status::ok();
    }

    Status line(int n, std::string_view raw) {
        const auto text = trim(strip_comment(raw));
        if (text.empty()) return Status::ok();
        const auto colon = text.find(':');
        if (colon == std::string_view::npos)
            return error(n, "expected `key: value`, got " + in_quotes(text));
        const auto key = trim(text.substr(0, colon));
        const auto value = trim(text.substr(colon + 1));
        if (key == "exercise" || key == "title" || key == "technique" || key == "minutes" ||
            key == "suits")
            return header(n, key, value);
        if (key == "step") {
            if (!is_id(value) || value == kEnd)
                return error(
                    n, "step: an id of a-z, 0-9 and _ other than end, got " + in_quotes(value));
            if (const auto it = step_lines.find(std::string(value)); it != step_lines.end())
                return error(n, "step " + in_quotes(value) + " is defined twice (first at line " +
                                    std::to_string(it->second) + ")");
            step_lines[std::string(value)] = n;
            ex.steps.push_back({});
            ex.steps.back().id = value;
            ex.steps.back().line = n;
            step_keys.clear();
            return Status::ok();
        }
        if (key == "say" || key == "ask" || key == "timing" || key == "rate" || key == "save" ||
            key == "next" || key.starts_with("if "))
            return step_key(n, key, value);
        return error(n, "unknown key " + in_quotes(key) +
                            " (header: exercise, title, technique, minutes, suits; step: step, say, ask, "
                            "if ANSWER, next, rate, save, timing)");
    }

    // Checks one step on its own: its say, its answer and its ways on.
    Status check_step(const Step& s) const {
        if (s.say.empty()) return error(s.line, "step " + in_quotes(s.id) + " has no say:");
        if (s.rate != Rating::none &&
            (s.ask.type != AnswerType::number || s.ask.min != 0 || s.ask.max != 10))
            return error(s.line, "step " + in_quotes(s.id) +
                                     " rates the mood, so it must ask: number 0..10");
        if (s.ask.type == AnswerType::none && !s.save.empty())
            return error(s.line, "step " + in_quotes(s.id) + " saves an answer but asks nothing");
        std::set<std::string> answers;
        if (s.ask.type == AnswerType::yes_no) answers = {"yes", "no"};
        if (s.ask.type == AnswerType::choice)
            answers.insert(s.ask.choices.begin(), s.ask.choices.end());
        for (const auto& b : s.branches) {
            if (answers.empty())
                return error(b.line, "if " + b.answer +
                                         ": branches need ask: yes_no or ask: choice in step " +
                                         in_quotes(s.id));
            if (!answers.count(b.answer))
                return error(b.line, "if " + b.answer + ": " + in_quotes(b.answer) +
                                         " is not an answer step " + in_quotes(s.id) + " asks for");
        }
        if (s.next.empty()) {
            if (s.branches.empty())
                return error(s.line, "step " + in_quotes(s.id) + " has no next:");
            for (const auto& a : answers)
                if (std::none_of(s.branches.begin(), s.branches.end(),
                                 [&](const Branch& b) { return b.answer == a; }))
                    return error(s.line, "step " + in_quotes(s.id) +
                                             " has no branch for the answer " + in_quotes(a) +
                                             " and no next: for the rest");
        }
        return Status::ok();
    }

    // The steps a step can go to (targets already checked), with the line naming each.
    std::vector<std::pair<std::string, int>> targets(const Step& s) const {
        std::vector<std::pair<std::string, int>> out;
        if (!s.next.empty()) out.emplace_back(s.next, s.line);
        for (const auto& b : s.branches) out.emplace_back(b.to, b.line);
        return out;
    }

    Status finish(int last_line) {
        for (const auto key : {"exercise", "title", "technique", "minutes"})
            if (!header_lines.count(key))
                return error(1, std::string("missing ") + key + ": in the header");
        if (ex.steps.empty()) return error(last_line, "the exercise has no step:");
        for (const auto& s : ex.steps) ATTUNE_RETURN_IF_ERROR(check_step(s));

        // Every target exists; only the after rating may end the exercise.
        std::map<std::string, std::size_t> index;
        for (std::size_t i = 0; i < ex.steps.size(); ++i) index[ex.steps[i].id] = i;
        for (const auto& s : ex.steps)
            for (const auto& [to, line] : targets(s)) {
                if (to == kEnd) {
                    if (s.rate != Rating::mood_after)
                        return error(line, "step " + in_quotes(s.id) +
                                               " goes to end, but only the mood_after step may "
                                               "(the after rating is asked on every way out)");
                } else if (!index.count(to)) {
                    return error(line, "step " + in_quotes(s.id) + " goes to " + in_quotes(to) +
                                           ", which does not exist");
                }
            }

        // The ratings: the first step asks the before rating, exactly one step the after one.
        const Step* after = nullptr;
        for (const auto& s : ex.steps) {
            if (s.rate == Rating::mood_before && &s != &ex.steps.front())
                return error(s.line, "step " + in_quotes(s.id) +
                                         " rates mood_before but is not the first step");
            if (s.rate == Rating::mood_after) {
                if (after)
                    return error(s.line, "step " + in_quotes(s.id) +
                                             " rates mood_after again (first in step " +
                                             in_quotes(after->id) + ")");
                after = &s;
            }
        }
        if (ex.steps.front().rate != Rating::mood_before)
            return error(ex.steps.front().line,
                         "missing the before mood rating: the first step must have "
                         "rate: mood_before and ask: number 0..10");
        if (!after)
            return error(last_line,
                         "missing the after mood rating: one step must have rate: mood_after, "
                         "ask: number 0..10 and next: end");
        if (after->next != kEnd)
            return error(after->line, "step " + in_quotes(after->id) +
                                          " rates mood_after, so its next: must be end");

        // Reachable from the start, and able to reach the end (no cycle without a way out).
        std::vector<bool> reached(ex.steps.size(), false);
        std::vector<std::size_t> todo{0};
        reached[0] = true;
        while (!todo.empty()) {
            const auto i = todo.back();
            todo.pop_back();
            for (const auto& [to, line] : targets(ex.steps[i]))
                if (to != kEnd && !reached[index[to]]) {
                    reached[index[to]] = true;
                    todo.push_back(index[to]);
                }
        }
        for (std::size_t i = 0; i < ex.steps.size(); ++i)
            if (!reached[i])
                return error(ex.steps[i].line, "step " + in_quotes(ex.steps[i].id) +
                                                   " is unreachable from the first step " +
                                                   in_quotes(ex.steps.front().id));
        std::vector<bool> ends(ex.steps.size(), false);
        for (bool changed = true; changed;) {
            changed = false;
            for (std::size_t i = 0; i < ex.steps.size(); ++i) {
                if (ends[i]) continue;
                for (const auto& [to, line] : targets(ex.steps[i]))
                    if (to == kEnd || ends[index[to]]) {
                        ends[i] = changed = true;
                        break;
                    }
            }
        }
        for (std::size_t i = 0; i < ex.steps.size(); ++i)
            if (!ends[i])
                return error(ex.steps[i].line,
                             "step " + in_quotes(ex.steps[i].id) +
                                 " can never reach the end: it is in a cycle with no way out");

        // Placeholders: the engine's, or a step's saved answer.
        for (const auto& [line, name] : say_placeholders) {
            const bool engine =
                std::find(std::begin(kEnginePlaceholders), std::end(kEnginePlaceholders), name) !=
                std::end(kEnginePlaceholders);
            const bool saved = std::any_of(ex.steps.begin(), ex.steps.end(),
                                           [&](const Step& s) { return s.save == name; });
            if (!engine && !saved)
                return error(line, "unknown placeholder {" + name +
                                       "}: the engine fills {feeling}, {distortion}, "
                                       "{distortion_question}; others must be a step's save: name");
        }
        return Status::ok();
    }
};

nlohmann::json timing_json(const Timing& t) {
    auto phases = nlohmann::json::array();
    for (const auto& p : t.phases)
        phases.push_back({{"phase", p.kind == BreathPhase::in     ? "in"
                                    : p.kind == BreathPhase::hold ? "hold"
                                                                  : "out"},
                          {"seconds", p.seconds}});
    return {{"phases", phases}, {"rounds", t.rounds}};
}

}  // namespace

std::string_view answer_type_name(AnswerType type) {
    switch (type) {
        case AnswerType::none:
            return "none";
        case AnswerType::text:
            return "text";
        case AnswerType::yes_no:
            return "yes_no";
        case AnswerType::number:
            return "number";
        case AnswerType::choice:
            return "choice";
    }
    return "none";
}

int Timing::total_s() const {
    int round = 0;
    for (const auto& p : phases) round += p.seconds;
    return round * rounds;
}

Result<Timing> parse_timing(std::string_view text) {
    Timing t;
    bool repeat_seen = false;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        auto comma = text.find(',', pos);
        if (comma == std::string_view::npos) comma = text.size();
        const auto part = trim(text.substr(pos, comma - pos));
        pos = comma + 1;
        const auto space = part.find(' ');
        const auto word = part.substr(0, space);
        // -1 when the number is missing or not a whole number (every valid count is positive).
        const int n = space == std::string_view::npos
                          ? -1
                          : to_int(trim(part.substr(space + 1))).value_or(-1);
        if (repeat_seen)
            return Status::invalid_argument("timing: repeat N comes last, found " +
                                            in_quotes(part) + " after it");
        if (word == "repeat") {
            if (n < 1 || n > 30)
                return Status::invalid_argument("timing: repeat takes a whole number 1..30, got " +
                                                in_quotes(part));
            t.rounds = n;
            repeat_seen = true;
            continue;
        }
        Phase p;
        if (word == "in")
            p.kind = BreathPhase::in;
        else if (word == "hold")
            p.kind = BreathPhase::hold;
        else if (word == "out")
            p.kind = BreathPhase::out;
        else
            return Status::invalid_argument(
                "timing: expects phases `in|hold|out SECONDS` then `repeat N`, "
                "separated by commas, got " +
                in_quotes(part));
        if (n < 1 || n > 20)
            return Status::invalid_argument(
                "timing: a phase lasts a whole number of seconds 1..20, got " + in_quotes(part));
        p.seconds = n;
        t.phases.push_back(p);
    }
    if (t.phases.empty()) return Status::invalid_argument("timing: no breathing phase");
    return t;
}

const Step* Exercise::find(std::string_view step_id) const {
    for (const auto& s : steps)
        if (s.id == step_id) return &s;
    return nullptr;
}

std::span<const std::string_view> techniques() { return kTechniques; }
std::span<const std::string_view> moments() { return kMoments; }

std::span<const std::string_view> engine_placeholders() { return kEnginePlaceholders; }

Result<Exercise> parse_exercise(std::string_view text, std::string_view file_name) {
    Parser p;
    p.file = file_name;
    p.ex.file = file_name;
    int n = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        ATTUNE_RETURN_IF_ERROR(p.line(++n, text.substr(pos, eol - pos)));
        pos = eol + 1;
    }
    ATTUNE_RETURN_IF_ERROR(p.finish(std::max(n, 1)));
    return std::move(p.ex);
}

Result<std::vector<Exercise>> load_exercises(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return Status::not_found("exercise directory " + dir + " not found");
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".exercise") files.push_back(it->path());
    if (ec) return Status::io_error("cannot list " + dir + ": " + ec.message());
    if (files.empty()) return Status::not_found("no .exercise file in " + dir);
    std::sort(files.begin(), files.end());

    std::vector<Exercise> out;
    for (const auto& path : files) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        if (in) text << in.rdbuf();
        if (!in || in.bad()) return Status::io_error("cannot read " + path.string());
        auto ex = parse_exercise(text.str(), path.string());
        if (!ex) return ex.status();
        if (path.stem() != ex->id)
            return Status::invalid_argument(path.string() +
                                            ":1: the file declares exercise: " + ex->id +
                                            ", so it must be named " + ex->id + ".exercise");
        out.push_back(std::move(*ex));
    }
    return out;
}

nlohmann::json to_json(const Exercise& ex) {
    auto steps = nlohmann::json::array();
    for (const auto& s : ex.steps) {
        nlohmann::json j = {{"id", s.id}, {"line", s.line}, {"say", s.say}};
        if (s.ask.type != AnswerType::none) {
            nlohmann::json ask = {{"type", answer_type_name(s.ask.type)}};
            if (s.ask.type == AnswerType::number) {
                ask["min"] = s.ask.min;
                ask["max"] = s.ask.max;
            }
            if (s.ask.type == AnswerType::choice) ask["choices"] = s.ask.choices;
            j["ask"] = ask;
        }
        if (s.rate != Rating::none)
            j["rate"] = s.rate == Rating::mood_before ? "mood_before" : "mood_after";
        if (!s.save.empty()) j["save"] = s.save;
        if (s.timing) j["timing"] = timing_json(*s.timing);
        if (!s.next.empty()) j["next"] = s.next;
        if (!s.branches.empty()) {
            auto branches = nlohmann::json::array();
            for (const auto& b : s.branches)
                branches.push_back({{"answer", b.answer}, {"to", b.to}});
            j["branches"] = branches;
        }
        steps.push_back(std::move(j));
    }
    nlohmann::json out = {{"id", ex.id},           {"title", ex.title}, {"technique", ex.technique},
                          {"minutes", ex.minutes}, {"file", ex.file},   {"steps", steps}};
    if (!ex.suits.empty()) out["suits"] = ex.suits;
    return out;
}

}  // namespace attune::care
