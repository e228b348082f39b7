// SPDX-License-Identifier: Apache-2.0
// Label sets (GoEmotions, Demszky et al. 2020) and the JSON form of an analysis.
#include <cmath>
#include <cstdio>

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

// Fixed-point with at most `decimals` decimals and no trailing zeros ("0.25", "-1", "0"), by
// integer arithmetic: the shortest-round-trip std::to_chars cost more than the analysis itself.
void put_number(std::string& out, double v, int decimals) {
    static constexpr long long kPow10[] = {1, 10, 100, 1000, 10000, 100000};
    const long long scale = kPow10[decimals];
    long long q = std::llround(v * static_cast<double>(scale));
    if (q == 0) {
        out += '0';
        return;
    }
    if (q < 0) {
        out += '-';
        q = -q;
    }
    out += std::to_string(q / scale);
    long long frac = q % scale;
    if (frac == 0) return;
    int digits = decimals;
    while (frac % 10 == 0) {
        frac /= 10;
        --digits;
    }
    char buf[8];
    for (int d = digits - 1; d >= 0; --d) {
        buf[d] = static_cast<char>('0' + frac % 10);
        frac /= 10;
    }
    out += '.';
    out.append(buf, static_cast<std::size_t>(digits));
}

void put_string(std::string& out, std::string_view s) {
    out += '"';
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

void put_key(std::string& out, std::string_view key) {
    put_string(out, key);
    out += ':';
}

void put_tokens(std::string& out, const std::vector<TokenWeight>& tokens) {
    out += '[';
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (i) out += ',';
        out += "{\"token\":";
        put_string(out, tokens[i].token);
        out += ",\"weight\":";
        put_number(out, tokens[i].weight, 4);
        out += '}';
    }
    out += ']';
}

}  // namespace

void append_json(const Analysis& a, std::string& out, std::optional<std::size_t> line) {
    // Written by hand rather than through a JSON tree: `attune text --jsonl` prints one of these
    // per line, and building 60 tree nodes per line cost more than the analysis itself.
    out += '{';
    if (line) {
        out += "\"line\":";
        out += std::to_string(*line);
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
        if (k) out += ',';
        put_key(out, emotion_names()[k]);
        put_number(out, a.emotions[k], 4);
    }
    out += "},\"labels\":[";
    for (std::size_t i = 0; i < a.labels.size(); ++i) {
        if (i) out += ',';
        put_string(out, a.labels[i]);
    }
    out += "],\"ekman\":{";
    for (std::size_t k = 0; k < kNumEkman; ++k) {
        if (k) out += ',';
        put_key(out, ekman_names()[k]);
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
        if (i) out += ',';
        out += "{\"label\":";
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
        if (i) out += ',';
        out += "{\"type\":";
        put_string(out, distortion_name(d.type));
        out += ",\"evidence\":";
        put_string(out, d.evidence);
        out += ",\"reframe\":";
        put_string(out, d.reframe);
        out += '}';
    }
    out += "],\"words\":";
    out += std::to_string(a.words);
    out += '}';
}

nlohmann::json to_json(const Analysis& a) {
    std::string s;
    append_json(a, s);
    return nlohmann::json::parse(s);
}

}  // namespace attune::text
