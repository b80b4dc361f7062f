// Storing one feed's new items: identity, duplicates, claims and the alerts
// they raise, all inside the caller's transaction.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "claims/claim.hpp"
#include "storage/records.hpp"

namespace nw::storage {
class Store;
}

namespace nw::daemon {

// An entry made ready off the writer thread: row fields plus its claims.
struct PreparedArticle {
  storage::NewArticle article;
  std::vector<claims::Claim> claims;
  std::string body;                // the text without the headline (syndication changes it)
  std::vector<int64_t> band_keys;  // dedup::band_keys of the body; empty: computed on demand
};

// Fills `body`'s band keys (CPU work: call it off the writer thread).
void fingerprint(PreparedArticle& prepared);

struct IngestPolicy {
  double tolerance = 0.10;
  std::map<std::string, double> metric_tolerance;  // per-metric overrides
  std::vector<std::string> alert_targets;          // webhook names, or {"jsonl"} when none
};

struct IngestStats {
  int new_articles = 0;
  int duplicates = 0;
  int unchanged = 0;
  int updated = 0;  // seen again with changed content: a new version
  int claims = 0;
  int alerts = 0;

  IngestStats& operator+=(const IngestStats& o);
};

// Stores what is new among `articles` of feed `feed_id`. Must run inside a
// transaction (Store::transaction); throws StoreError on database failure.
IngestStats ingest(storage::Store& store, int64_t feed_id, const std::string& feed_name,
                   std::vector<PreparedArticle>& articles, const IngestPolicy& policy);

}  // namespace nw::daemon
