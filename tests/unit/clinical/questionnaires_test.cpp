// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include <attune/clinical.hpp>
#include <attune/text.hpp>

namespace attune::clinical {
namespace {

Screening scored(Instrument instrument, std::string_view list) {
    auto answers = parse_answers(instrument, list);
    EXPECT_TRUE(answers.is_ok()) << list << ": " << answers.status().to_string();
    if (!answers) return {};
    auto s = score(instrument, *answers);
    EXPECT_TRUE(s.is_ok()) << list << ": " << s.status().to_string();
    return s ? *s : Screening{};
}

// The error scoring `list` gives; fails the test when it scores.
std::string error_of(Instrument instrument, std::string_view list) {
    auto answers = parse_answers(instrument, list);
    if (!answers) {
        EXPECT_EQ(answers.status().code(), StatusCode::invalid_argument);
        return answers.status().message();
    }
    auto s = score(instrument, *answers);
    EXPECT_FALSE(s.is_ok()) << list << " scored but should not have";
    if (s) return "";
    EXPECT_EQ(s.status().code(), StatusCode::invalid_argument);
    return s.status().message();
}

// Answers adding up to `total`, filled from the first item (each item at most 3).
Answers with_total(Instrument instrument, int total) {
    Answers a;
    for (std::size_t i = 0; i < definition(instrument).items.size(); ++i) {
        const int v = std::min(3, total);
        a.emplace_back(v);
        total -= v;
    }
    EXPECT_EQ(total, 0) << "total too large for the instrument";
    return a;
}

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

// ---------------------------------------------------------------------------------------------
// Definitions

TEST(ClinicalDefinition, Phq9ItemsCarryTheirLoincCodesInOrder) {
    const auto& d = definition(Instrument::phq9);
    const std::vector<std::string_view> codes = {"44250-9", "44255-8", "44259-0",
                                                 "44254-1", "44251-7", "44258-2",
                                                 "44252-5", "44253-3", "44260-8"};
    ASSERT_EQ(d.items.size(), codes.size());
    for (std::size_t i = 0; i < codes.size(); ++i) {
        EXPECT_EQ(d.items[i].loinc, codes[i]) << "item " << i + 1;
        EXPECT_EQ(d.items[i].label, std::to_string(i + 1));
        EXPECT_FALSE(d.items[i].asked_if_yes_to);
    }
    EXPECT_EQ(d.panel_loinc, "44249-1");
    EXPECT_EQ(d.total_loinc, "44261-6");
    EXPECT_EQ(d.questionnaire_url, "http://loinc.org/q/44249-1");
    EXPECT_EQ(d.max_total, 27);
    EXPECT_TRUE(contains(std::string(d.items[8].text), "better off dead"));
    EXPECT_TRUE(contains(std::string(d.instructions), "2 weeks"));
}

TEST(ClinicalDefinition, FrequencyScaleHasLoincAnswersScoredZeroToThree) {
    for (auto instrument : {Instrument::phq9, Instrument::gad7}) {
        for (const auto& item : definition(instrument).items) {
            ASSERT_EQ(item.options.size(), 4u);
            const std::vector<std::string_view> la = {"LA6568-5", "LA6569-3", "LA6570-1",
                                                      "LA6571-9"};
            const std::vector<std::string_view> text = {
                "Not at all", "Several days", "More than half the days", "Nearly every day"};
            for (int s = 0; s < 4; ++s) {
                EXPECT_EQ(item.options[s].score, s);
                EXPECT_EQ(item.options[s].loinc_answer, la[s]);
                EXPECT_EQ(item.options[s].text, text[s]);
            }
        }
    }
}

TEST(ClinicalDefinition, Gad7ItemsCarryTheirLoincCodesInOrder) {
    const auto& d = definition(Instrument::gad7);
    const std::vector<std::string_view> codes = {"69725-0", "68509-9", "69733-4", "69734-2",
                                                 "69735-9", "69689-8", "69736-7"};
    ASSERT_EQ(d.items.size(), codes.size());
    for (std::size_t i = 0; i < codes.size(); ++i) EXPECT_EQ(d.items[i].loinc, codes[i]);
    EXPECT_EQ(d.panel_loinc, "69737-5");
    EXPECT_EQ(d.total_loinc, "70274-6");
    EXPECT_EQ(d.max_total, 21);
}

TEST(ClinicalDefinition, CssrsScreenerHasSixQuestionsPlusThePastThreeMonthsFollowUp) {
    const auto& d = definition(Instrument::cssrs);
    ASSERT_EQ(d.items.size(), 7u);
    const std::vector<std::string_view> labels = {"1", "2", "3", "4", "5", "6", "6b"};
    const std::vector<std::string_view> codes = {"93246-7", "93247-5", "93248-3", "93249-1",
                                                 "93250-9", "93267-3", "93269-9"};
    for (std::size_t i = 0; i < 7; ++i) {
        EXPECT_EQ(d.items[i].label, labels[i]);
        EXPECT_EQ(d.items[i].loinc, codes[i]);
        ASSERT_EQ(d.items[i].options.size(), 2u);
        EXPECT_EQ(d.items[i].options[0].loinc_answer, "LA32-8");  // No
        EXPECT_EQ(d.items[i].options[1].loinc_answer, "LA33-6");  // Yes
    }
    // Skip logic: 3-5 hang on 2, 6b on 6; 1, 2 and 6 are always asked.
    for (std::size_t i : {0u, 1u, 5u}) EXPECT_FALSE(d.items[i].asked_if_yes_to) << i;
    for (std::size_t i : {2u, 3u, 4u})
        EXPECT_EQ(d.items[i].asked_if_yes_to, std::optional<std::size_t>(1));
    EXPECT_EQ(d.items[6].asked_if_yes_to, std::optional<std::size_t>(5));
    EXPECT_TRUE(contains(std::string(d.items[6].text), "past 3 months"));
    EXPECT_FALSE(d.items[5].hint.empty());
    EXPECT_EQ(d.panel_loinc, "93373-9");
    EXPECT_TRUE(d.total_loinc.empty());
    EXPECT_TRUE(d.bands.empty());
}

TEST(ClinicalDefinition, BandsCoverEveryTotalExactlyOnce) {
    for (auto instrument : {Instrument::phq9, Instrument::gad7}) {
        const auto& d = definition(instrument);
        int next = 0;
        for (const auto& b : d.bands) {
            EXPECT_EQ(b.min_total, next) << instrument_name(instrument);
            EXPECT_LE(b.min_total, b.max_total);
            next = b.max_total + 1;
        }
        EXPECT_EQ(next, d.max_total + 1);
    }
}

TEST(ClinicalDefinition, NamesRoundTrip) {
    for (auto i : all_instruments()) {
        auto parsed = parse_instrument(instrument_name(i));
        ASSERT_TRUE(parsed.is_ok());
        EXPECT_EQ(*parsed, i);
        EXPECT_EQ(definition(i).name, instrument_name(i));
        EXPECT_EQ(definition(i).instrument, i);
    }
    auto bad = parse_instrument("phq8");
    ASSERT_FALSE(bad.is_ok());
    EXPECT_TRUE(contains(bad.status().message(), "phq8"));
    EXPECT_TRUE(contains(bad.status().message(), "cssrs"));
}

TEST(ClinicalDefinition, JsonListsItemsWithTheirOptions) {
    auto j = definition_to_json(Instrument::cssrs);
    EXPECT_EQ(j["instrument"], "cssrs");
    ASSERT_EQ(j["items"].size(), 7u);
    EXPECT_EQ(j["items"][2]["asked_if_yes_to"], "2");
    EXPECT_EQ(j["items"][6]["label"], "6b");
    EXPECT_EQ(j["items"][0]["options"][1]["text"], "Yes");
    EXPECT_EQ(j["items"][0]["options"][1]["loinc_answer"], "LA33-6");
    EXPECT_TRUE(j["items"][5].contains("hint"));
    auto p = definition_to_json(Instrument::phq9);
    EXPECT_EQ(p["items"][0]["loinc"], "44250-9");
    EXPECT_EQ(p["bands"].size(), 5u);
    EXPECT_EQ(p["bands"][3]["severity"], "moderately_severe");
    EXPECT_EQ(p["max_total"], 27);
}

// ---------------------------------------------------------------------------------------------
// PHQ-9 and GAD-7 scoring

TEST(ClinicalScore, Phq9ContractExample) {
    auto s = scored(Instrument::phq9, "1,2,0,3,1,0,2,1,0");
    EXPECT_EQ(s.total, 10);
    ASSERT_TRUE(s.severity);
    EXPECT_EQ(*s.severity, Severity::moderate);
    EXPECT_FALSE(s.item9_positive);
    EXPECT_FALSE(s.safety_flag);
    EXPECT_TRUE(s.safety_reasons.empty());
    EXPECT_TRUE(safety_notice(s).empty());
}

TEST(ClinicalScore, Phq9EveryBandBoundary) {
    const std::vector<std::pair<int, Severity>> cases = {{0, Severity::minimal},
                                                         {4, Severity::minimal},
                                                         {5, Severity::mild},
                                                         {9, Severity::mild},
                                                         {10, Severity::moderate},
                                                         {14, Severity::moderate},
                                                         {15, Severity::moderately_severe},
                                                         {19, Severity::moderately_severe},
                                                         {20, Severity::severe},
                                                         {27, Severity::severe}};
    for (const auto& [total, severity] : cases) {
        auto s = score(Instrument::phq9, with_total(Instrument::phq9, total));
        ASSERT_TRUE(s.is_ok()) << total;
        EXPECT_EQ(s->total, total);
        EXPECT_EQ(*s->severity, severity) << "total " << total;
    }
}

TEST(ClinicalScore, Gad7EveryBandBoundary) {
    const std::vector<std::pair<int, Severity>> cases = {
        {0, Severity::minimal}, {4, Severity::minimal},   {5, Severity::mild},
        {9, Severity::mild},    {10, Severity::moderate}, {14, Severity::moderate},
        {15, Severity::severe}, {21, Severity::severe}};
    for (const auto& [total, severity] : cases) {
        auto s = score(Instrument::gad7, with_total(Instrument::gad7, total));
        ASSERT_TRUE(s.is_ok()) << total;
        EXPECT_EQ(s->total, total);
        EXPECT_EQ(*s->severity, severity) << "total " << total;
        EXPECT_FALSE(s->item9_positive);
        EXPECT_FALSE(s->safety_flag);
    }
}

TEST(ClinicalScore, Phq9Item9RaisesTheSafetyFlagWhateverTheTotal) {
    auto s = scored(Instrument::phq9, "0,0,0,0,0,0,0,0,1");  // total 1: minimal
    EXPECT_EQ(s.total, 1);
    EXPECT_EQ(*s.severity, Severity::minimal);
    EXPECT_TRUE(s.item9_positive);
    EXPECT_TRUE(s.safety_flag);
    ASSERT_EQ(s.safety_reasons.size(), 1u);
    EXPECT_TRUE(contains(s.safety_reasons[0], "item 9"));
    EXPECT_TRUE(contains(s.safety_reasons[0], "Several days"));
    const auto notice = safety_notice(s);
    EXPECT_TRUE(contains(notice, "not a diagnosis"));
    EXPECT_TRUE(contains(notice, "clinician"));
    EXPECT_TRUE(contains(notice, "crisis line now"));
}

TEST(ClinicalScore, HighPhq9WithoutItem9RaisesNoFlag) {
    auto s = scored(Instrument::phq9, "3,3,3,3,3,3,3,3,0");
    EXPECT_EQ(s.total, 24);
    EXPECT_EQ(*s.severity, Severity::severe);
    EXPECT_FALSE(s.item9_positive);
    EXPECT_FALSE(s.safety_flag);
}

TEST(ClinicalScore, SpacesAroundAnswersAreIgnored) {
    EXPECT_EQ(scored(Instrument::gad7, " 1, 1 ,0,2 , 1,0,1 ").total, 6);
}

// ---------------------------------------------------------------------------------------------
// Errors name the item

TEST(ClinicalErrors, MissingAnswerNamesTheItem) {
    auto m = error_of(Instrument::phq9, "1,2,0,3,1,0,2,1");
    EXPECT_TRUE(contains(m, "item 9")) << m;
    EXPECT_TRUE(contains(m, "missing")) << m;
    EXPECT_TRUE(contains(m, "8 answers given")) << m;
    m = error_of(Instrument::gad7, "1,1,,2,1,0,1");
    EXPECT_TRUE(contains(m, "item 3 (Worrying too much")) << m;
    m = error_of(Instrument::phq9, "1,2,0,3,-,0,2,1,0");
    EXPECT_TRUE(contains(m, "item 5")) << m;
    m = error_of(Instrument::phq9, "");
    EXPECT_TRUE(contains(m, "item 1")) << m;
}

TEST(ClinicalErrors, ExtraAnswerNamesThePosition) {
    auto m = error_of(Instrument::phq9, "1,2,0,3,1,0,2,1,0,2");
    EXPECT_TRUE(contains(m, "item 10")) << m;
    EXPECT_TRUE(contains(m, "extra")) << m;
    EXPECT_TRUE(contains(m, "9 items")) << m;
    m = error_of(Instrument::gad7, "1,1,0,2,1,0,1,");  // a trailing comma is an extra field
    EXPECT_TRUE(contains(m, "item 8")) << m;
    m = error_of(Instrument::cssrs, "no,no,-,-,-,no,-,no");
    EXPECT_TRUE(contains(m, "item 8")) << m;
}

TEST(ClinicalErrors, OutOfRangeAnswerNamesTheItemAndTheScale) {
    auto m = error_of(Instrument::phq9, "1,2,4,3,1,0,2,1,0");
    EXPECT_TRUE(contains(m, "item 3")) << m;
    EXPECT_TRUE(contains(m, "4 is out of range 0-3")) << m;
    EXPECT_TRUE(contains(m, "Nearly every day")) << m;
    m = error_of(Instrument::gad7, "1,1,0,2,1,0,-1");
    EXPECT_TRUE(contains(m, "item 7")) << m;
}

TEST(ClinicalErrors, NonNumberNamesTheItem) {
    auto m = error_of(Instrument::phq9, "1,two,0,3,1,0,2,1,0");
    EXPECT_TRUE(contains(m, "item 2")) << m;
    EXPECT_TRUE(contains(m, "'two'")) << m;
    m = error_of(Instrument::gad7, "1,1,0,2.5,1,0,1");
    EXPECT_TRUE(contains(m, "item 4")) << m;
    m = error_of(Instrument::phq9, "1,2,0,3,1,0,2,1,99999999999999999999");
    EXPECT_TRUE(contains(m, "item 9")) << m;
}

TEST(ClinicalErrors, LongItemTextIsShortenedInMessages) {
    auto m = error_of(Instrument::phq9, "1,2,0,3,1,0,2,9,0");
    EXPECT_TRUE(contains(m, "item 8 (Moving or speaking")) << m;
    EXPECT_TRUE(contains(m, "...)")) << m;
    EXPECT_LT(m.size(), 200u) << m;
}

// ---------------------------------------------------------------------------------------------
// C-SSRS: answer syntax, skip logic, triage and crisis ladder

TEST(ClinicalCssrs, ParsesYesNoAndNotAsked) {
    auto a = parse_answers(Instrument::cssrs, "YES, n ,y,No,1,0,-");
    ASSERT_TRUE(a.is_ok()) << a.status().to_string();
    const Answers want = {1, 0, 1, 0, 1, 0, std::nullopt};
    EXPECT_EQ(*a, want);
    auto bad = parse_answers(Instrument::cssrs, "yes,maybe,-,-,-,no,-");
    ASSERT_FALSE(bad.is_ok());
    EXPECT_TRUE(contains(bad.status().message(), "item 2")) << bad.status().message();
    EXPECT_TRUE(contains(bad.status().message(), "'maybe'"));
}

TEST(ClinicalCssrs, ItemsAfterANoToItem2AreSkippedAndMustNotBeAnswered) {
    auto m = error_of(Instrument::cssrs, "yes,no,no,-,-,no,-");
    EXPECT_TRUE(contains(m, "item 3")) << m;
    EXPECT_TRUE(contains(m, "not asked")) << m;
    EXPECT_TRUE(contains(m, "item 2 is no")) << m;
    m = error_of(Instrument::cssrs, "yes,no,-,-,yes,no,-");
    EXPECT_TRUE(contains(m, "item 5")) << m;
}

TEST(ClinicalCssrs, ItemsAfterAYesToItem2AreRequired) {
    auto m = error_of(Instrument::cssrs, "yes,yes,-,no,no,no,-");
    EXPECT_TRUE(contains(m, "item 3")) << m;
    EXPECT_TRUE(contains(m, "missing")) << m;
    EXPECT_TRUE(contains(m, "item 2 is yes")) << m;
}

TEST(ClinicalCssrs, Item6IsAlwaysRequiredAnd6bOnlyAfterAYes) {
    auto m = error_of(Instrument::cssrs, "no,no,-,-,-,-,-");
    EXPECT_TRUE(contains(m, "item 6 (")) << m;
    m = error_of(Instrument::cssrs, "no,no");
    EXPECT_TRUE(contains(m, "item 6 (")) << m;
    m = error_of(Instrument::cssrs, "no,no,-,-,-,no,no");
    EXPECT_TRUE(contains(m, "item 6b")) << m;
    EXPECT_TRUE(contains(m, "not asked")) << m;
    m = error_of(Instrument::cssrs, "no,no,-,-,-,yes,-");
    EXPECT_TRUE(contains(m, "item 6b")) << m;
    EXPECT_TRUE(contains(m, "missing")) << m;
    m = error_of(Instrument::cssrs, "-,no,-,-,-,no,-");
    EXPECT_TRUE(contains(m, "item 1")) << m;
}

TEST(ClinicalCssrs, TrailingSkippedItemMayBeLeftOut) {
    auto s = scored(Instrument::cssrs, "no,no,-,-,-,no");
    EXPECT_EQ(s.risk, CssrsRisk::none);
    EXPECT_EQ(s.answers.size(), 7u);
}

TEST(ClinicalCssrs, TriageAndCrisisLadder) {
    struct Case {
        std::string_view answers;
        CssrsRisk risk;
        CrisisLevel level;
    };
    const std::vector<Case> cases = {
        {"no,no,-,-,-,no,-", CssrsRisk::none, CrisisLevel::none},
        {"yes,no,-,-,-,no,-", CssrsRisk::low, CrisisLevel::passive},
        {"no,yes,no,no,no,no,-", CssrsRisk::low, CrisisLevel::active},
        {"yes,yes,no,no,no,no,-", CssrsRisk::low, CrisisLevel::active},
        {"yes,yes,yes,no,no,no,-", CssrsRisk::moderate, CrisisLevel::active},
        {"yes,yes,no,yes,no,no,-", CssrsRisk::high, CrisisLevel::plan},
        {"yes,yes,no,no,yes,no,-", CssrsRisk::high, CrisisLevel::plan},
        {"no,no,-,-,-,yes,no", CssrsRisk::moderate, CrisisLevel::none},
        {"yes,no,-,-,-,yes,no", CssrsRisk::moderate, CrisisLevel::passive},
        {"no,no,-,-,-,yes,yes", CssrsRisk::high, CrisisLevel::behavior},
        {"yes,yes,yes,yes,yes,yes,yes", CssrsRisk::high, CrisisLevel::behavior},
    };
    for (const auto& c : cases) {
        auto s = scored(Instrument::cssrs, c.answers);
        EXPECT_EQ(s.risk, c.risk) << c.answers;
        EXPECT_EQ(s.crisis_level, c.level) << c.answers;
        EXPECT_EQ(s.total, 0);
        EXPECT_FALSE(s.severity);
        EXPECT_FALSE(s.item9_positive);
    }
}

TEST(ClinicalCssrs, AnyRiskRaisesTheSafetyFlag) {
    EXPECT_FALSE(scored(Instrument::cssrs, "no,no,-,-,-,no,-").safety_flag);
    for (std::string_view a :
         {"yes,no,-,-,-,no,-", "no,no,-,-,-,yes,no", "yes,yes,no,yes,no,no,-"}) {
        auto s = scored(Instrument::cssrs, a);
        EXPECT_TRUE(s.safety_flag) << a;
        ASSERT_EQ(s.safety_reasons.size(), 1u);
        EXPECT_FALSE(safety_notice(s).empty());
    }
    // Behaviour more than 3 months ago: moderate on the screener, none on the ladder, still
    // flagged.
    auto old = scored(Instrument::cssrs, "no,no,-,-,-,yes,no");
    EXPECT_TRUE(contains(old.safety_reasons[0], "more than 3 months ago")) << old.safety_reasons[0];
    auto high = scored(Instrument::cssrs, "yes,yes,no,yes,no,no,-");
    EXPECT_TRUE(contains(high.safety_reasons[0], "risk high")) << high.safety_reasons[0];
    EXPECT_TRUE(contains(high.safety_reasons[0], "crisis ladder level plan"));
    EXPECT_TRUE(contains(high.safety_reasons[0], "item 4")) << high.safety_reasons[0];
}

TEST(ClinicalCssrs, SharesTheTextEnginesLadder) {
    static_assert(std::is_same_v<CrisisLevel, text::CrisisLevel>);
    EXPECT_EQ(crisis_level_name(CrisisLevel::plan), "plan");
}

TEST(ClinicalScore, IsThreadSafe) {
    // The definitions are built on first use: many threads racing to it must all see them whole.
    std::vector<std::thread> threads;
    std::vector<int> totals(8, -1);
    for (std::size_t t = 0; t < totals.size(); ++t)
        threads.emplace_back([&totals, t] {
            for (int i = 0; i < 200; ++i) {
                auto a = parse_answers(t % 2 ? Instrument::gad7 : Instrument::phq9,
                                       t % 2 ? "3,3,3,3,3,3,3" : "1,2,0,3,1,0,2,1,0");
                auto s = score(t % 2 ? Instrument::gad7 : Instrument::phq9, *a);
                totals[t] = s ? s->total : -2;
            }
        });
    for (auto& th : threads) th.join();
    for (std::size_t t = 0; t < totals.size(); ++t) EXPECT_EQ(totals[t], t % 2 ? 21 : 10) << t;
}

// ---------------------------------------------------------------------------------------------
// JSON

TEST(ClinicalJson, Phq9HasTheContractFields) {
    auto j = to_json(scored(Instrument::phq9, "1,2,0,3,1,0,2,1,0"));
    EXPECT_EQ(j["instrument"], "phq9");
    EXPECT_EQ(j["total"], 10);
    EXPECT_EQ(j["severity"], "moderate");
    EXPECT_EQ(j["item9_positive"], false);
    EXPECT_EQ(j["safety_flag"], false);
    EXPECT_EQ(j["answers"].size(), 9u);
    EXPECT_FALSE(j.contains("safety_notice"));
    EXPECT_EQ(j.begin().key(), "instrument");  // ordered, instrument first
}

TEST(ClinicalJson, Gad7SpellsModeratelySevereNeverAndHasNoItem9) {
    auto j = to_json(scored(Instrument::gad7, "3,3,3,3,2,0,0"));  // 14
    EXPECT_EQ(j["severity"], "moderate");
    EXPECT_FALSE(j.contains("item9_positive"));
    auto p = to_json(scored(Instrument::phq9, "3,3,3,3,3,2,0,0,0"));
    EXPECT_EQ(p["severity"], "moderately_severe");
}

TEST(ClinicalJson, CssrsAnswersAreBooleansWithNullForSkipped) {
    auto j = to_json(scored(Instrument::cssrs, "yes,no,-,-,-,yes,no"));
    EXPECT_EQ(j["instrument"], "cssrs");
    EXPECT_EQ(j["risk"], "moderate");
    EXPECT_EQ(j["crisis_level"], "passive");
    EXPECT_EQ(j["safety_flag"], true);
    EXPECT_FALSE(j.contains("total"));
    ASSERT_EQ(j["answers"].size(), 7u);
    EXPECT_EQ(j["answers"][0], true);
    EXPECT_EQ(j["answers"][1], false);
    EXPECT_TRUE(j["answers"][2].is_null());
    EXPECT_EQ(j["answers"][6], false);
    EXPECT_TRUE(j["safety_notice"].is_string());
}

}  // namespace
}  // namespace attune::clinical
