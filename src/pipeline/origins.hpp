// Which article each new entry of a batch copies: by canonical URL, exact
// text or near-duplicate text, among stored originals and the batch's earlier
// entries. The store is asked once for the whole batch (its batch calls, one
// round trip each on PostgreSQL); the batch's own entries are compared in memory,
// in order, as if each had been stored before the next was looked up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "pipeline/prepare.hpp"

namespace nw::storage {
class Store;
}

namespace nw::pipeline {

// What a new entry copies: a stored original, an earlier entry of the batch
// (an index into the entries given), or nothing (it is an original).
struct Origin {
  std::optional<int64_t> stored;
  std::optional<std::size_t> entry;
  bool original() const { return !stored && !entry; }
};

// The origin of each of `fresh` (new entries, in batch order; band keys
// filled), in order. An entry copies an earlier entry only if that one is an
// original. Reads the store only; throws StoreError.
std::vector<Origin> find_origins(storage::Store& store, const std::vector<PreparedArticle*>& fresh);

// Whether every figure of `fresh` is among `known` (same subject, metric, value,
// unit): a copy that states a new figure is news, not a duplicate.
bool figures_known(const std::vector<claims::Claim>& fresh,
                   const std::vector<claims::Claim>& known);

}  // namespace nw::pipeline
