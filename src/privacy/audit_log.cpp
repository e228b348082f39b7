// SPDX-License-Identifier: Apache-2.0
// The audit log as a file of JSON lines; the chain itself is in audit_chain.cpp.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "privacy/internal.hpp"

namespace attune::privacy {
namespace {

using ojson = nlohmann::ordered_json;

ojson to_json(const AuditRecord& r) {
    return ojson{{"seq", r.seq},        {"time", r.time_utc},   {"actor", r.actor},
                 {"action", r.action},  {"subject", r.subject}, {"outcome", r.outcome},
                 {"prev", r.prev_hash}, {"hash", r.hash}};
}

// Every record of the log at `path`; a line that is not a record is corrupt, named by number.
Result<std::vector<AuditRecord>> parse_log(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec))
            return Status::not_found("audit log " + path + " does not exist");
        return Status::io_error("cannot read audit log " + path);
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) return Status::io_error("cannot read audit log " + path);
    const std::string text = buf.str();

    std::vector<AuditRecord> records;
    std::size_t start = 0;
    for (std::size_t line = 1; start < text.size(); ++line) {
        const std::size_t end = text.find('\n', start);
        const std::string where = path + ":" + std::to_string(line) + ": ";
        if (end == std::string::npos)
            return Status::corrupt(where + "the last line is torn (no newline at its end)");
        const std::string_view body(text.data() + start, end - start);
        start = end + 1;
        try {
            const auto j = nlohmann::json::parse(body);
            AuditRecord r;
            const auto& seq = j.at("seq");
            if (!seq.is_number_unsigned())
                throw std::invalid_argument("seq is not an unsigned integer");
            r.seq = seq.get<std::uint64_t>();
            r.time_utc = j.at("time").get<std::string>();
            r.actor = j.at("actor").get<std::string>();
            r.action = j.at("action").get<std::string>();
            r.subject = j.at("subject").get<std::string>();
            r.outcome = j.at("outcome").get<std::string>();
            r.prev_hash = j.at("prev").get<std::string>();
            r.hash = j.at("hash").get<std::string>();
            records.push_back(std::move(r));
        } catch (const std::exception& e) {
            return Status::corrupt(where + "not an audit record: " + e.what());
        }
    }
    return records;
}

// The chain check of a parsed log, as a Status naming the line (records are one per line).
Status check_chain(const std::string& path, const std::vector<AuditRecord>& records) {
    if (auto fault = verify_chain(records))
        return Status::corrupt(path + ":" + std::to_string(fault->index + 1) + ": " +
                               fault->reason);
    return Status::ok();
}

}  // namespace

std::string format_utc(std::chrono::system_clock::time_point t) {
    const auto secs = std::chrono::floor<std::chrono::seconds>(t);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - secs).count();
    const std::time_t tt = std::chrono::system_clock::to_time_t(secs);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char out[64];  // room for any int year, so nothing is ever cut off
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms));
    return out;
}

AuditLog::AuditLog(std::string path, int fd, Clock clock)
    : path_(std::move(path)), fd_(fd), clock_(std::move(clock)) {}

AuditLog::~AuditLog() {
    if (fd_ >= 0) ::close(fd_);  // also releases the flock
}

Result<std::unique_ptr<AuditLog>> AuditLog::open(const std::string& path, Clock clock) {
    detail::ensure_sodium();
    if (!clock) clock = [] { return std::chrono::system_clock::now(); };
    const int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return Status::io_error("cannot open audit log " + path + ": " + std::strerror(errno));
    std::unique_ptr<AuditLog> log(new AuditLog(path, fd, std::move(clock)));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0)
        return Status::io_error("audit log " + path +
                                " is open for writing elsewhere: " + std::strerror(errno));
    // The directory entry of a new log must be durable before the first record is.
    const std::string dir = std::filesystem::path(path).parent_path().string();
    const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    const bool dir_synced = dfd >= 0 && ::fsync(dfd) == 0;
    if (dfd >= 0) ::close(dfd);
    if (!dir_synced) return Status::io_error("cannot sync the directory of audit log " + path);

    auto records = parse_log(path);
    if (!records) return records.status();
    ATTUNE_RETURN_IF_ERROR(check_chain(path, *records));
    struct stat st {};
    if (::fstat(fd, &st) != 0) return Status::io_error("cannot stat audit log " + path);
    log->size_bytes_ = static_cast<std::uint64_t>(st.st_size);
    if (!records->empty()) log->last_ = std::move(records->back());
    return log;
}

Result<AuditRecord> AuditLog::append(std::string_view actor, std::string_view action,
                                     std::string_view subject, std::string_view outcome) {
    std::lock_guard lock(mutex_);
    AuditRecord r;
    r.time_utc = format_utc(clock_());
    r.actor = actor;
    r.action = action;
    r.subject = subject;
    r.outcome = outcome;
    r = privacy::append(std::move(r), last_ ? &*last_ : nullptr);
    std::string line;
    try {
        line = to_json(r).dump() + "\n";
    } catch (const nlohmann::json::exception&) {
        return Status::invalid_argument("audit record for " + path_ + ": a field is not UTF-8");
    }
    std::size_t done = 0;
    bool ok = true;
    while (ok && done < line.size()) {
        const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd_) == 0;
    if (!ok) {
        const std::string err = std::strerror(errno);
        // A torn line would break the chain for every later record; cut it off.
        if (::ftruncate(fd_, static_cast<off_t>(size_bytes_)) != 0)
            return Status::io_error("cannot append to audit log " + path_ + " (" + err +
                                    ") nor truncate the torn record: " + std::strerror(errno));
        return Status::io_error("cannot append to audit log " + path_ + ": " + err);
    }
    size_bytes_ += line.size();
    last_ = r;
    return r;
}

Result<std::vector<AuditRecord>> AuditLog::read_all() const {
    std::lock_guard lock(mutex_);
    return parse_log(path_);
}

Status verify_file(const std::string& path) {
    auto records = parse_log(path);
    if (!records) return records.status();
    return check_chain(path, *records);
}

}  // namespace attune::privacy
