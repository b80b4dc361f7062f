// The PostgreSQL schema, versioned as the SQLite one is (storage/schema.hpp):
// migration N brings newswatch_schema.version from N to N+1.
#pragma once

#include <string_view>
#include <vector>

namespace nw::storage::postgresql {

// Each entry is one migration's SQL; never edit a released one, append a new one.
const std::vector<std::string_view>& migrations();

}  // namespace nw::storage::postgresql
