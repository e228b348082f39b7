// SPDX-License-Identifier: Apache-2.0
// Label sets (GoEmotions, Demszky et al. 2020) and the JSON form of an analysis.
#include <array>
#include <cmath>
#include <cstring>

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

// `attune text --jsonl` prints one of these objects per line. Building a JSON tree per line,
// or appending piece by piece to a std::string, cost as much as a third of the analysis, so the
// object is written straight into memory set aside for it (json_bound says how much).
class JsonWriter {
public:
    JsonWriter(char* begin, char* end) : p_(begin), end_(end) {}
    char* position() const { return p_; }

    template <std::size_t N>
    void raw(const char (&literal)[N]) {
        raw(std::string_view(literal, N - 1));
    }
    void raw(std::string_view s) {
        room(s.size());
        std::memcpy(p_, s.data(), s.size());
        p_ += s.size();
    }
    void raw(char c) {
        room(1);
        *p_++ = c;
    }

    void count(std::size_t v) {
        char buf[24];
        char* const end = buf + sizeof buf;
        const char* begin = digits(end, v);
        raw(std::string_view(begin, static_cast<std::size_t>(end - begin)));
    }

    // Fixed-point with at most `Decimals` (1..5) decimals and no trailing zeros ("0.25", "-1",
    // "0"), by integer arithmetic: the shortest-round-trip std::to_chars cost more than the
    // analysis itself. NaN and infinities, which JSON cannot hold, are written as null (as
    // nlohmann::json writes them). A template, so that the divisions are by constants.
    template <int Decimals>
    void number(double v) {
        static_assert(Decimals >= 1 && Decimals <= 5);
        constexpr unsigned long long kScale = [] {
            unsigned long long s = 1;
            for (int d = 0; d < Decimals; ++d) s *= 10;
            return s;
        }();
        if (!std::isfinite(v)) return raw("null");
        const long long q = std::llround(v * static_cast<double>(kScale));
        const unsigned long long m =
            q < 0 ? 0ull - static_cast<unsigned long long>(q) : static_cast<unsigned long long>(q);
        char buf[32];
        char* const end = buf + sizeof buf;
        char* const point = end - Decimals - 1;
        // All the decimals, then the trailing zeros (and the point, for a whole number) cut.
        auto frac = static_cast<unsigned>(m % kScale);
        for (char* d = end; d > point + 1; frac /= 10) *--d = static_cast<char>('0' + frac % 10);
        *point = '.';
        char* last = end;
        while (last[-1] == '0') --last;
        if (last - 1 == point) --last;
        char* begin = digits(point, m / kScale);
        if (q < 0) *--begin = '-';
        raw(std::string_view(begin, static_cast<std::size_t>(last - begin)));
    }

    // A JSON string: quotes, backslashes and control characters escaped, every other byte
    // (UTF-8 included) as it is.
    void string(std::string_view s) {
        raw('"');
        std::size_t run = 0;  // start of the bytes not yet written
        for (std::size_t i = 0; i < s.size(); ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            raw(s.substr(run, i - run));
            run = i + 1;
            switch (c) {
                case '"': raw("\\\""); break;
                case '\\': raw("\\\\"); break;
                case '\n': raw("\\n"); break;
                case '\t': raw("\\t"); break;
                case '\r': raw("\\r"); break;
                default: {
                    static constexpr char kHex[] = "0123456789abcdef";
                    const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
                    raw(std::string_view(esc, sizeof esc));
                }
            }
        }
        raw(s.substr(run));
        raw('"');
    }

    void tokens(const std::vector<TokenWeight>& tokens) {
        raw('[');
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (i) raw(',');
            raw("{\"token\":");
            string(tokens[i].token);
            raw(",\"weight\":");
            number<4>(tokens[i].weight);
            raw('}');
        }
        raw(']');
    }

private:
    // Decimal digits of v at the end of a buffer; returns where they begin.
    static char* digits(char* end, unsigned long long v) {
        do {
            *--end = static_cast<char>('0' + v % 10);
            v /= 10;
        } while (v != 0);
        return end;
    }
    void room(std::size_t n) const {
        if (n > static_cast<std::size_t>(end_ - p_)) [[unlikely]] outgrown(n);
    }
    // json_bound() is meant to make this unreachable; the check keeps a mistake in it from
    // writing past the buffer. Out of line, so that the writes stay small enough to inline.
    [[gnu::cold, gnu::noinline]] void outgrown(std::size_t n) const {
        ATTUNE_ASSERT(n <= static_cast<std::size_t>(end_ - p_),
                      "the JSON of an analysis outgrew json_bound() by " +
                          std::to_string(n - static_cast<std::size_t>(end_ - p_)) + " bytes");
    }

    char* p_;
    char* end_;
};

// At most how many bytes append_json writes for `a`: the fixed keys and punctuation (under
// 1,500 bytes), 32 per number, 6 per string byte (a control character becomes \u00XX) and 64
// per array element for its keys and punctuation.
std::size_t json_bound(const Analysis& a) {
    constexpr std::size_t kNumber = 32, kElement = 64;
    std::size_t n = 2048 + kNumber * (kNumEmotions + kNumEkman + 12);
    auto string = [&n](std::string_view s) { n += 6 * s.size() + 2; };
    auto tokens = [&](const std::vector<TokenWeight>& t) {
        for (const auto& tw : t) {
            n += kElement + kNumber;
            string(tw.token);
        }
    };
    for (const auto& l : a.labels) n += kElement, string(l);
    tokens(a.explanation.sentiment);
    for (const auto& e : a.explanation.emotions) {
        n += kElement + kNumber;
        string(e.label);
        tokens(e.tokens);
    }
    for (const auto& e : a.crisis.evidence) n += kElement, string(e);
    for (const auto& d : a.distortions) {
        n += kElement;
        string(distortion_name(d.type));
        string(d.evidence);
        string(d.reframe);
    }
    return n;
}

// `"name":` for each name, so that the 28 emotions and 7 groups are one write each.
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
    const std::size_t start = out.size();
    out.resize(start + json_bound(a));
    JsonWriter w(out.data() + start, out.data() + out.size());
    w.raw('{');
    if (line) {
        w.raw("\"line\":");
        w.count(*line);
        w.raw(',');
    }
    w.raw("\"sentiment\":{\"compound\":");
    w.number<4>(a.sentiment.compound);
    w.raw(",\"positive\":");
    w.number<3>(a.sentiment.positive);
    w.raw(",\"neutral\":");
    w.number<3>(a.sentiment.neutral);
    w.raw(",\"negative\":");
    w.number<3>(a.sentiment.negative);
    w.raw(",\"rules_compound\":");
    w.number<4>(a.sentiment.rules_compound);
    w.raw("},\"emotions\":{");
    for (std::size_t k = 0; k < kNumEmotions; ++k) {
        w.raw(kEmotionKeys[k]);
        w.number<4>(a.emotions[k]);
    }
    w.raw("},\"labels\":[");
    for (std::size_t i = 0; i < a.labels.size(); ++i) {
        if (i) w.raw(',');
        w.string(a.labels[i]);
    }
    w.raw("],\"ekman\":{");
    for (std::size_t k = 0; k < kNumEkman; ++k) {
        w.raw(kEkmanKeys[k]);
        w.number<4>(a.ekman[k]);
    }
    w.raw("},\"vad\":{\"valence\":");
    w.number<3>(a.vad.valence);
    w.raw(",\"arousal\":");
    w.number<3>(a.vad.arousal);
    w.raw(",\"dominance\":");
    w.number<3>(a.vad.dominance);
    w.raw(",\"scale\":\"[-1, 1] = (EmoBank 1..5 rating - 3) / 2\"}");
    w.raw(",\"explanation\":{\"sentiment\":");
    w.tokens(a.explanation.sentiment);
    w.raw(",\"emotions\":[");
    for (std::size_t i = 0; i < a.explanation.emotions.size(); ++i) {
        const auto& e = a.explanation.emotions[i];
        if (i) w.raw(',');
        w.raw("{\"label\":");
        w.string(e.label);
        w.raw(",\"probability\":");
        w.number<4>(e.probability);
        w.raw(",\"tokens\":");
        w.tokens(e.tokens);
        w.raw('}');
    }
    w.raw("]},\"crisis\":{\"level\":");
    w.string(crisis_level_name(a.crisis.level));
    if (a.crisis.self_harm) w.raw(",\"self_harm\":true");
    else w.raw(",\"self_harm\":false");
    w.raw(",\"confidence\":");
    w.number<3>(a.crisis.confidence);
    w.raw(",\"evidence\":[");
    for (std::size_t i = 0; i < a.crisis.evidence.size(); ++i) {
        if (i) w.raw(',');
        w.string(a.crisis.evidence[i]);
    }
    w.raw("]},\"distortions\":[");
    for (std::size_t i = 0; i < a.distortions.size(); ++i) {
        const auto& d = a.distortions[i];
        if (i) w.raw(',');
        w.raw("{\"type\":");
        w.string(distortion_name(d.type));
        w.raw(",\"evidence\":");
        w.string(d.evidence);
        w.raw(",\"reframe\":");
        w.string(d.reframe);
        w.raw('}');
    }
    w.raw("],\"words\":");
    w.count(a.words);
    w.raw('}');
    out.resize(static_cast<std::size_t>(w.position() - out.data()));
}

nlohmann::json to_json(const Analysis& a) {
    std::string s;
    append_json(a, s);
    return nlohmann::json::parse(s);
}

}  // namespace attune::text
