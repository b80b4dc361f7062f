// Small string helpers shared by several stages.
#pragma once

#include <string>
#include <string_view>

namespace nw {

// ASCII lower-case copy (non-ASCII bytes unchanged).
std::string ascii_lower(std::string_view s);

// Trims ASCII whitespace at both ends.
std::string_view trim(std::string_view s);

// The URL as it may be logged: credentials in it (user:password@, and the
// values of query parameters named like token, key, secret, password,
// signature or auth) replaced by "***".
std::string redact_url(std::string_view url);

// Hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

}  // namespace nw
