// One group's figures as dated rows for analysts (`newswatch series`, the
// ledger's group.csv): each figure with its qualifier, bounds, origin, article
// and URL, and the reconciled low/best/high and origin count as of its date.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "alerts/reconcile.hpp"
#include "storage/ledger.hpp"

namespace nw::report {

struct SeriesRow {
  Time date{};  // when it was reported: published, else fetched
  storage::LedgerClaim claim;
  std::string origin;
  // The reconciled figure of the row's group (force, period) from every report
  // up to `date`; nullopt for a vague amount when nothing else is known yet.
  std::optional<alerts::Reconciled> reconciled;
};

// The rows of one subject/metric/unit group's claims, oldest first. Reads nothing.
std::vector<SeriesRow> build_series(const std::vector<storage::LedgerClaim>& claims,
                                    const alerts::Agreement& agreement);

// The CSV (RFC 4180, a header line, "\r\n" line ends), fit for pandas and R,
// written row by row, so a large group never sits in memory twice.
void write_series_csv(std::ostream& out, const std::vector<SeriesRow>& rows);
// The same CSV as one string (the ledger's group.csv page).
std::string series_csv(const std::vector<SeriesRow>& rows);

// One row as a JSON object (the CSV's columns, numbers as numbers).
nlohmann::json series_json(const SeriesRow& row);

}  // namespace nw::report
