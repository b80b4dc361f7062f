#include "report/chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "report/format.hpp"
#include "report/pages.hpp"
#include "report/svg.hpp"

namespace nw::report {
namespace {

using namespace std::chrono;

constexpr double k_width = 860, k_height = 380;
constexpr double k_left = 78, k_right = 24, k_top = 28, k_bottom = 52;
constexpr double k_undated_width = 70;  // a column at the right for figures without a date
constexpr double k_arrow = 18;          // open-ended qualifiers: arrow length in pixels
constexpr const char* k_alert_colour = "#C00000";
constexpr const char* k_settled_colour = "#8a8a8a";
using svg::colour;
using svg::line;
using svg::nice_step;
using svg::num;
using svg::shape;
using svg::text;

// The y axis: linear from zero, or log when the figures span orders of magnitude.
struct YScale {
  bool log = false;
  double lo = 0, hi = 1, step = 0.2;  // step: between linear ticks
  double top = k_top, bottom = k_height - k_bottom;

  double operator()(double v) const {
    double f;
    if (log) {
      f = (std::log10(std::max(v, lo)) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
    } else {
      f = (v - lo) / (hi - lo);
    }
    return bottom - std::clamp(f, -0.02, 1.02) * (bottom - top);
  }

  std::vector<double> ticks() const {
    std::vector<double> out;
    if (log) {
      const int decades = static_cast<int>(std::lround(std::log10(hi / lo)));
      for (double d = lo; d <= hi * 1.0001; d *= 10) {
        out.push_back(d);
        if (decades <= 3 && d * 2 < hi) out.push_back(d * 2);
        if (decades <= 3 && d * 5 < hi) out.push_back(d * 5);
      }
      std::sort(out.begin(), out.end());
    } else {
      for (int i = 0; lo + step * i <= hi * 1.0001; ++i) out.push_back(lo + step * i);
    }
    return out;
  }
};

YScale y_scale(const std::vector<const Entry*>& entries) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto* e : entries) {
    for (const auto v : {std::optional(e->claim.value), e->claim.low, e->claim.high}) {
      if (v && std::isfinite(*v)) {
        lo = std::min(lo, *v);
        hi = std::max(hi, *v);
      }
    }
  }
  YScale s;
  if (!std::isfinite(lo)) return s;
  if (lo > 0 && hi / lo >= 50) {
    s.log = true;
    s.lo = std::pow(10, std::floor(std::log10(lo)));
    s.hi = std::pow(10, std::ceil(std::log10(hi)));
    if (s.hi <= s.lo) s.hi = s.lo * 10;
    return s;
  }
  s.lo = std::min(0.0, lo);
  const double top = std::max(hi * 1.08, s.lo + 1);  // headroom for arrows and labels
  s.step = nice_step((top - s.lo) / 5);
  s.lo = std::floor(s.lo / s.step) * s.step;
  s.hi = std::ceil(top / s.step) * s.step;
  return s;
}

// The x axis over the dated entries' spans, at least a month wide.
struct XScale {
  double t0 = 0, t1 = 1;  // seconds since the epoch
  double left = k_left, right = k_width - k_right;
  double operator()(double t) const { return left + (t - t0) / (t1 - t0) * (right - left); }
};

double secs(Time t) {
  return static_cast<double>(t.time_since_epoch().count());
}

XScale x_scale(const std::vector<const Entry*>& dated, double right) {
  XScale s;
  s.right = right;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto* e : dated) {
    lo = std::min(lo, secs(*e->date));
    hi = std::max(hi, secs(std::max(e->date_end, *e->date)));
  }
  if (!std::isfinite(lo)) return s;
  const double month = 30.0 * 86400;
  if (hi - lo < month) {
    const double mid = (lo + hi) / 2;
    lo = mid - month / 2;
    hi = mid + month / 2;
  }
  const double pad = (hi - lo) * 0.05;
  s.t0 = lo - pad;
  s.t1 = hi + pad;
  return s;
}

// Tick dates: years, months or days, whichever gives at most about eight.
std::vector<std::pair<double, std::string>> x_ticks(const XScale& x) {
  std::vector<std::pair<double, std::string>> out;
  const Time t0{seconds(static_cast<long long>(x.t0))}, t1{seconds(static_cast<long long>(x.t1))};
  const year_month_day a{floor<days>(t0)}, b{floor<days>(t1)};
  const int years_span = static_cast<int>(b.year()) - static_cast<int>(a.year());
  char buf[32];
  if (years_span >= 3) {
    const int step = std::max(1, (years_span + 7) / 8);
    for (int y = static_cast<int>(a.year()) + 1; y <= static_cast<int>(b.year()); y += step) {
      out.push_back({secs(Time(sys_days(year(y) / January / 1))), std::to_string(y)});
    }
    return out;
  }
  const int months_span = years_span * 12 + static_cast<int>(static_cast<unsigned>(b.month())) -
                          static_cast<int>(static_cast<unsigned>(a.month()));
  if (months_span >= 2) {
    const int step = std::max(1, (months_span + 7) / 8);
    for (auto ym = year_month(a.year(), a.month()) + months(1);
         ym <= year_month(b.year(), b.month()); ym += months(step)) {
      std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(ym.year()),
                    static_cast<unsigned>(ym.month()));
      out.push_back({secs(Time(sys_days(ym / 1))), buf});
    }
    return out;
  }
  const auto d0 = ceil<days>(t0), d1 = floor<days>(t1);
  const long span = (d1 - d0).count();
  const long step = std::max(1L, (span + 7) / 8);
  for (auto d = d0; d <= d1; d += days(step)) out.push_back({secs(Time(d)), format_date(Time(d))});
  return out;
}

std::string axes(const YScale& y, const XScale& x, bool undated, const Group& g) {
  std::string out;
  for (const double v : y.ticks()) {
    const double py = y(v);
    out += line(k_left, py, k_width - k_right, py, "class=\"grid\"");
    out += text(k_left - 8, py + 4, format_short(v), "class=\"tick\" text-anchor=\"end\"");
  }
  for (const auto& [t, label] : x_ticks(x)) {
    const double px = x(t);
    if (px < x.left || px > x.right) continue;
    out += line(px, k_top, px, y.bottom, "class=\"grid\"");
    out += text(px, y.bottom + 18, label, "class=\"tick\" text-anchor=\"middle\"");
  }
  out += line(k_left, y.bottom, k_width - k_right, y.bottom, "class=\"axis\"");
  out += line(k_left, k_top, k_left, y.bottom, "class=\"axis\"");
  if (undated) {
    out += line(x.right + 10, k_top, x.right + 10, y.bottom,
                "class=\"axis\" stroke-dasharray=\"3 3\"");
    out += text(x.right + 10 + k_undated_width / 2, y.bottom + 18, "undated",
                "class=\"tick\" text-anchor=\"middle\"");
  }
  out += text(x.left + (x.right - x.left) / 2, k_height - 10, "date (as of, else published)",
              "class=\"label\" text-anchor=\"middle\"");
  const std::string unit = g.key.unit.value_or("");
  out += "<text class=\"label\" text-anchor=\"middle\" transform=\"translate(16 " +
         num((k_top + y.bottom) / 2) + ") rotate(-90)\">" +
         escape(g.key.metric + (unit.empty() ? "" : " (" + unit + ")") +
                (y.log ? ", log scale" : "")) +
         "</text>";
  return out;
}

// The qualifier as a mark: a bar for a range, an arrow for an open end.
std::string range_mark(const Entry& e, double px, const YScale& y, const char* c) {
  const auto& cl = e.claim;
  const std::string stroke = std::string("stroke=\"") + c + "\" class=\"range\"";
  if (cl.low && cl.high && *cl.high > *cl.low) {
    return line(px, y(*cl.low), px, y(*cl.high), stroke) +
           line(px - 4, y(*cl.low), px + 4, y(*cl.low), stroke) +
           line(px - 4, y(*cl.high), px + 4, y(*cl.high), stroke);
  }
  const bool up = cl.qualifier == "more_than" || cl.qualifier == "at_least";
  const bool down = cl.qualifier == "at_most" || cl.qualifier == "nearly";
  if (!up && !down) return "";
  const double py = y(cl.value), end = up ? py - k_arrow : py + k_arrow;
  const double head = up ? end + 5 : end - 5;
  return line(px, py, px, end, stroke) + "<path d=\"M" + num(px - 4) + " " + num(head) + "L" +
         num(px) + " " + num(end) + "L" + num(px + 4) + " " + num(head) + "\" fill=\"none\" " +
         stroke + "/>";
}

using Positions = std::map<const Entry*, std::pair<double, double>>;

// Where each entry is drawn; coinciding points are nudged apart.
Positions place_points(const std::vector<const Entry*>& drawn, const XScale& x, const YScale& y) {
  Positions at;
  // Points placed so far, by 7-pixel cell: a clash is within the 3 x 3 cells
  // around, so each test reads a few points, not all (2,000 points: 4 million).
  std::map<std::pair<long, long>, std::vector<std::pair<double, double>>> taken;
  const auto cell = [](double v) { return static_cast<long>(std::floor(v / 7)); };
  const auto clashes = [&](double px, double py) {
    for (long cx = cell(px) - 1; cx <= cell(px) + 1; ++cx) {
      for (long cy = cell(py) - 1; cy <= cell(py) + 1; ++cy) {
        const auto it = taken.find({cx, cy});
        if (it == taken.end()) continue;
        for (const auto& p : it->second) {
          if (std::fabs(p.first - px) < 7 && std::fabs(p.second - py) < 7) return true;
        }
      }
    }
    return false;
  };
  const double undated_x = x.right + 10 + 16;
  for (const auto* e : drawn) {
    double px =
        e->date ? x((secs(*e->date) + secs(std::max(e->date_end, *e->date))) / 2) : undated_x;
    const double py = y(e->claim.value);
    for (int guard = 0; guard < 50; ++guard) {
      if (!clashes(px, py)) break;
      px += 8;
    }
    taken[{cell(px), cell(py)}].push_back({px, py});
    at[e] = {px, py};
  }
  return at;
}

bool has(const std::vector<int64_t>& ids, int64_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

struct Marks {
  std::string under;   // dashed lines from alerted figures to their priors, and rings
  std::string labels;  // drawn last, over the points
};

// Divergences: open alerts in red, settled ones (a later source confirmed the
// figure) in grey; only open ones are named, beside the ring, clear of the
// qualifier's bar or arrow (inward near the right edge).
Marks divergence_marks(const std::vector<const Entry*>& drawn, Positions& at) {
  Marks m;
  std::string rings;
  for (const auto* e : drawn) {
    if (e->alerts.empty()) continue;
    const auto [px, py] = at[e];
    for (const auto* p : drawn) {
      bool prior = false, open = false;
      for (const int64_t id : p->prior_of) {
        prior = prior || has(e->alerts, id);
        open = open || has(e->open_alerts, id);
      }
      if (prior) {
        m.under += line(px, py, at[p].first, at[p].second,
                        std::string("stroke=\"") + (open ? k_alert_colour : k_settled_colour) +
                            "\" class=\"diverge\"");
      }
    }
    const char* ring_colour = e->open_alerts.empty() ? k_settled_colour : k_alert_colour;
    rings += "<circle cx=\"" + num(px) + "\" cy=\"" + num(py) +
             "\" r=\"10\" fill=\"#fff\" stroke=\"" + ring_colour + "\" class=\"ring\"/>";
    if (!e->open_alerts.empty()) {
      std::string label = "alert";
      for (const auto id : e->open_alerts) label += " #" + std::to_string(id);
      const bool left = px + 70 > k_width;
      m.labels += text(left ? px - 12 : px + 12, py - 12, label,
                       std::string("class=\"alert-label\" fill=\"") + k_alert_colour +
                           "\" text-anchor=\"" + (left ? "end" : "start") + "\"");
    }
  }
  m.under += rings;
  return m;
}

// One figure: its symbol, qualifier mark, date span and fold count, linked to its
// table row (#fN) and with a tooltip.
std::string point(const Entry& e, const std::string& href, std::size_t si,
                  std::pair<double, double> at, const XScale& x, const YScale& y) {
  const auto [px, py] = at;
  std::string tip = e.source + ": " + format_figure(e.claim);
  if (e.date)
    tip += ", " + format_date(*e.date) + (e.date_kind == DateKind::AsOf ? " (as of)" : "");
  if (e.reports.size() > 1) tip += ", " + std::to_string(e.reports.size()) + " reports";
  for (const auto id : e.alerts) {
    tip += ", alert #" + std::to_string(id) + (has(e.open_alerts, id) ? " (open)" : " (settled)");
  }
  std::string out =
      "<a href=\"" + href + "\"><g class=\"point\"><title>" + escape(tip) + "</title>";
  if (e.date && e.date_end - *e.date > days(1)) {
    // The span an as_of covers ("2024": the whole year).
    out += line(x(secs(*e.date)), py, x(secs(e.date_end)), py,
                std::string("stroke=\"") + colour(si) + "\" class=\"span\"");
  }
  out += range_mark(e, px, y, colour(si));
  out += shape(si, px, py, 6);
  if (e.reports.size() > 1) {
    out += text(px - 9, py + 4, "×" + std::to_string(e.reports.size()),
                "class=\"count\" text-anchor=\"end\"");
  }
  return out + "</g></a>";
}

// The reconciled band behind the points: from each date on, low to high shaded
// and the best figure dashed, until the next date (the last reaches the edge).
std::string band(const Group& g, const XScale& x, const YScale& y) {
  if (g.band.empty() || x.t1 <= x.t0) return "";
  std::string area, best;
  for (std::size_t i = 0; i < g.band.size(); ++i) {
    const double x0 = std::clamp(x(secs(g.band[i].date)), x.left, x.right);
    const double x1 =
        i + 1 < g.band.size() ? std::clamp(x(secs(g.band[i + 1].date)), x.left, x.right) : x.right;
    if (x1 <= x0) continue;
    const auto& r = g.band[i].reconciled;
    const double top = y(r.high), bottom = y(r.low);
    area +=
        "M" + num(x0) + " " + num(top) + "H" + num(x1) + "V" + num(bottom) + "H" + num(x0) + "Z";
    best += "M" + num(x0) + " " + num(y(r.best)) + "H" + num(x1);
  }
  if (area.empty()) return "";
  return "<g class=\"band\"><title>reconciled low–high, and best (dashed)</title><path d=\"" +
         area + "\" fill=\"#4a7bb7\" fill-opacity=\"0.12\" stroke=\"none\"/><path d=\"" + best +
         "\" fill=\"none\" stroke=\"#4a7bb7\" stroke-dasharray=\"5 4\" stroke-width=\"1.5\"/></g>";
}

std::string legend(const Group& g, std::size_t drawn) {
  std::string out = "<ul class=\"legend\">";
  for (std::size_t i = 0; i < g.sources.size(); ++i) {
    out += "<li>" + source_symbol(i) + " " + escape(g.sources[i]) + "</li>";
  }
  if (!g.alerts.empty()) {
    out += std::string(
               "<li><svg class=\"sym\" width=\"14\" height=\"14\" aria-hidden=\"true\">"
               "<circle cx=\"7\" cy=\"7\" r=\"5.5\" fill=\"none\" stroke=\"") +
           k_alert_colour +
           "\" stroke-width=\"2\"/></svg> divergence alert (grey: settled, another source "
           "confirmed it)</li>";
  }
  out +=
      "<li><span class=\"key\">│</span> qualifier range, ↑ more than / at least, ↓ up to / "
      "nearly</li>";
  if (!g.band.empty()) {
    out +=
        "<li><svg class=\"sym\" width=\"14\" height=\"14\" aria-hidden=\"true\"><rect "
        "width=\"14\" height=\"14\" fill=\"#4a7bb7\" fill-opacity=\"0.25\"/></svg> reconciled "
        "low–high of independent origins, best dashed</li>";
  }
  out += "</ul>";
  if (drawn < g.entries.size()) {
    out += "<p class=\"note\">The chart shows the latest " + std::to_string(drawn) + " of " +
           std::to_string(g.entries.size()) + " figures; the tables list all.</p>";
  }
  return out;
}

}  // namespace

std::string source_symbol(std::size_t source_index, int size) {
  const double h = size / 2.0;
  return "<svg class=\"sym\" width=\"" + std::to_string(size) + "\" height=\"" +
         std::to_string(size) + "\" viewBox=\"0 0 " + std::to_string(size) + " " +
         std::to_string(size) + "\" aria-hidden=\"true\">" + shape(source_index, h, h, h * 0.75) +
         "</svg>";
}

Chart render_chart(const Group& g) {
  std::vector<const Entry*> drawn;
  for (const auto& e : g.entries) drawn.push_back(&e);
  if (drawn.size() > k_max_points) {
    drawn.erase(drawn.begin(), drawn.end() - static_cast<std::ptrdiff_t>(k_max_points));
  }
  std::vector<const Entry*> dated;
  for (const auto* e : drawn) {
    if (e->date) dated.push_back(e);
  }
  const bool undated = dated.size() < drawn.size();
  const YScale y = y_scale(drawn);
  const XScale x = x_scale(dated, k_width - k_right - (undated ? k_undated_width + 20 : 0));
  std::map<std::string, std::size_t> source_index;
  for (std::size_t i = 0; i < g.sources.size(); ++i) source_index[g.sources[i]] = i;
  Positions at = place_points(drawn, x, y);

  std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + num(k_width) + " " + num(k_height) +
                    "\" role=\"img\" aria-labelledby=\"chart-title\" "
                    "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"chart-title\">" +
                    escape("Timeline of " + g.key.subject + " " + g.key.metric + " figures, " +
                           std::to_string(g.entries.size()) + " figures from " +
                           std::to_string(g.sources.size()) + " sources") +
                    "</title>";
  svg += axes(y, x, undated, g);
  svg += band(g, x, y);
  const Marks marks = divergence_marks(drawn, at);
  svg += marks.under;
  for (const auto* e : drawn) {
    const auto row = static_cast<std::size_t>(e - g.entries.data()) + 1;
    svg += point(*e, "#f" + std::to_string(row), source_index[e->source], at[e], x, y);
  }
  svg += marks.labels + "</svg>";
  return {std::move(svg), legend(g, drawn.size())};
}

}  // namespace nw::report
