// The writing queries of the PostgreSQL store; every value goes through a bound parameter.
#include <algorithm>
#include <functional>

#include "fetchers/address.hpp"
#include "storage/ledger_priors.hpp"
#include "storage/postgresql/queries.hpp"
#include "storage/postgresql/values.hpp"

namespace nw::storage::postgresql {

int64_t ensure_feed(Connection& c, Tx& tx, const std::string& name, const std::string& url) {
  // An upsert, so daemons that read the same config at once agree on one row.
  // The row is only rewritten when the configured URL changed: a new URL is a
  // new resource, and its validators and any earlier move no longer apply.
  const auto r = c.exec(tx, R"sql(
INSERT INTO feeds AS f (name, url, config_url, host) VALUES ($1, $2, $2, $3)
ON CONFLICT (name) DO UPDATE SET url = $2, config_url = $2, host = $3, etag = '',
  last_modified = '', moved_to = '', moved_streak = 0
WHERE f.config_url <> $2
RETURNING id)sql",
                        pg_text(name), pg_text(url), fetchers::host_key(url));
  if (!r.empty()) return r[0][0].as<int64_t>();
  return c.exec(tx, "SELECT id FROM feeds WHERE name = $1", pg_text(name))[0][0].as<int64_t>();
}

std::optional<std::string> record_redirect(Connection& c, Tx& tx, int64_t feed_id,
                                           const std::string& target, int threshold) {
  const auto r =
      c.exec(tx, "SELECT url, moved_to, moved_streak FROM feeds WHERE id = $1 FOR UPDATE", feed_id);
  if (r.empty()) return std::nullopt;
  const auto url = r[0][0].as<std::string>();
  const auto seen = r[0][1].as<std::string>();
  const int streak = r[0][2].as<int>();
  if (target.empty() && streak == 0) return std::nullopt;  // the common case: no write
  const int next = target.empty() || target == url ? 0 : target == seen ? streak + 1 : 1;
  const bool moved = next >= threshold;
  // The validators stay: they came from the response at `target`.
  c.exec(tx, R"sql(
UPDATE feeds SET url = CASE WHEN $1 THEN $2 ELSE url END,
                 host = CASE WHEN $1 THEN $6 ELSE host END, moved_to = $3, moved_streak = $4
WHERE id = $5)sql",
         moved, target, moved || next == 0 ? std::string() : target, moved ? 0 : next, feed_id,
         moved ? fetchers::host_key(target) : std::string());
  if (moved) return target;
  return std::nullopt;
}

void record_fetch(Connection& c, Tx& tx, int64_t feed_id, const FetchRecord& r) {
  c.exec(tx, R"sql(
UPDATE feeds SET
  last_status = $1::int4, last_error = $2, last_fetch = to_timestamp($3),
  last_success = CASE WHEN $4 THEN to_timestamp($3) ELSE last_success END,
  etag = CASE WHEN $5 <> '' THEN $5 ELSE etag END,
  last_modified = CASE WHEN $6 <> '' THEN $6 ELSE last_modified END,
  next_poll = to_timestamp($7::int8), retry_until = to_timestamp($8::int8),
  consecutive_errors = CASE WHEN $4 THEN 0 ELSE consecutive_errors + 1 END
WHERE id = $9)sql",
         nullable(text_of(r.status)), r.error, seconds(r.fetched_at), r.success, r.etag,
         r.last_modified, nullable(text_of(r.next_poll)), nullable(text_of(r.retry_until)),
         feed_id);
}

namespace {

constexpr const char* k_insert_article = R"sql(
INSERT INTO articles (feed_id, guid, url, canonical_url, title, author, published, fetched_at,
                      content, text, content_hash, duplicate_of, language)
VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7::int8), to_timestamp($8), $9, $10, $11, $12::int8,
        $13))sql";

pqxx::result insert_row(Connection& c, Tx& tx, const std::string& sql, int64_t feed_id,
                        const NewArticle& a, std::optional<int64_t> duplicate_of) {
  return c.exec(tx, sql, feed_id, pg_text(a.guid), pg_text(a.url), pg_text(a.canonical_url),
                pg_text(a.title), pg_text(a.author), nullable(text_of(a.published)),
                seconds(a.fetched_at), pg_text(a.content), pg_text(a.text), a.content_hash,
                nullable(text_of(duplicate_of)), a.language);
}

}  // namespace

StoredArticle insert_article(Connection& c, Tx& tx, int64_t feed_id, const NewArticle& a,
                             std::optional<int64_t> duplicate_of) {
  if (duplicate_of) {
    const auto r = insert_row(c, tx, std::string(k_insert_article) + " RETURNING id", feed_id, a,
                              duplicate_of);
    return {r[0][0].as<int64_t>(), duplicate_of};
  }
  // Another writer may have stored this story's original since the caller
  // looked: the unique indexes on originals make the insert wait for it, and
  // then do nothing, and this article becomes a duplicate of the winner.
  const auto r =
      insert_row(c, tx, std::string(k_insert_article) + " ON CONFLICT DO NOTHING RETURNING id",
                 feed_id, a, std::nullopt);
  if (!r.empty()) return {r[0][0].as<int64_t>(), std::nullopt};
  if (find_article(c, tx, feed_id, a.guid)) {
    throw StoreError(StoreFailure::constraint, c.name() + ": article " + a.guid + " of feed " +
                                                   std::to_string(feed_id) + " is already stored");
  }
  auto winner = find_original_by_url(c, tx, a.canonical_url);
  if (!winner) winner = find_original_by_hash(c, tx, a.content_hash);
  if (!winner) {
    throw StoreError(StoreFailure::constraint,
                     c.name() + ": article " + a.guid + " conflicts with no original it can copy");
  }
  return insert_article(c, tx, feed_id, a, winner);
}

void update_article(Connection& c, Tx& tx, int64_t id, const NewArticle& a) {
  c.exec(tx, R"sql(
UPDATE articles SET title = $1, author = $2, published = to_timestamp($3::int8), content = $4,
                    text = $5, content_hash = $6, language = $7, version = version + 1
WHERE id = $8)sql",
         pg_text(a.title), pg_text(a.author), nullable(text_of(a.published)), pg_text(a.content),
         pg_text(a.text), a.content_hash, a.language, id);
}

void insert_fingerprint(Connection& c, Tx& tx, int64_t article_id, Time fetched_at,
                        const std::vector<int64_t>& band_keys) {
  if (band_keys.empty()) return;
  c.exec(tx,
         "INSERT INTO near_duplicate_keys (span, key, article_id) "
         "SELECT $3, unnest($1::int8[]), $2 ON CONFLICT DO NOTHING",
         int_array(band_keys), article_id, near_duplicate_span(fetched_at));
}

int64_t insert_claim(Connection& c, Tx& tx, int64_t article_id, const claims::Claim& claim) {
  return c
      .exec(tx, R"sql(
INSERT INTO claims (article_id, subject, metric, value, low, high, qualifier, unit, period, as_of,
                    source, force, quote, start_offset, end_offset, version)
VALUES ($1, $2, $3, $4, $5::float8, $6::float8, $7, $8, $9, $10, $11, $12, $13, $14, $15,
        (SELECT version FROM articles WHERE id = $1))
RETURNING id)sql",
            article_id, pg_text(claim.subject), claim.metric, claim.value,
            nullable(text_of(claim.low)), nullable(text_of(claim.high)), claim.qualifier,
            nullable(claim.unit), nullable(claim.period), nullable(claim.as_of),
            nullable(claim.source), nullable(claim.force), pg_text(claim.quote),
            static_cast<int64_t>(claim.start), static_cast<int64_t>(claim.end))[0][0]
      .as<int64_t>();
}

int64_t insert_alert(Connection& c, Tx& tx, const NewAlert& a,
                     const std::vector<std::string>& targets) {
  // The alert and its deliveries in one statement (one round trip).
  const int64_t id =
      c.exec(tx, R"sql(
WITH alert AS (
  INSERT INTO alerts (uid, event, claim_id, subject, metric, unit, difference, detected_at, body)
  VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8), $9) RETURNING id),
d AS (
  INSERT INTO deliveries (alert_id, target, next_attempt)
  SELECT alert.id, t, to_timestamp($8) FROM alert, unnest($10::text[]) AS t)
SELECT id FROM alert)sql",
             a.uid, a.event, a.claim_id, pg_text(a.subject), a.metric, a.unit, a.difference,
             seconds(a.detected_at), pg_text(a.body), text_array(targets))[0][0]
          .as<int64_t>();
  // A confirmation closes the open alert of the claim it names (migration 10),
  // that claim found as the ledger finds it (match_priors), so both judge alike.
  for (const auto& p : a.event == "confirmed" ? prior_refs(a.body) : std::vector<PriorRef>{}) {
    c.exec(tx, R"sql(
UPDATE alerts SET closed = true
WHERE event IN ('contradiction', 'divergence') AND claim_id = (
  SELECT p.id FROM claims g JOIN claims p
      ON p.article_id = $2 AND p.subject = g.subject AND p.metric = g.metric
     AND p.unit IS NOT DISTINCT FROM g.unit AND p.value = $3::float8
  WHERE g.id = $1
  ORDER BY p.quote = $4 DESC, CASE WHEN p.quote = $4 THEN -p.id ELSE p.id END LIMIT 1))sql",
           a.claim_id, p.article_id, p.value, pg_text(p.quote));
  }
  return id;
}

std::vector<Delivery> lease_deliveries(Connection& c, Tx& tx, Time now, std::size_t limit,
                                       std::chrono::seconds visibility) {
  // One statement: the due rows nobody holds (SKIP LOCKED passes over those
  // another writer is leasing right now), each under a new token. Lease times
  // are the server's clock, so the daemons' clocks need not agree. A lease
  // whose owner's session is gone (its daemon died) is free before it lapses,
  // as feed leases are (lease_feeds).
  std::vector<Delivery> out;
  for (const auto& row :
       c.exec(tx, R"sql(
WITH due AS (
  SELECT alert_id, target FROM deliveries
  WHERE status = 'pending' AND (next_attempt IS NULL OR next_attempt <= to_timestamp($1))
    AND (lease_until IS NULL OR lease_until < now()
         OR lease_owner NOT IN (SELECT pid FROM pg_stat_activity))
  ORDER BY alert_id LIMIT $2 FOR UPDATE SKIP LOCKED)
UPDATE deliveries d SET lease_until = now() + make_interval(secs => $3),
                        lease_token = nextval('lease_tokens'), lease_owner = pg_backend_pid()
FROM due, alerts a
WHERE d.alert_id = due.alert_id AND d.target = due.target AND a.id = d.alert_id
RETURNING d.alert_id, d.target, d.status, d.attempts, extract(epoch FROM d.next_attempt)::int8,
          d.last_error, a.uid, a.body, extract(epoch FROM a.detected_at)::int8, d.lease_token)sql",
              seconds(now), static_cast<int64_t>(limit), static_cast<double>(visibility.count()))) {
    Delivery d = read_delivery(row);
    d.lease_token = row[9].as<int64_t>();
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(), [](const Delivery& x, const Delivery& y) {
    return x.alert_id != y.alert_id ? x.alert_id < y.alert_id : x.target < y.target;
  });
  return out;
}

bool record_delivery(Connection& c, Tx& tx, const Delivery& d) {
  // Fenced: a writer whose lease lapsed and was taken over writes nothing.
  return c.exec(tx, R"sql(
UPDATE deliveries SET status = $1, attempts = $2, next_attempt = to_timestamp($3::int8),
                      last_error = $4, lease_until = NULL
WHERE alert_id = $5 AND target = $6 AND lease_token = $7)sql",
                to_string(d.status), d.attempts, nullable(text_of(d.next_attempt)), d.last_error,
                d.alert_id, d.target, d.lease_token)
             .affected_rows() > 0;
}

bool retry_alert(Connection& c, Tx& tx, int64_t alert_id) {
  c.exec(tx,
         "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt = NULL, "
         "lease_until = NULL "
         "WHERE alert_id = $1 AND status = 'failed'",
         alert_id);
  return !c.exec(tx, "SELECT 1 FROM alerts WHERE id = $1", alert_id).empty();
}

namespace {

// Every transaction that stores new figures or texts takes this one lock
// (class 4 of the two-key space) before its group and stripe locks, and holds it
// to its commit. A writer batch takes those locks job by job, so two daemons'
// batches took overlapping sets in different orders and deadlocked; PostgreSQL
// found each deadlock only after deadlock_timeout (1 s), and two daemons' first
// poll of 500 feeds took 33 s against 4 s for one. With this lock first they
// take turns instead, as they nearly did anyway: a batch of a hundred feeds'
// new texts already held most of the 1,024 band stripes.
void lock_ingest(Connection& c, Tx& tx) {
  c.exec(tx, "SELECT pg_advisory_xact_lock(4, 0)");
}

}  // namespace

std::vector<std::string> group_lock_keys(std::vector<GroupKey> groups) {
  // Sorted and once each, so two writers locking overlapping batches take
  // their locks in one order and cannot deadlock.
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  std::vector<std::string> keys;
  for (const auto& g : groups) keys.push_back(g.subject + '\x1f' + g.metric + '\x1f' + g.unit);
  return keys;
}

std::vector<int64_t> band_stripes(const std::vector<int64_t>& band_keys) {
  // 1024 stripes, in the advisory locks' two-key space (class 2), so a large
  // batch holds at most 1024 locks however many keys its texts have. Sorted
  // and once each, as group_lock_keys.
  constexpr int64_t k_stripes = 1024;
  std::vector<int64_t> stripes;
  for (const int64_t key : band_keys)
    stripes.push_back(((key % k_stripes) + k_stripes) % k_stripes);
  std::sort(stripes.begin(), stripes.end());
  stripes.erase(std::unique(stripes.begin(), stripes.end()), stripes.end());
  return stripes;
}

void lock_groups(Connection& c, Tx& tx, std::vector<GroupKey> groups) {
  // Held until the transaction ends.
  const auto keys = group_lock_keys(std::move(groups));
  if (keys.empty()) return;
  lock_ingest(c, tx);
  // hashtextextended is 64 bits: distinct groups sharing a lock only wait, never err.
  c.exec(tx,
         "SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM "
         "(SELECT k FROM unnest($1::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n) sorted",
         text_array(keys));
}

void lock_bands(Connection& c, Tx& tx, const std::vector<int64_t>& band_keys) {
  const auto stripes = band_stripes(band_keys);
  if (stripes.empty()) return;
  lock_ingest(c, tx);  // held already when lock_groups had groups: taking it again is free
  c.exec(tx,
         "SELECT count(pg_advisory_xact_lock(2, s::int4)) FROM "
         "(SELECT s FROM unnest($1::int8[]) WITH ORDINALITY AS u(s, n) ORDER BY n) sorted",
         int_array(stripes));
}

}  // namespace nw::storage::postgresql
