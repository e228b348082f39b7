// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <fstream>

#include "support/paths.hpp"
#include "text/datasets.hpp"

namespace attune::text {
namespace {

void write(const std::string& path, std::string_view content) {
    std::ofstream f(path, std::ios::binary);
    f << content;
}

TEST(ReadGoEmotions, ParsesMultiLabelRows) {
    test::TempDir dir;
    write(dir.path() + "/t.tsv", "I love this\t18,17\tabc\nmeh\t27\tdef\n");
    auto rows = read_goemotions(dir.path() + "/t.tsv");
    ASSERT_TRUE(rows.is_ok()) << rows.status().to_string();
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].text, "I love this");
    EXPECT_TRUE((*rows)[0].labels[18] && (*rows)[0].labels[17]);
    EXPECT_EQ((*rows)[0].labels.count(), 2u);
    EXPECT_TRUE((*rows)[1].labels[27]);
}

TEST(ReadGoEmotions, BadLabelNamesFileAndLine) {
    test::TempDir dir;
    write(dir.path() + "/t.tsv", "fine\t1\tx\nbroken\t99\ty\n");
    auto rows = read_goemotions(dir.path() + "/t.tsv");
    ASSERT_FALSE(rows.is_ok());
    EXPECT_NE(rows.status().message().find("t.tsv:2"), std::string::npos) << rows.status().message();
}

TEST(ReadEmoBank, HandlesQuotedFieldsWithCommasAndNewlines) {
    test::TempDir dir;
    write(dir.path() + "/e.csv",
          "id,split,V,A,D,text\n"
          "a,train,3.2,2.8,3.0,\"Hello, \"\"world\"\"\"\n"
          "b,dev,2.0,3.5,2.5,\"two\nlines\"\n");
    auto rows = read_emobank(dir.path() + "/e.csv");
    ASSERT_TRUE(rows.is_ok()) << rows.status().to_string();
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].text, "Hello, \"world\"");
    EXPECT_DOUBLE_EQ((*rows)[0].v, 3.2);
    EXPECT_EQ((*rows)[1].split, "dev");
    EXPECT_EQ((*rows)[1].text, "two\nlines");
    EXPECT_EQ((*rows)[0].genre, "");  // no meta.tsv here
}

TEST(ReadEmoBank, TakesEachSentencesGenreFromMeta) {
    test::TempDir dir;
    write(dir.path() + "/e.csv", "id,split,V,A,D,text\na,train,3.2,2.8,3.0,x\nb,dev,2.0,3.5,2.5,y\n");
    write(dir.path() + "/meta.tsv", "id\tdocument\tcategory\tsubcategory\na\tdocA\tnewspaper\t \nb\tdocB\tfiction\t \n");
    auto rows = read_emobank(dir.path() + "/e.csv");
    ASSERT_TRUE(rows.is_ok()) << rows.status().to_string();
    EXPECT_EQ((*rows)[0].genre, "newspaper");
    EXPECT_EQ((*rows)[1].genre, "fiction");
}

TEST(ReadEmoBank, NonNumericRatingIsAnError) {
    test::TempDir dir;
    write(dir.path() + "/e.csv", "id,split,V,A,D,text\na,train,high,2.8,3.0,x\n");
    auto rows = read_emobank(dir.path() + "/e.csv");
    ASSERT_FALSE(rows.is_ok());
    EXPECT_NE(rows.status().message().find("e.csv:2"), std::string::npos);
}

TEST(ReadUci, ReadsAllThreeFilesAndHoldsOutEveryThirdLine) {
    test::TempDir dir;
    for (const char* f : {"amazon_cells", "imdb", "yelp"})
        write(dir.path() + "/" + f + "_labelled.txt", "Great phone.\t1\nTerrible.\t0\nOkay I guess.\t1\n");
    auto rows = read_uci_sentiment(dir.path());
    ASSERT_TRUE(rows.is_ok()) << rows.status().to_string();
    ASSERT_EQ(rows->size(), 9u);
    EXPECT_EQ((*rows)[3].source, "imdb");
    EXPECT_EQ((*rows)[1].label, 0);
    EXPECT_FALSE(uci_is_heldout((*rows)[0]));
    EXPECT_TRUE(uci_is_heldout((*rows)[1]));  // line 2 of each file: lines 2, 5, 8, ... are held out
    EXPECT_FALSE(uci_is_heldout((*rows)[2]));
}

TEST(ReadUci, MissingFileIsNotFound) {
    test::TempDir dir;
    auto rows = read_uci_sentiment(dir.path());
    ASSERT_FALSE(rows.is_ok());
    EXPECT_EQ(rows.status().code(), StatusCode::not_found);
}

TEST(GoEmotionsPolarity, FollowsSentimentDict) {
    std::bitset<kNumEmotions> joy, anger, mixed, neutral, ambiguous;
    joy.set(17);
    anger.set(2);
    mixed.set(17);
    mixed.set(2);
    neutral.set(27);
    ambiguous.set(26);
    EXPECT_EQ(goemotions_polarity(joy), 1);
    EXPECT_EQ(goemotions_polarity(anger), -1);
    EXPECT_EQ(goemotions_polarity(neutral), 0);
    EXPECT_FALSE(goemotions_polarity(mixed).has_value());
    EXPECT_FALSE(goemotions_polarity(ambiguous).has_value());
}

TEST(ReadDistortionSet, OurTsvWithNone) {
    test::TempDir dir;
    write(dir.path() + "/d.tsv", "type\ttext\r\nlabeling\tI'm a loser\r\nnone\tI made soup\r\n");
    auto set = read_distortion_set(dir.path() + "/d.tsv");
    ASSERT_TRUE(set.is_ok()) << set.status().to_string();
    EXPECT_EQ(set->format, "tsv");
    ASSERT_EQ(set->rows.size(), 2u);
    EXPECT_EQ(set->rows[0].text, "I'm a loser");
    ASSERT_EQ(set->rows[0].types.size(), 1u);
    EXPECT_EQ(set->rows[0].types[0], DistortionType::labeling);
    EXPECT_TRUE(set->rows[1].types.empty());
    EXPECT_EQ(set->rows[1].row, 2u);
}

TEST(ReadDistortionSet, ShreevastavaCsvWithBomQuotesAndSecondaryLabels) {
    test::TempDir dir;
    write(dir.path() + "/a.csv",
          "\xEF\xBB\xBFId_Number,Patient Question,Distorted part,Dominant Distortion,"
          "Secondary Distortion (Optional)\r\n"
          "1,\"first line,\nsecond \"\"line\"\"\",part,Magnification,Mind Reading\r\n"
          "2,plain,,No Distortion,\r\n"
          "3,text,part,Labeling,\r\n");
    auto set = read_distortion_set(dir.path() + "/a.csv");
    ASSERT_TRUE(set.is_ok()) << set.status().to_string();
    EXPECT_EQ(set->format, "shreevastava");
    ASSERT_EQ(set->rows.size(), 3u);
    EXPECT_EQ(set->rows[0].text, "first line,\nsecond \"line\"");
    ASSERT_EQ(set->rows[0].types.size(), 2u);
    EXPECT_EQ(set->rows[0].types[0], DistortionType::catastrophizing);  // Magnification
    EXPECT_EQ(set->rows[0].types[1], DistortionType::mind_reading);
    EXPECT_TRUE(set->rows[1].types.empty());
    EXPECT_EQ(set->rows[2].types, std::vector<DistortionType>{DistortionType::labeling});
}

TEST(ReadDistortionSet, ErrorsNameTheRowButNeverTheText) {
    test::TempDir dir;
    write(dir.path() + "/a.csv",
          "Id_Number,Patient Question,Distorted part,Dominant Distortion,Secondary Distortion\n"
          "1,private words here,,No Distortion,\n"
          "2,more private words,,Sadness,\n");
    auto set = read_distortion_set(dir.path() + "/a.csv");
    ASSERT_FALSE(set.is_ok());
    EXPECT_EQ(set.status().code(), StatusCode::corrupt);
    EXPECT_NE(set.status().message().find("row 2"), std::string::npos) << set.status().message();
    EXPECT_EQ(set.status().message().find("private"), std::string::npos) << set.status().message();
    write(dir.path() + "/b.tsv", "label\ttext\nlabeling\tx\n");
    auto bad = read_distortion_set(dir.path() + "/b.tsv");
    ASSERT_FALSE(bad.is_ok());
    EXPECT_NE(bad.status().message().find("b.tsv:1"), std::string::npos) << bad.status().message();
}

}  // namespace
}  // namespace attune::text
