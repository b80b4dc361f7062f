// The batch calls on PostgreSQL: each one statement over arrays (unnest), so
// a poll's entries cost one round trip per call, not one per entry.
#include <algorithm>

#include "storage/postgresql/queries.hpp"
#include "storage/postgresql/values.hpp"

namespace nw::storage::postgresql {
namespace {

std::vector<std::string> texts_of(const std::vector<std::string>& v) {
  std::vector<std::string> out;
  out.reserve(v.size());
  for (const auto& s : v) out.push_back(pg_text(s));
  return out;
}

std::optional<int64_t> opt_id(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<int64_t>();
}

// Fresh ids from a table's identity sequence, as many as rows in `input` (a
// CTE with an ordinality column n), in the order of n: ids grow with the
// rows, as when they were inserted one at a time.
std::string numbered(const char* table, const std::string& input) {
  return std::string("ids AS MATERIALIZED (SELECT nextval(pg_get_serial_sequence('") + table +
         "', 'id')) AS id FROM " + input +
         "), numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM ids)";
}

}  // namespace

std::vector<std::optional<KnownArticle>> find_articles(Connection& c, Tx& tx, int64_t feed_id,
                                                       const std::vector<std::string>& guids) {
  std::vector<std::optional<KnownArticle>> out(guids.size());
  if (guids.empty()) return out;
  for (const auto& r : c.exec(tx, R"sql(
SELECT u.n, a.id, a.content_hash, a.duplicate_of
FROM unnest($2::text[]) WITH ORDINALITY AS u(guid, n)
JOIN articles a ON a.feed_id = $1 AND a.guid = u.guid)sql",
                              feed_id, text_array(texts_of(guids)))) {
    out[r[0].as<std::size_t>() - 1] =
        KnownArticle{r[1].as<int64_t>(), r[2].as<std::string>(), opt_id(r[3])};
  }
  return out;
}

std::vector<OriginalMatch> find_originals(Connection& c, Tx& tx,
                                          const std::vector<OriginalKey>& keys) {
  std::vector<OriginalMatch> out(keys.size());
  if (keys.empty()) return out;
  std::vector<std::string> urls, hashes;
  for (const auto& k : keys) {
    urls.push_back(pg_text(k.canonical_url));
    hashes.push_back(k.content_hash);
  }
  // The same lookups as find_original_by_url and _by_hash, one pair a key.
  for (const auto& r : c.exec(tx, R"sql(
SELECT u.n,
  (SELECT id FROM articles WHERE canonical_url = u.url AND canonical_url <> ''
   AND duplicate_of IS NULL ORDER BY id LIMIT 1),
  (SELECT id FROM articles WHERE content_hash = u.hash AND duplicate_of IS NULL
   ORDER BY id LIMIT 1)
FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(url, hash, n))sql",
                              text_array(urls), text_array(hashes))) {
    out[r[0].as<std::size_t>() - 1] = {opt_id(r[1]), opt_id(r[2])};
  }
  return out;
}

std::vector<std::vector<int64_t>> find_near_duplicates(Connection& c, Tx& tx,
                                                       const std::vector<BandQuery>& texts,
                                                       std::size_t limit) {
  std::vector<std::vector<int64_t>> out(texts.size());
  std::vector<int64_t> text_of_key, keys, spans;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    for (const int64_t k : texts[i].band_keys) {
      text_of_key.push_back(static_cast<int64_t>(i) + 1);
      keys.push_back(k);
    }
    spans.push_back(near_duplicate_span(texts[i].at));
  }
  if (keys.empty()) return out;
  // As near_duplicate_candidates, for every text at once: each text's keys in
  // its span and the one before, at most 64 originals a key and span, ranked
  // by the keys they share.
  for (const auto& r : c.exec(tx, R"sql(
WITH q AS (SELECT t, key FROM unnest($1::int8[], $2::int8[]) AS u(t, key)),
     s AS (SELECT n AS t, span FROM unnest($3::int8[]) WITH ORDINALITY AS v(span, n)),
     hits AS (
       SELECT q.t, b.article_id FROM q JOIN s ON s.t = q.t, (VALUES (1::int8), (0::int8)) AS back(d),
         LATERAL (SELECT article_id FROM near_duplicate_keys
                  WHERE span = s.span - back.d AND key = q.key
                  UNION SELECT article_id FROM near_duplicate_staged
                  WHERE span = s.span - back.d AND key = q.key LIMIT 64) b),
     ranked AS (
       SELECT t, article_id,
              row_number() OVER (PARTITION BY t ORDER BY count(*) DESC, article_id) AS r
       FROM hits GROUP BY t, article_id)
SELECT t, article_id FROM ranked WHERE r <= $4 ORDER BY t, r)sql",
                              int_array(text_of_key), int_array(keys), int_array(spans),
                              static_cast<int64_t>(limit))) {
    out[r[0].as<std::size_t>() - 1].push_back(r[1].as<int64_t>());
  }
  return out;
}

std::map<int64_t, std::string> article_texts(Connection& c, Tx& tx,
                                             const std::vector<int64_t>& ids) {
  std::map<int64_t, std::string> out;
  for (const int64_t id : ids) out[id];
  if (ids.empty()) return out;
  for (const auto& r :
       c.exec(tx, "SELECT id, text FROM articles WHERE id = ANY($1::int8[])", int_array(ids))) {
    out[r[0].as<int64_t>()] = r[1].as<std::string>();
  }
  return out;
}

std::map<int64_t, std::vector<claims::Claim>> claims_of_articles(Connection& c, Tx& tx,
                                                                 const std::vector<int64_t>& ids) {
  std::map<int64_t, std::vector<claims::Claim>> out;
  for (const int64_t id : ids) out[id];
  if (ids.empty()) return out;
  for (const auto& r : c.exec(tx, R"sql(
SELECT c.article_id, c.subject, c.metric, c.value, c.low, c.high, c.qualifier, c.unit, c.period,
       c.as_of, c.source, c.force, c.quote, c.start_offset, c.end_offset
FROM claims c WHERE c.article_id = ANY($1::int8[]) ORDER BY c.id)sql",
                              int_array(ids))) {
    claims::Claim claim;
    read_claim_fields(r, 1, claim);
    claim.start = r[13].as<std::size_t>();
    claim.end = r[14].as<std::size_t>();
    out[r[0].as<int64_t>()].push_back(std::move(claim));
  }
  return out;
}

std::vector<StoredArticle> insert_articles(Connection& c, Tx& tx, int64_t feed_id,
                                           const std::vector<ArticleInsert>& rows) {
  std::vector<StoredArticle> out(rows.size());
  if (rows.empty()) return out;
  std::vector<std::string> guid, url, canonical, title, author, content, text, hash, language;
  std::vector<std::optional<std::string>> published, fetched, duplicate_of, copies_row;
  for (const auto& row : rows) {
    const NewArticle& a = *row.article;
    guid.push_back(pg_text(a.guid));
    url.push_back(pg_text(a.url));
    canonical.push_back(pg_text(a.canonical_url));
    title.push_back(pg_text(a.title));
    author.push_back(pg_text(a.author));
    published.push_back(text_of(a.published));
    fetched.push_back(std::to_string(seconds(a.fetched_at)));
    content.push_back(pg_text(a.content));
    text.push_back(pg_text(a.text));
    hash.push_back(a.content_hash);
    duplicate_of.push_back(text_of(row.duplicate_of));
    copies_row.push_back(row.copies_row ? std::optional(std::to_string(*row.copies_row + 1))
                                        : std::nullopt);
    language.push_back(a.language);
  }
  // Originals first, `ON CONFLICT DO NOTHING` as insert_article: one that
  // another writer stored since the caller looked is left out here. Then the
  // copies: of a stored article, or of an original row just inserted (the
  // foreign key is checked at the end of the statement, which sees both).
  // Ids come in row order. Rows left out are stored one by one below.
  const std::string sql = "WITH " + numbered("articles", "generate_series(1, $1::int4)") + R"sql(,
input AS (
  SELECT numbered.id, u.* FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                      $8::int8[], $9::int8[], $10::text[], $11::text[],
                                      $12::text[], $13::int8[], $14::int8[], $15::text[])
    WITH ORDINALITY AS u(guid, url, canonical_url, title, author, published, fetched_at, content,
                         text, content_hash, duplicate_of, copies_row, language, n)
  JOIN numbered USING (n)),
originals AS (
  INSERT INTO articles (id, feed_id, guid, url, canonical_url, title, author, published,
                        fetched_at, content, text, content_hash, language)
  SELECT id, $2::int8, guid, url, canonical_url, title, author, to_timestamp(published),
         to_timestamp(fetched_at), content, text, content_hash, language
  FROM input WHERE duplicate_of IS NULL AND copies_row IS NULL ORDER BY n
  ON CONFLICT DO NOTHING RETURNING id),
copies AS (
  INSERT INTO articles (id, feed_id, guid, url, canonical_url, title, author, published,
                        fetched_at, content, text, content_hash, duplicate_of, language)
  SELECT i.id, $2::int8, i.guid, i.url, i.canonical_url, i.title, i.author, to_timestamp(i.published),
         to_timestamp(i.fetched_at), i.content, i.text, i.content_hash,
         coalesce(i.duplicate_of, o.id), i.language
  FROM input i LEFT JOIN input src ON src.n = i.copies_row LEFT JOIN originals o ON o.id = src.id
  WHERE i.duplicate_of IS NOT NULL OR o.id IS NOT NULL ORDER BY i.n
  RETURNING id)
SELECT i.n, i.id, o.id IS NOT NULL, k.id IS NOT NULL
FROM input i LEFT JOIN originals o ON o.id = i.id LEFT JOIN copies k ON k.id = i.id
ORDER BY i.n)sql";
  std::vector<bool> stored(rows.size());
  for (const auto& r : c.exec(
           tx, sql, static_cast<int>(rows.size()), feed_id, text_array(guid), text_array(url),
           text_array(canonical), text_array(title), text_array(author), nullable_array(published),
           nullable_array(fetched), text_array(content), text_array(text), text_array(hash),
           nullable_array(duplicate_of), nullable_array(copies_row), text_array(language))) {
    const auto i = r[0].as<std::size_t>() - 1;
    out[i].id = r[1].as<int64_t>();
    stored[i] = r[2].as<bool>() || r[3].as<bool>();
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    std::optional<int64_t> original = row.duplicate_of;
    if (row.copies_row) {
      const StoredArticle& source = out.at(*row.copies_row);
      original = source.duplicate_of.value_or(source.id);
    }
    // The rare rows left out: an original another writer stored first, and
    // copies of such a row. Stored as insert_article stores them.
    if (!stored[i]) {
      out[i] = insert_article(c, tx, feed_id, *row.article, original);
    } else {
      out[i].duplicate_of = original;
    }
  }
  return out;
}

void insert_fingerprints(Connection& c, Tx& tx, const std::vector<FingerprintInsert>& rows) {
  std::vector<int64_t> spans, keys, ids;
  for (const auto& row : rows) {
    for (const int64_t key : row.band_keys) {
      spans.push_back(near_duplicate_span(row.fetched_at));
      keys.push_back(key);
      ids.push_back(row.article_id);
    }
  }
  if (keys.empty()) return;
  c.exec(tx,
         "INSERT INTO near_duplicate_keys (span, key, article_id) "
         "SELECT * FROM unnest($1::int8[], $2::int8[], $3::int8[]) ON CONFLICT DO NOTHING",
         int_array(spans), int_array(keys), int_array(ids));
}

std::vector<int64_t> insert_claims(Connection& c, Tx& tx, const std::vector<ClaimInsert>& rows) {
  std::vector<int64_t> out(rows.size());
  if (rows.empty()) return out;
  std::vector<int64_t> article, start, end;
  std::vector<std::string> subject, metric, qualifier, quote;
  std::vector<std::optional<std::string>> value, low, high, unit, period, as_of, source, force;
  for (const auto& row : rows) {
    const claims::Claim& k = row.claim;
    article.push_back(row.article_id);
    subject.push_back(pg_text(k.subject));
    metric.push_back(k.metric);
    value.push_back(pqxx::to_string(k.value));
    low.push_back(text_of(k.low));
    high.push_back(text_of(k.high));
    qualifier.push_back(k.qualifier);
    unit.push_back(k.unit);
    period.push_back(k.period);
    as_of.push_back(k.as_of);
    source.push_back(k.source);
    force.push_back(k.force);
    quote.push_back(pg_text(k.quote));
    start.push_back(static_cast<int64_t>(k.start));
    end.push_back(static_cast<int64_t>(k.end));
  }
  // Each claim records the version of its article it was read from, as insert_claim.
  const std::string sql = "WITH " + numbered("claims", "generate_series(1, $1::int4)") + R"sql(,
input AS (
  SELECT numbered.id, u.* FROM unnest($2::int8[], $3::text[], $4::text[], $5::float8[],
                                      $6::float8[], $7::float8[], $8::text[], $9::text[],
                                      $10::text[], $11::text[], $12::text[], $13::text[],
                                      $14::text[], $15::int8[], $16::int8[])
    WITH ORDINALITY AS u(article_id, subject, metric, value, low, high, qualifier, unit, period,
                         as_of, source, force, quote, start_offset, end_offset, n)
  JOIN numbered USING (n)),
stored AS (
  INSERT INTO claims (id, article_id, subject, metric, value, low, high, qualifier, unit, period,
                      as_of, source, force, quote, start_offset, end_offset, version)
  SELECT i.id, i.article_id, i.subject, i.metric, i.value, i.low, i.high, i.qualifier, i.unit,
         i.period, i.as_of, i.source, i.force, i.quote, i.start_offset, i.end_offset, a.version
  FROM input i JOIN articles a ON a.id = i.article_id ORDER BY i.n
  RETURNING id)
SELECT i.n, i.id FROM input i JOIN stored USING (id) ORDER BY i.n)sql";
  std::size_t found = 0;
  for (const auto& r :
       c.exec(tx, sql, static_cast<int>(rows.size()), int_array(article), text_array(subject),
              text_array(metric), nullable_array(value), nullable_array(low), nullable_array(high),
              text_array(qualifier), nullable_text_array(unit), nullable_text_array(period),
              nullable_text_array(as_of), nullable_text_array(source), nullable_text_array(force),
              text_array(quote), int_array(start), int_array(end))) {
    out[r[0].as<std::size_t>() - 1] = r[1].as<int64_t>();
    ++found;
  }
  if (found != rows.size()) {
    // insert_claim fails on an article that is not stored (its foreign key): so does this.
    throw StoreError(StoreFailure::constraint, c.name() + ": " +
                                                   std::to_string(rows.size() - found) +
                                                   " claims name an article that is not stored");
  }
  return out;
}

void lock_batch(Connection& c, Tx& tx, std::vector<GroupKey> groups,
                const std::vector<int64_t>& band_keys) {
  // lock_groups then lock_bands in one statement, in the same order: the
  // ingest lock, the groups sorted, the stripes sorted. The ingest lock is
  // taken even with neither: the caller has new entries, and looks their
  // guids up again once it holds the lock.
  const auto keys = group_lock_keys(std::move(groups));
  const auto stripes = band_stripes(band_keys);
  c.exec(tx, R"sql(
SELECT count(CASE WHEN kind = 0 THEN pg_advisory_xact_lock(4, 0)
                  WHEN kind = 1 THEN pg_advisory_xact_lock(hashtextextended(k, 0))
                  ELSE pg_advisory_xact_lock(2, s::int4) END)
FROM (SELECT 0 AS kind, 0::int8 AS n, NULL::text AS k, NULL::int8 AS s
      UNION ALL SELECT 1, n, k, NULL FROM unnest($1::text[]) WITH ORDINALITY AS g(k, n)
      UNION ALL SELECT 2, n, NULL, s FROM unnest($2::int8[]) WITH ORDINALITY AS b(s, n)
      ORDER BY kind, n) sorted)sql",
         text_array(keys), int_array(stripes));
}

}  // namespace nw::storage::postgresql
