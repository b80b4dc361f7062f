// Store::judging_priors on SQLite: a group's earlier claims through an index,
// a page at a time, so that judging a claim reads what is near its figure and
// not the whole group (pipeline/priors.hpp).
#include <limits>

#include "storage/sqlite/columns.hpp"
#include "storage/sqlite/queries.hpp"

namespace nw::storage::sqlite {
namespace {

// What every scan leaves out (storage/judging.hpp). `+c.id` keeps SQLite on
// the index each scan names rather than claims_group_id.
constexpr const char* k_prior_sql = R"sql(
SELECT c.id, c.article_id, c.subject, c.metric, c.value, c.low, c.high, c.qualifier, c.unit,
       c.period, c.as_of, c.source, c.force, c.quote
FROM claims c
WHERE c.subject = ?1 AND c.metric = ?2 AND c.unit IS ?3 AND +c.id < ?4 AND c.article_id <> ?5
  AND c.qualifier <> 'vague' AND (?6 IS NULL OR c.force IS NULL OR c.force = ?6)
  AND (?7 IS NULL OR c.as_of IS NULL OR substr(c.as_of, 1, 4) = ?7))sql";

// claims_group_value, backwards from the value (then the id) the page starts at.
constexpr const char* k_descending_sql = R"sql(
  AND c.value <= ?8 AND (c.value < ?8 OR c.id < ?9)
ORDER BY c.value DESC, c.id DESC LIMIT ?10)sql";

// claims_group_value, forwards up to ?11.
constexpr const char* k_ascending_sql = R"sql(
  AND c.value >= ?8 AND c.value <= ?11 AND (c.value > ?8 OR c.id > ?9)
  AND (?12 = 0 OR c.qualifier IN ('exact', 'approx', 'nearly'))
ORDER BY c.value, c.id LIMIT ?10)sql";

// claims_open_bounds (migration 14) holds only open bounds and ranges; their
// bounds as alerts::bounds draws them with factor ?12 (0: unlimited) overlap
// [?8, ?11].
constexpr const char* k_open_sql = R"sql(
  AND c.qualifier NOT IN ('exact', 'approx', 'nearly', 'vague') AND c.id > ?9
  AND coalesce(c.low, CASE WHEN c.qualifier = 'at_most'
                           THEN (CASE WHEN ?12 > 0 THEN c.value / ?12 ELSE 0 END)
                           ELSE c.value END) <= ?11
  AND ?8 <= coalesce(c.high, CASE WHEN c.qualifier IN ('more_than', 'at_least')
                                  THEN (CASE WHEN ?12 > 0 THEN c.value * ?12 ELSE 1e308 END)
                                  ELSE c.value END)
ORDER BY c.id LIMIT ?10)sql";

// SQLite compares with infinities fine, but the scans' bounds stay finite.
double finite(double v) {
  constexpr double big = 1e308;
  return v > big ? big : v < -big ? -big : v;
}

}  // namespace

std::vector<PriorClaim> judging_priors(Connection& c, const PriorScan& s, std::size_t limit) {
  using Kind = PriorScan::Kind;
  const char* tail = s.kind == Kind::descending  ? k_descending_sql
                     : s.kind == Kind::ascending ? k_ascending_sql
                                                 : k_open_sql;
  auto q = c.cached(std::string(k_prior_sql) + tail);
  q->bind(1, s.group.subject);
  q->bind(2, s.group.metric);
  if (s.group.unit)
    q->bind(3, *s.group.unit);
  else
    q->bind(3);
  q->bind(4, s.before_claim);
  q->bind(5, s.other_than_article);
  if (s.force)
    q->bind(6, *s.force);
  else
    q->bind(6);
  if (s.as_of_year)
    q->bind(7, *s.as_of_year);
  else
    q->bind(7);
  const int64_t first_id =
      s.kind == Kind::descending ? std::numeric_limits<int64_t>::max() : int64_t{-1};
  q->bind(8, finite(s.after ? s.after->first : s.from));
  q->bind(9, s.after ? s.after->second : first_id);
  q->bind(10, static_cast<int64_t>(limit));
  if (s.kind == Kind::ascending) {
    q->bind(11, finite(s.to));
    q->bind(12, s.points_only ? 1 : 0);
  } else if (s.kind == Kind::open) {
    q->bind(8, finite(s.from));  // an open scan pages by id alone
    q->bind(11, finite(s.to));
    q->bind(12, s.open_bound_factor);
  }
  std::vector<PriorClaim> out;
  while (q->executeStep()) {
    PriorClaim p;
    p.id = q->getColumn(0).getInt64();
    p.article_id = q->getColumn(1).getInt64();
    read_claim_fields(*q, 2, p.claim);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace nw::storage::sqlite
