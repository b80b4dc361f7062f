// The report as a whole: read the ledger from the database, write it as a
// static site, or answer one request for a page of it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "report/ledger.hpp"
#include "storage/store.hpp"

namespace nw::report {

// Claims the live pages read per request at most (the latest); the static report reads all.
inline constexpr std::size_t k_live_max_claims = 50000;

// Reads the store read-only and builds the ledger. Throws storage::StoreError.
Ledger load_ledger(const storage::StoreSpec& store, const Tolerance& tolerance,
                   std::size_t max_claims = 0);

// Writes every page under `dir` (created if needed), each file replaced atomically
// (written beside, then renamed), and removes group pages no group has any more.
// Returns the number of pages. Throws
// std::runtime_error naming the file that could not be written.
std::size_t write_site(const Ledger& ledger, const std::filesystem::path& dir);

// The path of a request target inside the site ("/" -> "index.html",
// "/group/x.html?y" -> "group/x.html"), or nullopt when it is not a page path.
std::optional<std::string> page_path(const std::string& target);

}  // namespace nw::report
