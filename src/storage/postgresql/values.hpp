// Values to and from PostgreSQL (internal to storage/postgresql/): times as
// whole epoch seconds, NULLs for empty optionals, arrays as literals.
#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "claims/claim.hpp"
#include "util/time.hpp"

namespace nw::storage::postgresql {

// A parameter for exec_prepared: the text, or a NULL (libpqxx passes a null
// const char* as NULL). The optional must outlive the call.
inline const char* nullable(const std::optional<std::string>& v) {
  return v ? v->c_str() : nullptr;
}
inline std::optional<std::string> text_of(const std::optional<double>& v) {
  if (!v) return std::nullopt;
  return pqxx::to_string(*v);
}
inline std::optional<std::string> text_of(const std::optional<int64_t>& v) {
  if (!v) return std::nullopt;
  return std::to_string(*v);
}
inline std::optional<std::string> text_of(const std::optional<int>& v) {
  if (!v) return std::nullopt;
  return std::to_string(*v);
}
// A time as epoch seconds, for to_timestamp($n).
inline int64_t seconds(Time t) {
  return t.time_since_epoch().count();
}
inline std::optional<std::string> text_of(const std::optional<Time>& t) {
  if (!t) return std::nullopt;
  return std::to_string(seconds(*t));
}

// Columns read as `extract(epoch FROM x)::int8` (see k_epoch).
inline std::optional<Time> col_time(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return Time(std::chrono::seconds(f.as<int64_t>()));
}
inline std::optional<std::string> col_opt_str(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<std::string>();
}
inline std::optional<double> col_opt_double(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<double>();
}

// Text as PostgreSQL accepts it: feeds are outside input, and a NUL byte or a
// malformed UTF-8 sequence (which SQLite stores as it is) would make the
// server refuse the whole batch. NULs are dropped, a malformed sequence
// becomes U+FFFD.
inline std::string pg_text(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) {
      ++i;
      continue;
    }
    const std::size_t len = c < 0x80           ? 1
                            : (c >> 5) == 0x6  ? 2
                            : (c >> 4) == 0xe  ? 3
                            : (c >> 3) == 0x1e ? 4
                                               : 0;
    bool ok = len != 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 0x2;
    if (ok && len > 1) {
      // Overlong forms, surrogates and code points past U+10FFFF are malformed too.
      uint32_t cp = c & (0xff >> (len + 1));
      for (std::size_t k = 1; k < len; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
      const uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
      ok = cp >= min && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
    }
    if (!ok) {
      out += "\xef\xbf\xbd";
      ++i;
      continue;
    }
    out.append(s, i, len);
    i += len;
  }
  return out;
}

// A bigint[] literal for $n::int8[].
inline std::string int_array(const std::vector<int64_t>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(v[i]);
  }
  return out + "}";
}

// A text[] literal for $n::text[]: every element quoted, `"` and `\` escaped.
inline std::string text_array(const std::vector<std::string>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (const char ch : v[i]) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

// An array literal of numbers with NULLs ($n::int8[], $n::int4[], $n::float8[]):
// each element's text (text_of), or NULL.
inline std::string nullable_array(const std::vector<std::optional<std::string>>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += v[i] ? *v[i] : "NULL";
  }
  return out + "}";
}

// A text[] literal with NULLs for the empty optionals, for $n::text[].
inline std::string nullable_text_array(const std::vector<std::optional<std::string>>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    if (!v[i]) {
      out += "NULL";
      continue;
    }
    out += '"';
    for (const char ch : *v[i]) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

// The claim's own fields from `first` on, in this order: subject, metric, value,
// low, high, qualifier, unit, period, as_of, source, force, quote.
inline void read_claim_fields(const pqxx::row& r, int first, claims::Claim& c) {
  c.subject = r[first].as<std::string>();
  c.metric = r[first + 1].as<std::string>();
  c.value = r[first + 2].as<double>();
  c.low = col_opt_double(r[first + 3]);
  c.high = col_opt_double(r[first + 4]);
  c.qualifier = r[first + 5].as<std::string>();
  c.unit = col_opt_str(r[first + 6]);
  c.period = col_opt_str(r[first + 7]);
  c.as_of = col_opt_str(r[first + 8]);
  c.source = col_opt_str(r[first + 9]);
  c.force = col_opt_str(r[first + 10]);
  c.quote = r[first + 11].as<std::string>();
}

}  // namespace nw::storage::postgresql
