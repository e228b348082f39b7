// SPDX-License-Identifier: Apache-2.0
// The only file that includes cpp-httplib: it turns httplib's requests into ours and back.
#include <sys/socket.h>

#include <chrono>
#include <cstdio>

#include <httplib.h>

#include "server.hpp"

namespace attune::server {

struct Server::Impl {
    explicit Impl(platform::Platform& platform) : api(platform) {}
    Api api;
    std::unique_ptr<httplib::Server> http;
    int port = 0;
    socket_t listen_fd = INVALID_SOCKET;  // httplib's listening socket, owned by it
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { stop(); }
int Server::port() const { return impl_->port; }

namespace {

void to_httplib(const Response& ours, httplib::Response& res) {
    res.status = ours.status;
    for (const auto& [k, v] : ours.headers) res.set_header(k, v);
    if (!ours.stream) {
        res.set_content(ours.body, ours.content_type.c_str());
        return;
    }
    // Chunked: httplib calls the provider until it returns false or the client has gone.
    res.set_chunked_content_provider(
        ours.content_type, [stream = ours.stream](std::size_t, httplib::DataSink& sink) {
            const bool more = stream([&sink](std::string_view part) {
                return sink.is_writable() && sink.write(part.data(), part.size());
            });
            if (!more) sink.done();
            return more;
        });
}

// Every request goes through the Api: one dispatcher, one error shape.
void serve(const Api& api, const httplib::Request& req, httplib::Response& res) {
    Request ours;
    ours.method = req.method;
    ours.path = req.path;
    for (const auto& [k, v] : req.params) ours.query.emplace_back(k, v);
    ours.authorization = req.get_header_value("Authorization");
    ours.body = req.body;
    ours.remote_addr = req.remote_addr;
    to_httplib(api.handle(ours), res);
}

}  // namespace

Result<std::unique_ptr<Server>> Server::bind(platform::Platform& platform,
                                             const ServerOptions& options) {
    auto impl = std::make_unique<Impl>(platform);
    if (!options.tls_cert.empty() || !options.tls_key.empty()) {
        if (options.tls_cert.empty() || options.tls_key.empty())
            return Status::invalid_argument("--tls-cert and --tls-key go together");
        impl->http = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(),
                                                          options.tls_key.c_str());
        if (!impl->http->is_valid())
            return Status::invalid_argument("cannot load the TLS certificate '" +
                                            options.tls_cert + "' or key '" + options.tls_key +
                                            "'");
    } else {
        impl->http = std::make_unique<httplib::Server>();
    }
    auto& http = *impl->http;
    const int threads = std::max(1, options.threads);
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // A response leaves in two writes (headers, then body): with Nagle's algorithm on, the body
    // waits for the client's delayed ACK of the headers, 40 ms on Linux, on every keep-alive
    // request after the first (benchmarks/api_throughput.sh measured p50 43 ms before this).
    http.set_tcp_nodelay(true);
    // cpp-httplib 0.11 listens with a backlog of 5: clients (re)connecting in a burst overflow
    // it, and each dropped SYN costs its client a 1 s retransmission (api_load measured max
    // latencies of 1.03-1.09 s with 32 connections). The listening socket is kept here so that
    // bind() below can raise the backlog (Linux updates it on a second listen()).
    socket_t* listen_fd = &impl->listen_fd;
    http.set_socket_options([listen_fd](socket_t sock) {
        httplib::default_socket_options(sock);
        *listen_fd = sock;  // the last socket offered is the one that was bound
    });
    http.set_payload_max_length(options.max_body_bytes);
    http.set_read_timeout(10);
    http.set_write_timeout(10);
    http.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                              {"Cache-Control", "no-store"},
                              {"Referrer-Policy", "no-referrer"}});
    const Api* api = &impl->api;
    const auto handler = [api](const httplib::Request& req, httplib::Response& res) {
        serve(*api, req, res);
    };
    // Before any route, token check or body is read. cpp-httplib 0.11 applies the body limit to
    // a Content-Length only: a chunked body was read whole, however large, before the request
    // was even authenticated (48 MiB took the server's memory to 380 MB), so chunked bodies are
    // refused unread. And it cuts any response to a Range header's bytes while keeping our 200,
    // which turned a JSON body into a fragment of one: the API serves no ranges, so Range is
    // ignored, as HTTP allows (the header too: httplib answers a static file 206 when it is
    // there). (The request is httplib's own non-const object, seen as const.)
    http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        const_cast<httplib::Request&>(req).ranges.clear();
        const_cast<httplib::Request&>(req).headers.erase("Range");
        if (!req.has_header("Transfer-Encoding"))
            return httplib::Server::HandlerResponse::Unhandled;
        to_httplib(error_response(411, "send the body with a Content-Length header: chunked "
                                       "request bodies are not accepted"),
                   res);
        return httplib::Server::HandlerResponse::Handled;
    });
    // The web app's files: httplib looks for a file before it tries the handlers below, and
    // falls through to them when there is none (any /v1/ path). The policy lets the pages load
    // scripts, styles and images from this server only, and no other site frame them.
    if (!options.web_dir.empty() &&
        !http.set_mount_point("/", options.web_dir,
                              {{"Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
                               {"X-Frame-Options", "DENY"}}))
        return Status::invalid_argument("the web app's directory '" + options.web_dir +
                                        "' is not a directory");
    // One catch-all per method: routing is the Api's, so its 404 and 405 have our shape.
    const std::string any = R"(/.*)";
    http.Get(any, handler).Post(any, handler).Put(any, handler).Delete(any, handler);
    http.Patch(any, handler).Options(any, handler);
    // httplib's own refusals (a body over the limit, a malformed request) get our shape too.
    const std::size_t limit = options.max_body_bytes;
    http.set_error_handler([limit](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        std::string message = "malformed HTTP request";
        if (res.status == 413)
            message = "request body too large: the limit is " + std::to_string(limit) + " bytes";
        else if ((req.method == "POST" || req.method == "PUT" || req.method == "PATCH") &&
                 !req.has_header("Content-Length") && !req.has_header("Transfer-Encoding"))
            message = req.method + " needs a Content-Length header: send a JSON body ({} when "
                      "there is nothing to say)";
        to_httplib(error_response(res.status, message), res);
    });
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            to_httplib(error_response(500, "internal error"), res);
        });
    http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        // Method, path (ids only, never text) and status: no patient data reaches the log.
        log(LogLevel::info, req.method + " " + req.path + " " + std::to_string(res.status));
    });
    if (options.port == 0) {
        impl->port = http.bind_to_any_port(options.host);
        if (impl->port < 0)
            return Status::io_error("cannot bind " + options.host + " on any port");
    } else {
        if (!http.bind_to_port(options.host, options.port))
            return Status::io_error("cannot bind " + options.host + ":" +
                                    std::to_string(options.port) +
                                    " (in use, or not an address of this machine)");
        impl->port = options.port;
    }
    if (impl->listen_fd != INVALID_SOCKET) ::listen(impl->listen_fd, SOMAXCONN);
    return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Status Server::run() {
    if (!impl_->http->listen_after_bind())
        return Status::io_error("the server stopped listening on port " +
                                std::to_string(impl_->port));
    return Status::ok();
}

void Server::stop() {
    if (!impl_) return;
    impl_->api.stop();
    if (impl_->http) impl_->http->stop();
}

}  // namespace attune::server
