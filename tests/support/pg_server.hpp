// A throwaway PostgreSQL server for tests: initdb into a scratch folder and
// pg_ctl start it on a unix socket only (no TCP), with fsync off. One server
// serves a whole test run: the ctest fixture starts it (newswatch_pg_server,
// tests/CMakeLists.txt) and passes its folder in NEWSWATCH_TEST_PG; a test
// process run by hand starts its own and stops it at exit. Each test then takes
// a fresh database of its own (PgDatabase).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace nw::test {

// Starts a server in `dir` (created; owned by user postgres when run as root,
// as initdb refuses root) with its socket there too. A server already running
// in `dir` is stopped first. Throws std::runtime_error with the server's log.
void start_pg_cluster(const std::filesystem::path& dir);
// Stops the server in `dir` (fast: sessions are ended, what is committed is
// kept) and starts it again on the same data; connections to it break. Throws std::runtime_error.
void restart_pg_cluster(const std::filesystem::path& dir);
// Stops the server in `dir` (immediately: nothing in it is worth keeping) and
// removes the folder. Never throws.
void stop_pg_cluster(const std::filesystem::path& dir);

// Why this machine cannot run PostgreSQL's tests (its binaries are absent), or
// nullopt when it can: the one reason a test may skip.
std::optional<std::string> pg_unavailable();

// The connection URL of database `name` on this run's server, starting the
// server on first use (see the header comment). Throws std::runtime_error.
std::string pg_url(const std::string& name);

// A new, empty database for one test, created from the run's template and
// dropped (with any connections still open to it) when the object dies.
class PgDatabase {
 public:
  PgDatabase();
  ~PgDatabase();
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;

  const std::string& name() const { return m_name; }
  // postgresql://postgres@/NAME?host=SOCKET_DIR&port=N
  std::string url() const { return pg_url(m_name); }
  // Runs `sql` in the database and returns the first column of the first row
  // ("" when none or NULL): the test's own look, beside the Store interface.
  std::string query(const std::string& sql) const;

 private:
  std::string m_name;
};

// Skips the current test when PostgreSQL is absent (never in CI: setup.sh installs it).
#define NW_REQUIRE_POSTGRES()                                                \
  do {                                                                       \
    if (const auto why = ::nw::test::pg_unavailable()) GTEST_SKIP() << *why; \
  } while (false)

}  // namespace nw::test
