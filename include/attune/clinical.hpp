// SPDX-License-Identifier: Apache-2.0
// attune::clinical — validated screening questionnaires: PHQ-9 (depression), GAD-7 (anxiety) and
// the C-SSRS screener (suicide risk); their item texts, answer options, scoring, severity bands
// and safety flags, and their export as FHIR R4 resources with LOINC codes.
//
// Every result is a screening result, never a diagnosis: it tells a clinician where to look.
// A safety flag (PHQ-9 item 9 above 0, any C-SSRS risk) must reach a human whatever the total.
//
//   auto answers = attune::clinical::parse_answers(Instrument::phq9, "1,2,0,3,1,0,2,1,0");
//   auto s = attune::clinical::score(Instrument::phq9, *answers);   // total 10, moderate
//   if (s->safety_flag) show(attune::clinical::safety_notice(*s));
//   auto bundle = attune::clinical::to_fhir_bundle(*s, {.subject = "Patient/1",
//                                                       .authored = "2024-05-01T09:30:00Z"});
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <attune/core.hpp>

namespace attune::clinical {

enum class Instrument { phq9, gad7, cssrs };
inline constexpr std::size_t kNumInstruments = 3;

// phq9, gad7, cssrs, in that order.
const std::array<Instrument, kNumInstruments>& all_instruments();
// "phq9", "gad7", "cssrs" — the names the CLI and JSON use.
std::string_view instrument_name(Instrument instrument);
// The instrument named `name` (as instrument_name spells it). Errors: invalid_argument listing
// the known names.
Result<Instrument> parse_instrument(std::string_view name);

// PHQ-9 and GAD-7 severity bands (Kroenke et al. 2001; Spitzer et al. 2006). GAD-7 has no
// moderately_severe band.
enum class Severity { minimal, mild, moderate, moderately_severe, severe };
// "minimal", "mild", "moderate", "moderately_severe", "severe".
std::string_view severity_name(Severity severity);

// The C-SSRS screener's triage (the "recent" screener with triage colours): low = yes to item 1
// or 2 only; moderate = yes to item 3, or suicidal behaviour more than 3 months ago; high = yes
// to item 4 or 5, or suicidal behaviour in the past 3 months. none = nothing endorsed.
enum class CssrsRisk { none, low, moderate, high };
// "none", "low", "moderate", "high".
std::string_view cssrs_risk_name(CssrsRisk risk);

// The level on Attune's crisis ladder (attune::CrisisLevel, shared with the text engine, so a
// questionnaire and a journal line can be compared):
// passive = C-SSRS item 1 only (wish to be dead); active = item 2 or 3 (thoughts of killing
// oneself, a method included); plan = item 4 or 5 (intent, or a plan with intent);
// behavior = item 6 within the past 3 months. Behaviour longer ago raises the screener's risk
// (moderate) but not the ladder, as the text engine does not grade resolved history.
using attune::CrisisLevel;
using attune::crisis_level_name;

// ---------------------------------------------------------------------------------------------
// Instrument definitions: everything a front end needs to render a questionnaire. Immutable,
// static, thread-safe to read from any thread; the views point at static storage.

struct AnswerOption {
    std::string_view text;          // "Not at all", "Yes", ...
    int score = 0;                  // what the option adds to the total (C-SSRS: yes 1, no 0)
    std::string_view loinc_answer;  // LOINC answer code ("LA6568-5"); empty when none is known
};

struct Item {
    std::string_view
        label;  // how messages and the CLI name the item: "1".."9"; C-SSRS "1".."6", "6b"
    std::string_view text;   // the question as the person reads it
    std::string_view hint;   // examples that help answer it (C-SSRS item 6); usually empty
    std::string_view loinc;  // LOINC question code ("44250-9"); empty when none is known
    std::vector<AnswerOption> options;  // lowest score first
    // C-SSRS skip logic: when set, the item is asked only if the item at this index was answered
    // yes; otherwise it is skipped and must have no answer. Unset: always asked, always required.
    std::optional<std::size_t> asked_if_yes_to;
};

struct SeverityBand {
    int min_total = 0;  // inclusive
    int max_total = 0;  // inclusive
    Severity severity = Severity::minimal;
};

struct Definition {
    Instrument instrument = Instrument::phq9;
    std::string_view name;               // "phq9"
    std::string_view short_title;        // "PHQ-9"
    std::string_view title;              // "Patient Health Questionnaire-9 (PHQ-9)"
    std::string_view instructions;       // shown before the items
    std::string_view copyright;          // the instrument's terms of use
    std::string_view questionnaire_url;  // FHIR canonical of LOINC's Questionnaire for the panel
    std::string_view panel_loinc;        // LOINC panel code ("44249-1")
    std::string_view panel_display;      // LOINC long common name of the panel
    std::string_view total_loinc;        // LOINC total score code; empty for C-SSRS (no total)
    std::vector<Item> items;             // in the order they are asked
    std::vector<SeverityBand> bands;     // ascending, covering 0..max_total; empty for C-SSRS
    int max_total = 0;                   // 27 (PHQ-9), 21 (GAD-7), 0 (C-SSRS)
};

// The definition of `instrument`. Never fails; the reference stays valid for the program's life.
const Definition& definition(Instrument instrument);

// The definition as JSON, for interactive front ends: {instrument, title, instructions,
// copyright, items: [{label, text, hint?, loinc?, asked_if_yes_to?, options: [{text, score,
// loinc_answer?}]}], bands: [{min, max, severity}], max_total}. Thread-safe.
nlohmann::ordered_json definition_to_json(Instrument instrument);

// ---------------------------------------------------------------------------------------------
// Answers and scoring.

// One entry per item, in definition order: the score of the chosen option (PHQ-9 / GAD-7 0..3;
// C-SSRS yes = 1, no = 0), or nullopt when the item was not asked.
using Answers = std::vector<std::optional<int>>;

// Parses the CLI's answer list, comma-separated, one field per item in order; spaces around a
// field are ignored.
//   PHQ-9 / GAD-7: each field 0..3 ("1,2,0,3,1,0,2,1,0").
//   C-SSRS: seven fields, items 1-6 then 6b ("within the past 3 months?"): yes/y/1, no/n/0
//   (any case), or "-" for an item that was not asked ("yes,no,-,-,-,no,-").
// An empty field or "-" parses as not answered; whether that is allowed is score()'s business.
// Errors: invalid_argument naming the item ("item 3: 'x' is not ...") for a field that is not a
// valid answer. Counts and ranges are checked by score(). Thread-safe.
Result<Answers> parse_answers(Instrument instrument, std::string_view list);

struct Screening {
    Instrument instrument = Instrument::phq9;
    Answers answers;                   // validated, exactly one entry per item
    int total = 0;                     // PHQ-9 0..27, GAD-7 0..21; 0 for C-SSRS (it has no total)
    std::optional<Severity> severity;  // PHQ-9 and GAD-7 only
    bool item9_positive = false;       // PHQ-9 only: item 9 answered above 0
    CssrsRisk risk = CssrsRisk::none;  // C-SSRS only
    CrisisLevel crisis_level = CrisisLevel::none;  // C-SSRS only
    // Set when a human must see this result whatever the total: PHQ-9 item 9 above 0, or any
    // C-SSRS risk above none. safety_reasons says why, for the clinician.
    bool safety_flag = false;
    std::vector<std::string> safety_reasons;
};

// Validates and scores one completed questionnaire. Every item that is asked needs an answer
// within its options' scores; every C-SSRS item that is skipped (items 3-5 when item 2 is no,
// 6b when item 6 is no) must have none. Missing trailing entries count as not answered.
// Errors: invalid_argument naming the item: "item 9 (Thoughts that ...) is missing",
// "item 2 (...): 4 is out of range 0-3", "item 3 (...) was not asked (item 2 is no) but has an
// answer", "item 10: extra answer (PHQ-9 has 9 items)". Thread-safe.
Result<Screening> score(Instrument instrument, const Answers& answers);

// What to show the person when screening.safety_flag is set: a plain-language notice that
// urges them to contact their clinician or a crisis line now, worded as a screening result
// (never a diagnosis). Empty when the flag is not set. Thread-safe.
std::string safety_notice(const Screening& screening);

// The JSON `attune checkin --json` prints, in this order:
//   PHQ-9: {instrument, total, max_total, severity, item9_positive, safety_flag, answers,
//           safety_reasons, safety_notice?}
//   GAD-7: the same without item9_positive;
//   C-SSRS: {instrument, risk, crisis_level, safety_flag, answers: [true/false/null per item],
//           safety_reasons, safety_notice?}
// Thread-safe.
nlohmann::ordered_json to_json(const Screening& screening);

// ---------------------------------------------------------------------------------------------
// FHIR R4 export.

struct FhirOptions {
    // The person, as a FHIR reference: "Patient/123", "urn:uuid:...", or an absolute http(s)
    // URL. Empty: the resources carry no subject.
    std::string subject;
    // When the questionnaire was answered, a FHIR dateTime: "2024-05-01" or
    // "2024-05-01T09:30:00Z" / "...T09:30:00.250+02:00" (a time needs seconds and a zone).
    // Required: the library does not read the clock, so the output is a pure function of
    // the screening and these options.
    std::string authored;
};

// A FHIR R4 Bundle of type "collection" holding
//   - the QuestionnaireResponse (status completed, questionnaire = the LOINC panel's canonical,
//     authored, subject, one item per answered question with a LOINC valueCoding, plus the
//     total score item for PHQ-9 / GAD-7),
//   - an Observation for the panel (LOINC panel code, hasMember the ones below),
//   - PHQ-9 / GAD-7: the total score Observation (LOINC total code, valueInteger, the severity
//     in interpretation.text); PHQ-9 also item 9 (44260-8) with its answer and POS/NEG;
//   - C-SSRS: the suicide risk level Observation (LOINC 93374-7) with the triage and the
//     crisis ladder level.
// All Observations have status final, category survey, effectiveDateTime = authored and
// derivedFrom the QuestionnaireResponse. Entries are linked by urn:uuid fullUrls derived
// deterministically from the content, so the same input gives byte-identical output.
// Errors: invalid_argument for a malformed subject or authored time (naming which), or for a
// screening that score() would not have produced. Thread-safe.
Result<nlohmann::ordered_json> to_fhir_bundle(const Screening& screening,
                                              const FhirOptions& options);

// Whether `text` is a FHIR dateTime as FhirOptions::authored accepts it. Errors:
// invalid_argument saying what is wrong and showing the accepted forms.
Status validate_fhir_datetime(std::string_view text);

}  // namespace attune::clinical
