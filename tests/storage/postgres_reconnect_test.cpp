// A PostgreSQL server that goes away under a running store: the store says so
// (StoreFailure::unreachable) and works again once the server is back, which
// is what lets the daemon's writer ride out a restart of the database.
#include <gtest/gtest.h>

#include "storage/store.hpp"
#include "support/pg_server.hpp"
#include "support/test_paths.hpp"

namespace nw::storage {
namespace {

TEST(PostgresReconnectTest, AStoreWorksAgainAfterTheServerRestarts) {
  NW_REQUIRE_POSTGRES();
  // A server of its own: restarting the run's would disturb the other tests.
  test::TempDir scratch;
  const auto dir = scratch / "pg";
  test::start_pg_cluster(dir);
  const StoreSpec spec({}, "postgresql://postgres@/postgres?host=" + dir.string() + "&port=5432",
                       "");
  const auto store = open_store(spec);
  const auto feed = store->ensure_feed("a", "https://a.example/feed");

  test::restart_pg_cluster(dir);
  // The first call after the restart may find the old connection dead; the
  // ones after it reconnect (prepared statements are prepared again).
  for (int attempt = 0;; ++attempt) {
    try {
      EXPECT_EQ(store->ensure_feed("a", "https://a.example/feed"), feed);
      break;
    } catch (const StoreError& e) {
      EXPECT_EQ(e.failure(), StoreFailure::unreachable) << e.what();
      ASSERT_LT(attempt, 3) << e.what();
    }
  }
  EXPECT_EQ(store->feeds().size(), 1u);
  store->transaction([&] { store->ensure_feed("b", "https://b.example/feed"); });
  EXPECT_EQ(store->counts().feeds, 2);
  test::stop_pg_cluster(dir);
}

}  // namespace
}  // namespace nw::storage
