#include "parsers/identity.hpp"

#include "util/text.hpp"

namespace nw::parsers {

std::string entry_guid(const Entry& e) {
  return !e.id.empty() ? e.id : !e.link.empty() ? e.link : sha256_hex(e.title + "\n" + e.content);
}

}  // namespace nw::parsers
