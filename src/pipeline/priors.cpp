#include "pipeline/priors.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>

#include "alerts/divergence.hpp"
#include "storage/store.hpp"

namespace nw::pipeline {
namespace {

using storage::PriorClaim;
using storage::PriorScan;

// Claims a page: the first is one row, since the first comparable row nearly
// always answers and each row costs a random read of the claims table once
// the database outgrows the page cache (a third of ingest with 4 rows, at
// 500,000 articles of longrun_bench 50 10000 10); pages grow while rows are
// skipped (periods of other years).
constexpr std::size_t k_first_page = 1;
constexpr std::size_t k_max_page = 64;

// The SQL's windows are widened by this (relative) so that rounding never
// leaves out a claim alerts::agrees would take; each row is tested here.
constexpr double k_slack = 1e-9;

class Scanner {
 public:
  Scanner(storage::Store& store, const claims::Claim& claim, int64_t claim_id, int64_t article_id)
      : m_store(store), m_claim(claim) {
    m_base.group = {claim.subject, claim.metric, claim.unit};
    m_base.before_claim = claim_id;
    m_base.other_than_article = article_id;
    m_base.force = claim.force;
    if (claim.as_of) m_base.as_of_year = claim.as_of->substr(0, 4);
  }

  // The first comparable claim of the scan that `accept` takes, a page at a time.
  std::optional<PriorClaim> first(PriorScan scan,
                                  const std::function<bool(const claims::Claim&)>& accept) {
    for (std::size_t page = k_first_page;; page = std::min(page * 2, k_max_page)) {
      const auto rows = m_store.judging_priors(scan, page);
      m_rows += rows.size();
      for (const auto& r : rows) {
        if (alerts::comparable(m_claim, r.claim) && accept(r.claim)) return r;
      }
      if (rows.size() < page) return std::nullopt;
      scan.after = std::make_pair(rows.back().claim.value, rows.back().id);
    }
  }

  PriorScan scan(PriorScan::Kind kind, double from, double to, bool points_only = false,
                 double factor = 0) const {
    PriorScan s = m_base;
    s.kind = kind;
    s.from = from;
    s.to = to;
    s.points_only = points_only;
    s.open_bound_factor = factor;
    return s;
  }

  std::size_t rows() const { return m_rows; }

 private:
  storage::Store& m_store;
  const claims::Claim& m_claim;
  PriorScan m_base;
  std::size_t m_rows = 0;
};

double widen_down(double v) {
  return v - std::fabs(v) * k_slack;
}
double widen_up(double v) {
  return v + std::fabs(v) * k_slack;
}

// Whether a comparable prior agrees with `claim` through its bounds reaching
// `factor` (0: unlimited): a point figure within the claim's bounds, or an open
// bound or range overlapping them.
bool agrees_by_bounds(Scanner& scanner, const claims::Claim& claim, double tolerance,
                      double factor) {
  using Kind = PriorScan::Kind;
  const auto [lo, hi] = alerts::bounds(claim, factor);
  const auto agrees = [&](const claims::Claim& p) {
    return alerts::agrees(claim, p, tolerance, factor);
  };
  if (scanner.first(scanner.scan(Kind::ascending, widen_down(lo), widen_up(hi), true), agrees))
    return true;
  return scanner
      .first(scanner.scan(Kind::open, widen_down(lo), widen_up(hi), false, factor), agrees)
      .has_value();
}

}  // namespace

DivergenceSearch find_divergence_indexed(storage::Store& store, const claims::Claim& claim,
                                         int64_t claim_id, int64_t article_id,
                                         const alerts::Agreement& agreement) {
  using Kind = PriorScan::Kind;
  DivergenceSearch out;
  if (claim.qualifier == "vague") return out;  // compares with nothing
  Scanner scanner(store, claim, claim_id, article_id);
  const auto any = [](const claims::Claim&) { return true; };
  const double v = claim.value;
  const double top = std::numeric_limits<double>::max();

  // The nearest below (the largest value up to v) and above (the smallest from
  // v on, with its lowest id).
  std::optional<PriorClaim> below = scanner.first(scanner.scan(Kind::descending, v, v), any);
  const auto above = scanner.first(scanner.scan(Kind::ascending, v, top), any);
  if (!below && !above) {
    out.rows_read = scanner.rows();
    return out;
  }
  const auto difference = [&](const std::optional<PriorClaim>& p) {
    return p ? alerts::relative_difference(v, p->claim.value)
             : std::numeric_limits<double>::infinity();
  };
  const bool agrees =
      std::min(difference(below), difference(above)) <= agreement.tolerance + 1e-12 ||
      agrees_by_bounds(scanner, claim, agreement.tolerance, agreement.open_bound_factor);
  if (!agrees) {
    // An alert names the nearest prior with the lowest id: below's, at its value, too.
    if (below) {
      below =
          scanner.first(scanner.scan(Kind::ascending, below->claim.value, below->claim.value), any);
    }
    const double db = difference(below), da = difference(above);
    const PriorClaim& nearest = db < da || (db == da && below->id < above->id) ? *below : *above;
    const bool within_open_bound = agrees_by_bounds(scanner, claim, agreement.tolerance, 0);
    out.found = IndexedDivergence{nearest.id, std::min(db, da),
                                  within_open_bound ? "divergence" : "contradiction"};
  }
  out.rows_read = scanner.rows();
  return out;
}

}  // namespace nw::pipeline
