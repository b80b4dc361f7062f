// The feed parser on arbitrary bytes, through the format sniffer: every format
// (RSS 0.9x/2.0, RDF, Atom 0.3/1.0, JSON Feed) and every charset path is reachable.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  nw::parsers::ParseOptions options;
  options.url = "https://feeds.example.org/news/rss.xml";
  // A small cap keeps each run short while still crossing the limit.
  options.max_entries = 64;
  (void)nw::parsers::parse_feed(bytes, options);
  return 0;
}
