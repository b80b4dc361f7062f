// Divergence (interface.md, "Alerts by webhook"): a new figure that agrees with
// none of the figures earlier reports gave for the same subject, metric and unit.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "claims/claim.hpp"
#include "storage/records.hpp"

namespace nw::alerts {

struct Divergence {
  std::size_t nearest = 0;  // index into the priors passed in
  double difference = 0;    // relative to the larger figure
  // "contradiction" (outside every earlier figure's bounds) or "divergence"
  // (inside some earlier open bound, but beyond open_bound_factor of it).
  std::string event = "contradiction";
};

// The interval a claim allows: its bounds, or its value when unbounded. An open
// bound ("more than N", "up to N") reaches `open_bound_factor` times (or a
// factor-th of) N; with 0 it is unlimited.
std::pair<double, double> bounds(const claims::Claim& c, double open_bound_factor = 0);

// The four-digit years a period or as_of mentions ("2023", "first half of 2025").
std::set<int> years_in(const std::optional<std::string>& s);

// |a - b| / max(|a|, |b|); 0 when both are 0.
double relative_difference(double a, double b);

// Whether two claims may be compared at all: not when both periods (or both
// forces) are known and plainly different, nor when either is a vague amount.
bool comparable(const claims::Claim& a, const claims::Claim& b);

// Whether `prior` confirms `claim`: comparable, and within `tolerance` or with
// overlapping bounds ("more than 500" does not contradict 742).
// With `open_bound_factor` > 0 an open bound agrees only within that factor.
bool agrees(const claims::Claim& claim, const claims::Claim& prior, double tolerance,
            double open_bound_factor = 0);

// The alert to raise for `claim` given the earlier reports' claims, or nullopt
// when some comparable prior agrees (within `tolerance`, or by bounds that
// overlap when open bounds reach `open_bound_factor`; 0: unlimited) or none is
// comparable.
std::optional<Divergence> find_divergence(const claims::Claim& claim,
                                          const std::vector<storage::ClaimRow>& priors,
                                          double tolerance, double open_bound_factor = 0);
// The same over the priors' claims alone: what the judge passes, so that a
// group's claims are not copied for every new one.
std::optional<Divergence> find_divergence(const claims::Claim& claim,
                                          const std::vector<const claims::Claim*>& priors,
                                          double tolerance, double open_bound_factor = 0);

}  // namespace nw::alerts
