// Storing one feed's prepared items: known or new, duplicate or original, new
// versions, claims and the divergence alerts they raise, all inside the
// caller's transaction. No event loop: a plain function over a Store.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "alerts/routing.hpp"
#include "claims/claim.hpp"
#include "pipeline/prepare.hpp"
#include "storage/records.hpp"

namespace nw::storage {
class Store;
}

namespace nw::pipeline {

struct IngestPolicy {
  double tolerance = 0.10;
  std::map<std::string, double> metric_tolerance;  // per-metric overrides
  std::vector<std::string> alert_targets;          // every alert's targets when no routes
  double open_bound_factor = 2.0;                  // [divergence] open_bound_factor
  std::vector<alerts::Route> routes;               // the webhooks and what each asks for
  std::string ledger_url;                          // [web] url: bodies link the group's page
};

struct IngestStats {
  int new_articles = 0;
  int duplicates = 0;
  int unchanged = 0;
  int updated = 0;  // seen again with changed content: a new version
  int claims = 0;
  int alerts = 0;
  // What this ingest stored, by id: "this run" for `once`, exact however many
  // other writers share the database (ids of several writers interleave).
  std::vector<int64_t> claim_ids;
  std::vector<int64_t> alert_ids;

  IngestStats& operator+=(const IngestStats& o);
};

// Stores what is new among `articles` of feed `feed_id`. Must run inside a
// transaction (Store::transaction); throws StoreError on database failure.
// Changes nothing but the store, so it may run twice (daemon/writer.hpp).
IngestStats ingest(storage::Store& store, int64_t feed_id, const std::string& feed_name,
                   std::vector<PreparedArticle>& articles, const IngestPolicy& policy);

}  // namespace nw::pipeline
