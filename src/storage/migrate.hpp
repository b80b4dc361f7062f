// `newswatch migrate`: copies a SQLite store into a PostgreSQL one, ids and
// all, so that links between rows (duplicates, claims, alerts) hold as they were.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "storage/store.hpp"

namespace nw::storage {

// One table's rows: how many the SQLite store holds and how many of those the
// PostgreSQL store holds after the copy (equal when the copy is complete).
struct TableCount {
  std::string table;
  int64_t source = 0;
  int64_t target = 0;
};

// Called after each batch of rows: the table and the rows of it copied so far.
using MigrateProgress = std::function<void(const std::string& table, int64_t done, int64_t total)>;

// Copies every row of the SQLite store at `sqlite` (feeds and their fetch
// state, articles, fingerprints, claims, alerts, deliveries) into the
// PostgreSQL store at `target`, migrating its schema first. Rows already there
// (by key) are left as they are, so a second run changes nothing. Refuses a
// target that holds rows not copied by an earlier migrate. Returns each table's
// counts; throws StoreError (naming which store) when either cannot be used.
std::vector<TableCount> migrate_to_postgresql(const std::filesystem::path& sqlite,
                                              const StoreSpec& target,
                                              const MigrateProgress& progress);

}  // namespace nw::storage
