// SPDX-License-Identifier: Apache-2.0
// The PostgreSQL back end of attune::store (internal: front ends use open_store()).
#pragma once

#include <memory>
#include <string>

#include <attune/store.hpp>

namespace attune::store::postgres {

struct Options {
    // Connections the Store keeps open at most; a call that finds them all busy waits for one.
    int max_connections = 16;
};

// Connects to the server named by `url` ("postgresql://..." or "postgres://...", any libpq
// connection URI, handed to libpq unchanged) and applies pending migrations. Errors as
// open_store(); every message names the URL through redact_url().
Result<std::unique_ptr<Store>> open(const std::string& url, const Options& options);

// The schema version this build writes: the last migration's number.
int latest_schema_version();

}  // namespace attune::store::postgres
