#include "alerts/divergence.hpp"

#include <cmath>
#include <limits>
#include <set>
#include <string>

namespace nw::alerts {
namespace {

// The four-digit years a period or as_of mentions ("2023", "first half of 2025").
std::set<int> years_in(const std::optional<std::string>& s) {
  std::set<int> out;
  if (!s) return out;
  const std::string& t = *s;
  for (std::size_t i = 0; i + 4 <= t.size(); ++i) {
    const bool edge_before = i == 0 || !std::isdigit(static_cast<unsigned char>(t[i - 1]));
    const bool edge_after =
        i + 4 == t.size() || !std::isdigit(static_cast<unsigned char>(t[i + 4]));
    if (!edge_before || !edge_after) continue;
    bool digits = true;
    for (std::size_t k = i; k < i + 4; ++k)
      digits = digits && std::isdigit(static_cast<unsigned char>(t[k]));
    if (!digits) continue;
    const int y = std::stoi(t.substr(i, 4));
    if (y >= 1900 && y <= 2199) out.insert(y);
  }
  return out;
}

bool disjoint(const std::set<int>& a, const std::set<int>& b) {
  for (int y : a) {
    if (b.count(y)) return false;
  }
  return true;
}

// The interval a claim allows: its bounds, or its value when unbounded.
std::pair<double, double> bounds(const claims::Claim& c) {
  const double inf = std::numeric_limits<double>::infinity();
  if (c.qualifier == "exact" || c.qualifier == "approx" || c.qualifier == "nearly") {
    return {c.value, c.value};
  }
  return {c.low.value_or(c.qualifier == "at_most" ? 0 : c.value),
          c.high.value_or(c.qualifier == "more_than" || c.qualifier == "at_least" ? inf : c.value)};
}

}  // namespace

double relative_difference(double a, double b) {
  const double m = std::max(std::fabs(a), std::fabs(b));
  return m == 0 ? 0 : std::fabs(a - b) / m;
}

bool comparable(const claims::Claim& a, const claims::Claim& b) {
  if (a.qualifier == "vague" || b.qualifier == "vague") return false;
  if (a.force && b.force && *a.force != *b.force) return false;
  if (a.as_of && b.as_of && a.as_of->substr(0, 4) != b.as_of->substr(0, 4)) return false;
  const auto ya = years_in(a.period), yb = years_in(b.period);
  if (!ya.empty() && !yb.empty() && disjoint(ya, yb)) return false;
  return true;
}

bool agrees(const claims::Claim& claim, const claims::Claim& prior, double tolerance) {
  if (!comparable(claim, prior)) return false;
  const auto [lo, hi] = bounds(claim);
  const auto [plo, phi] = bounds(prior);
  const bool overlap = lo <= phi && plo <= hi;
  return relative_difference(claim.value, prior.value) <= tolerance + 1e-12 || overlap;
}

std::optional<Divergence> find_divergence(const claims::Claim& claim,
                                          const std::vector<storage::ClaimRow>& priors,
                                          double tolerance) {
  std::optional<Divergence> nearest;
  for (std::size_t i = 0; i < priors.size(); ++i) {
    const auto& p = priors[i].claim;
    if (!comparable(claim, p)) continue;
    if (agrees(claim, p, tolerance)) return std::nullopt;
    const double d = relative_difference(claim.value, p.value);
    if (!nearest || d < nearest->difference) nearest = Divergence{i, d};
  }
  return nearest;
}

}  // namespace nw::alerts
