// The writer's job contract: a job may run twice (its batch failed, then it ran
// alone), so what it stored is counted once, through its continuation.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

#include "claims/extractor.hpp"
#include "daemon/poller.hpp"
#include "daemon/writer.hpp"
#include "fetchers/fetcher.hpp"
#include "storage/store.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

using namespace std::chrono_literals;

// Holds the writer's thread until released, so jobs queue up into one batch.
class WriterGate {
 public:
  explicit WriterGate(daemon::Writer& writer) {
    writer.submit([this](storage::Store&) -> std::function<void()> {
      std::unique_lock lock(m_mutex);
      m_entered = true;
      m_cv.notify_all();
      m_cv.wait(lock, [this] { return m_open; });
      return nullptr;
    });
    std::unique_lock lock(m_mutex);
    m_cv.wait(lock, [this] { return m_entered; });
  }
  void open() {
    {
      std::lock_guard lock(m_mutex);
      m_open = true;
    }
    m_cv.notify_all();
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_entered = false;  // the writer is running the gate's job
  bool m_open = false;
};

TEST(WriterJobs, AJobRunTwiceAfterItsBatchFailedIsCountedOnce) {
  test::TempDir dir;
  test::write_file(dir / "a.xml", R"(<rss version="2.0"><channel><title>A</title>
<item><guid>1</guid><title>One</title><description>742 Belarusians have fought for Russia.</description></item>
<item><guid>2</guid><title>Two</title><description>A second story, with no figure.</description></item>
</channel></rss>)");
  config::Config cfg;
  cfg.storage_path = dir / "nw.db";
  config::FeedConfig fc;
  fc.name = "a";
  fc.url = "file://" + (dir / "a.xml").string();
  cfg.feeds.push_back(fc);

  auto store = storage::open_store({cfg.storage_path});
  daemon::FeedRuntime feed;
  feed.config = fc;
  feed.id = store->ensure_feed(fc.name, fc.url);
  daemon::Writer writer(std::move(store));
  boost::asio::io_context io;
  boost::asio::thread_pool pool(1);
  auto fetcher = fetchers::make_fetcher(io, {});
  const auto extractor = claims::Extractor::load({"recruitment"}, dir.path());
  pipeline::IngestPolicy policy;
  policy.alert_targets = {"jsonl"};
  daemon::Poller poller(io, *fetcher, pool, writer, extractor, cfg.fetch, policy);

  WriterGate gate(writer);
  std::optional<daemon::PollResult> result;
  poller.poll(feed, [&](const daemon::PollResult& r) { result = r; });
  // Run the loop until the poll's store job waits behind the gate ...
  for (int i = 0; i < 500 && writer.queued() < 1; ++i) io.run_one_for(10ms);
  ASSERT_EQ(writer.queued(), 1u);
  // ... then queue a job that fails, in the same batch: the poll's job runs
  // once in the failed batch and once more alone.
  writer.submit([](storage::Store&) -> std::function<void()> { throw std::runtime_error("boom"); });
  gate.open();
  for (int i = 0; i < 500 && !result; ++i) io.run_one_for(10ms);
  pool.join();

  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->ok) << result->error;
  EXPECT_EQ(result->stats.new_articles, 2);
  EXPECT_EQ(result->stats.claims, 1);
  writer.flush();
}

TEST(WriterJobs, AFailedJobReportsATypedFailure) {
  test::TempDir dir;
  daemon::Writer writer(storage::open_store({dir / "nw.db"}));
  std::optional<storage::StoreFailure> failure;
  writer.submit([](storage::Store&) -> std::function<void()> { throw std::runtime_error("boom"); },
                [&](const storage::StoreError& e) { failure = e.failure(); });
  writer.flush();
  EXPECT_EQ(failure, storage::StoreFailure::other);
}

}  // namespace
}  // namespace nw
