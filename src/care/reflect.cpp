// SPDX-License-Identifier: Apache-2.0
// Reflection: naming the feeling a person expressed and acknowledging how strong it is, the
// first skill of person-centred listening (Rogers 1957; Miller & Rollnick's "complex
// reflections"). The person's own feeling word comes first; otherwise the text engine's
// strongest emotion. Phrasings are never repeated within a conversation, and there are no stock
// platitudes ("everything happens for a reason", "stay positive"): a reflection says back what
// was heard, nothing more.
#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include "internal.hpp"

namespace attune::care::detail {
namespace {

struct FeelingWord {
    std::string_view word;  // as the person may write it
    std::string_view adjective, noun;
    FeelingGroup group;
};

// Feeling words people use for themselves, reflected in their own terms. "depressed" is
// reflected as "really low": the companion does not use diagnostic words.
constexpr FeelingWord kFeelingWords[] = {
    {"overwhelmed", "overwhelmed", "overwhelm", FeelingGroup::distress},
    {"stressed", "stressed", "stress", FeelingGroup::distress},
    {"anxious", "anxious", "anxiety", FeelingGroup::distress},
    {"worried", "worried", "worry", FeelingGroup::distress},
    {"nervous", "nervous", "nervousness", FeelingGroup::distress},
    {"panicky", "panicky", "panic", FeelingGroup::distress},
    {"panicking", "panicky", "panic", FeelingGroup::distress},
    {"scared", "scared", "fear", FeelingGroup::distress},
    {"afraid", "afraid", "fear", FeelingGroup::distress},
    {"terrified", "terrified", "fear", FeelingGroup::distress},
    {"angry", "angry", "anger", FeelingGroup::distress},
    {"furious", "furious", "anger", FeelingGroup::distress},
    {"frustrated", "frustrated", "frustration", FeelingGroup::distress},
    {"irritated", "irritated", "irritation", FeelingGroup::distress},
    {"annoyed", "annoyed", "annoyance", FeelingGroup::distress},
    {"tense", "tense", "tension", FeelingGroup::distress},
    {"restless", "restless", "restlessness", FeelingGroup::distress},
    {"lonely", "lonely", "loneliness", FeelingGroup::low},
    {"alone", "alone", "loneliness", FeelingGroup::low},
    {"isolated", "isolated", "isolation", FeelingGroup::low},
    {"sad", "sad", "sadness", FeelingGroup::low},
    {"down", "down", "heaviness", FeelingGroup::low},
    {"low", "low", "heaviness", FeelingGroup::low},
    {"depressed", "low", "heaviness", FeelingGroup::low},
    {"hopeless", "hopeless", "hopelessness", FeelingGroup::low},
    {"empty", "empty", "emptiness", FeelingGroup::low},
    {"numb", "numb", "numbness", FeelingGroup::low},
    {"exhausted", "exhausted", "exhaustion", FeelingGroup::low},
    {"tired", "tired", "tiredness", FeelingGroup::low},
    {"drained", "drained", "exhaustion", FeelingGroup::low},
    {"guilty", "guilty", "guilt", FeelingGroup::low},
    {"ashamed", "ashamed", "shame", FeelingGroup::low},
    {"embarrassed", "embarrassed", "embarrassment", FeelingGroup::low},
    {"hurt", "hurt", "hurt", FeelingGroup::low},
    {"rejected", "rejected", "rejection", FeelingGroup::low},
    {"heartbroken", "heartbroken", "heartbreak", FeelingGroup::low},
    {"lost", "lost", "uncertainty", FeelingGroup::low},
    {"stuck", "stuck", "frustration", FeelingGroup::low},
    {"miserable", "miserable", "misery", FeelingGroup::low},
    {"jealous", "jealous", "jealousy", FeelingGroup::distress},
    {"confused", "confused", "confusion", FeelingGroup::neutral},
    {"happy", "happy", "happiness", FeelingGroup::positive},
    {"glad", "glad", "gladness", FeelingGroup::positive},
    {"calm", "calm", "calm", FeelingGroup::positive},
    {"relieved", "relieved", "relief", FeelingGroup::positive},
    {"proud", "proud", "pride", FeelingGroup::positive},
    {"grateful", "grateful", "gratitude", FeelingGroup::positive},
    {"thankful", "thankful", "gratitude", FeelingGroup::positive},
    {"excited", "excited", "excitement", FeelingGroup::positive},
    {"hopeful", "hopeful", "hope", FeelingGroup::positive},
    {"content", "content", "contentment", FeelingGroup::positive},
    {"peaceful", "peaceful", "peace", FeelingGroup::positive},
};

// Each GoEmotions label as a feeling, in emotion_names() order.
constexpr std::array<FeelingWord, text::kNumEmotions> kLabelFeelings = {{
    {"admiration", "inspired", "admiration", FeelingGroup::positive},
    {"amusement", "amused", "amusement", FeelingGroup::positive},
    {"anger", "angry", "anger", FeelingGroup::distress},
    {"annoyance", "frustrated", "frustration", FeelingGroup::distress},
    {"approval", "positive", "warmth", FeelingGroup::positive},
    {"caring", "caring", "care", FeelingGroup::positive},
    {"confusion", "confused", "confusion", FeelingGroup::neutral},
    {"curiosity", "curious", "curiosity", FeelingGroup::neutral},
    {"desire", "full of longing", "longing", FeelingGroup::neutral},
    {"disappointment", "disappointed", "disappointment", FeelingGroup::low},
    {"disapproval", "unhappy with how things are", "discontent", FeelingGroup::distress},
    {"disgust", "disgusted", "disgust", FeelingGroup::distress},
    {"embarrassment", "embarrassed", "embarrassment", FeelingGroup::low},
    {"excitement", "excited", "excitement", FeelingGroup::positive},
    {"fear", "scared", "fear", FeelingGroup::distress},
    {"gratitude", "grateful", "gratitude", FeelingGroup::positive},
    {"grief", "heartbroken", "grief", FeelingGroup::low},
    {"joy", "happy", "joy", FeelingGroup::positive},
    {"love", "warm", "love", FeelingGroup::positive},
    {"nervousness", "anxious", "anxiety", FeelingGroup::distress},
    {"optimism", "hopeful", "hope", FeelingGroup::positive},
    {"pride", "proud", "pride", FeelingGroup::positive},
    {"realization", "clearer", "clarity", FeelingGroup::neutral},
    {"relief", "relieved", "relief", FeelingGroup::positive},
    {"remorse", "guilty", "guilt", FeelingGroup::low},
    {"sadness", "sad", "sadness", FeelingGroup::low},
    {"surprise", "surprised", "surprise", FeelingGroup::neutral},
    {"neutral", "", "", FeelingGroup::neutral},
}};

bool has_word(std::string_view folded, std::string_view word) {
    for (auto pos = folded.find(word); pos != std::string_view::npos;
         pos = folded.find(word, pos + 1)) {
        const auto end = pos + word.size();
        const bool left = pos == 0 || !std::isalpha(static_cast<unsigned char>(folded[pos - 1]));
        const bool right =
            end == folded.size() || !std::isalpha(static_cast<unsigned char>(folded[end]));
        if (left && right) return true;
    }
    return false;
}

// A phrasing: its id (kept in the conversation) and its text, with {feeling} (the adjective),
// {noun} and {adv} (a little / quite / really).
struct Phrasing {
    std::string_view id;
    std::string_view text;
};

constexpr Phrasing kNegative[] = {
    {"n1", "It sounds like you're feeling {adv} {feeling} right now."},
    {"n2", "I'm hearing that you feel {adv} {feeling}."},
    {"n3", "Feeling {feeling} like this is hard, and it makes sense that it's on your mind."},
    {"n4", "There's a lot of {noun} in what you've written."},
    {"n5", "Thank you for putting that into words. Being {adv} {feeling} isn't easy."},
    {"n6", "So {noun} is a big part of how things are for you at the moment."},
    {"n7", "It seems this has left you {adv} {feeling}."},
    {"n8", "You're carrying some {noun} with this, and that matters."},
    {"n9", "I can hear the {noun} in that."},
    {"n10", "That sounds like it has left you {feeling}."},
};
constexpr Phrasing kDistress[] = {
    {"d1", "When {noun} is this loud, everything can feel more urgent."},
    {"d2", "It makes sense to feel {feeling} with that going on."},
};
constexpr Phrasing kLow[] = {
    {"l1", "That sounds heavy. Feeling {feeling} can make everything take more effort."},
    {"l2", "It sounds like a {adv} {feeling} time, and you don't have to hurry past it."},
};
constexpr Phrasing kPositive[] = {
    {"p1", "It sounds like you're feeling {adv} {feeling}, and that's good to hear."},
    {"p2", "I'm glad there's some {noun} in your day."},
    {"p3", "Feeling {feeling} is worth pausing on for a moment."},
    {"p4", "It's good to hear you're {feeling}."},
    {"p5", "That {noun} comes through in what you wrote."},
};
constexpr Phrasing kNeutral[] = {
    {"u1", "Thank you for sharing that."},
    {"u2", "I'm listening."},
    {"u3", "Tell me more, if you like."},
    {"u4", "Okay, I'm following you."},
    {"u5", "I hear you."},
};
// Said after a strong negative feeling, once per phrasing per conversation.
constexpr Phrasing kStrong[] = {
    {"s1", "That's a lot to carry."},
    {"s2", "That sounds really intense."},
    {"s3", "That's a big feeling to hold."},
};
// Open questions that invite the person to go on (free talk, no exercise offered).
constexpr Phrasing kFollowUpHard[] = {
    {"q1", "What has been the hardest part?"},
    {"q2", "What would help right now, even a little?"},
    {"q3", "How long has it been like this?"},
    {"q4", "What happened?"},
    {"q5", "Is there more you'd like to say about it?"},
    {"q6", "Who else knows how you're feeling?"},
};
constexpr Phrasing kFollowUpGood[] = {
    {"g1", "What made the difference?"},
    {"g2", "What would help you keep that going?"},
    {"g3", "What else has been going on?"},
};
// Offering an exercise; three offers at most in one conversation.
constexpr Phrasing kOffer[] = {
    {"o1", "Would you like to try {title}? It takes about {minutes} minutes."},
    {"o2", "Could {title} help right now? It's about {minutes} minutes; shall we?"},
    {"o3", "If you'd like, we could do {title} together, about {minutes} minutes. Would you like that?"},
};
constexpr Phrasing kGreeting[] = {
    {"h1", "Hi. How are you feeling right now?"},
    {"h2", "Hello. What's on your mind today?"},
    {"h3", "Hi there. How has your day been?"},
};
constexpr Phrasing kAcknowledge[] = {
    {"a1", "Thank you."}, {"a2", "Okay."}, {"a3", "All right."},
    {"a4", "Thanks for that."}, {"a5", "I've noted that."},
};
constexpr Phrasing kAcknowledgeNumber[] = {
    {"k1", "Thank you: {n} out of 10."}, {"k2", "Okay, {n} out of 10."},
    {"k3", "Got it, {n}."}, {"k4", "{n} out of 10, noted."}, {"k5", "Thanks, that's {n}."},
};

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
}

// The first phrasing of `bank`, starting at salt, whose id is not in `used`.
const Phrasing* pick(std::span<const Phrasing> bank, const std::vector<std::string>& used,
                     std::uint64_t salt) {
    for (std::size_t k = 0; k < bank.size(); ++k) {
        const auto& p = bank[(salt + k) % bank.size()];
        if (std::find(used.begin(), used.end(), p.id) == used.end()) return &p;
    }
    return nullptr;
}

std::string fill(const Phrasing& p, const Feeling& f) {
    constexpr std::string_view kAdverbs[] = {"a little", "quite", "really"};
    std::string s(p.text);
    replace_all(s, "{feeling}", f.word);
    replace_all(s, "{noun}", f.noun);
    replace_all(s, "{adv}", kAdverbs[std::clamp(f.intensity, 0, 2)]);
    return s;
}

}  // namespace

std::optional<Feeling> feeling_of(const text::Analysis& a, std::string_view folded) {
    const double strength_sent = std::fabs(a.sentiment.compound);
    auto intensity_of = [&](double p) {
        const double s = std::max(p, strength_sent);
        return s >= 0.65 ? 2 : s >= 0.35 ? 1 : 0;
    };
    // The person's own word, unless negated just before ("not anxious").
    for (const auto& w : kFeelingWords) {
        if (!has_word(folded, w.word)) continue;
        const auto pos = folded.find(w.word);
        const auto before = folded.substr(0, pos);
        if (before.ends_with("not ") || before.ends_with("n't ") || before.ends_with("never ") ||
            before.ends_with("no longer ") || before.ends_with("less "))
            continue;
        // The person's own feeling: "I", "me" or a feeling verb within the three words before
        // it ("I'm so tired", "it makes me anxious"), not "you were exhausted".
        {
            const auto w = before.substr(before.size() > 40 ? before.size() - 40 : 0);
            std::vector<std::string_view> last;
            for (std::size_t i = 0; i < w.size();) {
                const auto e = w.find(' ', i);
                const auto tok = w.substr(i, e == std::string_view::npos ? w.npos : e - i);
                if (!tok.empty()) last.push_back(tok);
                if (e == std::string_view::npos) break;
                i = e + 1;
            }
            if (last.size() > 3) last.erase(last.begin(), last.end() - 3);
            const bool first_person = std::any_of(last.begin(), last.end(), [](std::string_view t) {
                return t == "i" || t == "i'm" || t == "im" || t == "me" || t == "feel" ||
                       t == "feeling" || t == "felt" || t == "myself" || t == "i've" ||
                       t == "ive" || t == "am";
            });
            if (!first_person && pos != 0) continue;
        }
        // "down"/"low"/"alone"/"lost" are feelings only after a feeling verb.
        if (w.word == "down" || w.word == "low" || w.word == "alone" || w.word == "lost" ||
            w.word == "empty" || w.word == "stuck") {
            if (!(before.ends_with("feel ") || before.ends_with("feeling ") ||
                  before.ends_with("felt ") || before.ends_with("so ") ||
                  before.ends_with("i'm ") || before.ends_with("im ") ||
                  before.ends_with("i am ") || before.ends_with("very ") ||
                  before.ends_with("really ")))
                continue;
        }
        float p = 0;
        for (std::size_t i = 0; i + 1 < text::kNumEmotions; ++i) p = std::max(p, a.emotions[i]);
        return Feeling{std::string(w.adjective), std::string(w.noun), w.group, intensity_of(p),
                       true};
    }
    // "yes", "no", "7": a word or two carries no feeling the model can read reliably.
    if (a.words < 3) return std::nullopt;
    std::size_t best = text::kNumEmotions - 1;  // neutral
    float best_p = 0;
    for (std::size_t i = 0; i + 1 < text::kNumEmotions; ++i)
        if (a.emotions[i] > best_p) {
            best_p = a.emotions[i];
            best = i;
        }
    if (best + 1 == text::kNumEmotions || (best_p < 0.2f && strength_sent < 0.3)) {
        if (a.sentiment.compound <= -0.3)
            return Feeling{"low", "heaviness", FeelingGroup::low, intensity_of(0)};
        return std::nullopt;
    }
    const auto& lf = kLabelFeelings[best];
    // A label that disagrees with the sentiment (e.g. "caring" in a despairing message) is not
    // what the person feels most: fall back to the sentiment's side.
    if (lf.group == FeelingGroup::positive && a.sentiment.compound <= -0.3)
        return Feeling{"low", "heaviness", FeelingGroup::low, intensity_of(best_p)};
    return Feeling{std::string(lf.adjective), std::string(lf.noun), lf.group,
                   intensity_of(best_p)};
}

std::string reflect(const std::optional<Feeling>& feeling, std::vector<std::string>& used,
                    std::uint64_t salt) {
    if (!feeling) {
        const auto* p = pick(kNeutral, used, salt);
        if (!p) return "";
        used.emplace_back(p->id);
        return std::string(p->text);
    }
    const auto& f = *feeling;
    std::vector<Phrasing> bank;
    switch (f.group) {
        case FeelingGroup::distress:
            bank.assign(std::begin(kNegative), std::end(kNegative));
            bank.insert(bank.end(), std::begin(kDistress), std::end(kDistress));
            break;
        case FeelingGroup::low:
            bank.assign(std::begin(kNegative), std::end(kNegative));
            bank.insert(bank.end(), std::begin(kLow), std::end(kLow));
            break;
        case FeelingGroup::positive:
            bank.assign(std::begin(kPositive), std::end(kPositive));
            break;
        case FeelingGroup::neutral:
            bank.assign(std::begin(kNegative), std::begin(kNegative) + 3);  // n1..n3 name it gently
            bank.insert(bank.end(), std::begin(kNeutral), std::end(kNeutral));
            break;
    }
    const auto* p = pick(bank, used, salt);
    if (!p) return "";
    used.emplace_back(p->id);
    std::string out = fill(*p, f);
    if (f.intensity == 2 && (f.group == FeelingGroup::distress || f.group == FeelingGroup::low))
        if (const auto* s = pick(kStrong, used, salt)) {
            used.emplace_back(s->id);
            out += ' ';
            out += s->text;
        }
    return out;
}

std::string acknowledge(std::optional<int> number, std::vector<std::string>& used,
                        std::uint64_t salt) {
    const auto* p = number ? pick(kAcknowledgeNumber, used, salt) : pick(kAcknowledge, used, salt);
    if (!p) return "";
    used.emplace_back(p->id);
    std::string s(p->text);
    if (number) replace_all(s, "{n}", std::to_string(*number));
    return s;
}

std::string follow_up(const std::optional<Feeling>& feeling, std::vector<std::string>& used,
                      std::uint64_t salt) {
    const bool good = feeling && feeling->group == FeelingGroup::positive;
    const auto* p = good ? pick(kFollowUpGood, used, salt) : pick(kFollowUpHard, used, salt);
    if (!p) return "";
    used.emplace_back(p->id);
    return std::string(p->text);
}

std::string offer(std::string_view title, int minutes, std::vector<std::string>& used,
                  std::uint64_t salt) {
    const auto* p = pick(kOffer, used, salt);
    if (!p) return "";
    used.emplace_back(p->id);
    std::string s(p->text);
    replace_all(s, "{title}", title);
    replace_all(s, "{minutes}", std::to_string(minutes));
    return s;
}

std::string greeting(std::vector<std::string>& used, std::uint64_t salt) {
    const auto* p = pick(kGreeting, used, salt);
    if (!p) return "";
    used.emplace_back(p->id);
    return std::string(p->text);
}

std::string distortion_words(text::DistortionType type) {
    using T = text::DistortionType;
    switch (type) {
        case T::all_or_nothing: return "all-or-nothing thinking, where things are either perfect or a failure";
        case T::overgeneralization: return "overgeneralising, where one event becomes \"always\" or \"never\"";
        case T::mental_filter: return "a mental filter, where the hard details crowd out the rest";
        case T::disqualifying_positive: return "discounting the positive, where good things \"don't count\"";
        case T::mind_reading: return "mind reading, assuming we know what others think of us";
        case T::fortune_telling: return "fortune telling, predicting that things will go badly";
        case T::catastrophizing: return "catastrophising, jumping to the worst possible outcome";
        case T::emotional_reasoning: return "emotional reasoning, \"I feel it, so it must be true\"";
        case T::should_statements: return "\"should\" statements, holding ourselves to rigid rules";
        case T::labeling: return "labelling, summing a whole person up with one harsh word";
        case T::personalization: return "personalising, taking the blame for things outside our control";
    }
    return "";
}

}  // namespace attune::care::detail
