// What the ledger report reads (StoreReader::ledger): every claim with its
// article, and every alert with its delivery state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "claims/claim.hpp"
#include "storage/records.hpp"
#include "util/time.hpp"

namespace nw::storage {

// One stored claim and the article it came from.
struct LedgerClaim {
  int64_t id = 0;
  int64_t article_id = 0;
  std::string url;  // the article's canonical URL, else the URL it was fetched from
  std::string title;
  std::string feed;
  std::optional<Time> published;
  Time fetched_at{};
  claims::Claim claim;
  int version = 1;  // the article's version the claim was read from
};

// One stored alert: the claim that raised it and the prior claims it names.
struct LedgerAlert {
  int64_t id = 0;
  std::string event;
  int64_t claim_id = 0;
  std::string subject;
  std::string metric;
  std::optional<std::string> unit;
  double difference = 0;
  Time detected_at{};
  DeliveryStatus status = DeliveryStatus::pending;  // over all targets
  std::vector<int64_t> prior_claims;                // claim ids matched from the body's "prior"
  std::vector<std::string> targets;                 // the webhooks (or "jsonl") it was queued for
};

// One group of the ledger: the claims of one subject, metric and unit.
struct LedgerGroupInfo {
  std::string subject;
  std::string metric;
  std::optional<std::string> unit;
  int64_t claims = 0;
  int64_t last_claim = 0;  // the id of its latest claim
  int64_t last_alert = 0;  // the id of the latest alert one of its claims raised (0: none)
  int64_t revisions = 0;   // grows when an article of its claims is updated
  int64_t deliveries = 0;  // grows when a delivery of its alerts moves on
  // Changes whenever what StoreReader::ledger_group returns for the group may have
  // changed (a claim joined it, an article of its claims changed, an alert or a
  // delivery of its alerts moved); otherwise stays the same, across connections.
  std::string signature;
};

// A syndicated copy or near-duplicate of an article a claim came from: stored
// without claims of its own, it repeats the original's figures (the origin chain).
struct LedgerCopy {
  int64_t original_id = 0;  // the article it copies
  int64_t article_id = 0;
  std::string url;  // its canonical URL, else the URL it was fetched from
  std::string title;
  std::string feed;
  std::optional<Time> published;
  Time fetched_at{};
};

// What joined a group after the marks of a read (StoreReader::ledger_group_since).
struct LedgerGroupDelta {
  std::vector<LedgerClaim> claims;  // ids past the claim mark, oldest first
  std::vector<LedgerAlert> alerts;  // ids past the alert mark, oldest first
  std::vector<LedgerClaim> priors;  // the earlier claims those alerts name (prior_claims)
  // The status now of each alert asked about (`recheck`), by id.
  std::vector<std::pair<int64_t, DeliveryStatus>> statuses;
};

struct LedgerData {
  std::vector<LedgerClaim> claims;  // oldest first
  std::vector<LedgerAlert> alerts;  // oldest first
  std::vector<LedgerCopy> copies;   // of the claims' articles, oldest first
  bool truncated = false;           // more claims were stored than the limit allowed
};

}  // namespace nw::storage
