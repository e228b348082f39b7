// SPDX-License-Identifier: Apache-2.0
// Whole-file reads and atomic writes (include/attune/core.hpp, "Files").
#include <filesystem>
#include <fstream>
#include <sstream>

#include <attune/core.hpp>

namespace attune {

Result<std::string> read_file(const std::string& path, std::string_view what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::not_found(std::string(what) + " " + path + " not found");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return Status::io_error("cannot read " + path);
    return text.str();
}

Status write_file_atomic(const std::string& path, std::string_view bytes, bool owner_only) {
    namespace fs = std::filesystem;
    const std::string tmp = path + ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        if (!f) return Status::io_error("cannot write " + tmp);
        f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!f.flush()) return Status::io_error("short write to " + tmp);
    }
    std::error_code ec;
    if (owner_only)
        fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace,
                        ec);
    if (ec) return Status::io_error("cannot make " + tmp + " private: " + ec.message());
    fs::rename(tmp, path, ec);
    if (ec) return Status::io_error("cannot rename " + tmp + " to " + path + ": " + ec.message());
    return Status::ok();
}

}  // namespace attune
