// The ledger's queries on PostgreSQL: every claim with its article, every alert
// with its delivery state, group by group, and the tokens that say whether they changed.
#include <algorithm>
#include <map>
#include <tuple>

#include "storage/ledger_priors.hpp"
#include "storage/postgresql/queries.hpp"
#include "storage/postgresql/values.hpp"

namespace nw::storage::postgresql {
namespace {

// Claims with their article and feed, as read_claim reads them.
constexpr const char* k_claim_columns_sql = R"sql(
SELECT c.id, c.article_id, CASE WHEN a.canonical_url <> '' THEN a.canonical_url ELSE a.url END,
       a.title, f.name, extract(epoch FROM a.published)::int8, extract(epoch FROM a.fetched_at)::int8,
       c.subject, c.metric, c.value, c.low, c.high, c.qualifier, c.unit, c.period, c.as_of,
       c.source, c.force, c.quote, c.version
FROM claims c JOIN articles a ON a.id = c.article_id JOIN feeds f ON f.id = a.feed_id)sql";

// Alerts with their delivery state over all targets, as read_alert reads them.
constexpr const char* k_alert_columns_sql = R"sql(
SELECT a.id, a.event, a.claim_id, a.subject, a.metric, a.unit, a.difference,
       extract(epoch FROM a.detected_at)::int8, a.body,
       CASE WHEN count(*) FILTER (WHERE d.status = 'failed') > 0 THEN 'failed'
            WHEN count(*) FILTER (WHERE d.status = 'pending') > 0 THEN 'pending'
            ELSE 'delivered' END,
       coalesce(string_agg(d.target, chr(31) ORDER BY d.target), '')
FROM alerts a LEFT JOIN deliveries d ON d.alert_id = a.id)sql";

// One group's claims, its key bound as $1 (subject), $2 (metric), $3 (unit,
// NULL for none): the coalesce lets claims_group_value find the group, the
// second test keeps a missing unit apart from an empty one, as on SQLite.
constexpr const char* k_group_sql =
    " c.subject = $1 AND c.metric = $2 AND coalesce(c.unit, '') = coalesce($3::text, '') "
    "AND c.unit IS NOT DISTINCT FROM $3::text";

// Copies of articles, as read_copy reads them.
constexpr const char* k_copy_columns_sql = R"sql(
SELECT d.duplicate_of, d.id, CASE WHEN d.canonical_url <> '' THEN d.canonical_url ELSE d.url END,
       d.title, f.name, extract(epoch FROM d.published)::int8, extract(epoch FROM d.fetched_at)::int8
FROM articles d JOIN feeds f ON f.id = d.feed_id)sql";

// Columns 1..6, which claims and copies share: the article's id, URL, title,
// feed, published and fetched_at (LedgerClaim or LedgerCopy).
template <typename Row>
void read_article_columns(const pqxx::row& r, Row& l) {
  l.article_id = r[1].as<int64_t>();
  l.url = r[2].as<std::string>();
  l.title = r[3].as<std::string>();
  l.feed = r[4].as<std::string>();
  l.published = col_time(r[5]);
  l.fetched_at = col_time(r[6]).value_or(Time{});
}

LedgerCopy read_copy(const pqxx::row& r) {
  LedgerCopy l;
  l.original_id = r[0].as<int64_t>();
  read_article_columns(r, l);
  return l;
}

LedgerClaim read_claim(const pqxx::row& r) {
  LedgerClaim l;
  l.id = r[0].as<int64_t>();
  read_article_columns(r, l);
  read_claim_fields(r, 7, l.claim);
  l.version = r[19].as<int>();
  return l;
}

LedgerAlert read_alert(const pqxx::row& r,
                       const std::multimap<int64_t, const LedgerClaim*>& by_article) {
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
  l.targets = split_targets(r[10].as<std::string>());
  return l;
}

std::multimap<int64_t, const LedgerClaim*> claims_by_article(const std::vector<LedgerClaim>& in) {
  std::multimap<int64_t, const LedgerClaim*> out;
  for (const auto& claim : in) out.emplace(claim.article_id, &claim);
  return out;
}

// Reads from one moment of the database, when the transaction is this call's
// own (a store's open transaction already sees its own writes).
void one_snapshot(Connection& c, Tx& tx) {
  if (!c.in_transaction()) tx.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
}

}  // namespace

LedgerData ledger(Connection& c, Tx& tx, std::size_t max_claims) {
  one_snapshot(c, tx);
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
  for (const auto& r :
       c.exec(tx, std::string(k_claim_columns_sql) + " WHERE c.id > $1 ORDER BY c.id", after)) {
    out.claims.push_back(read_claim(r));
  }
  const auto by_article = claims_by_article(out.claims);
  for (const auto& r : c.exec(
           tx,
           std::string(k_alert_columns_sql) + " WHERE a.claim_id >= $1 GROUP BY a.id ORDER BY a.id",
           out.claims.empty() ? int64_t{0} : out.claims.front().id)) {
    out.alerts.push_back(read_alert(r, by_article));
  }
  for (const auto& r : c.exec(tx,
                              std::string(k_copy_columns_sql) +
                                  " WHERE d.duplicate_of IN (SELECT article_id FROM claims "
                                  "WHERE id > $1) ORDER BY d.id",
                              after)) {
    out.copies.push_back(read_copy(r));
  }
  return out;
}

LedgerData ledger_group(Connection& c, Tx& tx, const std::string& subject,
                        const std::string& metric, const std::optional<std::string>& unit) {
  one_snapshot(c, tx);
  LedgerData out;
  for (const auto& r :
       c.exec(tx, std::string(k_claim_columns_sql) + " WHERE" + k_group_sql + " ORDER BY c.id",
              subject, metric, nullable(unit))) {
    out.claims.push_back(read_claim(r));
  }
  const auto by_article = claims_by_article(out.claims);
  for (const auto& r : c.exec(tx,
                              std::string(k_alert_columns_sql) +
                                  " WHERE a.claim_id IN (SELECT c.id FROM claims c WHERE" +
                                  k_group_sql + ") GROUP BY a.id ORDER BY a.id",
                              subject, metric, nullable(unit))) {
    out.alerts.push_back(read_alert(r, by_article));
  }
  for (const auto& r : c.exec(tx,
                              std::string(k_copy_columns_sql) +
                                  " WHERE d.duplicate_of IN (SELECT c.article_id FROM claims c "
                                  "WHERE" +
                                  k_group_sql + ") ORDER BY d.id",
                              subject, metric, nullable(unit))) {
    out.copies.push_back(read_copy(r));
  }
  return out;
}

LedgerData ledger_group_page(Connection& c, Tx& tx, const std::string& subject,
                             const std::string& metric, const std::optional<std::string>& unit,
                             int64_t from_id, std::size_t limit) {
  one_snapshot(c, tx);
  LedgerData out;
  // claims_group_id (migration 8) is on the unit itself: one shape with a
  // unit, one without, each a seek.
  const std::string group =
      unit ? " c.subject = $1 AND c.metric = $2 AND c.unit = $3::text"
           : " c.subject = $1 AND c.metric = $2 AND $3::text IS NULL AND c.unit IS NULL";
  for (const auto& r :
       c.exec(tx,
              std::string(k_claim_columns_sql) + " WHERE" + group +
                  " AND c.id >= $4 ORDER BY c.id LIMIT $5",
              subject, metric, nullable(unit), from_id, static_cast<int64_t>(limit))) {
    out.claims.push_back(read_claim(r));
  }
  if (out.claims.empty()) return out;
  const auto by_article = claims_by_article(out.claims);
  const int64_t first = out.claims.front().id, last = out.claims.back().id;
  for (const auto& r : c.exec(tx,
                              std::string(k_alert_columns_sql) +
                                  " WHERE a.claim_id IN (SELECT c.id FROM claims c WHERE" + group +
                                  " AND c.id BETWEEN $4 AND $5) GROUP BY a.id ORDER BY a.id",
                              subject, metric, nullable(unit), first, last)) {
    out.alerts.push_back(read_alert(r, by_article));
  }
  for (const auto& r : c.exec(tx,
                              std::string(k_copy_columns_sql) +
                                  " WHERE d.duplicate_of IN (SELECT c.article_id FROM claims c "
                                  "WHERE" +
                                  group + " AND c.id BETWEEN $4 AND $5) ORDER BY d.id",
                              subject, metric, nullable(unit), first, last)) {
    out.copies.push_back(read_copy(r));
  }
  return out;
}

std::vector<LedgerGroupInfo> ledger_groups(Connection& c, Tx& tx) {
  // One row a group, kept by the triggers of migration 7, as on SQLite.
  std::vector<LedgerGroupInfo> out;
  for (const auto& r : c.exec(tx, R"sql(
SELECT subject, metric, unit, claims, last_claim, alerts, last_alert, revisions, copies, deliveries
FROM ledger_groups WHERE claims > 0 ORDER BY subject, metric, unit NULLS FIRST)sql")) {
    LedgerGroupInfo g;
    g.subject = r[0].as<std::string>();
    g.metric = r[1].as<std::string>();
    g.unit = col_opt_str(r[2]);
    g.claims = r[3].as<int64_t>();
    g.last_claim = r[4].as<int64_t>();
    g.last_alert = r[6].as<int64_t>();
    g.revisions = r[7].as<int64_t>();
    g.deliveries = r[9].as<int64_t>();
    g.signature = std::to_string(g.claims);
    for (int i = 4; i <= 9; ++i) g.signature += ":" + r[i].as<std::string>();
    out.push_back(std::move(g));
  }
  return out;
}

LedgerGroupDelta ledger_group_since(Connection& c, Tx& tx, const std::string& subject,
                                    const std::string& metric,
                                    const std::optional<std::string>& unit, int64_t after_claim,
                                    int64_t after_alert, const std::vector<int64_t>& recheck) {
  one_snapshot(c, tx);
  LedgerGroupDelta out;
  for (const auto& r : c.exec(tx,
                              std::string(k_claim_columns_sql) + " WHERE" + k_group_sql +
                                  " AND c.id > $4 ORDER BY c.id",
                              subject, metric, nullable(unit), after_claim)) {
    out.claims.push_back(read_claim(r));
  }
  // The earlier claims the new alerts name: those of their bodies' articles.
  std::vector<int64_t> articles;
  for (const auto& r : c.exec(tx,
                              std::string("SELECT a.body FROM alerts a WHERE a.id > $4 AND "
                                          "a.claim_id IN (SELECT c.id FROM claims c WHERE") +
                                  k_group_sql + ") ORDER BY a.id",
                              subject, metric, nullable(unit), after_alert)) {
    for (const int64_t id : prior_articles(r[0].as<std::string>())) articles.push_back(id);
  }
  std::sort(articles.begin(), articles.end());
  articles.erase(std::unique(articles.begin(), articles.end()), articles.end());
  for (const int64_t article : articles) {
    for (const auto& r : c.exec(tx,
                                std::string(k_claim_columns_sql) + " WHERE" + k_group_sql +
                                    " AND c.article_id = $4 AND c.id <= $5 ORDER BY c.id",
                                subject, metric, nullable(unit), article, after_claim)) {
      out.priors.push_back(read_claim(r));
    }
  }
  auto by_article = claims_by_article(out.claims);
  for (const auto& p : out.priors) by_article.emplace(p.article_id, &p);
  for (const auto& r : c.exec(tx,
                              std::string(k_alert_columns_sql) +
                                  " WHERE a.id > $4 AND a.claim_id IN (SELECT c.id FROM claims c "
                                  "WHERE" +
                                  k_group_sql + ") GROUP BY a.id ORDER BY a.id",
                              subject, metric, nullable(unit), after_alert)) {
    out.alerts.push_back(read_alert(r, by_article));
  }
  for (const int64_t id : recheck) {
    const auto r =
        c.exec(tx, std::string(k_alert_columns_sql) + " WHERE a.id = $1 GROUP BY a.id", id);
    if (!r.empty()) {
      out.statuses.emplace_back(
          id, delivery_status_from(r[0][9].as<std::string>()).value_or(DeliveryStatus::pending));
    }
  }
  return out;
}

std::string change_token(Connection& c, Tx& tx) {
  // As the SQLite store's: every counter of every group (migration 7).
  return c
      .exec(tx, R"sql(
SELECT count(*) || ':' || coalesce(sum(claims), 0) || ':' || coalesce(sum(alerts), 0) || ':' ||
       coalesce(sum(revisions), 0) || ':' || coalesce(sum(copies), 0) || ':' ||
       coalesce(sum(deliveries), 0)
FROM ledger_groups)sql")[0][0]
      .as<std::string>();
}

std::vector<LedgerClaim> open_alert_claims(Connection& c, Tx& tx, const ClaimGroup& g) {
  // alerts_open (migration 10) holds only the open ones; an alert's subject and
  // metric are its claim's, and the claim says the unit (an alert's is "" for none).
  std::vector<LedgerClaim> out;
  for (const auto& r :
       c.exec(tx,
              std::string(k_claim_columns_sql) +
                  " JOIN alerts al ON al.claim_id = c.id WHERE NOT al.closed AND al.event IN "
                  "('contradiction', 'divergence') AND al.subject = $1 AND al.metric = $2 AND" +
                  k_group_sql + " ORDER BY al.id",
              pg_text(g.subject), g.metric, nullable(g.unit))) {
    out.push_back(read_claim(r));
  }
  return out;
}

std::vector<LedgerClaim> article_group_claims(Connection& c, Tx& tx, int64_t article_id,
                                              const ClaimGroup& g) {
  std::vector<LedgerClaim> out;
  for (const auto& r : c.exec(tx,
                              std::string(k_claim_columns_sql) + " WHERE" + k_group_sql +
                                  " AND c.article_id = $4 ORDER BY c.id",
                              pg_text(g.subject), g.metric, nullable(g.unit), article_id)) {
    out.push_back(read_claim(r));
  }
  return out;
}

std::vector<LedgerData> judging_groups(Connection& c, Tx& tx,
                                       const std::vector<ClaimGroup>& groups) {
  std::vector<LedgerData> out(groups.size());
  if (groups.empty()) return out;
  std::map<ClaimGroup, std::size_t> index;
  std::vector<std::string> subjects, metrics, units;
  std::string has_unit = "{";
  for (std::size_t i = 0; i < groups.size(); ++i) {
    index.emplace(groups[i], i);
    subjects.push_back(pg_text(groups[i].subject));
    metrics.push_back(groups[i].metric);
    units.push_back(groups[i].unit.value_or(""));
    has_unit += std::string(i ? "," : "") + (groups[i].unit ? "t" : "f");
  }
  has_unit += "}";
  // The groups as k_group_sql finds one: the coalesce for the index, the
  // second test to keep a missing unit apart from an empty one.
  const std::string in_groups = R"sql(
JOIN unnest($1::text[], $2::text[], $3::text[], $4::bool[]) AS g(subject, metric, unit, has_unit)
  ON c.subject = g.subject AND c.metric = g.metric AND coalesce(c.unit, '') = g.unit
 AND (c.unit IS NOT NULL) = g.has_unit)sql";
  std::map<int64_t, std::size_t> group_of_claim;
  for (const auto& r :
       c.exec(tx, std::string(k_claim_columns_sql) + in_groups + " ORDER BY c.id",
              text_array(subjects), text_array(metrics), text_array(units), has_unit)) {
    LedgerClaim claim = read_claim(r);
    const auto it = index.find({claim.claim.subject, claim.claim.metric, claim.claim.unit});
    if (it == index.end()) continue;
    group_of_claim.emplace(claim.id, it->second);
    out[it->second].claims.push_back(std::move(claim));
  }
  std::vector<std::multimap<int64_t, const LedgerClaim*>> by_article;
  for (const auto& g : out) by_article.push_back(claims_by_article(g.claims));
  for (const auto& r :
       c.exec(tx,
              std::string(k_alert_columns_sql) + " WHERE a.claim_id IN (SELECT c.id FROM claims c" +
                  in_groups + ") GROUP BY a.id ORDER BY a.id",
              text_array(subjects), text_array(metrics), text_array(units), has_unit)) {
    const auto it = group_of_claim.find(r[2].as<int64_t>());
    if (it == group_of_claim.end()) continue;
    out[it->second].alerts.push_back(read_alert(r, by_article[it->second]));
  }
  return out;
}

}  // namespace nw::storage::postgresql
