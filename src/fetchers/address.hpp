// Which resolved addresses a link taken from a feed may reach.
#pragma once

#include <sys/socket.h>

#include <string>

namespace nw::fetchers {

// Whether `address` is a public unicast address: not loopback, private
// (RFC 1918, unique-local), link-local, shared (CGNAT), multicast, unspecified,
// broadcast or reserved, IPv4 or IPv6 (IPv4-mapped, -compatible, NAT64 and
// 6to4 forms are judged by the IPv4 address inside). Unknown families are not public.
bool is_public_address(const sockaddr* address);

// "127.0.0.1", "::1": the numeric form, for error messages.
std::string address_text(const sockaddr* address);

// "scheme://host:port" of `url` (port explicit, defaulted by scheme): the unit
// `per_host` counts, in the fetcher and in feed leases across daemons. A URL
// libcurl cannot parse is its own key.
std::string host_key(const std::string& url);

}  // namespace nw::fetchers
