// Standard Webhooks signing and the bodies each webhook format posts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nw::alerts {

// The key bytes of a secret: base64-decoded after "whsec_", else the bytes as written.
std::string secret_key(std::string_view secret);

// "v1," + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")).
std::string sign(std::string_view secret, std::string_view id, long long timestamp,
                 std::string_view body);

// The request headers of one delivery attempt ("Name: value").
std::vector<std::string> webhook_headers(std::string_view secret, std::string_view id,
                                         long long timestamp, std::string_view body);

// The body to post for `format` ("json": the alert body itself; "slack": text and blocks).
std::string format_body(std::string_view format, const std::string& alert_body);

std::string base64_encode(std::string_view bytes);
std::string base64_decode(std::string_view text);  // "" when malformed

}  // namespace nw::alerts
