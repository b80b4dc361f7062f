// The benchmarks' plots (report::render_plot): a standalone SVG, texts escaped,
// one line per series, non-finite points left out.
#include "report/plot.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "report/report_support.hpp"

namespace nw::report {
namespace {

TEST(PlotTest, DrawsEachSeriesAsALineInItsPanel) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Plot plot{"Growth <over> days",
                  "articles stored",
                  {{"articles per second", {{"ingest", {{1000, 9000}, {2000, 8000}, {3000, nan}}}}},
                   {"milliseconds", {{"index & group", {{1000, 3}, {2000, 4}}}, {"query", {}}}}}};
  const std::string svg = render_plot(plot);
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find("Growth &lt;over&gt; days"), std::string::npos);
  EXPECT_NE(svg.find("index &amp; group"), std::string::npos);
  EXPECT_EQ(test::count(svg, "<path d=\"M"), 2u);  // the empty series draws no line
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_NE(svg.find(">10k<"), std::string::npos);  // y ticks up to a nice step above 9000
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
}

}  // namespace
}  // namespace nw::report
