// SPDX-License-Identifier: Apache-2.0
// attune serve: the care platform's versioned JSON API over HTTP (docs/openapi.yaml).
// cpp-httplib stays inside http.cpp; the routes (routes.cpp) see only Request and Response.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <attune/platform.hpp>

namespace attune::server {

// One HTTP request as the routes see it.
struct Request {
    std::string method;       // "GET", "POST", ...
    std::string path;         // "/v1/patients/42/journal", without the query
    std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
    std::string authorization;  // the Authorization header, or ""
    std::string body;
    std::string remote_addr;
};

// Writes part of a streamed body; false once the client has gone.
using StreamWriter = std::function<bool(std::string_view)>;

struct Response {
    int status = 200;
    std::string body;  // JSON unless content_type says otherwise
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
    // Set for a body sent as it is produced (Server-Sent Events) instead of `body`: the server
    // calls it again and again, each call waiting until it has something to write (or a
    // keep-alive is due) and writing it; the response ends when it returns false.
    std::function<bool(const StreamWriter&)> stream;
};

// {"error":{"code":status,"type":...,"message":...}} for a status (STYLE.md's one error shape).
Response error_response(int status, const std::string& message);

// The API: dispatches a request to its route. Thread-safe (the Platform is). Never throws.
class Api {
public:
    // Live alert feeds (GET /v1/alerts/stream) open at once: each holds a request thread.
    static constexpr int kMaxStreams = 8;

    explicit Api(platform::Platform& platform) : platform_(platform) {}
    Response handle(const Request& request) const;
    // Ends every open stream at its next wake-up (within a few seconds); for Server::stop.
    void stop() { stopping_ = true; }

    struct Streams {
        std::atomic<bool>* stopping;
        std::atomic<int>* open;
    };

private:
    platform::Platform& platform_;
    mutable std::atomic<bool> stopping_{false};
    mutable std::atomic<int> streams_{0};
};

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8080;               // 0: any free port (see Server::port)
    std::string tls_cert, tls_key; // both set: HTTPS
    std::size_t max_body_bytes = 1 << 20;
    // Request threads. cpp-httplib gives each keep-alive connection a thread for as long as it
    // stays open (up to 5 requests, or 5 s idle), so this bounds the clients served at once;
    // the rest wait for a thread. 8 held the p99 of 32 clients posting 1,000 entries/s at
    // 120-390 ms; 32 brought it under 35 ms on 2 cores (docs/BENCHMARKS.md).
    int threads = 32;
    // The web app's directory (web/ as the build copies it), served at "/" beside the API; empty:
    // the API only. Paths under /v1/ never name a file there, so they still reach the API.
    std::string web_dir;
};

// The HTTP server (cpp-httplib) in front of an Api.
class Server {
public:
    // Binds the port. Errors: invalid_argument for a TLS certificate or key that cannot be
    // loaded (naming the files) or a web_dir that is not a directory; io_error when the address cannot be bound (naming it).
    static Result<std::unique_ptr<Server>> bind(platform::Platform& platform,
                                                const ServerOptions& options);
    ~Server();
    // The bound port (the chosen one when options.port was 0).
    int port() const;
    // Serves until stop(); returns when stopped. Errors: io_error when listening fails.
    Status run();
    // Stops run() from any thread (a signal handler's thread included); idempotent.
    void stop();

    struct Impl;

private:
    explicit Server(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace attune::server
