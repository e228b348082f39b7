// SPDX-License-Identifier: Apache-2.0
// `attune serve` as a child process on 127.0.0.1 and a free port, for black-box tests.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <regex>
#include <string>
#include <vector>

#include "support/paths.hpp"

namespace attune::test {

class ServerProcess {
public:
    // Starts `attune serve --data DATA --port 0 --quiet ARGS...` and waits until it prints its
    // address. port() is 0 when it failed to start; output() then says why.
    ServerProcess(const std::string& data_dir, const std::vector<std::string>& args = {}) {
        int out[2];
        if (pipe(out) != 0) return;
        const std::string log = data_dir + ".server.log";
        pid_ = fork();
        if (pid_ == 0) {
            dup2(out[1], STDOUT_FILENO);
            if (FILE* f = std::fopen(log.c_str(), "a")) dup2(fileno(f), STDERR_FILENO);
            close(out[0]);
            std::vector<std::string> argv = {cli(), "serve", "--data", data_dir, "--port", "0",
                                             "--quiet"};
            argv.insert(argv.end(), args.begin(), args.end());
            std::vector<char*> c;
            for (auto& a : argv) c.push_back(a.data());
            c.push_back(nullptr);
            execv(c[0], c.data());
            _exit(127);
        }
        close(out[1]);
        const std::regex address(R"(serving http://127\.0\.0\.1:(\d+)/)");
        char buf[4096];
        for (;;) {
            const ssize_t n = read(out[0], buf, sizeof buf);
            if (n <= 0) break;
            output_.append(buf, static_cast<std::size_t>(n));
            std::smatch m;
            if (std::regex_search(output_, m, address)) {
                port_ = std::stoi(m[1]);
                break;
            }
        }
        // Keep draining stdout so the server never blocks on a full pipe.
        stdout_fd_ = out[0];
    }
    ~ServerProcess() { stop(SIGTERM); }
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return port_; }
    const std::string& output() const { return output_; }

    // Sends `sig` and reaps the process; returns its exit code (or 128 + signal).
    int stop(int sig) {
        if (pid_ <= 0) return -1;
        kill(pid_, sig);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        if (stdout_fd_ >= 0) close(stdout_fd_);
        stdout_fd_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

private:
    pid_t pid_ = -1;
    int port_ = 0;
    int stdout_fd_ = -1;
    std::string output_;
};

}  // namespace attune::test
