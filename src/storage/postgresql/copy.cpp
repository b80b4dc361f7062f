// migrate_to_postgresql (storage/migrate.hpp): reads the SQLite store through
// its own read-only connection and writes batches with unnest() arrays, one
// round trip per batch, each row ON CONFLICT DO NOTHING so that a second run
// (or one after an interrupted first) adds only what is missing.
#include <algorithm>

#include "storage/migrate.hpp"
#include "storage/postgresql/connection.hpp"
#include "storage/schema.hpp"
#include "storage/sqlite/connection.hpp"

namespace nw::storage {
namespace {

constexpr int k_batch_rows = 500;

// One column: its name in both stores and its PostgreSQL type (values cross as text).
struct Column {
  const char* name;
  const char* type;
};

struct Table {
  const char* name;
  const char* order;  // the SQLite ORDER BY: referenced rows first
  bool identity;      // has an identity id whose sequence must pass the copied ids
  std::vector<Column> columns;
};

const std::vector<Table>& tables() {
  static const std::vector<Table> k_tables = {
      {"feeds",
       "id",
       true,
       {{"id", "bigint"},
        {"name", "text"},
        {"url", "text"},
        {"config_url", "text"},
        {"etag", "text"},
        {"last_modified", "text"},
        {"last_status", "integer"},
        {"last_error", "text"},
        {"last_fetch", "timestamptz"},
        {"last_success", "timestamptz"},
        {"next_poll", "timestamptz"},
        {"retry_until", "timestamptz"},
        {"consecutive_errors", "integer"},
        {"moved_to", "text"},
        {"moved_streak", "integer"}}},
      {"articles",
       "id",
       true,
       {{"id", "bigint"},
        {"feed_id", "bigint"},
        {"guid", "text"},
        {"url", "text"},
        {"canonical_url", "text"},
        {"title", "text"},
        {"author", "text"},
        {"published", "timestamptz"},
        {"fetched_at", "timestamptz"},
        {"content", "text"},
        {"text", "text"},
        {"content_hash", "text"},
        {"duplicate_of", "bigint"},
        {"version", "integer"},
        {"language", "text"}}},
      {"near_duplicate_keys",
       "span, key, article_id",
       false,
       {{"span", "bigint"}, {"key", "bigint"}, {"article_id", "bigint"}}},
      {"near_duplicate_staged",
       "span, key, article_id",
       false,
       {{"span", "bigint"}, {"key", "bigint"}, {"article_id", "bigint"}}},
      {"claims",
       "id",
       true,
       {{"id", "bigint"},
        {"article_id", "bigint"},
        {"subject", "text"},
        {"metric", "text"},
        {"value", "double precision"},
        {"low", "double precision"},
        {"high", "double precision"},
        {"qualifier", "text"},
        {"unit", "text"},
        {"period", "text"},
        {"as_of", "text"},
        {"source", "text"},
        {"force", "text"},
        {"quote", "text"},
        {"start_offset", "bigint"},
        {"end_offset", "bigint"},
        {"version", "integer"}}},
      {"alerts",
       "id",
       true,
       {{"id", "bigint"},
        {"uid", "text"},
        {"event", "text"},
        {"claim_id", "bigint"},
        {"subject", "text"},
        {"metric", "text"},
        {"unit", "text"},
        {"difference", "double precision"},
        {"detected_at", "timestamptz"},
        {"body", "text"},
        {"closed", "boolean"}}},
      {"deliveries",
       "alert_id, target",
       false,
       {{"alert_id", "bigint"},
        {"target", "text"},
        {"status", "text"},
        {"attempts", "integer"},
        {"next_attempt", "timestamptz"},
        {"last_error", "text"}}},
  };
  return k_tables;
}

// A text[] literal element: NULL, or the value quoted with `"` and `\` escaped.
void append_element(std::string& array, const SQLite::Column& value) {
  if (array.size() > 1) array += ',';
  if (value.isNull()) {
    array += "NULL";
    return;
  }
  array += '"';
  for (const char ch : value.getString()) {
    if (ch == '"' || ch == '\\') array += '\\';
    array += ch;
  }
  array += '"';
}

// INSERT INTO t (cols) SELECT $1::type, ... FROM unnest($1::text[], ...) ON CONFLICT DO NOTHING.
std::string insert_sql(const Table& t) {
  std::string names, casts, arrays;
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    const std::string sep = i ? ", " : "";
    names += sep + t.columns[i].name;
    casts += sep + "u." + t.columns[i].name + "::" + t.columns[i].type;
    arrays += sep + "$" + std::to_string(i + 1) + "::text[]";
  }
  return "INSERT INTO " + std::string(t.name) + " (" + names + ") SELECT " + casts +
         " FROM unnest(" + arrays + ") AS u(" + names + ") ON CONFLICT DO NOTHING";
}

std::string select_sql(const Table& t) {
  std::string names;
  for (const auto& c : t.columns) names += std::string(names.empty() ? "" : ", ") + c.name;
  return "SELECT " + names + " FROM " + t.name + " ORDER BY " + t.order;
}

// Copies one table in batches; returns the rows read.
int64_t copy_table(sqlite::Connection& from, postgresql::Connection& to, const Table& t,
                   const MigrateProgress& progress) {
  const int64_t total = from.guard("cannot read the database", [&] {
    return from.db().execAndGet("SELECT count(*) FROM " + std::string(t.name)).getInt64();
  });
  const auto sql = insert_sql(t);
  SQLite::Statement q(from.db(), select_sql(t));
  int64_t done = 0;
  for (bool more = true; more;) {
    std::vector<std::string> arrays(t.columns.size(), "{");
    int rows = 0;
    from.guard("cannot read the database", [&] {
      while (rows < k_batch_rows && (more = q.executeStep())) {
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
          append_element(arrays[i], q.getColumn(static_cast<int>(i)));
        }
        ++rows;
      }
    });
    if (rows == 0) break;
    for (auto& a : arrays) a += '}';
    to.run("cannot copy into the database", [&](pqxx::transaction_base& tx) {
      tx.exec_params(sql, pqxx::prepare::make_dynamic_params(arrays));
    });
    done += rows;
    progress(t.name, done, total);
  }
  return total;
}

}  // namespace

std::vector<TableCount> migrate_to_postgresql(const std::filesystem::path& sqlite,
                                              const StoreSpec& target,
                                              const MigrateProgress& progress) {
  sqlite::Connection from(sqlite, sqlite::Connection::Access::read_only);
  const auto version =
      from.guard("cannot read the database", [&] { return from.scalar("PRAGMA user_version"); });
  if (version != static_cast<int64_t>(migrations().size())) {
    throw StoreError(StoreFailure::other,
                     sqlite.string() + ": schema version " + std::to_string(version) +
                         " is older than this newswatch's; run `newswatch once` on it first");
  }
  postgresql::Connection to(target, postgresql::Connection::Access::read_write);
  to.run("cannot read the database", [&](pqxx::transaction_base& tx) {
    tx.exec("CREATE TABLE IF NOT EXISTS newswatch_migrated_from (source text NOT NULL)");
    const bool copied_before = !tx.exec("SELECT 1 FROM newswatch_migrated_from").empty();
    const bool holds_rows = !tx.exec("SELECT 1 FROM feeds LIMIT 1").empty();
    if (holds_rows && !copied_before) {
      throw StoreError(StoreFailure::constraint,
                       to.name() +
                           ": already holds feeds that `newswatch migrate` did not copy; "
                           "migrate into an empty database");
    }
    if (!copied_before) {
      tx.exec_params("INSERT INTO newswatch_migrated_from VALUES ($1)",
                     std::filesystem::absolute(sqlite).string());
    }
  });
  std::vector<TableCount> counts;
  for (const auto& t : tables()) {
    TableCount c{t.name, copy_table(from, to, t, progress), 0};
    to.run("cannot read the database", [&](pqxx::transaction_base& tx) {
      c.target = tx.exec1("SELECT count(*) FROM " + std::string(t.name))[0].as<int64_t>();
      if (t.identity) {
        // New rows continue after the copied ids.
        tx.exec("SELECT setval(pg_get_serial_sequence('" + std::string(t.name) +
                "', 'id'), greatest((SELECT max(id) FROM " + t.name + "), 1))");
      }
    });
    counts.push_back(c);
  }
  return counts;
}

}  // namespace nw::storage
