// SPDX-License-Identifier: Apache-2.0
// Crisis language graded on the C-SSRS screener's ladder (Posner et al. 2011). Rules, not a
// learned model: a missed crisis must be explainable and fixable by a clinician reading the
// table, and no openly licensed corpus of graded crisis statements exists to learn from.
//
// Each rule is a phrase pattern (text/phrase_rules.hpp) with the level it signals. A match
// counts unless a guard explains it away, in this order:
//   negation      "I would never hurt myself", "I'm not suicidal", "denies suicidal thoughts"
//   someone else  "my brother attempted last year", "she wanted to die" (the nearest subject
//                 before the phrase is another person, and the phrase has no me/my/myself)
//   media         "the character kills himself", "an article about suicide rates"
//   idiom         "I want to die of embarrassment", "dying laughing"
//   history       "I self-harmed as a teenager but I've been clean for ten years": a distant
//                 past in the sentence and a resolution anywhere in the text, with nothing
//                 recurring ("again", "lately", "tonight"); an unresolved past is kept, at
//                 passive, so that a human still sees it
// Acts ("cut myself", "kill myself") take their level from the words before them: a wish or
// thought ("want to", "thinking about") is active, a commitment ("going to", "tonight") is a
// plan, and a plain first-person act is behaviour. Means and preparations that are innocent
// alone ("bought a rope", "gave away my cat") count only beside another risk phrase.
#include "text/crisis.hpp"

#include <algorithm>
#include <array>

#include "text/phrase_rules.hpp"

namespace attune::text {

std::string_view crisis_level_name(CrisisLevel level) {
    switch (level) {
        case CrisisLevel::none: return "none";
        case CrisisLevel::passive: return "passive";
        case CrisisLevel::active: return "active";
        case CrisisLevel::plan: return "plan";
        case CrisisLevel::behavior: return "behavior";
    }
    return "none";
}

namespace {

using L = CrisisLevel;

enum Flag : unsigned {
    kNegatable = 1u << 0,  // a negator before or inside the phrase cancels it
    kAct = 1u << 1,        // an act: the level follows the words before it (see above)
    kContext = 1u << 2,    // counts only beside another risk phrase in the text
    kSelfHarm = 1u << 3,   // self-injury
};

struct Rule {
    std::string_view pattern;
    CrisisLevel level;  // for acts: the level of the plain first-person act
    float confidence;
    unsigned flags;
};

// Misspellings and slang seen in chat are part of the sets, so that every rule catches them.
const PhraseSet::Sets& sets() {
    static const PhraseSet::Sets kSets{
        {"self", {"myself", "meself", "myslef", "mysef", "myselfe", "mself"}},
        {"kill", {"kill", "kil", "killing", "kiling", "killin"}},
        {"suicide", {"suicide", "suicidal", "suicid*", "sucide", "suicde", "suiside", "sucidal",
                     "suisidal", "suicdal", "sewerslide", "sewer-slide", "suicidally"}},
        {"want", {"want", "wanted", "wanting", "wish", "wished", "wishing", "wan", "wana"}},
        {"die", {"die", "dead", "diee"}},
        {"harm", {"cut", "cutting", "cuts", "burn", "burned", "burnt", "burning", "hurt", "hurting",
                  "harm", "harmed", "harming", "scratch", "scratched", "scratching", "carve",
                  "carved", "carving", "hit", "hitting", "punch", "punched", "punching", "starve",
                  "starving", "bruise", "bruised", "injure", "injured", "injuring"}},
        {"pills", {"pills", "pill", "tablets", "meds", "medication", "medications", "paracetamol",
                   "tylenol", "acetaminophen", "ibuprofen", "aspirin", "sleeping", "xanax",
                   "antidepressants", "painkillers", "insulin", "opioids", "oxy"}},
        {"lots", {"all", "whole", "bunch", "handful", "lot", "lots", "entire", "box", "bottle",
                  "packet", "pack", "many", "dozen", "fistful"}},
        {"attempt", {"tried", "try", "trying", "attempted", "attempt", "attempting", "tryed"}},
        {"thinking", {"thinking", "think", "thought", "thoughts", "considering", "considered",
                      "contemplating", "fantasizing", "fantasising", "imagining", "obsessing"}},
        {"means", {"rope", "noose", "gun", "pistol", "rifle", "razor", "razors", "blade",
                   "blades", "bullets", "bullet", "pills", "poison", "charcoal"}},
    };
    return kSets;
}

// The table. Confidence is the rules' belief that the phrase, once past the guards, means
// what its level says: explicit statements near 0.9, indirect ones lower.
constexpr auto kRules = std::to_array<Rule>({
    // ---- passive: a wish to be dead or not to wake up
    {"@want to ~2 @die", L::passive, 0.85f, kNegatable},
    {"@want i ~1 was|were|could|would ~1 @die", L::passive, 0.85f, kNegatable},
    {"@want i ~2 died", L::passive, 0.85f, kNegatable},
    {"@want i ~3 never ~2 born|existed", L::passive, 0.8f, kNegatable},
    {"@want i ~2 not exist|born", L::passive, 0.8f, 0},
    {"ready to @die", L::passive, 0.75f, kNegatable},
    {"better off dead|@die", L::passive, 0.85f, kNegatable},
    {"better ~2 without me", L::passive, 0.75f, 0},
    {"better ~2 if i ~3 dead|gone|died|disappeared", L::passive, 0.75f, 0},
    {"better ~2 if i ~2 not here|around|alive|exist|born", L::passive, 0.75f, 0},
    {"not want to ~2 wake|waking up", L::passive, 0.85f, 0},
    {"hope|wish i ~6 never|not wake|waking up", L::passive, 0.85f, 0},
    {"sleep ~1 and ~2 never|not wake|waking up", L::passive, 0.8f, 0},
    {"sleep forever", L::passive, 0.6f, kNegatable},
    {"not want to ~2 alive|exist|live|living $", L::passive, 0.85f, 0},
    {"not want to ~2 alive|exist|live|living|here|around anymore|longer|any", L::passive, 0.85f, 0},
    {"not want to ~2 be here $", L::passive, 0.55f, 0},
    {"want|wanting to ~1 stop existing|living|breathing", L::passive, 0.8f, kNegatable},
    {"want|wanting to ~1 cease to exist", L::passive, 0.8f, kNegatable},
    {"want ~1 to disappear forever", L::passive, 0.6f, kNegatable},
    {"no|nothing ~1 reason|point to ~1 live|living|exist|alive", L::passive, 0.75f, 0},
    {"no|nothing ~1 reason|point to ~1 go|keep|carry on|going $", L::passive, 0.7f, 0},
    {"nothing ~2 to live for", L::passive, 0.8f, 0},
    {"no point ~2 living|life|existing|alive", L::passive, 0.75f, 0},
    {"no point ~2 going|carrying on $", L::passive, 0.7f, 0},
    {"what is the point ~2 living|life|existing|alive", L::passive, 0.6f, 0},
    {"what is the point ~2 going on $", L::passive, 0.6f, 0},
    {"life ~1 is not worth ~1 living|it", L::passive, 0.75f, 0},
    {"not worth living", L::passive, 0.75f, 0},
    {"tired|sick of ~1 living|alive|existing|life", L::passive, 0.7f, kNegatable},
    {"tired|sick of waking up", L::passive, 0.6f, kNegatable},
    {"not mind ~1 if i ~3 died|dead|die|gone|disappeared", L::passive, 0.75f, 0},
    {"not mind ~1 dying|death", L::passive, 0.75f, 0},
    {"hope|wish ~4 hits|hit|kills|kill|runs|run me", L::passive, 0.6f, kNegatable},
    {"deserve to @die", L::passive, 0.75f, kNegatable},
    {"should ~1 just @die", L::passive, 0.7f, kNegatable},
    {"nobody|noone would ~1 miss me", L::passive, 0.55f, 0},
    {"no one would ~1 miss me", L::passive, 0.55f, 0},
    {"nobody|noone would ~1 notice|care ~3 gone|dead|died|disappeared", L::passive, 0.55f, 0},
    {"no one would ~1 notice|care ~3 gone|dead|died|disappeared", L::passive, 0.55f, 0},
    {"want ~1 it ~2 to end|stop $", L::passive, 0.55f, kNegatable},
    {"want everything to end|stop", L::passive, 0.6f, kNegatable},
    {"thinking|thoughts|think about|of ~1 death|dying|dead", L::passive, 0.6f, kNegatable},

    // ---- active: thoughts of killing oneself, a method included
    {"@kill @self", L::active, 0.9f, kNegatable | kAct},
    {"@kill my self", L::active, 0.9f, kNegatable | kAct},
    {"kms", L::active, 0.85f, kNegatable | kAct},
    {"unalive|un-alive ?@self|me", L::active, 0.85f, kNegatable | kAct},
    {"self-delete|sewerslide|sewer-slide", L::active, 0.8f, kNegatable | kAct},
    {"self delete", L::active, 0.8f, kNegatable | kAct},
    {"delete myself", L::active, 0.6f, kNegatable},
    {"ctb", L::active, 0.6f, kNegatable},
    {"to off @self", L::active, 0.8f, kNegatable | kAct},
    {"end|ending|take|taking my ?own life", L::active, 0.85f, kNegatable | kAct},
    {"end|ending it all", L::active, 0.85f, kNegatable | kAct},
    {"end|ending everything $", L::active, 0.6f, kNegatable | kAct},
    {"want|wanted|going to ~1 end it $", L::active, 0.6f, kNegatable | kAct},
    {"commit|committing|commiting @suicide", L::active, 0.8f, kNegatable | kAct},
    {"am|feel|feeling|felt|been|getting|get|got|so|really|very|was|being ~2 @suicide", L::active, 0.85f, kNegatable},
    {"@suicide thoughts|ideation|feelings|urges|thinking|urge|again", L::active, 0.85f, kNegatable},
    {"@thinking ~3 @suicide", L::active, 0.8f, kNegatable},
    {"@thinking ~3 @kill|ending|end @self", L::active, 0.8f, kNegatable},
    {"@thinking ~3 ending|end my ?own life", L::active, 0.8f, kNegatable},
    {"@thinking ~3 ending|end it $", L::active, 0.7f, kNegatable},
    {"hang|hanging @self", L::active, 0.9f, kNegatable | kAct},
    {"slit|slitting|cut|cutting|slash|slashing my ~1 wrists|wrist|throat", L::behavior, 0.9f, kNegatable | kAct},
    {"overdose|od", L::active, 0.7f, kNegatable | kAct},
    {"overdosing", L::behavior, 0.8f, kNegatable | kAct},
    {"jump|jumping off ~3 bridge|building|roof|cliff|balcony|tower|ledge|overpass", L::active, 0.75f, kNegatable | kAct},
    {"jump|jumping|step|stepping|walk|walking ~2 in front of ~1 train|bus|car|truck|traffic|lorry", L::active, 0.8f, kNegatable | kAct},
    {"drive|driving|crash|crashing ~2 my car ~2 into|off", L::active, 0.6f, kNegatable | kAct},
    {"shoot|shooting|drown|drowning|poison|poisoning|suffocate|starve @self", L::active, 0.85f, kNegatable | kAct},
    {"how many ~1 @pills ~5 take|kill|die|overdose|enough|lethal|fatal", L::active, 0.75f, 0},
    {"painless|easiest|quickest|quick ~1 way|ways|method|methods ~1 to ~1 die|@suicide", L::active, 0.75f, 0},
    {"painless ~3 die|death|dying|suicide|go", L::active, 0.7f, 0},
    {"how to ~1 @kill @self", L::active, 0.8f, 0},
    {"how to ~1 die|hang|overdose|od $", L::active, 0.75f, 0},
    {"how to end it $", L::active, 0.7f, 0},
    {"lethal|fatal dose", L::active, 0.7f, 0},
    {"looking|looked|googling|googled|researching|researched|searched|searching ~4 overdose|overdoses|noose|lethal|hanging|@suicide", L::active, 0.7f, 0},

    // ---- self-injury: acts (behaviour unless wished, feared or planned) and urges
    {"@harm @self", L::behavior, 0.85f, kNegatable | kAct | kSelfHarm},
    {"@harm my arms|arm|wrists|wrist|legs|leg|thighs|thigh|skin|stomach|body", L::behavior, 0.8f, kNegatable | kAct | kSelfHarm},
    {"self harmed|harming|injured|injuring|hurting|hurt", L::behavior, 0.8f, kNegatable | kAct | kSelfHarm},
    {"self-harmed|self-harming|selfharmed|selfharming|self-injured|self-injuring", L::behavior, 0.8f, kNegatable | kAct | kSelfHarm},
    {"self harm|injury|injure", L::active, 0.7f, kNegatable | kAct | kSelfHarm},
    {"self-harm|selfharm|self-injury|self-injure", L::active, 0.7f, kNegatable | kAct | kSelfHarm},
    {"cut|cutting|cuts ?@self again|tonight|today|earlier|yesterday", L::behavior, 0.75f, kNegatable | kAct | kSelfHarm},
    {"cut|cutting ?@self last night", L::behavior, 0.75f, kNegatable | kAct | kSelfHarm},
    {"relapsed|relapse ~3 cutting|self-harm|self|sh|self-harming|selfharm|burning", L::behavior, 0.85f, kSelfHarm},
    {"urge|urges ~2 to ~1 cut|self-harm|selfharm|burn|hurt|harm|self|sh", L::active, 0.85f, kNegatable | kSelfHarm},
    {"urges ~2 cut|cutting|self-harm|sh ~2 back", L::active, 0.8f, kSelfHarm},

    // ---- plan: intent, a plan, a date, means obtained, preparations, goodbyes
    {"have|got|made|making ~1 a ~1 plan ~4 @kill|die|end|@suicide|it", L::plan, 0.8f, kNegatable},
    {"plan|planning|planned|intend|intending|decided ~1 to ~3 @kill|die|end|suicide", L::plan, 0.8f, kNegatable},
    {"plan|planning|planned|intend|intending|decided ~1 to ~1 do it", L::plan, 0.7f, kNegatable | kContext},
    {"know|figured ~2 how|when|where ~1 i ~3 do it", L::plan, 0.75f, kContext},
    {"wrote|written|writing|write|left|leave ~4 goodbye|suicide|farewell ~1 letter|letters|note|notes|message", L::plan, 0.85f, kNegatable},
    {"suicide note|notes|letter", L::plan, 0.8f, kNegatable},
    {"wrote|written|writing ~2 letters|letter|notes to ~2 family|everyone|parents|kids|children|friends|loved", L::plan, 0.7f, kContext},
    {"gave|give|giving|given away ~3 my ~2 things|stuff|belongings|possessions|cat|dog|pets|pet|clothes|games", L::plan, 0.7f, kContext},
    {"said|saying|say ~1 goodbye to ~2 everyone|everybody|family|friends", L::plan, 0.7f, kContext},
    {"this is ~1 my last|final ~1 post|message|goodbye|night|day", L::plan, 0.75f, kContext},
    {"last|final night|day alive", L::plan, 0.8f, 0},
    {"last|final night|day on earth", L::plan, 0.8f, 0},
    {"will not be around|here ~2 longer|tomorrow|tonight|morning", L::plan, 0.7f, kContext},
    {"tonight|tomorrow is the night|day", L::plan, 0.75f, kContext},
    {"set a date", L::plan, 0.75f, kContext},
    {"bought|buy|buying|got|getting|have|ordered|stockpiling|stockpiled|saving|saved|hoarding|hoarded|collecting|collected|stashed ~3 @means", L::plan, 0.75f, kContext},
    {"stockpiling|stockpiled|hoarding|hoarded|stashing|stashed|saving|saved ~3 @pills", L::plan, 0.8f, 0},
    {"tied|tying|made|making ~1 a noose", L::plan, 0.85f, 0},
    {"loaded ~2 gun", L::plan, 0.7f, kContext},

    // ---- behaviour: an attempt, interrupted attempt or self-injury, now or just now
    {"@attempt ~1 to ~2 @kill @self", L::behavior, 0.85f, kNegatable | kAct},
    {"@attempt ~1 to ~2 end|take my ?own life", L::behavior, 0.85f, kNegatable | kAct},
    {"@attempt ~1 to end it", L::behavior, 0.75f, kNegatable | kAct},
    {"@attempt ~1 to ~1 hang|drown|shoot|poison @self", L::behavior, 0.85f, kNegatable | kAct},
    {"@attempt ~1 to ~1 overdose|od|die", L::behavior, 0.8f, kNegatable | kAct},
    {"attempted|attempt|tried @suicide", L::behavior, 0.85f, kNegatable | kAct},
    {"@suicide attempt|attempts", L::behavior, 0.8f, kNegatable | kAct},
    {"made an attempt", L::behavior, 0.6f, kContext},
    {"took|taken|swallowed|downed ~2 whole|bunch|handful|entire|box|bottle|packet|dozen|fistful ~3 @pills", L::behavior, 0.85f, kNegatable | kAct},
    {"took|taken|swallowed|downed ~2 all|lot|lots|many ~3 @pills", L::behavior, 0.75f, kNegatable | kAct | kContext},
    {"took|taken|swallowed ~2 too many ~1 @pills", L::behavior, 0.85f, kNegatable | kAct},
    {"overdosed|od'd|oded", L::behavior, 0.85f, kNegatable | kAct},
    {"took|taken|take an ~1 overdose|od", L::behavior, 0.85f, kNegatable | kAct},
    {"stopped|stop|pulled|found me ~3 before i could", L::behavior, 0.75f, 0},
    {"standing|sitting|stood on ~2 ledge|edge|bridge|roof|tracks|railing", L::behavior, 0.7f, kContext},
    {"bleeding", L::behavior, 0.6f, kContext},
    {"blood everywhere", L::behavior, 0.6f, kContext},
});

const PhraseSet& phrase_set() {
    static const PhraseSet kSet = [] {
        std::vector<std::string> patterns;
        for (const auto& r : kRules) patterns.emplace_back(r.pattern);
        return PhraseSet(patterns, sets());
    }();
    return kSet;
}

template <std::size_t N>
bool in(const std::array<std::string_view, N>& words, std::string_view w) {
    return std::find(words.begin(), words.end(), w) != words.end();
}

constexpr auto kSelfWords = std::to_array<std::string_view>({"i", "me", "my", "myself", "mine"});
constexpr auto kOtherWords = std::to_array<std::string_view>({
    "he", "she", "they", "him", "her", "them", "his", "their", "hers", "you", "your", "yourself",
    "himself", "herself", "themselves", "someone", "somebody", "people", "person", "friend",
    "friends", "brother", "sister", "mom", "mum", "mother", "dad", "father", "son", "daughter",
    "wife", "husband", "partner", "boyfriend", "girlfriend", "bf", "gf", "cousin", "uncle",
    "aunt", "grandma", "grandpa", "grandmother", "grandfather", "kid", "kids", "child",
    "children", "roommate", "coworker", "colleague", "classmate", "patient", "patients",
    "client", "clients", "character", "protagonist", "hero", "guy", "girl", "man", "woman",
    "celebrity", "singer", "actor", "author", "neighbor", "neighbour", "student", "students",
    "nephew", "niece", "bestie", "teammate", "victim", "narrator"});
constexpr auto kMediaWords = std::to_array<std::string_view>({
    "movie", "movies", "film", "show", "series", "episode", "book", "novel", "character",
    "article", "news", "documentary", "song", "lyrics", "game", "podcast", "story", "headline",
    "headlines", "report", "study", "statistics", "rates", "awareness", "prevention", "essay",
    "poem", "fiction", "video", "anime", "manga", "netflix", "scene", "finale"});
// Before an act: a wish or a thought makes it ideation; a commitment makes it a plan.
constexpr auto kWishWords = std::to_array<std::string_view>({
    "want", "wanted", "wanting", "wish", "wished", "urge", "urges", "tempted", "thinking",
    "think", "thought", "thoughts", "considering", "considered", "might", "could", "would",
    "should", "need", "needed", "feel", "felt", "how", "ways", "about", "fantasize",
    "fantasizing", "imagine", "wan", "wana"});
// Fear of one's own urges is ideation, not intent ("I'm scared I'll hurt myself").
constexpr auto kFearWords = std::to_array<std::string_view>({
    "afraid", "scared", "worried", "worry", "fear", "terrified", "frightened"});
constexpr auto kCommitWords = std::to_array<std::string_view>({
    "going", "will", "gonna", "planning", "plan", "decided", "tonight", "tomorrow", "ready",
    "intend"});
constexpr auto kNegators = std::to_array<std::string_view>({
    "not", "never", "no", "nobody", "nothing", "without", "hardly", "nor", "deny", "denies",
    "denied", "denying"});
// Distant past and resolution ("as a teenager ... clean for ten years").
constexpr auto kPastWords = std::to_array<std::string_view>({
    "teenager", "teen", "teens", "kid", "child", "younger", "young", "school", "college",
    "university", "past", "used", "history", "decade", "decades", "childhood"});
// ... unless the same clause says it is recent: "I cut at school today", "an hour ago".
constexpr auto kRecentWords = std::to_array<std::string_view>({
    "today", "tonight", "now", "just", "again", "yesterday", "hour", "hours", "minutes",
    "earlier", "currently", "right", "still"});
constexpr auto kResolvedWords = std::to_array<std::string_view>({
    "clean", "recovered", "recovery", "better", "well", "healed", "healthy", "sober", "since",
    "survived", "grateful", "stable", "happy", "good", "great", "okay", "ok", "fine"});
constexpr auto kRecurringWords = std::to_array<std::string_view>({
    "again", "lately", "recently", "tonight", "today", "relapse", "relapsed", "back"});
// Words after an act that make it figurative or an accident: "killing myself trying to finish
// this", "I could kill myself for forgetting", "cut myself shaving", "burned myself cooking".
constexpr auto kFigurativeTails = std::to_array<std::string_view>({
    "trying", "working", "studying", "laughing", "over", "for", "shaving", "cooking", "chopping",
    "playing", "skating", "running", "falling", "baking", "gardening", "training", "lifting",
    "slicing", "accidentally", "by", "while"});
constexpr auto kFigurativeWith = std::to_array<std::string_view>({
    "work", "homework", "studying", "exercise", "worry", "worrying", "stress", "laughter",
    "overtime", "training", "a", "the", "paper", "scissors"});
constexpr auto kIdiomTails = std::to_array<std::string_view>({
    "embarrassment", "laughter", "laughing", "shame", "cringe", "boredom", "cuteness",
    "happiness", "excitement", "jealousy", "envy", "curiosity"});

bool has_self_word(const std::vector<RuleToken>& t, std::size_t first, std::size_t last) {
    for (std::size_t i = first; i <= last; ++i)
        if (in(kSelfWords, t[i].text)) return true;
    return false;
}

// The nearest word before `first` in its clause that names who the phrase is about.
enum class Who { self, other, unknown };
Who subject_before(const std::vector<RuleToken>& t, std::size_t first) {
    for (std::size_t back = 1; back <= 10 && back <= first; ++back) {
        const RuleToken& w = t[first - back];
        if (w.clause != t[first].clause) break;
        if (in(kSelfWords, w.text)) return Who::self;
        if (in(kOtherWords, w.text)) return Who::other;
    }
    return Who::unknown;
}

bool negated(const std::vector<RuleToken>& t, std::size_t first, std::size_t last) {
    if (negated_before(t, first, 5)) return true;
    for (std::size_t back = 1; back <= 5 && back <= first; ++back) {
        const RuleToken& w = t[first - back];
        if (w.clause != t[first].clause) break;
        if (w.text == "deny" || w.text == "denies" || w.text == "denied" || w.text == "denying") return true;
    }
    for (std::size_t i = first + 1; i <= last; ++i)
        if (in(kNegators, t[i].text)) return true;
    return false;
}

// What the words before an act make of it.
CrisisLevel act_level(const std::vector<RuleToken>& t, std::size_t first, CrisisLevel plain) {
    bool wish = false, commit = false, fear = false;
    for (std::size_t back = 1; back <= 6 && back <= first; ++back) {
        const RuleToken& w = t[first - back];
        if (w.clause != t[first].clause) break;
        commit = commit || in(kCommitWords, w.text);
        wish = wish || in(kWishWords, w.text);
        fear = fear || in(kFearWords, w.text);
    }
    if (fear) return plain == L::behavior ? L::active : std::min(plain, L::active);
    if (commit) return std::max(plain == L::behavior ? L::active : plain, L::plan);
    if (wish) return plain == L::behavior ? L::active : plain;
    // A bare "to" ("how to", "ways to", "easy to") or an -ing form with no subject is talk
    // of the act, not the act.
    if (first > 0 && t[first - 1].text == "to" && t[first - 1].clause == t[first].clause)
        return plain == L::behavior ? L::active : plain;
    return plain;
}

// An act said in passing or by accident (see kFigurativeTails).
bool figurative(const std::vector<RuleToken>& t, std::size_t first, std::size_t last) {
    if (first > 0 && t[first - 1].text == "accidentally") return true;
    if (last + 1 >= t.size() || t[last + 1].sentence != t[last].sentence) return false;
    const std::string& next = t[last + 1].text;
    const std::string_view after = last + 2 < t.size() && t[last + 2].sentence == t[last].sentence ? std::string_view(t[last + 2].text) : "";
    if (in(kFigurativeTails, next)) return true;
    if (next == "with" && in(kFigurativeWith, after)) return true;
    if (next == "on" && (after == "a" || after == "an")) return true;  // "cut myself on a nail"
    return false;
}

bool sentence_has(const std::vector<RuleToken>& t, std::size_t at, auto&& words) {
    const auto s = t[at].sentence;
    for (std::size_t i = at; i-- > 0 && t[i].sentence == s;)
        if (in(words, t[i].text)) return true;
    for (std::size_t i = at; i < t.size() && t[i].sentence == s; ++i)
        if (in(words, t[i].text)) return true;
    return false;
}

bool text_has(const std::vector<RuleToken>& t, auto&& words) {
    for (const auto& w : t)
        if (in(words, w.text)) return true;
    return false;
}

// A year ("in 2015"), an age ("at 16", "when i was 14") or a distant-past word.
bool distant_past(const std::vector<RuleToken>& t, std::size_t at) {
    for (std::size_t i = at; i-- > 0 && t[i].clause == t[at].clause;)
        if (in(kRecentWords, t[i].text)) return false;
    for (std::size_t i = at; i < t.size() && t[i].clause == t[at].clause; ++i)
        if (in(kRecentWords, t[i].text)) return false;
    if (sentence_has(t, at, kPastWords)) return true;
    const auto s = t[at].sentence;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].sentence != s) continue;
        const auto& w = t[i].text;
        if (w == "ago" && i > 0 && (t[i - 1].text == "years" || t[i - 1].text == "months" || t[i - 1].text == "decades" ||
                                    t[i - 1].text == "long" || t[i - 1].text == "year"))
            return true;
        const bool number = !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!number || i == 0) continue;
        const auto& prev = t[i - 1].text;
        if (prev == "in" || prev == "at" || prev == "was" || prev == "age" || prev == "aged") return true;
    }
    return false;
}

struct Found {
    std::size_t first, last;
    CrisisLevel level;
    float confidence;
    bool self_harm;
    bool context_only;
};

}  // namespace

CrisisAssessment assess_crisis_normalized(std::string_view normalized) {
    CrisisAssessment out;
    out.confidence = 1;
    const auto tokens = rule_tokens(normalized);
    std::vector<PhraseMatch> matches;
    phrase_set().match(tokens, matches);
    if (matches.empty()) return out;

    std::vector<Found> found;
    float suppressed = 0;
    const bool resolved = text_has(tokens, kResolvedWords) && !text_has(tokens, kRecurringWords);
    for (const auto& m : matches) {
        const Rule& r = kRules[m.rule];
        const bool mine = has_self_word(tokens, m.first, m.last);
        auto drop = [&] { suppressed = std::max(suppressed, r.confidence); };
        if ((r.flags & kNegatable) && negated(tokens, m.first, m.last)) { drop(); continue; }
        const Who who = subject_before(tokens, m.first);
        if (!mine && who == Who::other) { drop(); continue; }
        if (!mine && who != Who::self && sentence_has(tokens, m.first, kMediaWords)) { drop(); continue; }
        if (m.last + 2 < tokens.size() && tokens[m.last + 1].sentence == tokens[m.last].sentence &&
            (tokens[m.last + 1].text == "of" || tokens[m.last + 1].text == "from" || in(kIdiomTails, tokens[m.last + 1].text)) &&
            (in(kIdiomTails, tokens[m.last + 1].text) || in(kIdiomTails, tokens[m.last + 2].text))) {
            drop();
            continue;
        }
        if ((r.flags & kAct) && figurative(tokens, m.first, m.last)) { drop(); continue; }
        CrisisLevel level = (r.flags & kAct) ? act_level(tokens, m.first, r.level) : r.level;
        float confidence = r.confidence;
        if (distant_past(tokens, m.first)) {
            if (resolved) { drop(); continue; }
            level = std::min(level, L::passive);  // history, unresolved: a human should still see it
            confidence = 0.4f;
        }
        found.push_back({m.first, m.last, level, confidence, (r.flags & kSelfHarm) != 0, (r.flags & kContext) != 0});
    }
    const bool any_direct = std::any_of(found.begin(), found.end(), [](const Found& f) { return !f.context_only; });
    std::erase_if(found, [&](const Found& f) { return f.context_only && !any_direct; });
    if (found.empty()) {
        out.confidence = 1.0 - 0.5 * suppressed;
        return out;
    }
    for (const auto& f : found) out.level = std::max(out.level, f.level);
    out.confidence = 0;  // the strongest single piece of evidence for the level
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.first < b.first || (a.first == b.first && a.last > b.last); });
    std::size_t covered_to = 0;
    bool any = false;
    for (const auto& f : found) {
        if (f.level == out.level) out.confidence = std::max<double>(out.confidence, f.confidence);
        out.self_harm = out.self_harm || f.self_harm;
        if (any && f.last <= covered_to) continue;  // inside a phrase already cited
        out.evidence.emplace_back(span_text(normalized, tokens, f.first, f.last));
        covered_to = f.last;
        any = true;
    }
    return out;
}

Result<CrisisAssessment> assess_crisis(std::string_view utf8) {
    auto norm = normalize(utf8);
    if (!norm) return norm.status();
    return assess_crisis_normalized(*norm);
}

}  // namespace attune::text
