// SPDX-License-Identifier: Apache-2.0
// api_load: a bounded, closed-loop HTTP load generator for `attune serve` that records the
// latency of every request, built from the packages we already build with (cpp-httplib's client)
// rather than adding wrk. Each of N connections is one thread with one keep-alive HTTP/1.1
// connection that sends a request, waits for the reply and sends the next: the server never
// has more than N requests in flight, so what is measured is the service time under N-way
// concurrency, not a queue that grows without bound.
//
//   api_load --url http://127.0.0.1:8080 --token T        --texts FILE [options]
//   api_load --url http://127.0.0.1:8080 --username NAME --texts FILE [options] < password
//
// Each request is POST /v1/journal {"text": <the next line of FILE>}; a reply other than 201 is
// an error. With --rate R the requests are paced instead: request n is due n/R seconds after the
// start and its latency is counted from when it was due, so a server that falls behind is
// charged for the time requests waited for a free connection (no "coordinated omission"). Reports
// throughput, latency percentiles (nearest rank) and errors as text on stdout and, with --json
// PATH, as one JSON object. Exit status: 0 when every measured request succeeded, 1 when any failed
// (or setup failed), 2 on a usage error.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

using json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

struct Args {
    std::string url;
    std::string token;
    std::string username;  // log in as this user (password on stdin) when no --token
    std::string texts_path;
    std::string json_path;
    std::string path = "/v1/journal";
    int connections = 8;
    long long requests = 10'000;  // measured requests, over all connections
    double duration_s = 0;        // > 0: run for this long instead of a request count
    long long warmup = 0;         // requests sent first and not measured
    double rate = 0;              // > 0: requests/s, paced (see main); 0: as fast as replies come
    bool consent_text = false;    // PUT /v1/me/consent {"text":true} before the load
    int timeout_s = 30;
};

[[noreturn]] void usage(const std::string& why) {
    std::fprintf(stderr,
                 "api_load: %s\n"
                 "usage: api_load --url URL (--token T | --username NAME < password) --texts FILE\n"
                 "                [--connections N] [--requests N | --duration S] [--warmup N]\n"
                 "                [--rate REQUESTS_PER_S]\n"
                 "                [--consent-text] [--path /v1/journal] [--timeout S] "
                 "[--json PATH]\n",
                 why.c_str());
    std::exit(2);
}

Args parse_args(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string k = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(k + " needs a value");
            return argv[++i];
        };
        const auto number = [&](double lo, double hi) {
            const std::string v = value();
            char* end = nullptr;
            const double d = std::strtod(v.c_str(), &end);
            if (v.empty() || *end != '\0' || d < lo || d > hi)
                usage(k + ": '" + v + "' is not a number from " + std::to_string(lo) + " to " +
                      std::to_string(hi));
            return d;
        };
        if (k == "--url")
            a.url = value();
        else if (k == "--token")
            a.token = value();
        else if (k == "--username")
            a.username = value();
        else if (k == "--texts")
            a.texts_path = value();
        else if (k == "--json")
            a.json_path = value();
        else if (k == "--path")
            a.path = value();
        else if (k == "--connections")
            a.connections = static_cast<int>(number(1, 1024));
        else if (k == "--requests")
            a.requests = static_cast<long long>(number(1, 1e9));
        else if (k == "--duration")
            a.duration_s = number(0.1, 86400);
        else if (k == "--warmup")
            a.warmup = static_cast<long long>(number(0, 1e9));
        else if (k == "--rate")
            a.rate = number(0, 1e7);
        else if (k == "--timeout")
            a.timeout_s = static_cast<int>(number(1, 3600));
        else if (k == "--consent-text")
            a.consent_text = true;
        else if (k == "--help" || k == "-h")
            usage("help");
        else
            usage("unknown option " + k);
    }
    if (a.url.empty()) usage("--url is required");
    if (a.token.empty() == a.username.empty()) usage("give exactly one of --token and --username");
    if (a.texts_path.empty()) usage("--texts is required");
    return a;
}

// The request bodies: one {"text": line} per non-empty line of the file.
std::vector<std::string> load_bodies(const std::string& path, double* mean_bytes) {
    std::ifstream in(path);
    if (!in) {
        std::fprintf(stderr, "api_load: cannot read %s\n", path.c_str());
        std::exit(1);
    }
    std::vector<std::string> out;
    double bytes = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        bytes += static_cast<double>(line.size());
        out.push_back(json{{"text", line}}.dump());
    }
    if (out.empty()) {
        std::fprintf(stderr, "api_load: %s has no text\n", path.c_str());
        std::exit(1);
    }
    *mean_bytes = bytes / static_cast<double>(out.size());
    return out;
}

// Counts the TCP connections the clients open: a server that closes keep-alive connections
// early shows up here as more connections than --connections.
std::atomic<long long> g_connects{0};

std::unique_ptr<httplib::Client> make_client(const Args& a) {
    auto c = std::make_unique<httplib::Client>(a.url);
    c->set_keep_alive(true);
    // The request's headers and body leave in separate writes: without TCP_NODELAY, Nagle's
    // algorithm would hold the body until the server's delayed ACK (40 ms on Linux), and the
    // figures would measure that instead of the server.
    c->set_tcp_nodelay(true);
    c->set_connection_timeout(a.timeout_s);
    c->set_read_timeout(a.timeout_s);
    c->set_write_timeout(a.timeout_s);
    c->set_socket_options([](socket_t) { ++g_connects; });
    if (!a.token.empty()) c->set_bearer_token_auth(a.token);
    return c;
}

std::string login(const Args& a) {
    std::string password;
    std::getline(std::cin, password);
    auto c = make_client(a);
    auto r = c->Post("/v1/sessions", json{{"username", a.username}, {"password", password}}.dump(),
                     "application/json");
    if (!r || r->status != 200) {
        std::fprintf(stderr, "api_load: login as %s failed: %s\n", a.username.c_str(),
                     r ? (std::to_string(r->status) + " " + r->body).c_str()
                       : httplib::to_string(r.error()).c_str());
        std::exit(1);
    }
    return json::parse(r->body).at("token").get<std::string>();
}

struct Percentiles {
    double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0, mean = 0;
};

// Nearest-rank percentiles of latencies in microseconds, reported in milliseconds.
Percentiles percentiles(std::vector<std::int64_t> us) {
    Percentiles p;
    if (us.empty()) return p;
    std::sort(us.begin(), us.end());
    const auto at = [&](double q) {
        auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(us.size())));
        rank = std::clamp<std::size_t>(rank, 1, us.size());
        return static_cast<double>(us[rank - 1]) / 1000.0;
    };
    p.p50 = at(0.50);
    p.p90 = at(0.90);
    p.p99 = at(0.99);
    p.p999 = at(0.999);
    p.max = static_cast<double>(us.back()) / 1000.0;
    double sum = 0;
    for (auto v : us) sum += static_cast<double>(v);
    p.mean = sum / static_cast<double>(us.size()) / 1000.0;
    return p;
}

struct Worker {
    std::vector<std::int64_t> latencies_us;   // successful measured requests
    std::map<std::string, long long> errors;  // "status 500", "transport: Read", ...
    long long sent_measured = 0;
};

}  // namespace

int main(int argc, char** argv) {
    Args args = parse_args(argc, argv);
    double mean_bytes = 0;
    const std::vector<std::string> bodies = load_bodies(args.texts_path, &mean_bytes);
    if (args.token.empty()) args.token = login(args);

    if (args.consent_text) {
        auto c = make_client(args);
        auto r = c->Put("/v1/me/consent", R"({"text":true})", "application/json");
        if (!r || r->status != 200) {
            std::fprintf(stderr, "api_load: PUT /v1/me/consent failed: %s\n",
                         r ? (std::to_string(r->status) + " " + r->body).c_str()
                           : httplib::to_string(r.error()).c_str());
            return 1;
        }
    }

    // Requests are numbered; a connection takes the next number until the budget is spent (or
    // the deadline passes). The first `warmup` numbers are sent but not measured; the measured
    // interval opens when number `warmup` is taken.
    const bool timed = args.duration_s > 0;
    const bool paced = args.rate > 0;
    const long long budget = args.warmup + (timed ? (1LL << 62) : args.requests);
    const auto duration_ns = static_cast<long long>(args.duration_s * 1e9);
    std::atomic<long long> next{0};
    std::atomic<long long> start_ns{0};             // since t_launch
    std::atomic<long long> deadline_ns{LLONG_MAX};  // since t_launch
    if (timed && args.warmup == 0) deadline_ns = duration_ns;

    std::vector<Worker> workers(static_cast<std::size_t>(args.connections));
    std::vector<std::thread> threads;
    const auto t_launch = Clock::now();
    const auto since_launch_ns = [&] {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t_launch)
            .count();
    };
    for (int t = 0; t < args.connections; ++t) {
        threads.emplace_back([&, t] {
            Worker& w = workers[static_cast<std::size_t>(t)];
            auto client = make_client(args);
            for (;;) {
                const long long n = next.fetch_add(1);
                if (n >= budget) break;
                const bool measured = n >= args.warmup;
                const long long due_ns =
                    paced ? static_cast<long long>(static_cast<double>(n) / args.rate * 1e9) : 0;
                if (n == args.warmup && args.warmup > 0) {
                    const long long now = paced ? due_ns : since_launch_ns();
                    start_ns = now;
                    if (timed) deadline_ns = now + duration_ns;
                }
                if (measured &&
                    std::max<long long>(due_ns, since_launch_ns()) >= deadline_ns.load())
                    break;
                const std::string& body = bodies[static_cast<std::size_t>(n) % bodies.size()];
                const auto due = t_launch + std::chrono::nanoseconds(due_ns);
                if (paced) std::this_thread::sleep_until(due);
                const auto t0 = paced ? due : Clock::now();
                auto r = client->Post(args.path, body, "application/json");
                const auto t1 = Clock::now();
                if (!measured) continue;
                ++w.sent_measured;
                if (!r) {
                    ++w.errors["transport: " + httplib::to_string(r.error())];
                } else if (r->status != 201) {
                    ++w.errors["status " + std::to_string(r->status)];
                } else {
                    w.latencies_us.push_back(
                        std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count());
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    const double wall_s = static_cast<double>(since_launch_ns() - start_ns.load()) / 1e9;

    std::vector<std::int64_t> all;
    std::map<std::string, long long> errors;
    long long sent = 0, error_count = 0;
    for (auto& w : workers) {
        all.insert(all.end(), w.latencies_us.begin(), w.latencies_us.end());
        for (const auto& [k, v] : w.errors) {
            errors[k] += v;
            error_count += v;
        }
        sent += w.sent_measured;
    }
    const auto ok = static_cast<long long>(all.size());
    const Percentiles p = percentiles(std::move(all));
    const double rps = wall_s > 0 ? static_cast<double>(ok) / wall_s : 0;

    std::printf(
        "POST %s%s: %d connections, %lld requests (%lld warm-up), %s, %zu texts of %.0f "
        "bytes on average\n",
        args.url.c_str(), args.path.c_str(), args.connections, sent, args.warmup,
        paced ? ("paced at " + std::to_string(static_cast<long long>(args.rate)) + " requests/s")
                    .c_str()
              : "closed loop",
        bodies.size(), mean_bytes);
    std::printf(
        "  %lld ok (201) in %.2f s = %.0f requests/s; %lld errors; %lld TCP connections "
        "opened\n",
        ok, wall_s, rps, error_count, g_connects.load());
    std::printf("  latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  mean %.2f\n",
                p.p50, p.p90, p.p99, p.p999, p.max, p.mean);
    for (const auto& [k, v] : errors) std::printf("  error: %s x %lld\n", k.c_str(), v);

    if (!args.json_path.empty()) {
        json j = {{"url", args.url},
                  {"path", args.path},
                  {"connections", args.connections},
                  {"requests", sent},
                  {"warmup", args.warmup},
                  {"rate", args.rate},
                  {"texts", bodies.size()},
                  {"text_bytes_mean", mean_bytes},
                  {"ok", ok},
                  {"errors", error_count},
                  {"error_kinds", errors},
                  {"tcp_connections_opened", g_connects.load()},
                  {"seconds", wall_s},
                  {"requests_per_s", rps},
                  {"latency_ms",
                   {{"p50", p.p50},
                    {"p90", p.p90},
                    {"p99", p.p99},
                    {"p99.9", p.p999},
                    {"max", p.max},
                    {"mean", p.mean}}}};
        std::ofstream out(args.json_path);
        out << j.dump(2) << "\n";
        if (!out) {
            std::fprintf(stderr, "api_load: cannot write %s\n", args.json_path.c_str());
            return 1;
        }
    }
    return error_count == 0 ? 0 : 1;
}
