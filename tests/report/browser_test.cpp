// The ledger's pages in a real browser: headless Chromium (Debian's chromium
// package, installed by scripts/setup.sh) loads the daemon's live pages over
// 127.0.0.1 and the static site over file://; the DOM it builds has the chart
// and the tables, and its screenshot shows the chart's colours.
#include <gtest/gtest.h>

#include "report/png.hpp"
#include "report/report_support.hpp"
#include "support/daemon_process.hpp"

namespace nw {
namespace {

using namespace std::chrono_literals;

using test::count;

// Headless Chromium with its own profile in `dir`, and everything that would
// reach beyond loopback (updates, sync, metrics) turned off. It runs as root
// in CI containers, hence --no-sandbox.
std::string chromium(const test::TempDir& dir, const std::string& args) {
  return "timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run "
         "--no-default-browser-check --disable-background-networking --disable-component-update "
         "--disable-sync --disable-extensions --disable-default-apps --metrics-recording-only "
         "--no-proxy-server --hide-scrollbars --user-data-dir=" +
         (dir / "chrome").string() + " " + args + " 2>" + (dir / "chrome.log").string();
}

TEST(ReportBrowserTest, ChromiumRendersTheChartAndTables) {
  if (test::run_command("command -v chromium >/dev/null").status != 0) {
    GTEST_SKIP() << "chromium is not installed (scripts/setup.sh installs it)";
  }
  test::TempDir dir;
  const int port = test::free_port();
  const auto config = test::poll_report_fixtures(
      dir, "[web]\nlisten = \"127.0.0.1:" + std::to_string(port) + "\"\n");
  test::DaemonProcess daemon({test::binary().string(), "run", "-c", config.string()}, dir / "log");
  ASSERT_TRUE(test::eventually(
      [&] { return test::http_get(port, "/healthz").find("200 OK") != std::string::npos; }, 20s))
      << daemon.log();
  const std::string url =
      "http://127.0.0.1:" + std::to_string(port) + "/group/belarus-serving-people.html";

  const auto dom = test::run_command(chromium(dir, "--dump-dom " + url));
  ASSERT_EQ(dom.status, 0) << test::read_file(dir / "chrome.log");
  // The browser parsed the inline SVG into elements, and the table rows are there.
  EXPECT_EQ(count(dom.out, "<svg class=\"chart\""), 1u) << dom.out;
  EXPECT_GE(count(dom.out, "<g class=\"point\">"), 5u);
  // Three divergences, and a confirmation when Hajun's 750 was read after the 742.
  EXPECT_GE(count(dom.out, "class=\"ring\""), 3u);
  // The reconciled band behind the points, and the link to the group's CSV.
  EXPECT_EQ(count(dom.out, "<g class=\"band\">"), 1u);
  EXPECT_LT(dom.out.find("<g class=\"band\">"), dom.out.find("<g class=\"point\">"));
  EXPECT_NE(dom.out.find("href=\"belarus-serving-people.csv\""), std::string::npos);
  EXPECT_NE(dom.out.find("independent origins"), std::string::npos);
  const auto csv = test::http_get(port, "/group/belarus-serving-people.csv");
  EXPECT_NE(csv.find("200 OK"), std::string::npos) << csv;
  EXPECT_NE(csv.find("text/csv"), std::string::npos) << csv;
  EXPECT_NE(csv.find("date,subject,metric,unit,"), std::string::npos) << csv;
  EXPECT_EQ(count(dom.out, "<tr id=\"f"), 5u);
  EXPECT_NE(dom.out.find("Slidstvo.Info</li>"), std::string::npos);  // the legend
  EXPECT_EQ(dom.out.find("<script"), std::string::npos);

  const auto shot = dir / "group.png";
  const auto png = test::run_command(
      chromium(dir, "--window-size=1280,1500 --screenshot=" + shot.string() + " " + url));
  ASSERT_EQ(png.status, 0) << test::read_file(dir / "chrome.log");
  const auto image = test::decode_png(test::read_file(shot));
  ASSERT_TRUE(image.has_value());
  EXPECT_EQ(image->width, 1280u);
  // The chart's colours were painted: open divergence rings, the first source's points.
  EXPECT_GT(image->count(0xC00000), 200u);
  EXPECT_GT(image->count(0x0072B2), 100u);
  EXPECT_GT(image->count(0x009E73), 50u);  // Slidstvo.Info's range and point

  // The static site reads the same in the browser from file://.
  ASSERT_EQ(test::run_command(test::binary().string() + " report -c " + config.string() + " -o " +
                              (dir / "site").string())
                .status,
            0);
  const auto index = test::run_command(
      chromium(dir, "--dump-dom file://" + (dir / "site" / "index.html").string()));
  ASSERT_EQ(index.status, 0) << test::read_file(dir / "chrome.log");
  EXPECT_EQ(count(index.out, "<a href=\"group/"), 4u);  // subject and metric of two groups
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(20s), 0) << daemon.log();
}

}  // namespace
}  // namespace nw
