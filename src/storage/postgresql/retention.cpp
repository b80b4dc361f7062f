// Retention on PostgreSQL ([storage] keep_text): article bodies and
// near-duplicate keys dropped in small steps, as on SQLite (sqlite/retention.cpp).
// Where it has got is kept in the one-row `retention` table (migration 3), which
// a step locks: pruning daemons take turns.
#include <algorithm>

#include "storage/key_slices.hpp"
#include "storage/postgresql/queries.hpp"
#include "storage/postgresql/values.hpp"

namespace nw::storage::postgresql {
namespace {

struct Marks {
  int64_t bodies_through = 0;
  int64_t key_slice = 0;
  int64_t cycle_through = 0;
  int64_t keys_through = 0;
};

Marks read_marks(Connection& c, Tx& tx, bool lock) {
  const std::string sql =
      "SELECT bodies_through, key_slice, cycle_through, keys_through FROM retention WHERE id = 1";
  const auto r = c.exec(tx, lock ? sql + " FOR UPDATE" : sql);
  if (r.empty()) return {};
  return {r[0][0].as<int64_t>(), r[0][1].as<int64_t>(), r[0][2].as<int64_t>(),
          r[0][3].as<int64_t>()};
}

void write_marks(Connection& c, Tx& tx, const Marks& m) {
  c.exec(tx,
         "UPDATE retention SET bodies_through = $1, key_slice = $2, cycle_through = $3, "
         "keys_through = $4 WHERE id = 1",
         m.bodies_through, m.key_slice, m.cycle_through, m.keys_through);
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

// Sweeps one slice of the key space: drops the keys of articles up to the
// bodies mark. A cycle over every slice begun at mark M leaves no key of an
// article up to M; a cycle begins only when the mark has moved since the last.
void prune_keys(Connection& c, Tx& tx, Marks& m, PruneStats& stats) {
  if (m.key_slice == 0) {
    if (m.keys_through >= m.bodies_through) return;  // nothing became old since
    m.cycle_through = m.bodies_through;
  }
  const auto [lo, hi] = slice_bounds(m.key_slice);
  stats.band_keys +=
      c.exec(tx, "DELETE FROM fingerprint_bands WHERE key BETWEEN $1 AND $2 AND article_id <= $3",
             lo, hi, m.bodies_through)
          .affected_rows();
  if (++m.key_slice == static_cast<int64_t>(k_key_slices)) {
    m.key_slice = 0;
    m.keys_through = m.cycle_through;
  }
}

}  // namespace

PruneStats prune(Connection& c, Tx& tx, Time cutoff, std::size_t batch) {
  PruneStats stats;
  Marks m = read_marks(c, tx, true);
  const bool bodies_done = prune_bodies(c, tx, cutoff, batch, m, stats);
  prune_keys(c, tx, m, stats);
  write_marks(c, tx, m);
  stats.done = bodies_done && m.keys_through >= m.bodies_through && m.key_slice == 0;
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
  stats.band_keys = c.exec(tx, "SELECT count(*) FROM fingerprint_bands WHERE article_id <= $1",
                           std::max(through, m.bodies_through))[0][0]
                        .as<int64_t>();
  stats.done = stats.articles == 0 && stats.band_keys == 0;
  return stats;
}

}  // namespace nw::storage::postgresql
