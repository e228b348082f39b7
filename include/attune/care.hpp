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
//   suits: distress, low             # optional: the moments it is offered in (moments());
//                                    # without it, any moment
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
    std::vector<std::string> suits;  // the moments it is offered in; empty: any
    std::string file;         // the file name it was parsed from
    std::vector<Step> steps;  // in file order; steps.front() is the start

    // The step with `id`, or nullptr; the pointer lives as long as this Exercise, unmodified.
    const Step* find(std::string_view id) const;
};

// The techniques an exercise may declare (the dialogue engine and the bandit choose among them):
// thought_record, cognitive_restructuring, behavioural_activation, paced_breathing, grounding,
// self_compassion, worry_time, gratitude, sleep_hygiene.
std::span<const std::string_view> techniques();
// The moments an exercise may declare that it suits (`suits:`), which the companion reads from
// a message before offering one: distress (anxious, angry, panicky: high arousal), low (sad,
// tired, lonely), thinking (a cognitive distortion was found), worry (worry words), sleep (sleep
// words), positive (a good moment worth savouring). A clinical reviewer's indication, not a
// learned one: the bandit learns which of the suitable exercises helps this person.
std::span<const std::string_view> moments();
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

// {"id","title","technique","minutes","file","suits","steps":[{"id","line","say","ask":{"type",
// "min","max" | "choices"},"rate","save","timing":{"phases":[{"phase","seconds"}],"rounds"},
// "next","branches":[{"answer","to"}]}]}; optional members are left out when empty.
nlohmann::json to_json(const Exercise& exercise);

// =============================================================================================
// Personalisation: the contextual bandit that chooses which exercise to suggest (issue #6,
// "Exercises that adapt"). src/care/bandit.cpp, src/care/bandit_simulate.cpp.
//
// The model (Russo et al. 2018, "A Tutorial on Thompson Sampling", section 7; Agrawal & Goyal
// 2013, "Thompson Sampling for Contextual Bandits with Linear Payoffs"): for each arm (an
// exercise id) the reward of suggesting it in context x is x'w_arm + noise, noise ~ N(0,
// noise_variance), with a Gaussian prior w_arm ~ N(0, D), D = diag(prior_variance for the bias,
// context_prior_variance for the other weights). The posterior is Gaussian with precision
// P = D^-1 + X'X/noise_variance and mean P^-1 X'y / noise_variance; the state keeps only X'X,
// X'y, y'y and n per arm, so the options may change without losing what was learnt. Each arm
// learns from its own rewards only (no pooling across arms; across people only through a population prior,
// BanditPrior), and rewards are taken as stationary (no forgetting; see docs/BENCHMARKS.md for
// how this fares on slowly drifting simulated people).
//
// Everything here is deterministic (its own normal and uniform draws from std::mt19937_64, so the
// same seed gives the same choice with any standard library) and nothing throws. A Bandit is
// immutable and may be shared between threads; a BanditState is one person's and is not
// synchronised.

// What is known when an exercise is offered (the bandit's context).
struct BanditContext {
    double valence = 0;              // [-1, 1], of the person's latest message
    double arousal = 0;              // [-1, 1]
    int hour = 12;                   // the person's local hour, 0..23
    std::optional<double> sleep_h;   // last night's sleep in hours, when a wearable knows it
    std::optional<double> activity;  // today's activity against the person's own baseline, [-1, 1]
    std::optional<int> mood;         // a 0..10 mood rating, when just given
    bool in_crisis = false;          // crisis language at passive or above recently: no suggestion
    // The arms that suit this moment (availability, as HeartSteps only randomises when a
    // suggestion is appropriate): choose() gives the others probability 0. Empty: every arm.
    std::vector<std::string> eligible;
};

// invalid_argument naming the field when a value is out of its range or not finite: valence and
// arousal in [-1, 1], hour 0..23, sleep_h 0..24, activity [-1, 1], mood 0..10.
Status validate(const BanditContext& context);

// The feature vector the model uses, 11 entries named by bandit_feature_names():
//   bias            1
//   valence         valence, clamped to [-1, 1]
//   arousal         arousal, clamped to [-1, 1]
//   hour_sin        sin(2 pi hour / 24)   } the hour on a circle, so 23:00 is next to 0:00
//   hour_cos        cos(2 pi hour / 24)   }
//   sleep           (sleep_h - 7) / 3 clamped to [-1, 1] (4 h -> -1, 10 h -> +1); 0 when unknown
//   sleep_known     1 when sleep_h is known, else 0
//   activity        activity clamped to [-1, 1]; 0 when unknown
//   activity_known  1 when activity is known, else 0
//   mood            (mood - 5) / 5 clamped to [-1, 1]; 0 when unknown
//   mood_known      1 when mood is known, else 0
// Total: a value that is not finite counts as 0 (or unknown); in_crisis is not a feature.
std::vector<double> bandit_features(const BanditContext& context);
std::span<const std::string_view> bandit_feature_names();

// One decision, kept for audit: the context, each option's probability, the choice, the reward.
struct BanditDecision {
    std::string id;                     // unique within the person's state ("d17")
    std::int64_t at_ms = 0;             // when it was made (Unix ms)
    std::vector<std::string> arms;      // the options, in order
    std::vector<double> probabilities;  // P(choosing each arm) under the policy, sums to 1; for a
                                        // person's own pick, 1 for the pick and 0 elsewhere
    std::vector<double> features;       // bandit_features(context)
    std::string chosen;                 // one of arms
    bool picked_by_person = false;      // the person chose it themselves (no sampling)
    std::optional<double> reward;       // set by update()
    std::string why;                    // plain words for the person
    nlohmann::json why_numbers;         // for the clinician: {"policy": "thompson_sampling" |
                                        // "picked_by_person", "mean", "sd", "probability", "n":
                                        // one entry per arm, in arms order (the posterior mean
                                        // and sd of the expected reward in this context, sd
                                        // unscaled, 4 decimals; rewards learnt from),
                                        // "exploration_floor", "posterior_scale", "draws",
                                        // "n_rewards" (all arms), "prior_people" (people the
                                        // population prior was learnt from; 0: default prior)}

    // {"id","at_ms","arms","probabilities","features","chosen","picked_by_person","reward"
    // (null until updated),"why","why_numbers"}.
    nlohmann::json to_json() const;
    // Errors: invalid_argument naming the member that is missing or of the wrong type.
    static Result<BanditDecision> from_json(const nlohmann::json& j);
};

// What one arm has learnt: the sufficient statistics of its Bayesian linear regression.
struct BanditArmStats {
    int n = 0;                // rewards added
    std::vector<double> xtx;  // X'X, features x features, row-major
    std::vector<double> xty;  // X'y
    // y'y, the sum of the squared rewards: not needed by the person's own posterior, but by a
    // population prior fitted from many people's statistics (fit_bandit_prior), which needs how
    // far rewards scatter. Unknown (nullopt) in a state saved before it was kept.
    std::optional<double> yty = 0.0;

    // Adds one reward observed with these features (bandit_features, 11 entries; the caller
    // checks both are finite): X'X += x x', X'y += x reward, y'y += reward^2, n += 1.
    void add(std::span<const double> features, double reward);
};

// Per person: the posterior of each arm (by arm id; an arm without an entry is at its prior, so
// exercises may be added later), the decision log (at most max_logged_decisions, newest last;
// older ones are dropped and can no longer be updated), and the suggestions made per local day
// (for the daily cap; the last 14 days are kept).
struct BanditState {
    std::map<std::string, BanditArmStats> arms;
    std::vector<BanditDecision> decisions;
    std::map<std::int64_t, int> suggestions_per_day;  // local day number -> suggestions made
    std::int64_t next_decision = 1;                   // the next id is "d" + next_decision

    // {"version": 1, "features": [names], "next_decision", "arms": {id: {"n","xtx","xty",
    // "yty" (absent when unknown)}},
    // "decisions": [...], "suggestions_per_day": [{"day","count"}]}.
    nlohmann::json to_json() const;
    // Errors: invalid_argument naming the member that is missing, of the wrong type or size
    // ("arms.box_breathing.xtx: expected 121 numbers"), and for a state whose version or feature
    // names differ from this build's (the features changed: the learnt weights mean something
    // else).
    static Result<BanditState> from_json(const nlohmann::json& j);
};

struct BanditOptions {
    // The prior of the bias weight (the arm's mean reward for this person), N(0, prior_variance).
    // Mean rewards beyond +-0.6 (5 mood points on average, plus the completion bonus) are
    // implausible, so sd 0.32 (variance 0.1) is weakly informative; an arm never tried still
    // has a predicted reward spread wider than the gaps between the arms, so it is tried early.
    double prior_variance = 0.1;
    // The prior of each of the 10 context weights, N(0, context_prior_variance). Together they
    // should rarely move an arm's expected reward by more than about one mood point: with
    // features in [-1, 1] (mean square about 0.4), sd 0.05 each gives the summed context effect
    // an sd of sqrt(10 x 0.0025 x 0.4) = 0.1 reward units. So the model starts close to "the
    // same exercise whatever the context" and lets the data earn the context effects: a person
    // gives one or two rewards a day, far too few for 11 free weights per exercise.
    double context_prior_variance = 0.0025;
    // The reward's noise around its mean. 0.04 is a standard deviation of 0.2 reward units: two
    // mood points on the 0..10 scale, the spread of the mood change after one brief exercise
    // (ratings are whole numbers and an exercise moves mood by about +-2 points), plus the
    // completion bonus or penalty. Smaller trusts each reward more and explores less.
    double noise_variance = 0.04;
    // Multiplies the posterior standard deviation in the Thompson draws (Chapelle & Li 2011,
    // "An Empirical Evaluation of Thompson Sampling", sample from a posterior whose spread is
    // scaled by their alpha and found a smaller spread did better in practice). 1 is textbook
    // Thompson sampling, which spends too many of a person's few suggestions on exploring: on the
    // simulation (docs/BENCHMARKS.md) its regret is 0.55-0.57 of random's, against 0.40-0.43 at
    // 0.5. The floor below still keeps every exercise in play. In (0, 10].
    double posterior_scale = 0.5;
    // Bounded exploration, as Personalized HeartSteps clips its action probabilities (Liao et al.
    // 2020, pi_min): with K arms, each arm's probability is
    //     p(arm) = exploration_floor / K + (1 - exploration_floor) * P_TS(arm)
    // where P_TS is the Thompson-sampling probability that the arm's sampled reward is the
    // largest. So every arm keeps at least floor / K, no arm exceeds 1 - floor + floor / K, and
    // the probabilities sum to 1. In [0, 1].
    double exploration_floor = 0.05;
    int max_suggestions_per_day = 3;         // intervention fatigue; >= 1
    int probability_draws = 512;             // Monte-Carlo draws to estimate P_TS; >= 1
    std::size_t max_logged_decisions = 500;  // >= 1
    // A population prior (BanditPrior::apply): per arm, the prior mean of its 11 weights, learnt
    // from other people's rewards; an arm without an entry has mean 0. Each vector has 11 entries.
    std::map<std::string, std::vector<double>> prior_mean;
    // And per arm the prior variance of its bias weight (how far one person's mean reward lies
    // from the population's), for the arms the population prior has outcomes of; the others
    // keep prior_variance, so an exercise nobody has done yet is not held at 0 with a
    // population's certainty. Each value > 0 and finite.
    std::map<std::string, double> arm_prior_variance;
    // How many people that prior was learnt from (0: the default prior); shown to the clinician
    // in each decision's why_numbers.
    int prior_people = 0;
};

// A population prior, learnt by empirical Bayes from the rewards of a cohort of other people
// (as Personalized HeartSteps formed its prior from the earlier HeartSteps study's data, Liao et
// al. 2020): per arm the mean weights across people (a pooled ridge regression), the spread of
// one person's arm mean around the population's (between-person variance, by the method of
// moments), and the reward noise within a person (the pooled within-person variance). A new
// person's bandit then starts from what helps people in general and how much people differ,
// rather than from "every exercise is the same, give or take 3 mood points".
struct BanditPrior {
    // The least between-person variance a fit gives (sd 0.05 reward units, half a mood point).
    static constexpr double kMinBetweenVariance = 0.0025;
    std::map<std::string, std::vector<double>> mean;  // arm -> prior mean of its 11 weights
    std::map<std::string, std::size_t> arm_rewards;   // arm -> rewards its mean rests on
    double prior_variance = 0.1;   // between-person variance of an arm's mean reward
    double noise_variance = 0.04;  // within-person variance of a reward around its mean
    int people = 0;                // in the cohort
    std::size_t rewards = 0;       // in the cohort

    // Sets options.prior_mean and arm_prior_variance for the arms with outcomes (all arms of
    // `mean` when arm_rewards is empty, as in files written before it was kept),
    // noise_variance and prior_people. Other arms keep options.prior_variance.
    void apply(BanditOptions& options) const;
    // {"version": 1, "features": [names], "people", "rewards", "prior_variance",
    //  "noise_variance", "mean": {arm: [11 numbers]}, "arm_rewards": {arm: count}} (the last
    //  optional on reading).
    nlohmann::json to_json() const;
    // Errors: invalid_argument naming the member missing, of the wrong type or size, or out of
    // range (variances must be positive and finite), and for other features than this build's.
    static Result<BanditPrior> from_json(const nlohmann::json& j);
    // Reads a prior file (as `attune train bandit-prior` writes it). Errors: not_found / io_error
    // for the file; invalid_argument naming the file and the member that is wrong.
    static Result<BanditPrior> load(const std::string& path);
};

// Fits the prior from what each person of the cohort has learnt: per person, the statistics of
// each arm (BanditState::arms; the companion keeps them in every person's state). `base` gives
// the regularisation of the pooled regression (its context_prior_variance and noise_variance).
// Arms not in `arms` (exercises no longer offered) are left out; an arm whose y'y is unknown
// counts for the population's weights and the between-person spread but not for the noise.
// Errors: invalid_argument naming the person (by index) and arm for statistics of the wrong
// size or not finite, and for fewer than 2 people with rewards or no person with two rewards of
// one arm and a known y'y (the spreads cannot be estimated).
using BanditCohortStats = std::map<std::string, BanditArmStats>;
Result<BanditPrior> fit_bandit_prior(std::span<const BanditCohortStats> people,
                                     const std::vector<std::string>& arms,
                                     const BanditOptions& base = {});

// One reward from the cohort: whose (any id that tells people apart), which arm, the decision's
// features (bandit_features, 11 entries) and the reward.
struct BanditCohortReward {
    std::string person;
    std::string arm;
    std::vector<double> features;
    double reward = 0;
};
// The same from single rewards (the simulation's exploratory cohort): each person's rewards are
// summed into their statistics first. Errors: as above, and invalid_argument naming the record
// with the wrong number of features, a non-finite value or an arm not in `arms`.
Result<BanditPrior> fit_bandit_prior(std::span<const BanditCohortReward> cohort,
                                     const std::vector<std::string>& arms,
                                     const BanditOptions& base = {});

// The reward of one offered exercise from its before/after 0..10 mood ratings and completion:
//     reward = (after - before) / 10   when both ratings are known, else 0
//            + 0.1                     when the exercise was completed
//            - 0.05                    when it was declined or abandoned
// So it lies in [-1.05, 1.1]; a completed exercise that left mood unchanged earns 0.1 (doing it
// is worth something), one that lifted mood by 2 points earns 0.3. Ratings outside 0..10 are
// clamped to it. Deterministic.
inline constexpr double kBanditCompletionBonus = 0.1;
inline constexpr double kBanditDeclinePenalty = 0.05;
double bandit_reward(std::optional<int> before, std::optional<int> after, bool completed);

// ok, or invalid_argument naming what is wrong: at least one arm, arm ids non-empty and unique;
// options within the ranges given above and finite.
Status validate_bandit(const std::vector<std::string>& arms, const BanditOptions& options);

class Bandit {
public:
    // Invalid arms or options (validate_bandit) are a programmer error: ATTUNE_ASSERT aborts.
    explicit Bandit(std::vector<std::string> arms, BanditOptions options = {});

    // Chooses an exercise to suggest by Thompson sampling mixed with the exploration floor,
    // among the arms that suit the moment (context.eligible; all when empty): the others get
    // probability 0, and the floor is shared by the eligible ones.
    // For each arm the posterior predicted reward in this context is Gaussian (its mean and
    // variance come from a Cholesky factor of the arm's precision; each draw's spread is scaled
    // by posterior_scale); P_TS(arm) is estimated from
    // probability_draws joint draws (the share of draws in which the arm's draw is the largest;
    // with one draw this is plain Thompson sampling), the floor is mixed in (BanditOptions), and
    // the arm is drawn from those probabilities, so the logged probabilities are exactly the
    // ones the choice was made with (what an audit or an off-policy evaluation needs).
    // Records the decision in state (id "d<N>") and counts it against the cap of its local day,
    // floor((now_ms + utc_offset_min * 60000) / 86400000).
    // Errors: failed_precondition when context.in_crisis ("no suggestion during a crisis") or
    // today's cap is reached (the message says so and names the cap); invalid_argument for an
    // unknown eligible arm or a context out of range (validate) or utc_offset_min outside -840..840; state unchanged on
    // error. Deterministic for (state, context, now_ms, utc_offset_min, seed). About 0.1 ms for
    // 10 arms (benchmarks/care_bench.cpp).
    Result<BanditDecision> choose(BanditState& state, const BanditContext& context,
                                  std::int64_t now_ms, int utc_offset_min,
                                  std::uint64_t seed) const;

    // The person picked `arm` themselves: logged with picked_by_person = true and probability 1
    // on the pick, not counted against the daily cap. Allowed during a crisis: a person may
    // always pick an exercise (a grounding or breathing exercise they reach for is not refused;
    // the crisis response itself is the dialogue's). Its reward, once update()d, teaches the
    // arm's posterior like any other. Errors: invalid_argument for an unknown arm or a context
    // out of range; state unchanged on error.
    Result<BanditDecision> record_pick(BanditState& state, const BanditContext& context,
                                       std::string_view arm, std::int64_t now_ms) const;

    // Adds the reward of a logged decision to its arm's posterior and stores it in the log.
    // Errors: not_found for an unknown decision id (or one dropped from the bounded log),
    // failed_precondition when it already has a reward, invalid_argument for a reward that is
    // not finite or outside [-10, 10]; state unchanged on error.
    Status update(BanditState& state, std::string_view decision_id, double reward) const;

    // The posterior mean and standard deviation of the expected reward of each arm (in arms()
    // order) in this context. Total (a context out of range is clamped as in bandit_features).
    std::vector<std::pair<double, double>> predict(const BanditState& state,
                                                   const BanditContext& context) const;

    const std::vector<std::string>& arms() const { return arms_; }
    const BanditOptions& options() const { return options_; }

private:
    std::vector<std::string> arms_;
    BanditOptions options_;
};

// `attune simulate bandit`: simulated people with hidden, differing preferences over the arms
// that depend on context and drift slowly; each day 1..3 opportunities with random context; the
// reward is drawn from the hidden model. Runs the bandit policy, uniform random choice and the
// best fixed arm per person (the arm with the best mean expected reward over that person's whole
// run, in hindsight), all on the same people and contexts. The hidden model is described in
// src/care/bandit_simulate.cpp and docs/BENCHMARKS.md ("Companion: exercise choice (bandit)").
struct BanditSimulationOptions {
    int patients = 200;  // >= 1
    int days = 90;       // 1..3650
    std::uint64_t seed = 1;
    std::vector<std::string> arms;  // at least two
    BanditOptions bandit;
    // The spread (sd, mood points) of the mood change after a completed exercise around its
    // expected value; 1.5 puts 80 % of single changes within about +-2 points of it. In (0, 5].
    double mood_change_sd = 1.5;
    // With N > 0, N other simulated people from the same population first meet uniformly random
    // suggestions for `days` days (an exploratory study, as HeartSteps' first trial was for its
    // second); fit_bandit_prior on their rewards gives the bandit its population prior. 0: the
    // bandit starts from the default prior.
    int prior_cohort = 0;
    ProgressFn progress;  // ("simulate bandit", patients done, patients)
};
// Also runs a reference, "full_information": the bandit's model and prior told after every
// opportunity the reward every arm would have earned (drawn from the hidden model), choosing
// the arm of largest posterior mean; no policy learning from one reward per decision has more
// to go on.
// Returns {"patients", "days", "seed", "arms", "decisions_per_patient",
//   "regret": {"bandit", "random", "best_fixed", "full_information"}  cumulative regret per
//       person against the per-decision oracle (the arm with the largest expected reward in
//       that decision's context, under the hidden model), in reward units, averaged over
//       people; random's is its expectation (the mean gap over the arms), so it carries no
//       sampling noise,
//   "regret_per_day": {"bandit": [...], "random": [...], "best_fixed": [...],
//       "full_information": [...]}  the mean regret incurred on each day (index 0 = day 1),
//   "mean_reward": {"oracle", "bandit", "random", "best_fixed", "full_information"}  expected
//       reward per decision, and "bandit_realised", the mean of the rewards the bandit was
//       given (a check on the expectations),
//   "mood_change_sd", "bandit_options": {"prior_variance", "context_prior_variance",
//       "noise_variance", "posterior_scale", "exploration_floor", "probability_draws"},
//   "day_bandit_within_best_fixed": the first day D (1-based, >= 7) such that for every day
//       t >= D the bandit's mean daily regret over days t-6..t is at most 1.25 x best_fixed's
//       over the same days; null when that never happens,
//   "day_full_information_within_best_fixed": the same for the full-information reference,
//   "ratio_to_random": regret.bandit / regret.random,
//   "gap_closed_days_24_30": over days 24..30, (random - bandit) / (random - best_fixed) of the
//       mean daily regret: the share of the gap to best fixed that the bandit has closed after
//       its first month (1 = as good as best fixed); null for runs shorter than 30 days,
//   "prior": null, or with prior_cohort {"people", "rewards", "prior_variance",
//       "noise_variance"} of the fitted prior}.
// Errors: invalid_argument naming the option out of range; cancelled when progress returns
// false. Deterministic for the options (single-threaded).
Result<nlohmann::json> simulate_bandit(const BanditSimulationOptions& options);

// =============================================================================================
// The companion: the conversation, its safety path and its resources.

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
    bool engaged = false;                   // the exercise under way got past its opening
                                            // questions (else reaching the after-rating means
                                            // it was declined: not completed)

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
    // The companion keeps the last 20 decisions in Person::bandit (enough to learn each pending
    // offer's reward; the state is saved after every message, and 500 logged decisions are
    // ~550 KB of JSON). The full audit trail is the transcript: every reply that offers or
    // starts an exercise carries its decision (context, probabilities, why, why_numbers).
    BanditOptions bandit = [] {
        BanditOptions o;
        o.max_logged_decisions = 20;
        return o;
    }();
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
    // is, and asks how the person feels), without a message from the person. Starts a new
    // conversation in `person` unless one is under way or an exercise waits to be resumed.
    Reply greet(Person& person, const MessageContext& context) const;
    // Answers one message and moves the person's state on. Deterministic for (person, message,
    // context). Errors: invalid_argument for an empty or oversized (> 10,000 bytes) message or
    // invalid UTF-8 (naming the byte offset); `person` is unchanged on error.
    Result<Reply> reply(Person& person, std::string_view message,
                        const MessageContext& context) const;

    const std::vector<Exercise>& exercises() const;
    // The crisis resources of `locale`, or the default locale's when it has none.
    const CrisisResources& resources(std::string_view locale) const;
    // The locales the crisis lines file lists ("en-AU", ..., "intl"), sorted: those resources()
    // answers for without falling back to the default.
    const std::vector<std::string>& locales() const;

    struct Impl;

private:
    explicit Companion(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace attune::care
