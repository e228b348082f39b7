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

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <attune/core.hpp>
#include <attune/text.hpp>

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

// TEMP-BANDIT-STUB (replaced by the bandit branch at merge)
struct BanditContext { double valence = 0, arousal = 0; int hour = 12; std::optional<double> sleep_h, activity; std::optional<int> mood; bool in_crisis = false; };
struct BanditDecision { std::string id; std::int64_t at_ms = 0; std::vector<std::string> arms; std::vector<double> probabilities; std::vector<double> features; std::string chosen; bool picked_by_person = false; std::optional<double> reward; std::string why; nlohmann::json why_numbers; };
struct BanditState { nlohmann::json to_json() const { return nlohmann::json::object(); } static Result<BanditState> from_json(const nlohmann::json&) { return BanditState{}; } };
struct BanditOptions {};
class Bandit { public: explicit Bandit(std::vector<std::string> arms, BanditOptions = {}) : arms_(std::move(arms)) {}
  Result<BanditDecision> choose(BanditState&, const BanditContext& c, std::int64_t now_ms, int, std::uint64_t) const { if (c.in_crisis) return Status::resource_exhausted("crisis"); BanditDecision d; d.id = "d1"; d.at_ms = now_ms; d.arms = arms_; d.probabilities.assign(arms_.size(), 1.0 / arms_.size()); d.chosen = arms_.front(); d.why = "stub"; return d; }
  Result<BanditDecision> record_pick(BanditState&, const BanditContext&, std::string_view arm, std::int64_t now_ms) const { BanditDecision d; d.id = "d2"; d.at_ms = now_ms; d.arms = arms_; d.chosen = std::string(arm); d.picked_by_person = true; d.why = "You chose it."; return d; }
  Status update(BanditState&, std::string_view, double) const { return Status::ok(); }
  const std::vector<std::string>& arms() const { return arms_; }
 private: std::vector<std::string> arms_; };
inline double bandit_reward(std::optional<int> b, std::optional<int> a, bool completed) { return (b && a ? (*a - *b) / 10.0 : 0.0) + (completed ? 0.1 : -0.1); }
// END-TEMP-BANDIT-STUB

// ---------------------------------------------------------------------------------------------
// Safety resources: crisis lines per locale and the person's own safety plan.

// One crisis service, as the person should read it.
struct CrisisLine {
    std::string name;     // "988 Suicide & Crisis Lifeline"
    std::string contact;  // "call or text 988"
    std::string hours;    // "24/7", or "" when unknown
};
// The emergency number and crisis lines of one locale (data/companion/crisis_lines.json).
struct CrisisResources {
    std::string locale;     // "en-US", ...
    std::string emergency;  // what to do in an emergency: "call 911 or go to the nearest emergency department"
    std::vector<CrisisLine> lines;
};
// Loads the crisis lines file: {"default": LOCALE, "locales": {LOCALE: {"emergency": "...",
// "lines": [{"name", "contact", "hours"}]}}}. Every locale needs an emergency text and at least
// one line, and the default locale must exist. Errors: not_found / io_error for the file,
// corrupt naming the file and the locale or field that is wrong.
Result<std::vector<CrisisResources>> load_crisis_lines(const std::string& path);

// A safety plan (Stanley & Brown 2012, the Safety Planning Intervention), written by the person
// with their clinician: what tells them a crisis may be coming, what they can do on their own,
// people and places that help, and professionals to call. The crisis lines come from the locale.
struct SafetyPlan {
    std::vector<std::string> warning_signs;
    std::vector<std::string> coping_strategies;
    std::vector<std::string> people_and_places;
    std::vector<std::string> professionals;
    std::int64_t updated_at_ms = 0;
    std::string updated_by;  // who last edited it (a username, or "" for the person on their own machine)

    bool empty() const;
    nlohmann::json to_json() const;
    // Reads {"warning_signs": [...], "coping_strategies": [...], "people_and_places": [...],
    // "professionals": [...]} (each optional; "updated_at_ms" and "updated_by" are kept when
    // present). Each item is 1..500 bytes of valid UTF-8 after trimming, at most 20 per section.
    // Errors: invalid_argument naming the section and item.
    static Result<SafetyPlan> from_json(const nlohmann::json& json);
};

// ---------------------------------------------------------------------------------------------
// The companion: a CBT conversation with a deterministic safety path (issue #6).
//
// Each message goes through, in this order:
//   1. the text engine (emotions, crisis level, distortions);
//   2. the safety gate: crisis language at passive or above leaves any exercise, and the reply
//      validates, shows the person's safety plan and the crisis lines, and asks the caller to
//      alert the clinician (Reply::safety.escalated); at plan or behavior the alert is urgent and
//      the emergency number comes first. No exercise is offered for 24 hours after;
//   3. scope: "are you a person?" is answered plainly (it is not); questions about medication or
//      diagnosis are referred to the clinician; requests outside its scope are steered back;
//   4. requests: stop, the list of exercises, an exercise picked by name, "why this exercise?";
//   5. the exercise under way: the answer is checked against the step's question (a number in
//      range, yes or no, one of the choices) and the next step follows, or the question is asked
//      again saying what was expected;
//   6. otherwise a reflection of what was detected (the feeling named, its intensity
//      acknowledged; no phrasing repeated within a conversation) and, when the person is
//      struggling, an exercise offered.
// Coming back after more than six hours starts a new conversation; an exercise left half-way is
// offered to be carried on.
//
// It never claims to be a person, gives no diagnosis and no medication or medical advice, and
// every reply lists the crisis lines in Reply::safety.resources.

// Where a conversation is: everything the companion needs to carry on after the last message.
struct Conversation {
    std::int64_t started_at_ms = 0;
    std::int64_t last_at_ms = 0;
    int turns = 0;                          // the person's messages in this conversation
    std::string exercise;                   // the exercise under way, or ""
    std::string step;                       // its step awaiting an answer
    std::map<std::string, std::string> saved;  // the person's answers kept by `save:`, and the
                                               // engine placeholders (feeling, distortion, ...)
    std::optional<int> mood_before;         // the ratings of the exercise under way
    std::string offered;                    // an exercise offered and awaiting yes or no, or ""
    bool offered_resume = false;            // `exercise` was left half-way; carry on?
    std::string decision_id;                // the bandit's decision behind the exercise, or ""
    std::vector<std::string> phrasings;     // the reflection phrasings used in this conversation
    std::string why;                        // why that exercise, in plain words
    int offer_turn = 0;                     // the turn of the last offer (0: none yet)
    bool listed = false;                    // the last reply listed the exercises by number
    std::int64_t crisis_at_ms = 0;          // the last message at passive or above (0: never)
    bool safety_check = false;              // the last reply asked "Are you safe right now?"

    nlohmann::json to_json() const;
    static Result<Conversation> from_json(const nlohmann::json& json);
};

// What the companion keeps about one person between messages. The caller stores it (the CLI in
// an encrypted profile file, the server sealed under the patient's key).
struct Person {
    Conversation conversation;
    SafetyPlan safety_plan;
    BanditState bandit;
    std::string locale = "en-US";  // chooses the crisis lines
    int utc_offset_min = 0;        // the person's local time, for "today" and the hour

    nlohmann::json to_json() const;
    // Errors: invalid_argument naming the member that is wrong.
    static Result<Person> from_json(const nlohmann::json& json);
};

// What the caller knows beside the message.
struct MessageContext {
    std::int64_t now_ms = 0;           // when the message was sent (UTC ms)
    std::optional<double> sleep_h;     // last night's sleep, from a wearable
    std::optional<double> activity;    // today's activity against the person's baseline, [-1, 1]
    bool clinician_alerted = false;    // the caller raises alerts for a clinician (the server):
                                       // the reply may say "I've let your care team know"
    std::uint64_t seed = 0;            // for the bandit's sampling (0: derived from now_ms)
};

struct SafetyStatus {
    CrisisLevel level = CrisisLevel::none;  // of this message
    bool escalated = false;   // crisis at passive or above: the caller must alert a human
    bool urgent = false;      // plan or behavior: an urgent alert, emergency resources first
    std::vector<std::string> evidence;   // the phrases that raised it
    std::vector<std::string> resources;  // the crisis lines (emergency first when urgent);
                                         // never empty
};

// An exercise that ended (completed, or left).
struct ExerciseOutcome {
    std::string exercise;
    std::optional<int> mood_before, mood_after;
    bool completed = false;
    std::optional<double> reward;  // bandit_reward, when the bandit chose it
};

struct Reply {
    std::string reply;                      // what the companion says
    std::string intent;                     // what kind of reply: safety, not_a_person, medical,
                                            // out_of_scope, exercise, reask, offer, reflection,
                                            // welcome_back, list, why, stopped, greeting
    std::optional<std::string> technique;   // the technique of the exercise under way
    std::optional<std::string> exercise;    // its id
    std::string step;                       // the step awaiting an answer, or ""
    std::optional<Timing> timing;           // a breathing step's phases, to pace an animation
    SafetyStatus safety;
    std::string feeling;                    // the feeling reflected, or ""
    std::vector<std::string> distortions;   // the thinking patterns detected in the message
    std::optional<ExerciseOutcome> outcome; // when an exercise ended with this reply
    std::optional<BanditDecision> decision; // when an exercise was offered or picked

    // {"reply","intent","technique" (or null),"exercise" (or null),"step","timing" (or absent),
    //  "safety":{"level","escalated","urgent","evidence","resources"},"feeling","distortions",
    //  "outcome" (or absent),"decision" (or absent): {"id","chosen","picked_by_person","arms",
    //  "probabilities","why" (plain words for the person),"why_numbers" (for the clinician)}}
    nlohmann::json to_json() const;
};

struct CompanionOptions {
    std::string exercises_dir;      // data/exercises
    std::string crisis_lines_path;  // data/companion/crisis_lines.json
    std::shared_ptr<const text::Analyzer> analyzer;  // required
    BanditOptions bandit;
};

// The companion: immutable once loaded and shared by every conversation (thread-safe); the
// mutable state is the caller's Person.
class Companion {
public:
    // Loads and validates the exercises and the crisis lines. Errors: those of load_exercises and
    // load_crisis_lines; invalid_argument without an analyzer.
    static Result<std::shared_ptr<const Companion>> load(CompanionOptions options);
    ~Companion();
    Companion(const Companion&) = delete;
    Companion& operator=(const Companion&) = delete;

    // The opening words of a conversation (says it is not a person, what it can do, where help
    // is), without a message from the person. Updates nothing but the conversation's times.
    Reply greet(Person& person, const MessageContext& context) const;
    // Answers one message and moves the person's state on. Deterministic for (person, message,
    // context). Errors: invalid_argument for an empty or oversized (> 10,000 bytes) message or
    // invalid UTF-8 (naming the byte offset); `person` is unchanged on error.
    Result<Reply> reply(Person& person, std::string_view message,
                        const MessageContext& context) const;

    const std::vector<Exercise>& exercises() const;
    // The crisis resources of `locale`, or the default locale's when it has none.
    const CrisisResources& resources(std::string_view locale) const;

    struct Impl;

private:
    explicit Companion(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace attune::care
