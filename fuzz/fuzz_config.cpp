// The TOML config loader on arbitrary text. A ConfigError is the expected
// outcome for most inputs; anything else escaping is a bug (libFuzzer reports
// an uncaught exception as a crash).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    std::vector<nw::config::Diagnostic> warnings;
    (void)nw::config::parse(text, "/nonexistent/newswatch-fuzz/newswatch.toml", &warnings);
  } catch (const nw::config::ConfigError&) {
  }
  return 0;
}
