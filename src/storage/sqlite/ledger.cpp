// The ledger's queries: every claim with its article, every alert with its
// delivery state, and the token that says whether they changed.
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>

#include "storage/ledger_priors.hpp"
#include "storage/sqlite/columns.hpp"
#include "storage/sqlite/group_cache.hpp"
#include "storage/sqlite/queries.hpp"

namespace nw::storage::sqlite {
namespace {

// Claims with their article and feed, as read_claim reads them.
constexpr const char* k_claim_columns_sql = R"sql(
SELECT c.id, c.article_id, CASE WHEN a.canonical_url <> '' THEN a.canonical_url ELSE a.url END,
       a.title, f.name, a.published, a.fetched_at, c.subject, c.metric, c.value, c.low, c.high,
       c.qualifier, c.unit, c.period, c.as_of, c.source, c.force, c.quote, c.version
FROM claims c JOIN articles a ON a.id = c.article_id JOIN feeds f ON f.id = a.feed_id)sql";

// Alerts with their delivery state over all targets, as read_alert reads them.
const std::string k_alert_columns_sql = std::string(R"sql(
SELECT a.id, a.event, a.claim_id, a.subject, a.metric, a.unit, a.difference, a.detected_at, a.body,
       )sql") + k_alert_status_sql + R"sql(, group_concat(d.target, char(31))
FROM alerts a LEFT JOIN deliveries d ON d.alert_id = a.id)sql";

// Copies of articles, as read_copy reads them.
constexpr const char* k_copy_columns_sql = R"sql(
SELECT d.duplicate_of, d.id, CASE WHEN d.canonical_url <> '' THEN d.canonical_url ELSE d.url END,
       d.title, f.name, d.published, d.fetched_at
FROM articles d JOIN feeds f ON f.id = d.feed_id)sql";

// Columns 1..6, which claims and copies share: the article's id, URL, title,
// feed, published and fetched_at (LedgerClaim or LedgerCopy).
template <typename Row>
void read_article_columns(SQLite::Statement& q, Row& r) {
  r.article_id = q.getColumn(1).getInt64();
  r.url = q.getColumn(2).getString();
  r.title = q.getColumn(3).getString();
  r.feed = q.getColumn(4).getString();
  r.published = col_time(q.getColumn(5));
  r.fetched_at = col_time(q.getColumn(6)).value_or(Time{});
}

LedgerCopy read_copy(SQLite::Statement& q) {
  LedgerCopy r;
  r.original_id = q.getColumn(0).getInt64();
  read_article_columns(q, r);
  return r;
}

LedgerClaim read_claim(SQLite::Statement& q) {
  LedgerClaim r;
  r.id = q.getColumn(0).getInt64();
  read_article_columns(q, r);
  read_claim_fields(q, 7, r.claim);
  r.version = q.getColumn(19).getInt();
  return r;
}

LedgerAlert read_alert(SQLite::Statement& a,
                       const std::multimap<int64_t, const LedgerClaim*>& by_article) {
  LedgerAlert r;
  r.id = a.getColumn(0).getInt64();
  r.event = a.getColumn(1).getString();
  r.claim_id = a.getColumn(2).getInt64();
  r.subject = a.getColumn(3).getString();
  r.metric = a.getColumn(4).getString();
  r.unit = col_opt_str(a.getColumn(5));
  r.difference = a.getColumn(6).getDouble();
  r.detected_at = col_time(a.getColumn(7)).value_or(Time{});
  r.prior_claims = match_priors(a.getColumn(8).getString(), by_article);
  r.status = col_status(a.getColumn(9));
  r.targets = split_targets(a.getColumn(10).getString());
  return r;
}

std::multimap<int64_t, const LedgerClaim*> claims_by_article(const std::vector<LedgerClaim>& in) {
  std::multimap<int64_t, const LedgerClaim*> out;
  for (const auto& claim : in) out.emplace(claim.article_id, &claim);
  return out;
}

// A group's key as bound parameters `first` (subject), +1 (metric), +2 (unit, NULL for none).
void bind_group(SQLite::Statement& q, int first, const std::string& subject,
                const std::string& metric, const std::optional<std::string>& unit) {
  q.bind(first, subject);
  q.bind(first + 1, metric);
  if (unit)
    q.bind(first + 2, *unit);
  else
    q.bind(first + 2);
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
    auto q = c.cached(std::string(k_claim_columns_sql) + " WHERE c.id > ? ORDER BY c.id");
    q->bind(1, after);
    while (q->executeStep()) out.claims.push_back(read_claim(*q));
  }
  const auto by_article = claims_by_article(out.claims);
  {
    auto a = c.cached(k_alert_columns_sql + " WHERE a.claim_id >= ? GROUP BY a.id ORDER BY a.id");
    a->bind(1, out.claims.empty() ? int64_t{0} : out.claims.front().id);
    while (a->executeStep()) out.alerts.push_back(read_alert(*a, by_article));
  }
  {
    auto d = c.cached(std::string(k_copy_columns_sql) +
                      " WHERE d.duplicate_of IN (SELECT article_id FROM claims WHERE id > ?)"
                      " ORDER BY d.id");
    d->bind(1, after);
    while (d->executeStep()) out.copies.push_back(read_copy(*d));
  }
  tx.commit();
  return out;
}

LedgerData ledger_group(Connection& c, const std::string& subject, const std::string& metric,
                        const std::optional<std::string>& unit, bool copies) {
  LedgerData out;
  // Ingest reads a group inside its write transaction, which already is one moment.
  std::optional<SQLite::Transaction> tx;
  if (sqlite3_get_autocommit(c.db().getHandle()))
    tx.emplace(c.db(), SQLite::TransactionBehavior::DEFERRED);
  {
    // claims_group_value finds the group; `unit IS ?` matches NULL too.
    auto q = c.cached(std::string(k_claim_columns_sql) +
                      " WHERE c.subject = ? AND c.metric = ? AND c.unit IS ? ORDER BY c.id");
    bind_group(*q, 1, subject, metric, unit);
    while (q->executeStep()) out.claims.push_back(read_claim(*q));
  }
  const auto by_article = claims_by_article(out.claims);
  {
    auto a = c.cached(k_alert_columns_sql +
                      " WHERE a.claim_id IN (SELECT id FROM claims WHERE subject = ? AND "
                      "metric = ? AND unit IS ?) GROUP BY a.id ORDER BY a.id");
    bind_group(*a, 1, subject, metric, unit);
    while (a->executeStep()) out.alerts.push_back(read_alert(*a, by_article));
  }
  if (copies) {
    auto d = c.cached(std::string(k_copy_columns_sql) +
                      " WHERE d.duplicate_of IN (SELECT article_id FROM claims WHERE subject = ? "
                      "AND metric = ? AND unit IS ?) ORDER BY d.id");
    bind_group(*d, 1, subject, metric, unit);
    while (d->executeStep()) out.copies.push_back(read_copy(*d));
  }
  if (tx) tx->commit();
  return out;
}

LedgerData ledger_group_page(Connection& c, const std::string& subject, const std::string& metric,
                             const std::optional<std::string>& unit, int64_t from_id,
                             std::size_t limit) {
  LedgerData out;
  SQLite::Transaction tx(c.db(), SQLite::TransactionBehavior::DEFERRED);
  {
    // claims_group_id (migration 12): a seek, then the page's rows.
    auto q = c.cached(std::string(k_claim_columns_sql) +
                      " WHERE c.subject = ? AND c.metric = ? AND c.unit IS ? AND c.id >= ?"
                      " ORDER BY c.id LIMIT ?");
    bind_group(*q, 1, subject, metric, unit);
    q->bind(4, from_id);
    q->bind(5, static_cast<int64_t>(limit));
    while (q->executeStep()) out.claims.push_back(read_claim(*q));
  }
  if (out.claims.empty()) return out;
  const auto by_article = claims_by_article(out.claims);
  const int64_t first = out.claims.front().id, last = out.claims.back().id;
  {
    auto a =
        c.cached(k_alert_columns_sql +
                 " WHERE a.claim_id IN (SELECT id FROM claims WHERE subject = ? AND "
                 "metric = ? AND unit IS ? AND id BETWEEN ? AND ?) GROUP BY a.id ORDER BY a.id");
    bind_group(*a, 1, subject, metric, unit);
    a->bind(4, first);
    a->bind(5, last);
    while (a->executeStep()) out.alerts.push_back(read_alert(*a, by_article));
  }
  {
    auto d = c.cached(std::string(k_copy_columns_sql) +
                      " WHERE d.duplicate_of IN (SELECT article_id FROM claims WHERE subject = ? "
                      "AND metric = ? AND unit IS ? AND id BETWEEN ? AND ?) ORDER BY d.id");
    bind_group(*d, 1, subject, metric, unit);
    d->bind(4, first);
    d->bind(5, last);
    while (d->executeStep()) out.copies.push_back(read_copy(*d));
  }
  tx.commit();
  return out;
}

std::vector<LedgerClaim> open_alert_claims(Connection& c, const ClaimGroup& g) {
  // alerts_open (migration 14) holds only the open ones; an alert's subject and
  // metric are its claim's, and the claim says the unit (an alert's is "" for none).
  auto q = c.cached(std::string(k_claim_columns_sql) + R"sql(
 JOIN alerts al ON al.claim_id = c.id
WHERE al.closed = 0 AND al.event IN ('contradiction', 'divergence') AND al.subject = ?1
  AND al.metric = ?2 AND c.subject = ?1 AND c.metric = ?2 AND c.unit IS ?3
ORDER BY al.id)sql");
  bind_group(*q, 1, g.subject, g.metric, g.unit);
  std::vector<LedgerClaim> out;
  while (q->executeStep()) out.push_back(read_claim(*q));
  return out;
}

std::vector<LedgerClaim> article_group_claims(Connection& c, int64_t article_id,
                                              const ClaimGroup& g) {
  // By article (claims_article): the unary + keeps SQLite off the group's index.
  auto q = c.cached(std::string(k_claim_columns_sql) +
                    " WHERE c.article_id = ?4 AND +c.subject = ?1 AND +c.metric = ?2 AND "
                    "+c.unit IS ?3 ORDER BY c.id");
  bind_group(*q, 1, g.subject, g.metric, g.unit);
  q->bind(4, article_id);
  std::vector<LedgerClaim> out;
  while (q->executeStep()) out.push_back(read_claim(*q));
  return out;
}

namespace {

// At most this many claims are kept over all groups (about 0.7 KB each with
// their article's URL, title and quote); the least recently judged groups go first.
constexpr std::size_t k_max_cached_claims = 40'000;

}  // namespace

const LedgerData& GroupCache::get(Connection& c, const std::string& subject,
                                  const std::string& metric,
                                  const std::optional<std::string>& unit) {
  // Commits of other connections (`newswatch prune` by hand, another program)
  // change data_version; this connection's own do not.
  const int64_t version = c.scalar("PRAGMA data_version");
  if (version != m_data_version) {
    clear();
    m_data_version = version;
  }
  Key key{subject, metric, unit};
  auto it = m_groups.find(key);
  if (it == m_groups.end()) {
    Entry e;
    e.claims_through = c.scalar("SELECT coalesce(max(id), 0) FROM claims");
    e.alerts_through = c.scalar("SELECT coalesce(max(id), 0) FROM alerts");
    e.data = ledger_group(c, subject, metric, unit, false);  // judging never reads copies
    m_claims += e.data.claims.size();
    it = m_groups.emplace(std::move(key), std::move(e)).first;
  } else {
    catch_up(c, it->first, it->second);
  }
  it->second.used = ++m_tick;
  trim(it->first);
  return it->second.data;
}

void GroupCache::catch_up(Connection& c, const Key& key, Entry& e) {
  const auto& [subject, metric, unit] = key;
  auto& d = e.data;
  // Claims and alerts are never changed or deleted once committed (a rollback
  // empties the cache), so what was stored since the marks is all that is new.
  // Rows are skipped by id when a read without a transaction saw them already.
  const int64_t claims_now = c.scalar("SELECT coalesce(max(id), 0) FROM claims");
  const int64_t alerts_now = c.scalar("SELECT coalesce(max(id), 0) FROM alerts");
  if (claims_now > e.claims_through) {
    // By id from the mark on: the unary + keeps SQLite from walking the whole
    // group in claims_group_value instead.
    auto q = c.cached(std::string(k_claim_columns_sql) +
                      " WHERE c.id > ?4 AND +c.subject = ?1 AND +c.metric = ?2 AND +c.unit IS ?3"
                      " ORDER BY c.id");
    bind_group(*q, 1, subject, metric, unit);
    q->bind(4, e.claims_through);
    while (q->executeStep()) {
      auto claim = read_claim(*q);
      if (!d.claims.empty() && claim.id <= d.claims.back().id) continue;
      d.claims.push_back(std::move(claim));
      ++m_claims;
    }
    e.claims_through = claims_now;
  }
  if (alerts_now > e.alerts_through) {
    auto a = c.cached(k_alert_columns_sql +
                      " WHERE a.id > ?4 AND EXISTS (SELECT 1 FROM claims g WHERE g.id = a.claim_id"
                      " AND g.subject = ?1 AND g.metric = ?2 AND g.unit IS ?3)"
                      " GROUP BY a.id ORDER BY a.id");
    bind_group(*a, 1, subject, metric, unit);
    a->bind(4, e.alerts_through);
    std::optional<std::multimap<int64_t, const LedgerClaim*>> by_article;
    while (a->executeStep()) {
      if (!by_article) by_article = claims_by_article(d.claims);
      auto alert = read_alert(*a, *by_article);
      if (!d.alerts.empty() && alert.id <= d.alerts.back().id) continue;
      d.alerts.push_back(std::move(alert));
    }
    e.alerts_through = alerts_now;
  }
}

void GroupCache::trim(const Key& keep) {
  while (m_claims > k_max_cached_claims && m_groups.size() > 1) {
    auto oldest = m_groups.end();
    for (auto it = m_groups.begin(); it != m_groups.end(); ++it) {
      if (it->first != keep && (oldest == m_groups.end() || it->second.used < oldest->second.used))
        oldest = it;
    }
    m_claims -= oldest->second.data.claims.size();
    m_groups.erase(oldest);
  }
}

void GroupCache::clear() {
  m_groups.clear();
  m_claims = 0;
}

void GroupCache::refresh_alert(Connection& c, int64_t alert_id) {
  for (auto& [key, e] : m_groups) {
    auto& alerts = e.data.alerts;  // by id
    const auto it = std::lower_bound(alerts.begin(), alerts.end(), alert_id,
                                     [](const LedgerAlert& a, int64_t id) { return a.id < id; });
    if (it == alerts.end() || it->id != alert_id) continue;
    auto q = c.cached(std::string("SELECT ") + k_alert_status_sql +
                      " FROM deliveries d WHERE d.alert_id = ?");
    q->bind(1, alert_id);
    if (q->executeStep()) it->status = col_status(q->getColumn(0));
    return;  // an alert belongs to one group
  }
}

std::vector<LedgerGroupInfo> ledger_groups(Connection& c) {
  // One row a group, kept by the triggers of migration 11: the cost follows
  // the groups, not the claims, copies, alerts and deliveries they hold.
  auto q = c.cached(R"sql(
SELECT subject, metric, unit, claims, last_claim, alerts, last_alert, revisions, copies, deliveries
FROM ledger_groups WHERE claims > 0 ORDER BY subject, metric, unit)sql");
  std::vector<LedgerGroupInfo> out;
  while (q->executeStep()) {
    LedgerGroupInfo g;
    g.subject = q->getColumn(0).getString();
    g.metric = q->getColumn(1).getString();
    g.unit = col_opt_str(q->getColumn(2));
    g.claims = q->getColumn(3).getInt64();
    g.last_claim = q->getColumn(4).getInt64();
    g.last_alert = q->getColumn(6).getInt64();
    g.revisions = q->getColumn(7).getInt64();
    g.deliveries = q->getColumn(9).getInt64();
    g.signature = std::to_string(g.claims);
    for (int i = 4; i <= 9; ++i) g.signature += ":" + q->getColumn(i).getString();
    out.push_back(std::move(g));
  }
  return out;
}

LedgerGroupDelta ledger_group_since(Connection& c, const std::string& subject,
                                    const std::string& metric,
                                    const std::optional<std::string>& unit, int64_t after_claim,
                                    int64_t after_alert, const std::vector<int64_t>& recheck) {
  LedgerGroupDelta out;
  SQLite::Transaction tx(c.db(), SQLite::TransactionBehavior::DEFERRED);
  {
    // claims_group_id (migration 12) holds the group's claims by id.
    auto q = c.cached(std::string(k_claim_columns_sql) +
                      " WHERE c.subject = ?1 AND c.metric = ?2 AND c.unit IS ?3 AND c.id > ?4"
                      " ORDER BY c.id");
    bind_group(*q, 1, subject, metric, unit);
    q->bind(4, after_claim);
    while (q->executeStep()) out.claims.push_back(read_claim(*q));
  }
  // The earlier claims the new alerts name: those of their bodies' articles.
  std::vector<int64_t> articles;
  {
    auto b = c.cached(
        "SELECT a.body FROM alerts a WHERE a.id > ?4 AND EXISTS (SELECT 1 FROM claims g WHERE "
        "g.id = a.claim_id AND g.subject = ?1 AND g.metric = ?2 AND g.unit IS ?3) ORDER BY a.id");
    bind_group(*b, 1, subject, metric, unit);
    b->bind(4, after_alert);
    while (b->executeStep()) {
      for (const int64_t id : prior_articles(b->getColumn(0).getString())) articles.push_back(id);
    }
  }
  std::sort(articles.begin(), articles.end());
  articles.erase(std::unique(articles.begin(), articles.end()), articles.end());
  for (const int64_t article : articles) {
    // By article (claims_article): the unary + keeps SQLite from walking the
    // whole group in claims_group_id instead, once for every alert.
    auto q = c.cached(std::string(k_claim_columns_sql) +
                      " WHERE c.article_id = ?4 AND +c.subject = ?1 AND +c.metric = ?2 AND "
                      "+c.unit IS ?3 AND +c.id <= ?5 ORDER BY c.id");
    bind_group(*q, 1, subject, metric, unit);
    q->bind(4, article);
    q->bind(5, after_claim);
    while (q->executeStep()) out.priors.push_back(read_claim(*q));
  }
  auto by_article = claims_by_article(out.claims);
  for (const auto& p : out.priors) by_article.emplace(p.article_id, &p);
  {
    auto a = c.cached(k_alert_columns_sql +
                      " WHERE a.id > ?4 AND EXISTS (SELECT 1 FROM claims g WHERE g.id = a.claim_id"
                      " AND g.subject = ?1 AND g.metric = ?2 AND g.unit IS ?3)"
                      " GROUP BY a.id ORDER BY a.id");
    bind_group(*a, 1, subject, metric, unit);
    a->bind(4, after_alert);
    while (a->executeStep()) out.alerts.push_back(read_alert(*a, by_article));
  }
  for (const int64_t id : recheck) {
    auto q = c.cached(std::string("SELECT ") + k_alert_status_sql +
                      " FROM alerts a LEFT JOIN deliveries d ON d.alert_id = a.id WHERE a.id = ?");
    q->bind(1, id);
    if (q->executeStep()) out.statuses.emplace_back(id, col_status(q->getColumn(0)));
  }
  tx.commit();
  return out;
}

std::string change_token(Connection& c) {
  // Every counter of every group (migration 11): a claim, an alert, a delivery
  // moving on, an updated article or a stored copy of one with claims each
  // move one.
  auto q = c.cached(R"sql(
SELECT count(*) || ':' || total(claims) || ':' || total(alerts) || ':' || total(revisions) || ':' ||
       total(copies) || ':' || total(deliveries)
FROM ledger_groups)sql");
  q->executeStep();
  return q->getColumn(0).getString();
}

}  // namespace nw::storage::sqlite
