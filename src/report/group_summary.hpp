// One group's summary (what the index and alerts pages show of it) kept up to
// date at the cost of what joined the group: a new claim is folded, dated and
// reconciled against state that grows with the group's figures and origins,
// and the open alerts are checked against the new claims alone. Built from a
// whole group once, it then follows StoreReader::ledger_group_since; the
// values are those summary_of(build_ledger(...)) gives from every claim
// (tests/report/group_summary_test.cpp). Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "alerts/reconcile.hpp"
#include "report/group_pages.hpp"
#include "report/ledger.hpp"

namespace nw::report {

class GroupSummary {
 public:
  // From `one`, a group built whole (build_ledger over StoreReader::ledger_group:
  // one complete group and its alerts), read with its claims up to
  // `claims_through` and alerts up to `alerts_through`.
  GroupSummary(const Ledger& one, const Tolerance& tolerance, int64_t claims_through,
               int64_t alerts_through);

  // Adds what joined the group since the marks. False when the summary cannot
  // follow (a report that moves the latest figure's date back, an alert on a
  // claim read before): the group must then be built whole again.
  bool add(const storage::LedgerGroupDelta& delta);

  const Group& summary() const { return m_summary; }
  const std::vector<AlertView>& alerts() const { return m_alerts; }  // oldest first
  // Where the group's pages start (every claim's id is noted as it joins).
  const PageStarts& pages() const { return m_pages; }
  int64_t claims_through() const { return m_claims_through; }
  int64_t alerts_through() const { return m_alerts_through; }
  // Alerts whose delivery status may still move (not delivered), to ask about
  // when the group's deliveries changed.
  std::vector<int64_t> unsettled_alerts() const;

 private:
  struct Folded {
    Time date{};
    bool dated = false;
    bool fixed = false;  // dated by its as_of: later reports do not move it
    std::size_t order = 0;
  };
  struct Latest {
    alerts::Figure figure;  // id 0 until one is set
  };

  // Adds one report of a claim: false when the summary cannot follow.
  bool add_claim(const storage::LedgerClaim& c);
  // Notes a report on the reconciliation's timeline (as build_series walks it).
  void note_row(const storage::LedgerClaim& c);
  // Settles the open alert `v` when `later` confirms it (build_ledger's rule);
  // true when it did.
  bool settle(AlertView& v, const storage::LedgerClaim& later);
  void reconcile();

  Group m_summary;
  PageStarts m_pages;
  std::vector<AlertView> m_alerts;
  // The open ones (indices into m_alerts): a new report is checked against
  // these alone, since most alerts are settled soon.
  std::vector<std::size_t> m_open;
  Tolerance m_tolerance;
  int64_t m_claims_through = 0;
  int64_t m_alerts_through = 0;
  // Each figure (entry) by a hash of its fold key; the latest's hash.
  std::unordered_map<uint64_t, Folded> m_folded;
  uint64_t m_latest_hash = 0;
  // Each force and period's latest figure of each origin, and the latest report.
  std::map<std::string, std::map<std::string, Latest>> m_origins;
  std::optional<std::pair<Time, int64_t>> m_last_row;
  std::string m_last_scope;
};

}  // namespace nw::report
