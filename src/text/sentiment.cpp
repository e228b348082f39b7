// SPDX-License-Identifier: Apache-2.0
// Rule-based sentiment: a port of vaderSentiment 3.3.2's SentimentIntensityAnalyzer
// (Hutto & Gilbert 2014, "VADER: A Parsimonious Rule-based Model for Sentiment Analysis of Social
// Media Text", ICWSM-14). The core follows the reference rule for rule, its quirks included, so
// that scores agree with published VADER figures to the last printed digit; the places where the
// reference behaves oddly say so. Attune's extensions come on top and are marked "Attune:".
//
// The reference re-scans the whole token list for every word (lower-casing it again inside the
// negation, idiom and 'but' checks), which is quadratic in the text length. Here every token is
// looked up once and the rules read those cached facts, so a long journal entry costs the same
// per word as a tweet.
#include "text/sentiment.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <forward_list>
#include <functional>
#include <optional>
#include <span>
#include <utility>

#include "text/tokenize.hpp"

namespace attune::text {
namespace {

// ---------------------------------------------------------------------------------------------
// VADER's empirically derived constants (Hutto & Gilbert 2014, section 3; vaderSentiment 3.3.2).

constexpr double kBoosterIncrement = 0.293;   // B_INCR: "very good" vs "good"
constexpr double kBoosterDecrement = -0.293;  // B_DECR: "kind of good" vs "good"
constexpr double kCapsIncrement = 0.733;      // C_INCR: "GOOD" among lower-case words
constexpr double kNegationScalar = -0.74;     // N_SCALAR: "not good"
constexpr double kNeverSoScalar = 1.25;       // "never so good"
constexpr double kSecondWordDecay = 0.95;     // a booster two words back counts a little less
constexpr double kThirdWordDecay = 0.9;       // and three words back less again
constexpr double kButBefore = 0.5;            // "but" halves what came before it
constexpr double kButAfter = 1.5;             // and stresses what follows
constexpr double kExclamationIncrement = 0.292;
constexpr int kMaxExclamations = 4;
constexpr double kQuestionIncrement = 0.18;  // for two or three '?'
constexpr double kQuestionCap = 0.96;        // for four or more
constexpr double kNormalizeAlpha = 15.0;     // compound = x / sqrt(x^2 + alpha)

// VADER's NEGATE list.
constexpr std::array<std::string_view, 59> kNegations{{
    "aint",   "arent",    "cannot",  "cant",     "couldnt",  "darent",   "didnt",   "doesnt",
    "ain't",  "aren't",   "can't",   "couldn't", "daren't",  "didn't",   "doesn't", "dont",
    "hadnt",  "hasnt",    "havent",  "isnt",     "mightnt",  "mustnt",   "neither", "don't",
    "hadn't", "hasn't",   "haven't", "isn't",    "mightn't", "mustn't",  "neednt",  "needn't",
    "never",  "none",     "nope",    "nor",      "not",      "nothing",  "nowhere", "oughtnt",
    "shant",  "shouldnt", "uhuh",    "wasnt",    "werent",   "oughtn't", "shan't",  "shouldn't",
    "uh-uh",  "wasn't",   "weren't", "without",  "wont",     "wouldnt",  "won't",   "wouldn't",
    "rarely", "seldom",   "despite",
}};

struct Booster {
    std::string_view word;
    double scalar;
};

// VADER's BOOSTER_DICT (3.3.2, which added the adjective forms such as "incredible" and "total"),
// single words only; the two-word entries ("kind of", "sort of", "just enough") are handled in
// booster_bigram() because a whitespace-split token never contains a space.
constexpr std::array<Booster, 81> kBoosters{{
    {"absolutely", kBoosterIncrement},    {"amazingly", kBoosterIncrement},
    {"awfully", kBoosterIncrement},       {"completely", kBoosterIncrement},
    {"considerable", kBoosterIncrement},  {"considerably", kBoosterIncrement},
    {"decidedly", kBoosterIncrement},     {"deeply", kBoosterIncrement},
    {"effing", kBoosterIncrement},        {"enormous", kBoosterIncrement},
    {"enormously", kBoosterIncrement},    {"entirely", kBoosterIncrement},
    {"especially", kBoosterIncrement},    {"exceptional", kBoosterIncrement},
    {"exceptionally", kBoosterIncrement}, {"extreme", kBoosterIncrement},
    {"extremely", kBoosterIncrement},     {"fabulously", kBoosterIncrement},
    {"flipping", kBoosterIncrement},      {"flippin", kBoosterIncrement},
    {"frackin", kBoosterIncrement},       {"fracking", kBoosterIncrement},
    {"fricking", kBoosterIncrement},      {"frickin", kBoosterIncrement},
    {"frigging", kBoosterIncrement},      {"friggin", kBoosterIncrement},
    {"fully", kBoosterIncrement},         {"fuckin", kBoosterIncrement},
    {"fucking", kBoosterIncrement},       {"fuggin", kBoosterIncrement},
    {"fugging", kBoosterIncrement},       {"greatly", kBoosterIncrement},
    {"hella", kBoosterIncrement},         {"highly", kBoosterIncrement},
    {"hugely", kBoosterIncrement},        {"incredible", kBoosterIncrement},
    {"incredibly", kBoosterIncrement},    {"intensely", kBoosterIncrement},
    {"major", kBoosterIncrement},         {"majorly", kBoosterIncrement},
    {"more", kBoosterIncrement},          {"most", kBoosterIncrement},
    {"particularly", kBoosterIncrement},  {"purely", kBoosterIncrement},
    {"quite", kBoosterIncrement},         {"really", kBoosterIncrement},
    {"remarkably", kBoosterIncrement},    {"so", kBoosterIncrement},
    {"substantially", kBoosterIncrement}, {"thoroughly", kBoosterIncrement},
    {"total", kBoosterIncrement},         {"totally", kBoosterIncrement},
    {"tremendous", kBoosterIncrement},    {"tremendously", kBoosterIncrement},
    {"uber", kBoosterIncrement},          {"unbelievably", kBoosterIncrement},
    {"unusually", kBoosterIncrement},     {"utter", kBoosterIncrement},
    {"utterly", kBoosterIncrement},       {"very", kBoosterIncrement},
    {"almost", kBoosterDecrement},        {"barely", kBoosterDecrement},
    {"hardly", kBoosterDecrement},        {"kinda", kBoosterDecrement},
    {"kindof", kBoosterDecrement},        {"kind-of", kBoosterDecrement},
    {"less", kBoosterDecrement},          {"little", kBoosterDecrement},
    {"marginal", kBoosterDecrement},      {"marginally", kBoosterDecrement},
    {"occasional", kBoosterDecrement},    {"occasionally", kBoosterDecrement},
    {"partly", kBoosterDecrement},        {"scarce", kBoosterDecrement},
    {"scarcely", kBoosterDecrement},      {"slight", kBoosterDecrement},
    {"slightly", kBoosterDecrement},      {"somewhat", kBoosterDecrement},
    {"sorta", kBoosterDecrement},         {"sortof", kBoosterDecrement},
    {"sort-of", kBoosterDecrement},
}};

// The two-word BOOSTER_DICT entries, which VADER only ever sees in its idiom check (two and three
// words before a sentiment word).
std::optional<double> booster_bigram(std::string_view a, std::string_view b) {
    if ((a == "kind" || a == "sort") && b == "of") return kBoosterDecrement;
    if (a == "just" && b == "enough") return kBoosterDecrement;
    return std::nullopt;
}

// VADER's SPECIAL_CASES: phrases whose valence replaces that of the lexicon word inside them.
// "badass" is in the reference table too but can never match: every sequence VADER compares
// against the table has two or three words (the single token "badass" scores from the lexicon).
struct SpecialCase {
    std::array<std::string_view, 3> words;
    std::size_t size;
    double valence;
};
constexpr std::array<SpecialCase, 9> kSpecialCases{{
    {{"the", "shit"}, 2, 3.0},
    {{"the", "bomb"}, 2, 3.0},
    {{"bad", "ass"}, 2, 1.5},
    {{"bus", "stop"}, 2, 0.0},
    {{"yeah", "right"}, 2, -2.0},
    {{"kiss", "of", "death"}, 3, -1.5},
    {{"to", "die", "for"}, 3, 3.0},
    {{"beating", "heart"}, 2, 3.1},
    {{"broken", "heart"}, 2, -2.9},
}};

std::optional<double> special_case(std::string_view a, std::string_view b) {
    for (const auto& c : kSpecialCases)
        if (c.size == 2 && c.words[0] == a && c.words[1] == b) return c.valence;
    return std::nullopt;
}

std::optional<double> special_case(std::string_view a, std::string_view b, std::string_view c3) {
    for (const auto& c : kSpecialCases)
        if (c.size == 3 && c.words[0] == a && c.words[1] == b && c.words[2] == c3) return c.valence;
    return std::nullopt;
}

// VADER 3.3.2 also declares SENTIMENT_LADEN_IDIOMS ("cut the mustard", "under the weather", ...)
// and a _sentiment_laden_idioms_check(), but polarity_scores() never calls it: that code path is
// dead in the reference, so those idioms are deliberately not scored here either.
//
// Attune: negation idioms that VADER's three-word negation window gets backwards. "never been
// better" is read as negated "better" (VADER: "I have never been better" -0.34); these phrases are
// matched before the ordinary rules and score as a whole, on the phrase's last word. Their words
// are then opaque to the rules of later words, so that the negator inside "not bad" or "can't
// complain" no longer negates what follows ("not bad, I love it" is positive; VADER negates
// "love"). "not bad", "not too bad", "no problem", "can't complain" and the like keep the valence
// VADER already gives them (the negated lexicon word: 2.5 * 0.74 for "not bad").
struct NegationIdiom {
    std::array<std::string_view, 4> words;
    std::size_t size;
    double valence;
};
constexpr std::array<NegationIdiom, 21> kNegationIdioms{{
    {{"could", "not", "be", "better"}, 4, 2.2},
    {{"could", "not", "be", "happier"}, 4, 2.6},
    {{"could", "not", "be", "worse"}, 4, -2.2},
    {{"couldn't", "have", "been", "better"}, 4, 2.2},
    {{"never", "been", "better"}, 3, 2.2},
    {{"never", "felt", "better"}, 3, 2.2},
    {{"never", "been", "happier"}, 3, 2.6},
    {{"never", "felt", "happier"}, 3, 2.6},
    {{"never", "been", "worse"}, 3, -2.2},
    {{"couldn't", "be", "better"}, 3, 2.2},
    {{"couldn't", "be", "happier"}, 3, 2.6},
    {{"couldn't", "be", "worse"}, 3, -2.2},
    {{"can", "not", "complain"}, 3, 1.11},
    {{"not", "too", "bad"}, 3, 1.85},
    {{"can't", "complain"}, 2, 1.11},
    {{"cannot", "complain"}, 2, 1.11},
    {{"not", "bad"}, 2, 1.85},
    {{"no", "problem"}, 2, 1.258},
    {{"no", "problems"}, 2, 1.258},
    {{"no", "worries"}, 2, 1.332},
    {{"no", "complaints"}, 2, 1.258},
}};

// "couldnt" and "cant" are VADER negations in their own right, so chat expansion leaves them
// alone; the idiom table accepts them for "couldn't" and "can't".
bool idiom_word_matches(std::string_view token, std::string_view word) {
    if (token == word) return true;
    const auto apostrophe = word.find('\'');
    if (apostrophe == std::string_view::npos || token.size() + 1 != word.size()) return false;
    return token.substr(0, apostrophe) == word.substr(0, apostrophe) &&
           token.substr(apostrophe) == word.substr(apostrophe + 1);
}

struct WordInfo {
    double booster = 0;
    bool is_booster = false;
    bool negation = false;
};

// FNV-1a, inline: cheaper than std::hash for the short words looked up here.
struct ShortWordHash {
    std::size_t operator()(std::string_view s) const {
        std::uint64_t h = 14695981039346656037ull;
        for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
        return static_cast<std::size_t>(h);
    }
};
using WordInfoMap = std::unordered_map<std::string_view, WordInfo, ShortWordHash>;

const WordInfoMap& word_info() {
    static const WordInfoMap table = [] {
        WordInfoMap t;
        for (const auto& b : kBoosters) t[b.word] = {b.scalar, true, false};
        for (auto n : kNegations) t[n].negation = true;
        return t;
    }();
    return table;
}

const WordInfo* find_word_info(std::string_view lower) {
    if (lower.size() < 2 || lower.size() > 13) return nullptr;  // "so" .. "exceptionally"
    const auto& table = word_info();
    const auto it = table.find(lower);
    return it == table.end() ? nullptr : &it->second;
}

// ---------------------------------------------------------------------------------------------
// Character classes as Python 3 sees them.

// string.punctuation, which VADER strips from both ends of a token.
bool is_punct(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 33 && u <= 47) || (u >= 58 && u <= 64) || (u >= 91 && u <= 96) ||
           (u >= 123 && u <= 126);
}

// Byte length of the whitespace character starting at s[i] (what str.split() splits on), or 0.
inline std::size_t space_at(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c > ' ' && c < 0x80) return 0;  // the common case: a visible ASCII character
    if (c < 0x80) return (c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F)) ? 1 : 0;
    const auto at = [&](std::size_t k) {
        return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u;
    };
    if (c == 0xC2) return (at(1) == 0x85 || at(1) == 0xA0) ? 2 : 0;  // NEL, NBSP
    if (c == 0xE1) return (at(1) == 0x9A && at(2) == 0x80) ? 3 : 0;  // U+1680
    if (c == 0xE2) {
        if (at(1) == 0x80) {
            const auto c2 = at(2);
            return ((c2 >= 0x80 && c2 <= 0x8A) || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF) ? 3 : 0;
        }
        return (at(1) == 0x81 && at(2) == 0x9F) ? 3 : 0;  // U+205F
    }
    if (c == 0xE3) return (at(1) == 0x80 && at(2) == 0x80) ? 3 : 0;  // U+3000
    return 0;
}

// Length in bytes of the UTF-8 character at s[i]; 1 for a byte that does not start a valid one.
std::size_t char_len(std::string_view s, std::size_t i) {
    utf8proc_int32_t cp;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                    static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    return n > 0 ? static_cast<std::size_t>(n) : 1;
}

std::size_t count_code_points(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

bool is_ascii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

// str.isupper(): at least one cased character and no lower- or title-case one. Note that it is
// true for "I" and ":D", which is what VADER's ALL-CAPS rules see.
bool py_isupper(std::string_view s) {
    bool cased = false;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c >= 'a' && c <= 'z') return false;
            if (c >= 'A' && c <= 'Z') cased = true;
            ++i;
            continue;
        }
        utf8proc_int32_t cp;
        const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                        static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
        if (n <= 0) {
            ++i;
            continue;
        }
        i += static_cast<std::size_t>(n);
        if (utf8proc_islower(cp) || utf8proc_category(cp) == UTF8PROC_CATEGORY_LT) return false;
        if (utf8proc_isupper(cp)) cased = true;
    }
    return cased;
}

// Lower-cases the non-ASCII letters of a token the way str.lower() does for all but a handful of
// special cases; returns false when nothing changed.
bool unicode_lower(std::string_view s, std::string& out) {
    out.clear();
    bool changed = false;
    for (std::size_t i = 0; i < s.size();) {
        utf8proc_int32_t cp;
        const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                        static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
        if (n <= 0) {
            out += s[i++];
            continue;
        }
        const auto lower = utf8proc_tolower(cp);
        if (lower == cp) {
            out.append(s.substr(i, static_cast<std::size_t>(n)));
        } else {
            utf8proc_uint8_t buf[4];
            const auto len = utf8proc_encode_char(lower, buf);
            out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
            changed = true;
        }
        i += static_cast<std::size_t>(n);
    }
    return changed;
}

// A run of three or more of one letter inside a longer word ("sooo", "happyyy"). A token that
// is nothing but one letter repeated ("KKK", "xxx", "zzz") is an acronym or a word of its own.
bool has_letter_run(std::string_view s) {
    bool run = false, other = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) continue;
        if (c != s[0]) other = true;
        if (i + 2 < s.size() && s[i + 1] == c && s[i + 2] == c) run = true;
    }
    return run && other;
}

// The lexicon stores valences as float; VADER's file gives them with one decimal and the
// reference does its arithmetic in double on the decimal value. Reading the float back as the
// decimal it was rounded from (1.9f -> 1.9, not 1.899999976) keeps every sum bit-identical to
// the reference, which matters where VADER compares valences for equality (the 'but' rule).
double exact_valence(float v) {
    const double d = v;
    const double snapped = std::nearbyint(d * 1e4) / 1e4;
    return static_cast<float>(snapped) == v ? snapped : d;
}

// Python's round(x, digits): correctly rounded from the exact binary value, ties to even. Away
// from a tie, scaling and rounding gives the same integer and the division the same double as
// Python's decimal round trip; near one, the exact decimal expansion decides.
double py_round(double x, int digits) {
    constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
    const double scale = kPow10[std::clamp(digits, 0, 6)];
    const double y = x * scale;
    const double fraction = y - std::floor(y);
    if (std::fabs(fraction - 0.5) > 1e-6 && std::fabs(y) < 1e15) return std::nearbyint(y) / scale;
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, digits);
    double out = x;
    std::from_chars(buf, r.ptr, out);
    return out;
}

double normalize_score(double score) {
    const double norm = score / std::sqrt(score * score + kNormalizeAlpha);
    return std::clamp(norm, -1.0, 1.0);
}

// ---------------------------------------------------------------------------------------------
// Emoji: VADER replaces every emoji by its English description before scoring.

using EmojiMap = std::unordered_map<std::string, std::string, TransparentHash, std::equal_to<>>;

struct EmojiSpan {
    std::size_t out_begin, out_end;  // the description in the expanded text
    std::size_t src_begin, src_end;  // the emoji in the caller's text
};

struct ExpandedText {
    std::string_view original;
    std::string storage;  // the text with descriptions, once an emoji was replaced
    bool replaced = false;
    std::vector<EmojiSpan> spans;

    std::string_view text() const { return replaced ? std::string_view(storage) : original; }

    // Maps a token's [begin, end) in `text` back to the caller's text: a word of a description
    // becomes the emoji it came from.
    std::pair<std::size_t, std::size_t> source_range(std::size_t begin, std::size_t end) const {
        if (spans.empty()) return {begin, end};
        auto last_at_or_before = [&](std::size_t o, bool strict) -> const EmojiSpan* {
            auto it = std::upper_bound(spans.begin(), spans.end(), o,
                                       [strict](std::size_t v, const EmojiSpan& s) {
                                           return strict ? v <= s.out_begin : v < s.out_begin;
                                       });
            return it == spans.begin() ? nullptr : &*(it - 1);
        };
        std::size_t b = begin, e = end;
        if (const auto* s = last_at_or_before(begin, false))
            b = begin < s->out_end ? s->src_begin : s->src_end + (begin - s->out_end);
        if (const auto* s = last_at_or_before(end, true))
            e = end <= s->out_end ? s->src_end : s->src_end + (end - s->out_end);
        return {b, e};
    }
};

// Attune: a variation selector or zero-width joiner right after an emoji. VADER looks emoji up
// one code point at a time, so the U+FE0F of U+2764 U+FE0F (red heart) stays glued to the
// description ("red heart\uFE0F") and hides "heart" from the lexicon: the reference scores the
// heart with a selector as neutral and without one as +3.2. Dropping them scores both alike.
std::size_t emoji_joiner_at(std::string_view s, std::size_t i) {
    if (i + 3 > s.size()) return 0;
    const auto b0 = static_cast<unsigned char>(s[i]), b1 = static_cast<unsigned char>(s[i + 1]),
               b2 = static_cast<unsigned char>(s[i + 2]);
    if (b0 == 0xEF && b1 == 0xB8 && (b2 == 0x8E || b2 == 0x8F)) return 3;  // U+FE0E, U+FE0F
    if (b0 == 0xE2 && b1 == 0x80 && b2 == 0x8D) return 3;                  // U+200D
    return 0;
}

ExpandedText expand_emoji(const EmojiMap& emoji, std::string_view text, bool extensions) {
    ExpandedText out;
    out.original = text;
    if (emoji.empty()) return out;
    bool prev_space = true;  // as in the reference: only ' ' counts, not other whitespace
    std::size_t flushed = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            // VADER's emoji keys are never plain ASCII, so ASCII is copied without a lookup (a
            // one-byte key in another emoji table would not be replaced).
            prev_space = c == ' ';
            ++i;
            continue;
        }
        const std::size_t len = char_len(text, i);
        const auto it = emoji.find(text.substr(i, len));
        if (it == emoji.end()) {
            prev_space = false;
            i += len;
            continue;
        }
        if (!out.replaced) {
            out.storage.reserve(text.size() + 64);
            out.replaced = true;
        }
        out.storage.append(text.substr(flushed, i - flushed));
        if (!prev_space) out.storage += ' ';
        EmojiSpan span;
        span.src_begin = i;
        span.out_begin = out.storage.size();
        out.storage += it->second;
        span.out_end = out.storage.size();
        std::size_t j = i + len;
        if (extensions)
            while (std::size_t k = emoji_joiner_at(text, j)) j += k;
        span.src_end = j;
        out.spans.push_back(span);
        flushed = j;
        i = j;
        prev_space = false;
    }
    if (out.replaced) out.storage.append(text.substr(flushed));
    return out;
}

// ---------------------------------------------------------------------------------------------
// Tokens and the rules.

struct Token {
    std::string_view cased;  // VADER's token (surrounding punctuation stripped unless <= 2 left)
    std::string_view lower;  // lower-cased form every rule compares
    std::string_view core;   // lower-cased, all surrounding punctuation stripped (Attune idioms)
    std::size_t out_begin = 0, out_end = 0;  // VADER's token in the emoji-expanded text
    double valence = 0;                      // lexicon valence, when in_lexicon
    double booster = 0;
    bool in_lexicon = false;
    bool is_booster = false;
    bool negation = false;     // in NEGATE or contains "n't"
    bool upper = false;        // str.isupper()
    bool lead_punct = false;   // punctuation was stripped before `core`
    bool trail_punct = false;  // punctuation was stripped after `core`
    bool elongated = false;    // Attune: "happyyy" read as "happy", with emphasis
    bool clause_end = false;   // Attune: followed by , . ; : ! or ? -- a negation stops there
    bool symbol = false;       // Attune: an emoticon or a word of an emoji's description
    bool idiom = false;        // Attune: part of a negation idiom, scored as a whole
    bool idiom_head = false;   // the idiom's last word, which carries its valence
    double idiom_valence = 0;
    std::size_t idiom_first = 0;  // index of the idiom's first token
};

class Scorer {
  public:
    Scorer(const ValenceMap& lexicon, const EmojiMap& emoji, bool extensions)
        : lexicon_(lexicon), emoji_(emoji), extensions_(extensions) {}

    SentimentDetail run(std::string_view text);

  private:
    void tokenize(std::string_view text);
    void add_token(std::string_view text, std::size_t begin, std::size_t end);
    void look_up(Token& t) const;
    bool known_word(std::string_view lower) const;
    void mark_idioms();
    double valence_of(std::size_t i) const;
    double idiom_valence_of(std::size_t head) const;
    double scalar_inc_dec(const Token& modifier, double valence) const;
    double negation_check(double valence, std::size_t start, std::size_t i) const;
    double special_idioms_check(double valence, std::size_t i) const;
    double least_check(double valence, std::size_t i) const;
    void but_check();

    // The word the rules see at position j: Attune idiom words are hidden from later words.
    std::string_view word(std::size_t j) const {
        return tokens_[j].idiom ? std::string_view{} : tokens_[j].lower;
    }
    // Token j negates the word at i: VADER looks up to three tokens back whatever lies between;
    // Attune stops at a clause end, so in "Nothing special, just calm" "calm" is not negated,
    // and never negates an emoticon or emoji.
    bool negates(std::size_t j, std::size_t i) const {
        if (!tokens_[j].negation || tokens_[j].idiom) return false;
        if (extensions_ && tokens_[i].symbol) return false;
        if (extensions_)
            for (std::size_t k = j; k < i; ++k)
                if (tokens_[k].clause_end) return false;
        return true;
    }

    const ValenceMap& lexicon_;
    const EmojiMap& emoji_;
    const bool extensions_;
    std::string lowered_;                   // ASCII lower-case copy of the expanded text
    std::forward_list<std::string> arena_;  // forms that are not views of the text (rare)
    std::vector<Token> tokens_;
    std::vector<double> sentiments_;
    bool cap_diff_ = false;
};

bool Scorer::known_word(std::string_view lower) const {
    return lexicon_.find(lower) != lexicon_.end() || find_word_info(lower) != nullptr;
}

void Scorer::look_up(Token& t) const {
    if (const auto it = lexicon_.find(t.lower); it != lexicon_.end()) {
        t.in_lexicon = true;
        t.valence = exact_valence(it->second);
    }
    if (const WordInfo* info = find_word_info(t.lower)) {
        t.is_booster = info->is_booster;
        t.booster = info->booster;
        t.negation = info->negation;
    }
    if (!t.negation && t.lower.find("n't") != std::string_view::npos) t.negation = true;
}

void Scorer::add_token(std::string_view text, std::size_t begin, std::size_t end) {
    std::size_t sb = begin, se = end;
    while (sb < se && is_punct(text[sb])) ++sb;
    while (se > sb && is_punct(text[se - 1])) --se;
    // _strip_punc_if_word: keep the punctuation when two or fewer characters would be left, so
    // that emoticons such as ":)" survive.
    const bool strip = count_code_points(text.substr(sb, se - sb)) > 2;
    Token t;
    t.out_begin = strip ? sb : begin;
    t.out_end = strip ? se : end;
    t.cased = text.substr(t.out_begin, t.out_end - t.out_begin);
    t.lower = std::string_view(lowered_).substr(t.out_begin, t.out_end - t.out_begin);
    t.core = std::string_view(lowered_).substr(sb, se - sb);
    t.lead_punct = sb > begin;
    t.trail_punct = se < end;
    t.clause_end = text.substr(se, end - se).find_first_of(",.;:!?") != std::string_view::npos;
    t.upper = py_isupper(t.cased);
    if (!is_ascii(t.lower)) {
        std::string full;
        if (unicode_lower(t.lower, full)) {
            arena_.push_front(std::move(full));
            t.lower = arena_.front();
            if (strip) t.core = t.lower;
        }
    }
    look_up(t);
    if (!extensions_ || t.in_lexicon || t.is_booster || t.negation) {
        tokens_.push_back(t);
        return;
    }

    // Attune: chat spellings ("im", "dont", "rly") become the word they stand for, so that the
    // negation and booster rules see them ("im not happy"). Words VADER knows keep VADER's reading
    // ("idk" and "plz" are in its lexicon, "dont" and "cant" in its negation list). Expansions of
    // more than one word ("tbh", "ngl", "idc") are discourse markers and stay single neutral
    // tokens: spelled out they would score words the writer never meant ("to be honest" adds
    // "honest" at +2.3; "not gonna lie" negates the next three words).
    std::string_view expansion = chat_expansion(t.lower);
    if (expansion.empty() && t.core != t.lower && !t.core.empty() && !known_word(t.core))
        expansion = chat_expansion(t.core);
    if (!expansion.empty() && expansion.find(' ') == std::string_view::npos) {
        t.lower = t.core = expansion;
        t.cased = expansion;
        t.lead_punct = t.trail_punct = false;
        look_up(t);
        tokens_.push_back(t);
        return;
    }

    // Attune: elongations ("sooo", "happyyy") are read as the word they stretch and, like ALL
    // CAPS, add emphasis in their own direction.
    if (has_letter_run(t.lower)) {
        const auto known = [this](std::string_view w) { return known_word(w); };
        std::string collapsed = collapse_elongation(t.lower, known);
        if (collapsed != t.lower && known_word(collapsed)) {
            arena_.push_front(std::move(collapsed));
            t.lower = t.core = arena_.front();
            t.elongated = true;
            look_up(t);
        }
    }
    tokens_.push_back(t);
}

void Scorer::tokenize(std::string_view text) {
    lowered_.assign(text);
    for (char& c : lowered_)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    tokens_.reserve(text.size() / 5 + 4);
    std::size_t i = 0;
    while (i < text.size()) {
        if (const std::size_t w = space_at(text, i)) {
            i += w;
            continue;
        }
        std::size_t j = i + 1;
        while (j < text.size() && space_at(text, j) == 0) ++j;
        add_token(text, i, j);
        i = j;
    }
}

void Scorer::mark_idioms() {
    const std::size_t n = tokens_.size();
    for (std::size_t i = 0; i < n; ++i) {
        // Every phrase starts with "could...", "can..." or "n..." (never, not, no).
        const std::string_view first = tokens_[i].core;
        if (first.empty() || (first[0] != 'c' && first[0] != 'n')) continue;
        for (const auto& idiom : kNegationIdioms) {
            if (i + idiom.size > n) continue;
            bool match = true;
            for (std::size_t k = 0; k < idiom.size && match; ++k) {
                const Token& t = tokens_[i + k];
                match = idiom_word_matches(t.core, idiom.words[k]) && (k == 0 || !t.lead_punct) &&
                        (k + 1 == idiom.size || !t.trail_punct);
            }
            if (!match) continue;
            for (std::size_t k = 0; k < idiom.size; ++k) {
                tokens_[i + k].idiom = true;
                tokens_[i + k].idiom_first = i;
            }
            Token& head = tokens_[i + idiom.size - 1];
            head.idiom_head = true;
            head.idiom_valence = idiom.valence;
            i += idiom.size - 1;
            break;  // the table lists longer phrases first
        }
    }
}

double Scorer::scalar_inc_dec(const Token& modifier, double valence) const {
    if (!modifier.is_booster) return 0.0;
    double scalar = modifier.booster;
    if (valence < 0) scalar *= -1;
    if (modifier.upper && cap_diff_) scalar += valence > 0 ? kCapsIncrement : -kCapsIncrement;
    if (modifier.elongated && valence != 0)
        scalar += valence > 0 ? kCapsIncrement : -kCapsIncrement;
    return scalar;
}

double Scorer::negation_check(double valence, std::size_t start, std::size_t i) const {
    const auto so_or_this = [](std::string_view w) { return w == "so" || w == "this"; };
    if (start == 0) {
        if (negates(i - 1, i)) valence *= kNegationScalar;
    } else if (start == 1) {
        if (word(i - 2) == "never" && so_or_this(word(i - 1))) {
            valence *= kNeverSoScalar;
        } else if (word(i - 2) == "without" && word(i - 1) == "doubt") {
            // "without doubt, good" is not a negation
        } else if (negates(i - 2, i)) {
            valence *= kNegationScalar;
        }
    } else {
        // The reference's condition reads `A and B or C`, so "so" or "this" right before the word
        // scales it by 1.25 whether or not "never" comes first; kept as it is.
        if ((word(i - 3) == "never" && so_or_this(word(i - 2))) || so_or_this(word(i - 1))) {
            valence *= kNeverSoScalar;
        } else if (word(i - 3) == "without" && (word(i - 2) == "doubt" || word(i - 1) == "doubt")) {
        } else if (negates(i - 3, i)) {
            valence *= kNegationScalar;
        }
    }
    return valence;
}

double Scorer::special_idioms_check(double valence, std::size_t i) const {
    const std::size_t n = tokens_.size();
    const auto w0 = word(i), w1 = word(i - 1), w2 = word(i - 2), w3 = word(i - 3);
    // VADER's order: "w1 w0", "w2 w1 w0", "w2 w1", "w3 w2 w1", "w3 w2"; the first match wins.
    if (auto v = special_case(w1, w0)) {
        valence = *v;
    } else if (auto v2 = special_case(w2, w1, w0)) {
        valence = *v2;
    } else if (auto v3 = special_case(w2, w1)) {
        valence = *v3;
    } else if (auto v4 = special_case(w3, w2, w1)) {
        valence = *v4;
    } else if (auto v5 = special_case(w3, w2)) {
        valence = *v5;
    }
    if (n - 1 > i)
        if (auto v = special_case(w0, word(i + 1))) valence = *v;
    if (n - 1 > i + 1)
        if (auto v = special_case(w0, word(i + 1), word(i + 2))) valence = *v;
    // Booster n-grams: the reference also tries "w3 w2 w1", but BOOSTER_DICT has no three-word
    // entry, so only the two bigrams can add.
    if (auto b = booster_bigram(w3, w2)) valence += *b;
    if (auto b = booster_bigram(w2, w1)) valence += *b;
    return valence;
}

double Scorer::least_check(double valence, std::size_t i) const {
    if (i > 1 && !tokens_[i - 1].in_lexicon && word(i - 1) == "least") {
        if (word(i - 2) != "at" && word(i - 2) != "very") valence *= kNegationScalar;
    } else if (i > 0 && !tokens_[i - 1].in_lexicon && word(i - 1) == "least") {
        valence *= kNegationScalar;
    }
    return valence;
}

// sentiment_valence() of the reference, for a token that is in the lexicon.
double Scorer::valence_of(std::size_t i) const {
    const std::size_t n = tokens_.size();
    const Token& t = tokens_[i];
    double valence = t.valence;
    // "no" before another lexicon word negates that word instead of counting itself.
    if (t.lower == "no" && i != n - 1 && tokens_[i + 1].in_lexicon) valence = 0.0;
    if ((i > 0 && word(i - 1) == "no") || (i > 1 && word(i - 2) == "no") ||
        (i > 2 && word(i - 3) == "no" && (word(i - 1) == "or" || word(i - 1) == "nor")))
        valence = t.valence * kNegationScalar;
    // The reference adds -C_INCR to a zero valence too ("no" zeroed above, in caps).
    if (t.upper && cap_diff_) valence += valence > 0 ? kCapsIncrement : -kCapsIncrement;
    if (t.elongated && valence != 0) valence += valence > 0 ? kCapsIncrement : -kCapsIncrement;

    for (std::size_t start = 0; start < 3; ++start) {
        if (i <= start) break;
        const Token& m = tokens_[i - start - 1];
        if (m.in_lexicon || m.idiom) continue;
        double s = scalar_inc_dec(m, valence);
        if (start == 1 && s != 0) s *= kSecondWordDecay;
        if (start == 2 && s != 0) s *= kThirdWordDecay;
        valence += s;
        valence = negation_check(valence, start, i);
        if (start == 2) valence = special_idioms_check(valence, i);
    }
    return least_check(valence, i);
}

// Attune: a negation idiom scores as a whole. Emphasis (ALL CAPS, elongation) and boosters
// before the phrase apply as VADER applies them to a single word ("absolutely no problem");
// negation does not, the phrase being a negation already.
double Scorer::idiom_valence_of(std::size_t head) const {
    const Token& t = tokens_[head];
    double valence = t.idiom_valence;
    const double sign = valence > 0 ? 1.0 : -1.0;
    if (t.upper && cap_diff_) valence += sign * kCapsIncrement;
    if (t.elongated) valence += sign * kCapsIncrement;
    const std::size_t first = t.idiom_first;
    for (std::size_t start = 0; start < 3 && first > start; ++start) {
        const Token& m = tokens_[first - start - 1];
        if (m.in_lexicon || m.idiom) continue;
        double s = scalar_inc_dec(m, valence);
        if (start == 1) s *= kSecondWordDecay;
        if (start == 2) s *= kThirdWordDecay;
        valence += s;
    }
    return valence;
}

// _but_check: everything before the first "but" is halved, everything after it stressed. The
// reference finds each element with list.index(value), i.e. the first element *equal* to it, so
// when a value repeats an already rescaled one (3.8 halved to 1.9, then a 1.9 after "but") it
// rescales the earlier element again and leaves the later one alone. Reproduced exactly, in
// O(n) for short texts and O(n log n) for long ones rather than the reference's O(n^2).
void Scorer::but_check() {
    std::size_t bi = tokens_.size();
    for (std::size_t i = 0; i < tokens_.size(); ++i)
        if (tokens_[i].lower == "but") {
            bi = i;
            break;
        }
    if (bi == tokens_.size()) return;
    auto& s = sentiments_;
    const auto factor = [bi](std::size_t si) {
        return si < bi ? kButBefore : (si > bi ? kButAfter : 1.0);
    };
    // Zeros stay zero wherever they land, so only non-zero values take part.
    std::size_t nonzero = 0;
    for (double v : s) nonzero += v != 0;

    if (nonzero <= 64) {
        std::vector<std::size_t> visited;  // visited non-zero positions, in order
        visited.reserve(nonzero);
        for (std::size_t k = 0; k < s.size(); ++k) {
            const double v = s[k];
            if (v == 0) continue;
            std::size_t si = k;
            for (std::size_t j : visited)
                if (s[j] == v) {
                    si = j;
                    break;
                }
            s[si] = v * factor(si);
            visited.push_back(k);
        }
        return;
    }
    // Long texts: a min-heap of visited positions per current value.
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> at;
    const auto key = [](double v) {
        std::uint64_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        return bits;
    };
    const auto push = [&](std::size_t pos) {
        auto& heap = at[key(s[pos])];
        heap.push_back(pos);
        std::push_heap(heap.begin(), heap.end(), std::greater<>{});
    };
    for (std::size_t k = 0; k < s.size(); ++k) {
        const double v = s[k];
        if (v == 0) continue;
        auto& heap = at[key(v)];
        if (heap.empty()) {
            s[k] = v * factor(k);
            push(k);
            continue;
        }
        std::pop_heap(heap.begin(), heap.end(), std::greater<>{});
        const std::size_t si = heap.back();
        heap.pop_back();
        s[si] = v * factor(si);
        push(si);
        push(k);  // s[k] keeps its value
    }
}

SentimentDetail Scorer::run(std::string_view input) {
    SentimentDetail out;
    const ExpandedText expanded = expand_emoji(emoji_, input, extensions_);
    const std::string_view text = expanded.text();
    tokenize(text);
    const std::size_t n = tokens_.size();
    if (n == 0) return out;  // the reference gives 0/0/0/0; Attune calls an empty text neutral

    if (extensions_) {
        mark_idioms();
        // Emoticons and emoji say how the writer feels whatever words stand before them:
        // "not happy :(" is sad twice over, where VADER negates the ":(" into a smile.
        for (Token& t : tokens_) {
            const auto in_emoji = std::any_of(expanded.spans.begin(), expanded.spans.end(), [&](const EmojiSpan& e) {
                return t.out_begin >= e.out_begin && t.out_begin < e.out_end;
            });
            t.symbol = in_emoji || std::none_of(t.lower.begin(), t.lower.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        }
    }
    std::size_t upper = 0;
    for (const Token& t : tokens_) upper += t.upper;
    cap_diff_ = upper > 0 && upper < n;  // allcap_differential

    sentiments_.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const Token& t = tokens_[i];
        if (t.idiom) {
            if (t.idiom_head) sentiments_[i] = idiom_valence_of(i);
            continue;
        }
        if (t.is_booster) continue;  // boosters modify their neighbours, never count themselves
        if (i + 1 < n && t.lower == "kind" && tokens_[i + 1].lower == "of") continue;
        if (t.in_lexicon) sentiments_[i] = valence_of(i);
    }
    but_check();

    double sum = 0;
    for (double v : sentiments_) sum += v;
    // Punctuation emphasis counts every '!' and '?' in the text, not only those on scored words.
    const auto bangs = std::count(text.begin(), text.end(), '!');
    const auto questions = std::count(text.begin(), text.end(), '?');
    const double ep = static_cast<double>(std::min<std::ptrdiff_t>(bangs, kMaxExclamations)) *
                      kExclamationIncrement;
    double qm = 0;
    if (questions > 1)
        qm = questions <= 3 ? static_cast<double>(questions) * kQuestionIncrement : kQuestionCap;
    const double punct = ep + qm;
    if (sum > 0) {
        sum += punct;
    } else if (sum < 0) {
        sum -= punct;
    }
    const double compound = normalize_score(sum);

    // _sift_sentiment_scores: each sentiment word weighs |valence| + 1 against one per neutral.
    double pos_sum = 0, neg_sum = 0;
    std::size_t neu_count = 0;
    for (double v : sentiments_) {
        if (v > 0) pos_sum += v + 1;
        if (v < 0) neg_sum += v - 1;
        if (v == 0) ++neu_count;
    }
    if (pos_sum > std::fabs(neg_sum)) {
        pos_sum += punct;
    } else if (pos_sum < std::fabs(neg_sum)) {
        neg_sum -= punct;
    }
    const double total = pos_sum + std::fabs(neg_sum) + static_cast<double>(neu_count);
    out.scores.compound = py_round(compound, 4);
    out.scores.positive = py_round(std::fabs(pos_sum / total), 3);
    out.scores.neutral = py_round(std::fabs(static_cast<double>(neu_count) / total), 3);
    out.scores.negative = py_round(std::fabs(neg_sum / total), 3);
    out.raw_sum = sum;

    for (std::size_t i = 0; i < n; ++i) {
        if (sentiments_[i] == 0) continue;
        const Token& t = tokens_[i];
        // An idiom is reported as the whole phrase; a description word as its emoji.
        const std::size_t first = t.idiom ? tokens_[t.idiom_first].out_begin : t.out_begin;
        const auto [b, e] = expanded.source_range(first, t.out_end);
        out.contributions.push_back({std::string(input.substr(b, e - b)), sentiments_[i]});
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Loading.

std::string_view trim(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

std::optional<double> parse_double(std::string_view s) {
    s = trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    double v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

// Reads "key<TAB>value[<TAB>...]" lines as the reference does (line.strip().split('\t')[0:2]);
// blank lines are skipped. Calls add(key, value, line_number), which returns false to reject.
template <typename Add>
Status read_tab_lines(std::istream& in, std::string_view what, Add add) {
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        std::string_view l = line;
        if (line_no == 1 && l.substr(0, 3) == "\xEF\xBB\xBF") l.remove_prefix(3);
        l = trim(l);
        if (l.empty()) continue;
        const auto tab = l.find('\t');
        if (tab == std::string_view::npos || tab == 0)
            return Status::corrupt(std::string(what) + " line " + std::to_string(line_no) +
                                   ": expected two tab-separated fields");
        std::string_view value = l.substr(tab + 1);
        value = value.substr(0, value.find('\t'));
        ATTUNE_RETURN_IF_ERROR(add(l.substr(0, tab), value, line_no));
    }
    if (in.bad())
        return Status::corrupt(std::string(what) + ": read failed after line " +
                               std::to_string(line_no));
    return Status::ok();
}

// Splits a '\n'-joined tensor back into its parts (an empty tensor holds none).
std::vector<std::string_view> split_joined(const Tensor& t) {
    std::vector<std::string_view> parts;
    const std::string_view all(reinterpret_cast<const char*>(t.data.data()), t.data.size());
    if (all.empty()) return parts;
    std::size_t s = 0;
    while (true) {
        const std::size_t e = all.find('\n', s);
        parts.push_back(
            all.substr(s, e == std::string_view::npos ? std::string_view::npos : e - s));
        if (e == std::string_view::npos) break;
        s = e + 1;
    }
    return parts;
}

void put_joined(ModelFile& model, const std::string& name,
                const std::vector<std::string_view>& parts) {
    std::string joined;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) joined += '\n';
        joined += parts[i];
    }
    model.put(name, DType::u8, {static_cast<std::int64_t>(joined.size())},
              std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(joined.data()),
                                            joined.size()));
}

// Keys that a '\n'-joined tensor cannot hold; such keys can never match a whitespace-split token
// either, so leaving them out of the model changes no score.
bool storable_key(std::string_view key) {
    return !key.empty() && key.find('\n') == std::string_view::npos;
}

}  // namespace

Result<SentimentScorer> SentimentScorer::from_text(std::istream& lexicon, std::istream& emoji,
                                                   std::string_view name) {
    SentimentScorer scorer;
    const std::string lex_what = std::string(name) + ": lexicon";
    Status st = read_tab_lines(
        lexicon, lex_what,
        [&](std::string_view token, std::string_view value, std::size_t line_no) -> Status {
            const auto v = parse_double(value);
            if (!v)
                return Status::corrupt(lex_what + " line " + std::to_string(line_no) +
                                       ": valence '" + std::string(value) + "' is not a number");
            // Later lines override earlier ones, as in the reference's dict (VADER's own file
            // lists "lol", "ok" and a dozen others twice).
            scorer.lexicon_.insert_or_assign(std::string(token), static_cast<float>(*v));
            return Status::ok();
        });
    if (!st) return st;
    const std::string emoji_what = std::string(name) + ": emoji lexicon";
    st = read_tab_lines(
        emoji, emoji_what,
        [&](std::string_view key, std::string_view description, std::size_t line_no) -> Status {
            if (trim(description).empty())
                return Status::corrupt(emoji_what + " line " + std::to_string(line_no) +
                                       ": empty description");
            scorer.emoji_.insert_or_assign(std::string(key), std::string(description));
            return Status::ok();
        });
    if (!st) return st;
    return scorer;
}

void SentimentScorer::save_to(ModelFile& model) const {
    // Sorted, so that the same lexicon always gives the same bytes and checksum.
    std::vector<std::string_view> tokens;
    tokens.reserve(lexicon_.size());
    for (const auto& [token, valence] : lexicon_)
        if (storable_key(token)) tokens.push_back(token);
    std::sort(tokens.begin(), tokens.end());
    std::vector<float> valences;
    valences.reserve(tokens.size());
    for (auto token : tokens) valences.push_back(lexicon_.find(token)->second);
    put_joined(model, "lexicon_tokens", tokens);
    model.put("lexicon_valence", DType::f32, {static_cast<std::int64_t>(valences.size())},
              std::span<const float>(valences));

    std::vector<std::string_view> keys;
    keys.reserve(emoji_.size());
    for (const auto& [key, description] : emoji_)
        if (storable_key(key) && description.find('\n') == std::string::npos) keys.push_back(key);
    std::sort(keys.begin(), keys.end());
    std::vector<std::string_view> descriptions;
    descriptions.reserve(keys.size());
    for (auto key : keys) descriptions.push_back(emoji_.find(key)->second);
    put_joined(model, "emoji_keys", keys);
    put_joined(model, "emoji_descriptions", descriptions);
}

Result<SentimentScorer> SentimentScorer::from_model(const ModelFile& model) {
    const std::string what = "sentiment model (" + model.kind() + ")";
    auto tokens = model.get("lexicon_tokens", DType::u8, 1);
    if (!tokens) return tokens.status();
    auto valences = model.get("lexicon_valence", DType::f32, 1);
    if (!valences) return valences.status();
    auto keys = model.get("emoji_keys", DType::u8, 1);
    if (!keys) return keys.status();
    auto descriptions = model.get("emoji_descriptions", DType::u8, 1);
    if (!descriptions) return descriptions.status();

    const Tensor& vt = **valences;
    if (vt.data.size() != vt.elements() * sizeof(float))
        return Status::corrupt(what + ": tensor 'lexicon_valence' holds " +
                               std::to_string(vt.data.size()) + " bytes for " +
                               std::to_string(vt.elements()) + " values");
    const auto token_list = split_joined(**tokens);
    const std::size_t value_count = vt.data.size() / sizeof(float);
    if (token_list.size() != value_count)
        return Status::corrupt(
            what + ": 'lexicon_tokens' holds " + std::to_string(token_list.size()) +
            " tokens but 'lexicon_valence' " + std::to_string(value_count) + " values");
    const auto key_list = split_joined(**keys);
    const auto description_list = split_joined(**descriptions);
    if (key_list.size() != description_list.size())
        return Status::corrupt(what + ": 'emoji_keys' holds " + std::to_string(key_list.size()) +
                               " emoji but 'emoji_descriptions' " +
                               std::to_string(description_list.size()) + " descriptions");

    SentimentScorer scorer;
    scorer.lexicon_.reserve(token_list.size());
    for (std::size_t i = 0; i < token_list.size(); ++i) {
        float v;
        std::memcpy(&v, vt.data.data() + i * sizeof(float), sizeof v);
        if (!std::isfinite(v))
            return Status::corrupt(what + ": valence of '" + std::string(token_list[i]) +
                                   "' is not finite");
        if (token_list[i].empty())
            return Status::corrupt(what + ": lexicon token " + std::to_string(i) + " is empty");
        scorer.lexicon_.insert_or_assign(std::string(token_list[i]), v);
    }
    scorer.emoji_.reserve(key_list.size());
    for (std::size_t i = 0; i < key_list.size(); ++i)
        scorer.emoji_.insert_or_assign(std::string(key_list[i]), std::string(description_list[i]));
    return scorer;
}

void SentimentScorer::set_valence(std::string token, float valence) {
    lexicon_.insert_or_assign(std::move(token), valence);
}

SentimentDetail SentimentScorer::score(std::string_view text) const {
    Scorer scorer(lexicon_, emoji_, /*extensions=*/true);
    return scorer.run(text);
}

bool is_booster(std::string_view lower_word) {
    const WordInfo* info = find_word_info(lower_word);
    return info != nullptr && info->is_booster;
}

}  // namespace attune::text
