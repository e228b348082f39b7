// SPDX-License-Identifier: Apache-2.0
// `attune serve` black-box: the HTTP API as a client sees it, and the security suite of issue #4
// (every route tried by everyone who must be refused; each refusal audited; no plaintext on
// disk; a tampered audit log detected; no acknowledged write lost to SIGKILL).
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <attune/store.hpp>

#include "support/run.hpp"
#include "support/server.hpp"

namespace attune {
namespace {

using json = nlohmann::json;
using test::run;

// The store the Api suite runs on: SQLite in the data directory, or, when ctest runs the suite
// as server_test_postgres, the throwaway PostgreSQL that scripts/test-postgres.sh started.
// `skip` says why PostgreSQL is unavailable.
struct SuiteStore {
    std::string url = "sqlite:";
    std::string skip;
};
const SuiteStore& suite_store() {
    static const SuiteStore store = [] {
        SuiteStore s;
        const char* dir = std::getenv("ATTUNE_TEST_PG_DIR");
        if (!dir || !*dir) return s;
        std::ifstream url(std::string(dir) + "/url");
        if (std::getline(url, s.url) && !s.url.empty()) return s;
        std::ifstream why(std::string(dir) + "/unavailable");
        if (!std::getline(why, s.skip)) s.skip = std::string("no PostgreSQL test server in ") + dir;
        return s;
    }();
    return store;
}
std::string db_flag() { return " --db '" + suite_store().url + "'"; }

std::string add_user(const std::string& data, const std::string& role, const std::string& name,
                     const std::string& password) {
    auto r = run(test::cli() + " admin user add --data " + data + db_flag() + " --role " + role +
                     " --username " + name + " --password-cost interactive",
                 password + "\n");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return test::lines(r.out).empty() ? "" : test::lines(r.out)[0];
}

struct Reply {
    int status = 0;
    json body;
};

class Client {
public:
    explicit Client(int port) : http_("127.0.0.1", port) { http_.set_read_timeout(30); }

    Reply call(const std::string& method, const std::string& path, const std::string& token = "",
               const std::string& body = "") {
        httplib::Headers h;
        if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
        auto r = method == "GET"    ? http_.Get(path, h)
                 : method == "POST" ? http_.Post(path, h, body, "application/json")
                 : method == "PUT"  ? http_.Put(path, h, body, "application/json")
                                    : http_.Delete(path, h, body, "application/json");
        Reply out;
        if (!r) return out;
        out.status = r->status;
        out.body = json::parse(r->body, nullptr, false);
        return out;
    }

    std::string login(const std::string& user, const std::string& password) {
        auto r = call("POST", "/v1/sessions", "",
                      json{{"username", user}, {"password", password}}.dump());
        EXPECT_EQ(r.status, 200) << r.body.dump();
        return r.status == 200 ? r.body["token"].get<std::string>() : "";
    }

private:
    httplib::Client http_;
};

// The error shape of ../shared/STYLE.md, with a message naming `mentions`.
void expect_error(const Reply& r, int status, const std::string& mentions = "") {
    EXPECT_EQ(r.status, status) << r.body.dump();
    ASSERT_TRUE(r.body.is_object()) << "status " << r.status;
    ASSERT_TRUE(r.body.contains("error")) << r.body.dump();
    EXPECT_EQ(r.body["error"]["code"], status);
    EXPECT_TRUE(r.body["error"]["type"].is_string());
    const auto message = r.body["error"]["message"].get<std::string>();
    EXPECT_NE(message.find(mentions), std::string::npos) << message;
}

std::int64_t count_audit(const std::string& data, const std::string& outcome) {
    auto st = store::open_store(suite_store().url, data);
    EXPECT_TRUE(st.is_ok()) << st.status().to_string();
    if (!st) return -1;
    auto rows = (*st)->audit_log(1, 1'000'000);
    std::int64_t n = 0;
    for (const auto& r : *rows) n += r.entry.outcome == outcome;
    return n;
}

// One clinic for the suite: an admin, two clinicians (one assigned), two patients.
class Api : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (!suite_store().skip.empty()) return;
        dir_ = new test::TempDir();
        data_ = dir_->path() + "/data";
        admin_id_ = add_user(data_, "admin", "root.admin", "admin-password-1");
        add_user(data_, "clinician", "dr.one", "clinician-password-1");
        add_user(data_, "clinician", "dr.two", "clinician-password-2");
        p1_ = add_user(data_, "patient", "pat.one", "patient-password-1");
        p2_ = add_user(data_, "patient", "pat.two", "patient-password-2");
        auto r = run(test::cli() + " admin assign --data " + data_ + db_flag() +
                     " --clinician dr.one --patient pat.one");
        ASSERT_EQ(r.exit_code, 0) << r.err;
        server_ = new test::ServerProcess(data_, {"--db", suite_store().url});
        ASSERT_GT(server_->port(), 0) << server_->output();
    }
    void SetUp() override {
        if (!suite_store().skip.empty()) GTEST_SKIP() << suite_store().skip;
    }
    static void TearDownTestSuite() {
        delete server_;
        delete dir_;
    }
    Client client() { return Client(server_->port()); }

    static inline test::TempDir* dir_ = nullptr;
    static inline test::ServerProcess* server_ = nullptr;
    static inline std::string data_, admin_id_, p1_, p2_;
};

TEST_F(Api, HealthAndLogin) {
    auto c = client();
    auto h = c.call("GET", "/v1/health");
    EXPECT_EQ(h.status, 200);
    EXPECT_EQ(h.body["status"], "ok");
    expect_error(c.call("POST", "/v1/sessions", "",
                        R"({"username":"pat.one","password":"wrong-password"})"),
                 401, "wrong username or password");
    expect_error(c.call("POST", "/v1/sessions", "",
                        R"({"username":"nobody","password":"wrong-password"})"),
                 401, "wrong username or password");
    const auto token = c.login("pat.one", "patient-password-1");
    auto me = c.call("GET", "/v1/me", token);
    ASSERT_EQ(me.status, 200);
    EXPECT_EQ(me.body["id"], p1_);
    EXPECT_EQ(me.body["username"], "pat.one");
    EXPECT_EQ(me.body["role"], "patient");
}

TEST_F(Api, JournalIsAnalysedOnArrivalAndReadBackByPatientAndClinician) {
    auto c = client();
    const auto p1 = c.login("pat.one", "patient-password-1");
    ASSERT_EQ(c.call("PUT", "/v1/me/consent", p1, R"({"text":true,"share_with_clinician":true})")
                  .status,
              200);
    auto posted = c.call("POST", "/v1/journal", p1,
                         R"({"text":"Some nights I wish I could go to sleep and not wake up."})");
    ASSERT_EQ(posted.status, 201) << posted.body.dump();
    for (const char* f : {"id", "created_at", "analysis"}) EXPECT_TRUE(posted.body.contains(f));
    EXPECT_EQ(posted.body["analysis"]["crisis"]["level"], "passive");
    EXPECT_FALSE(posted.body["analysis"]["crisis"]["evidence"].empty());
    EXPECT_LT(posted.body["analysis"]["sentiment"]["compound"].get<double>(), 0);

    auto mine = c.call("GET", "/v1/patients/" + p1_ + "/journal", p1);
    ASSERT_EQ(mine.status, 200) << mine.body.dump();
    ASSERT_FALSE(mine.body["entries"].empty());
    const auto& e = mine.body["entries"][0];
    EXPECT_EQ(e["id"], posted.body["id"]);
    EXPECT_EQ(e["text"], "Some nights I wish I could go to sleep and not wake up.");
    EXPECT_EQ(e["analysis"]["crisis"]["level"], "passive");

    const auto clinician = c.login("dr.one", "clinician-password-1");
    auto seen = c.call("GET", "/v1/patients/" + p1_ + "/journal?limit=5", clinician);
    EXPECT_EQ(seen.status, 200) << seen.body.dump();
    auto list = c.call("GET", "/v1/patients", clinician);
    ASSERT_EQ(list.status, 200);
    ASSERT_EQ(list.body["patients"].size(), 1u);
    EXPECT_EQ(list.body["patients"][0]["id"], p1_);
}

TEST_F(Api, CheckInsAreScoredByTheClinicalModule) {
    auto c = client();
    const auto p1 = c.login("pat.one", "patient-password-1");
    auto mood = c.call("POST", "/v1/checkins", p1,
                       R"({"kind":"mood","mood":4,"emotions":["tired","anxious"],"note":"long day"})");
    ASSERT_EQ(mood.status, 201) << mood.body.dump();
    EXPECT_EQ(mood.body["score"], 4);
    auto phq = c.call("POST", "/v1/checkins", p1, R"({"kind":"phq9","answers":[1,2,0,3,1,0,2,1,1]})");
    ASSERT_EQ(phq.status, 201) << phq.body.dump();
    EXPECT_EQ(phq.body["score"], 11);
    EXPECT_EQ(phq.body["detail"]["severity"], "moderate");
    EXPECT_EQ(phq.body["detail"]["safety_flag"], true);  // item 9 above 0
    expect_error(c.call("POST", "/v1/checkins", p1, R"({"kind":"phq9","answers":[1,2,0]})"), 400,
                 "item 4");
    expect_error(c.call("POST", "/v1/checkins", p1, R"({"kind":"mood","mood":11})"), 400, "mood");
    expect_error(c.call("POST", "/v1/checkins", p1, R"({"kind":"dream"})"), 400, "kind");
    auto back = c.call("GET", "/v1/patients/" + p1_ + "/checkins", p1);
    ASSERT_EQ(back.status, 200);
    EXPECT_GE(back.body["check_ins"].size(), 2u);
}

TEST_F(Api, MalformedRequestsGet4xxNamingTheField) {
    auto c = client();
    const auto p1 = c.login("pat.one", "patient-password-1");
    expect_error(c.call("POST", "/v1/journal", p1, "{\"text\": "), 400, "JSON");
    expect_error(c.call("POST", "/v1/journal", p1, "[1,2]"), 400, "object");
    expect_error(c.call("POST", "/v1/journal", p1, R"({"text":42})"), 400, "text");
    expect_error(c.call("POST", "/v1/journal", p1, R"({})"), 400, "text");
    expect_error(c.call("POST", "/v1/journal", p1, R"({"text":"hi","mood":3})"), 400, "mood");
    expect_error(c.call("POST", "/v1/journal", p1, R"({"text":""})"), 400, "text");
    expect_error(c.call("PUT", "/v1/me/consent", p1, R"({"text":"yes"})"), 400, "text");
    expect_error(c.call("GET", "/v1/patients/" + p1_ + "/journal?from=2026-13-01", p1), 400, "from");
    expect_error(c.call("GET", "/v1/patients/" + p1_ + "/journal?to=yesterday", p1), 400, "to");
    expect_error(c.call("GET", "/v1/patients/" + p1_ + "/journal?limit=-3", p1), 400, "limit");
    expect_error(c.call("POST", "/v1/journal", p1, json{{"text", std::string(2 << 20, 'a')}}.dump()),
                 413, "too large");
    expect_error(c.call("GET", "/v1/nowhere", p1), 404, "/v1/nowhere");
    expect_error(c.call("DELETE", "/v1/health"), 405, "GET");
}

// Every route that touches patient data, tried by everyone who must be refused.
TEST_F(Api, SecuritySuiteDeniesAndAuditsEveryoneWithoutTheRight) {
    auto c = client();
    const auto p1 = c.login("pat.one", "patient-password-1");
    const auto p2 = c.login("pat.two", "patient-password-2");
    const auto assigned = c.login("dr.one", "clinician-password-1");
    const auto unassigned = c.login("dr.two", "clinician-password-2");
    const auto admin = c.login("root.admin", "admin-password-1");
    ASSERT_EQ(c.call("PUT", "/v1/me/consent", p1, R"({"text":true,"share_with_clinician":true})")
                  .status,
              200);

    // The routes on p1's records (reads, and the safety plan the clinician may edit too).
    const std::vector<std::pair<std::string, std::string>> reads = {
        {"GET", "/v1/patients/" + p1_ + "/journal"},
        {"GET", "/v1/patients/" + p1_ + "/checkins"},
        {"GET", "/v1/patients/" + p1_ + "/timeline"},
        {"GET", "/v1/patients/" + p1_ + "/chat"},
        {"GET", "/v1/patients/" + p1_ + "/safety-plan"},
        {"PUT", "/v1/patients/" + p1_ + "/safety-plan"},
        {"GET", "/v1/patients/" + p1_ + "/companion-settings"},
        {"PUT", "/v1/patients/" + p1_ + "/companion-settings"},
        {"GET", "/v1/alerts?patient_id=" + p1_}};
    const std::vector<std::pair<std::string, std::string>> own = {
        {"GET", "/v1/me"},          {"GET", "/v1/me/consent"},   {"PUT", "/v1/me/consent"},
        {"POST", "/v1/journal"},    {"POST", "/v1/checkins"},    {"GET", "/v1/me/export"},
        {"DELETE", "/v1/me"},       {"GET", "/v1/patients"},     {"GET", "/v1/alerts"},
        {"GET", "/v1/alerts/stream"}, {"POST", "/v1/alerts/some-id/acknowledge"},
        {"POST", "/v1/alerts/some-id/dismiss"}, {"POST", "/v1/alerts/some-id/notes"},
        {"POST", "/v1/chat"},       {"GET", "/v1/chat/greeting"}};
    const auto body_for = [](const std::string& path) {
        if (path == "/v1/journal") return std::string(R"({"text":"hello"})");
        if (path == "/v1/checkins") return std::string(R"({"kind":"mood","mood":5})");
        if (path == "/v1/me/consent") return std::string(R"({"text":true})");
        if (path == "/v1/chat") return std::string(R"({"message":"hello"})");
        if (path.ends_with("/safety-plan"))
            return std::string(R"({"coping_strategies":["a walk"]})");
        if (path.ends_with("/companion-settings")) return std::string(R"({"locale":"en-GB"})");
        return std::string();
    };

    const auto denied_before = count_audit(data_, "denied");
    int denials = 0;
    // Anonymous and with a forged token: 401 everywhere.
    for (const auto& token : {std::string(), std::string("forged-token-0000000000000000000000000000")}) {
        for (const auto& routes : {reads, own})
            for (const auto& [m, path] : routes)
                expect_error(c.call(m, path, token, body_for(path)), 401), ++denials;
    }
    // Another patient, an unassigned clinician and an admin: 403 on p1's records.
    for (const auto& token : {p2, unassigned, admin}) {
        for (const auto& [m, path] : reads) {
            expect_error(c.call(m, path, token, body_for(path)), 403);
            ++denials;
        }
    }
    // Alerts are the clinicians': a patient, even about themself, and an admin are refused.
    for (const auto& token : {p1, admin}) {
        expect_error(c.call("GET", "/v1/alerts", token), 403, "clinicians");
        expect_error(c.call("GET", "/v1/alerts/stream", token), 403, "clinicians");
        expect_error(c.call("POST", "/v1/alerts/some-id/acknowledge", token, "{}"), 403);
        denials += 3;
    }
    // Clinicians and admins cannot write patient records, talk to the companion, export or
    // erase.
    for (const auto& token : {assigned, admin}) {
        for (const auto& path : {"/v1/journal", "/v1/checkins", "/v1/chat"}) {
            expect_error(c.call("POST", path, token, body_for(path)), 403);
            ++denials;
        }
        expect_error(c.call("GET", "/v1/me/export", token), 403);
        expect_error(c.call("DELETE", "/v1/me", token), 403);
        expect_error(c.call("GET", "/v1/chat/greeting", token), 403);
        denials += 3;
    }
    // With sharing withdrawn, the assigned clinician is refused too.
    ASSERT_EQ(c.call("PUT", "/v1/me/consent", p1, R"({"share_with_clinician":false})").status, 200);
    for (const auto& [m, path] : reads) {
        expect_error(c.call(m, path, assigned, body_for(path)), 403, "consent");
        ++denials;
    }
    ASSERT_EQ(c.call("PUT", "/v1/me/consent", p1, R"({"share_with_clinician":true})").status, 200);
    EXPECT_EQ(c.call("GET", reads[0].second, assigned).status, 200);

    // A revoked token is refused.
    const auto short_lived = c.login("pat.two", "patient-password-2");
    ASSERT_EQ(c.call("DELETE", "/v1/sessions/current", short_lived).status, 200);
    expect_error(c.call("GET", "/v1/me", short_lived), 401, "revoked");
    ++denials;

    EXPECT_EQ(count_audit(data_, "denied") - denied_before, denials);
    auto verify = run(test::cli() + " audit verify --data " + data_ + db_flag());
    EXPECT_EQ(verify.exit_code, 0) << verify.err;
}

TEST_F(Api, ExpiredTokensAreRefused) {
    // A second server on the same store with one-second tokens.
    test::ServerProcess quick(data_, {"--db", suite_store().url, "--token-ttl", "1"});
    ASSERT_GT(quick.port(), 0) << quick.output();
    Client c(quick.port());
    const auto token = c.login("pat.two", "patient-password-2");
    EXPECT_EQ(c.call("GET", "/v1/me", token).status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    expect_error(c.call("GET", "/v1/me", token), 401, "expired");
}

TEST_F(Api, RepeatedFailedLoginsAreRateLimited) {
    add_user(data_, "patient", "pat.locked", "patient-password-9");
    auto c = client();
    for (int i = 0; i < 5; ++i)
        expect_error(c.call("POST", "/v1/sessions", "",
                            R"({"username":"pat.locked","password":"not-the-password"})"),
                     401);
    // Even the right password waits now, and Retry-After says how long (up to 15 minutes).
    httplib::Client http("127.0.0.1", server_->port());
    auto r = http.Post("/v1/sessions", R"({"username":"pat.locked","password":"patient-password-9"})",
                       "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 429);
    EXPECT_NE(r->body.find("too many failed logins"), std::string::npos) << r->body;
    ASSERT_TRUE(r->has_header("Retry-After"));
    const int retry = std::stoi(r->get_header_value("Retry-After"));
    EXPECT_GT(retry, 800);
    EXPECT_LE(retry, 900);
}

TEST_F(Api, WithoutTextConsentEntriesAreStoredButNotAnalysed) {
    add_user(data_, "patient", "pat.private", "patient-password-3");
    auto c = client();
    const auto t = c.login("pat.private", "patient-password-3");
    auto r = c.call("POST", "/v1/journal", t, R"({"text":"I feel calm today."})");
    ASSERT_EQ(r.status, 201) << r.body.dump();
    EXPECT_TRUE(r.body["analysis"].is_null());
    EXPECT_TRUE(r.body.contains("analysis_withheld"));
}

TEST_F(Api, NoPlaintextOnDiskAndExportThenErase) {
    add_user(data_, "patient", "pat.erase", "patient-password-4");
    auto c = client();
    const auto t = c.login("pat.erase", "patient-password-4");
    ASSERT_EQ(c.call("PUT", "/v1/me/consent", t, R"({"text":true})").status, 200);
    const std::string marker = "my quokka named Wobbleton keeps me company";
    ASSERT_EQ(c.call("POST", "/v1/journal", t, json{{"text", marker}}.dump()).status, 201);
    ASSERT_EQ(c.call("POST", "/v1/checkins", t,
                     json{{"kind", "mood"}, {"mood", 6}, {"note", "Wobbleton again"}}.dump())
                  .status,
              201);
    ASSERT_EQ(c.call("POST", "/v1/chat", t,
                     json{{"message", "Wobbleton the quokka makes me smile"}}.dump())
                  .status,
              200);
    const std::string id = c.call("GET", "/v1/me", t).body["id"];
    ASSERT_EQ(c.call("PUT", "/v1/patients/" + id + "/safety-plan", t,
                     R"({"people_and_places":["Wobbleton's keeper"]})")
                  .status,
              200);

    // Every file the server wrote (database, WAL, keys, its log) is free of the words.
    std::vector<std::string> files = {data_ + ".server.log"};
    for (const auto& f : std::filesystem::recursive_directory_iterator(data_))
        if (f.is_regular_file()) files.push_back(f.path().string());
    for (const auto& f : files) {
        const auto bytes = test::read_all(f);
        EXPECT_EQ(bytes.find("Wobbleton"), std::string::npos) << f << " holds patient text";
        EXPECT_EQ(bytes.find("quokka"), std::string::npos) << f << " holds patient text";
    }

    auto exported = c.call("GET", "/v1/me/export", t);
    ASSERT_EQ(exported.status, 200);
    EXPECT_EQ(exported.body["journal"][0]["text"], marker);
    EXPECT_TRUE(exported.body["journal"][0].contains("analysis"));
    EXPECT_EQ(exported.body["check_ins"][0]["detail"]["note"], "Wobbleton again");
    ASSERT_EQ(exported.body["chat"].size(), 2u);
    EXPECT_EQ(exported.body["chat"][0]["text"], "Wobbleton the quokka makes me smile");
    EXPECT_EQ(exported.body["chat"][1]["role"], "companion");
    EXPECT_EQ(exported.body["companion"]["state"]["safety_plan"]["people_and_places"][0],
              "Wobbleton's keeper");
    const auto me = c.call("GET", "/v1/me", t);
    EXPECT_NE(exported.body["patient"]["id"], me.body["id"]);  // a pseudonym, not the internal id
    bool saw_own_write = false;
    for (const auto& a : exported.body["access_log"])
        saw_own_write |= a["actor"] == "you" && a["action"] == "journal.create";
    EXPECT_TRUE(saw_own_write) << exported.body["access_log"].dump();

    auto erased = c.call("DELETE", "/v1/me", t);
    ASSERT_EQ(erased.status, 200) << erased.body.dump();
    EXPECT_GE(erased.body["rows_deleted"].get<int>(), 3);
    expect_error(c.call("GET", "/v1/me", t), 401);
    expect_error(c.call("POST", "/v1/sessions", "",
                        R"({"username":"pat.erase","password":"patient-password-4"})"),
                 401);
    EXPECT_EQ(run(test::cli() + " audit verify --data " + data_ + db_flag()).exit_code, 0);
}

// `attune serve --web DIR`: the web app's files at /, with a policy that keeps the pages to this
// server's own scripts and out of other sites' frames; every /v1 path still reaches the API.
TEST(ServerWeb, ServesTheWebAppBesideTheApiWithItsSecurityHeaders) {
    test::TempDir dir;
    const std::string web = dir.path() + "/web";
    std::filesystem::create_directories(web);
    std::ofstream(web + "/index.html") << "<!doctype html><title>t</title>";
    std::ofstream(web + "/app.js") << "export const answer = 42;\n";
    std::ofstream(dir.path() + "/secret.txt") << "not for the web";
    test::ServerProcess server(dir.path() + "/data", {"--web", web});
    ASSERT_GT(server.port(), 0) << server.output();
    EXPECT_NE(server.output().find("web app at http://127.0.0.1:" + std::to_string(server.port()) + "/"),
              std::string::npos) << server.output();
    httplib::Client http("127.0.0.1", server.port());

    auto page = http.Get("/");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_EQ(page->body, "<!doctype html><title>t</title>");
    EXPECT_NE(page->get_header_value("Content-Type").find("text/html"), std::string::npos);
    EXPECT_NE(page->get_header_value("Content-Security-Policy").find("default-src 'self'"),
              std::string::npos);
    EXPECT_EQ(page->get_header_value("X-Frame-Options"), "DENY");
    EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");

    // Range is ignored for files as for the API: the whole file, 200.
    auto script = http.Get("/app.js", {{"Range", "bytes=0-5"}});
    ASSERT_TRUE(script);
    EXPECT_EQ(script->status, 200);
    EXPECT_EQ(script->body, "export const answer = 42;\n");
    EXPECT_NE(script->get_header_value("Content-Type").find("javascript"), std::string::npos);

    auto health = http.Get("/v1/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    EXPECT_EQ(json::parse(health->body)["status"], "ok");
    Client c(server.port());
    expect_error(c.call("GET", "/v1/no/such/route"), 404, "no route /v1/no/such/route");
    expect_error(c.call("GET", "/missing.html"), 404);
    auto outside = http.Get("/../secret.txt");
    ASSERT_TRUE(outside);
    EXPECT_EQ(outside->status, 404);
    EXPECT_EQ(outside->body.find("not for the web"), std::string::npos);

    // A --web that is not a directory is a usage error, not an API-only server.
    auto bad = run(test::cli() + " serve --data " + dir.path() + "/data --port 0 --web " +
                   dir.path() + "/nowhere");
    EXPECT_EQ(bad.exit_code, 2) << bad.err;
    EXPECT_NE(bad.err.find("nowhere"), std::string::npos) << bad.err;
}

// Issue #5: crisis language reaches the assigned clinician's open dashboard live (Server-Sent
// Events), with its words, and the clinician acknowledges, annotates and dismisses it.
TEST_F(Api, AlertsReachTheClinicianLiveAndAreActedOn) {
    auto c = client();
    const auto p1 = c.login("pat.one", "patient-password-1");
    const auto doc = c.login("dr.one", "clinician-password-1");
    ASSERT_EQ(c.call("PUT", "/v1/me/consent", p1, R"({"text":true,"share_with_clinician":true})")
                  .status,
              200);

    // The clinician's feed, read on its own connection until an alert event arrives.
    std::mutex mutex;
    std::string feed;
    std::atomic<bool> connected{false};
    std::thread reader([&] {
        httplib::Client http("127.0.0.1", server_->port());
        http.set_read_timeout(20);
        http.Get("/v1/alerts/stream", {{"Authorization", "Bearer " + doc}},
                 [&](const char* data, std::size_t n) {
                     std::lock_guard<std::mutex> lock(mutex);
                     feed.append(data, n);
                     connected = true;
                     return feed.find("end my life") == std::string::npos;
                 });
    });
    for (int i = 0; i < 200 && !connected; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    ASSERT_TRUE(connected) << "the alert stream did not open";

    const std::string words = "I have been thinking about how to end my life";
    auto posted = c.call("POST", "/v1/journal", p1, json{{"text", words + "."}}.dump());
    ASSERT_EQ(posted.status, 201) << posted.body.dump();
    reader.join();
    std::string event;
    {
        std::lock_guard<std::mutex> lock(mutex);
        const auto at = feed.rfind("event: alert\ndata: ", feed.find("end my life"));
        ASSERT_NE(at, std::string::npos) << feed;
        // Only what changed after the stream opened: not pat.one's earlier alerts.
        EXPECT_EQ(feed.find("event: alert"), at) << feed;
        event = feed.substr(at + 19, feed.find('\n', at + 19) - at - 19);
    }
    const json live = json::parse(event, nullptr, false);
    ASSERT_TRUE(live.is_object()) << event;
    EXPECT_EQ(live["patient_id"], p1_);
    EXPECT_EQ(live["kind"], "crisis_language");
    EXPECT_EQ(live["status"], "open");
    EXPECT_EQ(live["evidence_ids"][0], posted.body["id"]);
    EXPECT_NE(live["explanation"].get<std::string>().find("end my life"), std::string::npos)
        << live.dump();
    const std::string id = live["id"];

    auto open = c.call("GET", "/v1/alerts", doc);
    ASSERT_EQ(open.status, 200) << open.body.dump();
    bool listed = false;
    for (const auto& a : open.body["alerts"]) listed = listed || a["id"] == id;
    EXPECT_TRUE(listed);
    for (const char* f : {"severity", "summary", "raised_at", "onset_at", "details", "notes"})
        EXPECT_TRUE(live.contains(f)) << f;

    auto ack = c.call("POST", "/v1/alerts/" + id + "/acknowledge", doc,
                      R"({"note":"Phoned; she is safe tonight."})");
    ASSERT_EQ(ack.status, 200) << ack.body.dump();
    EXPECT_EQ(ack.body["status"], "acknowledged");
    EXPECT_EQ(ack.body["acknowledged_by"], "dr.one");
    EXPECT_EQ(ack.body["notes"][0]["text"], "Phoned; she is safe tonight.");
    auto noted = c.call("POST", "/v1/alerts/" + id + "/notes", doc, R"({"text":"Plan reviewed."})");
    ASSERT_EQ(noted.status, 201) << noted.body.dump();
    EXPECT_EQ(noted.body["notes"].size(), 2u);
    auto dismissed = c.call("POST", "/v1/alerts/" + id + "/dismiss", doc, R"({"reason":"resolved"})");
    ASSERT_EQ(dismissed.status, 200);
    EXPECT_EQ(dismissed.body["status"], "dismissed");
    EXPECT_EQ(dismissed.body["dismissed_reason"], "resolved");
    auto all = c.call("GET", "/v1/alerts?status=dismissed&patient_id=" + p1_, doc);
    ASSERT_EQ(all.status, 200);
    EXPECT_FALSE(all.body["alerts"].empty());

    // The journey and the ranked list carry it too.
    auto journey = c.call("GET", "/v1/patients/" + p1_ + "/timeline", doc);
    ASSERT_EQ(journey.status, 200) << journey.body.dump();
    EXPECT_EQ(journey.body["series"].size(), 7u);
    EXPECT_EQ(journey.body["series"][0]["metric"], "valence");
    EXPECT_FALSE(journey.body["series"][0]["points"].empty());
    EXPECT_FALSE(journey.body["alerts"].empty());
    auto mine = c.call("GET", "/v1/patients/" + p1_ + "/timeline?from=2020-01-01&to=2021-01-01", p1);
    ASSERT_EQ(mine.status, 200);
    EXPECT_TRUE(mine.body["alerts"].empty());
    auto patients = c.call("GET", "/v1/patients", doc);
    ASSERT_EQ(patients.status, 200);
    EXPECT_TRUE(patients.body["patients"][0]["risk"].is_object()) << patients.body.dump();

    // Bad input names what was wrong.
    expect_error(c.call("POST", "/v1/alerts/" + id + "/notes", doc, R"({"text":""})"), 400, "text");
    expect_error(c.call("POST", "/v1/alerts/" + id + "/notes", doc, R"({"note":"x"})"), 400, "note");
    expect_error(c.call("POST", "/v1/alerts/" + id + "/acknowledge", doc, R"({"reason":"x"})"), 400,
                 "reason");
    expect_error(c.call("POST", "/v1/alerts/no-such-alert/acknowledge", doc, "{}"), 404, "alert");
    expect_error(c.call("GET", "/v1/alerts?status=maybe", doc), 400, "status");
    expect_error(c.call("GET", "/v1/alerts?colour=red", doc), 400, "colour");
    expect_error(c.call("GET", "/v1/patients/" + p1_ + "/timeline?from=2026-02-30", doc), 400, "from");
    expect_error(c.call("GET", "/v1/patients/" + p1_ + "/timeline?from=2020-01-01&to=2026-01-01", doc),
                 400, "731");
    expect_error(c.call("GET", "/v1/alerts/" + id + "/acknowledge", doc), 405, "POST");
}

// Issue #6: the companion over HTTP. One good request and the bad ones for each route; a
// crisis message reaches the clinician as an alert citing the stored message, and the
// clinician reads the transcript and edits the safety plan with the patient.
TEST_F(Api, TheCompanionAnswersStoresTheTranscriptAndAlertsTheClinician) {
    auto c = client();
    const auto p1 = c.login("pat.one", "patient-password-1");
    const auto doc = c.login("dr.one", "clinician-password-1");
    const auto other_doc = c.login("dr.two", "clinician-password-2");
    const auto admin = c.login("root.admin", "admin-password-1");
    ASSERT_EQ(c.call("PUT", "/v1/me/consent", p1, R"({"text":true,"share_with_clinician":true})")
                  .status,
              200);

    // GET /v1/chat/greeting
    auto hello = c.call("GET", "/v1/chat/greeting", p1);
    ASSERT_EQ(hello.status, 200) << hello.body.dump();
    EXPECT_EQ(hello.body["intent"], "greeting");
    EXPECT_NE(hello.body["reply"].get<std::string>().find("not a person"), std::string::npos);
    EXPECT_FALSE(hello.body["safety"]["resources"].empty());
    expect_error(c.call("GET", "/v1/chat/greeting", doc), 403);
    expect_error(c.call("GET", "/v1/chat/greeting?x=1", p1), 400, "'x'");
    expect_error(c.call("POST", "/v1/chat/greeting", p1, "{}"), 405, "GET");

    // POST /v1/chat
    auto start = c.call("POST", "/v1/chat", p1, R"({"message":"box breathing"})");
    ASSERT_EQ(start.status, 200) << start.body.dump();
    for (const char* f : {"reply", "intent", "technique", "exercise", "step", "safety",
                          "message_id", "reply_id", "alert_id"})
        EXPECT_TRUE(start.body.contains(f)) << f << " in " << start.body.dump();
    EXPECT_EQ(start.body["technique"], "paced_breathing");
    EXPECT_EQ(start.body["step"], "mood_before");
    EXPECT_EQ(start.body["safety"]["level"], "none");
    EXPECT_EQ(start.body["safety"]["escalated"], false);
    EXPECT_FALSE(start.body["safety"]["resources"].empty());
    EXPECT_TRUE(start.body["alert_id"].is_null());
    auto mood = c.call("POST", "/v1/chat", p1, R"({"message":"5"})");
    ASSERT_EQ(mood.status, 200) << mood.body.dump();
    EXPECT_EQ(mood.body["step"], "intro");
    auto cycle = c.call("POST", "/v1/chat", p1, R"({"message":"yes"})");
    ASSERT_EQ(cycle.status, 200) << cycle.body.dump();
    ASSERT_TRUE(cycle.body.contains("timing")) << cycle.body.dump();
    EXPECT_EQ(cycle.body["timing"]["phases"][0]["phase"], "in");
    EXPECT_EQ(cycle.body["timing"]["phases"][0]["seconds"], 4);

    // Bad requests: the field is named; the wrong role, no consent.
    expect_error(c.call("POST", "/v1/chat", p1, "{}"), 400, "message: required");
    expect_error(c.call("POST", "/v1/chat", p1, R"({"message":42})"), 400,
                 "message: must be a string");
    expect_error(c.call("POST", "/v1/chat", p1, R"({"message":""})"), 400, "message");
    expect_error(c.call("POST", "/v1/chat", p1, R"({"message":"hi","mood":3})"), 400, "'mood'");
    expect_error(c.call("POST", "/v1/chat", p1, json{{"message", std::string(10'001, 'a')}}.dump()),
                 400, "message: 10001 bytes");
    expect_error(c.call("POST", "/v1/chat", p1, "{\"message\": \"caf\xc3\x28\"}"), 400,
                 "message: invalid UTF-8");
    expect_error(c.call("POST", "/v1/chat", p1, "{\"message\": "), 400, "JSON");
    expect_error(c.call("POST", "/v1/chat", doc, R"({"message":"hello"})"), 403, "patients");
    expect_error(c.call("POST", "/v1/chat", admin, R"({"message":"hello"})"), 403);
    const auto p2 = c.login("pat.two", "patient-password-2");
    expect_error(c.call("POST", "/v1/chat", p2, R"({"message":"hello"})"), 403,
                 "consent to text analysis");
    expect_error(c.call("GET", "/v1/chat", p1), 405, "POST");

    // A crisis message: the resources in the reply, and the clinician's alert already there.
    const std::string words = "Some nights I wish I could go to sleep and not wake up.";
    auto crisis = c.call("POST", "/v1/chat", p1, json{{"message", words}}.dump());
    ASSERT_EQ(crisis.status, 200) << crisis.body.dump();
    EXPECT_EQ(crisis.body["safety"]["escalated"], true);
    EXPECT_EQ(crisis.body["safety"]["level"], "passive");
    EXPECT_TRUE(crisis.body["exercise"].is_null());
    EXPECT_FALSE(crisis.body["safety"]["resources"].empty());
    ASSERT_TRUE(crisis.body["alert_id"].is_string()) << crisis.body.dump();
    auto alerts = c.call("GET", "/v1/alerts?patient_id=" + p1_, doc);
    ASSERT_EQ(alerts.status, 200) << alerts.body.dump();
    json alert;
    for (const auto& a : alerts.body["alerts"])
        if (a["id"] == crisis.body["alert_id"]) alert = a;
    ASSERT_TRUE(alert.is_object()) << alerts.body.dump();
    EXPECT_EQ(alert["kind"], "companion_crisis");
    EXPECT_EQ(alert["severity"], "high");
    EXPECT_EQ(alert["evidence_ids"][0], crisis.body["message_id"]);
    EXPECT_NE(alert["explanation"].get<std::string>().find("companion"), std::string::npos);

    // GET /v1/patients/{id}/chat: the patient and the assigned clinician; newest first.
    auto mine = c.call("GET", "/v1/patients/" + p1_ + "/chat?limit=2", p1);
    ASSERT_EQ(mine.status, 200) << mine.body.dump();
    ASSERT_EQ(mine.body["messages"].size(), 2u);
    const auto& reply = mine.body["messages"][0];
    EXPECT_EQ(reply["id"], crisis.body["reply_id"]);
    EXPECT_EQ(reply["role"], "companion");
    EXPECT_EQ(reply["text"], crisis.body["reply"]);
    EXPECT_EQ(reply["safety"]["escalated"], true);
    EXPECT_TRUE(reply.contains("created_at"));
    const auto& said = mine.body["messages"][1];
    EXPECT_EQ(said["id"], crisis.body["message_id"]);
    EXPECT_EQ(said["role"], "person");
    EXPECT_EQ(said["text"], words);
    EXPECT_FALSE(said.contains("safety"));
    auto seen = c.call("GET", "/v1/patients/" + p1_ + "/chat", doc);
    ASSERT_EQ(seen.status, 200) << seen.body.dump();
    EXPECT_GE(seen.body["messages"].size(), 8u);
    expect_error(c.call("GET", "/v1/patients/" + p1_ + "/chat", other_doc), 403);
    expect_error(c.call("GET", "/v1/patients/" + p1_ + "/chat", p2), 403);
    expect_error(c.call("GET", "/v1/patients/" + p1_ + "/chat?limit=0", p1), 400, "limit");
    expect_error(c.call("GET", "/v1/patients/" + p1_ + "/chat?since=1", p1), 400, "since");

    // The safety plan: written by the clinician, read and changed by the patient.
    const std::string plan_path = "/v1/patients/" + p1_ + "/safety-plan";
    auto put = c.call("PUT", plan_path, doc,
                      R"({"warning_signs":["not sleeping"],"coping_strategies":["walk the dog"],)"
                      R"("people_and_places":["my sister Ana"],"professionals":["Dr One, 9-5"]})");
    ASSERT_EQ(put.status, 200) << put.body.dump();
    EXPECT_EQ(put.body["updated_by"], "dr.one");
    EXPECT_TRUE(put.body["updated_at"].is_string());
    EXPECT_EQ(put.body["crisis_lines"]["locale"], "en-US");
    EXPECT_FALSE(put.body["crisis_lines"]["lines"].empty());
    auto got = c.call("GET", plan_path, p1);
    ASSERT_EQ(got.status, 200) << got.body.dump();
    EXPECT_EQ(got.body["coping_strategies"][0], "walk the dog");
    auto changed =
        c.call("PUT", plan_path, p1, R"({"coping_strategies":["walk the dog","music"]})");
    ASSERT_EQ(changed.status, 200) << changed.body.dump();
    EXPECT_EQ(changed.body["updated_by"], "pat.one");
    EXPECT_TRUE(changed.body["warning_signs"].empty());  // the plan is replaced whole
    expect_error(c.call("PUT", plan_path, p1, R"({"warning_signs":["ok","  "]})"), 400,
                 "warning_signs item 2");
    expect_error(c.call("PUT", plan_path, p1, R"({"professionals":"Dr One"})"), 400,
                 "professionals");
    expect_error(c.call("PUT", plan_path, p1, R"({"professionals":[7]})"), 400,
                 "professionals item 1");
    expect_error(c.call("PUT", plan_path, p1, R"({"crisis_lines":[]})"), 400, "'crisis_lines'");
    expect_error(c.call("PUT", plan_path, p1, "{\"professionals\": [\"\xff\"]}"), 400,
                 "professionals: invalid UTF-8");
    const json long_item = {{"professionals", {std::string(501, 'x')}}};
    expect_error(c.call("PUT", plan_path, p1, long_item.dump()), 400, "professionals item 1");
    for (const auto& token : {other_doc, p2, admin}) {
        expect_error(c.call("GET", plan_path, token), 403);
        expect_error(c.call("PUT", plan_path, token, R"({"professionals":["x"]})"), 403);
    }
    // The plan is in the next crisis reply.
    auto again = c.call("POST", "/v1/chat", p1, R"({"message":"I want to die"})");
    ASSERT_EQ(again.status, 200) << again.body.dump();
    EXPECT_EQ(again.body["safety"]["escalated"], true);
    EXPECT_NE(again.body["reply"].get<std::string>().find("music"), std::string::npos)
        << again.body.dump();
}

TEST_F(Api, CompanionSettingsChooseTheCrisisLinesOfThePlanAndTheChat) {
    const std::string id = add_user(data_, "patient", "pat.locale", "patient-password-6");
    auto c = client();
    const auto t = c.login("pat.locale", "patient-password-6");
    const auto p2 = c.login("pat.two", "patient-password-2");
    const auto other_doc = c.login("dr.two", "clinician-password-2");
    ASSERT_EQ(c.call("PUT", "/v1/me/consent", t, R"({"text":true})").status, 200);
    const std::string path = "/v1/patients/" + id + "/companion-settings";

    auto fresh = c.call("GET", path, t);
    ASSERT_EQ(fresh.status, 200) << fresh.body.dump();
    EXPECT_EQ(fresh.body["patient_id"], id);
    EXPECT_EQ(fresh.body["locale"], "en-US");
    EXPECT_EQ(fresh.body["utc_offset_min"], 0);
    const json known = {"en-AU", "en-CA", "en-GB", "en-IE", "en-NZ", "en-US", "intl"};
    EXPECT_EQ(fresh.body["locales"], known);

    auto put = c.call("PUT", path, t, R"({"locale":"en-GB"})");
    ASSERT_EQ(put.status, 200) << put.body.dump();
    EXPECT_EQ(put.body["locale"], "en-GB");
    EXPECT_EQ(put.body["utc_offset_min"], 0);
    put = c.call("PUT", path, t, R"({"utc_offset_min":60})");
    ASSERT_EQ(put.status, 200) << put.body.dump();
    EXPECT_EQ(put.body["locale"], "en-GB");  // kept
    EXPECT_EQ(put.body["utc_offset_min"], 60);
    auto got = c.call("GET", path, t);
    ASSERT_EQ(got.status, 200) << got.body.dump();
    EXPECT_EQ(got.body["locale"], "en-GB");
    EXPECT_EQ(got.body["utc_offset_min"], 60);

    // The plan's crisis lines and a crisis reply's resources are now the UK's.
    auto plan = c.call("GET", "/v1/patients/" + id + "/safety-plan", t);
    ASSERT_EQ(plan.status, 200) << plan.body.dump();
    EXPECT_EQ(plan.body["crisis_lines"]["locale"], "en-GB");
    EXPECT_EQ(plan.body["crisis_lines"]["lines"][0]["name"], "Samaritans");
    auto crisis = c.call("POST", "/v1/chat", t, R"({"message":"I want to die"})");
    ASSERT_EQ(crisis.status, 200) << crisis.body.dump();
    ASSERT_EQ(crisis.body["safety"]["escalated"], true) << crisis.body.dump();
    const auto resources = crisis.body["safety"]["resources"].dump();
    EXPECT_NE(resources.find("Samaritans"), std::string::npos) << resources;
    EXPECT_EQ(resources.find("988"), std::string::npos) << resources;

    // Bad bodies are refused naming the member, and change nothing.
    expect_error(c.call("PUT", path, t, R"({"locale":"fr-FR"})"), 400,
                 "locale: no crisis lines for \"fr-FR\"; known: en-AU, en-CA");
    expect_error(c.call("PUT", path, t, R"({"utc_offset_min":900})"), 400,
                 "utc_offset_min: must be within -840..840");
    expect_error(c.call("PUT", path, t, R"({"utc_offset_min":"60"})"), 400,
                 "utc_offset_min: must be an integer");
    expect_error(c.call("PUT", path, t, R"({"utc_offset_min":1.5})"), 400,
                 "utc_offset_min: must be an integer");
    expect_error(c.call("PUT", path, t, R"({"locale":7})"), 400, "locale: must be a string");
    expect_error(c.call("PUT", path, t, R"({"timezone":"Europe/London"})"), 400,
                 "unknown field 'timezone' (known: locale, utc_offset_min)");
    expect_error(c.call("PUT", path, t, "[]"), 400, "body: must be a JSON object");
    got = c.call("GET", path, t);
    EXPECT_EQ(got.body["locale"], "en-GB");
    EXPECT_EQ(got.body["utc_offset_min"], 60);

    // Another patient, and a clinician not assigned, neither read nor write them.
    for (const auto& token : {p2, other_doc}) {
        expect_error(c.call("GET", path, token), 403);
        expect_error(c.call("PUT", path, token, R"({"locale":"en-US"})"), 403);
    }
    EXPECT_EQ(c.call("GET", path, t).body["locale"], "en-GB");
    expect_error(c.call("DELETE", path, t), 405, "GET, PUT");
}

TEST(ServerAudit, AlteringOneRecordIsDetectedAndNamed) {
    test::TempDir dir;
    const std::string data = dir.path() + "/data";
    add_user(data, "patient", "pat.audit", "patient-password-5");
    {
        test::ServerProcess server(data);
        ASSERT_GT(server.port(), 0) << server.output();
        Client c(server.port());
        const auto t = c.login("pat.audit", "patient-password-5");
        for (int i = 0; i < 3; ++i) c.call("GET", "/v1/me/consent", t);
    }
    auto ok = run(test::cli() + " audit verify --data " + data);
    ASSERT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_NE(ok.out.find("intact"), std::string::npos) << ok.out;

    // Someone with write access to the file drops the guard and rewrites one outcome.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((data + "/attune.db").c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db,
                                "DROP TRIGGER audit_log_no_update;"
                                "UPDATE audit_log SET outcome = 'denied' WHERE seq = 3;",
                                nullptr, nullptr, &err);
    ASSERT_EQ(rc, SQLITE_OK) << (err ? err : "");
    sqlite3_close(db);

    auto bad = run(test::cli() + " audit verify --data " + data);
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_NE(bad.err.find("seq 3"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("altered"), std::string::npos) << bad.err;
}

TEST(ServerCrash, SigkillDuringConcurrentWritesLosesNoAcknowledgedEntry) {
    test::TempDir dir;
    const std::string data = dir.path() + "/data";
    add_user(data, "patient", "pat.crash", "patient-password-6");
    std::set<std::string> acknowledged;
    std::string patient_id;
    {
        test::ServerProcess server(data);
        ASSERT_GT(server.port(), 0) << server.output();
        Client setup(server.port());
        const auto t = setup.login("pat.crash", "patient-password-6");
        patient_id = setup.call("GET", "/v1/me", t).body["id"];
        ASSERT_EQ(setup.call("PUT", "/v1/me/consent", t, R"({"text":true})").status, 200);
        std::mutex mutex;
        std::atomic<int> acks{0};
        std::vector<std::thread> writers;
        for (int w = 0; w < 4; ++w) {
            writers.emplace_back([&, w] {
                Client c(server.port());
                for (int i = 0; i < 200; ++i) {
                    auto r = c.call("POST", "/v1/journal", t,
                                    json{{"text", "entry " + std::to_string(w) + "-" +
                                                      std::to_string(i) + ": a quiet evening"}}
                                        .dump());
                    if (r.status != 201) return;  // the server is gone
                    std::lock_guard lock(mutex);
                    acknowledged.insert(r.body["id"].get<std::string>());
                    ++acks;
                }
            });
        }
        while (acks < 150) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        EXPECT_EQ(server.stop(SIGKILL), 128 + SIGKILL);
        for (auto& w : writers) w.join();
    }
    ASSERT_GE(acknowledged.size(), 150u);
    test::ServerProcess again(data);
    ASSERT_GT(again.port(), 0) << "restart failed: " << again.output();
    Client c(again.port());
    const auto t = c.login("pat.crash", "patient-password-6");
    std::set<std::string> stored;
    auto r = c.call("GET", "/v1/patients/" + patient_id + "/journal?limit=1000", t);
    ASSERT_EQ(r.status, 200);
    for (const auto& e : r.body["entries"]) stored.insert(e["id"].get<std::string>());
    for (const auto& id : acknowledged) EXPECT_TRUE(stored.count(id)) << "lost acknowledged " << id;
    EXPECT_EQ(run(test::cli() + " audit verify --data " + data).exit_code, 0);
}

}  // namespace
}  // namespace attune
