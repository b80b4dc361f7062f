// The ledger: claims grouped by subject, metric and unit, each group a
// timeline of figures with repeats folded, and the alerts that fired on them.
// Built from what storage::StoreReader::ledger reads; pure values, no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "alerts/reconcile.hpp"
#include "storage/ledger.hpp"

namespace nw::report {

// Where a figure's date comes from: the claim's own as_of, else its article's.
enum class DateKind { AsOf, Published, Fetched, None };

// One figure as a source gave it; reports of the same figure from the same source
// (syndicated copies, later articles repeating it) are folded into one entry.
struct Entry {
  claims::Claim claim;       // the first report's claim (figure, qualifier, source...)
  std::optional<Time> date;  // where it goes on the timeline
  Time date_end{};           // end of the date's precision (as_of "2024": the year's end)
  DateKind date_kind = DateKind::None;
  std::string source;                         // the claim's source, else "unattributed (FEED)"
  std::vector<storage::LedgerClaim> reports;  // every claim folded here, oldest first
  std::vector<storage::LedgerCopy> copies;    // copies of the reports' articles, oldest first
  std::vector<int64_t> alerts;                // alerts this figure raised
  std::vector<int64_t> open_alerts;           // those still open (Ledger's rule)
  std::vector<int64_t> prior_of;              // alerts that named this figure as prior
};

struct GroupKey {
  std::string subject;
  std::string metric;
  std::optional<std::string> unit;
  auto operator<=>(const GroupKey&) const = default;
};

// The reconciled figure of a group as of one date (the chart's band).
struct BandStep {
  Time date{};
  alerts::Reconciled reconciled;
};

struct Group {
  GroupKey key;
  std::string slug;                  // the page's file name without ".html": [a-z0-9-]
  std::vector<Entry> entries;        // by date (undated last), then first report
  std::vector<std::string> sources;  // distinct, in order of first appearance
  std::vector<int64_t> alerts;       // alert ids, oldest first
  int open_alerts = 0;
  std::size_t figures = 0;  // entries, also when only the latest is kept (summary_of)
  std::size_t reports = 0;  // claims folded into the entries
  bool complete = true;     // false for a summary: `entries` holds the latest only
  // The reconciled figure now, of the force and period of the latest report
  // (alerts::group_key: `scope`), and how it moved (complete groups only).
  std::optional<alerts::Reconciled> reconciled;
  std::string scope;
  // Every force and period's reconciled figure now (a group is subject,
  // metric, unit, force and period), by scope (alerts::group_key).
  std::map<std::string, alerts::Reconciled> scopes;
  std::vector<BandStep> band;
  alerts::Agreement agreement;  // the tolerance and open_bound_factor it was reconciled with
  const Entry* latest() const;  // the most recently dated entry (nullptr when empty)
};

// What the index needs of a group: its counts and latest entry (with one
// report), not every entry; a fraction of the memory.
Group summary_of(const Group& group);

struct AlertView {
  storage::LedgerAlert alert;
  std::string group_slug;  // "" when its claim is no longer in the ledger
  bool open = true;        // no later report from another source has confirmed the alerted figure
  std::optional<storage::LedgerClaim> claim;
  std::vector<storage::LedgerClaim> priors;
};

struct Ledger {
  std::vector<Group> groups;      // by subject, metric, unit
  std::vector<AlertView> alerts;  // newest first
  std::size_t claims = 0;
  Time generated_at{};

  const Group* find(std::string_view slug) const;
};

// The divergence tolerance ([divergence] tolerance and its per-metric overrides).
struct Tolerance {
  double base = 0.10;
  std::map<std::string, double> per_metric;
  double open_bound_factor = 2.0;
  double operator()(const std::string& metric) const {
    const auto it = per_metric.find(metric);
    return it == per_metric.end() ? base : it->second;
  }
};

// Builds the ledger. An alert is open until a later claim from another article
// and another source agrees with its figure (alerts::comparable, then within the metric's
// tolerance).
Ledger build_ledger(storage::LedgerData data, const Tolerance& tolerance, Time generated_at);

// "belarus-serving-people": lower-case ASCII letters and digits joined by '-';
// keys with other characters get a short hash of the key appended, so names stay
// unique and stable.
std::string group_slug(const GroupKey& key);

}  // namespace nw::report
