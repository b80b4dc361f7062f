// Reading rows back: the column conversions storage's readers share (internal
// to storage/sqlite/; the claim and ledger queries both read claims).
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>
#include <string>

#include "claims/claim.hpp"
#include "util/time.hpp"

namespace nw::storage::sqlite {

inline std::optional<std::string> col_opt_str(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

inline std::optional<double> col_opt_double(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getDouble();
}

inline std::optional<Time> col_time(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return parse_iso8601(c.getString());
}

// The claim's own fields from `first` on, in this order: subject, metric, value,
// low, high, qualifier, unit, period, as_of, source, force, quote.
inline void read_claim_fields(SQLite::Statement& q, int first, claims::Claim& c) {
  c.subject = q.getColumn(first).getString();
  c.metric = q.getColumn(first + 1).getString();
  c.value = q.getColumn(first + 2).getDouble();
  c.low = col_opt_double(q.getColumn(first + 3));
  c.high = col_opt_double(q.getColumn(first + 4));
  c.qualifier = q.getColumn(first + 5).getString();
  c.unit = col_opt_str(q.getColumn(first + 6));
  c.period = col_opt_str(q.getColumn(first + 7));
  c.as_of = col_opt_str(q.getColumn(first + 8));
  c.source = col_opt_str(q.getColumn(first + 9));
  c.force = col_opt_str(q.getColumn(first + 10));
  c.quote = q.getColumn(first + 11).getString();
}

}  // namespace nw::storage::sqlite
