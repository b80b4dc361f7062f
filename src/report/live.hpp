// The ledger's pages served live: built from the store on request over one
// read-only connection (open_store_readonly), and rebuilt only when the store's
// claims, articles or alerts changed since (StoreReader::change_token). Not
// thread-safe: the daemon calls it from one thread.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "report/ledger.hpp"
#include "storage/store.hpp"

namespace nw::report {

class LivePages {
 public:
  // Reads at most `max_claims` claims (the latest) per build. Opens nothing yet.
  LivePages(storage::StoreSpec store, std::size_t max_claims);

  // The page at `path` (see render_page), or nullopt when there is no such page.
  // Throws storage::StoreError when the store cannot be read.
  std::optional<std::string> page(const std::string& path, const Tolerance& tolerance);

  // How many times the ledger was built from the database (for tests).
  int builds() const { return m_builds; }

 private:
  storage::StoreSpec m_store;
  std::size_t m_max_claims;
  std::unique_ptr<storage::StoreReader> m_reader;
  std::optional<Ledger> m_ledger;
  std::string m_token;
  Tolerance m_tolerance;
  int m_builds = 0;
};

}  // namespace nw::report
