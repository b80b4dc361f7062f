// The report's pages and chart: every feed text escaped, only http(s) links,
// charts for one point, many, undated, huge ranges and orders of magnitude.
#include "report/pages.hpp"

#include <gtest/gtest.h>

#include "report/chart.hpp"
#include "report/format.hpp"
#include "report/site.hpp"

namespace nw::report {
namespace {

using namespace std::chrono;

Time day(int y, unsigned m, unsigned d) {
  return Time(sys_days(year(y) / month(m) / d));
}

storage::LedgerClaim report(int64_t id, double value, std::string source,
                            std::optional<Time> date) {
  storage::LedgerClaim r;
  r.id = id;
  r.article_id = id;
  r.url = "https://example.org/a/" + std::to_string(id);
  r.title = "Article " + std::to_string(id);
  r.feed = "desk";
  r.published = date;
  r.claim.subject = "Belarus";
  r.claim.metric = "serving";
  r.claim.unit = "people";
  r.claim.value = value;
  r.claim.source = std::move(source);
  r.claim.quote = "Quote number " + std::to_string(id) + ".";
  return r;
}

std::size_t count(const std::string& s, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = s.find(needle); at != std::string::npos; at = s.find(needle, at + 1)) ++n;
  return n;
}

TEST(ReportFormatTest, EscapesMarkupQuotesAndBadBytes) {
  EXPECT_EQ(escape("<b>\"Tom\" & 'Jerry'</b>"),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;");
  EXPECT_EQ(escape("Беларусь – ok"), "Беларусь – ok");
  EXPECT_EQ(escape(std::string("a\xff"
                               "b\x01")),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
}

TEST(ReportFormatTest, LinksOnlyHttpUrls) {
  EXPECT_EQ(safe_href("https://example.org/a?b=1&c=2"), "https://example.org/a?b=1&c=2");
  EXPECT_EQ(safe_href("HTTP://EXAMPLE.ORG/"), "HTTP://EXAMPLE.ORG/");
  for (const char* bad :
       {"javascript:alert(1)", " javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,<script>",
        "//example.org/", "/relative", "https://example.org/\"onmouseover=\"x",
        "https://exa mple.org/", "vbscript:x", ""}) {
    EXPECT_FALSE(safe_href(bad).has_value()) << bad;
  }
}

TEST(ReportFormatTest, FiguresAndNumbers) {
  EXPECT_EQ(format_number(1031), "1,031");
  EXPECT_EQ(format_number(3000000), "3,000,000");
  EXPECT_EQ(format_number(2.5), "2.5");
  EXPECT_EQ(format_short(1500), "1.5k");
  EXPECT_EQ(format_short(3e6), "3M");
  claims::Claim c;
  c.value = 600;
  c.qualifier = "nearly";
  EXPECT_EQ(format_figure(c), "nearly 600");
  c.qualifier = "range";
  c.low = 1000;
  c.high = 1200;
  c.value = 1000;
  EXPECT_EQ(format_figure(c), "1,000–1,200");
  c.qualifier = "more_than";
  c.low = 550;
  c.high.reset();
  c.value = 550;
  c.unit = "USD";
  EXPECT_EQ(format_figure(c), "more than 550 USD");
}

TEST(ReportPagesTest, EveryFeedTextIsEscapedAndOnlyHttpIsLinked) {
  storage::LedgerData data;
  data.claims = {report(1, 742, "<script>alert('source')</script>", day(2025, 6, 20)),
                 report(2, 1500, "\"><img src=x onerror=alert(1)>", day(2025, 9, 2))};
  data.claims[0].claim.quote = "742 said <script>alert(\"quote\")</script> & more";
  data.claims[0].title = "<iframe src=\"https://evil.example/\"></iframe>";
  data.claims[0].feed = "<b>feed</b>";
  data.claims[1].url = "javascript:alert(document.cookie)";
  data.claims[1].claim.subject = "Bela<rus>";
  data.claims[1].claim.period = "since <em>2022</em>";
  storage::LedgerAlert a;
  a.id = 1;
  a.claim_id = 2;
  a.subject = "Bela<rus>";
  a.metric = "serving";
  a.prior_claims = {1};
  data.alerts = {a};
  const Ledger l = build_ledger(data, {}, day(2026, 1, 1));
  for (const auto& path : page_paths(l)) {
    if (path.ends_with(".csv")) continue;  // data, served as text/csv
    const std::string html = *render_page(l, path);
    EXPECT_EQ(html.find("<script"), std::string::npos) << path;
    EXPECT_EQ(html.find("<img"), std::string::npos) << path;
    EXPECT_EQ(html.find("<iframe"), std::string::npos) << path;
    EXPECT_EQ(html.find("<b>feed"), std::string::npos) << path;
    EXPECT_EQ(html.find("<em>"), std::string::npos) << path;
    EXPECT_EQ(html.find("<rus>"), std::string::npos) << path;
    EXPECT_EQ(html.find("javascript:"), std::string::npos) << path;
    EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos) << path;
  }
  const auto group = *render_page(l, "group/belarus-serving-people.html");
  EXPECT_NE(group.find("742 said &lt;script&gt;alert(&quot;quote&quot;)&lt;/script&gt; &amp; more"),
            std::string::npos);
  EXPECT_NE(group.find("&lt;script&gt;alert(&#39;source&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(group.find("href=\"https://example.org/a/1\""), std::string::npos);
}

TEST(ReportPagesTest, GroupPageHasChartLegendTableAndAlertMarks) {
  storage::LedgerData data;
  data.claims = {report(1, 480, "I Want to Live", day(2024, 11, 12)),
                 report(2, 742, "I Want to Live", day(2025, 6, 20)),
                 report(3, 742, "I Want to Live", day(2025, 6, 21)),
                 report(4, 1500, "Ukrainian military intelligence", day(2025, 9, 2))};
  data.claims[3].claim.qualifier = "more_than";
  data.claims[3].claim.low = 1500;
  storage::LedgerAlert a;
  a.id = 9;
  a.claim_id = 4;
  a.subject = "Belarus";
  a.metric = "serving";
  a.unit = "people";
  a.prior_claims = {2};
  data.alerts = {a};
  const Ledger l = build_ledger(data, {}, day(2026, 1, 1));
  const auto html = *render_page(l, "group/belarus-serving-people.html");
  EXPECT_EQ(count(html, "<svg class=\"chart\""), 1u);
  EXPECT_EQ(count(html, "<tr id=\"f"), 3u);  // the two 742 reports fold into one row
  EXPECT_NE(html.find("2 reports folded"), std::string::npos);
  EXPECT_NE(html.find("×2"), std::string::npos);
  EXPECT_NE(html.find("alert #9 open"), std::string::npos);
  EXPECT_NE(html.find("prior of #9"), std::string::npos);
  EXPECT_NE(html.find("class=\"ring\""), std::string::npos);
  EXPECT_EQ(count(html, "class=\"diverge\""), 1u);
  EXPECT_NE(html.find("Ukrainian military intelligence</li>"), std::string::npos);  // legend
  EXPECT_NE(html.find("more than 1,500"), std::string::npos);
  EXPECT_NE(html.find("href=\"../alerts.html#a9\""), std::string::npos);

  const auto index = *render_page(l, "");
  EXPECT_EQ(index, *render_page(l, "index.html"));
  EXPECT_NE(index.find("href=\"group/belarus-serving-people.html\""), std::string::npos);
  EXPECT_NE(index.find("<span class=\"badge open\">1</span>"), std::string::npos);
  const auto alerts = *render_page(l, "alerts.html");
  EXPECT_NE(alerts.find("id=\"a9\""), std::string::npos);
  EXPECT_FALSE(render_page(l, "group/nope.html").has_value());
  EXPECT_FALSE(render_page(l, "secret.txt").has_value());
}

TEST(ReportChartTest, DrawsOnePointManyPointsAndUndated) {
  storage::LedgerData one;
  one.claims = {report(1, 742, "A", day(2025, 6, 20))};
  Ledger l = build_ledger(one, {}, day(2026, 1, 1));
  Chart c = render_chart(l.groups[0]);
  EXPECT_EQ(count(c.svg, "<g class=\"point\">"), 1u);
  EXPECT_EQ(c.svg.find("nan"), std::string::npos) << c.svg;
  EXPECT_EQ(c.svg.find("inf"), std::string::npos) << c.svg;

  storage::LedgerData many;
  for (int i = 0; i < 3000; ++i) {
    many.claims.push_back(
        report(i + 1, 100 + i, "S" + std::to_string(i % 40), day(2020, 1, 1) + days(i)));
  }
  many.claims.push_back(report(5000, 10, "Undated", std::nullopt));
  many.claims.back().fetched_at = Time{};
  l = build_ledger(many, {}, day(2026, 1, 1));
  c = render_chart(l.groups[0]);
  EXPECT_EQ(count(c.svg, "<g class=\"point\">"), k_max_points);
  EXPECT_NE(c.svg.find(">undated</text>"), std::string::npos);
  EXPECT_NE(c.legend.find("The chart shows the latest 2000 of 3001"), std::string::npos);
  EXPECT_EQ(count(c.legend, "<li>"), 43u);  // 41 sources, the range key and the band
}

TEST(ReportChartTest, LogScaleForOrdersOfMagnitudeAndHugeRanges) {
  storage::LedgerData data;
  data.claims = {report(1, 12, "A", day(2025, 1, 1)), report(2, 3000000, "B", day(2025, 2, 1)),
                 report(3, 10, "C", day(2025, 3, 1))};
  data.claims[2].claim.qualifier = "range";
  data.claims[2].claim.low = 10;
  data.claims[2].claim.high = 1e9;
  const Ledger l = build_ledger(data, {}, day(2026, 1, 1));
  const Chart c = render_chart(l.groups[0]);
  EXPECT_NE(c.svg.find("log scale"), std::string::npos);
  EXPECT_NE(c.svg.find(">1B</text>"), std::string::npos);
  EXPECT_NE(c.svg.find(">10</text>"), std::string::npos);
  EXPECT_EQ(c.svg.find("nan"), std::string::npos);

  storage::LedgerData close;
  close.claims = {report(1, 480, "A", day(2024, 1, 1)), report(2, 742, "B", day(2025, 1, 1))};
  const Chart linear = render_chart(build_ledger(close, {}, day(2026, 1, 1)).groups[0]);
  EXPECT_EQ(linear.svg.find("log scale"), std::string::npos);
  EXPECT_NE(linear.svg.find(">0</text>"), std::string::npos);  // a linear axis starts at zero
}

TEST(ReportSiteTest, RequestTargetsMapToPagePathsOnly) {
  EXPECT_EQ(page_path("/"), "index.html");
  EXPECT_EQ(page_path("/?x=1"), "index.html");
  EXPECT_EQ(page_path("/index.html"), "index.html");
  EXPECT_EQ(page_path("/group/belarus-serving-people.html#f2"),
            "group/belarus-serving-people.html");
  EXPECT_FALSE(page_path("/group/../../etc/passwd").has_value());
  EXPECT_FALSE(page_path("/group/%2e%2e/x.html").has_value());
  EXPECT_FALSE(page_path("group/x.html").has_value());
  EXPECT_FALSE(page_path("http://example.org/").has_value());
}

}  // namespace
}  // namespace nw::report
