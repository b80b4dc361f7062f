// Claim extraction throughput (MB/s of article text) with the built-in
// recruitment pack, and the share of sentences the RE2::Set prefilter rejects;
// beside it the two floors it is quoted against: the prefilter pass alone over
// prose (BM_ExtractNoFigures) and the scan floor of ../shared/perf-anchors.md
// (BM_ScanFloor). Run: taskset -c 1 build/bench/extract_bench (target: at
// least 0.25 of the floor, on one core).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "claims/extractor.hpp"
#include "claims/rule_pack.hpp"

namespace {

// Article-like text: mostly prose without figures, some sentences with claims,
// dates, URLs and not-claims, as a news feed delivers them.
std::string make_corpus(std::size_t bytes) {
  static const char* const k_paragraphs[] = {
      "The delegation met officials in the capital on Tuesday to discuss trade, energy and "
      "transport links. "
      "Talks were described as constructive by both sides, and a joint statement is expected next "
      "week. ",
      "Analysts say the economy has slowed since 2022, with inflation eroding wages and the "
      "central bank keeping "
      "rates high. Exporters complain about logistics and the cost of credit. ",
      "Nearly 600 Belarusians signed contracts with the Russian army in the first half of this "
      "year, according to "
      "Ukrainian estimates. At least 96 of them have died, the group said. ",
      "The photo ![A poster](/images/2025/10/03/52179-bel-370_237.webp) shows a recruitment office "
      "in Minsk. "
      "He trained for two weeks and was sent to the front in September 2025. ",
      "Weather services warned of heavy rain across the north, where rivers rose by 40 centimetres "
      "overnight. "
      "Schools in 19 districts were closed as a precaution. ",
      "Iraqi officials estimate that approximately 5,000 of their citizens have joined the Russian "
      "military, and "
      "recruits are offered bonuses of up to $50,000. ",
      "The festival drew large crowds to the old town, where musicians played late into the night "
      "and vendors "
      "sold food from across the region. Organisers plan to extend it next year. ",
      "Scientists published a study on coastal erosion, finding that the shoreline retreated "
      "faster in the last "
      "decade than in the previous century. ",
  };
  std::string out;
  for (std::size_t i = 0; out.size() < bytes; ++i) {
    out += k_paragraphs[i % std::size(k_paragraphs)];
    if (i % 3 == 2) out += "\n";
  }
  return out;
}

void BM_Extract(benchmark::State& state) {
  const auto ex = nw::claims::Extractor::load({"recruitment"});
  const std::string text = make_corpus(static_cast<std::size_t>(state.range(0)));
  nw::claims::ExtractStats stats;
  std::size_t claims = 0;
  for (auto _ : state) {
    auto out = ex.extract(text, {}, &stats);
    claims += out.size();
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["prefilter_rejected"] =
      stats.sentences
          ? 1.0 - static_cast<double>(stats.candidates) / static_cast<double>(stats.sentences)
          : 0.0;
  state.counters["claims_per_doc"] =
      static_cast<double>(claims) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Extract)->Arg(64 << 10)->Arg(1 << 20);

void BM_ExtractNoFigures(benchmark::State& state) {
  // prose only: what most feed text costs
  const auto ex = nw::claims::Extractor::load({"recruitment"});
  std::string text;
  while (text.size() < (1u << 20))
    text += "The delegation met officials in the capital on Tuesday to discuss trade and energy. ";
  for (auto _ : state) benchmark::DoNotOptimize(ex.extract(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ExtractNoFigures);

// Real article text: the 181 ground-truth texts of ../shared/corpus/articles
// (news on every topic) and the claims corpus (articles full of figures).
// Latin letters outnumber Cyrillic ones (counted by lead bytes): an English text.
bool mostly_latin(const std::string& d) {
  std::size_t latin = 0, cyrillic = 0;
  for (char ch : d) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ++latin;
    if (c == 0xD0 || c == 0xD1) ++cyrillic;
  }
  return latin >= cyrillic;
}

// The real article texts below: ground-truth.jsonl of ../shared/corpus/articles
// and the claims corpus; empty without ../shared.
std::vector<std::string> real_articles() {
  const std::filesystem::path shared =
      std::filesystem::path(NEWSWATCH_SOURCE_DIR) / ".." / "shared";
  std::vector<std::string> docs;
  std::ifstream gt(shared / "corpus" / "articles" / "ground-truth.jsonl");
  for (std::string line; std::getline(gt, line);) {
    docs.push_back(nlohmann::json::parse(line).value("text", ""));
  }
  std::error_code absent;  // no ../shared: no documents, and the skip below says why
  for (const auto& e : std::filesystem::directory_iterator(shared / "corpus" / "claims", absent)) {
    if (e.path().extension() != ".txt") continue;
    std::ifstream in(e.path());
    docs.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return docs;
}

void extract_real_articles(benchmark::State& state, bool english_only) {
  std::vector<std::string> docs = real_articles();
  if (english_only) std::erase_if(docs, [](const std::string& d) { return !mostly_latin(d); });
  if (docs.empty()) {
    state.SkipWithError(
        "needs the shared corpora: ../shared/corpus/articles/ground-truth.jsonl and "
        "../shared/corpus/claims/*.txt beside the repository");
    return;
  }
  const auto ex = nw::claims::Extractor::load({"recruitment"});
  std::size_t bytes = 0;
  for (const auto& d : docs) bytes += d.size();
  nw::claims::ExtractStats stats;
  for (auto _ : state) {
    for (const auto& d : docs) benchmark::DoNotOptimize(ex.extract(d, {}, &stats));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["docs"] = static_cast<double>(docs.size());
  state.counters["prefilter_rejected"] =
      stats.sentences
          ? 1.0 - static_cast<double>(stats.candidates) / static_cast<double>(stats.sentences)
          : 0.0;
}
void BM_ExtractRealArticles(benchmark::State& state) {
  extract_real_articles(state, false);
}
BENCHMARK(BM_ExtractRealArticles);

// The same without the Russian and Ukrainian articles: the English pack's speed alone.
void BM_ExtractRealEnglishArticles(benchmark::State& state) {
  extract_real_articles(state, true);
}
BENCHMARK(BM_ExtractRealEnglishArticles);

// The scan floor of ../shared/perf-anchors.md on the same texts: one RE2 pass
// over the raw bytes for numbers and the packs' keywords (each keyword's
// longest word, as the prefilter takes it; all four languages, since the texts
// are in all four), case-insensitive, counting hits. Extraction's speed is
// also quoted as a ratio to this.
void BM_ScanFloor(benchmark::State& state) {
  const std::vector<std::string> docs = real_articles();
  if (docs.empty()) {
    state.SkipWithError("needs the shared corpora beside the repository");
    return;
  }
  std::string words;
  for (const char* lang : {"", "-ru", "-uk", "-be"}) {
    const auto file = std::filesystem::path(NEWSWATCH_SOURCE_DIR) / "rules" /
                      (std::string("recruitment") + lang + ".toml");
    std::ifstream in(file);
    const std::string toml{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    for (const auto& m : nw::claims::parse_rule_pack(toml, file.string()).metrics)
      for (const auto& k : m.keywords) {
        std::string longest, word;
        for (char c : k + " ") {
          if (c == ' ' || c == '*' || c == '#' || c == '?') {
            if (word.size() > longest.size()) longest = word;
            word.clear();
          } else {
            word += c;
          }
        }
        if (!longest.empty()) words += "|" + RE2::QuoteMeta(longest);
      }
  }
  RE2::Options opt;
  opt.set_case_sensitive(false);
  opt.set_max_mem(256 << 20);
  const RE2 scan("\\d[\\d,.]*" + words, opt);
  if (!scan.ok()) {
    state.SkipWithError(scan.error().c_str());
    return;
  }
  std::size_t bytes = 0, hits = 0;
  for (const auto& d : docs) bytes += d.size();
  for (auto _ : state) {
    for (const auto& d : docs) {
      re2::StringPiece in(d);
      while (RE2::FindAndConsume(&in, scan)) ++hits;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["hits_per_pass"] =
      static_cast<double>(hits) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ScanFloor);

}  // namespace

BENCHMARK_MAIN();
