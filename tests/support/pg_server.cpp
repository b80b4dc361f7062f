#include "support/pg_server.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <pqxx/pqxx>
#include <random>
#include <stdexcept>
#include <vector>

#include "support/test_paths.hpp"

namespace nw::test {
namespace {

// Every server listens on its own socket folder, so one port number serves all.
constexpr int k_port = 5432;
constexpr const char* k_template = "nw_template";

// The newest /usr/lib/postgresql/N/bin holding pg_ctl (Debian keeps them off PATH).
std::optional<std::filesystem::path> bin_dir() {
  std::vector<std::filesystem::path> found;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    if (std::filesystem::exists(e.path() / "bin" / "pg_ctl")) found.push_back(e.path() / "bin");
  }
  if (found.empty()) return std::nullopt;
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::stoi(a.parent_path().filename().string()) <
           std::stoi(b.parent_path().filename().string());
  });
  return found.back();
}

// `command` as the server's owner: user postgres when we are root (initdb
// and postgres refuse root), else ourselves.
CommandResult as_owner(const std::string& command) {
  if (::geteuid() != 0) return run_command(command);
  return run_command("runuser -u postgres -- " + command);
}

std::string admin_url(const std::filesystem::path& dir, const std::string& db) {
  return "postgresql://postgres@/" + db + "?host=" + dir.string() +
         "&port=" + std::to_string(k_port);
}

// The folder of this run's server: the fixture's, or one of our own that lives
// until the process exits.
class RunServer {
 public:
  RunServer() {
    if (const char* env = std::getenv("NEWSWATCH_TEST_PG"); env && *env) {
      m_dir = env;
      if (!std::filesystem::exists(m_dir / (".s.PGSQL." + std::to_string(k_port)))) {
        throw std::runtime_error("NEWSWATCH_TEST_PG=" + m_dir.string() +
                                 ": no PostgreSQL server is listening there");
      }
      return;
    }
    m_dir = std::filesystem::temp_directory_path() / ("newswatch-pg-" + std::to_string(::getpid()) +
                                                      "-" + std::to_string(std::random_device{}()));
    start_pg_cluster(m_dir);
    m_owned = true;
  }
  ~RunServer() {
    if (m_owned) stop_pg_cluster(m_dir);
  }
  const std::filesystem::path& dir() const { return m_dir; }

 private:
  std::filesystem::path m_dir;
  bool m_owned = false;
};

const std::filesystem::path& run_server_dir() {
  static RunServer server;
  return server.dir();
}

}  // namespace

void start_pg_cluster(const std::filesystem::path& dir) {
  const auto bin = bin_dir();
  if (!bin) throw std::runtime_error("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin)");
  stop_pg_cluster(dir);  // a server left behind by a run that was killed
  std::filesystem::create_directories(dir);
  if (::geteuid() == 0) {
    const auto r = run_command("chown postgres: " + dir.string());
    if (r.status != 0) throw std::runtime_error("chown postgres " + dir.string() + ": " + r.err);
  }
  const auto data = dir / "data";
  auto r = as_owner((*bin / "initdb").string() + " -D " + data.string() +
                    " -A trust -U postgres --no-sync --encoding=UTF8 --locale=C");
  if (r.status != 0) throw std::runtime_error("initdb failed: " + r.out + r.err);
  const std::string options = "-k " + dir.string() + " -c listen_addresses='' -p " +
                              std::to_string(k_port) +
                              " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                              " -c max_connections=300";
  r = as_owner((*bin / "pg_ctl").string() + " -D " + data.string() + " -l " +
               (dir / "log").string() + " -w -o \"" + options + "\" start");
  if (r.status != 0) {
    throw std::runtime_error("pg_ctl start failed: " + r.out + r.err + read_file(dir / "log"));
  }
  pqxx::connection c(admin_url(dir, "postgres"));
  pqxx::nontransaction tx(c);
  tx.exec(std::string("CREATE DATABASE ") + k_template + " TEMPLATE template0");
}

void restart_pg_cluster(const std::filesystem::path& dir) {
  const auto bin = bin_dir();
  if (!bin) throw std::runtime_error("PostgreSQL is not installed");
  const auto r = as_owner((*bin / "pg_ctl").string() + " -D " + (dir / "data").string() + " -l " +
                          (dir / "log").string() + " -m fast -w restart");
  if (r.status != 0) {
    throw std::runtime_error("pg_ctl restart failed: " + r.out + r.err + read_file(dir / "log"));
  }
}

void stop_pg_cluster(const std::filesystem::path& dir) {
  if (const auto bin = bin_dir(); bin && std::filesystem::exists(dir / "data" / "postmaster.pid")) {
    as_owner((*bin / "pg_ctl").string() + " -D " + (dir / "data").string() +
             " -m immediate -w stop");
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

std::optional<std::string> pg_unavailable() {
  if (bin_dir()) return std::nullopt;
  return "PostgreSQL is not installed here (no /usr/lib/postgresql/*/bin/pg_ctl); "
         "scripts/setup.sh installs it";
}

std::string pg_url(const std::string& name) {
  return admin_url(run_server_dir(), name);
}

PgDatabase::PgDatabase() {
  static std::atomic<int> counter{0};
  m_name = "nw_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
           std::to_string(std::random_device{}() % 100000);
  pqxx::connection c(pg_url("postgres"));
  pqxx::nontransaction tx(c);
  tx.exec("CREATE DATABASE " + m_name + " TEMPLATE " + k_template);
}

PgDatabase::~PgDatabase() {
  try {
    pqxx::connection c(pg_url("postgres"));
    pqxx::nontransaction tx(c);
    tx.exec("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
  } catch (const std::exception&) {
    // The server is gone (the run is ending): nothing left to drop.
  }
}

std::string PgDatabase::query(const std::string& sql) const {
  pqxx::connection c(url());
  pqxx::nontransaction tx(c);
  const auto r = tx.exec(sql);
  if (r.empty() || r[0].empty() || r[0][0].is_null()) return "";
  return r[0][0].c_str();
}

}  // namespace nw::test
