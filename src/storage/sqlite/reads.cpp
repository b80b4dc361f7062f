// The reading queries of the SQLite store; every value goes through a bound parameter.
#include <algorithm>
#include <cstdint>
#include <tuple>
#include <unordered_map>

#include "storage/sqlite/columns.hpp"
#include "storage/sqlite/queries.hpp"

namespace nw::storage::sqlite {
namespace {

// Claims of a subject/metric group read in full beyond the tolerance window.
constexpr std::size_t k_recent_claims = 100;

constexpr const char* k_claim_columns =
    "c.id, c.article_id, a.url, a.title, f.name, a.published, c.subject, c.metric, c.value, "
    "c.low, c.high, c.qualifier, c.unit, c.period, c.as_of, c.source, c.force, c.quote, "
    "c.start_offset, c.end_offset";

// Claims with their article and feed, for k_claim_columns.
constexpr const char* k_claim_from =
    " FROM claims c JOIN articles a ON a.id = c.article_id JOIN feeds f ON f.id = a.feed_id";

// The same shape without the article's columns (left empty).
constexpr const char* k_claim_only_columns =
    "c.id, c.article_id, '', '', '', NULL, c.subject, c.metric, c.value, "
    "c.low, c.high, c.qualifier, c.unit, c.period, c.as_of, c.source, c.force, c.quote, "
    "c.start_offset, c.end_offset";

constexpr const char* k_feed_columns =
    "id, name, url, etag, last_modified, last_status, last_error, last_fetch, last_success, "
    "next_poll, retry_until, consecutive_errors, config_url";

// Parameters 1-6 of the claims-in-a-window queries: the group, the article
// left out, and the values within `window` (relative) of the claim's.
void bind_window(SQLite::Statement& q, const claims::Claim& claim, int64_t exclude_article,
                 double window) {
  q.bind(1, claim.subject);
  q.bind(2, claim.metric);
  if (claim.unit)
    q.bind(3, *claim.unit);
  else
    q.bind(3);
  q.bind(4, exclude_article);
  q.bind(5, claim.value * (1 - window));
  q.bind(6, window < 1 ? claim.value / (1 - window) : claim.value * 1e9);
}

ClaimRow read_claim_row(SQLite::Statement& q) {
  ClaimRow r;
  r.id = q.getColumn(0).getInt64();
  r.article_id = q.getColumn(1).getInt64();
  r.url = q.getColumn(2).getString();
  r.article_title = q.getColumn(3).getString();
  r.feed = q.getColumn(4).getString();
  r.published = col_time(q.getColumn(5));
  auto& c = r.claim;
  read_claim_fields(q, 6, c);
  c.start = static_cast<std::size_t>(q.getColumn(18).getInt64());
  c.end = static_cast<std::size_t>(q.getColumn(19).getInt64());
  return r;
}

FeedState read_feed(SQLite::Statement& q) {
  FeedState f;
  f.id = q.getColumn(0).getInt64();
  f.name = q.getColumn(1).getString();
  f.url = q.getColumn(2).getString();
  f.etag = q.getColumn(3).getString();
  f.last_modified = q.getColumn(4).getString();
  if (!q.getColumn(5).isNull()) f.last_status = q.getColumn(5).getInt();
  f.last_error = q.getColumn(6).getString();
  f.last_fetch = col_time(q.getColumn(7));
  f.last_success = col_time(q.getColumn(8));
  f.next_poll = col_time(q.getColumn(9));
  f.retry_until = col_time(q.getColumn(10));
  f.consecutive_errors = q.getColumn(11).getInt();
  f.config_url = q.getColumn(12).getString();
  return f;
}

ArticleRow read_article(SQLite::Statement& q) {
  ArticleRow r;
  r.id = q.getColumn(0).getInt64();
  r.feed = q.getColumn(1).getString();
  r.url = q.getColumn(2).getString();
  r.canonical_url = q.getColumn(3).getString();
  r.guid = q.getColumn(4).getString();
  r.title = q.getColumn(5).getString();
  r.published = col_time(q.getColumn(6));
  r.fetched_at = col_time(q.getColumn(7)).value_or(Time{});
  if (!q.getColumn(8).isNull()) r.duplicate_of = q.getColumn(8).getInt64();
  r.claims = q.getColumn(9).getInt64();
  r.version = q.getColumn(10).getInt();
  r.language = q.getColumn(11).getString();
  return r;
}

}  // namespace

std::optional<FeedState> feed(Connection& c, int64_t id) {
  auto q = c.cached(std::string("SELECT ") + k_feed_columns + " FROM feeds WHERE id = ?");
  q->bind(1, id);
  if (!q->executeStep()) return std::nullopt;
  return read_feed(*q);
}

std::vector<FeedState> feeds(Connection& c) {
  auto q = c.cached(std::string("SELECT ") + k_feed_columns + " FROM feeds ORDER BY id");
  std::vector<FeedState> out;
  while (q->executeStep()) out.push_back(read_feed(*q));
  return out;
}

std::optional<KnownArticle> find_article(Connection& c, int64_t feed_id, const std::string& guid) {
  auto q = c.cached(
      "SELECT id, content_hash, duplicate_of FROM articles WHERE feed_id = ? AND guid = ?");
  q->bind(1, feed_id);
  q->bind(2, guid);
  if (!q->executeStep()) return std::nullopt;
  KnownArticle k{q->getColumn(0).getInt64(), q->getColumn(1).getString(), std::nullopt};
  if (!q->getColumn(2).isNull()) k.duplicate_of = q->getColumn(2).getInt64();
  return k;
}

std::optional<int64_t> find_original_by_url(Connection& c, const std::string& canonical_url) {
  if (canonical_url.empty()) return std::nullopt;
  auto q = c.cached(
      // "<> ''" lets SQLite use the partial index on canonical_url.
      "SELECT id FROM articles WHERE canonical_url = ? AND canonical_url <> '' "
      "AND duplicate_of IS NULL ORDER BY id LIMIT 1");
  q->bind(1, canonical_url);
  if (!q->executeStep()) return std::nullopt;
  return q->getColumn(0).getInt64();
}

std::optional<int64_t> find_original_by_hash(Connection& c, const std::string& content_hash) {
  // The index holds the hash's first 16 digits (migration 15). The unary plus
  // keeps SQLite from rewriting substr(content_hash, ...) as substr(?1, ...)
  // once it reads content_hash = ?1 (constant propagation), which no index holds.
  auto q = c.cached(
      "SELECT id FROM articles WHERE substr(content_hash, 1, 16) = substr(?1, 1, 16) "
      "AND +content_hash = ?1 AND duplicate_of IS NULL ORDER BY id LIMIT 1");
  q->bind(1, content_hash);
  if (!q->executeStep()) return std::nullopt;
  return q->getColumn(0).getInt64();
}

std::vector<ArticleRow> articles(Connection& c, std::size_t limit) {
  // LIMIT -1 is no limit in SQLite.
  auto q = c.cached(R"sql(
SELECT a.id, f.name, a.url, a.canonical_url, a.guid, a.title, a.published, a.fetched_at,
       a.duplicate_of, (SELECT count(*) FROM claims c WHERE c.article_id = a.id), a.version,
       a.language
FROM articles a JOIN feeds f ON f.id = a.feed_id ORDER BY a.id LIMIT ?)sql");
  q->bind(1, limit ? static_cast<int64_t>(limit) : int64_t{-1});
  std::vector<ArticleRow> out;
  while (q->executeStep()) out.push_back(read_article(*q));
  return out;
}

std::string article_text(Connection& c, int64_t id) {
  auto q = c.cached("SELECT text FROM articles WHERE id = ?");
  q->bind(1, id);
  return q->executeStep() ? q->getColumn(0).getString() : std::string();
}

std::vector<int64_t> near_duplicate_candidates(Connection& c, const std::vector<int64_t>& band_keys,
                                               Time at, std::size_t limit) {
  std::vector<std::pair<int64_t, int64_t>> span_keys;
  const int64_t span = near_duplicate_span(at);
  for (const int64_t s : {span - 1, span}) {
    for (const int64_t key : band_keys) span_keys.emplace_back(s, key);
  }
  return near_duplicate_candidates(c, span_keys, limit);
}

std::vector<int64_t> near_duplicate_candidates(
    Connection& c, const std::vector<std::pair<int64_t, int64_t>>& span_keys, std::size_t limit) {
  // One indexed probe per band key in the span of `at` and the span before (the
  // table is clustered by span, then key); the count of shared bands ranks the
  // candidates. (One statement with IN lists for both was no faster.)
  std::unordered_map<int64_t, int> shared;
  {
    // An article's keys are in one table or the other (staged until merged),
    // so UNION ALL: no temporary b-tree for every probe.
    auto q = c.cached(
        "SELECT article_id FROM near_duplicate_keys WHERE span = ?1 AND key = ?2 UNION ALL "
        "SELECT article_id FROM near_duplicate_staged WHERE span = ?1 AND key = ?2 "
        "LIMIT 64");
    for (const auto& [s, key] : span_keys) {
      q->bind(1, s);
      q->bind(2, key);
      while (q->executeStep()) ++shared[q->getColumn(0).getInt64()];
      q->reset();
    }
  }
  std::vector<std::pair<int64_t, int>> ranked(shared.begin(), shared.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) {
    return x.second != y.second ? x.second > y.second : x.first < y.first;
  });
  std::vector<int64_t> out;
  for (std::size_t i = 0; i < ranked.size() && i < limit; ++i) out.push_back(ranked[i].first);
  return out;
}

std::vector<ClaimRow> comparable_claims(Connection& c, const claims::Claim& claim,
                                        int64_t exclude_article, double window) {
  // Every prior figure within the tolerance window (so an agreeing report is
  // never missed however old), plus the group's most recent claims (for open
  // bounds and the nearest figure): bounded work per claim as the ledger grows.
  // Only claims columns: articles rows carry whole texts, and reading them for
  // every prior made ingest slow down as the ledger grew. Duplicates never get
  // claims, so no article needs checking either.
  auto q = c.cached(std::string("SELECT ") + k_claim_only_columns + R"sql(
FROM claims c
WHERE c.id IN (
    SELECT id FROM claims WHERE subject = ?1 AND metric = ?2 AND unit IS ?3
      AND value BETWEEN ?5 AND ?6
    UNION
    SELECT id FROM (SELECT id FROM claims WHERE subject = ?1 AND metric = ?2 AND unit IS ?3
                    ORDER BY id DESC LIMIT ?7))
  AND c.article_id <> ?4
ORDER BY c.id)sql");
  bind_window(*q, claim, exclude_article, window);
  q->bind(7, static_cast<int64_t>(k_recent_claims));
  std::vector<ClaimRow> out;
  while (q->executeStep()) out.push_back(read_claim_row(*q));
  return out;
}

bool any_claim_within(Connection& c, const claims::Claim& claim, int64_t exclude_article,
                      double window, const std::function<bool(const claims::Claim&)>& accept) {
  auto q = c.cached(std::string("SELECT ") + k_claim_only_columns + R"sql(
FROM claims c
WHERE subject = ?1 AND metric = ?2 AND unit IS ?3 AND value BETWEEN ?5 AND ?6
  AND article_id <> ?4)sql");
  bind_window(*q, claim, exclude_article, window);
  while (q->executeStep()) {
    if (accept(read_claim_row(*q).claim)) return true;
  }
  return false;
}

namespace {

// ClaimFilter with a limit: each group of the subject (ledger_groups) read
// newest first in claims_group_id, `limit` rows at most, so the read costs
// what is printed times the subject's groups; without a subject, the newest
// claims by id.
std::vector<ClaimRow> claims_page(Connection& c, const ClaimFilter& filter) {
  const int64_t before = filter.before_id > 0 ? filter.before_id : INT64_MAX;
  const auto limit = static_cast<int64_t>(filter.limit);
  std::vector<ClaimRow> out;
  if (filter.subject.empty()) {
    auto q = c.cached(std::string("SELECT ") + k_claim_columns + k_claim_from + R"sql(
WHERE (?1 = '' OR c.metric = ?1 COLLATE NOCASE) AND c.id > ?2 AND c.id < ?3
ORDER BY c.id DESC LIMIT ?4)sql");
    q->bind(1, filter.metric);
    q->bind(2, filter.after_id);
    q->bind(3, before);
    q->bind(4, limit);
    while (q->executeStep()) out.push_back(read_claim_row(*q));
    return newest(std::move(out), filter.limit);
  }
  auto groups = c.cached(R"sql(
SELECT subject, metric, unit FROM ledger_groups
WHERE subject = ?1 COLLATE NOCASE AND (?2 = '' OR metric = ?2 COLLATE NOCASE) AND claims > 0)sql");
  groups->bind(1, filter.subject);
  groups->bind(2, filter.metric);
  std::vector<std::tuple<std::string, std::string, std::optional<std::string>>> keys;
  while (groups->executeStep()) {
    keys.emplace_back(groups->getColumn(0).getString(), groups->getColumn(1).getString(),
                      col_opt_str(groups->getColumn(2)));
  }
  auto q = c.cached(std::string("SELECT ") + k_claim_columns + k_claim_from + R"sql(
WHERE c.subject = ?1 AND c.metric = ?2 AND c.unit IS ?3 AND c.id > ?4 AND c.id < ?5
ORDER BY c.id DESC LIMIT ?6)sql");
  for (const auto& [subject, metric, unit] : keys) {
    q->reset();
    q->bind(1, subject);
    q->bind(2, metric);
    if (unit)
      q->bind(3, *unit);
    else
      q->bind(3);
    q->bind(4, filter.after_id);
    q->bind(5, before);
    q->bind(6, limit);
    while (q->executeStep()) out.push_back(read_claim_row(*q));
  }
  return newest(std::move(out), filter.limit);
}

}  // namespace

std::vector<ClaimRow> claims(Connection& c, const ClaimFilter& filter) {
  if (filter.limit > 0) return claims_page(c, filter);
  // A subject is looked up among the groups (ledger_groups, a row a group),
  // then its claims in claims_group_id: the cost follows its claims, not all.
  auto q =
      c.cached(std::string("SELECT ") + k_claim_columns +
               (filter.subject.empty() ? std::string(k_claim_from) + " WHERE ?1 = ''"
                                       : std::string(k_claim_from) +
                                             " WHERE c.subject IN (SELECT subject FROM "
                                             "ledger_groups WHERE subject = ?1 COLLATE NOCASE)") +
               R"sql(
  AND (?2 = '' OR c.metric = ?2 COLLATE NOCASE) AND c.id > ?3 AND (?4 = 0 OR c.id < ?4)
ORDER BY c.id)sql");
  q->bind(1, filter.subject);
  q->bind(2, filter.metric);
  q->bind(3, filter.after_id);
  q->bind(4, filter.before_id);
  std::vector<ClaimRow> out;
  while (q->executeStep()) out.push_back(read_claim_row(*q));
  return out;
}

std::vector<claims::Claim> article_claims(Connection& c, int64_t article_id) {
  auto q = c.cached(std::string("SELECT ") + k_claim_columns + k_claim_from + R"sql(
WHERE c.article_id = ? ORDER BY c.id)sql");
  q->bind(1, article_id);
  std::vector<claims::Claim> out;
  while (q->executeStep()) out.push_back(read_claim_row(*q).claim);
  return out;
}

std::optional<ClaimRow> claim(Connection& c, int64_t id) {
  auto q = c.cached(std::string("SELECT ") + k_claim_columns + k_claim_from + R"sql(
WHERE c.id = ?)sql");
  q->bind(1, id);
  if (!q->executeStep()) return std::nullopt;
  return read_claim_row(*q);
}

std::vector<AlertRow> alerts(Connection& c) {
  auto q = c.cached(std::string(R"sql(
SELECT a.id, a.uid, a.event, a.subject, a.metric, a.detected_at, a.body,
       coalesce(sum(d.attempts), 0), )sql") +
                    k_alert_status_sql + R"sql(
FROM alerts a LEFT JOIN deliveries d ON d.alert_id = a.id GROUP BY a.id ORDER BY a.id)sql");
  std::vector<AlertRow> out;
  while (q->executeStep()) {
    AlertRow r;
    r.id = q->getColumn(0).getInt64();
    r.uid = q->getColumn(1).getString();
    r.event = q->getColumn(2).getString();
    r.subject = q->getColumn(3).getString();
    r.metric = q->getColumn(4).getString();
    r.detected_at = col_time(q->getColumn(5)).value_or(Time{});
    r.body = q->getColumn(6).getString();
    r.attempts = q->getColumn(7).getInt();
    r.status = col_status(q->getColumn(8));
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<Delivery> due_deliveries(Connection& c, Time now, std::size_t limit) {
  auto q = c.cached(R"sql(
SELECT d.alert_id, d.target, d.status, d.attempts, d.next_attempt, d.last_error, a.uid, a.body,
       a.detected_at
FROM deliveries d JOIN alerts a ON a.id = d.alert_id
WHERE d.status = 'pending' AND (d.next_attempt IS NULL OR d.next_attempt <= ?)
ORDER BY d.alert_id LIMIT ?)sql");
  q->bind(1, format_iso8601(now));
  q->bind(2, static_cast<int64_t>(limit));
  std::vector<Delivery> out;
  while (q->executeStep()) {
    Delivery d;
    d.alert_id = q->getColumn(0).getInt64();
    d.target = q->getColumn(1).getString();
    d.status = col_status(q->getColumn(2));
    d.attempts = q->getColumn(3).getInt();
    d.next_attempt = col_time(q->getColumn(4));
    d.last_error = q->getColumn(5).getString();
    d.uid = q->getColumn(6).getString();
    d.body = q->getColumn(7).getString();
    d.detected_at = col_time(q->getColumn(8)).value_or(Time{});
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<Time> next_delivery_due(Connection& c) {
  auto q =
      c.cached("SELECT min(coalesce(next_attempt, '')) FROM deliveries WHERE status = 'pending'");
  if (!q->executeStep() || q->getColumn(0).isNull()) return std::nullopt;
  const std::string t = q->getColumn(0).getString();
  return t.empty() ? std::optional<Time>(Time{}) : parse_iso8601(t);
}

StoreCounts counts(Connection& c) {
  StoreCounts n;
  n.feeds = c.scalar("SELECT count(*) FROM feeds");
  n.articles = c.scalar("SELECT count(*) FROM articles");
  // Counted through the originals' partial index: duplicate_of has no index
  // of its own, and a scan of the articles reads every stored text.
  n.duplicates = n.articles - c.scalar("SELECT count(*) FROM articles WHERE duplicate_of IS NULL");
  n.claims = c.scalar("SELECT count(*) FROM claims");
  n.alerts = c.scalar("SELECT count(*) FROM alerts");
  n.last_claim_id = c.scalar("SELECT coalesce(max(id), 0) FROM claims");
  n.last_alert_id = c.scalar("SELECT coalesce(max(id), 0) FROM alerts");
  return n;
}

}  // namespace nw::storage::sqlite
