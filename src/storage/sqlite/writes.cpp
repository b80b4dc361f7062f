// The writing queries of the SQLite store; every value goes through a bound parameter.
#include "storage/ledger_priors.hpp"
#include "storage/sqlite/queries.hpp"

namespace nw::storage::sqlite {
namespace {

// NULL-aware binding helpers.
void bind_opt(SQLite::Statement& q, int i, const std::optional<std::string>& v) {
  if (v)
    q.bind(i, *v);
  else
    q.bind(i);
}
void bind_opt(SQLite::Statement& q, int i, const std::optional<double>& v) {
  if (v)
    q.bind(i, *v);
  else
    q.bind(i);
}
void bind_opt(SQLite::Statement& q, int i, const std::optional<int64_t>& v) {
  if (v)
    q.bind(i, *v);
  else
    q.bind(i);
}
void bind_time(SQLite::Statement& q, int i, const std::optional<Time>& t) {
  if (t)
    q.bind(i, format_iso8601(*t));
  else
    q.bind(i);
}

}  // namespace

int64_t ensure_feed(Connection& c, const std::string& name, const std::string& url) {
  std::optional<int64_t> known;
  bool url_changed = false;
  {
    auto find = c.cached("SELECT id, config_url FROM feeds WHERE name = ?");
    find->bind(1, name);
    if (find->executeStep()) {
      known = find->getColumn(0).getInt64();
      url_changed = find->getColumn(1).getString() != url;
    }
  }
  if (known) {
    if (url_changed) {
      // A new URL is a new resource: its validators and any earlier move no longer apply.
      auto upd = c.cached(R"sql(
UPDATE feeds SET url = ?, config_url = ?, etag = '', last_modified = '',
  moved_to = '', moved_streak = 0 WHERE id = ?)sql");
      upd->bind(1, url);
      upd->bind(2, url);
      upd->bind(3, *known);
      upd->exec();
    }
    return *known;
  }
  auto ins = c.cached("INSERT INTO feeds (name, url, config_url) VALUES (?, ?, ?)");
  ins->bind(1, name);
  ins->bind(2, url);
  ins->bind(3, url);
  ins->exec();
  return c.db().getLastInsertRowid();
}

std::optional<std::string> record_redirect(Connection& c, int64_t feed_id,
                                           const std::string& target, int threshold) {
  std::string url, seen;
  int streak = 0;
  {
    auto find = c.cached("SELECT url, moved_to, moved_streak FROM feeds WHERE id = ?");
    find->bind(1, feed_id);
    if (!find->executeStep()) return std::nullopt;
    url = find->getColumn(0).getString();
    seen = find->getColumn(1).getString();
    streak = find->getColumn(2).getInt();
  }
  if (target.empty() && streak == 0) return std::nullopt;  // the common case: no write
  const int next = target.empty() || target == url ? 0 : target == seen ? streak + 1 : 1;
  const bool moved = next >= threshold;
  auto upd = c.cached(R"sql(
UPDATE feeds SET url = CASE WHEN ? THEN ? ELSE url END, moved_to = ?, moved_streak = ?
WHERE id = ?)sql");
  // The validators stay: they came from the response at `target`.
  upd->bind(1, moved ? 1 : 0);
  upd->bind(2, target);
  upd->bind(3, moved || next == 0 ? std::string() : target);
  upd->bind(4, moved ? 0 : next);
  upd->bind(5, feed_id);
  upd->exec();
  if (moved) return target;
  return std::nullopt;
}

void record_fetch(Connection& c, int64_t feed_id, const FetchRecord& r) {
  auto q = c.cached(R"sql(
UPDATE feeds SET
  last_status = ?, last_error = ?, last_fetch = ?,
  last_success = CASE WHEN ? THEN ? ELSE last_success END,
  etag = CASE WHEN ? <> '' THEN ? ELSE etag END,
  last_modified = CASE WHEN ? <> '' THEN ? ELSE last_modified END,
  next_poll = ?, retry_until = ?,
  consecutive_errors = CASE WHEN ? THEN 0 ELSE consecutive_errors + 1 END
WHERE id = ?)sql");
  if (r.status)
    q->bind(1, *r.status);
  else
    q->bind(1);
  q->bind(2, r.error);
  q->bind(3, format_iso8601(r.fetched_at));
  q->bind(4, r.success ? 1 : 0);
  q->bind(5, format_iso8601(r.fetched_at));
  q->bind(6, r.etag);
  q->bind(7, r.etag);
  q->bind(8, r.last_modified);
  q->bind(9, r.last_modified);
  bind_time(*q, 10, r.next_poll);
  bind_time(*q, 11, r.retry_until);
  q->bind(12, r.success ? 1 : 0);
  q->bind(13, feed_id);
  q->exec();
}

int64_t insert_article(Connection& c, int64_t feed_id, const NewArticle& a,
                       std::optional<int64_t> duplicate_of) {
  auto q = c.cached(R"sql(
INSERT INTO articles (feed_id, guid, url, canonical_url, title, author, published, fetched_at,
                      content, text, content_hash, duplicate_of, language)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
  q->bind(1, feed_id);
  q->bind(2, a.guid);
  q->bind(3, a.url);
  q->bind(4, a.canonical_url);
  q->bind(5, a.title);
  q->bind(6, a.author);
  bind_time(*q, 7, a.published);
  q->bind(8, format_iso8601(a.fetched_at));
  q->bind(9, a.content);
  q->bind(10, a.text);
  q->bind(11, a.content_hash);
  bind_opt(*q, 12, duplicate_of);
  q->bind(13, a.language);
  q->exec();
  return c.db().getLastInsertRowid();
}

void update_article(Connection& c, int64_t id, const NewArticle& a) {
  auto q = c.cached(R"sql(
UPDATE articles SET title = ?, author = ?, published = ?, content = ?, text = ?, content_hash = ?,
                    language = ?, version = version + 1
WHERE id = ?)sql");
  q->bind(1, a.title);
  q->bind(2, a.author);
  bind_time(*q, 3, a.published);
  q->bind(4, a.content);
  q->bind(5, a.text);
  q->bind(6, a.content_hash);
  q->bind(7, a.language);
  q->bind(8, id);
  q->exec();
}

void insert_fingerprint(Connection& c, int64_t article_id, Time fetched_at,
                        const std::vector<int64_t>& band_keys, bool staged) {
  auto q = c.cached(staged ? "INSERT OR IGNORE INTO near_duplicate_staged (span, key, article_id) "
                             "VALUES (?, ?, ?)"
                           : "INSERT OR IGNORE INTO near_duplicate_keys (span, key, article_id) "
                             "VALUES (?, ?, ?)");
  const int64_t span = near_duplicate_span(fetched_at);
  for (const int64_t key : band_keys) {
    q->bind(1, span);
    q->bind(2, key);
    q->bind(3, article_id);
    q->exec();
    q->reset();
  }
}

int64_t staged_keys(Connection& c) {
  return c.scalar("SELECT count(*) FROM near_duplicate_staged");
}

void merge_staged_keys(Connection& c) {
  // In key order, each page of near_duplicate_keys the merge touches is
  // written once.
  const auto merge = [&c] {
    c.db().exec(
        "INSERT OR IGNORE INTO near_duplicate_keys (span, key, article_id) "
        "SELECT span, key, article_id FROM near_duplicate_staged ORDER BY span, key, article_id");
    c.db().exec("DELETE FROM near_duplicate_staged");
  };
  if (c.in_transaction()) {
    merge();
    return;
  }
  // Each key's article was checked when the key was staged, and articles are
  // never deleted; checked again here, every key was a seek into articles in
  // key order, that is at random over the last 8,000 or so articles, most of
  // them past the page cache (perf, longrun_bench at 200,000 articles: 60% of
  // the merge, which was 19% of ingest). SQLite only takes this pragma
  // outside a transaction.
  c.db().exec("PRAGMA foreign_keys=OFF");
  try {
    c.transaction(merge);
  } catch (...) {
    c.db().exec("PRAGMA foreign_keys=ON");
    throw;
  }
  c.db().exec("PRAGMA foreign_keys=ON");
}

int64_t insert_claim(Connection& c, int64_t article_id, const claims::Claim& claim) {
  auto q = c.cached(R"sql(
INSERT INTO claims (article_id, subject, metric, value, low, high, qualifier, unit, period, as_of,
                    source, force, quote, start_offset, end_offset, version)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
        (SELECT version FROM articles WHERE id = ?1)))sql");
  q->bind(1, article_id);
  q->bind(2, claim.subject);
  q->bind(3, claim.metric);
  q->bind(4, claim.value);
  bind_opt(*q, 5, claim.low);
  bind_opt(*q, 6, claim.high);
  q->bind(7, claim.qualifier);
  bind_opt(*q, 8, claim.unit);
  bind_opt(*q, 9, claim.period);
  bind_opt(*q, 10, claim.as_of);
  bind_opt(*q, 11, claim.source);
  bind_opt(*q, 12, claim.force);
  q->bind(13, claim.quote);
  q->bind(14, static_cast<int64_t>(claim.start));
  q->bind(15, static_cast<int64_t>(claim.end));
  q->exec();
  return c.db().getLastInsertRowid();
}

int64_t insert_alert(Connection& c, const NewAlert& a, const std::vector<std::string>& targets) {
  int64_t id = 0;
  {
    auto q = c.cached(R"sql(
INSERT INTO alerts (uid, event, claim_id, subject, metric, unit, difference, detected_at, body)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
    q->bind(1, a.uid);
    q->bind(2, a.event);
    q->bind(3, a.claim_id);
    q->bind(4, a.subject);
    q->bind(5, a.metric);
    q->bind(6, a.unit);
    q->bind(7, a.difference);
    q->bind(8, format_iso8601(a.detected_at));
    q->bind(9, a.body);
    q->exec();
    id = c.db().getLastInsertRowid();
  }
  // A confirmation closes the open alert of the claim it names (migration 14),
  // that claim found as the ledger finds it (match_priors), so both judge alike.
  for (const auto& p : a.event == "confirmed" ? prior_refs(a.body) : std::vector<PriorRef>{}) {
    auto k = c.cached(R"sql(
UPDATE alerts SET closed = 1
WHERE event IN ('contradiction', 'divergence') AND claim_id = (
  SELECT p.id FROM claims g JOIN claims p
      ON p.article_id = ?2 AND p.subject = g.subject AND p.metric = g.metric
     AND p.unit IS g.unit AND p.value = ?3
  WHERE g.id = ?1
  ORDER BY p.quote = ?4 DESC, CASE WHEN p.quote = ?4 THEN -p.id ELSE p.id END LIMIT 1))sql");
    k->bind(1, a.claim_id);
    k->bind(2, p.article_id);
    k->bind(3, p.value);
    k->bind(4, p.quote);
    k->exec();
  }
  auto d = c.cached("INSERT INTO deliveries (alert_id, target, next_attempt) VALUES (?, ?, ?)");
  for (const auto& t : targets) {
    d->bind(1, id);
    d->bind(2, t);
    d->bind(3, format_iso8601(a.detected_at));
    d->exec();
    d->reset();
  }
  return id;
}

bool record_delivery(Connection& c, const Delivery& d) {
  auto q = c.cached(R"sql(
UPDATE deliveries SET status = ?, attempts = ?, next_attempt = ?, last_error = ?
WHERE alert_id = ? AND target = ?)sql");
  q->bind(1, to_string(d.status));
  q->bind(2, d.attempts);
  bind_time(*q, 3, d.next_attempt);
  q->bind(4, d.last_error);
  q->bind(5, d.alert_id);
  q->bind(6, d.target);
  return q->exec() > 0;
}

bool retry_alert(Connection& c, int64_t alert_id) {
  {
    auto q = c.cached(
        "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt = NULL "
        "WHERE alert_id = ? AND status = 'failed'");
    q->bind(1, alert_id);
    q->exec();
  }
  auto e = c.cached("SELECT 1 FROM alerts WHERE id = ?");
  e->bind(1, alert_id);
  return e->executeStep();
}

}  // namespace nw::storage::sqlite
