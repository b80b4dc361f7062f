#include "storage/postgresql/connection.hpp"

#include <cstdio>
#include <regex>

#include "storage/postgresql/schema.hpp"

namespace nw::storage::postgresql {
namespace {

// The session-level advisory lock the migrating daemon holds ("nwschema").
constexpr long long k_migration_lock = 0x6e77736368656d61;

std::string percent_encode(const std::string& s) {
  std::string out;
  for (const unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      out += buf;
    }
  }
  return out;
}

int schema_version(pqxx::transaction_base& tx) {
  if (tx.exec1("SELECT to_regclass('newswatch_schema') IS NULL")[0].as<bool>()) return -1;
  const auto r = tx.exec("SELECT version FROM newswatch_schema");
  return r.empty() ? 0 : r[0][0].as<int>();
}

}  // namespace

std::string redact(const std::string& url) {
  // postgresql://user:secret@host/db and ...?password=secret
  static const std::regex userinfo(R"(^(postgres(?:ql)?://[^:/@?]*):[^@/?]*@)");
  static const std::regex param(R"(([?&]password=)[^&]*)");
  return std::regex_replace(std::regex_replace(url, userinfo, "$1:***@"), param, "$1***");
}

std::string connection_string(const StoreSpec& spec) {
  if (spec.password.empty()) return spec.url;
  const char sep = spec.url.find('?') == std::string::npos ? '?' : '&';
  return spec.url + sep + "password=" + percent_encode(spec.password);
}

StoreFailure classify(const std::exception& e) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e)) return StoreFailure::unreachable;
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e)) return StoreFailure::unreachable;
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e);
  if (!sql) return StoreFailure::other;
  const std::string state = sql->sqlstate();
  if (state.rfind("23", 0) == 0) return StoreFailure::constraint;
  if (state.rfind("08", 0) == 0 || state == "57P01" || state == "57P03") {
    return StoreFailure::unreachable;  // connection failures, admin shutdown, starting up
  }
  // serialization failure, deadlock, lock not available, statement timeout
  if (state == "40001" || state == "40P01" || state == "55P03" || state == "57014") {
    return StoreFailure::busy;
  }
  if (state == "53100") return StoreFailure::full;
  if (state == "25006") return StoreFailure::read_only;
  return StoreFailure::other;
}

Connection::Connection(const StoreSpec& spec, Access access) try
    : m_name(redact(spec.url)), m_conn(connection_string(spec)) {
  if (access == Access::read_only) {
    // The reader's session refuses writes, as the SQLite reader's file does.
    pqxx::nontransaction(m_conn).exec("SET default_transaction_read_only = on");
    check_version();
  } else {
    migrate();
  }
} catch (const StoreError&) {
  throw;
} catch (const std::exception& e) {
  throw StoreError(classify(e), redact(spec.url) + ": cannot open the database: " + e.what());
}

void Connection::check_version() {
  pqxx::work tx(m_conn);
  const int version = schema_version(tx);
  if (version <= 0) {
    throw StoreError(StoreFailure::other,
                     m_name + ": no database yet (run `newswatch once` first)");
  }
  const auto known = static_cast<int>(migrations().size());
  if (version > known) {
    throw StoreError(StoreFailure::other, m_name + ": database schema version " +
                                              std::to_string(version) +
                                              " is newer than this newswatch understands (" +
                                              std::to_string(known) + ")");
  }
}

void Connection::migrate() {
  // Several daemons may start at once: the first takes the lock and migrates,
  // the others wait for it and then find nothing left to do.
  pqxx::nontransaction(m_conn).exec("SELECT pg_advisory_lock(" + std::to_string(k_migration_lock) +
                                    ")");
  try {
    const auto& steps = migrations();
    int version;
    {
      pqxx::work tx(m_conn);
      version = schema_version(tx);
      if (version < 0) {
        tx.exec("CREATE TABLE newswatch_schema (version integer NOT NULL)");
        tx.exec("INSERT INTO newswatch_schema VALUES (0)");
        version = 0;
      }
      tx.commit();
    }
    if (version > static_cast<int>(steps.size())) check_version();  // throws "newer"
    for (int v = version; v < static_cast<int>(steps.size()); ++v) {
      pqxx::work tx(m_conn);
      tx.exec(std::string(steps[v]));
      tx.exec("UPDATE newswatch_schema SET version = " + std::to_string(v + 1));
      tx.commit();
    }
  } catch (...) {
    try {
      pqxx::nontransaction(m_conn).exec("SELECT pg_advisory_unlock_all()");
    } catch (const std::exception&) {
      // The connection is gone, and its locks with it.
    }
    throw;
  }
  pqxx::nontransaction(m_conn).exec("SELECT pg_advisory_unlock_all()");
}

const std::string& Connection::prepared(const std::string& sql) {
  auto& name = m_statements[sql];
  if (name.empty()) {
    name = "s" + std::to_string(m_statements.size());
    m_conn.prepare(name, sql);
    ++m_round_trips;  // libpqxx prepares it on the server at its first execution
  }
  return name;
}

void Connection::transaction(const std::function<void()>& work) {
  try {
    m_round_trips += 2;  // BEGIN, and COMMIT or ROLLBACK
    m_tx = std::make_unique<pqxx::work>(m_conn);
  } catch (const std::exception& e) {
    fail("cannot begin a transaction", e);
  }
  try {
    work();
    m_tx->commit();
    m_tx.reset();
  } catch (const std::exception& e) {
    m_tx.reset();  // rolls back
    if (dynamic_cast<const StoreError*>(&e)) throw;
    fail("transaction failed", e);
  }
}

void Connection::fail(const std::string& what, const std::exception& e) const {
  throw StoreError(classify(e), m_name + ": " + what + ": " + e.what());
}

}  // namespace nw::storage::postgresql
