// SPDX-License-Identifier: Apache-2.0
// attune::care — the companion's exercises (issue #6), as declarative scripts a clinician can
// read, review and edit: one plain-text file per exercise, data/exercises/NAME.exercise.
//
// The format (docs/ARCHITECTURE.md, "Exercises"), one `key: value` per line; `#` starts a
// comment (at the start of a line, or after a space); blank lines are ignored:
//
//   exercise: box_breathing          # id: a-z, 0-9, _; the file is named after it
//   title: Box breathing
//   technique: paced_breathing       # one of techniques()
//   minutes: 4                       # about how long it takes, 1..60
//
//   step: mood_before                # a step id; the first step is where the exercise starts
//   say: How is your mood right now, from 0 (very low) to 10 (very good)?
//   ask: number 0..10                # text | yes_no | number A..B | choice a|b|c
//   rate: mood_before                # this answer is the before rating
//   next: intro                      # the step that follows, or `end`
//
//   step: intro
//   say: Shall we breathe together for a few minutes?   # several say: lines are joined
//   ask: yes_no
//   if yes: cycle                    # a branch on the answer: yes/no, or one of the choices
//   if no: mood_after
//
//   step: cycle
//   say: In... hold... out... hold.
//   timing: in 4, hold 4, out 4, hold 4, repeat 4      # breathing phases (seconds) and rounds
//   next: mood_after
//
//   step: mood_after
//   say: And your mood now, from 0 to 10?
//   ask: number 0..10
//   rate: mood_after
//   next: end
//
// `say:` may use placeholders: the ones the dialogue engine fills (engine_placeholders():
// {feeling}, {distortion}, {distortion_question}) and the name of any step's `save:` (the
// person's own answer to that step, e.g. `save: thought` then "You wrote: {thought}"). Steps on
// different branches may save under the same name, filling one slot whichever way was taken.
//
// Rules the validator enforces (each error names FILE:LINE and what is wrong): the header keys
// exercise, title, technique and minutes, once each, before the first step; known keys only;
// unique step ids; every `next` and branch target exists; every step is reachable from the first
// and can reach the end (no cycle without a way out); the first step rates mood_before and
// exactly one step rates mood_after, which is the only step that goes to `end` (so the after
// rating is asked on every way out); ratings ask number 0..10; a number range is A..B with
// A < B; branches match the answer type and cover every answer unless a `next:` catches the
// rest; placeholders are known; a timing parses.
//
// Everything here is deterministic and thread-safe (no shared state); nothing throws.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <attune/core.hpp>

namespace attune::care {

// What a step asks for. none: the step only speaks and moves on.
enum class AnswerType { none, text, yes_no, number, choice };
// "none", "text", "yes_no", "number", "choice".
std::string_view answer_type_name(AnswerType type);

struct Ask {
    AnswerType type = AnswerType::none;
    int min = 0, max = 0;              // number: the inclusive range, min < max
    std::vector<std::string> choices;  // choice: the options, in order, unique
};

enum class BreathPhase { in, hold, out };
struct Phase {
    BreathPhase kind = BreathPhase::in;
    int seconds = 0;  // 1..20
};
// A breathing pattern: the phases of one round, repeated `rounds` times.
struct Timing {
    std::vector<Phase> phases;
    int rounds = 1;  // 1..30
    int total_s() const;
};
// Parses "in 4, hold 4, out 4, hold 4, repeat 4" (phases in|hold|out with whole seconds 1..20,
// then an optional `repeat N`, N in 1..30). The error says which part does not parse.
Result<Timing> parse_timing(std::string_view text);

// Which rating a step's answer records.
enum class Rating { none, mood_before, mood_after };

struct Branch {
    std::string answer;  // "yes", "no", or one of the step's choices
    std::string to;      // a step id or "end"
    int line = 0;
};

struct Step {
    std::string id;
    int line = 0;     // the line of `step:`, 1-based
    std::string say;  // the lines of `say:`, joined with '\n'
    Ask ask;
    std::optional<Timing> timing;
    Rating rate = Rating::none;
    std::string save;  // the placeholder name the answer is kept under, or ""
    std::string next;  // a step id, "end", or "" when branches cover every answer
    std::vector<Branch> branches;
};

struct Exercise {
    std::string id, title, technique;
    int minutes = 0;
    std::string file;         // the file name it was parsed from
    std::vector<Step> steps;  // in file order; steps.front() is the start

    // The step with `id`, or nullptr; the pointer lives as long as this Exercise, unmodified.
    const Step* find(std::string_view id) const;
};

// The techniques an exercise may declare (the dialogue engine and the bandit choose among them):
// thought_record, cognitive_restructuring, behavioural_activation, paced_breathing, grounding,
// self_compassion, worry_time, gratitude, sleep_hygiene.
std::span<const std::string_view> techniques();
// The placeholders the dialogue engine fills: feeling (the emotion it detected), distortion
// (the thinking pattern it detected, in plain words) and distortion_question (its Socratic
// question).
std::span<const std::string_view> engine_placeholders();

// Parses and validates one script. `file_name` is only used in messages and Exercise::file.
// Returns the exercise, or invalid_argument "FILE:LINE: what is wrong" for the first problem.
Result<Exercise> parse_exercise(std::string_view text, std::string_view file_name);

// Loads every *.exercise file in `dir` (not recursive), sorted by file name. Each file must be
// named after its exercise id; ids are unique. Errors: not_found when `dir` is not a directory
// or holds no .exercise file, io_error when a file cannot be read, invalid_argument
// "PATH:LINE: ..." for the first invalid file.
Result<std::vector<Exercise>> load_exercises(const std::string& dir);

// {"id","title","technique","minutes","file","steps":[{"id","line","say","ask":{"type",
// "min","max" | "choices"},"rate","save","timing":{"phases":[{"phase","seconds"}],"rounds"},
// "next","branches":[{"answer","to"}]}]}; optional members are left out when empty.
nlohmann::json to_json(const Exercise& exercise);

}  // namespace attune::care
