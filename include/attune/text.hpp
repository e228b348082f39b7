// SPDX-License-Identifier: Apache-2.0
// attune::text — emotion in what a person writes: sentiment, the 28 GoEmotions labels, Ekman
// groups, valence/arousal/dominance, and the tokens that explain each.
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <attune/core.hpp>

namespace attune::text {

inline constexpr std::size_t kNumEmotions = 28;  // 27 GoEmotions emotions + neutral
inline constexpr std::size_t kNumEkman = 7;      // anger, disgust, fear, joy, sadness, surprise, neutral

// Label names in GoEmotions' emotions.txt order (0 = admiration ... 27 = neutral).
const std::array<std::string_view, kNumEmotions>& emotion_names();
// anger, disgust, fear, joy, sadness, surprise, neutral (GoEmotions' ekman_mapping.json + neutral).
const std::array<std::string_view, kNumEkman>& ekman_names();
// Index of each GoEmotions label in ekman_names() (neutral maps to neutral).
const std::array<std::size_t, kNumEmotions>& ekman_group_of_emotion();

// Unicode clean-up applied before any analysis: rejects invalid UTF-8 (invalid_argument naming
// the byte offset), composes to NFC, maps curly quotes, primes, dashes, the ellipsis and
// non-breaking or zero-width spaces to their ASCII forms, and control characters to spaces.
Result<std::string> normalize(std::string_view utf8);

// VADER-style sentiment (Hutto & Gilbert 2014). compound in [-1, 1]; positive, neutral and
// negative are proportions of the text's sentiment mass and sum to 1. Crisis language caps the
// compound (at -0.5 for passive ideation down to -0.8 for behaviour), with the phrase that did
// it first in the sentiment explanation.
struct Sentiment {
    double compound = 0;
    double positive = 0;
    double neutral = 1;
    double negative = 0;
    double rules_compound = 0;  // VADER's rules alone, before the learned valence is blended in
};

// Valence, arousal and dominance on [-1, 1], a linear map of the 1..5 Self-Assessment-Manikin
// scale used by EmoBank: value = (rating - 3) / 2, so 0 is neutral, +1 the most pleasant /
// excited / in-control and -1 the most unpleasant / calm / controlled.
struct Vad {
    double valence = 0;
    double arousal = 0;
    double dominance = 0;
};

// A token and its signed contribution to a score (positive pushes the score up).
struct TokenWeight {
    std::string token;
    double weight = 0;
};

struct EmotionExplanation {
    std::string label;
    double probability = 0;
    std::vector<TokenWeight> tokens;  // largest |weight| first
};

struct Explanation {
    std::vector<TokenWeight> sentiment;        // tokens behind the compound score, largest |weight| first
    std::vector<EmotionExplanation> emotions;  // the top emotions and the tokens behind each
};

// ---------------------------------------------------------------------------------------------
// Clinical language: crisis risk, cognitive distortions and redaction. Explainable rules: every
// flag carries the words that raised it.

// Suicide risk on the C-SSRS screener's ladder: attune::CrisisLevel (core.hpp).
using attune::CrisisLevel;
using attune::crisis_level_name;

struct CrisisAssessment {
    CrisisLevel level = CrisisLevel::none;
    bool self_harm = false;             // self-injury language (with or without suicidal intent)
    double confidence = 0;              // [0, 1]: how sure the grader is of `level`: the rules'
                                        // belief in their strongest phrase, or the learned model's
                                        // risk probability when it alone raised the level
    std::vector<std::string> evidence;  // the phrases (or, from the model, words) that raised it, as written
    // No flag, though a crisis phrase matched: a guard explained it away (a negation, someone
    // else, media, an idiom, resolved history). The learned model needs more to flag such a text.
    bool explained_away = false;
};

// Grades one text (a message or a journal entry of any length) with the phrase rules alone:
// no model file is needed, and Analyzer::analyze() adds the learned scorer of models/crisis.atm
// on top (use it where a missed crisis matters: the rules alone miss more unseen phrasings).
// Never fires on idioms ("this exam is killing me"), negations ("I would never hurt myself"),
// other people, fiction or news, or past resolved history; catches chat spellings and slang
// ("kms", "unalive"). Thread-safe; errors: invalid_argument for invalid UTF-8.
Result<CrisisAssessment> assess_crisis(std::string_view utf8);

// The cognitive distortions of Beck's cognitive therapy (Burns 1980's list).
enum class DistortionType {
    all_or_nothing, overgeneralization, mental_filter, disqualifying_positive, mind_reading,
    fortune_telling, catastrophizing, emotional_reasoning, should_statements, labeling,
    personalization
};
inline constexpr std::size_t kNumDistortionTypes = 11;
// The snake_case name of each type, e.g. "all_or_nothing".
std::string_view distortion_name(DistortionType type);

struct Distortion {
    DistortionType type = DistortionType::all_or_nothing;
    std::string evidence;  // the words that show the pattern, as written
    std::string reframe;   // a short Socratic question a CBT therapist would ask
};

// The distortions in one text, at most one per type, in order of appearance; empty when none.
// The phrase rules alone: no model file is needed, and Analyzer::analyze() adds the learned
// scorer of models/distortions.atm (the rules alone miss many unseen phrasings).
// Thread-safe; errors: invalid_argument for invalid UTF-8.
Result<std::vector<Distortion>> detect_distortions(std::string_view utf8);

// Personal identifiers that redact() replaces, each with a typed placeholder.
enum class PiiType { name, email, phone, address, url, date_of_birth, id_number };
inline constexpr std::size_t kNumPiiTypes = 7;
// "[NAME]", "[EMAIL]", "[PHONE]", "[ADDRESS]", "[URL]", "[DOB]", "[ID]".
std::string_view pii_placeholder(PiiType type);
// The snake_case name of each type, as printed in JSON: "name", "email", "phone", "address",
// "url", "date_of_birth", "id_number".
std::string_view pii_type_name(PiiType type);

// One replaced identifier: its type and the byte range [begin, end) it covered in the input.
struct RedactedSpan {
    PiiType type = PiiType::name;
    std::size_t begin = 0;
    std::size_t end = 0;
};

struct Redaction {
    std::string text;                 // the input with each span replaced by its placeholder
    std::vector<RedactedSpan> spans;  // in input order, never overlapping
};

// Replaces the personal identifiers in one text (a message or a journal entry of any length)
// with typed placeholders and leaves every other byte as it was, so that the redacted text
// still reads and analyses like the original. Finds: person names (an embedded gazetteer of
// given names and surnames from many cultures plus context: titles, "my name is", "Dear",
// "my sister <Name>", "<Name> said"; names that are also words, months or places -- "hope",
// "Will", "May", "Sydney" -- need such a cue), e-mail addresses, phone numbers (national and
// international, with extensions), street addresses (US and UK, with a ZIP code or postcode
// tail; UK postcodes), URLs (with or without a scheme), dates of birth (a date after "born",
// "DOB", "date of birth", "birthday"; other dates stay) and ID numbers (SSN, NHS, NI, MRN,
// passport, policy, claim, account numbers). Cities, organisations and brands stay. The
// conventions are those of tests/fixtures/redact/README.md. Offsets are into `utf8` as given
// (not normalised). Thread-safe, linear in the length; errors: invalid_argument for invalid
// UTF-8, naming the byte offset.
Result<Redaction> redact(std::string_view utf8);

struct Analysis {
    Sentiment sentiment;
    std::array<float, kNumEmotions> emotions{};  // calibrated probability per GoEmotions label
    std::vector<std::string> labels;             // labels above their tuned thresholds (>= 1 label)
    std::array<float, kNumEkman> ekman{};        // probability per Ekman group
    Vad vad;
    Explanation explanation;
    CrisisAssessment crisis;               // C-SSRS level and the phrases behind it (rules + learned model)
    std::vector<Distortion> distortions;   // cognitive distortions found (empty when none)
    std::size_t words = 0;  // word tokens seen
};

// The JSON object `attune text --jsonl` prints for one text: sentiment, emotions, labels,
// ekman, vad, explanation, crisis, distortions, words (and line, when given). append_json writes it compactly onto
// `out` without building a JSON tree (the fast path); to_json returns the same object as a tree.
void append_json(const Analysis& analysis, std::string& out, std::optional<std::size_t> line = std::nullopt);
nlohmann::json to_json(const Analysis& analysis);

struct AnalyzerOptions {
    std::size_t explain_emotions = 3;  // how many top emotions to explain
    std::size_t explain_tokens = 5;    // how many tokens per explanation
};

// The text engine: immutable once loaded, so one instance is shared by all threads (like
// whisper.cpp's context); analyze() is const and thread-safe.
class Analyzer {
public:
    // Loads text.atm (sentiment, emotions, VAD), crisis.atm (the learned crisis scorer) and
    // distortions.atm (the learned distortion scorer) from model_dir. Errors: not_found, io_error, corrupt (each naming the file).
    static Result<std::shared_ptr<const Analyzer>> load(const std::string& model_dir,
                                                        AnalyzerOptions options = {});
    ~Analyzer();
    Analyzer(const Analyzer&) = delete;
    Analyzer& operator=(const Analyzer&) = delete;

    // Analyses one text (any length; an empty text gives a neutral analysis). The crisis grade
    // is the phrase rules' (assess_crisis) with the learned scorer beside them: when the rules
    // fire, their level, confidence and evidence stand (the model may only raise the level,
    // when it is very sure); when they do not and the model's risk probability passes its
    // cross-validated threshold, the model's level is reported with confidence = that
    // probability and evidence = the words that pushed it there, as written. Distortions are
    // the phrase rules' (detect_distortions); when they find none and the learned scorer's
    // probability passes its cross-validated threshold, one distortion of the scorer's most
    // probable type, evidence = the words that pushed the score, and that type's reframe.
    // Errors: invalid_argument for invalid UTF-8, naming the byte offset.
    Result<Analysis> analyze(std::string_view utf8) const;

    struct Impl;

private:
    explicit Analyzer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------------------------------------
// Training (`attune train text`). Deterministic for a given seed and data.

struct TrainOptions {
    std::string data_dir;    // ../shared/data: goemotions/, emobank/, vader/, afinn/, uci_sentiment_labelled/
    std::string lexicon_dir; // the project's data/lexicons (VADER lexicon and emoji descriptions)
    std::string out_dir;     // where the .atm files are written
    std::uint64_t seed = 42;
    int epochs = 0;          // 0 = each model's default
    ProgressFn progress;     // optional
};

struct TrainReport {
    nlohmann::json metrics;  // per model: dev figures measured after training
};

// Trains sentiment.atm, emotions.atm and vad.atm. Errors: not_found for missing data,
// corrupt for malformed data (naming file and line), cancelled when progress returns false.
Result<TrainReport> train_text_models(const TrainOptions& options);

struct CrisisTrainOptions {
    std::vector<std::string> data_files;  // TSVs of level, self_harm, category, text (tests/fixtures/crisis)
    // GoEmotions (train.tsv, dev.tsv; Apache-2.0): ordinary comments without crisis vocabulary,
    // none examples from train.tsv and the measure from dev.tsv of how often the model alone
    // flags ordinary text. Empty: statements only, and the model never speaks off crisis
    // vocabulary.
    std::string ordinary_dir;
    std::string out_dir;                  // where crisis.atm is written
    std::uint64_t seed = 42;
    ProgressFn progress;                  // optional; called once per training epoch
};

// Trains crisis.atm (`attune train crisis`): one-vs-rest logistic regression over n-grams of
// the statements, with its thresholds (CrisisThresholds: veto, threshold on and off crisis
// vocabulary, level raising) chosen by leave-one-file-out cross-validation (src/text/
// crisis_train.cpp says how), then refitted on every file. Same files + seed = same bytes. Returns the
// model's metadata (data, thresholds, the cross-validated figures of the rules, the model and
// the combination per held-out file), the threshold sweep and "file". Errors: invalid_argument
// for no files, not_found for a missing file or output directory, corrupt naming file and line,
// io_error, cancelled when progress returns false.
Result<TrainReport> train_crisis_model(const CrisisTrainOptions& options);

struct DistortionTrainOptions {
    std::vector<std::string> data_files;  // TSVs of type<TAB>text (tests/fixtures/distortions/dev*.tsv)
    std::string out_dir;                  // where distortions.atm is written
    std::uint64_t seed = 42;
    ProgressFn progress;                  // optional; called once per training epoch
};

// Trains distortions.atm (`attune train distortions`): one-vs-rest logistic regression over
// n-grams of the statements (distorted or not, and each type), its threshold chosen by
// leave-one-file-out cross-validation (the lowest keeping the rules plus the model at
// precision >= 0.9 on every held-out file), then refitted on every file. Only our own TSVs are
// accepted (a research-only set is invalid_argument). Same files + seed = same bytes. Returns
// the model's metadata (data, threshold, the cross-validated figures of the rules, the model
// and the combination per held-out file), the threshold sweep and "file". Errors:
// invalid_argument for no files or a file not in our TSV format, not_found for a missing file
// or output directory, corrupt naming file and row, io_error, cancelled.
Result<TrainReport> train_distortion_model(const DistortionTrainOptions& options);

// ---------------------------------------------------------------------------------------------
// Evaluation (`attune eval text` and the eval tests): accuracy of a loaded analyzer on the dev
// splits under data_dir (../shared/data), measured through analyze() exactly as it ships.
// Returns {"goemotions": {macro_f1, ekman_macro_f1, micro_f1, per_label, cross_tuned...},
// "emobank": {valence_r, arousal_r, dominance_r}, "sentiment": {per proxy: r, rules_r}}.
// Errors: not_found / corrupt for the data, cancelled.
Result<nlohmann::json> evaluate_text(const Analyzer& analyzer, const std::string& data_dir,
                                     const ProgressFn& progress = {});

// Crisis grading through analyzer.analyze() (the rules and the learned model, as shipped) on
// our own labelled statements (a TSV of level, self_harm, category, text:
// tests/fixtures/crisis/*.tsv): any-risk recall, false alarms on non-risk statements, exact
// level accuracy, self-harm precision and recall, accuracy per category, the confusion matrix
// and the line numbers of the statements whose risk was missed or falsely raised; the same
// three headline figures for the rules alone under "rules". Errors: not_found / corrupt naming
// the file and line.
Result<nlohmann::json> evaluate_crisis_statements(const Analyzer& analyzer, const std::string& tsv_path);

// Crisis grading through analyzer.analyze() on the Reddit C-SSRS set under data_dir
// (cssrs_reddit, 250 users): each user's posts read as a journal; the AUC with which users
// labelled Ideation, Behavior or Attempt rank above those labelled Supportive or Indicator
// (and "rules_auc", the rules alone). Never returns post text. Errors: not_found / corrupt,
// cancelled.
Result<nlohmann::json> evaluate_crisis_reddit(const Analyzer& analyzer, const std::string& data_dir,
                                              const ProgressFn& progress = {});
// The same users ranked by the caller's scores, for measuring what is built on the analysis
// (tracking's risk in `attune eval alerts`): each user's posts are analysed in order and
// score(analyses) returns one score per name in score_names. Returns {"n_users", "n_posts",
// "positives", "positive_labels", "negative_labels", "auc": {name: the AUC with which users
// labelled Ideation, Behavior or Attempt rank above those labelled Supportive or Indicator}}.
// Never returns post text. Errors: not_found / corrupt for the data, invalid_argument when
// score returns a different number of scores than names, cancelled.
using JournalScorer = std::function<std::vector<double>(std::span<const Analysis> posts)>;
Result<nlohmann::json> evaluate_cssrs_ranking(const Analyzer& analyzer, const std::string& data_dir,
                                              const std::vector<std::string>& score_names,
                                              const JournalScorer& score,
                                              const ProgressFn& progress = {});
// Accuracy of redact() on a JSONL file of {"text", "redacted"} pairs (the gold output, as in
// tests/fixtures/redact/test.jsonl). Span level: a predicted span is a true positive when a
// gold placeholder of the same type covers exactly the same bytes (gold spans are recovered by
// aligning "redacted" with "text"). Returns {"file", "sentences", "exact_match" (share of
// sentences redacted exactly as gold), "overall" and "per_type" {tp, fp, fn, precision, recall,
// f1}, "mismatches" (up to max_mismatches sentences {line, text, gold, got})} and, when an
// analyzer is given, "analysis" {mean_abs_compound_change, top_emotion_unchanged, ...}: the
// effect of redaction on analyze() over the same sentences. Errors: not_found / io_error for
// the file; corrupt naming the line for malformed JSON or a gold text that does not align.
struct RedactionEvalOptions {
    const Analyzer* analyzer = nullptr;  // optional: also measure the effect on the analysis
    std::size_t max_mismatches = 0;      // how many wrongly redacted sentences to list
};
Result<nlohmann::json> evaluate_redaction(const std::string& jsonl_path,
                                          const RedactionEvalOptions& options = {});
// Accuracy of distortion detection on the labelled set at `path` (`attune eval distortions`):
// through analyzer.analyze() (the rules and the learned model, as shipped) when an analyzer is
// given, else detect_distortions() (the rules alone).
// a TSV with the header type<TAB>text (type a distortion_name() or "none"), or Shreevastava &
// Foltz (2021)'s Annotated_data.csv, told apart by the header; its "Magnification" counts as
// catastrophizing and both its dominant and its secondary label count as right. Returns
//   {"file", "format" ("tsv" or "shreevastava"), "n", "distorted" (texts labelled with a type),
//    "binary": {precision, recall, f1, tp, fp, fn, tn} (distorted or not),
//    "type_accuracy": among the distorted texts that were flagged, the share where a labelled
//                     type was among those found ("type_hits" of "true_positives"),
//    "types_per_flagged_text": mean number of types found on a flagged text,
//    "per_type": {type: {n (texts labelled with it), recall, found, precision}},
//    "confusion": {dominant label or "none": {type found or "none": texts}},
//    "detector": "analyze" or "rules",
//    and with an analyzer "rules": {precision, recall, f1, type_accuracy} of the rules alone}.
// Counts only, never a text: some sets are research-only. Errors: not_found, corrupt (naming
// the file and the row, never its text), invalid_argument for a text that is not UTF-8 (naming
// its row), cancelled when progress returns false. Thread-safe.
Result<nlohmann::json> evaluate_distortions(const std::string& path,
                                            const ProgressFn& progress = {});
Result<nlohmann::json> evaluate_distortions(const Analyzer& analyzer, const std::string& path,
                                            const ProgressFn& progress = {});

}  // namespace attune::text
