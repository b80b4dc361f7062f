// Which near-duplicate band keys the current spans may hold (internal to
// storage/sqlite/): a Bloom filter per span, kept by the one writer.
// Nearly every new article shares no band with any stored one, yet each of its
// 24 lookups (12 keys in two spans) was an index seek into a span grown larger
// than the page cache, and those seeks grew with the span (perf: most of what
// ingest spent on near-duplicates at 200,000 articles). The filter answers
// most of them from memory; a key it may hold is still looked up.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "storage/sqlite/connection.hpp"

namespace nw::storage::sqlite {

class BandFilter {
 public:
  // Before a round of may_hold: another connection's commit starts over.
  void sync(Connection& c);
  // False when no key `key` is filed under `span`. Reads the span's keys the
  // first time it is asked about.
  bool may_hold(Connection& c, int64_t span, int64_t key);
  // A key just filed (on this connection). Keys of rolled-back or pruned rows
  // stay in the filter: a lookup then finds nothing, as without it.
  void add(Connection& c, int64_t span, int64_t key);
  // How many keys the span holds, when its filter is made (nullopt otherwise).
  std::optional<std::size_t> keys(int64_t span) const;

 private:
  struct Filter {
    std::vector<uint64_t> words;
    std::size_t keys = 0;
  };
  // Builds the span's filter from its keys in the database, sized for `at_least` keys.
  void build(Connection& c, int64_t span, std::size_t at_least);
  static void set(Filter& f, int64_t key);
  static bool test(const Filter& f, int64_t key);

  std::map<int64_t, Filter> m_spans;
  int64_t m_data_version = -1;
};

}  // namespace nw::storage::sqlite
