// A test's raw look into a database file, as the sqlite3 shell would take it:
// for checks the Store interface has no reason to offer (integrity, byte
// counts, a lock held by "another process"). The daemon's code never sees it.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace nw::test {

class SqliteFile {
 public:
  enum class Mode { read_only, read_write, create };

  // Opens `path` (or a "file:" URI), waiting up to 10 s for locks. Throws
  // std::runtime_error.
  explicit SqliteFile(const std::string& path, Mode mode = Mode::read_only) {
    const int flags = (mode == Mode::read_only    ? SQLITE_OPEN_READONLY
                       : mode == Mode::read_write ? SQLITE_OPEN_READWRITE
                                                  : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_URI;
    if (sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr) != SQLITE_OK) {
      const std::string why = m_db ? sqlite3_errmsg(m_db) : "out of memory";
      sqlite3_close(m_db);
      throw std::runtime_error(path + ": " + why);
    }
    // Wait out another connection's lock as the daemon's own connections do:
    // a read that lands while a restarted daemon recovers a killed one's WAL
    // is briefly refused, which is not the failure a test is looking for.
    sqlite3_busy_timeout(m_db, 10000);
  }
  explicit SqliteFile(const std::filesystem::path& path, Mode mode = Mode::read_only)
      : SqliteFile(path.string(), mode) {}
  ~SqliteFile() { sqlite3_close(m_db); }
  SqliteFile(const SqliteFile&) = delete;
  SqliteFile& operator=(const SqliteFile&) = delete;

  // Runs statements that return nothing. Throws std::runtime_error.
  void exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string why = error ? error : "error";
      sqlite3_free(error);
      throw std::runtime_error(why);
    }
  }

  // Every row of `sql`, each column as text ("" for NULL). Throws std::runtime_error.
  std::vector<std::vector<std::string>> rows(const std::string& sql) {
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &q, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sqlite3_errmsg(m_db));
    }
    std::vector<std::vector<std::string>> out;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
      auto& row = out.emplace_back();
      for (int i = 0; i < sqlite3_column_count(q); ++i) {
        const auto* text = sqlite3_column_text(q, i);
        row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      }
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(m_db));
    return out;
  }

  // The first column of the first row of `sql`.
  std::string text(const std::string& sql) {
    const auto r = rows(sql);
    return r.empty() || r[0].empty() ? "" : r[0][0];
  }
  int64_t integer(const std::string& sql) {
    const std::string t = text(sql);
    return t.empty() ? 0 : std::stoll(t);
  }

 private:
  sqlite3* m_db = nullptr;
};

}  // namespace nw::test
