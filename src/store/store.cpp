// SPDX-License-Identifier: Apache-2.0
// Store URLs and the back-end factory. The back end is chosen by the URL alone, so a deployment
// moves from the embedded file to a PostgreSQL server by changing one setting.
#include <filesystem>
#include <string>

#include <attune/store.hpp>

#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace attune::store {
namespace {

constexpr std::string_view kAcceptedForms =
    "expected sqlite: (DATA_DIR/attune.db), sqlite:///absolute/path.db, postgresql://... or "
    "postgres://...";

Status parse_sqlite_options(std::string_view query, sqlite::Options& options) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        const auto eq = pair.find('=');
        const std::string_view key = pair.substr(0, eq);
        const std::string_view value =
            eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
        if (key == "synchronous" && value == "full") {
            options.synchronous = sqlite::Synchronous::full;
        } else if (key == "synchronous" && value == "normal") {
            options.synchronous = sqlite::Synchronous::normal;
        } else if (key == "synchronous") {
            return Status::invalid_argument("synchronous must be full or normal, not '" +
                                            std::string(value) + "'");
        } else {
            return Status::invalid_argument("unknown sqlite option '" + std::string(key) +
                                            "' (known: synchronous)");
        }
    }
    return Status::ok();
}

Result<std::unique_ptr<Store>> open_sqlite(std::string_view url, const std::string& data_dir) {
    std::string_view rest = url.substr(std::string_view("sqlite:").size());
    const auto qmark = rest.find('?');
    const std::string_view query =
        qmark == std::string_view::npos ? std::string_view{} : rest.substr(qmark + 1);
    rest = rest.substr(0, qmark);

    sqlite::Options options;
    if (Status st = parse_sqlite_options(query, options); !st)
        return st.with_context("store URL '" + std::string(url) + "'");

    std::filesystem::path path;
    if (rest.empty()) {
        // Never guess a directory: the caller (the CLI or server) resolved it.
        if (data_dir.empty())
            return Status::invalid_argument("store URL 'sqlite:' needs a data directory");
        path = std::filesystem::path(data_dir) / "attune.db";
    } else if (rest.starts_with("///")) {
        path = std::string(rest.substr(2));
    } else {
        return Status::invalid_argument("store URL '" + std::string(url) + "': " +
                                        std::string(kAcceptedForms));
    }
    std::error_code ec;
    const auto dir = path.parent_path();
    if (!std::filesystem::is_directory(dir, ec))
        return Status::invalid_argument("store URL '" + std::string(url) + "': directory '" +
                                        dir.string() + "' does not exist");
    return sqlite::open(path.string(), options);
}

}  // namespace

std::string_view role_name(Role role) {
    switch (role) {
        case Role::patient: return "patient";
        case Role::clinician: return "clinician";
        case Role::admin: return "admin";
    }
    return "unknown";
}

Result<Role> parse_role(std::string_view name) {
    for (Role r : {Role::patient, Role::clinician, Role::admin})
        if (role_name(r) == name) return r;
    return Status::invalid_argument("unknown role '" + std::string(name) +
                                    "' (patient, clinician or admin)");
}

std::string_view chat_role_name(ChatRole role) {
    switch (role) {
        case ChatRole::person: return "person";
        case ChatRole::companion: return "companion";
    }
    return "unknown";
}

Result<ChatRole> parse_chat_role(std::string_view name) {
    for (ChatRole r : {ChatRole::person, ChatRole::companion})
        if (chat_role_name(r) == name) return r;
    return Status::invalid_argument("unknown chat role '" + std::string(name) +
                                    "' (person or companion)");
}

std::string_view alert_status_name(AlertStatus status) {
    switch (status) {
        case AlertStatus::open: return "open";
        case AlertStatus::acknowledged: return "acknowledged";
        case AlertStatus::dismissed: return "dismissed";
    }
    return "unknown";
}

Result<AlertStatus> parse_alert_status(std::string_view name) {
    for (AlertStatus s : {AlertStatus::open, AlertStatus::acknowledged, AlertStatus::dismissed})
        if (alert_status_name(s) == name) return s;
    return Status::invalid_argument("unknown alert status '" + std::string(name) +
                                    "' (open, acknowledged or dismissed)");
}

std::string redact_url(std::string_view url) {
    std::string out(url);
    // userinfo: scheme://user:password@host
    if (const auto scheme_end = out.find("://"); scheme_end != std::string::npos) {
        const auto auth_begin = scheme_end + 3;
        const auto auth_end = out.find_first_of("/?#", auth_begin);
        const auto at = out.rfind('@', auth_end == std::string::npos ? out.size() : auth_end);
        if (at != std::string::npos && at >= auth_begin) {
            const auto colon = out.find(':', auth_begin);
            if (colon != std::string::npos && colon < at)
                out.replace(colon + 1, at - colon - 1, "***");
        }
    }
    // libpq also takes the password as a query parameter.
    for (auto pos = out.find("password="); pos != std::string::npos;
         pos = out.find("password=", pos + 1)) {
        if (pos != 0 && out[pos - 1] != '?' && out[pos - 1] != '&') continue;
        const auto value = pos + std::string_view("password=").size();
        const auto end = out.find('&', value);
        out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
    }
    return out;
}

Result<std::unique_ptr<Store>> open_store(std::string_view url, const std::string& data_dir) {
    if (url.starts_with("sqlite:")) return open_sqlite(url, data_dir);
    if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
        return postgres::open(std::string(url), postgres::Options{});
    return Status::invalid_argument("unknown store URL '" + redact_url(url) + "': " +
                                    std::string(kAcceptedForms));
}

}  // namespace attune::store
