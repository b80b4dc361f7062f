// The daemon: owns the loop and wires the stages together in a fixed order
// (config, store, extractor, fetcher, schedule), for `once` and `run`.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "pipeline/ingest.hpp"

namespace nw::daemon {

struct OnceSummary {
  int feeds_polled = 0;
  int feeds_failed = 0;
  int feeds_skipped = 0;  // a server's Retry-After not yet passed
  int feeds_unchanged = 0;
  int entries = 0;
  pipeline::IngestStats stats;
  int alerts_pending = 0;
  // Why the database refused this run's writes (full, read-only, locked), once each.
  std::vector<std::string> storage_errors;
};

// What to do when the database server cannot be reached at start-up: fail
// (`once`, and a bad database always), or say so and try again with backoff (`run`).
enum class StoreWait { fail, retry };

class Service {
 public:
  // Opens the database and compiles the rule packs; throws on a bad database
  // (storage::StoreError) or rule pack (claims::RulePackError).
  explicit Service(config::Config config, StoreWait wait = StoreWait::fail);
  ~Service();

  // One poll of every feed, then alert delivery for at most `wait`.
  OnceSummary once(std::chrono::seconds wait);

  // Polls every feed on its interval until SIGINT or SIGTERM; returns the exit status.
  int run();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace nw::daemon
