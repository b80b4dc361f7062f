// The ledger's pages served live: built from the database on request over one
// read-only connection, and rebuilt only when the database's claims, articles
// or alerts changed since (LedgerReader::change_token). Not thread-safe: the
// daemon calls it from one thread.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "report/ledger.hpp"
#include "storage/ledger.hpp"

namespace nw::report {

class LivePages {
 public:
  // Reads at most `max_claims` claims (the latest) per build. Opens nothing yet.
  LivePages(std::filesystem::path database, std::size_t max_claims);

  // The page at `path` (see render_page), or nullopt when there is no such page.
  // Throws storage::StorageError when the database cannot be read.
  std::optional<std::string> page(const std::string& path, const Tolerance& tolerance);

  // How many times the ledger was built from the database (for tests).
  int builds() const { return m_builds; }

 private:
  std::filesystem::path m_database;
  std::size_t m_max_claims;
  std::unique_ptr<storage::LedgerReader> m_reader;
  std::optional<Ledger> m_ledger;
  std::string m_token;
  Tolerance m_tolerance;
  int m_builds = 0;
};

}  // namespace nw::report
