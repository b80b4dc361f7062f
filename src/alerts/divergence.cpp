#include "alerts/divergence.hpp"

#include <cmath>
#include <limits>
#include <set>
#include <string>

namespace nw::alerts {
namespace {

bool disjoint(const std::set<int>& a, const std::set<int>& b) {
  for (int y : a) {
    if (b.count(y)) return false;
  }
  return true;
}

}  // namespace

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

std::pair<double, double> bounds(const claims::Claim& c, double open_bound_factor) {
  if (c.qualifier == "exact" || c.qualifier == "approx" || c.qualifier == "nearly") {
    return {c.value, c.value};
  }
  // A reader of "more than 550" expects hundreds, not 3,400: the open end
  // reaches only so far when a factor is given.
  const bool limited = open_bound_factor > 0;
  const double up = limited ? c.value * open_bound_factor : std::numeric_limits<double>::infinity();
  const double down = limited ? c.value / open_bound_factor : 0;
  return {c.low.value_or(c.qualifier == "at_most" ? down : c.value),
          c.high.value_or(c.qualifier == "more_than" || c.qualifier == "at_least" ? up : c.value)};
}

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

bool agrees(const claims::Claim& claim, const claims::Claim& prior, double tolerance,
            double open_bound_factor) {
  if (!comparable(claim, prior)) return false;
  const auto [lo, hi] = bounds(claim, open_bound_factor);
  const auto [plo, phi] = bounds(prior, open_bound_factor);
  const bool overlap = lo <= phi && plo <= hi;
  return relative_difference(claim.value, prior.value) <= tolerance + 1e-12 || overlap;
}

std::optional<Divergence> find_divergence(const claims::Claim& claim,
                                          const std::vector<storage::ClaimRow>& priors,
                                          double tolerance, double open_bound_factor) {
  std::vector<const claims::Claim*> of;
  of.reserve(priors.size());
  for (const auto& p : priors) of.push_back(&p.claim);
  return find_divergence(claim, of, tolerance, open_bound_factor);
}

std::optional<Divergence> find_divergence(const claims::Claim& claim,
                                          const std::vector<const claims::Claim*>& priors,
                                          double tolerance, double open_bound_factor) {
  std::optional<Divergence> nearest;
  bool within_open_bound = false;
  for (std::size_t i = 0; i < priors.size(); ++i) {
    const auto& p = *priors[i];
    if (!comparable(claim, p)) continue;
    if (agrees(claim, p, tolerance, open_bound_factor)) return std::nullopt;
    within_open_bound = within_open_bound || agrees(claim, p, tolerance, 0);
    const double d = relative_difference(claim.value, p.value);
    if (!nearest || d < nearest->difference) nearest = Divergence{i, d, "contradiction"};
  }
  if (nearest && within_open_bound) nearest->event = "divergence";
  return nearest;
}

}  // namespace nw::alerts
