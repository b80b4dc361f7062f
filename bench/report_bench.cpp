// The ledger report at scale: fills a real SQLite store with N claims (default
// 50,000) over 300 subject/metric groups, 40 sources and an alert per 50
// claims, then times the live pages (the first request builds every group;
// after one new claim, the next rebuilds its group only; a group's page), the
// whole ledger built at once, and the static site written, then written again
// over itself. Not a test; run by hand:
//   build/bench/report_bench [N] [DIR]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "alerts/alert.hpp"
#include "report/live.hpp"
#include "report/pages.hpp"
#include "report/site.hpp"
#include "storage/store.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

const char* const k_metrics[] = {"serving", "killed", "recruited", "missing", "captured"};

}  // namespace

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::stol(argv[1]) : 50'000;
  const std::filesystem::path dir = argc > 2 ? argv[2] : std::filesystem::temp_directory_path();
  const auto db = dir / "report_bench.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
  std::mt19937_64 rng(11);
  {
    const auto owned = nw::storage::open_store({db});
    nw::storage::Store& store = *owned;
    const int64_t feed = store.ensure_feed("bench", "file:///dev/null");
    const long batch = 5'000;
    for (long done = 0; done < n; done += batch) {
      store.transaction([&] {
        for (long i = done; i < std::min(n, done + batch); ++i) {
          nw::storage::NewArticle a;
          a.guid = std::to_string(i);
          a.url = "https://example.org/a/" + a.guid;
          a.title = "Article " + a.guid;
          a.content_hash = a.guid;
          a.fetched_at = nw::now();
          a.published = nw::Time(std::chrono::sys_days(std::chrono::year(2022) / 1 / 1)) +
                        std::chrono::hours(static_cast<long>(rng() % (4 * 365 * 24)));
          const int64_t article = store.insert_article(feed, a, std::nullopt).id;
          nw::claims::Claim c;
          c.subject = "Country " + std::to_string(rng() % 60);
          c.metric = k_metrics[rng() % 5];
          c.unit = "people";
          c.value = static_cast<double>(100 + rng() % 5000);
          c.source = "Source " + std::to_string(rng() % 40);
          c.quote = "Sentence of article " + a.guid + " saying " + std::to_string(c.value) +
                    " people are counted, as the source said on that day.";
          const int64_t id = store.insert_claim(article, c);
          if (i % 50 == 49) {
            nw::storage::NewAlert al;
            al.uid = "msg_" + a.guid;
            al.claim_id = id;
            al.subject = c.subject;
            al.metric = c.metric;
            al.unit = "people";
            al.detected_at = a.fetched_at;
            al.body = nw::alerts::alert_body(al.uid, al.detected_at, 0.3, *store.claim(id),
                                             {*store.claim(id - 1)})
                          .dump();
            store.insert_alert(al, {"jsonl"});
          }
        }
      });
    }
  }
  std::printf("database: %ld claims, %.1f MB\n", n,
              static_cast<double>(std::filesystem::file_size(db)) / 1e6);

  auto t0 = Clock::now();
  nw::report::LivePages live{nw::storage::StoreSpec{db}};
  const auto index = *live.page("index.html", {});
  const double first_ms = ms_since(t0);
  const std::size_t groups = live.group_builds();
  {
    // One new claim in one group: the next request rebuilds that group only.
    const auto store = nw::storage::open_store({db});
    store->transaction([&] {
      nw::storage::NewArticle a;
      a.guid = "late";
      a.content_hash = "late";
      a.fetched_at = nw::now();
      nw::claims::Claim c;
      c.subject = "Country 1";
      c.metric = "killed";
      c.unit = "people";
      c.value = 1234;
      c.quote = "A late report of 1234.";
      store->insert_claim(
          store->insert_article(store->ensure_feed("bench", "file:///dev/null"), a, std::nullopt)
              .id,
          c);
    });
  }
  t0 = Clock::now();
  live.page("index.html", {});
  const double next_ms = ms_since(t0);
  t0 = Clock::now();
  const auto group = *live.page("group/country-1-killed-people.html", {});
  const double group_ms = ms_since(t0);
  std::printf(
      "live: first request %.0f ms (%zu groups built); after one new claim %.0f ms "
      "(%zu group built); index %zu KB; a group's first page %.1f ms, %zu KB\n",
      first_ms, groups, next_ms, live.group_builds() - groups, index.size() / 1024, group_ms,
      group.size() / 1024);

  t0 = Clock::now();
  const auto ledger =
      nw::report::build_ledger(nw::storage::open_store_readonly({db})->ledger(), {}, nw::now());
  std::printf("the whole ledger at once: %.0f ms (%zu groups, %zu alerts)\n", ms_since(t0),
              ledger.groups.size(), ledger.alerts.size());

  const auto site = dir / "report_bench_site";
  std::filesystem::remove_all(site);
  for (const char* run : {"static site", "again over it"}) {
    t0 = Clock::now();
    const auto reader = nw::storage::open_store_readonly({db});
    const auto w = nw::report::write_site(*reader, {}, site);
    std::printf("%s: %zu pages, %zu written, in %.0f ms\n", run, w.pages, w.written, ms_since(t0));
  }
  std::filesystem::remove_all(site);
  return 0;
}
