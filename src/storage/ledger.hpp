// Read-only queries for the ledger report: every claim with its article, and
// every alert with its delivery state. Opens its own read-only connection, so
// it never takes a write lock or migrates anything.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "claims/claim.hpp"
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
  std::string status;                 // pending | delivered | failed, over all targets
  std::vector<int64_t> prior_claims;  // claim ids matched from the body's "prior"
};

struct LedgerData {
  std::vector<LedgerClaim> claims;  // oldest first
  std::vector<LedgerAlert> alerts;  // oldest first
  bool truncated = false;           // more claims were stored than the limit allowed
};

class LedgerReader {
 public:
  // Opens `path` read-only. Throws StorageError (store.hpp) when it is absent or unreadable.
  explicit LedgerReader(const std::filesystem::path& path);
  ~LedgerReader();
  LedgerReader(LedgerReader&&) noexcept;
  LedgerReader& operator=(LedgerReader&&) noexcept;

  // The latest `max_claims` claims (0: all) and every alert about them.
  LedgerData read(std::size_t max_claims = 0);

  // Changes whenever what read() returns may have changed (claims, articles, alerts
  // or their deliveries); cheap, so callers can keep what they built from read().
  std::string change_token();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace nw::storage
