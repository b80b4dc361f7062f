#include "util/text.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>

namespace nw {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return (c >= 'A' && c <= 'Z') ? char(c + 32) : char(c); });
  return out;
}

std::string_view trim(std::string_view s) {
  // " \t\n\v\f\r", tested in a plain loop: find_first_not_of calls memchr on
  // the set for every byte it passes, and the parsers trim every field.
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  std::size_t b = 0, e = s.size();
  while (b < e && space(s[b])) ++b;
  while (e > b && space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md.data(), &len, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned i = 0; i < len; ++i) {
    out.push_back(hex[md[i] >> 4]);
    out.push_back(hex[md[i] & 15]);
  }
  return out;
}

namespace {

bool secret_name(std::string_view name) {
  const std::string n = ascii_lower(name);
  for (const char* word : {"token", "key", "secret", "pass", "sig", "auth", "credential"}) {
    if (n.find(word) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::string redact_url(std::string_view url) {
  std::string out(url);
  const auto scheme = out.find("://");
  const auto host = scheme == std::string::npos ? 0 : scheme + 3;
  const auto authority_end = out.find_first_of("/?#", host);
  const auto at = out.rfind('@', authority_end == std::string::npos ? out.size() : authority_end);
  if (scheme != std::string::npos && at != std::string::npos && at >= host) {
    out.replace(host, at - host, "***");
  }
  const auto query = out.find('?');
  if (query == std::string::npos) return out;
  const auto end = std::min(out.find('#', query), out.size());
  std::string redacted = out.substr(0, query + 1);
  std::string_view params(out.data() + query + 1, end - query - 1);
  while (true) {
    const auto amp = params.find('&');
    const auto param = params.substr(0, amp);
    const auto eq = param.find('=');
    if (eq != std::string_view::npos && secret_name(param.substr(0, eq))) {
      redacted.append(param.substr(0, eq + 1)).append("***");
    } else {
      redacted.append(param);
    }
    if (amp == std::string_view::npos) break;
    redacted += '&';
    params.remove_prefix(amp + 1);
  }
  return redacted + out.substr(end);
}

}  // namespace nw
