// The URL canonicalizer on arbitrary strings, plus one property: canonical
// form is a fixed point (canonicalizing twice changes nothing), since stored
// URLs are compared with freshly canonicalized ones.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "dedup/canonical.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view url(reinterpret_cast<const char*>(data), size);
  const std::string once = nw::dedup::canonical_url(url);
  const std::string twice = nw::dedup::canonical_url(once);
  if (once != twice) std::abort();
  (void)nw::dedup::text_hash(url);
  return 0;
}
