// Versioned schema: migration N brings the database from user_version N to N+1.
#pragma once

#include <string_view>
#include <vector>

namespace nw::storage {

// Each entry is one migration's SQL; never edit a released one, append a new one.
const std::vector<std::string_view>& migrations();

}  // namespace nw::storage
