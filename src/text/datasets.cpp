// SPDX-License-Identifier: Apache-2.0
#include "text/datasets.hpp"

#include <charconv>
#include <fstream>
#include <optional>
#include <unordered_map>

#include "text/tokenize.hpp"

namespace attune::text {
namespace {

Status open(const std::string& path, std::ifstream& f) {
    f.open(path);
    if (!f) return Status::not_found("cannot open " + path);
    return Status::ok();
}

// Splits one CSV record (RFC 4180 quoting) that may span several physical lines.
bool read_csv_record(std::istream& in, std::vector<std::string>& fields, std::size_t& line_no) {
    fields.clear();
    std::string line;
    if (!std::getline(in, line)) return false;
    ++line_no;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0;; ++i) {
        if (i == line.size()) {
            if (quoted) {  // a quoted field continues on the next line
                std::string next;
                if (!std::getline(in, next)) break;
                ++line_no;
                field += '\n';
                line = next;
                i = static_cast<std::size_t>(-1);
                continue;
            }
            break;
        }
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') { field += '"'; ++i; }
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') quoted = true;
        else if (c == ',') { fields.push_back(std::move(field)); field.clear(); }
        else if (c != '\r') field += c;
    }
    fields.push_back(std::move(field));
    return true;
}

bool parse_double(const std::string& s, double& v) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

Result<std::vector<GoEmotionsRow>> read_goemotions(const std::string& path) {
    std::ifstream f;
    ATTUNE_RETURN_IF_ERROR(open(path, f));
    std::vector<GoEmotionsRow> rows;
    std::string line;
    for (std::size_t n = 1; std::getline(f, line); ++n) {
        const auto t1 = line.find('\t');
        const auto t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
        if (t2 == std::string::npos) return Status::corrupt(path + ":" + std::to_string(n) + ": expected 3 tab-separated fields");
        GoEmotionsRow r;
        r.text = line.substr(0, t1);
        const std::string ids = line.substr(t1 + 1, t2 - t1 - 1);
        for (std::size_t s = 0; s < ids.size();) {
            std::size_t e = ids.find(',', s);
            if (e == std::string::npos) e = ids.size();
            unsigned id = 0;
            auto res = std::from_chars(ids.data() + s, ids.data() + e, id);
            if (res.ec != std::errc() || id >= kNumEmotions)
                return Status::corrupt(path + ":" + std::to_string(n) + ": bad label id '" + ids.substr(s, e - s) + "'");
            r.labels.set(id);
            s = e + 1;
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

Result<std::vector<EmoBankRow>> read_emobank(const std::string& path) {
    std::ifstream f;
    ATTUNE_RETURN_IF_ERROR(open(path, f));
    std::vector<EmoBankRow> rows;
    std::vector<std::string> fields;
    std::size_t line = 0;
    read_csv_record(f, fields, line);  // header
    if (fields.size() != 6 || fields[1] != "split") return Status::corrupt(path + ":1: expected header id,split,V,A,D,text");
    while (read_csv_record(f, fields, line)) {
        if (fields.size() == 1 && fields[0].empty()) continue;
        EmoBankRow r;
        r.id = fields.empty() ? std::string() : fields[0];
        if (fields.size() != 6 || !parse_double(fields[2], r.v) || !parse_double(fields[3], r.a) || !parse_double(fields[4], r.d))
            return Status::corrupt(path + ":" + std::to_string(line) + ": expected id,split,V,A,D,text");
        r.split = fields[1];
        r.text = fields[5];
        rows.push_back(std::move(r));
    }
    // Genres: meta.tsv is id<TAB>document<TAB>category<TAB>subcategory.
    const std::string meta_path = path.substr(0, path.find_last_of('/') + 1) + "meta.tsv";
    std::ifstream meta(meta_path);
    std::unordered_map<std::string, std::string> genre;
    for (std::string line; std::getline(meta, line);) {
        const auto t1 = line.find('\t');
        const auto t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
        const auto t3 = t2 == std::string::npos ? t2 : line.find('\t', t2 + 1);
        if (t3 != std::string::npos) genre[line.substr(0, t1)] = line.substr(t2 + 1, t3 - t2 - 1);
    }
    for (auto& r : rows)
        if (auto it = genre.find(r.id); it != genre.end()) r.genre = it->second;
    return rows;
}

Result<std::vector<PolarityRow>> read_uci_sentiment(const std::string& dir) {
    std::vector<PolarityRow> rows;
    for (const char* source : {"amazon_cells", "imdb", "yelp"}) {
        const std::string path = dir + "/" + source + "_labelled.txt";
        std::ifstream f;
        ATTUNE_RETURN_IF_ERROR(open(path, f));
        std::string line;
        for (std::size_t n = 1; std::getline(f, line); ++n) {
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
            const auto tab = line.rfind('\t');
            if (tab == std::string::npos || tab + 2 != line.size() || (line[tab + 1] != '0' && line[tab + 1] != '1'))
                return Status::corrupt(path + ":" + std::to_string(n) + ": expected sentence<TAB>0|1");
            rows.push_back({line.substr(0, tab), line[tab + 1] - '0', std::string(source).substr(0, std::string(source).find('_')), n});
        }
    }
    return rows;
}

namespace {

std::optional<DistortionType> distortion_by_name(std::string_view name) {
    for (std::size_t k = 0; k < kNumDistortionTypes; ++k)
        if (distortion_name(static_cast<DistortionType>(k)) == name)
            return static_cast<DistortionType>(k);
    return std::nullopt;
}

// Shreevastava & Foltz's label names; Magnification is their name for catastrophizing, and the
// set has no disqualifying-the-positive label.
std::optional<DistortionType> shreevastava_label(std::string_view label) {
    static constexpr std::array<std::pair<std::string_view, DistortionType>, 10> kLabels{{
        {"All-or-nothing thinking", DistortionType::all_or_nothing},
        {"Overgeneralization", DistortionType::overgeneralization},
        {"Mental filter", DistortionType::mental_filter},
        {"Mind Reading", DistortionType::mind_reading},
        {"Fortune-telling", DistortionType::fortune_telling},
        {"Magnification", DistortionType::catastrophizing},
        {"Emotional Reasoning", DistortionType::emotional_reasoning},
        {"Should statements", DistortionType::should_statements},
        {"Labeling", DistortionType::labeling},
        {"Personalization", DistortionType::personalization},
    }};
    for (const auto& [name, type] : kLabels)
        if (name == label) return type;
    return std::nullopt;
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
    while (!s.empty() && s.front() == ' ') s.erase(s.begin());
    return s;
}

Result<std::vector<DistortionRow>> read_distortion_tsv(std::istream& in, const std::string& path) {
    std::vector<DistortionRow> rows;
    std::string line;
    std::getline(in, line);  // the header, checked by the caller
    for (std::size_t n = 2; std::getline(in, line); ++n) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const auto tab = line.find('\t');
        if (tab == std::string::npos)
            return Status::corrupt(path + ":" + std::to_string(n) + ": expected type<TAB>text");
        const std::string type = line.substr(0, tab);
        DistortionRow r{line.substr(tab + 1), {}, n - 1};
        if (type != "none") {
            const auto t = distortion_by_name(type);
            if (!t)
                return Status::corrupt(path + ":" + std::to_string(n) + ": unknown type '" + type +
                                       "'");
            r.types.push_back(*t);
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

Result<std::vector<DistortionRow>> read_shreevastava(std::istream& in, const std::string& path) {
    std::vector<DistortionRow> rows;
    std::vector<std::string> fields;
    std::size_t line = 0;
    read_csv_record(in, fields, line);  // the header, checked by the caller
    while (read_csv_record(in, fields, line)) {
        if (fields.size() == 1 && fields[0].empty()) continue;
        const std::string where = path + ": row " + std::to_string(rows.size() + 1) + " (line " +
                                  std::to_string(line) + ")";
        if (fields.size() != 5)
            return Status::corrupt(where + ": expected 5 fields, found " +
                                   std::to_string(fields.size()));
        DistortionRow r{fields[1], {}, rows.size() + 1};
        const std::string dominant = trimmed(fields[3]), secondary = trimmed(fields[4]);
        if (dominant != "No Distortion") {
            const auto t = shreevastava_label(dominant);
            if (!t) return Status::corrupt(where + ": unknown Dominant Distortion label");
            r.types.push_back(*t);
            if (!secondary.empty()) {
                const auto t2 = shreevastava_label(secondary);
                if (!t2) return Status::corrupt(where + ": unknown Secondary Distortion label");
                if (*t2 != *t) r.types.push_back(*t2);
            }
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

}  // namespace

Result<DistortionSet> read_distortion_set(const std::string& path) {
    std::ifstream f;
    ATTUNE_RETURN_IF_ERROR(open(path, f));
    std::string header;
    std::getline(f, header);
    if (header.rfind("\xEF\xBB\xBF", 0) == 0) header.erase(0, 3);
    if (!header.empty() && header.back() == '\r') header.pop_back();
    f.clear();
    f.seekg(0);
    const bool tsv = header == "type\ttext";
    if (!tsv &&
        header.rfind(
            "Id_Number,Patient Question,Distorted part,Dominant Distortion,Secondary Distortion",
            0) != 0)
        return Status::corrupt(
            path +
            ":1: expected the header type<TAB>text or Shreevastava & Foltz's "
            "Id_Number,Patient Question,Distorted part,Dominant Distortion,Secondary Distortion");
    auto rows = tsv ? read_distortion_tsv(f, path) : read_shreevastava(f, path);
    if (!rows) return rows.status();
    return DistortionSet{tsv ? "tsv" : "shreevastava", std::move(*rows)};
}

std::optional<int> goemotions_polarity(const std::bitset<kNumEmotions>& labels) {
    // sentiment_dict.json: ambiguous = realization, surprise, curiosity, confusion.
    static constexpr int kPolarity[kNumEmotions] = {
        1, 1, -1, -1, 1, 1, 0, 0, 1, -1, -1, -1, -1, 1, -1, 1, -1, 1, 1, -1, 1, 1, 0, 1, -1, -1, 0, 0};
    bool pos = false, neg = false, ambiguous = false;
    for (std::size_t k = 0; k + 1 < kNumEmotions; ++k) {
        if (!labels[k]) continue;
        pos |= kPolarity[k] > 0;
        neg |= kPolarity[k] < 0;
        ambiguous |= kPolarity[k] == 0;
    }
    if (pos && !neg) return 1;
    if (neg && !pos) return -1;
    if (!pos && !neg && !ambiguous && labels[kNumEmotions - 1]) return 0;
    return std::nullopt;
}

namespace {

// The strings of a Python list literal such as ['a', "b's"], with backslash escapes undone;
// false when the literal is malformed.
bool parse_python_list(std::string_view s, std::vector<std::string>& out) {
    out.clear();
    std::size_t i = 0;
    auto skip_space = [&] { while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r')) ++i; };
    skip_space();
    if (i >= s.size() || s[i++] != '[') return false;
    for (;;) {
        skip_space();
        if (i < s.size() && s[i] == ']') return ++i, true;
        if (i >= s.size() || (s[i] != '\'' && s[i] != '"')) return false;
        const char q = s[i++];
        std::string item;
        for (;; ++i) {
            if (i >= s.size()) return false;
            if (s[i] == '\\' && i + 1 < s.size()) {
                const char e = s[++i];
                item += e == 'n' ? '\n' : e == 't' ? '\t' : e;
                continue;
            }
            if (s[i] == q) break;
            item += s[i];
        }
        ++i;
        out.push_back(std::move(item));
        skip_space();
        if (i < s.size() && s[i] == ',') ++i;
        else if (i < s.size() && s[i] == ']') return ++i, true;
        else return false;
    }
}

}  // namespace

Result<std::vector<CssrsUser>> read_cssrs_reddit(const std::string& path) {
    std::ifstream f;
    ATTUNE_RETURN_IF_ERROR(open(path, f));
    std::vector<CssrsUser> out;
    std::vector<std::string> fields;
    std::size_t line = 0;
    read_csv_record(f, fields, line);  // header
    while (read_csv_record(f, fields, line)) {
        if (fields.size() == 1 && fields[0].empty()) continue;
        if (fields.size() != 3) return Status::corrupt(path + ":" + std::to_string(line) + ": expected 3 fields (User,Post,Label)");
        CssrsUser u{fields[0], {}, fields[2]};
        if (!parse_python_list(fields[1], u.posts)) {
            // Unescaped quotes inside a post: split on the separator instead.
            std::string_view body = fields[1];
            if (body.size() >= 4 && body.substr(0, 2) == "['" && body.substr(body.size() - 2) == "']") body = body.substr(2, body.size() - 4);
            u.posts.clear();
            for (;;) {
                const auto sep = body.find("', '");
                u.posts.emplace_back(body.substr(0, sep));
                if (sep == std::string_view::npos) break;
                body.remove_prefix(sep + 4);
            }
        }
        out.push_back(std::move(u));
    }
    if (out.empty()) return Status::corrupt(path + ": no users");
    return out;
}

Result<std::vector<CrisisStatement>> read_crisis_statements(const std::string& path) {
    std::ifstream f;
    ATTUNE_RETURN_IF_ERROR(open(path, f));
    std::vector<CrisisStatement> out;
    std::string row;
    std::size_t line = 0;
    auto where = [&] { return path + ":" + std::to_string(line) + ": "; };
    while (std::getline(f, row)) {
        ++line;
        if (!row.empty() && row.back() == '\r') row.pop_back();
        if (line == 1 || row.empty()) continue;  // header
        std::vector<std::string> col;
        std::size_t start = 0;
        for (int k = 0; k < 3; ++k) {
            const auto tab = row.find('\t', start);
            if (tab == std::string::npos) return Status::corrupt(where() + "expected 4 tab-separated fields (level, self_harm, category, text)");
            col.push_back(row.substr(start, tab - start));
            start = tab + 1;
        }
        CrisisStatement s;
        s.text = row.substr(start);
        s.category = col[2];
        s.line = line;
        bool known = false;
        for (auto l : {CrisisLevel::none, CrisisLevel::passive, CrisisLevel::active, CrisisLevel::plan, CrisisLevel::behavior})
            if (crisis_level_name(l) == col[0]) s.level = l, known = true;
        if (!known) return Status::corrupt(where() + "unknown level '" + col[0] + "'");
        const std::string flag = ascii_lower(col[1]);
        if (flag != "true" && flag != "false" && flag != "1" && flag != "0" && flag != "yes" && flag != "no")
            return Status::corrupt(where() + "self_harm must be true or false, not '" + col[1] + "'");
        s.self_harm = flag == "true" || flag == "1" || flag == "yes";
        out.push_back(std::move(s));
    }
    if (out.empty()) return Status::corrupt(path + ": no statements");
    return out;
}

}  // namespace attune::text
