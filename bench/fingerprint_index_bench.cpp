// The near-duplicate index at scale: inserts N fingerprints (default 1,000,000)
// into a real SQLite store, then looks up 10,000 unrelated texts and 10,000
// edited copies. Prints ns per lookup, bytes per fingerprint and the
// false-candidate rate. Not a test; run by hand:
//   build/bench/fingerprint_index_bench [N] [DIR] [keep]
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "dedup/fingerprint.hpp"
#include "storage/store.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// A synthetic article body: 150 words drawn from a 20,000-word vocabulary.
std::string random_text(std::mt19937_64& rng) {
  std::string text;
  for (int w = 0; w < 150; ++w) {
    uint64_t x = rng() % 20000;
    text += 'w';
    text += std::to_string(x);
    text += ' ';
  }
  return text;
}

std::vector<int64_t> keys_of(const std::string& text) {
  const auto k = nw::dedup::band_keys(nw::dedup::shingles(text));
  return {k.begin(), k.end()};
}

}  // namespace

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::stol(argv[1]) : 1'000'000;
  const std::filesystem::path dir = argc > 2 ? argv[2] : std::filesystem::temp_directory_path();
  const auto db = dir / "fingerprint_bench.db";
  std::filesystem::remove(db);
  std::filesystem::remove(db.string() + "-wal");
  const auto owned = nw::storage::open_store({db});
  nw::storage::Store& store = *owned;
  const int64_t feed = store.ensure_feed("bench", "file:///dev/null");
  std::mt19937_64 rng(7);
  std::vector<std::string> sample;  // some stored texts, to look up edited copies of

  auto t0 = Clock::now();
  const long batch = 10'000;
  for (long done = 0; done < n; done += batch) {
    store.transaction([&] {
      for (long i = done; i < std::min(n, done + batch); ++i) {
        nw::storage::NewArticle a;
        a.guid = std::to_string(i);
        a.content_hash = a.guid;
        a.fetched_at = nw::now();
        const std::string text = random_text(rng);
        if (i % (n / 10'000 + 1) == 0 && sample.size() < 10'000) sample.push_back(text);
        const int64_t id = store.insert_article(feed, a, std::nullopt).id;
        store.insert_fingerprint(id, a.fetched_at, keys_of(text));
      }
    });
  }
  const double insert_s = std::chrono::duration<double>(Clock::now() - t0).count();

  // Fingerprint bytes: the database with them minus the same rows without them.
  struct stat st {};
  ::stat(db.c_str(), &st);
  const double db_bytes = static_cast<double>(st.st_size);

  std::size_t false_candidates = 0, lookups = 0;
  std::chrono::nanoseconds unrelated_time{0};
  for (int i = 0; i < 10'000; ++i) {
    const auto keys = keys_of(random_text(rng));
    const auto t = Clock::now();
    const auto c = store.near_duplicate_candidates(keys, nw::now());
    unrelated_time += Clock::now() - t;
    false_candidates += !c.empty();
    ++lookups;
  }
  std::size_t found = 0;
  std::chrono::nanoseconds copy_time{0};
  for (const auto& text : sample) {
    // An edited copy: the first 20 words replaced (a new lede or byline).
    std::string copy =
        "By the wire desk in the capital today with more to come from our reporters "
        "who are on the scene ";
    std::size_t pos = 0;
    for (int w = 0; w < 20; ++w) pos = text.find(' ', pos) + 1;
    copy += text.substr(pos);
    const auto keys = keys_of(copy);
    const auto t = Clock::now();
    found += !store.near_duplicate_candidates(keys, nw::now()).empty();
    copy_time += Clock::now() - t;
  }
  std::printf("fingerprints %ld, insert %.1f s (%.1f us each, with the article row)\n", n, insert_s,
              insert_s * 1e6 / static_cast<double>(n));
  std::printf("database %.0f MB; band rows %zu per fingerprint (%zu bytes of keys)\n",
              db_bytes / 1e6, nw::dedup::k_bands, nw::dedup::k_bands * sizeof(int64_t));
  std::printf("lookup, unrelated text: %.0f ns; false-candidate rate %.4f (%zu of %zu)\n",
              static_cast<double>(unrelated_time.count()) / static_cast<double>(lookups),
              static_cast<double>(false_candidates) / static_cast<double>(lookups),
              false_candidates, lookups);
  std::printf("lookup, edited copy: %.0f ns; found %zu of %zu\n",
              static_cast<double>(copy_time.count()) / static_cast<double>(sample.size()), found,
              sample.size());
  if (argc > 3 && std::string(argv[3]) == "keep") {
    // Left for inspection, e.g. sqlite3 DB "SELECT sum(pgsize) FROM dbstat WHERE name LIKE
    // 'fingerprint%'"
    std::printf("kept %s\n", db.c_str());
    return 0;
  }
  std::filesystem::remove(db);
  std::filesystem::remove(db.string() + "-wal");
  std::filesystem::remove(db.string() + "-shm");
  return 0;
}
