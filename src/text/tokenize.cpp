// SPDX-License-Identifier: Apache-2.0
#include "text/tokenize.hpp"

#include <array>
#include <unordered_map>
#include <utility>

#include <utf8proc.h>

namespace attune::text {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

// Chat and apostrophe-less spellings seen in journals and chat. Kept short and unambiguous:
// "ill", "were", "its" and "cant" (a noun) need context, except "cant", which in chat is
// nearly always "can't".
constexpr std::array<std::pair<std::string_view, std::string_view>, 48> kChat{{
    {"aint", "ain't"},      {"arent", "aren't"},   {"b4", "before"},       {"bc", "because"},
    {"cant", "can't"},      {"cause", "because"},  {"couldnt", "couldn't"}, {"cuz", "because"},
    {"didnt", "didn't"},    {"doesnt", "doesn't"}, {"dont", "don't"},      {"gonna", "going to"},
    {"hadnt", "hadn't"},    {"hasnt", "hasn't"},   {"havent", "haven't"},  {"idc", "i don't care"},
    {"idk", "i don't know"}, {"ikr", "i know right"}, {"im", "i'm"},        {"isnt", "isn't"},
    {"ive", "i've"},        {"mightnt", "mightn't"}, {"mustnt", "mustn't"}, {"ngl", "not gonna lie"},
    {"pls", "please"},      {"plz", "please"},     {"r", "are"},           {"rly", "really"},
    {"shouldnt", "shouldn't"}, {"smth", "something"}, {"tbh", "to be honest"}, {"thx", "thanks"},
    {"u", "you"},           {"ur", "your"},        {"wanna", "want to"},   {"wasnt", "wasn't"},
    {"werent", "weren't"},  {"wont", "won't"},     {"wouldnt", "wouldn't"}, {"ya", "you"},
    {"yall", "you all"},    {"youre", "you're"},   {"yknow", "you know"},        {"itd", "it'd"},
    {"thats", "that's"},    {"theyre", "they're"}, {"whats", "what's"},    {"w/", "with"},
}};

// Emoticons, longest first so ":-)" wins over ":-".
constexpr std::array<std::string_view, 40> kEmoticons{{
    ">:-(", ">:(", ":'-(", ":'(", ":'-)", ":')", ":-)", ":-(", ":-D", ":-P", ":-p", ":-/", ":-|",
    ";-)", "</3", "<3", ":)", ":(", ":D", ":P", ":p", ":/", ":|", ";)", ";(", ":o", ":O", ":-O",
    "=)", "=(", "=D", "xD", "XD", "^^", "^_^", "-_-", "T_T", ":3", ":*", ";P"}};

std::size_t match_emoticon(std::string_view text, std::size_t i) {
    // Most positions cannot start an emoticon; rule them out before any comparison.
    static constexpr std::string_view kFirst = ">:;<=xX^-T";
    if (kFirst.find(text[i]) == std::string_view::npos) return 0;
    std::size_t best = 0;
    for (auto e : kEmoticons)
        if (e.size() > best && text.substr(i, e.size()) == e) {
            // An emoticon must not run into a word: "xDD" or "x:)" are not split this way.
            const std::size_t end = i + e.size();
            const bool left_ok = i == 0 || !is_alnum(text[i - 1]);
            const bool right_ok = end >= text.size() || !is_alnum(text[end]) || !is_alpha(e.back());
            if (left_ok && right_ok) best = e.size();
        }
    return best;
}

}  // namespace

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_all_caps_word(std::string_view s) {
    int letters = 0;
    for (char c : s) {
        if (c >= 'a' && c <= 'z') return false;
        if (c >= 'A' && c <= 'Z') ++letters;
    }
    return letters >= 2;
}

std::string_view chat_expansion(std::string_view lower_word) {
    // Looked up for every word of every text (here and by the rule tokens): one hash each.
    static const std::unordered_map<std::string_view, std::string_view> kTable(kChat.begin(),
                                                                                kChat.end());
    const auto it = kTable.find(lower_word);
    return it == kTable.end() ? std::string_view{} : it->second;
}

std::string collapse_elongation(std::string_view word,
                                const std::function<bool(std::string_view)>& known,
                                bool* elongated) {
    bool has_run = false;
    for (std::size_t i = 0; i + 2 < word.size(); ++i)
        if (is_alpha(word[i]) && word[i] == word[i + 1] && word[i] == word[i + 2]) {
            has_run = true;
            break;
        }
    if (elongated) *elongated = has_run;
    if (!has_run) return std::string(word);
    auto collapse_to = [&](std::size_t keep) {
        std::string out;
        for (std::size_t i = 0; i < word.size();) {
            std::size_t j = i;
            while (j < word.size() && word[j] == word[i]) ++j;
            const std::size_t run = j - i;
            out.append(run >= 3 && is_alpha(word[i]) ? keep : run, word[i]);
            i = j;
        }
        return out;
    };
    std::string two = collapse_to(2);
    if (known && !known(two)) {
        std::string one = collapse_to(1);
        if (known(one)) return one;
    }
    return two;
}

std::vector<WordToken> tokenize_words(std::string_view text,
                                      const std::function<bool(std::string_view)>& known) {
    std::vector<WordToken> out;
    out.reserve(text.size() / 5 + 1);
    auto push_word = [&](std::string_view raw) {
        WordToken t;
        t.caps = is_all_caps_word(raw);
        std::string lower = ascii_lower(raw);
        if (auto exp = chat_expansion(lower); !exp.empty()) {
            // Multi-word expansions become several tokens ("idk" -> i, don't, know).
            std::size_t s = 0;
            while (s < exp.size()) {
                std::size_t e = exp.find(' ', s);
                if (e == std::string_view::npos) e = exp.size();
                out.push_back({std::string(exp.substr(s, e - s)), t.caps, false});
                s = e + 1;
            }
            return;
        }
        t.text = collapse_elongation(lower, known, &t.elongated);
        out.push_back(std::move(t));
    };

    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (std::size_t e = match_emoticon(text, i)) {
                out.push_back({std::string(text.substr(i, e)), false, false});
                i += e;
                continue;
            }
            if (is_alnum(text[i])) {
                std::size_t j = i;
                // A word: letters, digits, and apostrophes or hyphens between them. Non-ASCII
                // letters (café) continue the word.
                while (j < n) {
                    const auto cj = static_cast<unsigned char>(text[j]);
                    if (is_alnum(text[j])) { ++j; continue; }
                    if ((text[j] == '\'' || text[j] == '-') && j + 1 < n && is_alnum(text[j + 1]) && j > i) { ++j; continue; }
                    if (cj >= 0x80) {
                        utf8proc_int32_t cp;
                        auto len = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + j),
                                                    static_cast<utf8proc_ssize_t>(n - j), &cp);
                        if (len > 0) {
                            auto cat = utf8proc_category(cp);
                            if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_MC) { j += static_cast<std::size_t>(len); continue; }
                        }
                    }
                    break;
                }
                push_word(text.substr(i, j - i));
                i = j;
                continue;
            }
            if (text[i] == '!' || text[i] == '?') out.push_back({std::string(1, text[i]), false, false});
            ++i;
            continue;
        }
        utf8proc_int32_t cp;
        auto len = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                                    static_cast<utf8proc_ssize_t>(n - i), &cp);
        if (len <= 0) { ++i; continue; }  // normalize() has rejected invalid UTF-8 already
        const auto cat = utf8proc_category(cp);
        const auto ulen = static_cast<std::size_t>(len);
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) {
            // A word that starts with a non-ASCII letter.
            std::size_t j = i + ulen;
            while (j < n) {
                if (is_alnum(text[j])) { ++j; continue; }
                utf8proc_int32_t cp2;
                auto l2 = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + j),
                                           static_cast<utf8proc_ssize_t>(n - j), &cp2);
                if (l2 <= 0) break;
                auto c2 = utf8proc_category(cp2);
                if (c2 >= UTF8PROC_CATEGORY_LU && c2 <= UTF8PROC_CATEGORY_MC) { j += static_cast<std::size_t>(l2); continue; }
                break;
            }
            push_word(text.substr(i, j - i));
            i = j;
            continue;
        }
        // Emoji and other symbols are tokens of their own. Joiners, variation selectors and
        // skin-tone modifiers carry no valence of their own and are dropped.
        const bool joiner = cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x1F3FB && cp <= 0x1F3FF);
        if (!joiner && (cat == UTF8PROC_CATEGORY_SO || cat == UTF8PROC_CATEGORY_SK || cat == UTF8PROC_CATEGORY_SM))
            out.push_back({std::string(text.substr(i, ulen)), false, false});
        i += ulen;
    }
    return out;
}

}  // namespace attune::text
