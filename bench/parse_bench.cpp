// Feed parsing throughput against pugixml's bare DOM parse + walk of the same
// bytes: parse_feed does decoding, entity repair, namespaces, dates, links and
// text extraction on top, and the ratio says what that costs.
#include <benchmark/benchmark.h>

#include <pugixml.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "parsers/parse.hpp"

namespace {

constexpr int k_items = 3000;

// A large RSS 2.0 document in the shape real news feeds have.
std::string make_rss() {
  std::string s =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:atom=\"http://www.w3.org/2005/Atom\">"
      "<channel><title>Bench Times</title><link>https://bench.example/</link>"
      "<description>Generated corpus</description>"
      "<atom:link rel=\"self\" href=\"https://bench.example/rss\"/>\n";
  for (int i = 0; i < k_items; ++i) {
    const std::string n = std::to_string(i);
    s += "<item><title>Report " + n + ": ministry says 1,2" + n +
         " jobs were added &amp; more</title><link>https://bench.example/news/" + n +
         "</link><guid isPermaLink=\"false\">bench-" + n +
         "</guid><pubDate>Tue, 06 Jan 2026 09:30:00 +0100</pubDate><dc:creator>Staff "
         "Writer</dc:creator><category>Economy</category><description>&lt;p&gt;Summary of "
         "report " +
         n + " with a &lt;a href=\"/rel/" + n +
         "\"&gt;link&lt;/a&gt;.&lt;/p&gt;</description><content:encoded><![CDATA[<p>The ministry "
         "said on Tuesday that 12,400 jobs were added in December, up 3.1% from a year "
         "earlier.</p><p>Officials expect growth to continue; unions disputed the figure, "
         "citing 9,800.</p><p>Paragraph three of item " +
         n + " has more words to make it realistic.</p>]]></content:encoded></item>\n";
  }
  return s + "</channel></rss>\n";
}

// A large Atom 1.0 document.
std::string make_atom() {
  std::string s =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
      "xml:base=\"https://bench.example/\"><title>Bench Atom</title><id>urn:bench</id>"
      "<link href=\"/\"/><updated>2026-01-05T10:00:00Z</updated>\n";
  for (int i = 0; i < k_items; ++i) {
    const std::string n = std::to_string(i);
    s += "<entry><title type=\"html\">Entry " + n +
         " &amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt;</title><link rel=\"alternate\" "
         "href=\"/posts/" +
         n + "\"/><id>tag:bench.example,2026:" + n +
         "</id><published>2026-01-04T08:00:00-05:00</published><updated>2026-01-05T10:00:00Z</"
         "updated><author><name>Kim Lee</name><email>kim@bench.example</email></author>"
         "<category term=\"science\"/><summary>Short summary " +
         n +
         "</summary><content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>We "
         "counted <a href=\"tally.html\">312</a> birds on the island, 14% more than last "
         "year.</p><p>Volunteers: 41.</p></div></content></entry>\n";
  }
  return s + "</feed>\n";
}

// The anchor corpus's shape (../shared/perf-anchors.md: 70% RSS 2.0, 30% Atom
// 1.0, 40 items a feed, about 1.1 KB an item), at a tenth of its 2,000 feeds.
constexpr int k_corpus_feeds = 200;
constexpr int k_corpus_items = 40;

// A paragraph of news prose, varied by `n` so no two items are the same.
std::string paragraph(int n) {
  static const char* const k_sentences[] = {
      "The regional office said on Monday that %d people had registered since the spring.",
      "Officials in the capital disputed the count, citing %d as the figure they had seen.",
      "A spokesperson declined to comment on the report, which lists %d separate cases.",
      "Local media reported that at least %d contracts were signed during the last quarter.",
      "Analysts expect the number to rise, although %d applications are still under review."};
  std::string out;
  for (int k = 0; k < 3; ++k) {
    char buf[160];
    std::snprintf(buf, sizeof buf, k_sentences[(n + k) % 5], 100 + (n * 37 + k * 11) % 9000);
    out += (k ? " " : "") + std::string(buf);
  }
  return out;
}

std::string corpus_rss(int feed) {
  const std::string host = "https://news" + std::to_string(feed) + ".example";
  std::string s =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Feed " +
      std::to_string(feed) + "</title><link>" + host + "/</link>" +
      "<description>Regional news</description>\n";
  for (int i = 0; i < k_corpus_items; ++i) {
    const int n = feed * k_corpus_items + i;
    const std::string id = std::to_string(n);
    s += "<item><title>Officials report " + id + " new registrations</title><link>" + host +
         "/news/" + id + "</link><guid>" + host + "/news/" + id +
         "</guid><pubDate>Mon, 05 Jan 2026 1" + std::to_string(i % 10) +
         ":15:00 +0000</pubDate><dc:creator>Desk " + std::to_string(feed % 7) +
         "</dc:creator><category>Region</category><description>" + paragraph(n).substr(0, 120) +
         "&#8230;</description><content:encoded><![CDATA[<p>" + paragraph(n) + "</p><p>" +
         paragraph(n + 1) + " <a href=\"/topics/" + id +
         "\">More</a>.</p>]]></content:encoded></item>\n";
  }
  return s + "</channel></rss>\n";
}

std::string corpus_atom(int feed) {
  const std::string host = "https://blog" + std::to_string(feed) + ".example";
  std::string s =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed "
      "xmlns=\"http://www.w3.org/2005/Atom\"><title>Blog " +
      std::to_string(feed) + "</title><id>" + host + "/</id><link href=\"" + host +
      "/\"/><updated>2026-01-05T10:00:00Z</updated>\n";
  for (int i = 0; i < k_corpus_items; ++i) {
    const int n = feed * k_corpus_items + i;
    const std::string id = std::to_string(n);
    s += "<entry><title>Count " + id + " published</title><link rel=\"alternate\" href=\"" + host +
         "/posts/" + id + "\"/><id>" + host + "/posts/" + id +
         "</id><published>2026-01-04T08:00:00Z</published><updated>2026-01-05T10:" +
         std::to_string(10 + i % 50) + ":00Z</updated><author><name>Author " +
         std::to_string(feed % 5) + "</name></author><summary>" + paragraph(n).substr(0, 120) +
         "</summary><content type=\"html\">&lt;p&gt;" + paragraph(n) + "&lt;/p&gt;&lt;p&gt;" +
         paragraph(n + 1) + "&lt;/p&gt;</content></entry>\n";
  }
  return s + "</feed>\n";
}

std::vector<std::string> make_corpus() {
  std::vector<std::string> feeds;
  for (int f = 0; f < k_corpus_feeds; ++f)
    feeds.push_back(f % 10 < 7 ? corpus_rss(f) : corpus_atom(f));
  return feeds;
}

const std::vector<std::string>& corpus() {
  static const std::vector<std::string> c = make_corpus();
  return c;
}

std::size_t corpus_bytes() {
  std::size_t n = 0;
  for (const std::string& f : corpus()) n += f.size();
  return n;
}

const std::string& rss() {
  static const std::string s = make_rss();
  return s;
}
const std::string& atom() {
  static const std::string s = make_atom();
  return s;
}

// pugixml's DOM parse plus a walk that touches every element and text node.
std::size_t pugixml_parse_walk(const std::string& bytes) {
  pugi::xml_document doc;
  doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_utf8);
  std::size_t n = 0;
  struct Walker : pugi::xml_tree_walker {
    std::size_t* count;
    bool for_each(pugi::xml_node& node) override {
      *count +=
          node.type() == pugi::node_element ? 1 : std::char_traits<char>::length(node.value());
      return true;
    }
  } walker;
  walker.count = &n;
  doc.traverse(walker);
  return n;
}

std::size_t newswatch_parse(const std::string& bytes) {
  nw::parsers::ParseOptions opts;
  opts.url = "https://bench.example/feed";
  return nw::parsers::parse_feed(bytes, opts).entries.size();
}

std::size_t newswatch_parse_corpus() {
  std::size_t n = 0;
  for (const std::string& f : corpus()) n += newswatch_parse(f);
  return n;
}

std::size_t pugixml_parse_walk_corpus() {
  std::size_t n = 0;
  for (const std::string& f : corpus()) n += pugixml_parse_walk(f);
  return n;
}

void report(benchmark::State& state, const std::string& bytes, bool entries) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
  if (entries)
    state.counters["entries/s"] = benchmark::Counter(
        static_cast<double>(state.iterations() * k_items), benchmark::Counter::kIsRate);
}

void BM_ParseFeedRss(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(newswatch_parse(rss()));
  report(state, rss(), true);
}
void BM_PugixmlRss(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(pugixml_parse_walk(rss()));
  report(state, rss(), false);
}
void BM_ParseFeedAtom(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(newswatch_parse(atom()));
  report(state, atom(), true);
}
void BM_PugixmlAtom(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(pugixml_parse_walk(atom()));
  report(state, atom(), false);
}

void BM_ParseFeedCorpus(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(newswatch_parse_corpus());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus_bytes()));
}
void BM_PugixmlCorpus(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(pugixml_parse_walk_corpus());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus_bytes()));
}

BENCHMARK(BM_ParseFeedRss)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PugixmlRss)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseFeedAtom)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PugixmlAtom)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseFeedCorpus)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PugixmlCorpus)->Unit(benchmark::kMillisecond);

// Best-of-N seconds for one call, for the ratio printed at the end.
template <typename F>
double best_seconds(F&& f, int rounds) {
  double best = 1e9;
  for (int i = 0; i < rounds; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(f());
    best = std::min(best,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  for (const auto& [name, doc] : {std::pair{"rss", &rss()}, std::pair{"atom", &atom()}}) {
    const double ours = best_seconds([&] { return newswatch_parse(*doc); }, 15);
    const double bare = best_seconds([&] { return pugixml_parse_walk(*doc); }, 15);
    const double mb = static_cast<double>(doc->size()) / 1e6;
    std::printf(
        "%s: %.1f MB, %d entries: parse_feed %.0f MB/s (%.0f entries/s), pugixml %.0f MB/s, ratio "
        "%.2f\n",
        name, mb, k_items, mb / ours, k_items / ours, mb / bare, bare / ours);
  }
  {
    const double ours = best_seconds(newswatch_parse_corpus, 7);
    const double bare = best_seconds(pugixml_parse_walk_corpus, 7);
    const double mb = static_cast<double>(corpus_bytes()) / 1e6;
    const int entries = k_corpus_feeds * k_corpus_items;
    std::printf(
        "corpus: %.1f MB, %d feeds (70%% RSS, 30%% Atom), %d entries: parse_feed %.0f MB/s (%.0f "
        "entries/s), pugixml %.0f MB/s, ratio %.2f\n",
        mb, k_corpus_feeds, entries, mb / ours, entries / ours, mb / bare, bare / ours);
  }
  return 0;
}
