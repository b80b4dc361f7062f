// The ledger's pages served live over one read-only connection
// (open_store_readonly). After the store changed (StoreReader::change_token),
// the next request refreshes only the groups that changed (LedgerCache); a
// group's page is read and built when asked for, and the last few are kept
// until their group changes. Not thread-safe: the daemon calls it from one thread.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "report/ledger_cache.hpp"
#include "storage/store.hpp"

namespace nw::report {

class LivePages {
 public:
  // Opens nothing yet.
  explicit LivePages(storage::StoreSpec store);

  // The page at `path` (see render_page), or nullopt when there is no such page.
  // Throws storage::StoreError when the store cannot be read.
  std::optional<std::string> page(const std::string& path, const Tolerance& tolerance);

  // How many times the ledger was refreshed after a change (for tests).
  int builds() const { return m_builds; }
  // How many groups were read and built for the index, over all refreshes (for tests).
  std::size_t group_builds() const { return m_cache.group_builds(); }

 private:
  // A group's rendered page and the group's signature when it was rendered.
  struct Rendered {
    std::string signature;
    std::string html;
  };

  storage::StoreSpec m_store;
  std::unique_ptr<storage::StoreReader> m_reader;
  LedgerCache m_cache;
  std::string m_token;
  Tolerance m_tolerance;
  bool m_fresh = false;  // the cache was refreshed at least once
  std::map<std::string, Rendered> m_group_pages;
  int m_builds = 0;
};

}  // namespace nw::report
