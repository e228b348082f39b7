// SPDX-License-Identifier: Apache-2.0
// The companion's safety resources: crisis lines per locale and the person's safety plan
// (Stanley & Brown 2012).

#include <attune/care.hpp>

namespace attune::care {
namespace {

constexpr std::size_t kMaxPlanItems = 20;
constexpr std::size_t kMaxPlanItemBytes = 500;

struct PlanSection {
    std::string_view name;
    std::vector<std::string> SafetyPlan::*items;
};
constexpr PlanSection kSections[] = {
    {"warning_signs", &SafetyPlan::warning_signs},
    {"coping_strategies", &SafetyPlan::coping_strategies},
    {"people_and_places", &SafetyPlan::people_and_places},
    {"professionals", &SafetyPlan::professionals},
};

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

}  // namespace

Result<std::vector<CrisisResources>> load_crisis_lines(const std::string& path) {
    auto text = read_file(path, "crisis lines file");
    if (!text) return text.status();
    const auto json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return Status::corrupt(path + ": not a JSON object");
    const auto bad = [&](const std::string& what) { return Status::corrupt(path + ": " + what); };
    if (!json.contains("default") || !json["default"].is_string())
        return bad("\"default\" must name a locale");
    if (!json.contains("locales") || !json["locales"].is_object() || json["locales"].empty())
        return bad("\"locales\" must be an object of locales");
    std::vector<CrisisResources> out;
    const std::string def = json["default"];
    for (const auto& [locale, entry] : json["locales"].items()) {
        CrisisResources r;
        r.locale = locale;
        if (!entry.is_object() || !entry.contains("emergency") || !entry["emergency"].is_string() ||
            entry["emergency"].get<std::string>().empty())
            return bad("locale " + locale + ": \"emergency\" must be a non-empty string");
        r.emergency = entry["emergency"];
        if (!entry.contains("lines") || !entry["lines"].is_array() || entry["lines"].empty())
            return bad("locale " + locale + ": \"lines\" must list at least one crisis line");
        for (std::size_t i = 0; i < entry["lines"].size(); ++i) {
            const auto& l = entry["lines"][i];
            const auto where = "locale " + locale + ": line " + std::to_string(i + 1);
            if (!l.is_object() || !l.contains("name") || !l["name"].is_string() ||
                !l.contains("contact") || !l["contact"].is_string() ||
                l["name"].get<std::string>().empty() || l["contact"].get<std::string>().empty())
                return bad(where + " needs a non-empty \"name\" and \"contact\"");
            if (l.contains("hours") && !l["hours"].is_string())
                return bad(where + ": \"hours\" must be a string");
            r.lines.push_back({l["name"], l["contact"], l.value("hours", std::string())});
        }
        // The default locale goes first, so that lookups fall back to out.front().
        if (locale == def)
            out.insert(out.begin(), std::move(r));
        else
            out.push_back(std::move(r));
    }
    if (out.front().locale != def) return bad("the default locale " + def + " is not listed");
    return out;
}

bool SafetyPlan::empty() const {
    for (const auto& s : kSections)
        if (!(this->*s.items).empty()) return false;
    return true;
}

nlohmann::json SafetyPlan::to_json() const {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& s : kSections) j[std::string(s.name)] = this->*s.items;
    j["updated_at_ms"] = updated_at_ms;
    j["updated_by"] = updated_by;
    return j;
}

Result<SafetyPlan> SafetyPlan::from_json(const nlohmann::json& json) {
    if (!json.is_object()) return Status::invalid_argument("safety plan: expected a JSON object");
    SafetyPlan plan;
    for (const auto& [key, value] : json.items()) {
        if (key == "updated_at_ms") {
            if (!value.is_number_integer())
                return Status::invalid_argument("safety plan: updated_at_ms must be an integer");
            plan.updated_at_ms = value;
            continue;
        }
        if (key == "updated_by") {
            if (!value.is_string())
                return Status::invalid_argument("safety plan: updated_by must be a string");
            plan.updated_by = value;
            continue;
        }
        const PlanSection* section = nullptr;
        for (const auto& s : kSections)
            if (s.name == key) section = &s;
        if (!section)
            return Status::invalid_argument(
                "safety plan: unknown section \"" + key +
                "\" (expected warning_signs, coping_strategies, people_and_places, professionals)");
        if (!value.is_array())
            return Status::invalid_argument("safety plan: " + key + " must be a list of strings");
        if (value.size() > kMaxPlanItems)
            return Status::invalid_argument("safety plan: " + key + " has " +
                                            std::to_string(value.size()) + " items, at most " +
                                            std::to_string(kMaxPlanItems));
        for (std::size_t i = 0; i < value.size(); ++i) {
            const auto where = "safety plan: " + key + " item " + std::to_string(i + 1);
            if (!value[i].is_string()) return Status::invalid_argument(where + " must be a string");
            const std::string raw = value[i];
            auto normal = text::normalize(raw);
            if (!normal) return Status::invalid_argument(where + ": " + normal.status().message());
            auto item = trim(*normal);
            if (item.empty()) return Status::invalid_argument(where + " is empty");
            if (item.size() > kMaxPlanItemBytes)
                return Status::invalid_argument(where + " is longer than " +
                                                std::to_string(kMaxPlanItemBytes) + " bytes");
            (plan.*(section->items)).push_back(std::move(item));
        }
    }
    return plan;
}

}  // namespace attune::care
