// systemd/newswatch.service: `systemd-analyze verify` is clean and
// `systemd-analyze security --offline=true` rates its exposure 2.0 or less.
#include <gtest/gtest.h>

#include <regex>

#include "support/test_paths.hpp"

namespace nw {
namespace {

// The configured unit with ExecStart pointing at the built binary, since
// verify checks that the command exists and it is not installed yet.
std::filesystem::path unit_for_test(const test::TempDir& dir) {
  const auto configured = test::binary().parent_path() / "systemd" / "newswatch.service";
  std::string unit = test::read_file(configured);
  unit = std::regex_replace(unit, std::regex("^ExecStart=[^ ]+ ", std::regex::multiline),
                            "ExecStart=" + test::binary().string() + " ");
  const auto path = dir / "newswatch.service";
  test::write_file(path, unit);
  return path;
}

bool have_systemd_analyze() {
  return test::run_command("command -v systemd-analyze").status == 0;
}

TEST(ServiceUnitTest, VerifyIsClean) {
  if (!have_systemd_analyze()) GTEST_SKIP() << "systemd-analyze missing (scripts/setup.sh)";
  test::TempDir dir;
  const auto unit = unit_for_test(dir);
  ASSERT_NE(test::read_file(unit).find("ExecStart=" + test::binary().string() + " run -c "),
            std::string::npos);
  const auto r = test::run_command("systemd-analyze verify " + unit.string());
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out + r.err, "");
}

TEST(ServiceUnitTest, ExposureAtMostTwo) {
  if (!have_systemd_analyze()) GTEST_SKIP() << "systemd-analyze missing (scripts/setup.sh)";
  test::TempDir dir;
  const auto unit = unit_for_test(dir);
  const auto r =
      test::run_command("systemd-analyze security --offline=true --no-pager " + unit.string());
  std::smatch m;
  const std::string out = r.out + r.err;
  ASSERT_TRUE(std::regex_search(out, m,
                                std::regex("Overall exposure level for newswatch.service: "
                                           "([0-9.]+)")))
      << out;
  EXPECT_LE(std::stod(m[1].str()), 2.0) << out;
}

TEST(ServiceUnitTest, NotifyReloadAndRestartSettings) {
  const auto configured = test::binary().parent_path() / "systemd" / "newswatch.service";
  const std::string unit = test::read_file(configured);
  for (const char* line : {"Type=notify\n", "NotifyAccess=main\n", "WatchdogSec=",
                           "Restart=on-failure\n", "ExecReload=/bin/kill -HUP $MAINPID\n",
                           "StateDirectory=newswatch\n", "ConfigurationDirectory=newswatch\n",
                           "CapabilityBoundingSet=\n", "SystemCallFilter=@system-service\n"}) {
    EXPECT_NE(unit.find(line), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace nw
