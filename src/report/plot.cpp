#include "report/plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/svg.hpp"

namespace nw::report {
namespace {

constexpr double k_width = 860, k_panel_height = 260;
constexpr double k_left = 86, k_right = 170, k_top = 40, k_gap = 40, k_bottom = 48;

// A linear axis from zero to a nice step above `hi`, with its ticks.
struct Axis {
  double hi = 1, step = 0.2;
  double from = 0, to = 1;  // pixels for 0 and hi

  double operator()(double v) const { return from + (to - from) * std::clamp(v / hi, 0.0, 1.02); }
};

Axis axis(double hi, double from, double to) {
  Axis a;
  if (!(hi > 0) || !std::isfinite(hi)) hi = 1;
  a.step = svg::nice_step(hi / 5);
  a.hi = std::ceil(hi / a.step) * a.step;
  a.from = from;
  a.to = to;
  return a;
}

// "1.2M", "35k", "0.25": tick labels short enough for the margin.
std::string tick_label(double v) {
  char buf[32];
  if (v >= 1e6)
    std::snprintf(buf, sizeof buf, "%gM", v / 1e6);
  else if (v >= 1e4)
    std::snprintf(buf, sizeof buf, "%gk", v / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

double max_of(const std::vector<PlotSeries>& series, bool x) {
  double hi = 0;
  for (const auto& s : series) {
    for (const auto& [px, py] : s.points) {
      const double v = x ? px : py;
      if (std::isfinite(px) && std::isfinite(py)) hi = std::max(hi, v);
    }
  }
  return hi;
}

std::string panel(const PlotPanel& p, const Axis& x, double top) {
  const double bottom = top + k_panel_height;
  const Axis y = axis(max_of(p.series, false), bottom, top);
  std::string out;
  for (double v = 0; v <= y.hi * 1.0001; v += y.step) {
    out += svg::line(k_left, y(v), k_width - k_right, y(v), "stroke=\"#ececec\"");
    out += svg::text(k_left - 8, y(v) + 4, tick_label(v),
                     "font-size=\"12\" fill=\"#444\" text-anchor=\"end\"");
  }
  for (double v = 0; v <= x.hi * 1.0001; v += x.step) {
    out += svg::line(x(v), bottom, x(v), bottom + 5, "stroke=\"#777\"");
    out += svg::text(x(v), bottom + 18, tick_label(v),
                     "font-size=\"12\" fill=\"#444\" text-anchor=\"middle\"");
  }
  out += svg::line(k_left, bottom, k_width - k_right, bottom, "stroke=\"#777\"");
  out +=
      svg::text(16, top + k_panel_height / 2, p.y_label,
                "font-size=\"12\" fill=\"#333\" text-anchor=\"middle\" transform=\"rotate(-90 16 " +
                    svg::num(top + k_panel_height / 2) + ")\"");
  for (std::size_t i = 0; i < p.series.size(); ++i) {
    std::string path, marks;
    for (const auto& [px, py] : p.series[i].points) {
      if (!std::isfinite(px) || !std::isfinite(py)) continue;
      path += (path.empty() ? "M" : "L") + svg::num(x(px)) + " " + svg::num(y(py));
      marks += svg::shape(i, x(px), y(py), 3.5);
    }
    out += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + svg::colour(i) +
           "\" stroke-width=\"2\"/>" + marks;
    const double ly = top + 14 + 18 * static_cast<double>(i);
    out += svg::shape(i, k_width - k_right + 16, ly - 4, 5);
    out +=
        svg::text(k_width - k_right + 28, ly, p.series[i].name, "font-size=\"12\" fill=\"#333\"");
  }
  return out;
}

}  // namespace

std::string render_plot(const Plot& plot) {
  double x_hi = 0;
  for (const auto& p : plot.panels) x_hi = std::max(x_hi, max_of(p.series, true));
  const Axis x = axis(x_hi, k_left, k_width - k_right);
  const double height =
      k_top + static_cast<double>(plot.panels.size()) * (k_panel_height + k_gap) + k_bottom;
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
      "viewBox=\"0 0 " +
      svg::num(k_width) + " " + svg::num(height) + "\" width=\"" + svg::num(k_width) +
      "\" height=\"" + svg::num(height) +
      "\" font-family=\"system-ui, sans-serif\"><rect width=\"100%\" height=\"100%\" "
      "fill=\"#fff\"/>" +
      svg::text(k_left, 24, plot.title, "font-size=\"15\" font-weight=\"700\"");
  double top = k_top;
  for (const auto& p : plot.panels) {
    out += panel(p, x, top);
    top += k_panel_height + k_gap;
  }
  out += svg::text(k_left + (k_width - k_right - k_left) / 2, height - 12, plot.x_label,
                   "font-size=\"12\" fill=\"#333\" text-anchor=\"middle\"");
  return out + "</svg>\n";
}

}  // namespace nw::report
