// Line plots of measured series over a numeric x axis, as one inline SVG of
// stacked panels: what the benchmarks draw (bench/longrun_bench), in the
// ledger charts' style (report/svg.hpp).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace nw::report {

struct PlotSeries {
  std::string name;
  std::vector<std::pair<double, double>> points;  // (x, y), in x order
};

// One panel: its own y axis from zero; the x axis is shared by every panel.
struct PlotPanel {
  std::string y_label;
  std::vector<PlotSeries> series;
};

struct Plot {
  std::string title;
  std::string x_label;
  std::vector<PlotPanel> panels;
};

// The plot as a standalone SVG document (an XML declaration, then <svg>); every
// text escaped. Non-finite points are left out.
std::string render_plot(const Plot& plot);

}  // namespace nw::report
