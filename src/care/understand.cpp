// SPDX-License-Identifier: Apache-2.0
// Reading the person's words: answers to a step's question, and the requests and questions the
// companion answers before anything else (is it a person, medication and diagnosis, topics out of
// its scope, stop, list, why, an exercise by name). Deterministic rules on the folded text:
// these paths are safety- and trust-critical, so they must be predictable and testable, not
// learned.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <regex>
#include <set>

#include "internal.hpp"

namespace attune::care::detail {
namespace {

constexpr std::array<std::string_view, 21> kNumberWords = {
    "zero",   "one",     "two",      "three",    "four",    "five",    "six",
    "seven",  "eight",   "nine",     "ten",      "eleven",  "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};

std::vector<std::string> words_of(std::string_view folded) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : folded) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'') {
            cur += c;
        } else if (!cur.empty()) {
            out.push_back(std::move(cur));
            cur.clear();
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

bool search(std::string_view text, const std::regex& re) {
    return std::regex_search(text.begin(), text.end(), re);
}

struct Patterns {
    std::regex not_a_person{
        R"(\b(are|r) (you|u) (a |an )?(real |actual )?(human|person|people|bot|robot|ai|a\.i\.|machine|computer|program|chatbot|real|alive)\b)"
        R"(|\b(am i|i am|i'm|im) (talking|chatting|speaking|texting|writing) (to|with) (a |an )?(real |actual )?(human|person|bot|robot|ai|machine|computer|program|someone real|somebody real)\b)"
        R"(|\bis (this|there|that) (a |an )?(real |actual )?(human|person|bot|robot|ai|machine|computer)\b)"
        R"(|\bwho am i (talking|speaking|chatting) (to|with)\b|^(who|what) are (you|u)\b)",
        std::regex::optimize};
    std::regex medication{
        R"(\b(medication|medications|medicine|medicines|meds|pills?|tablets?|dose|doses|dosage|mg|antidepressants?|ssris?|snris?|benzos?|sertraline|zoloft|fluoxetine|prozac|citalopram|celexa|escitalopram|lexapro|paroxetine|paxil|venlafaxine|effexor|duloxetine|cymbalta|bupropion|wellbutrin|mirtazapine|lithium|quetiapine|seroquel|aripiprazole|abilify|lamotrigine|xanax|alprazolam|diazepam|valium|lorazepam|ativan|clonazepam|klonopin|zolpidem|ambien|melatonin|adderall|ritalin|prescription|prescribed|side effects?)\b)",
        std::regex::optimize};
    std::regex advice_cue{
        R"(\?|\b(should i|can i|could i|may i|do i need|is it (ok|okay|safe|bad|normal)|how (much|many|long)|what (dose|dosage)|stop taking|start taking|stopped taking|come off|coming off|quit taking|skip|double|increase|decrease|lower|raise|mix|switch|change my|with alcohol|side effects?|withdrawal|recommend|advice|prescribe)\b)",
        std::regex::optimize};
    std::regex diagnosis{
        R"(\bdiagnos(e|is|ed|ing)\b)"
        R"(|\b(do|could|might|can) i (have|be suffering from) (a |an )?(depression|anxiety|bipolar|adhd|add|ptsd|ocd|bpd|autism|schizophrenia|psychosis|an? eating disorder|anorexia|bulimia|a personality disorder|a disorder|a mental illness|panic disorder|insomnia)\b)"
        R"(|\bam i (depressed|bipolar|autistic|psychotic|schizophrenic|mentally ill|a narcissist|having a breakdown)\b)"
        R"(|\b(is|was) (this|it|that) (depression|anxiety|bipolar|ptsd|ocd|adhd|psychosis|a panic attack|a disorder|a mental illness)\b)"
        R"(|\bwhat (disorder|condition|illness) do i have\b)",
        std::regex::optimize};
    std::regex physical{
        R"(\b(chest pains?|heart attack|can'?t breathe|cannot breathe|struggling to breathe|fainted|passing out|seizure|stroke|overdosed)\b)",
        std::regex::optimize};
    std::regex out_of_scope{
        R"(\b(write|fix|debug) (me )?(a |an |some |my )?(code|program|script|essay|poem|function)\b)"
        R"(|\b(python|javascript|java|c\+\+|sql) (code|question|program)\b|\bmy homework\b|\bdo my (homework|assignment)\b)"
        R"(|\blegal advice\b|\b(should|can|could) i sue\b|\b(find|need) a lawyer\b)"
        R"(|\b(stocks?|shares|crypto|bitcoin|invest(ing|ment)?|mortgage|tax return)\b.*\?)"
        R"(|\bwhat'?s the weather\b|\bweather (today|tomorrow)\b|\brecipe for\b|\bwho won\b|\bwho should i vote\b|\belection\b)",
        std::regex::optimize};
    std::regex stop{
        R"(^(ok(ay)?,? |please |can we |could we |i want to |i'd like to |i would like to |let'?s |lets |i need to )?(stop|quit|exit|cancel|end|finish|pause|leave)( (it|this|that|here|now|please|the exercise|this exercise|for now|for today))*[.!]*$)"
        R"(|^(enough|that'?s enough|no more|i'?m done|im done|i am done)( for (now|today))?[.!]*$)",
        std::regex::optimize};
    std::regex list{
        R"(^(what|which) (exercises|techniques|activities|options)\b|\b(list|show|see) (me )?(the |your |all )?(exercises|options|techniques)\b|^(exercises|menu|options)[?.!]*$|\bwhat can (you|we) do\b)",
        std::regex::optimize};
    std::regex why{
        R"(\bwhy (this|that) (one|exercise)\b|\bwhy (did|do) you (suggest|pick|choose|recommend|offer)|\bwhy (this|that)\?|^why\??$)",
        std::regex::optimize};
    std::regex greeting{
        R"(^(hi|hello|hey|hiya|heya|yo|howdy|good (morning|afternoon|evening))( there| again| companion)?[!.,: ]*$)",
        std::regex::optimize};
    std::regex pick_cue{
        R"(^(please |maybe )?(do|try|start|begin|go with|have a go at)\b)"
        R"(|\b(can|could|shall) (we|i|you) (do|try|start|begin|have a go at)\b)"
        R"(|\blet'?s (do|try|start|begin|have a go at)\b|\blets (do|try|start)\b)"
        R"(|\bi('d| would)? (like|want) to (do|try|start|begin)\b|\bi'll (do|try)\b)",
        std::regex::optimize};
};

const Patterns& patterns() {
    static const Patterns p;
    return p;
}

// The names a person may use for each exercise: its title and id in words, its technique, and a
// few everyday names.
std::vector<std::pair<std::string, std::string>> exercise_names(const std::vector<Exercise>& all) {
    std::vector<std::pair<std::string, std::string>> names;  // (name, exercise id)
    const std::pair<std::string_view, std::string_view> aliases[] = {
        {"breathing", "paced_breathing"},  {"breathe", "paced_breathing"},
        {"4-7-8", "breathing_478"},        {"478", "breathing_478"},
        {"5-4-3-2-1", "grounding_54321"},  {"54321", "grounding_54321"},
        {"grounding", "grounding"},        {"thought record", "thought_record"},
        {"challenge a thought", "cognitive_restructuring"},
        {"challenge my thought", "cognitive_restructuring"},
        {"challenge this thought", "cognitive_restructuring"},
        {"plan an activity", "behavioural_activation"},
        {"behavioral activation", "behavioural_activation"},
        {"self-compassion", "self_compassion"},
        {"self compassion", "self_compassion"},
        {"worry", "worry_time"},           {"gratitude", "gratitude"},
        {"sleep", "sleep_hygiene"},
    };
    for (const auto& ex : all) {
        names.emplace_back(fold(ex.title), ex.id);
        names.emplace_back(choice_label(ex.id), ex.id);
        names.emplace_back(choice_label(ex.technique), ex.id);
    }
    for (const auto& [name, target] : aliases) {
        // An alias names an exercise id, or a technique (its first exercise).
        for (const auto& ex : all)
            if (ex.id == target || ex.technique == target) {
                names.emplace_back(std::string(name), ex.id);
                break;
            }
    }
    // Longest names first, so that "box breathing" wins over "breathing".
    std::stable_sort(names.begin(), names.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    return names;
}

bool contains_phrase(std::string_view text, std::string_view phrase) {
    for (auto pos = text.find(phrase); pos != std::string_view::npos;
         pos = text.find(phrase, pos + 1)) {
        const bool left = pos == 0 || !std::isalnum(static_cast<unsigned char>(text[pos - 1]));
        const auto end = pos + phrase.size();
        const bool right =
            end == text.size() || !std::isalnum(static_cast<unsigned char>(text[end]));
        if (left && right) return true;
    }
    return false;
}

std::string strip_punctuation(std::string_view s) {
    std::string out(s);
    while (!out.empty() && std::string_view(".!?,").find(out.back()) != std::string_view::npos)
        out.pop_back();
    return out;
}

}  // namespace

std::string fold(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

std::optional<int> parse_number(std::string_view folded) {
    for (std::size_t i = 0; i < folded.size(); ++i) {
        const char c = folded[i];
        const bool digit = c >= '0' && c <= '9';
        const bool minus = c == '-' && i + 1 < folded.size() && folded[i + 1] >= '0' &&
                           folded[i + 1] <= '9' && (i == 0 || folded[i - 1] == ' ');
        if (!digit && !minus) continue;
        if (digit && i > 0 && std::isalpha(static_cast<unsigned char>(folded[i - 1]))) continue;
        std::string num;
        std::size_t j = i;
        if (minus) num += folded[j++];
        while (j < folded.size() && ((folded[j] >= '0' && folded[j] <= '9') ||
                                     (folded[j] == '.' && j + 1 < folded.size() &&
                                      folded[j + 1] >= '0' && folded[j + 1] <= '9')))
            num += folded[j++];
        const double v = std::strtod(num.c_str(), nullptr);
        if (!std::isfinite(v) || std::fabs(v) > 1e6) return std::nullopt;
        return static_cast<int>(std::lround(v));
    }
    for (const auto& w : words_of(folded))
        for (std::size_t n = 0; n < kNumberWords.size(); ++n)
            if (w == kNumberWords[n]) return static_cast<int>(n);
    return std::nullopt;
}

YesNo parse_yes_no(std::string_view folded) {
    // Single words only: "go" or "please" inside a sentence ("I can't go on") is not a yes.
    static const std::set<std::string, std::less<>> yes = {
        "yes", "yeah", "yea", "yep", "yup", "ya", "sure", "ok", "okay", "alright", "ready",
        "y", "definitely", "absolutely", "certainly"};
    static const std::set<std::string, std::less<>> no = {
        "no", "nope", "nah", "n", "not", "never", "don't", "dont", "later", "rather",
        "can't", "cant", "cannot", "won't", "wont", "isn't", "aren't", "nothing"};
    const auto w = words_of(folded);
    bool saw_yes = false, saw_no = false;
    for (const auto& t : w) {
        if (no.count(t)) saw_no = true;
        if (yes.count(t)) saw_yes = true;
    }
    // "not ready", "no thanks", "maybe later": a no word wins over a yes word.
    if (saw_no) return YesNo::no;
    if (saw_yes) return YesNo::yes;
    if (folded.find("of course") != std::string_view::npos ||
        folded.find("go ahead") != std::string_view::npos ||
        folded.starts_with("please") || folded.starts_with("let's") ||
        folded.starts_with("lets ") || folded == "k")
        return YesNo::yes;
    return YesNo::unclear;
}

YesNo parse_safe_answer(std::string_view folded, std::size_t words) {
    for (const char* unsafe : {"not safe", "unsafe", "n't feel safe", "not feel safe",
                               "not very safe", "not really safe", "no not really"})
        if (folded.find(unsafe) != std::string_view::npos) return YesNo::no;
    if (folded.find("safe") != std::string_view::npos) return YesNo::yes;
    if (words > 8) return YesNo::unclear;
    return parse_yes_no(folded);
}

std::string choice_label(std::string_view choice) {
    std::string out(choice);
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

std::optional<std::size_t> parse_choice(std::string_view folded,
                                        const std::vector<std::string>& choices) {
    const auto w = words_of(folded);
    if (w.size() == 1) {
        if (const auto n = parse_number(folded); n && *n >= 1 &&
                                                 static_cast<std::size_t>(*n) <= choices.size())
            return static_cast<std::size_t>(*n - 1);
    }
    static const std::set<std::string, std::less<>> filler = {"and", "or", "of", "my", "the",
                                                              "a", "to", "something"};
    std::optional<std::size_t> best;
    int best_score = 0;
    bool tie = false;
    for (std::size_t i = 0; i < choices.size(); ++i) {
        int score = contains_phrase(folded, choice_label(choices[i])) ? 100 : 0;
        for (const auto& cw : words_of(choice_label(choices[i])))
            if (!filler.count(cw) && std::find(w.begin(), w.end(), cw) != w.end()) ++score;
        // "something else" is chosen by its words together, or by "else" / "other".
        if (choices[i] == "something_else" &&
            (std::find(w.begin(), w.end(), "else") != w.end() ||
             std::find(w.begin(), w.end(), "other") != w.end()))
            ++score;
        if (score > best_score) {
            best = i;
            best_score = score;
            tie = false;
        } else if (score > 0 && score == best_score) {
            tie = true;
        }
    }
    if (tie) return std::nullopt;
    return best;
}

bool is_greeting(std::string_view folded) { return search(folded, patterns().greeting); }

Understood understand(std::string_view folded, const std::vector<Exercise>& exercises) {
    const auto& p = patterns();
    Understood u;
    if (search(folded, p.not_a_person)) {
        u.request = Request::not_a_person;
        return u;
    }
    if (search(folded, p.physical)) {
        u.request = Request::medical;
        u.physical = true;
        return u;
    }
    if (search(folded, p.diagnosis) ||
        (search(folded, p.medication) && search(folded, p.advice_cue))) {
        u.request = Request::medical;
        return u;
    }
    if (search(folded, p.out_of_scope)) {
        u.request = Request::out_of_scope;
        return u;
    }
    if (search(folded, p.stop)) {
        u.request = Request::stop;
        return u;
    }
    if (search(folded, p.why)) {
        u.request = Request::why;
        return u;
    }
    // An exercise by name: the whole message is its name, or a request to do it names it.
    const auto bare = strip_punctuation(folded);
    const bool cue = search(folded, p.pick_cue);
    for (const auto& [name, id] : exercise_names(exercises)) {
        if (bare == name || (cue && contains_phrase(folded, name))) {
            u.request = Request::pick;
            u.exercise = id;
            return u;
        }
    }
    if (search(folded, p.list)) u.request = Request::list;
    return u;
}

}  // namespace attune::care::detail
