// Store::judging_priors on PostgreSQL: a group's earlier claims through an
// index, a page at a time, as on SQLite (sqlite/judging.cpp).
#include <limits>

#include "storage/postgresql/queries.hpp"
#include "storage/postgresql/values.hpp"

namespace nw::storage::postgresql {
namespace {

// What every scan leaves out (storage/judging.hpp); the group as k_group_sql
// finds it, for claims_group_value and claims_open_bounds.
constexpr const char* k_prior_sql = R"sql(
SELECT c.id, c.article_id, c.subject, c.metric, c.value, c.low, c.high, c.qualifier, c.unit,
       c.period, c.as_of, c.source, c.force, c.quote
FROM claims c
WHERE c.subject = $1 AND c.metric = $2 AND coalesce(c.unit, '') = coalesce($3::text, '')
  AND c.unit IS NOT DISTINCT FROM $3::text AND c.id < $4 AND c.article_id <> $5
  AND c.qualifier <> 'vague' AND ($6::text IS NULL OR c.force IS NULL OR c.force = $6::text)
  AND ($7::text IS NULL OR c.as_of IS NULL OR substr(c.as_of, 1, 4) = $7::text))sql";

// claims_group_value, backwards from the value (then the id) the page starts at.
constexpr const char* k_descending_sql = R"sql(
  AND c.value <= $8::float8 AND (c.value < $8::float8 OR c.id < $9)
ORDER BY c.value DESC, c.id DESC LIMIT $10)sql";

// claims_group_value, forwards up to $11.
constexpr const char* k_ascending_sql = R"sql(
  AND c.value >= $8::float8 AND c.value <= $11::float8 AND (c.value > $8::float8 OR c.id > $9)
  AND (NOT $12::bool OR c.qualifier IN ('exact', 'approx', 'nearly'))
ORDER BY c.value, c.id LIMIT $10)sql";

// claims_open_bounds (migration 10) holds only open bounds and ranges; their
// bounds as alerts::bounds draws them with factor $12 (0: unlimited) overlap [$8, $11].
constexpr const char* k_open_sql = R"sql(
  AND c.qualifier NOT IN ('exact', 'approx', 'nearly', 'vague') AND c.id > $9
  AND coalesce(c.low, CASE WHEN c.qualifier = 'at_most'
                           THEN (CASE WHEN $12::float8 > 0 THEN c.value / $12::float8 ELSE 0 END)
                           ELSE c.value END) <= $11::float8
  AND $8::float8 <= coalesce(c.high, CASE WHEN c.qualifier IN ('more_than', 'at_least')
                                  THEN (CASE WHEN $12::float8 > 0 THEN c.value * $12::float8
                                             ELSE 1e308 END)
                                  ELSE c.value END)
ORDER BY c.id LIMIT $10)sql";

double finite(double v) {
  constexpr double big = 1e308;
  return v > big ? big : v < -big ? -big : v;
}

}  // namespace

std::vector<PriorClaim> judging_priors(Connection& c, Tx& tx, const PriorScan& s,
                                       std::size_t limit) {
  using Kind = PriorScan::Kind;
  const auto limit_rows = static_cast<int64_t>(limit);
  const int64_t first_id =
      s.kind == Kind::descending ? std::numeric_limits<int64_t>::max() : int64_t{-1};
  const int64_t after_id = s.after ? s.after->second : first_id;
  pqxx::result rows;
  if (s.kind == Kind::descending) {
    rows = c.exec(tx, std::string(k_prior_sql) + k_descending_sql, pg_text(s.group.subject),
                  s.group.metric, nullable(s.group.unit), s.before_claim, s.other_than_article,
                  nullable(s.force), nullable(s.as_of_year),
                  finite(s.after ? s.after->first : s.from), after_id, limit_rows);
  } else if (s.kind == Kind::ascending) {
    rows =
        c.exec(tx, std::string(k_prior_sql) + k_ascending_sql, pg_text(s.group.subject),
               s.group.metric, nullable(s.group.unit), s.before_claim, s.other_than_article,
               nullable(s.force), nullable(s.as_of_year), finite(s.after ? s.after->first : s.from),
               after_id, limit_rows, finite(s.to), s.points_only);
  } else {
    rows = c.exec(tx, std::string(k_prior_sql) + k_open_sql, pg_text(s.group.subject),
                  s.group.metric, nullable(s.group.unit), s.before_claim, s.other_than_article,
                  nullable(s.force), nullable(s.as_of_year), finite(s.from), after_id, limit_rows,
                  finite(s.to), s.open_bound_factor);
  }
  std::vector<PriorClaim> out;
  for (const auto& r : rows) {
    PriorClaim p;
    p.id = r[0].as<int64_t>();
    p.article_id = r[1].as<int64_t>();
    read_claim_fields(r, 2, p.claim);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace nw::storage::postgresql
