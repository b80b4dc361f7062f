// A realistic ledger for the report's end-to-end tests: three fixture feeds
// (tests/data/report) polled once by the real binary into a real database.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/test_paths.hpp"

namespace nw::test {

// Copies the fixture feeds into `dir`, writes dir/nw.toml (with `extra` TOML
// appended) and runs `newswatch once` on it.
inline std::filesystem::path poll_report_fixtures(const TempDir& dir,
                                                  const std::string& extra = "") {
  std::string config = "[storage]\npath = \"nw.db\"\n" + extra + "\n";
  for (const char* feed : {"minsk-desk", "eastern-wire", "border-post"}) {
    std::filesystem::copy_file(data_dir() / "report" / (std::string(feed) + ".xml"),
                               dir / (std::string(feed) + ".xml"));
    config += "[[feeds]]\nname = \"" + std::string(feed) + "\"\nurl = \"file:" + feed +
              ".xml\"\ninterval = \"1h\"\n";
  }
  write_file(dir / "nw.toml", config);
  const auto once = run_command(binary().string() + " once -c " + (dir / "nw.toml").string());
  EXPECT_EQ(once.status, 0) << once.out << once.err;
  return dir / "nw.toml";
}

// The page without its footer, which says when it was generated.
// How many times `needle` occurs in `s`.
inline std::size_t count(const std::string& s, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = s.find(needle); at != std::string::npos; at = s.find(needle, at + 1)) ++n;
  return n;
}

inline std::string without_footer(const std::string& html) {
  return html.substr(0, html.find("<footer>"));
}

}  // namespace nw::test
