// One SQLite connection (internal to storage/): opening and migrating, the
// statement cache, transactions, and turning SQLite's exceptions into StoreError.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "storage/store.hpp"

namespace nw::storage::sqlite {

// A statement prepared once per connection, lent out by Connection::cached.
// Leaving the lease's scope resets it (ending any read it holds); bindings stay,
// so every caller binds all parameters.
class Lease {
 public:
  explicit Lease(SQLite::Statement& s) : m_s(s) {}
  ~Lease() { m_s.tryReset(); }  // never throws: a failed step already threw
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  SQLite::Statement& operator*() { return m_s; }
  SQLite::Statement* operator->() { return &m_s; }

 private:
  SQLite::Statement& m_s;
};

class Connection {
 public:
  enum class Access { read_write, read_only };

  // Opens `path` (creating and migrating it when read_write). Throws StoreError.
  Connection(const std::filesystem::path& path, Access access);

  SQLite::Database& db() { return m_db; }
  const std::filesystem::path& path() const { return m_path; }

  // The statement for `sql`, prepared on first use: the one way statements are kept.
  Lease cached(const std::string& sql);
  // The first column of the single row `sql` returns (a cached statement).
  int64_t scalar(const std::string& sql);

  // BEGIN IMMEDIATE (write) or BEGIN (read), `work`, COMMIT; ROLLBACK if it throws.
  void transaction(const std::function<void()>& work, bool write = true);
  bool in_transaction() const { return m_in_transaction; }

  // Runs `fn`, turning an SQLite exception into StoreError ("PATH: `what`: reason";
  // inside a transaction "PATH: transaction failed: reason").
  template <class Fn>
  auto guard(const char* what, Fn&& fn) -> decltype(fn()) {
    try {
      return fn();
    } catch (const SQLite::Exception& e) {
      fail(m_in_transaction ? "transaction failed" : what, e);
    }
  }

  // Throws the StoreError for `e`, classified by SQLite's error code.
  [[noreturn]] void fail(const std::string& what, const std::exception& e) const;

 private:
  std::filesystem::path m_path;
  SQLite::Database m_db;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> m_statements;
  bool m_in_transaction = false;
};

// The failure an SQLite exception stands for (BUSY/LOCKED, FULL, READONLY, CONSTRAINT, else other).
StoreFailure classify(const std::exception& e);

}  // namespace nw::storage::sqlite
