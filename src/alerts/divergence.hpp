// Divergence (interface.md, "Alerts by webhook"): a new figure that agrees with
// none of the figures earlier reports gave for the same subject, metric and unit.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "claims/claim.hpp"
#include "storage/records.hpp"

namespace nw::alerts {

struct Divergence {
  std::size_t nearest = 0;  // index into the priors passed in
  double difference = 0;    // relative to the larger figure
};

// |a - b| / max(|a|, |b|); 0 when both are 0.
double relative_difference(double a, double b);

// Whether two claims may be compared at all: not when both periods (or both
// forces) are known and plainly different, nor when either is a vague amount.
bool comparable(const claims::Claim& a, const claims::Claim& b);

// Whether `prior` confirms `claim`: comparable, and within `tolerance` or with
// overlapping bounds ("more than 500" does not contradict 742).
bool agrees(const claims::Claim& claim, const claims::Claim& prior, double tolerance);

// The alert to raise for `claim` given the earlier reports' claims, or nullopt
// when some comparable prior agrees (within `tolerance` or by overlapping
// bounds) or none is comparable.
std::optional<Divergence> find_divergence(const claims::Claim& claim,
                                          const std::vector<storage::ClaimRow>& priors,
                                          double tolerance);

}  // namespace nw::alerts
