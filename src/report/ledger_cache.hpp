// The ledger kept current at the cost of what changed: every group's summary
// (what the index shows) and its alerts, refreshed from the store group by
// group, reading and building again only the groups whose signature changed
// (StoreReader::ledger_groups). A group's full pages are built when asked for.
// Memory grows with groups and alerts, not with claims. Not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/ledger.hpp"
#include "storage/store.hpp"

namespace nw::report {

class LedgerCache {
 public:
  // Brings the summaries up to date with `reader`: groups whose signature
  // changed (or every group, when `tolerance` did) are read and built again,
  // groups gone are dropped. `built` (if set) sees each group built, complete,
  // in a Ledger of its own, before it is summarized. Returns how many groups
  // were built. Throws StoreError.
  std::size_t refresh(storage::StoreReader& reader, const Tolerance& tolerance, Time now,
                      const std::function<void(const Ledger& group)>& built = {});

  // Every group as a summary (Group::complete false) and every alert: enough
  // for the index and alerts pages.
  const Ledger& ledger() const { return m_ledger; }

  // The group called `slug`, complete, read from `reader` now, in a Ledger of its own
  // (with that group's alerts); nullopt when no group has that slug.
  std::optional<Ledger> group(storage::StoreReader& reader, std::string_view slug) const;

  // The signature the group called `slug` had at the last refresh ("" if none).
  std::string signature(std::string_view slug) const;

  // Groups built since this cache was made (for tests and the bench).
  std::size_t group_builds() const { return m_group_builds; }

 private:
  struct Slot {
    std::string signature;
    Group summary;
    std::vector<AlertView> alerts;  // oldest first
  };
  // Reads and builds one group, named `slug`; nullopt when it has no claims any more.
  std::optional<Ledger> build(storage::StoreReader& reader, const GroupKey& key,
                              const std::string& slug) const;
  // Names every group: in key order, as build_ledger does (a plain slug another
  // group took, when case alone differed, is hashed).
  void name_groups(const std::vector<storage::LedgerGroupInfo>& infos);
  void assemble(Time now);

  std::map<GroupKey, Slot> m_slots;
  std::map<std::string, GroupKey, std::less<>> m_by_slug;
  std::map<GroupKey, std::string> m_slugs;
  Tolerance m_tolerance;
  bool m_built = false;
  Ledger m_ledger;
  std::size_t m_group_builds = 0;
};

}  // namespace nw::report
