// The reading queries of the PostgreSQL store; every value goes through a bound parameter.
#include <algorithm>
#include <cstdint>

#include "storage/postgresql/queries.hpp"
#include "storage/postgresql/values.hpp"

namespace nw::storage::postgresql {
namespace {

// Claims of a subject/metric group read in full beyond the tolerance window.
constexpr int64_t k_recent_claims = 100;

constexpr const char* k_claim_columns =
    "c.id, c.article_id, a.url, a.title, f.name, extract(epoch FROM a.published)::int8, "
    "c.subject, c.metric, c.value, c.low, c.high, c.qualifier, c.unit, c.period, c.as_of, "
    "c.source, c.force, c.quote, c.start_offset, c.end_offset";

constexpr const char* k_claim_from =
    " FROM claims c JOIN articles a ON a.id = c.article_id JOIN feeds f ON f.id = a.feed_id";

// The same shape without the article's columns (left empty).
constexpr const char* k_claim_only_columns =
    "c.id, c.article_id, '', '', '', NULL::int8, c.subject, c.metric, c.value, "
    "c.low, c.high, c.qualifier, c.unit, c.period, c.as_of, c.source, c.force, c.quote, "
    "c.start_offset, c.end_offset";

// $1-$3 the group (a missing unit is '', as the index has it), $4 the article
// left out, $5-$6 the values within `window` (relative) of the claim's.
constexpr const char* k_group_window =
    "c.subject = $1 AND c.metric = $2 AND coalesce(c.unit, '') = $3 "
    "AND c.value BETWEEN $5 AND $6";

double window_high(const claims::Claim& claim, double window) {
  return window < 1 ? claim.value / (1 - window) : claim.value * 1e9;
}

ClaimRow read_claim_row(const pqxx::row& r) {
  ClaimRow out;
  out.id = r[0].as<int64_t>();
  out.article_id = r[1].as<int64_t>();
  out.url = r[2].as<std::string>();
  out.article_title = r[3].as<std::string>();
  out.feed = r[4].as<std::string>();
  out.published = col_time(r[5]);
  read_claim_fields(r, 6, out.claim);
  out.claim.start = r[18].as<std::size_t>();
  out.claim.end = r[19].as<std::size_t>();
  return out;
}

ArticleRow read_article(const pqxx::row& r) {
  ArticleRow a;
  a.id = r[0].as<int64_t>();
  a.feed = r[1].as<std::string>();
  a.url = r[2].as<std::string>();
  a.canonical_url = r[3].as<std::string>();
  a.guid = r[4].as<std::string>();
  a.title = r[5].as<std::string>();
  a.published = col_time(r[6]);
  a.fetched_at = col_time(r[7]).value_or(Time{});
  if (!r[8].is_null()) a.duplicate_of = r[8].as<int64_t>();
  a.claims = r[9].as<int64_t>();
  a.version = r[10].as<int>();
  a.language = r[11].as<std::string>();
  return a;
}

std::optional<int64_t> first_id(const pqxx::result& r) {
  if (r.empty()) return std::nullopt;
  return r[0][0].as<int64_t>();
}

}  // namespace

FeedState read_feed(const pqxx::row& r) {
  FeedState f;
  f.id = r[0].as<int64_t>();
  f.name = r[1].as<std::string>();
  f.url = r[2].as<std::string>();
  f.etag = r[3].as<std::string>();
  f.last_modified = r[4].as<std::string>();
  if (!r[5].is_null()) f.last_status = r[5].as<int>();
  f.last_error = r[6].as<std::string>();
  f.last_fetch = col_time(r[7]);
  f.last_success = col_time(r[8]);
  f.next_poll = col_time(r[9]);
  f.retry_until = col_time(r[10]);
  f.consecutive_errors = r[11].as<int>();
  f.config_url = r[12].as<std::string>();
  return f;
}

std::optional<FeedState> feed(Connection& c, Tx& tx, int64_t id) {
  const auto r =
      c.exec(tx, std::string("SELECT ") + k_feed_columns + " FROM feeds WHERE id = $1", id);
  if (r.empty()) return std::nullopt;
  return read_feed(r[0]);
}

std::vector<FeedState> feeds(Connection& c, Tx& tx) {
  std::vector<FeedState> out;
  for (const auto& row :
       c.exec(tx, std::string("SELECT ") + k_feed_columns + " FROM feeds ORDER BY id")) {
    out.push_back(read_feed(row));
  }
  return out;
}

std::optional<KnownArticle> find_article(Connection& c, Tx& tx, int64_t feed_id,
                                         const std::string& guid) {
  const auto r = c.exec(
      tx, "SELECT id, content_hash, duplicate_of FROM articles WHERE feed_id = $1 AND guid = $2",
      feed_id, pg_text(guid));
  if (r.empty()) return std::nullopt;
  KnownArticle k{r[0][0].as<int64_t>(), r[0][1].as<std::string>(), std::nullopt};
  if (!r[0][2].is_null()) k.duplicate_of = r[0][2].as<int64_t>();
  return k;
}

std::optional<int64_t> find_original_by_url(Connection& c, Tx& tx, const std::string& url) {
  if (url.empty()) return std::nullopt;
  return first_id(c.exec(tx,
                         "SELECT id FROM articles WHERE canonical_url = $1 AND canonical_url <> '' "
                         "AND duplicate_of IS NULL ORDER BY id LIMIT 1",
                         pg_text(url)));
}

std::optional<int64_t> find_original_by_hash(Connection& c, Tx& tx, const std::string& hash) {
  return first_id(c.exec(tx,
                         "SELECT id FROM articles WHERE content_hash = $1 AND duplicate_of IS NULL "
                         "ORDER BY id LIMIT 1",
                         hash));
}

std::vector<ArticleRow> articles(Connection& c, Tx& tx, std::size_t limit) {
  const std::optional<int64_t> lim =
      limit ? std::optional<int64_t>(static_cast<int64_t>(limit)) : std::nullopt;
  std::vector<ArticleRow> out;
  for (const auto& row : c.exec(tx, R"sql(
SELECT a.id, f.name, a.url, a.canonical_url, a.guid, a.title, extract(epoch FROM a.published)::int8,
       extract(epoch FROM a.fetched_at)::int8, a.duplicate_of,
       (SELECT count(*) FROM claims c WHERE c.article_id = a.id), a.version, a.language
FROM articles a JOIN feeds f ON f.id = a.feed_id ORDER BY a.id LIMIT $1::int8)sql",
                                nullable(text_of(lim)))) {
    out.push_back(read_article(row));
  }
  return out;
}

std::string article_text(Connection& c, Tx& tx, int64_t id) {
  const auto r = c.exec(tx, "SELECT text FROM articles WHERE id = $1", id);
  return r.empty() ? std::string() : r[0][0].as<std::string>();
}

std::vector<int64_t> near_duplicate_candidates(Connection& c, Tx& tx,
                                               const std::vector<int64_t>& band_keys, Time at,
                                               std::size_t limit) {
  // All bands of the span of `at` and the span before in one round trip: at
  // most 64 originals per band and span, ranked by the number of bands they share.
  const int64_t span = near_duplicate_span(at);
  std::vector<int64_t> out;
  for (const auto& row : c.exec(tx, R"sql(
SELECT b.article_id FROM unnest($1::int8[]) AS k(key), (VALUES ($3::int8 - 1), ($3::int8)) AS s(span),
  LATERAL (SELECT article_id FROM near_duplicate_keys WHERE span = s.span AND key = k.key
           UNION SELECT article_id FROM near_duplicate_staged WHERE span = s.span AND key = k.key
           LIMIT 64) b
GROUP BY b.article_id ORDER BY count(*) DESC, b.article_id LIMIT $2)sql",
                                int_array(band_keys), static_cast<int64_t>(limit), span)) {
    out.push_back(row[0].as<int64_t>());
  }
  return out;
}

std::vector<ClaimRow> comparable_claims(Connection& c, Tx& tx, const claims::Claim& claim,
                                        int64_t exclude_article, double window) {
  // As the SQLite store: every prior within the window, plus the group's latest.
  std::vector<ClaimRow> out;
  for (const auto& row :
       c.exec(tx,
              std::string("SELECT ") + k_claim_only_columns + R"sql(
FROM claims c
WHERE c.id IN (
    SELECT c.id FROM claims c WHERE )sql" +
                  k_group_window + R"sql(
    UNION
    SELECT id FROM (SELECT id FROM claims c
                    WHERE c.subject = $1 AND c.metric = $2 AND coalesce(c.unit, '') = $3
                    ORDER BY id DESC LIMIT $7) recent)
  AND c.article_id <> $4
ORDER BY c.id)sql",
              pg_text(claim.subject), claim.metric, claim.unit.value_or(""), exclude_article,
              claim.value * (1 - window), window_high(claim, window), k_recent_claims)) {
    out.push_back(read_claim_row(row));
  }
  return out;
}

bool any_claim_within(Connection& c, Tx& tx, const claims::Claim& claim, int64_t exclude_article,
                      double window, const std::function<bool(const claims::Claim&)>& accept) {
  // Read in pages, so an agreeing figure early in a large group costs one page.
  constexpr int64_t k_page = 50;
  int64_t after = 0;
  for (;;) {
    const auto r = c.exec(
        tx,
        std::string("SELECT ") + k_claim_only_columns + " FROM claims c WHERE " + k_group_window +
            " AND c.article_id <> $4 AND c.id > $7" + " ORDER BY c.id LIMIT $8",
        pg_text(claim.subject), claim.metric, claim.unit.value_or(""), exclude_article,
        claim.value * (1 - window), window_high(claim, window), after, k_page);
    for (const auto& row : r) {
      if (accept(read_claim_row(row).claim)) return true;
      after = row[0].as<int64_t>();
    }
    if (static_cast<int64_t>(r.size()) < k_page) return false;
  }
}

namespace {

// ClaimFilter with a limit: each group of the subject (ledger_groups) read
// newest first in claims_group_id, `limit` rows at most, so the read costs
// what is printed times the subject's groups; without a subject, the newest
// claims by id.
std::vector<ClaimRow> claims_page(Connection& c, Tx& tx, const ClaimFilter& filter) {
  const int64_t before = filter.before_id > 0 ? filter.before_id : INT64_MAX;
  const auto limit = static_cast<int64_t>(filter.limit);
  std::vector<ClaimRow> out;
  if (filter.subject.empty()) {
    for (const auto& row :
         c.exec(tx, std::string("SELECT ") + k_claim_columns + k_claim_from + R"sql(
WHERE ($1 = '' OR lower(c.metric) = lower($1)) AND c.id > $2 AND c.id < $3
ORDER BY c.id DESC LIMIT $4)sql",
                pg_text(filter.metric), filter.after_id, before, limit)) {
      out.push_back(read_claim_row(row));
    }
    return newest(std::move(out), filter.limit);
  }
  for (const auto& g : c.exec(tx, R"sql(
SELECT subject, metric, unit FROM ledger_groups
WHERE lower(subject) = lower($1) AND ($2 = '' OR lower(metric) = lower($2)) AND claims > 0)sql",
                              pg_text(filter.subject), pg_text(filter.metric))) {
    const auto unit = col_opt_str(g[2]);
    // Two shapes, so that both a unit and none are seeks in claims_group_id.
    const std::string where = unit ? "c.unit = $3" : "($3::text IS NULL AND c.unit IS NULL)";
    for (const auto& row : c.exec(tx,
                                  std::string("SELECT ") + k_claim_columns + k_claim_from +
                                      " WHERE c.subject = $1 AND c.metric = $2 AND " + where +
                                      " AND c.id > $4 AND c.id < $5 ORDER BY c.id DESC LIMIT $6",
                                  g[0].as<std::string>(), g[1].as<std::string>(), nullable(unit),
                                  filter.after_id, before, limit)) {
      out.push_back(read_claim_row(row));
    }
  }
  return newest(std::move(out), filter.limit);
}

}  // namespace

std::vector<ClaimRow> claims(Connection& c, Tx& tx, const ClaimFilter& filter) {
  if (filter.limit > 0) return claims_page(c, tx, filter);
  std::vector<ClaimRow> out;
  for (const auto& row :
       c.exec(tx, std::string("SELECT ") + k_claim_columns + k_claim_from + R"sql(
WHERE ($1 = '' OR c.subject IN (SELECT subject FROM ledger_groups WHERE lower(subject) = lower($1)))
  AND ($2 = '' OR lower(c.metric) = lower($2))
  AND c.id > $3 AND ($4::int8 = 0 OR c.id < $4::int8)
ORDER BY c.id)sql",
              pg_text(filter.subject), pg_text(filter.metric), filter.after_id, filter.before_id)) {
    out.push_back(read_claim_row(row));
  }
  return out;
}

std::optional<ClaimRow> claim(Connection& c, Tx& tx, int64_t id) {
  const auto r =
      c.exec(tx, std::string("SELECT ") + k_claim_columns + k_claim_from + " WHERE c.id = $1", id);
  if (r.empty()) return std::nullopt;
  return read_claim_row(r[0]);
}

std::vector<claims::Claim> article_claims(Connection& c, Tx& tx, int64_t article_id) {
  std::vector<claims::Claim> out;
  for (const auto& row : c.exec(tx,
                                std::string("SELECT ") + k_claim_columns + k_claim_from +
                                    " WHERE c.article_id = $1 ORDER BY c.id",
                                article_id)) {
    out.push_back(read_claim_row(row).claim);
  }
  return out;
}

std::vector<AlertRow> alerts(Connection& c, Tx& tx) {
  std::vector<AlertRow> out;
  for (const auto& row : c.exec(tx, R"sql(
SELECT a.id, a.uid, a.event, a.subject, a.metric, extract(epoch FROM a.detected_at)::int8, a.body,
       coalesce(sum(d.attempts), 0),
       CASE WHEN count(*) FILTER (WHERE d.status = 'failed') > 0 THEN 'failed'
            WHEN count(*) FILTER (WHERE d.status = 'pending') > 0 THEN 'pending'
            ELSE 'delivered' END
FROM alerts a LEFT JOIN deliveries d ON d.alert_id = a.id GROUP BY a.id ORDER BY a.id)sql")) {
    AlertRow r;
    r.id = row[0].as<int64_t>();
    r.uid = row[1].as<std::string>();
    r.event = row[2].as<std::string>();
    r.subject = row[3].as<std::string>();
    r.metric = row[4].as<std::string>();
    r.detected_at = col_time(row[5]).value_or(Time{});
    r.body = row[6].as<std::string>();
    r.attempts = row[7].as<int>();
    r.status = delivery_status_from(row[8].as<std::string>()).value_or(DeliveryStatus::pending);
    out.push_back(std::move(r));
  }
  return out;
}

Delivery read_delivery(const pqxx::row& row) {
  Delivery d;
  d.alert_id = row[0].as<int64_t>();
  d.target = row[1].as<std::string>();
  d.status = delivery_status_from(row[2].as<std::string>()).value_or(DeliveryStatus::pending);
  d.attempts = row[3].as<int>();
  d.next_attempt = col_time(row[4]);
  d.last_error = row[5].as<std::string>();
  d.uid = row[6].as<std::string>();
  d.body = row[7].as<std::string>();
  d.detected_at = col_time(row[8]).value_or(Time{});
  return d;
}

std::vector<Delivery> due_deliveries(Connection& c, Tx& tx, Time now, std::size_t limit) {
  std::vector<Delivery> out;
  for (const auto& row : c.exec(tx, R"sql(
SELECT d.alert_id, d.target, d.status, d.attempts, extract(epoch FROM d.next_attempt)::int8,
       d.last_error, a.uid, a.body, extract(epoch FROM a.detected_at)::int8
FROM deliveries d JOIN alerts a ON a.id = d.alert_id
WHERE d.status = 'pending' AND (d.next_attempt IS NULL OR d.next_attempt <= to_timestamp($1))
ORDER BY d.alert_id LIMIT $2)sql",
                                seconds(now), static_cast<int64_t>(limit))) {
    out.push_back(read_delivery(row));
  }
  return out;
}

std::optional<Time> next_delivery_due(Connection& c, Tx& tx) {
  // A pending delivery without a time is due now (the epoch, as SQLite's ''),
  // and one that another writer leases is due again when its lease lapses.
  const auto r = c.exec(tx,
                        "SELECT min(greatest(coalesce(extract(epoch FROM next_attempt)::int8, 0), "
                        "coalesce(extract(epoch FROM lease_until)::int8, 0))) "
                        "FROM deliveries WHERE status = 'pending'");
  return col_time(r[0][0]);
}

StoreCounts counts(Connection& c, Tx& tx) {
  const auto r = c.exec(tx, R"sql(
SELECT (SELECT count(*) FROM feeds), (SELECT count(*) FROM articles),
       (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL),
       (SELECT count(*) FROM claims), (SELECT count(*) FROM alerts),
       (SELECT coalesce(max(id), 0) FROM claims), (SELECT coalesce(max(id), 0) FROM alerts))sql");
  StoreCounts n;
  n.feeds = r[0][0].as<int64_t>();
  n.articles = r[0][1].as<int64_t>();
  n.duplicates = r[0][2].as<int64_t>();
  n.claims = r[0][3].as<int64_t>();
  n.alerts = r[0][4].as<int64_t>();
  n.last_claim_id = r[0][5].as<int64_t>();
  n.last_alert_id = r[0][6].as<int64_t>();
  return n;
}

}  // namespace nw::storage::postgresql
