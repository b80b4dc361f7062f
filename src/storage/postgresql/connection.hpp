// One PostgreSQL connection (internal to storage/): opening and migrating,
// prepared statements, transactions, and turning libpqxx's exceptions into
// StoreError. libpqxx types stay inside storage/postgresql/.
#pragma once

#include <atomic>
#include <exception>
#include <functional>
#include <pqxx/pqxx>
#include <string>
#include <unordered_map>

#include "storage/store.hpp"

namespace nw::storage::postgresql {

class Connection {
 public:
  enum class Access { read_write, read_only };

  // Connects to `spec.url` (with `spec.password`, if any) and, when read_write,
  // applies the migrations it lacks under an advisory lock, so the first of
  // several daemons migrates and the others wait. Throws StoreError
  // (unreachable when the server cannot be reached).
  Connection(const StoreSpec& spec, Access access);

  // The URL without any password: how errors name the database.
  const std::string& name() const { return m_name; }

  // Runs fn(tx) in the open transaction (transaction()), or else in one of its
  // own, committed when fn returns. Turns libpqxx's exceptions into StoreError
  // ("URL: what: reason").
  template <class Fn>
  auto run(const char* what, Fn&& fn) -> decltype(fn(std::declval<pqxx::transaction_base&>())) {
    try {
      if (m_tx) return fn(*m_tx);
      m_round_trips += 2;  // its BEGIN and COMMIT
      pqxx::work tx(m_conn);
      if constexpr (std::is_void_v<decltype(fn(tx))>) {
        fn(tx);
        tx.commit();
      } else {
        auto out = fn(tx);
        tx.commit();
        return out;
      }
    } catch (const StoreError&) {
      throw;
    } catch (const std::exception& e) {
      fail(m_tx ? "transaction failed" : what, e);
    }
  }

  // Whether run() is inside transaction(): reads then see the writes before them.
  bool in_transaction() const { return m_tx != nullptr; }

  // Runs `work` in one transaction; rolls back and throws StoreError if it throws.
  void transaction(const std::function<void()>& work);

  // Executes `sql` as a statement prepared once per connection.
  template <class... Args>
  pqxx::result exec(pqxx::transaction_base& tx, const std::string& sql, Args&&... args) {
    const std::string& name = prepared(sql);
    ++m_round_trips;
    return tx.exec_prepared(name, std::forward<Args>(args)...);
  }

  // Messages that waited for the server's answer so far: each statement
  // through exec(), each BEGIN and COMMIT, and each statement's first
  // preparation. Over a network every one is a round trip (bench/pg_roundtrips_bench.sh).
  int64_t round_trips() const { return m_round_trips; }

  // Throws the StoreError for `e`, classified by its SQLSTATE.
  [[noreturn]] void fail(const std::string& what, const std::exception& e) const;

 private:
  const std::string& prepared(const std::string& sql);
  void migrate();
  void check_version();

  std::string m_name;
  pqxx::connection m_conn;
  std::unordered_map<std::string, std::string> m_statements;  // sql -> its name
  std::unique_ptr<pqxx::work> m_tx;
  std::atomic<int64_t> m_round_trips{0};  // read by other threads (metrics)
};

// The failure a libpqxx exception stands for.
StoreFailure classify(const std::exception& e);

// `url` with any password in it replaced by "***" (for logs and errors).
std::string redact(const std::string& url);

// The libpq connection string: `spec.url` with `spec.password` added as a
// percent-encoded parameter (libpq reads ~/.pgpass itself when there is none).
std::string connection_string(const StoreSpec& spec);

}  // namespace nw::storage::postgresql
