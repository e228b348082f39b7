// SPDX-License-Identifier: Apache-2.0
// The three instruments as data, answer parsing, scoring, severity bands and safety flags.
//
// Sources: PHQ-9 (Kroenke, Spitzer & Williams 2001) and GAD-7 (Spitzer et al. 2006) item texts
// as Pfizer publishes them (no permission required to reproduce); the C-SSRS screener, recent
// version with triage (Posner et al. 2011; Columbia Lighthouse Project). LOINC codes checked
// against LOINC's own pages and the HL7 US Core and US Behavioral Health Profiles examples.
#include "clinical/questionnaires.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace attune::clinical {
namespace {

constexpr std::string_view kPfizerCopyright =
    "Copyright (c) Pfizer Inc. Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt "
    "Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required "
    "to reproduce, translate, display or distribute.";

// The PHQ answer scale shared by PHQ-9 and GAD-7 (LOINC answer list LL358-3).
std::vector<AnswerOption> frequency_options() {
    return {{"Not at all", 0, "LA6568-5"},
            {"Several days", 1, "LA6569-3"},
            {"More than half the days", 2, "LA6570-1"},
            {"Nearly every day", 3, "LA6571-9"}};
}

std::vector<AnswerOption> yes_no_options() { return {{"No", 0, "LA32-8"}, {"Yes", 1, "LA33-6"}}; }

Item frequency_item(std::string_view label, std::string_view text, std::string_view loinc) {
    return Item{.label = label,
                .text = text,
                .hint = {},
                .loinc = loinc,
                .options = frequency_options(),
                .asked_if_yes_to = std::nullopt};
}

Definition make_phq9() {
    Definition d;
    d.instrument = Instrument::phq9;
    d.name = "phq9";
    d.short_title = "PHQ-9";
    d.title = "Patient Health Questionnaire-9 (PHQ-9)";
    d.instructions =
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?";
    d.copyright = kPfizerCopyright;
    d.questionnaire_url = "http://loinc.org/q/44249-1";
    d.panel_loinc = "44249-1";
    d.panel_display = "PHQ-9 quick depression assessment panel [Reported.PHQ]";
    d.total_loinc = "44261-6";
    d.items = {
        frequency_item("1", "Little interest or pleasure in doing things", "44250-9"),
        frequency_item("2", "Feeling down, depressed, or hopeless", "44255-8"),
        frequency_item("3", "Trouble falling or staying asleep, or sleeping too much", "44259-0"),
        frequency_item("4", "Feeling tired or having little energy", "44254-1"),
        frequency_item("5", "Poor appetite or overeating", "44251-7"),
        frequency_item("6",
                       "Feeling bad about yourself - or that you are a failure or have let "
                       "yourself or your family down",
                       "44258-2"),
        frequency_item("7",
                       "Trouble concentrating on things, such as reading the newspaper or "
                       "watching television",
                       "44252-5"),
        frequency_item("8",
                       "Moving or speaking so slowly that other people could have noticed? Or "
                       "the opposite - being so fidgety or restless that you have been moving "
                       "around a lot more than usual",
                       "44253-3"),
        frequency_item("9",
                       "Thoughts that you would be better off dead, or of hurting yourself in "
                       "some way",
                       "44260-8"),
    };
    // Kroenke et al. 2001, table 3.
    d.bands = {{0, 4, Severity::minimal},
               {5, 9, Severity::mild},
               {10, 14, Severity::moderate},
               {15, 19, Severity::moderately_severe},
               {20, 27, Severity::severe}};
    d.max_total = 27;
    return d;
}

Definition make_gad7() {
    Definition d;
    d.instrument = Instrument::gad7;
    d.name = "gad7";
    d.short_title = "GAD-7";
    d.title = "Generalized Anxiety Disorder-7 (GAD-7)";
    d.instructions =
        "Over the last 2 weeks, how often have you been bothered by the following problems?";
    d.copyright = kPfizerCopyright;
    d.questionnaire_url = "http://loinc.org/q/69737-5";
    d.panel_loinc = "69737-5";
    d.panel_display = "Generalized anxiety disorder 7 item (GAD-7)";
    d.total_loinc = "70274-6";
    d.items = {
        frequency_item("1", "Feeling nervous, anxious, or on edge", "69725-0"),
        frequency_item("2", "Not being able to stop or control worrying", "68509-9"),
        frequency_item("3", "Worrying too much about different things", "69733-4"),
        frequency_item("4", "Trouble relaxing", "69734-2"),
        frequency_item("5", "Being so restless that it is hard to sit still", "69735-9"),
        frequency_item("6", "Becoming easily annoyed or irritable", "69689-8"),
        frequency_item("7", "Feeling afraid, as if something awful might happen", "69736-7"),
    };
    // Spitzer et al. 2006: cut points 5, 10 and 15.
    d.bands = {{0, 4, Severity::minimal},
               {5, 9, Severity::mild},
               {10, 14, Severity::moderate},
               {15, 21, Severity::severe}};
    d.max_total = 21;
    return d;
}

// Item indices of the C-SSRS screener, in the order asked.
enum CssrsIndex : std::size_t { q1, q2, q3, q4, q5, q6, q6b, kCssrsItems };

Definition make_cssrs() {
    Definition d;
    d.instrument = Instrument::cssrs;
    d.name = "cssrs";
    d.short_title = "C-SSRS screener";
    d.title = "Columbia-Suicide Severity Rating Scale (C-SSRS) screener, recent";
    d.instructions =
        "Answer yes or no. Questions 1 to 5 ask about the past month. Questions 1 and 2 are "
        "always asked; if 2 is yes, ask 3, 4 and 5, otherwise skip them. Question 6 is always "
        "asked; if it is yes, ask 6b.";
    d.copyright =
        "C-SSRS (c) The Research Foundation for Mental Hygiene, Inc. (Posner et al. 2011). "
        "Terms of use: https://cssrs.columbia.edu";
    d.questionnaire_url = "http://loinc.org/q/93373-9";
    d.panel_loinc = "93373-9";
    d.panel_display = "Columbia - suicide severity rating scale screener - recent [C-SSRS]";
    d.total_loinc = {};
    auto yes_no = [](std::string_view label, std::string_view text, std::string_view loinc,
                     std::optional<std::size_t> asked_if_yes_to, std::string_view hint = {}) {
        return Item{.label = label,
                    .text = text,
                    .hint = hint,
                    .loinc = loinc,
                    .options = yes_no_options(),
                    .asked_if_yes_to = asked_if_yes_to};
    };
    d.items = {
        yes_no("1",
               "Have you wished you were dead or wished you could go to sleep and not wake up?",
               "93246-7", std::nullopt),
        yes_no("2", "Have you actually had any thoughts of killing yourself?", "93247-5",
               std::nullopt),
        yes_no("3", "Have you been thinking about how you might do this?", "93248-3", q2),
        yes_no("4", "Have you had these thoughts and had some intention of acting on them?",
               "93249-1", q2),
        yes_no("5",
               "Have you started to work out or worked out the details of how to kill yourself? "
               "Do you intend to carry out this plan?",
               "93250-9", q2),
        yes_no("6",
               "Have you ever done anything, started to do anything, or prepared to do anything "
               "to end your life?",
               "93267-3", std::nullopt,
               "For example: collected pills, obtained a gun, gave away valuables, wrote a will or "
               "suicide note, took out pills but didn't swallow any, held a gun but changed your "
               "mind or it was grabbed from your hand, went to the roof but didn't jump; or "
               "actually took pills, tried to shoot yourself, cut yourself, tried to hang "
               "yourself, etc."),
        yes_no("6b", "Was this within the past 3 months?", "93269-9", q6),
    };
    d.max_total = 0;
    return d;
}

const std::array<Definition, kNumInstruments>& definitions() {
    static const std::array<Definition, kNumInstruments> defs = {make_phq9(), make_gad7(),
                                                                 make_cssrs()};
    return defs;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The field as the user typed it, printable and short, for messages.
std::string quoted(std::string_view field) {
    std::string out = "'";
    for (std::size_t i = 0; i < field.size() && i < 24; ++i) {
        const auto c = static_cast<unsigned char>(field[i]);
        out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
    }
    if (field.size() > 24) out += "...";
    return out + "'";
}

std::string scale_text(const Item& item) {
    std::string out;
    for (const auto& o : item.options)
        out += (out.empty() ? "" : ", ") + std::to_string(o.score) + " = " + std::string(o.text);
    return out;
}

// Why the C-SSRS flag is raised, in the screener's own terms, for the clinician.
std::string cssrs_reason(const Screening& s) {
    static constexpr std::array<std::string_view, kCssrsItems> kWhat = {
        "wish to be dead",
        "thoughts of killing oneself",
        "thinking about how (method)",
        "some intention of acting",
        "plan with intent to carry it out",
        "suicidal behaviour",
        "within the past 3 months"};
    std::string endorsed;
    for (std::size_t i = q1; i <= q6; ++i) {
        if (s.answers[i] != 1) continue;
        endorsed += (endorsed.empty() ? "" : ", ") + std::string("item ") +
                    std::string(definition(Instrument::cssrs).items[i].label) + " (" +
                    std::string(kWhat[i]);
        if (i == q6)
            endorsed +=
                s.answers[q6b] == 1 ? ", within the past 3 months" : ", more than 3 months ago";
        endorsed += ")";
    }
    std::string out = "C-SSRS screener risk " + std::string(cssrs_risk_name(s.risk)) +
                      ", crisis ladder level " + std::string(crisis_level_name(s.crisis_level)) +
                      ": yes to " + endorsed + ". ";
    out += s.risk == CssrsRisk::high
               ? "High risk: a clinician must assess this person now."
               : "A clinician must review this result; the screener is not a full assessment.";
    return out;
}

}  // namespace

namespace detail {

std::string item_name(const Definition& def, std::size_t index) {
    ATTUNE_ASSERT(index < def.items.size(), "item index " + std::to_string(index));
    const auto& item = def.items[index];
    std::string_view text = item.text;
    constexpr std::size_t kMax = 64;
    std::string shown;
    if (text.size() <= kMax) {
        shown = text;
    } else {
        auto cut = text.substr(0, kMax).rfind(' ');
        shown = std::string(text.substr(0, cut == std::string_view::npos ? kMax : cut)) + "...";
    }
    return "item " + std::string(item.label) + " (" + shown + ")";
}

const AnswerOption* option_with_score(const Item& item, int score) {
    for (const auto& o : item.options)
        if (o.score == score) return &o;
    return nullptr;
}

const SeverityBand* band_of(const Definition& def, int total) {
    for (const auto& b : def.bands)
        if (total >= b.min_total && total <= b.max_total) return &b;
    return nullptr;
}

}  // namespace detail

const std::array<Instrument, kNumInstruments>& all_instruments() {
    static constexpr std::array<Instrument, kNumInstruments> kAll = {
        Instrument::phq9, Instrument::gad7, Instrument::cssrs};
    return kAll;
}

std::string_view instrument_name(Instrument instrument) {
    switch (instrument) {
        case Instrument::phq9:
            return "phq9";
        case Instrument::gad7:
            return "gad7";
        case Instrument::cssrs:
            return "cssrs";
    }
    return "phq9";
}

Result<Instrument> parse_instrument(std::string_view name) {
    for (auto i : all_instruments())
        if (instrument_name(i) == name) return i;
    return Status::invalid_argument("unknown questionnaire " + quoted(name) +
                                    ": known are phq9, gad7, cssrs");
}

std::string_view severity_name(Severity severity) {
    switch (severity) {
        case Severity::minimal:
            return "minimal";
        case Severity::mild:
            return "mild";
        case Severity::moderate:
            return "moderate";
        case Severity::moderately_severe:
            return "moderately_severe";
        case Severity::severe:
            return "severe";
    }
    return "minimal";
}

std::string_view cssrs_risk_name(CssrsRisk risk) {
    switch (risk) {
        case CssrsRisk::none:
            return "none";
        case CssrsRisk::low:
            return "low";
        case CssrsRisk::moderate:
            return "moderate";
        case CssrsRisk::high:
            return "high";
    }
    return "none";
}

const Definition& definition(Instrument instrument) {
    return definitions()[static_cast<std::size_t>(instrument)];
}

nlohmann::ordered_json definition_to_json(Instrument instrument) {
    const auto& d = definition(instrument);
    nlohmann::ordered_json j;
    j["instrument"] = d.name;
    j["short_title"] = d.short_title;
    j["title"] = d.title;
    j["instructions"] = d.instructions;
    j["copyright"] = d.copyright;
    j["items"] = nlohmann::ordered_json::array();
    for (const auto& item : d.items) {
        nlohmann::ordered_json ji;
        ji["label"] = item.label;
        ji["text"] = item.text;
        if (!item.hint.empty()) ji["hint"] = item.hint;
        if (!item.loinc.empty()) ji["loinc"] = item.loinc;
        if (item.asked_if_yes_to) ji["asked_if_yes_to"] = d.items[*item.asked_if_yes_to].label;
        ji["options"] = nlohmann::ordered_json::array();
        for (const auto& o : item.options) {
            nlohmann::ordered_json jo;
            jo["text"] = o.text;
            jo["score"] = o.score;
            if (!o.loinc_answer.empty()) jo["loinc_answer"] = o.loinc_answer;
            ji["options"].push_back(std::move(jo));
        }
        j["items"].push_back(std::move(ji));
    }
    j["bands"] = nlohmann::ordered_json::array();
    for (const auto& b : d.bands)
        j["bands"].push_back(
            {{"min", b.min_total}, {"max", b.max_total}, {"severity", severity_name(b.severity)}});
    j["max_total"] = d.max_total;
    return j;
}

Result<Answers> parse_answers(Instrument instrument, std::string_view list) {
    const auto& def = definition(instrument);
    auto name = [&](std::size_t i) {
        return i < def.items.size() ? detail::item_name(def, i) : "item " + std::to_string(i + 1);
    };
    Answers out;
    std::size_t start = 0;
    while (true) {
        const auto comma = list.find(',', start);
        const auto field = trim(list.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        const std::size_t i = out.size();
        if (field.empty() || field == "-") {
            out.emplace_back(std::nullopt);
        } else if (instrument == Instrument::cssrs) {
            const auto f = lower(field);
            if (f == "yes" || f == "y" || f == "1")
                out.emplace_back(1);
            else if (f == "no" || f == "n" || f == "0")
                out.emplace_back(0);
            else
                return Status::invalid_argument(name(i) + ": " + quoted(field) +
                                                " is not an answer: give yes, no, or - for an "
                                                "item that was not asked");
        } else {
            int v = 0;
            const auto* end = field.data() + field.size();
            const auto [ptr, ec] = std::from_chars(field.data(), end, v);
            if (ec != std::errc() || ptr != end)
                return Status::invalid_argument(name(i) + ": " + quoted(field) +
                                                " is not an answer: give a number (" +
                                                scale_text(def.items.front()) + ")");
            out.emplace_back(v);
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}

Result<Screening> score(Instrument instrument, const Answers& answers) {
    const auto& def = definition(instrument);
    const std::size_t n = def.items.size();
    if (answers.size() > n) {
        std::string extra = answers[n] ? " " + std::to_string(*answers[n]) : "";
        return Status::invalid_argument(
            "item " + std::to_string(n + 1) + ": extra answer" + extra + " (" +
            std::string(def.short_title) + " has " + std::to_string(n) + " items" +
            (instrument == Instrument::cssrs ? ": 1 to 6 and 6b" : "") + ")");
    }
    Screening s;
    s.instrument = instrument;
    s.answers.assign(n, std::nullopt);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& item = def.items[i];
        const std::optional<int> a = i < answers.size() ? answers[i] : std::nullopt;
        if (item.asked_if_yes_to) {
            const std::size_t j = *item.asked_if_yes_to;
            ATTUNE_ASSERT(j < i, "skip logic must point back: item " + std::string(item.label));
            if (s.answers[j] != 1) {
                if (a)
                    return Status::invalid_argument(detail::item_name(def, i) +
                                                    " was not asked (item " +
                                                    std::string(def.items[j].label) +
                                                    " is no) but has an answer: give - for it");
                continue;
            }
        }
        if (!a) {
            std::string why;
            if (answers.size() < n && instrument != Instrument::cssrs)
                why = ": " + std::string(def.short_title) + " has " + std::to_string(n) +
                      " items, " + std::to_string(answers.size()) + " answers given";
            else if (item.asked_if_yes_to)
                why = ": it is asked because item " +
                      std::string(def.items[*item.asked_if_yes_to].label) + " is yes";
            return Status::invalid_argument(detail::item_name(def, i) + " is missing" + why);
        }
        if (!detail::option_with_score(item, *a)) {
            const int lo = item.options.front().score, hi = item.options.back().score;
            return Status::invalid_argument(detail::item_name(def, i) + ": " + std::to_string(*a) +
                                            " is out of range " + std::to_string(lo) + "-" +
                                            std::to_string(hi) + " (" + scale_text(item) + ")");
        }
        s.answers[i] = a;
    }

    if (instrument == Instrument::cssrs) {
        auto yes = [&](std::size_t i) { return s.answers[i] == 1; };
        const bool recent_behaviour = yes(q6) && yes(q6b);
        const bool past_behaviour = yes(q6) && !yes(q6b);
        if (yes(q4) || yes(q5) || recent_behaviour)
            s.risk = CssrsRisk::high;
        else if (yes(q3) || past_behaviour)
            s.risk = CssrsRisk::moderate;
        else if (yes(q1) || yes(q2))
            s.risk = CssrsRisk::low;
        if (recent_behaviour)
            s.crisis_level = CrisisLevel::behavior;
        else if (yes(q4) || yes(q5))
            s.crisis_level = CrisisLevel::plan;
        else if (yes(q2) || yes(q3))
            s.crisis_level = CrisisLevel::active;
        else if (yes(q1))
            s.crisis_level = CrisisLevel::passive;
        // Old behaviour alone leaves the ladder at none but is still moderate risk on the
        // screener's triage, so it too must reach a human.
        s.safety_flag = s.risk != CssrsRisk::none || s.crisis_level != CrisisLevel::none;
        if (s.safety_flag) s.safety_reasons.push_back(cssrs_reason(s));
        return s;
    }

    for (const auto& a : s.answers) s.total += *a;
    const auto* band = detail::band_of(def, s.total);
    ATTUNE_ASSERT(band, "no band for total " + std::to_string(s.total));
    s.severity = band->severity;
    if (instrument == Instrument::phq9) {
        constexpr std::size_t kItem9 = 8;
        const int item9 = *s.answers[kItem9];
        s.item9_positive = item9 > 0;
        if (s.item9_positive) {
            s.safety_flag = true;
            s.safety_reasons.push_back(
                "PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered '" +
                std::string(detail::option_with_score(def.items[kItem9], item9)->text) +
                "' (score " + std::to_string(item9) +
                "): a clinician must follow up with a suicide risk assessment (for example the "
                "C-SSRS screener), whatever the total.");
        }
    }
    return s;
}

std::string safety_notice(const Screening& screening) {
    if (!screening.safety_flag) return {};
    return "Your answers raised a safety flag. This is a screening result, not a diagnosis, but it "
           "matters: please contact your clinician or a crisis line now and tell them how you are "
           "feeling. If you are in danger or might act on thoughts of hurting yourself, call your "
           "local emergency number now (in the US, call or text 988).";
}

nlohmann::ordered_json to_json(const Screening& s) {
    nlohmann::ordered_json j;
    j["instrument"] = instrument_name(s.instrument);
    if (s.instrument == Instrument::cssrs) {
        j["risk"] = cssrs_risk_name(s.risk);
        j["crisis_level"] = crisis_level_name(s.crisis_level);
        j["safety_flag"] = s.safety_flag;
        j["answers"] = nlohmann::ordered_json::array();
        for (const auto& a : s.answers)
            j["answers"].push_back(a ? nlohmann::ordered_json(*a == 1) : nlohmann::ordered_json());
    } else {
        j["total"] = s.total;
        j["max_total"] = definition(s.instrument).max_total;
        j["severity"] = s.severity ? severity_name(*s.severity) : "";
        if (s.instrument == Instrument::phq9) j["item9_positive"] = s.item9_positive;
        j["safety_flag"] = s.safety_flag;
        j["answers"] = nlohmann::ordered_json::array();
        for (const auto& a : s.answers)
            j["answers"].push_back(a ? nlohmann::ordered_json(*a) : nlohmann::ordered_json());
    }
    j["safety_reasons"] = s.safety_reasons;
    if (s.safety_flag) j["safety_notice"] = safety_notice(s);
    return j;
}

}  // namespace attune::clinical
