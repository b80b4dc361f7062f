// Whether a new figure diverges from the earlier ones, found through the
// store's indexes (Store::judging_priors) instead of over its whole group:
// the same answer alerts::find_divergence gives over every earlier claim of
// other articles, read from the few claims that can decide it.
//
// find_divergence needs, of the comparable priors: whether one agrees (within
// the tolerance, or with overlapping bounds), the nearest by relative
// difference (the lowest id among equals), and whether one agrees through an
// unlimited open bound. Relative difference grows with the distance from the
// figure on each side, so the nearest is the first comparable claim below it
// or above it in value order; a point figure (exact, approx, nearly) overlaps
// only when its value lies within the new figure's bounds (a value range);
// only open bounds and ranges must be looked at whole, and an index holds
// only those. Rows the SQL cannot leave out (periods whose years differ) are
// skipped here, a page at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "alerts/reconcile.hpp"
#include "claims/claim.hpp"

namespace nw::storage {
class Store;
}

namespace nw::pipeline {

// The earlier claim a new one diverges from, as alerts::Divergence says it.
struct IndexedDivergence {
  int64_t prior_id = 0;
  double difference = 0;
  std::string event;  // "contradiction" or "divergence"
};

struct DivergenceSearch {
  std::optional<IndexedDivergence> found;  // nullopt: some prior agrees, or none compares
  std::size_t rows_read = 0;               // claims the store returned
};

// Judges `claim`, stored as `claim_id` of article `article_id`, against the
// claims of its group with smaller ids from other articles. Throws StoreError.
DivergenceSearch find_divergence_indexed(storage::Store& store, const claims::Claim& claim,
                                         int64_t claim_id, int64_t article_id,
                                         const alerts::Agreement& agreement);

}  // namespace nw::pipeline
