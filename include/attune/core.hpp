// SPDX-License-Identifier: Apache-2.0
// attune::core — status and result types, logging callback, the model file container, path
// resolution. Everything here is used by every module; nothing here knows about a modality.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <istream>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace attune {

// ---------------------------------------------------------------------------------------------
// Status and Result<T>, in leveldb's style: functions that can fail on input, I/O or model
// content return one of these; they never throw and never print.

enum class StatusCode {
    ok = 0,
    invalid_argument,  // the caller's input is malformed (bad UTF-8, NaN, wrong shape, ...)
    not_found,         // a file, model or record does not exist
    io_error,          // reading or writing failed
    corrupt,           // a file exists but its content is damaged or of an unknown version
    unsupported,       // valid input that this build cannot handle
    cancelled,         // a cancel flag was raised by the caller
    internal,          // a bug: should not happen
    unauthenticated,     // no valid credentials: a wrong password, a missing or expired token
    permission_denied,   // valid credentials without the right to this action or record
    resource_exhausted,  // a limit was reached: too many attempts, too large a request
    failed_precondition, // valid input refused in the current state (a crisis, a daily cap reached)
};

// Name of a code as used in messages and JSON ("invalid_argument", ...).
std::string_view status_code_name(StatusCode code);

class [[nodiscard]] Status {
public:
    Status() = default;  // ok
    Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

    static Status ok() { return {}; }
    static Status invalid_argument(std::string m) { return {StatusCode::invalid_argument, std::move(m)}; }
    static Status not_found(std::string m) { return {StatusCode::not_found, std::move(m)}; }
    static Status io_error(std::string m) { return {StatusCode::io_error, std::move(m)}; }
    static Status corrupt(std::string m) { return {StatusCode::corrupt, std::move(m)}; }
    static Status unsupported(std::string m) { return {StatusCode::unsupported, std::move(m)}; }
    static Status cancelled(std::string m) { return {StatusCode::cancelled, std::move(m)}; }
    static Status internal(std::string m) { return {StatusCode::internal, std::move(m)}; }
    static Status unauthenticated(std::string m) { return {StatusCode::unauthenticated, std::move(m)}; }
    static Status permission_denied(std::string m) { return {StatusCode::permission_denied, std::move(m)}; }
    static Status resource_exhausted(std::string m) { return {StatusCode::resource_exhausted, std::move(m)}; }
    static Status failed_precondition(std::string m) { return {StatusCode::failed_precondition, std::move(m)}; }

    bool is_ok() const { return code_ == StatusCode::ok; }
    explicit operator bool() const { return is_ok(); }
    StatusCode code() const { return code_; }
    const std::string& message() const { return message_; }
    // "invalid_argument: line 3: invalid UTF-8 at byte 7"
    std::string to_string() const;
    // A copy with "context: " put before the message (for adding the file or line at a module edge).
    Status with_context(std::string_view context) const;

private:
    StatusCode code_ = StatusCode::ok;
    std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}             // NOLINT: implicit by design
    Result(Status status) : v_(std::move(status)) {       // NOLINT: implicit by design
        if (std::get<Status>(v_).is_ok()) v_ = Status::internal("Result built from an ok Status");
    }

    bool is_ok() const { return std::holds_alternative<T>(v_); }
    explicit operator bool() const { return is_ok(); }
    // The error; an ok Status when there is a value.
    Status status() const { return is_ok() ? Status::ok() : std::get<Status>(v_); }

    // Accessing the value of an error is a programmer error: it aborts with the status.
    T& value() & { check(); return std::get<T>(v_); }
    const T& value() const& { check(); return std::get<T>(v_); }
    T&& value() && { check(); return std::get<T>(std::move(v_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

private:
    void check() const {
        if (!is_ok()) {
            std::fprintf(stderr, "attune: value() of a failed Result: %s\n",
                         std::get<Status>(v_).to_string().c_str());
            std::abort();
        }
    }
    std::variant<T, Status> v_;
};

// Programmer-error check that prints the failed condition and the offending values, like
// dlib's DLIB_ASSERT; active in every build type because it guards memory safety.
#define ATTUNE_ASSERT(cond, ...)                                                           \
    do {                                                                                   \
        if (!(cond)) ::attune::detail::assert_fail(#cond, __FILE__, __LINE__, __VA_ARGS__); \
    } while (0)

namespace detail {
[[noreturn]] void assert_fail(const char* cond, const char* file, int line, const std::string& what);
}

// Evaluates a Status-returning expression and returns it from the caller when it failed.
#define ATTUNE_RETURN_IF_ERROR(expr)           \
    do {                                       \
        ::attune::Status _st = (expr);         \
        if (!_st.is_ok()) return _st;          \
    } while (0)

// ---------------------------------------------------------------------------------------------
// Suicide risk on the ladder of the C-SSRS screener (Posner et al. 2011), lowest first, shared
// by every module that grades it (text, clinical questionnaires, alerts, the companion):
// passive = a wish to be dead or not to wake up; active = thoughts of killing oneself, a method
// included; plan = intent or a plan (a date, means obtained, preparations, goodbye notes);
// behavior = an attempt, interrupted attempt or self-injury happening now or just happened.
enum class CrisisLevel { none, passive, active, plan, behavior };
// "none", "passive", "active", "plan", "behavior".
std::string_view crisis_level_name(CrisisLevel level);

// ---------------------------------------------------------------------------------------------
// Files: whole-file reads and atomic writes, with errors that name the file (src/core/files.cpp).

// The bytes of `path`. Errors: not_found "<what> <path> not found" ("crisis lines file
// data/x.json not found"); io_error "cannot read <path>".
Result<std::string> read_file(const std::string& path, std::string_view what);
// Writes `bytes` to `path`.tmp and renames it over `path`, so that no reader ever sees half a
// file. owner_only: the file is made mode 0600 before it takes the name (keys, sealed profiles).
// Errors: io_error naming the file and what failed.
Status write_file_atomic(const std::string& path, std::string_view bytes, bool owner_only = false);

// ---------------------------------------------------------------------------------------------
// Logging: the library never prints. It calls the sink set here (none by default), like
// whisper_log_set. The sink may be called from any thread and must be thread-safe.

enum class LogLevel { debug, info, warn, error };
using LogSink = std::function<void(LogLevel, std::string_view message)>;
void set_log_sink(LogSink sink);
void log(LogLevel level, std::string_view message);

// Progress for long calls, like llama.cpp's progress_callback: done and total in the caller's
// units; return false to cancel the call (it then returns StatusCode::cancelled).
using ProgressFn = std::function<bool(std::string_view stage, std::size_t done, std::size_t total)>;

// ---------------------------------------------------------------------------------------------
// The model file container (.atm). Layout, all little-endian:
//   u32 magic 'ATNM' (0x4D4E5441) | u32 format version | u64 header bytes | header (JSON, UTF-8)
//   | zero padding to a multiple of 16 | tensor data, each tensor 16-byte aligned
// The header holds {"kind", "meta": {...}, "tensors": [{"name","dtype","shape","offset","bytes"}],
// "checksum": FNV-1a 64 of the data section as 16 hex digits}. An unknown version or a bad
// checksum is an error that names the file.

inline constexpr std::uint32_t kModelMagic = 0x4D4E5441;  // "ATNM" read as little-endian u32
inline constexpr std::uint32_t kModelFormatVersion = 1;

enum class DType { f32, i32, u64, u8 };
std::string_view dtype_name(DType t);
std::size_t dtype_size(DType t);

struct Tensor {
    DType dtype = DType::f32;
    std::vector<std::int64_t> shape;
    std::vector<std::uint8_t> data;  // raw little-endian bytes

    std::size_t elements() const;
    template <typename T>
    std::span<const T> as() const {
        return {reinterpret_cast<const T*>(data.data()), data.size() / sizeof(T)};
    }
};

class ModelFile {
public:
    ModelFile() = default;
    explicit ModelFile(std::string kind) : kind_(std::move(kind)) {}

    // Loaders: a path, a stream or a buffer, like fastText's loadModel(std::istream&).
    // `name` is used in error messages. Errors: not_found, io_error, corrupt.
    static Result<ModelFile> load(const std::string& path);
    static Result<ModelFile> load(std::istream& in, std::string_view name);
    static Result<ModelFile> load(std::span<const std::uint8_t> bytes, std::string_view name);

    // Writes atomically (temp file + rename). Errors: io_error.
    Status save(const std::string& path) const;
    std::vector<std::uint8_t> serialize() const;

    const std::string& kind() const { return kind_; }
    nlohmann::json& meta() { return meta_; }
    const nlohmann::json& meta() const { return meta_; }

    void put(const std::string& name, DType dtype, std::vector<std::int64_t> shape,
             std::span<const std::uint8_t> bytes);
    template <typename T>
    void put(const std::string& name, DType dtype, std::vector<std::int64_t> shape,
             std::span<const T> values) {
        put(name, dtype, std::move(shape),
            std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(values.data()),
                                          values.size_bytes()));
    }
    // The tensor, or not_found / corrupt (when dtype or rank differ) naming the model and tensor.
    Result<const Tensor*> get(const std::string& name, DType dtype, std::size_t rank) const;
    bool has(const std::string& name) const { return tensors_.count(name) != 0; }

private:
    std::string kind_;
    std::string source_;  // for messages
    nlohmann::json meta_ = nlohmann::json::object();
    std::map<std::string, Tensor> tensors_;
};

std::uint64_t fnv1a64(std::span<const std::uint8_t> bytes, std::uint64_t seed = 14695981039346656037ull);
inline std::uint64_t fnv1a64(std::string_view s, std::uint64_t seed = 14695981039346656037ull) {
    return fnv1a64(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()), seed);
}

// Resolves a model file explicitly: the caller's directories in order, then $ATTUNE_MODEL_DIR,
// then the caller's fallbacks (a front end's built-in defaults), then
// <prefix>/share/attune/models. Returns the first existing path, or not_found listing every
// place tried.
Result<std::string> resolve_model_file(std::string_view file_name,
                                       const std::vector<std::string>& search_dirs,
                                       const std::vector<std::string>& fallback_dirs = {});

}  // namespace attune
