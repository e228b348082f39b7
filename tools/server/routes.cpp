// SPDX-License-Identifier: Apache-2.0
// The /v1 routes: parse and check the request, call the platform, write JSON. No rule lives
// here: who may do what is the platform's (include/attune/platform.hpp).
#include <charconv>
#include <ctime>
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

// A request body: a JSON object whose fields are all known to the route.
Result<json> parse_object(const std::string& body, std::initializer_list<std::string_view> known) {
    json j = json::parse(body, nullptr, false);
    if (j.is_discarded()) return Status::invalid_argument("body: not valid JSON");
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

// from, to (exclusive) and limit (1..1000, default 100) from the query; unknown names refused.
Result<store::TimeRange> parse_range(const Request& req) {
    store::TimeRange range;
    for (const auto& [name, value] : req.query) {
        if (name == "from" || name == "to") {
            auto t = parse_time(name, value);
            if (!t) return t.status();
            (name == "from" ? range.from_ms : range.to_ms) = *t;
        } else if (name == "limit") {
            std::int64_t v = 0;
            const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
            if (ec != std::errc{} || p != value.data() + value.size() || v < 1 || v > 1000)
                return Status::invalid_argument("limit: '" + value +
                                                "' is not a whole number from 1 to 1000");
            range.limit = v;
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

json consent_json(const store::Consent& c) {
    return {{"text", c.text}, {"voice", c.voice}, {"face", c.face}, {"body", c.body},
            {"share_with_clinician", c.share_with_clinician}};
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
    Call(platform::Platform& p, const Request& r) : platform_(p), req_(r) {}

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
        auto login = platform_.login(**user, **pass, req_.remote_addr);
        if (!login) {
            Response r = from_status(login.status());
            if (r.status == 429) r.headers.emplace_back("Retry-After", "60");
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
        auto body = parse_object(req_.body, {"text", "voice", "face", "body", "share_with_clinician"});
        if (!body) return from_status(body.status());
        platform::ConsentUpdate u;
        for (auto [field, slot] : {std::pair{"text", &u.text}, {"voice", &u.voice},
                                   {"face", &u.face}, {"body", &u.body},
                                   {"share_with_clinician", &u.share_with_clinician}}) {
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
        for (const auto& p : *rows)
            list.push_back({{"id", p.id}, {"username", p.username}, {"sharing", p.sharing}});
        return json_response(200, {{"patients", std::move(list)}});
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
        return Call(platform_, request).dispatch();
    } catch (const std::exception& e) {
        log(LogLevel::error, std::string("route ") + request.path + ": " + e.what());
        return error_response(500, "internal error: the server could not complete the request");
    }
}

}  // namespace attune::server
