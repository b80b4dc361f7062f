// The jsonl alert sink appends each alert once even when the writer batch that
// carried it fails and every job in it is re-run alone.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "config/config.hpp"
#include "daemon/delivery.hpp"
#include "daemon/writer.hpp"
#include "fetchers/fetcher.hpp"
#include "storage/store.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

TEST(JsonlSink, BatchRetryDoesNotAppendTwice) {
  test::TempDir dir;
  config::Config cfg;
  cfg.storage_path = dir / "nw.db";
  auto owned = storage::open_store({cfg.storage_path});
  storage::Store& store = *owned;
  // An alert belongs to a claim of an article of a feed.
  const int64_t feed = store.ensure_feed("a", "https://a.example/rss");
  storage::NewArticle article;
  article.guid = "1";
  article.fetched_at = now();
  article.content_hash = "h1";
  const int64_t article_id = store.insert_article(feed, article, std::nullopt).id;
  claims::Claim claim;
  claim.subject = "Belarus";
  claim.metric = "recruited";
  claim.value = 742;
  storage::NewAlert a;
  a.claim_id = store.insert_claim(article_id, claim);
  a.uid = "alert-retry-1";
  a.detected_at = now();
  a.body = R"({"id":"alert-retry-1"})";
  store.insert_alert(a, {"jsonl"});

  boost::asio::io_context io;
  auto fetcher = fetchers::make_fetcher(io, {});
  daemon::Writer writer(std::move(owned));
  daemon::Deliverer deliverer(io, *fetcher, writer, cfg.webhooks,
                              daemon::Deliverer::jsonl_beside(cfg.storage_path));

  // Hold the writer busy so the delivery round and a failing job queue up
  // behind it and are committed as one batch.
  std::mutex m;
  std::condition_variable cv;
  bool release = false;
  writer.submit([&](storage::Store&) -> std::function<void()> {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return release; });
    return nullptr;
  });
  int attempted = -1;
  deliverer.run_round([&](int n) { attempted = n; });
  std::string failure;
  writer.submit([](storage::Store&) -> std::function<void()> { throw std::runtime_error("boom"); },
                [&](const storage::StoreError& e) { failure = e.what(); });
  {
    std::lock_guard lock(m);
    release = true;
  }
  cv.notify_all();
  writer.flush();
  // The round ends on the event loop; the fetcher may keep the loop alive, so
  // it runs until the round reports rather than until it runs out of work.
  for (int i = 0; i < 100 && attempted < 0; ++i) io.run_one_for(std::chrono::milliseconds(50));
  writer.flush();

  EXPECT_NE(failure.find("boom"), std::string::npos);  // the batch really failed
  EXPECT_EQ(attempted, 1);
  std::istringstream lines(test::read_file(dir / "alerts.jsonl"));
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    if (line.find("alert-retry-1") != std::string::npos) ++count;
  }
  EXPECT_EQ(count, 1);
}

}  // namespace
}  // namespace nw
