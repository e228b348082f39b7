// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include <attune/clinical.hpp>

namespace attune::clinical {
namespace {

using json = nlohmann::ordered_json;

const FhirOptions kOptions{.subject = "Patient/123", .authored = "2024-05-01T09:30:00Z"};

Screening scored(Instrument instrument, std::string_view list) {
    auto answers = parse_answers(instrument, list);
    EXPECT_TRUE(answers.is_ok()) << answers.status().to_string();
    auto s = score(instrument, *answers);
    EXPECT_TRUE(s.is_ok()) << s.status().to_string();
    return *s;
}

json bundle_of(Instrument instrument, std::string_view list, const FhirOptions& opt = kOptions) {
    auto b = to_fhir_bundle(scored(instrument, list), opt);
    EXPECT_TRUE(b.is_ok()) << b.status().to_string();
    return b ? *b : json();
}

// The resources of the bundle of type `type`, in entry order.
std::vector<json> resources(const json& bundle, std::string_view type) {
    std::vector<json> out;
    for (const auto& e : bundle["entry"])
        if (e["resource"]["resourceType"] == type) out.push_back(e["resource"]);
    return out;
}

// The Observation whose first coding is LOINC `code`; fails when there is not exactly one.
json observation(const json& bundle, std::string_view code) {
    json found;
    int n = 0;
    for (const auto& o : resources(bundle, "Observation")) {
        const auto& c = o["code"]["coding"][0];
        if (c["system"] == "http://loinc.org" && c["code"] == code) {
            found = o;
            ++n;
        }
    }
    EXPECT_EQ(n, 1) << "Observations coded " << code;
    return found;
}

std::string full_url_of(const json& bundle, std::string_view resource_type,
                        std::string_view code = {}) {
    for (const auto& e : bundle["entry"]) {
        const auto& r = e["resource"];
        if (r["resourceType"] != resource_type) continue;
        if (!code.empty() && r["code"]["coding"][0]["code"] != code) continue;
        return e["fullUrl"];
    }
    return "";
}

TEST(ClinicalFhir, BundleIsACollectionWithTheResponseFirst) {
    auto b = bundle_of(Instrument::phq9, "1,2,0,3,1,0,2,1,0");
    EXPECT_EQ(b["resourceType"], "Bundle");
    EXPECT_EQ(b["type"], "collection");
    EXPECT_EQ(b["timestamp"], "2024-05-01T09:30:00Z");
    ASSERT_EQ(b["entry"].size(), 4u);  // response, panel, total, item 9
    EXPECT_EQ(b["entry"][0]["resource"]["resourceType"], "QuestionnaireResponse");
    const std::regex uuid(
        "urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    std::set<std::string> urls;
    for (const auto& e : b["entry"]) {
        const std::string url = e["fullUrl"];
        EXPECT_TRUE(std::regex_match(url, uuid)) << url;
        urls.insert(url);
    }
    EXPECT_EQ(urls.size(), b["entry"].size()) << "fullUrls must be unique";
}

TEST(ClinicalFhir, Phq9ResponseHasEveryAnswerAsALoincCoding) {
    auto b = bundle_of(Instrument::phq9, "1,2,0,3,1,0,2,1,0");
    auto qr = resources(b, "QuestionnaireResponse").at(0);
    EXPECT_EQ(qr["status"], "completed");
    EXPECT_EQ(qr["questionnaire"], "http://loinc.org/q/44249-1");
    EXPECT_EQ(qr["authored"], "2024-05-01T09:30:00Z");
    EXPECT_EQ(qr["subject"]["reference"], "Patient/123");
    const auto& items = qr["item"];
    ASSERT_EQ(items.size(), 10u);  // nine answers and the total
    const std::vector<std::string> links = {"/44250-9", "/44255-8", "/44259-0",
                                            "/44254-1", "/44251-7", "/44258-2",
                                            "/44252-5", "/44253-3", "/44260-8"};
    const std::vector<std::string> la = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};
    const std::vector<int> answers = {1, 2, 0, 3, 1, 0, 2, 1, 0};
    for (std::size_t i = 0; i < 9; ++i) {
        EXPECT_EQ(items[i]["linkId"], links[i]);
        EXPECT_FALSE(items[i]["text"].get<std::string>().empty());
        const auto& coding = items[i]["answer"][0]["valueCoding"];
        EXPECT_EQ(coding["system"], "http://loinc.org");
        EXPECT_EQ(coding["code"], la[answers[i]]) << links[i];
    }
    EXPECT_EQ(items[9]["linkId"], "/44261-6");
    EXPECT_EQ(items[9]["answer"][0]["valueInteger"], 10);
}

TEST(ClinicalFhir, Phq9ObservationsCarryTotalSeverityAndItem9) {
    auto b = bundle_of(Instrument::phq9, "1,2,0,3,1,0,2,1,0");
    const std::string qr_url = full_url_of(b, "QuestionnaireResponse");
    auto total = observation(b, "44261-6");
    EXPECT_EQ(total["status"], "final");
    EXPECT_EQ(total["category"][0]["coding"][0]["code"], "survey");
    EXPECT_EQ(total["category"][0]["coding"][0]["system"],
              "http://terminology.hl7.org/CodeSystem/observation-category");
    EXPECT_EQ(total["valueInteger"], 10);
    EXPECT_EQ(total["interpretation"][0]["text"], "moderate");
    EXPECT_EQ(total["subject"]["reference"], "Patient/123");
    EXPECT_EQ(total["effectiveDateTime"], "2024-05-01T09:30:00Z");
    EXPECT_EQ(total["derivedFrom"][0]["reference"], qr_url);
    EXPECT_NE(total["note"][0]["text"].get<std::string>().find("not a diagnosis"),
              std::string::npos);

    auto item9 = observation(b, "44260-8");
    EXPECT_EQ(item9["valueCodeableConcept"]["coding"][0]["code"], "LA6568-5");
    EXPECT_EQ(item9["interpretation"][0]["coding"][0]["code"], "NEG");
    EXPECT_FALSE(item9.contains("note"));

    auto panel = observation(b, "44249-1");
    ASSERT_EQ(panel["hasMember"].size(), 2u);
    EXPECT_EQ(panel["hasMember"][0]["reference"], full_url_of(b, "Observation", "44261-6"));
    EXPECT_EQ(panel["hasMember"][1]["reference"], full_url_of(b, "Observation", "44260-8"));
    EXPECT_FALSE(panel.contains("valueInteger"));
}

TEST(ClinicalFhir, PositiveItem9IsFlaggedInTheRecord) {
    auto b = bundle_of(Instrument::phq9, "0,0,0,0,0,0,0,0,2");
    auto item9 = observation(b, "44260-8");
    EXPECT_EQ(item9["valueCodeableConcept"]["coding"][0]["code"], "LA6570-1");
    EXPECT_EQ(item9["interpretation"][0]["coding"][0]["code"], "POS");
    ASSERT_TRUE(item9.contains("note"));
    EXPECT_EQ(item9["note"][0]["text"].get<std::string>().rfind("SAFETY FLAG", 0), 0u);
    EXPECT_EQ(observation(b, "44261-6")["interpretation"][0]["text"], "minimal");
}

TEST(ClinicalFhir, Gad7UsesItsPanelAndTotalCodes) {
    auto b = bundle_of(Instrument::gad7, "1,1,0,2,1,0,1");
    auto qr = resources(b, "QuestionnaireResponse").at(0);
    EXPECT_EQ(qr["questionnaire"], "http://loinc.org/q/69737-5");
    ASSERT_EQ(qr["item"].size(), 8u);
    EXPECT_EQ(qr["item"][0]["linkId"], "/69725-0");
    EXPECT_EQ(qr["item"][6]["linkId"], "/69736-7");
    EXPECT_EQ(qr["item"][7]["linkId"], "/70274-6");
    auto total = observation(b, "70274-6");
    EXPECT_EQ(total["valueInteger"], 6);
    EXPECT_EQ(total["interpretation"][0]["text"], "mild");
    EXPECT_EQ(observation(b, "69737-5")["hasMember"].size(), 1u);
    EXPECT_EQ(resources(b, "Observation").size(), 2u);  // panel and total, no item 9
}

TEST(ClinicalFhir, CssrsOmitsSkippedItemsAndCarriesRiskAndLadder) {
    auto b = bundle_of(Instrument::cssrs, "yes,yes,no,yes,no,no,-");
    auto qr = resources(b, "QuestionnaireResponse").at(0);
    EXPECT_EQ(qr["questionnaire"], "http://loinc.org/q/93373-9");
    ASSERT_EQ(qr["item"].size(), 6u);  // 6b was not asked
    EXPECT_EQ(qr["item"][0]["linkId"], "/93246-7");
    EXPECT_EQ(qr["item"][0]["answer"][0]["valueCoding"]["code"], "LA33-6");  // yes
    EXPECT_EQ(qr["item"][2]["answer"][0]["valueCoding"]["code"], "LA32-8");  // no
    EXPECT_EQ(qr["item"][5]["linkId"], "/93267-3");
    auto risk = observation(b, "93374-7");
    EXPECT_EQ(risk["valueCodeableConcept"]["coding"][0]["code"], "LA9193-9");
    EXPECT_EQ(risk["valueCodeableConcept"]["text"], "high");
    EXPECT_EQ(risk["component"][0]["valueString"], "plan");
    EXPECT_EQ(risk["note"][0]["text"].get<std::string>().rfind("SAFETY FLAG", 0), 0u);
    EXPECT_EQ(observation(b, "93373-9")["hasMember"][0]["reference"],
              full_url_of(b, "Observation", "93374-7"));

    auto skipped = bundle_of(Instrument::cssrs, "no,no,-,-,-,no,-");
    EXPECT_EQ(resources(skipped, "QuestionnaireResponse").at(0)["item"].size(), 3u);
    auto none = observation(skipped, "93374-7");
    EXPECT_FALSE(none["valueCodeableConcept"].contains("coding"));  // LOINC has no "none" answer
    EXPECT_EQ(none["valueCodeableConcept"]["text"], "none");
    EXPECT_FALSE(none.contains("note"));

    EXPECT_EQ(observation(bundle_of(Instrument::cssrs, "yes,no,-,-,-,no,-"),
                          "93374-7")["valueCodeableConcept"]["coding"][0]["code"],
              "LA9194-7");
    EXPECT_EQ(observation(bundle_of(Instrument::cssrs, "no,no,-,-,-,yes,no"),
                          "93374-7")["valueCodeableConcept"]["coding"][0]["code"],
              "LA6751-7");
}

TEST(ClinicalFhir, OutputIsAPureFunctionOfItsInput) {
    const auto a = bundle_of(Instrument::phq9, "1,2,0,3,1,0,2,1,0").dump();
    const auto b = bundle_of(Instrument::phq9, "1,2,0,3,1,0,2,1,0").dump();
    EXPECT_EQ(a, b);
    auto other_subject = bundle_of(Instrument::phq9, "1,2,0,3,1,0,2,1,0",
                                   {.subject = "Patient/124", .authored = kOptions.authored});
    EXPECT_NE(other_subject["entry"][0]["fullUrl"],
              nlohmann::ordered_json::parse(a)["entry"][0]["fullUrl"]);
    auto other_answers = bundle_of(Instrument::phq9, "1,2,0,3,1,0,2,1,1");
    EXPECT_NE(other_answers["entry"][0]["fullUrl"],
              nlohmann::ordered_json::parse(a)["entry"][0]["fullUrl"]);
}

TEST(ClinicalFhir, SubjectIsOptionalAndDateOnlyHasNoTimestamp) {
    auto b =
        bundle_of(Instrument::gad7, "0,0,0,0,0,0,0", {.subject = "", .authored = "2024-05-01"});
    EXPECT_FALSE(b.contains("timestamp"));  // Bundle.timestamp is an instant: needs a time
    for (const auto& e : b["entry"]) {
        EXPECT_FALSE(e["resource"].contains("subject"));
        const auto& r = e["resource"];
        if (r["resourceType"] == "Observation") {
            EXPECT_EQ(r["effectiveDateTime"], "2024-05-01");
        }
    }
}

TEST(ClinicalFhir, AcceptsFhirDateTimes) {
    for (std::string_view t :
         {"2024-05-01", "2024-02-29", "2024-05-01T09:30:00Z", "2024-05-01T23:59:59.123+02:00",
          "2024-05-01T00:00:00-14:00", "2024-12-31T09:30:00+14:00"})
        EXPECT_TRUE(validate_fhir_datetime(t).is_ok())
            << t << ": " << validate_fhir_datetime(t).to_string();
}

TEST(ClinicalFhir, RejectsMalformedDatesSayingWhy) {
    for (std::string_view t :
         {"", "yesterday", "2024-5-1", "2023-02-29", "2024-13-01", "2024-04-31",
          "2024-05-01T09:30Z", "2024-05-01T09:30:00", "2024-05-01T24:00:00Z",
          "2024-05-01T09:30:00+15:00", "2024-05-01T09:30:00.Z", "2024-05-01 09:30:00Z",
          "2024-05-01T09:30:00Zjunk"}) {
        auto st = validate_fhir_datetime(t);
        EXPECT_FALSE(st.is_ok()) << t;
        EXPECT_EQ(st.code(), StatusCode::invalid_argument) << t;
        EXPECT_NE(st.message().find("YYYY-MM-DD"), std::string::npos) << st.message();
    }
    auto b = to_fhir_bundle(scored(Instrument::phq9, "0,0,0,0,0,0,0,0,0"),
                            {.subject = "Patient/1", .authored = ""});
    ASSERT_FALSE(b.is_ok());
    EXPECT_NE(b.status().message().find("authored"), std::string::npos) << b.status().message();
}

TEST(ClinicalFhir, SubjectMustBeAFhirReference) {
    const auto s = scored(Instrument::phq9, "0,0,0,0,0,0,0,0,0");
    for (std::string_view ok :
         {"Patient/123", "Patient/a-b.c", "urn:uuid:6f1c1d3e-0000-4000-8000-000000000000",
          "https://ehr.example.org/fhir/Patient/9"})
        EXPECT_TRUE(
            to_fhir_bundle(s, {.subject = std::string(ok), .authored = "2024-05-01"}).is_ok())
            << ok;
    for (std::string_view bad :
         {"123", "Patient 1", "patient/1", "Patient/", "Patient/a_b", "urn:uuid:", "Patient/1\n"}) {
        auto b = to_fhir_bundle(s, {.subject = std::string(bad), .authored = "2024-05-01"});
        ASSERT_FALSE(b.is_ok()) << bad;
        EXPECT_NE(b.status().message().find("subject"), std::string::npos) << b.status().message();
    }
}

TEST(ClinicalFhir, RefusesAScreeningThatContradictsItsAnswers) {
    auto s = scored(Instrument::phq9, "1,2,0,3,1,0,2,1,0");
    s.total = 3;
    auto b = to_fhir_bundle(s, kOptions);
    ASSERT_FALSE(b.is_ok());
    EXPECT_EQ(b.status().code(), StatusCode::invalid_argument);
    auto hidden = scored(Instrument::phq9, "0,0,0,0,0,0,0,0,1");
    hidden.safety_flag = false;  // a flag must never be dropped on the way to the record
    EXPECT_FALSE(to_fhir_bundle(hidden, kOptions).is_ok());
    Screening broken;
    broken.instrument = Instrument::gad7;  // no answers at all
    auto e = to_fhir_bundle(broken, kOptions);
    ASSERT_FALSE(e.is_ok());
    EXPECT_NE(e.status().message().find("item 1"), std::string::npos) << e.status().message();
}

}  // namespace
}  // namespace attune::clinical
