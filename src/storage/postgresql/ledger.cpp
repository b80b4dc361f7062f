// The ledger's queries on PostgreSQL: every claim with its article, every alert
// with its delivery state, and the token that says whether they changed.
#include <map>

#include "storage/ledger_priors.hpp"
#include "storage/postgresql/queries.hpp"
#include "storage/postgresql/values.hpp"

namespace nw::storage::postgresql {

LedgerData ledger(Connection& c, Tx& tx, std::size_t max_claims) {
  // Claims and alerts from one moment of the database, when the transaction is
  // this call's own (a store's open transaction already sees its own writes).
  if (!c.in_transaction()) tx.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
  LedgerData out;
  int64_t after = 0;
  if (max_claims != 0) {
    const auto cut = c.exec(tx, "SELECT id FROM claims ORDER BY id DESC LIMIT 1 OFFSET $1",
                            static_cast<int64_t>(max_claims));
    if (!cut.empty()) {
      after = cut[0][0].as<int64_t>();
      out.truncated = true;
    }
  }
  for (const auto& r : c.exec(tx, R"sql(
SELECT c.id, c.article_id, CASE WHEN a.canonical_url <> '' THEN a.canonical_url ELSE a.url END,
       a.title, f.name, extract(epoch FROM a.published)::int8, extract(epoch FROM a.fetched_at)::int8,
       c.subject, c.metric, c.value, c.low, c.high, c.qualifier, c.unit, c.period, c.as_of,
       c.source, c.force, c.quote
FROM claims c JOIN articles a ON a.id = c.article_id JOIN feeds f ON f.id = a.feed_id
WHERE c.id > $1 ORDER BY c.id)sql",
                              after)) {
    LedgerClaim l;
    l.id = r[0].as<int64_t>();
    l.article_id = r[1].as<int64_t>();
    l.url = r[2].as<std::string>();
    l.title = r[3].as<std::string>();
    l.feed = r[4].as<std::string>();
    l.published = col_time(r[5]);
    l.fetched_at = col_time(r[6]).value_or(Time{});
    read_claim_fields(r, 7, l.claim);
    out.claims.push_back(std::move(l));
  }
  std::multimap<int64_t, const LedgerClaim*> by_article;
  for (const auto& claim : out.claims) by_article.emplace(claim.article_id, &claim);

  for (const auto& r : c.exec(tx, R"sql(
SELECT a.id, a.event, a.claim_id, a.subject, a.metric, a.unit, a.difference,
       extract(epoch FROM a.detected_at)::int8, a.body,
       CASE WHEN count(*) FILTER (WHERE d.status = 'failed') > 0 THEN 'failed'
            WHEN count(*) FILTER (WHERE d.status = 'pending') > 0 THEN 'pending'
            ELSE 'delivered' END
FROM alerts a LEFT JOIN deliveries d ON d.alert_id = a.id
WHERE a.claim_id >= $1 GROUP BY a.id ORDER BY a.id)sql",
                              out.claims.empty() ? int64_t{0} : out.claims.front().id)) {
    LedgerAlert l;
    l.id = r[0].as<int64_t>();
    l.event = r[1].as<std::string>();
    l.claim_id = r[2].as<int64_t>();
    l.subject = r[3].as<std::string>();
    l.metric = r[4].as<std::string>();
    l.unit = col_opt_str(r[5]);
    l.difference = r[6].as<double>();
    l.detected_at = col_time(r[7]).value_or(Time{});
    l.prior_claims = match_priors(r[8].as<std::string>(), by_article);
    l.status = delivery_status_from(r[9].as<std::string>()).value_or(DeliveryStatus::pending);
    out.alerts.push_back(std::move(l));
  }
  return out;
}

std::string change_token(Connection& c, Tx& tx) {
  // As the SQLite store's: the articles' versions count for those with claims.
  return c
      .exec(tx, R"sql(
SELECT (SELECT coalesce(max(id), 0) FROM claims) || ':' || (SELECT count(*) FROM claims) || ':' ||
       (SELECT count(*) FROM articles) || ':' || (SELECT coalesce(max(id), 0) FROM alerts) || ':' ||
       (SELECT count(*) || '/' || coalesce(sum(attempts), 0) || '/' ||
               count(*) FILTER (WHERE status = 'pending')
        FROM deliveries) || ':' ||
       (SELECT coalesce(sum(version), 0) FROM articles
        WHERE id IN (SELECT article_id FROM claims)))sql")[0][0]
      .as<std::string>();
}

}  // namespace nw::storage::postgresql
