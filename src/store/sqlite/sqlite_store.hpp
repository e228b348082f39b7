// SPDX-License-Identifier: Apache-2.0
// The SQLite back end of attune::store (internal: front ends use open_store()).
#pragma once

#include <memory>
#include <string>

#include <attune/store.hpp>

namespace attune::store::sqlite {

enum class Synchronous { normal, full };

struct Options {
    Synchronous synchronous = Synchronous::normal;
    int busy_timeout_ms = 5000;
};

// Opens or creates the database file at `path` (its directory must exist), switches it to WAL
// and applies pending migrations. Errors as open_store().
Result<std::unique_ptr<Store>> open(const std::string& path, const Options& options);

// The schema version this build writes: the last migration's number.
int latest_schema_version();

}  // namespace attune::store::sqlite
