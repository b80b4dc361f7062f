#include "storage/sqlite/connection.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "storage/schema.hpp"

namespace nw::storage::sqlite {
namespace {

constexpr int k_busy_timeout_ms = 5000;

// The path to open, after the checks and preparation opening it needs.
const std::filesystem::path& prepare(const std::filesystem::path& path, Connection::Access access) {
  if (access == Connection::Access::read_only) {
    if (!std::filesystem::exists(path)) {
      throw StoreError(StoreFailure::other,
                       path.string() + ": no database yet (run `newswatch once` first)");
    }
  } else if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path());
  }
  return path;
}

int open_flags(Connection::Access access) {
  return access == Connection::Access::read_write ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE
                                                  : SQLite::OPEN_READONLY;
}

// Settings for the one writing connection, then the migrations it lacks.
void configure_and_migrate(SQLite::Database& db, int version) {
  // A new file gives freed pages back piecemeal (Store::reclaim_space). This
  // only takes before the first table, and before WAL mode writes the header.
  if (version == 0 && db.execAndGet("SELECT count(*) FROM sqlite_master").getInt() == 0) {
    db.exec("PRAGMA auto_vacuum=INCREMENTAL");
  }
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=NORMAL");
  db.exec("PRAGMA foreign_keys=ON");
  // 4 MiB of page cache (the default is 2): every page a first poll writes
  // stays cached, so the cache is most of a first poll's heap (500 feeds: 51 MB
  // peak with 16 MiB, 40 MB with 4). What once read the cache at random as the
  // database grew no longer does: judged groups are kept in memory
  // (sqlite/group_cache.hpp) and most near-duplicate lookups are answered by
  // the span filters (sqlite/band_filter.hpp).
  db.exec("PRAGMA cache_size=-4096");
  db.exec("PRAGMA temp_store=MEMORY");
  // Checkpoints every 32 MiB of log, not the default 4 MiB: a first poll
  // rewrites the same index pages in every batch, and each checkpoint copied
  // them all back (a first poll of 10,000 feeds: 13.5 s -> 11.2 s).
  db.exec("PRAGMA wal_autocheckpoint=8192");
  const auto& steps = migrations();
  for (int v = version; v < static_cast<int>(steps.size()); ++v) {
    SQLite::Transaction tx(db);
    db.exec(std::string(steps[v]));
    db.exec("PRAGMA user_version=" + std::to_string(v + 1));
    tx.commit();
  }
}

}  // namespace

StoreFailure classify(const std::exception& e) {
  const auto* s = dynamic_cast<const SQLite::Exception*>(&e);
  if (!s) return StoreFailure::other;
  switch (s->getErrorCode() & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StoreFailure::busy;
    case SQLITE_FULL:
      return StoreFailure::full;
    case SQLITE_READONLY:
      return StoreFailure::read_only;
    case SQLITE_CONSTRAINT:
      return StoreFailure::constraint;
    default:
      return StoreFailure::other;
  }
}

Connection::Connection(const std::filesystem::path& path, Access access) try
    : m_path(prepare(path, access)), m_db(m_path.string(), open_flags(access), k_busy_timeout_ms) {
  const int version = m_db.execAndGet("PRAGMA user_version").getInt();
  const auto known = static_cast<int>(migrations().size());
  if (version > known) {
    throw StoreError(StoreFailure::other, path.string() + ": database schema version " +
                                              std::to_string(version) +
                                              " is newer than this newswatch understands (" +
                                              std::to_string(known) + ")");
  }
  if (access == Access::read_write) configure_and_migrate(m_db, version);
} catch (const StoreError&) {
  throw;
} catch (const std::exception& e) {
  // SQLite says "unable to open database file" for a read-only filesystem
  // too; the system's reason says which (access(2) reports EROFS even to root).
  std::string why = e.what();
  StoreFailure failure = classify(e);
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  if (access == Access::read_write && ::access(dir.c_str(), W_OK) != 0) {
    if (errno == EROFS || errno == EACCES || errno == EPERM) failure = StoreFailure::read_only;
    why += " (" + std::string(std::strerror(errno)) + ")";
  }
  throw StoreError(failure, path.string() + ": cannot open the database: " + why);
}

Lease Connection::cached(const std::string& sql) {
  auto& slot = m_statements[sql];
  if (!slot) slot = std::make_unique<SQLite::Statement>(m_db, sql);
  return Lease(*slot);
}

int64_t Connection::scalar(const std::string& sql) {
  auto q = cached(sql);
  q->executeStep();
  return q->getColumn(0).getInt64();
}

void Connection::transaction(const std::function<void()>& work, bool write) {
  try {
    m_db.exec(write ? "BEGIN IMMEDIATE" : "BEGIN");
  } catch (const std::exception& e) {
    fail("cannot begin a transaction", e);
  }
  m_in_transaction = true;
  try {
    work();
    m_db.exec("COMMIT");
    m_in_transaction = false;
  } catch (const std::exception& e) {
    m_in_transaction = false;
    try {
      m_db.exec("ROLLBACK");
    } catch (const std::exception&) {
      // The transaction is already gone (SQLite rolls back on some errors itself).
    }
    if (dynamic_cast<const StoreError*>(&e)) throw;
    fail("transaction failed", e);
  }
}

void Connection::fail(const std::string& what, const std::exception& e) const {
  throw StoreError(classify(e), m_path.string() + ": " + what + ": " + e.what());
}

}  // namespace nw::storage::sqlite
