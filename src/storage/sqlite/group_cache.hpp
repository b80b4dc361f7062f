// The groups the writer judged, kept between claims (internal to storage/sqlite/).
// Judging a claim reads its whole group (pipeline/judge.cpp); read from the
// database each time, that was one article row and one parsed alert body per
// stored figure, for every new claim, and ingest slowed as groups grew. Kept
// here, a group is read once, and then only what was stored since.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "storage/ledger.hpp"
#include "storage/sqlite/connection.hpp"

namespace nw::storage::sqlite {

class GroupCache {
 public:
  // What ledger_group() reads for the group, without copies; valid until the
  // next call. Another connection's commit empties the cache first.
  const LedgerData& get(Connection& c, const std::string& subject, const std::string& metric,
                        const std::optional<std::string>& unit);
  // Everything cached may be wrong: a rollback, an article's title or date changed.
  void clear();
  // An alert's deliveries moved on: its status is read again where it is cached.
  void refresh_alert(Connection& c, int64_t alert_id);

 private:
  struct Entry {
    LedgerData data;
    int64_t claims_through = 0;  // every claim of the group up to this id is in `data`
    int64_t alerts_through = 0;  // every alert of the group up to this id is in `data`
    uint64_t used = 0;           // for dropping the least recently judged group
  };
  using Key = std::tuple<std::string, std::string, std::optional<std::string>>;
  void catch_up(Connection& c, const Key& key, Entry& e);
  void trim(const Key& keep);

  std::map<Key, Entry> m_groups;
  std::size_t m_claims = 0;  // held over all groups
  uint64_t m_tick = 0;
  int64_t m_data_version = -1;
};

}  // namespace nw::storage::sqlite
