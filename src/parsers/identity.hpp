// Entry identity: the key an entry is stored under, computed beside the
// parsers (as Miniflux's adapter computes its entry hash).
#pragma once

#include <string>

#include "parsers/feed.hpp"

namespace nw::parsers {

// The entry's id (GUID), else its link, else the SHA-256 of its title and
// content: stable across polls, so a feed's entry is stored once per feed.
std::string entry_guid(const Entry& entry);

}  // namespace nw::parsers
