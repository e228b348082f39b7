// SPDX-License-Identifier: Apache-2.0
// Readers for the labelled text sets under ../shared/data used to train and evaluate the text
// models (see each folder's SOURCE.md). Errors name the file and line.
#pragma once

#include <array>
#include <bitset>
#include <string>
#include <vector>

#include <attune/core.hpp>
#include <attune/text.hpp>

namespace attune::text {

struct GoEmotionsRow {
    std::string text;
    std::bitset<kNumEmotions> labels;
};
// GoEmotions TSV: text, comma-separated label ids, comment id (Demszky et al. 2020).
Result<std::vector<GoEmotionsRow>> read_goemotions(const std::string& path);

struct EmoBankRow {
    std::string id;
    std::string genre;  // from meta.tsv: blog, essays, fiction, letters, newspaper, SemEval, travel-guides
    std::string text;
    std::string split;  // train, dev or test
    double v = 3, a = 3, d = 3;
};
// EmoBank emobank.csv: id,split,V,A,D,text (Buechel & Hahn 2017), with each sentence's genre
// from meta.tsv beside it when that file is there ("" otherwise).
Result<std::vector<EmoBankRow>> read_emobank(const std::string& path);

struct PolarityRow {
    std::string text;
    int label = 0;       // 1 positive, 0 negative
    std::string source;  // amazon, imdb or yelp
    std::size_t line = 0;
};
// UCI Sentiment Labelled Sentences (Kotzias et al. 2015): the three *_labelled.txt files in dir.
Result<std::vector<PolarityRow>> read_uci_sentiment(const std::string& dir);
// Rows of UCI held out from training: every third line of each file.
inline bool uci_is_heldout(const PolarityRow& r) { return r.line % 3 == 2; }

struct DistortionRow {
    std::string text;
    std::vector<DistortionType> types;  // the labelled types, dominant first; empty: no distortion
    std::size_t row = 0;                // 1 = the first record after the header
};
// A labelled distortion set: our fixtures (TSV with the header type<TAB>text, type a
// distortion_name() or "none"), or Shreevastava & Foltz (2021)'s Annotated_data.csv (UTF-8 BOM,
// quoted multi-line fields; Dominant and Secondary Distortion columns), told apart by the
// header. Errors name the file and the row, never a text (some sets are research-only).
struct DistortionSet {
    std::string format;  // "tsv" or "shreevastava"
    std::vector<DistortionRow> rows;
};
Result<DistortionSet> read_distortion_set(const std::string& path);

// GoEmotions sentiment of a label set per sentiment_dict.json: +1 when only positive labels,
// -1 when only negative, 0 for neutral; nullopt when mixed or ambiguous-only.
std::optional<int> goemotions_polarity(const std::bitset<kNumEmotions>& labels);

// Reddit C-SSRS Suicide Dataset (Gaur et al. 2019): one row per user with all their posts and
// a user-level label (Supportive, Indicator, Ideation, Behavior, Attempt). Posts are a Python
// list literal; rows whose quotes are not escaped are split on "', '" as SOURCE.md says.
struct CssrsUser {
    std::string user;
    std::vector<std::string> posts;
    std::string label;
};
Result<std::vector<CssrsUser>> read_cssrs_reddit(const std::string& path);

// Our crisis statements (tests/fixtures/crisis/*.tsv): level, self_harm, category, text.
struct CrisisStatement {
    CrisisLevel level = CrisisLevel::none;
    bool self_harm = false;
    std::string category;
    std::string text;
    std::size_t line = 0;
};
Result<std::vector<CrisisStatement>> read_crisis_statements(const std::string& path);

}  // namespace attune::text
