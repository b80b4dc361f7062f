// Reconciling one new claim at scale: stores N claims (default 1,000,000) in
// 10-claim articles across groups of 1,000, plus three groups of 100, 1,000 and
// 10,000 claims, into a real SQLite store; then ingests new one-claim articles
// into each of those groups as a poll would (dedup, insert, judge_claim: the
// group read once, alert kinds, reconciliation, routing) and prints the median
// and 90th percentile time per new claim. The cost follows the group's size,
// not N: compare `record_bench 10000` with `record_bench 1000000`. Not a test;
// run by hand:
//   build/bench/record_bench [N] [DIR]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "pipeline/ingest.hpp"
#include "storage/store.hpp"

namespace {

using Clock = std::chrono::steady_clock;

nw::claims::Claim figure(const std::string& subject, double value, const std::string& source) {
  nw::claims::Claim c;
  c.subject = subject;
  c.metric = "killed";
  c.unit = "people";
  c.value = value;
  c.low = c.high = value;
  c.source = source;
  c.quote = "Some " + std::to_string(static_cast<long>(value)) + " were killed.";
  return c;
}

nw::storage::NewArticle article(const std::string& guid, std::mt19937_64& rng) {
  nw::storage::NewArticle a;
  a.guid = guid;
  a.url = "https://bench.example/" + guid;
  a.canonical_url = a.url;
  a.title = "Story " + guid;
  for (int w = 0; w < 60; ++w) a.text += "w" + std::to_string(rng() % 20000) + " ";
  a.content_hash = "h" + guid;
  a.fetched_at = nw::now();
  a.published = a.fetched_at - std::chrono::seconds(rng() % (365 * 86400));
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);  // one line per raised alert would swamp the output
  const long n = argc > 1 ? std::stol(argv[1]) : 1'000'000;
  const std::filesystem::path dir = argc > 2 ? argv[2] : std::filesystem::temp_directory_path();
  const auto db = dir / "record_bench.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
  const auto owned = nw::storage::open_store({db});
  nw::storage::Store& store = *owned;
  const int64_t feed = store.ensure_feed("bench", "file:///dev/null");
  std::mt19937_64 rng(19);
  std::uniform_real_distribution<double> spread(800, 1200);  // one group's figures

  // The hot groups come first in the claim order, the rest fill up to N.
  const std::vector<std::pair<std::string, long>> hot = {
      {"Hot100", 100}, {"Hot1000", 1000}, {"Hot10000", 10000}};
  std::vector<std::string> subjects;
  for (const auto& [s, size] : hot) subjects.insert(subjects.end(), size, s);
  for (long i = static_cast<long>(subjects.size()); i < n; ++i)
    subjects.push_back("S" + std::to_string(i / 1000));

  const auto t0 = Clock::now();
  const long per_article = 10, batch = 20'000;
  for (long done = 0; done < n; done += batch) {
    store.transaction([&] {
      for (long i = done; i < std::min(n, done + batch); i += per_article) {
        const int64_t id =
            store.insert_article(feed, article("a" + std::to_string(i), rng), std::nullopt).id;
        for (long k = i; k < std::min(n, i + per_article); ++k) {
          store.insert_claim(id, figure(subjects[static_cast<std::size_t>(k)], spread(rng),
                                        "origin " + std::to_string(rng() % 50)));
        }
      }
    });
  }
  const double fill_s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::printf("stored %ld claims in %.1f s\n", n, fill_s);

  nw::pipeline::IngestPolicy policy;
  policy.alert_targets = {"jsonl"};
  constexpr int k_rounds = 41;
  for (const auto& [subject, size] : hot) {
    std::vector<double> ms;
    int alerts = 0;
    for (int r = 0; r < k_rounds; ++r) {
      nw::pipeline::PreparedArticle p;
      p.article = article(subject + "-new-" + std::to_string(r), rng);
      p.body = p.article.text;
      // Every fourth figure far off: those raise alerts and reconcile.
      const double value = r % 4 == 0 ? 5000 + r : spread(rng);
      p.claims = {figure(subject, value, "new origin " + std::to_string(r))};
      std::vector<nw::pipeline::PreparedArticle> one{p};
      const auto start = Clock::now();
      store.transaction(
          [&] { alerts += nw::pipeline::ingest(store, feed, "bench", one, policy).alerts; });
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("group of %6ld claims: median %.2f ms, p90 %.2f ms per new claim (%d alerts)\n",
                size, ms[ms.size() / 2], ms[ms.size() * 9 / 10], alerts);
  }
  std::printf("database: %.0f MB at %s\n",
              static_cast<double>(std::filesystem::file_size(db)) / 1e6, db.c_str());
  return 0;
}
