// SPDX-License-Identifier: Apache-2.0
#include "text/phrase_rules.hpp"

#include <algorithm>
#include <array>

#include <utf8proc.h>

#include <attune/core.hpp>

#include "text/tokenize.hpp"

namespace attune::text {
namespace {

bool is_ascii_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::size_t utf8_length(unsigned char lead) { return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1; }

// Length of the UTF-8 letter or mark starting at s[i] (0 when it is not one).
std::size_t unicode_letter_at(std::string_view s, std::size_t i) {
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                    static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    if (n <= 0) return 1;  // normalised text is valid UTF-8; be safe anyway
    switch (utf8proc_category(cp)) {
        case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
        case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
            return static_cast<std::size_t>(n);
        default:
            return 0;
    }
}

// Chat spellings the rules need beyond the tokenizer's table (which stays as it is: the
// learned models were trained on its output).
constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kRuleChat{{
    {"abt", "about"},      {"bout", "about"},       {"id", "i would"},        {"sh'd", "self-harmed"},
    {"tonights", "tonight is"}, {"ngl", "honestly"},
    {"cannot", "can not"}, {"coz", "because"},     {"dunno", "do not know"}, {"finna", "going to"},
    {"gotta", "got to"},   {"hafta", "have to"},    {"ima", "i am going to"}, {"imma", "i am going to"},
    {"kinda", "kind of"},  {"rn", "right now"},     {"shoulda", "should have"}, {"sorta", "sort of"},
    {"tryna", "trying to"}, {"wont", "will not"},
}};

std::string_view rule_chat(std::string_view w) {
    for (const auto& [from, to] : kRuleChat)
        if (from == w) return to;
    return chat_expansion(w);
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Splits a contraction into its words: "don't" -> do not, "i'm" -> i am, "she's" -> she is.
// The words are views of `w` or of string literals.
void split_contraction(std::string_view w, std::vector<std::string_view>& out) {
    if (w == "can't") return out.insert(out.end(), {"can", "not"}), void();
    if (w == "won't") return out.insert(out.end(), {"will", "not"}), void();
    if (w == "ain't") return out.insert(out.end(), {"am", "not"}), void();
    if (w == "shan't") return out.insert(out.end(), {"shall", "not"}), void();
    if (ends_with(w, "n't") && w.size() > 3) {
        out.push_back(w.substr(0, w.size() - 3));
        out.push_back("not");
        return;
    }
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kSuffix{{
        {"'m", "am"}, {"'re", "are"}, {"'ve", "have"}, {"'ll", "will"}, {"'d", "would"}}};
    for (const auto& [suffix, word] : kSuffix)
        if (ends_with(w, suffix) && w.size() > suffix.size()) {
            out.push_back(w.substr(0, w.size() - suffix.size()));
            out.push_back(word);
            return;
        }
    if (ends_with(w, "'s") && w.size() > 2) {
        const std::string_view stem = w.substr(0, w.size() - 2);
        static constexpr std::array<std::string_view, 10> kIs{
            "he", "she", "it", "that", "there", "what", "who", "where", "here", "how"};
        out.push_back(stem);
        if (stem == "let") out.push_back("us");
        else if (std::find(kIs.begin(), kIs.end(), stem) != kIs.end()) out.push_back("is");
        else out.push_back("'s");
        return;
    }
    out.push_back(w);
}

// Cuts runs of three or more equal letters to two, in place ("sooo" -> "soo", "pleeease" ->
// "pleease").
void cut_elongation(std::string& w) {
    std::size_t kept = 0;
    char before = 0, last = 0;  // the two characters before w[i] as written
    for (std::size_t i = 0; i < w.size(); ++i) {
        const char c = w[i];
        const bool third = i >= 2 && c == last && c == before;
        before = last;
        last = c;
        if (!third) w[kept++] = c;
    }
    w.resize(kept);
}

}  // namespace

std::vector<RuleToken> rule_tokens(std::string_view s) {
    std::vector<RuleToken> out;
    out.reserve(s.size() / 6 + 1);
    std::uint32_t sentence = 0, clause = 0;
    bool sentence_open = false, clause_open = false;  // a token has been seen since the last break
    auto end_sentence = [&] {
        if (sentence_open) ++sentence, ++clause;
        sentence_open = clause_open = false;
    };
    auto end_clause = [&] {
        if (clause_open) ++clause;
        clause_open = false;
    };
    thread_local std::vector<std::string_view> words;  // of the word being read
    bool in_double = false, in_single = false;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        // Quotation marks: '"' toggles; a "'" opens before a word and closes after one (an
        // apostrophe inside a word never gets here).
        if (c == '"') in_double = !in_double;
        if (c == '\'') {
            const bool before_word = i + 1 < s.size() && is_ascii_word_char(s[i + 1]);
            const bool after_word = i > 0 && (is_ascii_word_char(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '!' || s[i - 1] == '?');
            if (!in_single && before_word && !after_word) in_single = true;
            else if (in_single && after_word && !before_word) in_single = false;
        }
        std::size_t len = is_ascii_word_char(c) ? 1 : (static_cast<unsigned char>(c) >= 0x80 ? unicode_letter_at(s, i) : 0);
        if (len == 0) {
            if (c == '.' || c == '!' || c == '?' || c == '\n') end_sentence();
            else if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')') end_clause();
            else if (c == '-' && (i + 1 >= s.size() || s[i + 1] == ' ' || s[i + 1] == '-')) end_clause();
            i += utf8_length(static_cast<unsigned char>(c));
            continue;
        }
        // A word: letters, digits, marks, and apostrophes or hyphens between them.
        const std::size_t begin = i;
        while (i < s.size()) {
            const char d = s[i];
            if (is_ascii_word_char(d)) { ++i; continue; }
            if (static_cast<unsigned char>(d) >= 0x80) {
                const std::size_t n = unicode_letter_at(s, i);
                if (n == 0) break;
                i += n;
                continue;
            }
            if ((d == '\'' || d == '-') && i + 1 < s.size() &&
                (is_ascii_word_char(s[i + 1]) || static_cast<unsigned char>(s[i + 1]) >= 0x80) && i > begin)
                { ++i; continue; }
            break;
        }
        std::string lower = ascii_lower(s.substr(begin, i - begin));
        cut_elongation(lower);
        words.clear();
        const std::string_view chat = rule_chat(lower);
        std::string_view rest = chat.empty() ? std::string_view(lower) : chat;
        while (!rest.empty()) {
            const auto sp = rest.find(' ');
            split_contraction(rest.substr(0, sp), words);
            rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
        }
        if (words.front() == "but") end_clause();
        for (const auto w : words)
            out.push_back({std::string(w), static_cast<std::uint32_t>(begin),
                           static_cast<std::uint32_t>(i), sentence, clause, in_double || in_single});
        sentence_open = clause_open = true;
    }
    return out;
}

std::string_view span_text(std::string_view normalized, const std::vector<RuleToken>& tokens,
                           std::size_t first, std::size_t last) {
    ATTUNE_ASSERT(first <= last && last < tokens.size(), "bad span " + std::to_string(first) + ".." + std::to_string(last));
    return normalized.substr(tokens[first].begin, tokens[last].end - tokens[first].begin);
}

bool PhraseSet::Item::accepts(std::uint32_t id, std::string_view w) const {
    if (number && w.size() >= 2 && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return true;
    if (id != kUnknown && std::binary_search(ids.begin(), ids.end(), id)) return true;
    for (const auto& p : prefixes)
        if (w.size() >= p.size() && w.substr(0, p.size()) == p) return true;
    return false;
}

PhraseSet::PhraseSet(const std::vector<std::string>& patterns, const Sets& sets, bool gaps_cross_clauses)
    : gaps_cross_clauses_(gaps_cross_clauses) {
    auto intern = [this](std::string_view w) {
        const auto id = static_cast<std::uint32_t>(vocabulary_.size());
        return vocabulary_.try_emplace(std::string(w), id).first->second;
    };
    for (std::uint32_t r = 0; r < patterns.size(); ++r) {
        Pattern p;
        std::string_view rest = patterns[r];
        while (!rest.empty()) {
            const auto sp = rest.find(' ');
            std::string_view tok = rest.substr(0, sp);
            rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
            if (tok.empty()) continue;
            Item item;
            if (tok == "$" || tok == "#") {
                (tok == "$" ? item.clause_end : item.number) = true;
                p.items.push_back(std::move(item));
                continue;
            }
            if (tok[0] == '~') {
                // "~3", "~12": every digit is the gap's (a one-digit reading made "~12" a gap
                // of one "2").
                ATTUNE_ASSERT(tok.size() >= 2 && tok[1] >= '1' && tok[1] <= '9',
                              "bad gap in: " + patterns[r]);
                item.gap = 0;
                std::size_t digits = 1;
                while (digits < tok.size() && tok[digits] >= '0' && tok[digits] <= '9')
                    item.gap = item.gap * 10 + (tok[digits++] - '0');
                ATTUNE_ASSERT(item.gap <= 99, "gap over 99 in: " + patterns[r]);
                tok.remove_prefix(digits);
            } else if (tok[0] == '?' || tok[0] == '!') {
                (tok[0] == '?' ? item.optional : item.absent) = true;
                tok.remove_prefix(1);
            }
            while (!tok.empty()) {
                const auto bar = tok.find('|');
                std::string_view alt = tok.substr(0, bar);
                tok = bar == std::string_view::npos ? std::string_view{} : tok.substr(bar + 1);
                ATTUNE_ASSERT(!alt.empty() && alt != "$", "empty alternative or $ in: " + patterns[r]);
                if (alt == "#") {  // "#|ten|twenty": a number or one of the words
                    item.number = true;
                    continue;
                }
                auto add = [&](std::string_view a) {
                    if (a.back() == '*') item.prefixes.emplace_back(a.substr(0, a.size() - 1));
                    else item.ids.push_back(intern(a));
                };
                if (alt[0] == '@') {
                    const auto it = sets.find(std::string(alt.substr(1)));
                    ATTUNE_ASSERT(it != sets.end(), "unknown set '" + std::string(alt) + "' in: " + patterns[r]);
                    for (const auto& a : it->second) add(a);
                } else {
                    add(alt);
                }
            }
            std::sort(item.ids.begin(), item.ids.end());
            item.ids.erase(std::unique(item.ids.begin(), item.ids.end()), item.ids.end());
            p.items.push_back(std::move(item));
        }
        ATTUNE_ASSERT(!p.items.empty() && p.items[0].gap < 0 && !p.items[0].optional &&
                          !p.items[0].absent && !p.items[0].clause_end && !p.items[0].number,
                      "a pattern must begin with a required word: " + patterns[r]);
        for (std::size_t k = 1; k < p.items.size(); ++k) {
            const Item& it = p.items[k];
            if (it.optional || it.absent || it.gap >= 0 || !it.prefixes.empty() || it.ids.empty() ||
                it.number || it.clause_end)
                continue;
            if (p.anchor.empty() || it.ids.size() < p.anchor.size()) p.anchor = it.ids;
        }
        by_first_id_.resize(vocabulary_.size());
        for (const auto id : p.items[0].ids) by_first_id_[id].push_back(r);
        for (const auto& prefix : p.items[0].prefixes) by_first_prefix_.emplace_back(prefix, r);
        patterns_.push_back(std::move(p));
    }
}

long PhraseSet::match_from(const Pattern& p, std::size_t item, const Input& in, std::size_t at,
                           std::uint32_t sentence) const {
    if (item == p.items.size()) return static_cast<long>(at) - 1;
    const Item& it = p.items[item];
    const auto& tokens = in.tokens;
    if (it.clause_end) {
        const bool at_end = at >= tokens.size() || tokens[at].clause != tokens[at - 1].clause;
        return at_end ? match_from(p, item + 1, in, at, sentence) : -1;
    }
    if (it.gap >= 0) {
        // A repeat of a restricted item grows one accepted word at a time: linear, where a chain
        // of optional items would retry every combination.
        const bool any_word = it.ids.empty() && it.prefixes.empty();
        for (int k = 0; k <= it.gap; ++k) {
            const std::size_t next = at + static_cast<std::size_t>(k);
            if (k > 0 && (next - 1 >= tokens.size() || tokens[next - 1].sentence != sentence ||
                          (!gaps_cross_clauses_ && at > 0 && tokens[next - 1].clause != tokens[at - 1].clause) ||
                          (!any_word && !it.accepts(in.ids[next - 1], tokens[next - 1].text))))
                break;
            const long end = match_from(p, item + 1, in, next, sentence);
            if (end >= 0) return end;
        }
        return -1;
    }
    const bool here = at < tokens.size() && tokens[at].sentence == sentence &&
                      it.accepts(in.ids[at], tokens[at].text);
    if (it.absent) return here ? -1 : match_from(p, item + 1, in, at, sentence);
    if (here) {
        const long end = match_from(p, item + 1, in, at + 1, sentence);
        if (end >= 0) return end;
    }
    return it.optional ? match_from(p, item + 1, in, at, sentence) : -1;
}

void PhraseSet::match(const std::vector<RuleToken>& tokens, std::vector<PhraseMatch>& out) const {
    thread_local std::vector<std::uint32_t> ids, candidates;
    thread_local std::vector<std::uint64_t> present;  // the words of the current sentence, by id
    ids.clear();
    for (const auto& t : tokens) {
        const auto it = vocabulary_.find(t.text);
        ids.push_back(it == vocabulary_.end() ? kUnknown : it->second);
    }
    present.assign(vocabulary_.size() / 64 + 1, 0);
    auto mark = [&](std::size_t from, bool on) {
        const auto sentence = tokens[from].sentence;
        for (std::size_t j = from; j < tokens.size() && tokens[j].sentence == sentence; ++j)
            if (ids[j] != kUnknown) {
                const std::uint64_t bit = std::uint64_t{1} << (ids[j] % 64);
                on ? present[ids[j] / 64] |= bit : present[ids[j] / 64] &= ~bit;
            }
    };
    auto has_anchor = [&](const Pattern& p) {
        if (p.anchor.empty()) return true;
        for (const auto id : p.anchor)
            if (present[id / 64] >> (id % 64) & 1) return true;
        return false;
    };
    const Input in{tokens, ids};
    std::size_t sentence_start = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (i == 0 || tokens[i].sentence != tokens[i - 1].sentence) {
            if (i > 0) mark(sentence_start, false);
            sentence_start = i;
            mark(i, true);
        }
        candidates.clear();
        if (ids[i] != kUnknown) candidates = by_first_id_[ids[i]];
        // A first item's exact words are indexed by id; its prefixes are checked here.
        bool added = false;
        for (const auto& [prefix, r] : by_first_prefix_)
            if (tokens[i].text.starts_with(prefix)) candidates.push_back(r), added = true;
        if (added) {
            std::sort(candidates.begin(), candidates.end());
            candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
        }
        for (const auto r : candidates) {
            if (!has_anchor(patterns_[r])) continue;
            const long end = match_from(patterns_[r], 1, in, i + 1, tokens[i].sentence);
            if (end >= 0) out.push_back({r, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end)});
        }
    }
}

bool is_negator(std::string_view word) {
    static constexpr std::array<std::string_view, 9> kNegators{
        "not", "never", "no", "nobody", "nothing", "without", "hardly", "nor", "nowhere"};
    return std::find(kNegators.begin(), kNegators.end(), word) != kNegators.end();
}

bool negated_before(const std::vector<RuleToken>& tokens, std::size_t first, std::size_t window) {
    // Words that take the negation for themselves: "can't stop thinking about dying", "can't
    // take it anymore", "can't get it out of my head", "not gonna lie", "idk" are risk, not its
    // denial. The rest open a clause the negation does not reach: "I don't know why I ...",
    // "no matter what I do ...", "I can't believe I ...", "not sure if I ...", "nobody will care
    // when I ...", "nothing left to sort after I ...".
    // "no joke", "not kidding", "no cap" vouch for what follows rather than deny it.
    static constexpr std::array<std::string_view, 34> kAbsorbers{
        "stop", "help", "take", "bear", "handle", "stand", "shake", "resist", "escape", "cope",
        "anymore", "longer", "go", "get", "lie", "know", "sure", "care", "joke", "joking",
        "kidding", "lying", "cap", "exaggerating", "why", "how", "matter", "believe", "if",
        "whether", "when", "after", "because", "until"};
    if (first >= tokens.size()) return false;
    const auto clause = tokens[first].clause;
    for (std::size_t back = 1; back <= window && back <= first; ++back) {
        const RuleToken& t = tokens[first - back];
        if (t.clause != clause) return false;
        if (!is_negator(t.text)) continue;
        for (std::size_t j = first - back + 1; j < first; ++j)
            if (std::find(kAbsorbers.begin(), kAbsorbers.end(), tokens[j].text) != kAbsorbers.end()) return false;
        return true;
    }
    return false;
}

}  // namespace attune::text
