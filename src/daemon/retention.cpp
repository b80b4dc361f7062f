#include "daemon/retention.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "daemon/writer.hpp"

namespace nw::daemon {
namespace {

// A step: at most this many articles looked at, 12 near-duplicate keys per
// article from the oldest spans, and this many pages (4 KiB each) given back.
// Every 10 s, that is 4 million articles a day, far above what a daemon stores
// in one.
constexpr auto k_period = std::chrono::seconds(10);
constexpr std::size_t k_batch = 500;
constexpr std::size_t k_pages = 2048;

}  // namespace

Retention::Retention(boost::asio::io_context& io, Writer& writer, std::chrono::seconds keep_text)
    : m_io(io),
      m_writer(writer),
      m_keep_text(keep_text),
      m_timer(io, k_period, [this](auto done) { step(std::move(done)); }) {}

void Retention::start() {
  spdlog::info("storage.retention keep_text_days={}", m_keep_text.count() / 86400);
  step([] {});
  m_timer.start();
}

void Retention::stop() {
  m_timer.stop();
}

void Retention::step(std::function<void()> done) {
  const Time cutoff = now() - m_keep_text;
  auto& io = m_io;
  m_writer.submit(
      [cutoff, &io, done](storage::Store& store) -> std::function<void()> {
        const auto stats = store.prune(cutoff, k_batch);
        const int64_t freed = store.reclaim_space(k_pages, false);
        return [stats, freed, &io, done] {
          if (stats.articles + stats.band_keys + freed > 0) {
            spdlog::info("storage.pruned articles={} text_bytes={} band_keys={} freed_bytes={}",
                         stats.articles, stats.text_bytes, stats.band_keys, freed);
          }
          boost::asio::post(io, done);
        };
      },
      [&io, done](const storage::StoreError&) { boost::asio::post(io, done); });
}

}  // namespace nw::daemon
