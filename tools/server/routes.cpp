// SPDX-License-Identifier: Apache-2.0
// The /v1 routes: parse and check the request, call the platform, write JSON. No rule lives
// here: who may do what is the platform's (include/attune/platform.hpp).
#include <charconv>
#include <ctime>
#include <map>
#include <memory>
#include <optional>

#include "server.hpp"

namespace attune::server {
namespace {

using json = nlohmann::ordered_json;

std::string_view error_type(int status) {
    switch (status) {
        case 400: return "invalid_request";
        case 401: return "unauthenticated";
        case 403: return "permission_denied";
        case 404: return "not_found";
        case 405: return "method_not_allowed";
        case 413: return "payload_too_large";
        case 429: return "rate_limited";
        case 503: return "unavailable";
        default: return status >= 500 ? "server_error" : "invalid_request";
    }
}

int http_status(StatusCode code) {
    switch (code) {
        case StatusCode::invalid_argument: return 400;
        case StatusCode::unauthenticated: return 401;
        case StatusCode::permission_denied: return 403;
        case StatusCode::not_found: return 404;
        case StatusCode::resource_exhausted: return 429;
        default: return 500;
    }
}

Response from_status(const Status& st) {
    const int code = http_status(st.code());
    // A server fault's details (file names, SQL) stay in the log, not in the response.
    if (code == 500) {
        log(LogLevel::error, st.to_string());
        return error_response(500, "internal error: the server could not complete the request");
    }
    Response r = error_response(code, st.message());
    if (code == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
}

Response json_response(int status, const json& body) {
    Response r;
    r.status = status;
    r.body = body.dump();
    return r;
}

// ----- Request bodies -------------------------------------------------------------------------

// Reads a body that failed to parse again, to say where it went wrong: the top-level field
// whose value was being read when the parser stopped (a string with invalid UTF-8 in a field,
// say), and why.
class ParseFailure final : public nlohmann::json_sax<json> {
public:
    std::string field;  // "" when the error is outside any field's value
    std::size_t position = 0;
    bool bad_utf8 = false;

    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t&) override { return value(); }
    bool string(string_t&) override { return value(); }
    bool binary(binary_t&) override { return value(); }
    bool start_object(std::size_t) override { return ++depth_, true; }
    bool end_object() override { return --depth_, value(); }
    bool start_array(std::size_t) override { return ++depth_, true; }
    bool end_array() override { return --depth_, value(); }
    bool key(string_t& k) override {
        if (depth_ == 1) {
            field = k;
            in_value_ = true;
        }
        return true;
    }
    bool parse_error(std::size_t at, const std::string&,
                     const nlohmann::detail::exception& e) override {
        position = at;
        const std::string_view what = e.what();
        bad_utf8 = what.find("UTF-8") != std::string_view::npos ||
                   what.find("surrogate") != std::string_view::npos;
        if (!in_value_) field.clear();
        return false;
    }

private:
    bool value() {
        if (depth_ == 1) in_value_ = false;  // a top-level field's value is complete
        return true;
    }
    int depth_ = 0;
    bool in_value_ = false;
};

// A request body: a JSON object whose fields are all known to the route.
Result<json> parse_object(const std::string& body, std::initializer_list<std::string_view> known) {
    json j = json::parse(body, nullptr, false);
    if (j.is_discarded()) {
        ParseFailure where;
        (void)json::sax_parse(body, &where);
        const std::string field = where.field.empty() ? "body" : where.field;
        const std::string at = " (byte " + std::to_string(where.position) + " of the body)";
        return Status::invalid_argument(field + (where.bad_utf8 ? ": invalid UTF-8" + at
                                                                : ": not valid JSON" + at));
    }
    if (!j.is_object()) return Status::invalid_argument("body: must be a JSON object");
    for (const auto& [key, value] : j.items()) {
        bool ok = false;
        for (auto k : known) ok = ok || key == k;
        if (!ok) {
            std::string list;
            for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
            return Status::invalid_argument("unknown field '" + key + "' (known: " + list + ")");
        }
    }
    return j;
}

Result<std::optional<std::string>> get_string(const json& j, const char* field, bool required) {
    if (!j.contains(field) || j[field].is_null()) {
        if (required) return Status::invalid_argument(std::string(field) + ": required");
        return std::optional<std::string>{};
    }
    if (!j[field].is_string())
        return Status::invalid_argument(std::string(field) + ": must be a string");
    return std::optional<std::string>{j[field].get<std::string>()};
}

Result<std::optional<bool>> get_bool(const json& j, const char* field) {
    if (!j.contains(field)) return std::optional<bool>{};
    if (!j[field].is_boolean())
        return Status::invalid_argument(std::string(field) + ": must be true or false");
    return std::optional<bool>{j[field].get<bool>()};
}

Result<std::optional<int>> get_int(const json& j, const char* field) {
    if (!j.contains(field) || j[field].is_null()) return std::optional<int>{};
    if (!j[field].is_number_integer())
        return Status::invalid_argument(std::string(field) + ": must be an integer");
    const auto v = j[field].get<std::int64_t>();
    if (v < -1'000'000 || v > 1'000'000)
        return Status::invalid_argument(std::string(field) + ": out of range");
    return std::optional<int>{static_cast<int>(v)};
}

// ----- Query parameters -----------------------------------------------------------------------

// "2026-05-01" (midnight UTC) or "2026-05-01T09:30:00Z" / "...:00.250Z": epoch milliseconds.
Result<std::int64_t> parse_time(std::string_view name, const std::string& text) {
    const auto bad = [&] {
        return Status::invalid_argument(std::string(name) + ": '" + text +
                                        "' is not a date (2026-05-01) or UTC time "
                                        "(2026-05-01T09:30:00Z)");
    };
    std::tm tm{};
    int ms = 0;
    char tail[16] = {0};
    int n = 0;
    if (text.size() == 10) {
        if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) != 3 ||
            n != 10)
            return bad();
    } else {
        const int got = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%15s", &tm.tm_year,
                                    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
                                    tail);
        if (got != 7 || text[4] != '-' || text[10] != 'T') return bad();
        std::string_view t(tail);
        if (t.size() == 5 && t[0] == '.' && t[4] == 'Z') {
            if (std::from_chars(t.data() + 1, t.data() + 4, ms).ec != std::errc{}) return bad();
        } else if (t != "Z") {
            return bad();
        }
    }
    if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
        tm.tm_min > 59 || tm.tm_sec > 60 || tm.tm_year < 1970 || tm.tm_year > 9999)
        return bad();
    const int day = tm.tm_mday, month = tm.tm_mon;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    const std::time_t t = timegm(&tm);
    if (tm.tm_mday != day || tm.tm_mon != month - 1) return bad();  // 2026-02-30
    return static_cast<std::int64_t>(t) * 1000 + ms;
}

std::string format_time(std::int64_t ms) {
    return privacy::format_utc(
        std::chrono::system_clock::time_point(std::chrono::milliseconds(ms)));
}

// A `limit` query parameter: a whole number from 1 to 1000.
Result<std::int64_t> parse_limit(const std::string& value) {
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc{} || p != value.data() + value.size() || v < 1 || v > 1000)
        return Status::invalid_argument("limit: '" + value +
                                        "' is not a whole number from 1 to 1000");
    return v;
}

// from, to (exclusive) and limit (1..1000, default 100) from the query; unknown names refused.
Result<store::TimeRange> parse_range(const Request& req) {
    store::TimeRange range;
    for (const auto& [name, value] : req.query) {
        if (name == "from" || name == "to") {
            auto t = parse_time(name, value);
            if (!t) return t.status();
            (name == "from" ? range.from_ms : range.to_ms) = *t;
        } else if (name == "limit") {
            auto v = parse_limit(value);
            if (!v) return v.status();
            range.limit = *v;
        } else {
            return Status::invalid_argument("unknown query parameter '" + name +
                                            "' (known: from, to, limit)");
        }
    }
    if (range.from_ms >= range.to_ms)
        return Status::invalid_argument("from: must be before to");
    return range;
}

// ----- Output ---------------------------------------------------------------------------------

constexpr const char* kAnalysisWithheld = "the patient has not consented to text analysis";

json journal_json(const platform::JournalRecord& r) {
    json j = {{"id", r.id}, {"created_at", format_time(r.created_at_ms)}, {"text", r.text}};
    j["analysis"] = r.analysis_json.empty() ? json(nullptr) : json::parse(r.analysis_json);
    if (r.analysis_json.empty()) j["analysis_withheld"] = kAnalysisWithheld;
    return j;
}

json check_in_json(const platform::CheckInRecord& r) {
    return {{"id", r.id},       {"created_at", format_time(r.created_at_ms)},
            {"kind", r.kind},   {"score", r.score},
            {"detail", r.detail}};
}

std::string format_day(std::int64_t day_ms) { return format_time(day_ms).substr(0, 10); }

json nullable_time(std::int64_t ms) { return ms == 0 ? json(nullptr) : json(format_time(ms)); }
json nullable(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json alert_json(const platform::AlertRecord& a) {
    const auto& r = a.row;
    json notes = json::array();
    for (const auto& n : a.notes)
        notes.push_back({{"author", n.author}, {"created_at", format_time(n.created_at_ms)},
                         {"text", n.text}});
    return {{"id", r.id},
            {"patient_id", r.patient_id},
            {"patient_username", a.patient_username},
            {"kind", r.kind},
            {"severity", tracking::severity_name(static_cast<tracking::Severity>(r.severity))},
            {"status", store::alert_status_name(r.status)},
            {"created_at", format_time(r.created_at_ms)},
            {"raised_at", format_time(r.raised_at_ms)},
            {"onset_at", format_time(a.onset_at_ms)},
            {"updated_at", format_time(r.updated_at_ms)},
            {"summary", a.summary},
            {"explanation", a.explanation},
            {"evidence_ids", a.evidence_ids},
            {"details", a.details},
            {"notes", std::move(notes)},
            {"acknowledged_by", nullable(a.acknowledged_by)},
            {"acknowledged_at", nullable_time(r.acknowledged_at_ms)},
            {"dismissed_by", nullable(a.dismissed_by)},
            {"dismissed_at", nullable_time(r.dismissed_at_ms)},
            {"dismissed_reason", r.status == store::AlertStatus::dismissed
                                     ? nullable(a.dismissed_reason)
                                     : json(nullptr)}};
}

json journey_json(const platform::JourneyRecord& j) {
    json series = json::array();
    for (std::size_t i = 0; i < j.timeline.series.size(); ++i) {
        const auto& s = j.timeline.series[i];
        json points = json::array();
        for (const auto& p : s.points)
            points.push_back({{"date", format_day(p.day_ms)}, {"value", p.value}, {"n", p.n},
                              {"ids", p.ids}});
        json baseline = nullptr;
        if (i < j.baselines.size()) {
            const auto& b = j.baselines[i];
            baseline = {{"available", b.available}, {"cold_start", b.cold_start},
                        {"median", b.median},       {"sd", b.sd},
                        {"days", b.days}};
        }
        series.push_back({{"metric", tracking::metric_name(s.metric)},
                          {"unit", tracking::metric_unit(s.metric)},
                          {"observations", s.observations},
                          {"days_with_data", s.points.size()},
                          {"baseline", std::move(baseline)},
                          {"points", std::move(points)}});
    }
    json emotions = json::array();
    for (const auto& d : j.timeline.emotions) {
        json top = json::array();
        for (const auto& [label, p] : d.top) top.push_back({{"label", label}, {"p", p}});
        emotions.push_back({{"date", format_day(d.day_ms)}, {"top", std::move(top)}, {"ids", d.ids}});
    }
    json alerts = json::array();
    for (const auto& a : j.alerts) alerts.push_back(alert_json(a));
    return {{"patient_id", j.patient_id},
            {"from", format_time(j.from_ms)},
            {"to", format_time(j.to_ms)},
            {"series", std::move(series)},
            {"emotions", std::move(emotions)},
            {"alerts", std::move(alerts)}};
}

json consent_json(const store::Consent& c) {
    return {{"text", c.text}, {"voice", c.voice}, {"face", c.face}, {"body", c.body},
            {"share_with_clinician", c.share_with_clinician}, {"pool_outcomes", c.pool_outcomes}};
}

// One message of a companion conversation: its id, time, who wrote it and the text; for the
// person's message the crisis level the safety gate found, and for a companion reply what kind
// of reply it was and its safety status.
json chat_message_json(const platform::ChatMessageRecord& m) {
    json j = {{"id", m.id},
              {"created_at", format_time(m.created_at_ms)},
              {"role", store::chat_role_name(m.role)},
              {"text", m.text}};
    if (m.role == store::ChatRole::person) j["crisis_level"] = crisis_level_name(m.crisis_level);
    for (const auto& [key, value] : m.reply.items()) j[key] = value;
    return j;
}

json safety_plan_json(const platform::SafetyPlanRecord& r) {
    json lines = json::array();
    for (const auto& l : r.crisis.lines)
        lines.push_back({{"name", l.name}, {"contact", l.contact}, {"hours", l.hours}});
    const auto& p = r.plan;
    return {{"patient_id", r.patient_id},
            {"warning_signs", p.warning_signs},
            {"coping_strategies", p.coping_strategies},
            {"people_and_places", p.people_and_places},
            {"professionals", p.professionals},
            {"updated_at", nullable_time(p.updated_at_ms)},
            {"updated_by", nullable(p.updated_by)},
            {"crisis_lines",
             {{"locale", r.crisis.locale}, {"emergency", r.crisis.emergency}, {"lines", lines}}}};
}

json companion_settings_json(const platform::CompanionSettings& s) {
    return {{"patient_id", s.patient_id},
            {"locale", s.locale},
            {"utc_offset_min", s.utc_offset_min},
            {"locales", s.locales}};
}

// ----- Routes ---------------------------------------------------------------------------------

std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t pos = 1;
    while (pos <= path.size()) {
        const auto end = std::min(path.find('/', pos), path.size());
        out.push_back(path.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

class Call {
public:
    Call(platform::Platform& p, const Request& r, Api::Streams streams)
        : platform_(p), req_(r), streams_(streams) {}

    Response dispatch() {
        const auto s = segments(req_.path);
        const auto& m = req_.method;
        if (s.empty() || s[0] != "v1") return error_response(404, "no route " + req_.path);
        const auto is = [&](std::initializer_list<std::string_view> want) {
            if (want.size() != s.size() - 1) return false;
            std::size_t i = 1;
            for (auto w : want) {
                if (w != "*" && w != s[i]) return false;
                ++i;
            }
            return true;
        };
        std::vector<std::string_view> allowed;
        const auto route = [&](std::string_view method) {
            allowed.push_back(method);
            return m == method;
        };
        if (is({"health"})) {
            if (route("GET")) return health();
        } else if (is({"sessions"})) {
            if (route("POST")) return login();
        } else if (is({"sessions", "current"})) {
            if (route("DELETE")) return logout();
        } else if (is({"me"})) {
            if (route("GET")) return me();
            if (route("DELETE")) return erase();
        } else if (is({"me", "consent"})) {
            if (route("GET")) return get_consent();
            if (route("PUT")) return put_consent();
        } else if (is({"me", "export"})) {
            if (route("GET")) return export_data();
        } else if (is({"journal"})) {
            if (route("POST")) return post_journal();
        } else if (is({"checkins"})) {
            if (route("POST")) return post_check_in();
        } else if (is({"patients"})) {
            if (route("GET")) return patients();
        } else if (is({"patients", "*", "journal"})) {
            if (route("GET")) return journal(std::string(s[2]));
        } else if (is({"patients", "*", "checkins"})) {
            if (route("GET")) return check_ins(std::string(s[2]));
        } else if (is({"patients", "*", "timeline"})) {
            if (route("GET")) return timeline(std::string(s[2]));
        } else if (is({"patients", "*", "chat"})) {
            if (route("GET")) return chat_history(std::string(s[2]));
        } else if (is({"patients", "*", "safety-plan"})) {
            if (route("GET")) return safety_plan(std::string(s[2]));
            if (route("PUT")) return put_safety_plan(std::string(s[2]));
        } else if (is({"patients", "*", "companion-settings"})) {
            if (route("GET")) return companion_settings(std::string(s[2]));
            if (route("PUT")) return put_companion_settings(std::string(s[2]));
        } else if (is({"chat"})) {
            if (route("POST")) return post_chat();
        } else if (is({"chat", "greeting"})) {
            if (route("GET")) return greeting();
        } else if (is({"alerts"})) {
            if (route("GET")) return alerts();
        } else if (is({"alerts", "stream"})) {
            if (route("GET")) return alert_stream();
        } else if (is({"alerts", "*", "acknowledge"})) {
            if (route("POST")) return set_alert_status(std::string(s[2]), store::AlertStatus::acknowledged);
        } else if (is({"alerts", "*", "dismiss"})) {
            if (route("POST")) return set_alert_status(std::string(s[2]), store::AlertStatus::dismissed);
        } else if (is({"alerts", "*", "notes"})) {
            if (route("POST")) return annotate_alert(std::string(s[2]));
        } else {
            return error_response(404, "no route " + req_.path);
        }
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        Response r = error_response(405, m + " is not allowed on " + req_.path + " (allowed: " +
                                             list + ")");
        r.headers.emplace_back("Allow", list);
        return r;
    }

private:
    // The caller behind the bearer token, or why there is none.
    Result<platform::Principal> who() {
        constexpr std::string_view kBearer = "Bearer ";
        const auto& h = req_.authorization;
        const std::string resource = req_.method + " " + req_.path;
        if (h.empty() || h.size() <= kBearer.size() || h.compare(0, kBearer.size(), kBearer) != 0) {
            // Refused by the platform, so that the refusal is audited like any other.
            (void)platform_.authenticate("", resource);
            return Status::unauthenticated(h.empty() ? "missing Authorization: Bearer <token>"
                                                     : "Authorization must be 'Bearer <token>'");
        }
        return platform_.authenticate(std::string_view(h).substr(kBearer.size()), resource);
    }

    Response health() {
        return json_response(200, {{"status", "ok"},
                                   {"api", "v1"},
                                   {"store", std::string(platform_.store().backend())}});
    }

    Response login() {
        auto body = parse_object(req_.body, {"username", "password"});
        if (!body) return from_status(body.status());
        auto user = get_string(*body, "username", true);
        if (!user) return from_status(user.status());
        auto pass = get_string(*body, "password", true);
        if (!pass) return from_status(pass.status());
        std::int64_t retry_ms = 0;
        auto login = platform_.login(**user, **pass, req_.remote_addr, &retry_ms);
        if (!login) {
            Response r = from_status(login.status());
            if (r.status == 429)
                r.headers.emplace_back("Retry-After",
                                       std::to_string(std::max<std::int64_t>(1, (retry_ms + 999) / 1000)));
            return r;
        }
        return json_response(200, {{"token", login->token},
                                   {"expires_at", format_time(login->expires_at_ms)},
                                   {"user",
                                    {{"id", login->user.id},
                                     {"username", login->user.username},
                                     {"role", store::role_name(login->user.role)}}}});
    }

    Response logout() {
        auto w = who();
        if (!w) return from_status(w.status());
        const auto& h = req_.authorization;
        const Status st = platform_.logout(std::string_view(h).substr(7));
        if (!st) return from_status(st);
        return json_response(200, {{"revoked", true}});
    }

    Response me() {
        auto w = who();
        if (!w) return from_status(w.status());
        return json_response(200, {{"id", w->id},
                                   {"username", w->username},
                                   {"role", store::role_name(w->role)}});
    }

    Response get_consent() {
        auto w = who();
        if (!w) return from_status(w.status());
        auto c = platform_.consent(*w);
        if (!c) return from_status(c.status());
        return json_response(200, consent_json(*c));
    }

    Response put_consent() {
        auto w = who();
        if (!w) return from_status(w.status());
        auto body = parse_object(req_.body, {"text", "voice", "face", "body",
                                             "share_with_clinician", "pool_outcomes"});
        if (!body) return from_status(body.status());
        platform::ConsentUpdate u;
        for (auto [field, slot] : {std::pair{"text", &u.text}, {"voice", &u.voice},
                                   {"face", &u.face}, {"body", &u.body},
                                   {"share_with_clinician", &u.share_with_clinician},
                                   {"pool_outcomes", &u.pool_outcomes}}) {
            auto v = get_bool(*body, field);
            if (!v) return from_status(v.status());
            *slot = *v;
        }
        auto c = platform_.update_consent(*w, u);
        if (!c) return from_status(c.status());
        return json_response(200, consent_json(*c));
    }

    Response post_journal() {
        auto w = who();
        if (!w) return from_status(w.status());
        auto body = parse_object(req_.body, {"text"});
        if (!body) return from_status(body.status());
        auto text = get_string(*body, "text", true);
        if (!text) return from_status(text.status());
        auto rec = platform_.add_journal_entry(*w, **text);
        if (!rec) return from_status(rec.status());
        // journal_json without the text: the client has it, and echoing patient text back is
        // needless exposure. The analysis is already JSON (text::append_json): it is spliced in
        // as it is rather than parsed and written again, which took 9 % of the server's time
        // per entry (perf, benchmarks/api_throughput.sh).
        Response r;
        r.status = 201;
        r.body = json{{"id", rec->id}, {"created_at", format_time(rec->created_at_ms)}}.dump();
        r.body.pop_back();  // the closing brace
        if (rec->analysis_json.empty()) {
            r.body += R"(,"analysis":null,"analysis_withheld":)";
            r.body += json(kAnalysisWithheld).dump();
        } else {
            r.body += R"(,"analysis":)";
            r.body += rec->analysis_json;
        }
        r.body += '}';
        r.headers.emplace_back("Location", "/v1/patients/" + w->id + "/journal");
        return r;
    }

    Response journal(const std::string& patient_id) {
        auto w = who();
        if (!w) return from_status(w.status());
        auto range = parse_range(req_);
        if (!range) return from_status(range.status());
        auto entries = platform_.journal(*w, patient_id, *range);
        if (!entries) return from_status(entries.status());
        json list = json::array();
        for (const auto& e : *entries) list.push_back(journal_json(e));
        return json_response(200, {{"patient_id", patient_id}, {"entries", std::move(list)}});
    }

    Response post_check_in() {
        auto w = who();
        if (!w) return from_status(w.status());
        auto body = parse_object(req_.body, {"kind", "mood", "emotions", "note", "answers"});
        if (!body) return from_status(body.status());
        platform::CheckInRequest c;
        auto kind = get_string(*body, "kind", true);
        if (!kind) return from_status(kind.status());
        c.kind = **kind;
        auto mood = get_int(*body, "mood");
        if (!mood) return from_status(mood.status());
        c.mood = *mood;
        auto note = get_string(*body, "note", false);
        if (!note) return from_status(note.status());
        c.note = note->value_or("");
        if (body->contains("emotions")) {
            const auto& e = (*body)["emotions"];
            if (!e.is_array()) return from_status(Status::invalid_argument("emotions: must be a list of words"));
            for (std::size_t i = 0; i < e.size(); ++i) {
                if (!e[i].is_string())
                    return from_status(Status::invalid_argument(
                        "emotions[" + std::to_string(i) + "]: must be a string"));
                c.emotions.push_back(e[i].get<std::string>());
            }
        }
        if (body->contains("answers")) {
            const auto& a = (*body)["answers"];
            if (!a.is_array())
                return from_status(Status::invalid_argument("answers: must be a list of item scores"));
            for (std::size_t i = 0; i < a.size(); ++i) {
                if (a[i].is_null()) {
                    c.answers.emplace_back();
                } else if (a[i].is_number_integer() && a[i].get<std::int64_t>() >= -1000 &&
                           a[i].get<std::int64_t>() <= 1000) {
                    c.answers.emplace_back(a[i].get<int>());
                } else {
                    return from_status(Status::invalid_argument(
                        "answers[" + std::to_string(i) + "]: must be an item score (0-3)"));
                }
            }
        }
        auto rec = platform_.add_check_in(*w, c);
        if (!rec) return from_status(rec.status());
        return json_response(201, check_in_json(*rec));
    }

    Response check_ins(const std::string& patient_id) {
        auto w = who();
        if (!w) return from_status(w.status());
        auto range = parse_range(req_);
        if (!range) return from_status(range.status());
        auto rows = platform_.check_ins(*w, patient_id, *range);
        if (!rows) return from_status(rows.status());
        json list = json::array();
        for (const auto& r : *rows) list.push_back(check_in_json(r));
        return json_response(200, {{"patient_id", patient_id}, {"check_ins", std::move(list)}});
    }

    Response patients() {
        auto w = who();
        if (!w) return from_status(w.status());
        auto rows = platform_.patients(*w);
        if (!rows) return from_status(rows.status());
        json list = json::array();
        for (const auto& p : *rows) {
            json risk = nullptr;
            if (p.risk)
                risk = {{"score", p.risk->score},
                        {"level", tracking::severity_name(p.risk->level)},
                        {"reason", p.risk->reason}};
            list.push_back({{"id", p.id},
                            {"username", p.username},
                            {"sharing", p.sharing},
                            {"risk", std::move(risk)},
                            {"open_alerts", p.open_alerts}});
        }
        return json_response(200, {{"patients", std::move(list)}});
    }

    // from and to (exclusive); the last 90 days up to now by default.
    Response timeline(const std::string& patient_id) {
        auto w = who();
        if (!w) return from_status(w.status());
        constexpr std::int64_t kDefaultMs = 90LL * 86'400'000;
        std::optional<std::int64_t> from, to;
        for (const auto& [name, value] : req_.query) {
            if (name != "from" && name != "to")
                return from_status(Status::invalid_argument(
                    "unknown query parameter '" + name + "' (known: from, to)"));
            auto t = parse_time(name, value);
            if (!t) return from_status(t.status());
            (name == "from" ? from : to) = *t;
        }
        const std::int64_t end = to.value_or(platform_.now_ms());
        const std::int64_t begin = from.value_or(end - kDefaultMs);
        auto j = platform_.journey(*w, patient_id, begin, end);
        if (!j) return from_status(j.status());
        return json_response(200, journey_json(*j));
    }

    // status (open by default, or all), patient_id, limit (1..1000, default 200).
    Response alerts() {
        auto w = who();
        if (!w) return from_status(w.status());
        platform::AlertFilter f;
        for (const auto& [name, value] : req_.query) {
            if (name == "status") {
                if (value == "all") {
                    f.status.reset();
                } else {
                    auto st = store::parse_alert_status(value);
                    if (!st)
                        return from_status(Status::invalid_argument(
                            "status: '" + value + "' is not open, acknowledged, dismissed or all"));
                    f.status = *st;
                }
            } else if (name == "patient_id") {
                f.patient_id = value;
            } else if (name == "limit") {
                auto v = parse_limit(value);
                if (!v) return from_status(v.status());
                f.limit = *v;
            } else {
                return from_status(Status::invalid_argument(
                    "unknown query parameter '" + name + "' (known: status, patient_id, limit)"));
            }
        }
        auto rows = platform_.alerts(*w, f);
        if (!rows) return from_status(rows.status());
        json list = json::array();
        for (const auto& a : *rows) list.push_back(alert_json(a));
        return json_response(200, {{"alerts", std::move(list)}});
    }

    Response set_alert_status(const std::string& id, store::AlertStatus status) {
        auto w = who();
        if (!w) return from_status(w.status());
        const char* field = status == store::AlertStatus::dismissed ? "reason" : "note";
        auto body = parse_object(req_.body.empty() ? std::string("{}") : req_.body, {field});
        if (!body) return from_status(body.status());
        auto note = get_string(*body, field, false);
        if (!note) return from_status(note.status());
        auto a = platform_.set_alert_status(*w, id, status, note->value_or(""));
        if (!a) return from_status(a.status());
        return json_response(200, alert_json(*a));
    }

    Response annotate_alert(const std::string& id) {
        auto w = who();
        if (!w) return from_status(w.status());
        auto body = parse_object(req_.body, {"text"});
        if (!body) return from_status(body.status());
        auto text = get_string(*body, "text", true);
        if (!text) return from_status(text.status());
        auto a = platform_.annotate_alert(*w, id, **text);
        if (!a) return from_status(a.status());
        return json_response(201, alert_json(*a));
    }

    // Server-Sent Events: "event: alert" with an alert object whenever one of the clinician's
    // alerts is raised or changes after the stream opened; a keep-alive comment every 15 s.
    // The platform wakes the stream at once for changes made by this server; others (servers
    // sharing a PostgreSQL store) are picked up by a poll every 5 s. The token is checked again
    // at every wake-up, so a revoked or expired token ends the stream.
    Response alert_stream() {
        auto w = who();
        if (!w) return from_status(w.status());
        // Changes committed up to this long before a poll may become visible only after it
        // (another server's transaction), so each poll looks this far back; what was already
        // sent, or already there when the stream opened, is not sent again.
        constexpr std::int64_t kOverlapMs = 10'000;
        const std::int64_t opened_ms = platform_.now_ms();
        platform::AlertFilter recent;
        recent.status.reset();
        recent.updated_since_ms = opened_ms - kOverlapMs;
        auto before = platform_.alerts(*w, recent);  // checks the role too
        if (!before) return from_status(before.status());
        if (streams_.open->fetch_add(1) >= Api::kMaxStreams) {
            streams_.open->fetch_sub(1);
            Response r = error_response(503, "too many live alert feeds are open: try again later");
            r.headers.emplace_back("Retry-After", "30");
            return r;
        }
        struct State {
            platform::Platform* platform;
            Api::Streams streams;
            platform::Principal who;
            std::string token, resource;
            std::uint64_t generation;
            std::int64_t since_ms;
            std::int64_t last_write_ms;
            std::map<std::string, std::int64_t> sent;  // alert id -> updated_at_ms sent
            ~State() { streams.open->fetch_sub(1); }
        };
        auto st = std::make_shared<State>(State{&platform_, streams_, *w,
                                                req_.authorization.substr(7),
                                                req_.method + " " + req_.path,
                                                platform_.alert_generation(), opened_ms,
                                                opened_ms, {}});
        for (const auto& a : *before) st->sent[a.row.id] = a.row.updated_at_ms;
        Response r;
        r.content_type = "text/event-stream";
        r.headers.emplace_back("X-Accel-Buffering", "no");
        r.stream = [st, first = true](const StreamWriter& write) mutable -> bool {
            constexpr std::int64_t kPollMs = 5'000, kKeepAliveMs = 15'000;
            if (first) {
                first = false;
                return write("retry: 5000\n: connected\n\n");
            }
            st->generation = st->platform->wait_for_alerts(st->generation, kPollMs);
            if (st->streams.stopping->load()) return false;
            if (!st->platform->authenticate(st->token, st->resource)) return false;
            const std::int64_t now = st->platform->now_ms();
            platform::AlertFilter f;
            f.status.reset();
            f.updated_since_ms = st->since_ms - kOverlapMs;
            auto changed = st->platform->alerts(st->who, f);
            if (!changed) return false;  // e.g. the clinician was unassigned: the feed ends
            st->since_ms = now;
            std::string out;
            for (auto it = changed->rbegin(); it != changed->rend(); ++it) {
                auto& seen = st->sent[it->row.id];
                if (seen == it->row.updated_at_ms) continue;
                seen = it->row.updated_at_ms;
                out += "event: alert\ndata: " + alert_json(*it).dump() + "\n\n";
            }
            if (out.empty() && now - st->last_write_ms < kKeepAliveMs) return true;
            if (out.empty()) out = ": keep-alive\n\n";
            st->last_write_ms = now;
            return write(out);
        };
        return r;
    }

    // The companion's answer: care::Reply's JSON with where the two messages were stored.
    Response post_chat() {
        auto w = who();
        if (!w) return from_status(w.status());
        auto body = parse_object(req_.body, {"message"});
        if (!body) return from_status(body.status());
        auto message = get_string(*body, "message", true);
        if (!message) return from_status(message.status());
        auto turn = platform_.chat(*w, **message);
        if (!turn) return from_status(turn.status());
        auto j = turn->reply.to_json();
        j["message_id"] = turn->message_id;
        j["reply_id"] = turn->reply_id;
        j["alert_id"] = turn->alert_id.empty() ? nlohmann::json() : nlohmann::json(turn->alert_id);
        Response r;
        r.body = j.dump();
        return r;
    }

    Response greeting() {
        auto w = who();
        if (!w) return from_status(w.status());
        if (!req_.query.empty())
            return from_status(Status::invalid_argument("unknown query parameter '" +
                                                        req_.query.front().first +
                                                        "' (this route takes none)"));
        auto reply = platform_.greeting(*w);
        if (!reply) return from_status(reply.status());
        Response r;
        r.body = reply->to_json().dump();
        return r;
    }

    Response chat_history(const std::string& patient_id) {
        auto w = who();
        if (!w) return from_status(w.status());
        auto range = parse_range(req_);
        if (!range) return from_status(range.status());
        auto rows = platform_.chat_history(*w, patient_id, *range);
        if (!rows) return from_status(rows.status());
        json list = json::array();
        for (const auto& m : *rows) list.push_back(chat_message_json(m));
        return json_response(200, {{"patient_id", patient_id}, {"messages", std::move(list)}});
    }

    Response safety_plan(const std::string& patient_id) {
        auto w = who();
        if (!w) return from_status(w.status());
        auto plan = platform_.safety_plan(*w, patient_id);
        if (!plan) return from_status(plan.status());
        return json_response(200, safety_plan_json(*plan));
    }

    // The body is the plan's four lists; a list left out is emptied (the plan is replaced).
    Response put_safety_plan(const std::string& patient_id) {
        auto w = who();
        if (!w) return from_status(w.status());
        auto body = parse_object(req_.body, {"warning_signs", "coping_strategies",
                                             "people_and_places", "professionals"});
        if (!body) return from_status(body.status());
        // SafetyPlan::from_json names the section and the item ("safety plan: professionals
        // item 2 is empty"); it reads nlohmann::json, the body is ordered_json.
        auto plan = care::SafetyPlan::from_json(nlohmann::json::parse(body->dump()));
        if (!plan) return from_status(plan.status());
        auto saved = platform_.set_safety_plan(*w, patient_id, *plan);
        if (!saved) return from_status(saved.status());
        return json_response(200, safety_plan_json(*saved));
    }

    Response companion_settings(const std::string& patient_id) {
        auto w = who();
        if (!w) return from_status(w.status());
        auto settings = platform_.companion_settings(*w, patient_id);
        if (!settings) return from_status(settings.status());
        return json_response(200, companion_settings_json(*settings));
    }

    // A field left out keeps its value.
    Response put_companion_settings(const std::string& patient_id) {
        auto w = who();
        if (!w) return from_status(w.status());
        auto body = parse_object(req_.body, {"locale", "utc_offset_min"});
        if (!body) return from_status(body.status());
        auto locale = get_string(*body, "locale", false);
        if (!locale) return from_status(locale.status());
        auto offset = get_int(*body, "utc_offset_min");
        if (!offset) return from_status(offset.status());
        auto saved = platform_.set_companion_settings(*w, patient_id, *locale, *offset);
        if (!saved) return from_status(saved.status());
        return json_response(200, companion_settings_json(*saved));
    }

    Response export_data() {
        auto w = who();
        if (!w) return from_status(w.status());
        auto out = platform_.export_data(*w);
        if (!out) return from_status(out.status());
        Response r = json_response(200, *out);
        r.headers.emplace_back("Content-Disposition", "attachment; filename=\"attune-export.json\"");
        return r;
    }

    Response erase() {
        auto w = who();
        if (!w) return from_status(w.status());
        auto n = platform_.erase(*w);
        if (!n) return from_status(n.status());
        return json_response(200, {{"erased", true}, {"rows_deleted", *n}});
    }

    platform::Platform& platform_;
    const Request& req_;
    Api::Streams streams_;
};

}  // namespace

Response error_response(int status, const std::string& message) {
    Response r;
    r.status = status;
    r.body = json{{"error", {{"code", status}, {"type", error_type(status)}, {"message", message}}}}
                 .dump(-1, ' ', false, json::error_handler_t::replace);
    return r;
}

Response Api::handle(const Request& request) const {
    try {
        return Call(platform_, request, {&stopping_, &streams_}).dispatch();
    } catch (const std::exception& e) {
        log(LogLevel::error, std::string("route ") + request.path + ": " + e.what());
        return error_response(500, "internal error: the server could not complete the request");
    }
}

}  // namespace attune::server
