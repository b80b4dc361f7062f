// SVG primitives the ledger's charts (chart.cpp) and the benchmarks' plots
// (plot.cpp) share, so both draw in one style: numbers, colours, shapes, ticks.
#pragma once

#include <cmath>
#include <cstdio>
#include <iterator>
#include <string>

#include "report/format.hpp"

namespace nw::report::svg {

// Okabe–Ito colours (distinguishable with colour-blindness); shapes multiply them.
inline constexpr const char* k_colours[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                            "#D55E00", "#56B4E9", "#000000", "#8C6D31"};
inline constexpr std::size_t k_shapes = 4;

// A coordinate, one decimal.
inline std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

inline const char* colour(std::size_t i) {
  return k_colours[i % std::size(k_colours)];
}

// The symbol of series (or source) `i` centred at (x, y): colour, then shape.
inline std::string shape(std::size_t i, double x, double y, double r) {
  const std::string fill = std::string(" fill=\"") + colour(i) + "\" stroke=\"#fff\"";
  switch ((i / std::size(k_colours)) % k_shapes) {
    case 0:
      return "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"" + num(r) + "\"" + fill +
             "/>";
    case 1:
      return "<rect x=\"" + num(x - r) + "\" y=\"" + num(y - r) + "\" width=\"" + num(2 * r) +
             "\" height=\"" + num(2 * r) + "\"" + fill + "/>";
    case 2:
      return "<path d=\"M" + num(x) + " " + num(y - r * 1.2) + "L" + num(x + r * 1.1) + " " +
             num(y + r * 0.9) + "L" + num(x - r * 1.1) + " " + num(y + r * 0.9) + "Z\"" + fill +
             "/>";
    default:
      return "<path d=\"M" + num(x) + " " + num(y - r * 1.3) + "L" + num(x + r * 1.3) + " " +
             num(y) + "L" + num(x) + " " + num(y + r * 1.3) + "L" + num(x - r * 1.3) + " " +
             num(y) + "Z\"" + fill + "/>";
  }
}

// 1, 2 or 5 times a power of ten, at least `x` (> 0).
inline double nice_step(double x) {
  const double p = std::pow(10, std::floor(std::log10(x)));
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= x) return m * p;
  }
  return 10 * p;
}

inline std::string line(double x1, double y1, double x2, double y2, const std::string& attrs) {
  return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
         num(y2) + "\" " + attrs + "/>";
}

// Text at (x, y), escaped.
inline std::string text(double x, double y, const std::string& s, const std::string& attrs) {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" " + attrs + ">" + escape(s) + "</text>";
}

}  // namespace nw::report::svg
