// `newswatch series` and the rows behind it: one group's figures, dated, with
// the reconciled figure as of each date.
#include "report/series.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "report/report_support.hpp"
#include "support/test_paths.hpp"

namespace nw::report {
namespace {

storage::LedgerClaim claim(int64_t id, double value, const std::string& feed, int day) {
  storage::LedgerClaim c;
  c.id = id;
  c.article_id = id;
  c.feed = feed;
  c.url = "https://" + feed + ".example/" + std::to_string(id);
  c.published =
      Time(std::chrono::sys_days(std::chrono::year{2025} / 3 / 1)) + std::chrono::days(day);
  c.claim.subject = "foreign";
  c.claim.metric = "killed";
  c.claim.unit = "people";
  c.claim.value = value;
  return c;
}

TEST(SeriesTest, EachRowCarriesTheReconciledFigureAsOfItsDate) {
  storage::LedgerData g;
  g.claims = {claim(1, 500, "a", 0), claim(3, 700, "c", 10), claim(2, 520, "b", 1)};
  g.claims.push_back(claim(4, 510, "a", 10));  // a's later figure replaces its first
  const auto rows = build_series(g.claims, {});
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].claim.id, 1);
  EXPECT_EQ(rows[0].reconciled->origins, 1);
  EXPECT_EQ(rows[1].claim.id, 2);
  EXPECT_DOUBLE_EQ(rows[1].reconciled->best, 510);
  EXPECT_FALSE(rows[1].reconciled->disputed);
  // Day 10: two reports the same day share what was known by its end.
  EXPECT_EQ(rows[2].date, rows[3].date);
  for (const auto& r : {rows[2], rows[3]}) {
    EXPECT_EQ(r.reconciled->origins, 3);
    EXPECT_DOUBLE_EQ(r.reconciled->low, 510);
    EXPECT_DOUBLE_EQ(r.reconciled->best, 520);
    EXPECT_DOUBLE_EQ(r.reconciled->high, 700);
    EXPECT_TRUE(r.reconciled->disputed);  // 700 against 510 and 520, the same month
  }
  const std::string csv = series_csv(rows);
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "date,subject,metric,unit,force,period,value,qualifier,low,high,as_of,source,origin,"
            "article_id,version,url,title,feed,claim_id,reconciled_low,reconciled_best,"
            "reconciled_high,origins,disputed");
  EXPECT_NE(csv.find("2025-03-11T00:00:00Z,foreign,killed,people,,,700,exact,,,,,c.example,3,1,"
                     "https://c.example/3,,c,3,510,520,700,3,true\r\n"),
            std::string::npos)
      << csv;
}

TEST(SeriesTest, CsvQuotesWhatNeedsIt) {
  storage::LedgerData g;
  g.claims = {claim(1, 5, "a", 0)};
  g.claims[0].title = "Counts, \"estimates\"";
  EXPECT_NE(series_csv(build_series(g.claims, {})).find(",\"Counts, \"\"estimates\"\"\","),
            std::string::npos);
}

TEST(SeriesCommandTest, CsvJsonAndErrors) {
  test::TempDir dir;
  const auto config = test::poll_report_fixtures(dir).string();
  const std::string nw = test::binary().string() + " series -c " + config;
  const auto csv = test::run_command(nw + " --subject belarus --metric SERVING --csv");
  ASSERT_EQ(csv.status, 0) << csv.err;
  EXPECT_EQ(test::count(csv.out, "\r\n"), 7u);  // a header and six figures
  const auto json = test::run_command(nw + " --subject Belarus --metric serving --json");
  ASSERT_EQ(json.status, 0) << json.err;
  std::istringstream lines(json.out);
  std::string line, last;
  int n = 0;
  while (std::getline(lines, line)) {
    const auto row = nlohmann::json::parse(line);
    EXPECT_TRUE(row.contains("reconciled_best"));
    EXPECT_TRUE(row["origin"].is_string());
    ++n;
    last = line;
  }
  EXPECT_EQ(n, 6);
  // The last figure (Slidstvo.Info's 1,000-1,200) after intelligence's "more than 1,500".
  const auto end = nlohmann::json::parse(last);
  EXPECT_EQ(end["origins"], 4);
  EXPECT_EQ(end["disputed"], true);
  const auto table = test::run_command(nw + " --subject belarus --metric serving");
  EXPECT_NE(table.out.find("disputed"), std::string::npos);
  const auto none = test::run_command(nw + " --subject belarus --metric payment");
  EXPECT_EQ(none.status, 1);
  EXPECT_NE(none.err.find("no figures stored for subject 'belarus', metric 'payment'"),
            std::string::npos);
  EXPECT_EQ(test::run_command(nw + " --subject belarus").status, 2);
}

}  // namespace
}  // namespace nw::report
