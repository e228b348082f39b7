// SPDX-License-Identifier: Apache-2.0
// What the companion's source files share inside the care module: reading the person's words
// (answers, requests, scope) and reflecting a feeling. Not installed; not part of the API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <attune/care.hpp>
#include <attune/text.hpp>

namespace attune::care::detail {

// ASCII lower case with runs of whitespace collapsed to one space and the ends trimmed; the
// input is already NFC-normalised by the text engine's normalize().
std::string fold(std::string_view text);

// --- Answers to a step's question (understand.cpp) -------------------------------------------

// The first number in the text, digits ("7", "7/10", "6.5", "-2") or a word ("seven"), rounded
// to the nearest whole number; nullopt when there is none.
std::optional<int> parse_number(std::string_view folded);
enum class YesNo { yes, no, unclear };
YesNo parse_yes_no(std::string_view folded);
// The answer to "Are you safe right now?": "not safe", "unsafe" and a short no are no; "I'm
// safe" and a short yes are yes ("no, I won't do anything, I'm safe" is yes); anything longer or
// unclear is unclear (the message itself then goes through the crisis grade like any other).
YesNo parse_safe_answer(std::string_view folded, std::size_t words);
// The index of the choice the text names (its words, or its 1-based number); nullopt when none
// or several match equally.
std::optional<std::size_t> parse_choice(std::string_view folded,
                                        const std::vector<std::string>& choices);
// "work_or_study" -> "work or study".
std::string choice_label(std::string_view choice);

// --- Requests and scope (understand.cpp) -----------------------------------------------------

enum class Request {
    none,
    not_a_person,  // "are you a real person?"
    medical,       // medication or diagnosis questions, physical symptoms
    out_of_scope,  // code, homework, money, law, news
    stop,          // stop the exercise under way
    list,          // which exercises are there?
    why,           // why this exercise?
    pick,          // an exercise asked for by name
};
struct Understood {
    Request request = Request::none;
    std::string exercise;  // for pick: the exercise id
    bool physical = false; // for medical: a physical symptom that may be an emergency
};
// What the person asks for, by deterministic rules on the folded text. `exercises` gives the
// names a pick may use.
Understood understand(std::string_view folded, const std::vector<Exercise>& exercises);

// --- Reflection (reflect.cpp) ----------------------------------------------------------------

enum class FeelingGroup { distress, low, positive, neutral };
struct Feeling {
    std::string word;   // adjective: "anxious"
    std::string noun;   // "anxiety"
    FeelingGroup group = FeelingGroup::neutral;
    int intensity = 0;  // 0 mild, 1 moderate, 2 strong
    bool own_word = false;  // the person named it ("I feel overwhelmed"), not the model
};
// The feeling in a message: a feeling word the person used ("overwhelmed", "lonely") first,
// otherwise the strongest non-neutral GoEmotions label when it is clear enough; nullopt for a
// neutral message.
std::optional<Feeling> feeling_of(const text::Analysis& analysis, std::string_view folded);

// A sentence reflecting the feeling, in a phrasing not in `used` (whose id is added to it); ""
// when every phrasing of its kind was used in this conversation. `salt` varies the choice
// deterministically.
std::string reflect(const std::optional<Feeling>& feeling, std::vector<std::string>& used,
                    std::uint64_t salt);
// An open question that invites the person to go on, not repeated within a conversation; ""
// when every one was used.
std::string follow_up(const std::optional<Feeling>& feeling, std::vector<std::string>& used,
                      std::uint64_t salt);
// An offer of an exercise ("Would you like to try Box breathing? It takes about 4 minutes."),
// in a phrasing not used in this conversation; "" once every phrasing was used (no more offers
// in this conversation).
std::string offer(std::string_view title, int minutes, std::vector<std::string>& used,
                  std::uint64_t salt);
// A reply to a greeting ("Hi. How are you feeling right now?"), not repeated within a
// conversation; "" when every one was used.
std::string greeting(std::vector<std::string>& used, std::uint64_t salt);
// Whether the whole message is a greeting ("hi", "hello there", "good morning").
bool is_greeting(std::string_view folded);
// A short acknowledgement of an answer ("Thank you.", "Okay, 6 out of 10."), not repeated
// within a conversation; "" when every one was used.
std::string acknowledge(std::optional<int> number, std::vector<std::string>& used,
                        std::uint64_t salt);

// A distortion in plain words for a person ("all-or-nothing thinking, where ..."), and the
// fallbacks when none was found.
std::string distortion_words(text::DistortionType type);
inline constexpr std::string_view kNoDistortion =
    "I didn't spot a common pattern here, but any thought is worth testing";
inline constexpr std::string_view kNoDistortionQuestion =
    "What would you say to a friend who had this thought?";

}  // namespace attune::care::detail
