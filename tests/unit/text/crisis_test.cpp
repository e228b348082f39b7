// SPDX-License-Identifier: Apache-2.0
#include "text/crisis.hpp"

#include <gtest/gtest.h>

namespace attune::text {
namespace {

CrisisAssessment grade(std::string_view text) {
    auto a = assess_crisis(text);
    EXPECT_TRUE(a.is_ok()) << text;
    return a.is_ok() ? *a : CrisisAssessment{};
}

struct Case {
    const char* text;
    CrisisLevel level;
};

void expect_levels(std::initializer_list<Case> cases) {
    for (const auto& c : cases) {
        const auto a = grade(c.text);
        EXPECT_EQ(crisis_level_name(a.level), crisis_level_name(c.level)) << c.text;
        if (c.level != CrisisLevel::none) EXPECT_FALSE(a.evidence.empty()) << c.text;
        else EXPECT_TRUE(a.evidence.empty()) << c.text;
    }
}

TEST(Crisis, LevelsOfTheLadder) {
    using L = CrisisLevel;
    expect_levels({
        {"I just want to die", L::passive},
        {"I don't want to wake up tomorrow", L::passive},
        {"everyone would be better off without me", L::passive},
        {"I've been thinking about killing myself", L::active},
        {"I've been looking up how many pills it would take", L::active},
        {"i feel suicidal again", L::active},
        {"I'm going to kill myself tonight", L::plan},
        {"I have a plan and I've written my goodbye letters", L::plan},
        {"I want to die. I've been saving up my pills.", L::plan},
        {"took a bunch of pills an hour ago", L::behavior},
        {"I tried to kill myself last night", L::behavior},
        {"my roommate stopped me before I could jump", L::behavior},
        {"I jumped from my bedroom window last night to end my life", L::behavior},
        {"I'm killing myself on Saturday", L::plan},
        {"I told my therapist 'I want to die'", L::passive},
    });
}

// Found by the companion's web test: "I feel like I can't go on anymore" read as no risk, and as
// the answer to "Are you safe right now?" it was taken for a yes.
TEST(Crisis, CannotGoOnIsPassiveIdeationAboutTheWriterOnly) {
    using L = CrisisLevel;
    expect_levels({
        {"I feel like I can't go on anymore", L::passive},
        {"i cant go on", L::passive},
        {"I can't carry on any longer", L::passive},
        {"I've given up on life", L::passive},
        {"he can't go on anymore, the injury ended his career", L::none},
        {"I can't go on like this, I need a new job", L::none},
        {"the show can't go on without the lead", L::none},
    });
}

TEST(Crisis, CatchesChatSlangAndMisspellings) {
    using L = CrisisLevel;
    expect_levels({
        {"kms", L::active},
        {"im gonna unalive myself", L::plan},
        {"i just wanna end it all", L::active},
        {"i want to kil myslef", L::active},
        {"feeling sucidal rn", L::active},
        {"I WANT TO DIE", L::passive},
        {"i want to diee", L::passive},
    });
}

TEST(Crisis, DoesNotFireOnIdiomsNegationsOthersFictionOrResolvedHistory) {
    using L = CrisisLevel;
    expect_levels({
        {"this exam is killing me", L::none},
        {"I'm dying to see it", L::none},
        {"I killed it at the gym today", L::none},
        {"I want to die of embarrassment", L::none},
        {"I'm killing myself trying to finish this thesis", L::none},
        {"I cut myself shaving", L::none},
        {"I would never hurt myself", L::none},
        {"I'm not suicidal", L::none},
        {"no thoughts of ending my life", L::none},
        {"Patient denies suicidal ideation", L::none},
        {"my brother attempted last year", L::none},
        {"she said she wanted to die", L::none},
        {"the character kills himself in the finale", L::none},
        {"I read an article about suicide rates", L::none},
        {"I self-harmed as a teenager but I've been clean for ten years", L::none},
        {"I tried to kill myself when I was 16 but I'm in a much better place now", L::none},
        {"I feel so hopeless about this job", L::none},
        {"My friend texted me 'i want to die' and went offline", L::none},
        {"I'd rather die than sing karaoke in front of my boss", L::none},
        {"Two years free of self-harm today!", L::none},
        {"Ten years ago today I was in hospital after an overdose. I'm so grateful.", L::none},
        {"The doctor asked if I'd thought about ending my life and I said no", L::none},
        {"I took two ibuprofen for my headache an hour ago", L::none},
        {"I burned my hand on the oven tray while baking", L::none},
    });
}

// Found when a third, independent writer's statements (tests/fixtures/crisis/dev3.tsv) were
// first graded: each is a general mechanism, not a sentence.
TEST(Crisis, ThirdWriterMechanisms) {
    using L = CrisisLevel;
    expect_levels({
        // "no joke", "not kidding" vouch for what follows rather than deny it
        {"no joke i hope i die in my sleep", L::passive},
        {"I'm not kidding, I want to die.", L::passive},
        // a pattern whose own "never" is no denial
        {"I wish I had never been born.", L::passive},
        // prayers to die
        {"Every night I pray God takes me in my sleep.", L::passive},
        // a number as an alternative: "took 20 of my quetiapine"
        {"I took 20 of my quetiapine an hour ago.", L::behavior},
        // "a handful" is no treatment dose
        {"I ate a handful of the rat poison tonight.", L::behavior},
        // "used" is history only in "used to"
        {"I used the kettle water on my hand on purpose.", L::behavior},
        {"I used to cut as a teenager but I haven't for years.", L::none},
        // "school" in a time to come is not a distant past
        {"I'm going to hang myself once the kids are at school.", L::plan},
        // "my mind keeps circling back" is not "made up my mind"
        {"My mind keeps circling back to ending my life.", L::active},
        // slang acts take a time as well as verbs do
        {"kms tonight for real", L::plan},
        // a preparation made for the act
        {"I've booked a train to the coast to jump from the cliffs.", L::plan},
        {"I've chosen how and when.", L::plan},
        {"Whoever finds my body won't have to deal with a mess.", L::plan},
    });
}

TEST(Crisis, FourthWriterMechanisms) {
    using L = CrisisLevel;
    expect_levels({
        // "than this" compares with life, not with a chore ("rather die than sing karaoke")
        {"Being dead sounds better than this.", L::passive},
        {"I'd rather die than sing karaoke.", L::none},
        // a clock time is no age: "at 6:14" does not date the plan to childhood
        {"The last train leaves at 11:40 and I'm going to be on the tracks.", L::plan},
        {"I tried to hang myself at 15, therapy helped and I'm in a good place now.", L::none},
        // a year or age right after the act dates it, whatever follows
        {"I took an overdose in 2012 and now I run a peer group.", L::none},
        // a past act beside words of recovery is history; "fine" is not recovery
        {"I was suicidal after the redundancy, my GP helped and I'm stable now.", L::none},
        {"I was suicidal all week and I'm fine, leave it.", L::active},
        {"Four years since I stopped self-harming.", L::none},
        // a study on suicide, an ideation that resolved, urges that have not come back
        {"I'm writing a thesis on self-harm in prisons.", L::none},
        {"Suicidal ideation resolved after the medication change.", L::none},
        {"The urge to self-harm has not come back.", L::none},
        // "never again" is not a recurrence
        {"I burned myself once at university, never again.", L::none},
        // hyperbole and objects: "for a coffee", "unalive this pizza"
        {"I'd jump off a bridge for a decent coffee right now.", L::none},
        {"gonna unalive this burger", L::none},
        // an overdose on what is at hand, not on Netflix
        {"I keep thinking how easy it would be for me to overdose on what's in the cabinet.", L::active},
        // interrupted at a height, a ligature that broke
        {"a stranger talked me down off the bridge an hour ago", L::behavior},
        {"the belt snapped and I'm on the bathroom floor", L::behavior},
        // wishes said sideways
        {"i'm so over being alive", L::passive},
        {"honestly I'd be glad if the scan found something that took me fast", L::passive},
        {"I want my life to be over.", L::passive},
        {"hoping i don't make it to christmas", L::passive},
        // a plan said with its date and its means
        {"I'm going to run the engine with the hose in the garage tomorrow.", L::plan},
        {"I'll book a room so nobody I love finds me when I kill myself.", L::plan},
    });
}

TEST(Crisis, FifthWriterMechanisms) {
    using L = CrisisLevel;
    expect_levels({
        // a negation does not reach into a clause opened by "when", "after", "because"
        {"Nobody will even notice when I kill myself.", L::plan},
        {"I have never once thought about ending my life.", L::none},
        {"I'm nowhere near wanting to die.", L::none},
        // someone else's words and acts, even with "me" in the phrase
        {"My flatmate keeps saying \"I want to die\" and I'm worried.", L::none},
        {"She just told me she took a handful of pills.", L::none},
        // history: an age in words, "the winter of 2019", a survivor, remission
        {"I attempted suicide when I was nineteen and I'm happy now.", L::none},
        {"The winter of 2019, when I wanted to die, feels like another life.", L::none},
        {"I'm a suicide attempt survivor and today I gave a talk.", L::none},
        {"During treatment I remember wishing I wouldn't wake up; I'm in remission now.", L::none},
        {"I've been free of suicidal thoughts for two years.", L::none},
        {"I hurt myself a lot at school, now I help kids who do the same.", L::none},
        // ... but not when the act is recent
        {"I tried to hang myself yesterday, I'm stable now in hospital.", L::behavior},
        // a negated plan marker is no plan
        {"No, I haven't been saving up any pills.", L::none},
        // urges held back are still urges
        {"Trying not to self-harm tonight, the urge is huge.", L::active},
        {"Two months without cutting and the urges are back.", L::active},
        // plans: a means named, a goodbye and what is about to happen
        {"taking myself out tomorrow, the revolver is in my bag", L::plan},
        {"This is my goodbye. I'm sorry for what I'm about to do.", L::plan},
        {"I keep thinking about drinking the weedkiller in the shed.", L::active},
        {"pray i dont wakeup tomorrow", L::passive},
    });
}

TEST(Crisis, SixthWriterMechanisms) {
    using L = CrisisLevel;
    expect_levels({
        // questions about suicide are not statements of it
        {"The nurse asked about self-harm and I said no.", L::none},
        {"We went through the standard questions about suicide at intake.", L::none},
        // the topic of a list, a policy or a clinic note
        {"The filter should hold back messages mentioning overdose.", L::none},
        {"She has a history of self-harm and is currently well.", L::none},
        // objects and other people's belongings
        {"i want to unalive my alarm clock", L::none},
        {"You cut me deep with that comment.", L::none},
        {"My aunt had been hoarding her tablets and the carer found them.", L::none},
        // history said in the next sentence, or by an anniversary
        {"I gave my things away because I planned to die. That was 2011.", L::none},
        {"It's the anniversary of my overdose and I'm grateful to be here.", L::none},
        {"I tried to overdose this evening. That was an hour ago.", L::behavior},
        {"I wanted to die for a long time; two years on, I'm living again.", L::none},
        // hyperbole of embarrassment; an accident in the kitchen, but not an intent
        {"it was so embarrassing i wanted to die", L::none},
        {"cut myself on the mandoline making dinner", L::none},
        {"I keep thinking about burning my arm on the stove ring.", L::active},
        // wishes said sideways, misspelt
        {"I hope the cancer wins soon.", L::passive},
        {"i just want to be deade", L::passive},
        {"I want to go to sleep and never respawn.", L::passive},
        {"I want to stay asleep for good.", L::passive},
        {"I keep thinking about crashing the car into a tree.", L::active},
    });
}

// What dev8.tsv and dev9.tsv (graded blind first) showed the rules missing: death wished on
// oneself through an illness or an accident, acceptance of death, a method said with its
// purpose, dates and preparations said sideways, poisons from the shed, and "this evening" as
// recent.
TEST(Crisis, EighthAndNinthWriterMechanisms) {
    using L = CrisisLevel;
    expect_levels({
        {"Honestly I hope this pneumonia takes me.", L::passive},
        {"I keep wishing the chemo would just finish the job.", L::passive},
        {"Each flight I hope it crashes with me on it.", L::passive},
        {"I'd welcome a heart attack, to be honest.", L::passive},
        {"I'd be fine with dying in my sleep tonight.", L::passive},
        {"Wouldn't mind being dead, if I'm honest.", L::passive},
        {"My brother would get some peace if I died.", L::passive},
        {"I've wondered whether gassing myself would hurt.", L::active},
        {"At the quarry I think about climbing the edge and jumping off to die.", L::active},
        {"The scars have faded and I want to add fresh ones.", L::active},
        {"Having urges to headbang again tonight.", L::active},
        {"I'm ending things next week, I've decided.", L::plan},
        {"Said goodbye to the lads before I end it.", L::plan},
        {"I've been keeping back my sertraline to end it with.", L::plan},
        {"im checking out for good this weekend", L::plan},
        {"I just drank the weedkiller in the garage.", L::behavior},
        {"I cut my arm this evening for the first time since I was a teenager.", L::behavior},
        // and not
        {"I'm ending things with him this month.", L::none},
        {"I'd welcome a break from this heat.", L::none},
        {"Took my evening tablets and went to bed.", L::none},
        {"I hope she doesn't recover the deposit.", L::none},
    });
}

// What dev10.tsv (graded blind first) showed: questions answered no, someone else shouting the
// words, prayers to be taken, preparations for after one's death, and self-injury with a tool or
// over and over.
TEST(Crisis, TenthWriterMechanisms) {
    using L = CrisisLevel;
    expect_levels({
        {"Want to kill myself? No. Want a holiday? Very much.", L::none},
        {"Self-harm thoughts? Never, thankfully.", L::none},
        {"Do I want to die? No idea anymore, honestly I might.", L::passive},
        {"Do I want to kill myself? Not today.", L::active},
        {"My daughter screams \"I want to die\" when the wifi drops.", L::none},
        {"Every evening I'm praying to be taken.", L::passive},
        {"I'd be glad if the scan showed I only had months left.", L::passive},
        {"I'd be happy to die.", L::passive},
        {"The team would be better off with me gone.", L::passive},
        {"the unalive thoughts came back this week", L::active},
        {"I've got the pills ready for Sunday.", L::plan},
        {"I intend to be dead before my birthday.", L::plan},
        {"By the time you read this I will have killed myself.", L::plan},
        {"I used the box cutter on my arm after dinner.", L::behavior},
        {"I punched my legs over and over until they went numb.", L::behavior},
    });
}

// What dev11.tsv (graded blind first) showed: self-injury named by what was done (hunger and
// exercise as punishment, whipping, scratches with a razor, a cigarette on the skin), prayers
// and waiting to die, burdens, method words (helium, the exhaust), a date for one's suicide;
// and false alarms from speech reported without quotes, questions about the topic, clinical
// admin, a joke marked "jk" and an accident with a cat.
TEST(Crisis, EleventhWriterMechanisms) {
    using L = CrisisLevel;
    expect_levels({
        {"I'm going to skip meals all week as punishment.", L::active},  // self-injury intended: active
        {"Did a punishment run after dinner, six miles on my bad knee.", L::behavior},
        {"I skipped lunch, so I deserve a big dinner.", L::none},
        {"Exercised for three hours yesterday because I deserved the pain.", L::behavior},
        {"Last night I whipped my legs with a phone charger.", L::behavior},
        {"a few scratches with the blade last night, not deep", L::behavior},
        {"I stubbed my cigarette out on my wrist.", L::behavior},
        {"I haven't eaten since Monday because I don't deserve food.", L::behavior},
        {"I pray every night that the Lord will end my days.", L::passive},
        {"I'd be relieved to slip away in my sleep.", L::passive},
        {"Everyone's gone now. I'm waiting to go and I hope it's soon.", L::passive},
        {"Losing me would be a relief for all of them.", L::passive},
        {"I can't get suicide out of my mind lately.", L::active},
        {"The helium tank and the tubing are in the boot and I know what they're for.", L::plan},
        {"There's a date for my suicide now.", L::plan},
        {"I was suicidal in 2015, then the thoughts of killing myself came back this spring.", L::active},
        {"My flatmate said I want to die about the washing-up rota.", L::none},
        {"The narrator of my novel says I wish I was dead in chapter two.", L::none},
        {"Does DBT work for self-harm?", L::none},
        {"Anyone else get suicidal thoughts at night?", L::active},
        {"Safeguarding referral made after a pupil's self-harm disclosure.", L::none},
        {"i'll kms if the printer jams again lol jk", L::none},
        {"The scratch on my hand is from my cat.", L::none},
        {"Stop asking if I'm going to hurt myself, I'm not.", L::none},
        {"I suffered from suicidal thoughts in my twenties; it's been ten years and I'm well.", L::none},
    });
}

// What dev12.tsv (graded blind first) showed: chat that speaks of the writer in the third
// person, envy of the dead, "2" for "to", pills kept back, a noose ready, self-punishment with
// "I don't deserve"; and false alarms from song lyrics in quotes, goodbyes before a journey,
// ending a streak and a dose for a toothache.
TEST(Crisis, TwelfthWriterMechanisms) {
    using L = CrisisLevel;
    expect_levels({
        {"ur girl wants to die tonight", L::passive},
        {"your boy has decided, he's killing himself on friday", L::plan},
        {"this guy right here keeps thinking about ending his life", L::active},
        {"yours truly would like to be dead", L::passive},
        {"your girl said she wants to die when her phone broke", L::none},
        {"this girl in my class wants to die of embarrassment", L::none},
        {"i'm jealous of people who died", L::passive},
        {"i wnt 2 b dead", L::passive},
        {"The tablets I saved are in the drawer.", L::plan},
        {"My meds saved my life.", L::none},
        {"No plans, no pills saved, I'm just tired.", L::none},
        {"The noose is tied, and the pills in my wardrobe are for Sunday.", L::plan},
        {"Ran till I was sick tonight because I don't deserve to eat.", L::behavior},
        {"Sixty days without self-harm and I'm desperate to do it again.", L::active},
        {"the chorus \"i wanna die\" is stuck in my head", L::none},
        {"Writing goodbye letters to my host family before I fly home.", L::none},
        {"Writing my suicide note before the trip.", L::plan},
        {"I've decided to end my gym membership.", L::none},
        {"I've decided to end it this weekend.", L::plan},
        {"how many paracetamol can I take for a headache?", L::none},
        {"how many paracetamol would it take to kill me?", L::active},
    });
}

// What dev13.tsv (graded blind first) showed: understated wishes of older writers (prayers to
// the Almighty, "pushing up daisies", "wouldn't mind if the bull got me", not coming home),
// stopping food or medicine in order to die, a last week on earth, stitches torn out on purpose;
// and false alarms from resolved history dated in the next sentence ("Eight years clean and I
// love my life"), "once", decades, "never did it again", a bare "I won't.", a counsellor
// checking whether, old scars, and a date for scattering ashes.
TEST(Crisis, ThirteenthWriterMechanisms) {
    using L = CrisisLevel;
    expect_levels({
        {"Every night I ask the Almighty to stop my heart.", L::passive},
        {"I'd be glad to be pushing up daisies.", L::passive},
        {"Wouldn't mind if the storm took me.", L::passive},
        {"If I didn't make it home from the next trip I'd be fine with that.", L::passive},
        {"They'd be spared a lot if I was dead.", L::passive},
        {"I've stopped my insulin, I want to die and this is how.", L::plan},
        {"This is my last week on earth.", L::plan},
        {"I pulled the stitches out of my arm on purpose tonight.", L::behavior},
        {"Ten days without hurting myself and the pull to do it again is strong.", L::active},
        {"I wanted to die after the accident. Six years on I'm running again.", L::none},
        {"I overdosed on purpose when I was using. Ten years clean now.", L::none},
        {"I once tried to end my life; I'm a grandfather now.", L::none},
        {"In the nineties I cut myself. I got help and never did it again.", L::none},
        {"Everyone assumes I might kill myself. I won't.", L::none},
        {"The nurse checked whether I had suicidal thoughts; I don't.", L::none},
        {"My self-harm scars have faded.", L::none},
        {"We've set the date for the wedding.", L::none},
        {"I've set the date for the 9th and the pills are in my drawer.", L::plan},
    });
}

// What dev14.tsv, dev15.tsv and dev16.tsv (graded blind first) showed: clinical self-report
// ("passive SI", command voices), wound care, the Englishes of the world ("I am not feeling to
// live", Scots, "I'm after taking"), poisons drunk, saved ward medication; and false alarms from
// an age or "school" in a sentence that speaks of now, a clock time read as an age, dose
// questions, call-outs to an overdose, "once upon a time" and "Sober six years now".
TEST(Crisis, FourteenthToSixteenthWriterMechanisms) {
    using L = CrisisLevel;
    expect_levels({
        {"passive SI is back this week", L::passive},
        {"the voices keep telling me to burn myself", L::active},
        {"Changed the dressing on last night's cuts.", L::behavior},
        {"I am not feeling to live anymore.", L::passive},
        {"cannae stop wishin I was deid", L::passive},
        {"I dinnae want tae die, I'm just tired.", L::none},
        {"I'm after taking all my tablets.", L::behavior},
        {"I drank the weedkiller an hour ago.", L::behavior},
        {"I've been hiding my quetiapine and I'm going to take the lot on Friday.", L::plan},
        {"I have a suicide plan.", L::plan},
        {"I'd rather be dead than go on like this.", L::passive},
        {"I'd rather die than go to the dentist.", L::none},
        {"I'm 34 and wanting to be dead at 34 scares me.", L::passive},
        {"I do the school run and think about suicide all day.", L::active},
        {"At 15 I cut myself a lot; I'm 40 now.", L::none},
        {"Logged the call at 5 and thought about killing myself all evening.", L::active},
        {"How many ibuprofen can I take in 24 hours?", L::none},
        {"Attended an overdose on the estate tonight.", L::none},
        {"Once upon a time I'd have wanted to die after a week like this.", L::none},
        {"I wished I was dead every morning back then. Sober six years now.", L::none},
        {"I wanted to die on the spot when my phone rang in the exam.", L::none},
    });
}

// What dev17.tsv and dev18.tsv (graded blind first) showed: "overdosed on purpose", "hung
// myself", a voice in one's head, "no more" before a new "I", "my suicide letter" among someone
// else's things, wishes said bluntly ("I should be dead", "sick of breathing"); and false alarms
// from doses in milligrams, checklists answered "none" or "no", "clean 5 years", "it's been 8
// years", "dead to the world" and a case note that "presents after" an overdose.
TEST(Crisis, SeventeenthAndEighteenthWriterMechanisms) {
    using L = CrisisLevel;
    expect_levels({
        {"overdosed on purpose, in a&e now", L::behavior},
        {"I hung myself in the garage last night and the rope slipped.", L::behavior},
        {"my head keeps saying kill yourself", L::active},
        {"cant do this no more i wanna die", L::passive},
        {"I told my sister where my suicide letter is.", L::plan},
        {"I'm a waste of space and I should be dead.", L::passive},
        {"I wish I could drop dead on the spot, I'm sick of breathing.", L::passive},
        {"I wanted to die on the spot when the teacher read it out.", L::none},
        {"Took 40 mg of citalopram at 8, as prescribed.", L::none},
        {"Suicidal thoughts: none. Self-harm: none.", L::none},
        {"Wanting to die, no. Wanting a holiday, yes.", L::none},
        {"I want to die, no joke.", L::passive},
        {"I used to cut myself in every hostel, clean 5 years now.", L::none},
        {"I tried to jump once, it's been 8 years and I'm well.", L::none},
        {"I was dead to the world after the night shift.", L::none},
        {"Case: presents after a paracetamol overdose, NAC started.", L::none},
    });
}

// What dev19.tsv ... dev22.tsv (graded blind first) showed: wishes said through what death would
// be ("being dead would be kinder"), prayers put as "let me", "I haven't wanted to be alive";
// self-injury named by its result on the body ("until they bled", "on purpose", "my own hand");
// terse plans ("Pills counted. Note written."), poisons kept for later, interrupted attempts
// (a head in the loop, pills spat out, a car started "to die"); a denial's reach ending at a new
// "I" ("without my dog I wish ..."); and false alarms from accidents told before the act, hopes
// about what follows death, sayings, a past told as over ("I don't anymore", "Now I'm happy")
// and others' beliefs denied ("I'm not, just tired").
TEST(Crisis, NineteenthToTwentySecondWriterMechanisms) {
    using L = CrisisLevel;
    expect_levels({
        {"Death sounds peaceful, honestly.", L::passive},
        {"Being dead would be kinder than this.", L::passive},
        {"I wish I'd drowned that day on the boat.", L::passive},
        {"Please, let me just be dead by the morning.", L::passive},
        {"let me not wake up tmrw", L::passive},
        {"I haven't wanted to be alive since the summer.", L::passive},
        {"Both of us, me and my shadow: neither of us wants to be alive.", L::passive},
        {"If I pass in my sleep tonight, fine.", L::passive},
        {"I wish I'd never woken up from the operation.", L::passive},
        {"seriously thinking about offing myself", L::active},
        {"I'm going to jump off the viaduct on Friday.", L::plan},
        {"I timed my suicide for the week my mum is away.", L::plan},
        {"I picked the night I'm going to die.", L::plan},
        {"The bleach is under the sink and I'm going to drink it when the flat is empty.", L::plan},
        {"I scraped my calves with the grater until they bled, ten minutes ago.", L::behavior},
        {"I want to hold my fingertips on the hob until they blister.", L::active},
        {"I smashed my own hand with the hammer last night.", L::behavior},
        {"Pills counted. Note written.", L::plan},
        {"I put my neck into the loop tonight and took it off again.", L::behavior},
        {"I nearly killed myself tonight, the tablets were in my hand.", L::behavior},
        {"I had the pills in my mouth and spat them out when the door went.", L::behavior},
        {"I started the car in the shut garage an hour ago to die and switched it off.", L::behavior},
        {"Without my dog I wish I was dead.", L::passive},
        {"I'd rather be dead than be me for one more year.", L::passive},
        {"I nearly killed myself tripping over the dog's lead.", L::none},
        {"I slipped on the stairs and bruised my shin.", L::none},
        {"The cat scratched my hand when I picked her up.", L::none},
        {"I hope when I die they play my favourite song.", L::none},
        {"Fridays are where hope goes to die.", L::none},
        {"I wanted to die after the break-up. Now I'm happy and settled.", L::none},
        {"I thought about suicide for a year after the crash. I don't anymore.", L::none},
        {"My sister thinks I'm suicidal. I'm not, just tired.", L::none},
        {"no self-harm urges this week, mood 7/10", L::none},
        {"I think about taking all my tablets at once. I haven't, but I want to.", L::active},
    });
}

// What dev23.tsv ... dev25.tsv (graded blind first) showed: "you" in a question asked of the world
// ("what do you do when you dont want to be alive"), "asking for me", chat spellings ("wnna"),
// wishes for an accident or a diagnosis, "by my own hand", a countdown, "attempted an hour ago",
// "drunk" poison, a relapse "for the first time in two years", "like I used to" as a comparison,
// vets' drugs; and false alarms from another's words or belief ("told me to", "thinks I'm"),
// forms ("☑ No", "denies", ": 0"), a past said to be over ("That passed", "I'm good now") and
// hopelessness about "anything".
TEST(Crisis, TwentyThirdToTwentyFifthWriterMechanisms) {
    using L = CrisisLevel;
    expect_levels({
        {"what do you do when you dont want to be alive anymore", L::passive},
        {"how to stop yourself from wanting to burn right now", L::active},
        {"do people message a bot to say they want to die? asking for me", L::passive},
        {"i wnna die tbh", L::passive},
        {"I hope I get hit by a lorry on the way home.", L::passive},
        {"If I got a cancer diagnosis I'd honestly be relieved.", L::passive},
        {"I'd be doing everyone a favour by dying.", L::passive},
        {"I'll go on Sunday, by my own hand.", L::active},
        {"countdown to my suicide: 4 days", L::plan},
        {"attempted an hour ago, feel sick", L::behavior},
        {"I've just drunk the antifreeze.", L::behavior},
        {"I burned my arm tonight for the first time in two years.", L::behavior},
        {"the urge to scratch my legs raw is back, like I used to", L::active},
        {"I brought the pentobarbital home from work. It is for me, on Friday.", L::plan},
        {"My head keeps telling me to kill myself.", L::active},
        {"My ex told me to kill myself. Blocked him.", L::none},
        {"Form: Any thoughts of self-harm? ☐ Yes ☑ No", L::none},
        {"Suicidal ideation — denies. Self-harm — none.", L::none},
        {"Urges to self-harm: 0 | mood 7", L::none},
        {"My mum thinks I'm suicidal because I stay in my room, but I'm just revising.", L::none},
        {"I wanted to die after the bankruptcy. That passed.", L::none},
        {"I had suicidal thoughts after the accident. I'm good now.", L::none},
        {"I can't see the point of anything this week.", L::none},
        {"Can you suggest apps for self-harm urges for my patients?", L::none},
    });
}

// What dev26.tsv ... dev31.tsv (graded blind first) showed: a negation with a subject of its own
// does not reach a new "I" ("whenever my son doesn't call I think I'd be better off dead"), doses
// "three hours ago" are not dosing, "cutting rn", older writers' idioms ("pop my clogs", "can't come
// soon enough"), an urge that "hasn't gone away"; laughter is no joke ("lol i took a bunch of
// pills"); and false alarms from "one more time" hyperbole, "(kidding)", hair dye, "rather die
// then ...", "od'd on energy drinks", fiction, a question answered no, and a past said to be over
// ("They passed, and I'm 34 now", "I'm glad I didn't").
TEST(Crisis, TwentySixthToThirtyFirstWriterMechanisms) {
    using L = CrisisLevel;
    expect_levels({
        {"Whenever my son doesn't call I think I'd be better off dead.", L::passive},
        {"It's not that I want to die, I just want a holiday.", L::none},
        {"Being tired doesn't mean I want to end it.", L::none},
        {"I took 25 paracetamol three hours ago.", L::behavior},
        {"cutting rn. cant stop", L::behavior},
        {"ate a whole box of my sleeping pills after tea", L::behavior},
        {"I'd like to pop my clogs, tonight if it could be.", L::passive},
        {"Death can't come soon enough for me.", L::passive},
        {"wish today was my last", L::passive},
        {"The urge to burn myself hasn't gone away this week.", L::active},
        {"lol i took a bunch of pills an hour ago", L::behavior},
        {"if the kettle whistles one more time I'll throw myself out the window", L::none},
        {"unaliving myself rn (kidding)", L::none},
        {"I want to die my hair blue for the festival.", L::none},
        {"I'd rather die then sit through that meeting.", L::none},
        {"i od'd on energy drinks today", L::none},
        {"In the fic, she writes a goodbye letter before the duel.", L::none},
        {"The nurse asked me if I want to hurt myself. I said no.", L::none},
        {"I had suicidal thoughts at uni. They passed, and I'm 34 now.", L::none},
        {"I thought about ending it after the divorce. I'm glad I didn't.", L::none},
    });
}

// An overdose on a drug is no idiom, and "od'd" (read "od would") is an act: found on review, when
// "I overdosed on paracetamol last night" was read like "I overdosed on Netflix".
TEST(Crisis, OverdoseOnADrugIsNoIdiom) {
    using L = CrisisLevel;
    expect_levels({
        {"I overdosed on paracetamol last night.", L::behavior},
        {"od'd on my sertraline an hour ago", L::behavior},
        {"i od'd last night, in a&e now", L::behavior},
        {"I overdosed on Netflix this weekend and my eyes feel square.", L::none},
        {"i od'd on energy drinks today", L::none},
    });
}

TEST(Crisis, SelfHarmFlagAndLevel) {
    auto a = grade("I just cut again");
    EXPECT_EQ(a.level, CrisisLevel::behavior);
    EXPECT_TRUE(a.self_harm);
    a = grade("I'm scared I'll hurt myself");
    EXPECT_EQ(a.level, CrisisLevel::active);
    EXPECT_TRUE(a.self_harm);
    a = grade("I want to die");
    EXPECT_FALSE(a.self_harm);
}

TEST(Crisis, DistantPastIsHistoryUnlessItIsComingBack) {
    auto a = grade("I tried to kill myself when I was 16.");
    EXPECT_EQ(a.level, CrisisLevel::none);
    EXPECT_LT(a.confidence, 1.0);  // the rules saw it and explain it away
    a = grade("I tried to kill myself when I was 16 and lately it feels the same again.");
    EXPECT_NE(a.level, CrisisLevel::none);
}

TEST(Crisis, EvidenceIsTheTextAsWritten) {
    const auto a = grade("Honestly? I just WANNA DIE lol");
    ASSERT_EQ(a.evidence.size(), 1u);
    EXPECT_EQ(a.evidence[0], "WANNA DIE");
}

TEST(Crisis, RiskInOneSentenceOfALongEntry) {
    std::string entry;
    for (int i = 0; i < 200; ++i) entry += "Work was long and the bus was late again. ";
    entry += "Some nights I wish I could go to sleep and never wake up. ";
    for (int i = 0; i < 200; ++i) entry += "Dinner was fine. ";
    const auto a = grade(entry);
    EXPECT_EQ(a.level, CrisisLevel::passive);
    ASSERT_FALSE(a.evidence.empty());
    EXPECT_EQ(a.evidence[0], "wish I could go to sleep and never wake up");
}

TEST(Crisis, ConfidenceIsAProbabilityAndNoneIsSure) {
    EXPECT_DOUBLE_EQ(grade("What a lovely day").confidence, 1.0);
    const auto a = grade("I want to kill myself, I want to die, kms");
    EXPECT_GT(a.confidence, 0.85);
    EXPECT_LE(a.confidence, 1.0);
}

TEST(Crisis, InvalidUtf8IsAnError) {
    EXPECT_FALSE(assess_crisis("bad \xff byte").is_ok());
}

TEST(CrisisVocabulary, WordsAndPrefixesWithinTheRangeGiven) {
    auto mentions = [](std::string_view text) {
        const auto t = rule_tokens(text);
        return mentions_crisis_vocabulary(t, 0, t.size());
    };
    EXPECT_TRUE(mentions("I took the pills"));           // a word of the list
    EXPECT_TRUE(mentions("thinking about suicidal stuff"));  // a prefix
    EXPECT_TRUE(mentions("KILLING time"));               // rule tokens are lower case
    EXPECT_FALSE(mentions("I made pasta tonight"));
    EXPECT_FALSE(mentions("pill-shaped candy"));          // a word must be whole, not a prefix
    EXPECT_FALSE(mentions("the chair, my jumper and the cold mug"));  // a jumper is no jump
    EXPECT_TRUE(mentions("he jumped"));
    EXPECT_FALSE(mentions(""));
    const auto t = rule_tokens("pasta tonight. I took the pills");
    EXPECT_FALSE(mentions_crisis_vocabulary(t, 0, 2));
    EXPECT_TRUE(mentions_crisis_vocabulary(t, 2, t.size()));
    EXPECT_TRUE(mentions_crisis_vocabulary(t, 2, 100));  // an end past the tokens is cut
}

}  // namespace
}  // namespace attune::text
