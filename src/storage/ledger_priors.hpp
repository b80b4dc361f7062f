// What the ledger readers of both backends share: an alert body's "prior"
// figures read back as claim ids (the body carries no claim id), and an
// alert's targets as the query joins them.
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

// The articles an alert body's "prior" entries name (what match_priors looks up).
std::vector<int64_t> prior_articles(const std::string& body);

// What each of an alert body's "prior" entries says of its claim, as
// match_priors reads it (its article, figure and sentence): what closes the
// alerts a `confirmed` alert names (Store::insert_alert).
struct PriorRef {
  int64_t article_id = 0;
  double value = 0;
  std::string quote;
};
std::vector<PriorRef> prior_refs(const std::string& body);

// An alert's targets, joined by the unit separator (which no webhook name holds).
std::vector<std::string> split_targets(const std::string& joined);

}  // namespace nw::storage
