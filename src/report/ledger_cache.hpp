// The ledger kept current at the cost of what changed: every group's summary
// (what the index shows) and its alerts, refreshed from the store group by
// group (StoreReader::ledger_groups, a row a group). A group whose signature
// changed is brought up to date from what joined it since (GroupSummary,
// StoreReader::ledger_group_since), or read and built whole when that cannot
// be followed (an updated article, a new tolerance, the first refresh, or a
// `built` callback that wants every changed group whole). A group's full pages
// are built when asked for. Memory grows with groups, figures and alerts, not
// with reports. Not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/group_summary.hpp"
#include "report/ledger.hpp"
#include "storage/store.hpp"

namespace nw::report {

class LedgerCache {
 public:
  // Brings the summaries up to date with `reader`: groups whose signature
  // changed (or every group, when `tolerance` did) are updated or read and
  // built again, groups gone are dropped. `built` (if set) sees each changed
  // group built whole, in a Ledger of its own, before it is summarized.
  // Returns how many groups were updated or built. Throws StoreError.
  std::size_t refresh(storage::StoreReader& reader, const Tolerance& tolerance, Time now,
                      const std::function<void(const Ledger& group)>& built = {});

  // Every group as a summary (Group::complete false) and every alert: enough
  // for the index and alerts pages. The alerts are gathered from the groups
  // on the first call after a refresh.
  const Ledger& ledger() const;
  // The same without the alerts (empty): all the index pages need, at the
  // cost of the groups alone.
  const Ledger& summaries() const { return m_summaries; }

  // The group called `slug`, complete, read from `reader` now, in a Ledger of its own
  // (with that group's alerts); nullopt when no group has that slug.
  std::optional<Ledger> group(storage::StoreReader& reader, std::string_view slug) const;

  // The page of the group called `slug` that starts at claim `from` (0: the
  // newest page), rendered (group_page): its claims alone read from `reader`
  // now (StoreReader::ledger_group_page), the counts and reconciled figure
  // from the group's summary. nullopt when there is no such group or page.
  std::optional<std::string> group_page(storage::StoreReader& reader, std::string_view slug,
                                        int64_t from) const;

  // The signature the group called `slug` had at the last refresh ("" if none).
  std::string signature(std::string_view slug) const;

  // Groups updated or built since this cache was made (for tests and the bench).
  std::size_t group_builds() const { return m_group_builds; }
  // Of those, the groups read and built whole (for tests).
  std::size_t whole_builds() const { return m_whole_builds; }

 private:
  struct Slot {
    std::string signature;
    int64_t revisions = 0;   // LedgerGroupInfo's, when built or updated
    int64_t deliveries = 0;  // likewise
    GroupSummary group;
  };
  // Reads and builds one group, named `slug`; nullopt when it has no claims any
  // more. `marks` (if set) receives the last claim and alert ids it read.
  std::optional<Ledger> build(storage::StoreReader& reader, const GroupKey& key,
                              const std::string& slug,
                              std::pair<int64_t, int64_t>* marks = nullptr) const;
  // Brings `slot` up to date from what joined its group since; false when it
  // has to be built whole.
  bool update(storage::StoreReader& reader, const GroupKey& key,
              const storage::LedgerGroupInfo& info, Slot& slot) const;
  // Names every group: in key order, as build_ledger does (a plain slug another
  // group took, when case alone differed, is hashed).
  void name_groups(const std::vector<storage::LedgerGroupInfo>& infos);
  void assemble(Time now);

  std::map<GroupKey, Slot> m_slots;
  std::map<std::string, GroupKey, std::less<>> m_by_slug;
  std::map<GroupKey, std::string> m_slugs;
  Tolerance m_tolerance;
  bool m_built = false;
  Ledger m_summaries;
  mutable std::optional<Ledger> m_ledger;  // m_summaries and every alert, once asked for
  std::size_t m_group_builds = 0;
  std::size_t m_whole_builds = 0;
};

}  // namespace nw::report
