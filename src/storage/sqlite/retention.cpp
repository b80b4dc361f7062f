// Retention on SQLite ([storage] keep_text): article bodies and near-duplicate
// keys dropped in small steps, and the space given back (incremental vacuum).
// Where it has got is kept in the one-row `retention` table (migration 6).
#include "dedup/fingerprint.hpp"
#include "storage/sqlite/queries.hpp"

namespace nw::storage::sqlite {
namespace {

// How far the walk over bodies has got. (The table's key_slice, cycle_through
// and keys_through columns served the key sweep before migration 8 and are unused.)
struct Marks {
  int64_t bodies_through = 0;
};

Marks read_marks(Connection& c) {
  auto q = c.cached("SELECT bodies_through FROM retention WHERE id = 1");
  Marks m;
  if (q->executeStep()) m.bodies_through = q->getColumn(0).getInt64();
  return m;
}

void write_marks(Connection& c, const Marks& m) {
  auto q = c.cached("UPDATE retention SET bodies_through = ? WHERE id = 1");
  q->bind(1, m.bodies_through);
  q->exec();
}

// Drops the bodies of the next `batch` articles past the mark that are older
// than `cutoff` and have no claims; moves the mark. True when it reached an
// article fetched at or after the cutoff, or the last article.
bool prune_bodies(Connection& c, const std::string& cutoff, std::size_t batch, Marks& m,
                  PruneStats& stats) {
  std::vector<int64_t> drop;
  std::size_t seen = 0;
  bool reached_end = false;
  {
    auto q = c.cached(R"sql(
SELECT a.id, a.fetched_at, length(a.content) + length(a.text),
       EXISTS (SELECT 1 FROM claims c WHERE c.article_id = a.id)
FROM articles a WHERE a.id > ? ORDER BY a.id LIMIT ?)sql");
    q->bind(1, m.bodies_through);
    q->bind(2, static_cast<int64_t>(batch));
    while (q->executeStep()) {
      ++seen;
      // ISO 8601 UTC text in one format (format_iso8601) sorts as time does.
      if (q->getColumn(1).getString() >= cutoff) {
        reached_end = true;
        break;
      }
      m.bodies_through = q->getColumn(0).getInt64();
      const int64_t bytes = q->getColumn(2).getInt64();
      // An article a claim was read from keeps its text: the claim's offsets point into it.
      if (bytes > 0 && q->getColumn(3).getInt() == 0) {
        drop.push_back(m.bodies_through);
        stats.text_bytes += bytes;
      }
    }
  }
  auto blank = c.cached("UPDATE articles SET content = '', text = '' WHERE id = ?");
  for (const int64_t id : drop) {
    blank->bind(1, id);
    blank->exec();
    blank->reset();
  }
  stats.articles += static_cast<int64_t>(drop.size());
  return reached_end || seen < batch;
}

// Drops at most `batch` near-duplicate keys filed under spans before `cutoff`'s
// (the table is clustered by span, so these are its first rows). True when none is left.
bool prune_keys(Connection& c, Time cutoff, std::size_t batch, PruneStats& stats) {
  // Staged keys of old spans first (a few at most: the table is merged often).
  {
    auto staged = c.cached("DELETE FROM near_duplicate_staged WHERE span < ?");
    staged->bind(1, near_duplicate_span(cutoff));
    stats.band_keys += staged->exec();
  }
  auto q = c.cached(R"sql(
DELETE FROM near_duplicate_keys WHERE (span, key, article_id) IN (
  SELECT span, key, article_id FROM near_duplicate_keys WHERE span < ?1
  ORDER BY span, key LIMIT ?2))sql");
  q->bind(1, near_duplicate_span(cutoff));
  q->bind(2, static_cast<int64_t>(batch));
  const int deleted = q->exec();
  stats.band_keys += deleted;
  return static_cast<std::size_t>(deleted) < batch;
}

int64_t pragma(Connection& c, const std::string& name) {
  return c.db().execAndGet("PRAGMA " + name).getInt64();
}

}  // namespace

PruneStats prune(Connection& c, Time cutoff, std::size_t batch) {
  PruneStats stats;
  Marks m = read_marks(c);
  const bool bodies_done = prune_bodies(c, format_iso8601(cutoff), batch, m, stats);
  const bool keys_done = prune_keys(c, cutoff, batch * dedup::k_bands, stats);
  write_marks(c, m);
  stats.done = bodies_done && keys_done;
  return stats;
}

PruneStats prune_preview(Connection& c, Time cutoff) {
  const Marks m = read_marks(c);
  const std::string before = format_iso8601(cutoff);
  PruneStats stats;
  // Where the walk would stop: the first article past the mark fetched at or after the cutoff.
  int64_t through = 0;
  {
    auto q = c.cached(R"sql(
SELECT coalesce((SELECT min(id) - 1 FROM articles WHERE id > ? AND fetched_at >= ?),
                (SELECT max(id) FROM articles), 0))sql");
    q->bind(1, m.bodies_through);
    q->bind(2, before);
    q->executeStep();
    through = q->getColumn(0).getInt64();
  }
  {
    auto q = c.cached(R"sql(
SELECT count(*), coalesce(sum(length(a.content) + length(a.text)), 0) FROM articles a
WHERE a.id > ? AND a.id <= ? AND length(a.content) + length(a.text) > 0
  AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.article_id = a.id))sql");
    q->bind(1, m.bodies_through);
    q->bind(2, through);
    q->executeStep();
    stats.articles = q->getColumn(0).getInt64();
    stats.text_bytes = q->getColumn(1).getInt64();
  }
  auto q = c.cached(
      "SELECT (SELECT count(*) FROM near_duplicate_keys WHERE span < ?1) + "
      "(SELECT count(*) FROM near_duplicate_staged WHERE span < ?1)");
  q->bind(1, near_duplicate_span(cutoff));
  q->executeStep();
  stats.band_keys = q->getColumn(0).getInt64();
  stats.done = stats.articles == 0 && stats.band_keys == 0;
  return stats;
}

int64_t reclaim_space(Connection& c, std::size_t max_pages, bool convert) {
  const int64_t page_size = pragma(c, "page_size");
  const int64_t before = pragma(c, "page_count");
  constexpr int64_t k_incremental = 2;
  if (pragma(c, "auto_vacuum") != k_incremental) {
    if (!convert) return 0;
    // Takes effect only through a VACUUM, which rewrites the whole file once.
    c.db().exec("PRAGMA auto_vacuum=INCREMENTAL");
    c.db().exec("VACUUM");
  } else {
    // exec() steps the pragma to its end: each step frees one page.
    c.db().exec("PRAGMA incremental_vacuum" +
                (max_pages ? "(" + std::to_string(max_pages) + ")" : std::string()));
  }
  if (convert) c.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");  // so the file shrinks now
  return (before - pragma(c, "page_count")) * page_size;
}

}  // namespace nw::storage::sqlite
