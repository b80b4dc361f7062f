// The report as a whole: read the ledger from the database, write it as a
// static site, or answer one request for a page of it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "report/ledger.hpp"
#include "storage/store.hpp"

namespace nw::report {

// Reads the store read-only and builds the whole ledger in memory (every claim;
// the latest `max_claims` only when not 0). Throws storage::StoreError.
Ledger load_ledger(const storage::StoreSpec& store, const Tolerance& tolerance,
                   std::size_t max_claims = 0);

// What write_site did: pages the site has, and those of them it (re)wrote.
struct SiteWrite {
  std::size_t pages = 0;
  std::size_t written = 0;
  std::size_t groups = 0, claims = 0, alerts = 0;
};

// Writes the ledger `reader` holds as a static site under `dir` (created if
// needed), one group in memory at a time. Only pages whose bytes changed are
// written (each whole, then renamed into place), so a site written before is
// brought up to date by rewriting what changed; pages no group has any more
// are removed. Throws storage::StoreError, or std::runtime_error naming the
// file that could not be written.
SiteWrite write_site(storage::StoreReader& reader, const Tolerance& tolerance,
                     const std::filesystem::path& dir);

// The same for a ledger already built whole; returns the number of pages.
std::size_t write_site(const Ledger& ledger, const std::filesystem::path& dir);

// The path of a request target inside the site ("/" -> "index.html",
// "/group/x.html?y" -> "group/x.html"), or nullopt when it is not a page path.
std::optional<std::string> page_path(const std::string& target);

}  // namespace nw::report
