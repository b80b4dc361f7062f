// Main-text extraction speed on the 181 real article pages of ../shared's
// article-extraction corpus (skipped when absent), against gumbo's bare parse
// of the same bytes: the difference is what scoring and emitting cost.
#include <benchmark/benchmark.h>
#include <gumbo.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "parsers/parse.hpp"

namespace {

const std::vector<std::string>& pages() {
  static const std::vector<std::string> loaded = [] {
    std::vector<std::string> out;
    const auto dir = std::filesystem::path(NEWSWATCH_SOURCE_DIR) / ".." / "shared" / "corpus" /
                     "articles" / "html";
    if (!std::filesystem::is_directory(dir)) return out;
    for (const auto& f : std::filesystem::directory_iterator(dir)) {
      std::ifstream in(f.path(), std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      out.push_back(s.str());
    }
    return out;
  }();
  return loaded;
}

std::size_t total_bytes() {
  std::size_t n = 0;
  for (const auto& p : pages()) n += p.size();
  return n;
}

void BM_ParsePageWithMainText(benchmark::State& state) {
  if (pages().empty()) {
    state.SkipWithError("../shared/corpus/articles is absent");
    return;
  }
  nw::parsers::ParseOptions opts;
  opts.kind = "page";
  opts.url = "https://bench.example/story";
  for (auto _ : state) {
    for (const auto& p : pages()) benchmark::DoNotOptimize(nw::parsers::parse_feed(p, opts));
  }
  state.counters["pages"] = benchmark::Counter(static_cast<double>(pages().size()),
                                               benchmark::Counter::kIsIterationInvariantRate);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}
BENCHMARK(BM_ParsePageWithMainText)->Unit(benchmark::kMillisecond);

void BM_GumboParseOnly(benchmark::State& state) {
  if (pages().empty()) {
    state.SkipWithError("../shared/corpus/articles is absent");
    return;
  }
  for (auto _ : state) {
    for (const auto& p : pages()) {
      GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, p.data(), p.size());
      benchmark::DoNotOptimize(out->root);
      gumbo_destroy_output(&kGumboDefaultOptions, out);
    }
  }
  state.counters["pages"] = benchmark::Counter(static_cast<double>(pages().size()),
                                               benchmark::Counter::kIsIterationInvariantRate);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes()));
}
BENCHMARK(BM_GumboParseOnly)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
