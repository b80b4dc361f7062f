// The ledger's queries: every claim with its article, every alert with its
// delivery state, and the token that says whether they changed.
#include <map>

#include "storage/ledger_priors.hpp"
#include "storage/sqlite/columns.hpp"
#include "storage/sqlite/queries.hpp"

namespace nw::storage::sqlite {
namespace {

// Claims after an id, with their article and feed; oldest first (rowid order, no sort).
constexpr const char* k_claims_sql = R"sql(
SELECT c.id, c.article_id, CASE WHEN a.canonical_url <> '' THEN a.canonical_url ELSE a.url END,
       a.title, f.name, a.published, a.fetched_at, c.subject, c.metric, c.value, c.low, c.high,
       c.qualifier, c.unit, c.period, c.as_of, c.source, c.force, c.quote
FROM claims c JOIN articles a ON a.id = c.article_id JOIN feeds f ON f.id = a.feed_id
WHERE c.id > ? ORDER BY c.id)sql";

LedgerClaim read_claim(SQLite::Statement& q) {
  LedgerClaim r;
  r.id = q.getColumn(0).getInt64();
  r.article_id = q.getColumn(1).getInt64();
  r.url = q.getColumn(2).getString();
  r.title = q.getColumn(3).getString();
  r.feed = q.getColumn(4).getString();
  r.published = col_time(q.getColumn(5));
  r.fetched_at = col_time(q.getColumn(6)).value_or(Time{});
  read_claim_fields(q, 7, r.claim);
  return r;
}

}  // namespace

LedgerData ledger(Connection& c, std::size_t max_claims) {
  LedgerData out;
  // One read transaction: claims and alerts from the same moment of the database.
  SQLite::Transaction tx(c.db(), SQLite::TransactionBehavior::DEFERRED);
  // The claims to leave out: all up to the one just before the latest max_claims.
  int64_t after = 0;
  if (max_claims != 0) {
    auto cut = c.cached("SELECT id FROM claims ORDER BY id DESC LIMIT 1 OFFSET ?");
    cut->bind(1, static_cast<int64_t>(max_claims));
    if (cut->executeStep()) {
      after = cut->getColumn(0).getInt64();
      out.truncated = true;
    }
  }
  {
    auto q = c.cached(k_claims_sql);
    q->bind(1, after);
    while (q->executeStep()) out.claims.push_back(read_claim(*q));
  }
  std::multimap<int64_t, const LedgerClaim*> by_article;
  for (const auto& claim : out.claims) by_article.emplace(claim.article_id, &claim);

  {
    auto a = c.cached(std::string(R"sql(
SELECT a.id, a.event, a.claim_id, a.subject, a.metric, a.unit, a.difference, a.detected_at, a.body,
       )sql") + k_alert_status_sql +
                      R"sql(
FROM alerts a LEFT JOIN deliveries d ON d.alert_id = a.id
WHERE a.claim_id >= ? GROUP BY a.id ORDER BY a.id)sql");
    a->bind(1, out.claims.empty() ? int64_t{0} : out.claims.front().id);
    while (a->executeStep()) {
      LedgerAlert r;
      r.id = a->getColumn(0).getInt64();
      r.event = a->getColumn(1).getString();
      r.claim_id = a->getColumn(2).getInt64();
      r.subject = a->getColumn(3).getString();
      r.metric = a->getColumn(4).getString();
      r.unit = col_opt_str(a->getColumn(5));
      r.difference = a->getColumn(6).getDouble();
      r.detected_at = col_time(a->getColumn(7)).value_or(Time{});
      r.prior_claims = match_priors(a->getColumn(8).getString(), by_article);
      r.status = col_status(a->getColumn(9));
      out.alerts.push_back(std::move(r));
    }
  }
  tx.commit();
  return out;
}

std::string change_token(Connection& c) {
  // The articles' versions count for those with claims (the ledger shows their
  // title, date and URL): an updated article is a changed ledger.
  auto q = c.cached(R"sql(
SELECT (SELECT coalesce(max(id), 0) FROM claims) || ':' || (SELECT count(*) FROM claims) || ':' ||
       (SELECT count(*) FROM articles) || ':' || (SELECT coalesce(max(id), 0) FROM alerts) || ':' ||
       (SELECT count(*) || '/' || total(attempts) || '/' || total(status = 'pending')
        FROM deliveries) || ':' ||
       (SELECT total(version) FROM articles WHERE id IN (SELECT article_id FROM claims)))sql");
  q->executeStep();
  return q->getColumn(0).getString();
}

}  // namespace nw::storage::sqlite
