// HTML main-text extraction: a web page parsed as a `kind = "page"` feed, the
// same entry point the poller uses for pages and followed links.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  nw::parsers::ParseOptions options;
  options.url = "https://news.example.org/2025/04/article.html";
  options.content_type = "text/html";
  options.kind = "page";
  (void)nw::parsers::parse_feed(bytes, options);
  (void)nw::parsers::html_to_text(bytes);
  return 0;
}
