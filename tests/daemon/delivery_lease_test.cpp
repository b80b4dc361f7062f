// A delivery round on PostgreSQL keeps its leases while a slow webhook holds
// it (Deliverer renews them), so another daemon does not send the alert too.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <thread>

#include "config/config.hpp"
#include "daemon/delivery.hpp"
#include "daemon/writer.hpp"
#include "fetchers/fetcher.hpp"
#include "storage/store.hpp"
#include "support/alerts.hpp"
#include "support/http_server.hpp"
#include "support/pg_server.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

using namespace std::chrono_literals;

TEST(PostgresDeliveryLease, ASlowWebhookKeepsItsAlertFromOtherDaemons) {
  NW_REQUIRE_POSTGRES();
  const test::PgDatabase db;
  const storage::StoreSpec spec({}, db.url(), "");
  auto owned = storage::open_store(spec);
  const auto other = storage::open_store(spec);  // a second daemon on the same database

  test::add_pending_alert(*owned, "msg_slow");

  // The webhook answers after three lease terms.
  test::HttpServer server;
  server.route("/hook", [](const test::HttpRequest&) {
    test::HttpResponse r;
    r.delay = 6s;
    return r;
  });
  config::WebhookConfig hook;
  hook.name = "desk";
  hook.url = server.url("/hook");

  boost::asio::io_context io;
  auto fetcher = fetchers::make_fetcher(io, {});
  daemon::Writer writer(std::move(owned));
  const test::TempDir dir;
  daemon::Deliverer deliverer(io, *fetcher, writer, {hook}, dir / "alerts.jsonl", 2s);
  std::atomic<int> attempted{-1};
  deliverer.run_round([&](int n) { attempted = n; });
  std::thread loop([&] {
    for (int i = 0; i < 400 && attempted < 0; ++i) io.run_one_for(50ms);
  });

  // Past the first term, and twice more, the other daemon finds nothing to send.
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(1500ms);
    EXPECT_TRUE(other->lease_deliveries(now(), 10, 2s).empty()) << "at check " << i;
  }
  loop.join();
  writer.flush();
  EXPECT_EQ(attempted, 1);
  EXPECT_EQ(server.count("/hook"), 1u);
  EXPECT_EQ(db.query("SELECT status FROM deliveries WHERE target = 'desk'"), "delivered");
  // Recorded, the delivery has no lease left for anyone to take or renew.
  EXPECT_TRUE(other->lease_deliveries(now(), 10, 2s).empty());
}

}  // namespace
}  // namespace nw
