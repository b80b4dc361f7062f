// Runs ../shared/tools/feed_conformance.py against the built binary and holds
// the pass rate of the core expectations at 95% or more.
#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <string>

#include "support/test_paths.hpp"

namespace nw::test {
namespace {

TEST(ParseConformance, FeedparserCorpusAtLeast95Percent) {
  const auto shared = shared_dir();
  if (!shared) GTEST_SKIP() << "../shared is absent: feedparser conformance corpus not run";
  const auto tool = *shared / "tools" / "feed_conformance.py";
  const CommandResult r =
      run_command("python3 '" + tool.string() + "' --bin '" + binary().string() + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  std::printf("%s", r.out.c_str());
  std::smatch m;
  const std::regex line(R"(conformance: (\d+)/(\d+) expectations)");
  ASSERT_TRUE(std::regex_search(r.out, m, line)) << r.out;
  const double passed = std::stod(m[1].str());
  const double total = std::stod(m[2].str());
  ASSERT_GT(total, 0);
  EXPECT_GE(passed / total, 0.95) << r.out;
}

}  // namespace
}  // namespace nw::test
