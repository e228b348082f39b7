// SPDX-License-Identifier: Apache-2.0
// Label sets (GoEmotions, Demszky et al. 2020) and the JSON form of an analysis.
#include <array>
#include <cmath>

#include <attune/text.hpp>

namespace attune::text {

const std::array<std::string_view, kNumEmotions>& emotion_names() {
    static constexpr std::array<std::string_view, kNumEmotions> kNames{
        "admiration", "amusement", "anger",       "annoyance",      "approval",    "caring",
        "confusion",  "curiosity", "desire",      "disappointment", "disapproval", "disgust",
        "embarrassment", "excitement", "fear",    "gratitude",      "grief",       "joy",
        "love",       "nervousness", "optimism",  "pride",          "realization", "relief",
        "remorse",    "sadness",   "surprise",    "neutral"};
    return kNames;
}

const std::array<std::string_view, kNumEkman>& ekman_names() {
    static constexpr std::array<std::string_view, kNumEkman> kNames{
        "anger", "disgust", "fear", "joy", "sadness", "surprise", "neutral"};
    return kNames;
}

const std::array<std::size_t, kNumEmotions>& ekman_group_of_emotion() {
    // GoEmotions' ekman_mapping.json, indexed by emotion.
    enum { anger, disgust, fear, joy, sadness, surprise, neutral };
    static constexpr std::array<std::size_t, kNumEmotions> kGroup{
        joy,      joy,      anger,    anger,   joy,     joy,      surprise, surprise, joy,
        sadness,  anger,    disgust,  sadness, joy,     fear,     joy,      sadness,  joy,
        joy,      fear,     joy,      joy,     surprise, joy,     sadness,  sadness,  surprise,
        neutral};
    return kGroup;
}

namespace {

// The writer below appends each piece with one append() of a run of bytes: `attune text --jsonl`
// prints one object per line, and building a JSON tree per line, or pushing one character at a
// time, cost as much as a third of the analysis.

// Decimal digits of v (v >= 0) at the end of buf; returns where they begin.
char* put_digits(char* end, unsigned long long v) {
    do {
        *--end = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0);
    return end;
}

void put_count(std::string& out, std::size_t v) {
    char buf[24];
    char* const end = buf + sizeof buf;
    const char* begin = put_digits(end, v);
    out.append(begin, static_cast<std::size_t>(end - begin));
}

// Fixed-point with at most `decimals` (1..5) decimals and no trailing zeros ("0.25", "-1", "0"),
// by integer arithmetic: the shortest-round-trip std::to_chars cost more than the analysis
// itself. NaN and infinities, which JSON cannot hold, are written as null (as nlohmann::json
// writes them).
void put_number(std::string& out, double v, int decimals) {
    static constexpr long long kPow10[] = {1, 10, 100, 1000, 10000, 100000};
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    const long long scale = kPow10[decimals];
    const long long q = std::llround(v * static_cast<double>(scale));
    const unsigned long long m = q < 0 ? 0ull - static_cast<unsigned long long>(q) : static_cast<unsigned long long>(q);
    char buf[32];
    char* const end = buf + sizeof buf;
    char* begin = end;
    unsigned long long frac = m % static_cast<unsigned long long>(scale);
    if (frac != 0) {
        int digits = decimals;
        while (frac % 10 == 0) {
            frac /= 10;
            --digits;
        }
        for (int d = 0; d < digits; ++d) {
            *--begin = static_cast<char>('0' + frac % 10);
            frac /= 10;
        }
        *--begin = '.';
    }
    begin = put_digits(begin, m / static_cast<unsigned long long>(scale));
    if (q < 0) *--begin = '-';
    out.append(begin, static_cast<std::size_t>(end - begin));
}

// A JSON string: quotes, backslashes and control characters escaped, every other byte (UTF-8
// included) as it is.
void put_string(std::string& out, std::string_view s) {
    out += '"';
    std::size_t run = 0;  // start of the bytes not yet appended
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default: {
                static constexpr char kHex[] = "0123456789abcdef";
                const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
                out.append(esc, sizeof esc);
            }
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

void put_tokens(std::string& out, const std::vector<TokenWeight>& tokens) {
    out += '[';
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        out += i ? ",{\"token\":" : "{\"token\":";
        put_string(out, tokens[i].token);
        out += ",\"weight\":";
        put_number(out, tokens[i].weight, 4);
        out += '}';
    }
    out += ']';
}

// `"name":` for each name, so that the 28 emotions and 7 groups are one append each.
template <std::size_t N>
std::array<std::string, N> keys_of(const std::array<std::string_view, N>& names) {
    std::array<std::string, N> out;
    for (std::size_t k = 0; k < N; ++k) out[k] = (k ? ",\"" : "\"") + std::string(names[k]) + "\":";
    return out;
}

}  // namespace

void append_json(const Analysis& a, std::string& out, std::optional<std::size_t> line) {
    static const auto kEmotionKeys = keys_of(emotion_names());
    static const auto kEkmanKeys = keys_of(ekman_names());
    out += '{';
    if (line) {
        out += "\"line\":";
        put_count(out, *line);
        out += ',';
    }
    out += "\"sentiment\":{\"compound\":";
    put_number(out, a.sentiment.compound, 4);
    out += ",\"positive\":";
    put_number(out, a.sentiment.positive, 3);
    out += ",\"neutral\":";
    put_number(out, a.sentiment.neutral, 3);
    out += ",\"negative\":";
    put_number(out, a.sentiment.negative, 3);
    out += ",\"rules_compound\":";
    put_number(out, a.sentiment.rules_compound, 4);
    out += "},\"emotions\":{";
    for (std::size_t k = 0; k < kNumEmotions; ++k) {
        out += kEmotionKeys[k];
        put_number(out, a.emotions[k], 4);
    }
    out += "},\"labels\":[";
    for (std::size_t i = 0; i < a.labels.size(); ++i) {
        if (i) out += ',';
        put_string(out, a.labels[i]);
    }
    out += "],\"ekman\":{";
    for (std::size_t k = 0; k < kNumEkman; ++k) {
        out += kEkmanKeys[k];
        put_number(out, a.ekman[k], 4);
    }
    out += "},\"vad\":{\"valence\":";
    put_number(out, a.vad.valence, 3);
    out += ",\"arousal\":";
    put_number(out, a.vad.arousal, 3);
    out += ",\"dominance\":";
    put_number(out, a.vad.dominance, 3);
    out += ",\"scale\":\"[-1, 1] = (EmoBank 1..5 rating - 3) / 2\"},\"explanation\":{\"sentiment\":";
    put_tokens(out, a.explanation.sentiment);
    out += ",\"emotions\":[";
    for (std::size_t i = 0; i < a.explanation.emotions.size(); ++i) {
        const auto& e = a.explanation.emotions[i];
        out += i ? ",{\"label\":" : "{\"label\":";
        put_string(out, e.label);
        out += ",\"probability\":";
        put_number(out, e.probability, 4);
        out += ",\"tokens\":";
        put_tokens(out, e.tokens);
        out += '}';
    }
    out += "]},\"crisis\":{\"level\":";
    put_string(out, crisis_level_name(a.crisis.level));
    out += a.crisis.self_harm ? ",\"self_harm\":true" : ",\"self_harm\":false";
    out += ",\"confidence\":";
    put_number(out, a.crisis.confidence, 3);
    out += ",\"evidence\":[";
    for (std::size_t i = 0; i < a.crisis.evidence.size(); ++i) {
        if (i) out += ',';
        put_string(out, a.crisis.evidence[i]);
    }
    out += "]},\"distortions\":[";
    for (std::size_t i = 0; i < a.distortions.size(); ++i) {
        const auto& d = a.distortions[i];
        out += i ? ",{\"type\":" : "{\"type\":";
        put_string(out, distortion_name(d.type));
        out += ",\"evidence\":";
        put_string(out, d.evidence);
        out += ",\"reframe\":";
        put_string(out, d.reframe);
        out += '}';
    }
    out += "],\"words\":";
    put_count(out, a.words);
    out += '}';
}

nlohmann::json to_json(const Analysis& a) {
    std::string s;
    append_json(a, s);
    return nlohmann::json::parse(s);
}

}  // namespace attune::text
