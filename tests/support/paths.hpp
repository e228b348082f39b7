// SPDX-License-Identifier: Apache-2.0
// Where tests find the repo, the shared data and the CLI (set by cmake/Attune.cmake).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace attune::test {

inline std::string source_dir() { return ATTUNE_SOURCE_DIR; }
inline std::string model_dir() { return source_dir() + "/models"; }
inline std::string shared_data_dir() {
    if (const char* env = std::getenv("ATTUNE_DATA_DIR"); env && *env) return env;
    return std::string(ATTUNE_SHARED_DIR) + "/data";
}
inline bool have_shared_data() { return std::filesystem::is_directory(shared_data_dir() + "/goemotions"); }
inline std::string cli() { return ATTUNE_CLI; }

// A fresh temporary directory, removed by the destructor.
class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "attune-test-XXXXXX").string();
        path_ = mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

}  // namespace attune::test

#define ATTUNE_SKIP_WITHOUT_SHARED_DATA()                                                      \
    do {                                                                                       \
        if (!::attune::test::have_shared_data())                                               \
            GTEST_SKIP() << "../shared/data not found at " << ::attune::test::shared_data_dir() \
                         << ": eval tests need it (set ATTUNE_DATA_DIR)";                      \
    } while (0)
