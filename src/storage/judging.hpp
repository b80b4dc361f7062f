// What judging a new claim reads of its group by index, instead of the whole
// group (pipeline/priors.hpp): the earlier claims nearest its figure, those
// whose bounds reach it, the group's open alerts and its article's own claims.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "claims/claim.hpp"
#include "storage/batch.hpp"

namespace nw::storage {

// Which earlier claims of a group Store::judging_priors reads, and in which
// order. Every scan leaves out claims with ids from `before_claim` on, those of
// `other_than_article`, vague amounts, and claims of another known force or
// as_of year than the ones given (alerts::comparable's tests that SQL can
// make; the caller still tests each row it gets).
struct PriorScan {
  enum class Kind {
    descending,  // value <= `from`, largest first (then highest id)
    ascending,   // `from` <= value <= `to`, smallest first (then lowest id)
    open,        // open bounds and ranges whose bounds, with `open_bound_factor`
                 // (0: unlimited), overlap [from, to]; by id
  };
  ClaimGroup group;
  int64_t before_claim = 0;
  int64_t other_than_article = 0;
  std::optional<std::string> force;       // when set, claims of no force or this one
  std::optional<std::string> as_of_year;  // when set, claims without as_of or of this year
  Kind kind = Kind::descending;
  bool points_only = false;  // ascending: only exact, approx and nearly figures
  double from = 0;
  double to = 0;
  double open_bound_factor = 0;
  // Where the previous page ended (value and id; open: id only): the scan goes on past it.
  std::optional<std::pair<double, int64_t>> after;
};

// One earlier claim as judging compares it: no article columns.
struct PriorClaim {
  int64_t id = 0;
  int64_t article_id = 0;
  claims::Claim claim;
};

}  // namespace nw::storage
