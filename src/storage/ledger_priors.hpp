// Reading an alert body's "prior" figures back as claim ids, for the ledger of
// either backend (the body carries no claim id).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "storage/ledger.hpp"

namespace nw::storage {

// The ids of the claims an alert body's "prior" entries stand for: the claim of
// that article with that figure and sentence. A body that is not JSON gives none.
std::vector<int64_t> match_priors(const std::string& body,
                                  const std::multimap<int64_t, const LedgerClaim*>& by_article);

}  // namespace nw::storage
