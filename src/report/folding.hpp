// How the ledger folds, dates and settles reports: shared by build_ledger,
// which applies them to every claim of a group at once, and GroupSummary,
// which applies them to the claims that joined a group since.
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "report/ledger.hpp"

namespace nw::report {

// The span an as_of date covers: "2024" the year, "2024-05" the month,
// "2024-05-03" the day; nullopt when it names no date.
std::optional<std::pair<Time, Time>> as_of_span(const std::string& as_of);

// The claim's source, else "unattributed (FEED)".
std::string source_of(const storage::LedgerClaim& c);

// What makes two reports the same figure from the same source.
using FoldKey =
    std::tuple<std::string, double, std::optional<double>, std::optional<double>, std::string,
               std::optional<std::string>, std::optional<std::string>, std::optional<std::string>>;
FoldKey fold_key(const storage::LedgerClaim& r);

// Dates an entry from its claim's as_of, else its earliest report.
void date_entry(Entry& e);

// Whether `later`, a report from another article and source, confirms the
// alerted figure `alerted` within `tolerance`: the alert is then settled.
bool agrees(const claims::Claim& later, const claims::Claim& alerted, double tolerance);

}  // namespace nw::report
