// The same test bodies on both store backends: a fixture whose parameter picks
// SQLite (a file in a scratch folder) or PostgreSQL (a fresh database on the
// run's test server, skipped when PostgreSQL is absent). Instantiate it as
//   INSTANTIATE_TEST_SUITE_P(Backends, MyTest, test::k_backends, test::backend_name);
// so the PostgreSQL variants have "postgresql" in their names and get the
// server's ctest fixture (tests/CMakeLists.txt).
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>

#include "storage/store.hpp"
#include "support/pg_server.hpp"
#include "support/test_paths.hpp"

namespace nw::test {

enum class Backend { sqlite, postgresql };

inline void PrintTo(Backend b, std::ostream* out) {
  *out << (b == Backend::sqlite ? "sqlite" : "postgresql");
}

inline const auto k_backends = ::testing::Values(Backend::sqlite, Backend::postgresql);

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::sqlite ? "sqlite" : "postgresql";
}

class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::postgresql) {
      NW_REQUIRE_POSTGRES();
      m_pg.emplace();
    }
  }
  bool sqlite() const { return !m_pg; }
  // The test's own store: nw.db in a scratch folder, or a fresh database.
  storage::StoreSpec spec() const {
    if (m_pg) return {{}, m_pg->url(), ""};
    return {m_dir / "nw.db", "", ""};
  }
  std::unique_ptr<storage::Store> open() const { return storage::open_store(spec()); }

  TempDir m_dir;
  std::optional<PgDatabase> m_pg;
};

}  // namespace nw::test
