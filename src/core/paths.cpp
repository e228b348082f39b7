// SPDX-License-Identifier: Apache-2.0
#include <cstdlib>
#include <filesystem>

#include <attune/core.hpp>

#ifndef ATTUNE_INSTALL_MODEL_DIR
#define ATTUNE_INSTALL_MODEL_DIR "/usr/local/share/attune/models"
#endif

namespace attune {

Result<std::string> resolve_model_file(std::string_view file_name,
                                       const std::vector<std::string>& search_dirs,
                                       const std::vector<std::string>& fallback_dirs) {
    namespace fs = std::filesystem;
    std::vector<std::string> dirs = search_dirs;
    if (const char* env = std::getenv("ATTUNE_MODEL_DIR"); env && *env) dirs.emplace_back(env);
    dirs.insert(dirs.end(), fallback_dirs.begin(), fallback_dirs.end());
    dirs.emplace_back(ATTUNE_INSTALL_MODEL_DIR);
    std::string tried;
    for (const auto& dir : dirs) {
        if (dir.empty()) continue;
        fs::path p = fs::path(dir) / file_name;
        std::error_code ec;
        if (fs::is_regular_file(p, ec)) return p.string();
        if (!tried.empty()) tried += ", ";
        tried += p.string();
    }
    return Status::not_found("model file '" + std::string(file_name) + "' not found; tried " + tried +
                             " (set --models or $ATTUNE_MODEL_DIR)");
}

}  // namespace attune
