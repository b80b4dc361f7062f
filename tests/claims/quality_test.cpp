// Scores `newswatch extract` on the shared real articles with claims_eval.py
// (precision and core recall targets of issue 5) and on our own articles.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "claims_test_support.hpp"
#include "support/test_paths.hpp"

namespace nw::claims {
namespace {

constexpr double k_min_precision = 0.95;  // issue 20: the sample articles stay at 0.95
constexpr double k_min_core_recall = 0.95;

TEST(ClaimsQuality, SharedCorpusMeetsTargets) {
  const auto shared = nw::test::shared_dir();
  if (!shared || !std::filesystem::exists(*shared / "tools/claims_eval.py"))
    GTEST_SKIP() << "../shared/tools/claims_eval.py not found; quality not measured";
  const std::string corpus = (*shared / "corpus/claims").string();
  const auto r = nw::test::run_command("python3 " + (*shared / "tools/claims_eval.py").string() +
                                       " --bin " + nw::test::binary().string() + " --texts " +
                                       corpus + " --gold " + corpus + " -v");
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::cout << r.out;
  std::smatch m;
  const std::regex line(R"(precision ([0-9.]+) recall ([0-9.]+) core_recall ([0-9.]+))");
  ASSERT_TRUE(std::regex_search(r.out, m, line)) << r.out;
  const double precision = std::stod(m[1]);
  const double core_recall = std::stod(m[3]);
  RecordProperty("precision", m[1]);
  RecordProperty("recall", m[2]);
  RecordProperty("core_recall", m[3]);
  EXPECT_GE(precision, k_min_precision);
  EXPECT_GE(core_recall, k_min_core_recall);
}

// Our own articles (tests/data/claims/NAME.txt + NAME.jsonl): every listed claim
// is found (subject, metric, value, and source where the gold gives one) and
// nothing else is.
TEST(ClaimsQuality, OwnArticles) {
  const auto dir = nw::test::data_dir() / "claims";
  int articles = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".txt") continue;
    ++articles;
    auto gold_path = entry.path();
    gold_path.replace_extension(".jsonl");
    std::vector<nlohmann::json> gold;
    std::ifstream in(gold_path);
    for (std::string l; std::getline(in, l);)
      if (!l.empty()) gold.push_back(nlohmann::json::parse(l));
    const auto claims = test::recruitment().extract(nw::test::read_file(entry.path()));
    std::vector<bool> used(gold.size());
    for (const Claim& c : claims) {
      bool hit = false;
      for (std::size_t g = 0; g < gold.size() && !hit; ++g) {
        if (used[g] || gold[g]["subject"] != c.subject || gold[g]["metric"] != c.metric) continue;
        if (std::abs(gold[g]["value"].get<double>() - c.value) > 0.01 * c.value) continue;
        used[g] = hit = true;
        // a gold "source" (string or null) is checked too; the shared eval does not score it
        if (gold[g].contains("source")) {
          const auto& want = gold[g]["source"];
          EXPECT_EQ(c.source.value_or("<null>"),
                    want.is_null() ? std::string("<null>") : want.get<std::string>())
              << entry.path().filename() << ": source of " << c.subject << '/' << c.metric << '='
              << c.value;
        }
      }
      EXPECT_TRUE(hit) << entry.path().filename() << ": extra " << c.subject << '/' << c.metric
                       << '=' << c.value << " | " << c.quote;
    }
    for (std::size_t g = 0; g < gold.size(); ++g)
      EXPECT_TRUE(used[g]) << entry.path().filename() << ": missed " << gold[g].dump();
  }
  EXPECT_GT(articles, 0);
}

}  // namespace
}  // namespace nw::claims
