#include "storage/schema.hpp"

namespace nw::storage {

const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> k_migrations = {
      // 1: the first schema.
      R"sql(
CREATE TABLE feeds (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  last_status INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  last_fetch TEXT,
  last_success TEXT,
  next_poll TEXT,
  retry_until TEXT,
  consecutive_errors INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  feed_id INTEGER NOT NULL REFERENCES feeds(id),
  guid TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  canonical_url TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  published TEXT,
  fetched_at TEXT NOT NULL,
  content TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL,
  duplicate_of INTEGER REFERENCES articles(id),
  UNIQUE (feed_id, guid)
);
CREATE INDEX articles_canonical_url ON articles(canonical_url) WHERE canonical_url <> '';
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE TABLE claims (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id),
  subject TEXT NOT NULL,
  metric TEXT NOT NULL,
  value REAL NOT NULL,
  low REAL,
  high REAL,
  qualifier TEXT NOT NULL,
  unit TEXT,
  period TEXT,
  as_of TEXT,
  source TEXT,
  force TEXT,
  quote TEXT NOT NULL,
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL
);
CREATE INDEX claims_group ON claims(subject, metric, unit);
CREATE INDEX claims_article ON claims(article_id);
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  event TEXT NOT NULL,
  claim_id INTEGER NOT NULL REFERENCES claims(id),
  subject TEXT NOT NULL,
  metric TEXT NOT NULL,
  unit TEXT,
  difference REAL NOT NULL,
  detected_at TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE deliveries (
  alert_id INTEGER NOT NULL REFERENCES alerts(id),
  target TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt TEXT,
  last_error TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (alert_id, target)
);
CREATE INDEX deliveries_due ON deliveries(status, next_attempt);
)sql",
      // 2: permanent redirects. `url` is the URL polled (a feed that moved keeps
      // its new one); `config_url` the configured one, so an edit still wins.
      R"sql(
ALTER TABLE feeds ADD COLUMN config_url TEXT NOT NULL DEFAULT '';
ALTER TABLE feeds ADD COLUMN moved_to TEXT NOT NULL DEFAULT '';
ALTER TABLE feeds ADD COLUMN moved_streak INTEGER NOT NULL DEFAULT 0;
UPDATE feeds SET config_url = url;
)sql",
      // 3: near-duplicate detection (LSH band keys of original articles) and
      // article versions.
      R"sql(
CREATE TABLE fingerprint_bands (
  key INTEGER NOT NULL,
  article_id INTEGER NOT NULL REFERENCES articles(id),
  PRIMARY KEY (key, article_id)
) WITHOUT ROWID;
ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
DROP INDEX claims_group;
CREATE INDEX claims_group_value ON claims(subject, metric, unit, value);
)sql",
      // 4: the language an article is written in (the feed's, or detected):
      // which rule pack read it. '' for articles stored before.
      R"sql(
ALTER TABLE articles ADD COLUMN language TEXT NOT NULL DEFAULT '';
)sql",
      // 5: the originals lookups (by canonical URL, by text hash) index only
      // originals, so thousands of copies of one text do not make each lookup a scan.
      R"sql(
DROP INDEX articles_canonical_url;
DROP INDEX articles_content_hash;
CREATE INDEX articles_original_url ON articles(canonical_url)
  WHERE canonical_url <> '' AND duplicate_of IS NULL;
CREATE INDEX articles_original_hash ON articles(content_hash) WHERE duplicate_of IS NULL;
)sql",
      // 6: retention ([storage] keep_text, Store::prune): how far it has got.
      // Bodies are dropped walking article ids upwards (ids grow with fetched_at),
      // so no index on fetched_at is kept for it; near-duplicate keys are dropped
      // by sweeping the key space in slices, a cycle at a time, so
      // fingerprint_bands needs no index on article_id either.
      R"sql(
CREATE TABLE retention (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  bodies_through INTEGER NOT NULL DEFAULT 0,  -- every article up to this id was considered
  key_slice INTEGER NOT NULL DEFAULT 0,       -- the next slice of the key space to sweep
  cycle_through INTEGER NOT NULL DEFAULT 0,   -- bodies_through when this sweep cycle began
  keys_through INTEGER NOT NULL DEFAULT 0     -- keys of articles up to this id are all gone
);
INSERT INTO retention (id) VALUES (1);
)sql",
      // 7: the ledger group by group (StoreReader::ledger_groups, ledger_group): a
      // group's alerts are read by their claims, and the few articles updated
      // since first stored are found without reading every article.
      R"sql(
CREATE INDEX alerts_claim ON alerts(claim_id);
CREATE INDEX articles_updated ON articles(version) WHERE version > 1;
)sql",
      // 8: near-duplicate keys clustered by the span of 4 days (since 1970, UTC)
      // their article was fetched in, then by key (storage/store.hpp,
      // near_duplicate_span). Keyed by hash alone, every commit wrote pages spread
      // over the whole table, so ingest slowed as it grew; now a span's inserts
      // fill one region, lookups read two spans, and retention drops old spans
      // from the front. retention.key_slice, cycle_through and keys_through, the
      // old sweep's marks, are no longer used. No ORDER BY: read in key order,
      // the rows fill each span's region in key order anyway, and sorting them
      // first took longer and more memory (240,000 articles, 2.6 million keys:
      // 19 s and a 102 MB peak, against 26 s and 201 MB sorted).
      R"sql(
CREATE TABLE near_duplicate_keys (
  span INTEGER NOT NULL,
  key INTEGER NOT NULL,
  article_id INTEGER NOT NULL REFERENCES articles(id),
  PRIMARY KEY (span, key, article_id)
) WITHOUT ROWID;
INSERT INTO near_duplicate_keys (span, key, article_id)
  SELECT CAST(strftime('%s', a.fetched_at) AS INTEGER) / 86400 / 4, b.key, b.article_id
  FROM fingerprint_bands b JOIN articles a ON a.id = b.article_id;
DROP TABLE fingerprint_bands;
)sql",
      // 9: the record (issue 19): the article version a claim was read from, so
      // that a revision keeps both figures and says which version changed it.
      R"sql(
ALTER TABLE claims ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
)sql",
      // 10: the origin chain (issue 19) lists the copies of an article a claim
      // came from: they are found by the article they copy.
      R"sql(
CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
)sql",
      // 11: what the ledger's index asks of each group, kept as claims, alerts,
      // deliveries and copies are stored (StoreReader::ledger_groups,
      // change_token): one row a group. Computed from the tables on every
      // request, the index cost grew with the database (claims, copies, alerts
      // and deliveries joined: 42 ms of SQL at 80,000 articles of longrun_bench,
      // a count of every article in the change token). `revisions` counts
      // updates of its claims' articles, `copies` copies of them stored,
      // `deliveries` changes of its alerts' deliveries: counters that only say
      // "changed". Claims and alerts are never deleted (retention keeps them).
      R"sql(
CREATE TABLE ledger_groups (
  subject TEXT NOT NULL,
  metric TEXT NOT NULL,
  unit TEXT,
  claims INTEGER NOT NULL DEFAULT 0,
  last_claim INTEGER NOT NULL DEFAULT 0,
  alerts INTEGER NOT NULL DEFAULT 0,
  last_alert INTEGER NOT NULL DEFAULT 0,
  revisions INTEGER NOT NULL DEFAULT 0,
  copies INTEGER NOT NULL DEFAULT 0,
  deliveries INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ledger_groups_key ON ledger_groups(subject, metric);
INSERT INTO ledger_groups (subject, metric, unit, claims, last_claim)
  SELECT subject, metric, unit, count(*), max(id) FROM claims GROUP BY subject, metric, unit;
UPDATE ledger_groups SET
  alerts = (SELECT count(*) FROM alerts a JOIN claims c ON c.id = a.claim_id
            WHERE c.subject = ledger_groups.subject AND c.metric = ledger_groups.metric
              AND c.unit IS ledger_groups.unit),
  last_alert = (SELECT coalesce(max(a.id), 0) FROM alerts a JOIN claims c ON c.id = a.claim_id
                WHERE c.subject = ledger_groups.subject AND c.metric = ledger_groups.metric
                  AND c.unit IS ledger_groups.unit);
CREATE TRIGGER ledger_groups_claim AFTER INSERT ON claims BEGIN
  INSERT INTO ledger_groups (subject, metric, unit)
    SELECT NEW.subject, NEW.metric, NEW.unit WHERE NOT EXISTS (
      SELECT 1 FROM ledger_groups
      WHERE subject = NEW.subject AND metric = NEW.metric AND unit IS NEW.unit);
  UPDATE ledger_groups SET claims = claims + 1, last_claim = max(last_claim, NEW.id)
    WHERE subject = NEW.subject AND metric = NEW.metric AND unit IS NEW.unit;
END;
CREATE TRIGGER ledger_groups_alert AFTER INSERT ON alerts BEGIN
  UPDATE ledger_groups SET alerts = alerts + 1, last_alert = max(last_alert, NEW.id)
    WHERE rowid IN (SELECT g.rowid FROM claims c JOIN ledger_groups g ON g.subject = c.subject
                    AND g.metric = c.metric AND g.unit IS c.unit WHERE c.id = NEW.claim_id);
END;
CREATE TRIGGER ledger_groups_delivery AFTER UPDATE OF status, attempts ON deliveries BEGIN
  UPDATE ledger_groups SET deliveries = deliveries + 1
    WHERE rowid IN (SELECT g.rowid FROM alerts a JOIN claims c ON c.id = a.claim_id
                    JOIN ledger_groups g ON g.subject = c.subject AND g.metric = c.metric
                    AND g.unit IS c.unit WHERE a.id = NEW.alert_id);
END;
CREATE TRIGGER ledger_groups_revision AFTER UPDATE OF version ON articles
WHEN NEW.version IS NOT OLD.version BEGIN
  UPDATE ledger_groups SET revisions = revisions + 1
    WHERE rowid IN (SELECT g.rowid FROM claims c JOIN ledger_groups g ON g.subject = c.subject
                    AND g.metric = c.metric AND g.unit IS c.unit WHERE c.article_id = NEW.id);
END;
CREATE TRIGGER ledger_groups_copy AFTER INSERT ON articles WHEN NEW.duplicate_of IS NOT NULL BEGIN
  UPDATE ledger_groups SET copies = copies + 1
    WHERE rowid IN (SELECT g.rowid FROM claims c JOIN ledger_groups g ON g.subject = c.subject
                    AND g.metric = c.metric AND g.unit IS c.unit
                    WHERE c.article_id = NEW.duplicate_of);
END;
)sql",
      // 12: a group's claims by id: what joined a group since the ledger last
      // read it (StoreReader::ledger_group_since), and `claims --subject`
      // (subjects found in ledger_groups, then their claims), without reading
      // a whole group or every claim (the subject query read all claims: 9 ms
      // at 80,000 articles of longrun_bench, growing with them).
      R"sql(
CREATE INDEX claims_group_id ON claims(subject, metric, unit, id);
)sql",
      // 13: near-duplicate keys are staged in a small table and merged into
      // near_duplicate_keys, sorted, when it holds 100,000
      // (sqlite::merge_staged_keys). Filed one by one, each key landed on a
      // random page of its span's region, and every commit wrote those pages
      // to the WAL (and its checkpoint back): 35% of ingest at 60,000
      // articles of longrun_bench, growing with the span. A merge writes each
      // page it touches once for many commits. Lookups, the band filter and
      // retention read both tables.
      R"sql(
CREATE TABLE near_duplicate_staged (
  span INTEGER NOT NULL,
  key INTEGER NOT NULL,
  article_id INTEGER NOT NULL REFERENCES articles(id),
  PRIMARY KEY (span, key, article_id)
) WITHOUT ROWID;
)sql",
      // 14: judging against a bounded part of a group (pipeline/priors.hpp).
      // A new figure was judged against every claim and alert of its group:
      // past the writer's group cache, one article row and one alert body per
      // stored figure for every new one (ingest 0.014x of its first day at
      // 700,000 articles of longrun_bench). Now it reads the claims nearest
      // its value (claims_group_value), the open bounds and ranges that may
      // reach it (claims_open_bounds, which holds only those) and the group's
      // open alerts: `closed` marks a contradiction or divergence whose claim
      // a `confirmed` alert names as its prior (matched as the ledger's
      // match_priors does: the prior's article and value, its quote first),
      // set by insert_alert from now on and here for the alerts stored before
      // (the last claim with the prior's quote, else the first with its value).
      R"sql(
ALTER TABLE alerts ADD COLUMN closed INTEGER NOT NULL DEFAULT 0;
UPDATE alerts SET closed = 1
WHERE event IN ('contradiction', 'divergence') AND claim_id IN (
  SELECT coalesce(
    (SELECT max(p.id) FROM claims g JOIN claims p
        ON p.article_id = json_extract(k.body, '$.prior[0].article.id')
       AND p.subject = g.subject AND p.metric = g.metric AND p.unit IS g.unit
       AND p.value = json_extract(k.body, '$.prior[0].value')
       AND p.quote = json_extract(k.body, '$.prior[0].quote')
     WHERE g.id = k.claim_id),
    (SELECT min(p.id) FROM claims g JOIN claims p
        ON p.article_id = json_extract(k.body, '$.prior[0].article.id')
       AND p.subject = g.subject AND p.metric = g.metric AND p.unit IS g.unit
       AND p.value = json_extract(k.body, '$.prior[0].value')
     WHERE g.id = k.claim_id))
  FROM alerts k WHERE k.event = 'confirmed' AND json_valid(k.body));
CREATE INDEX alerts_open ON alerts(subject, metric)
  WHERE closed = 0 AND event IN ('contradiction', 'divergence');
CREATE INDEX claims_open_bounds ON claims(subject, metric, unit, id)
  WHERE qualifier NOT IN ('exact', 'approx', 'nearly', 'vague');
)sql",
      // 15: the originals' text hash indexed by its first 16 hex digits (64
      // bits), not all 64: the database is 2.4% smaller an article at
      // 1,000,000 articles of longrun_bench. Ingest is no faster (README,
      // "Speed"): every new original still lands on a random leaf, whatever
      // the key's size. The lookup compares the whole hash on the rows it finds.
      R"sql(
DROP INDEX articles_original_hash;
CREATE INDEX articles_original_hash ON articles(substr(content_hash, 1, 16))
  WHERE duplicate_of IS NULL;
)sql",
  };
  return k_migrations;
}

}  // namespace nw::storage
