// SPDX-License-Identifier: Apache-2.0
// Redaction of personal identifiers with hand-written scanners over the raw bytes (no
// std::regex: it is slow and its worst case is not linear). The detectors run from the most to
// the least certain -- e-mail, URL, date of birth, labelled ID, phone, address, unlabelled ID,
// names -- and a byte claimed by one is never claimed by another.
#include "text/redact.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <utf8proc.h>

namespace attune::text {

namespace redact_data {  // generated from data/redact/*.txt by src/CMakeLists.txt
extern const std::string_view kGivenNames;
extern const std::string_view kSurnames;
extern const std::string_view kNameWords;
extern const std::string_view kNotNames;
}  // namespace redact_data

std::string_view pii_placeholder(PiiType type) {
    static constexpr std::string_view kPlaceholders[kNumPiiTypes] = {
        "[NAME]", "[EMAIL]", "[PHONE]", "[ADDRESS]", "[URL]", "[DOB]", "[ID]"};
    return kPlaceholders[static_cast<std::size_t>(type)];
}

std::string_view pii_type_name(PiiType type) {
    static constexpr std::string_view kNames[kNumPiiTypes] = {
        "name", "email", "phone", "address", "url", "date_of_birth", "id_number"};
    return kNames[static_cast<std::size_t>(type)];
}

namespace {

constexpr std::size_t npos = std::string_view::npos;

// ---------------------------------------------------------------------------------------------
// Bytes and code points. The input is valid UTF-8 by the time any of these run.

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::size_t decode(std::string_view s, std::size_t i, std::int32_t& cp) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
        cp = b;
        return 1;
    }
    const auto len = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                      static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    return len > 0 ? static_cast<std::size_t>(len) : 1;
}

bool is_letter_cp(std::int32_t cp) {
    if (cp < 0x80) return is_alpha(static_cast<char>(cp));
    switch (utf8proc_category(cp)) {
        case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
        case UTF8PROC_CATEGORY_MC:
            return true;
        default:
            return false;
    }
}

bool is_upper_cp(std::int32_t cp) {
    if (cp < 0x80) return is_upper(static_cast<char>(cp));
    const auto cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

bool is_apostrophe_at(std::string_view s, std::size_t i, std::size_t& len) {
    if (s[i] == '\'') {
        len = 1;
        return true;
    }
    if (s.compare(i, 3, "\xE2\x80\x99") == 0) {  // U+2019, the curly apostrophe
        len = 3;
        return true;
    }
    return false;
}

// Lower-cased NFC form of a word for lookups; curly apostrophes become straight ones.
std::string fold(std::string_view w) {
    bool ascii = true;
    for (char c : w) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    std::string out;
    if (ascii) {
        out.resize(w.size());
        for (std::size_t i = 0; i < w.size(); ++i) out[i] = lower(w[i]);
        return out;
    }
    utf8proc_uint8_t* mapped = nullptr;
    const auto len = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(w.data()),
                                  static_cast<utf8proc_ssize_t>(w.size()), &mapped,
                                  static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
    if (len < 0) return std::string(w);
    const std::string_view m(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(len));
    out.reserve(m.size());
    for (std::size_t i = 0; i < m.size(); ++i) {
        if (m.compare(i, 3, "\xE2\x80\x99") == 0) {
            out += '\'';
            i += 2;
        } else {
            out += m[i];
        }
    }
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

// s[i..] begins with `lit` (lower-case ASCII), ignoring case.
bool istarts(std::string_view s, std::size_t i, std::string_view lit) {
    if (i + lit.size() > s.size()) return false;
    for (std::size_t k = 0; k < lit.size(); ++k)
        if (lower(s[i + k]) != lit[k]) return false;
    return true;
}

bool in(std::string_view w, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), w) != list.end();
}

// ---------------------------------------------------------------------------------------------
// Tokens: words (letters, with inner hyphens and apostrophes: "Ji-woo", "O'Brien", "don't"),
// numbers (a digit first, then letters or digits: "221B", "57th"), the possessive "'s" on its
// own, spaces, and one token per other code point.

enum class Kind : std::uint8_t { word, number, possessive, space, punct };

struct Token {
    std::size_t b = 0, e = 0;
    Kind kind = Kind::punct;
    bool cap = false;        // word whose first letter is upper case
    bool all_caps = false;   // word of 2+ letters, all upper case
    bool has_digit = false;  // word containing a digit ("B12")
    bool newline = false;    // space containing a line break
    std::size_t letters = 0;
};

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    out.reserve(s.size() / 3 + 4);
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        Token t;
        t.b = i;
        std::int32_t cp;
        std::size_t len = decode(s, i, cp);
        std::size_t alen = 0;
        if (is_space(s[i])) {
            t.kind = Kind::space;
            while (i < n && is_space(s[i])) t.newline = t.newline || s[i++] == '\n';
        } else if (is_apostrophe_at(s, i, alen) && i + alen < n && lower(s[i + alen]) == 's' &&
                   (i + alen + 1 >= n || !is_alnum(s[i + alen + 1]))) {
            t.kind = Kind::possessive;
            i += alen + 1;
        } else if (is_letter_cp(cp) || is_digit(s[i])) {
            t.kind = is_digit(s[i]) ? Kind::number : Kind::word;
            bool all_upper = true;
            while (i < n) {
                len = decode(s, i, cp);
                if (is_letter_cp(cp)) {
                    const auto cat = cp < 0x80 ? static_cast<int>(UTF8PROC_CATEGORY_LL) : static_cast<int>(utf8proc_category(cp));
                    if (t.letters == 0 && t.kind == Kind::word) t.cap = is_upper_cp(cp);
                    if (cat != UTF8PROC_CATEGORY_MN && cat != UTF8PROC_CATEGORY_MC) {
                        ++t.letters;
                        all_upper = all_upper && is_upper_cp(cp);
                    }
                    i += len;
                } else if (is_digit(s[i])) {
                    t.has_digit = true;
                    ++i;
                } else if (t.kind == Kind::word && s[i] == '-' && i + 1 < n) {
                    std::int32_t next;
                    decode(s, i + 1, next);
                    if (!is_letter_cp(next)) break;
                    ++i;
                } else if (t.kind == Kind::word && is_apostrophe_at(s, i, alen) && i + alen < n) {
                    std::int32_t next;
                    decode(s, i + alen, next);
                    if (!is_letter_cp(next)) break;
                    // "Anna's" ends before the possessive; "O'Brien" and "don't" go on.
                    if (lower(s[i + alen]) == 's' && (i + alen + 1 >= n || !is_alnum(s[i + alen + 1]))) break;
                    i += alen;
                } else {
                    break;
                }
            }
            t.all_caps = t.kind == Kind::word && all_upper && t.letters >= 2;
        } else {
            t.kind = Kind::punct;
            i += len;
        }
        t.e = i;
        out.push_back(t);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The gazetteer (data/redact), parsed once on first use.

enum NameFlag : std::uint8_t {
    kGiven = 1, kSurname = 2, kWordName = 4, kPlaceName = 8, kMonthName = 16, kParticle = 32
};

struct Phrase {
    std::vector<std::string> tokens;  // folded, spaces dropped
};

struct Gazetteer {
    std::unordered_map<std::string, std::uint8_t> names;
    std::unordered_map<std::string, std::vector<Phrase>> not_names;  // by first folded token

    std::uint8_t flags(const std::string& folded) const {
        auto it = names.find(folded);
        if (it != names.end()) return it->second;
        // "Marie-Claire", "Jean-Baptiste": every part a given name makes a given name.
        if (folded.find('-') == std::string::npos) return 0;
        std::uint8_t all = kGiven | kSurname;
        std::size_t i = 0;
        while (i <= folded.size()) {
            std::size_t e = folded.find('-', i);
            if (e == std::string::npos) e = folded.size();
            auto part = names.find(folded.substr(i, e - i));
            all &= part == names.end() ? 0 : part->second;
            i = e + 1;
        }
        return all;
    }
};

template <typename F>
void for_each_line(std::string_view text, F&& f) {
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t e = text.find('\n', i);
        if (e == npos) e = text.size();
        std::string_view line = text.substr(i, e - i);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
        if (!line.empty() && line.front() != '#') f(line);
        i = e + 1;
    }
}

std::vector<std::string> folded_tokens(std::string_view s) {
    std::vector<std::string> out;
    for (const Token& t : tokenize(s))
        if (t.kind != Kind::space) out.push_back(fold(s.substr(t.b, t.e - t.b)));
    return out;
}

Gazetteer build_gazetteer() {
    Gazetteer g;
    auto add_names = [&](std::string_view list, std::uint8_t flag) {
        for_each_line(list, [&](std::string_view line) {
            // "de la Cruz": the particles are flagged as such, the capitalised part as a name.
            std::size_t i = 0;
            while (i < line.size()) {
                std::size_t e = line.find(' ', i);
                if (e == npos) e = line.size();
                const std::string_view part = line.substr(i, e - i);
                if (!part.empty()) {
                    const bool particle = part != line && !is_upper(part[0]) && static_cast<unsigned char>(part[0]) < 0x80;
                    g.names[fold(part)] |= particle ? static_cast<std::uint8_t>(kParticle) : flag;
                }
                i = e + 1;
            }
        });
    };
    add_names(redact_data::kGivenNames, kGiven);
    add_names(redact_data::kSurnames, kSurname);
    for_each_line(redact_data::kNameWords, [&](std::string_view line) {
        const std::size_t sp = line.find(' ');
        if (sp == npos) return;
        const std::string_view kind = line.substr(0, sp);
        const std::uint8_t flag = kind == "place" ? kPlaceName : kind == "month" ? kMonthName : kWordName;
        g.names[fold(line.substr(sp + 1))] |= flag;
    });
    for_each_line(redact_data::kNotNames, [&](std::string_view line) {
        Phrase p{folded_tokens(line)};
        if (!p.tokens.empty()) g.not_names[p.tokens.front()].push_back(std::move(p));
    });
    return g;
}

const Gazetteer& gazetteer() {
    static const Gazetteer g = build_gazetteer();  // thread-safe initialisation (C++11)
    return g;
}

// ---------------------------------------------------------------------------------------------
// What the detectors share: the text, its tokens with their folded words, and the claimed bytes.

struct Scan {
    std::string_view s;
    std::vector<Token> toks;
    std::vector<std::string> low;  // folded text of word/number tokens, empty otherwise
    std::vector<std::uint8_t> taken;
    std::vector<RedactedSpan> spans;

    explicit Scan(std::string_view text) : s(text), toks(tokenize(text)), taken(text.size(), 0) {
        low.resize(toks.size());
        for (std::size_t k = 0; k < toks.size(); ++k)
            if (toks[k].kind == Kind::word || toks[k].kind == Kind::number || toks[k].kind == Kind::possessive)
                low[k] = fold(text.substr(toks[k].b, toks[k].e - toks[k].b));
    }
    bool free(std::size_t b, std::size_t e) const {
        for (std::size_t i = b; i < e; ++i)
            if (taken[i]) return false;
        return true;
    }
    bool add(PiiType type, std::size_t b, std::size_t e) {
        if (b >= e || !free(b, e)) return false;
        std::fill(taken.begin() + static_cast<std::ptrdiff_t>(b), taken.begin() + static_cast<std::ptrdiff_t>(e), 1);
        spans.push_back({type, b, e});
        return true;
    }
    bool tok_free(std::size_t k) const { return free(toks[k].b, toks[k].e); }
    std::string_view text(std::size_t k) const { return s.substr(toks[k].b, toks[k].e - toks[k].b); }
    // The first token at or after byte `pos`.
    std::size_t tok_at(std::size_t pos) const {
        auto it = std::lower_bound(toks.begin(), toks.end(), pos, [](const Token& t, std::size_t p) { return t.e <= p; });
        return static_cast<std::size_t>(it - toks.begin());
    }
    // Next / previous token that is not a space (toks.size() / npos when none).
    std::size_t next(std::size_t k) const {
        for (++k; k < toks.size() && toks[k].kind == Kind::space; ++k) {}
        return k;
    }
    std::size_t prev(std::size_t k) const {
        while (k > 0) {
            --k;
            if (toks[k].kind != Kind::space) return k;
        }
        return npos;
    }
    bool is_word(std::size_t k) const { return k < toks.size() && toks[k].kind == Kind::word; }
    bool is_punct(std::size_t k, char c) const {
        return k < toks.size() && toks[k].kind == Kind::punct && toks[k].e - toks[k].b == 1 && s[toks[k].b] == c;
    }
    // Token k+1 is a single-line space and token k+2 exists: the two words are neighbours.
    bool spaced(std::size_t a, std::size_t b) const {
        if (b != a + 2 || b >= toks.size()) return false;
        const Token& sp = toks[a + 1];
        return sp.kind == Kind::space && !sp.newline && sp.e - sp.b <= 2;
    }
};

// ---------------------------------------------------------------------------------------------
// E-mail addresses: local@domain.tld, found from each '@'.

bool is_email_local(char c) { return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; }

void find_emails(Scan& sc) {
    const std::string_view s = sc.s;
    for (std::size_t at = s.find('@'); at != npos; at = s.find('@', at + 1)) {
        std::size_t b = at;
        while (b > 0 && is_email_local(s[b - 1])) --b;
        while (b < at && s[b] == '.') ++b;
        if (b == at) continue;
        std::size_t e = at + 1, dots = 0, last = e;
        while (e < s.size()) {
            if (is_alnum(s[e]) || s[e] == '-') {
                ++e;
            } else if (s[e] == '.' && e > at + 1 && e + 1 < s.size() && is_alnum(s[e + 1]) && s[e - 1] != '.') {
                ++dots;
                last = ++e;
            } else {
                break;
            }
        }
        if (dots == 0 || e - last < 2) continue;
        bool alpha_tld = true;
        for (std::size_t i = last; i < e; ++i) alpha_tld = alpha_tld && is_alpha(s[i]);
        if (alpha_tld) sc.add(PiiType::email, b, e);
    }
}

// ---------------------------------------------------------------------------------------------
// URLs: with a scheme, with "www.", or a bare domain with a common top-level domain. A bare
// "tired.it" in chat is not a URL, so short TLDs that are English words are left out.

const std::unordered_set<std::string_view>& url_tlds() {
    static const std::unordered_set<std::string_view> k = {
        "com", "org", "net", "edu", "gov", "mil", "int", "io", "co", "uk", "ca", "au", "nz", "ie",
        "de", "fr", "es", "nl", "ch", "se", "dk", "fi", "pl", "pt", "br", "jp", "kr", "cn", "za",
        "ng", "ke", "gh", "eu", "info", "biz", "app", "dev", "tv", "ly", "ai", "gg", "xyz",
        "online", "site", "blog", "ru", "ua", "gr", "tr", "il", "ae", "sg", "hk", "tw", "mx",
        "ar", "cl", "pe", "ph", "vn", "th", "pk", "bd", "lk", "np", "org.uk", "page", "link"};
    return k;
}

// End of a URL starting at i: up to a space, a quote or angle bracket or non-ASCII byte (an
// emoji right after a link), less trailing punctuation and an unbalanced closing bracket.
std::size_t url_end(std::string_view s, std::size_t i) {
    std::size_t e = i;
    while (e < s.size() && !is_space(s[e]) && s[e] != '<' && s[e] != '>' && s[e] != '"' &&
           static_cast<unsigned char>(s[e]) < 0x80)
        ++e;
    auto opens = std::count(s.begin() + static_cast<std::ptrdiff_t>(i), s.begin() + static_cast<std::ptrdiff_t>(e), '(');
    auto closes = std::count(s.begin() + static_cast<std::ptrdiff_t>(i), s.begin() + static_cast<std::ptrdiff_t>(e), ')');
    while (e > i) {
        const char c = s[e - 1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' || c == ']' || c == '}') {
            --e;
        } else if (c == ')') {
            if (closes > opens) --e, --closes;
            else break;
        } else {
            break;
        }
    }
    return e;
}

bool url_left_boundary(std::string_view s, std::size_t i) {
    if (i == 0) return true;
    const char c = s[i - 1];
    return !(is_alnum(c) || c == '.' || c == '/' || c == '@' || c == '-' || c == '_');
}

void find_urls(Scan& sc) {
    const std::string_view s = sc.s;
    // With a scheme.
    for (std::size_t p = s.find("://"); p != npos; p = s.find("://", p + 3)) {
        std::size_t b = p;
        while (b > 0 && is_alpha(s[b - 1])) --b;
        const std::string_view scheme = s.substr(b, p - b);
        if (!(iequals(scheme, "http") || iequals(scheme, "https") || iequals(scheme, "ftp"))) continue;
        if (!url_left_boundary(s, b)) continue;
        const std::size_t e = url_end(s, p + 3);
        if (e > p + 4) sc.add(PiiType::url, b, e);
    }
    // "www." without a scheme.
    for (std::size_t i = 0; i + 4 < s.size(); ++i) {
        if ((s[i] == 'w' || s[i] == 'W') && istarts(s, i, "www.") && url_left_boundary(s, i) && is_alnum(s[i + 4])) {
            const std::size_t e = url_end(s, i);
            if (e > i + 5) sc.add(PiiType::url, i, e);
            i = e;
        }
    }
    // Bare domains: label(.label)+ with a known TLD, then an optional path.
    const auto& tlds = url_tlds();
    for (std::size_t dot = s.find('.'); dot != npos; dot = s.find('.', dot + 1)) {
        if (dot == 0 || dot + 1 >= s.size() || !is_alnum(s[dot - 1]) || !is_alnum(s[dot + 1])) continue;
        std::size_t b = dot;
        while (b > 0 && (is_alnum(s[b - 1]) || s[b - 1] == '-')) --b;
        if (!url_left_boundary(s, b) || sc.taken[b]) continue;
        std::size_t d = dot, last = dot + 1;
        bool first_has_alpha = false;
        for (std::size_t i = b; i < dot; ++i) first_has_alpha = first_has_alpha || is_alpha(s[i]);
        while (d < s.size() && s[d] == '.' && d + 1 < s.size() && is_alnum(s[d + 1])) {
            last = ++d;
            while (d < s.size() && (is_alnum(s[d]) || s[d] == '-')) ++d;
        }
        if (!first_has_alpha) continue;
        if (d < s.size() && (s[d] == '@' || s[d] == '_')) continue;
        std::string tld = fold(s.substr(last, d - last));
        if (!tlds.count(tld)) {
            dot = d > dot ? d - 1 : dot;
            continue;
        }
        const std::size_t e = (d < s.size() && (s[d] == '/' || s[d] == ':')) ? std::max(d, url_end(s, d)) : d;
        sc.add(PiiType::url, b, e);
        dot = e > dot ? e - 1 : dot;
    }
}

// ---------------------------------------------------------------------------------------------
// Dates (for dates of birth): "14 March 1987", "the 2nd of May 1979", "March 3rd, 2001",
// "Feb 29, 1996", "March 1990", "03/14/1987", "12.11.1984", "1990-07-02". A year alone is not
// a date here: HIPAA's Safe Harbor allows the year of birth, and it carries the story.

int month_of(std::string_view folded) {
    static constexpr std::array<std::string_view, 12> kFull = {
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december"};
    static constexpr std::array<std::string_view, 12> kShort = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    for (std::size_t m = 0; m < 12; ++m)
        if (folded == kFull[m] || folded == kShort[m]) return static_cast<int>(m) + 1;
    if (folded == "sept") return 9;
    return 0;
}

std::size_t read_digits(std::string_view s, std::size_t i, std::size_t max_len, int& value) {
    std::size_t k = i;
    value = 0;
    while (k < s.size() && is_digit(s[k]) && k - i < max_len) value = value * 10 + (s[k++] - '0');
    if (k < s.size() && is_digit(s[k])) return i;  // longer than max_len
    return k;
}

// A day of the month at i ("3", "03", "3rd", "30th"): its end, or i.
std::size_t read_day(std::string_view s, std::size_t i) {
    int v;
    std::size_t k = read_digits(s, i, 2, v);
    if (k == i || v < 1 || v > 31) return i;
    if (k + 1 < s.size() && (istarts(s, k, "st") || istarts(s, k, "nd") || istarts(s, k, "rd") || istarts(s, k, "th")))
        k += 2;
    if (k < s.size() && is_alnum(s[k])) return i;
    return k;
}

std::size_t read_year(std::string_view s, std::size_t i) {
    int v;
    const std::size_t k = read_digits(s, i, 4, v);
    if (k != i + 4 || v < 1900 || v > 2100 || (k < s.size() && is_alnum(s[k]))) return i;
    return k;
}

// A month word at i (any case, optional "."): its end, or i.
std::size_t read_month(std::string_view s, std::size_t i) {
    std::size_t k = i;
    while (k < s.size() && is_alpha(s[k])) ++k;
    if (k == i || !month_of(fold(s.substr(i, k - i)))) return i;
    if (k < s.size() && s[k] == '.' && k - i <= 4) ++k;
    return k;
}

std::size_t skip_spaces(std::string_view s, std::size_t i, std::size_t max = 2) {
    std::size_t k = i;
    while (k < s.size() && k - i < max && (s[k] == ' ' || s[k] == '\t')) ++k;
    return k;
}

// The end of a date that starts at i, or npos.
std::size_t parse_date(std::string_view s, std::size_t i) {
    if (i >= s.size()) return npos;
    if (is_digit(s[i])) {
        int a, b2, c;
        const std::size_t k1 = read_digits(s, i, 4, a);
        if (k1 == i) return npos;
        const std::size_t len1 = k1 - i;
        if (k1 < s.size() && (s[k1] == '/' || s[k1] == '.' || s[k1] == '-')) {
            const char sep = s[k1];
            const std::size_t k2 = read_digits(s, k1 + 1, 2, b2);
            if (k2 > k1 + 1 && k2 < s.size() && s[k2] == sep) {
                const std::size_t k3 = read_digits(s, k2 + 1, 4, c);
                const std::size_t len3 = k3 - (k2 + 1);
                if (k3 < s.size() && is_alnum(s[k3])) return npos;
                if (len1 <= 2 && (len3 == 2 || len3 == 4) && a >= 1 && a <= 31 && b2 >= 1 && b2 <= 31) return k3;
                if (len1 == 4 && (len3 == 1 || len3 == 2) && b2 >= 1 && b2 <= 12 && c >= 1 && c <= 31) return k3;
            }
            return npos;
        }
        // "14 March 1987", "2nd of May 1979", "30th of November, 2019", "21 January"
        const std::size_t kd = read_day(s, i);
        if (kd == i) return npos;
        std::size_t k = skip_spaces(s, kd);
        if (k == kd) return npos;
        if (istarts(s, k, "of ")) k = skip_spaces(s, k + 2);
        const std::size_t km = read_month(s, k);
        if (km == k) return npos;
        std::size_t ky = km;
        if (ky < s.size() && s[ky] == ',') ++ky;
        const std::size_t ky2 = skip_spaces(s, ky);
        if (ky2 > ky || ky > km) {
            const std::size_t y = read_year(s, ky2);
            if (y > ky2) return y;
        }
        return km;
    }
    // "March 3rd, 2001", "Feb 29, 1996", "March 1990", "September 9"
    const std::size_t km = read_month(s, i);
    if (km == i || (km < s.size() && is_alpha(s[km]))) return npos;
    const std::size_t k = skip_spaces(s, km);
    if (k == km) return npos;
    const std::size_t y = read_year(s, k);
    if (y > k) return y;
    const std::size_t kd = read_day(s, k);
    if (kd == k) return npos;
    std::size_t ky = kd;
    if (ky < s.size() && s[ky] == ',') ++ky;
    const std::size_t ky2 = skip_spaces(s, ky);
    if (ky2 > ky) {
        const std::size_t yy = read_year(s, ky2);
        if (yy > ky2) return yy;
    }
    return kd;
}

// A date of birth: a date within a few words after "born", "DOB", "D.O.B.", "date of birth",
// "birth date", "birthday" (the keyword stays, so the redacted text still says what it was).
void find_dobs(Scan& sc) {
    const auto& t = sc.toks;
    for (std::size_t k = 0; k < t.size(); ++k) {
        if (t[k].kind != Kind::word) continue;
        const std::string& w = sc.low[k];
        std::size_t cue_end = npos;  // token index after the cue
        if (in(w, {"born", "dob", "birthdate", "birthday", "bday", "b-day", "birthdate"})) {
            cue_end = k + 1;
        } else if (w == "date") {
            const std::size_t a = sc.next(k), b = sc.next(a);
            if (sc.is_word(a) && sc.low[a] == "of" && sc.is_word(b) && sc.low[b] == "birth") cue_end = b + 1;
        } else if (w == "birth") {
            const std::size_t a = sc.next(k);
            if (sc.is_word(a) && sc.low[a] == "date") cue_end = a + 1;
        } else if (w == "d" && k + 5 < t.size() && sc.is_punct(k + 1, '.') && sc.low[k + 2] == "o" &&
                   sc.is_punct(k + 3, '.') && sc.low[k + 4] == "b") {
            cue_end = sc.is_punct(k + 5, '.') ? k + 6 : k + 5;
        }
        if (cue_end == npos) continue;
        std::size_t words = 0;
        for (std::size_t j = cue_end; j < t.size() && words <= 4; ++j) {
            const Token& x = t[j];
            if (x.kind == Kind::space) {
                if (x.newline) break;
                continue;
            }
            if (x.kind == Kind::punct) {
                const char c = sc.s[x.b];
                if (c == '!' || c == '?' || c == ';') break;
                if (c == '.' && (j + 1 >= t.size() || t[j + 1].kind == Kind::space)) break;
                if (c == ',' && words > 0) break;
                continue;
            }
            const std::size_t e = parse_date(sc.s, x.b);
            if (e != npos) {
                if (sc.free(x.b, e)) sc.add(PiiType::date_of_birth, x.b, e);
                break;
            }
            if (x.kind == Kind::number) break;  // a year alone, an age: not a date of birth
            ++words;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// ID numbers. After a label ("NHS number", "MRN:", "passport no.", "policy") the next code
// with 4+ digits is an ID; without a label, an SSN shape (123-45-6789), a run of 7+ digits or a
// code of letters and 5+ digits ("CLM884201775", "PT-0045521").

struct IdLabel {
    std::vector<std::string_view> words;
    bool needs_number_word;  // "hospital" alone is no label; "hospital number" is
};

const std::unordered_map<std::string_view, std::vector<IdLabel>>& id_labels() {
    static const auto k = [] {
        std::unordered_map<std::string_view, std::vector<IdLabel>> m;
        const std::vector<IdLabel> list = {
            {{"ssn"}, false}, {{"social", "security"}, false}, {{"social"}, false},
            {{"nhs"}, false}, {{"chi"}, true}, {{"mrn"}, false}, {{"medical", "record"}, false},
            {{"hospital"}, true}, {{"patient"}, true}, {{"pt"}, true}, {{"passport"}, false},
            {{"policy"}, false}, {{"member"}, true}, {{"membership"}, true}, {{"insurance"}, true},
            {{"claim"}, false}, {{"case"}, true}, {{"reference"}, false}, {{"ref"}, false},
            {{"account"}, false}, {{"acct"}, false}, {{"sort", "code"}, false}, {{"routing"}, true},
            {{"ni"}, true}, {{"national", "insurance"}, false}, {{"nino"}, false},
            {{"medicaid"}, false}, {{"medicare"}, false}, {{"license"}, false}, {{"licence"}, false},
            {{"id"}, false}, {{"tax"}, true}, {{"student"}, true}, {{"employee"}, true},
            {{"staff"}, true}, {{"badge"}, true}, {{"nhi"}, false}, {{"ihi"}, false},
            {{"ssn#"}, false}};
        for (const auto& l : list) m[l.words.front()].push_back(l);
        return m;
    }();
    return k;
}

bool is_number_word(std::string_view w) {
    return in(w, {"number", "no", "num", "nr", "id", "ref", "reference", "code", "#"});
}

// An ID code at i: letters and digits with inner '-' or '/', and groups of 2+ digits (or a
// final letter, as in an NI number "QQ 12 34 56 C") across single spaces.
std::size_t read_id(std::string_view s, std::size_t i, std::size_t& digits) {
    std::size_t e = i, alnum = 0, chunk = 0;
    digits = 0;
    while (e < s.size()) {
        const char c = s[e];
        if (is_alnum(c)) {
            digits += is_digit(c);
            ++alnum;
            ++chunk;
            ++e;
        } else if ((c == '-' || c == '/') && e > i && is_alnum(s[e - 1]) && e + 1 < s.size() && is_alnum(s[e + 1])) {
            ++e;
        } else if (c == ' ' && e + 1 < s.size() && chunk <= 5) {
            std::size_t k = e + 1, d = 0;
            while (k < s.size() && is_digit(s[k])) ++k, ++d;
            const bool digit_group = d >= 2 && (k >= s.size() || !is_alpha(s[k]));
            const bool final_letter = d == 0 && digits >= 6 && is_upper(s[e + 1]) && (e + 2 >= s.size() || !is_alnum(s[e + 2]));
            if (!digit_group && !final_letter) break;
            chunk = 0;
            ++e;
        } else {
            break;
        }
    }
    return alnum >= 5 ? e : i;
}

void find_labelled_ids(Scan& sc) {
    const auto& labels = id_labels();
    const auto& t = sc.toks;
    for (std::size_t k = 0; k < t.size(); ++k) {
        if (t[k].kind != Kind::word) continue;
        auto it = labels.find(sc.low[k]);
        if (it == labels.end()) continue;
        for (const IdLabel& label : it->second) {
            std::size_t j = k;
            bool ok = true;
            for (std::size_t w = 1; w < label.words.size() && ok; ++w) {
                j = sc.next(j);
                ok = sc.is_word(j) && sc.low[j] == label.words[w];
            }
            if (!ok) continue;
            // Fillers between the label and the code: "number", "no.", "is", ":", "#".
            bool number_word = false;
            std::size_t c = sc.next(j);
            for (int guard = 0; c < t.size() && guard < 6; ++guard) {
                const Token& x = t[c];
                if (x.kind == Kind::punct && std::strchr(":#-=.", sc.s[x.b])) {
                    number_word = number_word || sc.s[x.b] == '#';
                } else if (x.kind == Kind::word && (is_number_word(sc.low[c]) || in(sc.low[c], {"is", "was"}))) {
                    number_word = number_word || is_number_word(sc.low[c]);
                } else if (x.kind == Kind::possessive) {
                } else {
                    break;
                }
                c = sc.next(c);
            }
            if (c >= t.size() || (label.needs_number_word && !number_word)) continue;
            std::size_t digits;
            const std::size_t b = t[c].b, e = read_id(sc.s, b, digits);
            if (e > b && digits >= 4) {
                sc.add(PiiType::id_number, b, e);
                break;
            }
        }
    }
}

bool currency_before(std::string_view s, std::size_t i) {
    if (i == 0) return false;
    if (s[i - 1] == '$' || s[i - 1] == '#') return true;
    return (i >= 2 && s.compare(i - 2, 2, "\xC2\xA3") == 0) || (i >= 3 && s.compare(i - 3, 3, "\xE2\x82\xAC") == 0);
}

void find_unlabelled_ids(Scan& sc) {
    const std::string_view s = sc.s;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!is_alnum(s[i]) || (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '-' || s[i - 1] == '.' || s[i - 1] == '/' ||
                                          s[i - 1] == ',' || s[i - 1] == '_' || static_cast<unsigned char>(s[i - 1]) >= 0x80))) {
            continue;
        }
        std::size_t e = i, digits = 0, letters = 0;
        bool hyphen = false;
        while (e < s.size()) {
            if (is_digit(s[e])) ++digits, ++e;
            else if (is_alpha(s[e])) ++letters, ++e;
            else if (s[e] == '-' && e + 1 < s.size() && is_alnum(s[e + 1])) hyphen = true, ++e;
            else break;
        }
        const bool boundary = e >= s.size() || !(static_cast<unsigned char>(s[e]) >= 0x80 || s[e] == '_' || s[e] == '@' ||
                                                  (s[e] == '.' && e + 1 < s.size() && is_alnum(s[e + 1])) ||
                                                  (s[e] == ',' && e + 1 < s.size() && is_digit(s[e + 1])));
        // 123-45-6789
        const bool ssn = e - i == 11 && digits == 9 && s[i + 3] == '-' && s[i + 6] == '-';
        const bool long_number = letters == 0 && !hyphen && digits >= 7 && !currency_before(s, i);
        const bool code = letters > 0 && is_alpha(s[i]) && digits >= 5;
        if (boundary && (ssn || long_number || code)) sc.add(PiiType::id_number, i, e);
        i = e;
    }
}

// ---------------------------------------------------------------------------------------------
// Phone numbers: "+44 20 7946 0958", "(555) 013-2291", "555.013.7781", "07700 900461",
// "1-555-010-3391", "+1 (555) 012-0099 x305", with an extension when one follows.

void find_phones(Scan& sc) {
    const std::string_view s = sc.s;
    const std::size_t n = s.size();
    for (std::size_t i = 0; i < n; ++i) {
        const char ch = s[i];
        const bool plus = ch == '+' && i + 1 < n && is_digit(s[i + 1]);
        const bool paren = ch == '(' && i + 1 < n && is_digit(s[i + 1]);
        if (!plus && !paren && !is_digit(ch)) continue;
        if (i > 0) {
            const char p = s[i - 1];
            if (is_alnum(p) || p == '.' || p == '/' || p == '-' || p == '+' || p == ',' || p == ':' || p == '_' ||
                currency_before(s, i))
                continue;
        }
        if (sc.taken[i]) continue;
        std::size_t j = plus ? i + 1 : i, end = i;
        std::vector<int> groups;
        int cur = 0, digits = 0;
        bool open = false;
        while (j < n && j - i <= 32 && digits <= 15) {  // bounded: "1 1 1 1 ..." stays linear
            const char c = s[j];
            if (is_digit(c)) {
                ++cur, ++digits, ++j;
                end = j;
                continue;
            }
            if (cur) groups.push_back(cur), cur = 0;
            if ((c == ' ' || c == '-' || c == '.') && j > i && (is_digit(s[j - 1]) || s[j - 1] == ')') && j + 1 < n &&
                (is_digit(s[j + 1]) || (c == ' ' && s[j + 1] == '(' && !open))) {
                ++j;
            } else if (c == '(' && !open && (j == i || s[j - 1] == ' ') && j + 1 < n && is_digit(s[j + 1])) {
                open = true;
                ++j;
            } else if (c == ')' && open && is_digit(s[j - 1])) {
                open = false;
                ++j;
            } else {
                break;
            }
        }
        if (cur) groups.push_back(cur);
        if (open || groups.empty() || (end < n && is_alnum(s[end]))) continue;
        bool ok;
        if (plus) {
            ok = digits >= 8 && digits <= 15;
        } else if (groups.size() == 1) {
            ok = digits >= 10 && digits <= 12 && (s[i] == '0' || (s[i] == '1' && digits == 11));
        } else if (digits == 7) {
            ok = groups.size() == 2 && groups[0] == 3 && groups[1] == 4 && (s[i + 3] == '-' || s[i + 3] == '.');
        } else {
            ok = digits >= 10 && digits <= 12 && groups.size() <= 4;
            for (std::size_t g = 1; g < groups.size() && ok; ++g) ok = groups[g] >= 3;
        }
        if (!ok) continue;
        // An extension: "ext. 12", "ext 4", "extension 4471", "x305", "#12".
        std::size_t k = skip_spaces(s, end, 1);
        if (k < n && s[k] == ',') k = skip_spaces(s, k + 1, 1);
        std::size_t after = npos;
        for (std::string_view lit : {"extension", "ext.", "ext", "x", "#"})
            if (istarts(s, k, lit)) {
                after = k + lit.size();
                break;
            }
        if (after != npos && (after >= n || !is_alpha(s[after]))) {
            std::size_t d = skip_spaces(s, after, 1), d0 = d;
            while (d < n && is_digit(s[d]) && d - d0 < 6) ++d;
            if (d > d0 && (d >= n || !is_alnum(s[d]))) end = d;
        }
        if (sc.add(PiiType::phone, i, end)) i = end;
    }
}

// ---------------------------------------------------------------------------------------------
// Street addresses (house number, street name, street type, unit; a ", City, ST 12345" or
// ", City POSTCODE" tail when it ends in a ZIP code or postcode), PO boxes and UK postcodes.

bool is_street_type(std::string_view w) {
    return in(w, {"street", "st", "road", "rd", "avenue", "ave", "av", "lane", "ln", "drive", "dr", "close",
                  "way", "terrace", "terr", "tce", "court", "ct", "place", "pl", "crescent", "cres", "grove",
                  "gardens", "gdns", "square", "sq", "boulevard", "blvd", "parkway", "pkwy", "highway", "hwy",
                  "row", "mews", "walk", "rise", "hill", "circle", "cir", "trail", "trl", "parade", "gate",
                  "wharf", "embankment", "esplanade", "quay", "vale", "wynd", "broadway", "alley", "plaza"});
}

bool is_unit_word(std::string_view w) { return in(w, {"apt", "apartment", "flat", "unit", "suite", "ste", "room", "floor"}); }

// A UK postcode at i ("SW1A 1AA", "LS6 2QT"): its end, or i.
std::size_t read_postcode(std::string_view s, std::size_t i) {
    if (i > 0 && is_alnum(s[i - 1])) return i;
    std::size_t k = i, letters = 0;
    while (k < s.size() && is_upper(s[k]) && letters < 2) ++k, ++letters;
    if (letters == 0 || k >= s.size() || !is_digit(s[k])) return i;
    ++k;
    if (k < s.size() && (is_digit(s[k]) || is_upper(s[k]))) ++k;
    if (k >= s.size() || s[k] != ' ') return i;
    ++k;
    if (k + 3 > s.size() || !is_digit(s[k]) || !is_upper(s[k + 1]) || !is_upper(s[k + 2])) return i;
    k += 3;
    if (k < s.size() && is_alnum(s[k])) return i;
    return k;
}

// A US ZIP code at i ("62704", "62704-1234"): its end, or i.
std::size_t read_zip(std::string_view s, std::size_t i) {
    int v;
    std::size_t k = read_digits(s, i, 5, v);
    if (k != i + 5) return i;
    if (k + 5 <= s.size() && s[k] == '-' && read_digits(s, k + 1, 4, v) == k + 5) k += 5;
    if (k < s.size() && is_alnum(s[k])) return i;
    return k;
}

// After a street: ", City[, ST] ZIP" or ", City POSTCODE" (or just the code): the end of the
// tail, or `from` when no ZIP code or postcode ends it within a few words.
std::size_t read_address_tail(const Scan& sc, std::size_t from) {
    const std::string_view s = sc.s;
    std::size_t k = from;
    if (k < s.size() && s[k] == ',') ++k;
    for (int words = 0; words < 5; ++words) {
        const std::size_t ks = skip_spaces(s, k, 1);
        if (ks == k && words > 0) return from;
        k = ks;
        if (std::size_t z = read_zip(s, k); z > k && words > 0) return z;
        if (std::size_t p = read_postcode(s, k); p > k) return p;
        // A city word or a two-letter state: capitalised letters, then an optional comma.
        if (k >= s.size() || !is_upper(s[k])) return from;
        std::size_t e = k;
        while (e < s.size() && (is_alpha(s[e]) || s[e] == '\'')) ++e;
        if (e < s.size() && static_cast<unsigned char>(s[e]) >= 0x80) return from;
        k = e;
        if (k < s.size() && s[k] == ',') ++k;
    }
    return from;
}

void find_addresses(Scan& sc) {
    const auto& t = sc.toks;
    const std::string_view s = sc.s;
    for (std::size_t k = 0; k < t.size(); ++k) {
        // PO Box 4471
        if (t[k].kind == Kind::word && (sc.low[k] == "po" || sc.low[k] == "p")) {
            std::size_t j = k;
            if (sc.low[k] == "p" && sc.is_punct(k + 1, '.') && k + 3 < t.size() && sc.low[k + 2] == "o" && sc.is_punct(k + 3, '.'))
                j = k + 3;
            const std::size_t box = sc.next(j);
            const std::size_t num = sc.next(box);
            if (sc.is_word(box) && sc.low[box] == "box" && num < t.size() && t[num].kind == Kind::number) {
                const std::size_t e = read_address_tail(sc, t[num].e);
                sc.add(PiiType::address, t[k].b, e);
            }
            continue;
        }
        if (t[k].kind != Kind::number || !sc.tok_free(k)) continue;
        // The house number: digits and at most one letter ("221B"), or a range ("12-14").
        const std::string& num = sc.low[k];
        std::size_t d = 0;
        while (d < num.size() && is_digit(num[d])) ++d;
        if (d == 0 || d > 5 || num.size() - d > 1 || currency_before(s, t[k].b)) continue;
        if (t[k].b > 0 && (s[t[k].b - 1] == '/' || s[t[k].b - 1] == ':' || s[t[k].b - 1] == '.')) continue;
        // Street words: capitalised words, ordinals ("57th") or compass points, ending in a type.
        // In lower-case chat ("i live at 12 oak road") only after "at", "on", "live", ...
        const std::size_t before = sc.prev(k);
        const bool lower_ok = sc.is_word(before) && in(sc.low[before], {"at", "on", "live", "lives", "living", "to", "from",
                                                                        "moved", "address", "is", "outside"});
        std::size_t j = k, street_end = npos, words = 0;
        while (words < 5) {
            const std::size_t w = j + 2;
            if (!sc.spaced(j, w)) break;
            const Token& x = t[w];
            const bool ordinal = x.kind == Kind::number && x.letters == 2 && (sc.low[w].ends_with("st") || sc.low[w].ends_with("nd") ||
                                                                                sc.low[w].ends_with("rd") || sc.low[w].ends_with("th"));
            const bool capital = x.kind == Kind::word && !x.has_digit &&
                                 (x.cap || (lower_ok && !in(sc.low[w], {"the", "a", "an", "my", "his", "her", "our", "their",
                                                                        "this", "that", "down", "up", "along", "across",
                                                                        "and", "or", "of", "in", "on", "at", "to", "for"})));
            if (!ordinal && !capital) break;
            const bool full_type = x.cap || in(sc.low[w], {"street", "road", "avenue", "lane", "drive", "close", "way",
                                                           "terrace", "crescent", "grove", "court", "place", "gardens",
                                                           "square", "boulevard"});
            if (words > 0 && capital && full_type && is_street_type(sc.low[w])) street_end = w;
            else if (capital && sc.low[w] == "broadway") street_end = w;
            ++words;
            // "Queen's Road": the possessive belongs to the street name.
            j = (w + 1 < t.size() && t[w + 1].kind == Kind::possessive) ? w + 1 : w;
            if (j != w) {
                if (!sc.spaced(j, j + 2)) break;
            }
        }
        if (street_end == npos) continue;
        std::size_t b = t[k].b, e = t[street_end].e;
        // A unit after the street: ", Apt 5C", " #4", ", Flat 2".
        {
            std::size_t u = e;
            if (u < s.size() && s[u] == ',') ++u;
            u = skip_spaces(s, u, 1);
            std::size_t w = u;
            while (w < s.size() && is_alpha(s[w])) ++w;
            if ((w > u && is_unit_word(fold(s.substr(u, w - u)))) || (u < s.size() && s[u] == '#')) {
                if (w == u) w = u + 1;
                if (w < s.size() && s[w] == '.') ++w;
                std::size_t v = skip_spaces(s, w, 1), v0 = v;
                while (v < s.size() && is_alnum(s[v]) && v - v0 < 6) ++v;
                if (v > v0 && (v >= s.size() || !is_alnum(s[v]))) e = v;
            }
        }
        e = read_address_tail(sc, e);
        // A unit before the number: "Flat 3, 27 Rowan Close", "Apt 5C, 1200 Lakeshore Drive".
        if (std::size_t p = sc.prev(k); p != npos) {
            std::size_t unit_num = sc.is_punct(p, ',') ? sc.prev(p) : p;
            std::size_t unit = unit_num != npos ? sc.prev(unit_num) : npos;
            if (unit != npos && unit_num != npos && (t[unit_num].kind == Kind::number || t[unit_num].kind == Kind::word) &&
                t[unit_num].e - t[unit_num].b <= 4 && sc.is_word(unit) && t[unit].cap && is_unit_word(sc.low[unit]) &&
                (t[unit_num].kind == Kind::number || t[unit_num].has_digit || t[unit_num].all_caps))
                b = t[unit].b;
        }
        if (sc.add(PiiType::address, b, e)) k = sc.tok_at(e);
    }
    // UK postcodes on their own.
    for (std::size_t i = 0; i < s.size(); ++i)
        if (is_upper(s[i]) && (i == 0 || !is_alnum(s[i - 1])))
            if (std::size_t e = read_postcode(s, i); e > i) sc.add(PiiType::address, i, e);
}

// ---------------------------------------------------------------------------------------------
// Person names: the gazetteer plus context. A name that is also a word, a month or a place
// ("Hope", "May", "Sydney") needs a cue that points to a person; so does a capitalised word
// that is in no list.

bool is_title(std::string_view w) {
    return in(w, {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "dame", "rev", "revd",
                  "reverend", "aunt", "auntie", "aunty", "uncle", "grandma", "grandpa", "granny", "grandad",
                  "granddad", "grandmother", "grandfather", "nan", "nanna", "gran", "cousin", "imam", "rabbi",
                  "pastor", "sister", "nurse", "coach", "officer", "detective", "judge", "lady", "lord"});
}

bool is_relation(std::string_view w) {
    return in(w, {"mum", "mom", "mother", "mam", "dad", "father", "papa", "mama", "sister", "brother", "sis", "bro",
                  "son", "daughter", "wife", "husband", "partner", "spouse", "fiance", "fiancé", "fiancee",
                  "fiancée", "boyfriend", "girlfriend", "bf", "gf", "friend", "mate", "bestie", "bff", "buddy",
                  "pal", "cousin", "niece", "nephew", "aunt", "uncle", "grandson", "granddaughter", "grandma",
                  "grandpa", "colleague", "coworker", "boss", "manager", "neighbour", "neighbor", "flatmate",
                  "roommate", "housemate", "therapist", "counsellor", "counselor", "psychologist", "psychiatrist",
                  "doctor", "gp", "nurse", "carer", "caregiver", "worker", "sponsor", "teacher", "tutor", "ex",
                  "baby", "child", "stepdad", "stepmum", "stepmom", "stepson", "stepdaughter", "kid", "twin"});
}

bool is_determiner(std::string_view w) {
    return in(w, {"my", "his", "her", "our", "their", "your", "a", "the", "with", "and", "mum's", "mom's", "dad's"});
}

// Words that start sentences and are followed by "said" without being names.
bool is_person_stopword(std::string_view w) {
    return is_relation(w) || is_title(w) ||
           in(w, {"i", "he", "she", "they", "we", "you", "it", "someone", "somebody", "everyone", "everybody",
                  "nobody", "anyone", "no", "one", "the", "a", "an", "my", "his", "her", "our", "their", "this",
                  "that", "then", "and", "but", "so", "work", "school", "therapy", "who", "which", "what", "staff",
                  "pt", "patient", "client", "family", "police", "team", "people", "everything", "nothing",
                  "god", "today", "yesterday", "tomorrow", "also", "just", "still", "later", "again", "hr",
                  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "dear", "hi",
                  "hello", "hey", "thanks", "sorry", "please", "ok", "okay", "yes", "maybe", "when", "if",
                  "why", "how", "where", "there", "here", "all", "both", "each", "some", "most", "many"});
}

bool is_day(std::string_view w) {
    return in(w, {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
                  "tonight", "tomorrow", "yesterday", "christmas", "easter", "diwali", "eid", "ramadan"});
}

bool is_place_noun(std::string_view w) {
    return in(w, {"station", "street", "st", "road", "rd", "avenue", "lane", "drive", "hospital", "clinic",
                  "college", "university", "school", "park", "square", "bridge", "centre", "center", "church",
                  "cathedral", "airport", "hall", "house", "court", "gardens", "terrace", "close", "way",
                  "place", "hotel", "theatre", "theater", "museum", "library", "market", "mall", "beach", "bay",
                  "island", "lake", "river", "mountain", "hill", "green", "crescent", "grove", "line", "ward",
                  "surgery", "practice", "chapel", "mosque", "temple", "synagogue", "valley", "county", "city",
                  "town", "village", "state", "island", "islands", "falls", "heights", "cross", "arms", "inn"});
}

bool is_locative(std::string_view w) {
    return in(w, {"to", "in", "from", "at", "near", "around", "visit", "visited", "visiting", "via", "into",
                  "through", "outside", "across", "toward", "towards", "left", "leaving", "of", "flew", "moved",
                  "than", "since", "until", "till", "by", "during", "before", "after", "last", "next", "this",
                  "early", "late", "mid", "every", "between", "on"});
}

bool is_particle(std::string_view w) {
    return in(w, {"de", "la", "van", "der", "den", "von", "bin", "binti", "bint", "al", "el", "da", "di", "dos",
                  "das", "du", "le", "ten", "ter", "del", "della", "y", "abu", "ibn", "ben", "st"});
}

// Verbs that say a person did something; a cue when they follow a name-like word.
bool is_person_verb(std::string_view w) {
    return in(w, {"said", "says", "texted", "texts", "messaged", "told", "tells", "asked", "asks", "rang",
                  "phoned", "called", "calls", "emailed", "wrote", "writes", "replied", "brought", "sent", "sends",
                  "gave", "drove", "helped", "hugged", "visited", "invited", "thinks", "thought", "wants", "wanted",
                  "keeps", "kept", "knows", "knew", "cried", "laughed", "smiled", "sat", "picked", "offered",
                  "promised", "cancelled", "canceled", "apologised", "apologized", "insisted", "admitted",
                  "agreed", "suggested", "reckons", "didn't", "doesn't", "hasn't", "hadn't", "shouted", "yelled",
                  "hugs", "stayed", "stays", "left", "moved", "died", "passed", "lives", "lived", "works", "worked",
                  "snapped", "understands", "understood", "listened", "noticed", "explained", "answered",
                  "checked", "sang", "smiles", "laughs", "winked"});
}

// After "my sister <name>": words showing the name is the subject, not a modal ("will be").
bool is_third_person_follow(std::string_view w) {
    return is_person_verb(w) || in(w, {"is", "was", "has", "had", "and", "came", "comes", "gets", "got", "isn't",
                                       "wasn't", "won't", "can't", "does", "did", "thinks", "feels", "felt"});
}

bool is_comm_verb(std::string_view w) {
    return in(w, {"said", "says", "texted", "texts", "messaged", "told", "tells", "asked", "asks", "replied",
                  "emailed", "rang", "phoned", "wrote", "writes", "thinks", "thought", "wants", "keeps", "sent"});
}

bool is_person_noun(std::string_view w) {
    return is_relation(w) || in(w, {"wedding", "funeral", "birthday", "party", "house", "place", "flat", "voice",
                                    "message", "text", "laugh", "jokes", "kids", "children", "family", "dog",
                                    "cat", "car", "room", "mum", "death", "new", "old", "little", "number", "email",
                                    "address", "dob", "visit", "advice", "words", "face", "hand", "hands", "smile"});
}

struct NameScan {
    Scan& sc;
    const Gazetteer& g;
    std::vector<std::uint8_t> flags;      // per token: gazetteer flags
    std::vector<std::uint8_t> blocked;    // per token: inside a not-a-name phrase
    std::vector<std::uint8_t> seed;       // per token: decided to be (part of) a name

    NameScan(Scan& s, const Gazetteer& gz) : sc(s), g(gz) {
        const auto n = sc.toks.size();
        flags.assign(n, 0);
        blocked.assign(n, 0);
        seed.assign(n, 0);
        for (std::size_t k = 0; k < n; ++k)
            if (sc.toks[k].kind == Kind::word) flags[k] = g.flags(sc.low[k]);
        block_not_names();
    }

    const std::string& w(std::size_t k) const { return sc.low[k]; }
    bool word(std::size_t k) const { return sc.is_word(k) && sc.tok_free(k) && !blocked[k]; }

    void block_not_names() {
        const auto& t = sc.toks;
        for (std::size_t k = 0; k < t.size(); ++k) {
            if (t[k].kind != Kind::word) continue;
            auto it = g.not_names.find(sc.low[k]);
            if (it == g.not_names.end()) continue;
            for (const Phrase& p : it->second) {
                std::size_t j = k, m = 1;
                for (; m < p.tokens.size(); ++m) {
                    j = sc.next(j);
                    if (j >= t.size()) break;
                    std::string x = t[j].kind == Kind::punct || t[j].kind == Kind::possessive
                                        ? fold(sc.text(j)) : sc.low[j];
                    if (x != p.tokens[m]) break;
                }
                if (m == p.tokens.size() && (j + 1 >= t.size() || t[j + 1].kind != Kind::word)) {
                    for (std::size_t q = k; q <= j; ++q) blocked[q] = 1;
                    break;
                }
            }
        }
    }

    // The word before k across spaces only (npos if punctuation intervenes or none).
    std::size_t prev_word(std::size_t k) const {
        const std::size_t p = sc.prev(k);
        return sc.is_word(p) ? p : npos;
    }
    std::size_t next_word(std::size_t k) const {
        const std::size_t q = sc.next(k);
        return sc.is_word(q) ? q : npos;
    }

    bool sentence_initial(std::size_t k) const {
        std::size_t p = k;
        while (true) {
            if (p == 0) return true;
            --p;
            const Token& x = sc.toks[p];
            if (x.kind == Kind::space) {
                if (x.newline) return true;
                continue;
            }
            if (x.kind != Kind::punct) return false;
            const char c = sc.s[x.b];
            if (c == '"' || c == '(' || c == '[' || c == '*' || c == '-' || c == '\'' || static_cast<unsigned char>(c) >= 0x80)
                continue;  // quotes, brackets, bullets and emoji before a sentence
            if (c == '!' || c == '?' || c == ':') return true;
            if (c == '.') {
                // "Dr. Patel", "A. Rahman": an abbreviation, not a sentence end.
                const std::size_t q = sc.prev(p);
                if (q != npos && sc.is_word(q) && (is_title(w(q)) || sc.toks[q].letters == 1 || w(q) == "st")) return false;
                return true;
            }
            return false;
        }
    }

    // A title before k: "Dr Patel", "Dr. Patel", "Aunt Rose".
    bool title_before(std::size_t k) const {
        std::size_t p = sc.prev(k);
        if (sc.is_punct(p, '.')) p = sc.prev(p);
        return sc.is_word(p) && p + 3 >= k && is_title(w(p));
    }
    bool dear_before(std::size_t k) const {
        const std::size_t p = prev_word(k);
        return p != npos && w(p) == "dear";
    }
    // "my sister Aisha", "her husband Sunil", "My therapist, Ngozi".
    bool relation_before(std::size_t k, bool need_determiner) const {
        std::size_t p = sc.prev(k);
        if (sc.is_punct(p, ',')) p = sc.prev(p);
        if (!sc.is_word(p) || !is_relation(w(p))) return false;
        if (!need_determiner) return true;
        const std::size_t d = sc.prev(p);
        return sc.is_word(d) && is_determiner(w(d));
    }
    // "my name is X", "name's X", "call me X", "I'm X", "I am X"
    bool intro_before(std::size_t k, bool& strong) const {
        const std::size_t a = sc.prev(k);
        if (!sc.is_word(a)) {
            if (a != npos && sc.toks[a].kind == Kind::possessive) {
                const std::size_t n = sc.prev(a);
                strong = sc.is_word(n) && w(n) == "name";
                return strong;
            }
            return false;
        }
        const std::size_t b = sc.prev(a);
        const std::size_t c = sc.is_word(b) ? sc.prev(b) : npos;
        strong = true;
        if (w(a) == "is" && sc.is_word(b) && w(b) == "name" && sc.is_word(c) && in(w(c), {"my", "her", "his", "their"}))
            return true;
        if (w(a) == "me" && sc.is_word(b) && w(b) == "call") return true;
        strong = false;
        if (in(w(a), {"i'm", "im"})) return true;
        if (w(a) == "am" && sc.is_word(b) && w(b) == "i") return true;
        return false;
    }

    bool place_noun_after(std::size_t k) const {
        std::size_t q = sc.next(k);
        if (q < sc.toks.size() && sc.toks[q].kind == Kind::possessive) q = sc.next(q);
        return sc.is_word(q) && is_place_noun(w(q));
    }
    bool saint_before(std::size_t k) const {
        std::size_t p = sc.prev(k);
        if (sc.is_punct(p, '.')) p = sc.prev(p);
        return sc.is_word(p) && in(w(p), {"st", "saint", "san", "santa", "sao", "são"});
    }
    bool possessive_after(std::size_t k) const {
        return k + 1 < sc.toks.size() && sc.toks[k + 1].kind == Kind::possessive;
    }
    bool possessive_person_after(std::size_t k) const {
        if (!possessive_after(k)) return false;
        const std::size_t q = sc.next(k + 1);
        return sc.is_word(q) && is_person_noun(w(q));
    }
    // "X and I", "X & I", "X and me"
    bool and_i_after(std::size_t k) const {
        // "I went to Leeds and I cried": a place, not a person.
        if (const std::size_t p = prev_word(k); p != npos && is_locative(w(p))) return false;
        const std::size_t a = sc.next(k);
        const bool conj = (sc.is_word(a) && w(a) == "and") || sc.is_punct(a, '&');
        if (!conj) return false;
        const std::size_t b = sc.next(a);
        return sc.is_word(b) && (w(b) == "i" || w(b) == "me");
    }
    // A verb, or a phrase, right after k that makes it a person.
    bool person_cue_after(std::size_t k, bool allow_possessive) const {
        if (allow_possessive && possessive_after(k)) return true;
        if (and_i_after(k)) return true;
        const std::size_t a = next_word(k);
        if (a == npos) return false;
        const std::string& v = w(a);
        if (is_person_verb(v)) return true;
        const std::size_t b = next_word(a);
        const std::string none;
        const std::string& v2 = b == npos ? none : w(b);
        if (in(v, {"came", "comes", "come"}) && in(v2, {"round", "over", "by", "back", "home", "with", "along", "to"}))
            return true;
        if (v == "from" && in(v2, {"the", "my", "work", "next", "school", "church", "group", "hr", "college", "uni"}))
            return true;
        if (v == "at" && b != npos && w(b) == "the") {
            const std::size_t c = next_word(b);
            return c != npos && in(w(c), {"pharmacy", "clinic", "office", "surgery", "shop", "desk", "reception",
                                          "bank", "gym", "front", "counter", "support", "centre", "center"});
        }
        if (in(v, {"is", "was"}) && v2 == "my") return true;
        // A surname after it: "Grace Hughes".
        if (b == a + 2 && sc.toks[a].cap && (flags[a] & kSurname) && !(flags[a] & (kWordName | kPlaceName)))
            return sc.spaced(k, a);
        return false;
    }

    bool decide(std::size_t k) const {
        if (!word(k)) return false;
        const Token& t = sc.toks[k];
        if (t.has_digit || t.letters < 2) return false;
        const std::uint8_t f = flags[k];
        const bool given = f & kGiven, surname = f & kSurname;
        const bool wordy = f & kWordName, place = f & kPlaceName, month = f & kMonthName;
        const bool ambiguous = wordy || place || month;
        const std::string& lw = w(k);
        if (is_title(lw) || is_relation(lw) || is_day(lw)) return false;
        if (is_person_stopword(lw) && !title_before(k)) return false;  // "He" is also a surname
        if (t.all_caps && !title_before(k)) return false;  // "GP", "NHS", "HR", shouting
        if (t.cap) {
            if (title_before(k)) return true;
            if (dear_before(k))
                return !in(lw, {"diary", "sir", "madam", "all", "friend", "friends", "me", "self", "god", "future",
                                "past", "reader", "team", "everyone", "journal", "world", "body", "brain", "anxiety"});
            bool strong = false;
            if (intro_before(k, strong) && (strong || (given && !ambiguous))) return true;
            if (relation_before(k, false) && !is_person_stopword(lw) && !is_place_noun(lw) && !month_of(lw) &&
                !place_noun_after(k))
                return true;
            if (saint_before(k) || place_noun_after(k)) return false;
            const bool initial = sentence_initial(k);
            if (!initial) {
                if (given && !ambiguous) return true;
                if (given && wordy && !month && !place) return true;  // "with Grace", "told Will"
                if (month) return person_cue_after(k, false);
                if (place) {
                    const std::size_t p = prev_word(k);
                    return !(p != npos && is_locative(w(p))) && (given || person_cue_after(k, true));
                }
                if (surname && !wordy) return person_cue_after(k, true);
                if (!f) {
                    const std::size_t a = next_word(k);
                    return !is_person_stopword(lw) &&
                           ((a != npos && is_comm_verb(w(a))) || and_i_after(k) || possessive_person_after(k));
                }
                return false;
            }
            if (given && !ambiguous) return !is_person_stopword(lw);
            if (ambiguous) return person_cue_after(k, !month);
            // An unknown word at a sentence start ("Referral sent", "Leaflet says") is a name only
            // as "X and I" or "X's mum".
            return and_i_after(k) || possessive_person_after(k);
        }
        // Lower case (chat): a given name that is not also a word.
        if (given && !ambiguous && t.letters >= 3) return true;
        if (given && (relation_before(k, true) || title_before(k))) {
            const std::size_t a = sc.next(k);
            if (a >= sc.toks.size()) return true;
            if (sc.toks[a].kind == Kind::punct) return sc.s[sc.toks[a].b] != '\'';
            return sc.is_word(a) && is_third_person_follow(w(a));
        }
        bool strong = false;
        if (given && intro_before(k, strong) && strong) return true;
        return false;
    }

    // Can token k continue a name that ends at k-2 ("Kwame Mensah", "Nguyen Thi Lan")?
    bool continues(std::size_t k) const {
        if (!word(k)) return false;
        const Token& t = sc.toks[k];
        if (!t.cap || t.has_digit || t.all_caps) return false;
        const std::string& lw = w(k);
        if (is_title(lw) || is_relation(lw) || is_day(lw) || month_of(lw) || is_person_stopword(lw)) return false;
        if (is_place_noun(lw) || is_street_type(lw)) {
            // "Ji-ho Park" is a name, "Victoria Park Road" a place.
            const std::size_t q = k + 2;
            return (flags[k] & kSurname) && !(sc.spaced(k, q) && sc.is_word(q) && sc.toks[q].cap);
        }
        return true;
    }

    // A capitalised gazetteer name that is not also a word, month or place.
    bool known_name(std::size_t k) const {
        return word(k) && sc.toks[k].cap && !sc.toks[k].all_caps && (flags[k] & (kGiven | kSurname)) &&
               !(flags[k] & (kWordName | kPlaceName | kMonthName)) && continues(k);
    }

    void run() {
        const auto& t = sc.toks;
        for (std::size_t k = 0; k < t.size(); ++k) seed[k] = decide(k);
        // "Ivy and Jack", "Fatima, Omar and I": a name-word joined to a name is a name too.
        for (std::size_t k = 0; k < t.size(); ++k) {
            if (seed[k] || !word(k) || !t[k].cap || !(flags[k] & kGiven)) continue;
            const std::size_t a = sc.next(k), b = sc.next(a);
            const bool conj = (sc.is_word(a) && w(a) == "and") || sc.is_punct(a, '&') || sc.is_punct(a, ',');
            if (conj && b < t.size() && seed[b]) seed[k] = 1;
        }
        for (std::size_t k = 0; k < t.size(); ++k) {
            if (!seed[k]) continue;
            std::size_t first = k, last = k;
            // Extend left over gazetteer names, and an unknown word between two of them:
            // "Nguyen Thi Lan" from "Lan".
            while (first >= 2 && sc.spaced(first - 2, first)) {
                const std::size_t j = first - 2;
                if (known_name(j)) {
                    first = j;
                } else if (j >= 2 && continues(j) && sc.spaced(j - 2, j) && known_name(j - 2)) {
                    first = j - 2;
                } else {
                    break;
                }
            }
            const std::size_t b = t[first].b;
            // Extend right over surnames, particles ("Ana de la Cruz") and initials ("John F. Kennedy").
            while (true) {
                std::size_t j = last + 2;
                if (!sc.spaced(last, j)) break;
                if (sc.is_word(j) && seed[j]) {
                    last = j;
                    continue;
                }
                if (continues(j)) {
                    last = j;
                    continue;
                }
                // particles
                std::size_t q = j, steps = 0;
                while (sc.is_word(q) && !sc.toks[q].cap && is_particle(w(q)) && steps < 3 && sc.spaced(q, q + 2)) q += 2, ++steps;
                if (steps > 0 && continues(q)) {
                    last = q;
                    continue;
                }
                // an initial: "F." then a capitalised word
                if (sc.is_word(j) && sc.toks[j].letters == 1 && sc.toks[j].cap && sc.is_punct(j + 1, '.') &&
                    sc.spaced(j + 1, j + 3) && continues(j + 3)) {
                    last = j + 3;
                    continue;
                }
                break;
            }
            sc.add(PiiType::name, b, t[last].e);
            for (std::size_t q = k; q <= last; ++q) seed[q] = 0;
            k = last;
        }
        // Initials after a title: "Dr. A. Rahman" (the seed was "Rahman" via the title rule on "A").
    }
};

void find_names(Scan& sc) {
    NameScan ns(sc, gazetteer());
    // "Dr. A. Rahman": a title, an initial, a capitalised word.
    const auto& t = sc.toks;
    for (std::size_t k = 0; k + 3 < t.size(); ++k) {
        if (!sc.is_word(k) || t[k].letters != 1 || !t[k].cap || !sc.is_punct(k + 1, '.')) continue;
        if (!ns.title_before(k) || !sc.spaced(k + 1, k + 3) || !ns.continues(k + 3)) continue;
        std::size_t last = k + 3;
        while (sc.spaced(last, last + 2) && ns.continues(last + 2)) last += 2;
        sc.add(PiiType::name, t[k].b, t[last].e);
    }
    ns.run();
}

}  // namespace

Redaction redact_valid(std::string_view utf8) {
    Scan sc(utf8);
    find_emails(sc);
    find_urls(sc);
    find_dobs(sc);
    find_labelled_ids(sc);
    find_phones(sc);
    find_addresses(sc);
    find_unlabelled_ids(sc);
    find_names(sc);

    Redaction r;
    r.spans = std::move(sc.spans);
    std::sort(r.spans.begin(), r.spans.end(), [](const RedactedSpan& a, const RedactedSpan& b) { return a.begin < b.begin; });
    r.text.reserve(utf8.size());
    std::size_t pos = 0;
    for (const RedactedSpan& sp : r.spans) {
        r.text.append(utf8.substr(pos, sp.begin - pos));
        r.text.append(pii_placeholder(sp.type));
        pos = sp.end;
    }
    r.text.append(utf8.substr(pos));
    return r;
}

Result<Redaction> redact(std::string_view utf8) {
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
    const auto n = static_cast<utf8proc_ssize_t>(utf8.size());
    for (utf8proc_ssize_t i = 0; i < n;) {
        if (bytes[i] < 0x80) {
            ++i;
            continue;
        }
        utf8proc_int32_t cp;
        const auto len = utf8proc_iterate(bytes + i, n - i, &cp);
        if (len < 0) return Status::invalid_argument("invalid UTF-8 at byte " + std::to_string(i));
        i += len;
    }
    return redact_valid(utf8);
}

std::optional<std::vector<RedactedSpan>> align_redaction(std::string_view text, std::string_view redacted) {
    // Split the gold output into literals and placeholders.
    struct Seg {
        bool placeholder;
        PiiType type;
        std::string_view lit;
    };
    std::vector<Seg> segs;
    std::size_t i = 0, lit_start = 0;
    while (i < redacted.size()) {
        bool matched = false;
        if (redacted[i] == '[')
            for (std::size_t ty = 0; ty < kNumPiiTypes; ++ty) {
                const auto ph = pii_placeholder(static_cast<PiiType>(ty));
                if (redacted.compare(i, ph.size(), ph) == 0) {
                    if (i > lit_start) segs.push_back({false, PiiType::name, redacted.substr(lit_start, i - lit_start)});
                    segs.push_back({true, static_cast<PiiType>(ty), {}});
                    i += ph.size();
                    lit_start = i;
                    matched = true;
                    break;
                }
            }
        if (!matched) ++i;
    }
    if (lit_start < redacted.size()) segs.push_back({false, PiiType::name, redacted.substr(lit_start)});
    // reach[s][p]: segments s.. can consume text[p..] exactly. Filled from the end.
    const std::size_t n = text.size(), m = segs.size();
    std::vector<std::vector<std::uint8_t>> reach(m + 1, std::vector<std::uint8_t>(n + 1, 0));
    reach[m][n] = 1;
    for (std::size_t s = m; s-- > 0;) {
        if (segs[s].placeholder) {
            bool any = false;  // some end > p is reachable
            for (std::size_t p = n + 1; p-- > 0;) {
                reach[s][p] = any;
                any = any || reach[s + 1][p];
            }
        } else {
            const auto lit = segs[s].lit;
            for (std::size_t p = 0; p + lit.size() <= n; ++p)
                reach[s][p] = reach[s + 1][p + lit.size()] && text.compare(p, lit.size(), lit) == 0;
        }
    }
    if (!reach[0][0]) return std::nullopt;
    std::vector<RedactedSpan> spans;
    std::size_t p = 0;
    for (std::size_t s = 0; s < m; ++s) {
        if (!segs[s].placeholder) {
            p += segs[s].lit.size();
            continue;
        }
        std::size_t e = p + 1;
        while (!reach[s + 1][e]) ++e;  // the shortest reading
        spans.push_back({segs[s].type, p, e});
        p = e;
    }
    return spans;
}

}  // namespace attune::text
