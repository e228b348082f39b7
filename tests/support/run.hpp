// SPDX-License-Identifier: Apache-2.0
// Runs a command as a user would, with input on stdin, and captures what it printed.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "support/paths.hpp"

namespace attune::test {

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

inline std::string read_all(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Runs `args` (already shell-quoted) with `input` on stdin.
inline RunResult run(const std::string& args, const std::string& input = "") {
    TempDir dir;
    const std::string in = dir.path() + "/in", out = dir.path() + "/out", err = dir.path() + "/err";
    {
        std::ofstream f(in, std::ios::binary);
        f << input;
    }
    const std::string cmd = args + " <" + in + " >" + out + " 2>" + err;
    const int status = std::system(cmd.c_str());
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_all(out);
    r.err = read_all(err);
    return r;
}

inline std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string l; std::getline(ss, l);) out.push_back(l);
    return out;
}

}  // namespace attune::test
