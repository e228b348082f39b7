// SPDX-License-Identifier: Apache-2.0
// FHIR R4 export: a collection Bundle with the QuestionnaireResponse and the Observations a
// clinician's record expects (the shape of the HL7 US Core screening-assessment examples).
#include <cctype>
#include <cstdio>

#include "clinical/questionnaires.hpp"

namespace attune::clinical {
namespace {

using json = nlohmann::ordered_json;

constexpr std::string_view kLoinc = "http://loinc.org";
constexpr std::string_view kCategorySystem =
    "http://terminology.hl7.org/CodeSystem/observation-category";
constexpr std::string_view kInterpretationSystem =
    "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
constexpr std::string_view kSuicideRiskLevel = "93374-7";  // LOINC "Suicide risk level"
// LOINC long common names, where checked (70274-6's is not, so it goes without a display).
constexpr std::string_view kPhq9TotalDisplay =
    "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]";
constexpr std::string_view kPhq9Item9Display =
    "Thoughts that you would be better off dead, or of hurting yourself in some way in last 2 "
    "weeks [Reported.PHQ]";

// LOINC answer list LL465-6 (Suicide risk level): Low / Moderate / High. The screener's "none"
// has no LOINC answer and is sent as text only.
struct RiskAnswer {
    std::string_view code;
    std::string_view display;
};
RiskAnswer risk_answer(CssrsRisk risk) {
    switch (risk) {
        case CssrsRisk::low:
            return {"LA9194-7", "Low"};
        case CssrsRisk::moderate:
            return {"LA6751-7", "Moderate"};
        case CssrsRisk::high:
            return {"LA9193-9", "High"};
        case CssrsRisk::none:
            break;
    }
    return {};
}

bool digits(std::string_view s, std::size_t pos, std::size_t n) {
    if (pos + n > s.size()) return false;
    for (std::size_t i = pos; i < pos + n; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

int number(std::string_view s, std::size_t pos, std::size_t n) {
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
}

bool has_time(std::string_view authored) { return authored.size() > 10; }

Status validate_subject(std::string_view s) {
    auto bad = [&](std::string_view why) {
        return Status::invalid_argument("subject '" + std::string(s.substr(0, 80)) + "' " +
                                        std::string(why) +
                                        ": give a FHIR reference such as Patient/123, "
                                        "urn:uuid:<uuid> or an absolute http(s) URL");
    };
    if (s.size() > 1024) return bad("is too long");
    for (unsigned char c : s)
        if (c <= 0x20 || c >= 0x7f) return bad("contains a space or a non-ASCII character");
    for (std::string_view prefix : {"urn:uuid:", "urn:oid:", "http://", "https://"})
        if (s.starts_with(prefix))
            return s.size() > prefix.size() ? Status::ok() : bad("is incomplete");
    // A relative reference: Type/id, Type starting with an upper-case letter, id per FHIR's
    // id type ([A-Za-z0-9\-\.]{1,64}).
    const auto slash = s.find('/');
    if (slash == std::string_view::npos || slash == 0) return bad("is not a reference");
    const auto type = s.substr(0, slash), id = s.substr(slash + 1);
    if (type.front() < 'A' || type.front() > 'Z') return bad("does not start with a resource type");
    for (char c : type)
        if (!std::isalpha(static_cast<unsigned char>(c)))
            return bad("has a malformed resource type");
    if (id.empty() || id.size() > 64) return bad("has an id that is empty or longer than 64");
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.')
            return bad("has an id with characters other than letters, digits, '-' and '.'");
    return Status::ok();
}

// A UUID (RFC 9562 version 8, "custom") from two FNV-1a hashes of `key`: deterministic, so the
// same screening exports to the same bytes. Identifies, does not protect: never a secret.
std::string uuid_for(std::string_view key) {
    std::uint64_t hi = fnv1a64(key, 0x9E3779B97F4A7C15ull);
    std::uint64_t lo = fnv1a64(key, 0xC2B2AE3D27D4EB4Full);
    hi = (hi & ~0xF000ull) | 0x8000ull;                         // version 8
    lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // variant 10
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                  static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                  static_cast<unsigned>(lo >> 48),
                  static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
    return std::string("urn:uuid:") + buf;
}

json loinc_coding(std::string_view code, std::string_view display = {}) {
    json c;
    c["system"] = kLoinc;
    c["code"] = code;
    if (!display.empty()) c["display"] = display;
    return c;
}

json survey_category() {
    return json::array({{{"coding", json::array({{{"system", kCategorySystem},
                                                  {"code", "survey"},
                                                  {"display", "Survey"}}})}}});
}

// The fields every Observation of the bundle shares, in FHIR's element order.
json observation(const FhirOptions& opt, json code) {
    json o;
    o["resourceType"] = "Observation";
    o["status"] = "final";
    o["category"] = survey_category();
    o["code"] = std::move(code);
    if (!opt.subject.empty()) o["subject"] = {{"reference", opt.subject}};
    o["effectiveDateTime"] = opt.authored;
    return o;
}

std::string band_text(const Definition& def, const Screening& s) {
    const auto* b = detail::band_of(def, s.total);
    return std::to_string(b->min_total) + "-" + std::to_string(b->max_total);
}

}  // namespace

Status validate_fhir_datetime(std::string_view t) {
    auto bad = [&](std::string_view why) {
        return Status::invalid_argument(
            "date '" + std::string(t.substr(0, 40)) + "' " + std::string(why) +
            ": give YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with Z or an offset (2024-05-01, "
            "2024-05-01T09:30:00Z, 2024-05-01T09:30:00.250+02:00)");
    };
    if (t.empty()) return bad("is empty");
    if (!(digits(t, 0, 4) && t.size() >= 10 && t[4] == '-' && digits(t, 5, 2) && t[7] == '-' &&
          digits(t, 8, 2)))
        return bad("is not a date");
    const int year = number(t, 0, 4), month = number(t, 5, 2), day = number(t, 8, 2);
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > kDays[month - 1] ||
        (month == 2 && day == 29 && !leap))
        return bad("is not a calendar date");
    if (t.size() == 10) return Status::ok();
    if (!(t[10] == 'T' && digits(t, 11, 2) && t.size() >= 19 && t[13] == ':' && digits(t, 14, 2) &&
          t[16] == ':' && digits(t, 17, 2)))
        return bad("has a malformed time (seconds are required)");
    if (number(t, 11, 2) > 23 || number(t, 14, 2) > 59 || number(t, 17, 2) > 60)
        return bad("has a time out of range");
    std::size_t p = 19;
    if (p < t.size() && t[p] == '.') {
        const std::size_t start = ++p;
        while (p < t.size() && t[p] >= '0' && t[p] <= '9') ++p;
        if (p == start || p - start > 9) return bad("has malformed fractional seconds");
    }
    const auto zone = t.substr(p);
    if (zone == "Z") return Status::ok();
    if (zone.empty()) return bad("has a time without a time zone (add Z for UTC)");
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || !digits(zone, 1, 2) ||
        zone[3] != ':' || !digits(zone, 4, 2))
        return bad("has a malformed time zone");
    const int zh = number(zone, 1, 2), zm = number(zone, 4, 2);
    if (zm > 59 || zh > 14 || (zh == 14 && zm != 0)) return bad("has a time zone out of range");
    return Status::ok();
}

Result<json> to_fhir_bundle(const Screening& screening, const FhirOptions& options) {
    if (auto st = validate_fhir_datetime(options.authored); !st) return st.with_context("authored");
    if (!options.subject.empty()) ATTUNE_RETURN_IF_ERROR(validate_subject(options.subject));

    // The export must say exactly what score() says about these answers.
    auto rescored = score(screening.instrument, screening.answers);
    if (!rescored) return rescored.status().with_context("screening");
    const Screening& s = *rescored;
    if (s.total != screening.total || s.severity != screening.severity ||
        s.risk != screening.risk || s.crisis_level != screening.crisis_level ||
        s.safety_flag != screening.safety_flag || s.item9_positive != screening.item9_positive)
        return Status::invalid_argument(
            "screening: its totals or flags do not match its answers (build it with score())");

    const auto& def = definition(s.instrument);
    std::string key = std::string(def.name) + "|" + options.subject + "|" + options.authored + "|";
    for (const auto& a : s.answers) key += a ? std::to_string(*a) + "," : std::string("-,");
    const std::string qr_url = uuid_for(key + "QuestionnaireResponse");
    const std::string panel_url = uuid_for(key + "panel");

    // QuestionnaireResponse: linkIds are those of LOINC's Questionnaire ("/<code>"), which the
    // questionnaire canonical names.
    json qr;
    qr["resourceType"] = "QuestionnaireResponse";
    qr["questionnaire"] = def.questionnaire_url;
    qr["status"] = "completed";
    if (!options.subject.empty()) qr["subject"] = {{"reference", options.subject}};
    qr["authored"] = options.authored;
    qr["item"] = json::array();
    for (std::size_t i = 0; i < def.items.size(); ++i) {
        if (!s.answers[i]) continue;  // not asked: a QuestionnaireResponse omits it
        const auto& item = def.items[i];
        const auto* option = detail::option_with_score(item, *s.answers[i]);
        ATTUNE_ASSERT(option && !option->loinc_answer.empty(), detail::item_name(def, i));
        qr["item"].push_back(
            {{"linkId",
              item.loinc.empty() ? std::string(item.label) : "/" + std::string(item.loinc)},
             {"text", item.text},
             {"answer",
              json::array({{{"valueCoding", loinc_coding(option->loinc_answer, option->text)}}})}});
    }
    if (!def.total_loinc.empty())
        qr["item"].push_back({{"linkId", "/" + std::string(def.total_loinc)},
                              {"text", std::string(def.short_title) + " total score"},
                              {"answer", json::array({{{"valueInteger", s.total}}})}});

    const json derived_from = json::array({{{"reference", qr_url}}});
    std::vector<std::pair<std::string, json>> members;  // fullUrl, resource

    if (s.instrument == Instrument::cssrs) {
        json code = {
            {"coding", json::array({loinc_coding(kSuicideRiskLevel, "Suicide risk level")})},
            {"text", "C-SSRS screener suicide risk level"}};
        json o = observation(options, std::move(code));
        json value;
        const auto answer = risk_answer(s.risk);
        if (!answer.code.empty())
            value["coding"] = json::array({loinc_coding(answer.code, answer.display)});
        value["text"] = cssrs_risk_name(s.risk);
        o["valueCodeableConcept"] = std::move(value);
        if (s.safety_flag)
            o["note"] = json::array({{{"text", "SAFETY FLAG: " + s.safety_reasons.front()}}});
        o["derivedFrom"] = derived_from;
        o["component"] = json::array({{{"code", {{"text", "Attune crisis ladder level"}}},
                                       {"valueString", crisis_level_name(s.crisis_level)}}});
        members.emplace_back(uuid_for(key + "risk"), std::move(o));
    } else {
        const auto display = s.instrument == Instrument::phq9 ? kPhq9TotalDisplay : "";
        json code = {{"coding", json::array({loinc_coding(def.total_loinc, display)})},
                     {"text", std::string(def.short_title) + " total score"}};
        json o = observation(options, std::move(code));
        o["valueInteger"] = s.total;
        o["interpretation"] = json::array({{{"text", severity_name(*s.severity)}}});
        o["note"] = json::array(
            {{{"text", "Screening result, not a diagnosis: " + std::string(def.short_title) +
                           " total " + std::to_string(s.total) + " of " +
                           std::to_string(def.max_total) + " is in the " +
                           std::string(severity_name(*s.severity)) + " band (" + band_text(def, s) +
                           ")."}}});
        o["derivedFrom"] = derived_from;
        members.emplace_back(uuid_for(key + "total"), std::move(o));

        if (s.instrument == Instrument::phq9) {
            constexpr std::size_t kItem9 = 8;
            const auto& item = def.items[kItem9];
            const auto* option = detail::option_with_score(item, *s.answers[kItem9]);
            json code9 = {{"coding", json::array({loinc_coding(item.loinc, kPhq9Item9Display)})},
                          {"text", "PHQ-9 item 9"}};
            json o9 = observation(options, std::move(code9));
            o9["valueCodeableConcept"] = {
                {"coding", json::array({loinc_coding(option->loinc_answer, option->text)})},
                {"text", option->text}};
            o9["interpretation"] = json::array(
                {{{"coding",
                   json::array({{{"system", kInterpretationSystem},
                                 {"code", s.item9_positive ? "POS" : "NEG"},
                                 {"display", s.item9_positive ? "Positive" : "Negative"}}})}}});
            if (s.safety_flag)
                o9["note"] = json::array({{{"text", "SAFETY FLAG: " + s.safety_reasons.front()}}});
            o9["derivedFrom"] = derived_from;
            members.emplace_back(uuid_for(key + "item9"), std::move(o9));
        }
    }

    json panel = observation(
        options, {{"coding", json::array({loinc_coding(def.panel_loinc, def.panel_display)})},
                  {"text", def.title}});
    panel["hasMember"] = json::array();
    for (const auto& [url, _] : members) panel["hasMember"].push_back({{"reference", url}});
    panel["derivedFrom"] = derived_from;

    json bundle;
    bundle["resourceType"] = "Bundle";
    bundle["type"] = "collection";
    if (has_time(options.authored)) bundle["timestamp"] = options.authored;  // an instant
    bundle["entry"] = json::array();
    bundle["entry"].push_back({{"fullUrl", qr_url}, {"resource", std::move(qr)}});
    bundle["entry"].push_back({{"fullUrl", panel_url}, {"resource", std::move(panel)}});
    for (auto& [url, resource] : members)
        bundle["entry"].push_back({{"fullUrl", url}, {"resource", std::move(resource)}});
    return bundle;
}

}  // namespace attune::clinical
