// SPDX-License-Identifier: Apache-2.0
// Cognitive distortions as phrase rules. The types and their definitions are Burns's (1980),
// after Beck (1976); the reframes are the Socratic questions of cognitive therapy (J. Beck
// 2011). A rule is a word pattern for one type plus guards that keep it to the writer's own
// thinking: negations, questions, other people's words, realistic conditions and the literal
// uses of "should" and "always" (which the patterns avoid by naming what follows them).
#include "text/distortions.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "text/phrase_rules.hpp"

namespace attune::text {
namespace {

using T = DistortionType;

// Why a match may not be the writer's distortion. kBase applies to almost every rule.
enum Guard : std::uint16_t {
    kNegated = 1 << 0,   // a negator before the match, or inside a gap of it ("I'm not a failure")
    kQuestion = 1 << 1,  // a genuine question ("Will they like it?"); "why ...?" stays rhetorical
    kReported =
        1 << 2,  // inside someone else's words or thoughts ("my friend thinks she's a failure")
    kToldSo = 1 << 3,  // the clause reports what was said: evidence, not guesswork ("she said she
                       // was mad at me")
    kCondition = 1 << 4,  // a realistic condition follows ("... if I don't study", "unless ...")
    kNegative = 1 << 5,   // needs something negative, or a contrast, in the sentence
    kPositive = 1 << 6,   // needs a success or praise in the sentence: that is what gets discounted
    kClause = 1 << 7,     // the match stays within one clause
    kNoContrast = 1 << 8,    // no "but" inside the match
    kOtherSubject = 1 << 9,  // not said of oneself ("I was just being polite")
    kHedged = 1 << 10,       // not after "partly", "partially", "half" ("partly my fault")
    kGapNegation =
        1 << 11,  // a negator inside the match belongs to it ("either ... or they don't care")
    kGuess =
        1 << 12,  // needs a guess in the sentence ("I just know", "probably", "must", "I can tell")
};
constexpr std::uint16_t kBase = kNegated | kQuestion | kReported;

struct Rule {
    DistortionType type;
    std::string_view pattern;
    std::uint16_t guards = kBase;
};

// Word sets shared by the rules. Labels are words that sum up a whole person; roles are what a
// person is to others; evaluations are what the writer imagines others think of them.
PhraseSet::Sets word_sets() {
    return {
        {"intens",
         {"so",        "such",     "a",          "an",       "the",        "just",       "really",
          "truly",     "totally",  "completely", "utterly",  "absolutely", "complete",   "total",
          "utter",     "absolute", "fucking",    "freaking", "friggin",    "effing",     "damn",
          "bloody",    "pretty",   "very",       "too",      "basically",  "literally",  "honestly",
          "actually",  "simply",   "big",        "huge",     "giant",      "massive",    "little",
          "and",       "always",   "still",      "all",      "also",       "officially", "clearly",
          "obviously", "now",      "kind",       "sort",     "of",         "one",        "nothing",
          "but",       "becoming", "turning",    "into",     "being",      "like",       "fat",
          "old",       "ugly"}},
        {"self_noun",
         {"failure",       "loser",    "idiot",          "moron",      "fool",      "imbecile",
          "dumbass",       "dummy",    "disappointment", "burden",     "fraud",     "impostor",
          "imposter",      "joke",     "nobody",         "screwup",    "screw-up",  "fuckup",
          "fuck-up",       "disgrace", "embarrassment",  "freak",      "weirdo",    "monster",
          "coward",        "wimp",     "pushover",       "doormat",    "hypocrite", "letdown",
          "let-down",      "outcast",  "misfit",         "parasite",   "leech",     "nuisance",
          "pest",          "jerk",     "creep",          "klutz",      "slob",      "trainwreck",
          "wreck",         "mess",     "waste",          "garbage",    "trash",     "scum",
          "bitch",         "asshole",  "psycho",         "narcissist", "liar",      "abomination",
          "laughingstock", "outsider", "reject"}},
        {"self_adj", {"worthless",    "useless",    "pathetic",  "stupid",      "dumb",
                      "unlovable",    "unloveable", "hopeless",  "incompetent", "inadequate",
                      "defective",    "broken",     "damaged",   "disgusting",  "repulsive",
                      "hideous",      "ugly",       "lazy",      "weak",        "pitiful",
                      "unworthy",     "unlikeable", "unlikable", "boring",      "annoying",
                      "selfish",      "evil",       "rotten",    "inferior",    "unattractive",
                      "undesirable",  "clueless",   "incapable", "retarded",    "idiotic",
                      "brainless",    "spineless",  "needy",     "clingy",      "unemployable",
                      "irredeemable", "lame",       "pointless", "gross",       "unwanted",
                      "unloved"}},
        {"role", {"person",     "human",    "being",    "mother",      "mom",         "mum",
                  "mommy",      "father",   "dad",      "daddy",       "parent",      "friend",
                  "wife",       "husband",  "partner",  "spouse",      "son",         "daughter",
                  "sister",     "brother",  "sibling",  "boyfriend",   "girlfriend",  "employee",
                  "student",    "boss",     "teacher",  "worker",      "man",         "woman",
                  "girl",       "guy",      "kid",      "child",       "leader",      "manager",
                  "colleague",  "coworker", "roommate", "grandmother", "grandfather", "aunt",
                  "uncle",      "adult",    "lover",    "christian",   "excuse",      "example",
                  "human-being"}},
        {"bad_adj", {"bad",        "terrible",   "horrible",    "awful",      "lousy",  "shitty",
                     "crappy",     "useless",    "worthless",   "pathetic",   "rotten", "selfish",
                     "evil",       "disgusting", "despicable",  "sorry",      "poor",   "failed",
                     "miserable",  "crap",       "garbage",     "trash",      "toxic",  "abusive",
                     "neglectful", "negligent",  "incompetent", "inadequate", "weak",   "stupid",
                     "dumb",       "boring",     "worst",       "broken",     "cold",   "horrid",
                     "hopeless"}},
        {"other_subj",
         {"he",         "she",       "they",       "you",       "boss",      "ex",
          "husband",    "wife",      "partner",    "mom",       "mother",    "dad",
          "father",     "friend",    "friends",    "coworker",  "coworkers", "colleague",
          "colleagues", "boyfriend", "girlfriend", "sister",    "brother",   "teacher",
          "manager",    "roommate",  "neighbor",   "neighbour", "people",    "everyone",
          "everybody",  "men",       "women",      "guys",      "landlord",  "professor",
          "parents",    "family",    "son",        "daughter",  "spouse"}},
        {"other_label",
         {"idiot",       "moron",       "jerk",       "loser",    "failure",  "asshole",
          "narcissist",  "psycho",      "monster",    "bitch",    "creep",    "dick",
          "prick",       "bastard",     "fool",       "clown",    "joke",     "waste",
          "selfish",     "useless",     "worthless",  "pathetic", "stupid",   "dumb",
          "incompetent", "evil",        "hopeless",   "lazy",     "liar",     "cheat",
          "cheater",     "hypocrite",   "idiots",     "morons",   "jerks",    "losers",
          "assholes",    "narcissists", "monsters",   "liars",    "cheaters", "hypocrites",
          "clowns",      "fools",       "sociopath",  "scum",     "trash",    "garbage",
          "dumbass",     "imbecile",    "pig",        "pigs",     "snake",    "snakes",
          "sociopaths",  "psychopath",  "psychopaths"}},
        {"others",
         {"he",          "she",          "they",       "everyone",   "everybody", "people",
          "others",      "boss",         "mom",        "mother",     "dad",       "father",
          "parents",     "friend",       "friends",    "coworker",   "coworkers", "colleague",
          "colleagues",  "teacher",      "teachers",   "classmates", "partner",   "husband",
          "wife",        "boyfriend",    "girlfriend", "sister",     "brother",   "family",
          "interviewer", "interviewers", "therapist",  "doctor",     "manager",   "neighbors",
          "neighbours",  "roommate",     "roommates",  "team",       "audience",  "ex",
          "crush",       "date",         "son",        "daughter",   "guests",    "strangers",
          "professor",   "group",        "class",      "employer",   "recruiter", "landlord",
          "in-laws",     "relatives",    "cousin",     "aunt",       "uncle",     "grandma",
          "grandpa",     "girls",        "guys",       "client",     "clients",   "customers",
          "bosses",      "kids",         "children",   "spouse"}},
        {"eval", {"stupid",         "boring",        "weird",        "annoying",
                  "lazy",           "incompetent",   "ugly",         "fat",
                  "useless",        "pathetic",      "failure",      "idiot",
                  "loser",          "joke",          "crazy",        "freak",
                  "burden",         "mess",          "worthless",    "dumb",
                  "desperate",      "needy",         "clingy",       "awkward",
                  "selfish",        "rude",          "fraud",        "fake",
                  "unqualified",    "incapable",     "inadequate",   "embarrassment",
                  "disappointment", "uninteresting", "unattractive", "gross",
                  "disgusting",     "creepy",        "irritating",   "hopeless",
                  "immature",       "childish",      "weak",         "arrogant",
                  "strange",        "weirdo",        "odd",          "dramatic",
                  "overreacting",   "mean",          "bad",          "terrible",
                  "horrible",       "awful",         "ridiculous",   "slow",
                  "unprofessional", "moron",         "fool",         "nuisance",
                  "pest",           "nervous",       "anxious",      "uncomfortable",
                  "scared",         "lying",         "faking",       "impostor",
                  "imposter",       "annoyance",     "dull",         "unlikeable",
                  "unlikable",      "insane",        "psycho",       "pitiful",
                  "lame",           "cringe",        "cringy",       "cringey",
                  "unworthy",       "a-hole",        "jerk",         "creep"}},
        {"hostile",
         {"mad",       "angry",    "annoyed",    "upset",      "irritated", "disappointed",
          "sick",      "bored",    "judging",    "laughing",   "ashamed",   "embarrassed",
          "disgusted", "fed",      "done",       "furious",    "pissed",    "frustrated",
          "resentful", "jealous",  "regretting", "pretending", "faking",    "lying",
          "ignoring",  "avoiding", "tolerating", "talking",    "gossiping", "mocking",
          "hating"}},
        {"ft_adv", {"definitely", "probably", "surely",     "certainly", "totally",   "just",
                    "completely", "so",       "absolutely", "only",      "obviously", "clearly",
                    "inevitably", "always",   "all",        "really",    "likely",    "100%",
                    "end",        "up",       "ever",       "even"}},
        {"ft_event",
         {"it",           "this",         "that",     "things",    "everything", "tomorrow",
          "today",        "tonight",      "date",     "interview", "meeting",    "presentation",
          "exam",         "test",         "trip",     "party",     "wedding",    "surgery",
          "appointment",  "relationship", "marriage", "therapy",   "treatment",  "medication",
          "plan",         "project",      "life",     "future",    "day",        "week",
          "speech",       "performance",  "audition", "game",      "business",   "move",
          "conversation", "results",      "result",   "biopsy",    "diagnosis",  "year",
          "job",          "class",        "course",   "semester",  "weekend",    "holiday",
          "vacation",     "visit",        "dinner",   "call",      "review",     "evening",
          "night",        "shift",        "flight",   "recovery",  "pain",       "feeling",
          "anxiety",      "depression",   "sadness",  "grief",     "loneliness", "situation"}},
        {"ft_bad",
         {"wrong",      "badly",        "terribly",    "horribly", "bad",       "south",
          "apart",      "disaster",     "catastrophe", "awful",    "horrible",  "terrible",
          "nightmare",  "mess",         "failure",     "waste",    "pointless", "hopeless",
          "worse",      "fail",         "ruined",      "crash",    "collapse",  "disastrous",
          "miserable",  "embarrassing", "humiliating", "tears",    "flop",      "downhill",
          "unbearable", "catastrophic"}},
        {"person",
         {"he",       "she",       "they",       "it",         "everyone",  "everybody",
          "team",     "project",   "party",      "family",     "marriage",  "relationship",
          "kids",     "children",  "son",        "daughter",   "mom",       "mother",
          "dad",      "father",    "parents",    "friend",     "friends",   "husband",
          "wife",     "partner",   "boyfriend",  "girlfriend", "sister",    "brother",
          "boss",     "coworker",  "colleague",  "event",      "dinner",    "day",
          "evening",  "night",     "trip",       "company",    "business",  "class",
          "group",    "things",    "everything", "baby",       "plan",      "meeting",
          "game",     "child",     "grandma",    "grandpa",    "dog",       "cat",
          "them",     "him",       "her",        "teammates",  "coworkers", "students",
          "staff",    "customers", "household",  "home",       "mood",      "weekend",
          "vacation", "holiday",   "picnic",     "wedding",    "birthday",  "sale",
          "deal"}},
        {"pos_trait",
         {"good",        "smart",    "talented",   "capable",     "competent",  "clever",
          "intelligent", "worthy",   "successful", "pretty",      "attractive", "likeable",
          "likable",     "lovable",  "loveable",   "special",     "strong",     "brave",
          "qualified",   "worth",    "skilled",    "great",       "beautiful",  "deserving",
          "gifted",      "creative", "funny",      "interesting", "kind",       "nice",
          "better",      "liked",    "loved",      "wanted",      "valued",     "enough",
          "decent",      "able"}},
        {"er_feel",
         {"stupid",        "guilty",    "anxious",       "ugly",        "hopeless",    "worthless",
          "useless",       "unlovable", "unwanted",      "inadequate",  "overwhelmed", "jealous",
          "scared",        "afraid",    "nervous",       "bad",         "terrible",    "awful",
          "horrible",      "ashamed",   "embarrassed",   "incompetent", "dumb",        "fat",
          "rejected",      "unloved",   "lonely",        "alone",       "insecure",    "inferior",
          "helpless",      "weak",      "lazy",          "pathetic",    "disgusting",  "dirty",
          "unsafe",        "uneasy",    "paranoid",      "suspicious",  "excluded",    "judged",
          "unattractive",  "fake",      "fraud",         "impostor",    "imposter",    "crazy",
          "empty",         "hurt",      "angry",         "upset",       "sad",         "depressed",
          "defeated",      "doomed",    "trapped",       "stuck",       "broken",      "failure",
          "burden",        "loser",     "idiot",         "invisible",   "ignored",     "betrayed",
          "unappreciated", "used",      "uncomfortable", "wrong",       "responsible", "unworthy",
          "small",         "dread",     "panicky",       "unsure",      "abandoned",   "hated",
          "disliked",      "unhappy",   "miserable",     "numb"}},
        {"emo_adj",
         {"upset",       "angry",     "mad",         "sad",       "jealous",    "anxious",
          "hurt",        "emotional", "worked",      "down",      "depressed",  "lonely",
          "stressed",    "tired",     "worried",     "bitter",    "scared",     "afraid",
          "envious",     "insecure",  "overwhelmed", "nervous",   "annoyed",    "frustrated",
          "offended",    "bothered",  "sensitive",   "needy",     "weak",       "lazy",
          "miserable",   "unhappy",   "affected",    "dramatic",  "struggling", "crying",
          "complaining", "feeling",   "like",        "exhausted", "irritable",  "moody"}},
        {"sh_fill",
         {"really",     "honestly", "just",    "definitely", "probably", "already", "still",
          "totally",    "so",       "much",    "way",        "a",        "lot",     "far",
          "more",       "at",       "least",   "even",       "doing",    "coping",  "handling",
          "making",     "getting",  "feeling", "the",        "this",     "that",    "such",
          "completely", "always",   "able",    "to",         "less"}},
        {"must_fill",
         {"really", "honestly", "just", "always", "still", "so", "the", "very", "in", "on", "at",
          "good", "completely", "totally", "absolutely", "a"}},
        {"sh_state",
         {"better",    "stronger",    "happier",     "happy",     "over",        "past",
          "further",   "farther",     "thinner",     "smarter",   "perfect",     "grateful",
          "thankful",  "married",     "successful",  "ahead",     "more",        "less",
          "calmer",    "tougher",     "braver",      "confident", "productive",  "prettier",
          "fitter",    "richer",      "independent", "mature",    "normal",      "enough",
          "nicer",     "kinder",      "patient",     "capable",   "used",        "healed",
          "recovered", "strong",      "wiser",       "ashamed",   "content",     "satisfied",
          "settled",   "established", "thin",        "skinnier",  "best",        "flawless",
          "perfectly", "stable",      "sorted",      "together",  "accomplished"}},
        {"must_state",
         {"perfect",   "flawless",   "best",       "strong",   "stronger", "better",  "liked",
          "loved",     "successful", "productive", "happy",    "thin",     "thinner", "perfectly",
          "agreeable", "pleasant",   "calm",       "composed", "positive", "smarter", "control",
          "top",       "everything", "everyone",   "right"}},
        {"should_subj",
         {"i",         "we",         "he",         "she",       "they",     "people",  "everyone",
          "everybody", "men",        "women",      "parents",   "partner",  "husband", "wife",
          "boss",      "mom",        "mother",     "dad",       "father",   "family",  "friends",
          "friend",    "boyfriend",  "girlfriend", "kids",      "children", "others",  "coworkers",
          "teachers",  "doctors",    "society",    "sister",    "brother",  "son",     "daughter",
          "ex",        "colleagues", "coworker",   "colleague", "team",     "manager"}},
        {"should_other",
         {"we",         "he",         "she",       "they",     "people",  "everyone",  "everybody",
          "men",        "women",      "parents",   "partner",  "husband", "wife",      "boss",
          "mom",        "mother",     "dad",       "father",   "family",  "friends",   "friend",
          "boyfriend",  "girlfriend", "kids",      "children", "others",  "coworkers", "teachers",
          "doctors",    "society",    "sister",    "brother",  "son",     "daughter",  "ex",
          "colleagues", "coworker",   "colleague", "team",     "manager"}},
        {"ft_not",
         {"find", "recover", "succeed", "pass", "win", "heal", "improve", "survive", "cope",
          "manage", "handle", "afford", "land", "graduate", "finish", "escape", "fit", "belong",
          "get"}},
        {"ft_be", {"happy",  "loved", "good",       "enough",   "normal", "okay",     "ok",
                   "able",   "free",  "successful", "accepted", "wanted", "anything", "same",
                   "better", "thin",  "pretty",     "someone",  "whole",  "fine",     "myself",
                   "over",   "well",  "hired",      "chosen",   "picked", "married",  "safe"}},
        {"ft_others",
         {"reject", "fire",   "dump",      "leave",     "abandon", "hate",   "judge",   "laugh",
          "ignore", "hurt",   "criticize", "criticise", "mock",    "forget", "replace", "think",
          "break",  "cheat",  "stop",      "regret",    "blame",   "find",   "realize", "realise",
          "figure", "notice", "turn",      "yell",      "kick",    "see"}},
        {"small_flaw",
         {"mistake", "error", "slip", "typo", "flaw", "missed", "setback", "failure", "deadline",
          "slip-up", "lapse", "misstep", "b", "c", "rejection", "bad"}},
        {"ft_have",
         {"relationship", "relationships", "friends", "love", "life", "family", "partner", "job",
          "career", "future", "happiness", "chance", "girlfriend", "boyfriend", "home"}},
        {"og_subj",
         {"i",         "you",        "he",   "she",   "they",    "people",  "everyone", "everybody",
          "men",       "women",      "guys", "girls", "friends", "partner", "husband",  "wife",
          "boyfriend", "girlfriend", "mom",  "dad",   "boss",    "parents", "family",   "others"}},
        {"og_fail",
         {"mess*",       "screw*",   "fail",       "fails",     "failing", "failed",   "ruin*",
          "fuck*",       "blow",     "blew",       "blowing",   "lose",    "lost",     "losing",
          "disappoint*", "sabotag*", "embarrass*", "humiliat*", "wreck*",  "destroy*", "botch*",
          "choke",       "choking",  "choked",     "hurt",      "hurting", "push",     "pushing",
          "suck",        "sucks",    "upset*",     "offend*",   "annoy*",  "break",    "breaking"}},
        {"og_bad",
         {"wrong",      "fail",      "fails",  "failed",   "failing", "mess*",    "screw*",
          "ruin*",      "disaster",  "badly",  "reject*",  "hurt",    "dump*",    "worse",
          "embarrass*", "humiliat*", "bad",    "terrible", "awful",   "horrible", "blow",
          "blew",       "choke",     "choked", "panic*",   "freeze",  "froze",    "apart",
          "crash*",     "lose",      "lost",   "nothing",  "no",      "never",    "disappoint*",
          "ignore*",    "leave",     "leaves", "left",     "cheat*",  "abandon*", "break*",
          "against",    "betray*",   "hate*"}},
        {"og_domain",
         {"relationship", "relationships", "job",        "jobs",        "friendship", "friendships",
          "date",         "dates",         "interview",  "interviews",  "attempt",    "attempts",
          "boyfriend",    "boyfriends",    "girlfriend", "girlfriends", "partner",    "partners",
          "plan",         "plans",         "project",    "projects",    "guy",        "guys",
          "girl",         "girls",         "man",        "men",         "woman",      "women",
          "thing",        "things",        "decision",   "decisions",   "person",     "friend",
          "friends",      "choice",        "choices",    "bosses",      "teachers",   "exes",
          "coworkers",    "roommates",     "partners",   "jobs"}},
        {"social",
         {"likes",      "like",    "loves",    "love",     "cares",    "care",        "understands",
          "understand", "listens", "listen",   "wants",    "want",     "calls",       "call",
          "texts",      "text",    "invites",  "invite",   "notices",  "notice",      "remembers",
          "remember",   "helps",   "help",     "asks",     "ask",      "appreciates", "appreciate",
          "believes",   "believe", "respects", "respect",  "chooses",  "choose",      "picks",
          "pick",       "visits",  "visit",    "talks",    "talk",     "checks",      "check",
          "hugs",       "misses",  "miss",     "messages", "answers",  "replies",     "reply",
          "values",     "value",   "trusts",   "trust",    "supports", "support",     "gets",
          "sees",       "hears",   "thinks"}},
        {"aon_end",
         {"failure",      "failed",      "worthless", "useless",    "pointless", "point",
          "waste",        "loser",       "nothing",   "garbage",    "trash",     "disaster",
          "total",        "totally",     "complete",  "completely", "ruined",    "bother",
          "idiot",        "stupid",      "finished",  "nobody",     "worst",     "fraud",
          "unacceptable", "meaningless", "failing",   "mediocre"}},
        {"aon_either",
         {"failure", "failed",  "worthless", "useless",  "pointless", "waste",    "loser",
          "nothing", "garbage", "trash",     "disaster", "ruined",    "finished", "over",
          "care",    "perfect", "never",     "nobody",   "worst",     "hate",     "fraud",
          "done",    "mess",    "failing",   "mediocre"}},
        {"whole_bad", {"ruined",  "wasted",   "waste",     "pointless", "worthless", "useless",
                       "garbage", "trash",    "failure",   "disaster",  "ruin",      "meaningless",
                       "bad",     "terrible", "awful",     "spoiled",   "wrecked",   "shot",
                       "blown",   "botched",  "write-off", "joke",      "mess"}},
        {"cata_what",
         {"die",       "dies",     "died",      "dying",     "dead",      "crash",      "crashes",
          "crashed",   "fail",     "fails",     "failed",    "fired",     "lose",       "loses",
          "lost",      "sick",     "cancer",    "tumor",     "hurt",      "killed",     "attack",
          "accident",  "wrong",    "never",     "hate",      "hates",     "laugh",      "laughs",
          "leave",     "leaves",   "dump",      "dumps",     "reject",    "rejects",    "rejected",
          "ruin",      "ruined",   "disaster",  "serious",   "worse",     "worst",      "stuck",
          "panic",     "faint",    "humiliate", "embarrass", "stupid",    "mess",       "screw",
          "homeless",  "alone",    "forever",   "cheating",  "cheat",     "break",      "breaks",
          "divorce",   "collapse", "drown",     "drowns",    "fall",      "falls",      "bad",
          "terrible",  "awful",    "horrible",  "broke",     "bankrupt",  "happens",    "happened",
          "evicted",   "fire",     "kill",      "kills",     "infected",  "contagious", "deadly",
          "fatal",     "crazy",    "breakdown", "caught",    "blame",     "sue",        "arrested",
          "jail",      "prison",   "mad",       "angry",     "mistake",   "bleed",      "bleeding",
          "stroke",    "seizure",  "disease",   "illness",   "emergency", "heart",      "poisoned",
          "infection", "tumour",   "lump"}},
        {"life",
         {"life", "career", "future", "world", "relationship", "marriage", "reputation", "chances",
          "family", "business", "dreams", "hopes"}},
        {"lifeworse",
         {"over", "ruined", "destroyed", "finished", "wrecked", "doomed", "falling", "crumbling",
          "collapsing", "gone", "hell", "nightmare", "disaster", "catastrophe", "shattered",
          "ending", "broken", "mess"}},
    };
}

// The rules, by type. Patterns are lower-case rule tokens: "don't" is "do not", "I'm" is "i am"
// (see rule_tokens()). Where a word has a literal use, the pattern names what must follow it.
const std::vector<Rule>& rules() {
    static const std::vector<Rule> kRules = {
        // --- all-or-nothing: one flaw makes the whole a failure; worth hangs on perfection.
        {T::all_or_nothing, "if ~8 not|never ~8 @aon_end", kBase | kNoContrast},
        {T::all_or_nothing,
         "if ~6 not|never ~3 "
         "perfect|perfectly|flawless|flawlessly|100%|best|first|top|all|everything|every ~9 ~3 "
         "not|never|no|nothing|point|rather|bother|why|mediocre|failure|worthless|loser|nobody|"
         "useless",
         kBase | kNoContrast},
        {T::all_or_nothing, "perfect|perfectly|flawless|100% ~1 or ~4 @aon_either"},
        {T::all_or_nothing,
         "no point ~6 if ~4 not|never ~3 every|perfect|perfectly|all|everything|100%"},
        {T::all_or_nothing,
         "one|single|a ~3 @small_flaw ~5 so|means|meant|therefore|proves|which ~3 i am|was",
         kBase | kGapNegation},
        {T::all_or_nothing,
         "not|never ~2 perfect|flawless|perfectly|flawlessly|every|everything|all|100% ~5 "
         "so|therefore|which|means|basically ~3 "
         "blew|failed|ruined|bombed|failure|worthless|useless|waste|pointless|fail|screwed|flunked|"
         "terrible|awful|horrible|disaster|bad|garbage|trash|nothing"},
        {T::all_or_nothing,
         "basically|essentially|practically|effectively ~2 "
         "failed|bombed|flunked|blew|fail|failure|ruined|wasted|worthless"},
        {T::all_or_nothing, "from start|beginning to finish|end", kBase | kNegative},
        {T::all_or_nothing, "no in between|in-between"},
        {T::all_or_nothing,
         "all|whole|entire ~1 my ?whole|hard progress|work|effort|efforts|streak ~2 "
         "is|are|was|were|has|have ~1 gone|wasted|ruined|undone|pointless|lost|down"},
        {T::all_or_nothing, "anything less|short than|of"},
        {T::all_or_nothing, "less than perfect|flawless|first|best ~4 is|means|equals|counts"},
        {T::all_or_nothing, "either ~9 or ~7 @aon_either", kBase | kGapNegation},
        {T::all_or_nothing,
         "whole|entire ~3 is|was|are|were|will|feels|seems|has|looks ~3 @whole_bad",
         kBase | kClause},
        {T::all_or_nothing,
         "completely|totally|utterly|entirely|absolutely|100% ?@intens "
         "ruined|worthless|useless|pointless|wasted|failed|waste|hopeless|meaningless|garbage|blew|"
         "blown|botched !after|by|from|when|because|in"},
        {T::all_or_nothing,
         "complete|total|utter|absolute ?and ?utter|total "
         "failure|waste|loser|fraud|joke|write-off|flop"},
        {T::all_or_nothing,
         "might as well ~2 give|quit|stop|forget|throw|eat|binge|drink|skip|fail|not|smoke"},
        {T::all_or_nothing,
         "means|meaning|basically|equals ~3 i ?am|have ~2@intens "
         "failed|fail|failure|worthless|loser|useless|nothing|garbage"},
        {T::all_or_nothing, "all or nothing"},
        {T::all_or_nothing, "black and|or white"},
        {T::all_or_nothing, "no middle ground"},
        {T::all_or_nothing, "nothing in between"},
        {T::all_or_nothing,
         "one|single|a ~3 "
         "mistake|slip|bad|error|flaw|cookie|drink|bite|cigarette|typo|missed|setback|b|misstep|"
         "lapse ~6 ruin|ruins|ruined|undo|undoes|undid|cancels|erases|wipes|means ~2 "
         "everything|all|whole|entire|every"},

        // --- overgeneralization: one event read as a never-ending pattern.
        {T::overgeneralization,
         "@og_subj ?just|really|literally|seem|seems ?to "
         "always|constantly|forever|continually|keep|keeps ?on ?up @og_fail "
         "?everything|things|it|people|myself|up ?up|again",
         kBase | kClause},
        {T::overgeneralization,
         "@og_subj ?just ?always|constantly|forever end|ends|ended up ~2 "
         "alone|hurt|rejected|dumped|heartbroken|disappointed|crying|failing|messing|single|broke|"
         "losing|ruining|screwing|miserable|sad|left|abandoned|cheated|used|ignored|broken"},
        {T::overgeneralization,
         "always|constantly "
         "say|said|pick|picked|choose|chose|do|did|make|made|get|got|find|found|attract|attracts "
         "~2 "
         "wrong|stupid|mistakes|worst|hurt|rejected|dumped|left|ignored|used|cheated|screwed|"
         "blamed|dumbest|broken|heartbroken|ditched|ghosted|betrayed|played|lied"},
        {T::overgeneralization,
         "one|single|a ~3 @small_flaw|test|exam|date|job|time|relationship|interview ~6 "
         "so|means|which|therefore ~5 every|everything|always|never|anything|nothing",
         kBase | kNoContrast},
        {T::overgeneralization, "this|it|that happens|happened ~1 every|each ?single time"},
        {T::overgeneralization,
         "people|everyone|everybody|men|women|guys|girls|friends|they never ~4 me|my|i",
         kBase | kClause},
        {T::overgeneralization, "always ~1 let ~3 down"},
        {T::overgeneralization,
         "i am|was always|constantly the ~1 "
         "one|odd|problem|last|butt|outsider|loser|failure|weird|wrong"},
        {T::overgeneralization,
         "i am|was always|constantly "
         "wrong|alone|left|forgotten|ignored|failing|messing|screwing|rejected|overlooked|excluded|"
         "blamed|disappointing|letting|unlucky|behind|passed|unwanted|unloved|last"},
        {T::overgeneralization,
         "never ~1 do|does|did|get|gets|got|say|says|said|make|makes|made|seem|seems ~3 "
         "right|correctly|properly"},
        {T::overgeneralization,
         "never|nothing ~2 work|works|worked|go|goes|went|turn|turns|turned|pan|pans "
         "out|right|well|my",
         kBase | kOtherSubject},
        {T::overgeneralization,
         "never ~1 get|gets ~2 "
         "anything|what|break|chosen|picked|invited|noticed|chance|lucky|promoted|hired|asked|"
         "ahead|respect|credit|recognition|thanks"},
        {T::overgeneralization,
         "i ?just never ~1 win|succeed|learn|finish|improve|have ~2 "
         "anything|right|better|luck|chance|break|friends"},
        {T::overgeneralization,
         "nobody ?ever|really|even|actually|truly|genuinely @social ~4 me|my|i", kBase | kClause},
        {T::overgeneralization,
         "no one ?ever|really|even|actually|truly|genuinely @social ~4 me|my|i", kBase | kClause},
        {T::overgeneralization, "happen|happens|happened ~1 to me all|every|constantly ?the ?time"},
        {T::overgeneralization,
         "everyone|everybody|people|they|men|women|guys|girls|friends|partners ?all|just "
         "always|eventually|inevitably ~2 "
         "leave|leaves|abandon|abandons|hurt|hurts|betray|betrays|reject|rejects|use|uses|ignore|"
         "ignores|lie|lies|cheat|cheats|let|lets|walk|walks|take|takes|turn|turns|forget|forgets|"
         "disappoint|disappoints|hate|hates|judge|judges"},
        {T::overgeneralization,
         "men|women|guys|girls|people|boys|bosses|doctors|therapists|exes|everyone|they|humans "
         "are|is all|just|always the same"},
        {T::overgeneralization,
         "men|women|guys|girls|people|boys|bosses|doctors|therapists|exes|everyone|humans ?are|is "
         "?all|just|always "
         "liars|cheaters|jerks|selfish|users|fake|players|trash|garbage|evil|assholes|idiots|pigs|"
         "dogs|horrible|terrible|awful|untrustworthy|cruel|toxic|shallow|heartless|manipulative"},
        {T::overgeneralization,
         "men|women|guys|girls|people|they|everyone all|always cheat|lie|leave|suck|betray|judge"},
        {T::overgeneralization, "every|each ?single ?time ~1 i ~9 @og_bad"},
        {T::overgeneralization, "whenever|anytime ~1 i ~9 @og_bad"},
        {T::overgeneralization,
         "not ~1 do|get|say|make ~1 anything|nothing right|correctly|properly"},
        {T::overgeneralization,
         "always|never|constantly ~1 go|goes|went|turn|turns|turned|end|ends ~1 "
         "wrong|badly|south|sour"},
        {T::overgeneralization, "always|constantly|never ~1 fall|falls|fell ~1 through|apart"},
        {T::overgeneralization,
         "always the same ~1 story|thing|old|pattern|result|outcome|ending|mistakes"},
        {T::overgeneralization, "every|all ?single|one ?of ?my @og_domain ~5 @og_bad"},
        {T::overgeneralization, "always|constantly happens|happen|happening ~1 to me",
         kNegated | kReported},
        {T::overgeneralization,
         "everything|nothing|it ~1 always|ever ~2 go|goes|went|turn|turns|fall|falls|end|ends|gets "
         "~1 wrong|badly|apart|worse"},
        {T::overgeneralization,
         "everything i ~2 do|touch|try|say|make|attempt ~3 "
         "fail*|wrong|apart|ruin*|mess|stupid|failure|shit|crap|garbage|disaster"},
        {T::overgeneralization,
         "nothing i ~2 do|try|tried|say|make|attempt ?is|ever|will ~2 "
         "good|enough|right|works|work|matters|matter|helps|changes|succeeds"},
        {T::overgeneralization,
         "fail|fails|failing|mess|screw|suck|stink ~2 at|in|up ~1 everything|anything|every|life"},
        {T::overgeneralization, "story of my life", kNegated | kReported},
        {T::overgeneralization, "here we go again", kNegated | kReported},
        {T::overgeneralization, "just my luck", kNegated | kReported},
        {T::overgeneralization, "as usual|always", kBase | kNegative},
        {T::overgeneralization, "like always|usual", kBase | kNegative},
        {T::overgeneralization,
         "can not|never trust|count|rely ?on anyone|anybody|people|men|women|nobody"},
        {T::overgeneralization, "nothing good ~1 ever ~1 happens|happen|comes|lasts|works"},
        {T::overgeneralization, "good things never ~1 happen|last|come"},
        {T::overgeneralization, "no matter what|how ~5 always|never|fail*|wrong|nothing|not"},

        // --- mental filter: one negative detail darkens the whole picture.
        {T::mental_filter,
         "all ?that i ?can|could|ever|keep|do|seem ?ever|to "
         "think|thought|focus|focused|see|saw|remember|remembered|hear|heard|notice|noticed|dwell|"
         "obsess ~7 is|was|are|were",
         kBase | kNegative},
        // Not kNegated: "the one who didn't is all I remember" negates the subject, not the focus.
        {T::mental_filter,
         "is|was all i ?can|could|ever|keep|do think|remember|see|hear|notice|focus|care",
         kQuestion | kReported | kNegative},
        {T::mental_filter,
         "only ?ever "
         "think|thinking|focus|focusing|focused|remember|notice|noticed|dwell|dwelling|noticing|"
         "remembering",
         kBase | kNegative},
        {T::mental_filter,
         "keep|kept|constantly|always ?on "
         "replaying|reliving|rehashing|re-living|re-playing|replay|relive|rehash|rereading|re-"
         "reading|reread|rewatching|revisiting"},
        {T::mental_filter, "can|could not stop replaying|reliving|rehashing|replay|relive|rehash"},
        {T::mental_filter, "keep|kept ?on thinking|dwelling|obsessing|focusing|fixating|ruminating",
         kBase | kNegative},
        {T::mental_filter, "keep|kept ?on going|coming over|back", kBase | kNegative},
        {T::mental_filter, "can|could not get ~4 out of my head|mind", kBase | kNegative},
        {T::mental_filter, "ruined|spoiled|wrecked|overshadowed ~3 one|single"},
        {T::mental_filter, "whole|entire ~3 ruined|spoiled|wrecked ~1 because|by"},
        {T::mental_filter,
         "one|single ~3 "
         "comment|mistake|criticism|thing|remark|moment|look|typo|error|word|question|flaw|"
         "sentence|slip|argument|person|review|grade|email|text|glance|frown ~9 whole|entire",
         kBase | kNegative},
        {T::mental_filter,
         "can|could not stop ?@intens "
         "thinking|dwelling|obsessing|focusing|fixating|ruminating|staring|looking|rereading",
         kBase | kNegative},
        {T::mental_filter,
         "dwell|dwelling|dwelled|dwelt|ruminating|ruminate|fixated|fixating|fixate|obsessing|"
         "obsessed|obsess ~1 on|over|about",
         kBase | kNegative},
        {T::mental_filter,
         "one|single|that ~3 "
         "comment|mistake|criticism|thing|remark|moment|look|typo|error|word|question|bad|flaw|"
         "sentence|slip|argument|person|review|grade|email|text|glance|frown ~4 "
         "ruined|ruins|spoiled|spoils|wrecked|wrecks|overshadowed|overshadows|outweighs|outweighed|"
         "cancels|cancelled|erased|erases"},
        {T::mental_filter,
         "though|despite|although ~9 ~4 only ?ever think|focus|remember|notice|see|hear|dwell"},
        {T::mental_filter,
         "though|despite|although ~9 ~4 fixated|fixating|dwelling|dwell|obsessing|replaying"},
        {T::mental_filter,
         "none ~1 of ~2 that|it|this|the ~3 matters|matter|mattered|counts|count|counted ~2 "
         "because|since|when|if"},
        {T::mental_filter,
         "the only thing|comment|part|moment|memory|word|detail|one ~1 i ~2 "
         "remember|think|see|hear|heard|notice|noticed|saw|remembered|focus|care|thought",
         kBase | kNegative},
        {T::mental_filter,
         "focus|focusing|focused ~1 on ~1 the ~1 "
         "negative|bad|negatives|mistakes|flaws|worst|mistake|criticism"},

        // --- disqualifying the positive: successes and praise do not count.
        {T::disqualifying_positive,
         "just|only|simply|merely being|trying ?to ?be "
         "nice|polite|kind|friendly|generous|charitable|supportive|sympathetic|diplomatic",
         kBase | kOtherSubject},
        {T::disqualifying_positive,
         "said|say|says|saying|told|tell|tells ~6 to be nice|polite|kind|supportive|encouraging"},
        {T::disqualifying_positive,
         "said|say|says|saying|told|tell|tells|did|does|do|doing ~6 to make me feel better"},
        {T::disqualifying_positive, "out of pity|sympathy|obligation|charity|politeness|guilt"},
        {T::disqualifying_positive, "because ~3 felt|feel|feels sorry for me"},
        {T::disqualifying_positive, "because ~3 pity|pitied|pities me"},
        {T::disqualifying_positive,
         "just|only|purely|simply|pure ?a ?matter ?of ?dumb|sheer|blind|pure luck|chance|timing"},
        {T::disqualifying_positive, "just|only what ~2 say|do|said", kBase | kPositive},
        {T::disqualifying_positive, "must|probably|only ~1 want|wants|need|needs ~1 something",
         kBase | kPositive},
        {T::disqualifying_positive, "know|see|knew|saw ~1 the real me", kQuestion | kReported},
        {T::disqualifying_positive,
         "just|only|purely ?got|get|gotten|was|were|been ?really|so lucky !to|that|enough|i|we"},
        {T::disqualifying_positive, "fluke"},
        {T::disqualifying_positive, "lucky guess|break|streak|shot"},
        {T::disqualifying_positive,
         "anyone|anybody|any ?idiot|fool|monkey|child|one ?else could|would ~1 have ~1 "
         "done|passed|gotten|got|managed|won|made|written|figured|pulled|aced|finished"},
        {T::disqualifying_positive, "anyone|anybody ?else could do that|it|this|the"},
        {T::disqualifying_positive,
         "does|do|did not ?really|even|actually|truly|necessarily|honestly count "
         "!toward|towards|for|against|as|in|on",
         kBase | kPositive},
        {T::disqualifying_positive,
         "not ?really|necessarily|actually|even mean|prove|make|show|change ~1 that|me|i ~2 "
         "@pos_trait",
         kQuestion | kReported | kClause},
        {T::disqualifying_positive,
         "not ?really|even|actually mean|matter ~1 anything|much|squat|nothing",
         kQuestion | kReported | kPositive},
        {T::disqualifying_positive, "not|no ~1 a ~1 big deal", kQuestion | kReported | kPositive},
        {T::disqualifying_positive, "not ~1 a ~1 real achievement|accomplishment|success",
         kQuestion | kReported | kPositive},
        {T::disqualifying_positive, "nothing special|impressive",
         kQuestion | kReported | kPositive},
        {T::disqualifying_positive, "nothing to be proud|brag", kQuestion | kReported | kPositive},
        {T::disqualifying_positive, "not that ~1 hard|impressive|difficult|special|big|great|good",
         kQuestion | kReported | kPositive},
        {T::disqualifying_positive,
         "@others ~3 paid|obligated|supposed|required|has|have|had|got to say|said "
         "that|so|it|nice|this",
         kBase | kPositive},
        {T::disqualifying_positive,
         "but ~4 @others ~3 to|for|with everyone|everybody|anybody|anyone", kBase | kPositive},
        {T::disqualifying_positive,
         "compliments|compliment|praises|praise|flatters|flatter|thanks ~1 everyone|everybody",
         kBase | kPositive},
        {T::disqualifying_positive, "beginner|beginners ~1 luck"},
        {T::disqualifying_positive, "but ~3 does|do|did not ?really|even|actually|truly count",
         kBase | kGapNegation},
        {T::disqualifying_positive,
         "but ~3 does|do|did not ?really|even|actually mean|matter anything|much",
         kBase | kGapNegation},
        {T::disqualifying_positive, "that|it|this ~1 is|was ~1 just|only because",
         kBase | kPositive},
        {T::disqualifying_positive,
         "@others ~3 do|does|did not ~1 really|actually|truly mean it|that|what",
         kBase | kPositive},
        {T::disqualifying_positive, "but ~3 anyone|anybody ?else can|could"},
        {T::disqualifying_positive, "any idiot|fool|monkey|child could|can"},
        {T::disqualifying_positive, "@others ~2 only|just say|said|says that|it|so",
         kBase | kPositive},
        {T::disqualifying_positive,
         "are|is|was|were ?probably|obviously|clearly just|only|simply|merely saying|said "
         "that|it|so|this",
         kBase | kOtherSubject | kPositive},
        {T::disqualifying_positive,
         "only|just ~6 because ~6 "
         "sorry|pity|desperate|nobody|nice|polite|easy|lucky|luck|helped|help|teammates|team|"
         "coworkers|others|colleagues|classmates|partner|else|had|needed",
         kBase | kPositive},
        {T::disqualifying_positive, "had|have|has|was|were ~1 nobody|no|noone ?one else",
         kBase | kPositive},
        {T::disqualifying_positive,
         "do|did not deserve ~2 "
         "it|this|the|their|any|praise|credit|compliment|compliments|promotion|award|raise|success|"
         "recognition|job|grade|prize|kindness|attention",
         kQuestion | kReported | kPositive},
        {T::disqualifying_positive, "only|just because|since ~2 it ~1 was|is ~2 easy|simple"},

        // --- mind reading: knowing what others think of you without evidence.
        {T::mind_reading,
         "@others ~3 "
         "think|thinks|thought|believe|believes|consider|considers|find|finds|found|see|sees|saw|"
         "view|views ?that|of me|i "
         "?am|was|look|looked|sound|sounded|seem|seemed|come|came|act|acted ?across|as|like "
         "~3@intens @eval|@self_noun|@self_adj",
         kBase | kToldSo | kClause},
        {T::mind_reading,
         "@others ~3 must|probably|definitely|obviously|clearly|surely|secretly|totally "
         "?be|think|thinks|feel|feels ~3 @hostile ~3 me|my|i",
         kBase | kToldSo | kClause},
        {T::mind_reading,
         "@others ~3 think|thinks|thought|believe|believes|consider|considers ?that|of me|i "
         "?am|was ?@intens not|never ?@intens "
         "good|smart|pretty|enough|worth|capable|interesting|attractive|qualified",
         kBase | kToldSo | kClause | kGapNegation},
        {T::mind_reading,
         "@others ~4 think|thinks|thought|thinking how|what ?a|an ~3 @eval|@self_noun|@self_adj",
         kBase | kToldSo | kClause},
        {T::mind_reading, "@others ~4 not stand|bear me", kBase | kToldSo | kClause},
        {T::mind_reading, "know|bet|tell|imagine ~1 what @others ~2 think|thinking|thought|thinks"},
        {T::mind_reading, "can|could tell|see ~4 not into|interested ~1 me|in",
         kBase | kGapNegation},
        {T::mind_reading, "@others ~3 not ~1 into|interested ~1 me|in",
         kBase | kToldSo | kClause | kGuess},
        {T::mind_reading, "@others ~3 @hostile ~3 me|my", kBase | kToldSo | kClause | kGuess},
        {T::mind_reading,
         "@others ~3 sick|tired|fed|bored|ashamed|disgusted|embarrassed|annoyed|irritated ~1 "
         "of|with|by my"},
        {T::mind_reading, "see|tell ~1 it|that ~2 on|in ~1 their|his|her face|faces|eyes"},
        {T::mind_reading,
         "@others ~3 must|probably|obviously|clearly|definitely ?be ~1 losing|lost interest",
         kBase | kToldSo | kClause},
        {T::mind_reading,
         "@others ~2 must|obviously|clearly|secretly|definitely ?be ~2 "
         "mad|angry|annoyed|upset|irritated|disappointed|sick|bored|judging|laughing|disgusted|"
         "ashamed|embarrassed|fed|done|furious|pissed|talking",
         kBase | kToldSo | kClause},
        {T::mind_reading,
         "@others ~3 "
         "hate|hates|hated|resent|resents|despise|despises|loathe|loathes|dislike|dislikes|pity|"
         "pities me",
         kBase | kToldSo | kClause},
        {T::mind_reading,
         "@others ~3 laughing|laugh|laughs|judging|judge|judges|mocking|mock|mocks ?at me",
         kBase | kToldSo | kClause},
        {T::mind_reading,
         "@others ~3 talking|talk|talks|gossiping|gossip|whispering ~1 about|behind ~1 me|my",
         kBase | kToldSo | kClause},
        {T::mind_reading,
         "@others ~3 sick|tired|fed|bored|ashamed|disgusted|embarrassed ~1 of|with|by me",
         kBase | kToldSo | kClause},
        {T::mind_reading,
         "@others ~3 do|does|did not ~2 like|want|care|love|respect|trust|enjoy|appreciate|value "
         "~3 me|around",
         kBase | kToldSo | kClause},
        {T::mind_reading,
         "@others ~3 can|could ~1 tell|see|sense|notice ~1 how|that|i ~4 "
         "@eval|@self_noun|@self_adj",
         kBase | kToldSo | kClause},
        {T::mind_reading,
         "@others ~2 wish|wishes|wished|regret|regrets|regretted ~3 "
         "i|me|inviting|hiring|dating|marrying|having|meeting",
         kBase | kToldSo | kClause},
        {T::mind_reading,
         "@others ~3 pretending|pretend|pretends|faking|fake|fakes ~3 "
         "like|care|love|enjoy|interested",
         kBase | kToldSo | kClause},
        {T::mind_reading,
         "@others ~3 secretly|probably|must ~2 "
         "hate|hates|resent|resents|despise|despises|wish|wishes|judge|judges|judging|laugh|"
         "laughing|blame|blames",
         kBase | kToldSo | kClause},
        {T::mind_reading, "i ?just can|could tell|sense ~3 @hostile", kBase | kToldSo | kClause},

        // --- fortune telling: predicting a bad outcome as if it were fact.
        {T::fortune_telling,
         "i will|am ?going ?to ~2@ft_adv "
         "fail|flunk|mess|screw|blow|bomb|choke|embarrass|humiliate|ruin|freeze|panic|disappoint|"
         "botch|crash|crack|snap|stutter|forget",
         kBase | kCondition},
        {T::fortune_telling,
         "i will|am ?going ?to ~2@ft_adv lose ~1 "
         "my|everything|everyone|control|it|them|her|him|again|all",
         kBase | kCondition},
        {T::fortune_telling,
         "i will|am ?going ?to ~2@ft_adv be|end|die|stay|remain ?up "
         "?a|an|forever|always|so|completely ?@intens "
         "rejected|fired|miserable|homeless|unemployed|unhappy|humiliated|embarrassed|laughed|"
         "dumped|abandoned|forgotten|depressed|lonely|hated|ridiculed|failure|disaster|mess|"
         "laughingstock|joke|burden|wreck|loser|single|fat|worthless|useless|trapped|doomed",
         kBase | kCondition},
        {T::fortune_telling,
         "i will|am ?going ?to ~2@ft_adv be|end|die|stay ?up alone ?forever|always|for|again|the"},
        {T::fortune_telling,
         "i will|am ?going ?to ~2@ft_adv get|be "
         "fired|rejected|dumped|laughed|nothing|worse|hurt|caught|left|kicked|turned|ignored|"
         "mocked|humiliated|sacked|let|blamed|sick|ill|lost",
         kBase | kCondition},
        {T::fortune_telling, "i will|am ?going ?to ?@ft_adv never ?ever|even have ~3 @ft_have",
         kBase | kCondition},
        {T::fortune_telling, "i am not|never going to ?ever|even have ~3 @ft_have",
         kBase | kCondition},
        {T::fortune_telling,
         "@ft_event ~2 will|is|are not|never ?going ?to ?ever go away|stop|end|ease|pass|heal|lift",
         kBase | kCondition},
        {T::fortune_telling,
         "i will|am ?going ?to ~2@ft_adv look|sound ~2 "
         "stupid|dumb|idiot|fool|ridiculous|pathetic|weird|crazy|awkward|nervous|incompetent"},
        {T::fortune_telling,
         "i will|am ?going ?to ~2@ft_adv make|say|do ~2 fool|idiot|stupid|wrong|dumb|embarrassing"},
        {T::fortune_telling, "i will|am ?going ?to ?@ft_adv not|never ?ever|even @ft_not",
         kBase | kCondition},
        {T::fortune_telling, "i am not|never going to ?ever|even @ft_not", kBase | kCondition},
        {T::fortune_telling,
         "i will|am ?going ?to ?@ft_adv never ?ever|even "
         "change|amount|achieve|learn|meet|marry|love|trust|forgive",
         kBase | kCondition},
        {T::fortune_telling,
         "i will|am ?going ?to ?@ft_adv not|never ?ever|even be|feel ?@intens @ft_be",
         kBase | kCondition},
        {T::fortune_telling, "i am not|never going to ?ever|even be|feel ?@intens @ft_be",
         kBase | kCondition},
        {T::fortune_telling,
         "not think|see|believe|imagine|expect ~4 ever ~1 "
         "find|get|be|feel|have|recover|change|improve|work|end|stop|happen|love|want|heal"},
        {T::fortune_telling,
         "@others ~1 will|would ~2@ft_adv @ft_others ~3 me|my|i|out|down|through",
         kBase | kCondition | kToldSo | kClause},
        {T::fortune_telling,
         "@others ~1 are|is going to ~2@ft_adv @ft_others ~3 me|my|i|out|down|through",
         kBase | kCondition | kToldSo | kClause},
        {T::fortune_telling, "@others ~1 will|would ?@ft_adv say no", kBase | kCondition | kToldSo},
        {T::fortune_telling, "@others ~1 are|is going to ?@ft_adv say no",
         kBase | kCondition | kToldSo},
        {T::fortune_telling,
         "@ft_event ~2 will ~2@ft_adv ?be|go|get|end|turn|fall|blow "
         "?out|up|in|a|an|so|such|total|complete|absolute ?@intens @ft_bad",
         kBase | kCondition},
        {T::fortune_telling,
         "@ft_event ~2 going to ~2@ft_adv ?be|go|get|end|turn|fall|blow "
         "?out|up|in|a|an|so|such|total|complete|absolute ?@intens @ft_bad",
         kBase | kCondition},
        {T::fortune_telling,
         "@ft_event ~2 will|is|are not|never ?going ?to ?ever|even|really "
         "work|help|change|improve|last|succeed|matter",
         kBase | kCondition},
        {T::fortune_telling,
         "@ft_event ~2 will|is|are not|never ?going ?to ?ever|even|really get|go|be|end ?any "
         "better|well|right|okay|ok|fine",
         kBase | kCondition},
        {T::fortune_telling,
         "@ft_event ~2 will|is|are not|never ?going ?to ?ever|even|really work out",
         kBase | kCondition},
        {T::fortune_telling,
         "nothing ~2 will|going ?to ?ever|really get|change|improve|work|help|go|be "
         "?any|better|right|different|okay|ok|well|out|fine"},
        {T::fortune_telling,
         "no way ~1 i|it|they|he|she|this|things|anyone ~1 will|would|could|can|ever|am|is "
         "?ever|going ?to ?ever "
         "pass|get|make|succeed|work|win|find|happen|change|improve|love|like|want|hire|accept|"
         "choose|recover|cope|handle|manage|fit|afford|finish|be"},
        {T::fortune_telling,
         "nobody|one will|would|is ?ever ?going ?to ?ever|even "
         "love|want|hire|date|marry|like|choose|understand|care|accept|pick|believe|listen|miss|"
         "help|respect|talk|invite|call|notice|remember|come"},
        {T::fortune_telling,
         "i|we|it|this|relationship|marriage|future am|are|is|was ?@intens doomed"},
        {T::fortune_telling, "something bad|terrible|awful|horrible will|is ?going ?to happen"},
        {T::fortune_telling,
         "never ~1 going to ~2 "
         "work|happen|change|get|find|be|end|love|want|pass|succeed|recover|go|stop|leave|heal"},

        // --- catastrophizing (magnification): the worst case, and it would be unbearable.
        {T::catastrophizing, "my|his|her|their|our ?whole|entire @life ~3 @lifeworse",
         kBase | kClause},
        {T::catastrophizing, "something bad|terrible|awful|horrible ~3 happened"},
        {T::catastrophizing, "can|could not bear|stand|handle|face ~1 the thought|idea"},
        {T::catastrophizing,
         "i ~1 would|will|am|'ll ?going ?to ?just ?completely fall|break|crumble|shatter|collapse "
         "~1 apart|down|pieces"},
        {T::catastrophizing, "end of the world"},
        {T::catastrophizing, "end of everything|me|my ?life"},
        {T::catastrophizing,
         "i ?just ?really can|could|will|would not ?possibly|even|ever|just|really "
         "handle|bear|deal ?with "
         "it|this|that|anymore|any|everything|life|another|losing|being|failing|much|all"},
        {T::catastrophizing,
         "i ?just ?really can|could|will|would not ?possibly|even|ever|just|really take|stand "
         "?it|this|that|much ?any anymore|longer|more"},
        {T::catastrophizing,
         "i ?just ?really can|could|will|would not|never ?possibly|even|ever|just|really "
         "cope|survive|endure"},
        {T::catastrophizing, "unbearable|intolerable|unsurvivable|unendurable"},
        {T::catastrophizing,
         "worst ~1 thing|day|mistake|moment|week|year|night|feeling|experience|possible|outcome ~4 "
         "ever|my|world|possible|imaginable|could|has"},
        {T::catastrophizing, "what if ~6 @cata_what", kNegated | kReported},
        {T::catastrophizing,
         "must|might|could|probably|maybe ~3 "
         "cancer|tumor|tumour|stroke|dying|serious|terminal|fatal|leukemia|als|aneurysm|sepsis|"
         "dementia",
         kNegated | kReported},
        {T::catastrophizing, "having|have ~2 heart attack", kNegated | kReported | kCondition},
        {T::catastrophizing, "having|have ~2 stroke|breakdown|aneurysm",
         kNegated | kReported | kCondition},
        {T::catastrophizing, "die|dying ~1 of|from ~1 embarrassment|shame|humiliation"},
        {T::catastrophizing,
         "end|ending ~1 up ~2 homeless|street|broke|destitute|bankrupt|jail|prison|dead"},
        {T::catastrophizing, "lose|losing everything|everyone", kBase | kCondition},
        {T::catastrophizing,
         "lose|losing my|the mind|house|home|everything|family|kids|children|sanity",
         kBase | kCondition},
        {T::catastrophizing, "lose|losing it all", kBase | kCondition},
        {T::catastrophizing,
         "everything|life|world ~1 is|are|was|has|have|seems ~1 "
         "falling|fallen|crumbling|collapsing|ruined|destroyed|over|hopeless|pointless"},
        {T::catastrophizing,
         "everything|things|it ~1 is|are|was ~1 falling|crumbling|collapsing ~1 apart|down"},
        {T::catastrophizing,
         "a|an|such ?@intens complete|total|absolute|utter|huge|massive|major|big|epic ?@intens "
         "disaster|catastrophe|nightmare|trainwreck|apocalypse|tragedy"},
        {T::catastrophizing,
         "this|it|that|everything|which ~2 is|was|will|would ?be ~2 a|an|such ~1 "
         "disaster|catastrophe|nightmare|tragedy"},
        {T::catastrophizing, "never ~1 live ~2 down"},
        {T::catastrophizing, "never ~1 recover|forgive|get over"},
        {T::catastrophizing,
         "ruin|ruined|ruins|destroy|destroyed|destroys|wreck|wrecked ~1 my|our|the "
         "life|lives|future|career|chances|reputation|everything"},
        {T::catastrophizing, "the world ~1 is|would|will ~1 end|ending|over"},
        {T::catastrophizing, "can not|never go on ~1 like|living"},
        {T::catastrophizing, "not ~1 be able to ~1 go|cope|survive|live|function|bear ?on"},
        {T::catastrophizing, "have|be ~1 no ~1 friends|one|money|home|job|family|future ~1 left"},
        {T::catastrophizing, "attack|breakdown|stroke ~2 and|then die|dying"},
        {T::catastrophizing,
         "must|probably|might ?have ~2 been|had|gotten|got ~3 "
         "accident|attacked|hurt|killed|kidnapped|died|dead|crashed|mugged|arrested|hospital"},

        // --- emotional reasoning: a feeling taken as evidence that something is true.
        {T::emotional_reasoning,
         "feel|feeling|felt|feels ~3 @er_feel|@self_noun|@self_adj ~6 which|that|it|this|so "
         "?just|really|basically|probably|must|surely means|mean|proves|prove|confirms",
         kBase | kNoContrast},
        {T::emotional_reasoning,
         "feel|feeling|felt|feels ~3 @er_feel|@self_noun|@self_adj ~6 so|therefore|then|thus|that "
         "~3 must|obviously|clearly|definitely|surely|certainly "
         "be|have|mean|means|look|hate|hates|think|thinks|know|knows|not|am|is|are|deserve",
         kBase | kNoContrast},
        {T::emotional_reasoning,
         "feel|feeling|felt|feels ~3 @er_feel|@self_noun|@self_adj ~6 so|therefore|then|thus ~3 "
         "probably am|is|are",
         kBase | kNoContrast},
        {T::emotional_reasoning,
         "feel|feeling|felt|feels ~3 @er_feel|@self_noun|@self_adj ~6 so|therefore|then|thus ~3 "
         "true|nobody|doomed|point|pointless",
         kBase | kNoContrast | kGapNegation},
        {T::emotional_reasoning,
         "feel|feeling|felt|feels ~3 @er_feel|@self_noun|@self_adj ~6 so|therefore|then|thus ~2 "
         "i|it|they|things|he|she am|is|are|look|seem ~2 "
         "@self_noun|@self_adj|@er_feel|true|right|hopeless|terrible|ugly|stupid|awful|bad|doomed",
         kBase | kNoContrast},
        {T::emotional_reasoning,
         "since|because|as i feel|felt ~4 must|obviously|clearly|really|true|means",
         kBase | kNoContrast},
        {T::emotional_reasoning,
         "feel|feels|felt like ~6 so|therefore|which ~3 "
         "must|probably|obviously|clearly|true|means|proves|mean",
         kBase | kNoContrast},
        {T::emotional_reasoning,
         "feelings|feeling|gut|instincts|instinct|emotions ~1 do|does|can|never not|never lie|lies",
         kBase | kGapNegation},
        {T::emotional_reasoning,
         "feelings|feeling|gut|instincts|instinct|emotions ~2 never|always ~1 wrong|right",
         kBase | kGapNegation},
        {T::emotional_reasoning, "feel|feels|felt|feeling ?like|as ?if|though ~3@intens @self_noun",
         kBase | kClause},
        {T::emotional_reasoning,
         "feel|feels|felt|feeling ?like|as ?@intens ?a|an ?@intens @bad_adj @role",
         kBase | kClause},
        {T::emotional_reasoning,
         "feel|feels|felt|feeling like|as ?if|though i am|was ~3@intens @self_noun|@self_adj",
         kBase | kClause},
        {T::emotional_reasoning,
         "it|this|that feels|felt ?so|too|very|completely|totally true|real", kBase | kClause},
        {T::emotional_reasoning,
         "my gut|feelings|emotions|instinct|instincts|anxiety ~1 "
         "tell|tells|told|say|says|said|telling|know|knows ~5 "
         "@self_noun|@self_adj|not|never|something|bad|wrong|hate|hates|going|will|true",
         kBase | kClause},
        {T::emotional_reasoning, "i ?just feel|felt ~1 it ~2 true|real"},

        // --- should statements: rigid rules for oneself or others.
        {T::should_statements, "i ~1@sh_fill should|ought ?to ~1@sh_fill be ~2@sh_fill @sh_state"},
        {T::should_statements,
         "@should_subj ~1@sh_fill should|shoulda|ought ?to have|of ~1@sh_fill "
         "known|noticed|realized|realised|predicted|caught|prevented|stopped|protected|saved|"
         "helped|figured|listened|foreseen|fought|anticipated"},
        {T::should_statements,
         "@should_subj ~1@sh_fill should|shoulda|ought ?to have|of seen ~1 it|this|that|the ~1 "
         "coming|signs|red"},
        {T::should_statements,
         "@should_subj ~1@sh_fill should|shoulda|ought ?to have|of "
         "done|been|tried|said|acted|reacted|handled|worked|studied|spoken|fought|loved|cared ~1 "
         "better|more|something|differently|anything|harder|stronger|smarter|there|no|up|sooner|"
         "less|enough|a|the|perfect|right"},
        {T::should_statements, "@should_subj ~1@sh_fill should|must|ought ?to always|never"},
        {T::should_statements, "i ~1@sh_fill have|has|need|needs|got ?to always|never"},
        {T::should_statements,
         "@should_subj ~1@sh_fill must|have|has|need|needs|got ?to ?always ~1@must_fill be "
         "~2@must_fill @must_state"},
        {T::should_statements,
         "@should_subj ~1@sh_fill must|have|has|need|needs ?to ?always|never get|do|make|keep ~3 "
         "perfectly|perfect|flawlessly|flawless|right|everyone|everybody|everything"},
        {T::should_statements, "i ~1@sh_fill should|must|ought not|never ~1@sh_fill have to"},
        {T::should_statements,
         "i ~1@sh_fill should|must|ought not|never ~1@sh_fill "
         "feel|need|care|cry|struggle|complain|mind|want|worry|let|hate|miss|envy|resent|grieve|"
         "mourn|dwell|react|overreact|show|fail|admit|break|appear|seem|lose"},
        {T::should_statements,
         "i ~1@sh_fill should|must|ought not|never ~1@sh_fill get ~1@sh_fill @emo_adj"},
        {T::should_statements,
         "i ~1@sh_fill should|must|ought not|never ~1@sh_fill be ~2@sh_fill @emo_adj"},
        {T::should_statements,
         "i ~1@sh_fill should|must|ought not|never have|of "
         "said|done|let|trusted|eaten|sent|believed|married|quit|yelled|snapped|cried|reacted|"
         "acted|gotten|been|told|asked|bothered|wasted|ruined|started|dated|reached|posted|texted|"
         "drank|had"},
        {T::should_statements, "@should_subj ~2 supposed to ~1@sh_fill be ~2@sh_fill @sh_state"},
        {T::should_statements,
         "@should_subj ~2 supposed to ~1@sh_fill "
         "know|handle|cope|enjoy|love|feel|want|manage|deal|like|understand|appreciate"},
        {T::should_statements,
         "@should_subj ~2 supposed to ~1@sh_fill have ~2 "
         "together|figured|sorted|life|everything|all"},
        {T::should_statements, "i ~2 should|ought|supposed ~6 by now"},
        {T::should_statements, "i ~2 should|ought|supposed ~6 at|by my|this|our age|point|stage"},
        {T::should_statements,
         "at|by my|this|our age|point|stage ~3 i ~2 should|ought|supposed|must"},
        {T::should_statements,
         "i ~1@sh_fill should|ought ?to ~1@sh_fill be able to ~1@sh_fill "
         "handle|cope|manage|deal|fix|figure|control|stop|move|overcome|solve|sort|beat|shake|let"},
        {T::should_statements,
         "i ~1@sh_fill should|ought ?to ~1@sh_fill know better|how|what|this|that"},
        {T::should_statements,
         "should|ought ?to ~1@sh_fill be able to ~4 "
         "without|alone|myself|own|easily|already|better"},
        {T::should_statements,
         "a|any good|real|proper|decent|normal|loving ~1 @role ~1@sh_fill "
         "would|should|must|never|always|ought|knows|does"},
        {T::should_statements, "@should_other ~1@sh_fill should|ought ?to ~1@sh_fill know better"},
        {T::should_statements,
         "@should_other ~1@sh_fill should|ought ?to ~1@sh_fill know|understand|see|sense "
         "how|what|when i|we ~1 feel|need|want|mean|think|am"},
        {T::should_statements,
         "@should_other ~1@sh_fill should|ought ?to ~1@sh_fill "
         "understand|realize|realise|respect|care|appreciate|apologize|apologise|value|behave|"
         "listen|admit|treat"},
        {T::should_statements,
         "@should_other ~1@sh_fill should|ought ?to ~1@sh_fill be ~1 "
         "more|nicer|kinder|grateful|ashamed|better|supportive|understanding|thankful|considerate|"
         "respectful|fair|honest"},
        {T::should_statements,
         "@should_other ~1@sh_fill should|ought ?to ~1@sh_fill have|of ~1 "
         "known|noticed|listened|apologized|apologised|protected|cared|supported|defended|stood|"
         "respected|realized|realised|understood"},
        {T::should_statements,
         "it|this|that|things|everything|life should|must not|never be ~1@sh_fill this|so|that "
         "~1@sh_fill hard|difficult|complicated|painful|confusing|exhausting|bad|tough|stressful"},
        {T::should_statements,
         "life|things|people|everything|world|everyone should|must ?always be "
         "fair|easy|easier|perfect|different|better|kind|nice|honest"},
        {T::should_statements,
         "i ~1 have|need|must|got ?to ~1@sh_fill stop|quit "
         "being|feeling|crying|complaining|acting|whining|getting ~2 "
         "so|such|weak|needy|emotional|sensitive|lazy|stupid|like|pathetic|dramatic|sad|anxious|"
         "sorry|upset|a"},
        {T::should_statements,
         "i ~1 must|have|need ?to ~1@sh_fill please|make ~1 everyone|everybody"},

        // --- labeling: a global label for oneself or another person.
        {T::labeling, "i am|was ~3@intens @self_noun"},
        {T::labeling, "i am|was ~3@intens @self_adj !at|with|when|in|on|about"},
        {T::labeling, "i am|was ~3@intens @bad_adj ?@intens @role"},
        {T::labeling,
         "i have ?always|just|truly become|been|turned ?into ~3@intens @self_noun|@self_adj"},
        {T::labeling,
         "i will ?always|forever|just|probably|still be|stay|remain ~3@intens "
         "@self_noun|@self_adj"},
        {T::labeling, "what ?a|an ~2@intens @self_noun|@self_adj i am|was", kNegated | kReported},
        {T::labeling, "i am ?@intens the worst !at|part|thing|case|of|time|day|idea"},
        {T::labeling, "i am ~2@intens not|never ?@intens ?good enough"},
        {T::labeling, "i am ~2@intens not|never worth ?it|anything|loving|much|the"},
        {T::labeling,
         "i am ?@intens nothing|nobody !like|if|compared|to|new|special|else|more|much"},
        {T::labeling, "i am ?@intens ?a|an piece of shit|crap|garbage|trash"},
        {T::labeling, "@other_subj is|are|was|were ~3@intens @other_label", kBase | kToldSo},
        {T::labeling, "@other_subj is|are|was|were ~3@intens ~1 @other_label",
         kBase | kToldSo | kClause},
        {T::labeling, "why am i ~3@intens @self_noun|@self_adj", kNegated | kReported},

        // --- personalization: blaming oneself for what one did not control.
        {T::personalization, "my ?own fault !i", kBase | kHedged},
        {T::personalization, "i am ?@intens to blame"},
        {T::personalization, "i ?only|just|always ?blame myself|me"},
        {T::personalization, "because of me", kBase | kNegative},
        {T::personalization, "i am|was ?@intens the reason|cause", kBase | kNegative},
        {T::personalization,
         "i am|was ?@intens the one who|that ~2 "
         "ruined|ruins|caused|causes|made|makes|broke|messed|screwed|destroyed|wrecked|ruin"},
        {T::personalization, "i am ?@intens the problem"},
        {T::personalization, "it is|was ?all on me", kBase | kNegative},
        {T::personalization,
         "i ?must|probably|might ?have caused|cause ~2 it|this|that|everything|all|his|her|their"},
        {T::personalization, "would|might not|never have happened", kBase | kNegative},
        {T::personalization,
         "@person ~6 because ~1 i ~3 too|never|always|not ~1 "
         "much|little|enough|there|home|around|good|smart|strong",
         kBase | kNegative},
        {T::personalization,
         "i must|probably|might ?have ~2 "
         "done|did|said|upset|annoyed|offended|hurt|caused|made|angered|bothered|disappointed ~2 "
         "something|it|him|her|them|wrong|this|that|worse|sad|upset|angry|mad|bad"},
        {T::personalization,
         "must|probably|might ~4 something i ?must|might|probably ?have "
         "said|did|do|done|wrote|texted|posted"},
        {T::personalization, "@person ~6 because ~1 i did|could|would not|never",
         kBase | kNegative | kGapNegation},
        {T::personalization, "must|probably be|is ?because ?of me"},
        {T::personalization,
         "if ?only i had|hadn't|would|could|was|were|did|been|paid|noticed|called|stayed|left|gone "
         "~7 @person ~1 would|might|could|will ~1 not|never|still"},
        {T::personalization,
         "i made|make|makes|caused|cause|causes|drove|drive ~2 "
         "@person|him|her|them|everyone|everybody|my|everything ~3 "
         "cry|leave|upset|angry|mad|sad|unhappy|miserable|drink|fail|lose|suffer|sick|worry|hurt|"
         "stressed|quit|die|worse|bad|break|lost|failed|left|away|crazy|disappointed|depressed",
         kBase | kClause},
        {T::personalization,
         "@person ~6 because ~1 i am|was ~3@intens @self_noun|@self_adj|@bad_adj|not|never|too",
         kBase | kNegative},
        {T::personalization,
         "@person ~6 because ~1 i ?always failed|messed|screwed|ruined|ruin|mess|screw|fail",
         kBase | kNegative},
        {T::personalization,
         "i ?always ruin|ruined|ruins|spoil|spoiled|wreck|wrecked|mess|messed ?up ~1 for ~1 "
         "everyone|everybody|them|us|the|him|her"},
        {T::personalization,
         "i ?always|just ruin|ruined|ruins|spoil|spoiled|wreck|wrecked|destroy|destroyed "
         "everyone|everybody|everything|our|their|things"},
        {T::personalization, "i ?always|just let ~3 down"},
        {T::personalization,
         "i feel|felt ?@intens ~1 responsible|guilty ~3 for|about ~1 "
         "@person|their|his|her|everyone|everybody|what|how",
         kBase | kClause},
        {T::personalization, "i feel|felt ?@intens ~1 responsible", kBase | kClause},
        {T::personalization,
         "i am|was ?@intens responsible for ~2 "
         "his|her|their|everyone|everybody|it|this|what|how|the ~1 "
         "happiness|feelings|mood|death|divorce|drinking|problems|failure|pain|unhappiness|"
         "suffering|breakup|illness|addiction|depression|behavior|behaviour|choices|happened|feel|"
         "feels|felt|everything"},
    };
    return kRules;
}

// A short Socratic question per type (J. Beck 2011; Burns 1980), three per type so that the same
// prompt does not repeat across a journal. Picked by a hash of the evidence: same text, same
// question.
constexpr std::array<std::array<std::string_view, 3>, kNumDistortionTypes> kReframes{{
    {"Is there a middle ground between complete success and total failure here?",
     "On a scale from 0 to 100, where would this really fall?",
     "If a friend's attempt went like this, would you call the whole thing a failure?"},
    {"Is this always true, or can you think of a time it went differently?",
     "How many times has this actually happened, and how many times has it not?",
     "What would you say to someone who drew this big a conclusion from one event?"},
    {"What else happened that this focus might be leaving out?",
     "If you looked at the whole picture, what went well too?",
     "How much weight does this one detail deserve next to everything else?"},
    {"If a friend had done this, would you tell them it doesn't count?",
     "What evidence is there that you had a real part in this going well?",
     "What would it mean to take this success at face value?"},
    {"What do you actually know about what they are thinking, and how could you find out?",
     "What else could explain the way they acted?",
     "What evidence do you have for and against the idea that they think this?"},
    {"What evidence do you have that this will happen, and what else could happen?",
     "How often have predictions like this come true for you in the past?",
     "If things went better than you expect, what might that look like?"},
    {"What is the worst that could realistically happen, and how would you cope with it?",
     "How likely is the worst outcome, and what is the most likely one?",
     "How much will this matter in a week, a month, or a year?"},
    {"Is this feeling the same as a fact? What evidence is there beyond the feeling?",
     "If you felt differently tomorrow, would the facts have changed?",
     "What would you conclude if you looked only at the evidence, not the feeling?"},
    {"Where does this rule come from, and is it realistic to expect it every time?",
     "What changes if you say \"I would like to\" instead of \"I should\"?",
     "Would you hold a friend you care about to this same standard?"},
    {"Does one action or moment define who a whole person is?",
     "What would you call the behaviour itself, without labelling the person?",
     "What evidence doesn't fit this label?"},
    {"What other factors, outside your control, might have played a part?",
     "How much of this was really yours to control?",
     "If this had happened to a friend, how much would you blame them?"},
}};

std::string_view pick_reframe(DistortionType type, std::string_view evidence) {
    std::uint32_t h = 2166136261u;  // FNV-1a: stable across platforms and runs
    for (const char c : evidence) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    const auto& options = kReframes[static_cast<std::size_t>(type)];
    return options[h % options.size()];
}

constexpr std::array<std::string_view, 10> kNegators{
    "not", "never", "no", "nobody", "nothing", "without", "hardly", "nor", "neither", "none"};

bool is_negator(std::string_view w) {
    return std::find(kNegators.begin(), kNegators.end(), w) != kNegators.end();
}

struct Detector {
    PhraseSet set;
    std::vector<std::vector<std::string>> named_negators;  // negators each pattern names itself
};

const Detector& detector() {
    static const Detector d = [] {
        Detector out;
        const auto sets = word_sets();
        std::vector<std::string> patterns;
        for (const auto& r : rules()) {
            patterns.emplace_back(r.pattern);
            std::vector<std::string> named;
            auto add = [&](std::string_view w) {
                if (is_negator(w)) named.emplace_back(w);
            };
            std::string_view rest = r.pattern;
            while (!rest.empty()) {
                const auto sp = rest.find(' ');
                std::string_view item = rest.substr(0, sp);
                rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
                if (!item.empty() && (item[0] == '?' || item[0] == '!')) item.remove_prefix(1);
                if (!item.empty() && item[0] == '~') item.remove_prefix(2);  // ~3@intens
                while (!item.empty()) {
                    const auto bar = item.find('|');
                    const std::string_view alt = item.substr(0, bar);
                    item =
                        bar == std::string_view::npos ? std::string_view{} : item.substr(bar + 1);
                    if (!alt.empty() && alt[0] == '@') {
                        if (const auto it = sets.find(std::string(alt.substr(1))); it != sets.end())
                            for (const auto& w : it->second) add(w);
                    } else {
                        add(alt);
                    }
                }
            }
            out.named_negators.push_back(std::move(named));
        }
        out.set = PhraseSet(patterns, sets, /*gaps_cross_clauses=*/true);
        return out;
    }();
    return d;
}

bool in(std::string_view w, std::initializer_list<std::string_view> words) {
    return std::find(words.begin(), words.end(), w) != words.end();
}

bool has_prefix(std::string_view w, std::initializer_list<std::string_view> prefixes) {
    for (const auto p : prefixes)
        if (w.substr(0, p.size()) == p) return true;
    return false;
}

// The words around a match that the guards look at.
class Context {
  public:
    Context(std::string_view text, const std::vector<RuleToken>& tokens)
        : text_(text), tokens_(tokens) {}

    // [begin, end) of the sentence holding token i.
    std::pair<std::size_t, std::size_t> sentence(std::size_t i) const {
        std::size_t b = i, e = i + 1;
        while (b > 0 && tokens_[b - 1].sentence == tokens_[i].sentence) --b;
        while (e < tokens_.size() && tokens_[e].sentence == tokens_[i].sentence) ++e;
        return {b, e};
    }

    // A question that asks: the sentence ends with "?" and does not open with "why" / "how come"
    // ("Why does this always happen to me?" is a statement in question form).
    bool question(std::size_t i) const {
        const auto [b, e] = sentence(i);
        if (tokens_[b].text == "why" ||
            (tokens_[b].text == "how" && b + 1 < e && tokens_[b + 1].text == "come"))
            return false;
        for (std::size_t k = tokens_[e - 1].end; k < text_.size(); ++k) {
            const char c = text_[k];
            if (c == '?') return true;
            if (c == '.' || c == '!' || c == '\n') return false;
        }
        return false;
    }

    // Inside another person's words or thoughts: a verb of saying or thinking shortly before
    // the match, in its clause, whose subject is not "I" ("my friend thinks she is ...", "a man
    // who thinks he is ...", "she told me I am ...").
    bool reported(std::size_t first) const {
        const auto sent = tokens_[first].sentence;
        for (std::size_t back = 1; back <= 6 && back <= first; ++back) {
            const std::size_t v = first - back;
            if (tokens_[v].clause != tokens_[first].clause) return false;
            if (!in(tokens_[v].text,
                    {"think",     "thinks",   "thought",    "say",      "says",     "said",
                     "feel",      "feels",    "felt",       "believe",  "believes", "believed",
                     "told",      "tells",    "tell",       "claim",    "claims",   "claimed",
                     "insist",    "insists",  "insisted",   "wrote",    "writes",   "texted",
                     "mentioned", "admitted", "complained", "yelled",   "screamed", "calls",
                     "called",    "knows",    "knew",       "worries",  "fears",    "feared",
                     "reckons",   "assumes",  "assumed",    "realized", "realised", "decided",
                     "swears",    "swore"}))
                continue;
            std::size_t s = v;
            while (
                s > 0 && tokens_[s - 1].sentence == sent &&
                in(tokens_[s - 1].text,
                   {"really",    "probably",  "always",    "just",      "still",      "honestly",
                    "also",      "even",      "never",     "do",        "does",       "did",
                    "not",       "kind",      "of",        "sort",      "actually",   "secretly",
                    "clearly",   "obviously", "sometimes", "often",     "definitely", "literally",
                    "basically", "totally",   "seriously", "genuinely", "truly",      "all",
                    "both",      "would",     "could",     "might",     "must",       "may",
                    "can",       "will",      "have",      "had",       "kinda",      "sorta"}))
                --s;
            if (s == 0 || tokens_[s - 1].sentence != sent)
                return false;  // no subject: the writer's own
            return tokens_[s - 1].text != "i";
        }
        return false;
    }

    // The clause reports what someone said: the writer is relaying evidence, not guessing.
    // "She hasn't texted" is no evidence: a negated report does not count.
    bool told_so(std::size_t first, std::size_t last) const {
        const auto [b, e] = sentence(first);
        for (std::size_t k = b; k < e; ++k) {
            if (tokens_[k].clause != tokens_[first].clause &&
                tokens_[k].clause != tokens_[last].clause)
                continue;
            if (k >= first && k <= last)
                continue;  // "they're going to say no" predicts, it does not report
            if (!in(tokens_[k].text,
                    {"said", "told", "tells", "says", "say", "texted", "wrote", "admitted",
                     "explained", "mentioned", "yelled", "screamed", "complained", "confirmed",
                     "announced", "emailed", "messaged", "asked"}))
                continue;
            if (!(k > b && is_negator(tokens_[k - 1].text)) &&
                !(k > b + 1 && is_negator(tokens_[k - 2].text)))
                return true;
        }
        return false;
    }

    // A realistic condition after the match: "... if I don't study", "... unless I prepare".
    bool condition_after(std::size_t last) const {
        const auto e = sentence(last).second;
        for (std::size_t k = last + 1; k < e; ++k) {
            if (tokens_[k].text == "unless") return true;
            if (tokens_[k].text == "if")
                for (std::size_t j = k + 1; j < e && j <= k + 4; ++j)
                    if (tokens_[j].text == "not" || tokens_[j].text == "never") return true;
        }
        return false;
    }

    // Something negative, or a contrast, in the sentence ("... but all I can think about ...").
    bool negative(std::size_t i) const {
        const auto [b, e] = sentence(i);
        for (std::size_t k = b; k < e; ++k) {
            const std::string_view w = tokens_[k].text;
            if (in(w, {"wrong",    "bad",     "badly",   "worst",   "worse",  "one",     "once",
                       "miss",     "missed",  "missing", "sad",     "angry",  "mad",     "broken",
                       "sick",     "fight",   "fought",  "left",    "died",   "death",   "accident",
                       "trouble",  "pain",    "alone",   "poor",    "weak",   "lame",    "boring",
                       "delay",    "harsh",   "fat",     "silence", "dumb",   "but",     "though",
                       "although", "despite", "even",    "never",   "nobody", "nothing", "again",
                       "down",     "hard",    "late"}) ||
                has_prefix(w,
                           {"mistake",  "error",   "fail",    "flaw",       "critic",    "negativ",
                            "awkward",  "rude",    "weird",   "stupid",     "embarrass", "humiliat",
                            "typo",     "frown",   "sighed",  "mess",       "screw",     "ruin",
                            "complain", "insult",  "problem", "imperfect",  "annoy",     "upset",
                            "hurt",     "forgot",  "stumbl",  "stutter",    "dislike",   "hate",
                            "unhapp",   "cancel",  "divorc",  "disappoint", "reject",    "disaster",
                            "blame",    "guilt",   "shame",   "regret",     "suffer",    "struggl",
                            "depress",  "anxi",    "stress",  "lonel",      "fault",     "terribl",
                            "awful",    "horribl", "ugl",     "miser",      "argu",      "yelled",
                            "cry",      "cried",   "relaps",  "wast",       "los",       "broke",
                            "fired",    "dump",    "sorry",   "wreck",      "destroy",   "spoil",
                            "snapped",  "crash",   "tripp"}))
                return true;
        }
        return false;
    }

    // A guess about what is in someone's mind: "I just know", "I can tell", "probably", "must".
    bool guess(std::size_t i) const {
        const auto [b, e] = sentence(i);
        for (std::size_t k = b; k < e; ++k)
            if (in(tokens_[k].text, {"bet", "sure", "certain", "must", "probably", "obviously",
                                     "clearly", "definitely", "secretly", "seems", "seem", "seemed",
                                     "guess", "assume", "know", "knew", "tell", "sense", "surely"}))
                return true;
        return false;
    }

    // A success or praise in the sentence: what a disqualifying thought discounts.
    bool positive(std::size_t i) const {
        const auto [b, e] = sentence(i);
        for (std::size_t k = b; k < e; ++k) {
            const std::string_view w = tokens_[k].text;
            if (in(w, {"won",    "win",    "wins",        "aced",    "raise",     "smart",
                       "best",   "kind",   "nice",        "good",    "great",     "well",
                       "pretty", "top",    "first",       "hired",   "accepted",  "thanked",
                       "liked",  "loved",  "beautiful",   "amazing", "excellent", "perfect",
                       "offer",  "yes",    "scholarship", "job",     "prize",     "medal",
                       "trophy", "degree", "grant",       "sober",   "graduated"}) ||
                (w == "got" && k + 1 < e &&
                 in(tokens_[k + 1].text, {"into", "in", "promoted", "hired", "accepted", "an"})) ||
                has_prefix(w,
                           {"prais",      "compliment", "promot",   "award",   "pass",   "achiev",
                            "accomplish", "success",    "proud",    "congrat", "thank",  "talent",
                            "clever",     "finish",     "complet",  "impress", "improv", "progress",
                            "admir",      "applau",     "recogni",  "reward",  "grade",  "score",
                            "brilliant",  "gift",       "selected", "chosen",  "invit",  "clap",
                            "cheer"}))
                return true;
        }
        return false;
    }

    // A negator inside the match that the pattern does not name: it sits in a gap.
    bool negated_inside(std::size_t first, std::size_t last,
                        const std::vector<std::string>& named) const {
        for (std::size_t k = first + 1; k <= last; ++k)
            if (is_negator(tokens_[k].text) &&
                std::find(named.begin(), named.end(), tokens_[k].text) == named.end())
                return true;
        return false;
    }

    // The subject just before the match, past auxiliaries and adverbs, is "I".
    bool about_self(std::size_t first) const {
        for (std::size_t k = first; k-- > 0 && tokens_[k].sentence == tokens_[first].sentence;) {
            const std::string_view w = tokens_[k].text;
            if (w == "i") return true;
            if (!in(w, {"am",         "is",      "are",    "was",      "were",     "be",
                        "been",       "being",   "really", "probably", "just",     "only",
                        "obviously",  "clearly", "simply", "merely",   "honestly", "actually",
                        "definitely", "maybe",   "all",    "both",     "also",     "still",
                        "even",       "too",     "always", "never",    "do",       "did"}))
                return false;
        }
        return false;
    }

    bool passes(const Rule& r, const PhraseMatch& m, const std::vector<std::string>& named) const {
        const std::uint16_t g = r.guards;
        const auto& t = tokens_;
        if ((g & kClause) && t[m.first].clause != t[m.last].clause) return false;
        if (g & kNoContrast)
            for (std::size_t k = m.first; k <= m.last; ++k)
                if (in(t[k].text, {"but", "though", "although", "however", "yet"})) return false;
        if ((g & kOtherSubject) && about_self(m.first)) return false;
        if ((g & kHedged) && m.first > 0 &&
            in(t[m.first - 1].text,
               {"partly", "partially", "half", "somewhat", "also", "bit", "little"}))
            return false;
        // Four words back: "I don't think I'm ...", "I'd never say that I'm ..."; further back a
        // negation belongs to an earlier clause ("he'll never get in and his future is over").
        if ((g & kNegated) && negated_before(t, m.first, 4)) return false;
        if ((g & kNegated) && !(g & kGapNegation) && negated_inside(m.first, m.last, named))
            return false;
        if ((g & kQuestion) && question(m.first)) return false;
        if ((g & kReported) && reported(m.first)) return false;
        if ((g & kToldSo) && told_so(m.first, m.last)) return false;
        if ((g & kCondition) && condition_after(m.last)) return false;
        if ((g & kNegative) && !negative(m.first)) return false;
        if ((g & kPositive) && !positive(m.first)) return false;
        if ((g & kGuess) && !guess(m.first)) return false;
        return true;
    }

  private:
    std::string_view text_;
    const std::vector<RuleToken>& tokens_;
};

}  // namespace

std::string_view distortion_name(DistortionType type) {
    static constexpr std::string_view kNames[kNumDistortionTypes] = {
        "all_or_nothing",    "overgeneralization", "mental_filter",   "disqualifying_positive",
        "mind_reading",      "fortune_telling",    "catastrophizing", "emotional_reasoning",
        "should_statements", "labeling",           "personalization"};
    return kNames[static_cast<std::size_t>(type)];
}

std::string_view distortion_reframe(DistortionType type, std::string_view evidence) {
    return pick_reframe(type, evidence);
}

std::vector<Distortion> detect_distortions_normalized(std::string_view normalized) {
    return detect_distortions_tokens(normalized, rule_tokens(normalized));
}

std::vector<Distortion> detect_distortions_tokens(std::string_view normalized, const std::vector<RuleToken>& tokens) {
    const Detector& d = detector();
    if (tokens.empty()) return {};
    thread_local std::vector<PhraseMatch> matches;
    matches.clear();
    d.set.match(tokens, matches);

    // Matches come by start token, so the first that passes its guards is the earliest of its type.
    const Context ctx(normalized, tokens);
    const auto& table = rules();
    std::array<bool, kNumDistortionTypes> found{};
    std::vector<Distortion> out;
    for (const auto& m : matches) {
        const Rule& r = table[m.rule];
        auto& seen = found[static_cast<std::size_t>(r.type)];
        if (seen || !ctx.passes(r, m, d.named_negators[m.rule])) continue;
        seen = true;
        const std::string_view evidence = span_text(normalized, tokens, m.first, m.last);
        out.push_back({r.type, std::string(evidence), std::string(pick_reframe(r.type, evidence))});
    }
    return out;
}

Result<std::vector<Distortion>> detect_distortions(std::string_view utf8) {
    auto norm = normalize(utf8);
    if (!norm) return norm.status();
    return detect_distortions_normalized(*norm);
}

}  // namespace attune::text
