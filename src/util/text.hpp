// Small string helpers shared by several stages.
#pragma once

#include <string>
#include <string_view>

namespace nw {

// ASCII lower-case copy (non-ASCII bytes unchanged).
std::string ascii_lower(std::string_view s);

// Trims ASCII whitespace at both ends.
std::string_view trim(std::string_view s);

// Hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

}  // namespace nw
