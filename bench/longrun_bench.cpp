// The long run: a database grown over simulated days of polling, with what a
// user would see change as it grows. Each day every feed gains new items (our
// own prose; one in eight states a figure; one in ten is a syndicated copy of
// another feed's item), prepared and ingested as the daemon does (pipeline::
// prepare, then pipeline::ingest in one transaction per 50 feeds, on one
// core). After each day it records ingest throughput (articles per second on
// one core), the day's peak RSS, database bytes per article, and the time of a
// `claims --subject` query, a ledger index request and a group page request
// (report::LivePages, as the daemon serves them). Prints a table and writes
// DIR/longrun.csv and DIR/longrun.svg (report::render_plot).
// Not a test; run by hand (the run is 5M articles: DAYS=50 FEEDS=10000 ITEMS=10):
//   build/bench/longrun_bench [DAYS] [FEEDS] [ITEMS_PER_FEED_PER_DAY] [DIR]
// With NW_LONGRUN_URL=postgresql://... it grows that (empty) PostgreSQL database
// instead, and bytes per article are pg_database_size's (bench/longrun_pg.sh
// starts a throwaway server for it).
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <pqxx/pqxx>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "claims/extractor.hpp"
#include "pipeline/ingest.hpp"
#include "pipeline/prepare.hpp"
#include "report/live.hpp"
#include "report/plot.hpp"
#include "storage/store.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Words are made of three syllables from these (27,000 words): prose with a
// vocabulary as wide as news, so that unrelated items share as few word runs
// (near-duplicate band keys) as real ones do.
const char* const k_syllables[] = {"ba", "ko",  "ri", "tel", "man", "su",  "dor", "vi",
                                   "ne", "pra", "lo", "gan", "ex",  "mi",  "ta",  "ron",
                                   "cu", "sel", "fa", "nor", "pe",  "lin", "o",   "dra",
                                   "ki", "mes", "u",  "zo",  "har", "bel"};
const char* const k_demonyms[] = {"Nepalese",   "Cuban",  "Indian", "Serbian", "Syrian",
                                  "Belarusian", "Kazakh", "Tajik",  "Uzbek",   "Egyptian"};
const char* const k_sources[] = {"officials", "the ministry", "a rights group", "the embassy",
                                 "local media"};

// The text of item `item` of feed `feed` on day `day`: the same every time it
// is made, so a syndicated copy carries the original's words.
std::string item_text(int day, int feed, int item) {
  std::mt19937 rng(static_cast<unsigned>(day * 1'000'003 + feed * 1009 + item));
  std::string out;
  const int sentences = 3 + static_cast<int>(rng() % 4);
  for (int s = 0; s < sentences; ++s) {
    const int words = 8 + static_cast<int>(rng() % 12);
    for (int w = 0; w < words; ++w) {
      std::string word;
      for (int k = 0; k < 3; ++k) word += k_syllables[rng() % std::size(k_syllables)];
      if (w == 0) word[0] = static_cast<char>(word[0] - 'a' + 'A');
      out += (w ? " " : "") + word;
    }
    out += ". ";
  }
  if ((feed + item) % 8 == 0) {
    out += "According to " + std::string(k_sources[rng() % std::size(k_sources)]) + ", " +
           std::to_string(20 + rng() % 2000) + " " + k_demonyms[rng() % std::size(k_demonyms)] +
           " citizens had signed contracts with the Russian army by " +
           std::to_string(2020 + day % 6) + ".";
  }
  return out;
}

nw::parsers::Entry entry(int day, int feed, int feeds, int item, nw::Time at) {
  nw::parsers::Entry e;
  // One in ten items copies another feed's item of the same day, word for word.
  const bool copy = item % 10 == 9;
  const int source_feed = copy ? (feed * 7 + 3) % feeds : feed;
  e.id = "d" + std::to_string(day) + "-f" + std::to_string(feed) + "-" + std::to_string(item);
  e.title = "Story " + std::to_string(source_feed) + "/" + std::to_string(item) + " of day " +
            std::to_string(day);
  e.link = "https://site" + std::to_string(feed % 97) + ".example/" + e.id;
  e.published = at;
  e.text = item_text(day, source_feed, copy ? item - 1 : item);
  e.summary = e.text;
  return e;
}

// The peak resident set since the last reset_peak(), in MiB (VmHWM).
double peak_rss_mib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024;
  }
  return 0;
}

void reset_peak() {
  std::ofstream("/proc/self/clear_refs") << "5";  // Linux 4.0+: VmHWM starts again from now
}

struct Day {
  int day = 0;
  int64_t articles = 0;  // stored after this day
  double ingest_per_s = 0, peak_mib = 0, bytes_per_article = 0;
  double query_ms = 0, index_ms = 0, group_ms = 0;
};

void print_row(std::FILE* out, const Day& d, bool csv) {
  std::fprintf(out,
               csv ? "%d,%lld,%.0f,%.1f,%.0f,%.2f,%.2f,%.2f\n"
                   : "%4d %12lld %14.0f %10.1f %12.0f %10.2f %10.2f %10.2f\n",
               d.day, static_cast<long long>(d.articles), d.ingest_per_s, d.peak_mib,
               d.bytes_per_article, d.query_ms, d.index_ms, d.group_ms);
}

}  // namespace

int main(int argc, char** argv) {
  const int days = argc > 1 ? std::stoi(argv[1]) : 5;
  const int feeds = argc > 2 ? std::stoi(argv[2]) : 200;
  const int items = argc > 3 ? std::stoi(argv[3]) : 20;
  const std::filesystem::path dir = argc > 4 ? argv[4] : "/tmp/nw-longrun";
  std::filesystem::create_directories(dir);
  spdlog::set_level(spdlog::level::warn);  // every alert raised would be a line
  const auto db = dir / "longrun.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
  const char* url = std::getenv("NW_LONGRUN_URL");
  const nw::storage::StoreSpec spec =
      url ? nw::storage::StoreSpec{{}, url, ""} : nw::storage::StoreSpec{db};
  const std::string where = url ? std::string(url) : db.string();
  // the database's bytes on disk: the SQLite file and its WAL, or PostgreSQL's own count
  std::optional<pqxx::connection> sizer;
  if (url) sizer.emplace(url);
  auto database_bytes = [&]() -> double {
    if (sizer) {
      pqxx::nontransaction tx(*sizer);
      return tx.exec1("SELECT pg_database_size(current_database())")[0].as<double>();
    }
    std::error_code ec;
    const auto wal = std::filesystem::file_size(db.string() + "-wal", ec);
    return static_cast<double>(std::filesystem::file_size(db) + (ec ? 0 : wal));
  };

  const auto extractor = nw::claims::Extractor::load({"recruitment"}, dir);
  const auto store = nw::storage::open_store(spec);
  nw::pipeline::IngestPolicy policy;
  policy.alert_targets = {"jsonl"};
  std::vector<int64_t> feed_ids;
  store->transaction([&] {
    for (int f = 0; f < feeds; ++f) {
      feed_ids.push_back(store->ensure_feed("f" + std::to_string(f), "file:///dev/null"));
    }
  });
  nw::report::LivePages live{spec};
  const auto reader = nw::storage::open_store_readonly(spec);
  const nw::Time start = nw::now() - std::chrono::days(days);

  std::printf("%d days x %d feeds x %d items a day, one core, %s\n", days, feeds, items,
              where.c_str());
  std::printf("%4s %12s %14s %10s %12s %10s %10s %10s\n", "day", "articles", "ingest/s/core",
              "peak MiB", "bytes/art", "query ms", "index ms", "group ms");
  std::vector<Day> rows;
  constexpr int k_feeds_per_commit = 50;
  for (int d = 0; d < days; ++d) {
    reset_peak();
    const nw::Time at = start + std::chrono::days(d);
    const auto t0 = Clock::now();
    for (int first = 0; first < feeds; first += k_feeds_per_commit) {
      const int last = std::min(feeds, first + k_feeds_per_commit);
      std::vector<std::vector<nw::pipeline::PreparedArticle>> prepared(last - first);
      for (int f = first; f < last; ++f) {
        for (int i = 0; i < items; ++i) {
          prepared[f - first].push_back(
              nw::pipeline::prepare(entry(d, f, feeds, i, at), at, extractor, "en"));
        }
      }
      store->transaction([&] {
        for (int f = first; f < last; ++f) {
          nw::pipeline::ingest(*store, feed_ids[f], "f" + std::to_string(f), prepared[f - first],
                               policy);
        }
      });
    }
    Day row;
    row.day = d + 1;
    row.ingest_per_s = static_cast<double>(feeds) * items / (ms_since(t0) / 1000);
    row.articles = reader->counts().articles;
    row.bytes_per_article =
        database_bytes() / static_cast<double>(std::max<int64_t>(row.articles, 1));
    auto t = Clock::now();
    const auto found = reader->claims({"Belarus", "", 0, 0, 1000});
    row.query_ms = ms_since(t);
    t = Clock::now();
    live.page("index.html", {});
    row.index_ms = ms_since(t);
    t = Clock::now();
    live.page("group/belarus-recruited-people.html", {});
    row.group_ms = ms_since(t);
    row.peak_mib = peak_rss_mib();
    print_row(stdout, row, false);
    std::fflush(stdout);
    rows.push_back(row);
    (void)found;
  }

  std::FILE* csv = std::fopen((dir / "longrun.csv").c_str(), "w");
  std::fprintf(csv,
               "day,articles,ingest_per_s_per_core,peak_rss_mib,bytes_per_article,"
               "claims_subject_ms,index_ms,group_ms\n");
  for (const auto& r : rows) print_row(csv, r, true);
  std::fclose(csv);

  nw::report::Plot plot{
      "newswatch over " + std::to_string(days) + " simulated days",
      "articles stored",
      {{"articles per second, one core", {{"ingest", {}}}},
       {"bytes per article", {{"database file", {}}}},
       {"milliseconds", {{"claims --subject", {}}, {"index page", {}}, {"group page", {}}}}}};
  for (const auto& r : rows) {
    const auto x = static_cast<double>(r.articles);
    plot.panels[0].series[0].points.emplace_back(x, r.ingest_per_s);
    plot.panels[1].series[0].points.emplace_back(x, r.bytes_per_article);
    plot.panels[2].series[0].points.emplace_back(x, r.query_ms);
    plot.panels[2].series[1].points.emplace_back(x, r.index_ms);
    plot.panels[2].series[2].points.emplace_back(x, r.group_ms);
  }
  std::ofstream(dir / "longrun.svg") << nw::report::render_plot(plot);
  std::printf("wrote %s and %s\n", (dir / "longrun.csv").c_str(), (dir / "longrun.svg").c_str());
  return 0;
}
