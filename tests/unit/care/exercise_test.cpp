// SPDX-License-Identifier: Apache-2.0
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include <attune/care.hpp>

#include "support/paths.hpp"

namespace attune::care {
namespace {

std::string exercises_dir() { return test::source_dir() + "/data/exercises"; }

// A small valid script; the malformed cases below each change one thing in it.
constexpr std::string_view kSmall = R"(# a comment
exercise: small
title: Small
technique: paced_breathing
minutes: 2

step: before
say: Your mood, 0 to 10?
ask: number 0..10
rate: mood_before
next: ready

step: ready
say: Ready, {feeling} friend?   # a trailing comment
ask: yes_no
if yes: breathe
if no: after

step: breathe
say: In... and out.
timing: in 4, hold 7, out 8, repeat 2
next: name

step: name
say: Which one?
ask: choice calm|tired|other
save: word
next: after

step: after
say: You said {word}. Your mood now?
ask: number 0..10
rate: mood_after
next: end
)";

std::string replace(std::string_view text, std::string_view from, std::string_view to) {
    std::string s(text);
    const auto pos = s.find(from);
    EXPECT_NE(pos, std::string::npos) << from;
    if (pos != std::string::npos) s.replace(pos, from.size(), to);
    return s;
}

// The error message of parsing `text` as small.exercise ("" when it parsed).
std::string error_of(const std::string& text) {
    auto ex = parse_exercise(text, "small.exercise");
    return ex ? "" : ex.status().message();
}

TEST(Exercise, EveryShippedFileLoadsAndValidates) {
    auto all = load_exercises(exercises_dir());
    ASSERT_TRUE(all) << all.status().to_string();
    std::set<std::string> seen;
    for (const auto& ex : *all) {
        seen.insert(ex.technique);
        EXPECT_EQ(ex.steps.front().rate, Rating::mood_before) << ex.id;
        EXPECT_FALSE(ex.title.empty()) << ex.id;
    }
    // The nine techniques of issue #6, each with at least one exercise; breathing has two.
    EXPECT_EQ(seen.size(), techniques().size());
    EXPECT_EQ(all->size(), 10u);
    const auto box = std::find_if(all->begin(), all->end(),
                                  [](const Exercise& e) { return e.id == "box_breathing"; });
    ASSERT_NE(box, all->end());
    ASSERT_TRUE(box->find("cycle")->timing);
    EXPECT_EQ(box->find("cycle")->timing->total_s(), 64);
}

TEST(Exercise, SuitsListsTheMomentsAndIsOptional) {
    auto with = parse_exercise(replace(kSmall, "minutes: 2\n", "minutes: 2\nsuits: distress, sleep\n"),
                               "small.exercise");
    ASSERT_TRUE(with) << with.status().to_string();
    EXPECT_EQ(with->suits, (std::vector<std::string>{"distress", "sleep"}));
    EXPECT_EQ(to_json(*with)["suits"], nlohmann::json({"distress", "sleep"}));
    auto without = parse_exercise(kSmall, "small.exercise");
    ASSERT_TRUE(without);
    EXPECT_TRUE(without->suits.empty());
    EXPECT_FALSE(to_json(*without).contains("suits"));
}

TEST(Exercise, ThoughtRecordUsesTheEnginesDistortionAndQuestion) {
    auto all = load_exercises(exercises_dir());
    ASSERT_TRUE(all) << all.status().to_string();
    for (const auto& ex : *all) {
        if (ex.id != "thought_record") continue;
        const Step* pattern = ex.find("pattern");
        ASSERT_NE(pattern, nullptr);
        EXPECT_NE(pattern->say.find("{distortion_question}"), std::string::npos);
        return;
    }
    FAIL() << "no thought_record exercise";
}

TEST(Exercise, SmallScriptStructure) {
    auto ex = parse_exercise(kSmall, "small.exercise");
    ASSERT_TRUE(ex) << ex.status().to_string();
    const auto expected = nlohmann::json::parse(R"({
      "id": "small", "title": "Small", "technique": "paced_breathing", "minutes": 2,
      "file": "small.exercise",
      "steps": [
        {"id": "before", "line": 7, "say": "Your mood, 0 to 10?",
         "ask": {"type": "number", "min": 0, "max": 10}, "rate": "mood_before", "next": "ready"},
        {"id": "ready", "line": 13, "say": "Ready, {feeling} friend?", "ask": {"type": "yes_no"},
         "branches": [{"answer": "yes", "to": "breathe"}, {"answer": "no", "to": "after"}]},
        {"id": "breathe", "line": 19, "say": "In... and out.",
         "timing": {"phases": [{"phase": "in", "seconds": 4}, {"phase": "hold", "seconds": 7},
                               {"phase": "out", "seconds": 8}], "rounds": 2},
         "next": "name"},
        {"id": "name", "line": 24, "say": "Which one?",
         "ask": {"type": "choice", "choices": ["calm", "tired", "other"]}, "save": "word",
         "next": "after"},
        {"id": "after", "line": 30, "say": "You said {word}. Your mood now?",
         "ask": {"type": "number", "min": 0, "max": 10}, "rate": "mood_after", "next": "end"}
      ]})");
    EXPECT_EQ(to_json(*ex), expected) << to_json(*ex).dump(2);
    // Parsing the same text again under another name gives the same structure.
    auto again = parse_exercise(kSmall, "other.exercise");
    ASSERT_TRUE(again);
    auto a = to_json(*ex), b = to_json(*again);
    a.erase("file");
    b.erase("file");
    EXPECT_EQ(a, b);
}

struct Malformed {
    const char* name;
    std::string text;
    const char* expected;  // the start of the message: "small.exercise:LINE: ..."
};

class ExerciseErrors : public testing::TestWithParam<Malformed> {};

TEST_P(ExerciseErrors, NameFileLineAndProblem) {
    const auto& c = GetParam();
    const std::string message = error_of(c.text);
    EXPECT_EQ(message.rfind(c.expected, 0), 0u) << "got: " << message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ExerciseErrors,
    testing::Values(
        Malformed{"unknown_key", replace(kSmall, "say: In... and out.", "sey: In... and out."),
                  "small.exercise:20: unknown key 'sey'"},
        Malformed{"missing_exercise", replace(kSmall, "exercise: small\n", "\n"),
                  "small.exercise:1: missing exercise: in the header"},
        Malformed{"header_after_step", replace(kSmall, "next: end", "next: end\nminutes: 3"),
                  "small.exercise:35: minutes: belongs in the header"},
        Malformed{"next_to_missing_step", replace(kSmall, "next: name", "next: nmae"),
                  "small.exercise:19: step 'breathe' goes to 'nmae', which does not exist"},
        Malformed{"branch_to_missing_step", replace(kSmall, "if no: after", "if no: aftre"),
                  "small.exercise:17: step 'ready' goes to 'aftre', which does not exist"},
        Malformed{"unreachable_step", replace(kSmall, "if yes: breathe", "if yes: name"),
                  "small.exercise:19: step 'breathe' is unreachable"},
        Malformed{"cycle_without_way_out",
                  replace(kSmall, "next: after\n\nstep: after", "next: breathe\n\nstep: after"),
                  "small.exercise:19: step 'breathe' can never reach the end: it is in a cycle"},
        Malformed{"range_reversed",
                  replace(kSmall, "ask: choice calm|tired|other", "ask: number 5..1"),
                  "small.exercise:26: ask: number needs a range A..B of whole numbers with A < B"},
        Malformed{"range_not_a_range",
                  replace(kSmall, "ask: choice calm|tired|other", "ask: number 1-5"),
                  "small.exercise:26: ask: number needs a range A..B"},
        Malformed{"rating_not_0_10",
                  replace(kSmall, "ask: number 0..10\nrate: mood_before",
                          "ask: number 1..5\nrate: mood_before"),
                  "small.exercise:7: step 'before' rates the mood, so it must ask: number 0..10"},
        Malformed{"missing_before_rating", replace(kSmall, "rate: mood_before\n", ""),
                  "small.exercise:7: missing the before mood rating"},
        Malformed{"missing_after_rating", replace(kSmall, "rate: mood_after\n", ""),
                  "small.exercise:30: step 'after' goes to end, but only the mood_after step may"},
        Malformed{"duplicate_step", replace(kSmall, "step: name", "step: ready"),
                  "small.exercise:24: step 'ready' is defined twice (first at line 13)"},
        Malformed{"unknown_placeholder", replace(kSmall, "{word}", "{wrod}"),
                  "small.exercise:31: unknown placeholder {wrod}"},
        Malformed{"unclosed_placeholder", replace(kSmall, "{word}", "{word"),
                  "small.exercise:31: say: a { without its closing }"},
        Malformed{"bad_timing_phase", replace(kSmall, "in 4, hold 7", "in 4, pause 7"),
                  "small.exercise:21: timing: expects phases"},
        Malformed{"bad_timing_seconds", replace(kSmall, "in 4, hold 7", "in four, hold 7"),
                  "small.exercise:21: timing: a phase lasts a whole number of seconds"},
        Malformed{"timing_repeat_not_last", replace(kSmall, "out 8, repeat 2", "repeat 2, out 8"),
                  "small.exercise:21: timing: repeat N comes last"},
        Malformed{"branch_on_wrong_answer", replace(kSmall, "if no: after", "if maybe: after"),
                  "small.exercise:17: if maybe: 'maybe' is not an answer step 'ready' asks for"},
        Malformed{"branches_not_covering", replace(kSmall, "if no: after\n", ""),
                  "small.exercise:13: step 'ready' has no branch for the answer 'no'"},
        Malformed{"unknown_answer_type", replace(kSmall, "ask: yes_no", "ask: maybe"),
                  "small.exercise:15: ask: expects text, yes_no, number A..B or choice a|b|c"},
        Malformed{"unknown_technique",
                  replace(kSmall, "technique: paced_breathing", "technique: yoga"),
                  "small.exercise:4: technique: unknown technique 'yoga'"},
        Malformed{"unknown_moment", replace(kSmall, "minutes: 2\n", "minutes: 2\nsuits: low, bored\n"),
                  "small.exercise:6: suits: unknown moment 'bored' (known: distress, low"},
        Malformed{"moment_twice", replace(kSmall, "minutes: 2\n", "minutes: 2\nsuits: low, low\n"),
                  "small.exercise:6: suits: 'low' is listed twice"},
        Malformed{"key_twice_in_step", replace(kSmall, "next: ready", "next: ready\nnext: after"),
                  "small.exercise:12: next: given twice in step 'before'"}),
    [](const testing::TestParamInfo<Malformed>& info) { return std::string(info.param.name); });

TEST(ExerciseLoad, DuplicateExerciseIdAcrossFilesNamesTheFile) {
    test::TempDir dir;
    std::ofstream(dir.path() + "/small.exercise") << kSmall;
    std::ofstream(dir.path() + "/copy.exercise") << kSmall;
    auto all = load_exercises(dir.path());
    ASSERT_FALSE(all);
    EXPECT_EQ(all.status().message(), dir.path() +
                                          "/copy.exercise:1: the file declares exercise: small, so "
                                          "it must be named small.exercise");
}

TEST(ExerciseLoad, InvalidFileNamesItsPathAndLine) {
    test::TempDir dir;
    std::ofstream(dir.path() + "/small.exercise") << replace(kSmall, "next: name", "next: nmae");
    auto all = load_exercises(dir.path());
    ASSERT_FALSE(all);
    EXPECT_EQ(all.status().message().rfind(dir.path() + "/small.exercise:19: ", 0), 0u)
        << all.status().message();
}

TEST(ExerciseLoad, MissingOrEmptyDirectoryIsNotFound) {
    test::TempDir dir;
    EXPECT_EQ(load_exercises(dir.path()).status().code(), StatusCode::not_found);
    EXPECT_EQ(load_exercises(dir.path() + "/nope").status().code(), StatusCode::not_found);
}

TEST(Timing, ParsesPhasesAndRounds) {
    auto t = parse_timing("in 4, hold 4, out 4, hold 4, repeat 4");
    ASSERT_TRUE(t) << t.status().to_string();
    EXPECT_EQ(t->phases.size(), 4u);
    EXPECT_EQ(t->rounds, 4);
    EXPECT_EQ(t->total_s(), 64);
    EXPECT_EQ(parse_timing("in 4, out 6")->rounds, 1);
    EXPECT_FALSE(parse_timing(""));
    EXPECT_FALSE(parse_timing("in 0"));
    EXPECT_FALSE(parse_timing("in 4, repeat 0"));
}

}  // namespace
}  // namespace attune::care
