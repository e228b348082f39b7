// SPDX-License-Identifier: Apache-2.0
// docs/openapi.yaml against a running `attune serve` (issue #4): every documented operation is
// served, every served route is documented, each status the server answers is one the document
// lists for that operation, every error has the documented Error shape, the roles in x-roles
// are the ones served, request examples are accepted, unknown fields refused, and each success
// body has the fields its schema names (and, where the schema is closed, no others).
//
// The document is read line by line, without a YAML library: it keeps a regular layout for
// that (its header says which).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "support/run.hpp"
#include "support/server.hpp"

namespace attune {
namespace {

using json = nlohmann::json;
using test::run;

// The routes the server's dispatcher (tools/server/routes.cpp, Call::dispatch) serves. A route
// added there and not here, or here and not in docs/openapi.yaml, fails
// EveryServedRouteIsDocumentedAndNoOther.
const std::set<std::string> kServed = {
    "GET /v1/health",
    "POST /v1/sessions",
    "DELETE /v1/sessions/current",
    "GET /v1/me",
    "DELETE /v1/me",
    "GET /v1/me/consent",
    "PUT /v1/me/consent",
    "GET /v1/me/export",
    "POST /v1/journal",
    "POST /v1/checkins",
    "GET /v1/patients",
    "GET /v1/patients/{id}/journal",
    "GET /v1/patients/{id}/checkins",
    "GET /v1/patients/{id}/timeline",
    "GET /v1/patients/{id}/chat",
    "GET /v1/patients/{id}/safety-plan",
    "PUT /v1/patients/{id}/safety-plan",
    "GET /v1/patients/{id}/companion-settings",
    "PUT /v1/patients/{id}/companion-settings",
    "POST /v1/chat",
    "GET /v1/chat/greeting",
    "GET /v1/alerts",
    "GET /v1/alerts/stream",
    "POST /v1/alerts/{alert_id}/acknowledge",
    "POST /v1/alerts/{alert_id}/dismiss",
    "POST /v1/alerts/{alert_id}/notes",
};

// ----- Reading docs/openapi.yaml --------------------------------------------------------------

struct Operation {
    std::string method;  // "GET"
    std::string path;    // "/v1/patients/{id}/journal"
    std::set<int> statuses;
    std::map<int, std::string> schema_of;  // status -> the schema of its body
    std::vector<std::string> roles;        // x-roles
    bool is_public = false;                // security: []
    std::string example;                   // the request body's example, one line of JSON
    bool has_query = false;                // documents from, to and limit
    bool streams = false;                  // its success is a text/event-stream
    std::string key() const { return method + " " + path; }
};

struct Schema {
    std::vector<std::string> required;
    std::map<std::string, std::string> properties;  // name -> the rest of its line
    bool closed = false;                            // additionalProperties: false
};

struct Spec {
    std::vector<Operation> operations;
    std::map<std::string, Schema> schemas;
    std::vector<std::string> error_types;  // the Error schema's type enum
};

struct Line {
    int indent = 0;
    std::string text;  // without the indent
    int number = 0;
};

// "[a, b, 'c']" -> {"a", "b", "c"}.
std::vector<std::string> flow_list(const std::string& s) {
    std::vector<std::string> out;
    const auto open = s.find('['), close = s.rfind(']');
    if (open == std::string::npos || close == std::string::npos || close < open) return out;
    std::stringstream ss(s.substr(open + 1, close - open - 1));
    for (std::string item; std::getline(ss, item, ',');) {
        const auto b = item.find_first_not_of(" '\""), e = item.find_last_not_of(" '\"");
        if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
    }
    return out;
}

bool starts_with(const std::string& s, std::string_view p) { return s.rfind(p, 0) == 0; }

// The lines that carry structure: no blanks, no comments, no block scalar contents.
std::vector<Line> structural_lines(const std::string& text) {
    std::vector<Line> out;
    std::stringstream ss(text);
    int number = 0, block_indent = -1;
    for (std::string raw; std::getline(ss, raw);) {
        ++number;
        const auto first = raw.find_first_not_of(' ');
        if (first == std::string::npos || raw[first] == '#') continue;
        const int indent = static_cast<int>(first);
        if (block_indent >= 0 && indent > block_indent) continue;  // inside `key: >-`
        block_indent = -1;
        Line l{indent, raw.substr(first), number};
        while (!l.text.empty() && (l.text.back() == ' ' || l.text.back() == '\r'))
            l.text.pop_back();
        if (l.text.ends_with(": >-") || l.text.ends_with(": >") || l.text.ends_with(": |") ||
            l.text.ends_with(": |-"))
            block_indent = indent;
        out.push_back(std::move(l));
    }
    return out;
}

Spec read_spec(const std::string& file) {
    Spec spec;
    const auto lines = structural_lines(test::read_all(file));
    const std::set<std::string> methods = {"get", "post", "put", "delete", "patch"};
    const std::regex status_key(R"(^'(\d{3})':$)");
    const std::regex schema_ref(R"(^schema: \{\$ref: '#/components/schemas/(\w+)'\}$)");
    std::string top, sub, path, schema;
    Operation* op = nullptr;
    std::string op_section;  // requestBody, responses, parameters, ...
    int status = 0;
    bool in_properties = false;
    for (const auto& l : lines) {
        const auto colon = l.text.find(':');
        const std::string key = colon == std::string::npos ? l.text : l.text.substr(0, colon);
        const std::string value =
            colon == std::string::npos || colon + 2 > l.text.size() ? "" : l.text.substr(colon + 2);
        if (l.indent == 0) {
            top = key;
            continue;
        }
        if (top == "paths") {
            if (l.indent == 2 && starts_with(l.text, "/")) {
                path = key;
                op = nullptr;
            } else if (l.indent == 4 && methods.count(key) && value.empty()) {
                Operation o;
                o.method = key;
                for (auto& c : o.method) c = static_cast<char>(std::toupper(c));
                o.path = path;
                spec.operations.push_back(o);
                op = &spec.operations.back();
                op_section.clear();
            } else if (op && l.indent == 6) {
                op_section = key;
                if (key == "x-roles") op->roles = flow_list(value);
                if (key == "security" && value == "[]") op->is_public = true;
            } else if (op && op_section == "responses" && l.indent == 8) {
                std::smatch m;
                status = std::regex_match(l.text, m, status_key) ? std::stoi(m[1]) : 0;
                if (status) op->statuses.insert(status);
            } else if (op && op_section == "responses" && status && l.indent == 12 &&
                       key == "text/event-stream") {
                op->streams = true;
            } else if (op && op_section == "responses" && status && l.indent == 14) {
                std::smatch m;
                if (std::regex_match(l.text, m, schema_ref)) op->schema_of[status] = m[1];
            } else if (op && op_section == "requestBody" && l.indent == 12 && key == "example") {
                op->example = value;
            } else if (op && op_section == "parameters" &&
                       l.text.find("components/parameters/Limit") != std::string::npos) {
                op->has_query = true;
            }
        } else if (top == "components") {
            if (l.indent == 2) {
                sub = key;
            } else if (sub == "schemas" && l.indent == 4) {
                schema = key;
                spec.schemas[schema];
                in_properties = false;
            } else if (sub == "schemas" && l.indent == 6) {
                auto& s = spec.schemas[schema];
                in_properties = key == "properties";
                if (key == "required") s.required = flow_list(value);
                if (key == "additionalProperties" && value == "false") s.closed = true;
            } else if (sub == "schemas" && l.indent == 8 && in_properties) {
                spec.schemas[schema].properties[key] = value;
            }
            if (sub == "schemas" && schema == "Error" && starts_with(l.text, "enum: ["))
                spec.error_types = flow_list(value);
        }
    }
    return spec;
}

// ----- Checking a body against a schema -------------------------------------------------------

bool has_type(const json& v, const std::string& type) {
    if (type == "string") return v.is_string();
    if (type == "integer") return v.is_number_integer();
    if (type == "number") return v.is_number();
    if (type == "boolean") return v.is_boolean();
    if (type == "array") return v.is_array();
    if (type == "object") return v.is_object();
    return true;
}

void check_schema(const Spec& spec, const std::string& name, const json& v,
                  const std::string& where, std::vector<std::string>& problems);

// One property, as its line in the document describes it: a type, an enum, items, references.
void check_property(const Spec& spec, const std::string& line, const json& v,
                    const std::string& where, std::vector<std::string>& problems) {
    static const std::regex ref(R"(#/components/schemas/(\w+))");
    static const std::regex type(R"(^\{type: (\w+))");
    static const std::regex item_type(R"(items: \{type: (\w+))");
    static const std::regex enumeration(R"(enum: (\[[^\]']*\]))");
    if (v.is_null()) {
        if (line.find("nullable: true") == std::string::npos) problems.push_back(where + ": null");
        return;
    }
    std::smatch m;
    if (std::regex_search(line, m, type) && !has_type(v, m[1])) {
        problems.push_back(where + ": not of type " + std::string(m[1]));
        return;
    }
    if (std::regex_search(line, m, enumeration) && v.is_primitive()) {
        const auto allowed = flow_list(m[1]);
        const std::string text = v.is_string() ? v.get<std::string>() : v.dump();
        if (std::find(allowed.begin(), allowed.end(), text) == allowed.end())
            problems.push_back(where + ": '" + text + "' is not in " + std::string(m[1]));
    }
    std::vector<std::string> refs;
    for (auto it = std::sregex_iterator(line.begin(), line.end(), ref);
         it != std::sregex_iterator(); ++it)
        refs.push_back((*it)[1]);
    // One value against the schemas it may have (oneOf, allOf of one, or a plain reference).
    const auto check_refs = [&](const json& value, const std::string& at) {
        std::vector<std::string> first;
        for (std::size_t i = 0; i < refs.size(); ++i) {
            std::vector<std::string> p;
            check_schema(spec, refs[i], value, at, p);
            if (p.empty()) return;
            if (i == 0) first = p;
        }
        problems.insert(problems.end(), first.begin(), first.end());
    };
    const bool array = line.find("type: array") != std::string::npos;
    if (array) {
        for (std::size_t i = 0; i < v.size(); ++i) {
            const std::string at = where + "[" + std::to_string(i) + "]";
            if (!refs.empty()) {
                check_refs(v[i], at);
            } else if (std::regex_search(line, m, item_type) && !has_type(v[i], m[1])) {
                problems.push_back(at + ": not of type " + std::string(m[1]));
            }
        }
    } else if (!refs.empty()) {
        check_refs(v, where);
    }
}

void check_schema(const Spec& spec, const std::string& name, const json& v,
                  const std::string& where, std::vector<std::string>& problems) {
    const auto it = spec.schemas.find(name);
    if (it == spec.schemas.end()) {
        problems.push_back(where + ": schema " + name + " is not in the document");
        return;
    }
    const auto& s = it->second;
    if (!v.is_object()) {
        problems.push_back(where + ": not an object (" + name + ")");
        return;
    }
    for (const auto& r : s.required)
        if (!v.contains(r)) problems.push_back(where + ": " + name + " requires '" + r + "'");
    for (const auto& [key, value] : v.items()) {
        const auto p = s.properties.find(key);
        if (p == s.properties.end()) {
            if (s.closed) problems.push_back(where + ": '" + key + "' is not in " + name);
            continue;
        }
        check_property(spec, p->second, value, where + "." + key, problems);
    }
}

// ----- The server -----------------------------------------------------------------------------

struct Reply {
    int status = 0;
    json body;
    httplib::Headers headers;
};

std::string add_user(const std::string& data, const std::string& role, const std::string& name,
                     const std::string& password) {
    auto r = run(test::cli() + " admin user add --data " + data + " --role " + role +
                     " --username " + name + " --password-cost interactive",
                 password + "\n");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return test::lines(r.out).empty() ? "" : test::lines(r.out)[0];
}

class OpenApi : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        spec_ = new Spec(read_spec(test::source_dir() + "/docs/openapi.yaml"));
        dir_ = new test::TempDir();
        data_ = dir_->path() + "/data";
        add_user(data_, "admin", "root.admin", "admin-password-1");
        add_user(data_, "clinician", "dr.one", "clinician-password-1");
        add_user(data_, "clinician", "dr.two", "clinician-password-2");
        // pat.one's password is the one in the document's login example.
        p1_ = add_user(data_, "patient", "pat.one", "patient-password-1");
        add_user(data_, "patient", "pat.two", "patient-password-2");
        auto r = run(test::cli() + " admin assign --data " + data_ +
                     " --clinician dr.one --patient pat.one");
        ASSERT_EQ(r.exit_code, 0) << r.err;
        server_ = new test::ServerProcess(data_);
        ASSERT_GT(server_->port(), 0) << server_->output();
    }
    static void TearDownTestSuite() {
        delete server_;
        delete dir_;
        delete spec_;
    }

    void SetUp() override {
        ASSERT_NE(server_, nullptr);
        ASSERT_GT(server_->port(), 0);
        // pat.one analyses and shares, and has entries (one with crisis language, one with
        // distortions) and every kind of check-in, so that the read routes return bodies worth
        // checking.
        const auto t = login("pat.one");
        ASSERT_EQ(
            call("PUT", "/v1/me/consent", t, R"({"text":true,"share_with_clinician":true})").status,
            200);
        if (!seeded_) {
            for (const auto& op : spec_->operations) {
                if (op.key() != "POST /v1/journal" && op.key() != "POST /v1/checkins") continue;
                const auto r = call(op.method, op.path, t, op.example);
                ASSERT_EQ(r.status, 201) << op.key() << ": " << r.body.dump();
                if (op.path == "/v1/journal") {
                    ASSERT_EQ(r.body["analysis"]["crisis"]["level"], "passive") << r.body.dump();
                }
            }
            ASSERT_EQ(call("POST", "/v1/journal", t,
                           R"({"text":"I always ruin everything. I feel so alone."})")
                          .status,
                      201);
            ASSERT_EQ(call("POST", "/v1/checkins", t,
                           R"({"kind":"mood","mood":3,"emotions":["tired"],"note":"long day"})")
                          .status,
                      201);
            ASSERT_EQ(
                call("POST", "/v1/checkins", t, R"({"kind":"gad7","answers":[1,1,2,0,1,0,3]})")
                    .status,
                201);
            seeded_ = true;
        }
    }

    Reply call(const std::string& method, const std::string& path, const std::string& token = "",
               const std::string& body = "", httplib::Headers h = {}) {
        httplib::Client http("127.0.0.1", server_->port());
        http.set_read_timeout(30);
        if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
        httplib::Result r = method == "GET"     ? http.Get(path, h)
                            : method == "POST"  ? http.Post(path, h, body, "application/json")
                            : method == "PUT"   ? http.Put(path, h, body, "application/json")
                            : method == "PATCH" ? http.Patch(path, h, body, "application/json")
                            : method == "HEAD"  ? http.Head(path, h)
                                                : http.Delete(path, h, body, "application/json");
        Reply out;
        if (!r) return out;
        out.status = r->status;
        out.body = json::parse(r->body, nullptr, false);
        out.headers = r->headers;
        return out;
    }

    std::string login(const std::string& username) {
        static const std::map<std::string, std::string> passwords = {
            {"root.admin", "admin-password-1"},
            {"dr.one", "clinician-password-1"},
            {"dr.two", "clinician-password-2"},
            {"pat.one", "patient-password-1"},
            {"pat.two", "patient-password-2"}};
        const auto known = passwords.find(username);
        const std::string password = known == passwords.end() ? "fresh-password-1" : known->second;
        auto r = call("POST", "/v1/sessions", "",
                      json{{"username", username}, {"password", password}}.dump());
        EXPECT_EQ(r.status, 200) << username << ": " << r.body.dump();
        return r.status == 200 ? r.body["token"].get<std::string>() : "";
    }

    // A patient of their own, for a request that may erase or change them.
    std::string fresh_patient() {
        const std::string name = "pat.fresh" + std::to_string(++fresh_);
        add_user(data_, "patient", name, "fresh-password-1");
        return name;
    }

    // The account to call `op` as `role`, with the right to (the patient whose id is in the
    // path, the clinician assigned to them).
    std::string account_for(const Operation& op, const std::string& role) {
        if (role == "admin") return "root.admin";
        if (role == "clinician") return "dr.one";
        // The companion needs consent to text analysis, which pat.one has and a fresh one not.
        if (op.path.find("{id}") != std::string::npos || op.path == "/v1/chat") return "pat.one";
        return fresh_patient();
    }

    // What every reply must be: a route the server knows, a status the document lists for the
    // operation, an error in the Error shape, a success body that fits its schema.
    void expect_documented(const Operation& op, const Reply& r, const std::string& context) {
        SCOPED_TRACE(op.key() + " " + context);
        ASSERT_NE(r.status, 0) << "no reply";
        EXPECT_NE(r.status, 405) << r.body.dump();
        if (r.status == 404 && r.body.is_object() && r.body.contains("error")) {
            EXPECT_EQ(r.body["error"]["message"].dump().find("no route"), std::string::npos)
                << "the server does not serve it";
        }
        EXPECT_TRUE(op.statuses.count(r.status))
            << "status " << r.status << " is not documented: " << r.body.dump();
        if (r.status >= 400) {
            expect_error_shape(r);
        } else if (const auto s = op.schema_of.find(r.status); s != op.schema_of.end()) {
            std::vector<std::string> problems;
            check_schema(*spec_, s->second, r.body, "body", problems);
            for (const auto& p : problems) ADD_FAILURE() << p;
        } else {
            ADD_FAILURE() << "status " << r.status << " has no documented schema";
        }
    }

    void expect_error_shape(const Reply& r) {
        std::vector<std::string> problems;
        check_schema(*spec_, "Error", r.body, "body", problems);
        for (const auto& p : problems) ADD_FAILURE() << p << " in " << r.body.dump();
        if (!problems.empty()) return;
        const auto& e = r.body["error"];
        EXPECT_EQ(e["code"], r.status);
        EXPECT_TRUE(e["type"].is_string() &&
                    std::count(spec_->error_types.begin(), spec_->error_types.end(),
                               e["type"].get<std::string>()))
            << e["type"] << " is not a documented error type";
        EXPECT_TRUE(e["message"].is_string() && !e["message"].get<std::string>().empty());
        if (r.status == 401) {
            const auto h = r.headers.find("WWW-Authenticate");
            EXPECT_TRUE(h != r.headers.end() && h->second == "Bearer")
                << "a 401 without WWW-Authenticate: Bearer";
        }
    }

    std::string concrete(const std::string& path) {
        auto out = path;
        if (const auto at = out.find("{id}"); at != std::string::npos) out.replace(at, 4, p1_);
        if (const auto at = out.find("{alert_id}"); at != std::string::npos)
            out.replace(at, 10, alert_id());
        return out;
    }

    // An alert of pat.one's: the crisis language of the seeded journal example raised it.
    std::string alert_id() {
        const auto r = call("GET", "/v1/alerts?status=all", login("dr.one"));
        EXPECT_EQ(r.status, 200) << r.body.dump();
        EXPECT_FALSE(r.body["alerts"].empty()) << "the seeded entry raised no alert";
        return r.body["alerts"].empty() ? "none" : r.body["alerts"][0]["id"].get<std::string>();
    }

    // A streamed GET: its status, content type and first bytes, then the connection closed.
    Reply open_stream(const std::string& path, const std::string& token, std::string* first) {
        httplib::Client http("127.0.0.1", server_->port());
        http.set_read_timeout(30);
        Reply out;
        http.Get(
            path, {{"Authorization", "Bearer " + token}},
            [&](const httplib::Response& res) {
                out.status = res.status;
                out.headers = res.headers;
                return true;
            },
            [&](const char* data, std::size_t n) {
                first->append(data, n);
                return false;  // one chunk is enough
            });
        return out;
    }

    static inline Spec* spec_ = nullptr;
    static inline test::TempDir* dir_ = nullptr;
    static inline test::ServerProcess* server_ = nullptr;
    static inline std::string data_, p1_;
    static inline int fresh_ = 0;
    static inline bool seeded_ = false;
};

TEST_F(OpenApi, TheDocumentReadsAsExpected) {
    // Guards the reader: a layout change that hid operations or schemas would pass vacuously.
    ASSERT_EQ(spec_->operations.size(), kServed.size());
    for (const auto& op : spec_->operations) {
        SCOPED_TRACE(op.key());
        EXPECT_FALSE(op.statuses.empty());
        EXPECT_TRUE(op.is_public || !op.roles.empty()) << "neither security: [] nor x-roles";
        EXPECT_FALSE(op.schema_of.empty()) << "no success schema";
    }
    for (const char* s : {"Error", "Analysis", "JournalEntry", "CheckIn", "Consent", "Patient",
                          "Export", "Emotions", "Crisis", "Distortion"})
        EXPECT_TRUE(spec_->schemas.count(s)) << s;
    EXPECT_EQ(spec_->schemas["Emotions"].required.size(), 28u);
    EXPECT_EQ(spec_->error_types.size(), 9u);
}

TEST_F(OpenApi, EveryServedRouteIsDocumentedAndNoOther) {
    std::set<std::string> documented;
    for (const auto& op : spec_->operations)
        EXPECT_TRUE(documented.insert(op.key()).second) << op.key() << " documented twice";
    for (const auto& route : kServed)
        EXPECT_TRUE(documented.count(route)) << route << " is served but not documented";
    for (const auto& route : documented)
        EXPECT_TRUE(kServed.count(route)) << route << " is documented but not served";
}

TEST_F(OpenApi, EveryDocumentedOperationAnswersAsDocumented) {
    for (const auto& op : spec_->operations) {
        const auto path = concrete(op.path);
        if (op.is_public) {
            const auto r = call(op.method, path, "", op.example);
            expect_documented(op, r, "public");
            EXPECT_LT(r.status, 300) << op.key() << ": " << r.body.dump();
        } else {
            ASSERT_FALSE(op.roles.empty()) << op.key();
            // No token, and a token the server never issued.
            expect_documented(op, call(op.method, path, "", op.example), "anonymous");
            expect_documented(
                op, call(op.method, path, "forged-token-000000000000000000000000000", op.example),
                "forged token");
            // Each documented role, with the right to: the example is accepted.
            for (const auto& role : op.roles) {
                if (op.streams) {
                    std::string first;
                    const auto r = open_stream(path, login(account_for(op, role)), &first);
                    EXPECT_EQ(r.status, 200) << op.key() << " as " << role << ": " << first;
                    const auto type = r.headers.find("Content-Type");
                    EXPECT_TRUE(type != r.headers.end() &&
                                starts_with(type->second, "text/event-stream"))
                        << op.key();
                    EXPECT_TRUE(starts_with(first, "retry: ")) << first;
                    continue;
                }
                const auto r = call(op.method, path, login(account_for(op, role)), op.example);
                expect_documented(op, r, "as " + role);
                EXPECT_LT(r.status, 300) << op.key() << " as " << role << ": " << r.body.dump();
            }
            // Each other role is refused.
            for (const std::string role : {"patient", "clinician", "admin"}) {
                if (std::count(op.roles.begin(), op.roles.end(), role)) continue;
                const auto r = call(op.method, path, login(account_for(op, role)), op.example);
                expect_documented(op, r, "as " + role + ", not in x-roles");
                EXPECT_EQ(r.status, 403) << op.key() << " as " << role;
            }
            // Someone else's patient: another patient, a clinician not assigned to them.
            if (op.path.find("{id}") != std::string::npos ||
                op.path.find("{alert_id}") != std::string::npos) {
                for (const std::string other : {"pat.two", "dr.two"}) {
                    const auto r = call(op.method, path, login(other), op.example);
                    expect_documented(op, r, "as " + other);
                    EXPECT_EQ(r.status, 403) << op.key() << " as " << other;
                }
            }
        }
        // The caller for the bad requests below: nobody for a public route; otherwise the first
        // role in x-roles (for a patient, pat.one: each of these is refused before it acts).
        const auto token = [&] {
            if (op.is_public) return std::string();
            const auto& role = op.roles.front();
            return login(role == "patient" ? "pat.one" : account_for(op, role));
        };
        // A body with an unknown field, and one that is not JSON (additionalProperties: false).
        if (!op.example.empty()) {
            for (const std::string body : {R"({"no_such_field":1})", "not json"}) {
                const auto r = call(op.method, path, token(), body);
                expect_documented(op, r, "body " + body);
                EXPECT_EQ(r.status, 400) << op.key() << " with " << body;
            }
        }
        // A body over the server's limit (1 MiB by default) on any method that reads one.
        if (op.method != "GET") {
            const auto r = call(op.method, path, token(), std::string((1 << 20) + 1, ' '));
            expect_documented(op, r, "a body over the limit");
            EXPECT_EQ(r.status, 413) << op.key();
        }
        // The query parameters: good ones, then out of range, malformed, unknown, reversed.
        if (op.has_query) {
            const std::string t = token();
            const auto good =
                call(op.method, path + "?from=2020-01-01&to=2100-01-01T00:00:00.000Z&limit=5", t);
            expect_documented(op, good, "from, to, limit");
            EXPECT_EQ(good.status, 200) << op.key() << ": " << good.body.dump();
            for (const std::string q : {"?limit=0", "?limit=1001", "?from=2026-02-30", "?nope=1",
                                        "?from=2026-05-02&to=2026-05-01"}) {
                const auto r = call(op.method, path + q, t);
                expect_documented(op, r, q);
                EXPECT_EQ(r.status, 400) << op.key() << q;
            }
        }
    }
}

TEST_F(OpenApi, OtherMethodsGet405AllowingTheDocumentedOnes) {
    std::map<std::string, std::set<std::string>> methods_of;
    for (const auto& op : spec_->operations) methods_of[op.path].insert(op.method);
    for (const auto& [path, methods] : methods_of) {
        SCOPED_TRACE(path);
        for (const std::string m : {"PATCH", "HEAD"}) {
            const auto r = call(m, concrete(path), login("pat.one"), m == "PATCH" ? "{}" : "");
            EXPECT_EQ(r.status, 405) << m;
            if (m == "PATCH") expect_error_shape(r);  // a reply to HEAD has no body
            std::set<std::string> allowed;
            const auto h = r.headers.find("Allow");
            ASSERT_NE(h, r.headers.end()) << m << ": no Allow header";
            std::stringstream ss(h->second);
            for (std::string a; std::getline(ss, a, ',');)
                allowed.insert(a.substr(a.find_first_not_of(' ')));
            EXPECT_EQ(allowed, methods) << m << ": Allow: " << h->second;
        }
    }
}

TEST_F(OpenApi, UnknownRoutesGet404AndOverlongRequestLines414InTheErrorShape) {
    // "/" itself is the web app's page (attune serve --web): a path outside /v1 that names no
    // file stands for it.
    const std::vector<std::string> unknown = {
        "/no-such-page", "/v1",       "/v2/health",
        "/v1/nowhere", "/v1/health/", "/v1/patients/" + p1_ + "/journal/extra"};
    for (const auto& path : unknown) {
        const auto r = call("GET", path, login("pat.one"));
        EXPECT_EQ(r.status, 404) << path;
        expect_error_shape(r);
        EXPECT_EQ(r.body["error"]["type"], "not_found");
    }
    // The info section's claim about the HTTP layer: a request line over 8 KiB is refused.
    const auto r = call("GET", "/v1/" + std::string(9000, 'a'));
    EXPECT_EQ(r.status, 414);
    expect_error_shape(r);
    EXPECT_EQ(r.body["error"]["type"], "invalid_request");
}

// cpp-httplib 0.11 applied the body limit to a Content-Length only: a chunked body of any size
// was read into memory before the token was even checked (the document promises 413 over the
// limit; 48 MiB were accepted). Chunked bodies are now refused before they are read: the answer
// comes while the body has not even been sent.
TEST_F(OpenApi, ChunkedBodiesAreRefusedUnreadNotReadWhole) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(server_->port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    timeval timeout{5, 0};  // under the server's 10 s read timeout: no waiting for the body
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    const std::string head =
        "POST /v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n";
    ASSERT_EQ(send(fd, head.data(), head.size(), MSG_NOSIGNAL), static_cast<ssize_t>(head.size()));
    std::string got;
    char buf[4096];
    for (ssize_t n; got.find('}') == std::string::npos && (n = recv(fd, buf, sizeof buf, 0)) > 0;)
        got.append(buf, static_cast<std::size_t>(n));
    close(fd);
    ASSERT_TRUE(starts_with(got, "HTTP/1.1 411")) << "no prompt refusal: " << got;
    const auto body = got.find("\r\n\r\n");
    ASSERT_NE(body, std::string::npos) << got;
    Reply reply{411, json::parse(got.substr(body + 4), nullptr, false), {}};
    expect_error_shape(reply);
    EXPECT_NE(got.find("Content-Length header"), std::string::npos) << got;
}

// cpp-httplib cut a response to a Range header's bytes and kept our 200, so a client sending
// Range got a fragment of JSON (`{"stat`) as a success. The API serves no ranges: ignored.
TEST_F(OpenApi, RangeHeadersAreIgnoredNotAppliedToJson) {
    const auto r = call("GET", "/v1/health", "", "", {{"Range", "bytes=0-5"}});
    EXPECT_EQ(r.status, 200);
    ASSERT_TRUE(r.body.is_object()) << "a fragment of the body came back";
    EXPECT_EQ(r.body["status"], "ok");
    EXPECT_EQ(r.headers.count("Content-Range"), 0u);
}

// The document says a questionnaire check-in refuses `emotions`; the platform used to drop them
// silently (a client would believe they were recorded).
TEST_F(OpenApi, EmotionsOnAQuestionnaireCheckInAreRefusedNotDropped) {
    const auto r = call("POST", "/v1/checkins", login("pat.one"),
                        R"({"kind":"phq9","answers":[0,0,0,0,0,0,0,0,0],"emotions":["sad"]})");
    EXPECT_EQ(r.status, 400) << r.body.dump();
    expect_error_shape(r);
    EXPECT_NE(r.body.dump().find("emotions: only for kind mood"), std::string::npos)
        << r.body.dump();
}

}  // namespace
}  // namespace attune
