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

}  // namespace
}  // namespace attune::text
