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
//                 past in the sentence ("years ago", "in 2015", "when I was 16") and nothing
//                 recurring anywhere in the text ("again", "lately", "the same"), or a
//                 past act beside words of recovery ("I was suicidal after the divorce,
//                 therapy helped, I'm in a good place now", "a survivor of an attempt")
// Acts ("cut myself", "kill myself") take their level from the words around them: a wish,
// thought or fear ("want to", "thinking about", "scared I'll") is active, a commitment or a
// time ("going to", "on Saturday") is a plan, and a plain first-person act is behaviour.
// Means and preparations that are innocent alone ("bought a rope", "gave away my cat") count
// only beside another risk phrase, or when two different ones agree.
#include "text/crisis.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "text/phrase_rules.hpp"

namespace attune::text {

namespace {

using L = CrisisLevel;

enum Flag : unsigned {
    kNegatable = 1u << 0,  // a negator before or inside the phrase cancels it
    kAct = 1u << 1,        // an act: the level follows the words before it (see above)
    kContext = 1u << 2,    // counts only beside another risk phrase in the text
    kSelfHarm = 1u << 3,   // self-injury
    kInjury = 1u << 4,     // self-injury when it resolves to behaviour (an attempt carried out)
    kNeedsSelf = 1u << 5,  // only about the writer: me/my/myself in it, or "I" as its subject
    kRecent = 1u << 6,     // only with a word of recency in the sentence ("just", "an hour ago"),
                           // and not as treatment ("took two ibuprofen for my headache")
    kTopic = 1u << 7,      // a bare noun for the topic ("self-harm", "overdose"): not in a question
                           // that says nothing of the writer ("Is DBT any good for self-harm?")
    kFarewell = 1u << 8,   // a goodbye: not before a journey or a move ("goodbye letters to my host
                           // family before I fly home"), unless it names suicide
    kTreatment = 1u << 9,  // a dose: not when taken as treatment ("how many ibuprofen can I take
                           // for a toothache", "took 40 mg as prescribed")
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
        {"self", {"myself", "meself", "myslef", "mysef", "myselfe", "mself", "myselff"}},
        {"kill", {"kill", "kil", "killing", "kiling", "killin", "killng", "kll", "unalive", "unaliving"}},
        {"suicide", {"suicide", "suicidal", "suicid*", "sucide", "suicde", "suiside", "sucidal",
                     "suisidal", "suicdal", "sewerslide", "sewer-slide", "suicidally", "suicdie", "suicidial"}},
        {"want", {"want", "wanted", "wanting", "wish", "wished", "wishing", "wan", "wana", "whish", "wnt", "wnat", "wnna"}},
        {"could", {"could", "culd", "cud", "coud", "cld", "would", "wuld", "was", "were"}},
        {"die", {"die", "dead", "diee", "ded", "dying", "deade", "deadd", "deaad", "daed", "deid"}},
        {"harm", {"scrape", "scraped", "scraping", "cut", "cutt", "cutting", "bite", "bit", "biting", "dug", "dig", "digging", "cuts", "burn", "burned", "burnt", "burning", "hurt",
                  "hurting", "harm", "harmed", "harming", "scratch", "scratched", "scratching",
                  "carve", "carved", "carving", "hit", "hitting", "punch", "punched", "punching", "burnd",
                  "starve", "starving", "bruise", "bruised", "injure", "injured", "injuring",
                  "slice", "sliced", "slicing", "stab", "stabbed"}},
        {"pills", {"pills", "pill", "pils", "pillz", "tablet", "tablets", "strip", "blister", "meds", "medication", "medications", "paracetamol",
                   "tylenol", "acetaminophen", "ibuprofen", "aspirin", "sleeping", "xanax",
                   "antidepressants", "painkillers", "insulin", "opioids", "oxy", "medicine",
                   "prescription", "perscription", "persciption", "prescriptions", "sleeping-pills", "benzos", "lithium", "oxycodone", "quetiapine",
                   "amitriptyline", "sertraline", "codeine", "morphine", "diazepam", "zopiclone",
                   "fluoxetine", "citalopram", "tramadol", "fentanyl", "heroin", "methadone", "dosette", "olanzapine",
                   "clozapine", "risperidone", "mirtazapine", "venlafaxine", "pregabalin", "gabapentin",
                   "propranolol", "zolpidem", "temazepam", "lorazepam", "promethazine", "co-codamol", "cocodamol",
                   "pentobarbital", "pentobarbitone", "nembutal", "phenobarbital",
                   "naproxen", "nurofen", "panadol", "benadryl", "antihistamines", "sleepers"}},
        {"lots", {"whole", "every", "bunch", "handful", "entire", "box", "bottle", "packet", "pack",
                  "dozen", "fistful", "everything", "month's", "stash", "load", "loads", "heap", "ton", "tons", "lot",
                  "boxes", "bottles", "packets", "packs", "strips"}},
        {"attempt", {"tried", "try", "trying", "attempted", "attempt", "attempting", "tryed", "tryd", "attemted", "attemped", "atempted"}},
        {"thinking", {"thinking", "thinkin", "thinkn", "think", "thought", "thoughts",
                      "considering", "considered", "contemplating", "fantasizing", "fantasising",
                      "imagining", "obsessing", "picturing", "planning", "thots", "wonder",
                      "wondered", "wondering"}},
        {"means", {"rope", "noose", "gun", "pistol", "rifle", "revolver", "handgun", "shotgun", "razor", "razors", "blade",
                   "blades", "bullets", "bullet", "pills", "poison", "charcoal", "tablets", "bleach", "helium", "fentanyl",
                   "ligature", "sniper"}},
        {"better", {"better", "happier", "easier", "lighter", "fine", "relieved", "kinder", "free", "mercy"}},
        {"did", {"stood", "went", "climbed", "drove", "walked", "ran", "stepped", "poured", "sat",
                 "jumped", "took", "swallowed", "crashed", "tied", "held", "put", "got", "was",
                 "tried", "drank", "cut"}},
        {"tool", {"blade", "razor", "spoon", "lighter", "lightr", "knife", "scissors", "glass", "compass", "cutter",
                  "sharpener", "needle", "pin", "iron", "cigarette", "match", "lighter's"}},
        {"timeword", {"tonight", "tomorrow", "tonite", "tmrw", "weekend", "frday", "fri", "payday", "birthday", "bday", "b-day", "anniversary", "monday", "tuesday",
                      "wednesday", "thursday", "friday", "saturday", "sunday", "morning", "easter", "christmas"}},
        {"hope", {"want", "wanted", "wanting", "wish", "wished", "wishing", "wishes", "hope", "hoping", "hopes", "hopeing", "whish",
                   "pray", "praying", "prayed", "rather", "longing", "yearn", "yearning",
                   "ready", "welcome", "wan", "wana", "wanna", "wishin", "hopin"}},
        {"death", {"die", "dead", "death", "ded", "dying", "diee", "perish", "deid"}},
        {"act", {"took", "tooke", "swallowed", "downed", "cut", "slit", "burned", "burnt", "jumped",
                 "hanged", "hung", "overdosed", "injected", "drank", "slashed", "stabbed",
                 "ate", "tied", "inhaled", "carved"}},
        {"means2", {"pills", "pill", "tablets", "meds", "medication", "medicine", "paracetamol",
                    "tylenol", "acetaminophen", "ibuprofen", "aspirin", "xanax", "insulin",
                    "antidepressants", "painkillers", "opioids", "bottle", "razor", "blade",
                    "blades", "knife", "rope", "bleach", "noose", "lighter", "cigarette", "glass",
                    "scissors", "belt", "poison", "antifreeze", "benzos", "lithium"}},
        {"body", {"arm", "arms", "wrist", "wrists", "leg", "legs", "thigh", "thighs", "skin",
                  "stomach", "belly", "hip", "hips", "face", "chest", "ankle", "ankles", "neck",
                  "fingers", "hand", "hands", "shoulder", "shoulders", "palm", "palms", "forearm", "forearms"}},
        // body parts an injury's result is named on ("scrubbed my shin until it was raw"); wider than
        // @body, whose acts ("hurt my knee") are often accidents
        {"limb", {"arm", "arms", "wrist", "wrists", "leg", "legs", "thigh", "thighs", "skin", "stomach",
                  "belly", "hip", "hips", "face", "chest", "ankle", "ankles", "neck", "fingers", "hand",
                  "hands", "shoulder", "shoulders", "palm", "palms", "forearm", "forearms", "shin", "shins",
                  "knuckles", "knuckle", "calf", "calves", "foot", "feet", "fingertip", "fingertips",
                  "finger", "knee", "knees", "scalp", "lip", "lips", "cheek", "cheeks", "toes", "elbow", "elbows",
                  "head"}},
        {"recent", {"just", "tonight", "minutes", "hour", "hours", "ago", "earlier", "now",
                    "today", "yesterday", "tonite"}},
        // self-punishment by hunger or exercise ("a punishment run", "skip meals to punish myself")
        {"penance", {"punishment", "punish", "punishing", "punished"}},
        {"selfpunish", {"skip", "skipped", "skipping", "starve", "starved", "starving", "fast", "fasted",
                        "fasting", "run", "ran", "running", "burpees", "exercise", "exercised",
                        "exercising", "workout", "purge", "purged", "purging", "eating", "meals", "meal"}},
        {"selftool", {"razor", "razors", "blade", "blades", "compass", "sharpener", "lighter"}},
        {"interrupted", {"stopped", "pulled", "grabbed", "found", "talked", "made", "took",
                         "snatched", "knocked", "called", "stoped", "wrestled"}},
    };
    return kSets;
}

// The table. Confidence is the rules' belief that the phrase, once past the guards, means
// what its level says: explicit statements near 0.9, indirect ones lower.
constexpr auto kRules = std::to_array<Rule>({
    // ---- passive: a wish to be dead or not to wake up
    {"@want to ~2 @die", L::passive, 0.85f, kNegatable},
    {"@want i ~1 @could ~1 @die", L::passive, 0.85f, kNegatable},
    {"@want i ~2 died", L::passive, 0.85f, kNegatable},
    {"@want i ~3 never ~2 born|existed|bron|borned|exsisted|excisted|exisited", L::passive, 0.8f, 0},  // its own "never" is no denial
    {"@want i ~2 not exist|born", L::passive, 0.8f, 0},
    {"@want i was|were unalive", L::passive, 0.8f, kNegatable},
    {"@want 2|too ~2 @die", L::passive, 0.75f, kNegatable},  // "i wnt 2 b dead"
    {"would like to be dead", L::passive, 0.8f, kNegatable},
    // envy of the dead: "jealous of people who died young", "he gets to be dead and I have to keep going"
    {"jealous|envious|envy ~4 dead|died $", L::passive, 0.65f, kNegatable | kNeedsSelf},
    {"jealous|envious|envy ~4 dead people|ppl|ones", L::passive, 0.65f, kNegatable | kNeedsSelf},
    {"gets|get to be dead ~4 i ~1 have to", L::passive, 0.65f, 0},
    {"@want ~1 to not|never ~2 exist|here|around|alive|wake", L::passive, 0.8f, 0},
    {"@hope ~6 heart|body ~3 stop|stops|give|gives|quit|quits|fail|fails", L::passive, 0.75f, kNegatable},
    {"rather ~1 be ~1 @die", L::passive, 0.8f, kNegatable},
    {"rather die", L::passive, 0.8f, kNegatable},
    {"ready to @die", L::passive, 0.75f, kNegatable},
    {"better off dead|@die", L::passive, 0.85f, kNegatable},
    {"better ~2 without|w/o|wo me", L::passive, 0.75f, 0},
    {"@better ~2 if i ~3 dead|gone|died|disappeared|@die", L::passive, 0.75f, 0},
    {"@better ~2 if i ~3 not|never ~2 here|around|alive|exist|born|existed", L::passive, 0.75f, 0},
    {"@want i ~1 was|were|wasnt not ~2 alive|around|here|born $", L::passive, 0.7f, 0},
    {"if i ~1 died|die ~4 @better|relief|mercy|mind", L::passive, 0.7f, kNegatable},
    {"relief|relieved|relievd|mercy ~4 @die|dying", L::passive, 0.7f, kNegatable},
    {"die|dying in my sleep", L::passive, 0.65f, kNegatable},
    {"not want to ~2 wake|waking|wak up", L::passive, 0.85f, 0},
    {"hope|hoping|pray|praying|wish|wishing|want ~6 not|never wake|waking up", L::passive, 0.85f, 0},
    {"so|and i ~1 not|never wake up", L::passive, 0.7f, 0},
    {"sleep ~1 and ~2 never|not wake|waking up", L::passive, 0.8f, 0},
    {"sleep ~4 and ~1 never|not wake|get ?up $", L::passive, 0.7f, kNeedsSelf},  // "sleep on this bench and never get up"
    {"close my eyes and ~1 never|not open", L::passive, 0.75f, 0},
    {"sleep forever", L::passive, 0.6f, kNegatable},
    {"not want to ~2 alive|exist|live|living $", L::passive, 0.85f, 0},
    {"not want to ~2 alive|exist|live|living|here|around anymore|longer|any", L::passive, 0.85f, 0},
    {"not want to ~2 be here $", L::passive, 0.55f, 0},
    {"stop existing|breathing", L::passive, 0.75f, kNegatable},
    {"stop being alive", L::passive, 0.75f, kNegatable},
    {"want|wants|wanting to ~1 stop living", L::passive, 0.8f, kNegatable},
    {"no longer want|wish to ~2 live|living|alive|exist", L::passive, 0.85f, 0},
    {"no longer want|wish to ~2 go on", L::passive, 0.8f, 0},
    {"if i ~2 stopped|stop being|existing|living $", L::passive, 0.65f, kNegatable},
    {"me not existing|exsisting", L::passive, 0.6f, kNegatable},
    {"want|wanting to ~1 cease to exist", L::passive, 0.8f, kNegatable},
    {"want ~1 to disappear forever", L::passive, 0.6f, kNegatable},
    {"done|finished with ~1 living|life|existing", L::passive, 0.65f, kNegatable},
    {"done ~3 being alive|here", L::passive, 0.65f, kNegatable},
    {"done living|existing", L::passive, 0.7f, kNegatable},
    {"no|nothing ~1 reason|point to ~1 live|living|exist|alive", L::passive, 0.75f, 0},
    {"no|nothing ~1 reason|point to ~1 go|keep|carry on|going $", L::passive, 0.7f, 0},
    {"nothing ~2 to live for", L::passive, 0.8f, 0},
    {"no point ~2 living|life|existing|alive", L::passive, 0.75f, 0},
    {"not see ~1 the|a|any point ~2 living|life|existing|alive", L::passive, 0.7f, 0},
    {"no point ~2 going|carrying on $", L::passive, 0.7f, 0},
    {"what is the point ~2 living|life|existing|alive", L::passive, 0.6f, 0},
    {"what is the point ~2 going on $", L::passive, 0.6f, 0},
    {"life ~1 is not worth ~1 living|it", L::passive, 0.75f, 0},
    {"not worth living", L::passive, 0.75f, 0},
    {"tired|sick of ~1 living|alive|existing|life|breathing", L::passive, 0.7f, kNegatable},
    {"tired|sick of waking up", L::passive, 0.6f, kNegatable},
    {"not mind ~1 if i ~3 died|dead|die|gone|disappeared", L::passive, 0.75f, 0},
    {"not mind ~1 if i ~3 not wake", L::passive, 0.75f, 0},
    {"not mind ~1 dying|death", L::passive, 0.75f, 0},
    {"hope|hopes|hoping|wish|wishes|wishing|pray|prays|praying ~8 hits|hit|kills|kill|runs|run|finish|finishes|take|takes me", L::passive, 0.6f, kNegatable},
    {"deserve to @die", L::passive, 0.75f, kNegatable},
    {"should ~1 just @die", L::passive, 0.7f, kNegatable},
    {"nobody|noone would ~1 miss me", L::passive, 0.55f, 0},
    {"no one would ~1 miss me", L::passive, 0.55f, 0},
    {"nobody|noone would ~1 notice|care ~3 gone|dead|died|disappeared", L::passive, 0.55f, 0},
    {"no one would ~1 notice|care ~3 gone|dead|died|disappeared", L::passive, 0.55f, 0},
    {"want ~1 it ~2 to end|stop $", L::passive, 0.55f, kNegatable},
    {"want everything to end|stop", L::passive, 0.6f, kNegatable},
    {"thinking|thoughts|think about|of ~1 death|dying|dead", L::passive, 0.6f, kNegatable},
    // broader: a wish and death in one clause, about the writer
    {"@hope ~5 @death", L::passive, 0.7f, kNegatable | kNeedsSelf},
    {"@hope i ~3 gone|disappear|disappeared|vanish|vanished|unalive|nonexistent !to !for !somewhere !abroad !into !off", L::passive, 0.7f, kNegatable},
    {"@hope i ~3 gone|disappear|vanish for good|ever", L::passive, 0.7f, kNegatable},
    {"rest|sleep forever|eternally", L::passive, 0.6f, kNegatable | kNeedsSelf},
    {"eternal sleep|rest", L::passive, 0.6f, kNegatable | kNeedsSelf},
    {"sleep for good", L::passive, 0.65f, kNegatable | kNeedsSelf},
    {"@hope ~9 not|never wake|waking up", L::passive, 0.85f, 0},
    {"@hope ~9 not|never wakeup", L::passive, 0.8f, 0},
    {"@hope i ~1 not have to ~1 face|see|live|survive ~1 another|tomorrow", L::passive, 0.65f, 0},
    {"@hope it ~1 been me", L::passive, 0.65f, kNegatable},
    {"world ~6 without me", L::passive, 0.6f, kNegatable},
    {"@hope i ~2 not alive|here|around|woken|woke|exist|exsist", L::passive, 0.8f, 0},
    {"@hope ~1 not to be alive|here|around", L::passive, 0.8f, 0},
    {"disappointed|sad|upset|angry|annoyed|furious|gutted|devastated ~2 that i ~2 woke|woken up", L::passive, 0.7f, kNegatable},
    // "I am not feeling to live", "I don't want to live only" (Indian English), "if I didnae wake up the morra I'd be glad"
    {"not feeling to live|go", L::passive, 0.75f, 0},
    {"not want to live only|anymore|again", L::passive, 0.8f, 0},
    {"if i ~1 not|didnae|never wake|woke ~8 glad|happy|relieved|fine|okay|grateful", L::passive, 0.7f, 0},
    {"why am i still alive|here", L::passive, 0.7f, 0},
    {"not ~1 have to be here|alive|around anymore|any", L::passive, 0.7f, 0},
    {"if i ~2 not exist|existed|exsist", L::passive, 0.6f, 0},
    {"to not exist|exsist", L::passive, 0.6f, kNeedsSelf},
    {"let me die", L::passive, 0.75f, kNegatable},
    // a prayer to die: "I pray God takes me in my sleep", "ready for the Lord to call me home"
    {"god|lord|allah|jesus|almighty ~6 take|takes|gather|gathers|collect|collects me", L::passive, 0.7f, kNegatable},
    {"god|lord|allah|jesus|almighty ~4 stop|stops my breath|breathing|heart", L::passive, 0.7f, kNegatable},
    {"pray|prays|praying|prayed|hope|hoping|wish|wishing to be taken", L::passive, 0.7f, kNegatable | kNeedsSelf},
    {"@hope ~4 to not|never see the|another morning|dawn|tomorrow", L::passive, 0.7f, 0},
    {"come ~2 take me with her|him|them $", L::passive, 0.6f, kNegatable},
    {"god|lord|allah|jesus|almighty ~4 call|calls me home", L::passive, 0.7f, kNegatable},
    {"take|takes my soul|life", L::passive, 0.65f, kNegatable},
    {"take|takes me in my sleep", L::passive, 0.7f, kNegatable},
    {"hope|hopes|hoping|pray|prays|praying ~2 he|she ~1 call|calls|take|takes me home", L::passive, 0.6f, kNegatable},
    {"grim reaper ~4 me", L::passive, 0.6f, kNegatable | kNeedsSelf},
    {"relieved|glad|happy ~8 only ~1 weeks|months|days left", L::passive, 0.6f, kNegatable | kNeedsSelf},
    {"even if ~2 means ~1 being dead|dying", L::passive, 0.6f, kNeedsSelf},
    {"happy|glad|content to die $", L::passive, 0.65f, kNegatable | kNeedsSelf},
    {"better off ~2 with me dead|gone", L::passive, 0.75f, 0},
    {"better|happier|easier ~2 with me dead|gone", L::passive, 0.75f, 0},
    {"should be dead", L::passive, 0.7f, kNeedsSelf},
    {"@want to stay gone|dead", L::passive, 0.7f, kNegatable},  // "why did they bring me round, I wanted to stay gone"
    {"not want to be on this planet|earth", L::passive, 0.75f, 0},
    {"relief|relieved|grateful|glad|blessing|mercy ~3 if i ~1 not|never make|made|survive|survived|wake", L::passive, 0.65f, 0},
    {"would ~8 if i ~1 was|were|am dead|gone $", L::passive, 0.6f, 0},  // "people would finally get a break from me if I was dead"
    {"@hope ~3 copped it", L::passive, 0.6f, kNegatable | kNeedsSelf},
    {"wish-to-be-dead|wish-to-die", L::passive, 0.7f, kNegatable | kTopic},
    {"@hope i ~1 go soon $", L::passive, 0.55f, kNegatable},
    // "that God would end my days", "I'd be grateful to go in my sleep", "just waiting to go now
    // and I hope it's soon", "hoping each night will be the last one"
    {"god|lord|allah|jesus|almighty ~4 end|ends|finish|finishes my days|life", L::passive, 0.7f, kNegatable},
    // "hope it's my last", "happy to be pushing up daisies", "wouldn't mind if the bull got me",
    // "if I didn't come back from the next convoy, I'd be fine with that"
    {"@hope ~2 it is my last|final $", L::passive, 0.65f, kNegatable | kNeedsSelf},
    {"@hope|happy|glad|ready ~4 pushing up ~1 daisies", L::passive, 0.7f, kNegatable | kNeedsSelf},
    {"not mind if ~4 got|get|gets|kill|kills|killed|took|take|takes me", L::passive, 0.65f, 0},
    {"if i ~1 not|never come|came|got|get|make|made it back|home ~8 fine|okay|ok|alright|relief|relieved|mind", L::passive, 0.6f, 0},
    {"fine|okay|ok|alright ~4 if i ~1 never|not got|get|came|come|made|make it home|back", L::passive, 0.6f, 0},
    {"if i ~1 was|were|am dead|gone ~8 better|spared|happier|easier|relieved", L::passive, 0.7f, 0},
    {"spared ~6 if i ~2 was|were dead|gone", L::passive, 0.7f, 0},
    {"@hope ~8 end my days", L::passive, 0.65f, kNegatable | kNeedsSelf},
    {"@hope|grateful|glad|happy|relieved ~4 go|pass|slip ?away|off in my sleep", L::passive, 0.65f, kNegatable},
    {"waiting to die", L::passive, 0.7f, kNegatable | kNeedsSelf},
    {"waiting to go ~8 hope|hoping|pray|praying|soon", L::passive, 0.6f, kNegatable | kNeedsSelf},
    {"@hope ~3 night|nights|day|days|sleep ~4 the last|final ~1 one $", L::passive, 0.65f, kNegatable | kNeedsSelf},
    // a burden: "losing me would be a gain for them", "one less person to worry about if I was dead"
    {"losing me ~4 gain|relief|blessing|favour|favor|mercy", L::passive, 0.65f, kNegatable},
    {"one less ~6 if i ~2 was|were|am dead|gone", L::passive, 0.6f, 0},
    {"for not|never waking ~1 up", L::passive, 0.6f, kContext | kNeedsSelf},
    // an illness, an accident or a disaster wished on oneself: "I hope the infection spreads
    // and takes me", "I wish the fever would finish the job", "hope it derails with me on it"
    {"hope|hopes|hoping|wish|wishes|wishing|pray|prays|praying ~8 finish|finishes ~1 the job", L::passive, 0.6f, kNegatable | kNeedsSelf},
    {"hope|hopes|hoping|wish|wishes|wishing|pray|prays|praying ~8 with me in|on|inside it", L::passive, 0.65f, kNegatable},
    {"hope|hoping|hoped|wish|wishing|welcome|pray|praying ~3 heart attack", L::passive, 0.6f, kNegatable | kNeedsSelf},
    {"hope|hoping|hoped|wish|wishing ~3 was|is|be cancer|terminal", L::passive, 0.6f, kNegatable | kNeedsSelf},
    {"if ~1 bus|car|train|truck|lorry|plane ~3 hit|hits|killed|crashed|took|takes ~12 mind|care|grateful|glad|relieved|happy", L::passive, 0.55f, kNeedsSelf},
    {"okay|ok|fine|alright|content with ~1 dying|death", L::passive, 0.65f, kNegatable | kNeedsSelf},
    {"okay|ok|fine|alright|content with being dead", L::passive, 0.65f, kNegatable | kNeedsSelf},
    {"mind ~1 being|be dead", L::passive, 0.7f, kNeedsSelf},
    {"@hope ~4 i ~1 not see|make ~1 the|another ~1 morning|tomorrow|day|dawn", L::passive, 0.7f, 0},
    {"@want to be gone $", L::passive, 0.6f, kNegatable | kNeedsSelf},
    {"like|love to ~1 stop being here|alive", L::passive, 0.65f, kNegatable},
    {"nothing ~3 if i ~3 not in|here|around|alive", L::passive, 0.6f, 0},
    {"rest|peace ~4 if i ~2 died|dead|gone|die", L::passive, 0.6f, kNeedsSelf},
    {"not see ~1 another ~1 winter|christmas|birthday|spring|summer|autumn|year", L::passive, 0.6f, kNeedsSelf},
    {"being dead|death ~1 sounds|seems|feels ~2 restful|peaceful|nice|appealing|easier|better|good", L::passive, 0.65f, kNegatable},
    {"relief|relieved ~6 terminal|fatal", L::passive, 0.6f, kNegatable | kNeedsSelf},
    {"month|weeks|months left ~6 relief|relieved", L::passive, 0.6f, kNegatable | kNeedsSelf},
    {"@hope ~6 not recover|survive", L::passive, 0.6f, kNegatable | kNeedsSelf},
    {"why ~3 not i ~2 died|die|dead", L::passive, 0.65f, 0},
    {"let ~2 be my last|final birthday|christmas|year|day|night|breath", L::passive, 0.6f, kNegatable},
    {"six feet|foot under", L::passive, 0.65f, kNegatable | kNeedsSelf},
    {"release of death", L::passive, 0.6f, kNegatable},
    {"@hope ~3 despawn", L::passive, 0.6f, kNegatable},
    {"not care if i ~1 die|died|live|dead", L::passive, 0.7f, 0},
    {"@want to dye $", L::passive, 0.6f, kNegatable},
    {"@want ~2 be unalive", L::passive, 0.8f, kNegatable},
    {"@hope ~5 delete|erase me", L::passive, 0.65f, kNegatable},
    {"death ~3 came|come|comes for me", L::passive, 0.7f, kNegatable},
    {"@hope ~4 fatal|terminal", L::passive, 0.65f, kNegatable | kNeedsSelf},
    {"@better|kinder ~4 if i ~2 died|passed|dead|gone", L::passive, 0.75f, 0},
    // "I can't go on anymore": indirect, so a lower belief, but a companion that reads it as
    // nothing (and then "I'm glad you're safe") fails the person who wrote it.
    {"can not go on ~2 anymore|longer|more", L::passive, 0.6f, kNeedsSelf},
    {"can not go on $", L::passive, 0.55f, kNeedsSelf},
    {"can not carry on ~2 anymore|longer|more", L::passive, 0.6f, kNeedsSelf},
    {"can not keep going|living ~3 anymore|longer|more", L::passive, 0.6f, kNeedsSelf},
    {"give|giving|given up on life|living", L::passive, 0.6f, kNegatable | kNeedsSelf},
    {"if i ~2 got|get|was ~1 hit|run ~8 relieved|relief|glad|grateful", L::passive, 0.6f, kNegatable},
    {"no wish|desire|will to ~2 live|living|alive|go", L::passive, 0.8f, 0},
    {"swap|trade places with ~4 died|dead", L::passive, 0.6f, kNeedsSelf},
    {"@want my life ~2 over|end|ended", L::passive, 0.75f, kNegatable},
    {"not be|being in this world", L::passive, 0.65f, kNeedsSelf},
    {"if i ~2 in the|my ground|grave|coffin", L::passive, 0.65f, kNegatable},
    {"@hope ~3 six feet under", L::passive, 0.7f, kNegatable},
    {"@hope ~3 worm food", L::passive, 0.7f, kNegatable},
    {"@hope ~3 in the|my|a ground|grave|coffin", L::passive, 0.7f, kNegatable},
    {"worm food", L::passive, 0.55f, kNegatable | kNeedsSelf},
    {"@hope i ~1 not make it to|through|past", L::passive, 0.7f, 0},
    {"@hope i ~1 not see|make ~1 tomorrow|tmrw|tmr|tomorow|morning|another", L::passive, 0.7f, 0},
    {"@hope i ~1 was|were not ~1 alive|alvie|alve", L::passive, 0.8f, 0},
    {"@hope ~3 cancer|illness|disease|tumour|tumor ~2 wins|win|takes|take|finishes|hurries", L::passive, 0.65f, kNegatable | kNeedsSelf},
    {"@hope ~3 plane|car|train|bus|ship ~3 crash|crashes|down|sinks", L::passive, 0.6f, kNegatable | kNeedsSelf},
    {"stay asleep ~1 forever|for good", L::passive, 0.7f, kNegatable | kNeedsSelf},
    {"@hope ~8 weeks|days|months to live", L::passive, 0.65f, kNegatable | kNeedsSelf},
    {"disapear|disappear|vanish ~1 from ~1 existence|exsistence|exsistance|existance", L::passive, 0.7f, kNegatable},
    {"@hope ~6 not|never respawn", L::passive, 0.65f, 0},
    {"@hope ~4 lights ~2 go out", L::passive, 0.6f, kNegatable},
    {"out of existence", L::passive, 0.65f, kNegatable | kNeedsSelf},
    {"over being alive|here", L::passive, 0.65f, kNegatable},
    {"unexist|unexisting|nonexist", L::passive, 0.65f, kNegatable},
    {"@hope ~4 big|long|eternal|endless sleep", L::passive, 0.6f, kNegatable},
    {"@hope i ~8 not survive|recover|wake", L::passive, 0.7f, 0},
    {"glad|happy|grateful if ~8 took|take|takes|kill|kills|killed me", L::passive, 0.6f, kNegatable},
    {"had enough of ~1 living|life|being alive|existing", L::passive, 0.65f, kNeedsSelf},
    {"glad|happy|content to be dead|gone", L::passive, 0.7f, kNegatable},
    {"not want this life ~1 anymore|longer", L::passive, 0.65f, 0},
    // "Dying sounds restful", "being dead would be better than being the lad who used to play",
    // "I wish I'd drowned", "let me just be dead", "let me not wake up", "I haven't wanted to be
    // alive for three weeks", "neither of us wants to be alive", "if I go tonight in my sleep, good"
    {"dying|death ~1 sounds|seems|feels ~2 restful|peaceful|nice|appealing|easier|better|good|lovely", L::passive, 0.6f, kNegatable},
    {"being dead ~2 better|easier|nicer|kinder|relief|peaceful", L::passive, 0.65f, kNegatable},
    {"@want i would|had drowned|perished", L::passive, 0.8f, kNegatable},
    {"let me ~2 be dead|gone", L::passive, 0.7f, kNegatable},
    {"let me just die", L::passive, 0.75f, kNegatable},
    {"let me ~1 not|never wake", L::passive, 0.7f, 0},
    {"let me ~1 not|never be here|alive|around", L::passive, 0.7f, 0},
    {"hope|hoping|pray|praying|wish|wishing|want|wanted|wanting ~2 not to wake|waking up", L::passive, 0.8f, 0},
    {"not wanted|wanting to ~2 be alive|exist", L::passive, 0.8f, 0},
    {"not wanted|wanting to ~2 live $", L::passive, 0.8f, 0},
    {"neither ~4 want|wants|wanted to ~1 be alive|exist|live", L::passive, 0.75f, kNeedsSelf},
    {"out of being alive|here", L::passive, 0.6f, 0},
    {"if i ~1 go|went|died|die|pass ~4 in my sleep ~4 good|fine|relief|glad|grateful|okay|ok|happy", L::passive, 0.7f, 0},
    {"@want i would|had never woken|woke", L::passive, 0.8f, 0},
    {"fine|happy|okay|ok|glad ~2 never|not waking up", L::passive, 0.7f, 0},
    {"death|dying would ~1 be ~1 a|an ~1 mercy|relief|blessing|release|gift", L::passive, 0.65f, kNegatable | kNeedsSelf},
    {"would ~1 be nice|good|easier|lovely|peaceful|better|simpler to ~2 be dead|die", L::passive, 0.65f, kNegatable},
    {"better off|better ~2 with me in the ~1 ground|grave", L::passive, 0.75f, 0},
    {"would ~8 if i ~1 was|were|am not alive|around|here", L::passive, 0.6f, 0},
    {"not want to be alive for|through another|one", L::passive, 0.8f, 0},
    // dev23-dev25: "i hope i get hit by a bus", "if I got a terminal diagnosis I'd be glad", "I'd be
    // doing my wife a favour by dying"
    {"@hope i ~1 get|got hit|run by|over ~1 a ~1 bus|car|train|truck|lorry|tram", L::passive, 0.7f, kNegatable},
    {"wnna|wana|wan ~1 @die", L::passive, 0.8f, kNegatable},
    {"if i ~2 got|get ~2 terminal|cancer ~8 glad|relieved|relief|happy|grateful", L::passive, 0.65f, 0},
    {"favour|favor ~3 by dying|disappearing", L::passive, 0.65f, kNegatable | kNeedsSelf},
    // older writers: "I'd like to pop my clogs", "ready to kick the bucket", "death can't come quick
    // enough for me", "I'd welcome it with open arms", "wish it was my last", "the coward's way out"
    {"@hope|like|ready|happy|glad ~4 pop|popping my clogs", L::passive, 0.7f, kNegatable},
    {"@hope|like|ready|happy|glad ~4 kick|kicking the bucket", L::passive, 0.7f, kNegatable},
    {"death|dying|end ~2 can not come quick|quickly|soon|fast enough", L::passive, 0.7f, kNeedsSelf},
    {"welcome|embrace ~2 death|it with open arms", L::passive, 0.6f, kNegatable | kNeedsSelf},
    {"@want ~2 was|were my last|final $", L::passive, 0.6f, kNegatable},
    {"waiting for death", L::passive, 0.6f, kNegatable | kNeedsSelf},

    // ---- active: thoughts of killing oneself, a method included
    {"@kill @self", L::active, 0.9f, kNegatable | kAct},
    {"@kill my self", L::active, 0.9f, kNegatable | kAct},
    {"kms", L::active, 0.85f, kNegatable | kAct},
    {"unalive|unaliving|un-alive @self|me", L::active, 0.85f, kNegatable | kAct},
    {"to unalive|un-alive", L::active, 0.8f, kNegatable | kAct},
    {"self-delete|sewerslide|sewer-slide", L::active, 0.8f, kNegatable | kAct},
    {"self delete", L::active, 0.8f, kNegatable | kAct},
    {"delete myself", L::active, 0.6f, kNegatable},
    {"ctb", L::active, 0.6f, kNegatable | kAct},
    {"to off @self", L::active, 0.8f, kNegatable | kAct},
    {"offing @self", L::active, 0.8f, kNegatable | kAct},
    {"by my own hand", L::active, 0.8f, kNegatable | kAct},
    {"coward's|cowards way out", L::active, 0.7f, kNegatable | kNeedsSelf},
    {"@suicide is all i ~2 think", L::active, 0.8f, 0},
    {"jump|jumping|leap|leaping to my death", L::active, 0.8f, kNegatable | kAct},
    {"to the|a ~1 bridge|viaduct|cliff|cliffs|quarry|roof ~2 and jump", L::active, 0.75f, kNegatable | kAct | kNeedsSelf},
    {"take|taking|swallow|swallowing|drink|drinking ~6 to die", L::active, 0.7f, kNegatable | kAct | kNeedsSelf},
    {"end|ending|endng|take|taking my ?own life|lyfe|lfe", L::active, 0.85f, kNegatable | kAct},
    {"end|ending it all", L::active, 0.85f, kNegatable | kAct},
    {"end|ending everything $", L::active, 0.6f, kNegatable | kAct},
    {"to end it $", L::active, 0.6f, kNegatable | kAct},
    {"commit|committing|commiting|comiting|comitting @suicide", L::active, 0.8f, kNegatable | kAct},
    {"am|feel|feeling|felt|been|getting|get|got|so|really|very|was|being ~2 @suicide", L::active, 0.85f, kNegatable},
    {"@suicide thoughts|ideation|feelings|urges|thinking|urge|again|agin", L::active, 0.85f, kNegatable | kTopic},
    {"@thinking ~3 @suicide", L::active, 0.8f, kNegatable},
    {"@thinking ~3 @kill|ending|end @self", L::active, 0.8f, kNegatable},
    {"@thinking ~4 ending|end my ?own life", L::active, 0.8f, kNegatable},
    {"@thinking ~3 ending|end it $", L::active, 0.7f, kNegatable},
    {"@thinking ~8 overdose|od|overdosing", L::active, 0.7f, kNegatable | kNeedsSelf},
    {"@thinking ~3 stepping|jumping|walking|throwing|lying ~2 onto|off|into|front|under", L::active, 0.75f, kNegatable | kNeedsSelf},
    {"whisper|whispering|whispers ~2 @suicide|die|@kill", L::active, 0.6f, kNegatable | kNeedsSelf},
    {"sewer slide|sliding", L::active, 0.8f, kNegatable | kAct},
    {"@thinking ~3 crashing|driving|steering ~4 into ~3 wall|tree|bridge|river|lorry|truck|oncoming", L::active, 0.75f, kNegatable | kNeedsSelf},
    {"@thinking ~3 drinking|swallowing|drink|swallow ~2 weedkiller|bleach|poison|antifreeze|pesticide|paraquat", L::active, 0.75f, kNegatable | kNeedsSelf},
    {"take|taking|took myself out", L::active, 0.75f, kNegatable | kAct},
    {"@thinking ~3 gassing|gas @self", L::active, 0.75f, kNegatable},
    {"unalive|unaliving thoughts|urges|feelings|ideas", L::active, 0.8f, kNegatable},
    // a method said with its purpose: "I think about climbing it and jumping off to die"
    {"@thinking about|of ~1 climbing|jumping|drinking|swallowing|driving|walking|stepping|taking|hanging|drowning|eating ~6 to die|dying", L::active, 0.7f, kNegatable | kNeedsSelf},
    {"scars ~10 @want ~2 add|make ~1 new|more|fresh", L::active, 0.7f, kNegatable | kSelfHarm | kNeedsSelf},
    {"urge|urges|urged to headbang|headbanging", L::active, 0.7f, kNegatable | kSelfHarm},
    {"urge|urges|urged to ~1 bang|hit ~1 my head", L::active, 0.7f, kNegatable | kSelfHarm},
    {"trains|train|lorry|lorries|bus|buses|truck|trucks ~12 walk|step|jump|throw in front", L::active, 0.65f, kNegatable | kNeedsSelf},
    {"walk|walking|swim|swimming out ~6 and not|never come|coming back", L::plan, 0.7f, kNeedsSelf},
    // "ending things this month", "before I end it on Saturday"; not a relationship ("end things
    // with him")
    {"end|ending it|things !with ~2 this|next week|month|weekend|year", L::plan, 0.7f, kNegatable | kNeedsSelf},
    {"end|ending things !with ~1 on|this|next|tonight|tomorrow|@timeword", L::plan, 0.7f, kNegatable | kNeedsSelf},
    {"before i ~1 end it|things !with", L::plan, 0.7f, kNegatable},
    {"@pills ~8 to end it|things", L::plan, 0.75f, kNegatable | kNeedsSelf},
    {"train|trains ~15 will be on|under the track|tracks|line", L::plan, 0.7f, kNeedsSelf},
    {"check|checking|checked out for good", L::plan, 0.7f, kNegatable | kNeedsSelf},
    {"making|make my exit ~3 @timeword", L::plan, 0.7f, kNegatable | kNeedsSelf},
    {"the one|first ~1 to find me", L::plan, 0.7f, kNeedsSelf},
    {"@pills ~4 sorted|ready|set ~2 for ~1 @timeword", L::plan, 0.7f, kNegatable | kNeedsSelf},
    {"bury me ~3 next|this week|month|@timeword", L::plan, 0.65f, kNeedsSelf},
    {"will have killed @self", L::plan, 0.8f, kNegatable},
    {"intend|intending|plan|planning|mean|meaning to be dead", L::plan, 0.75f, kNegatable | kNeedsSelf},
    {"hang|hanging @self", L::active, 0.9f, kNegatable | kAct},
    {"hung|hanged @self", L::behavior, 0.85f, kNegatable | kAct | kInjury},
    {"slit|slitting|cut|cutting|slash|slashing my ~1 wrists|wrist|throat", L::behavior, 0.9f, kNegatable | kAct | kInjury},
    {"overdose|od", L::active, 0.7f, kNegatable | kAct | kTopic},
    {"overdosing", L::behavior, 0.8f, kNegatable | kAct | kInjury},
    {"jump|jumping off|from|of ~5 bridge|building|roof|cliff|cliffs|balcony|tower|ledge|overpass|floor|park|window|quarry|viaduct|multi-storey|pier|dam|crag|rooftop|flyover|headland", L::active, 0.75f, kNegatable | kAct},
    {"bridge|building|roof|cliff|cliffs|balcony|tower|ledge|overpass ~2 to jump", L::active, 0.7f, kNegatable | kAct},
    {"jump|jumping|step|stepping|walk|walking ~2 in front of ~3 train|bus|car|truck|traffic|lorry|express|tram|subway|tube", L::active, 0.8f, kNegatable | kAct},
    {"drive|driving|crash|crashing ~2 my car ~2 into|off", L::active, 0.6f, kNegatable | kAct},
    {"shoot|shooting|drown|drowning|poison|poisoning|suffocate|starve @self", L::active, 0.85f, kNegatable | kAct},
    {"use|using it|them on @self", L::active, 0.8f, kNegatable | kAct},
    {"how many ~1 @pills ~5 take|kill|die|overdose|enough|lethal|fatal", L::active, 0.75f, kTreatment},
    {"how many of my ~2 @pills ~5 take|kill|die|overdose|enough|lethal|fatal", L::active, 0.75f, kTreatment},
    {"painless|easiest|quickest|quick ~1 way|ways|method|methods ~1 to ~1 die|@suicide", L::active, 0.75f, 0},
    {"painless ~3 die|death|dying|suicide|go", L::active, 0.7f, 0},
    {"how to ~1 @kill @self", L::active, 0.8f, 0},
    {"how to ~1 die|hang|overdose|od $", L::active, 0.75f, 0},
    {"how to end it $", L::active, 0.7f, 0},
    {"lethal|fatal dose", L::active, 0.7f, 0},
    {"looking|looked|googling|googled|researching|researched|searched|searching ~4 overdose|overdoses|noose|lethal|hanging|@suicide", L::active, 0.7f, 0},
    {"swallow|swallowing|take|taking|took|swallowed ~3 all ~3 @pills ~3 at once|over", L::active, 0.7f, kNegatable | kAct | kInjury},
    {"@suicide ~4 on|crossing|in|across my mind|head", L::active, 0.75f, kNegatable},
    {"@suicide as|is ~2 answer|option|solution", L::active, 0.7f, kNegatable | kNeedsSelf},
    {"@suicide as|is ~2 way out", L::active, 0.7f, kNegatable | kNeedsSelf},
    {"@thinking ~3 going|jumping|throwing ~3 over|off the ~1 railing|edge|balcony|bridge|ledge|side", L::active, 0.7f, kNegatable | kNeedsSelf},
    {"@thinking ~4 overdose|overdosing|overdosin|noose", L::active, 0.7f, kNegatable | kNeedsSelf},
    {"enough to kill me", L::active, 0.7f, kNegatable},
    {"walk|walking|walked|step|stepping|stepped into ~1 traffic|road", L::active, 0.75f, kNegatable | kAct},
    {"walk|walking|walked into the ~1 sea|ocean|river|lake ~6 drown|until|never|letting|die", L::active, 0.75f, kNegatable | kAct},
    {"throw|throwing|threw @self off|from|in|under", L::active, 0.85f, kNegatable | kAct},
    {"drive|driving|drove off|into ~2 cliff|cliffs|quay|bridge|road|edge|river|sea|lake|wall|tree", L::active, 0.65f, kNegatable | kAct | kNeedsSelf},
    {"@pills and|to ~1 die|end", L::active, 0.7f, kNegatable | kAct},
    {"eat|eating my gun", L::active, 0.8f, kNegatable},
    {"eat|eating a bullet", L::active, 0.75f, kNegatable | kNeedsSelf},
    {"to|can|gonna|will rope", L::active, 0.75f, kNegatable | kAct},
    {"rope @self", L::active, 0.8f, kNegatable | kAct},
    {"urge to rope", L::active, 0.8f, kNegatable},
    {"to drown|hang $", L::active, 0.7f, kNegatable | kAct | kNeedsSelf},
    {"to jump $", L::active, 0.6f, kNegatable | kAct | kNeedsSelf | kContext},
    {"exhaust ~4 die|kill|way|end", L::active, 0.65f, kNegatable | kNeedsSelf},
    {"logging|log|logged off ~1 permanently|forever", L::active, 0.6f, kNegatable},
    {"logging|log|logged off ~1 for good", L::active, 0.6f, kNegatable},
    {"end|ending my lfie|lif|lyfe", L::active, 0.8f, kNegatable | kAct},
    {"miss ~3 cutting|self-harm|burning|the blade", L::active, 0.7f, kNegatable | kSelfHarm},
    {"enough ~2 to not|never ~1 come back", L::active, 0.7f, kNeedsSelf},
    {"enough ~2 to not|never ~1 wake", L::active, 0.7f, kNeedsSelf},
    {"@suicide ~4 out of my head|mind", L::active, 0.75f, 0},  // "I can't get suicide out of my head"
    {"sui|si thoughts|thots|ideation", L::active, 0.75f, kNegatable | kTopic},
    {"passive si|ideation|suicidality", L::passive, 0.75f, kNegatable | kTopic},
    {"active si|ideation|suicidality", L::active, 0.8f, kNegatable | kTopic},
    // command voices: "the voice is telling me to cut and I really want to"
    {"voice|voices ~4 me to ~1 cut|burn|hurt|harm|scratch", L::active, 0.75f, kNegatable | kSelfHarm},
    {"voice|voices|head|brain|mind ~4 me to ~1 @kill|die|jump|hang|overdose", L::active, 0.75f, kNegatable},
    {"need|needing to cut|burn to|so", L::active, 0.7f, kNegatable | kSelfHarm | kNeedsSelf},
    {"need|needing to cut|burn $", L::active, 0.7f, kNegatable | kSelfHarm | kNeedsSelf},
    {"@thinking|voice|voices ~4 end|take your ?own life", L::active, 0.7f, kNegatable},
    {"@thinking|voice|voices|head|hed|mind|brain ~4 @kill yourself", L::active, 0.7f, kNegatable},
    // ambivalence: "I don't want to self-harm but I really, really want to"
    {"not want to ~1 self-harm|selfharm|cut|sh|hurt ~3 but ~4 want|need to $", L::active, 0.7f, kSelfHarm},

    // ---- self-injury: acts (behaviour unless wished, feared or planned) and urges
    {"@harm @self", L::behavior, 0.85f, kNegatable | kAct | kSelfHarm},
    {"@harm ~3 my @body", L::behavior, 0.8f, kNegatable | kAct | kSelfHarm},
    {"self harmed|harming|injured|injuring|hurting|hurt", L::behavior, 0.8f, kNegatable | kAct | kSelfHarm},
    {"self-harmed|self-harming|selfharmed|selfharmd|self-harmd|selfharming|self-injured|self-injuring", L::behavior, 0.8f, kNegatable | kAct | kSelfHarm},
    {"self harm|injury|injure", L::active, 0.7f, kNegatable | kAct | kSelfHarm | kTopic},
    {"self-harm|selfharm|self-injury|self-injure", L::active, 0.7f, kNegatable | kAct | kSelfHarm | kTopic},
    {"cut|cutt|cutting|cuts ?@self again|tonight|today|earlier|yesterday", L::behavior, 0.75f, kNegatable | kAct | kSelfHarm},
    {"cut|cutting ?@self last night", L::behavior, 0.75f, kNegatable | kAct | kSelfHarm},
    {"keep|kept|started ~1 cutting|burning|hurting", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm},
    {"made ~3 cuts", L::behavior, 0.75f, kNegatable | kAct | kSelfHarm},
    {"gave myself ~2 burns|cuts|bruises|scratches", L::behavior, 0.8f, kNegatable | kAct | kSelfHarm},
    {"cut|cutting deeper|deep|too", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm | kNeedsSelf},
    {"cut|cutting @self deeper|deep|too", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm},
    {"cut|cutting|bleeding ~1 right|now|rn", L::behavior, 0.75f, kNegatable | kAct | kSelfHarm | kNeedsSelf},
    {"cut and bleeding", L::behavior, 0.75f, kNegatable | kSelfHarm},
    {"cutting|burning right now $", L::behavior, 0.75f, kNegatable | kSelfHarm},  // "cutting rn. cant stop"
    {"used|using|use ~3 @tool ~3 on my @body", L::behavior, 0.8f, kNegatable | kAct | kSelfHarm},
    {"@tool ~4 into|on|onto|to my @body", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm | kContext},
    {"held|pressed|put ~1 my @body ~4 stove|burner|flame|iron|lighter|candle|kettle", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm | kContext},
    {"to feel something|pain|anything|real", L::behavior, 0.6f, kSelfHarm | kContext | kNeedsSelf},
    {"to punish @self", L::behavior, 0.6f, kSelfHarm | kContext},
    {"picked ~3 scars ~2 open", L::behavior, 0.75f, kNegatable | kAct | kSelfHarm},
    {"used|using the|a ~1 blade|razor|lighter ~2 again|on", L::behavior, 0.75f, kNegatable | kAct | kSelfHarm},
    {"banging|bang|banged|hitting|hit|smashed|smashing|slammed|slamming my head ~3 wall|walls|floor|desk|tiles|mirror|radiator", L::behavior, 0.75f, kNegatable | kAct | kSelfHarm},
    {"relapsed|relapse ~3 cutting|self-harm|self|sh|self-harming|selfharm|burning|blade|razor", L::behavior, 0.85f, kSelfHarm},
    {"urge|urges ~2 to ~1 cut|self-harm|selfharm|burn|hurt|harm|self|sh|scald|scratch|hit|punch|pick|bite|starve|purge", L::active, 0.85f, kNegatable | kSelfHarm},
    {"urges ~2 cut|cutting|self-harm|sh ~2 back", L::active, 0.8f, kSelfHarm},
    {"@want to ~1 cut|burn|sh|self-harm|selfharm ~1 so|badly|again|tonight|right|bad|deeper|deep", L::active, 0.8f, kNegatable | kSelfHarm},
    {"crave|craving|craves ~3 cutting|blade|razor|self-harm|selfharm|burning|pain|it", L::active, 0.65f, kNegatable | kSelfHarm | kContext},
    {"last cut|burned|self-harmed ~8 crave|craving|want|urge|urges", L::active, 0.75f, kSelfHarm},
    {"@want to ~1 cut|burn|sh|self-harm|selfharm $", L::active, 0.75f, kNegatable | kSelfHarm},
    {"without|clean ~9 close to ~1 giving|relapsing|relapse|cutting", L::active, 0.6f, kSelfHarm | kNeedsSelf},
    {"without ~2 self-harm|self-harming|cutting|harming|sh|burning|hurting ~10 urge|urges|desperate|itching|craving|tempted|want|wanting|pull", L::active, 0.65f, kSelfHarm},
    {"need|needs|want|urge to @harm my ?own body", L::active, 0.7f, kNegatable | kSelfHarm},
    {"not ~2 self-harmed|self-harm|cut|sh|harmed|hurt ~6 but ~3 want|need to", L::active, 0.7f, kSelfHarm},
    {"did|done the ~1 old|usual thing again ~8 cutting|cut|burning|burned|sh|self-harm", L::behavior, 0.7f, kSelfHarm},
    {"took|swallowed|taken everything in the ~1 cupboard|cabinet|house|drawer|box", L::behavior, 0.8f, kNegatable | kInjury},
    {"trying|try|tryna not to ~1 self-injure|self-harm|selfharm|cut|sh|relapse", L::active, 0.7f, kSelfHarm},
    {"did|done ~2 sh|self-harm|selfharm ~1 earlier|today|tonight|again|last|just", L::behavior, 0.75f, kNegatable | kSelfHarm},
    // hunger or exercise as punishment: "skip eating all weekend as punishment", "a punishment
    // run", "ran twelve miles on a broken toe because I deserved the pain"
    {"@selfpunish ~10 @penance", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm | kNeedsSelf},
    {"@penance ~3 @selfpunish", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm | kNeedsSelf},
    {"@selfpunish ~10 deserved|deserve the pain|hurt", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm | kNeedsSelf},
    {"@selfpunish ~10 deserved|deserve to hurt|suffer", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm | kNeedsSelf},
    {"@selfpunish ~12 not deserve", L::behavior, 0.65f, kAct | kSelfHarm | kNeedsSelf},
    {"burpees|exercised|ran|worked ~4 till|until i ~1 threw|puked|vomited|collapsed|fainted", L::behavior, 0.6f, kSelfHarm | kNeedsSelf | kContext},
    {"to pay for ~1 it|eating|what", L::behavior, 0.6f, kSelfHarm | kNeedsSelf | kContext},
    {"scratches|scratch|cuts|nicks|marks ~3 with ~1 a|my|the @selftool", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm},
    {"did|done ~2 thing with the|my ~1 @selftool", L::behavior, 0.7f, kNegatable | kSelfHarm},
    // injury named by what was done: "punched the wall till my knuckles split", "picked at my
    // skin till it bled", "stubbed my cigarette out on my arm", "swallowed a handful of batteries"
    {"punched|punch|punching|hit|hitting|kicked|smashed ~2 wall|walls|door|brick|bricks ~6 till|until ~3 bled|bleed|bleeding|split|broke|cracked", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm | kNeedsSelf},
    {"picked|picking|pick|dug|digging ~2 skin|scabs|scab|wounds|wound|scars|cuticles ~4 till|until ~2 bled|bleed|bleeding|raw", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm},
    {"pulled|pulling|ripped|ripping|tore|tearing out ~4 hair ~6 hurt|purpose|punish|bleed|bled|pain", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm | kNeedsSelf},
    {"stubbed|stubbing|put|putting|pressed|pressing ~3 cigarette|cig|fag|ciggie ~3 on|into my @body", L::behavior, 0.8f, kNegatable | kAct | kSelfHarm},
    {"swallowed|swallow|swallowing|ate ~3 batteries|battery|magnets|screws|nails|glass|razor|razors|blades", L::behavior, 0.75f, kNegatable | kAct | kSelfHarm | kNeedsSelf},
    {"@body ~5 fresh|new cuts|burns|scratches|wounds", L::behavior, 0.65f, kNegatable | kAct | kSelfHarm | kNeedsSelf},
    {"fresh|new cuts|burns|scratches|wounds ~3 on ?my @body", L::behavior, 0.65f, kNegatable | kAct | kSelfHarm},
    {"made myself ~1 throw|sick|vomit|puke", L::behavior, 0.6f, kSelfHarm | kContext},
    {"get|grab|getting|grabbing|got|grabbed ~2 the|my @selftool", L::active, 0.6f, kSelfHarm | kContext | kNeedsSelf},
    {"eaten|eat|ate|eating ~8 not deserve ~1 food|meals", L::behavior, 0.65f, kSelfHarm | kNeedsSelf},
    {"eaten|eat|ate|eating ~8 not deserve to eat", L::behavior, 0.65f, kSelfHarm | kNeedsSelf},
    {"not deserve ~1 food|meals", L::active, 0.6f, kSelfHarm | kNeedsSelf},
    {"not deserve to eat", L::active, 0.6f, kSelfHarm | kNeedsSelf},
    // named by its result or its purpose: "scrubbed my shin with steel wool until it was raw",
    // "I want to snap the elastic on my wrist until it welts", "hit my hand with a meat
    // tenderiser, on purpose", "the burn I gave myself this morning"
    {"my|own @limb ~8 until|till|til it|they ~3 blister|blisters|blistered|welts|welted|bruised|bruises|raw|bled|bleed|bleeds|burned|burnt|burns|peeled|split", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm},
    {"my|own @limb ~10 on purpose", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm},
    {"punched|punching|hit|hitting|slammed|slamming|smashed|smashing|bashed|bashing|bit|biting|scratched|scratching ~4 my own @limb", L::behavior, 0.75f, kNegatable | kAct | kSelfHarm},
    {"went|gone at my @limb with", L::behavior, 0.75f, kNegatable | kSelfHarm},
    {"opened|open|opening up ~3 scars|wounds|cuts|thigh|arm|wrist|skin", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm | kNeedsSelf},
    {"punish @self with ~1 a|the|my @selftool", L::behavior, 0.75f, kNegatable | kAct | kSelfHarm},
    // an urge after a clean spell: "clean from sh for 200 days and I'm craving it tonight",
    // "four years no self harm and today I want to so badly"
    {"clean|free from|of ~1 sh|self-harm|self|cutting|burning ~8 craving|crave|itch|want|wanting", L::active, 0.7f, kSelfHarm},
    {"no ~1 self-harm|self|sh|cutting|burning ~6 want|wanting|craving|itch", L::active, 0.7f, kSelfHarm},
    {"not ~1 burned|burnt|hit|cut|hurt @self since ~8 the ~1 urge|urges|craving|want|wanting", L::active, 0.7f, kSelfHarm},
    {"threw|thrown|flung|hurled @self down|into|against ~4 on purpose", L::behavior, 0.75f, kNegatable | kAct | kSelfHarm},
    {"burn|burns|cut|cuts|bruise|bruises|welts i ~1 gave myself", L::behavior, 0.75f, kNegatable | kSelfHarm},
    {"whipped|whip|whipping|flogged|flogging|lashed|belted @self", L::behavior, 0.75f, kNegatable | kAct | kSelfHarm},
    {"whipped|whip|whipping|flogged|flogging|lashed|belted my ~1 back|@body", L::behavior, 0.75f, kNegatable | kAct | kSelfHarm},

    // ---- plan: intent, a plan, a date, means obtained, preparations, goodbyes
    {"have|got|made|making ~1 a ~1 plan ~4 @kill|die|end|@suicide|it", L::plan, 0.8f, kNegatable},
    {"plan|planning|planned|intend|intending|decided ~1 to ~3 @kill|die|suicide", L::plan, 0.8f, kNegatable},
    {"plan|planning|planned|intend|intending|decided ~1 to ~3 end it|everything|things !with", L::plan, 0.8f, kNegatable},
    {"plan|planning|planned|intend|intending|decided ~1 to ~3 end my ?own life|lyfe|lfe", L::plan, 0.8f, kNegatable},
    {"plan|planning|planned|intend|intending|decided ~1 to ~1 do it", L::plan, 0.7f, kNegatable | kContext},
    {"made up my mind", L::plan, 0.7f, kContext},
    {"made my|the decision", L::plan, 0.7f, kContext},
    {"know|figured ~2 how|when|where ~1 i ~3 do it", L::plan, 0.75f, kContext},
    {"do|doing it @timeword|soon|after", L::plan, 0.75f, kContext},
    {"do it on|this|next|after ~1 @timeword|week|month", L::plan, 0.75f, kContext},
    {"going|gonna to ~1 do it ~3 when|once|after|before", L::plan, 0.7f, kContext},
    {"going|gonna to ~1 use it|them ~3 @timeword|this|tonight|tomorrow", L::plan, 0.75f, kContext},
    {"chosen|chose|decided|know|picked|planned how and when", L::plan, 0.8f, kNegatable},
    {"whoever|who|when|if ~3 finds|find|found my body", L::plan, 0.75f, 0},  // "so the kids aren't the ones who find my body"
    {"date|day|time|plan|plans|method ~2 for|of my @suicide", L::plan, 0.8f, kNegatable},
    {"have|got|made ~2 a|my @suicide plan", L::plan, 0.8f, kNegatable},
    {"after my @suicide", L::plan, 0.75f, kNegatable},
    {"timed|planned|scheduled|booked|arranged my @suicide", L::plan, 0.85f, kNegatable},
    {"countdown to my death|suicide|end", L::plan, 0.8f, kNegatable},
    {"the day|night|date i am going to die|do", L::plan, 0.75f, kNegatable},
    {"will not be alive when ~4 hears|reads|finds|gets|opens|sees|wakes|arrives|comes", L::plan, 0.75f, 0},
    {"antifreeze|weedkiller|bleach|paraquat|pesticide ~12 am|will|going|gonna ~2 drink|drinking|swallow|swallowing it", L::plan, 0.75f, kNeedsSelf},
    {"@pills are|is ~1 counted|ready|sorted", L::plan, 0.65f, kContext},
    {"@pills counted|ready|sorted $", L::plan, 0.65f, kContext},
    {"note|notes|letter|letters written|done|finished $", L::plan, 0.65f, kContext},
    {"wrote|written|writing|left ~1 a|the|my note|notes", L::plan, 0.6f, kContext},
    {"have|got the|my @pills ready|counted|sorted", L::plan, 0.65f, kContext},
    {"am doing it ~2 when|once|after|on|tonight|@timeword", L::plan, 0.7f, kContext},
    {"taking|take them|it tonight|tomorrow|@timeword", L::plan, 0.65f, kContext},
    {"the plan is ~2 @timeword|tonight|tomorrow", L::plan, 0.7f, kContext},
    {"mind is made up", L::plan, 0.7f, kContext},
    {"rope|noose|hose|charcoal|helium|@pills in the car|shed|garage|boot|loft|attic", L::plan, 0.65f, kContext},
    {"going|gonna to take|swallow them|it all !to !with ~4 @timeword|when|after|tonight|tomorrow", L::plan, 0.75f, kNegatable | kNeedsSelf},
    {"take|taking|swallow the lot", L::behavior, 0.7f, kNegatable | kAct | kContext | kInjury},
    {"helium ~6 bag|hood|mask|tubing|tube", L::plan, 0.7f, kNeedsSelf},
    {"exit bag", L::plan, 0.75f, kNegatable},
    {"taped|tape|taping|attached|fitted ~3 to ~1 the exhaust", L::plan, 0.7f, 0},
    {"am dying on|this|next ~1 @timeword|week|weekend|month", L::plan, 0.75f, kNegatable},
    {"am dying tonight|tomorrow", L::plan, 0.75f, kNegatable},
    {"going away for good", L::plan, 0.6f, kContext},
    {"that is it for me $", L::plan, 0.55f, kContext},
    {"it is for me", L::plan, 0.55f, kContext},
    {"for the end $", L::plan, 0.55f, kContext},
    {"the end is ~2 @timeword|tonight|tomorrow", L::plan, 0.65f, kContext},
    {"date|day ~1 picked|set|chosen", L::plan, 0.7f, kContext | kNegatable},
    {"have|got ~4 the date !for", L::plan, 0.6f, kContext | kNegatable},  // not "the date for the move"
    {"waiting for ~4 to ~1 fall asleep", L::plan, 0.6f, kContext},
    {"waiting for ~4 to ~1 leave|sleep", L::plan, 0.6f, kContext},
    {"gave|given|giving ~1 my ~5 to my ~2 brother|sister|friend|mum|mom|neighbour|neighbor|cousin|son|daughter|nephew|niece|grandson|granddaughter", L::plan, 0.55f, kContext},
    {"gave|given ~3 stuff|things|belongings away", L::plan, 0.7f, kContext},
    {"explaining|explain why i ~2 did|do it", L::plan, 0.6f, kContext},
    {"wrote|written|writing|write|left|leave|scheduled ~4 goodbye|suicide|farewell ~1 letter|letters|note|notes|message|messages|emails|texts", L::plan, 0.85f, kNegatable | kFarewell},
    {"@suicide note|notes|letter", L::plan, 0.8f, kNegatable},
    {"note|notes|letters is|are written", L::plan, 0.7f, kContext},
    {"wrote|written|writing ~2 letters|letter|notes to ~2 family|everyone|parents|kids|children|friends|loved", L::plan, 0.7f, kContext},
    {"gave|give|giving|given away ~3 my ~2 things|stuff|belongings|possessions|cat|dog|pets|pet|clothes|games", L::plan, 0.7f, kContext},
    {"gave|given my ~2 to ~3 for good", L::plan, 0.6f, kContext},
    {"look after my ~2 for good", L::plan, 0.7f, kContext},
    {"affairs in order", L::plan, 0.7f, kContext},
    {"said|saying|say ~1 goodbye to ~2 everyone|everybody|family|friends|mom|mum|dad", L::plan, 0.7f, kContext | kFarewell},
    {"this is ~1 my last|final ~1 post|message|msg|text|goodbye|night|day", L::plan, 0.75f, kContext},
    {"last|final night|day alive", L::plan, 0.8f, 0},
    {"last|final night|day|week|weekend|month|christmas|birthday on earth", L::plan, 0.8f, 0},
    {"last|final week|weekend|month|christmas|birthday alive", L::plan, 0.8f, 0},
    {"seen to|made sure of that|it", L::plan, 0.55f, kContext},
    {"have|got ~2 it|everything planned", L::plan, 0.6f, kContext},
    {"after|once|when i am dead|gone", L::plan, 0.7f, 0},
    {"after i ~2 killed|kill @self", L::plan, 0.75f, 0},
    {"will not be alive ~5 next|by|after|much|tomorrow|tonight|@timeword", L::plan, 0.75f, 0},
    {"will not be around|here ~2 longer|after|tomorrow|tonight|morning", L::plan, 0.7f, kContext},
    {"will not need ~2 anything|after", L::plan, 0.65f, kContext},
    {"tonight|tomorrow|@timeword is|'s the night|day", L::plan, 0.75f, kContext},
    {"is the day|night i ~2 @kill|end|die|do", L::plan, 0.75f, kContext},
    {"set|picked|chose|chosen ~1 a|the date|day !for", L::plan, 0.75f, kContext | kNegatable},
    {"set|picked|chose|chosen ~1 a|the date|day for the 1st|2nd|3rd|4th|5th|6th|7th|8th|9th|10th|11th|12th|13th|14th|15th|16th|17th|18th|19th|20th|21st|22nd|23rd|24th|25th|26th|27th|28th|29th|30th|31st", L::plan, 0.75f, kContext | kNegatable},
    {"have|got ~2 everything i need", L::plan, 0.7f, kContext},
    {"bought|bougt|brought|buy|buying|got|getting|have|ordered|stockpiling|stockpiled|saving|saved|hoarding|hoarded|collecting|collected|stashed|hidden|hid ~3 @means|@pills", L::plan, 0.75f, kContext},
    {"stockpiling|stockpiled|hoarding|hoarded|stashing|stashed|saving|saved|storing|stored ~3 @pills", L::plan, 0.8f, kNegatable},
    {"setting|set|putting|put ~3 aside|away ~2 every|each", L::plan, 0.7f, kContext},
    {"enough ~3 hidden|saved|stashed|hoarded|away|aside", L::plan, 0.7f, kContext},
    {"@pills|@means are|is ~2 in my bag|car|drawer|pocket|room", L::plan, 0.7f, kContext},
    {"@pills|@means are|is ~2 in the|my truck|van|boot|shed|garage|wardrobe|glovebox", L::plan, 0.7f, kContext},
    {"@means|@pills in my car|bag|handbag|purse|bedside|drawer|room|pocket|wardrobe|cupboard|closet|shed|garage|boot", L::plan, 0.7f, kContext},
    {"noose|ligature ~3 tied|ready|up|set", L::plan, 0.75f, kContext},
    {"@pills lined up", L::plan, 0.75f, kContext},
    {"tied|tying|made|making ~1 noose", L::plan, 0.85f, 0},
    {"so ?that i can|could ~1 die|overdose|od", L::plan, 0.7f, kContext},
    {"so ?that i can|could ~1 end it", L::plan, 0.75f, kContext},
    {"so ?that i can|could ~1 @kill|hang @self", L::plan, 0.75f, kContext},
    {"is when i ~2 jump|die|@kill", L::plan, 0.75f, 0},
    {"is when i ~2 do|end it", L::plan, 0.75f, 0},
    {"plan is set|made|ready|final|in place", L::plan, 0.7f, kContext},
    {"go|going through with it|suicide", L::plan, 0.7f, kContext},
    {"go|going through with it ~3 next|this|tonight|tomorrow|soon|@timeword", L::plan, 0.75f, kNeedsSelf},
    // stopping food or life-saving medicine in order to die: "starving is the way I've chosen"
    {"refuse|refusing|refused|stopped|stopping|quit ~3 @pills|meals|food|eating|insulin|dialysis|treatment ~10 to die|go|end", L::plan, 0.7f, kNeedsSelf},
    {"starving|starve ~4 the way|how i ~3 chosen|chose|decided|go", L::plan, 0.7f, kNeedsSelf},
    {"over the side ~2 for good|forever", L::active, 0.65f, kAct | kNeedsSelf},
    {"have|got|saved|hoarded|collected|stockpiled|had ~4 enough ~6 to ~1 overdose|od|die|kill", L::plan, 0.75f, kNegatable},
    {"will not see|seeing ~1 the|another|next", L::plan, 0.6f, kContext},
    {"chose|choose|decided|chosen to die", L::plan, 0.75f, kNegatable},
    {"end|ending it ~1 on|this|next|tonight|tomorrow|@timeword", L::plan, 0.75f, kNegatable | kNeedsSelf},
    {"@pills ~2 saved|stockpiled|hoarded|collected|stashed !my !me !lives !life", L::plan, 0.75f, kNegatable},
    {"@pills ~2 saving up", L::plan, 0.75f, kNegatable},
    {"my good bye|goodbye $", L::plan, 0.6f, kContext},
    {"am jumping|overdosing ~4 @timeword", L::plan, 0.7f, kNegatable},
    {"hose|hosepipe|tubing ~4 exhaust", L::plan, 0.7f, kContext},
    {"as the day|date", L::plan, 0.6f, kContext},
    {"goodbye ~2 letter|letters|note|notes|video|videos|message|messages|texts|emails|post", L::plan, 0.8f, kNegatable | kFarewell},
    {"when|after|once i am gone", L::plan, 0.6f, kContext},
    {"wrote|updated|made|finished ~1 my will", L::plan, 0.6f, kContext},
    {"gave|give|giving|sent|handed ~3 passwords|password|pin|bank", L::plan, 0.6f, kContext},
    {"rehome|rehomed|rehoming ~2 cat|dog|pet|pets", L::plan, 0.65f, kContext},
    {"new home for ~2 cat|dog|pet|pets", L::plan, 0.65f, kContext},
    {"loaded ~2 gun", L::plan, 0.7f, kContext},
    {"going|gonna to ~1 be|get on the tracks|rails|line|ledge", L::plan, 0.7f, kNegatable},
    {"when|once i ~1 @kill @self", L::plan, 0.7f, 0},
    {"tested|testing|checked ~2 the ~1 beam|rope|noose|knot|branch|rafter|banister", L::plan, 0.65f, kContext},
    {"engine ~3 with the ~1 hose|pipe", L::plan, 0.7f, kNeedsSelf},
    {"not be needing ~2 them|it|anything|after", L::plan, 0.6f, kContext},
    {"will not be alive to", L::plan, 0.75f, 0},
    {"talk me out of it", L::plan, 0.6f, kContext},
    {"this is my goodbye", L::plan, 0.7f, kContext},
    {"what i am about to do", L::plan, 0.65f, kContext},
    {"do|doing it ~4 on|this|next ~1 @timeword", L::plan, 0.7f, kContext},
    {"take|taking|took|swallow|swallowed them|it all", L::behavior, 0.7f, kNegatable | kAct | kContext | kInjury},
    {"take|taking|took|swallow|swallowed all of them|it", L::behavior, 0.7f, kNegatable | kAct | kContext | kInjury},
    {"take|taking ~2 all the ~2 @pills", L::behavior, 0.7f, kNegatable | kAct | kContext | kInjury},

    // ---- behaviour: an attempt, interrupted attempt or self-injury, now or just now
    {"@attempt ~1 to ~2 @kill @self", L::behavior, 0.85f, kNegatable | kAct | kInjury},
    {"@attempt ~1 to ~2 end|take my ?own life", L::behavior, 0.85f, kNegatable | kAct | kInjury},
    {"@attempt ~1 to end it", L::behavior, 0.75f, kNegatable | kAct | kInjury},
    {"@attempt ~1 to ~1 hang|drown|shoot|poison|strangle|suffocate|electrocute|gas @self", L::behavior, 0.85f, kNegatable | kAct | kInjury},
    {"@attempt ~1 to ~1 overdose|od|die|ctb|unalive", L::behavior, 0.8f, kNegatable | kAct | kInjury},
    {"attempted|attempt|tried @suicide", L::behavior, 0.85f, kNegatable | kAct | kInjury},
    {"@suicide attempt|attempts", L::behavior, 0.8f, kNegatable | kAct | kInjury},
    {"made an attempt", L::behavior, 0.6f, kContext | kInjury},
    {"@did|started ~10 to ~1 jump|drown|hang|die|overdose|suffocate", L::behavior, 0.75f, kNegatable | kNeedsSelf | kInjury},
    {"@did ~8 to ~1 end it", L::behavior, 0.8f, kNegatable | kNeedsSelf | kInjury},
    {"@did ~8 to ~1 @kill @self", L::behavior, 0.8f, kNegatable | kNeedsSelf | kInjury},
    {"@did ~8 to ~1 end my ?own life", L::behavior, 0.8f, kNegatable | kNeedsSelf | kInjury},
    {"meaning|meant|intending to ~1 drown|die|jump|hang", L::behavior, 0.7f, kNegatable | kNeedsSelf | kContext},
    {"meaning|meant|intending to ~1 go over|in $", L::behavior, 0.65f, kNegatable | kNeedsSelf | kContext},
    {"noose|rope|belt|cord ~2 around|round my neck", L::behavior, 0.85f, kNegatable},
    // "put my head through the noose tonight", "stood on the stool with the noose on", "I almost
    // killed myself tonight", "had the pills in my mouth and spat them out"
    {"head|neck through|in|into the|a noose|loop", L::behavior, 0.8f, kNegatable | kNeedsSelf},
    {"with the noose|ligature on|round|around", L::behavior, 0.75f, kNegatable | kNeedsSelf},
    {"almost|nearly killed @self", L::behavior, 0.75f, kNegatable | kAct | kNeedsSelf},
    {"attempted ~3 ago|tonight|earlier|today", L::behavior, 0.75f, kNegatable | kInjury},
    {"spat|spit them|it|the ~1 out", L::behavior, 0.6f, kContext},
    {"@pills into my mouth", L::behavior, 0.7f, kContext},
    {"about to ~2 take them|it", L::behavior, 0.65f, kContext},
    {"before i ~1 swallowed|took|jumped|stepped ~1 any|them|it|off", L::behavior, 0.65f, kContext},
    {"before i jumped", L::behavior, 0.65f, kContext},
    {"got|was|been talked|pulled down|back|off", L::behavior, 0.65f, kContext},
    {"bag over|on my head", L::behavior, 0.7f, kContext},
    {"ripped|tore|pulled it off", L::behavior, 0.6f, kContext},
    {"rope|noose|belt|cord|flex|cable ~2 over|round|around|tied to ~1 the|a banister|beam|hatch|rafter|hook|tree|door", L::behavior, 0.65f, kContext},
    {"gun|barrel|pistol|shotgun|rifle ~1 in|into|against|under my mouth|chest|temple|chin|head", L::behavior, 0.8f, kNegatable | kNeedsSelf},
    {"poured|tipped|emptied ~3 all|the|my ~2 @pills ~6 to take|swallow", L::behavior, 0.7f, kNegatable | kNeedsSelf},
    {"gun ~1 to my head", L::behavior, 0.8f, kNegatable},
    {"engine running", L::behavior, 0.6f, kContext},
    {"until i passed out", L::behavior, 0.6f, kContext},
    {"@interrupted ~3 off|from me", L::behavior, 0.65f, kContext},
    {"saw|found|caught me", L::behavior, 0.5f, kContext},
    {"unalive|suicide attempt", L::behavior, 0.8f, kNegatable | kInjury},
    {"took|taken|swallowed|downed|injected|ate|eaten ~2 @lots ~3 @pills", L::behavior, 0.85f, kNegatable | kAct | kInjury},
    {"took|taken|swallowed|downed|injected ~2 all ~3 @pills ~3 had|house|flat|cupboard|cabinet|left|owned|find|could", L::behavior, 0.8f, kNegatable | kAct | kInjury},
    {"injected ~3 all ~3 insulin", L::behavior, 0.85f, kNegatable | kAct | kInjury},
    {"took|taken|swallowed|downed|injected ~2 all|lot|lots|many ~3 @pills", L::behavior, 0.75f, kNegatable | kAct | kContext | kInjury},
    {"took|tooke|taken|swallowed|downed|ate ~2 #|ten|twelve|fifteen|twenty|thirty|forty|fifty ~2 @pills|of", L::behavior, 0.8f, kNegatable | kAct | kInjury | kTreatment},
    {"took|taken|swallowed ~2 too many ~3 @pills", L::behavior, 0.85f, kNegatable | kAct | kInjury},
    {"swallowed|took|drank|injected|overdosed|cut|burned|burnt|crashed|drove|jumped|hit|slammed|pressed|picked|bit|punched|banged|used|poured|scraped|dug|rubbed|scalded|scratched|stabbed|walked|stepped|ran|tore|ripped|reopened|pulled ~8 on purpose|purpuse|purpos|porpuse", L::behavior, 0.85f, kNegatable | kAct | kInjury | kNeedsSelf},
    {"swallowed|took|drank|injected|overdosed|cut|burned|burnt|crashed|drove|jumped|hit|slammed|pressed|picked|bit|punched|banged|used|poured|scraped|dug|rubbed|scalded|scratched|stabbed|walked|stepped|ran|tore|ripped|reopened|pulled ~8 deliberately|intentionally", L::behavior, 0.85f, kNegatable | kAct | kInjury | kNeedsSelf},
    {"drank|drunk|drink|drinking|swallowed|swallow|consumed|ate ~2 bleach|poison|antifreeze|cleaner|weedkiller|pesticide|paraquat|herbicide|sniper", L::behavior, 0.85f, kNegatable | kAct | kInjury},
    // Irish English "I'm after taking every tablet in the house": just done
    {"am after taking|swallowing|drinking ~3 @lots ~3 @pills", L::behavior, 0.85f, kNegatable | kInjury},
    {"am after taking|swallowing ~2 all|every ~3 @pills", L::behavior, 0.85f, kNegatable | kInjury},
    {"found|caught me ~3 with a|the ligature|noose|rope|hose|pipe|bag|pills|tablets", L::behavior, 0.75f, 0},
    {"about to ~2 take|swallow them|it all", L::behavior, 0.7f, 0},
    {"cut|cuts|burns|burn ~8 glue|steri-strips|steristrips|a&e", L::behavior, 0.65f, kAct | kSelfHarm},
    {"last night 's ~1 cuts|burns|wounds", L::behavior, 0.7f, kSelfHarm},
    {"yesterday|tonight|today 's ~1 cuts|burns|wounds", L::behavior, 0.7f, kSelfHarm},
    {"cut|burned|burnt after|before|during ~3 today|tonight|earlier|again", L::behavior, 0.65f, kSelfHarm},
    {"used ~3 @tool on my ?own @body", L::behavior, 0.75f, kNegatable | kAct | kSelfHarm},
    {"whacked|hit|banged|punched|smashed my @body|knee|knees|head ~6 over and over", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm},
    {"overdosed|oded|overdosd|odd", L::behavior, 0.85f, kNegatable | kAct | kInjury},
    // "od'd" is read "od would": "od'd on my meds last night" (not "an od would kill me")
    {"od would !kill !be !work !do !mean !help !take !cause !make", L::behavior, 0.85f, kNegatable | kAct | kInjury},
    {"took|taken|take an ~1 overdose|od", L::behavior, 0.85f, kNegatable | kAct | kInjury},
    {"@interrupted me ~3 before i could", L::behavior, 0.75f, 0},
    {"and @interrupted me $", L::behavior, 0.7f, kContext},
    {"before i could ~2 use|do it", L::behavior, 0.7f, kContext},
    {"before i could ~2 go through", L::behavior, 0.7f, kContext},
    {"before i could ~2 jump|swallow|pull|take", L::behavior, 0.7f, kContext},
    {"@interrupted ~3 away from me", L::behavior, 0.7f, kContext},
    {"pulled|dragged|talked me back|down|off|out", L::behavior, 0.7f, kContext},
    {"pulled|dragged me out of the ~1 sea|water|river|lake|ocean|canal", L::behavior, 0.7f, 0},
    {"@interrupted ~3 out of my hand|hands", L::behavior, 0.7f, kContext},
    {"almost|nearly ~1 ctb|kms|unalived|overdosed", L::behavior, 0.7f, kNegatable | kNeedsSelf},
    {"almost|nearly od would", L::behavior, 0.7f, kNegatable | kNeedsSelf},
    {"attempt ~1 last|tonight|earlier|yesterday", L::behavior, 0.6f, kContext | kInjury},
    {"ligature|noose|rope|belt ~2 snapped|broke", L::behavior, 0.75f, kNegatable | kNeedsSelf},
    {"talked|pulled|dragged|coaxed me ~2 down|off|back ~3 bridge|ledge|roof|railing|edge|tracks|balcony", L::behavior, 0.75f, 0},
    {"took|taken|swallowed|downed ~2 all ~2 @pills", L::behavior, 0.75f, kNegatable | kAct | kInjury | kRecent},
    {"with stones|rocks|weights in my ~1 coat|pockets|pocket", L::plan, 0.7f, kContext},
    {"walk|walking into the ~1 sea|ocean|river|lake|water", L::active, 0.6f, kNegatable | kAct | kContext},
    {"more than that|enough saved|stashed|hidden|hoarded", L::plan, 0.7f, kContext},
    {"found|stopped|caught me ~4 railway|tracks|track|line|bridge|ledge|roof", L::behavior, 0.6f, kContext},
    {"before the train|car|truck|lorry|bus came|hit|arrived", L::behavior, 0.65f, kContext},
    {"took|take|taken a|the @tool to my @body", L::behavior, 0.8f, kNegatable | kAct | kSelfHarm},
    {"until|till|til it|they|i ~2 bled|bleed|bleeds|blistered", L::behavior, 0.6f, kSelfHarm | kNeedsSelf | kContext},
    {"headbutted|headbutting|headbutt ~3 wall|walls|door|mirror|floor", L::behavior, 0.7f, kNegatable | kAct | kSelfHarm},
    {"head-banging|headbanging|headbanged ~4 tonight|today|again|earlier|episode", L::behavior, 0.7f, kNegatable | kSelfHarm},
    {"until|till it|they ~2 burned|burnt through", L::behavior, 0.6f, kSelfHarm | kNeedsSelf | kContext},
    {"made me spit", L::behavior, 0.75f, kContext},
    {"about to ~2 pull the trigger", L::behavior, 0.7f, kContext},
    {"about to ~2 jump|swallow", L::behavior, 0.7f, kContext},
    {"put the gun|rope|knife|blade|pills down|away", L::behavior, 0.65f, kContext},
    {"pills ~1 in my mouth", L::behavior, 0.7f, kContext},
    {"standing|sitting|stood on|at ~3 ledge|edge|bridge|roof|tracks|railing|quarry|cliff|chair|stool", L::behavior, 0.7f, kContext},
    {"bleeding", L::behavior, 0.6f, kContext},
    {"blood everywhere", L::behavior, 0.6f, kContext},
    {"feel|feeling|felt ~2 dizzy|weird|sick|sleepy|drowsy", L::behavior, 0.5f, kContext},
    // broader: a first-person act with the means, said to be recent
    {"@act ~6 @means2", L::behavior, 0.75f, kNegatable | kAct | kInjury | kRecent | kNeedsSelf},
    {"@recent ~6 @act ~6 @means2", L::behavior, 0.75f, kNegatable | kInjury | kNeedsSelf | kRecent},
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

// Who a phrase is about: "me/myself" inside it, else the nearest subject before it.
constexpr auto kSelfWords = std::to_array<std::string_view>({"i", "me", "my", "myself", "mine"});
constexpr auto kSelfSubjects = std::to_array<std::string_view>({"i", "me", "myself"});
constexpr auto kTheirWords = std::to_array<std::string_view>({"her", "his", "their"});
constexpr auto kOtherWords = std::to_array<std::string_view>({
    "he", "she", "they", "him", "her", "them", "his", "their", "hers", "you", "your", "yourself",
    "himself", "herself", "themselves", "someone", "somebody", "people", "person", "friend",
    "friends", "brother", "sister", "mom", "mum", "mother", "dad", "father", "son", "daughter",
    "wife", "husband", "partner", "boyfriend", "girlfriend", "bf", "gf", "cousin", "uncle",
    "aunt", "grandma", "grandpa", "grandmother", "grandfather", "kid", "kids", "child",
    "children", "roommate", "coworker", "colleague", "classmate", "patient", "patients",
    "client", "clients", "character", "protagonist", "hero", "guy", "girl", "man", "woman",
    "celebrity", "singer", "actor", "author", "neighbor", "neighbour", "student", "students",
    "nephew", "niece", "twin", "mother-in-law", "father-in-law", "stepdad", "stepmum", "stepmom",
    "carer", "bestie", "teammate", "victim", "narrator", "psychiatrist", "therapist",
    "doctor", "nurse", "teacher", "counselor", "counsellor", "who", "anyone", "teens", "men",
    "women", "veterans", "adults", "boy", "lad", "mate", "baby", "toddler", "grandson",
    "granddaughter", "flatmate", "sis", "bro", "wife's", "husband's", "pupil", "pupils", "driver",
    "drivers", "brother-in-law", "sister-in-law", "son-in-law", "daughter-in-law", "cellmate", "pt",
    "housemate", "housemates", "crewmate", "shipmate", "workmate", "landlord", "landlady", "test", "jab",
    "injection", "vaccine", "cannula", "lecturer", "tutor", "our", "streamer", "drummer", "keeper", "coach"});
// Sentences about media, research or clinical practice, not the writer's own state.
constexpr auto kMediaWords = std::to_array<std::string_view>({
    "movie", "movies", "film", "show", "series", "episode", "book", "novel", "character",
    "article", "news", "documentary", "song", "lyrics", "game", "podcast", "story", "headline",
    "headlines", "report", "study", "statistics", "rates", "awareness", "prevention", "essay",
    "poem", "fiction", "video", "anime", "manga", "netflix", "scene", "finale", "newspaper",
    "feature", "stigma", "screener", "questionnaire", "questions", "difference", "warning",
    "pharmacology", "lecture", "class", "course", "training", "textbook", "research", "paper",
    "journal", "hotline", "helpline", "campaign", "policy", "protocol", "assessment", "risk",
    "explained", "learned", "learning", "taught", "symptoms", "signs", "warning", "treat",
    "treatment", "leaflet", "pamphlet", "crisis", "verse", "rapper", "track", "album", "play's",
    "audience", "play", "bungee", "skydiving", "diving", "parachute", "zipline", "stunt",
    "chorus", "concert", "sang", "singing", "guideline", "guidelines", "annotation", "recommends",
    "disclosed", "discloses", "disclosure", "disclosures", "presentation", "presentations",
    "safeguarding", "referral", "document", "documenting", "audit", "auditing", "single", "band",
    "band's", "pathway", "pathways", "clinical", "monitor", "monitoring", "supervisor", "discharge",
    "radio", "piece", "programme", "program", "phq-9", "phq9", "item", "fic", "fanfic", "fanfiction",
    "prompt", "chapter", "chapters", "sonnet", "literature", "grant", "dnd", "rpg", "npc"});
// Study of the topic, whoever studies it: "For my dissertation I'm looking at predictors of
// suicide attempts".
constexpr auto kAcademic = std::to_array<std::string_view>({"dissertation", "thesis", "coursework", "seminar"});
// Before an act: a wish or a thought makes it ideation; a commitment makes it a plan.
constexpr auto kWishWords = std::to_array<std::string_view>({
    "want", "wanted", "wanting", "wish", "wished", "urge", "urges", "tempted", "thinking",
    "thinkin", "think", "thought", "thoughts", "considering", "considered", "might", "could",
    "would", "should", "need", "needed", "feel", "felt", "how", "ways", "about", "fantasize",
    "fantasizing", "imagine", "imagining", "picturing", "wan", "wana", "dream", "dreaming",
    "can", "telling", "tells", "told", "miss", "whish"});
// Fear of one's own urges is ideation, not intent ("I'm scared I'll hurt myself").
constexpr auto kFearWords = std::to_array<std::string_view>({
    "afraid", "scared", "worried", "worry", "fear", "terrified", "frightened"});
constexpr auto kCommitWords = std::to_array<std::string_view>({
    "going", "goint", "will", "gonna", "planning", "plan", "decided", "desided", "decision",
    "ready", "intend", "mind", "finally"});
// Preparations done for an act to come: "I've booked a train to the coast to jump".
constexpr auto kPrepWords = std::to_array<std::string_view>({
    "booked", "bought", "ordered", "packed", "arranged", "saved", "planned", "chosen", "picked"});
// After an act: a time makes it a plan ("I'm killing myself tomorrow", "on Saturday").
constexpr auto kWhenWords = std::to_array<std::string_view>({
    "tonight", "tomorrow", "tonite", "tmrw", "weekend", "frday", "birthday", "anniversary", "month", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "soon", "week", "date", "tomorow", "tmr",
    "midnight"});
constexpr auto kReportingVerbs = std::to_array<std::string_view>({
    "said", "says", "say", "told", "tells", "texted", "texts", "wrote", "writes", "asked",
    "asks", "messaged", "posted", "posts", "replied", "yelled", "screamed", "shouted", "joked",
    "tweeted", "sang", "sings", "saying", "writing", "texting", "posting", "telling", "writes",
    "yells", "shouts", "screams", "yelling", "shouting", "screaming", "jokes", "joking", "mutters",
    "muttered",
    // a belief about the writer is someone else's: "my sister thinks I'm self-harming because of the
    // scratches but it's the new kitten"
    "thinks", "think", "worries", "believes", "assumes", "suspects", "reckons"});
constexpr auto kAskWords = std::to_array<std::string_view>({
    "ask", "asks", "asked", "asking", "question", "questions", "questionnaire", "screen", "screened",
    "screening"});
constexpr auto kDenials = std::to_array<std::string_view>({
    "deny", "denies", "denied", "denying", "zero", "refuse", "refuses", "refusing"});
// A distant past ("as a teenager", "years ago", "in 2015", "when I was 16") with nothing
// recurring in the text ("again", "lately") is resolved history.
constexpr auto kPastWords = std::to_array<std::string_view>({
    "teenager", "teen", "teens", "younger", "past", "history", "decade", "decades", "childhood", "twenties",
    "thirties", "uni", "lockdown", "phase", "recovery", "old", "sixties", "seventies", "eighties",
    "nineties", "noughties"});
// ... unless the same clause says it is recent: "I cut at school today", "an hour ago".
constexpr auto kRecentWords = std::to_array<std::string_view>({
    "today", "tonight", "now", "just", "again", "yesterday", "hour", "hours", "minutes",
    "earlier", "currently", "right", "still", "evening", "afternoon"});
// "never again", "living again", "feel like myself again": no recurrence.
constexpr auto kNotAgain = std::to_array<std::string_view>({
    "never", "living", "myself", "life", "happy", "well", "better", "normal", "laughing", "smiling",
    "alive", "working", "dating", "running", "painting", "married", "walking", "driving", "sleeping",
    "eating", "travelling", "traveling", "dancing", "singing"});
constexpr auto kSameWhat = std::to_array<std::string_view>({
    "thoughts", "thought", "urge", "urges", "feeling", "feelings", "way", "place", "darkness", "plan"});
// After a bare topic noun, besides "scar..." and "call...", a word that makes it a service: "another
// overdose job", "Mia's CAMHS appointment (self-harm follow up)"
constexpr auto kTopicTails = std::to_array<std::string_view>({
    "job", "follow", "follow-up", "policy", "team", "service", "services", "clinic", "review",
    "assessment", "assessments", "training", "module"});
constexpr auto kRecurringWords = std::to_array<std::string_view>({
    "again", "lately", "recently", "tonight", "relapse", "relapsed", "same", "returning",
    "returned", "creeping"});
// Words after an act that make it figurative or an accident: "killing myself trying to finish
// this", "cut myself shaving", "burned myself cooking", "I overdosed on Netflix".
constexpr auto kFigurativeTails = std::to_array<std::string_view>({
    "trying", "working", "studying", "laughing", "shaving", "cooking", "chopping",
    "playing", "skating", "running", "falling", "baking", "gardening", "training", "lifting",
    "slicing", "slipping", "tripping", "accidentally", "by", "while", "free", "deaths", "rates", "risk", "prevention",
    "statistics", "research", "awareness"});
constexpr auto kOverWhat = std::to_array<std::string_view>({
    "this", "that", "it", "nothing", "something", "a", "an", "my", "him", "her", "them", "work",
    "exams", "school"});
// Past tenses that do not end in -ed.
constexpr auto kPastActs = std::to_array<std::string_view>({
    "took", "tooke", "cut", "slit", "hung", "drank", "ate", "bit", "burnt", "dug", "threw",
    "drove", "ran", "stood", "went", "held", "put", "got", "was", "were", "sat", "swam", "fell"});
// Done on purpose: never an accident.
constexpr auto kPurposeWords = std::to_array<std::string_view>({
    "purpose", "purpuse", "purpos", "porpuse", "deliberately", "intentionally", "punish", "feel"});
constexpr auto kAccidentWords = std::to_array<std::string_view>({
    "oven", "stove", "iron", "kettle", "pan", "tray", "accident", "grill", "fireplace", "nail",
    "glass", "bike", "stairs", "ice", "baking", "cooking", "shaving", "chopping", "gardening",
    "bush", "thorns", "brambles", "pruning", "mandoline", "grater", "tin", "hob", "cat", "cat's",
    "kitten", "dog", "dog's", "puppy", "aga", "bread", "toast", "saucepan", "pot", "barbed", "fence",
    "branch", "thorn", "hatch", "salamander", "kiln", "tug", "welding", "bonfire", "campfire", "bbq",
    "barbecue", "quad", "exhaust", "clutch", "oil", "oyster", "comal", "thumb", "diy"});
// Amounts no treatment takes: "a handful of", "the whole bottle".
constexpr auto kLotsWords = std::to_array<std::string_view>({
    "handful", "bottle", "box", "packet", "whole", "entire", "fistful", "all", "stash"});
// Medicine taken as treatment.
constexpr auto kTreatmentWords = std::to_array<std::string_view>({
    "one", "two", "a", "an", "couple", "prescribed", "headache", "migraine", "pain", "cramps",
    "fever", "cold", "flu", "dose", "dosage", "usual", "doctor", "directed", "allergy",
    "allergies", "vitamin", "vitamins", "morning", "evening", "bedtime", "nightly", "regular"});
constexpr auto kFigurativeWith = std::to_array<std::string_view>({
    "work", "homework", "studying", "exercise", "worry", "worrying", "stress", "laughter",
    "overtime", "training", "paper", "scissors", "kindness"});
constexpr auto kIdiomTails = std::to_array<std::string_view>({
    "embarrassment", "laughter", "laughing", "shame", "cringe", "boredom", "cuteness",
    "happiness", "excitement", "jealousy", "envy", "curiosity"});

bool word_in(const std::vector<RuleToken>& t, std::size_t first, std::size_t last, auto&& words) {
    for (std::size_t i = first; i <= last; ++i)
        if (in(words, t[i].text)) return true;
    return false;
}

bool clause_has(const std::vector<RuleToken>& t, std::size_t at, auto&& words) {
    const auto c = t[at].clause;
    for (std::size_t i = at; i-- > 0 && t[i].clause == c;)
        if (in(words, t[i].text)) return true;
    for (std::size_t i = at; i < t.size() && t[i].clause == c; ++i)
        if (in(words, t[i].text)) return true;
    return false;
}

bool text_has(const std::vector<RuleToken>& t, auto&& words) {
    for (const auto& w : t)
        if (in(words, w.text)) return true;
    return false;
}

// "me/my/myself" inside the phrase, and no one else taking over after it: "just told me she
// took a handful of pills" is hers.
bool mine_within(const std::vector<RuleToken>& t, std::size_t first, std::size_t last) {
    static constexpr auto kOtherSubjects = std::to_array<std::string_view>({"he", "she", "they"});
    bool mine = false;
    for (std::size_t i = first; i <= last; ++i) {
        if (in(kSelfWords, t[i].text)) mine = true;
        else if (in(kOtherSubjects, t[i].text)) mine = false;
    }
    return mine;
}

// The nearest word before `first` in its clause that names who the phrase is about.
enum class Who { self, other, unknown };
Who subject_before(const std::vector<RuleToken>& t, std::size_t first) {
    for (std::size_t back = 1; back <= 10 && back <= first; ++back) {
        const RuleToken& w = t[first - back];
        if (w.clause != t[first].clause) break;
        if (in(kSelfSubjects, w.text)) return Who::self;
        // "anyone else get suicidal thoughts at night?" asks about the asker too
        if ((w.text == "anyone" || w.text == "anybody") && first - back + 1 < t.size() && t[first - back + 1].text == "else")
            return Who::self;
        if (in(kOtherWords, w.text)) return Who::other;
    }
    return Who::unknown;
}

// Who says a quotation: the subject of the reporting verb before it ("my friend texted me
// 'i want to die'" is the friend; "I told my therapist 'I want to die'" is the writer).
Who quote_speaker(const std::vector<RuleToken>& t, std::size_t at) {
    std::size_t i = at;
    while (i > 0 && t[i - 1].quoted && t[i - 1].sentence == t[at].sentence) --i;
    for (std::size_t v = i; v-- > 0 && t[v].sentence == t[at].sentence && i - v <= 8;) {
        if (!in(kReportingVerbs, t[v].text)) continue;
        for (std::size_t back = 1; back <= 6 && back <= v; ++back) {
            const RuleToken& w = t[v - back];
            if (w.sentence != t[at].sentence) break;
            if (w.text == "i") return Who::self;
            if (in(kOtherWords, w.text)) return Who::other;
        }
        return Who::unknown;
    }
    return Who::unknown;
}

// A negator before the phrase, inside it, or just after it ("suicide isn't on my mind",
// "killing myself is not something I'd do").
bool negated(const std::vector<RuleToken>& t, std::size_t first, std::size_t last) {
    // The denial ends where a new "I" begins: "cant do this no more i wanna die", "without it I
    // wish I was dead", "each time the phone doesn't ring I think I'd be better off dead" (a
    // negator with a subject of its own).
    auto i_between = [&](std::size_t from) {
        return std::any_of(t.begin() + static_cast<std::ptrdiff_t>(from), t.begin() + static_cast<std::ptrdiff_t>(first),
                           [](const RuleToken& w) { return w.text == "i"; });
    };
    // (not "it's not that I want to die", "there's no way I'd", "doesn't mean I want to")
    static constexpr auto kDo = std::to_array<std::string_view>({"does", "do", "did"});
    bool new_subject = false;
    for (std::size_t j = first >= 7 ? first - 7 : 0; j + 2 < first; ++j) {
        const bool own_subject = is_negator(t[j].text) && j >= 2 && in(kDo, t[j - 1].text) && t[j - 2].text != "i" &&
                                 t[j + 1].text != "mean" && t[j + 1].text != "make";
        new_subject = new_subject || (own_subject && i_between(j + 1)) ||
                      (t[j].text == "no" && t[j + 1].text == "more" && t[j + 2].text == "i") ||
                      (t[j].text == "without" && i_between(j + 1));
    }
    if (!new_subject && negated_before(t, first, 7)) return true;
    // Scots: "I dinnae want tae die" (not "cannae", which is "can't stop ...")
    static constexpr auto kScotsNot = std::to_array<std::string_view>({
        "dinnae", "didnae", "wouldnae", "willnae", "isnae", "wasnae", "doesnae", "havenae"});
    for (std::size_t back = 1; back <= 3 && back <= first && t[first - back].clause == t[first].clause; ++back)
        if (in(kScotsNot, t[first - back].text)) return true;
    for (std::size_t back = 1; back <= 7 && back <= first; ++back) {
        const RuleToken& w = t[first - back];
        if (w.clause != t[first].clause) break;
        if (in(kDenials, w.text)) return true;
        // "free of self-harm", "clean from cutting"; "asked if I'd thought about ..."
        if ((w.text == "free" || w.text == "clean") && back <= 3) return true;
        // "since I stopped self-harming", "quit cutting"
        if ((w.text == "stopped" || w.text == "quit") && back == 1 && !clause_has(t, first, kRecentWords)) return true;
        // "the GP asked about self-harm", "the standard questions about suicide"
        if (w.text == "about" && back <= 3 && first - back > 0 && in(kAskWords, t[first - back - 1].text)) return true;
        if ((w.text == "if" || w.text == "whether") && first - back > 0) {  // "asked (me) if I ..."
            const std::size_t v = first - back - 1 > 0 && t[first - back - 1].text == "me" ? first - back - 2 : first - back - 1;
            if (t[v].text == "asked" || t[v].text == "asks" || t[v].text == "ask" || t[v].text == "asking" || t[v].text.starts_with("check"))
                return true;
        }
    }
    for (std::size_t i = first + 1; i <= last; ++i)
        if (is_negator(t[i].text) || (in(kDenials, t[i].text) && t[i].text != "zero")) return true;
    for (std::size_t i = first; i < last; ++i)  // "been free of suicidal thoughts"
        if ((t[i].text == "free" || t[i].text == "clean") && (t[i + 1].text == "of" || t[i + 1].text == "from")) return true;
    for (std::size_t i = last + 2; i < t.size() && i <= last + 3 && t[i].clause == t[last].clause; ++i)
        if ((t[i].text == "not" || t[i].text == "never") &&
            !(i + 1 < t.size() && (t[i + 1].text == "gone" || t[i + 1].text == "stopped" || t[i + 1].text == "left")) &&  // "hasn't gone away"
            (t[i - 1].text == "is" || t[i - 1].text == "was" || t[i - 1].text == "are" || t[i - 1].text == "am" ||
             t[i - 1].text == "should" || t[i - 1].text == "must" ||
             t[i - 1].text == "has" || t[i - 1].text == "have" || t[i - 1].text == "had"))
            return true;
    // a checklist's answer: "Suicidal thoughts: none.", "Wanting to die, no." (not "no joke")
    if (last + 1 < t.size() && t[last + 1].sentence == t[last].sentence) {
        const auto& next = t[last + 1].text;
        const bool sentence_ends = last + 2 >= t.size() || t[last + 2].sentence != t[last].sentence;
        const bool clause_ends = sentence_ends || t[last + 2].clause != t[last + 1].clause;
        if (next == "none" || next == "nil" || next == "absent" || next == "0" || next == "zero" || next == "denies" ||
            next == "denied" || (next == "no" && clause_ends))
            return true;
    }
    // "suicidal ideation resolved", "urges gone"
    for (std::size_t i = last + 1; i < t.size() && i <= last + 2 && t[i].clause == t[last].clause; ++i)
        if (t[i].text == "resolved" || t[i].text == "gone") return true;
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

// The words at t[i], t[i + 1], ... are these.
bool words_at(const std::vector<RuleToken>& t, std::size_t i, std::initializer_list<std::string_view> words) {
    if (i + words.size() > t.size()) return false;
    for (auto w : words)
        if (t[i++].text != w) return false;
    return true;
}

// "you" in a question the writer asks of the world is anyone, the writer included: "what to do
// when you dont want to live anymore", "how to distract yourself from wanting to cut right now"
// (not "can you recommend apps for self-harm urges", which asks the reader).
bool generic_you(const std::vector<RuleToken>& t, std::size_t first) {
    static constexpr auto kAsk = std::to_array<std::string_view>({"what", "how", "why", "is", "does", "do", "when"});
    std::size_t start = first;
    while (start > 0 && t[start - 1].sentence == t[first].sentence) --start;
    if (!in(kAsk, t[start].text)) return false;
    for (std::size_t back = 1; back <= 10 && back <= first; ++back) {
        const RuleToken& w = t[first - back];
        if (w.clause != t[first].clause) break;
        if (w.text == "yourself" || (w.text == "you" && back < first && (t[first - back - 1].text == "when" || t[first - back - 1].text == "if")))
            return true;
        if (in(kSelfSubjects, w.text) || in(kOtherWords, w.text)) return false;
    }
    return false;
}

// The writer says the someone is them: "Asking because the someone is typing this. That's me.",
// "what to do after you stop yourself halfway through an attempt. mine was an hour ago"
bool owns_up(const std::vector<RuleToken>& t) {
    auto at = [&](std::size_t i, std::initializer_list<std::string_view> words) { return words_at(t, i, words); };
    for (std::size_t i = 0; i < t.size(); ++i)
        if (at(i, {"that", "is", "me"}) || at(i, {"that's", "me"}) || at(i, {"asking", "for", "me"}) ||
            at(i, {"asking", "for", "myself"}) || at(i, {"mine", "was"}) || at(i, {"i", "am", "the", "someone"}))
            return true;
    return false;
}

// "The blackmailer told me to kill myself": another person's words, not the writer's thought
// (unlike a voice, a head or a brain that tells the writer to).
bool told_to(const std::vector<RuleToken>& t, std::size_t first) {
    static constexpr auto kTold = std::to_array<std::string_view>({"told", "tell", "tells", "telling"});
    static constexpr auto kInner = std::to_array<std::string_view>({
        "voice", "voices", "head", "brain", "brian", "mind", "thoughts", "something", "everything", "depression", "it"});
    if (first < 3 || t[first - 1].text != "to" || t[first - 2].text != "me" || !in(kTold, t[first - 3].text)) return false;
    for (std::size_t back = 4; back <= 8 && back <= first && t[first - back].clause == t[first].clause; ++back)
        if (in(kInner, t[first - back].text)) return false;
    return true;
}

// Speech reported without quotation marks: "my coworker said I want to die about the rota",
// "the character in my screenplay says I wish I'd never been born". The phrase follows "I"
// (or "that I") right after a reporting verb; who speaks is the verb's subject: the writer
// only when it is "I".
Who reported_speaker(const std::vector<RuleToken>& t, std::size_t first) {
    std::size_t i = first;
    for (std::size_t back = 0; back <= 2 && back <= first; ++back)
        if (t[first - back].text == "i") { i = first - back; break; }
    if (i == first && t[first].text != "i") return Who::unknown;
    std::size_t v = i;
    if (v >= 1 && t[v - 1].text == "that") --v;
    if (v == 0 || !in(kReportingVerbs, t[v - 1].text) || t[v - 1].sentence != t[first].sentence) return Who::unknown;
    --v;
    static constexpr auto kNounStart = std::to_array<std::string_view>({"my", "our", "the", "a", "an", "this", "that"});
    for (std::size_t back = 1; back <= 6 && back <= v; ++back) {
        const RuleToken& w = t[v - back];
        if (w.sentence != t[first].sentence) break;
        if (w.text == "i" || w.text == "we") return Who::self;
        if (in(kOtherWords, w.text) || in(kNounStart, w.text)) return Who::other;
    }
    return Who::unknown;
}

// The sentence of token `at` is a question: its last word is followed by "?".
bool question(std::string_view normalized, const std::vector<RuleToken>& t, std::size_t at) {
    std::size_t last = at;
    while (last + 1 < t.size() && t[last + 1].sentence == t[at].sentence) ++last;
    std::size_t i = t[last].end;
    while (i < normalized.size() && (normalized[i] == ' ' || normalized[i] == '"' || normalized[i] == '\'' || normalized[i] == ')')) ++i;
    return i < normalized.size() && normalized[i] == '?';
}

// A question about the topic that says nothing of the writer: "Is self-harm always a sign of
// suicidal intent?", "How does a paracetamol overdose damage the liver?"; not "anyone else get
// suicidal thoughts at night?" or "is it normal to ...", which speak of the asker.
bool topic_question(std::string_view normalized, const std::vector<RuleToken>& t, std::size_t at) {
    static constexpr auto kAboutAsker = std::to_array<std::string_view>({
        "anyone", "anybody", "else", "normal", "we", "us", "our"});
    static constexpr auto kDefinition = std::to_array<std::string_view>({"mean", "meaning", "define", "definition", "difference"});
    if (!question(normalized, t, at)) return false;
    // "what does passive ideation mean on my friend's letter?"
    return sentence_has(t, at, kDefinition) || (!sentence_has(t, at, kSelfWords) && !sentence_has(t, at, kAboutAsker));
}

// Said as a joke: "jk", "just kidding", "only joking" in the sentence ("lol i'll kms if he says
// synergy one more time (jk obviously)"); not "they think I'm joking".
// "kidding, but seriously", "jk fr": a joke taken back
bool serious(const std::vector<RuleToken>& t, std::uint32_t sentence) {
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t[i].sentence >= sentence && t[i].sentence <= sentence + 1 &&
            (t[i].text == "serious" || t[i].text == "seriously" || t[i].text == "fr" || t[i].text == "deadass" ||
             (t[i].text == "joking" && i > 0 && t[i - 1].text == "not") || (t[i].text == "kidding" && i > 0 && t[i - 1].text == "not")))
            return true;
    return false;
}

bool joking(const std::vector<RuleToken>& t, std::size_t at) {
    const auto s = t[at].sentence;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].sentence != s) continue;
        const auto& w = t[i].text;
        // (not "lol" or "lmao": people laugh at their own risk, "lol i took a bunch of pills")
        if (w == "jk" || w == "jking" || (w == "kidding" && (i == 0 || t[i - 1].text != "not"))) return !serious(t, s);
        // "if I hear that song one more time I'll shoot myself"
        if (w == "one" && i + 2 < t.size() && t[i + 1].text == "more" && t[i + 2].text == "time") return true;
        if ((w == "kidding" || w == "joking") && i >= 1 && (t[i - 1].text == "just" || t[i - 1].text == "only"))
            return true;
    }
    return false;
}

// A goodbye before a journey, a move or a leaving do (kFarewell), unless it names suicide.
bool farewell_for_a_journey(const std::vector<RuleToken>& t, std::size_t first, std::size_t last) {
    static constexpr auto kJourney = std::to_array<std::string_view>({
        "fly", "flying", "flight", "move", "moving", "emigrate", "emigrating", "abroad", "host",
        "exchange", "leaving", "retire", "retiring", "retirement", "graduation", "graduating",
        "relocating", "trip", "holiday", "deployment", "deploying", "posting", "semester"});
    for (std::size_t i = first; i <= last; ++i)
        if (t[i].text.starts_with("suic")) return false;
    return sentence_has(t, first, kJourney);
}

// A dose taken as treatment (kTreatment): the sentence names what it treats ("how many ibuprofen
// can I take for a toothache") or speaks of dosing ("in 24 hours", "40 mg as prescribed").
bool taken_as_treatment(const std::vector<RuleToken>& t, std::size_t at) {
    static constexpr auto kAilments = std::to_array<std::string_view>({
        "headache", "migraine", "toothache", "pain", "cramps", "fever", "cold", "flu", "period",
        "hangover", "back", "arthritis", "allergy", "allergies", "hayfever", "tooth", "knee",
        "injury", "sprain", "infection", "cough", "sore"});
    const auto s = t[at].sentence;
    static constexpr auto kDose = std::to_array<std::string_view>({
        "max", "maximum", "daily", "hours", "per", "mg", "mcg", "ml", "prescribed", "usual"});
    for (std::size_t i = 0; i < t.size(); ++i)  // "how many ibuprofen can I take in 24 hours?" (not "two hours ago")
        if (t[i].sentence == s && in(kDose, t[i].text) && !(i + 1 < t.size() && t[i + 1].text == "ago")) return true;
    for (std::size_t i = 0; i + 1 < t.size(); ++i) {
        if (t[i].sentence != s || t[i].text != "for") continue;
        for (std::size_t j = i + 1; j < t.size() && j <= i + 3 && t[j].sentence == s; ++j)
            if (in(kAilments, t[j].text)) return true;
    }
    return false;
}

// A quotation from a song, a book or a film: "the chorus "i dont wanna wake up" is so catchy".
bool quoted_from_media(const std::vector<RuleToken>& t, std::size_t at) {
    const auto s = t[at].sentence;
    for (const auto& w : t)
        if (w.sentence == s && !w.quoted && in(kMediaWords, w.text)) return true;
    return false;
}

// Chat that speaks of the writer in the third person: "ur girl wants to die today", "your boy
// has made his decision, he's killing himself on sunday", "this girl nearly jumped", "yours truly
// would like to be dead". At the start of a sentence, followed by a verb (not "said": "your girl
// said she wants to die" reports someone else). Returns the tokens rewritten in the first person
// ("i want to die today"), or nothing when there is no such sentence; the rewritten words keep
// their place in the text, so the evidence is still the text as written.
std::optional<std::vector<RuleToken>> first_person(const std::vector<RuleToken>& t) {
    static constexpr auto kWho = std::to_array<std::string_view>({"ur", "your", "yo", "this"});
    static constexpr auto kSelfNoun = std::to_array<std::string_view>({"girl", "boy", "gal", "guy", "gurl", "lad", "idiot", "clown", "loser"});
    static constexpr auto kVerb = std::to_array<std::string_view>({
        "is", "has", "just", "wants", "wishes", "would", "nearly", "almost", "needs", "really",
        "can", "will", "does", "did", "cannot", "got", "took", "tried", "wrote", "keeps", "might",
        "should", "finally", "already", "honestly", "lowkey", "kinda"});
    std::optional<std::vector<RuleToken>> out;
    for (std::size_t i = 0; i + 2 < t.size(); ++i) {
        if (i > 0 && t[i - 1].sentence == t[i].sentence) continue;
        // "this guy right here keeps thinking about ending his life"
        const bool here = i + 4 < t.size() && t[i + 2].text == "right" && t[i + 3].text == "here";
        const std::size_t words = t[i].text == "yours" && t[i + 1].text == "truly" ? 2 : here ? 4 : 2;
        if (words == 2 && t[i].text != "yours" && !(in(kWho, t[i].text) && in(kSelfNoun, t[i + 1].text) && in(kVerb, t[i + 2].text))) continue;
        if (words == 4 && !(in(kWho, t[i].text) && in(kSelfNoun, t[i + 1].text))) continue;
        if (t[i].text == "yours" && t[i + 1].text != "truly") continue;
        if (!out) out = t;
        auto& w = *out;
        const std::size_t at = i - (t.size() - w.size());  // earlier rewrites removed words
        w[at].text = "i";
        w[at].end = w[at + words - 1].end;
        w.erase(w.begin() + static_cast<std::ptrdiff_t>(at) + 1, w.begin() + static_cast<std::ptrdiff_t>(at + words));
        static const std::unordered_map<std::string_view, std::string_view> kFirst{
            {"is", "am"}, {"has", "have"}, {"wants", "want"}, {"wishes", "wish"}, {"needs", "need"},
            {"does", "do"}, {"keeps", "keep"}, {"he", "i"}, {"she", "i"}, {"him", "me"}, {"her", "my"},
            {"his", "my"}, {"himself", "myself"}, {"herself", "myself"}};
        for (std::size_t j = at + 1; j < w.size() && w[j].sentence == w[at].sentence; ++j)
            if (auto f = kFirst.find(w[j].text); f != kFirst.end()) w[j].text = std::string(f->second);
    }
    return out;
}

// What the words around an act make of it.
bool past_tense(std::string_view w) { return w.ends_with("ed") || in(kPastActs, w); }

CrisisLevel act_level(const std::vector<RuleToken>& t, std::size_t first, std::size_t last, CrisisLevel plain) {
    bool wish = false, commit = false, fear = false, when_before = false, did_before = false;
    for (std::size_t back = 1; back <= 10 && back <= first; ++back) {
        const RuleToken& w = t[first - back];
        if (w.clause != t[first].clause) break;
        // "made up my mind" commits; "my mind keeps circling back to" does not.
        commit = commit || (in(kCommitWords, w.text) &&
                            (w.text != "mind" || (first - back >= 2 && t[first - back - 2].text == "up"))) ||
                 in(kPrepWords, w.text);
        wish = wish || in(kWishWords, w.text);
        fear = fear || in(kFearWords, w.text);
        when_before = when_before || in(kWhenWords, w.text);
        did_before = did_before || (back > 1 && past_tense(w.text));
        // "after I kill myself", "once I've ended it", "so I can hang myself": the act is
        // taken for granted, or prepared for.
        if (back <= 3 && (w.text == "after" || w.text == "once" || w.text == "when") && first - back + 1 < t.size() &&
            t[first - back + 1].text == "i")
            commit = true;
        if (back <= 4 && w.text == "so" && first - back + 2 < t.size() && t[first - back + 1].text == "i" &&
            (t[first - back + 2].text == "can" || t[first - back + 2].text == "could"))
            commit = true;
    }
    bool when_after = false;
    for (std::size_t i = last + 1; i < t.size() && i <= last + 8 && t[i].clause == t[last].clause; ++i)
        when_after = when_after || in(kWhenWords, t[i].text);
    const CrisisLevel thought = plain == L::behavior ? L::active : std::min(plain, L::active);
    const bool infinitive = first > 0 && t[first - 1].text == "to" && t[first - 1].clause == t[first].clause;
    // "I jumped from the window last night to end my life": a past act done for this purpose.
    if (infinitive && did_before && !wish && !commit) return L::behavior;
    if (fear) return thought;
    if (commit) return std::max(thought, L::plan);
    if (wish) return thought;  // "I want to hurt myself tonight" is still a wish
    // A time makes a plan of what is not done yet: "killing myself tomorrow", "tonight I'm
    // taking them", "tomorrow I'm driving there to jump" -- not of "I cut again tonight".
    // Slang names the act without a tense: "kms tonight", "sewerslide this weekend".
    static constexpr auto kTenseless = std::to_array<std::string_view>({"kms", "ctb", "sewerslide", "sewer-slide", "unalive"});
    const bool pending = !past_tense(t[first].text) &&
                         (t[first].text.ends_with("ing") || infinitive || in(kTenseless, t[first].text));
    if (pending && (when_after || when_before || (infinitive && sentence_has(t, first, kWhenWords))))
        return std::max(thought, L::plan);
    // A bare "to" ("how to", "ways to", "easy to") is talk of the act, not the act.
    if (infinitive) return thought;
    return plain;
}

// What one overdoses on when it is an overdose: a drug (@pills, @means2), a word that stands for
// one ("my", "them", "everything") or "purpose".
bool overdose_object(std::string_view w) {
    static constexpr auto kStandsFor = std::to_array<std::string_view>({
        "purpose", "purpuse", "my", "what", "whatever", "everything", "all", "them", "those", "the", "her", "his"});
    static const std::unordered_set<std::string_view> kDrugs = [] {
        std::unordered_set<std::string_view> drugs;
        for (const char* set : {"pills", "means2"})
            for (const auto& d : sets().at(set)) drugs.insert(d);
        return drugs;
    }();
    return in(kStandsFor, w) || kDrugs.contains(w);
}

// An act said in passing or by accident (see kFigurativeTails, kAccidentWords); not when it is
// wished for or done on purpose ("thinking about burning myself with the iron").
bool figurative(const std::vector<RuleToken>& t, std::size_t first, std::size_t last) {
    if (first > 0 && t[first - 1].text == "accidentally") return true;
    if (last + 1 >= t.size() || t[last + 1].sentence != t[last].sentence) return false;
    const std::string& next = t[last + 1].text;
    const std::string_view after = last + 2 < t.size() && t[last + 2].sentence == t[last].sentence ? std::string_view(t[last + 2].text) : "";
    if (in(kFigurativeTails, next)) return true;
    if (next == "over" && in(kOverWhat, after)) return true;  // "killing myself over this"
    if (next == "with" && in(kFigurativeWith, after)) return true;
    if (next == "on" && (after == "a" || after == "an")) return true;  // "cut myself on a nail"
    if (next == "for" && (after == "a" || after == "an")) return true;  // "jump off a cliff for a coffee"
    if (t[last].text.starts_with("unaliv") &&
        (next == "this" || next == "that" || next == "the" || next == "a" || next == "an" || next == "these" ||
         next == "those" || (next == "my" && after != "self" && after != "own")))
        return true;  // "gonna unalive this pizza", "unalive my alarm clock"
    // "overdosed on Netflix", "od'd on energy drinks" (read "od would on ..."); not "overdose on
    // what we stock", "overdosed on paracetamol", "od'd on purpose"
    const bool od_d = (t[last].text == "would" && last > 0 && t[last - 1].text == "od") || (t[last].text == "od" && next == "would");
    const std::size_t on = t[last].text.starts_with("overdos") ? last + 1 : od_d ? (t[last].text == "od" ? last + 2 : last + 1) : t.size();
    if (on + 1 < t.size() && t[on].text == "on" && !overdose_object(t[on + 1].text)) return true;
    bool intended = false;
    for (std::size_t i = first; i-- > 0 && t[i].clause == t[first].clause;)
        intended = intended || in(kWishWords, t[i].text) || in(kFearWords, t[i].text);
    for (std::size_t i = last + 1; i < t.size() && t[i].clause == t[last].clause; ++i)
        intended = intended || in(kPurposeWords, t[i].text);
    if (intended) return false;
    if (next == "on" && after == "the" && last + 3 < t.size() && in(kAccidentWords, t[last + 3].text))
        return true;  // "cut myself on the mandoline"
    for (std::size_t i = last + 1; i < t.size() && i <= last + 8 && t[i].clause == t[last].clause; ++i)
        if (in(kAccidentWords, t[i].text)) return true;
    if (first > 0 && t[first - 1].sentence == t[first].sentence && in(kAccidentWords, t[first - 1].text))
        return true;  // "the cat scratched my arm"
    for (std::size_t i = first; i-- > 0 && t[i].sentence == t[first].sentence;)  // "I slipped on the ice and bruised my hip"
        if ((t[i].text == "slipped" || t[i].text == "tripped") && (i + 1 >= t.size() || t[i + 1].text != "up")) return true;
    return false;
}

// A year ("in 2015"), an age ("at 16", "when i was 14"), "years ago" or a distant-past word in
// the sentence, and nothing recent in the clause.
bool is_number(std::string_view w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "nineteen", "twenty-two": an age in words.
constexpr auto kTeens = std::to_array<std::string_view>({
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"});

bool age_word(std::string_view w) {
    static constexpr auto kTens = std::to_array<std::string_view>({
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"});
    if (in(kTeens, w)) return true;
    for (const auto tens : kTens)
        if (w == tens || (w.starts_with(tens) && w.size() > tens.size() && w[tens.size()] == '-')) return true;
    return false;
}

// "at 16", "in 2015", "when I was nineteen", "the winter of 2018"; not a time of day ("at 6:14",
// "at 6pm").
bool year_or_age(const std::vector<RuleToken>& t, std::size_t i) {
    if (i == 0) return false;
    const auto& prev = t[i - 1].text;
    if (age_word(t[i].text)) return prev == "at" || prev == "was" || prev == "aged" || prev == "age";
    if (!is_number(t[i].text)) return false;
    if ((prev == "of" || prev == "from") && t[i].text.size() == 4 && (t[i].text.starts_with("19") || t[i].text.starts_with("20")))
        return true;  // "the winter of 2018"
    const std::string_view next = i + 1 < t.size() && t[i + 1].sentence == t[i].sentence ? std::string_view(t[i + 1].text) : "";
    const bool clock = next == "am" || next == "pm" || next.starts_with("o'clock") || (is_number(next) && t[i + 1].clause != t[i].clause) ||
                       (prev == "at" && t[i].text.size() <= 2 && std::stoi(t[i].text) <= 12 && next != "years");  // "rang the team at 5"
    return !clock && (prev == "in" || prev == "at" || prev == "was" || prev == "age" || prev == "aged" || prev == "since");
}

// A verb in the past tense in the sentence (not an adjective in -ed: "tired", "depressed").
bool sentence_in_past(const std::vector<RuleToken>& t, std::size_t at) {
    static constexpr auto kIrregular = std::to_array<std::string_view>({
        "wrote", "thought", "felt", "had", "did", "made", "said", "found", "left", "gave", "kept",
        "lost", "told", "heard", "knew", "saw", "came", "became", "spent", "began", "broke", "bought",
        "fought", "sought", "taught", "slept", "woke", "hid", "lay", "meant", "sent", "tore", "wore", "hurt"});
    static constexpr auto kAdjectives = std::to_array<std::string_view>({
        "need", "bed", "red", "feed", "seed", "speed", "tired", "scared", "bored", "worried",
        "stressed", "exhausted", "depressed", "overwhelmed", "ashamed", "isolated", "embarrassed",
        "frustrated", "annoyed", "terrified", "confused", "obsessed", "broken", "sacred", "naked",
        "wicked", "supposed", "used", "stuck"});
    for (const auto& w : t)
        if (w.sentence == t[at].sentence && ((past_tense(w.text) && !in(kAdjectives, w.text)) || in(kIrregular, w.text)))
            return true;
    return false;
}

// Words that date a sentence only when it is told in the past: "I do the school run" and "at uni
// today" are now.
constexpr auto kPastIfTold = std::to_array<std::string_view>({"school", "college", "university", "uni", "kid", "child", "young"});

// An adult's age dates only a sentence told in the past ("wanting to be dead at 34"); a year, an
// age under 18 in digits or a teenage one in words dates any ("Being suicidal at 14 feels like
// another life now").
bool dates_sentence(const std::vector<RuleToken>& t, std::size_t i, bool told_in_past) {
    if (!year_or_age(t, i)) return false;
    const auto& w = t[i].text;
    if (told_in_past || w.size() == 4 || in(kTeens, w)) return true;
    return is_number(w) && w.size() <= 2 && std::stoi(w) < 18;
}

bool distant_past(const std::vector<RuleToken>& t, std::size_t at, std::size_t last) {
    const auto s = t[at].sentence;
    // "the anniversary of my overdose"
    if (at >= 2 && t[at - 1].text == "of" && t[at - 2].text == "anniversary") return true;
    if (at >= 3 && t[at - 2].text == "of" && t[at - 3].text == "anniversary") return true;
    // "... because I planned to die. That was 2012." / "That was a long time ago." / "Eight years
    // clean and I love my life." / "Two years on I'm walking."
    for (std::size_t i = at + 1; i + 2 < t.size(); ++i) {
        if (t[i].sentence == s) continue;
        if (t[i].sentence != s + 1) break;
        for (std::size_t j = i + 1; j < t.size() && t[j].sentence == s + 1; ++j) {
            const auto& w = t[j].text;
            const auto& prev = t[j - 1].text;
            if ((prev == "years" || prev == "decades") &&
                (w == "on" || w == "later" || w == "clean" || w == "sober" || w == "since" || w == "ago" || w == "well"))
                return true;
            if ((w == "years" || w == "decades") && j >= 3 &&
                (t[j - 2].text == "sober" || t[j - 3].text == "sober" || t[j - 2].text == "clean" || t[j - 3].text == "clean"))
                return true;  // "Sober six years now"
        }
        if (!((t[i].text == "that" || t[i].text == "this" || t[i].text == "it") && t[i + 1].text == "was")) break;
        for (std::size_t j = i + 2; j < t.size() && t[j].sentence == s + 1; ++j) {
            const bool long_ago = t[j].text == "ago" && (t[j - 1].text == "years" || t[j - 1].text == "decades" ||
                                                        t[j - 1].text == "long" || t[j - 1].text == "months" ||
                                                        t[j - 1].text == "time");
            if (long_ago || (is_number(t[j].text) && t[j].text.size() == 4)) return true;
        }
        break;
    }
    // "I once tried to take my life"
    for (std::size_t back = 1; back <= 4 && back <= at && t[at - back].clause == t[at].clause; ++back)
        if (t[at - back].text == "once" && past_tense(t[at - back + 1].text)) return true;
    for (std::size_t i = 0; i + 3 < t.size(); ++i)  // "Once upon a time I'd have wanted to die"
        if (t[i].sentence == s && t[i].text == "once" && t[i + 1].text == "upon") return true;
    // "back in '09", "back in the day"
    for (std::size_t i = 0; i + 2 < t.size(); ++i)
        if (t[i].sentence == s && t[i].text == "back" && t[i + 1].text == "in" &&
            (t[i + 2].text.starts_with("'") || is_number(t[i + 2].text) ||
             (t[i + 2].text == "the" && i + 3 < t.size() && (t[i + 3].text == "day" || t[i + 3].text == "days" || t[i + 3].text.ends_with("ties")))))
            return true;
    // An age, a year or "school" dates only what the sentence tells in the past: "wanting to be
    // dead at 34", "I do the school run ... and I think about suicide" are now.
    const bool told_in_past = sentence_in_past(t, at);
    // A year or an age right after the phrase dates it whatever follows ("I survived a jump
    // from a bridge in 2015 and now I volunteer", "... when I was nineteen and I'm happy now").
    for (std::size_t i = last + 1; i < t.size() && i <= last + 5 && t[i].clause == t[last].clause; ++i)
        if (dates_sentence(t, i, told_in_past)) return true;
    for (std::size_t i = 1; i < t.size(); ++i)  // "ten years ago today": an anniversary
        if (t[i].sentence == s && t[i].text == "ago" && (t[i - 1].text == "years" || t[i - 1].text == "decades"))
            return true;
    for (std::size_t i = at; i-- > 0 && t[i].clause == t[at].clause;)
        if (in(kRecentWords, t[i].text)) return false;
    for (std::size_t i = at; i < t.size() && t[i].clause == t[at].clause; ++i)
        if (in(kRecentWords, t[i].text)) return false;
    // "as a teenager", "at school": history, unless the sentence speaks of what is to come
    // ("once the kids are at school").
    if ((sentence_has(t, at, kPastWords) || (told_in_past && sentence_has(t, at, kPastIfTold))) && !sentence_has(t, at, kCommitWords))
        return true;
    for (std::size_t i = 1; i < t.size(); ++i)  // "I used to cut" (not "used the kettle", nor "the urge to bite my arm, like I used to")
        if (t[i].sentence == s && t[i - 1].text == "used" && t[i].text == "to" &&
            !(i >= 3 && t[i - 2].text == "i" && (t[i - 3].text == "like" || t[i - 3].text == "as")))
            return true;
    for (std::size_t i = 1; i < t.size(); ++i) {
        if (t[i].sentence != s) continue;
        const auto& w = t[i].text;
        const auto& prev = t[i - 1].text;
        if ((w == "ago" || w == "out" || w == "free" || w == "clean" || w == "since" || w == "back" || w == "on") &&
            (prev == "years" || prev == "months" || prev == "decades" || prev == "long" || prev == "year" || prev == "time"))
            return true;
        // "it's been four years", "it has been years"
        static constexpr auto kFew = std::to_array<std::string_view>({
            "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "few", "many", "several", "been"});
        if ((w == "years" || w == "decades") && i >= 3 && (is_number(prev) || age_word(prev) || in(kFew, prev)) &&
            (t[i - 2].text == "been" || t[i - 1].text == "been") &&
            (t[i - 3].text == "it" || t[i - 3].text == "is" || t[i - 3].text == "has" || t[i - 2].text == "has"))
            return true;
        // "clean 5 years", "been out 2 years"
        static constexpr auto kSince = std::to_array<std::string_view>({"clean", "sober", "out", "free"});
        if ((w == "years" || w == "decades") && i >= 2 && (is_number(prev) || age_word(prev) || in(kFew, prev)) &&
            in(kSince, t[i - 2].text))
            return true;
        // "last year", "last spring": not the days a screener asks about
        if (prev == "last" && (w == "year" || w == "spring" || w == "summer" || w == "autumn" || w == "winter"))
            return true;
        if (dates_sentence(t, i, told_in_past)) return true;
    }
    return false;
}

// Words of recovery: with a past act they make it history ("I was suicidal after my divorce,
// therapy helped, I'm in a good place now"); never "fine" or "okay", which people in crisis
// say to be left alone.
constexpr auto kResolvedWords = std::to_array<std::string_view>({
    "survivor", "survived", "recovered", "recovery", "peace", "stable", "helped", "healed",
    "gone", "behind", "remission", "thriving", "treated"});

// After a risk told in the past, the writer says it is over: "I want to live", "I don't
// anymore", "I'm so far from that now", "now I'm safe", "it has lifted", "nothing like that".
bool recovered_after(const std::vector<RuleToken>& t, std::size_t last) {
    auto at = [&](std::size_t i, std::initializer_list<std::string_view> words) { return words_at(t, i, words); };
    static constexpr auto kWell = std::to_array<std::string_view>({"safe", "well", "happy", "better", "good", "okay", "fine", "settled"});
    for (std::size_t i = last + 1; i < t.size(); ++i) {
        if (at(i, {"i", "want", "to", "live"}) || at(i, {"i", "do", "not", "anymore"}) || at(i, {"far", "from", "that"}) ||
            at(i, {"has", "lifted"}) || at(i, {"have", "lifted"}) || at(i, {"nothing", "like", "that"}) ||
            at(i, {"that", "passed"}) || at(i, {"it", "passed"}) || at(i, {"they", "passed"}) || at(i, {"sorted", "it"}) ||
            at(i, {"good", "place", "now"}) || at(i, {"been", "gone", "for"}) || at(i, {"it", "is", "over"}) ||
            at(i, {"glad", "i", "did", "not"}) || at(i, {"started", "over"}) || at(i, {"doing", "great"}) || at(i, {"doin", "great"}))
            return true;
        // "I'm 30 now", "Now I'm 26": the writer's age today after a risk told in the past
        if ((at(i, {"i", "am"}) && i + 3 < t.size() && is_number(t[i + 2].text) && t[i + 3].text == "now") ||
            (at(i, {"now", "i", "am"}) && i + 3 < t.size() && is_number(t[i + 3].text)))
            return true;
        // "I'm good now", "I am well now"
        if (at(i, {"i", "am"}) && i + 3 < t.size() && in(kWell, t[i + 2].text) && t[i + 3].text == "now") return true;
        // "Now I'm safe and studying", "now I'm well." (not "now I'm fine with dying")
        if (at(i, {"now", "i", "am"}) && (i == 0 || t[i - 1].clause != t[i].clause) && i + 3 < t.size() && in(kWell, t[i + 3].text) &&
            (i + 4 == t.size() || t[i + 4].clause != t[i + 3].clause || t[i + 4].text == "and"))
            return true;
    }
    return false;
}

// A past act (a past tense just before it or its first word) in a text that speaks of
// recovery; or "a survivor of", "survived" just before.
bool resolved(const std::vector<RuleToken>& t, std::size_t first, std::size_t last) {
    for (std::size_t i = last + 1; i < t.size() && i <= last + 2; ++i)
        if (t[i].text == "survivor" || t[i].text == "survivors") return true;  // "a suicide attempt survivor"
    for (std::size_t back = 1; back <= 4 && back <= first && t[first - back].clause == t[first].clause; ++back)
        if (t[first - back].text == "survivor" || t[first - back].text == "survived") return true;
    // Not when the act is recent ("now" and "still" go with recovery: "I'm well now").
    static constexpr auto kJustNow = std::to_array<std::string_view>({
        "today", "tonight", "just", "yesterday", "hour", "hours", "minutes", "earlier", "again"});
    if (clause_has(t, first, kJustNow)) return false;
    bool past = past_tense(t[first].text);
    for (std::size_t back = 1; back <= 4 && back <= first && t[first - back].clause == t[first].clause; ++back) {
        const auto& w = t[first - back].text;
        past = past || w == "was" || w == "were" || w == "had" || w == "remember" || w == "thought" || (back <= 2 && past_tense(w) && w != "got");
    }
    // "I thought about suicide for a year. I don't anymore."
    return (past && text_has(t, kResolvedWords)) || ((past || t[first].text == "thought") && recovered_after(t, last));
}

// Suicide as the subject of a study, a guideline or a lecture: "a study on self-harm
// disclosure", "the NICE guideline on self-harm".
bool topic_of_media(const std::vector<RuleToken>& t, std::size_t first) {
    static constexpr auto kTopics = std::to_array<std::string_view>({
        "study", "studies", "guideline", "guidelines", "paper", "lecture", "training", "research",
        "course", "module", "policy", "talk", "seminar", "webinar", "workshop", "leaflet",
        "article", "book", "documentary", "podcast", "campaign", "chapter", "essay", "thesis",
        "disclosure", "disclosures", "history", "keyword", "keywords", "rates", "statistics", "dissertation",
        "predictors"});
    static constexpr auto kMentioning = std::to_array<std::string_view>({
        "mentioning", "mentions", "mention", "mentioned", "containing", "word", "words", "document",
        "documenting", "record", "recording", "code", "coding", "assess", "assessing", "researching",
        "studying", "spotting", "predictors", "prevalence"});
    if (first >= 1 && in(kMentioning, t[first - 1].text)) return true;  // "messages mentioning overdose"
    // a call-out: "attended an overdose", "a suspected overdose in ED"
    static constexpr auto kCallOut = std::to_array<std::string_view>({
        "attended", "suspected", "treated", "treating", "presents", "presented", "presenting"});
    for (std::size_t back = 1; back <= 4 && back <= first && t[first - back].clause == t[first].clause; ++back)
        if (in(kCallOut, t[first - back].text) || (back == 2 && in(kMentioning, t[first - back].text))) return true;
    for (std::size_t back = 1; back <= 3 && back < first; ++back) {
        const auto& w = t[first - back].text;
        if ((w == "on" || w == "about" || w == "into" || w == "of") && in(kTopics, t[first - back - 1].text)) return true;
    }
    return false;
}

// "today was so embarrassing i wanted to die": hyperbole, like "die of embarrassment".
bool embarrassed(const std::vector<RuleToken>& t, std::size_t first, std::size_t last) {
    static constexpr auto kEmbarrassed = std::to_array<std::string_view>({
        "embarrassing", "embarrassed", "mortifying", "mortified", "cringe", "cringey", "cringy", "awkward"});
    for (std::size_t back = 1; back <= 6 && back <= first && t[first - back].clause == t[first].clause; ++back)
        if (in(kEmbarrassed, t[first - back].text)) return true;
    return word_in(t, first, last, kEmbarrassed);
}

bool idiom_tail(const std::vector<RuleToken>& t, std::size_t first, std::size_t last) {
    // "I hope when I die I go to Jannah" hopes about what follows death; "Mondays are where hope
    // goes to die" is a saying
    if (last >= 2 && t[last - 1].text == "i" && (t[last - 2].text == "when" || t[last - 2].text == "after" || t[last - 2].text == "once") &&
        (t[first].text.starts_with("hop") || t[first].text.starts_with("pray") || t[first].text.starts_with("wish")))
        return true;
    if (t[first].text == "hope" && first + 1 < t.size() && (t[first + 1].text == "goes" || t[first + 1].text == "go" || t[first + 1].text == "went"))
        return true;
    // "I'd rather die than sing karaoke", but not "being dead seems better than this".
    static constexpr auto kLifeAfterThan = std::to_array<std::string_view>({
        "this", "living", "existing", "life", "live", "feel", "feeling", "continue", "carry", "keep"});
    // "I'd rather die then eat sprouts": "then" for "than" before a verb, not before a new subject
    static constexpr auto kSubjects = std::to_array<std::string_view>({"i", "you", "he", "she", "we", "they", "everyone", "it"});
    const bool then_for_than = last + 2 < t.size() && t[last + 1].text == "then" && t[last + 1].clause == t[last].clause &&
                               !in(kSubjects, t[last + 2].text) &&
                               ((first > 0 && t[first - 1].text == "rather") || word_in(t, first, last, std::array<std::string_view, 1>{"rather"}));
    if (last + 1 < t.size() && t[last + 1].sentence == t[last].sentence && (t[last + 1].text == "than" || then_for_than)) {
        if (last + 2 >= t.size() || t[last + 2].sentence != t[last].sentence) return true;
        const bool go_on = t[last + 2].text == "go" && last + 3 < t.size() && t[last + 3].text == "on";  // "than go on like this"
        // "than be me another day", "than being the dad who lost his kids"; not "than be seen"
        static constexpr auto kWhoIAm = std::to_array<std::string_view>({"me", "myself", "alive", "here", "stuck", "trapped", "the", "like", "this"});
        const bool being = (t[last + 2].text == "be" || t[last + 2].text == "being") && last + 3 < t.size() && in(kWhoIAm, t[last + 3].text);
        return !in(kLifeAfterThan, t[last + 2].text) && !go_on && !being;
    }
    if (last + 2 >= t.size() || t[last + 1].sentence != t[last].sentence) return false;
    const auto& next = t[last + 1].text;
    if (next == "to" && t[last + 2].text == "the" && last + 3 < t.size() && t[last + 3].text == "world") return true;  // "dead to the world"
    static constexpr auto kDyed = std::to_array<std::string_view>({"hair", "roots", "beard", "eyebrows", "shirt", "jeans", "clothes", "wool", "fabric"});
    if ((next == "my" || next == "her" || next == "his" || next == "the") && in(kDyed, t[last + 2].text)) return true;  // "want to die my hair black"
    if (next == "on" && t[last + 2].text == "the" && last + 3 < t.size() && t[last + 3].text == "spot" &&
        t[first].text == "wanted")
        return true;  // "I wanted to die on the spot" (not "I wish I could drop dead on the spot")
    return in(kIdiomTails, next) || ((next == "of" || next == "from") && in(kIdiomTails, t[last + 2].text));
}

// Where the question mark closes the question t[last] ends (past spaces and quotes), or npos.
std::size_t question_mark_after(std::string_view normalized, const std::vector<RuleToken>& t, std::size_t last) {
    std::size_t i = t[last].end;
    while (i < normalized.size() && (normalized[i] == ' ' || normalized[i] == '"' || normalized[i] == '\'')) ++i;
    return i < normalized.size() && normalized[i] == '?' ? i : std::string_view::npos;
}

// "Tried to kill myself? Never have." / "Thoughts of self-harm? No.": the phrase is in a question
// the writer answers no in the next sentence (not "No idea"; and not "Not today", which is no
// denial).
bool answered_no(std::string_view normalized, const std::vector<RuleToken>& t, std::size_t at) {
    static constexpr auto kNo = std::to_array<std::string_view>({"no", "never", "nope", "nah"});
    static constexpr auto kUnsure = std::to_array<std::string_view>({"idea", "clue", "sure", "one", "reason"});
    const auto s = t[at].sentence;
    std::size_t last = at;
    while (last + 1 < t.size() && t[last + 1].sentence == s) ++last;
    if (last + 1 >= t.size() || t[last + 1].sentence != s + 1 || !in(kNo, t[last + 1].text)) return false;
    if (question_mark_after(normalized, t, last) == std::string_view::npos) return false;
    return !(last + 2 < t.size() && t[last + 2].sentence == s + 1 && in(kUnsure, t[last + 2].text));
}

// A form's question with the "No" box ticked: "Any current thoughts of suicide? ☐ Yes ☑ No."
bool ticked_no(std::string_view normalized, const std::vector<RuleToken>& t, std::size_t last) {
    const std::size_t mark = question_mark_after(normalized, t, last);
    if (mark == std::string_view::npos) return false;
    const std::string_view after = normalized.substr(mark + 1, 40);
    for (std::string_view box : {"\u2611", "\u2612", "\u2713", "\u2714", "[x]", "[X]"})
        for (std::size_t at = after.find(box); at != std::string_view::npos; at = after.find(box, at + 1)) {
            std::size_t k = at + box.size();
            while (k < after.size() && after[k] == ' ') ++k;
            if (k + 1 < after.size() && (after[k] == 'N' || after[k] == 'n') && (after[k + 1] == 'o' || after[k + 1] == 'O'))
                return true;
        }
    return false;
}

// The next sentence opens with a bare denial: "People think I might shoot myself. I won't.",
// "Some people think I'm suicidal. I'm not, I'm just quiet."
bool denied_next(const std::vector<RuleToken>& t, std::size_t at) {
    static constexpr auto kAux = std::to_array<std::string_view>({"will", "would", "am", "do", "have", "could"});
    static constexpr auto kTail = std::to_array<std::string_view>({"ever", "though", "honestly", "really"});
    const auto s = t[at].sentence;
    std::size_t i = at;
    while (i < t.size() && t[i].sentence == s) ++i;
    if (i + 2 >= t.size() || t[i].text != "i" || !in(kAux, t[i + 1].text) || t[i + 2].text != "not") return false;
    // a clause of its own only for "I'm not": "I haven't, but I want to" and "I couldn't, I
    // came back down" deny the act, not the risk
    const bool whole_clause_will_do = t[i + 1].text == "am";
    for (std::size_t j = i + 3; j < t.size() && t[j].sentence == t[i].sentence; ++j) {
        if (whole_clause_will_do && t[j].clause != t[i].clause) break;
        if (!in(kTail, t[j].text)) return false;
    }
    return true;
}

struct Found {
    std::size_t first, last;
    std::size_t rule;
    CrisisLevel level;
    float confidence;
    bool self_harm;
    bool context_only;
};

}  // namespace

CrisisAssessment assess_crisis_normalized(std::string_view normalized) {
    return assess_crisis_tokens(normalized, rule_tokens(normalized));
}

CrisisAssessment assess_crisis_tokens(std::string_view normalized, const std::vector<RuleToken>& tokens) {
    if (auto mine = first_person(tokens)) return assess_crisis_tokens(normalized, *mine);
    CrisisAssessment out;
    out.confidence = 1;
    std::vector<PhraseMatch> matches;
    phrase_set().match(tokens, matches);
    if (matches.empty()) return out;

    std::vector<Found> found;
    float suppressed = 0;
    bool recurring = false;  // not "never again", nor "kids who do the same"
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto& w = tokens[i].text;
        static constexpr auto kCame = std::to_array<std::string_view>({"came", "come", "comes", "coming"});
        // "the thoughts came back in March"; not "never came back", "came back from Afghanistan"
        if (w == "back" && i > 1 && in(kCame, tokens[i - 1].text) && !is_negator(tokens[i - 2].text) &&
            (i + 1 == tokens.size() || tokens[i + 1].text != "from")) {
            recurring = true;
            continue;
        }
        // "cut for the first time in a year", "the first time since I was a teenager"
        if (w == "first" && i + 2 < tokens.size() && tokens[i + 1].text == "time" &&
            (tokens[i + 2].text == "since" || tokens[i + 2].text == "in") &&
            std::none_of(tokens.begin(), tokens.end(), [&](const RuleToken& y) {  // not "my attempt from 2014, the first time in a while"
                return y.sentence == tokens[i].sentence && y.text.size() == 4 && is_number(y.text);
            })) {
            recurring = true;
            continue;
        }
        if (!in(kRecurringWords, w) || (w == "again" && i > 0 && in(kNotAgain, tokens[i - 1].text))) continue;
        if (w == "again" && ((i >= 2 && tokens[i - 2].text == "never") || (i >= 3 && tokens[i - 3].text == "never")))
            continue;  // "never did it again"
        if (w == "same" && (i + 1 == tokens.size() || !in(kSameWhat, tokens[i + 1].text))) continue;
        recurring = true;
    }
    for (const auto& m : matches) {
        const Rule& r = kRules[m.rule];
        auto drop = [&] { suppressed = std::max(suppressed, r.confidence); };
        if ((r.flags & kNegatable) && negated(tokens, m.first, m.last)) { drop(); continue; }
        if (answered_no(normalized, tokens, m.first) || ticked_no(normalized, tokens, m.last)) { drop(); continue; }
        // "where my suicide letter is": a plan's things are the writer's when they are "my"
        const bool mine = mine_within(tokens, m.first, m.last) ||
                          (r.level == L::plan && m.first > 0 && tokens[m.first - 1].text == "my");
        const Who who = subject_before(tokens, m.first);
        if ((r.flags & kNeedsSelf) && !mine && who != Who::self && !sentence_has(tokens, m.first, kSelfWords)) {
            drop();
            continue;
        }
        if (!mine && who == Who::other && !owns_up(tokens) && !generic_you(tokens, m.first)) { drop(); continue; }
        if (told_to(tokens, m.first)) { drop(); continue; }
        // "had been saving her tablets": a possessive names someone else
        if (!mine && word_in(tokens, m.first, m.last, kTheirWords)) { drop(); continue; }
        if (tokens[m.first].quoted && quote_speaker(tokens, m.first) == Who::other) { drop(); continue; }
        if (!tokens[m.first].quoted && reported_speaker(tokens, m.first) == Who::other) { drop(); continue; }
        if ((r.flags & kTopic) && (topic_question(normalized, tokens, m.first) ||
                                   (m.last + 1 < tokens.size() && (tokens[m.last + 1].text.starts_with("scar") ||
                                                                   tokens[m.last + 1].text.starts_with("call") ||
                                                                   in(kTopicTails, tokens[m.last + 1].text))))) {
            drop();  // "my self harm scars are faded now", "another overdose call"
            continue;
        }
        if (denied_next(tokens, m.first)) { drop(); continue; }
        if (joking(tokens, m.first)) { drop(); continue; }
        if (tokens[m.first].quoted && quoted_from_media(tokens, m.first)) { drop(); continue; }
        if ((r.flags & kFarewell) && farewell_for_a_journey(tokens, m.first, m.last)) { drop(); continue; }
        if ((r.flags & kTreatment) && taken_as_treatment(tokens, m.first)) { drop(); continue; }
        if ((r.flags & kRecent) && (!sentence_has(tokens, m.first, kRecentWords) ||
                                    (clause_has(tokens, m.first, kTreatmentWords) && !clause_has(tokens, m.first, kLotsWords)))) {
            drop();
            continue;
        }
        if (!mine && who != Who::self && sentence_has(tokens, m.first, kMediaWords)) { drop(); continue; }
        if (topic_of_media(tokens, m.first) || sentence_has(tokens, m.first, kAcademic)) { drop(); continue; }
        if (idiom_tail(tokens, m.first, m.last) || embarrassed(tokens, m.first, m.last)) { drop(); continue; }
        if ((r.flags & kAct) && figurative(tokens, m.first, m.last)) { drop(); continue; }
        if (!recurring && (distant_past(tokens, m.first, m.last) || resolved(tokens, m.first, m.last))) { drop(); continue; }
        CrisisLevel level = (r.flags & kAct) ? act_level(tokens, m.first, m.last, r.level) : r.level;
        // Self-injury not yet done is an urge, however decided ("I'm going to cut tonight"): the
        // C-SSRS has no rung for it, and the project's routing rule makes it active.
        if ((r.flags & kSelfHarm) && level == L::plan) level = L::active;
        const bool self_harm = (r.flags & kSelfHarm) || ((r.flags & kInjury) && level == L::behavior);
        found.push_back({m.first, m.last, m.rule, level, r.confidence, self_harm, (r.flags & kContext) != 0});
    }
    // Context phrases count beside a direct one, or when two different ones agree.
    const bool any_direct = std::any_of(found.begin(), found.end(), [](const Found& f) { return !f.context_only; });
    std::size_t context_rules = 0;
    for (std::size_t i = 0; i < found.size(); ++i)
        if (found[i].context_only && std::none_of(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(i), [&](const Found& g) { return g.context_only && g.rule == found[i].rule; }))
            ++context_rules;
    if (!any_direct && context_rules < 2) std::erase_if(found, [](const Found& f) { return f.context_only; });
    if (found.empty()) {
        out.confidence = 1.0 - 0.5 * suppressed;
        out.explained_away = suppressed > 0;
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

bool mentions_crisis_vocabulary(const std::vector<RuleToken>& tokens, std::size_t first, std::size_t end) {
    static constexpr auto kList = std::to_array<std::string_view>({
        "die", "died", "dies", "dying", "dead", "death", "ded", "diee", "kms", "ctb", "od", "pills",
        "pill", "pils", "tablets", "tablet", "meds", "medication", "insulin", "paracetamol",
        "tylenol", "cut", "cuts", "cutt", "blade", "blades", "razor", "razors", "rope", "noose",
        "gun", "bullet", "bridge", "ledge", "roof", "cliff", "cliffs", "alive", "live", "living",
        "life", "wake", "woke", "waking", "goodbye", "goodbyes", "bye", "note", "notes", "letter",
        "letters", "gone", "end", "ending", "disappear", "vanish", "hurt", "hurting", "bleed",
        "bleeding", "blood", "bleach", "poison", "scars", "exhaust", "train", "traffic", "lorry",
        "mercy", "burden", "forever", "permanently", "final", "farewell", "funeral", "grave",
        "lethal", "fatal", "dose", "drown", "jump", "jumping", "lighter", "sleeping", "wrists",
        "wrist", "unalive", "here", "anymore", "over", "existing", "exist", "existed", "born",
        "myself", "heart", "woken", "dye", "shotgun", "firearm", "sea", "river", "balcony", "bath",
        "bleeds", "bled", "skin", "bite", "iron", "nails", "compass", "lightr", "sh", "medicine",
        "bottle", "dizzy", "knife", "garage", "engine", "oxycodone", "amitriptyline", "ready",
        "decided", "eyes", "off", "jumped", "jumps"});  // "jump", "jumping" above; not "jumper"
    static constexpr auto kPrefixes = std::to_array<std::string_view>({
        "kill", "kil", "suicid", "sucid", "suicd", "suisid", "sewerslid", "overdos", "burn",
        "hang", "harm", "self-harm", "selfharm", "stockpil", "hoard", "drown", "poison",
        "obituar", "scratch", "bang", "punch", "carv", "slam", "relaps", "swallow", "suffocat",
        "antidepress", "unaliv", "cutting"});
    // Called on every text: one hash look-up per word, and only the prefixes that begin with the
    // word's first letter are tried.
    static const std::unordered_set<std::string_view> kWords(kList.begin(), kList.end());
    static const auto kPrefixesByFirst = [] {
        std::array<std::vector<std::string_view>, 256> by;
        for (const auto p : kPrefixes) by[static_cast<unsigned char>(p[0])].push_back(p);
        return by;
    }();
    for (std::size_t i = first; i < end && i < tokens.size(); ++i) {
        const std::string_view w = tokens[i].text;
        if (w.empty()) continue;
        if (kWords.contains(w)) return true;
        for (const auto p : kPrefixesByFirst[static_cast<unsigned char>(w[0])])
            if (w.starts_with(p)) return true;
    }
    return false;
}

Result<CrisisAssessment> assess_crisis(std::string_view utf8) {
    auto norm = normalize(utf8);
    if (!norm) return norm.status();
    return assess_crisis_normalized(*norm);
}

}  // namespace attune::text
