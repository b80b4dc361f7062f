#include "fetchers/address.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>

#include <cstdint>
#include <cstring>

namespace nw::fetchers {
namespace {

// `bits` leading bits of `a` equal those of `prefix` (host byte order).
bool in_v4(uint32_t a, uint32_t prefix, int bits) {
  const uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  return (a & mask) == (prefix & mask);
}

bool is_public_v4(uint32_t a) {
  struct Net {
    uint32_t prefix;
    int bits;
  };
  static constexpr Net blocked[] = {
      {0x00000000, 8},   // "this network", 0.0.0.0
      {0x0A000000, 8},   // 10/8
      {0x64400000, 10},  // 100.64/10 shared address space (CGNAT)
      {0x7F000000, 8},   // loopback
      {0xA9FE0000, 16},  // link-local (cloud metadata lives here)
      {0xAC100000, 12},  // 172.16/12
      {0xC0000000, 24},  // 192.0.0/24 IETF protocol assignments
      {0xC0A80000, 16},  // 192.168/16
      {0xC6120000, 15},  // 198.18/15 benchmarking
      {0xE0000000, 4},   // multicast
      {0xF0000000, 4},   // reserved, and 255.255.255.255
  };
  for (const Net& n : blocked) {
    if (in_v4(a, n.prefix, n.bits)) return false;
  }
  return true;
}

uint32_t v4_at(const uint8_t* b) {
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
}

bool is_public_v6(const uint8_t* b) {
  static constexpr uint8_t zeros[16] = {};
  if (std::memcmp(b, zeros, 12) == 0) {
    // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
    return v4_at(b + 12) > 1 && is_public_v4(v4_at(b + 12));
  }
  static constexpr uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (std::memcmp(b, mapped, 12) == 0) return is_public_v4(v4_at(b + 12));
  static constexpr uint8_t nat64[12] = {0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, nat64, 12) == 0) return is_public_v4(v4_at(b + 12));
  if (b[0] == 0x20 && b[1] == 0x02) return is_public_v4(v4_at(b + 2));  // 6to4
  if (b[0] == 0xFF) return false;                                       // multicast
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return false;              // link-local fe80::/10
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) return false;              // site-local fec0::/10
  if ((b[0] & 0xFE) == 0xFC) return false;                              // unique-local fc00::/7
  return true;
}

}  // namespace

bool is_public_address(const sockaddr* address) {
  if (!address) return false;
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    return is_public_v4(ntohl(in->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    return is_public_v6(in6->sin6_addr.s6_addr);
  }
  return false;
}

std::string address_text(const sockaddr* address) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (address && address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, buf, sizeof buf);
  } else if (address && address->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, buf,
              sizeof buf);
  } else {
    return "an address of an unknown family";
  }
  return buf;
}

std::string host_key(const std::string& url) {
  CURLU* h = curl_url();
  std::string key = url;
  if (curl_url_set(h, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
    char* scheme = nullptr;
    char* host = nullptr;
    char* port = nullptr;
    curl_url_get(h, CURLUPART_SCHEME, &scheme, 0);
    curl_url_get(h, CURLUPART_HOST, &host, 0);
    curl_url_get(h, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
    key = std::string(scheme ? scheme : "") + "://" + (host ? host : "") + ":" + (port ? port : "");
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
  }
  curl_url_cleanup(h);
  return key;
}

}  // namespace nw::fetchers
