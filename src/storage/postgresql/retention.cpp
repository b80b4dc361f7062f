// Retention on PostgreSQL ([storage] keep_text): article bodies and
// near-duplicate keys dropped in small steps, as on SQLite (sqlite/retention.cpp).
// Where it has got is kept in the one-row `retention` table (migration 3), which
// a step locks: pruning daemons take turns.
#include <algorithm>

#include "dedup/fingerprint.hpp"
#include "storage/postgresql/queries.hpp"
#include "storage/postgresql/values.hpp"

namespace nw::storage::postgresql {
namespace {

// How far the walk over bodies has got. (The table's key_slice, cycle_through
// and keys_through columns served the key sweep before migration 4 and are unused.)
struct Marks {
  int64_t bodies_through = 0;
};

Marks read_marks(Connection& c, Tx& tx, bool lock) {
  const std::string sql = "SELECT bodies_through FROM retention WHERE id = 1";
  const auto r = c.exec(tx, lock ? sql + " FOR UPDATE" : sql);
  if (r.empty()) return {};
  return {r[0][0].as<int64_t>()};
}

void write_marks(Connection& c, Tx& tx, const Marks& m) {
  c.exec(tx, "UPDATE retention SET bodies_through = $1 WHERE id = 1", m.bodies_through);
}

// Drops the bodies of the next `batch` articles past the mark that are older
// than `cutoff` and have no claims; moves the mark. True when it reached an
// article fetched at or after the cutoff, or the last article. The walk stops
// at the first article not yet old: one another writer is storing now (whose
// id may be lower than a committed one's) is never passed.
bool prune_bodies(Connection& c, Tx& tx, Time cutoff, std::size_t batch, Marks& m,
                  PruneStats& stats) {
  std::vector<int64_t> drop;
  std::size_t seen = 0;
  bool reached_end = false;
  for (const auto& r : c.exec(tx, R"sql(
SELECT a.id, a.fetched_at >= to_timestamp($2), octet_length(a.content) + octet_length(a.text),
       EXISTS (SELECT 1 FROM claims c WHERE c.article_id = a.id)
FROM articles a WHERE a.id > $1 ORDER BY a.id LIMIT $3)sql",
                              m.bodies_through, seconds(cutoff), static_cast<int64_t>(batch))) {
    ++seen;
    if (r[1].as<bool>()) {
      reached_end = true;
      break;
    }
    m.bodies_through = r[0].as<int64_t>();
    // An article a claim was read from keeps its text: the claim's offsets point into it.
    if (r[2].as<int64_t>() > 0 && !r[3].as<bool>()) drop.push_back(m.bodies_through);
  }
  if (!drop.empty()) {
    // A writer storing a claim holds a key-share lock on its article until it
    // commits; this waits for it, so the next statement (a new snapshot) sees the claim.
    const auto ids = int_array(drop);
    c.exec(tx, "SELECT 1 FROM articles WHERE id = ANY($1::int8[]) ORDER BY id FOR UPDATE", ids);
    for (const auto& r : c.exec(tx, R"sql(
UPDATE articles a SET content = '', text = ''
FROM (SELECT id, octet_length(content) + octet_length(text) AS bytes FROM articles
      WHERE id = ANY($1::int8[])) o
WHERE a.id = o.id AND o.bytes > 0
  AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.article_id = a.id)
RETURNING o.bytes)sql",
                                ids)) {
      stats.text_bytes += r[0].as<int64_t>();
      ++stats.articles;
    }
  }
  return reached_end || seen < batch;
}

// Drops at most `batch` near-duplicate keys filed under spans before `cutoff`'s
// (the primary key leads with the span, so these are its first entries). True
// when none is left.
bool prune_keys(Connection& c, Tx& tx, Time cutoff, std::size_t batch, PruneStats& stats) {
  // Staged keys (only `newswatch migrate` writes them here) of old spans first.
  stats.band_keys += static_cast<int64_t>(
      c.exec(tx, "DELETE FROM near_duplicate_staged WHERE span < $1", near_duplicate_span(cutoff))
          .affected_rows());
  const auto deleted = c.exec(tx, R"sql(
DELETE FROM near_duplicate_keys WHERE (span, key, article_id) IN (
  SELECT span, key, article_id FROM near_duplicate_keys WHERE span < $1
  ORDER BY span, key LIMIT $2))sql",
                              near_duplicate_span(cutoff), static_cast<int64_t>(batch))
                           .affected_rows();
  stats.band_keys += static_cast<int64_t>(deleted);
  return static_cast<std::size_t>(deleted) < batch;
}

}  // namespace

PruneStats prune(Connection& c, Tx& tx, Time cutoff, std::size_t batch) {
  PruneStats stats;
  Marks m = read_marks(c, tx, true);
  const bool bodies_done = prune_bodies(c, tx, cutoff, batch, m, stats);
  const bool keys_done = prune_keys(c, tx, cutoff, batch * dedup::k_bands, stats);
  write_marks(c, tx, m);
  stats.done = bodies_done && keys_done;
  return stats;
}

PruneStats prune_preview(Connection& c, Tx& tx, Time cutoff) {
  const Marks m = read_marks(c, tx, false);
  PruneStats stats;
  // Where the walk would stop: the first article past the mark fetched at or after the cutoff.
  const auto through = c.exec(tx, R"sql(
SELECT coalesce((SELECT min(id) - 1 FROM articles WHERE id > $1 AND fetched_at >= to_timestamp($2)),
                (SELECT max(id) FROM articles), 0))sql",
                              m.bodies_through, seconds(cutoff))[0][0]
                           .as<int64_t>();
  const auto bodies = c.exec(tx, R"sql(
SELECT count(*), coalesce(sum(octet_length(a.content) + octet_length(a.text)), 0) FROM articles a
WHERE a.id > $1 AND a.id <= $2 AND octet_length(a.content) + octet_length(a.text) > 0
  AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.article_id = a.id))sql",
                             m.bodies_through, through);
  stats.articles = bodies[0][0].as<int64_t>();
  stats.text_bytes = bodies[0][1].as<int64_t>();
  stats.band_keys = c.exec(tx,
                           "SELECT (SELECT count(*) FROM near_duplicate_keys WHERE span < $1) + "
                           "(SELECT count(*) FROM near_duplicate_staged WHERE span < $1)",
                           near_duplicate_span(cutoff))[0][0]
                        .as<int64_t>();
  stats.done = stats.articles == 0 && stats.band_keys == 0;
  return stats;
}

}  // namespace nw::storage::postgresql
